#!/bin/bash
# --mmu sv39|sv48|sv57: satp's MODE field is WARL (privileged spec 4.1.11):
# Bare and the paged modes up to the chosen one are accepted (an Sv48 hart
# also has Sv39, an Sv57 hart Sv48, spec 4.5/4.6), a write of any other
# MODE (richer, or reserved 1-7 and 11-15) leaves satp as it was.  The
# program writes every MODE 8..15 with a PPN and exits with the richest one
# read back (77 when a refused write changed satp).  The device tree's
# /cpus/cpu@0 mmu-type names the same mode (RISC-V CPU binding).  QEMU 7.2's
# rv64 (Sv57 by default) is the reference for the default, when installed.
# $1 = rvx, $2 = riscv64-unknown-elf-gcc
. "$(dirname "$0")/common.sh"
tests=0
build satp ".text
.globl _start
_start: la t0, trap
 csrw mtvec, t0
 li s0, 0
 li s1, 0x1234
 csrw satp, zero
 li s2, 8
1: slli t0, s2, 60
 or t0, t0, s1
 csrr t2, satp
 csrw satp, t0
 csrr t1, satp
 bne t1, t0, 2f
 mv s0, s2
 j 3f
2: bne t1, t2, fail
3: addi s2, s2, 1
 li t0, 16
 bne s2, t0, 1b
 mv a0, s0
 j exit
fail: li a0, 77
exit: slli a0, a0, 1
 ori a0, a0, 1
 la t0, tohost
 sd a0, 0(t0)
 j .
trap: li a0, 78
 j exit
$TOHOST
.size tohost, 8
.size fromhost, 8"
for m in "sv39 8" "sv48 9" "sv57 10" "default 10"; do
    set -- $m
    want=$2; opt="--mmu $1"; [ "$1" = default ] && opt=
    for e in jit interp; do
        "$RVX" run --engine $e $opt "$WORK/satp.elf"
        check "satp modes with '${opt:-default}' ($e)" "$want" $?; tests=$((tests + 1))
    done
    "$RVX" $opt --bios "$WORK/satp.elf" --kernel "$WORK/satp.elf" --dtb-out "$WORK/d.dtb" \
        --max-insns 1000 --display none --nic none >/dev/null 2>&1
    got=$(fdtget "$WORK/d.dtb" /cpus/cpu@0 mmu-type 2>&1)
    want_dt=riscv,sv$(( (want - 8) * 9 + 39 ))
    if [ "$got" = "$want_dt" ]; then echo "ok: mmu-type with '${opt:-default}'"
    else echo "FAIL: mmu-type with '${opt:-default}': '$got', expected $want_dt"; failures=$((failures + 1)); fi
    tests=$((tests + 1))
done
"$RVX" run --mmu sv32 "$WORK/satp.elf" 2>/dev/null; check "--mmu sv32 refused" 2 $?; tests=$((tests + 1))
if command -v qemu-system-riscv64 >/dev/null; then
    timeout 20 qemu-system-riscv64 -M spike -nographic -bios none -kernel "$WORK/satp.elf"
    check "QEMU's default agrees (Sv57)" 10 $?; tests=$((tests + 1))
fi
finish
