#!/bin/bash
# Two rvx processes cannot share an image read-write: while one runs a
# guest with the image attached, a second one asking for it read-write,
# or read-only (it would read a disk being written), is refused in one
# line that names the image, at once, before running anything; after the
# first exits, the image is free again.  Two read-only users may share it.
. "$(dirname "$0")/common.sh"
head -c 4194304 /dev/zero > "$WORK/disk.img"
first=
trap 'stop_first; rm -rf "$WORK"' EXIT      # never leave the first rvx behind
start_first() {   # start_first DRIVE_OPTION: a guest that keeps running
    "$RVX" --display none --nic none --kernel "$GUEST/Image" --initrd "$GUEST/initramfs.cpio.gz" \
        --append "console=ttyS0 quiet rvx.nonet rvx.cmd=\"sleep 600\"" \
        --drive "$1" </dev/null >"$WORK/first.log" 2>&1 &
    first=$!
    # the image is opened and locked while the machine is built, before the
    # guest runs: console output means the lock is held (probing it with
    # flock(1) would race with rvx's own non-blocking flock)
    for _ in $(seq 300); do
        [ -s "$WORK/first.log" ] && return 0
        kill -0 $first 2>/dev/null || fail "the first rvx exited: $(tail -3 "$WORK/first.log")"
        sleep 0.1
    done
    fail "the first rvx printed nothing"
}
stop_first() {
    [ -n "$first" ] || return 0
    kill -9 "$first" 2>/dev/null
    wait "$first" 2>/dev/null
    first=
}
second() {        # second DRIVE_OPTION: exit status in $st, stderr in $WORK/second.err
    timeout 20 "$RVX" --display none --nic none --max-insns 100000 --kernel "$GUEST/Image" \
        --drive "$1" </dev/null >/dev/null 2>"$WORK/second.err"
    st=$?
}
refused() {       # refused WHAT
    [ $st -eq 1 ] || fail "$1: the second rvx exited $st, expected 1 (refused)"
    [ "$(wc -l < "$WORK/second.err")" -eq 1 ] || fail "$1: not one line: $(cat "$WORK/second.err")"
    grep -q "disk.img.*in use by another process" "$WORK/second.err" ||
        fail "$1: unclear error: $(cat "$WORK/second.err")"
    echo "ok: $1: $(cat "$WORK/second.err")"
}
start_first "$WORK/disk.img"
second "$WORK/disk.img"
refused "read-write beside a writer"
second "$WORK/disk.img,ro"
refused "read-only beside a writer"
stop_first
second "$WORK/disk.img"
[ $st -eq 124 ] || fail "after the first exited, the image is still refused ($st): $(cat "$WORK/second.err")"
echo "ok: free again once the writer is gone"
start_first "$WORK/disk.img,ro"
second "$WORK/disk.img,ro"
[ $st -eq 124 ] || fail "two read-only users: the second exited $st: $(cat "$WORK/second.err")"
echo "ok: two read-only users share the image"
second "$WORK/disk.img"
refused "read-write beside a reader"
stop_first
echo PASS
