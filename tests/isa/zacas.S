/* rvx-isa: rv64gc_zacas */
/* rvx-as: rv64gc */
/* rvx-qemu-cpu: none */
/* Zacas v1.0.0: amocas.w/d/q (riscv-isa-manual, "Zacas" chapter).
 * GNU as 2.40 does not know amocas, and QEMU 7.2 does not implement it:
 * the spec is the oracle.  The instructions are spelt with .insn from the
 * spec's encoding: AMO opcode 0x2f, funct5 00101 (funct7 = 0x14 with
 * aq = rl = 0), funct3 010 (.w), 011 (.d), 100 (.q).
 *
 * Memory semantics from the spec's listings: temp = mem; if temp == rd
 * then mem = rs2; rd = temp (sign-extended for .w).  .q: register pairs,
 * odd rd/rs2 reserved, x0 as a source pair reads two zeros, x0 as rd
 * discards both halves.  Natural alignment as for the A AMOs (rvx raises
 * store/AMO address-misaligned, mtval = the address), and "always
 * requires write permissions": a failing compare on a read-only page
 * still takes a store/AMO page fault. */
#include "env.h"

#define AMOCAS(f3, rd, rs2, rs1) .insn r 0x2f, f3, 0x14, rd, rs1, rs2
#define AMOCAS_W(rd, rs2, rs1) AMOCAS(2, rd, rs2, rs1)
#define AMOCAS_D(rd, rs2, rs1) AMOCAS(3, rd, rs2, rs1)
#define AMOCAS_Q(rd, rs2, rs1) AMOCAS(4, rd, rs2, rs1)

/* Sv39 (privileged spec 4.4) for the permission test: root[2] maps the
 * 1 GiB at 0x80000000 identically (RWX, A, D); root[1] -> l1, l1[0] -> l0,
 * l0[0] maps VA 0x40000000 to ro_page, readable only (A set). */
#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_A 0x40
#define PTE_D 0x80
#define VA_RO 0x40000000

RVTEST_CODE_BEGIN
        /* ---- amocas.w: compare the low 32 bits, sign-extend the old value */
        li      TESTNUM, 1
        la      a0, words
        li      a1, 0xaaaaaaaa11223344          /* rs2: only [31:0] stored */
        li      a2, 0x1234567880000001          /* rd: [63:32] ignored */
        AMOCAS_W(a2, a1, a0)
        CHECK   a2, 0xffffffff80000001          /* old, sign-extended */
        lwu     t0, 0(a0)
        CHECK   t0, 0x11223344
        lwu     t0, 4(a0)                       /* the next word untouched */
        CHECK   t0, 0x55667788

        li      TESTNUM, 2                      /* failing compare: no store */
        li      a2, 0x11223345
        AMOCAS_W(a2, a1, a0)
        CHECK   a2, 0x11223344
        lwu     t0, 0(a0)
        CHECK   t0, 0x11223344

        li      TESTNUM, 3                      /* rd = x0 compares with 0 */
        sw      zero, 0(a0)
        li      a1, 0x7fffffff
        AMOCAS_W(zero, a1, a0)
        lw      t0, 0(a0)
        CHECK   t0, 0x7fffffff

        /* ---- amocas.d */
        li      TESTNUM, 4
        la      a0, dwords
        li      a2, 0x0123456789abcdef
        li      a1, 0xfedcba9876543210
        AMOCAS_D(a2, a1, a0)
        CHECK   a2, 0x0123456789abcdef
        ld      t0, 0(a0)
        CHECK   t0, 0xfedcba9876543210
        li      TESTNUM, 5                      /* differs in bit 63 only */
        li      a2, 0x7edcba9876543210
        li      a1, 1
        AMOCAS_D(a2, a1, a0)
        CHECK   a2, 0xfedcba9876543210
        ld      t0, 0(a0)
        CHECK   t0, 0xfedcba9876543210

        /* ---- amocas.q: pairs (a2, a3) compare, (a4, a5) swap */
        li      TESTNUM, 6
        la      a0, quad
        li      a2, 0x1111111111111111
        li      a3, 0x2222222222222222
        li      a4, 0x3333333333333333
        li      a5, 0x4444444444444444
        AMOCAS_Q(a2, a4, a0)
        CHECK   a2, 0x1111111111111111
        CHECK   a3, 0x2222222222222222
        ld      t0, 0(a0)
        CHECK   t0, 0x3333333333333333
        ld      t0, 8(a0)
        CHECK   t0, 0x4444444444444444
        li      TESTNUM, 7                      /* low equal, high differs */
        li      a2, 0x3333333333333333
        li      a3, 0x4444444444444445
        li      a4, 0
        li      a5, 0
        AMOCAS_Q(a2, a4, a0)
        mv      t1, a3                          /* rd+1 read in the same block */
        CHECK   a2, 0x3333333333333333
        CHECK   a3, 0x4444444444444444
        CHECK   t1, 0x4444444444444444
        ld      t0, 0(a0)
        CHECK   t0, 0x3333333333333333
        ld      t0, 8(a0)
        CHECK   t0, 0x4444444444444444
        li      TESTNUM, 8                      /* rs2 = x0: stores two zeros */
        li      ra, -1                          /* x1 is not the high half */
        AMOCAS_Q(a2, zero, a0)                  /* a2/a3 still equal memory */
        ld      t0, 0(a0)
        CHECK   t0, 0
        ld      t0, 8(a0)
        CHECK   t0, 0
        li      TESTNUM, 9                      /* rd = x0: compares with 0, 0 */
        li      a4, 5
        li      a5, 6
        li      ra, 0x77                        /* ... and x1 is not written */
        AMOCAS_Q(zero, a4, a0)
        CHECK   ra, 0x77
        ld      t0, 0(a0)
        CHECK   t0, 5
        ld      t0, 8(a0)
        CHECK   t0, 6

        /* ---- odd register pairs are reserved: illegal, mtval = the bits */
        li      TESTNUM, 10
        la      a0, quad
        EXPECT_TRAP 1f
        .word   0x28c545af                      /* amocas.q a1, a2, (a0): rd odd */
1:      CHECK_TRAP CAUSE_ILLEGAL
        TRAP_TVAL t0
        CHECK   t0, 0x28c545af
        li      TESTNUM, 11
        EXPECT_TRAP 1f
        .word   0x28b5462f                      /* amocas.q a2, a1, (a0): rs2 odd */
1:      CHECK_TRAP CAUSE_ILLEGAL
        TRAP_TVAL t0
        CHECK   t0, 0x28b5462f
        li      TESTNUM, 12                     /* .w/.d take any register */
        li      a1, 0
        li      a2, 6
        AMOCAS_D(a1, a2, a0)                    /* (the quad holds 5, 6) */
        CHECK   a1, 5

        /* ---- misaligned: store/AMO address-misaligned, mtval = address */
        la      a0, dwords
        addi    a0, a0, 2
        TEST_TRAP 13, CAUSE_MISALIGNED_STORE, AMOCAS_W(a2, a1, a0)
        TRAP_TVAL t0
        bne     t0, a0, fail
        la      a0, quad
        addi    a0, a0, 8                       /* 8-aligned is not enough */
        TEST_TRAP 14, CAUSE_MISALIGNED_STORE, AMOCAS_Q(a2, a4, a0)
        TRAP_TVAL t0
        bne     t0, a0, fail
        ld      t0, 0(a0)                       /* nothing written */
        CHECK   t0, 6

        /* ---- write permission even when the compare fails: map a
         * read-only page and run amocas.d from S-mode */
        li      TESTNUM, 15
        la      t0, pt_root
        la      t1, pt_l1
        srli    t1, t1, 12
        slli    t1, t1, 10
        ori     t1, t1, PTE_V
        sd      t1, 8(t0)                       /* root[1] -> l1 */
        li      t1, ((0x80000000 >> 12) << 10) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D
        sd      t1, 16(t0)                      /* root[2]: 1 GiB identity */
        la      t0, pt_l1
        la      t1, pt_l0
        srli    t1, t1, 12
        slli    t1, t1, 10
        ori     t1, t1, PTE_V
        sd      t1, 0(t0)                       /* l1[0] -> l0 */
        la      t0, pt_l0
        la      t1, ro_page
        srli    t1, t1, 12
        slli    t1, t1, 10
        ori     t1, t1, PTE_V | PTE_R | PTE_A
        sd      t1, 0(t0)                       /* l0[0]: ro_page, R only */
        la      t0, pt_root
        srli    t0, t0, 12
        li      t1, 8 << 60                     /* Sv39 */
        or      t0, t0, t1
        csrw    satp, t0
        sfence.vma
        li      a0, VA_RO
        li      a1, 1
        li      a2, 0x0badc0de                  /* ro_page holds 42: fails */
        EXPECT_TRAP 2f
        GOTO_MODE 1, 1f
1:      ld      t0, 0(a0)                       /* readable */
        li      t1, 42
        bne     t0, t1, fail
        AMOCAS_D(a2, a1, a0)
        j       fail
2:      CHECK_TRAP CAUSE_STORE_PAGE
        TRAP_TVAL t0
        CHECK   t0, VA_RO
        CHECK   a2, 0x0badc0de                  /* rd not written */
        csrw    satp, zero
        sfence.vma
        la      t0, ro_page
        ld      t0, 0(t0)
        CHECK   t0, 42

        /* ---- PMP checks the whole operand (priv. spec 3.7.1: the
         * matching entry must match all bytes): entry 0 grants RWX below
         * quad+8, entry 1 only R on quad+8..quad+16, entry 2 the rest.
         * From S, amocas.d on quad's first half works; amocas.q on
         * both halves is a store/AMO access fault. */
        li      TESTNUM, 16
        la      a0, quad
        addi    t0, a0, 8
        srli    t0, t0, 2
        csrw    pmpaddr0, t0
        addi    t0, a0, 16
        srli    t0, t0, 2
        csrw    pmpaddr1, t0
        li      t0, -1
        csrw    pmpaddr2, t0
        li      t0, (0x1f << 16) | (0x09 << 8) | 0x0f
        csrw    pmpcfg0, t0
        li      a1, 5
        li      a2, 9
        li      a3, 0
        li      a4, 1
        li      a5, 2
        EXPECT_TRAP 2f
        GOTO_MODE 1, 1f
1:      AMOCAS_D(a1, a2, a0)                    /* 5 == 5: stores 9 */
        AMOCAS_Q(a2, a4, a0)
        j       fail
2:      CHECK_TRAP CAUSE_STORE_ACCESS
        TRAP_TVAL t0
        bne     t0, a0, fail
        CHECK   a1, 5
        ld      t0, 0(a0)
        CHECK   t0, 9
        ld      t0, 8(a0)                       /* untouched */
        CHECK   t0, 6
        li      t0, -1
        csrw    pmpaddr0, t0
        li      t0, 0x1f
        csrw    pmpcfg0, t0

        RVTEST_PASS
RVTEST_CODE_END

RVTEST_DATA_BEGIN
        .align  4
words:  .word   0x80000001, 0x55667788
dwords: .dword  0x0123456789abcdef
        .align  4
quad:   .dword  0x1111111111111111, 0x2222222222222222
        .align  12
pt_root: .skip  4096
pt_l1:  .skip   4096
pt_l0:  .skip   4096
ro_page: .dword 42
        .skip   4088
RVTEST_DATA_END
