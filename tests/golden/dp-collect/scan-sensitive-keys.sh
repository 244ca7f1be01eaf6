# Real keys and keystores made here with ssh-keygen, openssl, puttygen
# and keytool (or, when one of the last two is missing, their first
# bytes written by hand): each file is named with the classifier that
# takes it, why, and whether it is encrypted, and no line of a key is
# ever in the output.
dir=$(pwd)
cd "$T" || exit 99
ssh-keygen -q -t ed25519 -N '' -C '' -f id_ed25519 || exit 99
ssh-keygen -q -t ed25519 -N 'a pass phrase' -C '' -f id_ed25519_enc ||
    exit 99
ssh-keygen -q -t rsa -b 2048 -m PEM -N '' -C '' -f id_rsa_pem || exit 99
ssh-keygen -q -t rsa -b 2048 -m PEM -N 'a pass phrase' -C '' \
    -f id_rsa_pem_enc || exit 99
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
    -out pkcs8.key 2>/dev/null || exit 99
openssl pkcs8 -topk8 -v2 aes256 -in pkcs8.key -passout pass:x \
    -out pkcs8-aes256.key || exit 99
openssl pkey -in pkcs8.key -traditional -out sec1.key || exit 99
openssl ec -in pkcs8.key -aes256 -passout pass:x -out sec1-aes256.key \
    2>/dev/null || exit 99
openssl req -x509 -key pkcs8.key -subj /CN=dp-test -days 1 \
    -out cert.pem 2>/dev/null || exit 99
cat cert.pem pkcs8.key >bundle.pem
openssl pkcs12 -export -inkey pkcs8.key -in cert.pem -passout pass:x \
    -out client.p12 || exit 99
if command -v puttygen >/dev/null 2>&1; then
	printf 'a pass phrase\n' >phrase
	puttygen -t ed25519 -q -o putty.ppk --new-passphrase /dev/null \
	    </dev/null || exit 99
	puttygen -t ed25519 -q -o putty-enc.ppk --new-passphrase phrase \
	    </dev/null || exit 99
	rm phrase
else
	printf 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n' \
	    >putty.ppk
	printf 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: aes256-cbc\n' \
	    >putty-enc.ppk
fi
if command -v keytool >/dev/null 2>&1; then
	keytool -genkeypair -keystore release.jks -storetype JKS \
	    -storepass changeit -keypass changeit -alias release \
	    -dname CN=dp-test -keyalg EC >/dev/null 2>&1 || exit 99
else
	printf '\376\355\376\355\000\000\000\002\000\000\000\001' >release.jks
fi
if command -v sqlite3 >/dev/null 2>&1; then
	sqlite3 app.db 'CREATE TABLE t(x); INSERT INTO t VALUES (1);' ||
	    exit 99
else
	printf 'SQLite format 3\000\020\000\001\001' >app.db
fi
cp app.db 'Login Data'
dp-collect scan --detectors "$dir/../../../rules/secrets" * >out.ndjson
echo "status $?"
jq -r 'select(.kind == "file.sensitive") | .file |
    [.path, .classifier, .reason, (.encrypted | tostring)] | @tsv' \
    out.ndjson
# the second line of each key: the start of its secret body
for f in id_* *.key *.ppk; do sed -n 2p "$f"; done | grep -v '^Encryption' \
    >bodies
echo "key lines in the output: $(grep -c -F -f bodies out.ndjson)"
