/*
 * gitwalk: the history of git repositories as dp/1 records.
 *
 * A walker reads repositories one after the other through libgit2 and
 * hands every record it builds to a caller callback, in order, one at a
 * time: nothing of a history is kept once its record was delivered
 * (beyond the set of commit ids the walk needs), so the caller can write
 * a stream of any length.  A repository gives, in this order:
 *
 *	scm.posture	one, how the repository is set up (gitposture.h)
 *	scm.commit	one per commit reachable from the chosen refs
 *			(every ref and HEAD by default), newest first,
 *			parents always after their children, within the
 *			committer time bounds, each followed by its
 *			"ai.marker" records (aimarker.h)
 *	scm.tag		one per chosen tag, by name (gitrefs.h)
 *	scm.ref_update	one per reflog entry of the chosen refs
 *
 * (dp-event(5) lists the fields).  In a shallow clone, the commits whose
 * parents were cut off are marked "commit.shallow_boundary": true.
 *
 * Every record's src.rec is its 1-based ordinal among all the records
 * the walker delivered, across repositories.  Text in the character set
 * of a commit's "encoding" header is converted to UTF-8 (recode.h); text
 * that cannot be converted, or is not valid UTF-8, is repaired
 * (dp_utf8_repair()) and the record marked with "commit.repaired": true.
 *
 * Each walker holds a reference on libgit2's global state, taken by
 * dp_gitwalk_new() (git_libgit2_init()) and released by dp_gitwalk_free()
 * (git_libgit2_shutdown()): a program needs no other libgit2 set-up.
 */
#ifndef DP_GITWALK_H
#define DP_GITWALK_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "error.h"

/*
 * Receives a record, borrowed: it is released when the call returns
 * (json_incref() it to keep it).  Returns 0 to go on, anything else to
 * stop the walk.
 */
typedef int (*dp_gitwalk_record_fn)(json_t *ev, void *arg);

/*
 * Receives the DP_ERR_DATA error of an object that was skipped because
 * no valid record can be built from it (a commit dated outside years
 * 0000 to 9999, say); err is borrowed and names the object id.
 * Returns 0 to go on, anything else to stop the walk.
 */
typedef int (*dp_gitwalk_warn_fn)(const struct dp_error *err, void *arg);

/* What a walker does; fill with DP_GITWALK_OPTIONS_INIT. */
struct dp_gitwalk_options {
	dp_gitwalk_record_fn record;	/* required */
	dp_gitwalk_warn_fn warn;	/* NULL: a bad object is an error */
	void *arg;			/* passed to both callbacks */
	char *const *refs;		/* ref patterns (gitrefs.h); none: all */
	size_t nrefs;
	int64_t since, until;		/* committer time bounds, ms, inclusive */
	int no_refs;			/* no scm.tag and scm.ref_update */
};

#define DP_GITWALK_OPTIONS_INIT \
	{ NULL, NULL, NULL, NULL, 0, INT64_MIN, INT64_MAX, 0 }

struct dp_gitwalk;

/*
 * Returns a new walker with a copy of opts, and the AI markers and bots
 * of the rules folder (dp_datadir_rules()) loaded; free with
 * dp_gitwalk_free().  Returns NULL with DP_ERR_USAGE when opts has no
 * record callback, DP_ERR_CONFIG when the data files cannot be loaded
 * (dp_aimarker_load()), DP_ERR_INTERNAL when libgit2 cannot be
 * initialised, or DP_ERR_NOMEM.
 */
struct dp_gitwalk *dp_gitwalk_new(const struct dp_gitwalk_options *opts,
	    struct dp_error *err);

/* Frees w (which may be NULL) and releases libgit2 when it is the last. */
void	dp_gitwalk_free(struct dp_gitwalk *w);

/*
 * Walks the repository at path: a work tree, any folder inside one, a
 * .git folder or a bare repository.  An empty repository gives its
 * posture alone.  Returns 0 when the walk is complete, 1 when a callback
 * stopped it, or -1 with err's source set to path and
 *	DP_ERR_NOINPUT	path does not exist, is not in a repository or
 *			cannot be opened, or an object, a pack or a file
 *			of the repository is missing, corrupt or cannot
 *			be read (the text names the object when its id is
 *			known);
 *	DP_ERR_DATA	a bad object (a commit dated outside years 0000
 *			to 9999) was met and there is no warn callback;
 *	DP_ERR_NOMEM	memory ran out;
 *	DP_ERR_INTERNAL	libgit2 failed in another way.
 * Records delivered before an error stay delivered.
 */
int	dp_gitwalk_repo(struct dp_gitwalk *w, const char *path,
	    struct dp_error *err);

/* Returns how many records w delivered so far, in all repositories. */
long long dp_gitwalk_count(const struct dp_gitwalk *w);

#endif
