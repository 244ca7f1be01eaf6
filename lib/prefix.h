/*
 * prefix: what every match of a PCRE2 pattern starts with.
 *
 * A small reading of the pattern's syntax, not a second regex engine:
 * it follows literal bytes, escaped punctuation, classes of at most a
 * few bytes, groups and alternations from the start of the pattern,
 * skips what takes no bytes (lookarounds, \b, ^, option settings) and
 * stops, safely, at anything else.  So it may fail to prove what is
 * true, but what it proves holds: a detector whose every match starts
 * with one of its keywords runs its pattern only at the keywords.
 */
#ifndef DP_PREFIX_H
#define DP_PREFIX_H

#include <stddef.h>

/*
 * Returns 1 when every match of the PCRE2 pattern (len bytes, compiled
 * without PCRE2_EXTENDED, PCRE2_LITERAL or PCRE2_ALT_BSUX) starts with
 * one of the nwords NUL-ended words, ignoring ASCII case; 0 when that
 * is not certain (the pattern may be invalid).
 */
int	dp_prefix_starts_with(const char *pattern, size_t len,
	    const char *const *words, size_t nwords);

#endif
