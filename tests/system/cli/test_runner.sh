#!/bin/bash
# The bare-metal runner: HTIF exit codes, console output, --max-insns,
# --signature in the reference simulator's format.
. "$(dirname "$0")/common.sh"
tests=0

exit_with() {   # program that writes (code << 1) | 1 to tohost
    build "exit$1" ".text
.globl _start
_start: la t0, tohost
 li t1, $(( ($1 << 1) | 1 ))
 sd t1, 0(t0)
1: j 1b
$TOHOST"
}
for code in 0 7 100; do
    exit_with $code
    "$RVX" run "$WORK/exit$code.elf"; check "HTIF exit code $code" $code $?; tests=$((tests + 1))
    "$RVX" run --engine interp "$WORK/exit$code.elf"; check "HTIF exit code $code (interp)" $code $?; tests=$((tests + 1))
done

# console: device 1, command 1 prints a character
build hello ".text
.globl _start
_start: la s0, msg
 la s1, tohost
2: lbu t0, 0(s0)
 beqz t0, 3f
 li t1, 0x0101000000000000
 or t1, t1, t0
 sd t1, 0(s1)
 addi s0, s0, 1
 j 2b
3: li t1, 1
 sd t1, 0(s1)
4: j 4b
.data
msg: .asciz \"hi from htif\n\"
$TOHOST"
out=$("$RVX" run "$WORK/hello.elf"); st=$?
check "HTIF console exit" 0 $st; tests=$((tests + 1))
[ "$out" = "hi from htif" ]; check "HTIF console text" 0 $?; tests=$((tests + 1))

# --max-insns bounds a runaway loop with a distinct status and one line
# A gdb stub reachable from other hosts gets a warning; loopback does not.
"$RVX" run --gdb 0.0.0.0:0 "$WORK/hello.elf" >/dev/null 2>"$WORK/gdbwarn"
grep -q "warning: the gdb stub listens on 0.0.0.0" "$WORK/gdbwarn"
check "gdb on 0.0.0.0 warns" 0 $?; tests=$((tests + 1))
"$RVX" run --gdb 127.0.0.1:0 "$WORK/hello.elf" >/dev/null 2>"$WORK/gdbwarn"
[ ! -s "$WORK/gdbwarn" ]
check "gdb on loopback is quiet" 0 $?; tests=$((tests + 1))

build loop ".text
.globl _start
_start: j _start
$TOHOST"
"$RVX" run --max-insns 100000 "$WORK/loop.elf" 2>"$WORK/err"; check "--max-insns status" 124 $?; tests=$((tests + 1))
[ "$(wc -l < "$WORK/err")" = 1 ] && grep -q "100000 instructions" "$WORK/err"
check "--max-insns message" 0 $?; tests=$((tests + 1))

# --signature: words stored by the program, dumped between the labels
build sig ".text
.globl _start
_start: la t0, begin_signature
 li t1, 0x11223344
 sw t1, 0(t0)
 li t1, 0xcafef00d
 sw t1, 4(t0)
 la t0, tohost
 li t1, 1
 sd t1, 0(t0)
1: j 1b
.data
.align 4
.globl begin_signature
begin_signature: .word 0, 0, 0xdeadbeef, 0x0badf00d
.globl end_signature
end_signature:
$TOHOST"
"$RVX" run --signature "$WORK/sig4" "$WORK/sig.elf"; check "signature run" 0 $?; tests=$((tests + 1))
printf '11223344\ncafef00d\ndeadbeef\n0badf00d\n' | cmp -s - "$WORK/sig4"
check "signature, granularity 4" 0 $?; tests=$((tests + 1))
"$RVX" run --signature "$WORK/sig8" --signature-granularity 8 "$WORK/sig.elf"
printf 'cafef00d11223344\n0badf00ddeadbeef\n' | cmp -s - "$WORK/sig8"
check "signature, granularity 8" 0 $?; tests=$((tests + 1))

# --isa without C: misa reflects it and a compressed instruction is illegal
build misa ".option norvc
.option norelax
.text
.globl _start
_start: la t0, trap
 csrw mtvec, t0
 csrr t0, misa
 li t1, 4          # bit 2 = C
 and t1, t0, t1
 bnez t1, bad
 .2byte 0x0001       # c.nop: illegal without C
 .2byte 0x0001       # (keeps 4-byte alignment)
bad: li t1, 3
 j out
.align 2
trap: csrr t0, mcause
 li t1, 2
 bne t0, t1, bad
 li t1, 1
out: la t0, tohost
 sd t1, 0(t0)
1: j 1b
$TOHOST"
"$RVX" run --max-insns 100000 --isa rv64imafd "$WORK/misa.elf"; check "--isa rv64imafd: C absent" 0 $?; tests=$((tests + 1))

# --trace: a commit line per instruction with pc, encoding and the write
"$RVX" run --trace-file "$WORK/trace" "$WORK/exit0.elf"; check "--trace-file run" 0 $?; tests=$((tests + 1))
grep -q "core   0: 3 0x0000000080000000 (0x" "$WORK/trace" && grep -q " x5  0x0000000080" "$WORK/trace"
check "trace has commit lines" 0 $?; tests=$((tests + 1))
# --misaligned: hardware by default (the load completes: exit 2), or a
# precise address-misaligned trap with mtval = the address (exit 0), for a
# load (cause 4) and a store (cause 6).
for kind in "lw a1, 0(a0)|4" "sw a1, 0(a0)|6" "fld ft0, 0(a0)|4"; do
    insn=${kind%|*} cause=${kind#*|}
    build mis ".option norelax
.text
.globl _start
_start: la t0, trap
 csrw mtvec, t0
 li t0, 0x2000          # mstatus.FS = Initial, for fld
 csrs mstatus, t0
 la a0, data
 addi a0, a0, 1
 $insn
 li t1, (2 << 1) | 1
 j out
.align 2
trap: csrr t0, mcause
 li t1, $cause
 bne t0, t1, bad
 csrr t0, mtval
 bne t0, a0, bad
 li t1, 1
 j out
bad: li t1, (3 << 1) | 1
out: la t0, tohost
 sd t1, 0(t0)
1: j 1b
.data
.align 3
data: .dword 0x1122334455667788, 0
$TOHOST"
    for engine in block interp; do
        "$RVX" run --engine $engine "$WORK/mis.elf"; check "misaligned $insn in hardware ($engine)" 2 $?; tests=$((tests + 1))
        "$RVX" run --engine $engine --misaligned trap "$WORK/mis.elf"; check "misaligned $insn traps with --misaligned trap ($engine)" 0 $?; tests=$((tests + 1))
    done
done

# Random bytes executed as code (trap handler = the random code itself):
# guest faults become guest traps, --max-insns bounds the run, and rvx
# neither crashes nor hangs on either engine.
for seed in 1 2 3 4; do
    python3 - "$WORK/rand$seed.S" "$seed" <<'PY'
import random, sys
random.seed(int(sys.argv[2]))
words = ", ".join(hex(random.getrandbits(32)) for _ in range(16384))
open(sys.argv[1], "w").write(f""".text
.globl _start
_start: la t0, chaos
 csrw mtvec, t0
 csrw stvec, t0
 j chaos
.align 2
chaos: .word {words}
.section .tohost,"aw",@progbits
.align 3
.globl tohost
tohost: .dword 0
""")
PY
    build "rand$seed" "$(cat "$WORK/rand$seed.S")"
    for engine in block interp; do
        timeout 60 "$RVX" run --engine $engine --max-insns 2000000 "$WORK/rand$seed.elf" >/dev/null 2>&1
        st=$?
        tests=$((tests + 1))
        if [ $st -lt 126 ]; then echo "ok: random code seed $seed ($engine): status $st"
        else echo "FAIL: random code seed $seed ($engine): status $st"; failures=$((failures + 1)); fi
    done
done
finish
