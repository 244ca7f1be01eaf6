#!/bin/sh
# genrepo.sh DIR COMMITS [SEED]: writes a synthetic git repository with
# COMMITS commits on main into DIR (which must not exist), through git
# fast-import: text files in nested folders with realistic line edits,
# additions, deletions, renames (exact and with edits), executable bits,
# binary files, and a side branch merged every 100 commits.  Used by
# bench/collect.sh and by tests/git-numstat.sh.
set -e
dir=$1
n=$2
seed=${3:-1}
[ -n "$dir" ] && [ -n "$n" ] || {
	echo "usage: genrepo.sh DIR COMMITS [SEED]" >&2
	exit 64
}
git init -q -b main "$dir"
{
	# binary blobs, marks 1 to 8: NUL bytes early, as git looks for
	i=1
	while [ $i -le 8 ]; do
		printf 'blob\nmark :%d\n' $i
		printf 'GIF89a\000\001\002%08d' $i >"$dir/.git/bin.$$"
		head -c $((i * 300)) /dev/zero | tr '\000' 'x' >>"$dir/.git/bin.$$"
		printf 'data %d\n' "$(wc -c <"$dir/.git/bin.$$")"
		cat "$dir/.git/bin.$$"
		printf '\n'
		i=$((i + 1))
	done
	rm -f "$dir/.git/bin.$$"
	awk -v n="$n" -v seed="$seed" -f "$(dirname "$0")/genrepo.awk"
} | git -C "$dir" fast-import --quiet
git -C "$dir" reset -q --hard main
