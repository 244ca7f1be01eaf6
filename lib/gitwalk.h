/*
 * gitwalk: the history of git repositories as dp/1 records.
 *
 * A walker reads repositories one after the other through libgit2 and
 * hands every record it builds to a caller callback, in order, one at a
 * time: nothing of a history is kept once its record was delivered
 * (beyond the set of commit ids the walk needs and, with detectors, the
 * set of blob ids scanned and the secrets found), so the caller can
 * write a stream of any length.  A repository gives, in this order:
 *
 *	scm.posture	one, how the repository is set up (gitposture.h)
 *	scm.commit	one per commit reachable from the chosen refs
 *			(every ref and HEAD by default), newest first,
 *			parents always after their children, within the
 *			committer time bounds, each followed by its
 *			"ai.marker" records (aimarker.h) and, when files
 *			are asked for, its "file.change" and "ai.config"
 *			records (filechange.h)
 *	secret.detected	with detectors, one per (secret, path) that the
 *			commits introduced, sorted by path (gitsecrets.h)
 *	scm.tag		one per chosen tag, by name (gitrefs.h)
 *	scm.ref_update	one per reflog entry of the chosen refs
 *
 * (dp-event(5) lists the fields).  In a shallow clone, the commits whose
 * parents were cut off are marked "commit.shallow_boundary": true, and
 * their files are compared with the empty tree, as git does.
 *
 * The records of batches of commits are built by worker threads, each
 * with its own handle on the repository, and delivered in the order one
 * thread would give: the output does not depend on the number of
 * threads.  At most a few batches are held at a time.  The workers
 * also serialise the records, so a caller that only writes them out
 * asks for them as text (the line callback).
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

#include "aiconfig.h"
#include "detector.h"
#include "error.h"

/*
 * Receives a record, borrowed: it is released when the call returns
 * (json_incref() it to keep it).  The workers build records as text;
 * each is parsed again for this callback, which is therefore slower
 * than the line callback.  Returns 0 to go on, anything else to stop
 * the walk.
 */
typedef int (*dp_gitwalk_record_fn)(json_t *ev, void *arg);

/*
 * Receives a record as one line of compact JSON (json_dumpb() with
 * JSON_COMPACT and JSON_REAL_PRECISION(15), the same bytes as
 * dp_ndjson_write() gives for the record given to a
 * dp_gitwalk_record_fn), len bytes without a newline nor a NUL,
 * borrowed.  Returns as dp_gitwalk_record_fn.
 */
typedef int (*dp_gitwalk_line_fn)(const char *line, size_t len, void *arg);

/*
 * Receives the DP_ERR_DATA error of an object that was skipped because
 * no valid record can be built from it (a commit dated outside years
 * 0000 to 9999, say), or whose scan for secrets is incomplete (a
 * detector reached a match limit in a blob); err is borrowed and names
 * the object id.
 * Returns 0 to go on, anything else to stop the walk.
 */
typedef int (*dp_gitwalk_warn_fn)(const struct dp_error *err, void *arg);

/* What a walker does; fill with DP_GITWALK_OPTIONS_INIT. */
struct dp_gitwalk_options {
	dp_gitwalk_record_fn record;	/* record or line is required */
	dp_gitwalk_warn_fn warn;	/* NULL: a bad object is an error */
	void *arg;			/* passed to the callbacks */
	char *const *refs;		/* ref patterns (gitrefs.h); none: all */
	size_t nrefs;
	int64_t since, until;		/* committer time bounds, ms, inclusive */
	int no_refs;			/* no scm.tag and scm.ref_update */
	int files;			/* 1: file.change, ai.config too */
	int lines;			/* 0: no blob read, no line counts */
	int threads;			/* 1 or less: the caller's only */
	const struct dp_aiconfig *ai;	/* borrowed; NULL: no ai.config */
	dp_gitwalk_line_fn line;	/* set: text records, record unused */
	/* borrowed; NULL: no secret.detected (gitsecrets.h) */
	const struct dp_detector_pack *detectors;
	size_t max_size;		/* the largest blob scanned, bytes */
};

#define DP_GITWALK_OPTIONS_INIT \
	{ NULL, NULL, NULL, NULL, 0, INT64_MIN, INT64_MAX, 0, 0, 1, 1, \
	    NULL, NULL, NULL, (size_t)64 << 20 }

struct dp_gitwalk;

/*
 * Returns a new walker with a copy of opts, and the AI markers and bots
 * of the rules folder (dp_datadir_rules()) loaded; free with
 * dp_gitwalk_free().  It sets libgit2's object cache to keep blobs up
 * to 1 MiB, in at most 32 MiB of cached objects per repository handle,
 * so that a blob is read once from one commit to its parent, and turns
 * off libgit2's hashing of every object it reads (git does not check
 * objects on read either; git fsck does).  Both settings are global to
 * the process.  Returns NULL with DP_ERR_USAGE when opts has neither a
 * record nor a line callback, DP_ERR_CONFIG when the data files cannot
 * be loaded (dp_aimarker_load()), DP_ERR_INTERNAL when libgit2 cannot
 * be initialised, or DP_ERR_NOMEM.
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
 *			to 9999, a blob where a detector reached a match
 *			limit) was met and there is no warn callback;
 *	DP_ERR_NOMEM	memory ran out;
 *	DP_ERR_INTERNAL	libgit2 failed in another way, or a thread
 *			cannot be started.
 * Records delivered before an error stay delivered.
 */
int	dp_gitwalk_repo(struct dp_gitwalk *w, const char *path,
	    struct dp_error *err);

/* Returns how many records w delivered so far, in all repositories. */
long long dp_gitwalk_count(const struct dp_gitwalk *w);

#endif
