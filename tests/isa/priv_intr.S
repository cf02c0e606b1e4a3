/* Privileged architecture, delegation and interrupts: medeleg sends ecall
 * from U to S (and never M-mode traps), mideleg + mip.SSIP/STIP raised by
 * M-mode are taken in S (only when S may take them: not in M, not in S with
 * SIE = 0, always in U), vectored mtvec (interrupt cause n at base + 4n,
 * exceptions at base), the machine software interrupt through CLINT msip,
 * the machine timer through CLINT mtimecmp/mtime, and wfi waking on a pending
 * but globally disabled interrupt. */
#include "env.h"

#define CLINT_MSIP CLINT_BASE
#define MIP_SSIP (1 << 1)
#define MIP_MSIP (1 << 3)
#define MIP_STIP (1 << 5)
#define MIP_MTIP (1 << 7)

RVTEST_CODE_BEGIN
        li      t0, -1                  /* no timer interrupt until asked */
        li      t1, CLINT_MTIMECMP
        sd      t0, 0(t1)

        /* ---- medeleg: ecall from U handled in S */
        li      TESTNUM, 1
        li      t0, (1 << CAUSE_ECALL_U)
        csrw    medeleg, t0
        csrr    a0, medeleg
        CHECK   a0, (1 << CAUSE_ECALL_U)
        EXPECT_STRAP 1f
        GOTO_MODE 0, 2f
2:      ecall                           /* U -> S */
        j       fail
1:      CHECK_STRAP CAUSE_ECALL_U       /* now in S */
        STRAP_EPC a0
        la      a1, 2b
        bne     a0, a1, fail
        li      TESTNUM, 2
        csrr    a0, sstatus             /* SPP = U (0) after a trap from U */
        BACK_TO_M 3f                    /* ecall from S: not delegated */
3:      CHECK_TRAP CAUSE_ECALL_S
        /* delegation never applies to traps taken in M */
        li      TESTNUM, 3
        li      t0, (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_ECALL_U)
        csrw    medeleg, t0
        TEST_TRAP 3, CAUSE_BREAKPOINT, ebreak
        /* ... but an ebreak from S is delegated to S itself */
        li      TESTNUM, 4
        EXPECT_STRAP 4f
        GOTO_MODE 1, 5f
5:      ebreak
        j       fail
4:      CHECK_STRAP CAUSE_BREAKPOINT
        BACK_TO_M 6f
6:      CHECK_TRAP CAUSE_ECALL_S
        /* not delegated any more: ecall from U goes to M */
        li      TESTNUM, 5
        csrw    medeleg, zero
        EXPECT_TRAP 7f
        GOTO_MODE 0, 8f
8:      ecall
        j       fail
7:      CHECK_TRAP CAUSE_ECALL_U

        /* ---- delegated supervisor software interrupt */
        la      t0, s_intr_handler
        csrw    stvec, t0
        li      TESTNUM, 10
        li      t0, MIP_SSIP | MIP_STIP
        csrw    mideleg, t0
        csrr    a0, mideleg
        andi    a0, a0, MIP_SSIP
        CHECK   a0, MIP_SSIP
        csrw    mie, t0                 /* SSIE, STIE */
        csrsi   mstatus, MSTATUS_SIE
        la      s0, s_intr_count
        sd      zero, 0(s0)
        csrs    mip, MIP_SSIP           /* M-mode raises it ... */
        nop
        nop                             /* ... but it is never taken in M */
        ld      a0, 0(s0)
        CHECK   a0, 0
        csrr    a0, mip
        andi    a0, a0, MIP_SSIP
        CHECK   a0, MIP_SSIP
        li      TESTNUM, 11
        GOTO_MODE 1, 9f                 /* taken on entry to S (SIE = 1) */
9:      ld      a0, 0(s0)
        CHECK   a0, 1
        ld      a0, 8(s0)               /* scause */
        CHECK   a0, INTR | 1
        ld      a0, 16(s0)              /* sepc: the first S instruction */
        la      a1, 9b
        bne     a0, a1, fail
        csrr    a0, sip
        andi    a0, a0, MIP_SSIP
        CHECK   a0, 0                   /* handler cleared it via sip */
        /* in S with SIE = 0 the interrupt stays pending */
        li      TESTNUM, 12
        csrci   sstatus, MSTATUS_SIE
        csrsi   sip, MIP_SSIP           /* S may set SSIP itself */
        nop
        nop
        ld      a0, 0(s0)
        CHECK   a0, 1
        csrsi   sstatus, MSTATUS_SIE    /* now it is taken */
        nop
        ld      a0, 0(s0)
        CHECK   a0, 2
        /* in U it is taken whatever SIE says */
        li      TESTNUM, 13
        csrci   sstatus, MSTATUS_SIE
        BACK_TO_M 10f
10:     CHECK_TRAP CAUSE_ECALL_S
        csrci   mstatus, MSTATUS_SIE
        li      t0, MIP_STIP            /* supervisor timer, raised by M */
        csrs    mip, t0
        GOTO_MODE 0, 11f
11:     nop
        ld      a0, 0(s0)
        CHECK   a0, 3
        ld      a0, 8(s0)
        CHECK   a0, INTR | 5
        BACK_TO_M 12f
12:     CHECK_TRAP CAUSE_ECALL_U
        li      t0, MIP_STIP
        csrc    mip, t0
        csrw    mideleg, zero
        csrw    mie, zero
        la      t0, strap_vector
        csrw    stvec, t0

        /* ---- vectored mtvec: machine software interrupt via CLINT msip */
        li      TESTNUM, 20
        la      t0, mvec_table
        ori     t0, t0, 1               /* MODE = vectored */
        csrw    mtvec, t0
        csrr    a0, mtvec
        bne     a0, t0, fail
        la      s0, m_intr_count
        sd      zero, 0(s0)
        li      t0, MIP_MSIP
        csrw    mie, t0
        li      t1, CLINT_MSIP
        li      t0, 1
        sw      t0, 0(t1)               /* raise MSIP; MIE = 0: not taken */
        csrr    a0, mip
        andi    a0, a0, MIP_MSIP
        CHECK   a0, MIP_MSIP
        ld      a0, 0(s0)
        CHECK   a0, 0
        li      TESTNUM, 21
        csrsi   mstatus, MSTATUS_MIE
        nop
        nop
        csrci   mstatus, MSTATUS_MIE
        ld      a0, 0(s0)
        CHECK   a0, 1
        ld      a0, 8(s0)
        CHECK   a0, INTR | 3
        ld      a0, 16(s0)              /* the entry of the vector that ran */
        CHECK   a0, 3
        /* exceptions still go to the base */
        li      TESTNUM, 22
        EXPECT_TRAP 13f
        ecall
13:     CHECK_TRAP CAUSE_ECALL_M

        /* ---- machine timer interrupt via mtimecmp, vectored to entry 7 */
        li      TESTNUM, 23
        li      t0, MIP_MTIP
        csrw    mie, t0
        li      t1, CLINT_MTIME
        ld      t2, 0(t1)
        addi    t2, t2, 1000            /* 100 us at 10 MHz */
        li      t1, CLINT_MTIMECMP
        sd      t2, 0(t1)
        csrsi   mstatus, MSTATUS_MIE
        li      a2, 200000000           /* bounded wait */
14:     ld      a0, 0(s0)
        li      t0, 2
        beq     a0, t0, 15f
        addi    a2, a2, -1
        bnez    a2, 14b
        j       fail
15:     csrci   mstatus, MSTATUS_MIE
        ld      a0, 8(s0)
        CHECK   a0, INTR | 7
        ld      a0, 16(s0)
        CHECK   a0, 7
        li      TESTNUM, 24
        li      t1, CLINT_MTIME         /* the handler pushed mtimecmp away */
        ld      t2, 0(t1)
        li      t1, CLINT_MTIMECMP
        ld      t3, 0(t1)
        bgeu    t2, t3, fail
        csrr    a0, mip
        andi    a0, a0, MIP_MTIP
        CHECK   a0, 0

        /* ---- wfi wakes on a pending-and-enabled interrupt even with
           mstatus.MIE = 0 (no trap is taken) */
        li      TESTNUM, 25
        li      t1, CLINT_MTIME
        ld      t2, 0(t1)
        addi    t2, t2, 500
        li      t1, CLINT_MTIMECMP
        sd      t2, 0(t1)
        li      a2, 1000
16:     wfi                             /* may return early: loop */
        csrr    a0, mip
        andi    a0, a0, MIP_MTIP
        bnez    a0, 17f
        addi    a2, a2, -1
        bnez    a2, 16b
        j       fail
17:     ld      a0, 0(s0)
        CHECK   a0, 2                   /* no interrupt trap happened */
        li      t0, -1
        li      t1, CLINT_MTIMECMP
        sd      t0, 0(t1)
        csrr    a0, mip
        andi    a0, a0, MIP_MTIP
        CHECK   a0, 0                   /* MTIP follows mtimecmp */
        csrw    mie, zero
        la      t0, trap_vector
        csrw    mtvec, t0

        RVTEST_PASS

        /* S-mode interrupt handler: counts, records scause/sepc, silences
           the source (SSIP is writable in sip; STIP is M-owned, so it masks
           sie.STIE and M clears mip.STIP later), returns to the interrupted pc */
        .align  2
s_intr_handler:
        la      t6, s_intr_count
        ld      t5, 0(t6)
        addi    t5, t5, 1
        sd      t5, 0(t6)
        csrr    t5, scause
        sd      t5, 8(t6)
        csrr    t5, sepc
        sd      t5, 16(t6)
        csrci   sip, MIP_SSIP
        csrr    t5, scause
        andi    t5, t5, 0xff
        li      t6, 5
        bne     t5, t6, 1f
        li      t5, MIP_STIP            /* STIP is M-owned: mask it instead */
        csrc    sie, t5
1:      sret

        /* vectored M table: entry 0 exceptions, 3 MSI, 7 MTI */
        .align  8
        .option push
        .option norvc                   /* 4-byte entries */
mvec_table:
        j       trap_vector
        j       fail
        j       fail
        j       m_msi
        j       fail
        j       fail
        j       fail
        j       m_mti
        j       fail
        j       fail
        j       fail
        j       fail
        .option pop
m_msi:
        li      t6, CLINT_MSIP
        sw      zero, 0(t6)
        li      t5, 3
        j       m_intr_common
m_mti:
        li      t6, CLINT_MTIMECMP
        li      t5, -1
        sd      t5, 0(t6)
        li      t5, 7
m_intr_common:
        la      t6, m_intr_count
        sd      t5, 16(t6)
        ld      t5, 0(t6)
        addi    t5, t5, 1
        sd      t5, 0(t6)
        csrr    t5, mcause
        sd      t5, 8(t6)
        mret
RVTEST_CODE_END
RVTEST_DATA_BEGIN
        .align  3
s_intr_count: .dword 0, 0, 0
m_intr_count: .dword 0, 0, 0
RVTEST_DATA_END
