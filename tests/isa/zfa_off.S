/* rvx-march: rv64gc_zfh_zfa */
/* Zfa is off unless --isa names it (this test runs with --isa rv64gc):
 * fli, fminm, fround, fcvtmod.w.d and fleq raise illegal-instruction with
 * mtval = the instruction bits (written with .insn: GNU as 2.40 predates
 * Zfa; the words are the spec's encodings). */
#include "env.h"
RVTEST_CODE_BEGIN
        TEST_TRAP 1, CAUSE_ILLEGAL, .insn r 0x53, 0, 0x78, fa3, x16, x1     /* fli.s fa3, 1.0 */
        TRAP_TVAL a0
        CHECK   a0, 0xf01806d3
        TEST_TRAP 2, CAUSE_ILLEGAL, .insn r 0x53, 2, 0x15, fa3, fa0, fa1    /* fminm.d */
        TRAP_TVAL a0
        CHECK   a0, 0x2ab526d3
        TEST_TRAP 3, CAUSE_ILLEGAL, .insn r 0x53, 0, 0x20, fa3, fa0, x4     /* fround.s rne */
        TRAP_TVAL a0
        CHECK   a0, 0x404506d3
        TEST_TRAP 4, CAUSE_ILLEGAL, .insn r 0x53, 1, 0x61, a0, fa0, x8      /* fcvtmod.w.d rtz */
        TRAP_TVAL a0
        CHECK   a0, 0xc2851553
        TEST_TRAP 5, CAUSE_ILLEGAL, .insn r 0x53, 4, 0x50, a0, fa0, fa1     /* fleq.s */
        TRAP_TVAL a0
        CHECK   a0, 0xa0b54553
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
