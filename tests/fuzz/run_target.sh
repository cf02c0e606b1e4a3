#!/bin/bash
# run_target.sh TARGET CORPUS RUNS [libFuzzer options...]
# Runs TARGET over every input in CORPUS (seeds and past crashes), then for
# RUNS new inputs from a fixed seed.  New interesting inputs go to a
# temporary directory (printed, kept when the run fails) so the tree stays
# as committed; a crash leaves its input as crash-* in the current
# directory: add it to CORPUS with the fix.
set -u
target=$1 corpus=$2 runs=$3
shift 3
[ -d "$corpus" ] || { echo "no corpus directory $corpus" >&2; exit 1; }
[ "$(ls -A "$corpus")" ] || { echo "empty corpus $corpus" >&2; exit 1; }
new=$(mktemp -d)
"$target" -seed=1 -runs="$runs" -timeout=20 -rss_limit_mb=4096 "$@" "$new" "$corpus"
st=$?
if [ $st -eq 0 ]; then rm -rf "$new"; else echo "new corpus entries kept in $new" >&2; fi
exit $st
