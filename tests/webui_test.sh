#!/usr/bin/env bash
# The -http web interface on loopback: starts cprof's server on a free
# port, fetches each view's data with curl and checks it against the
# matching command-line report (-top rows, -list lines, -peek, -focus),
# plus redirects, the download, saved configurations, warnings and the
# error answers (400 for a bad parameter, 404 for an unknown path). The
# pages themselves are driven in a browser by web_browser.py.
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

export XDG_CONFIG_HOME=$tmp/config
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

# The JSON object a page carries for app.js (and the view's data in it).
page_json() { # FILE EXPR: prints the Python expression over the object d
  python3 - "$1" "$2" <<'EOF'
import json, re, sys
m = re.search(r'<script type="application/json" id="cprof-data">(.*?)</script>',
              open(sys.argv[1]).read(), re.S)
d = json.loads(m.group(1))
v = eval(sys.argv[2])
print(v if isinstance(v, str) else json.dumps(v))
EOF
}
# The rows of /ui/json/top: flat value and name (with -top's inline
# suffix), tab separated.
top_rows() {
  python3 - "$1" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))['rows']:
    sfx = {0: '', 1: ' (inline)', 2: ' (partial-inline)'}[r['inline']]
    print(r['flatS'] + '\t' + r['name'] + sfx)
EOF
}
# The rows of the -top report, in the same form.
cli_rows() {
  awk '/^ *flat  flat%/ { on = 1; next }
       on { f = $1; sub(/^ *[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+  /, ""); print f "\t" $0 }'
}

# / redirects to the flame graph, keeping the query; so do pprof's old
# flame graph URLs
code=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$base/?f=x")
[[ $code == "302 $base/ui/flamegraph?f=x" ]] || fail "/: redirect, got $code"
code=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$base/ui/flamegraph2?si=cpu")
[[ $code == "301 $base/ui/flamegraph?si=cpu" ]] || fail "/ui/flamegraph2: redirect, got $code"

# /ui/: the call graph, the SVG with the graph's node labels; the page
# lists every sample type with the current one selected
[[ $(get /ui/ "$tmp/graph") == 200 ]] || fail "/ui/: status"
got=$(page_json "$tmp/graph" "[d['kind'], d['sampleTypes'], d['sampleIndex']]")
[[ $got == '["svg", ["samples", "cpu"], 1]' ]] || fail "/ui/: page data: $got"
get /ui/json/graph "$tmp/graph.svg" >/dev/null
grep -q '<g id="a_node[0-9]*"><a xlink:title="main\.fib (' "$tmp/graph.svg" ||
  fail "/ui/json/graph: no main.fib node"
grep -q 'id="viewport"' "$tmp/graph.svg" || fail "/ui/json/graph: no viewport group"
get '/ui/?si=samples' "$tmp/graphsi" >/dev/null
[[ $(page_json "$tmp/graphsi" "d['sampleIndex']") == 0 ]] || fail "/ui/?si=samples: selected type"

# /ui/top: the same rows, in the same order, as -top
[[ $(get /ui/top "$tmp/top.html") == 200 ]] || fail "/ui/top: status"
[[ $(page_json "$tmp/top.html" "len(d['data']['rows'])") -gt 10 ]] || fail "/ui/top: no rows in the page"
get /ui/json/top "$tmp/top" >/dev/null
top_rows "$tmp/top" >"$tmp/top.rows"
cli -top "$prof" | cli_rows >"$tmp/cli.rows"
[[ $(wc -l <"$tmp/cli.rows") -gt 10 ]] || fail "-top: too few rows"
diff -u "$tmp/cli.rows" "$tmp/top.rows" >/dev/null ||
  { fail "/ui/top: rows differ from -top"; diff -u "$tmp/cli.rows" "$tmp/top.rows" | head; }

# f= changes the result as -focus does; si= as -sample_index
get '/ui/json/top?f=sort%5C.' "$tmp/topf" >/dev/null
top_rows "$tmp/topf" >"$tmp/topf.rows"
cli -top -focus='sort\.' "$prof" | cli_rows >"$tmp/clif.rows"
cmp -s "$tmp/topf.rows" "$tmp/top.rows" && fail "/ui/top?f=: nothing changed"
diff -u "$tmp/clif.rows" "$tmp/topf.rows" >/dev/null ||
  { fail "/ui/top?f=: rows differ from -focus"; diff -u "$tmp/clif.rows" "$tmp/topf.rows" | head; }
# (pprof's web top always shows up to 500 rows: n= is for the graph)
get '/ui/json/top?si=samples&h=runtime&n=5' "$tmp/topsi" >/dev/null
top_rows "$tmp/topsi" >"$tmp/topsi.rows"
cli -top -sample_index=samples -hide=runtime "$prof" | cli_rows >"$tmp/clisi.rows"
diff -u "$tmp/clisi.rows" "$tmp/topsi.rows" >/dev/null || fail "/ui/top?si=&h=: rows differ"
get '/ui/json/graph?n=3' "$tmp/graph3" >/dev/null
[[ $(grep -c '<g id="node[0-9]*" class="node">' "$tmp/graph3") == \
   $(cli -svg -nodecount=3 "$prof" | grep -c '<g id="node[0-9]*" class="node">') ]] || fail "/ui/?n=3: node count"

# /ui/source: pprof's weblist; each sampled line's flat and cum as -list
# prints them, the source text, and the instructions under the lines
[[ $(get '/ui/json/source?f=main%5C.fib' "$tmp/src") == 200 ]] || fail "/ui/source: status"
cli -list='main\.fib' -source_path="$go1/src" "$prof" >"$tmp/list.txt"
grep -q 'func fib' "$tmp/list.txt" || fail "-list: no source lines"
python3 - "$tmp/src" "$tmp/list.txt" <<'EOF' || fail "/ui/source: differs from -list"
import json, re, sys
d = json.load(open(sys.argv[1]))
fn = d['functions'][0]
assert fn['name'] == 'main.fib', fn['name']
want = {}
for line in open(sys.argv[2]):
    m = re.match(r'\s*(\S+)\s+(\S+)\s+(\d+):(.*)$', line.rstrip('\n'))
    if m and m.group(1) + m.group(2) != '..':
        want[int(m.group(3))] = (m.group(1), m.group(2), m.group(4))
got = {l['line']: (l['flatS'], l['cumS'], l['text']) for l in fn['lines'] if l['flat'] or l['cum']}
assert want == got, (want, got)
hot = [l for l in fn['lines'] if l['cum']]
assert all(l['insns'] for l in hot), 'a sampled line without instructions'
assert any(i['text'] for l in hot for i in l['insns']), 'no disassembly'
EOF
[[ $(get '/ui/json/source' "$tmp/src0") == 200 ]] || fail "/ui/source without f: status"
python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rows"][0]["name"])' "$tmp/src0" |
  grep -qx 'crypto/sha256.block' || fail "/ui/source without f: no hottest list"

# /ui/peek (at line granularity, as pprof's): the functions -peek shows
get '/ui/json/peek?f=main%5C.fib' "$tmp/peek" >/dev/null
python3 -c 'import json,sys; print("\n".join(n["name"] + " " + n["cumS"] for n in json.load(open(sys.argv[1]))["nodes"]))' \
  "$tmp/peek" >"$tmp/peek.got"
cli -peek='main\.fib' -lines -focus='main\.fib' "$prof" |
  awk -F'|' '/^ +[0-9.]+[a-z]* +[0-9.]+% +[0-9.]+% +[0-9.]+[a-z]* +[0-9.]+% +\| / { split($1, v, " +"); sub(/^ /, "", $2); print $2 " " v[5] }' >"$tmp/peek.want"
[[ -s $tmp/peek.want ]] || fail "-peek: empty"
diff -u "$tmp/peek.want" "$tmp/peek.got" >/dev/null ||
  { fail "/ui/peek: differs from -peek"; diff -u "$tmp/peek.want" "$tmp/peek.got" | head; }

# /ui/disasm, /ui/tags: the matching reports as the page's text; f= is
# both the argument and the focus, as in pprof
for page in 'disasm?f=main%5C.fib disasm=main\.fib -focus=main\.fib' 'tags tags'; do
  read -r path flag more <<<"$page"
  [[ $(get "/ui/$path" "$tmp/page") == 200 ]] || { fail "/ui/$path: status"; continue; }
  page_json "$tmp/page" "d['data']" >"$tmp/page.txt"
  # shellcheck disable=SC2086  # no option or none
  cli -"$flag" $more "$prof" >"$tmp/want.txt"
  echo >>"$tmp/want.txt" # print's own newline
  [[ -s $tmp/want.txt ]] || fail "-$flag: empty"
  diff -u "$tmp/want.txt" "$tmp/page.txt" >/dev/null ||
    { fail "/ui/$path: differs from -$flag"; diff -u "$tmp/want.txt" "$tmp/page.txt" | head; }
done

# /ui/flamegraph: the tree; the root holds the total, a frame's value is
# its self value plus its children's
get /ui/json/flamegraph "$tmp/flame" >/dev/null
python3 - "$tmp/flame" <<'EOF' || fail "/ui/flamegraph: tree"
import json, sys
d = json.load(open(sys.argv[1]))
t, s = d['tree'], d['strings']
assert t['value'][0] == d['total'] == 4420000000, t['value'][0]
assert 'main.fib' in s
kids = {}
for i, p in enumerate(t['parent']):
    if p >= 0:
        kids.setdefault(p, []).append(i)
for i in range(len(t['parent'])):
    if not t['trunc'][i]:
        assert t['value'][i] == t['self'][i] + sum(t['value'][k] for k in kids.get(i, [])), i
EOF

# a coarse tree leaves thin frames out (trunc); the subtree of such a
# frame, asked for by its path, has the children the full tree has
get '/ui/json/flamegraph?res=10' "$tmp/coarse" >/dev/null
get '/ui/json/flamegraph?res=10000000' "$tmp/fine" >/dev/null
path=$(python3 - "$tmp/coarse" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
t, s = d['tree'], d['strings']
i = max((i for i in range(len(t['parent'])) if t['trunc'][i] and t['parent'][i] >= 0),
        key=lambda i: t['value'][i])
p = []
while t['parent'][i] >= 0:
    p.append(str(t['inline'][i]) + s[t['name'][i]])
    i = t['parent'][i]
print('\x1f'.join(reversed(p)))
EOF
)
[[ -n $path ]] || fail "res=10: no truncated frame"
enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$path")
get "/ui/json/flamegraph?res=10000000&path=$enc" "$tmp/sub" >/dev/null
python3 - "$tmp/fine" "$tmp/sub" "$path" <<'EOF' || fail "flame subtree by path differs from the full tree"
import json, sys
fine, sub, path = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3].split('\x1f')
def kids(d, i):
    t, s = d['tree'], d['strings']
    return sorted((s[t['name'][k]], t['value'][k]) for k in range(len(t['parent'])) if t['parent'][k] == i)
t, s = fine['tree'], fine['strings']
at = 0
for p in path:
    at = [k for k in range(len(t['parent'])) if t['parent'][k] == at and
          s[t['name'][k]] == p[1:] and str(t['inline'][k]) == p[0]][0]
assert sub['tree']['value'][0] == t['value'][at], (sub['tree']['value'][0], t['value'][at])
assert kids(sub, 0) and kids(sub, 0) == kids(fine, at), (kids(sub, 0), kids(fine, at))
EOF

# errors: 400 with a message, 404, 405; the server keeps serving
[[ $(get '/ui/top?f=(' "$tmp/bad") == 400 ]] || fail "bad regex: not 400"
grep -q 'regexp' "$tmp/bad" || fail "bad regex: no message"
[[ $(get '/ui/?n=many' "$tmp/bad") == 400 ]] || fail "bad n: not 400"
[[ $(get '/ui/top?g=words' "$tmp/bad") == 400 ]] || fail "bad g: not 400"
# an unknown sample type is a warning on the page, which shows the default
[[ $(get '/ui/top?si=nosuch' "$tmp/bad") == 200 ]] || fail "bad si: not 200"
page_json "$tmp/bad" "d['warnings'][0]" | grep -q 'nosuch' || fail "bad si: no warning"
# so is a focus that matches nothing
get '/ui/top?f=nosuchfunction' "$tmp/bad" >/dev/null
[[ $(page_json "$tmp/bad" "len(d['warnings'])") -ge 1 ]] || fail "focus matching nothing: no warning"
# the profile prepared for one request's settings serves the next with
# the same settings (another view, the same view again): the same rows
# as -focus, the same warnings
get '/ui/top?f=nosuchfunction' "$tmp/bad" >/dev/null
[[ $(page_json "$tmp/bad" "len(d['warnings'])") -ge 1 ]] || fail "focus matching nothing, again: no warning"
get '/ui/json/flamegraph?f=sort%5C.' "$tmp/flamef" >/dev/null
get '/ui/json/top?f=sort%5C.' "$tmp/topf2" >/dev/null
top_rows "$tmp/topf2" >"$tmp/topf2.rows"
diff -u "$tmp/clif.rows" "$tmp/topf2.rows" >/dev/null ||
  fail "/ui/top?f= after /ui/flamegraph?f=: rows differ from -focus"
[[ $(get '/ui/top?n=1&n=bad' "$tmp/bad") == 200 ]] || fail "repeated n: the first counts"
[[ $(get /nope "$tmp/bad") == 404 ]] || fail "unknown path: not 404"
[[ $(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/ui/") == 405 ]] || fail "POST: not 405"
get /ui/json/top "$tmp/again" >/dev/null
cmp -s "$tmp/top" "$tmp/again" || fail "/ui/json/top: changed after other requests"

# /ui/download: the profile as gzipped profile.proto, which reads back
[[ $(get /ui/download "$tmp/dl.pb.gz") == 200 ]] || fail "/ui/download: status"
cli -top "$tmp/dl.pb.gz" | cli_rows >"$tmp/dl.rows"
diff -u "$tmp/cli.rows" "$tmp/dl.rows" >/dev/null || fail "/ui/download: not the same profile"

# saved configurations: pprof's settings.json under the config folder
[[ $(get '/ui/saveconfig?config=mine&f=main&h=runtime' "$tmp/x") == 200 ]] || fail "saveconfig: status"
python3 - "$XDG_CONFIG_HOME/pprof/settings.json" <<'EOF' || fail "saveconfig: settings.json"
import json, sys
d = json.load(open(sys.argv[1]))
c = [c for c in d['configs'] if c['name'] == 'mine'][0]
assert c['focus'] == 'main' and c['hide'] == 'runtime', c
EOF
get /ui/top "$tmp/cfg" >/dev/null
page_json "$tmp/cfg" "d['configs'][0]" | grep -q '"name":"mine"' || fail "saved config not offered"
[[ $(get '/ui/deleteconfig?config=mine' "$tmp/x") == 200 ]] || fail "deleteconfig: status"
grep -q mine "$XDG_CONFIG_HOME/pprof/settings.json" && fail "deleteconfig: still there"

# -http checks its port (Go's net.Listen: 99999 is not 34463)
out=$("$bin" -http=127.0.0.1:99999 -no_browser "$prof" 2>&1)
[[ $? == 1 && $out == *"invalid port"* ]] || fail "-http port 99999: $out"

kill "$pid"
wait "$pid"
rc=$?
pid=
[[ $rc == 0 ]] || fail "server exit status $rc after SIGTERM"

# A view hiding one of two labels (th=phase) leaves the loaded profile's
# labels alone (its copy shares them): the tags page then still matches
# -tags.
lprof=$root/testdata/conformance/profiles/gen/labels.cpu.pb.gz
TZ=UTC "$bin" -http=127.0.0.1:0 -no_browser "$lprof" 2>"$tmp/err3" &
pid=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's|^Serving web UI on http://127\.0\.0\.1:\([0-9][0-9]*\)$|\1|p' "$tmp/err3")
  [[ -n $port ]] && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if [[ -n $port ]]; then
  base=http://127.0.0.1:$port
  [[ $(get '/ui/json/top?th=phase' "$tmp/th") == 200 ]] || fail "/ui/top?th=phase: status"
  get /ui/tags "$tmp/page" >/dev/null
  page_json "$tmp/page" "d['data']" >"$tmp/page.txt"
  { cli -tags "$lprof"; echo; } >"$tmp/want.txt"
  grep -q phase "$tmp/want.txt" || fail "-tags $lprof: no phase label"
  diff -u "$tmp/want.txt" "$tmp/page.txt" >/dev/null ||
    { fail "/ui/tags after th=phase: differs from -tags"; diff -u "$tmp/want.txt" "$tmp/page.txt" | head; }
  kill "$pid"
  wait "$pid"
  pid=
else
  fail "second server: no 'Serving web UI' line"
fi
exit $status
