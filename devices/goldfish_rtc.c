/* Goldfish RTC, registers as Linux's rtc-goldfish driver and QEMU's model
 * use them.  Reading TIME_LOW latches the high word so that the pair
 * TIME_LOW, TIME_HIGH is one consistent 64-bit sample. */
#include "devices/goldfish_rtc.h"

#include <stdlib.h>
#include <time.h>

#include "devices/fdt.h"
#include "mem/bus.h"

enum {
    RTC_TIME_LOW = 0x00, RTC_TIME_HIGH = 0x04,
    RTC_ALARM_LOW = 0x08, RTC_ALARM_HIGH = 0x0c,
    RTC_IRQ_ENABLED = 0x10, RTC_CLEAR_ALARM = 0x14,
    RTC_ALARM_STATUS = 0x18, RTC_CLEAR_INTERRUPT = 0x1c,
};

struct goldfish_rtc {
    struct device dev;          /* first: the device is the state */
    void (*irq)(void *opaque, int line, bool level);
    void *irq_opaque;
    int irq_line;
    uint64_t offset;            /* guest time = host realtime + offset */
    uint32_t time_high_latch;
    uint32_t alarm_high;        /* staged until ALARM_LOW is written */
    uint64_t alarm;
    bool alarm_running, irq_enabled, irq_pending, irq_level;
    /* Deterministic mode: the time source instead of the host's clock
     * (an epoch read once through the recorder plus guest time), so
     * readings and alarms repeat on replay. */
    uint64_t (*clock)(void *opaque);
    void *clock_opaque;
};

static uint64_t host_realtime_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t now(const struct goldfish_rtc *r)
{
    return (r->clock ? r->clock(r->clock_opaque) : host_realtime_ns()) + r->offset;
}

uint64_t goldfish_rtc_host_ns(void)
{
    return host_realtime_ns();
}

void goldfish_rtc_set_clock(struct goldfish_rtc *r, uint64_t (*clock)(void *opaque),
                            void *opaque)
{
    r->clock = clock;
    r->clock_opaque = opaque;
}

static void update_irq(struct goldfish_rtc *r)
{
    bool level = r->irq_pending && r->irq_enabled;
    if (level != r->irq_level) {
        r->irq_level = level;
        if (r->irq)
            r->irq(r->irq_opaque, r->irq_line, level);
    }
}

void goldfish_rtc_update(struct goldfish_rtc *r)
{
    if (r->alarm_running && now(r) >= r->alarm) {
        r->alarm_running = false;
        r->irq_pending = true;
    }
    update_irq(r);
}

uint64_t goldfish_rtc_ns_until_alarm(struct goldfish_rtc *r)
{
    if (!r->alarm_running)
        return UINT64_MAX;
    uint64_t t = now(r);
    return t >= r->alarm ? 0 : r->alarm - t;
}

/* Replaces 32 bits of the current time, keeping the other half. */
static void set_time_bits(struct goldfish_rtc *r, unsigned shift, uint32_t v)
{
    uint64_t cur = now(r);
    uint64_t mask = 0xffffffffull << shift;
    uint64_t t = (cur & ~mask) | ((uint64_t)v << shift);
    r->offset += t - cur;
}

static uint32_t read32(struct goldfish_rtc *r, uint64_t off)
{
    uint64_t t;
    switch (off) {
    case RTC_TIME_LOW:
        t = now(r);
        r->time_high_latch = (uint32_t)(t >> 32);
        return (uint32_t)t;
    case RTC_TIME_HIGH:
        return r->time_high_latch;
    case RTC_ALARM_LOW:
        return (uint32_t)r->alarm;
    case RTC_ALARM_HIGH:
        return (uint32_t)(r->alarm >> 32);
    case RTC_IRQ_ENABLED:
        return r->irq_enabled;
    case RTC_ALARM_STATUS:
        return r->alarm_running;
    }
    return 0;
}

static void write32(struct goldfish_rtc *r, uint64_t off, uint32_t v)
{
    switch (off) {
    case RTC_TIME_LOW:
        set_time_bits(r, 0, v);
        break;
    case RTC_TIME_HIGH:
        set_time_bits(r, 32, v);
        break;
    case RTC_ALARM_LOW:
        r->alarm = (uint64_t)r->alarm_high << 32 | v;
        r->alarm_running = true;
        break;
    case RTC_ALARM_HIGH:
        r->alarm_high = v;
        break;
    case RTC_IRQ_ENABLED:
        r->irq_enabled = v & 1;
        break;
    case RTC_CLEAR_ALARM:
        r->alarm_running = false;
        break;
    case RTC_CLEAR_INTERRUPT:
        r->irq_pending = false;
        break;
    }
}

/* The registers are 32-bit: other sizes fault on the bus, as on QEMU
 * (valid sizes 4..4); misaligned words and unknown offsets do nothing. */
static uint64_t rtc_read(void *opaque, uint64_t off, unsigned size)
{
    struct goldfish_rtc *r = opaque;
    if (size != 4 || (off & 3))
        return 0;
    uint32_t v = read32(r, off);
    goldfish_rtc_update(r);
    return v;
}

/* Reading TIME_LOW latches TIME_HIGH and a read may fire a due alarm; a
 * peek does neither (TIME_HIGH shows the latch as it stands). */
static uint64_t rtc_peek(void *opaque, uint64_t off, unsigned size)
{
    struct goldfish_rtc *r = opaque;
    if (size != 4 || (off & 3))
        return 0;
    if (off == RTC_TIME_LOW)
        return (uint32_t)now(r);
    return read32(r, off);
}

static void rtc_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    struct goldfish_rtc *r = opaque;
    if (size != 4 || (off & 3))
        return;
    write32(r, off, (uint32_t)val);
    goldfish_rtc_update(r);
}

/* Power-on state, as QEMU's goldfish_rtc_reset: time follows the host
 * clock again (a guest-set time is forgotten), alarm off and 0, interrupt
 * disabled and not pending, output low. */
static void rtc_reset(struct device *d)
{
    struct goldfish_rtc *r = (struct goldfish_rtc *)d;
    r->offset = 0;
    r->time_high_latch = r->alarm_high = 0;
    r->alarm = 0;
    r->alarm_running = r->irq_enabled = r->irq_pending = false;
    update_irq(r);
}

static void rtc_free_dev(struct device *d)
{
    goldfish_rtc_free((struct goldfish_rtc *)d);
}

static int rtc_fdt(struct device *d, void *fdt, enum dt_level level,
                   const struct dt_env *env)
{
    (void)env;
    if (level != DT_SOC)
        return 0;
    DT_TRY(dt_begin_node_at(fdt, "rtc", d->base));
    DT_TRY(fdt_property_string(fdt, "compatible", "google,goldfish-rtc"));
    DT_TRY(dt_prop_reg(fdt, d->base, d->size));
    DT_TRY(dt_prop_plic_irq(fdt, (unsigned)d->irq));
    return fdt_end_node(fdt);
}

/* The time is saved as the guest's offset from the host's wall clock, so a
 * restored machine keeps the time the guest set and moves with the host. */
static bool rtc_save(struct device *d, struct dev_stream *out)
{
    struct goldfish_rtc *r = (struct goldfish_rtc *)d;
    dev_put_u64(out, r->offset);
    dev_put_u64(out, r->alarm);
    dev_put_u32(out, r->time_high_latch);
    dev_put_u32(out, r->alarm_high);
    dev_put_u32(out, (uint32_t)r->alarm_running | (uint32_t)r->irq_enabled << 1 |
                     (uint32_t)r->irq_pending << 2);
    return !out->error;
}

static bool rtc_load(struct device *d, struct dev_stream *in)
{
    struct goldfish_rtc *r = (struct goldfish_rtc *)d;
    rtc_reset(d);
    uint64_t offset = dev_get_u64(in), alarm = dev_get_u64(in);
    uint32_t latch = dev_get_u32(in), alarm_high = dev_get_u32(in);
    uint32_t flags = dev_get_u32(in);
    if (in->error)
        return false;
    r->offset = offset;
    r->alarm = alarm;
    r->time_high_latch = latch;
    r->alarm_high = alarm_high;
    r->alarm_running = flags & 1;
    r->irq_enabled = flags & 2;
    r->irq_pending = flags & 4;
    goldfish_rtc_update(r);
    return true;
}

/* 32-bit accesses only, as QEMU's goldfish_rtc (valid sizes 4..4) and the
 * Linux driver's readl/writel; others are access faults. */
static const struct device_ops rtc_ops = {
    .name = "goldfish-rtc",
    .access = DEV_ACCESS_4,
    .read = rtc_read,
    .write = rtc_write,
    .peek = rtc_peek,
    .reset = rtc_reset,
    .free = rtc_free_dev,
    .fdt_node = rtc_fdt,
    .save = rtc_save,
    .load = rtc_load,
};

struct device *goldfish_rtc_create(const struct device_ctx *ctx)
{
    struct goldfish_rtc *r = calloc(1, sizeof(*r));
    if (!r) {
        device_error(ctx, "out of memory for the RTC");
        return NULL;
    }
    r->irq = ctx->irq_fn;
    r->irq_opaque = ctx->irq_opaque;
    r->irq_line = ctx->irq;
    if (!device_map(ctx->bus, &r->dev, &rtc_ops, ctx->base,
                    ctx->size ? ctx->size : GOLDFISH_RTC_MMIO_SIZE, ctx->irq)) {
        device_error(ctx, "no room on the bus for the RTC");
        free(r);
        return NULL;
    }
    return &r->dev;
}

struct device *goldfish_rtc_device(struct goldfish_rtc *r)
{
    return &r->dev;
}

struct goldfish_rtc *goldfish_rtc_new(struct bus *bus, uint64_t base,
                                      void (*irq)(void *opaque, int line,
                                                  bool level),
                                      void *irq_opaque, int irq_line)
{
    struct device_ctx ctx = { .bus = bus, .base = base, .irq = irq_line,
                              .irq_fn = irq, .irq_opaque = irq_opaque };
    return (struct goldfish_rtc *)goldfish_rtc_create(&ctx);
}

void goldfish_rtc_free(struct goldfish_rtc *r)
{
    free(r);
}
