#!/bin/sh
# run_litmus.sh RVX ELF NHARTS [rvx options...]: runs a litmus program
# (litmus.c) and passes when rvx exits 0 with one "ok" line per test and
# no "FAIL" (the program checks its outcomes against RVWMO itself; the
# lines, with the relaxed outcomes counted, stay in the test log).
rvx=$1 elf=$2 n=$3
shift 3
out=$(timeout 240 "$rvx" run --smp "$n" "$@" "$elf" 2>&1)
rc=$?
printf '%s\n' "$out"
oks=$(printf '%s\n' "$out" | grep -c ' ok$')
if [ "$rc" -ne 0 ] || [ "$oks" -ne 7 ] || printf '%s\n' "$out" | grep -q FAIL ||
   ! printf '%s\n' "$out" | grep -q '^litmus done$'; then
    echo "litmus: FAILED (exit status $rc, $oks of 7 ok)"
    exit 1
fi
