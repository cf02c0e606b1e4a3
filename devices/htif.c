/* HTIF.  A command written to tohost is (device << 56) | (cmd << 48) |
 * payload (48 bits).  Device 0 ("syscall proxy"), command 0: an odd payload
 * is an exit with code payload >> 1, an even one the address of a block of
 * eight 64-bit words {number, arg0, arg1, ...} whose result goes back into
 * word 0.  Device 1 (console), command 1: put a character; command 0: read
 * one.  The host clears tohost when it takes a command and answers through
 * fromhost, which the guest clears after reading. */
#include "devices/htif.h"

#include <stdlib.h>

#include "mem/bus.h"

enum { TOHOST, FROMHOST };

/* Syscall numbers and error returns (RISC-V Linux ABI values, which is
 * what riscv-tests' syscalls.c and newlib's libgloss for HTIF use). */
#define SYS_WRITE 64
#define SYS_EXIT 93
#define EBADF 9
#define EFAULT 14
#define ENOSYS 38

#define PAYLOAD_MASK ((1ull << 48) - 1)

struct htif;

/* One overlaid word; the MMIO opaque. */
struct htif_port {
    struct htif *h;
    int which;
};

struct htif {
    struct device dev;          /* first: the device is the state */
    struct bus *bus;
    uint64_t addr[2];
    uint64_t shadow[2];     /* the value when the word is not in RAM */
    bool has_fromhost;
    struct htif_port port[2];
    void (*exit_fn)(void *opaque, int code);
    void *opaque;
    FILE *out;
    bool exited;            /* the command being handled was an exit */
    uint64_t exit_cmd;      /* the exit command taken, for debuggers (htif_peek) */
};

static uint64_t word_get(struct htif *h, int which)
{
    uint8_t b[8];
    if (bus_dma_read(h->bus, h->addr[which], b, sizeof(b)))
        return le_load(b, 8);
    return h->shadow[which];
}

static void word_set(struct htif *h, int which, uint64_t v)
{
    uint8_t b[8];
    h->shadow[which] = v;
    le_store(b, 8, v);
    bus_dma_write(h->bus, h->addr[which], b, sizeof(b));
}

static void respond(struct htif *h, uint64_t v)
{
    if (h->has_fromhost)
        word_set(h, FROMHOST, v);
}

static void do_exit(struct htif *h, int code)
{
    h->exited = true;
    if (h->exit_fn)
        h->exit_fn(h->opaque, code);
}

/* Copies len guest bytes at buf to the console; returns the syscall
 * result. */
static int64_t sys_write(struct htif *h, uint64_t fd, uint64_t buf,
                         uint64_t len)
{
    uint8_t chunk[4096];
    if (fd != 1 && fd != 2)
        return -EBADF;
    for (uint64_t done = 0; done < len;) {
        size_t n = len - done < sizeof(chunk) ? (size_t)(len - done)
                                              : sizeof(chunk);
        if (!bus_dma_read(h->bus, buf + done, chunk, n))
            return done ? (int64_t)done : -EFAULT;
        if (h->out)
            fwrite(chunk, 1, n, h->out);
        done += n;
    }
    if (h->out)
        fflush(h->out);
    return (int64_t)len;
}

static void syscall_block(struct htif *h, uint64_t addr)
{
    uint8_t raw[64];
    uint64_t m[8];
    if (!bus_dma_read(h->bus, addr, raw, sizeof(raw))) {
        respond(h, 1);          /* let the guest stop waiting */
        return;
    }
    for (int i = 0; i < 8; i++)
        m[i] = le_load(raw + 8 * i, 8);
    int64_t ret;
    switch (m[0]) {
    case SYS_WRITE:
        ret = sys_write(h, m[1], m[2], m[3]);
        break;
    case SYS_EXIT:
        do_exit(h, (int)m[1]);
        ret = 0;
        break;
    default:
        ret = -ENOSYS;
        break;
    }
    le_store(raw, 8, (uint64_t)ret);
    bus_dma_write(h->bus, addr, raw, 8);
    respond(h, 1);
}

static void cmd_syscall(struct htif *h, uint64_t payload)
{
    if (payload & 1)
        do_exit(h, (int)(payload >> 1));
    else
        syscall_block(h, payload);
}

static void cmd_putchar(struct htif *h, uint64_t payload)
{
    if (h->out) {
        fputc((int)(payload & 0xff), h->out);
        fflush(h->out);
    }
    respond(h, 1ull << 56 | 1ull << 48);
}

/* No console input is connected.  Spike keeps a read request pending until
 * a key arrives; answering it with anything would hand the guest a bogus
 * character (OpenSBI takes any response as one), so it gets no answer. */
static void cmd_getchar(struct htif *h, uint64_t payload)
{
}

static const struct {
    uint8_t device, cmd;
    void (*fn)(struct htif *h, uint64_t payload);
} commands[] = {
    {0, 0, cmd_syscall},
    {1, 0, cmd_getchar},
    {1, 1, cmd_putchar},
};

static void handle_tohost(struct htif *h, uint64_t v)
{
    if (v == 0)
        return;
    word_set(h, TOHOST, 0);     /* taken: tohost reads back 0 */
    unsigned device = (unsigned)(v >> 56), cmd = (unsigned)(v >> 48) & 0xff;
    h->exited = false;
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (commands[i].device == device && commands[i].cmd == cmd) {
            commands[i].fn(h, v & PAYLOAD_MASK);
            break;
        }
    /* An exit ends the machine once the hart stops; until then a
     * debugger watching tohost reads the command (riscv-tests' final
     * write: "Old value = 0, New value = 1", as on QEMU), the guest the
     * host's acknowledgement (0, as on Spike). */
    if (h->exited)
        h->exit_cmd = v;
}

static uint64_t lane_mask(unsigned size)
{
    return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

static uint64_t htif_read(void *opaque, uint64_t off, unsigned size)
{
    struct htif_port *p = opaque;
    if (size == 0 || size > 8 || off + size > 8)
        return 0;
    return (word_get(p->h, p->which) >> (8 * off)) & lane_mask(size);
}

/* A debugger's read: tohost shows an exit command taken (the machine is
 * about to end; see handle_tohost). */
static uint64_t htif_peek(void *opaque, uint64_t off, unsigned size)
{
    struct htif_port *p = opaque;
    if (p->which != TOHOST || !p->h->exit_cmd || size == 0 || size > 8 || off + size > 8)
        return htif_read(opaque, off, size);
    return (p->h->exit_cmd >> (8 * off)) & lane_mask(size);
}

/* tohost may be written in pieces: riscv-test-env stores the low word,
 * then the high one; riscv-arch-test's Spike model and many others store
 * only the low word of an exit request.  Spike acts on whatever nonzero
 * value it finds.  Here a command is taken when a store fills the last
 * byte, and also when a store to the low half leaves an exit request
 * (odd, high half zero) - the one command that fits in the low word.  An
 * even low half waits for its high half, so a 64-bit command stored low
 * word first is never taken half-written. */
static bool command_complete(uint64_t off, unsigned size, uint64_t v)
{
    if (off + size == 8)
        return true;
    return off == 0 && (v >> 32) == 0 && (v & 1);
}

static void htif_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    struct htif_port *p = opaque;
    if (size == 0 || size > 8 || off + size > 8)
        return;
    uint64_t mask = lane_mask(size) << (8 * off);
    uint64_t v = (word_get(p->h, p->which) & ~mask) | ((val << (8 * off)) & mask);
    word_set(p->h, p->which, v);
    if (p->which == TOHOST && command_complete(off, size, v))
        handle_tohost(p->h, v);
}

/* Power-on: no command in flight; the words themselves live in RAM (the
 * loaded image restores them), only the copies kept for words outside RAM
 * are cleared. */
static void htif_reset(struct device *d)
{
    struct htif *h = (struct htif *)d;
    h->shadow[TOHOST] = h->shadow[FROMHOST] = 0;
    h->exit_cmd = 0;
}

static void htif_free_dev(struct device *d)
{
    htif_free((struct htif *)d);
}

/* Snapshot record: u32 tag "htf"/1, u64 tohost address, u64 fromhost
 * address (both must match: they come from the loaded ELF, and a record
 * for other words belongs to another program), u64 tohost copy, u64
 * fromhost copy.  Commands are carried out inside the store that completes
 * them, so none is ever half done between two accesses; the copies are
 * what the guest reads for a word outside RAM (a word in RAM is restored
 * with RAM). */
#define HTIF_SNAP_TAG DEV_TAG('h', 't', 'f', 1)

static bool htif_save(struct device *d, struct dev_stream *out)
{
    struct htif *h = (struct htif *)d;
    dev_put_u32(out, HTIF_SNAP_TAG);
    dev_put_u64(out, h->addr[TOHOST]);
    dev_put_u64(out, h->addr[FROMHOST]);
    dev_put_u64(out, h->shadow[TOHOST]);
    dev_put_u64(out, h->shadow[FROMHOST]);
    return !out->error;
}

static bool htif_load(struct device *d, struct dev_stream *in)
{
    struct htif *h = (struct htif *)d;
    htif_reset(d);
    if (dev_get_tag(in, HTIF_SNAP_TAG)) {
        uint64_t to = dev_get_u64(in), from = dev_get_u64(in);
        uint64_t to_val = dev_get_u64(in), from_val = dev_get_u64(in);
        if (dev_require(in, to == h->addr[TOHOST] && from == h->addr[FROMHOST])) {
            h->shadow[TOHOST] = to_val;
            h->shadow[FROMHOST] = from_val;
        }
    }
    if (in->error) {
        htif_reset(d);
        return false;
    }
    return true;
}

/* HTIF maps two 8-byte words, so it registers its regions itself (one
 * opaque per word) rather than through device_map; these ops describe the
 * device for the board's list.  Every size is accepted (the guest stores
 * tohost as one doubleword or as two words); reads have no side effects. */
static const struct device_ops htif_ops = {
    .name = "htif",
    .access = DEV_ACCESS_ANY,
    .reset = htif_reset,
    .free = htif_free_dev,
    .save = htif_save,
    .load = htif_load,
};

static bool add_port(struct htif *h, int which, const char *name)
{
    struct mmio_region r = {
        .base = h->addr[which], .size = 8, .opaque = &h->port[which],
        .read = htif_read, .write = htif_write, .peek = htif_peek,
        .access = DEV_ACCESS_ANY, .name = name,
    };
    return bus_add_region(h->bus, &r);
}

struct device *htif_device(struct htif *h)
{
    return &h->dev;
}

struct htif *htif_new(struct bus *bus, uint64_t tohost_addr,
                      uint64_t fromhost_addr,
                      void (*exit_fn)(void *opaque, int code), void *opaque,
                      FILE *console_out)
{
    /* A fromhost overlapping tohost would be nonsense; treat as absent. */
    bool has_fromhost = fromhost_addr != 0 &&
                        (fromhost_addr + 8 <= tohost_addr ||
                         tohost_addr + 8 <= fromhost_addr);
    /* Check for room first: the bus cannot take a region back. */
    if (bus->nregions + 1 + has_fromhost > BUS_MAX_REGIONS)
        return NULL;
    struct htif *h = calloc(1, sizeof(*h));
    if (!h)
        return NULL;
    h->dev = (struct device){ .ops = &htif_ops, .base = tohost_addr, .size = 8 };
    h->bus = bus;
    h->addr[TOHOST] = tohost_addr;
    h->addr[FROMHOST] = fromhost_addr;
    h->has_fromhost = has_fromhost;
    h->exit_fn = exit_fn;
    h->opaque = opaque;
    h->out = console_out;
    for (int i = 0; i < 2; i++)
        h->port[i] = (struct htif_port){h, i};
    if (!add_port(h, TOHOST, "htif-tohost") ||
        (h->has_fromhost && !add_port(h, FROMHOST, "htif-fromhost"))) {
        free(h);
        return NULL;
    }
    return h;
}

void htif_free(struct htif *h)
{
    free(h);
}
