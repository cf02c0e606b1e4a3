/* Loading a bare-metal RISC-V ELF (PT_LOAD segments) into guest RAM, as
 * images of the machine, so a reset restores the program's original code
 * and data. */
#ifndef RVX_FRONTEND_ELF_H
#define RVX_FRONTEND_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct machine;

struct elf_info {
    uint64_t entry;
    uint64_t tohost, fromhost;                  /* 0 when absent */
    uint64_t begin_signature, end_signature;    /* 0 when absent */
};

/* Loads every PT_LOAD segment of path into m's RAM; any byte outside RAM, a
 * file that is not a little-endian RV64 executable, or a read error gives
 * false and one line in err. */
bool elf_load(const char *path, struct machine *m, struct elf_info *info,
              char *err, size_t errlen);

#endif
