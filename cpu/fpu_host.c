/* Host-FPU fast path for x86-64 SSE.
 *
 * Why this is exact: SSE scalar arithmetic is IEEE 754 binary32/binary64
 * with one rounding, detects tininess after rounding (as RISC-V does) and,
 * with exceptions masked, raises UE only when tiny and inexact.  What SSE
 * does differently is fixed up here:
 *   - RMM does not exist on the host: the soft-float handles it;
 *   - NaN results carry x86 payloads/signs and fma(inf, 0, qNaN) flags
 *     differ: any NaN result is recomputed by the soft-float, which is
 *     cheap because it is rare;
 *   - float->integer conversions return the "integer indefinite" with IE
 *     where RISC-V saturates: recomputed by the soft-float too.
 *
 * MXCSR is read and written directly (stmxcsr/ldmxcsr) rather than through
 * fenv.h: it is a fraction of the cost (glibc's fenv also touches the x87
 * unit) and it lets us force FTZ/DAZ off and all exceptions masked for the
 * one operation.  The caller's rounding mode, FTZ/DAZ and masks are put
 * back after each operation, so nothing leaks into other host code; the
 * host's sticky exception flags are left cleared (nothing in rvx reads
 * them).  Every MXCSR access and every operation is a volatile asm, so the
 * compiler keeps them in program order. */
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
#define MAP(m) ((((m) & 1) ? FFLAG_NV : 0) | (((m) & 4) ? FFLAG_DZ : 0) | \
                (((m) & 8) ? FFLAG_OF : 0) | (((m) & 16) ? FFLAG_UF : 0) | \
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

/* ---- arithmetic ------------------------------------------------------- */

#define HOST_BINOP(name, insn, T, W)                                          \
    uint##W##_t fpu_host_##name(uint##W##_t a, uint##W##_t b, int rm, unsigned *fl) \
    {                                                                         \
        T x = f##W##_of(a), y = f##W##_of(b);                                 \
        uint32_t saved;                                                       \
        unsigned f;                                                           \
        uint##W##_t r;                                                        \
        if ((unsigned)rm > FRM_RUP)                                                     \
            return fpu_soft_##name(a, b, rm, fl);                             \
        saved = env_enter(rm);                                                \
        __asm__ volatile(insn " %1, %0" : "+x"(x) : "x"(y));                  \
        f = env_leave(saved);                                                 \
        r = bits_f##W(x);                                                     \
        if (nan##W(r))                                                        \
            return fpu_soft_##name(a, b, rm, fl);                             \
        *fl |= f;                                                             \
        return r;                                                             \
    }

HOST_BINOP(f32_add, "addss", float, 32)
HOST_BINOP(f32_sub, "subss", float, 32)
HOST_BINOP(f32_mul, "mulss", float, 32)
HOST_BINOP(f32_div, "divss", float, 32)
HOST_BINOP(f64_add, "addsd", double, 64)
HOST_BINOP(f64_sub, "subsd", double, 64)
HOST_BINOP(f64_mul, "mulsd", double, 64)
HOST_BINOP(f64_div, "divsd", double, 64)

#define HOST_SQRT(name, insn, T, W)                                           \
    uint##W##_t fpu_host_##name(uint##W##_t a, int rm, unsigned *fl)          \
    {                                                                         \
        T x = f##W##_of(a), y;                                                \
        uint32_t saved;                                                       \
        unsigned f;                                                           \
        uint##W##_t r;                                                        \
        if ((unsigned)rm > FRM_RUP)                                                     \
            return fpu_soft_##name(a, rm, fl);                                \
        saved = env_enter(rm);                                                \
        __asm__ volatile(insn " %1, %0" : "=x"(y) : "x"(x));                  \
        f = env_leave(saved);                                                 \
        r = bits_f##W(y);                                                     \
        if (nan##W(r))                                                        \
            return fpu_soft_##name(a, rm, fl);                                \
        *fl |= f;                                                             \
        return r;                                                             \
    }

HOST_SQRT(f32_sqrt, "sqrtss", float, 32)
HOST_SQRT(f64_sqrt, "sqrtsd", double, 64)

/* FMA3 is not in baseline x86-64: use it only when the CPU has it. */
#define HOST_FMA(name, insn, T, W)                                            \
    uint##W##_t fpu_host_##name(uint##W##_t a, uint##W##_t b, uint##W##_t c,  \
                                bool np, bool na, int rm, unsigned *fl)       \
    {                                                                         \
        const uint##W##_t sbit = (uint##W##_t)1 << (W - 1);                   \
        T x, y, z;                                                            \
        uint32_t saved;                                                       \
        unsigned f;                                                           \
        uint##W##_t r;                                                        \
        if ((unsigned)rm > FRM_RUP || !__builtin_cpu_supports("fma"))                   \
            return fpu_soft_##name(a, b, c, np, na, rm, fl);                  \
        x = f##W##_of(np ? a ^ sbit : a);                                     \
        y = f##W##_of(b);                                                     \
        z = f##W##_of(na ? c ^ sbit : c);                                     \
        saved = env_enter(rm);                                                \
        __asm__ volatile(insn " %2, %1, %0" : "+x"(z) : "x"(x), "x"(y));      \
        f = env_leave(saved);                                                 \
        r = bits_f##W(z);                                                     \
        if (nan##W(r))                                                        \
            return fpu_soft_##name(a, b, c, np, na, rm, fl);                  \
        *fl |= f;                                                             \
        return r;                                                             \
    }

HOST_FMA(f32_fma, "vfmadd231ss", float, 32)
HOST_FMA(f64_fma, "vfmadd231sd", double, 64)

/* ---- conversions ------------------------------------------------------ */

/* float -> signed integer of width IW with cvts?2si (rounds per MXCSR.RC).
 * Out of range and NaN raise IE: then the soft-float saturates. */
#define HOST_CVT_SI(W, IW, insn, T)                                           \
    static inline int##IW##_t cvt_f##W##_i##IW(uint##W##_t a, int rm, unsigned *f) \
    {                                                                         \
        T x = f##W##_of(a);                                                   \
        int##IW##_t r;                                                        \
        uint32_t saved = env_enter(rm);                                       \
        __asm__ volatile(insn " %1, %0" : "=r"(r) : "x"(x));                  \
        *f = env_leave(saved);                                                \
        return r;                                                             \
    }

HOST_CVT_SI(32, 32, "cvtss2si", float)
HOST_CVT_SI(32, 64, "cvtss2si", float)
HOST_CVT_SI(64, 32, "cvtsd2si", double)
HOST_CVT_SI(64, 64, "cvtsd2si", double)

#define HOST_TO_INT(W)                                                        \
    int32_t fpu_host_f##W##_to_i32(uint##W##_t a, int rm, unsigned *fl)       \
    {                                                                         \
        unsigned f;                                                           \
        int32_t r;                                                            \
        if ((unsigned)rm > FRM_RUP)                                                     \
            return fpu_soft_f##W##_to_i32(a, rm, fl);                         \
        r = cvt_f##W##_i32(a, rm, &f);                                        \
        if (f & FFLAG_NV)                                                     \
            return fpu_soft_f##W##_to_i32(a, rm, fl);                         \
        *fl |= f;                                                             \
        return r;                                                             \
    }                                                                         \
    int64_t fpu_host_f##W##_to_i64(uint##W##_t a, int rm, unsigned *fl)       \
    {                                                                         \
        unsigned f;                                                           \
        int64_t r;                                                            \
        if ((unsigned)rm > FRM_RUP)                                                     \
            return fpu_soft_f##W##_to_i64(a, rm, fl);                         \
        r = cvt_f##W##_i64(a, rm, &f);                                        \
        if (f & FFLAG_NV)                                                     \
            return fpu_soft_f##W##_to_i64(a, rm, fl);                         \
        *fl |= f;                                                             \
        return r;                                                             \
    }                                                                         \
    /* Unsigned results through the 64-bit signed conversion; anything   */  \
    /* negative or too large is left to the soft-float.                  */  \
    uint32_t fpu_host_f##W##_to_u32(uint##W##_t a, int rm, unsigned *fl)      \
    {                                                                         \
        unsigned f;                                                           \
        int64_t r;                                                            \
        if ((unsigned)rm > FRM_RUP)                                                     \
            return fpu_soft_f##W##_to_u32(a, rm, fl);                         \
        r = cvt_f##W##_i64(a, rm, &f);                                        \
        if ((f & FFLAG_NV) || r < 0 || r > (int64_t)UINT32_MAX)               \
            return fpu_soft_f##W##_to_u32(a, rm, fl);                         \
        *fl |= f;                                                             \
        return (uint32_t)r;                                                   \
    }                                                                         \
    uint64_t fpu_host_f##W##_to_u64(uint##W##_t a, int rm, unsigned *fl)      \
    {                                                                         \
        unsigned f;                                                           \
        int64_t r;                                                            \
        if ((unsigned)rm > FRM_RUP)                                                     \
            return fpu_soft_f##W##_to_u64(a, rm, fl);                         \
        r = cvt_f##W##_i64(a, rm, &f);                                        \
        if ((f & FFLAG_NV) || r < 0)                                          \
            return fpu_soft_f##W##_to_u64(a, rm, fl);                         \
        *fl |= f;                                                             \
        return (uint64_t)r;                                                   \
    }

HOST_TO_INT(32)
HOST_TO_INT(64)

/* signed 64-bit integer -> float with cvtsi2s?q (rounds per MXCSR.RC). */
static inline uint32_t cvt_i64_f32(int64_t a, int rm, unsigned *fl)
{
    float r;
    uint32_t saved = env_enter(rm);
    __asm__ volatile("cvtsi2ssq %1, %0" : "=x"(r) : "r"(a));
    *fl |= env_leave(saved);
    return bits_f32(r);
}

static inline uint64_t cvt_i64_f64(int64_t a, int rm, unsigned *fl)
{
    double r;
    uint32_t saved = env_enter(rm);
    __asm__ volatile("cvtsi2sdq %1, %0" : "=x"(r) : "r"(a));
    *fl |= env_leave(saved);
    return bits_f64(r);
}

/* i32/u32/i64 fit the signed 64-bit conversion; u64 does below 2^63. */
#define HOST_FROM_INT(W)                                                      \
    uint##W##_t fpu_host_i32_to_f##W(int32_t a, int rm, unsigned *fl)         \
    {                                                                         \
        if ((unsigned)rm > FRM_RUP)                                                     \
            return fpu_soft_i32_to_f##W(a, rm, fl);                           \
        return cvt_i64_f##W(a, rm, fl);                                       \
    }                                                                         \
    uint##W##_t fpu_host_u32_to_f##W(uint32_t a, int rm, unsigned *fl)        \
    {                                                                         \
        if ((unsigned)rm > FRM_RUP)                                                     \
            return fpu_soft_u32_to_f##W(a, rm, fl);                           \
        return cvt_i64_f##W((int64_t)a, rm, fl);                              \
    }                                                                         \
    uint##W##_t fpu_host_i64_to_f##W(int64_t a, int rm, unsigned *fl)         \
    {                                                                         \
        if ((unsigned)rm > FRM_RUP)                                                     \
            return fpu_soft_i64_to_f##W(a, rm, fl);                           \
        return cvt_i64_f##W(a, rm, fl);                                       \
    }                                                                         \
    uint##W##_t fpu_host_u64_to_f##W(uint64_t a, int rm, unsigned *fl)        \
    {                                                                         \
        if ((unsigned)rm > FRM_RUP || (a >> 63))                                        \
            return fpu_soft_u64_to_f##W(a, rm, fl);                           \
        return cvt_i64_f##W((int64_t)a, rm, fl);                              \
    }

HOST_FROM_INT(32)
HOST_FROM_INT(64)

uint32_t fpu_host_f64_to_f32(uint64_t a, int rm, unsigned *fl)
{
    double x = f64_of(a);
    float y;
    uint32_t saved, r;
    unsigned f;

    if ((unsigned)rm > FRM_RUP)
        return fpu_soft_f64_to_f32(a, rm, fl);
    saved = env_enter(rm);
    __asm__ volatile("cvtsd2ss %1, %0" : "=x"(y) : "x"(x));
    f = env_leave(saved);
    r = bits_f32(y);
    if (nan32(r))
        return fpu_soft_f64_to_f32(a, rm, fl);
    *fl |= f;
    return r;
}

#else

/* ISO C forbids an empty translation unit. */
typedef int fpu_host_unavailable;

#endif
