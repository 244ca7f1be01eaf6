# A path that is not valid UTF-8 is repaired (U+FFFD) and the file
# object marked "repaired"; the id is still keyed on the path's bytes.
. ./repo.inc
cd "$T" || exit 99
{
	git init -q -b main r && printf 'x\n' >"r/$(printf 'caf\351.txt')" &&
	git -C r add -A && GIT_AUTHOR_DATE=2026-03-01T09:00:00Z \
	    GIT_COMMITTER_DATE=2026-03-01T09:00:00Z git -C r commit -q -m x
} >/dev/null 2>&1 || exit 99
dp-collect git r | jq -c 'select(.kind == "file.change") | [.id, .file]'
