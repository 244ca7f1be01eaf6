#include <criterion/criterion.h>

#include "pathglob.h"

/* Returns whether pattern matches name, failing the test on errors. */
static int
m(const char *pattern, const char *name)
{
	struct dp_pathglob *g;
	struct dp_error err;
	int hit;

	g = dp_pathglob_new(pattern, &err);
	cr_assert_not_null(g, "%s: %s", pattern, err.text);
	hit = dp_pathglob_match(g, name, &err);
	cr_assert_geq(hit, 0);
	dp_pathglob_free(g);
	return hit;
}

Test(pathglob, plain_names_are_anchored)
{
	cr_assert(m("main", "main"));
	cr_assert_not(m("main", "feature/main"));
	cr_assert_not(m("main", "main2"));
	cr_assert_not(m("main", "Main"), "matching is case-sensitive");
}

Test(pathglob, star_stays_within_a_part)
{
	cr_assert(m("release/*", "release/1.2"));
	cr_assert_not(m("release/*", "release/1.2/hotfix"));
	cr_assert_not(m("release/*", "release"));
	cr_assert(m("*.pem", "key.pem"));
	cr_assert_not(m("*.pem", "certs/key.pem"));
	cr_assert(m("src/?.c", "src/a.c"));
	cr_assert(m("[abc]*.c", "b1.c"));
	cr_assert_not(m("[!abc]*.c", "b1.c"));
}

Test(pathglob, globstar_matches_any_number_of_parts)
{
	cr_assert(m("**/*.pem", "key.pem"), "none");
	cr_assert(m("**/*.pem", "a/b/c/key.pem"));
	cr_assert(m("src/**/test_*.c", "src/test_a.c"));
	cr_assert(m("src/**/test_*.c", "src/x/y/test_a.c"));
	cr_assert_not(m("src/**/test_*.c", "lib/x/test_a.c"));
	cr_assert(m("**", "anything/at/all"));
	cr_assert(m("a/**/b/**/c", "a/x/b/y/b/z/c"));
	cr_assert_not(m("a/**/b/**/c", "a/x/c/b"));
	cr_assert(m("**/secrets/**", "deploy/secrets/prod/key"));
	cr_assert_not(m("**/secrets/**", "deploy/secretsx/key"));
}

Test(pathglob, a_final_slash_is_everything_below)
{
	cr_assert(m(".github/", ".github/workflows/ci.yml"));
	cr_assert(m(".github/", ".github/CODEOWNERS"));
	cr_assert_not(m(".github/", "docs/.github/x"));
	cr_assert(m("**/.ssh/", "home/ann/.ssh/id_ed25519"));
}

Test(pathglob, bad_patterns)
{
	static const char *const bad[] = { "", "/etc/passwd", "a//b" };
	struct dp_error err;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_null(dp_pathglob_new(bad[i], &err), "'%s'", bad[i]);
		cr_assert_eq(err.code, DP_ERR_CONFIG);
		cr_assert_eq(err.line, 0);
	}
	cr_assert_str_eq(err.text, "bad pattern 'a//b' (a relative path with "
	    "no empty part)");
	dp_pathglob_free(NULL);
}
