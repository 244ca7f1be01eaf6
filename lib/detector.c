/*
 * detector: loading and checking a detector pack (detector.h); the
 * scan itself is in detector_scan.c.
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "detector_impl.h"
#include "keyword.h"
#include "yamldoc.h"

#define WITHIN_MAX 1000		/* lines a requires may span */

/* What loading one file needs. */
struct cctx {
	struct dp_detector_pack *pack;
	struct dp_yamldoc *doc;
	const char *source;
	const char *family;
};

/* Records a problem: to the report function, and the first in pack. */
static void
problem(struct dp_detector_pack *pack, const struct dp_error *e)
{
	if (pack->nproblems++ == 0)
		pack->first = *e;
	if (pack->report != NULL)
		pack->report(e, pack->arg);
}

static int
bad(struct cctx *c, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
bad(struct cctx *c, long line, const char *fmt, ...)
{
	struct dp_error e;
	va_list ap;

	dp_error_clear(&e);
	e.code = DP_ERR_CONFIG;
	snprintf(e.source, sizeof(e.source), "%s", c->source);
	e.line = line;
	va_start(ap, fmt);
	vsnprintf(e.text, sizeof(e.text), fmt, ap);
	va_end(ap);
	problem(c->pack, &e);
	return -1;
}

static int
nomem(struct cctx *c)
{
	struct dp_error e;

	dp_error_set(&e, DP_ERR_NOMEM, c->source, 0, 0, "out of memory");
	problem(c->pack, &e);
	return -1;
}

static void
free_res(pcre2_code **res, size_t n)
{
	while (n > 0)
		pcre2_code_free(res[--n]);
	free(res);
}

static void
detector_free(struct dp_detector *d)
{
	if (d == NULL)
		return;
	free(d->id);
	free(d->title);
	free(d->description);
	free(d->family);
	free(d->source);
	json_decref(d->match);
	json_decref(d->nomatch);
	if (d->priv != NULL) {
		pcre2_code_free(d->priv->re);
		free_res(d->priv->allow, d->priv->nallow);
		free_res(d->priv->paths, d->priv->npaths);
		free(d->priv->requires);
		json_decref(d->priv->keywords);
		free(d->priv);
	}
	free(d);
}

/* Returns 0 when every key of obj is one of the NULL-ended known. */
static int
known_keys(struct cctx *c, const json_t *obj, const char *const *known,
    const char *what)
{
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach((json_t *)obj, key, v) {
		for (i = 0; known[i] != NULL; i++)
			if (strcmp(key, known[i]) == 0)
				break;
		if (known[i] == NULL)
			return bad(c, dp_yamldoc_key_line(c->doc, obj, key),
			    "unknown key '%s' in %s", key, what);
	}
	return 0;
}

/* Returns the non-empty string at key of obj, or NULL after a problem. */
static const char *
need_string(struct cctx *c, const json_t *obj, const char *key, long line)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL) {
		bad(c, line, "missing key '%s'", key);
		return NULL;
	}
	if (!json_is_string(v) || json_string_length(v) == 0) {
		bad(c, dp_yamldoc_key_line(c->doc, obj, key),
		    "'%s' must be a non-empty string", key);
		return NULL;
	}
	return json_string_value(v);
}

static int
dup_string(struct cctx *c, const json_t *obj, const char *key, long line,
    char **out)
{
	const char *s;

	if ((s = need_string(c, obj, key, line)) == NULL)
		return -1;
	if ((*out = strdup(s)) == NULL)
		return nomem(c);
	return 0;
}

static pcre2_code *
compile(struct cctx *c, const json_t *v, long line)
{
	const char *s = json_string_value(v);
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	pcre2_code *re;
	int code;

	re = pcre2_compile((PCRE2_SPTR)s, json_string_length(v),
	    PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &code, &off, NULL);
	if (re == NULL) {
		if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0)
			snprintf((char *)msg, sizeof(msg), "error %d", code);
		bad(c, line, "bad regular expression '%.64s': %s at offset "
		    "%zu", s, (const char *)msg, (size_t)off);
		return NULL;
	}
	/* without JIT (an unsupported CPU) the interpreter is used */
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

/* Compiles the optional list of patterns at key of obj. */
static int
compile_list(struct cctx *c, const json_t *obj, const char *key,
    pcre2_code ***res, size_t *n)
{
	json_t *arr = json_object_get(obj, key), *v;
	size_t i;

	*res = NULL;
	*n = 0;
	if (arr == NULL)
		return 0;
	if (!json_is_array(arr))
		return bad(c, dp_yamldoc_key_line(c->doc, obj, key),
		    "'%s' must be a list of regular expressions", key);
	if ((*res = calloc(json_array_size(arr) + 1, sizeof(**res))) == NULL)
		return nomem(c);
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v))
			return bad(c, dp_yamldoc_item_line(c->doc, arr, i),
			    "'%s' must be a list of regular expressions",
			    key);
		if (((*res)[i] = compile(c, v,
		    dp_yamldoc_item_line(c->doc, arr, i))) == NULL)
			return -1;
		(*n)++;
	}
	return 0;
}

static int
valid_id(const char *s)
{
	return s[strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-")] == '\0';
}

static int
parse_keywords(struct cctx *c, const json_t *obj, struct dp_detector *d)
{
	json_t *arr = json_object_get(obj, "keywords"), *v;
	size_t i;

	if (arr == NULL)
		return bad(c, d->line, "missing key 'keywords'");
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return bad(c, dp_yamldoc_key_line(c->doc, obj, "keywords"),
		    "'keywords' must be a non-empty list of strings");
	json_array_foreach(arr, i, v) {
		if (!json_is_string(v) || json_string_length(v) < 3 ||
		    json_string_length(v) > DP_KEYWORD_LEN_MAX)
			return bad(c, dp_yamldoc_item_line(c->doc, arr, i),
			    "keyword %zu must be a string of 3 to %d bytes",
			    i + 1, DP_KEYWORD_LEN_MAX);
	}
	d->priv->keywords = json_incref(arr);
	return 0;
}

static int
parse_pattern(struct cctx *c, const json_t *obj, struct dp_detector *d)
{
	json_t *v = json_object_get(obj, "pattern");
	long line = dp_yamldoc_key_line(c->doc, obj, "pattern");
	uint32_t groups;
	int g;

	if (need_string(c, obj, "pattern", d->line) == NULL)
		return -1;
	if ((d->priv->re = compile(c, v, line)) == NULL)
		return -1;
	if ((g = pcre2_substring_number_from_name(d->priv->re,
	    (PCRE2_SPTR)"secret")) < 0)
		return bad(c, line, "pattern has no group named 'secret'");
	d->priv->group = (uint32_t)g;
	pcre2_pattern_info(d->priv->re, PCRE2_INFO_CAPTURECOUNT, &groups);
	if (groups + 1 > c->pack->ovector)
		c->pack->ovector = groups + 1;
	return 0;
}

static int
parse_levels(struct cctx *c, const json_t *obj, struct dp_detector *d)
{
	const char *s;
	json_t *v;

	if ((s = need_string(c, obj, "severity", d->line)) == NULL)
		return -1;
	if (dp_rule_severity_parse(s, &d->severity) != 0)
		return bad(c, dp_yamldoc_key_line(c->doc, obj, "severity"),
		    "bad severity '%s' (info, low, medium, high, critical)",
		    s);
	d->confidence = DP_RULE_CONFIDENCE_MEDIUM;
	if (json_object_get(obj, "confidence") != NULL) {
		if ((s = need_string(c, obj, "confidence", d->line)) == NULL)
			return -1;
		if (dp_rule_confidence_parse(s, &d->confidence) != 0)
			return bad(c, dp_yamldoc_key_line(c->doc, obj,
			    "confidence"),
			    "bad confidence '%s' (low, medium, high)", s);
	}
	if ((v = json_object_get(obj, "binary")) != NULL) {
		if (!json_is_boolean(v))
			return bad(c, dp_yamldoc_key_line(c->doc, obj,
			    "binary"), "'binary' must be true or false");
		d->binary = json_is_true(v);
	}
	if ((v = json_object_get(obj, "entropy")) != NULL) {
		if (!json_is_number(v) || json_number_value(v) < 0 ||
		    json_number_value(v) > 8)
			return bad(c, dp_yamldoc_key_line(c->doc, obj,
			    "entropy"), "'entropy' must be a number from 0 "
			    "to 8");
		d->entropy = json_number_value(v);
	}
	return 0;
}

static int
parse_requires(struct cctx *c, const json_t *obj, struct dp_detector *d)
{
	static const char *const known[] = { "detector", "within", NULL };
	json_t *r = json_object_get(obj, "requires"), *w;
	long line = dp_yamldoc_key_line(c->doc, obj, "requires");
	const char *s;

	if (r == NULL)
		return 0;
	if (!json_is_object(r))
		return bad(c, line, "'requires' must be a mapping "
		    "{detector, within}");
	if (known_keys(c, r, known, "requires") != 0)
		return -1;
	if ((s = need_string(c, r, "detector", line)) == NULL)
		return -1;
	if ((w = json_object_get(r, "within")) == NULL)
		return bad(c, line, "missing key 'within'");
	if (!json_is_integer(w) || json_integer_value(w) < 0 ||
	    json_integer_value(w) > WITHIN_MAX)
		return bad(c, dp_yamldoc_key_line(c->doc, r, "within"),
		    "'within' must be a number of lines from 0 to %d",
		    WITHIN_MAX);
	if ((d->priv->requires = strdup(s)) == NULL)
		return nomem(c);
	d->priv->within = (long)json_integer_value(w);
	d->priv->requires_line = line;
	return 0;
}

/* Sets *out to the examples of list key of ex, {text, secret, path, line}. */
static int
parse_example_list(struct cctx *c, const json_t *ex, const char *key,
    long line, json_t **out)
{
	static const char *const known[] = { "text", "secret", "path", NULL };
	json_t *arr = json_object_get(ex, key), *v, *o, *m;
	long iline;
	size_t i;

	if ((*out = json_array()) == NULL)
		return nomem(c);
	if (arr == NULL)
		return bad(c, line, "missing key '%s' in examples", key);
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return bad(c, dp_yamldoc_key_line(c->doc, ex, key),
		    "'%s' must be a non-empty list of examples", key);
	json_array_foreach(arr, i, v) {
		iline = dp_yamldoc_item_line(c->doc, arr, i);
		if (json_is_string(v))
			o = json_pack("{sO}", "text", v);
		else if (json_is_object(v)) {
			if (known_keys(c, v, known, "example") != 0)
				return -1;
			if (need_string(c, v, "text", iline) == NULL)
				return -1;
			if ((m = json_object_get(v, "secret")) != NULL &&
			    (!json_is_string(m) || json_string_length(m) == 0))
				return bad(c, iline, "'secret' must be a "
				    "non-empty string");
			if ((m = json_object_get(v, "path")) != NULL &&
			    !json_is_string(m))
				return bad(c, iline, "'path' must be a string");
			o = json_deep_copy(v);
		} else
			return bad(c, iline, "%s example %zu must be a string "
			    "or a mapping {text, secret, path}", key, i + 1);
		/* json_array_append_new steals o */
		if (o == NULL || json_object_set_new(o, "line",
		    json_integer(iline)) != 0 ||
		    json_array_append_new(*out, o) != 0)
			return nomem(c);
	}
	return 0;
}

static int
parse_examples(struct cctx *c, const json_t *obj, struct dp_detector *d)
{
	static const char *const known[] = { "match", "nomatch", NULL };
	json_t *ex = json_object_get(obj, "examples");
	long line = dp_yamldoc_key_line(c->doc, obj, "examples");

	if (ex == NULL)
		return bad(c, d->line, "missing key 'examples'");
	if (!json_is_object(ex))
		return bad(c, line, "'examples' must be a mapping "
		    "{match, nomatch}");
	if (known_keys(c, ex, known, "examples") != 0)
		return -1;
	if (parse_example_list(c, ex, "match", line, &d->match) != 0 ||
	    parse_example_list(c, ex, "nomatch", line, &d->nomatch) != 0)
		return -1;
	return 0;
}

static int
add_detector(struct cctx *c, struct dp_detector *d)
{
	struct dp_detector_pack *p = c->pack;
	struct dp_detector **dd;

	dd = realloc(p->dets, (p->n + 1) * sizeof(*dd));
	if (dd == NULL)
		return nomem(c);
	p->dets = dd;
	p->dets[p->n++] = d;
	return 0;
}

static int
parse_detector(struct cctx *c, const json_t *obj, long line)
{
	static const char *const known[] = { "id", "title", "description",
		"keywords", "pattern", "entropy", "allow", "paths",
		"requires", "binary", "severity", "confidence", "examples",
		NULL };
	const struct dp_detector *other;
	struct dp_detector *d;

	if (!json_is_object(obj))
		return bad(c, line, "a detector must be a mapping");
	if ((d = calloc(1, sizeof(*d))) == NULL ||
	    (d->priv = calloc(1, sizeof(*d->priv))) == NULL) {
		free(d);
		return nomem(c);
	}
	d->line = line;
	if (known_keys(c, obj, known, "detector") != 0 ||
	    dup_string(c, obj, "id", line, &d->id) != 0)
		goto fail;
	if (!valid_id(d->id)) {
		bad(c, dp_yamldoc_key_line(c->doc, obj, "id"),
		    "bad detector id '%s' (a-z, 0-9 and '-')", d->id);
		goto fail;
	}
	if ((other = dp_detector_pack_find(c->pack, d->id)) != NULL) {
		bad(c, dp_yamldoc_key_line(c->doc, obj, "id"), "detector id "
		    "'%s' already used at %s:%ld", d->id, other->source,
		    other->line);
		goto fail;
	}
	if (dup_string(c, obj, "title", line, &d->title) != 0 ||
	    dup_string(c, obj, "description", line, &d->description) != 0 ||
	    parse_keywords(c, obj, d) != 0 || parse_pattern(c, obj, d) != 0 ||
	    parse_levels(c, obj, d) != 0 ||
	    compile_list(c, obj, "allow", &d->priv->allow,
	    &d->priv->nallow) != 0 ||
	    compile_list(c, obj, "paths", &d->priv->paths,
	    &d->priv->npaths) != 0 ||
	    parse_requires(c, obj, d) != 0 || parse_examples(c, obj, d) != 0)
		goto fail;
	if ((d->family = strdup(c->family)) == NULL ||
	    (d->source = strdup(c->source)) == NULL) {
		nomem(c);
		goto fail;
	}
	if (add_detector(c, d) != 0)
		goto fail;
	return 0;
fail:
	detector_free(d);
	return -1;
}

/* The global allowlist: allow.yml, "allow: [patterns]". */
static int
parse_allow_file(struct cctx *c, const json_t *root)
{
	static const char *const known[] = { "allow", NULL };
	struct dp_detector_pack *p = c->pack;

	if (known_keys(c, root, known, "allow.yml") != 0)
		return -1;
	if (json_object_get(root, "allow") == NULL)
		return bad(c, 1, "missing key 'allow'");
	free_res(p->allow, p->nallow);
	return compile_list(c, root, "allow", &p->allow, &p->nallow);
}

static int
parse_family(struct cctx *c, const json_t *root)
{
	static const char *const known[] = { "family", "detectors", NULL };
	json_t *arr;
	const char *fam;
	size_t i;

	if (known_keys(c, root, known, "detector file") != 0)
		return -1;
	if ((fam = need_string(c, root, "family", 1)) == NULL)
		return -1;
	if (strcmp(fam, c->family) != 0)
		return bad(c, dp_yamldoc_key_line(c->doc, root, "family"),
		    "family '%s' is not the file's name '%s'", fam,
		    c->family);
	arr = json_object_get(root, "detectors");
	if (arr == NULL)
		return bad(c, 1, "missing key 'detectors'");
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return bad(c, dp_yamldoc_key_line(c->doc, root, "detectors"),
		    "'detectors' must be a non-empty list");
	for (i = 0; i < json_array_size(arr); i++)
		(void)parse_detector(c, json_array_get(arr, i),
		    dp_yamldoc_item_line(c->doc, arr, i));
	return 0;
}

static void
load_file(struct dp_detector_pack *pack, const char *dir, const char *name)
{
	struct cctx c = { pack, NULL, NULL, NULL };
	char *source = NULL, *family = NULL;
	struct dp_error e;
	json_t *root;

	if (asprintf(&source, "%s/%s", dir, name) < 0 ||
	    (family = strndup(name, strlen(name) - 4)) == NULL) {
		c.source = "";
		nomem(&c);
		goto out;
	}
	c.source = source;
	c.family = family;
	if ((c.doc = dp_yamldoc_load_file(source, source, NULL, &e)) == NULL) {
		if (e.code == DP_ERR_DATA || e.code == DP_ERR_NOINPUT)
			e.code = DP_ERR_CONFIG;
		problem(pack, &e);
		goto out;
	}
	if (dp_yamldoc_count(c.doc) != 1 ||
	    !json_is_object(root = dp_yamldoc_root(c.doc, 0))) {
		bad(&c, 1, "a detector file must be one mapping");
		goto out;
	}
	if (strcmp(name, "allow.yml") == 0)
		(void)parse_allow_file(&c, root);
	else
		(void)parse_family(&c, root);
out:
	dp_yamldoc_free(c.doc);
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

/* Resolves every requires to the index of its detector. */
static void
resolve(struct dp_detector_pack *pack)
{
	struct dp_detector_private *p;
	struct dp_detector *d;
	struct cctx c = { pack, NULL, NULL, NULL };
	size_t i, j;

	for (i = 0; i < pack->n; i++) {
		d = pack->dets[i];
		p = d->priv;
		if (p->requires == NULL)
			continue;
		c.source = d->source;
		for (j = 0; j < pack->n; j++)
			if (strcmp(pack->dets[j]->id, p->requires) == 0)
				break;
		if (j == pack->n)
			bad(&c, p->requires_line, "detector %s requires "
			    "the missing detector '%s'", d->id, p->requires);
		else if (j == i)
			bad(&c, p->requires_line, "detector %s requires "
			    "itself", d->id);
		else if (pack->dets[j]->priv->requires != NULL)
			bad(&c, p->requires_line, "detector %s requires "
			    "'%s', which has a requires itself", d->id,
			    p->requires);
		else
			p->req = j;
	}
}

static int
build_keywords(struct dp_detector_pack *pack, struct dp_error *e)
{
	json_t *v;
	size_t i, k;

	if ((pack->kw = dp_keyword_new(pack->n, e)) == NULL)
		return -1;
	for (i = 0; i < pack->n; i++)
		json_array_foreach(pack->dets[i]->priv->keywords, k, v)
			if (dp_keyword_add(pack->kw, json_string_value(v),
			    json_string_length(v), i, e) != 0)
				return -1;
	return dp_keyword_compile(pack->kw, e);
}

struct dp_detector_pack *
dp_detector_pack_load(const char *dir, dp_detector_report_fn report,
    void *arg, struct dp_error *err)
{
	struct dp_detector_pack *pack;
	struct dirent **names = NULL;
	struct dp_error e;
	int n, i;

	if ((pack = calloc(1, sizeof(*pack))) == NULL) {
		dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	pack->report = report;
	pack->arg = arg;
	pack->ovector = 1;
	if ((n = scandir(dir, &names, yml_file, by_name)) < 0) {
		dp_error_set(&e, DP_ERR_CONFIG, NULL, 0, 0,
		    "cannot read detectors folder '%s': %s", dir,
		    strerror(errno));
		problem(pack, &e);
		goto out;
	}
	for (i = 0; i < n; i++)
		load_file(pack, dir, names[i]->d_name);
	resolve(pack);
	if (pack->nproblems == 0 && pack->n == 0) {
		dp_error_set(&e, DP_ERR_CONFIG, NULL, 0, 0,
		    "no detectors in '%s'", dir);
		problem(pack, &e);
	}
	if (pack->nproblems == 0 && build_keywords(pack, &e) != 0)
		problem(pack, &e);
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (pack->nproblems > 0) {
		if (err != NULL)
			*err = pack->first;
		dp_detector_pack_free(pack);
		return NULL;
	}
	return pack;
}

void
dp_detector_pack_free(struct dp_detector_pack *pack)
{
	size_t i;

	if (pack == NULL)
		return;
	for (i = 0; i < pack->n; i++)
		detector_free(pack->dets[i]);
	free(pack->dets);
	free_res(pack->allow, pack->nallow);
	dp_keyword_free(pack->kw);
	free(pack);
}

size_t
dp_detector_pack_count(const struct dp_detector_pack *pack)
{
	return pack->n;
}

size_t
dp_detector_pack_binary(const struct dp_detector_pack *pack)
{
	size_t i, n = 0;

	for (i = 0; i < pack->n; i++)
		n += pack->dets[i]->binary != 0;
	return n;
}

const struct dp_detector *
dp_detector_pack_get(const struct dp_detector_pack *pack, size_t i)
{
	return pack->dets[i];
}

const struct dp_detector *
dp_detector_pack_find(const struct dp_detector_pack *pack, const char *id)
{
	size_t i;

	for (i = 0; i < pack->n; i++)
		if (strcmp(pack->dets[i]->id, id) == 0)
			return pack->dets[i];
	return NULL;
}
