# -o FILE is written only at a clean exit; --fail-on still exits 1
dp-score --fail-on low --findings-only -o "$T/out.ndjson" commits.in
echo "status $?"
cat "$T/out.ndjson"
