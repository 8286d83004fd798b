#!/usr/bin/env bash
# CI for the pipeline integrations (run by .ci/run from the repository
# root; installs what it needs, on a fresh machine too):
#   1. the SARIF of every fixture folder validated by the Microsoft SARIF
#      multitool with GitHub's ingestion rules: zero errors;
#   2. go vet -vettool=iamlint-vet over the go/analysis test package: the
#      expected findings, at their positions;
#   3. the pre-commit hook, with the real pre-commit, on a scratch
#      repository that uses a clone of this repository as its hook repo.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
SARIF_MULTITOOL_VERSION=5.7.0

step() { printf '\n== %s\n' "$*"; }
fail() { echo "FAIL: $*"; exit 1; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/bin"
go build -o "$scratch/bin/" ./cmd/iamlint ./cmd/iamlint-vet
iamlint="$scratch/bin/iamlint"

# untxtar ARCHIVE DIR writes the files of a txtar archive (all but its
# "want" section) into DIR.
untxtar() {
	mkdir -p "$2"
	awk -v dir="$2" '
		/^-- .+ --$/ {
			if (out != "") close(out)
			name = substr($0, 4, length($0) - 6)
			out = (name == "want") ? "" : dir "/" name
			if (out != "") { system("mkdir -p \"$(dirname \"" out "\")\""); printf "" > out }
			next
		}
		out != "" { print > out }' "$1"
}

step "SARIF: Microsoft SARIF multitool $SARIF_MULTITOOL_VERSION, rule kinds Sarif;Gh"
npm install --prefix "$scratch/npm" --no-save --no-audit --no-fund --loglevel=error \
	"@microsoft/sarif-multitool@$SARIF_MULTITOOL_VERSION" >/dev/null
multitool="$scratch/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
chmod u+x "$multitool" # its postinstall script does this; npm may not run it
# The fixture folders: every folder of fixtures/ (fixtures/examples, ...)
# and each fixtures/rules/<rule-id>, with every txtar archive extracted to a
# folder of its own (file names repeat between archives).
fx="$scratch/fixtures"
cp -r fixtures "$fx"
while IFS= read -r ar; do
	untxtar "$ar" "${ar%.txtar}"
	rm "$ar"
done < <(find "$fx" -name '*.txtar')
folders=($(cd "$fx" && find . -mindepth 1 -maxdepth 1 -type d ! -name rules | sed 's|^\./||' | sort) $(cd "$fx" && ls -d rules/*))
for folder in "${folders[@]}"; do
	mkdir -p "$scratch/sarif/$folder"
	# Run from the fixtures root so that URIs are relative to %SRCROOT%.
	# Exit status 1 (findings) and 2 (parse-error fixtures) are expected.
	# ./ keeps a folder named like a subcommand (simulate) a path.
	(cd "$fx" && "$iamlint" --format sarif --sarif-category "iamlint/$folder" "./$folder" >"$scratch/sarif/$folder/iamlint.sarif") || true
done
# The multitool starts slowly: four at a time.
export multitool
printf '%s\n' "${folders[@]}" | (cd "$scratch/sarif" && xargs -P 4 -I{} sh -c \
	'"$multitool" validate "{}/iamlint.sarif" -o "{}/validation.sarif" --rule-kind "Sarif;Gh" >"{}/multitool.log" 2>&1 || { cat "{}/multitool.log"; exit 255; }') ||
	fail "the multitool failed"
total=0
for folder in "${folders[@]}"; do
	out="$scratch/sarif/$folder"
	[ -s "$out/validation.sarif" ] || { cat "$out/multitool.log"; fail "no multitool output for $folder"; }
	errors=$(node -e '
		const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		let n = 0;
		for (const run of log.runs || []) for (const r of run.results || []) {
			if (r.level === "error") { n++; console.error("  " + r.ruleId + ": " + (r.message.text || JSON.stringify(r.message.arguments))); }
		}
		console.log(n);' "$out/validation.sarif")
	results=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs[0].results.length)' "$out/iamlint.sarif")
	total=$((total + errors))
	printf '%-55s %3d results, %d multitool errors\n' "$folder" "$results" "$errors"
done
[ "$total" -eq 0 ] || fail "the multitool reported $total errors"
echo "SARIF of ${#folders[@]} fixture folders: 0 multitool errors"

step "go vet -vettool=iamlint-vet"
# The go/analysis test package as a module, with the aws-sdk-go-v2 stubs of
# its testdata as a local replacement (no download).
vet="$scratch/vet"
mkdir -p "$vet/sdk"
cp -r goanalysis/testdata/src/github.com/aws/aws-sdk-go-v2/. "$vet/sdk/"
cp goanalysis/testdata/src/example/example.go "$vet/"
printf 'module github.com/aws/aws-sdk-go-v2\n\ngo 1.26\n' >"$vet/sdk/go.mod"
printf 'module example.com/vet\n\ngo 1.26\n\nrequire github.com/aws/aws-sdk-go-v2 v0.0.0\n\nreplace github.com/aws/aws-sdk-go-v2 => ./sdk\n' >"$vet/go.mod"
set +e
(cd "$vet" && go vet -vettool="$scratch/bin/iamlint-vet" ./...) >"$scratch/vet.log" 2>&1
code=$?
set -e
cat "$scratch/vet.log"
[ "$code" -eq 1 ] || fail "go vet exited $code, want 1 (findings)"
for want in "example.go:16:15: action-unknown" "example.go:33:86: sid-invalid" "example.go:33:136: action-unknown" \
	"example.go:41:15: effect-invalid" "example.go:50:122: group-as-principal" "example.go:56:70: parse-error" \
	"example.go:69:92: action-unknown" "example.go:69:130: suppression-without-reason"; do
	grep -qF "$want" "$scratch/vet.log" || fail "go vet output lacks $want"
done
n=$(grep -c '^example.go:' "$scratch/vet.log")
[ "$n" -eq 8 ] || fail "go vet reported $n findings, want 8"
echo "go vet -vettool: 8 findings at their positions, exit status 1 as expected"

step "pre-commit hook"
if ! command -v pre-commit >/dev/null; then
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pre-commit >/dev/null
fi
pre-commit --version
# A clone of this repository at HEAD is the hook repository.
hooks="$scratch/hooks"
git clone -q "$root" "$hooks"
rev=$(git -C "$hooks" rev-parse HEAD)
demo="$scratch/demo"
mkdir -p "$demo/policies"
git -C "$demo" init -q
git -C "$demo" config user.email ci@example.com
git -C "$demo" config user.name ci
cat >"$demo/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: iamlint
EOF
cp fixtures/examples/developer-policy.json "$demo/policies/"
echo '{"name": "not-a-policy", "version": "1.0.0"}' >"$demo/package.json"
echo 'not: a policy' >"$demo/notes.yaml"
git -C "$demo" add -A
export PRE_COMMIT_HOME="$scratch/pre-commit-home"
set +e
(cd "$demo" && pre-commit run --all-files) >"$scratch/pc.log" 2>&1
code=$?
set -e
cat "$scratch/pc.log"
[ "$code" -eq 1 ] || fail "pre-commit on a bad policy exited $code, want 1"
grep -q "action-unknown" "$scratch/pc.log" || fail "pre-commit output lacks the finding"
# Fixed: the hook passes (the package.json and notes.yaml are skipped).
cat >"$demo/policies/developer-policy.json" <<'EOF'
{
  "Version": "2012-10-17",
  "Statement": [{"Sid": "ReadReports", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}]
}
EOF
git -C "$demo" add -A
set +e
(cd "$demo" && pre-commit run --all-files) >"$scratch/pc.log" 2>&1
code=$?
set -e
cat "$scratch/pc.log"
[ "$code" -eq 0 ] || fail "pre-commit on good files exited $code, want 0"
echo "pre-commit: hook fails on the bad policy (exit 1) and passes once it is fixed (exit 0)"
