#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "suppress.h"

static const char file[] =
    "suppressions:\n"
    "  - fingerprint: 61a83238b7228470f9e0e5e6646489b5\n"
    "    reason: Test fixture, the key was revoked\n"
    "    owner: ann@acme.io\n"
    "    expires: 2026-06-30\n"
    "  - rule: dp-scm-skip-ci\n"
    "    repo: app\n"
    "    path: docs/\n"
    "    reason: Documentation builds skip CI\n"
    "    owner: bob@acme.io\n"
    "    expires: 2026-01-31\n"
    "  - rule: dp-scm-skip-ci\n"
    "    commit: 356a192\n"
    "    reason: A one-off release commit\n"
    "    owner: bob@acme.io\n"
    "    expires: 2026-12-31\n";

static struct dp_suppress *
load(const char *text)
{
	struct dp_suppress *s;
	struct dp_error err;

	s = dp_suppress_load_buffer(text, strlen(text), "s.yml", &err);
	cr_assert_not_null(s, "%s:%ld: %s", err.source, err.line, err.text);
	return s;
}

static int64_t
day(const char *date)
{
	int64_t ms;

	cr_assert_eq(dp_suppress_parse_date(date, &ms), 0, "%s", date);
	return ms;
}

/*
 * Applies s to the finding text as on date; checks the state and what
 * finding.suppression became (NULL: none).
 */
static void
apply(const struct dp_suppress *s, const char *text, const char *date,
    int state, const char *want)
{
	json_t *f = json_loads(text, 0, NULL), *sup;
	struct dp_error err;
	char *got;

	cr_assert_not_null(f, "test JSON: %s", text);
	cr_expect_eq(dp_suppress_apply(s, f, day(date), &err), state,
	    "%s on %s", text, date);
	sup = json_object_get(json_object_get(f, "finding"), "suppression");
	if (want == NULL)
		cr_expect_null(sup, "%s", text);
	else {
		got = json_dumps(sup, JSON_COMPACT);
		cr_expect_str_eq(got, want, "%s", text);
		free(got);
	}
	json_decref(f);
}

Test(suppress, dates)
{
	int64_t ms;

	cr_assert_eq(dp_suppress_parse_date("1970-01-02", &ms), 0);
	cr_expect_eq(ms, 86400000);
	cr_expect_eq(dp_suppress_parse_date("2026-13-01", &ms), -1);
	cr_expect_eq(dp_suppress_parse_date("2026-1-01", &ms), -1);
	cr_expect_eq(dp_suppress_parse_date("2026-01-01T00:00:00Z", &ms), -1);
	cr_expect_eq(dp_suppress_parse_date("2026-01-32", &ms), -1);
	cr_expect_eq(dp_suppress_parse_date("", &ms), -1);
}

Test(suppress, by_fingerprint_until_the_end_of_the_day)
{
	struct dp_suppress *s = load(file);
	const char *f = "{\"id\":\"61a83238b7228470f9e0e5e6646489b5\","
	    "\"rule\":{\"id\":\"x\"},\"finding\":{\"description\":\"d\"}}";

	cr_assert_eq(dp_suppress_count(s), 3);
	apply(s, f, "2026-06-30", DP_SUPPRESS_ACTIVE, "{\"status\":\"active\","
	    "\"expires\":\"2026-06-30\",\"reason\":\"Test fixture, the key "
	    "was revoked\",\"owner\":\"ann@acme.io\"}");
	apply(s, f, "2026-07-01", DP_SUPPRESS_EXPIRED,
	    "{\"status\":\"expired\",\"expires\":\"2026-06-30\",\"reason\":"
	    "\"Test fixture, the key was revoked\",\"owner\":"
	    "\"ann@acme.io\"}");
	apply(s, "{\"id\":\"71a83238b7228470f9e0e5e6646489b5\"}", "2026-01-01",
	    DP_SUPPRESS_NONE, NULL);
	dp_suppress_free(s);
}

Test(suppress, by_rule_and_location)
{
	struct dp_suppress *s = load(file);

	apply(s, "{\"id\":\"a\",\"rule\":{\"id\":\"dp-scm-skip-ci\"},"
	    "\"location\":{\"repo\":\"app\",\"path\":\"docs/guide/a.md\"}}",
	    "2026-01-31", DP_SUPPRESS_ACTIVE, "{\"status\":\"active\","
	    "\"expires\":\"2026-01-31\",\"reason\":\"Documentation builds "
	    "skip CI\",\"owner\":\"bob@acme.io\"}");
	apply(s, "{\"id\":\"a\",\"rule\":{\"id\":\"dp-scm-skip-ci\"},"
	    "\"location\":{\"repo\":\"lib\",\"path\":\"docs/guide/a.md\"}}",
	    "2026-01-31", DP_SUPPRESS_NONE, NULL);
	apply(s, "{\"id\":\"a\",\"rule\":{\"id\":\"dp-scm-skip-ci\"},"
	    "\"location\":{\"repo\":\"app\",\"path\":\"src/a.c\"}}",
	    "2026-01-31", DP_SUPPRESS_NONE, NULL);
	apply(s, "{\"id\":\"a\",\"rule\":{\"id\":\"dp-scm-skip-ci\"},"
	    "\"location\":{\"repo\":\"app\"}}", "2026-01-31",
	    DP_SUPPRESS_NONE, NULL);
	apply(s, "{\"id\":\"a\",\"rule\":{\"id\":\"dp-other\"},"
	    "\"location\":{\"repo\":\"app\",\"path\":\"docs/a.md\"}}",
	    "2026-01-31", DP_SUPPRESS_NONE, NULL);
	apply(s, "{\"id\":\"a\",\"rule\":{\"id\":\"dp-scm-skip-ci\"},"
	    "\"location\":{\"commit\":"
	    "\"356a192b7913b04c54574d18c28d46e6395428ab\"}}", "2026-12-31",
	    DP_SUPPRESS_ACTIVE, "{\"status\":\"active\",\"expires\":"
	    "\"2026-12-31\",\"reason\":\"A one-off release commit\","
	    "\"owner\":\"bob@acme.io\"}");
	apply(s, "{\"id\":\"a\",\"rule\":{\"id\":\"dp-scm-skip-ci\"},"
	    "\"location\":{\"commit\":\"356a19\"}}", "2026-12-31",
	    DP_SUPPRESS_NONE, NULL);
	dp_suppress_free(s);
}

Test(suppress, one_that_holds_wins_over_an_expired_one)
{
	struct dp_suppress *s = load(file);
	const char *f = "{\"id\":\"a\",\"rule\":{\"id\":\"dp-scm-skip-ci\"},"
	    "\"location\":{\"repo\":\"app\",\"path\":\"docs/a.md\","
	    "\"commit\":\"356a192b7913b04c54574d18c28d46e6395428ab\"}}";

	apply(s, f, "2026-03-01", DP_SUPPRESS_ACTIVE, "{\"status\":"
	    "\"active\",\"expires\":\"2026-12-31\",\"reason\":\"A one-off "
	    "release commit\",\"owner\":\"bob@acme.io\"}");
	apply(s, f, "2027-01-01", DP_SUPPRESS_EXPIRED, "{\"status\":"
	    "\"expired\",\"expires\":\"2026-01-31\",\"reason\":"
	    "\"Documentation builds skip CI\",\"owner\":\"bob@acme.io\"}");
	dp_suppress_free(s);
}

Test(suppress, empty_list)
{
	struct dp_suppress *s = load("suppressions: []\n");

	cr_expect_eq(dp_suppress_count(s), 0);
	apply(s, "{\"id\":\"a\"}", "2026-01-01", DP_SUPPRESS_NONE, NULL);
	dp_suppress_free(s);
	dp_suppress_free(NULL);
}

/* Loading an entry (its keys indented under "- ") must fail. */
static void
bad(const char *text, long line, const char *want)
{
	struct dp_error err;

	cr_assert_null(dp_suppress_load_buffer(text, strlen(text), "s.yml",
	    &err), "loaded: %s", text);
	cr_expect_eq(err.code, DP_ERR_CONFIG, "%s", text);
	cr_expect_str_eq(err.source, "s.yml");
	cr_expect_eq(err.line, line, "%s: line %ld", text, err.line);
	cr_expect_str_eq(err.text, want);
}

#define WHY "    reason: r\n    owner: o\n    expires: 2026-01-01\n"
#define FP "61a83238b7228470f9e0e5e6646489b5"

Test(suppress, bad_files)
{
	bad("", 0, "expected one mapping with a 'suppressions' list");
	bad("suppressions: x\n", 1,
	    "expected one mapping with a 'suppressions' list");
	bad("suppressions: []\nextra: 1\n", 1,
	    "expected one mapping with a 'suppressions' list");
	bad("suppressions:\n  - x\n", 2, "a suppression must be a mapping");
	bad("suppressions:\n  - fingerprint: " FP "\n" WHY "    until: x\n",
	    6, "unknown key 'until' in a suppression");
	bad("suppressions:\n  - fingerprint: " FP "\n    owner: o\n"
	    "    expires: 2026-01-01\n", 2, "missing 'reason'");
	bad("suppressions:\n  - fingerprint: " FP "\n    reason: ''\n"
	    "    owner: o\n    expires: 2026-01-01\n", 3,
	    "'reason' must be a non-empty string");
	bad("suppressions:\n  - fingerprint: " FP "\n    reason: r\n"
	    "    owner: o\n", 2, "missing 'expires'");
	bad("suppressions:\n  - fingerprint: " FP "\n    reason: r\n"
	    "    owner: o\n    expires: 2026-02-30x\n", 5,
	    "bad date '2026-02-30x' for 'expires' (expected YYYY-MM-DD)");
	bad("suppressions:\n  - fingerprint: " FP "\n    reason: r\n"
	    "    owner: o\n    expires: 2026-13-01\n", 5,
	    "bad date '2026-13-01' for 'expires' (expected YYYY-MM-DD)");
	bad("suppressions:\n  - fingerprint: 61A8\n" WHY, 2,
	    "bad fingerprint '61A8' (a finding's id: 32 lower-case hex "
	    "digits)");
	bad("suppressions:\n  - reason: r\n    owner: o\n"
	    "    expires: 2026-01-01\n", 2,
	    "a suppression needs 'fingerprint' or 'rule'");
	bad("suppressions:\n  - fingerprint: " FP "\n    rule: x\n" WHY, 2,
	    "'fingerprint' cannot be combined with 'rule', 'repo', 'path' or "
	    "'commit'");
	bad("suppressions:\n  - rule: x\n" WHY, 2,
	    "'rule' needs 'repo', 'path' or 'commit'");
	bad("suppressions:\n  - rule: x\n    commit: abc\n" WHY, 3,
	    "bad commit 'abc' (7 to 64 lower-case hex digits)");
	bad("suppressions:\n  - rule: x\n    path: /etc\n" WHY, 3,
	    "bad pattern '/etc' (a relative path with no empty part)");
	bad("suppressions:\n  - fingerprint: " FP "\n" WHY
	    "  - fingerprint: " FP "\n" WHY, 6,
	    "fingerprint '" FP "' is suppressed twice (also at line 2)");
	bad("suppressions:\n  - {fingerprint: " FP ", reason: r, owner: o, "
	    "expires: 2026-01-01, fingerprint: x}\n", 2,
	    "duplicate key 'fingerprint' (first at line 2)");
}

Test(suppress, files)
{
	const char *top = getenv("top_srcdir");
	struct dp_suppress *s;
	struct dp_error err;
	char path[4096];

	cr_assert_null(dp_suppress_load("/nonexistent/s.yml", "s.yml", &err));
	cr_expect_eq(err.code, DP_ERR_CONFIG);
	cr_expect_str_eq(err.text, "cannot open 's.yml': No such file or "
	    "directory");
	cr_assert_not_null(top, "top_srcdir is not set");
	snprintf(path, sizeof(path), "%s/examples/suppress.yml", top);
	s = dp_suppress_load(path, path, &err);
	cr_assert_not_null(s, "%s:%ld: %s", err.source, err.line, err.text);
	cr_expect_eq(dp_suppress_count(s), 2);
	apply(s, "{\"id\":\"x\",\"rule\":{\"id\":\"dp-scm-skip-ci\"},"
	    "\"location\":{\"repo\":\"app\"}}", "2027-06-30",
	    DP_SUPPRESS_ACTIVE, "{\"status\":\"active\",\"expires\":"
	    "\"2027-06-30\",\"reason\":\"Version bumps skip CI by design "
	    "in this repository\",\"owner\":\"bob@corp.test\"}");
	dp_suppress_free(s);
}
