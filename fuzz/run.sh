#!/usr/bin/env bash
# Runs every libFuzzer target (or those named) for a bounded time each.
#
# usage: fuzz/run.sh [-t SECONDS] [-j JOBS] BUILD_DIR [TARGET...]
#   BUILD_DIR configured with: CC=clang CXX=clang++ meson setup BUILD_DIR -Dfuzzers=true \
#       -Db_sanitize=address,undefined -Db_lundef=false
#   -t  seconds per target (default 60; FUZZ_SECONDS also sets it)
#   -j  parallel fuzzing jobs per target (default 1)
# Seeds are read from the source tree and never written; new inputs go to
# BUILD_DIR/fuzz-corpus/TARGET, crashes to BUILD_DIR/fuzz-artifacts/TARGET/.
# Prints one summary line per target; exits 1 if any target crashed.
set -u
secs=${FUZZ_SECONDS:-60} jobs=1
while getopts t:j: o; do
  case $o in
    t) secs=$OPTARG ;;
    j) jobs=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ $# -ge 1 ]] || { echo "usage: fuzz/run.sh [-t SECONDS] [-j JOBS] BUILD_DIR [TARGET...]" >&2; exit 2; }
build=$(cd "$1" && pwd)
shift
root=$(cd "$(dirname "$0")/.." && pwd)
td=$root/testdata

# The same seeds as fuzz/meson.build, and the largest input worth trying.
declare -A seeds=(
  [source]="$td/conformance/profiles $td/bad $td/regress/source"
  [legacy]="$td/conformance/profiles $td/regress/legacy"
  [regex]="$root/fuzz/corpus/regex $td/regress/regex"
  [flags]="$root/fuzz/corpus/flags $td/regress/flags"
  [symbolize]="$td/conformance/profiles $td/regress/symbolize"
  [tagrange]="$root/fuzz/corpus/tagrange $td/regress/tagrange"
  [driver]="$root/fuzz/corpus/driver $td/regress/driver"
  [folded]="$root/fuzz/corpus/folded $td/regress/folded"
  [perf_data]="$root/fuzz/corpus/perf_data $td/bad $td/regress/perf_data"
  [perf_script]="$root/fuzz/corpus/perf_script $td/regress/perf_script"
)
declare -A maxlen=([perf_data]=131072 [source]=65536 [legacy]=65536 [regex]=4096 [flags]=4096 [tagrange]=256
  [symbolize]=1048576)

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for f in "$build"/fuzz/fuzz_*; do
    [[ -x $f && -f $f ]] && targets+=("${f##*/fuzz_}")
  done
fi
[[ ${#targets[@]} -gt 0 ]] || { echo "no fuzz targets in $build/fuzz (configure with -Dfuzzers=true)" >&2; exit 2; }

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/fuzz/lsan.supp}
status=0
for t in "${targets[@]}"; do
  corpus=$build/fuzz-corpus/$t arts=$build/fuzz-artifacts/$t
  mkdir -p "$corpus" "$arts"
  dirs=()
  for d in ${seeds[$t]:-}; do [[ -d $d ]] && dirs+=("$d"); done
  # what fuzz/long.sh merged for targets seeded from testdata/
  kept=$root/fuzz/corpus/$t
  [[ -d $kept && " ${seeds[$t]:-} " != *" $kept "* ]] && dirs+=("$kept")
  log=$build/fuzz-$t.log
  start=$build/fuzz-$t.start
  touch "$start" # crashes newer than this are this run's
  # full malloc stacks for fuzz/lsan.supp (libdw has no frame pointers)
  unwind=
  [[ $t == symbolize ]] && unwind=:fast_unwind_on_malloc=0
  ASAN_OPTIONS=$ASAN_OPTIONS$unwind \
  "$build/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -max_len="${maxlen[$t]:-65536}" -print_final_stats=1 \
    -jobs="$jobs" -workers="$jobs" \
    -artifact_prefix="$arts/" "$corpus" "${dirs[@]}" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | awk '{s += $1} END {print s + 0}')
  crashes=$(find "$arts" -type f -newer "$start" | wc -l)
  echo "$t: ${secs}s, $execs executions, corpus $(find "$corpus" -type f | wc -l) inputs, $crashes crashing inputs in $arts (log $log)"
  if ((rc != 0 || crashes > 0)); then
    status=1
  fi
done
exit $status
