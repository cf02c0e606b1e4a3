# Cross build for an s390x Linux host, big-endian: Debian's cross compiler
# (gcc-s390x-linux-gnu) against a bookworm s390x tree made with
# `mmdebstrap --variant=extract` (Debian 12 refuses most :s390x -dev
# packages next to the host's), given as RVX_S390X_ROOT (tests/cross/run.sh
# makes it).  ctest runs the tests under qemu-s390x -L TREE.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR s390x)
if(NOT RVX_S390X_ROOT)
  set(RVX_S390X_ROOT "$ENV{RVX_S390X_ROOT}")
endif()
if(NOT RVX_S390X_ROOT OR NOT EXISTS "${RVX_S390X_ROOT}/usr/include/stdio.h")
  message(FATAL_ERROR "RVX_S390X_ROOT must name an s390x tree (tests/cross/run.sh s390x makes one)")
endif()
# try_compile re-reads this file: pass the tree on.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES RVX_S390X_ROOT)
set(CMAKE_C_COMPILER s390x-linux-gnu-gcc)
set(CMAKE_SYSROOT "${RVX_S390X_ROOT}")
set(CMAKE_LIBRARY_ARCHITECTURE s390x-linux-gnu)
set(CMAKE_FIND_ROOT_PATH "${RVX_S390X_ROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-s390x -L "${RVX_S390X_ROOT}")
# pkg-config reads the tree's .pc files and prefixes their paths with it.
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${RVX_S390X_ROOT}")
set(ENV{PKG_CONFIG_LIBDIR} "${RVX_S390X_ROOT}/usr/lib/s390x-linux-gnu/pkgconfig:${RVX_S390X_ROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
