# --bad-lines FILE keeps every bad line verbatim (a malformed line,
# invalid UTF-8, an invalid envelope); the good lines around them are
# still written.  The blank line is skipped, not bad.
dp-normalize --no-repo-mailmap --bad-lines "$T/bad.ndjson"
status=$?
echo '--- bad lines:'
cat "$T/bad.ndjson"
exit $status
