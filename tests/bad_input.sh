#!/usr/bin/env bash
# Runs cprof over the bad-input corpus (testdata/bad, see make.py there).
#  - NAME (not .ok.): exit 1, exactly one stderr line "cprof: ..." naming
#    the file, nothing on stdout; with expected/NAME.err, the line is
#    "cprof: FILE: " and go tool pprof's error;
#  - NAME.ok.*: exit 0 with -raw and -top, no error line, and stdout
#    equal to go tool pprof's (expected/NAME.FORMAT.gz);
#  - a directory, a FIFO with a writer, a missing file and a dangling
#    symlink are rejected like the bad files;
#  - unknown flags and a missing source: usage on stderr, exit 2.
# Any sanitizer or valgrind report fails the case.
# usage: bad_input.sh CPROF TESTDATA_BAD_DIR
set -u
bin=$1 dir=$2
[[ $bin == */* ]] && bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
dir=$(cd "$dir" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; sed 's/^/    /' "$tmp/err" | head -n 5; }

sanitizer_report() {
  grep -qE 'Sanitizer|runtime error:|^==[0-9]+==' "$tmp/err"
}

# expect_error NAME FILE [ARGS...]: exit 1 and one "cprof: " line naming FILE
expect_error() {
  local name=$1 file=$2
  shift 2
  TZ=UTC timeout 60 "$bin" -top "$@" "$file" </dev/null >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if sanitizer_report; then bad "$name" "sanitizer report"; return; fi
  if ((rc != 1)); then bad "$name" "exit status $rc, want 1"; return; fi
  if [[ -s $tmp/out ]]; then bad "$name" "output on stdout"; return; fi
  if [[ $(wc -l <"$tmp/err") -ne 1 ]]; then bad "$name" "want one line on stderr"; return; fi
  local line
  line=$(cat "$tmp/err")
  if [[ $line != "cprof: "* ]]; then bad "$name" "stderr does not start with 'cprof: '"; return; fi
  if [[ $line != *"$file"* ]]; then bad "$name" "stderr does not name $file"; return; fi
  if [[ -f $dir/expected/$name.err && $line != "cprof: $file: $(cat "$dir/expected/$name.err")" ]]; then
    bad "$name" "want go tool pprof's error: $(cat "$dir/expected/$name.err")"; return
  fi
  pass=$((pass + 1))
}

# expect_ok NAME FILE FORMAT: exit 0, no error, go tool pprof's output
expect_ok() {
  local name=$1 file=$2 fmt=$3
  (cd "$dir" && TZ=UTC PPROF_BINARY_PATH=/nonexistent timeout 60 \
     "$bin" "-$fmt" "$file" </dev/null >"$tmp/out" 2>"$tmp/err")
  local rc=$?
  if sanitizer_report; then bad "$name -$fmt" "sanitizer report"; return; fi
  if ((rc != 0)); then bad "$name -$fmt" "exit status $rc, want 0"; return; fi
  if grep -v "^cprof: warning: " "$tmp/err" | grep -q "^cprof: "; then bad "$name -$fmt" "error on stderr"; return; fi
  if ! cmp -s "$tmp/out" <(gzip -dc "$dir/expected/$file.$fmt.gz"); then
    bad "$name -$fmt" "output differs from go tool pprof's (expected/$file.$fmt.gz)"
    return
  fi
  pass=$((pass + 1))
}

# expect_usage NAME ARGS...: exit 2, usage on stderr, nothing on stdout
expect_usage() {
  local name=$1
  shift
  timeout 60 "$bin" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if sanitizer_report; then bad "$name" "sanitizer report"; return; fi
  if ((rc != 2)); then bad "$name" "exit status $rc, want 2"; return; fi
  if [[ -s $tmp/out ]]; then bad "$name" "output on stdout"; return; fi
  if ! grep -q '^usage:' "$tmp/err"; then bad "$name" "no usage on stderr"; return; fi
  pass=$((pass + 1))
}

for f in "$dir"/*; do
  base=${f##*/}
  [[ -f $f ]] || continue
  case $base in
    *.py | *.args) continue ;;
    *.ok.*)
      expect_ok "$base" "$base" raw
      expect_ok "$base" "$base" top
      ;;
    *)
      args=()
      [[ -f $f.args ]] && mapfile -t args <"$f.args"
      expect_error "$base" "$f" "${args[@]}"
      ;;
  esac
done

mkdir "$tmp/a-directory"
expect_error directory "$tmp/a-directory"
expect_error missing "$tmp/does-not-exist"
ln -s "$tmp/gone" "$tmp/dangling"
expect_error "dangling symlink" "$tmp/dangling"
# A FIFO blocks on open until a writer comes; the writer sends garbage.
mkfifo "$tmp/fifo"
head -c 1000 "$dir/garbage.bin" >"$tmp/fifo" &
expect_error fifo "$tmp/fifo"
wait
# A FIFO that delivers a valid profile is read like a file.
"$bin" -raw "$dir/absurd-counts.ok.pb" >"$tmp/want" 2>/dev/null
cat "$dir/absurd-counts.ok.pb" >"$tmp/fifo" &
TZ=UTC timeout 60 "$bin" -raw "$tmp/fifo" </dev/null >"$tmp/out" 2>"$tmp/err"
rc=$?
wait
if ((rc == 0)) && ! sanitizer_report && cmp -s "$tmp/out" "$tmp/want"; then
  pass=$((pass + 1))
else
  bad "fifo with a profile" "exit status $rc or output differs"
fi

expect_usage "unknown flag" -top -no_such_flag "$dir/empty"
expect_usage "missing source" -top
expect_usage "flag without value" -top -nodecount
expect_usage "bad int value" -top -nodecount=x "$dir/empty"

echo "$pass passed, $fail failed"
((fail == 0))
