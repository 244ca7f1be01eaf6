/*
 * packload: the folder, the files and the shared keys of a content pack
 * (packload.h).
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "packload.h"

void
dp_packload_init(struct dp_packload *pl, const char *what,
    dp_packload_report_fn report, void *arg)
{
	memset(pl, 0, sizeof(*pl));
	pl->what = what;
	pl->report = report;
	pl->arg = arg;
	dp_error_clear(&pl->first);
}

void
dp_packload_problem(struct dp_packload *pl, const struct dp_error *e)
{
	if (pl->nproblems++ == 0)
		pl->first = *e;
	if (pl->report != NULL)
		pl->report(e, pl->arg);
}

int
dp_packload_bad(struct dp_packload *pl, long line, const char *fmt, ...)
{
	struct dp_error e;
	va_list ap;

	dp_error_clear(&e);
	e.code = DP_ERR_CONFIG;
	snprintf(e.source, sizeof(e.source), "%s",
	    pl->source != NULL ? pl->source : "");
	e.line = line;
	va_start(ap, fmt);
	vsnprintf(e.text, sizeof(e.text), fmt, ap);
	va_end(ap);
	dp_packload_problem(pl, &e);
	return -1;
}

int
dp_packload_nomem(struct dp_packload *pl)
{
	struct dp_error e;

	dp_error_set(&e, DP_ERR_NOMEM, pl->source, 0, 0, "out of memory");
	dp_packload_problem(pl, &e);
	return -1;
}

static void
load_file(struct dp_packload *pl, const char *dir, const char *name,
    dp_packload_file_fn fn, void *arg)
{
	char *source = NULL, *family = NULL;
	struct dp_error e;
	json_t *root;

	if (asprintf(&source, "%s/%s", dir, name) < 0 ||
	    (family = strndup(name, strlen(name) - 4)) == NULL) {
		pl->source = "";
		dp_packload_nomem(pl);
		goto out;
	}
	pl->source = source;
	pl->family = family;
	if ((pl->doc = dp_yamldoc_load_file(source, source, NULL, &e)) ==
	    NULL) {
		if (e.code == DP_ERR_DATA || e.code == DP_ERR_NOINPUT)
			e.code = DP_ERR_CONFIG;
		dp_packload_problem(pl, &e);
		goto out;
	}
	if (dp_yamldoc_count(pl->doc) != 1 ||
	    !json_is_object(root = dp_yamldoc_root(pl->doc, 0))) {
		dp_packload_bad(pl, 1, "a %s file must be one mapping",
		    pl->what);
		goto out;
	}
	(void)fn(pl, name, root, arg);
out:
	dp_yamldoc_free(pl->doc);
	pl->doc = NULL;
	pl->source = NULL;
	pl->family = NULL;
	free(source);
	free(family);
}

static int
yml_file(const struct dirent *de)
{
	size_t n = strlen(de->d_name);

	return de->d_name[0] != '.' && n > 4 &&
	    strcmp(de->d_name + n - 4, ".yml") == 0;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int
dp_packload_dir(struct dp_packload *pl, const char *dir,
    dp_packload_file_fn fn, void *arg)
{
	struct dirent **names = NULL;
	struct dp_error e;
	int n, i;

	if ((n = scandir(dir, &names, yml_file, by_name)) < 0) {
		dp_error_set(&e, DP_ERR_CONFIG, NULL, 0, 0,
		    "cannot read %ss folder '%s': %s", pl->what, dir,
		    strerror(errno));
		dp_packload_problem(pl, &e);
		return -1;
	}
	for (i = 0; i < n; i++)
		load_file(pl, dir, names[i]->d_name, fn, arg);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return 0;
}

int
dp_packload_family(struct dp_packload *pl, const json_t *root,
    const char *list, dp_packload_item_fn fn, void *arg)
{
	const char *known[] = { "family", list, NULL };
	char what[64];
	json_t *arr;
	const char *fam;
	size_t i;

	snprintf(what, sizeof(what), "%s file", pl->what);
	if (dp_packload_known_keys(pl, root, known, what) != 0)
		return -1;
	if ((fam = dp_packload_string(pl, root, "family", 1)) == NULL)
		return -1;
	if (strcmp(fam, pl->family) != 0)
		return dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc, root,
		    "family"), "family '%s' is not the file's name '%s'", fam,
		    pl->family);
	if ((arr = json_object_get(root, list)) == NULL)
		return dp_packload_bad(pl, 1, "missing key '%s'", list);
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc, root,
		    list), "'%s' must be a non-empty list", list);
	for (i = 0; i < json_array_size(arr); i++)
		(void)fn(pl, json_array_get(arr, i),
		    dp_yamldoc_item_line(pl->doc, arr, i), arg);
	return 0;
}

int
dp_packload_known_keys(struct dp_packload *pl, const json_t *obj,
    const char *const *known, const char *what)
{
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach((json_t *)obj, key, v) {
		for (i = 0; known[i] != NULL; i++)
			if (strcmp(key, known[i]) == 0)
				break;
		if (known[i] == NULL)
			return dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc,
			    obj, key), "unknown key '%s' in %s", key, what);
	}
	return 0;
}

const char *
dp_packload_string(struct dp_packload *pl, const json_t *obj,
    const char *key, long line)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL) {
		dp_packload_bad(pl, line, "missing key '%s'", key);
		return NULL;
	}
	if (!json_is_string(v) || json_string_length(v) == 0) {
		dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc, obj, key),
		    "'%s' must be a non-empty string", key);
		return NULL;
	}
	return json_string_value(v);
}

int
dp_packload_strdup(struct dp_packload *pl, const json_t *obj,
    const char *key, long line, char **out)
{
	const char *s;

	if ((s = dp_packload_string(pl, obj, key, line)) == NULL)
		return -1;
	if ((*out = strdup(s)) == NULL)
		return dp_packload_nomem(pl);
	return 0;
}

int
dp_packload_id(struct dp_packload *pl, const json_t *obj, long line,
    char **out)
{
	if (dp_packload_strdup(pl, obj, "id", line, out) != 0)
		return -1;
	if ((*out)[strspn(*out, "abcdefghijklmnopqrstuvwxyz0123456789-")] !=
	    '\0')
		return dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc, obj,
		    "id"), "bad %s id '%s' (a-z, 0-9 and '-')", pl->what,
		    *out);
	return 0;
}

int
dp_packload_levels(struct dp_packload *pl, const json_t *obj, long line,
    enum dp_rule_severity *severity, enum dp_rule_confidence *confidence)
{
	const char *s;

	if ((s = dp_packload_string(pl, obj, "severity", line)) == NULL)
		return -1;
	if (dp_rule_severity_parse(s, severity) != 0)
		return dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc, obj,
		    "severity"), "bad severity '%s' (info, low, medium, high, "
		    "critical)", s);
	*confidence = DP_RULE_CONFIDENCE_MEDIUM;
	if (json_object_get(obj, "confidence") == NULL)
		return 0;
	if ((s = dp_packload_string(pl, obj, "confidence", line)) == NULL)
		return -1;
	if (dp_rule_confidence_parse(s, confidence) != 0)
		return dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc, obj,
		    "confidence"), "bad confidence '%s' (low, medium, high)",
		    s);
	return 0;
}

pcre2_code *
dp_packload_regex(struct dp_packload *pl, const json_t *v, long line,
    uint32_t options)
{
	const char *s = json_string_value(v);
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	pcre2_code *re;
	int code;

	re = pcre2_compile((PCRE2_SPTR)s, json_string_length(v), options,
	    &code, &off, NULL);
	if (re == NULL) {
		if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", code);
		dp_packload_bad(pl, line, "bad regular expression '%.64s': %s "
		    "at offset %zu", s, (const char *)msg, (size_t)off);
		return NULL;
	}
	/* without JIT (an unsupported CPU) the interpreter is used */
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

int
dp_packload_regex_list(struct dp_packload *pl, const json_t *obj,
    const char *key, uint32_t options, pcre2_code ***res, size_t *n)
{
	json_t *arr = json_object_get(obj, key), *v;
	size_t i;

	*res = NULL;
	*n = 0;
	if (arr == NULL)
		return 0;
	if (!json_is_array(arr))
		return dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc, obj,
		    key), "'%s' must be a list of regular expressions", key);
	if ((*res = calloc(json_array_size(arr) + 1, sizeof(**res))) == NULL)
		return dp_packload_nomem(pl);
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v))
			return dp_packload_bad(pl, dp_yamldoc_item_line(pl->doc,
			    arr, i), "'%s' must be a list of regular "
			    "expressions", key);
		if (((*res)[i] = dp_packload_regex(pl, v,
		    dp_yamldoc_item_line(pl->doc, arr, i), options)) == NULL)
			return -1;
		(*n)++;
	}
	return 0;
}

void
dp_packload_regex_free(pcre2_code **res, size_t n)
{
	while (n > 0)
		pcre2_code_free(res[--n]);
	free(res);
}

/* Writes "{a, b, c}" of the NULL-ended keys into buf. */
static void
key_list(const char *const *keys, char *buf, size_t size)
{
	size_t i, n = 0;

	n += (size_t)snprintf(buf, size, "{");
	for (i = 0; keys[i] != NULL && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s",
		    i > 0 ? ", " : "", keys[i]);
	if (n < size)
		snprintf(buf + n, size - n, "}");
}

/* Returns a new example object for item i of arr, or NULL (a problem). */
static json_t *
example(struct dp_packload *pl, const json_t *arr, size_t i,
    const char *list, const char *const *known)
{
	json_t *v = json_array_get(arr, i), *o;
	long line = dp_yamldoc_item_line(pl->doc, arr, i);
	const char *key;
	char keys[128];
	json_t *m;

	if (json_is_string(v))
		o = json_pack("{sO}", known[0], v);
	else if (json_is_object(v)) {
		if (dp_packload_known_keys(pl, v, known, "example") != 0 ||
		    dp_packload_string(pl, v, known[0], line) == NULL)
			return NULL;
		json_object_foreach(v, key, m)
			if (dp_packload_string(pl, v, key, line) == NULL)
				return NULL;
		o = json_deep_copy(v);
	} else {
		key_list(known, keys, sizeof(keys));
		dp_packload_bad(pl, line, "%s example %zu must be a string "
		    "or a mapping %s", list, i + 1, keys);
		return NULL;
	}
	/* json_object_set_new steals the integer */
	if (o == NULL || json_object_set_new(o, "line",
	    json_integer(line)) != 0) {
		json_decref(o);
		dp_packload_nomem(pl);
		return NULL;
	}
	return o;
}

/* Sets *out to the examples of list key of ex. */
static int
example_list(struct dp_packload *pl, const json_t *ex, const char *key,
    long line, const char *const *known, json_t **out)
{
	json_t *arr = json_object_get(ex, key), *o;
	size_t i;

	if ((*out = json_array()) == NULL)
		return dp_packload_nomem(pl);
	if (arr == NULL)
		return dp_packload_bad(pl, line, "missing key '%s' in examples",
		    key);
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return dp_packload_bad(pl, dp_yamldoc_key_line(pl->doc, ex,
		    key), "'%s' must be a non-empty list of examples", key);
	for (i = 0; i < json_array_size(arr); i++) {
		if ((o = example(pl, arr, i, key, known)) == NULL)
			return -1;
		/* json_array_append_new steals o */
		if (json_array_append_new(*out, o) != 0)
			return dp_packload_nomem(pl);
	}
	return 0;
}

int
dp_packload_examples(struct dp_packload *pl, const json_t *obj, long line,
    const char *const *known, json_t **match, json_t **nomatch)
{
	static const char *const lists[] = { "match", "nomatch", NULL };
	json_t *ex = json_object_get(obj, "examples");
	long exline = dp_yamldoc_key_line(pl->doc, obj, "examples");

	*match = NULL;
	*nomatch = NULL;
	if (ex == NULL)
		return dp_packload_bad(pl, line, "missing key 'examples'");
	if (!json_is_object(ex))
		return dp_packload_bad(pl, exline, "'examples' must be a "
		    "mapping {match, nomatch}");
	if (dp_packload_known_keys(pl, ex, lists, "examples") != 0)
		return -1;
	if (example_list(pl, ex, "match", exline, known, match) != 0 ||
	    example_list(pl, ex, "nomatch", exline, known, nomatch) != 0)
		return -1;
	return 0;
}
