/*
 * recode: text in a named character set turned into valid UTF-8, for
 * commits whose "encoding" header says their text is not UTF-8.
 */
#ifndef DP_RECODE_H
#define DP_RECODE_H

#include <stddef.h>

/* Returns 1 when charset is NULL or names UTF-8 ("UTF-8", "utf8"). */
int	dp_recode_is_utf8(const char *charset);

/*
 * Returns a new NUL-terminated UTF-8 copy of the len bytes at buf, which
 * are in charset (NULL for UTF-8), converted with iconv(3); free with
 * free().  When charset is unknown to iconv, or buf is not valid text
 * in it, buf is read as UTF-8 instead and *repaired set to 1.  What is
 * not valid UTF-8, and any NUL byte, is repaired (dp_utf8_repair())
 * and *repaired then set to 1; *repaired is left alone otherwise.
 * Returns NULL only when memory runs out.
 */
char	*dp_recode_utf8(const char *buf, size_t len, const char *charset,
	    int *repaired);

#endif
