/* virtio-net (VIRTIO 1.2 section 5.1): an Ethernet NIC whose frames go to
 * a host backend (devices/net.h). */
#ifndef RVX_DEVICES_VIRTIO_NET_H
#define RVX_DEVICES_VIRTIO_NET_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/net.h"
#include "devices/virtio.h"

struct virtio_net;

/* Counters, for tests and the curious. */
struct virtio_net_stats {
    uint64_t tx_frames, rx_frames;
    uint64_t tx_dropped;        /* malformed guest frames (too short or long, bad csum offsets) */
    uint64_t rx_dropped;        /* frames for the guest: receive buffer too small,
                                   or the backend's queue overflowed */
};

/* Places a NIC at base with the given MAC, talking to be (the NIC owns it
 * from here on, also on failure).  NULL if the bus has no room. */
struct virtio_net *virtio_net_new(struct bus *bus, uint64_t base,
                                  virtio_irq_fn irq, void *irq_opaque,
                                  int irq_line, const uint8_t mac[ETH_ALEN],
                                  struct net_backend *be);
void virtio_net_free(struct virtio_net *n);

/* The board's constructor: ctx->arg is a const struct net_opts * whose
 * backend (user) it creates. */
struct device *virtio_net_create(const struct device_ctx *ctx);

/* Between slices, on the machine's thread: takes the backend's news
 * (frames for the guest, room to send) and moves frames. */
void virtio_net_poll(struct virtio_net *n);

/* Deterministic mode: received frames pass rec (devices/recorder.h). */
struct recorder;
void virtio_net_set_recorder(struct virtio_net *n, struct recorder *rec);

/* A descriptor the machine's idle sleep should poll (-1: none). */
int virtio_net_wake_fd(const struct virtio_net *n);

/* Link status (config status, VIRTIO_NET_S_LINK_UP); a change notifies the
 * driver with a configuration-change interrupt. */
void virtio_net_set_link(struct virtio_net *n, bool up);

void virtio_net_get_stats(struct virtio_net *n, struct virtio_net_stats *s);

#endif
