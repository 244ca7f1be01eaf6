#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "sensitive.h"

/* A family file "t.yml" with one classifier; C_REST ends it. */
#define C_HEAD "family: t\nclassifiers:\n  - id: env\n    title: Env\n" \
	"    description: An env file.\n"
#define C_NAMES "    names: ['.env', '*.env']\n"
#define C_LEVELS "    severity: medium\n"
#define C_EXAMPLES "    examples:\n" \
	"      match: [{path: .env, text: 'A=1'}]\n" \
	"      nomatch: [{path: env.txt, text: 'A=1'}]\n"
#define C_REST C_LEVELS C_EXAMPLES
#define C_ALL C_HEAD C_NAMES C_REST

/* The start of an unencrypted and of an encrypted OpenSSH key. */
#define SSH_PLAIN "-----BEGIN OPENSSH PRIVATE KEY-----\n" \
	"b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtz\n" \
	"-----END OPENSSH PRIVATE KEY-----\n"
#define SSH_ENC "-----BEGIN OPENSSH PRIVATE KEY-----\n" \
	"b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABDJ\n" \
	"-----END OPENSSH PRIVATE KEY-----\n"

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
	snprintf(folder, sizeof(folder), "/tmp/dp-sensitive.XXXXXX");
	cr_assert_not_null(mkdtemp(folder));
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", folder);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(sensitive, .init = setup, .fini = teardown);

static struct dp_sensitive_pack *
load(struct dp_error *err)
{
	return dp_sensitive_pack_load(folder, NULL, NULL, err);
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

/*
 * Classifies the n bytes at buf as path with the pack of the folder;
 * returns "id:reason", "" for none, or "error: text".
 */
static const char *
classify_n(const char *path, const char *buf, size_t n,
    const struct dp_sensitive_limits *lim)
{
	static char out[1024];
	struct dp_sensitive_scanner *sc;
	struct dp_sensitive_pack *pack;
	struct dp_sensitive_match m;
	struct dp_error err;
	int rc;

	pack = load(&err);
	cr_assert_not_null(pack, "%s", err.text);
	sc = dp_sensitive_scanner_new(pack, lim, &err);
	cr_assert_not_null(sc);
	rc = dp_sensitive_classify(sc, path, buf, n, &m, &err);
	if (rc < 0)
		snprintf(out, sizeof(out), "error: %s%s%s", err.text,
		    m.classifier != NULL ? " then " : "",
		    m.classifier != NULL ? m.classifier->id : "");
	else if (rc == 0) {
		cr_assert_null(m.classifier);
		out[0] = '\0';
	} else
		snprintf(out, sizeof(out), "%s:%s", m.classifier->id,
		    dp_sensitive_reason_name(m.reason));
	dp_sensitive_scanner_free(sc);
	dp_sensitive_pack_free(pack);
	return out;
}

static const char *
classify(const char *path, const char *text)
{
	return classify_n(path, text, strlen(text), NULL);
}

Test(sensitive, loads_a_family)
{
	struct dp_sensitive_pack *pack;
	const struct dp_sensitive *c;
	struct dp_error err;

	put("t.yml", C_HEAD C_NAMES "    encrypted: false\n"
	    "    confidence: low\n" C_REST);
	put("notes.txt", "not a classifier file");
	pack = load(&err);
	cr_assert_not_null(pack, "%s", err.text);
	cr_assert_eq(dp_sensitive_pack_count(pack), 1);
	c = dp_sensitive_pack_get(pack, 0);
	cr_assert_eq(c, dp_sensitive_pack_find(pack, "env"));
	cr_assert_null(dp_sensitive_pack_find(pack, "nope"));
	cr_assert_str_eq(c->title, "Env");
	cr_assert_str_eq(c->description, "An env file.");
	cr_assert_str_eq(c->family, "t");
	cr_assert_eq(c->severity, DP_RULE_SEVERITY_MEDIUM);
	cr_assert_eq(c->confidence, DP_RULE_CONFIDENCE_LOW);
	cr_assert_eq(c->encrypted, 0);
	cr_assert_eq(c->line, 3);
	cr_assert_eq(json_array_size(c->match), 1);
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(
	    c->nomatch, 0), "line")), 12);
	cr_assert_eq(dp_sensitive_pack_check(pack, NULL, NULL, &err), 0, "%s",
	    err.text);
	dp_sensitive_pack_free(pack);
	dp_sensitive_pack_free(NULL);
}

Test(sensitive, encrypted_is_unsaid_by_default)
{
	struct dp_sensitive_pack *pack;
	struct dp_error err;

	put("t.yml", C_ALL);
	pack = load(&err);
	cr_assert_not_null(pack, "%s", err.text);
	cr_assert_eq(dp_sensitive_pack_get(pack, 0)->encrypted, -1);
	cr_assert_eq(dp_sensitive_pack_get(pack, 0)->confidence,
	    DP_RULE_CONFIDENCE_MEDIUM);
	dp_sensitive_pack_free(pack);
}

Test(sensitive, reports_every_load_error)
{
	char why[256];

	fails("family: t\nclassifiers:\n  - 3\n", 3,
	    "a classifier must be a mapping");
	fails("family: t\nclassifiers: []\n", 2,
	    "'classifiers' must be a non-empty list");
	fails(C_ALL "    colour: red\n", 11,
	    "unknown key 'colour' in classifier");
	fails("family: t\nclassifiers:\n  - id: Env\n", 3,
	    "bad classifier id 'Env' (a-z, 0-9 and '-')");
	snprintf(why, sizeof(why), "classifier id 'env' already used at "
	    "%s/t.yml:3", folder);
	fails(C_ALL "  - id: env\n", 11, why);
	fails(C_HEAD "    names: '.env'\n" C_REST, 6,
	    "'names' must be a list of globs");
	fails(C_HEAD "    names: ['']\n" C_REST, 6,
	    "'names' must be a list of globs");
	fails(C_HEAD C_NAMES "    exclude: [1]\n" C_REST, 7,
	    "'exclude' must be a list of globs");
	fails(C_HEAD "    paths: ['(']\n" C_REST, 6,
	    "bad regular expression '(': missing closing parenthesis at "
	    "offset 1");
	fails(C_HEAD "    content: ['A']\n" C_REST, 6,
	    "'content' must be a mapping {decode, match, nomatch}");
	fails(C_HEAD "    content: {grep: ['A']}\n" C_REST, 6,
	    "unknown key 'grep' in content");
	fails(C_HEAD "    content: {decode: base32, match: ['A']}\n" C_REST, 6,
	    "bad decode (pem)");
	fails(C_HEAD "    content: {decode: pem}\n" C_REST, 6,
	    "'content' needs match or nomatch patterns");
	fails(C_HEAD "    content: {match: ['\\x{100}']}\n" C_REST, 6,
	    "bad regular expression '\\x{100}': character code point value "
	    "in \\x{} or \\o{} is too large at offset 6");
	fails(C_HEAD C_NAMES "    either: yes\n" C_REST, 7,
	    "'either' must be true or false");
	fails(C_HEAD C_NAMES "    encrypted: 'no'\n" C_REST, 7,
	    "'encrypted' must be true or false");
	fails(C_HEAD C_NAMES "    either: true\n" C_REST, 7,
	    "'either' needs names or paths, and content with match patterns");
	fails(C_HEAD "    content: {match: ['A']}\n    either: true\n" C_REST,
	    7, "'either' needs names or paths, and content with match "
	    "patterns");
	fails(C_HEAD C_REST, 3, "classifier env needs names, paths or "
	    "content");
	fails(C_HEAD C_NAMES C_LEVELS "    examples:\n"
	    "      match: [.env]\n      nomatch: [{path: a, text: b}]\n", 9,
	    "match example 1 needs either text or hex");
	fails(C_HEAD C_NAMES C_LEVELS "    examples:\n"
	    "      match: [{path: .env, text: a}]\n"
	    "      nomatch: [{path: a, text: b, hex: '00'}]\n", 10,
	    "nomatch example 1 needs either text or hex");
	fails(C_HEAD C_NAMES C_LEVELS "    examples:\n"
	    "      match: [{path: .env, hex: 'fe e'}]\n"
	    "      nomatch: [{path: a, text: b}]\n", 9,
	    "match example 1: 'hex' must be pairs of hex digits");
	fails(C_HEAD C_NAMES C_LEVELS "    examples:\n"
	    "      match: [{path: .env, hex: 'xy'}]\n"
	    "      nomatch: [{path: a, text: b}]\n", 9,
	    "match example 1: 'hex' must be pairs of hex digits");
}

Test(sensitive, reports_an_empty_or_missing_folder)
{
	struct dp_error err;

	char want[128];

	cr_assert_null(load(&err));
	cr_assert_eq(err.code, DP_ERR_CONFIG);
	snprintf(want, sizeof(want), "no classifiers in '%s'", folder);
	cr_assert_str_eq(err.text, want);
	cr_assert_null(dp_sensitive_pack_load("/nonexistent/dp", NULL, NULL,
	    &err));
	cr_assert_str_eq(err.text, "cannot read classifiers folder "
	    "'/nonexistent/dp': No such file or directory");
}

Test(sensitive, matches_globs_on_the_last_components_ignoring_case)
{
	put("t.yml", "family: t\nclassifiers:\n"
	    "  - id: aws\n    title: T\n    description: D.\n"
	    "    names: ['.aws/credentials']\n    severity: high\n"
	    "    examples: {match: [{path: .aws/credentials, text: x}],"
	    " nomatch: [{path: credentials, text: x}]}\n"
	    "  - id: env\n    title: T\n    description: D.\n"
	    "    names: ['.env', '.env.*']\n    exclude: ['*.example']\n"
	    "    severity: low\n"
	    "    examples: {match: [{path: .env, text: x}],"
	    " nomatch: [{path: .env.example, text: x}]}\n");
	cr_assert_str_eq(classify("/home/ann/.aws/credentials", "x"),
	    "aws:name");
	cr_assert_str_eq(classify(".aws/credentials", "x"), "aws:name");
	cr_assert_str_eq(classify("credentials", "x"), "");
	cr_assert_str_eq(classify("x.aws/credentials", "x"), "");
	cr_assert_str_eq(classify("a/.AWS/Credentials", "x"), "aws:name");
	cr_assert_str_eq(classify("app/.env.production", "x"), "env:name");
	cr_assert_str_eq(classify("app/.ENV", "x"), "env:name");
	cr_assert_str_eq(classify("app/.env.example", "x"), "");
	cr_assert_str_eq(classify(".env/x", "x"), "");
	cr_assert_str_eq(classify(NULL, "x"), "");
}

Test(sensitive, matches_paths_and_content)
{
	put("t.yml", "family: t\nclassifiers:\n"
	    "  - id: dump\n    title: T\n    description: D.\n"
	    "    paths: ['/backups?/']\n"
	    "    content: {match: ['(?m)^INSERT INTO'],\n"
	    "      nomatch: ['^-- fake']}\n"
	    "    severity: high\n"
	    "    examples: {match: [{path: backup/a, text: 'INSERT INTO'}],"
	    " nomatch: [{path: a, text: x}]}\n");
	cr_assert_str_eq(classify("/srv/backups/a.sql", "INSERT INTO t\n"),
	    "dump:both");
	cr_assert_str_eq(classify("/srv/backups/a.sql", "-- x\nINSERT INTO t"),
	    "dump:both");
	cr_assert_str_eq(classify("/srv/backups/a.sql", "-- fake\nINSERT INTO"),
	    "");
	cr_assert_str_eq(classify("/srv/a.sql", "INSERT INTO t\n"), "");
	cr_assert_str_eq(classify("/srv/backups/a.sql", "SELECT 1"), "");
}

Test(sensitive, reads_magic_bytes_and_never_an_empty_file)
{
	put("t.yml", "family: t\nclassifiers:\n"
	    "  - id: jks\n    title: T\n    description: D.\n"
	    "    names: ['*.jks']\n"
	    "    content: {match: ['\\A\\xfe\\xed\\xfe\\xed']}\n"
	    "    either: true\n    severity: high\n"
	    "    examples: {match: [{path: a.jks, hex: 'fe ed fe ed'}],"
	    " nomatch: [{path: a, hex: 'fe ed'}]}\n");
	cr_assert_str_eq(classify_n("k.bin", "\xfe\xed\xfe\xed\0\0", 6, NULL),
	    "jks:content");
	cr_assert_str_eq(classify_n("k.jks", "\xfe\xed\xfe\xed\0\0", 6, NULL),
	    "jks:both");
	cr_assert_str_eq(classify_n("k.jks", "\x30\x82", 2, NULL), "jks:name");
	cr_assert_str_eq(classify_n("k.bin", "\x30\x82", 2, NULL), "");
	cr_assert_str_eq(classify_n("k.jks", "", 0, NULL), "");
}

Test(sensitive, decodes_the_first_pem_block)
{
	put("t.yml", "family: t\nclassifiers:\n"
	    "  - id: ssh\n    title: T\n    description: D.\n"
	    "    content:\n      decode: pem\n"
	    "      match: ['\\Aopenssh-key-v1\\x00\\x00\\x00\\x00\\x04none']\n"
	    "    severity: high\n"
	    "    examples: {match: [{path: a, text: x}],"
	    " nomatch: [{path: a, text: x}]}\n");
	cr_assert_str_eq(classify("id", SSH_PLAIN), "ssh:content");
	cr_assert_str_eq(classify("id", "\r\n" SSH_PLAIN), "ssh:content");
	cr_assert_str_eq(classify("id", SSH_ENC), "");
	/* header lines are left out, and a body cut short still decodes */
	cr_assert_str_eq(classify("id", "-----BEGIN X-----\nA: b\n\n"
	    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9u"), "ssh:content");
	cr_assert_str_eq(classify("id", "-----BEGIN X-----\n"
	    "b3Blbn*NzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9u"), "");
	cr_assert_str_eq(classify("id", "-----BEGIN X-----"), "");
	cr_assert_str_eq(classify("id", "no pem here"), "");
}

Test(sensitive, content_is_read_up_to_the_head_limit)
{
	struct dp_sensitive_limits lim = DP_SENSITIVE_LIMITS_INIT;
	char buf[200];

	put("t.yml", "family: t\nclassifiers:\n"
	    "  - id: tail\n    title: T\n    description: D.\n"
	    "    content: {match: ['SECRET']}\n    severity: high\n"
	    "    examples: {match: [{path: a, text: SECRET}],"
	    " nomatch: [{path: a, text: x}]}\n");
	memset(buf, 'x', sizeof(buf));
	memcpy(buf + 150, "SECRET", 6);
	cr_assert_str_eq(classify_n("a", buf, sizeof(buf), NULL),
	    "tail:content");
	lim.head = 100;
	cr_assert_str_eq(classify_n("a", buf, sizeof(buf), &lim), "");
	lim.head = 156;
	cr_assert_str_eq(classify_n("a", buf, sizeof(buf), &lim),
	    "tail:content");
}

Test(sensitive, chooses_the_best_classifier)
{
	put("a.yml", "family: a\nclassifiers:\n"
	    "  - id: first\n    title: T\n    description: D.\n"
	    "    names: ['*.pem']\n    severity: low\n    confidence: high\n"
	    "    examples: {match: [{path: a.pem, text: x}],"
	    " nomatch: [{path: a, text: x}]}\n"
	    "  - id: same\n    title: T\n    description: D.\n"
	    "    names: ['*.pem']\n    severity: low\n    confidence: high\n"
	    "    examples: {match: [{path: a.pem, text: x}],"
	    " nomatch: [{path: a, text: x}]}\n");
	put("b.yml", "family: b\nclassifiers:\n"
	    "  - id: severe\n    title: T\n    description: D.\n"
	    "    content: {match: ['KEY']}\n    severity: critical\n"
	    "    confidence: high\n"
	    "    examples: {match: [{path: a, text: KEY}],"
	    " nomatch: [{path: a, text: x}]}\n"
	    "  - id: unsure\n    title: T\n    description: D.\n"
	    "    content: {match: ['KEY|x']}\n    severity: critical\n"
	    "    confidence: low\n"
	    "    examples: {match: [{path: a, text: KEY}],"
	    " nomatch: [{path: a, text: y}]}\n");
	cr_assert_str_eq(classify("a.pem", "x"), "first:name");
	cr_assert_str_eq(classify("a.pem", "KEY"), "severe:content");
	cr_assert_str_eq(classify("a.txt", "x"), "unsure:content");
}

Test(sensitive, reports_a_match_limit_and_goes_on)
{
	struct dp_sensitive_limits lim = DP_SENSITIVE_LIMITS_INIT;
	char buf[4096];

	put("t.yml", "family: t\nclassifiers:\n"
	    "  - id: slow\n    title: T\n    description: D.\n"
	    "    content: {match: ['(a|aa)+(b|$)']}\n    severity: high\n"
	    "    examples: {match: [{path: a, text: ab}],"
	    " nomatch: [{path: a, text: x}]}\n"
	    "  - id: fast\n    title: T\n    description: D.\n"
	    "    content: {match: ['\\Aaaa']}\n    severity: low\n"
	    "    examples: {match: [{path: a, text: aaa}],"
	    " nomatch: [{path: a, text: x}]}\n");
	memset(buf, 'a', sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = 'x';
	lim.match_limit = 10000;
	cr_assert_str_eq(classify_n("f", buf, sizeof(buf), &lim),
	    "error: classifier slow reached its match limit then fast");
}

/* Checks the examples of t.yml: the first failure must be why at line. */
static void
check_fails(const char *text, long line, const char *why)
{
	struct dp_sensitive_pack *pack;
	struct dp_error err;

	put("t.yml", text);
	pack = load(&err);
	cr_assert_not_null(pack, "%s", err.text);
	cr_assert_eq(dp_sensitive_pack_check(pack, NULL, NULL, &err), -1);
	cr_assert_eq(err.code, DP_ERR_CONFIG);
	cr_assert_str_eq(err.text, why);
	cr_assert_eq(err.line, line, "line %ld", err.line);
	dp_sensitive_pack_free(pack);
}

static void
count_report(const struct dp_error *err, void *arg)
{
	(void)err;
	(*(int *)arg)++;
}

Test(sensitive, checks_the_examples)
{
	struct dp_sensitive_pack *pack;
	struct dp_error err;
	int n = 0;

	check_fails(C_HEAD C_NAMES C_LEVELS "    examples:\n"
	    "      match:\n        - {path: .env, text: 'A=1'}\n"
	    "        - {path: env.txt, text: 'A=1'}\n"
	    "      nomatch:\n        - {path: x.env, hex: '41'}\n", 11,
	    "classifier env: match example 2 is not taken");
	put("t.yml", C_HEAD C_NAMES C_LEVELS "    examples:\n"
	    "      match:\n        - {path: .env, text: 'A=1'}\n"
	    "        - {path: env.txt, text: 'A=1'}\n"
	    "      nomatch:\n        - {path: x.env, hex: '41'}\n");
	pack = load(&err);
	cr_assert_not_null(pack, "%s", err.text);
	cr_assert_eq(dp_sensitive_pack_check(pack, count_report, &n, &err),
	    -1);
	cr_assert_eq(n, 2);
	dp_sensitive_pack_free(pack);
	check_fails(C_HEAD C_NAMES C_LEVELS "    examples:\n"
	    "      match: [{path: .env, text: 'A=1'}]\n"
	    "      nomatch: [{path: a.env, hex: '41'}]\n", 10,
	    "classifier env: nomatch example 1 is taken");
}

Test(sensitive, the_shipped_classifiers_pass_their_examples)
{
	struct dp_sensitive_pack *pack;
	struct dp_error err;
	const char *dir = getenv("DP_RULES_DIR");
	char path[1024];

	snprintf(path, sizeof(path), "%s/sensitive",
	    dir != NULL ? dir : "rules");
	pack = dp_sensitive_pack_load(path, NULL, NULL, &err);
	cr_assert_not_null(pack, "%s:%ld: %s", err.source, err.line,
	    err.text);
	cr_assert_gt(dp_sensitive_pack_count(pack), 30);
	cr_assert_eq(dp_sensitive_pack_check(pack, NULL, NULL, &err), 0,
	    "%s:%ld: %s", err.source, err.line, err.text);
	dp_sensitive_pack_free(pack);
}

/* The record of a file classified by the pack of t.yml. */
static json_t *
record(const char *path, const char *buf, size_t len,
    const struct dp_secret_where *w)
{
	struct dp_sensitive_scanner *sc;
	struct dp_sensitive_pack *pack;
	struct dp_sensitive_match m;
	struct dp_secret_where dw = DP_SECRET_WHERE_INIT;
	struct dp_error err;
	json_t *ev;

	pack = load(&err);
	cr_assert_not_null(pack, "%s", err.text);
	sc = dp_sensitive_scanner_new(pack, NULL, &err);
	cr_assert_not_null(sc);
	cr_assert_eq(dp_sensitive_classify(sc, path, buf, len, &m, &err), 1);
	if (w == NULL) {
		dw.path = path;
		dw.time_ms = 1772356445000;
		w = &dw;
	}
	ev = dp_sensitive_record_new(&m, buf, len, w, &err);
	cr_assert_not_null(ev, "%s", err.text);
	dp_sensitive_scanner_free(sc);
	dp_sensitive_pack_free(pack);
	return ev;
}

Test(sensitive, writes_a_record_without_the_content)
{
	struct dp_secret_where w = DP_SECRET_WHERE_INIT;
	json_t *ev, *ev2, *actor;
	char *s;

	put("t.yml", C_HEAD C_NAMES
	    "    content: {match: ['=']}\n    encrypted: false\n" C_REST);
	ev = record("app/.env", "TOKEN=hunter2-SECRET\n", 21, NULL);
	s = json_dumps(ev, JSON_COMPACT);
	cr_assert_str_eq(s, "{\"v\":1,\"kind\":\"file.sensitive\","
	    "\"id\":\"2ef0ef0853aff43aef56738f86ad7166\","
	    "\"time\":\"2026-03-01T09:14:05.000Z\","
	    "\"file\":{\"classifier\":\"env\",\"title\":\"Env\","
	    "\"family\":\"t\",\"severity\":\"medium\","
	    "\"confidence\":\"medium\","
	    "\"path\":\"app/.env\",\"reason\":\"both\",\"encrypted\":false,"
	    "\"size\":21,\"fingerprint\":\"f49f32f9ca346821c0a8d199f3c1a6957cd"
	    "e85979a1d2aabcfaedaf561fc8627\"}}");
	cr_assert_null(strstr(s, "hunter2"));
	free(s);

	/* the same file in a commit: another id, the same fingerprint */
	actor = json_pack("{ss}", "name", "Ann");
	w.path = "app/.env";
	w.commit = "9fceb02d0ae598e95dc970b74767f19372d61af8";
	w.time_ms = 0;
	w.src_type = "git";
	w.src_path = "/src/app";
	w.rec = 7;
	w.actor = actor;
	ev2 = record("app/.env", "TOKEN=hunter2-SECRET\n", 21, &w);
	cr_assert_str_neq(json_string_value(json_object_get(ev, "id")),
	    json_string_value(json_object_get(ev2, "id")));
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(ev,
	    "file"), "fingerprint")), json_string_value(json_object_get(
	    json_object_get(ev2, "file"), "fingerprint")));
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    ev2, "file"), "commit")), w.commit);
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    ev2, "src"), "type")), "git");
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(
	    ev2, "src"), "rec")), 7);
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    ev2, "actor"), "name")), "Ann");
	json_decref(actor);
	json_decref(ev);
	json_decref(ev2);
}

Test(sensitive, a_record_repairs_its_path_and_may_leave_encrypted_out)
{
	json_t *ev, *file;

	put("t.yml", C_ALL);
	ev = record("d\xff/.env", "A=1", 3, NULL);
	file = json_object_get(ev, "file");
	cr_assert_str_eq(json_string_value(json_object_get(file, "path")),
	    "d\xef\xbf\xbd/.env");
	cr_assert_str_eq(json_string_value(json_object_get(file, "reason")),
	    "name");
	cr_assert_null(json_object_get(file, "encrypted"));
	cr_assert_null(json_object_get(file, "commit"));
	cr_assert_eq(json_integer_value(json_object_get(file, "size")), 3);
	json_decref(ev);
}

Test(sensitive, names_its_reasons)
{
	cr_assert_str_eq(dp_sensitive_reason_name(DP_SENSITIVE_NAME), "name");
	cr_assert_str_eq(dp_sensitive_reason_name(DP_SENSITIVE_CONTENT),
	    "content");
	cr_assert_str_eq(dp_sensitive_reason_name(DP_SENSITIVE_BOTH), "both");
}
