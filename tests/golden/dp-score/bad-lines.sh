# --bad-lines keeps every bad line verbatim, the invalid records included
dp-score --bad-lines "$T/bad.ndjson" bad-input.in
status=$?
echo '--- bad lines:'
cat "$T/bad.ndjson"
exit $status
