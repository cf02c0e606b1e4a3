/* virtio-net (VIRTIO 1.2 section 5.1).
 *
 * Queues: 0 receiveq, 1 transmitq (5.1.2; one pair, no control queue).
 * Features offered (5.1.3):
 *   VIRTIO_NET_F_MAC (5)        the MAC in config space, settable with --nic mac=
 *   VIRTIO_NET_F_STATUS (16)    link status in config space
 *   VIRTIO_NET_F_MTU (3)        the MTU in config space: NET_MTU (65520, see
 *                               net.h); Linux then takes it as eth0's MTU and
 *                               posts receive buffers that hold a whole frame
 *   VIRTIO_NET_F_CSUM (0)       the guest may send frames with a partial
 *                               checksum (flags NEEDS_CSUM): the device
 *                               completes it (5.1.6.2.1)
 *   VIRTIO_NET_F_GUEST_CSUM (1) frames to the guest are marked DATA_VALID:
 *                               the backend (libslirp) builds them with
 *                               correct checksums, so the guest need not
 *                               verify them again (5.1.6.4)
 * Not offered: GSO/TSO in either direction (frames are at most the MTU +
 * 14: the large MTU does what segmentation offload would), MRG_RXBUF (each
 * receive buffer must hold header + a whole frame, which 5.1.6.3.1 asks of
 * drivers without it: 1526 bytes at MTU 1500, hence a driver that ignores
 * VIRTIO_NET_F_MTU loses the large frames, counted), CTRL_VQ, MQ.
 *
 * Every frame carries the 12-byte struct virtio_net_hdr {u8 flags, u8
 * gso_type, le16 hdr_len, le16 gso_size, le16 csum_start, le16 csum_offset,
 * le16 num_buffers}: with VIRTIO_F_VERSION_1 num_buffers is always part of
 * it (5.1.6).
 *
 * Malformed chains are the transport's business (virtio_queue_pop sets
 * DEVICE_NEEDS_RESET); a well-formed chain with a bad frame (shorter than
 * an Ethernet header, longer than the MTU allows, checksum offsets outside
 * the frame) is returned unused and counted in tx_dropped, and a receive
 * buffer too small for the next frame gets nothing, that frame is counted
 * in rx_dropped (5.1.6.3.2 leaves both to the device). */
#include "devices/virtio_net.h"
#include "devices/recorder.h"

#include <stdlib.h>
#include <string.h>

#define RXQ 0
#define TXQ 1
#define QUEUE_MAX 256u
#define HDR_LEN 12u

/* Feature bits and header flags (VIRTIO 1.2 5.1.3, 5.1.6). */
#define VIRTIO_NET_F_CSUM 0
#define VIRTIO_NET_F_GUEST_CSUM 1
#define VIRTIO_NET_F_MTU 3
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_STATUS 16
#define VIRTIO_NET_S_LINK_UP 1u
#define VIRTIO_NET_HDR_F_NEEDS_CSUM 1u
#define VIRTIO_NET_HDR_F_DATA_VALID 2u
#define VIRTIO_NET_HDR_GSO_NONE 0u

/* struct virtio_net_config (5.1.4): mac[6], le16 status,
 * le16 max_virtqueue_pairs, le16 mtu. */
#define CFG_SIZE 12u

struct virtio_net {
    struct virtio vio;
    struct virtio_chain rx_chain, tx_chain;
    struct net_backend *be;
    uint8_t mac[ETH_ALEN];
    bool link_up;
    /* The transmit chain in tx_chain could not be handed over (the
     * backend's queue was full): its frame waits in tx_frame. */
    bool tx_held;
    size_t tx_held_len;
    struct virtio_net_stats stats;
    uint8_t tx_frame[HDR_LEN + NET_FRAME_MAX];
    struct recorder *rec;       /* deterministic mode: received frames pass it */
    size_t rec_log_len;
    uint8_t rec_log[4 * (4 + NET_FRAME_MAX)];
};

/* ---- transmit ------------------------------------------------------- */

/* Completes a partial checksum (5.1.6.2.1: the device computes the
 * Internet checksum from csum_start to the end of the frame and stores it
 * at csum_start + csum_offset; the driver has put the pseudo-header sum
 * there).  False if the offsets do not fit the frame. */
static bool complete_csum(uint8_t *frame, size_t len, uint16_t start,
                          uint16_t offset)
{
    if ((size_t)start + offset + 2 > len)
        return false;
    uint32_t sum = 0;
    size_t i = start;
    for (; i + 1 < len; i += 2)
        sum += (uint32_t)frame[i] << 8 | frame[i + 1];
    if (i < len)
        sum += (uint32_t)frame[i] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    uint16_t c = (uint16_t)~sum;
    frame[start + offset] = (uint8_t)(c >> 8);
    frame[start + offset + 1] = (uint8_t)c;
    return true;
}

/* Reads the popped chain's frame into tx_frame; its length, or 0 when the
 * frame is malformed (counted). */
static size_t tx_read(struct virtio_net *n)
{
    struct virtio *v = &n->vio;
    const struct virtio_chain *c = &n->tx_chain;
    uint8_t *hdr = n->tx_frame;
    if (c->rd_len < HDR_LEN + ETH_HLEN || c->rd_len > sizeof n->tx_frame) {
        n->stats.tx_dropped++;
        return 0;
    }
    size_t len = (size_t)c->rd_len;
    if (virtio_chain_read(v, c, 0, hdr, len) != len)
        return 0;
    uint8_t *frame = hdr + HDR_LEN;
    size_t flen = len - HDR_LEN;
    if ((hdr[0] & VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
        virtio_has_feature(v, VIRTIO_NET_F_CSUM) &&
        !complete_csum(frame, flen, (uint16_t)le_load(hdr + 6, 2),
                       (uint16_t)le_load(hdr + 8, 2))) {
        n->stats.tx_dropped++;
        return 0;
    }
    return flen;
}

/* Hands the held frame to the backend; false while its queue is full.
 * In deterministic mode (a recorder) the guest must not see when the
 * host's queue has room again (that is host timing, and a retry at
 * NET_EV_TX would complete the chain at an instruction count no log
 * holds): a frame the backend refuses is dropped there and then, counted
 * in tx_dropped, as a full link drops it (Ethernet promises no delivery;
 * the guest's protocols resend), and the chain completes at once. */
static bool tx_flush_held(struct virtio_net *n)
{
    if (!n->tx_held)
        return true;
    if (n->be->ops->send(n->be, n->tx_frame + HDR_LEN, n->tx_held_len))
        n->stats.tx_frames++;
    else if (n->rec)
        n->stats.tx_dropped++;
    else
        return false;
    n->tx_held = false;
    /* 5.1.6.2.1: the used length of a transmit buffer is not meaningful */
    virtio_queue_push(&n->vio, TXQ, &n->tx_chain, 0);
    return true;
}

static void tx_process(struct virtio_net *n)
{
    struct virtio *v = &n->vio;
    while (tx_flush_held(n) && virtio_queue_pop(v, TXQ, &n->tx_chain)) {
        size_t flen = tx_read(n);
        if (!flen) {
            virtio_queue_push(v, TXQ, &n->tx_chain, 0);
            continue;
        }
        n->tx_held = true;
        n->tx_held_len = flen;
    }
}

/* ---- receive ---------------------------------------------------------- */

/* One frame into the next posted receive buffer; false when the guest
 * has posted none (the frame must wait). */
static bool rx_put(struct virtio_net *n, const uint8_t *f, size_t len)
{
    struct virtio *v = &n->vio;
    if (!n->link_up) {          /* a frame on a dead link is lost */
        n->stats.rx_dropped++;
        return true;
    }
    if (!virtio_queue_pop(v, RXQ, &n->rx_chain))
        return false;           /* no buffer: the frame waits (bounded) */
    if (n->rx_chain.wr_len < HDR_LEN + len || len > NET_FRAME_MAX) {
        n->stats.rx_dropped++;
        virtio_queue_push(v, RXQ, &n->rx_chain, 0);
        return true;
    }
    uint8_t hdr[HDR_LEN] = {0};
    if (virtio_has_feature(v, VIRTIO_NET_F_GUEST_CSUM))
        hdr[0] = VIRTIO_NET_HDR_F_DATA_VALID;
    hdr[1] = VIRTIO_NET_HDR_GSO_NONE;
    le_store(hdr + 10, 2, 1);   /* num_buffers */
    size_t done = virtio_chain_write(v, &n->rx_chain, 0, hdr, HDR_LEN);
    done += virtio_chain_write(v, &n->rx_chain, HDR_LEN, f, len);
    virtio_queue_push(v, RXQ, &n->rx_chain, (uint32_t)done);
    n->stats.rx_frames++;
    return true;
}

/* Deterministic mode: the frames one delivery took, as {u32 length,
 * bytes}..., for the recorder. */
static void log_frame(struct virtio_net *n, const uint8_t *f, size_t len)
{
    if (!n->rec || n->rec_log_len + 4 + len > sizeof n->rec_log)
        return;
    le_store(n->rec_log + n->rec_log_len, 4, (uint32_t)len);
    memcpy(n->rec_log + n->rec_log_len + 4, f, len);
    n->rec_log_len += 4 + len;
}

/* Frames from the backend into posted buffers.  kind: the record the
 * delivery makes in deterministic mode (REC_NET at a pause between
 * instructions, REC_NET_SYNC inside the guest's notify, logged even when
 * empty so a replay pairs each notify with its record). */
static void rx_deliver(struct virtio_net *n, enum rec_kind kind)
{
    const struct net_backend_ops *be = n->be->ops;
    size_t len;
    const uint8_t *f;
    if (recorder_replaying(n->rec) || recorder_is_replay_file(n->rec)) {
        while (be->rx_peek(n->be, &len))    /* the log supplies the frames */
            be->rx_pop(n->be);
        if (kind == REC_NET_SYNC)
            recorder_bytes(n->rec, REC_NET_SYNC, n->rec_log, sizeof n->rec_log, NULL);
        return;
    }
    n->rec_log_len = 0;
    while ((f = be->rx_peek(n->be, &len)) != NULL) {
        if (n->rec && n->rec_log_len + 4 + len > sizeof n->rec_log)
            break;              /* the rest in the next delivery */
        if (!rx_put(n, f, len))
            break;
        log_frame(n, f, len);
        be->rx_pop(n->be);
    }
    if (n->rec && (kind == REC_NET_SYNC || n->rec_log_len))
        recorder_async(n->rec, kind, n->rec_log, n->rec_log_len);
}

/* A replayed delivery: the same frames into the same buffers. */
static void replay_frames(void *opaque, const uint8_t *data, size_t len)
{
    struct virtio_net *n = opaque;
    size_t pos = 0;
    while (len - pos >= 4) {
        size_t flen = (size_t)le_load(data + pos, 4);
        if (flen > len - pos - 4)
            break;
        rx_put(n, data + pos + 4, flen);
        pos += 4 + flen;
    }
}

void virtio_net_set_recorder(struct virtio_net *n, struct recorder *rec)
{
    n->rec = rec;
    recorder_on_deliver(rec, REC_NET, replay_frames, n);
}

/* ---- the virtio device ---------------------------------------------- */

static void net_notify(struct virtio *v, unsigned q)
{
    struct virtio_net *n = v->dev;
    if (q == TXQ)
        tx_process(n);
    else if (q == RXQ)
        rx_deliver(n, REC_NET_SYNC);
}

void virtio_net_poll(struct virtio_net *n)
{
    unsigned ev = n->be->ops->events(n->be);
    if (ev & NET_EV_TX)
        tx_process(n);
    if (ev & NET_EV_RX)
        rx_deliver(n, REC_NET);
}

int virtio_net_wake_fd(const struct virtio_net *n)
{
    return n->be->wake_fd;
}

static void net_config_image(const struct virtio_net *n, uint8_t *cfg)
{
    memcpy(cfg, n->mac, ETH_ALEN);
    le_store(cfg + 6, 2, n->link_up ? VIRTIO_NET_S_LINK_UP : 0);
    le_store(cfg + 8, 2, 1);    /* max_virtqueue_pairs */
    le_store(cfg + 10, 2, NET_MTU);
}

static uint64_t net_config_read(struct virtio *v, uint64_t off, unsigned size)
{
    uint8_t cfg[CFG_SIZE];
    net_config_image(v->dev, cfg);
    return virtio_config_bytes(cfg, sizeof cfg, off, size);
}

void virtio_net_set_link(struct virtio_net *n, bool up)
{
    if (n->link_up == up)
        return;
    n->link_up = up;
    virtio_config_changed(&n->vio);
}

/* The driver or the machine reset the device: chains it held are gone. */
static void net_reset(struct virtio *v)
{
    struct virtio_net *n = v->dev;
    n->tx_held = false;
}

static void net_free_v(struct virtio *v)
{
    virtio_net_free(v->dev);
}

/* Snapshot record: u32 tag "net"/1, the MAC (6 bytes), u8 link up,
 * u8 transmit chain held.  Frames in flight between the device and the
 * backend are not saved (a network loses packets anyway; the backend's
 * connections are host state), but a transmit chain the device had popped
 * and not yet returned is: the load steps the transmit queue back over it,
 * so the driver's next notify takes it again and the descriptor is not
 * lost to the guest.  The MAC is the board's (--nic mac=); the guest has
 * it cached, so a machine with another MAC refuses the record. */
#define NET_SNAP_TAG DEV_TAG('n', 'e', 't', 1)

static bool net_save(struct virtio *v, struct dev_stream *out)
{
    struct virtio_net *n = v->dev;
    uint8_t b[ETH_ALEN + 2];
    memcpy(b, n->mac, ETH_ALEN);
    b[ETH_ALEN] = n->link_up;
    b[ETH_ALEN + 1] = n->tx_held;
    dev_put_u32(out, NET_SNAP_TAG);
    dev_put(out, b, sizeof b);
    return !out->error;
}

/* After the transport's load (the queues are restored, the device reset:
 * tx_held is false). */
static bool net_load(struct virtio *v, struct dev_stream *in)
{
    struct virtio_net *n = v->dev;
    uint8_t b[ETH_ALEN + 2];
    if (!dev_get_tag(in, NET_SNAP_TAG))
        return false;
    dev_get(in, b, sizeof b);
    if (!dev_require(in, !memcmp(b, n->mac, ETH_ALEN) && b[ETH_ALEN] <= 1 &&
                         b[ETH_ALEN + 1] <= 1))
        return false;
    n->link_up = b[ETH_ALEN];
    if (b[ETH_ALEN + 1]) {
        struct virtio_queue *q = &v->queue[TXQ];
        if (!dev_require(in, q->ready && q->last_avail != q->used_idx))
            return false;
        q->last_avail--;
    }
    return true;
}

static const struct virtio_dev_ops net_ops = {
    .name = "virtio-net",
    .device_id = VIRTIO_ID_NET,
    .features = (1ull << VIRTIO_NET_F_CSUM) | (1ull << VIRTIO_NET_F_GUEST_CSUM) |
                (1ull << VIRTIO_NET_F_MAC) | (1ull << VIRTIO_NET_F_STATUS) |
                (1ull << VIRTIO_NET_F_MTU),
    .nqueues = 2,
    .queue_max = QUEUE_MAX,
    .notify = net_notify,
    .config_read = net_config_read,
    /* 5.1.4: mac is driver-writable only in legacy mode; config writes are
     * ignored (config_write NULL). */
    .reset = net_reset,
    .free = net_free_v,
    .save = net_save,
    .load = net_load,
};

static void net_setup(struct virtio_net *n, const uint8_t mac[ETH_ALEN],
                      struct net_backend *be)
{
    memcpy(n->mac, mac, ETH_ALEN);
    n->be = be;
    n->link_up = true;
}

struct virtio_net *virtio_net_new(struct bus *bus, uint64_t base,
                                  virtio_irq_fn irq, void *irq_opaque,
                                  int irq_line, const uint8_t mac[ETH_ALEN],
                                  struct net_backend *be)
{
    struct virtio_net *n = calloc(1, sizeof *n);
    if (!n || !virtio_init(&n->vio, bus, base, &net_ops, n, irq, irq_opaque,
                           irq_line)) {
        free(n);
        be->ops->free(be);
        return NULL;
    }
    net_setup(n, mac, be);
    return n;
}

void virtio_net_free(struct virtio_net *n)
{
    if (!n)
        return;
    if (n->be)
        n->be->ops->free(n->be);
    virtio_chain_destroy(&n->rx_chain);
    virtio_chain_destroy(&n->tx_chain);
    free(n);
}

void virtio_net_get_stats(struct virtio_net *n, struct virtio_net_stats *s)
{
    *s = n->stats;
    s->rx_dropped += n->be->ops->rx_dropped ? n->be->ops->rx_dropped(n->be) : 0;
}

struct device *virtio_net_create(const struct device_ctx *ctx)
{
    const struct net_opts *o = ctx->arg;
    struct net_backend *be = net_user_new(o, ctx->err, ctx->errlen);
    if (!be)
        return NULL;
    struct virtio_net *n = calloc(1, sizeof *n);
    if (!n || !virtio_create_at(&n->vio, ctx, &net_ops, n)) {
        device_error(ctx, "cannot create virtio-net");
        free(n);
        be->ops->free(be);
        return NULL;
    }
    net_setup(n, o->mac, be);
    return &n->vio.device;
}
