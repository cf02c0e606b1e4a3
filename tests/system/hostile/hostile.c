/* A hostile guest: bare-metal M-mode code, loaded as the virt machine's
 * firmware, that attacks every device (tests/system/hostile/run.sh):
 *  1. reads and writes of every width (1, 2, 4, 8 bytes) at every offset
 *     of every device's registers (the PLIC's 6 MiB sampled), with
 *     pseudo-random values; faults (unsupported widths, holes) are taken
 *     and skipped by the trap handler;
 *  2. on every virtio slot, a driver handshake followed by queues whose
 *     rings point outside RAM, into MMIO, at a descriptor that loops to
 *     itself, and at descriptors with lengths near 2^32, each notified.
 * rvx must neither crash, hang, nor touch host memory outside guest RAM
 * (the ASan build runs it too); the guest must keep running to the end,
 * print the number of traps it took and "hostile: survived", and power
 * off through the test device (which it never attacks). */
#include <stdint.h>

#define UART 0x10000000ul
#define TEST_DEV 0x100000ul
#define VIRTIO 0x10001000ul
#define RAM_END_GUESS 0x80000000ul     /* any address past RAM works */

static volatile uint64_t traps;

/* mepc += the trapping instruction's length; interrupts stay off (mie 0) */
__attribute__((interrupt("machine"), aligned(4))) static void trap(void)
{
    uint64_t epc;
    __asm__ volatile("csrr %0, mepc" : "=r"(epc));
    uint16_t parcel = *(volatile uint16_t *)epc;
    epc += (parcel & 3) == 3 ? 4 : 2;
    __asm__ volatile("csrw mepc, %0" : : "r"(epc));
    traps++;
}

static void uart_putc(char c)
{
    volatile uint8_t *u = (volatile uint8_t *)UART;
    while (!(u[5] & 0x20))          /* LSR.THRE */
        ;
    u[0] = (uint8_t)c;
}

static void print(const char *s)
{
    while (*s)
        uart_putc(*s++);
}

static void print_dec(uint64_t v)
{
    char b[24];
    int n = 0;
    do
        b[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n)
        uart_putc(b[--n]);
}

static uint64_t rng = 0x9e3779b97f4a7c15ul;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* one access of each width at base + off: read, then write */
static void poke(uint64_t addr)
{
    uint64_t v = next();
    (void)*(volatile uint8_t *)addr;
    *(volatile uint8_t *)addr = (uint8_t)v;
    if (!(addr & 1)) {
        (void)*(volatile uint16_t *)addr;
        *(volatile uint16_t *)addr = (uint16_t)v;
    }
    if (!(addr & 3)) {
        (void)*(volatile uint32_t *)addr;
        *(volatile uint32_t *)addr = (uint32_t)v;
    }
    if (!(addr & 7)) {
        (void)*(volatile uint64_t *)addr;
        *(volatile uint64_t *)addr = v;
    }
}

static void sweep(uint64_t base, uint64_t size, uint64_t step)
{
    for (uint64_t off = 0; off < size; off += step)
        poke(base + off);
}

/* virtio-mmio v2 registers (virtio spec, "MMIO Device Register Layout") */
enum {
    V_STATUS = 0x70, V_QSEL = 0x30, V_QNUM = 0x38, V_QREADY = 0x44, V_NOTIFY = 0x50,
    V_DESC_LO = 0x80, V_DESC_HI = 0x84, V_AVAIL_LO = 0x90, V_AVAIL_HI = 0x94,
    V_USED_LO = 0xa0, V_USED_HI = 0xa4, V_DRV_FEAT = 0x20, V_DRV_FEAT_SEL = 0x24,
};

static void w32(uint64_t slot, unsigned reg, uint32_t v)
{
    *(volatile uint32_t *)(VIRTIO + slot * 0x1000 + reg) = v;
}

struct desc { uint64_t addr; uint32_t len; uint16_t flags, next; };
static struct desc descs[8] __attribute__((aligned(16)));
static uint16_t avail[8 + 3] __attribute__((aligned(2)));
static uint8_t used[8 * 8 + 6] __attribute__((aligned(4)));

/* A handshake, then queue 0 with its rings at desc/avail/used, notified */
static void bad_queue(uint64_t slot, uint64_t desc, uint64_t av, uint64_t us, uint32_t num)
{
    w32(slot, V_STATUS, 0);                         /* reset */
    w32(slot, V_STATUS, 1 | 2);                     /* ACKNOWLEDGE | DRIVER */
    w32(slot, V_DRV_FEAT_SEL, 1);
    w32(slot, V_DRV_FEAT, 1);                       /* VIRTIO_F_VERSION_1 */
    w32(slot, V_STATUS, 1 | 2 | 8);                 /* FEATURES_OK */
    w32(slot, V_QSEL, 0);
    w32(slot, V_QNUM, num);
    w32(slot, V_DESC_LO, (uint32_t)desc);
    w32(slot, V_DESC_HI, (uint32_t)(desc >> 32));
    w32(slot, V_AVAIL_LO, (uint32_t)av);
    w32(slot, V_AVAIL_HI, (uint32_t)(av >> 32));
    w32(slot, V_USED_LO, (uint32_t)us);
    w32(slot, V_USED_HI, (uint32_t)(us >> 32));
    w32(slot, V_QREADY, 1);
    w32(slot, V_STATUS, 1 | 2 | 8 | 4);             /* DRIVER_OK */
    w32(slot, V_NOTIFY, 0);
    w32(slot, V_NOTIFY, 1);
}

static unsigned needs_reset;    /* devices that flagged the looped chain */

static uint32_t r32(uint64_t slot, unsigned reg)
{
    return *(volatile uint32_t *)(VIRTIO + slot * 0x1000 + reg);
}

static void attack_virtio(void)
{
    for (uint64_t slot = 0; slot < 8; slot++) {
        uint64_t d = (uint64_t)descs, a = (uint64_t)avail, u = (uint64_t)used;
        /* rings outside RAM, in MMIO, and at the top of the address space */
        bad_queue(slot, RAM_END_GUESS + 0x7ffff000ul, a, u, 8);
        bad_queue(slot, UART, UART + 0x40, UART + 0x80, 8);
        bad_queue(slot, ~0ul - 0x40, ~0ul - 0x20, ~0ul - 0x10, 8);
        /* a queue size that is not a power of two, and zero */
        bad_queue(slot, d, a, u, 7);
        bad_queue(slot, d, a, u, 0);
        /* a descriptor that chains to itself */
        descs[0] = (struct desc){ (uint64_t)used, 16, 1 /* NEXT */, 0 };
        avail[0] = 0;
        avail[1] = 1;
        avail[2] = 0;
        bad_queue(slot, d, a, u, 8);
        if (r32(slot, 8) != 0 && (r32(slot, V_STATUS) & 0x40))  /* DEVICE_NEEDS_RESET */
            needs_reset++;
        /* lengths near 2^32, buffers running off RAM, into MMIO */
        descs[0] = (struct desc){ 0x80000000ul, 0xffffffffu, 1, 1 };
        descs[1] = (struct desc){ UART, 0xfffffff0u, 2 /* WRITE */, 0 };
        avail[1] = 2;
        avail[3] = 0;
        bad_queue(slot, d, a, u, 8);
        /* a random ring */
        for (int i = 0; i < 8; i++)
            descs[i] = (struct desc){ next(), (uint32_t)next(), (uint16_t)next(),
                                      (uint16_t)next() };
        for (int i = 0; i < 11; i++)
            avail[i] = (uint16_t)next();
        bad_queue(slot, d, a, u, 8);
        w32(slot, V_STATUS, 0);                     /* and a reset at the end */
    }
}

void hostile_main(void)
{
    __asm__ volatile("csrw mtvec, %0" : : "r"((uint64_t)trap));
    print("hostile: start\n");
    sweep(0x101000ul, 0x1000, 1);                   /* goldfish RTC */
    sweep(0x2000000ul, 0x10000, 1);                 /* CLINT */
    sweep(0xc000000ul, 0x600000, 0x101);            /* PLIC, sampled */
    sweep(UART + 8, 0xf8, 1);                       /* UART, past its FIFO */
    sweep(VIRTIO, 8 * 0x1000, 1);                   /* every virtio slot */
    sweep(0x1000, 0x1000, 1);                       /* the boot ROM */
    sweep(0x3000, 0x1000, 8);                       /* a hole: faults */
    attack_virtio();
    sweep(VIRTIO, 8 * 0x1000, 4);                   /* and again, half-configured */
    *(volatile uint8_t *)(UART + 3) = 3;            /* LCR: 8N1, DLAB off again */
    *(volatile uint8_t *)(UART + 1) = 0;            /* IER: no interrupts */
    print("hostile: traps ");
    print_dec(traps);
    print("\nhostile: needs-reset ");
    print_dec(needs_reset);
    print("\nhostile: survived\n");
    *(volatile uint32_t *)TEST_DEV = 0x5555;        /* power off, status 0 */
    for (;;)
        ;
}
