/* virtio over MMIO: the version 2 ("modern", non-legacy) register
 * transport of VIRTIO 1.1/1.2 section 4.2, plus split-virtqueue helpers
 * (section 2.7) that concrete devices (blk, rng, later gpu, input, net)
 * build on.
 *
 * How a device plugs in
 * ---------------------
 * A device embeds a `struct virtio` in its own heap-allocated state (the
 * bus keeps a pointer to it, so it must not move), fills a static
 * `struct virtio_dev_ops` describing itself, and calls virtio_init().  The
 * transport then owns every register except the device-specific
 * configuration space (offset 0x100 on), which it forwards to
 * ops->config_read / ops->config_write.
 *
 * When the driver writes QueueNotify for a ready queue of a running
 * (DRIVER_OK) device, the transport calls ops->notify(v, q).  The device
 * then drains the queue:
 *
 *     struct virtio_chain *c = &dev->chain;           // reused across pops
 *     while (virtio_queue_pop(v, q, c)) {
 *         ... virtio_chain_read(v, c, off, buf, n)    // device-readable part
 *         ... virtio_chain_write(v, c, off, buf, n)   // device-writable part
 *         virtio_queue_push(v, q, c, bytes_written);  // used ring + interrupt
 *     }
 *
 * virtio_queue_pop() validates the whole descriptor chain before returning
 * it (indices in range, no loops, readable segments before writable ones,
 * every buffer wholly in RAM, indirect tables well formed).  A malformed
 * chain or ring is a driver bug: the transport sets DEVICE_NEEDS_RESET,
 * raises a configuration-change interrupt (VIRTIO 1.1 2.1.2) and refuses to
 * process anything more until the driver resets the device.  Nothing the
 * guest writes can crash the emulator or make it loop forever.
 *
 * A device may keep popped chains (e.g. receive buffers waiting for host
 * input) and push them later from outside a notify callback; each held
 * chain needs its own `struct virtio_chain`.  A device reset (ops->reset)
 * invalidates every held chain: the device must forget them.
 *
 * On the board a virtio device is a struct device like any other: the
 * transport supplies its device ops (MMIO, peek, power-on reset, its
 * virtio_mmio device-tree node, free through ops->free, save/load of the
 * transport's registers followed by ops->save/ops->load), and the device
 * gives the board a create function that calls virtio_create_at().
 *
 * Everything runs synchronously on the thread that performs the MMIO
 * access; the transport does no locking.
 */
#ifndef RVX_DEVICES_VIRTIO_H
#define RVX_DEVICES_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/device.h"
#include "mem/bus.h"

/* Size of one virtio-mmio slot as the QEMU virt board lays them out (and as
 * the device tree "reg" property should say).  The registers occupy the
 * first 0x100 bytes, the device configuration space follows. */
#define VIRTIO_MMIO_SLOT_SIZE 0x1000u
#define VIRTIO_MMIO_CONFIG 0x100u

#define VIRTIO_MMIO_MAGIC 0x74726976u   /* "virt" little-endian */
#define VIRTIO_MMIO_VENDOR 0x554d4551u  /* "QEMU": what Linux/udev expect */

/* Device IDs (VIRTIO 1.1 section 5). */
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG 4
#define VIRTIO_ID_GPU 16
#define VIRTIO_ID_INPUT 18

/* Device status bits (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1u
#define VIRTIO_STATUS_DRIVER 2u
#define VIRTIO_STATUS_DRIVER_OK 4u
#define VIRTIO_STATUS_FEATURES_OK 8u
#define VIRTIO_STATUS_NEEDS_RESET 64u
#define VIRTIO_STATUS_FAILED 128u

/* InterruptStatus bits (4.2.2). */
#define VIRTIO_INT_USED 1u
#define VIRTIO_INT_CONFIG 2u

/* Transport feature bits (6).  The transport always offers VERSION_1 and
 * INDIRECT_DESC; devices put their own bits (0..23) in ops->features. */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32

/* Split virtqueue layout (2.7). */
#define VIRTQ_DESC_F_NEXT 1u
#define VIRTQ_DESC_F_WRITE 2u
#define VIRTQ_DESC_F_INDIRECT 4u
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1u

#define VIRTIO_MAX_QUEUES 8
/* Largest QueueNumMax a device may declare (QEMU's VIRTQUEUE_MAX_SIZE). */
#define VIRTIO_QUEUE_MAX 1024
/* Cap on descriptors in one chain, indirect tables included.  The spec
 * bounds a chain by the queue size; Linux may build indirect tables a bit
 * larger, so we accept up to this many and refuse anything beyond. */
#define VIRTIO_CHAIN_MAX 4096

/* Interrupt line callback: level is InterruptStatus != 0.  Called only
 * when the level changes. */
typedef void (*virtio_irq_fn)(void *opaque, int line, bool level);

struct virtio;

/* A device-readable or device-writable buffer of a chain.  Every segment
 * lies wholly in RAM (checked by virtio_queue_pop). */
struct virtio_seg {
    uint64_t addr;
    uint32_t len;
};

/* One popped descriptor chain.  seg[0..nrd) are the device-readable
 * buffers, seg[nrd..nrd+nwr) the device-writable ones (2.7.4.2: readable
 * before writable).  Zero-length descriptors are dropped.  Zero-initialise
 * before the first pop; the segment array grows as needed and is reused by
 * later pops; release it with virtio_chain_destroy(). */
struct virtio_chain {
    uint16_t head;          /* descriptor index reported in the used ring */
    unsigned nrd, nwr;
    uint64_t rd_len, wr_len;    /* total readable / writable bytes */
    struct virtio_seg *seg;
    unsigned cap;
};

struct virtio_dev_ops {
    const char *name;       /* bus region name, e.g. "virtio-blk" */
    uint32_t device_id;     /* VIRTIO_ID_* */
    uint64_t features;      /* device-specific feature bits offered */
    unsigned nqueues;       /* <= VIRTIO_MAX_QUEUES */
    unsigned queue_max;     /* QueueNumMax: a power of two <= VIRTIO_QUEUE_MAX */
    /* The driver made buffers available on queue q (also called for every
     * ready queue when DRIVER_OK is set, to catch buffers posted earlier). */
    void (*notify)(struct virtio *v, unsigned q);
    /* Device configuration space, offset relative to 0x100, size 1/2/4/8.
     * NULL read: reads as zero; NULL write: writes are ignored. */
    uint64_t (*config_read)(struct virtio *v, uint64_t off, unsigned size);
    void (*config_write)(struct virtio *v, uint64_t off, uint64_t val,
                         unsigned size);
    /* The driver reset the device (Status = 0), or the machine did (power
     * cycle); the transport state is already cleared.  May be NULL. */
    void (*reset)(struct virtio *v);
    /* Releases the device (the board's teardown through device_free).
     * May be NULL for a device that is freed only by its own function. */
    void (*free)(struct virtio *v);
    /* Snapshots (device.h save/load): the device's own record, which
     * follows the transport's.  load runs after the transport has reset the
     * device and restored its registers; it reads its record, checks every
     * value, and returns false on bad or truncated input (the transport
     * then resets the device again).  It is called even when the
     * transport's own record was bad (the stream is then already in error),
     * so that it can forget what a reset keeps.  It must not touch guest
     * memory or the queues: RAM may be restored after the devices.  NULL:
     * the device keeps nothing beyond the transport (virtio-rng). */
    bool (*save)(struct virtio *v, struct dev_stream *out);
    bool (*load)(struct virtio *v, struct dev_stream *in);
};

struct virtio_queue {
    uint32_t num;           /* QueueNum */
    bool ready;             /* QueueReady */
    uint64_t desc, driver, device;  /* descriptor table, avail ring, used ring */
    uint16_t last_avail;    /* next avail ring entry the device will take */
    uint16_t used_idx;      /* device's copy of used->idx */
};

/* A virtio-mmio device.  Its first member is the struct device, so the
 * transport's device ops (read/write/peek/reset/free/fdt_node) serve every
 * virtio device; a concrete device embeds struct virtio as ITS first
 * member.  config_read must have no side effects: it is also the peek. */
struct virtio {
    struct device device;
    struct bus *bus;
    uint64_t base;
    const struct virtio_dev_ops *ops;
    void *dev;              /* device state, for the ops callbacks */
    virtio_irq_fn irq;
    void *irq_opaque;
    int irq_line;
    bool irq_level;

    uint32_t status;
    uint32_t isr;           /* InterruptStatus */
    uint32_t dev_feat_sel, drv_feat_sel, queue_sel;
    uint32_t config_gen;
    uint64_t driver_features;
    bool broken;            /* DEVICE_NEEDS_RESET: stop processing */
    const char *error;      /* why it broke (static string), or NULL */
    struct virtio_queue queue[VIRTIO_MAX_QUEUES];
};

/* Initialises v and registers its slot [base, base + VIRTIO_MMIO_SLOT_SIZE)
 * on the bus.  Returns false if the bus has no room or ops is invalid.
 * The bus keeps a pointer to v: free v only after the bus is no longer
 * used. */
bool virtio_init(struct virtio *v, struct bus *bus, uint64_t base,
                 const struct virtio_dev_ops *ops, void *dev,
                 virtio_irq_fn irq, void *irq_opaque, int irq_line);

/* The board's helper for a virtio device's create function: the device,
 * allocated by the caller with struct virtio first, is placed at ctx's
 * slot; on failure err is filled and false returned (the caller frees). */
bool virtio_create_at(struct virtio *v, const struct device_ctx *ctx,
                      const struct virtio_dev_ops *ops, void *dev);

/* The MMIO handlers (registered by virtio_init; exported for tests). */
uint64_t virtio_mmio_read(void *opaque, uint64_t off, unsigned size);
void virtio_mmio_write(void *opaque, uint64_t off, uint64_t val, unsigned size);

/* Features the driver accepted (valid once FEATURES_OK is set). */
static inline bool virtio_has_feature(const struct virtio *v, unsigned bit)
{
    return (v->driver_features >> bit) & 1;
}

/* Takes the next available chain of queue q into c.  Returns false when
 * there is none, when the queue or device is not running, or when the
 * chain is malformed (then the device is marked broken). */
bool virtio_queue_pop(struct virtio *v, unsigned q, struct virtio_chain *c);

/* Returns a chain to the driver through the used ring, with `written` the
 * number of bytes the device wrote into its writable buffers, and raises
 * the used-buffer interrupt unless the driver suppressed it. */
void virtio_queue_push(struct virtio *v, unsigned q,
                       const struct virtio_chain *c, uint32_t written);

/* Copy between a host buffer and the chain's readable (read) or writable
 * (write) bytes, starting at byte offset off within that part.  Return the
 * number of bytes copied, short when the part ends first. */
size_t virtio_chain_read(struct virtio *v, const struct virtio_chain *c,
                         uint64_t off, void *buf, size_t len);
size_t virtio_chain_write(struct virtio *v, const struct virtio_chain *c,
                          uint64_t off, const void *buf, size_t len);

void virtio_chain_destroy(struct virtio_chain *c);

/* Marks the device DEVICE_NEEDS_RESET (why: a static string) and notifies
 * the driver with a configuration-change interrupt if it is running. */
void virtio_set_broken(struct virtio *v, const char *why);

/* The device changed its configuration space: bump ConfigGeneration and
 * send a configuration-change interrupt (4.2.2, 2.4.1). */
void virtio_config_changed(struct virtio *v);

/* Helper for config_read: a little-endian read of `size` bytes at `off`
 * from a config image of `len` bytes; bytes beyond the image read as 0. */
uint64_t virtio_config_bytes(const void *cfg, size_t len, uint64_t off,
                             unsigned size);

#endif
