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

/* A FENCE pred,succ as the host barrier it needs when other harts run on
 * other host threads (nothing to do otherwise: one thread is ordered).
 * Devices are reached under the machine lock, which orders I and O, so
 * only R and W matter.  x86-64 is TSO: loads and stores stay in order
 * except a later load passing an earlier store, so only a fence ordering
 * W before R (fence rw,rw, fence w,r) needs mfence; FENCE.TSO (fm = 1000)
 * never orders W before R.  Weakly ordered hosts take the full barrier for
 * every fence (RVWMO, "Memory Ordering Instructions"). */
static inline void host_fence(const struct hart *h, uint32_t raw)
{
    if (!h->host_fences)
        return;
#if defined(__x86_64__) || defined(__i386__)
    if (fence_orders_store_load(raw))
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    else
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
#else
    (void)raw;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}

#endif
