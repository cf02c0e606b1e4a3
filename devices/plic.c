/* SiFive PLIC, register layout of the "sifive,plic-1.0.0" binding as QEMU
 * virt places it: priorities at 0x0 + 4*source, pending bits at 0x1000,
 * enables at 0x2000 + 0x80*context, threshold at 0x200000 + 0x1000*context
 * and claim/complete one word above it.  Sources are level-triggered. */
#include "devices/plic.h"

#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "devices/fdt.h"
#include "mem/bus.h"

#define WORDS ((PLIC_NUM_SOURCES + 31) / 32)

#define PRIORITY_BASE 0x0u
#define PENDING_BASE 0x1000u
#define ENABLE_BASE 0x2000u
#define ENABLE_STRIDE 0x80u
#define CONTEXT_BASE 0x200000u
#define CONTEXT_STRIDE 0x1000u

struct plic_context {
    uint32_t enable[WORDS];
    uint32_t threshold;
};

struct plic {
    struct device dev;          /* first: the device is the state */
    struct hart **harts;
    int nharts, nctx;
    uint32_t priority[PLIC_NUM_SOURCES];
    uint32_t level[WORDS];      /* the input lines as devices drive them */
    uint32_t pending[WORDS];
    uint32_t claimed[WORDS];    /* claimed and not yet completed */
    struct plic_context *ctx;
};

static bool bit_get(const uint32_t *w, int i)
{
    return (w[i / 32] >> (i % 32)) & 1;
}

static void bit_put(uint32_t *w, int i, bool v)
{
    uint32_t m = 1u << (i % 32);
    w[i / 32] = v ? (w[i / 32] | m) : (w[i / 32] & ~m);
}

/* The interrupt a claim by this context would return: the pending, enabled
 * source of highest priority above the threshold, the lowest id on ties
 * (PLIC spec, "Interrupt Priorities"); 0 if there is none. */
static int best_source(const struct plic *p, const struct plic_context *c)
{
    int best = 0;
    uint32_t best_prio = c->threshold;
    for (int w = 0; w < WORDS; w++) {
        uint32_t cand = p->pending[w] & c->enable[w];
        while (cand) {
            int s = w * 32 + __builtin_ctz(cand);
            cand &= cand - 1;
            if (p->priority[s] > best_prio) {
                best = s;
                best_prio = p->priority[s];
            }
        }
    }
    return best;
}

static void update_outputs(struct plic *p)
{
    for (int i = 0; i < p->nctx; i++) {
        struct hart *h = p->harts[i / 2];
        if (h)
            hart_set_mip(h, (i & 1) ? MIP_SEIP : MIP_MEIP,
                         best_source(p, &p->ctx[i]) != 0);
    }
}

void plic_set_irq(struct plic *p, int source, bool level)
{
    if (source <= 0 || source >= PLIC_NUM_SOURCES)
        return;
    bit_put(p->level, source, level);
    /* A claimed source stays out of pending until its completion. */
    if (!bit_get(p->claimed, source))
        bit_put(p->pending, source, level);
    update_outputs(p);
}

void plic_irq_cb(void *plic, int source, bool level)
{
    plic_set_irq(plic, source, level);
}

static uint32_t claim(struct plic *p, struct plic_context *c)
{
    int s = best_source(p, c);
    if (s) {
        bit_put(p->pending, s, false);
        bit_put(p->claimed, s, true);
        update_outputs(p);
    }
    return (uint32_t)s;
}

static void complete(struct plic *p, struct plic_context *c, uint32_t s)
{
    /* A completion for a source not enabled for this context is silently
     * ignored (PLIC spec, "Interrupt Completion"). */
    if (s == 0 || s >= PLIC_NUM_SOURCES || !bit_get(c->enable, (int)s))
        return;
    bit_put(p->claimed, (int)s, false);
    bit_put(p->pending, (int)s, bit_get(p->level, (int)s));
}

/* Locates the per-context block an offset falls in; -1 if none. */
static int context_of(const struct plic *p, uint64_t off, uint64_t base,
                      uint64_t stride, uint64_t *rel)
{
    if (off < base)
        return -1;
    uint64_t i = (off - base) / stride;
    if (i >= (uint64_t)p->nctx)
        return -1;
    *rel = (off - base) % stride;
    return (int)i;
}

/* claim_fn decides what a read of claim/complete does: claim (a real
 * read) or only look (a debugger's peek, which leaves it pending). */
static uint32_t read32_with(struct plic *p, uint64_t off,
                            uint32_t (*claim_fn)(struct plic *, struct plic_context *))
{
    uint64_t rel;
    int i;
    if (off < PRIORITY_BASE + 4 * PLIC_NUM_SOURCES)
        return p->priority[off / 4];
    if (off >= PENDING_BASE && off < PENDING_BASE + 4 * WORDS)
        return p->pending[(off - PENDING_BASE) / 4];
    if ((i = context_of(p, off, ENABLE_BASE, ENABLE_STRIDE, &rel)) >= 0 &&
        off < CONTEXT_BASE)
        return rel < 4 * WORDS ? p->ctx[i].enable[rel / 4] : 0;
    if ((i = context_of(p, off, CONTEXT_BASE, CONTEXT_STRIDE, &rel)) >= 0) {
        if (rel == 0)
            return p->ctx[i].threshold;
        if (rel == 4)
            return claim_fn(p, &p->ctx[i]);
    }
    return 0;
}

static uint32_t look(struct plic *p, struct plic_context *c)
{
    return (uint32_t)best_source(p, c);
}

static uint32_t read32(struct plic *p, uint64_t off)
{
    return read32_with(p, off, claim);
}

static uint32_t peek32(struct plic *p, uint64_t off)
{
    return read32_with(p, off, look);
}

static void write32(struct plic *p, uint64_t off, uint32_t v)
{
    uint64_t rel;
    int i;
    if (off < PRIORITY_BASE + 4 * PLIC_NUM_SOURCES) {
        if (off >= 4)           /* source 0 does not exist */
            p->priority[off / 4] = v & PLIC_MAX_PRIORITY;
    } else if (off >= PENDING_BASE && off < PENDING_BASE + 4 * WORDS) {
        return;                 /* pending bits follow the lines */
    } else if ((i = context_of(p, off, ENABLE_BASE, ENABLE_STRIDE, &rel)) >= 0 &&
               off < CONTEXT_BASE) {
        if (rel >= 4 * WORDS)
            return;
        p->ctx[i].enable[rel / 4] = rel == 0 ? v & ~1u : v;
    } else if ((i = context_of(p, off, CONTEXT_BASE, CONTEXT_STRIDE, &rel)) >= 0) {
        if (rel == 0)
            p->ctx[i].threshold = v & PLIC_MAX_PRIORITY;
        else if (rel == 4)
            complete(p, &p->ctx[i], v);
    } else {
        return;
    }
    update_outputs(p);
}

/* The registers are 32 bits wide; a 64-bit access is two of them (low
 * word first, rvx's documented extension: QEMU's PLIC accepts only 4).
 * Byte and halfword accesses fault on the bus, as on QEMU (valid sizes
 * 4..4); a misaligned word reads 0 and writes nothing. */
static uint64_t plic_read(void *opaque, uint64_t off, unsigned size)
{
    struct plic *p = opaque;
    if (size == 4 && !(off & 3))
        return read32(p, off);
    if (size == 8 && !(off & 7))
        return read32(p, off) | (uint64_t)read32(p, off + 4) << 32;
    return 0;
}

static uint64_t plic_peek(void *opaque, uint64_t off, unsigned size)
{
    struct plic *p = opaque;
    if (size == 4 && !(off & 3))
        return peek32(p, off);
    if (size == 8 && !(off & 7))
        return peek32(p, off) | (uint64_t)peek32(p, off + 4) << 32;
    return 0;
}

static void plic_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    struct plic *p = opaque;
    if (size == 4 && !(off & 3)) {
        write32(p, off, (uint32_t)val);
    } else if (size == 8 && !(off & 7)) {
        write32(p, off, (uint32_t)val);
        write32(p, off + 4, (uint32_t)(val >> 32));
    }
}

/* Power-on state: the PLIC spec leaves priorities, enables and thresholds
 * undefined at reset; rvx (like QEMU) starts them at 0, so nothing is
 * delivered until firmware sets them up.  No source is claimed; pending
 * follows the input lines (which the devices, reset alongside, drive low),
 * and the hart outputs (MEIP/SEIP) drop. */
static void plic_reset(struct device *d)
{
    struct plic *p = (struct plic *)d;
    memset(p->priority, 0, sizeof p->priority);
    memset(p->claimed, 0, sizeof p->claimed);
    memcpy(p->pending, p->level, sizeof p->pending);
    for (int i = 0; i < p->nctx; i++)
        p->ctx[i] = (struct plic_context){0};
    update_outputs(p);
}

static void plic_free_dev(struct device *d)
{
    plic_free((struct plic *)d);
}

static int plic_fdt(struct device *d, void *fdt, enum dt_level level,
                    const struct dt_env *env)
{
    static const char compat[] = "sifive,plic-1.0.0\0riscv,plic0";
    /* context 2h is hart h's M-mode, 2h+1 its S-mode: the order OpenSBI and Linux
     * derive context numbers from */
    static const unsigned irqs[] = { DT_IRQ_M_EXT, DT_IRQ_S_EXT };
    if (level != DT_SOC)
        return 0;
    DT_TRY(dt_begin_node_at(fdt, "plic", d->base));
    DT_TRY(fdt_property_u32(fdt, "phandle", FDT_PHANDLE_PLIC));
    DT_TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
    DT_TRY(fdt_property_u32(fdt, "#address-cells", 0));
    DT_TRY(fdt_property(fdt, "compatible", compat, sizeof compat));
    DT_TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
    DT_TRY(dt_prop_reg(fdt, d->base, d->size));
    DT_TRY(fdt_property_u32(fdt, "riscv,ndev", PLIC_NDEV));
    DT_TRY(dt_prop_per_hart_irqs(fdt, env->nharts, irqs, 2));
    return fdt_end_node(fdt);
}

static void put_words(struct dev_stream *s, const uint32_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dev_put_u32(s, w[i]);
}

static void get_words(struct dev_stream *s, uint32_t *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        w[i] = dev_get_u32(s);
}

/* The input levels are not saved: they belong to the devices driving them,
 * which restore their own outputs. */
static bool plic_save(struct device *d, struct dev_stream *out)
{
    struct plic *p = (struct plic *)d;
    uint32_t nctx = (uint32_t)p->nctx;
    put_words(out, &nctx, 1);
    put_words(out, p->priority, PLIC_NUM_SOURCES);
    put_words(out, p->pending, WORDS);
    put_words(out, p->claimed, WORDS);
    for (int i = 0; i < p->nctx; i++) {
        put_words(out, p->ctx[i].enable, WORDS);
        put_words(out, &p->ctx[i].threshold, 1);
    }
    return !out->error;
}

static bool plic_load(struct device *d, struct dev_stream *in)
{
    struct plic *p = (struct plic *)d;
    uint32_t nctx;
    plic_reset(d);
    get_words(in, &nctx, 1);
    if (in->error || nctx != (uint32_t)p->nctx)
        return false;
    get_words(in, p->priority, PLIC_NUM_SOURCES);
    get_words(in, p->pending, WORDS);
    get_words(in, p->claimed, WORDS);
    for (int i = 0; i < p->nctx; i++) {
        get_words(in, p->ctx[i].enable, WORDS);
        get_words(in, &p->ctx[i].threshold, 1);
    }
    if (in->error) {
        plic_reset(d);
        return false;
    }
    for (int s = 0; s < PLIC_NUM_SOURCES; s++)
        p->priority[s] &= PLIC_MAX_PRIORITY;
    update_outputs(p);
    return true;
}

/* Byte and half-word accesses fault, as on QEMU's sifive_plic (its valid
 * sizes are 4..4); rvx also takes a 64-bit access as two registers, which
 * it always has (QEMU faults it). */
static const struct device_ops plic_ops = {
    .name = "plic",
    .access = DEV_ACCESS_4 | DEV_ACCESS_8,
    .read = plic_read,
    .write = plic_write,
    .peek = plic_peek,
    .reset = plic_reset,
    .free = plic_free_dev,
    .fdt_node = plic_fdt,
    .save = plic_save,
    .load = plic_load,
};

struct device *plic_create(const struct device_ctx *ctx)
{
    int nharts = (int)ctx->nharts;
    if (nharts < 1 || nharts > PLIC_MAX_HARTS) {
        device_error(ctx, "the PLIC takes 1 to %d harts", PLIC_MAX_HARTS);
        return NULL;
    }
    struct plic *p = calloc(1, sizeof(*p));
    if (!p)
        goto fail;
    p->nharts = nharts;
    p->nctx = 2 * nharts;
    p->harts = calloc((size_t)nharts, sizeof(*p->harts));
    p->ctx = calloc((size_t)p->nctx, sizeof(*p->ctx));
    if (!p->harts || !p->ctx)
        goto fail;
    for (int h = 0; h < nharts; h++)
        p->harts[h] = ctx->harts ? ctx->harts[h] : NULL;
    if (!device_map(ctx->bus, &p->dev, &plic_ops, ctx->base,
                    ctx->size ? ctx->size : PLIC_MMIO_SIZE, 0))
        goto fail;
    return &p->dev;
fail:
    device_error(ctx, "cannot create the PLIC");
    plic_free(p);
    return NULL;
}

struct device *plic_device(struct plic *p)
{
    return &p->dev;
}

struct plic *plic_new(struct bus *bus, uint64_t base, struct hart **harts,
                      int nharts)
{
    if (nharts < 1)
        return NULL;
    struct device_ctx ctx = { .bus = bus, .base = base, .harts = harts,
                              .nharts = (unsigned)nharts };
    return (struct plic *)plic_create(&ctx);
}

void plic_free(struct plic *p)
{
    if (!p)
        return;
    free(p->harts);
    free(p->ctx);
    free(p);
}
