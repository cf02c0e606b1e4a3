/* rvx-isa: rv64gc_zicond */
/* rvx-qemu-cpu: none */
/* Zicond (integer conditional operations, v1.0.0): czero.eqz rd, rs1, rs2
 * is rd = (rs2 == 0) ? 0 : rs1, czero.nez is rd = (rs2 != 0) ? 0 : rs1.
 * Edge cases: rs2 whose only set bit is 63 or 0 (the test is on all 64
 * bits), rd = rs1 = rs2, x0 as rs1, rs2 and rd.  binutils 2.40 has no
 * Zicond: the encodings (OP, funct7 0000111, funct3 101 / 111) go through
 * .insn; the two words checked in zicond_off.S were worked out from the
 * spec's encoding table. */
#include "env.h"

.macro czero.eqz rd, rs1, rs2
        .insn r 0x33, 5, 0x07, \rd, \rs1, \rs2
.endm
.macro czero.nez rd, rs1, rs2
        .insn r 0x33, 7, 0x07, \rd, \rs1, \rs2
.endm

RVTEST_CODE_BEGIN
        /* TEST_RR also checks rd = rs1 and rd = rs2 */
        TEST_RR  1, czero.eqz, 0x0000000000000000, 0x123456789abcdef0, 0
        TEST_RR  2, czero.eqz, 0x123456789abcdef0, 0x123456789abcdef0, 1
        TEST_RR  3, czero.eqz, 0x123456789abcdef0, 0x123456789abcdef0, 0x8000000000000000
        TEST_RR  4, czero.eqz, 0xffffffffffffffff, 0xffffffffffffffff, 0xffffffff00000000
        TEST_RR  5, czero.nez, 0x123456789abcdef0, 0x123456789abcdef0, 0
        TEST_RR  6, czero.nez, 0x0000000000000000, 0x123456789abcdef0, 1
        TEST_RR  7, czero.nez, 0x0000000000000000, 0x123456789abcdef0, 0x8000000000000000
        TEST_RR  8, czero.nez, 0x0000000000000000, 0xffffffffffffffff, 0x0000000100000000

        /* rd = rs1 = rs2: eqz keeps a nonzero value, nez zeroes it; zero
         * stays zero either way */
        li      TESTNUM, 9
        li      a0, 0x8000000000000000
        czero.eqz a0, a0, a0
        CHECK   a0, 0x8000000000000000
        li      TESTNUM, 10
        li      a0, 0x8000000000000000
        czero.nez a0, a0, a0
        CHECK   a0, 0
        li      TESTNUM, 11
        li      a0, 0
        czero.eqz a0, a0, a0
        CHECK   a0, 0

        /* x0 as rs2 reads zero: eqz gives 0, nez gives rs1 */
        li      TESTNUM, 12
        li      a1, 77
        czero.eqz a0, a1, x0
        CHECK   a0, 0
        li      TESTNUM, 13
        czero.nez a0, a1, x0
        CHECK   a0, 77
        /* x0 as rs1: always 0 */
        li      TESTNUM, 14
        li      a0, 5
        czero.eqz a0, x0, a1
        CHECK   a0, 0
        /* x0 as rd: no effect */
        li      TESTNUM, 15
        czero.nez x0, a1, x0
        CHECK   x0, 0

        /* a select built the way compilers emit it under Zicond:
         * rd = c ? a : b = czero.eqz(a, c) | czero.nez(b, c) */
        li      TESTNUM, 16
        li      a1, 111
        li      a2, 222
        li      a3, 1
        czero.eqz t0, a1, a3
        czero.nez t1, a2, a3
        or      a0, t0, t1
        CHECK   a0, 111
        li      TESTNUM, 17
        li      a3, 0
        czero.eqz t0, a1, a3
        czero.nez t1, a2, a3
        or      a0, t0, t1
        CHECK   a0, 222

        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
