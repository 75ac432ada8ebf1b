#!/usr/bin/env bash
# The interactive shell against go tool pprof's recorded sessions
# (testdata/shell, see its "record" script): each NAME.in is piped into
# cprof with the arguments from cases.tsv, in a scratch directory whose
# "profiles" is the conformance profiles. Standard output (prompts and
# reports), standard error (header, options, messages) and every file
# pprof wrote must match byte for byte. Cases marked own-words print our
# help text: their stderr is checked for content instead.
# usage: shell_test.sh CPROF TESTDATA_DIR
set -u
bin=$1 dir=$2
[[ $bin == */* ]] && bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
dir=$(cd "$dir" && pwd)
shell=$dir/shell profiles=$dir/conformance/profiles
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
fail() { echo "FAIL $*"; status=1; }

run() { # NAME ARGS...: runs cprof on NAME.in in a fresh $tmp/run
  local name=$1; shift
  rm -rf "$tmp/run"; mkdir "$tmp/run"; ln -s "$profiles" "$tmp/run/profiles"
  (cd "$tmp/run" && TZ=UTC PPROF_TMPDIR=$tmp/pprof PPROF_BINARY_PATH=/nonexistent \
     timeout 60 "$bin" "$@" <"$shell/$name.in" >"$tmp/out" 2>"$tmp/err")
}

while IFS=$'\t' read -r name args flags; do
  [[ -n $name ]] || continue
  # shellcheck disable=SC2086  # the arguments are words without spaces
  run "$name" $args
  cmp -s "$tmp/out" "$shell/$name.out" ||
    { fail "$name: stdout"; diff -u "$shell/$name.out" "$tmp/out" | head -20; }
  if [[ $flags != *own-words* ]]; then
    cmp -s "$tmp/err" "$shell/$name.err" ||
      { fail "$name: stderr"; diff -u "$shell/$name.err" "$tmp/err" | head -20; }
  fi
  if [[ -d $shell/$name.files ]]; then
    for f in "$shell/$name.files"/*; do
      cmp -s "$f" "$tmp/run/$(basename "$f")" || fail "$name: file $(basename "$f")"
    done
  fi
done <"$shell/cases.tsv"

# help: our own words, so check what it must cover. The header is pprof's.
run help profiles/go1/cpu.pb.gz
err=$tmp/err
head -n 5 "$shell/help.err" | cmp -s - <(head -n 5 "$err") || fail "help: header"
# every command, every setting "o" lists, and each group member
printf 'o\n' >"$tmp/o.in"
settings=$(cd "$tmp/run" && "$bin" profiles/go1/cpu.pb.gz <"$tmp/o.in" 2>&1 >/dev/null |
  sed -n 's/^  \([a-z_]*\) *= .*/\1/p')
[[ $(wc -w <<<"$settings") -ge 30 ]] || fail "help: o listed too few settings"
for w in $settings source_path callgrind comments disasm dot eog evince folded gif gv \
    kcachegrind list pdf peek png proto ps raw svg tags text top topproto traces \
    tree web weblist cum flat functions filefunctions files lines addresses \
    o/options q/quit/exit/^D; do
  grep -q "^ *$w\( \|$\)" "$err" || fail "help: $w not listed"
done
grep -q '^  Usage:$' "$err" && grep -q '^    top \[n\]' "$err" || fail "help top: usage"
grep -q '^    list func_regex' "$err" || fail "help list: usage"
grep -q 'alloc\|\[samples cpu\]' "$err" || fail "help sample_index: profile's types"
grep -qx 'Unknown command: nothing' "$err" || fail "help nothing"
grep -q '^Members: cum flat (now flat)$' "$err" || fail "help sort"
n=$(grep -c '^Unknown command' "$err")
[[ $n == 1 ]] || fail "help: $n unknown topics, want 1 (nothing)"

# svg, which pprof needs the dot program for: a file in the current
# directory, named as pprof names it, and well-formed with >file.
printf 'svg\nsvg 5 >g.svg\nquit\n' >"$tmp/svg.in"
rm -rf "$tmp/run"; mkdir "$tmp/run"
(cd "$tmp/run" && "$bin" "$profiles/go1/cpu.pb.gz" <"$tmp/svg.in" >"$tmp/out" 2>"$tmp/err")
grep -qx 'Generating report in profile001.svg' "$tmp/err" || fail "svg: message"
for f in profile001.svg g.svg; do
  grep -q '^<svg' "$tmp/run/$f" 2>/dev/null || fail "svg: $f"
  tail -c 20 "$tmp/run/$f" 2>/dev/null | grep -q '</svg>' || fail "svg: $f end"
done
[[ $(cat "$tmp/out") == '(pprof) (pprof) (pprof) ' ]] || fail "svg: stdout"

# viewers start in the background (pprof's interactive mode): the shell
# goes on while a slow "gv" (a stand-in on PATH) still shows the file,
# which is kept for it
mkdir -p "$tmp/bin" "$tmp/view"
printf '#!/bin/sh\necho "$@" >>"%s/gv.log"\nsleep 5\n' "$tmp" >"$tmp/bin/gv"
chmod +x "$tmp/bin/gv"
printf 'gv\nquit\n' >"$tmp/gv.in"
start=$(date +%s)
(cd "$tmp/run" && PATH=$tmp/bin:$PATH TMPDIR=$tmp/view "$bin" "$profiles/go1/cpu.pb.gz" \
   <"$tmp/gv.in" >"$tmp/out" 2>"$tmp/err")
(( $(date +%s) - start < 4 )) || fail "gv: the shell waited for the viewer"
for _ in $(seq 50); do [[ -s $tmp/gv.log ]] && break; sleep 0.1; done
read -r opt file <"$tmp/gv.log" 2>/dev/null
[[ ${opt:-} == --noantialias && ${file:-} == "$tmp/view/"*.ps ]] || fail "gv: arguments: $(cat "$tmp/gv.log")"
head -c 4 "${file:-/nonexistent}" 2>/dev/null | grep -q '^%!PS' || fail "gv: the file shown is no PostScript"

n=$(grep -c . "$shell/cases.tsv")
((status)) || echo "shell: $n sessions and help/svg/gv checks passed"
exit $status
