/* Regression tests for hart bugs found by the public compliance suites
 * (riscv-tests, riscv-arch-test).  Each test builds a small bare-metal
 * machine, writes a few instructions (encodings from the GNU assembler)
 * into RAM at 0x80000000 and checks the architectural state after
 * hart_run. */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "devices/board.h"

#define RAM_BASE 0x80000000ull

static struct machine *make_machine_engine(enum engine engine)
{
    struct machine_config c;
    memset(&c, 0, sizeof c);
    c.ram_size = 1ull << 20;
    c.misa = MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | MISA_EXT('F') |
             MISA_EXT('D') | MISA_EXT('C') | MISA_EXT('S') | MISA_EXT('U');
    c.nharts = 1;
    c.engine = engine;
    c.virtual_time = true;
    char err[256];
    struct machine *m = machine_new(&c, err, sizeof err);
    ck_assert_msg(m != NULL, "%s", err);
    m->entry = RAM_BASE;
    machine_reset(m);
    return m;
}

static struct machine *make_machine(void)
{
    return make_machine_engine(ENGINE_INTERP);
}

static void put_code_at(struct machine *m, uint64_t pa, const uint32_t *insns, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ck_assert(bus_store(&m->bus, pa + 4 * i, 4, insns[i]));
}

static void put_code(struct machine *m, const uint32_t *insns, size_t n)
{
    put_code_at(m, RAM_BASE, insns, n);
}

/* Runs exactly n instructions (a trap counts as the instruction). */
static void run(struct machine *m, uint64_t n)
{
    uint64_t done = 0;
    while (done < n) {
        uint64_t k = 0;
        hart_run(&m->harts[0], n - done, &k);
        ck_assert_msg(k > 0, "hart stopped after %llu of %llu instructions",
                      (unsigned long long)done, (unsigned long long)n);
        done += k;
    }
}

static uint64_t csr(struct machine *m, unsigned num)
{
    uint64_t v = 0;
    ck_assert(hart_csr_read(&m->harts[0], num, &v));
    return v;
}

/* mstatus.FS resets to Off, as on the reference models (Spike's
 * compute_mstatus_initial_value, Sail, QEMU): riscv-arch-test's pmp64 tests
 * store mstatus in their signature, and reset FS=Initial made all 41 differ
 * (0x2800 instead of 0x800).  With FS Off an FP instruction is illegal
 * (Unprivileged spec, "F" chapter: FS=Off makes FP instructions trap). */
START_TEST(reset_fs_off)
{
    struct machine *m = make_machine();
    ck_assert_uint_eq((csr(m, 0x300) >> 13) & 3, 0);
    static const uint32_t code[] = {
        0x00000297, /* auipc t0, 0 */
        0x01028293, /* addi  t0, t0, 16 */
        0x30529073, /* csrw  mtvec, t0 */
        0xf2000053, /* fmv.d.x ft0, zero  -> illegal, FS is Off */
        0x0000006f, /* 16: j . (trap handler) */
    };
    put_code(m, code, sizeof code / sizeof *code);
    run(m, 4);
    ck_assert_uint_eq(csr(m, 0x342), 2);                 /* mcause: illegal */
    ck_assert_uint_eq(csr(m, 0x341), RAM_BASE + 12);     /* mepc */
    ck_assert_uint_eq(csr(m, 0x343), 0xf2000053);        /* mtval: encoding */
    ck_assert_uint_eq(m->harts[0].pc, RAM_BASE + 16);
    machine_free(m);
}
END_TEST

/* PMP is checked on every instruction fetch, also inside a page whose
 * blocks are cached: a locked NA4 entry grants X on one word and a locked
 * TOR entry without permissions covers the words after it, so the second
 * instruction must raise an instruction access fault even in M-mode
 * (Priv 3.7.1: locked entries apply to M; the lowest-numbered matching
 * entry decides).  The block engine used to check only the block's first
 * instruction (riscv-arch-test pmp64-NA4-X-priority-level-2 and
 * pmp64-NA4-RX-priority-level-2 differed between the engines). */
static void pmp_fetch_inside_page(enum engine engine)
{
    struct machine *m = make_machine_engine(engine);
    struct hart *h = &m->harts[0];
    const uint64_t code = RAM_BASE + 0x100, handler = RAM_BASE + 0x200;
    static const uint32_t body[] = {
        0x00150513, /* addi a0, a0, 1 */
        0x00150513, /* addi a0, a0, 1 */
        0x0000006f, /* j . */
    };
    static const uint32_t spin[] = { 0x0000006f /* j . */ };
    put_code_at(m, code, body, 3);
    put_code_at(m, handler, spin, 1);
    ck_assert(hart_csr_write(h, 0x305, handler));              /* mtvec */
    ck_assert(hart_csr_write(h, 0x3b0, code >> 2));            /* pmpaddr0 */
    ck_assert(hart_csr_write(h, 0x3b1, (code + 16) >> 2));     /* pmpaddr1 */
    /* entry 0: L|NA4|X = 0x94; entry 1: L|TOR = 0x88 */
    ck_assert(hart_csr_write(h, 0x3a0, 0x8894));
    h->pc = code;
    run(m, 3);
    ck_assert_uint_eq(h->x[10], 1);                     /* only the first ran */
    ck_assert_uint_eq(csr(m, 0x342), 1);                /* instruction access fault */
    ck_assert_uint_eq(csr(m, 0x341), code + 4);         /* mepc */
    ck_assert_uint_eq(csr(m, 0x343), code + 4);         /* mtval */
    ck_assert_uint_eq(h->pc, handler);
    machine_free(m);
}

START_TEST(pmp_fetch_inside_page_block)
{
    pmp_fetch_inside_page(ENGINE_BLOCK);
}
END_TEST

START_TEST(pmp_fetch_inside_page_interp)
{
    pmp_fetch_inside_page(ENGINE_INTERP);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("cpu_regress");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, reset_fs_off);
    tcase_add_test(tc, pmp_fetch_inside_page_block);
    tcase_add_test(tc, pmp_fetch_inside_page_interp);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
