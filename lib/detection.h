/*
 * detection: the part of a rule that decides whether an event matches,
 * with Sigma semantics (dp-rules(5)): named selections of field matches
 * and a condition that combines them, compiled once into a tree and
 * evaluated against dp/1 events.
 *
 * A detection is a mapping of selection names to selections, plus the
 * key "condition".  A selection name is made of letters, digits and
 * '_', does not start with a digit and is none of the words and, or,
 * not, of, them and all.
 *
 * A selection is a mapping of "field.path|modifier" to a value (all its
 * fields must match), or a list of such mappings (any must match).  A
 * value may be a list (any must match).  Field paths are dotted paths
 * into nested objects; when the event holds an array there, any element
 * may match.  Without a modifier a string matches a string equal to it
 * ignoring case (Unicode simple case folding), a number or boolean
 * matches an equal number or boolean, and null matches a missing field
 * or null.  The modifier "re" matches a string by a PCRE2 regular
 * expression, case-sensitive unless it says (?i), anywhere in the value
 * unless anchored.
 *
 * The condition combines selection names with "and", "or", "not" and
 * parentheses; not binds tighter than and, and tighter than or.  A list
 * of conditions means any of them.
 *
 * A compiled detection owns copies of everything it needs: it borrows
 * nothing from the document it was compiled from, and is immutable.
 * Matching needs scratch space (struct dp_detection_scratch), which one
 * match at a time may use.
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
 * doc and whose line is that of the key or value at fault:
 *
 *	det is not a mapping or has no "condition" (at line);
 *	a selection name that is not one or is reserved;
 *	a selection that is not a mapping or a list of mappings, or is
 *	empty; a field path or a modifier that is bad, unknown, empty or
 *	combined with another; an empty list of values, a value that is
 *	not a scalar, a non-string value for "re", a bad regular
 *	expression;
 *	a condition that is not a string or a list of strings, is empty,
 *	names an unknown selection, holds an unexpected token, misses a
 *	')', ends too early or nests deeper than DP_DETECTION_DEPTH_MAX.
 */
struct dp_detection *dp_detection_compile(const struct dp_yamldoc *doc,
	    const json_t *det, long line, struct dp_error *err);

void	dp_detection_free(struct dp_detection *d);

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
