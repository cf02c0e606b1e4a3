/* rvx-isa: rv64gc_zimop_zcmop */
/* rvx-qemu-cpu: none */
/* Zimop and Zcmop (may-be-operations v1.0): every mop.r.N (N = 0..31) and
 * mop.rr.N (N = 0..7) writes 0 to rd, whatever rs1/rs2 hold, rd = rs1
 * included; with rd = x0 it does nothing.  Every c.mop.N (N = 1, 3, ...,
 * 15) writes nothing at all: the registers it could one day read (xN)
 * keep their values.  binutils 2.40 has neither extension: the words come
 * from the field tables (mop.r.N: 1 n4 00 n3:2 0111 n1:0 rs1 100 rd
 * 1110011; mop.rr.N: 1 n2 00 n1:0 1 rs2 rs1 100 rd 1110011; c.mop.N:
 * 011 0 N 00000 01, the c.lui xN, 0 encoding c.lui reserves). */
#include "env.h"

#define MOP_R(n, rd, rs1) (0x81c04073 | (((n) >> 4) & 1) << 30 | (((n) >> 2) & 3) << 26 | ((n) & 3) << 20 | (rs1) << 15 | (rd) << 7)
#define MOP_RR(n, rd, rs1, rs2) (0x82004073 | (((n) >> 2) & 1) << 30 | ((n) & 3) << 26 | (rs2) << 20 | (rs1) << 15 | (rd) << 7)

RVTEST_CODE_BEGIN
        /* mop.r.N a0, a1 and mop.r.N a1, a1 (x10, x11) */
        li      TESTNUM, 1
        .irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
        li      a0, -1
        li      a1, 0x123456789
        .word   MOP_R(\n, 10, 11)
        CHECK   a0, 0
        CHECK   a1, 0x123456789
        .word   MOP_R(\n, 11, 11)
        CHECK   a1, 0
        .endr
        /* mop.rr.N a0, a1, a2 and rd = rs1 = rs2 */
        li      TESTNUM, 2
        .irp n, 0, 1, 2, 3, 4, 5, 6, 7
        li      a0, -1
        li      a1, 5
        li      a2, 6
        .word   MOP_RR(\n, 10, 11, 12)
        CHECK   a0, 0
        CHECK   a1, 5
        CHECK   a2, 6
        .word   MOP_RR(\n, 12, 12, 12)
        CHECK   a2, 0
        .endr
        /* rd = x0: a no-op, no trap */
        li      TESTNUM, 3
        .word   MOP_R(31, 0, 11)
        .word   MOP_RR(7, 0, 11, 12)
        CHECK   zero, 0

        /* c.mop.N: x1..x15 keep their values (x1 = ra, x3 = gp hold
         * TESTNUM and the return address: set them all to known values) */
        li      TESTNUM, 4
        .irp r, 1, 5, 7, 9, 11, 13, 15
        li      x\r, 0x1000 + \r
        .endr
        .irp n, 1, 3, 5, 7, 9, 11, 13, 15
        .half   0x6001 | (\n << 7)
        .endr
        .irp r, 1, 5, 7, 9, 11, 13, 15
        CHECK   x\r, 0x1000 + \r
        .endr
        li      TESTNUM, 5
        .half   0x6181          /* c.mop.3: gp (TESTNUM) untouched */
        CHECK   gp, 5
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
