# More AI markers: Replit's agent trailer (and its Deployment trailer,
# not a marker), Amp's trailers and footer, Devin's footer and co-author,
# the plain Claude Code footer, Jules as author (a bot, by noreply id),
# the Copilot agent's session log trailer, opencode's footer.
. ./repo.inc
. ./ai.inc
cd "$T" || exit 99
nr=@users.noreply.github.com
{
	git init -q -b main r &&
	c 'Ada Lovelace' ada@example.com 'Add the form' \
	    -m 'Replit-Commit-Author: Agent
Replit-Commit-Session-Id: 0f3c' &&
	c 'Ada Lovelace' ada@example.com 'Publish' \
	    -m 'Replit-Commit-Author: Deployment' &&
	c 'Ada Lovelace' ada@example.com 'Split the module' \
	    -m '🤖 Generated with [Amp](https://ampcode.com)' \
	    -m 'Amp-Thread-ID: https://ampcode.com/threads/T-1
Co-authored-by: Amp <amp@ampcode.com>' &&
	c 'Ada Lovelace' ada@example.com 'Fix the loader' \
	    -m 'Generated with [Devin](https://devin.ai)' \
	    -m "Co-Authored-By: Devin <158243242+devin-ai-integration[bot]$nr>" &&
	c 'Ada Lovelace' ada@example.com 'Rename' \
	    -m 'Generated with Claude Code' &&
	c 'google-labs-jules[bot]' \
	    '161369871+google-labs-jules[bot]@users.noreply.github.com' \
	    'Fix lookup order' &&
	c 'Ada Lovelace' ada@example.com 'Fix the test' \
	    -m 'Agent-Logs-Url: https://github.com/acme/api/sessions/abc' &&
	c 'Ada Lovelace' ada@example.com 'Add zoxide' \
	    -m '🤖 Generated with [OpenCode](https://opencode.ai)'
} >/dev/null 2>&1 || exit 99
dp-collect git r >out
status=$?
jq -c 'if .kind == "ai.marker" then {rec: .src.rec, ai: (.ai |
    del(.commit))} elif .kind == "scm.commit" then {rec: .src.rec,
    subject: .commit.subject, bot: .actor.bot,
    ai_tools: .commit.ai_tools} else empty end' out
exit $status
