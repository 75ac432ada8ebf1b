#!/usr/bin/env bash
# Bounds on hostile inputs crafted here at test time (python3): each must
# end within its timeout with exit status 1 (or 0 where stated) and one
# "cprof: FILE: ..." line, at a peak RSS (/usr/bin/time's %M) under its
# bound. The bounds are far above what cprof needs and far below what the
# inputs once cost (in parentheses, before the fix):
#  - a 2 GiB zero-filled gzip bomb: 256 MB (2.03 GB, the grow-by-half
#    copy); the same with a gzip trailer claiming 100 bytes;
#  - /dev/zero as a profile, -max_decompressed=16 MiB: 150 MB (endless);
#  - 256 MiB of empty string-table entries in 1 MB of gzip: 768 MB
#    (2.4 GB); of comments: 512 MB (3.4 GB); of empty samples: 512 MB;
#  - -list over a profile naming a FIFO and /dev/zero as source files:
#    exit 0 within 20 s (hung forever / ran out of memory).
# usage: limits.sh CPROF
set -u
bin=$1
[[ $bin == */* ]] && bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
here=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null || { echo "python3 not found"; exit 77; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time not found (package time)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; sed 's/^/    /' "$tmp/err" | head -n 5; }

# check NAME WANT_STATUS MAX_KB TIMEOUT FILE ARGS...
check() {
  local name=$1 want=$2 maxkb=$3 secs=$4 file=$5
  shift 5
  /usr/bin/time -f %M -o "$tmp/rss" timeout "$secs" "$bin" "$@" "$file" \
    </dev/null >"$tmp/out" 2>"$tmp/err"
  local rc=$? kb
  kb=$(tail -n 1 "$tmp/rss")
  if grep -qE 'Sanitizer|runtime error:' "$tmp/err"; then bad "$name" "sanitizer report"; return; fi
  if ((rc != want)); then bad "$name" "exit status $rc, want $want"; return; fi
  if ((want == 1)); then
    if [[ $(wc -l <"$tmp/err") -ne 1 || $(cat "$tmp/err") != "cprof: $file: "* ]]; then
      bad "$name" "want one line 'cprof: $file: ...'"; return
    fi
  fi
  if ((kb > maxkb)); then bad "$name" "peak RSS ${kb} KB, bound ${maxkb} KB"; return; fi
  echo "ok $name: ${kb} KB"
  pass=$((pass + 1))
}

python3 - "$tmp" <<'PY'
import sys, zlib
tmp = sys.argv[1]
# 2 GiB of zeros, one gzip member (its trailer says 2^31 mod 2^32)
c = zlib.compressobj(1, zlib.DEFLATED, 31)
zero = bytes(1 << 24)
with open(tmp + '/bomb.gz', 'wb') as f:
    for _ in range(128):
        f.write(c.compress(zero))
    f.write(c.flush())
data = open(tmp + '/bomb.gz', 'rb').read()
with open(tmp + '/bomb-lying-size.gz', 'wb') as f:
    f.write(data[:-4] + (100).to_bytes(4, 'little'))
PY
check "2 GiB gzip bomb" 1 262144 120 "$tmp/bomb.gz" -top
check "gzip bomb, trailer says 100 bytes" 1 262144 120 "$tmp/bomb-lying-size.gz" -top
check "/dev/zero" 1 153600 60 /dev/zero -top -max_decompressed=16777216

# Decoded-size bombs: 256 MiB of profile.proto in 1 MB of gzip.
python3 - "$tmp" <<'PY'
import sys, zlib
tmp = sys.argv[1]
def bomb(name, head, unit):
    c = zlib.compressobj(1, zlib.DEFLATED, 31)
    chunk = unit * ((1 << 24) // len(unit))
    with open(tmp + '/' + name, 'wb') as f:
        f.write(c.compress(head))
        for _ in range(16):
            f.write(c.compress(chunk))
        f.write(c.flush())
types = b'\x0a\x04\x08\x01\x10\x02\x32\x00\x32\x01a\x32\x01b'
# one sample of no stack, then empty string-table entries
bomb('strings.gz', types + b'\x12\x03\x12\x01\x01', b'\x32\x00')
bomb('comments.gz', b'\x32\x00', b'\x68\x00')  # comments (string 0)
bomb('samples.gz', types, b'\x12\x00')    # empty samples
PY
check "256 MiB of empty strings" 0 786432 120 "$tmp/strings.gz" -top
check "256 MiB of comments" 1 524288 120 "$tmp/comments.gz" -top
check "256 MiB of empty samples" 1 524288 120 "$tmp/samples.gz" -top

# Source files a profile names: a FIFO nobody writes, /dev/zero.
mkfifo "$tmp/fifo"
python3 - "$here/../testdata/bad/make.py" "$tmp" <<'PY'
import importlib.util, sys
spec = importlib.util.spec_from_file_location('bm', sys.argv[1])
bm = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bm)
tmp = sys.argv[2]
p = bm.cpu_profile()
for i, (name, path) in enumerate([('zero', '/dev/zero'),
                                  ('fifo', tmp + '/fifo')], 1):
    p.raw(bm.ld(5, bm.vint(1, i) + bm.vint(2, p.s(name)) +
                bm.vint(3, p.s(name)) + bm.vint(4, p.s(path))))
    p.raw(bm.ld(4, bm.vint(1, i) + bm.ld(4, bm.vint(1, i) + bm.vint(2, 3))))
    p.sample([i], [1, 10000000])
open(tmp + '/special-sources.pb', 'wb').write(p.encode())
PY
check "-list of a FIFO and /dev/zero" 0 204800 20 "$tmp/special-sources.pb" -list=.
grep -q "open $tmp/fifo: not a regular file" "$tmp/out" ||
  { fail=$((fail + 1)); echo "FAIL -list: no 'not a regular file' for the FIFO"; }

echo "$pass passed, $fail failed"
((fail == 0))
