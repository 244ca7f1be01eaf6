#include <config.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "rfc3339.h"
#include "utf8.h"

/* A new JSON string of s (repaired to UTF-8 if need be), or null. */
static json_t *
text(const char *s)
{
	json_t *v;
	char *fixed;

	if (s == NULL)
		return json_null();
	if ((v = json_string(s)) != NULL)
		return v;
	if ((fixed = dp_utf8_repair(s, strlen(s), NULL)) == NULL)
		return NULL;
	v = json_string(fixed);
	free(fixed);
	return v;
}

/* A new JSON string of the time ms, or null when has is 0. */
static json_t *
stamp(int has, int64_t ms)
{
	char t[DP_RFC3339_MAX];

	if (!has)
		return json_null();
	if (dp_rfc3339_format(ms, t, sizeof(t), NULL) != 0)
		return json_null();
	return json_string(t);
}

static json_int_t
num(uint64_t n)
{
	return n > (uint64_t)LLONG_MAX ? LLONG_MAX :
	    (json_int_t)n;
}

/* {"critical":n, ..., "info":n, "unknown":n}, most severe first. */
static json_t *
by_severity(const uint64_t *count)
{
	json_t *o;
	int sev;

	if ((o = json_object()) == NULL)
		return NULL;
	for (sev = DP_SUMMARY_SEV_COUNT - 1; sev > DP_SUMMARY_SEV_UNKNOWN;
	    sev--)
		if (json_object_set_new(o, dp_summary_severity_name(sev),
		    json_integer(num(count[sev]))) != 0)
			goto fail;
	if (json_object_set_new(o, "unknown",
	    json_integer(num(count[DP_SUMMARY_SEV_UNKNOWN]))) != 0)
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

/* Appends v (stolen) to a; returns 0, or -1 when v or the append failed. */
static int
push(json_t *a, json_t *v)
{
	return v == NULL ? -1 : json_array_append_new(a, v);
}

/* json_pack steals every "o" value, even when it fails. */
static int
kinds(const struct dp_summary *s, json_t *a)
{
	const struct dp_summary_kind *k;
	size_t i;

	for (i = 0; i < dp_summary_nkinds(s); i++) {
		k = dp_summary_kind_at(s, i);
		if (push(a, json_pack("{s:o, s:I}", "kind", text(k->name),
		    "count", num(k->count))) != 0)
			return -1;
	}
	return 0;
}

static int
devs(const struct dp_summary *s, json_t *a)
{
	const struct dp_summary_dev *d;
	size_t i;

	for (i = 0; i < dp_summary_ndevs(s); i++) {
		d = dp_summary_dev_at(s, i);
		if (push(a, json_pack("{s:o, s:o, s:o, s:I, s:I, s:o, s:o, "
		    "s:I, s:o, s:I}", "id", text(d->key), "name",
		    text(d->name), "email", text(d->email), "records",
		    num(d->records), "commits", num(d->commits), "first",
		    stamp(d->has_time, d->first), "last",
		    stamp(d->has_time, d->last), "findings", num(d->findings),
		    "by_severity", by_severity(d->by_severity), "risk",
		    num(d->risk))) != 0)
			return -1;
	}
	return 0;
}

static int
repos(const struct dp_summary *s, json_t *a)
{
	const struct dp_summary_repo *r;
	size_t i;

	for (i = 0; i < dp_summary_nrepos(s); i++) {
		r = dp_summary_repo_at(s, i);
		if (push(a, json_pack("{s:o, s:I, s:I}", "name", text(r->name),
		    "records", num(r->records), "commits",
		    num(r->commits))) != 0)
			return -1;
	}
	return 0;
}

static int
rules(const struct dp_summary *s, json_t *a)
{
	const struct dp_summary_rule *r;
	size_t i;

	for (i = 0; i < dp_summary_nrules(s); i++) {
		r = dp_summary_rule_at(s, i);
		if (push(a, json_pack("{s:o, s:o, s:s, s:I}", "id",
		    text(r->id), "title", text(r->title), "severity",
		    dp_summary_severity_name(r->severity), "count",
		    num(r->count))) != 0)
			return -1;
	}
	return 0;
}

static int
top(const struct dp_summary *s, json_t *a)
{
	const struct dp_summary_finding *f;
	size_t i;

	for (i = 0; i < dp_summary_ntop(s); i++) {
		f = dp_summary_top_at(s, i);
		if (push(a, json_pack("{s:o, s:o, s:o, s:s, s:i, s:o, s:o, "
		    "s:o, s:o, s:o}", "id", text(f->id), "rule",
		    text(f->rule_id), "title", text(f->title), "severity",
		    dp_summary_severity_name(f->severity), "risk", f->risk,
		    "developer", text(f->developer), "actor", text(f->actor),
		    "repo", text(f->repo), "commit",
		    text(f->commit[0] != '\0' ? f->commit : NULL), "time",
		    stamp(f->has_time, f->time))) != 0)
			return -1;
	}
	return 0;
}

/* Returns the whole report as a new object, or NULL (no memory). */
static json_t *
build(const struct dp_summary *s)
{
	const struct dp_summary_totals *t = dp_summary_totals(s);
	json_t *k, *d, *r, *ru, *tp, *o;

	k = json_array();
	d = json_array();
	r = json_array();
	ru = json_array();
	tp = json_array();
	/* json_pack takes over the five arrays here, even when it fails */
	o = json_pack("{s:s, s:s, s:I, s:I, s:I, s:{s:o, s:o}, s:o, s:o, "
	    "s:o, s:{s:I, s:o, s:o, s:I, s:o}}",
	    "report", "summary", "version", PACKAGE_VERSION,
	    "records", num(t->records), "malformed", num(t->malformed),
	    "commits", num(t->commits),
	    "time", "first", stamp(t->has_time, t->first),
	    "last", stamp(t->has_time, t->last),
	    "kinds", k, "developers", d, "repositories", r,
	    "findings", "total", num(t->findings),
	    "by_severity", by_severity(t->by_severity), "rules", ru,
	    "top_limit", (json_int_t)t->top_limit, "top", tp);
	if (o == NULL)
		return NULL;
	if (kinds(s, k) != 0 || devs(s, d) != 0 || repos(s, r) != 0 ||
	    rules(s, ru) != 0 || top(s, tp) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
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

const struct dp_report_format dp_report_json = { "json", render, 0 };
