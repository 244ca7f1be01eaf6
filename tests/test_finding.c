#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "event.h"
#include "finding.h"
#include "rule.h"

static struct dp_ruleset *rs;
static const struct dp_rule *rule;

static void
setup(void)
{
	const char *text = "id: dp-t\ntitle: A test rule\nseverity: high\n"
	    "confidence: medium\ndescription: Why it matters\n"
	    "remediation: What to do\ntags: [attack.t1078]\n"
	    "controls: ['soc2:CC8.1', 'iso27001:A.8.32']\n"
	    "detection: {s: {kind: x}, condition: s}\n";
	struct dp_error err;

	rs = dp_ruleset_new(NULL, NULL, NULL);
	cr_assert_not_null(rs);
	cr_assert_eq(dp_ruleset_add_buffer(rs, "rules/score/sub/t.yml",
	    "sub/t.yml", text, strlen(text), &err), 0, "%s", err.text);
	rule = dp_ruleset_rule(rs, 0);
}

static void
teardown(void)
{
	dp_ruleset_free(rs);
}

static json_t *
event(const char *text)
{
	json_t *ev = json_loads(text, 0, NULL);

	cr_assert_not_null(ev, "test JSON: %s", text);
	return ev;
}

Test(finding, risk_formula)
{
	static const int want[5][3] = {
		{ 3, 4, 5 }, { 12, 16, 20 }, { 27, 36, 45 }, { 42, 56, 70 },
		{ 54, 72, 90 }
	};
	int s, c;

	for (s = DP_RULE_SEVERITY_INFO; s <= DP_RULE_SEVERITY_CRITICAL; s++)
		for (c = DP_RULE_CONFIDENCE_LOW; c <= DP_RULE_CONFIDENCE_HIGH;
		    c++)
			cr_assert_eq(dp_finding_risk(s, c), want[s][c],
			    "severity %d confidence %d", s, c);
}

Test(finding, context_raises_the_severity_a_level_each)
{
	const unsigned live = DP_FINDING_LIVE_SECRET;
	const unsigned pub = DP_FINDING_PUBLIC_REPO;

	cr_expect_eq(dp_finding_context_risk(DP_RULE_SEVERITY_HIGH,
	    DP_RULE_CONFIDENCE_MEDIUM, 0), 56);
	cr_expect_eq(dp_finding_context_risk(DP_RULE_SEVERITY_HIGH,
	    DP_RULE_CONFIDENCE_MEDIUM, live), 72, "as critical");
	cr_expect_eq(dp_finding_context_risk(DP_RULE_SEVERITY_HIGH,
	    DP_RULE_CONFIDENCE_MEDIUM, live | pub), 80, "above critical");
	cr_expect_eq(dp_finding_context_risk(DP_RULE_SEVERITY_CRITICAL,
	    DP_RULE_CONFIDENCE_HIGH, live | pub), 100, "never above 100");
	cr_expect_eq(dp_finding_context_risk(DP_RULE_SEVERITY_INFO,
	    DP_RULE_CONFIDENCE_LOW, pub), 12, "as low");
	cr_expect_eq(dp_finding_context_risk(DP_RULE_SEVERITY_CRITICAL + 1,
	    DP_RULE_CONFIDENCE_HIGH, live), 0, "no such severity");
}

Test(finding, context_from_the_evidence)
{
	json_t *ev[3];
	size_t i;

	ev[0] = json_loads("{\"kind\":\"secret.detected\",\"secret\":"
	    "{\"present\":true}}", 0, NULL);
	ev[1] = json_loads("{\"kind\":\"scm.commit\",\"repo\":"
	    "{\"vis\":\"public\"},\"secret\":{\"present\":true}}", 0, NULL);
	ev[2] = json_loads("{\"kind\":\"secret.detected\",\"repo\":"
	    "{\"vis\":\"private\"},\"secret\":{\"present\":false}}", 0, NULL);
	cr_expect_eq(dp_finding_context((const json_t *const *)ev, 1),
	    DP_FINDING_LIVE_SECRET);
	cr_expect_eq(dp_finding_context((const json_t *const *)ev + 1, 1),
	    DP_FINDING_PUBLIC_REPO, "only a secret.detected is live");
	cr_expect_eq(dp_finding_context((const json_t *const *)ev + 2, 1), 0);
	cr_expect_eq(dp_finding_context((const json_t *const *)ev, 3),
	    DP_FINDING_LIVE_SECRET | DP_FINDING_PUBLIC_REPO);
	for (i = 0; i < 3; i++)
		json_decref(ev[i]);
}

Test(finding, shape_of_a_commit_finding, .init = setup, .fini = teardown)
{
	char id[DP_EVENT_ID_LEN + 1], want[2048];
	json_t *ev, *f;
	char *s, *before, *after;

	ev = event("{\"v\":1,\"kind\":\"scm.commit\",\"id\":\"e1\","
	    "\"time\":\"2026-03-01T09:14:05.000Z\",\"src\":{\"type\":\"git\"},"
	    "\"actor\":{\"name\":\"A\",\"email\":\"a@x.io\"},"
	    "\"repo\":{\"name\":\"app\",\"path\":\"/src/app\"},"
	    "\"commit\":{\"sha\":\"abc\"}}");
	before = json_dumps(ev, JSON_COMPACT);
	f = dp_finding_new(rule, (const json_t *const *)&ev, 1, 7, NULL);
	cr_assert_not_null(f);
	cr_assert_eq(dp_event_make_id("finding", "dp-t\0e1", 7, id, NULL), 0);
	snprintf(want, sizeof(want), "{\"v\":1,\"kind\":\"finding\","
	    "\"id\":\"%s\",\"time\":\"2026-03-01T09:14:05.000Z\","
	    "\"src\":{\"type\":\"dp-score\",\"path\":\"sub/t.yml\","
	    "\"rec\":7},\"actor\":{\"name\":\"A\",\"email\":\"a@x.io\"},"
	    "\"repo\":{\"name\":\"app\",\"path\":\"/src/app\"},"
	    "\"rule\":{\"id\":\"dp-t\",\"title\":\"A test rule\","
	    "\"severity\":\"high\",\"confidence\":\"medium\","
	    "\"tags\":[\"attack.t1078\"],"
	    "\"controls\":[\"soc2:CC8.1\",\"iso27001:A.8.32\"]},"
	    "\"risk\":56,\"evidence\":[\"e1\"],"
	    "\"location\":{\"repo\":\"app\",\"commit\":\"abc\"},"
	    "\"finding\":{\"description\":\"Why it matters\","
	    "\"remediation\":\"What to do\"}}", id);
	s = json_dumps(f, JSON_COMPACT);
	cr_assert_str_eq(s, want);
	free(s);
	json_decref(f);
	after = json_dumps(ev, JSON_COMPACT);
	cr_assert_str_eq(after, before, "evidence is left alone");
	free(before);
	free(after);
	json_decref(ev);
}

Test(finding, location_from_file_and_secret, .init = setup,
    .fini = teardown)
{
	json_t *ev[2], *f;
	char *s;

	ev[0] = event("{\"id\":\"e1\",\"time\":\"2026-03-01T09:14:05.000Z\"}");
	ev[1] = event("{\"id\":\"e2\",\"time\":\"2026-03-02T00:00:00.000Z\","
	    "\"secret\":{\"path\":\"a/b.env\",\"line\":12,"
	    "\"commit\":\"def\"},\"file\":{\"line\":0}}");
	f = dp_finding_new(rule, (const json_t *const *)ev, 2, 1, NULL);
	cr_assert_not_null(f);
	s = json_dumps(json_object_get(f, "location"), JSON_COMPACT);
	cr_assert_str_eq(s, "{\"path\":\"a/b.env\",\"line\":12,"
	    "\"commit\":\"def\"}");
	free(s);
	cr_assert_str_eq(json_string_value(json_object_get(f, "time")),
	    "2026-03-02T00:00:00.000Z");
	cr_assert_eq(json_array_size(json_object_get(f, "evidence")), 2);
	cr_assert_null(json_object_get(f, "actor"));
	cr_assert_null(json_object_get(f, "repo"));
	json_decref(f);
	json_decref(ev[1]);
	ev[1] = event("{\"id\":\"e3\",\"time\":\"2026-03-02T00:00:00.000Z\","
	    "\"file\":{\"path\":\"x.c\",\"line\":3}}");
	f = dp_finding_new(rule, (const json_t *const *)ev, 2, 1, NULL);
	s = json_dumps(json_object_get(f, "location"), JSON_COMPACT);
	cr_assert_str_eq(s, "{\"path\":\"x.c\",\"line\":3}");
	free(s);
	json_decref(f);
	f = dp_finding_new(rule, (const json_t *const *)ev, 1, 1, NULL);
	cr_assert_null(json_object_get(f, "location"), "no location known");
	json_decref(f);
	json_decref(ev[0]);
	json_decref(ev[1]);
}

Test(finding, a_live_secret_in_a_public_repository, .init = setup,
    .fini = teardown)
{
	json_t *ev, *f;
	char *s;

	ev = event("{\"id\":\"e1\",\"kind\":\"secret.detected\","
	    "\"time\":\"2026-03-01T09:14:05.000Z\",\"repo\":{\"name\":"
	    "\"app\",\"vis\":\"public\"},\"secret\":{\"path\":\"a.env\","
	    "\"present\":true}}");
	f = dp_finding_new(rule, (const json_t *const *)&ev, 1, 1, NULL);
	cr_assert_not_null(f);
	cr_expect_eq(json_integer_value(json_object_get(f, "risk")), 80);
	s = json_dumps(json_object_get(f, "finding"), JSON_COMPACT);
	cr_expect_str_eq(s, "{\"description\":\"Why it matters\","
	    "\"remediation\":\"What to do\",\"context\":[\"live_secret\","
	    "\"public_repo\"]}");
	free(s);
	cr_expect_str_eq(json_string_value(dp_event_get(f, "rule.severity")),
	    "high", "the rule's severity stays");
	json_decref(f);
	json_decref(ev);
}

Test(finding, ids_depend_on_rule_and_evidence, .init = setup,
    .fini = teardown)
{
	json_t *a, *b, *f1, *f2, *f3;

	a = event("{\"id\":\"e1\",\"time\":\"2026-03-01T09:14:05.000Z\"}");
	b = event("{\"id\":\"e2\",\"time\":\"2026-03-01T09:14:05.000Z\"}");
	f1 = dp_finding_new(rule, (const json_t *const *)&a, 1, 1, NULL);
	f2 = dp_finding_new(rule, (const json_t *const *)&a, 1, 2, NULL);
	f3 = dp_finding_new(rule, (const json_t *const *)&b, 1, 1, NULL);
	cr_assert_str_eq(json_string_value(json_object_get(f1, "id")),
	    json_string_value(json_object_get(f2, "id")));
	cr_assert_str_neq(json_string_value(json_object_get(f1, "id")),
	    json_string_value(json_object_get(f3, "id")));
	json_decref(f1);
	json_decref(f2);
	json_decref(f3);
	json_decref(a);
	json_decref(b);
}

Test(finding, optional_text_left_out)
{
	struct dp_ruleset *set = dp_ruleset_new(NULL, NULL, NULL);
	const char *text = "id: bare\ntitle: T\nseverity: info\n"
	    "detection: {s: {kind: x}, condition: s}\n";
	json_t *ev, *f;

	cr_assert_eq(dp_ruleset_add_buffer(set, "r/b.yml", "b.yml", text,
	    strlen(text), NULL), 0);
	ev = event("{\"id\":\"e1\",\"time\":\"2026-03-01T09:14:05.000Z\"}");
	f = dp_finding_new(dp_ruleset_rule(set, 0),
	    (const json_t *const *)&ev, 1, 1, NULL);
	cr_assert_not_null(f);
	cr_assert_null(json_object_get(f, "finding"));
	cr_assert_eq(json_integer_value(json_object_get(f, "risk")), 4);
	json_decref(f);
	json_decref(ev);
	dp_ruleset_free(set);
}

Test(finding, errors, .init = setup, .fini = teardown)
{
	struct dp_error err;
	json_t *ev;

	cr_assert_null(dp_finding_new(rule, NULL, 0, 1, &err));
	cr_assert_eq(err.code, DP_ERR_USAGE);
	cr_assert_str_eq(err.text, "a finding needs evidence");
	ev = event("{\"id\":\"e1\"}");
	cr_assert_null(dp_finding_new(rule, (const json_t *const *)&ev, 1, 1,
	    &err));
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_str_eq(err.text, "evidence event has no id or time");
	json_decref(ev);
	ev = event("{\"id\":5,\"time\":\"2026-03-01T09:14:05.000Z\"}");
	cr_assert_null(dp_finding_new(rule, (const json_t *const *)&ev, 1, 1,
	    &err));
	cr_assert_eq(err.code, DP_ERR_DATA);
	json_decref(ev);
}
