#!/usr/bin/env bash
# Scheduled fuzzing: every libFuzzer target (or those named) for a long
# run through fuzz/run.sh (600 s each by default), then, per target, the
# new inputs that reach code the kept inputs do not are merged into the
# repository's corpus, fuzz/corpus/TARGET (libFuzzer -merge=1), so that
# the next run and `meson test --suite fuzz` start from them. Commit
# fuzz/corpus/ afterwards to keep them. Not part of the default CI run
# (.ci/run); .ci/fuzz-long runs it on demand.
#
# usage: fuzz/long.sh [-t SECONDS] [-j JOBS] [-n] BUILD_DIR [TARGET...]
#   BUILD_DIR configured as fuzz/run.sh says (-Dfuzzers=true, clang)
#   -t  seconds per target (default 600)
#   -j  parallel fuzzing jobs per target (default 1)
#   -n  no fuzzing: only merge what BUILD_DIR/fuzz-corpus holds
# Inputs over 16 KiB are not merged (mutated profiles and binaries are
# large: the repository would grow by megabytes per run).
# Prints fuzz/run.sh's summary line per target, then how many inputs each
# corpus gained; exits 1 if any target crashed (the merge still runs).
set -u
secs=600 jobs=1 fuzz=1
while getopts t:j:n o; do
  case $o in
    t) secs=$OPTARG ;;
    j) jobs=$OPTARG ;;
    n) fuzz= ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[[ $# -ge 1 ]] || { echo "usage: fuzz/long.sh [-t SECONDS] [-j JOBS] [-n] BUILD_DIR [TARGET...]" >&2; exit 2; }
build=$(cd "$1" && pwd) || exit 2
shift
root=$(cd "$(dirname "$0")/.." && pwd)
merge_max=16384

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for f in "$build"/fuzz/fuzz_*; do
    [[ -x $f && -f $f ]] && targets+=("${f##*/fuzz_}")
  done
fi
[[ ${#targets[@]} -gt 0 ]] || { echo "no fuzz targets in $build/fuzz (configure with -Dfuzzers=true)" >&2; exit 2; }

status=0
if [[ -n $fuzz ]]; then
  "$root/fuzz/run.sh" -t "$secs" -j "$jobs" "$build" "${targets[@]}"
  status=$?
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/fuzz/lsan.supp}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for t in "${targets[@]}"; do
  found=$build/fuzz-corpus/$t keep=$root/fuzz/corpus/$t
  [[ -d $found ]] || continue
  # What counts as covered already: the kept corpus and the target's
  # other seeds (fuzz/run.sh's list), copied under content names so that
  # libFuzzer's SHA-1 names tell old from new after the merge.
  rm -rf "$work/base" "$work/new"
  mkdir -p "$work/base" "$work/new" "$keep"
  seeds=$(sed -n "s/^  \[$t\]=\"\(.*\)\"$/\1/p" "$root/fuzz/run.sh")
  seeds=${seeds//\$td/$root/testdata}
  seeds=${seeds//\$root/$root}
  for d in "$keep" $seeds; do
    [[ -e $d ]] || continue
    find "$d" -type f -size -$((merge_max + 1))c -print0 |
      while IFS= read -r -d '' f; do
        cp "$f" "$work/base/$(sha1sum <"$f" | cut -c1-40)"
      done
  done
  find "$found" -type f -size -$((merge_max + 1))c -exec cp {} "$work/new/" \;
  ls "$work/base" | sort >"$work/before"
  "$build/fuzz/fuzz_$t" -merge=1 -max_len=$merge_max "$work/base" "$work/new" \
    >"$build/fuzz-$t.merge.log" 2>&1 ||
    { echo "$t: merge failed (log $build/fuzz-$t.merge.log)"; status=1; continue; }
  ls "$work/base" | sort | comm -13 "$work/before" - >"$work/added"
  while read -r f; do cp "$work/base/$f" "$keep/$f"; done <"$work/added"
  echo "$t: $(wc -l <"$work/added") inputs merged into fuzz/corpus/$t ($(find "$keep" -type f | wc -l) kept)"
  rmdir "$keep" 2>/dev/null # nothing kept: no empty folder
done
exit $status
