/* The flattened device tree handed to the firmware and kernel, shaped like QEMU virt's
 * (hw/riscv/virt.c) so stock Linux and OpenSBI's generic platform boot unchanged.
 * Built with libfdt's sequential-write API.
 *
 * Tree (addresses from the params; #address-cells = #size-cells = 2 at / and /soc):
 *   /cpus            timebase-frequency; cpu@N { riscv,isa, riscv,isa-base,
 *                    riscv,isa-extensions, mmu-type, interrupt-controller (cpu-intc) };
 *                    cpu-map/cluster0/coreN
 *   /memory@...      device_type "memory"
 *   /soc             simple-bus: clint@, plic@, serial@, test@ (syscon), rtc@,
 *                    virtio_mmio@ x nvirtio, framebuffer@ (when fb.size != 0)
 *   /poweroff        syscon-poweroff (0x5555 to test@); /reboot syscon-reboot (0x7777)
 *   /chosen          bootargs, stdout-path, linux,initrd-start/end (u64), rng-seed
 */
#ifndef RVX_DEVICES_FDT_H
#define RVX_DEVICES_FDT_H

#include <stddef.h>
#include <stdint.h>

#define FDT_MAX_VIRTIO 8

struct fdt_params {
    unsigned nharts;                    /* 1.. ; cpu@0..cpu@(nharts-1) */
    const char *isa;                    /* riscv,isa, e.g. "rv64imafdc_zicsr_zifencei" */
    const char *const *isa_extensions;  /* NULL-terminated, e.g. "i","m",...,"zicsr";
                                           NULL: riscv,isa-extensions is omitted */
    const char *mmu_type;               /* "riscv,sv39" / "riscv,sv48" / "riscv,sv57" */
    uint64_t ram_base, ram_size;
    uint32_t timebase;                  /* Hz; QEMU virt: 10 MHz */
    uint64_t clint_base, plic_base;
    unsigned plic_ndev;                 /* riscv,ndev: highest interrupt source id */
    uint64_t uart_base;
    unsigned uart_irq;
    uint32_t uart_clock;
    uint64_t rtc_base;                  /* 0: no RTC node */
    unsigned rtc_irq;
    uint64_t syscon_base;               /* sifive,test device; 0: no test/poweroff/reboot */
    uint64_t virtio_base[FDT_MAX_VIRTIO];
    unsigned virtio_irq[FDT_MAX_VIRTIO];
    unsigned nvirtio;
    const char *bootargs;               /* NULL: no bootargs property */
    uint64_t initrd_start, initrd_end;  /* 0 = none */
    struct {
        uint64_t base, size;            /* size 0: no framebuffer node */
        uint32_t width, height, stride;
        const char *format;             /* NULL: "a8r8g8b8" */
    } fb;
    /* Optional (zero = default). */
    uint64_t clint_size;                /* 0: 0x10000 */
    uint64_t plic_size;                 /* 0: 0x600000, QEMU virt's */
    const uint8_t *rng_seed;            /* /chosen/rng-seed bytes for the kernel's RNG */
    size_t rng_seed_len;
};

/* Phandles the tree uses (fixed so tests and other tools can refer to them):
 * hart N's interrupt controller is FDT_PHANDLE_INTC(N), its cpu node FDT_PHANDLE_CPU(N). */
#define FDT_PHANDLE_PLIC     1u
#define FDT_PHANDLE_TEST     2u
#define FDT_PHANDLE_INTC(n)  (0x100u + 2u * (n))
#define FDT_PHANDLE_CPU(n)   (0x101u + 2u * (n))

/* Build the DTB.  Returns a malloc'd blob (free() it) and its size in *size_out, or
 * NULL on bad parameters (no harts, more than FDT_MAX_VIRTIO virtio slots, missing isa
 * or mmu_type, initrd_end < initrd_start) or a libfdt error. */
void *fdt_build(const struct fdt_params *p, size_t *size_out);

#endif
