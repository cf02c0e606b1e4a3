/* Test environment for the rvx ISA tests (bare metal, M-mode entry, HTIF exit).
 *
 * A test is:   #include "env.h"
 *              RVTEST_CODE_BEGIN
 *                ... sub-tests, each setting TESTNUM (gp) first ...
 *              RVTEST_PASS
 *              RVTEST_CODE_END
 *              RVTEST_DATA_BEGIN
 *                ... data ...
 *              RVTEST_DATA_END
 *
 * Exit protocol (HTIF): 1 -> tohost means pass; (N << 1) | 1 means fail with
 * code N, where N is the sub-test number held in TESTNUM when `fail` ran.
 *
 * Register conventions: gp holds TESTNUM; t5/t6 are scratch for the check
 * macros and the default trap handler, so never keep a live value there
 * across a CHECK or a trapping instruction; sp points at a 4 KiB stack.
 *
 * Traps: the default M-mode handler resumes at the address stored in
 * trap_state.resume (armed with EXPECT_TRAP), records mcause/mepc/mtval and
 * returns to M-mode (MPP := M) with mstatus.MIE = 0.  A trap that was not armed fails the test.
 * strap_vector (stvec at reset) does the same for traps delegated to S-mode
 * (EXPECT_STRAP / CHECK_STRAP, resumes in S-mode).
 */
#ifndef RVX_ISA_ENV_H
#define RVX_ISA_ENV_H

#define TESTNUM gp

#define MSTATUS_SIE   (1 << 1)
#define MSTATUS_MIE   (1 << 3)
#define MSTATUS_SPIE  (1 << 5)
#define MSTATUS_MPIE  (1 << 7)
#define MSTATUS_SPP   (1 << 8)
#define MSTATUS_MPP   (3 << 11)
#define MSTATUS_MPP_S (1 << 11)
#define MSTATUS_FS    (3 << 13)
#define MSTATUS_FS_INITIAL (1 << 13)
#define MSTATUS_FS_CLEAN   (2 << 13)
#define MSTATUS_FS_DIRTY   (3 << 13)
#define MSTATUS_MPRV  (1 << 17)
#define MSTATUS_SUM   (1 << 18)
#define MSTATUS_MXR   (1 << 19)
#define MSTATUS_TVM   (1 << 20)
#define MSTATUS_TW    (1 << 21)
#define MSTATUS_TSR   (1 << 22)

#define CAUSE_MISALIGNED_FETCH 0
#define CAUSE_FETCH_ACCESS     1
#define CAUSE_ILLEGAL          2
#define CAUSE_BREAKPOINT       3
#define CAUSE_MISALIGNED_LOAD  4
#define CAUSE_LOAD_ACCESS      5
#define CAUSE_MISALIGNED_STORE 6
#define CAUSE_STORE_ACCESS     7
#define CAUSE_ECALL_U          8
#define CAUSE_ECALL_S          9
#define CAUSE_ECALL_M          11
#define CAUSE_FETCH_PAGE       12
#define CAUSE_LOAD_PAGE        13
#define CAUSE_STORE_PAGE       15
#define INTR                   (1 << 63)

/* fflags bits (Unprivileged spec, "Accrued Exception Flags") */
#define FF_NX 0x01
#define FF_UF 0x02
#define FF_OF 0x04
#define FF_DZ 0x08
#define FF_NV 0x10

#define CLINT_BASE     0x2000000
#define CLINT_MTIMECMP (CLINT_BASE + 0x4000)
#define CLINT_MTIME    (CLINT_BASE + 0xbff8)

/* ---------------------------------------------------------------- checks */

/* fail unless \reg == \val (clobbers t6) */
.macro CHECK reg, val
        li      t6, \val
        bne     \reg, t6, fail
.endm

/* rd = inst(rs1=\v1, rs2=\v2), checked; also the rd==rs1 and rd==rs2 forms */
.macro TEST_RR n, inst, res, v1, v2
        li      TESTNUM, \n
        li      a1, \v1
        li      a2, \v2
        \inst   a0, a1, a2
        CHECK   a0, \res
        li      a2, \v2
        \inst   a2, a1, a2          /* rd == rs2 */
        CHECK   a2, \res
        li      a2, \v2
        \inst   a1, a1, a2          /* rd == rs1 */
        CHECK   a1, \res
.endm

.macro TEST_RI n, inst, res, v1, imm
        li      TESTNUM, \n
        li      a1, \v1
        \inst   a0, a1, \imm
        CHECK   a0, \res
        \inst   a1, a1, \imm        /* rd == rs1 */
        CHECK   a1, \res
.endm

/* unary: rd = inst(rs1) */
.macro TEST_R n, inst, res, v1
        li      TESTNUM, \n
        li      a1, \v1
        \inst   a0, a1
        CHECK   a0, \res
.endm

/* ----------------------------------------------------------------- traps */

/* arm the default handler: the next trap resumes at \label */
.macro EXPECT_TRAP label
        la      t6, \label
        la      t5, trap_state
        sd      t6, 0(t5)
.endm

/* after the resume point: a trap happened with mcause == \cause */
.macro CHECK_TRAP cause
        la      t6, trap_state
        ld      t5, 0(t6)
        bnez    t5, fail                /* never trapped */
        ld      t5, 8(t6)
        li      t6, \cause
        bne     t5, t6, fail
.endm

/* load the recorded mepc / mtval of the last trap */
.macro TRAP_EPC reg
        la      t6, trap_state
        ld      \reg, 16(t6)
.endm
.macro TRAP_TVAL reg
        la      t6, trap_state
        ld      \reg, 24(t6)
.endm

/* the S-mode handler's versions (traps delegated through medeleg) */
.macro EXPECT_STRAP label
        la      t6, \label
        la      t5, strap_state
        sd      t6, 0(t5)
.endm
.macro CHECK_STRAP cause
        la      t6, strap_state
        ld      t5, 0(t6)
        bnez    t5, fail
        ld      t5, 8(t6)
        li      t6, \cause
        bne     t5, t6, fail
.endm
.macro STRAP_EPC reg
        la      t6, strap_state
        ld      \reg, 16(t6)
.endm
.macro STRAP_TVAL reg
        la      t6, strap_state
        ld      \reg, 24(t6)
.endm

/* from M-mode: mret to \label in privilege \mode (0 U, 1 S, 3 M); clobbers t0 */
.macro GOTO_MODE mode, label
        li      t0, MSTATUS_MPP
        csrc    mstatus, t0
        li      t0, (\mode << 11)
        csrs    mstatus, t0
        la      t0, \label
        csrw    mepc, t0
        mret
.endm
/* from any mode (M handler not delegated): ecall, continue at \label in M */
.macro BACK_TO_M label
        EXPECT_TRAP \label
        ecall
.endm

/* run one instruction that must trap with \cause; its mepc is checked too */
.macro TEST_TRAP n, cause, insn:vararg
        li      TESTNUM, \n
        EXPECT_TRAP .Lresume_\@
.Linsn_\@:
        \insn
.Lresume_\@:
        CHECK_TRAP \cause
        TRAP_EPC t5
        la      t6, .Linsn_\@
        bne     t5, t6, fail
.endm

/* ----------------------------------------------------------- skeleton */

.macro RVTEST_CODE_BEGIN
        .section .text.init, "ax", @progbits
        .globl  _start
_start:
        j       reset_vector

        .align  2
trap_vector:
        la      t6, trap_state
        ld      t5, 0(t6)
        beqz    t5, unexpected_trap
        sd      t5, 32(t6)              /* keep the resume address */
        sd      zero, 0(t6)             /* disarm: a second trap fails */
        csrr    t5, mcause
        sd      t5, 8(t6)
        csrr    t5, mepc
        sd      t5, 16(t6)
        csrr    t5, mtval
        sd      t5, 24(t6)
        ld      t5, 32(t6)
        csrw    mepc, t5
        li      t5, MSTATUS_MPP         /* resume in M-mode ... */
        csrs    mstatus, t5
        li      t5, MSTATUS_MPIE        /* ... with interrupts off (MIE = 0) */
        csrc    mstatus, t5
        mret
unexpected_trap:
        /* fail with the current sub-test number; stash mcause for gdb */
        csrr    t5, mcause
        j       fail

        /* the same protocol for traps delegated to S-mode (resumes in S) */
        .align  2
strap_vector:
        la      t6, strap_state
        ld      t5, 0(t6)
        beqz    t5, unexpected_strap
        sd      t5, 32(t6)
        sd      zero, 0(t6)
        csrr    t5, scause
        sd      t5, 8(t6)
        csrr    t5, sepc
        sd      t5, 16(t6)
        csrr    t5, stval
        sd      t5, 24(t6)
        ld      t5, 32(t6)
        csrw    sepc, t5
        li      t5, MSTATUS_SPP         /* resume in S-mode */
        csrs    sstatus, t5
        sret
unexpected_strap:
        csrr    t5, scause
        j       fail

reset_vector:
        la      t0, trap_vector
        csrw    mtvec, t0
        la      t0, strap_vector
        csrw    stvec, t0
        csrw    mie, zero
        csrw    mip, zero
        csrw    medeleg, zero
        csrw    mideleg, zero
        csrw    satp, zero
        /* PMP: one NAPOT entry granting RWX everywhere, so S/U can run */
        li      t0, -1
        csrw    pmpaddr0, t0
        li      t0, 0x1f
        csrw    pmpcfg0, t0
        /* FP on (Initial), all FP state clean */
        li      t0, MSTATUS_FS
        csrc    mstatus, t0
        li      t0, MSTATUS_FS_INITIAL
        csrs    mstatus, t0
        csrwi   fcsr, 0
        la      sp, stack_top
        li      TESTNUM, 0
        j       test_body

        .text
test_body:
.endm

.macro RVTEST_PASS
        li      t0, 1
        la      t1, tohost
1:      sd      t0, 0(t1)
        j       1b
.endm

.macro RVTEST_CODE_END
        .align  2
fail:
        bnez    TESTNUM, 1f
        li      TESTNUM, 255            /* never report "pass" by accident */
1:      slli    t0, TESTNUM, 1
        ori     t0, t0, 1
        la      t1, tohost
2:      sd      t0, 0(t1)
        j       2b
.endm

.macro RVTEST_DATA_BEGIN
        .pushsection .tohost, "aw", @progbits
        .align  6
        .globl  tohost
tohost: .dword  0
        .size   tohost, 8
        .align  6
        .globl  fromhost
fromhost: .dword 0
        .size   fromhost, 8
        .popsection

        .data
        .align  4
/* armed resume address, mcause, mepc, mtval, copy of resume address */
trap_state: .dword 0, 0, 0, 0, 0
strap_state: .dword 0, 0, 0, 0, 0
        .align  4
stack:  .skip   4096
stack_top:
.endm

.macro RVTEST_DATA_END
.endm

#endif
