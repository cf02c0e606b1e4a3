/* The machine's life cycle and scheduler (devices/machine.c): a reset is a
 * power cycle (images back, the rest of RAM zero, harts at the entry, time
 * at 0), machine_run keeps to its budget and says why it stopped, a guest
 * reset through the test device is carried out and reported, and two harts
 * take turns. */
#include <check.h>
#include <string.h>

#include "check_main.h"
#include "devices/board.h"
#include "devices/clint.h"

#define RAM 0x80000000ull

/* Encodings (GNU as) */
#define LUI_T0_0x100 0x001002b7u    /* lui t0, 0x100: the test device */
#define LUI_T1(n) (((uint32_t)(n) << 12) | 0x337u)          /* lui t1, n */
#define ADDI_T1(imm) (((uint32_t)(imm) << 20) | 0x30313u)   /* addi t1, t1, imm */
#define SH_T1_T0 0x00629023u        /* sh t1, 0(t0) */
#define ADDI_A0_1 0x00150513u       /* addi a0, a0, 1 */
#define WFI 0x10500073u
#define SPIN 0x0000006fu            /* j . */
#define J_BACK4 0xffdff06fu         /* j .-4 */

static struct machine *make(unsigned nharts)
{
    struct machine_config c;
    memset(&c, 0, sizeof c);
    c.ram_size = 16ull << 20;
    c.misa = MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | MISA_EXT('C');
    c.nharts = nharts;
    c.engine = ENGINE_JIT;
    c.virtual_time = true;
    char err[128];
    struct machine *m = machine_new(&c, err, sizeof err);
    ck_assert_msg(m != NULL, "%s", err);
    m->entry = RAM;
    return m;
}

/* An image is bytes in guest memory order: the words go in little-endian
 * whatever the host (a big-endian host caught the test passing host words). */
static void add_code(struct machine *m, const uint32_t *insns, size_t n)
{
    char err[128];
    uint8_t bytes[4 * 8];
    ck_assert(n <= 8);
    for (size_t i = 0; i < n; i++)
        le_store(bytes + 4 * i, 4, insns[i]);
    ck_assert_msg(machine_add_image(m, "code", RAM, bytes, 4 * n, 0, err, sizeof err),
                  "%s", err);
}

static uint64_t ram64(struct machine *m, uint64_t pa)
{
    uint64_t v = 0;
    ck_assert(bus_load(&m->bus, pa, 8, &v));
    return v;
}

START_TEST(reset_is_a_power_cycle)
{
    struct machine *m = make(1);
    static const uint32_t code[] = { ADDI_A0_1, J_BACK4 };
    add_code(m, code, 2);
    static const uint64_t data_words[2] = { 0x1122334455667788ull, 42 };
    uint8_t data[16];
    le_store(data, 8, data_words[0]);
    le_store(data + 8, 8, data_words[1]);
    char err[128];
    ck_assert(machine_add_image(m, "data", RAM + 0x1000, data, sizeof data, 0x100,
                                err, sizeof err));
    ck_assert(!machine_add_image(m, "too big", RAM + (16ull << 20) - 8, data, sizeof data,
                                 0, err, sizeof err));
    ck_assert_msg(strstr(err, "does not fit") != NULL, "%s", err);
    machine_reset(m);
    struct machine_run_result r;
    machine_run(m, 1000, &r);
    ck_assert_uint_ne(m->harts[0].x[10], 0);
    /* the guest's (and anyone's) changes to RAM and time */
    ck_assert(bus_store(&m->bus, RAM + 0x1000, 8, 0));
    ck_assert(bus_store(&m->bus, RAM + 0x1010, 8, 7));          /* in the .bss part */
    ck_assert(bus_store(&m->bus, RAM + 0x200000, 8, 9));        /* outside any image */
    ck_assert(bus_store(&m->bus, RAM, 4, SPIN));                /* over translated code */
    clint_advance(m->clint, 5000);
    m->exit = EXIT_RESET;
    machine_reset(m);
    ck_assert_uint_eq(ram64(m, RAM + 0x1000), data_words[0]);
    ck_assert_uint_eq(ram64(m, RAM + 0x1008), 42);
    ck_assert_uint_eq(ram64(m, RAM + 0x1010), 0);
    ck_assert_uint_eq(ram64(m, RAM + 0x200000), 0);
    ck_assert_uint_eq(ram64(m, RAM), (uint64_t)J_BACK4 << 32 | ADDI_A0_1);
    ck_assert_uint_eq(m->harts[0].pc, RAM);
    ck_assert_uint_eq(m->harts[0].x[10], 0);
    ck_assert_int_eq(m->exit, EXIT_NONE);
    ck_assert_uint_eq(clint_mtime(m->clint), 0);
    /* and the restored code runs, not the stale translation of the spin */
    machine_run(m, 100, &r);
    ck_assert_uint_ne(m->harts[0].x[10], 0);
    machine_free(m);
}
END_TEST

START_TEST(run_keeps_to_the_budget)
{
    struct machine *m = make(1);
    static const uint32_t code[] = { ADDI_A0_1, J_BACK4 };
    add_code(m, code, 2);
    machine_reset(m);
    struct machine_run_result r;
    machine_run(m, 10, &r);     /* small budgets are exact */
    ck_assert_int_eq(r.why, MACHINE_BUDGET);
    ck_assert_uint_eq(r.executed, 10);
    ck_assert_uint_eq(m->harts[0].x[10], 5);
    machine_run(m, 100000, &r);
    ck_assert_int_eq(r.why, MACHINE_BUDGET);
    ck_assert_uint_ge(r.executed, 100000);
    ck_assert_uint_lt(r.executed, 100000 + 64);
    /* virtual time: one tick per 100 instructions of hart 0 */
    ck_assert_uint_eq(clint_mtime(m->clint), (10 + r.executed) / 100);
    machine_step(m, 0, &r);
    ck_assert_uint_eq(r.executed, 1);
    machine_free(m);
}
END_TEST

START_TEST(guest_reset_and_poweroff)
{
    struct machine *m = make(1);
    static const uint32_t code[] = {
        ADDI_A0_1, LUI_T0_0x100, LUI_T1(7), ADDI_T1(0x777), SH_T1_T0, SPIN,
    };
    add_code(m, code, 6);
    machine_reset(m);
    struct machine_run_result r;
    machine_run(m, 100000, &r);
    ck_assert_int_eq(r.why, MACHINE_RESET);     /* a half-word write, as OpenSBI's */
    ck_assert_uint_lt(r.executed, 100);
    ck_assert_uint_eq(m->harts[0].pc, RAM);
    ck_assert_uint_eq(m->harts[0].x[10], 0);
    machine_run(m, 100000, &r);                 /* it runs again, and resets again */
    ck_assert_int_eq(r.why, MACHINE_RESET);
    ck_assert_uint_gt(r.executed, 0);
    /* the same program powering off instead */
    ck_assert(bus_store(&m->bus, RAM + 12, 4, ADDI_T1(0x555)));
    ck_assert(bus_store(&m->bus, RAM + 8, 4, LUI_T1(5)));
    machine_run(m, 100000, &r);
    ck_assert_int_eq(r.why, MACHINE_EXIT);
    ck_assert_int_eq(m->exit, EXIT_POWEROFF);
    machine_run(m, 100000, &r);                 /* and stays off */
    ck_assert_int_eq(r.why, MACHINE_EXIT);
    ck_assert_uint_eq(r.executed, 0);
    machine_free(m);
}
END_TEST

START_TEST(idle_in_virtual_time)
{
    struct machine *m = make(1);
    static const uint32_t code[] = { WFI, ADDI_A0_1, J_BACK4 };
    add_code(m, code, 3);
    machine_reset(m);
    /* nothing can wake the hart: wfi is a no-op */
    struct machine_run_result r;
    machine_run(m, 1000, &r);
    ck_assert_int_eq(r.why, MACHINE_IDLE);
    ck_assert_uint_eq(r.sleep_ns, 0);
    machine_run(m, 1000, &r);
    ck_assert_uint_ne(m->harts[0].x[10], 0);
    /* a timer due: time jumps to it instead of waiting */
    machine_reset(m);
    ck_assert(bus_store(&m->bus, VIRT_CLINT + 0x4000, 8, 1000000));    /* mtimecmp */
    ck_assert(hart_csr_write(&m->harts[0], 0x304, MIP_MTIP));          /* mie.MTIE */
    machine_run(m, 1000, &r);
    ck_assert_int_eq(r.why, MACHINE_IDLE);
    ck_assert_uint_gt(clint_mtime(m->clint), 1000000);
    machine_free(m);
}
END_TEST

START_TEST(harts_take_turns)
{
    struct machine *m = make(2);
    static const uint32_t code[] = { ADDI_A0_1, J_BACK4 };
    add_code(m, code, 2);
    machine_reset(m);
    struct machine_run_result r;
    machine_run(m, 100000, &r);
    ck_assert_int_eq(r.why, MACHINE_BUDGET);
    ck_assert_uint_gt(m->harts[0].x[10], 10000);
    ck_assert_uint_gt(m->harts[1].x[10], 10000);
    machine_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("machine");
    TCase *tc = tcase_create("machine");
    tcase_add_test(tc, reset_is_a_power_cycle);
    tcase_add_test(tc, run_keeps_to_the_budget);
    tcase_add_test(tc, guest_reset_and_poweroff);
    tcase_add_test(tc, idle_in_virtual_time);
    tcase_add_test(tc, harts_take_turns);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
