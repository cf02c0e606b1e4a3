/* rvx-isa: rv64gc_zihpm */
/* rvx-as: rv64gc */
/* rvx-qemu-cpu: none */
/* Zihpm: hpmcounter3..31, mhpmcounter3..31 and mhpmevent3..31 (privileged
 * spec, "Hardware Performance Monitor"; unprivileged spec, "Zihpm").
 * The events are rvx's choice (the spec leaves them to the platform), so
 * the expected counts come from rvx's documented event table (cpu/csr.c,
 * README "Performance counters") and the spec's counting rules:
 * mhpmevent is WARL (an unsupported event reads back 0), mcountinhibit
 * bit N freezes counter N, mcounteren/scounteren gate S/U reads as for
 * cycle, and a write to a counter takes precedence over the writing
 * instruction's own increment (as for minstret).  QEMU 7.2 counts
 * instructions from host ticks and has no TLB-miss counting of its own
 * choice, so it is no oracle for these counts (sscofpmf.S is run there).
 *
 * Events used: 2 instructions retired, 1 cycles (= instructions on rvx),
 * 0x10019 DTLB load misses, 0x10021 ITLB misses, 0x100 exceptions. */
#include "env.h"

#define EV_CYCLES       0x1
#define EV_INSTRET      0x2
#define EV_DTLB_LOAD    0x10019
#define EV_ITLB         0x10021
#define EV_EXC          0x100

#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_A 0x40
#define PTE_D 0x80
#define VA_DATA 0x40000000              /* l0[0], l0[1]: page_a, page_b */

/* \reg = the PTE pointing at \label with \flags (clobbers nothing else) */
.macro PTE_TO reg, label, flags
        la      \reg, \label
        srli    \reg, \reg, 12
        slli    \reg, \reg, 10
        ori     \reg, \reg, \flags
.endm

RVTEST_CODE_BEGIN
        /* ---- mhpmevent is WARL: unsupported events read back as 0 */
        li      TESTNUM, 1
        li      t0, 0x1234
        csrw    mhpmevent3, t0
        csrr    a0, mhpmevent3
        CHECK   a0, 0
        li      t0, EV_DTLB_LOAD
        csrw    mhpmevent31, t0
        csrr    a0, mhpmevent31
        CHECK   a0, EV_DTLB_LOAD
        csrw    mhpmevent31, zero
        /* (bits 63:56 without Sscofpmf: unit.test_csr_table; the lockstep
         * test runs this program with every extension on) */

        /* ---- counters are 64-bit read/write (OpenSBI probes so) */
        li      TESTNUM, 3
        csrwi   mcountinhibit, -1 & 0x1f        /* (counters 0..4 stopped) */
        li      t0, -1
        csrw    mhpmcounter4, t0
        csrr    a0, mhpmcounter4
        CHECK   a0, -1
        csrw    mhpmcounter4, zero
        csrwi   mcountinhibit, 0

        /* ---- instructions retired: the csrw's own increment is overridden */
        li      TESTNUM, 4
        li      t0, EV_INSTRET
        csrw    mhpmevent3, t0
        li      t0, EV_CYCLES
        csrw    mhpmevent4, t0
        csrw    mhpmcounter3, zero
        csrw    mhpmcounter4, zero
        nop
        nop
        nop
        nop
        nop
        nop
        nop
        nop
        nop
        nop
        csrr    a0, mhpmcounter3                /* 1 csrw + 10 nops */
        csrr    a1, mhpmcounter4                /* 10 nops + 1 csrr */
        CHECK   a0, 11
        CHECK   a1, 11
        li      TESTNUM, 5                      /* a loop: taken branches too */
        csrw    mhpmcounter3, zero
        li      t0, 100
1:      addi    t0, t0, -1
        bnez    t0, 1b
        csrr    a0, mhpmcounter3                /* li + 200 */
        CHECK   a0, 201

        /* ---- mcountinhibit bit 3 freezes counter 3 only */
        li      TESTNUM, 6
        csrw    mhpmcounter3, zero
        csrw    mhpmcounter4, zero
        csrsi   mcountinhibit, 8                /* counts (before the write) */
        nop
        nop
        csrr    a0, mhpmcounter3
        CHECK   a0, 1
        csrr    a1, mhpmcounter4                /* csrsi, 2 nops, csrr, li, bne */
        CHECK   a1, 6
        csrci   mcountinhibit, 8
        csrr    a0, mhpmcounter3
        CHECK   a0, 2                           /* resumes: the csrci counted */

        /* ---- hpmcounter3 below M: mcounteren, then scounteren in U */
        li      TESTNUM, 7
        csrw    mcounteren, zero
        csrw    scounteren, zero
        EXPECT_TRAP 2f
        GOTO_MODE 1, 1f
1:      csrr    a0, hpmcounter3
        j       fail
2:      CHECK_TRAP CAUSE_ILLEGAL
        li      TESTNUM, 8
        li      t0, 8
        csrw    mcounteren, t0
        EXPECT_TRAP 2f
        GOTO_MODE 1, 1f
1:      csrr    a0, hpmcounter3                 /* S: allowed */
        csrr    a1, hpmcounter4                 /* bit 4 clear: illegal */
        j       fail
2:      CHECK_TRAP CAUSE_ILLEGAL
        li      TESTNUM, 9
        EXPECT_TRAP 2f
        GOTO_MODE 0, 1f
1:      csrr    a0, hpmcounter3                 /* U: scounteren clear */
        j       fail
2:      CHECK_TRAP CAUSE_ILLEGAL
        li      TESTNUM, 10
        li      t0, 8
        csrw    scounteren, t0
        csrw    mhpmcounter3, zero
        EXPECT_TRAP 2f
        GOTO_MODE 0, 1f
1:      csrr    a0, hpmcounter3                 /* U: allowed; counts U too */
        ecall
        j       fail
2:      CHECK_TRAP CAUSE_ECALL_U
        /* (li, csrc, li, csrs, la, csrw, mret in M before the U csrr) */
        li      t0, 4
        bltu    a0, t0, fail
        csrw    mcounteren, zero
        csrw    scounteren, zero

        /* ---- exceptions taken */
        li      TESTNUM, 11
        li      t0, EV_EXC
        csrw    mhpmevent5, t0
        csrw    mhpmcounter5, zero
        EXPECT_TRAP 1f
        ecall
1:      EXPECT_TRAP 1f
        ebreak
1:      EXPECT_TRAP 1f
        .word   0                               /* illegal */
1:      csrr    a0, mhpmcounter5
        CHECK   a0, 3

        /* ---- TLB misses under Sv39: page tables, then S-mode accesses */
        li      TESTNUM, 12
        la      t0, pt_root
        PTE_TO  t1, pt_l1, PTE_V
        sd      t1, 8(t0)                       /* root[1] -> l1 */
        li      t1, ((0x80000000 >> 12) << 10) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
        sd      t1, 16(t0)                      /* root[2]: 1 GiB identity */
        la      t0, pt_l1
        PTE_TO  t1, pt_l0, PTE_V
        sd      t1, 0(t0)
        la      t0, pt_l0
        PTE_TO  t1, page_a, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        sd      t1, 0(t0)
        PTE_TO  t1, page_b, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        sd      t1, 8(t0)
        la      t0, pt_root
        srli    t0, t0, 12
        li      t1, 8 << 60
        or      t0, t0, t1
        csrw    satp, t0
        li      t0, EV_DTLB_LOAD
        csrw    mhpmevent6, t0
        li      t0, EV_ITLB
        csrw    mhpmevent7, t0
        li      t0, 0xc0                        /* S reads counters 6, 7 */
        csrw    mcounteren, t0
        li      a0, VA_DATA
        li      a1, VA_DATA + 0x1000
        csrw    mhpmcounter6, zero
        csrw    mhpmcounter7, zero
        sfence.vma                              /* every TLB empty */
        la      t0, page_b
        ld      t0, 0(t0)                       /* M: no translation, no miss */
        EXPECT_TRAP 2f
        GOTO_MODE 1, s_code                     /* S fetch: ITLB miss 1 */
2:      CHECK_TRAP CAUSE_ECALL_S
        CHECK   a2, 1                           /* page_a, page_b, page_a */
        CHECK   a3, 1
        CHECK   a4, 2
        CHECK   a5, 2
        CHECK   a6, 3
        CHECK   a7, 3                           /* ITLB: s_code, s_code again
                                                 * after the sfence, s_code2 */
        la      t0, page_a
        ld      t0, 0(t0)                       /* M: no miss */
        csrr    t0, mhpmcounter6
        CHECK   t0, 3
        csrw    satp, zero
        sfence.vma

        RVTEST_PASS

        /* S-mode, translated: each ld of a page the data TLB lacks walks */
        .align  12
s_code:
        ld      t0, 0(a0)                       /* page_a: miss */
        csrr    a2, hpmcounter6
        ld      t0, 8(a0)                       /* page_a: hit */
        csrr    a3, hpmcounter6
        ld      t0, 0(a1)                       /* page_b: miss */
        csrr    a4, hpmcounter6
        sd      t0, 16(a0)                      /* a store: not a load miss */
        ld      t0, 16(a1)                      /* hit */
        lr.d    t0, (a1)                        /* hit (rvx's slow path for
                                                 * LR, but the TLB has it) */
        csrr    a5, hpmcounter6
        sfence.vma
        ld      t0, 0(a0)                       /* page_a again: miss */
        csrr    a6, hpmcounter6
        j       s_code2                         /* next page: ITLB miss 2 */
        .align  12
s_code2:
        csrr    a7, hpmcounter7
        ecall
RVTEST_CODE_END

RVTEST_DATA_BEGIN
        .align  12
pt_root: .skip  4096
pt_l1:  .skip   4096
pt_l0:  .skip   4096
page_a: .skip   4096
page_b: .skip   4096
RVTEST_DATA_END
