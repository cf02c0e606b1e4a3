/* RV64C expansion: each 16-bit parcel becomes the 32-bit instruction the
 * unprivileged spec ("C" Standard Extension, RVC instruction set listings)
 * says it stands for.  The forms are data (the CINSN rows of insns.def):
 * which op a form expands to, where its registers come from, how its
 * scattered immediate is laid out and which encodings are reserved.  The
 * expansion is then the op's own match value with those fields filled in
 * the way the op's format places them. */
#include "cpu/rvc.h"

#include "cpu/insns.h"

/* Where a register of the expansion comes from. */
enum reg_src {
    RVC_X0, RVC_RA, RVC_SP,
    RVC_RD,     /* bits 11:7 (rd/rs1) */
    RVC_RS2,    /* bits 6:2 */
    RVC_RDP,    /* bits 9:7, naming x8..x15 (rd'/rs1') */
    RVC_RS2P,   /* bits 4:2, naming x8..x15 (rd'/rs2') */
};

/* Encodings the spec reserves within a form. */
enum rule {
    RULE__,
    RULE_NZIMM, /* a zero immediate is reserved */
    RULE_NZRD,  /* bits 11:7 = x0 are reserved */
};

/* ---- scattered immediates as data ----
 * Each piece moves parcel bits [hi:lo] to immediate bits starting at `to`.
 * sign_bit != 0 means the result is sign-extended from that bit. */
struct imm_piece { uint8_t hi, lo, to; };
struct imm_layout {
    uint8_t sign_bit;
    uint8_t n;
    struct imm_piece piece[8];
};

enum imm_kind {
    IMM_NONE, IMM_ADDI4SPN, IMM_LS_W, IMM_LS_D, IMM_CI, IMM_ADDI16SP,
    IMM_LUI, IMM_SHAMT, IMM_CJ, IMM_CB, IMM_LWSP, IMM_LDSP, IMM_SWSP,
    IMM_SDSP, IMM_LS_B, IMM_LS_H, IMM_BYTE_MASK, IMM_ALL_ONES,
};

/* Layouts from the spec's CIW/CL/CS/CI/CSS/CB/CJ format figures. */
static const struct imm_layout LAYOUTS[] = {
    [IMM_NONE] = {0, 0, {{0, 0, 0}}},
    /* nzuimm[5:4|9:6|2|3] */
    [IMM_ADDI4SPN] = {0, 4, {{12, 11, 4}, {10, 7, 6}, {6, 6, 2}, {5, 5, 3}}},
    /* uimm[5:3] , uimm[2|6] */
    [IMM_LS_W] = {0, 3, {{12, 10, 3}, {6, 6, 2}, {5, 5, 6}}},
    /* uimm[5:3] , uimm[7:6] */
    [IMM_LS_D] = {0, 2, {{12, 10, 3}, {6, 5, 6}}},
    /* imm[5] , imm[4:0] */
    [IMM_CI] = {5, 2, {{12, 12, 5}, {6, 2, 0}}},
    /* nzimm[9] , nzimm[4|6|8:7|5] */
    [IMM_ADDI16SP] = {9, 5, {{12, 12, 9}, {6, 6, 4}, {5, 5, 6}, {4, 3, 7},
                             {2, 2, 5}}},
    /* nzimm[17] , nzimm[16:12] */
    [IMM_LUI] = {17, 2, {{12, 12, 17}, {6, 2, 12}}},
    /* shamt[5] , shamt[4:0] */
    [IMM_SHAMT] = {0, 2, {{12, 12, 5}, {6, 2, 0}}},
    /* offset[11|4|9:8|10|6|7|3:1|5] */
    [IMM_CJ] = {11, 8, {{12, 12, 11}, {11, 11, 4}, {10, 9, 8}, {8, 8, 10},
                        {7, 7, 6}, {6, 6, 7}, {5, 3, 1}, {2, 2, 5}}},
    /* offset[8|4:3] , offset[7:6|2:1|5] */
    [IMM_CB] = {8, 5, {{12, 12, 8}, {11, 10, 3}, {6, 5, 6}, {4, 3, 1},
                       {2, 2, 5}}},
    /* uimm[5] , uimm[4:2|7:6] */
    [IMM_LWSP] = {0, 3, {{12, 12, 5}, {6, 4, 2}, {3, 2, 6}}},
    /* uimm[5] , uimm[4:3|8:6] */
    [IMM_LDSP] = {0, 3, {{12, 12, 5}, {6, 5, 3}, {4, 2, 6}}},
    /* uimm[5:2|7:6] */
    [IMM_SWSP] = {0, 2, {{12, 9, 2}, {8, 7, 6}}},
    /* uimm[5:3|8:6] */
    [IMM_SDSP] = {0, 2, {{12, 10, 3}, {9, 7, 6}}},
    /* Zcb (Zc v1.0, CLB/CSB): uimm[0|1] in bits 6:5 */
    [IMM_LS_B] = {0, 2, {{6, 6, 0}, {5, 5, 1}}},
    /* Zcb CLH/CSH: uimm[1] in bit 5 */
    [IMM_LS_H] = {0, 1, {{5, 5, 1}}},
    /* IMM_BYTE_MASK, IMM_ALL_ONES: constants, see imm() */
};

const struct rvc_form rvc_forms[] = {
#define CINSN(n, mask, match, op, ext, rd, rs1, rs2, imm, rule, syntax)      \
    { mask, match, OP_##op, EXT_##ext, RVC_##rd, RVC_##rs1, RVC_##rs2,       \
      IMM_##imm, RULE_##rule, #n, syntax },
#include "cpu/insns.def"
};
#define NFORMS (sizeof rvc_forms / sizeof rvc_forms[0])
const size_t n_rvc_forms = NFORMS;

/* What an expansion starts from: the target op's match and format. */
static const struct { uint32_t match; uint8_t fmt; } TARGET[OP_COUNT] = {
#define INSN(n, mask, match, fmt, ...) [OP_##n] = { match, FMT_##fmt },
#include "cpu/insns.def"
};

/* ---- parcel fields ---- */
static uint32_t field(uint16_t p, unsigned hi, unsigned lo)
{
    return ((uint32_t)p >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static uint32_t reg(uint16_t p, enum reg_src src)
{
    switch (src) {
    case RVC_RA: return 1;
    case RVC_SP: return 2;
    case RVC_RD: return field(p, 11, 7);
    case RVC_RS2: return field(p, 6, 2);
    case RVC_RDP: return 8 + field(p, 9, 7);
    case RVC_RS2P: return 8 + field(p, 4, 2);
    default: return 0;
    }
}

static int32_t imm(uint16_t p, enum imm_kind kind)
{
    /* immediates no parcel bit holds: c.zext.b is andi rd', rd', 255,
     * c.not is xori rd', rd', -1 (Zc v1.0) */
    if (kind == IMM_BYTE_MASK)
        return 255;
    if (kind == IMM_ALL_ONES)
        return -1;
    const struct imm_layout *l = &LAYOUTS[kind];
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

/* The immediate's bits in a 32-bit word of the given format (unprivileged
 * spec, "Immediate Encoding Variants"). */
static uint32_t place_imm(enum fmt f, int32_t imm)
{
    uint32_t u = (uint32_t)imm;
    switch (f) {
    case FMT_I: return (u & 0xfff) << 20;
    case FMT_SH: return (u & 63) << 20;
    case FMT_U: return u & 0xfffff000u;
    case FMT_S: return (u >> 5 & 0x7f) << 25 | (u & 0x1f) << 7;
    case FMT_B:
        return (u >> 12 & 1) << 31 | (u >> 5 & 0x3f) << 25 |
               (u >> 1 & 0xf) << 8 | (u >> 11 & 1) << 7;
    case FMT_J:
        return (u >> 20 & 1) << 31 | (u >> 1 & 0x3ff) << 21 |
               (u >> 11 & 1) << 20 | (u >> 12 & 0xff) << 12;
    default: return 0;
    }
}

static uint32_t expand(const struct rvc_form *f, uint16_t p)
{
    int32_t v = imm(p, (enum imm_kind)f->imm);
    if ((f->rule == RULE_NZIMM && v == 0) ||
        (f->rule == RULE_NZRD && field(p, 11, 7) == 0))
        return 0;
    uint32_t rd = reg(p, (enum reg_src)f->rd);
    uint32_t rs1 = reg(p, (enum reg_src)f->rs1);
    uint32_t rs2 = reg(p, (enum reg_src)f->rs2);
    return TARGET[f->op].match | rs2 << 20 | rs1 << 15 | rd << 7 |
           place_imm((enum fmt)TARGET[f->op].fmt, v);
}

/* Each parcel's form and expansion, worked out on first use and kept, so
 * decoding a parcel again is one load.  An entry is written whole, with a
 * relaxed atomic store: threads racing to fill it write the same value. */
#define KNOWN (1ull << 63)
#define NO_FORM 0xffu
_Static_assert(NFORMS < NO_FORM, "form numbers fit a byte");
static uint64_t memo[1 << 16];  /* 0, or KNOWN | form << 32 | expansion */

static uint64_t work_out(uint16_t p)
{
    if ((p & 3) != 3) /* else not a compressed parcel */
        for (unsigned i = 0; i < NFORMS; i++)
            if ((p & rvc_forms[i].mask) == rvc_forms[i].match)
                return KNOWN | (uint64_t)i << 32 | expand(&rvc_forms[i], p);
    return KNOWN | (uint64_t)NO_FORM << 32;
}

static uint64_t entry(uint16_t p)
{
    uint64_t e = __atomic_load_n(&memo[p], __ATOMIC_RELAXED);
    if (e == 0) {
        e = work_out(p);
        __atomic_store_n(&memo[p], e, __ATOMIC_RELAXED);
    }
    return e;
}

const struct rvc_form *rvc_find(uint16_t insn, uint32_t *expansion)
{
    uint64_t e = entry(insn);
    unsigned form = (unsigned)(e >> 32) & 0xff;
    *expansion = (uint32_t)e;
    return form == NO_FORM ? NULL : &rvc_forms[form];
}

uint32_t rvc_expand(uint16_t insn)
{
    return (uint32_t)entry(insn);
}
