# Cross build for an arm64 (aarch64) Linux host: Debian's cross compiler
# (crossbuild-essential-arm64) and the :arm64 library packages installed
# multiarch (/usr/lib/aarch64-linux-gnu).  ctest runs every test binary,
# and rvx in the shell-driven tests, under qemu-aarch64.
# Used by tests/cross/run.sh.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# libc6:arm64 puts the loader at /lib/ld-linux-aarch64.so.1, so no -L.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64)
# pkg-config reads the arm64 .pc files only.
set(ENV{PKG_CONFIG_LIBDIR} /usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")
