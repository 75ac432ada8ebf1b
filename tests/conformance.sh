#!/usr/bin/env bash
# Runs the conformance suite (go tool pprof's recorded output) against
# cprof. A case listed in xfail.txt must fail and any other must pass, so a
# fixed case that is still listed fails the run too: the list only shrinks.
# usage: conformance.sh CPROF TESTDATA_DIR
set -u
bin=$1 dir=$2
out=$(bash "$dir/run" --set "$dir" "$bin" 2>&1)
fails=$(printf '%s\n' "$out" | sed -n 's/^FAIL \([^:]*\):.*/\1/p' | sort)
xfail=$(grep -v '^#' "$dir/xfail.txt" | sed '/^$/d' | sort)
status=0
unexpected=$(comm -23 <(printf '%s\n' "$fails" | sed '/^$/d') <(printf '%s\n' "$xfail"))
fixed=$(comm -13 <(printf '%s\n' "$fails" | sed '/^$/d') <(printf '%s\n' "$xfail"))
total=$(cut -f1 "$dir/cases.tsv" | sed '/^$/d' | wc -l)
nx=$(printf '%s\n' "$xfail" | sed '/^$/d' | wc -l)
# the runner's closing "N passed, M failed" must account for every case:
# a suite that ran nothing (or lost cases) is a failure, not a pass
ran=$(printf '%s\n' "$out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2/p' | tail -n 1)
read -r npass nfail <<<"${ran:-0 0}"
if (( total == 0 || npass + nfail != total )); then
  echo "conformance: $((npass + nfail)) cases ran, cases.tsv lists $total"
  status=1
fi
if [[ -n $unexpected ]]; then
  echo "unexpected failures:"; printf '  %s\n' $unexpected; status=1
fi
if [[ -n $fixed ]]; then
  echo "now passing, remove from xfail.txt:"; printf '  %s\n' $fixed; status=1
fi
echo "conformance: $((total - nx)) of $total cases required to pass; $nx expected failures"
exit $status
