#!/bin/bash
# Bad input: one clear line on stderr and a non-zero exit, never a crash.
. "$(dirname "$0")/common.sh"
tests=0
expect_error() {    # expect_error NAME STATUS rvx-args...
    local name=$1 want=$2
    shift 2
    "$RVX" "$@" </dev/null >/dev/null 2>"$WORK/err"
    local st=$?
    local lines
    lines=$(wc -l < "$WORK/err")
    tests=$((tests + 1))
    if [ "$st" = "$want" ] && [ "$lines" = 1 ] && grep -q '^rvx: ' "$WORK/err"; then
        echo "ok: $name: $(cat "$WORK/err")"
    else
        echo "FAIL: $name (status $st, expected $want; $lines stderr lines:)"; cat "$WORK/err"
        failures=$((failures + 1))
    fi
}
build good ".text
.globl _start
_start: j _start
$TOHOST"
build outside ".text
.globl _start
_start: j _start
$TOHOST" 0x10000000
build huge ".text
.globl _start
_start: j _start
.bss
.space 2 * 1024 * 1024
$TOHOST"
head -c 300 "$WORK/good.elf" > "$WORK/truncated.elf"
head -c 4096 /dev/urandom > "$WORK/random.bin"
printf 'x' > "$WORK/odd.img"
head -c 1000 /dev/zero > "$WORK/notsector.img"
head -c $((3 << 20)) /dev/zero > "$WORK/big.bin"

expect_error "unknown option" 2 --bogus
expect_error "unknown option for run" 2 run --bogus "$WORK/good.elf"
expect_error "run without program" 2 run
expect_error "bad --isa" 2 run --isa rv32gc "$WORK/good.elf"
expect_error "unsupported extension" 2 run --isa rv64gcv "$WORK/good.elf"
expect_error "unknown Z-extension" 2 run --isa rv64gc_zba_zbx "$WORK/good.elf"
expect_error "repeated Z-extension" 2 run --isa rv64gc_zbb_zba_zbb "$WORK/good.elf"
expect_error "misspelt Z-extension" 2 run --isa rv64imac_zbbb "$WORK/good.elf"
expect_error "V asked for" 2 run --isa rv64imafdcv "$WORK/good.elf"
expect_error "H asked for" 2 run --isa rv64gch "$WORK/good.elf"
expect_error "profile with a misspelt extra" 2 run --isa rva23s64_zbcc "$WORK/good.elf"
expect_error "extension without its dependency" 2 run --isa rv64imac_zicond_zfh "$WORK/good.elf"
expect_error "D without F" 2 run --isa rv64imad "$WORK/good.elf"
grep -q "'D' needs 'F'" "$WORK/err" || { echo "FAIL: D without F names the dependency"; failures=$((failures + 1)); }
expect_error "bad -m" 2 run -m 12X "$WORK/good.elf"
expect_error "bad --max-insns" 2 run --max-insns -5 "$WORK/good.elf"
expect_error "missing ELF" 1 run "$WORK/nonexistent.elf"
expect_error "not an ELF" 1 run "$WORK/random.bin"
expect_error "host ELF, not RISC-V" 1 run /bin/true
expect_error "truncated ELF" 1 run "$WORK/truncated.elf"
expect_error "segment outside RAM" 1 run "$WORK/outside.elf"
expect_error "program larger than RAM" 1 run -m 1 "$WORK/huge.elf"
expect_error "missing firmware" 1 --bios "$WORK/nonexistent.bin" --kernel "$WORK/big.bin"
: > "$WORK/empty.bin"
expect_error "empty ELF" 1 run "$WORK/empty.bin"
expect_error "empty kernel" 1 --bios "$WORK/odd.img" --kernel "$WORK/empty.bin"
expect_error "empty firmware" 1 --bios "$WORK/empty.bin" --kernel "$WORK/odd.img"
expect_error "empty initrd" 1 --bios "$WORK/odd.img" --kernel "$WORK/odd.img" --initrd "$WORK/empty.bin"
expect_error "kernel larger than RAM" 1 -m 2 --bios "$WORK/odd.img" --kernel "$WORK/big.bin"
expect_error "missing disk image" 1 --bios "$WORK/odd.img" --kernel "$WORK/odd.img" --drive "$WORK/nonexistent.img"
expect_error "disk not a multiple of 512" 1 --bios "$WORK/odd.img" --kernel "$WORK/odd.img" --drive "$WORK/notsector.img"
expect_error "initrd larger than RAM" 1 -m 4 --bios "$WORK/odd.img" --kernel "$WORK/odd.img" --initrd "$WORK/big.bin"
finish
