/* A hostile guest: bare-metal M-mode code, loaded as the virt machine's
 * firmware, that attacks every device (tests/system/hostile/run.sh):
 *  1. reads and writes of every width (1, 2, 4, 8 bytes) at every offset
 *     of every device's registers (the PLIC's 6 MiB sampled), with
 *     pseudo-random values; faults (unsupported widths, holes) are taken
 *     and skipped by the trap handler;
 *  2. on every virtio slot, a driver handshake followed by queues whose
 *     rings point outside RAM, into MMIO, at a descriptor that loops to
 *     itself, and at descriptors with lengths near 2^32, each notified;
 *  3. on the disk: queue sizes changed while the queue runs, a read-only
 *     drive's refusal of writes, and a disk read (DMA) over the code that
 *     is running (resize_while_running, readonly_drive, dma_over_code);
 *  4. interrupt storms: the timer, software (IPI to itself) and PLIC
 *     external interrupts re-raised from their own handler thousands of
 *     times, then all three at once while the PLIC's priorities,
 *     threshold and enables are rewritten at random (storms);
 *  5. PMP and page-table corner cases through mstatus.MPRV (S-mode
 *     accesses from M-mode code): a misaligned superpage, a non-leaf PTE
 *     at the last level, reserved PTE bits, W without R, tables and pages
 *     outside RAM, a PMP entry over a page table, an empty TOR range and a
 *     locked entry (pmp_and_paging).
 * rvx must neither crash, hang, nor touch host memory outside guest RAM
 * (the ASan build runs it too); the guest must keep running to the end,
 * print the number of traps it took and "hostile: survived", and power
 * off through the test device (which it never attacks).  Where the spec
 * fixes the answer (the fault a case raises, the interrupts delivered,
 * the status of a request) a different one prints "hostile: FAIL ..."
 * and run.sh fails. */
#include <stdint.h>

#define UART 0x10000000ul
#define TEST_DEV 0x100000ul
#define VIRTIO 0x10001000ul
#define RAM_END_GUESS 0x80000000ul     /* any address past RAM works */

static volatile uint64_t traps, last_cause, last_tval;
static volatile uint64_t irqs[16];              /* interrupts taken, by code */
static void (*volatile irq_hook)(uint64_t code);

/* Exceptions: recorded, mepc += the trapping instruction's length.
 * Interrupts (only while a storm enables them): counted, handed to the
 * storm's hook, which must clear or re-raise the source. */
__attribute__((interrupt("machine"), aligned(4))) static void trap(void)
{
    uint64_t cause, epc, tval;
    __asm__ volatile("csrr %0, mcause" : "=r"(cause));
    if ((int64_t)cause < 0) {
        irqs[cause & 15]++;
        if (irq_hook)
            irq_hook(cause & 15);
        return;
    }
    __asm__ volatile("csrr %0, mepc" : "=r"(epc));
    __asm__ volatile("csrr %0, mtval" : "=r"(tval));
    uint16_t parcel = *(volatile uint16_t *)epc;
    epc += (parcel & 3) == 3 ? 4 : 2;
    __asm__ volatile("csrw mepc, %0" : : "r"(epc));
    last_cause = cause;
    last_tval = tval;
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
static unsigned needs_reset_slots;  /* which: bit per slot */

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
        {
            needs_reset++;
            needs_reset_slots |= 1u << slot;
        }
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

/* ---- checks: a wrong answer prints one line, run.sh fails on it ---- */

static unsigned checks, failures;

static void check(int ok, const char *what, uint64_t got, uint64_t want)
{
    checks++;
    if (ok)
        return;
    failures++;
    print("hostile: FAIL ");
    print(what);
    print(": got ");
    print_dec(got);
    print(", expected ");
    print_dec(want);
    print("\n");
}

static void check_eq(const char *what, uint64_t got, uint64_t want)
{
    check(got == want, what, got, want);
}

static void fence(void) { __asm__ volatile("fence" ::: "memory"); }

/* ---- 3. the disk: a small driver (virtio 1.2 2.7 split rings, 5.2 blk) ---- */

enum { BLK_IN = 0, BLK_OUT = 1, BLK_S_OK = 0, BLK_S_IOERR = 1, BLK_F_RO = 5 };
enum { D_NEXT = 1, D_WRITE = 2, V_DEV_FEAT = 0x10, V_DEV_FEAT_SEL = 0x14, QMAX = 16 };
struct blk_hdr { uint32_t type, reserved; uint64_t sector; };
static struct desc bdesc[QMAX] __attribute__((aligned(16)));
static volatile uint16_t bavail[QMAX + 3] __attribute__((aligned(2)));
static volatile uint16_t bused[2 + 4 * QMAX + 1] __attribute__((aligned(4)));
static struct blk_hdr bhdr;
static volatile uint8_t bstatus;
static uint16_t bav_idx, bnum;
static uint8_t sector_buf[512] __attribute__((aligned(8)));

static void blk_rings(uint64_t slot, uint32_t num)
{
    for (unsigned i = 0; i < sizeof bused / 2; i++)
        bused[i] = 0;
    bav_idx = 0;
    bavail[1] = 0;
    bnum = (uint16_t)num;
    w32(slot, V_QSEL, 0);
    w32(slot, V_QNUM, num);
    w32(slot, V_DESC_LO, (uint32_t)(uint64_t)bdesc);
    w32(slot, V_DESC_HI, 0);
    w32(slot, V_AVAIL_LO, (uint32_t)(uint64_t)bavail);
    w32(slot, V_AVAIL_HI, 0);
    w32(slot, V_USED_LO, (uint32_t)(uint64_t)bused);
    w32(slot, V_USED_HI, 0);
    w32(slot, V_QREADY, 1);
}

static void blk_start(uint64_t slot, uint32_t num)
{
    w32(slot, V_STATUS, 0);
    w32(slot, V_STATUS, 1 | 2);
    w32(slot, V_DRV_FEAT_SEL, 0);
    w32(slot, V_DRV_FEAT, 0);
    w32(slot, V_DRV_FEAT_SEL, 1);
    w32(slot, V_DRV_FEAT, 1);                       /* VIRTIO_F_VERSION_1 */
    w32(slot, V_STATUS, 1 | 2 | 8);
    blk_rings(slot, num);
    w32(slot, V_STATUS, 1 | 2 | 8 | 4);
}

/* Makes one request (header, data, status) available; not notified. */
static void blk_post(uint32_t type, uint64_t sector, void *buf, uint32_t len)
{
    bhdr = (struct blk_hdr){ type, 0, sector };
    bstatus = 0xff;
    bdesc[0] = (struct desc){ (uint64_t)&bhdr, sizeof bhdr, D_NEXT, 1 };
    bdesc[1] = (struct desc){ (uint64_t)buf, len, D_NEXT | (type == BLK_IN ? D_WRITE : 0), 2 };
    bdesc[2] = (struct desc){ (uint64_t)&bstatus, 1, D_WRITE, 0 };
    bavail[2 + bav_idx % bnum] = 0;
    fence();
    bavail[1] = ++bav_idx;
    fence();
}

/* The request's status once the used index catches up; -1 if it never does. */
static int blk_wait(void)
{
    for (unsigned i = 0; i < 1000000; i++)
        if (bused[1] == bav_idx) {
            fence();
            return bstatus;
        }
    return -1;
}

static int blk_do(uint64_t slot, uint32_t type, uint64_t sector, void *buf)
{
    blk_post(type, sector, buf, 512);
    w32(slot, V_NOTIFY, 0);
    return blk_wait();
}

/* QueueNum written while the queue is ready is ignored (4.2.3.2: the
 * driver writes it only before QueueReady); a queue made not-ready,
 * resized and made ready again restarts at index 0; a size that is not a
 * power of two fails the device (DEVICE_NEEDS_RESET). */
static void resize_while_running(uint64_t slot)
{
    blk_start(slot, 8);
    w32(slot, V_QNUM, 4);
    check_eq("QueueNum written while ready", r32(slot, V_QNUM), 8);
    check_eq("read after the ignored resize", (uint64_t)blk_do(slot, BLK_IN, 0, sector_buf), BLK_S_OK);
    w32(slot, V_QREADY, 0);
    blk_rings(slot, 16);
    check_eq("read after a resize to 16", (uint64_t)blk_do(slot, BLK_IN, 1, sector_buf), BLK_S_OK);
    /* requests in flight when the ring shrinks under them */
    for (int i = 0; i < 5; i++)
        blk_post(BLK_IN, (uint64_t)i, sector_buf, 512);
    w32(slot, V_QREADY, 0);
    w32(slot, V_QNUM, 2);
    w32(slot, V_QREADY, 1);
    w32(slot, V_NOTIFY, 0);
    w32(slot, V_QREADY, 0);
    w32(slot, V_QNUM, 3);
    w32(slot, V_QREADY, 1);
    check((r32(slot, V_STATUS) & 0x40) != 0, "DEVICE_NEEDS_RESET after queue size 3",
          r32(slot, V_STATUS), 0x40);
    w32(slot, V_STATUS, 0);
}

/* A read-only drive offers VIRTIO_BLK_F_RO and fails writes with IOERR
 * (5.2.6.2); run.sh checks the image's bytes and mtime afterwards. */
static void readonly_drive(uint64_t slot)
{
    check_eq("second disk's device ID", r32(slot, 8), 2);
    w32(slot, V_DEV_FEAT_SEL, 0);
    check_eq("read-only drive offers VIRTIO_BLK_F_RO", (r32(slot, V_DEV_FEAT) >> BLK_F_RO) & 1, 1);
    blk_start(slot, 8);
    for (int i = 0; i < 512; i++)
        sector_buf[i] = 0xa5;
    for (uint64_t sector = 0; sector < 4; sector++)
        check_eq("write to the read-only drive", (uint64_t)blk_do(slot, BLK_OUT, sector, sector_buf),
                 BLK_S_IOERR);
    w32(slot, V_STATUS, 0);
}

/* A disk read (DMA) over the code that is running: dma_victim (start.S)
 * stores to QueueNotify, so the device overwrites it with a copy whose
 * `li a0, 1` says 2 while it runs.  Without FENCE.I either answer may come
 * back (Zifencei: instruction fetches need not see the new bytes); after
 * a FENCE.I the new code must run. */
extern uint64_t dma_victim(volatile uint32_t *addr, uint32_t value);
static uint32_t victim_copy[128] __attribute__((aligned(8)));

static void dma_over_code(uint64_t slot)
{
    static volatile uint32_t dummy;
    uint32_t *code = (uint32_t *)(uint64_t)dma_victim;
    for (int i = 0; i < 128; i++)
        victim_copy[i] = code[i];
    check_eq("dma_victim's second instruction (li a0, 1)", victim_copy[1], 0x00100513);
    victim_copy[1] = 0x00200513;                    /* li a0, 2 */
    blk_start(slot, 8);
    check_eq("writing the new code to the disk", (uint64_t)blk_do(slot, BLK_OUT, 1, victim_copy),
             BLK_S_OK);
    uint64_t old = 0;
    for (int i = 0; i < 2000; i++)                  /* hot: compiled by the engines */
        old += dma_victim(&dummy, 0);
    check_eq("dma_victim before the DMA", old, 2000);
    blk_post(BLK_IN, 1, code, 512);
    uint64_t first = dma_victim((volatile uint32_t *)(VIRTIO + slot * 0x1000 + V_NOTIFY), 0);
    check_eq("the read over the running code", (uint64_t)blk_wait(), BLK_S_OK);
    __asm__ volatile("fence\n fence.i" ::: "memory");
    uint64_t then = dma_victim(&dummy, 0);
    print("hostile: dma-code ");
    print_dec(first);
    print(" ");
    print_dec(then);
    print("\n");
    check(first == 1 || first == 2, "dma_victim while overwritten", first, 2);
    check_eq("dma_victim after FENCE.I", then, 2);
    w32(slot, V_STATUS, 0);
}

/* ---- 4. interrupt storms ---- */

#define CLINT 0x2000000ul
#define MSIP ((volatile uint32_t *)CLINT)
#define MTIMECMP ((volatile uint64_t *)(CLINT + 0x4000))
#define PLIC 0xc000000ul
#define PLIC_PRIO(s) ((volatile uint32_t *)(PLIC + 4ul * (s)))
#define PLIC_ENABLE0 ((volatile uint32_t *)(PLIC + 0x2000))       /* context 0: hart 0, M */
#define PLIC_THRESHOLD0 ((volatile uint32_t *)(PLIC + 0x200000))
#define PLIC_CLAIM0 ((volatile uint32_t *)(PLIC + 0x200004))
#define UART_IRQ 10
#define UART_IER ((volatile uint8_t *)(UART + 1))
enum { IRQ_MSI = 3, IRQ_MTI = 7, IRQ_MEI = 11 };

static uint64_t storm_limit;
static volatile uint64_t bad_claims;

/* Re-raises each source until it has fired storm_limit times, then
 * silences it: software by msip, timer by mtimecmp, external by the
 * UART's transmitter-empty interrupt (level: pending while enabled). */
static void storm_hook(uint64_t code)
{
    int more = irqs[code] < storm_limit;
    if (code == IRQ_MSI) {
        *MSIP = 0;
        *MSIP = more;
    } else if (code == IRQ_MTI) {
        *MTIMECMP = more ? 0 : ~0ul;
    } else if (code == IRQ_MEI) {
        uint32_t id = *PLIC_CLAIM0;
        if (id != UART_IRQ)
            bad_claims++;
        if (!more)
            *UART_IER = 0;
        if (id)
            *PLIC_CLAIM0 = id;                      /* complete */
    }
}

static void storm_wait(void)
{
    for (unsigned i = 0; i < 20000000; i++) {
        if (irqs[IRQ_MSI] >= storm_limit && irqs[IRQ_MTI] >= storm_limit &&
            irqs[IRQ_MEI] >= storm_limit)
            return;
        __asm__ volatile("nop");
    }
}

static void storms(void)
{
    enum { ONE = 3000, ALL = 2000 };
    irq_hook = storm_hook;
    *MTIMECMP = ~0ul;
    *PLIC_PRIO(UART_IRQ) = 1;
    *PLIC_THRESHOLD0 = 0;
    *PLIC_ENABLE0 = 1u << UART_IRQ;
    __asm__ volatile("csrs mstatus, 8");            /* MIE */
    /* each source alone */
    storm_limit = ONE;
    irqs[IRQ_MSI] = irqs[IRQ_MTI] = irqs[IRQ_MEI] = 0;
    __asm__ volatile("csrw mie, %0" : : "r"(1ul << IRQ_MSI));
    *MSIP = 1;
    for (unsigned i = 0; i < 20000000 && irqs[IRQ_MSI] < ONE; i++)
        __asm__ volatile("nop");
    __asm__ volatile("csrw mie, %0" : : "r"(1ul << IRQ_MTI));
    *MTIMECMP = 0;
    for (unsigned i = 0; i < 20000000 && irqs[IRQ_MTI] < ONE; i++)
        __asm__ volatile("nop");
    __asm__ volatile("csrw mie, %0" : : "r"(1ul << IRQ_MEI));
    *UART_IER = 2;                                  /* ETBEI */
    storm_wait();
    check_eq("software interrupts taken", irqs[IRQ_MSI], ONE);
    check_eq("timer interrupts taken", irqs[IRQ_MTI], ONE);
    check_eq("external interrupts taken", irqs[IRQ_MEI], ONE);
    /* all three at once, while the PLIC is rewritten at random (the
     * UART may be masked for a while; it is unmasked before the wait) */
    storm_limit = ALL;
    irqs[IRQ_MSI] = irqs[IRQ_MTI] = irqs[IRQ_MEI] = 0;
    __asm__ volatile("csrw mie, %0" : : "r"(1ul << IRQ_MSI | 1ul << IRQ_MTI | 1ul << IRQ_MEI));
    *UART_IER = 2;
    *MTIMECMP = 0;
    *MSIP = 1;
    for (int i = 0; i < 3000; i++) {
        uint64_t r = next();
        *PLIC_PRIO(UART_IRQ) = r & 7;
        *PLIC_THRESHOLD0 = (r >> 3) & 7;
        *PLIC_ENABLE0 = (uint32_t)(r >> 8) | ((r >> 40) & 1) << UART_IRQ;
        *PLIC_PRIO(1 + (r >> 48) % 63) = (r >> 56) & 7;
    }
    *PLIC_PRIO(UART_IRQ) = 1;
    *PLIC_THRESHOLD0 = 0;
    *PLIC_ENABLE0 = 1u << UART_IRQ;
    storm_wait();
    __asm__ volatile("csrw mie, zero\n csrc mstatus, 8");
    check_eq("software interrupts in the mixed storm", irqs[IRQ_MSI], ALL);
    check_eq("timer interrupts in the mixed storm", irqs[IRQ_MTI], ALL);
    check_eq("external interrupts in the mixed storm", irqs[IRQ_MEI], ALL);
    *MSIP = 0;
    *MTIMECMP = ~0ul;
    *UART_IER = 0;
    *PLIC_ENABLE0 = 0;
    for (int s = 1; s < 64; s++)
        *PLIC_PRIO(s) = 0;
    irq_hook = 0;
    print("hostile: storm interrupts ");
    print_dec(3 * (ONE + ALL));
    print(", bad claims ");
    print_dec(bad_claims);
    print("\n");
}

/* ---- 5. PMP and page tables, through MPRV with MPP = S ---- */

enum { PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_U = 16, PTE_A = 64, PTE_D = 128 };
enum { CAUSE_LOAD_ACCESS = 5, CAUSE_LOAD_PAGE = 13 };
enum { PMP_R = 1, PMP_W = 2, PMP_X = 4, PMP_TOR = 1 << 3, PMP_NA4 = 2 << 3, PMP_NAPOT = 3 << 3,
       PMP_L = 0x80 };
#define HOLE 0x3000ul               /* nothing there: accesses fault */
static uint64_t pt_root[512] __attribute__((aligned(4096)));
static uint64_t pt_l1[512] __attribute__((aligned(4096)));
static uint64_t pt_l0[512] __attribute__((aligned(4096)));
static uint64_t data_page[512] __attribute__((aligned(4096)));
static volatile uint64_t locked_word __attribute__((aligned(8)));

static uint64_t pte(uint64_t pa, uint64_t flags) { return (pa >> 12) << 10 | flags; }

/* An S-mode load of va from M-mode code (mstatus.MPRV, MPP = S: privileged
 * spec 3.1.6.3); returns the exception's cause, 0 if none.  A trap's
 * MRET leaves MPP = U, so each probe sets MPP again. */
static uint64_t s_load(uint64_t va, uint64_t *value)
{
    uint64_t v = 0;
    last_cause = 0;
    __asm__ volatile("li t0, 1 << 12\n csrc mstatus, t0\n"
                     "li t0, (1 << 17) | (1 << 11)\n csrs mstatus, t0\n"
                     "ld %0, 0(%1)\n"
                     "li t0, 1 << 17\n csrc mstatus, t0\n"
                     : "+&r"(v) : "r"(va) : "t0", "memory");
    if (value)
        *value = v;
    return last_cause;
}

static void pmp_set(unsigned i, uint64_t addr, uint64_t cfg)
{
    switch (i) {     /* pmpaddrN is a CSR number, not an index: one case each */
    case 0: __asm__ volatile("csrw pmpaddr0, %0" : : "r"(addr)); break;
    case 1: __asm__ volatile("csrw pmpaddr1, %0" : : "r"(addr)); break;
    case 2: __asm__ volatile("csrw pmpaddr2, %0" : : "r"(addr)); break;
    }
    uint64_t c;
    __asm__ volatile("csrr %0, pmpcfg0" : "=r"(c));
    c = (c & ~(0xfful << 8 * i)) | cfg << 8 * i;
    __asm__ volatile("csrw pmpcfg0, %0\n sfence.vma" : : "r"(c) : "memory");
}

static void expect_load(const char *what, uint64_t va, uint64_t cause)
{
    uint64_t got = s_load(va, 0);
    check_eq(what, got, cause);
    if (got && got == cause)
        check_eq(what, last_tval, va);             /* mtval = the faulting address */
}

static void pmp_and_paging(void)
{
    const uint64_t base = 0x40000000ul;             /* pt_l0's pages */
    data_page[0] = 0x5eed;
    /* entry 2: everything, RWX, for S-mode; entries 0 and 1 for the cases */
    pmp_set(2, ~0ul, PMP_NAPOT | PMP_R | PMP_W | PMP_X);
    pt_root[0] = pte(0x80000000ul + 0x1000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
    pt_root[1] = pte((uint64_t)pt_l1, PTE_V);
    pt_root[2] = pte(HOLE, PTE_V);                  /* a table outside RAM */
    pt_l1[0] = pte((uint64_t)pt_l0, PTE_V);
    pt_l0[0] = pte((uint64_t)data_page, PTE_V);     /* a pointer at the last level */
    pt_l0[1] = pte((uint64_t)data_page, PTE_V | PTE_R | PTE_A) | 1ul << 58;  /* reserved bit */
    pt_l0[2] = pte((uint64_t)data_page, PTE_V | PTE_W | PTE_A | PTE_D);      /* W without R */
    pt_l0[3] = pte((uint64_t)data_page, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D);
    pt_l0[4] = pte(HOLE, PTE_V | PTE_R | PTE_A);    /* a page outside RAM */
    pt_l0[5] = pte((uint64_t)data_page, PTE_V | PTE_R | PTE_U | PTE_A);     /* U, no SUM */
    fence();
    uint64_t satp = 8ul << 60 | (uint64_t)pt_root >> 12;
    __asm__ volatile("csrw satp, %0\n sfence.vma" : : "r"(satp) : "memory");
    /* privileged spec 4.3.2, the translation steps */
    expect_load("misaligned superpage", 0x1000, CAUSE_LOAD_PAGE);
    expect_load("pointer PTE at the last level", base, CAUSE_LOAD_PAGE);
    expect_load("reserved PTE bit 58", base + 0x1000, CAUSE_LOAD_PAGE);
    expect_load("PTE with W and not R", base + 0x2000, CAUSE_LOAD_PAGE);
    uint64_t v = 0;
    check_eq("a valid page", s_load(base + 0x3000, &v), 0);
    check_eq("a valid page's value", v, 0x5eed);
    expect_load("a page outside RAM", base + 0x4008, CAUSE_LOAD_ACCESS);
    expect_load("a U page from S without SUM", base + 0x5000, CAUSE_LOAD_PAGE);
    expect_load("a page table outside RAM", 0x80000000ul, CAUSE_LOAD_ACCESS);
    /* PMP checks the walker's reads as S-mode accesses (3.7.1): a NAPOT
     * entry without permissions over pt_l0 faults the walk */
    pmp_set(1, (uint64_t)pt_l0 >> 2 | 0x1ff, PMP_NAPOT);
    expect_load("PMP over the page table", base + 0x3000, CAUSE_LOAD_ACCESS);
    /* TOR [pmpaddr0, pmpaddr1) over data_page: the data access faults */
    pmp_set(0, (uint64_t)data_page >> 2, 0);
    pmp_set(1, ((uint64_t)data_page + 4096) >> 2, PMP_TOR);
    expect_load("PMP TOR over the page", base + 0x3000, CAUSE_LOAD_ACCESS);
    /* a TOR range whose top is below its bottom matches nothing */
    pmp_set(0, ((uint64_t)data_page + 4096) >> 2, 0);
    pmp_set(1, (uint64_t)data_page >> 2, PMP_TOR);
    check_eq("empty TOR range", s_load(base + 0x3000, 0), 0);
    pmp_set(1, 0, 0);
    __asm__ volatile("csrw satp, zero\n sfence.vma" ::: "memory");
    /* a locked NA4 entry binds M-mode too (3.7.1.2), and its pmpaddr and
     * pmpcfg ignore writes until reset */
    pmp_set(0, (uint64_t)&locked_word >> 2, PMP_NA4 | PMP_L);
    last_cause = 0;
    (void)locked_word;
    check_eq("M-mode load under a locked entry", last_cause, CAUSE_LOAD_ACCESS);
    uint64_t a;
    __asm__ volatile("csrw pmpaddr0, zero\n csrr %0, pmpaddr0" : "=r"(a));
    check_eq("a locked pmpaddr0", a, (uint64_t)&locked_word >> 2);
    pmp_set(0, 0, PMP_NAPOT | PMP_R | PMP_W);
    uint64_t c;
    __asm__ volatile("csrr %0, pmpcfg0" : "=r"(c));
    check_eq("a locked pmpcfg0 byte", c & 0xff, PMP_NA4 | PMP_L);
}

void hostile_main(void)
{
    __asm__ volatile("csrw mtvec, %0" : : "r"((uint64_t)trap));
    /* FP on: the trap handler calls a hook, so it saves the FP registers */
    __asm__ volatile("li t0, 1 << 13\n csrs mstatus, t0" ::: "t0");
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
    print("hostile: queue sizes\n");
    resize_while_running(0);                        /* slot 0: the disk */
    print("hostile: dma over code\n");
    dma_over_code(0);
    print("hostile: read-only drive\n");
    readonly_drive(1);                              /* slot 1: the read-only disk */
    print("hostile: interrupt storms\n");
    storms();
    print("hostile: pmp and page tables\n");
    pmp_and_paging();
    *(volatile uint8_t *)(UART + 3) = 3;            /* LCR: 8N1, DLAB off again */
    *(volatile uint8_t *)(UART + 1) = 0;            /* IER: no interrupts */
    print("hostile: traps ");
    print_dec(traps);
    print("\nhostile: needs-reset ");
    print_dec(needs_reset);
    print(" (slot mask ");
    print_dec(needs_reset_slots);
    print(")");
    print("\nhostile: checks ");
    print_dec(checks);
    print(", failed ");
    print_dec(failures);
    print("\nhostile: survived\n");
    *(volatile uint32_t *)TEST_DEV = 0x5555;        /* power off, status 0 */
    for (;;)
        ;
}
