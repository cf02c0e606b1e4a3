/* virtio-blk (VIRTIO 1.1 section 5.2) backed by a raw disk image file. */
#ifndef RVX_DEVICES_VIRTIO_BLK_H
#define RVX_DEVICES_VIRTIO_BLK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/virtio.h"

struct virtio_blk;

/* Opens the image at path (read-only if readonly) and places the device at
 * base on the bus.  On failure returns NULL with one line in err, e.g.
 * "disk image 'x.img': 1000 bytes is not a multiple of 512". */
struct virtio_blk *virtio_blk_new(struct bus *bus, uint64_t base,
                                  virtio_irq_fn irq, void *irq_opaque,
                                  int irq_line, const char *path,
                                  bool readonly, char *err, size_t errlen);

/* Forces guest writes to stable storage (also done on FLUSH requests and by
 * virtio_blk_free).  Returns false on an I/O error. */
bool virtio_blk_flush(struct virtio_blk *blk);

/* Capacity in 512-byte sectors. */
uint64_t virtio_blk_capacity(const struct virtio_blk *blk);

/* Flushes and closes the image.  The bus still points at the device: free
 * it only when the bus is no longer used. */
void virtio_blk_free(struct virtio_blk *blk);

/* The board's constructor: ctx->arg is a struct virtio_blk_opts. */
struct virtio_blk_opts {
    const char *path;
    bool readonly;
};
struct device *virtio_blk_create(const struct device_ctx *ctx);

#endif
