#!/bin/bash
# run_randprog.sh RVX ENGINE ELF... — each random program (gen.py) on rvx
# with ENGINE and on qemu-system-riscv64 -M virt -bios none with the same
# extensions (QEMU 7.2 spells Zfh with a capital Z); their output on the
# 16550 UART (registers, FP state, trap and memory folds) must be equal,
# and both must power off through the test device with status 0.
# Fails when QEMU is missing: a skipped reference is no test.
set -u
rvx=$1 engine=$2
shift 2
qemu=$(command -v qemu-system-riscv64) || {
    echo "FAIL: qemu-system-riscv64 not found (install qemu-system-misc)"; exit 1; }
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
n=0 bad=0
for elf in "$@"; do
    # (--jit-after 0: under the JIT every block is translated on its first run)
    timeout 60 "$rvx" run --engine "$engine" --jit-after 0 "$elf" >"$dir/rvx" 2>&1 ||
        { echo "FAIL: rvx exited $? on $elf"; bad=$((bad + 1)); continue; }
    timeout 60 "$qemu" -M virt -cpu rv64,zba=true,zbb=true,zbc=true,zbs=true,zbkb=true,zbkc=true,zbkx=true,zknd=true,zkne=true,zknh=true,Zfh=true \
        -nographic -bios none -kernel "$elf" </dev/null >"$dir/qemu" 2>&1 ||
        { echo "FAIL: qemu exited $? on $elf"; bad=$((bad + 1)); continue; }
    lines=$(wc -l <"$dir/qemu")
    if [ "$lines" -ne 67 ]; then
        echo "FAIL: QEMU printed $lines lines for $elf (67 expected)"; bad=$((bad + 1))
    elif ! diff "$dir/qemu" "$dir/rvx" >"$dir/diff"; then
        echo "FAIL: $elf: rvx ($engine) and QEMU disagree (< qemu, > rvx; lines 1-30 are"
        echo "      x1..x30, 31 zero, 32-63 f0..f31, 64 fcsr, 65 traps, 66 trap fold,"
        echo "      67 fold of memory):"
        cat "$dir/diff"; bad=$((bad + 1))
    fi
    n=$((n + 1))
done
[ $n -gt 0 ] || { echo "FAIL: no programs"; exit 1; }
[ $bad -eq 0 ] || exit 1
echo "ok: $n random programs agree with QEMU ($engine)"
