/* Branchy code: data-dependent, poorly predictable branches.  A character
 * classifier / tokenizer state machine over pseudo-random text, a binary
 * search of random keys in a sorted table, and a Collatz-like if-chain.
 * Exercises conditional branches and short basic blocks, the worst case for
 * a block cache (many small blocks, many exits). */
#include "bench.h"

const char bench_name[] = "branchy";

#define TEXT (128 * 1024)
#define TABLE 8192

enum { SPACE, WORD, NUMBER, PUNCT };

static uint64_t tokenize(const uint8_t *t, long n)
{
    uint64_t words = 0, numbers = 0, puncts = 0, lines = 0;
    int state = SPACE;
    for (long i = 0; i < n; i++) {
        uint8_t c = t[i];
        int cls;
        if (c == '\n') {
            lines++;
            cls = SPACE;
        } else if (c == ' ' || c == '\t') {
            cls = SPACE;
        } else if (c >= '0' && c <= '9') {
            cls = state == WORD ? WORD : NUMBER;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
            cls = WORD;
        } else {
            cls = PUNCT;
        }
        if (cls != state) {
            if (cls == WORD) words++;
            else if (cls == NUMBER) numbers++;
            else if (cls == PUNCT) puncts++;
        } else if (cls == PUNCT) {
            puncts++;
        }
        state = cls;
    }
    return words * 1000003 + numbers * 10007 + puncts * 101 + lines;
}

static long bsearch_u32(const uint32_t *a, long n, uint32_t key)
{
    long lo = 0, hi = n - 1;
    while (lo <= hi) {
        long mid = (lo + hi) / 2;
        if (a[mid] == key)
            return mid;
        if (a[mid] < key)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1 - lo;
}

static uint64_t ifchain(uint64_t x, int rounds)
{
    uint64_t acc = 0;
    for (int i = 0; i < rounds; i++) {
        if (x & 1)
            x = x * 3 + 1;
        else if ((x & 6) == 2)
            x >>= 1;
        else if (x % 5 == 0)
            x = x / 5 + 7;
        else
            x = (x >> 2) ^ acc;
        if (x > (1ull << 40))
            x &= 0xffffffff;
        acc += x & 0xff;
    }
    return acc;
}

uint64_t bench_run(void)
{
    uint8_t *text = bench_arena(TEXT + TABLE * 4);
    uint32_t *table = (uint32_t *)(text + TEXT);
    static const char alphabet[] = "etaoin shrdlu\n0123456789_ABCxyz+-*/(){};,.\t";
    uint64_t s = 2024, sum = 0;
    /* A sorted table with gaps: entries 0, 3, 6, ... plus noise below 3. */
    for (long i = 0; i < TABLE; i++)
        table[i] = (uint32_t)(i * 3 + (i & 1));
    unsigned rounds = BENCH_SCALE(120, 30);
    for (unsigned r = 0; r < rounds; r++) {
        for (long i = 0; i < TEXT; i++)
            text[i] = (uint8_t)alphabet[bench_rand(&s) % (sizeof alphabet - 1)];
        sum = bench_mix(sum, tokenize(text, TEXT));
        for (long i = 0; i < 100000; i++) {
            long at = bsearch_u32(table, TABLE, (uint32_t)(bench_rand(&s) % (TABLE * 3)));
            sum += (uint64_t)at;
        }
        sum = bench_mix(sum, ifchain(bench_rand(&s), 200000));
    }
    return sum;
}
