# file.change records against the first parent (merges too), sorted by
# path, each commit's ai.config records after them.
. ./files.inc
dp-collect git --no-refs app >out
status=$?
sed "s|$(pwd -P)|/T|g" out
exit $status
