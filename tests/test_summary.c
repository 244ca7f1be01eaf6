#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "rfc3339.h"
#include "summary.h"

/* Adds the record written as JSON text to s. */
static void
add(struct dp_summary *s, const char *text)
{
	json_t *rec = json_loads(text, 0, NULL);

	cr_assert_not_null(rec, "test JSON: %s", text);
	cr_assert_eq(dp_summary_add(s, rec, NULL), 0);
	json_decref(rec);
}

/* Adds a record of kind with an actor and repo given as JSON members. */
static void
add_event(struct dp_summary *s, const char *kind, const char *time,
    const char *more)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "{\"v\":1,\"kind\":\"%s\",\"id\":\"x\","
	    "\"time\":\"%s\"%s%s}", kind, time, more[0] != '\0' ? "," : "",
	    more);
	add(s, buf);
}

/* Adds a finding with an id, rule, severity, risk, time and actor. */
static void
add_finding(struct dp_summary *s, const char *id, const char *rule,
    const char *sev, int risk, const char *time, const char *actor)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "{\"v\":1,\"kind\":\"finding\","
	    "\"id\":\"%s\",\"time\":\"%s\",\"actor\":%s,\"rule\":{\"id\":"
	    "\"%s\",\"title\":\"T %s\",\"severity\":\"%s\"},\"risk\":%d}",
	    id, time, actor, rule, rule, sev, risk);
	add(s, buf);
}

static struct dp_summary *
summary(size_t top)
{
	struct dp_summary *s = dp_summary_new(top, NULL);

	cr_assert_not_null(s);
	return s;
}

static int64_t
ms(const char *t)
{
	int64_t v;

	cr_assert_eq(dp_rfc3339_parse(t, &v, NULL, NULL), 0);
	return v;
}

#define T1 "2026-03-01T09:14:05.000Z"
#define T2 "2026-03-02T10:00:00.000Z"
#define T3 "2026-03-03T11:30:00.000Z"

Test(summary, counts_kinds_by_count_then_name)
{
	struct dp_summary *s = summary(10);
	const struct dp_summary_totals *t;

	add_event(s, "scm.tag", T1, "");
	add_event(s, "scm.commit", T2, "");
	add_event(s, "x.b", T3, "");
	add_event(s, "scm.commit", T1, "");
	add_event(s, "x.a", T1, "");
	dp_summary_finish(s);
	t = dp_summary_totals(s);
	cr_assert_eq(t->records, 5);
	cr_assert_eq(t->commits, 2);
	cr_assert_eq(t->malformed, 0);
	cr_assert_eq(dp_summary_nkinds(s), 4);
	cr_assert_str_eq(dp_summary_kind_at(s, 0)->name, "scm.commit");
	cr_assert_eq(dp_summary_kind_at(s, 0)->count, 2);
	cr_assert_str_eq(dp_summary_kind_at(s, 1)->name, "scm.tag");
	cr_assert_str_eq(dp_summary_kind_at(s, 2)->name, "x.a");
	cr_assert_str_eq(dp_summary_kind_at(s, 3)->name, "x.b");
	cr_assert(t->has_time);
	cr_assert_eq(t->first, ms(T1));
	cr_assert_eq(t->last, ms(T3));
	dp_summary_free(s);
}

Test(summary, keys_developers_by_id_email_name)
{
	struct dp_summary *s = summary(10);
	const struct dp_summary_dev *d;
	size_t i;
	const char *keys[5];

	add_event(s, "scm.commit", T1,
	    "\"actor\":{\"id\":\"ann@x.org\",\"email\":\"other@x.org\"}");
	add_event(s, "scm.commit", T2,
	    "\"actor\":{\"email\":\"Ann@X.org\",\"name\":\"Ann\"}");
	add_event(s, "scm.commit", T3, "\"actor\":{\"name\":\"Bo\"}");
	add_event(s, "scm.commit", T3, "\"actor\":{\"name\":\"\"}");
	add_event(s, "scm.commit", T3, "\"actor\":{}");
	add_event(s, "host.user", T3, "");
	dp_summary_finish(s);
	cr_assert_eq(dp_summary_ndevs(s), 3);
	for (i = 0; i < 3; i++)
		keys[i] = dp_summary_dev_at(s, i)->key;
	/* equal risk, findings: most commits first, then key */
	cr_assert_str_eq(keys[0], "(unknown)");
	cr_assert_str_eq(keys[1], "ann@x.org");
	cr_assert_str_eq(keys[2], "Bo");
	d = dp_summary_dev_at(s, 1);
	cr_assert_eq(d->commits, 2);
	cr_assert_str_eq(d->name, "Ann");
	cr_assert_eq(d->first, ms(T1));
	cr_assert_eq(d->last, ms(T2));
	cr_assert_eq(dp_summary_dev_at(s, 0)->commits, 2);
	cr_assert_null(dp_summary_dev_at(s, 0)->name);
	dp_summary_free(s);
}

Test(summary, chooses_most_frequent_name_then_byte_order)
{
	struct dp_summary *s = summary(10);
	const struct dp_summary_dev *d;

	add_event(s, "scm.commit", T1,
	    "\"actor\":{\"id\":\"k\",\"name\":\"Zed\",\"email\":\"z@x\"}");
	add_event(s, "scm.commit", T1,
	    "\"actor\":{\"id\":\"k\",\"name\":\"Al\",\"email\":\"a@x\"}");
	add_event(s, "scm.commit", T1,
	    "\"actor\":{\"id\":\"k\",\"name\":\"Zed\"}");
	dp_summary_finish(s);
	d = dp_summary_dev_at(s, 0);
	cr_assert_str_eq(d->name, "Zed");
	cr_assert_str_eq(d->email, "a@x");
	add_event(s, "scm.commit", T1,
	    "\"actor\":{\"id\":\"k\",\"name\":\"Al\"}");
	dp_summary_finish(s);
	cr_assert_str_eq(dp_summary_dev_at(s, 0)->name, "Al");
	dp_summary_free(s);
}

Test(summary, counts_repositories_and_commits)
{
	struct dp_summary *s = summary(10);

	add_event(s, "scm.commit", T1, "\"repo\":{\"name\":\"web\"}");
	add_event(s, "scm.commit", T1, "\"repo\":{\"name\":\"api\"}");
	add_event(s, "scm.tag", T1, "\"repo\":{\"name\":\"api\"}");
	add_event(s, "scm.commit", T1, "\"repo\":{\"name\":\"zz\"}");
	add_event(s, "scm.commit", T1, "\"repo\":{\"name\":\"zz\"}");
	dp_summary_finish(s);
	cr_assert_eq(dp_summary_nrepos(s), 3);
	/* api and zz both have two records: by name */
	cr_assert_str_eq(dp_summary_repo_at(s, 0)->name, "api");
	cr_assert_eq(dp_summary_repo_at(s, 0)->records, 2);
	cr_assert_eq(dp_summary_repo_at(s, 0)->commits, 1);
	cr_assert_str_eq(dp_summary_repo_at(s, 1)->name, "zz");
	cr_assert_eq(dp_summary_repo_at(s, 1)->commits, 2);
	cr_assert_str_eq(dp_summary_repo_at(s, 2)->name, "web");
	dp_summary_free(s);
}

Test(summary, counts_findings_by_severity_rule_and_developer)
{
	struct dp_summary *s = summary(10);
	const struct dp_summary_totals *t;
	const struct dp_summary_rule *r;
	const struct dp_summary_dev *d;

	add_finding(s, "f1", "a.low", "low", 10, T1, "{\"id\":\"ann\"}");
	add_finding(s, "f2", "a.low", "low", 20, T2, "{\"id\":\"ann\"}");
	add_finding(s, "f3", "b.crit", "critical", 90, T3, "{\"id\":\"bo\"}");
	add_finding(s, "f4", "c.high", "high", 60, T1, "{\"id\":\"ann\"}");
	add_finding(s, "f5", "d.high", "high", 60, T1, "{\"id\":\"ann\"}");
	add_finding(s, "f6", "d.high", "high", 60, T1, "{\"id\":\"ann\"}");
	dp_summary_finish(s);
	t = dp_summary_totals(s);
	cr_assert_eq(t->findings, 6);
	cr_assert_eq(t->by_severity[DP_SUMMARY_SEV_LOW], 2);
	cr_assert_eq(t->by_severity[DP_SUMMARY_SEV_HIGH], 3);
	cr_assert_eq(t->by_severity[DP_SUMMARY_SEV_CRITICAL], 1);
	cr_assert_eq(t->by_severity[DP_SUMMARY_SEV_INFO], 0);
	cr_assert_eq(dp_summary_nrules(s), 4);
	r = dp_summary_rule_at(s, 0);
	cr_assert_str_eq(r->id, "b.crit");
	cr_assert_eq(r->severity, DP_SUMMARY_SEV_CRITICAL);
	/* same severity: the most findings first */
	cr_assert_str_eq(dp_summary_rule_at(s, 1)->id, "d.high");
	cr_assert_eq(dp_summary_rule_at(s, 1)->count, 2);
	cr_assert_str_eq(dp_summary_rule_at(s, 2)->id, "c.high");
	cr_assert_str_eq(dp_summary_rule_at(s, 3)->title, "T a.low");
	d = dp_summary_dev_at(s, 0);
	cr_assert_str_eq(d->key, "ann");
	cr_assert_eq(d->findings, 5);
	cr_assert_eq(d->risk, 210);
	cr_assert_eq(d->by_severity[DP_SUMMARY_SEV_HIGH], 3);
	cr_assert_str_eq(dp_summary_dev_at(s, 1)->key, "bo");
	dp_summary_free(s);
}

Test(summary, rule_title_and_severity_do_not_depend_on_order)
{
	struct dp_summary *s = summary(10);
	const struct dp_summary_rule *r;

	add(s, "{\"kind\":\"finding\",\"id\":\"1\",\"time\":\"" T1 "\","
	    "\"rule\":{\"id\":\"r\",\"title\":\"Beta\",\"severity\":\"low\"},"
	    "\"risk\":1}");
	add(s, "{\"kind\":\"finding\",\"id\":\"2\",\"time\":\"" T1 "\","
	    "\"rule\":{\"id\":\"r\",\"title\":\"Alpha\",\"severity\":"
	    "\"high\"},\"risk\":1}");
	add(s, "{\"kind\":\"finding\",\"id\":\"3\",\"time\":\"" T1 "\","
	    "\"rule\":{\"id\":\"r\",\"title\":\"Gamma\",\"severity\":"
	    "\"medium\"},\"risk\":1}");
	dp_summary_finish(s);
	r = dp_summary_rule_at(s, 0);
	cr_assert_str_eq(r->title, "Alpha");
	cr_assert_eq(r->severity, DP_SUMMARY_SEV_HIGH);
	cr_assert_eq(r->count, 3);
	dp_summary_free(s);
}

Test(summary, keeps_only_top_n_by_risk_time_id)
{
	struct dp_summary *s = summary(3);
	const struct dp_summary_finding *f;
	char id[16];
	int i;

	for (i = 0; i < 200; i++) {
		snprintf(id, sizeof(id), "f%03d", i);
		add_finding(s, id, "r", "low", i % 50, T1, "{\"id\":\"a\"}");
	}
	add_finding(s, "zz-late", "r", "low", 49, T3, "{\"id\":\"a\"}");
	add_finding(s, "aa-early", "r", "low", 49, T1, "{\"id\":\"a\"}");
	dp_summary_finish(s);
	cr_assert_eq(dp_summary_totals(s)->findings, 202);
	cr_assert_eq(dp_summary_ntop(s), 3);
	f = dp_summary_top_at(s, 0);
	cr_assert_str_eq(f->id, "zz-late");
	cr_assert_eq(f->risk, 49);
	cr_assert_eq(f->time, ms(T3));
	/* same risk and time: by id */
	cr_assert_str_eq(dp_summary_top_at(s, 1)->id, "aa-early");
	cr_assert_str_eq(dp_summary_top_at(s, 2)->id, "f049");
	cr_assert_str_eq(dp_summary_top_at(s, 2)->actor, "a");
	dp_summary_free(s);
}

Test(summary, top_findings_survive_a_second_finish)
{
	struct dp_summary *s = summary(2);

	add_finding(s, "a", "r", "low", 10, T1, "{\"name\":\"Ann\"}");
	add_finding(s, "b", "r", "low", 30, T1, "{\"name\":\"Ann\"}");
	dp_summary_finish(s);
	add_finding(s, "c", "r", "low", 20, T1, "{\"name\":\"Ann\"}");
	add_finding(s, "d", "r", "low", 5, T1, "{\"name\":\"Ann\"}");
	dp_summary_finish(s);
	cr_assert_eq(dp_summary_ntop(s), 2);
	cr_assert_str_eq(dp_summary_top_at(s, 0)->id, "b");
	cr_assert_str_eq(dp_summary_top_at(s, 1)->id, "c");
	dp_summary_free(s);
}

Test(summary, top_zero_keeps_none)
{
	struct dp_summary *s = summary(0);

	add_finding(s, "a", "r", "high", 70, T1, "{\"name\":\"Ann\"}");
	dp_summary_finish(s);
	cr_assert_eq(dp_summary_ntop(s), 0);
	cr_assert_eq(dp_summary_totals(s)->findings, 1);
	cr_assert_eq(dp_summary_totals(s)->top_limit, 0);
	dp_summary_free(s);
}

Test(summary, top_finding_has_commit_repo_and_actor)
{
	struct dp_summary *s = summary(5);
	const struct dp_summary_finding *f;

	add(s, "{\"v\":1,\"kind\":\"finding\",\"id\":\"f\",\"time\":\"" T2
	    "\",\"actor\":{\"email\":\"Ann@X.org\"},\"rule\":{\"id\":\"r\","
	    "\"title\":\"Key\",\"severity\":\"critical\"},\"risk\":95,"
	    "\"location\":{\"repo\":\"api\",\"commit\":"
	    "\"0123456789abcdef0123456789abcdef01234567\"}}");
	dp_summary_finish(s);
	f = dp_summary_top_at(s, 0);
	cr_assert_str_eq(f->commit, "0123456789ab");
	cr_assert_str_eq(f->repo, "api");
	cr_assert_str_eq(f->developer, "ann@x.org");
	cr_assert_str_eq(f->actor, "Ann@X.org");
	cr_assert_str_eq(f->title, "Key");
	cr_assert_str_eq(f->rule_id, "r");
	cr_assert_eq(f->severity, DP_SUMMARY_SEV_CRITICAL);
	cr_assert_eq(f->time, ms(T2));
	cr_assert_eq(dp_summary_totals(s)->malformed, 0);
	/* the location's repository is not a repository record */
	cr_assert_eq(dp_summary_nrepos(s), 0);
	dp_summary_free(s);
}

Test(summary, counts_bad_field_types_without_failing)
{
	static const char *const bad[] = {
		"[1,2]",
		"{\"v\":1}",
		"{\"kind\":7,\"time\":\"" T1 "\"}",
		"{\"kind\":\"x.y\",\"time\":12}",
		"{\"kind\":\"x.y\",\"time\":\"yesterday\"}",
		"{\"kind\":\"x.y\",\"time\":\"2026-03-01T09:14:05Z\"}",
		"{\"kind\":\"x.y\",\"time\":\"" T1 "\",\"actor\":\"ann\"}",
		"{\"kind\":\"x.y\",\"time\":\"" T1 "\",\"actor\":{\"name\":1}}",
		"{\"kind\":\"x.y\",\"time\":\"" T1 "\",\"repo\":{\"name\":[]}}",
		"{\"kind\":\"x.y\",\"time\":\"" T1 "\",\"repo\":[]}",
		"{\"kind\":\"finding\",\"id\":\"a\",\"time\":\"" T1 "\"}",
		"{\"kind\":\"finding\",\"id\":\"b\",\"time\":\"" T1 "\","
		    "\"rule\":{\"id\":\"r\",\"severity\":\"urgent\"},"
		    "\"risk\":5}",
		"{\"kind\":\"finding\",\"id\":\"c\",\"time\":\"" T1 "\","
		    "\"rule\":{\"id\":\"r\",\"severity\":\"low\"},"
		    "\"risk\":\"high\"}",
		"{\"kind\":\"finding\",\"id\":\"d\",\"time\":\"" T1 "\","
		    "\"rule\":{\"id\":\"r\",\"severity\":\"low\"},"
		    "\"risk\":1.5}",
		"{\"kind\":\"finding\",\"id\":\"e\",\"time\":\"" T1 "\","
		    "\"rule\":{\"id\":\"r\",\"severity\":\"low\"},"
		    "\"risk\":500}",
		"{\"kind\":\"finding\",\"id\":\"f\",\"time\":\"" T1 "\","
		    "\"rule\":{\"id\":\"r\",\"severity\":\"low\"},\"risk\":1,"
		    "\"location\":{\"commit\":\"xyz\"}}",
		"{\"kind\":\"finding\",\"id\":\"g\",\"time\":\"" T1 "\","
		    "\"rule\":\"r\",\"risk\":1}"
	};
	const size_t n = sizeof(bad) / sizeof(bad[0]);
	struct dp_summary *s = summary(20);
	const struct dp_summary_totals *t;
	size_t i;

	for (i = 0; i < n; i++) {
		add(s, bad[i]);
		cr_assert_eq(dp_summary_totals(s)->malformed, i + 1,
		    "not counted as malformed: %s", bad[i]);
	}
	add(s, "{\"kind\":\"x.y\",\"time\":\"" T2 "\"}");
	dp_summary_finish(s);
	t = dp_summary_totals(s);
	cr_assert_eq(t->records, n + 1);
	cr_assert_eq(t->malformed, n);
	cr_assert_eq(t->first, ms(T1));
	cr_assert_eq(t->last, ms(T2));
	cr_assert_eq(t->findings, 7);
	cr_assert_eq(t->by_severity[DP_SUMMARY_SEV_UNKNOWN], 3);
	cr_assert_eq(t->by_severity[DP_SUMMARY_SEV_LOW], 4);
	cr_assert_str_eq(dp_summary_kind_at(s, 0)->name, "x.y");
	cr_assert_str_eq(dp_summary_kind_at(s, 2)->name, "(none)");
	cr_assert_eq(dp_summary_kind_at(s, 2)->count, 3);
	/* the risk out of range is kept within 0 to 100 */
	cr_assert_eq(dp_summary_top_at(s, 0)->risk, 100);
	cr_assert_str_eq(dp_summary_top_at(s, 0)->id, "e");
	cr_assert_eq(dp_summary_ndevs(s), 1);
	cr_assert_str_eq(dp_summary_dev_at(s, 0)->key, "(unknown)");
	dp_summary_free(s);
}

Test(summary, output_does_not_depend_on_input_order)
{
	static const char *const recs[] = {
		"{\"kind\":\"scm.commit\",\"time\":\"" T1 "\",\"actor\":"
		    "{\"name\":\"B\"},\"repo\":{\"name\":\"r2\"}}",
		"{\"kind\":\"scm.commit\",\"time\":\"" T2 "\",\"actor\":"
		    "{\"name\":\"A\"},\"repo\":{\"name\":\"r1\"}}",
		"{\"kind\":\"finding\",\"id\":\"1\",\"time\":\"" T1 "\","
		    "\"actor\":{\"name\":\"A\"},\"rule\":{\"id\":\"x\","
		    "\"severity\":\"low\"},\"risk\":5}",
		"{\"kind\":\"finding\",\"id\":\"2\",\"time\":\"" T1 "\","
		    "\"actor\":{\"name\":\"B\"},\"rule\":{\"id\":\"y\","
		    "\"severity\":\"low\"},\"risk\":5}"
	};
	struct dp_summary *a = summary(1), *b = summary(1);
	int i;

	for (i = 0; i < 4; i++) {
		add(a, recs[i]);
		add(b, recs[3 - i]);
	}
	dp_summary_finish(a);
	dp_summary_finish(b);
	cr_assert_str_eq(dp_summary_dev_at(a, 0)->key,
	    dp_summary_dev_at(b, 0)->key);
	cr_assert_str_eq(dp_summary_dev_at(a, 0)->key, "A");
	cr_assert_str_eq(dp_summary_repo_at(a, 0)->name,
	    dp_summary_repo_at(b, 0)->name);
	cr_assert_str_eq(dp_summary_rule_at(a, 0)->id, "x");
	cr_assert_str_eq(dp_summary_rule_at(b, 0)->id, "x");
	cr_assert_str_eq(dp_summary_top_at(a, 0)->id, "1");
	cr_assert_str_eq(dp_summary_top_at(b, 0)->id, "1");
	dp_summary_free(a);
	dp_summary_free(b);
}

Test(summary, memory_does_not_grow_with_records)
{
	struct dp_summary *s = summary(3);
	char id[32];
	int i;

	for (i = 0; i < 20000; i++) {
		snprintf(id, sizeof(id), "f%d", i);
		add_finding(s, id, i % 2 ? "r1" : "r2", "medium", i % 97, T1,
		    i % 3 ? "{\"id\":\"a\"}" : "{\"id\":\"b\"}");
	}
	dp_summary_finish(s);
	cr_assert_eq(dp_summary_totals(s)->records, 20000);
	cr_assert_eq(dp_summary_ntop(s), 3);
	cr_assert_eq(dp_summary_ndevs(s), 2);
	cr_assert_eq(dp_summary_nrules(s), 2);
	cr_assert_eq(dp_summary_nkinds(s), 1);
	cr_assert_eq(dp_summary_top_at(s, 0)->risk, 96);
	dp_summary_free(s);
}

Test(summary, new_rejects_a_top_too_large)
{
	struct dp_error err;

	cr_assert_null(dp_summary_new(DP_SUMMARY_TOP_MAX + 1, &err));
	cr_assert_eq(err.code, DP_ERR_USAGE);
	cr_assert_str_eq(err.text, "cannot keep more than 100000 top findings");
	dp_summary_free(NULL);
}

Test(summary, names_and_parses_severities)
{
	cr_assert_str_eq(dp_summary_severity_name(DP_SUMMARY_SEV_CRITICAL),
	    "critical");
	cr_assert_str_eq(dp_summary_severity_name(DP_SUMMARY_SEV_UNKNOWN),
	    "unknown");
	cr_assert_eq(dp_summary_severity_parse("medium"),
	    DP_SUMMARY_SEV_MEDIUM);
	cr_assert_eq(dp_summary_severity_parse("info"), DP_SUMMARY_SEV_INFO);
	cr_assert_eq(dp_summary_severity_parse("High"),
	    DP_SUMMARY_SEV_UNKNOWN);
	cr_assert_eq(dp_summary_severity_parse("unknown"),
	    DP_SUMMARY_SEV_UNKNOWN);
}

Test(summary, keeps_no_findings_unless_asked)
{
	struct dp_summary *s = summary(5);

	add_finding(s, "a", "r", "high", 50, T1, "{\"id\":\"ann\"}");
	dp_summary_finish(s);
	cr_assert_eq(dp_summary_nfindings(s), 0);
	dp_summary_free(s);
}

Test(summary, keeps_every_finding_in_rank_then_input_order)
{
	struct dp_summary *s = summary(1);
	const struct dp_summary_finding *f;

	dp_summary_keep_all(s);
	add_finding(s, "b", "r", "low", 10, T1, "{\"id\":\"ann\"}");
	add_finding(s, "a", "r", "high", 90, T1, "{\"id\":\"ann\"}");
	add_finding(s, "c", "r", "low", 10, T2, "{\"id\":\"bob\"}");
	add(s, "{\"v\":1,\"kind\":\"finding\",\"id\":\"b\",\"time\":\"" T1
	    "\",\"rule\":{\"id\":\"r\",\"severity\":\"low\",\"confidence\":"
	    "\"high\",\"tags\":[\"t1\",\"t2\"]},\"risk\":10,\"location\":"
	    "{\"path\":\"a/b.c\",\"line\":7,\"commit\":"
	    "\"0123456789abcdef0123456789abcdef01234567\"},\"finding\":"
	    "{\"description\":\"D\",\"remediation\":\"R\"}}");
	dp_summary_finish(s);
	cr_assert_eq(dp_summary_ntop(s), 1);
	cr_assert_eq(dp_summary_nfindings(s), 4);
	cr_assert_str_eq(dp_summary_finding_at(s, 0)->id, "a");
	cr_assert_str_eq(dp_summary_finding_at(s, 1)->id, "c");
	cr_assert_str_eq(dp_summary_finding_at(s, 2)->id, "b");
	cr_assert_null(dp_summary_finding_at(s, 2)->path);
	f = dp_summary_finding_at(s, 3);
	cr_assert_str_eq(f->id, "b");
	cr_assert_str_eq(f->confidence, "high");
	cr_assert_eq(json_array_size(f->tags), 2);
	cr_assert_str_eq(f->path, "a/b.c");
	cr_assert_eq(f->line, 7);
	cr_assert_str_eq(f->commit_id,
	    "0123456789abcdef0123456789abcdef01234567");
	cr_assert_str_eq(f->description, "D");
	cr_assert_str_eq(f->remediation, "R");
	cr_assert_eq(dp_summary_totals(s)->malformed, 0);
	dp_summary_free(s);
}

Test(summary, counts_mistyped_finding_details)
{
	static const char *const bad[] = {
		"\"rule\":{\"id\":\"r\",\"severity\":\"low\",\"tags\":\"x\"}",
		"\"rule\":{\"id\":\"r\",\"severity\":\"low\",\"tags\":[1]}",
		"\"rule\":{\"id\":\"r\",\"severity\":\"low\","
		    "\"confidence\":3}",
		"\"location\":{\"line\":0}",
		"\"location\":{\"line\":\"7\"}",
		"\"location\":{\"path\":[]}",
		"\"finding\":{\"remediation\":{}}",
		"\"finding\":[]"
	};
	struct dp_summary *s = summary(5);
	char buf[512];
	size_t i;

	dp_summary_keep_all(s);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf), "{\"v\":1,\"kind\":\"finding\","
		    "\"id\":\"f\",\"time\":\"" T1 "\",\"risk\":5,%s%s}",
		    bad[i], strncmp(bad[i], "\"rule\"", 6) == 0 ? "" :
		    ",\"rule\":{\"id\":\"r\",\"severity\":\"low\"}");
		add(s, buf);
	}
	dp_summary_finish(s);
	cr_assert_eq(dp_summary_totals(s)->malformed, i);
	cr_assert_eq(dp_summary_nfindings(s), i);
	cr_assert_eq(dp_summary_finding_at(s, 0)->line, 0);
	cr_assert_null(dp_summary_finding_at(s, 0)->tags);
	dp_summary_free(s);
}
