/* The board: creates the bus, harts and devices at QEMU virt's addresses,
 * and for the Linux machine loads firmware, kernel, initrd, device tree and
 * the reset vector. */
#include <errno.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "board.h"
#include "clint.h"
#include "cpu/jit.h"
#include "device.h"
#include "fdt.h"
#include "goldfish_rtc.h"
#include "htif.h"
#include "plic.h"
#include "roms/bootrom.h"
#include "syscon.h"
#include "uart16550.h"
#include "virtio_blk.h"
#include "virtio_rng.h"
#include "simplefb.h"
#include "virtio_gpu.h"
#include "virtio_input.h"
#include "virtio_net.h"

#define KERNEL_OFFSET 0x200000ull    /* RISC-V Image load offset */

static void fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static void stop_all(struct machine *m)
{
    for (unsigned i = 0; i < m->nharts; i++)
        hart_request_stop(&m->harts[i]);
}

static void on_syscon(void *opaque, int kind, int code)
{
    struct machine *m = opaque;
    m->exit_code = code;
    /* (atomic: hart threads poll m->exit at every slice, README "SMP") */
    __atomic_store_n(&m->exit, kind == SYSCON_POWEROFF ? EXIT_POWEROFF
                               : kind == SYSCON_RESET ? EXIT_RESET : EXIT_FAIL,
                     __ATOMIC_RELEASE);
    stop_all(m);
}

static void on_htif_exit(void *opaque, int code)
{
    struct machine *m = opaque;
    if (__atomic_load_n(&m->exit, __ATOMIC_RELAXED) != EXIT_NONE)
        return;
    m->exit_code = code;
    __atomic_store_n(&m->exit, EXIT_HTIF, __ATOMIC_RELEASE);   /* (as on_syscon) */
    stop_all(m);
}

static void on_uart_tx(void *opaque, uint8_t byte)
{
    struct machine *m = opaque;
    fputc(byte, m->console);
}

/* Interrupt lines go to the PLIC when the machine has one (devices are
 * created in device-tree order, some before the PLIC). */
static void board_irq(void *opaque, int line, bool level)
{
    struct machine *m = opaque;
    if (m->plic)
        plic_set_irq(m->plic, line, level);
}

/* ---- the boot ROM: bytes built by machine_load_virt ------------------ */

struct boot_rom {
    struct device dev;          /* first: the device is the state */
    struct machine *m;
};

static uint64_t rom_read(void *opaque, uint64_t off, unsigned size)
{
    struct machine *m = ((struct boot_rom *)opaque)->m;
    if (off + size > m->rom_size)
        return 0;
    return le_load(m->rom + off, size);
}

static void rom_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    (void)opaque; (void)off; (void)val; (void)size;     /* ROM: ignored */
}

static void rom_free(struct device *d)
{
    free(d);
}

/* Any size reads; writes are ignored (a ROM); the contents are the loaded
 * image, which a reset does not touch.  save/load are NULL on purpose: the
 * ROM has no state of its own, its bytes are rebuilt by machine_load_virt
 * from the machine's configuration, so a snapshot has nothing to record. */
static const struct device_ops rom_ops = {
    .name = "rom",
    .access = DEV_ACCESS_ANY,
    .read = rom_read,
    .write = rom_write,
    .peek = rom_read,
    .free = rom_free,
};

static void add_device(struct machine *m, struct device *d)
{
    d->next = NULL;
    if (m->last_device)
        m->last_device->next = d;
    else
        m->devices = d;
    m->last_device = d;
}

/* Maps the ROM once; a later call (images loaded again on reset) finds it
 * mapped, and rom_read always reads the current m->rom. */
static bool map_rom(struct machine *m)
{
    for (struct device *d = m->devices; d; d = d->next)
        if (d->ops == &rom_ops)
            return true;
    struct boot_rom *r = calloc(1, sizeof *r);
    if (!r)
        return false;
    r->m = m;
    if (!device_map(&m->bus, &r->dev, &rom_ops, VIRT_DEBUG_ROM, m->rom_size, 0)) {
        free(r);
        return false;
    }
    add_device(m, &r->dev);
    return true;
}

/* ---- the memory map ------------------------------------------------- */

enum { ON_ALL = 1, ON_VIRT = 2, ON_DISPLAY = 4 };

struct board_slot {
    device_create_fn create;    /* NULL: the virtio-mmio slots */
    uint64_t base, size;
    int irq;                    /* PLIC source; virtio: the first slot's */
    unsigned on;                /* which machines have it */
    size_t field;               /* where struct machine keeps it, or 0 */
};

#define AT(f) offsetof(struct machine, f)

/* Every device's place, size and interrupt: QEMU virt's, in the order the
 * device tree lists them.  Adding a device is one line here (and its file
 * with a create function, see devices/device.h).  The bare-metal machine
 * (rvx run) keeps the test device, the CLINT and the UART, so a program
 * that prints on the 16550 and powers off through the test device runs
 * alike here and on QEMU virt with -bios none (its UART interrupt goes
 * nowhere: that machine has no PLIC). */
static const struct board_slot memory_map[] = {
    /* create              base          size        irq              on          field */
    { syscon_create,       VIRT_TEST,    0x1000,     0,               ON_ALL,     AT(syscon) },
    { goldfish_rtc_create, VIRT_RTC,     0x1000,     VIRT_RTC_IRQ,    ON_VIRT,    AT(rtc) },
    { clint_create,        VIRT_CLINT,   0x10000,    0,               ON_ALL,     AT(clint) },
    { plic_create,         VIRT_PLIC,    0x600000,   0,               ON_VIRT,    AT(plic) },
    { uart_create,         VIRT_UART0,   0x100,      VIRT_UART0_IRQ,  ON_ALL,     AT(uart) },
    { NULL,                VIRT_VIRTIO,  0x1000,     VIRT_VIRTIO_IRQ, ON_VIRT,    0 },
    { simplefb_create,     VIRT_FB,      0,          0,               ON_DISPLAY, AT(fb) },
};

/* A virtio device wanted in the next free slot. */
struct virtio_want {
    device_create_fn create;
    const void *arg;
    size_t field;
};

static void keep_field(struct machine *m, size_t field, struct device *d)
{
    /* The device is the first member of its state, so the pointer to it
     * is the pointer to the state (C11 6.7.2.1p15). */
    void *state = d;
    if (field)
        memcpy((char *)m + field, &state, sizeof state);
}

static struct device_ctx board_ctx(struct machine *m, struct hart **hp,
                                   char *err, size_t errlen)
{
    return (struct device_ctx){
        .bus = &m->bus, .irq_fn = board_irq, .irq_opaque = m,
        .harts = hp, .nharts = m->nharts, .host = m,
        .console_tx = on_uart_tx, .power = on_syscon,
        .err = err, .errlen = errlen,
    };
}

static bool create_at(struct machine *m, struct device_ctx *ctx,
                      device_create_fn create, size_t field)
{
    struct device *d = create(ctx);
    if (!d)
        return false;
    add_device(m, d);
    keep_field(m, field, d);
    return true;
}

static bool create_virtio_slots(struct machine *m, const struct board_slot *s,
                                struct device_ctx ctx,
                                const struct virtio_want *want, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        ctx.base = s->base + s->size * m->nvirtio;
        ctx.size = s->size;
        ctx.irq = s->irq + (int)m->nvirtio;
        ctx.arg = want[i].arg;
        if (!create_at(m, &ctx, want[i].create, want[i].field))
            return false;
        m->nvirtio++;
    }
    return true;
}

/* The virtio devices the options ask for, slot order: drives, the NIC,
 * rng, then the display's gpu, keyboard and tablet. */
static unsigned virtio_wanted(const struct machine *m, struct virtio_want *want,
                              struct virtio_blk_opts *drives, char *err,
                              size_t errlen)
{
    static const enum virtio_input_kind keyboard = VIRTIO_INPUT_KEYBOARD;
    static const enum virtio_input_kind tablet = VIRTIO_INPUT_TABLET;
    unsigned n = 0;
    if (m->cfg.ndrives > VIRT_VIRTIO_SLOTS) {
        fail(err, errlen, "too many virtio devices (at most %d)", VIRT_VIRTIO_SLOTS);
        return UINT32_MAX;
    }
    for (unsigned i = 0; i < m->cfg.ndrives; i++) {
        drives[i] = (struct virtio_blk_opts){ m->cfg.drives[i].path,
                                              m->cfg.drives[i].readonly };
        want[n++] = (struct virtio_want){ virtio_blk_create, &drives[i], 0 };
    }
    if (m->cfg.nic && n < VIRT_VIRTIO_SLOTS)
        want[n++] = (struct virtio_want){ virtio_net_create, m->cfg.nic, AT(nic) };
    if (m->cfg.rng && n < VIRT_VIRTIO_SLOTS)    /* only where there is room */
        want[n++] = (struct virtio_want){ virtio_rng_create, NULL, 0 };
    if (!m->cfg.display)
        return n;
    if (n + 3 > VIRT_VIRTIO_SLOTS) {
        fail(err, errlen, "too many virtio devices for the display (at most %d)",
             VIRT_VIRTIO_SLOTS);
        return UINT32_MAX;
    }
    want[n++] = (struct virtio_want){ virtio_gpu_create, NULL, AT(gpu) };
    want[n++] = (struct virtio_want){ virtio_input_create, &keyboard, AT(keyboard) };
    want[n++] = (struct virtio_want){ virtio_input_create, &tablet, AT(tablet) };
    return n;
}

static bool slot_wanted(const struct machine *m, const struct board_slot *s)
{
    return (s->on & ON_ALL) || ((s->on & ON_VIRT) && m->cfg.virt) ||
           ((s->on & ON_DISPLAY) && m->cfg.display);
}

static bool create_devices(struct machine *m, char *err, size_t errlen)
{
    struct hart *hp[MAX_HARTS];
    for (unsigned i = 0; i < m->nharts; i++)
        hp[i] = &m->harts[i];
    struct virtio_want want[VIRT_VIRTIO_SLOTS + 3];
    struct virtio_blk_opts drives[MAX_DRIVES];
    unsigned nwant = 0;
    if (m->cfg.virt && (nwant = virtio_wanted(m, want, drives, err, errlen)) == UINT32_MAX)
        return false;
    for (size_t i = 0; i < sizeof memory_map / sizeof memory_map[0]; i++) {
        const struct board_slot *s = &memory_map[i];
        if (!slot_wanted(m, s))
            continue;
        struct device_ctx ctx = board_ctx(m, hp, err, errlen);
        if (!s->create) {
            if (!create_virtio_slots(m, s, ctx, want, nwant))
                return false;
            continue;
        }
        ctx.base = s->base;
        ctx.size = s->size;
        ctx.irq = s->irq;
        if (!create_at(m, &ctx, s->create, s->field))
            return false;
    }
    return true;
}

/* The translation modes --mmu offers: satp MODE, the option's name and the
 * device tree's mmu-type (the RISC-V CPU binding: "riscv,sv39" etc.).  The
 * richest is the default, as on QEMU's virt. */
static const struct { unsigned mode; const char *name, *dt; } mmu_modes[] = {
    { SATP_MODE_SV39, "sv39", "riscv,sv39" },
    { SATP_MODE_SV48, "sv48", "riscv,sv48" },
    { SATP_MODE_SV57, "sv57", "riscv,sv57" },
};
#define N_MMU_MODES (sizeof mmu_modes / sizeof *mmu_modes)

static size_t mmu_mode_index(unsigned mode)
{
    for (size_t i = 0; i < N_MMU_MODES; i++)
        if (mmu_modes[i].mode == mode)
            return i;
    return N_MMU_MODES - 1;     /* 0: the default, the richest */
}

unsigned board_mmu_mode(const char *name)
{
    for (size_t i = 0; i < N_MMU_MODES; i++)
        if (!strcmp(mmu_modes[i].name, name))
            return mmu_modes[i].mode;
    return 0;
}

/* satp MODE is WARL (priv. spec 4.1.11): Bare and every paged mode up to
 * the chosen one are accepted (Sv48 hardware must support Sv39, Sv57
 * hardware Sv48, spec 4.5 and 4.6), a write of any other mode is ignored. */
static unsigned satp_modes_upto(unsigned max)
{
    unsigned modes = 1u << SATP_MODE_BARE;
    for (size_t i = 0; i <= mmu_mode_index(max); i++)
        modes |= 1u << mmu_modes[i].mode;
    return modes;
}

/* A block cache with the machine's JIT settings. */
static struct block_cache *new_cache(struct machine *m)
{
    struct block_cache *bc = block_cache_new(&m->bus);
    if (bc)
        jit_set_after(bc->jit, m->cfg.jit_after);
    return bc;
}

/* The block caches: one for every hart on one thread; with harts on host
 * threads one per hart, grouped (cpu/block.c), and the machine's locks. */
static bool make_caches(struct machine *m)
{
    if (!m->cfg.threaded) {
        m->bc = new_cache(m);
        return m->bc != NULL;
    }
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    /* (a device's MMIO handler may reach the bus again) */
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&m->lock, &a);
    pthread_mutexattr_destroy(&a);
    pthread_mutex_init(&m->wide_lock, NULL);
    for (unsigned i = 0; i < m->nharts; i++)
        pthread_mutex_init(&m->tlb_lock[i], NULL);
    m->bus.mmio_lock = &m->lock;
    m->bus.wide_lock = &m->wide_lock;
    for (unsigned i = 0; i < m->nharts; i++)
        if (!(m->hart_bc[i] = new_cache(m)))
            return false;
    m->bc = m->hart_bc[0];
    return block_cache_group(m->hart_bc, m->nharts);
}

struct machine *machine_new(const struct machine_config *cfg, char *err, size_t errlen)
{
    struct machine *m = calloc(1, sizeof *m);
    if (!m) {
        fail(err, errlen, "out of memory");
        return NULL;
    }
    m->cfg = *cfg;
    m->console = cfg->console ? cfg->console : stdout;
    m->nharts = cfg->nharts ? cfg->nharts : 1;
    if (m->nharts > MAX_HARTS) {
        fail(err, errlen, "--smp %u: at most %d harts", m->nharts, MAX_HARTS);
        free(m);
        return NULL;
    }
    if (!bus_init(&m->bus, VIRT_DRAM, cfg->ram_size)) {
        fail(err, errlen, "cannot allocate %llu MiB of guest RAM",
             (unsigned long long)(cfg->ram_size >> 20));
        free(m);
        return NULL;
    }
    if (!make_caches(m)) {
        fail(err, errlen, "out of memory for the block cache");
        machine_free(m);
        return NULL;
    }
    for (unsigned i = 0; i < m->nharts; i++) {
        struct hart_config hc = { .hartid = i, .misa = cfg->misa, .zext = cfg->zext, .engine = cfg->engine,
                                  .misaligned_trap = cfg->misaligned_trap };
        hart_init(&m->harts[i], &m->bus, cfg->threaded ? m->hart_bc[i] : m->bc, &hc);
        if (cfg->threaded) {
            m->harts[i].mmu.lock = &m->tlb_lock[i];
            m->harts[i].host_fences = true;
        }
        m->harts[i].mmu.satp_modes = satp_modes_upto(cfg->satp_mode_max);
    }
    if (!create_devices(m, err, errlen)) {
        machine_free(m);
        return NULL;
    }
    if (cfg->virtual_time && !cfg->threaded) {
        /* deterministic: mtime starts at 0 and moves with instructions */
        clint_set_virtual_time(m->clint, true);
        bus_store(&m->bus, VIRT_CLINT + 0xbff8, 8, 0);
    }
    for (unsigned i = 0; i < m->nharts; i++) {
        m->harts[i].read_time = clint_read_time;
        m->harts[i].time_opaque = m->clint;
    }
    return m;
}

void machine_free(struct machine *m)
{
    if (!m)
        return;
    machine_free_images(m);
    for (struct device *d = m->devices, *next; d; d = next) {
        next = d->next;
        device_free(d);
    }
    machine_stop_threads(m);
    for (unsigned i = 0; i < m->nharts; i++)
        hart_destroy(&m->harts[i]);
    if (m->cfg.threaded) {
        unsigned n = 0;
        while (n < m->nharts && m->hart_bc[n])
            n++;
        block_cache_ungroup(m->hart_bc, n);
        for (unsigned i = 0; i < n; i++)
            block_cache_free(m->hart_bc[i]);
        pthread_mutex_destroy(&m->lock);
        pthread_mutex_destroy(&m->wide_lock);
        for (unsigned i = 0; i < m->nharts; i++)
            pthread_mutex_destroy(&m->tlb_lock[i]);
    } else {
        block_cache_free(m->bc);
    }
    bus_free(&m->bus);
    free(m->rom);
    free(m);
}

bool machine_add_htif(struct machine *m, uint64_t tohost, uint64_t fromhost,
                      char *err, size_t errlen)
{
    m->htif = htif_new(&m->bus, tohost, fromhost, on_htif_exit, m, m->console);
    if (!m->htif) {
        fail(err, errlen, "cannot place HTIF at 0x%llx", (unsigned long long)tohost);
        return false;
    }
    add_device(m, htif_device(m->htif));
    return true;
}

static bool file_size(const char *what, const char *path, uint64_t *size,
                      char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fail(err, errlen, "%s '%s': %s", what, path, strerror(errno));
        return false;
    }
    *size = (uint64_t)st.st_size;
    return true;
}

#define DEBIAN_OPENSBI "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"

const char *machine_default_bios(const char *guest_dir, char *buf, size_t len)
{
    /* The guest directory's copy first: roms/mkguest.sh takes it from the
     * guest suite's opensbi (>= 1.3), whose hart start is safe with harts on
     * host threads; the host's Debian 12 package (1.1) is not. */
    snprintf(buf, len, "%s/fw_dynamic.bin", guest_dir);
    if (access(buf, R_OK) == 0 || access(DEBIAN_OPENSBI, R_OK) != 0)
        return buf;
    return DEBIAN_OPENSBI;
}

bool machine_load_virt(struct machine *m, char *err, size_t errlen)
{
    uint64_t ram_end = VIRT_DRAM + m->cfg.ram_size, size;
    if (!machine_load_file(m, "firmware", m->cfg.bios, VIRT_DRAM,
                           VIRT_DRAM + KERNEL_OFFSET, &size, err, errlen))
        return false;
    uint64_t kernel_end = VIRT_DRAM + KERNEL_OFFSET;
    if (m->cfg.kernel) {
        if (!machine_load_file(m, "kernel", m->cfg.kernel, VIRT_DRAM + KERNEL_OFFSET,
                               ram_end, &size, err, errlen))
            return false;
        kernel_end += size;
    }
    /* The device tree sits in the last 2 MiB-aligned stretch of RAM (as
     * QEMU does), the initrd page-aligned below it. */
    uint64_t fdt_addr = (ram_end - 0x100000) & ~0x1fffffull;
    uint64_t initrd_start = 0, initrd_end = 0;
    if (m->cfg.initrd) {
        if (!file_size("initrd", m->cfg.initrd, &size, err, errlen))
            return false;
        if (size + 0x100000 > fdt_addr - kernel_end) {
            fail(err, errlen, "initrd '%s' (%llu bytes) does not fit in guest RAM (-m)",
                 m->cfg.initrd, (unsigned long long)size);
            return false;
        }
        initrd_start = (fdt_addr - size) & PAGE_MASK;
        if (!machine_load_file(m, "initrd", m->cfg.initrd, initrd_start, fdt_addr,
                               &size, err, errlen))
            return false;
        initrd_end = initrd_start + size;
    }
    /* riscv,isa and riscv,isa-extensions both come from the hart's
     * enabled set (cpu/isa.c), so they cannot disagree. */
    char isa[ISA_STRING_MAX], names[ISA_NAMES_MAX][16];
    const char *ext_list[ISA_NAMES_MAX + 1];
    isa_string(m->harts[0].misa, m->harts[0].zext, isa, sizeof isa);
    size_t next = isa_extension_names(m->harts[0].misa, m->harts[0].zext, names,
                                      ISA_NAMES_MAX);
    for (size_t i = 0; i < next; i++)
        ext_list[i] = names[i];
    ext_list[next] = NULL;
    struct fdt_params p;
    memset(&p, 0, sizeof p);
    p.nharts = m->nharts;
    p.isa = isa;
    p.isa_extensions = ext_list;
    p.mmu_type = mmu_modes[mmu_mode_index(m->cfg.satp_mode_max)].dt;
    for (size_t i = 0; i < next; i++) {
        if (!strcmp(names[i], "zicbom"))
            p.cbom_block_size = CBO_BLOCK_SIZE;
        if (!strcmp(names[i], "zicboz"))
            p.cboz_block_size = CBO_BLOCK_SIZE;
    }
    p.ram_base = VIRT_DRAM;
    p.ram_size = m->cfg.ram_size;
    p.timebase = VIRT_TIMEBASE;
    p.devices = m->devices;
    p.uart_base = VIRT_UART0;
    p.bootargs = m->cfg.append ? m->cfg.append : "";
    p.initrd_start = initrd_start;
    p.initrd_end = initrd_end;
    size_t dtb_size;
    void *dtb = fdt_build(&p, &dtb_size);
    if (!dtb) {
        fail(err, errlen, "cannot build the device tree");
        return false;
    }
    if (dtb_size > 0x100000 ||
        !machine_add_image(m, "device tree", fdt_addr, dtb, dtb_size, 0, err, errlen)) {
        free(dtb);
        fail(err, errlen, "device tree does not fit in guest RAM");
        return false;
    }
    if (m->cfg.dtb_out) {
        FILE *f = fopen(m->cfg.dtb_out, "wb");
        if (!f || fwrite(dtb, 1, dtb_size, f) != dtb_size) {
            fail(err, errlen, "--dtb-out '%s': %s", m->cfg.dtb_out, strerror(errno));
            if (f)
                fclose(f);
            free(dtb);
            return false;
        }
        fclose(f);
    }
    free(dtb);
    uint32_t words[BOOTROM_WORDS];
    size_t nw = bootrom_build(words, BOOTROM_WORDS, VIRT_DRAM, fdt_addr, 0,
                              VIRT_DRAM + KERNEL_OFFSET);
    m->rom_size = 0x1000;
    m->rom = calloc(1, m->rom_size);
    if (!m->rom || !nw) {
        fail(err, errlen, "cannot build the boot ROM");
        return false;
    }
    bootrom_to_bytes(words, nw, m->rom);
    if (!map_rom(m)) {
        fail(err, errlen, "cannot map the boot ROM");
        return false;
    }
    m->entry = VIRT_DEBUG_ROM;
    return true;
}

/* (the frontend's thread, while harts may run: under the machine lock) */
bool machine_console_can_receive(struct machine *m)
{
    if (!m->uart)
        return false;
    if (m->cfg.threaded)
        pthread_mutex_lock(&m->lock);
    bool ok = uart_can_receive(m->uart);
    if (m->cfg.threaded)
        pthread_mutex_unlock(&m->lock);
    return ok;
}

void machine_console_receive(struct machine *m, uint8_t byte)
{
    if (!m->uart)
        return;
    if (m->cfg.threaded)
        pthread_mutex_lock(&m->lock);
    uart_receive(m->uart, byte);
    if (m->cfg.threaded)
        pthread_mutex_unlock(&m->lock);
}
