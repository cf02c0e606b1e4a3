/* SiFive CLINT: msip at 0x0 + 4*hart, mtimecmp at 0x4000 + 8*hart, mtime
 * at 0xbff8 (the layout QEMU virt and OpenSBI's aclint/clint drivers use). */
#include "devices/clint.h"

#include <stdlib.h>
#include <time.h>

#include "cpu/cpu.h"
#include "devices/fdt.h"
#include "mem/bus.h"

#define MSIP_BASE 0x0000u
#define MTIMECMP_BASE 0x4000u
#define MTIME_BASE 0xbff8u
#define NS_PER_TICK (1000000000ull / CLINT_FREQ_HZ)

struct clint {
    struct device dev;          /* first: the device is the state */
    struct hart **harts;
    int nharts;
    uint32_t *msip;
    uint64_t *mtimecmp;
    bool virtual_time;
    uint64_t vticks;            /* the tick source in virtual-time mode */
    uint64_t host_start_ns;
    uint64_t offset;            /* mtime = source ticks + offset (mod 2^64) */
};

enum reg_kind { REG_MSIP, REG_MTIMECMP, REG_MTIME };

/* One register: where it starts, how wide it is, which hart it belongs to. */
struct reg {
    enum reg_kind kind;
    uint64_t base;
    unsigned width;
    int hart;
};

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t source_ticks(const struct clint *c)
{
    if (c->virtual_time)
        return c->vticks;
    return (host_ns() - c->host_start_ns) / NS_PER_TICK;
}

uint64_t clint_mtime(struct clint *c)
{
    return source_ticks(c) + c->offset;
}

uint64_t clint_read_time(void *opaque)
{
    return clint_mtime(opaque);
}

static void set_mtip(struct clint *c, int h, uint64_t now)
{
    if (c->harts[h])
        hart_set_mip(c->harts[h], MIP_MTIP, now >= c->mtimecmp[h]);
}

/* The CLINT's mtime is also the time the harts' Sstc stimecmp compares
 * against: each update moves both interrupt lines. */
void clint_update(struct clint *c)
{
    uint64_t now = clint_mtime(c);
    for (int h = 0; h < c->nharts; h++) {
        set_mtip(c, h, now);
        if (c->harts[h])
            hart_timer_update(c->harts[h], now);
    }
}

static void earliest(uint64_t deadline, uint64_t now, uint64_t *best)
{
    if (deadline > now && deadline - now < *best)
        *best = deadline - now;
}

uint64_t clint_ns_until_next_timer(struct clint *c)
{
    uint64_t now = clint_mtime(c);
    uint64_t best = UINT64_MAX;
    for (int h = 0; h < c->nharts; h++) {
        earliest(c->mtimecmp[h], now, &best);
        if (c->harts[h])
            earliest(hart_timer_deadline(c->harts[h]), now, &best);
    }
    if (best == UINT64_MAX)
        return UINT64_MAX;
    return best > UINT64_MAX / NS_PER_TICK ? UINT64_MAX : best * NS_PER_TICK;
}

void clint_set_virtual_time(struct clint *c, bool on)
{
    uint64_t now = clint_mtime(c);
    c->virtual_time = on;
    c->offset = now - source_ticks(c);
}

void clint_advance(struct clint *c, uint64_t ticks)
{
    c->vticks += ticks;
}

static bool find_reg(const struct clint *c, uint64_t off, struct reg *r)
{
    uint64_t n = (uint64_t)c->nharts;
    if (off < MSIP_BASE + 4 * n) {          /* MSIP_BASE is 0 */
        *r = (struct reg){REG_MSIP, off & ~3ull, 4, (int)((off - MSIP_BASE) / 4)};
        return true;
    }
    if (off >= MTIMECMP_BASE && off < MTIMECMP_BASE + 8 * n) {
        *r = (struct reg){REG_MTIMECMP, off & ~7ull, 8,
                          (int)((off - MTIMECMP_BASE) / 8)};
        return true;
    }
    if (off >= MTIME_BASE && off < MTIME_BASE + 8) {
        *r = (struct reg){REG_MTIME, MTIME_BASE, 8, 0};
        return true;
    }
    return false;
}

static uint64_t reg_value(struct clint *c, const struct reg *r)
{
    switch (r->kind) {
    case REG_MSIP: return c->msip[r->hart];
    case REG_MTIMECMP: return c->mtimecmp[r->hart];
    case REG_MTIME: return clint_mtime(c);
    }
    return 0;
}

static void reg_set(struct clint *c, const struct reg *r, uint64_t v)
{
    switch (r->kind) {
    case REG_MSIP:
        /* Only bit 0 is implemented; the rest read as zero. */
        c->msip[r->hart] = (uint32_t)(v & 1);
        if (c->harts[r->hart])
            hart_set_mip(c->harts[r->hart], MIP_MSIP, v & 1);
        return;
    case REG_MTIMECMP:
        c->mtimecmp[r->hart] = v;
        set_mtip(c, r->hart, clint_mtime(c));
        return;
    case REG_MTIME:
        c->offset = v - source_ticks(c);
        clint_update(c);
        return;
    }
}

static uint64_t lane_mask(unsigned size)
{
    return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

static bool valid_size(unsigned size)
{
    return size == 1 || size == 2 || size == 4 || size == 8;
}

/* Every size is accepted (byte lanes of the 32-bit msip and 64-bit
 * mtimecmp/mtime registers); QEMU's ACLINT would fault below 4 bytes, but
 * rvx has always served them and nothing gains from a fault.  Reads have
 * no side effects, so the read is also the peek.
 *
 * An access wider than the rest of its register (a 64-bit access to two
 * msip words, a misaligned one) is split into halves, each of which may
 * land in a different register or in a hole; holes read as zero. */
static uint64_t clint_read(void *opaque, uint64_t off, unsigned size)
{
    struct clint *c = opaque;
    struct reg r;
    if (!valid_size(size))
        return 0;
    bool found = find_reg(c, off, &r);
    unsigned lane = found ? (unsigned)(off - r.base) : 0;
    if (found && lane + size <= r.width)
        return (reg_value(c, &r) >> (8 * lane)) & lane_mask(size);
    if (size == 1)
        return 0;
    unsigned half = size / 2;
    return clint_read(c, off, half) |
           clint_read(c, off + half, half) << (8 * half);
}

static void clint_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    struct clint *c = opaque;
    struct reg r;
    if (!valid_size(size))
        return;
    bool found = find_reg(c, off, &r);
    unsigned lane = found ? (unsigned)(off - r.base) : 0;
    if (found && lane + size <= r.width) {
        uint64_t mask = lane_mask(size) << (8 * lane);
        uint64_t old = reg_value(c, &r);
        reg_set(c, &r, (old & ~mask) | ((val << (8 * lane)) & mask));
        return;
    }
    if (size == 1)
        return;
    unsigned half = size / 2;
    clint_write(c, off, val, half);
    clint_write(c, off + half, val >> (8 * half), half);
}

/* Power-on state: msip 0 (MSIP low), mtimecmp all ones (the Privileged
 * spec gives no reset value; all-ones keeps MTIP low until firmware sets a
 * deadline, as QEMU's ACLINT does), and mtime restarts from 0 as QEMU's
 * ACLINT resets it.  The time source (host clock or virtual) is board
 * configuration, not guest state, and is kept. */
static void clint_reset(struct device *d)
{
    struct clint *c = (struct clint *)d;
    c->offset = 0 - source_ticks(c);
    for (int h = 0; h < c->nharts; h++) {
        c->msip[h] = 0;
        c->mtimecmp[h] = UINT64_MAX;
        if (c->harts[h])
            hart_set_mip(c->harts[h], MIP_MSIP, false);
    }
    clint_update(c);
}

static void clint_free_dev(struct device *d)
{
    clint_free((struct clint *)d);
}

static int clint_fdt(struct device *d, void *fdt, enum dt_level level,
                     const struct dt_env *env)
{
    static const char compat[] = "sifive,clint0\0riscv,clint0";
    static const unsigned irqs[] = { DT_IRQ_M_SOFT, DT_IRQ_M_TIMER };
    if (level != DT_SOC)
        return 0;
    DT_TRY(dt_begin_node_at(fdt, "clint", d->base));
    DT_TRY(fdt_property(fdt, "compatible", compat, sizeof compat));
    DT_TRY(dt_prop_reg(fdt, d->base, d->size));
    DT_TRY(dt_prop_per_hart_irqs(fdt, env->nharts, irqs, 2));
    return fdt_end_node(fdt);
}

/* mtime is saved as its value; on load the counter continues from it. */
static bool clint_save(struct device *d, struct dev_stream *out)
{
    struct clint *c = (struct clint *)d;
    dev_put_u64(out, (uint64_t)c->nharts);
    dev_put_u64(out, clint_mtime(c));
    for (int h = 0; h < c->nharts; h++) {
        dev_put_u64(out, c->msip[h]);
        dev_put_u64(out, c->mtimecmp[h]);
    }
    return !out->error;
}

static bool clint_load(struct device *d, struct dev_stream *in)
{
    struct clint *c = (struct clint *)d;
    clint_reset(d);
    if (dev_get_u64(in) != (uint64_t)c->nharts || in->error)
        return false;
    uint64_t mtime = dev_get_u64(in);
    for (int h = 0; h < c->nharts && !in->error; h++) {
        c->msip[h] = (uint32_t)(dev_get_u64(in) & 1);
        c->mtimecmp[h] = dev_get_u64(in);
    }
    if (in->error) {
        clint_reset(d);
        return false;
    }
    c->offset = mtime - source_ticks(c);
    for (int h = 0; h < c->nharts; h++)
        if (c->harts[h])
            hart_set_mip(c->harts[h], MIP_MSIP, c->msip[h]);
    clint_update(c);
    return true;
}

static const struct device_ops clint_ops = {
    .name = "clint",
    .access = DEV_ACCESS_ANY,
    .read = clint_read,
    .write = clint_write,
    .peek = clint_read,
    .reset = clint_reset,
    .free = clint_free_dev,
    .fdt_node = clint_fdt,
    .save = clint_save,
    .load = clint_load,
};

struct device *clint_create(const struct device_ctx *ctx)
{
    int nharts = (int)ctx->nharts;
    if (nharts < 1 || nharts > CLINT_MAX_HARTS) {
        device_error(ctx, "the CLINT takes 1 to %d harts", CLINT_MAX_HARTS);
        return NULL;
    }
    struct clint *c = calloc(1, sizeof(*c));
    if (!c)
        goto fail;
    c->harts = calloc((size_t)nharts, sizeof(*c->harts));
    c->msip = calloc((size_t)nharts, sizeof(*c->msip));
    c->mtimecmp = calloc((size_t)nharts, sizeof(*c->mtimecmp));
    if (!c->harts || !c->msip || !c->mtimecmp)
        goto fail;
    c->nharts = nharts;
    for (int h = 0; h < nharts; h++) {
        c->harts[h] = ctx->harts ? ctx->harts[h] : NULL;
        c->mtimecmp[h] = UINT64_MAX;
    }
    c->host_start_ns = host_ns();
    if (!device_map(ctx->bus, &c->dev, &clint_ops, ctx->base,
                    ctx->size ? ctx->size : CLINT_MMIO_SIZE, 0))
        goto fail;
    return &c->dev;
fail:
    device_error(ctx, "cannot create the CLINT");
    clint_free(c);
    return NULL;
}

struct device *clint_device(struct clint *c)
{
    return &c->dev;
}

struct clint *clint_new(struct bus *bus, uint64_t base, struct hart **harts,
                        int nharts)
{
    if (nharts < 1)
        return NULL;
    struct device_ctx ctx = { .bus = bus, .base = base, .harts = harts,
                              .nharts = (unsigned)nharts };
    return (struct clint *)clint_create(&ctx);
}

void clint_free(struct clint *c)
{
    if (!c)
        return;
    free(c->harts);
    free(c->msip);
    free(c->mtimecmp);
    free(c);
}
