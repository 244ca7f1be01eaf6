#!/bin/sh
# dp-collect tree and archive agree: a tree and archives of it in every
# format bsdtar writes give the same findings (detector, path below the
# archive, line, column, length, preview, fingerprint) and the same
# skips.  Nothing is extracted to disk and no secret is ever printed.

. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib.sh"

command -v bsdtar >/dev/null ||
    { not_ok "bsdtar is not installed: apt-get install libarchive-tools"
    finish tree-archive; }
T=$(mktemp -d) || exit 99
trap 'chmod -R u+rwx "$T"; rm -rf "$T"' EXIT
cd "$T" || exit 99

aws_id=AKIAQIPQ3ZXOI7FDHJK3
aws_key=wnMztVuaP/coUNEhEkk/iqq8vH2BzNZV45pFCiRc
gh=ghp_OhbVrpoiVgRV5IfLBcbfnoGMbJmTPSIAoCLr
pw='CI3!dXRZv7q*dYdk2r'
mkdir -p proj/conf proj/src/deep/er proj/.git/objects proj/old || exit 99
printf '[default]\n# keys\naws_access_key_id = %s\n' "$aws_id" \
    >proj/conf/aws.ini
printf 'aws_secret_access_key = %s\n' "$aws_key" >>proj/conf/aws.ini
printf 'import os\n\n\ndef connect():\n    token = "%s"\n' "$gh" \
    >proj/src/deep/er/app.py
printf 'GITHUB_TOKEN=%s\n' "$gh" >proj/.git/objects/leak
printf 'DB_PASSWORD=%s\n' "$pw" >proj/old/db.ini
printf 'PNG\0\0\0\rGITHUB_TOKEN=%s\n' "$gh" >proj/logo.png
ln -s conf/aws.ini proj/link
(cd proj && bsdtar --format=zip -cf old.zip old) && rm -r proj/old ||
    exit 99

dp-collect tree proj >tree.ndjson 2>tree.err
check "tree exits 0" test $? -eq 0
check "tree is quiet" test ! -s tree.err

# findings FILE PREFIX: the findings of FILE, PREFIX taken off paths
findings() {
	jq -r --arg p "$2" 'select(.kind == "secret.detected") | .secret |
	    [.detector, (.path | ltrimstr($p)), .line, .column, .length,
	    .preview, .fingerprint] | @tsv' "$1" | sort
}
# skips FILE PREFIX: the scan.skipped records of FILE
skips() {
	jq -r --arg p "$2" 'select(.kind == "scan.skipped") | .scan |
	    [.reason, (.path | ltrimstr($p))] | @tsv' "$1" | sort
}
findings tree.ndjson "" >tree.findings
skips tree.ndjson "" >tree.skips
check "the tree gives 4 findings" test "$(wc -l <tree.findings)" -eq 4
check "one in the zip of the tree" grep -q 'proj/old.zip!old/db.ini' \
    tree.findings
printf '%s\n' 'binary	proj/logo.png' 'git	proj/.git' \
    'symlink	proj/link' >want.skips
check "the tree's skips" cmp -s want.skips tree.skips

for a in x.tar x.tar.gz x.tgz x.tar.bz2 x.tar.xz x.tar.zst x.tar.lz4 \
    x.zip x.7z x.cpio x.iso x.pax.gz; do
	case $a in
	x.zip) fmt=--format=zip ;;
	x.7z) fmt=--format=7zip ;;
	x.cpio) fmt=--format=newc ;;
	x.iso) fmt=--format=iso9660 ;;
	x.pax.gz) fmt='--format=pax -z' ;;
	*) fmt=-a ;;
	esac
	# shellcheck disable=SC2086
	bsdtar $fmt -cf "$a" proj ||
	    { not_ok "bsdtar cannot write $a"; continue; }
	mkdir empty && (cd empty && TMPDIR=. dp-collect archive "../$a") \
	    >"$a.ndjson" 2>"$a.err"
	check "$a: exits 0" test $? -eq 0
	check "$a: is quiet" test ! -s "$a.err"
	check "$a: nothing written to disk" test -z "$(ls -A empty)"
	rmdir empty
	findings "$a.ndjson" "../$a!" >"$a.findings"
	skips "$a.ndjson" "../$a!" >"$a.skips"
	check "$a: the tree's findings" cmp -s tree.findings "$a.findings"
	check "$a: the tree's skips" cmp -s tree.skips "$a.skips"
	check "$a: src names the archive and the entry" test "$(jq -r \
	    'select(.kind == "secret.detected") | .src |
	    "\(.type) \(.path) \(.entry)"' "$a.ndjson" | sort -u | head -1)" \
	    = "archive ../$a proj/conf/aws.ini"
done

# A tree holding an archive of itself: the same findings once more.
cp x.tgz proj/self.tgz
dp-collect tree proj >self.ndjson
jq -c 'select(.kind == "secret.detected" and
    (.secret.path | startswith("proj/self.tgz!")))' self.ndjson \
    >self.inner
findings self.inner "proj/self.tgz!" >self.findings
check "an archive in a tree gives the tree's findings too" \
    cmp -s tree.findings self.findings
check "--max-depth 0 leaves archives unopened" test "$(dp-collect tree \
    --max-depth 0 proj | jq -r 'select(.scan.reason == "binary") |
    .scan.path' | sort | tr '\n' ' ')" = \
    "proj/logo.png proj/old.zip proj/self.tgz "
rm proj/self.tgz

# No secret in any output, records or diagnostics.
cat ./*.ndjson ./*.err >all
for s in "$aws_id" "$aws_key" "$gh" "$pw"; do
	check "no output holds a secret" test "$(grep -cF -- "$s" all)" -eq 0
done

# What cannot be read is reported and the walk goes on.
if [ "$(id -u)" -ne 0 ]; then
	chmod 000 proj/conf/aws.ini
	dp-collect tree proj >unreadable.ndjson 2>unreadable.err
	check "an unreadable file: status 66" test $? -eq 66
	check "an unreadable file: named on stderr" grep -q \
	    "cannot read 'proj/conf/aws.ini': Permission denied" unreadable.err
	check "an unreadable file: a record" test "$(jq -r \
	    'select(.scan.reason == "unreadable") | .scan.path' \
	    unreadable.ndjson)" = proj/conf/aws.ini
	check "an unreadable file: the other files still scanned" \
	    grep -q old.zip unreadable.ndjson
	chmod 644 proj/conf/aws.ini
fi

finish tree-archive
