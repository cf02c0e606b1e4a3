/* 16550A UART.  Register semantics follow the TI/National PC16550D data
 * sheet; the interrupt rules are the ones Linux's 8250 driver probes for
 * (THRE re-asserts whenever ETBEI is set and the holding register is
 * empty). */
#include "devices/uart16550.h"

#include <stdlib.h>

#include "devices/fdt.h"
#include "devices/recorder.h"
#include "mem/bus.h"

/* Register offsets (reg-shift 0). */
enum {
    REG_RBR_THR_DLL = 0, REG_IER_DLM = 1, REG_IIR_FCR = 2, REG_LCR = 3,
    REG_MCR = 4, REG_LSR = 5, REG_MSR = 6, REG_SCR = 7,
};

#define IER_ERBFI 0x01      /* received data available */
#define IER_ETBEI 0x02      /* transmitter holding register empty */
#define IER_ELSI 0x04       /* receiver line status */
#define IER_EDSSI 0x08      /* modem status */

/* IIR interrupt identification codes, highest priority first (table 4 of
 * the data sheet). */
#define IIR_NONE 0x01
#define IIR_RLS 0x06
#define IIR_RDA 0x04
#define IIR_CTI 0x0c        /* character timeout */
#define IIR_THRE 0x02
#define IIR_MSI 0x00
#define IIR_FIFO_ON 0xc0

#define FCR_ENABLE 0x01
#define FCR_CLEAR_RX 0x02
#define FCR_KEEP 0xc9       /* enable, DMA mode, trigger level */

#define LCR_DLAB 0x80

#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10

#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_ERRORS 0x1e     /* OE, PE, FE, BI: cleared by reading LSR */
#define LSR_THRE 0x20
#define LSR_TEMT 0x40

#define MSR_DCTS 0x01
#define MSR_DDSR 0x02
#define MSR_TERI 0x04
#define MSR_DDCD 0x08
#define MSR_DELTAS 0x0f
#define MSR_CTS 0x10
#define MSR_DSR 0x20
#define MSR_RI 0x40
#define MSR_DCD 0x80
/* Outside loopback the host side looks like a connected, ready modem. */
#define MSR_HOST_LINES (MSR_DCD | MSR_DSR | MSR_CTS)

struct uart {
    struct device dev;          /* first: the device is the state */
    void (*irq)(void *opaque, int line, bool level);
    void *irq_opaque;
    int irq_line;
    void (*tx)(void *opaque, uint8_t byte);
    void *tx_opaque;

    uint8_t rx[UART_FIFO_SIZE];
    unsigned rx_head, rx_count;

    uint8_t ier, lcr, mcr, msr, scr, fcr, dll, dlm;
    uint8_t lsr_errors;         /* latched OE/PE/FE/BI */
    bool thr_ipending;          /* THRE interrupt not yet acknowledged */
    bool irq_level;
    struct recorder *rec;       /* deterministic mode: input goes through it */
};

static bool fifo_on(const struct uart *u)
{
    return u->fcr & FCR_ENABLE;
}

static unsigned rx_capacity(const struct uart *u)
{
    return fifo_on(u) ? UART_FIFO_SIZE : 1;
}

/* FCR bits 7:6 select 1, 4, 8 or 14 bytes. */
static unsigned rx_trigger(const struct uart *u)
{
    static const unsigned levels[4] = {1, 4, 8, 14};
    return fifo_on(u) ? levels[u->fcr >> 6] : 1;
}

static uint8_t lsr(const struct uart *u)
{
    /* Transmission is instantaneous: the holding and shift registers are
     * always empty. */
    return (u->rx_count ? LSR_DR : 0) | u->lsr_errors | LSR_THRE | LSR_TEMT;
}

/* The highest-priority pending, enabled interrupt (IIR bits 3:0).  Data
 * below the FIFO trigger level is reported as a character timeout at once,
 * since nothing more will arrive until the frontend pushes it. */
static uint8_t interrupt_id(const struct uart *u)
{
    if ((u->ier & IER_ELSI) && u->lsr_errors)
        return IIR_RLS;
    if ((u->ier & IER_ERBFI) && u->rx_count)
        return u->rx_count >= rx_trigger(u) ? IIR_RDA : IIR_CTI;
    if ((u->ier & IER_ETBEI) && u->thr_ipending)
        return IIR_THRE;
    if ((u->ier & IER_EDSSI) && (u->msr & MSR_DELTAS))
        return IIR_MSI;
    return IIR_NONE;
}

static void update_irq(struct uart *u)
{
    bool level = interrupt_id(u) != IIR_NONE;
    if (level != u->irq_level) {
        u->irq_level = level;
        if (u->irq)
            u->irq(u->irq_opaque, u->irq_line, level);
    }
}

static void rx_clear(struct uart *u)
{
    u->rx_head = u->rx_count = 0;
}

static void rx_push(struct uart *u, uint8_t byte)
{
    if (u->rx_count >= rx_capacity(u)) {
        u->lsr_errors |= LSR_OE;    /* the byte is lost */
        return;
    }
    u->rx[(u->rx_head + u->rx_count) % UART_FIFO_SIZE] = byte;
    u->rx_count++;
}

static uint8_t rx_pop(struct uart *u)
{
    if (!u->rx_count)
        return 0;
    uint8_t b = u->rx[u->rx_head];
    u->rx_head = (u->rx_head + 1) % UART_FIFO_SIZE;
    u->rx_count--;
    return b;
}

bool uart_can_receive(struct uart *u)
{
    /* In loopback the serial input is disconnected. */
    return !(u->mcr & MCR_LOOP) && u->rx_count < rx_capacity(u);
}

static void receive(struct uart *u, uint8_t byte)
{
    if (u->mcr & MCR_LOOP)
        return;
    rx_push(u, byte);
    update_irq(u);
}

/* Host input passes the recorder (logged with its instruction count, or
 * ignored while a log is replayed; the log's bytes come in through
 * replay_byte at their instruction counts). */
void uart_receive(struct uart *u, uint8_t byte)
{
    if (recorder_async(u->rec, REC_UART, &byte, 1))
        receive(u, byte);
}

static void replay_byte(void *opaque, const uint8_t *data, size_t len)
{
    if (len == 1)
        receive(opaque, data[0]);
}

void uart_set_recorder(struct uart *u, struct recorder *rec)
{
    u->rec = rec;
    recorder_on_deliver(rec, REC_UART, replay_byte, u);
}

/* Loads new CTS/DSR/RI/DCD levels and latches the delta bits: any change
 * of CTS, DSR or DCD, and the trailing (1 -> 0) edge of RI. */
static void set_modem_lines(struct uart *u, uint8_t lines)
{
    uint8_t old = u->msr;
    uint8_t d = u->msr & MSR_DELTAS;
    if ((old ^ lines) & MSR_CTS)
        d |= MSR_DCTS;
    if ((old ^ lines) & MSR_DSR)
        d |= MSR_DDSR;
    if ((old & MSR_RI) && !(lines & MSR_RI))
        d |= MSR_TERI;
    if ((old ^ lines) & MSR_DCD)
        d |= MSR_DDCD;
    u->msr = (uint8_t)(lines | d);
}

/* In loopback the modem outputs drive the inputs: RTS->CTS, DTR->DSR,
 * OUT1->RI, OUT2->DCD. */
static uint8_t modem_inputs(const struct uart *u)
{
    if (!(u->mcr & MCR_LOOP))
        return MSR_HOST_LINES;
    return (uint8_t)(((u->mcr & MCR_RTS) ? MSR_CTS : 0) |
                     ((u->mcr & MCR_DTR) ? MSR_DSR : 0) |
                     ((u->mcr & MCR_OUT1) ? MSR_RI : 0) |
                     ((u->mcr & MCR_OUT2) ? MSR_DCD : 0));
}

static void write_thr(struct uart *u, uint8_t byte)
{
    if (u->mcr & MCR_LOOP)
        rx_push(u, byte);
    else if (u->tx)
        u->tx(u->tx_opaque, byte);
    /* The byte left at once, so THR is empty again: THRE re-asserts. */
    u->thr_ipending = true;
}

static void write_ier(struct uart *u, uint8_t v)
{
    uint8_t old = u->ier;
    u->ier = v & 0x0f;
    /* Enabling ETBEI with an empty THR raises THRE immediately; Linux's
     * 8250 startup checks that it is raised again after IER is toggled. */
    if (!(old & IER_ETBEI) && (u->ier & IER_ETBEI))
        u->thr_ipending = true;
}

static void write_fcr(struct uart *u, uint8_t v)
{
    /* Changing FCR0 empties both FIFOs; the other bits are only written
     * while FCR0 is 1. */
    if ((v ^ u->fcr) & FCR_ENABLE)
        rx_clear(u);
    if (!(v & FCR_ENABLE)) {
        u->fcr = 0;
        return;
    }
    if (v & FCR_CLEAR_RX)
        rx_clear(u);
    u->fcr = v & FCR_KEEP;
}

static uint8_t read_reg(struct uart *u, unsigned reg)
{
    bool dlab = u->lcr & LCR_DLAB;
    uint8_t v;
    switch (reg) {
    case REG_RBR_THR_DLL:
        return dlab ? u->dll : rx_pop(u);
    case REG_IER_DLM:
        return dlab ? u->dlm : u->ier;
    case REG_IIR_FCR:
        v = interrupt_id(u);
        /* Reading IIR acknowledges a THRE interrupt it reports. */
        if (v == IIR_THRE)
            u->thr_ipending = false;
        return (uint8_t)(v | (fifo_on(u) ? IIR_FIFO_ON : 0));
    case REG_LCR:
        return u->lcr;
    case REG_MCR:
        return u->mcr;
    case REG_LSR:
        v = lsr(u);
        u->lsr_errors = 0;
        return v;
    case REG_MSR:
        v = u->msr;
        u->msr &= (uint8_t)~MSR_DELTAS;
        return v;
    case REG_SCR:
        return u->scr;
    }
    return 0;
}

static void write_reg(struct uart *u, unsigned reg, uint8_t v)
{
    bool dlab = u->lcr & LCR_DLAB;
    switch (reg) {
    case REG_RBR_THR_DLL:
        if (dlab)
            u->dll = v;
        else
            write_thr(u, v);
        break;
    case REG_IER_DLM:
        if (dlab)
            u->dlm = v;
        else
            write_ier(u, v);
        break;
    case REG_IIR_FCR:
        write_fcr(u, v);
        break;
    case REG_LCR:
        u->lcr = v;
        break;
    case REG_MCR:
        u->mcr = v & 0x1f;
        set_modem_lines(u, modem_inputs(u));
        break;
    case REG_LSR:
        break;                  /* LSR is read-only here (factory test) */
    case REG_MSR:
        break;
    case REG_SCR:
        u->scr = v;
        break;
    }
}

/* What a read of reg returns, with no side effect: RBR shows the byte at
 * the head of the FIFO without popping it, IIR does not acknowledge THRE,
 * LSR and MSR keep their latched error and delta bits. */
static uint8_t peek_reg(const struct uart *u, unsigned reg)
{
    bool dlab = u->lcr & LCR_DLAB;
    switch (reg) {
    case REG_RBR_THR_DLL:
        return dlab ? u->dll : u->rx_count ? u->rx[u->rx_head] : 0;
    case REG_IER_DLM:
        return dlab ? u->dlm : u->ier;
    case REG_IIR_FCR:
        return (uint8_t)(interrupt_id(u) | (fifo_on(u) ? IIR_FIFO_ON : 0));
    case REG_LCR:
        return u->lcr;
    case REG_MCR:
        return u->mcr;
    case REG_LSR:
        return lsr(u);
    case REG_MSR:
        return u->msr;
    case REG_SCR:
        return u->scr;
    }
    return 0;
}

/* Registers are bytes; a wider access touches only the addressed byte
 * (QEMU's serial_mm accepts 1..8-byte accesses the same way), so every
 * size is accepted. */
static uint64_t uart_read(void *opaque, uint64_t off, unsigned size)
{
    struct uart *u = opaque;
    if (off > REG_SCR)
        return 0;
    uint8_t v = read_reg(u, (unsigned)off);
    update_irq(u);
    return v;
}

static uint64_t uart_peek(void *opaque, uint64_t off, unsigned size)
{
    return off > REG_SCR ? 0 : peek_reg(opaque, (unsigned)off);
}

static void uart_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    struct uart *u = opaque;
    if (off > REG_SCR)
        return;
    write_reg(u, (unsigned)off, (uint8_t)val);
    update_irq(u);
}

/* Power-on state (PC16550D data sheet, table "UART Reset Configuration"):
 * IER = 0, IIR = 0x01 (none pending), FCR = 0 (FIFOs off), LCR = 0,
 * MCR = 0, LSR = 0x60 (THRE | TEMT), MSR deltas 0 with the input lines as
 * the host drives them, FIFOs empty, interrupt output low.  The data sheet
 * leaves SCR and the divisor latch unaffected by the MR pin; at power-on
 * they are 0 here (QEMU clears SCR as well). */
static void uart_reset(struct device *d)
{
    struct uart *u = (struct uart *)d;
    rx_clear(u);
    u->ier = u->lcr = u->mcr = u->scr = u->fcr = 0;
    u->dll = u->dlm = 0;
    u->lsr_errors = 0;
    u->thr_ipending = false;
    u->msr = MSR_HOST_LINES;
    update_irq(u);
}

static void uart_free_dev(struct device *d)
{
    uart_free((struct uart *)d);
}

static int uart_fdt(struct device *d, void *fdt, enum dt_level level,
                    const struct dt_env *env)
{
    (void)env;
    if (level != DT_SOC)
        return 0;
    DT_TRY(dt_begin_node_at(fdt, "serial", d->base));
    DT_TRY(fdt_property_string(fdt, "compatible", "ns16550a"));
    DT_TRY(dt_prop_reg(fdt, d->base, d->size));
    DT_TRY(fdt_property_u32(fdt, "clock-frequency", UART_CLOCK_HZ));
    DT_TRY(dt_prop_plic_irq(fdt, (unsigned)d->irq));
    return fdt_end_node(fdt);
}

static void put8(struct dev_stream *s, uint8_t v) { dev_put(s, &v, 1); }
static uint8_t get8(struct dev_stream *s) { uint8_t v; dev_get(s, &v, 1); return v; }

static bool uart_save(struct device *d, struct dev_stream *out)
{
    struct uart *u = (struct uart *)d;
    uint8_t regs[] = { u->ier, u->lcr, u->mcr, u->msr, u->scr, u->fcr, u->dll,
                       u->dlm, u->lsr_errors, u->thr_ipending,
                       (uint8_t)u->rx_count };
    dev_put(out, regs, sizeof regs);
    for (unsigned i = 0; i < u->rx_count; i++)
        put8(out, u->rx[(u->rx_head + i) % UART_FIFO_SIZE]);
    return !out->error;
}

static bool uart_load(struct device *d, struct dev_stream *in)
{
    struct uart *u = (struct uart *)d;
    uart_reset(d);
    uint8_t regs[11];
    dev_get(in, regs, sizeof regs);
    if (in->error || regs[10] > UART_FIFO_SIZE)
        return false;
    u->ier = regs[0] & 0x0f;
    u->lcr = regs[1];
    u->mcr = regs[2] & 0x1f;
    u->msr = regs[3];
    u->scr = regs[4];
    u->fcr = regs[5] & FCR_KEEP;
    u->dll = regs[6];
    u->dlm = regs[7];
    u->lsr_errors = regs[8] & LSR_ERRORS;
    u->thr_ipending = regs[9] & 1;
    for (unsigned i = 0; i < regs[10]; i++)
        u->rx[i] = get8(in);
    u->rx_count = in->error ? 0 : regs[10];
    update_irq(u);
    if (in->error)
        uart_reset(d);
    return !in->error;
}

static const struct device_ops uart_ops = {
    .name = "uart16550",
    .access = DEV_ACCESS_ANY,
    .read = uart_read,
    .write = uart_write,
    .peek = uart_peek,
    .reset = uart_reset,
    .free = uart_free_dev,
    .fdt_node = uart_fdt,
    .save = uart_save,
    .load = uart_load,
};

struct device *uart_device(struct uart *u)
{
    return &u->dev;
}

struct device *uart_create(const struct device_ctx *ctx)
{
    struct uart *u = calloc(1, sizeof(*u));
    if (!u) {
        device_error(ctx, "out of memory for the UART");
        return NULL;
    }
    u->irq = ctx->irq_fn;
    u->irq_opaque = ctx->irq_opaque;
    u->irq_line = ctx->irq;
    u->tx = ctx->console_tx;
    u->tx_opaque = ctx->host;
    u->msr = MSR_HOST_LINES;
    if (!device_map(ctx->bus, &u->dev, &uart_ops, ctx->base,
                    ctx->size ? ctx->size : UART_MMIO_SIZE, ctx->irq)) {
        device_error(ctx, "no room on the bus for the UART");
        free(u);
        return NULL;
    }
    return &u->dev;
}

struct uart *uart_new(struct bus *bus, uint64_t base,
                      void (*irq)(void *opaque, int line, bool level),
                      void *irq_opaque, int irq_line,
                      void (*tx)(void *opaque, uint8_t byte), void *tx_opaque)
{
    struct device_ctx ctx = {
        .bus = bus, .base = base, .irq = irq_line, .irq_fn = irq,
        .irq_opaque = irq_opaque, .host = tx_opaque, .console_tx = tx,
    };
    return (struct uart *)uart_create(&ctx);
}

void uart_free(struct uart *u)
{
    free(u);
}
