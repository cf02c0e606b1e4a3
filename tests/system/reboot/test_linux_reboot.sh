#!/bin/bash
# The default guest reboots itself three times (`reboot -f`: SBI system
# reset, which OpenSBI carries out through the SiFive test device) and
# powers off on the fourth boot.  A boot counter lives on a small raw disk
# (a reboot keeps the disk; /init cannot tell the boots apart otherwise):
# each boot reads it, adds one, writes it back and prints RVX-BOOT-N, then
# waits a second (rvx's RSS is read then, before the next reset frees the
# guest's pages).
# The test sees four full boots (OpenSBI's banner four times, the counter
# 1..4 in order), a command on the last one, exit status 0, and rvx's RSS
# and open files about the same at the fourth boot as at the first.
# $1 = rvx binary, $2 = guest directory.
set -u
RVX=$1
GUEST=$2
WORK=$(mktemp -d)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
fail() {
    echo "FAIL: $*"
    echo "--- guest console (last lines) ---"
    tail -n 30 "$WORK/console.log" 2>/dev/null
    exit 1
}
[ -r "$GUEST/Image" ] && [ -r "$GUEST/initramfs.cpio.gz" ] ||
    fail "no guest in $GUEST: build it with roms/mkguest.sh $GUEST"

truncate -s 1M "$WORK/disk.img"
script='t=0
while [ ! -e /dev/vda ] && [ $t -lt 50 ]; do usleep 100000; t=$((t + 1)); done
n=$(head -c 16 /dev/vda | tr -dc 0-9)
n=$((${n:-0} + 1))
printf "%-16s" $n | dd of=/dev/vda bs=16 count=1 conv=notrunc 2>/dev/null
sync
echo "RVX-BOOT-$n"
sleep 1
if [ $n -lt 4 ]; then reboot -f; sleep 30; fi
echo "RVX-LAST-BOOT-RAN-$((n * 10 + 2))"'
b64=$(printf '%s' "$script" | base64 -w0)

start=$(date +%s)
"$RVX" --display none --kernel "$GUEST/Image" --initrd "$GUEST/initramfs.cpio.gz" \
    --drive "$WORK/disk.img" --append "console=ttyS0 quiet rvx.run=$b64" \
    </dev/null >"$WORK/console.log" 2>&1 &
PID=$!

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$PID/status" 2>/dev/null; }
fds() { ls "/proc/$PID/fd" 2>/dev/null | wc -l; }
# wait_boot N: until the guest prints RVX-BOOT-N (60 s each: a hang fails)
wait_boot() {
    local t=0
    until grep -q "^RVX-BOOT-$1" "$WORK/console.log"; do
        kill -0 "$PID" 2>/dev/null || fail "rvx exited before boot $1"
        [ $t -ge 600 ] && fail "no boot $1 within 60 s (the reboot hangs?)"
        sleep 0.1
        t=$((t + 1))
    done
}

wait_boot 1
rss1=$(rss) fds1=$(fds)
wait_boot 2
wait_boot 3
wait_boot 4
rss4=$(rss) fds4=$(fds)
t=0
while kill -0 "$PID" 2>/dev/null; do
    [ $t -ge 600 ] && fail "rvx did not power off within 60 s of the last boot"
    sleep 0.1
    t=$((t + 1))
done
wait "$PID"
status=$?
PID=
took=$(( $(date +%s) - start ))
echo "--- guest console (boot lines) ---"
grep -a -E "^OpenSBI v|^RVX-|reboot:|rvx: exit" "$WORK/console.log"
echo "--- 4 boots in ${took} s; VmRSS ${rss1} KiB at boot 1, ${rss4} KiB at boot 4;" \
     "open files ${fds1} -> ${fds4}; rvx exit status ${status} ---"

[ $status -eq 0 ] || fail "rvx exited with $status, expected 0 (poweroff)"
banners=$(grep -a -c "^OpenSBI v" "$WORK/console.log")
[ "$banners" -eq 4 ] || fail "OpenSBI started $banners times, expected 4"
order=$(grep -a -o "^RVX-BOOT-[0-9]*" "$WORK/console.log" | tr '\n' ' ')
[ "$order" = "RVX-BOOT-1 RVX-BOOT-2 RVX-BOOT-3 RVX-BOOT-4 " ] ||
    fail "boot counter went '$order', expected 1 2 3 4"
[ "$(grep -a -c "reboot: Restarting system" "$WORK/console.log")" -eq 3 ] ||
    fail "expected three 'Restarting system' lines"
grep -q "RVX-LAST-BOOT-RAN-42" "$WORK/console.log" || fail "the last boot's command did not run"
[ -n "$rss1" ] && [ -n "$rss4" ] || fail "could not read VmRSS"
[ $((rss4 - rss1)) -lt 4096 ] || fail "RSS grew by $((rss4 - rss1)) KiB over three reboots"
[ "$fds4" -eq "$fds1" ] || fail "open files went from $fds1 to $fds4"
echo PASS
