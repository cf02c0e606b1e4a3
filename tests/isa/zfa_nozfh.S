/* rvx-isa: rv64gc_zfa */
/* Zfa without Zfh: the .s and .d forms work, the .h forms (fli.h,
 * fminm.h, fround.h, fleq.h) are there only with Zfh (Zfa chapter: "If
 * the Zfh extension is implemented ...") and raise illegal-instruction. */
#include "env.h"
RVTEST_CODE_BEGIN
        li      TESTNUM, 1
        .insn r 0x53, 0, 0x78, fa3, x21, x1     /* fli.s fa3, 2.5 */
        fmv.x.w a0, fa3
        CHECK   a0, 0x40200000
        .insn r 0x53, 0, 0x79, fa3, x0, x1      /* fli.d fa3, -1.0 */
        fmv.x.d a0, fa3
        CHECK   a0, 0xbff0000000000000
        TEST_TRAP 2, CAUSE_ILLEGAL, .insn r 0x53, 0, 0x7a, fa3, x16, x1   /* fli.h */
        TRAP_TVAL a0
        CHECK   a0, 0xf41806d3
        TEST_TRAP 3, CAUSE_ILLEGAL, .insn r 0x53, 2, 0x16, fa3, fa0, fa1  /* fminm.h */
        TEST_TRAP 4, CAUSE_ILLEGAL, .insn r 0x53, 0, 0x22, fa3, fa0, x4   /* fround.h */
        TEST_TRAP 5, CAUSE_ILLEGAL, .insn r 0x53, 4, 0x52, a0, fa0, fa1   /* fleq.h */
        TEST_TRAP 6, CAUSE_ILLEGAL, .insn r 0x53, 5, 0x52, a0, fa0, fa1   /* fltq.h */
        TEST_TRAP 7, CAUSE_ILLEGAL, .insn r 0x53, 3, 0x16, fa3, fa0, fa1  /* fmaxm.h */
        TEST_TRAP 8, CAUSE_ILLEGAL, .insn r 0x53, 0, 0x22, fa3, fa0, x5   /* froundnx.h */
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
