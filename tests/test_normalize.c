#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <git2.h>

#include "normalize.h"

static void
setup(void)
{
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, "");
}

static void
teardown(void)
{
	git_libgit2_shutdown();
}

TestSuite(normalize, .init = setup, .fini = teardown);

#define ENVELOPE(kind) \
	"{\"v\":1,\"kind\":\"" kind "\",\"id\":\"" \
	"0123456789abcdef0123456789abcdef\"," \
	"\"time\":\"2026-03-01T09:14:05.000Z\"," \
	"\"src\":{\"type\":\"git\",\"path\":\"/nonexistent/app\",\"rec\":1},"

/* An scm.commit by author and committer, given as JSON members. */
#define COMMIT(actor, author, committer) \
	ENVELOPE("scm.commit") \
	"\"actor\":{" actor "}," \
	"\"repo\":{\"name\":\"app\",\"path\":\"/nonexistent/app\"}," \
	"\"commit\":{\"sha\":\"2fd4e1c67a2d28fced849ee1bb76e7391b93eb12\"," \
	"\"parents\":[],\"merge\":false," \
	"\"author\":{" author "}," \
	"\"committer\":{" committer "}," \
	"\"committer_differs\":true,\"subject\":\"s\",\"message\":\"s\\n\"}}"

#define ANN "\"name\":\"ann\",\"email\":\"Ann@Old.example\""
#define BOB "\"name\":\"Bob\",\"email\":\"bob@x\""
#define TZ ",\"tz_offset\":60"

static const char mailmap[] =
    "Ann Example <ann@example.com> <ann@old.example>\n";

static struct dp_identity *
resolver(const char *text, int repos)
{
	struct dp_identity *ident = dp_identity_new(NULL);

	cr_assert_not_null(ident);
	dp_identity_set_repo_mailmap(ident, repos);
	if (text != NULL)
		cr_assert_eq(dp_identity_add_mailmap(ident, text, strlen(text),
		    "mm", NULL), 0);
	return ident;
}

static json_t *
parse(const char *text)
{
	json_t *ev = json_loads(text, JSON_REJECT_DUPLICATES, NULL);

	cr_assert_not_null(ev, "test JSON: %s", text);
	return ev;
}

/* Normalizes ev, checks the flags returned, and returns its JSON text. */
static char *
run(struct dp_identity *ident, json_t *ev, int want)
{
	struct dp_error err;
	int rc = dp_normalize_event(ident, ev, "events.ndjson", 3, &err);

	cr_assert_eq(rc, want, "rc %d: %s", rc, rc == -1 ? err.text : "");
	return json_dumps(ev, JSON_COMPACT);
}

Test(normalize, commit_people_are_resolved)
{
	struct dp_identity *ident = resolver(mailmap, 0);
	json_t *ev = parse(COMMIT(ANN, ANN TZ, BOB));
	char *s = run(ident, ev, DP_NORMALIZE_CHANGED);

	/* other members stay where they were; id and alias come last */
	cr_assert_str_eq(s, COMMIT(
	    "\"name\":\"Ann Example\",\"email\":\"ann@example.com\","
	    "\"id\":\"ann@example.com\",\"alias\":{" ANN "}",
	    "\"name\":\"Ann Example\",\"email\":\"ann@example.com\"" TZ
	    ",\"id\":\"ann@example.com\",\"alias\":{" ANN "}",
	    BOB ",\"id\":\"bob@x\""));
	free(s);
	json_decref(ev);
	dp_identity_free(ident);
}

Test(normalize, running_twice_changes_nothing_more)
{
	struct dp_identity *ident = resolver(mailmap, 0);
	json_t *ev = parse(COMMIT(ANN, ANN TZ, BOB));
	char *once = run(ident, ev, DP_NORMALIZE_CHANGED);
	json_t *again = parse(once);
	char *twice = run(ident, again, 0);

	cr_assert_str_eq(twice, once);
	free(once);
	free(twice);
	json_decref(again);
	json_decref(ev);
	dp_identity_free(ident);
}

Test(normalize, unmapped_person_only_gets_an_id)
{
	struct dp_identity *ident = resolver(NULL, 0);
	json_t *ev = parse(COMMIT(BOB, BOB TZ, BOB));
	char *s = run(ident, ev, DP_NORMALIZE_CHANGED);

	cr_assert_str_eq(s, COMMIT(BOB ",\"id\":\"bob@x\"",
	    BOB TZ ",\"id\":\"bob@x\"", BOB ",\"id\":\"bob@x\""));
	free(s);
	json_decref(ev);
	dp_identity_free(ident);
}

Test(normalize, alias_is_undone_without_the_mapping)
{
	struct dp_identity *with = resolver(mailmap, 0);
	struct dp_identity *without = resolver(NULL, 0);
	json_t *ev = parse(COMMIT(ANN, ANN TZ, BOB));
	char *s;

	free(run(with, ev, DP_NORMALIZE_CHANGED));
	s = run(without, ev, DP_NORMALIZE_CHANGED);
	cr_assert_str_eq(s, COMMIT(ANN ",\"id\":\"ann@old.example\"",
	    ANN TZ ",\"id\":\"ann@old.example\"",
	    BOB ",\"id\":\"bob@x\""));
	free(s);
	json_decref(ev);
	dp_identity_free(with);
	dp_identity_free(without);
}

Test(normalize, person_without_email_gets_a_name_id)
{
	struct dp_identity *ident = resolver(NULL, 0);
	json_t *ev = parse(COMMIT("\"name\":\"Ann\"", "\"name\":\"Ann\"",
	    "\"name\":\"Ann\",\"email\":\"\""));

	free(run(ident, ev, DP_NORMALIZE_CHANGED));
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(ev,
	    "actor"), "id")), "name:Ann");
	cr_assert_null(json_object_get(json_object_get(ev, "actor"),
	    "email"));
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(
	    json_object_get(ev, "commit"), "committer"), "id")), "name:Ann");
	json_decref(ev);
	dp_identity_free(ident);
}

Test(normalize, other_kinds_are_untouched)
{
	struct dp_identity *ident = resolver(mailmap, 0);
	json_t *ev = parse(ENVELOPE("scm.tag") "\"actor\":{" ANN "}}");
	json_t *copy = json_deep_copy(ev);

	free(run(ident, ev, 0));
	cr_assert(json_equal(ev, copy));
	json_decref(copy);
	json_decref(ev);
	dp_identity_free(ident);
}

Test(normalize, odd_people_are_left_alone)
{
	struct dp_identity *ident = resolver(mailmap, 0);
	json_t *ev = parse(ENVELOPE("scm.commit")
	    "\"actor\":{\"name\":\"ann\",\"email\":5},"
	    "\"commit\":{\"author\":\"ann <ann@old.example>\","
	    "\"committer\":{\"login\":\"ann\"}}}");
	json_t *copy = json_deep_copy(ev);

	free(run(ident, ev, 0));
	cr_assert(json_equal(ev, copy));
	json_decref(copy);
	json_decref(ev);
	dp_identity_free(ident);
}

Test(normalize, bad_envelope_is_a_data_error)
{
	struct dp_identity *ident = resolver(NULL, 0);
	json_t *ev = parse("{\"v\":1,\"kind\":\"scm.commit\",\"id\":\"x\"}");
	struct dp_error err;

	cr_assert_eq(dp_normalize_event(ident, ev, "events.ndjson", 3, &err),
	    -1);
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_str_eq(err.source, "events.ndjson");
	cr_assert_eq(err.line, 3);
	cr_assert_str_eq(err.text, "field 'time' is missing");
	json_decref(ev);
	dp_identity_free(ident);
}

Test(normalize, unopened_repository_warns_once)
{
	struct dp_identity *ident = resolver(mailmap, 1);
	json_t *ev = parse(COMMIT(ANN, ANN, BOB));
	json_t *ev2 = parse(COMMIT(BOB, BOB, BOB));
	struct dp_error err;

	cr_assert_eq(dp_normalize_event(ident, ev, "events.ndjson", 3, &err),
	    DP_NORMALIZE_CHANGED | DP_NORMALIZE_WARNING);
	cr_assert_eq(err.code, DP_ERR_NOINPUT);
	cr_assert_str_eq(err.source, "events.ndjson");
	cr_assert_eq(err.line, 3);
	cr_assert(strncmp(err.text,
	    "cannot open repository '/nonexistent/app': ", 43) == 0, "%s",
	    err.text);
	/* the mailmap file still applied */
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(ev,
	    "actor"), "id")), "ann@example.com");
	cr_assert_eq(dp_normalize_event(ident, ev2, "events.ndjson", 4, &err),
	    DP_NORMALIZE_CHANGED);
	json_decref(ev);
	json_decref(ev2);
	dp_identity_free(ident);
}
