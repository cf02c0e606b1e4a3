/* Fuzz target: the virtio devices' queue processing (blk, rng, gpu,
 * keyboard and tablet on the virt machine, and a virtio-net in the free
 * slot 5 whose backend loops every frame the guest sends back to it),
 * driven by register writes and a guest memory window the input fills.
 * Records:
 *   0 SLOT REG VAL32   write a virtio-mmio register (REG = offset / 4)
 *   1 OFF16 LEN DATA   copy LEN bytes into the window at OFF
 *   2                  let the devices run (machine_tick, the NIC's poll)
 *   3 SLOT REG         read a register
 * SLOT & 15: 0-7 the virt machine's slots, 8-15 the NIC.  The window is
 * 64 KiB of RAM at 0x80100000; rings and buffers may point anywhere, in
 * RAM, in MMIO or past RAM.  A crash, sanitizer report or hang is a
 * finding; bad rings must end as device errors. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "devices/board.h"
#include "fuzz_machine.h"
#include "devices/virtio_net.h"
#include "mem/bus.h"

#define WINDOW 0x80100000ull
#define WINDOW_SIZE 0x10000u
#define SLOTS 0x10001000ull
#define NIC_BASE (SLOTS + 5 * 0x1000ull)        /* a slot the machine leaves free */

static struct machine *machine;
static struct virtio_net *nic;

/* ---- a loopback backend: what the guest sends comes back to it ---- */

#define LOOP_FRAMES 4           /* a small queue: a full one refuses frames */
struct loop {
    struct net_backend base;
    uint8_t frame[LOOP_FRAMES][NET_FRAME_MAX];
    size_t len[LOOP_FRAMES];
    unsigned head, count, events;
};
static struct loop loop;

static bool loop_send(struct net_backend *b, const uint8_t *f, size_t len)
{
    struct loop *l = (struct loop *)b;
    if (l->count == LOOP_FRAMES || len > NET_FRAME_MAX)
        return false;
    unsigned i = (l->head + l->count++) % LOOP_FRAMES;
    memcpy(l->frame[i], f, len);
    l->len[i] = len;
    l->events |= NET_EV_RX;
    return true;
}

static const uint8_t *loop_peek(struct net_backend *b, size_t *len)
{
    struct loop *l = (struct loop *)b;
    if (!l->count)
        return NULL;
    *len = l->len[l->head];
    return l->frame[l->head];
}

static void loop_pop(struct net_backend *b)
{
    struct loop *l = (struct loop *)b;
    l->head = (l->head + 1) % LOOP_FRAMES;
    l->count--;
    l->events |= NET_EV_TX;
}

static unsigned loop_events(struct net_backend *b)
{
    struct loop *l = (struct loop *)b;
    unsigned e = l->events;
    l->events = 0;
    return e;
}

static uint64_t loop_rx_dropped(struct net_backend *b) { (void)b; return 0; }
static void loop_free(struct net_backend *b) { (void)b; }

static const struct net_backend_ops loop_ops = {
    .send = loop_send, .rx_peek = loop_peek, .rx_pop = loop_pop,
    .events = loop_events, .rx_dropped = loop_rx_dropped, .free = loop_free,
};

static void no_irq(void *opaque, int line, bool level)
{
    (void)opaque, (void)line, (void)level;
}

static uint64_t reg_addr(const uint8_t *p)
{
    unsigned slot = p[0] & 15;
    uint64_t base = slot < 8 ? SLOTS + slot * 0x1000ull : NIC_BASE;
    return base + (p[1] & 0x7f) * 4ull;
}

static struct machine *make(void)
{
    static char disk[64] = "/tmp/rvx-fuzz-virtio-XXXXXX";
    struct machine *m = fuzz_virt_machine(disk, 1, true);
    unlink(disk);               /* the open image stays usable */
    static const uint8_t mac[ETH_ALEN] = {0x52, 0x54, 0, 0x12, 0x34, 0x56};
    loop.base = (struct net_backend){ .ops = &loop_ops, .wake_fd = -1 };
    nic = virtio_net_new(&m->bus, NIC_BASE, no_irq, NULL, 0, mac, &loop.base);
    if (!nic)
        abort();
    return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!machine)
        machine = make();
    machine_reset(machine);
    bus_store(&machine->bus, NIC_BASE + 0x70, 4, 0);   /* the NIC's reset: status 0 */
    loop.head = loop.count = loop.events = 0;
    const uint8_t *p = data, *end = data + size;
    uint8_t *window = bus_ram_ptr(&machine->bus, WINDOW, WINDOW_SIZE);
    while (p < end) {
        switch (*p++ & 3) {
        case 0: {                               /* register write */
            if (end - p < 6)
                return 0;
            uint64_t pa = reg_addr(p);
            uint32_t v = (uint32_t)p[2] | (uint32_t)p[3] << 8 | (uint32_t)p[4] << 16 |
                         (uint32_t)p[5] << 24;
            bus_store(&machine->bus, pa, 4, v);
            p += 6;
            break;
        }
        case 1: {                               /* guest memory */
            if (end - p < 3)
                return 0;
            unsigned off = ((unsigned)p[0] | (unsigned)p[1] << 8) % WINDOW_SIZE;
            unsigned len = p[2];
            p += 3;
            if ((size_t)(end - p) < len)
                len = (unsigned)(end - p);
            if (len > WINDOW_SIZE - off)
                len = WINDOW_SIZE - off;
            memcpy(window + off, p, len);
            p += len;
            break;
        }
        case 2:
            machine_tick(machine);
            virtio_net_poll(nic);
            break;
        default: {                              /* register read */
            if (end - p < 2)
                return 0;
            uint64_t v;
            bus_load(&machine->bus, reg_addr(p), 4, &v);
            p += 2;
            break;
        }
        }
    }
    machine_tick(machine);
    virtio_net_poll(nic);
    if (getenv("RVX_FUZZ_VIRTIO_STATS")) {     /* to check what a seed does */
        struct virtio_net_stats st;
        virtio_net_get_stats(nic, &st);
        uint64_t status;
        bus_load(&machine->bus, NIC_BASE + 0x70, 4, &status);
        fprintf(stderr, "net: tx %llu rx %llu tx_dropped %llu rx_dropped %llu status %#llx\n",
                (unsigned long long)st.tx_frames, (unsigned long long)st.rx_frames,
                (unsigned long long)st.tx_dropped, (unsigned long long)st.rx_dropped,
                (unsigned long long)status);
    }
    return 0;
}
