/* Loads through a guessed TLB addend.  The x86-64 JIT makes a load's host
 * address from the addend that load site found last time, and checks the
 * guess against the TLB entry (jit_gen.c, entry_addend): every load whose
 * address comes from a register the loop does more to than step by a
 * constant, and every load outside a loop.  A guess is wrong whenever
 * the site reaches another page whose physical page lies elsewhere, and
 * after a page is remapped; each such load must still read the new
 * page.  Sv39 in S-mode, four virtual pages mapped out of order onto
 * four physical ones (so every page has its own addend):
 *
 *   VA_PAGE(0) -> page2    VA_PAGE(1) -> page0
 *   VA_PAGE(2) -> page3    VA_PAGE(3) -> page1
 *   VA_PAGE(4) -> page0, then page1 (test 5)
 *
 * A node at NODE in each page holds the virtual address of the next
 * page's node and a value: a cycle V0 -> V1 -> V2 -> V3 -> V0 whose
 * values are 1, 0x100, 0x10000 and 0x1000000 (V0's to V3's).  A node at
 * SELF holds its own address (in VA_PAGE(4)) and 5 (page0) or 7 (page1).
 * Expected sums worked out by hand: 4k hops visit each node k times. */
#include "env.h"
#include "pte.h"

#define VA_PAGES  0x40200000
#define VA_PAGE(i) (VA_PAGES + 0x1000 * (i))
#define NODE 0x7f0
#define SELF 0x100

/* from M: runs \body in S-mode, which ends with ecall; clobbers t0 */
.macro IN_S n, body
        li      TESTNUM, \n
        EXPECT_TRAP .Lback_\@
        GOTO_MODE 1, \body
.Lback_\@:
        CHECK_TRAP CAUSE_ECALL_S
.endm

RVTEST_CODE_BEGIN
        /* code and data: the gigapage at 0x80000000, identity */
        li      t0, ((0x80000000 >> 12) << 10) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
        la      t1, pt_root
        sd      t0, 16(t1)
        SET_PTE pt_root, 1, pt_l1, PTE_V
        SET_PTE pt_l1, 1, pt_l0, PTE_V
        SET_PTE pt_l0, 0, page2, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        SET_PTE pt_l0, 1, page0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        SET_PTE pt_l0, 2, page3, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        SET_PTE pt_l0, 3, page1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        SET_PTE pt_l0, 4, page0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        la      t0, pt_root
        srli    t0, t0, 12
        li      t1, 8 << 60
        or      t0, t0, t1
        csrw    satp, t0
        sfence.vma

        /* 1: the chase, a loop whose every hop lands on another page (the
           value's load takes its base from the next's) */
        IN_S 1, chase
        CHECK   a2, 100 * 0x01010101
        CHECK   a0, VA_PAGE(0) + NODE

        /* 2: the same with the values read as doubles (fld) */
        IN_S 2, chase_fp
        CHECK   a2, 100 * 0x01010101

        /* 3: a load outside any loop, from a function called for each
           page in turn */
        IN_S 3, calls
        CHECK   a2, 25 * 0x01010101

        /* 4: the self-linked node, 50 hops: the guess settles on page0 */
        IN_S 4, self_loop
        CHECK   a2, 50 * 5

        /* 5: VA_PAGE(4) remapped onto page1: the same load sites, their
           guess page0's addend, must read page1 */
        SET_PTE pt_l0, 4, page1, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        sfence.vma
        IN_S 5, self_loop
        CHECK   a2, 50 * 7

        /* 6: and back */
        SET_PTE pt_l0, 4, page0, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        sfence.vma
        IN_S 6, self_loop
        CHECK   a2, 50 * 5

        csrw    satp, zero
        sfence.vma
        RVTEST_PASS

/* \label: (in S-mode) \hops hops from the node at \start, a0 = the
   next node's address, a2 = the sum of their values, each read into a3
   by \v1 and \v2 (from the node at a0); then ecall */
.macro CHASE label, start, hops, v1, v2
\label:
        li      a0, \start
        li      a1, \hops
        li      a2, 0
1:      ld      a0, 0(a0)
        \v1
        \v2
        add     a2, a2, a3
        addi    a1, a1, -1
        bnez    a1, 1b
        ecall
.endm
        CHASE   chase, VA_PAGE(0) + NODE, 400, "ld a3, 8(a0)"
        CHASE   chase_fp, VA_PAGE(0) + NODE, 400, "fld fa0, 8(a0)", "fmv.x.d a3, fa0"
        CHASE   self_loop, VA_PAGE(4) + SELF, 50, "ld a3, 8(a0)"

/* a2 += the value of the node on VA_PAGE(\i), through value_of */
.macro ADD_VALUE_OF i
        li      a0, VA_PAGE(\i) + NODE
        jal     value_of
        add     a2, a2, a0
.endm
calls:
        li      a1, 25
        li      a2, 0
1:      ADD_VALUE_OF 0
        ADD_VALUE_OF 1
        ADD_VALUE_OF 2
        ADD_VALUE_OF 3
        addi    a1, a1, -1
        bnez    a1, 1b
        ecall
value_of:
        ld      a0, 8(a0)
        ret
RVTEST_CODE_END

RVTEST_DATA_BEGIN
        .align  12
pt_root: .fill 512, 8, 0
pt_l1:  .fill 512, 8, 0
pt_l0:  .fill 512, 8, 0
/* page \name: at SELF the self-linked node (value \self), at NODE the
   chain's node (next \next, value \val) */
.macro PAGE name, self, next, val
\name:
        .fill   SELF / 8, 8, 0
        .dword  VA_PAGE(4) + SELF, \self
        .fill   (NODE - SELF - 16) / 8, 8, 0
        .dword  \next, \val
        .fill   (0x1000 - NODE - 16) / 8, 8, 0
.endm
        PAGE    page0, 5, VA_PAGE(2) + NODE, 0x100          /* V1 */
        PAGE    page1, 7, VA_PAGE(0) + NODE, 0x1000000      /* V3 */
        PAGE    page2, 0, VA_PAGE(1) + NODE, 0x1            /* V0 */
        PAGE    page3, 0, VA_PAGE(3) + NODE, 0x10000        /* V2 */
RVTEST_DATA_END
