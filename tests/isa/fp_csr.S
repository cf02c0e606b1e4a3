/* FP control/status: fcsr/frm/fflags aliases, reserved rounding modes
 * (rm = 5 or 6 statically, or rm = dyn with frm = 5..7, are illegal
 * instructions), mstatus.FS = Off makes every FP instruction and FP CSR
 * access illegal, and an FP register/CSR write sets FS = Dirty (and SD). */
#include "env.h"

#define OP_FP 0x53

/* set mstatus.FS to \val (0..3) */
.macro SET_FS val
        li      t0, MSTATUS_FS
        csrc    mstatus, t0
        li      t0, (\val << 13)
        csrs    mstatus, t0
.endm
.macro CHECK_FS val
        csrr    a0, mstatus
        li      t0, MSTATUS_FS
        and     a0, a0, t0
        CHECK   a0, (\val << 13)
.endm

RVTEST_CODE_BEGIN
        /* ---- fcsr layout: fflags = [4:0], frm = [7:5] */
        li      TESTNUM, 1
        csrwi   fcsr, 0
        csrwi   frm, 3
        csrwi   fflags, 0x15
        csrr    a0, fcsr
        CHECK   a0, (3 << 5) | 0x15
        li      TESTNUM, 2
        li      t0, 0xffffffff
        csrw    fcsr, t0                /* upper bits are reserved, read 0 */
        csrr    a0, fcsr
        CHECK   a0, 0xff
        csrr    a0, frm
        CHECK   a0, 7
        csrr    a0, fflags
        CHECK   a0, 0x1f
        li      TESTNUM, 3
        csrrci  a0, fflags, 0x1         /* returns old, clears NX */
        CHECK   a0, 0x1f
        csrr    a0, fflags
        CHECK   a0, 0x1e
        csrrw   a0, frm, zero
        CHECK   a0, 7
        csrr    a0, fcsr
        CHECK   a0, 0x1e
        csrwi   fcsr, 0

        /* ---- reserved static rounding modes: fadd.s fa3, fa0, fa1 with rm 5/6 */
        li      t0, 0x3f800000
        fmv.w.x fa0, t0
        fmv.w.x fa1, t0
        TEST_TRAP 10, CAUSE_ILLEGAL, .insn r OP_FP, 5, 0x00, fa3, fa0, fa1
        TRAP_TVAL a0
        /* mtval = the instruction: 0x53 | rd 13 << 7 | rm 5 << 12 | rs1 10 << 15 | rs2 11 << 20 */
        CHECK   a0, 0x00b556d3
        TEST_TRAP 11, CAUSE_ILLEGAL, .insn r OP_FP, 6, 0x01, fa3, fa0, fa1   /* fadd.d */
        TEST_TRAP 12, CAUSE_ILLEGAL, .insn r OP_FP, 5, 0x2c, fa3, fa0, x0    /* fsqrt.s */
        TEST_TRAP 13, CAUSE_ILLEGAL, .insn r OP_FP, 6, 0x60, a0, fa0, x0     /* fcvt.w.s */
        TEST_TRAP 14, CAUSE_ILLEGAL, .insn r4 0x43, 5, 0, fa3, fa0, fa1, fa2 /* fmadd.s */
        /* rm = 7 (dyn) with frm = 5, 6, 7 */
        li      TESTNUM, 15
        csrwi   frm, 5
        TEST_TRAP 15, CAUSE_ILLEGAL, fadd.s fa3, fa0, fa1
        csrwi   frm, 6
        TEST_TRAP 16, CAUSE_ILLEGAL, fmul.d fa3, fa0, fa1
        csrwi   frm, 7
        TEST_TRAP 17, CAUSE_ILLEGAL, fcvt.s.w fa3, a0
        /* an instruction with a static rm works whatever frm holds, and
           rm-less ops (sign injection, compares, min/max) too */
        li      TESTNUM, 18
        fadd.s  fa3, fa0, fa1, rne
        fmv.x.w a0, fa3
        CHECK   a0, 0x40000000
        fsgnj.s fa3, fa0, fa1
        feq.s   a0, fa0, fa1
        CHECK   a0, 1
        fmin.s  fa3, fa0, fa1
        csrwi   frm, 0
        li      TESTNUM, 19
        fadd.s  fa3, fa0, fa1           /* frm valid again */
        fmv.x.w a0, fa3
        CHECK   a0, 0x40000000

        /* ---- FS = Off: FP instructions and FP CSRs are illegal */
        SET_FS  0
        TEST_TRAP 20, CAUSE_ILLEGAL, fadd.s fa3, fa0, fa1
        TEST_TRAP 21, CAUSE_ILLEGAL, fmv.x.w a0, fa0
        TEST_TRAP 22, CAUSE_ILLEGAL, fmv.d.x fa0, a0
        TEST_TRAP 23, CAUSE_ILLEGAL, csrr a0, fcsr
        TEST_TRAP 24, CAUSE_ILLEGAL, csrwi fflags, 1
        TEST_TRAP 25, CAUSE_ILLEGAL, csrr a0, frm
        la      a1, fpbuf
        TEST_TRAP 26, CAUSE_ILLEGAL, flw fa0, 0(a1)
        TEST_TRAP 27, CAUSE_ILLEGAL, fsd fa0, 0(a1)
        TEST_TRAP 28, CAUSE_ILLEGAL, fld fa0, 0(a1)
        TEST_TRAP 29, CAUSE_ILLEGAL, fcvt.d.l fa0, a0
        TEST_TRAP 30, CAUSE_ILLEGAL, fclass.d a0, fa0
        TEST_TRAP 31, CAUSE_ILLEGAL, c.fld fa0, 0(a1)
        TEST_TRAP 32, CAUSE_ILLEGAL, c.fsdsp fa0, 0(sp)
        li      TESTNUM, 33
        CHECK_FS 0                      /* trapping did not turn FP on */
        /* the registers kept their values across Off */
        SET_FS  1
        fmv.x.w a0, fa1
        CHECK   a0, 0x3f800000

        /* ---- an FP write sets FS = Dirty and SD (bit 63) */
        li      TESTNUM, 40
        SET_FS  1                       /* Initial */
        CHECK_FS 1
        fadd.s  fa2, fa0, fa1
        CHECK_FS 3
        csrr    a0, mstatus
        bgez    a0, fail                /* SD */
        li      TESTNUM, 41
        SET_FS  2                       /* Clean */
        csrr    a0, mstatus
        bltz    a0, fail                /* SD clear when FS is not Dirty */
        fmv.w.x fa2, zero
        CHECK_FS 3
        li      TESTNUM, 42
        SET_FS  2
        la      a1, fpbuf
        fld     fa2, 0(a1)
        CHECK_FS 3
        li      TESTNUM, 43
        SET_FS  1
        csrwi   fflags, 0               /* an FP CSR write dirties too */
        CHECK_FS 3
        li      TESTNUM, 44
        SET_FS  2
        li      t0, 0x3ff0000000000000
        fmv.d.x fa0, t0
        fmv.d.x fa1, t0
        SET_FS  2
        fdiv.d  fa2, fa0, fa1           /* exact: no flags, still a write */
        CHECK_FS 3
        li      TESTNUM, 45
        SET_FS  1
        fcvt.d.w fa3, zero
        CHECK_FS 3

        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
        .align  3
fpbuf:  .dword  0x4000000000000000
RVTEST_DATA_END
