/* Device tree construction; see fdt.h for the shape.  Property names and values follow
 * the Linux bindings (Documentation/devicetree/bindings/riscv/cpus.yaml,
 * interrupt-controller/sifive,plic-1.0.0.yaml, timer/sifive,clint.yaml,
 * power/reset/syscon-{poweroff,reboot}.yaml, display/simple-framebuffer.yaml). */
#include "fdt.h"

#include <libfdt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Interrupt causes as cpu-intc cell values (Privileged spec, mcause table). */
enum {
    IRQ_M_SOFT = 3,
    IRQ_M_TIMER = 7,
    IRQ_S_EXT = 9,
    IRQ_M_EXT = 11,
};

#define CLINT_DEFAULT_SIZE 0x10000ull
#define PLIC_DEFAULT_SIZE 0x600000ull
#define UART_SIZE 0x100ull
#define RTC_SIZE 0x1000ull
#define TEST_SIZE 0x1000ull
#define VIRTIO_MMIO_SIZE 0x1000ull
#define SYSCON_POWEROFF_VALUE 0x5555u   /* sifive,test0 FINISHER_PASS */
#define SYSCON_RESET_VALUE 0x7777u      /* sifive,test0 FINISHER_RESET */

/* libfdt calls return 0 or a negative error; chain them and stop at the first. */
#define TRY(call) do { int err_ = (call); if (err_ < 0) return err_; } while (0)

/* reg = <addr-hi addr-lo size-hi size-lo> for #address-cells = #size-cells = 2 */
static int prop_reg(void *fdt, uint64_t addr, uint64_t size)
{
    fdt64_t cells[2] = { cpu_to_fdt64(addr), cpu_to_fdt64(size) };
    return fdt_property(fdt, "reg", cells, sizeof cells);
}

/* A string list property ("a\0b\0c\0") from a NULL-terminated array. */
static int prop_strings(void *fdt, const char *name, const char *const *list)
{
    size_t len = 0;
    for (const char *const *s = list; *s; s++)
        len += strlen(*s) + 1;
    char *buf = malloc(len ? len : 1);
    if (!buf)
        return -FDT_ERR_NOSPACE;
    size_t at = 0;
    for (const char *const *s = list; *s; s++) {
        size_t n = strlen(*s) + 1;
        memcpy(buf + at, *s, n);
        at += n;
    }
    int err = fdt_property(fdt, name, buf, (int)len);
    free(buf);
    return err;
}

/* interrupts-extended = <&intc(hart) irq_a [&intc(hart) irq_b]> for every hart */
static int prop_per_hart_irqs(void *fdt, unsigned nharts, const unsigned *irqs, unsigned nirq)
{
    size_t ncells = (size_t)nharts * nirq * 2;
    fdt32_t *cells = malloc(ncells * sizeof *cells);
    if (!cells)
        return -FDT_ERR_NOSPACE;
    size_t at = 0;
    for (unsigned h = 0; h < nharts; h++) {
        for (unsigned i = 0; i < nirq; i++) {
            cells[at++] = cpu_to_fdt32(FDT_PHANDLE_INTC(h));
            cells[at++] = cpu_to_fdt32(irqs[i]);
        }
    }
    int err = fdt_property(fdt, "interrupts-extended", cells, (int)(ncells * sizeof *cells));
    free(cells);
    return err;
}

static int begin_node_at(void *fdt, const char *name, uint64_t addr)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s@%llx", name, (unsigned long long)addr);
    return fdt_begin_node(fdt, buf);
}

/* Device with one PLIC interrupt (serial, rtc, virtio). */
static int plic_irq_props(void *fdt, unsigned irq)
{
    TRY(fdt_property_u32(fdt, "interrupts", irq));
    return fdt_property_u32(fdt, "interrupt-parent", FDT_PHANDLE_PLIC);
}

static int add_cpu(void *fdt, const struct fdt_params *p, unsigned hart)
{
    char name[32];
    snprintf(name, sizeof name, "cpu@%u", hart);
    TRY(fdt_begin_node(fdt, name));
    TRY(fdt_property_u32(fdt, "phandle", FDT_PHANDLE_CPU(hart)));
    TRY(fdt_property_string(fdt, "device_type", "cpu"));
    TRY(fdt_property_u32(fdt, "reg", hart));
    TRY(fdt_property_string(fdt, "status", "okay"));
    TRY(fdt_property_string(fdt, "compatible", "riscv"));
    TRY(fdt_property_string(fdt, "riscv,isa", p->isa));
    /* riscv,isa-base + riscv,isa-extensions: the form cpus.yaml prefers since Linux 6.7 */
    if (p->isa_extensions) {
        TRY(fdt_property_string(fdt, "riscv,isa-base",
                                strncmp(p->isa, "rv32", 4) == 0 ? "rv32i" : "rv64i"));
        TRY(prop_strings(fdt, "riscv,isa-extensions", p->isa_extensions));
    }
    TRY(fdt_property_string(fdt, "mmu-type", p->mmu_type));

    TRY(fdt_begin_node(fdt, "interrupt-controller"));
    TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
    TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
    TRY(fdt_property_string(fdt, "compatible", "riscv,cpu-intc"));
    TRY(fdt_property_u32(fdt, "phandle", FDT_PHANDLE_INTC(hart)));
    TRY(fdt_end_node(fdt));
    return fdt_end_node(fdt);
}

static int add_cpus(void *fdt, const struct fdt_params *p)
{
    TRY(fdt_begin_node(fdt, "cpus"));
    TRY(fdt_property_u32(fdt, "#address-cells", 1));
    TRY(fdt_property_u32(fdt, "#size-cells", 0));
    TRY(fdt_property_u32(fdt, "timebase-frequency", p->timebase));
    for (unsigned h = 0; h < p->nharts; h++)
        TRY(add_cpu(fdt, p, h));
    /* one cluster, one core per hart (Documentation/devicetree/bindings/cpu/cpu-topology.txt) */
    TRY(fdt_begin_node(fdt, "cpu-map"));
    TRY(fdt_begin_node(fdt, "cluster0"));
    for (unsigned h = 0; h < p->nharts; h++) {
        char name[32];
        snprintf(name, sizeof name, "core%u", h);
        TRY(fdt_begin_node(fdt, name));
        TRY(fdt_property_u32(fdt, "cpu", FDT_PHANDLE_CPU(h)));
        TRY(fdt_end_node(fdt));
    }
    TRY(fdt_end_node(fdt));
    TRY(fdt_end_node(fdt));
    return fdt_end_node(fdt);
}

static int add_clint(void *fdt, const struct fdt_params *p)
{
    static const char compat[] = "sifive,clint0\0riscv,clint0";
    static const unsigned irqs[] = { IRQ_M_SOFT, IRQ_M_TIMER };
    TRY(begin_node_at(fdt, "clint", p->clint_base));
    TRY(fdt_property(fdt, "compatible", compat, sizeof compat));
    TRY(prop_reg(fdt, p->clint_base, p->clint_size ? p->clint_size : CLINT_DEFAULT_SIZE));
    TRY(prop_per_hart_irqs(fdt, p->nharts, irqs, 2));
    return fdt_end_node(fdt);
}

static int add_plic(void *fdt, const struct fdt_params *p)
{
    static const char compat[] = "sifive,plic-1.0.0\0riscv,plic0";
    /* context 2h is hart h's M-mode, 2h+1 its S-mode: the order OpenSBI and Linux
     * derive context numbers from */
    static const unsigned irqs[] = { IRQ_M_EXT, IRQ_S_EXT };
    TRY(begin_node_at(fdt, "plic", p->plic_base));
    TRY(fdt_property_u32(fdt, "phandle", FDT_PHANDLE_PLIC));
    TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
    TRY(fdt_property_u32(fdt, "#address-cells", 0));
    TRY(fdt_property(fdt, "compatible", compat, sizeof compat));
    TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
    TRY(prop_reg(fdt, p->plic_base, p->plic_size ? p->plic_size : PLIC_DEFAULT_SIZE));
    TRY(fdt_property_u32(fdt, "riscv,ndev", p->plic_ndev));
    TRY(prop_per_hart_irqs(fdt, p->nharts, irqs, 2));
    return fdt_end_node(fdt);
}

static int add_uart(void *fdt, const struct fdt_params *p)
{
    TRY(begin_node_at(fdt, "serial", p->uart_base));
    TRY(fdt_property_string(fdt, "compatible", "ns16550a"));
    TRY(prop_reg(fdt, p->uart_base, UART_SIZE));
    TRY(fdt_property_u32(fdt, "clock-frequency", p->uart_clock));
    TRY(plic_irq_props(fdt, p->uart_irq));
    return fdt_end_node(fdt);
}

static int add_test(void *fdt, const struct fdt_params *p)
{
    static const char compat[] = "sifive,test1\0sifive,test0\0syscon";
    TRY(begin_node_at(fdt, "test", p->syscon_base));
    TRY(fdt_property_u32(fdt, "phandle", FDT_PHANDLE_TEST));
    TRY(fdt_property(fdt, "compatible", compat, sizeof compat));
    TRY(prop_reg(fdt, p->syscon_base, TEST_SIZE));
    return fdt_end_node(fdt);
}

static int add_rtc(void *fdt, const struct fdt_params *p)
{
    TRY(begin_node_at(fdt, "rtc", p->rtc_base));
    TRY(fdt_property_string(fdt, "compatible", "google,goldfish-rtc"));
    TRY(prop_reg(fdt, p->rtc_base, RTC_SIZE));
    TRY(plic_irq_props(fdt, p->rtc_irq));
    return fdt_end_node(fdt);
}

static int add_virtio(void *fdt, uint64_t base, unsigned irq)
{
    TRY(begin_node_at(fdt, "virtio_mmio", base));
    TRY(fdt_property_string(fdt, "compatible", "virtio,mmio"));
    TRY(prop_reg(fdt, base, VIRTIO_MMIO_SIZE));
    TRY(plic_irq_props(fdt, irq));
    return fdt_end_node(fdt);
}

static int add_framebuffer(void *fdt, const struct fdt_params *p)
{
    TRY(begin_node_at(fdt, "framebuffer", p->fb.base));
    TRY(fdt_property_string(fdt, "compatible", "simple-framebuffer"));
    TRY(prop_reg(fdt, p->fb.base, p->fb.size));
    TRY(fdt_property_u32(fdt, "width", p->fb.width));
    TRY(fdt_property_u32(fdt, "height", p->fb.height));
    TRY(fdt_property_u32(fdt, "stride", p->fb.stride));
    TRY(fdt_property_string(fdt, "format", p->fb.format ? p->fb.format : "a8r8g8b8"));
    return fdt_end_node(fdt);
}

static int add_soc(void *fdt, const struct fdt_params *p)
{
    TRY(fdt_begin_node(fdt, "soc"));
    TRY(fdt_property_u32(fdt, "#address-cells", 2));
    TRY(fdt_property_u32(fdt, "#size-cells", 2));
    TRY(fdt_property_string(fdt, "compatible", "simple-bus"));
    TRY(fdt_property(fdt, "ranges", NULL, 0));      /* identity: child = parent address */
    if (p->syscon_base)
        TRY(add_test(fdt, p));
    if (p->rtc_base)
        TRY(add_rtc(fdt, p));
    TRY(add_clint(fdt, p));
    TRY(add_plic(fdt, p));
    TRY(add_uart(fdt, p));
    for (unsigned i = 0; i < p->nvirtio; i++)
        TRY(add_virtio(fdt, p->virtio_base[i], p->virtio_irq[i]));
    if (p->fb.size)
        TRY(add_framebuffer(fdt, p));
    return fdt_end_node(fdt);
}

/* syscon-poweroff / syscon-reboot: a 32-bit write of `value` to the test device */
static int add_syscon_action(void *fdt, const char *node, const char *compat, uint32_t value)
{
    TRY(fdt_begin_node(fdt, node));
    TRY(fdt_property_string(fdt, "compatible", compat));
    TRY(fdt_property_u32(fdt, "regmap", FDT_PHANDLE_TEST));
    TRY(fdt_property_u32(fdt, "offset", 0));
    TRY(fdt_property_u32(fdt, "value", value));
    return fdt_end_node(fdt);
}

static int add_chosen(void *fdt, const struct fdt_params *p)
{
    char stdout_path[64];
    snprintf(stdout_path, sizeof stdout_path, "/soc/serial@%llx",
             (unsigned long long)p->uart_base);
    TRY(fdt_begin_node(fdt, "chosen"));
    if (p->bootargs)
        TRY(fdt_property_string(fdt, "bootargs", p->bootargs));
    TRY(fdt_property_string(fdt, "stdout-path", stdout_path));
    if (p->initrd_start || p->initrd_end) {
        /* Linux reads these as a number of any cell count; 64-bit as QEMU writes them */
        TRY(fdt_property_u64(fdt, "linux,initrd-start", p->initrd_start));
        TRY(fdt_property_u64(fdt, "linux,initrd-end", p->initrd_end));
    }
    if (p->rng_seed && p->rng_seed_len)
        TRY(fdt_property(fdt, "rng-seed", p->rng_seed, (int)p->rng_seed_len));
    return fdt_end_node(fdt);
}

static int build_into(void *fdt, int bufsize, const struct fdt_params *p)
{
    TRY(fdt_create(fdt, bufsize));
    TRY(fdt_finish_reservemap(fdt));
    TRY(fdt_begin_node(fdt, ""));
    TRY(fdt_property_u32(fdt, "#address-cells", 2));
    TRY(fdt_property_u32(fdt, "#size-cells", 2));
    TRY(fdt_property_string(fdt, "compatible", "riscv-virtio"));
    TRY(fdt_property_string(fdt, "model", "riscv-virtio,qemu"));
    TRY(add_chosen(fdt, p));
    if (p->syscon_base) {
        TRY(add_syscon_action(fdt, "poweroff", "syscon-poweroff", SYSCON_POWEROFF_VALUE));
        TRY(add_syscon_action(fdt, "reboot", "syscon-reboot", SYSCON_RESET_VALUE));
    }
    TRY(begin_node_at(fdt, "memory", p->ram_base));
    TRY(fdt_property_string(fdt, "device_type", "memory"));
    TRY(prop_reg(fdt, p->ram_base, p->ram_size));
    TRY(fdt_end_node(fdt));
    TRY(add_cpus(fdt, p));
    TRY(add_soc(fdt, p));
    TRY(fdt_end_node(fdt));
    return fdt_finish(fdt);
}

static bool params_ok(const struct fdt_params *p)
{
    return p && p->nharts > 0 && p->isa && p->mmu_type &&
           p->nvirtio <= FDT_MAX_VIRTIO && p->initrd_end >= p->initrd_start &&
           p->ram_size > 0;
}

void *fdt_build(const struct fdt_params *p, size_t *size_out)
{
    if (!params_ok(p))
        return NULL;
    /* Start from a size that fits a few harts and grow on FDT_ERR_NOSPACE. */
    for (size_t bufsize = 16384; bufsize <= (64u << 20); bufsize *= 2) {
        void *buf = calloc(1, bufsize);
        if (!buf)
            return NULL;
        int err = build_into(buf, (int)bufsize, p);
        if (err == 0) {
            size_t size = fdt_totalsize(buf);
            void *shrunk = realloc(buf, size);
            buf = shrunk ? shrunk : buf;
            if (size_out)
                *size_out = size;
            return buf;
        }
        free(buf);
        if (err != -FDT_ERR_NOSPACE)
            return NULL;
    }
    return NULL;
}
