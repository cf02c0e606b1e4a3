/* rvx-isa: rv64gc_zicbom_zicboz_zicbop */
/* rvx-qemu-cpu: none */
/* Cache-block operations (CMO spec v1.0.1, blocks of 64 bytes): cbo.zero
 * zeroes exactly the aligned block holding rs1's address, also the last
 * block of a page; a block half outside PMP write permission faults (store
 * access fault, mtval = rs1) without writing any byte; the menvcfg/senvcfg
 * enables make cbo.* illegal (mtval = the instruction) in S and U when
 * off, and cbo.inval with CBIE = 01 runs (as a flush); cbo.clean/flush/inval
 * of nothing is a store access fault; cbo.zero on code drops the
 * translated code; prefetch.* are hints that never trap. */
#include "env.h"

#define CSR_MENVCFG 0x30a
#define CSR_SENVCFG 0x10a
#define CBIE_FLUSH (1 << 4)
#define CBIE_INVAL (3 << 4)
#define CBCFE (1 << 6)
#define CBZE (1 << 7)

/* from M: run \insn (a1 = \addr) in \mode; must trap to M with \cause */
.macro LOW_TRAP n, mode, cause, addr, insn:vararg
        li      TESTNUM, \n
        la      a1, \addr
        EXPECT_TRAP .Lback_\@
        GOTO_MODE \mode, .Ls_\@
.Ls_\@: \insn
        j       fail
.Lback_\@:
        CHECK_TRAP \cause
.endm
/* LOW_TRAP after a store to the same block in \mode: the store puts the
   page in the store TLB, so the trap must come from the envcfg check
   itself (the JIT's fast path tests it before the TLB) */
.macro LOW_TRAP_STORED n, mode, cause, addr, insn:vararg
        li      TESTNUM, \n
        la      a1, \addr
        EXPECT_TRAP .Lback_\@
        GOTO_MODE \mode, .Ls_\@
.Ls_\@: sd      zero, 8(a1)
        \insn
        j       fail
.Lback_\@:
        CHECK_TRAP \cause
.endm
/* from M: run \insn (a1 = \addr) in \mode; must not trap (one
   instruction: a ';' would end the macro's argument and run in M) */
.macro LOW_OK n, mode, addr, insn:vararg
        li      TESTNUM, \n
        la      a1, \addr
        EXPECT_TRAP .Lback_\@
        GOTO_MODE \mode, .Ls_\@
.Ls_\@: \insn
        ecall
.Lback_\@:
        CHECK_TRAP (8 + \mode)
.endm

/* fill 16 dwords at \label with 0x0101.. * (i + 1) */
.macro FILL label
        la      a1, \label
        li      a2, 0x0101010101010101
        mv      a3, a2
        li      a4, 16
1:      sd      a3, 0(a1)
        add     a3, a3, a2
        addi    a1, a1, 8
        addi    a4, a4, -1
        bnez    a4, 1b
.endm

RVTEST_CODE_BEGIN
        /* ---- M-mode: the block holding buf+0x48 is buf+0x40..0x7f */
        li      TESTNUM, 1
        FILL    cbo_buf
        FILL    cbo_buf + 0x80
        la      a1, cbo_buf + 0x48
        cbo.zero 0(a1)
        la      a1, cbo_buf
        ld      a0, 0x38(a1)
        CHECK   a0, 0x0808080808080808
        ld      a0, 0x40(a1)
        CHECK   a0, 0
        ld      a0, 0x78(a1)
        CHECK   a0, 0
        ld      a0, 0x80(a1)
        CHECK   a0, 0x0101010101010101

        /* ---- the last block of a page: the next page is untouched */
        li      TESTNUM, 2
        la      a1, page_b
        li      a0, -1
        sd      a0, 0(a1)
        sd      a0, -8(a1)
        sd      a0, -64(a1)
        sd      a0, -72(a1)
        addi    a2, a1, -1              /* the page's last byte */
        cbo.zero (a2)
        ld      a0, 0(a1)
        CHECK   a0, -1
        ld      a0, -8(a1)
        CHECK   a0, 0
        ld      a0, -64(a1)
        CHECK   a0, 0
        ld      a0, -72(a1)
        CHECK   a0, -1

        /* ---- cbo.* with every enable off: illegal in S and U, mtval =
           the instruction (mstatus.TVM etc. play no part) */
        li      TESTNUM, 3
        csrw    CSR_MENVCFG, zero
        csrw    CSR_SENVCFG, zero
        LOW_TRAP 3, 1, CAUSE_ILLEGAL, cbo_buf, cbo.zero 0(a1)
        TRAP_TVAL a0
        CHECK   a0, 0x0045a00f          /* cbo.zero 0(a1) */
        LOW_TRAP 4, 1, CAUSE_ILLEGAL, cbo_buf, cbo.clean 0(a1)
        LOW_TRAP 5, 1, CAUSE_ILLEGAL, cbo_buf, cbo.flush 0(a1)
        LOW_TRAP 6, 1, CAUSE_ILLEGAL, cbo_buf, cbo.inval 0(a1)
        TRAP_TVAL a0
        CHECK   a0, 0x0005a00f          /* cbo.inval 0(a1) */
        LOW_TRAP 7, 0, CAUSE_ILLEGAL, cbo_buf, cbo.zero 0(a1)
        LOW_TRAP_STORED 40, 1, CAUSE_ILLEGAL, cbo_buf, cbo.zero 0(a1)
        LOW_TRAP_STORED 41, 0, CAUSE_ILLEGAL, cbo_buf, cbo.zero 0(a1)

        /* ---- menvcfg on, senvcfg off: S may, U may not */
        li      t0, CBZE | CBCFE | CBIE_INVAL
        csrw    CSR_MENVCFG, t0
        csrr    a0, CSR_MENVCFG
        li      TESTNUM, 8
        CHECK   a0, CBZE | CBCFE | CBIE_INVAL
        FILL    cbo_buf
        LOW_OK 9, 1, cbo_buf, cbo.zero 0(a1)
        la      a1, cbo_buf
        ld      a0, 0x38(a1)
        CHECK   a0, 0
        LOW_OK 10, 1, cbo_buf, cbo.clean 0(a1)
        LOW_OK 10, 1, cbo_buf, cbo.flush 0(a1)
        LOW_OK 10, 1, cbo_buf, cbo.inval 0(a1)
        LOW_TRAP 11, 0, CAUSE_ILLEGAL, cbo_buf, cbo.zero 0(a1)
        LOW_TRAP_STORED 42, 0, CAUSE_ILLEGAL, cbo_buf, cbo.zero 0(a1)
        LOW_TRAP 12, 0, CAUSE_ILLEGAL, cbo_buf, cbo.flush 0(a1)
        LOW_TRAP 13, 0, CAUSE_ILLEGAL, cbo_buf, cbo.inval 0(a1)
        /* senvcfg on too: U may; CBIE = 01 still lets cbo.inval run */
        li      t0, CBZE | CBCFE | CBIE_FLUSH
        csrw    CSR_SENVCFG, t0
        FILL    cbo_buf
        LOW_OK 14, 0, cbo_buf + 0x40, cbo.zero 0(a1)
        LOW_OK 14, 0, cbo_buf + 0x40, cbo.inval 0(a1)
        LOW_OK 14, 0, cbo_buf + 0x40, cbo.clean 0(a1)
        la      a1, cbo_buf
        ld      a0, 0x38(a1)
        CHECK   a0, 0x0808080808080808
        ld      a0, 0x40(a1)
        CHECK   a0, 0
        /* CBIE = 10 is reserved: the field keeps 01 */
        li      TESTNUM, 15
        li      t0, 2 << 4
        csrw    CSR_SENVCFG, t0
        csrr    a0, CSR_SENVCFG
        CHECK   a0, CBIE_FLUSH
        /* only CBZE in S: cbo.flush stays illegal in U */
        li      t0, CBZE
        csrw    CSR_MENVCFG, t0
        LOW_TRAP 16, 1, CAUSE_ILLEGAL, cbo_buf, cbo.flush 0(a1)
        LOW_OK 17, 1, cbo_buf, cbo.zero 0(a1)
        li      t0, CBZE | CBCFE | CBIE_INVAL
        csrw    CSR_MENVCFG, t0

        /* ---- a block whose upper half PMP denies writes: store access
           fault, mtval = rs1, and the lower half keeps its bytes */
        li      TESTNUM, 18
        la      t0, pmp_blk + 32
        srli    t0, t0, 2
        ori     t0, t0, 3               /* NAPOT, 32 bytes */
        csrw    pmpaddr0, t0
        li      t0, -1
        csrw    pmpaddr1, t0
        li      t0, 0x19 | (0x1f << 8)  /* 0: NAPOT R; 1: NAPOT RWX */
        csrw    pmpcfg0, t0
        sfence.vma
        FILL    pmp_blk
        LOW_TRAP 18, 1, CAUSE_STORE_ACCESS, pmp_blk + 8, cbo.zero 0(a1)
        TRAP_TVAL a0
        la      t0, pmp_blk + 8
        bne     a0, t0, fail
        la      a1, pmp_blk
        ld      a0, 0(a1)
        CHECK   a0, 0x0101010101010101
        ld      a0, 24(a1)
        CHECK   a0, 0x0404040404040404
        ld      a0, 32(a1)
        CHECK   a0, 0x0505050505050505
        /* loads are allowed there: cbo.clean is too */
        LOW_OK 19, 1, pmp_blk, cbo.clean 0(a1)
        li      t0, -1
        csrw    pmpaddr0, t0
        li      t0, 0x1f
        csrw    pmpcfg0, t0
        sfence.vma

        /* ---- nothing at the address: store access fault for all */
        li      TESTNUM, 20
        EXPECT_TRAP 1f
        li      a1, 0x1000
        cbo.flush 0(a1)
        j       fail
1:      CHECK_TRAP CAUSE_STORE_ACCESS
        TRAP_TVAL a0
        CHECK   a0, 0x1000
        li      TESTNUM, 21
        EXPECT_TRAP 1f
        li      a1, 0x1010
        cbo.zero 0(a1)
        j       fail
1:      CHECK_TRAP CAUSE_STORE_ACCESS
        TRAP_TVAL a0
        CHECK   a0, 0x1010

        /* ---- cbo.zero on translated code: the next call sees zeroes (an
           illegal instruction) at the block's first byte */
        li      TESTNUM, 22
        call    code_blk
        CHECK   a0, 42
        la      a1, code_blk + 4
        cbo.zero 0(a1)
        EXPECT_TRAP 1f
        call    code_blk
        j       fail
1:      CHECK_TRAP CAUSE_ILLEGAL
        TRAP_EPC a0
        la      t0, code_blk
        bne     a0, t0, fail

        /* ---- prefetch hints never trap, whatever the address */
        li      TESTNUM, 23
        li      a1, 0x10
        prefetch.i 0(a1)
        prefetch.r 32(a1)
        prefetch.w -64(a1)
        RVTEST_PASS

        .align  6
code_blk:
        li      a0, 42
        ret
        .align  6
RVTEST_CODE_END

RVTEST_DATA_BEGIN
        .align  12
page_a: .fill   512, 8, 0
page_b: .fill   512, 8, 0
        .align  6
cbo_buf: .fill  32, 8, 0
        .align  6
pmp_blk: .fill  16, 8, 0
RVTEST_DATA_END
