# A broken AI marker file in the rules folder is a configuration error:
# the diagnostic names the file and line, the status is 78, and nothing
# is collected.
. ./repo.inc
cd "$T" || exit 99
{
	git init -q -b main r && commit r 2026-03-01T09:00:00Z one &&
	mkdir -p rules/ai && cp "$DP_RULES_DIR/bots.yml" rules/ &&
	printf 'markers:\n  - tool: claude\n    marker: trailer\n    confidence: high\n    keys: [Co-authored-by]\n    emails: [noreply@anthropic.com]\n  - tool: copilot\n    marker: author_email\n    confidence: high\n    github_ids: [198982749]\n  - tool: cursor\n    marker: footer\n    confidence: high\n    phrases: [Cursor]\n' >rules/ai/markers.yml
} >/dev/null 2>&1 || exit 99
DP_RULES_DIR=$T/rules dp-collect git r 2>err
status=$?
sed "s|$(pwd -P)|/T|g; s|$T|/T|g" err >&2
exit $status
