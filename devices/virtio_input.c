/* virtio-input (VIRTIO 1.2 section 5.8).  The device describes itself
 * through the select/subsel configuration window the way evdev does
 * (names, ids, event-type bitmaps, axis ranges) and sends 8-byte
 * virtio_input_event records {le16 type, le16 code, le32 value}. */
#include "devices/virtio_input.h"
#include "devices/recorder.h"

#include <stdlib.h>
#include <string.h>

#include "mem/bus.h"

#define QUEUE_MAX 64u
#define EVENTQ 0
#define STATUSQ 1
#define EVENT_SIZE 8u
#define PENDING_MAX 512u        /* host-side backlog, in events */
#define CFG_UNION 8u            /* offset of the union in the config */
#define CFG_SIZE (CFG_UNION + 128u)
#define BUS_VIRTUAL 0x06        /* linux/input.h bus type */

struct input_event_rec {
    uint16_t type, code;
    int32_t value;
};

struct virtio_input {
    struct virtio vio;
    struct virtio_chain chain;
    enum virtio_input_kind kind;
    uint8_t select, subsel;
    struct input_event_rec pending[PENDING_MAX];
    unsigned head, count;
    struct recorder *rec;       /* deterministic mode: events pass it */
};

/* ---- what each kind says about itself ----------------------------------- */

static const char *const names[] = {
    [VIRTIO_INPUT_KEYBOARD] = "rvx virtio keyboard",
    [VIRTIO_INPUT_TABLET] = "rvx virtio tablet",
};
static const char *const serials[] = {
    [VIRTIO_INPUT_KEYBOARD] = "rvx-keyboard-0",
    [VIRTIO_INPUT_TABLET] = "rvx-tablet-0",
};

static void set_bit(uint8_t *bm, unsigned bit)
{
    bm[bit / 8] |= (uint8_t)(1u << (bit % 8));
}

/* Size of a bitmap: up to and including its last non-zero byte. */
static uint8_t bitmap_size(const uint8_t *bm, unsigned len)
{
    while (len && !bm[len - 1])
        len--;
    return (uint8_t)len;
}

/* Fills u[] for EV_BITS subsel=type; returns the size. */
static uint8_t ev_bits(enum virtio_input_kind kind, uint8_t type, uint8_t *u)
{
    if (kind == VIRTIO_INPUT_KEYBOARD && type == EVT_KEY) {
        for (unsigned code = 1; code < 256; code++)    /* KEY_ESC .. */
            set_bit(u, code);
    } else if (kind == VIRTIO_INPUT_KEYBOARD && type == EVT_REP) {
        set_bit(u, 0);      /* any non-empty answer: kernel soft autorepeat */
    } else if (kind == VIRTIO_INPUT_TABLET && type == EVT_KEY) {
        set_bit(u, BTN_LEFT_CODE);
        set_bit(u, BTN_RIGHT_CODE);
        set_bit(u, BTN_MIDDLE_CODE);
    } else if (kind == VIRTIO_INPUT_TABLET && type == EVT_ABS) {
        set_bit(u, ABS_X_CODE);
        set_bit(u, ABS_Y_CODE);
    } else if (kind == VIRTIO_INPUT_TABLET && type == EVT_REL) {
        set_bit(u, REL_WHEEL_CODE);
    }
    return bitmap_size(u, 128);
}

/* The configuration image for the current select/subsel (5.8.4). */
static void build_config(const struct virtio_input *in, uint8_t *cfg)
{
    uint8_t *u = cfg + CFG_UNION;
    uint8_t size = 0;
    memset(cfg, 0, CFG_SIZE);
    cfg[0] = in->select;
    cfg[1] = in->subsel;
    switch (in->select) {
    case VIRTIO_INPUT_CFG_ID_NAME:
    case VIRTIO_INPUT_CFG_ID_SERIAL:
        if (in->subsel == 0) {
            const char *s = in->select == VIRTIO_INPUT_CFG_ID_NAME
                          ? names[in->kind] : serials[in->kind];
            size = (uint8_t)strlen(s);
            memcpy(u, s, size);
        }
        break;
    case VIRTIO_INPUT_CFG_ID_DEVIDS:
        if (in->subsel == 0) {      /* bustype, vendor, product, version */
            le_store(u, 2, BUS_VIRTUAL);
            le_store(u + 2, 2, 0);
            le_store(u + 4, 2, (uint64_t)in->kind + 1);
            le_store(u + 6, 2, 1);
            size = 8;
        }
        break;
    case VIRTIO_INPUT_CFG_PROP_BITS:
        break;      /* no INPUT_PROP_* */
    case VIRTIO_INPUT_CFG_EV_BITS:
        size = ev_bits(in->kind, in->subsel, u);
        break;
    case VIRTIO_INPUT_CFG_ABS_INFO:
        if (in->kind == VIRTIO_INPUT_TABLET &&
            (in->subsel == ABS_X_CODE || in->subsel == ABS_Y_CODE)) {
            /* min, max, fuzz, flat, res */
            le_store(u + 4, 4, VIRTIO_INPUT_ABS_MAX);
            size = 20;
        }
        break;
    default:
        break;
    }
    cfg[2] = size;
}

static uint64_t input_config_read(struct virtio *v, uint64_t off, unsigned size)
{
    uint8_t cfg[CFG_SIZE];
    build_config(v->dev, cfg);
    return virtio_config_bytes(cfg, sizeof cfg, off, size);
}

static void input_config_write(struct virtio *v, uint64_t off, uint64_t val,
                               unsigned size)
{
    struct virtio_input *in = v->dev;
    /* select and subsel are the only driver-writable fields (5.8.4). */
    for (unsigned i = 0; i < size; i++, val >>= 8) {
        if (off + i == 0)
            in->select = (uint8_t)val;
        else if (off + i == 1)
            in->subsel = (uint8_t)val;
    }
}

/* ---- events ---------------------------------------------------------------- */

/* Moves pending events into posted eventq buffers, one event a buffer. */
static void deliver(struct virtio_input *in)
{
    while (in->count && virtio_queue_pop(&in->vio, EVENTQ, &in->chain)) {
        const struct input_event_rec *e = &in->pending[in->head];
        uint8_t rec[EVENT_SIZE];
        le_store(rec, 2, e->type);
        le_store(rec + 2, 2, e->code);
        le_store(rec + 4, 4, (uint32_t)e->value);
        size_t n = virtio_chain_write(&in->vio, &in->chain, 0, rec, sizeof rec);
        virtio_queue_push(&in->vio, EVENTQ, &in->chain, (uint32_t)n);
        in->head = (in->head + 1) % PENDING_MAX;
        in->count--;
    }
}

static void input_notify(struct virtio *v, unsigned q)
{
    struct virtio_input *in = v->dev;
    if (q == EVENTQ) {
        deliver(in);
        return;
    }
    /* statusq: LED and repeat-rate updates from the guest; nothing to do
     * with them but give the buffers back. */
    while (virtio_queue_pop(v, q, &in->chain))
        virtio_queue_push(v, q, &in->chain, 0);
}

static void input_reset(struct virtio *v)
{
    struct virtio_input *in = v->dev;
    in->select = in->subsel = 0;
    in->head = in->count = 0;
}

static void queue_event(struct virtio_input *in, uint16_t type, uint16_t code,
                        int32_t value);

static enum rec_kind rec_kind_of(const struct virtio_input *in)
{
    return in->kind == VIRTIO_INPUT_KEYBOARD ? REC_INPUT_KBD : REC_INPUT_TAB;
}

/* Host events pass the recorder (logged, or ignored during a replay,
 * whose own events arrive through replay_event). */
void virtio_input_event(struct virtio_input *in, uint16_t type, uint16_t code,
                        int32_t value)
{
    uint8_t rec[EVENT_SIZE];
    le_store(rec, 2, type);
    le_store(rec + 2, 2, code);
    le_store(rec + 4, 4, (uint32_t)value);
    if (recorder_async(in->rec, rec_kind_of(in), rec, sizeof rec))
        queue_event(in, type, code, value);
}

static void replay_event(void *opaque, const uint8_t *data, size_t len)
{
    if (len == EVENT_SIZE)
        queue_event(opaque, (uint16_t)le_load(data, 2), (uint16_t)le_load(data + 2, 2),
                    (int32_t)(uint32_t)le_load(data + 4, 4));
}

void virtio_input_set_recorder(struct virtio_input *in, struct recorder *rec)
{
    in->rec = rec;
    recorder_on_deliver(rec, rec_kind_of(in), replay_event, in);
}

static void queue_event(struct virtio_input *in, uint16_t type, uint16_t code,
                        int32_t value)
{
    /* Until the driver runs there is no one to tell: drop, like a key
     * pressed before the keyboard is plugged in. */
    if (!(in->vio.status & VIRTIO_STATUS_DRIVER_OK))
        return;
    if (in->count < PENDING_MAX) {
        in->pending[(in->head + in->count) % PENDING_MAX] =
            (struct input_event_rec){ type, code, value };
        in->count++;
    }
    deliver(in);
}

void virtio_input_key(struct virtio_input *in, uint16_t code, bool pressed)
{
    virtio_input_event(in, EVT_KEY, code, pressed);
    virtio_input_event(in, EVT_SYN, SYN_REPORT_CODE, 0);
}

void virtio_input_abs(struct virtio_input *in, int32_t x, int32_t y)
{
    virtio_input_event(in, EVT_ABS, ABS_X_CODE, x);
    virtio_input_event(in, EVT_ABS, ABS_Y_CODE, y);
    virtio_input_event(in, EVT_SYN, SYN_REPORT_CODE, 0);
}

void virtio_input_wheel(struct virtio_input *in, int32_t steps)
{
    virtio_input_event(in, EVT_REL, REL_WHEEL_CODE, steps);
    virtio_input_event(in, EVT_SYN, SYN_REPORT_CODE, 0);
}

unsigned virtio_input_pending(const struct virtio_input *in)
{
    return in->count;
}

static void input_free_v(struct virtio *v)
{
    virtio_input_free(v->dev);
}

/* Snapshot record, after the transport's: u32 tag "inp"/1, u32 kind (must
 * match the device's), u32 select, u32 subsel, u32 pending count, then per
 * pending event, oldest first: u32 type, u32 code, u32 value.  The
 * configuration window is rebuilt from select/subsel on every read, so
 * those two bytes are all of the config state. */
#define INPUT_SNAP_TAG DEV_TAG('i', 'n', 'p', 1)

static bool input_save(struct virtio *v, struct dev_stream *out)
{
    struct virtio_input *in = v->dev;
    dev_put_u32(out, INPUT_SNAP_TAG);
    dev_put_u32(out, in->kind);
    dev_put_u32(out, in->select);
    dev_put_u32(out, in->subsel);
    dev_put_u32(out, in->count);
    for (unsigned i = 0; i < in->count; i++) {
        const struct input_event_rec *e = &in->pending[(in->head + i) % PENDING_MAX];
        dev_put_u32(out, e->type);
        dev_put_u32(out, e->code);
        dev_put_u32(out, (uint32_t)e->value);
    }
    return !out->error;
}

/* Events go back in order from slot 0; they are delivered at the guest's
 * next eventq notify or the next host event, as before the snapshot. */
static bool load_events(struct virtio_input *in, struct dev_stream *s,
                        uint32_t count)
{
    for (uint32_t i = 0; i < count; i++) {
        uint32_t type = dev_get_u32(s), code = dev_get_u32(s);
        uint32_t value = dev_get_u32(s);
        if (!dev_require(s, type <= UINT16_MAX && code <= UINT16_MAX))
            return false;
        in->pending[i] = (struct input_event_rec){
            (uint16_t)type, (uint16_t)code, (int32_t)value };
    }
    in->head = 0;
    in->count = count;
    return true;
}

static bool input_load(struct virtio *v, struct dev_stream *s)
{
    struct virtio_input *in = v->dev;
    if (dev_get_tag(s, INPUT_SNAP_TAG)) {
        uint32_t kind = dev_get_u32(s), select = dev_get_u32(s);
        uint32_t subsel = dev_get_u32(s), count = dev_get_u32(s);
        if (dev_require(s, kind == (uint32_t)in->kind && select <= UINT8_MAX &&
                           subsel <= UINT8_MAX && count <= PENDING_MAX)) {
            in->select = (uint8_t)select;
            in->subsel = (uint8_t)subsel;
            load_events(in, s, count);
        }
    }
    if (s->error) {
        input_reset(v);
        return false;
    }
    return true;
}

static const struct virtio_dev_ops input_ops = {
    .name = "virtio-input",
    .device_id = VIRTIO_ID_INPUT,
    .features = 0,
    .nqueues = 2,
    .queue_max = QUEUE_MAX,
    .notify = input_notify,
    .config_read = input_config_read,
    .config_write = input_config_write,
    .reset = input_reset,
    .free = input_free_v,
    .save = input_save,
    .load = input_load,
};

struct virtio_input *virtio_input_new(struct bus *bus, uint64_t base,
                                      virtio_irq_fn irq, void *irq_opaque,
                                      int irq_line, enum virtio_input_kind kind)
{
    if (kind != VIRTIO_INPUT_KEYBOARD && kind != VIRTIO_INPUT_TABLET)
        return NULL;
    struct virtio_input *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    in->kind = kind;
    if (!virtio_init(&in->vio, bus, base, &input_ops, in, irq, irq_opaque,
                     irq_line)) {
        free(in);
        return NULL;
    }
    return in;
}

void virtio_input_free(struct virtio_input *in)
{
    if (!in)
        return;
    virtio_chain_destroy(&in->chain);
    free(in);
}

/* ctx->arg: the enum virtio_input_kind. */
struct device *virtio_input_create(const struct device_ctx *ctx)
{
    const enum virtio_input_kind *kind = ctx->arg;
    struct virtio_input *in = virtio_input_new(ctx->bus, ctx->base, ctx->irq_fn,
                                               ctx->irq_opaque, ctx->irq, *kind);
    if (!in) {
        device_error(ctx, "cannot create virtio-input");
        return NULL;
    }
    return &in->vio.device;
}
