# A home folder: secrets in files and in an archive, what is skipped and
# why, exclusions, and operands that are files or missing.
dir=$(pwd)
cd "$T" || exit 99
mkdir -p home/.aws home/old home/src/app/.git home/src/app/node_modules/p \
    home/build || exit 99
cat >home/.aws/credentials <<'EOT'
[default]
aws_access_key_id = AKIAQIPQ3ZXOI7FDHJK3
aws_secret_access_key = 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
EOT
printf 'GITHUB_TOKEN=ghp_OhbVrpoiVgRV5IfLBcbfnoGMbJmTPSIAoCLr\n' \
    >home/src/app/.env
cp home/src/app/.env home/src/app/.git/config
cp home/src/app/.env home/src/app/node_modules/p/index.js
printf 'PNG\0\0\0\rghp_OhbVrpoiVgRV5IfLBcbfnoGMbJmTPSIAoCLr\n' \
    >home/src/app/logo.png
awk 'BEGIN { for (i = 0; i < 200; i++) print "line", i }' \
    >home/build/big.log
cat home/src/app/.env >>home/build/big.log
printf 'DB_PASSWORD=CI3!dXRZv7q*dYdk2r\n' >home/old/.env
ln -s .aws home/aws
mkfifo home/src/app/pipe
find home -exec touch -h -d 2026-03-01T09:14:05Z {} + &&
(cd home && bsdtar --format=zip -cf backup.zip old) && rm -r home/old &&
find home -exec touch -h -d 2026-03-01T09:14:05Z {} + || exit 99
dp-collect tree --detectors "$dir/../../../rules/secrets" --max-size 1K \
    --exclude node_modules/ home
echo "status $?"
dp-collect tree --detectors "$dir/../../../rules/secrets" \
    home/src/app/.env missing home/aws
echo "status $?"
