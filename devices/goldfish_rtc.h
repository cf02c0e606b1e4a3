/* Goldfish RTC ("google,goldfish-rtc" in QEMU virt, at 0x101000): wall
 * clock time in nanoseconds since the epoch, plus one alarm. */
#ifndef RVX_DEVICES_GOLDFISH_RTC_H
#define RVX_DEVICES_GOLDFISH_RTC_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/device.h"

struct bus;
struct goldfish_rtc;

#define GOLDFISH_RTC_MMIO_SIZE 0x1000ull

/* Time follows the host's CLOCK_REALTIME until the guest sets it; irq
 * (may be NULL) is called when the interrupt output changes. */
struct goldfish_rtc *goldfish_rtc_new(struct bus *bus, uint64_t base,
                                      void (*irq)(void *opaque, int line,
                                                  bool level),
                                      void *irq_opaque, int irq_line);
void goldfish_rtc_free(struct goldfish_rtc *r);

/* The board's constructor (ctx: base, irq, irq_fn). */
struct device *goldfish_rtc_create(const struct device_ctx *ctx);
struct device *goldfish_rtc_device(struct goldfish_rtc *r);

/* Fires an armed alarm whose time has come.  Register accesses do this
 * too; the run loop calls it to deliver alarms to an idle guest. */
void goldfish_rtc_update(struct goldfish_rtc *r);
/* Nanoseconds until the armed alarm fires (0 if due), UINT64_MAX if none. */
uint64_t goldfish_rtc_ns_until_alarm(struct goldfish_rtc *r);

/* Deterministic mode: the RTC reads clock(opaque) (nanoseconds since the
 * epoch) instead of the host's realtime clock, which is
 * goldfish_rtc_host_ns(). */
void goldfish_rtc_set_clock(struct goldfish_rtc *r, uint64_t (*clock)(void *opaque),
                            void *opaque);
uint64_t goldfish_rtc_host_ns(void);

#endif
