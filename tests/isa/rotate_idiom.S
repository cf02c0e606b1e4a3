/* The rotate idiom of code built without Zbb: slli x, a, k; srli y, a,
 * 64 - k; or z, x, y is z = a rotated left by k.  The x86-64 JIT turns it
 * into one rol and sets x and y from z afterwards (jit_gen.c,
 * plan_rotates); every register the idiom writes must still hold its own
 * value after it, whatever aliases, and nothing may be fused where
 * something between the shifts and the or reads x or y, writes a, or
 * traps.  Expected values by hand (Python integers) from the spec's
 * shift and or; a = 0x0123456789abcdef throughout. */
#include "env.h"

#define A 0x0123456789abcdef

RVTEST_CODE_BEGIN
        /* 1: x dead after (overwritten), y == z == a */
        li      TESTNUM, 1
        li      a2, A
        slli    s9, a2, 31
        srli    a2, a2, 33
        or      a2, s9, a2
        li      s9, 0
        CHECK   a2, 0xc4d5e6f78091a2b3
        /* 2: x == z; y read after */
        li      TESTNUM, 2
        li      a0, A
        slli    t1, a0, 13
        srli    t2, a0, 51
        or      t1, t1, t2
        CHECK   t1, 0x68acf13579bde024
        CHECK   t2, 0x24
        CHECK   a0, A
        /* 3: z == a, k = 40 (both shifts' values rebuilt from z) */
        li      TESTNUM, 3
        li      a0, A
        slli    t1, a0, 40
        srli    t2, a0, 24
        or      a0, t2, t1
        CHECK   a0, 0xabcdef0123456789
        CHECK   t1, 0xabcdef0000000000
        CHECK   t2, 0x123456789
        /* 4: srli first, k = 63 */
        li      TESTNUM, 4
        li      a0, A
        srli    t2, a0, 1
        slli    t1, a0, 63
        or      t3, t2, t1
        CHECK   t3, 0x8091a2b3c4d5e6f7
        CHECK   t1, 0x8000000000000000
        CHECK   t2, 0x91a2b3c4d5e6f7
        /* 5: k = 32, y == a */
        li      TESTNUM, 5
        li      a0, A
        slli    t1, a0, 32
        srli    a0, a0, 32
        or      t3, t1, a0
        CHECK   t3, 0x89abcdef01234567
        CHECK   a0, 0x01234567
        CHECK   t1, 0x89abcdef00000000
        /* 6: x read between the shifts and the or */
        li      TESTNUM, 6
        li      a0, A
        slli    t1, a0, 8
        add     t4, t1, zero
        srli    t2, a0, 56
        or      t3, t1, t2
        CHECK   t4, 0x23456789abcdef00
        CHECK   t3, 0x23456789abcdef01
        /* 7: a written between the shifts: not a rotate */
        li      TESTNUM, 7
        li      a0, A
        slli    t1, a0, 8
        addi    a0, a0, 1
        srli    t2, a0, 56
        or      t3, t1, t2
        CHECK   t3, 0x23456789abcdef01
        CHECK   t1, 0x23456789abcdef00
        /* 8: a trap between the shifts: the handler's resume point sees
         * the first shift's value */
        li      TESTNUM, 8
        li      a0, A
        li      t1, 0
        EXPECT_TRAP 1f
        li      a1, A
        slli    t1, a1, 8
        ld      t0, 1(zero)             /* access fault: nothing at 1 */
        srli    t2, a1, 56
        or      t3, t1, t2
1:      CHECK   t1, 0x23456789abcdef00
        /* 9: registers written between the shifts (more than the JIT's
         * host registers): a, which the or needs as it was before the
         * second shift wrote it, must not be dropped as dead */
        li      TESTNUM, 9
        li      a0, 0
        li      a0, A
        slli    t1, a0, 8
        li      s2, 2
        li      s3, 3
        li      s4, 4
        li      s5, 5
        li      s6, 6
        li      s7, 7
        li      s8, 8
        li      s9, 9
        li      s10, 10
        li      s11, 11
        li      a3, 13
        li      a4, 14
        srli    a0, a0, 56
        or      t3, t1, a0
        CHECK   t3, 0x23456789abcdef01
        CHECK   a0, 0x01
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
