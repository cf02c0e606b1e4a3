/* W-form results read by 64-bit instructions: a W result is its 32-bit
 * value sign-extended (unpriv. spec, RV64I "Integer Computational
 * Instructions"), whatever reads it next.  (The x86-64 JIT leaves a W
 * result unextended in its host register until a 64-bit reader, a spill
 * or an exit needs it: jit_internal.h, lazy sign extension; these
 * sequences keep the values in registers between the instructions.)
 * Expected values by hand from the spec. */
#include "env.h"

RVTEST_CODE_BEGIN
        /* 1: addi of a W result crosses 2^31 in 64 bits */
        li      TESTNUM, 1
        li      a0, 0x7ffffffe
        addiw   a1, a0, 1
        addi    a2, a1, 1
        CHECK   a2, 0x80000000
        /* 2: or / xor / and with a full 64-bit value */
        li      TESTNUM, 2
        li      t0, 0x100000000
        addiw   a1, a0, 1               /* 0x7fffffff */
        or      a2, a1, t0
        CHECK   a2, 0x17fffffff
        slliw   a3, a0, 1               /* 0xfffffffffffffffc */
        xor     a4, a3, t0
        CHECK   a4, 0xfffffffefffffffc
        and     a5, a3, t0
        CHECK   a5, 0x100000000
        /* 3: bitwise ops of two W results stay sign-extended */
        li      TESTNUM, 3
        li      a0, 1
        slliw   a1, a0, 31              /* 0xffffffff80000000 */
        srliw   a2, a1, 1               /* 0x40000000 */
        or      a3, a1, a2
        xor     a4, a3, a2
        and     a5, a4, a1
        xori    a6, a5, 1
        srli    a7, a6, 32
        CHECK   a7, 0xffffffff
        CHECK   a3, 0xffffffffc0000000
        /* 4: 64-bit shifts, compares and branches of W results */
        li      TESTNUM, 4
        li      a0, 1
        slliw   a1, a0, 31
        srli    a2, a1, 63
        CHECK   a2, 1
        sltu    a3, a1, a0              /* 0xffffffff80000000 < 1: no */
        CHECK   a3, 0
        slt     a4, a1, a0
        CHECK   a4, 1
        bgez    a1, fail
        addiw   t1, zero, 33
        sll     a5, a0, t1              /* count from a W result */
        CHECK   a5, 0x200000000
        /* 5: moves of W results, then 64-bit use; sext.w of one */
        li      TESTNUM, 5
        li      a0, 0xfffffff0
        addw    a1, a0, a0              /* 0xffffffffffffffe0 */
        mv      a2, a1
        addi    a3, a2, 0x20
        CHECK   a3, 0
        sext.w  a4, a1
        add     a5, a4, a1
        CHECK   a5, 0xffffffffffffffc0
        /* 6: a W result as an address: loads from it */
        li      TESTNUM, 6
        la      t0, word
        addiw   t1, zero, -8            /* 0xfffffffffffffff8 */
        add     t2, t0, t1
        ld      t3, 8(t2)
        CHECK   t3, 0x1122334455667788
        /* 7: a W result stored (sd keeps all 64 bits) and reloaded */
        li      TESTNUM, 7
        li      a0, 0x80000000
        addw    a1, a0, zero            /* 0xffffffff80000000 */
        sd      a1, 0(t0)
        ld      a2, 0(t0)
        CHECK   a2, 0xffffffff80000000
        RVTEST_PASS
RVTEST_CODE_END

RVTEST_DATA_BEGIN
        .balign 8
word:   .dword  0x1122334455667788
RVTEST_DATA_END
