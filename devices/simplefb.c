/* The plain framebuffer: host memory behind an MMIO region.  Accesses go
 * through the bus's slow path, which is fine for what uses it (bare-metal
 * programs drawing a test pattern, a boot logo); Linux's console uses
 * virtio-gpu instead. */
#include "devices/simplefb.h"

#include <stdlib.h>

#include "mem/bus.h"

#define BYTES_PER_PIXEL 4u
/* Far beyond any real mode, small enough that w*h*4 cannot overflow. */
#define MAX_DIM 16384u

struct simplefb {
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

struct simplefb *simplefb_new(struct bus *bus, uint64_t base, uint32_t width,
                              uint32_t height)
{
    if (!width || !height || width > MAX_DIM || height > MAX_DIM)
        return NULL;
    struct simplefb *fb = calloc(1, sizeof *fb);
    if (!fb)
        return NULL;
    fb->width = width;
    fb->height = height;
    fb->stride = width * BYTES_PER_PIXEL;
    fb->size = (uint64_t)fb->stride * height;
    fb->mem = calloc(1, fb->size);
    if (!fb->mem || !bus_add_mmio(bus, base, fb->size, fb, simplefb_read,
                                  simplefb_write, "simplefb")) {
        free(fb->mem);
        free(fb);
        return NULL;
    }
    return fb;
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
