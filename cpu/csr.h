/* The CSR database (cpu/csrs.def) as other parts see it: names and numbers
 * for the disassembler, the gdb stub, the monitor and the tests.  Reading
 * and writing a hart's CSRs goes through hart_csr_read/write (cpu/cpu.h). */
#ifndef RVX_CPU_CSR_H
#define RVX_CPU_CSR_H

#include <stdbool.h>
#include <stddef.h>

/* CSR_<name>: the number of every CSR csrs.def lists singly (CSR_mstatus
 * = 0x300) and of each family's first member (CSR_pmpaddr0 = 0x3b0; the
 * others are CSR_pmpaddr0 + i). */
enum csr_num {
#define CSR(num, name, priv, ext, guard, rule) CSR_##name = num,
#define CSR_FAMILY(num, prefix, first, last, step, priv, ext, guard, rule)    \
    CSR_##prefix##first = num,
#include "csrs.def"
#undef CSR
#undef CSR_FAMILY
};

/* The ext column: the extension that defines a CSR. */
enum csr_ext {
    CSR_EXT_Sm,         /* machine-level base (always present) */
    CSR_EXT_S,          /* misa.S: supervisor mode */
    CSR_EXT_H,          /* misa.H: hypervisor (not implemented) */
    CSR_EXT_F,          /* misa.F */
    CSR_EXT_Zicntr,     /* cycle, time, instret */
    CSR_EXT_Zihpm,      /* hpmcounter3..31 */
    CSR_EXT_Sstc,       /* stimecmp */
    CSR_EXT_Smstateen,  /* mstateen0..3 */
    CSR_EXT_Ssstateen,  /* sstateen0..3 */
    CSR_EXT_Sscofpmf,   /* scountovf */
    CSR_EXT_Sdtrig,     /* debug triggers (none implemented) */
    CSR_EXT_Sdext,      /* debug mode (not implemented) */
    CSR_EXT_Smepmp,     /* mseccfg (not implemented) */
};

/* What the database says about one CSR number. */
struct csr_desc {
    unsigned num;
    char name[16];          /* "mstatus", "pmpaddr12" */
    int priv;               /* PRV_U/PRV_S/PRV_M: lowest that may access */
    enum csr_ext ext;
    bool implemented;       /* false: only named (rule NONE) */
    bool hardwired_zero;    /* rule ZERO: reads zero, ignores writes */
};

/* Fills *d for num and returns true when the database lists num (family
 * members included), false otherwise. */
bool csr_describe(unsigned num, struct csr_desc *d);

/* The name of CSR num, or "0x%03x" when the database has none.  Writes at
 * most len bytes (NUL-terminated) into buf and returns buf. */
const char *csr_name(unsigned num, char *buf, size_t len);

#endif
