#!/bin/bash
# test_bitprog.sh RVX GUEST HOSTPROG GUESTPROG OBJDUMP
# The default ISA reaches Linux: the guest's /proc/cpuinfo lists Zba, Zbb,
# Zbs and Zicond, and a program built with them computes the checksum the
# host's build of the same source computes.  Under --isa rv64gc the same
# program dies of SIGILL: the extensions are really gated.
. "$(dirname "$0")/../linux/common.sh"
HOSTPROG=$3
GUESTPROG=$4
OBJDUMP=$5

# The guest binary must really use the extensions (else the test proves
# nothing): a few of the forms GCC emits for the source.
ops=$("$OBJDUMP" -d "$GUESTPROG" | awk '{print $3}' | sort -u)
for op in sh3add add.uw cpop clz ctz rol rev8 min maxu bset bclr; do
    grep -qx "$op" <<<"$ops" || fail "the guest program has no $op: not built for Zba/Zbb/Zbs?"
done

want=$("$HOSTPROG") || fail "host build of the program failed"
mkdir "$WORK/root"
cp "$GUESTPROG" "$WORK/root/bitprog"
mke2fs -q -t ext4 -d "$WORK/root" "$WORK/disk.img" 32M || fail "mke2fs failed"

boot 'rvx.disk=/dev/vda rvx.cmd="grep -m1 ^isa /proc/cpuinfo; /mnt/bitprog"' --drive "$WORK/disk.img"
[ $status -eq 0 ] || fail "rvx exited with $status"
isa=$(grep -m1 '^isa' "$WORK/console.log" | tr -d '\r')
for ext in zba zbb zbs zicond; do
    grep -q "_${ext}\(_\|$\)" <<<"$isa" || fail "/proc/cpuinfo isa line lacks $ext: '$isa'"
done
got=$(grep -m1 '^bitprog checksum' "$WORK/console.log" | tr -d '\r')
[ "$got" = "$want" ] || fail "guest printed '$got', host '$want'"

boot 'rvx.disk=/dev/vda rvx.cmd="/mnt/bitprog; echo status=$?"' --drive "$WORK/disk.img" --isa rv64gc
[ $status -eq 0 ] || fail "rvx exited with $status under --isa rv64gc"
grep -q '^bitprog checksum' "$WORK/console.log" && fail "the program ran under --isa rv64gc"
grep -q 'status=132' "$WORK/console.log" || fail "no SIGILL (exit status 132) under --isa rv64gc"
echo PASS
