/* F/D arithmetic: fadd/fsub/fmul/fdiv/fsqrt and the four fused multiply-adds
 * in single and double precision, under every rounding mode given statically
 * (rm field; frm then holds a different mode to prove it is ignored) and
 * dynamically (rm = dyn, mode from frm), with the exact fflags after each op.
 * Expected values come from the host's IEEE 754 unit (x86-64 SSE/FMA, which
 * like RISC-V detects tininess after rounding) with NaN results replaced by
 * the RISC-V canonical NaN; RMM (not available on the host) is hand-derived. */
#include "env.h"

#include "fp_env.h"

RVTEST_CODE_BEGIN
        /* ---- single precision (sub-tests 1..) */
        TEST_FS   1, 2, 0000, 0x0000000040400000, 0x3f800000, 0x40000000, 0000000000, fadd.s fa3, fa0, fa1, rne
        TEST_FS   2, 2, 0x01, 0x000000003f800001, 0x3f800000, 0x33c00000, 0000000000, fadd.s fa3, fa0, fa1, rne
        TEST_FS   3, 3, 0x01, 0x000000003f800000, 0x3f800000, 0x33c00000, 0000000000, fadd.s fa3, fa0, fa1, rtz
        TEST_FS   4, 4, 0x01, 0x000000003f800000, 0x3f800000, 0x33c00000, 0000000000, fadd.s fa3, fa0, fa1, rdn
        TEST_FS   5, 0, 0x01, 0x000000003f800001, 0x3f800000, 0x33c00000, 0000000000, fadd.s fa3, fa0, fa1, rup
        TEST_FS   6, 2, 0x01, 0xffffffffbf800001, 0xbf800000, 0xb3c00000, 0000000000, fadd.s fa3, fa0, fa1, rne
        TEST_FS   7, 3, 0x01, 0xffffffffbf800000, 0xbf800000, 0xb3c00000, 0000000000, fadd.s fa3, fa0, fa1, rtz
        TEST_FS   8, 4, 0x01, 0xffffffffbf800001, 0xbf800000, 0xb3c00000, 0000000000, fadd.s fa3, fa0, fa1, rdn
        TEST_FS   9, 0, 0x01, 0xffffffffbf800000, 0xbf800000, 0xb3c00000, 0000000000, fadd.s fa3, fa0, fa1, rup
        TEST_FS  10, 0, 0x01, 0x000000003f800001, 0x3f800000, 0x33c00000, 0000000000, fadd.s fa3, fa0, fa1
        TEST_FS  11, 1, 0x01, 0x000000003f800000, 0x3f800000, 0x33c00000, 0000000000, fadd.s fa3, fa0, fa1
        TEST_FS  12, 2, 0x01, 0x000000003f800000, 0x3f800000, 0x33c00000, 0000000000, fadd.s fa3, fa0, fa1
        TEST_FS  13, 3, 0x01, 0x000000003f800001, 0x3f800000, 0x33c00000, 0000000000, fadd.s fa3, fa0, fa1
        TEST_FS  14, 0, 0x01, 0xffffffffbf800001, 0xbf800000, 0xb3c00000, 0000000000, fadd.s fa3, fa0, fa1
        TEST_FS  15, 1, 0x01, 0xffffffffbf800000, 0xbf800000, 0xb3c00000, 0000000000, fadd.s fa3, fa0, fa1
        TEST_FS  16, 2, 0x01, 0xffffffffbf800001, 0xbf800000, 0xb3c00000, 0000000000, fadd.s fa3, fa0, fa1
        TEST_FS  17, 3, 0x01, 0xffffffffbf800000, 0xbf800000, 0xb3c00000, 0000000000, fadd.s fa3, fa0, fa1
        TEST_FS  18, 2, 0x01, 0x000000003f800000, 0x3f800000, 0x33800000, 0000000000, fadd.s fa3, fa0, fa1, rne
        TEST_FS  19, 2, 0x01, 0x000000003f800002, 0x3f800001, 0x33800000, 0000000000, fadd.s fa3, fa0, fa1, rne
        TEST_FS  20, 2, 0x05, 0x000000007f800000, 0x7f7fffff, 0x7f7fffff, 0000000000, fadd.s fa3, fa0, fa1, rne
        TEST_FS  21, 3, 0x05, 0x000000007f7fffff, 0x7f7fffff, 0x7f7fffff, 0000000000, fadd.s fa3, fa0, fa1, rtz
        TEST_FS  22, 4, 0x05, 0x000000007f7fffff, 0x7f7fffff, 0x7f7fffff, 0000000000, fadd.s fa3, fa0, fa1, rdn
        TEST_FS  23, 0, 0x05, 0x000000007f800000, 0x7f7fffff, 0x7f7fffff, 0000000000, fadd.s fa3, fa0, fa1, rup
        TEST_FS  24, 2, 0x05, 0xffffffffff800000, 0xff7fffff, 0xff7fffff, 0000000000, fadd.s fa3, fa0, fa1, rne
        TEST_FS  25, 3, 0x05, 0xffffffffff7fffff, 0xff7fffff, 0xff7fffff, 0000000000, fadd.s fa3, fa0, fa1, rtz
        TEST_FS  26, 4, 0x05, 0xffffffffff800000, 0xff7fffff, 0xff7fffff, 0000000000, fadd.s fa3, fa0, fa1, rdn
        TEST_FS  27, 0, 0x05, 0xffffffffff7fffff, 0xff7fffff, 0xff7fffff, 0000000000, fadd.s fa3, fa0, fa1, rup
        TEST_FS  28, 2, 0x10, 0x000000007fc00000, 0x7f800000, 0xff800000, 0000000000, fadd.s fa3, fa0, fa1, rne
        TEST_FS  29, 2, 0000, 0x000000007f800000, 0x7f800000, 0x3f800000, 0000000000, fadd.s fa3, fa0, fa1, rne
        TEST_FS  30, 2, 0000, 000000000000000000, 0x40400000, 0xc0400000, 0000000000, fadd.s fa3, fa0, fa1, rne
        TEST_FS  31, 4, 0000, 0xffffffff80000000, 0x40400000, 0xc0400000, 0000000000, fadd.s fa3, fa0, fa1, rdn
        TEST_FS  32, 2, 0000, 0xffffffff80000000, 0x40400000, 0xc0400000, 0000000000, fadd.s fa3, fa0, fa1
        TEST_FS  33, 2, 0000, 0xffffffff80000000, 0x80000000, 0x80000000, 0000000000, fadd.s fa3, fa0, fa1, rne
        TEST_FS  34, 2, 0x10, 0x000000007fc00000, 0x7f800001, 0x3f800000, 0000000000, fadd.s fa3, fa0, fa1, rne
        TEST_FS  35, 2, 0000, 0x000000007fc00000, 0x7fc00000, 0x3f800000, 0000000000, fadd.s fa3, fa0, fa1, rne
        TEST_FS  36, 2, 0000, 0x000000007fc00000, 0xffc12345, 0x3f800000, 0000000000, fadd.s fa3, fa0, fa1, rne
        TEST_FS  37, 2, 0000, 000000000000000000, 0x3f800000, 0x3f800000, 0000000000, fsub.s fa3, fa0, fa1, rne
        TEST_FS  38, 4, 0000, 0xffffffff80000000, 0x3f800000, 0x3f800000, 0000000000, fsub.s fa3, fa0, fa1, rdn
        TEST_FS  39, 2, 0x10, 0x000000007fc00000, 0x7f800000, 0x7f800000, 0000000000, fsub.s fa3, fa0, fa1, rne
        TEST_FS  40, 2, 0000, 0x00000000003fffff, 0x00800000, 0x00400001, 0000000000, fsub.s fa3, fa0, fa1, rne
        TEST_FS  41, 2, 0000, 0x0000000040000000, 0x40200000, 0x3f000000, 0000000000, fsub.s fa3, fa0, fa1, rne
        TEST_FS  42, 2, 0000, 0xffffffffc1200000, 0x40200000, 0xc0800000, 0000000000, fmul.s fa3, fa0, fa1, rne
        TEST_FS  43, 2, 0000, 0x0000000000400000, 0x00800000, 0x3f000000, 0000000000, fmul.s fa3, fa0, fa1, rne
        TEST_FS  44, 2, 0x01, 0x0000000000800000, 0x007fffff, 0x3f800001, 0000000000, fmul.s fa3, fa0, fa1, rne
        TEST_FS  45, 3, 0x03, 0x00000000007fffff, 0x007fffff, 0x3f800001, 0000000000, fmul.s fa3, fa0, fa1, rtz
        TEST_FS  46, 4, 0x03, 0x00000000007fffff, 0x007fffff, 0x3f800001, 0000000000, fmul.s fa3, fa0, fa1, rdn
        TEST_FS  47, 0, 0x01, 0x0000000000800000, 0x007fffff, 0x3f800001, 0000000000, fmul.s fa3, fa0, fa1, rup
        TEST_FS  48, 2, 0x03, 000000000000000000, 0x00000001, 0x3f000000, 0000000000, fmul.s fa3, fa0, fa1, rne
        TEST_FS  49, 0, 0x03, 0x0000000000000001, 0x00000001, 0x3f000000, 0000000000, fmul.s fa3, fa0, fa1, rup
        TEST_FS  50, 2, 0x10, 0x000000007fc00000, 0x7f800000, 0000000000, 0000000000, fmul.s fa3, fa0, fa1, rne
        TEST_FS  51, 2, 0000, 0xffffffff80000000, 0x80000000, 0x40a00000, 0000000000, fmul.s fa3, fa0, fa1, rne
        TEST_FS  52, 3, 0x05, 0x000000007f7fffff, 0x7f7fffff, 0x40000000, 0000000000, fmul.s fa3, fa0, fa1, rtz
        TEST_FS  53, 2, 0x01, 0x000000003f800002, 0x3f800001, 0x3f800001, 0000000000, fmul.s fa3, fa0, fa1, rne
        TEST_FS  54, 2, 0x01, 0x000000003eaaaaab, 0x3f800000, 0x40400000, 0000000000, fdiv.s fa3, fa0, fa1, rne
        TEST_FS  55, 3, 0x01, 0x000000003eaaaaaa, 0x3f800000, 0x40400000, 0000000000, fdiv.s fa3, fa0, fa1, rtz
        TEST_FS  56, 4, 0x01, 0x000000003eaaaaaa, 0x3f800000, 0x40400000, 0000000000, fdiv.s fa3, fa0, fa1, rdn
        TEST_FS  57, 0, 0x01, 0x000000003eaaaaab, 0x3f800000, 0x40400000, 0000000000, fdiv.s fa3, fa0, fa1, rup
        TEST_FS  58, 0, 0x01, 0xffffffffbf2aaaab, 0xc0000000, 0x40400000, 0000000000, fdiv.s fa3, fa0, fa1
        TEST_FS  59, 1, 0x01, 0xffffffffbf2aaaaa, 0xc0000000, 0x40400000, 0000000000, fdiv.s fa3, fa0, fa1
        TEST_FS  60, 2, 0x01, 0xffffffffbf2aaaab, 0xc0000000, 0x40400000, 0000000000, fdiv.s fa3, fa0, fa1
        TEST_FS  61, 3, 0x01, 0xffffffffbf2aaaaa, 0xc0000000, 0x40400000, 0000000000, fdiv.s fa3, fa0, fa1
        TEST_FS  62, 2, 0x08, 0x000000007f800000, 0x3f800000, 0000000000, 0000000000, fdiv.s fa3, fa0, fa1, rne
        TEST_FS  63, 2, 0x08, 0xffffffffff800000, 0xbf800000, 0000000000, 0000000000, fdiv.s fa3, fa0, fa1, rne
        TEST_FS  64, 2, 0x10, 0x000000007fc00000, 0000000000, 0000000000, 0000000000, fdiv.s fa3, fa0, fa1, rne
        TEST_FS  65, 2, 0x10, 0x000000007fc00000, 0x7f800000, 0x7f800000, 0000000000, fdiv.s fa3, fa0, fa1, rne
        TEST_FS  66, 2, 0000, 0xffffffff80000000, 0x3f800000, 0xff800000, 0000000000, fdiv.s fa3, fa0, fa1, rne
        TEST_FS  67, 2, 0000, 0x0000000040e00000, 0x42280000, 0x40c00000, 0000000000, fdiv.s fa3, fa0, fa1, rne
        TEST_FS  68, 2, 0000, 0x000000007f800000, 0x7f800000, 0000000000, 0000000000, fdiv.s fa3, fa0, fa1, rne
        TEST_FS  69, 2, 0000, 0x0000000040000000, 0x40800000, 0000000000, 0000000000, fsqrt.s fa3, fa0, rne
        TEST_FS  70, 2, 0x01, 0x000000003fb504f3, 0x40000000, 0000000000, 0000000000, fsqrt.s fa3, fa0, rne
        TEST_FS  71, 3, 0x01, 0x000000003fb504f3, 0x40000000, 0000000000, 0000000000, fsqrt.s fa3, fa0, rtz
        TEST_FS  72, 4, 0x01, 0x000000003fb504f3, 0x40000000, 0000000000, 0000000000, fsqrt.s fa3, fa0, rdn
        TEST_FS  73, 0, 0x01, 0x000000003fb504f4, 0x40000000, 0000000000, 0000000000, fsqrt.s fa3, fa0, rup
        TEST_FS  74, 2, 0x10, 0x000000007fc00000, 0xbf800000, 0000000000, 0000000000, fsqrt.s fa3, fa0, rne
        TEST_FS  75, 2, 0000, 0xffffffff80000000, 0x80000000, 0000000000, 0000000000, fsqrt.s fa3, fa0, rne
        TEST_FS  76, 2, 0000, 0x000000007f800000, 0x7f800000, 0000000000, 0000000000, fsqrt.s fa3, fa0, rne
        TEST_FS  77, 2, 0x10, 0x000000007fc00000, 0xff800000, 0000000000, 0000000000, fsqrt.s fa3, fa0, rne
        TEST_FS  78, 2, 0x10, 0x000000007fc00000, 0x7f800001, 0000000000, 0000000000, fsqrt.s fa3, fa0, rne
        TEST_FS  79, 2, 0x01, 0x000000001a3504f3, 0x00000001, 0000000000, 0000000000, fsqrt.s fa3, fa0, rne
        TEST_FS  80, 2, 0000, 0x0000000041200000, 0x40000000, 0x40400000, 0x40800000, fmadd.s fa3, fa0, fa1, fa2, rne
        TEST_FS  81, 2, 0000, 0x0000000040000000, 0x40000000, 0x40400000, 0x40800000, fmsub.s fa3, fa0, fa1, fa2, rne
        TEST_FS  82, 2, 0000, 0xffffffffc0000000, 0x40000000, 0x40400000, 0x40800000, fnmsub.s fa3, fa0, fa1, fa2, rne
        TEST_FS  83, 2, 0000, 0xffffffffc1200000, 0x40000000, 0x40400000, 0x40800000, fnmadd.s fa3, fa0, fa1, fa2, rne
        TEST_FS  84, 2, 0000, 0xffffffffa8800000, 0x3f800001, 0x3f7ffffe, 0x3f800000, fmsub.s fa3, fa0, fa1, fa2, rne
        TEST_FS  85, 2, 0x01, 0x0000000034800000, 0x3f800001, 0x3f800001, 0xbf800000, fmadd.s fa3, fa0, fa1, fa2, rne
        TEST_FS  86, 2, 0x01, 0x000000003f800001, 0x3f800000, 0x3f800000, 0x33c00000, fmadd.s fa3, fa0, fa1, fa2, rne
        TEST_FS  87, 3, 0x01, 0x000000003f800000, 0x3f800000, 0x3f800000, 0x33c00000, fmadd.s fa3, fa0, fa1, fa2, rtz
        TEST_FS  88, 4, 0x01, 0x000000003f800000, 0x3f800000, 0x3f800000, 0x33c00000, fmadd.s fa3, fa0, fa1, fa2, rdn
        TEST_FS  89, 0, 0x01, 0x000000003f800001, 0x3f800000, 0x3f800000, 0x33c00000, fmadd.s fa3, fa0, fa1, fa2, rup
        TEST_FS  90, 0, 0x01, 0xffffffffbf800001, 0x3f800000, 0x3f800000, 0x33c00000, fnmadd.s fa3, fa0, fa1, fa2
        TEST_FS  91, 1, 0x01, 0xffffffffbf800000, 0x3f800000, 0x3f800000, 0x33c00000, fnmadd.s fa3, fa0, fa1, fa2
        TEST_FS  92, 2, 0x01, 0xffffffffbf800001, 0x3f800000, 0x3f800000, 0x33c00000, fnmadd.s fa3, fa0, fa1, fa2
        TEST_FS  93, 3, 0x01, 0xffffffffbf800000, 0x3f800000, 0x3f800000, 0x33c00000, fnmadd.s fa3, fa0, fa1, fa2
        TEST_FS  94, 2, 0x10, 0x000000007fc00000, 0x7f800000, 0x3f800000, 0xff800000, fmadd.s fa3, fa0, fa1, fa2, rne
        TEST_FS  95, 2, 0000, 000000000000000000, 0x3f800000, 0xbf800000, 0x3f800000, fmadd.s fa3, fa0, fa1, fa2, rne
        TEST_FS  96, 4, 0000, 0xffffffff80000000, 0x3f800000, 0xbf800000, 0x3f800000, fmadd.s fa3, fa0, fa1, fa2, rdn
        TEST_FS  97, 2, 0x10, 0x000000007fc00000, 0x7f800001, 0x3f800000, 0x3f800000, fnmsub.s fa3, fa0, fa1, fa2, rne
        TEST_FS  98, 2, 0000, 0xffffffffff800000, 0x7f7fffff, 0x40000000, 0xff800000, fmadd.s fa3, fa0, fa1, fa2, rne

        /* RMM: ties away from zero (hand-derived: 1 + 2^-24 is exactly
           half-way between 1 and 1 + 2^-23) */
        TEST_FS 120, 0, FF_NX, 0x3f800001, 0x3f800000, 0x33800000, 0, fadd.s fa3, fa0, fa1, rmm
        TEST_FS 121, 0, FF_NX, 0xffffffffbf800001, 0xbf800000, 0xb3800000, 0, fadd.s fa3, fa0, fa1, rmm
        TEST_FS 122, 4, FF_NX, 0x3f800001, 0x3f800000, 0x33800000, 0, fadd.s fa3, fa0, fa1 /* dyn */
        TEST_FS 123, 0, FF_NX, 0x3f800000, 0x3f800000, 0x33000000, 0, fadd.s fa3, fa0, fa1, rmm /* below half */
        TEST_FS 124, 0, FF_NX|FF_OF, 0x7f800000, 0x7f7fffff, 0x7f7fffff, 0, fadd.s fa3, fa0, fa1, rmm
        /* 0 * inf + qNaN is invalid (spec: "fused multiply-add ... when the
           multiplicands are infinity and zero, even when the addend is a
           quiet NaN") */
        TEST_FS 125, 0, FF_NV, 0x7fc00000, 0x7f800000, 0x00000000, 0x7fc00000, fmadd.s fa3, fa0, fa1, fa2
        TEST_FS 126, 0, 0, 0x7fc00000, 0x3f800000, 0x3f800000, 0x7fc00000, fmadd.s fa3, fa0, fa1, fa2

        /* ---- double precision (sub-tests 130..) */
        TEST_FD   130, 2, 0000, 0x4008000000000000, 0x3ff0000000000000, 0x4000000000000000, 000000000000000000, fadd.d fa3, fa0, fa1, rne
        TEST_FD   131, 2, 0x01, 0x3ff0000000000001, 0x3ff0000000000000, 0x3ca8000000000000, 000000000000000000, fadd.d fa3, fa0, fa1, rne
        TEST_FD   132, 3, 0x01, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca8000000000000, 000000000000000000, fadd.d fa3, fa0, fa1, rtz
        TEST_FD   133, 4, 0x01, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca8000000000000, 000000000000000000, fadd.d fa3, fa0, fa1, rdn
        TEST_FD   134, 0, 0x01, 0x3ff0000000000001, 0x3ff0000000000000, 0x3ca8000000000000, 000000000000000000, fadd.d fa3, fa0, fa1, rup
        TEST_FD   135, 2, 0x01, 0xbff0000000000001, 0xbff0000000000000, 0xbca8000000000000, 000000000000000000, fadd.d fa3, fa0, fa1, rne
        TEST_FD   136, 3, 0x01, 0xbff0000000000000, 0xbff0000000000000, 0xbca8000000000000, 000000000000000000, fadd.d fa3, fa0, fa1, rtz
        TEST_FD   137, 4, 0x01, 0xbff0000000000001, 0xbff0000000000000, 0xbca8000000000000, 000000000000000000, fadd.d fa3, fa0, fa1, rdn
        TEST_FD   138, 0, 0x01, 0xbff0000000000000, 0xbff0000000000000, 0xbca8000000000000, 000000000000000000, fadd.d fa3, fa0, fa1, rup
        TEST_FD  139, 0, 0x01, 0x3ff0000000000001, 0x3ff0000000000000, 0x3ca8000000000000, 000000000000000000, fadd.d fa3, fa0, fa1
        TEST_FD  140, 1, 0x01, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca8000000000000, 000000000000000000, fadd.d fa3, fa0, fa1
        TEST_FD  141, 2, 0x01, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca8000000000000, 000000000000000000, fadd.d fa3, fa0, fa1
        TEST_FD  142, 3, 0x01, 0x3ff0000000000001, 0x3ff0000000000000, 0x3ca8000000000000, 000000000000000000, fadd.d fa3, fa0, fa1
        TEST_FD  143, 2, 0x01, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca0000000000000, 000000000000000000, fadd.d fa3, fa0, fa1, rne
        TEST_FD  144, 2, 0x05, 0x7ff0000000000000, 0x7fefffffffffffff, 0x7fefffffffffffff, 000000000000000000, fadd.d fa3, fa0, fa1, rne
        TEST_FD  145, 3, 0x05, 0x7fefffffffffffff, 0x7fefffffffffffff, 0x7fefffffffffffff, 000000000000000000, fadd.d fa3, fa0, fa1, rtz
        TEST_FD  146, 4, 0x05, 0x7fefffffffffffff, 0x7fefffffffffffff, 0x7fefffffffffffff, 000000000000000000, fadd.d fa3, fa0, fa1, rdn
        TEST_FD  147, 0, 0x05, 0x7ff0000000000000, 0x7fefffffffffffff, 0x7fefffffffffffff, 000000000000000000, fadd.d fa3, fa0, fa1, rup
        TEST_FD  148, 2, 0x10, 0x7ff8000000000000, 0x7ff0000000000000, 0xfff0000000000000, 000000000000000000, fadd.d fa3, fa0, fa1, rne
        TEST_FD  149, 2, 0000, 000000000000000000, 0x4008000000000000, 0xc008000000000000, 000000000000000000, fadd.d fa3, fa0, fa1, rne
        TEST_FD  150, 4, 0000, 0x8000000000000000, 0x4008000000000000, 0xc008000000000000, 000000000000000000, fadd.d fa3, fa0, fa1, rdn
        TEST_FD  151, 2, 0x10, 0x7ff8000000000000, 0x7ff0000000000001, 0x3ff0000000000000, 000000000000000000, fadd.d fa3, fa0, fa1, rne
        TEST_FD  152, 2, 0000, 0x7ff8000000000000, 0xfff8000000000000, 0x3ff0000000000000, 000000000000000000, fadd.d fa3, fa0, fa1, rne
        TEST_FD  153, 4, 0000, 0x8000000000000000, 0x3ff0000000000000, 0x3ff0000000000000, 000000000000000000, fsub.d fa3, fa0, fa1, rdn
        TEST_FD  154, 2, 0000, 0xbfc9999999999999, 0x3fb999999999999a, 0x3fd3333333333333, 000000000000000000, fsub.d fa3, fa0, fa1, rne
        TEST_FD  155, 2, 0000, 0xc024000000000000, 0x4004000000000000, 0xc010000000000000, 000000000000000000, fmul.d fa3, fa0, fa1, rne
        TEST_FD  156, 2, 0000, 0x0008000000000000, 0x0010000000000000, 0x3fe0000000000000, 000000000000000000, fmul.d fa3, fa0, fa1, rne
        TEST_FD  157, 2, 0x01, 0x0010000000000000, 0x000fffffffffffff, 0x3ff0000000000001, 000000000000000000, fmul.d fa3, fa0, fa1, rne
        TEST_FD  158, 3, 0x03, 0x000fffffffffffff, 0x000fffffffffffff, 0x3ff0000000000001, 000000000000000000, fmul.d fa3, fa0, fa1, rtz
        TEST_FD  159, 4, 0x03, 0x000fffffffffffff, 0x000fffffffffffff, 0x3ff0000000000001, 000000000000000000, fmul.d fa3, fa0, fa1, rdn
        TEST_FD  160, 0, 0x01, 0x0010000000000000, 0x000fffffffffffff, 0x3ff0000000000001, 000000000000000000, fmul.d fa3, fa0, fa1, rup
        TEST_FD  161, 2, 0x03, 000000000000000000, 0x0000000000000001, 0x3fd0000000000000, 000000000000000000, fmul.d fa3, fa0, fa1, rne
        TEST_FD  162, 2, 0x10, 0x7ff8000000000000, 0x7ff0000000000000, 0x8000000000000000, 000000000000000000, fmul.d fa3, fa0, fa1, rne
        TEST_FD  163, 3, 0x05, 0xffefffffffffffff, 0x7fefffffffffffff, 0xc000000000000000, 000000000000000000, fmul.d fa3, fa0, fa1, rtz
        TEST_FD  164, 2, 0x01, 0x3fd5555555555555, 0x3ff0000000000000, 0x4008000000000000, 000000000000000000, fdiv.d fa3, fa0, fa1, rne
        TEST_FD  165, 3, 0x01, 0x3fd5555555555555, 0x3ff0000000000000, 0x4008000000000000, 000000000000000000, fdiv.d fa3, fa0, fa1, rtz
        TEST_FD  166, 4, 0x01, 0x3fd5555555555555, 0x3ff0000000000000, 0x4008000000000000, 000000000000000000, fdiv.d fa3, fa0, fa1, rdn
        TEST_FD  167, 0, 0x01, 0x3fd5555555555556, 0x3ff0000000000000, 0x4008000000000000, 000000000000000000, fdiv.d fa3, fa0, fa1, rup
        TEST_FD  168, 0, 0x01, 0xbfe5555555555555, 0xc000000000000000, 0x4008000000000000, 000000000000000000, fdiv.d fa3, fa0, fa1
        TEST_FD  169, 1, 0x01, 0xbfe5555555555555, 0xc000000000000000, 0x4008000000000000, 000000000000000000, fdiv.d fa3, fa0, fa1
        TEST_FD  170, 2, 0x01, 0xbfe5555555555556, 0xc000000000000000, 0x4008000000000000, 000000000000000000, fdiv.d fa3, fa0, fa1
        TEST_FD  171, 3, 0x01, 0xbfe5555555555555, 0xc000000000000000, 0x4008000000000000, 000000000000000000, fdiv.d fa3, fa0, fa1
        TEST_FD  172, 2, 0x08, 0xfff0000000000000, 0x3ff0000000000000, 0x8000000000000000, 000000000000000000, fdiv.d fa3, fa0, fa1, rne
        TEST_FD  173, 2, 0x10, 0x7ff8000000000000, 000000000000000000, 000000000000000000, 000000000000000000, fdiv.d fa3, fa0, fa1, rne
        TEST_FD  174, 2, 0000, 0x4004000000000000, 0x4024000000000000, 0x4010000000000000, 000000000000000000, fdiv.d fa3, fa0, fa1, rne
        TEST_FD  175, 2, 0000, 0x3ff8000000000000, 0x4002000000000000, 000000000000000000, 000000000000000000, fsqrt.d fa3, fa0, rne
        TEST_FD  176, 2, 0x01, 0x3ff6a09e667f3bcd, 0x4000000000000000, 000000000000000000, 000000000000000000, fsqrt.d fa3, fa0, rne
        TEST_FD  177, 3, 0x01, 0x3ff6a09e667f3bcc, 0x4000000000000000, 000000000000000000, 000000000000000000, fsqrt.d fa3, fa0, rtz
        TEST_FD  178, 4, 0x01, 0x3ff6a09e667f3bcc, 0x4000000000000000, 000000000000000000, 000000000000000000, fsqrt.d fa3, fa0, rdn
        TEST_FD  179, 0, 0x01, 0x3ff6a09e667f3bcd, 0x4000000000000000, 000000000000000000, 000000000000000000, fsqrt.d fa3, fa0, rup
        TEST_FD  180, 2, 0x10, 0x7ff8000000000000, 0xc010000000000000, 000000000000000000, 000000000000000000, fsqrt.d fa3, fa0, rne
        TEST_FD  181, 2, 0000, 0x8000000000000000, 0x8000000000000000, 000000000000000000, 000000000000000000, fsqrt.d fa3, fa0, rne
        TEST_FD  182, 2, 0x10, 0x7ff8000000000000, 0x7ff0000000000001, 000000000000000000, 000000000000000000, fsqrt.d fa3, fa0, rne
        TEST_FD  183, 2, 0000, 0x4024000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        TEST_FD  184, 2, 0000, 0x4000000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000, fmsub.d fa3, fa0, fa1, fa2, rne
        TEST_FD  185, 2, 0000, 0xc000000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000, fnmsub.d fa3, fa0, fa1, fa2, rne
        TEST_FD  186, 2, 0000, 0xc024000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000, fnmadd.d fa3, fa0, fa1, fa2, rne
        TEST_FD  187, 2, 0000, 0xb970000000000000, 0x3ff0000000000001, 0x3feffffffffffffe, 0x3ff0000000000000, fmsub.d fa3, fa0, fa1, fa2, rne
        TEST_FD  188, 2, 0x01, 0x3ff0000000000001, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca8000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        TEST_FD  189, 3, 0x01, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca8000000000000, fmadd.d fa3, fa0, fa1, fa2, rtz
        TEST_FD  190, 4, 0x01, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca8000000000000, fmadd.d fa3, fa0, fa1, fa2, rdn
        TEST_FD  191, 0, 0x01, 0x3ff0000000000001, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca8000000000000, fmadd.d fa3, fa0, fa1, fa2, rup
        TEST_FD  192, 0, 0x01, 0xbfeffffffffffffe, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca8000000000000, fnmsub.d fa3, fa0, fa1, fa2
        TEST_FD  193, 1, 0x01, 0xbfeffffffffffffe, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca8000000000000, fnmsub.d fa3, fa0, fa1, fa2
        TEST_FD  194, 2, 0x01, 0xbfefffffffffffff, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca8000000000000, fnmsub.d fa3, fa0, fa1, fa2
        TEST_FD  195, 3, 0x01, 0xbfeffffffffffffe, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ca8000000000000, fnmsub.d fa3, fa0, fa1, fa2
        TEST_FD  196, 2, 0x10, 0x7ff8000000000000, 0x7ff0000000000000, 0x3ff0000000000000, 0xfff0000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        TEST_FD  197, 4, 0000, 0x4000000000000000, 0x3ff0000000000000, 0xbff0000000000000, 0xbff0000000000000, fnmadd.d fa3, fa0, fa1, fa2, rdn
        TEST_FD  198, 2, 0x10, 0x7ff8000000000000, 0x3ff0000000000000, 0x7ff0000000000001, 0x3ff0000000000000, fmadd.d fa3, fa0, fa1, fa2, rne

        TEST_FD 220, 0, FF_NX, 0x3ff0000000000001, 0x3ff0000000000000, 0x3ca0000000000000, 0, fadd.d fa3, fa0, fa1, rmm
        TEST_FD 221, 4, FF_NX, 0xbff0000000000001, 0xbff0000000000000, 0xbca0000000000000, 0, fadd.d fa3, fa0, fa1
        TEST_FD 222, 0, FF_NV, 0x7ff8000000000000, 0x0000000000000000, 0xfff0000000000000, 0x7ff8000000000000, fmadd.d fa3, fa0, fa1, fa2

        /* flags accumulate until cleared */
        li      TESTNUM, 230
        csrwi   fflags, 0
        li      t0, 0x3ff0000000000000
        fmv.d.x fa0, t0
        fmv.d.x fa1, zero
        fdiv.d  fa2, fa0, fa1           /* DZ */
        li      t0, 0x4008000000000000
        fmv.d.x fa1, t0
        fdiv.d  fa2, fa0, fa1           /* NX */
        csrr    a0, fflags
        CHECK   a0, FF_DZ|FF_NX
        csrr    a0, fcsr
        CHECK   a0, FF_DZ|FF_NX         /* frm = 0 */

        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
