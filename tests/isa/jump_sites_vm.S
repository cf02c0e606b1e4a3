/* Indirect and cross-page jumps whose virtual target reaches other code
 * after a change of translation (Privileged spec, "Supervisor-Level
 * ISA": satp, SFENCE.VMA, Sv39): the same jalr site, with the same target
 * address, in M-mode (no translation) and in S-mode (a page mapped
 * elsewhere); a leaf PTE changed under a hot jalr site and under a hot
 * jump to the next page, each followed by sfence.vma; satp switched
 * between two page tables mapping the target to different pages.  rvx's
 * JIT keeps, per jump site, the target it reached last (cpu/jit.c); these
 * fail if such a prediction survives the change.  Each target returns a
 * constant, so the expected sums follow from the code.
 *
 * Sv39 tables built at run time (root -> l1 -> l0):
 *   VA 0x80000000, 2 MiB leaf: identity (the test's code, data, stack)
 *   VA 0x80400000 + 4 KiB * i, 4 KiB leaves:
 *      0  pg_z1 (returns 51), later pg_z2 (52); table B: pg_z1
 *      1  pg_x (a jump to VA page 2)
 *      2  pg_y1 (returns 31), later pg_y2 (32)
 *   VA 0x84400000 (VA_E), 4 KiB leaf: pg_e (returns 7)
 * In M-mode VA 0x80400000 is physical: the test writes code returning 61
 * there. */
#include "env.h"
#include "pte.h"

#define LEAF_RX (PTE_V | PTE_R | PTE_X | PTE_A)
#define VA_Z 0x80400000
#define VA_X 0x80401000
#define VA_E 0x84400000

/* s3 = the sum of a0 over \n calls of site with a5 = \va (s2 clobbered) */
.macro SUM_SITE n, va
        li      a5, \va
        li      s2, \n
        li      s3, 0
.Lloop_\@:
        call    site
        add     s3, s3, a0
        addi    s2, s2, -1
        bnez    s2, .Lloop_\@
.endm

/* satp = Sv39 with root \table */
.macro SET_SATP table
        la      t0, \table
        srli    t0, t0, 12
        li      t1, 8 << 60
        or      t0, t0, t1
        csrw    satp, t0
.endm

RVTEST_CODE_BEGIN
        /* ---- tables A and B, and code at physical VA_Z for M-mode */
        SET_PTE root_a, 2, l1_a, PTE_V
        SET_PTE l1_a, 0, _start, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
        SET_PTE l1_a, 2, l0_a, PTE_V
        SET_PTE l0_a, 0, pg_z1, LEAF_RX
        SET_PTE l0_a, 1, pg_x, LEAF_RX
        SET_PTE l0_a, 2, pg_y1, LEAF_RX
        SET_PTE l1_a, 34, l0_e, PTE_V
        SET_PTE l0_e, 0, pg_e, LEAF_RX
        SET_PTE root_b, 2, l1_b, PTE_V
        SET_PTE l1_b, 0, _start, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
        SET_PTE l1_b, 2, l0_b, PTE_V
        SET_PTE l0_b, 0, pg_z1, LEAF_RX
        li      a1, VA_Z
        la      a2, tmpl_m_code
        lw      a3, 0(a2)
        sw      a3, 0(a1)
        lw      a3, 4(a2)
        sw      a3, 4(a1)
        fence.i
        SET_SATP root_a
        sfence.vma

        /* ---- one site, one target address: M-mode, S-mode, M-mode */
        li      TESTNUM, 1
        SUM_SITE 10, VA_Z
        CHECK   s3, 610
        GOTO_MODE 1, 1f
1:      li      TESTNUM, 2
        SUM_SITE 10, VA_Z
        CHECK   s3, 510
        BACK_TO_M 2f
2:      CHECK_TRAP CAUSE_ECALL_S
        li      TESTNUM, 3
        SUM_SITE 10, VA_Z
        CHECK   s3, 610

        /* ---- S-mode: the jalr site's target page remapped */
        GOTO_MODE 1, 3f
3:      li      TESTNUM, 4
        SUM_SITE 10, VA_Z
        CHECK   s3, 510
        SET_PTE l0_a, 0, pg_z2, LEAF_RX
        sfence.vma
        li      TESTNUM, 5
        SUM_SITE 10, VA_Z
        CHECK   s3, 520

        /* ---- S-mode: a jump to the next page, that page remapped */
        li      TESTNUM, 6
        SUM_SITE 10, VA_X
        CHECK   s3, 310
        SET_PTE l0_a, 2, pg_y2, LEAF_RX
        li      a0, VA_X + 0x1000
        sfence.vma a0                   /* (that page only) */
        li      TESTNUM, 7
        SUM_SITE 10, VA_X
        CHECK   s3, 320

        /* ---- S-mode: satp switched between tables B (pg_z1) and A
           (pg_z2), the jalr site hot in each */
        li      s4, 4
4:      li      TESTNUM, 8
        SET_SATP root_b
        sfence.vma
        SUM_SITE 5, VA_Z
        CHECK   s3, 255
        li      TESTNUM, 9
        SET_SATP root_a
        sfence.vma
        SUM_SITE 5, VA_Z
        CHECK   s3, 260
        addi    s4, s4, -1
        bnez    s4, 4b

        /* ---- S-mode: the target's fetch translation evicted from the
           TLB by a page at the same index (VA_E, 64 MiB above, which rvx's
           16384-entry TLB puts in VA_Z's slot), then VA_Z remapped with
           an sfence.vma of VA_Z alone, which then finds no fetch entry to
           drop: the site's prediction must still not survive */
        li      TESTNUM, 10
        SUM_SITE 10, VA_Z
        CHECK   s3, 520
        li      a1, VA_E
        jalr    a1                      /* (another site) */
        CHECK   a0, 7
        SET_PTE l0_a, 0, pg_z1, LEAF_RX
        li      a0, VA_Z
        sfence.vma a0
        li      TESTNUM, 11
        SUM_SITE 10, VA_Z
        CHECK   s3, 510
        BACK_TO_M 5f
5:      CHECK_TRAP CAUSE_ECALL_S
        RVTEST_PASS

/* the one jalr site every call above goes through */
        JUMP_SITE
        TARGET_PAGES
        .balign 4096
pg_x:   j       . + 4096                /* VA page 2 */
        .balign 4096
pg_y1:  li      a0, 31
        ret
        .balign 4096
pg_y2:  li      a0, 32
        ret
        .balign 4096
pg_e:   li      a0, 7
        ret

RVTEST_CODE_END

        .data
        .align  2
        .option push
        .option norvc
tmpl_m_code:
        addi    a0, zero, 61
        ret
        .option pop
        .balign 4096
root_a: .skip   4096
l1_a:   .skip   4096
l0_a:   .skip   4096
root_b: .skip   4096
l1_b:   .skip   4096
l0_b:   .skip   4096
l0_e:   .skip   4096
RVTEST_DATA_BEGIN
RVTEST_DATA_END
