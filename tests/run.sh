#!/bin/bash
# Installs what the tests need, builds rvx (release, and an ASan+UBSan
# build), builds the default guest, and runs every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=$(nproc)
roms/deps.sh
roms/mkguest.sh build/guest

echo "== release build: all tests =="
# The gdb session also runs against QEMU there (the reference it was
# written against: register and CSR numbering, traps, watchpoints), and
# so do the ISA tests QEMU 7.2 can run (their expected values' oracle).
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DRVX_GDB_TESTS_ON_QEMU=ON \
    -DRVX_ISA_TESTS_ON_QEMU=ON >/dev/null
cmake --build build -j"$JOBS"
(cd build && ctest --output-on-failure -j"$JOBS")

# The second build also takes the portable switch dispatch instead of
# computed goto, so both executor forms run every test.
echo "== ASan + UBSan build, portable dispatch: all tests =="
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Release -DRVX_SANITIZE=ON -DRVX_NO_COMPUTED_GOTO=ON \
    -DRVX_GUEST_DIR="$PWD/build/guest" >/dev/null
cmake --build build-asan -j"$JOBS"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j"$JOBS")

# ThreadSanitizer over the harts on host threads (README "SMP"): the
# litmus programs (bare metal, a thread per hart) and a four-hart Linux
# boot (nproc, taskset; a thread per hart, the default, beside the
# console, timer and network threads; the stress program is too slow
# under TSan for CI).
echo "== ThreadSanitizer build: litmus tests and an SMP Linux boot =="
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Release -DRVX_TSAN=ON \
    -DRVX_GUEST_DIR="$PWD/build/guest" >/dev/null
cmake --build build-tsan -j"$JOBS"
(cd build-tsan && TSAN_OPTIONS="halt_on_error=1 suppressions=$PWD/../tests/tsan.supp" \
    ctest --output-on-failure -j"$JOBS" -R 'litmus\.[248]$|linux\.smpboot')

# The fuzz targets (tests/fuzz): a clang build with libFuzzer, ASan and
# UBSan; each target runs over its committed corpus (seeds and every input
# that once found a bug) and then a fixed number of new inputs.  A long
# campaign: tests/fuzz/campaign.sh.
echo "== fuzz targets (clang, libFuzzer + ASan + UBSan): corpus + bounded runs =="
CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Release -DRVX_FUZZ=ON \
    -DRVX_BUILD_ISA_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"$JOBS" --target rvx-fuzz
(cd build-fuzz && ctest --output-on-failure -L fuzz)

# Other hosts (README "Hosts"): cross builds for arm64, s390x (big-endian)
# and armhf (32-bit), their tests under qemu-user.  The --quick subset: the
# unit tests but the engine lockstep one, the ISA tests under block and
# interp, and one Linux boot each (and armhf's -m limit); the full set is
# `tests/cross/run.sh all`.  It installs its own packages and trees.
# RVX_CROSS_HOSTS (e.g. "s390x armhf") narrows it when CI time is short.
echo "== other hosts under qemu-user (tests/cross/run.sh ${RVX_CROSS_HOSTS:-all} --quick) =="
# shellcheck disable=SC2086  # a list of hosts
tests/cross/run.sh ${RVX_CROSS_HOSTS:-all} --quick
