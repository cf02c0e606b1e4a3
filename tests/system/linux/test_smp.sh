#!/bin/bash
# test_smp.sh RVX GUEST SMPSTRESS SECONDS [RVX-OPTION...]
# The default guest on four harts (each on its own host thread, the
# default, unless the options say --threads 1: README "SMP"): nproc is
# 4, work pinned with taskset runs on the CPU it was pinned to (field 39
# of /proc/self/stat, "processor"), and smpstress (smpstress.c: threads
# with futexes and atomics, pipes, fork/exec pinned to every CPU) runs
# for SECONDS of guest time with every result checked ("none": the boot,
# nproc and taskset only; the ThreadSanitizer stage of tests/run.sh).
. "$(dirname "$0")/common.sh"
PROG=$3
SECONDS_=$4
shift 4

mkdir "$WORK/root"
cp "$PROG" "$WORK/root/smpstress"
mke2fs -q -t ext4 -d "$WORK/root" "$WORK/disk.img" 32M || fail "mke2fs failed"
cmd="echo nproc=\$(nproc); for c in 0 1 2 3; do echo pinned\$c=\$(taskset -c \$c awk '{print \$39}' /proc/self/stat); done"
[ "$SECONDS_" = none ] || cmd="$cmd; /mnt/smpstress $SECONDS_"
boot "rvx.disk=/dev/vda rvx.run=$(printf %s "$cmd" | base64 -w0)" --smp 4 --drive "$WORK/disk.img" "$@"
[ $status -eq 0 ] || fail "rvx exited with $status"
log=$(tr -d '\r' <"$WORK/console.log")
grep -qx 'nproc=4' <<<"$log" || fail "nproc is not 4"
for c in 0 1 2 3; do
    grep -qx "pinned$c=$c" <<<"$log" || fail "taskset -c $c did not run on CPU $c"
done
[ "$SECONDS_" = none ] ||
    grep -q '^smpstress rounds=[1-9][0-9]* cpus=4 .* ok$' <<<"$log" || fail "smpstress did not pass"
echo PASS
