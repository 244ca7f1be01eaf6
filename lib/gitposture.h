/*
 * gitposture: how a git repository is set up, as the "posture" object
 * of an "scm.posture" record (dp-event(5) lists the fields): bare or
 * shallow, default branch, hooks installed, remotes (never with their
 * credentials), mailmap, reflog and signing settings, ref counts.
 *
 * Only the repository's own configuration ($GIT_DIR/config) is read:
 * the global and system configuration of the machine dp runs on belong
 * to the analyst, not to the repository.
 */
#ifndef DP_GITPOSTURE_H
#define DP_GITPOSTURE_H

#include <git2.h>
#include <jansson.h>

#include "error.h"

/*
 * Returns a new "posture" object of git, or NULL with DP_ERR_DATA (a
 * configuration file or a ref cannot be parsed), DP_ERR_IO or
 * DP_ERR_NOMEM.
 */
json_t	*dp_gitposture_describe(git_repository *git, struct dp_error *err);

#endif
