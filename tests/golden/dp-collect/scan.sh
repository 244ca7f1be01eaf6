# Every finding of the core detectors in a few files, once per secret
# and file, with byte columns, and files that cannot be scanned reported.
dir=$(pwd)
cd "$T" || exit 99
cat >config.ini <<'EOT'
[default]
aws_access_key_id = AKIAQIPQ3ZXOI7FDHJK3
aws_secret_access_key = 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
EOT
cat >app.env <<'EOT'
GITHUB_TOKEN=ghp_OhbVrpoiVgRV5IfLBcbfnoGMbJmTPSIAoCLr
DB_PASSWORD=CI3!dXRZv7q*dYdk2r
# the same token again: one record
CI_TOKEN=ghp_OhbVrpoiVgRV5IfLBcbfnoGMbJmTPSIAoCLr
PLACEHOLDER=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
EOT
printf 'no secrets here\n' >clean.txt
touch -d 2026-03-01T09:14:05Z config.ini app.env clean.txt
dp-collect scan --detectors "$dir/../../../rules/secrets" config.ini \
    missing.txt app.env clean.txt
echo "status $?"
dp-collect scan --detectors "$dir/../../../rules/secrets" --max-size 64 \
    config.ini clean.txt
echo "status $?"
