/* RV64I integer computational instructions (Unprivileged spec, ch. "RV32I/RV64I
 * Base Integer Instruction Set"): register-register, register-immediate and
 * the 32-bit W forms, which sign-extend bit 31 of their result to 64 bits. */
#include "env.h"
RVTEST_CODE_BEGIN

        /* add / sub: 64-bit wrap-around */
        TEST_RR  1, add,  0x0000000000000003, 1, 2
        TEST_RR  2, add,  0x8000000000000000, 0x7fffffffffffffff, 1
        TEST_RR  3, add,  0, -1, 1
        TEST_RR  4, sub,  0xffffffffffffffff, 0, 1
        TEST_RR  5, sub,  0x7fffffffffffffff, 0x8000000000000000, 1
        /* addi: 12-bit sign-extended immediate */
        TEST_RI  6, addi, 0x00000000000007ff, 0, 2047
        TEST_RI  7, addi, 0xfffffffffffff800, 0, -2048
        TEST_RI  8, addi, 0x7fffffffffffffff, 0x8000000000000000, -1

        /* W forms: low 32 bits, result sign-extended */
        TEST_RR  9, addw, 0xffffffff80000000, 0x7fffffff, 1
        TEST_RR 10, addw, 0x0000000000000000, 0xffffffff, 1
        TEST_RR 11, addw, 0x0000000000000002, 0x1234567800000001, 0x9876543200000001
        TEST_RR 12, subw, 0x000000007fffffff, 0x80000000, 1
        TEST_RR 13, subw, 0xffffffffffffffff, 0, 1
        TEST_RI 14, addiw, 0xffffffff80000000, 0x7fffffff, 1
        TEST_RI 15, addiw, 0x0000000000000005, 0xffffffff00000005, 0
        TEST_RI 16, addiw, 0xfffffffffffff800, 0, -2048   /* sext.w */

        /* logic */
        TEST_RR 17, and,  0x0f000f0000f000f0, 0xff00ff00fff0fff0, 0x0ff00ff000ff00ff
        TEST_RR 18, or,   0xfff0fff0ffffffff, 0xff00ff00fff0fff0, 0x0ff00ff000ff00ff
        TEST_RR 19, xor,  0xf0f0f0f0ff0fff0f, 0xff00ff00fff0fff0, 0x0ff00ff000ff00ff
        TEST_RI 20, andi, 0xff00ff00fff0fff0, 0xff00ff00fff0fff0, -1
        TEST_RI 21, andi, 0x00000000000000f0, 0xff00ff00fff0fff0, 0x0f0
        TEST_RI 22, ori,  0xfffffffffffff8f0, 0x00000000000000f0, -0x800
        TEST_RI 23, xori, 0x00ff00ff000f000f, 0xff00ff00fff0fff0, -1   /* not */
        TEST_RI 24, xori, 0xff00ff00fff0ff0f, 0xff00ff00fff0fff0, 0x0ff
        /* a zero immediate: andi clears, ori/xori copy (the JIT once
         * dropped the op for every zero immediate; riscv-arch-test's
         * andi-01 found it) */
        TEST_RI 71, andi, 0, 0xff00ff00fff0fff0, 0
        TEST_RI 72, ori,  0xff00ff00fff0fff0, 0xff00ff00fff0fff0, 0
        TEST_RI 73, xori, 0xff00ff00fff0fff0, 0xff00ff00fff0fff0, 0

        /* slt / sltu / slti / sltiu: signed vs unsigned compare */
        TEST_RR 25, slt,  1, -1, 0
        TEST_RR 26, sltu, 0, -1, 0
        TEST_RR 27, slt,  0, 0x7fffffffffffffff, 0x8000000000000000
        TEST_RR 28, sltu, 1, 0x7fffffffffffffff, 0x8000000000000000
        TEST_RR 29, slt,  0, 5, 5
        TEST_RI 30, slti, 1, 0x8000000000000000, 0
        TEST_RI 31, slti, 0, 0, -1
        TEST_RI 32, sltiu, 1, 0, -1          /* imm sign-extends then compares unsigned */
        TEST_RI 33, sltiu, 0, -1, -1
        TEST_RI 34, sltiu, 1, 0, 1           /* seqz */

        /* 64-bit shifts: shamt is rs2[5:0] */
        TEST_RR 35, sll,  0x8000000000000000, 1, 63
        TEST_RR 36, sll,  0x0000000100000000, 1, 32
        TEST_RR 37, sll,  0x0000000080000000, 1, 31
        TEST_RR 38, sll,  0x0000000000000002, 1, 65     /* 65 & 63 = 1 */
        TEST_RR 39, srl,  0x0000000000000001, 0x8000000000000000, 63
        TEST_RR 40, srl,  0x00000000ffffffff, 0xffffffffffffffff, 32
        TEST_RR 41, srl,  0xffffffffffffffff, 0xffffffffffffffff, 64
        TEST_RR 42, sra,  0xffffffffffffffff, 0x8000000000000000, 63
        TEST_RR 43, sra,  0xffffffff80000000, 0x8000000000000000, 32
        TEST_RR 44, sra,  0x3fffffffffffffff, 0x7fffffffffffffff, 0xc1 /* & 63 = 1 */
        TEST_RI 45, slli, 0x8000000000000000, 1, 63
        TEST_RI 46, srli, 0x0000000000000001, 0x8000000000000000, 63
        TEST_RI 47, srai, 0xfffffffffffffff0, 0x8000000000000000, 59
        TEST_RI 48, srai, 0x0000000000000001, 0x4000000000000000, 62
        TEST_RI 49, srli, 0x0000000080000000, 0x8000000000000000, 32

        /* 32-bit shifts: shamt is rs2[4:0], operate on low word, sign-extend */
        TEST_RR 50, sllw, 0xffffffff80000000, 1, 31
        TEST_RR 51, sllw, 0x0000000000000001, 1, 32     /* 32 & 31 = 0 */
        TEST_RR 52, sllw, 0x0000000000000000, 0xffffffff00000000, 0
        TEST_RR 53, srlw, 0x0000000000000001, 0x80000000, 31
        TEST_RR 54, srlw, 0xffffffff80000000, 0xffffffff80000000, 32  /* shift 0: sext */
        TEST_RR 55, srlw, 0x0000000000ffffff, 0xffffffffffffffff, 8   /* upper bits ignored */
        TEST_RR 56, sraw, 0xffffffffffffffff, 0x80000000, 31
        TEST_RR 57, sraw, 0xffffffffffffffff, 0x00000001ffffffff, 63 /* 63 & 31 = 31 */
        TEST_RR 58, sraw, 0x000000003fffffff, 0xffffffff7fffffff, 1
        TEST_RI 59, slliw, 0xffffffff80000000, 0x1, 31
        TEST_RI 60, slliw, 0x0000000012345678, 0xabcdef0012345678, 0
        TEST_RI 61, srliw, 0x0000000000000001, 0xffffffff80000000, 31
        TEST_RI 62, srliw, 0x000000007fffffff, 0xffffffffffffffff, 1
        TEST_RI 63, sraiw, 0xffffffffffffffff, 0x0000000080000000, 31
        TEST_RI 64, sraiw, 0xfffffffff8000000, 0x0000000080000000, 4
        TEST_RI 65, sraiw, 0x0000000000000000, 0xffffffff00000000, 31

        /* lui / auipc */
        li      TESTNUM, 66
        lui     a0, 0x80000            /* bit 31 set: sign-extends on RV64 */
        CHECK   a0, 0xffffffff80000000
        lui     a0, 0x7ffff
        CHECK   a0, 0x000000007ffff000
        li      TESTNUM, 67
1:      auipc   a0, 0
        la      a1, 1b
        bne     a0, a1, fail
2:      auipc   a0, 0x1
        la      a1, 2b
        sub     a0, a0, a1
        CHECK   a0, 0x1000
3:      auipc   a0, 0xfffff            /* -4096: sign-extended offset */
        la      a1, 3b
        sub     a0, a1, a0
        CHECK   a0, 0x1000

        /* x0 as destination always reads zero; as source reads zero */
        li      TESTNUM, 68
        li      a1, 123
        addi    x0, a1, 1
        add     x0, a1, a1
        lui     x0, 0x12345
        auipc   x0, 0
        CHECK   x0, 0
        mv      a0, x0
        CHECK   a0, 0
        add     a0, x0, x0
        CHECK   a0, 0
        li      TESTNUM, 69
        la      a1, scratch
        ld      x0, 0(a1)              /* load to x0 still performs the access */
        CHECK   x0, 0
        sub     a0, x0, a1
        add     a0, a0, a1
        CHECK   a0, 0

        /* the same register as both sources */
        TEST_RR 70, sub, 0, 0x123456789, 0x123456789
        li      TESTNUM, 71
        li      a1, 0x40000000
        addw    a1, a1, a1
        CHECK   a1, 0xffffffff80000000

        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
scratch: .dword 0x5555aaaa5555aaaa
RVTEST_DATA_END
