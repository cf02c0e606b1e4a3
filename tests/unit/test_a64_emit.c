/* The arm64 JIT's encoder (cpu/a64_emit.h), instruction by instruction:
 * every word is compared with what GNU as (aarch64-linux-gnu-as 2.40)
 * assembles for the instruction named in the row, the reference for the
 * A64 encodings.  The encoder is plain C, so this runs on every host; on
 * arm64 the JIT's own tests then run the code it writes. */
#include <check.h>
#include <string.h>

#include "check_main.h"
#include "cpu/a64_emit.h"

static uint8_t buf[64];
static struct a64 e;

static void start(void) { e = (struct a64){ buf, buf + sizeof buf, false }; }

/* the k-th word written since start() */
static uint32_t word(unsigned k)
{
    uint32_t w;
    memcpy(&w, buf + 4 * k, 4);
    return w;
}

#define ONE(expect, text, ...)                                                       \
    do {                                                                             \
        start();                                                                     \
        __VA_ARGS__;                                                                 \
        ck_assert_msg(!e.overflow && e.p == buf + 4, "%s: not one word", text);     \
        ck_assert_msg(word(0) == (expect), "%s: %08x, GNU as %08x", text, word(0),   \
                      (unsigned)(expect));                                           \
    } while (0)

START_TEST(moves_and_immediates)
{
    ONE(0xd2a24683, "mov x3, #0x12340000", a64_movi(&e, 3, 0x12340000));
    ONE(0x92800005, "mov x5, #-1", a64_movi(&e, 5, ~0ull));
    ONE(0xf2f7dde7, "movk x7, #0xbeef, lsl #48", a64_movk(&e, 7, 0xbeef, 3));
    ONE(0x913ffc41, "add x1, x2, #0xfff", a64_addsub_imm(&e, true, false, false, 1, 2, 4095, false));
    ONE(0xd1400441, "sub x1, x2, #1, lsl #12", a64_addsub_imm(&e, true, true, false, 1, 2, 1, true));
    ONE(0x31001c83, "adds w3, w4, #7", a64_addsub_imm(&e, false, false, true, 3, 4, 7, false));
    ONE(0xf100089f, "cmp x4, #2", a64_addsub_imm(&e, true, true, true, A_ZR, 4, 2, false));
    ONE(0x910003fd, "mov x29, sp", a64_addsub_imm(&e, true, false, false, A_FP, A_SP, 0, false));
}
END_TEST

/* Logical immediates: a64_bitmask's N:immr:imms */
static void logic(uint32_t expect, const char *text, bool x64, uint32_t op, unsigned rd,
                  unsigned rn, uint64_t imm)
{
    uint32_t enc;
    ck_assert_msg(a64_bitmask(imm, x64, &enc), "%s: not encodable", text);
    ONE(expect, text, a64_logic_imm(&e, x64, op, rd, rn, enc));
}

START_TEST(bitmask_immediates)
{
    logic(0x9274cc20, "and x0, x1, #0xfffffffffffff000", true, A_ANDI, 0, 1, ~0xfffull);
    logic(0xb2607c62, "orr x2, x3, #0xffffffff00000000", true, A_ORRI, 2, 3,
          0xffffffff00000000ull);
    logic(0x520000a4, "eor w4, w5, #1", false, A_EORI, 4, 5, 1);
    logic(0x9200f0e6, "and x6, x7, #0x5555555555555555", true, A_ANDI, 6, 7,
          0x5555555555555555ull);
    logic(0xf273043f, "tst x1, #0x6000", true, A_ANDSI, A_ZR, 1, 0x6000);
    logic(0x927ff800, "and x0, x0, #~1", true, A_ANDI, 0, 0, ~1ull);
    logic(0xb2410129, "orr x9, x9, #1 << 63", true, A_ORRI, 9, 9, 1ull << 63);
    logic(0x12089d6a, "and w10, w11, #0xff00ff00", false, A_ANDI, 10, 11, 0xff00ff00u);
    /* a planned rotate's parts (jit_gen_a64.c, rotate_part): z's high 64 - k
     * or low k bits, k = 13 and 63 */
    logic(0x9273c841, "and x1, x2, #0xffffffffffffe000", true, A_ANDI, 1, 2, ~0x1fffull);
    logic(0x92403041, "and x1, x2, #0x1fff", true, A_ANDI, 1, 2, 0x1fff);
    logic(0x92410083, "and x3, x4, #0x8000000000000000", true, A_ANDI, 3, 4, 1ull << 63);
    logic(0x9240f883, "and x3, x4, #0x7fffffffffffffff", true, A_ANDI, 3, 4, ~0ull >> 1);
    /* not bitmask immediates (C4.1.89: 0 and all ones never are) */
    uint32_t enc;
    ck_assert(!a64_bitmask(0, true, &enc));
    ck_assert(!a64_bitmask(~0ull, true, &enc));
    ck_assert(!a64_bitmask(0x1234, true, &enc));
    ck_assert(!a64_bitmask(5, true, &enc));
}
END_TEST

START_TEST(bitfields_and_shifts)
{
    ONE(0xd37df041, "lsl x1, x2, #3", a64_lsl_imm(&e, true, 1, 2, 3));
    ONE(0xd37ffc41, "lsr x1, x2, #63", a64_lsr_imm(&e, true, 1, 2, 63));
    ONE(0x131f7c41, "asr w1, w2, #31", a64_asr_imm(&e, false, 1, 2, 31));
    ONE(0x53007c41, "lsl w1, w2, #0", a64_lsl_imm(&e, false, 1, 2, 0));
    ONE(0x93407c41, "sxtw x1, w2", a64_sxtw(&e, 1, 2));
    ONE(0xd34c6404, "ubfx x4, x0, #12, #14", a64_ubfx(&e, 4, 0, 12, 14));
    ONE(0x93401c41, "sxtb x1, w2", a64_bfm(&e, true, true, 1, 2, 0, 7));
    ONE(0xd3585c41, "ubfiz x1, x2, #40, #24", a64_bfm(&e, true, false, 1, 2, 24, 23));
    ONE(0x93c21441, "ror x1, x2, #5", a64_ror_imm(&e, true, 1, 2, 5));
    ONE(0x13827c41, "ror w1, w2, #31", a64_ror_imm(&e, false, 1, 2, 31));
    ONE(0x93c6ccc5, "ror x5, x6, #51", a64_ror_imm(&e, true, 5, 6, 51));    /* (rol 13) */
}
END_TEST

START_TEST(register_forms)
{
    ONE(0x8b030841, "add x1, x2, x3, lsl #2", a64_rrr_sh(&e, true, A_ADD, 1, 2, 3, A_LSL, 2));
    ONE(0x4b030041, "sub w1, w2, w3", a64_rrr(&e, false, A_SUB, 1, 2, 3));
    ONE(0xaa2103e1, "mvn x1, x1", a64_rrr(&e, true, A_ORN, 1, A_ZR, 1));
    ONE(0x8a2600a4, "bic x4, x5, x6", a64_rrr(&e, true, A_BIC, 4, 5, 6));
    ONE(0xca2600a4, "eon x4, x5, x6", a64_rrr(&e, true, A_EON, 4, 5, 6));
    ONE(0xea03007f, "tst x3, x3", a64_rrr(&e, true, A_ANDS, A_ZR, 3, 3));
    ONE(0x8b234c41, "add x1, x2, w3, uxtw #3", a64_add_uxtw(&e, 1, 2, 3, 3));
    ONE(0x9ac32041, "lsl x1, x2, x3", a64_dp2(&e, true, A_LSLV, 1, 2, 3));
    ONE(0x1ac32841, "asr w1, w2, w3", a64_dp2(&e, false, A_ASRV, 1, 2, 3));
    ONE(0x9ac32c41, "ror x1, x2, x3", a64_dp2(&e, true, A_RORV, 1, 2, 3));
    ONE(0x9ac30c41, "sdiv x1, x2, x3", a64_dp2(&e, true, A_SDIV, 1, 2, 3));
    ONE(0x1ac30841, "udiv w1, w2, w3", a64_dp2(&e, false, A_UDIV, 1, 2, 3));
    ONE(0x5ac01041, "clz w1, w2", a64_dp1(&e, false, A_CLZ, 1, 2));
    ONE(0xdac00041, "rbit x1, x2", a64_dp1(&e, true, A_RBIT, 1, 2));
    ONE(0xdac00c41, "rev x1, x2", a64_dp1(&e, true, A_REV, 1, 2));
    ONE(0x9b031041, "madd x1, x2, x3, x4", a64_madd(&e, true, 1, 2, 3, 4));
    ONE(0x1b039041, "msub w1, w2, w3, w4", a64_msub(&e, false, 1, 2, 3, 4));
    ONE(0x9b437c41, "smulh x1, x2, x3", a64_mulh(&e, true, 1, 2, 3));
    ONE(0x9bc37c41, "umulh x1, x2, x3", a64_mulh(&e, false, 1, 2, 3));
    ONE(0x9a83b041, "csel x1, x2, x3, lt", a64_csel(&e, A_CSEL, 1, 2, 3, A_LT));
    ONE(0xda9f1041, "csinv x1, x2, xzr, ne", a64_csel(&e, A_CSINV, 1, 2, A_ZR, A_NE));
    ONE(0x9a9f97e1, "cset x1, hi", a64_cset(&e, 1, A_HI));
}
END_TEST

START_TEST(loads_and_stores)
{
    ONE(0x397ffc41, "ldrb w1, [x2, #4095]", a64_ldst_uimm(&e, false, 0, A_LD, 1, 2, 4095));
    ONE(0xb9800841, "ldrsw x1, [x2, #8]", a64_ldst_uimm(&e, false, 2, A_LDS, 1, 2, 2));
    ONE(0xf9418661, "ldr x1, [x19, #776]", a64_ldst_uimm(&e, false, 3, A_LD, 1, 19, 97));
    ONE(0xb90012a1, "str w1, [x21, #16]", a64_ldst_uimm(&e, false, 2, A_ST, 1, 21, 4));
    ONE(0xfd408268, "ldr d8, [x19, #256]", a64_ldst_uimm(&e, true, 3, A_LD, 8, 19, 32));
    ONE(0xfd008669, "str d9, [x19, #264]", a64_ldst_uimm(&e, true, 3, A_ST, 9, 19, 33));
    ONE(0x78a56841, "ldrsh x1, [x2, x5]", a64_ldst_reg(&e, false, 1, A_LDS, 1, 2, 5));
    ONE(0xf8656841, "ldr x1, [x2, x5]", a64_ldst_reg(&e, false, 3, A_LD, 1, 2, 5));
    ONE(0xbc256828, "str s8, [x1, x5]", a64_ldst_reg(&e, true, 2, A_ST, 8, 1, 5));
    ONE(0x3825683f, "strb wzr, [x1, x5]", a64_ldst_reg(&e, false, 0, A_ST, A_ZR, 1, 5));
    ONE(0xa9b67bfd, "stp x29, x30, [sp, #-160]!", a64_ldstp(&e, false, false, 3, A_FP, A_LR, A_SP, -160));
    ONE(0xa8ca7bfd, "ldp x29, x30, [sp], #160", a64_ldstp(&e, true, false, 1, A_FP, A_LR, A_SP, 160));
    ONE(0x6d0627e8, "stp d8, d9, [sp, #96]", a64_ldstp(&e, false, true, 2, 8, 9, A_SP, 96));
    ONE(0xa9401404, "ldp x4, x5, [x0]", a64_ldstp(&e, true, false, 2, 4, 5, 0, 0));
    ONE(0xa9037c1f, "stp xzr, xzr, [x0, #48]", a64_ldstp(&e, false, false, 2, A_ZR, A_ZR, 0, 48));
}
END_TEST

START_TEST(branches)
{
    ONE(0xd61f0100, "br x8", a64_br(&e, 8));
    ONE(0xd63f0200, "blr x16", a64_blr(&e, 16));
    ONE(0xd65f03c0, "ret", a64_ret(&e));
    /* patched to their targets: GNU as for
     *   x: b.ne y; cbz x3, y; cbnz w0, y; y: b x; b.hs x */
    start();
    uint8_t *bne = a64_bcond(&e, A_NE), *cbz = a64_cbz(&e, true, false, 3);
    uint8_t *cbnz = a64_cbz(&e, false, true, 0), *y = e.p, *b = a64_b(&e);
    uint8_t *bhs = a64_bcond(&e, A_HS);
    a64_patch(&e, bne, y);
    a64_patch(&e, cbz, y);
    a64_patch(&e, cbnz, y);
    a64_patch(&e, b, buf);
    a64_patch(&e, bhs, buf);
    ck_assert(!e.overflow);
    static const uint32_t as[] = { 0x54000061, 0xb4000043, 0x35000020, 0x17fffffd, 0x54ffff82 };
    for (unsigned k = 0; k < 5; k++)
        ck_assert_msg(word(k) == as[k], "branch %u: %08x, GNU as %08x", k, word(k), as[k]);
    /* out of B.cond's +-1 MiB: refused, not wrapped */
    a64_patch(&e, bne, buf + (2u << 20));
    ck_assert(e.overflow);
}
END_TEST

START_TEST(floating_point)
{
    ONE(0x1e692900, "fadd d0, d8, d9", a64_fp2(&e, true, A_FADD, 0, 8, 9));
    ONE(0x1e293900, "fsub s0, s8, s9", a64_fp2(&e, false, A_FSUB, 0, 8, 9));
    ONE(0x1e620820, "fmul d0, d1, d2", a64_fp2(&e, true, A_FMUL, 0, 1, 2));
    ONE(0x1e221820, "fdiv s0, s1, s2", a64_fp2(&e, false, A_FDIV, 0, 1, 2));
    ONE(0x1e61c140, "fsqrt d0, d10", a64_fsqrt(&e, true, 0, 10));
    ONE(0x9e660100, "fmov x0, d8", a64_fmov_to_gp(&e, true, 0, 8));
    ONE(0x9e670008, "fmov d8, x0", a64_fmov_from_gp(&e, true, 8, 0));
    ONE(0x1e260000, "fmov w0, s0", a64_fmov_to_gp(&e, false, 0, 0));
    ONE(0x1e270000, "fmov s0, w0", a64_fmov_from_gp(&e, false, 0, 0));
    ONE(0x1e604009, "fmov d9, d0", a64_fmov_d(&e, 9, 0));
    start();
    a64_popcount8(&e, 0, 0);
    ck_assert_uint_eq(word(0), 0x0e205800);     /* cnt v0.8b, v0.8b */
    ck_assert_uint_eq(word(1), 0x0e31b800);     /* addv b0, v0.8b */
}
END_TEST

/* The forms the FP compares, fused multiply-adds, min/max, conversions
 * and AMOs of issue 17 added (aarch64-linux-gnu-as -march=armv8.1-a). */
START_TEST(fp_conversions_and_atomics)
{
    ONE(0x1e624820, "fmax d0, d1, d2", a64_fp2(&e, true, A_FMAX, 0, 1, 2));
    ONE(0x1e225820, "fmin s0, s1, s2", a64_fp2(&e, false, A_FMIN, 0, 1, 2));
    ONE(0x1f420c20, "fmadd d0, d1, d2, d3", a64_fp3(&e, true, A_FMADD, 0, 1, 2, 3));
    ONE(0x1f028c20, "fmsub s0, s1, s2, s3", a64_fp3(&e, false, A_FMSUB, 0, 1, 2, 3));
    ONE(0x1f620c20, "fnmadd d0, d1, d2, d3", a64_fp3(&e, true, A_FNMADD, 0, 1, 2, 3));
    ONE(0x1f628c20, "fnmsub d0, d1, d2, d3", a64_fp3(&e, true, A_FNMSUB, 0, 1, 2, 3));
    ONE(0x1e622020, "fcmp d1, d2", a64_fcmp(&e, true, 1, 2));
    ONE(0x1e202028, "fcmp s1, #0.0", a64_fcmp(&e, false, 1, -1));
    ONE(0x1e22c020, "fcvt d0, s1", a64_fcvt_sd(&e, true, 0, 1));
    ONE(0x1e624020, "fcvt s0, d1", a64_fcvt_sd(&e, false, 0, 1));
    ONE(0x9e620020, "scvtf d0, x1", a64_fcvt_int(&e, A_SCVTF, true, true, 0, 1));
    ONE(0x1e230020, "ucvtf s0, w1", a64_fcvt_int(&e, A_UCVTF, false, false, 0, 1));
    ONE(0x9e600020, "fcvtns x0, d1", a64_fcvt_int(&e, A_FCVT_NS, true, true, 0, 1));
    ONE(0x1e280020, "fcvtps w0, s1", a64_fcvt_int(&e, A_FCVT_PS, false, false, 0, 1));
    ONE(0x9e300020, "fcvtms x0, s1", a64_fcvt_int(&e, A_FCVT_MS, true, false, 0, 1));
    ONE(0x9e780020, "fcvtzs x0, d1", a64_fcvt_int(&e, A_FCVT_ZS, true, true, 0, 1));
    ONE(0x1e640020, "fcvtas w0, d1", a64_fcvt_int(&e, A_FCVT_AS, false, true, 0, 1));
    ONE(0x9e790020, "fcvtzu x0, d1", a64_fcvt_int(&e, A_FCVT_ZS | A_FCVT_U, true, true, 0, 1));
    ONE(0x1e250020, "fcvtau w0, s1", a64_fcvt_int(&e, A_FCVT_AS | A_FCVT_U, false, false, 0, 1));
    ONE(0xc85ffc06, "ldaxr x6, [x0]", a64_ldaxr(&e, true, 6, 0));
    ONE(0x885ffc06, "ldaxr w6, [x0]", a64_ldaxr(&e, false, 6, 0));
    ONE(0xc803fc07, "stlxr w3, x7, [x0]", a64_stlxr(&e, true, 3, 7, 0));
    ONE(0x8803fc07, "stlxr w3, w7, [x0]", a64_stlxr(&e, false, 3, 7, 0));
    ONE(0xf85f8041, "ldur x1, [x2, #-8]", a64_ldst_simm(&e, false, 3, A_LD, 1, 2, -8));
    ONE(0xb84ff041, "ldur w1, [x2, #255]", a64_ldst_simm(&e, false, 2, A_LD, 1, 2, 255));
    ONE(0xb8900041, "ldursw x1, [x2, #-256]", a64_ldst_simm(&e, false, 2, A_LDS, 1, 2, -256));
    ONE(0x38801083, "ldursb x3, [x4, #1]", a64_ldst_simm(&e, false, 0, A_LDS, 3, 4, 1));
    ONE(0x785fe083, "ldurh w3, [x4, #-2]", a64_ldst_simm(&e, false, 1, A_LD, 3, 4, -2));
    ONE(0xfc410041, "ldur d1, [x2, #16]", a64_ldst_simm(&e, true, 3, A_LD, 1, 2, 16));
    ONE(0xbc5fc041, "ldur s1, [x2, #-4]", a64_ldst_simm(&e, true, 2, A_LD, 1, 2, -4));
    ONE(0xc8e3fc04, "casal x3, x4, [x0]", a64_casal(&e, true, 3, 4, 0));
    ONE(0x88e3fc04, "casal w3, w4, [x0]", a64_casal(&e, false, 3, 4, 0));
    ONE(0xd5033bbf, "dmb ish", a64_dmb_ish(&e));
    ONE(0xd50339bf, "dmb ishld", a64_dmb_ishld(&e));
    ONE(0xd5033f5f, "clrex", a64_clrex(&e));
    ONE(0xf8e20006, "ldaddal x2, x6, [x0]", a64_lse(&e, true, A_LD_ADD, 2, 6, 0));
    ONE(0xb8e20006, "ldaddal w2, w6, [x0]", a64_lse(&e, false, A_LD_ADD, 2, 6, 0));
    ONE(0xf8e21006, "ldclral x2, x6, [x0]", a64_lse(&e, true, A_LD_CLR, 2, 6, 0));
    ONE(0xf8e22006, "ldeoral x2, x6, [x0]", a64_lse(&e, true, A_LD_EOR, 2, 6, 0));
    ONE(0xf8e23006, "ldsetal x2, x6, [x0]", a64_lse(&e, true, A_LD_SET, 2, 6, 0));
    ONE(0xf8e24006, "ldsmaxal x2, x6, [x0]", a64_lse(&e, true, A_LD_SMAX, 2, 6, 0));
    ONE(0xf8e25006, "ldsminal x2, x6, [x0]", a64_lse(&e, true, A_LD_SMIN, 2, 6, 0));
    ONE(0xf8e26006, "ldumaxal x2, x6, [x0]", a64_lse(&e, true, A_LD_UMAX, 2, 6, 0));
    ONE(0xb8e27006, "lduminal w2, w6, [x0]", a64_lse(&e, false, A_LD_UMIN, 2, 6, 0));
    ONE(0xf8e28006, "swpal x2, x6, [x0]", a64_lse(&e, true, A_SWP, 2, 6, 0));
    ONE(0xb8e28006, "swpal w2, w6, [x0]", a64_lse(&e, false, A_SWP, 2, 6, 0));
}
END_TEST

START_TEST(overflow_stops_writing)
{
    e = (struct a64){ buf, buf + 6, false };
    a64_ret(&e);
    a64_ret(&e);
    ck_assert(e.overflow);
    ck_assert_ptr_eq(e.p, buf + 4);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("a64_emit");
    TCase *tc = tcase_create("encodings");
    tcase_add_test(tc, moves_and_immediates);
    tcase_add_test(tc, bitmask_immediates);
    tcase_add_test(tc, bitfields_and_shifts);
    tcase_add_test(tc, register_forms);
    tcase_add_test(tc, loads_and_stores);
    tcase_add_test(tc, branches);
    tcase_add_test(tc, floating_point);
    tcase_add_test(tc, fp_conversions_and_atomics);
    tcase_add_test(tc, overflow_stops_writing);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
