/*
 * aimarker: what a commit says about the tools and bots that made it.
 *
 * Two data files in the rules folder drive it: ai/markers.yml, the
 * markers of AI coding tools (trailers, addresses, author name
 * suffixes, message footers, each with its tool and confidence), and
 * bots.yml, the names and addresses of bots.  Their formats are
 * described in their own comments and in dp-collect(1).  A marker is a
 * claim the commit makes about itself: nothing here proves or disproves
 * who wrote a change.
 *
 * A loaded set is read-only: it may be shared by threads.
 */
#ifndef DP_AIMARKER_H
#define DP_AIMARKER_H

#include <jansson.h>

#include "error.h"

#define DP_AIMARKER_EVIDENCE_MAX 200	/* bytes of evidence kept */

struct dp_aimarker;

/*
 * Loads dir/ai/markers.yml and dir/bots.yml.  Returns a new set; free
 * with dp_aimarker_free().  Returns NULL with DP_ERR_CONFIG (a file
 * cannot be read, is not valid YAML, or holds something else than the
 * format allows; source is the file's path, line where known) or
 * DP_ERR_NOMEM.
 */
struct dp_aimarker *dp_aimarker_load(const char *dir, struct dp_error *err);

void	dp_aimarker_free(struct dp_aimarker *m);

/* Returns 1 when the person named name <email> is a bot, else 0. */
int	dp_aimarker_is_bot(const struct dp_aimarker *m, const char *name,
	    const char *email);

/*
 * Returns a new array of the markers found in commit, a "commit" object
 * of an scm.commit record (author, committer, message, trailers): one
 * {tool, marker, evidence, confidence} object each, in the order of the
 * data file's entries within each place looked at (trailers, author
 * email, author name, committer email, message), without duplicates.
 * Returns NULL when memory runs out.
 */
json_t	*dp_aimarker_match(const struct dp_aimarker *m, const json_t *commit);

/*
 * Completes the scm.commit record ev: sets "bot": true on its actor,
 * commit.author and commit.committer when they are bots, and
 * commit.ai_marked and commit.ai_tools (sorted, unique) when markers
 * were found.  Stores in *records a new array of the ai.marker records
 * of those markers, numbered from rec in src.rec, which follow ev in
 * the output.  Returns 0, or -1 with DP_ERR_DATA (ev is not an
 * scm.commit record with a commit sha), DP_ERR_NOMEM or
 * DP_ERR_INTERNAL.
 */
int	dp_aimarker_apply(const struct dp_aimarker *m, json_t *ev,
	    long long rec, json_t **records, struct dp_error *err);

#endif
