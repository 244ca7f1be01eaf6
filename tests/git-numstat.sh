#!/bin/sh
# dp-collect git against git itself on a generated history of a few
# hundred commits (bench/genrepo.sh): per-commit line totals and
# per-file counts against "git log --numstat", changed paths, statuses
# and rename pairs against "git log --raw", merges compared with their
# first parent on both sides (--diff-merges=first-parent).  Also: the
# output is the same bytes with one thread or two.

. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

T=$(mktemp -d) || exit 99
trap 'rm -rf "$T"' EXIT
R=$T/repo
sh "$top_srcdir/bench/genrepo.sh" "$R" 400 7 >/dev/null 2>&1 || exit 99
log() {
	git -C "$R" log --diff-merges=first-parent --format='C %H' "$@"
}

dp-collect git --threads 2 "$R" >"$T/dp" 2>"$T/err"
check "dp-collect exits 0" test $? -eq 0
check "dp-collect is quiet" test ! -s "$T/err"
dp-collect git --threads 1 "$R" >"$T/dp1"
check "one thread and two give the same bytes" cmp -s "$T/dp" "$T/dp1"

# Per-commit totals of lines added and deleted (binary files count 0).
log --numstat | awk '
	/^C / { if (c != "") print c, a + 0, d + 0; c = $2; a = d = 0; next }
	NF >= 3 && $1 != "-" { a += $1; d += $2 }
	END { print c, a + 0, d + 0 }' | sort >"$T/git-totals"
jq -r 'select(.kind == "scm.commit") | "\(.commit.sha) 0 0"' "$T/dp" \
    >"$T/zero"
jq -r 'select(.kind == "file.change") |
    "\(.file.commit) \(.file.lines_added // 0) \(.file.lines_deleted // 0)"' \
    "$T/dp" | cat - "$T/zero" | awk '
	{ a[$1] += $2; d[$1] += $3 }
	END { for (c in a) print c, a[c], d[c] }' | sort >"$T/dp-totals"
check "per-commit line totals equal git log --numstat" \
    cmp -s "$T/git-totals" "$T/dp-totals"
n=$(wc -l <"$T/git-totals")
check "all $n commits compared" test "$n" -eq \
    "$(git -C "$R" rev-list --count HEAD)"

# Per-file counts of paths that were not renamed ("-" for binary files).
log --numstat | awk '
	/^C / { c = $2; next }
	NF == 3 && $3 !~ / => / { print c, $3, $1, $2 }' | sort >"$T/git-files"
jq -r 'select(.kind == "file.change" and .file.old_path == null) | .file |
    "\(.commit) \(.path) \(.lines_added // "-") \(.lines_deleted // "-")"' \
    "$T/dp" | sort >"$T/dp-files"
check "per-file line counts equal git log --numstat" \
    cmp -s "$T/git-files" "$T/dp-files"

# Changed paths, their status and rename pairs.
log --raw | awk -F '\t' '
	/^C / { split($0, w, " "); c = w[2]; next }
	/^:/ { split($1, f, " "); s = substr(f[5], 1, 1)
		if (s == "R") print c, "R", $2, $3; else print c, s, $2 }' |
    sort >"$T/git-raw"
jq -r 'select(.kind == "file.change") | .file |
    ({added: "A", deleted: "D", modified: "M", type_changed: "T",
      renamed: "R"}[.status]) as $s |
    if $s == "R" then "\(.commit) R \(.old_path) \(.path)"
    else "\(.commit) \($s) \(.path)" end' "$T/dp" | sort >"$T/dp-raw"
check "changed paths, statuses and renames equal git log --raw" \
    cmp -s "$T/git-raw" "$T/dp-raw"
renames=$(grep -c ' R ' "$T/dp-raw")
check "the history has renames ($renames)" test "$renames" -ge 10
binary=$(jq -r 'select(.file.binary) | .file.path' "$T/dp" | wc -l)
check "the history has binary files ($binary)" test "$binary" -ge 5

if [ "$failed" -gt 0 ]; then
	for f in totals files raw; do
		diff "$T/git-$f" "$T/dp-$f" | head -10
	done
fi
finish git-numstat
