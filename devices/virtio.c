/* virtio-mmio version 2 transport and split virtqueues (VIRTIO 1.1 4.2 and
 * 2.7).  See virtio.h for how devices use it. */
#include "devices/virtio.h"

#include <stdlib.h>

#include "devices/fdt.h"

/* MMIO register offsets (VIRTIO 1.1 4.2.2, table "MMIO Device Register
 * Layout"; SHM* and QueueReset come from 1.2). */
enum {
    REG_MAGIC = 0x000,
    REG_VERSION = 0x004,
    REG_DEVICE_ID = 0x008,
    REG_VENDOR_ID = 0x00c,
    REG_DEVICE_FEATURES = 0x010,
    REG_DEVICE_FEATURES_SEL = 0x014,
    REG_DRIVER_FEATURES = 0x020,
    REG_DRIVER_FEATURES_SEL = 0x024,
    REG_QUEUE_SEL = 0x030,
    REG_QUEUE_NUM_MAX = 0x034,
    REG_QUEUE_NUM = 0x038,
    REG_QUEUE_READY = 0x044,
    REG_QUEUE_NOTIFY = 0x050,
    REG_INTERRUPT_STATUS = 0x060,
    REG_INTERRUPT_ACK = 0x064,
    REG_STATUS = 0x070,
    REG_QUEUE_DESC_LOW = 0x080,
    REG_QUEUE_DESC_HIGH = 0x084,
    REG_QUEUE_DRIVER_LOW = 0x090,
    REG_QUEUE_DRIVER_HIGH = 0x094,
    REG_QUEUE_DEVICE_LOW = 0x0a0,
    REG_QUEUE_DEVICE_HIGH = 0x0a4,
    REG_SHM_SEL = 0x0ac,
    REG_SHM_LEN_LOW = 0x0b0,
    REG_SHM_LEN_HIGH = 0x0b4,
    REG_SHM_BASE_LOW = 0x0b8,
    REG_SHM_BASE_HIGH = 0x0bc,
    REG_QUEUE_RESET = 0x0c0,
    REG_CONFIG_GENERATION = 0x0fc,
};

/* Sizes of the split ring parts for a queue of n entries (2.7): 16-byte
 * descriptors; avail = flags, idx, ring[n], used_event; used = flags, idx,
 * ring[n] of {id, len}, avail_event. */
#define DESC_SIZE 16u
#define AVAIL_BYTES(n) (6u + 2u * (n))
#define USED_BYTES(n) (6u + 8u * (n))

static const uint64_t transport_features =
    (1ull << VIRTIO_F_VERSION_1) | (1ull << VIRTIO_F_INDIRECT_DESC);

static uint64_t offered_features(const struct virtio *v)
{
    return v->ops->features | transport_features;
}

static bool running(const struct virtio *v)
{
    return (v->status & VIRTIO_STATUS_DRIVER_OK) && !v->broken;
}

static void update_irq(struct virtio *v)
{
    bool level = v->isr != 0;
    if (level == v->irq_level)
        return;
    v->irq_level = level;
    if (v->irq)
        v->irq(v->irq_opaque, v->irq_line, level);
}

static void raise_isr(struct virtio *v, uint32_t bits)
{
    v->isr |= bits;
    update_irq(v);
}

void virtio_set_broken(struct virtio *v, const char *why)
{
    if (v->broken)
        return;
    v->broken = true;
    v->error = why;
    v->status |= VIRTIO_STATUS_NEEDS_RESET;
    /* 2.1.2: with DRIVER_OK set, setting DEVICE_NEEDS_RESET must be
     * followed by a configuration change notification. */
    if (v->status & VIRTIO_STATUS_DRIVER_OK)
        raise_isr(v, VIRTIO_INT_CONFIG);
}

void virtio_config_changed(struct virtio *v)
{
    v->config_gen++;
    if (v->status & VIRTIO_STATUS_DRIVER_OK)
        raise_isr(v, VIRTIO_INT_CONFIG);
}

uint64_t virtio_config_bytes(const void *cfg, size_t len, uint64_t off,
                             unsigned size)
{
    uint8_t tmp[8] = {0};
    const uint8_t *p = cfg;
    for (unsigned i = 0; i < size && i < 8; i++)
        if (off + i < len)
            tmp[i] = p[off + i];
    return le_load(tmp, size);
}

static void reset_queue(struct virtio *v, struct virtio_queue *qs)
{
    *qs = (struct virtio_queue){ .num = v->ops->queue_max };
}

/* Status = 0 (2.1, 4.2.3.1): back to the power-on state. */
static void transport_reset(struct virtio *v)
{
    v->status = 0;
    v->isr = 0;
    v->dev_feat_sel = v->drv_feat_sel = v->queue_sel = 0;
    v->driver_features = 0;
    v->broken = false;
    v->error = NULL;
    for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++)
        reset_queue(v, &v->queue[i]);
    update_irq(v);
    if (v->ops->reset)
        v->ops->reset(v);
}

/* Power-on (the machine's reset): what a driver's Status = 0 does, and
 * ConfigGeneration back to 0, which a driver reset keeps (4.2.2 only asks
 * that it change with the configuration). */
static void virtio_power_on(struct device *d)
{
    struct virtio *v = (struct virtio *)d;
    transport_reset(v);
    v->config_gen = 0;
}

static void virtio_free_dev(struct device *d)
{
    struct virtio *v = (struct virtio *)d;
    if (v->ops->free)
        v->ops->free(v);
}

static int virtio_fdt(struct device *d, void *fdt, enum dt_level level,
                      const struct dt_env *env)
{
    (void)env;
    if (level != DT_SOC)
        return 0;
    DT_TRY(dt_begin_node_at(fdt, "virtio_mmio", d->base));
    DT_TRY(fdt_property_string(fdt, "compatible", "virtio,mmio"));
    DT_TRY(dt_prop_reg(fdt, d->base, d->size));
    DT_TRY(dt_prop_plic_irq(fdt, (unsigned)d->irq));
    return fdt_end_node(fdt);
}

static bool virtio_save(struct device *d, struct dev_stream *out);
static bool virtio_load(struct device *d, struct dev_stream *in);

/* Every size is accepted, as by QEMU's virtio-mmio: the control registers
 * take aligned 32-bit accesses (4.2.2.2) and others read 0 and write
 * nothing; the configuration space takes any size.  No register read has
 * a side effect (InterruptStatus is acknowledged by a separate write), so
 * the read is the peek. */
static const struct device_ops virtio_device_ops = {
    .name = "virtio-mmio",
    .access = DEV_ACCESS_ANY,
    .read = virtio_mmio_read,
    .write = virtio_mmio_write,
    .peek = virtio_mmio_read,
    .reset = virtio_power_on,
    .free = virtio_free_dev,
    .fdt_node = virtio_fdt,
    .save = virtio_save,
    .load = virtio_load,
};

bool virtio_init(struct virtio *v, struct bus *bus, uint64_t base,
                 const struct virtio_dev_ops *ops, void *dev,
                 virtio_irq_fn irq, void *irq_opaque, int irq_line)
{
    unsigned qmax = ops->queue_max;
    if (ops->nqueues > VIRTIO_MAX_QUEUES || qmax == 0 ||
        qmax > VIRTIO_QUEUE_MAX || (qmax & (qmax - 1)))
        return false;
    *v = (struct virtio){
        .bus = bus, .base = base, .ops = ops, .dev = dev,
        .irq = irq, .irq_opaque = irq_opaque, .irq_line = irq_line,
    };
    for (unsigned i = 0; i < VIRTIO_MAX_QUEUES; i++)
        reset_queue(v, &v->queue[i]);
    /* The region is named after the concrete device ("virtio-blk"). */
    if (!device_map(bus, &v->device, &virtio_device_ops, base,
                    VIRTIO_MMIO_SLOT_SIZE, irq_line))
        return false;
    bus->regions[bus->nregions - 1].name = ops->name;
    return true;
}

bool virtio_create_at(struct virtio *v, const struct device_ctx *ctx,
                      const struct virtio_dev_ops *ops, void *dev)
{
    if (virtio_init(v, ctx->bus, ctx->base, ops, dev, ctx->irq_fn,
                    ctx->irq_opaque, ctx->irq))
        return true;
    device_error(ctx, "cannot place %s at 0x%llx", ops->name,
                 (unsigned long long)ctx->base);
    return false;
}

/* The queue QueueSel points at, or NULL if the device has no such queue. */
static struct virtio_queue *selected_queue(struct virtio *v)
{
    return v->queue_sel < v->ops->nqueues ? &v->queue[v->queue_sel] : NULL;
}

static bool in_ram(struct virtio *v, uint64_t pa, uint64_t len)
{
    return bus_ram_ptr(v->bus, pa, len) != NULL;
}

/* QueueReady = 1: check what the driver set up before using it.  Split
 * rings need a power-of-two size (2.7) no larger than QueueNumMax
 * (4.2.3.2), and alignment 16/2/4 for descriptors/avail/used (2.7). */
static const char *queue_check(struct virtio *v, const struct virtio_queue *qs)
{
    uint32_t n = qs->num;
    if (n == 0 || n > v->ops->queue_max || (n & (n - 1)))
        return "queue size is not a power of two <= QueueNumMax";
    if ((qs->desc & 15) || (qs->driver & 1) || (qs->device & 3))
        return "misaligned virtqueue";
    if (!in_ram(v, qs->desc, (uint64_t)DESC_SIZE * n) ||
        !in_ram(v, qs->driver, AVAIL_BYTES(n)) ||
        !in_ram(v, qs->device, USED_BYTES(n)))
        return "virtqueue outside RAM";
    return NULL;
}

static void set_queue_ready(struct virtio *v, struct virtio_queue *qs,
                            bool ready)
{
    if (!ready) {
        qs->ready = false;
        return;
    }
    if (qs->ready)
        return;
    const char *why = queue_check(v, qs);
    if (why) {
        virtio_set_broken(v, why);
        return;
    }
    /* A freshly enabled ring starts with both indices at 0 (2.7.6, 2.7.8). */
    qs->last_avail = 0;
    qs->used_idx = 0;
    qs->ready = true;
}

static bool features_acceptable(const struct virtio *v)
{
    /* Only modern drivers (VERSION_1) and only offered bits (2.2.1). */
    return !(v->driver_features & ~offered_features(v)) &&
           virtio_has_feature(v, VIRTIO_F_VERSION_1);
}

static void write_status(struct virtio *v, uint32_t val)
{
    if (val == 0) {
        transport_reset(v);
        return;
    }
    uint32_t old = v->status;
    uint32_t st = val & 0xff & ~VIRTIO_STATUS_NEEDS_RESET;
    /* 3.1.1 step 5-6: the driver re-reads Status to learn whether the
     * feature subset was accepted; refusing means not keeping the bit. */
    if ((st & VIRTIO_STATUS_FEATURES_OK) && !(old & VIRTIO_STATUS_FEATURES_OK) &&
        !features_acceptable(v))
        st &= ~VIRTIO_STATUS_FEATURES_OK;
    v->status = st | (v->broken ? VIRTIO_STATUS_NEEDS_RESET : 0);
    /* Buffers may have been made available before DRIVER_OK (the device
     * must not use them until then, 3.1.1): look now. */
    if ((st & VIRTIO_STATUS_DRIVER_OK) && !(old & VIRTIO_STATUS_DRIVER_OK))
        for (unsigned q = 0; q < v->ops->nqueues && running(v); q++)
            if (v->queue[q].ready && v->ops->notify)
                v->ops->notify(v, q);
}

static void write_driver_features(struct virtio *v, uint32_t val)
{
    /* Features are frozen once FEATURES_OK is set (3.1.1). */
    if (v->status & VIRTIO_STATUS_FEATURES_OK || v->drv_feat_sel > 1)
        return;
    unsigned shift = 32 * v->drv_feat_sel;
    v->driver_features &= ~(0xffffffffull << shift);
    v->driver_features |= (uint64_t)val << shift;
}

static void set_half(uint64_t *reg, bool high, uint32_t val)
{
    unsigned shift = high ? 32 : 0;
    *reg = (*reg & ~(0xffffffffull << shift)) | ((uint64_t)val << shift);
}

/* Queue registers the driver may write only while the queue is not ready
 * (4.2.3.2); later writes are ignored. */
static void write_queue_reg(struct virtio *v, uint64_t off, uint32_t val)
{
    struct virtio_queue *qs = selected_queue(v);
    if (!qs)
        return;
    if (off == REG_QUEUE_READY) {
        set_queue_ready(v, qs, val & 1);
        return;
    }
    if (qs->ready)
        return;
    switch (off) {
    case REG_QUEUE_NUM: qs->num = val; break;
    case REG_QUEUE_DESC_LOW: set_half(&qs->desc, false, val); break;
    case REG_QUEUE_DESC_HIGH: set_half(&qs->desc, true, val); break;
    case REG_QUEUE_DRIVER_LOW: set_half(&qs->driver, false, val); break;
    case REG_QUEUE_DRIVER_HIGH: set_half(&qs->driver, true, val); break;
    case REG_QUEUE_DEVICE_LOW: set_half(&qs->device, false, val); break;
    case REG_QUEUE_DEVICE_HIGH: set_half(&qs->device, true, val); break;
    default: break;
    }
}

static void queue_notify(struct virtio *v, uint32_t val)
{
    /* Without VIRTIO_F_NOTIFICATION_DATA the value is the queue index. */
    unsigned q = val & 0xffff;
    if (q < v->ops->nqueues && v->queue[q].ready && running(v) &&
        v->ops->notify)
        v->ops->notify(v, q);
}

static uint32_t read_queue_reg(struct virtio *v, uint64_t off)
{
    const struct virtio_queue *qs = selected_queue(v);
    if (!qs)    /* 4.2.2: QueueNumMax reads 0 for a queue that does not exist */
        return 0;
    switch (off) {
    case REG_QUEUE_NUM_MAX: return v->ops->queue_max;
    case REG_QUEUE_NUM: return qs->num;
    case REG_QUEUE_READY: return qs->ready;
    case REG_QUEUE_DESC_LOW: return (uint32_t)qs->desc;
    case REG_QUEUE_DESC_HIGH: return (uint32_t)(qs->desc >> 32);
    case REG_QUEUE_DRIVER_LOW: return (uint32_t)qs->driver;
    case REG_QUEUE_DRIVER_HIGH: return (uint32_t)(qs->driver >> 32);
    case REG_QUEUE_DEVICE_LOW: return (uint32_t)qs->device;
    case REG_QUEUE_DEVICE_HIGH: return (uint32_t)(qs->device >> 32);
    default: return 0;
    }
}

static uint32_t read_reg(struct virtio *v, uint64_t off)
{
    switch (off) {
    case REG_MAGIC: return VIRTIO_MMIO_MAGIC;
    case REG_VERSION: return 2;
    case REG_DEVICE_ID: return v->ops->device_id;
    case REG_VENDOR_ID: return VIRTIO_MMIO_VENDOR;
    case REG_DEVICE_FEATURES:
        return v->dev_feat_sel > 1 ? 0 :
               (uint32_t)(offered_features(v) >> (32 * v->dev_feat_sel));
    case REG_QUEUE_NUM_MAX: case REG_QUEUE_NUM: case REG_QUEUE_READY:
    case REG_QUEUE_DESC_LOW: case REG_QUEUE_DESC_HIGH:
    case REG_QUEUE_DRIVER_LOW: case REG_QUEUE_DRIVER_HIGH:
    case REG_QUEUE_DEVICE_LOW: case REG_QUEUE_DEVICE_HIGH:
        return read_queue_reg(v, off);
    case REG_INTERRUPT_STATUS: return v->isr;
    case REG_STATUS: return v->status;
    /* No shared memory regions: 4.2.2 says a non-existent region reads
     * length -1 (Linux's vm_get_shm_region checks for that). */
    case REG_SHM_LEN_LOW: case REG_SHM_LEN_HIGH:
    case REG_SHM_BASE_LOW: case REG_SHM_BASE_HIGH:
        return 0xffffffffu;
    case REG_CONFIG_GENERATION: return v->config_gen;
    default: return 0;
    }
}

static void write_reg(struct virtio *v, uint64_t off, uint32_t val)
{
    switch (off) {
    case REG_DEVICE_FEATURES_SEL: v->dev_feat_sel = val; break;
    case REG_DRIVER_FEATURES: write_driver_features(v, val); break;
    case REG_DRIVER_FEATURES_SEL: v->drv_feat_sel = val; break;
    case REG_QUEUE_SEL: v->queue_sel = val; break;
    case REG_QUEUE_NUM: case REG_QUEUE_READY:
    case REG_QUEUE_DESC_LOW: case REG_QUEUE_DESC_HIGH:
    case REG_QUEUE_DRIVER_LOW: case REG_QUEUE_DRIVER_HIGH:
    case REG_QUEUE_DEVICE_LOW: case REG_QUEUE_DEVICE_HIGH:
        write_queue_reg(v, off, val);
        break;
    case REG_QUEUE_NOTIFY: queue_notify(v, val); break;
    case REG_INTERRUPT_ACK:
        v->isr &= ~val;
        update_irq(v);
        break;
    case REG_STATUS: write_status(v, val); break;
    default: break;     /* read-only or unimplemented: ignored */
    }
}

uint64_t virtio_mmio_read(void *opaque, uint64_t off, unsigned size)
{
    struct virtio *v = opaque;
    if (off >= VIRTIO_MMIO_CONFIG) {
        if (!v->ops->config_read)
            return 0;
        return v->ops->config_read(v, off - VIRTIO_MMIO_CONFIG, size);
    }
    /* 4.2.2.2: control registers are accessed 32 bits wide and aligned. */
    if (size != 4 || (off & 3))
        return 0;
    return read_reg(v, off);
}

void virtio_mmio_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    struct virtio *v = opaque;
    if (off >= VIRTIO_MMIO_CONFIG) {
        if (v->ops->config_write)
            v->ops->config_write(v, off - VIRTIO_MMIO_CONFIG, val, size);
        return;
    }
    if (size != 4 || (off & 3))
        return;
    write_reg(v, off, (uint32_t)val);
}

/* ---- snapshots ------------------------------------------------------- */

/* The transport's record: what the 4.2.2 registers hold, plus each queue's
 * place in its rings, little-endian, fixed width:
 *   u32 tag "vio"/1, u32 DeviceID, u32 queue count,
 *   u32 Status, u32 InterruptStatus, u32 DeviceFeaturesSel,
 *   u32 DriverFeaturesSel, u32 QueueSel, u32 ConfigGeneration,
 *   u64 driver features,
 *   per queue: u32 QueueNum, u32 QueueReady, u64 desc, u64 driver (avail),
 *              u64 device (used), u32 last avail index, u32 used index,
 * then the device's own record (ops->save).  DEVICE_NEEDS_RESET is the
 * `broken` flag (the two are set and cleared together), so it is not
 * stored twice; the interrupt line follows InterruptStatus. */
#define VIRTIO_SNAP_TAG DEV_TAG('v', 'i', 'o', 1)
#define VIRTIO_STATUS_MASK 0xffu
#define VIRTIO_INT_MASK (VIRTIO_INT_USED | VIRTIO_INT_CONFIG)

static void save_queue(struct dev_stream *out, const struct virtio_queue *qs)
{
    dev_put_u32(out, qs->num);
    dev_put_u32(out, qs->ready);
    dev_put_u64(out, qs->desc);
    dev_put_u64(out, qs->driver);
    dev_put_u64(out, qs->device);
    dev_put_u32(out, qs->last_avail);
    dev_put_u32(out, qs->used_idx);
}

static bool virtio_save(struct device *d, struct dev_stream *out)
{
    struct virtio *v = (struct virtio *)d;
    dev_put_u32(out, VIRTIO_SNAP_TAG);
    dev_put_u32(out, v->ops->device_id);
    dev_put_u32(out, v->ops->nqueues);
    dev_put_u32(out, v->status);
    dev_put_u32(out, v->isr);
    dev_put_u32(out, v->dev_feat_sel);
    dev_put_u32(out, v->drv_feat_sel);
    dev_put_u32(out, v->queue_sel);
    dev_put_u32(out, v->config_gen);
    dev_put_u64(out, v->driver_features);
    for (unsigned q = 0; q < v->ops->nqueues; q++)
        save_queue(out, &v->queue[q]);
    if (v->ops->save && !out->error)
        v->ops->save(v, out);
    return !out->error;
}

/* QueueNum and the ring addresses of a queue that is not ready are just
 * values the driver wrote (checked when it sets QueueReady); a ready queue
 * must pass the same checks QueueReady = 1 makes, since pop and push
 * index its rings with them (a zero size would divide by zero, a ring
 * outside RAM would be DMA into nothing). */
static void load_queue(struct virtio *v, struct dev_stream *in,
                       struct virtio_queue *qs)
{
    qs->num = dev_get_u32(in);
    uint32_t ready = dev_get_u32(in);
    qs->desc = dev_get_u64(in);
    qs->driver = dev_get_u64(in);
    qs->device = dev_get_u64(in);
    uint32_t last_avail = dev_get_u32(in), used_idx = dev_get_u32(in);
    if (!dev_require(in, ready <= 1 && last_avail <= UINT16_MAX &&
                         used_idx <= UINT16_MAX))
        return;
    qs->last_avail = (uint16_t)last_avail;
    qs->used_idx = (uint16_t)used_idx;
    qs->ready = ready && dev_require(in, queue_check(v, qs) == NULL);
}

/* Registers as the driver left them; false if a value is one no sequence
 * of register writes could produce. */
static void load_registers(struct virtio *v, struct dev_stream *in)
{
    uint32_t id = dev_get_u32(in), nqueues = dev_get_u32(in);
    if (!dev_require(in, id == v->ops->device_id && nqueues == v->ops->nqueues))
        return;
    v->status = dev_get_u32(in);
    v->isr = dev_get_u32(in);
    v->dev_feat_sel = dev_get_u32(in);
    v->drv_feat_sel = dev_get_u32(in);
    v->queue_sel = dev_get_u32(in);
    v->config_gen = dev_get_u32(in);
    v->driver_features = dev_get_u64(in);
    if (!dev_require(in, !(v->status & ~VIRTIO_STATUS_MASK) &&
                         !(v->isr & ~VIRTIO_INT_MASK)))
        return;
    /* FEATURES_OK is only kept for an acceptable subset (write_status). */
    if (v->status & VIRTIO_STATUS_FEATURES_OK)
        dev_require(in, features_acceptable(v));
    v->broken = v->status & VIRTIO_STATUS_NEEDS_RESET;
    v->error = v->broken ? "DEVICE_NEEDS_RESET when the snapshot was taken"
                         : NULL;
    for (unsigned q = 0; q < v->ops->nqueues && !in->error; q++)
        load_queue(v, in, &v->queue[q]);
}

/* Starts from the power-on state, so nothing of the state before the load
 * survives; on bad input returns there.  Nothing is processed: buffers the
 * driver posted are taken at its next notify, as before the snapshot. */
static bool virtio_load(struct device *d, struct dev_stream *in)
{
    struct virtio *v = (struct virtio *)d;
    virtio_power_on(d);
    if (dev_get_tag(in, VIRTIO_SNAP_TAG))
        load_registers(v, in);
    /* Called even after a bad transport record (the stream is then in
     * error and it fails at once), so the device can drop state that a
     * power-on reset keeps, such as virtio-gpu's retired picture. */
    if (v->ops->load && !v->ops->load(v, in))
        dev_require(in, false);
    if (in->error) {
        virtio_power_on(d);
        return false;
    }
    update_irq(v);
    return true;
}

/* ---- split virtqueue ------------------------------------------------- */

static bool load16(struct virtio *v, uint64_t pa, uint16_t *out)
{
    uint8_t b[2];
    if (!bus_dma_read(v->bus, pa, b, 2))
        return false;
    *out = (uint16_t)le_load(b, 2);
    return true;
}

static bool store16(struct virtio *v, uint64_t pa, uint16_t val)
{
    uint8_t b[2];
    le_store(b, 2, val);
    return bus_dma_write(v->bus, pa, b, 2);
}

struct desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};

static bool load_desc(struct virtio *v, uint64_t table, uint32_t idx,
                      struct desc *d)
{
    uint8_t b[DESC_SIZE];
    if (!bus_dma_read(v->bus, table + (uint64_t)idx * DESC_SIZE, b, DESC_SIZE))
        return false;
    d->addr = le_load(b, 8);
    d->len = (uint32_t)le_load(b + 8, 4);
    d->flags = (uint16_t)le_load(b + 12, 2);
    d->next = (uint16_t)le_load(b + 14, 2);
    return true;
}

/* Appends a data buffer to the chain; NULL on success, else the reason. */
static const char *chain_add(struct virtio *v, struct virtio_chain *c,
                             const struct desc *d)
{
    bool writable = d->flags & VIRTQ_DESC_F_WRITE;
    /* 2.7.4.2: device-writable descriptors come after readable ones. */
    if (!writable && c->nwr)
        return "readable descriptor after a writable one";
    if (d->len == 0)
        return NULL;
    if (!in_ram(v, d->addr, d->len))
        return "buffer outside RAM";
    unsigned n = c->nrd + c->nwr;
    if (n == c->cap) {
        unsigned cap = c->cap ? 2 * c->cap : 16;
        struct virtio_seg *s = realloc(c->seg, cap * sizeof *s);
        if (!s)
            return "out of host memory";
        c->seg = s;
        c->cap = cap;
    }
    c->seg[n] = (struct virtio_seg){ d->addr, d->len };
    if (writable) {
        c->nwr++;
        c->wr_len += d->len;
    } else {
        c->nrd++;
        c->rd_len += d->len;
    }
    return NULL;
}

/* Switches the walk to an indirect table (2.7.5.3).  NULL or the reason. */
static const char *enter_indirect(struct virtio *v, const struct desc *d,
                                  bool already)
{
    if (!virtio_has_feature(v, VIRTIO_F_INDIRECT_DESC))
        return "indirect descriptor without VIRTIO_F_INDIRECT_DESC";
    if (already)
        return "indirect descriptor inside an indirect table";
    if (d->flags & VIRTQ_DESC_F_NEXT)
        return "indirect descriptor with NEXT set";
    if (d->len == 0 || d->len % DESC_SIZE ||
        d->len / DESC_SIZE > VIRTIO_CHAIN_MAX)
        return "bad indirect table length";
    if (!in_ram(v, d->addr, d->len))
        return "indirect table outside RAM";
    return NULL;
}

/* Walks and validates the chain starting at head.  Each table is walked at
 * most `size` steps, so a loop is caught after one lap; the total is capped
 * by VIRTIO_CHAIN_MAX.  NULL on success, else the reason. */
static const char *walk_chain(struct virtio *v, const struct virtio_queue *qs,
                              uint16_t head, struct virtio_chain *c)
{
    uint64_t table = qs->desc;
    uint32_t size = qs->num, idx = head, steps = 0, total = 0;
    bool indirect = false;

    c->nrd = c->nwr = 0;
    c->rd_len = c->wr_len = 0;
    for (;;) {
        struct desc d;
        if (idx >= size)
            return "descriptor index out of range";
        if (++steps > size)
            return "descriptor chain loops";
        if (++total > VIRTIO_CHAIN_MAX)
            return "descriptor chain too long";
        if (!load_desc(v, table, idx, &d))
            return "descriptor table outside RAM";
        if (d.flags & VIRTQ_DESC_F_INDIRECT) {
            const char *why = enter_indirect(v, &d, indirect);
            if (why)
                return why;
            indirect = true;
            table = d.addr;
            size = d.len / DESC_SIZE;
            idx = 0;
            steps = 0;
            continue;
        }
        const char *why = chain_add(v, c, &d);
        if (why)
            return why;
        if (!(d.flags & VIRTQ_DESC_F_NEXT))
            return NULL;
        idx = d.next;
    }
}

static struct virtio_queue *live_queue(struct virtio *v, unsigned q)
{
    if (!running(v) || q >= v->ops->nqueues || !v->queue[q].ready)
        return NULL;
    return &v->queue[q];
}

bool virtio_queue_pop(struct virtio *v, unsigned q, struct virtio_chain *c)
{
    struct virtio_queue *qs = live_queue(v, q);
    uint16_t avail_idx, head;
    if (!qs)
        return false;
    if (!load16(v, qs->driver + 2, &avail_idx)) {
        virtio_set_broken(v, "avail ring outside RAM");
        return false;
    }
    uint16_t pending = (uint16_t)(avail_idx - qs->last_avail);
    if (pending == 0)
        return false;
    /* The driver can never have more than num buffers outstanding. */
    if (pending > qs->num) {
        virtio_set_broken(v, "avail index moved past the queue size");
        return false;
    }
    if (!load16(v, qs->driver + 4 + 2u * (qs->last_avail % qs->num), &head)) {
        virtio_set_broken(v, "avail ring outside RAM");
        return false;
    }
    const char *why = walk_chain(v, qs, head, c);
    if (why) {
        virtio_set_broken(v, why);
        return false;
    }
    c->head = head;
    qs->last_avail++;
    return true;
}

void virtio_queue_push(struct virtio *v, unsigned q,
                       const struct virtio_chain *c, uint32_t written)
{
    struct virtio_queue *qs = live_queue(v, q);
    uint8_t elem[8];
    uint16_t flags;
    if (!qs)
        return;
    if (written > c->wr_len)
        written = (uint32_t)c->wr_len;
    le_store(elem, 4, c->head);
    le_store(elem + 4, 4, written);
    uint64_t slot = qs->device + 4 + 8u * (qs->used_idx % qs->num);
    /* 2.7.8: the element must be visible before the index that covers it;
     * a single-threaded store order gives that. */
    if (!bus_dma_write(v->bus, slot, elem, sizeof elem) ||
        !store16(v, qs->device + 2, (uint16_t)(qs->used_idx + 1)) ||
        !load16(v, qs->driver, &flags)) {
        virtio_set_broken(v, "used ring outside RAM");
        return;
    }
    qs->used_idx++;
    /* 2.7.7: without EVENT_IDX, NO_INTERRUPT in avail->flags asks the device
     * not to interrupt (a hint we honour). */
    if (!(flags & VIRTQ_AVAIL_F_NO_INTERRUPT))
        raise_isr(v, VIRTIO_INT_USED);
}

/* Shared by chain_read/chain_write: walk segments [first, first+n) of c
 * from byte offset off, copying up to len bytes. */
static size_t chain_copy(struct virtio *v, const struct virtio_chain *c,
                         unsigned first, unsigned n, uint64_t off,
                         uint8_t *buf, size_t len, bool to_guest)
{
    size_t done = 0;
    for (unsigned i = first; i < first + n && done < len; i++) {
        const struct virtio_seg *s = &c->seg[i];
        if (off >= s->len) {
            off -= s->len;
            continue;
        }
        size_t chunk = s->len - off;
        if (chunk > len - done)
            chunk = len - done;
        bool ok = to_guest
            ? bus_dma_write(v->bus, s->addr + off, buf + done, chunk)
            : bus_dma_read(v->bus, s->addr + off, buf + done, chunk);
        if (!ok) {
            virtio_set_broken(v, "buffer outside RAM");
            break;
        }
        done += chunk;
        off = 0;
    }
    return done;
}

size_t virtio_chain_read(struct virtio *v, const struct virtio_chain *c,
                         uint64_t off, void *buf, size_t len)
{
    return chain_copy(v, c, 0, c->nrd, off, buf, len, false);
}

size_t virtio_chain_write(struct virtio *v, const struct virtio_chain *c,
                          uint64_t off, const void *buf, size_t len)
{
    /* chain_copy only reads from buf when copying to the guest. */
    return chain_copy(v, c, c->nrd, c->nwr, off, (uint8_t *)(uintptr_t)buf,
                      len, true);
}

void virtio_chain_destroy(struct virtio_chain *c)
{
    free(c->seg);
    *c = (struct virtio_chain){0};
}
