#!/usr/bin/env bash
# Profiles over HTTP against a real Go service (testdata/httpserver, which
# imports net/http/pprof): cpu, heap, goroutine, mutex, block, a legacy
# heap symbolized remotely (symbolz), saved copies, the failure modes, and
# https with a self-signed certificate made here by openssl. Loopback only;
# every server started here is killed on exit. Skipped (77) without go or
# openssl.
# usage: http_test.sh CPROF SOURCE_ROOT
set -u
cprof=$1 root=$2

command -v go >/dev/null || { echo "go not found: skipped"; exit 77; }
command -v openssl >/dev/null || { echo "openssl not found: skipped"; exit 77; }

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT

# Keep the user's build cache (a cold one makes net/http slow to build).
export GOCACHE=${GOCACHE:-$(go env GOCACHE)}
export GOFLAGS=-mod=mod GO111MODULE=off
export HOME=$work/home PPROF_TMPDIR=$work/saved TZ=UTC
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

go build -o "$work/srv" "$root/testdata/httpserver/main.go" ||
  { echo "FAIL: go build"; exit 1; }

# start NAME [server flags]: runs a server, sets port_NAME.
start() {
  local name=$1; shift
  "$work/srv" -portfile "$work/$name.port" -lifetime 5m "$@" \
    >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    [[ -s $work/$name.port ]] && break
    sleep 0.1
  done
  [[ -s $work/$name.port ]] || { echo "FAIL: $name server did not start"; cat "$work/$name.log"; exit 1; }
  printf -v "port_$name" %s "$(cat "$work/$name.port")"
}

# run NAME ARGS...: cprof's stdout, stderr and status in $work/NAME.*
run() {
  local name=$1; shift
  "$cprof" "$@" >"$work/$name.out" 2>"$work/$name.err"
  echo $? >"$work/$name.rc"
}

# expect NAME STATUS STREAM TEXT...: every TEXT (fixed string) in STREAM.
expect() {
  local name=$1 status=$2 stream=$3; shift 3
  local rc; rc=$(cat "$work/$name.rc")
  if [[ $rc != "$status" ]]; then
    fail "$name: exit $rc, want $status"; cat "$work/$name.err"; return
  fi
  local text
  for text in "$@"; do
    if ! grep -qF -- "$text" "$work/$name.$stream"; then
      fail "$name: no '$text' in $stream"; cat "$work/$name.$stream"; return
    fi
  done
  ok "$name"
}

start plain
h=127.0.0.1:$port_plain

# cpu: bare host:port means /debug/pprof/profile; -seconds goes in the URL.
run cpu -top -seconds=1 "$h"
expect cpu 0 out "File: srv" "Type: cpu" "main.burnCPU"
expect cpu 0 err \
  "Fetching profile over HTTP from http://$h/debug/pprof/profile?seconds=1" \
  "Please wait... (1s)" \
  "Saved profile in $work/saved/pprof.srv.samples.cpu.001.pb.gz"

# The saved copy is the profile: reading it back gives the same report.
run cpu_saved -top "$work/saved/pprof.srv.samples.cpu.001.pb.gz"
if cmp -s "$work/cpu.out" "$work/cpu_saved.out"; then ok "cpu saved copy"
else fail "cpu saved copy differs"; diff "$work/cpu.out" "$work/cpu_saved.out"; fi

run heap -top "http://$h/debug/pprof/heap"
expect heap 0 out "Type: inuse_space" "main.allocate"
expect heap 0 err "Saved profile in $work/saved/pprof.srv.alloc_objects.alloc_space.inuse_objects.inuse_space.001.pb.gz"
# A second fetch of the same kind takes the next number.
run heap2 -sample_index=alloc_space -top "$h/debug/pprof/heap"
expect heap2 0 out "Type: alloc_space" "main.allocate"
expect heap2 0 err "pprof.srv.alloc_objects.alloc_space.inuse_objects.inuse_space.002.pb.gz"

# pprof itself reads our saved copy the same way we read the service.
run heap_raw -raw "http://$h/debug/pprof/heap"
saved=$work/saved/pprof.srv.alloc_objects.alloc_space.inuse_objects.inuse_space.003.pb.gz
# The reference is Go 1.23.5's pprof (CPROF_GO names another go); older
# ones compact a lone profile, so without it the check is skipped.
refgo=${CPROF_GO:-/usr/lib/go-1.23/bin/go}
if [[ ! -x $refgo ]]; then echo "skipped: heap saved copy read by pprof ($refgo not found)"
elif "$refgo" tool pprof -raw "$saved" >"$work/heap_raw.want" 2>/dev/null &&
   cmp -s "$work/heap_raw.out" "$work/heap_raw.want"; then ok "heap saved copy read by pprof"
else fail "heap saved copy: go tool pprof -raw differs"; diff "$work/heap_raw.out" "$work/heap_raw.want" | head; fi

run goroutine -top "http://$h/debug/pprof/goroutine"
expect goroutine 0 out "Type: goroutine" "main.block" "main.contend"
run mutex -top "http://$h/debug/pprof/mutex"
expect mutex 0 out "Type: delay" "main.contend"
run block -top "http://$h/debug/pprof/block"
expect block 0 out "Type: delay" "main.block" "runtime.chanrecv1"

# The legacy text heap has bare addresses: names come from the service's
# /debug/pprof/symbol (symbolz), unless symbolization is off. pprof names
# the types inuse_space/alloc_space only once the header's alloc counts
# differ from the in-use ones; a young server may still show plain "space",
# so the Type line is matched on its common suffix.
run symbolz -top "http://$h/debug/pprof/heap?debug=1"
expect symbolz 0 out "space" "main.allocate"
run symbolz_none -top -symbolize=none "http://$h/debug/pprof/heap?debug=1"
if grep -q "main.allocate" "$work/symbolz_none.out"; then
  fail "symbolz_none: resolved names without symbolization"
else expect symbolz_none 0 out "space"; fi

# Failure modes: one line naming the source, exit 1.
run refused -top 127.0.0.1:1
expect refused 1 err "127.0.0.1:1: Get \"http://127.0.0.1:1/debug/pprof/profile\": connect: connection refused"
run notfound -top "http://$h/debug/pprof/nothere"
expect notfound 1 err "http://$h/debug/pprof/nothere: server response: 404 Not Found - Unknown profile"
run badsec -top "http://$h/debug/pprof/heap?seconds=x"
expect badsec 1 err "server response: 400 Bad Request - invalid value for \"seconds\" - must be a positive integer"
run notprofile -top "http://$h/debug/pprof/"
expect notprofile 1 err "http://$h/debug/pprof/: parsing profile: unrecognized profile format"
run toobig -top -max_decompressed=100 "http://$h/debug/pprof/heap"
expect toobig 1 err "response body larger than 100 bytes"

# https with a self-signed certificate for 127.0.0.1.
if openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
     -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" \
     -out "$work/cert.pem" >/dev/null 2>&1; then
  start tls -cert "$work/cert.pem" -key "$work/key.pem"
  t=127.0.0.1:$port_tls
  run tls_ca -top -tls_ca "$work/cert.pem" "https://$t/debug/pprof/heap"
  expect tls_ca 0 out "Type: inuse_space" "main.allocate"
  run tls_noca -top "https://$t/debug/pprof/heap"
  expect tls_noca 1 err "https://$t/debug/pprof/heap: Get \"https://$t/debug/pprof/heap\":" "certificate"
  run tls_insecure -top "https+insecure://$t/debug/pprof/heap"
  expect tls_insecure 0 out "Type: inuse_space" "main.allocate"
  expect tls_insecure 0 err "Fetching profile over HTTP from https+insecure://$t/debug/pprof/heap"
  run tls_keyonly -top -tls_key "$work/key.pem" "https://$t/debug/pprof/heap"
  expect tls_keyonly 1 err "-tls_key is specified, so -tls_cert must also be specified"
else
  fail "openssl could not make a certificate"
fi

echo "$fails failed"
[[ $fails == 0 ]]
