# The trailers of each commit are the ones git interpret-trailers --parse
# finds in its message: prints "same" or the difference, per commit.
. ./repo.inc
cd "$T" || exit 99
n=0
m() {
	n=$((n + 1))
	printf '%b' "$1" >msg$n && d=$(printf '2026-03-01T09:00:%02dZ' $n) &&
	GIT_AUTHOR_DATE=$d GIT_COMMITTER_DATE=$d \
	    git -C r commit -q --allow-empty --cleanup=verbatim -F ../msg$n
}
{
	git init -q -b main r &&
	m 'Subject\n\nSigned-off-by: A <a@x>\n' &&
	m 'Subject only: not a trailer\n' &&
	m 'Subject\n\nBody\n\nKey: v\nOther: w\n' &&
	m 'Subject\n\nBody line\nKey: v\n' &&
	m 'Subject\n\nl1\nl2\nl3\nSigned-off-by: A <a@x>\n' &&
	m 'Subject\n\nKey: v\n  continued\n\tmore\nK2: x\n' &&
	m 'Subject\n\nKey: v\n---\nOther: patch\n' &&
	m 'Subject\n\nKey: v\n# comment\nK2: w\n' &&
	m 'Subject\n\nl1\nl2\nl3\nl4\nSigned-off-by: A <a@x>\n' &&
	m 'Subject\n\nKey: v\nConflicts:\n\tfile.c\n' &&
	m 'Subject\n\nKey: v\n# ------------------------ >8 ---------------------'\
'---\nX: y\n' &&
	m 'Subject\n\n(cherry picked from commit 1234)\nsome text\nmore\n' &&
	m 'Subject\n\nhttp://x.example/y\nKey: v\nCo-authored-by: C <c@x>\r\n' &&
	m 'Subject\n\nSigned-off-by: a\n  cont\nfoo\nKey : spaced\n'
} >/dev/null 2>&1 || exit 99
# one line a commit: no posture, no reflog
dp-collect git --no-refs r >all || exit 1
grep -v '"kind":"scm.posture"' all >out
i=$n
while [ $i -gt 0 ]; do
	git interpret-trailers --parse <msg$i >want
	jq -r "select(.commit.subject != null) |
	    .commit.trailers[] | \"\(.key): \(.value)\"" \
	    <<EOF2 >got
$(sed -n "$((n - i + 1))p" out)
EOF2
	if cmp -s want got; then
		echo "$i: same ($(wc -l <got) trailers)"
	else
		echo "$i: differs"
		diff want got
	fi
	i=$((i - 1))
done
