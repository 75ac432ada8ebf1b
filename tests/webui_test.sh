#!/usr/bin/env bash
# The -http web interface on loopback: starts cprof's server on a free
# port, fetches each page with curl and checks it against the matching
# command-line report (-top rows, -list lines, -focus), plus the error
# answers (400 for a bad parameter, 404 for an unknown path).
# usage: webui_test.sh CPROF SOURCE_ROOT
set -u
bin=$1 root=$2
command -v curl >/dev/null || { echo "curl not installed: skipped"; exit 77; }
go1=$root/testdata/conformance/profiles/go1
prof=$go1/cpu.pb.gz
tmp=$(mktemp -d)
pid=
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
status=0
fail() { echo "FAIL $*"; status=1; }

TZ=UTC PPROF_BINARY_PATH=$go1 "$bin" -http=127.0.0.1:0 -no_browser \
  -source_path="$go1/src" "$prof" 2>"$tmp/err" &
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

get() { # PATH OUT: fetches PATH into OUT, prints the status code
  curl -s -g -o "$2" -w '%{http_code}' "$base$1"
}
cli() { TZ=UTC PPROF_BINARY_PATH=$go1 "$bin" "$@" 2>/dev/null; }

# The rows of a /ui/top page: flat value and name, tab separated.
top_rows() {
  python3 - "$1" <<'EOF'
import html, re, sys
for m in re.finditer(r'<tr data-i="\d+"><td[^>]*>([^<]*)</td>.*?<a [^>]*>(.*?)</a>',
                     open(sys.argv[1]).read()):
    print(html.unescape(m.group(1)) + '\t' + html.unescape(m.group(2)))
EOF
}
# The rows of the -top report, in the same form.
cli_rows() {
  awk '/^ *flat  flat%/ { on = 1; next }
       on { f = $1; sub(/^ *[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+  /, ""); print f "\t" $0 }'
}
# The text of the first <pre> after <main>, unescaped.
pre_text() {
  python3 - "$1" <<'EOF'
import html, re, sys
m = re.search(r'<main>\n<pre>(.*?)</pre>', open(sys.argv[1]).read(), re.S)
sys.stdout.write(html.unescape(m.group(1)) if m else '')
EOF
}

# / redirects to /ui/, keeping the query
code=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$base/?f=x")
[[ $code == "302 $base/ui/?f=x" ]] || fail "/: redirect, got $code"

# /ui/: the call graph, an inline SVG with the graph's node labels
[[ $(get /ui/ "$tmp/graph") == 200 ]] || fail "/ui/: status"
grep -q '<svg' "$tmp/graph" || fail "/ui/: no svg"
grep -q '<g id="a_node[0-9]*"><a xlink:title="main\.fib (' "$tmp/graph" ||
  fail "/ui/: no main.fib node"
grep -q 'id="viewport"' "$tmp/graph" || fail "/ui/: no viewport group"
grep -q '<option selected>cpu</option>' "$tmp/graph" || fail "/ui/: sample menu"

# /ui/top: the same rows, in the same order, as -top
[[ $(get /ui/top "$tmp/top") == 200 ]] || fail "/ui/top: status"
top_rows "$tmp/top" >"$tmp/top.rows"
cli -top "$prof" | cli_rows >"$tmp/cli.rows"
[[ $(wc -l <"$tmp/cli.rows") -gt 10 ]] || fail "-top: too few rows"
diff -u "$tmp/cli.rows" "$tmp/top.rows" >/dev/null ||
  { fail "/ui/top: rows differ from -top"; diff -u "$tmp/cli.rows" "$tmp/top.rows" | head; }

# f= changes the result as -focus does; si= as -sample_index
get '/ui/top?f=sort%5C.' "$tmp/topf" >/dev/null
top_rows "$tmp/topf" >"$tmp/topf.rows"
cli -top -focus='sort\.' "$prof" | cli_rows >"$tmp/clif.rows"
cmp -s "$tmp/topf.rows" "$tmp/top.rows" && fail "/ui/top?f=: nothing changed"
diff -u "$tmp/clif.rows" "$tmp/topf.rows" >/dev/null ||
  { fail "/ui/top?f=: rows differ from -focus"; diff -u "$tmp/clif.rows" "$tmp/topf.rows" | head; }
# (pprof's web top always shows up to 500 rows: n= is for the graph)
get '/ui/top?si=samples&h=runtime&n=5' "$tmp/topsi" >/dev/null
top_rows "$tmp/topsi" >"$tmp/topsi.rows"
cli -top -sample_index=samples -hide=runtime "$prof" | cli_rows >"$tmp/clisi.rows"
diff -u "$tmp/clisi.rows" "$tmp/topsi.rows" >/dev/null || fail "/ui/top?si=&h=: rows differ"
get '/ui/?n=3' "$tmp/graph3" >/dev/null
[[ $(grep -c '<g id="node[0-9]*" class="node">' "$tmp/graph3") == \
   $(cli -svg -nodecount=3 "$prof" | grep -c '<g id="node[0-9]*" class="node">') ]] || fail "/ui/?n=3: node count"

# /ui/source: the -list output, escaped in a <pre>
[[ $(get '/ui/source?f=main%5C.fib' "$tmp/src") == 200 ]] || fail "/ui/source: status"
pre_text "$tmp/src" >"$tmp/src.txt"
cli -list='main\.fib' -source_path="$go1/src" "$prof" >"$tmp/list.txt"
grep -q 'func fib' "$tmp/list.txt" || fail "-list: no source lines"
diff -u "$tmp/list.txt" "$tmp/src.txt" >/dev/null ||
  { fail "/ui/source: differs from -list"; diff -u "$tmp/list.txt" "$tmp/src.txt" | head; }

# /ui/peek (at line granularity, as pprof's), /ui/disasm, /ui/tags: the
# matching reports; f= is both their argument and the focus, as in pprof
for page in 'peek?f=main%5C.fib peek=main\.fib -lines -focus=main\.fib' 'disasm?f=main%5C.fib disasm=main\.fib -focus=main\.fib' \
    'tags tags'; do
  read -r path flag more <<<"$page"
  [[ $(get "/ui/$path" "$tmp/page") == 200 ]] || { fail "/ui/$path: status"; continue; }
  pre_text "$tmp/page" >"$tmp/page.txt"
  # shellcheck disable=SC2086  # no option or none
  cli -"$flag" $more "$prof" >"$tmp/want.txt"
  [[ -s $tmp/want.txt ]] || fail "-$flag: empty"
  diff -u "$tmp/want.txt" "$tmp/page.txt" >/dev/null ||
    { fail "/ui/$path: differs from -$flag"; diff -u "$tmp/want.txt" "$tmp/page.txt" | head; }
done

# /ui/flamegraph: nested boxes with the hot functions
[[ $(get /ui/flamegraph "$tmp/flame") == 200 ]] || fail "/ui/flamegraph: status"
grep -q 'title="main.fib ' "$tmp/flame" || fail "/ui/flamegraph: no main.fib"

# errors: 400 with a message, 404, 405; the server keeps serving
[[ $(get '/ui/top?f=(' "$tmp/bad") == 400 ]] || fail "bad regex: not 400"
grep -q 'regexp' "$tmp/bad" || fail "bad regex: no message"
[[ $(get '/ui/?n=many' "$tmp/bad") == 400 ]] || fail "bad n: not 400"
[[ $(get '/ui/top?si=nosuch' "$tmp/bad") == 400 ]] || fail "bad si: not 400"
[[ $(get '/ui/top?g=words' "$tmp/bad") == 400 ]] || fail "bad g: not 400"
[[ $(get '/ui/source' "$tmp/bad") == 400 ]] || fail "source without f: not 400"
[[ $(get '/ui/top?n=1&n=bad' "$tmp/bad") == 200 ]] || fail "repeated n: the first counts"
[[ $(get /nope "$tmp/bad") == 404 ]] || fail "unknown path: not 404"
[[ $(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/ui/") == 405 ]] || fail "POST: not 405"
[[ $(get /ui/top "$tmp/again") == 200 ]] && cmp -s "$tmp/top" "$tmp/again" ||
  fail "/ui/top: changed after other requests"

kill "$pid"
wait "$pid"
rc=$?
pid=
[[ $rc == 0 ]] || fail "server exit status $rc after SIGTERM"
exit $status
