/* RV64GC disassembler, driven by the instruction database (cpu/insns.def).
 *
 * A 32-bit word is looked up in the decoder's own table (the first row with
 * (insn & mask) == match wins, so narrower rows such as fence.tso come
 * first) and printed with the row's mnemonic and operand syntax.  A
 * compressed parcel is looked up among the RVC forms; its operands are read
 * from its 32-bit expansion, so both share one operand formatter; only the
 * mnemonic and the syntax come from the 16-bit form.
 *
 * Output imitates the reference simulator's trace: mnemonic padded to eight
 * columns, ABI register names separated by ", ", memory operands as
 * "off(base)", branch and jump targets as absolute hex addresses, static
 * rounding modes appended ("fadd.d  fa0, fa1, fa2, rtz"). */
#include "cpu/disasm.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cpu/insns.h"
#include "cpu/rvc.h"

/* ---- register names (psABI) ---- */
static const char *const XREG[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
    "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
    "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static const char *const FREG[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7",
    "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
    "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
    "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

const char *rv_xreg_name(unsigned r) { return r < 32 ? XREG[r] : "?"; }
const char *rv_freg_name(unsigned r) { return r < 32 ? FREG[r] : "?"; }

/* ---- CSR names: from the CSR database (cpu/csrs.def) ---- */
#include "cpu/csr.h"

static void csr_format(unsigned num, char *out, size_t size)
{
    csr_name(num, out, size);
}

/* ---- bounded output ---- */
struct out {
    char *buf;
    size_t size, len; /* len may exceed size: output is then truncated */
};

static void emit(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void emit(struct out *o, const char *fmt, ...)
{
    size_t room = o->len < o->size ? o->size - o->len : 0;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n;
}

/* ---- field extraction from a 32-bit word ---- */
static unsigned rd(uint32_t w) { return w >> 7 & 31; }
static unsigned rs1(uint32_t w) { return w >> 15 & 31; }
static unsigned rs2(uint32_t w) { return w >> 20 & 31; }
static unsigned rs3(uint32_t w) { return w >> 27; }
static unsigned rm(uint32_t w) { return w >> 12 & 7; }

/* Immediates are assembled as unsigned bit patterns, with the sign bit
 * replicated by an arithmetic shift of the top bit, then reinterpreted. */
static int32_t sext_top(uint32_t w, unsigned shift)
{
    return (int32_t)(w & 0x80000000u) >> shift;
}

static int32_t imm_i(uint32_t w) { return (int32_t)w >> 20; }

static int32_t imm_s(uint32_t w)
{
    return (int32_t)((uint32_t)sext_top(w, 20) | (w >> 20 & 0x7e0) |
                     (w >> 7 & 0x1f));
}

static int32_t imm_b(uint32_t w)
{
    return (int32_t)((uint32_t)sext_top(w, 19) | (w << 4 & 0x800) |
                     (w >> 20 & 0x7e0) | (w >> 7 & 0x1e));
}

static int32_t imm_j(uint32_t w)
{
    return (int32_t)((uint32_t)sext_top(w, 11) | (w & 0xff000) |
                     (w >> 9 & 0x800) | (w >> 20 & 0x7fe));
}

/* Rounding-mode names, unprivileged spec "Rounding mode encoding" table;
 * 5 and 6 are reserved (the instruction is illegal), 7 is dynamic. */
static const char *const RM_NAMES[8] = {
    "rne", "rtz", "rdn", "rup", "rmm", NULL, NULL, "dyn",
};

static void emit_fence_set(struct out *o, unsigned set)
{
    static const char IORW[4] = {'i', 'o', 'r', 'w'};
    if (set == 0) {
        emit(o, "0");
        return;
    }
    for (unsigned b = 0; b < 4; b++)
        if (set & (8u >> b))
            emit(o, "%c", IORW[b]);
}

/* Prints one operand letter; false when the encoding cannot be shown
 * (a reserved rounding mode). */
static bool format_operand(struct out *o, char c, uint64_t pc, uint32_t w)
{
    char csr[32];
    switch (c) {
    case 'd': emit(o, "%s", XREG[rd(w)]); break;
    case 's': emit(o, "%s", XREG[rs1(w)]); break;
    case 't': emit(o, "%s", XREG[rs2(w)]); break;
    case 'D': emit(o, "%s", FREG[rd(w)]); break;
    case 'S': emit(o, "%s", FREG[rs1(w)]); break;
    case 'T': emit(o, "%s", FREG[rs2(w)]); break;
    case 'R': emit(o, "%s", FREG[rs3(w)]); break;
    case 'i': emit(o, "%" PRId32, imm_i(w)); break;
    case 'q': emit(o, "%" PRId32, imm_s(w)); break;
    case 'o': emit(o, "%" PRId32, imm_i(w) & ~31); break; /* prefetch offset */
    case 'u': emit(o, "0x%" PRIx32, w >> 12); break;
    case 'b': emit(o, "0x%" PRIx64, pc + (uint64_t)(int64_t)imm_b(w)); break;
    case 'j': emit(o, "0x%" PRIx64, pc + (uint64_t)(int64_t)imm_j(w)); break;
    case '>': emit(o, "%u", (unsigned)(w >> 20 & 63)); break;
    case '<': emit(o, "%u", (unsigned)(w >> 20 & 31)); break;
    case 'z': emit(o, "%u", rs1(w)); break;
    case 'n': emit(o, "0x%x", (unsigned)(w >> 20 & 15)); break;
    case 'c':
        csr_format(w >> 20, csr, sizeof csr);
        emit(o, "%s", csr);
        break;
    case 'p': emit_fence_set(o, w >> 24 & 15); break;
    case 'f': emit_fence_set(o, w >> 20 & 15); break;
    case 'm':
        if (RM_NAMES[rm(w)] == NULL)
            return false;
        if (rm(w) != 7)
            emit(o, ", %s", RM_NAMES[rm(w)]);
        break;
    case ',': emit(o, ", "); break;
    default: emit(o, "%c", c); break;
    }
    return true;
}

/* Suffix for the A extension's ordering bits (aq = bit 26, rl = bit 25). */
static const char *aqrl_suffix(uint32_t w)
{
    static const char *const SUFFIX[4] = {"", ".rl", ".aq", ".aqrl"};
    return SUFFIX[w >> 25 & 3];
}

/* The mnemonic of a database name: '_' stands for '.'. */
static void emit_mnemonic(struct out *o, const char *name)
{
    for (const char *c = name; *c; c++)
        emit(o, "%c", *c == '_' ? '.' : *c);
}

static bool format_insn(struct out *o, const char *name, const char *syntax,
                        bool aqrl, uint64_t pc, uint32_t w)
{
    const char *suffix = aqrl ? aqrl_suffix(w) : "";
    emit_mnemonic(o, name);
    emit(o, "%s", suffix);
    if (syntax[0] != '\0') {
        /* pad the mnemonic to eight columns, at least one space */
        int width = (int)(strlen(name) + strlen(suffix));
        emit(o, "%*s", width < 8 ? 8 - width : 1, "");
    }
    for (const char *a = syntax; *a; a++)
        if (!format_operand(o, *a, pc, w))
            return false;
    return true;
}

/* Formats insn into o; false when it is unknown or reserved. */
static bool format_any(struct out *o, uint64_t pc, uint32_t insn)
{
    if ((insn & 3) != 3) {
        uint32_t word;
        const struct rvc_form *f = rvc_find((uint16_t)insn, &word);
        return f && word && format_insn(o, f->name, f->syntax, false, pc, word);
    }
    const struct opcode *d = opcode_lookup(insn);
    return d && format_insn(o, d->name, d->syntax, op_has(d->op, IF_AQRL),
                            pc, insn);
}

void rv_disasm(uint64_t pc, uint32_t insn, char *buf, size_t size)
{
    struct out o = {buf, size, 0};
    if (!format_any(&o, pc, insn)) {
        o.len = 0;
        emit(&o, "unknown");
    }
    if (size > 0 && o.len >= size)
        buf[size - 1] = '\0';
}
