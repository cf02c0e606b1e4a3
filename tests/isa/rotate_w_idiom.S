/* The 32-bit rotate idiom of code built without Zbb (SHA-256's rounds):
 * slliw x, a, k; srliw y, a, 32 - k; or z, x, y is z = a's low word
 * rotated left by k, sign-extended (srliw's bit 31 is zero, so z's upper
 * half is slliw's).  The x86-64 JIT turns it into one 32-bit rol whose
 * result stays unextended until a 64-bit reader needs it (jit_plan.c,
 * plan_rotates; jit_gen.c, gen_rotate_or); every register the idiom
 * writes must still hold its own value after it, whatever aliases.
 * Expected values from a Python model of the spec's sllw, srlw and or
 * (sign-extended 32-bit results); bne compares all 64 bits. */
#include "env.h"

#define A 0x0123456789abcdef
#define B 0xfedcba9812345678

RVTEST_CODE_BEGIN
        /* 1: SHA-256's form (srliw first, x is z, y dead after), k = 26;
         * bit 31 of the result set */
        li      TESTNUM, 1
        li      a3, A
        srliw   t1, a3, 6
        slliw   a1, a3, 26
        or      t1, t1, a1
        li      a1, 0
        CHECK   t1, 0xffffffffbe26af37
        /* 2: x and y read after the or, k = 13 */
        li      TESTNUM, 2
        li      a0, A
        slliw   t1, a0, 13
        srliw   t2, a0, 19
        or      t3, t1, t2
        CHECK   t3, 0x79bdf135
        CHECK   t1, 0x79bde000
        CHECK   t2, 0x1135
        CHECK   a0, A
        /* 3: k = 1 (y is 0) and k = 31 (x is 0), upper half of a ignored */
        li      TESTNUM, 3
        li      a0, B
        slliw   t1, a0, 1
        srliw   t2, a0, 31
        or      t3, t1, t2
        CHECK   t3, 0x2468acf0
        CHECK   t2, 0
        slliw   t1, a0, 31
        srliw   t2, a0, 1
        or      t4, t2, t1
        CHECK   t4, 0x91a2b3c
        CHECK   t1, 0
        /* 4: z is a; x read after, k = 7 (bit 31 set: the sign) */
        li      TESTNUM, 4
        li      a0, A
        slliw   t1, a0, 7
        srliw   t2, a0, 25
        or      a0, t2, t1
        CHECK   a0, 0xffffffffd5e6f7c4
        CHECK   t1, 0xffffffffd5e6f780
        CHECK   t2, 0x44
        /* 5: a is a W result (addw), z feeds a W op and then a 64-bit
         * one: 0x12345678 + 0 rotated by 16, plus itself */
        li      TESTNUM, 5
        li      a0, B
        addw    a1, a0, zero
        slliw   t1, a1, 16
        srliw   t2, a1, 16
        or      t3, t1, t2
        addw    t4, t3, t3
        add     t5, t3, t3
        CHECK   t3, 0x56781234
        CHECK   t4, 0xffffffffacf02468
        CHECK   t5, 0xacf02468
        /* 6: not the idiom (32 - k mismatched): plain shifts and or */
        li      TESTNUM, 6
        li      a0, A
        slliw   t1, a0, 13
        srliw   t2, a0, 18
        or      t3, t1, t2
        CHECK   t3, 0x79bde26a
        /* 7: in a loop (its back edge and exit see the unextended result):
         * three rotations by 26 of A's low word */
        li      TESTNUM, 7
        li      a0, A
        li      t0, 3
1:      srliw   t1, a0, 6
        slliw   t2, a0, 26
        or      a0, t1, t2
        addi    t0, t0, -1
        bnez    t0, 1b
        CHECK   a0, 0xfffffffff37be26a
        /* 8: a load between the shifts and the or (SHA-256's rounds have
         * them; the JIT still fuses, and the load's slow path makes the
         * shifts' values for the handler) that faults: no memory at 8, a
         * load access fault, which sees both shifts' values, the or's old
         * one, and the old values that t1 and t2 held dirty before */
        li      TESTNUM, 8
        li      a0, A
        li      a2, 8
        li      t3, 0x77
        EXPECT_TRAP 2f
        li      t1, 0x55
        li      t2, 0x66
        slliw   t1, a0, 13
        srliw   t2, a0, 19
        lw      a4, 0(a2)
        or      t3, t1, t2
        j       fail
2:      CHECK_TRAP CAUSE_LOAD_ACCESS
        CHECK   t1, 0x79bde000
        CHECK   t2, 0x1135
        CHECK   t3, 0x77
        /* 9: one shift before the faulting load, one after: the handler
         * sees the first's value and the second's old one */
        li      TESTNUM, 9
        li      t3, 0x77
        EXPECT_TRAP 2f
        li      t1, 0x55
        li      t2, 0x66
        slliw   t1, a0, 13
        lw      a4, 0(a2)
        srliw   t2, a0, 19
        or      t3, t1, t2
        j       fail
2:      CHECK_TRAP CAUSE_LOAD_ACCESS
        CHECK   t1, 0x79bde000
        CHECK   t2, 0x66
        CHECK   t3, 0x77
        /* 10: the same load from RAM after a TLB flush (the JIT's slow
         * path, which resumes): the rotation, both shifts and the load */
        li      TESTNUM, 10
        la      a2, word
        sfence.vma
        slliw   t1, a0, 13
        lw      a4, 0(a2)
        srliw   t2, a0, 19
        or      t3, t1, t2
        CHECK   t3, 0x79bdf135
        CHECK   t1, 0x79bde000
        CHECK   t2, 0x1135
        CHECK   a4, 0x600dcafe
        /* 11: the second shift writes a, then the faulting load (not
         * fused: the slow path could not make the first from a): the
         * handler sees the first shift's value from a's old one */
        li      TESTNUM, 11
        li      a0, A
        li      a2, 8
        li      t3, 0x77
        EXPECT_TRAP 2f
        slliw   t1, a0, 13
        srliw   a0, a0, 19
        lw      a4, 0(a2)
        or      t3, t1, a0
        j       fail
2:      CHECK_TRAP CAUSE_LOAD_ACCESS
        CHECK   t1, 0x79bde000
        CHECK   a0, 0x1135
        CHECK   t3, 0x77
        /* 12: the same from RAM after a TLB flush, a starting a block (so
         * not in a host register: the or reads it from struct hart, where
         * a slow path that made the shifts' values would have left the
         * second's) */
        li      TESTNUM, 12
        li      a0, A
        la      a2, word
        sfence.vma
        j       1f
1:      slliw   t1, a0, 13
        srliw   a0, a0, 19
        lw      a4, 0(a2)
        or      t3, t1, a0
        CHECK   t3, 0x79bdf135
        CHECK   t1, 0x79bde000
        CHECK   a0, 0x1135
        /* 13: the shifts' values read by nothing later in their block
         * (the JIT stores them straight to memory, no cache slot): x with
         * bit 31 set (its upper half is the sign), both holding older
         * values dirty in the cache before */
        li      TESTNUM, 13
        li      a0, A
        li      t1, 0x55
        li      t2, 0x66
        slliw   t1, a0, 7
        srliw   t2, a0, 25
        or      t3, t2, t1
        j       1f
1:      CHECK   t1, 0xffffffffd5e6f780
        CHECK   t2, 0x44
        CHECK   t3, 0xffffffffd5e6f7c4
        /* 14: the same in a loop (SHA-256's rounds): the last time
         * round's shifts seen after the exit; a += 0x111 (addiw) each time */
        li      TESTNUM, 14
        li      a0, A
        li      t0, 3
1:      slliw   t1, a0, 7
        srliw   t2, a0, 25
        or      t3, t2, t1
        addiw   a0, a0, 0x111
        addi    t0, t0, -1
        bnez    t0, 1b
        CHECK   t1, 0xffffffffd5e80880
        CHECK   t2, 0x44
        CHECK   t3, 0xffffffffd5e808c4
        CHECK   a0, 0xffffffff89abd122
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
        .balign 4
word:   .word   0x600dcafe
RVTEST_DATA_END
