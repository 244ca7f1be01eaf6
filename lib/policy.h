/*
 * policy: what an organisation approves, trusts and protects, read from
 * a YAML file (dp-score --policy, dp-rules(5)), and its judgements on
 * single events, which rules match as the fields "policy.*".
 *
 * The file is one YAML mapping; every key is optional and holds a list
 * of non-empty strings:
 *
 *	ai_assistants	AI coding assistants approved ("copilot")
 *	tools		other tools approved
 *	trusted_bots	logins or email addresses of trusted bots
 *	protected_branches
 *			branch patterns ("main", "release/" "*")
 *	sensitive_paths	path patterns ("**" "/" "*.pem", ".github/")
 *	email_domains	allowed email domains ("acme.io"; "*.acme.io"
 *			allows the subdomains)
 *
 * Branch and path patterns are pathglob(3) patterns (pathglob.h).  Names
 * of assistants, tools and bots and email domains are compared ignoring
 * ASCII case; domains are fnmatch(3) patterns.
 *
 * A judgement is made only when its list is in the file and the event
 * has one of the fields it reads (in this order in the result):
 *
 *	ai_approved		ai.tool, commit.ai_tools[]: true when every
 *				tool named is an approved assistant
 *	tool_approved		host.tool: true when it is approved
 *	trusted_bot		actor.login, actor.email: true when either
 *				is a trusted bot
 *	protected_branch	ref.name, when it names a branch
 *				("refs/heads/B" or "refs/remotes/R/B"):
 *				true when B matches a pattern
 *	sensitive_path		file.path, file.old_path, secret.path,
 *				ai.path: true when any matches a pattern
 *	email_domain_allowed	actor.email, commit.author.email,
 *				commit.committer.email, tag.tagger.email:
 *				false when the domain of any is not
 *				allowed (an address without '@' has none)
 *
 * This table is the one place that names the event fields a policy
 * reads.  A loaded policy is immutable.
 */
#ifndef DP_POLICY_H
#define DP_POLICY_H

#include <stddef.h>
#include <jansson.h>

#include "error.h"

struct dp_policy;

/*
 * Loads the policy file at path, named source in errors.  Returns a new
 * policy; free with dp_policy_free().  Returns NULL with DP_ERR_NOMEM or
 * DP_ERR_CONFIG, with source and line: the file cannot be read, is not
 * YAML, does not hold one mapping, has an unknown key, a value that is
 * not a list of non-empty strings, a bad branch or path pattern (as
 * dp_pathglob_new()) or an email domain with '@' or a space in it.
 */
struct dp_policy *dp_policy_load(const char *path, const char *source,
	    struct dp_error *err);

/* As dp_policy_load(), from the len bytes at buf. */
struct dp_policy *dp_policy_load_buffer(const char *buf, size_t len,
	    const char *source, struct dp_error *err);

void	dp_policy_free(struct dp_policy *p);

/*
 * Returns a new object of p's judgements on ev, as listed above (empty
 * when none applies); release with json_decref().  ev is only read.
 * Returns NULL with DP_ERR_NOMEM.
 */
json_t	*dp_policy_judge(const struct dp_policy *p, const json_t *ev,
	    struct dp_error *err);

/*
 * Prepares ev, a parsed copy that is matched and never written, for
 * rules: removes any member "policy" it came with, so that no input can
 * claim a judgement, and when p is not NULL and judges something, sets
 * "policy" to dp_policy_judge().  Returns 0, or -1 with DP_ERR_NOMEM.
 */
int	dp_policy_annotate(const struct dp_policy *p, json_t *ev,
	    struct dp_error *err);

#endif
