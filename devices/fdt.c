/* Device tree skeleton; see fdt.h for the shape.  Property names and values follow
 * the Linux bindings (Documentation/devicetree/bindings/riscv/cpus.yaml); each
 * device's node is written by the device itself (its fdt_node op, citing its
 * binding) with the dt_* helpers below. */
#include "fdt.h"

#include "devices/device.h"

#include <libfdt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRY DT_TRY

/* reg = <addr-hi addr-lo size-hi size-lo> for #address-cells = #size-cells = 2 */
int dt_prop_reg(void *fdt, uint64_t addr, uint64_t size)
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
int dt_prop_per_hart_irqs(void *fdt, unsigned nharts, const unsigned *irqs,
                          unsigned nirq)
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

int dt_begin_node_at(void *fdt, const char *name, uint64_t addr)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s@%llx", name, (unsigned long long)addr);
    return fdt_begin_node(fdt, buf);
}

int dt_prop_plic_irq(void *fdt, unsigned irq)
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
    /* cache-block sizes of the CMO extensions (cpus.yaml) */
    if (p->cbom_block_size)
        TRY(fdt_property_u32(fdt, "riscv,cbom-block-size", p->cbom_block_size));
    if (p->cboz_block_size)
        TRY(fdt_property_u32(fdt, "riscv,cboz-block-size", p->cboz_block_size));

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

/* Every device on the list that has something to say at this level. */
static int add_device_nodes(void *fdt, const struct fdt_params *p, enum dt_level level)
{
    struct dt_env env = { .nharts = p->nharts };
    for (struct device *d = p->devices; d; d = d->next)
        if (d->ops->fdt_node)
            TRY(d->ops->fdt_node(d, fdt, level, &env));
    return 0;
}

static int add_soc(void *fdt, const struct fdt_params *p)
{
    TRY(fdt_begin_node(fdt, "soc"));
    TRY(fdt_property_u32(fdt, "#address-cells", 2));
    TRY(fdt_property_u32(fdt, "#size-cells", 2));
    TRY(fdt_property_string(fdt, "compatible", "simple-bus"));
    TRY(fdt_property(fdt, "ranges", NULL, 0));      /* identity: child = parent address */
    TRY(add_device_nodes(fdt, p, DT_SOC));
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
    if (p->uart_base)
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
    TRY(add_device_nodes(fdt, p, DT_ROOT));
    TRY(dt_begin_node_at(fdt, "memory", p->ram_base));
    TRY(fdt_property_string(fdt, "device_type", "memory"));
    TRY(dt_prop_reg(fdt, p->ram_base, p->ram_size));
    TRY(fdt_end_node(fdt));
    TRY(add_cpus(fdt, p));
    TRY(add_soc(fdt, p));
    TRY(fdt_end_node(fdt));
    return fdt_finish(fdt);
}

static bool params_ok(const struct fdt_params *p)
{
    return p && p->nharts > 0 && p->isa && p->mmu_type &&
           p->initrd_end >= p->initrd_start &&
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
