#!/bin/sh
# A CI step: list the findings in the history of the repository and fail
# the job (exit 1) when one is of severity LEVEL or worse.
# Usage: examples/ci-gate.sh [REPO] [LEVEL]
set -u
repo=${1:-.}
level=${2:-high}
findings=$(mktemp) || exit 70
trap 'rm -f "$findings"' EXIT
dp-collect git "$repo" | dp-normalize |
    dp-score --findings-only --fail-on "$level" -o "$findings"
status=$?
jq -r '[.rule.severity, .rule.id, .location.commit // "-", .rule.title] |
    @tsv' "$findings"
exit "$status"
