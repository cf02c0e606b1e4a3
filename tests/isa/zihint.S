/* rvx-isa: rv64gc_zihintntl_zihintpause */
/* rvx-qemu-cpu: none */
/* Zihintpause and Zihintntl (unprivileged spec, chapters "Zihintpause"
 * and "Zihintntl"): PAUSE is FENCE w, 0 (0x0100000f); NTL.P1, NTL.PALL,
 * NTL.S1 and NTL.ALL are ADD x0, x0, x2..x5; C.NTL.* are C.ADD x0,
 * x2..x5.  All are HINTs: they change no register and no memory, do not
 * trap, and the compressed ones are two bytes long (execution carries on
 * at the next parcel).  binutils 2.40 knows pause, not the ntl names: those
 * words come from the spec's encodings. */
#include "env.h"
RVTEST_CODE_BEGIN
        li      TESTNUM, 1
        la      a0, word
        li      a1, 0x55
        sd      a1, 0(a0)
        mv      a2, sp
        pause
        ld      a3, 0(a0)
        CHECK   a3, 0x55
        li      TESTNUM, 2
        .word   0x00200033      /* ntl.p1 */
        .word   0x00300033      /* ntl.pall */
        .word   0x00400033      /* ntl.s1 */
        .word   0x00500033      /* ntl.all */
        sd      a1, 8(a0)       /* the store the hint is about */
        .half   0x900a          /* c.ntl.p1 */
        .half   0x900e          /* c.ntl.pall */
        .half   0x9012          /* c.ntl.s1 */
        .half   0x9016          /* c.ntl.all */
        ld      a3, 8(a0)
        CHECK   a3, 0x55
        CHECK   zero, 0
        bne     sp, a2, fail    /* x2..x5 only named, not written */
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
        .align  3
word:   .dword  0, 0
RVTEST_DATA_END
