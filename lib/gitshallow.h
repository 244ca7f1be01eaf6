/*
 * gitshallow: walking the history of a shallow clone.
 *
 * A shallow clone ("git clone --depth N") lacks the parents of its
 * boundary commits, the commits listed in $GIT_DIR/shallow.  libgit2
 * (before 1.7) stops a walk with "object not found" there.  Opening a
 * repository's shallow state adds to its object database a stand-in
 * for every missing parent of a boundary commit: a root commit with the
 * empty tree, dated 1970, whose contents do not hash to its id.  The
 * walk hides the stand-ins, so no record is ever built of one, and a
 * boundary commit compared with its first parent shows every file as
 * added, as "git log" shows it.
 *
 * Because the stand-ins do not hash to their ids, the caller turns off
 * libgit2's verification of object hashes
 * (GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, a setting global to the
 * process) before it reads objects through a repository with a shallow
 * state open; dp_gitwalk_new() does.  Only the handle the state was
 * opened on has the stand-ins: other handles on the same repository
 * find no parent for a boundary commit.
 */
#ifndef DP_GITSHALLOW_H
#define DP_GITSHALLOW_H

#include <git2.h>

#include "error.h"

struct dp_gitshallow;

/*
 * Reads the shallow state of git into *out: a new state, to be closed
 * with dp_gitshallow_close() before git is freed, or NULL when git is
 * not shallow.  Returns 0, or -1 with DP_ERR_NOINPUT (the shallow file
 * or a boundary commit cannot be read), DP_ERR_NOMEM or DP_ERR_INTERNAL.
 */
int	dp_gitshallow_open(git_repository *git, struct dp_gitshallow **out,
	    struct dp_error *err);

/*
 * Hides the stand-ins from walk.  Returns 0, or -1 with
 * DP_ERR_INTERNAL.
 */
int	dp_gitshallow_hide(const struct dp_gitshallow *sh, git_revwalk *walk,
	    struct dp_error *err);

/* Returns 1 when id is a boundary commit of sh (sh may be NULL), else 0. */
int	dp_gitshallow_is_boundary(const struct dp_gitshallow *sh,
	    const git_oid *id);

/* Closes sh (which may be NULL); the stand-ins stay in git's database. */
void	dp_gitshallow_close(struct dp_gitshallow *sh);

#endif
