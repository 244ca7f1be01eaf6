#!/bin/sh
# An analyst's first look at one repository: who did what, and what of it
# is risky.  Usage: examples/laptop.sh [REPO]   (default: the current one)
set -eu
repo=${1:-.}
dp-collect git "$repo" | dp-normalize | dp-score | dp-report
