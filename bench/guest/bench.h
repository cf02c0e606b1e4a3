/* The interface between a bench workload and its harness.
 *
 * A workload is one portable C file defining bench_run(); it is built twice:
 * for the host (harness_host.c prints the checksum, which becomes the
 * expected value) and for RV64GC bare metal (harness_rv.c compares the
 * guest's checksum with it and exits non-zero on a mismatch), so every
 * benchmark run is also a correctness check against the host CPU. */
#ifndef RVX_BENCH_H
#define RVX_BENCH_H

#include <stddef.h>
#include <stdint.h>

/* The workload: returns its checksum. */
uint64_t bench_run(void);

/* The workload's name (defined by the workload). */
extern const char bench_name[];

/* A page-aligned scratch region of len bytes; on the guest it is the free RAM
 * after the image (or, with BENCH_PAGED, that RAM seen through 4 KiB pages). */
void *bench_arena(size_t len);

/* Progress output (a line); on the guest through the HTIF console. */
void bench_print(const char *s);

/* Workload size: the default build is a few seconds on QEMU, the
 * -DBENCH_QUICK build about a third of that. */
#ifdef BENCH_QUICK
#define BENCH_SCALE(full, quick) (quick)
#else
#define BENCH_SCALE(full, quick) (full)
#endif

/* A small fast generator both builds share (xorshift64*, Vigna 2014). */
static inline uint64_t bench_rand(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1Dull;
}

static inline uint64_t bench_mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
    return h;
}

#endif
