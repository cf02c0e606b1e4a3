# Cross build for a 32-bit host: armhf (ARMv7, hard-float EABI) Linux, with
# Debian's cross compiler (crossbuild-essential-armhf) against a bookworm
# armhf tree made with `mmdebstrap --variant=extract`, given as
# RVX_ARMHF_ROOT (tests/cross/run.sh makes it; the :armhf -dev packages
# would replace the host's own if installed multiarch next to them).
# ctest runs the tests under qemu-arm -L TREE.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR armv7l)
if(NOT RVX_ARMHF_ROOT)
  set(RVX_ARMHF_ROOT "$ENV{RVX_ARMHF_ROOT}")
endif()
if(NOT RVX_ARMHF_ROOT OR NOT EXISTS "${RVX_ARMHF_ROOT}/usr/include/stdio.h")
  message(FATAL_ERROR "RVX_ARMHF_ROOT must name an armhf tree (tests/cross/run.sh armhf makes one)")
endif()
# try_compile re-reads this file: pass the tree on.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES RVX_ARMHF_ROOT)
set(CMAKE_C_COMPILER arm-linux-gnueabihf-gcc)
set(CMAKE_SYSROOT "${RVX_ARMHF_ROOT}")
set(CMAKE_LIBRARY_ARCHITECTURE arm-linux-gnueabihf)
set(CMAKE_FIND_ROOT_PATH "${RVX_ARMHF_ROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-arm -L "${RVX_ARMHF_ROOT}")
# pkg-config reads the tree's .pc files and prefixes their paths with it.
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${RVX_ARMHF_ROOT}")
set(ENV{PKG_CONFIG_LIBDIR} "${RVX_ARMHF_ROOT}/usr/lib/arm-linux-gnueabihf/pkgconfig:${RVX_ARMHF_ROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
