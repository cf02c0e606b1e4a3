/* Unit tests for the binary16 (Zfh) and Zfa operations of cpu/fpu.h.
 *
 * 1. Half precision against an independent oracle: the host compiler's
 *    _Float16 (GCC's libgcc soft-fp conversions, which honour the host
 *    rounding mode).  The operation runs in host double (add, sub and mul
 *    of halves are exact there; div, sqrt, fma and 64-bit integers are made
 *    "round to odd" -- truncated, with the last bit set when inexact --
 *    which keeps the one final rounding to 11 bits correct in every mode),
 *    then one conversion to _Float16 in the same mode gives the result.
 *    libgcc does not raise flags for _Float16, so the oracle derives them
 *    from values: NX when the result differs from the exact value, OF when
 *    the value rounded with an unbounded exponent (the same conversion of
 *    x/2) exceeds 65504, UF when inexact and that rounding (of x * 2^20)
 *    is below 2^-14 (tininess after rounding); NV and DZ from the host's
 *    double operation and the operands (a signalling NaN, inf * 0 in fma).
 *    RNE, RTZ, RDN, RUP: the host has no RMM (the ISA tests cover it).
 * 2. Zfa's fround/froundnx against the host's nearbyint/rint in the same
 *    mode (every binary16 operand, random binary32/64 ones), fcvtmod.w.d against fmod(trunc(x), 2^32), fminm/fmaxm and
 *    fleq/fltq on hand-picked operands.
 *
 * RVX_FPU_DIFF_ITERS overrides the number of random operands per op. */
#include <check.h>
#include <fenv.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "cpu/fpu.h"

enum { NX = FFLAG_NX, UF = FFLAG_UF, OF = FFLAG_OF, DZ = FFLAG_DZ, NV = FFLAG_NV };
static const int host_mode[4] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD };

static uint64_t rng_state = 0x853c49e6748fea9bull;
static uint64_t rnd(void) { return xorshift64(&rng_state); }

static long iters(void)
{
    const char *e = getenv("RVX_FPU_DIFF_ITERS");
    return e ? atol(e) : 200000;
}

static double bits_d(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }
static uint64_t d_bits(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }
static float bits_s(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }

static bool h_nan(uint16_t h) { return (h & 0x7fff) > 0x7c00; }
static inline bool h_snan(uint16_t h) { return h_nan(h) && !(h & 0x200); }

#if defined(__FLT16_MAX__) && (defined(__x86_64__) || defined(__aarch64__))
#define HAVE_HOST_F16 1

static double h2d(uint16_t h)
{
    volatile _Float16 x;
    memcpy((void *)&x, &h, 2);
    return (double)x;
}

/* one host conversion double -> binary16 in rounding mode rm */
static uint16_t d2h(double x, int rm)
{
    volatile double vx = x;
    volatile _Float16 r;
    uint16_t b;
    fesetround(host_mode[rm]);
    r = (_Float16)vx;
    fesetround(FE_TONEAREST);
    memcpy(&b, (const void *)&r, 2);
    return b;
}

/* The correctly rounded binary16 of x (exact, or rounded to odd) and its
 * flags, as described at the top. */
static uint16_t oracle_round(double x, int rm, unsigned *fl)
{
    if (isnan(x))
        return F16_CANON_NAN;
    if (isinf(x))
        return d2h(x, rm);
    uint16_t r = d2h(x, rm);
    double back = h2d(r);
    if (back != x) {
        *fl |= NX;
        if (fabs(2 * h2d(d2h(x / 2, rm))) > 65504)
            *fl |= OF;
        if (fabs(h2d(d2h(x * 0x1p20, rm))) < 0x1p6)
            *fl |= UF;
    }
    return r;
}

/* Set the last bit of a truncated result that was inexact. */
static double to_odd(double trunc, bool inexact)
{
    return inexact ? bits_d(d_bits(trunc) | 1) : trunc;
}

enum hop { H_ADD, H_SUB, H_MUL, H_DIV, H_SQRT, H_FMA, H_FMSUB, H_FNMADD, H_FNMSUB,
           H_FROM_S, H_FROM_D, H_FROM_L, H_FROM_LU, H_TO_S, H_TO_D, H_COUNT };
static const char *const hop_names[H_COUNT] = {
    "f16_add", "f16_sub", "f16_mul", "f16_div", "f16_sqrt", "f16_fma", "f16_fmsub",
    "f16_fnmadd", "f16_fnmsub", "f32_to_f16", "f64_to_f16", "i64_to_f16", "u64_to_f16",
    "f16_to_f32", "f16_to_f64",
};

/* The host double operation in the current mode; sets *inexact, *nv, *dz. */
static double host_op(enum hop op, double x, double y, double z, bool *inexact, unsigned *fl)
{
    volatile double vx = x, vy = y, vz = z, r;
    feclearexcept(FE_ALL_EXCEPT);
    switch (op) {
    case H_ADD: r = vx + vy; break;
    case H_SUB: r = vx - vy; break;
    case H_MUL: r = vx * vy; break;
    case H_DIV: r = vx / vy; break;
    case H_SQRT: r = sqrt(vx); break;
    case H_FMA: r = fma(vx, vy, vz); break;
    case H_FMSUB: r = fma(vx, vy, -vz); break;
    case H_FNMADD: r = fma(-vx, vy, -vz); break;
    default: r = fma(-vx, vy, vz); break;   /* H_FNMSUB */
    }
    *inexact = fetestexcept(FE_INEXACT) != 0;
    if (fetestexcept(FE_INVALID))
        *fl |= NV;
    if (fetestexcept(FE_DIVBYZERO))
        *fl |= DZ;
    return r;
}

static uint16_t oracle_arith(enum hop op, uint16_t a, uint16_t b, uint16_t c, int rm,
                             unsigned *fl)
{
    double x = h2d(a), y = h2d(b), z = h2d(c), r;
    bool inexact;
    int nops = op == H_SQRT ? 1 : op >= H_FMA ? 3 : 2;
    if (h_snan(a) || (nops > 1 && h_snan(b)) || (nops > 2 && h_snan(c)))
        *fl |= NV;
    /* inf * 0 is invalid whatever the addend (x86 does not flag a qNaN one) */
    if (nops == 3 && ((isinf(x) && y == 0) || (x == 0 && isinf(y))))
        *fl |= NV;
    fesetround(host_mode[rm]);
    r = host_op(op, x, y, z, &inexact, fl);
    if (inexact) {
        fesetround(FE_TOWARDZERO);
        r = to_odd(host_op(op, x, y, z, &inexact, fl), true);
    }
    fesetround(FE_TONEAREST);
    if (isnan(r))
        return F16_CANON_NAN;
    return oracle_round(r, rm, fl);
}

/* 64-bit integers: exact in double below 2^53, else rounded to odd */
static double int_to_d(uint64_t v, bool is_signed)
{
    volatile double r;
    volatile int64_t s = (int64_t)v;
    volatile uint64_t u = v;
    fesetround(FE_TOWARDZERO);
    feclearexcept(FE_ALL_EXCEPT);
    r = is_signed ? (double)s : (double)u;
    bool inexact = fetestexcept(FE_INEXACT) != 0;
    fesetround(FE_TONEAREST);
    return to_odd(r, inexact);
}

static uint16_t rnd_half(void)
{
    static const uint16_t edge[] = {
        0x0000, 0x8000, 0x0001, 0x8001, 0x03ff, 0x0400, 0x83ff, 0x0401, 0x3c00, 0xbc00,
        0x3c01, 0x3bff, 0x7bff, 0xfbff, 0x7c00, 0xfc00, 0x7e00, 0xfe00, 0x7c01, 0x7d55,
        0x1000, 0x3555, 0x5bff, 0x6800, 0x0200, 0x1400,
    };
    static const uint16_t exps[] = { 0, 1, 2, 3, 12, 13, 14, 15, 16, 17, 27, 28, 29, 30 };
    uint64_t r = rnd();
    if ((r & 3) == 0)
        return edge[(r >> 2) % (sizeof edge / sizeof *edge)];
    uint16_t h = (uint16_t)(r >> 16);
    if (r & 4)
        h = (uint16_t)((h & 0x83ff) | exps[(r >> 8) % (sizeof exps / sizeof *exps)] << 10);
    return h;
}

/* singles/doubles around the binary16 range, with extra low bits */
static uint64_t rnd_wide(bool dbl)
{
    uint64_t r = rnd();
    double v = h2d(rnd_half());
    if ((r & 7) == 0)
        return dbl ? rnd() : (uint32_t)rnd();
    if (isnan(v) || v == 0)
        return dbl ? d_bits(v) : (uint32_t)(d_bits((double)(float)v) >> 32 & 0x80000000u) |
                                 (isnan(v) ? 0x7fc00000u | ((uint32_t)r & 0x3fffff) : 0);
    if (dbl)
        return d_bits(v) ^ (rnd() & 0x3ffffffffffull);  /* low bits below binary16 */
    float f = (float)v;
    uint32_t b;
    memcpy(&b, &f, 4);
    return b ^ ((uint32_t)rnd() & 0x1fff);
}

static uint64_t rnd_int64(void)
{
    static const uint64_t edge[] = { 0, 1, ~0ull, 2049, 65504, 65519, 65520, 65536,
                                     0x8000000000000000ull, 0x7fffffffffffffffull,
                                     0x20000000000001ull, 0xffe0000000000001ull };
    uint64_t r = rnd();
    if ((r & 3) == 0)
        return edge[(r >> 2) % (sizeof edge / sizeof *edge)];
    return rnd() >> (r >> 8 & 63);
}

START_TEST(test_half_vs_host)
{
    enum hop op = (enum hop)_i;
    long n = iters(), failures = 0;
    rng_state = 0x853c49e6748fea9bull ^ (uint64_t)(op + 1) * 0x100000001b3ull;
    for (long i = 0; i < n; i++) {
        int rm = (int)(i & 3);
        uint16_t a = rnd_half(), b = rnd_half(), c = rnd_half();
        uint64_t w = 0, got, want;
        unsigned fs = 0, fo = 0;
        switch (op) {
        case H_ADD: got = f16_add(a, b, rm, &fs); want = oracle_arith(op, a, b, 0, rm, &fo); break;
        case H_SUB: got = f16_sub(a, b, rm, &fs); want = oracle_arith(op, a, b, 0, rm, &fo); break;
        case H_MUL: got = f16_mul(a, b, rm, &fs); want = oracle_arith(op, a, b, 0, rm, &fo); break;
        case H_DIV: got = f16_div(a, b, rm, &fs); want = oracle_arith(op, a, b, 0, rm, &fo); break;
        case H_SQRT: got = f16_sqrt(a, rm, &fs); want = oracle_arith(op, a, 0, 0, rm, &fo); break;
        case H_FMA: got = f16_fma(a, b, c, false, false, rm, &fs);
                    want = oracle_arith(op, a, b, c, rm, &fo); break;
        case H_FMSUB: got = f16_fma(a, b, c, false, true, rm, &fs);
                      want = oracle_arith(op, a, b, c, rm, &fo); break;
        case H_FNMADD: got = f16_fma(a, b, c, true, true, rm, &fs);
                       want = oracle_arith(op, a, b, c, rm, &fo); break;
        case H_FNMSUB: got = f16_fma(a, b, c, true, false, rm, &fs);
                       want = oracle_arith(op, a, b, c, rm, &fo); break;
        case H_FROM_S: {
            w = rnd_wide(false);
            float f = bits_s((uint32_t)w);
            got = f32_to_f16((uint32_t)w, rm, &fs);
            if (isnan(f) && !((uint32_t)w & 0x400000))
                fo |= NV;
            want = oracle_round((double)f, rm, &fo);
            break;
        }
        case H_FROM_D: {
            w = rnd_wide(true);
            double d = bits_d(w);
            got = f64_to_f16(w, rm, &fs);
            if (isnan(d) && !(w & 0x8000000000000ull))
                fo |= NV;
            want = oracle_round(d, rm, &fo);
            break;
        }
        case H_FROM_L:
            w = rnd_int64();
            got = i64_to_f16((int64_t)w, rm, &fs);
            want = oracle_round(int_to_d(w, true), rm, &fo);
            break;
        case H_FROM_LU:
            w = rnd_int64();
            got = u64_to_f16(w, rm, &fs);
            want = oracle_round(int_to_d(w, false), rm, &fo);
            break;
        case H_TO_S: {
            float f = (float)h2d(a);
            uint32_t fb;
            memcpy(&fb, &f, 4);
            got = f16_to_f32(a, &fs);
            want = h_nan(a) ? F32_CANON_NAN : fb;
            fo = h_snan(a) ? NV : 0;
            break;
        }
        default: {   /* H_TO_D */
            got = f16_to_f64(a, &fs);
            want = h_nan(a) ? F64_CANON_NAN : d_bits(h2d(a));
            fo = h_snan(a) ? NV : 0;
            break;
        }
        }
        if (got != want || fs != fo) {
            if (failures++ < 10)
                fprintf(stderr, "%s rm=%d a=%04x b=%04x c=%04x w=%" PRIx64 ": rvx %" PRIx64
                        "/%x oracle %" PRIx64 "/%x\n", hop_names[op], rm, a, b, c, w,
                        got, fs, want, fo);
        }
    }
    ck_assert_msg(failures == 0, "%s: %ld mismatches in %ld", hop_names[op], failures, n);
}
END_TEST
#else
#define HAVE_HOST_F16 0
#endif

/* ---- Zfa ---------------------------------------------------------------- */

/* The C library's functions called through pointers: GCC would otherwise
 * inline rint as |x| + 2^52 - 2^52 with the sign copied back, which is
 * right only in the default rounding mode it assumes. */
static double (*volatile host_rint)(double) = rint;
static double (*volatile host_nearbyint)(double) = nearbyint;
static float (*volatile host_rintf)(float) = rintf;
static float (*volatile host_nearbyintf)(float) = nearbyintf;

/* fround/froundnx against the host's nearbyint (no NX) and rint (NX). */
START_TEST(test_round_vs_host)
{
    long n = iters(), failures = 0;
    rng_state = 0x3243f6a8885a308dull;
    for (long i = 0; i < n; i++) {
        int rm = (int)(i & 3);
        bool exact = (i >> 2) & 1;
        uint64_t r = rnd();
        /* doubles around the integers that matter: |x| in 2^-2..2^54 */
        uint64_t a = (r & 0x800fffffffffffffull) | (uint64_t)(1021 + (r >> 52) % 56) << 52;
        if ((r & 15) == 0)
            a = rnd();
        unsigned fs = 0, fo = 0;
        uint64_t got = f64_round(a, rm, exact, &fs);
        volatile double x = bits_d(a), y;
        fesetround(host_mode[rm]);
        feclearexcept(FE_ALL_EXCEPT);
        y = exact ? host_rint(x) : host_nearbyint(x);
        if (fetestexcept(FE_INVALID))
            fo |= NV;
        if (fetestexcept(FE_INEXACT))
            fo |= NX;
        fesetround(FE_TONEAREST);
        uint64_t want = isnan(y) ? F64_CANON_NAN : d_bits(y);
        /* single precision on the same operand, narrowed */
        uint32_t s = (uint32_t)(a >> 32);
        unsigned fs32 = 0, fo32 = 0;
        uint32_t got32 = f32_round(s, rm, exact, &fs32);
        volatile float xf = bits_s(s), yf;
        fesetround(host_mode[rm]);
        feclearexcept(FE_ALL_EXCEPT);
        yf = exact ? host_rintf(xf) : host_nearbyintf(xf);
        if (fetestexcept(FE_INVALID))
            fo32 |= NV;
        if (fetestexcept(FE_INEXACT))
            fo32 |= NX;
        fesetround(FE_TONEAREST);
        uint32_t want32;
        float yy = yf;
        memcpy(&want32, &yy, 4);
        if (isnan(yy))
            want32 = F32_CANON_NAN;
        if (got != want || fs != fo || got32 != want32 || fs32 != fo32) {
            if (failures++ < 10)
                fprintf(stderr, "fround rm=%d exact=%d a=%016" PRIx64 ": %" PRIx64 "/%x vs %"
                        PRIx64 "/%x; single %08x/%x vs %08x/%x\n", rm, exact, a, got, fs,
                        want, fo, got32, fs32, want32, fo32);
        }
    }
    ck_assert_msg(failures == 0, "fround: %ld mismatches", failures);
}
END_TEST

#if HAVE_HOST_F16
/* fround.h/froundnx.h the same way: every half rounded to an integer is a
 * half again (those >= 2^10 are integers already), so the host's double
 * result converts back exactly. */
START_TEST(test_round_half_vs_host)
{
    long failures = 0;
    for (uint32_t a = 0; a < 0x10000; a++) {
        for (int k = 0; k < 8; k++) {
            int rm = k & 3;
            bool exact = k >> 2;
            unsigned fs = 0, fo = 0;
            uint16_t got = f16_round((uint16_t)a, rm, exact, &fs);
            volatile double x = h2d((uint16_t)a), y;
            fesetround(host_mode[rm]);
            feclearexcept(FE_ALL_EXCEPT);
            y = exact ? host_rint(x) : host_nearbyint(x);
            if (fetestexcept(FE_INEXACT))
                fo |= NX;
            fesetround(FE_TONEAREST);
            if (h_snan((uint16_t)a))
                fo |= NV;   /* (the widening to double quietened it) */
            uint16_t want = isnan(y) ? F16_CANON_NAN : d2h(y, FRM_RNE);
            if (got != want || fs != fo) {
                if (failures++ < 10)
                    fprintf(stderr, "fround.h rm=%d exact=%d a=%04x: %04x/%x vs %04x/%x\n",
                            rm, exact, a, got, fs, want, fo);
            }
        }
    }
    ck_assert_msg(failures == 0, "fround.h: %ld mismatches", failures);
}
END_TEST
#endif

/* fcvtmod.w.d: the truncated value mod 2^32 (fmod and trunc are exact),
 * the flags fcvt.w.d's with RTZ. */
START_TEST(test_fcvtmod)
{
    long n = iters(), failures = 0;
    rng_state = 0x13198a2e03707344ull;
    for (long i = 0; i < n; i++) {
        uint64_t r = rnd();
        uint64_t a = (r & 0x800fffffffffffffull) | (uint64_t)(1000 + (r >> 52) % 120) << 52;
        if ((r & 15) == 0)
            a = rnd();
        double x = bits_d(a);
        unsigned fs = 0, fo = 0;
        int32_t got = f64_to_i32_mod(a, &fs);
        int32_t want = 0;
        if (isfinite(x)) {
            double m = fmod(trunc(x), 4294967296.0);   /* exact, |m| < 2^32 */
            want = (int32_t)(uint32_t)(int64_t)m;
        }
        (void)f64_to_i32(a, FRM_RTZ, &fo);
        if (got != want || fs != fo) {
            if (failures++ < 10)
                fprintf(stderr, "fcvtmod %016" PRIx64 ": %d/%x vs %d/%x\n", a, got, fs,
                        want, fo);
        }
    }
    ck_assert_msg(failures == 0, "fcvtmod: %ld mismatches", failures);
}
END_TEST

/* fminm/fmaxm and fleq/fltq, hand-picked (Zfa chapter): any NaN gives the
 * canonical NaN; the quiet compares flag only signalling NaNs. */
START_TEST(test_minm_cmpq)
{
    unsigned fl = 0;
    ck_assert_uint_eq(f32_minm(0x7fc00000u, 0x3f800000u, &fl), F32_CANON_NAN);
    ck_assert_uint_eq(fl, 0);
    ck_assert_uint_eq(f32_min(0x7fc00000u, 0x3f800000u, &fl), 0x3f800000u);
    ck_assert_uint_eq(f64_maxm(0x3ff0000000000000ull, 0x7ff0000000000001ull, &fl),
                      F64_CANON_NAN);
    ck_assert_uint_eq(fl, NV);
    fl = 0;
    ck_assert_uint_eq(f16_minm(0x0000, 0x8000, &fl), 0x8000);
    ck_assert_uint_eq(f16_maxm(0x8000, 0x0000, &fl), 0x0000);
    ck_assert_uint_eq(f16_maxm(0xbc00, 0x3c00, &fl), 0x3c00);
    ck_assert_uint_eq(fl, 0);
    ck_assert(!f32_ltq(0x7fc00000u, 0x3f800000u, &fl));
    ck_assert(!f64_leq(0x7ff8000000000000ull, 0x7ff8000000000000ull, &fl));
    ck_assert(f16_leq(0x8000, 0x0000, &fl));
    ck_assert(!f16_ltq(0x8000, 0x0000, &fl));
    ck_assert(f16_ltq(0xbc00, 0x0001, &fl));
    ck_assert_uint_eq(fl, 0);
    ck_assert(!f16_ltq(0x7c01, 0x3c00, &fl));
    ck_assert_uint_eq(fl, NV);
    fl = 0;
    ck_assert(!f32_lt(0x7fc00000u, 0x3f800000u, &fl));   /* the signalling one does */
    ck_assert_uint_eq(fl, NV);
}
END_TEST

/* fli: a few entries per format against the spec's table, by value. */
START_TEST(test_fli)
{
    ck_assert_uint_eq(f32_fli(0), 0xbf800000u);
    ck_assert_uint_eq(f32_fli(1), 0x00800000u);
    ck_assert_uint_eq(f64_fli(1), 0x0010000000000000ull);
    ck_assert_uint_eq(f16_fli(1), 0x0400);
    ck_assert_uint_eq(f16_fli(2), 0x0100);          /* 2^-16: subnormal in half */
    ck_assert_uint_eq(f16_fli(29), 0x7c00);         /* 2^16 overflows: +inf */
    ck_assert_uint_eq(f64_fli(29), 0x40f0000000000000ull);
    ck_assert_uint_eq(f32_fli(9), 0x3ea00000u);     /* 0.3125 */
    ck_assert_uint_eq(f16_fli(31), F16_CANON_NAN);
    ck_assert_uint_eq(f64_fli(30), 0x7ff0000000000000ull);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fpu_half");
    TCase *tc = tcase_create("half");
    tcase_set_timeout(tc, 300);
#if HAVE_HOST_F16
    tcase_add_loop_test(tc, test_half_vs_host, 0, H_COUNT);
    tcase_add_test(tc, test_round_half_vs_host);
#endif
    tcase_add_test(tc, test_round_vs_host);
    tcase_add_test(tc, test_fcvtmod);
    tcase_add_test(tc, test_minm_cmpq);
    tcase_add_test(tc, test_fli);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
