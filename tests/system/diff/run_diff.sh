#!/bin/sh
# Runs a differential program (zbdiff.elf, zkdiff.elf) on rvx (--isa ISA,
# engine $3) and on qemu-system-riscv64 -M spike with the same extensions
# (-cpu CPU), and compares the per-instruction checksum lines (at least
# MIN of them).  Fails when QEMU is missing (tests/run.sh installs it
# through roms/deps.sh): a skipped reference is no test.
# usage: run_diff.sh RVX ELF ENGINE [ISA CPU MIN]
# (default: Zba/Zbb/Zbc/Zbs, zbdiff.elf's 60 forms)
rvx=$1 elf=$2 engine=$3
isa=${4:-rv64gc_zba_zbb_zbc_zbs}
cpu=${5:-rv64,zba=true,zbb=true,zbc=true,zbs=true}
min=${6:-60}
qemu=$(command -v qemu-system-riscv64) || {
    echo "FAIL: qemu-system-riscv64 not found (install qemu-system-misc)"; exit 1; }
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
# (--jit-after 0: under the JIT every block is translated on its first run)
"$rvx" run --engine "$engine" --jit-after 0 --isa "$isa" "$elf" >"$dir/rvx" ||
    { echo "FAIL: rvx exited $?"; exit 1; }
timeout 120 "$qemu" -M spike -cpu "$cpu" \
    -nographic -bios none -kernel "$elf" </dev/null >"$dir/qemu" ||
    { echo "FAIL: qemu exited $?"; exit 1; }
n=$(wc -l <"$dir/qemu")
if [ "$n" -lt "$min" ]; then
    echo "FAIL: QEMU printed only $n lines"; cat "$dir/qemu"; exit 1
fi
if ! diff "$dir/qemu" "$dir/rvx"; then
    echo "FAIL: rvx ($engine) and QEMU disagree on the lines above (< qemu, > rvx)"
    exit 1
fi
echo "ok: $n instruction forms agree with QEMU ($engine)"
