/* 16550A UART ("ns16550a" with reg-shift 0 and 1-byte registers, as Linux's
 * 8250 driver and OpenSBI's uart8250 use it).  Transmission is immediate:
 * every THR write is handed to the tx callback at once. */
#ifndef RVX_DEVICES_UART16550_H
#define RVX_DEVICES_UART16550_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/device.h"

struct bus;
struct uart;

#define UART_MMIO_SIZE 0x100ull     /* the reg size QEMU virt advertises */
#define UART_FIFO_SIZE 16
#define UART_CLOCK_HZ 3686400       /* DT "clock-frequency" as in QEMU virt */

/* irq(irq_opaque, irq_line, level) is called when the interrupt output
 * changes; tx(tx_opaque, byte) receives transmitted bytes.  Either may be
 * NULL. */
struct uart *uart_new(struct bus *bus, uint64_t base,
                      void (*irq)(void *opaque, int line, bool level),
                      void *irq_opaque, int irq_line,
                      void (*tx)(void *opaque, uint8_t byte), void *tx_opaque);
void uart_free(struct uart *u);

/* The board's constructor (ctx: base, irq, irq_fn, console_tx, host). */
struct device *uart_create(const struct device_ctx *ctx);
struct device *uart_device(struct uart *u);

/* True if the receiver has room for another byte (the frontend should
 * hold terminal input back while it is false). */
bool uart_can_receive(struct uart *u);
/* Delivers a byte from the line; if there is no room it is lost and the
 * overrun error is flagged, as on the real chip. */
void uart_receive(struct uart *u, uint8_t byte);

/* Deterministic mode: console input passes rec (devices/recorder.h). */
struct recorder;
void uart_set_recorder(struct uart *u, struct recorder *rec);

#endif
