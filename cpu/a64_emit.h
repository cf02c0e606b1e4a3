/* The AArch64 encoder the arm64 JIT (cpu/jit_gen_a64.c) writes its code
 * with: registers, condition codes, one function per instruction shape,
 * and the patching of branches.  It knows nothing of RISC-V or the hart.
 *
 * Encodings are the A64 base instruction set's (Arm Architecture
 * Reference Manual for A-profile, part C4 "A64 Instruction Set
 * Encoding"): every instruction is one little-endian 32-bit word.  Field
 * names in the comments are the manual's (sf, Rd, Rn, Rm, imm12, ...).
 *
 * Register 31 is XZR in data-processing (shifted register), conditional
 * select, multiply and as the transfer register of a load/store, but SP as
 * the base of a load/store, in ADD/SUB (immediate) and in ADD/SUB
 * (extended register) as Rn or Rd, and in the Rd of logical (immediate).
 * The helpers below that take a register which may be 31 say so.
 *
 * All static inline, like x86_emit.h.  An emitter that runs out of room
 * sets overflow and writes nothing more, so callers check once, at the end. */
#ifndef RVX_CPU_A64_EMIT_H
#define RVX_CPU_A64_EMIT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum { A_X0 = 0, A_X16 = 16, A_X17 = 17, A_FP = 29, A_LR = 30, A_ZR = 31, A_SP = 31 };

/* Condition codes (C1.2.4, "Condition code") */
enum {
    A_EQ = 0, A_NE = 1, A_HS = 2, A_LO = 3, A_MI = 4, A_PL = 5, A_VS = 6, A_VC = 7,
    A_HI = 8, A_LS = 9, A_GE = 10, A_LT = 11, A_GT = 12, A_LE = 13, A_AL = 14
};

struct a64 {
    uint8_t *p, *end;
    bool overflow;
};

static inline void a64_w(struct a64 *e, uint32_t w)
{
    if (e->end - e->p >= 4) {
        memcpy(e->p, &w, 4);    /* (an arm64 JIT host is little-endian) */
        e->p += 4;
    } else {
        e->overflow = true;
    }
}

static inline uint32_t R5(unsigned r) { return r & 31u; }

/* ---- moves and immediates ---- */

/* MOVZ/MOVN/MOVK (C6.2, "Move wide"): sf=1, hw = shift/16 */
static inline void a64_movz(struct a64 *e, unsigned rd, unsigned imm16, unsigned hw)
{
    a64_w(e, 0xD2800000u | hw << 21 | (imm16 & 0xffffu) << 5 | R5(rd));
}
static inline void a64_movn(struct a64 *e, unsigned rd, unsigned imm16, unsigned hw)
{
    a64_w(e, 0x92800000u | hw << 21 | (imm16 & 0xffffu) << 5 | R5(rd));
}
static inline void a64_movk(struct a64 *e, unsigned rd, unsigned imm16, unsigned hw)
{
    a64_w(e, 0xF2800000u | hw << 21 | (imm16 & 0xffffu) << 5 | R5(rd));
}

/* rd = imm in the fewest move-wide instructions: MOVZ over the zero
 * halfwords or MOVN over the all-ones ones, then MOVK for the rest. */
static inline void a64_movi(struct a64 *e, unsigned rd, uint64_t imm)
{
    unsigned zeros = 0, ones = 0;
    for (unsigned k = 0; k < 4; k++) {
        unsigned h = (unsigned)(imm >> (16 * k)) & 0xffff;
        zeros += h == 0;
        ones += h == 0xffff;
    }
    bool inv = ones > zeros;
    unsigned skip = inv ? 0xffff : 0;
    bool first = true;
    for (unsigned k = 0; k < 4; k++) {
        unsigned h = (unsigned)(imm >> (16 * k)) & 0xffff;
        if (h == skip)
            continue;
        if (first)
            inv ? a64_movn(e, rd, ~h, k) : a64_movz(e, rd, h, k);
        else
            a64_movk(e, rd, h, k);
        first = false;
    }
    if (first)     /* imm is 0 or all ones */
        inv ? a64_movn(e, rd, 0, 0) : a64_movz(e, rd, 0, 0);
}

/* ---- data processing, register ---- */

/* The shifted-register forms (C4.1.95): sf | opc | Rm | imm6 | Rn | Rd.
 * base is the 64-bit opcode; sf = 0 (clear bit 31) for 32 bits.  Register
 * 31 is XZR in every operand. */
enum {
    A_ADD = 0x8B000000u, A_SUB = 0xCB000000u, A_ADDS = 0xAB000000u, A_SUBS = 0xEB000000u,
    A_AND = 0x8A000000u, A_BIC = 0x8A200000u, A_ORR = 0xAA000000u, A_ORN = 0xAA200000u,
    A_EOR = 0xCA000000u, A_EON = 0xCA200000u, A_ANDS = 0xEA000000u,
};
enum { A_LSL = 0, A_LSR = 1, A_ASR = 2, A_ROR = 3 };

static inline void a64_rrr_sh(struct a64 *e, bool x64, uint32_t op, unsigned rd, unsigned rn,
                              unsigned rm, unsigned shift, unsigned amount)
{
    uint32_t w = op | shift << 22 | R5(rm) << 16 | (amount & 63u) << 10 | R5(rn) << 5 | R5(rd);
    a64_w(e, x64 ? w : w & 0x7fffffffu);
}
static inline void a64_rrr(struct a64 *e, bool x64, uint32_t op, unsigned rd, unsigned rn,
                           unsigned rm)
{
    a64_rrr_sh(e, x64, op, rd, rn, rm, A_LSL, 0);
}
static inline void a64_mov(struct a64 *e, unsigned rd, unsigned rm)
{
    if (rd != rm)
        a64_rrr(e, true, A_ORR, rd, A_ZR, rm);
}
static inline void a64_cmp(struct a64 *e, unsigned rn, unsigned rm)
{
    a64_rrr(e, true, A_SUBS, A_ZR, rn, rm);
}

/* ADD (extended register, C6.2.3): rd = rn + extend(rm) << amount; here
 * the UXTW extension (option 010).  rd and rn: register 31 is SP. */
static inline void a64_add_uxtw(struct a64 *e, unsigned rd, unsigned rn, unsigned rm,
                                unsigned amount)
{
    a64_w(e, 0x8B200000u | R5(rm) << 16 | 2u << 13 | (amount & 7u) << 10 | R5(rn) << 5 | R5(rd));
}

/* Data-processing (2 source, C4.1.96): sf | 0x1AC00000 | Rm | opcode | Rn | Rd */
enum {
    A_UDIV = 0x9AC00800u, A_SDIV = 0x9AC00C00u, A_LSLV = 0x9AC02000u,
    A_LSRV = 0x9AC02400u, A_ASRV = 0x9AC02800u, A_RORV = 0x9AC02C00u,
};
static inline void a64_dp2(struct a64 *e, bool x64, uint32_t op, unsigned rd, unsigned rn,
                           unsigned rm)
{
    uint32_t w = op | R5(rm) << 16 | R5(rn) << 5 | R5(rd);
    a64_w(e, x64 ? w : w & 0x7fffffffu);
}

/* Data-processing (1 source, C4.1.97) */
enum { A_RBIT = 0xDAC00000u, A_REV = 0xDAC00C00u, A_CLZ = 0xDAC01000u };
static inline void a64_dp1(struct a64 *e, bool x64, uint32_t op, unsigned rd, unsigned rn)
{
    uint32_t w = op | R5(rn) << 5 | R5(rd);
    a64_w(e, x64 ? w : w & 0x7fffffffu);
}

/* Data-processing (3 source, C4.1.98): MADD/MSUB rd = ra +/- rn * rm,
 * SMULH/UMULH the high 64 bits of the 128-bit product */
static inline void a64_madd(struct a64 *e, bool x64, unsigned rd, unsigned rn, unsigned rm,
                            unsigned ra)
{
    uint32_t w = 0x9B000000u | R5(rm) << 16 | R5(ra) << 10 | R5(rn) << 5 | R5(rd);
    a64_w(e, x64 ? w : w & 0x7fffffffu);
}
static inline void a64_msub(struct a64 *e, bool x64, unsigned rd, unsigned rn, unsigned rm,
                            unsigned ra)
{
    uint32_t w = 0x9B008000u | R5(rm) << 16 | R5(ra) << 10 | R5(rn) << 5 | R5(rd);
    a64_w(e, x64 ? w : w & 0x7fffffffu);
}
static inline void a64_mulh(struct a64 *e, bool is_signed, unsigned rd, unsigned rn,
                            unsigned rm)
{
    a64_w(e, (is_signed ? 0x9B407C00u : 0x9BC07C00u) | R5(rm) << 16 | R5(rn) << 5 | R5(rd));
}

/* Conditional select (C4.1.94): CSEL rd = cond ? rn : rm; CSINC ... rm + 1;
 * CSINV ... ~rm.  CSET rd, cond is CSINC rd, zr, zr, !cond. */
enum { A_CSEL = 0x9A800000u, A_CSINC = 0x9A800400u, A_CSINV = 0xDA800000u };
static inline void a64_csel(struct a64 *e, uint32_t op, unsigned rd, unsigned rn, unsigned rm,
                            unsigned cond)
{
    a64_w(e, op | R5(rm) << 16 | cond << 12 | R5(rn) << 5 | R5(rd));
}
static inline void a64_cset(struct a64 *e, unsigned rd, unsigned cond)
{
    a64_csel(e, A_CSINC, rd, A_ZR, A_ZR, cond ^ 1);
}

/* ---- data processing, immediate ---- */

/* ADD/SUB (immediate, C4.1.86): imm12, optionally shifted by 12.  rn and
 * (unless setting flags) rd: register 31 is SP. */
static inline void a64_addsub_imm(struct a64 *e, bool x64, bool sub, bool setflags,
                                  unsigned rd, unsigned rn, unsigned imm12, bool lsl12)
{
    uint32_t w = 0x91000000u | (sub ? 1u << 30 : 0) | (setflags ? 1u << 29 : 0) |
                 (lsl12 ? 1u << 22 : 0) | (imm12 & 0xfffu) << 10 | R5(rn) << 5 | R5(rd);
    a64_w(e, x64 ? w : w & 0x7fffffffu);
}

/* Bitfield moves (C4.1.90): SBFM/UBFM with immr, imms; the shifts and
 * extensions are aliases of them (C6.2: ASR, LSL, LSR, SXTB, SXTH, SXTW,
 * UBFX, UXTH). */
static inline void a64_bfm(struct a64 *e, bool x64, bool is_signed, unsigned rd, unsigned rn,
                           unsigned immr, unsigned imms)
{
    uint32_t w = (is_signed ? 0x13000000u : 0x53000000u) | (x64 ? 0x80400000u : 0) |
                 (immr & 63u) << 16 | (imms & 63u) << 10 | R5(rn) << 5 | R5(rd);
    a64_w(e, w);
}
static inline void a64_lsl_imm(struct a64 *e, bool x64, unsigned rd, unsigned rn, unsigned s)
{
    unsigned bits = x64 ? 64 : 32;
    a64_bfm(e, x64, false, rd, rn, (bits - s) % bits, bits - 1 - s);
}
static inline void a64_lsr_imm(struct a64 *e, bool x64, unsigned rd, unsigned rn, unsigned s)
{
    a64_bfm(e, x64, false, rd, rn, s, x64 ? 63 : 31);
}
static inline void a64_asr_imm(struct a64 *e, bool x64, unsigned rd, unsigned rn, unsigned s)
{
    a64_bfm(e, x64, true, rd, rn, s, x64 ? 63 : 31);
}
static inline void a64_sxtw(struct a64 *e, unsigned rd, unsigned rn)
{
    a64_bfm(e, true, true, rd, rn, 0, 31);
}
/* rd = bits lsb..lsb+width-1 of rn, zero-extended */
static inline void a64_ubfx(struct a64 *e, unsigned rd, unsigned rn, unsigned lsb,
                            unsigned width)
{
    a64_bfm(e, true, false, rd, rn, lsb, lsb + width - 1);
}

/* EXTR (C4.1.91) with rn = rm: ROR (immediate) */
static inline void a64_ror_imm(struct a64 *e, bool x64, unsigned rd, unsigned rn, unsigned s)
{
    uint32_t w = (x64 ? 0x93C00000u : 0x13800000u) | R5(rn) << 16 | (s & 63u) << 10 |
                 R5(rn) << 5 | R5(rd);
    a64_w(e, w);
}

/* Logical (immediate, C4.1.89): the immediate is a "bitmask immediate",
 * an element of 2, 4, ..., 64 bits replicated across the register, each
 * element a rotated run of ones (C4.1.89, DecodeBitMasks).  Finds N:immr:imms
 * for imm, or returns false. */
static inline bool a64_bitmask(uint64_t imm, bool x64, uint32_t *enc)
{
    if (!x64)
        imm = (imm & 0xffffffffu) | imm << 32;
    if (imm == 0 || imm == ~0ull)
        return false;
    unsigned size = 64;
    while (size > 2) {
        unsigned half = size / 2;
        uint64_t m = (1ull << half) - 1;
        if ((imm & m) != ((imm >> half) & m))
            break;
        size = half;
    }
    uint64_t mask = size == 64 ? ~0ull : (1ull << size) - 1;
    uint64_t elem = imm & mask;
    unsigned ones = (unsigned)__builtin_popcountll(elem);
    uint64_t run = (1ull << ones) - 1;     /* ones < size <= 64 */
    for (unsigned r = 0; r < size; r++) {
        /* elem == run rotated right by r within the element */
        uint64_t rot = r ? ((run >> r) | (run << (size - r))) & mask : run;
        if (rot == elem) {
            unsigned imms = ((~(size - 1) << 1) & 0x3fu) | (ones - 1);
            *enc = (size == 64 ? 1u << 22 : 0) | r << 16 | imms << 10;
            return true;
        }
    }
    return false;
}
enum { A_ANDI = 0x92000000u, A_ORRI = 0xB2000000u, A_EORI = 0xD2000000u, A_ANDSI = 0xF2000000u };
static inline void a64_logic_imm(struct a64 *e, bool x64, uint32_t op, unsigned rd,
                                 unsigned rn, uint32_t enc)
{
    uint32_t w = op | enc | R5(rn) << 5 | R5(rd);
    a64_w(e, x64 ? w : w & 0x7fffffffu);
}

/* ---- loads and stores ---- */

/* Load/store register (unsigned immediate, C4.1.66): size | V | opc |
 * imm12 (scaled by the size) | Rn | Rt; opc 00 store, 01 load
 * (zero-extending), 10 load sign-extending to 64 bits.  lg = log2 of the
 * access size.  rn: register 31 is SP. */
enum { A_ST = 0, A_LD = 1, A_LDS = 2 };
static inline void a64_ldst_uimm(struct a64 *e, bool fp, unsigned lg, unsigned opc,
                                 unsigned rt, unsigned rn, unsigned imm12)
{
    a64_w(e, lg << 30 | 0x39000000u | (fp ? 1u << 26 : 0) | opc << 22 | (imm12 & 0xfffu) << 10 |
             R5(rn) << 5 | R5(rt));
}
/* Load/store register (register offset, C4.1.66): address rn + rm
 * (option 011, LSL #0). */
static inline void a64_ldst_reg(struct a64 *e, bool fp, unsigned lg, unsigned opc,
                                unsigned rt, unsigned rn, unsigned rm)
{
    a64_w(e, lg << 30 | 0x38206800u | (fp ? 1u << 26 : 0) | opc << 22 | R5(rm) << 16 |
             R5(rn) << 5 | R5(rt));
}
/* Load/store register (unscaled immediate, C4.1.66: LDUR, STUR and
 * kin): address rn + a signed byte offset of 9 bits, -256..255. */
static inline void a64_ldst_simm(struct a64 *e, bool fp, unsigned lg, unsigned opc,
                                 unsigned rt, unsigned rn, int imm9)
{
    a64_w(e, lg << 30 | 0x38000000u | (fp ? 1u << 26 : 0) | opc << 22 |
             ((uint32_t)imm9 & 0x1ffu) << 12 | R5(rn) << 5 | R5(rt));
}
/* Load/store pair (C4.1.65), 64-bit registers (fp: the D registers):
 * mode 1 post-index, 2 signed offset, 3 pre-index; imm7 scaled by 8. */
static inline void a64_ldstp(struct a64 *e, bool load, bool fp, unsigned mode, unsigned rt,
                             unsigned rt2, unsigned rn, int off)
{
    uint32_t base = fp ? 0x6C000000u : 0xA8000000u;
    a64_w(e, base | mode << 23 | (load ? 1u << 22 : 0) | ((uint32_t)(off / 8) & 0x7fu) << 15 |
             R5(rt2) << 10 | R5(rn) << 5 | R5(rt));
}

/* ---- atomics ---- */

/* LDAXR / STLXR (C4.1.66, "Load/store exclusive"): the load-acquire and
 * store-release exclusive pair of 32- or 64-bit (x64) words at [rn]; STLXR
 * writes 0 to ws when it stored, 1 when the exclusive monitor was lost. */
static inline void a64_ldaxr(struct a64 *e, bool x64, unsigned rt, unsigned rn)
{
    a64_w(e, (x64 ? 0xC85FFC00u : 0x885FFC00u) | R5(rn) << 5 | R5(rt));
}
static inline void a64_stlxr(struct a64 *e, bool x64, unsigned ws, unsigned rt, unsigned rn)
{
    a64_w(e, (x64 ? 0xC800FC00u : 0x8800FC00u) | R5(ws) << 16 | R5(rn) << 5 | R5(rt));
}
/* The Armv8.1 LSE atomics (C4.1.66, "Atomic memory operations"), the
 * acquire-release (AL) forms: rt = the old word at [rn], which becomes
 * old op rs.  op = the opc field (A_LD_ADD ..), or A_SWP. */
enum { A_LD_ADD = 0, A_LD_CLR = 1, A_LD_EOR = 2, A_LD_SET = 3, A_LD_SMAX = 4, A_LD_SMIN = 5,
       A_LD_UMAX = 6, A_LD_UMIN = 7, A_SWP = 8 };
static inline void a64_lse(struct a64 *e, bool x64, unsigned op, unsigned rs, unsigned rt,
                           unsigned rn)
{
    uint32_t o = op == A_SWP ? 0x8000u : (op & 7u) << 12;
    a64_w(e, (x64 ? 0xF8E00000u : 0xB8E00000u) | o | R5(rs) << 16 | R5(rn) << 5 | R5(rt));
}

/* CASAL (C6.2.x, "CASA, CASAL, CAS, CASL", Armv8.1 LSE), acquire and
 * release: compares rs with the 32- or 64-bit (x64) word at [rn] and, if
 * equal, stores rt there; rs gets the word read either way. */
static inline void a64_casal(struct a64 *e, bool x64, unsigned rs, unsigned rt, unsigned rn)
{
    a64_w(e, (x64 ? 0xC8E0FC00u : 0x88E0FC00u) | R5(rs) << 16 | R5(rn) << 5 | R5(rt));
}

/* Barriers (C6.2.x DMB, CLREX): the full inner-shareable one, the one
 * ordering earlier loads before later accesses (an acquire fence), and
 * the clearing of the local exclusive monitor. */
static inline void a64_dmb_ish(struct a64 *e) { a64_w(e, 0xD5033BBFu); }
static inline void a64_dmb_ishld(struct a64 *e) { a64_w(e, 0xD50339BFu); }
static inline void a64_clrex(struct a64 *e) { a64_w(e, 0xD5033F5Fu); }

/* ---- branches ---- */

static inline void a64_br(struct a64 *e, unsigned rn) { a64_w(e, 0xD61F0000u | R5(rn) << 5); }
static inline void a64_blr(struct a64 *e, unsigned rn) { a64_w(e, 0xD63F0000u | R5(rn) << 5); }
static inline void a64_ret(struct a64 *e) { a64_w(e, 0xD65F03C0u); }

/* The branches below are emitted pointing at themselves' next instruction
 * and return their address, for a64_patch. */
static inline uint8_t *a64_b(struct a64 *e)            /* B imm26 */
{
    uint8_t *at = e->p;
    a64_w(e, 0x14000001u);
    return at;
}
static inline uint8_t *a64_bcond(struct a64 *e, unsigned cond)  /* B.cond imm19 */
{
    uint8_t *at = e->p;
    a64_w(e, 0x54000000u | 1u << 5 | cond);
    return at;
}
static inline uint8_t *a64_cbz(struct a64 *e, bool x64, bool nz, unsigned rt)  /* CBZ/CBNZ */
{
    uint8_t *at = e->p;
    a64_w(e, (x64 ? 0xB4000000u : 0x34000000u) | (nz ? 1u << 24 : 0) | 1u << 5 | R5(rt));
    return at;
}
/* Points the branch at `at` (B, B.cond, CBZ or CBNZ) to target.  Out-of-range
 * offsets set overflow (the block's code is then dropped). */
static inline void a64_patch(struct a64 *e, uint8_t *at, const void *target)
{
    if (e->overflow)
        return;
    int64_t d = ((const uint8_t *)target - at) / 4;
    uint32_t w;
    memcpy(&w, at, 4);
    if ((w & 0x7C000000u) == 0x14000000u) {                /* B, BL */
        if (d < -(1 << 25) || d >= (1 << 25))
            goto far;
        w = (w & 0xFC000000u) | ((uint32_t)d & 0x3ffffffu);
    } else {                                                /* B.cond, CBZ, CBNZ */
        if (d < -(1 << 18) || d >= (1 << 18))
            goto far;
        w = (w & ~(0x7ffffu << 5)) | ((uint32_t)d & 0x7ffffu) << 5;
    }
    memcpy(at, &w, 4);
    return;
far:
    e->overflow = true;
}

/* B to target from the current position */
static inline void a64_b_to(struct a64 *e, const void *target)
{
    uint8_t *at = a64_b(e);
    if (!e->overflow)
        a64_patch(e, at, target);
}

/* ---- floating point (C4.1.101-C4.1.104) ---- */

/* FP data-processing (2 source): ftype 00 single, 01 double */
enum { A_FMUL = 0x1E200800u, A_FDIV = 0x1E201800u, A_FADD = 0x1E202800u, A_FSUB = 0x1E203800u };
static inline void a64_fp2(struct a64 *e, bool dbl, uint32_t op, unsigned rd, unsigned rn,
                           unsigned rm)
{
    a64_w(e, op | (dbl ? 1u << 22 : 0) | R5(rm) << 16 | R5(rn) << 5 | R5(rd));
}
static inline void a64_fsqrt(struct a64 *e, bool dbl, unsigned rd, unsigned rn)
{
    a64_w(e, 0x1E21C000u | (dbl ? 1u << 22 : 0) | R5(rn) << 5 | R5(rd));
}
/* FMAX/FMIN (FP data-processing, 2 source: opcode 0100 / 0101), for a64_fp2 */
enum { A_FMAX = 0x1E204800u, A_FMIN = 0x1E205800u };
/* FP data-processing (3 source, C4.1.102): the fused multiply-adds, one
 * rounding: FMADD ra + rn*rm, FMSUB ra - rn*rm, FNMADD -ra - rn*rm,
 * FNMSUB -ra + rn*rm (o1:o0 = 00, 01, 10, 11). */
enum { A_FMADD = 0x1F000000u, A_FMSUB = 0x1F008000u, A_FNMADD = 0x1F200000u,
       A_FNMSUB = 0x1F208000u };
static inline void a64_fp3(struct a64 *e, bool dbl, uint32_t op, unsigned rd, unsigned rn,
                           unsigned rm, unsigned ra)
{
    a64_w(e, op | (dbl ? 1u << 22 : 0) | R5(rm) << 16 | R5(ra) << 10 | R5(rn) << 5 | R5(rd));
}
/* FCMP (C4.1.103, "Floating-point compare"): NZCV from rn vs rm (rm = -1:
 * vs +0.0, the zero form): unordered 0011, equal 0110, less 1000, greater
 * 0010.  FCMP, not FCMPE: the two differ only in the host's cumulative
 * IOC flag for a quiet NaN, which the JIT never reads. */
static inline void a64_fcmp(struct a64 *e, bool dbl, unsigned rn, int rm)
{
    a64_w(e, 0x1E202000u | (dbl ? 1u << 22 : 0) | (rm < 0 ? 8u : R5((unsigned)rm) << 16) |
             R5(rn) << 5);
}
/* FCVT between single and double (C4.1.101, 1 source): exact widening,
 * narrowing rounded by FPCR (round to nearest as Linux starts us). */
static inline void a64_fcvt_sd(struct a64 *e, bool to_dbl, unsigned vd, unsigned vn)
{
    a64_w(e, (to_dbl ? 0x1E22C000u : 0x1E624000u) | R5(vn) << 5 | R5(vd));
}
/* Conversions between FP and integer (C4.1.104): SCVTF/UCVTF from a 32-
 * or 64-bit (x64) integer, rounded by FPCR; FCVT{N,P,M,Z,A}{S,U} to one,
 * saturating (NaN gives 0), rounded as the opcode says: A_FCVT_NS etc.
 * are the signed forms, | A_FCVT_U the unsigned ones. */
enum { A_SCVTF = 0x1E220000u, A_UCVTF = 0x1E230000u };
enum { A_FCVT_NS = 0x1E200000u, A_FCVT_PS = 0x1E280000u, A_FCVT_MS = 0x1E300000u,
       A_FCVT_ZS = 0x1E380000u, A_FCVT_AS = 0x1E240000u, A_FCVT_U = 0x00010000u };
static inline void a64_fcvt_int(struct a64 *e, uint32_t op, bool x64, bool dbl, unsigned rd,
                                unsigned rn)
{
    a64_w(e, op | (x64 ? 1u << 31 : 0) | (dbl ? 1u << 22 : 0) | R5(rn) << 5 | R5(rd));
}
/* FMOV between general and FP registers (C4.1.104): 64-bit x <-> d,
 * 32-bit w <-> s (the rest of the vector register is zeroed). */
static inline void a64_fmov_to_gp(struct a64 *e, bool dbl, unsigned rd, unsigned vn)
{
    a64_w(e, (dbl ? 0x9E660000u : 0x1E260000u) | R5(vn) << 5 | R5(rd));
}
static inline void a64_fmov_from_gp(struct a64 *e, bool dbl, unsigned vd, unsigned rn)
{
    a64_w(e, (dbl ? 0x9E670000u : 0x1E270000u) | R5(rn) << 5 | R5(vd));
}
/* FMOV (register), double */
static inline void a64_fmov_d(struct a64 *e, unsigned vd, unsigned vn)
{
    if (vd != vn)
        a64_w(e, 0x1E604000u | R5(vn) << 5 | R5(vd));
}
/* CNT Vd.8B, Vn.8B and ADDV Bd, Vn.8B (Advanced SIMD, C4.1.69/70): the
 * population count of the low 64 bits of vn, in byte 0 of vd. */
static inline void a64_popcount8(struct a64 *e, unsigned vd, unsigned vn)
{
    a64_w(e, 0x0E205800u | R5(vn) << 5 | R5(vd));
    a64_w(e, 0x0E31B800u | R5(vd) << 5 | R5(vd));
}

#endif
