/*
 * suppress: accepted risks, read from a YAML file (dp-score --suppress,
 * dp-rules(5)): each suppression silences the findings it names until
 * the end of its expiry day, and says why and who answers for it.
 *
 * The file is a mapping with one key, "suppressions", a list of
 * mappings:
 *
 *	fingerprint	a finding's id (32 lower-case hex digits), or
 *	rule		a rule id, with at least one of
 *	  repo		  the finding's location.repo, equal
 *	  path		  a pathglob(3) pattern for location.path
 *	  commit	  location.commit, or a prefix of it of 7 or more
 *			  hex digits
 *	reason		required: why the risk is accepted
 *	owner		required: who accepted it
 *	expires		required: the last day it holds (UTC), YYYY-MM-DD
 *
 * A finding is matched against the suppressions in file order: the
 * first that matches and holds suppresses it; when only expired ones
 * match, the first of those is noted on it.  A loaded set is immutable
 * and keeps the document it was read from.
 */
#ifndef DP_SUPPRESS_H
#define DP_SUPPRESS_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "error.h"

enum dp_suppress_state {
	DP_SUPPRESS_NONE,	/* no suppression names the finding */
	DP_SUPPRESS_ACTIVE,	/* one holds: leave the finding out */
	DP_SUPPRESS_EXPIRED	/* only expired ones: let it through */
};

struct dp_suppress;

/*
 * Loads the suppressions of the file at path, named source in errors.
 * Returns a new set; free with dp_suppress_free().  Returns NULL with
 * DP_ERR_NOMEM or DP_ERR_CONFIG, with source and line: the file cannot
 * be read or is not YAML; it is not one mapping with a "suppressions"
 * list; an entry that is not a mapping, has an unknown key, misses
 * reason, owner or expires or has one that is not a non-empty string;
 * a bad fingerprint, date, path pattern or commit; neither a
 * fingerprint nor a rule, or both; a rule without repo, path or
 * commit; a fingerprint suppressed twice.
 */
struct dp_suppress *dp_suppress_load(const char *path, const char *source,
	    struct dp_error *err);

/* As dp_suppress_load(), from the len bytes at buf. */
struct dp_suppress *dp_suppress_load_buffer(const char *buf, size_t len,
	    const char *source, struct dp_error *err);

void	dp_suppress_free(struct dp_suppress *s);

/* Returns the number of suppressions in s. */
size_t	dp_suppress_count(const struct dp_suppress *s);

/*
 * Parses a date "YYYY-MM-DD" into *ms, the start of that day in UTC
 * milliseconds.  Returns 0, or -1 when s is not such a date.
 */
int	dp_suppress_parse_date(const char *s, int64_t *ms);

/*
 * Looks the finding f up in s as of the time now (UTC milliseconds).  A
 * suppression holds while now is before the end of its expiry day.
 * When one matches, sets f's "finding"."suppression" (creating
 * "finding" when f has none) to {"status": "active" or "expired",
 * "expires", "reason", "owner"}.  Returns the state, or -1 with
 * DP_ERR_NOMEM.
 */
int	dp_suppress_apply(const struct dp_suppress *s, json_t *f,
	    int64_t now, struct dp_error *err);

#endif
