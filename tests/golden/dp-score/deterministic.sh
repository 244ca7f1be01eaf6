# The same input gives the same bytes: run twice, and with the input cut
# in two files, with a policy, suppressions and dev.risk records.
set -e
run() {
	dp-score --rules rules-policy --policy policy.yml \
	    --suppress suppress.yml --as-of 2026-03-01 "$@"
}
cat policy.in dev-risk.in >"$T/all.ndjson"
head -5 "$T/all.ndjson" >"$T/a.ndjson"
tail -n +6 "$T/all.ndjson" >"$T/b.ndjson"
run "$T/all.ndjson" >"$T/1"
run "$T/all.ndjson" >"$T/2"
run "$T/a.ndjson" "$T/b.ndjson" >"$T/3"
run - <"$T/all.ndjson" >"$T/4"
cmp "$T/1" "$T/2"
cmp "$T/1" "$T/3"
cmp "$T/1" "$T/4"
grep -c '"kind":"dev.risk"' "$T/1"
