#!/bin/sh
# history.sh [REPO [PATTERN]]: times, over the same history in one run,
#
#	dp-collect git --no-lines		every detector of the pack
#	git log -p --all | grep -cE PATTERN	one pattern
#
# and prints the ratio of their wall times (dp over git; the target is
# at most 1.0), their CPU times, what each found and dp's peak resident
# memory.  The two run by turns, 5 times each, and the median of each
# counts, so that a busy machine slows both alike.  PATTERN defaults to
# GitHub's classic tokens.  (grep counts, so that it reads all of git's
# output: GNU grep stops at the first match when it writes to
# /dev/null.)
#
# Without REPO, the synthetic repository of bench/collect.sh (20000
# commits, generated once with genrepo.sh in $TMPDIR or /tmp) is used.
# dp-collect is taken from $DP_COLLECT, else from the build folder in
# $PWD, else from PATH; DP_RULES_DIR defaults to the rules folder next
# to this script.
set -e
here=$(cd "$(dirname "$0")" && pwd)
: "${DP_RULES_DIR:=$here/../rules}"
export DP_RULES_DIR
if [ -z "$DP_COLLECT" ]; then
	DP_COLLECT=dp-collect
	[ -x ./dp-collect ] && DP_COLLECT=$(pwd)/dp-collect
fi
repo=$1
pattern=${2:-'ghp_[A-Za-z0-9]{36}'}
if [ -z "$repo" ]; then
	repo=${TMPDIR:-/tmp}/dp-bench-20000
	if [ ! -d "$repo" ]; then
		echo "generating $repo (20000 commits, a few minutes)" >&2
		rm -rf "$repo.new"
		sh "$here/genrepo.sh" "$repo.new" 20000
		git -C "$repo.new" gc -q
		mv "$repo.new" "$repo"
	fi
fi
[ -x /usr/bin/time ] || { echo "history.sh: needs /usr/bin/time" >&2; exit 69; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# once NAME CMD...: runs CMD, appending "WALL CPU RSS" to $tmp/NAME
once() {
	name=$1
	shift
	/usr/bin/time -o "$tmp/t" -f '%e %U %S %M' "$@" >"$tmp/out.$name" \
	    2>/dev/null || true
	# the last line: time writes one more when the status is not 0
	tail -n 1 "$tmp/t" |
	    awk '{ printf "%s %.2f %d\n", $1, $2 + $3, $4 }' >>"$tmp/$name"
}

for i in 1 2 3 4 5; do
	once git sh -c 'git -C "$1" log -p --all | grep -cE "$2"' - \
	    "$repo" "$pattern"
	once dp "$DP_COLLECT" git --no-lines "$repo"
done
g=$(sort -n "$tmp/git" | sed -n 3p)
d=$(sort -n "$tmp/dp" | sed -n 3p)
lines=$(cat "$tmp/out.git")
found=$(grep -c '"kind":"secret.detected"' "$tmp/out.dp" || true)
echo "repository: $repo ($(git -C "$repo" rev-list --all --count) commits)"
echo "git log -p --all | grep -cE '$pattern': $lines lines"
echo "dp-collect git --no-lines, $(cat "$DP_RULES_DIR"/secrets/*.yml |
    grep -c '^  - id:') detectors: $found secret.detected records"
set -- $g $d
awk -v gw="$1" -v gc="$2" -v dw="$4" -v dc="$5" -v rss="$6" 'BEGIN {
	printf "wall: git %.2f s  dp %.2f s  ratio %.2f (target 1.0)\n", gw, dw,
	    (gw > 0 ? dw / gw : 0)
	printf "cpu:  git %.2f s  dp %.2f s  dp peak rss %d MiB\n", gc, dc,
	    rss / 1024
}'
