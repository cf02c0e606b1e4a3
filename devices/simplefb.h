/* A plain linear framebuffer: width x height pixels of 32 bits ("a8r8g8b8"
 * in the simple-framebuffer device-tree binding, i.e. a little-endian word
 * 0xAARRGGBB per pixel), mapped as an MMIO region the guest writes
 * directly.  The device tree describes it as `simple-framebuffer`; a
 * bare-metal program just stores pixels at its base (VIRT_FB).
 *
 * This header also defines `struct scanout`, the read-only view of a
 * visible picture that every display device (this one, virtio-gpu) hands
 * to the frontend. */
#ifndef RVX_DEVICES_SIMPLEFB_H
#define RVX_DEVICES_SIMPLEFB_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/device.h"

struct bus;

/* A screen mode; the board's default for the framebuffer and virtio-gpu. */
struct screen_mode {
    uint32_t width, height;
};
#define DISPLAY_DEFAULT_WIDTH 1280u
#define DISPLAY_DEFAULT_HEIGHT 800u

/* A picture of 4-byte pixels; r_off/g_off/b_off give the byte of each
 * colour inside a pixel (the rest is alpha or padding, ignored). */
struct scanout {
    const uint8_t *pixels;      /* first pixel of the visible rectangle */
    uint32_t width, height;
    uint32_t stride;            /* bytes from one row to the next */
    uint8_t r_off, g_off, b_off;
    uint64_t generation;        /* changes whenever the picture may have */
};

/* Converts row y of s to host 0x00RRGGBB words (dst holds s->width). */
void scanout_row_xrgb(const struct scanout *s, uint32_t y, uint32_t *dst);

struct simplefb;

/* Maps a width x height framebuffer (stride width * 4) at base; NULL if
 * the size is zero or absurd, memory is short or the bus is full. */
struct simplefb *simplefb_new(struct bus *bus, uint64_t base, uint32_t width,
                              uint32_t height);
void simplefb_free(struct simplefb *fb);

/* The board's constructor (ctx: base, arg = struct screen_mode or NULL). */
struct device *simplefb_create(const struct device_ctx *ctx);
struct device *simplefb_device(struct simplefb *fb);

uint32_t simplefb_width(const struct simplefb *fb);
uint32_t simplefb_height(const struct simplefb *fb);
uint32_t simplefb_stride(const struct simplefb *fb);
uint64_t simplefb_size(const struct simplefb *fb);

/* The current picture (always available: the framebuffer is always on). */
void simplefb_scanout(const struct simplefb *fb, struct scanout *out);

/* The MMIO handlers (registered by simplefb_new; exported for tests). */
uint64_t simplefb_read(void *opaque, uint64_t off, unsigned size);
void simplefb_write(void *opaque, uint64_t off, uint64_t val, unsigned size);

#endif
