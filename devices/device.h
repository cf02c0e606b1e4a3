/* The one device interface.  Every device on the board is a struct device:
 * it says what it is (ops->name), how it answers the bus (read/write with
 * the access sizes it accepts, and a side-effect-free peek for debuggers),
 * how it returns to its power-on state (reset), how it describes itself in
 * the device tree (fdt_node), how it goes away (free), and, for machine
 * snapshots, how its state is written and read back (save/load).
 *
 * A device embeds `struct device` as the FIRST member of its own state
 * (virtio devices through `struct virtio`, whose first member it is), so a
 * struct device pointer, the MMIO opaque and the state pointer are one
 * address; the read/write/peek callbacks take that pointer as `void *`,
 * with the signature of the bus's mmio_read_fn / mmio_write_fn.
 *
 * The board (devices/board.c) places devices from one table of
 * {create, base, size, irq}, keeps them in a list and drives reset, the
 * device tree and teardown through it.  Adding a device: one file with its
 * ops and a `create` function, one line in the board's table. */
#ifndef RVX_DEVICES_DEVICE_H
#define RVX_DEVICES_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mem/bus.h"

struct device;
struct hart;

/* Access sizes, as a mask of the byte counts (1|2|4|8). */
#define DEV_ACCESS_1 1u
#define DEV_ACCESS_2 2u
#define DEV_ACCESS_4 4u
#define DEV_ACCESS_8 8u
#define DEV_ACCESS_ANY 0xfu

/* Where the device tree builder is when it calls fdt_node: first at the
 * root (after /chosen; e.g. the test device's /poweroff and /reboot), then
 * inside /soc (the device's own node).  A device with nothing to say at a
 * level returns 0. */
enum dt_level { DT_ROOT, DT_SOC };

/* What a device tree node may refer to. */
struct dt_env {
    unsigned nharts;        /* for per-hart interrupts-extended lists */
};

/* Snapshot streams: a growable byte buffer.  Writers append, readers
 * consume; a short read or failed allocation sets `error` and later calls
 * do nothing, so a save/load function checks once at the end. */
struct dev_stream {
    uint8_t *buf;
    size_t len, cap, pos;
    bool error;
};

void dev_put(struct dev_stream *s, const void *p, size_t n);
void dev_get(struct dev_stream *s, void *p, size_t n);
/* Fixed-width values, little-endian in the stream whatever the host. */
void dev_put_u32(struct dev_stream *s, uint32_t v);
void dev_put_u64(struct dev_stream *s, uint64_t v);
uint32_t dev_get_u32(struct dev_stream *s);
uint64_t dev_get_u64(struct dev_stream *s);
void dev_stream_free(struct dev_stream *s);

/* Each device's record starts with a tag word: three letters naming the
 * record and a format version, e.g. DEV_TAG('v', 'i', 'o', 1), written
 * little-endian so the stream shows "vio\x01". */
#define DEV_TAG(a, b, c, version)                                      \
    ((uint32_t)(uint8_t)(a) | (uint32_t)(uint8_t)(b) << 8 |            \
     (uint32_t)(uint8_t)(c) << 16 | (uint32_t)(uint8_t)(version) << 24)

/* For load: marks the stream bad unless ok (a value out of range, a tag
 * that does not match), so one test of `error` at the end covers short
 * reads and validation alike.  Returns whether the stream is still good. */
static inline bool dev_require(struct dev_stream *s, bool ok)
{
    if (!ok)
        s->error = true;
    return !s->error;
}

/* Reads a tag word; the stream goes bad if it is not `tag`. */
static inline bool dev_get_tag(struct dev_stream *s, uint32_t tag)
{
    return dev_require(s, dev_get_u32(s) == tag);
}

/* Bytes a reader has not consumed.  A load compares a count read from the
 * stream with this before allocating room for that many records, so a
 * corrupt count cannot make it allocate more than the stream holds. */
static inline size_t dev_left(const struct dev_stream *s)
{
    return s->error ? 0 : s->len - s->pos;
}

struct device_ops {
    const char *name;       /* e.g. "uart16550"; also the bus region's name */
    /* Accepted access sizes (DEV_ACCESS_*).  The bus turns any other size
     * into an access fault, as QEMU does for a MemoryRegion's `valid`
     * sizes; a device that accepts a size but gives it a documented
     * meaning (e.g. "reads 0") says so in its file. */
    unsigned access;
    mmio_read_fn read;
    mmio_write_fn write;
    /* A read with no side effects (no FIFO pop, no claim, no acknowledge).
     * NULL: the device cannot be read by a debugger (bus_peek fails). */
    mmio_read_fn peek;
    /* Back to the documented power-on state, interrupt outputs included. */
    void (*reset)(struct device *d);
    /* Releases everything; the bus no longer uses the device after this. */
    void (*free)(struct device *d);
    /* Adds the device's node(s) at `level`; returns 0 or a libfdt error. */
    int (*fdt_node)(struct device *d, void *fdt, enum dt_level level,
                    const struct dt_env *env);
    /* Writes / restores the guest-visible state (not host resources such as
     * an image file).  NULL: the device cannot be snapshotted yet, or has
     * no state of its own (the boot ROM, see board.c).  A record starts
     * with a DEV_TAG word.  load returns false on malformed or truncated
     * input and leaves the device reset. */
    bool (*save)(struct device *d, struct dev_stream *out);
    bool (*load)(struct device *d, struct dev_stream *in);
};

struct device {
    const struct device_ops *ops;
    uint64_t base, size;    /* the MMIO region (size 0: none) */
    int irq;                /* PLIC source, 0 if none */
    struct device *next;    /* the board's list */
};

typedef void (*device_irq_fn)(void *opaque, int line, bool level);

/* What the board hands a device it creates from its table. */
struct device_ctx {
    struct bus *bus;
    uint64_t base, size;    /* size 0: the device's own size */
    int irq;
    device_irq_fn irq_fn;   /* the interrupt controller's input */
    void *irq_opaque;
    struct hart **harts;    /* for the CLINT and PLIC */
    unsigned nharts;
    const void *arg;        /* kind-specific option (a drive, an input kind) */
    /* Host side of the console and of the test finisher. */
    void *host;
    void (*console_tx)(void *host, uint8_t byte);
    void (*power)(void *host, int kind, int code);
    char *err;              /* one line on failure */
    size_t errlen;
};

/* Creates the device, registers it on ctx->bus; NULL (and err) on failure. */
typedef struct device *(*device_create_fn)(const struct device_ctx *ctx);

/* Sets d's place and registers its region on the bus with its ops (opaque
 * = d).  Returns false if the bus is full. */
bool device_map(struct bus *bus, struct device *d, const struct device_ops *ops,
                uint64_t base, uint64_t size, int irq);

/* Fills err for a create function that failed without a better reason. */
void device_error(const struct device_ctx *ctx, const char *fmt, ...);

static inline void device_reset(struct device *d)
{
    if (d && d->ops->reset)
        d->ops->reset(d);
}

static inline void device_free(struct device *d)
{
    if (d && d->ops->free)
        d->ops->free(d);
}

#endif
