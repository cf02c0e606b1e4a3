/* Loops whose last if the JITs convert to a select (cpu/jit_plan.c,
 * plan_select; cmov on x86-64, csel on arm64): the loop ends in an inner
 * branch, one op and the branch back, and the inner branch's other arm is
 * one op and the same branch back (loop_tails.S's binary search is one,
 * and counts which arm left its loop).  Both arms' results are computed
 * and the branch's condition picks them, so what is checked here is what
 * a select can get wrong: each arm's value from the registers as they
 * were before either ran (test 3: each arm reads the other's
 * destination), one destination for both arms (test 1), a lazy W value
 * as the condition's and an arm's operand (test 2), the way out (the arm
 * that ran last decides where the loop falls through to: s4; test 4: not
 * when an arm writes what the branch reads) and the instructions retired
 * (instret, counted by hand as in loop_tail_exits.S).  Expected values
 * from a Python model of the same loops. */
#include "env.h"

/* t0 from 0 by 3 (even) or 5 (odd, s6 = 5) while below limit; then t0,
 * the arm that left (s4) and the instructions retired */
.macro ODD_EVEN limit, t0_end, s4_end, insns
        li      s5, \limit
        li      s4, 0
        csrr    a0, minstret
        li      t0, 0
1:      andi    t2, t0, 1
        bnez    t2, 3f
        addi    t0, t0, 3
        blt     t0, s5, 1b
        li      s4, 0x11
        j       4f
3:      add     t0, t0, s6
        blt     t0, s5, 1b
        li      s4, 0x22
        j       4f
4:      csrr    a1, minstret
        CHECK   t0, \t0_end
        CHECK   s4, \s4_end
#ifndef RVX_QEMU_QUIRKS                 /* QEMU 7.2: instret runs on host ticks */
        sub     a1, a1, a0
        CHECK   a1, \insns
#endif
.endm

RVTEST_CODE_BEGIN
        /* 1: one destination: t0 += 3 when even, += 5 when odd, while
         * t0 < s5 (4 instructions an iteration).  s5 = 100: 26 iterations,
         * the last from 99 by the odd arm, which falls through to li s4,
         * 0x22: 1 + 1 + 104 + 2 = 108 between the csrr; s5 = 99: 25, the
         * last from 96 by the even arm, falling through to li s4, 0x11:
         * 1 + 1 + 100 + 2 = 104 */
        li      TESTNUM, 1
        li      s6, 5
        ODD_EVEN 100, 104, 0x22, 108
        ODD_EVEN 99, 99, 0x11, 104

        /* 2: t1 from 40 down to 0; t3 = addw t1, 0x7ffffff0 (negative
         * from t1 = 16 up); t3 below 2^31 unsigned adds it to s3, else s2
         * -= t3; the last (t1 = 0) by the add, falling through to li s4,
         * 0x44 */
        li      TESTNUM, 2
        li      t1, 40
        li      s2, 0
        li      s3, 0
        li      s4, 0
        li      s8, 1
        slli    s8, s8, 31
        li      s9, 0x7ffffff0
1:      addi    t1, t1, -1
        addw    t3, t1, s9
        bltu    t3, s8, 3f
        sub     s2, s2, t3
        bnez    t1, 1b
        li      s4, 0x33
        j       4f
3:      add     s3, s3, t3
        bnez    t1, 1b
        li      s4, 0x44
        j       4f
4:      CHECK   s2, 0xbfffffeec
        CHECK   s3, 0x7ffffff78
        CHECK   s4, 0x44
        CHECK   t3, 0x7ffffff0

        /* 3: each arm reads the other's destination: t1 from 31 down to
         * 0, s3 = s2 ^ t1 when t1 % 4 == 0, else s2 = s3 + t1 */
        li      TESTNUM, 3
        li      t1, 31
        li      s2, 1
        li      s3, 2
1:      addi    t1, t1, -1
        andi    t2, t1, 3
        beqz    t2, 3f
        add     s2, s3, t1
        bnez    t1, 1b
        j       4f
3:      xor     s3, s2, t1
        bnez    t1, 1b
        j       4f
4:      CHECK   s2, 0x2a
        CHECK   s3, 0x2a
        CHECK   t1, 0

        /* 4: an arm that writes the inner branch's operand (not converted:
         * the way out could not test the branch again): s2 flips between
         * 0 and 1, five iterations, the last by the "s2 == 0" arm, which
         * falls through to li s4, 0x11 */
        li      TESTNUM, 4
        li      t1, 5
        li      s2, 0
        li      s4, 0
1:      addi    t1, t1, -1
        bnez    s2, 3f
        addi    s2, zero, 1
        bnez    t1, 1b
        li      s4, 0x11
        j       4f
3:      addi    s2, s2, -1
        bnez    t1, 1b
        li      s4, 0x22
        j       4f
4:      CHECK   s2, 1
        CHECK   s4, 0x11
        RVTEST_PASS
RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
