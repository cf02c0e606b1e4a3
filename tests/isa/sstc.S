/* rvx-isa: rv64gc_sstc */
/* rvx-qemu-cpu: none */
/* Sstc (privileged spec, "Sstc" chapter): stimecmp exists (M reads its
 * reset value, all ones); below M it needs menvcfg.STCE and mcounteren.TM,
 * else illegal-instruction (mtval = the instruction); with STCE = 1, mip.STIP
 * is time >= stimecmp, read-only to csrw/csrs, raised by the passage of
 * time and by a write of a past deadline, cleared by a write of a future
 * one; a wfi with only STIE enabled wakes when the deadline passes; the
 * interrupt is taken (cause 5) from S-mode; with STCE = 0 STIP is M-mode's
 * software bit again. */
#include "env.h"

#define CSR_MENVCFG 0x30a
#define STCE (1 << 63)
#define MIP_STIP (1 << 5)

RVTEST_CODE_BEGIN
        li      t0, -1                  /* no machine timer */
        li      t1, CLINT_MTIMECMP
        sd      t0, 0(t1)

        li      TESTNUM, 1
        csrr    a0, stimecmp
        CHECK   a0, -1
        csrr    a0, CSR_MENVCFG         /* STCE resets to 0 */
        srli    a0, a0, 63
        CHECK   a0, 0

        /* ---- S-mode: STCE = 0 is illegal even with TM = 1 */
        li      TESTNUM, 2
        li      t0, 2
        csrw    mcounteren, t0
        EXPECT_TRAP 1f
        GOTO_MODE 1, 2f
2:      csrr    a0, stimecmp
        j       fail
1:      CHECK_TRAP CAUSE_ILLEGAL
        TRAP_TVAL a0
        CHECK   a0, 0x14d02573          /* csrr a0, stimecmp */
        /* STCE = 1, TM = 0: illegal */
        li      TESTNUM, 3
        li      t0, STCE
        csrs    CSR_MENVCFG, t0
        csrr    a0, CSR_MENVCFG
        srli    a0, a0, 63
        CHECK   a0, 1
        csrw    mcounteren, zero
        EXPECT_TRAP 1f
        GOTO_MODE 1, 2f
2:      csrw    stimecmp, a0
        j       fail
1:      CHECK_TRAP CAUSE_ILLEGAL
        /* both: S reads and writes it */
        li      TESTNUM, 4
        li      t0, 2
        csrw    mcounteren, t0
        EXPECT_TRAP 1f
        GOTO_MODE 1, 2f
2:      li      a1, 0x123456789
        csrw    stimecmp, a1
        csrr    a0, stimecmp
        ecall
1:      CHECK_TRAP CAUSE_ECALL_S
        CHECK   a0, 0x123456789
        /* U-mode: never (an S-level CSR) */
        li      TESTNUM, 5
        EXPECT_TRAP 1f
        GOTO_MODE 0, 2f
2:      csrr    a0, stimecmp
        j       fail
1:      CHECK_TRAP CAUSE_ILLEGAL

        /* ---- STIP follows time: clear before the deadline, set after */
        li      TESTNUM, 6
        li      t0, -1
        csrw    stimecmp, t0
        csrr    a0, mip
        andi    a0, a0, MIP_STIP
        CHECK   a0, 0
        csrr    a1, time
        addi    a1, a1, 200
        csrw    stimecmp, a1
        csrr    a0, mip
        andi    a0, a0, MIP_STIP
        CHECK   a0, 0
        li      a2, 10000000            /* give up after many iterations */
1:      csrr    a0, mip
        andi    a0, a0, MIP_STIP
        bnez    a0, 2f
        addi    a2, a2, -1
        bnez    a2, 1b
        j       fail
2:      csrr    a0, time
        bltu    a0, a1, fail            /* not before the deadline */
        /* read-only: csrc/csrw leave it set */
        li      TESTNUM, 7
        li      t0, MIP_STIP
        csrc    mip, t0
        csrw    mip, zero
        csrr    a0, mip
        andi    a0, a0, MIP_STIP
        CHECK   a0, MIP_STIP
        /* a future deadline clears it at once */
        li      TESTNUM, 8
        li      t0, -1
        csrw    stimecmp, t0
        csrr    a0, mip
        andi    a0, a0, MIP_STIP
        CHECK   a0, 0
        li      t0, MIP_STIP            /* and M cannot set it */
        csrs    mip, t0
        csrr    a0, mip
        andi    a0, a0, MIP_STIP
        CHECK   a0, 0
        /* a past deadline sets it at once */
        li      TESTNUM, 9
        csrw    stimecmp, zero
        csrr    a0, mip
        andi    a0, a0, MIP_STIP
        CHECK   a0, MIP_STIP

        /* ---- wfi wakes at the deadline (interrupts globally off) */
        li      TESTNUM, 10
        li      t0, MSTATUS_MIE
        csrc    mstatus, t0
        li      t0, MIP_STIP
        csrw    mie, t0
        csrr    a1, time
        li      t0, 5000
        add     a1, a1, t0
        csrw    stimecmp, a1
        wfi
        csrr    a0, time
        bltu    a0, a1, fail
        csrr    a0, mip
        andi    a0, a0, MIP_STIP
        CHECK   a0, MIP_STIP

        /* ---- taken from S-mode (not delegated: to M, cause 5) */
        li      TESTNUM, 11
        li      t0, -1
        csrw    stimecmp, t0
        EXPECT_TRAP 1f
        GOTO_MODE 1, 2f
2:      csrr    a1, time
        addi    a1, a1, 100
        csrw    stimecmp, a1
3:      j       3b                      /* the interrupt ends the loop */
1:      CHECK_TRAP (INTR | 5)
        csrr    a0, time
        bltu    a0, a1, fail
        csrw    mie, zero

        /* ---- STCE = 0: STIP is the software bit M-mode writes */
        li      TESTNUM, 12
        li      t0, STCE
        csrc    CSR_MENVCFG, t0
        csrr    a0, mip
        andi    a0, a0, MIP_STIP
        CHECK   a0, 0                   /* the comparison no longer shows */
        li      t0, MIP_STIP
        csrs    mip, t0
        csrr    a0, mip
        andi    a0, a0, MIP_STIP
        CHECK   a0, MIP_STIP
        csrc    mip, t0
        RVTEST_PASS
RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
