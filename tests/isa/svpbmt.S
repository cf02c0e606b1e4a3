/* rvx-isa: rv64gc_svpbmt */
/* Svpbmt (privileged spec, "Svpbmt" chapter), Sv39: with menvcfg.PBMTE = 0
 * a leaf with PBMT != 0 is invalid (page fault of the access type, mtval =
 * the VA); with PBMTE = 1, PBMT = 1 (NC) and 2 (IO) map like PMA (rvx has
 * no caches: same bytes), PBMT = 3 stays reserved (page fault), and PBMT in
 * a non-leaf PTE is reserved (page fault). */
#include "env.h"
#include "sv_env.h"

#define PBMTE (1 << 62)
#define PBMT_NC (1 << 61)
#define PBMT_IO (2 << 61)
#define PBMT_RES (3 << 61)
#define VA_PAGE(i) (0x40000000 + 0x1000 * (i))
#define VA_BADPTR 0x40200000

RVTEST_CODE_BEGIN
        li      TESTNUM, 1
        li      t0, (0x80000000 >> 12) << 10 | LEAF | PTE_X
        la      t1, pt_root
        sd      t0, 16(t1)              /* VA 2 GiB: identity gigapage */
        SET_PTE pt_root, 1, pt_l1, PTE_V
        SET_PTE pt_l1, 0, pt_l0, PTE_V
        SET_PTE pt_l1, 1, pt_l0, PTE_V | PBMT_NC        /* reserved */
        SET_PTE pt_l0, 0, data_page, LEAF | PBMT_NC
        SET_PTE pt_l0, 1, data_page, LEAF | PBMT_IO
        SET_PTE pt_l0, 2, data_page, LEAF | PBMT_RES
        SET_PTE pt_l0, 3, data_page, LEAF
        la      t0, pt_root
        srli    t0, t0, 12
        li      t1, 8 << 60
        or      t0, t0, t1
        csrw    satp, t0
        sfence.vma
        csrr    a0, CSR_MENVCFG         /* PBMTE resets to 0 */
        li      t0, PBMTE
        and     a0, a0, t0
        CHECK   a0, 0

        /* ---- PBMTE = 0: PBMT must be 0 */
        S_OK    2, VA_PAGE(3), ld a0, 0(a1)
        CHECK   a0, 0x5eed
#ifndef RVX_QEMU_QUIRKS
        /* (QEMU 7.2 maps these as if PBMTE were 1) */
        S_FAULT 3, CAUSE_LOAD_PAGE, VA_PAGE(0), ld a0, 0(a1)
        S_FAULT 4, CAUSE_STORE_PAGE, VA_PAGE(1) + 8, sd a0, 0(a1)
#endif

        /* ---- PBMTE = 1 */
        li      TESTNUM, 5
        li      t0, PBMTE
        csrs    CSR_MENVCFG, t0
        csrr    a0, CSR_MENVCFG
        and     a0, a0, t0
        CHECK   a0, PBMTE
        sfence.vma
        S_OK    6, VA_PAGE(0), ld a0, 0(a1)
        CHECK   a0, 0x5eed
        S_OK    7, VA_PAGE(1), sd a1, 8(a1)
        la      a1, data_page
        ld      a0, 8(a1)
        CHECK   a0, VA_PAGE(1)
#ifndef RVX_QEMU_QUIRKS
        /* PBMT = 3 is reserved whatever PBMTE says (QEMU 7.2 maps it) */
        S_FAULT 8, CAUSE_LOAD_PAGE, VA_PAGE(2), ld a0, 0(a1)
        S_FAULT 9, CAUSE_STORE_PAGE, VA_PAGE(2) + 16, sd a0, 0(a1)
#endif
        /* PBMT in a pointer to the next level is reserved */
        S_FAULT 10, CAUSE_LOAD_PAGE, VA_BADPTR, ld a0, 0(a1)

        csrw    satp, zero
        sfence.vma
        RVTEST_PASS
RVTEST_CODE_END

RVTEST_DATA_BEGIN
        .align  12
pt_root: .fill  512, 8, 0
pt_l1:  .fill   512, 8, 0
pt_l0:  .fill   512, 8, 0
data_page: .dword 0x5eed
        .fill   511, 8, 0
RVTEST_DATA_END
