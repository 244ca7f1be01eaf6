#!/bin/sh
# The examples users copy must run: every command in the EXAMPLES section
# of each man page, every command of the README, and examples/*.sh, over
# repositories built here.

. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

T=$(mktemp -d) || exit 99
trap 'rm -rf "$T"' EXIT
HOME=$T/home
export HOME
app=$HOME/src/app

# commit REPO "Name <email>" DATE MESSAGE [FILE]
commit() {
	name=${2% <*}
	email=${2##*<}
	email=${email%>}
	echo "$4" >>"$1/${5:-file.txt}"
	git -C "$1" add "${5:-file.txt}"
	GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$email \
	GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$email \
	GIT_AUTHOR_DATE=$3 GIT_COMMITTER_DATE=$3 \
	    git -C "$1" commit -q -m "$4"
}

mkdir -p "$HOME/src"
git init -q -b main "$app"
commit "$app" "Ann Lee <ann@example.com>" 2026-03-01T09:00:00+01:00 "Initial import"
commit "$app" "ann <ann@laptop.local>" 2026-03-02T03:10:00+01:00 \
    "Remove leaked AWS secret key" config.ini
commit "$app" "Bob Roy <bob@corp.test>" 2026-03-03T10:00:00-05:00 \
    "Bump version [skip ci]"
git clone -q --bare "$app" "$HOME/src/lib.git"

# The files the examples name, in the folder they run in.
(
	cd "$app" || exit 1
	printf 'Ann Lee <ann@example.com> <ann@laptop.local>\n' >people.mailmap
	dp-collect git . -o app.ndjson
	dp-collect git ../lib.git -o lib.ndjson
	dp-normalize app.ndjson -o events.ndjson
	dp-score --findings-only events.ndjson -o findings.ndjson
	cp -R "$top_srcdir/rules/score" rules
	cp -R "$top_srcdir/rules/secrets" secrets
	cp -R "$top_srcdir/rules/sensitive" sensitive
	mkdir -p config
	printf 'db:\n  host: db.internal\n  password: "Zq8#mLp2vR7!kW4aa"\n' \
	    >config/db.yml
	printf 'DEBUG=1\n' >.env
	cp "$top_srcdir/examples/policy.yml" "$top_srcdir/examples/suppress.yml" .
) || { echo "cannot build the fixtures"; exit 99; }
mkdir -p "$HOME/.ssh" &&
    ssh-keygen -q -t ed25519 -N '' -C '' -f "$HOME/.ssh/id_ed25519" &&
    printf 'https://ann:pw@git.example.com\n' >"$HOME/.git-credentials" ||
    { echo "cannot build the fixtures"; exit 99; }

# commands FILE: prints each example command of FILE, one a line with
# continuation lines joined: a man page's EXAMPLES section, or the README's
# indented "$ " lines.
commands() {
	case $1 in
	*.md)
		awk '/^    \$ / { if (c != "") print c; c = substr($0, 7); next }
		    /^        / && c != "" { c = c " " $0; next }
		    { if (c != "") print c; c = "" }
		    END { if (c != "") print c }' "$1" ;;
	*)
		sed 's/\\e/\\/g' "$1" |
		awk '/^\.Sh EXAMPLES/ { p = 1; next } /^\.Sh / { p = 0 }
		    !p { next }
		    /^\.Dl \$ / { print substr($0, 7); next }
		    /^\$ / { if (c != "") print c; c = substr($0, 3); next }
		    /^[ \t]/ && c != "" { sub(/\\$/, "", c); c = c " " $0; next }
		    { if (c != "") print c; c = "" }
		    END { if (c != "") print c }' ;;
	esac
}

# A command runs quietly and exits 0, or 1 when it asks to fail on
# findings.  The commands of a page run in order in a fresh copy, so that
# one may read what an earlier one wrote.
n=0
for f in "$top_srcdir"/man/*.[1-9] "$top_srcdir/README.md"; do
	commands "$f" >"$T/commands"
	rm -rf "$T/run" && cp -R "$app" "$T/run"
	while IFS= read -r cmd; do
		n=$((n + 1))
		(cd "$T/run" && sh -c "$cmd") >"$T/out" 2>"$T/err" </dev/null
		status=$?
		case $cmd in *--fail-on*) want="0 1" ;; *) want=0 ;; esac
		case " $want " in
		*" $status "*) ok ;;
		*) not_ok "${f##*/}: '$cmd' exits $status"; cat "$T/err" ;;
		esac
		check "${f##*/}: '$cmd' is quiet" test ! -s "$T/err"
	done <"$T/commands"
done
check "the man pages and README hold examples ($n)" test "$n" -ge 20

# examples/laptop.sh: a report naming both developers.
"$top_srcdir/examples/laptop.sh" "$app" >"$T/out" 2>"$T/err"
check "laptop.sh exits 0" test $? -eq 0
check "laptop.sh reports Bob" grep -q bob@corp.test "$T/out"
check "laptop.sh is quiet" test ! -s "$T/err"

# examples/ci-gate.sh: fails at a level the findings reach, not above.
"$top_srcdir/examples/ci-gate.sh" "$app" low >"$T/out" 2>"$T/err"
check "ci-gate.sh low exits 1" test $? -eq 1
check "ci-gate.sh lists the skip-ci finding" grep -q dp-scm-skip-ci "$T/out"
"$top_srcdir/examples/ci-gate.sh" "$app" critical >"$T/out" 2>"$T/err"
check "ci-gate.sh critical exits 0" test $? -eq 0
check "ci-gate.sh critical still lists findings" test -s "$T/out"

# examples/risk-ranking.sh: every developer ranked, under the example
# policy and suppressions; the suppression of the skip-ci finding holds
# on a day before it expires.
"$top_srcdir/examples/risk-ranking.sh" "$app" >"$T/out" 2>"$T/err"
check "risk-ranking.sh exits 0" test $? -eq 0
check "risk-ranking.sh is quiet" test ! -s "$T/err"
check "risk-ranking.sh ranks Bob" grep -q "	bob@corp.test	" "$T/out"
check "risk-ranking.sh ranks 3 developers" test "$(cut -f1 "$T/out" |
    tr '\n' ' ')" = "rank 1 2 3 "
got=$(dp-score --suppress "$top_srcdir/examples/suppress.yml" \
    --as-of 2027-06-30 "$app/events.ndjson" |
    jq -r 'select(.actor.id == "bob@corp.test" and .kind == "dev.risk") |
    "\(.dev.suppressed) \(.dev.findings)"')
check "examples/suppress.yml holds Bob's skip-ci finding ($got)" \
    test "$got" = "1 1"
got=$(dp-score --suppress "$top_srcdir/examples/suppress.yml" \
    --as-of 2027-07-01 --findings-only "$app/events.ndjson" |
    jq -r 'select(.rule.id == "dp-scm-skip-ci") |
    .finding.suppression.status')
check "then lets it through, expired ($got)" test "$got" = expired

# examples/org-scan.sh: both repositories under the folder, summarised.
git clone -q "$app" "$HOME/src/team/other"
"$top_srcdir/examples/org-scan.sh" "$HOME/src" "$T/summary.json" 2>"$T/err"
check "org-scan.sh exits 0" test $? -eq 0
want=$(($(git -C "$app" rev-list --count HEAD) * 2))
got=$(jq '.kinds[] | select(.kind == "scm.commit") | .count' "$T/summary.json")
check "org-scan.sh counts both clones ($got = $want)" test "$got" = "$want"

finish examples
