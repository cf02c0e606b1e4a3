/* Loops whose other arm goes round the loop too (cpu/block.h, loop
 * tails: the JIT runs such an arm inside the loop block instead of
 * leaving it): a binary search whose "key below" arm sets hi and branches
 * back (a conditional tail, leaving the loop when not taken), an arm that
 * counts and jumps back (a jal tail), an arm that is only the branch back,
 * and an arm that leaves through a backward branch to another block (not
 * a tail).  The binary search's two arms are one op each and the same
 * branch back, so the JITs convert it to a select (select_loop.S):
 * s6 and s7 count which arm left the loop.  Expected values from a Python
 * model of the same loops. */
#include "env.h"

RVTEST_CODE_BEGIN
        /* 1: binary search of keys 0..199 in table[i] = 3i + 1, i < 64;
         * sum of (key + 1) * (index, or -1 - insertion point) */
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
        beq     s1, a4, bs_found        /* (past the loop, not a tail) */
        bltu    s1, a4, bs_lower        /* a conditional tail */
        addi    t5, a3, 1
        bge     t0, t5, bs_loop
        addi    s7, s7, 1               /* left by the "key above" arm */
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
        addi    s6, s6, 1               /* left by the "key below" arm */
        j       bs_missing
2:      CHECK   s2, 0xfffffffffffa305c
        CHECK   s1, 200
        CHECK   s6, 65
        CHECK   s7, 71

        /* 2: t0 from 102 down to 0; when t0 % 4 == 2 a jal tail adds 7 to
         * s5 and xors t0 into s6, else s4 counts */
        li      TESTNUM, 2
        li      t0, 103
        li      s4, 0
        li      s5, 0
        li      s6, 0
t2_loop:
        addi    t0, t0, -1
        andi    t1, t0, 3
        addi    t1, t1, -2
        beqz    t1, t2_tail
        addi    s4, s4, 1
        bnez    t0, t2_loop
        j       t2_done
t2_tail:
        addi    s5, s5, 7
        xor     s6, s6, t0
        j       t2_loop
t2_done:
        CHECK   s4, 77
        CHECK   s5, 182
        CHECK   s6, 4
        CHECK   t0, 0

        /* 3: a tail that is only the branch back: odd t0 skips the add */
        li      TESTNUM, 3
        li      t0, 50
        li      s7, 0
t3_loop:
        addi    t0, t0, -1
        andi    t1, t0, 1
        bnez    t1, t3_odd
        addi    s7, s7, 3
        bnez    t0, t3_loop
        j       t3_done
t3_odd:
        bnez    t0, t3_loop
        j       t3_done
t3_done:
        CHECK   s7, 75
        CHECK   t0, 0
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
