#include <stdio.h>
#include <string.h>

#include <criterion/criterion.h>

#include "detection.h"

/*
 * Compiles the value of the key "detection" in the YAML text, as a rule
 * file named rules/x.yml would hold it.
 */
static struct dp_detection *
compile(const char *text, struct dp_error *err)
{
	struct dp_detection *d;
	struct dp_yamldoc *doc;
	const json_t *root;

	doc = dp_yamldoc_load_buffer(text, strlen(text), 0, "rules/x.yml",
	    NULL, err);
	cr_assert_not_null(doc, "%s", text);
	root = dp_yamldoc_root(doc, 0);
	d = dp_detection_compile(doc, json_object_get(root, "detection"),
	    dp_yamldoc_key_line(doc, root, "detection"), err);
	dp_yamldoc_free(doc);
	return d;
}

/* Compiles text that must fail and checks the error's line and text. */
static void
fails(const char *text, long line, const char *why)
{
	struct dp_error err;

	dp_error_clear(&err);
	cr_assert_null(compile(text, &err), "compiled: %s", text);
	cr_assert_eq(err.code, DP_ERR_CONFIG, "%s", err.text);
	cr_assert_str_eq(err.source, "rules/x.yml");
	cr_assert_str_eq(err.text, why);
	cr_assert_eq(err.line, line, "line %ld for %s", err.line, why);
}

/* Returns whether the detection in text matches the JSON event. */
static int
matches(const char *text, const char *event)
{
	struct dp_detection_scratch *s;
	struct dp_detection *d;
	struct dp_error err;
	json_t *ev;
	int rc;

	d = compile(text, &err);
	cr_assert_not_null(d, "%s: %s", text, err.text);
	s = dp_detection_scratch_new(&err);
	cr_assert_not_null(s);
	ev = json_loads(event, 0, NULL);
	cr_assert_not_null(ev, "test JSON: %s", event);
	rc = dp_detection_match(d, s, ev, &err);
	cr_assert_geq(rc, 0, "%s", err.text);
	json_decref(ev);
	dp_detection_scratch_free(s);
	dp_detection_free(d);
	return rc;
}

Test(detection, bad_detection_and_missing_condition)
{
	fails("detection: [a]\n", 1, "'detection' must be a mapping");
	fails("detection: {}\n", 1, "missing 'condition' in 'detection'");
	fails("x: 1\ndetection:\n  s: {a: 1}\n", 2,
	    "missing 'condition' in 'detection'");
	fails("detection:\n  s: {}\n", 2, "selection 's' is empty");
	cr_assert_null(compile("detection: 3\n", NULL), "err may be NULL");
}

Test(detection, unknown_and_bad_modifiers)
{
	fails("detection:\n  s:\n    kind: a\n"
	    "    commit.message|containz: x\n  condition: s\n", 4,
	    "unknown modifier 'containz'");
	fails("detection:\n  s:\n    a|: x\n  condition: s\n", 3,
	    "empty modifier in 'a|'");
	fails("detection:\n  s:\n    a|re|re: x\n  condition: s\n", 3,
	    "modifier 're' cannot be combined with another");
	fails("detection:\n  s:\n    a..b: x\n  condition: s\n", 3,
	    "bad field path 'a..b'");
	fails("detection:\n  s:\n    '|re': x\n  condition: s\n", 3,
	    "bad field path ''");
	fails("detection:\n  s:\n    a|re: 3\n  condition: s\n", 3,
	    "modifier 're' needs a string value");
}

Test(detection, bad_regular_expression)
{
	fails("detection:\n  s:\n    a|re:\n      - ok\n"
	    "      - 'ab(c'\n  condition: s\n", 5,
	    "bad regular expression 'ab(c': missing closing parenthesis "
	    "at offset 4");
}

Test(detection, bad_selections)
{
	fails("detection:\n  s: text\n  condition: s\n", 2,
	    "selection 's' must be a mapping or a list of mappings");
	fails("detection:\n  s: {}\n  condition: s\n", 2,
	    "selection 's' is empty");
	fails("detection:\n  s: []\n  condition: s\n", 2,
	    "selection 's' is empty");
	fails("detection:\n  s:\n    - {a: 1}\n    - b\n"
	    "  condition: s\n", 4, "selection 's' item 2 must be a mapping");
	fails("detection:\n  s: {a: []}\n  condition: s\n", 2,
	    "empty list of values for 'a'");
	fails("detection:\n  s: {a: {b: 1}}\n  condition: s\n", 2,
	    "value of 'a' must be a scalar or a list of scalars");
	fails("detection:\n  s:\n    a:\n      - 1\n      - [2]\n"
	    "  condition: s\n", 5,
	    "value of 'a' must be a scalar or a list of scalars");
	fails("detection:\n  not: {a: 1}\n  condition: s\n", 2,
	    "selection name 'not' is reserved");
	fails("detection:\n  sel-1: {a: 1}\n  condition: s\n", 2,
	    "bad selection name 'sel-1'");
}

Test(detection, bad_conditions)
{
	fails("detection:\n  s: {a: 1}\n  condition: s and t\n", 3,
	    "unknown selection 't' in condition");
	fails("detection:\n  s: {a: 1}\n  condition: (s or s\n", 3,
	    "missing ')' in condition");
	fails("detection:\n  s: {a: 1}\n  condition: s)\n", 3,
	    "unexpected ')' in condition");
	fails("detection:\n  s: {a: 1}\n  condition: s and\n", 3,
	    "condition ends too early");
	fails("detection:\n  s: {a: 1}\n  condition: '  '\n", 3,
	    "empty condition");
	fails("detection:\n  s: {a: 1}\n  condition: 1 of s\n", 3,
	    "unexpected '1' in condition");
	fails("detection:\n  s: {a: 1}\n  condition: s | t\n", 3,
	    "unexpected '|' in condition");
	fails("detection:\n  s: {a: 1}\n  condition: 3\n", 3,
	    "'condition' must be a string or a list of strings");
	fails("detection:\n  s: {a: 1}\n  condition:\n    - s\n"
	    "    - s or\n", 5, "condition ends too early");
	fails("detection:\n  s: {a: 1}\n  condition: [s, 2]\n", 3,
	    "'condition' item 2 must be a string");
}

Test(detection, condition_depth_is_bounded)
{
	char text[1024];
	int n;

	n = snprintf(text, sizeof(text), "detection:\n  s: {a: 1}\n"
	    "  condition: '");
	memset(text + n, '(', DP_DETECTION_DEPTH_MAX + 1);
	n += DP_DETECTION_DEPTH_MAX + 1;
	snprintf(text + n, sizeof(text) - (size_t)n, "s'\n");
	fails(text, 3, "condition nested deeper than 64 levels");
	n = snprintf(text, sizeof(text), "detection:\n  s: {a: 1}\n"
	    "  condition: '");
	for (int i = 0; i < DP_DETECTION_DEPTH_MAX + 1; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, "not ");
	snprintf(text + n, sizeof(text) - (size_t)n, "s'\n");
	fails(text, 3, "condition nested deeper than 64 levels");
	n = snprintf(text, sizeof(text), "detection:\n  s: {a: 1}\n"
	    "  condition: '");
	for (int i = 0; i < DP_DETECTION_DEPTH_MAX; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, "not ");
	snprintf(text + n, sizeof(text) - (size_t)n, "s'\n");
	cr_assert_eq(matches(text, "{\"a\":1}"), 1, "64 levels are allowed");
}

Test(detection, equality_ignores_case)
{
	const char *r = "detection:\n  s: {commit.author.name: Jürgen}\n"
	    "  condition: s\n";

	cr_assert_eq(matches(r, "{\"commit\":{\"author\":{\"name\":"
	    "\"J\\u00dcRGEN\"}}}"), 1);
	cr_assert_eq(matches(r, "{\"commit\":{\"author\":{\"name\":"
	    "\"jürgen\"}}}"), 1);
	cr_assert_eq(matches(r, "{\"commit\":{\"author\":{\"name\":"
	    "\"Jürgen B\"}}}"), 0, "equality is whole-value");
	cr_assert_eq(matches(r, "{\"commit\":{\"author\":\"Jürgen\"}}"), 0);
	cr_assert_eq(matches(r, "{}"), 0);
	cr_assert_eq(matches("detection:\n  s: {a: 'x.*'}\n"
	    "  condition: s\n", "{\"a\":\"xyz\"}"), 0, "plain values are "
	    "literal");
}

Test(detection, numbers_booleans_and_null)
{
	const char *num = "detection:\n  s: {n: 3}\n  condition: s\n";
	const char *boo = "detection:\n  s: {b: true}\n  condition: s\n";
	const char *nul = "detection:\n  s: {x: null}\n  condition: s\n";

	cr_assert_eq(matches(num, "{\"n\":3}"), 1);
	cr_assert_eq(matches(num, "{\"n\":3.0}"), 1);
	cr_assert_eq(matches(num, "{\"n\":\"3\"}"), 0);
	cr_assert_eq(matches(num, "{\"n\":4}"), 0);
	cr_assert_eq(matches("detection:\n  s: {n: 2.5}\n"
	    "  condition: s\n", "{\"n\":2.5}"), 1);
	cr_assert_eq(matches(boo, "{\"b\":true}"), 1);
	cr_assert_eq(matches(boo, "{\"b\":false}"), 0);
	cr_assert_eq(matches(boo, "{\"b\":\"true\"}"), 0);
	cr_assert_eq(matches(boo, "{\"b\":1}"), 0);
	cr_assert_eq(matches(nul, "{}"), 1);
	cr_assert_eq(matches(nul, "{\"x\":null}"), 1);
	cr_assert_eq(matches(nul, "{\"x\":\"\"}"), 0);
}

Test(detection, lists_maps_and_arrays)
{
	const char *any = "detection:\n  s: {a: [x, y]}\n"
	    "  condition: s\n";
	const char *all = "detection:\n  s: {a: x, b: y}\n"
	    "  condition: s\n";
	const char *maps = "detection:\n  s:\n    - {a: x, b: y}\n"
	    "    - {c: z}\n  condition: s\n";

	cr_assert_eq(matches(any, "{\"a\":\"Y\"}"), 1);
	cr_assert_eq(matches(any, "{\"a\":\"z\"}"), 0);
	cr_assert_eq(matches(all, "{\"a\":\"x\",\"b\":\"y\"}"), 1);
	cr_assert_eq(matches(all, "{\"a\":\"x\",\"b\":\"n\"}"), 0);
	cr_assert_eq(matches(maps, "{\"a\":\"x\",\"b\":\"y\"}"), 1);
	cr_assert_eq(matches(maps, "{\"c\":\"z\"}"), 1);
	cr_assert_eq(matches(maps, "{\"a\":\"x\",\"c\":\"q\"}"), 0);
	cr_assert_eq(matches(any, "{\"a\":[\"q\",\"y\"]}"), 1,
	    "any element of an array");
	cr_assert_eq(matches(any, "{\"a\":[\"q\"]}"), 0);
	cr_assert_eq(matches("detection:\n  s: {p.q.r: 1}\n"
	    "  condition: s\n", "{\"p\":{\"q\":{\"r\":1}}}"), 1);
}

Test(detection, condition_precedence)
{
	/* not > and > or: "a or b and not c" is "a or (b and (not c))" */
	const char *r = "detection:\n  a: {a: 1}\n  b: {b: 1}\n"
	    "  c: {c: 1}\n  condition: a or b and not c\n";
	const char *p = "detection:\n  a: {a: 1}\n  b: {b: 1}\n"
	    "  c: {c: 1}\n  condition: (a or b) and not c\n";

	cr_assert_eq(matches(r, "{\"a\":1,\"c\":1}"), 1);
	cr_assert_eq(matches(p, "{\"a\":1,\"c\":1}"), 0);
	cr_assert_eq(matches(r, "{\"b\":1,\"c\":1}"), 0);
	cr_assert_eq(matches(r, "{\"b\":1}"), 1);
	cr_assert_eq(matches(r, "{}"), 0);
	cr_assert_eq(matches("detection:\n  a: {a: 1}\n"
	    "  condition: not not a\n", "{\"a\":1}"), 1);
	cr_assert_eq(matches("detection:\n  a: {a: 1}\n  b: {b: 1}\n"
	    "  condition: [a, b]\n", "{\"b\":1}"), 1);
}

Test(detection, regular_expressions)
{
	const char *cs = "detection:\n  s: {m|re: 'sk[io]p'}\n"
	    "  condition: s\n";
	const char *ci = "detection:\n  s: {m|re: '(?i)^skip$'}\n"
	    "  condition: s\n";

	cr_assert_eq(matches(cs, "{\"m\":\"please skip it\"}"), 1);
	cr_assert_eq(matches(cs, "{\"m\":\"SKIP\"}"), 0);
	cr_assert_eq(matches(cs, "{\"m\":7}"), 0);
	cr_assert_eq(matches(ci, "{\"m\":\"SKIP\"}"), 1);
	cr_assert_eq(matches(ci, "{\"m\":\"a skip\"}"), 0);
}

/* Matches the detection in text against ev, which must fail. */
static void
match_fails(const char *text, json_t *ev, struct dp_error *err)
{
	struct dp_detection_scratch *s;
	struct dp_detection *d;

	d = compile(text, err);
	cr_assert_not_null(d, "%s", err->text);
	s = dp_detection_scratch_new(NULL);
	cr_assert_not_null(s);
	dp_error_clear(err);
	cr_assert_eq(dp_detection_match(d, s, ev, err), -1);
	cr_assert_str_eq(err->source, "");
	cr_assert_eq(err->line, 0);
	dp_detection_scratch_free(s);
	dp_detection_free(d);
	json_decref(ev);
}

Test(detection, match_limit_is_a_data_error)
{
	struct dp_error err;
	char subject[64];

	memset(subject, 'a', sizeof(subject));
	subject[sizeof(subject) - 2] = 'b';
	subject[sizeof(subject) - 1] = '\0';
	match_fails("detection:\n  s: {m|re: '^(a|aa)+$'}\n  condition: s\n",
	    json_pack("{s:s}", "m", subject), &err);
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_str_eq(err.text, "regular expression on 'm' reached its "
	    "match limit");
}

Test(detection, invalid_utf8_is_an_internal_error)
{
	struct dp_error err;
	json_t *ev;

	ev = json_object();
	/* json_object_set_new steals the unchecked string */
	json_object_set_new(ev, "a", json_string_nocheck("x\xff"));
	match_fails("detection:\n  s: {a: x}\n  condition: s\n", ev, &err);
	cr_assert_eq(err.code, DP_ERR_INTERNAL);
	cr_assert_str_eq(err.text, "matching 'a': UTF-8 error: illegal byte "
	    "(0xfe or 0xff)");
}
