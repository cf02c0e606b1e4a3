# $1 = rvx, $2 = riscv64-unknown-elf-gcc
set -u
RVX=$1
CC=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
failures=0
check() {   # check NAME EXPECTED_STATUS ACTUAL_STATUS
    if [ "$2" = "$3" ]; then echo "ok: $1"; else echo "FAIL: $1 (status $3, expected $2)"; failures=$((failures + 1)); fi
}
# build NAME ASM [BASE]: a bare-metal ELF from assembly text, linked at BASE
# (default 0x80000000, the start of RAM)
build() {
    local name=$1 src=$2 base=${3:-0x80000000}
    printf '%s\n' "$src" > "$WORK/$name.S"
    printf 'ENTRY(_start)\nSECTIONS {\n . = %s;\n .text : { *(.text*) }\n .data : { *(.data*) }\n .tohost : ALIGN(8) { *(.tohost) }\n .bss : { *(.bss*) }\n}\n' \
        "$base" > "$WORK/$name.ld"
    "$CC" -march=rv64gc -mabi=lp64d -nostdlib -nostartfiles -static \
        -Wl,--no-warn-rwx-segments -T "$WORK/$name.ld" \
        -o "$WORK/$name.elf" "$WORK/$name.S" || { echo "cannot build $name"; exit 1; }
}
TOHOST='.section .tohost,"aw",@progbits
.align 3
.globl tohost
tohost: .dword 0
.globl fromhost
fromhost: .dword 0'
finish() {
    echo "$((tests - failures)) passed, $failures failed"
    [ $failures -eq 0 ]
}
