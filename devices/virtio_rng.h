/* virtio-rng (VIRTIO 1.1 section 5.4): host entropy for the guest. */
#ifndef RVX_DEVICES_VIRTIO_RNG_H
#define RVX_DEVICES_VIRTIO_RNG_H

#include <stdint.h>

#include "devices/virtio.h"

struct virtio_rng;

/* Places an entropy device at base; NULL if the bus has no room. */
struct virtio_rng *virtio_rng_new(struct bus *bus, uint64_t base,
                                  virtio_irq_fn irq, void *irq_opaque,
                                  int irq_line);

/* The bus still points at the device: free it only when the bus is no
 * longer used. */
void virtio_rng_free(struct virtio_rng *rng);

/* The board's constructor (ctx: base, irq, irq_fn). */
struct device *virtio_rng_create(const struct device_ctx *ctx);

/* Deterministic mode: if d is a virtio-rng, its bytes pass rec
 * (devices/recorder.h) and true is returned. */
struct recorder;
bool virtio_rng_set_recorder(struct device *d, struct recorder *rec);

#endif
