/* Shared body of the priv_sv39/sv48/sv57 tests (Privileged spec, "Supervisor-
 * Level ISA", Sv39/Sv48/Sv57).  The including file defines SATP_MODE (8, 9,
 * 10) and VA_BITS (39, 48, 57).  Page tables are built at run time in M-mode:
 *
 *   VA 0x80000000 (1 GiB leaf, identity)   code, data, tohost: RWX, A, D
 *   VA 0x40000000 (2 MiB leaf)             alias of PA 0x80000000: RW, A, D
 *   VA 0x40200000 + 4 KiB * i (4 KiB leaves):
 *      0  data_page   RW, A = D = 0  (hardware A/D update)
 *      1  data_page2  R only
 *      2  user_code   RX U
 *      3  data_page   X only (MXR)
 *      4  invalid (V = 0)
 *      5  data_page2  RW U
 *      6  data_page   RW, not X
 *
 * Faults go to M (default) or, with medeleg, to S; mcause/scause and
 * mtval/stval (the faulting VA) are checked exactly. */

#include "pte.h"

#define VA_MEGA   0x40000000
#define VA_PAGES  0x40200000
#define VA_PAGE(i) (VA_PAGES + 0x1000 * (i))

.macro SET_PTE_PA table, index, pa, flags
        li      t0, ((\pa >> 12) << 10) | \flags
        la      t1, \table
        sd      t0, (\index * 8)(t1)
.endm
/* load the PTE table[index] into \reg */
.macro GET_PTE reg, table, index
        la      \reg, \table
        ld      \reg, (\index * 8)(\reg)
.endm

/* from M: with a1 = \addr run \insn in S-mode; it must fault to M with
   \cause and mtval \tval */
.macro S_FAULT n, cause, tval, addr, insn:vararg
        li      TESTNUM, \n
        li      a1, \addr
        EXPECT_TRAP .Lback_\@
        GOTO_MODE 1, .Ls_\@
.Ls_\@: \insn
        j       fail
.Lback_\@:
        CHECK_TRAP \cause
        TRAP_TVAL a0
        CHECK   a0, \tval
.endm

RVTEST_CODE_BEGIN
        /* ---- build the tables */
#if VA_BITS == 48
        SET_PTE pt_root, 0, pt_l2, PTE_V
#elif VA_BITS == 57
        SET_PTE pt_root, 0, pt_l3, PTE_V
        SET_PTE pt_l3, 0, pt_l2, PTE_V
#endif
        SET_PTE_PA PT_L2, 2, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
        SET_PTE PT_L2, 1, pt_l1, PTE_V
        SET_PTE_PA pt_l1, 0, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D
        SET_PTE pt_l1, 1, pt_l0, PTE_V
        SET_PTE pt_l0, 0, data_page,  PTE_V | PTE_R | PTE_W
        SET_PTE pt_l0, 1, data_page2, PTE_V | PTE_R | PTE_A
        SET_PTE pt_l0, 2, user_code,  PTE_V | PTE_R | PTE_X | PTE_U | PTE_A
        SET_PTE pt_l0, 3, data_page,  PTE_V | PTE_X | PTE_A
        SET_PTE pt_l0, 5, data_page2, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D
        SET_PTE pt_l0, 6, data_page,  PTE_V | PTE_R | PTE_W | PTE_A | PTE_D

        li      TESTNUM, 1
        la      t0, pt_root
        srli    t0, t0, 12
        li      t1, SATP_MODE << 60
        or      t0, t0, t1
        csrw    satp, t0
        csrr    a0, satp
        bne     a0, t0, fail            /* the mode is supported */
        sfence.vma

        /* ---- S-mode runs through the gigapage; loads/stores via the
           megapage alias reach the same physical bytes */
        li      TESTNUM, 2
        GOTO_MODE 1, 1f
1:      la      a1, vm_data             /* identity VA */
        li      t0, 0x80000000
        sub     a2, a1, t0
        li      t0, VA_MEGA
        add     a2, a2, t0              /* alias VA */
        ld      a0, 0(a2)
        CHECK   a0, 0x1122334455667788
        li      a3, 0xa5a5
        sd      a3, 8(a2)
        ld      a0, 8(a1)
        CHECK   a0, 0xa5a5
        BACK_TO_M 2f
2:      CHECK_TRAP CAUSE_ECALL_S
        la      a1, vm_data
        ld      a0, 8(a1)
        CHECK   a0, 0xa5a5

        /* ---- A/D updated by hardware: load sets A only, store sets D */
        li      TESTNUM, 3
        GOTO_MODE 1, 3f
3:      li      a1, VA_PAGE(0)
        ld      a0, 16(a1)
        CHECK   a0, 0xd00dfeed
        BACK_TO_M 4f
4:      CHECK_TRAP CAUSE_ECALL_S
        GET_PTE a0, pt_l0, 0
        andi    a0, a0, PTE_A | PTE_D
        CHECK   a0, PTE_A
        li      TESTNUM, 4
        GOTO_MODE 1, 5f
5:      li      a1, VA_PAGE(0)
        li      a2, 99
        sd      a2, 24(a1)
        BACK_TO_M 6f
6:      CHECK_TRAP CAUSE_ECALL_S
        GET_PTE a0, pt_l0, 0
        andi    a0, a0, PTE_A | PTE_D
        CHECK   a0, PTE_A | PTE_D
        la      a1, data_page
        ld      a0, 24(a1)
        CHECK   a0, 99

        /* ---- page faults taken in M: exact cause and mtval */
        S_FAULT 5, CAUSE_LOAD_PAGE,  VA_PAGE(4) + 8, VA_PAGE(4), ld a0, 8(a1)
        S_FAULT 6, CAUSE_STORE_PAGE, VA_PAGE(4) + 4, VA_PAGE(4), sw a0, 4(a1)
        S_FAULT 7, CAUSE_STORE_PAGE, VA_PAGE(1) + 16, VA_PAGE(1), sd a0, 16(a1)
        S_FAULT 8, CAUSE_STORE_PAGE, VA_PAGE(1), VA_PAGE(1), amoadd.d a0, a0, (a1)
        S_FAULT 9, CAUSE_FETCH_PAGE, VA_PAGE(4) + 0x40, VA_PAGE(4) + 0x40, jr a1
        S_FAULT 10, CAUSE_FETCH_PAGE, VA_PAGE(6), VA_PAGE(6), jr a1
        /* a 32-bit instruction whose second half lies on the invalid page:
           mepc = its start, mtval = the faulting portion (Privileged spec,
           mtval for variable-length instructions) */
        li      TESTNUM, 30
        la      a1, data_page + 0xffe
        li      t0, 0x0513              /* low half of an addi a0, zero, x */
        sh      t0, 0(a1)
        fence.i
        li      a1, VA_PAGE(3) + 0xffe  /* execute-only alias of data_page */
        EXPECT_TRAP 24f
        GOTO_MODE 1, 25f
25:     jr      a1
        j       fail
24:     CHECK_TRAP CAUSE_FETCH_PAGE
        TRAP_TVAL a0
        CHECK   a0, VA_PAGE(4)
        TRAP_EPC a0
        CHECK   a0, VA_PAGE(3) + 0xffe
        /* the store to the read-only page changed nothing */
        li      TESTNUM, 11
        la      a1, data_page2
        ld      a0, 16(a1)
        CHECK   a0, 0x0badcafe
        /* non-canonical address (bits above VA_BITS-1 not a sign copy) */
        S_FAULT 12, CAUSE_LOAD_PAGE, (1 << (VA_BITS - 1)) << 1, ((1 << (VA_BITS - 1)) << 1), ld a0, 0(a1)
        /* a misaligned load inside a valid page still works under paging */
        li      TESTNUM, 13
        GOTO_MODE 1, 7f
7:      li      a1, VA_PAGE(0)
        ld      a0, 17(a1)
        CHECK   a0, 0x6300000000d00dfe
        BACK_TO_M 8f
8:      CHECK_TRAP CAUSE_ECALL_S

        /* ---- SUM: S access to a U page faults unless SUM = 1 */
        S_FAULT 14, CAUSE_LOAD_PAGE, VA_PAGE(5), VA_PAGE(5), ld a0, 0(a1)
        li      TESTNUM, 15
        li      t0, MSTATUS_SUM
        csrs    mstatus, t0
        GOTO_MODE 1, 9f
9:      li      a1, VA_PAGE(5)
        ld      a0, 16(a1)
        CHECK   a0, 0x0badcafe
        BACK_TO_M 10f
10:     CHECK_TRAP CAUSE_ECALL_S
        /* ... but S never executes from a U page, SUM or not */
        S_FAULT 16, CAUSE_FETCH_PAGE, VA_PAGE(2), VA_PAGE(2), jr a1
        li      t0, MSTATUS_SUM
        csrc    mstatus, t0

        /* ---- MXR: loads from an execute-only page need MXR = 1 */
        S_FAULT 17, CAUSE_LOAD_PAGE, VA_PAGE(3) + 16, VA_PAGE(3), ld a0, 16(a1)
        li      TESTNUM, 18
        li      t0, MSTATUS_MXR
        csrs    mstatus, t0
        GOTO_MODE 1, 11f
11:     li      a1, VA_PAGE(3)
        ld      a0, 16(a1)
        CHECK   a0, 0xd00dfeed
        BACK_TO_M 12f
12:     CHECK_TRAP CAUSE_ECALL_S
        S_FAULT 19, CAUSE_STORE_PAGE, VA_PAGE(3), VA_PAGE(3), sd a0, 0(a1)
        li      t0, MSTATUS_MXR
        csrc    mstatus, t0

        /* ---- U-mode: runs from the U page, reads U data, faults on S pages */
        li      TESTNUM, 20
        li      a0, VA_PAGE(5) + 16
        EXPECT_TRAP 13f
        GOTO_MODE 0, VA_PAGE(2)         /* user_code: ld a1, 0(a0); ecall */
13:     CHECK_TRAP CAUSE_ECALL_U
        CHECK   a1, 0x0badcafe
        li      TESTNUM, 21
        la      a0, vm_data             /* not a U page */
        EXPECT_TRAP 14f
        GOTO_MODE 0, VA_PAGE(2)
14:     CHECK_TRAP CAUSE_LOAD_PAGE
        TRAP_TVAL a0
        la      a1, vm_data
        bne     a0, a1, fail
        li      TESTNUM, 22
        EXPECT_TRAP 15f
        GOTO_MODE 0, 16f                /* U fetch from a non-U page */
16:     j       fail
15:     CHECK_TRAP CAUSE_FETCH_PAGE
        TRAP_TVAL a0
        la      a1, 16b
        bne     a0, a1, fail

        /* ---- page faults delegated to S: scause/stval, resume in S */
        li      TESTNUM, 23
        li      t0, (1 << CAUSE_FETCH_PAGE) | (1 << CAUSE_LOAD_PAGE) | (1 << CAUSE_STORE_PAGE)
        csrw    medeleg, t0
        GOTO_MODE 1, 17f
17:     EXPECT_STRAP 18f
        li      a1, VA_PAGE(4)
        ld      a0, 0x18(a1)
        j       fail
18:     CHECK_STRAP CAUSE_LOAD_PAGE
        STRAP_TVAL a0
        CHECK   a0, VA_PAGE(4) + 0x18
        li      TESTNUM, 24
        EXPECT_STRAP 19f
        li      a1, VA_PAGE(1)
        sw      a0, 0x20(a1)
        j       fail
19:     CHECK_STRAP CAUSE_STORE_PAGE
        STRAP_TVAL a0
        CHECK   a0, VA_PAGE(1) + 0x20
        li      TESTNUM, 25
        EXPECT_STRAP 20f
        li      a1, VA_PAGE(4)
        jalr    a1
        j       fail
20:     CHECK_STRAP CAUSE_FETCH_PAGE
        STRAP_TVAL a0
        CHECK   a0, VA_PAGE(4)
        STRAP_EPC a0                    /* sepc = the faulting fetch address */
        CHECK   a0, VA_PAGE(4)
        BACK_TO_M 21f
21:     CHECK_TRAP CAUSE_ECALL_S
        csrw    medeleg, zero

        /* ---- a PTE change is seen after sfence.vma */
        li      TESTNUM, 26
        SET_PTE pt_l0, 4, data_page2, PTE_V | PTE_R | PTE_A
        sfence.vma
        GOTO_MODE 1, 22f
22:     li      a1, VA_PAGE(4)
        ld      a0, 16(a1)
        CHECK   a0, 0x0badcafe
        BACK_TO_M 23f
23:     CHECK_TRAP CAUSE_ECALL_S

        /* ---- MPRV: M-mode loads translated with MPP's privilege */
        li      TESTNUM, 27
        li      t0, MSTATUS_MPP
        csrc    mstatus, t0
        li      t0, MSTATUS_MPP_S | MSTATUS_MPRV
        csrs    mstatus, t0
        li      a1, VA_PAGE(0)
        ld      a0, 16(a1)              /* as S: through the page table */
        li      t0, MSTATUS_MPRV
        csrc    mstatus, t0
        CHECK   a0, 0xd00dfeed

        /* ---- misaligned accesses across a page boundary, each after an
           aligned access to its first page (so that page is in the TLB,
           whose entries must not serve the part on the next page): VA
           pages 5 and 6 map data_page2 and data_page, physically in the
           opposite order, and page 7 is unmapped.  A fault on the second
           page reports that portion's address (Privileged spec, mtval of
           a misaligned access) and leaves memory as it was. */
        li      TESTNUM, 40
        la      a1, data_page2 + 0xffc
        li      t0, 0x55667788
        sw      t0, 0(a1)
        la      a1, data_page
        li      t0, 0x11223344
        sw      t0, 0(a1)
        li      t0, MSTATUS_SUM         /* page 5 is a U page */
        csrs    mstatus, t0
        GOTO_MODE 1, 30f
30:     li      a1, VA_PAGE(5) + 0xffc
        lw      a0, 0(a1)
        CHECK   a0, 0x55667788
        ld      a0, 0(a1)
        CHECK   a0, 0x1122334455667788
        lhu     a0, 3(a1)
        CHECK   a0, 0x4455
        li      a2, 0x99aabbccddeeff00
        sw      zero, 0(a1)
        sd      a2, 0(a1)
        ld      a0, 0(a1)
        CHECK   a0, 0x99aabbccddeeff00
        BACK_TO_M 31f
31:     CHECK_TRAP CAUSE_ECALL_S
        li      t0, MSTATUS_SUM
        csrc    mstatus, t0
        la      a1, data_page2 + 0xffc
        lwu     a0, 0(a1)
        CHECK   a0, 0xddeeff00
        la      a1, data_page
        lwu     a0, 0(a1)
        CHECK   a0, 0x99aabbcc

        li      TESTNUM, 41
        EXPECT_TRAP 32f
        GOTO_MODE 1, 33f
33:     li      a1, VA_PAGE(6) + 0xffc
        lw      a0, 0(a1)
        ld      a0, 0(a1)
        j       fail
32:     CHECK_TRAP CAUSE_LOAD_PAGE
        TRAP_TVAL a0
        CHECK   a0, VA_PAGE(7)

        li      TESTNUM, 42
        la      a1, data_page2
        sw      zero, 0(a1)
        EXPECT_TRAP 34f
        GOTO_MODE 1, 35f
35:     li      a1, VA_PAGE(6) + 0xffc
        li      a2, 0x01020304
        sw      a2, 0(a1)
        sw      a2, 0(a1)
        li      a2, -1
        sd      a2, 0(a1)
        j       fail
34:     CHECK_TRAP CAUSE_STORE_PAGE
        TRAP_TVAL a0
        CHECK   a0, VA_PAGE(7)
        la      a1, data_page + 0xffc
        lwu     a0, 0(a1)
        CHECK   a0, 0x01020304
        la      a1, data_page2
        lwu     a0, 0(a1)
        CHECK   a0, 0

        /* ---- loads from one base across a page boundary, in one block,
           the first page already in the TLB (touched through another
           register): the JIT's load groups must not serve the second load
           from the first page's host address.  43: into the physically
           lower page (45: from it, the higher address loaded first); 44:
           into the unmapped page. */
        li      TESTNUM, 43
        la      a1, data_page2 + 0xff8
        li      t0, 0x0123456789abcdef
        sd      t0, 0(a1)
        la      a1, data_page
        li      t0, 0x1122334455667788
        sd      t0, 0(a1)
        li      t0, MSTATUS_SUM
        csrs    mstatus, t0
        GOTO_MODE 1, 50f
50:     li      a3, VA_PAGE(5)
        lw      t0, 0(a3)
        li      a1, VA_PAGE(5) + 0xff8
        ld      a0, 0(a1)
        ld      a2, 8(a1)
        CHECK   a0, 0x0123456789abcdef
        CHECK   a2, 0x1122334455667788
        li      TESTNUM, 45             /* the same, the higher one first */
        li      a3, VA_PAGE(6)
        lw      t0, 0(a3)
        li      a1, VA_PAGE(6) - 8
        ld      a2, 8(a1)
        ld      a0, 0(a1)
        CHECK   a0, 0x0123456789abcdef
        CHECK   a2, 0x1122334455667788
        BACK_TO_M 51f
51:     CHECK_TRAP CAUSE_ECALL_S
        li      t0, MSTATUS_SUM
        csrc    mstatus, t0

        li      TESTNUM, 44
        EXPECT_TRAP 52f
        GOTO_MODE 1, 53f
53:     li      a3, VA_PAGE(6)
        lw      t0, 0(a3)
        li      a1, VA_PAGE(6) + 0xff8
        ld      a0, 0(a1)
        ld      a2, 8(a1)
        j       fail
52:     CHECK_TRAP CAUSE_LOAD_PAGE
        TRAP_TVAL a0
        CHECK   a0, VA_PAGE(7)

        csrw    satp, zero
        sfence.vma
        RVTEST_PASS

        /* code for U-mode, reached only through VA_PAGE(2) */
        .section .text.user, "ax", @progbits
        .align  12
user_code:
        ld      a1, 0(a0)
        ecall
        j       fail
        .text
RVTEST_CODE_END

RVTEST_DATA_BEGIN
        .align  3
vm_data: .dword 0x1122334455667788, 0
        .align  12
pt_root: .fill 512, 8, 0
#if VA_BITS == 57
pt_l3:  .fill 512, 8, 0
#endif
#if VA_BITS >= 48
pt_l2:  .fill 512, 8, 0
#endif
pt_l1:  .fill 512, 8, 0
pt_l0:  .fill 512, 8, 0
data_page:  .dword 0, 0, 0xd00dfeed, 0x63
        .fill 508, 8, 0
data_page2: .dword 0, 0, 0x0badcafe, 0
        .fill 508, 8, 0
RVTEST_DATA_END
