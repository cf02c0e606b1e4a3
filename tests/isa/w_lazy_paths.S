/* W results on the ways a JIT that leaves them unextended in a host
 * register (lazy sign extension, jit_internal.h; x86-64 and arm64) must
 * still give the sign-extended value (RV64I "Integer Computational
 * Instructions": a W result is its 32 bits sign-extended): an add of two
 * of them (unlike and/or/xor, its low 32 bits do not decide its high
 * ones), a 64-bit shift of one, one stored to the register file by a
 * block exit, by a slow path whose instruction traps, one carried
 * round a loop's back edge, and one the back edge drops as dead that an
 * interrupt then sees.  Complements w_then_x.S.  Expected values by
 * hand from the spec (qemu-system-riscv64 -M spike agrees). */
#include "env.h"

#define MIP_MTIP (1 << 7)

RVTEST_CODE_BEGIN
        /* 1: add / sub of two W results, crossing 2^31 in 64 bits */
        li      TESTNUM, 1
        li      a0, 0x7ffffffe
        addiw   a1, a0, 1               /* 0x7fffffff */
        addiw   a2, zero, 1
        add     a3, a1, a2
        CHECK   a3, 0x80000000
        addw    a4, a1, a2              /* 0xffffffff80000000 */
        sub     a5, a4, a2
        CHECK   a5, 0xffffffff7fffffff
        subw    a6, a4, a2              /* 0x7fffffff */
        add     a7, a6, a1
        CHECK   a7, 0xfffffffe
        /* 2: 64-bit shifts of a W result (the count from another) */
        li      TESTNUM, 2
        li      a0, 1
        addiw   a1, a0, -2              /* all ones */
        addiw   t1, a0, 31              /* 32 */
        srl     a2, a1, t1
        CHECK   a2, 0xffffffff
        slliw   a3, a1, 31              /* 0xffffffff80000000 */
        srli    a4, a3, 16
        CHECK   a4, 0x0000ffffffff8000
        /* 3: a block exit stores a W result; the next block reads it */
        li      TESTNUM, 3
        li      a0, 0x7fffffff
        addiw   a1, a0, 1               /* 0xffffffff80000000 */
        j       1f
1:      srli    a2, a1, 32
        CHECK   a2, 0xffffffff
        /* 4: a store's slow path (its instruction traps: address 0 is no
         * memory) stores a W result the store reads only the low half of;
         * after the trap it is read from the register file */
        li      TESTNUM, 4
        li      a0, 0x7fffffff
        EXPECT_TRAP 1f
        addiw   a1, a0, 1               /* 0xffffffff80000000 */
        sw      a1, 0(zero)
        j       fail
1:      CHECK_TRAP CAUSE_STORE_ACCESS
        srli    a2, a1, 32
        CHECK   a2, 0xffffffff
        /* 5: a W result carried round a loop, read as 64 bits at the top:
         * t0 = 10..1, a1 = t0 - 20 each time, s1 sums the previous a1 */
        li      TESTNUM, 5
        li      t0, 10
        li      a1, 0
        li      s1, 0
1:      add     s1, s1, a1
        addiw   a1, t0, -20
        addi    t0, t0, -1
        bnez    t0, 1b
        CHECK   s1, -126                /* -(10 + 11 + ... + 18) */
        CHECK   a1, -19
        /* 6: a W result dead at the loop's start (the body writes it
         * first) and only read by W forms is still lazy at the back edge,
         * which drops it (never stored while the loop goes round); the
         * machine timer interrupt (mtimecmp a little ahead) makes the loop
         * leave, storing it, and the handler resumes after it: t1 is then
         * sign-extended, t0 - 7 (the interrupt came between the addiw and
         * the addi: an interpreter may stop there) or t0 + 1 - 7.  On
         * QEMU mtime is host time: a loaded host may let the 100 ticks
         * pass before the loop starts (13 runs in 300 under load did),
         * so an interrupt taken before the loop's first addiw (t1 still
         * 0) arms the timer again, at most 100 times; and the loop's
         * bound is far (a starved QEMU main loop may serve the timer
         * late: once in 2000 runs under ctest -j3 the test failed in
         * 0.24 s, its code not kept). */
        li      TESTNUM, 6
        li      s2, 100
.Lw6_arm:
        addi    s2, s2, -1
        bltz    s2, fail
        li      t0, MIP_MTIP
        csrw    mie, t0
        li      t4, CLINT_MTIME
        ld      t5, 0(t4)
        addi    t5, t5, 100
        li      t4, CLINT_MTIMECMP
        sd      t5, 0(t4)
        EXPECT_TRAP 2f
        li      t0, 0
        li      t1, 0
        li      t2, -1000000000
        li      t3, 0
        csrsi   mstatus, MSTATUS_MIE
.Lw6_loop:
        addiw   t1, t0, -7              /* negative: its high half all ones */
        addw    t3, t3, t1
        addi    t0, t0, -1
        bne     t0, t2, .Lw6_loop
        j       fail
2:      CHECK_TRAP (INTR | 7)
        csrw    mie, zero
        beqz    t1, .Lw6_arm            /* before the loop's first addiw */
        li      TESTNUM, 7
        sext.w  t4, t1
        bne     t1, t4, fail            /* sign-extended */
        sub     t4, t1, t0              /* -7, or -6 after the addi */
        addi    t4, t4, 7
        sltiu   t4, t4, 2
        beqz    t4, fail
        /* 8: sext.w of an unextended W result, read as 64 bits (before
         * any CHECK: its branch ends the block, storing everything) */
        li      TESTNUM, 8
        li      a0, 0x40000000
        addw    a1, a0, a0              /* 0xffffffff80000000 */
        sext.w  a2, a1
        srli    a3, a2, 32
        CHECK   a3, 0xffffffff
        RVTEST_PASS
RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
