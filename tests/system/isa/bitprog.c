/* A checksum over the operations compilers turn into Zba, Zbb, Zbs and
 * Zicond code: scaled array indexing (sh1add..sh3add, add.uw), popcount,
 * leading and trailing zero counts, rotates, byte swaps, min/max, andn/orn,
 * single-bit set/clear/test, and conditional zeroing.  Built twice: for
 * the host with the host's compiler, and for the guest with
 * -march=rv64gc_zba_zbb_zbs (GCC 12 has no Zicond, so czero.eqz/nez are
 * written with .insn on RISC-V).  The two must print the same line. */
#include <stdint.h>
#include <stdio.h>

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)      /* xorshift64 */
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* rd = cond ? 0 : v, the way Zicond code selects */
static uint64_t zero_if(uint64_t v, uint64_t cond)
{
#if defined(__riscv)
    uint64_t r;
    __asm__(".insn r 0x33, 7, 0x07, %0, %1, %2" : "=r"(r) : "r"(v), "r"(cond)); /* czero.nez */
    return r;
#else
    return cond ? 0 : v;
#endif
}

static uint64_t keep_if(uint64_t v, uint64_t cond)
{
#if defined(__riscv)
    uint64_t r;
    __asm__(".insn r 0x33, 5, 0x07, %0, %1, %2" : "=r"(r) : "r"(v), "r"(cond)); /* czero.eqz */
    return r;
#else
    return cond ? v : 0;
#endif
}

static uint64_t rotl(uint64_t x, unsigned n) { return (x << (n & 63)) | (x >> (-n & 63)); }
static uint32_t rotr32(uint32_t x, unsigned n) { return (x >> (n & 31)) | (x << (-n & 31)); }

static uint64_t table[4096];
static uint32_t words[4096];
static uint16_t halves[4096];

int main(void)
{
    for (int i = 0; i < 4096; i++) {
        table[i] = next();
        words[i] = (uint32_t)next();
        halves[i] = (uint16_t)next();
    }
    uint64_t sum = 0;
    for (unsigned round = 0; round < 200000; round++) {
        uint64_t a = next(), b = next();
        uint32_t idx = (uint32_t)a & 4095;
        sum += table[idx] + words[(uint32_t)b & 4095] + halves[idx ^ 7];
        sum += (uint64_t)__builtin_popcountll(a) + (uint64_t)__builtin_popcount((uint32_t)b);
        sum += a ? (uint64_t)__builtin_clzll(a) : 64;
        sum += b ? (uint64_t)__builtin_ctzll(b) : 64;
        sum ^= rotl(a, (unsigned)b) + rotr32((uint32_t)a, (unsigned)(b >> 7));
        sum += __builtin_bswap64(b) ^ (a & ~b) ^ (a | ~b);
        int64_t sa = (int64_t)a, sb = (int64_t)b;
        sum += (uint64_t)(sa < sb ? sa : sb) ^ (a > b ? a : b);
        unsigned bit = (unsigned)(a >> 58);
        sum ^= (b | (1ull << bit)) + (b & ~(1ull << bit)) + ((b >> bit) & 1);
        sum += zero_if(a, b & 1) + keep_if(b, a & 2);
        sum += (uint64_t)(int64_t)(int8_t)a + (uint64_t)(int64_t)(int16_t)b + (uint16_t)a;
        table[idx] ^= sum;
    }
    printf("bitprog checksum %016llx\n", (unsigned long long)sum);
    return 0;
}
