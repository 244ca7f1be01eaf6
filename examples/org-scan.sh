#!/bin/sh
# Every git repository under a folder, collected two at a time (each into
# its own file, so that records never interleave), then scored together
# and summarised as JSON for a dashboard.
# Usage: examples/org-scan.sh DIR [SUMMARY.json]
set -eu
dir=$1
out=${2:-summary.json}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
find "$dir" -name .git -prune -printf '%h\n' | sort |
    awk '{ print; printf "%s/%06d.ndjson\n", w, NR }' w="$work" |
    tr '\n' '\0' |
    xargs -0 -n2 -P2 sh -c 'dp-collect git "$0" -o "$1"'
cat "$work"/*.ndjson | dp-normalize | dp-score | dp-report -f json -o "$out"
