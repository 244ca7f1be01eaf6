# AI markers and bots: trailers of several tools, a footer, an author
# name suffix, bot authors matched by name, noreply id and address, a
# commit made in GitHub's web interface (not a bot), and a person who
# calls themselves Copilot (not a marker).  Each ai.marker record comes
# right after its scm.commit record.
. ./repo.inc
. ./ai.inc
cd "$T" || exit 99
{
	git init -q -b main r &&
	c 'Ada Lovelace' ada@example.com 'Add the parser' \
	    -m '🤖 Generated with [Claude Code](https://claude.com/claude-code)' \
	    -m 'Co-Authored-By: Claude Opus 4 <noreply@anthropic.com>' &&
	c 'Ada Lovelace' ada@example.com 'Fix the lexer' -m 'Details.' \
	    -m 'Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>
Co-authored-by: Cursor Agent <cursoragent@cursor.com>
Signed-off-by: Ada Lovelace <ada@example.com>' &&
	c 'Ada Lovelace (aider)' ada@example.com 'Tune the cache' \
	    -m 'Co-authored-by: aider (gpt-4o) <noreply@aider.chat>' &&
	c openhands openhands@all-hands.dev 'Add tests' &&
	c 'Ada Lovelace' ada@example.com 'Refactor' \
	    -m 'Assisted-by: Gemini Code Assist
Generated-by: some internal tool' &&
	c 'dependabot[bot]' \
	    '49699333+dependabot[bot]@users.noreply.github.com' \
	    'Bump lodash from 4.17.20 to 4.17.21' &&
	c 'Renovate Bot' bot@renovateapp.com 'Update dependency x to v2' &&
	c 'Snyk bot' snyk-bot@snyk.io '[Snyk] Upgrade react from 18.2.0' &&
	GIT_COMMITTER_NAME=GitHub GIT_COMMITTER_EMAIL=noreply@github.com \
	    c 'Ada Lovelace' ada@example.com 'Update README.md' &&
	c Copilot 5+Copilot@users.noreply.github.com 'Not a tool' \
	    -m 'Co-authored-by: Copilot <copilot@example.com>' &&
	c Copilot 198982749+Copilot@users.noreply.github.com \
	    'Initial plan'
} >/dev/null 2>&1 || exit 99
# the commits and what follows them, not the repository's posture
dp-collect git --no-refs r >all
status=$?
grep -v '"kind":"scm.posture"' all >out
jq -c 'if .kind == "ai.marker" then {rec: .src.rec, kind, id, ai}
    else {rec: .src.rec, kind, subject: .commit.subject,
    actor_bot: .actor.bot, author_bot: .commit.author.bot,
    committer_bot: .commit.committer.bot, ai_marked: .commit.ai_marked,
    ai_tools: .commit.ai_tools} end' out
exit $status
