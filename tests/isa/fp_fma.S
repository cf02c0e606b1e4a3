/* The fused multiply-adds (fmadd/fmsub/fnmsub/fnmadd .s/.d) at the edges
 * of the JIT's host fast path, which runs them on the host's FMA3 unit in
 * round-to-nearest when NX is already set and the result is a normal
 * outside the smallest binade, and leaves everything else to the
 * soft-float: each case runs with fflags = NX before (the fast path's
 * condition; NX then stays set) and some with fflags clear, and checks
 * the result's 64 bits (NaN-boxing included) and fflags after.  Cases:
 * results in the smallest normal binade and the next, tiny results exact
 * and inexact (UF only when inexact, tininess after rounding: the spec's
 * "Floating-Point Control and Status Register" and IEEE 754-2008 7.5),
 * overflow, exact zeros and their signs (RDN's -0), inf * 0 + qNaN
 * (NV, unpriv. spec F chapter "Single-Precision Floating-Point
 * Computational Instructions"), signalling and quiet NaNs (the canonical
 * NaN), unboxed single operands (read as the canonical NaN, "NaN Boxing
 * of Narrower Values"), static rne with frm = rtz (frm ignored), other
 * rounding modes, and random in-range operands with cancellations.
 * Expected values: exact rational arithmetic rounded per IEEE 754
 * (a Python model written for this test, not rvx), cross-checked on
 * QEMU 7.2 (qemu-system-riscv64 -M spike). */
#include "env.h"
#include "fp_env.h"

/* f rd = insn(fa0, fa1, fa2) with the operands' 64-bit register images
 * (boxed or not), frm = \frm and fflags = \pre before; checks fflags and
 * fa3's 64 bits (fp_env.h's FP_CASE). */
.macro FMA n, frm, pre, fl, res, a, b, c, insn:vararg
        FP_CASE fmv.d.x, fmv.x.d, \n, \frm, \pre, \fl, \res, \a, \b, \c, \insn
.endm

RVTEST_CODE_BEGIN
        /* ---- single precision ---- */
        /* fmadd: 2*3 and 4 (static rne with frm = rtz; then dynamic) */
        FMA   1, 1, 1, 0x01, 0xffffffff41200000, 0xffffffff40000000, 0xffffffff40400000, 0xffffffff40800000, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA   2, 0, 1, 0x01, 0xffffffff41200000, 0xffffffff40000000, 0xffffffff40400000, 0xffffffff40800000, fmadd.s fa3, fa0, fa1, fa2
        FMA   3, 1, 1, 0x01, 0xffffffff40000000, 0xffffffff40000000, 0xffffffff40400000, 0xffffffff40800000, fmsub.s fa3, fa0, fa1, fa2, rne
        FMA   4, 0, 1, 0x01, 0xffffffff40000000, 0xffffffff40000000, 0xffffffff40400000, 0xffffffff40800000, fmsub.s fa3, fa0, fa1, fa2
        FMA   5, 1, 1, 0x01, 0xffffffffc0000000, 0xffffffff40000000, 0xffffffff40400000, 0xffffffff40800000, fnmsub.s fa3, fa0, fa1, fa2, rne
        FMA   6, 0, 1, 0x01, 0xffffffffc0000000, 0xffffffff40000000, 0xffffffff40400000, 0xffffffff40800000, fnmsub.s fa3, fa0, fa1, fa2
        FMA   7, 1, 1, 0x01, 0xffffffffc1200000, 0xffffffff40000000, 0xffffffff40400000, 0xffffffff40800000, fnmadd.s fa3, fa0, fa1, fa2, rne
        FMA   8, 0, 1, 0x01, 0xffffffffc1200000, 0xffffffff40000000, 0xffffffff40400000, 0xffffffff40800000, fnmadd.s fa3, fa0, fa1, fa2
        /* fused: (1+u)^2 - round((1+u)^2) = u^2 exactly, fflags NX before */
        FMA   9, 1, 1, 0x01, 0xffffffff28800000, 0xffffffff3f800001, 0xffffffff3f800001, 0xffffffff3f800002, fmsub.s fa3, fa0, fa1, fa2, rne
        /* inexact: (1+u)^2 rounded, NX */
        FMA  10, 1, 1, 0x01, 0xffffffff3f800002, 0xffffffff3f800001, 0xffffffff3f800001, 0xffffffff00000000, fmadd.s fa3, fa0, fa1, fa2, rne
        /* fused: (1+u)^2 - round((1+u)^2) = u^2 exactly, fflags clear before */
        FMA  11, 1, 0, 0x00, 0xffffffff28800000, 0xffffffff3f800001, 0xffffffff3f800001, 0xffffffff3f800002, fmsub.s fa3, fa0, fa1, fa2, rne
        /* inexact: (1+u)^2 rounded, NX */
        FMA  12, 1, 0, 0x01, 0xffffffff3f800002, 0xffffffff3f800001, 0xffffffff3f800001, 0xffffffff00000000, fmadd.s fa3, fa0, fa1, fa2, rne
        /* the result window: smallest normal binade, the next, subnormals */
        FMA  13, 1, 1, 0x01, 0xffffffff00c00000, 0xffffffff00800000, 0xffffffff3fc00000, 0xffffffff00000000, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  14, 1, 1, 0x01, 0xffffffff80c00000, 0xffffffff00800000, 0xffffffff3fc00000, 0xffffffff00000000, fnmadd.s fa3, fa0, fa1, fa2, rne
        FMA  15, 1, 1, 0x01, 0xffffffff01000000, 0xffffffff01000000, 0xffffffff3f800000, 0xffffffff00000000, fmadd.s fa3, fa0, fa1, fa2, rne
        /* tiny and inexact (a tie to even): UF */
        FMA  16, 1, 1, 0x03, 0xffffffff00400000, 0xffffffff00800001, 0xffffffff3f000000, 0xffffffff00000000, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  17, 1, 0, 0x03, 0xffffffff00400000, 0xffffffff00800001, 0xffffffff3f000000, 0xffffffff00000000, fmadd.s fa3, fa0, fa1, fa2, rne
        /* tiny but exact: no UF */
        FMA  18, 1, 1, 0x01, 0xffffffff00400000, 0xffffffff00800000, 0xffffffff3f000000, 0xffffffff00000000, fmadd.s fa3, fa0, fa1, fa2, rne
        /* (1-2^-p) * minnorm rounds to minnorm, tiny after rounding with an unbounded exponent: UF */
        FMA  19, 1, 1, 0x03, 0xffffffff00800000, 0xffffffff3f7fffff, 0xffffffff00800000, 0xffffffff00000000, fmadd.s fa3, fa0, fa1, fa2, rne
        /* cancellation into the subnormals, exact */
        FMA  20, 1, 1, 0x01, 0xffffffff00000002, 0xffffffff00800003, 0xffffffff3f800000, 0xffffffff00800001, fmsub.s fa3, fa0, fa1, fa2, rne
        /* a subnormal operand, a normal exact result */
        FMA  21, 1, 1, 0x01, 0xffffffff06000000, 0xffffffff00000001, 0xffffffff50800000, 0xffffffff00000000, fmadd.s fa3, fa0, fa1, fa2, rne
        /* ... and inexact */
        FMA  22, 1, 1, 0x01, 0xffffffff3f800000, 0xffffffff00000001, 0xffffffff50800000, 0xffffffff3f800000, fmadd.s fa3, fa0, fa1, fa2, rne
        /* overflow and the largest finite */
        FMA  23, 1, 1, 0x05, 0xffffffff7f800000, 0xffffffff7f7fffff, 0xffffffff40000000, 0xffffffff00000000, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  24, 1, 1, 0x01, 0xffffffff7f7fffff, 0xffffffff7f7fffff, 0xffffffff3f800000, 0xffffffff00000000, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  25, 1, 1, 0x01, 0xffffffffff7fffff, 0xffffffff7f7fffff, 0xffffffff3f800000, 0xffffffff00000000, fnmsub.s fa3, fa0, fa1, fa2, rne
        /* max + half an ulp: a tie, rounds up and overflows */
        FMA  26, 1, 1, 0x05, 0xffffffff7f800000, 0xffffffff7f7fffff, 0xffffffff3f800000, 0xffffffff73000000, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  27, 1, 1, 0x01, 0xffffffff7f7fffff, 0xffffffff7f7fffff, 0xffffffff3f800000, 0xffffffff72800000, fmadd.s fa3, fa0, fa1, fa2, rne
        /* exact zeros and their signs */
        FMA  28, 1, 1, 0x01, 0xffffffff00000000, 0xffffffff3f800000, 0xffffffff3f800000, 0xffffffffbf800000, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  29, 1, 1, 0x01, 0xffffffff00000000, 0xffffffff3f800000, 0xffffffff3f800000, 0xffffffffbf800000, fnmadd.s fa3, fa0, fa1, fa2, rne
        FMA  30, 1, 1, 0x01, 0xffffffff00000000, 0xffffffff3f800000, 0xffffffff3f800000, 0xffffffff3f800000, fmsub.s fa3, fa0, fa1, fa2, rne
        FMA  31, 1, 1, 0x01, 0xffffffff00000000, 0xffffffff3f800000, 0xffffffff3f800000, 0xffffffff3f800000, fnmsub.s fa3, fa0, fa1, fa2, rne
        FMA  32, 2, 1, 0x01, 0xffffffff80000000, 0xffffffff3f800000, 0xffffffff3f800000, 0xffffffffbf800000, fmadd.s fa3, fa0, fa1, fa2
        FMA  33, 1, 1, 0x01, 0xffffffff80000000, 0xffffffff80000000, 0xffffffff3f800000, 0xffffffff80000000, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  34, 1, 1, 0x01, 0xffffffff00000000, 0xffffffff00000000, 0xffffffffbf800000, 0xffffffff00000000, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  35, 1, 1, 0x01, 0xffffffff80000000, 0xffffffff80000000, 0xffffffff3f800000, 0xffffffff00000000, fmsub.s fa3, fa0, fa1, fa2, rne
        /* infinities and NaNs */
        /* inf * 0 + qNaN: NV (RISC-V), the canonical NaN */
        FMA  36, 1, 1, 0x11, 0xffffffff7fc00000, 0xffffffff7f800000, 0xffffffff00000000, 0xffffffff7fc00123, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  37, 1, 1, 0x11, 0xffffffff7fc00000, 0xffffffff00000000, 0xffffffff7f800000, 0xffffffff3f800000, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  38, 1, 1, 0x11, 0xffffffff7fc00000, 0xffffffff7f800000, 0xffffffff3f800000, 0xffffffffff800000, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  39, 1, 1, 0x11, 0xffffffff7fc00000, 0xffffffff7f800000, 0xffffffff3f800000, 0xffffffff7f800000, fmsub.s fa3, fa0, fa1, fa2, rne
        FMA  40, 1, 1, 0x01, 0xffffffffff800000, 0xffffffff7f800000, 0xffffffff40000000, 0xffffffff3f800000, fnmadd.s fa3, fa0, fa1, fa2, rne
        FMA  41, 1, 1, 0x01, 0xffffffff7f800000, 0xffffffff3f800000, 0xffffffff7f800000, 0xffffffff3f800000, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  42, 1, 1, 0x01, 0xffffffff7f800000, 0xffffffff3f800000, 0xffffffff3f800000, 0xffffffff7f800000, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  43, 1, 1, 0x11, 0xffffffff7fc00000, 0xffffffff7f800001, 0xffffffff3f800000, 0xffffffff3f800000, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  44, 1, 1, 0x11, 0xffffffff7fc00000, 0xffffffff3f800000, 0xffffffff3f800000, 0xffffffff7f800001, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  45, 1, 1, 0x01, 0xffffffff7fc00000, 0xffffffff3f800000, 0xffffffff7fc00123, 0xffffffff3f800000, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  46, 1, 0, 0x00, 0xffffffff7fc00000, 0xffffffff7fc00123, 0xffffffff3f800000, 0xffffffff3f800000, fnmsub.s fa3, fa0, fa1, fa2, rne
        /* an unboxed single reads as the canonical NaN */
        FMA  47, 1, 1, 0x01, 0xffffffff7fc00000, 0x000000003f800000, 0xffffffff3f800000, 0xffffffff3f800000, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  48, 1, 1, 0x01, 0xffffffff7fc00000, 0xffffffff3f800000, 0xfffffffe3f800000, 0xffffffff3f800000, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  49, 1, 1, 0x01, 0xffffffff7fc00000, 0xffffffff3f800000, 0xffffffff3f800000, 0x7fffffff3f800000, fmadd.s fa3, fa0, fa1, fa2, rne
        /* other rounding modes, static and dynamic */
        FMA  50, 1, 1, 0x01, 0xffffffff3f800006, 0xffffffff3f800003, 0xffffffff3f800003, 0xffffffff00000000, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  51, 0, 1, 0x01, 0xffffffffbf800006, 0xffffffff3f800003, 0xffffffff3f800003, 0xffffffff00000000, fnmadd.s fa3, fa0, fa1, fa2
        FMA  52, 0, 1, 0x01, 0xffffffff3f800006, 0xffffffff3f800003, 0xffffffff3f800003, 0xffffffff00000000, fmadd.s fa3, fa0, fa1, fa2, rtz
        FMA  53, 1, 1, 0x01, 0xffffffffbf800006, 0xffffffff3f800003, 0xffffffff3f800003, 0xffffffff00000000, fnmadd.s fa3, fa0, fa1, fa2
        FMA  54, 0, 1, 0x01, 0xffffffff3f800006, 0xffffffff3f800003, 0xffffffff3f800003, 0xffffffff00000000, fmadd.s fa3, fa0, fa1, fa2, rdn
        FMA  55, 2, 1, 0x01, 0xffffffffbf800007, 0xffffffff3f800003, 0xffffffff3f800003, 0xffffffff00000000, fnmadd.s fa3, fa0, fa1, fa2
        FMA  56, 0, 1, 0x01, 0xffffffff3f800007, 0xffffffff3f800003, 0xffffffff3f800003, 0xffffffff00000000, fmadd.s fa3, fa0, fa1, fa2, rup
        FMA  57, 3, 1, 0x01, 0xffffffffbf800006, 0xffffffff3f800003, 0xffffffff3f800003, 0xffffffff00000000, fnmadd.s fa3, fa0, fa1, fa2
        FMA  58, 0, 1, 0x01, 0xffffffff3f800006, 0xffffffff3f800003, 0xffffffff3f800003, 0xffffffff00000000, fmadd.s fa3, fa0, fa1, fa2, rmm
        FMA  59, 4, 1, 0x01, 0xffffffffbf800006, 0xffffffff3f800003, 0xffffffff3f800003, 0xffffffff00000000, fnmadd.s fa3, fa0, fa1, fa2
        /* random operands in the window (and their cancellations) */
        FMA  60, 1, 1, 0x01, 0xffffffff39c031d0, 0xffffffffc6350374, 0xffffffff3f7af17e, 0xffffffff46317021, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  61, 1, 0, 0x01, 0xffffffffc5f9ce43, 0xffffffffbe965c2f, 0xffffffff46d4a833, 0xffffffff32f57069, fmsub.s fa3, fa0, fa1, fa2, rne
        FMA  62, 1, 1, 0x01, 0xffffffff4be6b42e, 0xffffffffbd312c84, 0xffffffffc2a04e1c, 0xffffffff4be6b430, fnmsub.s fa3, fa0, fa1, fa2, rne
        FMA  63, 1, 0, 0x01, 0xffffffffcd066ae4, 0xffffffffc9ec5478, 0xffffffffc2119af4, 0xffffffff4c866ae4, fnmadd.s fa3, fa0, fa1, fa2, rne
        FMA  64, 1, 1, 0x01, 0xffffffffcdc789c9, 0xffffffff4707f5ee, 0xffffffffbb935132, 0xffffffffcdc789c4, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  65, 1, 0, 0x01, 0xffffffff362056ca, 0xffffffffbc2a5f63, 0xffffffffb970f452, 0xffffffff2fa793d9, fmsub.s fa3, fa0, fa1, fa2, rne
        FMA  66, 1, 1, 0x01, 0xffffffffbe1e38cf, 0xffffffffb840eed4, 0xffffffffc4d1f144, 0xffffffffbd9e38cf, fnmsub.s fa3, fa0, fa1, fa2, rne
        FMA  67, 1, 0, 0x01, 0xffffffffcc047d98, 0xffffffffc892202e, 0xffffffffc2e81cc6, 0xffffffff41024865, fnmadd.s fa3, fa0, fa1, fa2, rne
        FMA  68, 1, 1, 0x01, 0xffffffffca2ffb38, 0xffffffff41492d8f, 0xffffffffc0867016, 0xffffffffca2ffa65, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  69, 1, 0, 0x00, 0xffffffffa7277e7c, 0xffffffff35ef13b3, 0xffffffffbd0efcca, 0xffffffffb3858901, fmsub.s fa3, fa0, fa1, fa2, rne
        FMA  70, 1, 1, 0x01, 0xffffffffc3753491, 0xffffffff3c7a8bd3, 0xffffffff467a8afb, 0xffffffff2f22339f, fnmsub.s fa3, fa0, fa1, fa2, rne
        FMA  71, 1, 0, 0x01, 0xffffffff4dc6cfbc, 0xffffffffbe18abf3, 0xffffffffc8ea1102, 0xffffffffcdc6d875, fnmadd.s fa3, fa0, fa1, fa2, rne
        FMA  72, 1, 1, 0x01, 0xffffffffacefaf40, 0xffffffffb9a005a4, 0xffffffff3f7550d4, 0xffffffff399957ec, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  73, 1, 0, 0x01, 0xffffffffd0e425ba, 0xffffffff3f95da64, 0xffffffffb8f45b72, 0xffffffff50e425ba, fmsub.s fa3, fa0, fa1, fa2, rne
        FMA  74, 1, 1, 0x01, 0xffffffffc1041a09, 0xffffffff40013fec, 0xffffffff408275a4, 0xffffffffbcbca5d7, fnmsub.s fa3, fa0, fa1, fa2, rne
        FMA  75, 1, 0, 0x01, 0xffffffffb78b3663, 0xffffffff375d4f5d, 0xffffffff3f2108a5, 0xffffffff370b3663, fnmadd.s fa3, fa0, fa1, fa2, rne
        FMA  76, 1, 1, 0x01, 0xffffffff4d4743fd, 0xffffffffc502a508, 0xffffffffc7c33b59, 0xffffffff343395eb, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  77, 1, 0, 0x01, 0xffffffffc40affea, 0xffffffff48688191, 0xffffffffbb190aff, 0xffffffff3bfafeba, fmsub.s fa3, fa0, fa1, fa2, rne
        FMA  78, 1, 1, 0x01, 0xffffffff31e0dc1d, 0xffffffff397424ee, 0xffffffffb76bc773, 0xffffffff3160dc1d, fnmsub.s fa3, fa0, fa1, fa2, rne
        FMA  79, 1, 0, 0x01, 0xffffffff47174039, 0xffffffffc6a70e3d, 0xffffffff3fe7c7ca, 0xffffffffae94aa65, fnmadd.s fa3, fa0, fa1, fa2, rne
        FMA  80, 1, 1, 0x01, 0xffffffff45397412, 0xffffffffc28be09d, 0xffffffff3f6b6280, 0xffffffff453d78fa, fmadd.s fa3, fa0, fa1, fa2, rne
        FMA  81, 1, 0, 0x00, 0xffffffff4425fb64, 0xffffffffc68ae64f, 0xffffffff49fd59a9, 0xffffffffd1097642, fmsub.s fa3, fa0, fa1, fa2, rne
        FMA  82, 1, 1, 0x01, 0xffffffffbe03e284, 0xffffffffbcc421d4, 0xffffffff3dc9b9a2, 0xffffffffbe064cb7, fnmsub.s fa3, fa0, fa1, fa2, rne
        FMA  83, 1, 0, 0x01, 0xffffffff4af86cd2, 0xffffffff454b0f62, 0xffffffffc51c7a05, 0xffffffffc5c20166, fnmadd.s fa3, fa0, fa1, fa2, rne
        /* ---- double precision ---- */
        /* fmadd: 2*3 and 4 (static rne with frm = rtz; then dynamic) */
        FMA  84, 1, 1, 0x01, 0x4024000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA  85, 0, 1, 0x01, 0x4024000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000, fmadd.d fa3, fa0, fa1, fa2
        FMA  86, 1, 1, 0x01, 0x4000000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000, fmsub.d fa3, fa0, fa1, fa2, rne
        FMA  87, 0, 1, 0x01, 0x4000000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000, fmsub.d fa3, fa0, fa1, fa2
        FMA  88, 1, 1, 0x01, 0xc000000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000, fnmsub.d fa3, fa0, fa1, fa2, rne
        FMA  89, 0, 1, 0x01, 0xc000000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000, fnmsub.d fa3, fa0, fa1, fa2
        FMA  90, 1, 1, 0x01, 0xc024000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000, fnmadd.d fa3, fa0, fa1, fa2, rne
        FMA  91, 0, 1, 0x01, 0xc024000000000000, 0x4000000000000000, 0x4008000000000000, 0x4010000000000000, fnmadd.d fa3, fa0, fa1, fa2
        /* fused: (1+u)^2 - round((1+u)^2) = u^2 exactly, fflags NX before */
        FMA  92, 1, 1, 0x01, 0x3970000000000000, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ff0000000000002, fmsub.d fa3, fa0, fa1, fa2, rne
        /* inexact: (1+u)^2 rounded, NX */
        FMA  93, 1, 1, 0x01, 0x3ff0000000000002, 0x3ff0000000000001, 0x3ff0000000000001, 0x0000000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        /* fused: (1+u)^2 - round((1+u)^2) = u^2 exactly, fflags clear before */
        FMA  94, 1, 0, 0x00, 0x3970000000000000, 0x3ff0000000000001, 0x3ff0000000000001, 0x3ff0000000000002, fmsub.d fa3, fa0, fa1, fa2, rne
        /* inexact: (1+u)^2 rounded, NX */
        FMA  95, 1, 0, 0x01, 0x3ff0000000000002, 0x3ff0000000000001, 0x3ff0000000000001, 0x0000000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        /* the result window: smallest normal binade, the next, subnormals */
        FMA  96, 1, 1, 0x01, 0x0018000000000000, 0x0010000000000000, 0x3ff8000000000000, 0x0000000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA  97, 1, 1, 0x01, 0x8018000000000000, 0x0010000000000000, 0x3ff8000000000000, 0x0000000000000000, fnmadd.d fa3, fa0, fa1, fa2, rne
        FMA  98, 1, 1, 0x01, 0x0020000000000000, 0x0020000000000000, 0x3ff0000000000000, 0x0000000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        /* tiny and inexact (a tie to even): UF */
        FMA  99, 1, 1, 0x03, 0x0008000000000000, 0x0010000000000001, 0x3fe0000000000000, 0x0000000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 100, 1, 0, 0x03, 0x0008000000000000, 0x0010000000000001, 0x3fe0000000000000, 0x0000000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        /* tiny but exact: no UF */
        FMA 101, 1, 1, 0x01, 0x0008000000000000, 0x0010000000000000, 0x3fe0000000000000, 0x0000000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        /* (1-2^-p) * minnorm rounds to minnorm, tiny after rounding with an unbounded exponent: UF */
        FMA 102, 1, 1, 0x03, 0x0010000000000000, 0x3fefffffffffffff, 0x0010000000000000, 0x0000000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        /* cancellation into the subnormals, exact */
        FMA 103, 1, 1, 0x01, 0x0000000000000002, 0x0010000000000003, 0x3ff0000000000000, 0x0010000000000001, fmsub.d fa3, fa0, fa1, fa2, rne
        /* a subnormal operand, a normal exact result */
        FMA 104, 1, 1, 0x01, 0x00c0000000000000, 0x0000000000000001, 0x43e0000000000000, 0x0000000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        /* ... and inexact */
        FMA 105, 1, 1, 0x01, 0x3ff0000000000000, 0x0000000000000001, 0x43e0000000000000, 0x3ff0000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        /* overflow and the largest finite */
        FMA 106, 1, 1, 0x05, 0x7ff0000000000000, 0x7fefffffffffffff, 0x4000000000000000, 0x0000000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 107, 1, 1, 0x01, 0x7fefffffffffffff, 0x7fefffffffffffff, 0x3ff0000000000000, 0x0000000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 108, 1, 1, 0x01, 0xffefffffffffffff, 0x7fefffffffffffff, 0x3ff0000000000000, 0x0000000000000000, fnmsub.d fa3, fa0, fa1, fa2, rne
        /* max + half an ulp: a tie, rounds up and overflows */
        FMA 109, 1, 1, 0x05, 0x7ff0000000000000, 0x7fefffffffffffff, 0x3ff0000000000000, 0x7c90000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 110, 1, 1, 0x01, 0x7fefffffffffffff, 0x7fefffffffffffff, 0x3ff0000000000000, 0x7c80000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        /* exact zeros and their signs */
        FMA 111, 1, 1, 0x01, 0x0000000000000000, 0x3ff0000000000000, 0x3ff0000000000000, 0xbff0000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 112, 1, 1, 0x01, 0x0000000000000000, 0x3ff0000000000000, 0x3ff0000000000000, 0xbff0000000000000, fnmadd.d fa3, fa0, fa1, fa2, rne
        FMA 113, 1, 1, 0x01, 0x0000000000000000, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ff0000000000000, fmsub.d fa3, fa0, fa1, fa2, rne
        FMA 114, 1, 1, 0x01, 0x0000000000000000, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ff0000000000000, fnmsub.d fa3, fa0, fa1, fa2, rne
        FMA 115, 2, 1, 0x01, 0x8000000000000000, 0x3ff0000000000000, 0x3ff0000000000000, 0xbff0000000000000, fmadd.d fa3, fa0, fa1, fa2
        FMA 116, 1, 1, 0x01, 0x8000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0x8000000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 117, 1, 1, 0x01, 0x0000000000000000, 0x0000000000000000, 0xbff0000000000000, 0x0000000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 118, 1, 1, 0x01, 0x8000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0x0000000000000000, fmsub.d fa3, fa0, fa1, fa2, rne
        /* infinities and NaNs */
        /* inf * 0 + qNaN: NV (RISC-V), the canonical NaN */
        FMA 119, 1, 1, 0x11, 0x7ff8000000000000, 0x7ff0000000000000, 0x0000000000000000, 0x7ff8000000000123, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 120, 1, 1, 0x11, 0x7ff8000000000000, 0x0000000000000000, 0x7ff0000000000000, 0x3ff0000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 121, 1, 1, 0x11, 0x7ff8000000000000, 0x7ff0000000000000, 0x3ff0000000000000, 0xfff0000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 122, 1, 1, 0x11, 0x7ff8000000000000, 0x7ff0000000000000, 0x3ff0000000000000, 0x7ff0000000000000, fmsub.d fa3, fa0, fa1, fa2, rne
        FMA 123, 1, 1, 0x01, 0xfff0000000000000, 0x7ff0000000000000, 0x4000000000000000, 0x3ff0000000000000, fnmadd.d fa3, fa0, fa1, fa2, rne
        FMA 124, 1, 1, 0x01, 0x7ff0000000000000, 0x3ff0000000000000, 0x7ff0000000000000, 0x3ff0000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 125, 1, 1, 0x01, 0x7ff0000000000000, 0x3ff0000000000000, 0x3ff0000000000000, 0x7ff0000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 126, 1, 1, 0x11, 0x7ff8000000000000, 0x7ff0000000000001, 0x3ff0000000000000, 0x3ff0000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 127, 1, 1, 0x11, 0x7ff8000000000000, 0x3ff0000000000000, 0x3ff0000000000000, 0x7ff0000000000001, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 128, 1, 1, 0x01, 0x7ff8000000000000, 0x3ff0000000000000, 0x7ff8000000000123, 0x3ff0000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 129, 1, 0, 0x00, 0x7ff8000000000000, 0x7ff8000000000123, 0x3ff0000000000000, 0x3ff0000000000000, fnmsub.d fa3, fa0, fa1, fa2, rne
        /* other rounding modes, static and dynamic */
        FMA 130, 1, 1, 0x01, 0x3ff0000000000006, 0x3ff0000000000003, 0x3ff0000000000003, 0x0000000000000000, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 131, 0, 1, 0x01, 0xbff0000000000006, 0x3ff0000000000003, 0x3ff0000000000003, 0x0000000000000000, fnmadd.d fa3, fa0, fa1, fa2
        FMA 132, 0, 1, 0x01, 0x3ff0000000000006, 0x3ff0000000000003, 0x3ff0000000000003, 0x0000000000000000, fmadd.d fa3, fa0, fa1, fa2, rtz
        FMA 133, 1, 1, 0x01, 0xbff0000000000006, 0x3ff0000000000003, 0x3ff0000000000003, 0x0000000000000000, fnmadd.d fa3, fa0, fa1, fa2
        FMA 134, 0, 1, 0x01, 0x3ff0000000000006, 0x3ff0000000000003, 0x3ff0000000000003, 0x0000000000000000, fmadd.d fa3, fa0, fa1, fa2, rdn
        FMA 135, 2, 1, 0x01, 0xbff0000000000007, 0x3ff0000000000003, 0x3ff0000000000003, 0x0000000000000000, fnmadd.d fa3, fa0, fa1, fa2
        FMA 136, 0, 1, 0x01, 0x3ff0000000000007, 0x3ff0000000000003, 0x3ff0000000000003, 0x0000000000000000, fmadd.d fa3, fa0, fa1, fa2, rup
        FMA 137, 3, 1, 0x01, 0xbff0000000000006, 0x3ff0000000000003, 0x3ff0000000000003, 0x0000000000000000, fnmadd.d fa3, fa0, fa1, fa2
        FMA 138, 0, 1, 0x01, 0x3ff0000000000006, 0x3ff0000000000003, 0x3ff0000000000003, 0x0000000000000000, fmadd.d fa3, fa0, fa1, fa2, rmm
        FMA 139, 4, 1, 0x01, 0xbff0000000000006, 0x3ff0000000000003, 0x3ff0000000000003, 0x0000000000000000, fnmadd.d fa3, fa0, fa1, fa2
        /* random operands in the window (and their cancellations) */
        FMA 140, 1, 1, 0x01, 0x3caf0d73dec3d480, 0x407f7a6913d07a70, 0x3f87ba213aa3c05e, 0xc0175713b8ec536d, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 141, 1, 0, 0x01, 0xc1f6c34c84fa49ef, 0xbf75d352f8421fc1, 0xbecbe97cf627c020, 0x41f6c34c84fa49ef, fmsub.d fa3, fa0, fa1, fa2, rne
        FMA 142, 1, 1, 0x01, 0xc10466a5a4bec0c5, 0x400941e1f6e0d40d, 0x40e9cebf3b2951af, 0xc06ff8352c12da35, fnmsub.d fa3, fa0, fa1, fa2, rne
        FMA 143, 1, 0, 0x01, 0x40191595a892fd94, 0x3f86f0e94da8058e, 0xc0717eaa976d21c1, 0xc0091595a892fd94, fnmadd.d fa3, fa0, fa1, fa2, rne
        FMA 144, 1, 1, 0x01, 0xc01b8cb1b5e00b46, 0x3f102b0985f767f9, 0xc0fb435de60c4271, 0x3ed76b0d730a9469, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 145, 1, 0, 0x01, 0xc158e0a147a2bed3, 0xc0b8947e231d0b90, 0x4090318f73eb0ab4, 0x3f8fce0e2f1d8f88, fmsub.d fa3, fa0, fa1, fa2, rne
        FMA 146, 1, 1, 0x01, 0xc031c2acb0ba6339, 0x408c081a565c353c, 0x3f8446550d42e3ad, 0xc021c2acb0ba6339, fnmsub.d fa3, fa0, fa1, fa2, rne
        FMA 147, 1, 0, 0x01, 0x3fd5c407d0223b44, 0x40cb304faac9bf6e, 0xbec78c221ce1575f, 0xbfd343ce9cbce899, fnmadd.d fa3, fa0, fa1, fa2, rne
        FMA 148, 1, 1, 0x01, 0x3f3a638c556d8b71, 0xbf1e89a1c72dd932, 0xbec895da74928ae4, 0x3f3a638ade09e0f9, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 149, 1, 0, 0x00, 0x3bda22f014524200, 0x4041f6bdcb401a2e, 0x3ee8a072bd03a1c0, 0x3f3ba640ed0fa642, fmsub.d fa3, fa0, fa1, fa2, rne
        FMA 150, 1, 1, 0x01, 0xc1cd1d0594ce7368, 0x3f789e85f971e7e7, 0xbfc58e985b5da72d, 0xc1cd1d0594ce9493, fnmsub.d fa3, fa0, fa1, fa2, rne
        FMA 151, 1, 0, 0x01, 0xc13e8659363dc379, 0x405e9b6167d0cba5, 0x40cfea02c00a6ca8, 0xbe1bfdf1c1f3e4ba, fnmadd.d fa3, fa0, fa1, fa2, rne
        FMA 152, 1, 1, 0x01, 0x3b4b2e3e417ab188, 0xbedbb17da05e1edf, 0x3fd52574534c0311, 0x3ec24ce455fcbc75, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 153, 1, 0, 0x01, 0x3fb2ca730735e77b, 0xc0089d342093ad5e, 0xbfa7e957ec77271b, 0x3fb1fe80714a47a9, fmsub.d fa3, fa0, fa1, fa2, rne
        FMA 154, 1, 1, 0x01, 0xc0536d0aa4ec940a, 0x3faae51f12de5647, 0x3fe33474af53ce08, 0xc0536b0620d1a032, fnmsub.d fa3, fa0, fa1, fa2, rne
        FMA 155, 1, 0, 0x01, 0x402486221f42f8ec, 0x40fc8df726d2cbc7, 0xbf07001b6f96b697, 0xc01486221f42f8ec, fnmadd.d fa3, fa0, fa1, fa2, rne
        FMA 156, 1, 1, 0x01, 0xbf93012c769ff7f6, 0xc0385f88c7f0b37b, 0x3f48f291a9caae0b, 0xbec88e8196225b52, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 157, 1, 0, 0x01, 0xbfebe2ba25978f41, 0xbffcd9c67e40bf21, 0x3fdeedfbf4e9c81d, 0x3df3c7519de2507d, fmsub.d fa3, fa0, fa1, fa2, rne
        FMA 158, 1, 1, 0x01, 0x404e74cbabbc40bf, 0x3f43c522c72c768f, 0xc0e8a5fb525a61b3, 0x403e74cbabbc40bf, fnmsub.d fa3, fa0, fa1, fa2, rne
        FMA 159, 1, 0, 0x01, 0xc16809b83a57813b, 0xc078078ec016e377, 0x3f3f04ce49e6b1ee, 0x416809b8402a3cc4, fnmadd.d fa3, fa0, fa1, fa2, rne
        FMA 160, 1, 1, 0x01, 0x403c2dbcc6f71235, 0x402a2ae001cb9d37, 0x40013acf7e227784, 0x3e283e6be3c220fb, fmadd.d fa3, fa0, fa1, fa2, rne
        FMA 161, 1, 0, 0x00, 0x3c00babcfbacd5d0, 0xbfa1211e2b9af981, 0x3fd49da212a41623, 0xbf86122831d3ff2c, fmsub.d fa3, fa0, fa1, fa2, rne
        FMA 162, 1, 1, 0x01, 0xc08532785ea350b9, 0xc08260625243d759, 0x3f4441b5be55cce0, 0xc0853560dd09b785, fnmsub.d fa3, fa0, fa1, fa2, rne
        FMA 163, 1, 0, 0x01, 0x427e5ea938d1f93b, 0x40fa1dd883952a5d, 0xc06f2e501aa57d54, 0xc27e5e8fc61bf229, fnmadd.d fa3, fa0, fa1, fa2, rne

        /* two in one block, the second reading the first's result */
        li      TESTNUM, 300
        li      t0, 0x4000000000000000  /* 2.0 */
        fmv.d.x fa0, t0
        li      t0, 0x3ff8000000000000  /* 1.5 */
        fmv.d.x fa1, t0
        li      t0, 0x3fc00000          /* 1.5f */
        fmv.w.x fa6, t0
        csrwi   frm, 0
        csrwi   fflags, 1
        fmadd.d fa3, fa0, fa1, fa1      /* 2 * 1.5 + 1.5 = 4.5 */
        fnmsub.d fa4, fa3, fa3, fa0     /* -(4.5 * 4.5) + 2 = -18.25 */
        fmsub.d fa5, fa4, fa1, fa4      /* -18.25 * 1.5 + 18.25 = -9.125 */
        csrr    a1, fflags
        CHECK   a1, 1
        fmv.x.d a0, fa3
        CHECK   a0, 0x4012000000000000
        fmv.x.d a0, fa4
        CHECK   a0, 0xc032400000000000
        fmv.x.d a0, fa5
        CHECK   a0, 0xc022400000000000

        /* the fast path's write makes FS Dirty (priv. spec, "Extension
         * Context Status in mstatus Register"): FS Clean, fflags NX and frm
         * RNE set before, one fmadd in window */
.macro FMA_FS n, insn:vararg
        li      TESTNUM, \n
        csrwi   frm, 0
        csrwi   fflags, 1
        li      t0, 3 << 13
        csrc    mstatus, t0
        li      t0, 2 << 13             /* FS = Clean */
        csrs    mstatus, t0
        \insn
        csrr    a0, mstatus
        srli    a0, a0, 13
        andi    a0, a0, 3
        CHECK   a0, 3
.endm
        FMA_FS  301, fmadd.d fa3, fa0, fa1, fa1
        FMA_FS  302, fnmsub.s fa3, fa6, fa6, fa6

        RVTEST_PASS
RVTEST_CODE_END
RVTEST_DATA_BEGIN
RVTEST_DATA_END
