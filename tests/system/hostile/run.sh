#!/bin/bash
# run.sh RVX HOSTILE.bin — the hostile guest (hostile.c) as the virt
# machine's firmware, with a disk, the NIC, rng and the display devices to
# attack.  rvx must exit 0 (the guest powered off after its last attack),
# the guest must report that it got to its end, and the block and rng
# devices (which process queue 0 when notified) must have answered the
# self-looping descriptor chain with DEVICE_NEEDS_RESET (virtio spec: a
# device must not loop on a malformed chain; rvx's transport flags it).
set -u
rvx=$1 bin=$2
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
head -c 1048576 /dev/zero > "$dir/disk.img"
timeout 300 "$rvx" --display none --bios "$bin" --kernel "$bin" --drive "$dir/disk.img" \
    --nic user --screenshot "$dir/screen.png" </dev/null >"$dir/out" 2>"$dir/err"
st=$?
grep -a '^hostile:' "$dir/out"
[ $st -eq 0 ] || { echo "FAIL: rvx exited $st"; tail -5 "$dir/err"; exit 1; }
grep -aq '^hostile: survived' "$dir/out" || { echo "FAIL: the guest did not reach its end"; exit 1; }
n=$(sed -n 's/^hostile: needs-reset \([0-9]*\).*/\1/p' "$dir/out" | tr -d '\r')
[ -n "$n" ] && [ "$n" -ge 2 ] || { echo "FAIL: $n devices flagged the looped chain (2 expected: blk, rng)"; exit 1; }
echo PASS
