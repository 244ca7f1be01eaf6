# Operands that are not repositories are reported, the others still
# collected, and the status is 66 at the end.
. ./repo.inc
cd "$T" || exit 99
{
	mkdir plain && git init -q -b main ok &&
	commit ok 2026-03-01T09:00:00Z only
} >/dev/null 2>&1 || exit 99
dp-collect git nowhere plain ok >out
status=$?
sed "s|$(pwd -P)|/T|g" out
exit $status
