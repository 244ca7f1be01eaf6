/*
 * utf8: validation and repair of UTF-8 text.
 *
 * Valid means RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF.  Repair replaces each maximal invalid subsequence with
 * U+FFFD, the way the Unicode standard recommends, so that text from
 * git (author names, messages in other encodings) can always be put in
 * a JSON string.
 */
#ifndef DP_UTF8_H
#define DP_UTF8_H

#include <stddef.h>

/*
 * Returns the 1-based byte column of the first byte of buf that is not
 * part of valid UTF-8, or 0 when all len bytes are valid.
 */
size_t	dp_utf8_invalid_at(const char *buf, size_t len);

/*
 * Returns a new NUL-terminated copy of the len bytes at buf in which
 * every invalid sequence and every NUL byte is replaced by U+FFFD; free
 * with free().  Sets *repaired to 1 when anything was replaced, else 0
 * (repaired may be NULL).  Returns NULL only when memory runs out.
 */
char	*dp_utf8_repair(const char *buf, size_t len, int *repaired);

#endif
