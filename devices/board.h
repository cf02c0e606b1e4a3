/* The machine: harts, the bus and the devices, placed as on QEMU's `virt`
 * board.  A struct machine owns everything it creates, so tests can build
 * several. */
#ifndef RVX_DEVICES_BOARD_H
#define RVX_DEVICES_BOARD_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu/cpu.h"
#include "devices/machine.h"

#define VIRT_DEBUG_ROM   0x1000ull
#define VIRT_TEST        0x100000ull
#define VIRT_RTC         0x101000ull
#define VIRT_CLINT       0x2000000ull
#define VIRT_PLIC        0xc000000ull
#define VIRT_UART0       0x10000000ull
#define VIRT_UART0_IRQ   10
#define VIRT_RTC_IRQ     11
#define VIRT_VIRTIO      0x10001000ull
#define VIRT_VIRTIO_IRQ  1
#define VIRT_VIRTIO_SLOTS 8
#define VIRT_FB          0x30000000ull
#define VIRT_DRAM        0x80000000ull
#define VIRT_TIMEBASE    10000000u

#define MAX_HARTS 32
#define MAX_DRIVES 4

struct clint;
struct plic;
struct uart;
struct syscon;
struct goldfish_rtc;
struct htif;
struct simplefb;
struct virtio_gpu;
struct virtio_input;
struct virtio_net;
struct net_opts;
struct device;

enum machine_exit { EXIT_NONE, EXIT_POWEROFF, EXIT_RESET, EXIT_FAIL, EXIT_HTIF };

struct drive_opt {
    const char *path;
    bool readonly;
};

struct machine_config {
    uint64_t ram_size;
    uint64_t misa;
    uint64_t zext;              /* Z-extensions (cpu/insns.h EXT_BIT) */
    unsigned nharts;
    enum engine engine;
    /* JIT: a block's runs in the block engine before it is translated
     * (--jit-after; 0, the default here: at once; cpu/jit.h) */
    unsigned jit_after;
    bool misaligned_trap;       /* trap misaligned loads/stores (default: hardware) */
    /* The richest translation mode satp accepts (SATP_MODE_SV39/48/57; 0:
     * Sv57), which the device tree's mmu-type names (--mmu) */
    unsigned satp_mode_max;
    bool virt;                  /* full virt board (Linux) vs bare-metal */
    /* virt only */
    const char *bios, *kernel, *initrd, *append, *dtb_out;
    struct drive_opt drives[MAX_DRIVES];
    unsigned ndrives;
    bool rng;
    const struct net_opts *nic; /* virtio-net and its backend; NULL: no NIC */
    /* plain framebuffer at VIRT_FB (both machines); on virt also virtio-gpu
     * and virtio-input keyboard + tablet in the slots after the others */
    bool display;
    /* bare-metal only: deterministic time (mtime advances with instructions) */
    bool virtual_time;
    /* every hart on its own host thread, in real time (machine.c; README
     * "SMP"); false: all harts interleaved on the caller's thread */
    bool threaded;
    FILE *console;              /* HTIF / UART output (stdout when NULL) */
};

struct machine {
    struct machine_config cfg;
    struct bus bus;
    struct block_cache *bc;
    struct hart harts[MAX_HARTS];
    unsigned nharts;
    struct clint *clint;
    struct plic *plic;
    struct uart *uart;
    struct syscon *syscon;
    struct goldfish_rtc *rtc;
    struct htif *htif;
    struct simplefb *fb;                    /* cfg.display */
    struct virtio_gpu *gpu;                 /* cfg.display && virt */
    struct virtio_input *keyboard, *tablet; /* cfg.display && virt */
    struct virtio_net *nic;                 /* cfg.nic && virt */
    /* Every device, in device-tree order (the typed fields above point
     * into this list); reset, device tree and teardown walk it. */
    struct device *devices, *last_device;
    unsigned nvirtio;                       /* virtio-mmio slots in use */
    uint8_t *rom;               /* boot ROM contents at VIRT_DEBUG_ROM */
    size_t rom_size;
    enum machine_exit exit;
    int exit_code;
    uint64_t entry;             /* where hart 0 starts */
    FILE *console;
    struct machine_sched sched; /* images and scheduling (machine.c) */
    /* cfg.threaded: each hart's own block cache (hart_bc[0] is bc), the
     * machine lock every MMIO access and device upkeep takes, the lock
     * of amocas.q, and each hart's TLB lock (mem/mmu.h) */
    struct block_cache *hart_bc[MAX_HARTS];
    pthread_mutex_t lock, wide_lock;
    pthread_mutex_t tlb_lock[MAX_HARTS];
};

/* Creates the machine with RAM and devices (not yet loaded).  On error
 * returns NULL and writes one line to err. */
struct machine *machine_new(const struct machine_config *cfg, char *err, size_t errlen);

/* --mmu's names: "sv39", "sv48" or "sv57" -> the satp MODE for
 * machine_config.satp_mode_max, 0 for anything else. */
unsigned board_mmu_mode(const char *name);
void machine_free(struct machine *m);

/* Adds HTIF on the tohost/fromhost words of a bare-metal program. */
bool machine_add_htif(struct machine *m, uint64_t tohost, uint64_t fromhost,
                      char *err, size_t errlen);

/* The virt machine's firmware when none is given: the OpenSBI fw_dynamic.bin
 * in guest_dir (the default guest's directory, written by roms/mkguest.sh
 * from the guest suite's opensbi package), else the host's Debian package.
 * Returns the path, which may be built in buf. */
const char *machine_default_bios(const char *guest_dir, char *buf, size_t len);

/* Loads bios/kernel/initrd, builds the device tree and the boot ROM (virt);
 * they are kept as images that machine_reset (machine.h) writes back. */
bool machine_load_virt(struct machine *m, char *err, size_t errlen);

/* Host terminal input for the console UART. */
bool machine_console_can_receive(struct machine *m);
void machine_console_receive(struct machine *m, uint8_t byte);

#endif
