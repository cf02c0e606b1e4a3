/* rvx-isa: rv64gc_zfh */
/* Zfh and Zfhmin: half-precision arithmetic, fused multiply-adds, sign
 * injection, min/max, compares, fclass, conversions to and from integers
 * and the other formats, under every rounding mode (static rm and dynamic
 * frm), with the exact fflags after each operation; NaN-boxing of halves
 * (unprivileged spec, Zfh: a half is valid only if bits 63:16 are all
 * ones, else it reads as the canonical NaN 0x7e00); flh/fsh/fmv moving raw
 * bits; FS = Off making them illegal and a write making FS Dirty.
 * Expected values are hand-derived from IEEE 754 (binary16: p = 11,
 * emin = -14; tininess after rounding as RISC-V specifies); the working for
 * the less obvious ones is in the comments.  The same checks pass on
 * qemu-system-riscv64 -cpu rv64,Zfh=true (QEMU 7.2, an independent
 * implementation). */
#include "env.h"

#define H(x) (0xffffffffffff0000 | (x))    /* a NaN-boxed half */
#define S(x) (0xffffffff00000000 | (x))    /* a NaN-boxed single */
#define CNAN_H 0x7e00

/* halves \a \b \c into fa0..fa2 (fmv.h.x boxes them); frm = \frm; the
 * whole 64-bit fa3 is compared, so the result's boxing is checked too */
.macro TEST_FH n, frm, fl, res64, a, b, c, insn:vararg
        li      TESTNUM, \n
        li      t0, \a
        fmv.h.x fa0, t0
        li      t0, \b
        fmv.h.x fa1, t0
        li      t0, \c
        fmv.h.x fa2, t0
        csrwi   frm, \frm
        csrwi   fflags, 0
        \insn
        csrr    a1, fflags
        CHECK   a1, \fl
        fmv.x.d a0, fa3
        CHECK   a0, \res64
.endm
/* halves in fa0, fa1; integer result in a0 */
.macro TEST_FH_X n, frm, fl, res, a, b, insn:vararg
        li      TESTNUM, \n
        li      t0, \a
        fmv.h.x fa0, t0
        li      t0, \b
        fmv.h.x fa1, t0
        csrwi   frm, \frm
        csrwi   fflags, 0
        \insn
        csrr    a1, fflags
        CHECK   a1, \fl
        CHECK   a0, \res
.endm
/* 64 raw bits \a in fa0 (fmv.d.x: any boxing); 64-bit fa3 compared */
.macro TEST_RAW n, frm, fl, res64, a, insn:vararg
        li      TESTNUM, \n
        li      t0, \a
        fmv.d.x fa0, t0
        csrwi   frm, \frm
        csrwi   fflags, 0
        \insn
        csrr    a1, fflags
        CHECK   a1, \fl
        fmv.x.d a0, fa3
        CHECK   a0, \res64
.endm
/* integer \a in a0; 64-bit fa3 compared */
.macro TEST_X_FH n, frm, fl, res64, a, insn:vararg
        li      TESTNUM, \n
        li      a0, \a
        csrwi   frm, \frm
        csrwi   fflags, 0
        \insn
        csrr    a1, fflags
        CHECK   a1, \fl
        fmv.x.d a2, fa3
        CHECK   a2, \res64
.endm

RVTEST_CODE_BEGIN
        /* ---- fadd/fsub: 1 + 2^-11 is a tie (half an ulp of 1.0) */
        TEST_FH   1, 0, 0,     H(0x4200), 0x3c00, 0x4000, 0, fadd.h fa3, fa0, fa1
        TEST_FH   2, 0, FF_NX, H(0x3c00), 0x3c00, 0x1000, 0, fadd.h fa3, fa0, fa1, rne
        TEST_FH   3, 0, FF_NX, H(0x3c00), 0x3c00, 0x1000, 0, fadd.h fa3, fa0, fa1, rtz
        TEST_FH   4, 0, FF_NX, H(0x3c00), 0x3c00, 0x1000, 0, fadd.h fa3, fa0, fa1, rdn
        TEST_FH   5, 0, FF_NX, H(0x3c01), 0x3c00, 0x1000, 0, fadd.h fa3, fa0, fa1, rup
        TEST_FH   6, 0, FF_NX, H(0x3c01), 0x3c00, 0x1000, 0, fadd.h fa3, fa0, fa1, rmm
        /* (1 + 2^-10) + 2^-11: a tie whose even neighbour is above */
        TEST_FH   7, 0, FF_NX, H(0x3c02), 0x3c01, 0x1000, 0, fadd.h fa3, fa0, fa1, rne
        TEST_FH   8, 0, FF_NX, H(0x3c01), 0x3c01, 0x1000, 0, fadd.h fa3, fa0, fa1, rtz
        TEST_FH   9, 0, FF_NX, H(0x3c02), 0x3c01, 0x1000, 0, fadd.h fa3, fa0, fa1, rmm
        /* negative: -1 - 2^-11 */
        TEST_FH  10, 0, FF_NX, H(0xbc00), 0xbc00, 0x9000, 0, fadd.h fa3, fa0, fa1, rne
        TEST_FH  11, 0, FF_NX, H(0xbc01), 0xbc00, 0x9000, 0, fadd.h fa3, fa0, fa1, rdn
        TEST_FH  12, 0, FF_NX, H(0xbc00), 0xbc00, 0x9000, 0, fadd.h fa3, fa0, fa1, rup
        TEST_FH  13, 0, FF_NX, H(0xbc01), 0xbc00, 0x9000, 0, fadd.h fa3, fa0, fa1, rmm
        /* dynamic rounding mode from frm (1 RTZ, 2 RDN, 3 RUP, 4 RMM) */
        TEST_FH  14, 3, FF_NX, H(0x3c01), 0x3c00, 0x1000, 0, fadd.h fa3, fa0, fa1
        TEST_FH  15, 1, FF_NX, H(0x3c00), 0x3c00, 0x1000, 0, fadd.h fa3, fa0, fa1
        TEST_FH  16, 4, FF_NX, H(0x3c01), 0x3c00, 0x1000, 0, fadd.h fa3, fa0, fa1
        TEST_FH  17, 2, FF_NX, H(0xbc01), 0xbc00, 0x9000, 0, fadd.h fa3, fa0, fa1
        /* overflow: 65504 + 65504 */
        TEST_FH  18, 0, FF_OF|FF_NX, H(0x7c00), 0x7bff, 0x7bff, 0, fadd.h fa3, fa0, fa1, rne
        TEST_FH  19, 0, FF_OF|FF_NX, H(0x7bff), 0x7bff, 0x7bff, 0, fadd.h fa3, fa0, fa1, rtz
        TEST_FH  20, 0, FF_OF|FF_NX, H(0x7bff), 0x7bff, 0x7bff, 0, fadd.h fa3, fa0, fa1, rdn
        TEST_FH  21, 0, FF_OF|FF_NX, H(0x7c00), 0x7bff, 0x7bff, 0, fadd.h fa3, fa0, fa1, rup
        TEST_FH  22, 0, FF_OF|FF_NX, H(0x7c00), 0x7bff, 0x7bff, 0, fadd.h fa3, fa0, fa1, rmm
        TEST_FH  23, 0, FF_OF|FF_NX, H(0xfc00), 0xfbff, 0xfbff, 0, fadd.h fa3, fa0, fa1, rdn
        TEST_FH  24, 0, FF_OF|FF_NX, H(0xfbff), 0xfbff, 0xfbff, 0, fadd.h fa3, fa0, fa1, rup
        /* inf - inf, x - x (+0, -0 under RDN), NaN operands */
        TEST_FH  25, 0, FF_NV, H(CNAN_H), 0x7c00, 0x7c00, 0, fsub.h fa3, fa0, fa1, rne
        TEST_FH  26, 0, 0,     H(0x0000), 0x3c00, 0x3c00, 0, fsub.h fa3, fa0, fa1, rne
        TEST_FH  27, 0, 0,     H(0x8000), 0x3c00, 0x3c00, 0, fsub.h fa3, fa0, fa1, rdn
        TEST_FH  28, 0, FF_NV, H(CNAN_H), 0x7c01, 0x3c00, 0, fadd.h fa3, fa0, fa1, rne
        TEST_FH  29, 0, 0,     H(CNAN_H), 0xfe55, 0x3c00, 0, fadd.h fa3, fa0, fa1, rne
        TEST_FH  30, 0, 0,     H(0x7c00), 0x7c00, 0xfbff, 0, fadd.h fa3, fa0, fa1, rne
        /* subnormals: min normal - smallest subnormal (exact) */
        TEST_FH  31, 0, 0,     H(0x03ff), 0x0400, 0x0001, 0, fsub.h fa3, fa0, fa1, rne

        /* ---- fmul: subnormal results and tininess after rounding.
         * 0x03ff * 0x3c01 = 2^-14 (1 - 2^-20): rounded to 11 bits with an
         * unbounded exponent it is 2^-14 in RNE/RUP/RMM (not tiny: NX
         * only), but stays below 2^-14 in RTZ/RDN (tiny: UF and NX). */
        TEST_FH  40, 0, 0,     H(0x0200), 0x0400, 0x3800, 0, fmul.h fa3, fa0, fa1, rne
        TEST_FH  41, 0, FF_NX, H(0x0400), 0x03ff, 0x3c01, 0, fmul.h fa3, fa0, fa1, rne
        TEST_FH  42, 0, FF_UF|FF_NX, H(0x03ff), 0x03ff, 0x3c01, 0, fmul.h fa3, fa0, fa1, rtz
        TEST_FH  43, 0, FF_UF|FF_NX, H(0x03ff), 0x03ff, 0x3c01, 0, fmul.h fa3, fa0, fa1, rdn
        TEST_FH  44, 0, FF_NX, H(0x0400), 0x03ff, 0x3c01, 0, fmul.h fa3, fa0, fa1, rup
        TEST_FH  45, 0, FF_NX, H(0x0400), 0x03ff, 0x3c01, 0, fmul.h fa3, fa0, fa1, rmm
        /* 2^-24 * 0.5: a tie between 0 and 2^-24 */
        TEST_FH  46, 0, FF_UF|FF_NX, H(0x0000), 0x0001, 0x3800, 0, fmul.h fa3, fa0, fa1, rne
        TEST_FH  47, 0, FF_UF|FF_NX, H(0x0001), 0x0001, 0x3800, 0, fmul.h fa3, fa0, fa1, rmm
        TEST_FH  48, 0, FF_UF|FF_NX, H(0x8001), 0x8001, 0x3800, 0, fmul.h fa3, fa0, fa1, rdn
        TEST_FH  49, 0, FF_UF|FF_NX, H(0x8000), 0x8001, 0x3800, 0, fmul.h fa3, fa0, fa1, rup
        TEST_FH  50, 0, FF_NV, H(CNAN_H), 0x7c00, 0x0000, 0, fmul.h fa3, fa0, fa1, rne
        TEST_FH  51, 0, 0,     H(0x8000), 0x0000, 0xbc00, 0, fmul.h fa3, fa0, fa1, rne

        /* ---- fdiv: 1/3 = 2^-2 * 1.0101010101|0101.. rounds down */
        TEST_FH  60, 0, FF_NX, H(0x3555), 0x3c00, 0x4200, 0, fdiv.h fa3, fa0, fa1, rne
        TEST_FH  61, 0, FF_NX, H(0x3556), 0x3c00, 0x4200, 0, fdiv.h fa3, fa0, fa1, rup
        TEST_FH  62, 0, FF_NX, H(0xb556), 0xbc00, 0x4200, 0, fdiv.h fa3, fa0, fa1, rdn
        TEST_FH  63, 0, FF_DZ, H(0x7c00), 0x3c00, 0x0000, 0, fdiv.h fa3, fa0, fa1, rne
        TEST_FH  64, 0, FF_DZ, H(0xfc00), 0x3c00, 0x8000, 0, fdiv.h fa3, fa0, fa1, rne
        TEST_FH  65, 0, FF_NV, H(CNAN_H), 0x0000, 0x0000, 0, fdiv.h fa3, fa0, fa1, rne
        TEST_FH  66, 0, 0,     H(0x3800), 0x3c00, 0x4000, 0, fdiv.h fa3, fa0, fa1, rne

        /* ---- fsqrt: sqrt(2) = 1.0110101000|0010011.. */
        TEST_FH  70, 0, 0,     H(0x4000), 0x4400, 0, 0, fsqrt.h fa3, fa0, rne
        TEST_FH  71, 0, FF_NX, H(0x3da8), 0x4000, 0, 0, fsqrt.h fa3, fa0, rne
        TEST_FH  72, 0, FF_NX, H(0x3da9), 0x4000, 0, 0, fsqrt.h fa3, fa0, rup
        TEST_FH  73, 0, FF_NV, H(CNAN_H), 0xbc00, 0, 0, fsqrt.h fa3, fa0, rne
        TEST_FH  74, 0, 0,     H(0x8000), 0x8000, 0, 0, fsqrt.h fa3, fa0, rne
        TEST_FH  75, 0, 0,     H(0x7c00), 0x7c00, 0, 0, fsqrt.h fa3, fa0, rne

        /* ---- fused multiply-add: (1 + 2^-10)^2 - 1 = 2^-9 (1 + 2^-11), a
         * tie only the fused operation sees (rounding the product first
         * would give exactly 2^-9 with no NX) */
        TEST_FH  80, 0, FF_NX, H(0x1800), 0x3c01, 0x3c01, 0xbc00, fmadd.h fa3, fa0, fa1, fa2, rne
        TEST_FH  81, 0, FF_NX, H(0x1801), 0x3c01, 0x3c01, 0xbc00, fmadd.h fa3, fa0, fa1, fa2, rup
        TEST_FH  82, 0, FF_NX, H(0x1801), 0x3c01, 0x3c01, 0xbc00, fmadd.h fa3, fa0, fa1, fa2, rmm
        TEST_FH  83, 0, FF_NX, H(0x1800), 0x3c01, 0x3c01, 0x3c00, fmsub.h fa3, fa0, fa1, fa2, rne
        TEST_FH  84, 0, FF_NX, H(0x9801), 0x3c01, 0x3c01, 0xbc00, fnmadd.h fa3, fa0, fa1, fa2, rdn
        TEST_FH  85, 0, FF_NX, H(0x9800), 0x3c01, 0x3c01, 0x3c00, fnmsub.h fa3, fa0, fa1, fa2, rne
        TEST_FH  86, 0, 0,     H(0x4500), 0x4000, 0x4000, 0x3c00, fmadd.h fa3, fa0, fa1, fa2
        /* inf * 0 + qNaN is invalid */
        TEST_FH  87, 0, FF_NV, H(CNAN_H), 0x7c00, 0x0000, 0x7e00, fmadd.h fa3, fa0, fa1, fa2, rne
        /* +0 * 1 - (+0) = +0; -0 under RDN */
        TEST_FH  88, 0, 0,     H(0x0000), 0x0000, 0x3c00, 0x0000, fmsub.h fa3, fa0, fa1, fa2, rne
        TEST_FH  89, 0, 0,     H(0x8000), 0x0000, 0x3c00, 0x0000, fmsub.h fa3, fa0, fa1, fa2, rdn

        /* ---- sign injection, min/max (-0 < +0; one NaN: the other operand) */
        TEST_FH  90, 0, 0,     H(0xbc00), 0x3c00, 0x8000, 0, fsgnj.h fa3, fa0, fa1
        TEST_FH  91, 0, 0,     H(0x3c00), 0x3c00, 0x8000, 0, fsgnjn.h fa3, fa0, fa1
        TEST_FH  92, 0, 0,     H(0x3c00), 0xbc00, 0x8000, 0, fsgnjx.h fa3, fa0, fa1
        TEST_FH  93, 0, 0,     H(0x8000), 0x0000, 0x8000, 0, fmin.h fa3, fa0, fa1
        TEST_FH  94, 0, 0,     H(0x0000), 0x8000, 0x0000, 0, fmax.h fa3, fa0, fa1
        TEST_FH  95, 0, 0,     H(0x3c00), 0x7e00, 0x3c00, 0, fmin.h fa3, fa0, fa1
        TEST_FH  96, 0, FF_NV, H(0x3c00), 0x7c01, 0x3c00, 0, fmax.h fa3, fa0, fa1
        TEST_FH  97, 0, 0,     H(CNAN_H), 0x7e00, 0xfe00, 0, fmin.h fa3, fa0, fa1
        TEST_FH  98, 0, 0,     H(0xbc00), 0xbc00, 0x4000, 0, fmin.h fa3, fa0, fa1

        /* ---- compares: feq quiet, flt/fle signalling */
        TEST_FH_X 100, 0, 0,     1, 0x0000, 0x8000, feq.h a0, fa0, fa1
        TEST_FH_X 101, 0, 0,     0, 0x7e00, 0x3c00, feq.h a0, fa0, fa1
        TEST_FH_X 102, 0, FF_NV, 0, 0x7c01, 0x3c00, feq.h a0, fa0, fa1
        TEST_FH_X 103, 0, FF_NV, 0, 0x7e00, 0x3c00, flt.h a0, fa0, fa1
        TEST_FH_X 104, 0, FF_NV, 0, 0x3c00, 0x7e00, fle.h a0, fa0, fa1
        TEST_FH_X 105, 0, 0,     0, 0x8000, 0x0000, flt.h a0, fa0, fa1
        TEST_FH_X 106, 0, 0,     1, 0x8000, 0x0000, fle.h a0, fa0, fa1
        TEST_FH_X 107, 0, 0,     1, 0xbc00, 0x0001, flt.h a0, fa0, fa1
        TEST_FH_X 108, 0, 0,     0, 0x3c01, 0x3c00, fle.h a0, fa0, fa1

        /* ---- fclass: one bit per class */
        TEST_FH_X 110, 0, 0, 0x001, 0xfc00, 0, fclass.h a0, fa0
        TEST_FH_X 111, 0, 0, 0x002, 0xbc00, 0, fclass.h a0, fa0
        TEST_FH_X 112, 0, 0, 0x004, 0x8001, 0, fclass.h a0, fa0
        TEST_FH_X 113, 0, 0, 0x008, 0x8000, 0, fclass.h a0, fa0
        TEST_FH_X 114, 0, 0, 0x010, 0x0000, 0, fclass.h a0, fa0
        TEST_FH_X 115, 0, 0, 0x020, 0x03ff, 0, fclass.h a0, fa0
        TEST_FH_X 116, 0, 0, 0x040, 0x7bff, 0, fclass.h a0, fa0
        TEST_FH_X 117, 0, 0, 0x080, 0x7c00, 0, fclass.h a0, fa0
        TEST_FH_X 118, 0, 0, 0x100, 0x7c01, 0, fclass.h a0, fa0
        TEST_FH_X 119, 0, 0, 0x200, 0x7e00, 0, fclass.h a0, fa0

        /* ---- half -> integer: 1.5, -1.5, 2.5 in every mode; saturation */
        TEST_FH_X 120, 0, FF_NX, 2,  0x3e00, 0, fcvt.w.h a0, fa0, rne
        TEST_FH_X 121, 0, FF_NX, 1,  0x3e00, 0, fcvt.w.h a0, fa0, rtz
        TEST_FH_X 122, 0, FF_NX, 1,  0x3e00, 0, fcvt.w.h a0, fa0, rdn
        TEST_FH_X 123, 0, FF_NX, 2,  0x3e00, 0, fcvt.w.h a0, fa0, rup
        TEST_FH_X 124, 0, FF_NX, 2,  0x3e00, 0, fcvt.w.h a0, fa0, rmm
        TEST_FH_X 125, 0, FF_NX, -2, 0xbe00, 0, fcvt.w.h a0, fa0, rne
        TEST_FH_X 126, 0, FF_NX, -1, 0xbe00, 0, fcvt.w.h a0, fa0, rtz
        TEST_FH_X 127, 0, FF_NX, -2, 0xbe00, 0, fcvt.w.h a0, fa0, rdn
        TEST_FH_X 128, 0, FF_NX, -1, 0xbe00, 0, fcvt.w.h a0, fa0, rup
        TEST_FH_X 129, 0, FF_NX, -2, 0xbe00, 0, fcvt.w.h a0, fa0, rmm
        TEST_FH_X 130, 0, FF_NX, 2,  0x4100, 0, fcvt.w.h a0, fa0, rne
        TEST_FH_X 131, 0, FF_NX, 3,  0x4100, 0, fcvt.w.h a0, fa0, rmm
        TEST_FH_X 132, 4, FF_NX, 3,  0x4100, 0, fcvt.w.h a0, fa0
        TEST_FH_X 133, 0, FF_NV, 0x7fffffff, 0x7c00, 0, fcvt.w.h a0, fa0, rne
        TEST_FH_X 134, 0, FF_NV, 0xffffffff80000000, 0xfc00, 0, fcvt.w.h a0, fa0, rne
        TEST_FH_X 135, 0, FF_NV, 0x7fffffff, 0x7e00, 0, fcvt.w.h a0, fa0, rne
        TEST_FH_X 136, 0, 0,     65504, 0x7bff, 0, fcvt.w.h a0, fa0, rne
        TEST_FH_X 137, 0, FF_NV, 0, 0xbc00, 0, fcvt.wu.h a0, fa0, rne
        TEST_FH_X 138, 0, FF_NX, 0, 0xb800, 0, fcvt.wu.h a0, fa0, rtz
        TEST_FH_X 139, 0, FF_NV, 0, 0xb800, 0, fcvt.wu.h a0, fa0, rdn
        TEST_FH_X 140, 0, FF_NV, 0xffffffffffffffff, 0x7c00, 0, fcvt.wu.h a0, fa0, rne
        TEST_FH_X 141, 0, 0,     0xffffffffffff0020, 0xfbff, 0, fcvt.l.h a0, fa0, rne
        TEST_FH_X 142, 0, FF_NV, 0x7fffffffffffffff, 0x7c00, 0, fcvt.l.h a0, fa0, rne
        TEST_FH_X 143, 0, FF_NV, 0xffffffffffffffff, 0x7e00, 0, fcvt.lu.h a0, fa0, rne
        TEST_FH_X 144, 0, FF_NX, 1, 0x0001, 0, fcvt.lu.h a0, fa0, rup
        TEST_FH_X 145, 0, FF_NX, 0, 0x0001, 0, fcvt.lu.h a0, fa0, rne

        /* ---- integer -> half: 2049 is a tie (spacing 2 above 2048);
         * 65519 rounds to 65504, 65520 is a tie that rounds (RNE) to 2^16:
         * overflow */
        TEST_X_FH 150, 0, 0,     H(0x0000), 0, fcvt.h.w fa3, a0, rne
        TEST_X_FH 151, 0, FF_NX, H(0x6800), 2049, fcvt.h.w fa3, a0, rne
        TEST_X_FH 152, 0, FF_NX, H(0x6801), 2049, fcvt.h.w fa3, a0, rup
        TEST_X_FH 153, 0, FF_NX, H(0x6801), 2049, fcvt.h.w fa3, a0, rmm
        TEST_X_FH 154, 0, FF_NX, H(0xe801), -2049, fcvt.h.w fa3, a0, rdn
        TEST_X_FH 155, 0, 0,     H(0x7bff), 65504, fcvt.h.w fa3, a0, rne
        TEST_X_FH 156, 0, FF_NX, H(0x7bff), 65519, fcvt.h.w fa3, a0, rne
        TEST_X_FH 157, 0, FF_OF|FF_NX, H(0x7c00), 65520, fcvt.h.w fa3, a0, rne
        TEST_X_FH 158, 0, FF_NX, H(0x7bff), 65520, fcvt.h.w fa3, a0, rtz
        TEST_X_FH 159, 0, FF_OF|FF_NX, H(0x7c00), 70000, fcvt.h.wu fa3, a0, rne
        TEST_X_FH 160, 0, FF_OF|FF_NX, H(0x7bff), 70000, fcvt.h.wu fa3, a0, rtz
        TEST_X_FH 161, 0, FF_OF|FF_NX, H(0xfc00), 0x8000000000000000, fcvt.h.l fa3, a0, rne
        TEST_X_FH 162, 0, FF_OF|FF_NX, H(0xfbff), 0x8000000000000000, fcvt.h.l fa3, a0, rup
        TEST_X_FH 163, 0, FF_OF|FF_NX, H(0x7bff), 0xffffffffffffffff, fcvt.h.lu fa3, a0, rtz
        TEST_X_FH 164, 0, 0,     H(0xbc00), 0xffffffffffffffff, fcvt.h.l fa3, a0, rne
        /* fcvt.h.w reads only the low 32 bits */
        TEST_X_FH 165, 0, 0,     H(0xbc00), 0x00000001ffffffff, fcvt.h.w fa3, a0, rne
        TEST_X_FH 166, 3, FF_NX, H(0x6801), 2049, fcvt.h.wu fa3, a0

        /* ---- between formats.  Widening is exact; narrowing rounds.
         * 0x387ff000 = 2^-14 (1 - 2^-12): a tie at 11 bits rounding (RNE,
         * unbounded exponent) up to 2^-14, so not tiny; RTZ keeps it tiny. */
        TEST_FH 170, 0, 0,     S(0x33800000), 0x0001, 0, 0, fcvt.s.h fa3, fa0
        TEST_FH 171, 0, FF_NV, S(0x7fc00000), 0x7c01, 0, 0, fcvt.s.h fa3, fa0
        TEST_FH 172, 0, 0,     S(0xff800000), 0xfc00, 0, 0, fcvt.s.h fa3, fa0
        TEST_FH 173, 0, 0,     S(0x3eaaa000), 0x3555, 0, 0, fcvt.s.h fa3, fa0
        TEST_FH 174, 0, 0,     0x3e70000000000000, 0x0001, 0, 0, fcvt.d.h fa3, fa0
        TEST_FH 175, 0, 0,     0x40effc0000000000, 0x7bff, 0, 0, fcvt.d.h fa3, fa0
        TEST_FH 176, 0, 0,     0x7ff8000000000000, 0xfe01, 0, 0, fcvt.d.h fa3, fa0
        TEST_RAW 177, 0, 0,     H(0x0001), S(0x33800000), fcvt.h.s fa3, fa0, rne
        TEST_RAW 178, 0, FF_UF|FF_NX, H(0x0000), S(0x33000000), fcvt.h.s fa3, fa0, rne
        TEST_RAW 179, 0, FF_UF|FF_NX, H(0x0001), S(0x33000000), fcvt.h.s fa3, fa0, rup
        TEST_RAW 180, 0, FF_UF|FF_NX, H(0x0001), S(0x33000000), fcvt.h.s fa3, fa0, rmm
        TEST_RAW 181, 0, FF_NX, H(0x3555), S(0x3eaaaaab), fcvt.h.s fa3, fa0, rne
        TEST_RAW 182, 0, FF_OF|FF_NX, H(0x7c00), S(0x477ff000), fcvt.h.s fa3, fa0, rne
        TEST_RAW 183, 0, FF_NX, H(0x7bff), S(0x477ff000), fcvt.h.s fa3, fa0, rtz
        TEST_RAW 184, 0, 0,     H(CNAN_H), S(0x7fc12345), fcvt.h.s fa3, fa0, rne
        TEST_RAW 185, 0, FF_NV, H(CNAN_H), S(0x7f800001), fcvt.h.s fa3, fa0, rne
        TEST_RAW 186, 0, FF_NX, H(0x0400), S(0x387ff000), fcvt.h.s fa3, fa0, rne
        TEST_RAW 187, 0, FF_UF|FF_NX, H(0x03ff), S(0x387ff000), fcvt.h.s fa3, fa0, rtz
        TEST_RAW 188, 0, FF_NX, H(0x0400), S(0x387ff000), fcvt.h.s fa3, fa0, rup
        TEST_RAW 189, 0, FF_NX, H(0x3c00), 0x3ff0000000000001, fcvt.h.d fa3, fa0, rne
        TEST_RAW 190, 0, FF_NX, H(0x3c01), 0x3ff0000000000001, fcvt.h.d fa3, fa0, rup
        TEST_RAW 191, 2, FF_NX, H(0xbc01), 0xbff0000000000001, fcvt.h.d fa3, fa0
        TEST_RAW 192, 0, FF_OF|FF_NX, H(0xfc00), 0xc7efffffe0000000, fcvt.h.d fa3, fa0, rmm
        /* a single read as a half is not boxed: canonical NaN, no flag */
        TEST_RAW 193, 0, 0,     S(0x7fc00000), S(0x3f800000), fcvt.s.h fa3, fa0

        /* ---- NaN-boxing: an unboxed half operand is the canonical NaN */
        TEST_RAW 200, 0, 0,     H(CNAN_H), 0x0000000000003c00, fadd.h fa3, fa0, fa0
        TEST_RAW 201, 0, 0,     H(CNAN_H), 0xffffffff00003c00, fmul.h fa3, fa0, fa0
        TEST_RAW 202, 0, 0,     H(0xfe00), 0x7fff00000000bc00, fsgnjn.h fa3, fa0, fa0
        TEST_RAW 203, 0, 0,     H(0x3c00), 0xffffffffffff3c00, fmin.h fa3, fa0, fa0
        li      TESTNUM, 204
        li      t0, 0x0000000000003c00
        fmv.d.x fa0, t0
        fclass.h a0, fa0
        CHECK   a0, 0x200                 /* quiet NaN */
        fmv.x.h a0, fa0                   /* transfers ignore the box: raw */
        CHECK   a0, 0x3c00
        li      t0, 0x123456789abc8123
        fmv.d.x fa0, t0
        fmv.x.h a0, fa0                   /* sign-extends bit 15 */
        CHECK   a0, 0xffffffffffff8123
        li      a1, 0x00000000fffff0f0
        fmv.h.x fa1, a1                   /* takes bits 15:0, boxes them */
        fmv.x.d a0, fa1
        CHECK   a0, 0xfffffffffffff0f0

        /* ---- flh / fsh: raw 16 bits, loads boxed, stores the low half */
        li      TESTNUM, 210
        la      a1, hdata
        flh     fa0, 2(a1)
        fmv.x.d a0, fa0
        CHECK   a0, H(0xabcd)
        fsh     fa0, 6(a1)
        lhu     a0, 6(a1)
        CHECK   a0, 0xabcd
        lhu     a0, 4(a1)                 /* neighbours untouched */
        CHECK   a0, 0x5555
        li      t0, 0x1111222233334444    /* not a boxed half: stored as is */
        fmv.d.x fa0, t0
        fsh     fa0, 0(a1)
        lhu     a0, 0(a1)
        CHECK   a0, 0x4444
        flh     fa2, 0(a1)                /* a signalling NaN loads unchanged */
        li      t0, 0x7c01
        sh      t0, 0(a1)
        flh     fa2, 0(a1)
        fmv.x.d a0, fa2
        CHECK   a0, H(0x7c01)

        /* ---- an invalid dynamic rounding mode is illegal, as is rm = 5 */
        li      t0, 5
        csrw    frm, t0
        TEST_TRAP 220, CAUSE_ILLEGAL, fadd.h fa3, fa0, fa1
        TEST_TRAP 221, CAUSE_ILLEGAL, fcvt.h.s fa3, fa0
        csrwi   frm, 0
        TEST_TRAP 222, CAUSE_ILLEGAL, .insn r 0x53, 5, 0x02, fa3, fa0, fa1
        TRAP_TVAL a0
        CHECK   a0, 0x04b556d3

        /* ---- FS = Off: illegal; a write makes FS Dirty */
        li      t0, MSTATUS_FS
        csrc    mstatus, t0
        TEST_TRAP 230, CAUSE_ILLEGAL, flh fa0, 0(sp)
        TEST_TRAP 231, CAUSE_ILLEGAL, fmv.x.h a0, fa0
        TEST_TRAP 232, CAUSE_ILLEGAL, fcvt.s.h fa0, fa0
        li      t0, MSTATUS_FS_CLEAN
        csrs    mstatus, t0
        li      TESTNUM, 233
        fmv.h.x fa0, zero
        csrr    a0, mstatus
        li      t0, MSTATUS_FS
        and     a0, a0, t0
        CHECK   a0, MSTATUS_FS_DIRTY
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
        .align 3
hdata:  .half 0x0000, 0xabcd, 0x5555, 0x0000
RVTEST_DATA_END
