#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "aimarker.h"
#include "event.h"

static const char test_markers[] =
    "markers:\n"
    "  - tool: claude\n"
    "    marker: trailer\n"
    "    confidence: high\n"
    "    keys: [Co-authored-by]\n"
    "    emails: [noreply@anthropic.com]\n"
    "  - tool: copilot\n"
    "    marker: author_email\n"
    "    confidence: high\n"
    "    github_ids: [198982749]\n"
    "  - tool: jules\n"
    "    marker: committer_email\n"
    "    confidence: medium\n"
    "    github_logins: [\"google-labs-jules[bot]\"]\n"
    "  - tool: aider\n"
    "    marker: author_name\n"
    "    confidence: medium\n"
    "    suffixes: [\" (aider)\"]\n"
    "  - tool: claude\n"
    "    marker: message\n"
    "    confidence: high\n"
    "    phrases: [\"Generated with [Claude Code]\"]\n"
    "  - tool: unknown\n"
    "    marker: trailer\n"
    "    confidence: low\n"
    "    keys: [Assisted-by]\n";

static const char test_bots[] =
    "name_suffixes: [\"[bot]\"]\n"
    "login_suffixes: [\"[bot]\"]\n"
    "github_ids:\n"
    "  - {id: 41898282, login: \"github-actions[bot]\"}\n"
    "emails: [bot@renovateapp.com]\n";

static char dir[] = "/tmp/test_aimarker.XXXXXX";

static void
put(const char *name, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	cr_assert_not_null(fp = fopen(path, "w"));
	fputs(text, fp);
	cr_assert_eq(fclose(fp), 0);
}

/* Writes the two data files (NULL: the test ones) and loads them. */
static struct dp_aimarker *
load(const char *markers, const char *bots, struct dp_error *err)
{
	char sub[256];

	cr_assert_not_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/ai", dir);
	cr_assert_eq(mkdir(sub, 0700), 0);
	put("ai/markers.yml", markers != NULL ? markers : test_markers);
	put("bots.yml", bots != NULL ? bots : test_bots);
	dp_error_clear(err);
	return dp_aimarker_load(dir, err);
}

static void
cleanup(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

/* Loads bad data that must fail at path:line with text. */
static void
fails(const char *markers, const char *bots, const char *file, long line,
    const char *text)
{
	struct dp_error err;
	char path[256];

	cr_assert_null(load(markers, bots, &err));
	cr_assert_eq(err.code, DP_ERR_CONFIG, "%s", err.text);
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	cr_assert_str_eq(err.source, path);
	cr_assert_eq(err.line, line, "line %ld: %s", err.line, err.text);
	cr_assert_str_eq(err.text, text);
	cleanup();
	memcpy(dir + strlen(dir) - 6, "XXXXXX", 6);
}

static json_t *
commit(const char *an, const char *ae, const char *ce, const char *msg,
    json_t *trailers)
{
	json_t *c = json_pack("{s:{s:s, s:s}, s:{s:s, s:s}, s:s, s:o}",
	    "author", "name", an, "email", ae, "committer", "name", "C",
	    "email", ce, "message", msg, "trailers", trailers);

	cr_assert_not_null(c);
	return c;
}

static json_t *
trailer(const char *key, const char *value)
{
	return json_pack("[{s:s, s:s}]", "key", key, "value", value);
}

/* Checks marker i of marks. */
static void
is(const json_t *marks, size_t i, const char *tool, const char *marker,
    const char *evidence, const char *confidence)
{
	const json_t *m = json_array_get(marks, i);

	cr_assert_not_null(m, "no marker %zu", i);
	cr_assert_str_eq(dp_event_get_string(m, "tool"), tool);
	cr_assert_str_eq(dp_event_get_string(m, "marker"), marker);
	cr_assert_str_eq(dp_event_get_string(m, "evidence"), evidence);
	cr_assert_str_eq(dp_event_get_string(m, "confidence"), confidence);
}

Test(aimarker, trailers_by_address_and_key)
{
	struct dp_error err;
	struct dp_aimarker *m = load(NULL, NULL, &err);
	json_t *c, *marks;

	cr_assert_not_null(m, "%s:%ld: %s", err.source, err.line, err.text);
	c = commit("A", "a@x", "a@x", "x\n", trailer("CO-AUTHORED-BY",
	    "Claude Opus 4 <NoReply@Anthropic.com>"));
	marks = dp_aimarker_match(m, c);
	cr_assert_eq(json_array_size(marks), 1);
	is(marks, 0, "claude", "trailer",
	    "CO-AUTHORED-BY: Claude Opus 4 <NoReply@Anthropic.com>", "high");
	json_decref(marks);
	json_decref(c);
	/* the name alone is not enough */
	c = commit("A", "a@x", "a@x", "x\n", trailer("Co-authored-by",
	    "Claude <claude@example.com>"));
	marks = dp_aimarker_match(m, c);
	cr_assert_eq(json_array_size(marks), 0);
	json_decref(marks);
	json_decref(c);
	/* an entry without value matchers takes any value */
	c = commit("A", "a@x", "a@x", "x\n", trailer("assisted-by",
	    "some tool"));
	marks = dp_aimarker_match(m, c);
	is(marks, 0, "unknown", "trailer", "assisted-by: some tool", "low");
	json_decref(marks);
	json_decref(c);
	dp_aimarker_free(m);
	cleanup();
}

Test(aimarker, noreply_ids_not_names)
{
	struct dp_error err;
	struct dp_aimarker *m = load(NULL, NULL, &err);
	json_t *c, *marks;

	cr_assert_not_null(m);
	c = commit("Copilot", "198982749+Copilot@users.noreply.github.com",
	    "1234+google-labs-jules[bot]@users.noreply.github.com", "x\n",
	    json_array());
	marks = dp_aimarker_match(m, c);
	cr_assert_eq(json_array_size(marks), 2);
	is(marks, 0, "copilot", "author_email",
	    "198982749+Copilot@users.noreply.github.com", "high");
	is(marks, 1, "jules", "committer_email",
	    "1234+google-labs-jules[bot]@users.noreply.github.com", "medium");
	json_decref(marks);
	json_decref(c);
	/* a person who calls themselves Copilot */
	c = commit("Copilot", "5+Copilot@users.noreply.github.com",
	    "Copilot@users.noreply.github.com", "x\n", json_array());
	marks = dp_aimarker_match(m, c);
	cr_assert_eq(json_array_size(marks), 0);
	json_decref(marks);
	json_decref(c);
	dp_aimarker_free(m);
	cleanup();
}

Test(aimarker, name_suffix_and_message_phrase)
{
	struct dp_error err;
	struct dp_aimarker *m = load(NULL, NULL, &err);
	json_t *c, *marks;
	char msg[400];

	cr_assert_not_null(m);
	snprintf(msg, sizeof(msg), "Fix\n\n   \xf0\x9f\xa4\x96 Generated with "
	    "[Claude Code](https://claude.com/claude-code)%0200d\n"
	    "\xf0\x9f\xa4\x96 Generated with [Claude Code] again\n", 0);
	c = commit("Ann Lee (aider)", "ann@x", "ann@x", msg, json_array());
	marks = dp_aimarker_match(m, c);
	cr_assert_eq(json_array_size(marks), 2);
	is(marks, 0, "aider", "author_name", "Ann Lee (aider)", "medium");
	/* trimmed, cut at 200 bytes, one marker per entry */
	cr_assert_eq(strlen(dp_event_get_string(json_array_get(marks, 1),
	    "evidence")), DP_AIMARKER_EVIDENCE_MAX);
	cr_assert_eq(strncmp(dp_event_get_string(json_array_get(marks, 1),
	    "evidence"), "\xf0\x9f\xa4\x96 Generated", 14), 0);
	json_decref(marks);
	json_decref(c);
	dp_aimarker_free(m);
	cleanup();
}

Test(aimarker, bots)
{
	struct dp_error err;
	struct dp_aimarker *m = load(NULL, NULL, &err);

	cr_assert_not_null(m);
	cr_assert(dp_aimarker_is_bot(m, "dependabot[bot]", "x@y"));
	cr_assert(dp_aimarker_is_bot(m, "GA",
	    "41898282+github-actions[bot]@users.noreply.github.com"));
	cr_assert(dp_aimarker_is_bot(m, "R", "Bot@RenovateApp.com"));
	cr_assert(dp_aimarker_is_bot(m, "X",
	    "1+x[bot]@users.noreply.github.com"));
	cr_assert_not(dp_aimarker_is_bot(m, "GitHub", "noreply@github.com"));
	cr_assert_not(dp_aimarker_is_bot(m, "github-actions",
	    "1+github-actions@users.noreply.github.com"));
	cr_assert_not(dp_aimarker_is_bot(m, NULL, NULL));
	dp_aimarker_free(m);
	cleanup();
}

Test(aimarker, apply_completes_the_record)
{
	struct dp_error err;
	struct dp_aimarker *m = load(NULL, NULL, &err);
	json_t *ev, *recs, *r;
	char id[DP_EVENT_ID_LEN + 1];
	const char key[] = "abc\0claude\0trailer\0"
	    "Co-authored-by: C <noreply@anthropic.com>";

	cr_assert_not_null(m);
	ev = json_pack("{s:i, s:s, s:s, s:s, s:{s:s, s:s, s:i}, "
	    "s:{s:s, s:s}, s:{s:s}, s:o}", "v", 1, "kind", "scm.commit",
	    "id", "x", "time", "2026-03-01T09:00:00.000Z", "src", "type",
	    "git", "path", "/r", "rec", 7, "actor", "name", "dependabot[bot]",
	    "email", "d@x", "repo", "name", "r", "commit", commit(
	    "dependabot[bot]", "d@x", "d@x", "Generated with [Claude Code]\n",
	    trailer("Co-authored-by", "C <noreply@anthropic.com>")));
	json_object_set_new(json_object_get(ev, "commit"), "sha",
	    json_string("abc"));
	cr_assert_eq(dp_aimarker_apply(m, ev, 8, &recs, &err), 0);
	cr_assert(json_is_true(dp_event_get(ev, "actor.bot")));
	cr_assert(json_is_true(dp_event_get(ev, "commit.author.bot")));
	cr_assert_null(dp_event_get(ev, "commit.committer.bot"));
	cr_assert(json_is_true(dp_event_get(ev, "commit.ai_marked")));
	cr_assert_eq(json_array_size(dp_event_get(ev, "commit.ai_tools")), 1);
	cr_assert_eq(json_array_size(recs), 2);
	r = json_array_get(recs, 0);
	cr_assert_eq(dp_event_validate(r, "x", 1, &err), 0, "%s", err.text);
	cr_assert_str_eq(dp_event_get_string(r, "kind"), "ai.marker");
	cr_assert_eq(dp_event_make_id("ai.marker", key, sizeof(key) - 1, id,
	    NULL), 0);
	cr_assert_str_eq(dp_event_get_string(r, "id"), id);
	cr_assert_str_eq(dp_event_get_string(r, "time"),
	    "2026-03-01T09:00:00.000Z");
	cr_assert_eq(json_integer_value(dp_event_get(r, "src.rec")), 8);
	cr_assert_eq(json_integer_value(dp_event_get(json_array_get(recs, 1),
	    "src.rec")), 9);
	cr_assert_str_eq(dp_event_get_string(r, "src.path"), "/r");
	cr_assert_str_eq(dp_event_get_string(r, "actor.name"),
	    "dependabot[bot]");
	cr_assert_str_eq(dp_event_get_string(r, "repo.name"), "r");
	cr_assert_str_eq(dp_event_get_string(r, "ai.commit"), "abc");
	cr_assert_str_eq(dp_event_get_string(r, "ai.confidence"), "high");
	json_decref(recs);
	json_decref(ev);
	dp_aimarker_free(m);
	cleanup();
}

Test(aimarker, apply_needs_a_commit)
{
	struct dp_error err;
	struct dp_aimarker *m = load(NULL, NULL, &err);
	json_t *ev = json_pack("{s:s}", "kind", "x.y"), *recs;

	cr_assert_not_null(m);
	cr_assert_eq(dp_aimarker_apply(m, ev, 1, &recs, &err), -1);
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_null(recs);
	json_decref(ev);
	dp_aimarker_free(m);
	cleanup();
}

Test(aimarker, shipped_data_loads)
{
	struct dp_error err;
	const char *rules = getenv("DP_RULES_DIR");
	struct dp_aimarker *m;

	cr_assert_not_null(rules, "DP_RULES_DIR is not set");
	m = dp_aimarker_load(rules, &err);
	cr_assert_not_null(m, "%s:%ld: %s", err.source, err.line, err.text);
	cr_assert(dp_aimarker_is_bot(m, "Renovate",
	    "29139614+renovate@users.noreply.github.com"));
	dp_aimarker_free(m);
}

Test(aimarker, bad_data_is_a_config_error)
{
	fails("markers:\n  - tool: x\n    marker: trailer\n"
	    "    confidence: sure\n    keys: [K]\n", NULL, "ai/markers.yml", 4,
	    "confidence: expected high, medium or low");
	fails("markers:\n  - tool: x\n    marker: commit\n", NULL,
	    "ai/markers.yml", 3, "marker: expected trailer, author_email, "
	    "author_name, committer_email or message");
	fails("markers:\n  - tool: x\n    marker: message\n"
	    "    confidence: low\n    emails: [a@b]\n", NULL, "ai/markers.yml",
	    5, "emails: not a field of a message marker");
	fails("markers:\n  - tool: x\n    marker: trailer\n"
	    "    confidence: low\n", NULL, "ai/markers.yml", 2, "missing keys");
	fails("markers:\n  - marker: trailer\n", NULL, "ai/markers.yml", 2,
	    "missing tool");
	fails("markers:\n  - tool: x\n    marker: author_email\n"
	    "    confidence: low\n    github_ids:\n      - 12\n      - x\n",
	    NULL, "ai/markers.yml", 7,
	    "github_ids: expected a list of numbers");
	fails("markers:\n  - tool: x\n    marker: message\n"
	    "    confidence: low\n", NULL, "ai/markers.yml", 2,
	    "nothing to match");
	fails("other: 1\n", NULL, "ai/markers.yml", 1,
	    "expected one mapping with a list \"markers\"");
	fails(NULL, "emails: [a@b]\nnames: [x]\n", "bots.yml", 2,
	    "expected name_suffixes, login_suffixes, github_ids or emails");
	fails(NULL, "github_ids:\n  - 12\n", "bots.yml", 2,
	    "github_ids: expected {id, login}");
}

Test(aimarker, bad_yaml_and_missing_files_are_config_errors)
{
	struct dp_error err;

	cr_assert_null(load("markers: [\n", NULL, &err));
	cr_assert_eq(err.code, DP_ERR_CONFIG);
	cr_assert_gt(err.line, 0);
	cleanup();
	memcpy(dir + strlen(dir) - 6, "XXXXXX", 6);
	cr_assert_null(dp_aimarker_load("/nonexistent", &err));
	cr_assert_eq(err.code, DP_ERR_CONFIG);
	cr_assert_str_eq(err.source, "/nonexistent/ai/markers.yml");
}
