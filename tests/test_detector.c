#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "detector.h"

/* A family file "t.yml" with one detector; D_REST ends it. */
#define D_HEAD "family: t\ndetectors:\n  - id: tok\n    title: Token\n" \
	"    description: A token.\n    keywords: [tok_]\n"
#define D_PATTERN "    pattern: '\\b(?<secret>tok_[a-z0-9]{8})\\b'\n"
#define D_LEVELS "    severity: high\n"
#define D_EXAMPLES "    examples:\n      match: ['tok_a1b2c3d4']\n" \
	"      nomatch: ['tok_']\n"
#define D_REST D_LEVELS D_EXAMPLES
#define D_ALL D_HEAD D_PATTERN D_REST

static char folder[64];

/* Writes text as folder/name. */
static void
put(const char *name, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", folder, name);
	fp = fopen(path, "w");
	cr_assert_not_null(fp);
	fputs(text, fp);
	cr_assert_eq(fclose(fp), 0);
}

static void
setup(void)
{
	snprintf(folder, sizeof(folder), "/tmp/dp-detector.XXXXXX");
	cr_assert_not_null(mkdtemp(folder));
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", folder);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(detector, .init = setup, .fini = teardown);

static struct dp_detector_pack *
load(struct dp_error *err)
{
	return dp_detector_pack_load(folder, NULL, NULL, err);
}

/* t.yml holds text, which must fail at line with the text why. */
static void
fails(const char *text, long line, const char *why)
{
	struct dp_error err;
	char source[128];

	put("t.yml", text);
	dp_error_clear(&err);
	cr_assert_null(load(&err), "loaded: %s", text);
	cr_assert_eq(err.code, DP_ERR_CONFIG, "%s", err.text);
	snprintf(source, sizeof(source), "%s/t.yml", folder);
	cr_assert_str_eq(err.source, source);
	cr_assert_str_eq(err.text, why);
	cr_assert_eq(err.line, line, "line %ld for %s", err.line, why);
}

/* The findings of one scan, as "id:line:col:secret" lines. */
struct seen {
	char text[1024];
	size_t n;
};

static int
collect(const struct dp_detector_match *m, const char *buf, void *arg)
{
	struct seen *s = arg;
	size_t used = strlen(s->text);

	snprintf(s->text + used, sizeof(s->text) - used, "%s:%ld:%ld:%.*s\n",
	    m->detector->id, m->line, m->column, (int)m->length,
	    buf + m->offset);
	s->n++;
	return 0;
}

/* Scans text as path with the pack in folder; returns the findings. */
static struct seen
scan(const char *path, const char *text)
{
	struct dp_detector_scanner *sc;
	struct dp_detector_pack *pack;
	struct seen s = { "", 0 };
	struct dp_error err;

	pack = load(&err);
	cr_assert_not_null(pack, "%s", err.text);
	sc = dp_detector_scanner_new(pack, NULL, &err);
	cr_assert_not_null(sc);
	cr_assert_eq(dp_detector_scan(sc, path, text, strlen(text), collect,
	    &s, &err), 0, "%s", err.text);
	dp_detector_scanner_free(sc);
	dp_detector_pack_free(pack);
	return s;
}

Test(detector, loads_a_family)
{
	struct dp_detector_pack *pack;
	const struct dp_detector *d;
	struct dp_error err;

	put("t.yml", D_HEAD D_PATTERN "    entropy: 2.5\n"
	    "    confidence: low\n" D_REST);
	put("notes.txt", "not a detector file");
	pack = load(&err);
	cr_assert_not_null(pack, "%s", err.text);
	cr_assert_eq(dp_detector_pack_count(pack), 1);
	d = dp_detector_pack_get(pack, 0);
	cr_assert_eq(d, dp_detector_pack_find(pack, "tok"));
	cr_assert_null(dp_detector_pack_find(pack, "nope"));
	cr_assert_str_eq(d->title, "Token");
	cr_assert_str_eq(d->family, "t");
	cr_assert_eq(d->severity, DP_RULE_SEVERITY_HIGH);
	cr_assert_eq(d->confidence, DP_RULE_CONFIDENCE_LOW);
	cr_assert_float_eq(d->entropy, 2.5, 1e-9);
	cr_assert_eq(d->line, 3);
	cr_assert_eq(json_array_size(d->match), 1);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(
	    d->nomatch, 0), "line")), 13);
	cr_assert_eq(dp_detector_pack_check(pack, NULL, NULL, &err), 0, "%s",
	    err.text);
	dp_detector_pack_free(pack);
	dp_detector_pack_free(NULL);
}

Test(detector, reports_every_load_error)
{
	fails("- a list\n", 1, "a detector file must be one mapping");
	fails("family: t\ndetectors: []\nowner: me\n", 3,
	    "unknown key 'owner' in detector file");
	fails("family: other\ndetectors: []\n", 1,
	    "family 'other' is not the file's name 't'");
	fails("family: t\n", 1, "missing key 'detectors'");
	fails("family: t\ndetectors: []\n", 2,
	    "'detectors' must be a non-empty list");
	fails("family: t\ndetectors:\n  - 3\n", 3,
	    "a detector must be a mapping");
	fails(D_ALL "    colour: red\n", 12,
	    "unknown key 'colour' in detector");
	fails("family: t\ndetectors:\n  - id: Tok\n", 3,
	    "bad detector id 'Tok' (a-z, 0-9 and '-')");
	fails("family: t\ndetectors:\n  - title: x\n", 3,
	    "missing key 'id'");
	fails("family: t\ndetectors:\n  - id: tok\n    title: ''\n", 4,
	    "'title' must be a non-empty string");
	fails("family: t\ndetectors:\n  - id: tok\n    title: T\n"
	    "    description: D.\n    keywords: [ab]\n", 6,
	    "keyword 1 must be a string of 3 to 256 bytes");
	fails("family: t\ndetectors:\n  - id: tok\n    title: T\n"
	    "    description: D.\n    keywords: []\n", 6,
	    "'keywords' must be a non-empty list of strings");
	fails(D_HEAD "    pattern: 'tok_(?<secret>[a-z'\n" D_REST, 7,
	    "bad regular expression 'tok_(?<secret>[a-z': missing terminating"
	    " ] for character class at offset 18");
	fails(D_HEAD "    pattern: 'tok_[a-z]+'\n" D_REST, 7,
	    "pattern has no group named 'secret'");
	fails(D_HEAD D_PATTERN "    severity: severe\n" D_EXAMPLES, 8,
	    "bad severity 'severe' (info, low, medium, high, critical)");
	fails(D_HEAD D_PATTERN "    confidence: sure\n" D_REST, 8,
	    "bad confidence 'sure' (low, medium, high)");
	fails(D_HEAD D_PATTERN "    entropy: 9\n" D_REST, 8,
	    "'entropy' must be a number from 0 to 8");
	fails(D_HEAD D_PATTERN "    binary: yes\n" D_REST, 8,
	    "'binary' must be true or false");
	fails(D_HEAD D_PATTERN "    allow: 'x'\n" D_REST, 8,
	    "'allow' must be a list of regular expressions");
	fails(D_HEAD D_PATTERN "    paths: ['(']\n" D_REST, 8,
	    "bad regular expression '(': missing closing parenthesis at "
	    "offset 1");
	fails(D_HEAD D_PATTERN D_LEVELS, 3, "missing key 'examples'");
	fails(D_HEAD D_PATTERN D_LEVELS "    examples:\n      match: []\n",
	    10, "'match' must be a non-empty list of examples");
	fails(D_HEAD D_PATTERN D_LEVELS "    examples:\n      match: [a]\n",
	    9, "missing key 'nomatch' in examples");
	fails(D_HEAD D_PATTERN D_LEVELS "    examples:\n      match: [a]\n"
	    "      nomatch: [{txt: a}]\n", 11,
	    "unknown key 'txt' in example");
	fails(D_HEAD D_PATTERN D_LEVELS "    examples:\n      match: [[a]]\n"
	    "      nomatch: [a]\n", 10,
	    "match example 1 must be a string or a mapping "
	    "{text, secret, path}");
}

Test(detector, reports_bad_requires)
{
	fails(D_HEAD D_PATTERN "    requires: {detector: tok, within: 2}\n"
	    D_REST, 8, "detector tok requires itself");
	fails(D_HEAD D_PATTERN "    requires: {detector: nope, within: 2}\n"
	    D_REST, 8, "detector tok requires the missing detector 'nope'");
	fails(D_HEAD D_PATTERN "    requires: {detector: x, within: -1}\n"
	    D_REST, 8, "'within' must be a number of lines from 0 to 1000");
	fails(D_HEAD D_PATTERN "    requires: {detector: x}\n" D_REST, 8,
	    "missing key 'within'");
	fails(D_HEAD D_PATTERN "    requires: {detector: x, within: 1, "
	    "near: 2}\n" D_REST, 8, "unknown key 'near' in requires");
	fails(D_ALL "  - id: a\n    title: A\n    description: A.\n"
	    "    keywords: [aaa]\n    pattern: '(?<secret>aaa)'\n"
	    "    requires: {detector: tok, within: 1}\n" D_REST
	    "  - id: b\n    title: B\n    description: B.\n"
	    "    keywords: [bbb]\n    pattern: '(?<secret>bbb)'\n"
	    "    requires: {detector: a, within: 1}\n" D_REST, 27,
	    "detector b requires 'a', which has a requires itself");
}

Test(detector, rejects_duplicate_ids_across_files)
{
	struct dp_error err;
	char want[256];

	put("a.yml", "family: a\ndetectors:\n  - id: tok\n    title: Token\n"
	    "    description: A token.\n    keywords: [tok_]\n" D_PATTERN
	    D_REST);
	put("t.yml", D_ALL);
	cr_assert_null(load(&err));
	snprintf(want, sizeof(want), "detector id 'tok' already used at "
	    "%s/a.yml:3", folder);
	cr_assert_str_eq(err.text, want);
	cr_assert_eq(err.line, 3);
}

Test(detector, reports_a_missing_folder_and_an_empty_one)
{
	struct dp_error err;
	char want[256];

	snprintf(want, sizeof(want), "no detectors in '%s'", folder);
	cr_assert_null(load(&err));
	cr_assert_eq(err.code, DP_ERR_CONFIG);
	cr_assert_str_eq(err.text, want);
	cr_assert_null(dp_detector_pack_load("/nonexistent/dp", NULL, NULL,
	    &err));
	cr_assert_eq(err.code, DP_ERR_CONFIG);
	cr_assert_str_eq(err.text, "cannot read detectors folder "
	    "'/nonexistent/dp': No such file or directory");
}

Test(detector, reports_yaml_errors_as_config_errors)
{
	fails("family: [t\n", 2, "did not find expected ',' or ']' "
	    "(while parsing a flow sequence at line 1)");
}

static void
count_report(const struct dp_error *err, void *arg)
{
	(void)err;
	(*(int *)arg)++;
}

Test(detector, reports_every_problem_of_every_file)
{
	struct dp_error err;
	int n = 0;

	put("a.yml", "family: b\ndetectors: []\n");
	put("t.yml", "family: t\ndetectors: [1, 2]\n");
	cr_assert_null(dp_detector_pack_load(folder, count_report, &n, &err));
	cr_assert_eq(n, 3);
	cr_assert_str_eq(err.text, "family 'b' is not the file's name 'a'");
}

Test(detector, finds_secrets_with_lines_and_byte_columns)
{
	struct seen s;

	put("t.yml", D_ALL);
	s = scan("x", "a\n\xc3\xa9 tok_a1b2c3d4\ntok_00000000 TOK_a1b2c3d4\n"
	    "xtok_a1b2c3d4");
	cr_assert_str_eq(s.text, "tok:2:4:tok_a1b2c3d4\n"
	    "tok:3:1:tok_00000000\n");
}

Test(detector, runs_a_pattern_only_when_a_keyword_occurs)
{
	struct seen s;

	put("t.yml", D_HEAD "    pattern: '(?<secret>[0-9]{6})'\n" D_LEVELS
	    "    examples:\n      match: ['tok_ 123456']\n"
	    "      nomatch: ['123456']\n");
	cr_assert_eq(scan("x", "pin 123456").n, 0);
	s = scan("x", "pin 123456 TOK_");
	cr_assert_str_eq(s.text, "tok:1:5:123456\n");
}

Test(detector, drops_low_entropy_and_allowed_secrets)
{
	put("t.yml", D_HEAD D_PATTERN "    entropy: 2\n"
	    "    allow: ['^tok_dead']\n" D_REST);
	put("allow.yml", "allow: ['beef$']\n");
	cr_assert_eq(scan("x", "tok_aaaaaaaa tok_deadc0de tok_1234beef").n,
	    0);
	cr_assert_eq(scan("x", "tok_1234bee5").n, 1);
}

Test(detector, rejects_a_bad_allow_file)
{
	put("t.yml", D_ALL);
	put("allow.yml", "allow: ['x']\nextra: 1\n");
	cr_assert_null(load(NULL));
	put("allow.yml", "other: 1\n");
	cr_assert_null(load(NULL));
	put("allow.yml", "{}\n");
	cr_assert_null(load(NULL));
}

Test(detector, runs_path_detectors_only_on_matching_paths)
{
	put("t.yml", D_HEAD D_PATTERN "    paths: ['\\.env$']\n" D_LEVELS
	    "    examples:\n      match: [{text: 'tok_a1b2c3d4', "
	    "path: .env}]\n      nomatch: ['tok_a1b2c3d4']\n");
	cr_assert_eq(scan("app/.env", "tok_a1b2c3d4").n, 1);
	cr_assert_eq(scan("app/env.txt", "tok_a1b2c3d4").n, 0);
	cr_assert_eq(scan(NULL, "tok_a1b2c3d4").n, 0);
}

/* Scans the len bytes at buf with the pack in folder; counts findings. */
static size_t
scan_bytes(const char *buf, size_t len)
{
	struct dp_detector_scanner *sc;
	struct dp_detector_pack *pack;
	struct seen s = { "", 0 };
	struct dp_error err;

	cr_assert_not_null(pack = load(&err), "%s", err.text);
	cr_assert_not_null(sc = dp_detector_scanner_new(pack, NULL, &err));
	cr_assert_eq(dp_detector_scan(sc, "f", buf, len, collect, &s, &err),
	    0, "%s", err.text);
	dp_detector_scanner_free(sc);
	dp_detector_pack_free(pack);
	return s.n;
}

Test(detector, tells_binary_content_by_a_nul_byte_near_the_start)
{
	char buf[DP_DETECTOR_BINARY_PREFIX + 1];

	cr_assert_eq(dp_detector_is_binary("text\n", 5), 0);
	cr_assert_eq(dp_detector_is_binary("", 0), 0);
	cr_assert_eq(dp_detector_is_binary("a\0b", 3), 1);
	memset(buf, 'a', sizeof(buf));
	buf[DP_DETECTOR_BINARY_PREFIX] = '\0';
	cr_assert_eq(dp_detector_is_binary(buf, sizeof(buf)), 0);
	buf[DP_DETECTOR_BINARY_PREFIX - 1] = '\0';
	cr_assert_eq(dp_detector_is_binary(buf, sizeof(buf)), 1);
}

Test(detector, runs_on_binary_content_only_when_it_says_so)
{
	static const char bin[] = "\0\1\2 tok_a1b2c3d4 \3";
	struct dp_detector_pack *pack;

	put("t.yml", D_ALL);
	cr_assert_not_null(pack = load(NULL));
	cr_assert_eq(dp_detector_pack_binary(pack), 0);
	dp_detector_pack_free(pack);
	cr_assert_eq(scan_bytes(bin, sizeof(bin) - 1), 0);
	cr_assert_eq(scan_bytes(bin + 3, sizeof(bin) - 5), 1);
	put("t.yml", D_HEAD D_PATTERN "    binary: true\n" D_REST);
	cr_assert_not_null(pack = load(NULL));
	cr_assert_eq(dp_detector_pack_binary(pack), 1);
	cr_assert_eq(dp_detector_pack_get(pack, 0)->binary, 1);
	dp_detector_pack_free(pack);
	cr_assert_eq(scan_bytes(bin, sizeof(bin) - 1), 1);
}

/* A key id detector and a secret one that requires it within a line. */
#define PAIR D_ALL "  - id: sec\n    title: S\n    description: S.\n" \
	"    keywords: [sec_]\n" \
	"    pattern: '(?<secret>sec_[a-z0-9]{8})'\n" \
	"    requires: {detector: tok, within: 1}\n" D_LEVELS \
	"    examples:\n      match: ['tok_a1b2c3d4 sec_12345678']\n" \
	"      nomatch: ['sec_12345678']\n"

Test(detector, reports_a_paired_secret_only_near_its_pair)
{
	struct seen s;

	put("t.yml", PAIR);
	s = scan("x", "sec_12345678\ntok_a1b2c3d4\n");
	cr_assert_str_eq(s.text, "sec:1:1:sec_12345678\n"
	    "tok:2:1:tok_a1b2c3d4\n");
	s = scan("x", "tok_a1b2c3d4\n\n\nsec_12345678\n");
	cr_assert_str_eq(s.text, "tok:1:1:tok_a1b2c3d4\n");
	s = scan("x", "sec_12345678\n\nsec_abcdefgh\ntok_a1b2c3d4\n");
	cr_assert_str_eq(s.text, "sec:3:1:sec_abcdefgh\n"
	    "tok:4:1:tok_a1b2c3d4\n");
}

/* A generic detector whose secret overlaps the token's. */
#define GENERIC "  - id: any\n    title: A\n    description: A.\n" \
	"    keywords: ['key=']\n" \
	"    pattern: 'key=(?<secret>[a-z0-9_]{8,})'\n" \
	"    severity: medium\n    confidence: low\n" \
	"    examples:\n      match: ['key=tok_a1b2c3d4', 'key=abcdefgh']\n" \
	"      nomatch: ['key=abc']\n"

Test(detector, reports_an_overlapping_secret_once_by_the_better_detector)
{
	struct dp_error err;
	struct dp_detector_pack *pack;
	struct seen s;

	put("t.yml", D_ALL GENERIC);
	s = scan("x", "key=tok_a1b2c3d4 key=abcdefgh\nkey=xtok_a1b2c3d4\n");
	cr_assert_str_eq(s.text, "tok:1:5:tok_a1b2c3d4\n"
	    "any:1:22:abcdefgh\n" "any:2:5:xtok_a1b2c3d4\n");
	/* the check still runs each example for its own detector */
	pack = load(&err);
	cr_assert_not_null(pack, "%s", err.text);
	cr_assert_eq(dp_detector_pack_check(pack, NULL, NULL, &err), 0, "%s",
	    err.text);
	dp_detector_pack_free(pack);
}

static int
stop(const struct dp_detector_match *m, const char *buf, void *arg)
{
	(void)m;
	(void)buf;
	(*(int *)arg)++;
	return 1;
}

Test(detector, stops_when_asked_and_bounds_the_buffer)
{
	struct dp_detector_limits lim = DP_DETECTOR_LIMITS_INIT;
	struct dp_detector_scanner *sc;
	struct dp_detector_pack *pack;
	struct dp_error err;
	int calls = 0;

	put("t.yml", D_ALL);
	pack = load(&err);
	cr_assert_not_null(pack);
	lim.max_bytes = 20;
	sc = dp_detector_scanner_new(pack, &lim, &err);
	cr_assert_eq(dp_detector_scan(sc, "f", "tok_a1b2c3d4 tok_a1b2c3d5",
	    25, stop, &calls, &err), -1);
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_str_eq(err.source, "f");
	cr_assert_str_eq(err.text, "25 bytes, more than the limit of 20");
	cr_assert_eq(dp_detector_scan(sc, "f", "tok_a1b2c3d4 tok_a1b2c3d5",
	    20, stop, &calls, &err), 1);
	cr_assert_eq(calls, 1);
	dp_detector_scanner_free(sc);
	dp_detector_pack_free(pack);
}

Test(detector, a_hostile_buffer_reaches_the_match_limit)
{
	struct dp_detector_limits lim = DP_DETECTOR_LIMITS_INIT;
	struct dp_detector_scanner *sc;
	struct dp_detector_pack *pack;
	struct dp_error err;
	char buf[4096];
	int calls = 0;

	put("t.yml", D_HEAD "    pattern: '(?<secret>tok_(a|aa)+(b|$))'\n"
	    D_LEVELS "    examples:\n      match: ['tok_aab']\n"
	    "      nomatch: ['tok_']\n");
	pack = load(&err);
	cr_assert_not_null(pack, "%s", err.text);
	lim.match_limit = 10000;
	sc = dp_detector_scanner_new(pack, &lim, &err);
	memcpy(buf, "tok_", 4);
	memset(buf + 4, 'a', sizeof(buf) - 5);
	buf[sizeof(buf) - 1] = 'x';
	cr_assert_eq(dp_detector_scan(sc, "f", buf, sizeof(buf), stop, &calls,
	    &err), -1);
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_str_eq(err.text, "detector tok reached its match limit at "
	    "byte 0");
	cr_assert_eq(calls, 0);
	dp_detector_scanner_free(sc);
	dp_detector_pack_free(pack);
}

/* Checks the examples of t.yml: the first failure must be why at line. */
static void
check_fails(const char *text, long line, const char *why)
{
	struct dp_detector_pack *pack;
	struct dp_error err;

	put("t.yml", text);
	pack = load(&err);
	cr_assert_not_null(pack, "%s", err.text);
	cr_assert_eq(dp_detector_pack_check(pack, NULL, NULL, &err), -1);
	cr_assert_eq(err.code, DP_ERR_CONFIG);
	cr_assert_str_eq(err.text, why);
	cr_assert_eq(err.line, line, "line %ld: %s", err.line, why);
	dp_detector_pack_free(pack);
}

Test(detector, checks_examples_without_quoting_them)
{
	check_fails(D_HEAD D_PATTERN D_LEVELS "    examples:\n      match:\n"
	    "        - 'tok_a1b2c3d4'\n        - 'tok_a1b2'\n"
	    "      nomatch: ['x']\n", 12,
	    "detector tok: match example 2 gives no finding");
	check_fails(D_HEAD D_PATTERN D_LEVELS "    examples:\n      match:\n"
	    "        - {text: 'tok_a1b2c3d4', secret: 'tok_a1b2c3d5'}\n"
	    "      nomatch: ['x']\n", 11,
	    "detector tok: match example 1 gives no finding with the "
	    "expected secret");
	check_fails(D_HEAD D_PATTERN D_LEVELS "    examples:\n"
	    "      match: ['tok_a1b2c3d4']\n"
	    "      nomatch: ['x', 'tok_a1b2c3d9']\n", 11,
	    "detector tok: nomatch example 2 gives a finding");
}

Test(detector, check_reports_every_failure)
{
	struct dp_detector_pack *pack;
	struct dp_error err;
	int n = 0;

	put("t.yml", D_HEAD D_PATTERN D_LEVELS "    examples:\n"
	    "      match: ['x', 'y']\n      nomatch: ['tok_a1b2c3d4']\n");
	pack = load(&err);
	cr_assert_not_null(pack, "%s", err.text);
	cr_assert_eq(dp_detector_pack_check(pack, count_report, &n, &err), -1);
	cr_assert_eq(n, 3);
	dp_detector_pack_free(pack);
}

Test(detector, check_reports_a_match_outside_its_window)
{
	const char *text = D_HEAD
	    "    pattern: '(?<secret>[0-9]{6})\\n.*tok_'\n"
	    "    severity: high\n%s    examples:\n"
	    "      match: [\"123456\\nx tok_\"]\n      nomatch: ['x']\n";
	struct dp_detector_pack *pack;
	struct dp_error err;
	char buf[512];

	/* the match starts on the line before its keyword */
	snprintf(buf, sizeof(buf), text, "");
	check_fails(buf, 10, "detector tok: match example 1 gives other "
	    "findings when only the windows around keywords are searched");
	snprintf(buf, sizeof(buf), text, "    lines: 1\n");
	put("t.yml", buf);
	cr_assert_not_null(pack = load(&err), "%s", err.text);
	cr_assert_eq(dp_detector_pack_check(pack, NULL, NULL, &err), 0,
	    "%s", err.text);
	dp_detector_pack_free(pack);
	snprintf(buf, sizeof(buf), text, "    lines: 1001\n");
	fails(buf, 9, "'lines' must be a number of lines from 0 to 1000");
}

/* Appends the findings of one scan to a string, for comparing two. */
struct all {
	char *text;
	size_t len;
	size_t n;
};

static int
add_all(const struct dp_detector_match *m, const char *buf, void *arg)
{
	struct all *a = arg;
	char line[160];
	int n;

	(void)buf;
	n = snprintf(line, sizeof(line), "%s:%ld:%ld:%zu\n", m->detector->id,
	    m->line, m->column, m->length);
	a->text = realloc(a->text, a->len + (size_t)n + 1);
	cr_assert_not_null(a->text);
	memcpy(a->text + a->len, line, (size_t)n + 1);
	a->len += (size_t)n;
	a->n++;
	return 0;
}

/*
 * The full pack finds the same around its keywords as over the whole
 * buffer, in a text made of every example of every detector and of
 * lines like those of the benchmark (bench/detect.sh) with random
 * tokens.
 */
Test(detector, finds_the_same_in_windows_as_in_the_whole_buffer)
{
	static const char *const shapes[] = {
		"DB_PASSWORD: %s\n", "export API_KEY=\"%s\"\n",
		"  token: %s\n", "aws_secret_access_key = %s\n",
		"password %s\n", "SECRET_KEY=%s # key\n",
		"url = https://u:%s@db.internal/x\n", "{\"key\":\"%s\"},",
		"ghp_%s\n", "AKIA%s\n", "machine h login u password %s\n",
	};
	static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789/+";
	const char *dir = getenv("DP_RULES_DIR");
	struct dp_detector_scanner *sc;
	struct dp_detector_pack *pack;
	struct all whole = { NULL, 0, 0 }, win = { NULL, 0, 0 };
	const struct dp_detector *d;
	struct dp_error err;
	char path[512], tok[48];
	char *text = NULL;
	size_t len = 0, i, k, cap = 0, n;
	unsigned seed = 1;
	json_t *ex;

	cr_assert_not_null(dir);
	snprintf(path, sizeof(path), "%s/secrets", dir);
	pack = dp_detector_pack_load(path, NULL, NULL, &err);
	cr_assert_not_null(pack, "%s", err.text);
	for (i = 0; i < 4000; i++) {
		if (len + 4096 > cap) {
			cap = 2 * cap + 65536;
			cr_assert_not_null(text = realloc(text, cap));
		}
		if (i < dp_detector_pack_count(pack)) {
			d = dp_detector_pack_get(pack, i);
			for (k = 0; k < json_array_size(d->match); k++) {
				ex = json_array_get(d->match, k);
				len += (size_t)snprintf(text + len, cap - len,
				    "%.1500s\n", json_string_value(
				    json_object_get(ex, "text")));
			}
			continue;
		}
		for (k = 0; k + 1 < sizeof(tok); k++) {
			seed = seed * 1103515245 + 12345;
			tok[k] = alnum[(seed >> 16) % (sizeof(alnum) - 1)];
		}
		seed = seed * 1103515245 + 12345;
		tok[16 + (seed >> 16) % 24] = '\0';
		n = (seed >> 8) % (sizeof(shapes) / sizeof(shapes[0]));
		len += (size_t)snprintf(text + len, cap - len, shapes[n], tok);
	}
	cr_assert_not_null(sc = dp_detector_scanner_new(pack, NULL, &err));
	dp_detector_scanner_set_whole(sc, 1);
	cr_assert_eq(dp_detector_scan(sc, NULL, text, len, add_all, &whole,
	    &err), 0, "%s", err.text);
	dp_detector_scanner_set_whole(sc, 0);
	cr_assert_eq(dp_detector_scan(sc, NULL, text, len, add_all, &win,
	    &err), 0, "%s", err.text);
	cr_assert_gt(whole.n, 1000);
	cr_assert_str_eq(win.text, whole.text);
	free(whole.text);
	free(win.text);
	free(text);
	dp_detector_scanner_free(sc);
	dp_detector_pack_free(pack);
}
