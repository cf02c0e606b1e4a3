/* Unit tests for cpu/fpu.h.
 *
 * 1. Hand-picked corner cases, expected values worked out by hand from the
 *    IEEE 754 / RISC-V F and D rules (noted per group), run through every
 *    backend the host has.
 * 2. Where the host backend exists: a randomized differential test of the
 *    soft-float against the host FPU (an independent implementation),
 *    operands biased toward special exponents, RNE/RTZ/RDN/RUP (the host
 *    has no RMM; RMM is covered by the hand-picked cases).
 *
 * RVX_FPU_DIFF_ITERS overrides the number of random operands per op. */
#include <check.h>
#include <fenv.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cpu/fpu.h"
#include "cpu/fpu_internal.h"

enum { RNE = FRM_RNE, RTZ = FRM_RTZ, RDN = FRM_RDN, RUP = FRM_RUP, RMM = FRM_RMM };
enum { NX = FFLAG_NX, UF = FFLAG_UF, OF = FFLAG_OF, DZ = FFLAG_DZ, NV = FFLAG_NV };

/* binary32 constants */
#define S_ZERO 0x00000000u
#define S_NZERO 0x80000000u
#define S_ONE 0x3f800000u
#define S_NONE 0xbf800000u
#define S_TWO 0x40000000u
#define S_HALF 0x3f000000u
#define S_INF 0x7f800000u
#define S_NINF 0xff800000u
#define S_QNAN 0x7fc00000u
#define S_SNAN 0x7f800001u
#define S_MAX 0x7f7fffffu
#define S_NMAX 0xff7fffffu
#define S_MINN 0x00800000u /* 2^-126 */
#define S_MINS 0x00000001u /* 2^-149 */
#define S_MAXS 0x007fffffu
/* binary64 constants */
#define D_ZERO 0x0000000000000000ull
#define D_NZERO 0x8000000000000000ull
#define D_ONE 0x3ff0000000000000ull
#define D_NONE 0xbff0000000000000ull
#define D_TWO 0x4000000000000000ull
#define D_THREE 0x4008000000000000ull
#define D_FOUR 0x4010000000000000ull
#define D_INF 0x7ff0000000000000ull
#define D_NINF 0xfff0000000000000ull
#define D_QNAN 0x7ff8000000000000ull
#define D_SNAN 0x7ff0000000000001ull
#define D_MAX 0x7fefffffffffffffull
#define D_NMAX 0xffefffffffffffffull
#define D_MINN 0x0010000000000000ull
#define D_MINS 0x0000000000000001ull
#define D_MAXS 0x000fffffffffffffull

enum op {
    S_ADD, S_SUB, S_MUL, S_DIV, S_SQRT, S_FMA, S_FMSUB, S_FNMSUB, S_FNMADD,
    S_MIN, S_MAX_, S_EQ, S_LT, S_LE, S_CLASS,
    S_TO_W, S_TO_WU, S_TO_L, S_TO_LU, S_FROM_W, S_FROM_WU, S_FROM_L, S_FROM_LU,
    D_ADD, D_SUB, D_MUL, D_DIV, D_SQRT, D_FMA, D_FMSUB, D_FNMSUB, D_FNMADD,
    D_MIN, D_MAX_, D_EQ, D_LT, D_LE, D_CLASS,
    D_TO_W, D_TO_WU, D_TO_L, D_TO_LU, D_FROM_W, D_FROM_WU, D_FROM_L, D_FROM_LU,
    D_TO_S, S_TO_D,
};

static const char *const op_names[] = {
    "fadd.s", "fsub.s", "fmul.s", "fdiv.s", "fsqrt.s", "fmadd.s", "fmsub.s",
    "fnmsub.s", "fnmadd.s", "fmin.s", "fmax.s", "feq.s", "flt.s", "fle.s",
    "fclass.s", "fcvt.w.s", "fcvt.wu.s", "fcvt.l.s", "fcvt.lu.s", "fcvt.s.w",
    "fcvt.s.wu", "fcvt.s.l", "fcvt.s.lu",
    "fadd.d", "fsub.d", "fmul.d", "fdiv.d", "fsqrt.d", "fmadd.d", "fmsub.d",
    "fnmsub.d", "fnmadd.d", "fmin.d", "fmax.d", "feq.d", "flt.d", "fle.d",
    "fclass.d", "fcvt.w.d", "fcvt.wu.d", "fcvt.l.d", "fcvt.lu.d", "fcvt.d.w",
    "fcvt.d.wu", "fcvt.d.l", "fcvt.d.lu", "fcvt.s.d", "fcvt.d.s",
};

/* Results of 32-bit integer conversions are compared as their 32 bits. */
static uint64_t run(enum op op, uint64_t a, uint64_t b, uint64_t c, int rm, unsigned *f)
{
    uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b, c32 = (uint32_t)c;
    switch (op) {
    case S_ADD: return f32_add(a32, b32, rm, f);
    case S_SUB: return f32_sub(a32, b32, rm, f);
    case S_MUL: return f32_mul(a32, b32, rm, f);
    case S_DIV: return f32_div(a32, b32, rm, f);
    case S_SQRT: return f32_sqrt(a32, rm, f);
    case S_FMA: return f32_fma(a32, b32, c32, false, false, rm, f);
    case S_FMSUB: return f32_fma(a32, b32, c32, false, true, rm, f);
    case S_FNMSUB: return f32_fma(a32, b32, c32, true, false, rm, f);
    case S_FNMADD: return f32_fma(a32, b32, c32, true, true, rm, f);
    case S_MIN: return f32_min(a32, b32, f);
    case S_MAX_: return f32_max(a32, b32, f);
    case S_EQ: return f32_eq(a32, b32, f);
    case S_LT: return f32_lt(a32, b32, f);
    case S_LE: return f32_le(a32, b32, f);
    case S_CLASS: return f32_classify(a32);
    case S_TO_W: return (uint32_t)f32_to_i32(a32, rm, f);
    case S_TO_WU: return f32_to_u32(a32, rm, f);
    case S_TO_L: return (uint64_t)f32_to_i64(a32, rm, f);
    case S_TO_LU: return f32_to_u64(a32, rm, f);
    case S_FROM_W: return i32_to_f32((int32_t)a32, rm, f);
    case S_FROM_WU: return u32_to_f32(a32, rm, f);
    case S_FROM_L: return i64_to_f32((int64_t)a, rm, f);
    case S_FROM_LU: return u64_to_f32(a, rm, f);
    case D_ADD: return f64_add(a, b, rm, f);
    case D_SUB: return f64_sub(a, b, rm, f);
    case D_MUL: return f64_mul(a, b, rm, f);
    case D_DIV: return f64_div(a, b, rm, f);
    case D_SQRT: return f64_sqrt(a, rm, f);
    case D_FMA: return f64_fma(a, b, c, false, false, rm, f);
    case D_FMSUB: return f64_fma(a, b, c, false, true, rm, f);
    case D_FNMSUB: return f64_fma(a, b, c, true, false, rm, f);
    case D_FNMADD: return f64_fma(a, b, c, true, true, rm, f);
    case D_MIN: return f64_min(a, b, f);
    case D_MAX_: return f64_max(a, b, f);
    case D_EQ: return f64_eq(a, b, f);
    case D_LT: return f64_lt(a, b, f);
    case D_LE: return f64_le(a, b, f);
    case D_CLASS: return f64_classify(a);
    case D_TO_W: return (uint32_t)f64_to_i32(a, rm, f);
    case D_TO_WU: return f64_to_u32(a, rm, f);
    case D_TO_L: return (uint64_t)f64_to_i64(a, rm, f);
    case D_TO_LU: return f64_to_u64(a, rm, f);
    case D_FROM_W: return i32_to_f64((int32_t)a32, rm, f);
    case D_FROM_WU: return u32_to_f64(a32, rm, f);
    case D_FROM_L: return i64_to_f64((int64_t)a, rm, f);
    case D_FROM_LU: return u64_to_f64(a, rm, f);
    case D_TO_S: return f64_to_f32(a, rm, f);
    case S_TO_D: return f32_to_f64(a32, f);
    }
    return 0;
}

struct tcase {
    int line;
    enum op op;
    int rm;
    uint64_t a, b, c;
    uint64_t want;
    unsigned flags;
};

#define T(op, rm, a, b, c, want, flags) { __LINE__, op, rm, a, b, c, want, flags }

static const struct tcase cases[] = {
    /* ---- signed zeros (IEEE 754 6.3): x + (-x) and (+0) + (-0) are +0
     * in every mode but RDN, where they are -0; like-signed zeros keep
     * their sign. */
    T(S_ADD, RNE, S_ZERO, S_NZERO, 0, S_ZERO, 0),
    T(S_ADD, RTZ, S_ZERO, S_NZERO, 0, S_ZERO, 0),
    T(S_ADD, RUP, S_ZERO, S_NZERO, 0, S_ZERO, 0),
    T(S_ADD, RMM, S_ZERO, S_NZERO, 0, S_ZERO, 0),
    T(S_ADD, RDN, S_ZERO, S_NZERO, 0, S_NZERO, 0),
    T(S_ADD, RNE, S_NZERO, S_NZERO, 0, S_NZERO, 0),
    T(S_ADD, RUP, S_NZERO, S_NZERO, 0, S_NZERO, 0),
    T(S_SUB, RNE, S_ONE, S_ONE, 0, S_ZERO, 0),
    T(S_SUB, RTZ, S_ONE, S_ONE, 0, S_ZERO, 0),
    T(S_SUB, RUP, S_ONE, S_ONE, 0, S_ZERO, 0),
    T(S_SUB, RMM, S_ONE, S_ONE, 0, S_ZERO, 0),
    T(S_SUB, RDN, S_ONE, S_ONE, 0, S_NZERO, 0),
    T(S_SUB, RDN, S_ZERO, S_ZERO, 0, S_NZERO, 0),
    T(S_SUB, RNE, S_NZERO, S_ZERO, 0, S_NZERO, 0),
    T(D_SUB, RDN, D_TWO, D_TWO, 0, D_NZERO, 0),
    T(D_SUB, RNE, D_TWO, D_TWO, 0, D_ZERO, 0),
    T(D_ADD, RDN, D_MINS, D_MINS | D_NZERO, 0, D_NZERO, 0),
    T(D_ADD, RUP, D_MINS, D_MINS | D_NZERO, 0, D_ZERO, 0),
    T(D_ADD, RDN, D_NZERO, D_ZERO, 0, D_NZERO, 0),
    T(S_MUL, RNE, S_NZERO, S_ONE, 0, S_NZERO, 0),
    T(S_MUL, RNE, S_NONE, S_ZERO, 0, S_NZERO, 0),
    T(D_MUL, RDN, D_NZERO, D_NZERO, 0, D_ZERO, 0),
    T(S_DIV, RNE, S_ZERO, S_NONE, 0, S_NZERO, 0),
    T(D_DIV, RNE, D_NZERO, D_INF, 0, D_NZERO, 0),
    /* fma zeros: +0*1 + -0 is a sum of opposite zeros */
    T(S_FMA, RNE, S_ZERO, S_ONE, S_NZERO, S_ZERO, 0),
    T(S_FMA, RDN, S_ZERO, S_ONE, S_NZERO, S_NZERO, 0),
    T(S_FMA, RNE, S_NZERO, S_ONE, S_NZERO, S_NZERO, 0),
    /* fnmadd: -(+0*1) - (+0) = -0 + -0 = -0 in every mode */
    T(S_FNMADD, RNE, S_ZERO, S_ONE, S_ZERO, S_NZERO, 0),
    T(D_FNMADD, RUP, D_ZERO, D_ONE, D_ZERO, D_NZERO, 0),
    /* fmsub: 1*1 - 1 is an exact zero: +0, or -0 under RDN */
    T(S_FMSUB, RNE, S_ONE, S_ONE, S_ONE, S_ZERO, 0),
    T(S_FMSUB, RDN, S_ONE, S_ONE, S_ONE, S_NZERO, 0),
    T(D_FMSUB, RDN, D_ONE, D_ONE, D_ONE, D_NZERO, 0),
    /* fnmsub: -(1*1) + 1 */
    T(D_FNMSUB, RNE, D_ONE, D_ONE, D_ONE, D_ZERO, 0),
    T(D_FNMSUB, RNE, D_TWO, D_ONE, D_ONE, D_NONE, 0),
    /* fma: product zero, addend nonzero gives the addend exactly */
    T(D_FMA, RDN, D_ZERO, D_MAX, D_MINS, D_MINS, 0),

    /* ---- sqrt (IEEE 754 5.4.1): sqrt(-0) = -0, negative -> invalid */
    T(S_SQRT, RNE, S_NZERO, 0, 0, S_NZERO, 0),
    T(D_SQRT, RDN, D_NZERO, 0, 0, D_NZERO, 0),
    T(S_SQRT, RNE, S_NONE, 0, 0, S_QNAN, NV),
    T(D_SQRT, RNE, D_NONE, 0, 0, D_QNAN, NV),
    T(D_SQRT, RNE, D_NINF, 0, 0, D_QNAN, NV),
    T(D_SQRT, RNE, D_MINS | D_NZERO, 0, 0, D_QNAN, NV),
    T(D_SQRT, RNE, D_INF, 0, 0, D_INF, 0),
    T(D_SQRT, RNE, D_FOUR, 0, 0, D_TWO, 0),
    T(S_SQRT, RNE, 0x40800000u, 0, 0, S_TWO, 0),
    T(D_SQRT, RNE, D_QNAN, 0, 0, D_QNAN, 0),
    T(D_SQRT, RNE, D_SNAN, 0, 0, D_QNAN, NV),
    /* sqrt(2) = 1.41421356237309504880...; the binary64 neighbours are
     * 0x3ff6a09e667f3bcc (below) and ...bcd = 1.41421356237309514547
     * (above, and nearer). */
    T(D_SQRT, RNE, D_TWO, 0, 0, 0x3ff6a09e667f3bcdull, NX),
    T(D_SQRT, RTZ, D_TWO, 0, 0, 0x3ff6a09e667f3bccull, NX),
    T(D_SQRT, RDN, D_TWO, 0, 0, 0x3ff6a09e667f3bccull, NX),
    T(D_SQRT, RUP, D_TWO, 0, 0, 0x3ff6a09e667f3bcdull, NX),
    T(D_SQRT, RMM, D_TWO, 0, 0, 0x3ff6a09e667f3bcdull, NX),
    /* binary32: 0x3fb504f3 = 1.41421353816986 is below and nearer */
    T(S_SQRT, RNE, S_TWO, 0, 0, 0x3fb504f3u, NX),
    T(S_SQRT, RUP, S_TWO, 0, 0, 0x3fb504f4u, NX),
    T(S_SQRT, RTZ, S_TWO, 0, 0, 0x3fb504f3u, NX),
    /* sqrt(2^-149) = 2^-74.5: exact input subnormal, result normal */
    T(S_SQRT, RNE, S_MINS, 0, 0, 0x1a3504f3u, NX),
    /* sqrt(2^-1074) = 2^-537 exactly (even exponent) */
    T(D_SQRT, RNE, D_MINS, 0, 0, 0x1e60000000000000ull, 0),

    /* ---- division by zero and invalid (IEEE 754 7.2, 7.3) */
    T(S_DIV, RNE, S_ZERO, S_ZERO, 0, S_QNAN, NV),
    T(D_DIV, RNE, D_NZERO, D_ZERO, 0, D_QNAN, NV),
    T(S_DIV, RNE, S_ONE, S_ZERO, 0, S_INF, DZ),
    T(S_DIV, RNE, S_NONE, S_ZERO, 0, S_NINF, DZ),
    T(D_DIV, RTZ, D_ONE, D_NZERO, 0, D_NINF, DZ),
    T(D_DIV, RNE, D_MINS, D_ZERO, 0, D_INF, DZ),
    T(D_DIV, RNE, D_INF, D_ZERO, 0, D_INF, 0),
    T(D_DIV, RNE, D_INF, D_INF, 0, D_QNAN, NV),
    T(D_DIV, RNE, D_ZERO, D_INF, 0, D_ZERO, 0),
    T(S_ADD, RNE, S_INF, S_NINF, 0, S_QNAN, NV),
    T(S_SUB, RNE, S_INF, S_INF, 0, S_QNAN, NV),
    T(S_ADD, RNE, S_INF, S_INF, 0, S_INF, 0),
    T(D_MUL, RNE, D_INF, D_ZERO, 0, D_QNAN, NV),
    T(D_MUL, RNE, D_NINF, D_MINS, 0, D_NINF, 0),
    /* 1/3: 0.0101..., binary32 0x3eaaaaab is above, 0x3eaaaaaa below */
    T(S_DIV, RNE, S_ONE, 0x40400000u, 0, 0x3eaaaaabu, NX),
    T(S_DIV, RTZ, S_ONE, 0x40400000u, 0, 0x3eaaaaaau, NX),
    T(S_DIV, RUP, S_ONE, 0x40400000u, 0, 0x3eaaaaabu, NX),
    T(S_DIV, RDN, S_ONE, 0x40400000u, 0, 0x3eaaaaaau, NX),
    T(D_DIV, RNE, D_ONE, D_THREE, 0, 0x3fd5555555555555ull, NX),
    T(D_DIV, RUP, D_ONE, D_THREE, 0, 0x3fd5555555555556ull, NX),
    T(D_DIV, RDN, D_NONE, D_THREE, 0, 0xbfd5555555555556ull, NX),

    /* ---- fma: inf*0 is invalid even with a quiet NaN addend (RISC-V F) */
    T(S_FMA, RNE, S_INF, S_ZERO, S_QNAN, S_QNAN, NV),
    T(D_FMA, RNE, D_ZERO, D_NINF, D_QNAN, D_QNAN, NV),
    T(D_FMA, RNE, D_INF, D_ZERO, D_ONE, D_QNAN, NV),
    T(D_FMA, RNE, D_QNAN, D_ONE, D_ONE, D_QNAN, 0),
    T(D_FMA, RNE, D_ONE, D_ONE, D_SNAN, D_QNAN, NV),
    T(S_FMA, RNE, S_SNAN, S_ZERO, S_ONE, S_QNAN, NV),
    T(D_FMA, RNE, D_INF, D_ONE, D_NINF, D_QNAN, NV),
    T(D_FMA, RNE, D_INF, D_ONE, D_INF, D_INF, 0),
    T(D_FMSUB, RNE, D_INF, D_ONE, D_INF, D_QNAN, NV),
    T(D_FMA, RNE, D_ONE, D_ONE, D_NINF, D_NINF, 0),
    /* single rounding: (1+2^-12)^2 - (1+2^-11) = 2^-24 exactly; a separate
     * multiply would round the product's 2^-24 tail away (tie to even). */
    T(S_FMA, RNE, 0x3f800800u, 0x3f800800u, 0xbf801000u, 0x33800000u, 0),
    T(S_MUL, RNE, 0x3f800800u, 0x3f800800u, 0, 0x3f801000u, NX),
    /* binary64: (1+2^-27)^2 - (1+2^-26) = 2^-54 */
    T(D_FMA, RNE, 0x3ff0000002000000ull, 0x3ff0000002000000ull, 0xbff0000004000000ull,
      0x3c90000000000000ull, 0),
    /* fma overflow and a tiny product with a large addend (sticky only) */
    T(D_FMA, RNE, D_MAX, D_TWO, D_NMAX, D_MAX, 0),
    T(D_FMA, RUP, D_MINS, D_MINS, D_ONE, 0x3ff0000000000001ull, NX),
    T(D_FMA, RNE, D_MINS, D_MINS, D_ONE, D_ONE, NX),
    T(D_FMA, RDN, D_MINS, D_MINS | D_NZERO, D_ONE, 0x3fefffffffffffffull, NX),

    /* ---- overflow: infinity or the largest finite value, by direction
     * (IEEE 754 7.4) */
    T(S_MUL, RNE, S_MAX, S_TWO, 0, S_INF, OF | NX),
    T(S_MUL, RMM, S_MAX, S_TWO, 0, S_INF, OF | NX),
    T(S_MUL, RUP, S_MAX, S_TWO, 0, S_INF, OF | NX),
    T(S_MUL, RTZ, S_MAX, S_TWO, 0, S_MAX, OF | NX),
    T(S_MUL, RDN, S_MAX, S_TWO, 0, S_MAX, OF | NX),
    T(S_MUL, RNE, S_NMAX, S_TWO, 0, S_NINF, OF | NX),
    T(S_MUL, RDN, S_NMAX, S_TWO, 0, S_NINF, OF | NX),
    T(S_MUL, RUP, S_NMAX, S_TWO, 0, S_NMAX, OF | NX),
    T(S_MUL, RTZ, S_NMAX, S_TWO, 0, S_NMAX, OF | NX),
    T(D_ADD, RNE, D_MAX, D_MAX, 0, D_INF, OF | NX),
    T(D_ADD, RTZ, D_MAX, D_MAX, 0, D_MAX, OF | NX),
    T(D_ADD, RDN, D_NMAX, D_NMAX, 0, D_NINF, OF | NX),
    T(D_ADD, RUP, D_NMAX, D_NMAX, 0, D_NMAX, OF | NX),
    T(D_DIV, RUP, D_MAX, 0x3fe0000000000000ull, 0, D_INF, OF | NX),
    /* MAX + half an ulp (2^103) is a tie: RNE goes to the even
     * neighbour 2^128, i.e. overflows; RTZ stays at MAX without
     * overflowing (the rounded result is finite). */
    T(S_ADD, RNE, S_MAX, 0x73000000u, 0, S_INF, OF | NX),
    T(S_ADD, RTZ, S_MAX, 0x73000000u, 0, S_MAX, NX),
    T(S_ADD, RNE, S_MAX, 0x72800000u, 0, S_MAX, NX),
    T(S_ADD, RUP, S_MAX, 0x72800000u, 0, S_INF, OF | NX),
    T(S_ADD, RDN, S_MAX, 0x72800000u, 0, S_MAX, NX),

    /* ---- underflow: tininess after rounding (RISC-V F, "Subnormal
     * Arithmetic"); UF only when tiny and inexact */
    /* (1+2^-23) * 2^-126(1-2^-23) = 2^-126(1-2^-46): rounded to 24 bits
     * with unbounded exponent it is 2^-126 under RNE/RUP/RMM, so not tiny:
     * NX only (a before-rounding FPU would also raise UF).  RTZ/RDN round
     * it to 2^-126(1-2^-24): tiny. */
    T(S_MUL, RNE, 0x3f800001u, S_MAXS, 0, S_MINN, NX),
    T(S_MUL, RUP, 0x3f800001u, S_MAXS, 0, S_MINN, NX),
    T(S_MUL, RMM, 0x3f800001u, S_MAXS, 0, S_MINN, NX),
    T(S_MUL, RTZ, 0x3f800001u, S_MAXS, 0, S_MAXS, UF | NX),
    T(S_MUL, RDN, 0x3f800001u, S_MAXS, 0, S_MAXS, UF | NX),
    T(S_MUL, RDN, 0xbf800001u, S_MAXS, 0, S_MINN | S_NZERO, NX),
    T(D_MUL, RNE, 0x3ff0000000000001ull, D_MAXS, 0, D_MINN, NX),
    T(D_MUL, RTZ, 0x3ff0000000000001ull, D_MAXS, 0, D_MAXS, UF | NX),
    /* 2^-126(1-2^-24) = (1-2^-24) exactly at p=24, so tiny; the subnormal
     * rounding is a tie that goes up to 2^-126: UF and NX although the
     * result is the smallest normal. */
    T(S_MUL, RNE, 0x3f7fffffu, S_MINN, 0, S_MINN, UF | NX),
    T(S_MUL, RTZ, 0x3f7fffffu, S_MINN, 0, S_MAXS, UF | NX),
    /* exact subnormal results raise nothing */
    T(S_MUL, RNE, S_MINN, S_HALF, 0, 0x00400000u, 0),
    T(S_ADD, RNE, S_MINS, S_MINS, 0, 0x00000002u, 0),
    T(S_SUB, RNE, S_MINN, S_MINS, 0, S_MAXS, 0),
    T(D_SUB, RNE, D_MINN, D_MINS, 0, D_MAXS, 0),
    T(D_DIV, RNE, D_MINN, D_TWO, 0, 0x0008000000000000ull, 0),
    /* 2^-150 is half the smallest subnormal */
    T(S_MUL, RNE, S_MINS, S_HALF, 0, S_ZERO, UF | NX),
    T(S_MUL, RTZ, S_MINS, S_HALF, 0, S_ZERO, UF | NX),
    T(S_MUL, RUP, S_MINS, S_HALF, 0, S_MINS, UF | NX),
    T(S_MUL, RMM, S_MINS, S_HALF, 0, S_MINS, UF | NX),
    T(S_MUL, RDN, S_MINS | S_NZERO, S_HALF, 0, S_MINS | S_NZERO, UF | NX),
    T(S_MUL, RNE, S_MINS | S_NZERO, S_HALF, 0, S_NZERO, UF | NX),
    T(D_MUL, RNE, D_MINS, D_MINS, 0, D_ZERO, UF | NX),
    T(D_MUL, RUP, D_MINS, D_MINS, 0, D_MINS, UF | NX),
    /* 3 * 2^-150 = 1.5 * 2^-149: RNE and RMM go to 2 * 2^-149 */
    T(S_MUL, RNE, S_MINS, 0x3fc00000u, 0, 0x00000002u, UF | NX),
    T(S_MUL, RTZ, S_MINS, 0x3fc00000u, 0, S_MINS, UF | NX),

    /* ---- ties: RNE to even, RMM away from zero */
    T(S_ADD, RNE, S_ONE, 0x33800000u, 0, S_ONE, NX),
    T(S_ADD, RMM, S_ONE, 0x33800000u, 0, 0x3f800001u, NX),
    T(S_ADD, RMM, S_NONE, 0xb3800000u, 0, 0xbf800001u, NX),
    T(S_ADD, RNE, 0x3f800001u, 0x33800000u, 0, 0x3f800002u, NX),
    T(S_ADD, RMM, 0x3f800001u, 0x33800000u, 0, 0x3f800002u, NX),
    T(D_ADD, RNE, D_ONE, 0x3ca0000000000000ull, 0, D_ONE, NX),
    T(D_ADD, RMM, D_ONE, 0x3ca0000000000000ull, 0, 0x3ff0000000000001ull, NX),
    T(D_ADD, RTZ, D_ONE, 0x3ca0000000000001ull, 0, D_ONE, NX),
    T(D_ADD, RNE, D_ONE, 0x3ca0000000000001ull, 0, 0x3ff0000000000001ull, NX),
    T(D_SUB, RNE, D_ONE, 0x3c90000000000000ull, 0, D_ONE, NX),
    T(D_SUB, RDN, D_ONE, 0x3c90000000000000ull, 0, 0x3fefffffffffffffull, NX),

    /* ---- NaN results are canonical (RISC-V F, "NaN Generation and
     * Propagation"); sNaN inputs raise NV, quiet ones nothing */
    T(S_ADD, RNE, 0x7fc12345u, S_ONE, 0, S_QNAN, 0),
    T(S_ADD, RNE, 0xffc00000u, S_ONE, 0, S_QNAN, 0),
    T(S_MUL, RNE, 0x7f812345u, S_ONE, 0, S_QNAN, NV),
    T(S_MUL, RNE, S_ONE, 0xff800001u, 0, S_QNAN, NV),
    T(D_ADD, RNE, 0x7ff8000000000123ull, D_ONE, 0, D_QNAN, 0),
    T(D_SUB, RNE, D_INF, 0xfff8000000000000ull, 0, D_QNAN, 0),
    T(D_DIV, RNE, D_SNAN, D_ZERO, 0, D_QNAN, NV),

    /* ---- fmin/fmax: IEEE 754-2019 minimumNumber/maximumNumber */
    T(S_MIN, RNE, S_NZERO, S_ZERO, 0, S_NZERO, 0),
    T(S_MIN, RNE, S_ZERO, S_NZERO, 0, S_NZERO, 0),
    T(S_MAX_, RNE, S_NZERO, S_ZERO, 0, S_ZERO, 0),
    T(S_MAX_, RNE, S_ZERO, S_NZERO, 0, S_ZERO, 0),
    T(S_MIN, RNE, S_QNAN, S_ONE, 0, S_ONE, 0),
    T(S_MIN, RNE, S_ONE, S_QNAN, 0, S_ONE, 0),
    T(S_MAX_, RNE, S_SNAN, S_ONE, 0, S_ONE, NV),
    T(S_MIN, RNE, S_QNAN, S_QNAN, 0, S_QNAN, 0),
    T(S_MAX_, RNE, 0x7fc00001u, 0x7fc00002u, 0, S_QNAN, 0),
    T(S_MIN, RNE, S_SNAN, S_QNAN, 0, S_QNAN, NV),
    T(S_MIN, RNE, S_NONE, 0xc0000000u, 0, 0xc0000000u, 0),
    T(S_MAX_, RNE, S_NONE, 0xc0000000u, 0, S_NONE, 0),
    T(S_MIN, RNE, S_NINF, S_ONE, 0, S_NINF, 0),
    T(D_MIN, RNE, D_NZERO, D_ZERO, 0, D_NZERO, 0),
    T(D_MAX_, RNE, D_ZERO, D_NZERO, 0, D_ZERO, 0),
    T(D_MAX_, RNE, D_ONE, D_TWO, 0, D_TWO, 0),
    T(D_MIN, RNE, D_ONE, D_TWO, 0, D_ONE, 0),
    T(D_MAX_, RNE, D_QNAN, D_NINF, 0, D_NINF, 0),
    T(D_MIN, RNE, D_NONE, D_SNAN, 0, D_NONE, NV),
    T(D_MAX_, RNE, D_SNAN, D_SNAN, 0, D_QNAN, NV),
    T(D_MIN, RNE, D_MINS | D_NZERO, D_NZERO, 0, D_MINS | D_NZERO, 0),

    /* ---- compares: feq quiet, flt/fle signaling; NaN compares false */
    T(S_EQ, RNE, S_QNAN, S_ONE, 0, 0, 0),
    T(S_EQ, RNE, S_SNAN, S_ONE, 0, 0, NV),
    T(S_EQ, RNE, S_QNAN, S_QNAN, 0, 0, 0),
    T(S_LT, RNE, S_QNAN, S_ONE, 0, 0, NV),
    T(S_LE, RNE, S_ONE, S_QNAN, 0, 0, NV),
    T(S_EQ, RNE, S_NZERO, S_ZERO, 0, 1, 0),
    T(S_LT, RNE, S_NZERO, S_ZERO, 0, 0, 0),
    T(S_LE, RNE, S_NZERO, S_ZERO, 0, 1, 0),
    T(S_LE, RNE, S_ZERO, S_NZERO, 0, 1, 0),
    T(S_LT, RNE, S_NONE, S_ONE, 0, 1, 0),
    T(S_LT, RNE, S_ONE, S_ONE, 0, 0, 0),
    T(S_LE, RNE, S_ONE, S_ONE, 0, 1, 0),
    T(S_LT, RNE, 0xc0000000u, S_NONE, 0, 1, 0),
    T(S_LT, RNE, S_NONE, 0xc0000000u, 0, 0, 0),
    T(S_LE, RNE, S_INF, S_INF, 0, 1, 0),
    T(D_LT, RNE, D_NINF, D_INF, 0, 1, 0),
    T(D_LT, RNE, D_MINS | D_NZERO, D_NZERO, 0, 1, 0),
    T(D_EQ, RNE, D_ZERO, D_NZERO, 0, 1, 0),
    T(D_EQ, RNE, D_ONE, D_ONE, 0, 1, 0),
    T(D_EQ, RNE, D_ONE, D_TWO, 0, 0, 0),
    T(D_EQ, RNE, D_ONE, D_SNAN, 0, 0, NV),
    T(D_LE, RNE, D_QNAN, D_QNAN, 0, 0, NV),
    T(D_LE, RNE, D_TWO, D_ONE, 0, 0, 0),

    /* ---- fclass: one bit per class (RISC-V F, classify table) */
    T(S_CLASS, RNE, S_NINF, 0, 0, 1u << 0, 0),
    T(S_CLASS, RNE, S_NONE, 0, 0, 1u << 1, 0),
    T(S_CLASS, RNE, S_MAXS | S_NZERO, 0, 0, 1u << 2, 0),
    T(S_CLASS, RNE, S_NZERO, 0, 0, 1u << 3, 0),
    T(S_CLASS, RNE, S_ZERO, 0, 0, 1u << 4, 0),
    T(S_CLASS, RNE, S_MINS, 0, 0, 1u << 5, 0),
    T(S_CLASS, RNE, S_MINN, 0, 0, 1u << 6, 0),
    T(S_CLASS, RNE, S_INF, 0, 0, 1u << 7, 0),
    T(S_CLASS, RNE, S_SNAN, 0, 0, 1u << 8, 0),
    T(S_CLASS, RNE, 0xffbfffffu, 0, 0, 1u << 8, 0),
    T(S_CLASS, RNE, S_QNAN, 0, 0, 1u << 9, 0),
    T(S_CLASS, RNE, 0xffffffffu, 0, 0, 1u << 9, 0),
    T(D_CLASS, RNE, D_NINF, 0, 0, 1u << 0, 0),
    T(D_CLASS, RNE, D_NMAX, 0, 0, 1u << 1, 0),
    T(D_CLASS, RNE, D_MINS | D_NZERO, 0, 0, 1u << 2, 0),
    T(D_CLASS, RNE, D_NZERO, 0, 0, 1u << 3, 0),
    T(D_CLASS, RNE, D_ZERO, 0, 0, 1u << 4, 0),
    T(D_CLASS, RNE, D_MAXS, 0, 0, 1u << 5, 0),
    T(D_CLASS, RNE, D_MAX, 0, 0, 1u << 6, 0),
    T(D_CLASS, RNE, D_INF, 0, 0, 1u << 7, 0),
    T(D_CLASS, RNE, D_SNAN, 0, 0, 1u << 8, 0),
    T(D_CLASS, RNE, D_QNAN, 0, 0, 1u << 9, 0),

    /* ---- float -> integer: saturate; out of range is NV and not NX
     * (RISC-V F, "Domains of float-to-integer conversions") */
    /* 2^31 - 0.5 = 0x41dfffffffe00000 */
    T(D_TO_W, RNE, 0x41dfffffffe00000ull, 0, 0, 0x7fffffff, NV),
    T(D_TO_W, RMM, 0x41dfffffffe00000ull, 0, 0, 0x7fffffff, NV),
    T(D_TO_W, RUP, 0x41dfffffffe00000ull, 0, 0, 0x7fffffff, NV),
    T(D_TO_W, RTZ, 0x41dfffffffe00000ull, 0, 0, 0x7fffffff, NX),
    T(D_TO_W, RDN, 0x41dfffffffe00000ull, 0, 0, 0x7fffffff, NX),
    /* -2^31 - 0.5 = 0xc1e0000000100000: RNE ties to the even -2^31 */
    T(D_TO_W, RNE, 0xc1e0000000100000ull, 0, 0, 0x80000000, NX),
    T(D_TO_W, RTZ, 0xc1e0000000100000ull, 0, 0, 0x80000000, NX),
    T(D_TO_W, RUP, 0xc1e0000000100000ull, 0, 0, 0x80000000, NX),
    T(D_TO_W, RDN, 0xc1e0000000100000ull, 0, 0, 0x80000000, NV),
    T(D_TO_W, RMM, 0xc1e0000000100000ull, 0, 0, 0x80000000, NV),
    T(D_TO_W, RNE, 0xc1e0000000200000ull, 0, 0, 0x80000000, NV),  /* -2^31-1 */
    T(D_TO_W, RNE, 0xc1e0000000000000ull, 0, 0, 0x80000000, 0),   /* -2^31 */
    T(D_TO_W, RNE, 0x41dfffffffc00000ull, 0, 0, 0x7fffffff, 0),   /* 2^31-1 */
    T(S_TO_W, RNE, 0x4f000000u, 0, 0, 0x7fffffff, NV),            /* 2^31 */
    T(S_TO_W, RNE, 0xcf000000u, 0, 0, 0x80000000, 0),
    T(S_TO_W, RNE, S_QNAN, 0, 0, 0x7fffffff, NV),
    T(S_TO_W, RNE, 0xffc00000u, 0, 0, 0x7fffffff, NV),            /* -NaN: max too */
    T(S_TO_W, RNE, S_INF, 0, 0, 0x7fffffff, NV),
    T(S_TO_W, RNE, S_NINF, 0, 0, 0x80000000, NV),
    T(S_TO_W, RNE, 0x3fc00000u, 0, 0, 2, NX),                     /* 1.5 */
    T(S_TO_W, RTZ, 0x3fc00000u, 0, 0, 1, NX),
    T(S_TO_W, RDN, 0x3fc00000u, 0, 0, 1, NX),
    T(S_TO_W, RUP, 0x3fc00000u, 0, 0, 2, NX),
    T(S_TO_W, RMM, 0x3fc00000u, 0, 0, 2, NX),
    T(S_TO_W, RNE, 0x40200000u, 0, 0, 2, NX),                     /* 2.5 */
    T(S_TO_W, RMM, 0x40200000u, 0, 0, 3, NX),
    T(S_TO_W, RNE, 0xc0200000u, 0, 0, 0xfffffffe, NX),            /* -2.5 */
    T(S_TO_W, RMM, 0xc0200000u, 0, 0, 0xfffffffd, NX),
    T(S_TO_W, RDN, 0xc0200000u, 0, 0, 0xfffffffd, NX),
    T(S_TO_W, RUP, 0xc0200000u, 0, 0, 0xfffffffe, NX),
    T(S_TO_W, RTZ, 0xc0200000u, 0, 0, 0xfffffffe, NX),
    T(S_TO_W, RUP, S_MINS, 0, 0, 1, NX),
    T(S_TO_W, RNE, S_MINS, 0, 0, 0, NX),
    T(S_TO_W, RDN, S_MINS | S_NZERO, 0, 0, 0xffffffff, NX),
    T(S_TO_W, RNE, S_NZERO, 0, 0, 0, 0),
    /* unsigned: -0.5 rounding to 0 is only inexact; to -1 it is invalid */
    T(D_TO_WU, RNE, 0xbfe0000000000000ull, 0, 0, 0, NX),
    T(D_TO_WU, RTZ, 0xbfe0000000000000ull, 0, 0, 0, NX),
    T(D_TO_WU, RUP, 0xbfe0000000000000ull, 0, 0, 0, NX),
    T(D_TO_WU, RDN, 0xbfe0000000000000ull, 0, 0, 0, NV),
    T(D_TO_WU, RMM, 0xbfe0000000000000ull, 0, 0, 0, NV),
    T(D_TO_WU, RNE, D_NONE, 0, 0, 0, NV),
    T(D_TO_WU, RTZ, D_NONE, 0, 0, 0, NV),
    T(D_TO_WU, RNE, D_NZERO, 0, 0, 0, 0),
    T(D_TO_WU, RNE, D_NINF, 0, 0, 0, NV),
    T(D_TO_WU, RNE, D_QNAN, 0, 0, 0xffffffff, NV),
    T(D_TO_WU, RNE, D_INF, 0, 0, 0xffffffff, NV),
    /* 2^32 - 0.5 = 0x41effffffff00000: RNE ties up to 2^32 */
    T(D_TO_WU, RNE, 0x41effffffff00000ull, 0, 0, 0xffffffff, NV),
    T(D_TO_WU, RTZ, 0x41effffffff00000ull, 0, 0, 0xffffffff, NX),
    T(D_TO_WU, RNE, 0x41efffffffe00000ull, 0, 0, 0xffffffff, 0),  /* 2^32-1 */
    T(D_TO_WU, RNE, 0x41e0000000000000ull, 0, 0, 0x80000000, 0),  /* 2^31 */
    T(S_TO_WU, RDN, S_MINS | S_NZERO, 0, 0, 0, NV),
    T(S_TO_WU, RNE, S_MINS | S_NZERO, 0, 0, 0, NX),
    T(S_TO_WU, RNE, 0x4f800000u, 0, 0, 0xffffffff, NV),           /* 2^32 */
    T(S_TO_WU, RNE, 0x4f7fffffu, 0, 0, 0xffffff00, 0),
    /* 64-bit */
    T(S_TO_L, RNE, 0x5f000000u, 0, 0, 0x7fffffffffffffffull, NV), /* 2^63 */
    T(S_TO_L, RNE, 0xdf000000u, 0, 0, 0x8000000000000000ull, 0),
    T(S_TO_L, RNE, S_QNAN, 0, 0, 0x7fffffffffffffffull, NV),
    T(S_TO_L, RNE, S_NINF, 0, 0, 0x8000000000000000ull, NV),
    T(S_TO_L, RNE, 0xdf000001u, 0, 0, 0x8000000000000000ull, NV),
    T(S_TO_LU, RNE, 0x5f800000u, 0, 0, 0xffffffffffffffffull, NV), /* 2^64 */
    T(S_TO_LU, RNE, 0x5f7fffffu, 0, 0, 0xffffff0000000000ull, 0),
    T(S_TO_LU, RNE, S_QNAN, 0, 0, 0xffffffffffffffffull, NV),
    T(S_TO_LU, RNE, S_NONE, 0, 0, 0, NV),
    T(D_TO_L, RNE, 0x43e0000000000000ull, 0, 0, 0x7fffffffffffffffull, NV),
    T(D_TO_L, RNE, 0xc3e0000000000000ull, 0, 0, 0x8000000000000000ull, 0),
    T(D_TO_L, RNE, 0x43dfffffffffffffull, 0, 0, 0x7ffffffffffffc00ull, 0),
    T(D_TO_L, RNE, D_MAX, 0, 0, 0x7fffffffffffffffull, NV),
    T(D_TO_L, RNE, D_NMAX, 0, 0, 0x8000000000000000ull, NV),
    T(D_TO_L, RUP, 0xbfe0000000000000ull, 0, 0, 0, NX),
    T(D_TO_L, RDN, 0xbfe0000000000000ull, 0, 0, 0xffffffffffffffffull, NX),
    T(D_TO_LU, RNE, 0x43f0000000000000ull, 0, 0, 0xffffffffffffffffull, NV),
    T(D_TO_LU, RNE, 0x43efffffffffffffull, 0, 0, 0xfffffffffffff800ull, 0),
    T(D_TO_LU, RNE, 0x43e0000000000000ull, 0, 0, 0x8000000000000000ull, 0),
    T(D_TO_LU, RNE, 0xbfe0000000000000ull, 0, 0, 0, NX),
    T(D_TO_LU, RMM, 0xbfe0000000000000ull, 0, 0, 0, NV),
    T(D_TO_LU, RNE, D_NINF, 0, 0, 0, NV),

    /* ---- integer -> float */
    T(S_FROM_W, RNE, 16777217, 0, 0, 0x4b800000u, NX),            /* 2^24+1: tie */
    T(S_FROM_W, RMM, 16777217, 0, 0, 0x4b800001u, NX),
    T(S_FROM_W, RUP, 16777217, 0, 0, 0x4b800001u, NX),
    T(S_FROM_W, RTZ, 16777217, 0, 0, 0x4b800000u, NX),
    T(S_FROM_W, RDN, (uint32_t)-16777217, 0, 0, 0xcb800001u, NX),
    T(S_FROM_W, RNE, 0x80000000u, 0, 0, 0xcf000000u, 0),          /* INT32_MIN */
    T(S_FROM_W, RDN, 0, 0, 0, S_ZERO, 0),                         /* +0 always */
    T(S_FROM_W, RNE, 0xffffffffu, 0, 0, S_NONE, 0),
    T(S_FROM_WU, RNE, 0xffffffffu, 0, 0, 0x4f800000u, NX),
    T(S_FROM_WU, RTZ, 0xffffffffu, 0, 0, 0x4f7fffffu, NX),
    T(S_FROM_LU, RNE, 0x8000008000000000ull, 0, 0, 0x5f000000u, NX), /* 2^63+2^39 */
    T(S_FROM_LU, RMM, 0x8000008000000000ull, 0, 0, 0x5f000001u, NX),
    T(S_FROM_LU, RNE, 0xffffffffffffffffull, 0, 0, 0x5f800000u, NX),
    T(S_FROM_L, RNE, 0x8000000000000000ull, 0, 0, 0xdf000000u, 0),
    T(S_FROM_L, RUP, 0x8000000000000001ull, 0, 0, 0xdeffffffu, NX),
    T(D_FROM_W, RNE, 0xffffffffu, 0, 0, D_NONE, 0),
    T(D_FROM_W, RNE, 0x80000000u, 0, 0, 0xc1e0000000000000ull, 0),
    T(D_FROM_WU, RNE, 0xffffffffu, 0, 0, 0x41efffffffe00000ull, 0),
    T(D_FROM_L, RNE, 0x8000000000000000ull, 0, 0, 0xc3e0000000000000ull, 0),
    T(D_FROM_L, RNE, 0x0020000000000001ull, 0, 0, 0x4340000000000000ull, NX), /* 2^53+1 */
    T(D_FROM_L, RMM, 0x0020000000000001ull, 0, 0, 0x4340000000000001ull, NX),
    T(D_FROM_LU, RNE, 0xffffffffffffffffull, 0, 0, 0x43f0000000000000ull, NX),
    T(D_FROM_LU, RTZ, 0xffffffffffffffffull, 0, 0, 0x43efffffffffffffull, NX),
    T(D_FROM_LU, RNE, 0, 0, 0, D_ZERO, 0),

    /* ---- binary64 -> binary32 rounds; binary32 -> binary64 is exact */
    T(D_TO_S, RNE, 0x3ff0000010000000ull, 0, 0, S_ONE, NX),        /* 1+2^-24 */
    T(D_TO_S, RUP, 0x3ff0000010000000ull, 0, 0, 0x3f800001u, NX),
    T(D_TO_S, RMM, 0x3ff0000010000000ull, 0, 0, 0x3f800001u, NX),
    T(D_TO_S, RTZ, 0x3ff0000030000000ull, 0, 0, 0x3f800001u, NX),  /* 1+3*2^-24 */
    T(D_TO_S, RNE, 0x3ff0000030000000ull, 0, 0, 0x3f800002u, NX),
    T(D_TO_S, RNE, D_MAX, 0, 0, S_INF, OF | NX),
    T(D_TO_S, RTZ, D_MAX, 0, 0, S_MAX, OF | NX),
    T(D_TO_S, RDN, D_NMAX, 0, 0, S_NINF, OF | NX),
    T(D_TO_S, RNE, D_SNAN, 0, 0, S_QNAN, NV),
    T(D_TO_S, RNE, 0xfff8000000000123ull, 0, 0, S_QNAN, 0),
    T(D_TO_S, RNE, D_NINF, 0, 0, S_NINF, 0),
    T(D_TO_S, RNE, D_NZERO, 0, 0, S_NZERO, 0),
    T(D_TO_S, RNE, 0x36a0000000000000ull, 0, 0, S_MINS, 0),       /* 2^-149 */
    T(D_TO_S, RNE, 0x3690000000000000ull, 0, 0, S_ZERO, UF | NX), /* 2^-150 */
    T(D_TO_S, RUP, 0x3690000000000000ull, 0, 0, S_MINS, UF | NX),
    T(D_TO_S, RNE, D_MINS, 0, 0, S_ZERO, UF | NX),
    /* 2^-126(1-2^-25): rounds to 2^-126 at p=24 (tie to even): not tiny */
    T(D_TO_S, RNE, 0x380ffffff0000000ull, 0, 0, S_MINN, NX),
    T(D_TO_S, RTZ, 0x380ffffff0000000ull, 0, 0, S_MAXS, UF | NX),
    T(S_TO_D, RNE, S_SNAN, 0, 0, D_QNAN, NV),
    T(S_TO_D, RNE, 0x7fc00001u, 0, 0, D_QNAN, 0),
    T(S_TO_D, RNE, 0xffc00000u, 0, 0, D_QNAN, 0),
    T(S_TO_D, RNE, S_MINS, 0, 0, 0x36a0000000000000ull, 0),
    T(S_TO_D, RNE, S_NINF, 0, 0, D_NINF, 0),
    T(S_TO_D, RNE, S_NZERO, 0, 0, D_NZERO, 0),
    T(S_TO_D, RNE, S_MAX, 0, 0, 0x47efffffe0000000ull, 0),
};

static const enum fpu_backend backends[] = { FPU_SOFT, FPU_HOST };
static const char *const backend_names[] = { "soft", "host" };

START_TEST(test_corner_cases)
{
    int failures = 0;
    if (!fpu_set_backend(backends[_i])) {
        ck_assert_int_eq(backends[_i], FPU_HOST);   /* soft always exists */
        return;
    }
    /* Each case twice: from clear flags, and with NX already raised (the
     * flags are ORed in; the host backend takes other paths then). */
    for (size_t k = 0; k < 2 * sizeof cases / sizeof cases[0]; k++) {
        const struct tcase *t = &cases[k / 2];
        unsigned init = (k & 1) ? FFLAG_NX : 0, flags = init;
        uint64_t got = run(t->op, t->a, t->b, t->c, t->rm, &flags);
        if (got != t->want || flags != (t->flags | init)) {
            fprintf(stderr,
                    "%s: line %d %s rm=%d a=%" PRIx64 " b=%" PRIx64 " c=%" PRIx64
                    " flags in %x: got %" PRIx64 " flags %x, want %" PRIx64 " flags %x\n",
                    backend_names[_i], t->line, op_names[t->op], t->rm, t->a, t->b, t->c,
                    init, got, flags, t->want, t->flags | init);
            failures++;
        }
    }
    fpu_set_backend(FPU_SOFT);
    ck_assert_int_eq(failures, 0);
}
END_TEST

/* Flags are ORed in, never cleared (cpu/fpu.h). */
START_TEST(test_flags_accumulate)
{
    if (!fpu_set_backend(backends[_i]))
        return;
    unsigned flags = FFLAG_DZ;
    ck_assert_uint_eq(f64_add(D_ONE, D_ONE, RNE, &flags), D_TWO);
    ck_assert_uint_eq(flags, FFLAG_DZ);
    f32_div(S_ONE, 0x40400000u, RNE, &flags);
    ck_assert_uint_eq(flags, FFLAG_DZ | FFLAG_NX);
    fpu_set_backend(FPU_SOFT);
}
END_TEST

START_TEST(test_backend_selection)
{
    enum fpu_backend def = fpu_get_backend();
    ck_assert(fpu_set_backend(FPU_SOFT));
    ck_assert_int_eq(fpu_get_backend(), FPU_SOFT);
    if (fpu_set_backend(FPU_HOST))
        ck_assert_int_eq(fpu_get_backend(), FPU_HOST);
    else
        ck_assert_int_eq(fpu_get_backend(), FPU_SOFT);
    ck_assert(!fpu_set_backend((enum fpu_backend)7));
    fpu_set_backend(def);
}
END_TEST

/* The host backend switches the host rounding mode for directed modes; it
 * must hand the host back in round-to-nearest. */
START_TEST(test_host_env_restored)
{
    unsigned flags = 0;
    volatile double third = 1.0, three = 3.0;
    double q;
    if (!fpu_set_backend(FPU_HOST))
        return;
    ck_assert_uint_eq(f64_div(D_ONE, D_THREE, RUP, &flags), 0x3fd5555555555556ull);
    ck_assert_uint_eq(f64_sqrt(D_TWO, RTZ, &flags), 0x3ff6a09e667f3bccull);
    ck_assert_uint_eq(f32_fma(S_ONE, S_ONE, 0x33800001u, false, false, RDN, &flags), S_ONE);
    ck_assert_int_eq(fegetround(), FE_TONEAREST);
    q = third / three;   /* host arithmetic after the calls rounds to nearest */
    ck_assert(q == 0x1.5555555555555p-2);
    fpu_set_backend(FPU_SOFT);
}
END_TEST

/* ---- randomized differential test: soft vs host ------------------------ */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

struct fdesc { int mbits, ebits, bias; };
static const struct fdesc FD32 = { 23, 8, 127 }, FD64 = { 52, 11, 1023 };

/* A biased exponent, mostly near the edges and the middle. */
static int32_t rnd_exp(const struct fdesc *d)
{
    int32_t emax = (1 << d->ebits) - 1;
    uint64_t r = rnd();
    switch (r % 12) {
    case 0: return 0;
    case 1: return emax;
    case 2: return 1 + (int32_t)((r >> 8) % 3);
    case 3: return emax - 1 - (int32_t)((r >> 8) % 3);
    case 4: case 5: return d->bias - 4 + (int32_t)((r >> 8) % 9);
    case 6: return d->bias + 29 + (int32_t)((r >> 8) % 6);  /* around 2^31, 2^32 */
    case 7: return d->bias + 61 + (int32_t)((r >> 8) % 6);  /* around 2^63, 2^64 */
    case 8: return d->bias - 70 + (int32_t)((r >> 8) % 140);
    default: return (int32_t)((r >> 8) % (uint64_t)(emax + 1));
    }
}

static uint64_t rnd_mant(const struct fdesc *d)
{
    uint64_t mask = (1ull << d->mbits) - 1, r = rnd();
    switch (r % 8) {
    case 0: return 0;
    case 1: return mask;
    case 2: return 1ull << (r >> 8) % d->mbits;
    case 3: return mask >> (r >> 8) % d->mbits;                    /* low ones */
    case 4: return mask & ~(mask >> (r >> 8) % d->mbits);          /* high ones */
    case 5: return rnd() & rnd() & mask;
    default: return rnd() & mask;
    }
}

static uint64_t make(const struct fdesc *d, bool sign, int32_t bexp, uint64_t mant)
{
    int32_t emax = (1 << d->ebits) - 1;
    if (bexp < 0)
        bexp = 0;
    if (bexp > emax)
        bexp = emax;
    return ((uint64_t)sign << (d->mbits + d->ebits)) | ((uint64_t)bexp << d->mbits) | mant;
}

static int32_t bexp_of(const struct fdesc *d, uint64_t x)
{
    return (int32_t)((x >> d->mbits) & ((1u << d->ebits) - 1));
}

static uint64_t rnd_float(const struct fdesc *d)
{
    return make(d, rnd() & 1, rnd_exp(d), rnd_mant(d));
}

/* Operands related so that interesting things happen: b near a in
 * magnitude (cancellation), products near the under/overflow thresholds,
 * addends near the product (fma cancellation). */
static void rnd_operands(const struct fdesc *d, int nops, uint64_t *a, uint64_t *b, uint64_t *c)
{
    uint64_t r = rnd();
    int32_t delta = (int32_t)((r >> 8) % 7) - 3;
    *a = rnd_float(d);
    *b = rnd_float(d);
    *c = rnd_float(d);
    switch (r % 6) {
    case 0:  /* b close to a */
        *b = make(d, rnd() & 1, bexp_of(d, *a) + delta,
                  (r & 0x80) ? (*a & ((1ull << d->mbits) - 1)) ^ (rnd() & 7) : rnd_mant(d));
        break;
    case 1: { /* a*b near the subnormal range or the overflow threshold */
        int32_t target = (r & 0x80) ? 1 : (1 << d->ebits) - 2;
        *b = make(d, rnd() & 1, target + d->bias - bexp_of(d, *a) + delta, rnd_mant(d));
        break;
    }
    case 2:  /* fma: c close to a*b */
        if (nops == 3)
            *c = make(d, rnd() & 1, bexp_of(d, *a) + bexp_of(d, *b) - d->bias + delta,
                      rnd_mant(d));
        break;
    default:
        break;
    }
}

static uint64_t rnd_int(void)
{
    uint64_t r = rnd();
    int bits = (int)(r % 65);
    uint64_t v = bits == 64 ? rnd() : rnd() & ((1ull << bits) - 1);
    if ((r >> 8) % 5 == 0)
        v = (r >> 16) & 1 ? (uint64_t)-(int64_t)v : v;   /* negatives */
    if ((r >> 8) % 7 == 0)
        v = (v | 1) << ((r >> 20) % 40);                 /* ties and long runs */
    return v;
}

enum kind { K_F32, K_F64, K_INT };

struct diff_op {
    enum op op;
    enum kind kind;
    int nops;
};

static const struct diff_op diff_ops[] = {
    { S_ADD, K_F32, 2 }, { S_SUB, K_F32, 2 }, { S_MUL, K_F32, 2 }, { S_DIV, K_F32, 2 },
    { S_SQRT, K_F32, 1 }, { S_FMA, K_F32, 3 }, { S_FNMSUB, K_F32, 3 },
    { S_TO_W, K_F32, 1 }, { S_TO_WU, K_F32, 1 }, { S_TO_L, K_F32, 1 }, { S_TO_LU, K_F32, 1 },
    { S_FROM_W, K_INT, 1 }, { S_FROM_WU, K_INT, 1 }, { S_FROM_L, K_INT, 1 },
    { S_FROM_LU, K_INT, 1 },
    { D_ADD, K_F64, 2 }, { D_SUB, K_F64, 2 }, { D_MUL, K_F64, 2 }, { D_DIV, K_F64, 2 },
    { D_SQRT, K_F64, 1 }, { D_FMA, K_F64, 3 }, { D_FMSUB, K_F64, 3 },
    { D_FNMADD, K_F64, 3 },
    { D_TO_W, K_F64, 1 }, { D_TO_WU, K_F64, 1 }, { D_TO_L, K_F64, 1 }, { D_TO_LU, K_F64, 1 },
    { D_FROM_W, K_INT, 1 }, { D_FROM_WU, K_INT, 1 }, { D_FROM_L, K_INT, 1 },
    { D_FROM_LU, K_INT, 1 },
    { D_TO_S, K_F64, 1 },
};

static long diff_iters(void)
{
    const char *s = getenv("RVX_FPU_DIFF_ITERS");
    long n = s ? strtol(s, NULL, 0) : 0;
    return n > 0 ? n : 1000000;
}

START_TEST(test_differential)
{
    const struct diff_op *d = &diff_ops[_i];
    long iters = diff_iters(), failures = 0;

    /* No full host backend (outside x86-64 "host" runs every full
     * operation on the soft-float too): soft against soft would prove
     * nothing, slowly.  The inline fast paths there: test_fpu_fast. */
    if (!FPU_HOST_AVAILABLE || !fpu_set_backend(FPU_HOST))
        return;   /* no host backend: the corner cases cover the soft one */
    rng_state = 0x9e3779b97f4a7c15ull ^ ((uint64_t)(d->op + 1) * 0x100000001b3ull);
    for (long i = 0; i < iters; i++) {
        uint64_t a, b, c;
        int rm = (int)(i & 3);   /* RNE RTZ RDN RUP: the host has no RMM */
        /* NX already raised selects the host's no-MXCSR fast path. */
        unsigned fs = (i & 4) ? FFLAG_NX : 0, fh = fs;
        uint64_t rs, rh;

        if (d->kind == K_INT) {
            a = rnd_int();
            b = c = 0;
        } else {
            rnd_operands(d->kind == K_F32 ? &FD32 : &FD64, d->nops, &a, &b, &c);
        }
        fpu_set_backend(FPU_SOFT);
        rs = run(d->op, a, b, c, rm, &fs);
        fpu_set_backend(FPU_HOST);
        rh = run(d->op, a, b, c, rm, &fh);
        if (rs != rh || fs != fh) {
            if (failures++ < 10)
                fprintf(stderr,
                        "%s rm=%d a=%" PRIx64 " b=%" PRIx64 " c=%" PRIx64
                        ": soft %" PRIx64 "/%x host %" PRIx64 "/%x\n",
                        op_names[d->op], rm, a, b, c, rs, fs, rh, fh);
        }
    }
    fpu_set_backend(FPU_SOFT);
    ck_assert_msg(failures == 0, "%s: %ld mismatches in %ld", op_names[d->op], failures, iters);
}
END_TEST

static Suite *fpu_suite(void)
{
    Suite *s = suite_create("fpu");
    TCase *tc = tcase_create("corner");
    tcase_add_loop_test(tc, test_corner_cases, 0, 2);
    tcase_add_loop_test(tc, test_flags_accumulate, 0, 2);
    tcase_add_test(tc, test_backend_selection);
    tcase_add_test(tc, test_host_env_restored);
    suite_add_tcase(s, tc);

    tc = tcase_create("differential");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, test_differential, 0, (int)(sizeof diff_ops / sizeof diff_ops[0]));
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fpu_suite());
    int failed;
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
