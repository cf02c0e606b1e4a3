/* What the virtio unit tests' small drivers share: the virtio-mmio
 * register offsets (virtio spec 4.2.2, "MMIO Device Register Layout") and
 * register, RAM and descriptor accessors.  The including file defines
 * DEV_BASE and `static struct bus bus;` before including it. */
#ifndef RVX_TESTS_VIRTIO_DRIVER_H
#define RVX_TESTS_VIRTIO_DRIVER_H

#include <check.h>
#include <stdint.h>

#include "mem/bus.h"

enum {
    MAGIC = 0x000, VERSION = 0x004, DEVICE_ID = 0x008, VENDOR_ID = 0x00c,
    DEV_FEAT = 0x010, DEV_FEAT_SEL = 0x014, DRV_FEAT = 0x020,
    DRV_FEAT_SEL = 0x024, QUEUE_SEL = 0x030, QUEUE_NUM_MAX = 0x034,
    QUEUE_NUM = 0x038, QUEUE_READY = 0x044, QUEUE_NOTIFY = 0x050,
    INT_STATUS = 0x060, INT_ACK = 0x064, STATUS = 0x070,
    DESC_LO = 0x080, DESC_HI = 0x084, DRIVER_LO = 0x090, DRIVER_HI = 0x094,
    DEVICE_LO = 0x0a0, DEVICE_HI = 0x0a4, CONFIG_GEN = 0x0fc, CONFIG = 0x100,
};

static inline uint32_t rd(uint64_t off)
{
    uint64_t v = 0;
    ck_assert(bus_load(&bus, DEV_BASE + off, 4, &v));
    return (uint32_t)v;
}

static inline void wr(uint64_t off, uint32_t v)
{
    ck_assert(bus_store(&bus, DEV_BASE + off, 4, v));
}

static inline uint8_t *ram(uint64_t pa, uint64_t len)
{
    uint8_t *p = bus_ram_ptr(&bus, pa, len);
    ck_assert_ptr_nonnull(p);
    return p;
}

/* Descriptor i of the table at guest address table (virtio spec 2.7.5). */
static inline void write_desc(uint64_t table, unsigned i, uint64_t addr, uint32_t len,
                              uint16_t flags, uint16_t next)
{
    uint8_t *d = ram(table + 16ull * i, 16);
    le_store(d, 8, addr);
    le_store(d + 8, 4, len);
    le_store(d + 12, 2, flags);
    le_store(d + 14, 2, next);
}

#endif
