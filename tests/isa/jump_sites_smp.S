/* rvx-smp: 2 */
/* Two harts, one jalr site, one virtual target that each hart's page
 * table maps to different code (Privileged spec, Sv39): hart 0's VA_Z
 * reaches code returning 51, hart 1's code returning 52.  rvx runs the
 * harts interleaved on one host thread (rvx-smp, tests/isa/CMakeLists.txt),
 * so they share one code arena and its per-site predictions of jump
 * targets (cpu/jit.c); a prediction one hart made must never serve the
 * other, whatever their translation histories (here the same).  Each
 * hart sums 20000 calls; sub-test 1 + hartid fails on a wrong sum. */
#include "env.h"
#include "pte.h"

#define VA_Z 0x80400000
#define CALLS 20000

/* \table_reg[\index] = PTE for the address in \pa_reg with \flags (t0) */
.macro PUT_PTE table_reg, index, pa_reg, flags
        srli    t0, \pa_reg, 12
        slli    t0, t0, 10
        ori     t0, t0, \flags
        sd      t0, (\index * 8)(\table_reg)
.endm

RVTEST_CODE_BEGIN
        csrr    s0, mhartid
        li      t0, 2
        bgeu    s0, t0, park
        li      TESTNUM, 1
        add     TESTNUM, TESTNUM, s0
        la      sp, stacks_top          /* a stack per hart */
        slli    t1, s0, 12
        sub     sp, sp, t1
        /* this hart's tables: root, l1, l0 at tables + hartid * 3 pages */
        la      s1, tables
        li      t0, 3 * 4096
        mul     t0, t0, s0
        add     s1, s1, t0
        li      t2, 4096
        add     s4, s1, t2              /* l1 */
        add     s5, s4, t2              /* l0 */
        PUT_PTE s1, 2, s4, PTE_V
        la      t1, _start
        PUT_PTE s4, 0, t1, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
        PUT_PTE s4, 2, s5, PTE_V
        la      t1, pg_z1               /* hart 1: pg_z2, the next page */
        slli    t2, s0, 12
        add     t1, t1, t2
        PUT_PTE s5, 0, t1, PTE_V | PTE_R | PTE_X | PTE_A
        srli    t0, s1, 12
        li      t1, 8 << 60
        or      t0, t0, t1
        csrw    satp, t0
        sfence.vma
        GOTO_MODE 1, 1f
1:      li      a5, VA_Z
        li      s2, CALLS
        li      s3, 0
2:      call    site
        add     s3, s3, a0
        addi    s2, s2, -1
        bnez    s2, 2b
        li      t0, 51
        add     t0, t0, s0
        li      t1, CALLS
        mul     t0, t0, t1
        bne     s3, t0, fail
        bnez    s0, 4f
        la      t0, done1               /* hart 0: wait for hart 1 */
3:      ld      t1, 0(t0)
        beqz    t1, 3b
        RVTEST_PASS
4:      la      t0, done1
        li      t1, 1
        sd      t1, 0(t0)
park:   wfi
        j       park

/* the one jalr site both harts call through */
        JUMP_SITE
        TARGET_PAGES

RVTEST_CODE_END

        .data
        .align  3
done1:  .dword  0
        .balign 4096
        .skip   2 * 4096
stacks_top:
tables: .skip   6 * 4096
RVTEST_DATA_BEGIN
RVTEST_DATA_END
