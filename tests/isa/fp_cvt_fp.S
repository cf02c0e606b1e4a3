/* Integer -> FP conversions fcvt.{s,d}.{w,wu,l,lu} (rounded by each mode,
 * NX when inexact, single results NaN-boxed; 32-bit sources use only the low
 * word) and fcvt.s.d / fcvt.d.s (overflow, underflow to subnormal/zero, NaN
 * canonicalisation with NV for signaling NaNs).  Expected values come from
 * the host's IEEE 754 conversions under fesetround, NaNs made canonical. */
#include "env.h"
#include "fp_env.h"
RVTEST_CODE_BEGIN
        TEST_X_F   1, 0, 0000, 0xffffffff00000000, 000000000000000000, fcvt.s.w fa3, a0, rne
        TEST_X_F   2, 0, 0000, 000000000000000000, 000000000000000000, fcvt.d.w fa3, a0
        TEST_X_F   3, 0, 0000, 0xffffffff3f800000, 0x0000000000000001, fcvt.s.w fa3, a0, rne
        TEST_X_F   4, 0, 0000, 0x3ff0000000000000, 0x0000000000000001, fcvt.d.w fa3, a0
        TEST_X_F   5, 0, 0000, 0xffffffffbf800000, 0xffffffffffffffff, fcvt.s.w fa3, a0, rne
        TEST_X_F   6, 0, 0000, 0xbff0000000000000, 0xffffffffffffffff, fcvt.d.w fa3, a0
        TEST_X_F   7, 0, 0x01, 0xffffffff4f000000, 0x000000007fffffff, fcvt.s.w fa3, a0, rne
        TEST_X_F   8, 0, 0000, 0x41dfffffffc00000, 0x000000007fffffff, fcvt.d.w fa3, a0
        TEST_X_F   9, 0, 0000, 0xffffffffcf000000, 0x0000000080000000, fcvt.s.w fa3, a0, rne
        TEST_X_F  10, 0, 0000, 0xc1e0000000000000, 0x0000000080000000, fcvt.d.w fa3, a0
        TEST_X_F  11, 0, 0000, 0xffffffffcf000000, 0xffffffff80000000, fcvt.s.w fa3, a0, rne
        TEST_X_F  12, 0, 0000, 0xc1e0000000000000, 0xffffffff80000000, fcvt.d.w fa3, a0
        TEST_X_F  13, 0, 0000, 0xffffffffbf800000, 0x00000000ffffffff, fcvt.s.w fa3, a0, rne
        TEST_X_F  14, 0, 0000, 0xbff0000000000000, 0x00000000ffffffff, fcvt.d.w fa3, a0
        TEST_X_F  15, 0, 0000, 0xffffffff40a00000, 0x1234567800000005, fcvt.s.w fa3, a0, rne
        TEST_X_F  16, 0, 0000, 0x4014000000000000, 0x1234567800000005, fcvt.d.w fa3, a0
        TEST_X_F  17, 0, 0000, 0xffffffff00000000, 0x8000000000000000, fcvt.s.w fa3, a0, rne
        TEST_X_F  18, 0, 0000, 000000000000000000, 0x8000000000000000, fcvt.d.w fa3, a0
        TEST_X_F  19, 0, 0000, 0xffffffffbf800000, 0x7fffffffffffffff, fcvt.s.w fa3, a0, rne
        TEST_X_F  20, 0, 0000, 0xbff0000000000000, 0x7fffffffffffffff, fcvt.d.w fa3, a0
        TEST_X_F  21, 0, 0x01, 0xffffffff4b800000, 0x0000000001000001, fcvt.s.w fa3, a0, rne
        TEST_X_F  22, 0, 0000, 0x4170000010000000, 0x0000000001000001, fcvt.d.w fa3, a0
        TEST_X_F  23, 0, 0000, 0xffffffff3f800000, 0x0020000000000001, fcvt.s.w fa3, a0, rne
        TEST_X_F  24, 0, 0000, 0x3ff0000000000000, 0x0020000000000001, fcvt.d.w fa3, a0
        TEST_X_F  25, 0, 0000, 0xffffffff00000000, 000000000000000000, fcvt.s.wu fa3, a0, rne
        TEST_X_F  26, 0, 0000, 000000000000000000, 000000000000000000, fcvt.d.wu fa3, a0
        TEST_X_F  27, 0, 0000, 0xffffffff3f800000, 0x0000000000000001, fcvt.s.wu fa3, a0, rne
        TEST_X_F  28, 0, 0000, 0x3ff0000000000000, 0x0000000000000001, fcvt.d.wu fa3, a0
        TEST_X_F  29, 0, 0x01, 0xffffffff4f800000, 0xffffffffffffffff, fcvt.s.wu fa3, a0, rne
        TEST_X_F  30, 0, 0000, 0x41efffffffe00000, 0xffffffffffffffff, fcvt.d.wu fa3, a0
        TEST_X_F  31, 0, 0x01, 0xffffffff4f000000, 0x000000007fffffff, fcvt.s.wu fa3, a0, rne
        TEST_X_F  32, 0, 0000, 0x41dfffffffc00000, 0x000000007fffffff, fcvt.d.wu fa3, a0
        TEST_X_F  33, 0, 0000, 0xffffffff4f000000, 0x0000000080000000, fcvt.s.wu fa3, a0, rne
        TEST_X_F  34, 0, 0000, 0x41e0000000000000, 0x0000000080000000, fcvt.d.wu fa3, a0
        TEST_X_F  35, 0, 0000, 0xffffffff4f000000, 0xffffffff80000000, fcvt.s.wu fa3, a0, rne
        TEST_X_F  36, 0, 0000, 0x41e0000000000000, 0xffffffff80000000, fcvt.d.wu fa3, a0
        TEST_X_F  37, 0, 0x01, 0xffffffff4f800000, 0x00000000ffffffff, fcvt.s.wu fa3, a0, rne
        TEST_X_F  38, 0, 0000, 0x41efffffffe00000, 0x00000000ffffffff, fcvt.d.wu fa3, a0
        TEST_X_F  39, 0, 0000, 0xffffffff40a00000, 0x1234567800000005, fcvt.s.wu fa3, a0, rne
        TEST_X_F  40, 0, 0000, 0x4014000000000000, 0x1234567800000005, fcvt.d.wu fa3, a0
        TEST_X_F  41, 0, 0000, 0xffffffff00000000, 0x8000000000000000, fcvt.s.wu fa3, a0, rne
        TEST_X_F  42, 0, 0000, 000000000000000000, 0x8000000000000000, fcvt.d.wu fa3, a0
        TEST_X_F  43, 0, 0x01, 0xffffffff4f800000, 0x7fffffffffffffff, fcvt.s.wu fa3, a0, rne
        TEST_X_F  44, 0, 0000, 0x41efffffffe00000, 0x7fffffffffffffff, fcvt.d.wu fa3, a0
        TEST_X_F  45, 0, 0x01, 0xffffffff4b800000, 0x0000000001000001, fcvt.s.wu fa3, a0, rne
        TEST_X_F  46, 0, 0000, 0x4170000010000000, 0x0000000001000001, fcvt.d.wu fa3, a0
        TEST_X_F  47, 0, 0000, 0xffffffff3f800000, 0x0020000000000001, fcvt.s.wu fa3, a0, rne
        TEST_X_F  48, 0, 0000, 0x3ff0000000000000, 0x0020000000000001, fcvt.d.wu fa3, a0
        TEST_X_F  49, 0, 0000, 0xffffffff00000000, 000000000000000000, fcvt.s.l fa3, a0, rne
        TEST_X_F  50, 0, 0000, 000000000000000000, 000000000000000000, fcvt.d.l fa3, a0, rne
        TEST_X_F  51, 0, 0000, 0xffffffff3f800000, 0x0000000000000001, fcvt.s.l fa3, a0, rne
        TEST_X_F  52, 0, 0000, 0x3ff0000000000000, 0x0000000000000001, fcvt.d.l fa3, a0, rne
        TEST_X_F  53, 0, 0000, 0xffffffffbf800000, 0xffffffffffffffff, fcvt.s.l fa3, a0, rne
        TEST_X_F  54, 0, 0000, 0xbff0000000000000, 0xffffffffffffffff, fcvt.d.l fa3, a0, rne
        TEST_X_F  55, 0, 0x01, 0xffffffff4f000000, 0x000000007fffffff, fcvt.s.l fa3, a0, rne
        TEST_X_F  56, 0, 0000, 0x41dfffffffc00000, 0x000000007fffffff, fcvt.d.l fa3, a0, rne
        TEST_X_F  57, 0, 0000, 0xffffffff4f000000, 0x0000000080000000, fcvt.s.l fa3, a0, rne
        TEST_X_F  58, 0, 0000, 0x41e0000000000000, 0x0000000080000000, fcvt.d.l fa3, a0, rne
        TEST_X_F  59, 0, 0000, 0xffffffffcf000000, 0xffffffff80000000, fcvt.s.l fa3, a0, rne
        TEST_X_F  60, 0, 0000, 0xc1e0000000000000, 0xffffffff80000000, fcvt.d.l fa3, a0, rne
        TEST_X_F  61, 0, 0x01, 0xffffffff4f800000, 0x00000000ffffffff, fcvt.s.l fa3, a0, rne
        TEST_X_F  62, 0, 0000, 0x41efffffffe00000, 0x00000000ffffffff, fcvt.d.l fa3, a0, rne
        TEST_X_F  63, 0, 0x01, 0xffffffff5d91a2b4, 0x1234567800000005, fcvt.s.l fa3, a0, rne
        TEST_X_F  64, 0, 0x01, 0x43b2345678000000, 0x1234567800000005, fcvt.d.l fa3, a0, rne
        TEST_X_F  65, 0, 0000, 0xffffffffdf000000, 0x8000000000000000, fcvt.s.l fa3, a0, rne
        TEST_X_F  66, 0, 0000, 0xc3e0000000000000, 0x8000000000000000, fcvt.d.l fa3, a0, rne
        TEST_X_F  67, 0, 0x01, 0xffffffff5f000000, 0x7fffffffffffffff, fcvt.s.l fa3, a0, rne
        TEST_X_F  68, 0, 0x01, 0x43e0000000000000, 0x7fffffffffffffff, fcvt.d.l fa3, a0, rne
        TEST_X_F  69, 0, 0x01, 0xffffffff4b800000, 0x0000000001000001, fcvt.s.l fa3, a0, rne
        TEST_X_F  70, 0, 0000, 0x4170000010000000, 0x0000000001000001, fcvt.d.l fa3, a0, rne
        TEST_X_F  71, 0, 0x01, 0xffffffff5a000000, 0x0020000000000001, fcvt.s.l fa3, a0, rne
        TEST_X_F  72, 0, 0x01, 0x4340000000000000, 0x0020000000000001, fcvt.d.l fa3, a0, rne
        TEST_X_F  73, 0, 0000, 0xffffffff00000000, 000000000000000000, fcvt.s.lu fa3, a0, rne
        TEST_X_F  74, 0, 0000, 000000000000000000, 000000000000000000, fcvt.d.lu fa3, a0, rne
        TEST_X_F  75, 0, 0000, 0xffffffff3f800000, 0x0000000000000001, fcvt.s.lu fa3, a0, rne
        TEST_X_F  76, 0, 0000, 0x3ff0000000000000, 0x0000000000000001, fcvt.d.lu fa3, a0, rne
        TEST_X_F  77, 0, 0x01, 0xffffffff5f800000, 0xffffffffffffffff, fcvt.s.lu fa3, a0, rne
        TEST_X_F  78, 0, 0x01, 0x43f0000000000000, 0xffffffffffffffff, fcvt.d.lu fa3, a0, rne
        TEST_X_F  79, 0, 0x01, 0xffffffff4f000000, 0x000000007fffffff, fcvt.s.lu fa3, a0, rne
        TEST_X_F  80, 0, 0000, 0x41dfffffffc00000, 0x000000007fffffff, fcvt.d.lu fa3, a0, rne
        TEST_X_F  81, 0, 0000, 0xffffffff4f000000, 0x0000000080000000, fcvt.s.lu fa3, a0, rne
        TEST_X_F  82, 0, 0000, 0x41e0000000000000, 0x0000000080000000, fcvt.d.lu fa3, a0, rne
        TEST_X_F  83, 0, 0x01, 0xffffffff5f800000, 0xffffffff80000000, fcvt.s.lu fa3, a0, rne
        TEST_X_F  84, 0, 0000, 0x43effffffff00000, 0xffffffff80000000, fcvt.d.lu fa3, a0, rne
        TEST_X_F  85, 0, 0x01, 0xffffffff4f800000, 0x00000000ffffffff, fcvt.s.lu fa3, a0, rne
        TEST_X_F  86, 0, 0000, 0x41efffffffe00000, 0x00000000ffffffff, fcvt.d.lu fa3, a0, rne
        TEST_X_F  87, 0, 0x01, 0xffffffff5d91a2b4, 0x1234567800000005, fcvt.s.lu fa3, a0, rne
        TEST_X_F  88, 0, 0x01, 0x43b2345678000000, 0x1234567800000005, fcvt.d.lu fa3, a0, rne
        TEST_X_F  89, 0, 0000, 0xffffffff5f000000, 0x8000000000000000, fcvt.s.lu fa3, a0, rne
        TEST_X_F  90, 0, 0000, 0x43e0000000000000, 0x8000000000000000, fcvt.d.lu fa3, a0, rne
        TEST_X_F  91, 0, 0x01, 0xffffffff5f000000, 0x7fffffffffffffff, fcvt.s.lu fa3, a0, rne
        TEST_X_F  92, 0, 0x01, 0x43e0000000000000, 0x7fffffffffffffff, fcvt.d.lu fa3, a0, rne
        TEST_X_F  93, 0, 0x01, 0xffffffff4b800000, 0x0000000001000001, fcvt.s.lu fa3, a0, rne
        TEST_X_F  94, 0, 0000, 0x4170000010000000, 0x0000000001000001, fcvt.d.lu fa3, a0, rne
        TEST_X_F  95, 0, 0x01, 0xffffffff5a000000, 0x0020000000000001, fcvt.s.lu fa3, a0, rne
        TEST_X_F  96, 0, 0x01, 0x4340000000000000, 0x0020000000000001, fcvt.d.lu fa3, a0, rne
        TEST_X_F  97, 0, 0x01, 0xffffffff4b800000, 0x0000000001000001, fcvt.s.w fa3, a0, rne
        TEST_X_F  98, 0, 0000, 0xffffffffcb7fffff, 0xffffffffff000001, fcvt.s.l fa3, a0, rne
        TEST_X_F  99, 0, 0x01, 0x4340000000000000, 0x0020000000000001, fcvt.d.lu fa3, a0, rne
        TEST_X_F 100, 0, 0x01, 0xc340000000000000, 0xffdfffffffffffff, fcvt.d.l fa3, a0, rne
        TEST_X_F 101, 0, 0x01, 0xffffffff5f800000, 0xffffffffffffffff, fcvt.s.lu fa3, a0, rne
        TEST_X_F 102, 0, 0x01, 0xffffffff4b800000, 0x0000000001000001, fcvt.s.w fa3, a0, rtz
        TEST_X_F 103, 0, 0000, 0xffffffffcb7fffff, 0xffffffffff000001, fcvt.s.l fa3, a0, rtz
        TEST_X_F 104, 0, 0x01, 0x4340000000000000, 0x0020000000000001, fcvt.d.lu fa3, a0, rtz
        TEST_X_F 105, 0, 0x01, 0xc340000000000000, 0xffdfffffffffffff, fcvt.d.l fa3, a0, rtz
        TEST_X_F 106, 0, 0x01, 0xffffffff5f7fffff, 0xffffffffffffffff, fcvt.s.lu fa3, a0, rtz
        TEST_X_F 107, 0, 0x01, 0xffffffff4b800000, 0x0000000001000001, fcvt.s.w fa3, a0, rdn
        TEST_X_F 108, 0, 0000, 0xffffffffcb7fffff, 0xffffffffff000001, fcvt.s.l fa3, a0, rdn
        TEST_X_F 109, 0, 0x01, 0x4340000000000000, 0x0020000000000001, fcvt.d.lu fa3, a0, rdn
        TEST_X_F 110, 0, 0x01, 0xc340000000000001, 0xffdfffffffffffff, fcvt.d.l fa3, a0, rdn
        TEST_X_F 111, 0, 0x01, 0xffffffff5f7fffff, 0xffffffffffffffff, fcvt.s.lu fa3, a0, rdn
        TEST_X_F 112, 0, 0x01, 0xffffffff4b800001, 0x0000000001000001, fcvt.s.w fa3, a0, rup
        TEST_X_F 113, 0, 0000, 0xffffffffcb7fffff, 0xffffffffff000001, fcvt.s.l fa3, a0, rup
        TEST_X_F 114, 0, 0x01, 0x4340000000000001, 0x0020000000000001, fcvt.d.lu fa3, a0, rup
        TEST_X_F 115, 0, 0x01, 0xc340000000000000, 0xffdfffffffffffff, fcvt.d.l fa3, a0, rup
        TEST_X_F 116, 0, 0x01, 0xffffffff5f800000, 0xffffffffffffffff, fcvt.s.lu fa3, a0, rup
        TEST_FD 117, 0, 0000, 0xffffffff3f800000, 0x3ff0000000000000, 0, 0, fcvt.s.d fa3, fa0, rne
        TEST_FD 118, 0, 0x01, 0xffffffff3dcccccd, 0x3fb999999999999a, 0, 0, fcvt.s.d fa3, fa0, rne
        TEST_FD 119, 0, 0x01, 0xffffffffbdcccccd, 0xbfb999999999999a, 0, 0, fcvt.s.d fa3, fa0, rne
        TEST_FD 120, 0, 0x01, 0xffffffffbdcccccc, 0xbfb999999999999a, 0, 0, fcvt.s.d fa3, fa0, rtz
        TEST_FD 121, 0, 0x01, 0xffffffffbdcccccd, 0xbfb999999999999a, 0, 0, fcvt.s.d fa3, fa0, rdn
        TEST_FD 122, 0, 0x01, 0xffffffffbdcccccc, 0xbfb999999999999a, 0, 0, fcvt.s.d fa3, fa0, rup
        TEST_FD 123, 0, 0x05, 0xffffffff7f800000, 0x7e37e43c8800759c, 0, 0, fcvt.s.d fa3, fa0, rne
        TEST_FD 124, 0, 0x05, 0xffffffff7f7fffff, 0x7e37e43c8800759c, 0, 0, fcvt.s.d fa3, fa0, rtz
        TEST_FD 125, 0, 0x05, 0xffffffffff7fffff, 0xfe37e43c8800759c, 0, 0, fcvt.s.d fa3, fa0, rup
        TEST_FD 126, 0, 0x03, 0xffffffff00000000, 0x01a56e1fc2f8f359, 0, 0, fcvt.s.d fa3, fa0, rne
        TEST_FD 127, 0, 0x03, 0xffffffff00000001, 0x01a56e1fc2f8f359, 0, 0, fcvt.s.d fa3, fa0, rup
        TEST_FD 128, 0, 0x10, 0xffffffff7fc00000, 0x7ff0000000000001, 0, 0, fcvt.s.d fa3, fa0, rne
        TEST_FD 129, 0, 0000, 0xffffffff7fc00000, 0xfff8000000001234, 0, 0, fcvt.s.d fa3, fa0, rne
        TEST_FD 130, 0, 0000, 0xffffffff80000000, 0x8000000000000000, 0, 0, fcvt.s.d fa3, fa0, rne
        TEST_FD 131, 0, 0000, 0xffffffff7f800000, 0x7ff0000000000000, 0, 0, fcvt.s.d fa3, fa0, rne
        TEST_FD 132, 0, 0000, 0xffffffff00000001, 0x36a0000000000000, 0, 0, fcvt.s.d fa3, fa0, rne
        TEST_FD 133, 0, 0x03, 0xffffffff00000001, 0x3698000000000000, 0, 0, fcvt.s.d fa3, fa0, rne
        TEST_FS_TO_D 134, 0, 0000, 0x3ff0000000000000, 0x3f800000, fcvt.d.s fa3, fa0
        TEST_FS_TO_D 135, 0, 0000, 0x8000000000000000, 0x80000000, fcvt.d.s fa3, fa0
        TEST_FS_TO_D 136, 0, 0x10, 0x7ff8000000000000, 0x7f800001, fcvt.d.s fa3, fa0
        TEST_FS_TO_D 137, 0, 0000, 0x7ff8000000000000, 0xffc00001, fcvt.d.s fa3, fa0
        TEST_FS_TO_D 138, 0, 0000, 0x36a0000000000000, 0x00000001, fcvt.d.s fa3, fa0
        TEST_FS_TO_D 139, 0, 0000, 0xfff0000000000000, 0xff800000, fcvt.d.s fa3, fa0
        TEST_FS_TO_D 140, 0, 0000, 0x47efffffe0000000, 0x7f7fffff, fcvt.d.s fa3, fa0
        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
