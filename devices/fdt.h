/* The flattened device tree handed to the firmware and kernel, shaped like QEMU virt's
 * (hw/riscv/virt.c) so stock Linux and OpenSBI's generic platform boot unchanged.
 * Built with libfdt's sequential-write API.
 *
 * This file writes the skeleton; every device writes its own node through its
 * fdt_node op (devices/device.h), with the helpers below:
 *   /chosen          bootargs, stdout-path, linux,initrd-start/end (u64), rng-seed
 *   (devices' root-level nodes, e.g. /poweroff and /reboot of the test device)
 *   /memory@...      device_type "memory"
 *   /cpus            timebase-frequency; cpu@N { riscv,isa, riscv,isa-base,
 *                    riscv,isa-extensions, mmu-type, interrupt-controller (cpu-intc) };
 *                    cpu-map/clusterN/coreN
 *   /soc             simple-bus: the devices' nodes, in the board's list order
 */
#ifndef RVX_DEVICES_FDT_H
#define RVX_DEVICES_FDT_H

#include <libfdt.h>
#include <stddef.h>
#include <stdint.h>

struct device;

struct fdt_params {
    unsigned nharts;                    /* 1.. ; cpu@0..cpu@(nharts-1) */
    const char *isa;                    /* riscv,isa, e.g. "rv64imafdc_zicsr_zifencei" */
    const char *const *isa_extensions;  /* NULL-terminated, e.g. "i","m",...,"zicsr";
                                           NULL: riscv,isa-extensions is omitted */
    const char *mmu_type;               /* "riscv,sv39" / "riscv,sv48" / "riscv,sv57" */
    uint32_t cbom_block_size;           /* riscv,cbom-block-size (Zicbom); 0: omitted */
    uint32_t cboz_block_size;           /* riscv,cboz-block-size (Zicboz); 0: omitted */
    uint64_t ram_base, ram_size;
    uint32_t timebase;                  /* Hz; QEMU virt: 10 MHz */
    struct device *devices;             /* the board's list (->next) */
    uint64_t uart_base;                 /* stdout-path /soc/serial@...; 0: none */
    const char *bootargs;               /* NULL: no bootargs property */
    uint64_t initrd_start, initrd_end;  /* 0 = none */
    const uint8_t *rng_seed;            /* /chosen/rng-seed bytes for the kernel's RNG */
    size_t rng_seed_len;
};

/* Phandles the tree uses (fixed so tests and other tools can refer to them):
 * hart N's interrupt controller is FDT_PHANDLE_INTC(N), its cpu node FDT_PHANDLE_CPU(N). */
#define FDT_PHANDLE_PLIC     1u
#define FDT_PHANDLE_TEST     2u
#define FDT_PHANDLE_INTC(n)  (0x100u + 2u * (n))
#define FDT_PHANDLE_CPU(n)   (0x101u + 2u * (n))

/* Interrupt causes as cpu-intc cell values (Privileged spec, mcause table). */
enum {
    DT_IRQ_M_SOFT = 3,
    DT_IRQ_M_TIMER = 7,
    DT_IRQ_S_EXT = 9,
    DT_IRQ_M_EXT = 11,
};

/* Build the DTB.  Returns a malloc'd blob (free() it) and its size in *size_out, or
 * NULL on bad parameters (no harts, missing isa or mmu_type, initrd_end <
 * initrd_start) or a libfdt error. */
void *fdt_build(const struct fdt_params *p, size_t *size_out);

/* ---- helpers for the devices' fdt_node ops ---- */

/* libfdt calls return 0 or a negative error; chain them and stop at the first. */
#define DT_TRY(call) do { int err_ = (call); if (err_ < 0) return err_; } while (0)

/* Begins "name@addr" (addr in lower-case hex, no leading zeros). */
int dt_begin_node_at(void *fdt, const char *name, uint64_t addr);
/* reg = <addr-hi addr-lo size-hi size-lo> for #address-cells = #size-cells = 2 */
int dt_prop_reg(void *fdt, uint64_t addr, uint64_t size);
/* interrupts = <irq>, interrupt-parent = <&plic>: a device on one PLIC line */
int dt_prop_plic_irq(void *fdt, unsigned irq);
/* interrupts-extended = <&intc(h) irqs[0] [&intc(h) irqs[1]]...> for every hart h */
int dt_prop_per_hart_irqs(void *fdt, unsigned nharts, const unsigned *irqs,
                          unsigned nirq);

#endif
