/* Integer arithmetic with RISC-V semantics, shared by the executor and the
 * JIT's helpers.  Portable: no signed overflow, no reliance on >> of
 * negative values. */
#ifndef RVX_CPU_ARITH_H
#define RVX_CPU_ARITH_H

#include <stdint.h>

static inline uint64_t sx32(uint64_t v) { return (uint64_t)(int64_t)(int32_t)(uint32_t)v; }

static inline uint64_t sra64(uint64_t a, unsigned sh)
{
    return (a >> 63) ? ~(~a >> sh) : a >> sh;
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
    uint64_t hi = mulhu64(a, b);
    if ((int64_t)a < 0) hi -= b;
    if ((int64_t)b < 0) hi -= a;
    return hi;
}

static inline uint64_t mulhsu64(uint64_t a, uint64_t b)
{
    uint64_t hi = mulhu64(a, b);
    if ((int64_t)a < 0) hi -= b;
    return hi;
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

#endif
