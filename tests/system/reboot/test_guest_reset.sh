#!/bin/bash
# A bare-metal program resets the machine itself (the SiFive test device,
# as OpenSBI's SBI system reset does) each time its .data counter reaches
# 8: a power cycle restarts it at its ELF entry with counter = 5 again and
# .bss zero, so it prints count=5 6 7 over and over, never count=8 and
# never bss-dirty, until --max-insns ends the run (status 124).  Every
# engine prints the same (virtual time and exact instruction counts make
# the run deterministic across resets).
# $1 = rvx binary, $2 = counter_reset.elf
set -u
RVX=$1
ELF=$2
fail() { echo "FAIL: $*" >&2; exit 1; }
first=
for engine in jit block interp; do
    out=$(timeout -s KILL 60 "$RVX" run --engine $engine --max-insns 6000000 "$ELF" 2>/dev/null)
    status=$?
    echo "$engine: $(echo "$out" | head -c 200 | tr '\n' ' ')... (status $status)"
    [ $status -eq 124 ] || fail "$engine: status $status, expected 124 (--max-insns)"
    fives=$(echo "$out" | grep -c '^count=5$')
    [ "$fives" -ge 5 ] || fail "$engine: count=5 printed $fives times, expected a restart each 3 counts"
    echo "$out" | grep -q '^count=8$' && fail "$engine: count=8: the reset did not restore .data"
    echo "$out" | grep -q 'bss-dirty' && fail "$engine: bss-dirty: RAM not cleared by the reset"
    bad=$(echo "$out" | grep -v -x -E 'count=[567]')
    [ -z "$bad" ] || fail "$engine: unexpected output '$bad'"
    [ -z "$first" ] || [ "$out" = "$first" ] || fail "$engine: output differs from jit's"
    first=${first:-$out}
done
echo PASS
