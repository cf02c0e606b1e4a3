/* The device interface on a whole machine: every device, put in a non-reset
 * state through MMIO, returns to its documented power-on state on reset;
 * debugger reads (hart_debug_read, what gdb's `m` and the monitor's `x`
 * use) of the UART receive register and the PLIC claim register change
 * nothing; save/load round-trips.  Expected values come from the data
 * sheets and specs cited beside them. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "devices/board.h"
#include "devices/clint.h"
#include "devices/device.h"
#include "devices/htif.h"
#include "devices/virtio.h"
#include "mem/bus.h"
#include "virt_fixture.h"

static void setup(void) { virt_fixture_setup(2, NULL); }
static void teardown(void) { virt_fixture_teardown(); }

static void reset_one(uint64_t base)
{
    device_reset(device_at(base));
}

/* --- 16550 UART (PC16550D data sheet, "UART Reset Configuration") ------- */

#define UART VIRT_UART0
#define RBR (UART + 0)
#define IER (UART + 1)
#define IIR (UART + 2)
#define FCR (UART + 2)
#define LCR (UART + 3)
#define MCR (UART + 4)
#define LSR (UART + 5)
#define MSR (UART + 6)
#define SCR (UART + 7)

static void uart_dirty(void)
{
    st(LCR, 1, 0x80);           /* DLAB: divisor latch */
    st(UART + 0, 1, 0x0c);
    st(UART + 1, 1, 0x01);
    st(LCR, 1, 0x1b);           /* 8 bits, even parity, 2 stop bits */
    st(FCR, 1, 0xc7);           /* FIFO on, trigger 14 */
    st(IER, 1, 0x0f);
    st(MCR, 1, 0x0b);           /* DTR, RTS, OUT2 */
    st(SCR, 1, 0x5a);
    machine_console_receive(m, 'a');
    machine_console_receive(m, 'b');
    ck_assert_uint_eq(ld(LSR, 1) & 1, 1);
    ck_assert(plic_pending(VIRT_UART0_IRQ));
}

START_TEST(uart_reset_power_on)
{
    uart_dirty();
    reset_one(UART);
    ck_assert_uint_eq(ld(IER, 1), 0x00);
    ck_assert_uint_eq(ld(IIR, 1), 0x01);        /* no interrupt, FIFOs off */
    ck_assert_uint_eq(ld(LCR, 1), 0x00);
    ck_assert_uint_eq(ld(MCR, 1), 0x00);
    ck_assert_uint_eq(ld(LSR, 1), 0x60);        /* THRE | TEMT, no data */
    ck_assert_uint_eq(ld(MSR, 1) & 0x0f, 0);    /* no deltas */
    ck_assert_uint_eq(ld(SCR, 1), 0x00);
    ck_assert_uint_eq(ld(RBR, 1), 0x00);        /* receive FIFO empty */
    ck_assert(!plic_pending(VIRT_UART0_IRQ));   /* interrupt output low */
    st(LCR, 1, 0x80);
    ck_assert_uint_eq(ld(UART + 0, 1), 0);      /* divisor latch */
    ck_assert_uint_eq(ld(UART + 1, 1), 0);
}
END_TEST

/* --- PLIC (RISC-V PLIC spec; rvx starts everything at 0) ---------------- */

#define PRIO(s) (VIRT_PLIC + 4ull * (s))
#define ENABLE(ctx) (VIRT_PLIC + 0x2000 + 0x80ull * (ctx))
#define THRESHOLD(ctx) (VIRT_PLIC + 0x200000 + 0x1000ull * (ctx))
#define CLAIM(ctx) (THRESHOLD(ctx) + 4)

/* UART receive interrupt routed to hart 0's M-mode context. */
static void route_uart_irq(void)
{
    st(PRIO(VIRT_UART0_IRQ), 4, 3);
    st(ENABLE(0), 4, 1u << VIRT_UART0_IRQ);
    st(THRESHOLD(0), 4, 0);
    st(IER, 1, 0x01);           /* ERBFI */
    machine_console_receive(m, 'x');
}

START_TEST(plic_reset_power_on)
{
    route_uart_irq();
    st(PRIO(1), 4, 7);
    st(ENABLE(3), 4, 0xfffffffe);
    st(THRESHOLD(1), 4, 5);
    ck_assert(m->harts[0].mip_ext & MIP_MEIP);
    ck_assert_uint_eq(ld(CLAIM(0), 4), VIRT_UART0_IRQ);    /* claimed, not completed */
    reset_one(VIRT_PLIC);
    for (int s = 1; s < 96; s++)
        ck_assert_uint_eq(ld(PRIO(s), 4), 0);
    for (int ctx = 0; ctx < 4; ctx++) {
        for (int w = 0; w < 3; w++)
            ck_assert_uint_eq(ld(ENABLE(ctx) + 4 * (uint64_t)w, 4), 0);
        ck_assert_uint_eq(ld(THRESHOLD(ctx), 4), 0);
        ck_assert_uint_eq(ld(CLAIM(ctx), 4), 0);
    }
    ck_assert(!(m->harts[0].mip_ext & (MIP_MEIP | MIP_SEIP)));
    /* The UART still holds its byte and drives its line: once routed again
     * the source is pending (the claim before reset was forgotten). */
    ck_assert(plic_pending(VIRT_UART0_IRQ));
}
END_TEST

/* --- CLINT (rvx documents: msip 0, mtimecmp all ones, mtime from 0) ----- */

START_TEST(clint_reset_power_on)
{
    st(VIRT_CLINT + 0x0, 4, 1);             /* msip hart 0 */
    st(VIRT_CLINT + 0x4, 4, 1);             /* msip hart 1 */
    st(VIRT_CLINT + 0x4000, 8, 10);         /* mtimecmp hart 0 */
    clint_advance(m->clint, 100);
    clint_update(m->clint);
    ck_assert(m->harts[0].mip_ext & MIP_MTIP);
    ck_assert(m->harts[1].mip_ext & MIP_MSIP);
    reset_one(VIRT_CLINT);
    ck_assert_uint_eq(ld(VIRT_CLINT + 0x0, 4), 0);
    ck_assert_uint_eq(ld(VIRT_CLINT + 0x4, 4), 0);
    ck_assert_uint_eq(ld(VIRT_CLINT + 0x4000, 8), UINT64_MAX);
    ck_assert_uint_eq(ld(VIRT_CLINT + 0x4008, 8), UINT64_MAX);
    ck_assert_uint_eq(ld(VIRT_CLINT + 0xbff8, 8), 0);   /* virtual time: exact */
    for (int h = 0; h < 2; h++)
        ck_assert(!(m->harts[h].mip_ext & (MIP_MSIP | MIP_MTIP)));
}
END_TEST

/* --- Goldfish RTC (QEMU's reset: alarm off, interrupt off, host time) --- */

#define RTC VIRT_RTC

START_TEST(rtc_reset_power_on)
{
    st(RTC + 0x04, 4, 0);                   /* TIME_HIGH = 0: the 1970s */
    st(RTC + 0x10, 4, 1);                   /* IRQ_ENABLED */
    st(RTC + 0x0c, 4, 0);
    st(RTC + 0x08, 4, 1);                   /* alarm long past: fires */
    ck_assert(plic_pending(VIRT_RTC_IRQ));
    st(RTC + 0x0c, 4, 0x7fffffff);
    st(RTC + 0x08, 4, 0);                   /* a new one, far ahead */
    ck_assert_uint_eq(ld(RTC + 0x18, 4), 1);
    reset_one(RTC);
    ck_assert_uint_eq(ld(RTC + 0x10, 4), 0);    /* IRQ_ENABLED */
    ck_assert_uint_eq(ld(RTC + 0x18, 4), 0);    /* ALARM_STATUS: off */
    ck_assert_uint_eq(ld(RTC + 0x08, 4), 0);
    ck_assert_uint_eq(ld(RTC + 0x0c, 4), 0);
    ck_assert(!plic_pending(VIRT_RTC_IRQ));
    uint64_t lo = ld(RTC + 0x00, 4), hi = ld(RTC + 0x04, 4);
    uint64_t t = hi << 32 | lo;
    uint64_t host = (uint64_t)time(NULL) * 1000000000ull;
    ck_assert_uint_ge(t + 2000000000ull, host);     /* host time again */
    ck_assert_uint_le(t, host + 2000000000ull);
}
END_TEST

/* --- SiFive test finisher: stateless; a reset must not act ------------- */

START_TEST(syscon_reset_power_on)
{
    st(VIRT_TEST, 4, 0x1234);               /* not a command: ignored */
    reset_one(VIRT_TEST);
    ck_assert_uint_eq(ld(VIRT_TEST, 4), 0);
    ck_assert_int_eq(m->exit, EXIT_NONE);
}
END_TEST

/* --- plain framebuffer: black at power-on -------------------------------- */

START_TEST(simplefb_reset_power_on)
{
    st(VIRT_FB, 4, 0xffabcdef);
    st(VIRT_FB + 4 * 1280 * 800 - 4, 4, 0x00ff00ff);
    reset_one(VIRT_FB);
    ck_assert_uint_eq(ld(VIRT_FB, 4), 0);
    ck_assert_uint_eq(ld(VIRT_FB + 4 * 1280 * 800 - 4, 4), 0);
}
END_TEST

/* --- virtio-mmio (VIRTIO 1.x 4.2.2): every slot -------------------------- */

enum {
    V_MAGIC = 0x000, V_DEVICE_ID = 0x008, V_DEV_FEAT_SEL = 0x014, V_DRV_FEAT = 0x020,
    V_DRV_FEAT_SEL = 0x024, V_QUEUE_SEL = 0x030, V_QUEUE_NUM_MAX = 0x034,
    V_QUEUE_NUM = 0x038, V_QUEUE_READY = 0x044, V_ISR = 0x060, V_STATUS = 0x070,
    V_DESC_LO = 0x080, V_DRIVER_LO = 0x090, V_DEVICE_LO = 0x0a0, V_CONFIG_GEN = 0x0fc,
};

static const uint32_t slot_ids[] = { VIRTIO_ID_BLOCK, VIRTIO_ID_RNG, VIRTIO_ID_GPU,
                                     VIRTIO_ID_INPUT, VIRTIO_ID_INPUT };

/* Drives a device to DRIVER_OK with queue 0 live, as a driver would. */
static void virtio_dirty(uint64_t b)
{
    uint64_t ring = VIRT_DRAM + 0x10000;
    st(b + V_STATUS, 4, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
    st(b + V_DRV_FEAT_SEL, 4, 1);
    st(b + V_DRV_FEAT, 4, 1);                   /* VERSION_1 (bit 32) */
    st(b + V_STATUS, 4, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
                        VIRTIO_STATUS_FEATURES_OK);
    st(b + V_QUEUE_SEL, 4, 0);
    st(b + V_QUEUE_NUM, 4, 8);
    st(b + V_DESC_LO, 4, ring);
    st(b + V_DRIVER_LO, 4, ring + 0x1000);
    st(b + V_DEVICE_LO, 4, ring + 0x2000);
    st(b + V_QUEUE_READY, 4, 1);
    st(b + V_STATUS, 4, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
                        VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
    st(b + V_DEV_FEAT_SEL, 4, 1);
    ck_assert_uint_eq(ld(b + V_QUEUE_READY, 4), 1);
    ck_assert_uint_ne(ld(b + V_STATUS, 4), 0);
}

START_TEST(virtio_reset_power_on)
{
    uint64_t b = VIRT_VIRTIO + 0x1000ull * (unsigned)_i;
    ck_assert_uint_eq(m->nvirtio, 5);
    ck_assert_uint_eq(ld(b + V_DEVICE_ID, 4), slot_ids[_i]);
    virtio_dirty(b);
    virtio_config_changed((struct virtio *)device_at(b));  /* generation 1 */
    ck_assert_uint_eq(ld(b + V_CONFIG_GEN, 4), 1);
    reset_one(b);
    ck_assert_uint_eq(ld(b + V_MAGIC, 4), VIRTIO_MMIO_MAGIC);
    ck_assert_uint_eq(ld(b + V_STATUS, 4), 0);
    ck_assert_uint_eq(ld(b + V_ISR, 4), 0);
    ck_assert_uint_eq(ld(b + V_CONFIG_GEN, 4), 0);
    for (unsigned q = 0; q < VIRTIO_MAX_QUEUES; q++) {
        st(b + V_QUEUE_SEL, 4, q);
        ck_assert_uint_eq(ld(b + V_QUEUE_READY, 4), 0);
        ck_assert_uint_eq(ld(b + V_QUEUE_NUM, 4), ld(b + V_QUEUE_NUM_MAX, 4));
        ck_assert_uint_eq(ld(b + V_DESC_LO, 4), 0);
        ck_assert_uint_eq(ld(b + V_DRIVER_LO, 4), 0);
        ck_assert_uint_eq(ld(b + V_DEVICE_LO, 4), 0);
    }
    ck_assert(!plic_pending(VIRT_VIRTIO_IRQ + _i));
}
END_TEST

/* --- the board drives every device --------------------------------------- */

START_TEST(machine_reset_devices_resets_all)
{
    uart_dirty();
    st(PRIO(5), 4, 2);
    st(VIRT_CLINT + 0x4000, 8, 10);
    virtio_dirty(VIRT_VIRTIO);
    machine_reset_devices(m);
    ck_assert_uint_eq(ld(IER, 1), 0);
    ck_assert_uint_eq(ld(LSR, 1), 0x60);
    ck_assert_uint_eq(ld(PRIO(5), 4), 0);
    ck_assert_uint_eq(ld(VIRT_CLINT + 0x4000, 8), UINT64_MAX);
    ck_assert_uint_eq(ld(VIRT_VIRTIO + V_STATUS, 4), 0);
    ck_assert(!plic_pending(VIRT_UART0_IRQ));
}
END_TEST

/* --- debugger reads ------------------------------------------------------ */

static void debug_read(uint64_t pa, void *buf, size_t len)
{
    /* Harts start in M-mode with translation off: va = pa. */
    ck_assert(hart_debug_read(&m->harts[0], pa, buf, len));
}

/* A debugger's read of a word: bytes in guest memory order, which is
 * little-endian whatever the host (a big-endian host caught the test
 * reading them straight into a host word). */
static uint32_t debug_read32(uint64_t pa)
{
    uint8_t b[4];
    debug_read(pa, b, 4);
    return (uint32_t)le_load(b, 4);
}

START_TEST(debug_read_uart_rbr_keeps_the_byte)
{
    st(IER, 1, 0x01);
    machine_console_receive(m, 'q');
    uint8_t rbr, lsr, iir;
    debug_read(RBR, &rbr, 1);
    debug_read(LSR, &lsr, 1);
    debug_read(IIR, &iir, 1);
    ck_assert_uint_eq(rbr, 'q');
    ck_assert_uint_eq(lsr & 1, 1);                  /* LSR.DR */
    ck_assert_uint_eq(iir & 0x0f, 0x04);            /* received data available */
    debug_read(RBR, &rbr, 1);                       /* twice: still there */
    /* The guest still gets it. */
    ck_assert_uint_eq(ld(LSR, 1) & 1, 1);
    ck_assert_uint_eq(ld(RBR, 1), 'q');
    ck_assert_uint_eq(ld(LSR, 1) & 1, 0);
}
END_TEST

START_TEST(debug_read_uart_keeps_latched_bits)
{
    /* THRE interrupt: a real IIR read acknowledges it, a peek must not. */
    st(IER, 1, 0x02);
    uint8_t iir;
    debug_read(IIR, &iir, 1);
    ck_assert_uint_eq(iir & 0x0f, 0x02);
    ck_assert_uint_eq(ld(IIR, 1) & 0x0f, 0x02);
    ck_assert_uint_eq(ld(IIR, 1) & 0x0f, 0x01);     /* acknowledged by the load */
    /* Overrun: LSR.OE is cleared by a real LSR read, not by a peek. */
    for (int i = 0; i < 3; i++)
        machine_console_receive(m, 'z');            /* FIFO off: 1 byte fits */
    uint8_t lsr;
    debug_read(LSR, &lsr, 1);
    ck_assert_uint_eq(lsr & 0x02, 0x02);
    ck_assert_uint_eq(ld(LSR, 1) & 0x02, 0x02);
    ck_assert_uint_eq(ld(LSR, 1) & 0x02, 0);
}
END_TEST

START_TEST(debug_read_plic_claim_leaves_it_pending)
{
    route_uart_irq();
    ck_assert_uint_eq(debug_read32(CLAIM(0)), VIRT_UART0_IRQ);  /* as gdb `m addr,4` does */
    ck_assert_uint_eq(debug_read32(CLAIM(0)), VIRT_UART0_IRQ);
    ck_assert(plic_pending(VIRT_UART0_IRQ));
    ck_assert(m->harts[0].mip_ext & MIP_MEIP);
    ck_assert_uint_eq(ld(CLAIM(0), 4), VIRT_UART0_IRQ);    /* the real claim */
    ck_assert(!plic_pending(VIRT_UART0_IRQ));
    ck_assert_uint_eq(ld(CLAIM(0), 4), 0);
}
END_TEST

START_TEST(debug_read_ram_and_unpeekable)
{
    st(VIRT_DRAM + 0x100, 4, 0x11223344);
    ck_assert_uint_eq(debug_read32(VIRT_DRAM + 0x100), 0x11223344);
    /* Nothing mapped there: the debugger gets an error, not a value. */
    uint8_t b;
    ck_assert(!hart_debug_read(&m->harts[0], 0x40000000, &b, 1));
    /* Debugger writes to MMIO stay real writes. */
    uint8_t scr = 0x77;
    ck_assert(hart_debug_write(&m->harts[0], SCR, &scr, 1));
    ck_assert_uint_eq(ld(SCR, 1), 0x77);
}
END_TEST

/* --- save / load --------------------------------------------------------- */

static void save_reset_load(uint64_t base)
{
    struct device *d = device_at(base);
    struct dev_stream s = {0};
    ck_assert_ptr_nonnull(d->ops->save);
    ck_assert(d->ops->save(d, &s));
    device_reset(d);
    s.pos = 0;
    ck_assert(d->ops->load(d, &s));
    /* A truncated stream is refused and leaves the device reset. */
    s.pos = 0;
    s.len = 3;
    ck_assert(!d->ops->load(d, &s));
    s.len = s.cap;
    dev_stream_free(&s);
}

START_TEST(save_load_round_trip)
{
    st(IER, 1, 0x05);
    st(SCR, 1, 0x42);
    machine_console_receive(m, 'k');
    st(PRIO(7), 4, 6);
    st(ENABLE(1), 4, 0x80);
    st(VIRT_CLINT + 0x4008, 8, 12345);

    struct device *u = device_at(UART), *p = device_at(VIRT_PLIC), *c = device_at(VIRT_CLINT);
    struct dev_stream s = {0};
    ck_assert(u->ops->save(u, &s) && p->ops->save(p, &s) && c->ops->save(c, &s));
    machine_reset_devices(m);
    ck_assert_uint_eq(ld(SCR, 1), 0);
    s.pos = 0;
    ck_assert(u->ops->load(u, &s) && p->ops->load(p, &s) && c->ops->load(c, &s));
    ck_assert_uint_eq(s.pos, s.len);
    dev_stream_free(&s);
    ck_assert_uint_eq(ld(IER, 1), 0x05);
    ck_assert_uint_eq(ld(SCR, 1), 0x42);
    ck_assert_uint_eq(ld(PRIO(7), 4), 6);
    ck_assert_uint_eq(ld(ENABLE(1), 4), 0x80);
    ck_assert_uint_eq(ld(VIRT_CLINT + 0x4008, 8), 12345);
    ck_assert_uint_eq(ld(RBR, 1), 'k');

    save_reset_load(UART);
    ck_assert_uint_eq(ld(IER, 1), 0);           /* the refused load reset it */

    /* RTC: a guest-set time and an armed alarm survive; the framebuffer's
     * pixels too. */
    st(RTC + 0x04, 4, 5);                       /* TIME_HIGH */
    st(RTC + 0x10, 4, 1);
    st(RTC + 0x0c, 4, 0x7fffffff);
    st(RTC + 0x08, 4, 0x1000);
    st(VIRT_FB + 64, 4, 0x00c0ffee);
    struct device *r = device_at(RTC), *f = device_at(VIRT_FB);
    ck_assert(r->ops->save(r, &s) && f->ops->save(f, &s));
    machine_reset_devices(m);
    ck_assert_uint_eq(ld(RTC + 0x18, 4), 0);
    s.pos = 0;
    ck_assert(r->ops->load(r, &s) && f->ops->load(f, &s));
    dev_stream_free(&s);
    ck_assert_uint_eq(ld(RTC + 0x18, 4), 1);
    ck_assert_uint_eq(ld(RTC + 0x10, 4), 1);
    ck_assert_uint_eq(ld(RTC + 0x0c, 4), 0x7fffffff);
    ck_assert_uint_eq(ld(RTC + 0x08, 4), 0x1000);
    ld(RTC + 0x00, 4);                          /* latches TIME_HIGH */
    uint64_t hi = ld(RTC + 0x04, 4);            /* 5, or 6 if the low word wrapped */
    ck_assert(hi == 5 || hi == 6);
    ck_assert_uint_eq(ld(VIRT_FB + 64, 4), 0x00c0ffee);
    save_reset_load(RTC);
    save_reset_load(VIRT_FB);
    save_reset_load(VIRT_PLIC);
    save_reset_load(VIRT_CLINT);
}
END_TEST

/* --- HTIF on a bare-metal machine ---------------------------------------- */

START_TEST(htif_reset_power_on)
{
    /* Words outside RAM live in the device's own copies. */
    struct machine *bm = bare_htif_machine(0x40000000, 0x40000008);
    ck_assert(bus_store(&bm->bus, 0x40000008, 8, 0x1234));      /* fromhost */
    uint64_t v = 0;
    ck_assert(bus_load(&bm->bus, 0x40000008, 8, &v));
    ck_assert_uint_eq(v, 0x1234);
    machine_reset_devices(bm);
    ck_assert(bus_load(&bm->bus, 0x40000008, 8, &v));
    ck_assert_uint_eq(v, 0);
    /* and bare metal has the CLINT, the test device and the UART (what
     * QEMU virt with -bios none offers a program too), no PLIC */
    ck_assert_ptr_nonnull(bm->clint);
    ck_assert_ptr_nonnull(bm->syscon);
    ck_assert_ptr_nonnull(bm->uart);
    ck_assert_ptr_null(bm->plic);
    machine_free(bm);
}
END_TEST

static Suite *iface_suite(void)
{
    Suite *s = suite_create("device_iface");
    TCase *tc = tcase_create("reset");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, uart_reset_power_on);
    tcase_add_test(tc, plic_reset_power_on);
    tcase_add_test(tc, clint_reset_power_on);
    tcase_add_test(tc, rtc_reset_power_on);
    tcase_add_test(tc, syscon_reset_power_on);
    tcase_add_test(tc, simplefb_reset_power_on);
    tcase_add_loop_test(tc, virtio_reset_power_on, 0, 5);
    tcase_add_test(tc, machine_reset_devices_resets_all);
    tcase_add_test(tc, htif_reset_power_on);
    suite_add_tcase(s, tc);
    tc = tcase_create("debugger");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, debug_read_uart_rbr_keeps_the_byte);
    tcase_add_test(tc, debug_read_uart_keeps_latched_bits);
    tcase_add_test(tc, debug_read_plic_claim_leaves_it_pending);
    tcase_add_test(tc, debug_read_ram_and_unpeekable);
    suite_add_tcase(s, tc);
    tc = tcase_create("snapshot");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, save_load_round_trip);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(iface_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
