#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "utf8.h"

Test(utf8, accepts_valid_text)
{
	const char *s = "plain ascii, caf\xc3\xa9, \xe2\x82\xac, \xf0\x9f\x98\x80";

	cr_assert_eq(dp_utf8_invalid_at(s, strlen(s)), 0);
}

Test(utf8, reports_column_of_first_bad_byte)
{
	cr_assert_eq(dp_utf8_invalid_at("ab\xff", 3), 3);
	cr_assert_eq(dp_utf8_invalid_at("\xc3", 1), 1);	/* truncated */
	cr_assert_eq(dp_utf8_invalid_at("x\xc0\xaf", 3), 2);	/* overlong */
	cr_assert_eq(dp_utf8_invalid_at("\xed\xa0\x80", 3), 1); /* surrogate */
	cr_assert_eq(dp_utf8_invalid_at("\xf4\x90\x80\x80", 4), 1);
}

Test(utf8, repair_replaces_bad_sequences)
{
	int fixed = 0;
	char *s = dp_utf8_repair("J\xf6rg", 4, &fixed);

	cr_assert_not_null(s);
	cr_assert_str_eq(s, "J\xef\xbf\xbdrg");
	cr_assert_eq(fixed, 1);
	free(s);
}

Test(utf8, repair_keeps_valid_text_and_says_so)
{
	int fixed = 1;
	char *s = dp_utf8_repair("caf\xc3\xa9", 5, &fixed);

	cr_assert_str_eq(s, "caf\xc3\xa9");
	cr_assert_eq(fixed, 0);
	free(s);
}

Test(utf8, repair_replaces_nul)
{
	int fixed = 0;
	char *s = dp_utf8_repair("a\0b", 3, &fixed);

	cr_assert_str_eq(s, "a\xef\xbf\xbd" "b");
	cr_assert_eq(fixed, 1);
	free(s);
}
