/* rvx-isa: rv64gc_zbkb_zbkc_zbkx */
/* Zbkb, Zbkc, Zbkx (Cryptography Extensions Volume I v1.0.1, RV64 forms)
 * on a hart WITHOUT Zbb and Zbc: the instructions they share with those
 * (rol, ror, rori, rolw, rorw, roriw, andn, orn, xnor, rev8, clmul,
 * clmulh; zext.h as packw rd, rs1, x0) must work from Zbkb/Zbkc alone.
 * Expected values worked out by hand from the spec's definitions (the
 * reasoning is beside each); the carry-less products by hand as sums of
 * shifted copies.  TEST_RR also checks rd = rs1 and rd = rs2. */
#include "env.h"
RVTEST_CODE_BEGIN
        /* ---- Zbkb: pack, packh, packw ---- */
        /* pack: rs2's low word above rs1's low word */
        TEST_RR  1, pack , 0x4444444422222222, 0x1111111122222222, 0x3333333344444444
        TEST_RR  2, pack , 0x00000000ffffffff, 0xffffffffffffffff, 0xffffffff00000000
        /* packh: rs2's low byte above rs1's low byte, zero-extended */
        TEST_RR  3, packh, 0x000000000000cdab, 0xffffffffffffffab, 0x12345678000000cd
        /* packw: the low halfwords, the 32-bit result sign-extended */
        TEST_RR  4, packw, 0xffffffff87651234, 0x0000000000001234, 0x0000000000008765
        TEST_RR  5, packw, 0x0000000076541234, 0xffffffffffff1234, 0xffffffffffff7654
        /* packw rd, rs1, x0 is zext.h (the Zbb row), reached through Zbkb */
        TEST_R   6, zext.h, 0x0000000000008000, 0xffffffffffff8000

        /* ---- Zbkb: brev8, rev8 ---- */
        /* each byte's bits reversed: 01->80, 02->40, ..., 80->01 */
        TEST_R   7, brev8, 0x8040201008040201, 0x0102040810204080
        TEST_R   8, brev8, 0x000000000000008f, 0x00000000000000f1
        TEST_R   9, brev8, 0xffffffffffffffff, 0xffffffffffffffff
        TEST_R  10, rev8 , 0x0807060504030201, 0x0102030405060708

        /* ---- Zbkb: the Zbb rotates and logic-with-negate ---- */
        TEST_RR 11, rol  , 0x0000000000000003, 0x8000000000000001, 1
        TEST_RR 12, ror  , 0xc000000000000000, 0x8000000000000001, 65   /* 65 & 63 = 1 */
        TEST_RI 13, rori , 0x0000000000000003, 0x8000000000000001, 63
        TEST_RI 14, rori , 0x8000000000000001, 0x8000000000000001, 0
        /* W forms: rotate the low word, sign-extend bit 31 */
        TEST_RR 15, rolw , 0xffffffff80000000, 0x0000000040000000, 1
        TEST_RR 16, rorw , 0xffffffff80000000, 0x0000000000000001, 33   /* 33 & 31 = 1 */
        TEST_RI 17, roriw, 0x0000000000000002, 0xffffffff00000001, 31
        TEST_RR 18, andn , 0xf000f000f000f000, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f
        TEST_RR 19, orn  , 0xf0f0f0f0f0f0f0f0, 0x0000000000000000, 0x0f0f0f0f0f0f0f0f
        TEST_RR 20, xnor , 0x0000000000000000, 0x5555555555555555, 0xaaaaaaaaaaaaaaaa

        /* ---- Zbkc: clmul, clmulh ---- */
        /* (x^63 + 1)^2 = x^126 + 1 (the two x^63 terms cancel) */
        TEST_RR 21, clmul , 0x0000000000000001, 0x8000000000000001, 0x8000000000000001
        TEST_RR 22, clmulh, 0x4000000000000000, 0x8000000000000001, 0x8000000000000001
        /* all ones squared: bit k of the product is the parity of the
         * number of pairs i + j = k: odd exactly for even k (low half:
         * k + 1 pairs; high half bit k: 63 - k pairs) */
        TEST_RR 23, clmul , 0x5555555555555555, 0xffffffffffffffff, 0xffffffffffffffff
        TEST_RR 24, clmulh, 0x5555555555555555, 0xffffffffffffffff, 0xffffffffffffffff
        TEST_RR 25, clmulh, 0x0000000000000000, 0xffffffffffffffff, 1

        /* ---- Zbkx: xperm8, xperm4 ---- */
        /* byte i of the result is byte rs2[i] of rs1: indices 7..0 reverse */
        TEST_RR 26, xperm8, 0x1122334455667788, 0x8877665544332211, 0x0001020304050607
        /* indices 8 and up (0x08, 0x09, 0x10, 0xff) give 0 */
        TEST_RR 27, xperm8, 0x0000000011111188, 0x8877665544332211, 0x08ff091000000007
        /* nibbles: indices 0..3 pick d, c, b, a; the zero indices above
         * pick nibble 0 (d) */
        TEST_RR 28, xperm4, 0xddddddddddddabcd, 0x000000000000abcd, 0x0000000000003210
        /* identity table: the result is the index vector itself */
        TEST_RR 29, xperm4, 0x0123456789abcdef, 0xfedcba9876543210, 0x0123456789abcdef

        /* x0 as destination: nothing written, no trap */
        li      TESTNUM, 30
        li      a1, 0x1234
        pack    zero, a1, a1
        brev8   zero, a1
        xperm8  zero, a1, a1
        CHECK   zero, 0
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
