#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "detection.h"
#include "rule.h"
#include "yamldoc.h"

#define FOLDER_DEPTH_MAX 16
#define ID_MAX 128

struct dp_rule_test {
	json_t *ev;
	long line;
	int expect;		/* 1: must match, 0: must not */
	size_t index;		/* 1-based in its list */
};

struct dp_ruleset {
	struct dp_rule **rules;
	const struct dp_rule **matched;
	size_t n, cap;
	dp_rule_report_fn report;
	void *arg;
	struct dp_detection_scratch *scratch;
};

/* What compiling one rule needs to say where a problem is. */
struct cctx {
	const struct dp_yamldoc *doc;
	const char *source;
	struct dp_error *err;
};

static const char *const severities[] = { "info", "low", "medium", "high",
    "critical" };
static const char *const confidences[] = { "low", "medium", "high" };

static int
lookup(const char *s, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

int
dp_rule_severity_parse(const char *s, enum dp_rule_severity *out)
{
	int i = lookup(s, severities, 5);

	if (i < 0)
		return -1;
	*out = (enum dp_rule_severity)i;
	return 0;
}

int
dp_rule_confidence_parse(const char *s, enum dp_rule_confidence *out)
{
	int i = lookup(s, confidences, 3);

	if (i < 0)
		return -1;
	*out = (enum dp_rule_confidence)i;
	return 0;
}

const char *
dp_rule_severity_name(enum dp_rule_severity s)
{
	return (unsigned)s < 5 ? severities[s] : "unknown";
}

const char *
dp_rule_confidence_name(enum dp_rule_confidence c)
{
	return (unsigned)c < 3 ? confidences[c] : "unknown";
}

static int
bad(struct cctx *c, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
bad(struct cctx *c, long line, const char *fmt, ...)
{
	va_list ap;

	dp_error_set(c->err, DP_ERR_CONFIG, c->source, line, 0, "%s", "");
	va_start(ap, fmt);
	vsnprintf(c->err->text, sizeof(c->err->text), fmt, ap);
	va_end(ap);
	return -1;
}

static int
nomem(struct cctx *c)
{
	return dp_error_set(c->err, DP_ERR_NOMEM, c->source, 0, 0,
	    "out of memory");
}

static void
rule_free(struct dp_rule *r)
{
	size_t i;

	if (r == NULL)
		return;
	free(r->id);
	free(r->title);
	free(r->description);
	free(r->remediation);
	json_decref(r->tags);
	json_decref(r->controls);
	json_decref(r->falsepositives);
	free(r->path);
	free(r->source);
	dp_detection_free(r->detection);
	for (i = 0; i < r->ntests; i++)
		json_decref(r->tests[i].ev);
	free(r->tests);
	free(r);
}

/* ---- tests ---- */

static int
compile_tests(struct cctx *c, struct dp_rule *r, const json_t *rule)
{
	static const char *const lists[] = { "match", "nomatch" };
	const json_t *tests = json_object_get(rule, "tests");
	const char *key;
	json_t *list, *ev;
	size_t i, n = 0;
	long line;
	int k;

	if (tests == NULL)
		return 0;
	line = dp_yamldoc_key_line(c->doc, rule, "tests");
	if (!json_is_object(tests))
		return bad(c, line, "'tests' must be a mapping");
	json_object_foreach((json_t *)tests, key, list) {
		line = dp_yamldoc_key_line(c->doc, tests, key);
		if (lookup(key, lists, 2) < 0)
			return bad(c, line, "unknown key '%.64s' in 'tests'",
			    key);
		if (!json_is_array(list))
			return bad(c, line, "'%s' must be a list of events",
			    key);
		n += json_array_size(list);
	}
	if ((r->tests = calloc(n + 1, sizeof(*r->tests))) == NULL)
		return nomem(c);
	for (k = 0; k < 2; k++) {
		list = json_object_get(tests, lists[k]);
		json_array_foreach(list, i, ev) {
			line = dp_yamldoc_item_line(c->doc, list, i);
			if (!json_is_object(ev))
				return bad(c, line, "test event must be a "
				    "mapping");
			r->tests[r->ntests].ev = json_incref(ev);
			r->tests[r->ntests].line = line;
			r->tests[r->ntests].expect = k == 0;
			r->tests[r->ntests].index = i + 1;
			r->ntests++;
		}
	}
	return 0;
}

/* ---- the rule's other keys ---- */

static int
check_keys(struct cctx *c, const json_t *rule)
{
	static const char *const known[] = { "id", "title", "description",
	    "severity", "confidence", "tags", "controls", "remediation",
	    "falsepositives", "detection", "tests", "status", "author",
	    "date", "modified", "references", "logsource", "related",
	    "license" };
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)rule, key, v)
		if (lookup(key, known, sizeof(known) / sizeof(known[0])) < 0)
			return bad(c, dp_yamldoc_key_line(c->doc, rule, key),
			    "unknown key '%.64s'", key);
	return 0;
}

/* Copies the string at key into *out; NULL when it is not there. */
static int
get_string(struct cctx *c, const json_t *rule, const char *key,
    int required, char **out)
{
	const json_t *v = json_object_get(rule, key);

	if (v == NULL) {
		if (required)
			return bad(c, dp_yamldoc_line(c->doc, rule),
			    "missing '%s'", key);
		return 0;
	}
	if (!json_is_string(v) || (required && json_string_length(v) == 0))
		return bad(c, dp_yamldoc_key_line(c->doc, rule, key),
		    "'%s' must be a non-empty string", key);
	if ((*out = strdup(json_string_value(v))) == NULL)
		return nomem(c);
	return 0;
}

/* Copies the list of strings at key into *out (an empty one if none). */
static int
get_list(struct cctx *c, const json_t *rule, const char *key, json_t **out)
{
	const json_t *v = json_object_get(rule, key);
	const char *s, *colon;
	json_t *item;
	size_t i;

	if ((*out = json_array()) == NULL)
		return nomem(c);
	if (v == NULL)
		return 0;
	if (!json_is_array(v))
		return bad(c, dp_yamldoc_key_line(c->doc, rule, key),
		    "'%s' must be a list of strings", key);
	json_array_foreach(v, i, item) {
		if ((s = json_string_value(item)) == NULL || *s == '\0')
			return bad(c, dp_yamldoc_item_line(c->doc, v, i),
			    "'%s' item %zu must be a non-empty string", key,
			    i + 1);
		colon = strchr(s, ':');
		if (strcmp(key, "controls") == 0 && (colon == NULL ||
		    colon == s || colon[1] == '\0'))
			return bad(c, dp_yamldoc_item_line(c->doc, v, i),
			    "bad control '%.64s' (expected framework:control)",
			    s);
		/* json_array_append_new steals the new string */
		if (json_array_append_new(*out, json_string(s)) != 0)
			return nomem(c);
	}
	return 0;
}

static int
valid_id(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > ID_MAX || !((*s >= 'a' && *s <= 'z') ||
	    (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789._-") == n;
}

static int
get_level(struct cctx *c, const json_t *rule, struct dp_rule *r)
{
	char *s = NULL;
	int rc = -1;

	if (get_string(c, rule, "severity", 1, &s) != 0)
		return -1;
	if (dp_rule_severity_parse(s, &r->severity) != 0) {
		bad(c, dp_yamldoc_key_line(c->doc, rule, "severity"),
		    "bad severity '%.64s' (info, low, medium, high or "
		    "critical)", s);
		goto out;
	}
	free(s);
	s = NULL;
	r->confidence = DP_RULE_CONFIDENCE_MEDIUM;
	if (get_string(c, rule, "confidence", 0, &s) != 0)
		goto out;
	if (s != NULL && dp_rule_confidence_parse(s, &r->confidence) != 0) {
		bad(c, dp_yamldoc_key_line(c->doc, rule, "confidence"),
		    "bad confidence '%.64s' (low, medium or high)", s);
		goto out;
	}
	rc = 0;
out:
	free(s);
	return rc;
}

static struct dp_rule *
compile_rule(struct cctx *c, const json_t *rule, const char *path)
{
	struct dp_rule *r;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		nomem(c);
		return NULL;
	}
	r->line = dp_yamldoc_line(c->doc, rule);
	if ((r->path = strdup(path)) == NULL ||
	    (r->source = strdup(c->source)) == NULL) {
		nomem(c);
		goto fail;
	}
	if (!json_is_object(rule)) {
		bad(c, r->line, "a rule must be a mapping");
		goto fail;
	}
	if (check_keys(c, rule) != 0 ||
	    get_string(c, rule, "id", 1, &r->id) != 0)
		goto fail;
	if (!valid_id(r->id)) {
		bad(c, dp_yamldoc_key_line(c->doc, rule, "id"),
		    "bad rule id '%.64s' (letters, digits, '.', '_' and '-')",
		    r->id);
		goto fail;
	}
	if (get_string(c, rule, "title", 1, &r->title) != 0 ||
	    get_level(c, rule, r) != 0 ||
	    get_string(c, rule, "description", 0, &r->description) != 0 ||
	    get_string(c, rule, "remediation", 0, &r->remediation) != 0 ||
	    get_list(c, rule, "tags", &r->tags) != 0 ||
	    get_list(c, rule, "controls", &r->controls) != 0 ||
	    get_list(c, rule, "falsepositives", &r->falsepositives) != 0)
		goto fail;
	if (json_object_get(rule, "detection") == NULL) {
		bad(c, r->line, "missing 'detection'");
		goto fail;
	}
	r->detection = dp_detection_compile(c->doc,
	    json_object_get(rule, "detection"),
	    dp_yamldoc_key_line(c->doc, rule, "detection"), c->err);
	if (r->detection == NULL || compile_tests(c, r, rule) != 0)
		goto fail;
	return r;
fail:
	rule_free(r);
	return NULL;
}

/* ---- rule sets ---- */

struct dp_ruleset *
dp_ruleset_new(dp_rule_report_fn report, void *arg, struct dp_error *err)
{
	struct dp_ruleset *rs;

	if ((rs = calloc(1, sizeof(*rs))) == NULL)
		goto fail;
	rs->report = report;
	rs->arg = arg;
	if ((rs->scratch = dp_detection_scratch_new(NULL)) == NULL)
		goto fail;
	return rs;
fail:
	dp_ruleset_free(rs);
	dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
	return NULL;
}

void
dp_ruleset_free(struct dp_ruleset *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->n; i++)
		rule_free(rs->rules[i]);
	free(rs->rules);
	free(rs->matched);
	dp_detection_scratch_free(rs->scratch);
	free(rs);
}

/* Passes a problem on; the first of a call goes to err as well. */
static void
problem(struct dp_ruleset *rs, const struct dp_error *e,
    struct dp_error *err, int *nproblems)
{
	if (rs->report != NULL)
		rs->report(e, rs->arg);
	if ((*nproblems)++ == 0 && err != NULL)
		*err = *e;
}

static int
append(struct dp_ruleset *rs, struct dp_rule *r, struct dp_error *e)
{
	const struct dp_rule **m;
	struct dp_rule **nr;
	size_t i, cap;

	for (i = 0; i < rs->n; i++)
		if (strcmp(rs->rules[i]->id, r->id) == 0)
			return dp_error_set(e, DP_ERR_CONFIG, r->source,
			    r->line, 0, "duplicate rule id '%s' (also in "
			    "%s:%ld)", r->id, rs->rules[i]->source,
			    rs->rules[i]->line);
	if (rs->n == rs->cap) {
		cap = rs->cap == 0 ? 16 : rs->cap * 2;
		if ((nr = realloc(rs->rules, cap * sizeof(*nr))) == NULL)
			goto nomem;
		rs->rules = nr;
		if ((m = realloc(rs->matched, cap * sizeof(*m))) == NULL)
			goto nomem;
		rs->matched = m;
		rs->cap = cap;
	}
	rs->rules[rs->n++] = r;
	return 0;
nomem:
	return dp_error_set(e, DP_ERR_NOMEM, r->source, 0, 0, "out of memory");
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Adds the rules of doc (freed here), or reports why doc is NULL. */
static int
add_doc(struct dp_ruleset *rs, struct dp_yamldoc *doc, const char *source,
    const char *path, struct dp_error *e, struct dp_error *err)
{
	struct cctx c = { doc, source, e };
	struct dp_rule *r;
	json_t *root;
	int nproblems = 0;
	size_t i;

	if (doc == NULL) {
		if (e->code != DP_ERR_NOMEM)
			e->code = DP_ERR_CONFIG;
		problem(rs, e, err, &nproblems);
		return -1;
	}
	for (i = 0; i < dp_yamldoc_count(doc); i++) {
		root = dp_yamldoc_root(doc, i);
		if (json_is_null(root))
			continue;
		if ((r = compile_rule(&c, root, path)) == NULL) {
			problem(rs, e, err, &nproblems);
			continue;
		}
		if (append(rs, r, e) != 0) {
			rule_free(r);
			problem(rs, e, err, &nproblems);
		}
	}
	dp_yamldoc_free(doc);
	return nproblems == 0 ? 0 : -1;
}

int
dp_ruleset_add_buffer(struct dp_ruleset *rs, const char *source,
    const char *path, const char *buf, size_t len, struct dp_error *err)
{
	struct dp_yamldoc *doc;
	struct dp_error e;

	doc = dp_yamldoc_load_buffer(buf, len, ends_with(path, ".json"),
	    source, NULL, &e);
	return add_doc(rs, doc, source, path, &e, err);
}

int
dp_ruleset_add_file(struct dp_ruleset *rs, const char *dir,
    const char *path, struct dp_error *err)
{
	struct dp_yamldoc *doc;
	struct dp_error e;
	char *source;
	int rc;

	if (asprintf(&source, "%s/%s", dir, path) < 0) {
		dp_error_set(&e, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return add_doc(rs, NULL, NULL, path, &e, err);
	}
	doc = dp_yamldoc_load_file(source, source, NULL, &e);
	rc = add_doc(rs, doc, source, path, &e, err);
	free(source);
	return rc;
}

static int
rule_file(const char *name)
{
	return ends_with(name, ".yml") || ends_with(name, ".yaml") ||
	    ends_with(name, ".json");
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns the sorted names in the folder path (hidden ones left out). */
static char **
list_folder(const char *path, size_t *n, struct dp_error *e)
{
	char **names = NULL, **nn;
	size_t cap = 0;
	struct dirent *de;
	DIR *d;

	*n = 0;
	if ((d = opendir(path)) == NULL) {
		dp_error_set(e, DP_ERR_CONFIG, NULL, 0, 0,
		    "cannot open rules folder '%s': %s", path,
		    strerror(errno));
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (*n == cap) {
			cap = cap == 0 ? 32 : cap * 2;
			if ((nn = realloc(names, cap * sizeof(*nn))) == NULL)
				goto nomem;
			names = nn;
		}
		if ((names[*n] = strdup(de->d_name)) == NULL)
			goto nomem;
		(*n)++;
	}
	closedir(d);
	if (names == NULL && (names = calloc(1, sizeof(*names))) == NULL)
		goto nomem;
	qsort(names, *n, sizeof(*names), by_name);
	return names;
nomem:
	while (*n > 0)
		free(names[--*n]);
	free(names);
	closedir(d);
	dp_error_set(e, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
	return NULL;
}

/* Adds the rule files under dir/rel (rel NULL for dir itself). */
static void
walk(struct dp_ruleset *rs, const char *dir, const char *rel, int depth,
    struct dp_error *err, int *nproblems)
{
	char **names = NULL, *child = NULL, *full = NULL;
	struct dp_error e;
	struct stat st;
	size_t i, n = 0;

	if (rel != NULL && asprintf(&full, "%s/%s", dir, rel) < 0) {
		full = NULL;
		goto nomem;
	}
	if ((names = list_folder(full != NULL ? full : dir, &n, &e)) == NULL) {
		problem(rs, &e, err, nproblems);
		free(full);
		return;
	}
	for (i = 0; i < n; i++) {
		free(child);
		free(full);
		full = NULL;
		if ((rel != NULL ? asprintf(&child, "%s/%s", rel, names[i]) :
		    asprintf(&child, "%s", names[i])) < 0) {
			child = NULL;
			goto nomem;
		}
		if (asprintf(&full, "%s/%s", dir, child) < 0) {
			full = NULL;
			goto nomem;
		}
		if (stat(full, &st) != 0) {
			dp_error_set(&e, DP_ERR_CONFIG, NULL, 0, 0,
			    "cannot read '%s': %s", full, strerror(errno));
			problem(rs, &e, err, nproblems);
		} else if (S_ISDIR(st.st_mode) && depth >= FOLDER_DEPTH_MAX) {
			dp_error_set(&e, DP_ERR_CONFIG, full, 0, 0,
			    "folders nested deeper than %d levels",
			    FOLDER_DEPTH_MAX);
			problem(rs, &e, err, nproblems);
		} else if (S_ISDIR(st.st_mode))
			walk(rs, dir, child, depth + 1, err, nproblems);
		else if (S_ISREG(st.st_mode) && rule_file(child) &&
		    dp_ruleset_add_file(rs, dir, child, &e) != 0) {
			/* add_file has reported its problems already */
			if ((*nproblems)++ == 0 && err != NULL)
				*err = e;
		}
	}
	goto out;
nomem:
	dp_error_set(&e, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
	problem(rs, &e, err, nproblems);
out:
	for (i = 0; names != NULL && i < n; i++)
		free(names[i]);
	free(names);
	free(child);
	free(full);
}

struct dp_ruleset *
dp_ruleset_load(const char *dir, dp_rule_report_fn report, void *arg,
    struct dp_error *err)
{
	struct dp_ruleset *rs;
	int nproblems = 0;
	char *d;
	size_t n;

	if ((d = strdup(dir)) == NULL) {
		dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	for (n = strlen(d); n > 1 && d[n - 1] == '/'; n--)
		d[n - 1] = '\0';
	if ((rs = dp_ruleset_new(report, arg, err)) != NULL) {
		walk(rs, d, NULL, 0, err, &nproblems);
		if (nproblems > 0) {
			dp_ruleset_free(rs);
			rs = NULL;
		}
	}
	free(d);
	return rs;
}

size_t
dp_ruleset_count(const struct dp_ruleset *rs)
{
	return rs->n;
}

const struct dp_rule *
dp_ruleset_rule(const struct dp_ruleset *rs, size_t i)
{
	return i < rs->n ? rs->rules[i] : NULL;
}

/* ---- evaluation ---- */

int
dp_rule_match(struct dp_ruleset *rs, const struct dp_rule *rule,
    const json_t *ev, struct dp_error *err)
{
	struct dp_error e;
	int rc;

	rc = dp_detection_match(rule->detection, rs->scratch, ev, &e);
	if (rc < 0)
		dp_error_set(err, e.code, NULL, 0, 0, "rule '%s': %s", rule->id,
		    e.text);
	return rc;
}

int
dp_ruleset_eval(struct dp_ruleset *rs, const json_t *ev,
    const struct dp_rule *const **matched, size_t *n, struct dp_error *err)
{
	struct dp_error e;
	size_t i;
	int rc = 0, m;

	*n = 0;
	for (i = 0; i < rs->n; i++) {
		m = dp_rule_match(rs, rs->rules[i], ev, &e);
		if (m > 0)
			rs->matched[(*n)++] = rs->rules[i];
		else if (m < 0 && rc == 0) {
			rc = -1;
			if (err != NULL)
				*err = e;
		}
	}
	*matched = rs->matched;
	return rc;
}

int
dp_ruleset_test(struct dp_ruleset *rs, struct dp_error *err)
{
	const struct dp_rule *r;
	const struct dp_rule_test *t;
	struct dp_error e, why;
	int nproblems = 0, m;
	size_t i, j, k;
	const char *name;
	long line;

	for (i = 0; i < rs->n; i++) {
		r = rs->rules[i];
		k = 0;
		while ((name = dp_detection_unused(r->detection, &k,
		    &line)) != NULL) {
			dp_error_set(&e, DP_ERR_CONFIG, r->source, line, 0,
			    "rule '%s': selection '%s' is not used by the "
			    "condition", r->id, name);
			problem(rs, &e, err, &nproblems);
		}
		for (j = 0; j < r->ntests; j++) {
			t = &r->tests[j];
			m = dp_rule_match(rs, r, t->ev, &why);
			if (m == t->expect)
				continue;
			if (m < 0)
				dp_error_set(&e, DP_ERR_CONFIG, r->source,
				    t->line, 0, "rule '%s' test %zu: %s",
				    r->id, t->index, why.text);
			else
				dp_error_set(&e, DP_ERR_CONFIG, r->source,
				    t->line, 0, "rule '%s' test %zu should "
				    "%s", r->id, t->index, t->expect ?
				    "match but did not" :
				    "not match but did");
			problem(rs, &e, err, &nproblems);
		}
	}
	return nproblems == 0 ? 0 : -1;
}
