/* rvx-qemu-cpu: none */
/* Svadu (privileged spec, "Svadu" chapter), Sv39; runs with rvx's default
 * ISA (GNU as 2.40 does not know the name svadu).  menvcfg.ADUE = 1 (rvx's
 * reset value): the walker sets A on any access and D on a store.  ADUE = 0
 * (Svade): a leaf with A = 0, or D = 0 for a store, is a page fault
 * (mtval = VA) and the PTE stays as it was, even when a load has just
 * cached the page's translation. */
#include "env.h"
#include "sv_env.h"

#define ADUE (1 << 61)
#define VA_PAGE(i) (0x40000000 + 0x1000 * (i))

/* pt_l0[i] = data_page with \flags */
.macro LEAF4K i, flags
        la      t0, data_page
        srli    t0, t0, 2
        ori     t0, t0, \flags
        la      t1, pt_l0
        sd      t0, (\i * 8)(t1)
.endm
/* \reg = the A/D bits of pt_l0[i] */
.macro AD reg, i
        la      \reg, pt_l0
        ld      \reg, (\i * 8)(\reg)
        andi    \reg, \reg, PTE_A | PTE_D
.endm

RVTEST_CODE_BEGIN
        li      TESTNUM, 1
        li      t0, (0x80000000 >> 12) << 10 | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
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
        LEAF4K  0, PTE_V | PTE_R | PTE_W
        LEAF4K  1, PTE_V | PTE_R | PTE_W
        LEAF4K  2, PTE_V | PTE_R | PTE_W | PTE_A
        LEAF4K  3, PTE_V | PTE_R | PTE_W | PTE_A
        la      t0, pt_root
        srli    t0, t0, 12
        li      t1, 8 << 60
        or      t0, t0, t1
        csrw    satp, t0
        sfence.vma
        csrr    a0, CSR_MENVCFG
        li      t0, ADUE
        and     a0, a0, t0
        CHECK   a0, ADUE

        /* ---- ADUE = 1: hardware update */
        S_OK    2, VA_PAGE(0), ld a0, 0(a1)
        CHECK   a0, 0x600d
        AD      a0, 0
        CHECK   a0, PTE_A
        S_OK    3, VA_PAGE(0), sd a1, 8(a1)
        AD      a0, 0
        CHECK   a0, PTE_A | PTE_D

        /* ---- ADUE = 0: page faults, PTEs unchanged */
        li      TESTNUM, 4
        li      t0, ADUE
        csrc    CSR_MENVCFG, t0
        csrr    a0, CSR_MENVCFG
        and     a0, a0, t0
        CHECK   a0, 0
        sfence.vma
        S_FAULT 5, CAUSE_LOAD_PAGE, VA_PAGE(1) + 8, ld a0, 0(a1)
        S_FAULT 6, CAUSE_STORE_PAGE, VA_PAGE(1) + 16, sd a0, 0(a1)
        AD      a0, 1
        CHECK   a0, 0
        /* A set, D clear: a load is fine and caches the translation; the
           store after it must still fault */
        S_OK    7, VA_PAGE(2), ld a0, 0(a1)
        CHECK   a0, 0x600d
        S_FAULT 8, CAUSE_STORE_PAGE, VA_PAGE(2) + 8, sd a0, 0(a1)
        AD      a0, 2
        CHECK   a0, PTE_A
        /* the same in one S-mode run (the store right after the load) */
        li      TESTNUM, 9
        li      a1, VA_PAGE(3)
        EXPECT_TRAP 1f
        GOTO_MODE 1, 2f
2:      ld      a0, 0(a1)
        sd      a0, 8(a1)
        j       fail
1:      CHECK_TRAP CAUSE_STORE_PAGE
        TRAP_TVAL a0
        li      t0, VA_PAGE(3) + 8
        bne     a0, t0, fail
        AD      a0, 3
        CHECK   a0, PTE_A
        /* pages with A and D set work as always */
        S_OK    10, VA_PAGE(0), sd a1, 16(a1)

        /* ---- ADUE = 1 again: the store sets D */
        li      TESTNUM, 11
        li      t0, ADUE
        csrs    CSR_MENVCFG, t0
        S_OK    11, VA_PAGE(2), sd a1, 8(a1)
        AD      a0, 2
        CHECK   a0, PTE_A | PTE_D
        csrw    satp, zero
        sfence.vma
        RVTEST_PASS
RVTEST_CODE_END

RVTEST_DATA_BEGIN
        .align  12
pt_root: .fill  512, 8, 0
pt_l1:  .fill   512, 8, 0
pt_l0:  .fill   512, 8, 0
data_page: .dword 0x600d
        .fill   511, 8, 0
RVTEST_DATA_END
