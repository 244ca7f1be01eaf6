#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "pathglob.h"
#include "rfc3339.h"
#include "suppress.h"
#include "yamldoc.h"

#define MS_PER_DAY ((int64_t)86400000)

/* One suppression; its strings are borrowed from the document. */
struct entry {
	const char *fingerprint, *rule, *repo, *commit;
	struct dp_pathglob *path;
	const char *reason, *owner, *expires;
	int64_t end;		/* the end of the expiry day */
	long line;
};

struct dp_suppress {
	struct dp_yamldoc *doc;
	struct entry *v;
	size_t n;
};

/* What reading one entry needs to say where a problem is. */
struct ectx {
	const struct dp_yamldoc *doc;
	const json_t *ent;
	long line;
	struct dp_error *err;
};

static const char *const entry_keys[] = { "fingerprint", "rule", "repo",
    "path", "commit", "reason", "owner", "expires", NULL };

void
dp_suppress_free(struct dp_suppress *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		dp_pathglob_free(s->v[i].path);
	free(s->v);
	dp_yamldoc_free(s->doc);
	free(s);
}

size_t
dp_suppress_count(const struct dp_suppress *s)
{
	return s->n;
}

int
dp_suppress_parse_date(const char *s, int64_t *ms)
{
	static const char shape[] = "dddd-dd-dd";
	char buf[32];
	size_t i;

	for (i = 0; shape[i] != '\0'; i++)
		if (shape[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != '-')
			return -1;
	if (s[i] != '\0')
		return -1;
	snprintf(buf, sizeof(buf), "%sT00:00:00Z", s);
	return dp_rfc3339_parse(buf, ms, NULL, NULL);
}

static int
hex(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);

	return n >= min && n <= max &&
	    strspn(s, "0123456789abcdef") == n;
}

/* Returns the line of key in the entry, or the entry's line. */
static long
key_line(const struct ectx *c, const char *key)
{
	long l = dp_yamldoc_key_line(c->doc, c->ent, key);

	return l > 0 ? l : c->line;
}

static int
bad(const struct ectx *c, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
bad(const struct ectx *c, long line, const char *fmt, ...)
{
	char text[DP_ERROR_TEXT_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	return dp_error_set(c->err, DP_ERR_CONFIG, dp_yamldoc_source(c->doc),
	    line, 0, "%s", text);
}

/* Sets *out to the string at key, or NULL when there is none. */
static int
get(const struct ectx *c, const char *key, int required, const char **out)
{
	const json_t *v = json_object_get(c->ent, key);

	*out = NULL;
	if (v == NULL)
		return required ? bad(c, c->line, "missing '%s'", key) : 0;
	if (!json_is_string(v) || json_string_length(v) == 0)
		return bad(c, key_line(c, key),
		    "'%s' must be a non-empty string", key);
	*out = json_string_value(v);
	return 0;
}

static int
check_keys(const struct ectx *c)
{
	const char *const *k;
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)c->ent, key, v) {
		for (k = entry_keys; *k != NULL && strcmp(*k, key) != 0; k++)
			continue;
		if (*k == NULL)
			return bad(c, key_line(c, key),
			    "unknown key '%.64s' in a suppression", key);
	}
	return 0;
}

static int
what(const struct ectx *c, struct entry *e)
{
	const char *path;

	if (get(c, "fingerprint", 0, &e->fingerprint) != 0 ||
	    get(c, "rule", 0, &e->rule) != 0 ||
	    get(c, "repo", 0, &e->repo) != 0 ||
	    get(c, "path", 0, &path) != 0 ||
	    get(c, "commit", 0, &e->commit) != 0)
		return -1;
	if (e->fingerprint != NULL && (e->rule != NULL || e->repo != NULL ||
	    path != NULL || e->commit != NULL))
		return bad(c, key_line(c, "fingerprint"), "'fingerprint' "
		    "cannot be combined with 'rule', 'repo', 'path' or "
		    "'commit'");
	if (e->fingerprint != NULL && !hex(e->fingerprint, 32, 32))
		return bad(c, key_line(c, "fingerprint"), "bad fingerprint "
		    "'%.64s' (a finding's id: 32 lower-case hex digits)",
		    e->fingerprint);
	if (e->fingerprint == NULL && e->rule == NULL)
		return bad(c, c->line, "a suppression needs 'fingerprint' "
		    "or 'rule'");
	if (e->rule != NULL && e->repo == NULL && path == NULL &&
	    e->commit == NULL)
		return bad(c, key_line(c, "rule"),
		    "'rule' needs 'repo', 'path' or 'commit'");
	if (e->commit != NULL && !hex(e->commit, 7, 64))
		return bad(c, key_line(c, "commit"), "bad commit '%.64s' "
		    "(7 to 64 lower-case hex digits)", e->commit);
	if (path != NULL && (e->path = dp_pathglob_new(path, c->err)) ==
	    NULL) {
		if (c->err != NULL && c->err->code == DP_ERR_CONFIG) {
			snprintf(c->err->source, sizeof(c->err->source),
			    "%s", dp_yamldoc_source(c->doc));
			c->err->line = key_line(c, "path");
		}
		return -1;
	}
	return 0;
}

static int
read_entry(struct dp_suppress *s, const struct ectx *c, struct entry *e)
{
	size_t i;

	memset(e, 0, sizeof(*e));
	e->line = c->line;
	if (!json_is_object(c->ent))
		return bad(c, c->line, "a suppression must be a mapping");
	if (check_keys(c) != 0 || what(c, e) != 0 ||
	    get(c, "reason", 1, &e->reason) != 0 ||
	    get(c, "owner", 1, &e->owner) != 0 ||
	    get(c, "expires", 1, &e->expires) != 0)
		return -1;
	if (dp_suppress_parse_date(e->expires, &e->end) != 0)
		return bad(c, key_line(c, "expires"), "bad date '%.64s' for "
		    "'expires' (expected YYYY-MM-DD)", e->expires);
	e->end += MS_PER_DAY;
	for (i = 0; e->fingerprint != NULL && i < s->n; i++)
		if (s->v[i].fingerprint != NULL &&
		    strcmp(s->v[i].fingerprint, e->fingerprint) == 0)
			return bad(c, key_line(c, "fingerprint"),
			    "fingerprint '%s' is suppressed twice (also at "
			    "line %ld)", e->fingerprint, s->v[i].line);
	return 0;
}

static struct dp_suppress *
from_doc(struct dp_yamldoc *doc, struct dp_error *err)
{
	struct dp_suppress *s;
	const json_t *root, *list;
	struct ectx c;
	size_t i;

	if (doc == NULL) {
		if (err != NULL && err->code != DP_ERR_NOMEM)
			err->code = DP_ERR_CONFIG;
		return NULL;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		dp_yamldoc_free(doc);
		dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
		return NULL;
	}
	s->doc = doc;
	root = dp_yamldoc_count(doc) == 1 ? dp_yamldoc_root(doc, 0) : NULL;
	list = json_object_get(root, "suppressions");
	if (!json_is_object(root) || json_object_size(root) != 1 ||
	    !json_is_array(list)) {
		dp_error_set(err, DP_ERR_CONFIG, dp_yamldoc_source(doc),
		    root != NULL ? dp_yamldoc_line(doc, root) : 0, 0,
		    "expected one mapping with a 'suppressions' list");
		goto fail;
	}
	if ((s->v = calloc(json_array_size(list) + 1, sizeof(*s->v))) ==
	    NULL) {
		dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
		goto fail;
	}
	for (i = 0; i < json_array_size(list); i++) {
		c.doc = doc;
		c.ent = json_array_get(list, i);
		c.line = dp_yamldoc_item_line(doc, list, i);
		c.err = err;
		if (read_entry(s, &c, &s->v[s->n]) != 0) {
			dp_pathglob_free(s->v[s->n].path);
			goto fail;
		}
		s->n++;
	}
	return s;
fail:
	dp_suppress_free(s);
	return NULL;
}

struct dp_suppress *
dp_suppress_load(const char *path, const char *source, struct dp_error *err)
{
	return from_doc(dp_yamldoc_load_file(path, source, NULL, err), err);
}

struct dp_suppress *
dp_suppress_load_buffer(const char *buf, size_t len, const char *source,
    struct dp_error *err)
{
	return from_doc(dp_yamldoc_load_buffer(buf, len, 0, source, NULL,
	    err), err);
}

/* ---- matching ---- */

static int
same(const char *want, const char *have)
{
	return want == NULL || (have != NULL && strcmp(want, have) == 0);
}

/* Returns 1 when e names f, 0 when not, -1 when memory ran out. */
static int
matches(const struct entry *e, const json_t *f, struct dp_error *err)
{
	const char *commit = dp_event_get_string(f, "location.commit");
	const char *path = dp_event_get_string(f, "location.path");

	if (e->fingerprint != NULL)
		return same(e->fingerprint, dp_event_get_string(f, "id"));
	if (!same(e->rule, dp_event_get_string(f, "rule.id")) ||
	    !same(e->repo, dp_event_get_string(f, "location.repo")))
		return 0;
	if (e->commit != NULL && (commit == NULL ||
	    strncmp(e->commit, commit, strlen(e->commit)) != 0))
		return 0;
	if (e->path == NULL)
		return 1;
	return path == NULL ? 0 : dp_pathglob_match(e->path, path, err);
}

static int
note(json_t *f, const struct entry *e, int active, struct dp_error *err)
{
	json_t *text = json_object_get(f, "finding"), *sup;

	if (!json_is_object(text)) {
		/* json_object_set_new steals the new object */
		if (json_object_set_new(f, "finding", json_object()) != 0)
			goto nomem;
		text = json_object_get(f, "finding");
	}
	sup = json_pack("{s:s, s:s, s:s, s:s}", "status", active ? "active" :
	    "expired", "expires", e->expires, "reason", e->reason, "owner",
	    e->owner);
	/* json_object_set_new steals sup, and frees it on failure */
	if (sup == NULL || json_object_set_new(text, "suppression", sup) != 0)
		goto nomem;
	return 0;
nomem:
	return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

int
dp_suppress_apply(const struct dp_suppress *s, json_t *f, int64_t now,
    struct dp_error *err)
{
	const struct entry *expired = NULL;
	size_t i;
	int m;

	for (i = 0; i < s->n; i++) {
		if ((m = matches(&s->v[i], f, err)) < 0)
			return -1;
		if (m == 0)
			continue;
		if (now < s->v[i].end)
			return note(f, &s->v[i], 1, err) != 0 ? -1 :
			    DP_SUPPRESS_ACTIVE;
		if (expired == NULL)
			expired = &s->v[i];
	}
	if (expired == NULL)
		return DP_SUPPRESS_NONE;
	return note(f, expired, 0, err) != 0 ? -1 : DP_SUPPRESS_EXPIRED;
}
