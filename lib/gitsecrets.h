/*
 * gitsecrets: the secrets in the history of one git repository, each
 * (secret, path) told once, with the commit that introduced it and the
 * refs at whose tip it still is (dp-event(5), secret.detected).
 *
 * A commit introduces the blobs it adds or modifies against its first
 * parent (the changes of its file.change records; a root commit, or a
 * shallow clone's boundary, against the empty tree).  Each blob id is
 * read and scanned once, whatever the commits and paths it is met at:
 * the scan keeps the set of blob ids it met and, for the blobs with
 * findings, what they were (never the secrets: dp_secret_found).  Not
 * scanned: symbolic links and submodules, blobs larger than the scan's
 * max_size, and binary blobs (dp_detector_is_binary()) when no detector
 * of the pack reads binary content; when one does, the scan runs only
 * those on them.  A detector that only runs on some paths
 * (dp-rules(5)) sees a blob under the first path it was met at.
 *
 * The work is split so that threads can share it:
 *
 *	dp_gitsecrets_commit()	in any thread, with that thread's own
 *				repository handle and detector scanner:
 *				what one commit introduced, as its hits
 *	dp_gitsecrets_take()	in one thread, commit by commit in the
 *				order of a walk that gives children
 *				before their parents: for each (secret,
 *				path), the hit of the last commit given is
 *				kept, the oldest one to introduce it
 *	dp_gitsecrets_report()	once, after the last commit: the records
 *
 * A thread that needs a blob another is scanning waits for that scan.
 * Memory: the set of blob ids met, plus what was found.
 */
#ifndef DP_GITSECRETS_H
#define DP_GITSECRETS_H

#include <stddef.h>

#include <git2.h>
#include <jansson.h>

#include "detector.h"
#include "error.h"
#include "gitrefs.h"
#include "treediff.h"

struct dp_gitsecrets;
struct dp_gitsecrets_hits;

/* What a scan did so far; every count is of distinct blobs. */
struct dp_gitsecrets_stats {
	size_t blobs;		/* blob ids met */
	size_t scanned;		/* read and scanned */
	size_t binary;		/* not scanned: binary, for no detector */
	size_t large;		/* not scanned: larger than max_size */
	size_t with_findings;	/* scanned, with at least one finding */
	unsigned long long bytes;	/* scanned */
};

/*
 * Returns a new scan with the detectors of pack (borrowed: it must
 * outlive the scan), reading blobs of at most max_size bytes; free with
 * dp_gitsecrets_free().  Returns NULL with DP_ERR_NOMEM.
 */
struct dp_gitsecrets *dp_gitsecrets_new(const struct dp_detector_pack *pack,
	    size_t max_size, struct dp_error *err);

/* Frees gs, which may be NULL, and the hits it took. */
void	dp_gitsecrets_free(struct dp_gitsecrets *gs);

/*
 * Finds the secrets commit c of the repository git introduces, d being
 * its changes against its first parent (dp_treediff_ids() or
 * dp_filechange_commit(); renames paired or not), and commit_ev its
 * scm.commit record (time and actor are copied from it).  Blobs not
 * met before are read from git and scanned with sc; both belong to the
 * calling thread.  Sets *hits to a new list (free with
 * dp_gitsecrets_hits_free(), or give it to dp_gitsecrets_take()), or
 * to NULL when the commit introduced no secret and met no problem.
 * Returns 0, or -1 with DP_ERR_DATA (a blob is missing or corrupt),
 * DP_ERR_IO (a pack cannot be read), DP_ERR_NOMEM or DP_ERR_INTERNAL.
 */
int	dp_gitsecrets_commit(struct dp_gitsecrets *gs,
	    struct dp_detector_scanner *sc, git_repository *git,
	    const git_commit *c, const json_t *commit_ev,
	    const struct dp_treediff *d, struct dp_gitsecrets_hits **hits,
	    struct dp_error *err);

/*
 * Returns the problem met while scanning for hits, borrowed from hits,
 * or NULL: DP_ERR_DATA when a pattern reached a match limit in a blob
 * (the text names the blob and its path; that detector's findings
 * after the point are lost, the rest are kept).
 */
const struct dp_error *dp_gitsecrets_hits_warning(
	    const struct dp_gitsecrets_hits *hits);

void	dp_gitsecrets_hits_free(struct dp_gitsecrets_hits *hits);

/*
 * Takes ownership of hits (which may be NULL), the next commit in the
 * walk's order.  Returns 0, or -1 with DP_ERR_NOMEM.
 */
int	dp_gitsecrets_take(struct dp_gitsecrets *gs,
	    struct dp_gitsecrets_hits *hits, struct dp_error *err);

/* Receives a record, borrowed.  Returns 0 to go on, else to stop. */
typedef int (*dp_gitsecrets_record_fn)(json_t *ev, void *arg);

/*
 * Receives a DP_ERR_DATA problem, borrowed (as in
 * dp_gitsecrets_hits_warning()).  Returns 0 to go on, else to stop.
 */
typedef int (*dp_gitsecrets_warn_fn)(const struct dp_error *err,
	    void *arg);

/*
 * Calls fn with one secret.detected record per (secret, path) that the
 * commits taken introduced, sorted by path, then line, column and
 * fingerprint.  Each names the commit that introduced it (the last
 * taken), with that commit's time and author, and says where the
 * secret still is: "present_in", the chosen refs (sel) at whose tip
 * the path's blob holds the same fingerprint, HEAD first and then by
 * name, and "present", true when one of them is HEAD, a branch
 * (refs/heads/) or a remote-tracking branch (refs/remotes/).  A tip's
 * blob no commit taken introduced (one older than a time bound) is
 * scanned then, with sc.  src is {type "git", path src_path, rec 0}
 * and repo a copy of repo (may be NULL), for the caller to number.
 * A match limit reached in such a blob goes to warn, or is an error
 * when warn is NULL.  Returns 0, 1 when a callback stopped, or -1 with
 * DP_ERR_DATA (a ref, tree or blob is missing or corrupt), DP_ERR_IO,
 * DP_ERR_NOMEM or DP_ERR_INTERNAL.
 */
int	dp_gitsecrets_report(struct dp_gitsecrets *gs, git_repository *git,
	    const struct dp_gitrefs_select *sel,
	    struct dp_detector_scanner *sc, const char *src_path,
	    const json_t *repo, dp_gitsecrets_record_fn fn,
	    dp_gitsecrets_warn_fn warn, void *arg, struct dp_error *err);

/* Copies what gs did so far into *st. */
void	dp_gitsecrets_stats(struct dp_gitsecrets *gs,
	    struct dp_gitsecrets_stats *st);

#endif
