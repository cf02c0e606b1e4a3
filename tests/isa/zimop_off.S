/* rvx-march: rv64gc_zimop_zcmop */
/* rvx-qemu-cpu: none */
/* Zimop and Zcmop are off unless --isa names them (this test runs with
 * --isa rv64gc): mop.r.N and mop.rr.N raise illegal-instruction with
 * mtval = the word, c.mop.N (the c.lui xN, 0 encoding) with mtval = the
 * parcel.  The HINTs of the base ISA stay legal without their extension
 * names: PAUSE (FENCE w, 0), NTL.ALL (add x0, x0, x5), C.NTL.P1 (c.add
 * x0, x2) execute as no-ops.  Words from the field tables: mop.r.0 a0,
 * a1 = 0x81c5c573, mop.r.31 a0, a1 = 0xcdf5c573, mop.rr.7 a0, a1, a2 =
 * 0xcec5c573; c.mop.1 = 0x6081, c.mop.15 = 0x6781. */
#include "env.h"
RVTEST_CODE_BEGIN
        .irp w, 0x81c5c573, 0xcdf5c573, 0xcec5c573
        TEST_TRAP 1, CAUSE_ILLEGAL, .word \w
        TRAP_TVAL a0
        CHECK   a0, \w
        .endr
        .irp p, 0x6081, 0x6781
        TEST_TRAP 2, CAUSE_ILLEGAL, .half \p
        TRAP_TVAL a0
        CHECK   a0, \p
        .endr
        li      TESTNUM, 3
        .word   0x0100000f      /* pause */
        .word   0x00500033      /* ntl.all */
        .half   0x900a          /* c.ntl.p1 */
        .half   0x0001          /* c.nop: keep 4-byte alignment */
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
