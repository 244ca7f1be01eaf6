# Bad lines and records that fail validation are kept verbatim.
dp-report -f json --bad-lines "$T/bad.ndjson" bad-json.in bad-envelope.in \
    bad-utf8.in
echo "exit $?"
cat "$T/bad.ndjson"
