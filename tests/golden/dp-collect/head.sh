# Output cut short by the reader ends dp-collect by SIGPIPE, quietly:
# nothing on standard error, status 128 + 13.
. ./repo.inc
cd "$T" || exit 99
many r 2000 >/dev/null 2>&1 || exit 99
{ dp-collect git r; echo $? >status; } | head -1 | wc -l
cat status
