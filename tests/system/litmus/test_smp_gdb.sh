#!/bin/bash
# test_smp_gdb.sh RVX HOSTILE3 [THREADS]: gdb's all-stop with harts on host
# threads (THREADS hart, the default) or on one thread (1).
# Four harts of hostile.S (3) count in loops, hart 0 in its own; a
# breakpoint in hart 0's loop stops every hart thread and the stop names
# thread 1 (hart 0); three single steps of it (j, addi, j) move its pc
# and add one to its s3, while the other threads' pcs stay put (they are
# stopped, not running behind the debugger's back).  RISC-V gdb steps by
# a breakpoint and a continue; with `set scheduler-locking step` that is
# vCont;c:1, which must leave the other harts stopped.
RVX=$1 ELF=$2 THREADS=${3:-hart}
fail() { echo "FAIL: $*"; exit 1; }
command -v gdb-multiarch >/dev/null || fail "gdb-multiarch not installed"
port=$((20000 + $$ % 20000))
"$RVX" run --smp 4 --threads "$THREADS" --gdb $port -S "$ELF" </dev/null >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
sleep 0.5
out=$(timeout 60 gdb-multiarch -nx -batch -ex 'set architecture riscv:rv64' \
    -ex "target remote :$port" -ex 'break *0x80000008' -ex 'continue' \
    -ex 'delete' -ex 'info threads' -ex 'p $s3' \
    -ex 'set scheduler-locking step' -ex 'echo STEP\n' -ex 'stepi' -ex 'stepi' -ex 'stepi' -ex 'info threads' -ex 'p $s3' \
    -ex 'kill' 2>&1)
printf '%s\n' "$out"
hit=$(printf '%s\n' "$out" | sed -n 's/^Thread \([0-9]*\) hit Breakpoint.*/\1/p' | head -1)
[ "$hit" = 1 ] || fail "thread 1 (hart 0) should have hit the breakpoint, not '$hit'"
s3a=$(printf '%s\n' "$out" | sed -n 's/^\$1 = //p')
s3b=$(printf '%s\n' "$out" | sed -n 's/^\$2 = //p')
[ -n "$s3a" ] && [ "$s3b" = $((s3a + 1)) ] || fail "s3 went from '$s3a' to '$s3b', not up by one"
# "  N    Thread N (hart ...) 0xPC in ?? ()" rows of the two `info threads`
pcs() { printf '%s\n' "$out" | sed -n "$1" | sed -n 's/^[* ] *\([0-9]*\) *Thread.* \(0x[0-9a-f]*\) in .*/\1 \2/p'; }
before=$(pcs '/^STEP/q;p')
after=$(pcs '/^STEP/,$p')
[ "$(printf '%s\n' "$before" | wc -l)" -eq 4 ] && [ "$(printf '%s\n' "$after" | wc -l)" -eq 4 ] ||
    fail "expected four threads before and after the steps"
for t in 1 2 3 4; do
    b=$(printf '%s\n' "$before" | awk -v t=$t '$1 == t {print $2}')
    a=$(printf '%s\n' "$after" | awk -v t=$t '$1 == t {print $2}')
    if [ "$t" = "$hit" ]; then
        [ "$b" = 0x0000000080000008 ] || fail "thread $t hit the breakpoint but is at $b"
        [ "$a" = 0x0000000080000006 ] || fail "thread $t: j, addi, j from 0x80000008 reach $a, not 0x80000006"
    else
        [ "$a" = "$b" ] || fail "thread $t moved from $b to $a while thread $hit stepped"
    fi
done
echo PASS
