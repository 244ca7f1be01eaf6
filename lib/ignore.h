/*
 * ignore: a list of exclusion patterns with the semantics of
 * gitignore(5), matched against slash-separated paths relative to a
 * root (a folder scanned, an archive).
 *
 * A pattern is matched as git matches a line of .gitignore:
 *
 *	!pat	negates: a path that pat matches is included again, unless
 *		a folder above it is excluded ("\!" is a literal "!")
 *	pat/	matches folders only
 *	a/b	a slash at the start or in the middle anchors the pattern
 *		at the root ("/a" too); otherwise it matches the last
 *		component of a path at any depth
 *	*  ?	any run of characters, any one character, never "/"
 *	[a-z]	a character class ("[!a-z]" and "[^a-z]" negated)
 *	**	a whole component "**" matches any number of folders:
 *		at the start, a path at any depth; at the end,
 *		everything below the folder before it; in the middle,
 *		zero or more folders between its neighbours
 *	\c	the character c
 *
 * Trailing spaces are dropped unless escaped with a backslash; empty
 * patterns and those starting with "#" match nothing.  The last
 * pattern that matches a path decides.  An ignore list owns copies of
 * its patterns; it is immutable once built and may be shared between
 * threads.
 */
#ifndef DP_IGNORE_H
#define DP_IGNORE_H

#include "error.h"

/* The longest pattern accepted, in bytes. */
#define DP_IGNORE_PATTERN_MAX 4096

struct dp_ignore;

/*
 * Returns a new, empty ignore list; free with dp_ignore_free().
 * Returns NULL with DP_ERR_NOMEM.
 */
struct dp_ignore *dp_ignore_new(struct dp_error *err);

void	dp_ignore_free(struct dp_ignore *ig);

/*
 * Adds pattern to ig, after the patterns already there.  Returns 0, or
 * -1 with DP_ERR_USAGE (a pattern longer than DP_IGNORE_PATTERN_MAX or
 * with an unclosed "[") or DP_ERR_NOMEM.
 */
int	dp_ignore_add(struct dp_ignore *ig, const char *pattern,
	    struct dp_error *err);

/*
 * Returns 1 when the patterns of ig exclude path (relative to the
 * root, without a leading "/"; a folder when dir is set), else 0.
 * Only path itself is matched, not the folders above it.  ig may be
 * NULL (nothing is excluded).
 */
int	dp_ignore_match(const struct dp_ignore *ig, const char *path,
	    int dir);

/*
 * Returns 1 when path or a folder above it is excluded: what
 * dp_ignore_match() says for "a", then "a/b", then "a/b/c" for the
 * path "a/b/c", stopping at the first folder excluded.  For paths read
 * from an archive, where no walk has left out the excluded folders.
 */
int	dp_ignore_path(const struct dp_ignore *ig, const char *path,
	    int dir);

#endif
