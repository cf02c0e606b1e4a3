/* SiFive CLINT (core-local interruptor) as on QEMU's virt board: per-hart
 * software interrupt (msip) and timer compare (mtimecmp) registers and the
 * shared 10 MHz mtime counter. */
#ifndef RVX_DEVICES_CLINT_H
#define RVX_DEVICES_CLINT_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/device.h"

struct bus;
struct hart;
struct clint;

#define CLINT_MMIO_SIZE 0x10000ull
#define CLINT_FREQ_HZ 10000000ull       /* timebase-frequency in the DT */
#define CLINT_MAX_HARTS 4095            /* mtimecmp array ends at mtime */

/* Registers the CLINT at base.  harts[] (nharts entries, which may be
 * NULL) receive MSIP and MTIP; the array is copied.  Returns NULL if
 * nharts is out of range or the bus is full. */
struct clint *clint_new(struct bus *bus, uint64_t base, struct hart **harts,
                        int nharts);
void clint_free(struct clint *c);

/* The board's constructor (ctx: base, harts, nharts). */
struct device *clint_create(const struct device_ctx *ctx);
struct device *clint_device(struct clint *c);

/* Current mtime value. */
uint64_t clint_mtime(struct clint *c);
/* Same, with the signature of hart->read_time (opaque is the clint). */
uint64_t clint_read_time(void *opaque);

/* Sets or clears MTIP on every hart from mtime >= mtimecmp, and STIP
 * from the hart's stimecmp (hart_timer_update). */
void clint_update(struct clint *c);

/* Nanoseconds until the earliest mtimecmp (or a hart's Sstc stimecmp)
 * still in the future is reached, UINT64_MAX if no hart has one.  Deadlines already passed are not
 * counted: they show in MTIP (after clint_update).  In virtual-time mode
 * the value is the tick distance converted at 10 MHz. */
uint64_t clint_ns_until_next_timer(struct clint *c);

/* Deterministic mode: mtime stops following the host clock and moves only
 * through clint_advance().  Switching keeps mtime continuous. */
void clint_set_virtual_time(struct clint *c, bool on);
void clint_advance(struct clint *c, uint64_t ticks);

#endif
