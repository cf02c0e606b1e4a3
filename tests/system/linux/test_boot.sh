#!/bin/bash
# Boots the default guest, has /init print /proc/cpuinfo and a marker the
# guest's shell computes (so it cannot come from the command line itself),
# then power off: exit status 0.
. "$(dirname "$0")/common.sh"
boot 'rvx.cmd="cat /proc/cpuinfo; echo RVX-MARKER-$((6*7))"'
[ $status -eq 0 ] || fail "rvx exited with $status, expected 0 (poweroff)"
grep -q 'RVX-MARKER-42' "$WORK/console.log" || fail "marker not printed"
grep -q '^isa.*rv64imafdc' "$WORK/console.log" || fail "/proc/cpuinfo lacks the ISA line"
grep -q '^mmu.*sv57' "$WORK/console.log" || fail "/proc/cpuinfo lacks mmu sv57"
echo PASS
