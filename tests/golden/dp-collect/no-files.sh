# --no-files: scm.commit records only, no ai.config either.
. ./files.inc
dp-collect git --no-files --no-refs app | jq -r '"\(.src.rec) \(.kind) \(.commit.subject)"'
