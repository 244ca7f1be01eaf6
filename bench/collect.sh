#!/bin/sh
# collect.sh [REPO]: times dp-collect git against git on the same
# history, each the median of 3 runs with output to /dev/null, and
# prints the ratios (dp over git) and dp's peak resident memory:
#
#	git log --numstat	dp-collect git			(target <= 1.5)
#	git log --raw		dp-collect git --no-lines	(target <= 1.5)
#	git log --format=...	dp-collect git --no-files	(target <= 1.0)
#
# Without REPO, a synthetic repository of 20000 commits is generated
# once with genrepo.sh and kept in $TMPDIR (or /tmp).  dp-collect is
# taken from $DP_COLLECT, else from the build folder in $PWD, else from
# PATH; DP_RULES_DIR defaults to the rules folder next to this script.
set -e
here=$(cd "$(dirname "$0")" && pwd)
: "${DP_RULES_DIR:=$here/../rules}"
export DP_RULES_DIR
if [ -z "$DP_COLLECT" ]; then
	DP_COLLECT=dp-collect
	[ -x ./dp-collect ] && DP_COLLECT=$(pwd)/dp-collect
fi
repo=$1
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
[ -x /usr/bin/time ] || { echo "collect.sh: needs /usr/bin/time" >&2; exit 69; }
all=
if "$DP_COLLECT" git --help | grep -q -- '--all'; then
	all=--all
fi
format='%H,%P%n%an%n%ae%n%ad%n%cn%n%ce%n%cd%n%s%n%B'
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# run CMD...: prints "WALL USER RSS" of the median (by wall time) of 3.
run() {
	for i in 1 2 3; do
		/usr/bin/time -o "$tmp" -f '%e %U %M' "$@" >/dev/null 2>&1
		cat "$tmp"
	done | sort -n | sed -n 2p
}

peak=0
# compare NAME TARGET GIT-ARGS -- DP-ARGS
compare() {
	name=$1 target=$2
	shift 2
	g=
	while [ "$1" != -- ]; do g="$g $1"; shift; done
	shift
	set -- $(run git -C "$repo" $g $all) $(run "$DP_COLLECT" git "$@" $all "$repo")
	awk -v n="$name" -v t="$target" -v gw="$1" -v gu="$2" -v dw="$4" \
	    -v du="$5" -v rss="$6" 'BEGIN {
		f = "%-9s git %6.2f s  dp %6.2f s  ratio %5.2f (target %s)"
		f = f "  cpu: git %6.2f s  dp %6.2f s  dp peak rss %d MiB\n"
		printf f, n, gw, dw, (gw > 0 ? dw / gw : 0), t, gu, du, rss / 1024
	}'
}

echo "repository: $repo ($(git -C "$repo" rev-list --count HEAD $all) commits)"
compare numstat 1.5 log --numstat --
compare raw 1.5 log --raw -- --no-lines
compare no-files 1.0 log "--format=$format" -- --no-files
