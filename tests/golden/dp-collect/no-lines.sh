# --no-lines: sizes from object headers; no binary flag, no line counts.
. ./files.inc
dp-collect git --no-lines app | jq -c 'select(.kind == "file.change") |
    .file | del(.commit)'
