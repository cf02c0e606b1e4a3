/* The board: creates the bus, harts and devices at QEMU virt's addresses,
 * and for the Linux machine loads firmware, kernel, initrd, device tree and
 * the reset vector. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "board.h"
#include "clint.h"
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
    m->exit = kind == SYSCON_POWEROFF ? EXIT_POWEROFF
            : kind == SYSCON_RESET ? EXIT_RESET : EXIT_FAIL;
    m->exit_code = code;
    stop_all(m);
}

static void on_htif_exit(void *opaque, int code)
{
    struct machine *m = opaque;
    if (m->exit != EXIT_NONE)
        return;
    m->exit = EXIT_HTIF;
    m->exit_code = code;
    stop_all(m);
}

static void on_uart_tx(void *opaque, uint8_t byte)
{
    struct machine *m = opaque;
    fputc(byte, m->console);
}

static uint64_t rom_read(void *opaque, uint64_t off, unsigned size)
{
    struct machine *m = opaque;
    if (off + size > m->rom_size)
        return 0;
    return le_load(m->rom + off, size);
}

static void rom_write(void *opaque, uint64_t off, uint64_t val, unsigned size)
{
    (void)opaque; (void)off; (void)val; (void)size;     /* ROM: ignored */
}

static void add_virtio(struct machine *m, void *dev, void (*free_fn)(void *))
{
    m->virtio[m->nvirtio] = dev;
    m->virtio_free[m->nvirtio] = free_fn;
    m->nvirtio++;
}

static void blk_free(void *p) { virtio_blk_free(p); }
static void rng_free(void *p) { virtio_rng_free(p); }
static void gpu_free(void *p) { virtio_gpu_free(p); }
static void input_free(void *p) { virtio_input_free(p); }

/* virtio-gpu, then keyboard and tablet, in the next free virtio slots. */
static bool create_display_devices(struct machine *m, char *err, size_t errlen)
{
    if (m->nvirtio + 3 > VIRT_VIRTIO_SLOTS) {
        fail(err, errlen, "too many virtio devices for the display (at most %d)",
             VIRT_VIRTIO_SLOTS);
        return false;
    }
    unsigned s = m->nvirtio;
    m->gpu = virtio_gpu_new(&m->bus, VIRT_VIRTIO + 0x1000ull * s, plic_irq_cb, m->plic,
                            (int)(VIRT_VIRTIO_IRQ + s), VIRTIO_GPU_DEFAULT_WIDTH,
                            VIRTIO_GPU_DEFAULT_HEIGHT);
    if (m->gpu)
        add_virtio(m, m->gpu, gpu_free);
    s = m->nvirtio;
    m->keyboard = virtio_input_new(&m->bus, VIRT_VIRTIO + 0x1000ull * s, plic_irq_cb,
                                   m->plic, (int)(VIRT_VIRTIO_IRQ + s),
                                   VIRTIO_INPUT_KEYBOARD);
    if (m->keyboard)
        add_virtio(m, m->keyboard, input_free);
    s = m->nvirtio;
    m->tablet = virtio_input_new(&m->bus, VIRT_VIRTIO + 0x1000ull * s, plic_irq_cb,
                                 m->plic, (int)(VIRT_VIRTIO_IRQ + s),
                                 VIRTIO_INPUT_TABLET);
    if (m->tablet)
        add_virtio(m, m->tablet, input_free);
    if (!m->gpu || !m->keyboard || !m->tablet) {
        fail(err, errlen, "cannot create the display devices");
        return false;
    }
    return true;
}

static bool create_virt_devices(struct machine *m, char *err, size_t errlen)
{
    struct hart *hp[MAX_HARTS];
    for (unsigned i = 0; i < m->nharts; i++)
        hp[i] = &m->harts[i];
    m->plic = plic_new(&m->bus, VIRT_PLIC, hp, (int)m->nharts);
    m->uart = uart_new(&m->bus, VIRT_UART0, plic_irq_cb, m->plic, VIRT_UART0_IRQ,
                       on_uart_tx, m);
    m->rtc = goldfish_rtc_new(&m->bus, VIRT_RTC, plic_irq_cb, m->plic, VIRT_RTC_IRQ);
    if (!m->plic || !m->uart || !m->rtc) {
        fail(err, errlen, "cannot create the virt devices");
        return false;
    }
    for (unsigned i = 0; i < m->cfg.ndrives; i++) {
        unsigned slot = m->nvirtio;
        if (slot >= VIRT_VIRTIO_SLOTS) {
            fail(err, errlen, "too many virtio devices (at most %d)", VIRT_VIRTIO_SLOTS);
            return false;
        }
        struct virtio_blk *b = virtio_blk_new(&m->bus, VIRT_VIRTIO + 0x1000ull * slot,
                                              plic_irq_cb, m->plic,
                                              (int)(VIRT_VIRTIO_IRQ + slot),
                                              m->cfg.drives[i].path,
                                              m->cfg.drives[i].readonly, err, errlen);
        if (!b)
            return false;
        add_virtio(m, b, blk_free);
    }
    if (m->cfg.rng && m->nvirtio < VIRT_VIRTIO_SLOTS) {
        unsigned slot = m->nvirtio;
        struct virtio_rng *r = virtio_rng_new(&m->bus, VIRT_VIRTIO + 0x1000ull * slot,
                                              plic_irq_cb, m->plic,
                                              (int)(VIRT_VIRTIO_IRQ + slot));
        if (!r) {
            fail(err, errlen, "cannot create virtio-rng");
            return false;
        }
        add_virtio(m, r, rng_free);
    }
    if (m->cfg.display && !create_display_devices(m, err, errlen))
        return false;
    return true;
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
    m->bc = block_cache_new(&m->bus);
    if (!m->bc) {
        fail(err, errlen, "out of memory for the block cache");
        machine_free(m);
        return NULL;
    }
    for (unsigned i = 0; i < m->nharts; i++) {
        struct hart_config hc = { .hartid = i, .misa = cfg->misa, .engine = cfg->engine,
                                  .misaligned_trap = cfg->misaligned_trap };
        hart_init(&m->harts[i], &m->bus, m->bc, &hc);
    }
    struct hart *hp[MAX_HARTS];
    for (unsigned i = 0; i < m->nharts; i++)
        hp[i] = &m->harts[i];
    m->clint = clint_new(&m->bus, VIRT_CLINT, hp, (int)m->nharts);
    m->syscon = syscon_new(&m->bus, VIRT_TEST, on_syscon, m);
    if (!m->clint || !m->syscon) {
        fail(err, errlen, "cannot create the CLINT");
        machine_free(m);
        return NULL;
    }
    if (cfg->virtual_time) {
        /* deterministic: mtime starts at 0 and moves with instructions */
        clint_set_virtual_time(m->clint, true);
        bus_store(&m->bus, VIRT_CLINT + 0xbff8, 8, 0);
    }
    if (cfg->display && !(m->fb = simplefb_new(&m->bus, VIRT_FB, VIRTIO_GPU_DEFAULT_WIDTH,
                                               VIRTIO_GPU_DEFAULT_HEIGHT))) {
        fail(err, errlen, "cannot create the framebuffer");
        machine_free(m);
        return NULL;
    }
    for (unsigned i = 0; i < m->nharts; i++) {
        m->harts[i].read_time = clint_read_time;
        m->harts[i].time_opaque = m->clint;
    }
    if (cfg->virt && !create_virt_devices(m, err, errlen)) {
        machine_free(m);
        return NULL;
    }
    return m;
}

void machine_free(struct machine *m)
{
    if (!m)
        return;
    machine_free_images(m);
    for (unsigned i = 0; i < m->nvirtio; i++)
        m->virtio_free[i](m->virtio[i]);
    if (m->htif)
        htif_free(m->htif);
    simplefb_free(m->fb);
    if (m->uart)
        uart_free(m->uart);
    if (m->rtc)
        goldfish_rtc_free(m->rtc);
    if (m->plic)
        plic_free(m->plic);
    if (m->syscon)
        syscon_free(m->syscon);
    if (m->clint)
        clint_free(m->clint);
    for (unsigned i = 0; i < m->nharts; i++)
        hart_destroy(&m->harts[i]);
    block_cache_free(m->bc);
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

static const char *const isa_ext_names[] = {
    "i", "m", "a", "f", "d", "c", "zicntr", "zicsr", "zifencei", NULL
};

static void isa_string(uint64_t misa, char *buf, size_t len)
{
    size_t n = (size_t)snprintf(buf, len, "rv64");
    for (const char *p = "imafdc"; *p && n + 1 < len; p++)
        if (misa & MISA_EXT(*p - 'a' + 'A'))
            buf[n++] = *p;
    buf[n] = 0;
    snprintf(buf + n, len - n, "_zicntr_zicsr_zifencei");
}

#define DEBIAN_OPENSBI "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"

const char *machine_default_bios(const char *guest_dir, char *buf, size_t len)
{
    if (access(DEBIAN_OPENSBI, R_OK) == 0)
        return DEBIAN_OPENSBI;
    snprintf(buf, len, "%s/fw_dynamic.bin", guest_dir);
    return buf;
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
    char isa[64];
    isa_string(m->harts[0].misa, isa, sizeof isa);
    struct fdt_params p;
    memset(&p, 0, sizeof p);
    p.nharts = m->nharts;
    p.isa = isa;
    p.isa_extensions = isa_ext_names;
    p.mmu_type = "riscv,sv57";
    p.ram_base = VIRT_DRAM;
    p.ram_size = m->cfg.ram_size;
    p.timebase = VIRT_TIMEBASE;
    p.clint_base = VIRT_CLINT;
    p.plic_base = VIRT_PLIC;
    p.plic_ndev = PLIC_NDEV;
    p.uart_base = VIRT_UART0;
    p.uart_irq = VIRT_UART0_IRQ;
    p.uart_clock = UART_CLOCK_HZ;
    p.rtc_base = VIRT_RTC;
    p.rtc_irq = VIRT_RTC_IRQ;
    p.syscon_base = VIRT_TEST;
    for (unsigned i = 0; i < m->nvirtio; i++) {
        p.virtio_base[i] = VIRT_VIRTIO + 0x1000ull * i;
        p.virtio_irq[i] = VIRT_VIRTIO_IRQ + i;
    }
    p.nvirtio = m->nvirtio;
    if (m->fb) {
        p.fb.base = VIRT_FB;
        p.fb.size = simplefb_size(m->fb);
        p.fb.width = simplefb_width(m->fb);
        p.fb.height = simplefb_height(m->fb);
        p.fb.stride = simplefb_stride(m->fb);
    }
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
    if (!bus_add_mmio(&m->bus, VIRT_DEBUG_ROM, m->rom_size, m, rom_read, rom_write,
                      "rom")) {
        fail(err, errlen, "cannot map the boot ROM");
        return false;
    }
    m->entry = VIRT_DEBUG_ROM;
    return true;
}

void machine_reset_devices(struct machine *m)
{
    (void)m;    /* filled in by the device interface (issue 10, item 3) */
}

void machine_tick(struct machine *m)
{
    clint_update(m->clint);
    if (m->rtc)
        goldfish_rtc_update(m->rtc);
}

uint64_t machine_ns_until_event(struct machine *m)
{
    uint64_t ns = clint_ns_until_next_timer(m->clint);
    if (m->rtc) {
        uint64_t a = goldfish_rtc_ns_until_alarm(m->rtc);
        if (a < ns)
            ns = a;
    }
    return ns;
}

bool machine_console_can_receive(struct machine *m)
{
    return m->uart && uart_can_receive(m->uart);
}

void machine_console_receive(struct machine *m, uint8_t byte)
{
    if (m->uart)
        uart_receive(m->uart, byte);
}
