/* Whole-machine snapshots (devices/snapshot.c): a program stopped half
 * way, saved, loaded into a fresh machine, finishes there with the values
 * arithmetic says (sum 1..1000 = 500500 in an integer register, in RAM and
 * through the FPU), time continues from the saved mtime; and bad streams
 * (every truncation, every corrupted byte, another format version, another
 * RAM size, hart count, ISA or device set) are refused with one line and
 * leave the target machine exactly as it was. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "check_main.h"
#include "cpu/csr.h"
#include "cpu/hart_state.h"
#include "devices/board.h"
#include "devices/snapshot.h"
#include "devices/snapshot_lz.h"

#define RAM 0x80000000ull
#define CLINT_MTIME (VIRT_CLINT + 0xbff8)

/* GNU as (riscv64-unknown-elf-gcc -march=rv64gc, -Ttext=0x80000000):
 *   li t0, 0x12345; csrw mscratch, t0; li t1, 0x2000; csrs mstatus, t1
 *   li a0, 0; li a1, 1; li a2, 1001; auipc a3, 1; andi a3, a3, -8
 *   fcvt.d.l fa0, zero
 * 1: add a0, a0, a1; sd a0, 0(a3); fcvt.d.l fa1, a1; fadd.d fa0, fa0, fa1
 *   addi a1, a1, 1; bne a1, a2, 1b
 *   fcvt.l.d a4, fa0
 * 2: j 2b                                  (at 0x80000038) */
static const uint32_t prog[] = {
    0x829b62c9, 0x90733452, 0x63093402, 0x30032073, 0x45854501, 0x3e900613,
    0x00001697, 0x75539ae1, 0x952ed220, 0xf5d3e288, 0x7553d225, 0x058502b5,
    0xfec599e3, 0xc2257753, 0x0000a001,
};
#define PROG_END 0x80000038ull
#define RESULT (0x80001018ull)     /* a3 = (0x80000018 + 0x1000) & ~7 */

struct shape {
    uint64_t ram;
    unsigned nharts;
    const char *isa;
    bool htif;
    enum engine engine;
};
static const struct shape base_shape = { 1 << 20, 1, "rv64gc", false, ENGINE_JIT };

static struct machine *make(struct shape s)
{
    struct machine_config c;
    memset(&c, 0, sizeof c);
    c.ram_size = s.ram;
    c.nharts = s.nharts;
    c.engine = s.engine;
    c.virtual_time = true;
    ck_assert(isa_parse(s.isa, &c.misa, &c.zext, NULL, 0));
    char err[256];
    struct machine *m = machine_new(&c, err, sizeof err);
    ck_assert_msg(m != NULL, "%s", err);
    uint8_t bytes[sizeof prog];
    for (size_t i = 0; i < sizeof prog / 4; i++)
        le_store(bytes + 4 * i, 4, prog[i]);
    ck_assert(machine_add_image(m, "prog", RAM, bytes, sizeof bytes, 0, err, sizeof err));
    if (s.htif)
        ck_assert(machine_add_htif(m, RAM + 0x8000, RAM + 0x8008, err, sizeof err));
    m->entry = RAM;
    machine_reset(m);
    return m;
}

static void run(struct machine *m, uint64_t n)
{
    struct machine_run_result r;
    machine_run(m, n, &r);
}

static uint64_t ld64(struct machine *m, uint64_t pa)
{
    uint64_t v = 0;
    ck_assert(bus_load(&m->bus, pa, 8, &v));
    return v;
}

static uint64_t csr(struct machine *m, unsigned num)
{
    uint64_t v = 0;
    ck_assert(hart_csr_read(&m->harts[0], num, &v));
    return v;
}

/* A machine part way through the loop, and its snapshot. */
static struct machine *saved_midway(struct dev_stream *s)
{
    struct machine *a = make(base_shape);
    run(a, 1500);
    uint64_t i = a->harts[0].x[11];
    ck_assert_msg(i > 10 && i < 990, "the loop should be under way (a1 = %llu)",
                  (unsigned long long)i);
    char err[256];
    ck_assert_msg(machine_snapshot_save(a, s, err, sizeof err), "%s", err);
    return a;
}

static void check_finished(struct machine *m)
{
    const struct hart *h = &m->harts[0];
    ck_assert_uint_eq(h->pc, PROG_END);
    ck_assert_uint_eq(h->x[10], 500500);
    ck_assert_uint_eq(h->x[14], 500500);            /* via fadd.d */
    ck_assert_uint_eq(ld64(m, RESULT), 500500);
    ck_assert_uint_eq(csr(m, CSR_mscratch), 0x12345);
    ck_assert_uint_eq((csr(m, CSR_mstatus) >> 13) & 3, 3);   /* FS Dirty */
}

START_TEST(round_trip)
{
    struct dev_stream s = {0};
    struct machine *a = saved_midway(&s);
    uint64_t mtime = ld64(a, CLINT_MTIME), instret = a->harts[0].instret;
    uint64_t i = a->harts[0].x[11];

    struct shape sh = base_shape;
    sh.engine = (enum engine)_i;    /* any engine restores it */
    struct machine *b = make(sh);
    run(b, 50);                     /* some other state, to be replaced */
    char err[256];
    ck_assert_msg(machine_snapshot_load(b, &s, err, sizeof err), "%s", err);
    /* every saved word came back (the table round-trips) */
    unsigned nw = hart_state_words();
    uint64_t wa[nw], wb[nw];
    hart_state_get(&a->harts[0], wa);
    hart_state_get(&b->harts[0], wb);
    for (unsigned k = 0; k < nw; k++)
        ck_assert_msg(wa[k] == wb[k], "hart state word %u differs", k);
    ck_assert_uint_eq(ld64(b, CLINT_MTIME), mtime);
    ck_assert_uint_eq(b->harts[0].instret, instret);
    ck_assert_uint_eq(b->harts[0].x[11], i);
    run(b, 20000);
    check_finished(b);
    /* time went on from the saved value, not from b's own */
    ck_assert_uint_gt(ld64(b, CLINT_MTIME), mtime);
    machine_free(a);
    machine_free(b);
    dev_stream_free(&s);
}
END_TEST

/* Two harts (both run the program, round-robin): each one's state and the
 * scheduler's turn come back. */
START_TEST(two_harts)
{
    struct shape sh = base_shape;
    sh.nharts = 2;
    struct machine *a = make(sh);
    run(a, 2500);                   /* hart 0's turn */
    run(a, 1300);                   /* hart 1's */
    struct dev_stream s = {0};
    char err[256];
    ck_assert_msg(machine_snapshot_save(a, &s, err, sizeof err), "%s", err);
    uint64_t i0 = a->harts[0].x[11], i1 = a->harts[1].x[11];
    ck_assert(i0 > 10 && i1 > 10 && i0 < 990 && i1 < 990 && i0 != i1);
    struct machine *b = make(sh);
    ck_assert_msg(machine_snapshot_load(b, &s, err, sizeof err), "%s", err);
    ck_assert_uint_eq(b->harts[0].x[11], i0);
    ck_assert_uint_eq(b->harts[1].x[11], i1);
    ck_assert_uint_eq(b->harts[1].mhartid, 1);
    ck_assert_uint_eq(b->sched.next_hart, a->sched.next_hart);
    run(b, 40000);
    for (unsigned h = 0; h < 2; h++) {
        ck_assert_uint_eq(b->harts[h].pc, PROG_END);
        ck_assert_uint_eq(b->harts[h].x[10], 500500);
        ck_assert_uint_eq(b->harts[h].x[14], 500500);
    }
    machine_free(a);
    machine_free(b);
    dev_stream_free(&s);
}
END_TEST

/* The snapshot of a machine loaded into itself after it ran on. */
START_TEST(load_into_self)
{
    struct dev_stream s = {0};
    struct machine *a = saved_midway(&s);
    run(a, 20000);
    check_finished(a);
    bus_store(&a->bus, RESULT, 8, 7);
    char err[256];
    ck_assert_msg(machine_snapshot_load(a, &s, err, sizeof err), "%s", err);
    ck_assert_uint_ne(ld64(a, RESULT), 7);
    run(a, 20000);
    check_finished(a);
    machine_free(a);
    dev_stream_free(&s);
}
END_TEST

/* What a refused load must leave alone. */
struct fingerprint {
    uint64_t pc, x[32], mtime;
    uint32_t ram_crc;
};

static struct fingerprint fingerprint(struct machine *m)
{
    struct fingerprint f;
    memset(&f, 0, sizeof f);       /* the padding too: compared whole */
    f.pc = m->harts[0].pc;
    memcpy(f.x, m->harts[0].x, sizeof f.x);
    f.mtime = ld64(m, CLINT_MTIME);
    f.ram_crc = (uint32_t)crc32(0, m->bus.ram, (uInt)m->bus.ram_size);
    return f;
}

static void expect_refused(struct machine *m, struct dev_stream *s, const char *why)
{
    struct fingerprint before = fingerprint(m);
    char err[512] = "";
    s->pos = 0;
    s->error = false;
    ck_assert(!machine_snapshot_load(m, s, err, sizeof err));
    ck_assert_msg(strstr(err, why) != NULL, "'%s' should say '%s'", err, why);
    ck_assert_ptr_null(strchr(err, '\n'));
    struct fingerprint after = fingerprint(m);
    ck_assert(memcmp(&before, &after, sizeof before) == 0);
}

START_TEST(truncated_and_corrupted)
{
    struct dev_stream s = {0};
    struct machine *a = saved_midway(&s);
    struct machine *b = make(base_shape);
    run(b, 100);
    size_t len = s.len;
    /* every prefix */
    for (size_t n = 0; n < len; n += (n < 64 || len - n < 64) ? 1 : 7) {
        s.len = n;
        struct fingerprint before = fingerprint(b);
        char err[512] = "";
        s.pos = 0;
        ck_assert_msg(!machine_snapshot_load(b, &s, err, sizeof err), "prefix %zu loaded", n);
        struct fingerprint after = fingerprint(b);
        ck_assert(memcmp(&before, &after, sizeof before) == 0);
    }
    s.len = len;
    expect_refused(b, &(struct dev_stream){ .buf = s.buf, .len = len - 1 }, "checksum");
    /* every byte flipped */
    for (size_t k = 0; k < len; k += (k < 4096 ? 1 : 13)) {
        s.buf[k] ^= 0x5a;
        s.pos = 0;
        char err[512] = "";
        ck_assert_msg(!machine_snapshot_load(b, &s, err, sizeof err), "byte %zu", k);
        s.buf[k] ^= 0x5a;
    }
    machine_free(a);
    machine_free(b);
    dev_stream_free(&s);
}
END_TEST

/* Another version, with a valid checksum over it. */
START_TEST(wrong_version)
{
    struct dev_stream s = {0};
    struct machine *a = saved_midway(&s);
    struct machine *b = make(base_shape);
    le_store(s.buf + 8, 4, SNAPSHOT_VERSION + 1);
    le_store(s.buf + s.len - 4, 4, (uint32_t)crc32(0, s.buf, (uInt)s.len - 4));
    expect_refused(b, &s, "version");
    memcpy(s.buf, "ELF", 3);
    expect_refused(b, &s, "not an rvx snapshot");
    machine_free(a);
    machine_free(b);
    dev_stream_free(&s);
}
END_TEST

START_TEST(other_shapes)
{
    struct dev_stream s = {0};
    struct machine *a = saved_midway(&s);
    static const struct { struct shape sh; const char *why; } cases[] = {
        { { 2 << 20, 1, "rv64gc", false, ENGINE_JIT }, "MiB of RAM" },
        { { 1 << 20, 2, "rv64gc", false, ENGINE_JIT }, "harts" },
        { { 1 << 20, 1, "rv64gc_zba", false, ENGINE_JIT }, "ISA" },
        { { 1 << 20, 1, "rv64gc", true, ENGINE_JIT }, "htif" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct machine *b = make(cases[i].sh);
        run(b, 100);
        expect_refused(b, &s, cases[i].why);
        machine_free(b);
    }
    machine_free(a);
    dev_stream_free(&s);
}
END_TEST

START_TEST(files)
{
    struct dev_stream s = {0};
    struct machine *a = saved_midway(&s);
    char path[] = "/tmp/rvx_snap_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    char err[512];
    ck_assert_msg(machine_snapshot_write_file(a, path, err, sizeof err), "%s", err);
    struct machine *b = make(base_shape);
    ck_assert_msg(machine_snapshot_read_file(b, path, err, sizeof err), "%s", err);
    run(b, 20000);
    check_finished(b);
    /* a file cut short */
    ck_assert_int_eq(truncate(path, 100), 0);
    ck_assert(!machine_snapshot_read_file(b, path, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, path));
    unlink(path);
    ck_assert(!machine_snapshot_read_file(b, path, err, sizeof err));
    ck_assert_ptr_nonnull(strstr(err, "No such file"));
    machine_free(a);
    machine_free(b);
    dev_stream_free(&s);
}
END_TEST

/* ---- another host's snapshot ---- */

/* tests/unit/data/snapshot_x86_64.snap was written by the x86-64 build (this
 * test with RVX_SNAPSHOT_FIXTURE_OUT=FILE writes saved_midway's snapshot
 * there); every build, the arm64 and big-endian s390x cross builds among
 * them (tests/cross/run.sh), loads it and finishes the program with the
 * right sums.  A change to the format or to cpu/hart_state.c's table makes
 * this fail by design: write the file again. */
START_TEST(snapshot_from_x86_64)
{
    char err[512];
    const char *out = getenv("RVX_SNAPSHOT_FIXTURE_OUT");
    if (out) {
        struct dev_stream s = {0};
        struct machine *a = saved_midway(&s);
        FILE *f = fopen(out, "wb");
        ck_assert(f && fwrite(s.buf, 1, s.len, f) == s.len && fclose(f) == 0);
        machine_free(a);
        dev_stream_free(&s);
    }
    struct machine *b = make(base_shape);
    ck_assert_msg(machine_snapshot_read_file(b, SNAPSHOT_FIXTURE, err, sizeof err), "%s", err);
    ck_assert_uint_gt(b->harts[0].x[11], 10);   /* under way, not at the start */
    run(b, 20000);
    check_finished(b);
    machine_free(b);
}
END_TEST

/* ---- dirty pages ---- */

/* Stores of every engine (the JIT's inlined ones too) and device DMA mark
 * exactly the pages they write; a collected page is watched again. */
START_TEST(dirty_tracking)
{
    struct shape sh = base_shape;
    sh.engine = (enum engine)_i;
    struct machine *a = make(sh);
    run(a, 300);                    /* translated, TLBs filled: the fast paths */
    uint64_t npages = a->bus.ram_size >> PAGE_SHIFT, want[(256 + 63) / 64];
    ck_assert_uint_le(npages, 256);
    ck_assert(machine_dirty_start(a));
    for (int round = 0; round < 2; round++) {
        memset(want, 0, sizeof want);
        run(a, 600);
        ck_assert_uint_eq(machine_dirty_collect(a, want), 1);
        ck_assert_uint_eq(want[0], 1u << 1);    /* RESULT's page only */
    }
    memset(want, 0, sizeof want);
    uint8_t b[16] = {1};
    ck_assert(bus_dma_write(&a->bus, RAM + 5 * PAGE_SIZE - 8, b, sizeof b));
    ck_assert_uint_eq(machine_dirty_collect(a, want), 2);
    ck_assert_uint_eq(want[0], 3u << 4);
    machine_dirty_stop(a);
    run(a, 20000);
    check_finished(a);
    machine_free(a);
}
END_TEST

/* ---- the compressor ---- */

static void lz_round_trip(const uint8_t *src, size_t n)
{
    uint8_t *c = malloc(LZ_BOUND(n)), *d = malloc(n + 1);
    size_t len = lz_compress(src, n, c);
    ck_assert_uint_le(len, LZ_BOUND(n));
    ck_assert(lz_decompress(c, len, d, n));
    ck_assert(n == 0 || memcmp(src, d, n) == 0);
    /* the wrong size is refused, both ways */
    ck_assert(!lz_decompress(c, len, d, n + 1));
    if (n)
        ck_assert(!lz_decompress(c, len, d, n - 1));
    free(c);
    free(d);
}

START_TEST(lz)
{
    enum { N = 1 << 18 };
    uint8_t *src = calloc(N, 1);
    uint64_t seed = 42;
    /* zeros: a page becomes a few bytes */
    uint8_t c[LZ_BOUND(4096)];
    ck_assert_uint_lt(lz_compress(src, 4096, c), 32);
    lz_round_trip(src, N);
    for (size_t n = 0; n < 40; n++)
        lz_round_trip(src, n);
    /* random bytes, text-like repeats, words with zero gaps */
    for (size_t i = 0; i < N; i++)
        src[i] = (uint8_t)xorshift64(&seed);
    lz_round_trip(src, N);
    for (size_t n = 0; n < 40; n++)
        lz_round_trip(src, n);
    for (size_t i = 0; i < N; i++)
        src[i] = "the quick brown fox jumps over the lazy dog "[i % 44] ^ (i % 997 == 0);
    lz_round_trip(src, N);
    for (size_t i = 0; i < N; i++)
        src[i] = (i % 64 < 8) ? (uint8_t)(i / 64) : 0;
    lz_round_trip(src, N);
    /* malformed blocks: every truncation and byte flip of a small block
     * is refused or yields exactly n bytes, never an access out of bounds
     * (the ASan build runs this) */
    size_t n = 8192;
    uint8_t *cb = malloc(LZ_BOUND(n)), *out = malloc(n);
    size_t len = lz_compress(src, n, cb);
    for (size_t k = 0; k < len; k++)
        ck_assert(!lz_decompress(cb, k, out, n));
    for (size_t k = 0; k < len; k++)
        for (unsigned bit = 0; bit < 8; bit++) {
            cb[k] ^= (uint8_t)(1u << bit);
            lz_decompress(cb, len, out, n);
            cb[k] ^= (uint8_t)(1u << bit);
        }
    free(cb);
    free(out);
    free(src);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("machine_snapshot");
    TCase *tc = tcase_create("snapshot");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, round_trip, ENGINE_INTERP, ENGINE_JIT + 1);
    tcase_add_test(tc, load_into_self);
    tcase_add_test(tc, two_harts);
    tcase_add_test(tc, truncated_and_corrupted);
    tcase_add_test(tc, wrong_version);
    tcase_add_test(tc, other_shapes);
    tcase_add_test(tc, files);
    tcase_add_test(tc, snapshot_from_x86_64);
    tcase_add_loop_test(tc, dirty_tracking, ENGINE_INTERP, ENGINE_JIT + 1);
    tcase_add_test(tc, lz);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
