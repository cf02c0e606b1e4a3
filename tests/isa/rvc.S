/* C extension: every RV64C instruction form, written with explicit c.*
 * mnemonics so the assembler must emit the 16-bit encodings, and checked
 * against the result of the equivalent base instruction (spec: "C" chapter,
 * RVC instruction set listings). */
#include "env.h"

RVTEST_CODE_BEGIN
        .option push
        .option rvc
        .option norelax

        /* ---- CI: c.li, c.lui, c.addi, c.addiw, c.slli, c.nop */
        li      TESTNUM, 1
        c.li    a0, -32                 /* 6-bit signed immediate */
        CHECK   a0, -32
        c.li    a0, 31
        CHECK   a0, 31
        li      TESTNUM, 2
        c.lui   a1, 0x1f                /* nzimm[17:12] */
        CHECK   a1, 0x1f000
        c.lui   a1, 0xfffe0             /* sign bit of the 6-bit field: negative */
        CHECK   a1, 0xfffffffffffe0000
        li      TESTNUM, 3
        li      a2, 100
        c.addi  a2, -1
        CHECK   a2, 99
        c.addi  a2, 31
        CHECK   a2, 130
        li      TESTNUM, 4
        li      a3, 0x7fffffff
        c.addiw a3, 1                   /* 32-bit add, sign-extended */
        CHECK   a3, 0xffffffff80000000
        li      a3, 0x123456789
        c.addiw a3, 0                   /* sext.w */
        CHECK   a3, 0x23456789
        li      TESTNUM, 5
        li      a4, 1
        c.slli  a4, 63
        CHECK   a4, 0x8000000000000000
        c.nop
        CHECK   a4, 0x8000000000000000

        /* ---- CIW / CI stack forms: c.addi4spn, c.addi16sp */
        li      TESTNUM, 6
        mv      s1, sp
        c.addi4spn a0, sp, 1020         /* nzuimm, multiple of 4 */
        sub     a0, a0, s1
        CHECK   a0, 1020
        c.addi4spn s0, sp, 4
        sub     s0, s0, s1
        CHECK   s0, 4
        li      TESTNUM, 7
        c.addi16sp sp, -512
        sub     a0, s1, sp
        CHECK   a0, 512
        c.addi16sp sp, 496
        sub     a0, s1, sp
        CHECK   a0, 16
        c.addi16sp sp, 16
        bne     sp, s1, fail

        /* ---- CL / CS: c.lw, c.ld, c.fld, c.sw, c.sd, c.fsd */
        li      TESTNUM, 8
        la      s0, cdata
        c.lw    a0, 4(s0)
        CHECK   a0, 0xffffffff80000001  /* sign-extended */
        c.ld    a1, 8(s0)
        CHECK   a1, 0x0123456789abcdef
        c.fld   fa5, 8(s0)
        fmv.x.d a2, fa5
        CHECK   a2, 0x0123456789abcdef
        li      TESTNUM, 9
        li      a3, 0x1122334455667788
        c.sw    a3, 16(s0)
        c.sd    a3, 24(s0)
        c.fsd   fa5, 32(s0)
        ld      a4, 16(s0)
        CHECK   a4, 0x55667788
        ld      a4, 24(s0)
        CHECK   a4, 0x1122334455667788
        ld      a4, 32(s0)
        CHECK   a4, 0x0123456789abcdef
        li      TESTNUM, 10
        c.ld    a5, 248(s0)             /* largest c.ld offset */
        CHECK   a5, 0x5a5a5a5a5a5a5a5a
        c.lw    a5, 124(s0)             /* largest c.lw offset */
        CHECK   a5, 0x3c3c3c3c

        /* ---- CSS / CI stack loads: c.swsp, c.sdsp, c.fsdsp, c.lwsp, c.ldsp, c.fldsp */
        li      TESTNUM, 11
        addi    sp, sp, -512
        li      t0, 0xfedcba9876543210
        c.sdsp  t0, 504(sp)
        c.swsp  t0, 252(sp)
        fmv.d.x ft3, t0
        c.fsdsp ft3, 8(sp)
        c.ldsp  t1, 504(sp)
        CHECK   t1, 0xfedcba9876543210
        c.lwsp  t2, 252(sp)
        CHECK   t2, 0x76543210
        c.fldsp ft4, 8(sp)
        fmv.x.d t1, ft4
        CHECK   t1, 0xfedcba9876543210
        li      TESTNUM, 12
        li      t0, 0x80000000
        c.swsp  t0, 0(sp)
        c.lwsp  t2, 0(sp)
        CHECK   t2, 0xffffffff80000000
        addi    sp, sp, 512

        /* ---- CB: c.srli, c.srai, c.andi */
        li      TESTNUM, 13
        li      s1, 0x8000000000000000
        c.srli  s1, 63
        CHECK   s1, 1
        li      s1, 0x8000000000000000
        c.srai  s1, 63
        CHECK   s1, -1
        li      s1, 0x8000000000000000
        c.srai  s1, 32
        CHECK   s1, 0xffffffff80000000
        li      TESTNUM, 14
        li      a0, 0xff
        c.andi  a0, -16
        CHECK   a0, 0xf0
        li      a0, 0xff
        c.andi  a0, 15
        CHECK   a0, 0xf

        /* ---- CA: c.sub, c.xor, c.or, c.and, c.subw, c.addw */
        li      TESTNUM, 15
        li      a0, 10
        li      a1, 3
        c.sub   a0, a1
        CHECK   a0, 7
        li      a0, 0xf0f0
        c.xor   a0, a1
        CHECK   a0, 0xf0f3
        c.or    a0, a1
        CHECK   a0, 0xf0f3
        c.and   a0, a1
        CHECK   a0, 3
        li      TESTNUM, 16
        li      a0, 0x80000000
        li      a1, 1
        c.subw  a0, a1
        CHECK   a0, 0x7fffffff
        li      a0, 0x7fffffff
        c.addw  a0, a1
        CHECK   a0, 0xffffffff80000000
        li      a0, 0
        c.subw  a0, a1
        CHECK   a0, -1

        /* ---- CR: c.mv, c.add */
        li      TESTNUM, 17
        li      t3, 12345
        c.mv    t4, t3
        CHECK   t4, 12345
        c.add   t4, t3
        CHECK   t4, 24690
        li      t0, -1
        c.add   t0, t0
        CHECK   t0, -2

        /* ---- control transfer: c.j, c.jr, c.jalr, c.beqz, c.bnez */
        li      TESTNUM, 18
        c.j     1f
        j       fail
1:      la      t0, 2f
        c.jr    t0
        j       fail
2:      li      TESTNUM, 19
        la      t0, 3f
4:      c.jalr  t0                      /* link = pc + 2 */
        j       fail
3:      la      t1, 4b
        addi    t1, t1, 2
        bne     ra, t1, fail
        li      TESTNUM, 20
        li      a0, 0
        c.beqz  a0, 5f
        j       fail
5:      c.bnez  a0, fail
        li      a0, 0x100000000         /* only bit 32 set: not zero */
        c.beqz  a0, fail
        c.bnez  a0, 6f
        j       fail
6:
        /* c.jalr to a function and c.jr ra back */
        li      TESTNUM, 21
        la      t0, cfunc
        li      a0, 20
        c.jalr  t0
        CHECK   a0, 21

        /* backward c.j / c.bnez loop */
        li      TESTNUM, 22
        li      a0, 5
        li      a1, 0
7:      c.addi  a1, 2
        c.addi  a0, -1
        c.bnez  a0, 7b
        CHECK   a1, 10

        /* ---- c.ebreak: breakpoint, mepc at the 16-bit instruction */
        TEST_TRAP 23, CAUSE_BREAKPOINT, c.ebreak

        /* mixed 16/32-bit stream: 32-bit instruction at a 2-mod-4 address */
        li      TESTNUM, 24
        .balignw 4, 0x0001              /* pad with c.nop */
        c.nop
8:      addi    a0, zero, 77            /* lives at 4n + 2 */
        CHECK   a0, 77
        la      a0, 8b
        andi    a0, a0, 3
        CHECK   a0, 2

        /* a 32-bit instruction straddling a 4 KiB boundary (IALIGN = 16) */
        li      TESTNUM, 25
        li      a0, 1
        call    straddle_entry
        CHECK   a0, 101
        call    straddle_entry          /* again, now translated */
        CHECK   a0, 201

        RVTEST_PASS

cfunc:
        c.addi  a0, 1
        c.jr    ra

        .section .text.straddle, "ax", @progbits
        .balign 4096
        .fill   2046, 2, 0x0001         /* c.nop up to page end - 4 */
straddle_entry:
        c.nop                           /* at page end - 2 ... */
        .option norvc
straddle_insn:
        addi    a0, a0, 100             /* ... so this spans two pages */
        .option rvc
        c.jr    ra
        .option pop
        .text
RVTEST_CODE_END
RVTEST_DATA_BEGIN
        .align  3
cdata:  .word   0, 0x80000001
        .dword  0x0123456789abcdef
        .dword  0, 0, 0
        .fill   10, 8, 0
        .word   0, 0x3c3c3c3c           /* offset 120..127 */
        .fill   15, 8, 0
        .dword  0x5a5a5a5a5a5a5a5a      /* offset 248 */
RVTEST_DATA_END
