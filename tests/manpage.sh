#!/usr/bin/env bash
# cprof.1 (generated at build time from the settings and commands tables)
# is well-formed roff without warnings, and documents every flag that
# -h lists and every setting that the shell's "o" lists. Skipped (77)
# without groff.
# usage: manpage.sh CPROF CPROF.1 PROFILE
set -u
command -v groff >/dev/null || { echo "groff not installed"; exit 77; }
bin=$1 man=$2 profile=$3
status=0
warnings=$(groff -man -ww -z "$man" 2>&1)
[[ -z $warnings ]] || { echo "FAIL groff: $warnings"; status=1; }
flags=$("$bin" -h | sed -n 's/^ *-\([a-z_]*\).*/\1/p' | sort -u)
[[ $(wc -l <<<"$flags") -ge 60 ]] || { echo "FAIL -h lists too few flags"; status=1; }
for f in $flags; do
  grep -q "^\\\\fB\\\\-$f\\\\fR" "$man" || { echo "FAIL $f not in the man page"; status=1; }
done
settings=$(printf 'o\n' | "$bin" "$profile" 2>&1 >/dev/null | sed -n 's/^  \([a-z_]*\) *= .*/\1/p')
for s in $settings; do
  grep -q "^\\\\fB\\\\-$s\\\\fR\|^\\\\fB$s\\\\fR (" "$man" || { echo "FAIL setting $s not in the man page"; status=1; }
done
exit $status
