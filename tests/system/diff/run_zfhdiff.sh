#!/bin/sh
# Runs zfhdiff.elf on rvx (--isa rv64gc_zfh, engine $3) and on
# qemu-system-riscv64 -M spike -cpu rv64,Zfh=true (QEMU 7.2 spells the
# property with a capital Z), and compares the checksum lines (one per
# instruction form and rounding mode).  Fails when QEMU is missing: a
# skipped reference is no test.
# usage: run_zfhdiff.sh RVX ELF ENGINE
rvx=$1 elf=$2 engine=$3
qemu=$(command -v qemu-system-riscv64) || {
    echo "FAIL: qemu-system-riscv64 not found (install qemu-system-misc)"; exit 1; }
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
# (--jit-after 0: under the JIT every block is translated on its first run)
"$rvx" run --engine "$engine" --jit-after 0 --isa rv64gc_zfh "$elf" >"$dir/rvx" ||
    { echo "FAIL: rvx exited $?"; exit 1; }
timeout 120 "$qemu" -M spike -cpu rv64,Zfh=true \
    -nographic -bios none -kernel "$elf" </dev/null >"$dir/qemu" ||
    { echo "FAIL: qemu exited $?"; exit 1; }
n=$(wc -l <"$dir/qemu")
if [ "$n" -lt 150 ]; then
    echo "FAIL: QEMU printed only $n lines"; cat "$dir/qemu"; exit 1
fi
if ! diff "$dir/qemu" "$dir/rvx"; then
    echo "FAIL: rvx ($engine) and QEMU disagree on the lines above (< qemu, > rvx)"
    exit 1
fi
echo "ok: $n instruction form x rounding mode lines agree with QEMU ($engine)"
