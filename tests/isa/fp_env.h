/* Check macros shared by the F/D tests (include after env.h).
 * Operands are raw bit patterns; fa0..fa2 hold the inputs, fa3 (or a0 for
 * integer results) the output; fflags is cleared before and checked after. */
#ifndef RVX_ISA_FP_ENV_H
#define RVX_ISA_FP_ENV_H

#define SNAN_S 0x7f800001
#define QNAN_S 0x7fc00000
#define SNAN_D 0x7ff0000000000001
#define QNAN_D 0x7ff8000000000000

/* One case: a, b (and c) moved into fa0, fa1 (fa2) by \ld (fmv.w.x or
 * fmv.d.x), frm = \frm, fflags = \pre, then insn; fflags must be \fl and
 * the result \res: fa3 read back by \out (fmv.x.w or fmv.x.d), or, with
 * \out empty, the integer in a0.  The TEST_ macros below (fflags clear
 * before) and the fast-path tests (fflags NX before: fp_fast.S,
 * fp_fma.S) are its forms. */
.macro FP_CASE ld, out, n, frm, pre, fl, res, a, b, c, insn:vararg
        li      TESTNUM, \n
        li      t0, \a
        \ld     fa0, t0
        li      t0, \b
        \ld     fa1, t0
        .ifnb \c
        li      t0, \c
        \ld     fa2, t0
        .endif
        csrwi   frm, \frm
        csrwi   fflags, \pre
        \insn
        csrr    a1, fflags
        CHECK   a1, \fl
        .ifnb \out
        \out    a0, fa3
        .endif
        CHECK   a0, \res
.endm
/* single in, single out; frm = \frm */
.macro TEST_FS n, frm, fl, res, a, b, c, insn:vararg
        FP_CASE fmv.w.x, fmv.x.w, \n, \frm, 0, \fl, \res, \a, \b, \c, \insn
.endm
/* double in, double out */
.macro TEST_FD n, frm, fl, res, a, b, c, insn:vararg
        FP_CASE fmv.d.x, fmv.x.d, \n, \frm, 0, \fl, \res, \a, \b, \c, \insn
.endm
/* single / double in (fa0, fa1), integer out in a0 */
.macro TEST_FS_X n, frm, fl, res, a, b, insn:vararg
        FP_CASE fmv.w.x, , \n, \frm, 0, \fl, \res, \a, \b, , \insn
.endm
.macro TEST_FD_X n, frm, fl, res, a, b, insn:vararg
        FP_CASE fmv.d.x, , \n, \frm, 0, \fl, \res, \a, \b, , \insn
.endm
/* integer in (a0), FP out in fa3, compared as 64 raw bits (fmv.x.d) so the
   NaN-boxing of single results is checked too */
.macro TEST_X_F n, frm, fl, res64, a, insn:vararg
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
/* single in (fa0), double out (fa3, compared as 64 raw bits) */
.macro TEST_FS_TO_D n, frm, fl, res, a, insn:vararg
        li      TESTNUM, \n
        li      t0, \a
        fmv.w.x fa0, t0
        csrwi   frm, \frm
        csrwi   fflags, 0
        \insn
        csrr    a1, fflags
        CHECK   a1, \fl
        fmv.x.d a0, fa3
        CHECK   a0, \res
.endm
#endif
