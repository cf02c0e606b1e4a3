/* virtio-input keyboard and tablet, driven as Linux's virtio_input driver
 * does: probe through the select/subsel configuration window (VIRTIO 1.2
 * 5.8.4), then post 8-byte buffers on the eventq.  Event codes from
 * linux/input-event-codes.h. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "devices/virtio.h"
#include "devices/virtio_input.h"
#include "mem/bus.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (1ull << 20)
#define DEV_BASE 0x10001000ull
#define RINGS (RAM_BASE + 0x1000)
#define EVBUF (RAM_BASE + 0x10000)
#define QN 8u

enum {
    DEVICE_ID = 0x008, DRV_FEAT = 0x020, DRV_FEAT_SEL = 0x024, QUEUE_SEL = 0x030,
    QUEUE_NUM = 0x038, QUEUE_READY = 0x044, QUEUE_NOTIFY = 0x050, STATUS = 0x070,
    DESC_LO = 0x080, DRIVER_LO = 0x090, DEVICE_LO = 0x0a0, CONFIG = 0x100,
};

/* Linux's numbers: EV_KEY 1, EV_ABS 3, KEY_A 30, ABS_X 0, ABS_Y 1, BTN_LEFT 0x110. */
#define EV_KEY_ 1
#define EV_ABS_ 3
#define KEY_A_ 30

static struct bus bus;
static struct virtio_input *dev;
static uint16_t avail_idx[2];
static unsigned irqs;

static void irq_cb(void *opaque, int line, bool level) { (void)opaque; (void)line; irqs += level; }

static void wr(uint64_t off, uint32_t v) { ck_assert(bus_store(&bus, DEV_BASE + off, 4, v)); }
static uint32_t rd(uint64_t off)
{
    uint64_t v = 0;
    ck_assert(bus_load(&bus, DEV_BASE + off, 4, &v));
    return (uint32_t)v;
}
static uint8_t rd8(uint64_t off)
{
    uint64_t v = 0;
    ck_assert(bus_load(&bus, DEV_BASE + off, 1, &v));
    return (uint8_t)v;
}
static void wr8(uint64_t off, uint8_t v) { ck_assert(bus_store(&bus, DEV_BASE + off, 1, v)); }

static uint8_t *ram(uint64_t pa, uint64_t len)
{
    uint8_t *p = bus_ram_ptr(&bus, pa, len);
    ck_assert_ptr_nonnull(p);
    return p;
}

static uint64_t q_desc(unsigned q) { return RINGS + 0x3000ull * q; }
static uint64_t q_avail(unsigned q) { return q_desc(q) + 0x1000; }
static uint64_t q_used(unsigned q) { return q_desc(q) + 0x2000; }

static void make(enum virtio_input_kind kind, bool start)
{
    ck_assert(bus_init(&bus, RAM_BASE, RAM_SIZE));
    irqs = 0;
    dev = virtio_input_new(&bus, DEV_BASE, irq_cb, NULL, 2, kind);
    ck_assert_ptr_nonnull(dev);
    if (!start)
        return;
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
        wr(QUEUE_READY, 1);
        avail_idx[q] = 0;
    }
    wr(STATUS, 1 | 2 | 8 | 4);
}

static void setup_kbd(void) { make(VIRTIO_INPUT_KEYBOARD, true); }
static void setup_tablet(void) { make(VIRTIO_INPUT_TABLET, true); }
static void setup_kbd_stopped(void) { make(VIRTIO_INPUT_KEYBOARD, false); }

static void teardown(void)
{
    virtio_input_free(dev);
    bus_free(&bus);
}

/* Posts buffer i (8 bytes at EVBUF + 8i) on the eventq. */
static void post(unsigned i, bool notify)
{
    uint8_t *d = ram(q_desc(0) + 16ull * i, 16);
    le_store(d, 8, EVBUF + 8ull * i);
    le_store(d + 8, 4, 8);
    le_store(d + 12, 2, VIRTQ_DESC_F_WRITE);
    le_store(d + 14, 2, 0);
    le_store(ram(q_avail(0) + 4 + 2 * (avail_idx[0] % QN), 2), 2, i);
    avail_idx[0]++;
    le_store(ram(q_avail(0) + 2, 2), 2, avail_idx[0]);
    if (notify)
        wr(QUEUE_NOTIFY, 0);
}

static uint16_t used(unsigned q) { return (uint16_t)le_load(ram(q_used(q) + 2, 2), 2); }

/* The event the device wrote in used element n of the eventq. */
static void event(unsigned n, uint16_t *type, uint16_t *code, int32_t *value)
{
    uint8_t *e = ram(q_used(0) + 4 + 8 * (n % QN), 8);
    ck_assert_uint_eq(le_load(e + 4, 4), 8);    /* bytes written */
    uint32_t buf = (uint32_t)le_load(e, 4);
    uint8_t *ev = ram(EVBUF + 8ull * buf, 8);
    *type = (uint16_t)le_load(ev, 2);
    *code = (uint16_t)le_load(ev + 2, 2);
    *value = (int32_t)(uint32_t)le_load(ev + 4, 4);
}

static void check_event(unsigned n, uint16_t type, uint16_t code, int32_t value)
{
    uint16_t t, c;
    int32_t v;
    event(n, &t, &c, &v);
    ck_assert_uint_eq(t, type);
    ck_assert_uint_eq(c, code);
    ck_assert_int_eq(v, value);
}

/* Selects (select, subsel) and returns the size the device reports. */
static uint8_t cfg_select(uint8_t sel, uint8_t sub)
{
    wr8(CONFIG + 0, sel);
    wr8(CONFIG + 1, sub);
    return rd8(CONFIG + 2);
}

static bool cfg_bit(unsigned bit)
{
    return (rd8(CONFIG + 8 + bit / 8) >> (bit % 8)) & 1;
}

START_TEST(test_keyboard_config)
{
    ck_assert_uint_eq(rd(DEVICE_ID), 18);
    const char *name = "rvx virtio keyboard";
    ck_assert_uint_eq(cfg_select(VIRTIO_INPUT_CFG_ID_NAME, 0), strlen(name));
    for (size_t i = 0; i < strlen(name); i++)
        ck_assert_int_eq(rd8(CONFIG + 8 + i), name[i]);
    ck_assert_uint_gt(cfg_select(VIRTIO_INPUT_CFG_ID_SERIAL, 0), 0);
    ck_assert_uint_eq(cfg_select(VIRTIO_INPUT_CFG_ID_DEVIDS, 0), 8);
    ck_assert_uint_eq(rd8(CONFIG + 8), 0x06);     /* BUS_VIRTUAL */
    ck_assert_uint_gt(cfg_select(VIRTIO_INPUT_CFG_EV_BITS, EV_KEY_), KEY_A_ / 8);
    ck_assert(cfg_bit(KEY_A_));
    ck_assert(cfg_bit(1));          /* KEY_ESC */
    ck_assert(!cfg_bit(0));         /* KEY_RESERVED */
    ck_assert_uint_eq(cfg_select(VIRTIO_INPUT_CFG_EV_BITS, EV_ABS_), 0);
    ck_assert_uint_eq(cfg_select(VIRTIO_INPUT_CFG_ABS_INFO, 0), 0);
    ck_assert_uint_eq(cfg_select(VIRTIO_INPUT_CFG_PROP_BITS, 0), 0);
    ck_assert_uint_eq(cfg_select(VIRTIO_INPUT_CFG_UNSET, 0), 0);
    ck_assert_uint_eq(cfg_select(0x7f, 0), 0);
    /* select and subsel read back */
    cfg_select(VIRTIO_INPUT_CFG_EV_BITS, 5);
    ck_assert_uint_eq(rd8(CONFIG), VIRTIO_INPUT_CFG_EV_BITS);
    ck_assert_uint_eq(rd8(CONFIG + 1), 5);
    /* out of the config window: reads 0, writes ignored */
    ck_assert_uint_eq(rd8(CONFIG + 200), 0);
    wr8(CONFIG + 2, 99);
    ck_assert_uint_eq(rd8(CONFIG + 2), 0);
}
END_TEST

START_TEST(test_tablet_config)
{
    ck_assert_uint_eq(cfg_select(VIRTIO_INPUT_CFG_EV_BITS, EV_ABS_), 1);
    ck_assert_uint_eq(rd8(CONFIG + 8), 0x03);     /* ABS_X, ABS_Y */
    ck_assert_uint_gt(cfg_select(VIRTIO_INPUT_CFG_EV_BITS, EV_KEY_), 0x110 / 8);
    ck_assert(cfg_bit(0x110) && cfg_bit(0x111) && cfg_bit(0x112));   /* BTN_LEFT/RIGHT/MIDDLE */
    ck_assert(!cfg_bit(KEY_A_));
    /* struct virtio_input_absinfo {min, max, fuzz, flat, res} */
    ck_assert_uint_eq(cfg_select(VIRTIO_INPUT_CFG_ABS_INFO, 1), 20);
    ck_assert_uint_eq(rd(CONFIG + 8), 0);
    ck_assert_uint_eq(rd(CONFIG + 12), 32767);
    ck_assert_uint_eq(cfg_select(VIRTIO_INPUT_CFG_ABS_INFO, 2), 0);
}
END_TEST

START_TEST(test_key_event)
{
    for (unsigned i = 0; i < 4; i++)
        post(i, true);
    virtio_input_key(dev, KEY_A_, true);
    ck_assert_uint_eq(used(0), 2);
    check_event(0, EV_KEY_, KEY_A_, 1);
    check_event(1, 0, 0, 0);                      /* EV_SYN SYN_REPORT */
    ck_assert_uint_gt(irqs, 0);
    virtio_input_key(dev, KEY_A_, false);
    ck_assert_uint_eq(used(0), 4);
    check_event(2, EV_KEY_, KEY_A_, 0);
    ck_assert_uint_eq(virtio_input_pending(dev), 0);
}
END_TEST

START_TEST(test_events_wait_for_buffers)
{
    virtio_input_abs(dev, 100, -5);
    ck_assert_uint_eq(used(0), 0);
    ck_assert_uint_eq(virtio_input_pending(dev), 3);
    post(0, false);
    post(1, true);              /* the notify delivers in order */
    ck_assert_uint_eq(used(0), 2);
    check_event(0, EV_ABS_, 0, 100);
    check_event(1, EV_ABS_, 1, -5);
    ck_assert_uint_eq(virtio_input_pending(dev), 1);
    post(2, true);
    check_event(2, 0, 0, 0);
    ck_assert_uint_eq(virtio_input_pending(dev), 0);
}
END_TEST

START_TEST(test_backlog_bounded)
{
    for (unsigned i = 0; i < 10000; i++)
        virtio_input_event(dev, EV_KEY_, KEY_A_, (int32_t)i);
    ck_assert_uint_eq(virtio_input_pending(dev), 512);
    post(0, true);
    check_event(0, EV_KEY_, KEY_A_, 0);           /* the oldest is kept */
}
END_TEST

START_TEST(test_status_queue)
{
    /* The driver's LED updates come back used, unread. */
    uint8_t *d = ram(q_desc(1), 16);
    le_store(d, 8, EVBUF);
    le_store(d + 8, 4, 8);
    le_store(d + 12, 2, 0);
    le_store(ram(q_avail(1) + 4, 2), 2, 0);
    le_store(ram(q_avail(1) + 2, 2), 2, 1);
    wr(QUEUE_NOTIFY, 1);
    ck_assert_uint_eq(used(1), 1);
}
END_TEST

START_TEST(test_dropped_before_driver)
{
    virtio_input_key(dev, KEY_A_, true);
    ck_assert_uint_eq(virtio_input_pending(dev), 0);
}
END_TEST

START_TEST(test_bad_kind)
{
    ck_assert_ptr_null(virtio_input_new(&bus, DEV_BASE + 0x1000, irq_cb, NULL, 3,
                                        (enum virtio_input_kind)7));
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("virtio_input");
    TCase *k = tcase_create("keyboard");
    tcase_add_checked_fixture(k, setup_kbd, teardown);
    tcase_add_test(k, test_keyboard_config);
    tcase_add_test(k, test_key_event);
    tcase_add_test(k, test_backlog_bounded);
    tcase_add_test(k, test_status_queue);
    tcase_add_test(k, test_bad_kind);
    suite_add_tcase(s, k);
    TCase *t = tcase_create("tablet");
    tcase_add_checked_fixture(t, setup_tablet, teardown);
    tcase_add_test(t, test_tablet_config);
    tcase_add_test(t, test_events_wait_for_buffers);
    suite_add_tcase(s, t);
    TCase *st = tcase_create("stopped");
    tcase_add_checked_fixture(st, setup_kbd_stopped, teardown);
    tcase_add_test(st, test_dropped_before_driver);
    suite_add_tcase(s, st);
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
