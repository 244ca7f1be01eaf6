/*
 * gitfind: the git repositories under a folder.
 *
 * A folder is a repository when it holds ".git" (a work tree; ".git" may
 * be a folder or a file naming one) or when it is itself a bare
 * repository (it holds HEAD, objects/ and refs/).  The search does not
 * go into a repository it found, never follows symbolic links, visits
 * the entries of a folder in byte order (the same order on every
 * machine) and goes at most DP_GITFIND_MAX_DEPTH folders deep.
 */
#ifndef DP_GITFIND_H
#define DP_GITFIND_H

#include "error.h"

#define DP_GITFIND_MAX_DEPTH 64

/* Receives a repository's path.  Returns 0 to go on, else to stop. */
typedef int (*dp_gitfind_fn)(const char *path, void *arg);

/*
 * Receives the error of a folder that cannot be read (DP_ERR_NOINPUT,
 * its source the folder), borrowed.  Returns 0 to go on, else to stop.
 */
typedef int (*dp_gitfind_warn_fn)(const struct dp_error *err, void *arg);

/*
 * Calls found for every repository under root, root included, and warn
 * for every folder below root that cannot be read.  Returns 0 when the
 * search is complete, 1 when a callback stopped it, or -1 with err
 * (DP_ERR_NOINPUT: root is missing, is not a folder or cannot be read;
 * DP_ERR_NOMEM).
 */
int	dp_gitfind(const char *root, dp_gitfind_fn found,
	    dp_gitfind_warn_fn warn, void *arg, struct dp_error *err);

#endif
