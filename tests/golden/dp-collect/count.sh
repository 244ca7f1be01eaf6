# With --no-files, one record per commit reachable from HEAD, merges
# included: the count equals git rev-list --count, and two records are
# merges.
. ./repo.inc
cd "$T" || exit 99
{
	git init -q -b main r &&
	commit r 2026-03-01T09:00:00Z base &&
	git -C r checkout -q -b one && commit r 2026-03-02T09:00:00Z one &&
	git -C r checkout -q -b two main && commit r 2026-03-03T09:00:00Z two &&
	commit r 2026-03-04T09:00:00Z two-more &&
	git -C r checkout -q main && commit r 2026-03-05T09:00:00Z main &&
	GIT_AUTHOR_DATE=2026-03-06T09:00:00Z \
	    GIT_COMMITTER_DATE=2026-03-06T09:00:00Z \
	    git -C r merge -q --no-ff --no-edit -X ours one &&
	GIT_AUTHOR_DATE=2026-03-07T09:00:00Z \
	    GIT_COMMITTER_DATE=2026-03-07T09:00:00Z \
	    git -C r merge -q --no-ff --no-edit -X ours two
} >/dev/null 2>&1 || exit 99
dp-collect git --no-files r >out || exit
echo "records $(wc -l <out) commits $(git -C r rev-list --count HEAD)"
echo "merges $(grep -c '"merge":true' out)"
