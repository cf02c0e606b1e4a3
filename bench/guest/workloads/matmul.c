/* Floating point: dense matrix multiply in double, C = A * B for 160x160
 * matrices in the cache-friendly i-k-j order, repeated with B perturbed each
 * round.  Exercises fmul/fadd throughput and FP loads/stores; built with
 * -ffp-contract=off so no fused multiply-add changes the rounding between
 * the host and the guest. */
#include "bench.h"

const char bench_name[] = "matmul";

#define DIM 160

static uint64_t bits(double d)
{
    union { double d; uint64_t u; } c = { d };
    return c.u;
}

static void multiply(double *c, const double *a, const double *b)
{
    for (int i = 0; i < DIM * DIM; i++)
        c[i] = 0;
    for (int i = 0; i < DIM; i++)
        for (int k = 0; k < DIM; k++) {
            double aik = a[i * DIM + k];
            const double *brow = &b[k * DIM];
            double *crow = &c[i * DIM];
            for (int j = 0; j < DIM; j++)
                crow[j] += aik * brow[j];
        }
}

uint64_t bench_run(void)
{
    double *a = bench_arena(3 * DIM * DIM * sizeof(double));
    double *b = a + DIM * DIM, *c = b + DIM * DIM;
    uint64_t s = 7;
    /* Values in [-1, 1) with 53 random bits: exact in both builds. */
    for (int i = 0; i < DIM * DIM; i++) {
        a[i] = (double)(int64_t)(bench_rand(&s) >> 11) / 4503599627370496.0 - 1.0;
        b[i] = (double)(int64_t)(bench_rand(&s) >> 11) / 4503599627370496.0 - 1.0;
    }
    uint64_t sum = 0;
    unsigned rounds = BENCH_SCALE(50, 12);
    for (unsigned r = 0; r < rounds; r++) {
        multiply(c, a, b);
        double trace = 0;
        for (int i = 0; i < DIM; i++)
            trace += c[i * DIM + i];
        sum = bench_mix(sum, bits(trace) ^ bits(c[r % (DIM * DIM)]));
        /* Feed the result back, scaled to stay in range. */
        for (int i = 0; i < DIM * DIM; i++)
            b[i] = b[i] * 0.5 + c[i] * (1.0 / 256);
    }
    return sum;
}
