/* The instruction database (cpu/insns.def) checked against itself and
 * against the decoder, the disassembler and the RVC expander built from it:
 *  - every row's match value decodes to its op (with every extension on),
 *    and to illegal with the row's extension off;
 *  - every mask bit flipped leaves the row (decodes to another op or to
 *    illegal, never silently to the same op);
 *  - rows overlap only where the database says so (an ALIAS, or an RVC
 *    form listed before a wider one), and then the earlier is narrower;
 *  - the per-op attributes agree with each other (a store writes nothing,
 *    an x0-nop op writes an x register, branches end blocks ...);
 *  - the jit column agrees with them: only END ops get a generator that
 *    leaves the block, and a generator's argument flags (f register,
 *    double, W form) match the row;
 *  - every 16-bit parcel round-trips: its form's op is what the expansion
 *    decodes to, decoding the parcel equals decoding the expansion, and the
 *    disassembly of the parcel is the expansion's with implied operands
 *    left out ("c.addi a0, -32" against "addi a0, a0, -32").
 * The encodings themselves are checked against GNU as in test_rvc and
 * test_disasm. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "cpu/disasm.h"
#include "cpu/internal.h"
#include "cpu/rvc.h"

/* Check's ck_assert records its location on every call (a write to the
 * runner in fork mode), too slow for loops over every parcel: these only
 * reach Check on failure. */
#define EXPECT(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)
#define EXPECT1(cond) EXPECT(cond, "%s", #cond)

static uint64_t misa_all(void)
{
    uint64_t m = 0;
    for (char c = 'A'; c <= 'Z'; c++)
        m |= MISA_EXT(c);
    return m;
}

/* An ALIAS row names a spelling, not its op. */
static bool is_alias(const struct opcode *o)
{
    return strcmp(o->name, op_names[o->op]) != 0;
}

/* The op decode() gives for a word that the row o matches. */
static unsigned expected_op(const struct opcode *o, uint32_t w)
{
    unsigned rm = w >> 12 & 7;
    if ((o->fmt == FMT_RM || o->fmt == FMT_R4) && (rm == 5 || rm == 6))
        return OP_illegal;              /* reserved rounding mode */
    if ((w >> 7 & 31) == 0 && op_has(o->op, IF_X0NOP))
        return OP_nop;
    return o->op;
}

/* The row's match with its free bits set from r (rd kept nonzero when it
 * is free, so x0-nop ops keep their op). */
static uint32_t fill(const struct opcode *o, uint64_t r)
{
    uint32_t w = o->match | ((uint32_t)r & ~o->mask);
    if ((o->mask & 0xf80u) == 0 && (w & 0xf80u) == 0)
        w |= 1u << 7;
    return w;
}

/* every Z-extension on */
#define ZALL (~0ull)

/* A hart with every extension but those in off (a set of enum ext bits:
 * letters leave misa, Z-extensions the zext set). */
static void hart_without(uint64_t off, uint64_t *misa, uint64_t *zext)
{
    *misa = misa_all();
    *zext = ZALL;
    for (unsigned e = 0; e < EXT_COUNT; e++) {
        if (!(off & EXT_BIT(e)))
            continue;
        if (ext_misa[e])
            *misa &= ~MISA_EXT(ext_misa[e]);
        else
            *zext &= ~EXT_BIT(e);
    }
}

static unsigned decode_without(uint32_t w, uint64_t off)
{
    uint64_t misa, zext;
    struct insn d;
    hart_without(off, &misa, &zext);
    decode(&d, w, misa, zext);
    return d.op;
}

/* An ext column is what decoding needs: w (which decodes to want with
 * everything on) is illegal without the extension, without either of an
 * EXT_BOTH pair, or without both of an EXT_EITHER pair, and legal with
 * one of the latter (Zicsr and Zifencei are always on: not checked). */
static void check_ext_column(unsigned ext, uint32_t w, unsigned want, const char *name)
{
    if (ext < EXT_COUNT) {
        if (ZEXT_ALWAYS & EXT_BIT(ext))
            return;
        unsigned op = decode_without(w, EXT_BIT(ext));
        EXPECT(op == OP_illegal, "%s: 0x%08x decodes to %s without %s", name, w,
               op_names[op], ext_names[ext]);
        return;
    }
    const struct ext_pair *p = &ext_pairs[ext - EXT_COUNT];
    unsigned a = decode_without(w, EXT_BIT(p->a));
    unsigned b = decode_without(w, EXT_BIT(p->b));
    unsigned none = decode_without(w, EXT_BIT(p->a) | EXT_BIT(p->b));
    unsigned one = p->both ? OP_illegal : want;
    EXPECT(a == one && b == one && none == OP_illegal, "%s: 0x%08x without %s: %s, "
           "without %s: %s, without both: %s", name, w, ext_names[p->a], op_names[a],
           ext_names[p->b], op_names[b], op_names[none]);
}

START_TEST(test_rows_decode)
{
    const struct opcode *o = &opcodes[_i];
    uint64_t all = misa_all();
    EXPECT((o->mask & 0x7f) == 0x7f, "%s: the mask must fix the opcode "
                  "(the decoder indexes by it)", o->name);
    EXPECT((o->match & ~o->mask) == 0, "%s: match has bits outside "
                  "the mask", o->name);
    /* words an earlier, narrower row claims for another op (zext.h in
     * packw, reserved aes64ks1i round numbers) are that row's business
     * (test_rows_disjoint checks the overlap is intended) */
    uint64_t seed = 0x9e3779b97f4a7c15ull ^ (uint64_t)_i;
    unsigned mine = 0;
    for (int k = 0; k < 64; k++) {
        uint32_t w = k == 0 ? o->match : fill(o, xorshift64(&seed));
        const struct opcode *first = opcode_lookup(w);
        if (first != o && first->op != o->op)
            continue;
        mine++;
        struct insn d;
        decode(&d, w, all, ZALL);
        EXPECT(d.op == expected_op(o, w), "%s: 0x%08x decodes to %s",
                      o->name, w, op_names[d.op]);
        if (o->op != OP_illegal)
            check_ext_column(o->ext, w, d.op, o->name);
    }
    EXPECT(mine > 0, "%s: every word of it goes to earlier rows", o->name);
}
END_TEST

START_TEST(test_mask_bits)
{
    const struct opcode *o = &opcodes[_i];
    uint64_t all = misa_all();
    uint32_t base = fill(o, 0);
    for (unsigned b = 0; b < 32; b++) {
        if (!(o->mask >> b & 1))
            continue;
        uint32_t w = base ^ (1u << b);
        const struct opcode *n = opcode_lookup(w);
        EXPECT(n != o, "%s: bit %u flipped still matches", o->name, b);
        if (is_alias(o) || o->op == OP_illegal)
            continue;   /* an alias only claims its spelling */
        EXPECT(n == NULL || n->op != o->op, "%s: bit %u flipped "
                      "(0x%08x) is %s, the same op", o->name, b, w, n->name);
        if (b < 2)
            continue;   /* a 16-bit parcel: the RVC test's business */
        struct insn d;
        decode(&d, w, all, ZALL);
        EXPECT(d.op != o->op, "%s: bit %u flipped (0x%08x) decodes to "
                      "the same op", o->name, b, w);
    }
}
END_TEST

/* Two rows overlap when some word matches both. */
static bool overlap(uint32_t m1, uint32_t v1, uint32_t m2, uint32_t v2)
{
    return ((v1 ^ v2) & m1 & m2) == 0;
}

/* An intended overlap: the earlier row fixes strictly more bits, so the
 * later (wider) row still decodes what the earlier one leaves. */
static bool narrower(uint32_t m_early, uint32_t m_late)
{
    return (m_early & m_late) == m_late && m_early != m_late;
}

/* Every hart that has ext column b has ext column a: tried with all on,
 * each extension off, and each Z-extension alone. */
static bool ext_implies(unsigned b, unsigned a)
{
    for (unsigned e = 0; e <= EXT_COUNT; e++) {
        uint64_t misa, zext;
        hart_without(e < EXT_COUNT ? EXT_BIT(e) : 0, &misa, &zext);
        if (ext_enabled(b, misa, zext) && !ext_enabled(a, misa, zext))
            return false;
        if (e < EXT_COUNT && !ext_misa[e] && ext_enabled(b, misa, EXT_BIT(e)) &&
            !ext_enabled(a, misa, EXT_BIT(e)))
            return false;
    }
    return true;
}

START_TEST(test_rows_disjoint)
{
    /* an earlier narrower row is a spelling (ALIAS), or an instruction of
     * its own inside another's encodings that every hart with the wider
     * one also has (zext.h = packw rd, rs1, x0: Zbkb's packw gives it) */
    for (size_t i = 0; i < n_opcodes; i++)
        for (size_t j = i + 1; j < n_opcodes; j++) {
            const struct opcode *a = &opcodes[i], *b = &opcodes[j];
            if (!overlap(a->mask, a->match, b->mask, b->match))
                continue;
            EXPECT((is_alias(a) || ext_implies(b->ext, a->ext)) &&
                   narrower(a->mask, b->mask), "%s and %s overlap", a->name, b->name);
        }
    for (size_t i = 0; i < n_rvc_forms; i++)
        for (size_t j = i + 1; j < n_rvc_forms; j++) {
            const struct rvc_form *a = &rvc_forms[i], *b = &rvc_forms[j];
            if (overlap(a->mask, a->match, b->mask, b->match))
                EXPECT(narrower(a->mask, b->mask),
                              "%s overlaps the later %s without being "
                              "narrower", a->name, b->name);
        }
}
END_TEST

/* Every op but the internal ones has exactly one INSN row. */
START_TEST(test_ops_have_one_row)
{
    for (unsigned op = 0; op < OP_COUNT; op++) {
        unsigned rows = 0;
        for (size_t i = 0; i < n_opcodes; i++)
            rows += !is_alias(&opcodes[i]) && opcodes[i].op == op;
        unsigned want = op == OP_illegal || op == OP_nop ? 0 : 1;
        EXPECT(rows == want, "%s has %u rows", op_names[op], rows);
    }
}
END_TEST

START_TEST(test_attributes)
{
    for (size_t i = 0; i < n_opcodes; i++) {
        const struct opcode *o = &opcodes[i];
        const struct op_info *a = &op_info[o->op];
        if (is_alias(o))
            continue;
        const char *n = o->name;
        switch (a->cls) {
        case CL_STORE:
            EXPECT(a->writes == WR__ && o->fmt == FMT_S, "%s", n);
            break;
        case CL_BRANCH:
            EXPECT(a->writes == WR__ && o->fmt == FMT_B &&
                          op_ends_block(o->op), "%s", n);
            break;
        case CL_JUMP:
            EXPECT(a->writes == WR_X && op_ends_block(o->op), "%s", n);
            break;
        case CL_LOAD:
            EXPECT(a->writes != WR__ && o->fmt == FMT_I, "%s", n);
            break;
        case CL_FP:
            EXPECT(a->writes != WR__, "%s", n);
            break;
        default:
            break;
        }
        /* an x0 destination can only be dropped from an op that writes an
         * x register and has no other effect (no trap, no memory) */
        if (a->flags & IF_X0NOP)
            EXPECT(a->writes == WR_X && a->cls == CL_ALU &&
                          !op_ends_block(o->op), "%s", n);
        /* ordering suffixes belong to the A extension */
        EXPECT(!(a->flags & IF_AQRL) == (a->cls != CL_AMO), "%s", n);
        /* the mnemonic's operand syntax must not name a register the
         * commit log says is not written */
        if (strchr(o->syntax, 'd'))
            EXPECT(a->writes == WR_X, "%s writes x rd", n);
        if (strchr(o->syntax, 'D'))
            EXPECT(a->writes == WR_F, "%s writes f rd", n);
    }
    EXPECT1(op_ends_block(OP_illegal));
    EXPECT1(!op_ends_block(OP_nop));
}
END_TEST

/* ---- the jit column ---- */

/* The column as text: G(gen, arg) gives its two names, HELPER two NULLs
 * (the JIT calls the executor's handler, which is right for any op). */
static const struct jit_row {
    enum ext ext;
    const char *gen, *arg;
} jit_rows[OP_COUNT] = {
#define G(f, a) #f, #a
#define HELPER NULL, NULL
#define OP(n, cls, wr, flags, jit) [OP_##n] = { EXT_I, jit },
#define INSN(n, mask, match, fmt, ext, cls, wr, flags, syntax, jit) \
    [OP_##n] = { EXT_##ext, jit },
#include "cpu/insns.def"
#undef G
#undef HELPER
};

static bool named(const char *gen, const char *want) { return strcmp(gen, want) == 0; }
static bool flagged(const char *arg, const char *flag) { return strstr(arg, flag) != NULL; }

START_TEST(test_jit_column)
{
    unsigned native = 0;
    for (unsigned op = 0; op < OP_COUNT; op++) {
        const struct jit_row *r = &jit_rows[op];
        const struct op_info *a = &op_info[op];
        const char *n = op_names[op], *g = r->gen;
        if (!g)
            continue;
        native++;
        /* jit_translate emits no exit after an END op, the last of its
         * block: its generator must leave the block (these do), and every
         * other generator must go on to the next instruction */
        bool leaves = named(g, "gen_branch") || named(g, "gen_jal") || named(g, "gen_jalr");
        EXPECT(leaves == op_ends_block(op), "%s: %s", n, g);
        if (named(g, "gen_branch"))
            EXPECT(a->cls == CL_BRANCH, "%s: %s", n, g);
        if (named(g, "gen_jal") || named(g, "gen_jalr"))
            EXPECT(a->cls == CL_JUMP, "%s: %s", n, g);
        /* loads and stores: LD_FP moves the value to or from an f register */
        if (named(g, "gen_load"))
            EXPECT(a->cls == CL_LOAD && flagged(r->arg, "LD_FP") == (a->writes == WR_F),
                   "%s: %s", n, r->arg);
        if (named(g, "gen_store"))
            EXPECT(a->cls == CL_STORE &&
                   flagged(r->arg, "LD_FP") == (r->ext == EXT_F || r->ext == EXT_D),
                   "%s: %s", n, r->arg);
        if (strncmp(g, "gen_f", 5) == 0)
            EXPECT(a->cls == CL_FP, "%s: %s", n, g);
        /* F_DBL: the double-precision form */
        if (named(g, "gen_fop"))
            EXPECT(flagged(r->arg, "F_DBL") == (r->ext == EXT_D), "%s: %s", n, r->arg);
        /* W32: the 32-bit W form (gen_pure numbers its functions instead);
         * Zba's .uw forms are 64-bit ones with rs1 zero-extended (ZB_UW) */
        size_t len = strlen(n);
        bool uw = len > 3 && !strcmp(n + len - 3, "_uw");
        if (a->cls == CL_ALU && !named(g, "gen_pure"))
            EXPECT(flagged(r->arg, "W32") == (n[len - 1] == 'w' && !uw), "%s: %s", n, r->arg);
        if (uw && !named(g, "gen_add_uw") && !named(g, "gen_slli_uw"))
            EXPECT(flagged(r->arg, "ZB_UW"), "%s: %s", n, r->arg);
    }
    EXPECT1(native > 0);
}
END_TEST

/* ---- RVC round trip ---- */

/* Splits disassembly into mnemonic and operand tokens (", ()" separate). */
static int tokens(const char *text, char tok[8][32])
{
    int n = 0;
    const char *p = text;
    while (*p && n < 8) {
        size_t len = strcspn(p, " ,()");
        if (len > 0) {
            EXPECT1(len < 32);
            memcpy(tok[n], p, len);
            tok[n++][len] = '\0';
        }
        p += len;
        if (*p)
            p++;
    }
    return n;
}

static void mnemonic_of(const char *name, char *out)
{
    size_t i = 0;
    for (; name[i]; i++)
        out[i] = name[i] == '_' ? '.' : name[i];
    out[i] = '\0';
}

/* The 32-bit mnemonic a compressed one stands for: the name without "c.",
 * except where the spec's RVC listings name another instruction. */
static const char *long_form(const char *cmnemonic)
{
    static const char *const RENAMED[][2] = {
        {"nop", "addi"}, {"li", "addi"}, {"addi4spn", "addi"},
        {"addi16sp", "addi"}, {"mv", "add"}, {"j", "jal"}, {"jr", "jalr"},
        {"beqz", "beq"}, {"bnez", "bne"}, {"lwsp", "lw"}, {"ldsp", "ld"},
        {"fldsp", "fld"}, {"swsp", "sw"}, {"sdsp", "sd"}, {"fsdsp", "fsd"},
        /* Zcb (Zc v1.0 lists each one's 32-bit equivalent) */
        {"zext.b", "andi"}, {"zext.w", "add.uw"}, {"not", "xori"},
    };
    EXPECT1(strncmp(cmnemonic, "c.", 2) == 0);
    const char *n = cmnemonic + 2;
    if (strncmp(n, "mop.", 4) == 0)
        return "addi";      /* c.mop.N writes nothing: the canonical nop */
    for (size_t i = 0; i < sizeof RENAMED / sizeof RENAMED[0]; i++)
        if (strcmp(n, RENAMED[i][0]) == 0)
            return RENAMED[i][1];
    return n;
}

/* The parcel's operands appear, in order, among the expansion's. */
static void check_disasm(uint16_t p, uint32_t w, const struct rvc_form *f)
{
    char dp[96], dw[96], want[32], tp[8][32], tw[8][32];
    rv_disasm(0x80001000u, p, dp, sizeof dp);
    rv_disasm(0x80001000u, w, dw, sizeof dw);
    int np = tokens(dp, tp), nw = tokens(dw, tw);
    mnemonic_of(f->name, want);
    EXPECT(np > 0 && strcmp(tp[0], want) == 0, "0x%04x: \"%s\", "
                  "form %s", p, dp, want);
    EXPECT(nw > 0 && strcmp(tw[0], long_form(tp[0])) == 0,
                  "0x%04x -> 0x%08x: \"%s\" does not expand \"%s\"", p, w,
                  dw, dp);
    int k = 1;
    for (int i = 1; i < np; i++) {
        while (k < nw && strcmp(tw[k], tp[i]) != 0)
            k++;
        EXPECT(k < nw, "0x%04x: \"%s\" is not a short form of \"%s\"",
                      p, dp, dw);
        k++;
    }
}

static void check_decode(uint16_t p, uint32_t w, uint64_t misa)
{
    struct insn a, b;
    decode(&a, p, misa, ZALL);
    decode(&b, w, misa, ZALL);
    EXPECT(a.op == b.op && a.rd == b.rd && a.rs1 == b.rs1 &&
                  a.rs2 == b.rs2 && a.rs3 == b.rs3 && a.rm == b.rm &&
                  a.imm == b.imm && a.len == 2 && b.len == 4,
                  "0x%04x decodes unlike its expansion 0x%08x", p, w);
}

START_TEST(test_rvc_round_trip)
{
    uint64_t all = misa_all();
    static unsigned hits[256];
    memset(hits, 0, sizeof hits);
    EXPECT1(n_rvc_forms <= 256);
    for (size_t i = 0; i < n_rvc_forms; i++)
        EXPECT((rvc_forms[i].mask & 0xe003) == 0xe003, "%s: the mask "
                      "must fix quadrant and funct3", rvc_forms[i].name);
    for (uint32_t p = 0; p < 0x10000; p++) {
        if ((p & 3) == 3)
            continue;
        uint32_t w;
        const struct rvc_form *f = rvc_find((uint16_t)p, &w);
        EXPECT1(rvc_expand((uint16_t)p) == w);
        if (f == NULL || w == 0) {
            char text[96];
            struct insn d;
            rv_disasm(0, p, text, sizeof text);
            decode(&d, p, all, ZALL);
            EXPECT(strcmp(text, "unknown") == 0 && d.op == OP_illegal,
                          "reserved 0x%04x: \"%s\"", p, text);
            continue;
        }
        hits[f - rvc_forms]++;
        const struct opcode *o = opcode_lookup(w);
        EXPECT(o && o->op == f->op, "%s 0x%04x expands to 0x%08x (%s)",
                      f->name, p, w, o ? o->name : "nothing");
        check_decode((uint16_t)p, w, all);
        check_decode((uint16_t)p, w, all & ~MISA_EXT('D'));
        /* c.mv x0, x2..x5 expands to ntl.p1..ntl.all, which the
         * disassembler shows by their ALIAS names: the words agree (above),
         * only the spelling of the 32-bit form is another HINT's */
        char cname[32], spelled[32];
        mnemonic_of(f->name, cname);
        mnemonic_of(o->name, spelled);
        if (!is_alias(o) || strcmp(long_form(cname), spelled) == 0)
            check_disasm((uint16_t)p, w, f);
        /* the form needs its own extension and its op's (c.sext.b: Zcb
         * and Zbb; c.mul: Zcb and M).  An op's EXT_EITHER pair is not
         * checked here: the form may need one of the two (c.zext.h: Zcb
         * and Zbb, though zext.h alone would take Zbkb too), which its
         * own column says. */
        struct insn d;
        decode(&d, p, all, ZALL);
        check_ext_column(f->ext, p, d.op, f->name);
        if (o->ext < EXT_COUNT)
            check_ext_column(o->ext, p, d.op, f->name);
    }
    for (size_t i = 0; i < n_rvc_forms; i++)
        EXPECT(hits[i] > 0, "%s never matches", rvc_forms[i].name);
}
END_TEST

/* Without C every parcel is illegal. */
START_TEST(test_rvc_needs_c)
{
    for (uint32_t p = 0; p < 0x10000; p++) {
        if ((p & 3) == 3)
            continue;
        struct insn d;
        decode(&d, p, misa_all() & ~MISA_EXT('C'), ZALL);
        EXPECT1(d.op == OP_illegal && d.len == 2);
    }
}
END_TEST

/* What each Zcb and Zcmop form needs, as Zc v1.0 states it (independent of
 * the CINSN rows): every form needs its extension and C; "c.sext.b,
 * c.zext.h, c.sext.h require Zbb", "c.zext.w requires Zba", "c.mul
 * requires M or Zmmul" (rvx has no Zmmul row); c.mop.N needs Zcmop.
 * Each is illegal without any one of them (the others, Zbkb included, on),
 * and decodes to the named op with all on.  Parcels hand-encoded with
 * rd' = a0, rs1' / rs2' = a1. */
START_TEST(test_zc_needs)
{
    static const struct {
        uint16_t parcel;
        unsigned op;
        unsigned needs[3];
    } forms[] = {
        {0x81e8, OP_lbu, {EXT_C, EXT_Zcb}},
        {0x85a8, OP_lhu, {EXT_C, EXT_Zcb}},
        {0x85e8, OP_lh, {EXT_C, EXT_Zcb}},
        {0x89c8, OP_sb, {EXT_C, EXT_Zcb}},
        {0x8da8, OP_sh, {EXT_C, EXT_Zcb}},
        {0x9d61, OP_andi, {EXT_C, EXT_Zcb}},
        {0x9d65, OP_sext_b, {EXT_C, EXT_Zcb, EXT_Zbb}},
        {0x9d69, OP_zext_h, {EXT_C, EXT_Zcb, EXT_Zbb}},
        {0x9d6d, OP_sext_h, {EXT_C, EXT_Zcb, EXT_Zbb}},
        {0x9d71, OP_add_uw, {EXT_C, EXT_Zcb, EXT_Zba}},
        {0x9d75, OP_xori, {EXT_C, EXT_Zcb}},
        {0x9d4d, OP_mul, {EXT_C, EXT_Zcb, EXT_M}},
        {0x6081, OP_nop, {EXT_C, EXT_Zcmop}},
        {0x6781, OP_nop, {EXT_C, EXT_Zcmop}},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        unsigned op = decode_without(forms[i].parcel, 0);
        EXPECT(op == forms[i].op, "0x%04x decodes to %s", forms[i].parcel, op_names[op]);
        for (int k = 0; k < 3 && forms[i].needs[k]; k++) {
            op = decode_without(forms[i].parcel, EXT_BIT(forms[i].needs[k]));
            EXPECT(op == OP_illegal, "0x%04x decodes to %s without %s", forms[i].parcel,
                   op_names[op], ext_names[forms[i].needs[k]]);
        }
    }
}
END_TEST

static Suite *decode_table_suite(void)
{
    Suite *s = suite_create("decode_table");
    TCase *tc = tcase_create("decode_table");
    tcase_add_loop_test(tc, test_rows_decode, 0, (int)n_opcodes);
    tcase_add_loop_test(tc, test_mask_bits, 0, (int)n_opcodes);
    tcase_add_test(tc, test_rows_disjoint);
    tcase_add_test(tc, test_ops_have_one_row);
    tcase_add_test(tc, test_attributes);
    tcase_add_test(tc, test_jit_column);
    tcase_add_test(tc, test_rvc_round_trip);
    tcase_add_test(tc, test_rvc_needs_c);
    tcase_add_test(tc, test_zc_needs);
    tcase_set_timeout(tc, 60);   /* slow, loaded CI hosts */
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(decode_table_suite());
}
