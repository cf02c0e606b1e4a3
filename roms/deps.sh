#!/bin/bash
# Installs the Debian packages rvx needs to build, build its default guest
# and run its tests.  Idempotent: does nothing when everything is present.
set -euo pipefail
PKGS=(
    cmake make gcc pkg-config              # build
    libelf-dev libfdt-dev check            # libraries (ELF loading, device tree, unit tests)
    libslirp-dev                           # user-mode networking (--nic user)
    zlib1g-dev                             # snapshot and migration checksums (CRC-32)
    libsdl2-dev libpng-dev                 # display window and screenshots
    gcc-riscv64-unknown-elf                # assembles the ISA and gdb test programs
    gcc-riscv64-linux-gnu libc6-dev-riscv64-cross   # the guest program built for RVA22-style -march
    opensbi                                # default firmware (fw_dynamic.bin)
    apt-utils dpkg-dev cpio gzip xz-utils debian-archive-keyring   # roms/mkguest.sh
    e2fsprogs                              # disk tests: mke2fs -d, debugfs, e2fsck
    gdb-multiarch python3                  # debugger tests
    qemu-system-misc                       # the reference: gdb session against QEMU, bench/run
    xvfb xauth                             # display tests without a real display
    clang libclang-rt-14-dev               # fuzz targets (libFuzzer, sanitizer runtimes)
)
# A package counts only when installed for this host's architecture (or for
# all): the cross test stage installs some -dev packages for arm64, which
# replaces the native ones (they cannot coexist), and the host build then
# lacks them.
native=$(dpkg --print-architecture)
installed() {
    local a
    for a in "$native" all; do
        dpkg-query -W -f='${Status}' "$1:$a" 2>/dev/null | grep -q "install ok installed" && return 0
    done
    return 1
}
missing=()
for p in "${PKGS[@]}"; do
    installed "$p" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "deps: installing ${missing[*]}" >&2
$SUDO apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
