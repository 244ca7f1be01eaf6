#!/bin/sh
# Rank the developers of a repository by risk, under a policy and the
# risks already accepted: rank, score, findings, suppressed findings,
# developer and the rule that weighs most, one developer a line.
# Usage: examples/risk-ranking.sh [REPO] [POLICY] [SUPPRESSIONS]
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=${1:-.}
policy=${2:-$here/policy.yml}
suppress=${3:-$here/suppress.yml}
scored=$(mktemp) || exit 70
trap 'rm -f "$scored"' EXIT
dp-collect git "$repo" | dp-normalize |
    dp-score --policy "$policy" --suppress "$suppress" -o "$scored" ||
    exit
printf 'rank\tscore\tfindings\tsuppressed\tdeveloper\tfirst rule\n'
jq -r 'select(.kind == "dev.risk") | [.dev.rank, .dev.score,
    .dev.findings, .dev.suppressed, .actor.id,
    (.dev.terms[0].rule // "-")] | @tsv' "$scored"
