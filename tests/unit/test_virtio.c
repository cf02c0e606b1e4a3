/* virtio-mmio transport, virtio-blk and virtio-rng, driven the way a guest
 * driver would (VIRTIO 1.1 3.1.1 initialisation, 2.7 split rings). */
#define _GNU_SOURCE
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devices/virtio.h"
#include "devices/virtio_blk.h"
#include "devices/virtio_rng.h"
#include "mem/bus.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (4ull << 20)
#define DEV_BASE 0x10001000ull
#define IRQ_LINE 3

/* Where the test driver puts its rings and buffers. */
#define Q_DESC (RAM_BASE + 0x1000)
#define Q_AVAIL (RAM_BASE + 0x2000)
#define Q_USED (RAM_BASE + 0x3000)
#define INDIRECT_TABLE (RAM_BASE + 0x4000)
#define HDR_BUF (RAM_BASE + 0x8000)
#define STATUS_BUF (RAM_BASE + 0x8100)
#define DATA_BUF (RAM_BASE + 0x10000)
#define DATA2_BUF (RAM_BASE + 0x100000)

/* Request header / status values of virtio-blk (5.2.6). */
enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8, T_DISCARD = 11 };
enum { S_OK = 0, S_IOERR = 1, S_UNSUPP = 2 };

static struct bus bus;
static int irq_level, irq_calls, irq_line_seen;
static char image[64];
static struct virtio_blk *blk;
static struct virtio_rng *rng;
static uint16_t avail_idx;  /* driver's next avail index */
static unsigned qnum;

static void irq_cb(void *opaque, int line, bool level)
{
    ck_assert_ptr_eq(opaque, &bus);
    irq_line_seen = line;
    irq_level = level;
    irq_calls++;
}

#include "virtio_driver.h"

/* Makes head available and notifies queue 0. */
static void kick(uint16_t head)
{
    le_store(ram(Q_AVAIL + 4 + 2 * (avail_idx % qnum), 2), 2, head);
    avail_idx++;
    le_store(ram(Q_AVAIL + 2, 2), 2, avail_idx);
    wr(QUEUE_NOTIFY, 0);
}

static uint16_t used_idx(void)
{
    return (uint16_t)le_load(ram(Q_USED + 2, 2), 2);
}

static void used_elem(unsigned i, uint32_t *id, uint32_t *len)
{
    uint8_t *e = ram(Q_USED + 4 + 8 * (i % qnum), 8);
    *id = (uint32_t)le_load(e, 4);
    *len = (uint32_t)le_load(e + 4, 4);
}

/* The 3.1.1 initialisation sequence with queue 0 of n entries. */
static void driver_init(uint64_t extra_features, unsigned n)
{
    wr(STATUS, 0);
    ck_assert_uint_eq(rd(STATUS), 0);
    wr(STATUS, 1);
    wr(STATUS, 1 | 2);
    wr(DRV_FEAT_SEL, 0);
    wr(DRV_FEAT, (uint32_t)((1u << VIRTIO_F_INDIRECT_DESC) | extra_features));
    wr(DRV_FEAT_SEL, 1);
    wr(DRV_FEAT, 1);    /* VIRTIO_F_VERSION_1 = bit 32 */
    wr(STATUS, 1 | 2 | 8);
    ck_assert_uint_eq(rd(STATUS), 1 | 2 | 8);
    memset(ram(Q_DESC, 0x3000), 0, 0x3000);
    wr(QUEUE_SEL, 0);
    ck_assert_uint_eq(rd(QUEUE_READY), 0);
    wr(QUEUE_NUM, n);
    wr(DESC_LO, (uint32_t)Q_DESC);
    wr(DESC_HI, (uint32_t)(Q_DESC >> 32));
    wr(DRIVER_LO, (uint32_t)Q_AVAIL);
    wr(DRIVER_HI, 0);
    wr(DEVICE_LO, (uint32_t)Q_USED);
    wr(DEVICE_HI, 0);
    wr(QUEUE_READY, 1);
    ck_assert_uint_eq(rd(QUEUE_READY), 1);
    wr(STATUS, 1 | 2 | 8 | 4);
    avail_idx = 0;
    qnum = n;
}

static void make_image(size_t bytes, const uint8_t *fill)
{
    snprintf(image, sizeof image, "/tmp/rvx-vblk-XXXXXX");
    int fd = mkstemp(image);
    ck_assert_int_ge(fd, 0);
    uint8_t *buf = calloc(1, bytes ? bytes : 1);
    if (fill)
        memcpy(buf, fill, bytes);
    ck_assert_int_eq(pwrite(fd, buf, bytes, 0), (ssize_t)bytes);
    free(buf);
    close(fd);
}

static void setup_bus(void)
{
    ck_assert(bus_init(&bus, RAM_BASE, RAM_SIZE));
    irq_level = irq_calls = 0;
    irq_line_seen = -1;
    blk = NULL;
    rng = NULL;
    image[0] = 0;
}

static void teardown(void)
{
    virtio_blk_free(blk);
    virtio_rng_free(rng);
    bus_free(&bus);
    if (image[0])
        unlink(image);
}

/* 32 sectors of an image whose byte i is i*7 mod 251. */
#define IMG_SECTORS 32
static void setup_blk_common(bool readonly)
{
    setup_bus();
    static uint8_t fill[IMG_SECTORS * 512];
    for (size_t i = 0; i < sizeof fill; i++)
        fill[i] = (uint8_t)(i * 7 % 251);
    make_image(sizeof fill, fill);
    char err[256];
    blk = virtio_blk_new(&bus, DEV_BASE, irq_cb, &bus, IRQ_LINE, image,
                         readonly, err, sizeof err);
    ck_assert_msg(blk != NULL, "%s", err);
}
static void setup_blk(void) { setup_blk_common(false); }
static void setup_blk_ro(void) { setup_blk_common(true); }

static void setup_rng(void)
{
    setup_bus();
    rng = virtio_rng_new(&bus, DEV_BASE, irq_cb, &bus, IRQ_LINE);
    ck_assert_ptr_nonnull(rng);
}

/* Posts a blk request: header, then `ndata` data segments (writable for
 * IN), then the status byte; returns the status the device wrote. */
struct seg { uint64_t addr; uint32_t len; };
static uint8_t blk_req(uint32_t type, uint64_t sector, const struct seg *data,
                       unsigned ndata, uint32_t *used_len)
{
    uint8_t *h = ram(HDR_BUF, 16);
    le_store(h, 4, type);
    le_store(h + 4, 4, 0);
    le_store(h + 8, 8, sector);
    *ram(STATUS_BUF, 1) = 0xee;
    uint16_t wflag = type == T_IN || type == T_GET_ID ? VIRTQ_DESC_F_WRITE : 0;
    unsigned i = 0;
    write_desc(Q_DESC, i, HDR_BUF, 16, VIRTQ_DESC_F_NEXT, 1);
    for (i = 1; i <= ndata; i++)
        write_desc(Q_DESC, i, data[i - 1].addr, data[i - 1].len,
                 VIRTQ_DESC_F_NEXT | wflag, (uint16_t)(i + 1));
    write_desc(Q_DESC, i, STATUS_BUF, 1, VIRTQ_DESC_F_WRITE, 0);
    uint16_t before = used_idx();
    kick(0);
    ck_assert_uint_eq(used_idx(), (uint16_t)(before + 1));
    uint32_t id;
    used_elem(before, &id, used_len);
    ck_assert_uint_eq(id, 0);
    return *ram(STATUS_BUF, 1);
}

static void file_bytes(uint64_t off, void *buf, size_t len)
{
    int fd = open(image, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pread(fd, buf, len, (off_t)off), (ssize_t)len);
    close(fd);
}

/* ---- transport ---- */

START_TEST(identity_registers)
{
    ck_assert_uint_eq(rd(MAGIC), 0x74726976);
    ck_assert_uint_eq(rd(VERSION), 2);
    ck_assert_uint_eq(rd(DEVICE_ID), 2);
    ck_assert_uint_eq(rd(VENDOR_ID), 0x554d4551);
    wr(DEV_FEAT_SEL, 1);
    ck_assert_uint_eq(rd(DEV_FEAT) & 1, 1);     /* VERSION_1 */
    wr(DEV_FEAT_SEL, 0);
    uint32_t f = rd(DEV_FEAT);
    ck_assert(f & (1u << 9));                   /* BLK_F_FLUSH */
    ck_assert(!(f & (1u << 5)));                /* not RO */
    ck_assert(f & (1u << 28));                  /* INDIRECT_DESC */
    wr(DEV_FEAT_SEL, 2);
    ck_assert_uint_eq(rd(DEV_FEAT), 0);
    wr(QUEUE_SEL, 0);
    uint32_t max = rd(QUEUE_NUM_MAX);
    ck_assert(max >= 4 && (max & (max - 1)) == 0);
    wr(QUEUE_SEL, 1);                           /* blk has one queue */
    ck_assert_uint_eq(rd(QUEUE_NUM_MAX), 0);
    /* capacity: 32 sectors, read as two 32-bit halves and as 64 bits */
    ck_assert_uint_eq(rd(CONFIG), IMG_SECTORS);
    ck_assert_uint_eq(rd(CONFIG + 4), 0);
    uint64_t cap = 0;
    ck_assert(bus_load(&bus, DEV_BASE + CONFIG, 8, &cap));
    ck_assert_uint_eq(cap, IMG_SECTORS);
    ck_assert_uint_eq(virtio_blk_capacity(blk), IMG_SECTORS);
    /* Narrow accesses to control registers are not allowed (4.2.2.2). */
    uint64_t v = 1;
    ck_assert(bus_load(&bus, DEV_BASE + MAGIC, 2, &v));
    ck_assert_uint_eq(v, 0);
}
END_TEST

START_TEST(features_refused_without_version_1)
{
    wr(STATUS, 1 | 2);
    wr(DRV_FEAT_SEL, 0);
    wr(DRV_FEAT, 1u << 9);
    wr(STATUS, 1 | 2 | 8);
    ck_assert_uint_eq(rd(STATUS) & 8, 0);
    /* An unoffered bit (EVENT_IDX, 29) is refused as well. */
    wr(STATUS, 0);
    wr(STATUS, 1 | 2);
    wr(DRV_FEAT, 1u << 29);
    wr(DRV_FEAT_SEL, 1);
    wr(DRV_FEAT, 1);
    wr(STATUS, 1 | 2 | 8);
    ck_assert_uint_eq(rd(STATUS) & 8, 0);
}
END_TEST

START_TEST(queue_setup_rejects_bad_sizes)
{
    driver_init(0, 8);
    wr(STATUS, 0);
    ck_assert_uint_eq(rd(QUEUE_READY), 0);
    /* 6 is not a power of two */
    wr(QUEUE_NUM, 6);
    wr(DESC_LO, (uint32_t)Q_DESC);
    wr(DRIVER_LO, (uint32_t)Q_AVAIL);
    wr(DEVICE_LO, (uint32_t)Q_USED);
    wr(QUEUE_READY, 1);
    ck_assert_uint_eq(rd(QUEUE_READY), 0);
    ck_assert(rd(STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    /* larger than QueueNumMax */
    wr(STATUS, 0);
    ck_assert_uint_eq(rd(STATUS), 0);
    wr(QUEUE_NUM, rd(QUEUE_NUM_MAX) * 2);
    wr(DESC_LO, (uint32_t)Q_DESC);
    wr(DRIVER_LO, (uint32_t)Q_AVAIL);
    wr(DEVICE_LO, (uint32_t)Q_USED);
    wr(QUEUE_READY, 1);
    ck_assert_uint_eq(rd(QUEUE_READY), 0);
    ck_assert(rd(STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    /* rings outside RAM */
    wr(STATUS, 0);
    wr(QUEUE_NUM, 8);
    wr(DESC_LO, 0x1000);
    wr(DRIVER_LO, (uint32_t)Q_AVAIL);
    wr(DEVICE_LO, (uint32_t)Q_USED);
    wr(QUEUE_READY, 1);
    ck_assert_uint_eq(rd(QUEUE_READY), 0);
    ck_assert(rd(STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}
END_TEST

START_TEST(status_reset_clears_queues_and_interrupt)
{
    driver_init(0, 8);
    struct seg d = { DATA_BUF, 512 };
    uint32_t len;
    ck_assert_uint_eq(blk_req(T_IN, 0, &d, 1, &len), S_OK);
    ck_assert_uint_eq(rd(INT_STATUS), VIRTIO_INT_USED);
    ck_assert_int_eq(irq_level, 1);
    wr(STATUS, 0);
    ck_assert_uint_eq(rd(STATUS), 0);
    ck_assert_uint_eq(rd(INT_STATUS), 0);
    ck_assert_int_eq(irq_level, 0);
    wr(QUEUE_SEL, 0);
    ck_assert_uint_eq(rd(QUEUE_READY), 0);
    ck_assert_uint_eq(rd(DESC_LO), 0);
    /* A notify on the reset device does nothing. */
    uint16_t u = used_idx();
    kick(0);
    ck_assert_uint_eq(used_idx(), u);
    /* And the device works again after a fresh initialisation. */
    driver_init(0, 8);
    ck_assert_uint_eq(blk_req(T_IN, 1, &d, 1, &len), S_OK);
    ck_assert_uint_eq(used_idx(), 1);
}
END_TEST

START_TEST(interrupt_raised_and_acked)
{
    driver_init(0, 8);
    ck_assert_int_eq(irq_calls, 0);
    struct seg d = { DATA_BUF, 512 };
    uint32_t len;
    ck_assert_uint_eq(blk_req(T_IN, 0, &d, 1, &len), S_OK);
    ck_assert_int_eq(irq_level, 1);
    ck_assert_int_eq(irq_line_seen, IRQ_LINE);
    ck_assert_int_eq(irq_calls, 1);
    /* Still pending: another completion does not re-signal the line. */
    ck_assert_uint_eq(blk_req(T_IN, 0, &d, 1, &len), S_OK);
    ck_assert_int_eq(irq_calls, 1);
    wr(INT_ACK, VIRTIO_INT_USED);
    ck_assert_uint_eq(rd(INT_STATUS), 0);
    ck_assert_int_eq(irq_level, 0);
    ck_assert_int_eq(irq_calls, 2);
    /* NO_INTERRUPT in avail->flags suppresses the notification (2.7.7). */
    le_store(ram(Q_AVAIL, 2), 2, VIRTQ_AVAIL_F_NO_INTERRUPT);
    ck_assert_uint_eq(blk_req(T_IN, 0, &d, 1, &len), S_OK);
    ck_assert_uint_eq(rd(INT_STATUS), 0);
    ck_assert_int_eq(irq_level, 0);
}
END_TEST

START_TEST(nothing_processed_before_driver_ok)
{
    driver_init(0, 8);
    wr(STATUS, 0);
    wr(STATUS, 1 | 2);
    wr(DRV_FEAT_SEL, 1);
    wr(DRV_FEAT, 1);
    wr(STATUS, 1 | 2 | 8);
    wr(QUEUE_NUM, 8);
    wr(DESC_LO, (uint32_t)Q_DESC);
    wr(DRIVER_LO, (uint32_t)Q_AVAIL);
    wr(DEVICE_LO, (uint32_t)Q_USED);
    wr(QUEUE_READY, 1);
    memset(ram(Q_DESC, 0x3000), 0, 0x3000);
    avail_idx = 0;
    ram(HDR_BUF, 16)[0] = T_GET_ID;
    write_desc(Q_DESC, 0, HDR_BUF, 16, VIRTQ_DESC_F_NEXT, 1);
    write_desc(Q_DESC, 1, STATUS_BUF, 1, VIRTQ_DESC_F_WRITE, 0);
    kick(0);
    ck_assert_uint_eq(used_idx(), 0);
    wr(STATUS, 1 | 2 | 8 | 4);      /* DRIVER_OK picks the request up */
    ck_assert_uint_eq(used_idx(), 1);
}
END_TEST

/* ---- malformed rings ---- */

static void assert_broken(void)
{
    ck_assert(rd(STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    ck_assert(rd(INT_STATUS) & VIRTIO_INT_CONFIG);
    ck_assert_int_eq(irq_level, 1);
    ck_assert_uint_eq(used_idx(), 0);
    /* Once broken, further notifies are ignored. */
    kick(0);
    ck_assert_uint_eq(used_idx(), 0);
    /* The driver recovers with a reset. */
    wr(STATUS, 0);
    ck_assert_uint_eq(rd(STATUS), 0);
    ck_assert_int_eq(irq_level, 0);
}

START_TEST(looping_chain_breaks_device)
{
    driver_init(0, 8);
    /* 0 -> 1 -> 2 -> 1 -> ...: the order rule alone cannot catch it */
    write_desc(Q_DESC, 0, HDR_BUF, 16, VIRTQ_DESC_F_NEXT, 1);
    write_desc(Q_DESC, 1, DATA_BUF, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
    write_desc(Q_DESC, 2, STATUS_BUF, 1, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 1);
    kick(0);
    assert_broken();
}
END_TEST

START_TEST(buffer_outside_ram_breaks_device)
{
    driver_init(0, 8);
    write_desc(Q_DESC, 0, HDR_BUF, 16, VIRTQ_DESC_F_NEXT, 1);
    write_desc(Q_DESC, 1, RAM_BASE + RAM_SIZE - 256, 512,
             VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
    write_desc(Q_DESC, 2, STATUS_BUF, 1, VIRTQ_DESC_F_WRITE, 0);
    kick(0);
    assert_broken();
}
END_TEST

START_TEST(mmio_buffer_breaks_device)
{
    driver_init(0, 8);
    write_desc(Q_DESC, 0, DEV_BASE, 16, VIRTQ_DESC_F_NEXT, 1);
    write_desc(Q_DESC, 1, STATUS_BUF, 1, VIRTQ_DESC_F_WRITE, 0);
    kick(0);
    assert_broken();
}
END_TEST

START_TEST(next_index_out_of_range_breaks_device)
{
    driver_init(0, 8);
    write_desc(Q_DESC, 0, HDR_BUF, 16, VIRTQ_DESC_F_NEXT, 8);
    kick(0);
    assert_broken();
}
END_TEST

START_TEST(head_out_of_range_breaks_device)
{
    driver_init(0, 8);
    kick(200);
    assert_broken();
}
END_TEST

START_TEST(readable_after_writable_breaks_device)
{
    driver_init(0, 8);
    write_desc(Q_DESC, 0, STATUS_BUF, 1, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 1);
    write_desc(Q_DESC, 1, HDR_BUF, 16, 0, 0);
    kick(0);
    assert_broken();
}
END_TEST

START_TEST(avail_index_jump_breaks_device)
{
    driver_init(0, 8);
    /* Every ring slot holds a well-formed GET_ID request... */
    ram(HDR_BUF, 16)[0] = T_GET_ID;
    write_desc(Q_DESC, 0, HDR_BUF, 16, VIRTQ_DESC_F_NEXT, 1);
    write_desc(Q_DESC, 1, STATUS_BUF, 1, VIRTQ_DESC_F_WRITE, 0);
    for (int i = 0; i < 8; i++)
        le_store(ram(Q_AVAIL + 4 + 2 * i, 2), 2, 0);
    /* ...but the index claims 9 outstanding in an 8-entry ring. */
    le_store(ram(Q_AVAIL + 2, 2), 2, 9);
    wr(QUEUE_NOTIFY, 0);
    ck_assert(rd(STATUS) & VIRTIO_STATUS_NEEDS_RESET);
    ck_assert_uint_eq(used_idx(), 0);
}
END_TEST

START_TEST(indirect_loop_and_nesting_break_device)
{
    driver_init(0, 8);
    write_desc(Q_DESC, 0, INDIRECT_TABLE, 48, VIRTQ_DESC_F_INDIRECT, 0);
    write_desc(INDIRECT_TABLE, 0, HDR_BUF, 16, VIRTQ_DESC_F_NEXT, 1);
    write_desc(INDIRECT_TABLE, 1, DATA_BUF, 512,
             VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
    write_desc(INDIRECT_TABLE, 2, STATUS_BUF, 1,
             VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 1);
    kick(0);
    assert_broken();

    driver_init(0, 8);
    write_desc(Q_DESC, 0, INDIRECT_TABLE, 16, VIRTQ_DESC_F_INDIRECT, 0);
    write_desc(INDIRECT_TABLE, 0, INDIRECT_TABLE, 16, VIRTQ_DESC_F_INDIRECT, 0);
    kick(0);
    assert_broken();

    driver_init(0, 8);      /* table length not a multiple of 16 */
    write_desc(Q_DESC, 0, INDIRECT_TABLE, 20, VIRTQ_DESC_F_INDIRECT, 0);
    kick(0);
    assert_broken();
}
END_TEST

START_TEST(blk_request_without_status_breaks_device)
{
    driver_init(0, 8);
    write_desc(Q_DESC, 0, HDR_BUF, 16, 0, 0);
    kick(0);
    assert_broken();
}
END_TEST

/* ---- virtio-blk ---- */

START_TEST(blk_write_read_flush)
{
    driver_init(1u << 9, 8);
    uint8_t *buf = ram(DATA_BUF, 1024);
    for (int i = 0; i < 1024; i++)
        buf[i] = (uint8_t)(i ^ 0x5a);
    struct seg d = { DATA_BUF, 1024 };
    uint32_t len;
    ck_assert_uint_eq(blk_req(T_OUT, 3, &d, 1, &len), S_OK);
    ck_assert_uint_eq(len, 1);
    ck_assert_uint_eq(blk_req(T_FLUSH, 0, NULL, 0, &len), S_OK);

    /* On disk: sectors 3-4 replaced, sector 2 and 5 untouched. */
    uint8_t disk[4 * 512];
    file_bytes(2 * 512, disk, sizeof disk);
    for (int i = 0; i < 512; i++)
        ck_assert_uint_eq(disk[i], (uint8_t)((2 * 512 + i) * 7 % 251));
    for (int i = 0; i < 1024; i++)
        ck_assert_uint_eq(disk[512 + i], (uint8_t)(i ^ 0x5a));
    for (int i = 0; i < 512; i++)
        ck_assert_uint_eq(disk[1536 + i], (uint8_t)((5 * 512 + i) * 7 % 251));

    /* Read back into a different buffer through the device. */
    memset(ram(DATA2_BUF, 1536), 0, 1536);
    struct seg r = { DATA2_BUF, 1536 };
    ck_assert_uint_eq(blk_req(T_IN, 2, &r, 1, &len), S_OK);
    ck_assert_uint_eq(len, 1536 + 1);
    ck_assert_mem_eq(ram(DATA2_BUF, 1536), disk, 1536);
}
END_TEST

START_TEST(blk_multi_segment_larger_than_bounce)
{
    driver_init(1u << 9, 8);
    /* 69632 + 62976 = 132608 bytes = 259 sectors: too big for the image, so
     * grow it first through a fresh device. */
    virtio_blk_free(blk);
    blk = NULL;
    bus_free(&bus);
    unlink(image);
    setup_bus();
    make_image(512 * 512, NULL);
    char err[256];
    blk = virtio_blk_new(&bus, DEV_BASE, irq_cb, &bus, IRQ_LINE, image, false,
                         err, sizeof err);
    ck_assert_msg(blk != NULL, "%s", err);
    driver_init(1u << 9, 8);

    struct seg d[2] = { { DATA_BUF, 69632 }, { DATA2_BUF, 62976 } };
    uint8_t *a = ram(DATA_BUF, 69632), *b = ram(DATA2_BUF, 62976);
    for (int i = 0; i < 69632; i++)
        a[i] = (uint8_t)(i * 13 + 1);
    for (int i = 0; i < 62976; i++)
        b[i] = (uint8_t)((69632 + i) * 13 + 1);
    uint32_t len;
    ck_assert_uint_eq(blk_req(T_OUT, 100, d, 2, &len), S_OK);
    virtio_blk_free(blk);       /* flushes and closes */
    blk = NULL;

    uint8_t *disk = malloc(132608);
    file_bytes(100 * 512, disk, 132608);
    for (int i = 0; i < 132608; i++)
        ck_assert_uint_eq(disk[i], (uint8_t)(i * 13 + 1));
    free(disk);
}
END_TEST

START_TEST(blk_indirect_read)
{
    driver_init(0, 8);
    write_desc(Q_DESC, 0, INDIRECT_TABLE, 48, VIRTQ_DESC_F_INDIRECT, 0);
    uint8_t *h = ram(HDR_BUF, 16);
    memset(h, 0, 16);
    le_store(h, 4, T_IN);
    le_store(h + 8, 8, 7);
    write_desc(INDIRECT_TABLE, 0, HDR_BUF, 16, VIRTQ_DESC_F_NEXT, 1);
    write_desc(INDIRECT_TABLE, 1, DATA_BUF, 512,
             VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 2);
    write_desc(INDIRECT_TABLE, 2, STATUS_BUF, 1, VIRTQ_DESC_F_WRITE, 0);
    kick(0);
    ck_assert_uint_eq(used_idx(), 1);
    uint32_t id, len;
    used_elem(0, &id, &len);
    ck_assert_uint_eq(len, 513);
    ck_assert_uint_eq(*ram(STATUS_BUF, 1), S_OK);
    uint8_t *p = ram(DATA_BUF, 512);
    for (int i = 0; i < 512; i++)
        ck_assert_uint_eq(p[i], (uint8_t)((7 * 512 + i) * 7 % 251));
}
END_TEST

START_TEST(blk_out_of_range_is_ioerr)
{
    driver_init(0, 8);
    struct seg one = { DATA_BUF, 512 }, two = { DATA_BUF, 1024 };
    uint32_t len;
    ck_assert_uint_eq(blk_req(T_IN, IMG_SECTORS - 1, &one, 1, &len), S_OK);
    ck_assert_uint_eq(blk_req(T_IN, IMG_SECTORS - 1, &two, 1, &len), S_IOERR);
    ck_assert_uint_eq(blk_req(T_OUT, IMG_SECTORS, &one, 1, &len), S_IOERR);
    ck_assert_uint_eq(blk_req(T_IN, UINT64_MAX, &one, 1, &len), S_IOERR);
    ck_assert_uint_eq(blk_req(T_OUT, UINT64_MAX / 512, &one, 1, &len), S_IOERR);
    /* Data not a multiple of 512 bytes (5.2.6.1). */
    struct seg odd = { DATA_BUF, 100 };
    ck_assert_uint_eq(blk_req(T_IN, 0, &odd, 1, &len), S_IOERR);
    /* The device stays usable after I/O errors. */
    ck_assert_uint_eq(rd(STATUS) & VIRTIO_STATUS_NEEDS_RESET, 0);
}
END_TEST

START_TEST(blk_unsupported_and_get_id)
{
    driver_init(0, 8);
    uint32_t len;
    ck_assert_uint_eq(blk_req(T_DISCARD, 0, NULL, 0, &len), S_UNSUPP);
    ck_assert_uint_eq(blk_req(99, 0, NULL, 0, &len), S_UNSUPP);
    memset(ram(DATA_BUF, 20), 0xff, 20);
    struct seg id = { DATA_BUF, 20 };
    ck_assert_uint_eq(blk_req(T_GET_ID, 0, &id, 1, &len), S_OK);
    ck_assert_uint_eq(len, 21);
    const char *name = strrchr(image, '/') + 1;   /* "rvx-vblk-XXXXXX" */
    char want[20] = {0};
    memcpy(want, name, strlen(name));
    ck_assert_mem_eq(ram(DATA_BUF, 20), want, 20);
}
END_TEST

static int inval_calls;
static uint64_t inval_page;
static void inval_cb(void *opaque, uint64_t page)
{
    inval_calls++;
    inval_page = page;
    *bus_page_flags(&bus, page) &= (uint8_t)~PAGEF_CODE;
}

/* DESIGN.md: device DMA into a page holding translated code must drop that
 * code first. */
START_TEST(blk_read_invalidates_code_pages)
{
    driver_init(0, 8);
    inval_calls = 0;
    bus.code_invalidate = inval_cb;
    bus.code_opaque = NULL;
    *bus_page_flags(&bus, DATA2_BUF) |= PAGEF_CODE;
    struct seg d = { DATA2_BUF, 512 };
    uint32_t len;
    ck_assert_uint_eq(blk_req(T_IN, 0, &d, 1, &len), S_OK);
    ck_assert_int_eq(inval_calls, 1);
    ck_assert_uint_eq(inval_page, DATA2_BUF);
    /* A write (device reads RAM) does not invalidate anything. */
    *bus_page_flags(&bus, DATA2_BUF) |= PAGEF_CODE;
    ck_assert_uint_eq(blk_req(T_OUT, 0, &d, 1, &len), S_OK);
    ck_assert_int_eq(inval_calls, 1);
}
END_TEST

START_TEST(readonly_rejects_writes)
{
    wr(DEV_FEAT_SEL, 0);
    ck_assert(rd(DEV_FEAT) & (1u << 5));        /* VIRTIO_BLK_F_RO */
    driver_init(1u << 5, 8);
    memset(ram(DATA_BUF, 512), 0xab, 512);
    struct seg d = { DATA_BUF, 512 };
    uint32_t len;
    ck_assert_uint_eq(blk_req(T_OUT, 0, &d, 1, &len), S_IOERR);
    uint8_t disk[512];
    file_bytes(0, disk, 512);
    for (int i = 0; i < 512; i++)
        ck_assert_uint_eq(disk[i], (uint8_t)(i * 7 % 251));
    ck_assert_uint_eq(blk_req(T_IN, 0, &d, 1, &len), S_OK);
    ck_assert_mem_eq(ram(DATA_BUF, 512), disk, 512);
    ck_assert_uint_eq(blk_req(T_FLUSH, 0, NULL, 0, &len), S_OK);
}
END_TEST

START_TEST(open_errors_are_one_clear_line)
{
    char err[256] = "";
    struct virtio_blk *b;
    b = virtio_blk_new(&bus, DEV_BASE, irq_cb, &bus, IRQ_LINE,
                       "/nonexistent/disk.img", false, err, sizeof err);
    ck_assert_ptr_null(b);
    ck_assert_ptr_nonnull(strstr(err, "/nonexistent/disk.img"));
    ck_assert_ptr_nonnull(strstr(err, strerror(ENOENT)));
    ck_assert_ptr_null(strchr(err, '\n'));

    b = virtio_blk_new(&bus, DEV_BASE, irq_cb, &bus, IRQ_LINE, "/tmp", true,
                       err, sizeof err);
    ck_assert_ptr_null(b);
    ck_assert_ptr_nonnull(strstr(err, "/tmp"));

    make_image(1000, NULL);
    b = virtio_blk_new(&bus, DEV_BASE, irq_cb, &bus, IRQ_LINE, image, false,
                       err, sizeof err);
    ck_assert_ptr_null(b);
    ck_assert_ptr_nonnull(strstr(err, "1000"));
    ck_assert_ptr_nonnull(strstr(err, "multiple of 512"));
}
END_TEST

START_TEST(second_writer_is_refused)
{
    char err[256] = "";
    struct virtio_blk *b = virtio_blk_new(&bus, DEV_BASE + 0x1000, irq_cb, &bus,
                                          IRQ_LINE, image, false, err, sizeof err);
    ck_assert_ptr_null(b);
    ck_assert_ptr_nonnull(strstr(err, "in use"));
}
END_TEST

/* A sparse image past 4 GiB: the capacity and a sector beyond 4 GiB
 * written and read at their own offsets.  On a 32-bit host this needs the
 * 64-bit off_t of _FILE_OFFSET_BITS=64 (CMakeLists.txt): without it the
 * open's fstat fails with EOVERFLOW, and an offset cast to a 32-bit off_t
 * would wrap to sector 8. */
START_TEST(blk_image_past_4gib)
{
    snprintf(image, sizeof image, "/tmp/rvx-vblk-XXXXXX");
    int fd = mkstemp(image);
    ck_assert_int_ge(fd, 0);
    const uint64_t sectors = (4ull << 21) + 64;     /* 4 GiB + 32 KiB */
    ck_assert_int_eq(ftruncate(fd, (off_t)(sectors * 512)), 0);
    close(fd);
    char err[256];
    blk = virtio_blk_new(&bus, DEV_BASE, irq_cb, &bus, IRQ_LINE, image, false,
                         err, sizeof err);
    ck_assert_msg(blk != NULL, "%s", err);
    ck_assert_uint_eq(rd(CONFIG), (uint32_t)sectors);
    ck_assert_uint_eq(rd(CONFIG + 4), (uint32_t)(sectors >> 32));

    driver_init(0, 8);
    const uint64_t far = (4ull << 21) + 8;          /* byte 4 GiB + 4096 */
    uint8_t *buf = ram(DATA_BUF, 512);
    for (int i = 0; i < 512; i++)
        buf[i] = (uint8_t)(i * 3 + 1);
    struct seg d = { DATA_BUF, 512 };
    uint32_t len;
    ck_assert_uint_eq(blk_req(T_OUT, far, &d, 1, &len), S_OK);
    uint8_t disk[512], zero[512] = { 0 };
    file_bytes(far * 512, disk, sizeof disk);
    for (int i = 0; i < 512; i++)
        ck_assert_uint_eq(disk[i], (uint8_t)(i * 3 + 1));
    file_bytes(8 * 512, disk, sizeof disk);         /* where a wrap would land */
    ck_assert_mem_eq(disk, zero, sizeof zero);

    memset(ram(DATA2_BUF, 512), 0, 512);
    struct seg r = { DATA2_BUF, 512 };
    ck_assert_uint_eq(blk_req(T_IN, far, &r, 1, &len), S_OK);
    ck_assert_mem_eq(ram(DATA2_BUF, 512), buf, 512);
    ck_assert_uint_eq(blk_req(T_IN, sectors, &r, 1, &len), S_IOERR);
}
END_TEST

/* ---- virtio-rng ---- */

START_TEST(rng_fills_buffer)
{
    ck_assert_uint_eq(rd(DEVICE_ID), 4);
    driver_init(0, 8);
    uint8_t *p = ram(DATA_BUF, 4096);
    memset(p, 0, 4096);
    write_desc(Q_DESC, 0, DATA_BUF, 64, VIRTQ_DESC_F_WRITE, 0);
    kick(0);
    ck_assert_uint_eq(used_idx(), 1);
    uint32_t id, len;
    used_elem(0, &id, &len);
    ck_assert_uint_eq(id, 0);
    ck_assert_uint_eq(len, 64);
    /* 64 zero bytes from a working entropy source: probability 2^-512. */
    int nonzero = 0;
    for (int i = 0; i < 64; i++)
        nonzero |= p[i];
    ck_assert_int_ne(nonzero, 0);
    for (int i = 64; i < 4096; i++)
        ck_assert_uint_eq(p[i], 0);
    ck_assert_int_eq(irq_level, 1);
    /* Two chained writable buffers are both filled. */
    memset(p, 0, 4096);
    write_desc(Q_DESC, 3, DATA_BUF, 16, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 5);
    write_desc(Q_DESC, 5, DATA_BUF + 1024, 16, VIRTQ_DESC_F_WRITE, 0);
    kick(3);
    ck_assert_uint_eq(used_idx(), 2);
    used_elem(1, &id, &len);
    ck_assert_uint_eq(id, 3);
    ck_assert_uint_eq(len, 32);
    int nz1 = 0, nz2 = 0;
    for (int i = 0; i < 16; i++) {
        nz1 |= p[i];
        nz2 |= p[1024 + i];
    }
    ck_assert(nz1 && nz2);
}
END_TEST

/* 2.7.4.2: readable after writable is a driver bug even where the device
 * would not look at the readable part. */
START_TEST(rng_readable_after_writable_breaks_device)
{
    driver_init(0, 8);
    write_desc(Q_DESC, 0, DATA_BUF, 16, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 1);
    write_desc(Q_DESC, 1, DATA_BUF + 64, 16, 0, 0);
    kick(0);
    assert_broken();
}
END_TEST

/* Linux's vm_del_vq writes QueueReady = 0; a queue enabled again starts
 * from fresh rings (indices 0). */
START_TEST(rng_queue_reenable_restarts_indices)
{
    driver_init(0, 8);
    write_desc(Q_DESC, 0, DATA_BUF, 8, VIRTQ_DESC_F_WRITE, 0);
    kick(0);
    ck_assert_uint_eq(used_idx(), 1);
    wr(QUEUE_READY, 0);
    ck_assert_uint_eq(rd(QUEUE_READY), 0);
    memset(ram(Q_AVAIL, 0x2000), 0, 0x2000);
    wr(QUEUE_READY, 1);
    avail_idx = 0;
    kick(0);
    ck_assert_uint_eq(used_idx(), 1);
    uint32_t id, len;
    used_elem(0, &id, &len);
    ck_assert_uint_eq(len, 8);
}
END_TEST

START_TEST(rng_ring_wraps)
{
    driver_init(0, 4);
    for (int i = 0; i < 11; i++) {
        write_desc(Q_DESC, (unsigned)i % 4, DATA_BUF + 64 * (unsigned)(i % 4), 8,
                 VIRTQ_DESC_F_WRITE, 0);
        kick((uint16_t)(i % 4));
        ck_assert_uint_eq(used_idx(), (uint16_t)(i + 1));
        uint32_t id, len;
        used_elem((unsigned)i, &id, &len);
        ck_assert_uint_eq(id, (unsigned)i % 4);
        ck_assert_uint_eq(len, 8);
    }
}
END_TEST

static Suite *virtio_suite(void)
{
    Suite *s = suite_create("virtio");
    TCase *t = tcase_create("transport");
    tcase_add_checked_fixture(t, setup_blk, teardown);
    tcase_add_test(t, identity_registers);
    tcase_add_test(t, features_refused_without_version_1);
    tcase_add_test(t, queue_setup_rejects_bad_sizes);
    tcase_add_test(t, status_reset_clears_queues_and_interrupt);
    tcase_add_test(t, interrupt_raised_and_acked);
    tcase_add_test(t, nothing_processed_before_driver_ok);
    suite_add_tcase(s, t);

    t = tcase_create("malformed");
    tcase_add_checked_fixture(t, setup_blk, teardown);
    tcase_add_test(t, looping_chain_breaks_device);
    tcase_add_test(t, buffer_outside_ram_breaks_device);
    tcase_add_test(t, mmio_buffer_breaks_device);
    tcase_add_test(t, next_index_out_of_range_breaks_device);
    tcase_add_test(t, head_out_of_range_breaks_device);
    tcase_add_test(t, readable_after_writable_breaks_device);
    tcase_add_test(t, avail_index_jump_breaks_device);
    tcase_add_test(t, indirect_loop_and_nesting_break_device);
    tcase_add_test(t, blk_request_without_status_breaks_device);
    suite_add_tcase(s, t);

    t = tcase_create("blk");
    tcase_add_checked_fixture(t, setup_blk, teardown);
    tcase_add_test(t, blk_write_read_flush);
    tcase_add_test(t, blk_multi_segment_larger_than_bounce);
    tcase_add_test(t, blk_indirect_read);
    tcase_add_test(t, blk_out_of_range_is_ioerr);
    tcase_add_test(t, blk_unsupported_and_get_id);
    tcase_add_test(t, blk_read_invalidates_code_pages);
    tcase_add_test(t, second_writer_is_refused);
    suite_add_tcase(s, t);

    t = tcase_create("blk_ro");
    tcase_add_checked_fixture(t, setup_blk_ro, teardown);
    tcase_add_test(t, readonly_rejects_writes);
    suite_add_tcase(s, t);

    t = tcase_create("blk_open");
    tcase_add_checked_fixture(t, setup_bus, teardown);
    tcase_add_test(t, open_errors_are_one_clear_line);
    tcase_add_test(t, blk_image_past_4gib);
    suite_add_tcase(s, t);

    t = tcase_create("rng");
    tcase_add_checked_fixture(t, setup_rng, teardown);
    tcase_add_test(t, rng_fills_buffer);
    tcase_add_test(t, rng_ring_wraps);
    tcase_add_test(t, rng_readable_after_writable_breaks_device);
    tcase_add_test(t, rng_queue_reenable_restarts_indices);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(virtio_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
