/* IEEE 754 binary32/binary64 arithmetic exactly as RISC-V F and D define
 * it (and binary16 as Zfh does, plus Zfa's operations, at the end):
 * results, rounding and exception flags bit-identical on every host.
 *
 * Values are raw bit patterns.  rm is a resolved rounding mode (FRM_RNE ..
 * FRM_RMM, never DYN).  Each function ORs the exception flags it raises
 * into *flags (FFLAG_*); it never clears them (pass the guest's fflags
 * itself: with NX already set the host backend can skip its exactness
 * test and run at native speed).  NaN results are the
 * RISC-V canonical NaN (0x7fc00000 / 0x7ff8000000000000).
 *
 * Two implementations sit behind this header: a portable soft-float (the
 * reference, always built) and, where the host FPU can be made exact, a
 * fast path.  fpu_set_backend() picks one so the tests run both. */
#ifndef RVX_CPU_FPU_H
#define RVX_CPU_FPU_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum { FRM_RNE = 0, FRM_RTZ = 1, FRM_RDN = 2, FRM_RUP = 3, FRM_RMM = 4,
       FRM_DYN = 7 };
enum { FFLAG_NX = 1, FFLAG_UF = 2, FFLAG_OF = 4, FFLAG_DZ = 8, FFLAG_NV = 16 };

#define F32_CANON_NAN 0x7fc00000u
#define F64_CANON_NAN 0x7ff8000000000000ull
#define F16_CANON_NAN 0x7e00u

enum fpu_backend { FPU_SOFT, FPU_HOST };
/* Returns false (and keeps the current one) if the host backend is not
 * available on this build/host. */
bool fpu_set_backend(enum fpu_backend b);
enum fpu_backend fpu_get_backend(void);

/* binary32 */
uint32_t f32_add(uint32_t a, uint32_t b, int rm, unsigned *flags);
uint32_t f32_sub(uint32_t a, uint32_t b, int rm, unsigned *flags);
uint32_t f32_mul(uint32_t a, uint32_t b, int rm, unsigned *flags);
uint32_t f32_div(uint32_t a, uint32_t b, int rm, unsigned *flags);
uint32_t f32_sqrt(uint32_t a, int rm, unsigned *flags);
/* a*b+c with a single rounding.  fmsub/fnmsub/fnmadd are built by the
 * caller through neg_prod / neg_add (sign flips applied before the
 * operation, so (+0 * x) - 0 etc. get the sign IEEE prescribes). */
uint32_t f32_fma(uint32_t a, uint32_t b, uint32_t c, bool neg_prod,
                 bool neg_add, int rm, unsigned *flags);
uint32_t f32_min(uint32_t a, uint32_t b, unsigned *flags);   /* fmin.s */
uint32_t f32_max(uint32_t a, uint32_t b, unsigned *flags);   /* fmax.s */
bool f32_eq(uint32_t a, uint32_t b, unsigned *flags);        /* quiet */
bool f32_lt(uint32_t a, uint32_t b, unsigned *flags);        /* signaling */
bool f32_le(uint32_t a, uint32_t b, unsigned *flags);        /* signaling */
unsigned f32_classify(uint32_t a);                           /* fclass bits */
/* Saturating conversions: NaN -> max, out of range -> the nearest bound,
 * NV on invalid, NX on inexact. */
int32_t f32_to_i32(uint32_t a, int rm, unsigned *flags);
uint32_t f32_to_u32(uint32_t a, int rm, unsigned *flags);
int64_t f32_to_i64(uint32_t a, int rm, unsigned *flags);
uint64_t f32_to_u64(uint32_t a, int rm, unsigned *flags);
uint32_t i32_to_f32(int32_t a, int rm, unsigned *flags);
uint32_t u32_to_f32(uint32_t a, int rm, unsigned *flags);
uint32_t i64_to_f32(int64_t a, int rm, unsigned *flags);
uint32_t u64_to_f32(uint64_t a, int rm, unsigned *flags);

/* binary64 */
uint64_t f64_add(uint64_t a, uint64_t b, int rm, unsigned *flags);
uint64_t f64_sub(uint64_t a, uint64_t b, int rm, unsigned *flags);
uint64_t f64_mul(uint64_t a, uint64_t b, int rm, unsigned *flags);
uint64_t f64_div(uint64_t a, uint64_t b, int rm, unsigned *flags);
uint64_t f64_sqrt(uint64_t a, int rm, unsigned *flags);
uint64_t f64_fma(uint64_t a, uint64_t b, uint64_t c, bool neg_prod,
                 bool neg_add, int rm, unsigned *flags);
uint64_t f64_min(uint64_t a, uint64_t b, unsigned *flags);
uint64_t f64_max(uint64_t a, uint64_t b, unsigned *flags);
bool f64_eq(uint64_t a, uint64_t b, unsigned *flags);
bool f64_lt(uint64_t a, uint64_t b, unsigned *flags);
bool f64_le(uint64_t a, uint64_t b, unsigned *flags);
unsigned f64_classify(uint64_t a);
int32_t f64_to_i32(uint64_t a, int rm, unsigned *flags);
uint32_t f64_to_u32(uint64_t a, int rm, unsigned *flags);
int64_t f64_to_i64(uint64_t a, int rm, unsigned *flags);
uint64_t f64_to_u64(uint64_t a, int rm, unsigned *flags);
uint64_t i32_to_f64(int32_t a, int rm, unsigned *flags);
uint64_t u32_to_f64(uint32_t a, int rm, unsigned *flags);
uint64_t i64_to_f64(int64_t a, int rm, unsigned *flags);
uint64_t u64_to_f64(uint64_t a, int rm, unsigned *flags);

/* ---- inline fast paths for the executor ----
 *
 * Round-to-nearest arithmetic on the host FPU, inlined where it is exact
 * without looking at the host's flags: the result is a normal number with
 * a biased exponent of at least 2.  IEEE arithmetic rounds correctly
 * whatever the operands (subnormal ones included), and such a result rules
 * out every flag but NX: invalid and divide-by-zero give NaN or infinity,
 * overflow gives infinity (round-to-nearest), and a result that is normal
 * even before rounding to the smallest normal is not tiny under either
 * tininess rule.  NaN results, whose payloads differ between hosts and
 * RISC-V, fail the test too.  So the only flag the operation could raise
 * is NX, and the caller only asks when NX is already set in fflags.
 * Returns false (nothing done) whenever that does not hold; then call the
 * full function.
 * The argument needs nothing but IEEE binary32/binary64 arithmetic in
 * round-to-nearest-even, without flush-to-zero, each operation evaluated
 * in its own format (FLT_EVAL_METHOD 0: not i386's x87, which rounds
 * twice); not the host's flags nor its tininess rule.  That is what x86-64
 * SSE2 gives, AArch64 and 32-bit ARM hard-float VFP (FPCR/FPSCR as Linux
 * starts a process: RNE, FZ and DN clear; rvx never changes them; scalar
 * VFP, not NEON, which flushes subnormals) and s390x binary floating point
 * (FPC rounding mode 0, nearest, at process start; BFP has no flush mode).
 * -ffp-contract=off (CMakeLists.txt) keeps each operation a single
 * rounding.  Only while the host backend is selected, so the soft-float
 * tests keep the reference path; outside x86-64 that backend is these
 * inline paths alone (cpu/fpu.c).  unit.test_fpu_fast checks them, bit for
 * bit against the soft-float, natively and under qemu-aarch64, qemu-arm
 * and qemu-s390x (tests/cross/run.sh; qemu-user models the guest FPU, so
 * on those hosts the hardware itself is taken on its IEEE conformance). */
extern enum fpu_backend fpu_backend_current;

#if defined(__GNUC__) && __FLT_EVAL_METHOD__ == 0 &&                           \
    (defined(__x86_64__) && defined(__SSE2__) || defined(__aarch64__) ||      \
     defined(__s390x__) ||                                                     \
     defined(__arm__) && defined(__ARM_PCS_VFP) && defined(__ARM_FP) && (__ARM_FP & 8))
#define FPU_INLINE_FAST 1
#else
#define FPU_INLINE_FAST 0
#endif

static inline bool fpu_fast_ok(unsigned flags)
{
    return FPU_INLINE_FAST && (flags & FFLAG_NX) && fpu_backend_current == FPU_HOST;
}

/* The fast path's window for results (biased exponents in [LO, HI):
 * normal, not the smallest binade, not infinite or NaN).  The JIT emits
 * the same test. */
#define F64_FAST_OUT_LO 2u
#define F64_FAST_OUT_HI 0x7ffu
#define F32_FAST_OUT_LO 2u
#define F32_FAST_OUT_HI 0xffu

static inline bool f64_normal_result(uint64_t x)
{
    return ((x >> 52) & 0x7ff) - F64_FAST_OUT_LO < F64_FAST_OUT_HI - F64_FAST_OUT_LO;
}
static inline bool f32_normal_result(uint32_t x)
{
    return ((x >> 23) & 0xff) - F32_FAST_OUT_LO < F32_FAST_OUT_HI - F32_FAST_OUT_LO;
}

#define FPU_FAST_BINOP(W, T, name, expr)                                       \
    static inline bool name(uint##W##_t a, uint##W##_t b, unsigned flags,      \
                            uint##W##_t *out)                                  \
    {                                                                          \
        if (!fpu_fast_ok(flags))                                               \
            return false;                                                      \
        T x, y, z;                                                             \
        uint##W##_t r;                                                         \
        memcpy(&x, &a, sizeof x);                                              \
        memcpy(&y, &b, sizeof y);                                              \
        z = expr;                                                              \
        memcpy(&r, &z, sizeof r);                                              \
        if (!f##W##_normal_result(r))                                          \
            return false;                                                      \
        *out = r;                                                              \
        return true;                                                           \
    }
FPU_FAST_BINOP(64, double, f64_add_fast, x + y)
FPU_FAST_BINOP(64, double, f64_sub_fast, x - y)
FPU_FAST_BINOP(64, double, f64_mul_fast, x * y)
FPU_FAST_BINOP(64, double, f64_div_fast, x / y)
FPU_FAST_BINOP(32, float, f32_add_fast, x + y)
FPU_FAST_BINOP(32, float, f32_sub_fast, x - y)
FPU_FAST_BINOP(32, float, f32_mul_fast, x * y)
FPU_FAST_BINOP(32, float, f32_div_fast, x / y)

/* Square root by the same argument: a negative, zero, infinite or NaN
 * operand gives a result outside the window. */
#define FPU_FAST_SQRT(W, T, name, fn)                                          \
    static inline bool name(uint##W##_t a, unsigned flags, uint##W##_t *out)   \
    {                                                                          \
        if (!fpu_fast_ok(flags))                                               \
            return false;                                                      \
        T x;                                                                   \
        uint##W##_t r;                                                         \
        memcpy(&x, &a, sizeof x);                                              \
        if (!(x > 0))                                                          \
            return false;   /* (so the host's sqrt never sees a domain error) */ \
        x = fn(x);                                                             \
        memcpy(&r, &x, sizeof r);                                              \
        if (!f##W##_normal_result(r))                                          \
            return false;                                                      \
        *out = r;                                                              \
        return true;                                                           \
    }
FPU_FAST_SQRT(64, double, f64_sqrt_fast, __builtin_sqrt)
FPU_FAST_SQRT(32, float, f32_sqrt_fast, __builtin_sqrtf)

/* between formats */
uint64_t f32_to_f64(uint32_t a, unsigned *flags);            /* exact */
uint32_t f64_to_f32(uint64_t a, int rm, unsigned *flags);

/* binary16 (Zfh, Zfhmin): soft-float only, the same rules as above with
 * the canonical NaN 0x7e00. */
uint16_t f16_add(uint16_t a, uint16_t b, int rm, unsigned *flags);
uint16_t f16_sub(uint16_t a, uint16_t b, int rm, unsigned *flags);
uint16_t f16_mul(uint16_t a, uint16_t b, int rm, unsigned *flags);
uint16_t f16_div(uint16_t a, uint16_t b, int rm, unsigned *flags);
uint16_t f16_sqrt(uint16_t a, int rm, unsigned *flags);
uint16_t f16_fma(uint16_t a, uint16_t b, uint16_t c, bool neg_prod, bool neg_add, int rm,
                 unsigned *flags);
uint16_t f16_min(uint16_t a, uint16_t b, unsigned *flags);
uint16_t f16_max(uint16_t a, uint16_t b, unsigned *flags);
bool f16_eq(uint16_t a, uint16_t b, unsigned *flags);
bool f16_lt(uint16_t a, uint16_t b, unsigned *flags);
bool f16_le(uint16_t a, uint16_t b, unsigned *flags);
unsigned f16_classify(uint16_t a);
int32_t f16_to_i32(uint16_t a, int rm, unsigned *flags);
uint32_t f16_to_u32(uint16_t a, int rm, unsigned *flags);
int64_t f16_to_i64(uint16_t a, int rm, unsigned *flags);
uint64_t f16_to_u64(uint16_t a, int rm, unsigned *flags);
uint16_t i32_to_f16(int32_t a, int rm, unsigned *flags);
uint16_t u32_to_f16(uint32_t a, int rm, unsigned *flags);
uint16_t i64_to_f16(int64_t a, int rm, unsigned *flags);
uint16_t u64_to_f16(uint64_t a, int rm, unsigned *flags);
uint32_t f16_to_f32(uint16_t a, unsigned *flags);            /* exact */
uint64_t f16_to_f64(uint16_t a, unsigned *flags);            /* exact */
uint16_t f32_to_f16(uint32_t a, int rm, unsigned *flags);
uint16_t f64_to_f16(uint64_t a, int rm, unsigned *flags);

/* A half in a 64-bit f register is valid only if bits 63:16 are all ones
 * (unprivileged spec, Zfh, "NaN boxing"); otherwise it reads as the
 * canonical NaN. */
static inline uint16_t f16_unbox(uint64_t v)
{
    return (v >> 16) == 0xffffffffffffull ? (uint16_t)v : F16_CANON_NAN;
}
static inline uint64_t f16_box(uint16_t v) { return 0xffffffffffff0000ull | v; }

/* Zfa (additional FP instructions), per format */
uint16_t f16_fli(unsigned index);        /* the fli constant table, entry 0..31 */
uint32_t f32_fli(unsigned index);
uint64_t f64_fli(unsigned index);
uint16_t f16_minm(uint16_t a, uint16_t b, unsigned *flags);  /* any NaN -> canonical */
uint16_t f16_maxm(uint16_t a, uint16_t b, unsigned *flags);
uint32_t f32_minm(uint32_t a, uint32_t b, unsigned *flags);
uint32_t f32_maxm(uint32_t a, uint32_t b, unsigned *flags);
uint64_t f64_minm(uint64_t a, uint64_t b, unsigned *flags);
uint64_t f64_maxm(uint64_t a, uint64_t b, unsigned *flags);
bool f16_ltq(uint16_t a, uint16_t b, unsigned *flags);        /* quiet flt/fle */
bool f16_leq(uint16_t a, uint16_t b, unsigned *flags);
bool f32_ltq(uint32_t a, uint32_t b, unsigned *flags);
bool f32_leq(uint32_t a, uint32_t b, unsigned *flags);
bool f64_ltq(uint64_t a, uint64_t b, unsigned *flags);
bool f64_leq(uint64_t a, uint64_t b, unsigned *flags);
/* fround (exact = false) / froundnx (exact = true) */
uint16_t f16_round(uint16_t a, int rm, bool exact, unsigned *flags);
uint32_t f32_round(uint32_t a, int rm, bool exact, unsigned *flags);
uint64_t f64_round(uint64_t a, int rm, bool exact, unsigned *flags);
int32_t f64_to_i32_mod(uint64_t a, unsigned *flags);         /* fcvtmod.w.d */

#endif
