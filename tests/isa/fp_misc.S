/* F/D non-arithmetic rules: NaN boxing (Unprivileged spec, "NaN Boxing of
 * Narrower Values"), transfers that ignore/establish the box, canonical NaN
 * results, fmin/fmax with signed zeros and NaNs, fclass, quiet/signaling
 * compares and their flags, sign injection (never canonicalises). */
#include "env.h"
#include "fp_env.h"

#define ONE_S 0x3f800000
#define TWO_S 0x40000000
#define ONE_D 0x3ff0000000000000
#define TWO_D 0x4000000000000000
#define NZ_S  0x80000000
#define NZ_SX 0xffffffff80000000      /* -0.0f as fmv.x.w returns it */
#define NZ_D  0x8000000000000000

RVTEST_CODE_BEGIN
        /* ---- NaN boxing */
        li      TESTNUM, 1
        la      a1, fdata
        flw     fa0, 0(a1)              /* 1.0f: upper 32 bits become ones */
        fmv.x.d a0, fa0
        CHECK   a0, 0xffffffff3f800000
        li      TESTNUM, 2
        li      t0, 0x12345678c0000000
        fmv.w.x fa0, t0                 /* only the low word moves, boxed */
        fmv.x.d a0, fa0
        CHECK   a0, 0xffffffffc0000000
        fmv.x.w a0, fa0                 /* and comes back sign-extended */
        CHECK   a0, 0xffffffffc0000000
        li      TESTNUM, 3
        fld     fa0, 8(a1)              /* 0x000000003f800000: not boxed */
        fmv.x.w a0, fa0                 /* transfers ignore the box */
        CHECK   a0, 0x3f800000
        fsw     fa0, 16(a1)
        lwu     a0, 16(a1)
        CHECK   a0, 0x3f800000
        li      TESTNUM, 4
        csrwi   fflags, 0
        fadd.s  fa1, fa0, fa0           /* unboxed input = canonical (quiet) NaN */
        csrr    a0, fflags
        CHECK   a0, 0                   /* quiet NaN: no invalid */
        fmv.x.d a0, fa1
        CHECK   a0, 0xffffffff7fc00000
        li      TESTNUM, 5
        fsgnj.s fa1, fa0, fa0           /* even sign injection sees the NaN */
        fmv.x.d a0, fa1
        CHECK   a0, 0xffffffff7fc00000
        fclass.s a0, fa0
        CHECK   a0, 0x200
        li      TESTNUM, 6
        li      t0, ONE_S
        fmv.w.x fa1, t0
        fmv.x.d a0, fa1                 /* confirms fmv.w.x boxes */
        CHECK   a0, 0xffffffff3f800000
        feq.s   a0, fa0, fa1            /* unboxed (NaN) never equal */
        CHECK   a0, 0
        li      TESTNUM, 7
        li      t0, 0xfffffffe3f800000  /* one bit short of a valid box */
        fmv.d.x fa0, t0
        fmv.s   fa1, fa0
        fmv.x.d a0, fa1
        CHECK   a0, 0xffffffff7fc00000
        li      TESTNUM, 8
        fcvt.s.d fa1, fa0               /* reads fa0 as a double: a valid one */
        fmv.x.d a0, fa1
        li      t6, 0xffffffff00000000
        and     a0, a0, t6
        CHECK   a0, 0xffffffff00000000  /* the single result is boxed */
        li      TESTNUM, 9
        fsd     fa1, 16(a1)             /* fsd stores all 64 bits, box included */
        lw      a0, 20(a1)
        CHECK   a0, -1

        /* ---- canonical NaN results, arithmetic never propagates payloads */
        TEST_FS 10, 0, FF_NV, 0x7fc00000, 0xff800001, ONE_S, 0, fmul.s fa3, fa0, fa1
        TEST_FS 11, 0, 0,     0x7fc00000, 0xffc00001, ONE_S, 0, fsub.s fa3, fa0, fa1
        TEST_FD 12, 0, FF_NV, QNAN_D, 0xfff0000000000005, ONE_D, 0, fdiv.d fa3, fa0, fa1
        TEST_FD 13, 0, 0,     QNAN_D, ONE_D, 0xfff8000000000123, 0, fadd.d fa3, fa0, fa1
        TEST_FS 14, 0, 0,     0x7fc00000, 0x7fc00000, 0, 0, fcvt.s.d fa3, fa0    /* reads 0xffffffff7fc00000 as double: NaN */

        /* ---- fmin / fmax: -0 < +0; one NaN -> the other operand; sNaN -> NV */
        TEST_FS 20, 0, 0,     NZ_SX, NZ_S, 0, 0, fmin.s fa3, fa0, fa1
        TEST_FS 21, 0, 0,     NZ_SX, 0, NZ_S, 0, fmin.s fa3, fa0, fa1
        TEST_FS 22, 0, 0,     0, NZ_S, 0, 0, fmax.s fa3, fa0, fa1
        TEST_FS 23, 0, 0,     0, 0, NZ_S, 0, fmax.s fa3, fa0, fa1
        TEST_FS 24, 0, 0,     ONE_S, QNAN_S, ONE_S, 0, fmin.s fa3, fa0, fa1
        TEST_FS 25, 0, 0,     ONE_S, ONE_S, QNAN_S, 0, fmax.s fa3, fa0, fa1
        TEST_FS 26, 0, FF_NV, ONE_S, SNAN_S, ONE_S, 0, fmin.s fa3, fa0, fa1
        TEST_FS 27, 0, FF_NV, ONE_S, ONE_S, SNAN_S, 0, fmax.s fa3, fa0, fa1
        TEST_FS 28, 0, 0,     QNAN_S, 0xffc00001, 0x7fc00002, 0, fmin.s fa3, fa0, fa1
        TEST_FS 29, 0, FF_NV, QNAN_S, SNAN_S, 0xffc00001, 0, fmax.s fa3, fa0, fa1
        TEST_FS 30, 0, 0,     0xffffffffc0000000, 0xc0000000, ONE_S, 0, fmin.s fa3, fa0, fa1
        TEST_FS 31, 0, 0,     ONE_S, 0xc0000000, ONE_S, 0, fmax.s fa3, fa0, fa1
        TEST_FD 32, 0, 0,     NZ_D, 0, NZ_D, 0, fmin.d fa3, fa0, fa1
        TEST_FD 33, 0, 0,     0, NZ_D, 0, 0, fmax.d fa3, fa0, fa1
        TEST_FD 34, 0, 0,     TWO_D, QNAN_D, TWO_D, 0, fmin.d fa3, fa0, fa1
        TEST_FD 35, 0, FF_NV, TWO_D, TWO_D, SNAN_D, 0, fmax.d fa3, fa0, fa1
        TEST_FD 36, 0, FF_NV, QNAN_D, SNAN_D, SNAN_D, 0, fmin.d fa3, fa0, fa1
        TEST_FD 37, 0, 0,     0xbff0000000000000, 0xbff0000000000000, TWO_D, 0, fmin.d fa3, fa0, fa1

        /* ---- fclass: one bit per class */
        TEST_FS_X 40, 0, 0, 0x001, 0xff800000, 0, fclass.s a0, fa0
        TEST_FS_X 41, 0, 0, 0x002, 0xbf800000, 0, fclass.s a0, fa0
        TEST_FS_X 42, 0, 0, 0x004, 0x807fffff, 0, fclass.s a0, fa0
        TEST_FS_X 43, 0, 0, 0x008, 0x80000000, 0, fclass.s a0, fa0
        TEST_FS_X 44, 0, 0, 0x010, 0x00000000, 0, fclass.s a0, fa0
        TEST_FS_X 45, 0, 0, 0x020, 0x00000001, 0, fclass.s a0, fa0
        TEST_FS_X 46, 0, 0, 0x040, 0x7f7fffff, 0, fclass.s a0, fa0
        TEST_FS_X 47, 0, 0, 0x080, 0x7f800000, 0, fclass.s a0, fa0
        TEST_FS_X 48, 0, 0, 0x100, 0x7f800001, 0, fclass.s a0, fa0
        TEST_FS_X 49, 0, 0, 0x100, 0xffbfffff, 0, fclass.s a0, fa0
        TEST_FS_X 50, 0, 0, 0x200, 0x7fc00000, 0, fclass.s a0, fa0
        TEST_FS_X 51, 0, 0, 0x200, 0xffffffff, 0, fclass.s a0, fa0
        TEST_FD_X 52, 0, 0, 0x001, 0xfff0000000000000, 0, fclass.d a0, fa0
        TEST_FD_X 53, 0, 0, 0x002, 0x8010000000000000, 0, fclass.d a0, fa0
        TEST_FD_X 54, 0, 0, 0x004, 0x800fffffffffffff, 0, fclass.d a0, fa0
        TEST_FD_X 55, 0, 0, 0x008, 0x8000000000000000, 0, fclass.d a0, fa0
        TEST_FD_X 56, 0, 0, 0x010, 0x0000000000000000, 0, fclass.d a0, fa0
        TEST_FD_X 57, 0, 0, 0x020, 0x0000000000000001, 0, fclass.d a0, fa0
        TEST_FD_X 58, 0, 0, 0x040, 0x3ff0000000000000, 0, fclass.d a0, fa0
        TEST_FD_X 59, 0, 0, 0x080, 0x7ff0000000000000, 0, fclass.d a0, fa0
        TEST_FD_X 60, 0, 0, 0x100, 0x7ff0000000000001, 0, fclass.d a0, fa0
        TEST_FD_X 61, 0, 0, 0x200, 0x7ff8000000000000, 0, fclass.d a0, fa0

        /* ---- compares: feq is quiet (NV only for sNaN), flt/fle signal on any NaN */
        TEST_FS_X 70, 0, 0,     1, ONE_S, ONE_S, feq.s a0, fa0, fa1
        TEST_FS_X 71, 0, 0,     1, NZ_S, 0, feq.s a0, fa0, fa1
        TEST_FS_X 72, 0, 0,     0, QNAN_S, QNAN_S, feq.s a0, fa0, fa1
        TEST_FS_X 73, 0, FF_NV, 0, SNAN_S, ONE_S, feq.s a0, fa0, fa1
        TEST_FS_X 74, 0, 0,     1, ONE_S, TWO_S, flt.s a0, fa0, fa1
        TEST_FS_X 75, 0, 0,     0, TWO_S, ONE_S, flt.s a0, fa0, fa1
        TEST_FS_X 76, 0, 0,     0, NZ_S, 0, flt.s a0, fa0, fa1
        TEST_FS_X 77, 0, FF_NV, 0, QNAN_S, ONE_S, flt.s a0, fa0, fa1
        TEST_FS_X 78, 0, 0,     1, NZ_S, 0, fle.s a0, fa0, fa1
        TEST_FS_X 79, 0, FF_NV, 0, ONE_S, QNAN_S, fle.s a0, fa0, fa1
        TEST_FS_X 80, 0, 0,     1, 0xc0000000, ONE_S, fle.s a0, fa0, fa1
        TEST_FS_X 81, 0, 0,     1, 0xff800000, 0xff7fffff, flt.s a0, fa0, fa1
        TEST_FD_X 82, 0, 0,     1, NZ_D, 0, feq.d a0, fa0, fa1
        TEST_FD_X 83, 0, 0,     0, QNAN_D, ONE_D, feq.d a0, fa0, fa1
        TEST_FD_X 84, 0, FF_NV, 0, ONE_D, SNAN_D, feq.d a0, fa0, fa1
        TEST_FD_X 85, 0, FF_NV, 0, QNAN_D, QNAN_D, flt.d a0, fa0, fa1
        TEST_FD_X 86, 0, FF_NV, 0, QNAN_D, ONE_D, fle.d a0, fa0, fa1
        TEST_FD_X 87, 0, 0,     1, 0xbff0000000000000, 0x3ff0000000000000, flt.d a0, fa0, fa1
        TEST_FD_X 88, 0, 0,     1, TWO_D, TWO_D, fle.d a0, fa0, fa1
        TEST_FD_X 89, 0, 0,     0, TWO_D, ONE_D, fle.d a0, fa0, fa1

        /* ---- sign injection: bit operations, NaN payloads preserved, no flags */
        TEST_FS 90, 0, 0, 0xffffffffbf800000, ONE_S, 0xc0000000, 0, fsgnj.s fa3, fa0, fa1
        TEST_FS 91, 0, 0, 0x3f800000, ONE_S, 0xc0000000, 0, fsgnjn.s fa3, fa0, fa1
        TEST_FS 92, 0, 0, 0x3f800000, 0xbf800000, 0xc0000000, 0, fsgnjx.s fa3, fa0, fa1
        TEST_FS 93, 0, 0, 0xffffffffbf800000, 0xbf800000, TWO_S, 0, fsgnjx.s fa3, fa0, fa1
        TEST_FS 94, 0, 0, 0xffffffffff800001, SNAN_S, SNAN_S, 0, fsgnjn.s fa3, fa0, fa1
        TEST_FS 95, 0, 0, 0x7fc12345, 0xffc12345, 0, 0, fabs.s fa3, fa0
        TEST_FS 96, 0, 0, 0xffffffff80000000, 0, 0, 0, fneg.s fa3, fa0
        TEST_FD 97, 0, 0, 0xbff0000000000000, ONE_D, NZ_D, 0, fsgnj.d fa3, fa0, fa1
        TEST_FD 98, 0, 0, ONE_D, ONE_D, NZ_D, 0, fsgnjn.d fa3, fa0, fa1
        TEST_FD 99, 0, 0, 0x3ff0000000000000, 0xbff0000000000000, NZ_D, 0, fsgnjx.d fa3, fa0, fa1
        TEST_FD 100, 0, 0, 0xfff0000000000001, SNAN_D, ONE_D, 0, fneg.d fa3, fa0
        /* fsgnj.d ignores boxing: a boxed single is just a negative NaN */
        TEST_FD 101, 0, 0, 0x7fffffff3f800000, 0xffffffff3f800000, 0, 0, fabs.d fa3, fa0

        /* ---- fld/fsd/flw/fsw round-trip, negative offsets */
        li      TESTNUM, 110
        la      a1, fdata + 32
        li      t0, 0x0123456789abcdef
        sd      t0, -8(a1)
        fld     ft0, -8(a1)
        fsd     ft0, 0(a1)
        ld      a0, 0(a1)
        CHECK   a0, 0x0123456789abcdef
        flw     ft1, -4(a1)
        fsw     ft1, 8(a1)
        lwu     a0, 8(a1)
        CHECK   a0, 0x01234567

        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
        .align  4
fdata:  .word   0x3f800000, 0
        .dword  0x000000003f800000
        .dword  0, 0, 0, 0, 0
RVTEST_DATA_END
