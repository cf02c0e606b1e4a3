/* A mul and a later mulh/mulhu of the same operands (the M extension's
 * commentary names the pair for fusion; bignum code emits it, low half
 * first): the x86-64 JIT computes both halves with one multiply at the
 * mul (jit_plan.c, plan_mul_pairs) when the mulh could not tell.  Every
 * register must hold its own value after the pair, and the pairs that
 * must not be fused (the mul overwriting an operand, an operand written
 * between, the high half's register read between, a trap between) keep
 * their separate results.  Expected values from Python integers (the
 * spec's mul/mulh/mulhu: the low and high 64 bits of the exact product). */
#include "env.h"

#define A 0x0123456789abcdef
#define B 0xfedcba9876543210
#define C 0x9e3779b97f4a7c15

RVTEST_CODE_BEGIN
        /* 1: modexp's form: mul l, a, b; (other work); mulhu b, a, b */
        li      TESTNUM, 1
        li      t2, A
        li      a6, C
        li      t0, 16
        mul     a4, t2, a6
        addi    t0, t0, 8
        mulhu   a6, t2, a6
        CHECK   a4, 0xc93a7b79aeda89b
        CHECK   a6, 0xb403f44f128915
        CHECK   t2, A
        CHECK   t0, 24
        /* 2: mulh (both negative), operands swapped in the mulh */
        li      TESTNUM, 2
        li      a1, B
        li      a2, C
        mul     a3, a1, a2
        mulh    a4, a2, a1
        CHECK   a3, 0x5534de8ee5c7db50
        CHECK   a4, 0x6f41733a9944da
        /* 3: mulh of a positive and a negative operand; its rd is a */
        li      TESTNUM, 3
        li      a1, A
        li      a2, B
        mul     a3, a1, a2
        mulh    a1, a1, a2
        CHECK   a3, 0x2236d88fe5618cf0
        CHECK   a1, 0xfffeb49923cc0953
        /* 4: the mul overwrites an operand: the mulhu reads the new one */
        li      TESTNUM, 4
        li      a1, A
        li      a2, C
        mul     a1, a1, a2
        mulhu   a3, a1, a2
        CHECK   a1, 0xc93a7b79aeda89b
        CHECK   a3, 0x7c5db37414bdc03
        /* 5: an operand written between */
        li      TESTNUM, 5
        li      a1, A
        li      a2, C
        mul     a3, a1, a2
        li      a1, B
        mulhu   a4, a1, a2
        CHECK   a3, 0xc93a7b79aeda89b
        CHECK   a4, 0x9d8375c53037f2ff
        /* 6: the high half's register read between (its old value) */
        li      TESTNUM, 6
        li      a1, A
        li      a2, C
        li      a4, 41
        mul     a3, a1, a2
        addi    a5, a4, 1
        mulhu   a4, a1, a2
        CHECK   a5, 42
        CHECK   a4, 0xb403f44f128915
        /* 7: a trap between: the handler's resume point sees the mul's
         * result and the high half's register unchanged */
        li      TESTNUM, 7
        li      a1, A
        li      a2, C
        li      a4, 7
        EXPECT_TRAP 1f
        mul     a3, a1, a2
        ld      t0, 1(zero)             /* access fault: nothing at 1 */
        mulhu   a4, a1, a2
1:      CHECK   a4, 7
        CHECK   a3, 0xc93a7b79aeda89b
        /* 8: in a loop (carry chains as in bignum code): three rounds of
         * l = lo(x * C), x = hi(x * C) + l, x = A at first */
        li      TESTNUM, 8
        li      a1, A
        li      a2, C
        li      t0, 3
2:      mul     a3, a1, a2
        mulhu   a1, a1, a2
        add     a1, a1, a3
        addi    t0, t0, -1
        bnez    t0, 2b
        CHECK   a1, 0x7532a9923ff505c3
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
