#include <string.h>

#include <criterion/criterion.h>
#include <git2.h>

#include "linecount.h"

static void
setup(void)
{
	git_libgit2_init();
}

static void
teardown(void)
{
	git_libgit2_shutdown();
}

TestSuite(linecount, .init = setup, .fini = teardown);

Test(linecount, binary_is_a_nul_in_the_first_8000_bytes)
{
	static char buf[9000];

	memset(buf, 'a', sizeof(buf));
	cr_assert_eq(dp_linecount_is_binary(buf, sizeof(buf)), 0);
	buf[7999] = '\0';
	cr_assert_eq(dp_linecount_is_binary(buf, sizeof(buf)), 1);
	buf[7999] = 'a';
	buf[8000] = '\0';
	cr_assert_eq(dp_linecount_is_binary(buf, sizeof(buf)), 0);
	cr_assert_eq(dp_linecount_is_binary("", 0), 0);
	cr_assert_eq(dp_linecount_is_binary("\x80\xff\x01", 3), 0);
}

Test(linecount, lines_count_an_unterminated_last_line)
{
	cr_assert_eq(dp_linecount_lines("", 0), 0);
	cr_assert_eq(dp_linecount_lines("a", 1), 1);
	cr_assert_eq(dp_linecount_lines("a\n", 2), 1);
	cr_assert_eq(dp_linecount_lines("a\nb", 3), 2);
	cr_assert_eq(dp_linecount_lines("\n\n\n", 3), 3);
}

Test(linecount, diff_counts_changed_lines_like_numstat)
{
	const char *o = "one\ntwo\nthree\nfour\nfive\n";
	const char *n = "one\n2\nthree\nfour\nfive\nsix\nseven\n";
	size_t a = 99, d = 99;

	cr_assert_eq(dp_linecount_diff(o, strlen(o), n, strlen(n), &a, &d,
	    NULL), 0);
	cr_assert_eq(a, 3);
	cr_assert_eq(d, 1);
	cr_assert_eq(dp_linecount_diff(o, strlen(o), o, strlen(o), &a, &d,
	    NULL), 0);
	cr_assert_eq(a, 0);
	cr_assert_eq(d, 0);
}

Test(linecount, diff_of_an_empty_side_counts_the_other)
{
	size_t a, d;

	cr_assert_eq(dp_linecount_diff("", 0, "x\ny", 3, &a, &d, NULL), 0);
	cr_assert_eq(a, 2);
	cr_assert_eq(d, 0);
	cr_assert_eq(dp_linecount_diff("x\n", 2, NULL, 0, &a, &d, NULL), 0);
	cr_assert_eq(a, 0);
	cr_assert_eq(d, 1);
}

Test(linecount, a_missing_final_newline_changes_the_last_line)
{
	size_t a, d;

	cr_assert_eq(dp_linecount_diff("a\nb", 3, "a\nb\n", 4, &a, &d,
	    NULL), 0);
	cr_assert_eq(a, 1);
	cr_assert_eq(d, 1);
}
