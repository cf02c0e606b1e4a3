/* Privileged architecture, synchronous traps and mode switches: ecall from
 * M/S/U (mcause 11/9/8), ebreak (3), illegal instructions with mtval = the
 * instruction (32-bit, and the 16-bit parcel for a compressed one), mret/sret
 * updating MPP/MPIE/MIE and SPP/SPIE/SIE, TSR (sret from S traps), TW (wfi
 * from S traps), misa and mhartid. */
#include "env.h"

RVTEST_CODE_BEGIN
        /* ---- misa: MXL = 2 (64-bit) and I M A F D C S U */
        li      TESTNUM, 1
        csrr    a0, misa
        srli    a1, a0, 62
        CHECK   a1, 2
        li      a2, (1 << 8) | (1 << 12) | (1 << 0) | (1 << 5) | (1 << 3) | (1 << 2) | (1 << 18) | (1 << 20)
        and     a1, a0, a2
        bne     a1, a2, fail
        li      TESTNUM, 2
        csrr    a0, mhartid
        CHECK   a0, 0

        /* ---- ecall / ebreak from M */
        TEST_TRAP 3, CAUSE_ECALL_M, ecall
        TEST_TRAP 4, CAUSE_BREAKPOINT, ebreak
        li      TESTNUM, 5
        TRAP_EPC a0                      /* mepc = the ebreak itself */
        EXPECT_TRAP 1f
2:      ebreak
1:      CHECK_TRAP CAUSE_BREAKPOINT
        TRAP_EPC a0
        la      a1, 2b
        bne     a0, a1, fail

        /* ---- illegal instructions, mtval = the encoding */
        TEST_TRAP 6, CAUSE_ILLEGAL, .word 0xfeb50533   /* OP with funct7 = 0x7f */
        li      TESTNUM, 7
        TRAP_TVAL a0
        CHECK   a0, 0xfeb50533
        /* a reserved 16-bit encoding (c.jr with rs1 = x0) followed by a
           c.nop: mtval holds only the 16-bit parcel */
        li      TESTNUM, 8
        EXPECT_TRAP 3f
4:      .2byte  0x8002
        .2byte  0x0001
3:      CHECK_TRAP CAUSE_ILLEGAL
        TRAP_TVAL a0
        CHECK   a0, 0x8002
        TRAP_EPC a0
        la      a1, 4b
        bne     a0, a1, fail
        li      TESTNUM, 9
        EXPECT_TRAP 5f
6:      .2byte  0x4002                   /* c.lwsp with rd = x0: reserved */
        .2byte  0xffff
5:      CHECK_TRAP CAUSE_ILLEGAL
        TRAP_TVAL a0
        CHECK   a0, 0x4002
        /* the all-zero parcel is illegal */
        TEST_TRAP 10, CAUSE_ILLEGAL, .2byte 0x0000

        /* ---- mret to M: MIE := MPIE, MPIE := 1, MPP := U (least privileged) */
        li      TESTNUM, 11
        li      t0, MSTATUS_MIE | MSTATUS_MPIE
        csrc    mstatus, t0
        li      t0, MSTATUS_MPIE         /* MPIE = 1, MIE = 0 */
        csrs    mstatus, t0
        GOTO_MODE 3, 7f
7:      csrr    a0, mstatus
        li      t0, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE
        and     a0, a0, t0
        CHECK   a0, MSTATUS_MPIE | MSTATUS_MIE
        csrci   mstatus, MSTATUS_MIE

        /* ---- mret to U with MPIE = 0, then ecall from U */
        li      TESTNUM, 12
        li      t0, MSTATUS_MPIE
        csrc    mstatus, t0
        csrsi   mstatus, MSTATUS_MIE     /* no interrupt enabled in mie */
        EXPECT_TRAP 8f
        GOTO_MODE 0, 9f
9:      ecall                            /* in U */
        j       fail
8:      CHECK_TRAP CAUSE_ECALL_U
        /* the handler's own mret (MPP = M, MPIE = 0) left MPP = U,
           MPIE = 1, MIE = 0; tests 13/14 look at the trap itself */
        csrr    a0, mstatus
        li      t0, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE
        and     a0, a0, t0
        CHECK   a0, MSTATUS_MPIE

        /* record mstatus inside a custom handler instead, to see MPP/MPIE
           exactly as the trap left them */
        li      TESTNUM, 13
        la      t0, raw_handler
        csrw    mtvec, t0
        li      t0, MSTATUS_MPIE
        csrs    mstatus, t0
        csrci   mstatus, MSTATUS_MIE
        GOTO_MODE 1, 10f
10:     ecall                            /* in S: MIE was 1 (from MPIE) */
        j       fail
raw_back_13:
        CHECK   a0, CAUSE_ECALL_S
        li      t0, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE
        and     a1, a1, t0
        CHECK   a1, MSTATUS_MPP_S | MSTATUS_MPIE
        la      t0, 10b
        bne     a2, t0, fail
        li      TESTNUM, 14
        la      t0, raw_back_14
        la      t1, raw_back
        sd      t0, 0(t1)
        li      t0, MSTATUS_MPIE
        csrc    mstatus, t0
        GOTO_MODE 0, 11f
11:     ecall                            /* in U: MIE was 0 */
        j       fail
raw_back_14:
        CHECK   a0, CAUSE_ECALL_U
        li      t0, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE
        and     a1, a1, t0
        CHECK   a1, 0
        la      t0, trap_vector
        csrw    mtvec, t0

        /* ---- sret: from S to U and to S; SIE := SPIE, SPIE := 1, SPP := U */
        li      TESTNUM, 15
        GOTO_MODE 1, 12f
12:     li      t0, MSTATUS_SPP | MSTATUS_SIE
        csrc    sstatus, t0
        li      t0, MSTATUS_SPIE
        csrs    sstatus, t0
        la      t0, 13f
        csrw    sepc, t0
        sret                             /* to U */
13:     EXPECT_TRAP 14f
        ecall
        j       fail
14:     CHECK_TRAP CAUSE_ECALL_U
        csrr    a0, mstatus
        li      t0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE
        and     a0, a0, t0
        CHECK   a0, MSTATUS_SPIE | MSTATUS_SIE
        csrci   mstatus, MSTATUS_SIE
        li      TESTNUM, 16
        GOTO_MODE 1, 15f
15:     li      t0, MSTATUS_SPP          /* SPP = S, SPIE = 0 */
        csrs    sstatus, t0
        li      t0, MSTATUS_SPIE
        csrc    sstatus, t0
        la      t0, 16f
        csrw    sepc, t0
        sret                             /* stays in S */
16:     csrr    a0, sstatus              /* readable only in S or M */
        li      t0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE
        and     a0, a0, t0
        CHECK   a0, MSTATUS_SPIE         /* SPP := U, SIE := 0 */
        EXPECT_TRAP 17f
        ecall
        j       fail
17:     CHECK_TRAP CAUSE_ECALL_S

        /* ---- privileged instructions from lower modes */
        li      TESTNUM, 17
        EXPECT_TRAP 18f
        GOTO_MODE 0, 19f
19:     mret                             /* mret in U: illegal */
        j       fail
18:     CHECK_TRAP CAUSE_ILLEGAL
        TRAP_TVAL a0
        CHECK   a0, 0x30200073
        li      TESTNUM, 18
        EXPECT_TRAP 20f
        GOTO_MODE 1, 21f
21:     mret                             /* mret in S: illegal */
        j       fail
20:     CHECK_TRAP CAUSE_ILLEGAL
        li      TESTNUM, 19
        EXPECT_TRAP 22f
        GOTO_MODE 0, 23f
23:     sret                             /* sret in U: illegal */
        j       fail
22:     CHECK_TRAP CAUSE_ILLEGAL
        li      TESTNUM, 20
        EXPECT_TRAP 24f
        GOTO_MODE 1, 25f
25:     csrr    a0, mstatus              /* M CSR from S: illegal */
        j       fail
24:     CHECK_TRAP CAUSE_ILLEGAL
        li      TESTNUM, 21
        EXPECT_TRAP 26f
        GOTO_MODE 0, 27f
27:     csrr    a0, sstatus              /* S CSR from U: illegal */
        j       fail
26:     CHECK_TRAP CAUSE_ILLEGAL

        /* ---- TSR = 1: sret in S traps; in M it still works */
        li      TESTNUM, 22
        li      t0, MSTATUS_TSR
        csrs    mstatus, t0
        EXPECT_TRAP 28f
        GOTO_MODE 1, 29f
29:     la      t0, 30f
        csrw    sepc, t0
        sret
30:     j       fail
28:     CHECK_TRAP CAUSE_ILLEGAL
        TRAP_TVAL a0
        CHECK   a0, 0x10200073
        li      TESTNUM, 23
        li      t0, MSTATUS_SPP           /* M-mode sret (to S) is fine */
        csrs    mstatus, t0
        la      t0, 31f
        csrw    sepc, t0
        sret
31:     BACK_TO_M 32f
32:     CHECK_TRAP CAUSE_ECALL_S
        li      t0, MSTATUS_TSR
        csrc    mstatus, t0

        /* ---- TW = 1: wfi in S traps (no wait) */
        li      TESTNUM, 24
        li      t0, MSTATUS_TW
        csrs    mstatus, t0
        EXPECT_TRAP 33f
        GOTO_MODE 1, 34f
34:     wfi
        j       fail
33:     CHECK_TRAP CAUSE_ILLEGAL
        TRAP_TVAL a0
        CHECK   a0, 0x10500073
        li      t0, MSTATUS_TW
        csrc    mstatus, t0

        /* ---- mepc[0] is always 0, mtvec mode bits, mscratch round-trip */
        li      TESTNUM, 25
        li      t0, 0x80000003
        csrw    mepc, t0
        csrr    a0, mepc
#ifndef RVX_QEMU_QUIRKS                  /* QEMU 7.2 keeps bit 0 of mepc */
        CHECK   a0, 0x80000002           /* IALIGN = 16: only bit 0 cleared */
#endif

        /* ---- precise traps: in a straight run of code, everything before
           the faulting instruction took effect, nothing after it did */
        li      TESTNUM, 26
        la      a4, ptrap_buf
        li      a0, 0
        li      a1, 0
        li      a2, 0
        sd      zero, 0(a4)
        EXPECT_TRAP 41f
        addi    a0, a0, 1
        sd      a0, 0(a4)
        addi    a1, a1, 2
42:     .word   0xfeb50533               /* illegal */
        addi    a2, a2, 3
        sd      a2, 0(a4)
41:     CHECK_TRAP CAUSE_ILLEGAL
        TRAP_EPC a3
        la      t0, 42b
        bne     a3, t0, fail
        CHECK   a0, 1
        CHECK   a1, 2
        CHECK   a2, 0
        ld      a3, 0(a4)
        CHECK   a3, 1
        /* the same once the code is hot (translated, possibly chained) */
        li      TESTNUM, 27
        li      s2, 5
43:     li      a0, 0
        li      a1, 0
        EXPECT_TRAP 44f
        addi    a0, a0, 1
        ebreak
        addi    a1, a1, 1
44:     CHECK_TRAP CAUSE_BREAKPOINT
        CHECK   a0, 1
        CHECK   a1, 0
        addi    s2, s2, -1
        bnez    s2, 43b

        RVTEST_PASS

        /* a handler that reports mcause/mstatus/mepc in a0/a1/a2 and returns
           to M-mode at the address in raw_back */
        .align  2
raw_handler:
        csrr    a0, mcause
        csrr    a1, mstatus
        csrr    a2, mepc
        la      t0, raw_back
        ld      t0, 0(t0)
        csrw    mepc, t0
        li      t0, MSTATUS_MPP
        csrs    mstatus, t0
        mret
RVTEST_CODE_END
RVTEST_DATA_BEGIN
raw_back: .dword raw_back_13
ptrap_buf: .dword 0
RVTEST_DATA_END
