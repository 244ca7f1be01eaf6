/*
 * treewalk: the files of a folder, in the same order on every machine.
 *
 * The walk visits the entries of each folder in byte order of their
 * names, goes into sub-folders as it meets them, never follows a
 * symbolic link below the root (it reports it), does not go into a
 * folder named ".git" (it reports it: the history of a repository is
 * the git collector's), and leaves out, without a word, what an ignore
 * list excludes (ignore.h, paths relative to the root).  It stops
 * DP_TREEWALK_MAX_DEPTH folders down, reporting the folder it did not
 * read.  Files are reported, not opened: reading them is the caller's.
 */
#ifndef DP_TREEWALK_H
#define DP_TREEWALK_H

#include <sys/stat.h>

#include "error.h"
#include "ignore.h"

#define DP_TREEWALK_MAX_DEPTH 256

enum dp_treewalk_kind {
	DP_TREEWALK_FILE,	/* a regular file */
	DP_TREEWALK_SYMLINK,	/* a symbolic link, not followed */
	DP_TREEWALK_SPECIAL,	/* a device, FIFO or socket */
	DP_TREEWALK_GIT,	/* a folder named .git, not entered */
	DP_TREEWALK_ERROR	/* a folder that cannot be read */
};

/* What the walk met; every member is borrowed for the callback. */
struct dp_treewalk_entry {
	enum dp_treewalk_kind kind;
	const char *path;	/* the root as given, "/", the path below */
	const char *rel;	/* the path below the root; "" for the root */
	const struct stat *st;	/* lstat() of path; NULL for ERROR */
	const struct dp_error *err;	/* for ERROR: DP_ERR_NOINPUT */
};

/* Receives each entry.  Returns 0 to go on, else to stop the walk. */
typedef int (*dp_treewalk_fn)(const struct dp_treewalk_entry *e,
	    void *arg);

/*
 * Walks root, calling fn for every entry under it that is not a
 * folder (and for the folders it reports).  A root that is a file, or a
 * symbolic link to one, is reported as a file of that path; a root that
 * is a symbolic link to a folder is walked.  Returns 0 when the walk
 * is complete, 1 when fn stopped it, or -1 with err: DP_ERR_NOINPUT
 * (root is missing, cannot be read, or is a special file) or
 * DP_ERR_NOMEM.
 */
int	dp_treewalk(const char *root, const struct dp_ignore *exclude,
	    dp_treewalk_fn fn, void *arg, struct dp_error *err);

#endif
