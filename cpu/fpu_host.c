/* Host-FPU backend for x86-64 SSE.
 *
 * Why this can be exact: SSE scalar arithmetic is IEEE 754 binary32 and
 * binary64 with one rounding, detects tininess after rounding (as RISC-V
 * does) and, with exceptions masked, raises UE only when tiny and inexact.
 * What SSE does differently is left to the soft-float: RMM (the host has
 * no such mode), NaN results (x86 payloads and signs, and x86 does not
 * flag fma(inf, 0, qNaN)), and out-of-range float->integer conversions
 * (x86 returns the "integer indefinite" where RISC-V saturates).
 *
 * Two tiers:
 *  1. Fast path, no MXCSR access at all.  Reading MXCSR waits for the SSE
 *     pipeline to drain (~10 ns per operation on an EPYC host, more than
 *     the soft-float's whole addition), so the common case avoids it.  In
 *     RNE, with operands well inside the normal range and a normal result,
 *     the only flag an operation can raise is NX; NX is then either
 *     already set in *flags (the usual steady state when the caller passes
 *     the guest's fflags) or found exactly with an error-free transform
 *     (TwoSum for add/sub, an FMA residual for mul/div/sqrt; x - (double)
 *     result for conversions).  This tier relies on the host thread being
 *     in its default floating-point environment (round to nearest,
 *     exceptions masked, FTZ/DAZ off): C11 7.6 starts programs there and
 *     nothing in rvx changes it outside tier 2, which restores it.
 *  2. MXCSR path for everything else the host can do: select the rounding
 *     mode with clear flags, run the instruction, read the flags, restore
 *     the caller's control bits.  MXCSR is used directly rather than via
 *     fenv.h, which would also touch the x87 unit for nothing.  The host's
 *     sticky exception flags are left cleared (nothing in rvx reads them).
 * Every operation whose flags matter is a volatile asm, so the compiler
 * keeps it between the MXCSR accesses. */
#include "cpu/fpu_internal.h"

#if FPU_HOST_AVAILABLE

#include <string.h>

#define MXCSR_FLAGS 0x003fu   /* IE DE ZE OE UE PE */
#define MXCSR_DAZ   0x0040u
#define MXCSR_MASKS 0x1f80u   /* all exception masks */
#define MXCSR_RC    0x6000u
#define MXCSR_FTZ   0x8000u

/* MXCSR.RC for each RISC-V rounding mode the host has. */
static const uint32_t rc_bits[FRM_RUP + 1] = {
    [FRM_RNE] = 0x0000, [FRM_RDN] = 0x2000, [FRM_RUP] = 0x4000, [FRM_RTZ] = 0x6000,
};

/* MXCSR flag bits -> FFLAG_*; DE (denormal operand) has no RISC-V meaning. */
#define MAP(m) ((((m) & 1) ? FFLAG_NV : 0) | (((m) & 4) ? FFLAG_DZ : 0) |      \
                (((m) & 8) ? FFLAG_OF : 0) | (((m) & 16) ? FFLAG_UF : 0) |     \
                (((m) & 32) ? FFLAG_NX : 0))
#define MAP4(m) MAP(m), MAP((m) + 1), MAP((m) + 2), MAP((m) + 3)
#define MAP16(m) MAP4(m), MAP4((m) + 4), MAP4((m) + 8), MAP4((m) + 12)
static const uint8_t flag_map[64] = { MAP16(0), MAP16(16), MAP16(32), MAP16(48) };

static inline uint32_t csr_read(void)
{
    uint32_t v;
    __asm__ volatile("stmxcsr %0" : "=m"(v));
    return v;
}

static inline void csr_write(uint32_t v)
{
    __asm__ volatile("ldmxcsr %0" : : "m"(v));
}

/* Select rm with clear flags; returns the caller's MXCSR.  In the common
 * case (RNE, host already nearest, no stale flags) this writes nothing. */
static inline uint32_t env_enter(int rm)
{
    uint32_t saved = csr_read();
    uint32_t work = (saved & ~(MXCSR_FLAGS | MXCSR_RC | MXCSR_DAZ | MXCSR_FTZ)) |
                    MXCSR_MASKS | rc_bits[rm];
    if (work != saved)
        csr_write(work);
    return saved;
}

/* Restore the caller's control bits; return the operation's flags. */
static inline unsigned env_leave(uint32_t saved)
{
    uint32_t now = csr_read();
    uint32_t restore = saved & ~MXCSR_FLAGS;
    if (now != restore)
        csr_write(restore);
    return flag_map[now & MXCSR_FLAGS];
}

static inline float f32_of(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static inline double f64_of(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }
static inline uint32_t bits_f32(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static inline uint64_t bits_f64(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }
static inline bool nan32(uint32_t b) { return (b & 0x7fffffffu) > 0x7f800000u; }
static inline bool nan64(uint64_t b) { return (b & ~(1ull << 63)) > 0x7ff0000000000000ull; }

/* ---- fast-path helpers ------------------------------------------------ */

/* Per format: exponent shift, maximum biased exponent, precision. */
#define EXP_SHIFT32 23
#define EXP_SHIFT64 52
#define EXP_MAX32 0xffu
#define EXP_MAX64 0x7ffu
#define BIAS32 127u
#define BIAS64 1023u
#define PREC32 24u
#define PREC64 53u

static inline unsigned bexp32(uint32_t x) { return (x >> EXP_SHIFT32) & EXP_MAX32; }
static inline unsigned bexp64(uint64_t x) { return (unsigned)(x >> EXP_SHIFT64) & EXP_MAX64; }

/* Operand "well inside" the normal range: far enough above the subnormals
 * that an error term (>= 2^-2p of the operands) is itself normal, and below
 * 2^(emax-1) so no intermediate of TwoSum overflows. */
#define DEF_INSIDE(W)                                                          \
    static inline bool inside##W(uint##W##_t x)                                \
    {                                                                          \
        return bexp##W(x) - (2 * PREC##W + 2) < EXP_MAX##W - 2 - (2 * PREC##W + 2); \
    }                                                                          \
    /* A normal result that cannot be tiny after rounding nor overflowed. */   \
    static inline bool safe_result##W(uint##W##_t r)                           \
    {                                                                          \
        return bexp##W(r) - 2 < EXP_MAX##W - 2;                                \
    }
DEF_INSIDE(32)
DEF_INSIDE(64)

static inline bool host_has_fma(void) { return __builtin_cpu_supports("fma"); }

/* x*y - z rounded once; exact (and so zero iff x*y == z) for the operand
 * ranges the fast paths admit. */
static inline float fms32(float x, float y, float z)
{
    __asm__("vfmsub231ss %2, %1, %0" : "+x"(z) : "x"(x), "x"(y));
    return z;
}
static inline double fms64(double x, double y, double z)
{
    __asm__("vfmsub231sd %2, %1, %0" : "+x"(z) : "x"(x), "x"(y));
    return z;
}

static inline float sqrt32(float x)
{
    float r;
    __asm__("sqrtss %1, %0" : "=x"(r) : "x"(x));
    return r;
}

static inline double sqrt64(double x)
{
    double r;
    __asm__("sqrtsd %1, %0" : "=x"(r) : "x"(x));
    return r;
}

/* Fast RNE add/sub: TwoSum (Knuth) gives the exact rounding error. */
#define DEF_FAST_ADD(W, T)                                                     \
    static inline bool fast_add##W(T x, T y, uint##W##_t *out, unsigned *fl)   \
    {                                                                          \
        T s = x + y, yy, err;                                                  \
        if (!safe_result##W(bits_f##W(s)))                                     \
            return false;                                                      \
        yy = s - x;                                                            \
        err = (x - (s - yy)) + (y - yy);                                       \
        if (err != 0)                                                          \
            *fl |= FFLAG_NX;                                                   \
        *out = bits_f##W(s);                                                   \
        return true;                                                           \
    }
DEF_FAST_ADD(32, float)
DEF_FAST_ADD(64, double)

/* ---- arithmetic ------------------------------------------------------- */

/* Tier 2 for a two-operand SSE instruction. */
#define MXCSR_BINOP(name, insn, T, W)                                          \
    static uint##W##_t mxcsr_##name(uint##W##_t a, uint##W##_t b, int rm, unsigned *fl) \
    {                                                                          \
        T x = f##W##_of(a), y = f##W##_of(b);                                  \
        uint32_t saved = env_enter(rm);                                        \
        unsigned f;                                                            \
        uint##W##_t r;                                                         \
        __asm__ volatile(insn " %1, %0" : "+x"(x) : "x"(y));                   \
        f = env_leave(saved);                                                  \
        r = bits_f##W(x);                                                      \
        if (nan##W(r))                                                         \
            return fpu_soft_##name(a, b, rm, fl);                              \
        *fl |= f;                                                              \
        return r;                                                              \
    }

#define HOST_ADD(name, insn, T, W, NEG)                                        \
    MXCSR_BINOP(name, insn, T, W)                                              \
    uint##W##_t fpu_host_##name(uint##W##_t a, uint##W##_t b, int rm, unsigned *fl) \
    {                                                                          \
        uint##W##_t r;                                                         \
        if (rm == FRM_RNE && inside##W(a) && inside##W(b) &&                   \
            fast_add##W(f##W##_of(a), NEG f##W##_of(b), &r, fl))               \
            return r;                                                          \
        if ((unsigned)rm > FRM_RUP)                                            \
            return fpu_soft_##name(a, b, rm, fl);                              \
        return mxcsr_##name(a, b, rm, fl);                                     \
    }

HOST_ADD(f32_add, "addss", float, 32, +)
HOST_ADD(f32_sub, "subss", float, 32, -)
HOST_ADD(f64_add, "addsd", double, 64, +)
HOST_ADD(f64_sub, "subsd", double, 64, -)

/* mul/div: NX from an FMA residual (x*y - p, or q*y - x) when the CPU has
 * FMA; otherwise only when NX is already raised. */
#define HOST_MULDIV(name, insn, T, W, OP, RESIDUAL)                            \
    MXCSR_BINOP(name, insn, T, W)                                              \
    uint##W##_t fpu_host_##name(uint##W##_t a, uint##W##_t b, int rm, unsigned *fl) \
    {                                                                          \
        if (rm == FRM_RNE && inside##W(a) && inside##W(b)) {                   \
            T x = f##W##_of(a), y = f##W##_of(b), q = x OP y;                  \
            uint##W##_t r = bits_f##W(q);                                      \
            /* the residual is exact only if it cannot underflow */            \
            if (safe_result##W(r) &&                                           \
                ((*fl & FFLAG_NX) || (inside##W(r) && host_has_fma()))) {      \
                if (!(*fl & FFLAG_NX) && RESIDUAL != 0)                        \
                    *fl |= FFLAG_NX;                                           \
                return r;                                                      \
            }                                                                  \
        }                                                                      \
        if ((unsigned)rm > FRM_RUP)                                            \
            return fpu_soft_##name(a, b, rm, fl);                              \
        return mxcsr_##name(a, b, rm, fl);                                     \
    }

HOST_MULDIV(f32_mul, "mulss", float, 32, *, fms32(x, y, q))
HOST_MULDIV(f32_div, "divss", float, 32, /, fms32(q, y, x))
HOST_MULDIV(f64_mul, "mulsd", double, 64, *, fms64(x, y, q))
HOST_MULDIV(f64_div, "divsd", double, 64, /, fms64(q, y, x))

#define HOST_SQRT(name, insn, T, W)                                            \
    uint##W##_t fpu_host_##name(uint##W##_t a, int rm, unsigned *fl)           \
    {                                                                          \
        T x = f##W##_of(a), y;                                                 \
        uint32_t saved;                                                        \
        unsigned f;                                                            \
        uint##W##_t r;                                                         \
        /* sqrt of a positive in-range operand is normal and in range */       \
        if (rm == FRM_RNE && inside##W(a) && !(a >> (W - 1)) &&                \
            ((*fl & FFLAG_NX) || host_has_fma())) {                            \
            y = sqrt##W(x);                                                    \
            if (!(*fl & FFLAG_NX) && fms##W(y, y, x) != 0)                     \
                *fl |= FFLAG_NX;                                               \
            return bits_f##W(y);                                               \
        }                                                                      \
        if ((unsigned)rm > FRM_RUP)                                            \
            return fpu_soft_##name(a, rm, fl);                                 \
        saved = env_enter(rm);                                                 \
        __asm__ volatile(insn " %1, %0" : "=x"(y) : "x"(x));                   \
        f = env_leave(saved);                                                  \
        r = bits_f##W(y);                                                      \
        if (nan##W(r))                                                         \
            return fpu_soft_##name(a, rm, fl);                                 \
        *fl |= f;                                                              \
        return r;                                                              \
    }

HOST_SQRT(f32_sqrt, "sqrtss", float, 32)
HOST_SQRT(f64_sqrt, "sqrtsd", double, 64)

/* FMA3 is not in baseline x86-64: use it only when the CPU has it.  There
 * is no cheap exactness test for a fused result, so the fast path needs
 * NX already raised. */
#define HOST_FMA(name, insn, T, W)                                             \
    uint##W##_t fpu_host_##name(uint##W##_t a, uint##W##_t b, uint##W##_t c,   \
                                bool np, bool na, int rm, unsigned *fl)        \
    {                                                                          \
        const uint##W##_t sbit = (uint##W##_t)1 << (W - 1);                    \
        T x, y, z;                                                             \
        uint32_t saved;                                                        \
        unsigned f;                                                            \
        uint##W##_t r;                                                         \
        if ((unsigned)rm > FRM_RUP || !host_has_fma())                         \
            return fpu_soft_##name(a, b, c, np, na, rm, fl);                   \
        x = f##W##_of(np ? a ^ sbit : a);                                      \
        y = f##W##_of(b);                                                      \
        z = f##W##_of(na ? c ^ sbit : c);                                      \
        if (rm == FRM_RNE && (*fl & FFLAG_NX) && inside##W(a) && inside##W(b) && \
            inside##W(c)) {                                                    \
            __asm__(insn " %2, %1, %0" : "+x"(z) : "x"(x), "x"(y));            \
            r = bits_f##W(z);                                                  \
            if (safe_result##W(r))                                             \
                return r;                                                      \
            z = f##W##_of(na ? c ^ sbit : c);                                  \
        }                                                                      \
        saved = env_enter(rm);                                                 \
        __asm__ volatile(insn " %2, %1, %0" : "+x"(z) : "x"(x), "x"(y));       \
        f = env_leave(saved);                                                  \
        r = bits_f##W(z);                                                      \
        if (nan##W(r))                                                         \
            return fpu_soft_##name(a, b, c, np, na, rm, fl);                   \
        *fl |= f;                                                              \
        return r;                                                              \
    }

HOST_FMA(f32_fma, "vfmadd231ss", float, 32)
HOST_FMA(f64_fma, "vfmadd231sd", double, 64)

/* ---- conversions ------------------------------------------------------ */
/* Only the fast path: in RNE (cvts?2si follows the default nearest mode)
 * and RTZ (cvtts?2si truncates whatever the mode), for operands below
 * 2^62 so the 64-bit conversion cannot overflow.  Whether the result is
 * exact is x == (float)result, itself an exact conversion here.  The rest
 * goes to the soft-float, which is quicker than a round trip through
 * MXCSR for these integer-heavy operations. */

#define DEF_CVT_TO_INT(W, T, SUFFIX)                                           \
    static inline bool fast_to_i64_f##W(uint##W##_t a, int rm, int64_t *out, unsigned *fl) \
    {                                                                          \
        T x = f##W##_of(a), back;                                              \
        int64_t r;                                                             \
        if (bexp##W(a) >= BIAS##W + 62)                                        \
            return false;                                                      \
        if (rm == FRM_RTZ)                                                     \
            __asm__("cvtts" SUFFIX "2si %1, %0" : "=r"(r) : "x"(x));           \
        else if (rm == FRM_RNE)                                                \
            __asm__("cvts" SUFFIX "2si %1, %0" : "=r"(r) : "x"(x));            \
        else                                                                   \
            return false;                                                      \
        __asm__("cvtsi2s" SUFFIX "q %1, %0" : "=x"(back) : "r"(r));            \
        if (back != x)                                                         \
            *fl |= FFLAG_NX;                                                   \
        *out = r;                                                              \
        return true;                                                           \
    }
DEF_CVT_TO_INT(32, float, "s")
DEF_CVT_TO_INT(64, double, "d")

#define HOST_TO_INT(W)                                                         \
    int32_t fpu_host_f##W##_to_i32(uint##W##_t a, int rm, unsigned *fl)        \
    {                                                                          \
        int64_t r;                                                             \
        unsigned f = 0;                                                        \
        if (fast_to_i64_f##W(a, rm, &r, &f) && r >= INT32_MIN && r <= INT32_MAX) { \
            *fl |= f;                                                          \
            return (int32_t)r;                                                 \
        }                                                                      \
        return fpu_soft_f##W##_to_i32(a, rm, fl);                              \
    }                                                                          \
    uint32_t fpu_host_f##W##_to_u32(uint##W##_t a, int rm, unsigned *fl)       \
    {                                                                          \
        int64_t r;                                                             \
        unsigned f = 0;                                                        \
        if (fast_to_i64_f##W(a, rm, &r, &f) && r >= 0 && r <= (int64_t)UINT32_MAX) { \
            *fl |= f;                                                          \
            return (uint32_t)r;                                                \
        }                                                                      \
        return fpu_soft_f##W##_to_u32(a, rm, fl);                              \
    }                                                                          \
    int64_t fpu_host_f##W##_to_i64(uint##W##_t a, int rm, unsigned *fl)        \
    {                                                                          \
        int64_t r;                                                             \
        if (fast_to_i64_f##W(a, rm, &r, fl))                                   \
            return r;                                                          \
        return fpu_soft_f##W##_to_i64(a, rm, fl);                              \
    }                                                                          \
    uint64_t fpu_host_f##W##_to_u64(uint##W##_t a, int rm, unsigned *fl)       \
    {                                                                          \
        int64_t r;                                                             \
        unsigned f = 0;                                                        \
        if (fast_to_i64_f##W(a, rm, &r, &f) && r >= 0) {                       \
            *fl |= f;                                                          \
            return (uint64_t)r;                                                \
        }                                                                      \
        return fpu_soft_f##W##_to_u64(a, rm, fl);                              \
    }

HOST_TO_INT(32)
HOST_TO_INT(64)

/* Integer -> float: exact whenever the significant bits fit the precision
 * (then the mode does not matter); otherwise RNE rounds in the default
 * mode and is inexact. */
static inline unsigned significant_bits(uint64_t mag)
{
    return mag ? 64u - (unsigned)__builtin_clzll(mag) - (unsigned)__builtin_ctzll(mag) : 0;
}

#define DEF_FROM_INT(W, T, SUFFIX)                                             \
    static inline bool fast_from_i64_f##W(int64_t v, int rm, uint##W##_t *out, unsigned *fl) \
    {                                                                          \
        uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;                  \
        bool exact = significant_bits(mag) <= PREC##W;                         \
        T r;                                                                   \
        if (!exact && rm != FRM_RNE)                                           \
            return false;                                                      \
        __asm__("cvtsi2s" SUFFIX "q %1, %0" : "=x"(r) : "r"(v));               \
        if (!exact)                                                            \
            *fl |= FFLAG_NX;                                                   \
        *out = bits_f##W(r);                                                   \
        return true;                                                           \
    }                                                                          \
    uint##W##_t fpu_host_i32_to_f##W(int32_t a, int rm, unsigned *fl)          \
    {                                                                          \
        uint##W##_t r;                                                         \
        return fast_from_i64_f##W(a, rm, &r, fl) ? r : fpu_soft_i32_to_f##W(a, rm, fl); \
    }                                                                          \
    uint##W##_t fpu_host_u32_to_f##W(uint32_t a, int rm, unsigned *fl)         \
    {                                                                          \
        uint##W##_t r;                                                         \
        return fast_from_i64_f##W(a, rm, &r, fl) ? r : fpu_soft_u32_to_f##W(a, rm, fl); \
    }                                                                          \
    uint##W##_t fpu_host_i64_to_f##W(int64_t a, int rm, unsigned *fl)          \
    {                                                                          \
        uint##W##_t r;                                                         \
        return fast_from_i64_f##W(a, rm, &r, fl) ? r : fpu_soft_i64_to_f##W(a, rm, fl); \
    }                                                                          \
    uint##W##_t fpu_host_u64_to_f##W(uint64_t a, int rm, unsigned *fl)         \
    {                                                                          \
        uint##W##_t r;                                                         \
        if (!(a >> 63) && fast_from_i64_f##W((int64_t)a, rm, &r, fl))          \
            return r;                                                          \
        return fpu_soft_u64_to_f##W(a, rm, fl);                                \
    }
DEF_FROM_INT(32, float, "s")
DEF_FROM_INT(64, double, "d")

/* Narrowing: RNE with a normal binary32 result; exact iff widening it back
 * gives the operand. */
uint32_t fpu_host_f64_to_f32(uint64_t a, int rm, unsigned *fl)
{
    if (rm == FRM_RNE && bexp64(a) - 1 < EXP_MAX64 - 1) {
        double x = f64_of(a), back;
        float y;
        uint32_t r;
        __asm__("cvtsd2ss %1, %0" : "=x"(y) : "x"(x));
        r = bits_f32(y);
        if (safe_result32(r)) {
            __asm__("cvtss2sd %1, %0" : "=x"(back) : "x"(y));
            if (back != x)
                *fl |= FFLAG_NX;
            return r;
        }
    }
    return fpu_soft_f64_to_f32(a, rm, fl);
}

#else

/* ISO C forbids an empty translation unit. */
typedef int fpu_host_unavailable;

#endif
