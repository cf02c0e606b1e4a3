/* rvx-march: rv64gc_svnapot */
/* Without Svnapot (run with --isa rv64gc; QEMU with svnapot=false), N is a
 * reserved PTE bit: even a well-formed 64 KiB NAPOT leaf is a page fault
 * (privileged spec, Sv39 "PTE format": bits 63:54 reserved). */
#include "env.h"

#define LEAF (0x01 | 0x02 | 0x04 | 0x40 | 0x80)
#define PTE_N (1 << 63)
#define VA_NAPOT 0x40010000

RVTEST_CODE_BEGIN
        li      TESTNUM, 1
        li      t0, (0x80000000 >> 12) << 10 | LEAF | 0x08
        la      t1, pt_root
        sd      t0, 16(t1)
        la      t0, pt_l1
        srli    t0, t0, 2
        ori     t0, t0, 1
        sd      t0, 8(t1)
        la      t0, pt_l0
        srli    t0, t0, 2
        ori     t0, t0, 1
        la      t1, pt_l1
        sd      t0, 0(t1)
        la      t0, napot_region
        srli    t0, t0, 12
        ori     t0, t0, 8
        slli    t0, t0, 10
        ori     t0, t0, LEAF
        li      t2, PTE_N
        or      t0, t0, t2
        la      t1, pt_l0 + 16 * 8
        li      t3, 16
1:      sd      t0, 0(t1)
        addi    t1, t1, 8
        addi    t3, t3, -1
        bnez    t3, 1b
        la      t0, pt_root
        srli    t0, t0, 12
        li      t1, 8 << 60
        or      t0, t0, t1
        csrw    satp, t0
        sfence.vma

        li      TESTNUM, 2
        li      a1, VA_NAPOT + 0x5008
        EXPECT_TRAP 1f
        GOTO_MODE 1, 2f
2:      ld      a0, 0(a1)
        j       fail
1:      CHECK_TRAP CAUSE_LOAD_PAGE
        TRAP_TVAL a0
        li      t0, VA_NAPOT + 0x5008
        bne     a0, t0, fail
        csrw    satp, zero
        sfence.vma
        RVTEST_PASS
RVTEST_CODE_END

RVTEST_DATA_BEGIN
        .align  12
pt_root: .fill  512, 8, 0
pt_l1:  .fill   512, 8, 0
pt_l0:  .fill   512, 8, 0
        .align  16
napot_region: .fill 8192, 8, 0
RVTEST_DATA_END
