/* The reset vector: a few instructions at 0x1000 that every hart runs first, as on
 * QEMU's virt machine.  They hand over to the firmware (OpenSBI fw_dynamic) with the
 * boot protocol registers set:
 *   a0 = mhartid, a1 = device tree address, a2 = &struct fw_dynamic_info
 * and jump to the firmware entry.  The code is position independent (auipc-relative),
 * so the caller may place it anywhere; BOOTROM_BASE is where the board puts it.
 *
 * Layout of the image (byte offsets, all little-endian):
 *   0x00  code (6 instructions)
 *   0x18  u64 firmware entry
 *   0x20  u64 device tree address
 *   0x28  u64 fw_dynamic_info address (0: the copy at 0x30 in this image)
 *   0x30  struct fw_dynamic_info (6 x u64, OpenSBI include/sbi/fw_dynamic.h, version 2)
 *   0x60  end
 */
#ifndef RVX_ROMS_BOOTROM_H
#define RVX_ROMS_BOOTROM_H

#include <stddef.h>
#include <stdint.h>

#define BOOTROM_BASE 0x1000u            /* QEMU virt's MROM reset vector */

#define BOOTROM_FW_ADDR_OFFSET   0x18u
#define BOOTROM_DTB_ADDR_OFFSET  0x20u
#define BOOTROM_INFO_PTR_OFFSET  0x28u
#define BOOTROM_INFO_OFFSET      0x30u
#define BOOTROM_SIZE             0x60u   /* bytes */
#define BOOTROM_WORDS            (BOOTROM_SIZE / 4)

/* OpenSBI fw_dynamic_info (include/sbi/fw_dynamic.h): six XLEN-wide fields. */
#define FW_DYNAMIC_INFO_MAGIC    0x4942534fu    /* "OSBI" read as a little-endian u32 */
#define FW_DYNAMIC_INFO_VERSION  2u             /* version 2 adds boot_hart */
#define FW_DYNAMIC_NEXT_MODE_U   0u
#define FW_DYNAMIC_NEXT_MODE_S   1u
#define FW_DYNAMIC_NEXT_MODE_M   3u
#define FW_DYNAMIC_BOOT_HART_ANY UINT64_MAX     /* -1: OpenSBI's relocation lottery */
#define FW_DYNAMIC_INFO_SIZE     48u

struct fw_dynamic_info {
    uint64_t magic;
    uint64_t version;
    uint64_t next_addr;     /* where OpenSBI jumps next: the kernel entry */
    uint64_t next_mode;     /* privilege mode for next_addr */
    uint64_t options;       /* SBI_SCRATCH_* flags; 0 = boot prints on */
    uint64_t boot_hart;     /* preferred cold-boot hart; QEMU passes 0 */
};

/* The fw_dynamic_info QEMU virt passes: version 2, S-mode, options 0, boot hart 0. */
struct fw_dynamic_info bootrom_default_info(uint64_t next_addr);

/* Serialise info into FW_DYNAMIC_INFO_SIZE little-endian bytes. */
void bootrom_info_to_bytes(const struct fw_dynamic_info *info, uint8_t *out);

/* Build the reset vector into words[0..BOOTROM_WORDS).  Each word is the value of one
 * aligned little-endian 32-bit location; 64-bit data is split low word first.
 *   fw_addr              firmware entry (e.g. 0x80000000)
 *   dtb_addr             physical address of the device tree blob (a1)
 *   fw_dynamic_info_addr where a2 points: 0 means the copy inside this image
 *                        (found PC-relatively, so no ROM address is needed); any
 *                        other value is passed as is and the caller stores a struct
 *                        there (e.g. with bootrom_info_to_bytes)
 *   next_addr            kernel entry (e.g. 0x80200000), written into the copy
 * Returns the number of words written, or 0 when max < BOOTROM_WORDS. */
size_t bootrom_build(uint32_t *words, size_t max, uint64_t fw_addr, uint64_t dtb_addr,
                     uint64_t fw_dynamic_info_addr, uint64_t next_addr);

/* Same, with every fw_dynamic_info field chosen by the caller. */
size_t bootrom_build_info(uint32_t *words, size_t max, uint64_t fw_addr,
                          uint64_t dtb_addr, uint64_t fw_dynamic_info_addr,
                          const struct fw_dynamic_info *info);

/* Store nwords words as little-endian bytes (4 * nwords) ready to copy into guest
 * memory, e.g. a ROM region at BOOTROM_BASE. */
void bootrom_to_bytes(const uint32_t *words, size_t nwords, uint8_t *out);

#endif
