#include <string.h>

#include <criterion/criterion.h>

#include "prefix.h"

static int
starts(const char *pattern, const char *w1, const char *w2)
{
	const char *words[2] = { w1, w2 };

	return dp_prefix_starts_with(pattern, strlen(pattern), words,
	    w2 != NULL ? 2 : 1);
}

Test(prefix, proves_literal_starts_ignoring_case)
{
	cr_assert_eq(starts("\\b(?<secret>ghp_[A-Za-z0-9]{36})\\b", "GHP_",
	    NULL), 1);
	cr_assert_eq(starts("(?i)(?:password|passwd|pwd)[a-z]{0,16}",
	    "passw", "pwd"), 1);
	cr_assert_eq(starts("(?i)(?:password|passwd|pwd)[a-z]{0,16}",
	    "password", "pwd"), 0);
	cr_assert_eq(starts("(?<![A-Za-z0-9_-])(?<secret>sq[upa]_[a-f]{40})",
	    "squ_", "sq"), 1);
	cr_assert_eq(starts("(?i)(?:cohere|\\bco_api_key)[\\w.(-]{0,25}?",
	    "cohere", "co_api"), 1);
	cr_assert_eq(starts("(?:postgres(?:ql)?(?:\\+[a-z]+)?|pgsql)://",
	    "postgres", "pgsql"), 1);
	cr_assert_eq(starts("amzn\\.mws\\.[0-9a-f]{8}", "amzn.mws.", NULL), 1);
	cr_assert_eq(starts("(?=x)abc+d", "abc", NULL), 1);
}

Test(prefix, refuses_what_it_cannot_prove)
{
	/* a keyword in the middle, or not in the match at all */
	cr_assert_eq(starts("[0-9a-f]{32}-us[0-9]{1,2}", "-us", NULL), 0);
	cr_assert_eq(starts("(?m)^[ \\t]*password", "password", NULL), 0);
	/* an optional start, an alternative without the keyword */
	cr_assert_eq(starts("(?:export )?token", "token", NULL), 0);
	cr_assert_eq(starts("token|secret", "token", NULL), 0);
	cr_assert_eq(starts("(?:tok)*en", "tok", NULL), 0);
	/* a keyword longer than what is certain */
	cr_assert_eq(starts("to[a-z]en", "token", NULL), 0);
	cr_assert_eq(starts("tok\\w", "toke", NULL), 0);
	/* \K moves the start; extended syntax and verbs are not read */
	cr_assert_eq(starts("abc\\Kdef", "def", NULL), 0);
	cr_assert_eq(starts("(?x) abc", "abc", NULL), 0);
	cr_assert_eq(starts("(*UTF)abc", "abc", NULL), 0);
	cr_assert_eq(starts("ab{c", "ab", NULL), 0);
	/* broken patterns prove nothing */
	cr_assert_eq(starts("(abc", "abc", NULL), 0);
	cr_assert_eq(starts("abc)", "abc", NULL), 0);
	cr_assert_eq(starts("[abc", "a", NULL), 0);
}

Test(prefix, follows_classes_quantifiers_and_groups)
{
	cr_assert_eq(starts("ab+c", "abc", NULL), 0);
	cr_assert_eq(starts("ab+c", "ab", NULL), 1);
	cr_assert_eq(starts("(?:ab){2}c", "ab", NULL), 1);
	cr_assert_eq(starts("(?:ab){2}c", "abc", NULL), 0);
	cr_assert_eq(starts("[xy]z", "xz", "yz"), 1);
	cr_assert_eq(starts("[xy]z", "xz", NULL), 0);
	cr_assert_eq(starts("[^x]z", "z", NULL), 0);
	cr_assert_eq(starts("[a-c]z", "az", NULL), 0);
	cr_assert_eq(starts("\\$2[aby]\\$", "$2", NULL), 1);
	cr_assert_eq(starts("(?-i:AB)c", "abc", NULL), 1);
	cr_assert_eq(starts("(?i)ab(?<=xab)c", "abc", NULL), 1);
	cr_assert_eq(starts("a(?:b|)c", "ac", "abc"), 1);
	cr_assert_eq(starts("a(?:b|)c", "abc", NULL), 0);
}
