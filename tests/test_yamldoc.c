#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "yamldoc.h"

static struct dp_yamldoc *
load(const char *text, struct dp_error *err)
{
	return dp_yamldoc_load_buffer(text, strlen(text), 0, "x.yml", NULL,
	    err);
}

static struct dp_yamldoc *
load_json(const char *text, struct dp_error *err)
{
	return dp_yamldoc_load_buffer(text, strlen(text), 1, "x.json", NULL,
	    err);
}

/* Loads text that must fail and checks the error's line and text. */
static void
fails(const char *text, long line, const char *why)
{
	struct dp_error err;

	dp_error_clear(&err);
	cr_assert_null(load(text, &err), "loaded: %s", text);
	cr_assert_eq(err.code, DP_ERR_DATA, "%s", err.text);
	cr_assert_str_eq(err.source, "x.yml");
	cr_assert_str_eq(err.text, why);
	cr_assert_eq(err.line, line, "line %ld for %s", err.line, why);
}

static char *
dump(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

Test(yamldoc, maps_sequences_and_core_schema)
{
	struct dp_yamldoc *doc;
	char *s;

	doc = load("s: text\nq: \"true\"\nn1: ~\nn2: null\nn3:\nb: True\n"
	    "f: FALSE\ni: -42\no: 0o17\nx: 0xff\nr: 1.5e3\nd: .5\n"
	    "t: !!str 12\nl: [1, two, 'three']\nm: {a: {b: c}}\n"
	    "v: 1.2.3\n", NULL);
	cr_assert_not_null(doc);
	cr_assert_eq(dp_yamldoc_count(doc), 1);
	s = dump(dp_yamldoc_root(doc, 0));
	cr_assert_str_eq(s, "{\"s\":\"text\",\"q\":\"true\",\"n1\":null,"
	    "\"n2\":null,\"n3\":null,\"b\":true,\"f\":false,\"i\":-42,"
	    "\"o\":15,\"x\":255,\"r\":1500.0,\"d\":0.5,\"t\":\"12\","
	    "\"l\":[1,\"two\",\"three\"],\"m\":{\"a\":{\"b\":\"c\"}},"
	    "\"v\":\"1.2.3\"}");
	free(s);
	dp_yamldoc_free(doc);
}

Test(yamldoc, lines_of_nodes_keys_and_items)
{
	struct dp_yamldoc *doc;
	json_t *root, *list;

	doc = load("# comment\nid: x\nflags:\n  - true\n  - text\n"
	    "  - null\nsub:\n  deep: false\n", NULL);
	cr_assert_not_null(doc);
	root = dp_yamldoc_root(doc, 0);
	list = json_object_get(root, "flags");
	cr_assert_eq(dp_yamldoc_line(doc, root), 2);
	cr_assert_eq(dp_yamldoc_key_line(doc, root, "id"), 2);
	cr_assert_eq(dp_yamldoc_line(doc, json_object_get(root, "id")), 2);
	cr_assert_eq(dp_yamldoc_key_line(doc, root, "flags"), 3);
	cr_assert_eq(dp_yamldoc_line(doc, list), 4);
	cr_assert_eq(dp_yamldoc_item_line(doc, list, 0), 4);
	cr_assert_eq(dp_yamldoc_item_line(doc, list, 1), 5);
	cr_assert_eq(dp_yamldoc_item_line(doc, list, 2), 6);
	cr_assert_eq(dp_yamldoc_line(doc, json_array_get(list, 0)), 0,
	    "true is a shared singleton");
	cr_assert_eq(dp_yamldoc_key_line(doc, json_object_get(root, "sub"),
	    "deep"), 8);
	cr_assert_eq(dp_yamldoc_key_line(doc, root, "nope"), 0);
	cr_assert_eq(dp_yamldoc_item_line(doc, list, 9), 0);
	dp_yamldoc_free(doc);
}

Test(yamldoc, several_documents)
{
	struct dp_yamldoc *doc;

	doc = load("a: 1\n---\nb: 2\n---\n", NULL);
	cr_assert_not_null(doc);
	cr_assert_eq(dp_yamldoc_count(doc), 3);
	cr_assert_eq(json_integer_value(json_object_get(
	    dp_yamldoc_root(doc, 1), "b")), 2);
	cr_assert_eq(dp_yamldoc_line(doc, dp_yamldoc_root(doc, 1)), 3);
	cr_assert(json_is_null(dp_yamldoc_root(doc, 2)));
	dp_yamldoc_free(doc);
	doc = load("# only a comment\n", NULL);
	cr_assert_not_null(doc);
	cr_assert_eq(dp_yamldoc_count(doc), 0);
	dp_yamldoc_free(doc);
}

Test(yamldoc, many_nodes_keep_their_lines)
{
	struct dp_yamldoc *doc;
	char *text, *p;
	json_t *root;
	size_t i;

	text = malloc(2000 * 16);
	cr_assert_not_null(text);
	for (i = 0, p = text; i < 2000; i++)
		p += snprintf(p, 16, "k%zu: %zu\n", i, i);
	doc = load(text, NULL);
	cr_assert_not_null(doc);
	root = dp_yamldoc_root(doc, 0);
	cr_assert_eq(json_object_size(root), 2000);
	cr_assert_eq(dp_yamldoc_key_line(doc, root, "k0"), 1);
	cr_assert_eq(dp_yamldoc_key_line(doc, root, "k1234"), 1235);
	cr_assert_eq(dp_yamldoc_line(doc, json_object_get(root, "k1999")),
	    2000);
	dp_yamldoc_free(doc);
	free(text);
}

Test(yamldoc, syntax_error_has_line_and_column)
{
	struct dp_error err;

	cr_assert_null(load("a: 1\n  b: 2\n", &err));
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_eq(err.line, 2);
	cr_assert_eq(err.column, 4);
	cr_assert_str_eq(err.text,
	    "mapping values are not allowed in this context");
	cr_assert_null(load("a: [1, 2\nb: 3\n", &err));
	cr_assert_eq(err.line, 2);
	cr_assert(strstr(err.text, "while parsing a flow sequence at line 1")
	    != NULL, "%s", err.text);
}

Test(yamldoc, invalid_utf8_is_located)
{
	struct dp_error err;

	cr_assert_null(load("a: 1\nb: x\xff\n", &err));
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_eq(err.line, 2);
	cr_assert_eq(err.column, 5);
	cr_assert_str_eq(err.text, "invalid leading UTF-8 octet");
}

Test(yamldoc, duplicate_key)
{
	fails("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first at line 1)");
	fails("m:\n  x: 1\n  'x': 2\n", 3,
	    "duplicate key 'x' (first at line 2)");
}

Test(yamldoc, anchors_and_aliases)
{
	fails("a: &x [1, 2]\nb: 2\n", 1, "anchor '&x' is not allowed");
	fails("a: 1\nb: *x\n", 2, "alias '*x' is not allowed");
}

Test(yamldoc, tags_and_keys)
{
	fails("a: !!int 3\n", 1, "unsupported tag 'tag:yaml.org,2002:int'");
	fails("a: !custom x\n", 1, "unsupported tag '!custom'");
	fails("a: !!seq {b: 1}\n", 1,
	    "unsupported tag 'tag:yaml.org,2002:seq'");
	fails("? [1, 2]\n: x\n", 1, "a mapping key must be a scalar");
	fails("\"a\\0b\": 1\n", 1, "key contains a NUL byte");
}

Test(yamldoc, numbers_out_of_range)
{
	fails("a: 1\nb: 99999999999999999999\n", 2,
	    "number '99999999999999999999' is out of range");
	fails("a: 0xffffffffffffffffff\n", 1,
	    "number '0xffffffffffffffffff' is out of range");
	fails("a: 1e999\n", 1, "number '1e999' is out of range");
	fails("a: -.inf\n", 1, "non-finite number '-.inf' is not supported");
	fails("a: .NaN\n", 1, "non-finite number '.NaN' is not supported");
}

Test(yamldoc, bounds)
{
	struct dp_yamldoc_limits lim = DP_YAMLDOC_LIMITS_INIT;
	struct dp_yamldoc *doc;
	struct dp_error err;
	char deep[200];
	size_t i;

	for (i = 0; i < 65; i++)
		deep[i] = '[';
	deep[i] = '\0';
	fails(deep, 1, "nesting deeper than 64 levels");
	memset(deep, 0, sizeof(deep));
	for (i = 0; i < 64; i++)
		deep[i] = '[';
	for (; i < 128; i++)
		deep[i] = ']';
	doc = load(deep, &err);
	cr_assert_not_null(doc, "%s", err.text);
	dp_yamldoc_free(doc);

	lim.max_nodes = 4;
	cr_assert_null(dp_yamldoc_load_buffer("a: [1,\n 2]\n", 11, 0, "x.yml",
	    &lim, &err));
	cr_assert_str_eq(err.text, "more than 4 nodes");
	cr_assert_eq(err.line, 2);
	lim = (struct dp_yamldoc_limits)DP_YAMLDOC_LIMITS_INIT;
	lim.max_bytes = 8;
	cr_assert_null(dp_yamldoc_load_buffer("a: 12345\n", 9, 0, "x.yml",
	    &lim, &err));
	cr_assert_str_eq(err.text, "larger than 8 bytes");
	cr_assert_eq(err.code, DP_ERR_DATA);
}

Test(yamldoc, json_errors_are_jansson_exact)
{
	struct dp_error err;

	cr_assert_null(load_json("{\"a\": 1,\n \"b\": }\n", &err));
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_str_eq(err.source, "x.json");
	cr_assert_eq(err.line, 2);
	cr_assert_eq(err.column, 7);
	cr_assert_str_eq(err.text, "unexpected token near '}'");
	cr_assert_null(load_json("{\"a\": 1,\n \"a\": 2}", &err));
	cr_assert_eq(err.line, 2);
	cr_assert(strstr(err.text, "duplicate object key") != NULL, "%s",
	    err.text);
}

Test(yamldoc, json_has_lines)
{
	struct dp_yamldoc *doc;
	json_t *root;

	doc = load_json("{\n  \"a\": 1.5,\n  \"b\": [true,\n    \"x\"]\n}\n",
	    NULL);
	cr_assert_not_null(doc);
	root = dp_yamldoc_root(doc, 0);
	cr_assert(json_is_real(json_object_get(root, "a")));
	cr_assert_eq(dp_yamldoc_key_line(doc, root, "b"), 3);
	cr_assert_eq(dp_yamldoc_item_line(doc, json_object_get(root, "b"), 1),
	    4);
	dp_yamldoc_free(doc);
}

Test(yamldoc, json_that_yaml_reads_otherwise_has_no_lines)
{
	struct dp_yamldoc *doc;
	char text[2100];
	json_t *root;

	/* YAML limits implicit keys to 1024 characters; JSON does not */
	memset(text, 'k', sizeof(text));
	text[0] = '{';
	text[1] = '"';
	memcpy(text + 2000, "\": 1}", 6);
	doc = load_json(text, NULL);
	cr_assert_not_null(doc);
	root = dp_yamldoc_root(doc, 0);
	cr_assert_eq(json_object_size(root), 1);
	cr_assert_eq(dp_yamldoc_line(doc, root), 0);
	dp_yamldoc_free(doc);
}

Test(yamldoc, json_bounds_without_lines)
{
	struct dp_yamldoc_limits lim = DP_YAMLDOC_LIMITS_INIT;
	struct dp_error err;
	char text[2100];

	memset(text, 'k', sizeof(text));
	memcpy(text, "{\"", 2);
	memcpy(text + 2000, "\": [[1]]}", 10);
	lim.max_depth = 2;
	cr_assert_null(dp_yamldoc_load_buffer(text, strlen(text), 1, "x.json",
	    &lim, &err));
	cr_assert_str_eq(err.text, "nesting deeper than 2 levels");
	cr_assert_eq(err.line, 0);
	lim.max_depth = 64;
	lim.max_nodes = 2;
	cr_assert_null(dp_yamldoc_load_buffer(text, strlen(text), 1, "x.json",
	    &lim, &err));
	cr_assert_str_eq(err.text, "more than 2 nodes");
}

Test(yamldoc, files)
{
	char path[] = "/tmp/test_yamldoc.XXXXXX";
	struct dp_yamldoc_limits lim = DP_YAMLDOC_LIMITS_INIT;
	struct dp_yamldoc *doc;
	struct dp_error err;
	FILE *fp;
	int fd;

	cr_assert_null(dp_yamldoc_load_file("/nonexistent/r.yml", "r.yml",
	    NULL, &err));
	cr_assert_eq(err.code, DP_ERR_NOINPUT);
	cr_assert_str_eq(err.text,
	    "cannot open 'r.yml': No such file or directory");
	cr_assert_null(dp_yamldoc_load_file("/tmp", NULL, NULL, &err));
	cr_assert_eq(err.code, DP_ERR_NOINPUT);
	cr_assert_str_eq(err.text, "cannot read '/tmp': Is a directory");

	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	fp = fdopen(fd, "w");
	fputs("a: [1, 2]\nb: c\n", fp);
	fclose(fp);
	doc = dp_yamldoc_load_file(path, "rules/x.yml", NULL, &err);
	cr_assert_not_null(doc, "%s", err.text);
	cr_assert_str_eq(dp_yamldoc_source(doc), "rules/x.yml");
	cr_assert_eq(dp_yamldoc_key_line(doc, dp_yamldoc_root(doc, 0), "b"),
	    2);
	dp_yamldoc_free(doc);
	lim.max_bytes = 10;
	cr_assert_null(dp_yamldoc_load_file(path, "rules/x.yml", &lim, &err));
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_str_eq(err.text, "larger than 10 bytes");
	unlink(path);
}
