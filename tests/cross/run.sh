#!/bin/bash
# rvx on other hosts (issue 15): cross builds for arm64, for s390x
# (big-endian) and for armhf (32-bit), their tests run under qemu-user.
#
#   tests/cross/run.sh [arm64|s390x|armhf|all] [--quick]
#
# Installs what it needs (idempotent, quiet when everything is there; apt
# waits for another apt's lock), configures a cross build in
# build-cross/HOST with cmake/toolchain-*.cmake, builds it and runs ctest
# there; CMAKE_CROSSCOMPILING_EMULATOR runs every test binary, and rvx in
# the shell-driven tests, under qemu-aarch64, qemu-s390x or qemu-arm.  The
# RISC-V ISA test programs are built by the host's riscv64-unknown-elf-gcc.
# The Linux boot uses the default guest ($RVX_GUEST_DIR, else build/guest,
# made by roms/mkguest.sh if missing).
#
# Full run: every unit test (the engine lockstep test included), the ISA
# tests under each engine the host has (the default engine, the JIT on
# arm64, block and interp), the engine and QEMU differential programs, and one
# Linux boot of the default guest to a command, and the litmus tests (harts
# on host threads).  --quick (what tests/run.sh runs in CI): the unit tests
# but the lockstep one, the ISA tests under block and interp (on arm64 also
# isa.*, the JIT), the Linux boot and the 2-hart litmus test on threads.  On
# armhf also: -m beyond what a 32-bit host can map is one line and exit 1.
# Timings: README, "Hosts".
set -Eeuo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
hosts=()
quick=0
for a in "$@"; do
    case $a in
    arm64|s390x|armhf) hosts+=("$a") ;;
    all) hosts+=(arm64 s390x armhf) ;;
    --quick) quick=1 ;;
    *) echo "usage: $0 [arm64|s390x|armhf|all] [--quick]" >&2; exit 2 ;;
    esac
done
[ ${#hosts[@]} -gt 0 ] || hosts=(arm64 s390x armhf)
JOBS=2
OUT=$ROOT/build-cross
# qemu-user runs the test binaries several times slower than a native
# host, more on a loaded CI machine: Check's per-test timeouts (4 s unless
# a test sets its own) scaled to match.
export CK_TIMEOUT_MULTIPLIER=${CK_TIMEOUT_MULTIPLIER:-10}
GUEST=${RVX_GUEST_DIR:-$ROOT/build/guest}

# Every failure names the step it happened in.
STEP="start"
trap 'echo "cross: FAILED at: $STEP" >&2; trap - ERR' ERR
step() { STEP=$*; }

SUDO=
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "cross: not root and no sudo: cannot install packages" >&2; exit 1; }
    SUDO=sudo
fi

# apt-get, waiting up to 10 minutes for another apt or dpkg to let go of
# its lock (a CI image's unattended upgrades), and trying twice more when a
# mirror has a bad moment.
apt_get() {
    local i
    for i in 1 2 3; do
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 "$@" >&2 && return 0
        [ $i -lt 3 ] && { echo "cross: apt-get $1 failed, retrying in 20 s" >&2; sleep 20; }
    done
    return 1
}
updated=0
apt_update() { [ $updated -eq 1 ] || { apt_get update && updated=1; }; }

# need PKG...: installs the missing ones only (dpkg-query, as roms/deps.sh).
need() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    step "installing ${missing[*]}"
    echo "cross: installing ${missing[*]}" >&2
    apt_update
    apt_get install -y --no-install-recommends "${missing[@]}"
}

# The libraries rvx's CMakeLists.txt needs (SDL2 and libpng are optional:
# cross builds leave them out), as Debian package names.
LIBS=(libc6-dev libelf-dev libfdt-dev check libslirp-dev libglib2.0-dev zlib1g-dev)

deps_common() {
    step "roms/deps.sh (the host's packages)"
    roms/deps.sh
    need qemu-user cmake
    step "the default guest ($GUEST)"
    [ -r "$GUEST/Image" ] || roms/mkguest.sh "$GUEST"
}

deps_arm64() {
    # Debian 12 multiarch: the :arm64 -dev packages install next to the host's.
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        step "dpkg --add-architecture arm64"
        echo "cross: dpkg --add-architecture arm64" >&2
        $SUDO dpkg --add-architecture arm64
        updated=0
    fi
    need crossbuild-essential-arm64 "${LIBS[@]/%/:arm64}"
}

# tree ARCH: a bookworm tree of ARCH holding LIBS, unpacked only
# (mmdebstrap --variant=extract), the sysroot and qemu's -L.  Debian 12
# refuses most :s390x -dev packages next to the host's (the issue), and the
# :armhf ones would replace the host's own.  Remade only when the package
# list changed or an earlier run was cut short (no stamp).
tree() {
    local arch=$1 dir=$OUT/$1-root
    local stamp="$dir/.rvx-packages" want="$1: ${LIBS[*]}"
    [ -r "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
    step "making the $arch tree $dir (mmdebstrap --variant=extract)"
    echo "cross: $STEP" >&2
    rm -rf "$dir"
    mkdir -p "$OUT"
    # (the release and its updates only: a build tree needs no security
    # suite, whose index, caught mid-sync by a mirror, once failed a run)
    mmdebstrap --quiet --variant=extract --architectures="$arch" \
        --include="$(IFS=,; echo "${LIBS[*]}")" bookworm "$dir" \
        "deb http://deb.debian.org/debian bookworm main" \
        "deb http://deb.debian.org/debian bookworm-updates main" >&2
    echo "$want" >"$stamp"
}
deps_s390x() {
    need gcc-s390x-linux-gnu mmdebstrap
    tree s390x
}
deps_armhf() {
    need crossbuild-essential-armhf mmdebstrap
    tree armhf
}

# count DIR REGEX: how many tests ctest has that match.
count() { (cd "$1" && ctest -N -R "$2" | sed -n 's/^Total Tests: //p'); }

# run HOST TOOLCHAIN [cmake options...]: configure, build, test; prints timings.
run() {
    local host=$1 tc=$2
    shift 2
    local dir=$OUT/$host t0 t1 t2
    echo "== $host (cmake/$tc, tests under qemu-user) =="
    t0=$(date +%s)
    step "$host: cmake configure (log: $dir/configure.log)"
    mkdir -p "$dir"
    cmake -S . -B "$dir" -DCMAKE_TOOLCHAIN_FILE="$ROOT/cmake/$tc" -DCMAKE_BUILD_TYPE=Release \
        -DRVX_GUEST_DIR="$GUEST" "$@" >"$dir/configure.log" 2>&1 || { cat "$dir/configure.log" >&2; false; }
    step "$host: build"
    cmake --build "$dir" -j"$JOBS" >"$dir/build.log" 2>&1 || { tail -n 40 "$dir/build.log" >&2; false; }
    t1=$(date +%s)
    # The unit tests are there only when the tree's check was found: a
    # missing library must not turn into a silently shorter run.
    step "$host: the unit tests are configured"
    [ "$(count "$dir" '^unit\.')" -gt 20 ] || { echo "cross: $host: no unit tests configured (check not found?)" >&2; false; }
    step "$host: ctest"
    local sel jit=${JIT:-0}    # JIT=1: the host has a JIT (arm64)
    if [ $quick -eq 1 ]; then
        sel='^unit\.|^isa-(block|interp)\.|^linux\.boot$|^litmus\.2$'
        [ "$jit" = 1 ] && sel='^unit\.|^isa(-block|-interp)?\.|^linux\.boot$|^litmus\.2$'
        (cd "$dir" && ctest --output-on-failure --no-tests=error -j"$JOBS" -R "$sel" -E '^unit\.test_engines$')
    else
        sel='^unit\.|^isa(-block|-interp)?\.|^diff\.|^linux\.boot$|^litmus\.'
        # (without a JIT the .jit variants are the block engine: not run twice)
        local skip=(-E '\.jit$')
        [ "$jit" = 1 ] && skip=()
        (cd "$dir" && ctest --output-on-failure --no-tests=error -j"$JOBS" -R "$sel" "${skip[@]}")
    fi
    t2=$(date +%s)
    echo "== $host: build $((t1 - t0)) s, tests $((t2 - t1)) s =="
}

# ram_limit DIR: on a 32-bit host, guest RAM beyond what the host can map
# is refused in one line with exit status 1 (the issue's bad input): 4 GiB
# cannot even be a size_t there, 3 GiB leaves no room for rvx itself in a
# 32-bit address space (qemu-arm gives a guest all 4 GiB, Linux on armhf
# 3 GiB).
ram_limit() {
    local dir=$1 m out rc
    for m in 3G 4G 64G; do
        step "armhf: rvx -m $m"
        rc=0
        out=$("$dir/rvx-emu" -m "$m" --display none --kernel "$GUEST/Image" </dev/null 2>&1) || rc=$?
        if [ $rc -ne 1 ] || [ "$(printf '%s\n' "$out" | wc -l)" -ne 1 ] ||
           ! printf '%s' "$out" | grep -q "guest RAM"; then
            echo "cross: armhf: rvx -m $m: want one line about guest RAM and exit 1, got exit $rc:" >&2
            printf '%s\n' "$out" >&2
            false
        fi
        echo "armhf: -m $m: $out (exit 1)"
    done
}

deps_common
for h in "${hosts[@]}"; do
    case $h in
    arm64)
        deps_arm64
        JIT=1 run arm64 toolchain-aarch64.cmake ;;
    s390x)
        deps_s390x
        run s390x toolchain-s390x.cmake -DRVX_S390X_ROOT="$OUT/s390x-root" ;;
    armhf)
        deps_armhf
        run armhf toolchain-armhf.cmake -DRVX_ARMHF_ROOT="$OUT/armhf-root"
        ram_limit "$OUT/armhf" ;;
    esac
done
echo "cross: ${hosts[*]}: passed"
