#!/usr/bin/env bash
# Side-by-side benchmark: cprof -top against go tool pprof -top on a large
# synthetic profile. Checks the outputs are identical, then prints wall
# time, peak RSS and the ratios.
# usage: bench/top.sh [CPROF] [SAMPLES]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cprof=${1:-$here/../build/cmd/cprof}
samples=${2:-100000}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
prof=$tmp/big.pb.gz
python3 "$here/genprofile.py" --samples "$samples" "$prof"

measure() { # name, command...: prints "seconds maxrss_kb"
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
  cat "$tmp/$name.time"
}
read -r ct cm < <(measure cprof env TZ=UTC "$cprof" -top "$prof")
read -r gt gm < <(measure pprof env TZ=UTC go tool pprof -top "$prof")
if cmp -s "$tmp/cprof.out" "$tmp/pprof.out"; then same=identical; else same=DIFFERENT; fi
printf 'profile: %d samples (%s)\n' "$samples" "$(du -h "$prof" | cut -f1)"
printf '%-16s %10s %12s\n' tool seconds peak_rss_MB
printf '%-16s %10s %12.1f\n' "go tool pprof" "$gt" "$(echo "$gm/1024" | bc -l)"
printf '%-16s %10s %12.1f\n' cprof "$ct" "$(echo "$cm/1024" | bc -l)"
printf 'speed-up: %.1fx   memory: %.1fx less   output: %s\n' \
  "$(echo "$gt/($ct+0.001)" | bc -l)" "$(echo "$gm/$cm" | bc -l)" "$same"
[[ $same == identical ]]
