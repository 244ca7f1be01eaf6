#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "devrisk.h"
#include "event.h"

static struct dp_devrisk *dr;

static void
setup(void)
{
	dr = dp_devrisk_new(NULL);
	cr_assert_not_null(dr);
}

static void
teardown(void)
{
	dp_devrisk_free(dr);
}

static void
add(const char *text)
{
	json_t *rec = json_loads(text, 0, NULL);
	struct dp_error err;

	cr_assert_not_null(rec, "test JSON: %s", text);
	cr_assert_eq(dp_devrisk_add(dr, rec, &err), 0, "%s", err.text);
	json_decref(rec);
}

/* Adds a finding of rule, severity and risk about dev at time. */
static void
finding(const char *id, const char *dev, const char *rule, const char *sev,
    int risk, const char *time)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "{\"v\":1,\"kind\":\"finding\",\"id\":"
	    "\"%s\",\"time\":\"%s\",\"actor\":{\"id\":\"%s\",\"name\":\"N\"},"
	    "\"rule\":{\"id\":\"%s\",\"severity\":\"%s\"},\"risk\":%d}",
	    id, time, dev, rule, sev, risk);
	add(buf);
}

/* Returns the dev.risk records, each dumped compact, newline after. */
static char *
records(void)
{
	json_t *recs = dp_devrisk_records(dr, NULL), *rec;
	char *out = NULL, *s;
	size_t len = 0, i;
	FILE *fp;

	cr_assert_not_null(recs);
	fp = open_memstream(&out, &len);
	json_array_foreach(recs, i, rec) {
		s = json_dumps(rec, JSON_COMPACT);
		fprintf(fp, "%s\n", s);
		free(s);
	}
	fclose(fp);
	json_decref(recs);
	return out;
}

/* Returns member path of record i (from 0) of the records. */
static json_t *
member(json_t *recs, size_t i, const char *path)
{
	return dp_event_get(json_array_get(recs, i), path);
}

Test(devrisk, one_record_shape, .init = setup, .fini = teardown)
{
	char id[DP_EVENT_ID_LEN + 1], want[1024], *got;
	const char *dev = "{\"score\":56,\"rank\":1,\"findings\":1,"
	    "\"suppressed\":0,\"severity\":{\"info\":0,\"low\":0,"
	    "\"medium\":0,\"high\":1,\"critical\":0},\"terms\":[{\"rule\":"
	    "\"r1\",\"count\":1,\"risk\":56}]}";
	char key[512];

	add("{\"v\":1,\"kind\":\"scm.commit\",\"id\":\"e1\","
	    "\"time\":\"2026-03-02T00:00:00.000Z\",\"actor\":{\"id\":\"ann\","
	    "\"name\":\"Ann\",\"email\":\"ann@x.io\",\"login\":\"ann\"}}");
	finding("f1", "ann", "r1", "high", 56, "2026-03-01T00:00:00.000Z");
	snprintf(key, sizeof(key), "ann%c%s", '\0', dev);
	cr_assert_eq(dp_event_make_id("dev.risk", key, 4 + strlen(dev), id,
	    NULL), 0);
	snprintf(want, sizeof(want), "{\"v\":1,\"kind\":\"dev.risk\","
	    "\"id\":\"%s\",\"time\":\"2026-03-02T00:00:00.000Z\","
	    "\"src\":{\"type\":\"dp-score\",\"rec\":1},\"actor\":{\"id\":"
	    "\"ann\",\"name\":\"Ann\",\"email\":\"ann@x.io\"},\"dev\":%s}\n",
	    id, dev);
	got = records();
	cr_expect_str_eq(got, want);
	free(got);
}

Test(devrisk, repeated_findings_of_a_rule_count_half_as_much,
    .init = setup, .fini = teardown)
{
	json_t *recs;

	/* 1 - (1 - .56)(1 - .28)(1 - .14) = .727552 */
	finding("a", "ann", "r1", "high", 56, "2026-03-01T00:00:00.000Z");
	finding("b", "ann", "r1", "high", 56, "2026-03-01T00:00:00.000Z");
	finding("c", "ann", "r1", "high", 56, "2026-03-01T00:00:00.000Z");
	/* the lower risk counts after the higher: 1 - .8 * (1 - .06) */
	finding("d", "bob", "r2", "low", 12, "2026-03-01T00:00:00.000Z");
	finding("e", "bob", "r2", "low", 20, "2026-03-01T00:00:00.000Z");
	/* two rules: 1 - (1 - .56)(1 - .12) = .6128 */
	finding("f", "cy", "r1", "high", 56, "2026-03-01T00:00:00.000Z");
	finding("g", "cy", "r3", "low", 12, "2026-03-01T00:00:00.000Z");
	recs = dp_devrisk_records(dr, NULL);
	cr_assert_eq(json_array_size(recs), 3);
	cr_expect_str_eq(json_string_value(member(recs, 0, "actor.id")),
	    "ann");
	cr_expect_eq(json_integer_value(member(recs, 0, "dev.score")), 73);
	cr_expect_eq(json_integer_value(member(recs, 0, "dev.findings")), 3);
	cr_expect_eq(json_integer_value(member(recs, 0,
	    "dev.severity.high")), 3);
	cr_expect_str_eq(json_string_value(member(recs, 1, "actor.id")), "cy");
	cr_expect_eq(json_integer_value(member(recs, 1, "dev.score")), 61);
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(
	    member(recs, 1, "dev.terms"), 1), "rule")), "r3");
	cr_expect_str_eq(json_string_value(member(recs, 2, "actor.id")),
	    "bob");
	cr_expect_eq(json_integer_value(member(recs, 2, "dev.score")), 25);
	cr_expect_eq(json_integer_value(member(recs, 2, "dev.rank")), 3);
	json_decref(recs);
}

Test(devrisk, a_rule_alone_never_fills_the_score, .init = setup,
    .fini = teardown)
{
	char id[32];
	json_t *recs;
	int i;

	for (i = 0; i < 1000; i++) {
		snprintf(id, sizeof(id), "f%d", i);
		finding(id, "ann", "r1", "low", 12,
		    "2026-03-01T00:00:00.000Z");
	}
	recs = dp_devrisk_records(dr, NULL);
	cr_expect_eq(json_integer_value(member(recs, 0, "dev.score")), 22);
	cr_expect_eq(json_integer_value(json_object_get(json_array_get(
	    member(recs, 0, "dev.terms"), 0), "count")), 1000);
	json_decref(recs);
}

Test(devrisk, each_finding_counts_once_and_suppressed_ones_apart,
    .init = setup, .fini = teardown)
{
	json_t *recs;

	finding("a", "ann", "r1", "high", 56, "2026-03-01T00:00:00.000Z");
	finding("a", "ann", "r1", "high", 56, "2026-03-01T00:00:00.000Z");
	add("{\"v\":1,\"kind\":\"finding\",\"id\":\"b\",\"time\":"
	    "\"2026-03-03T00:00:00.000Z\",\"actor\":{\"id\":\"ann\"},"
	    "\"rule\":{\"id\":\"r2\",\"severity\":\"critical\"},\"risk\":90,"
	    "\"finding\":{\"suppression\":{\"status\":\"active\"}}}");
	add("{\"v\":1,\"kind\":\"finding\",\"id\":\"c\",\"time\":"
	    "\"2026-03-02T00:00:00.000Z\",\"actor\":{\"id\":\"ann\"},"
	    "\"rule\":{\"id\":\"r3\",\"severity\":\"info\"},\"risk\":4,"
	    "\"finding\":{\"suppression\":{\"status\":\"expired\"}}}");
	recs = dp_devrisk_records(dr, NULL);
	cr_assert_eq(json_array_size(recs), 1);
	cr_expect_eq(json_integer_value(member(recs, 0, "dev.findings")), 2);
	cr_expect_eq(json_integer_value(member(recs, 0, "dev.suppressed")), 1);
	cr_expect_eq(json_integer_value(member(recs, 0, "dev.score")), 58);
	cr_expect_eq(json_integer_value(member(recs, 0,
	    "dev.severity.critical")), 0);
	cr_expect_str_eq(json_string_value(member(recs, 0, "time")),
	    "2026-03-03T00:00:00.000Z");
	json_decref(recs);
}

Test(devrisk, ties_are_broken_by_severity_then_id, .init = setup,
    .fini = teardown)
{
	json_t *recs;

	/* no findings: 0, ranked by id */
	add("{\"v\":1,\"kind\":\"x\",\"id\":\"1\",\"time\":"
	    "\"2026-03-01T00:00:00.000Z\",\"actor\":{\"id\":\"zed\"}}");
	add("{\"v\":1,\"kind\":\"x\",\"id\":\"2\",\"time\":"
	    "\"2026-03-01T00:00:00.000Z\",\"actor\":{\"id\":\"amy\"}}");
	/* same score and first term, more high findings first */
	finding("a", "ann", "r1", "medium", 40, "2026-03-01T00:00:00.000Z");
	finding("b", "bob", "r1", "high", 40, "2026-03-01T00:00:00.000Z");
	add("{\"v\":1,\"kind\":\"x\",\"id\":\"3\",\"time\":"
	    "\"2026-03-01T00:00:00.000Z\"}");
	recs = dp_devrisk_records(dr, NULL);
	cr_assert_eq(json_array_size(recs), 4, "no actor.id, no developer");
	cr_expect_str_eq(json_string_value(member(recs, 0, "actor.id")),
	    "bob");
	cr_expect_str_eq(json_string_value(member(recs, 1, "actor.id")),
	    "ann");
	cr_expect_str_eq(json_string_value(member(recs, 2, "actor.id")),
	    "amy");
	cr_expect_str_eq(json_string_value(member(recs, 3, "actor.id")),
	    "zed");
	cr_expect_eq(json_integer_value(member(recs, 3, "dev.score")), 0);
	cr_expect_eq(json_array_size(member(recs, 3, "dev.terms")), 0);
	cr_expect_eq(json_integer_value(member(recs, 3, "src.rec")), 4);
	json_decref(recs);
}

Test(devrisk, same_input_same_bytes)
{
	char *a = NULL, *b = NULL;
	int round;

	for (round = 0; round < 2; round++) {
		setup();
		finding("a", round ? "bob" : "ann", "r1", "low", 12,
		    "2026-03-01T00:00:00.000Z");
		finding("b", round ? "ann" : "bob", "r1", "low", 12,
		    "2026-03-01T00:00:00.000Z");
		if (round == 0)
			a = records();
		else
			b = records();
		teardown();
	}
	cr_expect_str_eq(a, b, "the order of input does not rank");
	free(a);
	free(b);
}

Test(devrisk, incomplete_findings_are_not_counted, .init = setup,
    .fini = teardown)
{
	static const char *const bad[] = {
	    "{\"kind\":\"finding\",\"rule\":{\"id\":\"r\",\"severity\":"
	    "\"low\"},\"risk\":1",
	    "{\"kind\":\"finding\",\"id\":\"a\",\"rule\":{\"severity\":"
	    "\"low\"},\"risk\":1",
	    "{\"kind\":\"finding\",\"id\":\"a\",\"rule\":{\"id\":\"r\","
	    "\"severity\":\"severe\"},\"risk\":1",
	    "{\"kind\":\"finding\",\"id\":\"a\",\"rule\":{\"id\":\"r\","
	    "\"severity\":\"low\"},\"risk\":101",
	    "{\"kind\":\"finding\",\"id\":\"a\",\"rule\":{\"id\":\"r\","
	    "\"severity\":\"low\"},\"risk\":\"1\"",
	    "{\"kind\":\"finding\",\"id\":\"a\",\"rule\":{\"id\":\"r\"}"
	};
	char buf[512];
	json_t *recs;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf), "%s,\"time\":"
		    "\"2026-03-01T00:00:00.000Z\",\"actor\":{\"id\":\"ann\"}}",
		    bad[i]);
		add(buf);
	}
	recs = dp_devrisk_records(dr, NULL);
	cr_assert_eq(json_array_size(recs), 1, "the developer is known");
	cr_expect_eq(json_integer_value(member(recs, 0, "dev.findings")), 0);
	cr_expect_eq(json_integer_value(member(recs, 0, "dev.score")), 0);
	json_decref(recs);
	dp_devrisk_free(NULL);
}
