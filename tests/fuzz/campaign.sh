#!/bin/bash
# campaign.sh BUILD_DIR SECONDS [TARGET...] — a long fuzzing campaign (CI
# runs only a bounded smoke run): each target (default: all) fuzzes for
# SECONDS from its committed corpus, with new inputs kept in a scratch
# corpus.  Prints executions, corpus growth and crashes per target; crash
# inputs stay in the printed directory (add each to tests/fuzz/corpus/NAME/
# with its fix).  BUILD_DIR is a -DRVX_FUZZ=ON build (see tests/run.sh).
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=$1 secs=$2
shift 2
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=($(cd "$here/corpus" && ls))
out=$(mktemp -d)
declare -A opts=([exec]=-max_len=1032 [elf]=-max_len=32768)
for t in "${targets[@]}"; do
    bin=$build/tests/fuzz/fuzz_$t
    [ -x "$bin" ] || { echo "no $bin (build with -DRVX_FUZZ=ON)"; exit 2; }
    mkdir -p "$out/$t/new" "$out/$t/crashes"
    (cd "$out/$t/crashes" && "$bin" -max_total_time="$secs" -timeout=30 -rss_limit_mb=4096 \
        -print_final_stats=1 ${opts[$t]:-} "$out/$t/new" "$here/corpus/$t" \
        >"$out/$t/log" 2>&1)
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/$t/log" | grep -o '[0-9]*$')
    crashes=$(ls "$out/$t/crashes" | wc -l)
    echo "$t: ${execs:-?} executions in ${secs}s, $(ls "$out/$t/new" | wc -l) new corpus entries, $crashes crash inputs"
done
echo "logs and inputs in $out"
