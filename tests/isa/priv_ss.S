/* The supervisor properties RVA22S64/RVA23S64 name (the profiles' spec
 * and the privileged spec), checked on rvx's default ISA (GNU as 2.40
 * knows none of these names):
 *  Ssu64xl  sstatus.UXL (and mstatus.UXL/SXL) read 2: XLEN 64;
 *  Sscounterenw  every scounteren bit is writable (no counter is
 *           read-only zero);
 *  Sstvecd  stvec MODE = 0 (direct) is supported: written and read back,
 *           exceptions go to BASE;
 *  Sstvala  stval gets the instruction bits on illegal-instruction (also
 *           for a 16-bit one), the address on access faults (load, store,
 *           fetch). */
#include "env.h"

RVTEST_CODE_BEGIN
        /* ---- Ssu64xl */
        li      TESTNUM, 1
        csrr    a0, sstatus
        srli    a0, a0, 32
        andi    a0, a0, 3
        CHECK   a0, 2
        csrr    a0, mstatus
        srli    a0, a0, 32
        andi    a0, a0, 15
        CHECK   a0, 10                  /* SXL = UXL = 2 */
        /* ---- Sscounterenw */
        li      TESTNUM, 2
        li      t0, -1
        csrw    scounteren, t0
        csrr    a0, scounteren
#ifdef RVX_QEMU_QUIRKS                  /* QEMU 7.2 keeps all 64 bits */
        slli    a0, a0, 32
        srli    a0, a0, 32
#endif
        CHECK   a0, 0xffffffff
        csrw    scounteren, zero
        csrr    a0, scounteren
        CHECK   a0, 0
        /* ---- Sstvecd */
        li      TESTNUM, 3
        la      t0, strap_vector
        csrw    stvec, t0
        csrr    a0, stvec
        bne     a0, t0, fail
        /* ---- Sstvala, traps delegated to S (direct stvec) */
        li      t0, (1 << CAUSE_ILLEGAL) | (1 << CAUSE_LOAD_ACCESS) | \
                    (1 << CAUSE_STORE_ACCESS) | (1 << CAUSE_FETCH_ACCESS)
        csrw    medeleg, t0
        li      TESTNUM, 4
        EXPECT_STRAP 1f
        GOTO_MODE 1, 2f
2:      csrr    a0, mstatus             /* illegal in S */
        j       fail
1:      CHECK_STRAP CAUSE_ILLEGAL
        STRAP_TVAL a0
        CHECK   a0, 0x30002573
        li      TESTNUM, 5
        EXPECT_STRAP 1f
2:      .half   0x0004                  /* c.addi4spn, imm 0: reserved */
        j       fail
1:      CHECK_STRAP CAUSE_ILLEGAL
        STRAP_TVAL a0
        CHECK   a0, 0x0004
        li      TESTNUM, 6
        EXPECT_STRAP 1f
        li      a1, 0x40000008
2:      ld      a0, 0(a1)
        j       fail
1:      CHECK_STRAP CAUSE_LOAD_ACCESS
        STRAP_TVAL a0
        CHECK   a0, 0x40000008
        li      TESTNUM, 7
        EXPECT_STRAP 1f
        li      a1, 0x40000010
2:      sw      a0, 4(a1)
        j       fail
1:      CHECK_STRAP CAUSE_STORE_ACCESS
        STRAP_TVAL a0
        CHECK   a0, 0x40000014
        li      TESTNUM, 8
        EXPECT_STRAP 1f
        li      a1, 0x40000020
        jr      a1
1:      CHECK_STRAP CAUSE_FETCH_ACCESS
        STRAP_TVAL a0
        CHECK   a0, 0x40000020
        STRAP_EPC a0
        CHECK   a0, 0x40000020
        BACK_TO_M 3f
3:      CHECK_TRAP CAUSE_ECALL_S
        csrw    medeleg, zero
        RVTEST_PASS
RVTEST_CODE_END

RVTEST_DATA_BEGIN
RVTEST_DATA_END
