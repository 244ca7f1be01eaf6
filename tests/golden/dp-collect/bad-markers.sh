# A broken AI marker file in the rules folder is a configuration error:
# the diagnostic names the file and line, the status is 78, and nothing
# is collected.
. ./repo.inc
cd "$T" || exit 99
{
	git init -q -b main r && commit r 2026-03-01T09:00:00Z one &&
	mkdir -p rules/ai && cp "$DP_RULES_DIR/bots.yml" rules/ &&
	cp "$DP_RULES_DIR/ai/configs.yml" rules/ai/ &&
	cp -R "$DP_RULES_DIR/secrets" rules/ &&
	cat >rules/ai/markers.yml <<-EOF
	markers:
	  - tool: claude
	    marker: trailer
	    confidence: high
	    keys: [Co-authored-by]
	    emails: [noreply@anthropic.com]
	  - tool: copilot
	    marker: author_email
	    confidence: high
	    github_ids: [198982749]
	  - tool: cursor
	    marker: footer
	    confidence: high
	    phrases: [Cursor]
	EOF
} >/dev/null 2>&1 || exit 99
DP_RULES_DIR=rules dp-collect git r
