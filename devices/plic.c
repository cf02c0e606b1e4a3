/* SiFive PLIC, register layout of the "sifive,plic-1.0.0" binding as QEMU
 * virt places it: priorities at 0x0 + 4*source, pending bits at 0x1000,
 * enables at 0x2000 + 0x80*context, threshold at 0x200000 + 0x1000*context
 * and claim/complete one word above it.  Sources are level-triggered. */
#include "devices/plic.h"

#include <stdlib.h>

#include "cpu/cpu.h"
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

static uint32_t read32(struct plic *p, uint64_t off)
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
            return claim(p, &p->ctx[i]);
    }
    return 0;
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
 * word first) and narrower or misaligned accesses are not supported. */
static uint64_t plic_read(void *opaque, uint64_t off, unsigned size)
{
    struct plic *p = opaque;
    if (size == 4 && !(off & 3))
        return read32(p, off);
    if (size == 8 && !(off & 7))
        return read32(p, off) | (uint64_t)read32(p, off + 4) << 32;
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

struct plic *plic_new(struct bus *bus, uint64_t base, struct hart **harts,
                      int nharts)
{
    if (nharts < 1 || nharts > PLIC_MAX_HARTS)
        return NULL;
    struct plic *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->nharts = nharts;
    p->nctx = 2 * nharts;
    p->harts = calloc((size_t)nharts, sizeof(*p->harts));
    p->ctx = calloc((size_t)p->nctx, sizeof(*p->ctx));
    if (!p->harts || !p->ctx)
        goto fail;
    for (int h = 0; h < nharts; h++)
        p->harts[h] = harts ? harts[h] : NULL;
    if (!bus_add_mmio(bus, base, PLIC_MMIO_SIZE, p, plic_read, plic_write,
                      "plic"))
        goto fail;
    return p;
fail:
    plic_free(p);
    return NULL;
}

void plic_free(struct plic *p)
{
    if (!p)
        return;
    free(p->harts);
    free(p->ctx);
    free(p);
}
