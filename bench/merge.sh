#!/usr/bin/env bash
# Merge scaling: cprof merging N profiles of SAMPLES samples each, where
# the inputs cycle through DISTINCT generated files (so the merged profile
# has at most DISTINCT*SAMPLES distinct stacks however large N gets).
# Prints wall time and peak RSS per N: memory follows the distinct stacks,
# not the number of inputs, because each input is folded in and freed
# before the next is read.
# usage: bench/merge.sh [CPROF] [SAMPLES] [DISTINCT] [N...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cprof=${1:-$here/../build/cmd/cprof}
samples=${2:-10000}
distinct=${3:-10}
shift $(( $# < 3 ? $# : 3 ))
counts=("$@")
[[ ${#counts[@]} -gt 0 ]] || counts=(1 10 100 1000)
gen=${GENPROFILE:-$here/genprofile.py}
[[ -f $gen ]] || gen=/work/shared/bench/genprofile.py
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

for ((i = 1; i <= distinct; i++)); do
  python3 "$gen" --samples "$samples" --seed "$i" "$tmp/p$i.pb.gz"
done
printf 'inputs of %d samples, cycling through %d distinct files (%s each)\n' \
  "$samples" "$distinct" "$(du -h "$tmp/p1.pb.gz" | cut -f1)"
printf '%8s %10s %12s\n' inputs seconds peak_rss_MB
for n in "${counts[@]}"; do
  args=()
  for ((i = 0; i < n; i++)); do args+=("$tmp/p$((i % distinct + 1)).pb.gz"); done
  /usr/bin/time -f '%e %M' -o "$tmp/time" \
    env TZ=UTC "$cprof" -comments "${args[@]}" >/dev/null 2>"$tmp/err" ||
    { cat "$tmp/err" >&2; exit 1; }
  read -r secs kb <"$tmp/time"
  printf '%8d %10s %12.1f\n' "$n" "$secs" "$(echo "$kb/1024" | bc -l)"
done
