#!/bin/sh
# Golden CLI cases: tests/golden/<tool>/<case>.args (or <case>.sh)
#
# A case runs "<tool> <args>" (the .args text, read by the shell) in its
# folder, or the script <case>.sh there, with <case>.in (if any) on
# standard input and $T naming an empty scratch folder.  Its standard
# output, standard error and exit status must equal <case>.out,
# <case>.err and <case>.status; a missing file means empty output, empty
# errors and status 0.  GOLDEN_UPDATE=1 writes what the tools printed
# as the expected files instead (review the diff before committing).

. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

scratch=$(mktemp -d) || exit 99
trap 'rm -rf "$scratch"' EXIT

compare() {
	# compare EXPECTED-FILE ACTUAL-FILE CASE WHAT
	if [ -n "$GOLDEN_UPDATE" ]; then
		if [ -s "$2" ] || [ -f "$1" ]; then cp "$2" "$1"; fi
		return 0
	fi
	if [ -f "$1" ]; then
		cmp -s "$1" "$2" && return 0
	else
		[ -s "$2" ] || return 0
	fi
	printf '%s: %s differs:\n' "$3" "$4"
	diff -u "$1" "$2" 2>/dev/null | head -40 || head -20 "$2"
	return 1
}

for spec in "$top_srcdir"/tests/golden/*/*.args "$top_srcdir"/tests/golden/*/*.sh; do
	[ -f "$spec" ] || continue
	dir=${spec%/*}
	tool=${dir##*/}
	name=${spec##*/}
	name=${name%.*}
	base=$dir/$name
	T=$scratch/$tool.$name
	mkdir -p "$T"
	export T
	input=$base.in
	[ -f "$input" ] || input=/dev/null
	case $spec in
	*.args)
		(cd "$dir" && eval "$tool $(cat "$spec")") <"$input" \
		    >"$scratch/out" 2>"$scratch/err"
		;;
	*.sh)
		(cd "$dir" && sh "$spec") <"$input" >"$scratch/out" \
		    2>"$scratch/err"
		;;
	esac
	echo $? >"$scratch/status"
	good=1
	compare "$base.out" "$scratch/out" "$tool/$name" stdout || good=0
	compare "$base.err" "$scratch/err" "$tool/$name" stderr || good=0
	if [ -n "$GOLDEN_UPDATE" ]; then
		if [ "$(cat "$scratch/status")" != 0 ] || [ -f "$base.status" ]; then
			cp "$scratch/status" "$base.status"
		fi
	else
		want=0
		[ -f "$base.status" ] && want=$(cat "$base.status")
		if [ "$(cat "$scratch/status")" != "$want" ]; then
			printf '%s: exit status %s, expected %s\n' "$tool/$name" \
			    "$(cat "$scratch/status")" "$want"
			good=0
		fi
	fi
	if [ $good = 1 ]; then ok; else not_ok "$tool/$name"; fi
done

finish golden
