/* rvx-isa: rv64gc_zawrs */
/* rvx-qemu-cpu: none */
/* Zawrs v1.0.1: wrs.nto and wrs.sto (encodings 0x00d00073, 0x01d00073,
 * as GNU as assembles them).  QEMU 7.2 lacks Zawrs: the spec is the
 * oracle.  The stall is optional ("the hart may ... stall"); rvx never
 * stalls, so both complete at once: with no reservation (which the spec
 * requires), with a valid one (which it allows: the timeout may be
 * immediate), and in U/S-mode with mstatus.TW = 1, where wrs.nto traps
 * only when it "does not complete within an implementation-specific
 * bounded time limit".  The reservation survives them: a following sc
 * still succeeds. */
#include "env.h"

RVTEST_CODE_BEGIN
        li      TESTNUM, 1                      /* no reservation */
        wrs.nto
        wrs.sto

        li      TESTNUM, 2                      /* with a reservation */
        la      a0, word
        lr.d    t0, (a0)
        wrs.nto
        wrs.sto
        li      t1, 7
        sc.d    t2, t1, (a0)
        CHECK   t2, 0                           /* still held */
        ld      t0, 0(a0)
        CHECK   t0, 7

        li      TESTNUM, 3                      /* U-mode, TW = 1 */
        li      t0, MSTATUS_TW
        csrs    mstatus, t0
        EXPECT_TRAP 2f
        GOTO_MODE 0, 1f
1:      la      a0, word
        lr.d    t1, (a0)
        wrs.nto
        wrs.sto
        li      a1, 0x5a
        ecall                                   /* the one expected trap */
        j       fail
2:      CHECK_TRAP CAUSE_ECALL_U
        CHECK   a1, 0x5a

        li      TESTNUM, 4                      /* S-mode, TW = 1 */
        EXPECT_TRAP 2f
        GOTO_MODE 1, 1f
1:      wrs.nto
        li      a1, 0xa5
        ecall
        j       fail
2:      CHECK_TRAP CAUSE_ECALL_S
        CHECK   a1, 0xa5

        RVTEST_PASS
RVTEST_CODE_END

RVTEST_DATA_BEGIN
        .align  3
word:   .dword  0
RVTEST_DATA_END
