/* rvx-qemu-icount */
/* Loops whose only way out is their last branch, which the x86-64 JIT
 * translates twice round (cpu/jit_gen.c, twice_round: two copies of the
 * body, the back edge after the second), seen from what the second copy
 * must get right: the instructions retired before it (instret, Zicntr:
 * "instret counts the number of instructions retired") when it calls the
 * executor or leaves, and its own slow paths, which must go on in the
 * second copy.  Each loop runs an even number of times, so odd iterations
 * (1, 3) run in the second copy.  Counts by hand, as in zicsr.S: between
 * two csrr of minstret, the first csrr and everything after it up to the
 * second (CI runs this ELF on qemu-system-riscv64 -M spike -icount
 * shift=0 too, whose instret is exact; plain QEMU 7.2 runs instret on
 * host ticks, so its quirks build leaves those checks out). */
#include "env.h"

RVTEST_CODE_BEGIN
        /* 1: a load that faults (no memory at 8) in the second copy, the
         * executor's handler told how many instructions came before it:
         * minstret across it and the trap handler, from a csrr and a jump
         * into the loop, is what it is across the same fault after as
         * many instructions in straight-line code (each loop starts with
         * a jump, so its first iteration runs the first copy) */
        li      TESTNUM, 1
        li      a2, 8
        EXPECT_TRAP 2f
        csrr    s2, minstret
        j       3f
3:      nop
        nop
        nop
        nop
        lw      a4, 0(a2)
        j       fail
2:      csrr    s3, minstret
        sub     s4, s3, s2              /* 6 + the handler's */
        CHECK_TRAP CAUSE_LOAD_ACCESS
        li      t0, 2
        la      a2, pg
        li      s5, 8
        EXPECT_TRAP 2f
        csrr    s2, minstret
        j       1f
1:      lw      a4, 0(a2)
        mv      a2, s5
        addi    t0, t0, -1
        bnez    t0, 1b
        j       fail
2:      csrr    s3, minstret
        CHECK_TRAP CAUSE_LOAD_ACCESS
        sub     s3, s3, s2
        sub     s3, s3, s4
#ifndef RVX_QEMU_QUIRKS
        CHECK   s3, 0
#endif
        CHECK   t0, 1
        /* 2: two loads from one base (a load group), whose span crosses
         * into the next page in iteration 3, where the block ends after
         * the first load: 2 + 4 * 7 = 30 instructions, the sum of the
         * eight dwords read (pg[-4..-1] = 1..4, pg[0] = 5) */
        li      TESTNUM, 2
        la      a1, pg                  /* both pages in the TLB first: a */
        ld      t1, -8(a1)              /* miss would end the block too */
        ld      t1, 0(a1)
        li      t0, 4
        la      a0, pg - 32
        li      t3, 0
        csrr    s2, minstret
        j       1f
1:      ld      t1, 0(a0)
        ld      t2, 8(a0)
        add     t3, t3, t1
        add     t3, t3, t2
        addi    a0, a0, 8
        addi    t0, t0, -1
        bnez    t0, 1b
        csrr    s3, minstret
        sub     s3, s3, s2
#ifndef RVX_QEMU_QUIRKS
        CHECK   s3, 30
#endif
        CHECK   t3, 1 + 2 + 2 + 3 + 3 + 4 + 4 + 5
        /* 3: the loop's only memory access first in its body, a page
         * further each time (a TLB miss, the slow path, every iteration):
         * the second copy's slow path goes on in the second copy (and
         * counts as its own): 2 + 4 * 5 = 22 instructions */
        li      TESTNUM, 3
        li      t0, 4
        la      a0, pg
        li      t3, 0
        li      s1, 4096
        csrr    s2, minstret
        j       1f
1:      ld      t1, 0(a0)
        add     t3, t3, t1
        add     a0, a0, s1
        addi    t0, t0, -1
        bnez    t0, 1b
        csrr    s3, minstret
        sub     s3, s3, s2
#ifndef RVX_QEMU_QUIRKS
        CHECK   s3, 22
#endif
        CHECK   t3, 5 + 6 + 7 + 8
        CHECK   t0, 0
        la      t1, pg + 4 * 4096
        bne     a0, t1, fail
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
        .balign 4096
        .space  4096 - 32
        .dword  1, 2, 3, 4
pg:     .dword  5
        .balign 4096
        .dword  6
        .balign 4096
        .dword  7
        .balign 4096
        .dword  8
        .balign 4096
RVTEST_DATA_END
