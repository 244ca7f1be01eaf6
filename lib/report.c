#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "utf8.h"

static const struct dp_report_format *const formats[] = {
	&dp_report_text,
	&dp_report_markdown,
	&dp_report_json,
	&dp_report_csv,
	&dp_report_sarif
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

const struct dp_report_format *
dp_report_format_find(const char *name)
{
	size_t i;

	for (i = 0; i < NFORMATS; i++)
		if (strcmp(formats[i]->name, name) == 0)
			return formats[i];
	return NULL;
}

void
dp_report_format_names(char *buf, size_t size)
{
	size_t i, len = 0;
	int n;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < NFORMATS && len < size; i++) {
		n = snprintf(buf + len, size - len, "%s%s",
		    i == 0 ? "" : i + 1 == NFORMATS ? " or " : ", ",
		    formats[i]->name);
		if (n < 0)
			return;
		len += (size_t)n;
	}
}

/*
 * Returns the length of the valid UTF-8 character at p (1 to 4) and its
 * code point in *cp, or 0 when p does not start one.
 */
static size_t
decode(const unsigned char *p, unsigned long *cp)
{
	size_t n, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0)
		n = 2;
	else if ((p[0] & 0xf0) == 0xe0)
		n = 3;
	else if ((p[0] & 0xf8) == 0xf0)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if (p[i] == '\0')
			return 0;
	if (dp_utf8_invalid_at((const char *)p, n) != 0)
		return 0;
	*cp = p[0] & (0x7f >> n);
	for (i = 1; i < n; i++)
		*cp = (*cp << 6) | (p[i] & 0x3f);
	return n;
}

/* 1 when cp must not reach a terminal: controls and direction changes. */
static int
unsafe(unsigned long cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

char *
dp_report_sanitize(const char *s, size_t width)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), n, chars = 0, cut = 0;
	unsigned long cp;
	char *out, *o;

	if ((out = malloc(len + 4)) == NULL)
		return NULL;
	o = out;
	while (*p != '\0') {
		if (width > 3 && chars == width - 3)
			cut = (size_t)(o - out);
		n = decode(p, &cp);
		if (n == 0 || unsafe(cp)) {
			*o++ = '?';
			p += n == 0 ? 1 : n;
		} else {
			memcpy(o, p, n);
			o += n;
			p += n;
		}
		chars++;
	}
	*o = '\0';
	if (width > 0 && chars > width) {
		if (width <= 3)
			cut = 0;
		memcpy(out + cut, "...", 3);
		out[cut + (width < 3 ? width : 3)] = '\0';
	}
	return out;
}

size_t
dp_report_width(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}
