/* Physical memory protection (Privileged spec, "Physical Memory
 * Protection"): with every entry OFF, S/U accesses fail (instruction access
 * fault at the first fetch); a NAPOT entry covering everything with RWX lets
 * them through; a TOR region without W gives store access faults (cause 7,
 * mtval = address) while loads succeed; the lowest-numbered matching entry
 * wins; NA4 and 4 KiB NAPOT regions; AMOs need W; M-mode ignores unlocked
 * entries, but a locked (L) entry binds M-mode too. */
#include "env.h"

#define PMP_R 0x01
#define PMP_W 0x02
#define PMP_X 0x04
#define PMP_TOR 0x08
#define PMP_NA4 0x10
#define PMP_NAPOT 0x18
#define PMP_L 0x80

.macro PMP_SYNC
        sfence.vma                      /* PMP changes: flush cached checks */
.endm

/* from M: with a1 = \addr run \insn in \mode; must fault to M with \cause,
   mtval = \addr */
.macro LOW_FAULT n, mode, cause, addr, insn:vararg
        li      TESTNUM, \n
        la      a1, \addr
        EXPECT_TRAP .Lback_\@
        GOTO_MODE \mode, .Ls_\@
.Ls_\@: \insn
        j       fail
.Lback_\@:
        CHECK_TRAP \cause
        TRAP_TVAL a0
        la      t0, \addr
        bne     a0, t0, fail
.endm
/* from M: with a1 = \addr run \insn in \mode; must succeed */
.macro LOW_OK n, mode, addr, insn:vararg
        li      TESTNUM, \n
        la      a1, \addr
        EXPECT_TRAP .Lback_\@
        GOTO_MODE \mode, .Ls_\@
.Ls_\@: \insn
        ecall
.Lback_\@:
        CHECK_TRAP (8 + \mode)         /* ecall from U (8) / S (9) */
.endm

RVTEST_CODE_BEGIN
        /* ---- all entries OFF: S and U cannot even fetch */
        li      TESTNUM, 1
        csrw    pmpcfg0, zero
        PMP_SYNC
        csrr    a0, pmpcfg0
        CHECK   a0, 0
#ifndef RVX_QEMU_QUIRKS
        /* (QEMU 7.2 instead makes the mret itself illegal when no PMP entry
           is active - not what the spec describes) */
        EXPECT_TRAP 1f
        GOTO_MODE 1, 2f
2:      j       fail
1:      CHECK_TRAP CAUSE_FETCH_ACCESS
        TRAP_TVAL a0
        la      a1, 2b
        bne     a0, a1, fail
        li      TESTNUM, 2
        EXPECT_TRAP 3f
        GOTO_MODE 0, 4f
4:      j       fail
3:      CHECK_TRAP CAUSE_FETCH_ACCESS
#endif
        /* M-mode is unaffected by unlocked (here: no) entries */
        li      TESTNUM, 3
        la      a1, pmp_page
        li      a0, 7
        sd      a0, 0(a1)
        ld      a2, 0(a1)
        CHECK   a2, 7

        /* ---- NAPOT over everything, RWX: S/U work */
        li      TESTNUM, 4
        li      t0, -1
        csrw    pmpaddr0, t0
        li      t0, PMP_NAPOT | PMP_R | PMP_W | PMP_X
        csrw    pmpcfg0, t0
        PMP_SYNC
        LOW_OK  5, 1, pmp_page, ld a0, 0(a1)
        CHECK   a0, 7
        LOW_OK  6, 0, pmp_page, sd a0, 8(a1)

        /* ---- entry 1 = TOR [pmp_page, pmp_page + 4 KiB) read-only; entry 0
           = OFF supplies the bottom; entry 2 = NAPOT RWX everything else */
        li      TESTNUM, 7
        la      t0, pmp_page
        srli    t0, t0, 2
        csrw    pmpaddr0, t0
        la      t0, pmp_page + 0x1000
        srli    t0, t0, 2
        csrw    pmpaddr1, t0
        li      t0, -1
        csrw    pmpaddr2, t0
        li      t0, ((PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 16) | ((PMP_TOR | PMP_R) << 8)
        csrw    pmpcfg0, t0
        PMP_SYNC
        csrr    a0, pmpcfg0
        bne     a0, t0, fail
        LOW_FAULT 8, 1, CAUSE_STORE_ACCESS, pmp_page + 16, sd a0, 0(a1)
        LOW_FAULT 9, 0, CAUSE_STORE_ACCESS, pmp_page + 0xff8, sw a0, 0(a1)
        LOW_FAULT 10, 1, CAUSE_STORE_ACCESS, pmp_page + 8, amoswap.d a0, a0, (a1)
        LOW_FAULT 11, 1, CAUSE_FETCH_ACCESS, pmp_page + 32, jr a1
        li      TESTNUM, 12
        la      a1, pmp_page
        li      a0, 0x4242
        sd      a0, 16(a1)              /* M-mode writes fine */
        LOW_OK  13, 1, pmp_page + 16, ld a0, 0(a1)
        CHECK   a0, 0x4242
        /* just outside the region, entry 2 grants RW */
        LOW_OK  14, 1, pmp_page + 0x1000, sd a0, 0(a1)
        LOW_OK  15, 1, pmp_page - 8, sd a0, 0(a1)

        /* ---- NA4 (one 4-byte word, no permissions) has priority as entry 0 */
        li      TESTNUM, 16
        la      t0, pmp_page2 + 8
        srli    t0, t0, 2
        csrw    pmpaddr0, t0
        li      t0, ((PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 16) | ((PMP_TOR | PMP_R) << 8) | PMP_NA4
        csrw    pmpcfg0, t0
        PMP_SYNC
        LOW_FAULT 17, 1, CAUSE_LOAD_ACCESS, pmp_page2 + 8, lw a0, 0(a1)
        LOW_FAULT 18, 1, CAUSE_LOAD_ACCESS, pmp_page2 + 10, lh a0, 0(a1)
        LOW_OK  19, 1, pmp_page2 + 12, lw a0, 0(a1)
        LOW_OK  20, 1, pmp_page2 + 4, lw a0, 0(a1)

        /* ---- NAPOT 4 KiB, no permissions: pmpaddr = base >> 2 | 0x1ff */
        li      TESTNUM, 21
        la      t0, pmp_page2
        srli    t0, t0, 2
        ori     t0, t0, 0x1ff
        csrw    pmpaddr0, t0
        li      t0, ((PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 16) | ((PMP_TOR | PMP_R) << 8) | PMP_NAPOT
        csrw    pmpcfg0, t0
        PMP_SYNC
        LOW_FAULT 22, 1, CAUSE_LOAD_ACCESS, pmp_page2 + 0xff8, ld a0, 0(a1)
        LOW_FAULT 23, 0, CAUSE_STORE_ACCESS, pmp_page2, sb a0, 0(a1)
        LOW_OK  24, 1, pmp_page2 + 0x1000, ld a0, 0(a1)

        /* ---- a locked entry applies to M-mode too (keep it last: L
           entries cannot be changed until reset) */
        li      TESTNUM, 25
        la      t0, pmp_page2
        srli    t0, t0, 2
        ori     t0, t0, 0x1ff
        csrw    pmpaddr0, t0
        li      t0, ((PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 16) | ((PMP_TOR | PMP_R) << 8) | PMP_NAPOT | PMP_R | PMP_L
        csrw    pmpcfg0, t0
        PMP_SYNC
        la      a1, pmp_page2
        ld      a0, 0(a1)               /* R granted */
        TEST_TRAP 26, CAUSE_STORE_ACCESS, sd a0, 0(a1)
        li      TESTNUM, 27
        TRAP_TVAL a0
        la      a1, pmp_page2
        bne     a0, a1, fail
        /* locked: writes to pmpaddr0 and its cfg byte are ignored */
        li      TESTNUM, 28
        csrw    pmpaddr0, zero
        csrr    a0, pmpaddr0
        beqz    a0, fail
        csrr    a0, pmpcfg0
        andi    a0, a0, 0xff
        CHECK   a0, PMP_NAPOT | PMP_R | PMP_L

        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
        .align  12
pmp_page:  .fill 512, 8, 0
pmp_page2: .fill 512, 8, 0
        .fill 512, 8, 0
RVTEST_DATA_END
