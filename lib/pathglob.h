/*
 * pathglob: patterns of slash-separated names, such as file paths and
 * branch names, as policies and suppressions write them (dp-rules(5)).
 *
 * A pattern is split at '/' into parts, and so is the name it is
 * matched against; each part of the pattern matches one part of the
 * name by fnmatch(3) ('*', '?' and [...] never cross a '/'), except a
 * part that is exactly "**", which matches any number of whole parts,
 * none included.  A pattern that ends in '/' is short for the same
 * pattern followed by "**": "docs/" matches "docs/a/b.md".  Matching is
 * case-sensitive and anchored at both ends: "*.pem" matches "key.pem",
 * not "certs/key.pem" (put a "**" part before it for any depth).
 *
 * A compiled pattern owns copies of its parts and is immutable.
 */
#ifndef DP_PATHGLOB_H
#define DP_PATHGLOB_H

#include "error.h"

struct dp_pathglob;

/*
 * Compiles pattern.  Returns a new pattern; free with
 * dp_pathglob_free().  Returns NULL with DP_ERR_CONFIG (no source or
 * line set) when the pattern is empty, starts with '/' or has an empty
 * part ("a//b"), or with DP_ERR_NOMEM.
 */
struct dp_pathglob *dp_pathglob_new(const char *pattern, struct dp_error *err);

void	dp_pathglob_free(struct dp_pathglob *g);

/*
 * Returns 1 when name matches g, 0 when not, or -1 with DP_ERR_NOMEM
 * (name is copied to be split).
 */
int	dp_pathglob_match(const struct dp_pathglob *g, const char *name,
	    struct dp_error *err);

#endif
