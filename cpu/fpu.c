/* The public face of cpu/fpu.h: backend selection, dispatch, and the
 * operations that are pure bit manipulation (min/max, compares, classify,
 * widening), which are the same whatever the backend, for binary16 too. */
#include "cpu/fpu_internal.h"

/* Process-wide (documented in cpu/fpu.h): which implementation runs the
 * arithmetic.  The host path is the default where it is exact, because it
 * is several times faster on double-precision code. */
/* "host" exists where the full host backend does (x86-64) or where only the
 * inline fast paths of fpu.h do (AArch64, 32-bit ARM, s390x: there every
 * full operation below is the soft-float's, whichever backend is selected). */
#define FPU_HOST_SELECTABLE (FPU_HOST_AVAILABLE || FPU_INLINE_FAST)
static enum fpu_backend fpu_backend_sel = FPU_HOST_SELECTABLE ? FPU_HOST : FPU_SOFT;
/* the same, read by the inline fast paths in fpu.h */
enum fpu_backend fpu_backend_current = FPU_HOST_SELECTABLE ? FPU_HOST : FPU_SOFT;

bool fpu_set_backend(enum fpu_backend b)
{
    if (b != FPU_SOFT && !(b == FPU_HOST && FPU_HOST_SELECTABLE))
        return false;
    fpu_backend_sel = b;
    fpu_backend_current = b;
    return true;
}

enum fpu_backend fpu_get_backend(void) { return fpu_backend_sel; }

#if FPU_HOST_AVAILABLE
#define FPU_DISPATCH(name, ret, params, args)                                  \
    ret name params                                                            \
    {                                                                          \
        if (fpu_backend_sel == FPU_HOST)                                       \
            return fpu_host_##name args;                                       \
        return fpu_soft_##name args;                                           \
    }
#else
#define FPU_DISPATCH(name, ret, params, args)                                  \
    ret name params { return fpu_soft_##name args; }
#endif

FPU_BACKEND_OPS(FPU_DISPATCH)

uint64_t f32_to_f64(uint32_t a, unsigned *flags) { return fpu_soft_f32_to_f64(a, flags); }

/* ---- bit-level operations, shared by both formats ---------------------- */

struct layout {
    uint64_t sign;     /* sign bit */
    uint64_t inf;      /* +inf bit pattern (exponent all ones) */
    uint64_t quiet;    /* quiet bit (mantissa MSB) */
    uint64_t canon;
};

static const struct layout L16 = { 1ull << 15, 0x7c00u, 1u << 9, F16_CANON_NAN };
static const struct layout L32 = { 1ull << 31, 0x7f800000u, 1u << 22, F32_CANON_NAN };
static const struct layout L64 = { 1ull << 63, 0x7ff0000000000000ull, 1ull << 51,
                                   F64_CANON_NAN };

static bool is_nan(const struct layout *l, uint64_t x) { return (x & ~l->sign) > l->inf; }
static bool is_snan(const struct layout *l, uint64_t x)
{
    return is_nan(l, x) && !(x & l->quiet);
}

/* a < b on non-NaN values, with -0 < +0 when zero_order is set. */
static bool less(const struct layout *l, uint64_t a, uint64_t b, bool zero_order)
{
    bool sa = (a & l->sign) != 0, sb = (b & l->sign) != 0;
    if (!zero_order && ((a | b) & ~l->sign) == 0)
        return false;                  /* -0 == +0 for comparisons */
    if (sa != sb)
        return sa;
    /* Same sign: magnitudes order like the bit patterns, reversed if < 0. */
    return sa ? a > b : a < b;
}

/* RISC-V F 2.2 fmin/fmax: IEEE 754-2019 minimumNumber/maximumNumber.  A
 * single NaN operand yields the other operand, two yield the canonical
 * NaN; a signalling NaN sets NV even when the result is a number. */
static uint64_t minmax(const struct layout *l, uint64_t a, uint64_t b, bool want_max,
                       unsigned *flags)
{
    bool na = is_nan(l, a), nb = is_nan(l, b);
    if (is_snan(l, a) || is_snan(l, b))
        *flags |= FFLAG_NV;
    if (na && nb)
        return l->canon;
    if (na)
        return b;
    if (nb)
        return a;
    return less(l, a, b, true) != want_max ? a : b;
}

/* Zfa fminm/fmaxm: IEEE 754-2019 minimum/maximum.  As fmin/fmax, but
 * any NaN operand gives the canonical NaN. */
static uint64_t minmax_m(const struct layout *l, uint64_t a, uint64_t b, bool want_max,
                         unsigned *flags)
{
    if (is_nan(l, a) || is_nan(l, b)) {
        if (is_snan(l, a) || is_snan(l, b))
            *flags |= FFLAG_NV;
        return l->canon;
    }
    return minmax(l, a, b, want_max, flags);
}

/* quiet: only sNaN raises NV; signaling: any NaN does.  NaN compares false. */
static bool unordered(const struct layout *l, uint64_t a, uint64_t b, bool signaling,
                      unsigned *flags)
{
    if (!is_nan(l, a) && !is_nan(l, b))
        return false;
    if (signaling || is_snan(l, a) || is_snan(l, b))
        *flags |= FFLAG_NV;
    return true;
}

static bool eq(const struct layout *l, uint64_t a, uint64_t b, unsigned *flags)
{
    if (unordered(l, a, b, false, flags))
        return false;
    return a == b || ((a | b) & ~l->sign) == 0;
}

static bool lt(const struct layout *l, uint64_t a, uint64_t b, unsigned *flags)
{
    return !unordered(l, a, b, true, flags) && less(l, a, b, false);
}

static bool le(const struct layout *l, uint64_t a, uint64_t b, unsigned *flags)
{
    return !unordered(l, a, b, true, flags) && !less(l, b, a, false);
}

/* Zfa fltq/fleq: flt/fle with quiet NaN handling (only sNaN raises NV). */
static bool ltq(const struct layout *l, uint64_t a, uint64_t b, unsigned *flags)
{
    return !unordered(l, a, b, false, flags) && less(l, a, b, false);
}

static bool leq(const struct layout *l, uint64_t a, uint64_t b, unsigned *flags)
{
    return !unordered(l, a, b, false, flags) && !less(l, b, a, false);
}

/* fclass bit numbers, RISC-V F "Classify Instruction" table. */
enum {
    FCLASS_NEG_INF, FCLASS_NEG_NORMAL, FCLASS_NEG_SUBNORMAL, FCLASS_NEG_ZERO,
    FCLASS_POS_ZERO, FCLASS_POS_SUBNORMAL, FCLASS_POS_NORMAL, FCLASS_POS_INF,
    FCLASS_SNAN, FCLASS_QNAN,
};

static unsigned classify(const struct layout *l, uint64_t x)
{
    uint64_t mag = x & ~l->sign;
    bool neg = (x & l->sign) != 0;
    int bit;

    if (mag > l->inf)
        bit = (x & l->quiet) ? FCLASS_QNAN : FCLASS_SNAN;
    else if (mag == l->inf)
        bit = neg ? FCLASS_NEG_INF : FCLASS_POS_INF;
    else if (mag == 0)
        bit = neg ? FCLASS_NEG_ZERO : FCLASS_POS_ZERO;
    else if ((mag & l->inf) == 0)
        bit = neg ? FCLASS_NEG_SUBNORMAL : FCLASS_POS_SUBNORMAL;
    else
        bit = neg ? FCLASS_NEG_NORMAL : FCLASS_POS_NORMAL;
    return 1u << bit;
}

uint32_t f32_min(uint32_t a, uint32_t b, unsigned *flags)
{ return (uint32_t)minmax(&L32, a, b, false, flags); }
uint32_t f32_max(uint32_t a, uint32_t b, unsigned *flags)
{ return (uint32_t)minmax(&L32, a, b, true, flags); }
bool f32_eq(uint32_t a, uint32_t b, unsigned *flags) { return eq(&L32, a, b, flags); }
bool f32_lt(uint32_t a, uint32_t b, unsigned *flags) { return lt(&L32, a, b, flags); }
bool f32_le(uint32_t a, uint32_t b, unsigned *flags) { return le(&L32, a, b, flags); }
unsigned f32_classify(uint32_t a) { return classify(&L32, a); }

uint64_t f64_min(uint64_t a, uint64_t b, unsigned *flags)
{ return minmax(&L64, a, b, false, flags); }
uint64_t f64_max(uint64_t a, uint64_t b, unsigned *flags)
{ return minmax(&L64, a, b, true, flags); }
bool f64_eq(uint64_t a, uint64_t b, unsigned *flags) { return eq(&L64, a, b, flags); }
bool f64_lt(uint64_t a, uint64_t b, unsigned *flags) { return lt(&L64, a, b, flags); }
bool f64_le(uint64_t a, uint64_t b, unsigned *flags) { return le(&L64, a, b, flags); }
unsigned f64_classify(uint64_t a) { return classify(&L64, a); }

/* Zfa's minm/maxm and quiet ltq/leq, per format. */
#define BIT_OPS(W, L)                                                          \
    uint##W##_t f##W##_minm(uint##W##_t a, uint##W##_t b, unsigned *flags)     \
    { return (uint##W##_t)minmax_m(&L, a, b, false, flags); }                  \
    uint##W##_t f##W##_maxm(uint##W##_t a, uint##W##_t b, unsigned *flags)     \
    { return (uint##W##_t)minmax_m(&L, a, b, true, flags); }                   \
    bool f##W##_ltq(uint##W##_t a, uint##W##_t b, unsigned *flags)             \
    { return ltq(&L, a, b, flags); }                                           \
    bool f##W##_leq(uint##W##_t a, uint##W##_t b, unsigned *flags)             \
    { return leq(&L, a, b, flags); }
BIT_OPS(32, L32)
BIT_OPS(64, L64)
BIT_OPS(16, L16)

uint16_t f16_min(uint16_t a, uint16_t b, unsigned *flags)
{ return (uint16_t)minmax(&L16, a, b, false, flags); }
uint16_t f16_max(uint16_t a, uint16_t b, unsigned *flags)
{ return (uint16_t)minmax(&L16, a, b, true, flags); }
bool f16_eq(uint16_t a, uint16_t b, unsigned *flags) { return eq(&L16, a, b, flags); }
bool f16_lt(uint16_t a, uint16_t b, unsigned *flags) { return lt(&L16, a, b, flags); }
bool f16_le(uint16_t a, uint16_t b, unsigned *flags) { return le(&L16, a, b, flags); }
unsigned f16_classify(uint16_t a) { return classify(&L16, a); }
