/* rvx-isa: rv64gc_zfh_zfa */
/* Zfa (unprivileged spec, "Zfa" chapter, v1.0) on RV64 with D and Zfh:
 * fli.s/d/h of every table entry, fminm/fmaxm (any NaN -> canonical NaN),
 * fround/froundnx in every rounding mode (NaN, infinities, zeros, large
 * values), fcvtmod.w.d (modular result, fcvt.w.d's flags), fleq/fltq
 * (quiet: only a signalling NaN raises NV), and the reserved forms.
 * GNU as 2.40 predates Zfa, so the instructions are written with .insn
 * from the spec's encodings (OP-FP, funct7/funct3/rs2 as the chapter
 * gives them); QEMU 7.2 predates it too.  Expected values are the spec's
 * table (fli: sign, exponent and significand bits per entry, as encoded for
 * each format) and hand-derived IEEE 754 results. */
#include "env.h"

#define SB(x) (0xffffffff00000000 | (x))   /* boxed single */
#define HB(x) (0xffffffffffff0000 | (x))   /* boxed half */
#define RNE 0
#define RTZ 1
#define RDN 2
#define RUP 3
#define RMM 4
#define DYN 7

/* .insn forms: funct3 \f3, funct7 \f7 in OP-FP */
.macro FMINM f7, rd, rs1, rs2
        .insn r 0x53, 2, \f7, \rd, \rs1, \rs2
.endm
.macro FMAXM f7, rd, rs1, rs2
        .insn r 0x53, 3, \f7, \rd, \rs1, \rs2
.endm
.macro FLEQ f7, rd, rs1, rs2
        .insn r 0x53, 4, \f7, \rd, \rs1, \rs2
.endm
.macro FLTQ f7, rd, rs1, rs2
        .insn r 0x53, 5, \f7, \rd, \rs1, \rs2
.endm
/* fround (rs2 = 4) / froundnx (rs2 = 5); f7 0x20 .s, 0x21 .d, 0x22 .h */
.macro FROUND f7, rm, rd, rs1
        .insn r 0x53, \rm, \f7, \rd, \rs1, x4
.endm
.macro FROUNDNX f7, rm, rd, rs1
        .insn r 0x53, \rm, \f7, \rd, \rs1, x5
.endm
.macro FCVTMOD rd, rs1
        .insn r 0x53, 1, 0x61, \rd, \rs1, x8
.endm
#define FS_ 0x14   /* fminm/fmaxm funct7 per format */
#define FD_ 0x15
#define FH_ 0x16
#define CS_ 0x50   /* fleq/fltq */
#define CD_ 0x51
#define CH_ 0x52

/* fli \idx with funct7 \f7 into fa3; no flags; fa3's 64 bits compared */
.macro FLI n, f7, idx, res64
        li      TESTNUM, \n
        csrwi   fflags, 0
        .insn r 0x53, 0, \f7, fa3, x\idx, x1
        csrr    a1, fflags
        CHECK   a1, 0
        fmv.x.d a0, fa3
        CHECK   a0, \res64
.endm
/* operands \a \b moved in with \mv (fmv.w.x / fmv.d.x / fmv.h.x); frm =
 * \frm; FP result fa3 compared as 64 bits */
.macro TEST_Z n, mv, frm, fl, res64, a, b, insn:vararg
        li      TESTNUM, \n
        li      t0, \a
        \mv     fa0, t0
        li      t0, \b
        \mv     fa1, t0
        csrwi   frm, \frm
        csrwi   fflags, 0
        \insn
        csrr    a1, fflags
        CHECK   a1, \fl
        fmv.x.d a0, fa3
        CHECK   a0, \res64
.endm
/* the same with an integer result in a0 */
.macro TEST_ZX n, mv, frm, fl, res, a, b, insn:vararg
        li      TESTNUM, \n
        li      t0, \a
        \mv     fa0, t0
        li      t0, \b
        \mv     fa1, t0
        csrwi   frm, \frm
        csrwi   fflags, 0
        \insn
        csrr    a1, fflags
        CHECK   a1, \fl
        CHECK   a0, \res
.endm

RVTEST_CODE_BEGIN
        /* ---- fli: all 32 entries in each format (1..96).  Half: entries
         * 2 and 3 are subnormal, entry 29 (2^16) is +inf. */
        FLI 1, 0x78, 0, 0xffffffffbf800000   /* fli.s 0 */
        FLI 2, 0x78, 1, 0xffffffff00800000   /* fli.s 1 */
        FLI 3, 0x78, 2, 0xffffffff37800000   /* fli.s 2 */
        FLI 4, 0x78, 3, 0xffffffff38000000   /* fli.s 3 */
        FLI 5, 0x78, 4, 0xffffffff3b800000   /* fli.s 4 */
        FLI 6, 0x78, 5, 0xffffffff3c000000   /* fli.s 5 */
        FLI 7, 0x78, 6, 0xffffffff3d800000   /* fli.s 6 */
        FLI 8, 0x78, 7, 0xffffffff3e000000   /* fli.s 7 */
        FLI 9, 0x78, 8, 0xffffffff3e800000   /* fli.s 8 */
        FLI 10, 0x78, 9, 0xffffffff3ea00000   /* fli.s 9 */
        FLI 11, 0x78, 10, 0xffffffff3ec00000   /* fli.s 10 */
        FLI 12, 0x78, 11, 0xffffffff3ee00000   /* fli.s 11 */
        FLI 13, 0x78, 12, 0xffffffff3f000000   /* fli.s 12 */
        FLI 14, 0x78, 13, 0xffffffff3f200000   /* fli.s 13 */
        FLI 15, 0x78, 14, 0xffffffff3f400000   /* fli.s 14 */
        FLI 16, 0x78, 15, 0xffffffff3f600000   /* fli.s 15 */
        FLI 17, 0x78, 16, 0xffffffff3f800000   /* fli.s 16 */
        FLI 18, 0x78, 17, 0xffffffff3fa00000   /* fli.s 17 */
        FLI 19, 0x78, 18, 0xffffffff3fc00000   /* fli.s 18 */
        FLI 20, 0x78, 19, 0xffffffff3fe00000   /* fli.s 19 */
        FLI 21, 0x78, 20, 0xffffffff40000000   /* fli.s 20 */
        FLI 22, 0x78, 21, 0xffffffff40200000   /* fli.s 21 */
        FLI 23, 0x78, 22, 0xffffffff40400000   /* fli.s 22 */
        FLI 24, 0x78, 23, 0xffffffff40800000   /* fli.s 23 */
        FLI 25, 0x78, 24, 0xffffffff41000000   /* fli.s 24 */
        FLI 26, 0x78, 25, 0xffffffff41800000   /* fli.s 25 */
        FLI 27, 0x78, 26, 0xffffffff43000000   /* fli.s 26 */
        FLI 28, 0x78, 27, 0xffffffff43800000   /* fli.s 27 */
        FLI 29, 0x78, 28, 0xffffffff47000000   /* fli.s 28 */
        FLI 30, 0x78, 29, 0xffffffff47800000   /* fli.s 29 */
        FLI 31, 0x78, 30, 0xffffffff7f800000   /* fli.s 30 */
        FLI 32, 0x78, 31, 0xffffffff7fc00000   /* fli.s 31 */
        FLI 33, 0x79, 0, 0xbff0000000000000   /* fli.d 0 */
        FLI 34, 0x79, 1, 0x0010000000000000   /* fli.d 1 */
        FLI 35, 0x79, 2, 0x3ef0000000000000   /* fli.d 2 */
        FLI 36, 0x79, 3, 0x3f00000000000000   /* fli.d 3 */
        FLI 37, 0x79, 4, 0x3f70000000000000   /* fli.d 4 */
        FLI 38, 0x79, 5, 0x3f80000000000000   /* fli.d 5 */
        FLI 39, 0x79, 6, 0x3fb0000000000000   /* fli.d 6 */
        FLI 40, 0x79, 7, 0x3fc0000000000000   /* fli.d 7 */
        FLI 41, 0x79, 8, 0x3fd0000000000000   /* fli.d 8 */
        FLI 42, 0x79, 9, 0x3fd4000000000000   /* fli.d 9 */
        FLI 43, 0x79, 10, 0x3fd8000000000000   /* fli.d 10 */
        FLI 44, 0x79, 11, 0x3fdc000000000000   /* fli.d 11 */
        FLI 45, 0x79, 12, 0x3fe0000000000000   /* fli.d 12 */
        FLI 46, 0x79, 13, 0x3fe4000000000000   /* fli.d 13 */
        FLI 47, 0x79, 14, 0x3fe8000000000000   /* fli.d 14 */
        FLI 48, 0x79, 15, 0x3fec000000000000   /* fli.d 15 */
        FLI 49, 0x79, 16, 0x3ff0000000000000   /* fli.d 16 */
        FLI 50, 0x79, 17, 0x3ff4000000000000   /* fli.d 17 */
        FLI 51, 0x79, 18, 0x3ff8000000000000   /* fli.d 18 */
        FLI 52, 0x79, 19, 0x3ffc000000000000   /* fli.d 19 */
        FLI 53, 0x79, 20, 0x4000000000000000   /* fli.d 20 */
        FLI 54, 0x79, 21, 0x4004000000000000   /* fli.d 21 */
        FLI 55, 0x79, 22, 0x4008000000000000   /* fli.d 22 */
        FLI 56, 0x79, 23, 0x4010000000000000   /* fli.d 23 */
        FLI 57, 0x79, 24, 0x4020000000000000   /* fli.d 24 */
        FLI 58, 0x79, 25, 0x4030000000000000   /* fli.d 25 */
        FLI 59, 0x79, 26, 0x4060000000000000   /* fli.d 26 */
        FLI 60, 0x79, 27, 0x4070000000000000   /* fli.d 27 */
        FLI 61, 0x79, 28, 0x40e0000000000000   /* fli.d 28 */
        FLI 62, 0x79, 29, 0x40f0000000000000   /* fli.d 29 */
        FLI 63, 0x79, 30, 0x7ff0000000000000   /* fli.d 30 */
        FLI 64, 0x79, 31, 0x7ff8000000000000   /* fli.d 31 */
        FLI 65, 0x7a, 0, 0xffffffffffffbc00   /* fli.h 0 */
        FLI 66, 0x7a, 1, 0xffffffffffff0400   /* fli.h 1 */
        FLI 67, 0x7a, 2, 0xffffffffffff0100   /* fli.h 2 */
        FLI 68, 0x7a, 3, 0xffffffffffff0200   /* fli.h 3 */
        FLI 69, 0x7a, 4, 0xffffffffffff1c00   /* fli.h 4 */
        FLI 70, 0x7a, 5, 0xffffffffffff2000   /* fli.h 5 */
        FLI 71, 0x7a, 6, 0xffffffffffff2c00   /* fli.h 6 */
        FLI 72, 0x7a, 7, 0xffffffffffff3000   /* fli.h 7 */
        FLI 73, 0x7a, 8, 0xffffffffffff3400   /* fli.h 8 */
        FLI 74, 0x7a, 9, 0xffffffffffff3500   /* fli.h 9 */
        FLI 75, 0x7a, 10, 0xffffffffffff3600   /* fli.h 10 */
        FLI 76, 0x7a, 11, 0xffffffffffff3700   /* fli.h 11 */
        FLI 77, 0x7a, 12, 0xffffffffffff3800   /* fli.h 12 */
        FLI 78, 0x7a, 13, 0xffffffffffff3900   /* fli.h 13 */
        FLI 79, 0x7a, 14, 0xffffffffffff3a00   /* fli.h 14 */
        FLI 80, 0x7a, 15, 0xffffffffffff3b00   /* fli.h 15 */
        FLI 81, 0x7a, 16, 0xffffffffffff3c00   /* fli.h 16 */
        FLI 82, 0x7a, 17, 0xffffffffffff3d00   /* fli.h 17 */
        FLI 83, 0x7a, 18, 0xffffffffffff3e00   /* fli.h 18 */
        FLI 84, 0x7a, 19, 0xffffffffffff3f00   /* fli.h 19 */
        FLI 85, 0x7a, 20, 0xffffffffffff4000   /* fli.h 20 */
        FLI 86, 0x7a, 21, 0xffffffffffff4100   /* fli.h 21 */
        FLI 87, 0x7a, 22, 0xffffffffffff4200   /* fli.h 22 */
        FLI 88, 0x7a, 23, 0xffffffffffff4400   /* fli.h 23 */
        FLI 89, 0x7a, 24, 0xffffffffffff4800   /* fli.h 24 */
        FLI 90, 0x7a, 25, 0xffffffffffff4c00   /* fli.h 25 */
        FLI 91, 0x7a, 26, 0xffffffffffff5800   /* fli.h 26 */
        FLI 92, 0x7a, 27, 0xffffffffffff5c00   /* fli.h 27 */
        FLI 93, 0x7a, 28, 0xffffffffffff7800   /* fli.h 28 */
        FLI 94, 0x7a, 29, 0xffffffffffff7c00   /* fli.h 29 */
        FLI 95, 0x7a, 30, 0xffffffffffff7c00   /* fli.h 30 */
        FLI 96, 0x7a, 31, 0xffffffffffff7e00   /* fli.h 31 */

        /* ---- fminm/fmaxm: any NaN gives the canonical NaN (fmin would
         * give the other operand); sNaN raises NV; -0 < +0 */
        TEST_Z 100, fmv.w.x, 0, 0,     SB(0x7fc00000), 0x7fc00000, 0x3f800000, FMINM FS_, fa3, fa0, fa1
        TEST_Z 101, fmv.w.x, 0, 0,     SB(0x7fc00000), 0x3f800000, 0xffc12345, FMAXM FS_, fa3, fa0, fa1
        TEST_Z 102, fmv.w.x, 0, FF_NV, SB(0x7fc00000), 0x7f800001, 0x3f800000, FMINM FS_, fa3, fa0, fa1
        TEST_Z 103, fmv.w.x, 0, 0,     SB(0x80000000), 0x00000000, 0x80000000, FMINM FS_, fa3, fa0, fa1
        TEST_Z 104, fmv.w.x, 0, 0,     SB(0x80000000), 0x80000000, 0x00000000, FMINM FS_, fa3, fa0, fa1
        TEST_Z 105, fmv.w.x, 0, 0,     SB(0x00000000), 0x80000000, 0x00000000, FMAXM FS_, fa3, fa0, fa1
        TEST_Z 106, fmv.w.x, 0, 0,     SB(0x3f800000), 0x3f800000, 0x40000000, FMINM FS_, fa3, fa0, fa1
        TEST_Z 107, fmv.w.x, 0, 0,     SB(0x40000000), 0x3f800000, 0x40000000, FMAXM FS_, fa3, fa0, fa1
        TEST_Z 108, fmv.w.x, 0, 0,     SB(0xff800000), 0xff800000, 0x7f800000, FMINM FS_, fa3, fa0, fa1
        TEST_Z 110, fmv.d.x, 0, 0,     0x7ff8000000000000, 0x7ff8000000000000, 0x3ff0000000000000, FMINM FD_, fa3, fa0, fa1
        TEST_Z 111, fmv.d.x, 0, FF_NV, 0x7ff8000000000000, 0x3ff0000000000000, 0x7ff0000000000001, FMAXM FD_, fa3, fa0, fa1
        TEST_Z 112, fmv.d.x, 0, 0,     0x8000000000000000, 0x0000000000000000, 0x8000000000000000, FMINM FD_, fa3, fa0, fa1
        TEST_Z 113, fmv.d.x, 0, 0,     0x0000000000000000, 0x8000000000000000, 0x0000000000000000, FMAXM FD_, fa3, fa0, fa1
        TEST_Z 114, fmv.d.x, 0, 0,     0xbff0000000000000, 0xbff0000000000000, 0x3ff0000000000000, FMINM FD_, fa3, fa0, fa1
        TEST_Z 120, fmv.h.x, 0, 0,     HB(0x7e00), 0x7e00, 0x3c00, FMINM FH_, fa3, fa0, fa1
        TEST_Z 121, fmv.h.x, 0, FF_NV, HB(0x7e00), 0x3c00, 0x7c01, FMAXM FH_, fa3, fa0, fa1
        TEST_Z 122, fmv.h.x, 0, 0,     HB(0x8000), 0x0000, 0x8000, FMINM FH_, fa3, fa0, fa1
        TEST_Z 123, fmv.h.x, 0, 0,     HB(0x0000), 0x8000, 0x0000, FMAXM FH_, fa3, fa0, fa1
        TEST_Z 124, fmv.h.x, 0, 0,     HB(0x4000), 0x3c00, 0x4000, FMAXM FH_, fa3, fa0, fa1
        /* an unboxed single operand is the canonical NaN */
        TEST_Z 125, fmv.d.x, 0, 0,     SB(0x7fc00000), 0x000000003f800000, 0xffffffff3f800000, FMINM FS_, fa3, fa0, fa1

        /* ---- fround (no NX) / froundnx (NX when the value changes) */
        /* 1.5 in each mode */
        TEST_Z 130, fmv.w.x, 0, 0,     SB(0x40000000), 0x3fc00000, 0, FROUND 0x20, RNE, fa3, fa0
        TEST_Z 131, fmv.w.x, 0, FF_NX, SB(0x40000000), 0x3fc00000, 0, FROUNDNX 0x20, RNE, fa3, fa0
        TEST_Z 132, fmv.w.x, 0, FF_NX, SB(0x3f800000), 0x3fc00000, 0, FROUNDNX 0x20, RTZ, fa3, fa0
        TEST_Z 133, fmv.w.x, 0, FF_NX, SB(0x3f800000), 0x3fc00000, 0, FROUNDNX 0x20, RDN, fa3, fa0
        TEST_Z 134, fmv.w.x, 0, FF_NX, SB(0x40000000), 0x3fc00000, 0, FROUNDNX 0x20, RUP, fa3, fa0
        TEST_Z 135, fmv.w.x, 0, FF_NX, SB(0x40000000), 0x3fc00000, 0, FROUNDNX 0x20, RMM, fa3, fa0
        /* 2.5: RNE to even 2, RMM away to 3 */
        TEST_Z 136, fmv.w.x, 0, 0,     SB(0x40000000), 0x40200000, 0, FROUND 0x20, RNE, fa3, fa0
        TEST_Z 137, fmv.w.x, 0, 0,     SB(0x40400000), 0x40200000, 0, FROUND 0x20, RMM, fa3, fa0
        /* -0.5: the sign of a zero result is kept */
        TEST_Z 138, fmv.w.x, 0, FF_NX, SB(0x80000000), 0xbf000000, 0, FROUNDNX 0x20, RNE, fa3, fa0
        TEST_Z 139, fmv.w.x, 0, FF_NX, SB(0xbf800000), 0xbf000000, 0, FROUNDNX 0x20, RDN, fa3, fa0
        TEST_Z 140, fmv.w.x, 0, FF_NX, SB(0x80000000), 0xbf000000, 0, FROUNDNX 0x20, RUP, fa3, fa0
        TEST_Z 141, fmv.w.x, 0, FF_NX, SB(0x80000000), 0xbf000000, 0, FROUNDNX 0x20, RTZ, fa3, fa0
        TEST_Z 142, fmv.w.x, 0, FF_NX, SB(0xbf800000), 0xbf000000, 0, FROUNDNX 0x20, RMM, fa3, fa0
        /* the smallest subnormal: to 1.0 upwards, +0 otherwise */
        TEST_Z 143, fmv.w.x, 0, FF_NX, SB(0x3f800000), 0x00000001, 0, FROUNDNX 0x20, RUP, fa3, fa0
        TEST_Z 144, fmv.w.x, 0, FF_NX, SB(0x00000000), 0x00000001, 0, FROUNDNX 0x20, RNE, fa3, fa0
        /* dynamic mode: frm = RUP, 0.3 -> 1 */
        TEST_Z 145, fmv.w.x, RUP, FF_NX, SB(0x3f800000), 0x3e99999a, 0, FROUNDNX 0x20, DYN, fa3, fa0
        TEST_Z 146, fmv.w.x, RDN, 0,   SB(0x00000000), 0x3e99999a, 0, FROUND 0x20, DYN, fa3, fa0
        /* already integral (2^23 + 1, 1e30), infinities, zeros: unchanged */
        TEST_Z 147, fmv.w.x, 0, 0,     SB(0x4b000001), 0x4b000001, 0, FROUNDNX 0x20, RUP, fa3, fa0
        TEST_Z 148, fmv.w.x, 0, 0,     SB(0x7149f2ca), 0x7149f2ca, 0, FROUNDNX 0x20, RDN, fa3, fa0
        TEST_Z 149, fmv.w.x, 0, 0,     SB(0xff800000), 0xff800000, 0, FROUNDNX 0x20, RNE, fa3, fa0
        TEST_Z 150, fmv.w.x, 0, 0,     SB(0x80000000), 0x80000000, 0, FROUNDNX 0x20, RUP, fa3, fa0
        /* NaN: canonical; NV only for a signalling one (never NX) */
        TEST_Z 151, fmv.w.x, 0, 0,     SB(0x7fc00000), 0x7fc12345, 0, FROUNDNX 0x20, RNE, fa3, fa0
        TEST_Z 152, fmv.w.x, 0, FF_NV, SB(0x7fc00000), 0x7f800001, 0, FROUND 0x20, RNE, fa3, fa0
        TEST_Z 153, fmv.w.x, 0, FF_NV, SB(0x7fc00000), 0xff800001, 0, FROUNDNX 0x20, RNE, fa3, fa0
        /* double: 2^52 - 0.5 is a tie between 2^52 - 1 (odd) and 2^52 */
        TEST_Z 160, fmv.d.x, 0, FF_NX, 0x4330000000000000, 0x432fffffffffffff, 0, FROUNDNX 0x21, RNE, fa3, fa0
        TEST_Z 161, fmv.d.x, 0, 0,     0x432ffffffffffffe, 0x432fffffffffffff, 0, FROUND 0x21, RTZ, fa3, fa0
        TEST_Z 162, fmv.d.x, 0, FF_NX, 0x4330000000000000, 0x432fffffffffffff, 0, FROUNDNX 0x21, RMM, fa3, fa0
        TEST_Z 163, fmv.d.x, 0, 0,     0x4330000000000001, 0x4330000000000001, 0, FROUNDNX 0x21, RUP, fa3, fa0
        TEST_Z 164, fmv.d.x, 0, FF_NX, 0xc000000000000000, 0xbff8000000000000, 0, FROUNDNX 0x21, RDN, fa3, fa0
        TEST_Z 165, fmv.d.x, 0, FF_NX, 0xbff0000000000000, 0xbff8000000000000, 0, FROUNDNX 0x21, RUP, fa3, fa0
        TEST_Z 166, fmv.d.x, 0, FF_NV, 0x7ff8000000000000, 0x7ff0000000000001, 0, FROUNDNX 0x21, RNE, fa3, fa0
        TEST_Z 167, fmv.d.x, 0, 0,     0x7ff0000000000000, 0x7ff0000000000000, 0, FROUNDNX 0x21, RTZ, fa3, fa0
        TEST_Z 168, fmv.d.x, 0, FF_NX, 0x8000000000000000, 0x8000000000000001, 0, FROUNDNX 0x21, RNE, fa3, fa0
        /* half: 1023.5 (0x63ff) ties to 1024 in RNE, truncates to 1023 */
        TEST_Z 170, fmv.h.x, 0, FF_NX, HB(0x6400), 0x63ff, 0, FROUNDNX 0x22, RNE, fa3, fa0
        TEST_Z 171, fmv.h.x, 0, FF_NX, HB(0x63fe), 0x63ff, 0, FROUNDNX 0x22, RTZ, fa3, fa0
        TEST_Z 172, fmv.h.x, 0, 0,     HB(0x4000), 0x4100, 0, FROUND 0x22, RNE, fa3, fa0
        TEST_Z 173, fmv.h.x, 0, 0,     HB(0x4200), 0x4100, 0, FROUND 0x22, RMM, fa3, fa0
        TEST_Z 174, fmv.h.x, 0, FF_NX, HB(0x3c00), 0x0001, 0, FROUNDNX 0x22, RUP, fa3, fa0
        TEST_Z 175, fmv.h.x, 0, FF_NV, HB(0x7e00), 0x7c01, 0, FROUND 0x22, RNE, fa3, fa0
        TEST_Z 176, fmv.h.x, 0, 0,     HB(0x7bff), 0x7bff, 0, FROUNDNX 0x22, RDN, fa3, fa0
        TEST_Z 177, fmv.h.x, 0, 0,     HB(0xfc00), 0xfc00, 0, FROUNDNX 0x22, RDN, fa3, fa0
        TEST_Z 178, fmv.h.x, 0, FF_NX, HB(0x8000), 0xb800, 0, FROUNDNX 0x22, RNE, fa3, fa0

        /* ---- fcvtmod.w.d: bits 31:0 of the truncated value, sign-extended;
         * flags as fcvt.w.d rtz: NV (not NX) out of range or NaN/inf */
        TEST_ZX 180, fmv.d.x, 0, FF_NX, 1,                  0x3ff8000000000000, 0, FCVTMOD a0, fa0
        TEST_ZX 181, fmv.d.x, 0, FF_NX, -1,                 0xbff8000000000000, 0, FCVTMOD a0, fa0
        TEST_ZX 182, fmv.d.x, 0, FF_NV, 0xffffffff80000000, 0x41e0000000000000, 0, FCVTMOD a0, fa0   /* 2^31 */
        TEST_ZX 183, fmv.d.x, 0, 0,     0xffffffff80000000, 0xc1e0000000000000, 0, FCVTMOD a0, fa0   /* -2^31 */
        TEST_ZX 184, fmv.d.x, 0, FF_NV, 5,                  0x41f0000000500000, 0, FCVTMOD a0, fa0   /* 2^32 + 5 */
        TEST_ZX 185, fmv.d.x, 0, FF_NV, 5,                  0x41f0000000580000, 0, FCVTMOD a0, fa0   /* 2^32 + 5.5 */
        TEST_ZX 186, fmv.d.x, 0, FF_NV, -5,                 0xc1f0000000500000, 0, FCVTMOD a0, fa0   /* -(2^32 + 5) */
        TEST_ZX 187, fmv.d.x, 0, FF_NV, 0,                  0x7e37e43c8800759c, 0, FCVTMOD a0, fa0   /* 1e300 */
        TEST_ZX 188, fmv.d.x, 0, FF_NV, 2,                  0x4340000000000001, 0, FCVTMOD a0, fa0   /* 2^53 + 2 */
        TEST_ZX 189, fmv.d.x, 0, FF_NV, 0xffffffff80000000, 0x41f8000000000000, 0, FCVTMOD a0, fa0   /* 3 * 2^31 */
        TEST_ZX 190, fmv.d.x, 0, FF_NV, 0,                  0x7ff0000000000000, 0, FCVTMOD a0, fa0
        TEST_ZX 191, fmv.d.x, 0, FF_NV, 0,                  0xfff0000000000000, 0, FCVTMOD a0, fa0
        TEST_ZX 192, fmv.d.x, 0, FF_NV, 0,                  0x7ff8000000000000, 0, FCVTMOD a0, fa0
        TEST_ZX 193, fmv.d.x, 0, FF_NV, 0,                  0x7ff0000000000001, 0, FCVTMOD a0, fa0
        TEST_ZX 194, fmv.d.x, 0, 0,     0,                  0x8000000000000000, 0, FCVTMOD a0, fa0
        TEST_ZX 195, fmv.d.x, 0, FF_NX, 0,                  0x3feccccccccccccd, 0, FCVTMOD a0, fa0   /* 0.9 */
        TEST_ZX 196, fmv.d.x, 0, FF_NX, 0x7fffffff,         0x41dfffffffe00000, 0, FCVTMOD a0, fa0   /* 2^31 - 0.5 */
        TEST_ZX 197, fmv.d.x, 0, FF_NX, 0xffffffff80000000, 0xc1e0000000100000, 0, FCVTMOD a0, fa0   /* -2^31 - 0.5 */
        TEST_ZX 198, fmv.d.x, 4, FF_NX, 1,                  0x3ffc000000000000, 0, FCVTMOD a0, fa0   /* 1.75: rm is RTZ whatever frm */

        /* ---- fleq/fltq: quiet NaNs raise nothing, signalling NV */
        TEST_ZX 200, fmv.w.x, 0, 0,     0, 0x7fc00000, 0x3f800000, FLTQ CS_, a0, fa0, fa1
        TEST_ZX 201, fmv.w.x, 0, 0,     0, 0x3f800000, 0x7fc00000, FLEQ CS_, a0, fa0, fa1
        TEST_ZX 202, fmv.w.x, 0, FF_NV, 0, 0x7f800001, 0x3f800000, FLTQ CS_, a0, fa0, fa1
        TEST_ZX 203, fmv.w.x, 0, FF_NV, 0, 0x3f800000, 0x7f800001, FLEQ CS_, a0, fa0, fa1
        TEST_ZX 204, fmv.w.x, 0, 0,     1, 0x3f800000, 0x40000000, FLTQ CS_, a0, fa0, fa1
        TEST_ZX 205, fmv.w.x, 0, 0,     0, 0x40000000, 0x40000000, FLTQ CS_, a0, fa0, fa1
        TEST_ZX 206, fmv.w.x, 0, 0,     1, 0x40000000, 0x40000000, FLEQ CS_, a0, fa0, fa1
        TEST_ZX 207, fmv.w.x, 0, 0,     0, 0x80000000, 0x00000000, FLTQ CS_, a0, fa0, fa1
        TEST_ZX 208, fmv.w.x, 0, 0,     1, 0x00000000, 0x80000000, FLEQ CS_, a0, fa0, fa1
        TEST_ZX 210, fmv.d.x, 0, 0,     0, 0x7ff8000000000000, 0x3ff0000000000000, FLTQ CD_, a0, fa0, fa1
        TEST_ZX 211, fmv.d.x, 0, FF_NV, 0, 0x7ff0000000000001, 0x3ff0000000000000, FLEQ CD_, a0, fa0, fa1
        TEST_ZX 212, fmv.d.x, 0, 0,     1, 0xbff0000000000000, 0x3ff0000000000000, FLTQ CD_, a0, fa0, fa1
        TEST_ZX 213, fmv.d.x, 0, 0,     0, 0x3ff0000000000000, 0xbff0000000000000, FLEQ CD_, a0, fa0, fa1
        TEST_ZX 220, fmv.h.x, 0, 0,     0, 0x7e00, 0x3c00, FLTQ CH_, a0, fa0, fa1
        TEST_ZX 221, fmv.h.x, 0, FF_NV, 0, 0x7c01, 0x3c00, FLEQ CH_, a0, fa0, fa1
        TEST_ZX 222, fmv.h.x, 0, 0,     1, 0x3c00, 0x4000, FLTQ CH_, a0, fa0, fa1
        TEST_ZX 223, fmv.h.x, 0, 0,     1, 0x8000, 0x0000, FLEQ CH_, a0, fa0, fa1
        /* unboxed half: canonical (quiet) NaN: no flag */
        TEST_ZX 224, fmv.d.x, 0, 0,     0, 0x0000000000003c00, 0x0000000000003c00, FLEQ CH_, a0, fa0, fa1

        /* ---- reserved: fcvtmod.w.d with rm != RTZ; RV32-only fmvh.x.d and
         * fmvp.d.x; fround with rm = 5; mtval = the instruction bits */
        TEST_TRAP 230, CAUSE_ILLEGAL, .insn r 0x53, 0, 0x61, a0, fa0, x8
        TRAP_TVAL a0
        CHECK   a0, 0xc2850553
        TEST_TRAP 231, CAUSE_ILLEGAL, .insn r 0x53, 7, 0x61, a0, fa0, x8
        TEST_TRAP 232, CAUSE_ILLEGAL, .insn r 0x53, 0, 0x71, a0, fa0, x1
        TRAP_TVAL a0
        CHECK   a0, 0xe2150553
        TEST_TRAP 233, CAUSE_ILLEGAL, .insn r 0x53, 0, 0x59, fa0, a0, a1
        TEST_TRAP 234, CAUSE_ILLEGAL, .insn r 0x53, 5, 0x20, fa3, fa0, x4
        /* an invalid dynamic mode makes fround illegal, not fli */
        li      t0, 6
        csrw    frm, t0
        TEST_TRAP 235, CAUSE_ILLEGAL, FROUND 0x20, DYN, fa3, fa0
        li      TESTNUM, 236
        .insn r 0x53, 0, 0x78, fa3, x16, x1    /* fli.s fa3, 1.0 */
        fmv.x.w a0, fa3
        CHECK   a0, 0x3f800000
        csrwi   frm, 0
        /* fli with FS = Off is illegal */
        li      t0, MSTATUS_FS
        csrc    mstatus, t0
        TEST_TRAP 237, CAUSE_ILLEGAL, .insn r 0x53, 0, 0x79, fa3, x16, x1
        li      t0, MSTATUS_FS_INITIAL
        csrs    mstatus, t0
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
