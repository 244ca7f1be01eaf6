#!/bin/sh
# dp-collect git and the secrets of a history built here with git, git
# the oracle: each (secret, path) told once, by the oldest commit that
# added it there (git log -S), present at the tips of the refs whose
# tree still holds it there (git grep), and no secret in any output.

. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

T=$(mktemp -d) || exit 99
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99
GIT_AUTHOR_NAME='Ann Lee' GIT_AUTHOR_EMAIL=ann@example.com
GIT_COMMITTER_NAME='Ann Lee' GIT_COMMITTER_EMAIL=ann@example.com
export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL

# Made up for this test, in the shapes the default detectors know.
S1=ghp_Q7vLm2Rx9TfKw4BzN8cYp3HsJd6UgE1aVo5i
S2=ghp_Zk4WnP8sQ2vRt6YxL9mCb3FhJ7gD5aE1uKo0
S3=AKIAQ7XN2RTW5KLM3PZD
S4=ghp_Hs7Jd6UgE1aVo5iP3qWeR8tY2uIo4pAs6dFg
S5=ghp_Lk9Jh8Gf7Ds6Aq5Wz4Xc3Ve2Br1Nt0My9Pu8
secrets="$S1 $S2 $S3 $S4 $S5"

# at DAY MESSAGE: commits what is staged in r on 2026-03-DAY
at() {
	GIT_AUTHOR_DATE="2026-03-$1T12:00:00Z" \
	GIT_COMMITTER_DATE="2026-03-$1T12:00:00Z" \
	    git -C r commit -q -m "$2"
}
{
	git init -q -b main r && echo app >r/README && git -C r add . &&
	at 01 'Start' &&
	# S1 on a branch, copied to a second path, then removed from the
	# first; a tag keeps the release that had both
	git -C r checkout -q -b topic && mkdir r/config r/deploy &&
	echo "GITHUB_TOKEN=$S1" >r/config/app.env &&
	git -C r add . && at 02 'Configure the app' &&
	cp r/config/app.env r/deploy/app.env && git -C r add . &&
	at 03 'Deploy with the same settings' && git -C r tag v1 &&
	git -C r rm -q config/app.env && at 04 'Remove the settings' &&
	# S2 on main, still at its tip; then the branch is merged
	git -C r checkout -q main && echo "token: $S2" >r/settings.yml &&
	git -C r add . && at 05 'Settings' &&
	GIT_AUTHOR_DATE=2026-03-06T12:00:00Z \
	    GIT_COMMITTER_DATE=2026-03-06T12:00:00Z \
	    git -C r merge -q --no-ff --no-edit topic &&
	# S3 on a branch never merged
	git -C r checkout -q -b wip &&
	printf 'aws_access_key_id = %s\n' "$S3" >r/notes.txt &&
	git -C r add . && at 07 'Notes' && git -C r checkout -q main &&
	# S4: the same blob at the same path in two commits
	echo "key: $S4" >r/old.txt && git -C r add . && at 08 'Old' &&
	git -C r rm -q old.txt && at 09 'Drop old' &&
	echo "key: $S4" >r/old.txt && git -C r add . && at 10 'Old again' &&
	# S5: added and removed, nowhere at any tip
	mkdir r/tmp && echo "GH_TOKEN=$S5" >r/tmp/key.txt &&
	git -C r add . && at 11 'Try a key' &&
	git -C r rm -q -r tmp && at 12 'Remove the key'
} >/dev/null 2>&1 || exit 99

dp-collect git r >out 2>err
check "exit 0" test $? -eq 0
check "quiet" test ! -s err
jq -c 'select(.kind == "secret.detected")' out >sec
check "six (secret, path) records ($(wc -l <sec))" test "$(wc -l <sec)" -eq 6
check "after the commits, before the tags" test "$(jq -r \
    'select(.kind != "file.change") | .kind' out | uniq | tr '\n' ' ')" = \
    "scm.posture scm.commit secret.detected scm.tag scm.ref_update "

# The secret each path of the history held.
secret_of() {
	case $1 in
	config/app.env | deploy/app.env) echo "$S1" ;;
	settings.yml) echo "$S2" ;;
	notes.txt) echo "$S3" ;;
	old.txt) echo "$S4" ;;
	tmp/key.txt) echo "$S5" ;;
	esac
}

refs="HEAD $(git -C r for-each-ref --format='%(refname)' | sort | tr '\n' ' ')"
jq -r '.secret | "\(.path) \(.commit) \(.line) \(.column) \(.blob) " +
    "\(.present) \(.present_in | join(","))"' sec >rows
while read -r path commit line column blob still present; do
	s=$(secret_of "$path")
	want=$(git -C r log --all --reverse --topo-order --format=%H \
	    -S "$s" -- "$path" | head -1)
	check "$path: introduced by $commit, git says $want" \
	    test "$commit" = "$want"
	check "$path: the blob is the commit's" \
	    test "$blob" = "$(git -C r rev-parse "$commit:$path")"
	where=$(git -C r show "$blob" | grep -n -F -- "$s" | head -1)
	col=$(printf '%s\n' "${where#*:}" | awk -v s="$s" '{ print index($0, s) }')
	check "$path: line $line column $column" \
	    test "$line:$column" = "${where%%:*}:$col"
	held=
	tip=false
	for ref in $refs; do
		git -C r grep -q -F -- "$s" "$ref" -- "$path" 2>/dev/null ||
		    continue
		held=${held:+$held,}$ref
		case $ref in HEAD | refs/heads/* | refs/remotes/*) tip=true ;; esac
	done
	check "$path: present in '$present', git grep says '$held'" \
	    test "$present" = "$held"
	check "$path: still present $still, expected $tip" \
	    test "$still" = "$tip"
done <rows
check "both paths of one secret share the fingerprint" test "$(jq -r \
    'select(.secret.path | test("app.env")) | .secret.fingerprint' sec |
    uniq | wc -l)" -eq 1
check "five secrets, five fingerprints" test "$(jq -r \
    .secret.fingerprint sec | sort -u | wc -l)" -eq 5
check "the merge introduced nothing: its branch did" test "$(jq -r \
    --arg m "$(git -C r rev-parse main~5)" \
    'select(.secret.commit == $m) | .id' sec | wc -l)" -eq 0

# Threads, and file.change records or not, change none of it.
dp-collect git --threads 1 r >out1
check "one thread and two give the same bytes" cmp -s out out1
dp-collect git --no-files r | jq -c 'select(.kind == "secret.detected") |
    del(.src.rec)' >nofiles
jq -c 'del(.src.rec)' sec >sec-norec
check "--no-files finds the same" cmp -s sec-norec nofiles
dp-collect git --no-lines r | jq -c 'select(.kind == "secret.detected") |
    del(.src.rec)' >nolines
check "--no-lines finds the same" cmp -s sec-norec nolines

# --no-secrets: the same records, without the secrets.
dp-collect git --no-secrets r >plain
check "--no-secrets: no secret.detected" test "$(jq -r \
    'select(.kind == "secret.detected") | .id' plain | wc -l)" -eq 0
jq -c 'select(.kind != "secret.detected") | del(.src.rec)' out >a
jq -c 'del(.src.rec)' plain >b
check "--no-secrets: everything else the same" cmp -s a b

# --ref: presence is told for the refs chosen.
dp-collect git --ref refs/heads/wip r |
    jq -r 'select(.kind == "secret.detected") | .secret |
    "\(.path) \(.present_in | join(","))"' >wip
check "--ref wip: S3 at its tip" grep -qx 'notes.txt refs/heads/wip' wip
check "--ref wip: S4 not on wip" test "$(grep -c old.txt wip)" -eq 0

# No secret in any output, whatever the options.
dp-collect git --threads 1 --no-files r >>out 2>>err
dp-collect git --ref refs/tags/v1 r >>out 2>>err
for s in $secrets; do
	tail=${s#????}
	check "no output holds ${s%"$tail"}..." sh -c \
	    '! grep -q -F -- "$1" out out1 plain nofiles nolines err' - "$tail"
done

# --detectors DIR, --max-size, and bad ones.
mkdir det && cp "$DP_RULES_DIR/secrets/core.yml" det/
dp-collect git --detectors det r | jq -r 'select(.kind ==
    "secret.detected") | .secret.family' | sort -u >families
check "--detectors: the folder's detectors" test "$(cat families)" = core
dp-collect git --max-size 20 r >small
check "--max-size: larger blobs are not scanned" test "$(jq -r \
    'select(.kind == "secret.detected") | .id' small | wc -l)" -eq 0
dp-collect git --detectors missing r >/dev/null 2>err
check "--detectors missing: exit 78" test $? -eq 78
check "--detectors missing: says why" grep -q \
    "cannot read detectors folder 'missing'" err
dp-collect git --max-size 1X r >/dev/null 2>err
check "--max-size 1X: exit 64" test $? -eq 64
dp-collect git --no-secrets --detectors det r >/dev/null 2>err
check "--no-secrets --detectors: exit 64" test $? -eq 64

finish git-secrets
