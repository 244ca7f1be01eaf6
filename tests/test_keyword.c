#include <string.h>

#include <criterion/criterion.h>

#include "keyword.h"

/* A compiled set of the NULL-ended words, word i with id i. */
static struct dp_keyword *
set_of(const char *const *words, size_t n)
{
	struct dp_keyword *kw = dp_keyword_new(n, NULL);
	struct dp_error err;
	size_t i;

	cr_assert_not_null(kw);
	for (i = 0; i < n; i++)
		cr_assert_eq(dp_keyword_add(kw, words[i], strlen(words[i]), i,
		    &err), 0, "%s", err.text);
	cr_assert_eq(dp_keyword_compile(kw, &err), 0, "%s", err.text);
	return kw;
}

Test(keyword, finds_words_ignoring_ascii_case)
{
	static const char *const words[] = { "akia", "ghp_", "password" };
	struct dp_keyword *kw = set_of(words, 3);
	unsigned char seen[3] = { 0 };
	const char *text = "key = AKIAQ and PassWord: x";

	cr_assert_eq(dp_keyword_scan(kw, text, strlen(text), seen), 2);
	cr_assert_eq(seen[0], 1);
	cr_assert_eq(seen[1], 0);
	cr_assert_eq(seen[2], 1);
	dp_keyword_free(kw);
}

Test(keyword, finds_words_inside_other_words)
{
	static const char *const words[] = { "hers", "she", "his", "ushers" };
	struct dp_keyword *kw = set_of(words, 4);
	unsigned char seen[4] = { 0 };

	/* words that start inside and at the start of other words */
	cr_assert_eq(dp_keyword_scan(kw, "USHERS", 6, seen), 3);
	cr_assert_eq(seen[0], 1);
	cr_assert_eq(seen[1], 1);
	cr_assert_eq(seen[2], 0);
	cr_assert_eq(seen[3], 1);
	dp_keyword_free(kw);
}

Test(keyword, several_words_share_an_id_and_bytes_are_binary)
{
	struct dp_keyword *kw = dp_keyword_new(1, NULL);
	unsigned char seen[1] = { 0 };
	const char text[] = "\0\xff\x80zz\0AbC";

	cr_assert_eq(dp_keyword_add(kw, "xyz", 3, 0, NULL), 0);
	cr_assert_eq(dp_keyword_add(kw, "z\0a", 3, 0, NULL), 0);
	cr_assert_eq(dp_keyword_compile(kw, NULL), 0);
	cr_assert_eq(dp_keyword_scan(kw, text, sizeof(text) - 1, seen), 1);
	cr_assert_eq(seen[0], 1);
	seen[0] = 0;
	cr_assert_eq(dp_keyword_scan(kw, "xy zz", 5, seen), 0);
	cr_assert_eq(seen[0], 0);
	dp_keyword_free(kw);
}

Test(keyword, an_empty_set_finds_nothing)
{
	struct dp_keyword *kw = dp_keyword_new(0, NULL);
	unsigned char seen[1] = { 0 };

	cr_assert_eq(dp_keyword_compile(kw, NULL), 0);
	cr_assert_eq(dp_keyword_scan(kw, "abc", 3, seen), 0);
	dp_keyword_free(kw);
	dp_keyword_free(NULL);
}

Test(keyword, rejects_bad_words_and_late_adds)
{
	struct dp_keyword *kw = dp_keyword_new(2, NULL);
	char big[DP_KEYWORD_LEN_MAX + 1];
	struct dp_error err;

	memset(big, 'a', sizeof(big));
	cr_assert_eq(dp_keyword_add(kw, "ab", 2, 0, &err), -1);
	cr_assert_eq(err.code, DP_ERR_USAGE);
	cr_assert_str_eq(err.text, "keyword of 2 bytes (3 to 256 allowed)");
	cr_assert_eq(dp_keyword_add(kw, big, sizeof(big), 0, &err), -1);
	cr_assert_str_eq(err.text, "keyword of 257 bytes (3 to 256 allowed)");
	cr_assert_eq(dp_keyword_add(kw, "abc", 3, 2, &err), -1);
	cr_assert_str_eq(err.text, "keyword id 2 out of range");
	cr_assert_eq(dp_keyword_compile(kw, &err), 0);
	cr_assert_eq(dp_keyword_add(kw, "abc", 3, 0, &err), -1);
	cr_assert_str_eq(err.text, "keyword set already compiled");
	dp_keyword_free(kw);
}

Test(keyword, stops_once_every_id_is_seen)
{
	static const char *const words[] = { "abc" };
	struct dp_keyword *kw = set_of(words, 1);
	unsigned char seen[1] = { 0 };

	cr_assert_eq(dp_keyword_scan(kw, "abcabcabc", 9, seen), 1);
	dp_keyword_free(kw);
}

Test(keyword, bounds_the_number_of_words)
{
	struct dp_keyword *kw = dp_keyword_new(1, NULL);
	struct dp_error err;
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i <= DP_KEYWORD_WORDS_MAX; i++)
		rc = dp_keyword_add(kw, "abc", 3, 0, &err);
	cr_assert_eq(rc, -1);
	cr_assert_eq(i, DP_KEYWORD_WORDS_MAX + 1);
	cr_assert_eq(err.code, DP_ERR_USAGE);
	cr_assert_str_eq(err.text, "more than 100000 keywords");
	dp_keyword_free(kw);
}

Test(keyword, words_sharing_a_start_and_the_buffer_end)
{
	static const char *const words[] = { "password", "passwd", "pwd" };
	struct dp_keyword *kw = set_of(words, 3);
	unsigned char seen[3] = { 0 };

	cr_assert_eq(dp_keyword_scan(kw, "x passw", 7, seen), 0);
	cr_assert_eq(dp_keyword_scan(kw, "x PASSWD", 8, seen), 1);
	cr_assert_eq(seen[1], 1);
	cr_assert_eq(dp_keyword_scan(kw, "pw", 2, seen), 0);
	cr_assert_eq(dp_keyword_scan(kw, "pwd", 3, seen), 1);
	cr_assert_eq(seen[0], 0);
	cr_assert_eq(seen[2], 1);
	dp_keyword_free(kw);
}
