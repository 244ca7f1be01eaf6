#!/bin/sh
# Precision and recall of the secret detectors on a labelled corpus:
# tests/corpus/ holds realistic files (dotfiles, configs, source code,
# lock files, documentation), and tests/corpus/labels.tsv the secrets
# planted in them.  dp-collect scan runs over every file; each finding
# is matched to a label, and the test fails when precision or recall is
# below 0.9.  Then the findings go through dp-normalize, dp-score and
# dp-report, and no secret may appear in what they write.
#
# The matching rule.  A finding matches a label when
#   - both name the same file and the same line (where the secret
#     starts);
#   - the finding's detector is one the label names, by id or by family
#     (the label may name several, separated by "|");
#   - the bytes the finding points at (its line, column and length in
#     the file) are the label's secret: their SHA-256 is the label's,
#     or their length and first 4 bytes are.
# A label matches one finding at most.  A finding that matches no label
# is a false positive; a label that no finding matches is a miss.
#   precision = matched findings / findings
#   recall    = matched labels / labels
#
# With --labels, prints each finding as a line of labels.tsv instead, to
# review when files are added to the corpus.

. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

C=$top_srcdir/tests/corpus
FLOOR=0.9
T=$(mktemp -d) || exit 99
trap 'rm -rf "$T"' EXIT
tab=$(printf '\t')

cd "$C" || exit 99
find . -type f ! -path ./labels.tsv | sed 's|^\./||' | sort >"$T/files"
if grep -q '[[:space:]]' "$T/files"; then
	echo "corpus: file names must not hold white space" >&2
	exit 99
fi

# shellcheck disable=SC2046 # the names hold no white space
dp-collect scan $(cat "$T/files") >"$T/records" 2>"$T/err"
st=$?
check "dp-collect scan exits 0 (status $st)" test "$st" -eq 0
check "dp-collect scan is quiet" test ! -s "$T/err"
cat "$T/err"

# Each finding: path, line, detector, family, then the SHA-256, length
# and first 4 bytes of what it points at in the file.
jq -r 'select(.kind == "secret.detected") | .secret |
    [.path, .line, .column, .length, .detector, .family] |
    @tsv' "$T/records" >"$T/found"
: >"$T/secrets"
while IFS=$tab read -r path line col len det fam; do
	off=$(head -n "$((line - 1))" "$path" | wc -c)
	tail -c +"$((off + col))" "$path" | head -c "$len" >"$T/one"
	sum=$(sha256sum <"$T/one" | cut -d' ' -f1)
	pre=$(head -c 4 "$T/one" | tr '\t\n' '  ')
	cat "$T/one" >>"$T/secrets"
	echo >>"$T/secrets"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$path" "$line" "$det" "$fam" \
	    "$sum" "$len" "$pre"
done <"$T/found" >"$T/seen"

if [ "${1-}" = --labels ]; then
	awk -F'\t' -v OFS='\t' '{ print $1, $2, $3, "sha256:" $5 }' "$T/seen"
	exit 0
fi

grep -v '^#' labels.tsv | grep -v '^$' >"$T/labels"
awk -F'\t' -v floor="$FLOOR" '
function ok_det(want, det, fam,    n, i, a) {
	n = split(want, a, "|")
	for (i = 1; i <= n; i++)
		if (a[i] == det || a[i] == fam)
			return 1
	return 0
}
function ok_secret(want, sum, len, pre,    a) {
	if (want ~ /^sha256:/)
		return substr(want, 8) == sum
	split(want, a, ":")
	return a[1] == "len" && a[2] == len && a[3] == pre
}
NR == FNR {
	nl++
	lpath[nl] = $1; lline[nl] = $2; ldet[nl] = $3; lwant[nl] = $4
	at[$1 SUBSEP $2] = at[$1 SUBSEP $2] " " nl
	next
}
{
	nf++
	hit = 0
	n = split(at[$1 SUBSEP $2], c, " ")
	for (i = 1; i <= n && !hit; i++) {
		k = c[i]
		if (!used[k] && ok_det(ldet[k], $3, $4) &&
		    ok_secret(lwant[k], $5, $6, $7)) {
			used[k] = 1
			hit = 1
		}
	}
	if (hit)
		tp++
	else
		fp[++nfp] = $1 ":" $2 ": " $3 " (" $6 " bytes)"
}
END {
	for (k = 1; k <= nl; k++)
		if (!used[k])
			fn[++nfn] = lpath[k] ":" lline[k] ": " ldet[k]
	p = nf ? tp / nf : 0
	r = nl ? tp / nl : 0
	printf "corpus: %d labelled secrets, %d findings, %d matched\n", nl, nf, tp
	printf "corpus: precision %.3f, recall %.3f\n", p, r
	printf "corpus: %d false positives\n", nfp
	for (i = 1; i <= nfp; i++)
		printf "  false positive: %s\n", fp[i]
	printf "corpus: %d misses\n", nfn
	for (i = 1; i <= nfn; i++)
		printf "  missed: %s\n", fn[i]
	exit !(p >= floor && r >= floor)
}' "$T/labels" "$T/seen"
check "precision and recall of at least $FLOOR" test $? -eq 0

# No secret of 8 bytes or more may reach a record, a report or a
# diagnostic: each line of each secret found is a pattern.
awk 'length >= 8' "$T/secrets" | sort -u >"$T/patterns"
check "secrets to look for" test -s "$T/patterns"
leak() {
	! grep -F -q -f "$T/patterns" "$@"
}
check "no secret in the records" leak "$T/records"
dp-normalize --bad-lines "$T/bad" "$T/records" >"$T/norm" 2>"$T/err"
check "dp-normalize exits 0" test $? -eq 0
dp-score --bad-lines "$T/bad" "$T/norm" >"$T/scored" 2>>"$T/err"
check "dp-score exits 0" test $? -eq 0
dp-report "$T/scored" >"$T/report.txt" 2>>"$T/err"
check "dp-report exits 0" test $? -eq 0
dp-report -f json "$T/scored" >"$T/report.json" 2>>"$T/err"
check "dp-report -f json exits 0" test $? -eq 0
for f in norm scored report.txt report.json err; do
	check "no secret in $f" leak "$T/$f"
done
n=$(jq -s 'map(select(.kind == "secret.detected")) | length' "$T/scored")
check "every finding reaches dp-score" test "$n" -eq \
    "$(grep -c '"kind":"secret.detected"' "$T/records")"

# Broken records go to --bad-lines verbatim, and still hold no secret.
cut -c 1-40 "$T/records" | dp-normalize --bad-lines "$T/bad" \
    >/dev/null 2>"$T/err"
check "dp-normalize rejects cut records (status 65)" test $? -eq 65
check "bad lines kept" test -s "$T/bad"
check "no secret in the bad lines" leak "$T/bad"
check "no secret in the diagnostics" leak "$T/err"

finish corpus
