/* Berkeley HTIF (host-target interface) through the tohost/fromhost words
 * of a bare-metal ELF, as riscv-tests, riscv-arch-test and Spike use it:
 * test exit codes, the console, and "magic memory" syscalls. */
#ifndef RVX_DEVICES_HTIF_H
#define RVX_DEVICES_HTIF_H

#include <stdint.h>
#include <stdio.h>

#include "devices/device.h"

struct bus;
struct htif;

/* Overlays the 8-byte words at tohost_addr and fromhost_addr (0 if the ELF
 * has none: then no responses are given) with MMIO regions; their RAM
 * copies are kept in step so ordinary loads see the same values.
 * exit_fn(opaque, code) is called for an exit request (code 0 = pass);
 * a guest that keeps writing its exit request gets more calls.  Console
 * output and SYS_write data go to console_out (NULL discards them).
 * Returns NULL if the bus has no room. */
struct htif *htif_new(struct bus *bus, uint64_t tohost_addr,
                      uint64_t fromhost_addr,
                      void (*exit_fn)(void *opaque, int code), void *opaque,
                      FILE *console_out);
void htif_free(struct htif *h);

/* Its place in the board's device list (reset, teardown, snapshots). */
struct device *htif_device(struct htif *h);

#endif
