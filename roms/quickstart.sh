#!/bin/bash
# One command from a fresh Debian machine to a Linux shell on rvx:
# installs the packages, builds rvx, assembles the default guest from
# Debian's riscv64 packages and boots it.  Ctrl-A x quits.
set -euo pipefail
cd "$(dirname "$0")/.."
roms/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target rvx
roms/mkguest.sh build/guest
exec build/rvx "$@"
