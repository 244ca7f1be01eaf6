#include <stdio.h>
#include <string.h>
#include <strings.h>

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

/* The hits of kw in the len bytes at text as "id@offset ...". */
static const char *
hits_of(const struct dp_keyword *kw, const char *text, size_t len)
{
	static char out[512];
	struct dp_keyword_hits h = DP_KEYWORD_HITS_INIT;
	size_t i, n = 0;

	cr_assert_eq(dp_keyword_find(kw, text, len, &h, NULL), 0);
	out[0] = '\0';
	for (i = 0; i < h.n && n < sizeof(out); i++)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%zu@%zu",
		    i > 0 ? " " : "", h.v[i].id, h.v[i].offset);
	dp_keyword_hits_release(&h);
	return out;
}

Test(keyword, finds_words_ignoring_ascii_case)
{
	static const char *const words[] = { "akia", "ghp_", "password" };
	struct dp_keyword *kw = set_of(words, 3);
	const char *text = "key = AKIAQ and PassWord: x";

	cr_assert_str_eq(hits_of(kw, text, strlen(text)), "0@6 2@16");
	dp_keyword_free(kw);
}

Test(keyword, finds_words_inside_other_words)
{
	static const char *const words[] = { "hers", "she", "his", "ushers" };
	struct dp_keyword *kw = set_of(words, 4);

	/* words that start inside and at the start of other words */
	cr_assert_str_eq(hits_of(kw, "USHERS", 6), "3@0 1@1 0@2");
	dp_keyword_free(kw);
}

Test(keyword, several_words_share_an_id_and_bytes_are_binary)
{
	struct dp_keyword *kw = dp_keyword_new(1, NULL);
	const char text[] = "\0\xff\x80zz\0AbC";

	cr_assert_eq(dp_keyword_add(kw, "xyz", 3, 0, NULL), 0);
	cr_assert_eq(dp_keyword_add(kw, "z\0a", 3, 0, NULL), 0);
	cr_assert_eq(dp_keyword_compile(kw, NULL), 0);
	cr_assert_str_eq(hits_of(kw, text, sizeof(text) - 1), "0@4");
	cr_assert_str_eq(hits_of(kw, "xy zz", 5), "");
	dp_keyword_free(kw);
}

Test(keyword, an_empty_set_finds_nothing)
{
	struct dp_keyword *kw = dp_keyword_new(0, NULL);

	cr_assert_eq(dp_keyword_compile(kw, NULL), 0);
	cr_assert_str_eq(hits_of(kw, "abc", 3), "");
	dp_keyword_free(kw);
	dp_keyword_free(NULL);
	dp_keyword_hits_release(NULL);
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

Test(keyword, finds_every_occurrence_and_reuses_the_list)
{
	static const char *const words[] = { "abc" };
	struct dp_keyword *kw = set_of(words, 1);
	struct dp_keyword_hits h = DP_KEYWORD_HITS_INIT;

	cr_assert_str_eq(hits_of(kw, "abcabcabc", 9), "0@0 0@3 0@6");
	cr_assert_eq(dp_keyword_find(kw, "xabc", 4, &h, NULL), 0);
	cr_assert_eq(dp_keyword_find(kw, "abcx", 4, &h, NULL), 0);
	cr_assert_eq(h.n, 1);
	cr_assert_eq(h.v[0].offset, 0);
	dp_keyword_hits_release(&h);
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

	cr_assert_str_eq(hits_of(kw, "x passw", 7), "");
	cr_assert_str_eq(hits_of(kw, "x PASSWD", 8), "1@2");
	cr_assert_str_eq(hits_of(kw, "pw", 2), "");
	cr_assert_str_eq(hits_of(kw, "pwd", 3), "2@0");
	dp_keyword_free(kw);
}

/*
 * A long buffer goes through the 64-byte blocks: every occurrence is
 * found, at every offset from a block's start and across its end, and
 * a common first 3 bytes with the wrong fourth one gives nothing.
 */
Test(keyword, finds_the_same_in_blocks_as_byte_by_byte)
{
	static const char *const words[] = { "token", "key", "sk_live" };
	struct dp_keyword *kw = set_of(words, 3);
	struct dp_keyword_hits h = DP_KEYWORD_HITS_INIT;
	char buf[1000];
	size_t i, k, n;

	memset(buf, '.', sizeof(buf));
	for (i = 0; i + 20 < sizeof(buf); i += 37) {
		memcpy(buf + i, (i / 37) % 2 ? "TOKEN" : "tokes", 5);
		memcpy(buf + i + 7, "Key", 3);
	}
	memcpy(buf + sizeof(buf) - 3, "kEy", 3);
	cr_assert_eq(dp_keyword_find(kw, buf, sizeof(buf), &h, NULL), 0);
	for (i = n = 0; i + 3 <= sizeof(buf); i++)
		for (k = 0; k < 3; k++)
			if (i + strlen(words[k]) <= sizeof(buf) &&
			    strncasecmp(buf + i, words[k],
			    strlen(words[k])) == 0) {
				cr_assert_lt(n, h.n);
				cr_assert_eq(h.v[n].offset, i);
				cr_assert_eq(h.v[n].id, k);
				n++;
			}
	cr_assert_eq(n, h.n);
	cr_assert_gt(n, 30);
	dp_keyword_hits_release(&h);
	dp_keyword_free(kw);
}
