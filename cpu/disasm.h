/* Disassembly in the reference simulator's style ("addi    a0, a0, 1"),
 * used by the commit-log trace, the monitor and the debugger. */
#ifndef RVX_CPU_DISASM_H
#define RVX_CPU_DISASM_H

#include <stddef.h>
#include <stdint.h>

/* insn is the raw encoding: a 16-bit parcel (low two bits != 3) is shown as
 * its compressed mnemonic (c.addi ...), a 32-bit word as itself.  pc is used
 * to print absolute branch/jump targets.  Unknown encodings print as
 * "unknown".  Always NUL-terminates within size. */
void rv_disasm(uint64_t pc, uint32_t insn, char *buf, size_t size);

/* ABI name of integer register r (0..31) and FP register r. */
const char *rv_xreg_name(unsigned r);
const char *rv_freg_name(unsigned r);

#endif
