/* virtio-gpu 2D, driven the way Linux's virtio-gpu driver does it: the
 * 3.1.1 initialisation, then control requests {request, response} on the
 * control queue.  Structure layouts and numbers from VIRTIO 1.2 5.7. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "devices/simplefb.h"
#include "devices/virtio.h"
#include "devices/virtio_gpu.h"
#include "mem/bus.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (4ull << 20)
#define DEV_BASE 0x10001000ull

/* Where the test driver keeps its rings (queue q at RINGS + q * 0x3000). */
#define RINGS (RAM_BASE + 0x1000)
#define REQ_BUF (RAM_BASE + 0x10000)
#define RESP_BUF (RAM_BASE + 0x11000)
#define EXTRA_BUF (RAM_BASE + 0x12000)
#define BACKING (RAM_BASE + 0x100000)   /* guest pixels */
#define QN 16u

enum {
    STATUS = 0x070, QUEUE_SEL = 0x030, QUEUE_NUM = 0x038, QUEUE_READY = 0x044,
    QUEUE_NOTIFY = 0x050, DESC_LO = 0x080, DESC_HI = 0x084, DRIVER_LO = 0x090,
    DRIVER_HI = 0x094, DEVICE_LO = 0x0a0, DEVICE_HI = 0x0a4, DRV_FEAT = 0x020,
    DRV_FEAT_SEL = 0x024, DEVICE_ID = 0x008, CONFIG = 0x100,
};

/* Response codes as the spec numbers them (5.7.6.7). */
#define OK_NODATA 0x1100u
#define OK_DISPLAY_INFO 0x1101u
#define ERR_UNSPEC 0x1200u
#define ERR_OUT_OF_MEMORY 0x1201u
#define ERR_INVALID_SCANOUT_ID 0x1202u
#define ERR_INVALID_RESOURCE_ID 0x1203u
#define ERR_INVALID_PARAMETER 0x1205u

static struct bus bus;
static struct virtio_gpu *gpu;
static uint16_t avail_idx[2];

static void irq_cb(void *opaque, int line, bool level) { (void)opaque; (void)line; (void)level; }

static void wr(uint64_t off, uint32_t v) { ck_assert(bus_store(&bus, DEV_BASE + off, 4, v)); }
static uint32_t rd(uint64_t off)
{
    uint64_t v = 0;
    ck_assert(bus_load(&bus, DEV_BASE + off, 4, &v));
    return (uint32_t)v;
}

static uint8_t *ram(uint64_t pa, uint64_t len)
{
    uint8_t *p = bus_ram_ptr(&bus, pa, len);
    ck_assert_ptr_nonnull(p);
    return p;
}

static uint64_t q_desc(unsigned q) { return RINGS + 0x3000ull * q; }
static uint64_t q_avail(unsigned q) { return q_desc(q) + 0x1000; }
static uint64_t q_used(unsigned q) { return q_desc(q) + 0x2000; }

static void setup(void)
{
    ck_assert(bus_init(&bus, RAM_BASE, RAM_SIZE));
    gpu = virtio_gpu_new(&bus, DEV_BASE, irq_cb, NULL, 1, 1280, 800);
    ck_assert_ptr_nonnull(gpu);
    wr(STATUS, 0);
    wr(STATUS, 1 | 2);
    wr(DRV_FEAT_SEL, 1);
    wr(DRV_FEAT, 1);            /* VIRTIO_F_VERSION_1 */
    wr(STATUS, 1 | 2 | 8);
    for (unsigned q = 0; q < 2; q++) {
        wr(QUEUE_SEL, q);
        wr(QUEUE_NUM, QN);
        wr(DESC_LO, (uint32_t)q_desc(q));
        wr(DESC_HI, 0);
        wr(DRIVER_LO, (uint32_t)q_avail(q));
        wr(DRIVER_HI, 0);
        wr(DEVICE_LO, (uint32_t)q_used(q));
        wr(DEVICE_HI, 0);
        wr(QUEUE_READY, 1);
        avail_idx[q] = 0;
    }
    wr(STATUS, 1 | 2 | 8 | 4);
}

static void teardown(void)
{
    virtio_gpu_free(gpu);
    bus_free(&bus);
}

static void put_desc(unsigned q, unsigned i, uint64_t addr, uint32_t len,
                     uint16_t flags, uint16_t next)
{
    uint8_t *d = ram(q_desc(q) + 16ull * i, 16);
    le_store(d, 8, addr);
    le_store(d + 8, 4, len);
    le_store(d + 12, 2, flags);
    le_store(d + 14, 2, next);
}

/* Sends the chain starting at descriptor 0 on queue q; returns the used
 * length the device reported. */
static uint32_t kick(unsigned q)
{
    le_store(ram(q_avail(q) + 4 + 2 * (avail_idx[q] % QN), 2), 2, 0);
    avail_idx[q]++;
    le_store(ram(q_avail(q) + 2, 2), 2, avail_idx[q]);
    wr(QUEUE_NOTIFY, q);
    ck_assert_uint_eq(le_load(ram(q_used(q) + 2, 2), 2), avail_idx[q]);
    return (uint32_t)le_load(ram(q_used(q) + 4 + 8 * ((avail_idx[q] - 1) % QN) + 4, 4), 4);
}

/* A request of len bytes already at REQ_BUF, answered into RESP_BUF;
 * extra_len > 0 adds a second readable descriptor at EXTRA_BUF (as Linux
 * sends attach-backing entries).  Returns the response type. */
static uint32_t request(uint32_t len, uint32_t extra_len, uint32_t resp_len,
                        uint32_t *used)
{
    memset(ram(RESP_BUF, 512), 0xee, 512);
    unsigned i = 0;
    put_desc(0, i, REQ_BUF, len, VIRTQ_DESC_F_NEXT, (uint16_t)(i + 1));
    i++;
    if (extra_len) {
        put_desc(0, i, EXTRA_BUF, extra_len, VIRTQ_DESC_F_NEXT, (uint16_t)(i + 1));
        i++;
    }
    put_desc(0, i, RESP_BUF, resp_len, VIRTQ_DESC_F_WRITE, 0);
    uint32_t u = kick(0);
    if (used)
        *used = u;
    return (uint32_t)le_load(ram(RESP_BUF, 4), 4);
}

/* Builds a request header + le32 fields at REQ_BUF; returns its size. */
static uint32_t build(uint32_t type, const uint32_t *fields, unsigned n)
{
    uint8_t *r = ram(REQ_BUF, 24 + 4 * n);
    memset(r, 0, 24);
    le_store(r, 4, type);
    for (unsigned i = 0; i < n; i++)
        le_store(r + 24 + 4 * i, 4, fields[i]);
    return 24 + 4 * n;
}

static uint32_t cmd(uint32_t type, const uint32_t *fields, unsigned n)
{
    return request(build(type, fields, n), 0, 24, NULL);
}

static uint32_t create(uint32_t id, uint32_t format, uint32_t w, uint32_t h)
{
    uint32_t f[] = { id, format, w, h };
    return cmd(VIRTIO_GPU_CMD_RESOURCE_CREATE_2D, f, 4);
}

/* Attaches n entries {addr, len} (given as pairs) sent in a second buffer. */
static uint32_t attach(uint32_t id, const uint64_t *entries, uint32_t n)
{
    uint32_t f[] = { id, n };
    uint32_t len = build(VIRTIO_GPU_CMD_RESOURCE_ATTACH_BACKING, f, 2);
    for (uint32_t i = 0; i < n; i++) {
        uint8_t *e = ram(EXTRA_BUF + 16ull * i, 16);
        le_store(e, 8, entries[2 * i]);
        le_store(e + 8, 4, entries[2 * i + 1]);
        le_store(e + 12, 4, 0);
    }
    return request(len, 16 * n, 24, NULL);
}

static uint32_t set_scanout(uint32_t sid, uint32_t id, uint32_t x, uint32_t y,
                            uint32_t w, uint32_t h)
{
    uint32_t f[] = { x, y, w, h, sid, id };
    return cmd(VIRTIO_GPU_CMD_SET_SCANOUT, f, 6);
}

static uint32_t transfer(uint32_t id, uint32_t x, uint32_t y, uint32_t w,
                         uint32_t h, uint64_t offset)
{
    uint32_t f[] = { x, y, w, h, (uint32_t)offset, (uint32_t)(offset >> 32), id, 0 };
    return cmd(VIRTIO_GPU_CMD_TRANSFER_TO_HOST_2D, f, 8);
}

static uint32_t flush(uint32_t id, uint32_t x, uint32_t y, uint32_t w, uint32_t h)
{
    uint32_t f[] = { x, y, w, h, id, 0 };
    return cmd(VIRTIO_GPU_CMD_RESOURCE_FLUSH, f, 6);
}

/* Guest pixel (x, y) of a W-wide B8G8R8X8 buffer: bytes B, G, R, X. */
#define W 64u
#define H 32u
static uint8_t pix_byte(uint32_t x, uint32_t y, unsigned c)
{
    return (uint8_t)(x * 3 + y * 5 + c * 71);
}

static void fill_backing(void)
{
    uint8_t *p = ram(BACKING, W * H * 4);
    for (uint32_t y = 0; y < H; y++)
        for (uint32_t x = 0; x < W; x++)
            for (unsigned c = 0; c < 4; c++)
                p[(y * W + x) * 4 + c] = pix_byte(x, y, c);
}

/* Resource 7: W x H, backing in two pieces split mid-row. */
static void make_resource(void)
{
    ck_assert_uint_eq(create(7, VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM, W, H), OK_NODATA);
    uint64_t split = 1000;      /* not a multiple of the row or pixel size */
    uint64_t e[] = { BACKING, split, BACKING + split, W * H * 4 - split };
    ck_assert_uint_eq(attach(7, e, 2), OK_NODATA);
    fill_backing();
}

START_TEST(test_identity)
{
    ck_assert_uint_eq(rd(DEVICE_ID), 16);
    /* config: events_read, events_clear, num_scanouts = 1, num_capsets = 0 */
    ck_assert_uint_eq(rd(CONFIG + 8), 1);
    ck_assert_uint_eq(rd(CONFIG + 12), 0);
    struct scanout s;
    ck_assert(!virtio_gpu_scanout(gpu, &s));
}
END_TEST

START_TEST(test_display_info)
{
    uint32_t used;
    uint32_t t = request(build(VIRTIO_GPU_CMD_GET_DISPLAY_INFO, NULL, 0), 0, 512, &used);
    ck_assert_uint_eq(t, OK_DISPLAY_INFO);
    ck_assert_uint_eq(used, 24 + 16 * 24);
    const uint8_t *pm = ram(RESP_BUF + 24, 24);
    ck_assert_uint_eq(le_load(pm, 4), 0);
    ck_assert_uint_eq(le_load(pm + 4, 4), 0);
    ck_assert_uint_eq(le_load(pm + 8, 4), 1280);
    ck_assert_uint_eq(le_load(pm + 12, 4), 800);
    ck_assert_uint_eq(le_load(pm + 16, 4), 1);     /* enabled */
    ck_assert_uint_eq(le_load(ram(RESP_BUF + 48 + 16, 4), 4), 0);  /* scanout 1 off */
}
END_TEST

START_TEST(test_show_resource)
{
    make_resource();
    ck_assert_uint_eq(transfer(7, 0, 0, W, H, 0), OK_NODATA);
    ck_assert_uint_eq(set_scanout(0, 7, 0, 0, W, H), OK_NODATA);
    struct scanout s;
    ck_assert(virtio_gpu_scanout(gpu, &s));
    uint64_t gen = s.generation;
    ck_assert_uint_eq(flush(7, 0, 0, W, H), OK_NODATA);
    ck_assert(virtio_gpu_scanout(gpu, &s));
    ck_assert_uint_ne(s.generation, gen);
    ck_assert_uint_eq(s.width, W);
    ck_assert_uint_eq(s.height, H);
    ck_assert_uint_eq(s.stride, W * 4);
    uint32_t row[W];
    for (uint32_t y = 0; y < H; y++) {
        scanout_row_xrgb(&s, y, row);
        for (uint32_t x = 0; x < W; x++) {
            /* B8G8R8X8: byte 0 blue, 1 green, 2 red */
            uint32_t want = (uint32_t)pix_byte(x, y, 2) << 16 |
                            (uint32_t)pix_byte(x, y, 1) << 8 | pix_byte(x, y, 0);
            ck_assert_uint_eq(row[x], want);
        }
    }
}
END_TEST

START_TEST(test_partial_transfer)
{
    make_resource();
    /* Rectangle (4, 2) 8x3: Linux passes offset = y * stride + x * 4. */
    ck_assert_uint_eq(transfer(7, 4, 2, 8, 3, 2 * W * 4 + 4 * 4), OK_NODATA);
    ck_assert_uint_eq(set_scanout(0, 7, 0, 0, W, H), OK_NODATA);
    struct scanout s;
    ck_assert(virtio_gpu_scanout(gpu, &s));
    uint32_t row[W];
    for (uint32_t y = 0; y < H; y++) {
        scanout_row_xrgb(&s, y, row);
        for (uint32_t x = 0; x < W; x++) {
            bool in = x >= 4 && x < 12 && y >= 2 && y < 5;
            uint32_t want = in ? ((uint32_t)pix_byte(x, y, 2) << 16 |
                                  (uint32_t)pix_byte(x, y, 1) << 8 | pix_byte(x, y, 0))
                               : 0;
            ck_assert_msg(row[x] == want, "pixel (%u,%u) = %06x, want %06x", x, y,
                          row[x], want);
        }
    }
}
END_TEST

START_TEST(test_scanout_subrect_and_formats)
{
    /* R8G8B8A8: byte 0 red, 1 green, 2 blue. */
    ck_assert_uint_eq(create(3, VIRTIO_GPU_FORMAT_R8G8B8A8_UNORM, W, H), OK_NODATA);
    uint64_t e[] = { BACKING, W * H * 4 };
    ck_assert_uint_eq(attach(3, e, 1), OK_NODATA);
    fill_backing();
    ck_assert_uint_eq(transfer(3, 0, 0, W, H, 0), OK_NODATA);
    ck_assert_uint_eq(set_scanout(0, 3, 10, 5, 20, 7), OK_NODATA);
    struct scanout s;
    ck_assert(virtio_gpu_scanout(gpu, &s));
    ck_assert_uint_eq(s.width, 20);
    ck_assert_uint_eq(s.height, 7);
    uint32_t row[20];
    scanout_row_xrgb(&s, 0, row);
    ck_assert_uint_eq(row[0], (uint32_t)pix_byte(10, 5, 0) << 16 |
                              (uint32_t)pix_byte(10, 5, 1) << 8 | pix_byte(10, 5, 2));
}
END_TEST

START_TEST(test_fence_echoed)
{
    uint32_t len = build(VIRTIO_GPU_CMD_GET_DISPLAY_INFO, NULL, 0);
    uint8_t *r = ram(REQ_BUF, 24);
    le_store(r + 4, 4, VIRTIO_GPU_FLAG_FENCE);
    le_store(r + 8, 8, 0x1122334455667788ull);
    ck_assert_uint_eq(request(len, 0, 512, NULL), OK_DISPLAY_INFO);
    ck_assert_uint_eq(le_load(ram(RESP_BUF + 4, 4), 4), VIRTIO_GPU_FLAG_FENCE);
    ck_assert_uint_eq(le_load(ram(RESP_BUF + 8, 8), 8), 0x1122334455667788ull);
}
END_TEST

START_TEST(test_create_errors)
{
    ck_assert_uint_eq(create(0, VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM, 8, 8), ERR_INVALID_RESOURCE_ID);
    ck_assert_uint_eq(create(1, VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM, 8, 8), OK_NODATA);
    ck_assert_uint_eq(create(1, VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM, 8, 8), ERR_INVALID_RESOURCE_ID);
    ck_assert_uint_eq(create(2, 999, 8, 8), ERR_INVALID_PARAMETER);
    ck_assert_uint_eq(create(2, VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM, 0, 8), ERR_INVALID_PARAMETER);
    /* 16384 x 16384 x 4 = 1 GiB: more than the device lets a guest use */
    ck_assert_uint_eq(create(2, VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM, 16384, 16384),
                      ERR_OUT_OF_MEMORY);
    ck_assert_uint_eq(create(2, VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM, 0xffffffffu, 0xffffffffu),
                      ERR_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_scanout_errors)
{
    make_resource();
    ck_assert_uint_eq(set_scanout(1, 7, 0, 0, W, H), ERR_INVALID_SCANOUT_ID);
    ck_assert_uint_eq(set_scanout(0, 8, 0, 0, W, H), ERR_INVALID_RESOURCE_ID);
    ck_assert_uint_eq(set_scanout(0, 7, 0, 0, W + 1, H), ERR_INVALID_PARAMETER);
    ck_assert_uint_eq(set_scanout(0, 7, 1, 0, W, H), ERR_INVALID_PARAMETER);
    ck_assert_uint_eq(set_scanout(0, 7, 0xffffffffu, 0, 2, H), ERR_INVALID_PARAMETER);
    struct scanout s;
    ck_assert(!virtio_gpu_scanout(gpu, &s));
    ck_assert_uint_eq(flush(7, 0, 0, W, H + 1), ERR_INVALID_PARAMETER);
    ck_assert_uint_eq(flush(9, 0, 0, 1, 1), ERR_INVALID_RESOURCE_ID);
}
END_TEST

START_TEST(test_backing_errors)
{
    ck_assert_uint_eq(create(5, VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM, W, H), OK_NODATA);
    /* No backing yet: nothing to transfer from. */
    ck_assert_uint_eq(transfer(5, 0, 0, W, H, 0), ERR_INVALID_RESOURCE_ID);
    uint64_t outside[] = { 0x1000, 4096 };                  /* below RAM */
    ck_assert_uint_eq(attach(5, outside, 1), ERR_UNSPEC);
    uint64_t past_end[] = { RAM_BASE + RAM_SIZE - 4096, 8192 };   /* runs off RAM */
    ck_assert_uint_eq(attach(5, past_end, 1), ERR_UNSPEC);
    uint64_t wrap[] = { 0xfffffffffffff000ull, 0x2000 };
    ck_assert_uint_eq(attach(5, wrap, 1), ERR_UNSPEC);
    /* nr_entries larger than what the request carries */
    uint32_t f[] = { 5, 1000 };
    ck_assert_uint_eq(request(build(VIRTIO_GPU_CMD_RESOURCE_ATTACH_BACKING, f, 2), 32, 24, NULL),
                      ERR_UNSPEC);
    ck_assert_uint_eq(attach(6, outside, 1), ERR_INVALID_RESOURCE_ID);
    /* A backing too short for the transfer. */
    uint64_t small[] = { BACKING, 100 };
    ck_assert_uint_eq(attach(5, small, 1), OK_NODATA);
    ck_assert_uint_eq(attach(5, small, 1), ERR_UNSPEC);         /* already attached */
    /* stride is W * 4 = 256; the backing holds 100 bytes */
    ck_assert_uint_eq(transfer(5, 0, 0, W, H, 0), ERR_INVALID_PARAMETER);
    ck_assert_uint_eq(transfer(5, 0, 0, 25, 1, 0), OK_NODATA);       /* 100 bytes */
    ck_assert_uint_eq(transfer(5, 0, 0, 26, 1, 0), ERR_INVALID_PARAMETER);
    ck_assert_uint_eq(transfer(5, 0, 0, 24, 1, 4), OK_NODATA);       /* 4 + 96 */
    ck_assert_uint_eq(transfer(5, 0, 0, 24, 1, 5), ERR_INVALID_PARAMETER);
    ck_assert_uint_eq(transfer(5, 0, 0, 1, 2, 0), ERR_INVALID_PARAMETER);  /* 256 + 4 */
    ck_assert_uint_eq(transfer(5, 0, 0, 1, 1, ~0ull), ERR_INVALID_PARAMETER);
    ck_assert_uint_eq(transfer(5, 0, 0, W + 1, 1, 0), ERR_INVALID_PARAMETER);
    ck_assert_uint_eq(transfer(5, 0, 0, 25, 0, 0), OK_NODATA);       /* empty */
    uint32_t d[] = { 5, 0 };
    ck_assert_uint_eq(cmd(VIRTIO_GPU_CMD_RESOURCE_DETACH_BACKING, d, 2), OK_NODATA);
    ck_assert_uint_eq(cmd(VIRTIO_GPU_CMD_RESOURCE_DETACH_BACKING, d, 2), ERR_UNSPEC);
    ck_assert_uint_eq(transfer(5, 0, 0, 1, 1, 0), ERR_INVALID_RESOURCE_ID);
}
END_TEST

START_TEST(test_malformed)
{
    /* truncated: a create request cut after its header */
    build(VIRTIO_GPU_CMD_RESOURCE_CREATE_2D, (uint32_t[]){ 1, 2, 8, 8 }, 4);
    ck_assert_uint_eq(request(28, 0, 24, NULL), ERR_UNSPEC);
    ck_assert_uint_eq(request(8, 0, 24, NULL), ERR_UNSPEC);
    ck_assert_uint_eq(cmd(0x0999, NULL, 0), ERR_UNSPEC);
    ck_assert_uint_eq(cmd(VIRTIO_GPU_CMD_GET_EDID, (uint32_t[]){ 0, 0 }, 2), ERR_UNSPEC);
    /* a response buffer too small for display info gets what fits */
    uint32_t used;
    request(build(VIRTIO_GPU_CMD_GET_DISPLAY_INFO, NULL, 0), 0, 10, &used);
    ck_assert_uint_eq(used, 10);
    /* The device still works afterwards. */
    ck_assert_uint_eq(create(1, VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM, 8, 8), OK_NODATA);
}
END_TEST

START_TEST(test_unref_disables_scanout)
{
    make_resource();
    ck_assert_uint_eq(set_scanout(0, 7, 0, 0, W, H), OK_NODATA);
    struct scanout s;
    ck_assert(virtio_gpu_scanout(gpu, &s));
    uint32_t f[] = { 7, 0 };
    ck_assert_uint_eq(cmd(VIRTIO_GPU_CMD_RESOURCE_UNREF, f, 2), OK_NODATA);
    ck_assert(!virtio_gpu_scanout(gpu, &s));
    ck_assert_uint_eq(cmd(VIRTIO_GPU_CMD_RESOURCE_UNREF, f, 2), ERR_INVALID_RESOURCE_ID);
    /* and the id is free again */
    ck_assert_uint_eq(create(7, VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM, W, H), OK_NODATA);
}
END_TEST

START_TEST(test_disable_scanout)
{
    make_resource();
    ck_assert_uint_eq(set_scanout(0, 7, 0, 0, W, H), OK_NODATA);
    ck_assert_uint_eq(set_scanout(0, 0, 0, 0, 0, 0), OK_NODATA);
    struct scanout s;
    ck_assert(!virtio_gpu_scanout(gpu, &s));
}
END_TEST

START_TEST(test_reset_keeps_last_picture)
{
    make_resource();
    ck_assert_uint_eq(transfer(7, 0, 0, W, H, 0), OK_NODATA);
    ck_assert_uint_eq(set_scanout(0, 7, 0, 0, W, H), OK_NODATA);
    wr(STATUS, 0);              /* the driver resets the device (power-off) */
    struct scanout s;
    ck_assert(virtio_gpu_scanout(gpu, &s));
    uint32_t row[W];
    scanout_row_xrgb(&s, 1, row);
    ck_assert_uint_eq(row[2], (uint32_t)pix_byte(2, 1, 2) << 16 |
                              (uint32_t)pix_byte(2, 1, 1) << 8 | pix_byte(2, 1, 0));
    /* A new driver's resources start from scratch: id 7 is free. */
    wr(STATUS, 1 | 2);
    wr(DRV_FEAT_SEL, 1);
    wr(DRV_FEAT, 1);
    wr(STATUS, 1 | 2 | 8);
    for (unsigned q = 0; q < 2; q++) {
        wr(QUEUE_SEL, q);
        wr(QUEUE_NUM, QN);
        wr(DESC_LO, (uint32_t)q_desc(q));
        wr(DRIVER_LO, (uint32_t)q_avail(q));
        wr(DEVICE_LO, (uint32_t)q_used(q));
        memset(ram(q_avail(q), 0x1000), 0, 0x1000);
        memset(ram(q_used(q), 0x1000), 0, 0x1000);
        wr(QUEUE_READY, 1);
        avail_idx[q] = 0;
    }
    wr(STATUS, 1 | 2 | 8 | 4);
    ck_assert_uint_eq(create(7, VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM, 4, 4), OK_NODATA);
    ck_assert_uint_eq(set_scanout(0, 7, 0, 0, 4, 4), OK_NODATA);
    ck_assert(virtio_gpu_scanout(gpu, &s));
    ck_assert_uint_eq(s.width, 4);
}
END_TEST

START_TEST(test_cursor_queue)
{
    uint8_t *r = ram(REQ_BUF, 56);
    memset(r, 0, 56);
    le_store(r, 4, VIRTIO_GPU_CMD_UPDATE_CURSOR);
    put_desc(1, 0, REQ_BUF, 56, 0, 0);
    ck_assert_uint_eq(kick(1), 0);
}
END_TEST

/* Random commands with random fields (fixed seed): every one gets an
 * answer of the spec's kinds, and nothing crashes (run under ASan). */
START_TEST(test_random_commands)
{
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (unsigned n = 0; n < 3000; n++) {
        uint32_t f[10];
        for (unsigned i = 0; i < 10; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            /* small values most of the time, so ids and rects sometimes fit */
            f[i] = (x & 3) ? (uint32_t)(x >> 8) % 80 : (uint32_t)(x >> 16);
        }
        uint32_t type = 0x0100 + f[0] % 12;
        /* Steer the fields that must match for a command to get anywhere:
         * resource ids 0..3, mostly valid formats, scanout 0, offset 0. */
        static const uint32_t fmts[] = { 1, 2, 3, 4, 67, 68, 121, 134, 999 };
        bool small_rect = f[9] % 4 != 0;    /* else keep the wild values */
        switch (type) {
        case VIRTIO_GPU_CMD_RESOURCE_CREATE_2D:
            f[1] %= 4;
            f[2] = fmts[f[2] % 9];
            f[3] = small_rect ? 16 + f[3] % 64 : f[3];
            f[4] = small_rect ? 16 + f[4] % 64 : f[4];
            break;
        case VIRTIO_GPU_CMD_SET_SCANOUT:
        case VIRTIO_GPU_CMD_RESOURCE_FLUSH:
        case VIRTIO_GPU_CMD_TRANSFER_TO_HOST_2D:
            if (small_rect)
                for (unsigned i = 1; i <= 4; i++)
                    f[i] %= 20;
            if (type == VIRTIO_GPU_CMD_SET_SCANOUT) {
                f[5] = f[5] % 8 == 0;
                f[6] %= 4;
            } else if (type == VIRTIO_GPU_CMD_RESOURCE_FLUSH) {
                f[5] %= 4;
            } else {
                f[5] = f[5] % 2 ? 0 : f[5];
                f[6] = f[6] % 8 == 0 ? f[6] : 0;
                f[7] %= 4;
            }
            break;
        case VIRTIO_GPU_CMD_RESOURCE_UNREF:
            if (f[2] % 4)       /* keep resources alive long enough */
                type = VIRTIO_GPU_CMD_GET_DISPLAY_INFO;
            f[1] %= 4;
            break;
        default: f[1] %= 4; break;
        }
        if (type == VIRTIO_GPU_CMD_RESOURCE_ATTACH_BACKING) {
            uint64_t e[] = { (f[3] & 1) ? BACKING + f[4] : (uint64_t)f[4] << 12, f[5] * 64u };
            f[2] %= 4;
            attach(f[1] % 4, e, 1);
            continue;
        }
        uint32_t t = request(build(type, f + 1, 9), 0, 512, NULL);
        ck_assert_msg(t == OK_NODATA || t == OK_DISPLAY_INFO ||
                      (t >= ERR_UNSPEC && t <= ERR_INVALID_PARAMETER),
                      "command %x answered %x", type, t);
        struct scanout s;
        if (virtio_gpu_scanout(gpu, &s)) {
            uint32_t row[16384];
            scanout_row_xrgb(&s, s.height - 1, row);   /* in bounds (ASan) */
        }
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("virtio_gpu");
    TCase *t = tcase_create("gpu");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, test_identity);
    tcase_add_test(t, test_display_info);
    tcase_add_test(t, test_show_resource);
    tcase_add_test(t, test_partial_transfer);
    tcase_add_test(t, test_scanout_subrect_and_formats);
    tcase_add_test(t, test_fence_echoed);
    tcase_add_test(t, test_create_errors);
    tcase_add_test(t, test_scanout_errors);
    tcase_add_test(t, test_backing_errors);
    tcase_add_test(t, test_malformed);
    tcase_add_test(t, test_unref_disables_scanout);
    tcase_add_test(t, test_disable_scanout);
    tcase_add_test(t, test_reset_keeps_last_picture);
    tcase_add_test(t, test_cursor_queue);
    tcase_add_test(t, test_random_commands);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
