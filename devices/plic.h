/* SiFive PLIC (platform-level interrupt controller) as on QEMU's virt
 * board: 95 level-triggered sources (1..95), priorities 0..7, two contexts
 * per hart (2h = M-mode -> MEIP, 2h+1 = S-mode -> SEIP). */
#ifndef RVX_DEVICES_PLIC_H
#define RVX_DEVICES_PLIC_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/device.h"

struct bus;
struct hart;
struct plic;

#define PLIC_NUM_SOURCES 96         /* ids 0..95; 0 means "no interrupt" */
#define PLIC_NDEV (PLIC_NUM_SOURCES - 1)    /* DT "riscv,ndev" */
#define PLIC_MAX_PRIORITY 7
#define PLIC_MMIO_SIZE 0x600000ull  /* the reg size QEMU virt advertises */
#define PLIC_MAX_HARTS 512          /* contexts must fit in the region */

/* Registers the PLIC at base; harts[] (may hold NULLs) is copied. */
struct plic *plic_new(struct bus *bus, uint64_t base, struct hart **harts,
                      int nharts);
void plic_free(struct plic *p);

/* The board's constructor (ctx: base, harts, nharts). */
struct device *plic_create(const struct device_ctx *ctx);
struct device *plic_device(struct plic *p);

/* Drives the level of an interrupt line (source 1..95; others ignored). */
void plic_set_irq(struct plic *p, int source, bool level);
/* The same, with the signature devices take for their interrupt output
 * (opaque is the plic). */
void plic_irq_cb(void *plic, int source, bool level);

#endif
