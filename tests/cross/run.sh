#!/bin/bash
# rvx on other hosts (issue 15): cross builds for arm64 and for s390x (big-endian),
# their tests run under qemu-user.
#
#   tests/cross/run.sh [arm64|s390x|all] [--quick]
#
# Installs what it needs (idempotent, quiet when everything is there),
# configures a cross build in build-cross/HOST with cmake/toolchain-*.cmake,
# builds it and runs ctest there; CMAKE_CROSSCOMPILING_EMULATOR runs every
# test binary, and rvx in the shell-driven tests, under qemu-aarch64 or
# qemu-s390x.  The RISC-V ISA test programs are built by the host's
# riscv64-unknown-elf-gcc.  The Linux boot uses the default guest
# ($RVX_GUEST_DIR, else build/guest, made by roms/mkguest.sh if missing).
#
# Full run: every unit test (the engine lockstep test included), the ISA
# tests under each engine the host has (the default engine, the JIT on
# arm64, block and interp), the engine and QEMU differential programs, and one
# Linux boot of the default guest to a command.  --quick (what tests/run.sh
# runs in CI): the unit tests but the lockstep one, the ISA tests under
# block and interp (on arm64 also isa.*, the JIT), and the Linux boot.
# Timings: README, "Hosts".
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
which=all
quick=0
for a in "$@"; do
    case $a in
    arm64|s390x|all) which=$a ;;
    --quick) quick=1 ;;
    *) echo "usage: $0 [arm64|s390x|all] [--quick]" >&2; exit 2 ;;
    esac
done
JOBS=2
OUT=$ROOT/build-cross
GUEST=${RVX_GUEST_DIR:-$ROOT/build/guest}
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

# need PKG...: the missing ones only (dpkg-query, as roms/deps.sh)
need() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "cross: installing ${missing[*]}" >&2
    $SUDO apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}

# The libraries rvx's CMakeLists.txt needs (SDL2 and libpng are optional:
# cross builds leave them out), as Debian package names.
LIBS=(libc6-dev libelf-dev libfdt-dev check libslirp-dev libglib2.0-dev zlib1g-dev)

deps_common() {
    roms/deps.sh
    need qemu-user
    [ -r "$GUEST/Image" ] || roms/mkguest.sh "$GUEST"
}

deps_arm64() {
    # Debian 12 multiarch: the :arm64 -dev packages install next to the host's.
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        echo "cross: dpkg --add-architecture arm64" >&2
        $SUDO dpkg --add-architecture arm64
        $SUDO apt-get update -q >&2
    fi
    need crossbuild-essential-arm64 "${LIBS[@]/%/:arm64}"
}

# Debian 12 refuses most :s390x -dev packages next to the host's (the
# issue): a bookworm s390x tree, unpacked only, is the sysroot and qemu's -L.
S390X_ROOT=$OUT/s390x-root
deps_s390x() {
    need gcc-s390x-linux-gnu mmdebstrap
    local stamp="$S390X_ROOT/.rvx-packages" want="${LIBS[*]}"
    [ -r "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
    echo "cross: making the s390x tree $S390X_ROOT (mmdebstrap --variant=extract)" >&2
    rm -rf "$S390X_ROOT"
    mkdir -p "$OUT"
    mmdebstrap --quiet --variant=extract --architectures=s390x \
        --include="$(IFS=,; echo "${LIBS[*]}")" bookworm "$S390X_ROOT" >&2
    echo "$want" >"$stamp"
}

# run HOST TOOLCHAIN [cmake options...]: configure, build, test; prints timings.
run() {
    local host=$1 tc=$2
    shift 2
    local dir=$OUT/$host t0 t1 t2
    echo "== $host (cmake/$tc, tests under qemu-user) =="
    t0=$(date +%s)
    cmake -S . -B "$dir" -DCMAKE_TOOLCHAIN_FILE="$ROOT/cmake/$tc" -DCMAKE_BUILD_TYPE=Release \
        -DRVX_GUEST_DIR="$GUEST" "$@" >/dev/null
    cmake --build "$dir" -j"$JOBS" >/dev/null
    t1=$(date +%s)
    local sel jit=${JIT:-0}    # JIT=1: the host has a JIT (arm64)
    if [ $quick -eq 1 ]; then
        sel='^unit\.|^isa-(block|interp)\.|^linux\.boot$'
        [ "$jit" = 1 ] && sel='^unit\.|^isa(-block|-interp)?\.|^linux\.boot$'
        (cd "$dir" && ctest --output-on-failure -j"$JOBS" -R "$sel" -E '^unit\.test_engines$')
    else
        sel='^unit\.|^isa(-block|-interp)?\.|^diff\.|^linux\.boot$'
        # (without a JIT the .jit variants are the block engine: not run twice)
        local skip=(-E '\.jit$')
        [ "$jit" = 1 ] && skip=()
        (cd "$dir" && ctest --output-on-failure -j"$JOBS" -R "$sel" "${skip[@]}")
    fi
    t2=$(date +%s)
    echo "== $host: build $((t1 - t0)) s, tests $((t2 - t1)) s =="
}

deps_common
if [ "$which" = arm64 ] || [ "$which" = all ]; then
    deps_arm64
    JIT=1 run arm64 toolchain-aarch64.cmake
fi
if [ "$which" = s390x ] || [ "$which" = all ]; then
    deps_s390x
    run s390x toolchain-s390x.cmake -DRVX_S390X_ROOT="$S390X_ROOT"
fi
