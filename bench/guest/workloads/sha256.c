/* Integer: SHA-256 (FIPS 180-4) over 4 MiB, the work a distribution's boot
 * spends on checking package and module digests.  32-bit rotates, adds and
 * logic on a 64-bit ISA (every rotate is two shifts and an or in RV64GC;
 * the W forms keep the sums 32-bit), big-endian loads of the message.
 * Each pass hashes the buffer, then folds the digest into it so no pass
 * can be skipped.  The implementation first checks itself against the
 * standard's own example ("abc", FIPS 180-4 appendix / NIST's example
 * values), so a wrong SHA-256 cannot pass on both host and guest. */
#include "bench.h"

const char bench_name[] = "sha256";

#define BUF (4u << 20)

/* FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts of
 * the cube roots of the first 64 primes. */
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror(uint32_t x, unsigned r) { return x >> r | x << (32 - r); }

static inline uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* One 64-byte block into the state (FIPS 180-4 section 6.2.2). */
static void compress(uint32_t h[8], const uint8_t *blk)
{
    uint32_t w[64];
    for (int t = 0; t < 16; t++)
        w[t] = be32(blk + 4 * t);
    for (int t = 16; t < 64; t++) {
        uint32_t s0 = ror(w[t - 15], 7) ^ ror(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = ror(w[t - 2], 17) ^ ror(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (int t = 0; t < 64; t++) {
        uint32_t t1 = k + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t];
        uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
    h[4] += e; h[5] += f; h[6] += g; h[7] += k;
}

/* SHA-256 of msg[0..len) (len < 2^32 bytes) into h. */
static void sha256(const uint8_t *msg, size_t len, uint32_t h[8])
{
    static const uint32_t H0[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    for (int i = 0; i < 8; i++)
        h[i] = H0[i];
    size_t full = len / 64 * 64;
    for (size_t i = 0; i < full; i += 64)
        compress(h, msg + i);
    /* padding (section 5.1.1): 0x80, zeros, the bit length big-endian */
    uint8_t tail[128];
    size_t rest = len - full, n = rest + 9 <= 64 ? 64 : 128;
    for (size_t i = 0; i < n; i++)
        tail[i] = i < rest ? msg[full + i] : 0;
    tail[rest] = 0x80;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++)
        tail[n - 1 - i] = (uint8_t)(bits >> (8 * i));
    for (size_t i = 0; i < n; i += 64)
        compress(h, tail + i);
}

uint64_t bench_run(void)
{
    /* FIPS 180-4's example: SHA-256("abc") = ba7816bf 8f01cfea ... f20015ad */
    static const uint32_t abc[8] = { 0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
                                     0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad };
    uint32_t h[8];
    sha256((const uint8_t *)"abc", 3, h);
    for (int i = 0; i < 8; i++)
        if (h[i] != abc[i]) {
            bench_print("sha256: the FIPS 180-4 'abc' example failed");
            return 0;
        }
    uint8_t *buf = bench_arena(BUF);
    uint64_t s = 0x5eed;
    for (size_t i = 0; i < BUF; i += 8) {
        uint64_t v = bench_rand(&s);
        for (int k = 0; k < 8; k++)
            buf[i + k] = (uint8_t)(v >> (8 * k));
    }
    uint64_t sum = 0;
    unsigned passes = BENCH_SCALE(24, 6);
    for (unsigned p = 0; p < passes; p++) {
        sha256(buf, BUF - p, h);          /* lengths vary: the padding paths run */
        for (int i = 0; i < 8; i++) {
            buf[(size_t)h[i] % BUF] ^= (uint8_t)h[i];
            sum = bench_mix(sum, h[i]);
        }
    }
    return sum;
}
