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

/* Whether the selection s, a YAML flow mapping or list, matches event. */
static int
one(const char *sel, const char *event)
{
	char text[2048];

	snprintf(text, sizeof(text), "detection:\n  s: %s\n  condition: s\n",
	    sel);
	return matches(text, event);
}

/* The selection s, as for one(), must fail at line 2 with why. */
static void
bad1(const char *sel, const char *why)
{
	char text[2048];

	snprintf(text, sizeof(text), "detection:\n  s: %s\n  condition: s\n",
	    sel);
	fails(text, 2, why);
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
	    "modifier 're' given twice");
	fails("detection:\n  s:\n    a..b: x\n  condition: s\n", 3,
	    "bad field path 'a..b'");
	fails("detection:\n  s:\n    '': x\n  condition: s\n", 3,
	    "bad field path ''");
	fails("detection:\n  s:\n    'a.|re': x\n  condition: s\n", 3,
	    "bad field path 'a.'");
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
	    "selection 's' must be a mapping or a list");
	fails("detection:\n  s: {}\n  condition: s\n", 2,
	    "selection 's' is empty");
	fails("detection:\n  s: []\n  condition: s\n", 2,
	    "selection 's' is empty");
	fails("detection:\n  s:\n    - {a: 1}\n    - [b]\n"
	    "  condition: s\n", 4, "selection 's' item 2 must be a mapping, "
	    "a string or an integer");
	fails("detection:\n  s:\n    - {a: 1}\n    - null\n"
	    "  condition: s\n", 4, "selection 's' item 2 must be a mapping, "
	    "a string or an integer");
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
	fails("detection:\n  s: {a: 1}\n  condition: 2 of s\n", 3,
	    "bad quantifier '2' in condition (1, any or all)");
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
	cr_assert_eq(matches(num, "{\"n\":\"3\"}"), 1, "a number as a string");
	cr_assert_eq(matches(num, "{\"n\":\"3.0\"}"), 1);
	cr_assert_eq(matches(num, "{\"n\":\" 3\"}"), 0, "not exactly a number");
	cr_assert_eq(matches(num, "{\"n\":\"03\"}"), 0, "not a JSON number");
	cr_assert_eq(matches(num, "{\"n\":\"0x3\"}"), 0);
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

Test(detection, wildcards_and_escapes)
{
	/* a backslash before a wildcard is itself escaped: \\* */
	cr_assert_eq(one("{p: 'C:\\Windows\\\\*.exe'}",
	    "{\"p\":\"c:\\\\windows\\\\cmd.EXE\"}"), 1);
	cr_assert_eq(one("{p: 'C:\\Windows\\\\*.exe'}",
	    "{\"p\":\"c:\\\\windows\\\\cmd.exe.txt\"}"), 0);
	cr_assert_eq(one("{p: 'C:\\Windows\\*.exe'}",
	    "{\"p\":\"c:\\\\windows\\\\cmd.exe\"}"), 0);
	cr_assert_eq(one("{p: 'C:\\Windows\\*.exe'}",
	    "{\"p\":\"c:\\\\windows*.exe\"}"), 1);
	cr_assert_eq(one("{p: prog?.exe}", "{\"p\":\"progA.exe\"}"), 1);
	cr_assert_eq(one("{p: prog?.exe}", "{\"p\":\"prog.exe\"}"), 0);
	cr_assert_eq(one("{p: prog?.exe}", "{\"p\":\"progÄ.exe\"}"), 1,
	    "'?' is one character, not one byte");
	cr_assert_eq(one("{p: 'a*b'}", "{\"p\":\"a\\nline\\nb\"}"), 1,
	    "'*' crosses lines");
	cr_assert_eq(one("{p: 'a\\*b'}", "{\"p\":\"a*b\"}"), 1);
	cr_assert_eq(one("{p: 'a\\*b'}", "{\"p\":\"axb\"}"), 0);
	cr_assert_eq(one("{p: 'a\\?'}", "{\"p\":\"a?\"}"), 1);
	cr_assert_eq(one("{p: 'a\\?'}", "{\"p\":\"ab\"}"), 0);
	cr_assert_eq(one("{p: 'a\\\\*'}", "{\"p\":\"a\\\\xyz\"}"), 1,
	    "an escaped backslash, then a wildcard");
	cr_assert_eq(one("{p: 'a\\\\\\*'}", "{\"p\":\"a\\\\*\"}"), 1);
	cr_assert_eq(one("{p: 'a\\\\\\*'}", "{\"p\":\"a\\\\x\"}"), 0);
	cr_assert_eq(one("{p: '*'}", "{\"p\":\"\"}"), 1);
	cr_assert_eq(one("{p: '*'}", "{\"p\":true}"), 0);
	cr_assert_eq(one("{p: '*'}", "{}"), 0);
	cr_assert_eq(one("{p: '**x**'}", "{\"p\":\"axb\"}"), 1);
	cr_assert_eq(one("{p: 'a.c'}", "{\"p\":\"abc\"}"), 0,
	    "other characters are plain");
	cr_assert_eq(one("{p: '(x)+[y]'}", "{\"p\":\"(X)+[Y]\"}"), 1);
	cr_assert_eq(one("{p: \"tab\\there\"}", "{\"p\":\"TAB\\there\"}"), 1);
}

Test(detection, contains_startswith_endswith)
{
	const char *c = "{m|contains: Secret}";
	const char *sw = "{m|startswith: 'feat('}";
	const char *ew = "{m|endswith: .PEM}";

	cr_assert_eq(one(c, "{\"m\":\"a SECRET here\"}"), 1);
	cr_assert_eq(one(c, "{\"m\":\"secre\"}"), 0);
	cr_assert_eq(one(c, "{\"m\":[\"x\",\"my secret\"]}"), 1);
	cr_assert_eq(one(c, "{\"m\":null}"), 0);
	cr_assert_eq(one(c, "{}"), 0);
	cr_assert_eq(one(sw, "{\"m\":\"Feat(core): x\"}"), 1);
	cr_assert_eq(one(sw, "{\"m\":\"a feat(core)\"}"), 0);
	cr_assert_eq(one(ew, "{\"m\":\"keys/id.pem\"}"), 1);
	cr_assert_eq(one(ew, "{\"m\":\"id.pem.bak\"}"), 0);
	cr_assert_eq(one("{m|contains: 'a*c'}", "{\"m\":\"xxabbbcxx\"}"), 1,
	    "wildcards inside contains");
	cr_assert_eq(one("{m|contains: ''}", "{\"m\":\"\"}"), 1);
	cr_assert_eq(one("{m|contains: [foo, bar]}", "{\"m\":\"a bar\"}"), 1);
	cr_assert_eq(one("{m|contains: [foo, bar]}", "{\"m\":\"baz\"}"), 0);
	cr_assert_eq(one("{m|startswith|endswith: ab}", "{\"m\":\"xaby\"}"), 1,
	    "both is contains");
}

Test(detection, cased)
{
	cr_assert_eq(one("{m|cased: Root}", "{\"m\":\"Root\"}"), 1);
	cr_assert_eq(one("{m|cased: Root}", "{\"m\":\"root\"}"), 0);
	cr_assert_eq(one("{m|contains|cased: API}", "{\"m\":\"an API key\"}"),
	    1);
	cr_assert_eq(one("{m|cased|contains: API}", "{\"m\":\"an api key\"}"),
	    0);
	bad1("{m|re|cased: x}", "modifier 'cased' cannot follow 're'");
}

Test(detection, numbers_as_strings_and_strings_as_numbers)
{
	cr_assert_eq(one("{port: '443'}", "{\"port\":443}"), 1,
	    "an integer is matched by its decimal text");
	cr_assert_eq(one("{port|startswith: '80'}", "{\"port\":8080}"), 1);
	cr_assert_eq(one("{port|re: '^80'}", "{\"port\":8080}"), 1);
	cr_assert_eq(one("{port: '443'}", "{\"port\":443.5}"), 0);
	cr_assert_eq(one("{b: 'true'}", "{\"b\":true}"), 0);
	cr_assert_eq(one("{n: 1e3}", "{\"n\":1000}"), 1);
	cr_assert_eq(one("{n: -2}", "{\"n\":\"-2\"}"), 1);
	cr_assert_eq(one("{n: -2}", "{\"n\":\"-2.5\"}"), 0);
	cr_assert_eq(one("{n: 12345678901234567}",
	    "{\"n\":\"12345678901234568\"}"), 0, "integers compare exactly");
}

Test(detection, regular_expression_flags)
{
	cr_assert_eq(one("{m|re|i: '^skip$'}", "{\"m\":\"SKIP\"}"), 1);
	cr_assert_eq(one("{m|re|ignorecase: '^skip$'}", "{\"m\":\"SKIP\"}"), 1);
	cr_assert_eq(one("{m|re: '^b$'}", "{\"m\":\"a\\nb\"}"), 0);
	cr_assert_eq(one("{m|re|m: '^b$'}", "{\"m\":\"a\\nb\"}"), 1);
	cr_assert_eq(one("{m|re|multiline: '^b$'}", "{\"m\":\"a\\nb\"}"), 1);
	cr_assert_eq(one("{m|re: 'a.b'}", "{\"m\":\"a\\nb\"}"), 0);
	cr_assert_eq(one("{m|re|s: 'a.b'}", "{\"m\":\"a\\nb\"}"), 1);
	cr_assert_eq(one("{m|re|dotall: 'a.b'}", "{\"m\":\"a\\nb\"}"), 1);
	cr_assert_eq(one("{m|re|i|m|s: '^X.Y$'}", "{\"m\":\"q\\nx\\ny\"}"), 1);
	cr_assert_eq(one("{m|re|contains: 'b'}", "{\"m\":\"abc\"}"), 1,
	    "contains after re changes nothing");
	cr_assert_eq(one("{m|re: [x, '^y']}", "{\"m\":\"yes\"}"), 1);
	cr_assert_eq(one("{m|re: 'true'}", "{\"m\":true}"), 0);
	bad1("{m|i: x}", "modifier 'i' needs 're' before it");
	bad1("{m|contains|i: x}", "modifier 'i' cannot follow 'contains'");
	bad1("{m|contains|re: x}", "modifier 're' cannot follow 'contains'");
	bad1("{m|re|i|i: x}", "modifier 'i' given twice");
	bad1("{m|re|i|ignorecase: x}", "modifier 'ignorecase' given twice");
}

Test(detection, all_values_must_match)
{
	const char *r = "{m|contains|all: [foo, bar]}";

	cr_assert_eq(one(r, "{\"m\":\"bar and foo\"}"), 1);
	cr_assert_eq(one(r, "{\"m\":\"foo only\"}"), 0);
	cr_assert_eq(one(r, "{}"), 0);
	cr_assert_eq(one(r, "{\"m\":[\"foo\",\"bar\"]}"), 1,
	    "each value may match another element");
	cr_assert_eq(one("{m|all|contains: [foo, bar]}",
	    "{\"m\":\"foobar\"}"), 1, "all may come anywhere");
	cr_assert_eq(one("{t|all: [a, b]}", "{\"t\":[\"b\",\"c\",\"a\"]}"), 1);
	cr_assert_eq(one("{t|all: [a, b]}", "{\"t\":[\"b\",\"c\"]}"), 0);
	cr_assert_eq(one("{n|all|gt: [1, 2]}", "{\"n\":3}"), 1);
	cr_assert_eq(one("{n|all|gt: [1, 2]}", "{\"n\":2}"), 0);
	bad1("{m|contains|all: foo}",
	    "modifier 'all' needs a list of two or more values");
	bad1("{m|contains|all: [foo]}",
	    "modifier 'all' needs a list of two or more values");
	bad1("{m|all|all: [a, b]}", "modifier 'all' given twice");
}

Test(detection, exists)
{
	const char *yes = "{x|exists: true}", *no = "{x|exists: false}";

	cr_assert_eq(one(yes, "{\"x\":\"\"}"), 1);
	cr_assert_eq(one(yes, "{\"x\":null}"), 1, "null is there");
	cr_assert_eq(one(yes, "{\"x\":[]}"), 1);
	cr_assert_eq(one(yes, "{\"y\":1}"), 0);
	cr_assert_eq(one(no, "{\"y\":1}"), 1);
	cr_assert_eq(one(no, "{\"x\":0}"), 0);
	cr_assert_eq(one("{a.b|exists: true}", "{\"a\":[{},{\"b\":1}]}"), 1);
	cr_assert_eq(one("{a.b|exists: true}", "{\"a\":[{},{}]}"), 0);
	cr_assert_eq(one("{a.b|exists: true}", "{\"a\":\"b\"}"), 0);
	bad1("{x|exists: yes}", "modifier 'exists' needs true or false");
	bad1("{x|exists: [true, false]}",
	    "modifier 'exists' needs true or false");
	bad1("{x|exists|contains: true}",
	    "modifier 'contains' cannot follow 'exists'");
	bad1("{x|contains|exists: true}",
	    "modifier 'exists' cannot follow 'contains'");
}

Test(detection, null_missing_and_arrays)
{
	cr_assert_eq(one("{a.b: null}", "{\"a\":{}}"), 1);
	cr_assert_eq(one("{a.b: null}", "{\"a\":[{\"b\":1},{\"b\":null}]}"),
	    1);
	cr_assert_eq(one("{a.b: null}", "{\"a\":[{\"b\":1}]}"), 0);
	cr_assert_eq(one("{a.b: null}", "{\"a\":{\"b\":[]}}"), 0);
	cr_assert_eq(one("{a.b: null}", "{\"a\":{\"b\":[null]}}"), 1);
	cr_assert_eq(one("{a.b: [null, x]}", "{\"a\":{\"b\":\"X\"}}"), 1);
	cr_assert_eq(one("{steps.uses|startswith: 'actions/'}",
	    "{\"steps\":[{\"run\":\"make\"},"
	    "{\"uses\":\"actions/checkout@v4\"}]}"),
	    1, "paths go through arrays of objects");
	cr_assert_eq(one("{a.b: x}", "{\"a\":[[{\"b\":\"x\"}]]}"), 1);
	cr_assert_eq(one("{a: x}", "{\"a\":[[\"y\"],[\"x\"]]}"), 1);
	cr_assert_eq(one("{a.b: x}", "{\"a\":\"x\"}"), 0);
	cr_assert_eq(one("{a: x}", "{\"a\":{\"b\":\"x\"}}"), 0);
}

Test(detection, comparisons_of_numbers)
{
	cr_assert_eq(one("{n|gt: 10}", "{\"n\":11}"), 1);
	cr_assert_eq(one("{n|gt: 10}", "{\"n\":10}"), 0);
	cr_assert_eq(one("{n|gte: 10}", "{\"n\":10}"), 1);
	cr_assert_eq(one("{n|lt: 10}", "{\"n\":9.5}"), 1);
	cr_assert_eq(one("{n|lt: 10}", "{\"n\":10}"), 0);
	cr_assert_eq(one("{n|lte: 10}", "{\"n\":10.0}"), 1);
	cr_assert_eq(one("{n|gt: 0.5}", "{\"n\":1}"), 1);
	cr_assert_eq(one("{n|gt: 10}", "{\"n\":\"11\"}"), 1,
	    "a number as text");
	cr_assert_eq(one("{n|gt: 10}", "{\"n\":\"eleven\"}"), 0);
	cr_assert_eq(one("{n|gt: 10}", "{\"n\":true}"), 0);
	cr_assert_eq(one("{n|gt: 10}", "{}"), 0);
	cr_assert_eq(one("{n|gt: 10}", "{\"n\":null}"), 0);
	cr_assert_eq(one("{n|gt: 10}", "{\"n\":[1,20]}"), 1);
	cr_assert_eq(one("{n|lt: -1}", "{\"n\":-9223372036854775807}"), 1);
	cr_assert_eq(one("{n|gt: [100, 5]}", "{\"n\":6}"), 1, "any value");
	bad1("{n|gt: ten}", "modifier 'gt' needs a number or an RFC 3339 time");
	bad1("{n|lte: true}",
	    "modifier 'lte' needs a number or an RFC 3339 time");
	bad1("{n|gt|contains: 1}", "modifier 'contains' cannot follow 'gt'");
	bad1("{n|gt|lt: 1}", "modifier 'lt' cannot follow 'gt'");
}

Test(detection, comparisons_of_times)
{
	const char *after = "{time|gte: '2026-03-01T00:00:00Z'}";

	cr_assert_eq(one(after, "{\"time\":\"2026-03-01T00:00:00.000Z\"}"), 1);
	cr_assert_eq(one(after, "{\"time\":\"2026-02-28T23:59:59.999Z\"}"), 0);
	cr_assert_eq(one(after, "{\"time\":\"2026-03-01T00:30:00+01:00\"}"),
	    0, "offsets are honoured");
	cr_assert_eq(one(after, "{\"time\":\"2026-02-28T23:30:00-01:00\"}"),
	    1);
	cr_assert_eq(one(after, "{\"time\":\"yesterday\"}"), 0);
	cr_assert_eq(one(after, "{\"time\":1772323200000}"), 0,
	    "a time compares with times only");
	cr_assert_eq(one("{time|lt: '2026-03-01 12:00:00.5+00:00'}",
	    "{\"time\":\"2026-03-01T12:00:00.499Z\"}"), 1);
	bad1("{time|gt: '2026-03-01'}",
	    "modifier 'gt' needs a number or an RFC 3339 time");
}

Test(detection, cidr)
{
	const char *v4 = "{ip|cidr: [10.0.0.0/8, 192.168.1.0/24]}";
	const char *v6 = "{ip|cidr: 'fd00::/8'}";

	cr_assert_eq(one(v4, "{\"ip\":\"10.200.3.4\"}"), 1);
	cr_assert_eq(one(v4, "{\"ip\":\"192.168.1.255\"}"), 1);
	cr_assert_eq(one(v4, "{\"ip\":\"192.168.2.1\"}"), 0);
	cr_assert_eq(one(v4, "{\"ip\":\"11.0.0.1\"}"), 0);
	cr_assert_eq(one(v4, "{\"ip\":\"10.0.0.1:443\"}"), 0);
	cr_assert_eq(one(v4, "{\"ip\":\"::ffff:10.0.0.1\"}"), 0,
	    "IPv6 never matches an IPv4 network");
	cr_assert_eq(one(v4, "{\"ip\":167772161}"), 0);
	cr_assert_eq(one(v4, "{\"ip\":[\"1.1.1.1\",\"10.1.1.1\"]}"), 1);
	cr_assert_eq(one(v6, "{\"ip\":\"fd12:3456::1\"}"), 1);
	cr_assert_eq(one(v6, "{\"ip\":\"fe80::1\"}"), 0);
	cr_assert_eq(one(v6, "{\"ip\":\"10.0.0.1\"}"), 0);
	cr_assert_eq(one("{ip|cidr: 10.0.0.7}", "{\"ip\":\"10.0.0.7\"}"), 1,
	    "an address is a network of one");
	cr_assert_eq(one("{ip|cidr: 0.0.0.0/0}", "{\"ip\":\"8.8.8.8\"}"), 1);
	cr_assert_eq(one("{ip|cidr: '10.0.0.0/9'}", "{\"ip\":\"10.127.0.1\"}"),
	    1);
	cr_assert_eq(one("{ip|cidr: '10.0.0.0/9'}", "{\"ip\":\"10.128.0.1\"}"),
	    0);
	cr_assert_eq(one("{ip|cidr: '::/0'}", "{\"ip\":\"2001:db8::1\"}"), 1);
	bad1("{ip|cidr: 10.0.0.300/8}", "bad CIDR '10.0.0.300/8'");
	bad1("{ip|cidr: 10.0.0.0/33}", "bad CIDR '10.0.0.0/33'");
	bad1("{ip|cidr: 10.0.0.0/}", "bad CIDR '10.0.0.0/'");
	bad1("{ip|cidr: 10.0.0.0/+8}", "bad CIDR '10.0.0.0/+8'");
	bad1("{ip|cidr: 'fd00::/129'}", "bad CIDR 'fd00::/129'");
	bad1("{ip|cidr: 10.1.2.3/8}",
	    "CIDR '10.1.2.3/8' has bits set after its prefix");
	bad1("{ip|cidr: 10}", "modifier 'cidr' needs a string value");
	bad1("{ip|contains|cidr: x}", "modifier 'cidr' cannot follow "
	    "'contains'");
	fails("detection:\n  s:\n    ip|cidr:\n      - 10.0.0.0/8\n"
	    "      - 300.0.0.0/8\n  condition: s\n", 5,
	    "bad CIDR '300.0.0.0/8'");
}

Test(detection, base64)
{
	/* "curl -d @.env" in base64 */
	cr_assert_eq(one("{c|base64: 'curl -d @.env'}",
	    "{\"c\":\"Y3VybCAtZCBALmVudg==\"}"), 1);
	cr_assert_eq(one("{c|base64|contains: 'curl -d @.env'}",
	    "{\"c\":\"echo Y3VybCAtZCBALmVudg== | base64 -d\"}"), 1);
	cr_assert_eq(one("{c|base64: 'curl -d @.env'}",
	    "{\"c\":\"curl -d @.env\"}"), 0);
	bad1("{c|base64: 'curl*'}",
	    "modifier 'base64' cannot encode a value with wildcards");
	bad1("{c|contains|base64: 'curl'}",
	    "modifier 'base64' cannot encode a value with wildcards");
	bad1("{c|base64: 3}", "modifier 'base64' needs a string value");
	bad1("{c|base64: null}", "modifier 'base64' needs a string value");
}

Test(detection, base64offset)
{
	const char *r = "{c|base64offset|contains: /bin/bash}";

	/* "/bin/bash" shifted by 0, 1 and 2 bytes, then encoded */
	cr_assert_eq(one(r, "{\"c\":\"L2Jpbi9iYXNoIC1p\"}"), 1);
	cr_assert_eq(one(r, "{\"c\":\"eC9iaW4vYmFzaA==\"}"), 1);
	cr_assert_eq(one(r, "{\"c\":\"eHgvYmluL2Jhc2g=\"}"), 1);
	cr_assert_eq(one(r, "{\"c\":\"L2Jpbi9zaA==\"}"), 0, "/bin/sh");
	cr_assert_eq(one("{c|base64offset|contains|all: [ab, cd]}",
	    "{\"c\":\"YWIgY2Q=\"}"), 1);
	cr_assert_eq(one("{c|base64offset|contains|all: [ab, cd]}",
	    "{\"c\":\"YWI=\"}"), 0);
	bad1("{c|base64offset|contains: a}",
	    "modifier 'base64offset' needs a value of 2 bytes or more");
	bad1("{c|base64offset|base64offset: ab}",
	    "modifier 'base64offset' given twice");
}

Test(detection, utf16)
{
	/* "cmd" in UTF-16LE, in UTF-16BE and with a byte order mark */
	cr_assert_eq(one("{c|wide|base64: cmd}", "{\"c\":\"YwBtAGQA\"}"), 1);
	cr_assert_eq(one("{c|utf16le|base64: cmd}", "{\"c\":\"YwBtAGQA\"}"), 1);
	cr_assert_eq(one("{c|utf16be|base64: cmd}", "{\"c\":\"AGMAbQBk\"}"), 1);
	cr_assert_eq(one("{c|utf16|base64: cmd}", "{\"c\":\"//5jAG0AZAA=\"}"),
	    1);
	cr_assert_eq(one("{c|wide|base64offset|contains: 'Invoke-'}",
	    "{\"c\":\"powershell -enc SQBuAHYAbwBrAGUALQBFAHgA\"}"), 1);
	bad1("{c|wide: cmd}",
	    "modifier 'wide' must be followed by 'base64' or 'base64offset'");
	bad1("{c|base64|utf16: cmd}",
	    "modifier 'utf16' must be followed by 'base64' or 'base64offset'");
	bad1("{c|wide|utf16le|base64: cmd}", "modifier 'utf16le' given twice");
}

Test(detection, windash)
{
	const char *r = "{c|windash|contains: ' -exec bypass'}";

	cr_assert_eq(one(r, "{\"c\":\"pwsh -exec bypass\"}"), 1);
	cr_assert_eq(one(r, "{\"c\":\"pwsh /exec bypass\"}"), 1);
	cr_assert_eq(one(r, "{\"c\":\"pwsh \\u2013exec bypass\"}"), 1);
	cr_assert_eq(one(r, "{\"c\":\"pwsh \\u2014exec bypass\"}"), 1);
	cr_assert_eq(one(r, "{\"c\":\"pwsh \\u2015exec bypass\"}"), 1);
	cr_assert_eq(one(r, "{\"c\":\"pwsh +exec bypass\"}"), 0);
	cr_assert_eq(one("{c|windash: 'git-lfs -f'}",
	    "{\"c\":\"git/lfs /f\"}"), 0, "a dash inside a word stays");
	cr_assert_eq(one("{c|windash: 'git-lfs -f'}",
	    "{\"c\":\"git-lfs /F\"}"), 1);
	cr_assert_eq(one("{c|windash: '-'}", "{\"c\":\"/\"}"), 0,
	    "only before a word character");
	bad1("{c|windash|base64: -x}",
	    "modifier 'base64' cannot follow 'windash'");
	bad1("{c|base64|windash: -x}",
	    "modifier 'windash' cannot follow 'base64'");
}

Test(detection, fieldref)
{
	cr_assert_eq(one("{a|fieldref: b}", "{\"a\":\"x\",\"b\":\"x\"}"), 1);
	cr_assert_eq(one("{a|fieldref: b}", "{\"a\":\"x\",\"b\":\"X\"}"), 0,
	    "field references compare exactly");
	cr_assert_eq(one("{a|fieldref: b}", "{\"a\":\"x\"}"), 0);
	cr_assert_eq(one("{a|fieldref: b}", "{}"), 0);
	cr_assert_eq(one("{a|fieldref: b}", "{\"a\":null,\"b\":null}"), 0);
	cr_assert_eq(one("{a|fieldref: b}", "{\"a\":2,\"b\":2}"), 1);
	cr_assert_eq(one("{a|fieldref: b}", "{\"a\":2,\"b\":\"2\"}"), 0);
	cr_assert_eq(one("{a|fieldref: p.q}",
	    "{\"a\":\"x\",\"p\":[{\"q\":\"y\"},{\"q\":\"x\"}]}"), 1);
	cr_assert_eq(one("{a|fieldref|contains: b}",
	    "{\"a\":\"alice@x\",\"b\":\"alice\"}"), 1);
	cr_assert_eq(one("{a|fieldref|startswith: b}",
	    "{\"a\":\"alice@x\",\"b\":\"@x\"}"), 0);
	cr_assert_eq(one("{a|fieldref|endswith: b}",
	    "{\"a\":\"alice@x\",\"b\":\"@x\"}"), 1);
	cr_assert_eq(one("{a|fieldref|neq: b}", "{\"a\":\"x\",\"b\":\"y\"}"),
	    1);
	bad1("{a|fieldref: 3}", "modifier 'fieldref' needs a field path");
	bad1("{a|fieldref: 'b..c'}", "bad field path 'b..c'");
	bad1("{a|fieldref|re: b}", "modifier 're' cannot follow 'fieldref'");
}

Test(detection, neq)
{
	cr_assert_eq(one("{a|neq: x}", "{\"a\":\"y\"}"), 1);
	cr_assert_eq(one("{a|neq: x}", "{\"a\":\"X\"}"), 0);
	cr_assert_eq(one("{a|neq: x}", "{}"), 1, "a missing field differs");
	cr_assert_eq(one("{a|neq: [x, y]}", "{\"a\":\"y\"}"), 0);
	cr_assert_eq(one("{a|neq: 3}", "{\"a\":4}"), 1);
	cr_assert_eq(one("{a|contains|neq: x}", "{\"a\":\"abc\"}"), 1);
}

Test(detection, keywords)
{
	const char *list = "['mimikatz', 'sekurlsa::*']";

	cr_assert_eq(one(list, "{\"commit\":{\"message\":\"Add MIMIKATZ\"}}"),
	    1, "keywords are found inside any string");
	cr_assert_eq(one(list, "{\"a\":[{\"b\":\"run sekurlsa::logon\"}]}"), 1);
	cr_assert_eq(one(list, "{\"mimikatz\":\"key names are not searched\"}"),
	    0);
	cr_assert_eq(one(list, "{}"), 0);
	cr_assert_eq(one("[4625]", "{\"event\":{\"code\":4625}}"), 1);
	cr_assert_eq(one("[4625]", "{\"event\":{\"code\":\"x4625x\"}}"), 1);
	cr_assert_eq(one("{'|all': [push, force]}",
	    "{\"a\":\"git push\",\"b\":\"--force\"}"), 1);
	cr_assert_eq(one("{'|all': [push, force]}", "{\"a\":\"git push\"}"),
	    0);
	cr_assert_eq(one("{'|re': '^v[0-9]+$'}", "{\"tag\":\"v12\"}"), 1);
	cr_assert_eq(one("{'|cased': Key}", "{\"a\":\"a key\"}"), 0);
	cr_assert_eq(one("{'|cased': Key}", "{\"a\":\"a Key\"}"), 1);
	cr_assert_eq(one("[{kind: tag}, force]", "{\"kind\":\"tag\"}"), 1,
	    "a list may mix mappings and keywords");
	cr_assert_eq(one("[{kind: tag}, force]", "{\"x\":\"-f force\"}"), 1);
	cr_assert_eq(one("[{kind: tag}, force]", "{\"kind\":\"commit\"}"), 0);
	bad1("{'|exists': true}", "modifier 'exists' needs a field");
	bad1("{'|gt': 3}", "modifier 'gt' needs a field");
	bad1("{'|cidr': 10.0.0.0/8}", "modifier 'cidr' needs a field");
	bad1("{'|fieldref': a}", "modifier 'fieldref' needs a field");
	bad1("{'|contains': true}", "keyword must be a string or an integer");
	bad1("[1.5]", "selection 's' item 1 must be a mapping, a string or "
	    "an integer");
}

Test(detection, modifier_errors)
{
	bad1("{a|containz: x}", "unknown modifier 'containz'");
	bad1("{a|CONTAINS: x}", "unknown modifier 'CONTAINS'");
	bad1("{a|contains|contains: x}", "modifier 'contains' given twice");
	bad1("{a|expand: '%admins%'}", "modifier 'expand' is not supported");
	bad1("{a|hour: 3}", "modifier 'hour' is not supported");
	bad1("{a|contains: 3}", "modifier 'contains' needs a string value");
	bad1("{a|startswith: [x, true]}",
	    "modifier 'startswith' needs a string value");
	bad1("{a|cidr|cased: 10.0.0.0/8}",
	    "modifier 'cased' cannot follow 'cidr'");
	bad1("{a|re|windash: x}", "modifier 'windash' cannot follow 're'");
	bad1("{a|exists|all: [true, false]}",
	    "modifier 'exists' needs true or false");
	fails("detection:\n  s:\n    a|contains:\n      - x\n      - 7\n"
	    "  condition: s\n", 5, "modifier 'contains' needs a string value");
	fails("detection:\n  s:\n    - a: x\n    - b|base64offset: [xy, z]\n"
	    "  condition: s\n", 4,
	    "modifier 'base64offset' needs a value of 2 bytes or more");
}

Test(detection, quantified_selections)
{
	const char *sels = "detection:\n  sel_a: {a: 1}\n  sel_b: {b: 1}\n"
	    "  other: {c: 1}\n  _hidden: {d: 1}\n  condition: %s\n";
	char text[512];

#define COND(c) (snprintf(text, sizeof(text), sels, c), text)
	cr_assert_eq(matches(COND("1 of sel_*"), "{\"b\":1}"), 1);
	cr_assert_eq(matches(COND("1 of sel_*"), "{\"c\":1}"), 0);
	cr_assert_eq(matches(COND("any of sel_*"), "{\"a\":1}"), 1);
	cr_assert_eq(matches(COND("all of sel_*"), "{\"a\":1}"), 0);
	cr_assert_eq(matches(COND("all of sel_*"), "{\"a\":1,\"b\":1}"), 1);
	cr_assert_eq(matches(COND("1 of them"), "{\"c\":1}"), 1);
	cr_assert_eq(matches(COND("1 of them"), "{\"d\":1}"), 0,
	    "them leaves out names starting with '_'");
	cr_assert_eq(matches(COND("all of them"),
	    "{\"a\":1,\"b\":1,\"c\":1}"), 1);
	cr_assert_eq(matches(COND("1 of _*"), "{\"d\":1}"), 1,
	    "a pattern starting with '_' selects them");
	cr_assert_eq(matches(COND("1 of *"), "{\"d\":1}"), 0);
	cr_assert_eq(matches(COND("1 of *a"), "{\"a\":1}"), 1);
	cr_assert_eq(matches(COND("1 of s*_b"), "{\"b\":1}"), 1);
	cr_assert_eq(matches(COND("1 of other"), "{\"c\":1}"), 1);
	cr_assert_eq(matches(COND("not 1 of sel_*"), "{\"c\":1}"), 1,
	    "'of' binds tighter than not");
	cr_assert_eq(matches(COND("not 1 of sel_*"), "{\"a\":1}"), 0);
	cr_assert_eq(matches(COND("other and not 1 of sel_*"),
	    "{\"c\":1,\"b\":1}"), 0);
	cr_assert_eq(matches(COND("1 of sel_* and other"), "{\"a\":1}"), 0);
	cr_assert_eq(matches(COND("all of sel_* or other"), "{\"c\":1}"), 1);
	cr_assert_eq(matches(COND("(1 of sel_*) and not _hidden"),
	    "{\"a\":1}"), 1);
	snprintf(text, sizeof(text), "detection:\n  _x: {a: 1}\n"
	    "  condition: 1 of them\n");
	fails(text, 3, "no selection matches 'them' in condition");
	fails(COND("1 of filter*"), 6,
	    "no selection matches 'filter*' in condition");
	fails(COND("one of sel_*"), 6,
	    "bad quantifier 'one' in condition (1, any or all)");
	fails(COND("1 of"), 6, "condition ends too early");
	fails(COND("1 of (sel_a)"), 6, "unexpected '(' in condition");
	fails(COND("1 of and"), 6, "unexpected 'and' in condition");
	fails(COND("1 of all"), 6, "unexpected 'all' in condition");
	fails(COND("all sel_a"), 6, "unexpected 'all' in condition");
	fails(COND("sel_*"), 6, "unexpected 'sel_*' in condition");
	fails("detection:\n  any: {a: 1}\n  condition: any\n", 2,
	    "selection name 'any' is reserved");
#undef COND
}

Test(detection, unused_selections)
{
	struct dp_detection *d;
	struct dp_error err;
	const char *name;
	size_t i = 0;
	long line;

	d = compile("detection:\n  a: {a: 1}\n  b: {b: 1}\n  sel_c: {c: 1}\n"
	    "  _d: {d: 1}\n  condition: a and not 1 of sel_*\n", &err);
	cr_assert_not_null(d, "%s", err.text);
	name = dp_detection_unused(d, &i, &line);
	cr_assert_str_eq(name, "b");
	cr_assert_eq(line, 3);
	name = dp_detection_unused(d, &i, &line);
	cr_assert_str_eq(name, "_d");
	cr_assert_eq(line, 5);
	cr_assert_null(dp_detection_unused(d, &i, &line));
	cr_assert_null(dp_detection_unused(d, &i, &line));
	dp_detection_free(d);
	d = compile("detection:\n  a: {a: 1}\n  b: {b: 1}\n"
	    "  condition: [a, 1 of them]\n", &err);
	cr_assert_not_null(d, "%s", err.text);
	i = 0;
	cr_assert_null(dp_detection_unused(d, &i, &line));
	dp_detection_free(d);
}
