#!/usr/bin/env bash
# Streaming reports: wall time and peak RSS (/usr/bin/time) of -traces,
# -raw and -proto (or the FORMATS given, e.g. FORMATS="-dot -svg") on
# large profiles, for cprof, an earlier cprof build
# (BEFORE, e.g. one built from a commit before a551df2, which built each
# report whole in memory before writing it) and go tool pprof, in one run.
# Outputs go to files under $TMPDIR; cprof's must equal BEFORE's byte for
# byte and, for the text reports, pprof's (-proto is compared through
# cprof -raw of both files, as Go's gzip and zlib's differ).
# go tool pprof is stopped after PPROF_LIMIT seconds (default 300), and
# the table says so; GO names the go binary (default Go 1.23.5's at
# /usr/lib/go-1.23/bin/go, else go on PATH); NOPPROF=1 skips it.
# usage: bench/stream.sh [CPROF] [BEFORE|-] [SAMPLES|PROFILE]...
#        (default: build/cmd/cprof, no BEFORE, 1000000 samples)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cprof=${1:-$here/../build/cmd/cprof}
before=${2:--}
shift $(($# < 2 ? $# : 2))
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000000)
formats=(${FORMATS:--traces -raw -proto})
limit=${PPROF_LIMIT:-300}
go=${GO:-/usr/lib/go-1.23/bin/go}
[[ -x $go ]] || go=$(command -v go || true)
pprof=
if [[ -z ${NOPPROF:-} && -n $go ]]; then
  # the tool binary itself, so that timeout stops pprof, not a wrapper
  pprof=$("$go" env GOTOOLDIR)/pprof
  [[ -x $pprof ]] || pprof=
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# run NAME SECONDS FORMAT PROFILE CMD: one run of CMD FORMAT PROFILE,
# output in $tmp/NAME.out; prints "seconds peak_kb" or "stopped".
run() {
  local name=$1 secs=$2 fmt=$3 prof=$4 cmd=$5
  if /usr/bin/time -f '%e %M' -o "$tmp/time" timeout "$secs" \
      env TZ=UTC "$cmd" "$fmt" "$prof" >"$tmp/$name.out" 2>"$tmp/$name.err"; then
    tail -n 1 "$tmp/time"
  elif [[ $(head -n 1 "$tmp/time") == *"status 124"* ]]; then
    echo stopped
  else
    echo "$name $fmt failed: $(head -c 300 "$tmp/$name.err")" >&2
    echo failed
  fi
}

# same A B FORMAT: whether two outputs of FORMAT are the same report
# (-proto from pprof: the same profile; "bytes" as FORMAT: cmp only;
# images are not compared: pprof runs its dot, cprof links graphviz)
same() {
  case $3 in -svg|-png|-pdf|-ps|-gif) echo "not compared (graphviz)"; return ;; esac
  if [[ $3 == -proto ]]; then
    "$cprof" -raw "$tmp/$1.out" >"$tmp/a.raw" 2>/dev/null &&
      "$cprof" -raw "$tmp/$2.out" >"$tmp/b.raw" 2>/dev/null &&
      cmp -s "$tmp/a.raw" "$tmp/b.raw" && { echo "same profile"; return; }
  elif cmp -s "$tmp/$1.out" "$tmp/$2.out"; then
    echo identical; return
  fi
  echo DIFFERENT
}

row() { # tool format "secs kb"|stopped|failed note
  local t=$1 f=$2 m=$3 note=$4 secs kb
  if [[ $m == stopped ]]; then
    printf '%-9s %-16s %10s %12s  %s\n' "$f" "$t" "> $limit" "" "stopped after $limit s"
  elif [[ $m == failed ]]; then
    printf '%-9s %-16s %10s %12s  %s\n' "$f" "$t" failed "" ""
  else
    read -r secs kb <<<"$m"
    printf '%-9s %-16s %10s %12.0f  %s\n' "$f" "$t" "$secs" "$(echo "$kb/1024" | bc -l)" "$note"
  fi
}

status=0
for size in "${sizes[@]}"; do
  if [[ -f $size ]]; then
    prof=$size
  else
    prof=$tmp/p$size.pb.gz
    python3 "$here/genprofile.py" --samples "$size" "$prof"
  fi
  printf '\nprofile %s (%s gzipped); one run each\n' "$(basename "$prof")" \
    "$(du -h "$prof" | cut -f1)"
  printf '%-9s %-16s %10s %12s  %s\n' format tool seconds peak_rss_MB "output (vs cprof)"
  for fmt in "${formats[@]}"; do
    m=$(run new 3600 "$fmt" "$prof" "$cprof")
    size_mb=$(echo "$(stat -c %s "$tmp/new.out")/1048576" | bc -l)
    row cprof "$fmt" "$m" "$(printf '%.0f MB' "$size_mb")"
    if [[ $before != - ]]; then
      m=$(run old 3600 "$fmt" "$prof" "$before")
      s=$(same new old bytes)
      [[ $s == DIFFERENT ]] && status=1
      row "cprof before" "$fmt" "$m" "$s"
      rm -f "$tmp/old.out"
    fi
    if [[ -n $pprof ]]; then
      m=$(run ref "$limit" "$fmt" "$prof" "$pprof")
      s=
      [[ $m != stopped && $m != failed ]] && s=$(same new ref "$fmt")
      row "go tool pprof" "$fmt" "$m" "$s"
      rm -f "$tmp/ref.out"
    fi
    rm -f "$tmp/new.out" "$tmp/a.raw" "$tmp/b.raw"
  done
done
exit $status
