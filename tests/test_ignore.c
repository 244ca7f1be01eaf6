#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "ignore.h"

/* Returns a new list of the NULL-ended patterns. */
static struct dp_ignore *
list(const char *first, ...)
{
	struct dp_ignore *ig;
	struct dp_error err;
	const char *p;
	va_list ap;

	cr_assert_not_null(ig = dp_ignore_new(&err));
	va_start(ap, first);
	for (p = first; p != NULL; p = va_arg(ap, const char *))
		cr_assert_eq(dp_ignore_add(ig, p, &err), 0, "%s: %s", p,
		    err.text);
	va_end(ap);
	return ig;
}

Test(ignore, name_without_slash_matches_at_any_depth)
{
	struct dp_ignore *ig = list("*.log", NULL);

	cr_assert_eq(dp_ignore_match(ig, "a.log", 0), 1);
	cr_assert_eq(dp_ignore_match(ig, "x/y/a.log", 0), 1);
	cr_assert_eq(dp_ignore_match(ig, "x/a.log/y", 0), 0);
	cr_assert_eq(dp_ignore_match(ig, "a.logs", 0), 0);
	dp_ignore_free(ig);
}

Test(ignore, star_and_question_mark_stop_at_slashes)
{
	struct dp_ignore *ig = list("doc/*.txt", "a?c", NULL);

	cr_assert_eq(dp_ignore_match(ig, "doc/x.txt", 0), 1);
	cr_assert_eq(dp_ignore_match(ig, "doc/sub/x.txt", 0), 0);
	cr_assert_eq(dp_ignore_match(ig, "abc", 0), 1);
	cr_assert_eq(dp_ignore_match(ig, "a/c", 0), 0);
	cr_assert_eq(dp_ignore_match(ig, "ac", 0), 0);
	dp_ignore_free(ig);
}

Test(ignore, slash_anchors_at_the_root)
{
	struct dp_ignore *ig = list("/build", "src/gen", NULL);

	cr_assert_eq(dp_ignore_match(ig, "build", 1), 1);
	cr_assert_eq(dp_ignore_match(ig, "x/build", 1), 0);
	cr_assert_eq(dp_ignore_match(ig, "src/gen", 0), 1);
	cr_assert_eq(dp_ignore_match(ig, "a/src/gen", 0), 0);
	dp_ignore_free(ig);
}

Test(ignore, trailing_slash_matches_folders_only)
{
	struct dp_ignore *ig = list("cache/", NULL);

	cr_assert_eq(dp_ignore_match(ig, "cache", 1), 1);
	cr_assert_eq(dp_ignore_match(ig, "a/cache", 1), 1);
	cr_assert_eq(dp_ignore_match(ig, "cache", 0), 0);
	dp_ignore_free(ig);
}

Test(ignore, double_star)
{
	struct dp_ignore *ig = list("**/logs", "out/**", "a/**/z", NULL);

	cr_assert_eq(dp_ignore_match(ig, "logs", 1), 1);
	cr_assert_eq(dp_ignore_match(ig, "x/y/logs", 1), 1);
	cr_assert_eq(dp_ignore_match(ig, "out/x", 0), 1);
	cr_assert_eq(dp_ignore_match(ig, "out/x/y", 0), 1);
	cr_assert_eq(dp_ignore_match(ig, "out", 1), 0);
	cr_assert_eq(dp_ignore_match(ig, "a/z", 0), 1);
	cr_assert_eq(dp_ignore_match(ig, "a/b/c/z", 0), 1);
	cr_assert_eq(dp_ignore_match(ig, "a/b/c/zz", 0), 0);
	cr_assert_eq(dp_ignore_match(ig, "b/a/z", 0), 0);
	dp_ignore_free(ig);
}

Test(ignore, other_runs_of_stars_are_one_star)
{
	struct dp_ignore *ig = list("a**b", NULL);

	cr_assert_eq(dp_ignore_match(ig, "axxb", 0), 1);
	cr_assert_eq(dp_ignore_match(ig, "ax/xb", 0), 0);
	dp_ignore_free(ig);
}

Test(ignore, last_match_decides_and_negation_includes_again)
{
	struct dp_ignore *ig = list("*.env", "!example.env", NULL);

	cr_assert_eq(dp_ignore_match(ig, "prod.env", 0), 1);
	cr_assert_eq(dp_ignore_match(ig, "example.env", 0), 0);
	dp_ignore_free(ig);
	ig = list("!example.env", "*.env", NULL);
	cr_assert_eq(dp_ignore_match(ig, "example.env", 0), 1);
	dp_ignore_free(ig);
}

Test(ignore, excluded_folder_cannot_be_included_again)
{
	struct dp_ignore *ig = list("vendor/", "!vendor/keep.txt", NULL);

	cr_assert_eq(dp_ignore_match(ig, "vendor/keep.txt", 0), 0);
	cr_assert_eq(dp_ignore_path(ig, "vendor/keep.txt", 0), 1);
	cr_assert_eq(dp_ignore_path(ig, "src/keep.txt", 0), 0);
	cr_assert_eq(dp_ignore_path(ig, "a/vendor/b/c", 0), 1);
	dp_ignore_free(ig);
}

Test(ignore, classes)
{
	struct dp_ignore *ig = list("file[0-9].txt", "[!a-y]z", "x[]]", NULL);

	cr_assert_eq(dp_ignore_match(ig, "file7.txt", 0), 1);
	cr_assert_eq(dp_ignore_match(ig, "fileA.txt", 0), 0);
	cr_assert_eq(dp_ignore_match(ig, "zz", 0), 1);
	cr_assert_eq(dp_ignore_match(ig, "az", 0), 0);
	cr_assert_eq(dp_ignore_match(ig, "x]", 0), 1);
	dp_ignore_free(ig);
}

Test(ignore, escapes_comments_and_spaces)
{
	struct dp_ignore *ig = list("\\!bang", "\\#hash", "#comment",
	    "trail   ", "sp\\ ", "", "!", NULL);

	cr_assert_eq(dp_ignore_match(ig, "!bang", 0), 1);
	cr_assert_eq(dp_ignore_match(ig, "#hash", 0), 1);
	cr_assert_eq(dp_ignore_match(ig, "#comment", 0), 0);
	cr_assert_eq(dp_ignore_match(ig, "trail", 0), 1);
	cr_assert_eq(dp_ignore_match(ig, "sp ", 0), 1);
	cr_assert_eq(dp_ignore_match(ig, "", 0), 0);
	dp_ignore_free(ig);
}

Test(ignore, null_or_empty_list_excludes_nothing)
{
	struct dp_ignore *ig = list(NULL);

	cr_assert_eq(dp_ignore_match(NULL, "a", 0), 0);
	cr_assert_eq(dp_ignore_path(NULL, "a/b", 0), 0);
	cr_assert_eq(dp_ignore_path(ig, "a/b", 0), 0);
	dp_ignore_free(ig);
	dp_ignore_free(NULL);
}

Test(ignore, many_stars_stay_fast)
{
	struct dp_ignore *ig = list("*a*a*a*a*a*a*a*a*a*a*a*a*b", NULL);
	char path[4001];

	memset(path, 'a', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	cr_assert_eq(dp_ignore_match(ig, path, 0), 0);
	dp_ignore_free(ig);
}

Test(ignore, bad_patterns)
{
	struct dp_ignore *ig = list(NULL);
	struct dp_error err;
	char *longp;

	cr_assert_eq(dp_ignore_add(ig, "a[b", &err), -1);
	cr_assert_eq(err.code, DP_ERR_USAGE);
	cr_assert_str_eq(err.text, "pattern 'a[b': '[' without ']'");
	cr_assert_not_null(longp = malloc(DP_IGNORE_PATTERN_MAX + 2));
	memset(longp, 'x', DP_IGNORE_PATTERN_MAX + 1);
	longp[DP_IGNORE_PATTERN_MAX + 1] = '\0';
	cr_assert_eq(dp_ignore_add(ig, longp, &err), -1);
	cr_assert_eq(err.code, DP_ERR_USAGE);
	free(longp);
	dp_ignore_free(ig);
}
