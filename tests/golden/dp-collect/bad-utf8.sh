# Commits whose author name and message are not valid UTF-8: one with no
# encoding header, one whose header names a charset iconv does not know.
# Both are repaired and marked "repaired"; the header is kept.
. ./repo.inc
cd "$T" || exit 99
# raw HEADER TIME: writes a commit object on top of HEAD, if any
raw() {
	p=$(git -C r rev-parse -q --verify HEAD) && p="parent $p
"
	h=${1:+$1
}
	c=$(printf 'tree %s\n%s%s\n%s\n%s\ncaf\351\n' \
	    "$(git -C r mktree </dev/null)" "$p" \
	    "$(printf 'author Ren\351 <r@x> %s +0000' "$2")" \
	    "committer A <a@x> $2 +0000" "$h" |
	    git -C r hash-object -t commit -w --stdin) &&
	git -C r update-ref HEAD "$c"
}
{
	git init -q -b main r && raw '' 1772356445 &&
	raw 'encoding no-such-charset' 1772356446
} >/dev/null 2>&1 || exit 99
# the commits and what follows them, not the repository's posture
dp-collect git --no-refs r >all
status=$?
grep -v '"kind":"scm.posture"' all >out
jq -c '{actor, subject: .commit.subject, message: .commit.message,
    encoding: .commit.encoding, repaired: .commit.repaired}' out
exit $status
