/* virtio-gpu, 2D only (VIRTIO 1.2 section 5.7): one scanout whose
 * preferred mode is width x height.  Guest resources live in host memory;
 * TRANSFER_TO_HOST_2D copies from the guest backing pages into them, and
 * the frontend shows the resource bound to scanout 0.  The cursor queue is
 * accepted and ignored (the guest draws no hardware cursor then). */
#ifndef RVX_DEVICES_VIRTIO_GPU_H
#define RVX_DEVICES_VIRTIO_GPU_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/simplefb.h"
#include "devices/virtio.h"

#define VIRTIO_GPU_DEFAULT_WIDTH 1280u
#define VIRTIO_GPU_DEFAULT_HEIGHT 800u

/* Control types and responses (5.7.6.7). */
enum {
    VIRTIO_GPU_CMD_GET_DISPLAY_INFO = 0x0100,
    VIRTIO_GPU_CMD_RESOURCE_CREATE_2D,
    VIRTIO_GPU_CMD_RESOURCE_UNREF,
    VIRTIO_GPU_CMD_SET_SCANOUT,
    VIRTIO_GPU_CMD_RESOURCE_FLUSH,
    VIRTIO_GPU_CMD_TRANSFER_TO_HOST_2D,
    VIRTIO_GPU_CMD_RESOURCE_ATTACH_BACKING,
    VIRTIO_GPU_CMD_RESOURCE_DETACH_BACKING,
    VIRTIO_GPU_CMD_GET_CAPSET_INFO,
    VIRTIO_GPU_CMD_GET_CAPSET,
    VIRTIO_GPU_CMD_GET_EDID,
    VIRTIO_GPU_CMD_UPDATE_CURSOR = 0x0300,
    VIRTIO_GPU_CMD_MOVE_CURSOR,
    VIRTIO_GPU_RESP_OK_NODATA = 0x1100,
    VIRTIO_GPU_RESP_OK_DISPLAY_INFO,
    VIRTIO_GPU_RESP_ERR_UNSPEC = 0x1200,
    VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY,
    VIRTIO_GPU_RESP_ERR_INVALID_SCANOUT_ID,
    VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID,
    VIRTIO_GPU_RESP_ERR_INVALID_CONTEXT_ID,
    VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER,
};

/* Pixel formats (5.7.6.8): names give the byte order in memory. */
enum {
    VIRTIO_GPU_FORMAT_B8G8R8A8_UNORM = 1,
    VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM = 2,
    VIRTIO_GPU_FORMAT_A8R8G8B8_UNORM = 3,
    VIRTIO_GPU_FORMAT_X8R8G8B8_UNORM = 4,
    VIRTIO_GPU_FORMAT_R8G8B8A8_UNORM = 67,
    VIRTIO_GPU_FORMAT_X8B8G8R8_UNORM = 68,
    VIRTIO_GPU_FORMAT_A8B8G8R8_UNORM = 121,
    VIRTIO_GPU_FORMAT_R8G8B8X8_UNORM = 134,
};

#define VIRTIO_GPU_FLAG_FENCE 1u

struct virtio_gpu;

/* Places the device at base; NULL if the bus has no room or the mode is
 * zero or larger than 16384 in either direction. */
struct virtio_gpu *virtio_gpu_new(struct bus *bus, uint64_t base,
                                  virtio_irq_fn irq, void *irq_opaque,
                                  int irq_line, uint32_t width, uint32_t height);

/* The bus still points at the device: free it only when the bus is no
 * longer used. */
void virtio_gpu_free(struct virtio_gpu *gpu);

/* The board's constructor (ctx: base, irq, irq_fn, arg = display mode). */
struct device *virtio_gpu_create(const struct device_ctx *ctx);

/* The picture on scanout 0: false when the guest has none enabled.  The
 * view stays valid until the device next processes a command. */
bool virtio_gpu_scanout(const struct virtio_gpu *gpu, struct scanout *out);

#endif
