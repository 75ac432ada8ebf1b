#!/usr/bin/env bash
# -folded and the folded stacks reader.
#  1. Oracle: gperftools' perl pprof (google-pprof --collapsed) on the
#     legacy CPU profiles it reads, with object tools that know nothing
#     (so both sides print raw addresses): the same stacks, the same
#     sample counts, against cprof -folded -addresses -symbolize=none.
#  2. Round trip: a folded file (sorted, distinct stacks, as
#     stackcollapse-*.pl and cprof write it) read and written back is
#     identical, and so is cprof's own -folded output read back.
#  3. Hand-computed: filters, -sample_index and granularity apply.
# usage: folded_test.sh CPROF TESTDATA_DIR
set -u
bin=$1 td=$2
[[ $bin == */* ]] && bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
td=$(cd "$td" && pwd)
command -v google-pprof >/dev/null || { echo "google-pprof missing (apt-get install google-perftools)"; exit 77; }
command -v python3 >/dev/null || { echo "python3 missing"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

# Object tools that print nothing: google-pprof then names no frame.
mkdir "$tmp/tools"
for t in nm objdump addr2line c++filt otool; do
  printf '#!/bin/sh\nexit 0\n' >"$tmp/tools/$t"
  chmod +x "$tmp/tools/$t"
done

# Each frame as its address (lowercase hex, no 0x, no leading zeros),
# equal stacks summed, sorted.
normalize() {
  python3 -c '
import re, sys, collections
acc = collections.Counter()
for line in sys.stdin:
    line = line.rstrip("\n")
    m = re.match(r"^(.*) (-?\d+)$", line)
    if not m:
        continue
    frames = []
    for f in m.group(1).split(";"):
        a = re.search(r"(?:0x)?([0-9a-fA-F]+)", f)
        frames.append(a.group(1).lower().lstrip("0") or "0")
    acc[";".join(frames)] += int(m.group(2))
for k in sorted(acc):
    if acc[k]:
        print(k, acc[k])
'
}

prof=$td/conformance/profiles
# (perl pprof reads large.cpu as "old format", and prints go.crc32.cpu's
# leaves alone: not oracles.)
for case in "c1/cprog c1/cpu.prof" "/bin/true pprof/cppbench.cpu" \
    "/bin/true pprof/gobench.cpu"; do
  set -- $case
  exe=$1 p=$2
  [[ $exe == /* ]] || exe=$prof/$exe
  (cd "$prof" && google-pprof --tools="$tmp/tools/" --collapsed "$exe" "$p" \
     2>/dev/null) | normalize >"$tmp/want"
  "$bin" -folded -addresses -symbolize=none -sample_index=samples \
    "$prof/$p" 2>"$tmp/err" | normalize >"$tmp/got"
  if [[ -s $tmp/want ]] && cmp -s "$tmp/want" "$tmp/got"; then
    ok
  else
    bad "google-pprof --collapsed $p: $(diff "$tmp/want" "$tmp/got" | wc -l) lines differ"
    diff "$tmp/want" "$tmp/got" | head -n 6
  fi
done

# Round trip of a hand-written file, names with spaces, brackets, ':'.
cat >"$tmp/a.folded" <<'EOT'
[unknown];_start;main;std::vector<int>::push_back(int const&) 7
_start;main;compute 3
_start;main;compute;leaf_[k] 42
_start;main;other thing;leaf_[k] 5
worker;run;-1 1
EOT
"$bin" -folded "$tmp/a.folded" >"$tmp/out" 2>"$tmp/err"
cmp -s "$tmp/a.folded" "$tmp/out" && [[ ! -s $tmp/err ]] && ok || { bad "round trip"; diff "$tmp/a.folded" "$tmp/out" | head; cat "$tmp/err"; }

# cprof's own output of a real profile reads back to itself.
"$bin" -folded "$prof/go1/cpu.pb.gz" >"$tmp/go.folded" 2>/dev/null
"$bin" -folded "$tmp/go.folded" >"$tmp/go2.folded" 2>"$tmp/err"
[[ -s $tmp/go.folded ]] && cmp -s "$tmp/go.folded" "$tmp/go2.folded" && ok || bad "round trip of go1/cpu.pb.gz -folded"

# Unsorted input with a repeated stack: summed, sorted.
printf 'b;c 2\na 1\nb;c 3\n\n' >"$tmp/u.folded"
"$bin" -folded "$tmp/u.folded" >"$tmp/out" 2>/dev/null
printf 'a 1\nb;c 5\n' | cmp -s - "$tmp/out" && ok || bad "unsorted input"

# -top of the hand-written file: flat/cum computed by hand.
"$bin" -top -nodecount=3 "$tmp/a.folded" 2>/dev/null | tail -n 3 >"$tmp/out"
cat >"$tmp/want" <<'EOT'
        47 81.03% 81.03%         47 81.03%  leaf_[k]
         7 12.07% 93.10%          7 12.07%  std::vector<int>::push_back(int const&)
         3  5.17% 98.28%         45 77.59%  compute
EOT
cmp -s "$tmp/want" "$tmp/out" && ok || { bad "-top of a folded file"; diff "$tmp/want" "$tmp/out"; }

# Filters: -focus keeps stacks through compute, -hide drops a frame.
"$bin" -folded -focus=compute -hide='leaf' "$tmp/a.folded" >"$tmp/out" 2>/dev/null
printf '_start;main;compute 45\n' | cmp -s - "$tmp/out" && ok || { bad "-focus/-hide"; cat "$tmp/out"; }

# -sample_index and granularity on a Go profile: the total of the
# folded values equals -top's total, for each sample type.
for si in samples cpu; do
  col=1; [[ $si == cpu ]] && col=2
  want=$("$bin" -raw "$prof/go1/cpu.pb.gz" 2>/dev/null |
    awk -v c=$col '/^Samples:/{s=1;next} /^Locations/{s=0}
      s { sub(/:.*/, ""); if ($c ~ /^[0-9]+$/) t += $c } END{printf "%d\n", t}')
  got=$("$bin" -folded -sample_index=$si "$prof/go1/cpu.pb.gz" 2>/dev/null |
    awk '{t+=$NF} END{printf "%d\n", t}')
  [[ -n $want && $want == "$got" ]] && ok || bad "-sample_index=$si total $got, want $want"
done
# -files: every frame is a file name.
"$bin" -folded -files "$prof/go1/cpu.pb.gz" 2>/dev/null >"$tmp/out"
if [[ -s $tmp/out ]] && ! sed 's/ [0-9]*$//' "$tmp/out" | tr ';' '\n' | grep -qv '\.\(go\|s\)$\|^<unknown>$'; then ok; else bad "-files granularity"; head -3 "$tmp/out"; fi

echo "$pass passed, $fail failed"
((fail == 0))
