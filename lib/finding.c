#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "finding.h"

static const char *const context_names[] = { "live_secret",
    "public_repo", NULL };

int
dp_finding_context_risk(enum dp_rule_severity s, enum dp_rule_confidence c,
    unsigned context)
{
	static const int base[] = { 5, 20, 45, 70, 90, 100 };
	static const int scale[] = { 60, 80, 100 };	/* per cent */
	unsigned level = (unsigned)s, bit;

	if ((unsigned)s > DP_RULE_SEVERITY_CRITICAL ||
	    (unsigned)c > DP_RULE_CONFIDENCE_HIGH)
		return 0;
	for (bit = 0; context_names[bit] != NULL; bit++)
		if (context & (1u << bit) && level < 5)
			level++;
	return (base[level] * scale[c] + 50) / 100;
}

int
dp_finding_risk(enum dp_rule_severity s, enum dp_rule_confidence c)
{
	return dp_finding_context_risk(s, c, 0);
}

/* The collectors' mark of a secret still at a branch tip. */
static int
live_secret(const json_t *ev)
{
	const char *kind = dp_event_get_string(ev, "kind");

	return kind != NULL && strcmp(kind, "secret.detected") == 0 &&
	    json_is_true(dp_event_get(ev, "secret.present"));
}

static int
public_repo(const json_t *ev)
{
	const char *vis = dp_event_get_string(ev, "repo.vis");

	return vis != NULL && strcmp(vis, "public") == 0;
}

unsigned
dp_finding_context(const json_t *const *evidence, size_t n)
{
	unsigned context = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (live_secret(evidence[i]))
			context |= DP_FINDING_LIVE_SECRET;
		if (public_repo(evidence[i]))
			context |= DP_FINDING_PUBLIC_REPO;
	}
	return context;
}

/* Returns a new array of the names of context, possibly empty. */
static json_t *
context_list(unsigned context)
{
	json_t *a;
	size_t bit;

	if ((a = json_array()) == NULL)
		return NULL;
	for (bit = 0; context_names[bit] != NULL; bit++)
		/* json_array_append_new steals the new string */
		if (context & (1u << bit) && json_array_append_new(a,
		    json_string(context_names[bit])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

/* Returns the first string among paths in ev, borrowed, or NULL. */
static json_t *
first_string(const json_t *ev, const char *const *paths)
{
	json_t *v;

	for (; *paths != NULL; paths++)
		if (json_is_string(v = dp_event_get(ev, *paths)))
			return v;
	return NULL;
}

static json_t *
location(const json_t *ev)
{
	static const char *const repo[] = { "repo.name", NULL };
	static const char *const path[] = { "file.path", "secret.path", NULL };
	static const char *const commit[] = { "commit.sha", "file.commit",
	    "secret.commit", NULL };
	static const char *const line[] = { "secret.line", "file.line", NULL };
	json_t *loc, *v;
	size_t i;

	if ((loc = json_object()) == NULL)
		return NULL;
	if (((v = first_string(ev, repo)) != NULL &&
	    json_object_set(loc, "repo", v) != 0) ||
	    ((v = first_string(ev, path)) != NULL &&
	    json_object_set(loc, "path", v) != 0))
		goto fail;
	for (i = 0; line[i] != NULL; i++) {
		v = dp_event_get(ev, line[i]);
		if (json_is_integer(v) && json_integer_value(v) > 0) {
			if (json_object_set(loc, "line", v) != 0)
				goto fail;
			break;
		}
	}
	if ((v = first_string(ev, commit)) != NULL &&
	    json_object_set(loc, "commit", v) != 0)
		goto fail;
	return loc;
fail:
	json_decref(loc);
	return NULL;
}

/* Sets key to a deep copy of src's member key, when it has one. */
static int
copy_member(json_t *obj, const char *key, const json_t *src)
{
	json_t *v = json_object_get(src, key);

	if (v == NULL)
		return 0;
	/* json_object_set_new steals the copy (and frees it on failure) */
	return json_object_set_new(obj, key, json_deep_copy(v));
}

static int
set_string(json_t *obj, const char *key, const char *s)
{
	if (s == NULL)
		return 0;
	/* json_object_set_new steals the new string */
	return json_object_set_new(obj, key, json_string(s));
}

/* Returns a new "rule" member: what a report needs of the rule. */
static json_t *
rule_member(const struct dp_rule *rule)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:O, s:O}", "id", rule->id,
	    "title", rule->title, "severity",
	    dp_rule_severity_name(rule->severity), "confidence",
	    dp_rule_confidence_name(rule->confidence), "tags", rule->tags,
	    "controls", rule->controls);
}

/* Writes the finding's id into out from the rule and evidence ids. */
static int
finding_id(const struct dp_rule *rule, const json_t *const *evidence,
    size_t n, char *out, struct dp_error *err)
{
	size_t len = strlen(rule->id), i, at;
	const json_t *eid;
	char *key;
	int rc;

	for (i = 0; i < n; i++)
		len += 1 + json_string_length(json_object_get(evidence[i],
		    "id"));
	if ((key = malloc(len)) == NULL)
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	at = strlen(rule->id);
	memcpy(key, rule->id, at);
	for (i = 0; i < n; i++) {
		eid = json_object_get(evidence[i], "id");
		key[at++] = '\0';
		memcpy(key + at, json_string_value(eid),
		    json_string_length(eid));
		at += json_string_length(eid);
	}
	rc = dp_event_make_id("finding", key, len, out, err);
	free(key);
	return rc;
}

json_t *
dp_finding_new(const struct dp_rule *rule, const json_t *const *evidence,
    size_t n, long long rec, struct dp_error *err)
{
	char id[DP_EVENT_ID_LEN + 1];
	json_t *f = NULL, *ids = NULL, *loc = NULL, *text = NULL, *ctx = NULL;
	const json_t *last;
	unsigned context;
	size_t i;

	if (n == 0) {
		dp_error_set(err, DP_ERR_USAGE, NULL, 0, 0,
		    "a finding needs evidence");
		return NULL;
	}
	last = evidence[n - 1];
	if ((ids = json_array()) == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		if (!json_is_string(json_object_get(evidence[i], "id")) ||
		    !json_is_string(json_object_get(evidence[i], "time"))) {
			dp_error_set(err, DP_ERR_DATA, NULL, 0, 0,
			    "evidence event has no id or time");
			goto fail;
		}
		if (json_array_append(ids, json_object_get(evidence[i],
		    "id")) != 0)
			goto nomem;
	}
	if (finding_id(rule, evidence, n, id, err) != 0)
		goto fail;
	context = dp_finding_context(evidence, n);
	if ((loc = location(last)) == NULL || (text = json_object()) == NULL ||
	    (ctx = context_list(context)) == NULL ||
	    set_string(text, "description", rule->description) != 0 ||
	    set_string(text, "remediation", rule->remediation) != 0 ||
	    (context != 0 && json_object_set(text, "context", ctx) != 0))
		goto nomem;
	f = json_pack("{s:i, s:s, s:s, s:O, s:{s:s, s:s, s:I}}",
	    "v", DP_EVENT_VERSION, "kind", "finding", "id", id,
	    "time", json_object_get(last, "time"),
	    "src", "type", "dp-score", "path", rule->path, "rec",
	    (json_int_t)rec);
	if (f == NULL || copy_member(f, "actor", last) != 0 ||
	    copy_member(f, "repo", last) != 0 ||
	    json_object_set_new(f, "rule", rule_member(rule)) != 0 ||
	    json_object_set_new(f, "risk", json_integer(
	    dp_finding_context_risk(rule->severity, rule->confidence,
	    context))) != 0 ||
	    json_object_set(f, "evidence", ids) != 0 ||
	    (json_object_size(loc) > 0 &&
	    json_object_set(f, "location", loc) != 0) ||
	    (json_object_size(text) > 0 &&
	    json_object_set(f, "finding", text) != 0))
		goto nomem;
	goto out;
nomem:
	dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0, "out of memory");
fail:
	json_decref(f);
	f = NULL;
out:
	json_decref(ids);
	json_decref(loc);
	json_decref(text);
	json_decref(ctx);
	return f;
}
