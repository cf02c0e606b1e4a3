/* Portable IEEE 754 binary16/32/64 arithmetic with RISC-V semantics,
 * using integer arithmetic only.  This is the reference implementation:
 * every result and flag is defined here; the host fast path must agree.
 *
 * Method: each operation reduces its operands to (sign, exp, sig) with
 * value = sig * 2^exp, computes an integer result that is either exact or
 * "jammed" (the lowest bit ORed with every discarded bit, which keeps it
 * on the same side of every rounding boundary as the exact value), and
 * hands it to round_pack(), the one place that rounds, detects overflow
 * and underflow and encodes. */
#include "cpu/fpu_internal.h"

#include <limits.h>

/* ---- formats --------------------------------------------------------- */

struct fmt {
    int p;          /* precision, hidden bit included */
    int ebits;      /* exponent field width */
    int emax;       /* also the bias */
    int div_chunk;  /* quotient bits produced per division step */
    int div_steps;  /* steps, so the quotient has >= p + 2 bits */
};

static const struct fmt F16 = { 11, 5, 15, 39, 1 };
static const struct fmt F32 = { 24, 8, 127, 39, 1 };
static const struct fmt F64 = { 53, 11, 1023, 10, 6 };

enum cls { C_ZERO, C_FINITE, C_INF, C_QNAN, C_SNAN };

struct unp {
    bool sign;
    enum cls cls;
    int32_t exp;     /* value = sig * 2^exp for C_FINITE */
    uint64_t sig;
};

static int mbits(const struct fmt *f) { return f->p - 1; }
static uint64_t mant_mask(const struct fmt *f) { return (1ull << mbits(f)) - 1; }
static uint32_t emask(const struct fmt *f) { return (1u << f->ebits) - 1; }
static int sign_pos(const struct fmt *f) { return f->ebits + mbits(f); }

static uint64_t canon_nan(const struct fmt *f)
{
    return f == &F16 ? F16_CANON_NAN : f == &F32 ? F32_CANON_NAN : F64_CANON_NAN;
}

static uint64_t pack(const struct fmt *f, bool sign, uint32_t bexp, uint64_t mant)
{
    return ((uint64_t)sign << sign_pos(f)) | ((uint64_t)bexp << mbits(f)) | mant;
}

static uint64_t inf_of(const struct fmt *f, bool sign) { return pack(f, sign, emask(f), 0); }
static uint64_t zero_of(const struct fmt *f, bool sign) { return pack(f, sign, 0, 0); }

static struct unp unpack(const struct fmt *f, uint64_t bits)
{
    struct unp u;
    uint32_t bexp = (uint32_t)(bits >> mbits(f)) & emask(f);
    uint64_t mant = bits & mant_mask(f);
    u.sign = (bits >> sign_pos(f)) & 1;
    u.exp = 0;
    u.sig = mant;
    if (bexp == emask(f)) {
        if (mant == 0)
            u.cls = C_INF;
        else  /* the quiet bit is the mantissa MSB (IEEE 754-2008 6.2.1) */
            u.cls = (mant >> (mbits(f) - 1)) & 1 ? C_QNAN : C_SNAN;
    } else if (bexp == 0) {
        u.cls = mant ? C_FINITE : C_ZERO;
        u.exp = 1 - f->emax - mbits(f);
    } else {
        u.cls = C_FINITE;
        u.sig = mant | (1ull << mbits(f));
        u.exp = (int32_t)bexp - f->emax - mbits(f);
    }
    return u;
}

static bool is_nan(const struct unp *u) { return u->cls == C_QNAN || u->cls == C_SNAN; }

/* ---- integer helpers -------------------------------------------------- */

static int clz64(uint64_t x)
{
    int n = 0;
    if (x == 0)
        return 64;
#if defined(__GNUC__)
    n = __builtin_clzll(x);
#else
    while (!(x >> 63)) {
        x <<= 1;
        n++;
    }
#endif
    return n;
}

/* Shift right, ORing every bit shifted out into bit 0. */
static uint64_t shr_jam64(uint64_t x, int n)
{
    if (n <= 0)
        return x;
    if (n >= 64)
        return x != 0;
    return (x >> n) | ((x & ((1ull << n) - 1)) != 0);
}

typedef struct { uint64_t hi, lo; } u128;

#if defined(__SIZEOF_INT128__)
__extension__ typedef unsigned __int128 native_u128;
#endif

static u128 mul64(uint64_t a, uint64_t b)
{
    u128 r;
#if defined(__SIZEOF_INT128__)
    native_u128 p = (native_u128)a * b;
    r.hi = (uint64_t)(p >> 64);
    r.lo = (uint64_t)p;
#else
    uint64_t al = a & 0xffffffffu, ah = a >> 32, bl = b & 0xffffffffu, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
    r.lo = (mid << 32) | (ll & 0xffffffffu);
    r.hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
#endif
    return r;
}

static int clz128(u128 x) { return x.hi ? clz64(x.hi) : 64 + clz64(x.lo); }

static u128 shl128(u128 x, int n)
{
    u128 r;
    if (n == 0)
        return x;
    if (n >= 64) {
        r.hi = x.lo << (n - 64);
        r.lo = 0;
    } else {
        r.hi = (x.hi << n) | (x.lo >> (64 - n));
        r.lo = x.lo << n;
    }
    return r;
}

static u128 shr_jam128(u128 x, int n)
{
    u128 r;
    if (n <= 0)
        return x;
    if (n >= 128) {
        r.hi = 0;
        r.lo = (x.hi | x.lo) != 0;
    } else if (n >= 64) {
        r.hi = 0;
        r.lo = shr_jam64(x.hi, n - 64) | (x.lo != 0);
    } else {
        r.hi = x.hi >> n;
        r.lo = (x.hi << (64 - n)) | (x.lo >> n) | ((x.lo & ((1ull << n) - 1)) != 0);
    }
    return r;
}

static u128 add128(u128 a, u128 b)
{
    u128 r = { a.hi + b.hi, a.lo + b.lo };
    r.hi += r.lo < a.lo;
    return r;
}

static u128 sub128(u128 a, u128 b)
{
    u128 r = { a.hi - b.hi, a.lo - b.lo };
    r.hi -= a.lo < b.lo;
    return r;
}

static int cmp128(u128 a, u128 b)
{
    if (a.hi != b.hi)
        return a.hi < b.hi ? -1 : 1;
    return a.lo < b.lo ? -1 : a.lo > b.lo;
}

/* Collapse a 128-bit significand to 64 bits (jammed); exp keeps the value. */
static uint64_t narrow128(u128 x, int32_t *exp)
{
    int s;
    if (x.hi == 0)
        return x.lo;
    s = 64 - clz64(x.hi);
    *exp += s;
    return shr_jam128(x, s).lo;
}

/* ---- rounding --------------------------------------------------------- */

/* Should a magnitude whose discarded part is rem (out of 2^drop, drop >= 1)
 * and whose kept LSB is lsb be rounded up (away from zero)? */
static bool round_up(uint64_t rem, int drop, bool lsb, bool sign, int rm)
{
    uint64_t half = 1ull << (drop - 1);
    switch (rm) {
    case FRM_RTZ: return false;
    case FRM_RDN: return sign && rem != 0;
    case FRM_RUP: return !sign && rem != 0;
    case FRM_RMM: return rem >= half;
    default:      return rem > half || (rem == half && lsb);
    }
}

/* IEEE 754 7.4: overflow gives infinity or the largest finite number,
 * depending on which way the rounding mode pushes. */
static uint64_t overflow(const struct fmt *f, bool sign, int rm, unsigned *flags)
{
    bool to_inf = rm == FRM_RNE || rm == FRM_RMM || (rm == FRM_RUP && !sign) ||
                  (rm == FRM_RDN && sign) || rm > FRM_RMM;
    *flags |= FFLAG_OF | FFLAG_NX;
    if (to_inf)
        return inf_of(f, sign);
    return pack(f, sign, emask(f) - 1, mant_mask(f));
}

/* Round sig * 2^exp (sig != 0) to format f and encode it. */
static uint64_t round_pack(const struct fmt *f, bool sign, int32_t exp, uint64_t sig,
                           int rm, unsigned *flags)
{
    const int drop = 63 - f->p;           /* bits below the p kept ones */
    const int32_t emin = 1 - f->emax;
    int lz = clz64(sig);
    int32_t e;
    uint64_t rem;
    bool tiny = false;

    /* Normalise: leading one at bit 62, bit 63 free for a rounding carry. */
    if (lz == 0) {
        sig = shr_jam64(sig, 1);
        exp += 1;
    } else {
        sig <<= lz - 1;
        exp -= lz - 1;
    }
    e = exp + 62;                         /* exponent of the leading one */

    if (e < emin) {
        /* RISC-V F, "Subnormal Arithmetic": tininess is detected after
         * rounding (IEEE 754 7.5): the result is tiny unless rounding it to
         * p bits with an unbounded exponent carries it up to 2^emin. */
        bool carries = (sig >> drop) == (1ull << f->p) - 1 &&
                       round_up(sig & ((1ull << drop) - 1), drop, 1, sign, rm);
        tiny = !(e == emin - 1 && carries);
        sig = shr_jam64(sig, emin - e);
        e = emin;
    }
    rem = sig & ((1ull << drop) - 1);
    sig >>= drop;
    if (round_up(rem, drop, sig & 1, sign, rm))
        sig++;
    if (rem) {
        *flags |= FFLAG_NX;
        if (tiny)  /* underflow is signalled only when also inexact */
            *flags |= FFLAG_UF;
    }
    if (sig >> f->p) {                    /* 1.11..1 rounded up to 10.00..0 */
        sig >>= 1;
        e++;
    }
    if (e > f->emax)
        return overflow(f, sign, rm, flags);
    if (!(sig >> mbits(f)))               /* no hidden bit: subnormal */
        return pack(f, sign, 0, sig);
    return pack(f, sign, (uint32_t)(e + f->emax), sig & mant_mask(f));
}

static uint64_t round_pack128(const struct fmt *f, bool sign, int32_t exp, u128 sig,
                              int rm, unsigned *flags)
{
    uint64_t s = narrow128(sig, &exp);
    return round_pack(f, sign, exp, s, rm, flags);
}

/* Any NaN operand: NV if one is signalling; the result is canonical
 * (RISC-V F, "NaN Generation and Propagation": payloads not propagated). */
static uint64_t nan_result(const struct fmt *f, const struct unp *ops, int n, unsigned *flags)
{
    for (int i = 0; i < n; i++)
        if (ops[i].cls == C_SNAN)
            *flags |= FFLAG_NV;
    return canon_nan(f);
}

static uint64_t invalid(const struct fmt *f, unsigned *flags)
{
    *flags |= FFLAG_NV;
    return canon_nan(f);
}

/* Leading one of a finite operand's significand moved to bit `pos`. */
static void normalize_to(struct unp *u, int pos)
{
    int shift = pos - (63 - clz64(u->sig));
    u->sig <<= shift;
    u->exp -= shift;
}

/* ---- operations (generic over the format) ----------------------------- */

static uint64_t op_add(const struct fmt *f, uint64_t ab, uint64_t bb, bool negb,
                       int rm, unsigned *flags)
{
    struct unp u[2] = { unpack(f, ab), unpack(f, bb) };
    struct unp *a = &u[0], *b = &u[1];
    uint64_t sig;
    bool sign;

    b->sign ^= negb;
    if (is_nan(a) || is_nan(b))
        return nan_result(f, u, 2, flags);
    if (a->cls == C_INF) {
        if (b->cls == C_INF && a->sign != b->sign)
            return invalid(f, flags);         /* inf - inf */
        return inf_of(f, a->sign);
    }
    if (b->cls == C_INF)
        return inf_of(f, b->sign);
    if (a->cls == C_ZERO && b->cls == C_ZERO)
        /* IEEE 754 6.3: +0 for a sum of opposite zeros, -0 under RDN. */
        return zero_of(f, a->sign == b->sign ? a->sign : rm == FRM_RDN);
    if (a->cls == C_ZERO)
        return bb ^ ((uint64_t)negb << sign_pos(f));
    if (b->cls == C_ZERO)
        return ab;

    normalize_to(a, 62);
    normalize_to(b, 62);
    if (a->exp < b->exp) {
        struct unp *t = a;
        a = b;
        b = t;
    }
    b->sig = shr_jam64(b->sig, a->exp - b->exp);
    if (a->sign == b->sign) {
        sig = a->sig + b->sig;
        sign = a->sign;
    } else if (a->sig >= b->sig) {
        sig = a->sig - b->sig;
        sign = a->sign;
    } else {
        sig = b->sig - a->sig;
        sign = b->sign;
    }
    if (sig == 0)  /* exact cancellation: x - x = +0, or -0 under RDN */
        return zero_of(f, rm == FRM_RDN);
    return round_pack(f, sign, a->exp, sig, rm, flags);
}

static uint64_t op_mul(const struct fmt *f, uint64_t ab, uint64_t bb, int rm, unsigned *flags)
{
    struct unp u[2] = { unpack(f, ab), unpack(f, bb) };
    bool sign = u[0].sign ^ u[1].sign;

    if (is_nan(&u[0]) || is_nan(&u[1]))
        return nan_result(f, u, 2, flags);
    if (u[0].cls == C_INF || u[1].cls == C_INF) {
        if (u[0].cls == C_ZERO || u[1].cls == C_ZERO)
            return invalid(f, flags);         /* inf * 0 */
        return inf_of(f, sign);
    }
    if (u[0].cls == C_ZERO || u[1].cls == C_ZERO)
        return zero_of(f, sign);
    return round_pack128(f, sign, u[0].exp + u[1].exp, mul64(u[0].sig, u[1].sig), rm, flags);
}

static uint64_t op_div(const struct fmt *f, uint64_t ab, uint64_t bb, int rm, unsigned *flags)
{
    struct unp u[2] = { unpack(f, ab), unpack(f, bb) };
    struct unp *a = &u[0], *b = &u[1];
    bool sign = a->sign ^ b->sign;
    uint64_t q, r;

    if (is_nan(a) || is_nan(b))
        return nan_result(f, u, 2, flags);
    if (a->cls == C_INF)
        return b->cls == C_INF ? invalid(f, flags) : inf_of(f, sign);
    if (b->cls == C_INF)
        return zero_of(f, sign);
    if (b->cls == C_ZERO) {
        if (a->cls == C_ZERO)
            return invalid(f, flags);         /* 0 / 0 */
        *flags |= FFLAG_DZ;                   /* finite nonzero / 0 */
        return inf_of(f, sign);
    }
    if (a->cls == C_ZERO)
        return zero_of(f, sign);

    /* Long division in chunks: r < b < 2^p, so r << chunk fits in 64 bits. */
    normalize_to(a, f->p - 1);
    normalize_to(b, f->p - 1);
    q = a->sig / b->sig;
    r = a->sig % b->sig;
    for (int i = 0; i < f->div_steps; i++) {
        r <<= f->div_chunk;
        q = (q << f->div_chunk) | (r / b->sig);
        r %= b->sig;
    }
    return round_pack(f, sign, a->exp - b->exp - f->div_steps * f->div_chunk,
                      q | (r != 0), rm, flags);
}

/* floor(sqrt(x)) digit by digit; *inexact says whether a remainder is left. */
static uint64_t isqrt128(u128 x, bool *inexact)
{
    uint64_t root = 0, rem = 0;
    int top = (127 - clz128(x)) / 2;

    for (int i = top; i >= 0; i--) {
        unsigned pair = i >= 32 ? (x.hi >> (2 * (i - 32))) & 3 : (x.lo >> (2 * i)) & 3;
        uint64_t trial;
        rem = (rem << 2) | pair;
        trial = (root << 2) | 1;
        root <<= 1;
        if (rem >= trial) {
            rem -= trial;
            root |= 1;
        }
    }
    *inexact = rem != 0;
    return root;
}

static uint64_t op_sqrt(const struct fmt *f, uint64_t ab, int rm, unsigned *flags)
{
    struct unp a = unpack(f, ab);
    int32_t shift;
    uint64_t root;
    bool inexact;

    if (is_nan(&a))
        return nan_result(f, &a, 1, flags);
    if (a.cls == C_ZERO)
        return ab;                            /* sqrt(-0) = -0 (IEEE 754 5.4.1) */
    if (a.sign)
        return invalid(f, flags);
    if (a.cls == C_INF)
        return ab;

    /* Scale to a radicand of ~2p+7 bits with an even exponent, so the root
     * has >= p+3 bits before the remainder is jammed in. */
    normalize_to(&a, f->p - 1);
    shift = f->p + 6;
    if ((a.exp - shift) & 1)
        shift++;
    root = isqrt128(shl128((u128){ 0, a.sig }, shift), &inexact);
    return round_pack(f, false, (a.exp - shift) / 2, root | inexact, rm, flags);
}

static uint64_t op_fma(const struct fmt *f, uint64_t ab, uint64_t bb, uint64_t cb,
                       bool neg_prod, bool neg_add, int rm, unsigned *flags)
{
    struct unp u[3] = { unpack(f, ab), unpack(f, bb), unpack(f, cb) };
    struct unp *a = &u[0], *b = &u[1], *c = &u[2];
    bool inf_times_zero = (a->cls == C_INF && b->cls == C_ZERO) ||
                          (a->cls == C_ZERO && b->cls == C_INF);
    bool psign;
    int32_t pexp, cexp, exp;
    u128 prod, addend, sum;
    int ord;
    bool sign;

    a->sign ^= neg_prod;
    c->sign ^= neg_add;
    psign = a->sign ^ b->sign;
    /* RISC-V F, computational instructions: inf * 0 is invalid even when
     * the addend is a quiet NaN. */
    if (inf_times_zero) {
        *flags |= FFLAG_NV;
        return canon_nan(f);
    }
    if (is_nan(a) || is_nan(b) || is_nan(c))
        return nan_result(f, u, 3, flags);
    if (a->cls == C_INF || b->cls == C_INF) {
        if (c->cls == C_INF && c->sign != psign)
            return invalid(f, flags);         /* inf - inf */
        return inf_of(f, psign);
    }
    if (c->cls == C_INF)
        return inf_of(f, c->sign);
    if (a->cls == C_ZERO || b->cls == C_ZERO) {
        if (c->cls == C_ZERO)
            return zero_of(f, psign == c->sign ? psign : rm == FRM_RDN);
        return pack(f, c->sign, 0, 0) | (cb & ~(1ull << sign_pos(f)));
    }

    prod = mul64(a->sig, b->sig);
    pexp = a->exp + b->exp;
    if (c->cls == C_ZERO)
        return round_pack128(f, psign, pexp, prod, rm, flags);

    /* Both leading ones at bit 125 (two bits of headroom), then align the
     * smaller onto the larger, jamming what falls off. */
    int pshift = clz128(prod) - 2;
    prod = shl128(prod, pshift);
    pexp -= pshift;
    addend = (u128){ 0, c->sig };
    int cshift = clz128(addend) - 2;
    addend = shl128(addend, cshift);
    cexp = c->exp - cshift;
    if (pexp >= cexp) {
        addend = shr_jam128(addend, pexp - cexp);
        exp = pexp;
    } else {
        prod = shr_jam128(prod, cexp - pexp);
        exp = cexp;
    }
    if (psign == c->sign) {
        sum = add128(prod, addend);
        sign = psign;
    } else {
        ord = cmp128(prod, addend);
        if (ord == 0)
            return zero_of(f, rm == FRM_RDN);
        sum = ord > 0 ? sub128(prod, addend) : sub128(addend, prod);
        sign = ord > 0 ? psign : c->sign;
    }
    return round_pack128(f, sign, exp, sum, rm, flags);
}

/* ---- conversions ------------------------------------------------------ */

/* Round |value| of a finite operand to an integer magnitude.  *big is set
 * when the magnitude does not fit in 64 bits. */
static uint64_t round_to_int(const struct unp *a, int rm, bool *inexact, bool *big)
{
    uint64_t sig = a->sig, mag, rem;
    int32_t shift;

    *inexact = false;
    *big = false;
    if (a->cls == C_ZERO)
        return 0;
    if (a->exp >= 0) {
        if (a->exp > clz64(sig)) {
            *big = true;
            return 0;
        }
        return sig << a->exp;
    }
    shift = -a->exp;
    if (shift > 62) {       /* |value| < 2^-9: any tiny positive stands in */
        sig = 1;
        shift = 2;
    }
    mag = sig >> shift;
    rem = sig & ((1ull << shift) - 1);
    *inexact = rem != 0;
    if (round_up(rem, shift, mag & 1, a->sign, rm))
        mag++;
    return mag;
}

/* Saturating float -> integer (RISC-V F, conversion instructions, table
 * "Domains of float-to-integer conversions"); NX only when NV is not set.  max_pos is the
 * largest representable result, max_neg the magnitude of the most negative
 * one (0 for unsigned).  Returns the result as a two's-complement u64. */
static uint64_t to_int(const struct fmt *f, uint64_t bits, uint64_t max_pos, uint64_t max_neg,
                       int rm, unsigned *flags)
{
    struct unp a = unpack(f, bits);
    bool inexact, big;
    uint64_t mag;

    if (is_nan(&a)) {
        *flags |= FFLAG_NV;
        return max_pos;
    }
    if (a.cls == C_INF)
        big = true, mag = 0, inexact = false;
    else
        mag = round_to_int(&a, rm, &inexact, &big);
    if (a.sign) {
        if (big || mag > max_neg) {
            *flags |= FFLAG_NV;   /* out of range: NV and not NX */
            return (uint64_t)0 - max_neg;
        }
        mag = (uint64_t)0 - mag;
    } else if (big || mag > max_pos) {
        *flags |= FFLAG_NV;
        return max_pos;
    }
    if (inexact)
        *flags |= FFLAG_NX;
    return mag;
}

static uint64_t from_int(const struct fmt *f, bool sign, uint64_t mag, int rm, unsigned *flags)
{
    if (mag == 0)
        return zero_of(f, false);
    return round_pack(f, sign, 0, mag, rm, flags);
}

static uint64_t convert(const struct fmt *to, const struct fmt *from, uint64_t bits,
                        int rm, unsigned *flags)
{
    struct unp a = unpack(from, bits);
    if (is_nan(&a))
        return nan_result(to, &a, 1, flags);
    if (a.cls == C_INF)
        return inf_of(to, a.sign);
    if (a.cls == C_ZERO)
        return zero_of(to, a.sign);
    return round_pack(to, a.sign, a.exp, a.sig, rm, flags);
}

/* ---- exported entry points -------------------------------------------- */

#define I32_MAG_MIN ((uint64_t)1 << 31)
#define I64_MAG_MIN ((uint64_t)1 << 63)

uint32_t fpu_soft_f32_add(uint32_t a, uint32_t b, int rm, unsigned *fl)
{ return (uint32_t)op_add(&F32, a, b, false, rm, fl); }
uint32_t fpu_soft_f32_sub(uint32_t a, uint32_t b, int rm, unsigned *fl)
{ return (uint32_t)op_add(&F32, a, b, true, rm, fl); }
uint32_t fpu_soft_f32_mul(uint32_t a, uint32_t b, int rm, unsigned *fl)
{ return (uint32_t)op_mul(&F32, a, b, rm, fl); }
uint32_t fpu_soft_f32_div(uint32_t a, uint32_t b, int rm, unsigned *fl)
{ return (uint32_t)op_div(&F32, a, b, rm, fl); }
uint32_t fpu_soft_f32_sqrt(uint32_t a, int rm, unsigned *fl)
{ return (uint32_t)op_sqrt(&F32, a, rm, fl); }
uint32_t fpu_soft_f32_fma(uint32_t a, uint32_t b, uint32_t c, bool np, bool na, int rm,
                          unsigned *fl)
{ return (uint32_t)op_fma(&F32, a, b, c, np, na, rm, fl); }

int32_t fpu_soft_f32_to_i32(uint32_t a, int rm, unsigned *fl)
{ return (int32_t)(uint32_t)to_int(&F32, a, INT32_MAX, I32_MAG_MIN, rm, fl); }
uint32_t fpu_soft_f32_to_u32(uint32_t a, int rm, unsigned *fl)
{ return (uint32_t)to_int(&F32, a, UINT32_MAX, 0, rm, fl); }
int64_t fpu_soft_f32_to_i64(uint32_t a, int rm, unsigned *fl)
{ return (int64_t)to_int(&F32, a, INT64_MAX, I64_MAG_MIN, rm, fl); }
uint64_t fpu_soft_f32_to_u64(uint32_t a, int rm, unsigned *fl)
{ return to_int(&F32, a, UINT64_MAX, 0, rm, fl); }

uint32_t fpu_soft_i32_to_f32(int32_t a, int rm, unsigned *fl)
{ return (uint32_t)from_int(&F32, a < 0, a < 0 ? 0 - (uint64_t)a : (uint64_t)a, rm, fl); }
uint32_t fpu_soft_u32_to_f32(uint32_t a, int rm, unsigned *fl)
{ return (uint32_t)from_int(&F32, false, a, rm, fl); }
uint32_t fpu_soft_i64_to_f32(int64_t a, int rm, unsigned *fl)
{ return (uint32_t)from_int(&F32, a < 0, a < 0 ? 0 - (uint64_t)a : (uint64_t)a, rm, fl); }
uint32_t fpu_soft_u64_to_f32(uint64_t a, int rm, unsigned *fl)
{ return (uint32_t)from_int(&F32, false, a, rm, fl); }

uint64_t fpu_soft_f64_add(uint64_t a, uint64_t b, int rm, unsigned *fl)
{ return op_add(&F64, a, b, false, rm, fl); }
uint64_t fpu_soft_f64_sub(uint64_t a, uint64_t b, int rm, unsigned *fl)
{ return op_add(&F64, a, b, true, rm, fl); }
uint64_t fpu_soft_f64_mul(uint64_t a, uint64_t b, int rm, unsigned *fl)
{ return op_mul(&F64, a, b, rm, fl); }
uint64_t fpu_soft_f64_div(uint64_t a, uint64_t b, int rm, unsigned *fl)
{ return op_div(&F64, a, b, rm, fl); }
uint64_t fpu_soft_f64_sqrt(uint64_t a, int rm, unsigned *fl)
{ return op_sqrt(&F64, a, rm, fl); }
uint64_t fpu_soft_f64_fma(uint64_t a, uint64_t b, uint64_t c, bool np, bool na, int rm,
                          unsigned *fl)
{ return op_fma(&F64, a, b, c, np, na, rm, fl); }

int32_t fpu_soft_f64_to_i32(uint64_t a, int rm, unsigned *fl)
{ return (int32_t)(uint32_t)to_int(&F64, a, INT32_MAX, I32_MAG_MIN, rm, fl); }
uint32_t fpu_soft_f64_to_u32(uint64_t a, int rm, unsigned *fl)
{ return (uint32_t)to_int(&F64, a, UINT32_MAX, 0, rm, fl); }
int64_t fpu_soft_f64_to_i64(uint64_t a, int rm, unsigned *fl)
{ return (int64_t)to_int(&F64, a, INT64_MAX, I64_MAG_MIN, rm, fl); }
uint64_t fpu_soft_f64_to_u64(uint64_t a, int rm, unsigned *fl)
{ return to_int(&F64, a, UINT64_MAX, 0, rm, fl); }

uint64_t fpu_soft_i32_to_f64(int32_t a, int rm, unsigned *fl)
{ return from_int(&F64, a < 0, a < 0 ? 0 - (uint64_t)a : (uint64_t)a, rm, fl); }
uint64_t fpu_soft_u32_to_f64(uint32_t a, int rm, unsigned *fl)
{ return from_int(&F64, false, a, rm, fl); }
uint64_t fpu_soft_i64_to_f64(int64_t a, int rm, unsigned *fl)
{ return from_int(&F64, a < 0, a < 0 ? 0 - (uint64_t)a : (uint64_t)a, rm, fl); }
uint64_t fpu_soft_u64_to_f64(uint64_t a, int rm, unsigned *fl)
{ return from_int(&F64, false, a, rm, fl); }

uint32_t fpu_soft_f64_to_f32(uint64_t a, int rm, unsigned *fl)
{ return (uint32_t)convert(&F32, &F64, a, rm, fl); }

/* Widening is exact, so it needs no host path; the dispatcher calls this. */
uint64_t fpu_soft_f32_to_f64(uint32_t a, unsigned *fl)
{ return convert(&F64, &F32, a, FRM_RNE, fl); }

/* ---- binary16 (Zfh, Zfhmin) --------------------------------------------
 * Half precision has no host path: the generic operations above run at
 * p = 11 and round once, so results and flags follow the same rules as
 * binary32/64 (canonical NaN 0x7e00, tininess after rounding, RMM). */

uint16_t f16_add(uint16_t a, uint16_t b, int rm, unsigned *fl)
{ return (uint16_t)op_add(&F16, a, b, false, rm, fl); }
uint16_t f16_sub(uint16_t a, uint16_t b, int rm, unsigned *fl)
{ return (uint16_t)op_add(&F16, a, b, true, rm, fl); }
uint16_t f16_mul(uint16_t a, uint16_t b, int rm, unsigned *fl)
{ return (uint16_t)op_mul(&F16, a, b, rm, fl); }
uint16_t f16_div(uint16_t a, uint16_t b, int rm, unsigned *fl)
{ return (uint16_t)op_div(&F16, a, b, rm, fl); }
uint16_t f16_sqrt(uint16_t a, int rm, unsigned *fl)
{ return (uint16_t)op_sqrt(&F16, a, rm, fl); }
uint16_t f16_fma(uint16_t a, uint16_t b, uint16_t c, bool np, bool na, int rm, unsigned *fl)
{ return (uint16_t)op_fma(&F16, a, b, c, np, na, rm, fl); }

int32_t f16_to_i32(uint16_t a, int rm, unsigned *fl)
{ return (int32_t)(uint32_t)to_int(&F16, a, INT32_MAX, I32_MAG_MIN, rm, fl); }
uint32_t f16_to_u32(uint16_t a, int rm, unsigned *fl)
{ return (uint32_t)to_int(&F16, a, UINT32_MAX, 0, rm, fl); }
int64_t f16_to_i64(uint16_t a, int rm, unsigned *fl)
{ return (int64_t)to_int(&F16, a, INT64_MAX, I64_MAG_MIN, rm, fl); }
uint64_t f16_to_u64(uint16_t a, int rm, unsigned *fl)
{ return to_int(&F16, a, UINT64_MAX, 0, rm, fl); }

uint16_t i32_to_f16(int32_t a, int rm, unsigned *fl)
{ return (uint16_t)from_int(&F16, a < 0, a < 0 ? 0 - (uint64_t)a : (uint64_t)a, rm, fl); }
uint16_t u32_to_f16(uint32_t a, int rm, unsigned *fl)
{ return (uint16_t)from_int(&F16, false, a, rm, fl); }
uint16_t i64_to_f16(int64_t a, int rm, unsigned *fl)
{ return (uint16_t)from_int(&F16, a < 0, a < 0 ? 0 - (uint64_t)a : (uint64_t)a, rm, fl); }
uint16_t u64_to_f16(uint64_t a, int rm, unsigned *fl)
{ return (uint16_t)from_int(&F16, false, a, rm, fl); }

/* Widening from half is exact (only a signalling NaN raises NV). */
uint32_t f16_to_f32(uint16_t a, unsigned *fl)
{ return (uint32_t)convert(&F32, &F16, a, FRM_RNE, fl); }
uint64_t f16_to_f64(uint16_t a, unsigned *fl)
{ return convert(&F64, &F16, a, FRM_RNE, fl); }
uint16_t f32_to_f16(uint32_t a, int rm, unsigned *fl)
{ return (uint16_t)convert(&F16, &F32, a, rm, fl); }
uint16_t f64_to_f16(uint64_t a, int rm, unsigned *fl)
{ return (uint16_t)convert(&F16, &F64, a, rm, fl); }

/* ---- Zfa --------------------------------------------------------------- */

/* Zfa "Load-Immediate Instructions", table "Immediate values loaded by the
 * FLI.S instruction": entry i is (-1)^neg * (4 + q)/4 * 2^exp, except the
 * minimum positive normal (1), +inf (30) and the canonical NaN (31).  Each
 * format encodes the same value exactly where it can: in half precision
 * 2^-16 and 2^-15 are subnormal and 2^16 overflows to +inf (fli.h). */
enum { FLI_MIN = 1, FLI_INF = 30, FLI_NAN = 31 };
static const struct { int8_t neg, exp, q; } fli_table[32] = {
    { 1, 0, 0 },                                     /* -1.0 */
    { 0, 0, 0 },                                     /* min (special) */
    { 0, -16, 0 }, { 0, -15, 0 }, { 0, -8, 0 }, { 0, -7, 0 },
    { 0, -4, 0 }, { 0, -3, 0 },                      /* 0.0625 0.125 */
    { 0, -2, 0 }, { 0, -2, 1 }, { 0, -2, 2 }, { 0, -2, 3 },   /* 0.25 .. 0.4375 */
    { 0, -1, 0 }, { 0, -1, 1 }, { 0, -1, 2 }, { 0, -1, 3 },   /* 0.5 .. 0.875 */
    { 0, 0, 0 }, { 0, 0, 1 }, { 0, 0, 2 }, { 0, 0, 3 },       /* 1.0 .. 1.75 */
    { 0, 1, 0 }, { 0, 1, 1 }, { 0, 1, 2 },           /* 2 2.5 3 */
    { 0, 2, 0 }, { 0, 3, 0 }, { 0, 4, 0 }, { 0, 7, 0 }, { 0, 8, 0 },
    { 0, 15, 0 }, { 0, 16, 0 },
    { 0, 0, 0 }, { 0, 0, 0 },                        /* inf, NaN (special) */
};

static uint64_t fli(const struct fmt *f, unsigned i)
{
    unsigned ignored = 0;   /* fli never sets flags (Zfa); 2^16 in half overflows */
    i &= 31;
    if (i == FLI_MIN)
        return pack(f, false, 1, 0);
    if (i == FLI_INF)
        return inf_of(f, false);
    if (i == FLI_NAN)
        return canon_nan(f);
    return round_pack(f, fli_table[i].neg, fli_table[i].exp - 2,
                      (uint64_t)(4 + fli_table[i].q), FRM_RNE, &ignored);
}

uint16_t f16_fli(unsigned i) { return (uint16_t)fli(&F16, i); }
uint32_t f32_fli(unsigned i) { return (uint32_t)fli(&F32, i); }
uint64_t f64_fli(unsigned i) { return fli(&F64, i); }

/* Zfa "Round-to-Integer Instructions": fround (exact = false) raises only
 * NV for a signalling NaN; froundnx (IEEE 754-2019 roundToIntegralExact)
 * also NX when the result differs from the input.  Zeros and infinities
 * are returned unchanged, a NaN as the canonical NaN, and the sign of a
 * result that rounds to zero is the input's. */
static uint64_t round_integral(const struct fmt *f, uint64_t bits, int rm, bool exact,
                               unsigned *flags)
{
    struct unp a = unpack(f, bits);
    bool inexact, big;
    uint64_t mag;
    unsigned ignored = 0;

    if (is_nan(&a))
        return nan_result(f, &a, 1, flags);
    if (a.cls != C_FINITE || a.exp >= 0)      /* zero, inf, or already integral */
        return bits;
    mag = round_to_int(&a, rm, &inexact, &big);
    if (inexact && exact)
        *flags |= FFLAG_NX;
    if (mag == 0)
        return zero_of(f, a.sign);
    /* mag <= 2^(p-1) here (exp < 0), so it encodes exactly */
    return round_pack(f, a.sign, 0, mag, rm, &ignored);
}

uint16_t f16_round(uint16_t a, int rm, bool exact, unsigned *fl)
{ return (uint16_t)round_integral(&F16, a, rm, exact, fl); }
uint32_t f32_round(uint32_t a, int rm, bool exact, unsigned *fl)
{ return (uint32_t)round_integral(&F32, a, rm, exact, fl); }
uint64_t f64_round(uint64_t a, int rm, bool exact, unsigned *fl)
{ return round_integral(&F64, a, rm, exact, fl); }

/* Zfa fcvtmod.w.d: bits 31:0 of the value truncated toward zero, with an
 * unbounded range; NaN and infinities give 0.  The flags are fcvt.w.d's
 * with RTZ (NV out of range or NaN/inf, else NX when inexact). */
int32_t f64_to_i32_mod(uint64_t a, unsigned *fl)
{
    struct unp u = unpack(&F64, a);
    uint64_t mag;

    (void)to_int(&F64, a, INT32_MAX, I32_MAG_MIN, FRM_RTZ, fl);
    if (u.cls != C_FINITE)
        return 0;
    if (u.exp >= 64 || u.exp <= -64)
        mag = 0;                       /* no bit lands in 31:0 / all fraction */
    else if (u.exp >= 0)
        mag = u.sig << u.exp;          /* only the low 32 bits matter */
    else
        mag = u.sig >> -u.exp;
    if (u.sign)
        mag = 0 - mag;
    return (int32_t)(uint32_t)mag;
}
