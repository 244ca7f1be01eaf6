/*
 * linecount: the numbers of lines added and deleted between two versions
 * of a file, as "git log --numstat" counts them.
 *
 * A buffer is binary by git's rule: it holds a NUL byte in its first
 * 8000 bytes.  git gives no line counts when either side is binary, and
 * neither does a caller of this module.  Line counts come from libgit2's
 * copy of git's xdiff (Myers' algorithm, no context lines), so they agree
 * with git's for text; attributes (.gitattributes "binary", "diff" or
 * "-diff") are not consulted.
 */
#ifndef DP_LINECOUNT_H
#define DP_LINECOUNT_H

#include <stddef.h>

#include "error.h"

#define DP_LINECOUNT_BINARY_SCAN 8000	/* bytes git looks at */

/* Returns 1 when the len bytes at buf are binary by git's rule, else 0. */
int	dp_linecount_is_binary(const void *buf, size_t len);

/*
 * Returns the number of lines in the len bytes at buf: its newlines,
 * plus one when it does not end in a newline and is not empty.
 */
size_t	dp_linecount_lines(const void *buf, size_t len);

/*
 * Counts into *added and *deleted the lines that differ from the old
 * buffer (olen bytes) to the new one (nlen bytes), both taken as text.
 * Returns 0, or -1 with DP_ERR_NOMEM or DP_ERR_INTERNAL (libgit2's diff
 * failed).
 */
int	dp_linecount_diff(const void *old, size_t olen, const void *new,
	    size_t nlen, size_t *added, size_t *deleted, struct dp_error *err);

#endif
