/* The executor's inline FP fast paths (cpu/fpu.h) against the soft-float
 * reference: whenever a fast path answers, its result must be the
 * reference's bit for bit, and the reference must raise nothing but NX
 * (which the fast path only runs with already set). */
#include <check.h>
#include <stdlib.h>

#include "check_main.h"
#include "cpu/fpu.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(void) { return xorshift64(&rng_state); }

/* Random doubles biased toward the edges of the fast paths' range. */
static uint64_t rnd64(void)
{
    uint64_t r = rnd();
    static const unsigned exps[] = { 0, 1, 2, 100, 110, 111, 500, 1023, 1900, 2000, 2045, 2046, 2047 };
    if (r & 1)
        r = (r & 0x800fffffffffffffull) | (uint64_t)exps[(r >> 8) % 13] << 52;
    return r;
}

static uint32_t rnd32(void)
{
    uint32_t r = (uint32_t)rnd();
    static const unsigned exps[] = { 0, 1, 2, 50, 52, 53, 100, 127, 200, 250, 252, 253, 254, 255 };
    if (r & 1)
        r = (r & 0x807fffffu) | exps[(r >> 8) % 14] << 23;
    return r;
}

typedef bool (*fast64_fn)(uint64_t, uint64_t, unsigned, uint64_t *);
typedef uint64_t (*full64_fn)(uint64_t, uint64_t, int, unsigned *);
typedef bool (*fast32_fn)(uint32_t, uint32_t, unsigned, uint32_t *);
typedef uint32_t (*full32_fn)(uint32_t, uint32_t, int, unsigned *);

static unsigned check64(fast64_fn fast, full64_fn full, const char *name)
{
    unsigned taken = 0;
    for (int i = 0; i < 300000; i++) {
        uint64_t a = rnd64(), b = rnd64(), r;
        if (!fast(a, b, FFLAG_NX, &r))
            continue;
        taken++;
        unsigned fl = 0;
        uint64_t want = full(a, b, FRM_RNE, &fl);
        ck_assert_msg(r == want, "%s(%016llx, %016llx) = %016llx, reference %016llx", name,
                      (unsigned long long)a, (unsigned long long)b,
                      (unsigned long long)r, (unsigned long long)want);
        ck_assert_msg((fl & ~(unsigned)FFLAG_NX) == 0, "%s: reference raised %#x", name, fl);
    }
    return taken;
}

static unsigned check32(fast32_fn fast, full32_fn full, const char *name)
{
    unsigned taken = 0;
    for (int i = 0; i < 300000; i++) {
        uint32_t a = rnd32(), b = rnd32(), r;
        if (!fast(a, b, FFLAG_NX, &r))
            continue;
        taken++;
        unsigned fl = 0;
        uint32_t want = full(a, b, FRM_RNE, &fl);
        ck_assert_msg(r == want, "%s(%08x, %08x) = %08x, reference %08x", name, a, b, r, want);
        ck_assert_msg((fl & ~(unsigned)FFLAG_NX) == 0, "%s: reference raised %#x", name, fl);
    }
    return taken;
}

/* Square roots, against the soft backend's. */
static unsigned check_sqrt(void)
{
    unsigned taken = 0;
    for (int i = 0; i < 300000; i++) {
        uint64_t a = rnd64(), r;
        uint32_t a32 = rnd32(), r32;
        unsigned fl = 0;
        if (f64_sqrt_fast(a, FFLAG_NX, &r)) {
            taken++;
            fpu_set_backend(FPU_SOFT);
            uint64_t want = f64_sqrt(a, FRM_RNE, &fl);
            fpu_set_backend(FPU_HOST);
            ck_assert_msg(r == want, "sqrt64(%016llx) = %016llx, reference %016llx",
                          (unsigned long long)a, (unsigned long long)r,
                          (unsigned long long)want);
        }
        if (f32_sqrt_fast(a32, FFLAG_NX, &r32)) {
            taken++;
            fpu_set_backend(FPU_SOFT);
            uint32_t want = f32_sqrt(a32, FRM_RNE, &fl);
            fpu_set_backend(FPU_HOST);
            ck_assert_msg(r32 == want, "sqrt32(%08x) = %08x, reference %08x", a32, r32, want);
        }
        ck_assert_msg((fl & ~(unsigned)FFLAG_NX) == 0, "sqrt: reference raised %#x", fl);
    }
    return taken;
}

START_TEST(gating)
{
    if (!FPU_INLINE_FAST)
        return;     /* nothing to compare on this host: the executor never takes them */
    ck_assert(fpu_set_backend(FPU_HOST));
    /* the fast paths run only with NX already set and the host backend on */
    uint64_t r;
    ck_assert(!f64_add_fast(0x3ff0000000000000ull, 0x3ff0000000000000ull, 0, &r));
    ck_assert(f64_add_fast(0x3ff0000000000000ull, 0x3ff0000000000000ull, FFLAG_NX, &r));
    ck_assert_uint_eq(r, 0x4000000000000000ull);
    /* with the soft-float selected the fast paths stand aside */
    ck_assert(fpu_set_backend(FPU_SOFT));
    ck_assert(!f64_add_fast(0x3ff0000000000000ull, 0x3ff0000000000000ull, FFLAG_NX, &r));
    fpu_set_backend(FPU_HOST);
}
END_TEST

/* The reference for each op: the full function with the soft backend. */
#define SOFT(W, op)                                                            \
    static uint##W##_t soft_##W##_##op(uint##W##_t a, uint##W##_t b, int rm, unsigned *fl) \
    {                                                                          \
        fpu_set_backend(FPU_SOFT);                                             \
        uint##W##_t r = f##W##_##op(a, b, rm, fl);                             \
        fpu_set_backend(FPU_HOST);                                             \
        return r;                                                              \
    }
SOFT(64, add) SOFT(64, sub) SOFT(64, mul) SOFT(64, div)
SOFT(32, add) SOFT(32, sub) SOFT(32, mul) SOFT(32, div)

START_TEST(random_operands)
{
    if (!FPU_INLINE_FAST || !fpu_set_backend(FPU_HOST))
        return;
    unsigned taken = 0;
    taken += check64(f64_add_fast, soft_64_add, "add64");
    taken += check64(f64_sub_fast, soft_64_sub, "sub64");
    taken += check64(f64_mul_fast, soft_64_mul, "mul64");
    taken += check64(f64_div_fast, soft_64_div, "div64");
    taken += check32(f32_add_fast, soft_32_add, "add32");
    taken += check32(f32_sub_fast, soft_32_sub, "sub32");
    taken += check32(f32_mul_fast, soft_32_mul, "mul32");
    taken += check32(f32_div_fast, soft_32_div, "div32");
    unsigned roots = check_sqrt();
    ck_assert_msg(roots > 100000, "sqrt fast paths taken only %u times", roots);
    taken += roots;
    ck_assert_msg(taken > 500000, "fast paths taken only %u times", taken);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("fpu_fast");
    TCase *tc = tcase_create("inline");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, gating);
    tcase_add_test(tc, random_operands);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
