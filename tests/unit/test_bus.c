/* Unit tests for the physical bus (mem/bus.c). */
#include <check.h>
#include <stdlib.h>

#include "mem/bus.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (1ull << 20)

static struct bus bus;

/* A device that records its last access and answers reads with a value
 * built from the offset, so tests can tell offsets apart. */
struct fake_dev {
    uint64_t last_off, last_val;
    unsigned last_size;
    int reads, writes;
};

static uint64_t dev_read(void *opaque, uint64_t off, unsigned size)
{
    struct fake_dev *d = opaque;
    d->reads++;
    d->last_off = off;
    d->last_size = size;
    return 0xd0000000u + off;
}

static void dev_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    struct fake_dev *d = opaque;
    d->writes++;
    d->last_off = off;
    d->last_val = val;
    d->last_size = size;
}

/* Code-invalidation hook: records pages and clears the flag as the
 * contract requires. */
struct inval_log {
    uint64_t pages[8];
    int n;
};

static void on_invalidate(void *opaque, uint64_t page)
{
    struct inval_log *log = opaque;
    if (log->n < 8)
        log->pages[log->n] = page;
    log->n++;
    *bus_page_flags(&bus, page) &= (uint8_t)~PAGEF_CODE;
}

static void setup(void)
{
    ck_assert(bus_init(&bus, RAM_BASE, RAM_SIZE));
}

static void teardown(void)
{
    bus_free(&bus);
}

START_TEST(init_rejects_bad_sizes)
{
    struct bus b;
    ck_assert(!bus_init(&b, RAM_BASE, 0));
    ck_assert(!bus_init(&b, RAM_BASE, 0x1800));      /* not whole pages */
    ck_assert(!bus_init(&b, RAM_BASE + 4, 0x1000));  /* base not aligned */
    ck_assert(!bus_init(&b, 0xfffffffffffff000ull, 0x2000)); /* wraps */
    ck_assert(bus_init(&b, 0, 0x1000));
    ck_assert_ptr_nonnull(b.ram);
    ck_assert_ptr_nonnull(b.page_flags);
    bus_free(&b);
    ck_assert_ptr_null(b.ram);
}
END_TEST

START_TEST(ram_is_zeroed_and_little_endian)
{
    uint64_t v = 1;
    ck_assert(bus_load(&bus, RAM_BASE + RAM_SIZE - 8, 8, &v));
    ck_assert_uint_eq(v, 0);
    ck_assert(bus_store(&bus, RAM_BASE + 0x10, 8, 0x1122334455667788ull));
    ck_assert_uint_eq(bus.ram[0x10], 0x88);
    ck_assert_uint_eq(bus.ram[0x17], 0x11);
    ck_assert(bus_load(&bus, RAM_BASE + 0x10, 1, &v));
    ck_assert_uint_eq(v, 0x88);
    ck_assert(bus_load(&bus, RAM_BASE + 0x10, 2, &v));
    ck_assert_uint_eq(v, 0x7788);
    ck_assert(bus_load(&bus, RAM_BASE + 0x11, 4, &v));   /* misaligned */
    ck_assert_uint_eq(v, 0x44556677);
    ck_assert(bus_store(&bus, RAM_BASE + 0x13, 2, 0xabcd));
    ck_assert(bus_load(&bus, RAM_BASE + 0x10, 8, &v));
    ck_assert_uint_eq(v, 0x112233abcd667788ull);
}
END_TEST

START_TEST(nothing_there_is_an_access_fault)
{
    uint64_t v = 0;
    ck_assert(!bus_load(&bus, RAM_BASE - 8, 8, &v));
    ck_assert(!bus_load(&bus, RAM_BASE + RAM_SIZE, 1, &v));
    ck_assert(!bus_load(&bus, RAM_BASE + RAM_SIZE - 4, 8, &v)); /* crosses end */
    ck_assert(!bus_store(&bus, 0, 4, 1));
    ck_assert(!bus_store(&bus, RAM_BASE + RAM_SIZE - 1, 2, 1));
    ck_assert(!bus_load(&bus, 0xfffffffffffffffcull, 8, &v));
}
END_TEST

START_TEST(mmio_dispatch_with_offset)
{
    struct fake_dev d = { 0 };
    ck_assert(bus_add_mmio(&bus, 0x10000000, 0x100, &d, dev_read, dev_write,
                           "uart"));
    uint64_t v = 0;
    ck_assert(bus_load(&bus, 0x10000005, 1, &v));
    ck_assert_uint_eq(v, 0xd0000005u);
    ck_assert_uint_eq(d.last_off, 5);
    ck_assert_uint_eq(d.last_size, 1);
    ck_assert(bus_store(&bus, 0x100000f8, 8, 0x55aa));
    ck_assert_uint_eq(d.last_off, 0xf8);
    ck_assert_uint_eq(d.last_val, 0x55aa);
    ck_assert_uint_eq(d.last_size, 8);
    /* Past the region's end: nothing there. */
    ck_assert(!bus_load(&bus, 0x10000100, 4, &v));
    ck_assert(!bus_load(&bus, 0x100000fe, 4, &v));
    ck_assert_int_eq(d.reads, 1);
    ck_assert_ptr_eq(bus_find_mmio(&bus, 0x10000080, 4), &bus.regions[0]);
    ck_assert_ptr_null(bus_find_mmio(&bus, 0x0fffffff, 1));
}
END_TEST

START_TEST(mmio_without_handlers_reads_zero)
{
    ck_assert(bus_add_mmio(&bus, 0x2000000, 0x10000, NULL, NULL, NULL, "x"));
    uint64_t v = 7;
    ck_assert(bus_load(&bus, 0x2000008, 8, &v));
    ck_assert_uint_eq(v, 0);
    ck_assert(bus_store(&bus, 0x2000008, 8, 1));
}
END_TEST

START_TEST(mmio_table_full)
{
    for (int i = 0; i < BUS_MAX_REGIONS; i++)
        ck_assert(bus_add_mmio(&bus, 0x1000 * (uint64_t)i, 0x1000, NULL,
                               NULL, NULL, "r"));
    ck_assert(!bus_add_mmio(&bus, 0x100000, 0x1000, NULL, NULL, NULL, "r"));
    ck_assert(!bus_add_mmio(&bus, 0x100000, 0, NULL, NULL, NULL, "r"));
}
END_TEST

START_TEST(mmio_overlaying_ram)
{
    struct fake_dev d = { 0 };
    /* Like HTIF tohost: 16 bytes at RAM + 0x1008, spilling nowhere. */
    ck_assert(bus_add_mmio(&bus, RAM_BASE + 0x1008, 16, &d, dev_read,
                           dev_write, "htif"));
    ck_assert_uint_eq(*bus_page_flags(&bus, RAM_BASE + 0x1000) & PAGEF_IO,
                      PAGEF_IO);
    ck_assert_uint_eq(*bus_page_flags(&bus, RAM_BASE) & PAGEF_IO, 0);
    ck_assert_uint_eq(*bus_page_flags(&bus, RAM_BASE + 0x2000) & PAGEF_IO, 0);

    ck_assert(bus_store(&bus, RAM_BASE + 0x1010, 8, 0x77));
    ck_assert_int_eq(d.writes, 1);
    ck_assert_uint_eq(d.last_off, 8);
    ck_assert_uint_eq(bus.ram[0x1010], 0);  /* went to the device */

    /* Same page, outside the region: RAM. */
    ck_assert(bus_store(&bus, RAM_BASE + 0x1800, 4, 0x12345678));
    ck_assert_int_eq(d.writes, 1);
    uint64_t v = 0;
    ck_assert(bus_load(&bus, RAM_BASE + 0x1800, 4, &v));
    ck_assert_uint_eq(v, 0x12345678);
    ck_assert_int_eq(d.reads, 0);

    /* A region spanning a page boundary marks both pages. */
    ck_assert(bus_add_mmio(&bus, RAM_BASE + 0x4ff0, 0x20, NULL, NULL, NULL,
                           "x"));
    ck_assert(*bus_page_flags(&bus, RAM_BASE + 0x4000) & PAGEF_IO);
    ck_assert(*bus_page_flags(&bus, RAM_BASE + 0x5000) & PAGEF_IO);
    ck_assert(!(*bus_page_flags(&bus, RAM_BASE + 0x6000) & PAGEF_IO));
}
END_TEST

START_TEST(store_to_code_page_invalidates_first)
{
    struct inval_log log = { .n = 0 };
    bus.code_invalidate = on_invalidate;
    bus.code_opaque = &log;
    *bus_page_flags(&bus, RAM_BASE + 0x3000) |= PAGEF_CODE;

    ck_assert(bus_store(&bus, RAM_BASE + 0x2100, 4, 1));   /* plain page */
    ck_assert_int_eq(log.n, 0);
    ck_assert(bus_store(&bus, RAM_BASE + 0x3abc, 4, 0xdeadbeef));
    ck_assert_int_eq(log.n, 1);
    ck_assert_uint_eq(log.pages[0], RAM_BASE + 0x3000);
    ck_assert_uint_eq(le_load(bus.ram + 0x3abc, 4), 0xdeadbeef);
    ck_assert_uint_eq(*bus_page_flags(&bus, RAM_BASE + 0x3000) & PAGEF_CODE,
                      0);
    /* Flag cleared: a second store does not call again. */
    ck_assert(bus_store(&bus, RAM_BASE + 0x3abc, 4, 0));
    ck_assert_int_eq(log.n, 1);

    /* A misaligned store whose last byte is on a code page. */
    *bus_page_flags(&bus, RAM_BASE + 0x5000) |= PAGEF_CODE;
    ck_assert(bus_store(&bus, RAM_BASE + 0x4ffe, 4, 0x01020304));
    ck_assert_int_eq(log.n, 2);
    ck_assert_uint_eq(log.pages[1], RAM_BASE + 0x5000);
    ck_assert_uint_eq(bus.ram[0x5001], 0x01);
}
END_TEST

START_TEST(invalidate_code_range)
{
    struct inval_log log = { .n = 0 };
    bus.code_invalidate = on_invalidate;
    bus.code_opaque = &log;
    *bus_page_flags(&bus, RAM_BASE) |= PAGEF_CODE;
    *bus_page_flags(&bus, RAM_BASE + 0x2000) |= PAGEF_CODE;
    *bus_page_flags(&bus, RAM_BASE + 0x5000) |= PAGEF_CODE;
    /* [RAM_BASE - 0x100, RAM_BASE + 0x2001) touches pages 0, 1, 2. */
    bus_invalidate_code(&bus, RAM_BASE - 0x100, 0x2101);
    ck_assert_int_eq(log.n, 2);
    ck_assert_uint_eq(log.pages[0], RAM_BASE);
    ck_assert_uint_eq(log.pages[1], RAM_BASE + 0x2000);
    ck_assert(*bus_page_flags(&bus, RAM_BASE + 0x5000) & PAGEF_CODE);
    bus_invalidate_code(&bus, RAM_BASE + RAM_SIZE, 0x1000);  /* outside */
    bus_invalidate_code(&bus, 0xfffffffffffff000ull, 0x2000); /* wraps */
    ck_assert_int_eq(log.n, 2);
}
END_TEST

START_TEST(dma_copies_and_invalidates)
{
    struct inval_log log = { .n = 0 };
    bus.code_invalidate = on_invalidate;
    bus.code_opaque = &log;
    *bus_page_flags(&bus, RAM_BASE + 0x1000) |= PAGEF_CODE;
    uint8_t out[16], in[16];
    for (int i = 0; i < 16; i++)
        out[i] = (uint8_t)(i * 3 + 1);
    ck_assert(bus_dma_write(&bus, RAM_BASE + 0xff8, out, sizeof(out)));
    ck_assert_int_eq(log.n, 1);
    ck_assert_uint_eq(log.pages[0], RAM_BASE + 0x1000);
    ck_assert(bus_dma_read(&bus, RAM_BASE + 0xff8, in, sizeof(in)));
    ck_assert_mem_eq(in, out, sizeof(in));
    ck_assert_uint_eq(bus.ram[0x1007], 46);   /* out[15] = 15 * 3 + 1 */

    /* Not wholly in RAM: nothing copied. */
    memset(in, 0xee, sizeof(in));
    ck_assert(!bus_dma_read(&bus, RAM_BASE + RAM_SIZE - 8, in, sizeof(in)));
    ck_assert_uint_eq(in[0], 0xee);
    ck_assert(!bus_dma_write(&bus, RAM_BASE + RAM_SIZE - 8, out, sizeof(out)));
    ck_assert_uint_eq(bus.ram[RAM_SIZE - 8], 0);
    ck_assert(!bus_dma_write(&bus, RAM_BASE - 1, out, 2));
}
END_TEST

/* The side-effect-free view of fake_dev: a fixed word; records the offset. */
static uint64_t dev_peek(void *opaque, uint64_t off, unsigned size)
{
    (void)size;
    ((struct fake_dev *)opaque)->last_off = off;
    return 0x44332211u;
}

START_TEST(access_sizes_and_peek)
{
    struct fake_dev d = {0}, n = {0};
    struct mmio_region r = { .base = 0x10000000, .size = 0x100, .opaque = &d,
                             .read = dev_read, .write = dev_write, .peek = dev_peek,
                             .access = 4, .name = "words" };
    ck_assert(bus_add_region(&bus, &r));
    ck_assert(bus_add_mmio(&bus, 0x10001000, 0x100, &n, dev_read, dev_write, "nopeek"));
    uint64_t v;
    /* a size the region does not accept is an access fault, untouched */
    ck_assert(!bus_load(&bus, 0x10000004, 1, &v));
    ck_assert(!bus_store(&bus, 0x10000004, 8, 1));
    ck_assert_int_eq(d.reads + d.writes, 0);
    ck_assert(bus_load(&bus, 0x10000004, 4, &v));
    ck_assert_int_eq(d.reads, 1);
    /* peek: never the read function; a byte comes from its aligned word */
    ck_assert(bus_peek(&bus, 0x10000006, 1, &v));
    ck_assert_uint_eq(v, 0x33);
    ck_assert_uint_eq(d.last_off, 4);
    ck_assert(bus_peek(&bus, 0x10000008, 4, &v));
    ck_assert_uint_eq(v, 0x44332211u);
    ck_assert_int_eq(d.reads, 1);
    /* no peek, nothing there: the debugger is told it cannot read */
    ck_assert(!bus_peek(&bus, 0x10001000, 4, &v));
    ck_assert_int_eq(n.reads, 0);
    ck_assert(!bus_peek(&bus, 0x20000000, 1, &v));
    /* RAM directly */
    ck_assert(bus_store(&bus, RAM_BASE + 8, 8, 0x0123456789abcdefull));
    ck_assert(bus_peek(&bus, RAM_BASE + 9, 2, &v));
    ck_assert_uint_eq(v, 0xabcd);
}
END_TEST

static Suite *bus_suite(void)
{
    Suite *s = suite_create("bus");
    TCase *tc = tcase_create("bus");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, init_rejects_bad_sizes);
    tcase_add_test(tc, ram_is_zeroed_and_little_endian);
    tcase_add_test(tc, nothing_there_is_an_access_fault);
    tcase_add_test(tc, mmio_dispatch_with_offset);
    tcase_add_test(tc, mmio_without_handlers_reads_zero);
    tcase_add_test(tc, mmio_table_full);
    tcase_add_test(tc, mmio_overlaying_ram);
    tcase_add_test(tc, store_to_code_page_invalidates_first);
    tcase_add_test(tc, invalidate_code_range);
    tcase_add_test(tc, dma_copies_and_invalidates);
    tcase_add_test(tc, access_sizes_and_peek);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(bus_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
