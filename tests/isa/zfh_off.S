/* rvx-march: rv64gc_zfh */
/* Zfh and Zfhmin are off unless --isa names them (this test runs with
 * --isa rv64gc): each instruction raises illegal-instruction with mtval =
 * the instruction bits (encodings from GNU as 2.40). */
#include "env.h"
RVTEST_CODE_BEGIN
        la      a1, scratch
        TEST_TRAP 1, CAUSE_ILLEGAL, fadd.h fa3, fa0, fa1
        TRAP_TVAL a0
        CHECK   a0, 0x04b576d3
        TEST_TRAP 2, CAUSE_ILLEGAL, flh fa0, 0(a1)
        TRAP_TVAL a0
        CHECK   a0, 0x00059507
        TEST_TRAP 3, CAUSE_ILLEGAL, fcvt.s.h fa0, fa1
        TRAP_TVAL a0
        CHECK   a0, 0x40258553
        TEST_TRAP 4, CAUSE_ILLEGAL, fmv.x.h a0, fa0
        TRAP_TVAL a0
        CHECK   a0, 0xe4050553
        TEST_TRAP 5, CAUSE_ILLEGAL, fcvt.h.d fa0, fa1
        TRAP_TVAL a0
        CHECK   a0, 0x4415f553
        TEST_TRAP 6, CAUSE_ILLEGAL, fsh fa0, 2(a1)
        TRAP_TVAL a0
        CHECK   a0, 0x00a59127
        li      TESTNUM, 7
        lhu     a0, 2(a1)                 /* the trapping store wrote nothing */
        CHECK   a0, 0x1234
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
        .align 3
scratch: .half 0, 0x1234, 0, 0
RVTEST_DATA_END
