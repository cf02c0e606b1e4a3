/* rvx-isa: rv64gc_smstateen_ssstateen */
/* rvx-qemu-cpu: none */
/* Smstateen/Ssstateen (privileged spec, "Smstateen" chapter): mstateen0..3
 * reset to 0; mstateen0 keeps SE0 (bit 63) and ENVCFG (bit 62), the others
 * SE (bit 63) only, every other bit is read-only zero; below M, sstateenN
 * is illegal while mstateenN.SE = 0 and senvcfg while mstateen0.ENVCFG = 0
 * (mtval = the instruction); sstateen bits are all read-only zero (rvx
 * has nothing they could gate); U-mode never reaches sstateen. */
#include "env.h"

#define SE (1 << 63)
#define ENVCFG (1 << 62)

.macro S_TRAP n, cause, insn:vararg
        li      TESTNUM, \n
        EXPECT_TRAP .Lback_\@
        GOTO_MODE 1, .Ls_\@
.Ls_\@: \insn
        j       fail
.Lback_\@:
        CHECK_TRAP \cause
.endm
.macro S_OK n, insn:vararg
        li      TESTNUM, \n
        EXPECT_TRAP .Lback_\@
        GOTO_MODE 1, .Ls_\@
.Ls_\@: \insn
        ecall
.Lback_\@:
        CHECK_TRAP CAUSE_ECALL_S
.endm

RVTEST_CODE_BEGIN
        li      TESTNUM, 1
        csrr    a0, mstateen0
        CHECK   a0, 0
        csrr    a0, mstateen3
        CHECK   a0, 0
        /* ---- all off: S may not touch sstateen0 or senvcfg */
        S_TRAP  2, CAUSE_ILLEGAL, csrr a0, sstateen0
        TRAP_TVAL a0
        CHECK   a0, 0x10c02573          /* csrr a0, sstateen0 */
        S_TRAP  3, CAUSE_ILLEGAL, csrr a0, 0x10a
        S_TRAP  4, CAUSE_ILLEGAL, csrw sstateen1, zero
        /* ---- WARL */
        li      TESTNUM, 5
        li      t0, -1
        csrw    mstateen0, t0
        csrr    a0, mstateen0
        CHECK   a0, SE | ENVCFG
        csrw    mstateen1, t0
        csrr    a0, mstateen1
        CHECK   a0, SE
        csrw    mstateen3, t0
        csrr    a0, mstateen3
        CHECK   a0, SE
        /* ---- enabled: S reads and writes them; sstateen stays zero */
        li      a1, -1
        S_OK    6, csrw sstateen0, a1
        S_OK    7, csrr a0, sstateen0
        CHECK   a0, 0
        S_OK    8, csrr a0, 0x10a
        S_OK    9, csrw sstateen1, a1
        S_TRAP  10, CAUSE_ILLEGAL, csrr a0, sstateen2   /* mstateen2.SE = 0 */
        S_OK    11, csrr a0, sstateen3
        /* U-mode: never */
        li      TESTNUM, 12
        EXPECT_TRAP 1f
        GOTO_MODE 0, 2f
2:      csrr    a0, sstateen0
        j       fail
1:      CHECK_TRAP CAUSE_ILLEGAL
        /* ENVCFG off again: senvcfg illegal in S, fine in M */
        li      TESTNUM, 13
        li      t0, ENVCFG
        csrc    mstateen0, t0
        S_TRAP  13, CAUSE_ILLEGAL, csrr a0, 0x10a
        csrr    a0, 0x10a
        RVTEST_PASS
RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
