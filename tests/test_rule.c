#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "rule.h"

/* Three lines that every test rule starts with. */
#define HEAD "id: r1\ntitle: A rule\nseverity: high\n"

static struct dp_ruleset *
set_of(const char *text, struct dp_error *err)
{
	struct dp_ruleset *rs = dp_ruleset_new(NULL, NULL, err);

	cr_assert_not_null(rs);
	if (dp_ruleset_add_buffer(rs, "rules/x.yml", "x.yml", text,
	    strlen(text), err) != 0) {
		dp_ruleset_free(rs);
		return NULL;
	}
	return rs;
}

/* Loads text that must fail and checks the error's line and text. */
static void
fails(const char *text, long line, const char *why)
{
	struct dp_error err;

	dp_error_clear(&err);
	cr_assert_null(set_of(text, &err), "loaded: %s", text);
	cr_assert_eq(err.code, DP_ERR_CONFIG, "%s", err.text);
	cr_assert_str_eq(err.source, "rules/x.yml");
	cr_assert_str_eq(err.text, why);
	cr_assert_eq(err.line, line, "line %ld for %s", err.line, why);
}

Test(rule, loads_every_key)
{
	const struct dp_rule *r;
	struct dp_ruleset *rs;
	struct dp_error err;

	rs = set_of("id: dp-x.1\ntitle: T\nseverity: critical\n"
	    "confidence: low\ndescription: D\nremediation: R\n"
	    "tags: [attack.t1078]\ncontrols: ['soc2:CC8.1']\n"
	    "falsepositives: [none]\nstatus: test\nauthor: me\n"
	    "detection:\n  s: {kind: a}\n  condition: s\n", &err);
	cr_assert_not_null(rs, "%s", err.text);
	cr_assert_eq(dp_ruleset_count(rs), 1);
	r = dp_ruleset_rule(rs, 0);
	cr_assert_str_eq(r->id, "dp-x.1");
	cr_assert_str_eq(r->title, "T");
	cr_assert_str_eq(r->description, "D");
	cr_assert_str_eq(r->remediation, "R");
	cr_assert_eq(r->severity, DP_RULE_SEVERITY_CRITICAL);
	cr_assert_eq(r->confidence, DP_RULE_CONFIDENCE_LOW);
	cr_assert_str_eq(json_string_value(json_array_get(r->tags, 0)),
	    "attack.t1078");
	cr_assert_str_eq(json_string_value(json_array_get(r->controls, 0)),
	    "soc2:CC8.1");
	cr_assert_eq(json_array_size(r->falsepositives), 1);
	cr_assert_str_eq(r->path, "x.yml");
	cr_assert_str_eq(r->source, "rules/x.yml");
	cr_assert_eq(r->line, 1);
	cr_assert_null(dp_ruleset_rule(rs, 1));
	dp_ruleset_free(rs);
}

Test(rule, defaults_and_several_documents)
{
	const struct dp_rule *r;
	struct dp_ruleset *rs;
	struct dp_error err;

	rs = set_of(HEAD "detection: {s: {kind: a}, condition: s}\n---\n"
	    "id: r2\ntitle: B\nseverity: info\n"
	    "detection: {s: {kind: b}, condition: s}\n", &err);
	cr_assert_not_null(rs, "%s", err.text);
	cr_assert_eq(dp_ruleset_count(rs), 2);
	r = dp_ruleset_rule(rs, 0);
	cr_assert_eq(r->confidence, DP_RULE_CONFIDENCE_MEDIUM);
	cr_assert_null(r->description);
	cr_assert_eq(json_array_size(r->tags), 0);
	r = dp_ruleset_rule(rs, 1);
	cr_assert_str_eq(r->id, "r2");
	cr_assert_eq(r->line, 6);
	dp_ruleset_free(rs);
}

Test(rule, names_of_levels)
{
	enum dp_rule_severity s;
	enum dp_rule_confidence c;

	cr_assert_eq(dp_rule_severity_parse("medium", &s), 0);
	cr_assert_eq(s, DP_RULE_SEVERITY_MEDIUM);
	cr_assert_eq(dp_rule_severity_parse("High", &s), -1);
	cr_assert_eq(dp_rule_confidence_parse("high", &c), 0);
	cr_assert_eq(c, DP_RULE_CONFIDENCE_HIGH);
	cr_assert_eq(dp_rule_confidence_parse("critical", &c), -1);
	cr_assert_str_eq(dp_rule_severity_name(DP_RULE_SEVERITY_INFO), "info");
	cr_assert_str_eq(dp_rule_confidence_name(DP_RULE_CONFIDENCE_LOW),
	    "low");
}

Test(rule, missing_keys)
{
	fails("title: T\nseverity: low\ndetection: {s: {a: 1}, "
	    "condition: s}\n", 1, "missing 'id'");
	fails("id: r\nseverity: low\ndetection: {s: {a: 1}, condition: s}\n",
	    1, "missing 'title'");
	fails("id: r\ntitle: T\ndetection: {s: {a: 1}, condition: s}\n", 1,
	    "missing 'severity'");
	fails(HEAD, 1, "missing 'detection'");
	fails(HEAD "detection:\n  s: {a: 1}\n", 4,
	    "missing 'condition' in 'detection'");
	fails("- a\n- b\n", 1, "a rule must be a mapping");
}

Test(rule, bad_keys_and_values)
{
	fails(HEAD "level: high\n", 4, "unknown key 'level'");
	fails("id: -r\ntitle: T\n", 1,
	    "bad rule id '-r' (letters, digits, '.', '_' and '-')");
	fails("id: [r]\n", 1, "'id' must be a non-empty string");
	fails("id: r\ntitle: ''\n", 2, "'title' must be a non-empty string");
	fails("id: r\ntitle: T\nseverity: severe\n", 3,
	    "bad severity 'severe' (info, low, medium, high or critical)");
	fails(HEAD "confidence: certain\n", 4,
	    "bad confidence 'certain' (low, medium or high)");
	fails(HEAD "tags: attack\n", 4, "'tags' must be a list of strings");
	fails(HEAD "tags:\n  - a\n  - 3\n", 6,
	    "'tags' item 2 must be a non-empty string");
	fails(HEAD "controls: [soc2]\n", 4,
	    "bad control 'soc2' (expected framework:control)");
	fails(HEAD "controls: ['soc2:']\n", 4,
	    "bad control 'soc2:' (expected framework:control)");
	fails(HEAD "detection: [a]\n", 4, "'detection' must be a mapping");
	fails(HEAD "detection: {}\n", 4,
	    "missing 'condition' in 'detection'");
}

Test(rule, bad_tests)
{
	const char *base = HEAD "detection: {s: {a: 1}, condition: s}\n";
	char text[512];

	snprintf(text, sizeof(text), "%stests: [1]\n", base);
	fails(text, 5, "'tests' must be a mapping");
	snprintf(text, sizeof(text), "%stests: {matches: []}\n", base);
	fails(text, 5, "unknown key 'matches' in 'tests'");
	snprintf(text, sizeof(text), "%stests: {match: {a: 1}}\n", base);
	fails(text, 5, "'match' must be a list of events");
	snprintf(text, sizeof(text), "%stests:\n  nomatch:\n    - {a: 2}\n"
	    "    - 7\n", base);
	fails(text, 8, "test event must be a mapping");
}

Test(rule, yaml_errors_become_config_errors)
{
	fails(HEAD "detection: [\n", 5,
	    "did not find expected node content (while parsing a flow node "
	    "at line 5)");
	fails(HEAD "id: r2\n", 4, "duplicate key 'id' (first at line 1)");
}

Test(rule, json_rules)
{
	struct dp_ruleset *rs;
	struct dp_error err;
	const char *text;

	rs = dp_ruleset_new(NULL, NULL, NULL);
	cr_assert_not_null(rs);
	text = "{\"id\": \"j\", \"title\": \"J\", \"severity\": \"low\",\n"
	    " \"detection\": {\"s\": {\"a|re\": \"(\"},\n"
	    "  \"condition\": \"s\"}}\n";
	cr_assert_eq(dp_ruleset_add_buffer(rs, "r/j.json", "j.json", text,
	    strlen(text), &err), -1);
	cr_assert_str_eq(err.source, "r/j.json");
	cr_assert_eq(err.line, 2);
	cr_assert_str_eq(err.text, "bad regular expression '(': missing "
	    "closing parenthesis at offset 1");
	text = "{\"id\": \"j\",}";
	cr_assert_eq(dp_ruleset_add_buffer(rs, "r/j.json", "j.json", text,
	    strlen(text), &err), -1);
	cr_assert_eq(err.code, DP_ERR_CONFIG);
	cr_assert_eq(err.column, 12);
	dp_ruleset_free(rs);
}

Test(rule, match_limit_is_a_data_error)
{
	struct dp_ruleset *rs;
	struct dp_error err;
	const struct dp_rule *const *m;
	char subject[64];
	json_t *ev;
	size_t n;

	rs = set_of(HEAD "detection:\n  s: {m|re: '^(a|aa)+$'}\n"
	    "  condition: s\n---\nid: r2\ntitle: T\nseverity: low\n"
	    "detection: {s: {m|re: a}, condition: s}\n", &err);
	cr_assert_not_null(rs, "%s", err.text);
	memset(subject, 'a', sizeof(subject));
	subject[sizeof(subject) - 2] = 'b';
	subject[sizeof(subject) - 1] = '\0';
	ev = json_pack("{s:s}", "m", subject);
	cr_assert_eq(dp_rule_match(rs, dp_ruleset_rule(rs, 0), ev, &err), -1);
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_str_eq(err.text, "rule 'r1': regular expression on 'm' "
	    "reached its match limit");
	cr_assert_eq(dp_ruleset_eval(rs, ev, &m, &n, &err), -1);
	cr_assert_eq(n, 1, "the other rule is still decided");
	cr_assert_str_eq(m[0]->id, "r2");
	json_decref(ev);
	dp_ruleset_free(rs);
}

Test(rule, eval_in_set_order)
{
	const struct dp_rule *const *m;
	struct dp_ruleset *rs;
	struct dp_error err;
	json_t *ev;
	size_t n;

	rs = set_of("id: b\ntitle: T\nseverity: low\n"
	    "detection: {s: {kind: x}, condition: s}\n---\n"
	    "id: a\ntitle: T\nseverity: low\n"
	    "detection: {s: {kind: y}, condition: s}\n---\n"
	    "id: c\ntitle: T\nseverity: low\n"
	    "detection: {s: {kind: [x, y]}, condition: s}\n", &err);
	cr_assert_not_null(rs, "%s", err.text);
	ev = json_pack("{s:s}", "kind", "x");
	cr_assert_eq(dp_ruleset_eval(rs, ev, &m, &n, &err), 0);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(m[0]->id, "b");
	cr_assert_str_eq(m[1]->id, "c");
	json_decref(ev);
	ev = json_pack("{s:s}", "kind", "z");
	cr_assert_eq(dp_ruleset_eval(rs, ev, &m, &n, &err), 0);
	cr_assert_eq(n, 0);
	json_decref(ev);
	dp_ruleset_free(rs);
}

struct reports {
	int n;
	char text[4][DP_ERROR_SOURCE_MAX + DP_ERROR_TEXT_MAX + 32];
};

static void
collect(const struct dp_error *err, void *arg)
{
	struct reports *r = arg;

	if (r->n < 4)
		snprintf(r->text[r->n], sizeof(r->text[0]), "%s:%ld: %s",
		    err->source, err->line, err->text);
	r->n++;
}

Test(rule, rule_tests_run)
{
	struct reports rep = { 0 };
	struct dp_ruleset *rs;
	struct dp_error err;
	const char *text = HEAD "detection: {s: {a|re: '^x'}, condition: s}\n"
	    "tests:\n  match:\n    - {a: xy}\n    - {a: yx}\n"
	    "  nomatch:\n    - {a: q}\n    - {a: xx}\n";

	rs = dp_ruleset_new(collect, &rep, NULL);
	cr_assert_eq(dp_ruleset_add_buffer(rs, "rules/x.yml", "x.yml", text,
	    strlen(text), &err), 0);
	cr_assert_eq(dp_ruleset_test(rs, &err), -1);
	cr_assert_eq(err.code, DP_ERR_CONFIG);
	cr_assert_eq(rep.n, 2);
	cr_assert_str_eq(rep.text[0], "rules/x.yml:8: rule 'r1' test 2 "
	    "should match but did not");
	cr_assert_str_eq(rep.text[1], "rules/x.yml:11: rule 'r1' test 2 "
	    "should not match but did");
	cr_assert_eq(err.line, 8);
	dp_ruleset_free(rs);
}

Test(rule, unused_selections_fail_the_check)
{
	struct reports rep = { 0 };
	struct dp_ruleset *rs;
	struct dp_error err;
	const char *text = HEAD "detection:\n  s: {a: 1}\n  t: {b: 1}\n"
	    "  u: {c: 1}\n  condition: s\n"
	    "tests:\n  match:\n    - {a: 1}\n";

	rs = dp_ruleset_new(collect, &rep, NULL);
	cr_assert_eq(dp_ruleset_add_buffer(rs, "rules/x.yml", "x.yml", text,
	    strlen(text), &err), 0, "%s", err.text);
	cr_assert_eq(dp_ruleset_test(rs, &err), -1);
	cr_assert_eq(rep.n, 2);
	cr_assert_str_eq(rep.text[0], "rules/x.yml:6: rule 'r1': selection "
	    "'t' is not used by the condition");
	cr_assert_str_eq(rep.text[1], "rules/x.yml:7: rule 'r1': selection "
	    "'u' is not used by the condition");
	cr_assert_eq(err.line, 6);
	dp_ruleset_free(rs);
}

Test(rule, rule_test_reaching_the_limit_fails)
{
	struct dp_ruleset *rs;
	struct dp_error err;
	char text[512];

	snprintf(text, sizeof(text), "%s", HEAD "detection: "
	    "{s: {a|re: '^(a|aa)+$'}, condition: s}\n"
	    "tests:\n  nomatch:\n"
	    "    - {a: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab}\n");
	rs = set_of(text, &err);
	cr_assert_not_null(rs, "%s", err.text);
	cr_assert_eq(dp_ruleset_test(rs, &err), -1);
	cr_assert_str_eq(err.text, "rule 'r1' test 1: rule 'r1': regular "
	    "expression on 'a' reached its match limit");
	cr_assert_eq(err.line, 7);
	dp_ruleset_free(rs);
}

/* Writes text to dir/name, creating dir. */
static void
put_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	cr_assert_not_null(fp, "%s", path);
	fputs(text, fp);
	fclose(fp);
}

static const char *
rule_text(const char *id)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), "id: %s\ntitle: T\nseverity: low\n"
	    "detection: {s: {kind: x}, condition: s}\n", id);
	return buf;
}

Test(rule, folders_load_in_path_order)
{
	char dir[] = "/tmp/test_rule.XXXXXX", sub[64], cmd[256];
	struct reports rep = { 0 };
	struct dp_ruleset *rs;
	struct dp_error err;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/m", dir);
	put_file(dir, "z.yaml", rule_text("z"));
	put_file(dir, "a.yml", rule_text("a"));
	put_file(sub, "b.json", "{\"id\": \"mb\", \"title\": \"T\", "
	    "\"severity\": \"low\", \"detection\": {\"s\": {\"kind\": \"x\"}, "
	    "\"condition\": \"s\"}}");
	put_file(dir, "README.md", "not a rule");
	put_file(dir, ".hidden.yml", "bad: [");
	rs = dp_ruleset_load(dir, collect, &rep, &err);
	cr_assert_not_null(rs, "%s", err.text);
	cr_assert_eq(rep.n, 0);
	cr_assert_eq(dp_ruleset_count(rs), 3);
	cr_assert_str_eq(dp_ruleset_rule(rs, 0)->id, "a");
	cr_assert_str_eq(dp_ruleset_rule(rs, 1)->id, "mb");
	cr_assert_str_eq(dp_ruleset_rule(rs, 1)->path, "m/b.json");
	cr_assert_str_eq(dp_ruleset_rule(rs, 2)->id, "z");
	dp_ruleset_free(rs);

	put_file(sub, "c.yml", rule_text("a"));
	put_file(dir, "y.yml", "id: [\n");
	rs = dp_ruleset_load(dir, collect, &rep, &err);
	cr_assert_null(rs);
	cr_assert_eq(rep.n, 2, "every bad file is reported");
	snprintf(cmd, sizeof(cmd), "%s/m/c.yml:1: duplicate rule id 'a' "
	    "(also in %s/a.yml:1)", dir, dir);
	cr_assert_str_eq(rep.text[0], cmd);
	cr_assert_eq(err.code, DP_ERR_CONFIG);
	cr_assert_eq(err.line, 1);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

Test(rule, missing_folder)
{
	struct dp_error err;

	cr_assert_null(dp_ruleset_load("/nonexistent/rules/", NULL, NULL,
	    &err));
	cr_assert_eq(err.code, DP_ERR_CONFIG);
	cr_assert_str_eq(err.text, "cannot open rules folder "
	    "'/nonexistent/rules': No such file or directory");
}

Test(rule, missing_file)
{
	struct dp_ruleset *rs = dp_ruleset_new(NULL, NULL, NULL);
	struct dp_error err;

	cr_assert_eq(dp_ruleset_add_file(rs, "/nonexistent", "x.yml", &err),
	    -1);
	cr_assert_eq(err.code, DP_ERR_CONFIG);
	cr_assert_str_eq(err.text, "cannot open '/nonexistent/x.yml': "
	    "No such file or directory");
	dp_ruleset_free(rs);
}

Test(rule, duplicate_id_in_one_file_names_the_first)
{
	fails(HEAD "detection: {s: {a: 1}, condition: s}\n---\n" HEAD
	    "detection: {s: {a: 1}, condition: s}\n", 6,
	    "duplicate rule id 'r1' (also in rules/x.yml:1)");
}

Test(rule, folder_walk_problems)
{
	char dir[] = "/tmp/test_rule.XXXXXX", path[512], want[600];
	struct dp_error err;
	size_t n;
	int i;

	cr_assert_not_null(mkdtemp(dir));
	n = (size_t)snprintf(path, sizeof(path), "%s", dir);
	for (i = 0; i < 17; i++) {
		n += (size_t)snprintf(path + n, sizeof(path) - n, "/d");
		cr_assert_eq(mkdir(path, 0755), 0, "%s", path);
	}
	cr_assert_null(dp_ruleset_load(dir, NULL, NULL, &err));
	cr_assert_eq(err.code, DP_ERR_CONFIG);
	cr_assert_str_eq(err.text, "folders nested deeper than 16 levels");
	cr_assert_str_eq(err.source, path);

	snprintf(path, sizeof(path), "rm -rf '%s'/d", dir);
	cr_assert_eq(system(path), 0);
	snprintf(path, sizeof(path), "%s/gone.yml", dir);
	cr_assert_eq(symlink("/nonexistent/x.yml", path), 0);
	cr_assert_null(dp_ruleset_load(dir, NULL, NULL, &err));
	snprintf(want, sizeof(want), "cannot read '%s': No such file or "
	    "directory", path);
	cr_assert_str_eq(err.text, want);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	cr_assert_eq(system(path), 0);
}
