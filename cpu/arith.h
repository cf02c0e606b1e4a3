/* Integer arithmetic with RISC-V semantics, shared by the executor and the
 * JIT's helpers.  Portable: no signed overflow, no reliance on >> of
 * negative values.
 *
 * Zkt (scalar crypto v1.0.1, "Data Independent Execution Latency"): the
 * functions for the instructions Zkt lists (shifts, multiplies but not
 * divides, rotates, andn/orn/xnor, pack*, brev8, rev8, clmul/clmulh,
 * xperm4/8) take no branch and index no table on operand values: sign
 * and bit tests become all-ones/all-zeros masks. */
#ifndef RVX_CPU_ARITH_H
#define RVX_CPU_ARITH_H

#include <stdint.h>

static inline uint64_t sx32(uint64_t v) { return (uint64_t)(int64_t)(int32_t)(uint32_t)v; }

/* All ones when bit 0 of b is set, else 0. */
static inline uint64_t mask_of(uint64_t b) { return -(b & 1); }

/* Arithmetic shift: a negative a is shifted as its complement, whose
 * vacated bits are zeros, then complemented back (xor with the sign mask). */
static inline uint64_t sra64(uint64_t a, unsigned sh)
{
    uint64_t sign = mask_of(a >> 63);
    return ((a ^ sign) >> sh) ^ sign;
}

static inline uint64_t mulhu64(uint64_t a, uint64_t b)
{
#ifdef __SIZEOF_INT128__
    return (uint64_t)(((unsigned __int128)a * b) >> 64);
#else
    uint64_t al = (uint32_t)a, ah = a >> 32, bl = (uint32_t)b, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (uint32_t)lh + (uint32_t)hl;
    return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
#endif
}

/* High half of signed x signed: the unsigned product corrected for signs. */
static inline uint64_t mulh64(uint64_t a, uint64_t b)
{
    return mulhu64(a, b) - (b & mask_of(a >> 63)) - (a & mask_of(b >> 63));
}

static inline uint64_t mulhsu64(uint64_t a, uint64_t b)
{
    return mulhu64(a, b) - (b & mask_of(a >> 63));
}

/* M-extension division: the spec's table for divide-by-zero and overflow. */
static inline uint64_t div64(uint64_t a, uint64_t b)
{
    if (b == 0) return ~0ull;
    if (a == (1ull << 63) && b == ~0ull) return a;
    return (uint64_t)((int64_t)a / (int64_t)b);
}
static inline uint64_t rem64(uint64_t a, uint64_t b)
{
    if (b == 0) return a;
    if (a == (1ull << 63) && b == ~0ull) return 0;
    return (uint64_t)((int64_t)a % (int64_t)b);
}
static inline uint64_t divu64(uint64_t a, uint64_t b) { return b ? a / b : ~0ull; }
static inline uint64_t remu64(uint64_t a, uint64_t b) { return b ? a % b : a; }
static inline uint64_t divw(uint64_t a, uint64_t b)
{
    int32_t x = (int32_t)a, y = (int32_t)b;
    if (y == 0) return ~0ull;
    if (x == INT32_MIN && y == -1) return sx32((uint32_t)x);
    return sx32((uint32_t)(x / y));
}
static inline uint64_t remw(uint64_t a, uint64_t b)
{
    int32_t x = (int32_t)a, y = (int32_t)b;
    if (y == 0) return sx32((uint32_t)x);
    if (x == INT32_MIN && y == -1) return 0;
    return sx32((uint32_t)(x % y));
}
static inline uint64_t divuw(uint64_t a, uint64_t b)
{
    uint32_t x = (uint32_t)a, y = (uint32_t)b;
    return y ? sx32(x / y) : ~0ull;
}
static inline uint64_t remuw(uint64_t a, uint64_t b)
{
    uint32_t x = (uint32_t)a, y = (uint32_t)b;
    return y ? sx32(x % y) : sx32(x);
}

/* ---- bit manipulation (Bit-Manipulation ISA-extensions v1.0.0) ---- */
/* Count leading zeros of the low n bits (n = 64 or 32); n when all zero. */
static inline uint64_t clz_n(uint64_t v, unsigned n)
{
    unsigned c = 0;
    for (uint64_t bit = 1ull << (n - 1); bit && !(v & bit); bit >>= 1)
        c++;
    return c;
}
/* Count trailing zeros of the low n bits; n when all zero. */
static inline uint64_t ctz_n(uint64_t v, unsigned n)
{
    unsigned c = 0;
    while (c < n && !((v >> c) & 1))
        c++;
    return c;
}
static inline uint64_t cpop64(uint64_t v)
{
    unsigned c = 0;
    for (; v; v &= v - 1)
        c++;
    return c;
}
/* Rotates: with sh = 0 both halves are a itself, so no test of sh. */
static inline uint64_t rol64(uint64_t a, unsigned sh)
{
    sh &= 63;
    return (a << sh) | (a >> ((64 - sh) & 63));
}
static inline uint64_t ror64(uint64_t a, unsigned sh)
{
    return rol64(a, (64 - (sh & 63)) & 63);
}
/* The W rotates: rotate the low word, sign-extend the 32-bit result. */
static inline uint64_t rorw32(uint64_t a, unsigned sh)
{
    uint32_t x = (uint32_t)a;
    sh &= 31;
    return sx32((x >> sh) | (x << ((32 - sh) & 31)));
}
static inline uint64_t rolw32(uint64_t a, unsigned sh)
{
    return rorw32(a, (32 - (sh & 31)) & 31);
}
/* orc.b: each byte becomes 0xff if any of its bits is set, else 0. */
static inline uint64_t orc_b(uint64_t v)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < 64; i += 8)
        if ((v >> i) & 0xff)
            r |= 0xffull << i;
    return r;
}
static inline uint64_t rev8_64(uint64_t v)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < 8; i++)
        r |= ((v >> (8 * i)) & 0xff) << (56 - 8 * i);
    return r;
}
/* Carry-less products (Zbc): the 127-bit product of a and b, once; clmul
 * is its bits 63:0, clmulh bits 127:64 and clmulr bits 126:63, as the
 * spec's pseudocode sums a << i, a >> (64 - i) and a >> (63 - i). */
static inline void clmul128(uint64_t a, uint64_t b, uint64_t *lo, uint64_t *hi)
{
    *lo = a & mask_of(b);
    *hi = 0;
    for (unsigned i = 1; i < 64; i++) {
        uint64_t m = mask_of(b >> i);
        *lo ^= (a << i) & m;
        *hi ^= (a >> (64 - i)) & m;
    }
}
static inline uint64_t clmul64(uint64_t a, uint64_t b)
{
    uint64_t lo, hi;
    clmul128(a, b, &lo, &hi);
    return lo;
}
static inline uint64_t clmulh64(uint64_t a, uint64_t b)
{
    uint64_t lo, hi;
    clmul128(a, b, &lo, &hi);
    return hi;
}
static inline uint64_t clmulr64(uint64_t a, uint64_t b)
{
    uint64_t lo, hi;
    clmul128(a, b, &lo, &hi);
    return hi << 1 | lo >> 63;
}

/* ---- Zbkb, Zbkx (scalar crypto v1.0.1) ---- */
/* pack: the low words of a (low) and b (high); packh: the low bytes,
 * zero-extended; packw: the low halfwords, sign-extended from bit 31 */
static inline uint64_t pack64(uint64_t a, uint64_t b) { return b << 32 | (uint32_t)a; }
static inline uint64_t packh64(uint64_t a, uint64_t b)
{
    return (b & 0xff) << 8 | (a & 0xff);
}
static inline uint64_t packw64(uint64_t a, uint64_t b)
{
    return sx32((b & 0xffff) << 16 | (a & 0xffff));
}
/* brev8: the bits of each byte reversed, bytes in place (three swaps:
 * nibbles, bit pairs, single bits) */
static inline uint64_t brev8_64(uint64_t v)
{
    v = (v >> 4 & 0x0f0f0f0f0f0f0f0full) | (v & 0x0f0f0f0f0f0f0f0full) << 4;
    v = (v >> 2 & 0x3333333333333333ull) | (v & 0x3333333333333333ull) << 2;
    v = (v >> 1 & 0x5555555555555555ull) | (v & 0x5555555555555555ull) << 1;
    return v;
}
/* xperm: each w-bit element i of the result is element b[i] of a, or 0
 * when b[i] indexes past the register (w = 4: 16 nibbles, w = 8: 8 bytes) */
static inline uint64_t xperm64(uint64_t a, uint64_t b, unsigned w)
{
    uint64_t elem = (1ull << w) - 1, r = 0, n = 64 / w;
    for (unsigned i = 0; i < 64; i += w) {
        uint64_t idx = b >> i & elem;
        uint64_t inside = mask_of((idx - n) >> 63);  /* idx < n */
        r |= (a >> ((idx * w) & 63) & elem & inside) << i;
    }
    return r;
}

#endif
