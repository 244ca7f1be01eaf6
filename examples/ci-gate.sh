#!/bin/sh
# A CI step: fail the job (exit 1) when the history of the repository has
# a finding of high severity or worse, listing the findings as it goes.
# Usage: examples/ci-gate.sh [REPO] [LEVEL]
set -eu
repo=${1:-.}
level=${2:-high}
dp-collect git "$repo" | dp-normalize |
    dp-score --findings-only --fail-on "$level" |
    jq -r '[.rule.severity, .rule.id, .location.commit // "-", .rule.title] | @tsv'
