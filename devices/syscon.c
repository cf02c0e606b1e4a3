/* SiFive test finisher: one write-only register at offset 0. */
#include "devices/syscon.h"

#include <stdlib.h>

#include "devices/fdt.h"
#include "mem/bus.h"

struct syscon {
    struct device dev;          /* first: the device is the state */
    void (*action)(void *opaque, int kind, int code);
    void *opaque;
    uint32_t last;              /* the last command written, for debuggers */
};

static uint64_t syscon_read(void *opaque, uint64_t off, unsigned size)
{
    return 0;
}

/* A debugger reads the last command written (the guest reads 0, as on
 * QEMU): a watchpoint on the register then sees the store that powers off
 * or resets the machine change it, which is reported before the machine
 * acts (frontend/gdbstub.c, watch_before_store). */
static uint64_t syscon_peek(void *opaque, uint64_t off, unsigned size)
{
    const struct syscon *s = opaque;
    if (off >= 4 || size > 4 - off)
        return 0;
    return (s->last >> (8 * off)) & (size >= 4 ? 0xffffffffu : (1u << (8 * size)) - 1);
}

static void syscon_write(void *opaque, uint64_t off, uint64_t val,
                         unsigned size)
{
    struct syscon *s = opaque;
    /* The command is the low half-word, a FAIL's exit code the high one;
     * anything else written is ignored, as by QEMU's sifive_test.  Half-word
     * writes count: OpenSBI's SBI system reset and shutdown write the
     * command with a 16-bit store. */
    if (off != 0 || size < 2 || !s->action)
        return;
    uint32_t v = (uint32_t)val;
    s->last = size >= 4 ? v : (s->last & ~0xffffu) | (v & 0xffff);
    switch (v & 0xffff) {
    case SYSCON_VAL_PASS:
        s->action(s->opaque, SYSCON_POWEROFF, 0);
        break;
    case SYSCON_VAL_RESET:
        s->action(s->opaque, SYSCON_RESET, 0);
        break;
    case SYSCON_VAL_FAIL:
        s->action(s->opaque, SYSCON_FAIL, (int)(v >> 16));
        break;
    default:
        break;
    }
}

/* Power-on: no command written yet. */
static void syscon_reset(struct device *d)
{
    ((struct syscon *)d)->last = 0;
}

static void syscon_free_dev(struct device *d)
{
    syscon_free((struct syscon *)d);
}

/* syscon-poweroff / syscon-reboot: a 32-bit write of `value` to the test device */
static int add_action(void *fdt, const char *node, const char *compat, uint32_t value)
{
    DT_TRY(fdt_begin_node(fdt, node));
    DT_TRY(fdt_property_string(fdt, "compatible", compat));
    DT_TRY(fdt_property_u32(fdt, "regmap", FDT_PHANDLE_TEST));
    DT_TRY(fdt_property_u32(fdt, "offset", 0));
    DT_TRY(fdt_property_u32(fdt, "value", value));
    return fdt_end_node(fdt);
}

static int syscon_fdt(struct device *d, void *fdt, enum dt_level level,
                      const struct dt_env *env)
{
    static const char compat[] = "sifive,test1\0sifive,test0\0syscon";
    (void)env;
    if (level == DT_ROOT) {
        DT_TRY(add_action(fdt, "poweroff", "syscon-poweroff", SYSCON_VAL_PASS));
        return add_action(fdt, "reboot", "syscon-reboot", SYSCON_VAL_RESET);
    }
    DT_TRY(dt_begin_node_at(fdt, "test", d->base));
    DT_TRY(fdt_property_u32(fdt, "phandle", FDT_PHANDLE_TEST));
    DT_TRY(fdt_property(fdt, "compatible", compat, sizeof compat));
    DT_TRY(dt_prop_reg(fdt, d->base, d->size));
    return fdt_end_node(fdt);
}

static bool syscon_save(struct device *d, struct dev_stream *out)
{
    (void)d;
    return !out->error;
}

static bool syscon_load(struct device *d, struct dev_stream *in)
{
    (void)d;
    return !in->error;
}

/* Every size is accepted: reads are 0, and byte writes are ignored (the
 * command needs at least its half-word; see syscon_write). */
static const struct device_ops syscon_ops = {
    .name = "syscon",
    .access = DEV_ACCESS_ANY,
    .read = syscon_read,
    .write = syscon_write,
    .peek = syscon_peek,
    .reset = syscon_reset,
    .free = syscon_free_dev,
    .fdt_node = syscon_fdt,
    .save = syscon_save,
    .load = syscon_load,
};

struct device *syscon_create(const struct device_ctx *ctx)
{
    struct syscon *s = calloc(1, sizeof(*s));
    if (!s) {
        device_error(ctx, "out of memory for the test device");
        return NULL;
    }
    s->action = ctx->power;
    s->opaque = ctx->host;
    if (!device_map(ctx->bus, &s->dev, &syscon_ops, ctx->base,
                    ctx->size ? ctx->size : SYSCON_MMIO_SIZE, 0)) {
        device_error(ctx, "no room on the bus for the test device");
        free(s);
        return NULL;
    }
    return &s->dev;
}

struct device *syscon_device(struct syscon *s)
{
    return &s->dev;
}

struct syscon *syscon_new(struct bus *bus, uint64_t base,
                          void (*action)(void *opaque, int kind, int code),
                          void *opaque)
{
    struct device_ctx ctx = { .bus = bus, .base = base, .power = action,
                              .host = opaque };
    return (struct syscon *)syscon_create(&ctx);
}

void syscon_free(struct syscon *s)
{
    free(s);
}
