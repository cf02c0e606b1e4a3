/* What the instruction database (cpu/insns.def) generates: the op enum,
 * the per-op attributes, and the tables the decoder, the disassembler, the
 * RVC expander and the tests share. */
#ifndef RVX_CPU_INSNS_H
#define RVX_CPU_INSNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- encoding helpers for the database's mask and match columns
 * (unprivileged spec, "Base Instruction Formats") ---- */
#define F3(opc, f3) ((uint32_t)(f3) << 12 | (uint32_t)(opc))
#define F7(opc, f3, f7) ((uint32_t)(f7) << 25 | F3(opc, f3))
#define FP(f7, rs2) ((uint32_t)(f7) << 25 | (uint32_t)(rs2) << 20 | 0x53u)
#define FPF3(f7, f3) (FP(f7, 0) | (uint32_t)(f3) << 12)
#define R4(opc, fmt) ((uint32_t)(fmt) << 25 | (uint32_t)(opc))
#define F7R2(opc, f3, f7, rs2) ((uint32_t)(rs2) << 20 | F7(opc, f3, f7))
#define AMO(f5, f3) ((uint32_t)(f5) << 27 | F3(0x2f, f3))

#define M_OPC 0x0000007fu    /* opcode only */
#define M_F3 0x0000707fu     /* opcode + funct3 */
#define M_F7 0xfe00707fu     /* opcode + funct3 + funct7 */
#define M_SH6 0xfc00707fu    /* RV64 shift-immediate: funct6 */
#define M_FRM 0xfe00007fu    /* OP-FP with rm: funct7 */
#define M_FRS2 0xfff0007fu   /* OP-FP with rm: funct7 + rs2 */
#define M_F7R2 0xfff0707fu   /* funct7 + rs2 + funct3 (OP-FP without rm, Zbb's unary forms) */
#define M_R4 0x0600007fu     /* fused multiply-add: fmt + opcode */
#define M_AMO 0xf800707fu    /* funct5 + funct3 + opcode (aq/rl free) */
#define M_LR 0xf9f0707fu     /* as M_AMO, plus rs2 = 0 */
#define M_SFENCE 0xfe007fffu /* funct7 + funct3 + rd + opcode */
#define M_ALL 0xffffffffu

/* ---- generated enums ---- */
enum op {
#define OP(n, ...) OP_##n,
#define INSN(n, ...) OP_##n,
#include "insns.def"
    OP_COUNT
};

enum ext {
#define EXT(n, misa, state) EXT_##n,
#include "insns.def"
    EXT_COUNT,
    /* past the extensions: the EXT_EITHER / EXT_BOTH pairs an ext column
     * may name instead (never a bit of a zext set) */
    EXT_PAIRS_BEFORE_ = EXT_COUNT - 1,
#define EXT_EITHER(n, a, b) EXT_##n,
#define EXT_BOTH(n, a, b) EXT_##n,
#include "insns.def"
    EXT_COLUMN_COUNT
};

/* How the decoder extracts operands (rd, rs1, rs2, rs3 and rm are always
 * taken from their fixed positions; the format says what imm holds). */
enum fmt {
    FMT_NONE,   /* no immediate */
    FMT_R,      /* rd, rs1, rs2 */
    FMT_RM,     /* rd, rs1, rs2, rounding mode in funct3 */
    FMT_R4,     /* rd, rs1, rs2, rs3, rounding mode */
    FMT_I,      /* imm[11:0] */
    FMT_S,      /* store offset */
    FMT_B,      /* branch offset */
    FMT_U,      /* imm[31:12] */
    FMT_J,      /* jump offset */
    FMT_SH,     /* shamt (6 bits; the W forms' masks keep bit 25 zero) */
    FMT_CSR,    /* csr number */
};

enum insn_class {
    CL_ALU, CL_LOAD, CL_STORE, CL_BRANCH, CL_JUMP, CL_AMO, CL_FP, CL_SYSTEM,
};

/* The register an op writes, as the commit log names it. */
enum insn_writes { WR__ = 0, WR_X = 'x', WR_F = 'f' };

enum insn_flag {
    IF__ = 0,
    IF_END = 1 << 0,    /* ends a translated block */
    IF_X0NOP = 1 << 1,  /* only writes rd: with rd = x0 it is a nop */
    IF_AQRL = 1 << 2,   /* disassembly shows .aq/.rl */
    IF_END_AQRL = IF_END | IF_AQRL,
};

/* ---- tables ---- */
/* One row of the decoder/disassembler table: INSN and ALIAS rows in
 * database order (the first match wins). */
struct opcode {
    uint32_t mask, match;
    uint16_t op;        /* what it executes as */
    uint8_t fmt;        /* enum fmt */
    uint8_t ext;        /* enum ext */
    const char *name;   /* C name; the mnemonic has '.' for '_' */
    const char *syntax; /* disassembler operands (see insns.def) */
};

extern const struct opcode opcodes[];
extern const size_t n_opcodes;

/* Per-op attributes, indexed by enum op. */
struct op_info {
    uint8_t cls;        /* enum insn_class */
    uint8_t writes;     /* enum insn_writes */
    uint8_t flags;      /* enum insn_flag */
};
extern const struct op_info op_info[OP_COUNT];
extern const char *const op_names[OP_COUNT];

/* misa letter of each extension, 0 for Z-extensions. */
extern const char ext_misa[EXT_COUNT];
/* Each extension's name as the database spells it ("Zba"). */
extern const char *const ext_names[EXT_COUNT];

/* A set of Z-extensions (a hart's zext): one bit per enum ext. */
#define EXT_BIT(e) (1ull << (e))
/* The Z-extensions every hart has whatever --isa says. */
#define ZEXT_ALWAYS (EXT_BIT(EXT_Zicntr) | EXT_BIT(EXT_Zicsr) | EXT_BIT(EXT_Zifencei))

/* An EXT_EITHER / EXT_BOTH pair, indexed by its ext column value minus
 * EXT_COUNT. */
struct ext_pair {
    uint8_t a, b;       /* enum ext */
    bool both;          /* both needed (EXT_BOTH), else either suffices */
};
extern const struct ext_pair ext_pairs[EXT_COLUMN_COUNT - EXT_COUNT];

/* Whether a row whose ext column is ext (an extension or a pair) is legal
 * on a hart with these misa bits and Z-extension set. */
bool ext_enabled(unsigned ext, uint64_t misa, uint64_t zext);

/* The first row matching a 32-bit word (no extension check), or NULL. */
const struct opcode *opcode_lookup(uint32_t w);

/* Whether FENCE raw orders an earlier store before a later load (pred W,
 * succ R), the one ordering a TSO host such as x86-64 does not keep by
 * itself; FENCE.TSO (fm = 1000) never does (RVWMO, "Memory Ordering
 * Instructions").  The executor's host_fence and the JITs' fences use it. */
static inline bool fence_orders_store_load(uint32_t raw)
{
    unsigned pred = raw >> 24 & 0xf, succ = raw >> 20 & 0xf;
    return (pred & 1) && (succ & 2) && (raw >> 28) != 8;   /* W = 1, R = 2 */
}

static inline bool op_has(unsigned op, enum insn_flag f)
{
    return (op_info[op].flags & f) != 0;
}

/* The register an op writes, for the commit log: 'x', 'f' or 0. */
static inline char op_writes(unsigned op) { return (char)op_info[op].writes; }

#endif
