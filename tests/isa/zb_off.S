/* rvx-march: rv64gc_zba_zbb_zbc_zbs */
/* The bit-manipulation extensions are off unless --isa names them (this
 * test runs with --isa rv64gc): one instruction of each raises
 * illegal-instruction with mtval = the instruction bits (privileged spec,
 * "Machine Trap Value Register": mtval may hold the faulting instruction,
 * and rvx always does). */
#include "env.h"
RVTEST_CODE_BEGIN
        TEST_TRAP 1, CAUSE_ILLEGAL, sh1add a0, a1, a2
        TRAP_TVAL a0
        CHECK   a0, 0x20c5a533      /* GNU as: sh1add a0,a1,a2 */
        TEST_TRAP 2, CAUSE_ILLEGAL, clz a0, a1
        TRAP_TVAL a0
        CHECK   a0, 0x60059513      /* GNU as: clz a0,a1 */
        TEST_TRAP 3, CAUSE_ILLEGAL, clmul a0, a1, a2
        TRAP_TVAL a0
        CHECK   a0, 0x0ac59533      /* GNU as: clmul a0,a1,a2 */
        TEST_TRAP 4, CAUSE_ILLEGAL, bseti a0, a1, 63
        TRAP_TVAL a0
        CHECK   a0, 0x2bf59513      /* GNU as: bseti a0,a1,63 */
        TEST_TRAP 5, CAUSE_ILLEGAL, zext.h a0, a1
        TRAP_TVAL a0
        CHECK   a0, 0x0805c53b      /* GNU as: zext.h a0,a1 */
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
