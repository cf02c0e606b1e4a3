/* rvx-march: rv64gc_zba_zbb_zcb */
/* rvx-qemu-cpu: none */
/* Zcb is off unless --isa names it (this test runs with --isa rv64gc):
 * its parcels raise illegal-instruction with mtval = the 16-bit parcel.
 * The parcels, built from Zc v1.0's field tables with rd'/rs2' = a0 and
 * rs1' = a1 (the same as tests/unit/test_disasm.c's): c.lbu a0, 3(a1)
 * 0x81e8, c.sh a0, 2(a1) 0x8da8, c.zext.b a0 0x9d61, c.zext.w a0 0x9d71,
 * c.mul a0, a1 0x9d4d. */
#include "env.h"
RVTEST_CODE_BEGIN
        la      a1, data
        .irp p, 0x81e8, 0x8da8, 0x9d61, 0x9d71, 0x9d4d
        TEST_TRAP \p, CAUSE_ILLEGAL, .half \p
        TRAP_TVAL a0
        CHECK   a0, \p
        .endr
        ld      a0, 0(a1)       /* the store never happened */
        li      TESTNUM, 1
        CHECK   a0, 0
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
        .align  3
data:   .dword  0
RVTEST_DATA_END
