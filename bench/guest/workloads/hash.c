/* Integer: hashing.  A 64-bit multiply-rotate hash (in the style of
 * xxHash64's round: lane += v * P2; rotl 31; *= P1) over a 256 KiB buffer,
 * plus FNV-1a over its bytes, both repeated; the buffer changes between
 * passes so no pass can be skipped.  Exercises 64-bit mul, shifts, rotates,
 * sequential loads within the L2 cache. */
#include "bench.h"

const char bench_name[] = "hash";

#define WORDS (256 * 1024 / 8)
#define P1 0x9E3779B185EBCA87ull
#define P2 0xC2B2AE3D27D4EB4Full
#define P3 0x165667B19E3779F9ull

static inline uint64_t rotl(uint64_t x, unsigned r) { return x << r | x >> (64 - r); }

static inline uint64_t round64(uint64_t acc, uint64_t v)
{
    acc += v * P2;
    acc = rotl(acc, 31);
    return acc * P1;
}

static uint64_t lane_hash(const uint64_t *w, size_t n, uint64_t seed)
{
    uint64_t a = seed + P1 + P2, b = seed + P2, c = seed, d = seed - P1;
    for (size_t i = 0; i + 4 <= n; i += 4) {
        a = round64(a, w[i]);
        b = round64(b, w[i + 1]);
        c = round64(c, w[i + 2]);
        d = round64(d, w[i + 3]);
    }
    uint64_t h = rotl(a, 1) + rotl(b, 7) + rotl(c, 12) + rotl(d, 18);
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    return h ^ (h >> 32);
}

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

uint64_t bench_run(void)
{
    uint64_t *w = bench_arena(WORDS * 8);
    uint64_t s = 0x1234567;
    for (size_t i = 0; i < WORDS; i++)
        w[i] = bench_rand(&s);
    uint64_t sum = 0;
    unsigned passes = BENCH_SCALE(24000, 6000);
    for (unsigned p = 0; p < passes; p++) {
        uint64_t h = lane_hash(w, WORDS, p);
        if (p % 8 == 0)
            h ^= fnv1a((const uint8_t *)w, WORDS * 8 / 4);
        w[h % WORDS] ^= h;
        sum = bench_mix(sum, h);
    }
    return sum;
}
