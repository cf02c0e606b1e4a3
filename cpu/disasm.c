/* RV64GC disassembler, table-driven.
 *
 * Each instruction is a {mask, match, mnemonic, operand format} row; the
 * first row with (insn & mask) == match wins, so rows with more fixed bits
 * (fence.tso before fence, c.nop before c.addi) come first.  Compressed
 * parcels are first expanded with rvc_expand() and their operands are then
 * read from the 32-bit expansion, so both tables share one operand
 * formatter; only the mnemonic comes from the 16-bit row.
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

/* ---- instruction tables ---- */
struct insn_desc {
    uint32_t mask, match;
    const char *name;
    const char *args; /* operand format, see format_operand() */
    bool aqrl;        /* A extension: append .aq/.rl/.aqrl from bits 26:25 */
};

/* match helpers: opcode, funct3, funct7, rs2 field */
#define OP_(f3, opc) ((uint32_t)(f3) << 12 | (uint32_t)(opc))
#define R_(f7, f3, opc) ((uint32_t)(f7) << 25 | OP_(f3, opc))
#define FP_(f7, rs2) ((uint32_t)(f7) << 25 | (uint32_t)(rs2) << 20 | 0x53u)
#define AMO_(f5, f3) ((uint32_t)(f5) << 27 | OP_(f3, 0x2f))

/* common masks */
#define M_OPC 0x0000007fu  /* opcode only */
#define M_F3 0x0000707fu   /* opcode + funct3 */
#define M_F7 0xfe00707fu   /* opcode + funct3 + funct7 */
#define M_SH6 0xfc00707fu  /* RV64 shift-immediate: funct6 */
#define M_FRM 0xfe00007fu  /* OP-FP with rm: funct7 */
#define M_FRM2 0xfff0007fu /* OP-FP with rm: funct7 + rs2 */
#define M_F7R2 0xfff0707fu /* OP-FP without rm: funct7 + rs2 + funct3 */
#define M_R4 0x0600007fu   /* fused multiply-add: fmt + opcode */
#define M_AMO 0xf800707fu  /* funct5 + funct3 + opcode (aq/rl free) */
#define M_LR 0xf9f0707fu   /* as M_AMO, plus rs2=0 */
#define M_ALL 0xffffffffu

/* Operand letters: d s t = x rd/rs1/rs2; D S T R = f rd/rs1/rs2/rs3;
 * i = I-immediate, q = S-immediate, u = U-immediate (20-bit, hex),
 * b = branch target, j = jal target, > = 6-bit shamt, < = 5-bit shamt,
 * c = CSR, z = CSR zimm, p/f = fence predecessor/successor sets,
 * m = ", rm" unless dynamic; ',' prints ", "; anything else is literal. */
static const struct insn_desc INSNS[] = {
    /* RV64I */
    {M_OPC, 0x37, "lui", "d,u", false},
    {M_OPC, 0x17, "auipc", "d,u", false},
    {M_OPC, 0x6f, "jal", "d,j", false},
    {M_F3, OP_(0, 0x67), "jalr", "d,i(s)", false},
    {M_F3, OP_(0, 0x63), "beq", "s,t,b", false},
    {M_F3, OP_(1, 0x63), "bne", "s,t,b", false},
    {M_F3, OP_(4, 0x63), "blt", "s,t,b", false},
    {M_F3, OP_(5, 0x63), "bge", "s,t,b", false},
    {M_F3, OP_(6, 0x63), "bltu", "s,t,b", false},
    {M_F3, OP_(7, 0x63), "bgeu", "s,t,b", false},
    {M_F3, OP_(0, 0x03), "lb", "d,i(s)", false},
    {M_F3, OP_(1, 0x03), "lh", "d,i(s)", false},
    {M_F3, OP_(2, 0x03), "lw", "d,i(s)", false},
    {M_F3, OP_(3, 0x03), "ld", "d,i(s)", false},
    {M_F3, OP_(4, 0x03), "lbu", "d,i(s)", false},
    {M_F3, OP_(5, 0x03), "lhu", "d,i(s)", false},
    {M_F3, OP_(6, 0x03), "lwu", "d,i(s)", false},
    {M_F3, OP_(0, 0x23), "sb", "t,q(s)", false},
    {M_F3, OP_(1, 0x23), "sh", "t,q(s)", false},
    {M_F3, OP_(2, 0x23), "sw", "t,q(s)", false},
    {M_F3, OP_(3, 0x23), "sd", "t,q(s)", false},
    {M_F3, OP_(0, 0x13), "addi", "d,s,i", false},
    {M_F3, OP_(2, 0x13), "slti", "d,s,i", false},
    {M_F3, OP_(3, 0x13), "sltiu", "d,s,i", false},
    {M_F3, OP_(4, 0x13), "xori", "d,s,i", false},
    {M_F3, OP_(6, 0x13), "ori", "d,s,i", false},
    {M_F3, OP_(7, 0x13), "andi", "d,s,i", false},
    {M_SH6, R_(0x00, 1, 0x13), "slli", "d,s,>", false},
    {M_SH6, R_(0x00, 5, 0x13), "srli", "d,s,>", false},
    {M_SH6, R_(0x20, 5, 0x13), "srai", "d,s,>", false},
    {M_F7, R_(0x00, 0, 0x33), "add", "d,s,t", false},
    {M_F7, R_(0x20, 0, 0x33), "sub", "d,s,t", false},
    {M_F7, R_(0x00, 1, 0x33), "sll", "d,s,t", false},
    {M_F7, R_(0x00, 2, 0x33), "slt", "d,s,t", false},
    {M_F7, R_(0x00, 3, 0x33), "sltu", "d,s,t", false},
    {M_F7, R_(0x00, 4, 0x33), "xor", "d,s,t", false},
    {M_F7, R_(0x00, 5, 0x33), "srl", "d,s,t", false},
    {M_F7, R_(0x20, 5, 0x33), "sra", "d,s,t", false},
    {M_F7, R_(0x00, 6, 0x33), "or", "d,s,t", false},
    {M_F7, R_(0x00, 7, 0x33), "and", "d,s,t", false},
    {M_F3, OP_(0, 0x1b), "addiw", "d,s,i", false},
    {M_F7, R_(0x00, 1, 0x1b), "slliw", "d,s,<", false},
    {M_F7, R_(0x00, 5, 0x1b), "srliw", "d,s,<", false},
    {M_F7, R_(0x20, 5, 0x1b), "sraiw", "d,s,<", false},
    {M_F7, R_(0x00, 0, 0x3b), "addw", "d,s,t", false},
    {M_F7, R_(0x20, 0, 0x3b), "subw", "d,s,t", false},
    {M_F7, R_(0x00, 1, 0x3b), "sllw", "d,s,t", false},
    {M_F7, R_(0x00, 5, 0x3b), "srlw", "d,s,t", false},
    {M_F7, R_(0x20, 5, 0x3b), "sraw", "d,s,t", false},
    {M_ALL, 0x8330000f, "fence.tso", "", false},
    {M_F3, OP_(0, 0x0f), "fence", "p,f", false},
    {M_F3, OP_(1, 0x0f), "fence.i", "", false}, /* Zifencei */
    /* SYSTEM (privileged spec: trap-return, wfi, sfence.vma) */
    {M_ALL, 0x00000073, "ecall", "", false},
    {M_ALL, 0x00100073, "ebreak", "", false},
    {M_ALL, 0x10200073, "sret", "", false},
    {M_ALL, 0x30200073, "mret", "", false},
    {M_ALL, 0x7b200073, "dret", "", false},
    {M_ALL, 0x10500073, "wfi", "", false},
    {0xfe007fffu, 0x12000073, "sfence.vma", "s,t", false},
    /* Zicsr */
    {M_F3, OP_(1, 0x73), "csrrw", "d,c,s", false},
    {M_F3, OP_(2, 0x73), "csrrs", "d,c,s", false},
    {M_F3, OP_(3, 0x73), "csrrc", "d,c,s", false},
    {M_F3, OP_(5, 0x73), "csrrwi", "d,c,z", false},
    {M_F3, OP_(6, 0x73), "csrrsi", "d,c,z", false},
    {M_F3, OP_(7, 0x73), "csrrci", "d,c,z", false},
    /* M */
    {M_F7, R_(0x01, 0, 0x33), "mul", "d,s,t", false},
    {M_F7, R_(0x01, 1, 0x33), "mulh", "d,s,t", false},
    {M_F7, R_(0x01, 2, 0x33), "mulhsu", "d,s,t", false},
    {M_F7, R_(0x01, 3, 0x33), "mulhu", "d,s,t", false},
    {M_F7, R_(0x01, 4, 0x33), "div", "d,s,t", false},
    {M_F7, R_(0x01, 5, 0x33), "divu", "d,s,t", false},
    {M_F7, R_(0x01, 6, 0x33), "rem", "d,s,t", false},
    {M_F7, R_(0x01, 7, 0x33), "remu", "d,s,t", false},
    {M_F7, R_(0x01, 0, 0x3b), "mulw", "d,s,t", false},
    {M_F7, R_(0x01, 4, 0x3b), "divw", "d,s,t", false},
    {M_F7, R_(0x01, 5, 0x3b), "divuw", "d,s,t", false},
    {M_F7, R_(0x01, 6, 0x3b), "remw", "d,s,t", false},
    {M_F7, R_(0x01, 7, 0x3b), "remuw", "d,s,t", false},
    /* A */
    {M_LR, AMO_(0x02, 2), "lr.w", "d,(s)", true},
    {M_AMO, AMO_(0x03, 2), "sc.w", "d,t,(s)", true},
    {M_AMO, AMO_(0x01, 2), "amoswap.w", "d,t,(s)", true},
    {M_AMO, AMO_(0x00, 2), "amoadd.w", "d,t,(s)", true},
    {M_AMO, AMO_(0x04, 2), "amoxor.w", "d,t,(s)", true},
    {M_AMO, AMO_(0x0c, 2), "amoand.w", "d,t,(s)", true},
    {M_AMO, AMO_(0x08, 2), "amoor.w", "d,t,(s)", true},
    {M_AMO, AMO_(0x10, 2), "amomin.w", "d,t,(s)", true},
    {M_AMO, AMO_(0x14, 2), "amomax.w", "d,t,(s)", true},
    {M_AMO, AMO_(0x18, 2), "amominu.w", "d,t,(s)", true},
    {M_AMO, AMO_(0x1c, 2), "amomaxu.w", "d,t,(s)", true},
    {M_LR, AMO_(0x02, 3), "lr.d", "d,(s)", true},
    {M_AMO, AMO_(0x03, 3), "sc.d", "d,t,(s)", true},
    {M_AMO, AMO_(0x01, 3), "amoswap.d", "d,t,(s)", true},
    {M_AMO, AMO_(0x00, 3), "amoadd.d", "d,t,(s)", true},
    {M_AMO, AMO_(0x04, 3), "amoxor.d", "d,t,(s)", true},
    {M_AMO, AMO_(0x0c, 3), "amoand.d", "d,t,(s)", true},
    {M_AMO, AMO_(0x08, 3), "amoor.d", "d,t,(s)", true},
    {M_AMO, AMO_(0x10, 3), "amomin.d", "d,t,(s)", true},
    {M_AMO, AMO_(0x14, 3), "amomax.d", "d,t,(s)", true},
    {M_AMO, AMO_(0x18, 3), "amominu.d", "d,t,(s)", true},
    {M_AMO, AMO_(0x1c, 3), "amomaxu.d", "d,t,(s)", true},
    /* F and D: loads/stores, fused multiply-add (fmt in bits 26:25) */
    {M_F3, OP_(2, 0x07), "flw", "D,i(s)", false},
    {M_F3, OP_(3, 0x07), "fld", "D,i(s)", false},
    {M_F3, OP_(2, 0x27), "fsw", "T,q(s)", false},
    {M_F3, OP_(3, 0x27), "fsd", "T,q(s)", false},
    {M_R4, 0x00000043, "fmadd.s", "D,S,T,Rm", false},
    {M_R4, 0x02000043, "fmadd.d", "D,S,T,Rm", false},
    {M_R4, 0x00000047, "fmsub.s", "D,S,T,Rm", false},
    {M_R4, 0x02000047, "fmsub.d", "D,S,T,Rm", false},
    {M_R4, 0x0000004b, "fnmsub.s", "D,S,T,Rm", false},
    {M_R4, 0x0200004b, "fnmsub.d", "D,S,T,Rm", false},
    {M_R4, 0x0000004f, "fnmadd.s", "D,S,T,Rm", false},
    {M_R4, 0x0200004f, "fnmadd.d", "D,S,T,Rm", false},
    /* OP-FP; funct7 bit 25 selects double */
    {M_FRM, FP_(0x00, 0), "fadd.s", "D,S,Tm", false},
    {M_FRM, FP_(0x01, 0), "fadd.d", "D,S,Tm", false},
    {M_FRM, FP_(0x04, 0), "fsub.s", "D,S,Tm", false},
    {M_FRM, FP_(0x05, 0), "fsub.d", "D,S,Tm", false},
    {M_FRM, FP_(0x08, 0), "fmul.s", "D,S,Tm", false},
    {M_FRM, FP_(0x09, 0), "fmul.d", "D,S,Tm", false},
    {M_FRM, FP_(0x0c, 0), "fdiv.s", "D,S,Tm", false},
    {M_FRM, FP_(0x0d, 0), "fdiv.d", "D,S,Tm", false},
    {M_FRM2, FP_(0x2c, 0), "fsqrt.s", "D,Sm", false},
    {M_FRM2, FP_(0x2d, 0), "fsqrt.d", "D,Sm", false},
    {M_F7, FP_(0x10, 0) | 0 << 12, "fsgnj.s", "D,S,T", false},
    {M_F7, FP_(0x10, 0) | 1 << 12, "fsgnjn.s", "D,S,T", false},
    {M_F7, FP_(0x10, 0) | 2 << 12, "fsgnjx.s", "D,S,T", false},
    {M_F7, FP_(0x11, 0) | 0 << 12, "fsgnj.d", "D,S,T", false},
    {M_F7, FP_(0x11, 0) | 1 << 12, "fsgnjn.d", "D,S,T", false},
    {M_F7, FP_(0x11, 0) | 2 << 12, "fsgnjx.d", "D,S,T", false},
    {M_F7, FP_(0x14, 0) | 0 << 12, "fmin.s", "D,S,T", false},
    {M_F7, FP_(0x14, 0) | 1 << 12, "fmax.s", "D,S,T", false},
    {M_F7, FP_(0x15, 0) | 0 << 12, "fmin.d", "D,S,T", false},
    {M_F7, FP_(0x15, 0) | 1 << 12, "fmax.d", "D,S,T", false},
    {M_FRM2, FP_(0x20, 1), "fcvt.s.d", "D,Sm", false},
    /* Widening/int-to-double conversions are exact: rm is ignored (the
     * assembler fills in rne), so it is not shown. */
    {M_FRM2, FP_(0x21, 0), "fcvt.d.s", "D,S", false},
    {M_F7, FP_(0x50, 0) | 2 << 12, "feq.s", "d,S,T", false},
    {M_F7, FP_(0x50, 0) | 1 << 12, "flt.s", "d,S,T", false},
    {M_F7, FP_(0x50, 0) | 0 << 12, "fle.s", "d,S,T", false},
    {M_F7, FP_(0x51, 0) | 2 << 12, "feq.d", "d,S,T", false},
    {M_F7, FP_(0x51, 0) | 1 << 12, "flt.d", "d,S,T", false},
    {M_F7, FP_(0x51, 0) | 0 << 12, "fle.d", "d,S,T", false},
    {M_F7R2, FP_(0x70, 0) | 1 << 12, "fclass.s", "d,S", false},
    {M_F7R2, FP_(0x71, 0) | 1 << 12, "fclass.d", "d,S", false},
    {M_F7R2, FP_(0x70, 0), "fmv.x.w", "d,S", false},
    {M_F7R2, FP_(0x71, 0), "fmv.x.d", "d,S", false},
    {M_F7R2, FP_(0x78, 0), "fmv.w.x", "D,s", false},
    {M_F7R2, FP_(0x79, 0), "fmv.d.x", "D,s", false},
    {M_FRM2, FP_(0x60, 0), "fcvt.w.s", "d,Sm", false},
    {M_FRM2, FP_(0x60, 1), "fcvt.wu.s", "d,Sm", false},
    {M_FRM2, FP_(0x60, 2), "fcvt.l.s", "d,Sm", false},
    {M_FRM2, FP_(0x60, 3), "fcvt.lu.s", "d,Sm", false},
    {M_FRM2, FP_(0x61, 0), "fcvt.w.d", "d,Sm", false},
    {M_FRM2, FP_(0x61, 1), "fcvt.wu.d", "d,Sm", false},
    {M_FRM2, FP_(0x61, 2), "fcvt.l.d", "d,Sm", false},
    {M_FRM2, FP_(0x61, 3), "fcvt.lu.d", "d,Sm", false},
    {M_FRM2, FP_(0x68, 0), "fcvt.s.w", "D,sm", false},
    {M_FRM2, FP_(0x68, 1), "fcvt.s.wu", "D,sm", false},
    {M_FRM2, FP_(0x68, 2), "fcvt.s.l", "D,sm", false},
    {M_FRM2, FP_(0x68, 3), "fcvt.s.lu", "D,sm", false},
    {M_FRM2, FP_(0x69, 0), "fcvt.d.w", "D,s", false},
    {M_FRM2, FP_(0x69, 1), "fcvt.d.wu", "D,s", false},
    {M_FRM2, FP_(0x69, 2), "fcvt.d.l", "D,sm", false},
    {M_FRM2, FP_(0x69, 3), "fcvt.d.lu", "D,sm", false},
};

/* Compressed mnemonics: masks/matches over the 16-bit parcel; the operand
 * format is applied to the parcel's 32-bit expansion. */
static const struct insn_desc CINSNS[] = {
    /* quadrant 0 */
    {0xe003, 0x0000, "c.addi4spn", "d,s,i", false},
    {0xe003, 0x2000, "c.fld", "D,i(s)", false},
    {0xe003, 0x4000, "c.lw", "d,i(s)", false},
    {0xe003, 0x6000, "c.ld", "d,i(s)", false},
    {0xe003, 0xa000, "c.fsd", "T,q(s)", false},
    {0xe003, 0xc000, "c.sw", "t,q(s)", false},
    {0xe003, 0xe000, "c.sd", "t,q(s)", false},
    /* quadrant 1 */
    {0xffff, 0x0001, "c.nop", "", false},
    {0xe003, 0x0001, "c.addi", "d,i", false},
    {0xe003, 0x2001, "c.addiw", "d,i", false},
    {0xe003, 0x4001, "c.li", "d,i", false},
    {0xef83, 0x6101, "c.addi16sp", "d,i", false},
    {0xe003, 0x6001, "c.lui", "d,u", false},
    {0xec03, 0x8001, "c.srli", "d,>", false},
    {0xec03, 0x8401, "c.srai", "d,>", false},
    {0xec03, 0x8801, "c.andi", "d,i", false},
    {0xfc63, 0x8c01, "c.sub", "d,t", false},
    {0xfc63, 0x8c21, "c.xor", "d,t", false},
    {0xfc63, 0x8c41, "c.or", "d,t", false},
    {0xfc63, 0x8c61, "c.and", "d,t", false},
    {0xfc63, 0x9c01, "c.subw", "d,t", false},
    {0xfc63, 0x9c21, "c.addw", "d,t", false},
    {0xe003, 0xa001, "c.j", "j", false},
    {0xe003, 0xc001, "c.beqz", "s,b", false},
    {0xe003, 0xe001, "c.bnez", "s,b", false},
    /* quadrant 2 */
    {0xe003, 0x0002, "c.slli", "d,>", false},
    {0xe003, 0x2002, "c.fldsp", "D,i(s)", false},
    {0xe003, 0x4002, "c.lwsp", "d,i(s)", false},
    {0xe003, 0x6002, "c.ldsp", "d,i(s)", false},
    {0xf07f, 0x8002, "c.jr", "s", false},
    {0xf003, 0x8002, "c.mv", "d,t", false},
    {0xffff, 0x9002, "c.ebreak", "", false},
    {0xf07f, 0x9002, "c.jalr", "s", false},
    {0xf003, 0x9002, "c.add", "d,t", false},
    {0xe003, 0xa002, "c.fsdsp", "T,q(s)", false},
    {0xe003, 0xc002, "c.swsp", "t,q(s)", false},
    {0xe003, 0xe002, "c.sdsp", "t,q(s)", false},
};

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
    case 'u': emit(o, "0x%" PRIx32, w >> 12); break;
    case 'b': emit(o, "0x%" PRIx64, pc + (uint64_t)(int64_t)imm_b(w)); break;
    case 'j': emit(o, "0x%" PRIx64, pc + (uint64_t)(int64_t)imm_j(w)); break;
    case '>': emit(o, "%u", (unsigned)(w >> 20 & 63)); break;
    case '<': emit(o, "%u", (unsigned)(w >> 20 & 31)); break;
    case 'z': emit(o, "%u", rs1(w)); break;
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

static const struct insn_desc *lookup(const struct insn_desc *t, size_t n,
                                      uint32_t insn)
{
    for (size_t i = 0; i < n; i++)
        if ((insn & t[i].mask) == t[i].match)
            return &t[i];
    return NULL;
}

/* Suffix for the A extension's ordering bits (aq = bit 26, rl = bit 25). */
static const char *aqrl_suffix(uint32_t w)
{
    static const char *const SUFFIX[4] = {"", ".rl", ".aq", ".aqrl"};
    return SUFFIX[w >> 25 & 3];
}

static bool format_insn(struct out *o, const struct insn_desc *d,
                        uint64_t pc, uint32_t w)
{
    const char *suffix = d->aqrl ? aqrl_suffix(w) : "";
    emit(o, "%s%s", d->name, suffix);
    if (d->args[0] != '\0') {
        /* pad the mnemonic to eight columns, at least one space */
        int width = (int)(strlen(d->name) + strlen(suffix));
        emit(o, "%*s", width < 8 ? 8 - width : 1, "");
    }
    for (const char *a = d->args; *a; a++)
        if (!format_operand(o, *a, pc, w))
            return false;
    return true;
}

void rv_disasm(uint64_t pc, uint32_t insn, char *buf, size_t size)
{
    struct out o = {buf, size, 0};
    const struct insn_desc *d;
    uint32_t word = insn;

    if ((insn & 3) != 3) {
        uint16_t parcel = (uint16_t)insn;
        word = rvc_expand(parcel);
        d = word ? lookup(CINSNS, sizeof CINSNS / sizeof CINSNS[0], parcel)
                 : NULL;
    } else {
        d = lookup(INSNS, sizeof INSNS / sizeof INSNS[0], insn);
    }

    if (d == NULL || !format_insn(&o, d, pc, word)) {
        o.len = 0;
        emit(&o, "unknown");
    }
    if (size > 0 && o.len >= size)
        buf[size - 1] = '\0';
}
