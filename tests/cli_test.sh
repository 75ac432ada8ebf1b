#!/usr/bin/env bash
# The command line's help and usage errors: -h/-help/--help print the
# usage on stdout with status 0 and document every flag go tool pprof
# 1.23.5's -h lists (testdata/cli/pprof-h.txt) plus the modes and the
# environment variables; a misspelt flag gets Go's flag-package message
# and the usage with status 2; a bare cprof prints the usage, status 2.
# usage: cli_test.sh CPROF TESTDATA_DIR
set -u
bin=$1 dir=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL $*"; status=1; }

for h in -h -help --help; do
  "$bin" $h >"$tmp/out" 2>"$tmp/err"; rc=$?
  [[ $rc -eq 0 ]] || fail "$h: status $rc"
  [[ -s $tmp/err ]] && fail "$h: wrote to stderr"
  head -n 1 "$tmp/out" | grep -qx 'usage:' || fail "$h: no usage on stdout"
done
"$bin" -h >"$tmp/usage"
for f in $(sed -n 's/^ *-\([a-z_]*\).*/\1/p' "$dir/cli/pprof-h.txt" | sort -u); do
  grep -q "^ *-$f\\b" "$tmp/usage" || fail "-h: -$f (in pprof's -h) missing"
done
for w in 'cprof <format> \[options\]' 'cprof \[options\] \[binary\] <source>' \
    'cprof -http \[host\]:\[port\]' PPROF_TMPDIR PPROF_TOOLS PPROF_BINARY_PATH \
    '^ *HOME ' 'Output formats' 'Legacy convenience options'; do
  grep -q "$w" "$tmp/usage" || fail "-h: $w missing"
done
# every listed flag has a description on its line or the next
awk '/^ *-[a-z_]+/ && NF < 2 { getline nxt; if (nxt !~ /^ {20,}[A-Z]/) print $1 }' \
  "$tmp/usage" | grep -v '^-\(sort\|granularity\)$' >"$tmp/bare"
[[ -s $tmp/bare ]] && fail "-h: flags without a description: $(tr '\n' ' ' <"$tmp/bare")"

"$bin" -topp x >"$tmp/out" 2>"$tmp/err"; rc=$?
[[ $rc -eq 2 ]] || fail "-topp: status $rc"
head -n 1 "$tmp/err" | grep -qx 'flag provided but not defined: -topp' ||
  fail "-topp: first line $(head -n 1 "$tmp/err")"
grep -qx 'usage:' "$tmp/err" || fail "-topp: no usage"
[[ -s $tmp/out ]] && fail "-topp: wrote to stdout"

"$bin" >"$tmp/out" 2>"$tmp/err"; rc=$?
[[ $rc -eq 2 ]] || fail "no arguments: status $rc"
head -n 1 "$tmp/err" | grep -qx 'usage:' || fail "no arguments: no usage first"
exit $status
