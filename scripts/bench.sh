#!/usr/bin/env bash
# bench.sh: times iamlint over every AWS managed policy (one file each),
# median of 5 runs: wall time and peak RSS. Installs the corpus into a
# temporary folder (scripts/corpus.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
scripts/corpus.sh "$tmp/corpus"
go build -o "$tmp/iamlint" ./cmd/iamlint
files=$(ls "$tmp/corpus" | wc -l)
"$tmp/iamlint" --format json "$tmp/corpus" > "$tmp/out.json" || true
findings=$(grep -c '"rule":' "$tmp/out.json" || true)
walls=() rss=()
for _ in $(seq "$runs"); do
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$tmp/iamlint" --format json --output /dev/null "$tmp/corpus" || true
	# GNU time prints "Command exited with non-zero status 1" first when
	# iamlint reports findings: the figures are on the last line.
	read -r w m < <(tail -n 1 "$tmp/time")
	walls+=("$w") rss+=("$m")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "corpus: $files AWS managed policies, $findings findings"
echo "wall:   median $(median "${walls[@]}") s over $runs runs (${walls[*]})"
echo "rss:    median $(( $(median "${rss[@]}") / 1024 )) MB peak"
echo "cores:  $(nproc)"
