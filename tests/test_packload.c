#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "packload.h"

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
	snprintf(folder, sizeof(folder), "/tmp/dp-packload.XXXXXX");
	cr_assert_not_null(mkdtemp(folder));
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", folder);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(packload, .init = setup, .fini = teardown);

/* What an item handler saw: its items' ids, levels and examples. */
struct seen {
	char text[1024];
	int items;
};

static int
item(struct dp_packload *pl, const json_t *obj, long line, void *arg)
{
	static const char *const known[] = { "path", "text", NULL };
	static const char *const keys[] = { "id", "severity", "confidence",
		"bytes", "examples", NULL };
	enum dp_rule_severity sev;
	enum dp_rule_confidence conf;
	json_t *match = NULL, *nomatch = NULL, *ex;
	struct seen *s = arg;
	pcre2_code **res = NULL;
	char *id = NULL;
	size_t n = 0, used;
	int rc = -1;

	if (dp_packload_known_keys(pl, obj, keys, "item") != 0 ||
	    dp_packload_id(pl, obj, line, &id) != 0 ||
	    dp_packload_levels(pl, obj, line, &sev, &conf) != 0 ||
	    dp_packload_regex_list(pl, obj, "bytes", 0, &res, &n) != 0 ||
	    dp_packload_examples(pl, obj, line, known, &match,
	    &nomatch) != 0)
		goto out;
	ex = json_array_get(match, 0);
	used = strlen(s->text);
	snprintf(s->text + used, sizeof(s->text) - used,
	    "%s:%ld:%d:%d:%zu:%s:%lld\n", id, line, (int)sev, (int)conf, n,
	    json_string_value(json_object_get(ex, "path")),
	    json_integer_value(json_object_get(ex, "line")));
	s->items++;
	rc = 0;
out:
	free(id);
	dp_packload_regex_free(res, n);
	json_decref(match);
	json_decref(nomatch);
	return rc;
}

static int
file(struct dp_packload *pl, const char *name, const json_t *root,
    void *arg)
{
	(void)name;
	return dp_packload_family(pl, root, "items", item, arg);
}

/* Loads the folder; returns the number of problems, the first in err. */
static int
load(struct seen *s, struct dp_error *err)
{
	struct dp_packload pl;

	memset(s, 0, sizeof(*s));
	dp_packload_init(&pl, "item", NULL, NULL);
	(void)dp_packload_dir(&pl, folder, file, s);
	*err = pl.first;
	return pl.nproblems;
}

#define HEAD "family: t\nitems:\n  - id: a\n    severity: low\n"
#define EX "    examples: {match: [x.key], nomatch: [{path: y}]}\n"

/* t.yml holds text, whose first problem must be why at line. */
static void
fails(const char *text, long line, const char *why)
{
	struct dp_error err;
	struct seen s;

	put("t.yml", text);
	cr_assert_gt(load(&s, &err), 0, "loaded: %s", text);
	cr_assert_eq(err.code, DP_ERR_CONFIG, "%s", err.text);
	cr_assert_str_eq(err.text, why);
	cr_assert_eq(err.line, line, "line %ld for %s", err.line, why);
}

Test(packload, reads_the_items_of_every_family_file_in_name_order)
{
	struct dp_error err;
	struct seen s;

	put("b.yml", "family: b\nitems:\n  - id: b1\n    severity: high\n"
	    "    confidence: high\n    bytes: ['\\A\\xfe\\xed']\n"
	    "    examples:\n      match:\n        - {path: k.jks, text: x}\n"
	    "      nomatch: [z]\n");
	put("t.yml", HEAD EX);
	put(".hidden.yml", "not: read\n");
	put("notes.txt", "not read");
	cr_assert_eq(load(&s, &err), 0, "%s", err.text);
	cr_assert_str_eq(s.text, "b1:3:3:2:1:k.jks:9\na:3:1:1:0:x.key:5\n");
}

Test(packload, reports_the_shared_errors)
{
	fails("- a\n", 1, "a item file must be one mapping");
	fails("family: u\nitems: [1]\n", 1, "family 'u' is not the file's "
	    "name 't'");
	fails("family: t\n", 1, "missing key 'items'");
	fails("family: t\nitems: {}\n", 2, "'items' must be a non-empty list");
	fails("family: t\nitems: []\nmore: 1\n", 3,
	    "unknown key 'more' in item file");
	fails("family: t\nitems:\n  - id: A\n", 3,
	    "bad item id 'A' (a-z, 0-9 and '-')");
	fails("family: t\nitems:\n  - id: ''\n", 3,
	    "'id' must be a non-empty string");
	fails(HEAD "    confidence: sure\n" EX, 5,
	    "bad confidence 'sure' (low, medium, high)");
	fails("family: t\nitems:\n  - id: a\n    severity: bad\n" EX, 4,
	    "bad severity 'bad' (info, low, medium, high, critical)");
	fails(HEAD "    bytes: x\n" EX, 5,
	    "'bytes' must be a list of regular expressions");
	fails(HEAD "    bytes: [1]\n" EX, 5,
	    "'bytes' must be a list of regular expressions");
	fails(HEAD "    bytes: ['(']\n" EX, 5,
	    "bad regular expression '(': missing closing parenthesis at "
	    "offset 1");
	fails(HEAD, 3, "missing key 'examples'");
	fails(HEAD "    examples: []\n", 5,
	    "'examples' must be a mapping {match, nomatch}");
	fails(HEAD "    examples: {match: [a], nomatch: [b], maybe: [c]}\n",
	    5, "unknown key 'maybe' in examples");
	fails(HEAD "    examples: {match: [a]}\n", 5,
	    "missing key 'nomatch' in examples");
	fails(HEAD "    examples: {match: [], nomatch: [b]}\n", 5,
	    "'match' must be a non-empty list of examples");
	fails(HEAD "    examples: {match: [[a]], nomatch: [b]}\n", 5,
	    "match example 1 must be a string or a mapping {path, text}");
	fails(HEAD "    examples: {match: [{text: a}], nomatch: [b]}\n", 5,
	    "missing key 'path'");
	fails(HEAD "    examples: {match: [{path: a, hex: b}], nomatch: [b]}\n",
	    5, "unknown key 'hex' in example");
	fails(HEAD "    examples: {match: [{path: a, text: ''}], "
	    "nomatch: [b]}\n", 5, "'text' must be a non-empty string");
}

Test(packload, reads_on_after_a_bad_file)
{
	struct dp_error err;
	struct seen s;

	put("a.yml", "family: [a\n");
	put("b.yml", HEAD "    examples: {match: [a], nomatch: [b]}\n");
	put("t.yml", HEAD EX);
	cr_assert_eq(load(&s, &err), 2);
	cr_assert_str_eq(err.source + strlen(folder), "/a.yml");
	cr_assert_eq(s.items, 1);
}

Test(packload, reports_a_folder_that_cannot_be_read)
{
	struct dp_packload pl;

	dp_packload_init(&pl, "item", NULL, NULL);
	cr_assert_eq(dp_packload_dir(&pl, "/nonexistent/dp", file, NULL), -1);
	cr_assert_eq(pl.nproblems, 1);
	cr_assert_eq(pl.first.code, DP_ERR_CONFIG);
	cr_assert_str_eq(pl.first.text, "cannot read items folder "
	    "'/nonexistent/dp': No such file or directory");
}
