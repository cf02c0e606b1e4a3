/* Litmus programs for harts on host threads (README, "SMP"): NHARTS harts
 * (a compile-time constant) run each test below in turn, 2^20 iterations
 * in total per test, and hart 0 prints one line per test:
 *
 *   amo      amoadd.d on one counter from every hart: the final value is
 *            exact (an AMO is one atomic read-modify-write);
 *   lrsc     an LR/SC spinlock (lr.w.aq, sc.w; release by fence rw,w and
 *            a plain store) guarding a plain load-add-store counter: exact;
 *   cas      amocas.d increment loops (Zacas): exact;
 *   mp       message passing, pairs of harts: data = k; fence w,w;
 *            flag = k against f = flag; fence r,r; d = data.  d < f is
 *            the outcome RVWMO forbids (MP+fence.w.w+fence.r.r);
 *   mp-nofence  the same without the fences: d < f is allowed, counted;
 *   sb       store buffering, pairs: x = k; fence rw,rw; a[k] = y against
 *            y = j; fence rw,rw; b[j] = x.  Forbidden: some k, j with
 *            a[k] < j and b[j] < k (each read missed the other's earlier
 *            write: a cycle in the global memory order);
 *   sb-nofence  the same without the fences: allowed, counted.
 *
 * The expected values come from the Unprivileged spec's RVWMO rules
 * (chapter "RVWMO Memory Consistency Model", and its litmus appendix for
 * MP and SB), not from rvx.  A line ends "ok" or "FAIL"; the exit status
 * (HTIF) is 0 only if every test passed.  Harts that finish wait in wfi;
 * the last one wakes hart 0 with a CLINT IPI (msip). */
#include <stdint.h>

#define TOTAL (1u << 20)
#define PAIRS (NHARTS / 2)
#define CLINT_MSIP ((volatile uint32_t *)0x2000000)

volatile uint64_t tohost __attribute__((section(".tohost"), aligned(8)));
volatile uint64_t fromhost __attribute__((section(".tohost"), aligned(8)));

struct line { volatile uint64_t v; uint64_t pad[7]; };

static struct line arrived, gate, finished;
static struct line counter, lock_word;
static struct line mp_data[16], mp_flag[16], sb_x[16], sb_y[16];
static uint32_t sb_a[TOTAL + 16], sb_b[TOTAL + 16];
static uint64_t relaxed[16];

static void putch(char c)
{
    tohost = 1ull << 56 | 1ull << 48 | (uint8_t)c;
    while (tohost != 0)
        ;
    fromhost = 0;
}

static void puts_(const char *s)
{
    while (*s)
        putch(*s++);
}

static void putdec(uint64_t v)
{
    char buf[24];
    int n = 0;
    do
        buf[n++] = (char)('0' + v % 10);
    while (v /= 10);
    while (n)
        putch(buf[--n]);
}

static uint64_t amoadd(volatile uint64_t *p, uint64_t v)
{
    uint64_t old;
    __asm__ volatile("amoadd.d.aqrl %0, %2, (%1)" : "=r"(old) : "r"(p), "r"(v) : "memory");
    return old;
}

/* All NHARTS harts meet here between tests (round r = 1, 2, ...). */
static void barrier(uint64_t round)
{
    if (amoadd(&arrived.v, 1) == round * NHARTS - 1)
        amoadd(&gate.v, 1);
    while (gate.v < round)
        ;
    __asm__ volatile("fence rw,rw" ::: "memory");
}

static void test_amo(unsigned id)
{
    (void)id;
    for (unsigned i = 0; i < TOTAL / NHARTS; i++)
        amoadd(&counter.v, 1);
}

static void spin_lock(volatile uint64_t *l)
{
    uint64_t t, one = 1;
    __asm__ volatile("1: lr.d.aq %0, (%1)\n"
                     "   bnez %0, 1b\n"
                     "   sc.d %0, %2, (%1)\n"
                     "   bnez %0, 1b"
                     : "=&r"(t) : "r"(l), "r"(one) : "memory");
}

static void spin_unlock(volatile uint64_t *l)
{
    __asm__ volatile("fence rw,w" ::: "memory");
    *l = 0;
}

static void test_lrsc(unsigned id)
{
    (void)id;
    for (unsigned i = 0; i < TOTAL / NHARTS; i++) {
        spin_lock(&lock_word.v);
        counter.v = counter.v + 1;     /* plain load, add, store */
        spin_unlock(&lock_word.v);
    }
}

/* amocas.d rd, rs2, (rs1), written with .insn for assemblers without
 * Zacas: AMO major opcode, funct3 3, funct5 00101 with aq and rl. */
static uint64_t amocas_d(volatile uint64_t *p, uint64_t expect, uint64_t nv)
{
    __asm__ volatile(".insn r 0x2f, 3, 0x17, %0, %1, %2"
                     : "+r"(expect) : "r"(p), "r"(nv) : "memory");
    return expect;
}

static void test_cas(unsigned id)
{
    (void)id;
    for (unsigned i = 0; i < TOTAL / NHARTS; i++) {
        uint64_t old = counter.v;
        for (;;) {
            uint64_t seen = amocas_d(&counter.v, old, old + 1);
            if (seen == old)
                break;
            old = seen;
        }
    }
}

/* Message passing: even harts write, odd harts read (pair id / 2). */
static void test_mp(unsigned id, int fenced)
{
    unsigned p = id / 2;
    uint64_t n = TOTAL / PAIRS, bad = 0;
    if (id % 2 == 0) {
        for (uint64_t k = 1; k <= n; k++) {
            mp_data[p].v = k;
            if (fenced)
                __asm__ volatile("fence w,w" ::: "memory");
            else
                __asm__ volatile("" ::: "memory");
            mp_flag[p].v = k;
        }
        return;
    }
    for (;;) {
        uint64_t f = mp_flag[p].v;
        if (fenced)
            __asm__ volatile("fence r,r" ::: "memory");
        else
            __asm__ volatile("" ::: "memory");
        uint64_t d = mp_data[p].v;
        bad += d < f;
        if (f == n)
            break;
    }
    relaxed[p] = bad;
}

/* Store buffering: even harts write x and read y, odd harts the reverse;
 * the reads are kept for the check hart 0 makes afterwards. */
static void test_sb(unsigned id, int fenced)
{
    unsigned p = id / 2;
    uint32_t n = TOTAL / PAIRS;
    volatile uint64_t *mine = id % 2 ? &sb_y[p].v : &sb_x[p].v;
    volatile uint64_t *other = id % 2 ? &sb_x[p].v : &sb_y[p].v;
    uint32_t *out = (id % 2 ? sb_b : sb_a) + p * n;
    for (uint32_t k = 1; k <= n; k++) {
        *mine = k;
        if (fenced)
            __asm__ volatile("fence rw,rw" ::: "memory");
        else
            __asm__ volatile("" ::: "memory");
        out[k - 1] = (uint32_t)*other;
    }
}

/* The cycles of pair p: iteration j of the odd hart read x = b[j] (it
 * missed the even hart's writes b[j]+1..); the even hart's read at
 * iteration b[j]+1 is the smallest of all its later reads (reads of y
 * never go back: coherence), so a cycle through j exists iff that read
 * missed write j as well. */
static uint64_t sb_cycles(unsigned p)
{
    uint32_t n = TOTAL / PAIRS;
    const uint32_t *a = sb_a + p * n, *b = sb_b + p * n;
    uint64_t cycles = 0;
    for (uint32_t j = 1; j <= n; j++) {
        uint32_t k = b[j - 1] + 1;      /* first write of x that read missed */
        if (k <= n && a[k - 1] < j)
            cycles++;
    }
    return cycles;
}

static void run_test(unsigned t, unsigned id)
{
    switch (t) {
    case 0: test_amo(id); break;
    case 1: test_lrsc(id); break;
    case 2: test_cas(id); break;
    case 3: test_mp(id, 1); break;
    case 4: test_mp(id, 0); break;
    case 5: test_sb(id, 1); break;
    case 6: test_sb(id, 0); break;
    }
}

static const char *const names[] = { "amo", "lrsc", "cas", "mp", "mp-nofence", "sb", "sb-nofence" };
#define NTESTS 7

static void report(const char *name, const char *what, uint64_t value, int ok, int *fails)
{
    puts_("litmus ");
    puts_(name);
    puts_(" harts=");
    putdec(NHARTS);
    puts_(" iterations=");
    putdec(TOTAL);
    puts_(" ");
    puts_(what);
    puts_("=");
    putdec(value);
    puts_(ok ? " ok\n" : " FAIL\n");
    *fails += !ok;
}

/* Hart 0's part after test t: check and print. */
static void check(unsigned t, int *fails)
{
    uint64_t sum = 0;
    switch (t) {
    case 0: case 1: case 2:
        report(names[t], "final", counter.v, counter.v == TOTAL, fails);
        counter.v = 0;
        return;
    case 3: case 4:
        for (unsigned p = 0; p < PAIRS; p++)
            sum += relaxed[p];
        report(names[t], t == 3 ? "forbidden" : "relaxed", sum, t == 4 || sum == 0, fails);
        break;
    case 5: case 6:
        for (unsigned p = 0; p < PAIRS; p++)
            sum += sb_cycles(p);
        report(names[t], t == 5 ? "forbidden" : "relaxed", sum, t == 6 || sum == 0, fails);
        break;
    }
    for (unsigned p = 0; p < 16; p++) {
        relaxed[p] = 0;
        mp_data[p].v = mp_flag[p].v = sb_x[p].v = sb_y[p].v = 0;
    }
}

void litmus_main(unsigned id)
{
    int fails = 0;
    uint64_t round = 0;
    for (unsigned t = 0; t < NTESTS; t++) {
        barrier(++round);
        run_test(t, id);
        barrier(++round);
        if (id == 0)
            check(t, &fails);
    }
    /* the others wait in wfi; the last to finish wakes hart 0 */
    if (id != 0) {
        if (amoadd(&finished.v, 1) == NHARTS - 2)
            CLINT_MSIP[0] = 1;
        return;
    }
    __asm__ volatile("csrw mie, %0" :: "r"(1u << 3));  /* MSIE, MIE off */
    while (finished.v != NHARTS - 1)
        __asm__ volatile("wfi");
    CLINT_MSIP[0] = 0;
    puts_("litmus done\n");
    tohost = fails ? (uint64_t)fails << 1 | 1 : 1;
    for (;;)
        ;
}
