/* Zifencei: after storing new instructions, fence.i makes them visible to
 * instruction fetch on the same hart.  Exercises rvx's translated-block
 * cache: a function and a loop body that already ran (and so were
 * translated, the loop many times) are patched, then re-run; also a patch of
 * the very instruction following the fence.i, a 16-bit patch, and a patch in
 * a page other than the caller's.  New encodings are produced by the
 * assembler (templates in .data), not hand-encoded. */
#include "env.h"

RVTEST_CODE_BEGIN
        /* ---- patch a called function */
        li      TESTNUM, 1
        call    smc_func
        CHECK   a0, 1
        call    smc_func                /* run twice: surely cached now */
        CHECK   a0, 1
        la      a1, smc_func
        la      a2, tmpl_li_a0_2
        lw      a3, 0(a2)
        sw      a3, 0(a1)
        fence.i
        li      TESTNUM, 2
        call    smc_func
        CHECK   a0, 2

        /* ---- patch a hot loop body after it ran several times */
        li      TESTNUM, 3
        li      a1, 0
        li      a2, 6
        call    smc_loop                /* 6 x (+1) */
        CHECK   a1, 6
        la      a4, smc_loop_body
        la      a5, tmpl_addi_a1_16
        lw      a3, 0(a5)
        sw      a3, 0(a4)
        fence.i
        li      TESTNUM, 4
        li      a1, 0
        li      a2, 6
        call    smc_loop                /* 6 x (+16) */
        CHECK   a1, 96
        /* patch back and forth several times */
        li      TESTNUM, 5
        la      a5, tmpl_addi_a1_1
        lw      a3, 0(a5)
        sw      a3, 0(a4)
        fence.i
        li      a1, 0
        li      a2, 3
        call    smc_loop
        CHECK   a1, 3

        /* ---- patch the instruction right after the fence.i, in the same
           straight-line run of code (same translated block) */
        li      TESTNUM, 6
        la      a4, 1f
        la      a5, tmpl_li_a0_2
        lw      a3, 0(a5)
        li      a0, 0
        .option push
        .option norvc
        .option norelax
        sw      a3, 0(a4)
        fence.i
1:      addi    a0, zero, 1             /* replaced by li a0, 2 */
        .option pop
        CHECK   a0, 2
        /* and again now that the patched code is itself translated */
        li      TESTNUM, 7
        la      a5, tmpl_li_a0_3
        lw      a3, 0(a5)
        la      a4, 2f
        li      a6, 2                   /* run the region twice */
3:      li      a0, 0
        .option push
        .option norvc
        .option norelax
2:      addi    a0, zero, 1
        .option pop
        addi    a6, a6, -1
        beqz    a6, 4f
        CHECK   a0, 1
        sw      a3, 0(a4)
        fence.i
        j       3b
4:      CHECK   a0, 3

        /* ---- a 16-bit instruction patched with another 16-bit one */
        li      TESTNUM, 8
        call    smc_cfunc
        CHECK   a0, 5
        la      a1, smc_cfunc
        la      a2, tmpl_cli_a0_9
        lhu     a3, 0(a2)
        sh      a3, 0(a1)
        fence.i
        call    smc_cfunc
        CHECK   a0, 9

        /* ---- code in a separate page, patched through a different VA-free
           path (plain physical store), then called */
        li      TESTNUM, 9
        call    far_func
        CHECK   a0, 1
        la      a1, far_func
        la      a2, tmpl_li_a0_3
        lw      a3, 0(a2)
        sw      a3, 0(a1)
        fence.i
        call    far_func
        CHECK   a0, 3

        /* ---- an instruction spanning two pages, both halves patched */
        li      TESTNUM, 10
        li      a0, 0
        call    straddle_entry
        CHECK   a0, 1
        la      a1, straddle_insn       /* at page end - 2 */
        la      a2, tmpl_li_a0_3
        lhu     a3, 0(a2)
        sh      a3, 0(a1)
        lhu     a3, 2(a2)
        sh      a3, 2(a1)
        fence.i
        call    straddle_entry
        CHECK   a0, 3

        RVTEST_PASS

        .option push
        .option norvc
        .option norelax
        .align  2
smc_func:
        addi    a0, zero, 1
        ret

smc_loop:                               /* a1 += k, a2 times */
smc_loop_body:
        addi    a1, a1, 1
        addi    a2, a2, -1
        bnez    a2, smc_loop_body
        ret
        .option pop

        .option push
        .option rvc
        .option norelax
        .align  2
smc_cfunc:
        c.li    a0, 5
        c.jr    ra
        .option pop

        .section .text.far, "ax", @progbits
        .align  12
        .option push
        .option norvc
        .option norelax
far_func:
        addi    a0, zero, 1
        ret
        .option pop

        .section .text.straddle, "ax", @progbits
        .balign 4096
        .option push
        .option rvc
        .option norelax
        .fill   2046, 2, 0x0001
straddle_entry:
        c.nop
        .option norvc
straddle_insn:
        addi    a0, zero, 1
        .option rvc
        c.jr    ra
        .option pop
        .text
RVTEST_CODE_END

RVTEST_DATA_BEGIN
        .align  2
        .option push
        .option norvc
tmpl_li_a0_2:    addi a0, zero, 2
tmpl_li_a0_3:    addi a0, zero, 3
tmpl_addi_a1_16: addi a1, a1, 16
tmpl_addi_a1_1:  addi a1, a1, 1
        .option rvc
        .align  2
tmpl_cli_a0_9:   c.li a0, 9
        .option pop
RVTEST_DATA_END
