# -o FILE writes the records to FILE, nothing to standard output.
dp-normalize --no-repo-mailmap -o "$T/out.ndjson" || exit 1
cat "$T/out.ndjson"
