/* rvx-qemu-icount */
/* Loop tails (cpu/block.h) seen from outside: where a conditional
 * tail's branch, not taken, goes on (the instruction after it, not the
 * loop's start: a binary search converges either way, so loop_tails.S
 * cannot tell), and how many instructions an iteration through a tail
 * retires (instret, Zicntr: "instret counts the number of instructions
 * retired"; the JIT counts an iteration's instructions itself).  The
 * counts by hand, as in zicsr.S: between two csrr of minstret, the
 * first csrr and everything after it up to the second (CI runs this ELF
 * on qemu-system-riscv64 -M spike -icount shift=0 too, whose instret is
 * exact). */
#include "env.h"

RVTEST_CODE_BEGIN
        /* 1: t0 from 20 down; odd t0 runs the tail, which counts s2 and
         * goes round while s2 < 5, then falls through to set s4.  t0 =
         * 19..11 is nine iterations of 5 instructions each (odd: addi,
         * andi, bnez, addi, bltu; even: addi, andi, bnez, addi, bnez),
         * the last leaving the tail to li s4 and j: 1 + 1 + 45 + 2 = 49 */
        li      TESTNUM, 1
        li      s2, 0
        li      s3, 0
        li      s4, 0
        li      s5, 5
        csrr    a0, minstret
        li      t0, 20
1:      addi    t0, t0, -1
        andi    t1, t0, 1
        bnez    t1, 3f
        addi    s3, s3, 1
        bnez    t0, 1b
        j       4f
3:      addi    s2, s2, 1
        bltu    s2, s5, 1b
        li      s4, 0x55
        j       4f
4:      csrr    a1, minstret
        CHECK   s4, 0x55
        CHECK   t0, 11
        CHECK   s2, 5
        CHECK   s3, 4
#ifndef RVX_QEMU_QUIRKS                 /* QEMU 7.2: instret runs on host ticks */
        sub     a1, a1, a0
        CHECK   a1, 49
#endif

        /* 2: a jal tail: t0 from 10 down, odd t0 (9, 7, 5, 3, 1) counts
         * s2 in the tail and jumps back (addi, andi, bnez, addi, j: 5
         * instructions), even t0 (8, 6, 4, 2, 0) does not (addi, andi,
         * bnez, bnez: 4); then j: 1 + 1 + 25 + 20 + 1 = 48 */
        li      TESTNUM, 2
        li      s2, 0
        csrr    a0, minstret
        li      t0, 10
1:      addi    t0, t0, -1
        andi    t1, t0, 1
        bnez    t1, 3f
        bnez    t0, 1b
        j       4f
3:      addi    s2, s2, 1
        j       1b
4:      csrr    a1, minstret
        CHECK   s2, 5
        CHECK   t0, 0
#ifndef RVX_QEMU_QUIRKS
        sub     a1, a1, a0
        CHECK   a1, 48
#endif

        /* 3: a conditional tail round a loop of 1000 iterations (past a
         * budget check or two): t0 from 1000 down, t0 % 4 == 1 runs the
         * tail (addi, andi, bnez, addi, bnez: 5), the others not (addi,
         * andi, bnez, addi, bnez: 5, the last one's bnez falling out);
         * s2 counts 250 tails, s3 750 others; 1 + 1 + 5000 + 1 = 5003 */
        li      TESTNUM, 3
        li      s2, 0
        li      s3, 0
        li      s5, 1
        csrr    a0, minstret
        li      t0, 1000
1:      addi    t0, t0, -1
        andi    t1, t0, 3
        beq     t1, s5, 3f
        addi    s3, s3, 1
        bnez    t0, 1b
        j       4f
3:      addi    s2, s2, 1
        bnez    t0, 1b
        j       4f
4:      csrr    a1, minstret
        CHECK   s2, 250
        CHECK   s3, 750
        CHECK   t0, 0
#ifndef RVX_QEMU_QUIRKS
        sub     a1, a1, a0
        CHECK   a1, 5003
#endif
        RVTEST_PASS
RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
