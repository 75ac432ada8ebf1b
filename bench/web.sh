#!/usr/bin/env bash
# Side-by-side benchmark of the web UI: cprof -http against go tool pprof
# -http (Go 1.23's), each view of the same profile fetched over loopback
# with curl, best of RUNS (default 3) per view, after one warm-up request
# (pprof prepares some things on first use). Prints a table of seconds.
# cprof keeps the profile it prepared (copied, filtered, aggregated) for
# the last few settings, so it gets two columns: "new" is a view under
# settings no earlier request had (a hide= that matches nothing, new each
# time: the copy and filtering are paid), "again" the best of RUNS with
# settings seen before (a user moving between views).
# usage: bench/web.sh [CPROF] [SAMPLES|PROFILE]...
#   (default: 100000 and 1000000 samples from bench/genprofile.py)
#   GO=/usr/lib/go-1.23/bin/go RUNS=N in the environment; GO=none: cprof
#   only (go tool pprof takes minutes a view on a million samples)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cprof=${1:-$here/../build/cmd/cprof}
shift || true
(($#)) || set -- 100000 1000000
runs=${RUNS:-3}
go=${GO:-/usr/lib/go-1.23/bin/go}
command -v curl >/dev/null || { echo "bench/web.sh: curl is needed" >&2; exit 1; }
[[ $go == none || -x $go ]] || { echo "bench/web.sh: no go at $go (set GO=)" >&2; exit 1; }
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

# start NAME CMD...: runs a server (in this shell, so that cleanup can
# stop it), sets url to its base URL once it serves
start() {
  local name=$1; shift
  "$@" 2>"$tmp/$name.err" >/dev/null &
  pids+=($!)
  for _ in $(seq 600); do
    url=$(sed -n 's|.*Serving web UI on \(http://[^ ]*\).*|\1|p' "$tmp/$name.err" | head -1)
    [[ -n $url ]] && { url=${url%/}; return; }
    sleep 0.5
  done
  echo "bench/web.sh: $name did not start:" >&2
  cat "$tmp/$name.err" >&2
  exit 1
}

# best URL: the least time_total of RUNS fetches (after one warm-up)
best() {
  curl -s -o /dev/null "$1" || { echo "bench/web.sh: $1 failed" >&2; exit 1; }
  for ((i = 0; i < runs; i++)); do
    curl -s -o /dev/null -w '%{time_total}\n' "$1"
  done | sort -n | head -1
}

# fresh URL: the least time_total of RUNS fetches, each with a hide= that
# no request had before
nonce=0
fresh() {
  local sep='?'
  [[ $1 == *\?* ]] && sep='&'
  for ((i = 0; i < runs; i++)); do
    nonce=$((nonce + 1))
    curl -s -o /dev/null -w '%{time_total}\n' "$1${sep}h=%5Ebench_nothing_$nonce%24"
  done | sort -n | head -1
}

views=("graph /ui/" "top /ui/top" "flamegraph /ui/flamegraph"
       "peek /ui/peek?f=Method1%24" "source /ui/source?f=Method1%24")

for arg in "$@"; do
  if [[ -f $arg ]]; then
    prof=$arg
  else
    prof=$tmp/p$arg.pb.gz
    python3 "$here/genprofile.py" --samples "$arg" "$prof"
  fi
  n=$(TZ=UTC "$cprof" -traces "$prof" 2>/dev/null | grep -c '^-----------+' || true)
  # pprof prints the address it was given, so it gets a free port of ours
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  start cprof env TZ=UTC "$cprof" -http=127.0.0.1:0 -no_browser "$prof"
  c=$url
  g=
  if [[ $go != none ]]; then
    # the tool's own binary: killing `go tool` would leave its child serving
    start pprof env TZ=UTC "$("$go" tool -n pprof)" -http=127.0.0.1:"$port" -no_browser "$prof"
    g=$url
  fi
  printf '\nprofile %s: %d samples, %s; best of %d, seconds\n' \
    "$(basename "$prof")" "$((n > 0 ? n - 1 : 0))" "$(du -h "$prof" | cut -f1)" "$runs"
  printf '%-12s %10s %10s %10s %8s\n' view "cprof new" "cprof again" pprof ratio
  for v in "${views[@]}"; do
    read -r name path <<<"$v"
    cn=$(fresh "$c$path")
    ct=$(best "$c$path")
    if [[ -n $g ]]; then
      gt=$(best "$g$path")
      printf '%-12s %10.3f %11.3f %10.3f %7.1fx\n' "$name" "$cn" "$ct" "$gt" "$(echo "$gt / $cn" | bc -l)"
    else
      printf '%-12s %10.3f %11.3f %10s %8s\n' "$name" "$cn" "$ct" - -
    fi
  done
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
done
