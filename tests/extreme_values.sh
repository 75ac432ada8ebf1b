#!/usr/bin/env bash
# Sweeps every report format and the value-changing options over profiles
# whose sample values sit at +-2^63 (testdata/extreme, see make.py there).
# Go wraps int64 arithmetic silently; in C the same overflow is undefined,
# so under the ASan/UBSan build any sanitizer report fails the case. Each
# run must also end with exit status 0 or 1 (never a signal) within the
# timeout, and print one "cprof: ..." error line when it fails.
# The values themselves are checked against go tool pprof by the ext.*
# conformance cases.
# usage: extreme_values.sh CPROF TESTDATA_DIR
set -u
bin=$1 dir=$2
[[ $bin == */* ]] && bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
dir=$(cd "$dir" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
max=extreme/max.pb.gz base=extreme/base.pb.gz

formats=(-top -text -tree -traces -peek=. -tags -raw -comments -list=. -weblist=. -flame -folded
  -disasm=. -dot -svg -callgrind -proto -topproto)
options=(
  ""
  "-cum"
  "-mean"
  "-mean -nodefraction=0"
  "-flat"
  "-lines"
  "-files"
  "-addresses"
  "-sample_index=0"
  "-unit=minimum"
  "-unit=hours"
  "-divide_by=1e300"
  "-divide_by=1e-300"
  "-divide_by=-1"
  "-drop_negative"
  "-nodefraction=0 -edgefraction=0"
  "-nodefraction=1e-300"
  "-tagfocus=bytes=1:"
  "-tagshow=bytes"
  "-diff_base=$base"
  "-base=$base"
  "-normalize -base=$base"
  "-normalize -diff_base=$base -drop_negative"
  "-relative_percentages -focus=hot"
)

for fmt in "${formats[@]}"; do
  for opt in "${options[@]}"; do
    # shellcheck disable=SC2086  # the options are words without spaces
    (cd "$dir" && TZ=UTC PPROF_BINARY_PATH=/nonexistent PPROF_TMPDIR=$tmp \
      timeout 60 "$bin" "$fmt" $opt -output="$tmp/out" "$max" \
      </dev/null >/dev/null 2>"$tmp/err")
    rc=$?
    name="$fmt $opt"
    if grep -qE 'Sanitizer|runtime error:|^==[0-9]+==' "$tmp/err"; then
      fail=$((fail + 1)); echo "FAIL $name: sanitizer report"
      grep -m3 -E 'runtime error:|Sanitizer' "$tmp/err" | sed 's/^/    /'
    elif ((rc != 0 && rc != 1)); then
      fail=$((fail + 1)); echo "FAIL $name: exit status $rc"
    elif ((rc == 1)) && [[ $(grep '^cprof: ' "$tmp/err" | grep -vc '^cprof: warning: ') -ne 1 ]]; then
      fail=$((fail + 1)); echo "FAIL $name: want one error line"
      sed 's/^/    /' "$tmp/err" | head -n 3
    else
      pass=$((pass + 1))
    fi
  done
done
echo "$pass passed, $fail failed"
((fail == 0))
