# A failed write to standard output is reported, status 74.
printf 'GITHUB_TOKEN=ghp_OhbVrpoiVgRV5IfLBcbfnoGMbJmTPSIAoCLr\n' >"$T/app.env"
dp-collect scan --detectors ../../../rules/secrets "$T/app.env" >/dev/full
