# A failed write to standard output is an I/O error, 74.
. ./repo.inc
cd "$T" || exit 99
many r 3 >/dev/null 2>&1 || exit 99
dp-collect git r >/dev/full
