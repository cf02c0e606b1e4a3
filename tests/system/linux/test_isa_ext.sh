#!/bin/bash
# The privileged extensions reach Linux: with the default ISA the guest's
# /proc/cpuinfo isa line lists them (the kernel read riscv,isa-extensions
# and kept what it knows), and the kernel programs its timer through Sstc's
# stimecmp, so --stats counts no SBI set_timer call; with --isa rv64gc it
# must ask the SBI (the count is not zero).
. "$(dirname "$0")/common.sh"
boot 'rvx.cmd="cat /proc/cpuinfo"' --stats
[ $status -eq 0 ] || fail "rvx exited with $status"
isa=$(grep -m1 '^isa' "$WORK/console.log" | tr -d '\r')
echo "cpuinfo: $isa"
# (Linux 6.12 does not report zicbop, svadu or the Ss* names it has no
# use for)
for e in zicbom zicboz svinval svnapot svpbmt sstc smstateen; do
    case "$isa" in
    *_${e}_* | *_${e}) ;;
    *) fail "cpuinfo isa line lacks $e" ;;
    esac
done
grep -q 'rvx: 0 SBI set_timer calls' "$WORK/console.log" ||
    fail "the kernel asked the SBI for its timer although it has Sstc"

boot 'rvx.cmd="true"' --stats --isa rv64gc
[ $status -eq 0 ] || fail "rvx --isa rv64gc exited with $status"
n=$(sed -n 's/^rvx: \([0-9]*\) SBI set_timer calls.*/\1/p' "$WORK/console.log")
[ -n "$n" ] && [ "$n" -gt 0 ] || fail "rv64gc: expected SBI set_timer calls, counted '${n}'"
echo "rv64gc: $n SBI set_timer calls"
echo PASS
