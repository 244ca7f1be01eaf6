# A commit dated after year 9999 cannot be a dp/1 record: it is reported
# and skipped, its parent still collected, and the status is 65.
. ./repo.inc
cd "$T" || exit 99
{
	git init -q -b main r && commit r 2026-03-01T09:00:00Z base &&
	tree=$(git -C r mktree </dev/null) &&
	c=$(printf 'tree %s\nparent %s\n%s\n%s\n\nfar\n' "$tree" \
	    "$(git -C r rev-parse HEAD)" \
	    'author A <a@x> 300000000000 +0000' \
	    'committer A <a@x> 300000000000 +0000' |
	    git -C r hash-object -t commit -w --literally --stdin) &&
	git -C r update-ref HEAD "$c"
} >/dev/null 2>&1 || exit 99
dp-collect git r >out
status=$?
grep -c '"subject":"base"' out
exit $status
