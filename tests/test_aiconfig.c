#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "aiconfig.h"
#include "datadir.h"

static struct dp_aiconfig *
shipped(void)
{
	char path[PATH_MAX];
	struct dp_aiconfig *ac;
	struct dp_error err;

	snprintf(path, sizeof(path), "%s/ai/configs.yml", dp_datadir_rules());
	ac = dp_aiconfig_load(path, "configs.yml", &err);
	cr_assert_not_null(ac, "%s:%ld: %s", err.source, err.line, err.text);
	return ac;
}

/* Returns the tool path matches in the shipped file, or "-" for none. */
static const char *
tool_of(const struct dp_aiconfig *ac, const char *path)
{
	const char *tool = NULL, *pattern = NULL;
	int m = dp_aiconfig_match(ac, path, &tool, &pattern, NULL);

	cr_assert_geq(m, 0);
	return m ? tool : "-";
}

Test(aiconfig, the_shipped_patterns_name_their_tools)
{
	static const char *cases[][2] = {
		{ "CLAUDE.md", "claude" },
		{ "docs/api/CLAUDE.md", "claude" },
		{ "CLAUDE.local.md", "claude" },
		{ ".claude/settings.json", "claude" },
		{ ".claude/commands/x/y.md", "claude" },
		{ "AGENTS.md", "generic" },
		{ "pkg/AGENTS.md", "generic" },
		{ ".cursorrules", "cursor" },
		{ ".cursor/rules/go.mdc", "cursor" },
		{ ".cursor/mcp.json", "cursor" },
		{ ".github/copilot-instructions.md", "copilot" },
		{ ".github/instructions/go.instructions.md", "copilot" },
		{ ".aider.conf.yml", "aider" },
		{ ".aiderignore", "aider" },
		{ ".windsurfrules", "windsurf" },
		{ ".windsurf/rules/a.md", "windsurf" },
		{ "GEMINI.md", "gemini" },
		{ ".gemini/settings.json", "gemini" },
		{ ".mcp.json", "mcp" },
		{ ".codex/config.toml", "codex" },
		{ ".continue/config.yaml", "continue" },
		{ ".clinerules", "cline" },
		{ ".roo/rules/a.md", "roo" },
		{ ".junie/guidelines.md", "junie" },
		{ ".amazonq/rules/a.md", "amazonq" },
		{ "README.md", "-" },
		{ "src/.claude", "-" },
		{ "src/.cursorrules", "-" },
		{ ".github/instructions/x/go.instructions.md", "-" },
		{ ".cursor/settings.json", "-" },
		{ "NOTCLAUDE.md", "-" },
	};
	struct dp_aiconfig *ac = shipped();
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_expect_str_eq(tool_of(ac, cases[i][0]), cases[i][1],
		    "%s", cases[i][0]);
	dp_aiconfig_free(ac);
}

Test(aiconfig, a_match_names_the_pattern_as_written)
{
	struct dp_aiconfig *ac = shipped();
	const char *tool, *pattern;

	cr_assert_eq(dp_aiconfig_match(ac, "a/b/CLAUDE.md", &tool, &pattern,
	    NULL), 1);
	cr_assert_str_eq(tool, "claude");
	cr_assert_str_eq(pattern, "**/CLAUDE.md");
	dp_aiconfig_free(ac);
}

/* Loads text from a file; returns the error it gives. */
static struct dp_error
load_bad(const char *text)
{
	char path[] = "/tmp/dp-aiconfig.XXXXXX";
	struct dp_error err;
	FILE *fp;
	int fd;

	cr_assert_geq(fd = mkstemp(path), 0);
	cr_assert_not_null(fp = fdopen(fd, "w"));
	fputs(text, fp);
	fclose(fp);
	dp_error_clear(&err);
	cr_assert_null(dp_aiconfig_load(path, "bad.yml", &err));
	unlink(path);
	cr_assert_eq(err.code, DP_ERR_CONFIG);
	cr_assert_str_eq(err.source, "bad.yml");
	return err;
}

Test(aiconfig, bad_files_are_config_errors_with_a_line)
{
	struct dp_error e;

	e = load_bad("configs:\n  - tool: x\n    patterns: [a, b: c]\n");
	cr_assert_eq(e.line, 3);
	e = load_bad("- a\n");
	cr_assert_eq(e.line, 1);
	e = load_bad("configs:\n  - tool: Bad Tool\n    patterns: [a]\n");
	cr_assert_eq(e.line, 2);
	e = load_bad("configs:\n  - tool: x\n    patterns: []\n");
	cr_assert_eq(e.line, 3);
	e = load_bad("configs:\n  - tool: x\n    patterns:\n      - a\n"
	    "      - /etc/passwd\n");
	cr_assert_eq(e.line, 5);
	e = load_bad("configs:\n  - tool: x\n    patterns: [\"**/\"]\n");
	cr_assert_eq(e.line, 3);
	e = load_bad("configs:\n  - tool: x\n    patterns: [a]\n    y: 1\n");
	cr_assert_eq(e.line, 2);
}

Test(aiconfig, a_missing_file_is_a_config_error)
{
	struct dp_error err;

	cr_assert_null(dp_aiconfig_load("/nonexistent/configs.yml", "c.yml",
	    &err));
	cr_assert_eq(err.code, DP_ERR_CONFIG);
}
