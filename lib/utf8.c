#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/*
 * Returns the length of the valid sequence at p (at most n bytes
 * available), or 0 when the bytes there do not start one.
 */
static size_t
seqlen(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		if (n < 2 || (p[1] & 0xc0) != 0x80)
			return 0;
		return 2;
	}
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && p[1] < 0xa0)
			return 0;	/* overlong */
		if (c == 0xed && p[1] > 0x9f)
			return 0;	/* surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
		    (p[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && p[1] < 0x90)
			return 0;	/* overlong */
		if (c == 0xf4 && p[1] > 0x8f)
			return 0;	/* above U+10FFFF */
		return 4;
	}
	return 0;
}

size_t
dp_utf8_invalid_at(const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t i = 0, k;

	while (i < len) {
		/* ASCII runs are the common case */
		while (i < len && p[i] < 0x80)
			i++;
		if (i == len)
			break;
		if ((k = seqlen(p + i, len - i)) == 0)
			return i + 1;
		i += k;
	}
	return 0;
}

/* How many bytes a maximal invalid subsequence at p spans (at least 1). */
static size_t
badlen(const unsigned char *p, size_t n)
{
	size_t want, i;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		want = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		want = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		want = 4;
	else
		return 1;
	for (i = 1; i < want && i < n && (p[i] & 0xc0) == 0x80; i++)
		;
	/* a truncated prefix is one error; a bad second byte ends it */
	return i < want ? i : 1;
}

char *
dp_utf8_repair(const char *buf, size_t len, int *repaired)
{
	const unsigned char *p = (const unsigned char *)buf;
	char *out, *o;
	size_t i = 0, k;
	int fixed = 0;

	/* each bad byte becomes at most 3 bytes */
	if (len > (((size_t)-1) - 1) / 3 || (out = malloc(len * 3 + 1)) == NULL)
		return NULL;
	o = out;
	while (i < len) {
		if (p[i] != 0 && (k = seqlen(p + i, len - i)) != 0) {
			memcpy(o, p + i, k);
			o += k;
			i += k;
			continue;
		}
		k = p[i] == 0 ? 1 : badlen(p + i, len - i);
		memcpy(o, "\xef\xbf\xbd", 3);
		o += 3;
		i += k;
		fixed = 1;
	}
	*o = '\0';
	if (repaired != NULL)
		*repaired = fixed;
	return out;
}
