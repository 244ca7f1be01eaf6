#!/bin/sh
# End to end: a repository built here with git goes through the whole
# pipeline; git and jq are the oracles.

. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

T=$(mktemp -d) || exit 99
trap 'rm -rf "$T"' EXIT
R=$T/repo

commit() {
	# commit "Name <email>" DATE MESSAGE [FILE]
	name=${1% <*}
	email=${1##*<}
	email=${email%>}
	file=${4:-file.txt}
	echo "$3" >>"$R/$file"
	git -C "$R" add "$file"
	GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$email \
	GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$email \
	GIT_AUTHOR_DATE=$2 GIT_COMMITTER_DATE=$2 \
	    git -C "$R" commit -q -m "$3"
}

git init -q -b main "$R"
commit "Ann Lee <ann@example.com>" "2026-03-01T09:00:00+01:00" "Initial import"
commit "Bob Roy <bob@corp.test>" "2026-03-02T10:30:00-05:00" "Add parser" parser.c
commit "ann <Ann@Laptop.local>" "2026-03-02T23:10:00+01:00" "Remove leaked AWS secret key from config" config.ini
git -C "$R" checkout -q -b topic
commit "Bob Roy <bob@corp.test>" "2026-03-03T08:00:00-05:00" "Topic work [skip ci]" topic.c
git -C "$R" checkout -q main
commit "Ann Lee <ann@example.com>" "2026-03-03T09:00:00+01:00" "Main work"
GIT_AUTHOR_NAME="Ann Lee" GIT_AUTHOR_EMAIL=ann@example.com \
GIT_COMMITTER_NAME="Ann Lee" GIT_COMMITTER_EMAIL=ann@example.com \
GIT_AUTHOR_DATE=2026-03-04T09:00:00+01:00 GIT_COMMITTER_DATE=2026-03-04T09:00:00+01:00 \
    git -C "$R" merge -q --no-ff -m "Merge topic" topic
printf 'Ann Lee <ann@example.com> <Ann@Laptop.local>\n' >"$R/.mailmap"
commit "Ann Lee <ann@example.com>" "2026-03-05T09:00:00+01:00" "Add mailmap" .mailmap

# Collect: one scm.commit per commit reachable from HEAD, each followed
# by its file.change records.
dp-collect git "$R" >"$T/events" 2>"$T/err"
check "dp-collect exits 0" test $? -eq 0
check "dp-collect is quiet" test ! -s "$T/err"
want=$(git -C "$R" rev-list --count HEAD)
got=$(jq -r 'select(.kind == "scm.commit") | .commit.sha' "$T/events" | sort -u | wc -l)
check "commit count $got = git rev-list --count HEAD $want" test "$got" -eq "$want"
git -C "$R" rev-list --all | sort >"$T/git-shas"
jq -r 'select(.kind == "scm.commit") | .commit.sha' "$T/events" | sort >"$T/dp-shas"
check "the same commits as git" cmp -s "$T/git-shas" "$T/dp-shas"
git -C "$R" log --format='%ae' | sort -u >"$T/git-emails"
jq -r 'select(.kind == "scm.commit") | .actor.email' "$T/events" |
    sort -u >"$T/dp-emails"
check "the same author emails as git" cmp -s "$T/git-emails" "$T/dp-emails"
merges=$(jq -r 'select(.commit.merge) | .commit.sha' "$T/events" | wc -l)
check "one merge" test "$merges" -eq 1

# Normalize: the mailmap joins Ann's two identities.
dp-normalize "$T/events" >"$T/norm"
check "dp-normalize exits 0" test $? -eq 0
ids=$(jq -r 'select(.kind == "scm.commit") | .actor.id' "$T/norm" |
    sort -u | tr '\n' ' ')
check "two developers after .mailmap: $ids" test "$ids" = "ann@example.com bob@corp.test "

# An unknown kind passes dp-normalize and dp-score byte-identical.
unknown='{"v":1, "kind":"x.future","id":"u1","time":"2026-03-06T00:00:00.000Z","extra":{"b":1,  "a":[2,1]}}'
printf '%s\n' "$unknown" >"$T/unknown"
out=$(cat "$T/norm" "$T/unknown" | dp-normalize | dp-score | grep x.future)
check "unknown kind passes byte-identical" test "$out" = "$unknown"

# Score: the default rules fire on the secret-removal commit.
dp-score "$T/norm" >"$T/scored"
check "dp-score exits 0" test $? -eq 0
n=$(jq -r 'select(.kind == "finding") | .rule.id' "$T/scored" | wc -l)
check "dp-score found something ($n findings)" test "$n" -ge 1
ev=$(jq -r 'select(.kind == "finding") | .evidence[]' "$T/scored" | sort -u)
jq -r 'select(.kind != "finding") | .id' "$T/scored" >"$T/event-ids"
for id in $ev; do
	check "finding evidence $id is in the stream" grep -qx "$id" "$T/event-ids"
done
events=$(jq -r 'select(.kind != "finding" and .kind != "dev.risk") | .id' \
    "$T/scored" | wc -l)
norm=$(wc -l <"$T/norm")
check "every event passes dp-score" test "$events" -eq "$norm"

# Then one dev.risk record per developer, ranked, that add up the findings.
ranks=$(jq -r 'select(.kind == "dev.risk") | "\(.dev.rank) \(.actor.id)"' \
    "$T/scored" | tr '\n' ' ')
check "dev.risk ranks both developers: $ranks" \
    test "$(echo "$ranks" | wc -w)" -eq 4
check "the dev.risk records come last" test "$(tail -2 "$T/scored" |
    jq -r .kind | sort -u)" = dev.risk
n=$(jq -s '[.[] | select(.kind == "finding")] | length' "$T/scored")
sum=$(jq -s '[.[] | select(.kind == "dev.risk") | .dev.findings] | add' \
    "$T/scored")
check "dev.risk counts every finding ($sum of $n)" test "$sum" -eq "$n"

# Report: the summary names both developers and the findings.
dp-collect git "$R" | dp-normalize | dp-score | dp-report >"$T/report"
check "pipeline exits 0" test $? -eq 0
check "report names Ann" grep -q "ann@example.com" "$T/report"
check "report names Bob" grep -q "bob@corp.test" "$T/report"
check "report counts the commits" grep -q "scm.commit *$want" "$T/report"

# Re-running gives byte-identical output.
dp-collect git "$R" | dp-normalize | dp-score >"$T/again"
check "deterministic output" cmp -s "$T/scored" "$T/again"

# A reader that stops early ends the writer quietly.
dp-collect git "$R" 2>"$T/err" | head -1 >/dev/null
check "dp-collect | head -1 is quiet" test ! -s "$T/err"

# dp's own history, when the tests run in a git checkout.
if git -C "$top_srcdir" rev-parse --git-dir >/dev/null 2>&1 &&
    [ "$(git -C "$top_srcdir" rev-parse --show-toplevel)" = "$(cd "$top_srcdir" && pwd -P)" ]; then
	want=$(git -C "$top_srcdir" rev-list --all --count)
	got=$(dp-collect git --no-files "$top_srcdir" |
	    jq -r 'select(.kind == "scm.commit") | .id' | wc -l)
	check "dp's own history: $got = $want" test "$got" -eq "$want"
fi

finish e2e
