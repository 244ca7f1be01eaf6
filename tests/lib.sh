# Shell helpers shared by the test scripts.  Sourced, not run.
#
# The automake harness exports top_srcdir and top_builddir; a script run
# by hand falls back to the folders around it.

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${DP_RULES_DIR:=$top_srcdir/rules}"
export top_srcdir top_builddir DP_RULES_DIR
PATH="$top_builddir:$PATH"
export PATH
# Tests must not depend on the user's git configuration or locale.
GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
GIT_AUTHOR_DATE= GIT_COMMITTER_DATE=
LC_ALL=C TZ=UTC
export GIT_CONFIG_NOSYSTEM GIT_CONFIG_GLOBAL LC_ALL TZ
unset GIT_AUTHOR_DATE GIT_COMMITTER_DATE GIT_DIR GIT_WORK_TREE

passed=0
failed=0

ok() {
	passed=$((passed + 1))
}

not_ok() {
	failed=$((failed + 1))
	printf 'FAIL: %s\n' "$*"
}

# check DESCRIPTION COMMAND...: runs COMMAND, counts it as passed when it
# succeeds.
check() {
	desc=$1
	shift
	if "$@"; then ok; else not_ok "$desc"; fi
}

# finish NAME: prints the closing line and exits 0 only when all passed.
finish() {
	printf '%s: %d passed, %d failed\n' "$1" "$passed" "$failed"
	[ "$failed" -eq 0 ]
}
