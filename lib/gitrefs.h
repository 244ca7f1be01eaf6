/*
 * gitrefs: the refs of a git repository: which of them a walk starts
 * from, its tags as "scm.tag" records, and its reflogs as
 * "scm.ref_update" records (dp-event(5) lists the fields).
 *
 * Refs are chosen by patterns: fnmatch(3) globs on the full ref name,
 * such as refs/heads/main or refs/tags/v1.[0-9], where "HEAD" names
 * HEAD itself.
 * No pattern means every ref under refs/ and HEAD.  The same choice
 * applies to the commits walked, the tags and the reflogs reported.
 *
 * Records are built with "src" and "repo" null, in their places in the
 * envelope: the caller, which numbers and places records, fills them.
 * Their ids never depend on where the repository lies, so two copies of
 * one repository give the same ids.
 */
#ifndef DP_GITREFS_H
#define DP_GITREFS_H

#include <stddef.h>
#include <stdint.h>

#include <git2.h>
#include <jansson.h>

#include "error.h"

/* Which refs: patterns (borrowed) and their number, 0 for all. */
struct dp_gitrefs_select {
	char *const *patterns;
	size_t npatterns;
};

/*
 * Receives a record, borrowed: it is released when the call returns.
 * Returns 0 to go on, anything else to stop.
 */
typedef int (*dp_gitrefs_fn)(json_t *ev, void *arg);

/* Returns 1 when the ref named name is chosen by sel, else 0. */
int	dp_gitrefs_match(const struct dp_gitrefs_select *sel,
	    const char *name);

/*
 * Receives a chosen ref's name and the commit it peels to, both
 * borrowed for the call.  Returns 0 to go on, anything else to stop.
 */
typedef int (*dp_gitrefs_tip_fn)(const char *name, const git_commit *c,
	    void *arg);

/*
 * Calls fn with every chosen ref that peels to a commit, HEAD first and
 * then by name; refs that peel to no commit (a tag of a tree, an unborn
 * HEAD) are passed over.  Returns 0, 1 when fn stopped, or -1 with
 * DP_ERR_DATA (a ref's object is missing or corrupt; the text names
 * the ref and the object), DP_ERR_NOMEM or DP_ERR_INTERNAL.
 */
int	dp_gitrefs_tips(git_repository *git,
	    const struct dp_gitrefs_select *sel, dp_gitrefs_tip_fn fn,
	    void *arg, struct dp_error *err);

/*
 * Pushes on walk every commit a chosen ref peels to; refs that peel to
 * no commit (a tag of a tree, an unborn HEAD) are passed over.  Sets
 * *pushed to the number of commits pushed and *newest to the newest
 * committer time among them in milliseconds (INT64_MIN when none).
 * Returns 0, or -1 with DP_ERR_DATA (a ref's object is missing or
 * corrupt; the text names the ref and the object), DP_ERR_NOMEM or
 * DP_ERR_INTERNAL.
 */
int	dp_gitrefs_push(git_repository *git, git_revwalk *walk,
	    const struct dp_gitrefs_select *sel, size_t *pushed,
	    int64_t *newest, struct dp_error *err);

/*
 * Calls fn with one "scm.tag" record per chosen tag, sorted by name.
 * Returns 0, 1 when fn stopped, or -1 with DP_ERR_DATA (a tag's object
 * is missing or corrupt), DP_ERR_NOMEM or DP_ERR_INTERNAL.
 */
int	dp_gitrefs_tags(git_repository *git,
	    const struct dp_gitrefs_select *sel, dp_gitrefs_fn fn, void *arg,
	    struct dp_error *err);

/*
 * Calls fn with one "scm.ref_update" record per entry of the reflog of
 * every chosen ref that has one: refs sorted by name (HEAD first),
 * entries oldest first.  Returns 0, 1 when fn stopped, or -1 with
 * DP_ERR_DATA (a reflog cannot be parsed), DP_ERR_IO, DP_ERR_NOMEM or
 * DP_ERR_INTERNAL.
 */
int	dp_gitrefs_reflogs(git_repository *git,
	    const struct dp_gitrefs_select *sel, dp_gitrefs_fn fn, void *arg,
	    struct dp_error *err);

/*
 * Returns a new {type} object, type "gpg", "ssh" or "x509", for the
 * signature block that starts at armor (its "-----BEGIN" line), or NULL
 * when armor starts no signature block git makes.  (A tag's record
 * describes its signature with dp_gitsig_describe(), key id included.)
 */
json_t	*dp_gitrefs_signature(const char *armor);

/*
 * Returns where the signature block of an annotated tag's message
 * starts (a "-----BEGIN" line of a kind dp_gitrefs_signature() knows),
 * or NULL when the message is not signed.
 */
const char *dp_gitrefs_signature_start(const char *message);

#endif
