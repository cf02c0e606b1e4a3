/* virtio-rng (VIRTIO 1.1 section 5.4): one request queue; the device fills
 * each chain's writable buffers with bytes from the host's getrandom(2). */
#define _GNU_SOURCE
#include "devices/virtio_rng.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "devices/recorder.h"

#define QUEUE_MAX 64u
/* Bytes served per request at most: the used length tells the driver how
 * much it got (5.4.6), so a huge buffer cannot stall the emulator. */
#define MAX_PER_REQUEST 4096u

struct virtio_rng {
    struct virtio vio;
    struct virtio_chain chain;
    struct recorder *rec;       /* deterministic mode: bytes pass it */
};

/* Fills buf from the host entropy pool; returns the bytes obtained. */
static size_t host_entropy(uint8_t *buf, size_t len)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = getrandom(buf + got, len - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    return got;
}

static void rng_notify(struct virtio *v, unsigned q)
{
    struct virtio_rng *r = v->dev;
    uint8_t buf[MAX_PER_REQUEST];
    while (virtio_queue_pop(v, q, &r->chain)) {
        size_t want = r->chain.wr_len < sizeof buf ? (size_t)r->chain.wr_len
                                                   : sizeof buf;
        size_t got = recorder_bytes(r->rec, REC_RNG, buf, want, host_entropy);
        got = virtio_chain_write(v, &r->chain, 0, buf, got);
        virtio_queue_push(v, q, &r->chain, (uint32_t)got);
    }
}

static void rng_free_v(struct virtio *v)
{
    virtio_rng_free(v->dev);
}

/* Snapshots: the transport's record is all there is.  Each request is
 * filled and returned inside the notify that pops it, and the bytes come
 * from the host, so the device keeps nothing between requests (save and
 * load stay NULL). */
static const struct virtio_dev_ops rng_ops = {
    .name = "virtio-rng",
    .device_id = VIRTIO_ID_RNG,
    .features = 0,
    .nqueues = 1,
    .queue_max = QUEUE_MAX,
    .notify = rng_notify,
    .free = rng_free_v,
};

struct virtio_rng *virtio_rng_new(struct bus *bus, uint64_t base,
                                  virtio_irq_fn irq, void *irq_opaque,
                                  int irq_line)
{
    struct virtio_rng *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    if (!virtio_init(&r->vio, bus, base, &rng_ops, r, irq, irq_opaque,
                     irq_line)) {
        free(r);
        return NULL;
    }
    return r;
}

void virtio_rng_free(struct virtio_rng *r)
{
    if (!r)
        return;
    virtio_chain_destroy(&r->chain);
    free(r);
}

struct device *virtio_rng_create(const struct device_ctx *ctx)
{
    struct virtio_rng *r = calloc(1, sizeof *r);
    if (!r || !virtio_create_at(&r->vio, ctx, &rng_ops, r)) {
        device_error(ctx, "cannot create virtio-rng");
        free(r);
        return NULL;
    }
    return &r->vio.device;
}

bool virtio_rng_set_recorder(struct device *d, struct recorder *rec)
{
    struct virtio *v = (struct virtio *)d;
    if (strcmp(d->ops->name, "virtio-mmio") != 0 || v->ops != &rng_ops)
        return false;
    ((struct virtio_rng *)v->dev)->rec = rec;
    return true;
}
