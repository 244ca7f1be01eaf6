#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "recode.h"

static void
expect(const char *in, size_t len, const char *charset, const char *want,
    int want_repaired)
{
	int repaired = 0;
	char *out = dp_recode_utf8(in, len, charset, &repaired);

	cr_assert_not_null(out);
	cr_assert_str_eq(out, want);
	cr_assert_eq(repaired, want_repaired, "%s", charset);
	free(out);
}

Test(recode, names_of_utf8)
{
	cr_assert(dp_recode_is_utf8(NULL));
	cr_assert(dp_recode_is_utf8("utf-8"));
	cr_assert(dp_recode_is_utf8("UTF8"));
	cr_assert_not(dp_recode_is_utf8("ISO-8859-1"));
}

Test(recode, latin1_is_converted)
{
	expect("Ren\xe9", 4, "ISO-8859-1", "Ren\xc3\xa9", 0);
	expect("\xa4", 1, "ISO-8859-15", "\xe2\x82\xac", 0);
}

Test(recode, long_text_grows_the_buffer)
{
	char in[300], want[901];
	size_t i;

	/* each byte becomes three: more than the first guess of room */
	for (i = 0; i < 300; i++) {
		in[i] = '\xa4';
		memcpy(want + 3 * i, "\xe2\x82\xac", 3);
	}
	want[900] = '\0';
	expect(in, 300, "ISO-8859-15", want, 0);
}

Test(recode, utf8_is_repaired_only_when_invalid)
{
	expect("caf\xc3\xa9", 5, NULL, "caf\xc3\xa9", 0);
	expect("caf\xe9", 4, NULL, "caf\xef\xbf\xbd", 1);
	expect("caf\xe9", 4, "UTF-8", "caf\xef\xbf\xbd", 1);
}

Test(recode, unknown_charset_reads_utf8_and_marks_it)
{
	expect("plain", 5, "no-such-charset", "plain", 1);
	expect("\xff", 1, "no-such-charset", "\xef\xbf\xbd", 1);
}

Test(recode, invalid_text_in_charset_is_repaired)
{
	/* a lone lead byte of Shift_JIS cannot be converted */
	expect("a\x81", 2, "SHIFT_JIS", "a\xef\xbf\xbd", 1);
	/* read as UTF-8 instead: valid, but still not what was declared */
	expect("caf\xc3\xa9", 5, "ASCII", "caf\xc3\xa9", 1);
}

Test(recode, nul_bytes_are_repaired)
{
	expect("a\0b", 3, "ISO-8859-1", "a\xef\xbf\xbd" "b", 1);
}
