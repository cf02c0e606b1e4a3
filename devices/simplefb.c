/* The plain framebuffer: host memory behind an MMIO region.  Accesses go
 * through the bus's slow path, which is fine for what uses it (bare-metal
 * programs drawing a test pattern, a boot logo); Linux's console uses
 * virtio-gpu instead. */
#include "devices/simplefb.h"

#include <stdlib.h>
#include <string.h>

#include "devices/fdt.h"
#include "mem/bus.h"

#define BYTES_PER_PIXEL 4u
/* Far beyond any real mode, small enough that w*h*4 cannot overflow. */
#define MAX_DIM 16384u

struct simplefb {
    struct device dev;          /* first: the device is the state */
    uint8_t *mem;
    uint32_t width, height, stride;
    uint64_t size;
    uint64_t generation;        /* bumped by every guest store */
};

void scanout_row_xrgb(const struct scanout *s, uint32_t y, uint32_t *dst)
{
    const uint8_t *p = s->pixels + (uint64_t)y * s->stride;
    for (uint32_t x = 0; x < s->width; x++, p += BYTES_PER_PIXEL)
        dst[x] = (uint32_t)p[s->r_off] << 16 | (uint32_t)p[s->g_off] << 8 |
                 p[s->b_off];
}

uint64_t simplefb_read(void *opaque, uint64_t off, unsigned size)
{
    struct simplefb *fb = opaque;
    if (off >= fb->size || size > fb->size - off)
        return 0;
    return le_load(fb->mem + off, size);
}

void simplefb_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    struct simplefb *fb = opaque;
    if (off >= fb->size || size > fb->size - off)
        return;
    le_store(fb->mem + off, size, val);
    fb->generation++;
}

/* Power-on: the picture is black (the memory is zeroed as at creation);
 * the generation moves so a display redraws. */
static void simplefb_reset(struct device *d)
{
    struct simplefb *fb = (struct simplefb *)d;
    memset(fb->mem, 0, fb->size);
    fb->generation++;
}

static void simplefb_free_dev(struct device *d)
{
    simplefb_free((struct simplefb *)d);
}

static int simplefb_fdt(struct device *d, void *fdt, enum dt_level level,
                        const struct dt_env *env)
{
    struct simplefb *fb = (struct simplefb *)d;
    (void)env;
    if (level != DT_SOC)
        return 0;
    DT_TRY(dt_begin_node_at(fdt, "framebuffer", d->base));
    DT_TRY(fdt_property_string(fdt, "compatible", "simple-framebuffer"));
    DT_TRY(dt_prop_reg(fdt, d->base, fb->size));
    DT_TRY(fdt_property_u32(fdt, "width", fb->width));
    DT_TRY(fdt_property_u32(fdt, "height", fb->height));
    DT_TRY(fdt_property_u32(fdt, "stride", fb->stride));
    DT_TRY(fdt_property_string(fdt, "format", "a8r8g8b8"));
    return fdt_end_node(fdt);
}

static bool simplefb_save(struct device *d, struct dev_stream *out)
{
    struct simplefb *fb = (struct simplefb *)d;
    dev_put_u32(out, fb->width);
    dev_put_u32(out, fb->height);
    dev_put(out, fb->mem, fb->size);
    return !out->error;
}

/* Only a picture of the same mode loads (the mode is board configuration). */
static bool simplefb_load(struct device *d, struct dev_stream *in)
{
    struct simplefb *fb = (struct simplefb *)d;
    simplefb_reset(d);
    uint32_t w = dev_get_u32(in), h = dev_get_u32(in);
    if (in->error || w != fb->width || h != fb->height)
        return false;
    dev_get(in, fb->mem, fb->size);
    if (in->error)
        simplefb_reset(d);
    return !in->error;
}

/* Memory: every size is accepted, reads have no side effects. */
static const struct device_ops simplefb_ops = {
    .name = "simplefb",
    .access = DEV_ACCESS_ANY,
    .read = simplefb_read,
    .write = simplefb_write,
    .peek = simplefb_read,
    .reset = simplefb_reset,
    .free = simplefb_free_dev,
    .fdt_node = simplefb_fdt,
    .save = simplefb_save,
    .load = simplefb_load,
};

/* ctx->arg: a struct screen_mode (NULL: DISPLAY_DEFAULT_*). */
struct device *simplefb_create(const struct device_ctx *ctx)
{
    const struct screen_mode *mode = ctx->arg;
    uint32_t width = mode ? mode->width : DISPLAY_DEFAULT_WIDTH;
    uint32_t height = mode ? mode->height : DISPLAY_DEFAULT_HEIGHT;
    if (!width || !height || width > MAX_DIM || height > MAX_DIM) {
        device_error(ctx, "framebuffer %ux%u: bad size", width, height);
        return NULL;
    }
    struct simplefb *fb = calloc(1, sizeof *fb);
    if (!fb)
        goto fail;
    fb->width = width;
    fb->height = height;
    fb->stride = width * BYTES_PER_PIXEL;
    fb->size = (uint64_t)fb->stride * height;
    fb->mem = calloc(1, fb->size);
    if (!fb->mem || !device_map(ctx->bus, &fb->dev, &simplefb_ops, ctx->base,
                                fb->size, 0))
        goto fail;
    return &fb->dev;
fail:
    device_error(ctx, "cannot create the framebuffer");
    if (fb)
        free(fb->mem);
    free(fb);
    return NULL;
}

struct device *simplefb_device(struct simplefb *fb)
{
    return &fb->dev;
}

struct simplefb *simplefb_new(struct bus *bus, uint64_t base, uint32_t width,
                              uint32_t height)
{
    struct screen_mode mode = { width, height };
    struct device_ctx ctx = { .bus = bus, .base = base, .arg = &mode };
    return (struct simplefb *)simplefb_create(&ctx);
}

void simplefb_free(struct simplefb *fb)
{
    if (!fb)
        return;
    free(fb->mem);
    free(fb);
}

uint32_t simplefb_width(const struct simplefb *fb) { return fb->width; }
uint32_t simplefb_height(const struct simplefb *fb) { return fb->height; }
uint32_t simplefb_stride(const struct simplefb *fb) { return fb->stride; }
uint64_t simplefb_size(const struct simplefb *fb) { return fb->size; }

void simplefb_scanout(const struct simplefb *fb, struct scanout *out)
{
    /* "a8r8g8b8": little-endian 0xAARRGGBB, so bytes are B, G, R, A. */
    *out = (struct scanout){
        .pixels = fb->mem, .width = fb->width, .height = fb->height,
        .stride = fb->stride, .r_off = 2, .g_off = 1, .b_off = 0,
        .generation = fb->generation,
    };
}
