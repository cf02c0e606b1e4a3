/* The decoder: the database's mask/match rows (cpu/insns.def), indexed by
 * major opcode, plus one operand-extraction rule per instruction format. */
#include "internal.h"
#include "rvc.h"

/* Every INSN and ALIAS row in database order.  An alias executes as the op
 * it names, so its format and extension are that op's. */
enum {
#define OP(n, ...) FMT_OF_##n = FMT_NONE, EXT_OF_##n = EXT_I,
#define INSN(n, mask, match, fmt, ext, ...) FMT_OF_##n = FMT_##fmt, EXT_OF_##n = EXT_##ext,
#include "insns.def"
};

const struct opcode opcodes[] = {
#define INSN(n, mask, match, fmt, ext, cls, wr, flags, syntax, jit) \
    { mask, match, OP_##n, FMT_##fmt, EXT_##ext, #n, syntax },
#define ALIAS(n, op, mask, match, syntax) \
    { mask, match, OP_##op, FMT_OF_##op, EXT_OF_##op, #n, syntax },
#include "insns.def"
};

#define NOPCODES (sizeof opcodes / sizeof opcodes[0])
const size_t n_opcodes = NOPCODES;

const struct op_info op_info[OP_COUNT] = {
#define OP(n, cls, wr, flags, jit) [OP_##n] = { CL_##cls, WR_##wr, IF_##flags },
#define INSN(n, mask, match, fmt, ext, cls, wr, flags, syntax, jit) \
    [OP_##n] = { CL_##cls, WR_##wr, IF_##flags },
#include "insns.def"
};

const char *const op_names[OP_COUNT] = {
#define OP(n, ...) [OP_##n] = #n,
#define INSN(n, ...) [OP_##n] = #n,
#include "insns.def"
};

const char ext_misa[EXT_COUNT] = {
#define EXT(n, misa, state) [EXT_##n] = misa,
#include "insns.def"
};

const char *const ext_names[EXT_COUNT] = {
#define EXT(n, misa, state) [EXT_##n] = #n,
#include "insns.def"
};

/* Index of the table by major opcode (bits 6:2): decoding scans only the
 * handful of entries sharing the major opcode.  Built before main, so
 * decoders and disassemblers on any thread find it ready. */
static uint16_t by_major[32][NOPCODES];
static uint16_t by_major_count[32];
_Static_assert(NOPCODES <= UINT16_MAX, "by_major indexes the table in 16 bits");

__attribute__((constructor)) static void build_index(void)
{
    for (unsigned i = 0; i < NOPCODES; i++) {
        unsigned major = (opcodes[i].match >> 2) & 31;
        by_major[major][by_major_count[major]++] = (uint16_t)i;
    }
}

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
    case FMT_I: d->imm = imm_i(w); break;
    case FMT_S: d->imm = imm_s(w); break;
    case FMT_B: d->imm = imm_b(w); break;
    case FMT_U: d->imm = imm_u(w); break;
    case FMT_J: d->imm = imm_j(w); break;
    case FMT_SH: d->imm = (w >> 20) & 63; break;
    case FMT_CSR: d->imm = w >> 20; break;
    default: d->imm = 0; break;
    }
}

const struct opcode *opcode_lookup(uint32_t w)
{
    unsigned major = (w >> 2) & 31;
    for (unsigned i = 0; i < by_major_count[major]; i++) {
        const struct opcode *o = &opcodes[by_major[major][i]];
        if ((w & o->mask) == o->match)
            return o;
    }
    return NULL;
}

const struct ext_pair ext_pairs[EXT_COLUMN_COUNT - EXT_COUNT] = {
#define EXT_EITHER(n, a, b) [EXT_##n - EXT_COUNT] = { EXT_##a, EXT_##b, false },
#define EXT_BOTH(n, a, b) [EXT_##n - EXT_COUNT] = { EXT_##a, EXT_##b, true },
#include "insns.def"
};

/* A lettered extension is on when its misa bit is; a Z-extension (no misa
 * bit) when the hart's zext set holds it; a pair as its kind says. */
bool ext_enabled(unsigned ext, uint64_t misa, uint64_t zext)
{
    if (ext >= EXT_COUNT) {
        const struct ext_pair *p = &ext_pairs[ext - EXT_COUNT];
        bool a = ext_enabled(p->a, misa, zext), b = ext_enabled(p->b, misa, zext);
        return p->both ? a && b : a || b;
    }
    if (ext_misa[ext] == 0)
        return (zext & EXT_BIT(ext)) != 0;
    return (misa & MISA_EXT(ext_misa[ext])) != 0;
}

void decode(struct insn *d, uint32_t raw, uint64_t misa, uint64_t zext)
{
    uint32_t w = raw;
    memset(d, 0, sizeof *d);
    d->raw = raw;
    d->len = 4;
    d->op = OP_illegal;
    if ((raw & 3) != 3) {
        d->raw = raw & 0xffff;
        d->len = 2;
        /* every 16-bit parcel needs C (Zca); a form may need more */
        const struct rvc_form *f = rvc_find((uint16_t)raw, &w);
        if (!f || w == 0 || !(misa & MISA_EXT('C')) || !ext_enabled(f->ext, misa, zext))
            return;
    }
    const struct opcode *o = opcode_lookup(w);
    if (!o || o->op == OP_illegal || !ext_enabled(o->ext, misa, zext))
        return;
    /* rm 5 and 6 are reserved wherever an instruction has an rm field
     * (unprivileged spec, F extension, "Rounding mode encoding"). */
    unsigned rm = (w >> 12) & 7;
    if ((o->fmt == FMT_RM || o->fmt == FMT_R4) && (rm == 5 || rm == 6))
        return;
    d->op = o->op;
    extract(d, w, (enum fmt)o->fmt);
    /* Ops whose only effect is writing rd do nothing when rd is x0, so the
     * executor never has to re-zero x0 after them. */
    if (d->rd == 0 && op_has(d->op, IF_X0NOP))
        d->op = OP_nop;
}
