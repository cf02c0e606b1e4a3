/* Unit tests for the platform devices: CLINT, PLIC, 16550 UART, SiFive
 * test finisher, Goldfish RTC and HTIF.  Devices are driven through the
 * bus as a hart would; expected values come from the data sheets/specs. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpu/cpu.h"
#include "devices/clint.h"
#include "devices/goldfish_rtc.h"
#include "devices/htif.h"
#include "devices/plic.h"
#include "devices/syscon.h"
#include "devices/uart16550.h"
#include "mem/bus.h"

/* --- a recording stand-in for the hart's interrupt input --------------- */

static int mip_calls;

void hart_set_mip(struct hart *h, uint64_t mask, bool level)
{
    mip_calls++;
    if (level)
        h->mip |= mask;
    else
        h->mip &= ~mask;
}

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (1ull << 20)

static struct bus bus;
static struct hart harts[2];
static struct hart *hart_ptrs[2] = {&harts[0], &harts[1]};

static void setup(void)
{
    ck_assert(bus_init(&bus, RAM_BASE, RAM_SIZE));
    memset(harts, 0, sizeof(harts));
    mip_calls = 0;
}

static void teardown(void)
{
    bus_free(&bus);
}

static uint64_t ld(uint64_t pa, unsigned size)
{
    uint64_t v = 0xdeadbeef;
    ck_assert(bus_load(&bus, pa, size, &v));
    return v;
}

static void st(uint64_t pa, unsigned size, uint64_t v)
{
    ck_assert(bus_store(&bus, pa, size, v));
}

/* --- CLINT -------------------------------------------------------------- */

#define CLINT 0x2000000ull

START_TEST(clint_timer_compare_virtual)
{
    struct clint *c = clint_new(&bus, CLINT, hart_ptrs, 2);
    ck_assert_ptr_nonnull(c);
    clint_set_virtual_time(c, true);
    st(CLINT + 0xbff8, 8, 0);
    ck_assert_uint_eq(clint_mtime(c), 0);
    clint_advance(c, 100);
    ck_assert_uint_eq(ld(CLINT + 0xbff8, 8), 100);
    ck_assert_uint_eq(clint_read_time(c), 100);

    st(CLINT + 0x4000, 8, 150);             /* hart 0 deadline */
    ck_assert(!(harts[0].mip & MIP_MTIP));
    /* 50 ticks at 10 MHz = 5000 ns */
    ck_assert_uint_eq(clint_ns_until_next_timer(c), 5000);
    clint_advance(c, 49);
    clint_update(c);
    ck_assert(!(harts[0].mip & MIP_MTIP));
    clint_advance(c, 1);                    /* mtime == mtimecmp: fires */
    clint_update(c);
    ck_assert(harts[0].mip & MIP_MTIP);
    ck_assert(!(harts[1].mip & MIP_MTIP));
    /* A passed deadline is not a future one. */
    ck_assert_uint_eq(clint_ns_until_next_timer(c), UINT64_MAX);

    st(CLINT + 0x4000, 8, 1000);            /* moving it clears MTIP at once */
    ck_assert(!(harts[0].mip & MIP_MTIP));
    st(CLINT + 0x4008, 8, 160);             /* hart 1: not yet */
    ck_assert(!(harts[1].mip & MIP_MTIP));
    st(CLINT + 0x4008, 8, 140);             /* already passed */
    ck_assert(harts[1].mip & MIP_MTIP);
    ck_assert_uint_eq(clint_ns_until_next_timer(c), (1000 - 150) * 100);

    /* Writing mtime moves the counter; MTIP follows. */
    st(CLINT + 0xbff8, 8, 5000);
    ck_assert_uint_eq(ld(CLINT + 0xbff8, 8), 5000);
    ck_assert(harts[0].mip & MIP_MTIP);
    clint_free(c);
}
END_TEST

START_TEST(clint_32bit_halves)
{
    struct clint *c = clint_new(&bus, CLINT, hart_ptrs, 2);
    clint_set_virtual_time(c, true);
    st(CLINT + 0x4008, 4, 0x89abcdef);
    st(CLINT + 0x400c, 4, 0x01234567);
    ck_assert_uint_eq(ld(CLINT + 0x4008, 8), 0x0123456789abcdefull);
    ck_assert_uint_eq(ld(CLINT + 0x4008, 4), 0x89abcdef);
    ck_assert_uint_eq(ld(CLINT + 0x400c, 4), 0x01234567);
    ck_assert_uint_eq(ld(CLINT + 0x400e, 2), 0x0123);

    st(CLINT + 0xbff8, 4, 0x10);
    st(CLINT + 0xbffc, 4, 0x2);
    ck_assert_uint_eq(ld(CLINT + 0xbff8, 8), 0x200000010ull);
    ck_assert_uint_eq(ld(CLINT + 0xbffc, 4), 0x2);
    ck_assert_uint_eq(ld(CLINT + 0xbff8, 4), 0x10);
    clint_free(c);
}
END_TEST

START_TEST(clint_msip)
{
    struct clint *c = clint_new(&bus, CLINT, hart_ptrs, 2);
    st(CLINT + 4, 4, 1);
    ck_assert(harts[1].mip & MIP_MSIP);
    ck_assert(!(harts[0].mip & MIP_MSIP));
    ck_assert_uint_eq(ld(CLINT + 4, 4), 1);
    st(CLINT + 0, 4, 0xffffffff);           /* only bit 0 exists */
    ck_assert_uint_eq(ld(CLINT + 0, 4), 1);
    ck_assert(harts[0].mip & MIP_MSIP);
    /* One 64-bit access spans both harts' words. */
    ck_assert_uint_eq(ld(CLINT + 0, 8), 0x100000001ull);
    st(CLINT + 0, 8, 0x0000000100000000ull);
    ck_assert(!(harts[0].mip & MIP_MSIP));
    ck_assert(harts[1].mip & MIP_MSIP);
    st(CLINT + 4, 4, 0);
    ck_assert(!(harts[1].mip & MIP_MSIP));
    /* Holes read zero and ignore writes. */
    ck_assert_uint_eq(ld(CLINT + 8, 4), 0);
    st(CLINT + 0x8000, 8, ~0ull);
    ck_assert_uint_eq(ld(CLINT + 0x8000, 8), 0);
    clint_free(c);
}
END_TEST

START_TEST(clint_real_time)
{
    struct clint *c = clint_new(&bus, CLINT, hart_ptrs, 1);
    uint64_t t0 = clint_mtime(c);
    struct timespec d = {0, 2000000};       /* 2 ms = 20000 ticks */
    nanosleep(&d, NULL);
    uint64_t t1 = clint_mtime(c);
    ck_assert_uint_ge(t1 - t0, 19999);
    ck_assert_uint_lt(t1 - t0, 10 * CLINT_FREQ_HZ);
    /* No deadline programmed yet. */
    ck_assert_uint_eq(clint_ns_until_next_timer(c), UINT64_MAX);
    ck_assert(!(harts[0].mip & MIP_MTIP));
    /* Switching to virtual time keeps mtime continuous and stops it. */
    clint_set_virtual_time(c, true);
    uint64_t t2 = clint_mtime(c);
    ck_assert_uint_ge(t2, t1);
    nanosleep(&d, NULL);
    ck_assert_uint_eq(clint_mtime(c), t2);
    clint_free(c);
}
END_TEST

/* --- PLIC --------------------------------------------------------------- */

#define PLIC 0xc000000ull
#define PRIO(s) (PLIC + 4 * (s))
#define PENDING (PLIC + 0x1000)
#define ENABLE(ctx) (PLIC + 0x2000 + 0x80 * (ctx))
#define THRESHOLD(ctx) (PLIC + 0x200000 + 0x1000 * (ctx))
#define CLAIM(ctx) (THRESHOLD(ctx) + 4)

START_TEST(plic_priority_and_claim)
{
    struct plic *p = plic_new(&bus, PLIC, hart_ptrs, 2);
    ck_assert_ptr_nonnull(p);
    st(PRIO(5), 4, 3);
    st(PRIO(10), 4, 3);
    st(PRIO(7), 4, 6);
    st(ENABLE(0), 4, (1u << 5) | (1u << 7) | (1u << 10));
    st(THRESHOLD(0), 4, 0);
    ck_assert(!(harts[0].mip & MIP_MEIP));

    plic_set_irq(p, 10, true);
    plic_set_irq(p, 5, true);
    ck_assert(harts[0].mip & MIP_MEIP);
    ck_assert(!(harts[0].mip & MIP_SEIP));
    ck_assert(!(harts[1].mip & (MIP_MEIP | MIP_SEIP)));
    ck_assert_uint_eq(ld(PENDING, 4), (1u << 5) | (1u << 10));

    plic_irq_cb(p, 7, true);
    ck_assert_uint_eq(ld(CLAIM(0), 4), 7);     /* highest priority */
    ck_assert_uint_eq(ld(CLAIM(0), 4), 5);     /* tie: lowest id */
    ck_assert_uint_eq(ld(CLAIM(0), 4), 10);
    ck_assert_uint_eq(ld(CLAIM(0), 4), 0);     /* nothing left */
    ck_assert(!(harts[0].mip & MIP_MEIP));
    ck_assert_uint_eq(ld(PENDING, 4), 0);

    /* Completing a source whose line is still high pends it again. */
    st(CLAIM(0), 4, 5);
    ck_assert(harts[0].mip & MIP_MEIP);
    ck_assert_uint_eq(ld(CLAIM(0), 4), 5);

    /* While claimed, line activity does not pend it. */
    plic_set_irq(p, 10, false);
    plic_set_irq(p, 10, true);
    ck_assert_uint_eq(ld(PENDING, 4) & (1u << 10), 0);
    plic_set_irq(p, 10, false);
    st(CLAIM(0), 4, 10);                       /* line low: stays idle */
    ck_assert_uint_eq(ld(PENDING, 4) & (1u << 10), 0);
    plic_free(p);
}
END_TEST

START_TEST(plic_threshold_and_contexts)
{
    struct plic *p = plic_new(&bus, PLIC, hart_ptrs, 2);
    st(PRIO(3), 4, 2);
    st(PRIO(40), 4, 5);
    st(ENABLE(0), 4, 1u << 3);
    st(ENABLE(0) + 4, 4, 1u << (40 - 32));
    st(THRESHOLD(0), 4, 5);                    /* needs priority > 5 */
    plic_set_irq(p, 3, true);
    plic_set_irq(p, 40, true);
    ck_assert_uint_eq(ld(PENDING + 4, 4), 1u << 8);
    ck_assert(!(harts[0].mip & MIP_MEIP));
    ck_assert_uint_eq(ld(CLAIM(0), 4), 0);
    st(THRESHOLD(0), 4, 4);
    ck_assert(harts[0].mip & MIP_MEIP);
    ck_assert_uint_eq(ld(CLAIM(0), 4), 40);
    ck_assert(!(harts[0].mip & MIP_MEIP));     /* 3 is below threshold */
    st(THRESHOLD(0), 4, 1);
    ck_assert(harts[0].mip & MIP_MEIP);

    /* Context 3 is hart 1's S-mode. */
    st(ENABLE(3), 4, 1u << 3);
    ck_assert(harts[1].mip & MIP_SEIP);
    ck_assert(!(harts[1].mip & MIP_MEIP));
    ck_assert_uint_eq(ld(CLAIM(3), 4), 3);
    ck_assert(!(harts[1].mip & MIP_SEIP));
    ck_assert(!(harts[0].mip & MIP_MEIP));     /* claimed for everyone */

    /* Completion of a source not enabled for the context is ignored. */
    st(CLAIM(1), 4, 3);
    ck_assert_uint_eq(ld(PENDING, 4) & (1u << 3), 0);
    st(CLAIM(3), 4, 3);
    ck_assert_uint_eq(ld(PENDING, 4) & (1u << 3), 1u << 3);
    plic_free(p);
}
END_TEST

START_TEST(plic_registers)
{
    struct plic *p = plic_new(&bus, PLIC, hart_ptrs, 2);
    st(PRIO(1), 4, 0xff);
    ck_assert_uint_eq(ld(PRIO(1), 4), 7);      /* 7 priority levels */
    st(PRIO(0), 4, 5);
    ck_assert_uint_eq(ld(PRIO(0), 4), 0);      /* source 0 does not exist */
    st(ENABLE(2), 4, 0xffffffff);
    ck_assert_uint_eq(ld(ENABLE(2), 4), 0xfffffffe);
    st(THRESHOLD(2), 4, 0x1f);
    ck_assert_uint_eq(ld(THRESHOLD(2), 4), 7);
    /* A line dropped before the claim is no longer pending. */
    st(PRIO(9), 4, 1);
    st(ENABLE(0), 4, 1u << 9);
    plic_set_irq(p, 9, true);
    plic_set_irq(p, 9, false);
    ck_assert_uint_eq(ld(CLAIM(0), 4), 0);
    ck_assert(!(harts[0].mip & MIP_MEIP));
    /* Out-of-range sources, contexts and odd sizes do nothing. */
    plic_set_irq(p, 0, true);
    plic_set_irq(p, 96, true);
    plic_set_irq(p, -1, true);
    ck_assert_uint_eq(ld(THRESHOLD(4), 4), 0);
    st(THRESHOLD(4), 4, 3);
    /* Byte and halfword accesses are access faults (QEMU's PLIC takes 4 only). */
    uint64_t v;
    ck_assert(!bus_load(&bus, PRIO(1), 1, &v));
    ck_assert(!bus_store(&bus, PRIO(1), 2, 7));
    ck_assert_uint_eq(ld(PLIC + 0x5ffffc, 4), 0);
    plic_free(p);
}
END_TEST

/* --- UART --------------------------------------------------------------- */

#define UART 0x10000000ull
enum { RBR = 0, THR = 0, IER = 1, IIR = 2, FCR = 2, LCR = 3, MCR = 4,
       LSR = 5, MSR = 6, SCR = 7 };

static uint8_t tx_buf[64];
static int tx_len;
static bool irq_level;
static int irq_line_seen;

static void tx_cb(void *opaque, uint8_t b)
{
    if (tx_len < (int)sizeof(tx_buf))
        tx_buf[tx_len++] = b;
}

static void irq_cb(void *opaque, int line, bool level)
{
    irq_line_seen = line;
    irq_level = level;
}

static struct uart *uart_setup(void)
{
    tx_len = 0;
    irq_level = false;
    irq_line_seen = -1;
    struct uart *u = uart_new(&bus, UART, irq_cb, NULL, 10, tx_cb, NULL);
    ck_assert_ptr_nonnull(u);
    return u;
}

static uint8_t ur(unsigned reg)
{
    return (uint8_t)ld(UART + reg, 1);
}

static void uw(unsigned reg, uint8_t v)
{
    st(UART + reg, 1, v);
}

START_TEST(uart_transmit)
{
    struct uart *u = uart_setup();
    ck_assert_uint_eq(ur(LSR), 0x60);           /* THRE | TEMT */
    ck_assert_uint_eq(ur(IIR), 0x01);           /* no interrupt */
    uw(THR, 'O');
    uw(THR, 'K');
    ck_assert_int_eq(tx_len, 2);
    ck_assert_uint_eq(tx_buf[0], 'O');
    ck_assert_uint_eq(tx_buf[1], 'K');
    ck_assert(!irq_level);                      /* IER is 0 */
    uart_free(u);
}
END_TEST

START_TEST(uart_receive_fifo)
{
    struct uart *u = uart_setup();
    /* Without FIFOs there is one holding register. */
    ck_assert(uart_can_receive(u));
    uart_receive(u, 'a');
    ck_assert(!uart_can_receive(u));
    ck_assert_uint_eq(ur(LSR) & 0x01, 0x01);
    ck_assert(!irq_level);
    uw(IER, 0x01);
    ck_assert(irq_level);
    ck_assert_int_eq(irq_line_seen, 10);
    ck_assert_uint_eq(ur(IIR), 0x04);           /* RX data available */
    ck_assert_uint_eq(ur(RBR), 'a');
    ck_assert_uint_eq(ur(LSR) & 0x01, 0);
    ck_assert(!irq_level);
    ck_assert_uint_eq(ur(IIR), 0x01);

    /* FIFO on, trigger level 1. */
    uw(FCR, 0x01);
    ck_assert_uint_eq(ur(IIR), 0xc1);           /* FIFO-enabled bits */
    uart_receive(u, '1');
    uart_receive(u, '2');
    uart_receive(u, '3');
    ck_assert(irq_level);
    ck_assert_uint_eq(ur(IIR), 0xc4);
    ck_assert_uint_eq(ur(RBR), '1');
    ck_assert_uint_eq(ur(RBR), '2');
    ck_assert_uint_eq(ur(RBR), '3');
    ck_assert_uint_eq(ur(LSR) & 0x01, 0);
    ck_assert(!irq_level);

    /* Trigger level 8 (FCR[7:6] = 10): fewer bytes report a timeout. */
    uw(FCR, 0x81);
    uart_receive(u, 'x');
    ck_assert_uint_eq(ur(IIR), 0xcc);
    for (int i = 1; i < 8; i++)
        uart_receive(u, (uint8_t)('x' + i));
    ck_assert_uint_eq(ur(IIR), 0xc4);
    /* FCR bit 1 empties the receive FIFO. */
    uw(FCR, 0x83);
    ck_assert_uint_eq(ur(LSR) & 0x01, 0);
    ck_assert(!irq_level);

    /* 16 bytes fill it; the 17th is an overrun. */
    for (int i = 0; i < 16; i++) {
        ck_assert(uart_can_receive(u));
        uart_receive(u, (uint8_t)i);
    }
    ck_assert(!uart_can_receive(u));
    uart_receive(u, 0xee);
    ck_assert_uint_eq(ur(LSR), 0x63);           /* DR | OE | THRE | TEMT */
    ck_assert_uint_eq(ur(LSR), 0x61);           /* OE clears on read */
    for (int i = 0; i < 16; i++)
        ck_assert_uint_eq(ur(RBR), i);
    ck_assert_uint_eq(ur(LSR), 0x60);
    uart_free(u);
}
END_TEST

START_TEST(uart_iir_priorities)
{
    struct uart *u = uart_setup();
    uw(FCR, 0x01);
    for (int i = 0; i < 17; i++)                /* overrun as well */
        uart_receive(u, 'z');
    uw(IER, 0x0f);
    ck_assert(irq_level);
    ck_assert_uint_eq(ur(IIR), 0xc6);           /* line status first */
    ck_assert_uint_eq(ur(LSR) & 0x02, 0x02);
    ck_assert_uint_eq(ur(IIR), 0xc4);           /* then received data */
    for (int i = 0; i < 16; i++)
        ur(RBR);
    ck_assert(irq_level);
    ck_assert_uint_eq(ur(IIR), 0xc2);           /* then THR empty... */
    ck_assert_uint_eq(ur(IIR), 0xc1);           /* ...acknowledged by IIR */
    ck_assert(!irq_level);

    /* Modem status is last: loopback with RTS set changes CTS. */
    uw(MCR, 0x12);
    ck_assert(irq_level);
    ck_assert_uint_eq(ur(IIR), 0xc0);
    /* Before: the host lines DCD, DSR, CTS (0xb0).  In loopback CTS
     * follows RTS (1), DSR follows DTR (0), DCD follows OUT2 (0): CTS
     * unchanged, DDSR and DDCD latched. */
    ck_assert_uint_eq(ur(MSR), 0x10 | 0x02 | 0x08);
    ck_assert_uint_eq(ur(MSR) & 0x0f, 0);       /* deltas clear on read */
    ck_assert_uint_eq(ur(IIR), 0xc1);
    ck_assert(!irq_level);
    uart_free(u);
}
END_TEST

START_TEST(uart_thre_rearm)
{
    /* The sequence serial8250_do_startup() uses to detect UARTs that do
     * not re-assert THRE. */
    struct uart *u = uart_setup();
    uw(IER, 0x02);
    ck_assert(irq_level);
    ck_assert_uint_eq(ur(IIR), 0x02);
    ck_assert(!irq_level);
    ck_assert_uint_eq(ur(IIR), 0x01);
    uw(IER, 0x00);
    uw(IER, 0x02);
    ck_assert_uint_eq(ur(IIR), 0x02);
    /* Writing THR re-arms it once the byte has gone. */
    uw(THR, 'q');
    ck_assert(irq_level);
    ck_assert_uint_eq(ur(IIR), 0x02);
    ck_assert(!irq_level);
    uart_free(u);
}
END_TEST

START_TEST(uart_dlab_scr_loopback)
{
    struct uart *u = uart_setup();
    uw(IER, 0x05);
    uw(LCR, 0x83);                              /* DLAB, 8N1 */
    uw(0, 0x0c);
    uw(1, 0x01);
    ck_assert_uint_eq(ur(0), 0x0c);
    ck_assert_uint_eq(ur(1), 0x01);
    ck_assert_int_eq(tx_len, 0);                /* DLL is not THR */
    uw(LCR, 0x03);
    ck_assert_uint_eq(ur(LCR), 0x03);
    ck_assert_uint_eq(ur(IER), 0x05);           /* IER was kept */
    uw(LCR, 0x80);
    ck_assert_uint_eq(ur(0), 0x0c);             /* divisor was kept */
    uw(LCR, 0x03);

    uw(SCR, 0x5a);
    ck_assert_uint_eq(ur(SCR), 0x5a);

    uw(MCR, 0x10);                              /* loopback */
    ck_assert(!uart_can_receive(u));
    uw(THR, 'L');
    ck_assert_int_eq(tx_len, 0);
    ck_assert_uint_eq(ur(LSR) & 0x01, 0x01);
    ck_assert_uint_eq(ur(RBR), 'L');
    uw(MCR, 0x00);
    ck_assert(uart_can_receive(u));
    uw(THR, 'M');
    ck_assert_int_eq(tx_len, 1);
    /* Unused offsets and wide accesses do not crash. */
    ck_assert_uint_eq(ld(UART + 0x80, 4), 0);
    st(UART + 0x80, 8, ~0ull);
    uart_free(u);
}
END_TEST

/* --- syscon --------------------------------------------------------------- */

#define SYSCON 0x100000ull
static int sys_kind, sys_code, sys_calls;

static void sys_action(void *opaque, int kind, int code)
{
    sys_kind = kind;
    sys_code = code;
    sys_calls++;
}

START_TEST(syscon_actions)
{
    sys_calls = 0;
    struct syscon *s = syscon_new(&bus, SYSCON, sys_action, NULL);
    ck_assert_ptr_nonnull(s);
    st(SYSCON, 4, 0x5555);
    ck_assert_int_eq(sys_calls, 1);
    ck_assert_int_eq(sys_kind, SYSCON_POWEROFF);
    st(SYSCON, 4, 0x7777);
    ck_assert_int_eq(sys_calls, 2);
    ck_assert_int_eq(sys_kind, SYSCON_RESET);
    st(SYSCON, 4, (3u << 16) | 0x3333);
    ck_assert_int_eq(sys_calls, 3);
    ck_assert_int_eq(sys_kind, SYSCON_FAIL);
    ck_assert_int_eq(sys_code, 3);
    st(SYSCON, 2, 0x7777);                      /* OpenSBI's reboot: a half-word */
    ck_assert_int_eq(sys_calls, 4);
    ck_assert_int_eq(sys_kind, SYSCON_RESET);
    st(SYSCON, 4, 0x1234);                      /* not a command */
    st(SYSCON + 4, 4, 0x5555);                  /* not the register */
    st(SYSCON, 1, 0x55);                        /* too narrow for a command */
    ck_assert_int_eq(sys_calls, 4);
    ck_assert_uint_eq(ld(SYSCON, 4), 0);
    syscon_free(s);
}
END_TEST

/* --- Goldfish RTC ----------------------------------------------------------- */

#define RTC 0x101000ull

static uint64_t rtc_read_time(void)
{
    uint64_t lo = ld(RTC + 0x00, 4);
    uint64_t hi = ld(RTC + 0x04, 4);
    return hi << 32 | lo;
}

static uint64_t host_realtime(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

START_TEST(rtc_time)
{
    irq_level = false;
    struct goldfish_rtc *r = goldfish_rtc_new(&bus, RTC, irq_cb, NULL, 11);
    ck_assert_ptr_nonnull(r);
    uint64_t before = host_realtime();
    uint64_t t1 = rtc_read_time();
    uint64_t t2 = rtc_read_time();
    uint64_t after = host_realtime();
    ck_assert_uint_ge(t1, before);
    ck_assert_uint_ge(t2, t1);
    ck_assert_uint_le(t2, after);

    /* Linux's set_time writes TIME_HIGH, then TIME_LOW. */
    uint64_t want = 1000000000ull * 86400 * 365;    /* about 1971 */
    st(RTC + 0x04, 4, want >> 32);
    st(RTC + 0x00, 4, (uint32_t)want);
    uint64_t t3 = rtc_read_time();
    ck_assert_uint_ge(t3, want);
    ck_assert_uint_lt(t3, want + 1000000000ull);
    goldfish_rtc_free(r);
}
END_TEST

START_TEST(rtc_alarm)
{
    irq_level = false;
    struct goldfish_rtc *r = goldfish_rtc_new(&bus, RTC, irq_cb, NULL, 11);
    ck_assert_uint_eq(goldfish_rtc_ns_until_alarm(r), UINT64_MAX);
    /* An alarm an hour ahead stays armed. */
    uint64_t when = rtc_read_time() + 3600 * 1000000000ull;
    st(RTC + 0x0c, 4, when >> 32);
    st(RTC + 0x08, 4, (uint32_t)when);
    st(RTC + 0x10, 4, 1);
    ck_assert_uint_eq(ld(RTC + 0x18, 4), 1);
    ck_assert_uint_gt(goldfish_rtc_ns_until_alarm(r), 3000 * 1000000000ull);
    ck_assert(!irq_level);
    st(RTC + 0x14, 4, 1);                       /* CLEAR_ALARM */
    ck_assert_uint_eq(ld(RTC + 0x18, 4), 0);
    /* One in the past fires at once. */
    st(RTC + 0x0c, 4, 0);
    st(RTC + 0x08, 4, 1);
    ck_assert(irq_level);
    ck_assert_int_eq(irq_line_seen, 11);
    ck_assert_uint_eq(ld(RTC + 0x18, 4), 0);
    st(RTC + 0x1c, 4, 1);                       /* CLEAR_INTERRUPT */
    ck_assert(!irq_level);
    ck_assert_uint_eq(ld(RTC + 0x100, 4), 0);
    uint64_t v;                                 /* 64-bit: an access fault, */
    ck_assert(!bus_load(&bus, RTC + 0x00, 8, &v));  /* as on QEMU's goldfish-rtc */
    goldfish_rtc_free(r);
}
END_TEST

/* --- HTIF ----------------------------------------------------------------- */

#define TOHOST (RAM_BASE + 0x1000)
#define FROMHOST (RAM_BASE + 0x1040)

static int exit_calls, exit_code;
static char *out_buf;
static size_t out_len;

static void exit_cb(void *opaque, int code)
{
    exit_calls++;
    exit_code = code;
}

static struct htif *htif_setup(FILE **out)
{
    exit_calls = 0;
    exit_code = -1;
    *out = open_memstream(&out_buf, &out_len);
    ck_assert_ptr_nonnull(*out);
    struct htif *h = htif_new(&bus, TOHOST, FROMHOST, exit_cb, NULL, *out);
    ck_assert_ptr_nonnull(h);
    return h;
}

static void htif_teardown(struct htif *h, FILE *out)
{
    htif_free(h);
    fclose(out);
    free(out_buf);
    out_buf = NULL;
}

START_TEST(htif_exit_codes)
{
    FILE *out;
    struct htif *h = htif_setup(&out);
    st(TOHOST, 8, 1);
    ck_assert_int_eq(exit_calls, 1);
    ck_assert_int_eq(exit_code, 0);
    ck_assert_uint_eq(ld(TOHOST, 8), 0);
    ck_assert_uint_eq(le_load(bus_ram_ptr(&bus, TOHOST, 8), 8), 0);

    st(TOHOST, 8, (5 << 1) | 1);
    ck_assert_int_eq(exit_calls, 2);
    ck_assert_int_eq(exit_code, 5);

    /* riscv-test-env: sw TESTNUM, tohost; sw zero, tohost + 4.  The low
     * word alone is a complete exit request (arch-test models stop there). */
    st(TOHOST, 4, (3 << 1) | 1);
    ck_assert_int_eq(exit_calls, 3);
    ck_assert_int_eq(exit_code, 3);
    ck_assert_uint_eq(ld(TOHOST, 8), 0);
    ck_assert_uint_eq(le_load(bus_ram_ptr(&bus, TOHOST, 8), 8), 0);
    st(TOHOST + 4, 4, 0);
    ck_assert_int_eq(exit_calls, 3);
    ck_assert_int_eq(exit_code, 3);
    ck_assert_uint_eq(ld(TOHOST, 8), 0);
    htif_teardown(h, out);
}
END_TEST

START_TEST(htif_console)
{
    FILE *out;
    struct htif *h = htif_setup(&out);
    st(TOHOST, 8, (1ull << 56) | (1ull << 48) | 'H');
    st(TOHOST, 8, (1ull << 56) | (1ull << 48) | 'i');
    ck_assert_uint_eq(out_len, 2);
    ck_assert_mem_eq(out_buf, "Hi", 2);
    ck_assert_uint_eq(ld(TOHOST, 8), 0);
    ck_assert_uint_eq(ld(FROMHOST, 8), (1ull << 56) | (1ull << 48));
    ck_assert_uint_eq(le_load(bus_ram_ptr(&bus, FROMHOST, 8), 8),
                      (1ull << 56) | (1ull << 48));
    st(FROMHOST, 8, 0);                         /* the guest acknowledges */
    ck_assert_uint_eq(ld(FROMHOST, 8), 0);
    /* A 64-bit command stored low word first waits for its high word;
     * the RAM copy shows the half-written value meanwhile. */
    st(TOHOST, 4, '*');           /* even: not an exit request */
    ck_assert_uint_eq(out_len, 2);
    ck_assert_uint_eq(le_load(bus_ram_ptr(&bus, TOHOST, 8), 8), '*');
    st(TOHOST + 4, 4, 0x01010000);
    ck_assert_uint_eq(out_len, 3);
    ck_assert_mem_eq(out_buf, "Hi*", 3);
    ck_assert_uint_eq(ld(TOHOST, 8), 0);
    st(FROMHOST, 8, 0);
    /* getchar without input: taken, but not answered. */
    st(TOHOST, 8, 1ull << 56);
    ck_assert_uint_eq(ld(TOHOST, 8), 0);
    ck_assert_uint_eq(ld(FROMHOST, 8), 0);
    ck_assert_int_eq(exit_calls, 0);
    htif_teardown(h, out);
}
END_TEST

static void put_magic(uint64_t addr, uint64_t which, uint64_t a0, uint64_t a1,
                      uint64_t a2)
{
    uint64_t m[8] = {which, a0, a1, a2, 0, 0, 0, 0};
    for (int i = 0; i < 8; i++)
        le_store(bus_ram_ptr(&bus, addr + 8 * i, 8), 8, m[i]);
}

START_TEST(htif_magic_mem)
{
    FILE *out;
    struct htif *h = htif_setup(&out);
    uint64_t magic = RAM_BASE + 0x2000, buf = RAM_BASE + 0x3000;
    memcpy(bus_ram_ptr(&bus, buf, 5), "hello", 5);
    put_magic(magic, 64, 1, buf, 5);            /* write(1, buf, 5) */
    st(TOHOST, 8, magic);
    ck_assert_uint_eq(out_len, 5);
    ck_assert_mem_eq(out_buf, "hello", 5);
    ck_assert_uint_eq(le_load(bus_ram_ptr(&bus, magic, 8), 8), 5);
    ck_assert_uint_ne(ld(FROMHOST, 8), 0);
    ck_assert_uint_eq(ld(TOHOST, 8), 0);
    st(FROMHOST, 8, 0);

    put_magic(magic, 64, 7, buf, 5);            /* bad fd: -EBADF */
    st(TOHOST, 8, magic);
    ck_assert_uint_eq(le_load(bus_ram_ptr(&bus, magic, 8), 8), (uint64_t)-9);
    put_magic(magic, 1234, 0, 0, 0);            /* unknown: -ENOSYS */
    st(TOHOST, 8, magic);
    ck_assert_uint_eq(le_load(bus_ram_ptr(&bus, magic, 8), 8), (uint64_t)-38);
    put_magic(magic, 64, 1, 0x1000, 4);         /* buffer not in RAM */
    st(TOHOST, 8, magic);
    ck_assert_uint_eq(le_load(bus_ram_ptr(&bus, magic, 8), 8), (uint64_t)-14);
    ck_assert_int_eq(exit_calls, 0);

    put_magic(magic, 93, 42, 0, 0);             /* exit(42) */
    st(TOHOST, 8, magic);
    ck_assert_int_eq(exit_calls, 1);
    ck_assert_int_eq(exit_code, 42);
    /* A block outside RAM is answered without crashing. */
    st(FROMHOST, 8, 0);
    st(TOHOST, 8, 0x1000);
    ck_assert_uint_ne(ld(FROMHOST, 8), 0);
    ck_assert_uint_eq(out_len, 5);
    htif_teardown(h, out);
}
END_TEST

static Suite *devices_suite(void)
{
    Suite *s = suite_create("devices");
    struct { const char *name; const TTest *t; } tests[] = {
        {"clint", clint_timer_compare_virtual},
        {"clint", clint_32bit_halves},
        {"clint", clint_msip},
        {"clint", clint_real_time},
        {"plic", plic_priority_and_claim},
        {"plic", plic_threshold_and_contexts},
        {"plic", plic_registers},
        {"uart", uart_transmit},
        {"uart", uart_receive_fifo},
        {"uart", uart_iir_priorities},
        {"uart", uart_thre_rearm},
        {"uart", uart_dlab_scr_loopback},
        {"syscon", syscon_actions},
        {"rtc", rtc_time},
        {"rtc", rtc_alarm},
        {"htif", htif_exit_codes},
        {"htif", htif_console},
        {"htif", htif_magic_mem},
    };
    for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
        TCase *tc = tcase_create(tests[i].name);
        tcase_add_checked_fixture(tc, setup, teardown);
        tcase_add_test(tc, tests[i].t);
        suite_add_tcase(s, tc);
    }
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(devices_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
