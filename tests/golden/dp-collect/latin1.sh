# A commit made with i18n.commitEncoding=ISO-8859-1, its author name and
# message in Latin-1: the text is converted to UTF-8, "encoding" names
# the header's charset, and nothing is marked repaired.
. ./repo.inc
cd "$T" || exit 99
{
	git init -q -b main r && printf 'Caf\351 cr\350me\n' >msg &&
	GIT_AUTHOR_NAME=$(printf 'Ren\351 Fran\347ois') \
	    GIT_AUTHOR_DATE=2026-03-01T09:00:00Z \
	    GIT_COMMITTER_DATE=2026-03-01T09:00:00Z \
	    git -C r -c i18n.commitEncoding=ISO-8859-1 commit -q \
	    --allow-empty -F ../msg
} >/dev/null 2>&1 || exit 99
dp-collect git r >out
status=$?
jq -c 'select(.kind == "scm.commit") |
    {actor, author: .commit.author.name, subject: .commit.subject,
    message: .commit.message, encoding: .commit.encoding,
    repaired: .commit.repaired}' out
exit $status
