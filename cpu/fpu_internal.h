/* Private to cpu/fpu*.c: the two implementations behind cpu/fpu.h.
 *
 * fpu_soft_* is the portable reference (integer arithmetic only).
 * fpu_host_* runs the operation on the host FPU where that is bit-exact
 * and falls back to fpu_soft_* for whatever the host cannot do exactly
 * (RMM, NaN results, out-of-range conversions). */
#ifndef RVX_CPU_FPU_INTERNAL_H
#define RVX_CPU_FPU_INTERNAL_H

#include "cpu/fpu.h"

/* x86-64 SSE detects tininess after rounding, like RISC-V, and lets us
 * read and set MXCSR directly.  Elsewhere (e.g. ARM detects tininess
 * before rounding) only the soft-float is built. */
#if defined(__x86_64__) && defined(__SSE2__) && defined(__GNUC__)
#define FPU_HOST_AVAILABLE 1
#else
#define FPU_HOST_AVAILABLE 0
#endif

/* One X-macro list of every operation whose result depends on the
 * backend: X(name, return type, parameter list, argument list). */
#define FPU_BACKEND_OPS(X)                                                     \
    X(f32_add, uint32_t, (uint32_t a, uint32_t b, int rm, unsigned *fl), (a, b, rm, fl)) \
    X(f32_sub, uint32_t, (uint32_t a, uint32_t b, int rm, unsigned *fl), (a, b, rm, fl)) \
    X(f32_mul, uint32_t, (uint32_t a, uint32_t b, int rm, unsigned *fl), (a, b, rm, fl)) \
    X(f32_div, uint32_t, (uint32_t a, uint32_t b, int rm, unsigned *fl), (a, b, rm, fl)) \
    X(f32_sqrt, uint32_t, (uint32_t a, int rm, unsigned *fl), (a, rm, fl))     \
    X(f32_fma, uint32_t, (uint32_t a, uint32_t b, uint32_t c, bool np, bool na, int rm, unsigned *fl), (a, b, c, np, na, rm, fl)) \
    X(f32_to_i32, int32_t, (uint32_t a, int rm, unsigned *fl), (a, rm, fl))    \
    X(f32_to_u32, uint32_t, (uint32_t a, int rm, unsigned *fl), (a, rm, fl))   \
    X(f32_to_i64, int64_t, (uint32_t a, int rm, unsigned *fl), (a, rm, fl))    \
    X(f32_to_u64, uint64_t, (uint32_t a, int rm, unsigned *fl), (a, rm, fl))   \
    X(i32_to_f32, uint32_t, (int32_t a, int rm, unsigned *fl), (a, rm, fl))    \
    X(u32_to_f32, uint32_t, (uint32_t a, int rm, unsigned *fl), (a, rm, fl))   \
    X(i64_to_f32, uint32_t, (int64_t a, int rm, unsigned *fl), (a, rm, fl))    \
    X(u64_to_f32, uint32_t, (uint64_t a, int rm, unsigned *fl), (a, rm, fl))   \
    X(f64_add, uint64_t, (uint64_t a, uint64_t b, int rm, unsigned *fl), (a, b, rm, fl)) \
    X(f64_sub, uint64_t, (uint64_t a, uint64_t b, int rm, unsigned *fl), (a, b, rm, fl)) \
    X(f64_mul, uint64_t, (uint64_t a, uint64_t b, int rm, unsigned *fl), (a, b, rm, fl)) \
    X(f64_div, uint64_t, (uint64_t a, uint64_t b, int rm, unsigned *fl), (a, b, rm, fl)) \
    X(f64_sqrt, uint64_t, (uint64_t a, int rm, unsigned *fl), (a, rm, fl))     \
    X(f64_fma, uint64_t, (uint64_t a, uint64_t b, uint64_t c, bool np, bool na, int rm, unsigned *fl), (a, b, c, np, na, rm, fl)) \
    X(f64_to_i32, int32_t, (uint64_t a, int rm, unsigned *fl), (a, rm, fl))    \
    X(f64_to_u32, uint32_t, (uint64_t a, int rm, unsigned *fl), (a, rm, fl))   \
    X(f64_to_i64, int64_t, (uint64_t a, int rm, unsigned *fl), (a, rm, fl))    \
    X(f64_to_u64, uint64_t, (uint64_t a, int rm, unsigned *fl), (a, rm, fl))   \
    X(i32_to_f64, uint64_t, (int32_t a, int rm, unsigned *fl), (a, rm, fl))    \
    X(u32_to_f64, uint64_t, (uint32_t a, int rm, unsigned *fl), (a, rm, fl))   \
    X(i64_to_f64, uint64_t, (int64_t a, int rm, unsigned *fl), (a, rm, fl))    \
    X(u64_to_f64, uint64_t, (uint64_t a, int rm, unsigned *fl), (a, rm, fl))   \
    X(f64_to_f32, uint32_t, (uint64_t a, int rm, unsigned *fl), (a, rm, fl))

#define FPU_DECLARE_SOFT(name, ret, params, args) ret fpu_soft_##name params;
#define FPU_DECLARE_HOST(name, ret, params, args) ret fpu_host_##name params;
FPU_BACKEND_OPS(FPU_DECLARE_SOFT)
#if FPU_HOST_AVAILABLE
FPU_BACKEND_OPS(FPU_DECLARE_HOST)
#endif
/* Widening is exact: one implementation serves both backends. */
uint64_t fpu_soft_f32_to_f64(uint32_t a, unsigned *fl);

#undef FPU_DECLARE_SOFT
#undef FPU_DECLARE_HOST

#endif
