/* virtio-input (VIRTIO 1.2 section 5.8): a keyboard or a tablet (absolute
 * pointer with three buttons) fed with Linux evdev events by the host.
 * Events are delivered in the guest's eventq buffers; while the guest has
 * none posted they wait in a bounded host queue (oldest kept, newest
 * dropped when it is full). */
#ifndef RVX_DEVICES_VIRTIO_INPUT_H
#define RVX_DEVICES_VIRTIO_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/virtio.h"

/* Config select values (5.8.2). */
enum {
    VIRTIO_INPUT_CFG_UNSET = 0x00,
    VIRTIO_INPUT_CFG_ID_NAME = 0x01,
    VIRTIO_INPUT_CFG_ID_SERIAL = 0x02,
    VIRTIO_INPUT_CFG_ID_DEVIDS = 0x03,
    VIRTIO_INPUT_CFG_PROP_BITS = 0x10,
    VIRTIO_INPUT_CFG_EV_BITS = 0x11,
    VIRTIO_INPUT_CFG_ABS_INFO = 0x12,
};

/* Linux input event types and codes used here (linux/input-event-codes.h). */
#define EVT_SYN 0x00
#define EVT_KEY 0x01
#define EVT_REL 0x02
#define EVT_ABS 0x03
#define EVT_LED 0x11
#define EVT_REP 0x14
#define SYN_REPORT_CODE 0
#define ABS_X_CODE 0x00
#define ABS_Y_CODE 0x01
#define REL_WHEEL_CODE 0x08
#define BTN_LEFT_CODE 0x110
#define BTN_RIGHT_CODE 0x111
#define BTN_MIDDLE_CODE 0x112

/* The tablet reports positions in 0..VIRTIO_INPUT_ABS_MAX on both axes. */
#define VIRTIO_INPUT_ABS_MAX 32767

enum virtio_input_kind { VIRTIO_INPUT_KEYBOARD, VIRTIO_INPUT_TABLET };

struct virtio_input;

struct virtio_input *virtio_input_new(struct bus *bus, uint64_t base,
                                      virtio_irq_fn irq, void *irq_opaque,
                                      int irq_line, enum virtio_input_kind kind);
void virtio_input_free(struct virtio_input *in);

/* The board's constructor (ctx: base, irq, irq_fn, arg = the kind). */
struct device *virtio_input_create(const struct device_ctx *ctx);

/* Queues one event (delivered at once if the guest has a buffer). */
void virtio_input_event(struct virtio_input *in, uint16_t type, uint16_t code,
                        int32_t value);

/* Conveniences that end with SYN_REPORT, as evdev expects. */
void virtio_input_key(struct virtio_input *in, uint16_t code, bool pressed);
void virtio_input_abs(struct virtio_input *in, int32_t x, int32_t y);
void virtio_input_wheel(struct virtio_input *in, int32_t steps);

/* Events waiting for guest buffers. */
unsigned virtio_input_pending(const struct virtio_input *in);

/* Deterministic mode: host events pass rec (devices/recorder.h). */
struct recorder;
void virtio_input_set_recorder(struct virtio_input *in, struct recorder *rec);

#endif
