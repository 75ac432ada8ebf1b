#!/usr/bin/env bash
# -disasm and -list on the C test program (testdata/conformance/profiles/c1,
# a PIE built from cprog.c at /tmp/src/cprog), checked against facts one can
# verify by hand rather than against cprof's own earlier output:
#  - the disassembly of `series` starts at nm's address of the symbol, stays
#    inside nm's size, and (when objdump is there) its instruction addresses
#    are exactly objdump's;
#  - per-instruction flat values add up to the routine's flat, and each
#    sampled address of -top -addresses -noinlines is one instruction with
#    the same flat, all shifted by one page-aligned load bias;
#  - -intel_syntax lists the same addresses and values;
#  - -list prints the source text of cprog.c at the line numbers it shows,
#    and main's line 88 (the call of series) carries series' cum;
#  - edge cases, with no sanitizer report: a binary without any symbol
#    (objcopy --strip-all; once qsort(NULL, 0)), and a profile naming the
#    file "/" for an instruction without DWARF (once a leaked "" copy).
# usage: annotate_c.sh CPROF C1_DIR
set -u
bin=$(realpath "$1") dir=$2
cd "$dir" || exit 1
fail=0
bad() { echo "FAIL: $*"; fail=1; }
export TZ=UTC PPROF_BINARY_PATH=/nonexistent
command -v nm >/dev/null || { echo "nm (binutils) not found"; exit 77; }

# "480ms", "1.33s", "." → milliseconds
ms() { awk -v v="$1" 'BEGIN {
  if (v == "." || v == "0") { print 0; exit }
  if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%d\n", v + 0.5; exit }
  if (v ~ /s$/) { sub(/s$/, "", v); printf "%d\n", v * 1000 + 0.5; exit }
  print "NaN" }'; }

# pprof first matches the regexp against "ADDRESS name file:line", so no ^…$
dis=$("$bin" -disasm='\bseries\b' cprog cpu.prof 2>/dev/null) || { echo "FAIL: -disasm failed"; exit 1; }
read -r sym_start sym_size < <(nm -S cprog | awk '$4 == "series" { print $1, $2 }')
start=$((16#$sym_start)) end=$((16#$sym_start + 16#$sym_size))

[[ $(sed -n 2p <<<"$dis") == "ROUTINE ======================== series" ]] ||
  bad "routine header: $(sed -n 2p <<<"$dis")"
head_flat=$(ms "$(sed -n 3p <<<"$dis" | awk '{ print $1 }')")

# instruction lines: FLAT CUM ADDR: TEXT
insns=$(awk 'NR > 3 && $3 ~ /:$/ { a = $3; sub(/:$/, "", a); print a, $1, $2 }' <<<"$dis")
[[ -n $insns ]] || bad "no instructions"
first=$(head -n1 <<<"$insns" | cut -d' ' -f1)
(( 16#$first == start )) || bad "first instruction $first is not series at $sym_start"
prev=-1 sum=0
while read -r a f _; do
  (( 16#$a > prev )) || bad "addresses not increasing at $a"
  (( 16#$a < end )) || bad "instruction $a past the end of series"
  prev=$((16#$a))
  sum=$((sum + $(ms "$f")))
done <<<"$insns"
(( sum == head_flat )) || bad "instruction flats sum to ${sum}ms, routine flat is ${head_flat}ms"

if command -v objdump >/dev/null; then
  want=$(objdump -d --no-show-raw-insn --start-address=$start --stop-address=$end cprog |
    awk '/^ *[0-9a-f]+:/ { a = $1; sub(/:$/, "", a); print a }')
  got=$(cut -d' ' -f1 <<<"$insns")
  [[ $want == "$got" ]] || bad "instruction addresses differ from objdump's"
else
  echo "objdump not found: instruction boundaries not compared"
fi

# Every sampled address of series is an instruction with the same flat.
# The load bias comes from the profile's mapping of cprog and the ELF's
# executable segment, independently of the samples it is checked against.
map=$("$bin" -raw -symbolize=none cprog cpu.prof 2>/dev/null |
  awk '/^Mappings/ { m = 1; next } m && $3 == "cprog" { print $2; exit }')
IFS=/ read -r mstart _ moff <<<"$map"
seg=$(readelf -lW cprog | awk '$1 == "LOAD" && / R E / { print $2, $3; exit }')
read -r soff svaddr <<<"$seg"
bias=""
if [[ -n $mstart && -n $moff && -n $soff ]]; then
  bias=$((mstart - moff + soff - svaddr))
fi
[[ -n $bias ]] && (( bias % 4096 == 0 )) || bad "load bias ${bias:-none} is not page aligned"
top=$("$bin" -top -addresses -noinlines -focus='^series$' cprog cpu.prof 2>/dev/null)
nrows=0
while read -r flat addr; do
  nrows=$((nrows + 1))
  rel=""
  while read -r a f _; do
    if [[ -n $bias ]] && (( 16#$addr - bias == 16#$a )); then rel=$a; got=$f; break; fi
  done <<<"$insns"
  if [[ -z $rel ]]; then bad "sample at $addr is no instruction of series"; continue; fi
  [[ $(ms "$got") == $(ms "$flat") ]] || bad "flat at $rel is $got, -top says $flat"
done < <(awk '$7 == "series" && $1 != "0" { print $1, $6 }' <<<"$top")
(( nrows > 0 )) || bad "-top -addresses shows no sample in series"

intel=$("$bin" -disasm='\bseries\b' -intel_syntax cprog cpu.prof 2>/dev/null)
[[ $(awk 'NR > 3 && $3 ~ /:$/ { print $1, $2, $3 }' <<<"$intel") == \
   $(awk '{ print $2, $3, $1 ":" }' <<<"$insns") ]] ||
  bad "-intel_syntax changes addresses or values"
grep -q '%' <<<"$(awk 'NR > 3 { sub(/;.*/, ""); print }' <<<"$intel")" &&
  bad "-intel_syntax still shows AT&T registers"

# -list: the text shown at each line number is cprog.c's.
list=$("$bin" -list='^main$' -trim_path=/tmp/src/cprog cprog cpu.prof 2>/dev/null) ||
  bad "-list failed"
[[ $(sed -n 2p <<<"$list") == "ROUTINE ======================== main in cprog.c" ]] ||
  bad "list header: $(sed -n 2p <<<"$list")"
n=0
while IFS= read -r line; do
  num=${line:22:6} text=${line:29}
  num=${num// /}
  [[ $text == "$(sed -n "${num}p" cprog.c)" ]] || bad "line $num differs from cprog.c"
  n=$((n + 1))
done < <(tail -n +4 <<<"$list")
(( n >= 11 )) || bad "list shows only $n lines"
series_cum=$(awk '$6 == "series" { print $4 }' < <("$bin" -top cprog cpu.prof 2>/dev/null))
line88=$(awk '$3 == "88:" { print $2 }' <<<"$list")
[[ $(ms "$line88") == $(ms "$series_cum") ]] ||
  bad "main:88 cum $line88, series cum $series_cum"

# Edge cases: a sanitizer report (UBSan halts, LSan reports at exit) or a
# signal fails them.
sanitized() { grep -qE 'Sanitizer|runtime error:|^==[0-9]+==' "$1"; }
if command -v objcopy >/dev/null && command -v python3 >/dev/null; then
  tmp=$(mktemp -d)
  objcopy --strip-all cprog "$tmp/nosyms"
  "$bin" -disasm=. "$tmp/nosyms" cpu.prof >/dev/null 2>"$tmp/err"
  rc=$?
  { ((rc <= 1)) && ! sanitized "$tmp/err"; } ||
    bad "-disasm with a binary without symbols: status $rc: $(head -c 300 "$tmp/err")"
  objcopy --strip-debug cprog "$tmp/cprog"
  # series+0xf of this cprog mapped as cpu.prof maps it, its function
  # in the file "/" (basename "")
  python3 - "$PWD/../../../bad/make.py" "$tmp/slash.pb" <<'PY'
import importlib.util, sys
spec = importlib.util.spec_from_file_location('bm', sys.argv[1])
bm = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bm)
p = bm.Profile()
p.sample_type('samples', 'count')
p.raw(bm.ld(3, bm.vint(1, 1) + bm.vint(2, 0x556b0bbd6000) +
            bm.vint(3, 0x556b0bbd7000) + bm.vint(4, 0x1000) +
            bm.vint(5, p.s('cprog')) + bm.vint(8, 1)))
p.raw(bm.ld(5, bm.vint(1, 1) + bm.vint(2, p.s('series')) +
            bm.vint(3, p.s('series')) + bm.vint(4, p.s('/'))))
p.raw(bm.ld(4, bm.vint(1, 1) + bm.vint(2, 1) + bm.vint(3, 0x556b0bbd646f) +
            bm.ld(4, bm.vint(1, 1) + bm.vint(2, 7))))
p.sample([1], [5])
open(sys.argv[2], 'wb').write(p.encode())
PY
  out=$("$bin" -disasm=series "$tmp/cprog" "$tmp/slash.pb" 2>"$tmp/err")
  rc=$?
  { ((rc == 0)) && ! sanitized "$tmp/err"; } ||
    bad "-disasm, file \"/\": status $rc: $(head -c 300 "$tmp/err")"
  grep -qE '^ +5 +5 +146f: ' <<<"$out" || bad "-disasm, file \"/\": no 5 samples at 146f"
  rm -rf "$tmp"
fi

echo "checked $nrows sampled addresses, $n source lines"
((fail)) && exit 1
echo "ok"
