#!/usr/bin/env bash
# The perf.data reader against perf itself, on profiles recorded now from
# tests/perf/prog.c (cpu-clock works without hardware counters):
#  - per-function sample counts of `cprof -top -noinlines` equal those of
#    `perf report --stdio -n --no-children --sort dso,sym -g none`, for a
#    frame-pointer call graph (-g), a DWARF one (--call-graph dwarf,
#    unwound by cprof with libdwfl), a pipe-mode recording (-o -), a
#    recording without call graphs, and two events at once (one
#    -sample_index per event);
#  - the stacks of `cprof -traces` equal `perf script`'s, per thread;
#  - JIT frames named from /tmp/perf-PID.map (tests/perf/jit.c);
#  - pid/tid/comm labels: -tags and -tagfocus.
# tests/perf/compare.py normalizes both sides (see there for what is
# compared and why). Skips (77) without perf or a C compiler, or where
# perf_event_open is refused (perf_event_paranoid).
# usage: perf_test.sh CPROF SOURCE_DIR
set -u
bin=$1 src=$2
[[ $bin == */* ]] && bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
src=$(cd "$src" && pwd)
cmp_py=$src/tests/perf/compare.py
command -v perf >/dev/null || { echo "perf missing (apt-get install linux-perf)"; exit 77; }
command -v cc >/dev/null || { echo "no C compiler"; exit 77; }
command -v python3 >/dev/null || { echo "python3 missing"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
if ! perf record -q -e cpu-clock -o probe.data true >/dev/null 2>err; then
  echo "perf record refused (perf_event_paranoid=$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null)):"
  head -n 3 err
  exit 77
fi
cc -O0 -g -fno-omit-frame-pointer -pthread -o prog "$src/tests/perf/prog.c" || exit 1
export TZ=UTC
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() {
  fail=$((fail + 1))
  echo "FAIL $1"
  [[ $# -eq 3 ]] && diff "$2" "$3" | head -n 10
  return 0
}

# check_top NAME FILE EVENT...: per-function counts, perf report vs -top
check_top() {
  local name=$1 data=$2
  shift 2
  perf report -i "$data" --stdio -n --no-children --sort dso,sym -g none 2>/dev/null |
    python3 "$cmp_py" report prog >want.top
  : >got.top
  for ev in "$@"; do
    "$bin" -top -noinlines -addresses -nodecount=1000000 -nodefraction=0 \
      -sample_index="${ev}_samples" "$data" 2>err | python3 "$cmp_py" top "$ev" prog >>got.top
  done
  if [[ -s want.top ]] && cmp -s want.top got.top; then ok; else bad "$name: -top vs perf report" want.top got.top; fi
}

# check_traces NAME FILE: stacks, perf script vs -traces
check_traces() {
  local name=$1 data=$2
  perf script -i "$data" 2>/dev/null | python3 "$cmp_py" script prog main,worker >want.tr
  "$bin" -traces -noinlines -addresses -sample_index=cpu-clock_samples "$data" 2>/dev/null |
    python3 "$cmp_py" traces prog main,worker >got.tr
  if [[ -s want.tr ]] && cmp -s want.tr got.tr; then ok; else bad "$name: -traces vs perf script" want.tr got.tr; fi
}

perf record -q -e cpu-clock -g -o fp.data ./prog 10 >/dev/null 2>&1 || { bad "perf record -g"; }
check_top "-g" fp.data cpu-clock
check_traces "-g" fp.data

# DWARF call graphs: cprof unwinds the stack copies with libdwfl
perf record -q -e cpu-clock --call-graph dwarf -o dwarf.data ./prog 5 >/dev/null 2>&1 ||
  bad "perf record --call-graph dwarf"
check_top "--call-graph dwarf" dwarf.data cpu-clock
check_traces "--call-graph dwarf" dwarf.data

perf record -q -e cpu-clock -g -o - ./prog 5 >pipe.data 2>/dev/null || bad "perf record -o -"
check_top "pipe mode" pipe.data cpu-clock
check_traces "pipe mode" pipe.data

perf record -q -e cpu-clock -o flat.data ./prog 5 >/dev/null 2>&1 || bad "perf record"
check_top "no call graph" flat.data cpu-clock

perf record -q -e cpu-clock,task-clock -g -o two.data ./prog 5 >/dev/null 2>&1 || bad "perf record, two events"
check_top "two events" two.data cpu-clock task-clock

# perf script text of the same files: perf's own names, compared as they
# are (perf report's per-function counts, script stacks), and -F forms.
check_script_top() {
  local name=$1 data=$2 text=$3
  shift 3
  perf report -i "$data" --stdio -n --no-children --sort dso,sym -g none 2>/dev/null |
    python3 "$cmp_py" report - "$text" >want.top
  : >got.top
  for ev in "$@"; do
    "$bin" -top -noinlines -nodecount=1000000 -nodefraction=0 \
      -sample_index="${ev}_samples" "$text" 2>err | python3 "$cmp_py" top "$ev" - "$text" >>got.top
  done
  if [[ -s want.top ]] && cmp -s want.top got.top; then ok; else bad "$name: -top vs perf report" want.top got.top; fi
}
perf script -i fp.data >fp.txt 2>/dev/null
check_script_top "perf script" fp.data fp.txt cpu-clock
perf script -i fp.data 2>/dev/null | python3 "$cmp_py" script - main,worker >want.tr
"$bin" -traces -sample_index=cpu-clock_samples fp.txt 2>/dev/null |
  python3 "$cmp_py" traces - main,worker >got.tr
if [[ -s want.tr ]] && cmp -s want.tr got.tr; then ok; else bad "perf script: -traces vs perf script" want.tr got.tr; fi
# DWARF call graphs print inline frames, "(inlined)": they become the
# inline frames of their address's location
perf script -i dwarf.data >dwarf.txt 2>/dev/null
check_script_top "perf script, dwarf" dwarf.data dwarf.txt cpu-clock
perf script -i dwarf.data 2>/dev/null | python3 "$cmp_py" script - main,worker >want.tr
"$bin" -traces -noinlines -sample_index=cpu-clock_samples dwarf.txt 2>/dev/null |
  python3 "$cmp_py" traces - main,worker >got.tr
if [[ -s want.tr ]] && cmp -s want.tr got.tr; then ok; else bad "perf script, dwarf: -traces vs perf script" want.tr got.tr; fi
perf script -i flat.data >flat.txt 2>/dev/null
check_script_top "perf script, no call graph" flat.data flat.txt cpu-clock
perf script -i two.data -F comm,pid,tid,time,period,event,ip,sym,dso,symoff >two.txt 2>/dev/null
check_script_top "perf script -F ..., two events" two.data two.txt cpu-clock task-clock
# -F ip,sym: no headers, so one "samples" type; every sample counted
perf script -i fp.data -F ip,sym >ipsym.txt 2>/dev/null
want=$(perf script -i fp.data -F tid 2>/dev/null | grep -c .)
got=$("$bin" -raw ipsym.txt 2>/dev/null | awk '/^Samples:/{s=1;next} /^Locations/{s=0}
  s { sub(/:.*/, ""); if ($1 ~ /^[0-9]+$/) t += $1 } END{print t + 0}')
[[ $want == "$got" ]] && ok || bad "perf script -F ip,sym: $got samples, want $want"

# JIT code named through /tmp/perf-PID.map (x86_64 machine code)
if [[ $(uname -m) == x86_64 ]]; then
  cc -O0 -g -fno-omit-frame-pointer -o jit "$src/tests/perf/jit.c" || bad "cc jit.c"
  perf record -q -e cpu-clock -g -o jit.data ./jit >/dev/null 2>&1 || bad "perf record ./jit"
  perf report -i jit.data --stdio -n --no-children --sort dso,sym -g none 2>/dev/null |
    python3 "$cmp_py" report jit >want.top
  "$bin" -top -noinlines -addresses -nodecount=1000000 -nodefraction=0 \
    -sample_index=cpu-clock_samples jit.data 2>/dev/null | python3 "$cmp_py" top cpu-clock jit >got.top
  if grep -q 'j:jit_second' want.top && cmp -s want.top got.top; then ok; else bad "JIT map: -top vs perf report" want.top got.top; fi
  jpid=$(perf script -i jit.data -F pid 2>/dev/null | head -n 1 | tr -d ' ')
  [[ -n $jpid ]] && rm -f "/tmp/perf-$jpid.map"
fi

# Labels: every sample has comm "prog"; the worker thread's tid focuses
# on exactly its samples (perf script's count of them). The labels are
# strings: a bare number would be read as a numeric range, so anchor it.
"$bin" -tags fp.data 2>/dev/null >tags
if grep -q '^ comm: Total' tags && grep -q ': prog$' tags && grep -q '^ tid: Total' tags; then ok; else bad "-tags"; cat tags; fi
wtid=$(perf script -i fp.data -F tid,ip,sym 2>/dev/null | awk '/^ *[0-9]+ *$/ {t=$1} /worker/ {print t; exit}')
if [[ -n $wtid ]]; then
  want=$(perf script -i fp.data -F tid 2>/dev/null | awk -v t="$wtid" '$1 == t' | wc -l)
  got=$("$bin" -traces -tagfocus=tid="^$wtid\$" -sample_index=cpu-clock_samples fp.data 2>/dev/null |
    awk '/^ *[0-9]+   / {s += $1} END {print s + 0}')
  [[ $want == "$got" ]] && ok || bad "-tagfocus=tid=$wtid: $got samples, want $want"
else
  bad "no worker thread sample in perf script"
fi

echo "$pass passed, $fail failed"
((fail == 0))
