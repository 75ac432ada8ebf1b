#!/usr/bin/env bash
# Reports that grow with the samples are written as they are made, not
# built whole in memory: on a generated 30,000-sample profile (about
# 40 MB of peak RSS to load), the peak RSS (/usr/bin/time's %M) of
# -traces, -raw and -proto may exceed that of -comments (which loads the
# profile and prints nothing) by at most 4 MB plus a quarter of the
# report's size. Building the output in memory costs at least its size:
# before streaming the excesses were 43 MB (-traces, 33 MB of text), 15 MB
# (-raw, 12 MB) and 26 MB (-proto, 2 MB gzipped), against 6, 0 and 0.5 MB.
# Skipped (77) without python3 or /usr/bin/time, and under ASan, whose
# shadow memory and quarantine make RSS meaningless.
# usage: stream_memory.sh CPROF GENPROFILE_PY
set -u
bin=$1 gen=$2
command -v python3 >/dev/null || { echo "python3 not found"; exit 77; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time not found (package time)"; exit 77; }
if ldd "$bin" 2>/dev/null | grep -q libasan || grep -qa AddressSanitizer "$bin"; then
  echo "built with ASan"
  exit 77
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
# meson's MALLOC_PERTURB_ fills every malloc'd block, so memory a report
# reserves but never touches would count
unset MALLOC_PERTURB_

python3 "$gen" --samples 30000 --seed 3 "$tmp/p.pb.gz" || { echo "FAIL genprofile"; exit 1; }

# peak KB FORMAT: runs cprof, output to $tmp/out, prints its peak RSS
peak() {
  /usr/bin/time -f %M -o "$tmp/rss" "$bin" "$1" "$tmp/p.pb.gz" >"$tmp/out" 2>"$tmp/err" ||
    { echo "FAIL $1: status $?: $(head -c 200 "$tmp/err")" >&2; echo 0; return; }
  tail -n 1 "$tmp/rss"
}

base=$(peak -comments)
((base > 0)) || exit 1
echo "-comments: ${base} KB"
for fmt in -traces -raw -proto; do
  kb=$(peak $fmt)
  size=$(($(stat -c %s "$tmp/out") / 1024))
  bound=$((base + 4096 + size / 4))
  echo "$fmt: ${kb} KB for ${size} KB of output, bound ${bound} KB"
  ((kb > 0 && kb <= bound)) || { echo "FAIL $fmt: peak RSS ${kb} KB > ${bound} KB"; status=1; }
done
exit $status
