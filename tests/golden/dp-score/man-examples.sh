# The examples of dp-score(1) that need no other tool.
cp commits.in "$T/events.ndjson"
mkdir "$T/rules"
cp rules-high/high.yml "$T/rules/"
cd "$T" || exit 1
dp-score --findings-only events.ndjson | wc -l
dp-score --fail-on high -o scored.ndjson events.ndjson
echo "status $? lines $(wc -l < scored.ndjson)"
dp-score --check-rules ./rules
echo "status $?"
