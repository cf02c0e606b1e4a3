/* rvx-isa: rv64gc_svinval */
/* Svinval (privileged spec, "Svinval" chapter): sinval.vma is illegal in
 * U-mode and, with mstatus.TVM = 1, in S-mode (mtval = the instruction),
 * as sfence.vma is; sfence.w.inval and sfence.inval.ir are illegal in U
 * only.  The sequence sfence.w.inval; sinval.vma; sfence.inval.ir makes a
 * changed PTE visible (Sv39). */
#include "env.h"

#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_A 0x40
#define PTE_D 0x80
#define LEAF (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
#define VA_PAGE 0x40000000

/* from M: run \insn in \mode; it must be illegal with mtval = \bits */
.macro ILLEGAL_IN n, mode, bits, insn:vararg
        li      TESTNUM, \n
        EXPECT_TRAP .Lback_\@
        GOTO_MODE \mode, .Ls_\@
.Ls_\@: \insn
        j       fail
.Lback_\@:
        CHECK_TRAP CAUSE_ILLEGAL
#ifndef RVX_QEMU_QUIRKS                 /* QEMU 7.2 leaves mtval 0 here */
        TRAP_TVAL a0
        CHECK   a0, \bits
#endif
.endm
.macro OK_IN n, mode, insn:vararg
        li      TESTNUM, \n
        EXPECT_TRAP .Lback_\@
        GOTO_MODE \mode, .Ls_\@
.Ls_\@: \insn
        ecall
.Lback_\@:
        CHECK_TRAP (8 + \mode)
.endm

RVTEST_CODE_BEGIN
        /* ---- privilege rules */
        li      a1, VA_PAGE
        ILLEGAL_IN 1, 0, 0x16b58073, sinval.vma a1, a1
#ifndef RVX_QEMU_QUIRKS                 /* QEMU 7.2 runs them in U-mode */
        ILLEGAL_IN 2, 0, 0x18000073, sfence.w.inval
        ILLEGAL_IN 3, 0, 0x18100073, sfence.inval.ir
#endif
        OK_IN   4, 1, sinval.vma a1, a1
        OK_IN   5, 1, sfence.w.inval
        OK_IN   6, 1, sfence.inval.ir
        li      t0, MSTATUS_TVM
        csrs    mstatus, t0
        ILLEGAL_IN 7, 1, 0x16000073, sinval.vma zero, zero
        OK_IN   8, 1, sfence.w.inval    /* TVM does not concern these */
        OK_IN   9, 1, sfence.inval.ir
        li      t0, MSTATUS_TVM
        csrc    mstatus, t0
        /* M-mode: all legal */
        li      TESTNUM, 10
        sinval.vma zero, zero
        sfence.w.inval
        sfence.inval.ir

        /* ---- a remapped page is seen after the sequence */
        li      TESTNUM, 11
        li      t0, (0x80000000 >> 12) << 10 | LEAF | PTE_X
        la      t1, pt_root
        sd      t0, 16(t1)
        la      t0, pt_l1
        srli    t0, t0, 2
        ori     t0, t0, PTE_V
        sd      t0, 8(t1)
        la      t0, pt_l0
        srli    t0, t0, 2
        ori     t0, t0, PTE_V
        la      t1, pt_l1
        sd      t0, 0(t1)
        la      t0, page_a
        srli    t0, t0, 2
        ori     t0, t0, LEAF
        la      t1, pt_l0
        sd      t0, 0(t1)
        la      t0, pt_root
        srli    t0, t0, 12
        li      t1, 8 << 60
        or      t0, t0, t1
        csrw    satp, t0
        sfence.vma
        EXPECT_TRAP 1f
        GOTO_MODE 1, 2f
2:      li      a1, VA_PAGE
        ld      a2, 0(a1)               /* page_a, now cached */
        la      t1, pt_l0 - 0x80000000 + 0x80000000
        la      t0, page_b
        srli    t0, t0, 2
        ori     t0, t0, LEAF
        sd      t0, 0(t1)               /* remap to page_b */
        sfence.w.inval
        sinval.vma a1, zero
        sfence.inval.ir
        ld      a3, 0(a1)
        ecall
1:      CHECK_TRAP CAUSE_ECALL_S
        CHECK   a2, 0xaaaa
        CHECK   a3, 0xbbbb
        csrw    satp, zero
        sfence.vma
        RVTEST_PASS
RVTEST_CODE_END

RVTEST_DATA_BEGIN
        .align  12
pt_root: .fill  512, 8, 0
pt_l1:  .fill   512, 8, 0
pt_l0:  .fill   512, 8, 0
page_a: .dword  0xaaaa
        .fill   511, 8, 0
page_b: .dword  0xbbbb
        .fill   511, 8, 0
RVTEST_DATA_END
