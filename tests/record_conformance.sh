#!/usr/bin/env bash
# Records conformance goldens from the reference pprof, never from cprof:
# runs `GO tool pprof` on the arguments of each named case in DIR/cases.tsv
# under the same environment as run/conformance.sh, and writes its stdout
# to DIR/expected/NAME.out.
# usage: record_conformance.sh [GO] DIR NAME...
#   GO defaults to $CPROF_GO, else /usr/lib/go-1.23/bin/go (Go 1.23.5).
set -u
go=${CPROF_GO:-/usr/lib/go-1.23/bin/go}
if [[ $# -ge 1 && -x $1 && ! -d $1 ]]; then go=$1; shift; fi
[[ $# -ge 2 ]] || { echo "usage: record_conformance.sh [GO] DIR NAME..." >&2; exit 2; }
dir=$(cd "$1" && pwd); shift
[[ -x $go ]] || { echo "record_conformance.sh: $go: not found" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
status=0
for name in "$@"; do
  args=$(awk -F'\t' -v n="$name" '$1 == n { print $2 }' "$dir/cases.tsv")
  if [[ -z $args ]]; then
    echo "record_conformance.sh: $name: no such case" >&2; status=1; continue
  fi
  # shellcheck disable=SC2086  # the arguments are words without spaces
  (cd "$dir" && TZ=UTC PPROF_TMPDIR=$tmp PPROF_BINARY_PATH=/nonexistent \
     timeout 300 "$go" tool pprof $args </dev/null >"expected/$name.out" 2>"$tmp/err")
  echo "$name: exit $?, $(wc -c <"$dir/expected/$name.out") bytes"
done
exit $status
