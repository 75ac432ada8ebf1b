#!/usr/bin/env bash
# Fetching from a hostile server (tests/hostile_server.py, python3 on
# 127.0.0.1): redirects to ftp:// and file:// are refused as Go refuses
# them (pprof: unsupported protocol scheme), -timeout cuts off a body that
# stalls after the headers (pprof's http.Client.Timeout bounds the body
# too), and sample types holding "../", '/' and escape characters do not
# leave PPROF_TMPDIR nor reach the terminal in the saved copy's name.
# usage: hostile_http_test.sh CPROF SOURCE_ROOT
set -u
cprof=$1 root=$2

command -v python3 >/dev/null || { echo "python3 not found: skipped"; exit 77; }

work=$(mktemp -d)
srv=
cleanup() {
  [[ -n $srv ]] && { kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null; }
  rm -rf "$work"
}
trap cleanup EXIT
export HOME=$work/home PPROF_TMPDIR=$work/saved/inner TZ=UTC
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

python3 "$root/tests/hostile_server.py" "$work/port" \
  "$root/testdata/crafted/evilname.pb.gz" 2>"$work/server.log" &
srv=$!
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.1; done
[[ -s $work/port ]] || { echo "FAIL: server did not start"; cat "$work/server.log"; exit 1; }
h=127.0.0.1:$(cat "$work/port")

# run NAME ARGS...: cprof (bounded by timeout) -> $work/NAME.{out,err,rc}
run() {
  local name=$1; shift
  timeout 30 "$cprof" "$@" >"$work/$name.out" 2>"$work/$name.err"
  echo $? >"$work/$name.rc"
}
# expect NAME STATUS TEXT: TEXT (fixed string) in stderr
expect() {
  local rc; rc=$(cat "$work/$1.rc")
  if [[ $rc != "$2" ]]; then fail "$1: exit $rc, want $2"; cat "$work/$1.err"; return; fi
  grep -qF -- "$3" "$work/$1.err" || { fail "$1: no '$3' in stderr"; cat "$work/$1.err"; return; }
  ok "$1"
}

run ftp -top "http://$h/ftp"
expect ftp 1 "Get \"ftp://$h/x\": unsupported protocol scheme \"ftp\""
run hop -top "http://$h/hop"
expect hop 1 "unsupported protocol scheme \"ftp\""
run file -top "http://$h/file"
expect file 1 "Get \"file:///etc/passwd\": unsupported protocol scheme \"file\""

# -timeout=1 plus pprof's 5 s slack: the stalled body ends after about 6 s.
start=$(date +%s)
run stall -top -timeout=1 "http://$h/stall"
took=$(($(date +%s) - start))
expect stall 1 "timeout reading response body (6000 ms)"
((took <= 15)) || fail "stall: took ${took}s"

run evil -top "http://$h/evil"
if [[ $(cat "$work/evil.rc") != 0 ]]; then
  fail "evil: exit $(cat "$work/evil.rc")"; cat "$work/evil.err"
else
  # Exactly one file, directly inside PPROF_TMPDIR, nothing outside it.
  saved=$(find "$work" -name '*.pb.gz' -newer "$work/port")
  want="$PPROF_TMPDIR/pprof..._.._.._escaped.a_b._[31mred_.001.pb.gz"
  [[ $saved == "$want" ]] && ok "evil: saved as $(basename "$saved")" ||
    fail "evil: saved as '$saved', want '$want'"
  grep -qF "Saved profile in $want" "$work/evil.err" && ok "evil: printed" ||
    { fail "evil: not printed as saved"; cat -v "$work/evil.err"; }
  if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$work/evil.err"; then
    fail "evil: control characters on stderr"; cat -v "$work/evil.err"
  else
    ok "evil: no control characters on stderr"
  fi
fi

((fails == 0)) || { echo "$fails failure(s)"; exit 1; }
