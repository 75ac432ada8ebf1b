#!/usr/bin/env bash
# Patterns that make a backtracking matcher exponential, on
# testdata/crafted/regex.pb.gz (10 samples of 1: seven leaves "a"*n+"cb",
# n = 40..46, three "x"+"a"*n; see tests/mkprofile.py). The right counts
# follow from the names: (a|aa)*b matches every name holding a 'b' (7),
# (a|aa)+$ every name ending in 'a' (3). PCRE2 gave 0 for the first (its
# match limit counted as no match, where pprof shows 7) and took
# exponential time on the second. Each run is bounded by timeout.
# usage: regex_pathological.sh CPROF SOURCE_ROOT
set -u
cprof=$1 prof=$2/testdata/crafted/regex.pb.gz
fails=0

# check OPTION WANT: WANT is -top's "Showing nodes" line
check() {
  local out rc
  out=$(TZ=UTC timeout 20 "$cprof" -top "$1" "$prof" 2>&1)
  rc=$?
  if ((rc != 0)); then
    echo "FAIL: $1: exit $rc (124: timed out)"; fails=$((fails + 1)); return
  fi
  if grep -qxF "Showing nodes accounting for $2" <<<"$out"; then
    echo "ok: $1: $2"
  else
    echo "FAIL: $1: want 'Showing nodes accounting for $2', got:"
    grep "Showing nodes" <<<"$out"; fails=$((fails + 1))
  fi
}

check '-focus=(a|aa)*b' '7, 70.00% of 10 total'
check '-focus=(a|aa)+$' '3, 30.00% of 10 total'
check '-ignore=(a|aa)*b' '3, 30.00% of 10 total'
check '-show=(a|aa)*b' '7, 70.00% of 10 total'
# hidden frames leave their weight to main
check '-hide=(a|aa)+$' '10, 100% of 10 total'
check '-focus=(a*)*cb$' '7, 70.00% of 10 total'
check '-focus=^(a|a?)+c' '7, 70.00% of 10 total'

((fails == 0)) || exit 1
