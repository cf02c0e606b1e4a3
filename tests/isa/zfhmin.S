/* rvx-isa: rv64gc_zfhmin */
/* Zfhmin without Zfh: loads, stores, moves and the conversions to and
 * from single and double work; half arithmetic, compares and integer
 * conversions are Zfh's and raise illegal-instruction (unprivileged spec,
 * "Zfhmin" chapter).  Values are hand-derived (0x3c00 = 1.0,
 * 0x3555 = 1/3 rounded to nearest); they pass on QEMU 7.2 too
 * (-cpu rv64,Zfhmin=true). */
#include "env.h"
RVTEST_CODE_BEGIN
        li      TESTNUM, 1
        la      a1, hdata
        flh     fa0, 0(a1)
        fmv.x.d a0, fa0
        CHECK   a0, 0xffffffffffff3c00
        fcvt.s.h fa1, fa0
        fmv.x.w a0, fa1
        CHECK   a0, 0x3f800000
        fcvt.d.h fa2, fa0
        fmv.x.d a0, fa2
        CHECK   a0, 0x3ff0000000000000
        li      TESTNUM, 2
        li      t0, 0x3eaaaaab            /* 1/3 in single */
        fmv.w.x fa1, t0
        csrwi   fflags, 0
        fcvt.h.s fa3, fa1, rne
        csrr    a0, fflags
        CHECK   a0, FF_NX
        fmv.x.h a0, fa3
        CHECK   a0, 0x3555
        fsh     fa3, 2(a1)
        lhu     a0, 2(a1)
        CHECK   a0, 0x3555
        li      a0, 0x12345
        fmv.h.x fa3, a0
        fmv.x.d a0, fa3
        CHECK   a0, 0xffffffffffff2345
        li      t0, 0x3fd5555555555555    /* 1/3 in double */
        fmv.d.x fa1, t0
        fcvt.h.d fa3, fa1, rup
        fmv.x.h a0, fa3
        CHECK   a0, 0x3556
        /* Zfh-only (encodings from GNU as 2.40 -march=rv64gc_zfh) */
        TEST_TRAP 3, CAUSE_ILLEGAL, .word 0x04b576d3     /* fadd.h fa3, fa0, fa1 */
        TEST_TRAP 4, CAUSE_ILLEGAL, .word 0xa4b52553     /* feq.h a0, fa0, fa1 */
        TEST_TRAP 5, CAUSE_ILLEGAL, .word 0xc4057553     /* fcvt.w.h a0, fa0 */
        /* Zfa's .h forms are not there either (no Zfa, no Zfh) */
        TEST_TRAP 6, CAUSE_ILLEGAL, .insn r 0x53, 0, 0x7a, fa3, x16, x1    /* fli.h */
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
        .align 3
hdata:  .half 0x3c00, 0, 0, 0
RVTEST_DATA_END
