#include <string.h>

#include "rfc3339.h"

#define MS_PER_DAY INT64_C(86400000)

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Writes v in n decimal digits at p; snprintf costs far more. */
static char *
put_digits(char *p, int v, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

static int
format(int64_t ms, int offset_min, int local, char *buf, size_t size,
    struct dp_error *err)
{
	int64_t days, rem, y;
	int m, d, off;
	char *p = buf;

	if (local && (offset_min <= -1440 || offset_min >= 1440))
		return dp_error_set(err, DP_ERR_DATA, NULL, 0, 0,
		    "time zone offset out of range: %d minutes", offset_min);
	if (local)
		ms += (int64_t)offset_min * 60000;
	days = ms / MS_PER_DAY;
	rem = ms % MS_PER_DAY;
	if (rem < 0) {
		rem += MS_PER_DAY;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		return dp_error_set(err, DP_ERR_DATA, NULL, 0, 0,
		    "time out of range: %lld ms", (long long)ms);
	/* 2026-03-01T09:14:05.000 and Z or +hh:mm, and the NUL */
	if (size < (local ? 30U : 25U))
		return dp_error_set(err, DP_ERR_INTERNAL, NULL, 0, 0,
		    "time buffer too small");
	p = put_digits(p, (int)y, 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	p = put_digits(p, d, 2);
	*p++ = 'T';
	p = put_digits(p, (int)(rem / 3600000), 2);
	*p++ = ':';
	p = put_digits(p, (int)(rem / 60000 % 60), 2);
	*p++ = ':';
	p = put_digits(p, (int)(rem / 1000 % 60), 2);
	*p++ = '.';
	p = put_digits(p, (int)(rem % 1000), 3);
	if (!local)
		*p++ = 'Z';
	else {
		off = offset_min < 0 ? -offset_min : offset_min;
		*p++ = offset_min < 0 ? '-' : '+';
		p = put_digits(p, off / 60, 2);
		*p++ = ':';
		p = put_digits(p, off % 60, 2);
	}
	*p = '\0';
	return 0;
}

int
dp_rfc3339_format(int64_t ms, char *buf, size_t size, struct dp_error *err)
{
	return format(ms, 0, 0, buf, size, err);
}

int
dp_rfc3339_format_local(int64_t ms, int offset_min, char *buf, size_t size,
    struct dp_error *err)
{
	return format(ms, offset_min, 1, buf, size, err);
}

/* Reads exactly n digits at *p into *v, advancing *p. */
static int
digits(const char **p, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		*v = *v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return 0;
}

static int
bad(const char *s, const char *why, struct dp_error *err)
{
	return dp_error_set(err, DP_ERR_DATA, NULL, 0, 0,
	    "invalid time '%.40s': %s", s, why);
}

int
dp_rfc3339_parse(const char *s, int64_t *ms, int *offset_min,
    struct dp_error *err)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	const char *p = s;
	int y, mo, d, h, mi, sec, frac = 0, oh, om, off = 0, i;

	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) ||
	    *p++ != '-' || digits(&p, 2, &d))
		return bad(s, "expected YYYY-MM-DD", err);
	if (*p != 'T' && *p != 't' && *p != ' ')
		return bad(s, "expected 'T' after the date", err);
	p++;
	if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi) ||
	    *p++ != ':' || digits(&p, 2, &sec))
		return bad(s, "expected hh:mm:ss", err);
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0))))
		return bad(s, "no such date", err);
	if (h > 23 || mi > 59 || sec > 60)
		return bad(s, "no such time of day", err);
	if (sec == 60)
		sec = 59;	/* a leap second: keep within the minute */
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return bad(s, "expected digits after '.'", err);
		for (i = 0; *p >= '0' && *p <= '9'; p++, i++)
			if (i < 3)
				frac = frac * 10 + (*p - '0');
		for (; i < 3; i++)
			frac *= 10;
	}
	if (*p == 'Z' || *p == 'z')
		p++;
	else if (*p == '+' || *p == '-') {
		int neg = *p++ == '-';

		if (digits(&p, 2, &oh) || *p++ != ':' || digits(&p, 2, &om) ||
		    oh > 23 || om > 59)
			return bad(s, "expected offset +hh:mm", err);
		off = (oh * 60 + om) * (neg ? -1 : 1);
	} else
		return bad(s, "expected 'Z' or an offset", err);
	if (*p != '\0')
		return bad(s, "trailing characters", err);
	*ms = days_from_civil(y, mo, d) * MS_PER_DAY +
	    ((int64_t)h * 3600 + mi * 60 + sec) * 1000 + frac -
	    (int64_t)off * 60000;
	if (offset_min != NULL)
		*offset_min = off;
	return 0;
}

int
dp_rfc3339_is_canonical(const char *s)
{
	char buf[DP_RFC3339_MAX];
	int64_t ms;
	int off;

	if (strlen(s) != 24 || dp_rfc3339_parse(s, &ms, &off, NULL) != 0 ||
	    off != 0 || dp_rfc3339_format(ms, buf, sizeof(buf), NULL) != 0)
		return 0;
	return strcmp(buf, s) == 0;
}
