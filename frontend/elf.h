/* Loading a bare-metal RISC-V ELF (PT_LOAD segments) into guest RAM. */
#ifndef RVX_FRONTEND_ELF_H
#define RVX_FRONTEND_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mem/bus.h"

struct elf_info {
    uint64_t entry;
    uint64_t tohost, fromhost;                  /* 0 when absent */
    uint64_t begin_signature, end_signature;    /* 0 when absent */
};

/* Loads every PT_LOAD segment of path into RAM; any byte outside RAM, a
 * file that is not a little-endian RV64 executable, or a read error gives
 * false and one line in err. */
bool elf_load(const char *path, struct bus *bus, struct elf_info *info,
              char *err, size_t errlen);

#endif
