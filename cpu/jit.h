/* The JIT: host code for the block cache's pre-decoded blocks.
 *
 * Only x86-64 and arm64 hosts have a code generator; everywhere else (and with
 * -DRVX_NO_JIT, or RVX_NO_JIT set in the environment) jit_new returns NULL
 * and the blocks are interpreted by the portable executor in exec.c.  The generated code keeps guest state in
 * struct hart and translates the common integer, load/store and branch
 * instructions; every other instruction, and every slow path (TLB miss,
 * MMIO, fault), calls back into the executor's handlers
 * (exec_jit_helper), so the two engines share one definition of what an
 * instruction does. */
#ifndef RVX_CPU_JIT_H
#define RVX_CPU_JIT_H

#include "block.h"

/* x86-64 and little-endian arm64 (AArch64, cpu/jit_gen_a64.c) */
#if (defined(__x86_64__) || (defined(__aarch64__) && defined(__AARCH64EL__))) && \
    !defined(RVX_NO_JIT)
#define RVX_HAVE_JIT 1
#else
#define RVX_HAVE_JIT 0
#endif

struct jit;

/* A code generator with its own executable arena; NULL when the host has
 * none or the OS refuses executable memory. */
struct jit *jit_new(void);
void jit_free(struct jit *j);
/* Code translated from now on makes `fence` a host barrier (harts on
 * other host threads); the caller flushes what was translated before. */
void jit_set_host_fences(struct jit *j, bool on);
/* Exact budgets (deterministic mode: run_exact in devices/machine.c):
 * every exit of code translated from now on checks the budget, so a run
 * ends within one block of it.  Otherwise a forward exit to the same page
 * goes on unchecked (the next check comes at a backward, cross-page or
 * indirect exit): the instructions between two checks then lie in one
 * page in increasing, disjoint ranges, but for a loop block's second
 * copy of its body (twice round: jit_gen.c), so a run may retire up to
 * JIT_OVERRUN_MAX instructions past its budget. */
void jit_set_exact(struct jit *j, bool on);
#define JIT_OVERRUN_MAX (PAGE_SIZE / 2 + BLOCK_MAX_INSNS)

/* A block is translated after the executor's block engine has run it n
 * times (0: on its first run; at most JIT_AFTER_MAX).  Most of a Linux
 * boot's blocks run only a few times, and translating one costs about as
 * much as running it some dozens of times in the block engine.  Exact
 * mode (jit_set_exact) translates on the first run, as before. */
void jit_set_after(struct jit *j, unsigned n);
#define JIT_AFTER_DEFAULT 16
#define JIT_AFTER_MAX 65535

/* Blocks compiled to host code and the bytes of it written, since
 * jit_new (--stats); zeros without a code generator. */
void jit_stats(const struct jit *j, uint64_t *blocks, uint64_t *bytes);

/* Forgets all generated code (block_cache_flush calls it). */
void jit_flush(struct jit *j);

/* Runs block b (compiling it first if need be, or in the block engine
 * while it is cold: jit_set_after) and the blocks chained
 * after it until h->instret reaches limit (give or take JIT_OVERRUN_MAX)
 * or something needs hart_run: the executor's block loop's contract. */
void jit_run(struct hart *h, struct block *b, uint64_t limit);

/* exec.c: executes the instruction ins of a block whose first instruction
 * is at virtual address bpc, k being the instructions before it in the
 * block that the generated code has not yet retired.  Returns
 *   0  execution goes on with the next instruction (instret is then as on
 *      entry: the block's code retires it with the rest);
 *   1  the block must be left for hart_run (trap, code dropped, stop
 *      request, wfi);
 *   2  ins ended its block normally: go on at h->pc, looked up afresh
 *      (the translation may have changed: satp, sfence.vma, xRET).
 * Unless 0, h->pc and instret are exact. */
int exec_jit_helper(struct hart *h, const struct insn *ins, uint64_t bpc, uint64_t k);

/* exec.c: runs block b, whose first instruction is at h->pc, once in the
 * block engine (a block the JIT has not translated yet).  Returns nonzero
 * when the hart must go back to hart_run (wfi; a counter now wraps
 * sooner). */
int exec_block_once(struct hart *h, struct block *b);

#endif
