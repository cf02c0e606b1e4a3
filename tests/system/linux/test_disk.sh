#!/bin/bash
# An ext4 disk made on the host: the guest reads a file from it, writes a
# new one, powers off; the host then finds the new file's contents in the
# image (debugfs), so the guest's writes reached the file.
. "$(dirname "$0")/common.sh"
mkdir "$WORK/root"
echo "hello from the host $$" > "$WORK/root/hello.txt"
mke2fs -q -t ext4 -d "$WORK/root" "$WORK/disk.img" 32M || fail "mke2fs failed"
boot 'rvx.disk=/dev/vda rvx.cmd="cat /mnt/hello.txt; echo written-by-guest-$((40+2)) > /mnt/new.txt; umount /mnt"' \
    --drive "$WORK/disk.img"
[ $status -eq 0 ] || fail "rvx exited with $status"
grep -q "hello from the host $$" "$WORK/console.log" || fail "guest did not read the host file"
got=$(debugfs -R "cat /new.txt" "$WORK/disk.img" 2>/dev/null)
[ "$got" = "written-by-guest-42" ] || fail "image holds '$got', expected written-by-guest-42"
e2fsck -fn "$WORK/disk.img" >/dev/null 2>&1 || fail "e2fsck finds the image inconsistent"
echo PASS
