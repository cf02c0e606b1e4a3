/* RV64C expansion: each 16-bit parcel becomes the 32-bit instruction the
 * unprivileged spec ("C" Standard Extension, RVC instruction set listings)
 * says it stands for.  The parcel is split by quadrant (bits 1:0) and
 * funct3 (bits 15:13) through a 24-entry table of small expanders; the
 * scattered immediates are described as data (which parcel bits land on
 * which immediate bits) rather than as hand-written shift chains. */
#include "cpu/rvc.h"

#include <stddef.h>

/* ---- 32-bit base opcodes used by the expansions ---- */
enum {
    OPC_LOAD = 0x03, OPC_LOAD_FP = 0x07, OPC_OP_IMM = 0x13,
    OPC_OP_IMM_32 = 0x1b, OPC_STORE = 0x23, OPC_STORE_FP = 0x27,
    OPC_OP = 0x33, OPC_LUI = 0x37, OPC_OP_32 = 0x3b, OPC_BRANCH = 0x63,
    OPC_JALR = 0x67, OPC_JAL = 0x6f, OPC_SYSTEM = 0x73,
};

enum { REG_ZERO = 0, REG_RA = 1, REG_SP = 2 };

/* ---- 32-bit encoders (unprivileged spec, "Base Instruction Formats") ---- */
static uint32_t enc_r(uint32_t opc, uint32_t f3, uint32_t f7, uint32_t rd,
                      uint32_t rs1, uint32_t rs2)
{
    return f7 << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}

static uint32_t enc_i(uint32_t opc, uint32_t f3, uint32_t rd, uint32_t rs1,
                      int32_t imm)
{
    return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | opc;
}

static uint32_t enc_s(uint32_t opc, uint32_t f3, uint32_t rs1, uint32_t rs2,
                      int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return (u >> 5 & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
           (u & 0x1f) << 7 | opc;
}

static uint32_t enc_b(uint32_t f3, uint32_t rs1, uint32_t rs2, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return (u >> 12 & 1) << 31 | (u >> 5 & 0x3f) << 25 | rs2 << 20 |
           rs1 << 15 | f3 << 12 | (u >> 1 & 0xf) << 8 | (u >> 11 & 1) << 7 |
           OPC_BRANCH;
}

static uint32_t enc_j(uint32_t rd, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    return (u >> 20 & 1) << 31 | (u >> 1 & 0x3ff) << 21 | (u >> 11 & 1) << 20 |
           (u >> 12 & 0xff) << 12 | rd << 7 | OPC_JAL;
}

/* ---- parcel fields ---- */
static uint32_t field(uint16_t p, unsigned hi, unsigned lo)
{
    return ((uint32_t)p >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static uint32_t rd_full(uint16_t p) { return field(p, 11, 7); }
static uint32_t rs2_full(uint16_t p) { return field(p, 6, 2); }
/* The 3-bit register fields (rd', rs1', rs2') name x8..x15 / f8..f15. */
static uint32_t r_hi3(uint16_t p) { return 8 + field(p, 9, 7); }
static uint32_t r_lo3(uint16_t p) { return 8 + field(p, 4, 2); }

/* ---- scattered immediates as data ----
 * Each piece moves parcel bits [hi:lo] to immediate bits starting at `to`.
 * sign_bit != 0 means the result is sign-extended from that bit. */
struct imm_piece { uint8_t hi, lo, to; };
struct imm_layout {
    uint8_t sign_bit;
    uint8_t n;
    struct imm_piece piece[8];
};

/* Layouts from the spec's CIW/CL/CS/CI/CSS/CB/CJ format figures. */
static const struct imm_layout IMM_ADDI4SPN = /* nzuimm[5:4|9:6|2|3] */
    {0, 4, {{12, 11, 4}, {10, 7, 6}, {6, 6, 2}, {5, 5, 3}}};
static const struct imm_layout IMM_LS_W = /* uimm[5:3] , uimm[2|6] */
    {0, 3, {{12, 10, 3}, {6, 6, 2}, {5, 5, 6}}};
static const struct imm_layout IMM_LS_D = /* uimm[5:3] , uimm[7:6] */
    {0, 2, {{12, 10, 3}, {6, 5, 6}}};
static const struct imm_layout IMM_CI = /* imm[5] , imm[4:0] */
    {5, 2, {{12, 12, 5}, {6, 2, 0}}};
static const struct imm_layout IMM_ADDI16SP = /* nzimm[9] , nzimm[4|6|8:7|5] */
    {9, 5, {{12, 12, 9}, {6, 6, 4}, {5, 5, 6}, {4, 3, 7}, {2, 2, 5}}};
static const struct imm_layout IMM_LUI = /* nzimm[17] , nzimm[16:12] */
    {17, 2, {{12, 12, 17}, {6, 2, 12}}};
static const struct imm_layout IMM_SHAMT = /* shamt[5] , shamt[4:0] */
    {0, 2, {{12, 12, 5}, {6, 2, 0}}};
static const struct imm_layout IMM_CJ = /* offset[11|4|9:8|10|6|7|3:1|5] */
    {11, 8, {{12, 12, 11}, {11, 11, 4}, {10, 9, 8}, {8, 8, 10},
             {7, 7, 6}, {6, 6, 7}, {5, 3, 1}, {2, 2, 5}}};
static const struct imm_layout IMM_CB = /* offset[8|4:3] , offset[7:6|2:1|5] */
    {8, 5, {{12, 12, 8}, {11, 10, 3}, {6, 5, 6}, {4, 3, 1}, {2, 2, 5}}};
static const struct imm_layout IMM_LWSP = /* uimm[5] , uimm[4:2|7:6] */
    {0, 3, {{12, 12, 5}, {6, 4, 2}, {3, 2, 6}}};
static const struct imm_layout IMM_LDSP = /* uimm[5] , uimm[4:3|8:6] */
    {0, 3, {{12, 12, 5}, {6, 5, 3}, {4, 2, 6}}};
static const struct imm_layout IMM_SWSP = /* uimm[5:2|7:6] */
    {0, 2, {{12, 9, 2}, {8, 7, 6}}};
static const struct imm_layout IMM_SDSP = /* uimm[5:3|8:6] */
    {0, 2, {{12, 10, 3}, {9, 7, 6}}};

static int32_t imm(uint16_t p, const struct imm_layout *l)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < l->n; i++) {
        const struct imm_piece *pc = &l->piece[i];
        v |= field(p, pc->hi, pc->lo) << pc->to;
    }
    if (l->sign_bit) {
        uint32_t sign = 1u << l->sign_bit;
        v = (v ^ sign) - sign; /* two's-complement sign extension */
    }
    return (int32_t)v;
}

/* ---- quadrant 0 ---- */
static uint32_t q0_addi4spn(uint16_t p)
{
    int32_t u = imm(p, &IMM_ADDI4SPN);
    if (u == 0) /* nzuimm=0 is reserved (covers the all-zero parcel too) */
        return 0;
    return enc_i(OPC_OP_IMM, 0, r_lo3(p), REG_SP, u);
}

static uint32_t q0_fld(uint16_t p)
{
    return enc_i(OPC_LOAD_FP, 3, r_lo3(p), r_hi3(p), imm(p, &IMM_LS_D));
}

static uint32_t q0_lw(uint16_t p)
{
    return enc_i(OPC_LOAD, 2, r_lo3(p), r_hi3(p), imm(p, &IMM_LS_W));
}

static uint32_t q0_ld(uint16_t p)
{
    return enc_i(OPC_LOAD, 3, r_lo3(p), r_hi3(p), imm(p, &IMM_LS_D));
}

static uint32_t q0_fsd(uint16_t p)
{
    return enc_s(OPC_STORE_FP, 3, r_hi3(p), r_lo3(p), imm(p, &IMM_LS_D));
}

static uint32_t q0_sw(uint16_t p)
{
    return enc_s(OPC_STORE, 2, r_hi3(p), r_lo3(p), imm(p, &IMM_LS_W));
}

static uint32_t q0_sd(uint16_t p)
{
    return enc_s(OPC_STORE, 3, r_hi3(p), r_lo3(p), imm(p, &IMM_LS_D));
}

/* ---- quadrant 1 ---- */
/* c.nop is addi x0,x0,0; c.nop with imm!=0, c.addi with rd=0 and c.addi
 * with imm=0 are HINTs, all expanding to an addi that changes nothing. */
static uint32_t q1_addi(uint16_t p)
{
    return enc_i(OPC_OP_IMM, 0, rd_full(p), rd_full(p), imm(p, &IMM_CI));
}

static uint32_t q1_addiw(uint16_t p)
{
    if (rd_full(p) == REG_ZERO) /* reserved on RV64 (was c.jal on RV32) */
        return 0;
    return enc_i(OPC_OP_IMM_32, 0, rd_full(p), rd_full(p), imm(p, &IMM_CI));
}

static uint32_t q1_li(uint16_t p)
{
    return enc_i(OPC_OP_IMM, 0, rd_full(p), REG_ZERO, imm(p, &IMM_CI));
}

/* funct3=011 is c.addi16sp when rd=x2 and c.lui otherwise; a zero
 * immediate is reserved in both (for c.lui whatever rd, rd=x0 included). */
static uint32_t q1_lui_addi16sp(uint16_t p)
{
    if (rd_full(p) == REG_SP) {
        int32_t v = imm(p, &IMM_ADDI16SP);
        return v ? enc_i(OPC_OP_IMM, 0, REG_SP, REG_SP, v) : 0;
    }
    int32_t v = imm(p, &IMM_LUI);
    return v ? ((uint32_t)v & 0xfffff000u) | rd_full(p) << 7 | OPC_LUI : 0;
}

/* The register-register group (bits 12,11:10 = x,11): funct2 in bits 6:5
 * selects the operation, bit 12 the word (RV64) variants. */
struct rr_op { uint8_t opc, f3, f7; };
static const struct rr_op RR_OPS[8] = {
    {OPC_OP, 0, 0x20},    /* c.sub */
    {OPC_OP, 4, 0},       /* c.xor */
    {OPC_OP, 6, 0},       /* c.or  */
    {OPC_OP, 7, 0},       /* c.and */
    {OPC_OP_32, 0, 0x20}, /* c.subw */
    {OPC_OP_32, 0, 0},    /* c.addw */
    {0, 0, 0},            /* reserved */
    {0, 0, 0},            /* reserved */
};

static uint32_t q1_misc_alu(uint16_t p)
{
    uint32_t rd = r_hi3(p);
    switch (field(p, 11, 10)) {
    case 0: /* c.srli: shamt=0 is a HINT on RV64, no reserved shamt[5] */
        return enc_i(OPC_OP_IMM, 5, rd, rd, imm(p, &IMM_SHAMT));
    case 1: /* c.srai */
        return enc_i(OPC_OP_IMM, 5, rd, rd, 0x400 | imm(p, &IMM_SHAMT));
    case 2: /* c.andi */
        return enc_i(OPC_OP_IMM, 7, rd, rd, imm(p, &IMM_CI));
    default: {
        const struct rr_op *op = &RR_OPS[field(p, 12, 12) << 2 | field(p, 6, 5)];
        if (op->opc == 0)
            return 0;
        return enc_r(op->opc, op->f3, op->f7, rd, rd, r_lo3(p));
    }
    }
}

static uint32_t q1_j(uint16_t p)
{
    return enc_j(REG_ZERO, imm(p, &IMM_CJ));
}

static uint32_t q1_beqz(uint16_t p)
{
    return enc_b(0, r_hi3(p), REG_ZERO, imm(p, &IMM_CB));
}

static uint32_t q1_bnez(uint16_t p)
{
    return enc_b(1, r_hi3(p), REG_ZERO, imm(p, &IMM_CB));
}

/* ---- quadrant 2 ---- */
static uint32_t q2_slli(uint16_t p)
{
    /* rd=0 and shamt=0 are HINTs on RV64; both expand to a legal slli. */
    return enc_i(OPC_OP_IMM, 1, rd_full(p), rd_full(p), imm(p, &IMM_SHAMT));
}

static uint32_t q2_fldsp(uint16_t p)
{
    return enc_i(OPC_LOAD_FP, 3, rd_full(p), REG_SP, imm(p, &IMM_LDSP));
}

static uint32_t q2_lwsp(uint16_t p)
{
    if (rd_full(p) == REG_ZERO) /* reserved */
        return 0;
    return enc_i(OPC_LOAD, 2, rd_full(p), REG_SP, imm(p, &IMM_LWSP));
}

static uint32_t q2_ldsp(uint16_t p)
{
    if (rd_full(p) == REG_ZERO) /* reserved */
        return 0;
    return enc_i(OPC_LOAD, 3, rd_full(p), REG_SP, imm(p, &IMM_LDSP));
}

/* funct4 1000: c.jr / c.mv;  funct4 1001: c.ebreak / c.jalr / c.add. */
static uint32_t q2_jr_mv_add(uint16_t p)
{
    uint32_t rd = rd_full(p), rs2 = rs2_full(p);
    if (field(p, 12, 12) == 0) {
        if (rs2 != 0) /* c.mv (rd=0 is a HINT) */
            return enc_r(OPC_OP, 0, 0, rd, REG_ZERO, rs2);
        if (rd == REG_ZERO) /* c.jr with rs1=0 is reserved */
            return 0;
        return enc_i(OPC_JALR, 0, REG_ZERO, rd, 0);
    }
    if (rs2 != 0) /* c.add (rd=0 is a HINT) */
        return enc_r(OPC_OP, 0, 0, rd, rd, rs2);
    if (rd == REG_ZERO) /* c.ebreak */
        return enc_i(OPC_SYSTEM, 0, REG_ZERO, REG_ZERO, 1);
    return enc_i(OPC_JALR, 0, REG_RA, rd, 0); /* c.jalr */
}

static uint32_t q2_fsdsp(uint16_t p)
{
    return enc_s(OPC_STORE_FP, 3, REG_SP, rs2_full(p), imm(p, &IMM_SDSP));
}

static uint32_t q2_swsp(uint16_t p)
{
    return enc_s(OPC_STORE, 2, REG_SP, rs2_full(p), imm(p, &IMM_SWSP));
}

static uint32_t q2_sdsp(uint16_t p)
{
    return enc_s(OPC_STORE, 3, REG_SP, rs2_full(p), imm(p, &IMM_SDSP));
}

static uint32_t reserved(uint16_t p)
{
    (void)p;
    return 0;
}

/* Indexed by quadrant * 8 + funct3 (RV64C opcode map). */
static uint32_t (*const EXPAND[24])(uint16_t) = {
    /* quadrant 0; funct3=100 is reserved */
    q0_addi4spn, q0_fld, q0_lw, q0_ld, reserved, q0_fsd, q0_sw, q0_sd,
    /* quadrant 1 */
    q1_addi, q1_addiw, q1_li, q1_lui_addi16sp, q1_misc_alu, q1_j, q1_beqz,
    q1_bnez,
    /* quadrant 2 */
    q2_slli, q2_fldsp, q2_lwsp, q2_ldsp, q2_jr_mv_add, q2_fsdsp, q2_swsp,
    q2_sdsp,
};

uint32_t rvc_expand(uint16_t insn)
{
    unsigned quadrant = insn & 3;
    if (quadrant == 3) /* not a compressed parcel */
        return 0;
    return EXPAND[quadrant * 8 + (insn >> 13)](insn);
}
