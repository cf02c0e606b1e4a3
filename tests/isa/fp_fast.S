/* F/D with NX already raised and (mostly) round to nearest: the state in
 * which the JITs' FP fast paths run instead of the handler (they need NX
 * set, so that an inexact result changes no flag, and RNE for arithmetic).
 * Each operation below runs with fflags = NX before it, so the expected
 * flags are NX plus whatever the operation raises (Unprivileged spec, F
 * and D chapters): fused multiply-adds (one rounding: a result only the
 * fused operation gives; overflow; NaN inputs give the canonical NaN;
 * inf * 0 + qNaN raises NV), compares (quiet feq, signalling flt/fle,
 * signed zeros, unboxed singles read as the canonical NaN), sign
 * injection of singles, fmin/fmax, conversions in every rounding mode
 * (ties, saturation, -1 < x < 0 for the unsigned forms, exactness edges
 * at 2^24 / 2^53) and between the formats.  Expected values: hand
 * calculation from the spec; the test passes on QEMU 7.2
 * (qemu-system-riscv64 -M spike). */
#include "env.h"
#include "fp_env.h"

#define NX 0x01
#define NVNX 0x11
#define OFNX 0x05
#define CNAN_D 0x7ff8000000000000
#define CNAN_S 0x7fc00000

/* fp_env.h's FP_CASE with fflags = NX before the instruction: single or
 * double operands, f result (fa3, all 64 bits: the box too) */
.macro NX_FS n, frm, fl, res, a, b, c, insn:vararg
        FP_CASE fmv.w.x, fmv.x.d, \n, \frm, NX, \fl, \res, \a, \b, \c, \insn
.endm
.macro NX_FD n, frm, fl, res, a, b, c, insn:vararg
        FP_CASE fmv.d.x, fmv.x.d, \n, \frm, NX, \fl, \res, \a, \b, \c, \insn
.endm
/* raw 64-bit f register contents in (fa0, fa1: unboxed singles too),
 * integer result in a0 */
.macro NX_RAW_X n, frm, fl, res, a, b, insn:vararg
        FP_CASE fmv.d.x, , \n, \frm, NX, \fl, \res, \a, \b, , \insn
.endm
/* raw 64-bit f register contents in (fa0, fa1), f result (fa3, 64 bits) */
.macro NX_RAW_F n, frm, fl, res, a, b, insn:vararg
        FP_CASE fmv.d.x, fmv.x.d, \n, \frm, NX, \fl, \res, \a, \b, , \insn
.endm
/* integer in a0, f result (fa3, 64 bits) */
.macro NX_X_F n, frm, fl, res, a, insn:vararg
        li      TESTNUM, \n
        li      a0, \a
        csrwi   frm, \frm
        csrwi   fflags, NX
        \insn
        csrr    a1, fflags
        CHECK   a1, \fl
        fmv.x.d a0, fa3
        CHECK   a0, \res
.endm

RVTEST_CODE_BEGIN
        li      t0, MSTATUS_FS_INITIAL
        csrs    mstatus, t0

        /* ---- fused multiply-add: 2 * 3 and 4, every sign combination */
        NX_FD   1, 0, NX, 0x4024000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000, fmadd.d fa3, fa0, fa1, fa2
        NX_FD   2, 0, NX, 0x4000000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000, fmsub.d fa3, fa0, fa1, fa2
        NX_FD   3, 0, NX, 0xc000000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000, fnmsub.d fa3, fa0, fa1, fa2
        NX_FD   4, 0, NX, 0xc024000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000, fnmadd.d fa3, fa0, fa1, fa2
        NX_FS   5, 0, NX, 0xffffffff41200000, 0x40000000, 0x40400000, 0x40800000, fmadd.s fa3, fa0, fa1, fa2
        NX_FS   6, 0, NX, 0xffffffff40000000, 0x40000000, 0x40400000, 0x40800000, fmsub.s fa3, fa0, fa1, fa2
        NX_FS   7, 0, NX, 0xffffffffc0000000, 0x40000000, 0x40400000, 0x40800000, fnmsub.s fa3, fa0, fa1, fa2
        NX_FS   8, 0, NX, 0xffffffffc1200000, 0x40000000, 0x40400000, 0x40800000, fnmadd.s fa3, fa0, fa1, fa2
        /* (1 + 2^-52)(1 - 2^-52) - 1 = -2^-104 exactly, fused; a separate
         * multiply would round the product to 1 and give 0 */
        NX_FD   9, 0, NX, 0xb970000000000000, 0x3ff0000000000001, 0x3feffffffffffffe, 0x3ff0000000000000, fmsub.d fa3, fa0, fa1, fa2
        NX_FS  10, 0, NX, 0xffffffffa8800000, 0x3f800001, 0x3f7ffffe, 0x3f800000, fmsub.s fa3, fa0, fa1, fa2
        /* -(2^-104) + ... : fnmsub = -(a*b) + c = 2^-104 */
        NX_FD  11, 0, NX, 0x3970000000000000, 0x3ff0000000000001, 0x3feffffffffffffe, 0x3ff0000000000000, fnmsub.d fa3, fa0, fa1, fa2
        /* overflow: the largest double * 2 + 0 */
        NX_FD  12, 0, OFNX, 0x7ff0000000000000, 0x7fefffffffffffff, 0x4000000000000000, 0, fmadd.d fa3, fa0, fa1, fa2
        /* NaN operands give the canonical NaN (a negative quiet one too) */
        NX_FD  13, 0, NX, CNAN_D, 0xfff8000000000123, 0x3ff0000000000000, 0x3ff0000000000000, fmadd.d fa3, fa0, fa1, fa2
        NX_FD  14, 0, NVNX, CNAN_D, 0x3ff0000000000000, 0x7ff0000000000001, 0x3ff0000000000000, fnmadd.d fa3, fa0, fa1, fa2
        NX_FS  15, 0, NX, 0xffffffff7fc00000, 0x3f800000, 0x3f800000, 0xffc00123, fmadd.s fa3, fa0, fa1, fa2
        /* inf * 0 + qNaN: NV even with a quiet addend */
        NX_FD  16, 0, NVNX, CNAN_D, 0x7ff0000000000000, 0, 0x7ff8000000000000, fmadd.d fa3, fa0, fa1, fa2
        /* a subnormal product: exact, in the smallest binade */
        NX_FD  17, 0, NX, 0x0000000000000003, 0x0000000000000001, 0x4008000000000000, 0, fmadd.d fa3, fa0, fa1, fa2

        /* ---- compares */
        NX_RAW_X 20, 0, NX, 1, 0x3ff0000000000000, 0x3ff0000000000000, feq.d a0, fa0, fa1
        NX_RAW_X 21, 0, NX, 1, 0x3ff0000000000000, 0x4000000000000000, flt.d a0, fa0, fa1
        NX_RAW_X 22, 0, NX, 0, 0x4000000000000000, 0x3ff0000000000000, flt.d a0, fa0, fa1
        NX_RAW_X 23, 0, NX, 0, 0x4000000000000000, 0x3ff0000000000000, fle.d a0, fa0, fa1
        NX_RAW_X 24, 0, NX, 1, 0x3ff0000000000000, 0x3ff0000000000000, fle.d a0, fa0, fa1
        NX_RAW_X 25, 0, NX, 0, 0x3ff0000000000000, 0x4000000000000000, feq.d a0, fa0, fa1
        NX_RAW_X 26, 0, NX, 1, 0x8000000000000000, 0, feq.d a0, fa0, fa1
        NX_RAW_X 27, 0, NX, 0, 0x8000000000000000, 0, flt.d a0, fa0, fa1
        NX_RAW_X 28, 0, NX, 1, 0x8000000000000000, 0, fle.d a0, fa0, fa1
        NX_RAW_X 29, 0, NX, 1, 0xfff0000000000000, 0x0000000000000001, flt.d a0, fa0, fa1
        NX_RAW_X 30, 0, NX, 0, CNAN_D, CNAN_D, feq.d a0, fa0, fa1
        NX_RAW_X 31, 0, NVNX, 0, 0x7ff0000000000001, 0x3ff0000000000000, feq.d a0, fa0, fa1
        NX_RAW_X 32, 0, NVNX, 0, CNAN_D, 0x3ff0000000000000, flt.d a0, fa0, fa1
        NX_RAW_X 33, 0, NVNX, 0, 0x3ff0000000000000, CNAN_D, fle.d a0, fa0, fa1
        NX_RAW_X 34, 0, NX, 1, 0xffffffff3f800000, 0xffffffff3f800000, feq.s a0, fa0, fa1
        NX_RAW_X 35, 0, NX, 1, 0xffffffffbf800000, 0xffffffff3f800000, flt.s a0, fa0, fa1
        NX_RAW_X 36, 0, NX, 0, 0xffffffff3f800000, 0xffffffffbf800000, fle.s a0, fa0, fa1
        NX_RAW_X 37, 0, NX, 1, 0xffffffff00000001, 0xffffffff00000002, flt.s a0, fa0, fa1
        NX_RAW_X 38, 0, NVNX, 0, 0xffffffff7f800001, 0xffffffff3f800000, feq.s a0, fa0, fa1
        NX_RAW_X 39, 0, NX, 0, 0xffffffff7fc00000, 0xffffffff3f800000, feq.s a0, fa0, fa1
        NX_RAW_X 40, 0, NVNX, 0, 0xffffffff3f800000, 0xffffffffffc00000, fle.s a0, fa0, fa1
        NX_RAW_X 43, 0, NX, 0, 0xffffffff3f800000, 0xffffffff3f800000, flt.s a0, fa0, fa1
        NX_RAW_X 44, 0, NX, 1, 0xffffffff80000000, 0xffffffff00000000, fle.s a0, fa0, fa1
        NX_RAW_X 45, 0, NX, 0, 0xffffffff3f800000, 0xffffffffbf800000, feq.s a0, fa0, fa1
        NX_RAW_X 46, 0, NX, 1, 0xffffffff80000000, 0xffffffff00000000, feq.s a0, fa0, fa1
        /* an unboxed single reads as the canonical (quiet) NaN */
        NX_RAW_X 41, 0, NX, 0, 0x000000003f800000, 0x000000003f800000, feq.s a0, fa0, fa1
        NX_RAW_X 42, 0, NVNX, 0, 0xffffffff3f800000, 0x000000003f800000, flt.s a0, fa0, fa1

        /* ---- sign injection of singles */
        NX_RAW_F 50, 0, NX, 0xffffffffbf800000, 0xffffffff3f800000, 0xffffffffc0000000, fsgnj.s fa3, fa0, fa1
        NX_RAW_F 51, 0, NX, 0xffffffff3f800000, 0xffffffff3f800000, 0xffffffffc0000000, fsgnjn.s fa3, fa0, fa1
        NX_RAW_F 52, 0, NX, 0xffffffff3f800000, 0xffffffffbf800000, 0xffffffffc0000000, fsgnjx.s fa3, fa0, fa1
        NX_RAW_F 53, 0, NX, 0xffffffff7f800001, 0xffffffffff800001, 0xffffffff00000000, fsgnj.s fa3, fa0, fa1
        /* unboxed operands are the canonical NaN (positive); no flag */
        NX_RAW_F 54, 0, NX, 0xffffffff40000000, 0xffffffffc0000000, 0x00000000bf800000, fsgnj.s fa3, fa0, fa1
        NX_RAW_F 55, 0, NX, 0xffffffffc0000000, 0xffffffffc0000000, 0x00000000bf800000, fsgnjx.s fa3, fa0, fa1
        NX_RAW_F 56, 0, NX, 0xffffffffffc00000, 0x123456783f800000, 0xffffffff3f800000, fsgnjn.s fa3, fa0, fa1

        /* ---- fmin / fmax */
        NX_RAW_F 60, 0, NX, 0x3ff0000000000000, 0x3ff0000000000000, 0x4000000000000000, fmin.d fa3, fa0, fa1
        NX_RAW_F 61, 0, NX, 0x4000000000000000, 0x3ff0000000000000, 0x4000000000000000, fmax.d fa3, fa0, fa1
        NX_RAW_F 62, 0, NX, 0x8000000000000000, 0, 0x8000000000000000, fmin.d fa3, fa0, fa1
        NX_RAW_F 63, 0, NX, 0, 0x8000000000000000, 0, fmax.d fa3, fa0, fa1
        NX_RAW_F 64, 0, NX, 0x3ff0000000000000, CNAN_D, 0x3ff0000000000000, fmin.d fa3, fa0, fa1
        NX_RAW_F 65, 0, NVNX, 0x3ff0000000000000, 0x7ff0000000000001, 0x3ff0000000000000, fmax.d fa3, fa0, fa1
        NX_RAW_F 68, 0, NX, 0xffffffff80000000, 0xffffffff00000000, 0xffffffff80000000, fmin.s fa3, fa0, fa1
        NX_RAW_F 69, 0, NX, 0xffffffff00000000, 0xffffffff80000000, 0xffffffff00000000, fmax.s fa3, fa0, fa1
        NX_RAW_F 66, 0, NX, 0xffffffffbf800000, 0xffffffffbf800000, 0xffffffff3f800000, fmin.s fa3, fa0, fa1
        NX_RAW_F 67, 0, NX, 0xffffffffbf800000, 0xffffffffbf800000, 0x000000003f800000, fmax.s fa3, fa0, fa1

        /* ---- FP to integer: 2.5 and -2.5 in every mode (ties) */
        NX_RAW_X 70, 0, NX, 2, 0x4004000000000000, 0, fcvt.w.d a0, fa0, dyn
        NX_RAW_X 71, 0, NX, 2, 0x4004000000000000, 0, fcvt.w.d a0, fa0, rne
        NX_RAW_X 72, 0, NX, 2, 0x4004000000000000, 0, fcvt.w.d a0, fa0, rtz
        NX_RAW_X 73, 0, NX, 2, 0x4004000000000000, 0, fcvt.w.d a0, fa0, rdn
        NX_RAW_X 74, 0, NX, 3, 0x4004000000000000, 0, fcvt.w.d a0, fa0, rup
        NX_RAW_X 75, 0, NX, 3, 0x4004000000000000, 0, fcvt.w.d a0, fa0, rmm
        NX_RAW_X 76, 0, NX, -2, 0xc004000000000000, 0, fcvt.l.d a0, fa0, rne
        NX_RAW_X 77, 0, NX, -2, 0xc004000000000000, 0, fcvt.l.d a0, fa0, rtz
        NX_RAW_X 78, 0, NX, -3, 0xc004000000000000, 0, fcvt.l.d a0, fa0, rdn
        NX_RAW_X 79, 0, NX, -2, 0xc004000000000000, 0, fcvt.l.d a0, fa0, rup
        NX_RAW_X 80, 0, NX, -3, 0xc004000000000000, 0, fcvt.l.d a0, fa0, rmm
        NX_RAW_X 81, 0, NX, 4, 0xffffffff40600000, 0, fcvt.w.s a0, fa0, rne    /* 3.5 */
        NX_RAW_X 82, 0, NX, 3, 0xffffffff40600000, 0, fcvt.lu.s a0, fa0, rtz
        /* a dynamic rm follows frm */
        NX_RAW_X 96, 3, NX, 3, 0x4004000000000000, 0, fcvt.w.d a0, fa0, dyn
        NX_RAW_X 97, 4, NX, -3, 0xc004000000000000, 0, fcvt.l.d a0, fa0, dyn
        NX_RAW_X 98, 2, NX, -3, 0xc004000000000000, 0, fcvt.l.d a0, fa0, dyn
        NX_RAW_X 99, 1, NX, 2, 0x4006000000000000, 0, fcvt.wu.d a0, fa0, dyn
        /* saturation and NaN (spec: largest integer for NaN and +big) */
        NX_RAW_X 83, 1, NVNX, 0x7fffffff, CNAN_D, 0, fcvt.w.d a0, fa0, rtz
        NX_RAW_X 84, 1, NVNX, 0xffffffff80000000, 0xc1e0000000200000, 0, fcvt.w.d a0, fa0, rtz
        NX_RAW_X 85, 1, NX, 0xffffffff80000000, 0xc1e0000000000000, 0, fcvt.w.d a0, fa0, rtz
        NX_RAW_X 86, 1, NVNX, 0x7fffffffffffffff, 0x43e0000000000000, 0, fcvt.l.d a0, fa0, rtz
        NX_RAW_X 87, 1, NX, 0x8000000000000000, 0xc3e0000000000000, 0, fcvt.l.d a0, fa0, rtz
        NX_RAW_X 88, 1, NVNX, 0xffffffffffffffff, CNAN_D, 0, fcvt.lu.d a0, fa0, rtz
        NX_RAW_X 89, 1, NVNX, 0xffffffffffffffff, 0x7ff0000000000000, 0, fcvt.wu.d a0, fa0, rtz
        NX_RAW_X 90, 1, NVNX, 0x7fffffff, 0xffffffff4f000000, 0, fcvt.w.s a0, fa0, rtz
        /* unsigned: -0.5 truncates to 0 (inexact only), -1 is invalid */
        NX_RAW_X 91, 1, NX, 0, 0xbfe0000000000000, 0, fcvt.wu.d a0, fa0, rtz
        NX_RAW_X 92, 1, NVNX, 0, 0xbff0000000000000, 0, fcvt.wu.d a0, fa0, rtz
        NX_RAW_X 93, 1, NVNX, 0, 0xffffffffbf800000, 0, fcvt.lu.s a0, fa0, rtz
        /* fcvt.wu's 32-bit result is sign-extended: 3e9 */
        NX_RAW_X 94, 1, NX, 0xffffffffb2d05e00, 0x41e65a0bc0000000, 0, fcvt.wu.d a0, fa0, rtz
        /* an unboxed single is NaN: the largest integer, NV */
        NX_RAW_X 95, 1, NVNX, 0x7fffffffffffffff, 0x000000003f800000, 0, fcvt.l.s a0, fa0, rtz

        /* ---- integer to FP: exact below 2^24 / 2^53, rounded beyond */
        NX_X_F 100, 0, NX, 0xffffffff4b800000, 16777216, fcvt.s.w fa3, a0
        NX_X_F 101, 0, NX, 0xffffffff4b800000, 16777217, fcvt.s.w fa3, a0
        NX_X_F 102, 0, NX, 0xffffffffcb800000, -16777216, fcvt.s.l fa3, a0
        NX_X_F 103, 3, NX, 0xffffffff4b800001, 16777217, fcvt.s.wu fa3, a0     /* rup */
        NX_X_F 104, 0, NX, 0x4340000000000000, 0x20000000000001, fcvt.d.l fa3, a0
        NX_X_F 105, 3, NX, 0x4340000000000001, 0x20000000000001, fcvt.d.lu fa3, a0
        NX_X_F 106, 0, NX, 0xc1e0000000000000, 0xffffffff80000000, fcvt.d.w fa3, a0
        NX_X_F 107, 0, NX, 0x41efffffffe00000, 0xffffffff, fcvt.d.wu fa3, a0
        NX_X_F 108, 0, NX, 0x43f0000000000000, -1, fcvt.d.lu fa3, a0
        NX_X_F 109, 0, NX, 0xffffffff5f800000, -1, fcvt.s.lu fa3, a0

        /* ---- between the formats */
        NX_RAW_F 110, 0, NX, 0xffffffff3fc00000, 0x3ff8000000000000, 0, fcvt.s.d fa3, fa0
        NX_RAW_F 111, 0, NX, 0xffffffff3dcccccd, 0x3fb999999999999a, 0, fcvt.s.d fa3, fa0
        NX_RAW_F 112, 1, NX, 0xffffffff3dcccccc, 0x3fb999999999999a, 0, fcvt.s.d fa3, fa0
        NX_RAW_F 113, 0, OFNX, 0xffffffff7f800000, 0x7e37e43c8800759c, 0, fcvt.s.d fa3, fa0
        NX_RAW_F 114, 0, NVNX, 0xffffffff7fc00000, 0x7ff0000000000001, 0, fcvt.s.d fa3, fa0
        NX_RAW_F 115, 0, NX, 0xffffffff00000001, 0x36a0000000000000, 0, fcvt.s.d fa3, fa0
        NX_RAW_F 116, 0, NX, 0x3ff8000000000000, 0xffffffff3fc00000, 0, fcvt.d.s fa3, fa0
        NX_RAW_F 117, 0, NX, 0x36a0000000000000, 0xffffffff00000001, 0, fcvt.d.s fa3, fa0
        NX_RAW_F 118, 0, NVNX, CNAN_D, 0xffffffff7f800001, 0, fcvt.d.s fa3, fa0
        NX_RAW_F 119, 0, NX, CNAN_D, 0x000000003f800000, 0, fcvt.d.s fa3, fa0

        /* ---- moves */
        NX_RAW_X 120, 0, NX, 0xffffffff80000001, 0x1234567880000001, 0, fmv.x.w a0, fa0
        NX_X_F  121, 0, NX, 0xffffffff89abcdef, 0x0123456789abcdef, fmv.w.x fa3, a0

        /* ---- a dynamic rm with frm invalid is illegal even where the
         * result would be exact (F: "Floating-Point Control and Status
         * Register") */
        li      TESTNUM, 130
        li      t0, 0xffffffff3f800000
        fmv.d.x fa0, t0
        csrwi   frm, 5
        EXPECT_TRAP 1f
        .word   0x420576d3              /* fcvt.d.s fa3, fa0, dyn (GNU as 2.40 takes no rm here) */
1:      CHECK_TRAP CAUSE_ILLEGAL
        li      TESTNUM, 131
        li      t0, 0x3ff0000000000000
        fmv.d.x fa0, t0
        csrwi   frm, 5
        EXPECT_TRAP 1f
        fcvt.s.d fa3, fa0, dyn
1:      CHECK_TRAP CAUSE_ILLEGAL
        li      TESTNUM, 132
        li      a0, 1
        EXPECT_TRAP 1f
        fcvt.d.l fa3, a0, dyn
1:      CHECK_TRAP CAUSE_ILLEGAL
        li      TESTNUM, 133
        EXPECT_TRAP 1f
        fcvt.l.d a0, fa0, dyn
1:      CHECK_TRAP CAUSE_ILLEGAL
        li      TESTNUM, 134
        EXPECT_TRAP 1f
        fmadd.d fa3, fa0, fa0, fa0
1:      CHECK_TRAP CAUSE_ILLEGAL
        csrwi   frm, 0

        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
