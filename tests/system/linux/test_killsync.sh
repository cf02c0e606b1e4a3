#!/bin/bash
# A write the guest was told is on disk is on disk: the guest writes a file
# on an ext4 disk, fsyncs it (busybox sync FILE: fsync(2), which reaches
# virtio-blk as a FLUSH that rvx completes only after fdatasync), prints
# the file's checksum, and goes on writing; the host kills rvx with SIGKILL
# as soon as the checksum line appears.  The image must then hold the file
# with that checksum, and e2fsck must find the filesystem consistent after
# journal replay (-fn on a copy: the journal may hold the rest).
. "$(dirname "$0")/common.sh"
mkdir "$WORK/root"
mke2fs -q -t ext4 -d "$WORK/root" "$WORK/disk.img" 64M || fail "mke2fs failed"
for round in 1 2 3; do
    size=$((round * 3))
    cmd="dd if=/dev/urandom of=/mnt/f$round bs=1M count=$size 2>/dev/null; sync /mnt/f$round;"
    cmd="$cmd echo SYNCED-\$(sha256sum /mnt/f$round); while :; do dd if=/dev/urandom of=/mnt/junk bs=64k count=16 2>/dev/null; done"
    "$RVX" --display none --nic none --kernel "$GUEST/Image" --initrd "$GUEST/initramfs.cpio.gz" \
        --append "console=ttyS0 quiet rvx.nonet rvx.disk=/dev/vda rvx.cmd=\"$cmd\"" \
        --drive "$WORK/disk.img" </dev/null >"$WORK/console.log" 2>&1 &
    pid=$!
    for _ in $(seq 600); do
        grep -q "^SYNCED-" "$WORK/console.log" && break
        kill -0 $pid 2>/dev/null || break
        sleep 0.1
    done
    kill -9 $pid 2>/dev/null
    wait $pid 2>/dev/null
    want=$(sed -n 's/^SYNCED-\([0-9a-f]*\).*/\1/p' "$WORK/console.log" | tr -d '\r')
    [ -n "$want" ] || { tail -20 "$WORK/console.log"; fail "round $round: the guest never reported its sync"; }
    cp "$WORK/disk.img" "$WORK/check.img"
    e2fsck -fy "$WORK/check.img" >/dev/null 2>&1      # replays the journal
    [ $? -le 1 ] || fail "round $round: e2fsck could not repair the killed image"
    e2fsck -fn "$WORK/check.img" >/dev/null 2>&1 || fail "round $round: inconsistent after journal replay"
    got=$(debugfs -R "cat /f$round" "$WORK/check.img" 2>/dev/null | sha256sum | cut -d' ' -f1)
    [ "$got" = "$want" ] || fail "round $round: /f$round on disk has sha256 $got, the guest synced $want"
    echo "round $round: $size MiB synced, killed, found intact"
    cp "$WORK/check.img" "$WORK/disk.img"
done
echo PASS
