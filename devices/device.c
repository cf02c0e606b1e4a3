/* Helpers every device shares: mapping on the bus, error text, snapshot
 * streams. */
#include "devices/device.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

bool device_map(struct bus *bus, struct device *d, const struct device_ops *ops,
                uint64_t base, uint64_t size, int irq)
{
    d->ops = ops;
    d->base = base;
    d->size = size;
    d->irq = irq;
    d->next = NULL;
    struct mmio_region r = {
        .base = base, .size = size, .opaque = d, .read = ops->read,
        .write = ops->write, .peek = ops->peek, .access = ops->access,
        .name = ops->name,
    };
    return bus_add_region(bus, &r);
}

void device_error(const struct device_ctx *ctx, const char *fmt, ...)
{
    if (!ctx->err || !ctx->errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->err, ctx->errlen, fmt, ap);
    va_end(ap);
}

void dev_put(struct dev_stream *s, const void *p, size_t n)
{
    if (s->error)
        return;
    if (s->len + n > s->cap) {
        size_t cap = s->cap ? s->cap : 256;
        while (cap < s->len + n)
            cap *= 2;
        uint8_t *b = realloc(s->buf, cap);
        if (!b) {
            s->error = true;
            return;
        }
        s->buf = b;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, p, n);
    s->len += n;
}

void dev_get(struct dev_stream *s, void *p, size_t n)
{
    if (s->error || n > s->len - s->pos) {
        s->error = true;
        memset(p, 0, n);
        return;
    }
    memcpy(p, s->buf + s->pos, n);
    s->pos += n;
}

void dev_put_u32(struct dev_stream *s, uint32_t v)
{
    uint8_t b[4];
    le_store(b, 4, v);
    dev_put(s, b, 4);
}

void dev_put_u64(struct dev_stream *s, uint64_t v)
{
    uint8_t b[8];
    le_store(b, 8, v);
    dev_put(s, b, 8);
}

uint32_t dev_get_u32(struct dev_stream *s)
{
    uint8_t b[4];
    dev_get(s, b, 4);
    return (uint32_t)le_load(b, 4);
}

uint64_t dev_get_u64(struct dev_stream *s)
{
    uint8_t b[8];
    dev_get(s, b, 8);
    return le_load(b, 8);
}

void dev_stream_free(struct dev_stream *s)
{
    free(s->buf);
    *s = (struct dev_stream){0};
}
