/*
 * normalize: one dp/1 record through dp-normalize.
 *
 * dp_normalize_event() validates a record's envelope and, for the kinds
 * that carry people, rewrites each person in place through an identity
 * resolver (identity.h), using the mailmap of the record's repository
 * (repo.path).  The kinds and their people:
 *
 *	scm.commit	actor, commit.author, commit.committer
 *
 * A person is an object with a string "name", "email" or both.  It gets
 * the canonical "name" and "email" and the actor "id"; when the
 * canonical name or email differs from the one seen, the one seen is
 * kept as "alias": {"name", "email"} (the members seen), otherwise any
 * "alias" is removed.  A person that already has an "alias" is resolved
 * from it, so that normalizing a record twice changes nothing more.
 * A person whose name, email or alias has another type, or a string
 * with a NUL character, is left as it is.
 *
 * Records of other kinds are left untouched.
 */
#ifndef DP_NORMALIZE_H
#define DP_NORMALIZE_H

#include <jansson.h>

#include "error.h"
#include "identity.h"

#define DP_NORMALIZE_CHANGED 0x1	/* the record was changed */
#define DP_NORMALIZE_WARNING 0x2	/* err holds a warning */

/*
 * Normalizes ev in place.  source and line locate the record in errors
 * and warnings.  Returns a combination of DP_NORMALIZE_CHANGED and
 * DP_NORMALIZE_WARNING (a warning is the first failure to open the
 * record's repository, see dp_identity_resolve(); ev is normalized
 * without that repository's mailmap); or -1 with DP_ERR_DATA when the
 * envelope is invalid (dp_event_validate(), ev untouched), or with
 * DP_ERR_NOMEM or DP_ERR_INTERNAL, ev then possibly half changed.
 */
int	dp_normalize_event(struct dp_identity *ident, json_t *ev,
	    const char *source, long line, struct dp_error *err);

#endif
