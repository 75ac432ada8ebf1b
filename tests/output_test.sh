#!/usr/bin/env bash
# Where reports are written: -output FILE holds the bytes the report
# prints on stdout, for reports written in pieces (-traces, -raw,
# -callgrind, -proto, larger than one 64 KiB piece here) and whole
# (-top, -svg); a write that fails (/dev/full) is one "cprof: write ...:
# no space left on device" line (Go's wording, as pprof's error) and
# status 1, after pprof's "Generating report in" line for -output; an
# unopenable -output is "open ..."; a report refused for its settings
# leaves no file and no "Generating" line, as pprof opens the file only
# after generating.
# usage: output_test.sh CPROF PROFILE
set -u
bin=$1 prof=$2
[[ -w /dev/full ]] || { echo "no /dev/full"; exit 77; }
# stderr is compared whole: under LeakSanitizer, no summary of the
# suppressed graphviz leaks (tests/lsan.supp) at exit
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL $*"; status=1; }

for fmt in -traces -raw -callgrind -proto -top -svg; do
  "$bin" $fmt "$prof" >"$tmp/stdout" 2>"$tmp/err"; rc=$?
  [[ $rc -eq 0 && -s $tmp/stdout ]] || { fail "$fmt to stdout: status $rc"; continue; }
  "$bin" $fmt -output "$tmp/file" "$prof" >"$tmp/out" 2>"$tmp/err"; rc=$?
  [[ $rc -eq 0 ]] || fail "$fmt -output: status $rc"
  cmp -s "$tmp/stdout" "$tmp/file" || fail "$fmt -output: differs from stdout"
  [[ -s $tmp/out ]] && fail "$fmt -output: wrote to stdout"
  printf 'Generating report in %s\n' "$tmp/file" | cmp -s - "$tmp/err" ||
    fail "$fmt -output: stderr $(head -c 200 "$tmp/err")"

  "$bin" $fmt -output /dev/full "$prof" >"$tmp/out" 2>"$tmp/err"; rc=$?
  [[ $rc -eq 1 ]] || fail "$fmt -output /dev/full: status $rc"
  printf 'Generating report in /dev/full\ncprof: write /dev/full: no space left on device\n' |
    cmp -s - "$tmp/err" || fail "$fmt -output /dev/full: stderr $(head -c 300 "$tmp/err")"

  "$bin" $fmt "$prof" >/dev/full 2>"$tmp/err"; rc=$?
  [[ $rc -eq 1 ]] || fail "$fmt >/dev/full: status $rc"
  echo 'cprof: write /dev/stdout: no space left on device' | cmp -s - "$tmp/err" ||
    fail "$fmt >/dev/full: stderr $(head -c 300 "$tmp/err")"
done

"$bin" -traces -output "$tmp/missing/x" "$prof" >"$tmp/out" 2>"$tmp/err"; rc=$?
[[ $rc -eq 1 ]] || fail "-output in a missing folder: status $rc"
printf 'Generating report in %s\ncprof: open %s: no such file or directory\n' \
  "$tmp/missing/x" "$tmp/missing/x" | cmp -s - "$tmp/err" ||
  fail "-output in a missing folder: stderr $(head -c 300 "$tmp/err")"

rm -f "$tmp/file"
"$bin" -traces -focus='(' -output "$tmp/file" "$prof" >"$tmp/out" 2>"$tmp/err"; rc=$?
[[ $rc -eq 1 ]] || fail "bad -focus: status $rc"
[[ -e $tmp/file ]] && fail "bad -focus: created the -output file"
grep -q '^Generating' "$tmp/err" && fail "bad -focus: printed Generating"
[[ $(wc -l <"$tmp/err") -eq 1 ]] || fail "bad -focus: stderr $(head -c 300 "$tmp/err")"
exit $status
