#include <string.h>

#include <criterion/criterion.h>

#include "rfc3339.h"

Test(rfc3339, formats_utc_with_milliseconds)
{
	char buf[DP_RFC3339_MAX];

	cr_assert_eq(dp_rfc3339_format(0, buf, sizeof(buf), NULL), 0);
	cr_assert_str_eq(buf, "1970-01-01T00:00:00.000Z");
	cr_assert_eq(dp_rfc3339_format(INT64_C(1772356445123), buf,
	    sizeof(buf), NULL), 0);
	cr_assert_str_eq(buf, "2026-03-01T09:14:05.123Z");
	cr_assert_eq(dp_rfc3339_format(-1, buf, sizeof(buf), NULL), 0);
	cr_assert_str_eq(buf, "1969-12-31T23:59:59.999Z");
}

Test(rfc3339, formats_local_time_with_offset)
{
	char buf[DP_RFC3339_MAX];

	cr_assert_eq(dp_rfc3339_format_local(INT64_C(1772356445000), 60, buf,
	    sizeof(buf), NULL), 0);
	cr_assert_str_eq(buf, "2026-03-01T10:14:05.000+01:00");
	cr_assert_eq(dp_rfc3339_format_local(INT64_C(1772356445000), -330,
	    buf, sizeof(buf), NULL), 0);
	cr_assert_str_eq(buf, "2026-03-01T03:44:05.000-05:30");
}

Test(rfc3339, rejects_out_of_range)
{
	struct dp_error err;
	char buf[DP_RFC3339_MAX];

	cr_assert_eq(dp_rfc3339_format(INT64_C(253402300800000), buf,
	    sizeof(buf), &err), -1);
	cr_assert_eq(err.code, DP_ERR_DATA);
	cr_assert_eq(dp_rfc3339_format_local(0, 1440, buf, sizeof(buf), &err),
	    -1);
	cr_assert(strstr(err.text, "offset") != NULL);
}

Test(rfc3339, parses_offsets_and_fractions)
{
	int64_t ms;
	int off;

	cr_assert_eq(dp_rfc3339_parse("2026-03-01T10:14:05.1239+01:00", &ms,
	    &off, NULL), 0);
	cr_assert_eq(ms, INT64_C(1772356445123));
	cr_assert_eq(off, 60);
	cr_assert_eq(dp_rfc3339_parse("2026-03-01 09:14:05Z", &ms, &off,
	    NULL), 0);
	cr_assert_eq(ms, INT64_C(1772356445000));
	cr_assert_eq(off, 0);
}

Test(rfc3339, round_trips_across_leap_days)
{
	char buf[DP_RFC3339_MAX];
	int64_t ms;

	cr_assert_eq(dp_rfc3339_parse("2024-02-29T23:59:59.999Z", &ms, NULL,
	    NULL), 0);
	cr_assert_eq(dp_rfc3339_format(ms, buf, sizeof(buf), NULL), 0);
	cr_assert_str_eq(buf, "2024-02-29T23:59:59.999Z");
	cr_assert_eq(dp_rfc3339_format(ms + 1, buf, sizeof(buf), NULL), 0);
	cr_assert_str_eq(buf, "2024-03-01T00:00:00.000Z");
}

Test(rfc3339, rejects_bad_text)
{
	static const char *const bad[] = { "", "2026-13-01T00:00:00Z",
	    "2025-02-29T00:00:00Z", "2026-03-01T24:00:00Z",
	    "2026-03-01T00:00:00", "2026-03-01T00:00:00Zjunk",
	    "2026-03-01T00:00:00.Z", "2026-03-01T00:00:00+1:00" };
	struct dp_error err;
	int64_t ms;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(dp_rfc3339_parse(bad[i], &ms, NULL, &err), -1,
		    "accepted '%s'", bad[i]);
		cr_assert_eq(err.code, DP_ERR_DATA);
		cr_assert(strstr(err.text, "invalid time") != NULL);
	}
}

Test(rfc3339, canonical_form_only)
{
	cr_assert(dp_rfc3339_is_canonical("2026-03-01T09:14:05.000Z"));
	cr_assert_not(dp_rfc3339_is_canonical("2026-03-01T09:14:05Z"));
	cr_assert_not(dp_rfc3339_is_canonical("2026-03-01T10:14:05.000+01:00"));
	cr_assert_not(dp_rfc3339_is_canonical("2026-03-01t09:14:05.000Z"));
}
