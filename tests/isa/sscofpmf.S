/* rvx-isa: rv64gcs_zihpm_sscofpmf */
/* rvx-as: rv64gc */
/* rvx-qemu-cpu: rv64,sscofpmf=true */
/* Sscofpmf v1.0 (riscv-isa-manual, "Sscofpmf"): mhpmevent bits 63 OF,
 * 62 MINH, 61 SINH, 60 UINH (VSINH/VUINH read-only zero without H),
 * scountovf (0xda0: the OF bits; below M only those mcounteren grants),
 * and the local counter-overflow interrupt LCOFI (mip/mie bit 13,
 * delegable through mideleg): a counter that wraps from all ones to zero
 * sets OF and, if OF was clear, raises LCOFIP; writes never overflow.
 *
 * Also run on QEMU 7.2 (-cpu rv64,sscofpmf=true; counters 3..18 there).
 * QEMU counts "instructions" from host ticks and stores mhpmevent as
 * written, so built with RVX_QEMU_QUIRKS the exact counts, the skid bound,
 * the WARL checks and "a write never overflows" are left out; the overflow interrupt, OF,
 * scountovf, LCOFIP and the delegation are checked on both.  Event 2 is
 * instructions retired, 0x101 rvx's interrupts-taken event. */
#include "env.h"

#define EV_INSTRET      0x2
#define EV_IRQ          0x101
#define OF              (1 << 63)
#define MINH            (1 << 62)
#define SINH            (1 << 61)
#define UINH            (1 << 60)
#define LCOFI           (1 << 13)
#define CAUSE_LCOFI     (INTR | 13)

/* QEMU 7.2 gates scountovf by mcounteren in M-mode too (the spec: "In
 * M-mode, scountovf bit X is always readable"): its build keeps every
 * mcounteren bit set where the test would clear them. */
/* QEMU raises LCOFI for instruction events from a host timer, which its
 * main loop serves after milliseconds: it needs a longer wait (long
 * enough for a loaded host: 5e7 iterations once ran out under ctest -j2;
 * the interrupt ends the wait early), and the wrapped counter holds host
 * ticks, so its size is not checked there. */
#ifdef RVX_QEMU_QUIRKS
#define MCOUNTEREN_OFF li t0, -1; csrw mcounteren, t0
#define LCOFI_WAIT 1000000000
#else
#define MCOUNTEREN_OFF csrw mcounteren, zero
#define LCOFI_WAIT 10000
#endif

/* spin up to \n iterations (an interrupt is expected to end it) */
.macro SPIN n
        li      t0, \n
1:      addi    t0, t0, -1
        bnez    t0, 1b
.endm

RVTEST_CODE_BEGIN
        MCOUNTEREN_OFF
#ifndef RVX_QEMU_QUIRKS
        /* ---- mhpmevent: OF/MINH/SINH/UINH writable, 59:56 read zero */
        li      TESTNUM, 1
        li      t0, 0xff00000000000002
        csrw    mhpmevent3, t0
        csrr    a0, mhpmevent3
        CHECK   a0, 0xf000000000000002
        csrw    mhpmevent3, zero
#endif

        /* ---- OF written by software: scountovf shows it, no LCOFIP */
        li      TESTNUM, 2
        li      t0, OF | EV_INSTRET
        csrw    mhpmevent5, t0
        csrr    a0, scountovf
        CHECK   a0, 1 << 5
        csrr    a0, mip
        li      t0, LCOFI
        and     a0, a0, t0
        CHECK   a0, 0
        li      TESTNUM, 3                      /* S: only mcounteren's bits */
        li      t0, 1 << 5
        csrw    mcounteren, t0
        EXPECT_TRAP 2f
        GOTO_MODE 1, 1f
1:      csrr    a0, scountovf
        csrw    sscratch, a0
        ecall
2:      csrr    a0, sscratch
        CHECK   a0, 1 << 5
#ifndef RVX_QEMU_QUIRKS
        li      TESTNUM, 4                      /* QEMU 7.2 ignores mcounteren */
        csrw    mcounteren, zero
        EXPECT_TRAP 2f
        GOTO_MODE 1, 1f
1:      csrr    a0, scountovf
        csrw    sscratch, a0
        ecall
2:      csrr    a0, sscratch
        CHECK   a0, 0
#endif
        csrw    mhpmevent5, zero
        MCOUNTEREN_OFF

#ifndef RVX_QEMU_QUIRKS
        /* ---- a write never overflows.  Not on QEMU: its counter holds
         * host ticks, so -1 may legitimately wrap before the next write
         * (it did, 15 runs in 300 under load), and the timer it arms can
         * also set OF later, in the middle of sub-test 6. */
        li      TESTNUM, 5
        li      t0, EV_INSTRET
        csrw    mhpmevent3, t0
        li      t0, -1
        csrw    mhpmcounter3, t0
        csrw    mhpmcounter3, zero              /* -1 -> 0 by a write */
        csrr    a0, mhpmevent3
        CHECK   a0, EV_INSTRET                  /* OF still clear */
#endif

        /* ---- overflow raises LCOFI to M, sets OF and scountovf */
        li      TESTNUM, 6
        li      t0, EV_IRQ
        csrw    mhpmevent7, t0
        csrw    mhpmcounter7, zero
        li      t0, EV_INSTRET
        csrw    mhpmevent3, t0
        li      t0, -20
        csrw    mhpmcounter3, t0
        li      t0, LCOFI
        csrw    mie, t0
        EXPECT_TRAP 2f
        csrsi   mstatus, MSTATUS_MIE
        SPIN    LCOFI_WAIT
        j       fail
2:      CHECK_TRAP CAUSE_LCOFI
        csrw    mie, zero
        csrr    a0, mhpmevent3
        srli    a0, a0, 63
        CHECK   a0, 1
        csrr    a0, scountovf
        CHECK   a0, 1 << 3
        csrr    a0, mip
        li      t0, LCOFI
        and     a0, a0, t0
        CHECK   a0, LCOFI
#ifndef RVX_QEMU_QUIRKS
        csrr    a0, mhpmcounter3                /* wrapped: small again */
        li      t0, 100                         /* rvx: the handler, plus a block of skid */
        bgeu    a0, t0, fail
        csrr    a0, mhpmcounter7
        CHECK   a0, 1                           /* one interrupt taken */
#endif
        li      TESTNUM, 7                      /* LCOFIP is writable */
        li      t0, LCOFI
        csrc    mip, t0
        csrr    a0, mip
        and     a0, a0, t0
        CHECK   a0, 0

        /* ---- OF already set: the counter wraps, no interrupt request */
        li      TESTNUM, 8
        li      t0, -5
        csrw    mhpmcounter3, t0
        li      t0, LCOFI
        csrw    mie, t0
        csrsi   mstatus, MSTATUS_MIE            /* an LCOFI would fail */
        SPIN    100
        csrci   mstatus, MSTATUS_MIE
        csrw    mie, zero
#ifndef RVX_QEMU_QUIRKS
        csrr    a0, mhpmcounter3
        li      t0, 1000
        bgeu    a0, t0, fail                    /* wrapped (about 200) */
#endif
        csrr    a0, mip
        li      t0, LCOFI
        and     a0, a0, t0
        CHECK   a0, 0
        csrr    a0, scountovf
        CHECK   a0, 1 << 3

#ifndef RVX_QEMU_QUIRKS
        /* ---- mode filtering: 4 counts U and S, 5 only U, 6 only S */
        li      TESTNUM, 9
        li      t0, MINH | EV_INSTRET
        csrw    mhpmevent4, t0
        li      t0, MINH | SINH | EV_INSTRET
        csrw    mhpmevent5, t0
        li      t0, MINH | UINH | EV_INSTRET
        csrw    mhpmevent6, t0
        csrw    mhpmcounter4, zero
        csrw    mhpmcounter5, zero
        csrw    mhpmcounter6, zero
        EXPECT_TRAP 2f
        GOTO_MODE 0, 1f                         /* mret retires in M */
1:      nop
        nop
        nop
        nop
        nop
        ecall                                   /* traps: does not retire */
2:      CHECK_TRAP CAUSE_ECALL_U
        EXPECT_TRAP 2f
        GOTO_MODE 1, 1f
1:      nop
        nop
        nop
        nop
        nop
        nop
        nop
        ecall
2:      CHECK_TRAP CAUSE_ECALL_S
        csrr    a0, mhpmcounter4
        CHECK   a0, 12
        csrr    a0, mhpmcounter5
        CHECK   a0, 5
        csrr    a0, mhpmcounter6
        CHECK   a0, 7
        csrw    mhpmevent4, zero
        csrw    mhpmevent5, zero
        csrw    mhpmevent6, zero
#endif

        /* ---- delegated: LCOFI taken in S while U runs (S interrupts are
         * always enabled in U; SIE = 0 keeps the S handler's sret quiet) */
        li      TESTNUM, 10
        li      t0, EV_INSTRET                  /* OF clear again */
        csrw    mhpmevent3, t0
        li      t0, -30
        csrw    mhpmcounter3, t0
        li      t0, LCOFI
        csrw    mideleg, t0
        csrw    mie, t0
        li      t0, 1 << 3
        csrw    mcounteren, t0
        EXPECT_STRAP 3f
        GOTO_MODE 0, 1f
1:      SPIN    LCOFI_WAIT
        j       fail
3:      CHECK_STRAP CAUSE_LCOFI                 /* now in S */
        csrr    a0, sip
        li      t0, LCOFI
        and     a0, a0, t0
        CHECK   a0, LCOFI
        csrr    a0, scountovf
        CHECK   a0, 1 << 3
        li      t0, LCOFI
        csrc    sip, t0                         /* S clears it */
        csrr    a0, sip
        and     a0, a0, t0
        CHECK   a0, 0
        BACK_TO_M 2f
2:      CHECK_TRAP CAUSE_ECALL_S
        csrw    mie, zero
        csrw    mideleg, zero
        csrw    mhpmevent3, zero
        csrw    mhpmevent7, zero

        RVTEST_PASS
RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
