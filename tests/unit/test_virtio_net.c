#define _GNU_SOURCE     /* memmem */
/* virtio-net's queue handling, driven the way a guest driver would (VIRTIO
 * 1.2 3.1.1 initialisation, 5.1 virtio-net), against a fake backend that
 * records what the device sends and feeds it frames.  Expected values come
 * from the spec: the header layout (5.1.6), the config layout (5.1.4), the
 * Internet checksum of RFC 1071's worked example. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "devices/net.h"
#include "devices/recorder.h"
#include "devices/virtio.h"
#include "devices/virtio_net.h"
#include "mem/bus.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (4ull << 20)
#define DEV_BASE 0x10001000ull
#define IRQ_LINE 1
#define RXQ 0
#define TXQ 1
#define QN 8u                   /* entries per queue */
#define HDR 12u                 /* struct virtio_net_hdr with num_buffers */

/* Rings of queue q, and buffers. */
#define Q_DESC(q) (RAM_BASE + 0x10000 + 0x4000ull * (q))
#define Q_AVAIL(q) (Q_DESC(q) + 0x1000)
#define Q_USED(q) (Q_DESC(q) + 0x2000)
#define BUF(i) (RAM_BASE + 0x40000 + 0x20000ull * (i))  /* room for a frame */

/* Feature bits (5.1.3). */
#define F_CSUM 0
#define F_GUEST_CSUM 1
#define F_MTU 3
#define F_MAC 5
#define F_STATUS 16

/* ---- the fake backend ---- */

#define FAKE_MAX 16
struct fake {
    struct net_backend base;
    uint8_t sent[FAKE_MAX][NET_FRAME_MAX];
    size_t sent_len[FAKE_MAX];
    unsigned nsent;
    unsigned room;              /* frames send() still accepts */
    uint8_t rx[FAKE_MAX][NET_FRAME_MAX];
    size_t rx_len[FAKE_MAX];
    unsigned rx_head, rx_count;
    unsigned events;
};

static bool fake_send(struct net_backend *b, const uint8_t *f, size_t len)
{
    struct fake *k = (struct fake *)b;
    if (!k->room || k->nsent == FAKE_MAX)
        return false;
    k->room--;
    memcpy(k->sent[k->nsent], f, len);
    k->sent_len[k->nsent++] = len;
    return true;
}

static const uint8_t *fake_peek(struct net_backend *b, size_t *len)
{
    struct fake *k = (struct fake *)b;
    if (!k->rx_count)
        return NULL;
    *len = k->rx_len[k->rx_head];
    return k->rx[k->rx_head];
}

static void fake_pop(struct net_backend *b)
{
    struct fake *k = (struct fake *)b;
    k->rx_head++;
    k->rx_count--;
}

static unsigned fake_events(struct net_backend *b)
{
    struct fake *k = (struct fake *)b;
    unsigned e = k->events;
    k->events = 0;
    return e;
}

static bool fake_freed;
static void fake_free(struct net_backend *b)
{
    fake_freed = true;
    free(b);
}

static const struct net_backend_ops fake_ops = {
    fake_send, fake_peek, fake_pop, fake_events, NULL, fake_free,
};

/* ---- a test driver ---- */

static struct bus bus;
static struct virtio_net *nic;
static struct fake *be;
static int irq_level;
static uint16_t avail_idx[2], used_seen[2];
static const uint8_t mac[ETH_ALEN] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };

static void irq_cb(void *opaque, int line, bool level)
{
    (void)opaque; (void)line;
    irq_level = level;
}

#include "virtio_driver.h"

static uint64_t rd_cfg(uint64_t off, unsigned size)
{
    uint64_t v = 0;
    ck_assert(bus_load(&bus, DEV_BASE + CONFIG + off, size, &v));
    return v;
}

static void put_desc(unsigned q, unsigned i, uint64_t addr, uint32_t len,
                     uint16_t flags, uint16_t next)
{
    write_desc(Q_DESC(q), i, addr, len, flags, next);
}

static void post(unsigned q, uint16_t head)
{
    le_store(ram(Q_AVAIL(q) + 4 + 2 * (avail_idx[q] % QN), 2), 2, head);
    avail_idx[q]++;
    le_store(ram(Q_AVAIL(q) + 2, 2), 2, avail_idx[q]);
}

static void kick(unsigned q, uint16_t head)
{
    post(q, head);
    wr(QUEUE_NOTIFY, q);
}

static uint16_t used_idx(unsigned q)
{
    return (uint16_t)le_load(ram(Q_USED(q) + 2, 2), 2);
}

/* The next used element of q (asserts there is one). */
static void next_used(unsigned q, uint32_t *id, uint32_t *len)
{
    ck_assert_uint_ne(used_idx(q), used_seen[q]);
    uint8_t *e = ram(Q_USED(q) + 4 + 8 * (used_seen[q] % QN), 8);
    used_seen[q]++;
    *id = (uint32_t)le_load(e, 4);
    *len = (uint32_t)le_load(e + 4, 4);
}

static void setup_queue(unsigned q, uint32_t num)
{
    wr(QUEUE_SEL, q);
    wr(QUEUE_NUM, num);
    wr(DESC_LO, (uint32_t)Q_DESC(q));
    wr(DESC_LO + 4, 0);
    wr(DRIVER_LO, (uint32_t)Q_AVAIL(q));
    wr(DRIVER_LO + 4, 0);
    wr(DEVICE_LO, (uint32_t)Q_USED(q));
    wr(DEVICE_LO + 4, 0);
    wr(QUEUE_READY, 1);
}

static void driver_init(uint32_t features)
{
    wr(STATUS, 0);
    wr(STATUS, 1 | 2);
    wr(DRV_FEAT_SEL, 0);
    wr(DRV_FEAT, features);
    wr(DRV_FEAT_SEL, 1);
    wr(DRV_FEAT, 1);                    /* VIRTIO_F_VERSION_1 */
    wr(STATUS, 1 | 2 | 8);
    ck_assert_uint_eq(rd(STATUS), 1 | 2 | 8);
    memset(ram(Q_DESC(0), 0x8000), 0, 0x8000);
    setup_queue(RXQ, QN);
    setup_queue(TXQ, QN);
    wr(STATUS, 1 | 2 | 8 | 4);
    avail_idx[0] = avail_idx[1] = used_seen[0] = used_seen[1] = 0;
}

static void setup(void)
{
    ck_assert(bus_init(&bus, RAM_BASE, RAM_SIZE));
    be = calloc(1, sizeof *be);
    ck_assert_ptr_nonnull(be);
    be->base.ops = &fake_ops;
    be->base.wake_fd = -1;
    be->room = FAKE_MAX;
    fake_freed = false;
    irq_level = 0;
    nic = virtio_net_new(&bus, DEV_BASE, irq_cb, NULL, IRQ_LINE, mac, &be->base);
    ck_assert_ptr_nonnull(nic);
}

static void teardown(void)
{
    virtio_net_free(nic);
    ck_assert(fake_freed);
    bus_free(&bus);
}

static void assert_needs_reset(void)
{
    ck_assert(rd(STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    ck_assert(rd(INT_STATUS) & VIRTIO_INT_CONFIG);
}

/* A transmit chain: header (flags, csum_start, csum_offset) + frame in one
 * buffer at BUF(slot), descriptor `slot` of the transmit queue. */
static void tx_frame(unsigned slot, uint8_t flags, uint16_t cstart,
                     uint16_t coff, const uint8_t *frame, uint32_t len)
{
    uint8_t *b = ram(BUF(slot), HDR + len);
    memset(b, 0, HDR);
    b[0] = flags;
    le_store(b + 6, 2, cstart);
    le_store(b + 8, 2, coff);
    memcpy(b + HDR, frame, len);
    put_desc(TXQ, slot, BUF(slot), HDR + len, 0, 0);
    kick(TXQ, (uint16_t)slot);
}

static void make_frame(uint8_t *f, uint32_t len, uint8_t seed)
{
    for (uint32_t i = 0; i < len; i++)
        f[i] = (uint8_t)(seed + i * 13);
}

/* ---- identity ---- */

START_TEST(identity_and_config)
{
    ck_assert_uint_eq(rd(DEVICE_ID), 1);            /* 5: network card */
    wr(DEV_FEAT_SEL, 0);
    uint32_t f = rd(DEV_FEAT);
    ck_assert(f & (1u << F_MAC));
    ck_assert(f & (1u << F_STATUS));
    ck_assert(f & (1u << F_CSUM));
    ck_assert(f & (1u << F_GUEST_CSUM));
    ck_assert(f & (1u << F_MTU));
    /* no GSO (7..14), no MRG_RXBUF (15), no CTRL_VQ (17), no MQ (22) */
    ck_assert_uint_eq(f & 0x0042ff80u, 0);
    for (unsigned i = 0; i < ETH_ALEN; i++)
        ck_assert_uint_eq(rd_cfg(i, 1), mac[i]);
    ck_assert_uint_eq(rd_cfg(6, 2), 1);             /* VIRTIO_NET_S_LINK_UP */
    ck_assert_uint_eq(rd_cfg(8, 2), 1);             /* max_virtqueue_pairs */
    ck_assert_uint_eq(rd_cfg(10, 2), NET_MTU);      /* mtu */
}
END_TEST

START_TEST(link_down_notifies_driver)
{
    driver_init(1u << F_STATUS);
    uint32_t gen = rd(CONFIG_GEN);
    virtio_net_set_link(nic, false);
    ck_assert_uint_eq(rd_cfg(6, 2), 0);
    ck_assert(rd(INT_STATUS) & VIRTIO_INT_CONFIG);
    ck_assert_int_eq(irq_level, 1);
    ck_assert_uint_ne(rd(CONFIG_GEN), gen);
}
END_TEST

/* ---- transmit ---- */

START_TEST(tx_frame_reaches_backend)
{
    driver_init(1u << F_MAC);
    uint8_t f[60];
    make_frame(f, sizeof f, 1);
    tx_frame(0, 0, 0, 0, f, sizeof f);
    ck_assert_uint_eq(be->nsent, 1);
    ck_assert_uint_eq(be->sent_len[0], sizeof f);
    ck_assert_mem_eq(be->sent[0], f, sizeof f);
    uint32_t id, len;
    next_used(TXQ, &id, &len);
    ck_assert_uint_eq(id, 0);
    ck_assert_int_eq(irq_level, 1);
}
END_TEST

/* Header and frame split over three descriptors, the split inside the
 * header: the device reassembles them. */
START_TEST(tx_frame_in_pieces)
{
    driver_init(0);
    uint8_t f[100];
    make_frame(f, sizeof f, 7);
    uint8_t *b = ram(BUF(0), HDR + sizeof f);
    memset(b, 0, HDR);
    memcpy(b + HDR, f, sizeof f);
    put_desc(TXQ, 0, BUF(0), 5, VIRTQ_DESC_F_NEXT, 1);
    put_desc(TXQ, 1, BUF(0) + 5, 30, VIRTQ_DESC_F_NEXT, 2);
    put_desc(TXQ, 2, BUF(0) + 35, HDR + sizeof f - 35, 0, 0);
    kick(TXQ, 0);
    ck_assert_uint_eq(be->nsent, 1);
    ck_assert_mem_eq(be->sent[0], f, sizeof f);
}
END_TEST

/* RFC 1071 section 3's example: the words 0001 f203 f4f5 f6f7 sum to
 * 0xddf2 (end-around carry), whose complement 0x220d is the checksum. */
START_TEST(tx_partial_checksum_completed)
{
    driver_init(1u << F_CSUM);
    uint8_t f[ETH_HLEN + 10] = {0};
    const uint8_t words[8] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
    memcpy(f + ETH_HLEN, words, sizeof words);
    /* checksum field after the data, holding 0 (the pseudo-header sum a
     * driver would put there is part of the sum like any word) */
    tx_frame(0, 1 /* NEEDS_CSUM */, ETH_HLEN, 8, f, sizeof f);
    ck_assert_uint_eq(be->nsent, 1);
    ck_assert_uint_eq(be->sent[0][ETH_HLEN + 8], 0x22);
    ck_assert_uint_eq(be->sent[0][ETH_HLEN + 9], 0x0d);
}
END_TEST

START_TEST(tx_bad_frames_dropped_device_keeps_running)
{
    driver_init(1u << F_CSUM);
    static uint8_t f[NET_FRAME_MAX + 1];
    make_frame(f, sizeof f, 3);
    uint32_t id, len;
    tx_frame(0, 0, 0, 0, f, ETH_HLEN - 1);              /* shorter than Ethernet */
    tx_frame(1, 0, 0, 0, f, NET_FRAME_MAX + 1);         /* longer than the MTU */
    tx_frame(2, 1, ETH_HLEN, 60, f, 64);                /* csum field outside */
    put_desc(TXQ, 3, BUF(3), 0, 0, 0);                  /* zero-length buffer */
    kick(TXQ, 3);
    ck_assert_uint_eq(be->nsent, 0);
    for (unsigned i = 0; i < 4; i++) {
        next_used(TXQ, &id, &len);
        ck_assert_uint_eq(id, i);
    }
    struct virtio_net_stats s;
    virtio_net_get_stats(nic, &s);
    ck_assert_uint_eq(s.tx_dropped, 4);
    ck_assert(!(rd(STATUS) & VIRTIO_STATUS_NEEDS_RESET));
    tx_frame(4, 0, 0, 0, f, NET_FRAME_MAX);             /* the largest good one */
    ck_assert_uint_eq(be->nsent, 1);
    ck_assert_uint_eq(be->sent_len[0], NET_FRAME_MAX);
}
END_TEST

/* Frames 0, 1 and 2 of len bytes (built in f) sent while the backend
 * has room for one. */
static void three_frames_room_for_one(uint8_t *f, uint32_t len)
{
    be->room = 1;
    for (unsigned i = 0; i < 3; i++) {
        make_frame(f, len, (uint8_t)i);
        tx_frame(i, 0, 0, 0, f, len);
    }
}

/* A full backend queue: the chain stays with the device (not used) and
 * goes out when the backend reports room; nothing is lost. */
START_TEST(tx_waits_for_backend_room)
{
    driver_init(0);
    uint8_t f[80];
    three_frames_room_for_one(f, sizeof f);
    ck_assert_uint_eq(be->nsent, 1);
    ck_assert_uint_eq(used_idx(TXQ), 1);
    be->room = 5;
    be->events = NET_EV_TX;
    virtio_net_poll(nic);
    ck_assert_uint_eq(be->nsent, 3);
    ck_assert_uint_eq(used_idx(TXQ), 3);
    for (unsigned i = 0; i < 3; i++) {
        make_frame(f, sizeof f, (uint8_t)i);
        ck_assert_mem_eq(be->sent[i], f, sizeof f);
    }
}
END_TEST

/* Deterministic mode (a recorder): the guest's view must not depend on
 * when the host's queue has room, so a refused frame is dropped and its
 * chain completes at once (no NET_EV_TX retry, which would come at a
 * host-chosen instruction count and make a replay diverge). */
START_TEST(tx_full_backend_deterministic)
{
    driver_init(0);
    struct recorder *rec = recorder_new();
    virtio_net_set_recorder(nic, rec);
    uint8_t f[80];
    three_frames_room_for_one(f, sizeof f);
    ck_assert_uint_eq(be->nsent, 1);
    ck_assert_uint_eq(used_idx(TXQ), 3);
    struct virtio_net_stats s;
    virtio_net_get_stats(nic, &s);
    ck_assert_uint_eq(s.tx_frames, 1);
    ck_assert_uint_eq(s.tx_dropped, 2);
    be->room = 5;
    be->events = NET_EV_TX;
    virtio_net_poll(nic);
    ck_assert_uint_eq(be->nsent, 1);        /* nothing was held for later */
    ck_assert_uint_eq(used_idx(TXQ), 3);
    virtio_net_set_recorder(nic, NULL);
    recorder_free(rec);
}
END_TEST

/* ---- snapshots ---- */

/* A transmit chain the device popped but the backend had no room for is
 * saved: after the load (into the same device, which resets it first) the
 * backend gets the held frame and the ones behind it, in order, and every
 * descriptor comes back to the driver.  Before virtio-net had a record of
 * its own the held chain was forgotten: 2 frames sent, used index 2. */
START_TEST(snapshot_keeps_held_tx_chain)
{
    driver_init(0);
    uint8_t f[80];
    three_frames_room_for_one(f, sizeof f);
    ck_assert_uint_eq(be->nsent, 1);
    struct device *d = (struct device *)nic;
    struct dev_stream s = {0};
    ck_assert(d->ops->save(d, &s));
    ck_assert(d->ops->load(d, &s));
    ck_assert_uint_eq(s.pos, s.len);
    be->room = 5;
    be->events = NET_EV_TX;
    virtio_net_poll(nic);
    ck_assert_uint_eq(be->nsent, 3);
    ck_assert_uint_eq(used_idx(TXQ), 3);
    for (unsigned i = 0; i < 3; i++) {
        make_frame(f, sizeof f, (uint8_t)i);
        ck_assert_mem_eq(be->sent[i], f, sizeof f);
    }
    /* a record with another MAC (the guest cached this one) is refused */
    uint8_t *tag = memmem(s.buf, s.len, "net\x01", 4);
    ck_assert_ptr_nonnull(tag);
    tag[4] ^= 1;
    s.pos = 0;
    ck_assert(!d->ops->load(d, &s));
    dev_stream_free(&s);
}
END_TEST

/* ---- receive ---- */

static void rx_buffer(unsigned slot, uint32_t len)
{
    memset(ram(BUF(8 + slot), len), 0xee, len);
    put_desc(RXQ, slot, BUF(8 + slot), len, VIRTQ_DESC_F_WRITE, 0);
    post(RXQ, (uint16_t)slot);
}

static void backend_frame(const uint8_t *f, size_t len)
{
    unsigned i = be->rx_head + be->rx_count++;
    memcpy(be->rx[i], f, len);
    be->rx_len[i] = len;
    be->events |= NET_EV_RX;
}

START_TEST(rx_frame_delivered_with_header)
{
    driver_init((1u << F_GUEST_CSUM) | (1u << F_MAC));
    rx_buffer(0, HDR + NET_FRAME_MAX);
    uint8_t f[300];
    make_frame(f, sizeof f, 9);
    backend_frame(f, sizeof f);
    virtio_net_poll(nic);
    uint32_t id, len;
    next_used(RXQ, &id, &len);
    ck_assert_uint_eq(id, 0);
    ck_assert_uint_eq(len, HDR + sizeof f);
    const uint8_t *b = ram(BUF(8), HDR + sizeof f);
    ck_assert_uint_eq(b[0], 2);                 /* VIRTIO_NET_HDR_F_DATA_VALID */
    ck_assert_uint_eq(b[1], 0);                 /* GSO_NONE */
    ck_assert_uint_eq(le_load(b + 10, 2), 1);   /* num_buffers */
    ck_assert_mem_eq(b + HDR, f, sizeof f);
    ck_assert_int_eq(irq_level, 1);
}
END_TEST

START_TEST(rx_without_guest_csum_has_no_flags)
{
    driver_init(0);
    rx_buffer(0, HDR + NET_FRAME_MAX);
    uint8_t f[64];
    make_frame(f, sizeof f, 2);
    backend_frame(f, sizeof f);
    virtio_net_poll(nic);
    ck_assert_uint_eq(ram(BUF(8), 1)[0], 0);
}
END_TEST

/* No buffer posted: the frame waits in the backend until the driver posts
 * one and notifies. */
START_TEST(rx_waits_for_buffer)
{
    driver_init(0);
    uint8_t f[64];
    make_frame(f, sizeof f, 4);
    backend_frame(f, sizeof f);
    virtio_net_poll(nic);
    ck_assert_uint_eq(used_idx(RXQ), 0);
    ck_assert_uint_eq(be->rx_count, 1);
    rx_buffer(0, HDR + NET_FRAME_MAX);
    wr(QUEUE_NOTIFY, RXQ);
    ck_assert_uint_eq(used_idx(RXQ), 1);
    ck_assert_uint_eq(be->rx_count, 0);
    ck_assert_mem_eq(ram(BUF(8) + HDR, sizeof f), f, sizeof f);
}
END_TEST

/* A buffer too small for the frame: the frame is dropped and counted, the
 * buffer returned empty; the next frame takes the next buffer. */
START_TEST(rx_small_buffer_drops_frame)
{
    driver_init(0);
    rx_buffer(0, HDR + 10);
    rx_buffer(1, HDR + NET_FRAME_MAX);
    uint8_t f1[100], f2[50];
    make_frame(f1, sizeof f1, 5);
    make_frame(f2, sizeof f2, 6);
    backend_frame(f1, sizeof f1);
    backend_frame(f2, sizeof f2);
    virtio_net_poll(nic);
    uint32_t id, len;
    next_used(RXQ, &id, &len);
    ck_assert_uint_eq(id, 0);
    ck_assert_uint_eq(len, 0);
    next_used(RXQ, &id, &len);
    ck_assert_uint_eq(id, 1);
    ck_assert_uint_eq(len, HDR + sizeof f2);
    ck_assert_mem_eq(ram(BUF(9) + HDR, sizeof f2), f2, sizeof f2);
    struct virtio_net_stats s;
    virtio_net_get_stats(nic, &s);
    ck_assert_uint_eq(s.rx_dropped, 1);
    ck_assert_uint_eq(s.rx_frames, 1);
}
END_TEST

/* ---- malformed rings: the device needs a reset, rvx carries on ---- */

START_TEST(tx_buffer_outside_ram_needs_reset)
{
    driver_init(0);
    put_desc(TXQ, 0, RAM_BASE + RAM_SIZE - 16, 200, 0, 0);
    kick(TXQ, 0);
    assert_needs_reset();
    ck_assert_uint_eq(be->nsent, 0);
    /* further frames are ignored until the driver resets the device */
    uint8_t f[60];
    make_frame(f, sizeof f, 1);
    tx_frame(1, 0, 0, 0, f, sizeof f);
    ck_assert_uint_eq(be->nsent, 0);
    driver_init(0);
    tx_frame(1, 0, 0, 0, f, sizeof f);
    ck_assert_uint_eq(be->nsent, 1);
}
END_TEST

START_TEST(tx_looped_chain_needs_reset)
{
    driver_init(0);
    put_desc(TXQ, 0, BUF(0), 100, VIRTQ_DESC_F_NEXT, 1);
    put_desc(TXQ, 1, BUF(1), 100, VIRTQ_DESC_F_NEXT, 0);
    kick(TXQ, 0);
    assert_needs_reset();
    ck_assert_uint_eq(be->nsent, 0);
}
END_TEST

START_TEST(rx_buffer_outside_ram_needs_reset)
{
    driver_init(0);
    put_desc(RXQ, 0, 0x1000, 2048, VIRTQ_DESC_F_WRITE, 0);   /* not RAM */
    post(RXQ, 0);
    uint8_t f[64];
    make_frame(f, sizeof f, 1);
    backend_frame(f, sizeof f);
    virtio_net_poll(nic);
    assert_needs_reset();
    ck_assert_uint_eq(used_idx(RXQ), 0);
}
END_TEST

START_TEST(queue_size_not_power_of_two_needs_reset)
{
    wr(STATUS, 0);
    wr(STATUS, 1 | 2);
    wr(DRV_FEAT_SEL, 1);
    wr(DRV_FEAT, 1);
    wr(STATUS, 1 | 2 | 8);
    setup_queue(TXQ, 6);
    ck_assert_uint_eq(rd(QUEUE_READY), 0);
    ck_assert(rd(STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}
END_TEST

/* A driver that never posts receive buffers while the host sends: frames
 * wait in the (bounded) backend queue, nothing is written to RAM. */
START_TEST(rx_frames_before_driver_ok_not_written)
{
    uint8_t f[64];
    make_frame(f, sizeof f, 1);
    backend_frame(f, sizeof f);
    virtio_net_poll(nic);
    ck_assert_uint_eq(be->rx_count, 1);
    ck_assert_int_eq(irq_level, 0);
}
END_TEST

static Suite *net_suite(void)
{
    Suite *s = suite_create("virtio_net");
    TCase *t = tcase_create("device");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, identity_and_config);
    tcase_add_test(t, link_down_notifies_driver);
    tcase_add_test(t, tx_frame_reaches_backend);
    tcase_add_test(t, tx_frame_in_pieces);
    tcase_add_test(t, tx_partial_checksum_completed);
    tcase_add_test(t, tx_bad_frames_dropped_device_keeps_running);
    tcase_add_test(t, tx_waits_for_backend_room);
    tcase_add_test(t, tx_full_backend_deterministic);
    tcase_add_test(t, snapshot_keeps_held_tx_chain);
    tcase_add_test(t, rx_frame_delivered_with_header);
    tcase_add_test(t, rx_without_guest_csum_has_no_flags);
    tcase_add_test(t, rx_waits_for_buffer);
    tcase_add_test(t, rx_small_buffer_drops_frame);
    suite_add_tcase(s, t);

    t = tcase_create("malformed");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, tx_buffer_outside_ram_needs_reset);
    tcase_add_test(t, tx_looped_chain_needs_reset);
    tcase_add_test(t, rx_buffer_outside_ram_needs_reset);
    tcase_add_test(t, queue_size_not_power_of_two_needs_reset);
    tcase_add_test(t, rx_frames_before_driver_ok_not_written);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return run_suite(net_suite());
}
