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

static struct machine *make_machine(void)
{
    struct machine_config c;
    memset(&c, 0, sizeof c);
    c.ram_size = 1ull << 20;
    c.misa = MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | MISA_EXT('F') |
             MISA_EXT('D') | MISA_EXT('C') | MISA_EXT('S') | MISA_EXT('U');
    c.nharts = 1;
    c.engine = ENGINE_INTERP;
    c.virtual_time = true;
    char err[256];
    struct machine *m = machine_new(&c, err, sizeof err);
    ck_assert_msg(m != NULL, "%s", err);
    m->entry = RAM_BASE;
    machine_reset(m);
    return m;
}

static void put_code(struct machine *m, const uint32_t *insns, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ck_assert(bus_store(&m->bus, RAM_BASE + 4 * i, 4, insns[i]));
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

static Suite *suite(void)
{
    Suite *s = suite_create("cpu_regress");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, reset_fs_off);
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
