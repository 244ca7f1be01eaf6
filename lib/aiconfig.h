/*
 * aiconfig: the paths of AI assistant configuration files (CLAUDE.md,
 * .cursor/rules/, .github/copilot-instructions.md ...), read from a data
 * file, rules/ai/configs.yml in dp's rules folder (dp-event(5)).
 *
 * The file is a YAML mapping with one key, "configs": a sequence of
 * mappings {tool, patterns}, tool a name of lower-case letters, digits,
 * '-' and '_' ("claude"), patterns a non-empty sequence of path
 * patterns.  A pattern is matched against a path relative to the root
 * of a repository:
 *
 *	"**" "/" at its start	the rest matches at any depth, the root
 *				included ("**" "/CLAUDE.md");
 *	"/" at its end		any file below a folder that matches
 *				(".claude/");
 *	otherwise		fnmatch(3) with FNM_PATHNAME: '*' and '?'
 *				never match '/'.
 *
 * The first pattern in file order that matches wins.
 */
#ifndef DP_AICONFIG_H
#define DP_AICONFIG_H

#include "error.h"

struct dp_aiconfig;

/*
 * Loads the patterns from the file at path, named source in errors.
 * Returns a new set; free with dp_aiconfig_free().  Returns NULL with
 * DP_ERR_CONFIG (the file cannot be read or is not as described above;
 * source and line set) or DP_ERR_NOMEM.
 */
struct dp_aiconfig *dp_aiconfig_load(const char *path, const char *source,
	    struct dp_error *err);

void	dp_aiconfig_free(struct dp_aiconfig *ac);

/*
 * Returns 1 when path matches a pattern of ac, with *tool and *pattern
 * set to borrowed strings valid while ac lives; 0 when none matches.
 * Returns -1 with DP_ERR_NOMEM when memory runs out.
 */
int	dp_aiconfig_match(const struct dp_aiconfig *ac, const char *path,
	    const char **tool, const char **pattern, struct dp_error *err);

#endif
