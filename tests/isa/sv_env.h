/* Shared by the Sv* extension tests (svpbmt.S, svnapot.S, svadu.S): Sv39
 * PTE bits (privileged spec, "Sv39"), the menvcfg CSR, and checks that
 * run one instruction in S-mode from M. */
#ifndef RVX_TESTS_ISA_SV_ENV_H
#define RVX_TESTS_ISA_SV_ENV_H

#define CSR_MENVCFG 0x30a
#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_A 0x40
#define PTE_D 0x80
#define LEAF (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)

/* table[index] = PTE for \target with \flags (a 64-bit constant) */
.macro SET_PTE table, index, target, flags
        la      t0, \target
        srli    t0, t0, 12
        slli    t0, t0, 10
        li      t1, \flags
        or      t0, t0, t1
        la      t1, \table
        sd      t0, (\index * 8)(t1)
.endm

/* from M: in S-mode with a1 = \addr run \insn; must fault with \cause,
   mtval = \addr */
.macro S_FAULT n, cause, addr, insn:vararg
        li      TESTNUM, \n
        li      a1, \addr
        EXPECT_TRAP .Lback_\@
        GOTO_MODE 1, .Ls_\@
.Ls_\@: \insn
        j       fail
.Lback_\@:
        CHECK_TRAP \cause
        TRAP_TVAL a0
        li      t0, \addr
        bne     a0, t0, fail
.endm
/* from M: in S-mode with a1 = \addr run \insn; no trap */
.macro S_OK n, addr, insn:vararg
        li      TESTNUM, \n
        li      a1, \addr
        EXPECT_TRAP .Lback_\@
        GOTO_MODE 1, .Ls_\@
.Ls_\@: \insn
        ecall
.Lback_\@:
        CHECK_TRAP CAUSE_ECALL_S
.endm

#endif
