# A commit with no encoding header whose author name and message are not
# valid UTF-8: repaired, marked "repaired", no "encoding".
. ./repo.inc
cd "$T" || exit 99
{
	git init -q -b main r &&
	c=$(printf 'tree %s\n%s\n%s\n\ncaf\351\n' \
	    "$(git -C r mktree </dev/null)" \
	    "$(printf 'author Ren\351 <r@x> 1772356445 +0000')" \
	    'committer A <a@x> 1772356445 +0000' |
	    git -C r hash-object -t commit -w --stdin) &&
	git -C r update-ref HEAD "$c"
} >/dev/null 2>&1 || exit 99
dp-collect git r >out
status=$?
jq -c '{actor, subject: .commit.subject, message: .commit.message,
    encoding: .commit.encoding, repaired: .commit.repaired}' out
exit $status
