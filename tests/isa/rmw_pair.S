/* A load and a store near it with nothing that may trap between (a
 * read-modify-write, x[i] += y, or t[j - 1] = f(t[j])): the x86-64 JIT
 * pairs them (jit_plan.c, plan_pairs): the load checks the store TLB and
 * the store reuses its host address.  Every form must store exactly
 * what the unpaired code does, wherever the pair's fast path cannot
 * hold: a store that falls in the next page, a page that may be read
 * but not written (the load succeeds, the store faults), a page holding
 * code (never in the store TLB), a store wider than the load (never
 * paired).  Expected values worked out by hand from the loops (and
 * checked on QEMU with the other ISA tests). */
#include "env.h"

#define PMP_R 0x01
#define PMP_W 0x02
#define PMP_X 0x04
#define PMP_TOR 0x08
#define PMP_NAPOT 0x18

/* fails unless the doubleword at \label + \off is \val; clobbers t0 */
.macro CHECK_AT label, off, val
        la      t0, \label
        ld      t0, \off(t0)
        CHECK   t0, \val
.endm

/* \base[i] = i * \mul for i < \n doublewords; clobbers t0-t2 */
.macro FILL base, n, mul
        la      t0, \base
        li      t1, 0
1:      li      t2, \mul
        mul     t2, t2, t1
        sd      t2, 0(t0)
        addi    t0, t0, 8
        addi    t1, t1, 1
        li      t2, \n
        bne     t1, t2, 1b
.endm

/* a0 = the sum of \n doublewords at \base; clobbers t0-t2 */
.macro SUM base, n
        la      t0, \base
        li      t1, \n
        li      a0, 0
1:      ld      t2, 0(t0)
        add     a0, a0, t2
        addi    t0, t0, 8
        addi    t1, t1, -1
        bnez    t1, 1b
.endm

/* from M: runs the code at \body in S-mode with a1 = \addr; it must
 * trap with \cause and mtval = \addr + \at (a1 as it was); clobbers
 * t0, t1 */
.macro S_STORE_FAULT n, addr, at, cause, body
        li      TESTNUM, \n
        la      a1, \addr
        li      a0, 0
        EXPECT_TRAP .Lback_\@
        GOTO_MODE 1, \body
.Lback_\@:
        CHECK_TRAP \cause
        TRAP_TVAL t0
        la      t1, \addr + \at
        bne     t0, t1, fail
.endm
/* ... must trap with a misaligned store (6) or a store access fault (7) */
.macro S_STORE_TRAP n, addr, body
        li      TESTNUM, \n
        la      a1, \addr
        EXPECT_TRAP .Lback_\@
        GOTO_MODE 1, \body
.Lback_\@:
        la      t0, trap_state
        ld      t1, 0(t0)
        bnez    t1, fail                /* never trapped */
        ld      t1, 8(t0)
        addi    t1, t1, -CAUSE_MISALIGNED_STORE
        srli    t1, t1, 1
        bnez    t1, fail                /* neither 6 nor 7 */
.endm

RVTEST_CODE_BEGIN
        /* 1: x[i] += i, the base moved between load and store (the
         * modexp form: ld 0(a2); addi a2, a2, 8; ...; sd -8(a2)) */
        li      TESTNUM, 1
        FILL    buf, 64, 3
        la      a2, buf
        li      a3, 0
        li      a4, 64
1:      ld      a5, 0(a2)
        addi    a2, a2, 8
        add     a5, a5, a3
        sd      a5, -8(a2)
        addi    a3, a3, 1
        bne     a3, a4, 1b
        SUM     buf, 64
        CHECK   a0, 8064                /* 4 * (0 + ... + 63) */
        CHECK_AT buf, 63 * 8, 252

        /* 2: t[j - 1] = t[j] + 1, the store 8 below the load, over an
         * array across a page boundary (at cross + 256: index 32) */
        li      TESTNUM, 2
        FILL    cross, 64, 5
        la      a2, cross
        li      a3, 63
1:      ld      a5, 8(a2)
        addi    a2, a2, 8
        addi    a5, a5, 1
        sd      a5, -8(a2)
        addi    a3, a3, -1
        bnez    a3, 1b
        CHECK_AT cross, 0, 6            /* t[1] + 1 */
        CHECK_AT cross, 31 * 8, 161     /* t[32] + 1: the store is in the page before */
        CHECK_AT cross, 32 * 8, 166
        CHECK_AT cross, 62 * 8, 316
        CHECK_AT cross, 63 * 8, 315     /* not written */
        SUM     cross, 64
        CHECK   a0, 10458               /* 5 * (1 + ... + 63) + 63 + 315 */

        /* 3: t[j + 1] = t[j] ^ 0x55, the store 8 above the load, across
         * the same boundary: t alternates from t[0] on */
        li      TESTNUM, 3
        FILL    cross, 64, 7
        la      a2, cross
        li      a3, 63
1:      ld      a5, 0(a2)
        xori    a5, a5, 0x55
        sd      a5, 8(a2)
        addi    a2, a2, 8
        addi    a3, a3, -1
        bnez    a3, 1b
        CHECK_AT cross, 0, 0
        CHECK_AT cross, 31 * 8, 0x55
        CHECK_AT cross, 32 * 8, 0       /* stored from the page before */
        CHECK_AT cross, 63 * 8, 0x55

        /* 4: narrower stores: sw to the load's upper word (+4), sb to
         * its own byte; and a store wider than its load, never paired */
        li      TESTNUM, 4
        li      a5, 0x1111111122222222
        la      a2, buf
        sd      a5, 0(a2)
        sd      a5, 8(a2)
        ld      a5, 0(a2)
        addi    a5, a5, 1
        sw      a5, 4(a2)
        CHECK_AT buf, 0, 0x2222222322222222
        lw      a5, 8(a2)
        addi    a5, a5, 0x11
        sb      a5, 8(a2)
        CHECK_AT buf, 8, 0x1111111122222233
        lw      a5, 8(a2)
        addi    a5, a5, 1
        sd      a5, 8(a2)               /* lw sign-extends 0x22222234 */
        CHECK_AT buf, 8, 0x22222234

        /* 5-9: ro_page, which S-mode may read but not write (PMP; the
         * pages either side it may write) */
        li      TESTNUM, 5
        la      t0, ro_page
        srli    t0, t0, 2
        csrw    pmpaddr0, t0            /* [0, ro_page): RWX */
        la      t0, ro_page + 4096
        srli    t0, t0, 2
        csrw    pmpaddr1, t0            /* [ro_page, +4 KiB): R */
        li      t0, -1
        csrw    pmpaddr2, t0            /* the rest: RWX */
        li      t0, (PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 16 | \
                    (PMP_TOR | PMP_R) << 8 | (PMP_TOR | PMP_R | PMP_W | PMP_X)
        csrw    pmpcfg0, t0
        sfence.vma
        /* 5: the load fills the load TLB, the store to its address
         * faults (cause 7, mtval its address), the load's and the add's
         * results in place */
        S_STORE_FAULT 5, ro_page, 8, CAUSE_STORE_ACCESS, s_body5
        CHECK   a3, 0x5a5a
        CHECK   a0, 0x7778
        /* 6: the same with the store 8 above the load (a store TLB miss
         * must not let it through as an address near 0) */
        S_STORE_FAULT 6, ro_page, 8, CAUSE_STORE_ACCESS, s_body6
        CHECK   a0, 0x5a5b
        /* 7: the load in the page above (whose store TLB entry a
         * store fills first), the store 8 below it, in ro_page: it must
         * see that its page is another */
        S_STORE_FAULT 7, ro_page + 4096, -8, CAUSE_STORE_ACCESS, s_body7
        CHECK   a0, 0x6c6d
        CHECK_AT ro_page + 4096, 0, 0x6c6c
        /* 8, 9: a store no longer aligned as its load (ld, then sd 4
         * above), and one wider than its load (lw, then sd), from the
         * page below (whose store TLB entry a store fills first)
         * across into ro_page: they may trap as misaligned (6) or fault
         * at ro_page (7), but never write ro_page */
        S_STORE_TRAP 8, ro_page - 8, s_body8
        S_STORE_TRAP 9, ro_page - 4, s_body9
        CHECK_AT ro_page, 0, 0x5a5a
        CHECK_AT ro_page, 8, 0x7777
        csrw    pmpcfg0, zero           /* (M-mode ignores unlocked entries) */

        /* 10: a page holding code that has run (no store TLB entry: the
         * load's second chance, then the store's own path, which drops
         * the page's code), then that code again */
        li      TESTNUM, 10
        call    code_page
        CHECK   a0, 17
        la      a2, code_data
        li      a3, 8
1:      ld      a5, 0(a2)
        addi    a5, a5, 2
        sd      a5, 0(a2)
        addi    a2, a2, 8
        addi    a3, a3, -1
        bnez    a3, 1b
        CHECK_AT code_data, 0, 12
        CHECK_AT code_data, 56, 19
        call    code_page
        CHECK   a0, 17

        RVTEST_PASS

/* the S-mode code of tests 5-9 */
s_body5:
        ld      a3, 0(a1)
        ld      a0, 8(a1)
        addi    a0, a0, 1
        sd      a0, 8(a1)
        j       fail
s_body6:
        ld      a0, 0(a1)
        addi    a0, a0, 1
        sd      a0, 8(a1)
        j       fail
s_body7:
        sd      zero, 8(a1)
        ld      a0, 0(a1)
        addi    a1, a1, 8
        addi    a0, a0, 1
        sd      a0, -16(a1)
        j       fail
s_body8:
        sd      zero, -8(a1)
        ld      a0, 0(a1)
        addi    a0, a0, 1
        sd      a0, 4(a1)
        j       fail
s_body9:
        sw      zero, -4(a1)
        lw      a0, 0(a1)
        addi    a0, a0, 1
        sd      a0, 0(a1)
        j       fail

        .balign 4096
code_page:
        li      a0, 17
        ret
        .balign 8
code_data:
        .dword  10, 11, 12, 13, 14, 15, 16, 17
RVTEST_CODE_END

RVTEST_DATA_BEGIN
        .balign 8
buf:    .skip   512
        .balign 4096
        .skip   4096 - 256
cross:  .skip   512
        .balign 4096
ro_page:
        .dword  0x5a5a, 0x7777
        .balign 4096
        .dword  0x6c6c
        .balign 4096
RVTEST_DATA_END
