/* Snapshots of the virtio-mmio transport, its devices and HTIF: each device
 * is driven through MMIO into a state far from reset, saved, reset, loaded,
 * and must then read back the same registers (through the side-effect-free
 * peek) and carry on from where it was (the next request lands in the next
 * used-ring slot, restored resources and events are still there).  Every
 * prefix of a valid record, a size field made too large, and each byte
 * flipped in turn must be refused or accepted without harm (the ASan build
 * runs this file too).  Register offsets from VIRTIO 1.1 4.2.2; the record
 * layouts are the ones described beside each device's save function. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "devices/board.h"
#include "devices/device.h"
#include "devices/htif.h"
#include "devices/virtio.h"
#include "devices/virtio_gpu.h"
#include "devices/virtio_input.h"
#include "mem/bus.h"
#include "virt_fixture.h"

enum {
    DEV_FEAT = 0x010, DEV_FEAT_SEL = 0x014, DRV_FEAT = 0x020,
    DRV_FEAT_SEL = 0x024, QUEUE_SEL = 0x030, QUEUE_NUM_MAX = 0x034,
    QUEUE_NUM = 0x038, QUEUE_READY = 0x044, QUEUE_NOTIFY = 0x050,
    ISR = 0x060, INT_ACK = 0x064, STATUS = 0x070, DESC_LO = 0x080,
    DESC_HI = 0x084, DRIVER_LO = 0x090, DRIVER_HI = 0x094, DEVICE_LO = 0x0a0,
    DEVICE_HI = 0x0a4, CONFIG_GEN = 0x0fc, CONFIG = 0x100,
};

/* The board's virtio slots (test_device_iface.c checks the IDs). */
enum { SLOT_BLK, SLOT_RNG, SLOT_GPU, SLOT_KBD, SLOT_TABLET };

/* Offsets in the transport's record (devices/virtio.c): 44 bytes of
 * registers, then 40 per queue, then the device's record. */
#define REC_QUEUE(q) (44u + 40u * (q))
#define REC_DEVICE(nq) REC_QUEUE(nq)

/* Sector k holds the byte k, so a read shows which sector it got. */
static void fill_sectors(int fd)
{
    uint8_t sector[512];
    for (unsigned k = 0; k < 8; k++) {
        memset(sector, (int)k, sizeof sector);
        ck_assert_int_eq(write(fd, sector, sizeof sector), (int)sizeof sector);
    }
}

static void setup(void) { virt_fixture_setup(1, fill_sectors); }
static void teardown(void) { virt_fixture_teardown(); }

/* What a debugger sees: the device's peek. */
static uint32_t peek32(uint64_t pa)
{
    uint64_t v = 0xdeadbeef;
    ck_assert(bus_peek(&m->bus, pa, 4, &v));
    return (uint32_t)v;
}

static uint8_t *ram(uint64_t pa, uint64_t len)
{
    uint8_t *p = bus_ram_ptr(&m->bus, pa, len);
    ck_assert_ptr_nonnull(p);
    return p;
}

/* --- a minimal driver (VIRTIO 1.1 3.1.1, 2.7) ----------------------------- */

struct drv {
    uint64_t base, area;        /* registers; RAM for rings and buffers */
    unsigned nq, num[2];
    uint16_t avail[2];
};

static uint64_t q_desc(const struct drv *d, unsigned q) { return d->area + 0x3000ull * q; }
static uint64_t q_avail(const struct drv *d, unsigned q) { return q_desc(d, q) + 0x1000; }
static uint64_t q_used(const struct drv *d, unsigned q) { return q_desc(d, q) + 0x2000; }
static uint64_t buf(const struct drv *d, uint64_t off) { return d->area + 0x10000 + off; }

/* Driver initialisation with nq queues, queue q of 8 >> q entries (so
 * QueueSel shows in QueueNum), features feat_lo | VERSION_1. */
static struct drv drv_init(unsigned slot, unsigned nq, uint32_t feat_lo)
{
    struct drv d = { .base = VIRT_VIRTIO + 0x1000ull * slot,
                     .area = VIRT_DRAM + 0x200000 + 0x100000ull * slot, .nq = nq };
    memset(ram(d.area, 0x6000), 0, 0x6000);
    st(d.base + STATUS, 4, 0);
    st(d.base + STATUS, 4, 1 | 2);
    st(d.base + DRV_FEAT_SEL, 4, 0);
    st(d.base + DRV_FEAT, 4, feat_lo);
    st(d.base + DRV_FEAT_SEL, 4, 1);
    st(d.base + DRV_FEAT, 4, 1);
    st(d.base + STATUS, 4, 1 | 2 | 8);
    ck_assert_uint_eq(ld(d.base + STATUS, 4), 1 | 2 | 8);
    for (unsigned q = 0; q < nq; q++) {
        d.num[q] = 8u >> q;
        st(d.base + QUEUE_SEL, 4, q);
        st(d.base + QUEUE_NUM, 4, d.num[q]);
        st(d.base + DESC_LO, 4, (uint32_t)q_desc(&d, q));
        st(d.base + DESC_HI, 4, q_desc(&d, q) >> 32);
        st(d.base + DRIVER_LO, 4, (uint32_t)q_avail(&d, q));
        st(d.base + DRIVER_HI, 4, 0);
        st(d.base + DEVICE_LO, 4, (uint32_t)q_used(&d, q));
        st(d.base + DEVICE_HI, 4, 0);
        st(d.base + QUEUE_READY, 4, 1);
    }
    st(d.base + STATUS, 4, 1 | 2 | 8 | 4);
    return d;
}

static void put_desc(const struct drv *d, unsigned q, unsigned i, uint64_t addr,
                     uint32_t len, uint16_t flags, uint16_t next)
{
    uint8_t *p = ram(q_desc(d, q) + 16ull * i, 16);
    le_store(p, 8, addr);
    le_store(p + 8, 4, len);
    le_store(p + 12, 2, flags);
    le_store(p + 14, 2, next);
}

/* Makes head available on queue q; notify: also write QueueNotify. */
static void offer(struct drv *d, unsigned q, uint16_t head, bool notify)
{
    le_store(ram(q_avail(d, q) + 4 + 2 * (d->avail[q] % d->num[q]), 2), 2, head);
    d->avail[q]++;
    le_store(ram(q_avail(d, q) + 2, 2), 2, d->avail[q]);
    if (notify)
        st(d->base + QUEUE_NOTIFY, 4, q);
}

static uint16_t used_idx(const struct drv *d, unsigned q)
{
    return (uint16_t)le_load(ram(q_used(d, q) + 2, 2), 2);
}

static void used_elem(const struct drv *d, unsigned q, unsigned i,
                      uint32_t *id, uint32_t *len)
{
    uint8_t *e = ram(q_used(d, q) + 4 + 8 * (i % d->num[q]), 8);
    *id = (uint32_t)le_load(e, 4);
    *len = (uint32_t)le_load(e + 4, 4);
}

/* --- save, load, compare ---------------------------------------------------- */

static void save(struct device *d, struct dev_stream *s)
{
    *s = (struct dev_stream){0};
    ck_assert_ptr_nonnull(d->ops->save);
    ck_assert(d->ops->save(d, s));
    ck_assert_uint_gt(s->len, 0);
}

/* Loads len bytes of buf; a successful load must take its whole record. */
static bool load_bytes(struct device *d, const uint8_t *buf, size_t len)
{
    struct dev_stream s = { .buf = (uint8_t *)(uintptr_t)buf, .len = len, .cap = len };
    bool ok = d->ops->load(d, &s);
    if (ok)
        ck_assert_uint_eq(s.pos, len);
    return ok;
}

/* The registers a driver can read, every queue's included (QueueSel is
 * put back to `sel` afterwards). */
struct regs {
    uint32_t status, isr, gen, feat[2], cfg[4];
    uint32_t q[2][6];
};

static void read_regs(const struct drv *d, unsigned sel, unsigned dev_feat_sel,
                      struct regs *r)
{
    uint64_t b = d->base;
    *r = (struct regs){ .status = peek32(b + STATUS), .isr = peek32(b + ISR),
                        .gen = peek32(b + CONFIG_GEN) };
    for (unsigned i = 0; i < 4; i++)
        r->cfg[i] = peek32(b + CONFIG + 4 * i);
    for (unsigned q = 0; q < d->nq; q++) {
        static const unsigned off[6] = { QUEUE_NUM, QUEUE_READY, DESC_LO,
                                         DESC_HI, DRIVER_LO, DEVICE_LO };
        st(b + QUEUE_SEL, 4, q);
        for (unsigned i = 0; i < 6; i++)
            r->q[q][i] = peek32(b + off[i]);
    }
    for (unsigned i = 0; i < 2; i++) {
        st(b + DEV_FEAT_SEL, 4, i);
        r->feat[i] = peek32(b + DEV_FEAT);
    }
    st(b + DEV_FEAT_SEL, 4, dev_feat_sel);
    st(b + QUEUE_SEL, 4, sel);
}

static void assert_same_regs(const struct regs *a, const struct regs *b)
{
    ck_assert_uint_eq(a->status, b->status);
    ck_assert_uint_eq(a->isr, b->isr);
    ck_assert_uint_eq(a->gen, b->gen);
    for (unsigned i = 0; i < 2; i++)
        ck_assert_uint_eq(a->feat[i], b->feat[i]);
    for (unsigned i = 0; i < 4; i++)
        ck_assert_uint_eq(a->cfg[i], b->cfg[i]);
    for (unsigned q = 0; q < 2; q++)
        for (unsigned i = 0; i < 6; i++)
            ck_assert_msg(a->q[q][i] == b->q[q][i], "queue %u reg %u: %u != %u",
                          q, i, a->q[q][i], b->q[q][i]);
}

/* What the registers do not show: the selectors' effect, the accepted
 * features and each queue's place in its rings. */
static void assert_same_transport(const struct virtio *a, const struct virtio *b)
{
    ck_assert_uint_eq(a->dev_feat_sel, b->dev_feat_sel);
    ck_assert_uint_eq(a->drv_feat_sel, b->drv_feat_sel);
    ck_assert_uint_eq(a->queue_sel, b->queue_sel);
    ck_assert_uint_eq(a->driver_features, b->driver_features);
    ck_assert_uint_eq(a->broken, b->broken);
    ck_assert_uint_eq(a->irq_level, b->irq_level);
    for (unsigned q = 0; q < a->ops->nqueues; q++) {
        ck_assert_uint_eq(a->queue[q].last_avail, b->queue[q].last_avail);
        ck_assert_uint_eq(a->queue[q].used_idx, b->queue[q].used_idx);
    }
}

/* Power-on state as a driver sees it. */
static bool virtio_is_reset(uint64_t base)
{
    return peek32(base + STATUS) == 0 && peek32(base + ISR) == 0 &&
           peek32(base + CONFIG_GEN) == 0 && peek32(base + QUEUE_READY) == 0;
}

/* Every proper prefix is refused and leaves the device reset (is_reset),
 * then the whole record loads again. */
static void refuse_prefixes(struct device *d, const struct dev_stream *s,
                            bool (*is_reset)(struct device *d))
{
    for (size_t n = 0; n < s->len; n++) {
        ck_assert_msg(!load_bytes(d, s->buf, n), "prefix of %zu/%zu bytes loaded",
                      n, s->len);
        ck_assert_msg(is_reset(d), "prefix of %zu bytes left state behind", n);
    }
    ck_assert(load_bytes(d, s->buf, s->len));
}

/* The record with byte off inverted is refused, leaving the device reset. */
static void refuse_flip(struct device *d, const struct dev_stream *s, size_t off,
                        bool (*is_reset)(struct device *d))
{
    uint8_t *copy = malloc(s->len);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, s->buf, s->len);
    copy[off] ^= 0xff;
    ck_assert_msg(!load_bytes(d, copy, s->len), "flipped byte %zu accepted", off);
    ck_assert(is_reset(d));
    free(copy);
}

/* Each byte inverted in turn, then a few hundred records with three
 * bytes set to pseudo-random values (a fixed seed, so a failure repeats):
 * load may accept (a free value) or refuse, but must not crash or touch
 * memory out of bounds (the ASan build checks that). */
static void flip_every_byte(struct device *d, const struct dev_stream *s)
{
    uint8_t *copy = malloc(s->len);
    ck_assert_ptr_nonnull(copy);
    for (size_t off = 0; off < s->len; off++) {
        memcpy(copy, s->buf, s->len);
        copy[off] ^= 0xff;
        load_bytes(d, copy, s->len);
    }
    uint32_t x = 12345;
    for (unsigned round = 0; round < 500; round++) {
        memcpy(copy, s->buf, s->len);
        for (unsigned k = 0; k < 3; k++) {
            x = x * 1103515245u + 12345u;
            size_t off = (x >> 8) % s->len;
            x = x * 1103515245u + 12345u;
            copy[off] = (uint8_t)(x >> 16);
        }
        load_bytes(d, copy, s->len);
    }
    free(copy);
    device_reset(d);
}

static bool transport_reset_ok(struct device *d)
{
    return virtio_is_reset(d->base);
}

/* --- virtio-blk --------------------------------------------------------- */

#define BLK_FLUSH (1u << 9)
#define F_INDIRECT (1u << 28)

/* A read of sector `sector` as the chain head, head+1, head+2: header,
 * 512 data bytes, status byte. */
static void blk_read(struct drv *d, uint16_t head, uint64_t sector)
{
    uint64_t hdr = buf(d, 0x100 * head), data = buf(d, 0x1000 + 0x200 * head);
    uint8_t *h = ram(hdr, 16);
    memset(h, 0, 16);
    le_store(h + 8, 8, sector);             /* type 0 = IN */
    memset(ram(data, 512), 0xee, 512);
    *ram(hdr + 0x80, 1) = 0xff;
    put_desc(d, 0, head, hdr, 16, VIRTQ_DESC_F_NEXT, (uint16_t)(head + 1));
    put_desc(d, 0, head + 1u, data, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE,
             (uint16_t)(head + 2));
    put_desc(d, 0, head + 2u, hdr + 0x80, 1, VIRTQ_DESC_F_WRITE, 0);
    offer(d, 0, head, true);
}

static void assert_blk_read(const struct drv *d, uint16_t head, unsigned used,
                            uint8_t sector)
{
    uint32_t id, len;
    ck_assert_uint_eq(used_idx(d, 0), used);
    used_elem(d, 0, used - 1, &id, &len);
    ck_assert_uint_eq(id, head);
    ck_assert_uint_eq(len, 513);
    ck_assert_uint_eq(*ram(buf(d, 0x100 * head) + 0x80, 1), 0);  /* S_OK */
    const uint8_t *data = ram(buf(d, 0x1000 + 0x200 * head), 512);
    for (unsigned i = 0; i < 512; i++)
        ck_assert_uint_eq(data[i], sector);
}

START_TEST(blk_round_trip_and_carries_on)
{
    struct drv d = drv_init(SLOT_BLK, 1, BLK_FLUSH | F_INDIRECT);
    struct device *dev = device_at(d.base);
    struct virtio *v = (struct virtio *)dev;
    blk_read(&d, 0, 1);
    assert_blk_read(&d, 0, 1, 1);
    virtio_config_changed(v);                   /* generation 1, config irq */
    struct regs before, after;
    read_regs(&d, 0, 1, &before);
    ck_assert_uint_eq(before.isr, VIRTIO_INT_USED | VIRTIO_INT_CONFIG);
    ck_assert_uint_eq(before.gen, 1);
    ck_assert(plic_pending(VIRT_VIRTIO_IRQ + SLOT_BLK));
    struct virtio copy = *v;

    struct dev_stream s;
    save(dev, &s);
    device_reset(dev);
    ck_assert(virtio_is_reset(d.base));
    ck_assert(!plic_pending(VIRT_VIRTIO_IRQ + SLOT_BLK));
    ck_assert(load_bytes(dev, s.buf, s.len));
    /* First what the selectors select (read_regs writes them). */
    assert_same_transport(&copy, v);
    ck_assert_uint_eq(peek32(d.base + DEV_FEAT), 1);        /* DeviceFeaturesSel 1 */
    read_regs(&d, 0, 1, &after);
    assert_same_regs(&before, &after);
    ck_assert(plic_pending(VIRT_VIRTIO_IRQ + SLOT_BLK));   /* the line again */

    /* The next request takes the next avail entry and the next used slot. */
    st(d.base + INT_ACK, 4, VIRTIO_INT_USED | VIRTIO_INT_CONFIG);
    blk_read(&d, 3, 2);
    assert_blk_read(&d, 3, 2, 2);
    ck_assert_uint_eq(peek32(d.base + ISR), VIRTIO_INT_USED);
    dev_stream_free(&s);
}
END_TEST

START_TEST(blk_refuses_bad_records)
{
    struct drv d = drv_init(SLOT_BLK, 1, BLK_FLUSH);
    struct device *dev = device_at(d.base);
    blk_read(&d, 0, 1);
    struct dev_stream s;
    save(dev, &s);
    ck_assert_uint_eq(s.len, REC_DEVICE(1) + 16);
    refuse_prefixes(dev, &s, transport_reset_ok);
    refuse_flip(dev, &s, 0, transport_reset_ok);                /* tag */
    refuse_flip(dev, &s, 4, transport_reset_ok);                /* DeviceID */
    refuse_flip(dev, &s, 8, transport_reset_ok);                /* queue count */
    refuse_flip(dev, &s, REC_QUEUE(0), transport_reset_ok);     /* QueueNum 8 -> 247 */
    refuse_flip(dev, &s, REC_QUEUE(0) + 3, transport_reset_ok); /* QueueNum huge */
    refuse_flip(dev, &s, REC_QUEUE(0) + 38, transport_reset_ok); /* used idx > 16 bits */
    refuse_flip(dev, &s, REC_DEVICE(1) + 4, transport_reset_ok); /* capacity */
    flip_every_byte(dev, &s);
    /* A record of another kind of device is not taken. */
    struct device *rng = device_at(VIRT_VIRTIO + 0x1000ull * SLOT_RNG);
    ck_assert(!load_bytes(rng, s.buf, s.len));
    dev_stream_free(&s);
}
END_TEST

/* --- virtio-rng: the transport's record alone --------------------------- */

START_TEST(rng_round_trip_and_carries_on)
{
    struct drv d = drv_init(SLOT_RNG, 1, 0);
    struct device *dev = device_at(d.base);
    for (uint16_t i = 0; i < 3; i++) {
        put_desc(&d, 0, i, buf(&d, 64 * i), 16, VIRTQ_DESC_F_WRITE, 0);
        offer(&d, 0, i, true);
    }
    ck_assert_uint_eq(used_idx(&d, 0), 3);
    struct regs before, after;
    read_regs(&d, 0, 0, &before);
    struct dev_stream s;
    save(dev, &s);
    ck_assert_uint_eq(s.len, REC_DEVICE(1));
    device_reset(dev);
    ck_assert(load_bytes(dev, s.buf, s.len));
    read_regs(&d, 0, 0, &after);
    assert_same_regs(&before, &after);
    put_desc(&d, 0, 5, buf(&d, 0x400), 32, VIRTQ_DESC_F_WRITE, 0);
    offer(&d, 0, 5, true);
    uint32_t id, len;
    ck_assert_uint_eq(used_idx(&d, 0), 4);
    used_elem(&d, 0, 3, &id, &len);
    ck_assert_uint_eq(id, 5);
    ck_assert_uint_eq(len, 32);
    refuse_prefixes(dev, &s, transport_reset_ok);
    flip_every_byte(dev, &s);
    dev_stream_free(&s);
}
END_TEST

/* --- virtio-gpu ------------------------------------------------------------ */

#define GW 16u
#define GH 8u
#define BACKING_A 0x40000u      /* two backing entries of half the image */
#define BACKING_B 0x50000u
#define HALF (GW * GH * 4 / 2)

/* Sends a control request of n le32 fields after the header (and an
 * optional second readable buffer); returns the response type. */
static uint32_t gpu_cmd(struct drv *d, uint32_t type, const uint32_t *f,
                        unsigned n, uint32_t extra_len)
{
    uint64_t req = buf(d, 0), resp = buf(d, 0x1000), extra = buf(d, 0x2000);
    uint8_t *r = ram(req, 24 + 4 * n);
    memset(r, 0, 24);
    le_store(r, 4, type);
    for (unsigned i = 0; i < n; i++)
        le_store(r + 24 + 4 * i, 4, f[i]);
    unsigned i = 0;
    put_desc(d, 0, i, req, 24 + 4 * n, VIRTQ_DESC_F_NEXT, 1);
    i++;
    if (extra_len) {
        put_desc(d, 0, i, extra, extra_len, VIRTQ_DESC_F_NEXT, 2);
        i++;
    }
    put_desc(d, 0, i, resp, 24, VIRTQ_DESC_F_WRITE, 0);
    uint16_t before = used_idx(d, 0);
    offer(d, 0, 0, true);
    ck_assert_uint_eq(used_idx(d, 0), (uint16_t)(before + 1));
    return (uint32_t)le_load(ram(resp, 4), 4);
}

static void gpu_transfer_flush(struct drv *d)
{
    uint32_t t[] = { 0, 0, GW, GH, 0, 0, 1, 0 };
    ck_assert_uint_eq(gpu_cmd(d, VIRTIO_GPU_CMD_TRANSFER_TO_HOST_2D, t, 8, 0), 0x1100);
    uint32_t fl[] = { 0, 0, GW, GH, 1, 0 };
    ck_assert_uint_eq(gpu_cmd(d, VIRTIO_GPU_CMD_RESOURCE_FLUSH, fl, 6, 0), 0x1100);
}

/* Guest pixels: byte i of the image is seed + i (over both entries). */
static void fill_backing(const struct drv *d, uint8_t seed)
{
    uint8_t *a = ram(buf(d, BACKING_A), HALF), *b = ram(buf(d, BACKING_B), HALF);
    for (unsigned i = 0; i < HALF; i++) {
        a[i] = (uint8_t)(seed + i);
        b[i] = (uint8_t)(seed + HALF + i);
    }
}

static void assert_picture(uint8_t seed)
{
    struct scanout so;
    ck_assert(virtio_gpu_scanout(m->gpu, &so));
    ck_assert_uint_eq(so.width, GW);
    ck_assert_uint_eq(so.height, GH);
    ck_assert_uint_eq(so.stride, GW * 4);
    for (unsigned i = 0; i < GW * GH * 4; i++)
        ck_assert_msg(so.pixels[i] == (uint8_t)(seed + i), "pixel byte %u", i);
}

/* Resource 1 (GW x GH, two backing entries) on the scanout, resource 2
 * without backing, cursor queue used once, QueueSel left at 1. */
static struct drv gpu_dirty(void)
{
    struct drv d = drv_init(SLOT_GPU, 2, 0);
    uint32_t c1[] = { 1, VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM, GW, GH };
    ck_assert_uint_eq(gpu_cmd(&d, VIRTIO_GPU_CMD_RESOURCE_CREATE_2D, c1, 4, 0), 0x1100);
    uint32_t c2[] = { 2, VIRTIO_GPU_FORMAT_R8G8B8A8_UNORM, 4, 4 };
    ck_assert_uint_eq(gpu_cmd(&d, VIRTIO_GPU_CMD_RESOURCE_CREATE_2D, c2, 4, 0), 0x1100);
    uint8_t *e = ram(buf(&d, 0x2000), 32);
    le_store(e, 8, buf(&d, BACKING_A));
    le_store(e + 8, 8, HALF);
    le_store(e + 16, 8, buf(&d, BACKING_B));
    le_store(e + 24, 8, HALF);
    uint32_t at[] = { 1, 2 };
    ck_assert_uint_eq(gpu_cmd(&d, VIRTIO_GPU_CMD_RESOURCE_ATTACH_BACKING, at, 2, 32), 0x1100);
    fill_backing(&d, 7);
    uint32_t so[] = { 0, 0, GW, GH, 0, 1 };
    ck_assert_uint_eq(gpu_cmd(&d, VIRTIO_GPU_CMD_SET_SCANOUT, so, 6, 0), 0x1100);
    gpu_transfer_flush(&d);
    put_desc(&d, 1, 0, buf(&d, 0x3000), 56, 0, 0);            /* a cursor update */
    offer(&d, 1, 0, true);
    ck_assert_uint_eq(used_idx(&d, 1), 1);
    st(d.base + QUEUE_SEL, 4, 1);
    assert_picture(7);
    return d;
}

static bool gpu_reset_ok(struct device *d)
{
    struct scanout so;
    return virtio_is_reset(d->base) && !virtio_gpu_scanout(m->gpu, &so);
}

START_TEST(gpu_round_trip_and_carries_on)
{
    struct drv d = gpu_dirty();
    struct device *dev = device_at(d.base);
    struct virtio *v = (struct virtio *)dev;
    struct regs before, after;
    read_regs(&d, 1, 0, &before);
    ck_assert_uint_eq(before.q[0][0], 8);
    ck_assert_uint_eq(before.q[1][0], 4);
    struct virtio copy = *v;
    struct dev_stream s;
    save(dev, &s);
    device_reset(dev);
    ck_assert(virtio_is_reset(d.base));
    ck_assert(load_bytes(dev, s.buf, s.len));
    assert_same_transport(&copy, v);
    ck_assert_uint_eq(peek32(d.base + QUEUE_NUM), 4);       /* QueueSel 1 */
    read_regs(&d, 1, 0, &after);
    assert_same_regs(&before, &after);
    assert_picture(7);

    /* The resources and their backing are back: ids 1 and 2 are taken,
     * 2 has no backing, and new guest pixels reach 1 through the same
     * entries. */
    uint32_t c2[] = { 2, VIRTIO_GPU_FORMAT_R8G8B8A8_UNORM, 4, 4 };
    ck_assert_uint_eq(gpu_cmd(&d, VIRTIO_GPU_CMD_RESOURCE_CREATE_2D, c2, 4, 0),
                      VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID);
    uint32_t t2[] = { 0, 0, 4, 4, 0, 0, 2, 0 };
    ck_assert_uint_eq(gpu_cmd(&d, VIRTIO_GPU_CMD_TRANSFER_TO_HOST_2D, t2, 8, 0),
                      VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID);
    fill_backing(&d, 99);
    gpu_transfer_flush(&d);
    assert_picture(99);
    ck_assert_uint_eq(used_idx(&d, 0), 10);     /* 6 before the save, 4 after */
    dev_stream_free(&s);
}
END_TEST

START_TEST(gpu_keeps_the_retired_picture)
{
    struct drv d = gpu_dirty();
    struct device *dev = device_at(d.base);
    st(d.base + STATUS, 4, 0);      /* driver reset: the picture stays shown */
    assert_picture(7);
    struct dev_stream s;
    save(dev, &s);
    ck_assert(!load_bytes(dev, s.buf, s.len - 1));
    ck_assert(gpu_reset_ok(dev));   /* a refused load shows nothing */
    ck_assert(load_bytes(dev, s.buf, s.len));
    assert_picture(7);
    /* A scanout set later replaces it, as before the snapshot. */
    d = drv_init(SLOT_GPU, 2, 0);
    assert_picture(7);
    uint32_t off[] = { 0, 0, 0, 0, 0, 0 };
    ck_assert_uint_eq(gpu_cmd(&d, VIRTIO_GPU_CMD_SET_SCANOUT, off, 6, 0), 0x1100);
    struct scanout so;
    ck_assert(!virtio_gpu_scanout(m->gpu, &so));
    dev_stream_free(&s);
}
END_TEST

START_TEST(gpu_refuses_bad_records)
{
    struct drv d = gpu_dirty();
    struct device *dev = device_at(d.base);
    struct dev_stream s;
    save(dev, &s);
    /* gpu record: tag, width, height, events_read, count, then resource 1:
     * id, format, width, height, entry count. */
    const size_t g = REC_DEVICE(2), res1 = g + 20;
    ck_assert_uint_eq(le_load(s.buf + g + 16, 4), 2);
    ck_assert_uint_eq(le_load(s.buf + res1 + 8, 4), GW);
    refuse_prefixes(dev, &s, gpu_reset_ok);
    refuse_flip(dev, &s, g, gpu_reset_ok);                  /* tag */
    refuse_flip(dev, &s, g + 4, gpu_reset_ok);              /* mode width */
    refuse_flip(dev, &s, g + 16, gpu_reset_ok);             /* 2 -> 253 resources */
    refuse_flip(dev, &s, g + 19, gpu_reset_ok);             /* 2**32 - ... */
    refuse_flip(dev, &s, res1 + 4, gpu_reset_ok);           /* format */
    refuse_flip(dev, &s, res1 + 8, gpu_reset_ok);           /* width 16 -> 239 */
    refuse_flip(dev, &s, res1 + 11, gpu_reset_ok);          /* width > MAX_DIM */
    refuse_flip(dev, &s, res1 + 14, gpu_reset_ok);          /* height * 2**16 */
    refuse_flip(dev, &s, res1 + 16, gpu_reset_ok);          /* 2 -> 253 entries */
    refuse_flip(dev, &s, res1 + 19, gpu_reset_ok);          /* entries > max */
    refuse_flip(dev, &s, res1 + 20 + 7, gpu_reset_ok);      /* entry outside RAM */
    flip_every_byte(dev, &s);
    dev_stream_free(&s);
}
END_TEST

/* A record of the reset gpu's transport followed by n 1x1 resources
 * (ids 1..n, or all 1 if same_id) and no scanout. */
static void gpu_record(struct dev_stream *s, uint32_t n, bool same_id)
{
    struct device *dev = device_at(VIRT_VIRTIO + 0x1000ull * SLOT_GPU);
    device_reset(dev);
    save(dev, s);
    s->len = REC_DEVICE(2);
    dev_put_u32(s, DEV_TAG('g', 'p', 'u', 1));
    dev_put_u32(s, VIRTIO_GPU_DEFAULT_WIDTH);
    dev_put_u32(s, VIRTIO_GPU_DEFAULT_HEIGHT);
    dev_put_u32(s, 0);
    dev_put_u32(s, n);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t res[] = { same_id ? 1 : i + 1, VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM,
                           1, 1, 0, 0x00ff00ff };
        for (unsigned k = 0; k < 6; k++)
            dev_put_u32(s, res[k]);
    }
    for (unsigned k = 0; k < 6; k++)
        dev_put_u32(s, 0);      /* no scanout, rectangle, no retired picture */
    ck_assert(!s->error);
}

START_TEST(gpu_bounds_resource_table)
{
    struct device *dev = device_at(VIRT_VIRTIO + 0x1000ull * SLOT_GPU);
    struct dev_stream s;
    gpu_record(&s, 1024, false);                /* the device's maximum */
    ck_assert(load_bytes(dev, s.buf, s.len));
    dev_stream_free(&s);
    gpu_record(&s, 1025, false);                /* one more than fits */
    ck_assert(!load_bytes(dev, s.buf, s.len));
    ck_assert(gpu_reset_ok(dev));
    dev_stream_free(&s);
    gpu_record(&s, 2, false);
    ck_assert(load_bytes(dev, s.buf, s.len));
    dev_stream_free(&s);
    gpu_record(&s, 2, true);                    /* two resources with id 1 */
    ck_assert(!load_bytes(dev, s.buf, s.len));
    dev_stream_free(&s);
}
END_TEST

/* --- virtio-input ------------------------------------------------------- */

static struct drv input_dirty(void)
{
    struct drv d = drv_init(SLOT_KBD, 2, 0);
    st(d.base + CONFIG, 1, VIRTIO_INPUT_CFG_ID_NAME);
    st(d.base + CONFIG + 1, 1, 0);
    ck_assert_uint_eq(ld(d.base + CONFIG + 2, 1), strlen("rvx virtio keyboard"));
    /* Two events delivered into two buffers, so the device's backlog no
     * longer starts at its first slot... */
    for (uint16_t i = 4; i < 6; i++) {
        put_desc(&d, 0, i, buf(&d, 8 * i), 8, VIRTQ_DESC_F_WRITE, 0);
        offer(&d, 0, i, true);
    }
    virtio_input_key(m->keyboard, 44, true);
    ck_assert_uint_eq(used_idx(&d, 0), 2);
    /* ...then four with no buffer posted: they wait in the device. */
    virtio_input_key(m->keyboard, 30, true);
    virtio_input_key(m->keyboard, 30, false);
    ck_assert_uint_eq(virtio_input_pending(m->keyboard), 4);
    return d;
}

static bool input_reset_ok(struct device *d)
{
    return virtio_is_reset(d->base) && virtio_input_pending(m->keyboard) == 0 &&
           peek32(d->base + CONFIG) == 0;
}

START_TEST(input_round_trip_and_carries_on)
{
    struct drv d = input_dirty();
    struct device *dev = device_at(d.base);
    struct regs before, after;
    read_regs(&d, 0, 0, &before);
    struct dev_stream s;
    save(dev, &s);
    device_reset(dev);
    ck_assert(input_reset_ok(dev));
    ck_assert(load_bytes(dev, s.buf, s.len));
    read_regs(&d, 0, 0, &after);
    assert_same_regs(&before, &after);       /* select/subsel: the name again */
    ck_assert_uint_eq(peek32(d.base + CONFIG), VIRTIO_INPUT_CFG_ID_NAME |
                      strlen("rvx virtio keyboard") << 16);
    ck_assert_uint_eq(virtio_input_pending(m->keyboard), 4);

    /* The guest posts buffers: the events arrive in order. */
    for (uint16_t i = 0; i < 4; i++) {
        put_desc(&d, 0, i, buf(&d, 8 * i), 8, VIRTQ_DESC_F_WRITE, 0);
        offer(&d, 0, i, i == 3);
    }
    ck_assert_uint_eq(used_idx(&d, 0), 6);
    ck_assert_uint_eq(virtio_input_pending(m->keyboard), 0);
    static const uint32_t want[4][3] = {
        { EVT_KEY, 30, 1 }, { EVT_SYN, 0, 0 }, { EVT_KEY, 30, 0 }, { EVT_SYN, 0, 0 },
    };
    for (unsigned i = 0; i < 4; i++) {
        const uint8_t *e = ram(buf(&d, 8 * i), 8);
        ck_assert_uint_eq(le_load(e, 2), want[i][0]);
        ck_assert_uint_eq(le_load(e + 2, 2), want[i][1]);
        ck_assert_uint_eq(le_load(e + 4, 4), want[i][2]);
    }
    dev_stream_free(&s);
}
END_TEST

START_TEST(input_refuses_bad_records)
{
    struct drv d = input_dirty();
    struct device *dev = device_at(d.base);
    struct dev_stream s;
    save(dev, &s);
    /* input record: tag, kind, select, subsel, count, events. */
    const size_t r = REC_DEVICE(2);
    ck_assert_uint_eq(s.len, r + 20 + 4 * 12);
    refuse_prefixes(dev, &s, input_reset_ok);
    refuse_flip(dev, &s, r + 4, input_reset_ok);            /* kind */
    refuse_flip(dev, &s, r + 9, input_reset_ok);            /* select > 255 */
    refuse_flip(dev, &s, r + 16, input_reset_ok);           /* 4 -> 251 events */
    refuse_flip(dev, &s, r + 17, input_reset_ok);           /* > PENDING_MAX */
    refuse_flip(dev, &s, r + 20 + 2, input_reset_ok);       /* type > 16 bits */
    flip_every_byte(dev, &s);
    /* The tablet is another kind: the keyboard's record is not its. */
    struct device *tablet = device_at(VIRT_VIRTIO + 0x1000ull * SLOT_TABLET);
    ck_assert(!load_bytes(tablet, s.buf, s.len));
    dev_stream_free(&s);
}
END_TEST

/* A keyboard record (reset transport, driver running) with n events. */
static void input_record(struct dev_stream *s, uint32_t n)
{
    drv_init(SLOT_KBD, 2, 0);
    save(device_at(VIRT_VIRTIO + 0x1000ull * SLOT_KBD), s);
    s->len = REC_DEVICE(2);
    uint32_t head[] = { DEV_TAG('i', 'n', 'p', 1), VIRTIO_INPUT_KEYBOARD, 0, 0, n };
    for (unsigned k = 0; k < 5; k++)
        dev_put_u32(s, head[k]);
    for (uint32_t i = 0; i < n; i++) {
        dev_put_u32(s, EVT_KEY);
        dev_put_u32(s, 30);
        dev_put_u32(s, i & 1);
    }
    ck_assert(!s->error);
}

START_TEST(input_bounds_backlog)
{
    struct device *dev = device_at(VIRT_VIRTIO + 0x1000ull * SLOT_KBD);
    struct dev_stream s;
    input_record(&s, 512);              /* the device's backlog, full */
    ck_assert(load_bytes(dev, s.buf, s.len));
    ck_assert_uint_eq(virtio_input_pending(m->keyboard), 512);
    dev_stream_free(&s);
    input_record(&s, 513);
    ck_assert(!load_bytes(dev, s.buf, s.len));
    ck_assert(input_reset_ok(dev));
    dev_stream_free(&s);
}
END_TEST

/* --- a fresh machine takes every virtio record ----------------------------- */

START_TEST(virtio_records_move_to_a_fresh_machine)
{
    struct drv blk = drv_init(SLOT_BLK, 1, BLK_FLUSH);
    blk_read(&blk, 0, 3);
    gpu_dirty();
    input_dirty();
    struct dev_stream s = {0};
    for (unsigned i = 0; i < 5; i++) {
        struct device *d = device_at(VIRT_VIRTIO + 0x1000ull * i);
        ck_assert(d->ops->save(d, &s));
    }
    /* The second machine: same configuration, RAM copied (as a machine
     * snapshot carries it), its own copy of the disk. */
    struct machine *a = m;
    char disk_a[sizeof disk];
    strcpy(disk_a, disk);
    FILE *console_a = console;
    setup();
    memcpy(bus_ram_ptr(&m->bus, VIRT_DRAM, 16 << 20),
           bus_ram_ptr(&a->bus, VIRT_DRAM, 16 << 20), 16 << 20);
    for (unsigned i = 0; i < 5; i++) {
        struct device *d = device_at(VIRT_VIRTIO + 0x1000ull * i);
        ck_assert_msg(d->ops->load(d, &s), "slot %u", i);
    }
    ck_assert_uint_eq(s.pos, s.len);
    assert_picture(7);
    ck_assert_uint_eq(virtio_input_pending(m->keyboard), 4);
    blk_read(&blk, 3, 5);
    assert_blk_read(&blk, 3, 2, 5);
    dev_stream_free(&s);
    machine_free(a);
    fclose(console_a);
    unlink(disk_a);
}
END_TEST

/* --- HTIF ------------------------------------------------------------------ */

#define TOHOST 0x40000000ull    /* outside RAM: the device's own copies */
#define FROMHOST 0x40000008ull

static struct machine *bare;

static uint64_t bare_ld(uint64_t pa)
{
    uint64_t v = 0xdeadbeef;
    ck_assert(bus_peek(&bare->bus, pa, 8, &v));
    return v;
}

static bool htif_reset_ok(struct device *d)
{
    (void)d;
    return bare_ld(TOHOST) == 0 && bare_ld(FROMHOST) == 0;
}

START_TEST(htif_round_trip_and_carries_on)
{
    console = tmpfile();
    bare = bare_htif_machine(TOHOST, FROMHOST);
    struct device *dev = htif_device(bare->htif);
    /* A response the guest has not read, and a console command whose
     * high half is not written yet. */
    ck_assert(bus_store(&bare->bus, FROMHOST, 8, 0x1234));
    ck_assert(bus_store(&bare->bus, TOHOST, 4, 'B'));     /* even: waits */
    ck_assert_uint_eq(bare_ld(TOHOST), 'B');
    struct dev_stream s;
    save(dev, &s);
    ck_assert_uint_eq(s.len, 36);
    device_reset(dev);
    ck_assert(htif_reset_ok(dev));
    ck_assert(load_bytes(dev, s.buf, s.len));
    ck_assert_uint_eq(bare_ld(FROMHOST), 0x1234);
    ck_assert_uint_eq(bare_ld(TOHOST), 'B');
    /* The high half completes the putchar begun before the snapshot. */
    ck_assert(bus_store(&bare->bus, FROMHOST, 8, 0));
    ck_assert(bus_store(&bare->bus, TOHOST + 4, 4, 0x01010000));
    ck_assert_uint_eq(bare_ld(TOHOST), 0);
    ck_assert_uint_eq(bare_ld(FROMHOST), 0x0101000000000000ull);
    rewind(console);
    ck_assert_int_eq(fgetc(console), 'B');

    refuse_prefixes(dev, &s, htif_reset_ok);
    refuse_flip(dev, &s, 0, htif_reset_ok);                 /* tag */
    refuse_flip(dev, &s, 4, htif_reset_ok);                 /* tohost address */
    refuse_flip(dev, &s, 12 + 7, htif_reset_ok);            /* fromhost address */
    flip_every_byte(dev, &s);
    /* Another program's words: refused. */
    struct machine *other = bare_htif_machine(TOHOST + 0x100, FROMHOST + 0x100);
    struct device *od = htif_device(other->htif);
    ck_assert(!load_bytes(od, s.buf, s.len));
    machine_free(other);
    dev_stream_free(&s);
    machine_free(bare);
    fclose(console);
}
END_TEST

static Suite *snapshot_suite(void)
{
    Suite *s = suite_create("device_snapshot");
    TCase *tc = tcase_create("virtio");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, blk_round_trip_and_carries_on);
    tcase_add_test(tc, blk_refuses_bad_records);
    tcase_add_test(tc, rng_round_trip_and_carries_on);
    tcase_add_test(tc, gpu_round_trip_and_carries_on);
    tcase_add_test(tc, gpu_keeps_the_retired_picture);
    tcase_add_test(tc, gpu_refuses_bad_records);
    tcase_add_test(tc, gpu_bounds_resource_table);
    tcase_add_test(tc, input_round_trip_and_carries_on);
    tcase_add_test(tc, input_refuses_bad_records);
    tcase_add_test(tc, input_bounds_backlog);
    tcase_add_test(tc, virtio_records_move_to_a_fresh_machine);
    suite_add_tcase(s, tc);
    tc = tcase_create("htif");
    tcase_add_test(tc, htif_round_trip_and_carries_on);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(snapshot_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
