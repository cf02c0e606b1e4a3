/* Loops whose last if the x86-64 JIT converts to a select (cpu/jit_plan.c,
 * plan_select): the loop ends in an inner branch, one op and the branch
 * back, and the inner branch's other arm is one op and the same branch
 * back.  Both arms' results are computed and the branch's condition picks
 * them, so what is checked here is what a select can get wrong: each arm's
 * value from the registers as they were before either ran (test 4: each
 * arm reads the other's destination), one destination for both arms
 * (test 2), a lazy W value as the condition's and an arm's operand (test
 * 3), the way out (the arm that ran last decides where the loop falls
 * through to: s4, s6, s7; test 5: not when an arm writes what the branch
 * reads) and the instructions retired (instret, counted
 * by hand as in loop_tail_exits.S).  Expected values from a Python model
 * of the same loops. */
#include "env.h"

RVTEST_CODE_BEGIN
        /* 1: binary search of keys 0..199 in table[i] = 3i + 1, i < 64
         * (loop_tails.S's), counting which arm left the loop: s6 the "key
         * below" one (65 keys), s7 the "key above" one (71) */
        li      TESTNUM, 1
        la      s0, table
        li      s1, 0
        li      s2, 0
        li      s3, 200
        li      s6, 0
        li      s7, 0
next_key:
        li      t5, 0                   /* lo */
        li      t0, 63                  /* hi */
bs_loop:
        add     a3, t5, t0
        srai    a3, a3, 1
        slli    a4, a3, 2
        add     a4, a4, s0
        lw      a4, 0(a4)
        beq     s1, a4, bs_found
        bltu    s1, a4, bs_lower
        addi    t5, a3, 1
        bge     t0, t5, bs_loop
        addi    s7, s7, 1
bs_missing:
        not     a3, t5
bs_found:
        addi    t1, s1, 1
        mul     t1, t1, a3
        add     s2, s2, t1
        addi    s1, s1, 1
        bne     s1, s3, next_key
        j       2f
bs_lower:
        addi    t0, a3, -1
        bge     t0, t5, bs_loop
        addi    s6, s6, 1
        j       bs_missing
2:      CHECK   s2, 0xfffffffffffa305c
        CHECK   s6, 65
        CHECK   s7, 71

        /* 2: one destination: t0 += 3 when even, += 5 when odd, while
         * t0 < s5.  s5 = 100: 26 iterations (4 instructions each), the
         * last from 99 by the odd arm, which falls through to li s4, 0x22:
         * 1 + 1 + 104 + 2 = 108 between the csrr */
        li      TESTNUM, 2
        li      s5, 100
        li      s6, 5
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
        CHECK   t0, 104
        CHECK   s4, 0x22
#ifndef RVX_QEMU_QUIRKS                 /* QEMU 7.2: instret runs on host ticks */
        sub     a1, a1, a0
        CHECK   a1, 108
#endif
        /* ... s5 = 99: 25 iterations, the last from 96 by the even arm,
         * which falls through to li s4, 0x11: 1 + 1 + 100 + 2 = 104 */
        li      s5, 99
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
        CHECK   t0, 99
        CHECK   s4, 0x11
#ifndef RVX_QEMU_QUIRKS
        sub     a1, a1, a0
        CHECK   a1, 104
#endif

        /* 3: t1 from 40 down to 0; t3 = addw t1, 0x7ffffff0 (negative
         * from t1 = 16 up); t3 below 2^31 unsigned adds it to s3, else s2
         * -= t3; the last (t1 = 0) by the add, falling through to li s4,
         * 0x44 */
        li      TESTNUM, 3
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

        /* 4: each arm reads the other's destination: t1 from 31 down to
         * 0, s3 = s2 ^ t1 when t1 % 4 == 0, else s2 = s3 + t1 */
        li      TESTNUM, 4
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

        /* 5: an arm that writes the inner branch's operand (not converted:
         * the way out could not test the branch again): s2 flips between
         * 0 and 1, five iterations, the last by the "s2 == 0" arm, which
         * falls through to li s4, 0x11 */
        li      TESTNUM, 5
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
        .balign 4
table:
        .set    i, 0
        .rept   64
        .word   3 * i + 1
        .set    i, i + 1
        .endr
RVTEST_DATA_END
