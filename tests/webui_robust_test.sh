#!/usr/bin/env bash
# The -http server under abuse, on 127.0.0.1 with curl and python3
# sockets: a Host header naming another site is refused (403, DNS
# rebinding), a query of hundreds of parameters is answered 400 (not an
# empty reply), half-sent requests left idle neither lock out a new client
# nor stay open past the idle timeout, and a request with a backtracking
# pattern on testdata/crafted/regexbig.pb.gz (the old matcher took 14 s)
# answers pprof's count while another request is served; a server short of
# memory answers 500 and stays up. Every wait is bounded.
# usage: webui_robust_test.sh CPROF SOURCE_ROOT
set -u
bin=$1 root=$2
command -v curl >/dev/null || { echo "curl not installed: skipped"; exit 77; }
command -v python3 >/dev/null || { echo "python3 not installed: skipped"; exit 77; }
tmp=$(mktemp -d)
pid= holder=
cleanup() {
  [[ -n $holder ]] && kill "$holder" 2>/dev/null
  [[ -n $pid ]] && kill "$pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
status=0
fail() { echo "FAIL $*"; status=1; }
ok() { echo "ok $*"; }

TZ=UTC "$bin" -http=127.0.0.1:0 -no_browser "$root/testdata/crafted/regexbig.pb.gz" 2>"$tmp/err" &
pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's|^Serving web UI on http://127\.0\.0\.1:\([0-9][0-9]*\)$|\1|p' "$tmp/err")
  [[ -n $port ]] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
[[ -n $port ]] || { echo "FAIL no 'Serving web UI' line:"; cat "$tmp/err"; exit 1; }
base=http://127.0.0.1:$port

# code [CURL ARGS...] PATH: the status code (000: no answer)
code() { curl -s -g -m 10 -o "$tmp/body" -w '%{http_code}' "${@:1:$#-1}" "$base${!#}"; }

# Host: the loopback names and the -http host pass, any other is refused.
for h in "localhost:$port" "127.0.0.1:$port" "[::1]:$port" "LOCALHOST.:$port"; do
  [[ $(code -H "Host: $h" /ui/top) == 200 ]] && ok "Host $h" || fail "Host $h: not 200"
done
for h in "evil.example:$port" evil.example "127.0.0.2:$port" "localhost.evil.example"; do
  c=$(code -H "Host: $h" /ui/top)
  [[ $c == 403 ]] && ok "Host $h: 403" || fail "Host $h: $c, want 403"
done

# Many parameters: 400 with a message, not a dropped connection.
for n in 101 480 3000; do
  q=$(python3 -c "print('&'.join('p%d=v' % i for i in range($n)))")
  c=$(code "/ui/top?$q")
  if [[ $c == 400 ]] && grep -q 'too many URL parameters' "$tmp/body"; then
    ok "$n parameters: 400"
  else
    fail "$n parameters: $c"
  fi
done

# Half-sent requests held open: a new client is still served at once,
# and the server closes them after its idle timeout (10 s).
python3 - "$port" 40 "$tmp/held" <<'PY' &
import socket, sys, time
port, n, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
socks = []
for _ in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /ui/top HTTP/1.1\r\nHost: local")
    socks.append(s)
open(out + ".ready", "w").close()
start = time.time()
closed = 0
for s in socks:
    s.settimeout(max(0.1, 25 - (time.time() - start)))
    try:
        if s.recv(1) == b"":
            closed += 1
    except OSError:
        pass
with open(out, "w") as f:
    f.write("%d %.0f\n" % (closed, time.time() - start))
PY
holder=$!
for _ in $(seq 100); do [[ -e $tmp/held.ready ]] && break; sleep 0.1; done
start=$(date +%s.%N)
c=$(code /ui/top)
took=$(python3 -c "print('%.1f' % ($(date +%s.%N) - $start))")
[[ $c == 200 ]] && ok "40 idle connections: new client served in ${took}s" ||
  fail "40 idle connections: new client got $c"

# The backtracking pattern: pprof's answer, quickly, with another
# request served meanwhile.
curl -s -g -m 20 -o "$tmp/slow" "$base/ui/top?f=(a|aa)%2B%24" &
slow=$!
sleep 0.5 # the regex request is being served
c=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$base/ui/top")
[[ $c == 200 ]] && ok "request beside the regex request: served within 5 s" ||
  fail "request beside the regex request: $c"
if wait "$slow"; then
  grep -q 'Showing nodes accounting for 60, 30.00% of 200 total' "$tmp/slow" &&
    ok "f=(a|aa)+\$: 60 of 200" || { fail "f=(a|aa)+\$: wrong count"; grep Showing "$tmp/slow"; }
else
  fail "f=(a|aa)+\$: no answer within 20 s"
fi
[[ $(code '/ui/top?f=(a|aa)*b') == 200 ]] && grep -q 'Showing nodes accounting for 140, 70.00% of 200 total' "$tmp/body" &&
  ok "f=(a|aa)*b: 140 of 200" || fail "f=(a|aa)*b: wrong answer"

wait "$holder"
holder=
read -r closed secs <"$tmp/held"
((closed == 40 && secs <= 20)) && ok "idle connections closed by the server ($closed after ${secs}s)" ||
  fail "idle connections: $closed of 40 closed after ${secs}s"

kill -0 "$pid" 2>/dev/null || fail "server died"

# Out of memory (address space capped at 250 MB, a 20,000-sample
# profile): each page answers 200 or 500, and the server stays up.
# Skipped under AddressSanitizer, whose shadow memory needs terabytes.
if ! grep -q __asan_init "$bin" && [[ -f $root/bench/genprofile.py ]]; then
  python3 "$root/bench/genprofile.py" --samples 20000 --functions 3000 \
    --depth 30 "$tmp/big.pb.gz" >/dev/null
  (ulimit -v 250000; exec "$bin" -http=127.0.0.1:0 -no_browser "$tmp/big.pb.gz") 2>"$tmp/err2" &
  pid2=$!
  port2=
  for _ in $(seq 100); do
    port2=$(sed -n 's|^Serving web UI on http://127\.0\.0\.1:\([0-9][0-9]*\)$|\1|p' "$tmp/err2")
    [[ -n $port2 ]] && break
    sleep 0.1
  done
  [[ -n $port2 ]] || echo "skipped: no server under 250 MB here"
  codes=
  [[ -n $port2 ]] && for page in peek top flamegraph tags source json/flamegraph peek; do
    c=$(curl -s -m 30 -o "$tmp/body" -w '%{http_code}' "http://127.0.0.1:$port2/ui/$page")
    codes+=" $page=$c"
    [[ $c == 200 || ($c == 500 && $(cat "$tmp/body") == "out of memory") ]] ||
      fail "250 MB: /ui/$page answered $c"
  done
  if [[ -n $port2 ]]; then
    # one connection, several requests: the thread that ran out of memory
    # serves the next ones (its state put back). What failed requests
    # allocated is partly lost, so with nothing left the answer may be a
    # closed connection (000), never a dead server.
    u=http://127.0.0.1:$port2/ui
    c=$(curl -s -m 60 -w '%{http_code} ' -o /dev/null "$u/peek" -o /dev/null "$u/peek?f=main" \
      -o /dev/null "$u/top?f=nomatch" -o /dev/null "$u/flamegraph")
    codes+=" one connection: $c"
    [[ $c =~ ^((200|500|000)\ ){4}$ ]] || fail "250 MB, one connection: $c"
    kill -0 "$pid2" 2>/dev/null && ok "250 MB:$codes, server up" ||
      { fail "250 MB: server died:$codes"; tail -5 "$tmp/err2"; }
  fi
  kill "$pid2" 2>/dev/null
fi
exit $status
