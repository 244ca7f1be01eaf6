/*
 * detection: the part of a rule that decides whether an event matches,
 * with the semantics of Sigma detections (dp-rules(5) is the reference):
 * named selections of field matches and a condition that combines them,
 * compiled once into a tree and evaluated against dp/1 events.
 *
 * A detection is a mapping of selection names to selections, plus the
 * key "condition".  A selection name is made of letters, digits and
 * '_', does not start with a digit and is none of the words and, or,
 * not, of, them, all and any.
 *
 * A selection is a mapping of "field.path|modifier|..." to a value (all
 * its entries must match), or a list of such mappings and of keywords
 * (any must match).  A value may be a list (any must match; with the
 * modifier "all", every one).  Field paths are dotted paths into nested
 * objects; an array met on the way stands for each of its elements.
 * Plain strings match whole strings ignoring case (Unicode simple case
 * folding), with the wildcards '*' and '?' and backslash escapes;
 * integers of events are matched as their decimal text.  Numbers match
 * equal numbers and strings that are exactly such a number; booleans
 * the same boolean; null a missing or null field.  A keyword, or an
 * entry whose key has no field ("|all"), is searched in every string and
 * integer of the event.
 *
 * Modifiers: contains, startswith, endswith, cased, all, neq, exists,
 * re (with i, m, s), gt, gte, lt, lte (numbers, or RFC 3339 times),
 * cidr (IPv4 and IPv6), base64, base64offset, utf16le (wide), utf16be
 * and utf16 (before a base64 one), windash and fieldref, chained in
 * Sigma's order: each transforms what the ones before it made.
 *
 * The condition combines selection names with "or", "and", "not",
 * parentheses and "1 of", "any of" and "all of" a name pattern ('*'
 * wildcards) or "them" (the names that do not start with '_'), binding
 * in that order from loosest to tightest.  A list of conditions means
 * any of them.
 *
 * A compiled detection owns copies of everything it needs: it borrows
 * nothing from the document it was compiled from, and is immutable.
 * Matching needs scratch space (struct dp_detection_scratch), which one
 * match at a time may use; matching allocates no memory of its own.
 */
#ifndef DP_DETECTION_H
#define DP_DETECTION_H

#include <jansson.h>

#include "error.h"
#include "yamldoc.h"

/* Bounds: regular expression work per match, condition nesting. */
#define DP_DETECTION_MATCH_LIMIT 1000000
#define DP_DETECTION_DEPTH_MAX 64

struct dp_detection;
struct dp_detection_scratch;

/*
 * Compiles det, the value of the key "detection" that stands at line in
 * doc.  Returns a new detection; free with dp_detection_free().  Returns
 * NULL with DP_ERR_NOMEM or with DP_ERR_CONFIG, whose source is that of
 * doc and whose line is that of the key or list item at fault:
 *
 *	det is not a mapping or has no "condition" (at line);
 *	a selection name that is not one or is reserved;
 *	a selection that is not a mapping or a list, is empty, or has an
 *	item that is neither a mapping nor a keyword (a string or an
 *	integer);
 *	a bad field path; a modifier that is empty, unknown ("unknown
 *	modifier 'containz'"), not supported (expand and the time parts),
 *	given twice, out of Sigma's order ("modifier 'i' cannot follow
 *	'contains'"), needing a field in a keyword entry, or an encoding
 *	to UTF-16 with no base64 after it;
 *	an empty list of values, a value that is not a scalar, or not of
 *	the type its modifiers need (a string, a number or an RFC 3339
 *	time, true or false, a field path); "all" with fewer than two
 *	values; a bad regular expression; a bad CIDR, or one with bits
 *	set after its prefix; a value with wildcards to encode; a value
 *	of fewer than 2 bytes for base64offset;
 *	a condition that is not a string or a list of strings, is empty,
 *	names an unknown selection, has a bad quantifier ("2 of"), a
 *	pattern that no selection matches, an unexpected token, misses a
 *	')', ends too early or nests deeper than DP_DETECTION_DEPTH_MAX.
 */
struct dp_detection *dp_detection_compile(const struct dp_yamldoc *doc,
	    const json_t *det, long line, struct dp_error *err);

void	dp_detection_free(struct dp_detection *d);

/*
 * Finds the selections of d that its condition never names, in the
 * order of the file: returns the name of the first one at index *i or
 * after, borrowed from d, sets *line to the line of its key and moves
 * *i past it.  Returns NULL when there is none left.
 */
const char *dp_detection_unused(const struct dp_detection *d, size_t *i,
	    long *line);

/*
 * Returns new scratch space for dp_detection_match(), which bounds each
 * regular expression match by DP_DETECTION_MATCH_LIMIT; free with
 * dp_detection_scratch_free().  Returns NULL with DP_ERR_NOMEM.
 */
struct dp_detection_scratch *dp_detection_scratch_new(struct dp_error *err);

void	dp_detection_scratch_free(struct dp_detection_scratch *s);

/*
 * Returns 1 when ev matches d, 0 when not, or -1 with an error whose
 * source and line are left for the caller to fill: DP_ERR_DATA when a
 * regular expression reached its match limit on ev ("regular expression
 * on 'commit.message' reached its match limit"), or DP_ERR_INTERNAL
 * when PCRE2 failed otherwise (a string of ev that is not valid UTF-8,
 * which jansson only builds when asked not to check).
 */
int	dp_detection_match(const struct dp_detection *d,
	    struct dp_detection_scratch *s, const json_t *ev,
	    struct dp_error *err);

#endif
