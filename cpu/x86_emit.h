/* The x86-64 encoder the JIT writes its code with: registers, operand
 * forms, and one function per instruction shape (prefix/REX, ModRM, SIB,
 * immediates, jumps and their patching, the SSE forms).  It knows nothing
 * of RISC-V or of the hart; the JIT's files build on it.
 *
 * All static inline: translation calls these for every byte it writes,
 * and they are small enough that inlining keeps translation cheap.  An
 * emitter that runs out of room sets overflow and writes nothing more, so
 * callers check once, at the end. */
#ifndef RVX_CPU_X86_EMIT_H
#define RVX_CPU_X86_EMIT_H

#include <stdbool.h>
#include <stdint.h>

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };
enum { ALU_ADD = 0, ALU_OR = 1, ALU_AND = 4, ALU_SUB = 5, ALU_XOR = 6, ALU_CMP = 7 };
enum { SH_ROL = 0, SH_ROR = 1, SH_SHL = 4, SH_SHR = 5, SH_SAR = 7 };
enum { CC_B = 2, CC_AE = 3, CC_E = 4, CC_NE = 5, CC_BE = 6, CC_A = 7, CC_P = 0xa, CC_L = 0xc,
       CC_GE = 0xd, CC_G = 0xf };

struct emit {
    uint8_t *p, *end;
    bool overflow;
};

/* A memory operand: base + index * scale + disp (index < 0: none). */
struct mem {
    int base, index, scale;
    int32_t disp;
};

static inline struct mem M(int base, int32_t disp) { return (struct mem){ base, -1, 1, disp }; }
static inline struct mem MX(int base, int index, int scale, int32_t disp)
{
    return (struct mem){ base, index, scale, disp };
}

static inline void b1(struct emit *e, unsigned v)
{
    if (e->p < e->end)
        *e->p++ = (uint8_t)v;
    else
        e->overflow = true;
}
static inline void b4(struct emit *e, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b1(e, (v >> (8 * i)) & 0xff);
}
static inline void b8(struct emit *e, uint64_t v)
{
    b4(e, (uint32_t)v);
    b4(e, (uint32_t)(v >> 32));
}
static inline bool fits8(int64_t v) { return v >= -128 && v <= 127; }
static inline bool fits32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

/* Operand size prefix and REX for an instruction whose ModRM reg field is
 * reg and whose r/m names base/index (size 1, 2, 4 or 8 bytes). */
static inline void prefix(struct emit *e, int size, int reg, int index, int base)
{
    if (size == 2)
        b1(e, 0x66);
    unsigned rex = 0x40 | (size == 8 ? 8 : 0) | (reg & 8 ? 4 : 0) |
                   (index >= 0 && (index & 8) ? 2 : 0) | (base & 8 ? 1 : 0);
    /* byte ops on spl/bpl/sil/dil need a REX too; we use only al/cl/dl */
    if (rex != 0x40)
        b1(e, rex);
}

static inline void opcode(struct emit *e, unsigned opc)
{
    if (opc > 0xff)
        b1(e, opc >> 8);
    b1(e, opc & 0xff);
}

static inline void modrm_mem(struct emit *e, int reg, struct mem m)
{
    unsigned mod = fits8(m.disp) ? 1 : 2;   /* always a displacement: rbp/r13 need one */
    if (m.index >= 0 || (m.base & 7) == RSP) {
        unsigned ss = m.scale == 8 ? 3 : m.scale == 4 ? 2 : m.scale == 2 ? 1 : 0;
        int idx = m.index >= 0 ? m.index : RSP;     /* 100b: no index */
        b1(e, mod << 6 | (unsigned)(reg & 7) << 3 | 4);
        b1(e, ss << 6 | (unsigned)(idx & 7) << 3 | (unsigned)(m.base & 7));
    } else {
        b1(e, mod << 6 | (unsigned)(reg & 7) << 3 | (unsigned)(m.base & 7));
    }
    if (mod == 1)
        b1(e, (uint8_t)m.disp);
    else
        b4(e, (uint32_t)m.disp);
}

/* opc reg, [m]  (or opc [m], reg: the direction is in the opcode) */
static inline void op_mem(struct emit *e, int size, unsigned opc, int reg, struct mem m)
{
    prefix(e, size, reg, m.index, m.base);
    opcode(e, opc);
    modrm_mem(e, reg, m);
}

/* opc reg, [rip + to rel32] (an opcode without an immediate: the
 * displacement counts from the instruction's end) */
static inline void op_rip(struct emit *e, int size, unsigned opc, int reg, const void *to)
{
    prefix(e, size, reg, -1, 0);
    opcode(e, opc);
    b1(e, 0x05 | (unsigned)(reg & 7) << 3);            /* mod 00, rm 101 */
    b4(e, (uint32_t)(int32_t)((const uint8_t *)to - (e->p + 4)));
}

/* opc reg, rm  with both registers */
static inline void op_reg(struct emit *e, int size, unsigned opc, int reg, int rm)
{
    prefix(e, size, reg, -1, rm);
    opcode(e, opc);
    b1(e, 0xc0 | (unsigned)(reg & 7) << 3 | (unsigned)(rm & 7));
}

static inline void load64(struct emit *e, int r, struct mem m) { op_mem(e, 8, 0x8b, r, m); }
static inline void store64(struct emit *e, struct mem m, int r) { op_mem(e, 8, 0x89, r, m); }
static inline void mov_rr(struct emit *e, int dst, int src) { op_reg(e, 8, 0x89, src, dst); }
static inline void lea(struct emit *e, int r, struct mem m) { op_mem(e, 8, 0x8d, r, m); }
/* lea r, [base + index] with no displacement: a two-part lea, which
 * x86 cores run in one cycle where many take longer over a three-part
 * one (a displacement too: two cycles on AMD's Zen, by AMD's and Agner
 * Fog's tables).  base must not be rbp or r13 (mod 00 with their code
 * means a disp32 and no base). */
static inline void lea_bi(struct emit *e, int r, int base, int index)
{
    prefix(e, 8, r, index, base);
    opcode(e, 0x8d);
    b1(e, (unsigned)(r & 7) << 3 | 4);                  /* mod 00, SIB */
    b1(e, (unsigned)(index & 7) << 3 | (unsigned)(base & 7));
}
static inline void movsxd(struct emit *e, int dst, int src) { op_reg(e, 8, 0x63, dst, src); }

/* dst = dst op [m] */
static inline void alu_mem(struct emit *e, int size, int alu, int dst, struct mem m)
{
    op_mem(e, size, (unsigned)alu * 8 + 3, dst, m);
}

static inline void alu_imm(struct emit *e, int size, int alu, int dst, int32_t imm)
{
    prefix(e, size, 0, -1, dst);
    b1(e, fits8(imm) ? 0x83 : 0x81);
    b1(e, 0xc0 | (unsigned)alu << 3 | (unsigned)(dst & 7));
    if (fits8(imm))
        b1(e, (uint8_t)imm);
    else
        b4(e, (uint32_t)imm);
}

/* op qword [m], imm */
static inline void alu_mem_imm(struct emit *e, int size, int alu, struct mem m, int32_t imm)
{
    op_mem(e, size, fits8(imm) ? 0x83 : 0x81, alu, m);
    if (fits8(imm))
        b1(e, (uint8_t)imm);
    else
        b4(e, (uint32_t)imm);
}

static inline void shift_imm(struct emit *e, int size, int kind, int r, unsigned n)
{
    prefix(e, size, 0, -1, r);
    b1(e, 0xc1);
    b1(e, 0xc0 | (unsigned)kind << 3 | (unsigned)(r & 7));
    b1(e, n);
}

static inline void shift_cl(struct emit *e, int size, int kind, int r)
{
    prefix(e, size, 0, -1, r);
    b1(e, 0xd3);
    b1(e, 0xc0 | (unsigned)kind << 3 | (unsigned)(r & 7));
}

static inline void mov_imm(struct emit *e, int r, uint64_t v)
{
    if (v <= UINT32_MAX) {              /* mov r32, imm32 zero-extends */
        prefix(e, 4, 0, -1, r);
        b1(e, 0xb8 + (unsigned)(r & 7));
        b4(e, (uint32_t)v);
    } else if (fits32((int64_t)v)) {    /* mov r64, simm32 */
        prefix(e, 8, 0, -1, r);
        b1(e, 0xc7);
        b1(e, 0xc0 | (unsigned)(r & 7));
        b4(e, (uint32_t)v);
    } else {
        prefix(e, 8, 0, -1, r);
        b1(e, 0xb8 + (unsigned)(r & 7));
        b8(e, v);
    }
}

/* r += v, for any 64-bit v (rcx is clobbered when v needs 64 bits) */
static inline void add_imm64(struct emit *e, int r, int64_t v)
{
    if (v == 0)
        return;
    if (fits32(v)) {
        alu_imm(e, 8, ALU_ADD, r, (int32_t)v);
    } else {
        mov_imm(e, RCX, (uint64_t)v);
        op_reg(e, 8, 0x01, RCX, r);
    }
}

/* setcc into r's low byte, any r: spl/bpl/sil/dil need an empty REX
 * (without one, 4-7 name ah/ch/dh/bh) */
static inline void setcc8(struct emit *e, int cc, int r)
{
    if (r >= 4)
        b1(e, 0x40 | (r & 8 ? 1 : 0));
    opcode(e, 0x0f90 + (unsigned)cc);
    b1(e, 0xc0 | (unsigned)(r & 7));
}

static inline void setcc_zx(struct emit *e, int cc, int r)
{
    op_reg(e, 4, 0x0f90 + (unsigned)cc, 0, r);  /* setcc r8 */
    op_reg(e, 4, 0x0fb6, r, r);                 /* movzx r32, r8 */
}

static inline void call_abs(struct emit *e, uintptr_t fn)
{
    mov_imm(e, RAX, fn);
    b1(e, 0xff);
    b1(e, 0xd0);        /* call rax */
}

/* Jumps with a 32-bit displacement; they return where to patch it. */
static inline uint8_t *jcc(struct emit *e, int cc)
{
    b1(e, 0x0f);
    b1(e, 0x80 + (unsigned)cc);
    b4(e, 0);
    return e->p - 4;
}
static inline uint8_t *jmp(struct emit *e)
{
    b1(e, 0xe9);
    b4(e, 0);
    return e->p - 4;
}
static inline void patch(struct emit *e, uint8_t *at, const uint8_t *target)
{
    if (e->overflow)
        return;
    int32_t rel = (int32_t)(target - (at + 4));
    for (int i = 0; i < 4; i++)
        at[i] = (uint8_t)((uint32_t)rel >> (8 * i));
}
static inline void jmp_to(struct emit *e, const uint8_t *target) { patch(e, jmp(e), target); }

/* SSE instructions: mandatory prefix, [REX], 0F op, ModRM (xmm registers
 * are numbered like the general ones). */
static inline void sse_mem(struct emit *e, unsigned pfx, unsigned op, int xmm, struct mem m)
{
    b1(e, pfx);
    prefix(e, 4, xmm, m.index, m.base);
    opcode(e, 0x0f00 | op);
    modrm_mem(e, xmm, m);
}
/* movd/movq r, xmm (66 [REX.W] 0F 7E) */
static inline void mov_from_xmm(struct emit *e, int size, int r, int xmm)
{
    b1(e, 0x66);
    op_reg(e, size, 0x0f7e, xmm, r);
}

/* SSE register-register form: [pfx] [REX] 0F op /r (pfx 0: none, as for
 * ucomiss) */
static inline void sse_reg(struct emit *e, unsigned pfx, unsigned op, int reg, int rm)
{
    if (pfx)
        b1(e, pfx);
    prefix(e, 4, reg, -1, rm);
    opcode(e, 0x0f00 | op);
    b1(e, 0xc0 | (unsigned)(reg & 7) << 3 | (unsigned)(rm & 7));
}

/* The SSE register-register form with REX.W: the conversions between a
 * 64-bit general register and a scalar (cvtsi2sd/ss xmm, r64: F2/F3 0F 2A;
 * cvttsd2si/cvttss2si r64, xmm: F2/F3 0F 2C). */
static inline void sse_reg64(struct emit *e, unsigned pfx, unsigned op, int reg, int rm)
{
    b1(e, pfx);
    prefix(e, 8, reg, -1, rm);
    opcode(e, 0x0f00 | op);
    b1(e, 0xc0 | (unsigned)(reg & 7) << 3 | (unsigned)(rm & 7));
}

#endif
