/* rvx-qemu-cpu: none */
/* Interrupt latency: a loop with no call, load, store, CSR access or exit
 * (one block whose backward branch the JIT chains to itself; then a page
 * of blocks chained by forward jumps, which do not check) still takes
 * the machine timer interrupt, within the bound README's Speed section
 * states: the harts run in slices of at most 20000 instructions (plus at
 * most a page of forward-chained code, a loop block's second copy of its
 * body and a block), and the CLINT's
 * mtime/mtimecmp are compared between slices.  Under `rvx run` time is
 * virtual, one mtime tick per 100 instructions, so the bound is exact in
 * instructions: the interrupt comes at most 20000 + 2048 + 64 + 64
 * instructions (+ one tick of rounding) after mtime reaches mtimecmp, and
 * never before (priv. spec 3.2.1: MTIP is pending
 * while mtime >= mtimecmp).  The figures are rvx's own, so QEMU (real-time
 * mtime) does not run it. */
#include "env.h"

#define MIP_MTIP (1 << 7)
#define TICKS 1000              /* mtimecmp = mtime + TICKS */
#define INSNS_PER_TICK 100      /* devices/machine.c, virtual time */
/* 20000 + one page of forward-chained code (2048 instructions: forward
 * exits skip the budget check) and a loop's second copy of its body (64:
 * the two make the JIT's JIT_OVERRUN_MAX) + a block + a tick of rounding */
#define BOUND_INSNS (20000 + 2048 + 64 + 64 + INSNS_PER_TICK)
#define JUMPS 1000              /* the page loop: JUMPS + 2 instructions */

RVTEST_CODE_BEGIN
        li      TESTNUM, 1
        li      t0, MIP_MTIP
        csrw    mie, t0
        li      t1, CLINT_MTIME
        ld      s1, 0(t1)
        li      t0, TICKS
        add     s1, s1, t0              /* the deadline */
        li      t1, CLINT_MTIMECMP
        sd      s1, 0(t1)
        EXPECT_TRAP 2f
        li      a0, 0
        li      a1, -1
        csrsi   mstatus, MSTATUS_MIE
1:      addi    a0, a0, 1               /* 2 instructions an iteration */
        bne     a0, a1, 1b
        j       fail
2:      li      TESTNUM, 2
        CHECK_TRAP (INTR | 7)           /* the machine timer */
        /* not before the deadline: at least TICKS * 100 instructions ran
         * (the loop's count, less the ~40 before the loop: 2 ticks of slack) */
        li      TESTNUM, 3
        slli    a2, a0, 1
        li      t0, (TICKS - 2) * INSNS_PER_TICK
        bltu    a2, t0, fail
        /* within the bound after it */
        li      TESTNUM, 4
        li      t0, TICKS * INSNS_PER_TICK + BOUND_INSNS
        bgeu    a2, t0, fail
        /* mtime agrees: past the deadline by at most the bound in ticks */
        li      TESTNUM, 5
        li      t1, CLINT_MTIME
        ld      t2, 0(t1)
        bltu    t2, s1, fail
        sub     t2, t2, s1
        li      t0, BOUND_INSNS / INSNS_PER_TICK + 1
        bgtu    t2, t0, fail

        /* Again with a loop of JUMPS forward jumps (each a block of its own,
         * chained to the next without a budget check) and one backward
         * jump, filling a page. */
        li      TESTNUM, 6
        li      t1, CLINT_MTIME
        ld      s1, 0(t1)
        li      t0, TICKS
        add     s1, s1, t0
        li      t1, CLINT_MTIMECMP
        sd      s1, 0(t1)
        EXPECT_TRAP 4f
        li      a0, 0
        csrsi   mstatus, MSTATUS_MIE
        j       3f
        .balign 4096
3:      addi    a0, a0, 1
        .rept   JUMPS
        j       5f
5:
        .endr
        j       3b
4:      li      TESTNUM, 7
        CHECK_TRAP (INTR | 7)
        li      TESTNUM, 8              /* a0 whole or partial iterations */
        li      t0, JUMPS + 2
        mul     a2, a0, t0
        li      t0, (TICKS - 2) * INSNS_PER_TICK
        bltu    a2, t0, fail
        li      TESTNUM, 9
        li      t0, TICKS * INSNS_PER_TICK + BOUND_INSNS + JUMPS + 2
        bgeu    a2, t0, fail

        li      t0, -1
        li      t1, CLINT_MTIMECMP
        sd      t0, 0(t1)
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
