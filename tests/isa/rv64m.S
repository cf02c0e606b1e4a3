/* M extension (Unprivileged spec, "M" chapter): products (low, high signed,
 * high unsigned, high signed x unsigned, mulw), quotients and remainders
 * rounding toward zero, division by zero (quotient all ones, remainder =
 * dividend) and signed overflow (MIN / -1 = MIN, remainder 0), W forms
 * operating on the low words with sign-extended results.  Expected values were
 * computed with Python's arbitrary-precision integers, not by the emulator. */
#include "env.h"
RVTEST_CODE_BEGIN
        TEST_RR  1, mul   , 0x000000000000002a, 0x0000000000000007, 0x0000000000000006
        TEST_RR  2, mul   , 0xfffffffffffffff1, 0xfffffffffffffffd, 0x0000000000000005
        TEST_RR  3, mul   , 0xfffffffffffffffe, 0x7fffffffffffffff, 0x0000000000000002
        TEST_RR  4, mul   , 0x0000000000000000, 0x0000000100000000, 0x0000000100000000
        TEST_RR  5, mul   , 0x0000000000000001, 0xffffffffffffffff, 0xffffffffffffffff
        TEST_RR  6, mulh  , 0x0000000000000000, 0xffffffffffffffff, 0xffffffffffffffff
        TEST_RR  7, mulh  , 0x4000000000000000, 0x8000000000000000, 0x8000000000000000
        TEST_RR  8, mulh  , 0x3fffffffffffffff, 0x7fffffffffffffff, 0x7fffffffffffffff
        TEST_RR  9, mulh  , 0xffffffffffffffff, 0xfffffffffffffffe, 0x0000000000000003
        TEST_RR 10, mulh  , 0xc000000000000000, 0x8000000000000000, 0x7fffffffffffffff
        TEST_RR 11, mulhu , 0xfffffffffffffffe, 0xffffffffffffffff, 0xffffffffffffffff
        TEST_RR 12, mulhu , 0x0000000000000001, 0x8000000000000000, 0x0000000000000002
        TEST_RR 13, mulhu , 0x121fa00ad77d7422, 0x123456789abcdef0, 0xfedcba9876543210
        TEST_RR 14, mulhu , 0x0000000000000000, 0x0000000000000005, 0x0000000000000007
        TEST_RR 15, mulhsu, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffffffffffff
        TEST_RR 16, mulhsu, 0xfffffffffffffffe, 0xfffffffffffffffe, 0xffffffffffffffff
        TEST_RR 17, mulhsu, 0x7ffffffffffffffe, 0x7fffffffffffffff, 0xffffffffffffffff
        TEST_RR 18, mulhsu, 0xc000000000000000, 0x8000000000000000, 0x8000000000000000
        TEST_RR 19, mulhsu, 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000001
        TEST_RR 20, mulw  , 0xfffffffffffffffe, 0x000000007fffffff, 0x0000000000000002
        TEST_RR 21, mulw  , 0x0000000000000000, 0x0000000000010000, 0x0000000000010000
        TEST_RR 22, mulw  , 0x000000000000000f, 0xffffffff00000003, 0x0000001200000005
        TEST_RR 23, mulw  , 0x0000000000000001, 0xffffffffffffffff, 0xffffffffffffffff
        TEST_RR 24, mulw  , 0x0000000070b88d78, 0x0000000012345678, 0x0000000087654321
        TEST_RR 25, div   , 0x0000000000000003, 0x0000000000000014, 0x0000000000000006
        TEST_RR 26, div   , 0xfffffffffffffffd, 0xffffffffffffffec, 0x0000000000000006
        TEST_RR 27, div   , 0xfffffffffffffffd, 0x0000000000000014, 0xfffffffffffffffa
        TEST_RR 28, div   , 0x0000000000000003, 0xffffffffffffffec, 0xfffffffffffffffa
        TEST_RR 29, div   , 0x8000000000000000, 0x8000000000000000, 0xffffffffffffffff
        TEST_RR 30, div   , 0xffffffffffffffff, 0x0000000000000005, 0x0000000000000000
        TEST_RR 31, div   , 0xffffffffffffffff, 0xfffffffffffffffb, 0x0000000000000000
        TEST_RR 32, div   , 0xffffffffffffffff, 0x0000000000000000, 0x0000000000000000
        TEST_RR 33, divu  , 0x0000000000000003, 0x0000000000000014, 0x0000000000000006
        TEST_RR 34, divu  , 0x2aaaaaaaaaaaaaa7, 0xffffffffffffffec, 0x0000000000000006
        TEST_RR 35, divu  , 0x0000000000000000, 0x8000000000000000, 0xffffffffffffffff
        TEST_RR 36, divu  , 0xffffffffffffffff, 0x0000000000000005, 0x0000000000000000
        TEST_RR 37, divu  , 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000001
        TEST_RR 38, rem   , 0x0000000000000002, 0x0000000000000014, 0x0000000000000006
        TEST_RR 39, rem   , 0xfffffffffffffffe, 0xffffffffffffffec, 0x0000000000000006
        TEST_RR 40, rem   , 0x0000000000000002, 0x0000000000000014, 0xfffffffffffffffa
        TEST_RR 41, rem   , 0xfffffffffffffffe, 0xffffffffffffffec, 0xfffffffffffffffa
        TEST_RR 42, rem   , 0x0000000000000000, 0x8000000000000000, 0xffffffffffffffff
        TEST_RR 43, rem   , 0x0000000000000005, 0x0000000000000005, 0x0000000000000000
        TEST_RR 44, rem   , 0xfffffffffffffffb, 0xfffffffffffffffb, 0x0000000000000000
        TEST_RR 45, remu  , 0x0000000000000002, 0x0000000000000014, 0x0000000000000006
        TEST_RR 46, remu  , 0x0000000000000002, 0xffffffffffffffec, 0x0000000000000006
        TEST_RR 47, remu  , 0x0000000000000005, 0x0000000000000005, 0x0000000000000000
        TEST_RR 48, remu  , 0xffffffffffffffff, 0xffffffffffffffff, 0x0000000000000000
        TEST_RR 49, remu  , 0x8000000000000000, 0x8000000000000000, 0xffffffffffffffff
        TEST_RR 50, divw  , 0x0000000000000003, 0x0000000000000014, 0x0000000000000006
        TEST_RR 51, divw  , 0xfffffffffffffffd, 0xffffffffffffffec, 0x0000000000000006
        TEST_RR 52, divw  , 0xffffffff80000000, 0x0000000080000000, 0xffffffffffffffff
        TEST_RR 53, divw  , 0xffffffff80000000, 0xffffffff80000000, 0xffffffffffffffff
        TEST_RR 54, divw  , 0xffffffffffffffff, 0x0000000000000005, 0x0000000000000000
        TEST_RR 55, divw  , 0x0000000000000002, 0x0000000100000005, 0x0000000100000002
        TEST_RR 56, divw  , 0xffffffff80000000, 0x0000000080000000, 0x0000000000000001
        TEST_RR 57, divuw , 0x000000002aaaaaa7, 0xffffffffffffffec, 0x0000000000000006
        TEST_RR 58, divuw , 0xffffffff80000000, 0x0000000080000000, 0x0000000000000001
        TEST_RR 59, divuw , 0xffffffffffffffff, 0x0000000000000005, 0x0000000000000000
        TEST_RR 60, divuw , 0xffffffffffffffff, 0x00000000ffffffff, 0x0000000000000001
        TEST_RR 61, divuw , 0xffffffffffffffff, 0x00000001ffffffff, 0x0000000200000000
        TEST_RR 62, remw  , 0xfffffffffffffffe, 0xffffffffffffffec, 0x0000000000000006
        TEST_RR 63, remw  , 0x0000000000000002, 0x0000000000000014, 0xfffffffffffffffa
        TEST_RR 64, remw  , 0x0000000000000000, 0x0000000080000000, 0xffffffffffffffff
        TEST_RR 65, remw  , 0xffffffff80000005, 0xffffffff80000005, 0x0000000000000000
        TEST_RR 66, remw  , 0x0000000000000005, 0x0000000100000005, 0x0000000000000000
        TEST_RR 67, remw  , 0x000000007fffffff, 0x000000007fffffff, 0x0000000100000000
        TEST_RR 68, remuw , 0x0000000000000002, 0xffffffffffffffec, 0x0000000000000006
        TEST_RR 69, remuw , 0xffffffff80000005, 0x0000000080000005, 0x0000000000000000
        TEST_RR 70, remuw , 0x000000000000000f, 0x00000000ffffffff, 0x0000000000000010
        TEST_RR 71, remuw , 0x0000000000000007, 0x0000000100000007, 0x0000000100000000
        /* by -1 with a dividend other than MIN: the quotient is negated */
        TEST_RR 72, div   , 0xfffffffffffffffb, 0x0000000000000005, 0xffffffffffffffff
        TEST_RR 73, div   , 0x0000000000000007, 0xfffffffffffffff9, 0xffffffffffffffff
        TEST_RR 74, divw  , 0xfffffffffffffffb, 0x0000000000000005, 0xffffffffffffffff
        TEST_RR 75, divw  , 0x0000000000000007, 0x00000001fffffff9, 0x00000000ffffffff
        TEST_RR 76, rem   , 0x0000000000000000, 0x0000000000000005, 0xffffffffffffffff
        TEST_RR 77, remw  , 0x0000000000000000, 0xfffffffffffffff9, 0x00000000ffffffff

        /* mulh/mulhu/mulhsu followed by mul on the same operands (the
           fusion-friendly sequence) must still give both halves */
        li      TESTNUM, 100
        li      a1, 0x123456789abcdef0
        li      a2, 0x0fedcba987654321
        mulhu   a3, a1, a2
        mul     a4, a1, a2
        CHECK   a3, 0x0121fa00ad77d742
        CHECK   a4, 0x2236d88fe5618cf0

        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
