/* Device tree: build with fdt_build over a list of real devices (each writes its own
 * node), read back with libfdt's read API, and (when the
 * host has it) round-trip through dtc.  Expected values are the parameters given and
 * the binding documents (cell layouts, interrupt causes 3/7/9/11 from the Privileged
 * spec's mcause table, syscon values from the sifive,test0 finisher codes). */
#include <check.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devices/clint.h"
#include "devices/fdt.h"
#include "devices/goldfish_rtc.h"
#include "devices/plic.h"
#include "devices/simplefb.h"
#include "devices/syscon.h"
#include "devices/uart16550.h"
#include "devices/virtio_rng.h"
#include "mem/bus.h"

static const char *const exts[] = { "i", "m", "a", "f", "d", "c", "zicsr", "zifencei",
                                    "zicntr", NULL };

/* QEMU virt's devices in its device-tree order, made once per process on a bus of
 * their own: test, rtc, clint, plic, serial and three virtio slots. */
static struct bus dev_bus;
static struct device *dev_list, *dev_last;

static void link_dev(struct device *d)
{
    ck_assert_ptr_nonnull(d);
    if (dev_last)
        dev_last->next = d;
    else
        dev_list = d;
    dev_last = d;
}

static struct device *virt_devices(void)
{
    if (dev_list)
        return dev_list;
    ck_assert(bus_init(&dev_bus, 0x80000000, 1 << 20));
    link_dev(syscon_device(syscon_new(&dev_bus, 0x100000, NULL, NULL)));
    link_dev(goldfish_rtc_device(goldfish_rtc_new(&dev_bus, 0x101000, NULL, NULL, 11)));
    link_dev(clint_device(clint_new(&dev_bus, 0x2000000, NULL, 1)));
    link_dev(plic_device(plic_new(&dev_bus, 0xc000000, NULL, 1)));
    link_dev(uart_device(uart_new(&dev_bus, 0x10000000, NULL, NULL, 10, NULL, NULL)));
    for (unsigned i = 0; i < 3; i++) {
        struct device_ctx ctx = { .bus = &dev_bus, .base = 0x10001000 + 0x1000ull * i,
                                  .irq = 1 + (int)i };
        link_dev(virtio_rng_create(&ctx));
    }
    return dev_list;
}

static struct fdt_params virt_params(unsigned nharts)
{
    struct fdt_params p;
    memset(&p, 0, sizeof p);
    p.nharts = nharts;
    p.isa = "rv64imafdc_zicsr_zifencei_zicntr";
    p.isa_extensions = exts;
    p.mmu_type = "riscv,sv57";
    p.ram_base = 0x80000000;
    p.ram_size = 0x140000000ull;        /* 5 GiB: the size cell's high word is used */
    p.timebase = 10000000;
    p.devices = virt_devices();
    p.uart_base = 0x10000000;
    p.bootargs = "console=ttyS0 rvx.cmd=\"echo hi\"";
    p.initrd_start = 0x1f000000ull + 0x80000000ull;
    p.initrd_end = p.initrd_start + 0x312345;
    return p;
}

static const void *prop(const void *fdt, const char *path, const char *name, int *len)
{
    int node = fdt_path_offset(fdt, path);
    ck_assert_msg(node >= 0, "node %s missing (%s)", path, fdt_strerror(node));
    const void *v = fdt_getprop(fdt, node, name, len);
    ck_assert_msg(v != NULL, "%s:%s missing", path, name);
    return v;
}

static uint32_t cell(const void *fdt, const char *path, const char *name, int idx)
{
    int len;
    const fdt32_t *v = prop(fdt, path, name, &len);
    ck_assert_int_ge(len, (idx + 1) * 4);
    return fdt32_to_cpu(v[idx]);
}

static void assert_string(const void *fdt, const char *path, const char *name,
                          const char *want)
{
    int len;
    const char *v = prop(fdt, path, name, &len);
    ck_assert_int_eq(len, (int)strlen(want) + 1);
    ck_assert_str_eq(v, want);
}

/* reg = <hi lo hi lo> for 2 address cells and 2 size cells */
static void assert_reg(const void *fdt, const char *path, uint64_t addr, uint64_t size)
{
    int len;
    const fdt32_t *v = prop(fdt, path, "reg", &len);
    ck_assert_int_eq(len, 16);
    ck_assert_uint_eq(((uint64_t)fdt32_to_cpu(v[0]) << 32) | fdt32_to_cpu(v[1]), addr);
    ck_assert_uint_eq(((uint64_t)fdt32_to_cpu(v[2]) << 32) | fdt32_to_cpu(v[3]), size);
}

static void *build(const struct fdt_params *p, size_t *size)
{
    void *fdt = fdt_build(p, size);
    ck_assert_ptr_nonnull(fdt);
    ck_assert_int_eq(fdt_check_header(fdt), 0);
    ck_assert_uint_eq(fdt_totalsize(fdt), *size);
    return fdt;
}

START_TEST(root_memory_chosen)
{
    struct fdt_params p = virt_params(1);
    size_t size;
    void *fdt = build(&p, &size);

    ck_assert_uint_eq(cell(fdt, "/", "#address-cells", 0), 2);
    ck_assert_uint_eq(cell(fdt, "/", "#size-cells", 0), 2);
    assert_string(fdt, "/", "compatible", "riscv-virtio");
    assert_string(fdt, "/memory@80000000", "device_type", "memory");
    assert_reg(fdt, "/memory@80000000", 0x80000000, 0x140000000ull);

    assert_string(fdt, "/chosen", "bootargs", "console=ttyS0 rvx.cmd=\"echo hi\"");
    assert_string(fdt, "/chosen", "stdout-path", "/soc/serial@10000000");
    int len;
    fdt64_t v64;        /* properties are only 4-byte aligned: copy before reading */
    memcpy(&v64, prop(fdt, "/chosen", "linux,initrd-start", &len), sizeof v64);
    ck_assert_int_eq(len, 8);
    ck_assert_uint_eq(fdt64_to_cpu(v64), 0x9f000000ull);
    memcpy(&v64, prop(fdt, "/chosen", "linux,initrd-end", &len), sizeof v64);
    ck_assert_int_eq(len, 8);
    ck_assert_uint_eq(fdt64_to_cpu(v64), 0x9f312345ull);
    free(fdt);
}
END_TEST

START_TEST(cpus_and_intc)
{
    struct fdt_params p = virt_params(2);
    size_t size;
    void *fdt = build(&p, &size);

    ck_assert_uint_eq(cell(fdt, "/cpus", "timebase-frequency", 0), 10000000);
    ck_assert_uint_eq(cell(fdt, "/cpus", "#address-cells", 0), 1);
    ck_assert_uint_eq(cell(fdt, "/cpus", "#size-cells", 0), 0);
    for (unsigned h = 0; h < 2; h++) {
        char path[64], ipath[96];
        snprintf(path, sizeof path, "/cpus/cpu@%u", h);
        snprintf(ipath, sizeof ipath, "%s/interrupt-controller", path);
        assert_string(fdt, path, "device_type", "cpu");
        assert_string(fdt, path, "status", "okay");
        assert_string(fdt, path, "compatible", "riscv");
        assert_string(fdt, path, "riscv,isa", "rv64imafdc_zicsr_zifencei_zicntr");
        assert_string(fdt, path, "riscv,isa-base", "rv64i");
        assert_string(fdt, path, "mmu-type", "riscv,sv57");
        ck_assert_uint_eq(cell(fdt, path, "reg", 0), h);

        /* the extension list is the NUL-separated concatenation, in order */
        static const char want[] = "i\0m\0a\0f\0d\0c\0zicsr\0zifencei\0zicntr";
        int len;
        const char *v = prop(fdt, path, "riscv,isa-extensions", &len);
        ck_assert_int_eq(len, (int)sizeof want);
        ck_assert_int_eq(memcmp(v, want, sizeof want), 0);
        ck_assert_int_eq(fdt_stringlist_count(fdt, fdt_path_offset(fdt, path),
                                              "riscv,isa-extensions"), 9);

        assert_string(fdt, ipath, "compatible", "riscv,cpu-intc");
        ck_assert_uint_eq(cell(fdt, ipath, "#interrupt-cells", 0), 1);
        int node = fdt_path_offset(fdt, ipath);
        ck_assert_ptr_nonnull(fdt_getprop(fdt, node, "interrupt-controller", &len));
        ck_assert_int_eq(len, 0);
        ck_assert_uint_eq(fdt_get_phandle(fdt, node), FDT_PHANDLE_INTC(h));

        /* cpu-map/cluster0/coreN points back at the cpu node */
        char core[64];
        snprintf(core, sizeof core, "/cpus/cpu-map/cluster0/core%u", h);
        uint32_t ph = cell(fdt, core, "cpu", 0);
        ck_assert_int_eq(fdt_node_offset_by_phandle(fdt, ph), fdt_path_offset(fdt, path));
    }
    ck_assert_int_lt(fdt_path_offset(fdt, "/cpus/cpu@2"), 0);
    free(fdt);
}
END_TEST

/* Zicbom/Zicboz block sizes (cpus.yaml riscv,cbom-block-size and
 * riscv,cboz-block-size): on every cpu when given, absent otherwise. */
START_TEST(cpu_cache_block_sizes)
{
    struct fdt_params p = virt_params(2);
    size_t size;
    int len;
    void *fdt = build(&p, &size);
    ck_assert_ptr_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/cpus/cpu@0"),
                                   "riscv,cbom-block-size", &len));
    ck_assert_ptr_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/cpus/cpu@1"),
                                   "riscv,cboz-block-size", &len));
    free(fdt);
    p.cbom_block_size = 64;
    p.cboz_block_size = 64;
    fdt = build(&p, &size);
    for (unsigned h = 0; h < 2; h++) {
        char path[64];
        snprintf(path, sizeof path, "/cpus/cpu@%u", h);
        ck_assert_uint_eq(cell(fdt, path, "riscv,cbom-block-size", 0), 64);
        ck_assert_uint_eq(cell(fdt, path, "riscv,cboz-block-size", 0), 64);
        prop(fdt, path, "riscv,cboz-block-size", &len);
        ck_assert_int_eq(len, 4);
    }
    free(fdt);
}
END_TEST

START_TEST(clint_and_plic)
{
    struct fdt_params p = virt_params(2);
    size_t size;
    void *fdt = build(&p, &size);
    const char *clint = "/soc/clint@2000000", *plic = "/soc/plic@c000000";

    assert_string(fdt, "/soc", "compatible", "simple-bus");
    int len;
    prop(fdt, "/soc", "ranges", &len);
    ck_assert_int_eq(len, 0);

    ck_assert_int_eq(fdt_node_check_compatible(fdt, fdt_path_offset(fdt, clint), "sifive,clint0"), 0);
    ck_assert_int_eq(fdt_node_check_compatible(fdt, fdt_path_offset(fdt, clint), "riscv,clint0"), 0);
    assert_reg(fdt, clint, 0x2000000, 0x10000);
    /* <&intc0 3 &intc0 7 &intc1 3 &intc1 7>: M software and M timer per hart */
    const uint32_t want_clint[] = { FDT_PHANDLE_INTC(0), 3, FDT_PHANDLE_INTC(0), 7,
                                    FDT_PHANDLE_INTC(1), 3, FDT_PHANDLE_INTC(1), 7 };
    const fdt32_t *v = prop(fdt, clint, "interrupts-extended", &len);
    ck_assert_int_eq(len, (int)sizeof want_clint);
    for (unsigned i = 0; i < 8; i++)
        ck_assert_uint_eq(fdt32_to_cpu(v[i]), want_clint[i]);

    int pn = fdt_path_offset(fdt, plic);
    ck_assert_int_eq(fdt_node_check_compatible(fdt, pn, "sifive,plic-1.0.0"), 0);
    ck_assert_int_eq(fdt_node_check_compatible(fdt, pn, "riscv,plic0"), 0);
    ck_assert_uint_eq(fdt_get_phandle(fdt, pn), FDT_PHANDLE_PLIC);
    ck_assert_uint_eq(cell(fdt, plic, "#interrupt-cells", 0), 1);
    ck_assert_uint_eq(cell(fdt, plic, "#address-cells", 0), 0);
    ck_assert_uint_eq(cell(fdt, plic, "riscv,ndev", 0), 95);
    ck_assert_ptr_nonnull(fdt_getprop(fdt, pn, "interrupt-controller", &len));
    assert_reg(fdt, plic, 0xc000000, 0x600000);
    /* <&intc0 11 &intc0 9 ...>: context 2h = M external, 2h+1 = S external */
    const uint32_t want_plic[] = { FDT_PHANDLE_INTC(0), 11, FDT_PHANDLE_INTC(0), 9,
                                   FDT_PHANDLE_INTC(1), 11, FDT_PHANDLE_INTC(1), 9 };
    v = prop(fdt, plic, "interrupts-extended", &len);
    ck_assert_int_eq(len, (int)sizeof want_plic);
    for (unsigned i = 0; i < 8; i++)
        ck_assert_uint_eq(fdt32_to_cpu(v[i]), want_plic[i]);
    free(fdt);
}
END_TEST

START_TEST(uart_rtc_virtio_syscon)
{
    struct fdt_params p = virt_params(1);
    size_t size;
    void *fdt = build(&p, &size);

    const char *uart = "/soc/serial@10000000";
    assert_string(fdt, uart, "compatible", "ns16550a");
    assert_reg(fdt, uart, 0x10000000, 0x100);
    ck_assert_uint_eq(cell(fdt, uart, "clock-frequency", 0), 3686400);
    ck_assert_uint_eq(cell(fdt, uart, "interrupts", 0), 10);
    ck_assert_uint_eq(cell(fdt, uart, "interrupt-parent", 0), FDT_PHANDLE_PLIC);

    assert_string(fdt, "/soc/rtc@101000", "compatible", "google,goldfish-rtc");
    assert_reg(fdt, "/soc/rtc@101000", 0x101000, 0x1000);
    ck_assert_uint_eq(cell(fdt, "/soc/rtc@101000", "interrupts", 0), 11);

    for (unsigned i = 0; i < 3; i++) {
        char path[64];
        snprintf(path, sizeof path, "/soc/virtio_mmio@%x", 0x10001000 + 0x1000 * i);
        assert_string(fdt, path, "compatible", "virtio,mmio");
        assert_reg(fdt, path, 0x10001000 + 0x1000ull * i, 0x1000);
        ck_assert_uint_eq(cell(fdt, path, "interrupts", 0), 1 + i);
        ck_assert_uint_eq(cell(fdt, path, "interrupt-parent", 0), FDT_PHANDLE_PLIC);
    }
    ck_assert_int_lt(fdt_path_offset(fdt, "/soc/virtio_mmio@10004000"), 0);

    int tn = fdt_path_offset(fdt, "/soc/test@100000");
    ck_assert_int_ge(tn, 0);
    ck_assert_int_eq(fdt_node_check_compatible(fdt, tn, "sifive,test1"), 0);
    ck_assert_int_eq(fdt_node_check_compatible(fdt, tn, "sifive,test0"), 0);
    ck_assert_int_eq(fdt_node_check_compatible(fdt, tn, "syscon"), 0);
    assert_reg(fdt, "/soc/test@100000", 0x100000, 0x1000);
    uint32_t test_ph = fdt_get_phandle(fdt, tn);
    ck_assert_uint_ne(test_ph, 0);

    assert_string(fdt, "/poweroff", "compatible", "syscon-poweroff");
    ck_assert_uint_eq(cell(fdt, "/poweroff", "regmap", 0), test_ph);
    ck_assert_uint_eq(cell(fdt, "/poweroff", "offset", 0), 0);
    ck_assert_uint_eq(cell(fdt, "/poweroff", "value", 0), 0x5555);
    assert_string(fdt, "/reboot", "compatible", "syscon-reboot");
    ck_assert_uint_eq(cell(fdt, "/reboot", "regmap", 0), test_ph);
    ck_assert_uint_eq(cell(fdt, "/reboot", "value", 0), 0x7777);

    /* no framebuffer unless asked for */
    ck_assert_int_lt(fdt_node_offset_by_compatible(fdt, -1, "simple-framebuffer"), 0);
    free(fdt);
}
END_TEST

START_TEST(framebuffer_and_options)
{
    struct fdt_params p = virt_params(1);
    struct simplefb *sfb = simplefb_new(&dev_bus, 0x50000000, 1024, 768);
    ck_assert_ptr_nonnull(sfb);
    dev_last->next = simplefb_device(sfb);     /* for this test only */
    p.initrd_start = p.initrd_end = 0;
    p.bootargs = NULL;
    static const uint8_t seed[4] = { 0xde, 0xad, 0xbe, 0xef };
    p.rng_seed = seed;
    p.rng_seed_len = sizeof seed;
    size_t size;
    void *fdt = build(&p, &size);
    dev_last->next = NULL;
    simplefb_free(sfb);

    const char *fb = "/soc/framebuffer@50000000";
    assert_string(fdt, fb, "compatible", "simple-framebuffer");
    assert_string(fdt, fb, "format", "a8r8g8b8");
    assert_reg(fdt, fb, 0x50000000, 1024 * 768 * 4);
    ck_assert_uint_eq(cell(fdt, fb, "width", 0), 1024);
    ck_assert_uint_eq(cell(fdt, fb, "height", 0), 768);
    ck_assert_uint_eq(cell(fdt, fb, "stride", 0), 4096);

    int chosen = fdt_path_offset(fdt, "/chosen"), len;
    ck_assert_ptr_null(fdt_getprop(fdt, chosen, "linux,initrd-start", &len));
    ck_assert_ptr_null(fdt_getprop(fdt, chosen, "bootargs", &len));
    const uint8_t *s = prop(fdt, "/chosen", "rng-seed", &len);
    ck_assert_int_eq(len, 4);
    ck_assert_int_eq(memcmp(s, seed, 4), 0);
    free(fdt);
}
END_TEST

START_TEST(many_harts_grow_the_buffer)
{
    struct fdt_params p = virt_params(128);
    size_t size;
    void *fdt = build(&p, &size);
    ck_assert_uint_gt(size, 16384);                 /* the first buffer was too small */
    ck_assert_uint_eq(cell(fdt, "/cpus/cpu@127", "reg", 0), 127);
    int len;
    prop(fdt, "/soc/plic@c000000", "interrupts-extended", &len);
    ck_assert_int_eq(len, 128 * 4 * 4);
    free(fdt);
}
END_TEST

START_TEST(bad_params_rejected)
{
    size_t size = 0;
    struct fdt_params p = virt_params(0);
    ck_assert_ptr_null(fdt_build(&p, &size));
    p = virt_params(1);
    p.isa = NULL;
    ck_assert_ptr_null(fdt_build(&p, &size));
    p = virt_params(1);
    p.initrd_end = p.initrd_start - 1;
    ck_assert_ptr_null(fdt_build(&p, &size));
    ck_assert_ptr_null(fdt_build(NULL, &size));
}
END_TEST

/* dtc is an independent parser: it must read the blob without complaint and show the
 * values in its own syntax.  Skipped when dtc is not installed. */
START_TEST(dtc_round_trip)
{
    if (system("command -v dtc >/dev/null 2>&1") != 0)
        return;
    struct fdt_params p = virt_params(2);
    size_t size;
    void *fdt = build(&p, &size);
    char dtb[] = "/tmp/rvx_test_fdt_XXXXXX";
    int fd = mkstemp(dtb);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq((int)write(fd, fdt, size), (int)size);
    close(fd);
    free(fdt);

    char cmd[256];
    snprintf(cmd, sizeof cmd, "dtc -q -I dtb -O dts %s 2>&1", dtb);
    FILE *f = popen(cmd, "r");
    ck_assert_ptr_nonnull(f);
    static char out[1 << 16];
    size_t n = fread(out, 1, sizeof out - 1, f);
    out[n] = 0;
    int status = pclose(f);
    unlink(dtb);
    ck_assert_msg(status == 0, "dtc failed: %s", out);
    /* dtc prints a string list as "i", "m", ... or, in 1.6, as "i\0m\0..." */
    ck_assert(strstr(out, "riscv,isa-extensions = \"i\", \"m\", \"a\"") ||
              strstr(out, "riscv,isa-extensions = \"i\\0m\\0a\\0"));
    ck_assert_ptr_nonnull(strstr(out, "timebase-frequency = <0x989680>"));
    ck_assert_ptr_nonnull(strstr(out, "reg = <0x00 0x80000000 0x01 0x40000000>"));
    ck_assert_ptr_nonnull(strstr(out, "value = <0x5555>"));
}
END_TEST

static Suite *fdt_suite(void)
{
    Suite *s = suite_create("fdt");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, root_memory_chosen);
    tcase_add_test(tc, cpus_and_intc);
    tcase_add_test(tc, cpu_cache_block_sizes);
    tcase_add_test(tc, clint_and_plic);
    tcase_add_test(tc, uart_rtc_virtio_syscon);
    tcase_add_test(tc, framebuffer_and_options);
    tcase_add_test(tc, many_harts_grow_the_buffer);
    tcase_add_test(tc, bad_params_rejected);
    tcase_add_test(tc, dtc_round_trip);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fdt_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
