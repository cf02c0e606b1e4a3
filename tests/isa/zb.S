/* rvx-isa: rv64gc_zba_zbb_zbc_zbs */
/* Zba, Zbb, Zbc, Zbs (RISC-V Bit-Manipulation ISA-extensions v1.0.0,
 * RV64 forms): shift and rotate amounts 0 and 63 (31 for the W forms) and
 * register amounts beyond them (only the low 6 or 5 bits count), clz/ctz/
 * cpop of 0 and of all ones, orc.b, rev8, carry-less products of large
 * values, sign- and zero-extension of sign-bit values, rd = rs1 = rs2 and
 * x0 as rd.  Each expected value was worked out by hand from the spec's
 * definitions (the reasoning is beside the non-obvious ones), never taken
 * from the emulator.  TEST_RR also checks rd = rs1 and rd = rs2. */
#include "env.h"
RVTEST_CODE_BEGIN
        /* ---- Zba ---- */
        /* add.uw: zext32(rs1) + rs2 */
        TEST_RR  1, add.uw   , 0x0000000080000001, 0xffffffff80000000, 0x0000000000000001
        /* sh1add: (0x8000000000000001 << 1) loses bit 63 = 2; + 5 */
        TEST_RR  2, sh1add   , 0x0000000000000007, 0x8000000000000001, 0x0000000000000005
        TEST_RR  3, sh2add   , 0x000000000000001c, 0x0000000000000003, 0x0000000000000010
        /* sh3add: -1 << 3 = -8; + 8 = 0 */
        TEST_RR  4, sh3add   , 0x0000000000000000, 0xffffffffffffffff, 0x0000000000000008
        /* sh1add.uw: 0x80000000 << 1 = 0x1_0000_0000 (upper word of rs1 dropped) */
        TEST_RR  5, sh1add.uw, 0x0000000100000000, 0xffffffff80000000, 0x0000000000000000
        TEST_RR  6, sh2add.uw, 0x0000000000000005, 0x1234567800000001, 0x0000000000000001
        /* sh3add.uw: 0xffffffff << 3 = 0x7_ffff_fff8 */
        TEST_RR  7, sh3add.uw, 0x00000007fffffff8, 0xffffffffffffffff, 0x0000000000000000
        TEST_RI  8, slli.uw  , 0x0000000080000001, 0xffffffff80000001, 0
        TEST_RI  9, slli.uw  , 0x8000000000000000, 0xffffffff80000001, 63
        TEST_RI 10, slli.uw  , 0x8000000100000000, 0xffffffff80000001, 32

        /* ---- Zbb: logic with negate ---- */
        /* andn: 0xff00.. & ~0x0f0f.. = 0xff00.. & 0xf0f0.. */
        TEST_RR 11, andn     , 0xf000f000f000f000, 0xff00ff00ff00ff00, 0x0f0f0f0f0f0f0f0f
        TEST_RR 12, orn      , 0xf0f0f0f0f0f0f0f0, 0x0000000000000000, 0x0f0f0f0f0f0f0f0f
        TEST_RR 13, xnor     , 0x0000000000000000, 0x5555555555555555, 0xaaaaaaaaaaaaaaaa
        TEST_RR 14, xnor     , 0xffffffffffffffff, 0x0000000000000000, 0x0000000000000000

        /* ---- Zbb: counts (of 0: XLEN, or 32 for the W forms) ---- */
        TEST_R  15, clz      , 64, 0x0000000000000000
        TEST_R  16, clz      , 0 , 0xffffffffffffffff
        TEST_R  17, clz      , 63, 0x0000000000000001
        TEST_R  18, clz      , 32, 0x00000000ffffffff
        TEST_R  19, ctz      , 64, 0x0000000000000000
        TEST_R  20, ctz      , 0 , 0xffffffffffffffff
        TEST_R  21, ctz      , 63, 0x8000000000000000
        TEST_R  22, ctz      , 32, 0x0000000100000000
        TEST_R  23, cpop     , 0 , 0x0000000000000000
        TEST_R  24, cpop     , 64, 0xffffffffffffffff
        TEST_R  25, cpop     , 32, 0x5555555555555555
        TEST_R  26, clzw     , 32, 0x0000000000000000
        TEST_R  27, clzw     , 32, 0xffffffff00000000   /* only the low word counts */
        TEST_R  28, clzw     , 0 , 0x00000000ffffffff
        TEST_R  29, clzw     , 31, 0x0000000000000001
        TEST_R  30, clzw     , 16, 0x0000000000008000
        TEST_R  31, ctzw     , 32, 0x0000000000000000
        TEST_R  32, ctzw     , 32, 0xffffffff00000000
        TEST_R  33, ctzw     , 31, 0x0000000080000000
        TEST_R  34, ctzw     , 0 , 0xffffffffffffffff
        TEST_R  35, cpopw    , 32, 0xffffffffffffffff
        TEST_R  36, cpopw    , 0 , 0xffffffff00000000
        TEST_R  37, cpopw    , 2 , 0x0000000080000001

        /* ---- Zbb: extension ---- */
        TEST_R  38, sext.b   , 0xffffffffffffff80, 0x0000000000000080
        TEST_R  39, sext.b   , 0x000000000000007f, 0x12345678abcdef7f
        TEST_R  40, sext.b   , 0xffffffffffffffff, 0x00000000000000ff
        TEST_R  41, sext.h   , 0xffffffffffff8000, 0x0000000000008000
        TEST_R  42, sext.h   , 0x0000000000007fff, 0xffffffff00007fff
        TEST_R  43, zext.h   , 0x0000000000008000, 0xffffffffffff8000
        TEST_R  44, zext.h   , 0x000000000000ffff, 0xffffffffffffffff

        /* ---- Zbb: min/max (signed and unsigned order) ---- */
        TEST_RR 45, max      , 0x0000000000000001, 0xffffffffffffffff, 0x0000000000000001
        TEST_RR 46, maxu     , 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000001
        TEST_RR 47, min      , 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000001
        TEST_RR 48, minu     , 0x0000000000000001, 0xffffffffffffffff, 0x0000000000000001
        TEST_RR 49, max      , 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff
        TEST_RR 50, min      , 0x8000000000000000, 0x8000000000000000, 0x7fffffffffffffff

        /* ---- Zbb: rotates ---- */
        TEST_RR 51, rol      , 0x0000000000000003, 0x8000000000000001, 1
        TEST_RR 52, rol      , 0x8000000000000001, 0x8000000000000001, 0
        /* rol by 63 = ror by 1: bit 0 -> 63, bit 63 -> 62 */
        TEST_RR 53, rol      , 0xc000000000000000, 0x8000000000000001, 63
        TEST_RR 54, rol      , 0x0000000000000003, 0x8000000000000001, 65   /* 65 & 63 = 1 */
        TEST_RR 55, ror      , 0xc000000000000000, 0x8000000000000001, 1
        TEST_RR 56, ror      , 0x0000000000000003, 0x8000000000000001, 63
        TEST_RR 57, ror      , 0x8000000000000001, 0x8000000000000001, 64   /* 64 & 63 = 0 */
        TEST_RR 58, rolw     , 0x0000000000000003, 0x0000000080000001, 1
        /* rolw by 31 = rorw by 1: 0x80000001 -> 0xc0000000, sign-extended */
        TEST_RR 59, rolw     , 0xffffffffc0000000, 0x0000000080000001, 31
        TEST_RR 60, rolw     , 0xffffffff80000001, 0x0000000080000001, 32   /* 32 & 31 = 0 */
        TEST_RR 61, rorw     , 0xffffffff80000000, 0xffffffff00000001, 1
        TEST_RR 62, rorw     , 0x0000000000000001, 0xffffffff00000001, 0
        TEST_RR 63, rorw     , 0x0000000000000002, 0xffffffff00000001, 31
        /* rori by 4: the low nibble f moves to the top */
        TEST_RI 64, rori     , 0xf0123456789abcde, 0x0123456789abcdef, 4
        TEST_RI 65, rori     , 0x0123456789abcdef, 0x0123456789abcdef, 0
        /* rori by 63 = rol by 1: 0x0123456789abcdef * 2 (bit 63 was 0) */
        TEST_RI 66, rori     , 0x02468acf13579bde, 0x0123456789abcdef, 63
        /* roriw by 4: 0x12345678 -> 0x81234567, sign-extended */
        TEST_RI 67, roriw    , 0xffffffff81234567, 0x0000000012345678, 4
        /* roriw by 31 = rolw by 1: 0x12345678 * 2 = 0x2468acf0 */
        TEST_RI 68, roriw    , 0x000000002468acf0, 0xffffffff12345678, 31
        TEST_RI 69, roriw    , 0xffffffff80000000, 0x0000000080000000, 0

        /* ---- Zbb: bytes ---- */
        /* orc.b: bytes 00 01 00 80 00 ff 00 10 -> 00 ff 00 ff 00 ff 00 ff */
        TEST_R  70, orc.b    , 0x00ff00ff00ff00ff, 0x0001008000ff0010
        TEST_R  71, orc.b    , 0x0000000000000000, 0x0000000000000000
        TEST_R  72, orc.b    , 0xff000000000000ff, 0x8000000000000001
        TEST_R  73, rev8     , 0xefcdab8967452301, 0x0123456789abcdef
        TEST_R  74, rev8     , 0xff00000000000000, 0x00000000000000ff

        /* ---- Zbc: the 127-bit carry-less product p = rs1 (x) rs2;
         * clmul = p[63:0], clmulh = p[127:64], clmulr = p[126:63] ---- */
        /* 3 (x) 3 = 0b11 ^ 0b110 = 0b101 */
        TEST_RR 75, clmul    , 0x0000000000000005, 0x0000000000000003, 0x0000000000000003
        TEST_RR 76, clmul    , 0x0000000000000002, 0x8000000000000001, 0x0000000000000002
        /* 2^63 (x) 2^63 = 2^126: clmulh bit 62, clmulr bit 63 */
        TEST_RR 77, clmulh   , 0x4000000000000000, 0x8000000000000000, 0x8000000000000000
        TEST_RR 78, clmulr   , 0x8000000000000000, 0x8000000000000000, 0x8000000000000000
        /* all ones (x) all ones: over GF(2) (sum x^i)^2 = sum x^2i (the cross
         * terms cancel in pairs), so p has exactly the even bits 0..126:
         * p[63:0] = p[127:64] = 0x5555..., p[126:63] has the odd bits */
        TEST_RR 79, clmul    , 0x5555555555555555, 0xffffffffffffffff, 0xffffffffffffffff
        TEST_RR 80, clmulh   , 0x5555555555555555, 0xffffffffffffffff, 0xffffffffffffffff
        TEST_RR 81, clmulr   , 0xaaaaaaaaaaaaaaaa, 0xffffffffffffffff, 0xffffffffffffffff
        TEST_RR 82, clmulh   , 0x0000000000000000, 0x0000000000000003, 0x0000000000000003
        /* 2^63 (x) 2 = 2^64: clmulh bit 0; 2^63 (x) 1 = 2^63: clmulr bit 0 */
        TEST_RR 83, clmulh   , 0x0000000000000001, 0x8000000000000000, 0x0000000000000002
        TEST_RR 84, clmulr   , 0x0000000000000001, 0x8000000000000000, 0x0000000000000001
        TEST_RR 85, clmulr   , 0x0000000000000000, 0x0000000000000001, 0x0000000000000001

        /* ---- Zbs (register index: its low 6 bits) ---- */
        TEST_RR 86, bclr     , 0x7fffffffffffffff, 0xffffffffffffffff, 63
        TEST_RR 87, bclr     , 0xfffffffffffffffe, 0xffffffffffffffff, 64
        TEST_RR 88, bext     , 0x0000000000000001, 0x8000000000000000, 63
        TEST_RR 89, bext     , 0x0000000000000001, 0x0000000000000001, 64
        TEST_RR 90, bext     , 0x0000000000000000, 0x0000000000000001, 1
        TEST_RR 91, binv     , 0x8000000000000000, 0x0000000000000000, 63
        TEST_RR 92, binv     , 0x0000000000000000, 0x0000000000000001, 0
        TEST_RR 93, bset     , 0x8000000000000000, 0x0000000000000000, 127
        TEST_RR 94, bset     , 0x0000000000000001, 0x0000000000000000, 0
        TEST_RI 95, bclri    , 0x7fffffffffffffff, 0xffffffffffffffff, 63
        TEST_RI 96, bclri    , 0xfffffffffffffffe, 0xffffffffffffffff, 0
        TEST_RI 97, bexti    , 0x0000000000000001, 0x8000000000000000, 63
        TEST_RI 98, bexti    , 0x0000000000000000, 0x0000000000000002, 0
        TEST_RI 99, binvi    , 0x8000000000000000, 0x0000000000000000, 63
        TEST_RI 100, binvi   , 0x0000000000000000, 0x0000000000000001, 0
        TEST_RI 101, bseti   , 0x0000000000000001, 0x0000000000000000, 0
        TEST_RI 102, bseti   , 0x8000000000000000, 0x0000000000000000, 63

        /* ---- rd = rs1 = rs2 ---- */
        li      TESTNUM, 103
        li      a0, 0x8000000000000001
        rol     a0, a0, a0          /* amount 0x...01 & 63 = 1 */
        CHECK   a0, 0x0000000000000003
        li      TESTNUM, 104
        li      a0, 3
        clmul   a0, a0, a0
        CHECK   a0, 0x0000000000000005
        li      TESTNUM, 105
        li      a0, 0x00000000000000ff
        sh3add  a0, a0, a0          /* 0xff * 8 + 0xff = 0x8f7 */
        CHECK   a0, 0x00000000000008f7
        li      TESTNUM, 106
        li      a0, 0x0000000000000005
        bset    a0, a0, a0          /* 5 | 1 << 5 */
        CHECK   a0, 0x0000000000000025
        li      TESTNUM, 107
        li      a0, 0xffffffffffffffff
        andn    a0, a0, a0
        CHECK   a0, 0

        /* ---- x0 as rd: no effect ---- */
        li      TESTNUM, 108
        li      a1, 0x0123456789abcdef
        li      a2, 5
        clz     x0, a1
        rev8    x0, a1
        clmulh  x0, a1, a1
        sh1add  x0, a1, a2
        rori    x0, a1, 7
        bseti   x0, a1, 63
        CHECK   x0, 0
        add     a0, x0, x0
        CHECK   a0, 0

        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
