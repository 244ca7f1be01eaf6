/*
 * gitperson: a git signature (author, committer, tagger, or the person
 * of a reflog entry) as the dp/1 person object
 *
 *	{name, email, time, local_time, tz_offset}
 *
 * where time is UTC and local_time the same instant at the person's own
 * offset (tz_offset, minutes east of UTC), both RFC 3339 with
 * milliseconds.  Names and emails that are not valid UTF-8 are repaired
 * (invalid bytes become U+FFFD) and the caller told.
 */
#ifndef DP_GITPERSON_H
#define DP_GITPERSON_H

#include <stdint.h>

#include <git2.h>
#include <jansson.h>

#include "error.h"
#include "rfc3339.h"

/* A signature read into valid UTF-8 and dp/1 times. */
struct dp_gitperson {
	char *name;		/* owned */
	char *email;		/* owned */
	int64_t ms;		/* UTC, milliseconds since the epoch */
	int offset;		/* minutes east of UTC */
	char utc[DP_RFC3339_MAX];
	char local[DP_RFC3339_MAX];
};

/*
 * Reads g, its text in charset (NULL: UTF-8, as git writes by default;
 * recode.h), into p (release with dp_gitperson_release(), also after an
 * error); who ("author") names it in errors.  Sets *repaired to 1 when
 * a name or email had to be repaired, and leaves it alone otherwise.
 * Returns 0, or -1 with DP_ERR_DATA (a time outside years 0000 to 9999)
 * or DP_ERR_NOMEM.
 */
int	dp_gitperson_read(struct dp_gitperson *p, const git_signature *g,
	    const char *charset, const char *who, int *repaired,
	    struct dp_error *err);

/* Frees what p owns; p itself may be reused. */
void	dp_gitperson_release(struct dp_gitperson *p);

/*
 * Returns a new {name, email, time, local_time, tz_offset} object of p,
 * or NULL when memory runs out.
 */
json_t	*dp_gitperson_json(const struct dp_gitperson *p);

#endif
