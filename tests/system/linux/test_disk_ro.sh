#!/bin/bash
# A read-only drive is never written: an ext4 image attached with ",ro";
# the guest reads a file from it, then tries to write in every way a user
# could (a new file, a remount read-write, dd to the raw device, sync).
# The host then finds the image's bytes and mtime unchanged, and the guest
# saw the drive as read-only (VIRTIO_BLK_F_RO: /sys/block/vda/ro = 1).
# (A driver that writes anyway gets IOERR: hostile.devices sends raw OUT
# requests to a read-only drive.)
. "$(dirname "$0")/common.sh"
mkdir "$WORK/root"
echo "read me $$" > "$WORK/root/hello.txt"
mke2fs -q -t ext4 -d "$WORK/root" "$WORK/ro.img" 32M || fail "mke2fs failed"
touch -d '2001-01-01 00:00:00' "$WORK/ro.img"
sum=$(sha256sum < "$WORK/ro.img") mtime=$(stat -c %Y "$WORK/ro.img")
cmd='cat /mnt/hello.txt; echo ro=$(cat /sys/block/vda/ro);'
cmd="$cmd"' echo new > /mnt/new.txt; echo write-status=$?;'
cmd="$cmd"' mount -o remount,rw /mnt; echo remount-status=$?;'
cmd="$cmd"' dd if=/dev/zero of=/dev/vda bs=4096 count=16 conv=fsync 2>&1; echo dd-status=$?;'
cmd="$cmd"' blockdev --setrw /dev/vda; dd if=/dev/zero of=/dev/vda bs=4096 count=16 conv=fsync 2>&1; echo dd2-status=$?;'
cmd="$cmd"' sync; umount /mnt'
boot "rvx.nonet rvx.disk=/dev/vda rvx.cmd=\"$cmd\"" --nic none --drive "$WORK/ro.img,ro"
[ $status -eq 0 ] || fail "rvx exited with $status"
grep -q "read me $$" "$WORK/console.log" || fail "the guest did not read the read-only disk"
grep -q "^ro=1" "$WORK/console.log" || fail "the guest did not see the drive as read-only"
grep -q "^write-status=0" "$WORK/console.log" && fail "the guest created a file on the read-only disk"
grep -q "^remount-status=0" "$WORK/console.log" && fail "the read-only disk was remounted read-write"
grep -q "^dd-status=0" "$WORK/console.log" && fail "dd to the read-only device succeeded"
grep -q "^dd2-status=0" "$WORK/console.log" && fail "dd after blockdev --setrw succeeded"
grep -q "^dd2-status=" "$WORK/console.log" || fail "the guest did not get to its last write"
[ "$(sha256sum < "$WORK/ro.img")" = "$sum" ] || fail "the read-only image's bytes changed"
[ "$(stat -c %Y "$WORK/ro.img")" = "$mtime" ] || fail "the read-only image's mtime changed"
echo PASS
