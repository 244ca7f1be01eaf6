#!/bin/sh
# dp-collect git over repositories built here with git, git the oracle:
# which refs and commits are walked, shallow clones, reflogs and forced
# updates, tags, posture, --recursive and damaged repositories.

. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

T=$(mktemp -d) || exit 99
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 99
GIT_AUTHOR_NAME='Ann Lee' GIT_AUTHOR_EMAIL=ann@example.com
GIT_COMMITTER_NAME='Ann Lee' GIT_COMMITTER_EMAIL=ann@example.com
export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL

# commit REPO DAY MESSAGE: a change dated 2026-03-DAY at noon UTC
commit() {
	echo "$3" >>"$1/file" && git -C "$1" add file &&
	GIT_AUTHOR_DATE="2026-03-$2T12:00:00Z" \
	GIT_COMMITTER_DATE="2026-03-$2T12:00:00Z" \
	    git -C "$1" commit -q -m "$3"
}

# kinds FILE KIND: how many records of KIND FILE holds
count() {
	jq -r --arg k "$2" 'select(.kind == $k) | .id' "$1" | wc -l
}

git init -q -b main r
commit r 01 one
commit r 02 two
git -C r checkout -q -b topic
commit r 03 topic-only
git -C r checkout -q main
commit r 04 three
git -C r tag light
GIT_COMMITTER_DATE=2026-03-05T12:00:00Z git -C r tag -a -m "Release 1" v1

# Every ref by default, or the chosen ones.
dp-collect git r >all.ndjson
check "exit 0" test $? -eq 0
want=$(git -C r rev-list --all --count)
check "every ref: $(count all.ndjson scm.commit) = $want" \
    test "$(count all.ndjson scm.commit)" -eq "$want"
dp-collect git --all r >all2.ndjson
check "--all is the default" cmp -s all.ndjson all2.ndjson
dp-collect git --ref refs/heads/main r >main.ndjson
want=$(git -C r rev-list --count main)
check "--ref main: $(count main.ndjson scm.commit) = $want" \
    test "$(count main.ndjson scm.commit)" -eq "$want"
dp-collect git --ref 'refs/heads/t*' --ref HEAD r >two.ndjson
want=$(git -C r rev-list --count main topic)
check "--ref globs: $(count two.ndjson scm.commit) = $want" \
    test "$(count two.ndjson scm.commit)" -eq "$want"
check "--ref chooses tags too" test "$(count main.ndjson scm.tag)" -eq 0
first=$(jq -r 'select(.kind != "scm.posture") | .kind' all.ndjson | head -1)
check "the posture comes first" test "$(head -1 all.ndjson |
    jq -r .kind)" = scm.posture
check "then the commits" test "$first" = scm.commit

# --since and --until: committer times, inclusive, dates in UTC.
dp-collect git --since 2026-03-02 --until 2026-03-03 r >range.ndjson
got=$(jq -r 'select(.kind == "scm.commit") | .commit.subject' range.ndjson |
    sort | tr '\n' ' ')
check "since/until: $got" test "$got" = "topic-only two "
dp-collect git --since 2026-03-04T12:00:00Z r >since.ndjson
check "since is inclusive" test "$(count since.ndjson scm.commit)" -eq 1
dp-collect git --since yesterday r 2>err.txt
check "a bad date is a usage error" test $? -eq 64
check "and says so" grep -q "is not a date" err.txt
dp-collect git --all --ref HEAD r 2>/dev/null
check "--all with --ref is a usage error" test $? -eq 64

# Tags: lightweight and annotated, by name.
tags=$(jq -r 'select(.kind == "scm.tag") | [.tag.name, .tag.annotated,
    .tag.target == $sha] | @tsv' --arg sha "$(git -C r rev-parse main)" \
    all.ndjson | tr '\t\n' ', ')
check "tags: $tags" test "$tags" = "light,false,true v1,true,true "
tagger=$(jq -r 'select(.tag.name == "v1") | .actor.email + " " + .time' \
    all.ndjson)
check "tagger: $tagger" test "$tagger" = "ann@example.com 2026-03-05T12:00:00.000Z"
if command -v ssh-keygen >/dev/null 2>&1; then
	ssh-keygen -q -t ed25519 -N '' -f key
	git -C r -c gpg.format=ssh -c user.signingkey="$T/key.pub" \
	    tag -s -m "Signed" v2 >/dev/null 2>&1
	sig=$(dp-collect git r | jq -r 'select(.tag.name == "v2") |
	    "\(.tag.signed) \(.tag.signature.type) \(.tag.message)"')
	check "ssh-signed tag: $sig" test "$sig" = "true ssh Signed"
else
	echo "SKIP: no ssh-keygen, no signed tag"
fi

# A reset that rewrote main, in the local reflog.
git -C r reset -q --hard HEAD~1
commit r 06 rewritten
dp-collect git r >reset.ndjson
forced=$(jq -r 'select(.kind == "scm.ref_update" and .ref.name ==
    "refs/heads/main") | "\(.ref.action):\(.ref.forced)"' reset.ndjson |
    tr '\n' ' ')
check "reflog of main: $forced" \
    test "$forced" = "commit:null commit:false commit:false reset:true commit:false "

# A bare server with reflogs that received a normal and a forced push.
git init -q --bare -b main server.git
git -C server.git config core.logAllRefUpdates true
git clone -q server.git dev 2>/dev/null
commit dev 10 base
commit dev 11 next
git -C dev push -q origin main
git -C dev reset -q --hard HEAD~1
commit dev 12 replaced
git -C dev push -q --force origin main
dp-collect git server.git >server.ndjson
pushes=$(jq -r 'select(.kind == "scm.ref_update" and
    .ref.name == "refs/heads/main") |
    "\(.ref.action):\(.ref.forced)"' server.ndjson | tr '\n' ' ')
check "server reflog: $pushes" test "$pushes" = "push:null push:true "
check "server posture is bare" test "$(head -1 server.ndjson |
    jq -r .posture.bare)" = true

# Posture: hooks, hooks path, remotes without their credentials.
token=ghp_0123456789abcdefghijABCDEFGHIJ012345
git -C r remote add origin "https://ann:$token@github.com/o/r.git"
git -C r remote add mirror "https://$token@gitlab.com/o/r.git"
printf '#!/bin/sh\n' >r/.git/hooks/pre-commit
chmod +x r/.git/hooks/pre-commit
dp-collect git r >posture.ndjson
check "the token appears nowhere" sh -c "! grep -q '$token' posture.ndjson"
check "not even its tail" sh -c "! grep -q 'IJ012345' posture.ndjson"
rem=$(head -1 posture.ndjson | jq -r '.posture.remotes[] |
    "\(.name) \(.host) \(.user) \(.credentials) \(.url)"' | tr '\n' ';')
check "remotes: $rem" test "$rem" = \
    "mirror gitlab.com null true https://gitlab.com/o/r.git;origin github.com ann true https://github.com/o/r.git;"
check "repo.url has no credentials" test "$(sed -n 2p posture.ndjson |
    jq -r .repo.url)" = "https://github.com/o/r.git"
check "hooks" test "$(head -1 posture.ndjson | jq -c .posture.hooks)" = \
    '["pre-commit"]'
mkdir r/.githooks
printf '#!/bin/sh\n' >r/.githooks/pre-push
chmod +x r/.githooks/pre-push
git -C r config core.hooksPath .githooks
hp=$(dp-collect git r | head -1 | jq -c '[.posture.hooks_path,
    .posture.hooks]')
check "core.hooksPath: $hp" test "$hp" = '[".githooks",["pre-push"]]'

# A shallow clone: no error, the boundary marked, as many commits as git.
git clone -q --depth 2 "file://$T/dev" shallow
dp-collect git shallow >shallow.ndjson 2>err.txt
check "shallow clone: exit 0" test $? -eq 0
check "shallow clone: quiet" test ! -s err.txt
want=$(git -C shallow rev-list --all --count)
check "shallow clone: $(count shallow.ndjson scm.commit) = $want commits" \
    test "$(count shallow.ndjson scm.commit)" -eq "$want"
b=$(jq -r 'select(.commit.shallow_boundary) | .commit.sha' shallow.ndjson)
check "shallow boundary $b" test "$b" = "$(cat shallow/.git/shallow)"
check "posture says shallow" test "$(head -1 shallow.ndjson |
    jq -r .posture.shallow)" = true
# The boundary's files are compared with the empty tree, as git does,
# with one thread and with several.
git -C shallow log --all --numstat --format= | awk 'NF == 3' |
    sort >shallow.git
for n in 1 2; do
	dp-collect git --threads $n --no-refs shallow |
	    jq -r 'select(.kind == "file.change") | .file |
	    "\(.lines_added)\t\(.lines_deleted)\t\(.path)"' |
	    sort >shallow.dp
	check "shallow clone, $n thread(s): numstat as git's" \
	    cmp -s shallow.git shallow.dp
done
check "shallow boundary: every file added" test "$(jq -r --arg b "$b" \
    'select(.kind == "file.change" and .file.commit == $b) |
    .file.status' shallow.ndjson | sort -u)" = added

# --recursive: work trees and bare repositories, not other folders.
mkdir -p org/team org/empty
git clone -q r org/team/app 2>/dev/null
git clone -q --bare r org/lib.git 2>/dev/null
echo text >org/empty/notes.txt
dp-collect git -r org >org.ndjson
check "--recursive: exit 0" test $? -eq 0
found=$(jq -r 'select(.kind == "scm.posture") | .repo.name' org.ndjson |
    tr '\n' ' ')
check "--recursive finds $found" test "$found" = "lib app "
dp-collect git org 2>err.txt >/dev/null
check "a folder without -r is no repository" test $? -eq 66

# A missing object: the repository and the object named, the next
# operand still collected, status 66.
git clone -q r broken 2>/dev/null
git -C broken repack -q -a -d 2>/dev/null
sha=$(git -C r rev-parse HEAD~1)
git init -q -b main loose
commit loose 20 a
commit loose 21 b
sha=$(git -C loose rev-parse HEAD~1)
rm "loose/.git/objects/$(echo "$sha" | cut -c1-2)/$(echo "$sha" | cut -c3-)"
dp-collect git loose r >both.ndjson 2>err.txt
check "missing object: exit 66" test $? -eq 66
check "names the repository and the object" grep -q "loose.*$sha" err.txt
check "the next operand is still collected" test "$(jq -r \
    'select(.kind == "scm.posture") | .repo.name' both.ndjson | tail -1)" = r
pack=$(ls broken/.git/objects/pack/*.pack)
printf 'garbage' | dd of="$pack" bs=1 seek=200 conv=notrunc 2>/dev/null
dp-collect git broken >/dev/null 2>err.txt
check "corrupt pack: exit 66" test $? -eq 66
check "corrupt pack: said" grep -q "broken" err.txt

finish git-scope
