/* What the executor's files share: exec.c (the dispatch loop and the run
 * loop) and exec_slow.c (its out-of-line memory work). */
#ifndef RVX_CPU_EXEC_INTERNAL_H
#define RVX_CPU_EXEC_INTERNAL_H

#include "arith.h"
#include "block.h"

/* The A extension, out of line: 0 or an exception cause (h->fault_tval
 * set); *rd_val gets the value rd is to receive (the sign-extended old
 * value, or 0/1 for sc). */
int do_amo(struct hart *h, const struct insn *ins, uint64_t *rd_val);
int do_lr(struct hart *h, const struct insn *ins, unsigned size, uint64_t *rd_val);
int do_sc(struct hart *h, const struct insn *ins, unsigned size, uint64_t *rd_val);
/* Zacas: amocas.w/d/q, writing rd (and rd+1 for .q) itself. */
int do_amocas(struct hart *h, const struct insn *ins);

/* Zicbom/Zicboz: 0, EXC_ILLEGAL (disabled at this privilege by the envcfg
 * CSRs) or a fault cause with h->fault_tval set. */
int do_cbo(struct hart *h, const struct insn *ins);

#endif
