/*
 * treediff: the changed paths between two git trees, found by a
 * merge-join of the two sorted trees that never opens a subtree whose id
 * is the same on both sides.
 *
 * A change is one path whose blob id or mode differs between the old and
 * the new tree, or that exists on one side only.  Trees are recursed
 * into and never reported themselves; a submodule (mode 160000) is a
 * leaf.  A path that is a file on one side and a folder on the other is
 * a deletion plus the additions under the folder, as git reports it.
 * Changes come out sorted by path (bytes compared as unsigned), which is
 * also the order in which git lists them.
 *
 * dp_treediff_renames() then pairs deleted and added paths into renames
 * the way git log does by default, with git's own measure of similarity
 * (diffcore-delta's spans of a line or 64 bytes):
 *	1. exact renames: the same blob id, pairs taken in the order of
 *	   ids, then of paths;
 *	2. a deleted and an added regular file whose base name is unique on
 *	   both sides, when at least 75% similar;
 *	3. the rest of the regular files: for each added path the four most
 *	   similar deleted ones, at least 50%, then pairs by falling
 *	   similarity, each path used once; none when there are more than
 *	   1000 x 1000 pairs (git's diff.renameLimit).
 * Submodules are never renamed, symbolic links only by step 1.
 */
#ifndef DP_TREEDIFF_H
#define DP_TREEDIFF_H

#include <stddef.h>
#include <stdint.h>

#include <git2.h>

#include "error.h"

/* One changed path; a mode of 0 means the side does not exist. */
struct dp_treediff_change {
	char *path;		/* owned, relative to the root, '/'-separated */
	char *old_path;		/* owned; the source of a rename, or NULL */
	git_oid old_id;
	git_oid new_id;
	uint32_t old_mode;	/* git's modes: 0100644, 0100755, 0120000, */
	uint32_t new_mode;	/* 0160000 */
	int similarity;		/* percent, for renames; else 0 */
};

#define DP_TREEDIFF_RECENT 64	/* trees kept from one diff to the next */

struct dp_treediff_tree;		/* a tree read, private */

/*
 * A list of changes; embed it and set it up with dp_treediff_init().  It
 * also keeps a reference on the last trees it read, so that the next
 * commit's diff (whose old tree is often this one's new tree) does not
 * read them again: release it before its repository.
 */
struct dp_treediff {
	struct dp_treediff_change *v;
	size_t n;
	size_t cap;
	struct dp_treediff_tree *recent[DP_TREEDIFF_RECENT];	/* owned */
	size_t next;		/* the slot of recent to replace next */
};

void	dp_treediff_init(struct dp_treediff *d);

/* Frees the changes of d and empties it; d can be used again. */
void	dp_treediff_clear(struct dp_treediff *d);

/* Frees everything d holds, its recent trees too. */
void	dp_treediff_release(struct dp_treediff *d);

/*
 * Replaces the changes in d with those from old_tree to new_tree of the
 * repository git; old_tree NULL is the empty tree (a root commit).
 * Returns 0, or -1 with DP_ERR_DATA (a tree is missing or corrupt),
 * DP_ERR_IO or DP_ERR_NOMEM; d is then empty.
 */
int	dp_treediff_trees(struct dp_treediff *d, git_repository *git,
	    const git_tree *old_tree, const git_tree *new_tree,
	    struct dp_error *err);

/*
 * As dp_treediff_trees(), with the trees given by id (NULL: the empty
 * tree); they are read as raw objects, without being parsed by libgit2.
 * DP_ERR_DATA also when an id is not a tree or a tree is malformed.
 */
int	dp_treediff_ids(struct dp_treediff *d, git_repository *git,
	    const git_oid *old_tree, const git_oid *new_tree,
	    struct dp_error *err);

/*
 * Pairs the deleted and added paths of d, whose blobs are read from
 * git, into renames: the added change gets old_path, old_id, old_mode
 * and similarity (percent), and the deleted change goes away.  d stays
 * sorted by path.  Returns 0, or -1 with DP_ERR_DATA (a blob is missing
 * or corrupt) or DP_ERR_NOMEM; d is then partly paired, but valid.
 */
int	dp_treediff_renames(struct dp_treediff *d, git_repository *git,
	    struct dp_error *err);

#endif
