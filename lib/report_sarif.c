#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "utf8.h"

#define SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"

/* A new JSON string of s (repaired to UTF-8 if need be), or NULL. */
static json_t *
text(const char *s)
{
	json_t *v;
	char *fixed;

	if ((v = json_string(s)) != NULL)
		return v;
	if ((fixed = dp_utf8_repair(s, strlen(s), NULL)) == NULL)
		return NULL;
	v = json_string(fixed);
	free(fixed);
	return v;
}

/* Sets o[key] to the string s unless s is NULL.  Returns 0 or -1. */
static int
set_text(json_t *o, const char *key, const char *s)
{
	if (s == NULL)
		return 0;
	return json_object_set_new(o, key, text(s));
}

/* Sets o[key] to {"text": s} unless s is NULL.  Returns 0 or -1. */
static int
set_message(json_t *o, const char *key, const char *s)
{
	json_t *m;

	if (s == NULL)
		return 0;
	if ((m = json_object()) == NULL || set_text(m, "text", s) != 0) {
		json_decref(m);
		return -1;
	}
	return json_object_set_new(o, key, m);
}

/* The SARIF level of a severity. */
static const char *
level(enum dp_summary_severity sev)
{
	switch (sev) {
	case DP_SUMMARY_SEV_CRITICAL:
	case DP_SUMMARY_SEV_HIGH:
		return "error";
	case DP_SUMMARY_SEV_LOW:
	case DP_SUMMARY_SEV_INFO:
		return "note";
	default:
		return "warning";
	}
}

/*
 * Returns a new string of the relative path p as a URI reference: every
 * byte but letters, digits, "-._~/" percent-encoded.  NULL: no memory.
 */
static char *
uri(const char *p)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)p;
	char *out, *o;

	if ((out = malloc(strlen(p) * 3 + 1)) == NULL)
		return NULL;
	for (o = out; *s != '\0'; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("-._~/", *s) != NULL)
			*o++ = (char)*s;
		else {
			*o++ = '%';
			*o++ = hex[*s >> 4];
			*o++ = hex[*s & 15];
		}
	}
	*o = '\0';
	return out;
}

/* The rule id under which f is listed. */
static const char *
rule_of(const struct dp_summary_finding *f)
{
	return f->rule_id != NULL ? f->rule_id : "(none)";
}

/* What the findings of one rule say about it. */
struct meta {
	int risk;			/* the highest, -1 before any */
	const char *description;	/* the first one given */
	const char *remediation;
	const json_t *tags;
};

/* Takes what f says about its rule into m. */
static void
learn(struct meta *m, const struct dp_summary_finding *f)
{
	if (f->risk > m->risk)
		m->risk = f->risk;
	if (m->description == NULL)
		m->description = f->description;
	if (m->remediation == NULL)
		m->remediation = f->remediation;
	if (m->tags == NULL)
		m->tags = f->tags;
}

/*
 * Returns the new reportingDescriptor of rule r, the highest risk of its
 * findings as security-severity (0.0 to 10.0), or NULL (no memory).
 */
static json_t *
descriptor(const struct dp_summary_rule *r, const struct meta *m)
{
	json_t *d, *props;
	char sev[16];
	int risk = m->risk < 0 ? 0 : m->risk;

	snprintf(sev, sizeof(sev), "%d.%d", risk / 10, risk % 10);
	/* json_pack steals each "o" value, even when it fails */
	d = json_pack("{s:o, s:o, s:{s:s}, s:{s:o, s:s}}",
	    "id", text(r->id), "name", text(r->id),
	    "defaultConfiguration", "level", level(r->severity),
	    "properties", "tags", m->tags != NULL ? json_deep_copy(m->tags) :
	    json_array(), "security-severity", sev);
	if (d == NULL)
		return NULL;
	props = json_object_get(d, "properties");
	if (set_message(d, "shortDescription",
	    r->title != NULL ? r->title : r->id) != 0 ||
	    set_message(d, "fullDescription", m->description) != 0 ||
	    set_message(d, "help", m->remediation) != 0 ||
	    json_object_set_new(props, "severity",
	    json_string(dp_summary_severity_name(r->severity))) != 0) {
		json_decref(d);
		return NULL;
	}
	return d;
}

/* Returns the new location of f: its path, else the repository root. */
static json_t *
location(const struct dp_summary_finding *f)
{
	json_t *loc;
	char *u;

	if ((u = uri(f->path != NULL ? f->path : ".")) == NULL)
		return NULL;
	loc = json_pack("{s:{s:{s:s, s:s}}}", "physicalLocation",
	    "artifactLocation", "uri", u, "uriBaseId", "%SRCROOT%");
	free(u);
	if (loc != NULL && f->path != NULL && f->line > 0 &&
	    json_object_set_new(json_object_get(loc, "physicalLocation"),
	    "region", json_pack("{s:I}", "startLine",
	    (json_int_t)f->line)) != 0) {
		json_decref(loc);
		return NULL;
	}
	return loc;
}

/* Returns the new result of f, whose rule is rules[index]. */
static json_t *
result(const struct dp_summary_finding *f, size_t index)
{
	json_t *res, *props;
	char *msg = NULL;
	const char *title = f->title != NULL ? f->title : rule_of(f);
	size_t n;

	if (f->description != NULL) {
		n = strlen(title) + strlen(f->description) + 3;
		if ((msg = malloc(n)) == NULL)
			return NULL;
		snprintf(msg, n, "%s: %s", title, f->description);
	}
	res = json_pack("{s:o, s:I, s:s, s:{s:o}, s:[o], s:{s:i}}",
	    "ruleId", text(rule_of(f)), "ruleIndex", (json_int_t)index,
	    "level", level(f->severity), "message", "text",
	    text(msg != NULL ? msg : title), "locations", location(f),
	    "properties", "risk", f->risk);
	free(msg);
	if (res == NULL)
		return NULL;
	props = json_object_get(res, "properties");
	if (set_text(props, "confidence", f->confidence) != 0 ||
	    set_text(props, "commit", f->commit_id) != 0 ||
	    set_text(props, "repository", f->repo) != 0 ||
	    (f->id != NULL && json_object_set_new(res, "partialFingerprints",
	    json_pack("{s:o}", "dpFindingId/v1", text(f->id))) != 0)) {
		json_decref(res);
		return NULL;
	}
	return res;
}

/* Returns the whole log as a new object, or NULL (no memory). */
static json_t *
build(const struct dp_summary *s)
{
	const struct dp_summary_finding *f;
	json_t *log, *rules, *results, *index = NULL;
	struct meta *meta = NULL;
	size_t i, n = dp_summary_nrules(s), *at = NULL;

	rules = json_array();
	results = json_array();
	/* json_pack takes over both arrays here, even when it fails */
	log = json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:o}}, s:o}]}",
	    "$schema", SCHEMA, "version", "2.1.0", "runs", "tool", "driver",
	    "name", "dp", "version", PACKAGE_VERSION, "rules", rules,
	    "results", results);
	if (log == NULL || (index = json_object()) == NULL ||
	    (meta = calloc(n + 1, sizeof(*meta))) == NULL ||
	    (at = calloc(dp_summary_nfindings(s) + 1, sizeof(*at))) == NULL)
		goto fail;
	for (i = 0; i < n; i++) {
		meta[i].risk = -1;
		if (json_object_set_new(index, dp_summary_rule_at(s, i)->id,
		    json_integer((json_int_t)i)) != 0)
			goto fail;
	}
	for (i = 0; i < dp_summary_nfindings(s); i++) {
		f = dp_summary_finding_at(s, i);
		at[i] = (size_t)json_integer_value(json_object_get(index,
		    rule_of(f)));
		learn(&meta[at[i]], f);
	}
	for (i = 0; i < n; i++)
		if (json_array_append_new(rules,
		    descriptor(dp_summary_rule_at(s, i), &meta[i])) != 0)
			goto fail;
	for (i = 0; i < dp_summary_nfindings(s); i++)
		if (json_array_append_new(results,
		    result(dp_summary_finding_at(s, i), at[i])) != 0)
			goto fail;
	json_decref(index);
	free(meta);
	free(at);
	return log;
fail:
	json_decref(index);
	free(meta);
	free(at);
	json_decref(log);
	return NULL;
}

static int
render(const struct dp_summary *s, FILE *fp, struct dp_error *err)
{
	json_t *o;
	int rc;

	if ((o = build(s)) == NULL)
		return dp_error_set(err, DP_ERR_NOMEM, NULL, 0, 0,
		    "out of memory");
	rc = json_dumpf(o, fp, JSON_COMPACT);
	json_decref(o);
	if (rc != 0 || putc('\n', fp) == EOF || ferror(fp))
		return dp_error_set(err, DP_ERR_IO, NULL, 0, 0, "write error");
	return 0;
}

const struct dp_report_format dp_report_sarif = { "sarif", render, 1 };
