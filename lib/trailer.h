/*
 * trailer: the trailers of a commit message ("Signed-off-by: A <a@x>"),
 * found the way git interpret-trailers --parse finds them, with git's
 * default configuration (separator ':', comment character '#').
 *
 * The message ends before a "---" line (the patch separator) and before
 * any trailing comments, blank lines, "Conflicts:" block or scissors
 * line.  The trailer block is the last paragraph, never the first one
 * (the subject), when all of its lines are trailers, or when at least a
 * quarter are and one begins with a prefix git writes itself
 * ("Signed-off-by: ", "(cherry picked from commit ").  A line that
 * starts with white space continues the trailer above it; comment lines
 * in the block are skipped.  Keys and values are trimmed, continuation
 * lines folded into one space; keys keep the case they were written in.
 */
#ifndef DP_TRAILER_H
#define DP_TRAILER_H

#include <stddef.h>

#include <jansson.h>

/*
 * Returns a new array of {key, value} objects, one per trailer of the
 * len bytes at msg, in order (empty when there is none), or NULL when
 * memory runs out.  The strings are the bytes of msg: the caller makes
 * sure msg is valid UTF-8 without NUL bytes.
 */
json_t	*dp_trailer_parse(const char *msg, size_t len);

#endif
