# A commit signed with a throwaway OpenPGP key: its signature type, and
# its key id is the fingerprint gpg --list-keys shows for the key.
. ./repo.inc
cd "$T" || exit 99
GNUPGHOME=$T/gnupg
export GNUPGHOME
# the agent this case started ends with it
trap 'gpgconf --kill gpg-agent >/dev/null 2>&1' EXIT
{
	mkdir -m 700 gnupg &&
	gpg --batch --pinentry-mode loopback --passphrase '' \
	    --quick-gen-key 'Test <test@example.com>' ed25519 sign never &&
	git init -q -b main r && echo x >r/file && git -C r add file &&
	GIT_AUTHOR_DATE=2026-03-02T09:00:00Z \
	    GIT_COMMITTER_DATE=2026-03-02T09:00:00Z \
	    git -C r -c user.signingkey=test@example.com commit -q -S \
	    -m signed
} >/dev/null 2>&1 || exit 99
dp-collect git r >out
status=$?
jq -c 'select(.kind == "scm.commit") | .commit.signature | del(.key_id)' out
want=$(gpg --list-keys --with-colons 2>/dev/null |
    awk -F: '$1 == "fpr" { print $10; exit }')
got=$(jq -r 'select(.kind == "scm.commit") | .commit.signature.key_id' out)
[ -n "$want" ] && [ "$want" = "$got" ] &&
    echo "key id: same as gpg --list-keys" ||
    echo "key id: $got, gpg --list-keys: $want"
exit $status
