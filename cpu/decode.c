/* The decoder: a mask/match table (the encodings of the unprivileged and
 * privileged specs' opcode maps) plus one operand-extraction rule per
 * instruction format. */
#include "internal.h"
#include "rvc.h"

enum fmt {
    F_NONE,     /* no operands (ecall, mret, ...) */
    F_R,        /* rd, rs1, rs2 */
    F_RM,       /* rd, rs1, rs2, rounding mode in funct3 */
    F_R4,       /* rd, rs1, rs2, rs3, rounding mode */
    F_I,        /* rd, rs1, imm[11:0] */
    F_S,        /* rs1, rs2, store offset */
    F_B,        /* rs1, rs2, branch offset */
    F_U,        /* rd, imm[31:12] */
    F_J,        /* rd, jump offset */
    F_SH,       /* rd, rs1, shamt (6 bits; W forms mask to 5 in the table) */
    F_CSR,      /* rd, rs1 (or uimm), csr number in imm */
};

struct opcode {
    uint32_t mask, match;
    uint16_t op;
    uint8_t fmt;
    char ext;   /* misa letter that must be set ('I' for the base) */
};

#define R_MASK 0xfe00707fu
#define I_MASK 0x0000707fu
#define U_MASK 0x0000007fu
#define RM_MASK 0xfe00007fu      /* funct7 + opcode: funct3 is rm */
#define R1_MASK 0xfff0007fu      /* funct7 + rs2 fixed, rm in funct3 */
#define R1F_MASK 0xfff0707fu     /* funct7 + rs2 + funct3 fixed */
#define R4_MASK 0x0600007fu
#define AMO_MASK 0xf800707fu
#define LR_MASK 0xf9f0707fu
#define D_(m) ((m) | 0x02000000u)   /* fmt field 01 = double */

static const struct opcode opcodes[] = {
    /* RV64I */
    { U_MASK, 0x00000037, OP_lui, F_U, 'I' },
    { U_MASK, 0x00000017, OP_auipc, F_U, 'I' },
    { U_MASK, 0x0000006f, OP_jal, F_J, 'I' },
    { I_MASK, 0x00000067, OP_jalr, F_I, 'I' },
    { I_MASK, 0x00000063, OP_beq, F_B, 'I' },
    { I_MASK, 0x00001063, OP_bne, F_B, 'I' },
    { I_MASK, 0x00004063, OP_blt, F_B, 'I' },
    { I_MASK, 0x00005063, OP_bge, F_B, 'I' },
    { I_MASK, 0x00006063, OP_bltu, F_B, 'I' },
    { I_MASK, 0x00007063, OP_bgeu, F_B, 'I' },
    { I_MASK, 0x00000003, OP_lb, F_I, 'I' },
    { I_MASK, 0x00001003, OP_lh, F_I, 'I' },
    { I_MASK, 0x00002003, OP_lw, F_I, 'I' },
    { I_MASK, 0x00003003, OP_ld, F_I, 'I' },
    { I_MASK, 0x00004003, OP_lbu, F_I, 'I' },
    { I_MASK, 0x00005003, OP_lhu, F_I, 'I' },
    { I_MASK, 0x00006003, OP_lwu, F_I, 'I' },
    { I_MASK, 0x00000023, OP_sb, F_S, 'I' },
    { I_MASK, 0x00001023, OP_sh, F_S, 'I' },
    { I_MASK, 0x00002023, OP_sw, F_S, 'I' },
    { I_MASK, 0x00003023, OP_sd, F_S, 'I' },
    { I_MASK, 0x00000013, OP_addi, F_I, 'I' },
    { I_MASK, 0x00002013, OP_slti, F_I, 'I' },
    { I_MASK, 0x00003013, OP_sltiu, F_I, 'I' },
    { I_MASK, 0x00004013, OP_xori, F_I, 'I' },
    { I_MASK, 0x00006013, OP_ori, F_I, 'I' },
    { I_MASK, 0x00007013, OP_andi, F_I, 'I' },
    { 0xfc00707f, 0x00001013, OP_slli, F_SH, 'I' },
    { 0xfc00707f, 0x00005013, OP_srli, F_SH, 'I' },
    { 0xfc00707f, 0x40005013, OP_srai, F_SH, 'I' },
    { R_MASK, 0x00000033, OP_add, F_R, 'I' },
    { R_MASK, 0x40000033, OP_sub, F_R, 'I' },
    { R_MASK, 0x00001033, OP_sll, F_R, 'I' },
    { R_MASK, 0x00002033, OP_slt, F_R, 'I' },
    { R_MASK, 0x00003033, OP_sltu, F_R, 'I' },
    { R_MASK, 0x00004033, OP_xor, F_R, 'I' },
    { R_MASK, 0x00005033, OP_srl, F_R, 'I' },
    { R_MASK, 0x40005033, OP_sra, F_R, 'I' },
    { R_MASK, 0x00006033, OP_or, F_R, 'I' },
    { R_MASK, 0x00007033, OP_and, F_R, 'I' },
    { I_MASK, 0x0000001b, OP_addiw, F_I, 'I' },
    { R_MASK, 0x0000101b, OP_slliw, F_SH, 'I' },
    { R_MASK, 0x0000501b, OP_srliw, F_SH, 'I' },
    { R_MASK, 0x4000501b, OP_sraiw, F_SH, 'I' },
    { R_MASK, 0x0000003b, OP_addw, F_R, 'I' },
    { R_MASK, 0x4000003b, OP_subw, F_R, 'I' },
    { R_MASK, 0x0000103b, OP_sllw, F_R, 'I' },
    { R_MASK, 0x0000503b, OP_srlw, F_R, 'I' },
    { R_MASK, 0x4000503b, OP_sraw, F_R, 'I' },
    /* FENCE and FENCE.I ignore their unused fields (forward compatibility) */
    { I_MASK, 0x0000000f, OP_fence, F_NONE, 'I' },
    { I_MASK, 0x0000100f, OP_fence_i, F_NONE, 'I' },
    { 0xffffffff, 0x00000073, OP_ecall, F_NONE, 'I' },
    { 0xffffffff, 0x00100073, OP_ebreak, F_NONE, 'I' },
    /* Zicsr */
    { I_MASK, 0x00001073, OP_csrrw, F_CSR, 'I' },
    { I_MASK, 0x00002073, OP_csrrs, F_CSR, 'I' },
    { I_MASK, 0x00003073, OP_csrrc, F_CSR, 'I' },
    { I_MASK, 0x00005073, OP_csrrwi, F_CSR, 'I' },
    { I_MASK, 0x00006073, OP_csrrsi, F_CSR, 'I' },
    { I_MASK, 0x00007073, OP_csrrci, F_CSR, 'I' },
    /* privileged */
    { 0xffffffff, 0x30200073, OP_mret, F_NONE, 'I' },
    { 0xffffffff, 0x10200073, OP_sret, F_NONE, 'S' },
    { 0xffffffff, 0x10500073, OP_wfi, F_NONE, 'I' },
    { 0xfe007fff, 0x12000073, OP_sfence_vma, F_R, 'S' },
    /* M */
    { R_MASK, 0x02000033, OP_mul, F_R, 'M' },
    { R_MASK, 0x02001033, OP_mulh, F_R, 'M' },
    { R_MASK, 0x02002033, OP_mulhsu, F_R, 'M' },
    { R_MASK, 0x02003033, OP_mulhu, F_R, 'M' },
    { R_MASK, 0x02004033, OP_div, F_R, 'M' },
    { R_MASK, 0x02005033, OP_divu, F_R, 'M' },
    { R_MASK, 0x02006033, OP_rem, F_R, 'M' },
    { R_MASK, 0x02007033, OP_remu, F_R, 'M' },
    { R_MASK, 0x0200003b, OP_mulw, F_R, 'M' },
    { R_MASK, 0x0200403b, OP_divw, F_R, 'M' },
    { R_MASK, 0x0200503b, OP_divuw, F_R, 'M' },
    { R_MASK, 0x0200603b, OP_remw, F_R, 'M' },
    { R_MASK, 0x0200703b, OP_remuw, F_R, 'M' },
    /* A (aq/rl bits are ignored: one hart runs at a time) */
    { LR_MASK, 0x1000202f, OP_lr_w, F_R, 'A' },
    { AMO_MASK, 0x1800202f, OP_sc_w, F_R, 'A' },
    { AMO_MASK, 0x0800202f, OP_amoswap_w, F_R, 'A' },
    { AMO_MASK, 0x0000202f, OP_amoadd_w, F_R, 'A' },
    { AMO_MASK, 0x2000202f, OP_amoxor_w, F_R, 'A' },
    { AMO_MASK, 0x6000202f, OP_amoand_w, F_R, 'A' },
    { AMO_MASK, 0x4000202f, OP_amoor_w, F_R, 'A' },
    { AMO_MASK, 0x8000202f, OP_amomin_w, F_R, 'A' },
    { AMO_MASK, 0xa000202f, OP_amomax_w, F_R, 'A' },
    { AMO_MASK, 0xc000202f, OP_amominu_w, F_R, 'A' },
    { AMO_MASK, 0xe000202f, OP_amomaxu_w, F_R, 'A' },
    { LR_MASK, 0x1000302f, OP_lr_d, F_R, 'A' },
    { AMO_MASK, 0x1800302f, OP_sc_d, F_R, 'A' },
    { AMO_MASK, 0x0800302f, OP_amoswap_d, F_R, 'A' },
    { AMO_MASK, 0x0000302f, OP_amoadd_d, F_R, 'A' },
    { AMO_MASK, 0x2000302f, OP_amoxor_d, F_R, 'A' },
    { AMO_MASK, 0x6000302f, OP_amoand_d, F_R, 'A' },
    { AMO_MASK, 0x4000302f, OP_amoor_d, F_R, 'A' },
    { AMO_MASK, 0x8000302f, OP_amomin_d, F_R, 'A' },
    { AMO_MASK, 0xa000302f, OP_amomax_d, F_R, 'A' },
    { AMO_MASK, 0xc000302f, OP_amominu_d, F_R, 'A' },
    { AMO_MASK, 0xe000302f, OP_amomaxu_d, F_R, 'A' },
    /* F */
    { I_MASK, 0x00002007, OP_flw, F_I, 'F' },
    { I_MASK, 0x00002027, OP_fsw, F_S, 'F' },
    { R4_MASK, 0x00000043, OP_fmadd_s, F_R4, 'F' },
    { R4_MASK, 0x00000047, OP_fmsub_s, F_R4, 'F' },
    { R4_MASK, 0x0000004b, OP_fnmsub_s, F_R4, 'F' },
    { R4_MASK, 0x0000004f, OP_fnmadd_s, F_R4, 'F' },
    { RM_MASK, 0x00000053, OP_fadd_s, F_RM, 'F' },
    { RM_MASK, 0x08000053, OP_fsub_s, F_RM, 'F' },
    { RM_MASK, 0x10000053, OP_fmul_s, F_RM, 'F' },
    { RM_MASK, 0x18000053, OP_fdiv_s, F_RM, 'F' },
    { R1_MASK, 0x58000053, OP_fsqrt_s, F_RM, 'F' },
    { R_MASK, 0x20000053, OP_fsgnj_s, F_R, 'F' },
    { R_MASK, 0x20001053, OP_fsgnjn_s, F_R, 'F' },
    { R_MASK, 0x20002053, OP_fsgnjx_s, F_R, 'F' },
    { R_MASK, 0x28000053, OP_fmin_s, F_R, 'F' },
    { R_MASK, 0x28001053, OP_fmax_s, F_R, 'F' },
    { R1_MASK, 0xc0000053, OP_fcvt_w_s, F_RM, 'F' },
    { R1_MASK, 0xc0100053, OP_fcvt_wu_s, F_RM, 'F' },
    { R1_MASK, 0xc0200053, OP_fcvt_l_s, F_RM, 'F' },
    { R1_MASK, 0xc0300053, OP_fcvt_lu_s, F_RM, 'F' },
    { R1F_MASK, 0xe0000053, OP_fmv_x_w, F_R, 'F' },
    { R_MASK, 0xa0002053, OP_feq_s, F_R, 'F' },
    { R_MASK, 0xa0001053, OP_flt_s, F_R, 'F' },
    { R_MASK, 0xa0000053, OP_fle_s, F_R, 'F' },
    { R1F_MASK, 0xe0001053, OP_fclass_s, F_R, 'F' },
    { R1_MASK, 0xd0000053, OP_fcvt_s_w, F_RM, 'F' },
    { R1_MASK, 0xd0100053, OP_fcvt_s_wu, F_RM, 'F' },
    { R1_MASK, 0xd0200053, OP_fcvt_s_l, F_RM, 'F' },
    { R1_MASK, 0xd0300053, OP_fcvt_s_lu, F_RM, 'F' },
    { R1F_MASK, 0xf0000053, OP_fmv_w_x, F_R, 'F' },
    /* D */
    { I_MASK, 0x00003007, OP_fld, F_I, 'D' },
    { I_MASK, 0x00003027, OP_fsd, F_S, 'D' },
    { R4_MASK, D_(0x00000043), OP_fmadd_d, F_R4, 'D' },
    { R4_MASK, D_(0x00000047), OP_fmsub_d, F_R4, 'D' },
    { R4_MASK, D_(0x0000004b), OP_fnmsub_d, F_R4, 'D' },
    { R4_MASK, D_(0x0000004f), OP_fnmadd_d, F_R4, 'D' },
    { RM_MASK, D_(0x00000053), OP_fadd_d, F_RM, 'D' },
    { RM_MASK, D_(0x08000053), OP_fsub_d, F_RM, 'D' },
    { RM_MASK, D_(0x10000053), OP_fmul_d, F_RM, 'D' },
    { RM_MASK, D_(0x18000053), OP_fdiv_d, F_RM, 'D' },
    { R1_MASK, D_(0x58000053), OP_fsqrt_d, F_RM, 'D' },
    { R_MASK, D_(0x20000053), OP_fsgnj_d, F_R, 'D' },
    { R_MASK, D_(0x20001053), OP_fsgnjn_d, F_R, 'D' },
    { R_MASK, D_(0x20002053), OP_fsgnjx_d, F_R, 'D' },
    { R_MASK, D_(0x28000053), OP_fmin_d, F_R, 'D' },
    { R_MASK, D_(0x28001053), OP_fmax_d, F_R, 'D' },
    { R1_MASK, 0x40100053, OP_fcvt_s_d, F_RM, 'D' },
    { R1_MASK, 0x42000053, OP_fcvt_d_s, F_RM, 'D' },
    { R1_MASK, D_(0xc0000053), OP_fcvt_w_d, F_RM, 'D' },
    { R1_MASK, D_(0xc0100053), OP_fcvt_wu_d, F_RM, 'D' },
    { R1_MASK, D_(0xc0200053), OP_fcvt_l_d, F_RM, 'D' },
    { R1_MASK, D_(0xc0300053), OP_fcvt_lu_d, F_RM, 'D' },
    { R1F_MASK, D_(0xe0000053), OP_fmv_x_d, F_R, 'D' },
    { R_MASK, D_(0xa0002053), OP_feq_d, F_R, 'D' },
    { R_MASK, D_(0xa0001053), OP_flt_d, F_R, 'D' },
    { R_MASK, D_(0xa0000053), OP_fle_d, F_R, 'D' },
    { R1F_MASK, D_(0xe0001053), OP_fclass_d, F_R, 'D' },
    { R1_MASK, D_(0xd0000053), OP_fcvt_d_w, F_RM, 'D' },
    { R1_MASK, D_(0xd0100053), OP_fcvt_d_wu, F_RM, 'D' },
    { R1_MASK, D_(0xd0200053), OP_fcvt_d_l, F_RM, 'D' },
    { R1_MASK, D_(0xd0300053), OP_fcvt_d_lu, F_RM, 'D' },
    { R1F_MASK, D_(0xf0000053), OP_fmv_d_x, F_R, 'D' },
};

#define NOPCODES (sizeof opcodes / sizeof opcodes[0])

/* Index of the table by major opcode (bits 6:2), built once: decoding scans
 * only the handful of entries sharing the major opcode. */
static uint8_t by_major[32][64];
static uint8_t by_major_count[32];
static bool index_built;

static void build_index(void)
{
    for (unsigned i = 0; i < NOPCODES; i++) {
        unsigned major = (opcodes[i].match >> 2) & 31;
        by_major[major][by_major_count[major]++] = (uint8_t)i;
    }
    index_built = true;
}

const char *const op_names[OP_COUNT] = {
#define X(n) [OP_##n] = #n,
    INSN_LIST(X)
#undef X
};

static int64_t sext(uint64_t v, unsigned bits)
{
    return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

static int64_t imm_i(uint32_t w) { return sext(w >> 20, 12); }
static int64_t imm_s(uint32_t w)
{
    return sext(((w >> 25) << 5) | ((w >> 7) & 31), 12);
}
static int64_t imm_b(uint32_t w)
{
    uint64_t v = ((uint64_t)(w >> 31) << 12) | (((w >> 7) & 1) << 11) |
                 (((w >> 25) & 0x3f) << 5) | (((w >> 8) & 0xf) << 1);
    return sext(v, 13);
}
static int64_t imm_u(uint32_t w) { return sext(w & 0xfffff000u, 32); }
static int64_t imm_j(uint32_t w)
{
    uint64_t v = ((uint64_t)(w >> 31) << 20) | (((w >> 12) & 0xff) << 12) |
                 (((w >> 20) & 1) << 11) | (((w >> 21) & 0x3ff) << 1);
    return sext(v, 21);
}

static void extract(struct insn *d, uint32_t w, enum fmt f)
{
    d->rd = (w >> 7) & 31;
    d->rs1 = (w >> 15) & 31;
    d->rs2 = (w >> 20) & 31;
    d->rs3 = (w >> 27) & 31;
    d->rm = (w >> 12) & 7;
    switch (f) {
    case F_I: d->imm = imm_i(w); break;
    case F_S: d->imm = imm_s(w); break;
    case F_B: d->imm = imm_b(w); break;
    case F_U: d->imm = imm_u(w); break;
    case F_J: d->imm = imm_j(w); break;
    case F_SH: d->imm = (w >> 20) & 63; break;
    case F_CSR: d->imm = w >> 20; break;
    default: d->imm = 0; break;
    }
}

static const struct opcode *lookup(uint32_t w)
{
    unsigned major = (w >> 2) & 31;
    for (unsigned i = 0; i < by_major_count[major]; i++) {
        const struct opcode *o = &opcodes[by_major[major][i]];
        if ((w & o->mask) == o->match)
            return o;
    }
    return NULL;
}

void decode(struct insn *d, uint32_t raw, uint64_t misa)
{
    if (!index_built)
        build_index();
    uint32_t w = raw;
    memset(d, 0, sizeof *d);
    d->raw = raw;
    d->len = 4;
    d->op = OP_illegal;
    if ((raw & 3) != 3) {
        d->raw = raw & 0xffff;
        d->len = 2;
        if (!(misa & MISA_EXT('C')))
            return;
        w = rvc_expand((uint16_t)raw);
        if (w == 0)
            return;
    }
    const struct opcode *o = lookup(w);
    if (!o || !(misa & MISA_EXT(o->ext)))
        return;
    if (o->ext == 'F' || o->ext == 'D') {
        /* RV64F/D: 32-bit shift amounts etc. don't apply; but rm 5 and 6
         * are reserved in every instruction that has an rm field. */
        unsigned rm = (w >> 12) & 7;
        if ((o->fmt == F_RM || o->fmt == F_R4) && (rm == 5 || rm == 6))
            return;
    }
    /* slliw/srliw/sraiw with shamt[5] set are reserved on RV64 (the R_MASK
     * entries already require funct7 exact, so nothing to do here). */
    d->op = o->op;
    extract(d, w, (enum fmt)o->fmt);
    /* Integer ops whose only effect is writing rd do nothing when rd is
     * x0, so the executor never has to re-zero x0 after them. */
    if (d->rd == 0 && ((d->op >= OP_lui && d->op <= OP_auipc) ||
                       (d->op >= OP_addi && d->op <= OP_sraw) ||
                       (d->op >= OP_mul && d->op <= OP_remuw)))
        d->op = OP_nop;
}

bool op_ends_block(enum op op)
{
    switch (op) {
    case OP_jal: case OP_jalr:
    case OP_beq: case OP_bne: case OP_blt: case OP_bge: case OP_bltu:
    case OP_bgeu:
    case OP_fence_i: case OP_ecall: case OP_ebreak:
    case OP_csrrw: case OP_csrrs: case OP_csrrc:
    case OP_csrrwi: case OP_csrrsi: case OP_csrrci:
    case OP_mret: case OP_sret: case OP_wfi: case OP_sfence_vma:
    case OP_illegal:
        return true;
    default:
        return false;
    }
}
