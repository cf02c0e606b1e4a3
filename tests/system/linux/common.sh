# Shared by the Linux system tests: $1 = rvx binary, $2 = guest directory.
set -u
RVX=$1
GUEST=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -r "$GUEST/Image" ] && [ -r "$GUEST/initramfs.cpio.gz" ] ||
    fail "no guest in $GUEST: build it with roms/mkguest.sh $GUEST"
# boot APPEND [extra rvx options...]: console output goes to $WORK/console.log,
# the exit status to $status.
boot() {
    local append=$1
    shift
    # the guest directory's own firmware (roms/mkguest.sh), as rvx's default does
    [ ! -r "$GUEST/fw_dynamic.bin" ] || set -- --bios "$GUEST/fw_dynamic.bin" "$@"
    timeout "${RVX_BOOT_TIMEOUT:-300}" "$RVX" --display none --kernel "$GUEST/Image" --initrd "$GUEST/initramfs.cpio.gz" \
        --append "console=ttyS0 quiet $append" "$@" </dev/null >"$WORK/console.log" 2>&1
    status=$?
    echo "--- guest console (last lines) ---"
    tail -n 25 "$WORK/console.log"
    echo "--- rvx exit status: $status ---"
}
