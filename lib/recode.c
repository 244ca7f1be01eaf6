#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "recode.h"
#include "utf8.h"

int
dp_recode_is_utf8(const char *charset)
{
	return charset == NULL || strcasecmp(charset, "UTF-8") == 0 ||
	    strcasecmp(charset, "UTF8") == 0;
}

/* Converts into *out (new, *outlen bytes); returns 0, 1 (bad text) or -1. */
static int
convert(const char *buf, size_t len, const char *charset, char **out,
    size_t *outlen)
{
	iconv_t cd;
	size_t size = len * 2 + 16, left = len, room = size, done;
	char *in = (char *)buf, *p, *grown;
	int rc = 1;

	*out = NULL;
	if ((cd = iconv_open("UTF-8", charset)) == (iconv_t)-1)
		return 1;
	if ((*out = malloc(size)) == NULL) {
		rc = -1;
		goto out;
	}
	p = *out;
	for (;;) {
		if (iconv(cd, left > 0 ? &in : NULL, &left, &p, &room) !=
		    (size_t)-1) {
			if (in == NULL)
				break;
			in = NULL;
			continue;
		}
		if (errno != E2BIG)
			goto out;
		done = size - room;
		if ((grown = realloc(*out, size * 2)) == NULL) {
			rc = -1;
			goto out;
		}
		*out = grown;
		p = grown + done;
		room += size;
		size *= 2;
	}
	*outlen = size - room;
	rc = 0;
out:
	iconv_close(cd);
	if (rc != 0) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

char *
dp_recode_utf8(const char *buf, size_t len, const char *charset,
    int *repaired)
{
	char *conv = NULL, *r;
	size_t n = 0;
	int bad = 0, rc;

	if (!dp_recode_is_utf8(charset)) {
		if ((rc = convert(buf, len, charset, &conv, &n)) < 0)
			return NULL;
		if (rc == 0) {
			r = dp_utf8_repair(conv, n, &bad);
			free(conv);
			*repaired |= bad;
			return r;
		}
		/* not read as its header says: a guess, so marked */
		*repaired = 1;
	}
	r = dp_utf8_repair(buf, len, &bad);
	*repaired |= bad;
	return r;
}
