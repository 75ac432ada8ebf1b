#!/usr/bin/env bash
# The interactive shell at a terminal, driven through tmux (send-keys,
# capture-pane): typing a command, editing it with the arrow keys,
# recalling it from the history (also in a second session), completing a
# function name with Tab, abandoning a line and interrupting a report
# with Ctrl-C, quitting with Ctrl-D (status 0). The screen is asserted
# against pprof's answers for the profile (its top entries, its list
# header). Skipped (77) without tmux.
# usage: shell_tty.sh CPROF TESTDATA_DIR
set -u
command -v tmux >/dev/null || { echo "tmux not installed"; exit 77; }
bin=$1 dir=$2
[[ $bin == */* ]] && bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
profile=$(cd "$dir" && pwd)/conformance/profiles/go1/cpu.pb.gz
tmp=$(mktemp -d)
# one tmux server per session: a new server on a socket whose server was
# just killed may fail to start
nsock=0
T() { tmux -S "$tmp/tmux$nsock.sock" "$@"; }
cleanup() {
  for ((i = 1; i <= nsock; i++)); do tmux -S "$tmp/tmux$i.sock" kill-server 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT
status=0
fail() { echo "FAIL $*"; echo "--- screen:"; screen; status=1; }
screen() { T capture-pane -p -S -200 -t t; }

# wait_for TEXT [COUNT]: until the screen shows TEXT (COUNT times), 20 s
wait_for() {
  local n=${2:-1}
  for _ in $(seq 200); do
    (( $(screen | grep -cF -- "$1") >= n )) && return 0
    sleep 0.1
  done
  return 1
}

start() {
  nsock=$((nsock + 1))
  T new-session -d -x 150 -y 60 -s t \
    "cd '$tmp' && env TZ=UTC HOME='$tmp' XDG_STATE_HOME='$state' '$bin' '$profile'; echo EXIT=\$?; sleep 600"
  wait_for '(pprof)' || fail "no prompt"
}

# next_prompt: waits for one more prompt than the screen had when the
# last command was sent (a report runs until its prompt is back)
sent() { prompts=$(screen | grep -c '^(pprof)'); }
next_prompt() { wait_for '(pprof)' $((prompts + 1)) || fail "no prompt after $1"; }

state=$tmp/state
start
# a command, typed
sent; T send-keys -t t 'top3' Enter
wait_for 'Showing top 3 nodes out of' || fail "top3"
next_prompt top3
for f in crypto/sha256.block main.fib math.sin; do
  screen | grep -q " $f\$" || fail "top3: $f missing"
done

# edited: "tp2", two steps left, "o" inserted: top2
sent; T send-keys -t t 'tp2' Left Left 'o' Enter
wait_for 'Showing top 2 nodes out of' || fail "editing with arrows"
next_prompt top2
screen | grep -q '^(pprof) top2$' || fail "edited line"

# Home, End and Ctrl-W: "op4 foo" becomes "top4"
sent; T send-keys -t t 'op4 foo' Home 't' End C-w Enter
wait_for 'Showing top 4 nodes out of' || fail "Home, End, Ctrl-W"
next_prompt top4

# the history: up three times is top3 again
sent; T send-keys -t t Up Up Up Enter
wait_for 'Showing top 3 nodes out of' 2 || fail "history recall"
next_prompt "recalled top3"

# Ctrl-R finds "top4" by its "p4"
sent; T send-keys -t t C-r 'p4'
sleep 0.3
T send-keys -t t Enter
wait_for 'Showing top 4 nodes out of' 2 || fail "Ctrl-R search"
next_prompt "Ctrl-R"

# Tab completes a function name from the profile
T send-keys -t t 'list main.fi' Tab
wait_for '(pprof) list main.fib' || fail "Tab completion"
sent; T send-keys -t t Enter
wait_for 'ROUTINE ======================== main.fib' || fail "list after Tab"
next_prompt list

# Ctrl-C abandons a line: no error for it, a fresh prompt
T send-keys -t t 'bogus'
wait_for '(pprof) bogus' || fail "typing"
T send-keys -t t C-c
wait_for '(pprof) bogus^C' || fail "Ctrl-C on a line"
sent; T send-keys -t t 'top1' Enter
wait_for 'Showing top 1 nodes out of' || fail "prompt after Ctrl-C"
next_prompt top1
screen | grep -q 'unrecognized command: "bogus"' && fail "abandoned line was run"

# Ctrl-C interrupts a report (here blocked opening a FIFO) and the shell
# goes on
mkfifo "$tmp/fifo"
sent; T send-keys -t t 'top >fifo' Enter
wait_for 'Generating report in fifo' || fail "report into a FIFO"
sleep 0.3
T send-keys -t t C-c
next_prompt "Ctrl-C of a report"
sent; T send-keys -t t 'top1' Enter
wait_for 'Showing top 1 nodes out of' 2 || fail "shell after interrupting a report"
next_prompt "top1 after Ctrl-C"

# Ctrl-D quits with status 0 (sent at the prompt: keys typed while a
# report runs meet the terminal in cooked mode)
T send-keys -t t C-d
wait_for 'EXIT=0' || fail "Ctrl-D"
T kill-server

hist=$tmp/state/cprof/history
# libedit's history file: one line per entry, blanks as \040
for l in top3 top2 top4 'list\040main.fib' top1; do
  grep -qF -- "$l" "$hist" 2>/dev/null || fail "history file lacks $l"
done
grep -q bogus "$hist" && fail "abandoned line in the history"

# a second session recalls the first one's last line
start
T send-keys -t t Up
wait_for '(pprof) top1' || fail "history across sessions"
T send-keys -t t C-u C-d
wait_for 'EXIT=0' || fail "Ctrl-D, second session"
T kill-server

# a history that cannot be written (its folder would be under a plain
# file, which stops root too): one warning, the session goes on
: >"$tmp/plain"
state=$tmp/plain
start
sent; T send-keys -t t 'top1' Enter
next_prompt "top1 with an unwritable history"
sent; T send-keys -t t 'top2' Enter
wait_for 'Showing top 2 nodes out of' || fail "unwritable history: session"
next_prompt "top2 with an unwritable history"
[[ $(screen | grep -c 'cannot save the history') -eq 1 ]] ||
  fail "unwritable history: one warning"
T send-keys -t t C-d
wait_for 'EXIT=0' || fail "Ctrl-D, unwritable history"
exit $status
