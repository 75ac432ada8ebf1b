#!/usr/bin/env bash
# Side-by-side benchmark: cprof -top against go tool pprof -top on a large
# synthetic profile. Runs each tool RUNS times (default 3), checks the
# outputs are identical, then prints the best (least) wall time with that
# run's peak RSS and user CPU time, and the ratios.
# usage: bench/top.sh [CPROF] [SAMPLES]   (RUNS=N in the environment)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cprof=${1:-$here/../build/cmd/cprof}
samples=${2:-100000}
runs=${RUNS:-3}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
prof=$tmp/big.pb.gz
python3 "$here/genprofile.py" --samples "$samples" "$prof"

# name, command...: runs the command $runs times; prints the run with the
# least wall time as "seconds maxrss_kb user_seconds". Every run's output
# must be the same.
measure() {
  local name=$1; shift
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%e %M %U' -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    cat "$tmp/$name.time" >>"$tmp/$name.times"
    if ((i == 0)); then
      cp "$tmp/$name.out" "$tmp/$name.first"
    elif ! cmp -s "$tmp/$name.out" "$tmp/$name.first"; then
      echo "$name: output differs between runs" >&2
      return 1
    fi
  done
  sort -n "$tmp/$name.times" | head -1
}
read -r ct cm cu < <(measure cprof env TZ=UTC "$cprof" -top "$prof")
read -r gt gm gu < <(measure pprof env TZ=UTC go tool pprof -top "$prof")
[[ -n $ct && -n $gt ]] || exit 1
if cmp -s "$tmp/cprof.out" "$tmp/pprof.out"; then same=identical; else same=DIFFERENT; fi
printf 'profile: %d samples (%s); best wall time of %d runs each\n' \
  "$samples" "$(du -h "$prof" | cut -f1)" "$runs"
printf '%-16s %10s %10s %12s\n' tool seconds user_s peak_rss_MB
printf '%-16s %10s %10s %12.1f\n' "go tool pprof" "$gt" "$gu" "$(echo "$gm/1024" | bc -l)"
printf '%-16s %10s %10s %12.1f\n' cprof "$ct" "$cu" "$(echo "$cm/1024" | bc -l)"
printf 'speed-up: %.1fx wall, %.1fx user CPU   memory: %.1fx less   output: %s\n' \
  "$(echo "$gt/($ct+0.001)" | bc -l)" "$(echo "$gu/($cu+0.001)" | bc -l)" \
  "$(echo "$gm/$cm" | bc -l)" "$same"
[[ $same == identical ]]
