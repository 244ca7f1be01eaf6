# The full records of a small repository: a local offset, a committer
# who is not the author, a message body, an author name in Latin-1 and an
# origin URL with a password that must not be printed.
. ./repo.inc
cd "$T" || exit 99
{
	git init -q -b main app &&
	commit app 2026-03-01T10:14:05+01:00 'Add the parser' &&
	echo fix >>app/file && git -C app add file &&
	GIT_AUTHOR_DATE=2026-03-02T08:00:00-05:30 \
	    GIT_COMMITTER_DATE=2026-03-03T09:00:00Z \
	    GIT_COMMITTER_NAME='Bob Build' GIT_COMMITTER_EMAIL=bob@example.org \
	    git -C app commit -q -m 'Fix the parser' \
	    -m 'It read one byte too many.' &&
	echo tune >>app/file && git -C app add file &&
	GIT_AUTHOR_NAME="$(printf 'Ren\351')" \
	    GIT_AUTHOR_DATE=2026-03-04T12:00:00+00:00 \
	    GIT_COMMITTER_DATE=2026-03-04T12:00:00+00:00 \
	    git -C app -c i18n.commitEncoding=ISO-8859-1 \
	    commit -q -m 'Tune the parser' &&
	git -C app remote add origin https://ada:s3cret@example.com/org/app.git
} >/dev/null 2>&1 || exit 99
dp-collect git app >out
status=$?
sed "s|$(pwd -P)|/T|g" out
exit $status
