/* rvx-isa: rv64gc_svnapot */
/* Svnapot (privileged spec, "Svnapot" chapter), Sv39: a level-0 leaf with
 * N = 1 and ppn[3:0] = 1000 maps a naturally aligned 64 KiB page whose
 * ppn[3:0] come from the VA (all 16 PTEs of the range say the same); any
 * other ppn[3:0] with N = 1 is reserved (page fault, mtval = VA), as is
 * N = 1 in a superpage leaf and in a non-leaf PTE. */
#include "env.h"
#include "sv_env.h"

#define PTE_N (1 << 63)
#define VA_NAPOT 0x40010000             /* pt_l0[16..31] */
#define VA_BADLOW 0x40020000            /* pt_l0[32]: ppn[3:0] = 0100 */
#define VA_BADSUPER 0x40200000          /* pt_l1[1]: a 2 MiB leaf with N */
#define VA_BADPTR 0x40400000            /* pt_l1[2]: a pointer with N */

RVTEST_CODE_BEGIN
        li      TESTNUM, 1
        li      t0, (0x80000000 >> 12) << 10 | LEAF | PTE_X
        la      t1, pt_root
        sd      t0, 16(t1)              /* VA 2 GiB: identity gigapage */
        la      t0, pt_l1
        srli    t0, t0, 2
        ori     t0, t0, PTE_V
        sd      t0, 8(t1)               /* VA 1 GiB -> pt_l1 */
        la      t1, pt_l1
        la      t0, pt_l0
        srli    t0, t0, 2
        ori     t0, t0, PTE_V
        sd      t0, 0(t1)               /* pt_l1[0] -> pt_l0 */
        li      t2, PTE_N
        or      t0, t0, t2
        sd      t0, 16(t1)              /* pt_l1[2]: pointer with N */
        la      t0, napot_region        /* pt_l1[1]: 2 MiB leaf with N */
        srli    t0, t0, 21
        slli    t0, t0, 19
        ori     t0, t0, LEAF
        or      t0, t0, t2
        sd      t0, 8(t1)
        /* pt_l0[16..31]: the 64 KiB page, ppn[3:0] = 1000 */
        la      t0, napot_region
        srli    t0, t0, 12
        ori     t0, t0, 8
        slli    t0, t0, 10
        ori     t0, t0, LEAF
        or      t0, t0, t2
        la      t1, pt_l0 + 16 * 8
        li      t3, 16
1:      sd      t0, 0(t1)
        addi    t1, t1, 8
        addi    t3, t3, -1
        bnez    t3, 1b
        li      t3, (8 ^ 4) << 10       /* pt_l0[32]: ppn[3:0] = 0100 */
        xor     t0, t0, t3
        sd      t0, 0(t1)
        /* markers in the region's 1st and 6th 4 KiB pieces */
        la      t1, napot_region
        li      t0, 0xabc0
        sd      t0, 8(t1)
        li      t3, 0x5000
        add     t1, t1, t3
        li      t0, 0xabc5
        sd      t0, 8(t1)
        la      t0, pt_root
        srli    t0, t0, 12
        li      t1, 8 << 60
        or      t0, t0, t1
        csrw    satp, t0
        sfence.vma

        /* the offset within 64 KiB comes from the VA */
        S_OK    2, VA_NAPOT + 0x5008, ld a0, 0(a1)
        CHECK   a0, 0xabc5
        S_OK    3, VA_NAPOT + 0x0008, ld a0, 0(a1)
        CHECK   a0, 0xabc0
        /* through another PTE of the range, the same bytes */
        S_OK    4, VA_NAPOT + 0xf010, sd a1, 0(a1)
        la      a1, napot_region
        li      t0, 0xf010
        add     a1, a1, t0
        ld      a0, 0(a1)
        CHECK   a0, VA_NAPOT + 0xf010
        /* reserved encodings */
        S_FAULT 5, CAUSE_LOAD_PAGE, VA_BADLOW + 8, ld a0, 0(a1)
        S_FAULT 6, CAUSE_STORE_PAGE, VA_BADLOW, sd a0, 0(a1)
        S_FAULT 7, CAUSE_LOAD_PAGE, VA_BADSUPER + 0x10, ld a0, 0(a1)
        S_FAULT 8, CAUSE_LOAD_PAGE, VA_BADPTR, ld a0, 0(a1)
        /* sfence.vma of any address in the 64 KiB page drops the whole
           translation: +0x5000, just used, is walked again */
        S_OK    9, VA_NAPOT + 0x5008, ld a0, 0(a1)
        CHECK   a0, 0xabc5
        li      TESTNUM, 10
        la      t1, pt_l0 + 16 * 8
        sd      zero, 5 * 8(t1)         /* pt_l0[21] invalid (VA +0x5000) */
        li      a1, VA_NAPOT + 0xc000
        sfence.vma a1
        S_FAULT 10, CAUSE_LOAD_PAGE, VA_NAPOT + 0x5000, ld a0, 0(a1)

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
