/* Reset vector generator; see bootrom.h for the layout and the register protocol. */
#include "roms/bootrom.h"

#include "mem/bus.h"

/* Integer register numbers (RISC-V psABI names). */
enum { REG_ZERO = 0, REG_T0 = 5, REG_A0 = 10, REG_A1 = 11, REG_A2 = 12 };

#define CSR_MHARTID 0xf14u

/* Base opcodes and funct3 values, Unprivileged ISA chapter "RV32I/RV64I" and the
 * opcode map; Zicsr for CSRRS. */
#define OP_LOAD   0x03u
#define OP_OP_IMM 0x13u
#define OP_AUIPC  0x17u
#define OP_JALR   0x67u
#define OP_SYSTEM 0x73u
#define F3_LD     3u
#define F3_ADDI   0u
#define F3_CSRRS  2u

/* I-type: imm[11:0] | rs1 | funct3 | rd | opcode */
static uint32_t enc_i(uint32_t opcode, unsigned rd, unsigned f3, unsigned rs1, uint32_t imm12)
{
    return (imm12 & 0xfffu) << 20 | (uint32_t)rs1 << 15 | (uint32_t)f3 << 12 |
           (uint32_t)rd << 7 | opcode;
}

/* U-type: imm[31:12] | rd | opcode */
static uint32_t enc_u(uint32_t opcode, unsigned rd, uint32_t imm20)
{
    return (imm20 & 0xfffffu) << 12 | (uint32_t)rd << 7 | opcode;
}

static uint32_t auipc(unsigned rd, uint32_t imm20) { return enc_u(OP_AUIPC, rd, imm20); }
static uint32_t ld(unsigned rd, unsigned rs1, uint32_t off) { return enc_i(OP_LOAD, rd, F3_LD, rs1, off); }
static uint32_t addi(unsigned rd, unsigned rs1, uint32_t imm) { return enc_i(OP_OP_IMM, rd, F3_ADDI, rs1, imm); }
static uint32_t jr(unsigned rs1) { return enc_i(OP_JALR, REG_ZERO, 0, rs1, 0); }
/* csrr rd, csr  ==  csrrs rd, csr, x0 (reads without side effects on the CSR) */
static uint32_t csrr(unsigned rd, uint32_t csr) { return enc_i(OP_SYSTEM, rd, F3_CSRRS, REG_ZERO, csr); }

static void put64(uint32_t *words, unsigned byte_off, uint64_t v)
{
    words[byte_off / 4] = (uint32_t)v;
    words[byte_off / 4 + 1] = (uint32_t)(v >> 32);
}

struct fw_dynamic_info bootrom_default_info(uint64_t next_addr)
{
    struct fw_dynamic_info info = {
        .magic = FW_DYNAMIC_INFO_MAGIC,
        .version = FW_DYNAMIC_INFO_VERSION,
        .next_addr = next_addr,
        .next_mode = FW_DYNAMIC_NEXT_MODE_S,
        .options = 0,
        .boot_hart = 0,
    };
    return info;
}

void bootrom_info_to_bytes(const struct fw_dynamic_info *info, uint8_t *out)
{
    const uint64_t f[6] = { info->magic, info->version, info->next_addr,
                            info->next_mode, info->options, info->boot_hart };
    for (unsigned i = 0; i < 6; i++)
        le_store(out + 8 * i, 8, f[i]);
}

size_t bootrom_build_info(uint32_t *words, size_t max, uint64_t fw_addr,
                          uint64_t dtb_addr, uint64_t fw_dynamic_info_addr,
                          const struct fw_dynamic_info *info)
{
    if (!words || !info || max < BOOTROM_WORDS)
        return 0;
    /* t0 holds the image's own address until the last load replaces it with the
     * firmware entry, so every data access is PC-relative. */
    words[0] = auipc(REG_T0, 0);
    words[1] = csrr(REG_A0, CSR_MHARTID);
    words[2] = ld(REG_A1, REG_T0, BOOTROM_DTB_ADDR_OFFSET);
    words[3] = fw_dynamic_info_addr ? ld(REG_A2, REG_T0, BOOTROM_INFO_PTR_OFFSET)
                                    : addi(REG_A2, REG_T0, BOOTROM_INFO_OFFSET);
    words[4] = ld(REG_T0, REG_T0, BOOTROM_FW_ADDR_OFFSET);
    words[5] = jr(REG_T0);
    put64(words, BOOTROM_FW_ADDR_OFFSET, fw_addr);
    put64(words, BOOTROM_DTB_ADDR_OFFSET, dtb_addr);
    put64(words, BOOTROM_INFO_PTR_OFFSET, fw_dynamic_info_addr);
    const uint64_t f[6] = { info->magic, info->version, info->next_addr,
                            info->next_mode, info->options, info->boot_hart };
    for (unsigned i = 0; i < 6; i++)
        put64(words, BOOTROM_INFO_OFFSET + 8 * i, f[i]);
    return BOOTROM_WORDS;
}

size_t bootrom_build(uint32_t *words, size_t max, uint64_t fw_addr, uint64_t dtb_addr,
                     uint64_t fw_dynamic_info_addr, uint64_t next_addr)
{
    const struct fw_dynamic_info info = bootrom_default_info(next_addr);
    return bootrom_build_info(words, max, fw_addr, dtb_addr, fw_dynamic_info_addr, &info);
}

void bootrom_to_bytes(const uint32_t *words, size_t nwords, uint8_t *out)
{
    for (size_t i = 0; i < nwords; i++)
        le_store(out + 4 * i, 4, words[i]);
}
