/*
 * rfc3339: times as dp/1 writes them.
 *
 * A dp/1 time is milliseconds since the Unix epoch (int64_t), written in
 * UTC as "2026-03-01T09:14:05.000Z".  Local times keep the offset the
 * author's clock had, in minutes east of UTC, as git records it:
 * "2026-03-01T10:14:05.000+01:00".  Years 0000 to 9999 are supported;
 * the proleptic Gregorian calendar is used and there are no leap seconds.
 */
#ifndef DP_RFC3339_H
#define DP_RFC3339_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Room for the longest string the format functions write, with NUL. */
#define DP_RFC3339_MAX 32

/*
 * Writes ms as a UTC time with milliseconds and "Z" into buf of size
 * bytes (at least DP_RFC3339_MAX).  Returns 0, or -1 with DP_ERR_DATA when
 * the time is outside years 0000 to 9999.
 */
int	dp_rfc3339_format(int64_t ms, char *buf, size_t size,
	    struct dp_error *err);

/*
 * Like dp_rfc3339_format(), but in local time at offset_min minutes east
 * of UTC, with a "+hh:mm" or "-hh:mm" suffix.  |offset_min| must be below
 * 24 hours.
 */
int	dp_rfc3339_format_local(int64_t ms, int offset_min, char *buf,
	    size_t size, struct dp_error *err);

/*
 * Parses an RFC 3339 date-time ("T" or space between date and time, an
 * optional fraction of any length, "Z" or a numeric offset) into UTC
 * milliseconds (the fraction truncated) and, when offset_min is not
 * NULL, the offset.  Returns 0, or -1 with DP_ERR_DATA naming the
 * problem.
 */
int	dp_rfc3339_parse(const char *s, int64_t *ms, int *offset_min,
	    struct dp_error *err);

/*
 * Returns 1 when s is exactly a canonical dp/1 time (UTC, three fraction
 * digits, "Z"), else 0.
 */
int	dp_rfc3339_is_canonical(const char *s);

#endif
