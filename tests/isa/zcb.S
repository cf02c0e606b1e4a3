/* rvx-isa: rv64gc_zba_zbb_zcb */
/* rvx-qemu-cpu: none */
/* Zcb (Zc v1.0, RV64): every form with edge values, and its reserved
 * encodings.  binutils 2.40 has no Zcb: the parcels are built by the
 * macros below from the spec's field tables (CLB/CLH/CSB/CSH formats:
 * funct6 | rs1' 9:7 | uimm 6:5 | rd'/rs2' 4:2 | op; CU/CA: funct6 100111 |
 * rd' 9:7 | funct2 6:5 | funct3 or rs2' 4:2 | 01), register arguments as
 * x numbers 8..15.  Expected values by hand: zero/sign extension of a
 * value whose top kept bit is set, c.not, the low 64 bits of products,
 * each load/store offset, neighbours of a store untouched.  Also: a
 * compressed load that faults reports the parcel's pc (mepc) and the
 * address (mtval); c.sext.w is c.addiw rd, 0 (an RV64C encoding). */
#include "env.h"

.macro C_LS f6, rp, rs1p, uimm6_5
        .half (\f6 << 10) | ((\rs1p - 8) << 7) | ((\uimm6_5) << 5) | ((\rp - 8) << 2)
.endm
/* uimm[0|1] in bits 6:5 (c.lbu, c.sb); uimm[1] in bit 5 (halfwords) */
.macro C_LBU rd, off, rs1
        C_LS 0x20, \rd, \rs1, (((\off)&1)<<1)|((\off)>>1)
.endm
.macro C_LHU rd, off, rs1
        C_LS 0x21, \rd, \rs1, ((\off)>>1)
.endm
.macro C_LH rd, off, rs1
        C_LS 0x21, \rd, \rs1, 2|((\off)>>1)
.endm
.macro C_SB rs2, off, rs1
        C_LS 0x22, \rs2, \rs1, (((\off)&1)<<1)|((\off)>>1)
.endm
.macro C_SH rs2, off, rs1
        C_LS 0x23, \rs2, \rs1, ((\off)>>1)
.endm
.macro C_UNARY f3, rd
        .half 0x9c61 | ((\rd - 8) << 7) | (\f3 << 2)
.endm
.macro C_ZEXT_B rd
        C_UNARY 0, \rd
.endm
.macro C_SEXT_B rd
        C_UNARY 1, \rd
.endm
.macro C_ZEXT_H rd
        C_UNARY 2, \rd
.endm
.macro C_SEXT_H rd
        C_UNARY 3, \rd
.endm
.macro C_ZEXT_W rd
        C_UNARY 4, \rd
.endm
.macro C_NOT rd
        C_UNARY 5, \rd
.endm
.macro C_MUL rd, rs2
        .half 0x9c41 | ((\rd - 8) << 7) | ((\rs2 - 8) << 2)
.endm

/* x10 = a0, x11 = a1 */
.macro TEST_CU n, op, res, val
        li      TESTNUM, \n
        li      a0, \val
        \op     10
        CHECK   a0, \res
.endm

RVTEST_CODE_BEGIN
        /* ---- unary forms ---- */
        TEST_CU  1, C_ZEXT_B, 0x0000000000000080, 0xffffffffffffff80
        TEST_CU  2, C_SEXT_B, 0xffffffffffffff80, 0x0000000000000080
        TEST_CU  3, C_SEXT_B, 0x000000000000007f, 0xffffffffffffff7f
        TEST_CU  4, C_ZEXT_H, 0x0000000000008000, 0xffffffffffff8000
        TEST_CU  5, C_SEXT_H, 0xffffffffffff8000, 0x0000000000008000
        TEST_CU  6, C_SEXT_H, 0x0000000000007fff, 0xffffffffffff7fff
        TEST_CU  7, C_ZEXT_W, 0x0000000080000000, 0xffffffff80000000
        TEST_CU  8, C_NOT   , 0xedcba9876543210f, 0x123456789abcdef0
        TEST_CU  9, C_NOT   , 0x0000000000000000, 0xffffffffffffffff
        /* c.sext.w a0 = c.addiw a0, 0: 001 0 01010 00000 01 */
        li      TESTNUM, 10
        li      a0, 0x00000000ffffffff
        .half   0x2501
        CHECK   a0, 0xffffffffffffffff

        /* ---- c.mul: the low 64 bits of the product ---- */
        li      TESTNUM, 11
        li      a0, -1
        li      a1, 3
        C_MUL   10, 11
        CHECK   a0, -3
        li      TESTNUM, 12
        li      a0, 0x100000001
        li      a1, 0x100000001
        C_MUL   10, 11          /* 2^64 + 2^33 + 1: 2^64 drops out */
        CHECK   a0, 0x0000000200000001
        li      TESTNUM, 13
        li      a0, 0x8000000000000000
        C_MUL   10, 10          /* rd = rs2: 2^126 -> 0 */
        CHECK   a0, 0

        /* ---- loads: every offset ---- */
        la      a1, data
        li      TESTNUM, 14
        C_LBU   10, 0, 11
        CHECK   a0, 0x81
        li      TESTNUM, 15
        C_LBU   10, 1, 11
        CHECK   a0, 0x82
        li      TESTNUM, 16
        C_LBU   10, 2, 11
        CHECK   a0, 0x03
        li      TESTNUM, 17
        C_LBU   10, 3, 11
        CHECK   a0, 0xf4
        li      TESTNUM, 18
        C_LHU   10, 0, 11
        CHECK   a0, 0x8281
        li      TESTNUM, 19
        C_LHU   10, 2, 11
        CHECK   a0, 0xf403
        li      TESTNUM, 20
        C_LH    10, 0, 11
        CHECK   a0, 0xffffffffffff8281
        li      TESTNUM, 21
        C_LH    10, 2, 11
        CHECK   a0, 0xfffffffffffff403
        li      TESTNUM, 22
        C_LH    11, 2, 11       /* rd = rs1 */
        CHECK   a1, 0xfffffffffffff403

        /* ---- stores: only the addressed byte/halfword changes ---- */
        la      a1, sbuf
        li      a0, 0x1122334455667788
        li      TESTNUM, 23
        C_SB    10, 3, 11
        ld      t0, 0(a1)
        CHECK   t0, 0x0000000088000000
        li      TESTNUM, 24
        C_SB    10, 0, 11
        C_SB    10, 1, 11
        ld      t0, 0(a1)
        CHECK   t0, 0x0000000088008888
        li      TESTNUM, 25
        sd      zero, 0(a1)
        C_SH    10, 2, 11
        ld      t0, 0(a1)
        CHECK   t0, 0x0000000077880000
        li      TESTNUM, 26
        C_SH    10, 0, 11
        ld      t0, 0(a1)
        CHECK   t0, 0x0000000077887788

        /* ---- a faulting compressed load: precise pc and address ---- */
        li      a1, 0x10            /* nothing mapped at 0x12 */
        TEST_TRAP 27, CAUSE_LOAD_ACCESS, C_LHU 10, 2, 11
        TRAP_TVAL a0
        CHECK   a0, 0x12

        /* ---- reserved: illegal, mtval = the parcel ---- */
        /* c.sh with bit 6 set: 100 011 000 10 000 00 */
        TEST_TRAP 28, CAUSE_ILLEGAL, .half 0x8c40
        TRAP_TVAL a0
        CHECK   a0, 0x8c40
        /* quadrant 0 funct6 100100: 100 100 000 00 000 00 */
        TEST_TRAP 29, CAUSE_ILLEGAL, .half 0x9000
        TRAP_TVAL a0
        CHECK   a0, 0x9000
        /* funct6 100111 funct2 11, bits 4:2 = 110 and 111 */
        TEST_TRAP 30, CAUSE_ILLEGAL, .half 0x9c79
        TRAP_TVAL a0
        CHECK   a0, 0x9c79
        TEST_TRAP 31, CAUSE_ILLEGAL, .half 0x9ffd
        TRAP_TVAL a0
        CHECK   a0, 0x9ffd
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
        .align  3
data:   .byte   0x81, 0x82, 0x03, 0xf4, 0, 0, 0, 0
sbuf:   .dword  0
RVTEST_DATA_END
