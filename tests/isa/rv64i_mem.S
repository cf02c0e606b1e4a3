/* RV64I loads and stores of every width with sign/zero extension, stores that
 * only touch their own bytes, misaligned accesses (rvx implements them in
 * hardware, which the Unprivileged spec permits: "Misaligned Accesses"), also
 * across a 4 KiB page boundary, and fence. */
#include "env.h"

.macro TEST_LD n, insn, res, off
        li      TESTNUM, \n
        la      a1, tdata
        \insn   a0, \off(a1)
        CHECK   a0, \res
.endm

RVTEST_CODE_BEGIN
        /* tdata = 00 ff 80 7f 01 80 ff 7f | 88 77 66 55 44 33 22 11 (bytes) */
        TEST_LD  1, lb,  0xffffffffffffffff, 1
        TEST_LD  2, lb,  0xffffffffffffff80, 2
        TEST_LD  3, lb,  0x000000000000007f, 3
        TEST_LD  4, lbu, 0x00000000000000ff, 1
        TEST_LD  5, lbu, 0x0000000000000080, 2
        TEST_LD  6, lh,  0xffffffffffffff00, 0
        TEST_LD  7, lh,  0x0000000000007f80, 2
        TEST_LD  8, lhu, 0x000000000000ff00, 0
        TEST_LD  9, lh,  0xffffffffffff8001, 4
        TEST_LD 10, lw,  0x000000007f80ff00, 0
        TEST_LD 11, lw,  0x000000007fff8001, 4
        TEST_LD 12, lw,  0x0000000055667788, 8
        TEST_LD 13, lw,  0x0000000011223344, 12
        TEST_LD 14, lwu, 0x000000007f80ff00, 0
        TEST_LD 15, ld,  0x7fff80017f80ff00, 0
        TEST_LD 16, ld,  0x1122334455667788, 8
        /* negative offsets */
        li      TESTNUM, 17
        la      a1, tdata + 16
        lw      a0, -4(a1)
        CHECK   a0, 0x11223344
        lbu     a0, -16(a1)
        CHECK   a0, 0
        /* sign bit set in lw vs lwu */
        li      TESTNUM, 18
        la      a1, tneg
        lw      a0, 0(a1)
        CHECK   a0, 0xffffffff80000001
        lwu     a0, 0(a1)
        CHECK   a0, 0x0000000080000001
        lh      a0, 2(a1)
        CHECK   a0, 0xffffffffffff8000
        lhu     a0, 2(a1)
        CHECK   a0, 0x8000

        /* stores write exactly their width */
        li      TESTNUM, 19
        la      a1, buf
        li      a2, -1
        sd      a2, 0(a1)
        li      a2, 0x1122334455667788
        sb      a2, 0(a1)
        ld      a0, 0(a1)
        CHECK   a0, 0xffffffffffffff88
        sh      a2, 2(a1)
        ld      a0, 0(a1)
        CHECK   a0, 0xffffffff7788ff88
        sw      a2, 4(a1)
        ld      a0, 0(a1)
        CHECK   a0, 0x556677887788ff88
        sd      a2, 0(a1)
        ld      a0, 0(a1)
        CHECK   a0, 0x1122334455667788
        /* store then load back with a negative offset */
        li      TESTNUM, 20
        la      a1, buf + 16
        li      a2, 0xcafe
        sh      a2, -6(a1)
        lhu     a0, -6(a1)
        CHECK   a0, 0xcafe
        lh      a0, -6(a1)
        CHECK   a0, 0xffffffffffffcafe

        /* misaligned loads within a page: every width at odd offsets */
        TEST_LD 21, lh,  0xffffffffffff80ff, 1
        TEST_LD 22, lhu, 0x00000000000080ff, 1
        TEST_LD 23, lw,  0x00000000017f80ff, 1
        TEST_LD 24, lw,  0xffffffffff80017f, 3
        TEST_LD 25, lwu, 0x00000000ff80017f, 3
        TEST_LD 26, ld,  0x887fff80017f80ff, 1
        TEST_LD 27, ld,  0x44556677887fff80, 5
        TEST_LD 28, ld,  0x0111223344556677, 9   /* last byte from tneg */

        /* misaligned stores: write then read back both whole and bytewise */
        li      TESTNUM, 29
        la      a1, buf
        sd      zero, 0(a1)
        sd      zero, 8(a1)
        li      a2, 0x0102030405060708
        sd      a2, 3(a1)
        ld      a0, 3(a1)
        CHECK   a0, 0x0102030405060708
        ld      a0, 0(a1)
        CHECK   a0, 0x0405060708000000
        ld      a0, 8(a1)
        CHECK   a0, 0x0000000000010203
        li      TESTNUM, 30
        li      a2, 0xaabbccdd
        sw      a2, 13(a1)
        lbu     a0, 13(a1)
        CHECK   a0, 0xdd
        lbu     a0, 16(a1)
        CHECK   a0, 0xaa
        lw      a0, 13(a1)
        CHECK   a0, 0xffffffffaabbccdd
        li      TESTNUM, 31
        li      a2, 0x1234
        sh      a2, 7(a1)
        ld      a0, 0(a1)
        CHECK   a0, 0x3405060708000000
        lbu     a0, 8(a1)
        CHECK   a0, 0x12

        /* misaligned across a 4 KiB page boundary */
        li      TESTNUM, 32
        la      a1, page1                  /* page-aligned */
        li      a2, 0x8877665544332211
        sd      a2, -3(a1)                 /* 3 bytes in page0, 5 in page1 */
        lbu     a0, -3(a1)
        CHECK   a0, 0x11
        lbu     a0, -1(a1)
        CHECK   a0, 0x33
        lbu     a0, 0(a1)
        CHECK   a0, 0x44
        lbu     a0, 4(a1)
        CHECK   a0, 0x88
        ld      a0, -3(a1)
        CHECK   a0, 0x8877665544332211
        li      TESTNUM, 33
        ld      a0, -7(a1)                 /* bytes -7..-4 were zero */
        CHECK   a0, 0x4433221100000000
        lw      a0, -2(a1)
        CHECK   a0, 0x55443322
        lh      a0, -1(a1)
        CHECK   a0, 0x4433
        lwu     a0, -1(a1)
        CHECK   a0, 0x66554433
        li      TESTNUM, 34
        li      a2, 0xfedc
        sh      a2, -1(a1)
        lbu     a0, -1(a1)
        CHECK   a0, 0xdc
        lbu     a0, 0(a1)
        CHECK   a0, 0xfe
        lh      a0, -1(a1)
        CHECK   a0, 0xfffffffffffffedc
        li      a2, 0x99aabbcc
        sw      a2, -2(a1)
        ld      a0, -3(a1)
        CHECK   a0, 0x88776699aabbcc11

        /* fence variants are ordering only in a single hart: results unchanged */
        li      TESTNUM, 35
        la      a1, buf
        li      a2, 77
        sd      a2, 0(a1)
        fence
        fence   rw, rw
        fence   w, r
        fence.tso
        ld      a0, 0(a1)
        CHECK   a0, 77

        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
        .align  4
tdata:  .byte 0x00, 0xff, 0x80, 0x7f, 0x01, 0x80, 0xff, 0x7f
        .byte 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11
tneg:   .word 0x80000001
        .align  4
buf:    .skip   32
        .align  12
page0:  .skip   4096
page1:  .skip   4096
RVTEST_DATA_END
