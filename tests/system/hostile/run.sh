#!/bin/bash
# run.sh RVX HOSTILE.bin — the hostile guest (hostile.c) as the virt
# machine's firmware, with a disk, a read-only disk, the NIC, rng and the
# display devices to attack, once per engine (the DMA over running code
# concerns each engine's code cache).  For each: rvx must exit 0 (the
# guest powered off after its last attack), the guest must report that it
# got to its end with no failed check (the faults, interrupt counts and
# request statuses the specs fix), both disks and the rng device (which
# process queue 0 when notified) must have answered the self-looping
# descriptor chain with DEVICE_NEEDS_RESET (virtio spec: a device must not
# loop on a malformed chain; rvx's transport flags it), and the read-only
# image must keep its bytes and its mtime.
set -u
rvx=$1 bin=$2
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
head -c 1048576 /dev/zero > "$dir/disk.img"
yes "rvx read-only image" | head -c 1048576 > "$dir/ro.img"     # fixed bytes: runs repeat
touch -d '2001-01-01 00:00:00' "$dir/ro.img"
ro_sum=$(sha256sum < "$dir/ro.img") ro_mtime=$(stat -c %Y "$dir/ro.img")
fail() { echo "FAIL ($engine): $*"; exit 1; }
for engine in jit block interp; do
    timeout 300 "$rvx" --engine "$engine" --display none --bios "$bin" --kernel "$bin" \
        --drive "$dir/disk.img" --drive "$dir/ro.img,ro" \
        --nic user --screenshot "$dir/screen.png" </dev/null >"$dir/out" 2>"$dir/err"
    st=$?
    echo "== $engine"
    grep -a '^hostile:' "$dir/out"
    [ $st -eq 0 ] || { tail -5 "$dir/err"; fail "rvx exited $st"; }
    grep -aq '^hostile: survived' "$dir/out" || fail "the guest did not reach its end"
    ! grep -aq '^hostile: FAIL' "$dir/out" || fail "checks failed (above)"
    grep -aq '^hostile: checks [1-9][0-9]*, failed 0' "$dir/out" || fail "no checks ran"
    n=$(sed -n 's/^hostile: needs-reset \([0-9]*\).*/\1/p' "$dir/out" | tr -d '\r')
    mask=$(sed -n 's/^hostile: needs-reset.*slot mask \([0-9]*\).*/\1/p' "$dir/out" | tr -d '\r')
    [ -n "$n" ] && [ "$n" -ge 3 ] && [ $((mask & 3)) -eq 3 ] ||
        fail "$n devices (slot mask $mask) flagged the looped chain (expected: both disks in slots 0 and 1, and rng)"
    [ "$(sha256sum < "$dir/ro.img")" = "$ro_sum" ] || fail "the read-only image changed"
    [ "$(stat -c %Y "$dir/ro.img")" = "$ro_mtime" ] || fail "the read-only image's mtime changed"
done
echo PASS
