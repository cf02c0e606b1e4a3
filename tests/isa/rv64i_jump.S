/* RV64I control transfer: conditional branches (signed and unsigned,
 * taken and not taken), jal and jalr (link value = pc + 4, jalr clears bit 0
 * of the target, rd == rs1 uses the old rs1). */
#include "env.h"

/* branch must be taken */
.macro TEST_BR_TAKEN n, br, v1, v2
        li      TESTNUM, \n
        li      a1, \v1
        li      a2, \v2
        \br     a1, a2, 1f
        j       fail
1:
.endm
/* branch must fall through */
.macro TEST_BR_NOT n, br, v1, v2
        li      TESTNUM, \n
        li      a1, \v1
        li      a2, \v2
        \br     a1, a2, fail
.endm

RVTEST_CODE_BEGIN
        TEST_BR_TAKEN  1, beq, 5, 5
        TEST_BR_NOT    2, beq, 5, 6
        TEST_BR_NOT    3, beq, 0, 0x100000000       /* full 64-bit compare */
        TEST_BR_TAKEN  4, bne, 0, 0x100000000
        TEST_BR_NOT    5, bne, -1, -1
        TEST_BR_TAKEN  6, blt, -1, 0
        TEST_BR_NOT    7, blt, 0, -1
        TEST_BR_NOT    8, blt, 3, 3
        TEST_BR_TAKEN  9, blt, 0x8000000000000000, 0x7fffffffffffffff
        TEST_BR_TAKEN 10, bge, 3, 3
        TEST_BR_TAKEN 11, bge, 0, -1
        TEST_BR_NOT   12, bge, -1, 0
        TEST_BR_TAKEN 13, bltu, 0, -1
        TEST_BR_NOT   14, bltu, -1, 0
        TEST_BR_NOT   15, bltu, 7, 7
        TEST_BR_TAKEN 16, bltu, 0x7fffffffffffffff, 0x8000000000000000
        TEST_BR_TAKEN 17, bgeu, -1, 0
        TEST_BR_TAKEN 18, bgeu, 7, 7
        TEST_BR_NOT   19, bgeu, 0, -1
        TEST_BR_NOT   20, bgeu, 0x7fffffffffffffff, 0x8000000000000000

        /* backward branch in a loop: counts down 10 times */
        li      TESTNUM, 21
        li      a0, 10
        li      a1, 0
1:      addi    a1, a1, 1
        addi    a0, a0, -1
        bnez    a0, 1b
        CHECK   a1, 10

        /* jal: link = address of jal + 4 */
        li      TESTNUM, 22
        .option push
        .option norvc
2:      jal     ra, 3f
        j       fail
3:      la      a0, 2b
        addi    a0, a0, 4
        bne     ra, a0, fail
        /* jal with x0 link: plain jump, x0 stays 0 */
        li      TESTNUM, 23
        jal     x0, 4f
        j       fail
4:      CHECK   x0, 0

        /* jalr: target = (rs1 + imm) & ~1 */
        li      TESTNUM, 24
        la      a1, 5f
        addi    a1, a1, 1                   /* odd address: bit 0 cleared */
6:      jalr    t0, 0(a1)
        j       fail
5:      la      a0, 6b
        addi    a0, a0, 4
        bne     t0, a0, fail

        li      TESTNUM, 25
        la      a1, 7f
        addi    a1, a1, -16
8:      jalr    t0, 17(a1)                  /* +17 then clear bit 0 = +16 */
        j       fail
7:      la      a0, 8b
        addi    a0, a0, 4
        bne     t0, a0, fail

        /* jalr with rd == rs1: the target uses the old value */
        li      TESTNUM, 26
        la      a1, 9f
10:     jalr    a1, 0(a1)
        j       fail
9:      la      a0, 10b
        addi    a0, a0, 4
        bne     a1, a0, fail

        /* call/ret through a function */
        li      TESTNUM, 27
        li      a0, 5
        call    square
        CHECK   a0, 25
        .option pop

        /* a branch never taken to a far target still falls through */
        li      TESTNUM, 28
        li      a0, 1
        beqz    a0, fail
        bltz    a0, fail

        RVTEST_PASS

square:
        mul     a0, a0, a0
        ret
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
