/*
 * event: the dp/1 record envelope (dp-event(5)).
 *
 * Every record is a JSON object whose first fields are
 *
 *	v	schema version, the integer 1
 *	kind	dotted kind such as "scm.commit", [a-z][a-z0-9_]* parts
 *	id	32 lower-case hex digits, deterministic (see dp_event_make_id)
 *	time	UTC with milliseconds, "2026-03-01T09:14:05.000Z"
 *	src	provenance {type, path, rec}
 *	actor	who acted {name, email, login, id, bot}
 *	repo	the repository {name, path, url, vis}
 *
 * followed by one object named after the kind's family ("commit" for
 * "scm.commit").  Unknown kinds and fields are valid and are kept.
 *
 * Records are plain jansson objects: this module builds, identifies,
 * validates and reads them; it keeps no state.
 */
#ifndef DP_EVENT_H
#define DP_EVENT_H

#include <stdint.h>
#include <jansson.h>

#include "error.h"

#define DP_EVENT_VERSION 1
#define DP_EVENT_ID_LEN 32	/* hex digits in an id */

/*
 * Returns a new record with v, kind, an empty id (set it with
 * dp_event_set_id() once the record's identifying key is known) and
 * time, or NULL with DP_ERR_DATA (bad kind or time) or DP_ERR_NOMEM.
 */
json_t	*dp_event_new(const char *kind, int64_t time_ms,
	    struct dp_error *err);

/*
 * Writes into out (DP_EVENT_ID_LEN + 1 bytes) the id of a record of kind
 * identified by key: the first 32 hex digits of
 * SHA-256("dp/1" NUL kind NUL key).  The key is what makes the record
 * unique whatever the input's path or order (a commit's object id for
 * scm.commit), so the same input always gives the same id.  Returns 0,
 * or -1 with DP_ERR_INTERNAL.
 */
int	dp_event_make_id(const char *kind, const void *key, size_t keylen,
	    char *out, struct dp_error *err);

/* Sets ev's id from its kind and key.  Returns 0 or -1 (as above). */
int	dp_event_set_id(json_t *ev, const void *key, size_t keylen,
	    struct dp_error *err);

/*
 * Sets src to {type, path, rec}; path may be NULL.  Returns 0, or -1
 * with DP_ERR_NOMEM.
 */
int	dp_event_set_src(json_t *ev, const char *type, const char *path,
	    long long rec, struct dp_error *err);

/*
 * Returns a new identity object {name, email} (either may be NULL and is
 * then left out), or NULL when memory runs out.
 */
json_t	*dp_event_person_new(const char *name, const char *email);

/*
 * Validates the envelope of ev: v is 1, kind is well formed, id is a
 * non-empty string, time is a canonical dp/1 time, src, actor and repo
 * are objects when present.  Returns 0, or -1 with DP_ERR_DATA naming
 * the field, with source and line copied into err.
 */
int	dp_event_validate(const json_t *ev, const char *source, long line,
	    struct dp_error *err);

/* Returns 1 when kind is a well-formed dotted kind, else 0. */
int	dp_event_kind_valid(const char *kind);

/*
 * Returns the value at a dotted path of object keys ("commit.author.email")
 * in ev, borrowed from ev, or NULL when a part is missing or not an
 * object.
 */
json_t	*dp_event_get(const json_t *ev, const char *path);

/* Returns the string at path, borrowed from ev, or NULL. */
const char *dp_event_get_string(const json_t *ev, const char *path);

#endif
