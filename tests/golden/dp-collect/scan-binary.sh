# A binary file is skipped, with a record, unless a detector reads
# binary content; archives are not opened by scan.
dir=$(pwd)
cd "$T" || exit 99
printf 'PNG\0\0\0\rGITHUB_TOKEN=ghp_OhbVrpoiVgRV5IfLBcbfnoGMbJmTPSIAoCLr\n' \
    >logo.png
printf 'GITHUB_TOKEN=ghp_OhbVrpoiVgRV5IfLBcbfnoGMbJmTPSIAoCLr\n' >app.env
touch -d 2026-03-01T09:14:05Z logo.png app.env
bsdtar --format=zip --options zip:compression=store -cf app.zip app.env &&
    touch -d 2026-03-01T09:14:05Z app.zip || exit 99
dp-collect scan --detectors "$dir/../../../rules/secrets" logo.png app.zip
echo "status $?"
mkdir det && cp "$dir/../../../rules/secrets/"*.yml det/ &&
sed 's/^  - id: github-pat-classic$/&\n    binary: true/' \
    "$dir/../../../rules/secrets/core.yml" >det/core.yml || exit 99
dp-collect scan --detectors det logo.png | jq -c .secret.path
echo "status $?"
