# A commit signed with an SSH key: its signature type, and its key id is
# the fingerprint ssh-keygen shows for the key.  An unsigned one: "none".
. ./repo.inc
cd "$T" || exit 99
{
	ssh-keygen -q -t ed25519 -N '' -C test -f key &&
	git init -q -b main r && commit r 2026-03-01T09:00:00Z unsigned &&
	echo x >>r/file && git -C r add file &&
	GIT_AUTHOR_DATE=2026-03-02T09:00:00Z \
	    GIT_COMMITTER_DATE=2026-03-02T09:00:00Z \
	    git -C r -c gpg.format=ssh -c user.signingkey="$T/key.pub" \
	    commit -q -S -m signed
} >/dev/null 2>&1 || exit 99
dp-collect git r >out
status=$?
jq -c 'select(.kind == "scm.commit") | .commit.signature | del(.key_id)' out
want=$(ssh-keygen -lf key.pub | cut -d' ' -f2)
got=$(jq -r 'select(.kind == "scm.commit") | .commit.signature.key_id' out |
    head -1)
[ "$want" = "$got" ] && echo "key id: same as ssh-keygen -l" ||
    echo "key id: $got, ssh-keygen -l: $want"
exit $status
