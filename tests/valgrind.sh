#!/usr/bin/env bash
# Valgrind memcheck over the conformance suite and the bad-input corpus:
# every cprof run goes through a wrapper that records memcheck's verdict;
# any invalid read/write, use of uninitialised memory, or definite /
# indirect leak of our own fails the run (graphviz's font stack caches are
# suppressed by tests/valgrind.supp, as tests/lsan.supp does for LSan).
# Slow (memcheck is ~30x): not part of `meson test`; CI runs it on a
# build without sanitizers:
#   meson setup build-vg && meson compile -C build-vg
#   tests/valgrind.sh build-vg/cmd/cprof
# usage: tests/valgrind.sh CPROF
set -u
[[ $# -eq 1 ]] || { echo "usage: tests/valgrind.sh CPROF" >&2; exit 2; }
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

wrapper=$logs/cprof
cat >"$wrapper" <<WRAP
#!/usr/bin/env bash
exec valgrind -q --tool=memcheck --error-exitcode=99 --leak-check=full \\
  --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \\
  --suppressions="$root/tests/valgrind.supp" --log-file="$logs/vg.%p.log" \\
  "$bin" "\$@"
WRAP
chmod +x "$wrapper"

echo "conformance suite under memcheck..."
bash "$root/testdata/conformance/run" "$wrapper" | tail -n 1
echo "bad-input corpus under memcheck..."
bash "$root/tests/bad_input.sh" "$wrapper" "$root/testdata/bad" | tail -n 1

runs=$(find "$logs" -name 'vg.*.log' | wc -l)
bad=$(find "$logs" -name 'vg.*.log' -size +0 | sort)
if [[ -n $bad ]]; then
  for f in $bad; do
    echo "=== $f"
    head -n 40 "$f"
  done
  echo "valgrind: $(echo "$bad" | wc -l) of $runs runs reported errors"
  exit 1
fi
echo "valgrind: $runs runs, no errors"
