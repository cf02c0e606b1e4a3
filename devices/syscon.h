/* SiFive test finisher ("sifive,test1" in QEMU virt, at 0x100000): the
 * guest powers off, resets or fails the machine by writing one word.
 * Linux drives it through syscon-poweroff (value 0x5555) and
 * syscon-reboot (value 0x7777). */
#ifndef RVX_DEVICES_SYSCON_H
#define RVX_DEVICES_SYSCON_H

#include <stdint.h>

#include "devices/device.h"

struct bus;
struct syscon;

#define SYSCON_MMIO_SIZE 0x1000ull

/* Values written to offset 0 (low 16 bits; bits 31:16 carry the exit code
 * of a FAIL). */
#define SYSCON_VAL_FAIL 0x3333u
#define SYSCON_VAL_PASS 0x5555u
#define SYSCON_VAL_RESET 0x7777u

enum syscon_kind { SYSCON_POWEROFF, SYSCON_RESET, SYSCON_FAIL };

/* action(opaque, kind, code): code is 0 for POWEROFF and RESET, the
 * guest's exit code for FAIL. */
struct syscon *syscon_new(struct bus *bus, uint64_t base,
                          void (*action)(void *opaque, int kind, int code),
                          void *opaque);
void syscon_free(struct syscon *s);

/* The board's constructor (ctx: base, power, host). */
struct device *syscon_create(const struct device_ctx *ctx);
struct device *syscon_device(struct syscon *s);

#endif
