/* A bare-metal program for the virt machine (loaded as its firmware at
 * 0x80000000, M-mode) that reads both kinds of host input the recorder
 * carries: console bytes from the 16550 UART (asynchronous: when they
 * arrive depends on the host) and virtio-rng bytes (synchronous).  It
 * prints what it got, how long it polled for each byte and the time, then
 * powers off through the test device.  A recorded and a replayed run must
 * execute the same instructions (replay.sh compares commit-log hashes).
 * Built with TWO_HARTS (--smp 2), both harts sleep in wfi on their CLINT
 * timers, hart 0 between two looks at the UART and hart 1 in a loop that
 * counts its wake-ups, so the machine is often entirely idle (time jumps)
 * and input arrives while it is; now and then hart 0 wakes hart 1 with
 * an IPI right before it sleeps itself: the schedule of the two harts and
 * the jumps must be the same in the replay.  CLINT layout: SiFive CLINT as on
 * QEMU's virt board (msip 0x0, mtimecmp 0x4000 + 8 * hart, mtime 0xbff8).
 * Register layouts: 16550 data sheet; virtio-mmio version 2 (VIRTIO 1.1
 * 4.2.2); split virtqueues (2.6). */
typedef unsigned char uint8_t;
typedef unsigned short uint16_t;
typedef unsigned int uint32_t;
typedef unsigned long uint64_t;

#define UART 0x10000000ul
#define SYSCON 0x100000ul
#define VIRTIO0 0x10001000ul
#define NSLOTS 8
#define NBYTES 8

static volatile uint8_t *const uart = (volatile uint8_t *)UART;

static void putc_(char c)
{
    while (!(uart[5] & 0x20))   /* LSR.THRE */
        ;
    uart[0] = (uint8_t)c;
}

static void puts_(const char *s)
{
    while (*s)
        putc_(*s++);
}

static void hex(uint64_t v, int digits)
{
    for (int i = digits - 1; i >= 0; i--)
        putc_("0123456789abcdef"[(v >> (4 * i)) & 15]);
}

static uint32_t rd32(uint64_t a) { return *(volatile uint32_t *)a; }
static void wr32(uint64_t a, uint32_t v) { *(volatile uint32_t *)a = v; }

struct desc { uint64_t addr; uint32_t len; uint16_t flags, next; };
static struct desc descs[4] __attribute__((aligned(16)));
static struct { uint16_t flags, idx, ring[4], used_event; } avail __attribute__((aligned(2)));
static struct { uint16_t flags, idx; struct { uint32_t id, len; } ring[4]; uint16_t avail_event; }
    used __attribute__((aligned(4)));
static uint8_t entropy[32];

static uint64_t rng_base(void)
{
    for (int i = 0; i < NSLOTS; i++) {
        uint64_t b = VIRTIO0 + 0x1000ul * i;
        if (rd32(b) == 0x74726976 && rd32(b + 8) == 4)     /* "virt", rng */
            return b;
    }
    return 0;
}

static void rng_setup(uint64_t b)
{
    wr32(b + 0x70, 0);                  /* reset */
    wr32(b + 0x70, 1 | 2);              /* ACKNOWLEDGE | DRIVER */
    wr32(b + 0x24, 1);
    wr32(b + 0x20, 1);                  /* VIRTIO_F_VERSION_1 (bit 32) */
    wr32(b + 0x70, 1 | 2 | 8);          /* FEATURES_OK */
    wr32(b + 0x30, 0);
    wr32(b + 0x38, 4);
    wr32(b + 0x80, (uint32_t)(uint64_t)descs);
    wr32(b + 0x84, 0);
    wr32(b + 0x90, (uint32_t)(uint64_t)&avail);
    wr32(b + 0x94, 0);
    wr32(b + 0xa0, (uint32_t)(uint64_t)&used);
    wr32(b + 0xa4, 0);
    wr32(b + 0x44, 1);                  /* QueueReady */
    wr32(b + 0x70, 1 | 2 | 8 | 4);      /* DRIVER_OK */
}

/* One request for 16 bytes into entropy[off..]; returns the used length. */
static uint32_t rng_get(uint64_t b, unsigned off)
{
    uint16_t slot = avail.idx % 4;
    descs[slot] = (struct desc){ (uint64_t)&entropy[off], 16, 2 /* WRITE */, 0 };
    avail.ring[slot] = slot;
    __sync_synchronize();
    avail.idx++;
    __sync_synchronize();
    wr32(b + 0x50, 0);                  /* QueueNotify */
    while (*(volatile uint16_t *)&used.idx != avail.idx)
        ;
    return used.ring[slot].len;
}

static uint64_t rdtime(void)
{
    uint64_t t;
    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}

#ifdef TWO_HARTS
#define CLINT 0x2000000ul
static volatile uint64_t wakeups1, stop1, ipis1;

/* Sleeps in wfi until mtime reaches the next multiple of ticks (both
 * harts sleeping to the same multiple wake at the same time jump, and
 * which of them runs first is the scheduler's choice).  mie.MTIE with
 * mstatus.MIE clear: the pending timer ends wfi without a trap (Priv
 * 3.3.3: wfi resumes on a pending enabled interrupt, whatever MIE says). */
static void sleep_ticks(uint64_t hart, uint64_t ticks)
{
    volatile uint64_t *cmp = (volatile uint64_t *)(CLINT + 0x4000 + 8 * hart);
    uint64_t until = (rdtime() / ticks + 1) * ticks;
    *cmp = until;
    __asm__ volatile("csrs mie, %0" : : "r"(1ul << 7));
    while (rdtime() < until)
        __asm__ volatile("wfi");
    *cmp = ~0ul;
}

void hart1_c(void)
{
    uint64_t x = 1;
    volatile unsigned *msip1 = (volatile unsigned *)(CLINT + 4);
    __asm__ volatile("csrs mie, %0" : : "r"(1ul << 3));    /* MSIE: hart 0's IPI wakes it */
    while (!stop1) {
        sleep_ticks(1, 400);
        if (*msip1) {
            *msip1 = 0;
            ipis1++;
        }
        for (uint64_t i = 0; i < (x & 1023); i++)   /* some work, time-dependent */
            x = x * 6364136223846793005ul + rdtime();
        __atomic_fetch_add(&wakeups1, 1, __ATOMIC_RELAXED);
    }
    for (;;)
        __asm__ volatile("wfi");
}
/* hart 0 between two looks: work of a varying length (often longer than
 * a turn, so runs pause with one hart in wfi and the other busy), then a
 * sleep */
static uint64_t work0 = 7;
static void wait_a_little(void)
{
    for (uint64_t i = 1 + ((work0 >> 7) & 8191); i; i--)
        work0 = work0 * 6364136223846793005ul + 1442695040888963407ul;
    if (work0 & 0x10000)        /* now and then wake hart 1 just before sleeping */
        *(volatile unsigned *)(CLINT + 4) = 1;
    sleep_ticks(0, 400);
}
#define WAIT_A_LITTLE() wait_a_little()
#else
#define WAIT_A_LITTLE() ((void)0)
#endif

void main_c(void)
{
    puts_("ready\n");
    uint64_t polls[NBYTES];
    char got[NBYTES];
    for (int i = 0; i < NBYTES; i++) {
        uint64_t n = 0;
        while (!(uart[5] & 1)) {        /* LSR.DR */
            WAIT_A_LITTLE();
            n++;
        }
        got[i] = (char)uart[0];
        polls[i] = n;
    }
    puts_("input: ");
    for (int i = 0; i < NBYTES; i++)
        putc_(got[i]);
    puts_("\npolls:");
    for (int i = 0; i < NBYTES; i++) {
        putc_(' ');
        hex(polls[i], 8);
    }
    uint64_t b = rng_base();
    if (b) {
        rng_setup(b);
        uint32_t l0 = rng_get(b, 0), l1 = rng_get(b, 16);
        puts_("\nrng: ");
        for (int i = 0; i < 32; i++)
            hex(entropy[i], 2);
        puts_(" lengths ");
        hex(l0 + l1, 4);
    } else {
        puts_("\nno virtio-rng");
    }
    puts_("\ntime: ");
    hex(rdtime(), 16);
#ifdef TWO_HARTS
    stop1 = 1;
    puts_("\nhart 1 woke: ");
    hex(wakeups1, 8);
    puts_(" ipis ");
    hex(ipis1, 8);
#endif
    puts_("\n");
    *(volatile uint32_t *)SYSCON = 0x5555;  /* power off */
    for (;;)
        ;
}
