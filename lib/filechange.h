/*
 * filechange: the "file.change" and "ai.config" records of one commit
 * (dp-event(5)).
 *
 * A commit is compared with its first parent (a root commit with the
 * empty tree, a merge with its first parent only) by dp_treediff, with
 * renames paired as git log pairs them.  Each changed path gives one
 * file.change record, sorted by path; then each path that was added, or
 * renamed, to a path of an AI assistant's configuration (dp_aiconfig)
 * gives one ai.config record, in the same order.
 *
 * Blob contents are read only to count lines: with lines off, sizes come
 * from object headers and neither "binary" nor line counts are given.
 */
#ifndef DP_FILECHANGE_H
#define DP_FILECHANGE_H

#include <git2.h>
#include <jansson.h>

#include "aiconfig.h"
#include "error.h"
#include "jsontext.h"
#include "treediff.h"

/* What to build; fill with DP_FILECHANGE_OPTIONS_INIT. */
struct dp_filechange_options {
	int lines;			/* read blobs: binary and line counts */
	const struct dp_aiconfig *ai;	/* NULL: no ai.config records */
	int root;			/* compare with no tree, not a parent */
};

#define DP_FILECHANGE_OPTIONS_INIT { 1, NULL, 0 }

/*
 * Appends to out the records of commit c of the repository git, as
 * text (jsontext.h), their src.rec 0.  commit_ev is c's scm.commit
 * record: the new records copy its time, src, actor and repo.  scratch
 * is a caller's list, reused from commit to commit to save
 * allocations; its contents are replaced.
 * Returns 0, or -1 with DP_ERR_DATA (a tree or blob is missing or
 * corrupt, a path that is not valid UTF-8 even repaired), DP_ERR_IO,
 * DP_ERR_NOMEM or DP_ERR_INTERNAL; records ended before an error stay
 * in out, and text after the last of them may follow.
 */
int	dp_filechange_commit(git_repository *git, const git_commit *c,
	    const json_t *commit_ev, const struct dp_filechange_options *o,
	    struct dp_treediff *scratch, struct dp_jsontext_recs *out,
	    struct dp_error *err);

#endif
