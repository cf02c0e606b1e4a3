/* Indirect and cross-page jumps whose target's code changes under them:
 * one jalr site calling a function many times, then the function
 * rewritten (store + fence.i, Zifencei) and called again from the same
 * site; one site alternating between two targets; a jump to the next page
 * and a fall-through into the next page, each target page rewritten after
 * the jump ran many times.  rvx's JIT keeps, per jump site, the target it
 * reached last (cpu/jit.c); these fail if such a prediction outlives the
 * code it points at.  Expected values follow from the code (each function
 * returns a constant); new encodings come from the assembler (templates in
 * .data). */
#include "env.h"
#include "pte.h"

/* s3 = the sum of a0 over \n calls of \fn (s2 clobbered) */
.macro SUM_CALLS n, fn
        li      s2, \n
        li      s3, 0
.Lloop_\@:
        call    \fn
        add     s3, s3, a0
        addi    s2, s2, -1
        bnez    s2, .Lloop_\@
.endm

/* the 32-bit word at \at = the one at \tmpl, then fence.i (a1-a3) */
.macro PATCH at, tmpl
        la      a1, \at
        la      a2, \tmpl
        lw      a3, 0(a2)
        sw      a3, 0(a1)
        fence.i
.endm

RVTEST_CODE_BEGIN
        /* ---- a function called through one jalr site, then rewritten */
        li      TESTNUM, 1
        la      a5, smc_fn
        SUM_CALLS 20, site
        CHECK   s3, 20
        PATCH   smc_fn, tmpl_li_a0_2
        li      TESTNUM, 2
        call    site
        CHECK   a0, 2
        SUM_CALLS 5, site               /* the rewritten code, now hot */
        CHECK   s3, 10
        PATCH   smc_fn, tmpl_li_a0_1    /* and back */
        li      TESTNUM, 3
        call    site
        CHECK   a0, 1

        /* ---- one site, two targets in turn */
        li      TESTNUM, 4
        li      s2, 10
        li      s3, 0
        la      s4, fn3
        la      s5, fn5
1:      mv      a5, s4
        call    site
        add     s3, s3, a0
        mv      a5, s5
        call    site
        add     s3, s3, a0
        addi    s2, s2, -1
        bnez    s2, 1b
        CHECK   s3, 80

        /* ---- a jump to the next page, whose code is then rewritten */
        li      TESTNUM, 5
        SUM_CALLS 20, xpage_src
        CHECK   s3, 140
        PATCH   xpage_dst, tmpl_li_a0_9
        li      TESTNUM, 6
        call    xpage_src
        CHECK   a0, 9
        SUM_CALLS 5, xpage_src
        CHECK   s3, 45

        /* ---- a block that runs off its page's end into the next one */
        li      TESTNUM, 7
        SUM_CALLS 20, ft_entry
        CHECK   s3, 220
        PATCH   ft_next, tmpl_addi_a0_20
        li      TESTNUM, 8
        call    ft_entry
        CHECK   a0, 21
        SUM_CALLS 5, ft_entry
        CHECK   s3, 105

        /* ---- the jalr site again after all that: a target on a page
           rewritten twice more */
        li      TESTNUM, 9
        la      a5, smc_fn
        PATCH   smc_fn, tmpl_li_a0_2
        call    site
        CHECK   a0, 2
        RVTEST_PASS

/* the one jalr site every indirect call above goes through */
        JUMP_SITE

fn3:    li      a0, 3
        ret
fn5:    li      a0, 5
        ret

        .option push
        .option norvc
        .balign 4096
smc_fn: addi    a0, zero, 1             /* rewritten: 2, 1, 2 */
        ret

        .balign 4096
xpage_src:
        li      a0, 0
        j       xpage_dst               /* to the next page */
        .balign 4096
xpage_dst:
        addi    a0, zero, 7             /* rewritten: 9 */
        ret

        .balign 4096
        .skip   4096 - 8
ft_entry:
        addi    a0, zero, 1
        nop
ft_next:                                /* the next page */
        addi    a0, a0, 10              /* rewritten: a0 + 20 */
        ret
        .option pop

RVTEST_CODE_END

        .data
        .align  2
        .option push
        .option norvc
tmpl_li_a0_1:    addi a0, zero, 1
tmpl_li_a0_2:    addi a0, zero, 2
tmpl_li_a0_9:    addi a0, zero, 9
tmpl_addi_a0_20: addi a0, a0, 20
        .option pop
RVTEST_DATA_BEGIN
RVTEST_DATA_END
