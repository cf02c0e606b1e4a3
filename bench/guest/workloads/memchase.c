/* Memory and TLB: pointer chasing over 64 MiB.  One million 64-byte nodes
 * are linked into a single random cycle (Sattolo's shuffle), then walked;
 * every hop lands on a random 4 KiB page.  Built with BENCH_PAGED the guest
 * runs this in S-mode under Sv39 with the arena mapped by 4 KiB pages, so
 * nearly every hop misses any small TLB and costs a page walk (16 Ki pages).
 * A second phase does read-modify-write hops to exercise store translation. */
#include "bench.h"

const char bench_name[] = "memchase";

#define ARENA (64u << 20)
#define NODES (ARENA / 64)

struct node {
    uint64_t next;
    uint64_t val;
    uint64_t pad[6];
};

uint64_t bench_run(void)
{
    struct node *n = bench_arena(ARENA);
    for (uint64_t i = 0; i < NODES; i++) {
        n[i].next = i;
        n[i].val = i * 0x9E3779B97F4A7C15ull;
    }
    /* Sattolo: a uniformly random permutation with a single cycle. */
    uint64_t s = 99;
    for (uint64_t i = NODES - 1; i > 0; i--) {
        uint64_t j = bench_rand(&s) % i;
        uint64_t t = n[i].next;
        n[i].next = n[j].next;
        n[j].next = t;
    }
    uint64_t sum = 0, p = 0;
    long hops = BENCH_SCALE(3000000L, 600000L);
    for (long h = 0; h < hops; h++) {
        p = n[p].next;
        sum += p ^ n[p].val;
    }
    for (long h = 0; h < hops / 4; h++) {
        p = n[p].next;
        n[p].val += sum;
        sum = bench_mix(sum, n[p].val);
    }
    return bench_mix(sum, p);
}
