#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include "jsontext.h"

/* Asserts that v's text is json_dumpb()'s, after what t already holds. */
static void
same_as_jansson(json_t *v)
{
	struct dp_jsontext t = { NULL, 0, 0 };
	struct dp_error err;
	size_t need = json_dumpb(v, NULL, 0, JSON_COMPACT);
	char *want = malloc(need);

	cr_assert_not_null(want);
	cr_assert_eq(json_dumpb(v, want, need, JSON_COMPACT), need);
	cr_assert_eq(dp_jsontext_reserve(&t, 3, &err), 0);
	memcpy(t.buf, "xyz", 3);
	t.len = 3;
	cr_assert_eq(dp_jsontext_append(&t, v, &err), 0, "%s", err.text);
	cr_assert_eq(t.len, need + 3, "%zu != %zu", t.len, need + 3);
	cr_assert(memcmp(t.buf, "xyz", 3) == 0);
	cr_assert(memcmp(t.buf + 3, want, need) == 0, "%.*s != %.*s",
	    (int)t.len - 3, t.buf + 3, (int)need, want);
	free(want);
	free(t.buf);
	json_decref(v);
}

Test(jsontext, every_control_character_is_escaped_as_jansson_does)
{
	char s[40];
	int i;

	for (i = 0; i < 32; i++)
		s[i] = (char)i;
	memcpy(s + 32, "\"\\/\x7f", 4);
	same_as_jansson(json_pack("{s:s%}", "k\n\"", s, (size_t)36));
}

Test(jsontext, unicode_is_written_as_it_is)
{
	same_as_jansson(json_pack("[s, s, s]", "caf\xc3\xa9",
	    "\xf0\x9f\x98\x80", "\xe2\x80\xa8 \xef\xbf\xbd"));
}

Test(jsontext, objects_keep_insertion_order)
{
	same_as_jansson(json_pack("{s:i, s:i, s:{s:[], s:{}}, s:I, s:b, s:b,"
	    " s:n, s:[i, s, [i]]}", "z", 1, "a", -2, "m", "x", "y",
	    "big", (json_int_t)-9223372036854775807LL - 1, "t", 1, "f", 0,
	    "n", "l", 0, "", 7));
}

Test(jsontext, a_record_like_dp_collect_writes)
{
	same_as_jansson(json_pack("{s:i, s:s, s:s, s:{s:s, s:s, s:i}, "
	    "s:{s:s, s:s}}", "v", 1, "kind", "scm.commit", "id",
	    "0123456789abcdef0123456789abcdef", "src", "type", "git", "path",
	    "/tmp/a b/\"q\"", "rec", 12, "actor", "name", "Ann \\ Lee",
	    "email", "ann@example.com"));
}

Test(jsontext, a_real_number_is_left_to_jansson)
{
	struct dp_jsontext t = { NULL, 0, 0 };
	json_t *v = json_pack("{s:s, s:f}", "a", "b", "r", 1.5);

	cr_assert_eq(dp_jsontext_append(&t, v, NULL), 1);
	cr_assert_eq(t.len, 0);
	json_decref(v);
	free(t.buf);
}

Test(jsontext, any_writes_reals_as_ndjson_does)
{
	struct dp_jsontext t = { NULL, 0, 0 };
	json_t *v = json_pack("{s:s, s:f}", "a", "b", "r", 5.22);

	cr_assert_eq(dp_jsontext_append_any(&t, v, NULL), 0);
	cr_assert_eq(t.len, strlen("{\"a\":\"b\",\"r\":5.22}"));
	cr_assert(memcmp(t.buf, "{\"a\":\"b\",\"r\":5.22}", t.len) == 0);
	json_decref(v);
	free(t.buf);
}

Test(jsontext, a_string_that_is_not_utf8_is_a_data_error)
{
	struct dp_jsontext t = { NULL, 0, 0 };
	struct dp_error err;
	json_t *v = json_pack("[s, o]", "ok", json_stringn_nocheck("\xe9", 1));

	cr_assert_eq(dp_jsontext_append(&t, v, &err), -1);
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_eq(t.len, 0);
	json_decref(v);
	free(t.buf);
}

Test(jsontext, nesting_is_bounded)
{
	struct dp_jsontext t = { NULL, 0, 0 };
	struct dp_error err;
	json_t *v = json_array(), *in;
	int i;

	for (i = 0; i < DP_JSONTEXT_DEPTH + 1; i++) {
		in = json_array();
		/* json_array_append_new steals v */
		json_array_append_new(in, v);
		v = in;
	}
	cr_assert_eq(dp_jsontext_append(&t, v, &err), -1);
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_eq(t.len, 0);
	json_decref(v);
	free(t.buf);
}

Test(jsontext, reserve_refuses_a_size_that_overflows)
{
	struct dp_jsontext t = { NULL, 0, 0 };
	struct dp_error err;

	cr_assert_eq(dp_jsontext_reserve(&t, 10, &err), 0);
	t.len = 5;
	cr_assert_eq(dp_jsontext_reserve(&t, (size_t)-1, &err), -1);
	cr_assert_eq(err.code, DP_ERR_NOMEM);
	cr_assert_eq(t.len, 5);
	free(t.buf);
}

Test(jsontext, pieces_are_written_as_jansson_writes_values)
{
	struct dp_jsontext t = { NULL, 0, 0 };
	struct dp_error err;
	const char want[] = "{\"a\":\"x\\n\\u0001\",\"n\":-9223372036854775807}";

	cr_assert_eq(dp_jsontext_put(&t, "{\"a\":", 5, &err), 0);
	cr_assert_eq(dp_jsontext_string(&t, "x\n\x01", 3, &err), 0);
	cr_assert_eq(dp_jsontext_put(&t, ",\"n\":", 5, &err), 0);
	cr_assert_eq(dp_jsontext_integer(&t, -9223372036854775807LL, &err),
	    0);
	cr_assert_eq(dp_jsontext_put(&t, "}", 1, &err), 0);
	cr_assert_eq(t.len, strlen(want));
	cr_assert(memcmp(t.buf, want, t.len) == 0, "%.*s", (int)t.len, t.buf);
	free(t.buf);
}

Test(jsontext, a_string_piece_that_is_not_utf8_is_a_data_error)
{
	struct dp_jsontext t = { NULL, 0, 0 };
	struct dp_error err;

	cr_assert_eq(dp_jsontext_put(&t, "[", 1, &err), 0);
	cr_assert_eq(dp_jsontext_string(&t, "a\xff", 2, &err), -1);
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_eq(t.len, 1);
	free(t.buf);
}

Test(jsontext, records_keep_their_ends_and_zeros)
{
	struct dp_jsontext_recs r;
	struct dp_error err;
	size_t i;

	memset(&r, 0, sizeof(r));
	for (i = 0; i < 40; i++) {
		cr_assert_eq(dp_jsontext_put(&r.text, "{\"rec\":0}", 9, &err),
		    0);
		cr_assert_eq(dp_jsontext_recs_end(&r, r.text.len - 2, &err),
		    0);
	}
	cr_assert_eq(r.n, 40);
	cr_assert_eq(r.ends[39], 360);
	cr_assert_eq(r.text.buf[r.zeros[20]], '0');
	dp_jsontext_recs_release(&r);
	cr_assert_eq(r.n, 0);
	cr_assert_null(r.text.buf);
}
