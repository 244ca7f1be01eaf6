# -o FILE writes the same records as standard output, and nothing else.
. ./repo.inc
cd "$T" || exit 99
many r 3 >/dev/null 2>&1 || exit 99
dp-collect git -o records.ndjson r || exit
dp-collect git r | cmp - records.ndjson && wc -l <records.ndjson
