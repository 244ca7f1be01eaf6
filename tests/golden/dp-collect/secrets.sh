# secret.detected records of a history: a token added on a branch,
# merged, then removed, and the branch deleted: in the history, at no
# tip; a key at main's tip; a token on a branch never merged.
. ./repo.inc
cd "$T" || exit 99
at() {
	GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1 git -C r commit -q -m "$2"
}
{
	git init -q -b main r && echo app >r/README && git -C r add . &&
	at 2026-03-01T09:00:00Z Start && git -C r checkout -q -b topic &&
	echo 'GITHUB_TOKEN=ghp_Q7vLm2Rx9TfKw4BzN8cYp3HsJd6UgE1aVo5i' >r/.env &&
	git -C r add . && at 2026-03-02T09:00:00Z Env &&
	git -C r checkout -q main &&
	printf 'id = AKIAQ7XN2RTW5KLM3PZD\n' >r/aws.ini &&
	git -C r add . && at 2026-03-03T09:00:00Z Aws &&
	GIT_AUTHOR_DATE=2026-03-04T09:00:00Z \
	    GIT_COMMITTER_DATE=2026-03-04T09:00:00Z \
	    git -C r merge -q --no-ff --no-edit topic &&
	git -C r branch -q -d topic &&
	git -C r rm -q .env && at 2026-03-05T09:00:00Z 'No env' &&
	git -C r checkout -q -b wip &&
	echo 'slack: xoxb-2486301736-7195403816-Q7vLm2Rx9TfKw4BzN8cYp3Hs' \
	    >r/chat.yml && git -C r add . && at 2026-03-06T09:00:00Z Chat &&
	git -C r checkout -q main
} >/dev/null 2>&1 || exit 99
dp-collect git --no-refs --no-files r >out
status=$?
grep '"secret.detected"' out | sed "s|$(pwd -P)|/T|g"
exit $status
