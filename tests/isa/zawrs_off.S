/* rvx-march: rv64gc_zawrs */
/* rvx-qemu-cpu: rv64 */
/* Zawrs off (--isa rv64gc): wrs.nto and wrs.sto are illegal instructions
 * with mtval = their encoding (0x00d00073, 0x01d00073 as GNU as gives
 * them).  QEMU 7.2, which has no Zawrs, agrees. */
#include "env.h"

RVTEST_CODE_BEGIN
        TEST_TRAP 1, CAUSE_ILLEGAL, wrs.nto
        TRAP_TVAL t0
        CHECK   t0, 0x00d00073
        TEST_TRAP 2, CAUSE_ILLEGAL, wrs.sto
        TRAP_TVAL t0
        CHECK   t0, 0x01d00073
        RVTEST_PASS
RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
