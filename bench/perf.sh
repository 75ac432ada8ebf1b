#!/usr/bin/env bash
# perf.data: `cprof -top` against `perf report --stdio` on the same file.
# Records tests/perf/prog.c (ROUNDS rounds, cpu-clock at FREQ Hz, -g), then
# runs each three times: perf report, cprof -top, and cprof -top without
# symbolization (-symbolize=none: kernel names only; most of cprof's time
# is libdwfl reading the binaries' DWARF for lines and inline frames,
# which perf report --sort sym does not need). Prints the best wall time
# of each with that run's user+system CPU and peak RSS, and each cprof
# run's ratio to perf. Needs perf and a C compiler.
# usage: bench/perf.sh [CPROF] [ROUNDS] [FREQ]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cprof=$(realpath "${1:-$here/../build/cmd/cprof}")
rounds=${2:-200}
freq=${3:-10000}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
cc -O0 -g -fno-omit-frame-pointer -pthread -o prog "$here/../tests/perf/prog.c"
perf record -q -e cpu-clock -F "$freq" -g -o perf.data ./prog "$rounds" >/dev/null 2>&1
samples=$(perf script -i perf.data -F tid 2>/dev/null | wc -l)
printf 'perf.data of %s samples (%s)\n' "$samples" "$(du -h perf.data | cut -f1)"

# best NAME CMD...: best of three wall times, with its user time and RSS
best() {
  local name=$1 b=
  shift
  for _ in 1 2 3; do
    /usr/bin/time -f '%e %U %S %M' -o t "$@" >/dev/null 2>&1
    read -r w u s m <t
    u=$(awk -v a="$u" -v b="$s" 'BEGIN {print a + b}')
    if [[ -z $b ]] || awk -v a="$w" -v b="${b%% *}" 'BEGIN {exit !(a < b)}'; then
      b="$w $u $m"
    fi
  done
  echo "$name $b"
}
{
  best perf_report perf report -i perf.data --stdio --no-children --sort sym -g none
  best cprof_top "$cprof" -top perf.data
  best cprof_top_nosym "$cprof" -top -symbolize=none perf.data
} >results
printf '%-16s %8s %8s %12s %14s\n' tool wall_s cpu_s peak_rss_MB wall_vs_perf
awk 'NR == 1 {w = $2} {printf "%-16s %8.2f %8.2f %12.1f %13.2fx\n",
  $1, $2, $3, $4 / 1024, $2 / w}' results
