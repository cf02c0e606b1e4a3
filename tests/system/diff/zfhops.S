/* The instructions under test for zfhdiff.c, one function per form:
 * result = op(a0, a1, a2), the operands' raw 64 bits moved into fa0..fa2
 * (so an unboxed half reaches the instruction as it is) or used as the
 * integer source; FP results come back as all 64 bits of fa0 (the
 * NaN-boxing of the result counts).  Without an rm suffix the dynamic
 * mode (frm, set by the caller) applies.  Also the entry point: FP on
 * (mstatus.FS = Initial), a stack, then C. */
        .option arch, +zfh
        .section .text.init
        .globl  _start
_start: la      sp, stack_top
        li      t0, 0x2000
        csrs    mstatus, t0
        call    zfhdiff_main
1:      j       1b

        .text
        .globl  zfh_ops
op0:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fadd.h fa0, fa0, fa1
        fmv.x.d a0, fa0
        ret
op1:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fadd.h fa0, fa0, fa1, rtz
        fmv.x.d a0, fa0
        ret
op2:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fsub.h fa0, fa0, fa1
        fmv.x.d a0, fa0
        ret
op3:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fsub.h fa0, fa0, fa1, rtz
        fmv.x.d a0, fa0
        ret
op4:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fmul.h fa0, fa0, fa1
        fmv.x.d a0, fa0
        ret
op5:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fmul.h fa0, fa0, fa1, rtz
        fmv.x.d a0, fa0
        ret
op6:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fdiv.h fa0, fa0, fa1
        fmv.x.d a0, fa0
        ret
op7:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fdiv.h fa0, fa0, fa1, rtz
        fmv.x.d a0, fa0
        ret
op8:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fsqrt.h fa0, fa0
        fmv.x.d a0, fa0
        ret
op9:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fmadd.h fa0, fa0, fa1, fa2
        fmv.x.d a0, fa0
        ret
op10:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fmsub.h fa0, fa0, fa1, fa2
        fmv.x.d a0, fa0
        ret
op11:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fnmadd.h fa0, fa0, fa1, fa2
        fmv.x.d a0, fa0
        ret
op12:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fnmsub.h fa0, fa0, fa1, fa2
        fmv.x.d a0, fa0
        ret
op13:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fmadd.h fa0, fa0, fa1, fa2, rmm
        fmv.x.d a0, fa0
        ret
op14:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fsgnj.h fa0, fa0, fa1
        fmv.x.d a0, fa0
        ret
op15:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fsgnjn.h fa0, fa0, fa1
        fmv.x.d a0, fa0
        ret
op16:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fsgnjx.h fa0, fa0, fa1
        fmv.x.d a0, fa0
        ret
op17:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fmin.h fa0, fa0, fa1
        fmv.x.d a0, fa0
        ret
op18:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fmax.h fa0, fa0, fa1
        fmv.x.d a0, fa0
        ret
op19:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        feq.h a0, fa0, fa1
        ret
op20:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        flt.h a0, fa0, fa1
        ret
op21:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fle.h a0, fa0, fa1
        ret
op22:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fclass.h a0, fa0
        ret
op23:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fcvt.w.h a0, fa0
        ret
op24:   fcvt.h.w fa0, a0
        fmv.x.d a0, fa0
        ret
op25:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fcvt.wu.h a0, fa0
        ret
op26:   fcvt.h.wu fa0, a0
        fmv.x.d a0, fa0
        ret
op27:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fcvt.l.h a0, fa0
        ret
op28:   fcvt.h.l fa0, a0
        fmv.x.d a0, fa0
        ret
op29:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fcvt.lu.h a0, fa0
        ret
op30:   fcvt.h.lu fa0, a0
        fmv.x.d a0, fa0
        ret
op31:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fcvt.s.h fa0, fa0
        fmv.x.d a0, fa0
        ret
op32:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fcvt.d.h fa0, fa0
        fmv.x.d a0, fa0
        ret
op33:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fcvt.h.s fa0, fa0
        fmv.x.d a0, fa0
        ret
op34:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fcvt.h.d fa0, fa0
        fmv.x.d a0, fa0
        ret
op35:   fmv.d.x fa0, a0
        fmv.d.x fa1, a1
        fmv.d.x fa2, a2
        fmv.x.h a0, fa0
        ret
op36:   fmv.h.x fa0, a0
        fmv.x.d a0, fa0
        ret
op37:   fmv.d.x fa0, a0                 /* fsh: b's 8 bytes with a's half at offset 2 */
        addi    sp, sp, -16
        sd      a1, 0(sp)
        fsh     fa0, 2(sp)
        ld      a0, 0(sp)
        addi    sp, sp, 16
        ret
op38:   addi    sp, sp, -16                 /* flh: the half at offset 2 of a */
        sd      a0, 0(sp)
        flh     fa0, 2(sp)
        fmv.x.d a0, fa0
        addi    sp, sp, 16
        ret

/* {function, name, operand kind of a ('H' half, 'S' single, 'D' double,
 * 'X' integer)} */
        .section .rodata
        .align  3
zfh_ops:
        .dword  op0, name0, 'H'
        .dword  op1, name1, 'H'
        .dword  op2, name2, 'H'
        .dword  op3, name3, 'H'
        .dword  op4, name4, 'H'
        .dword  op5, name5, 'H'
        .dword  op6, name6, 'H'
        .dword  op7, name7, 'H'
        .dword  op8, name8, 'H'
        .dword  op9, name9, 'H'
        .dword  op10, name10, 'H'
        .dword  op11, name11, 'H'
        .dword  op12, name12, 'H'
        .dword  op13, name13, 'H'
        .dword  op14, name14, 'H'
        .dword  op15, name15, 'H'
        .dword  op16, name16, 'H'
        .dword  op17, name17, 'H'
        .dword  op18, name18, 'H'
        .dword  op19, name19, 'H'
        .dword  op20, name20, 'H'
        .dword  op21, name21, 'H'
        .dword  op22, name22, 'H'
        .dword  op23, name23, 'H'
        .dword  op24, name24, 'X'
        .dword  op25, name25, 'H'
        .dword  op26, name26, 'X'
        .dword  op27, name27, 'H'
        .dword  op28, name28, 'X'
        .dword  op29, name29, 'H'
        .dword  op30, name30, 'X'
        .dword  op31, name31, 'H'
        .dword  op32, name32, 'H'
        .dword  op33, name33, 'S'
        .dword  op34, name34, 'D'
        .dword  op35, name35, 'H'
        .dword  op36, name36, 'X'
        .dword  op37, name37, 'H'
        .dword  op38, name38, 'X'
        .dword  0, 0, 0
name0: .asciz "fadd.h"
name1: .asciz "fadd.h/rtz"
name2: .asciz "fsub.h"
name3: .asciz "fsub.h/rtz"
name4: .asciz "fmul.h"
name5: .asciz "fmul.h/rtz"
name6: .asciz "fdiv.h"
name7: .asciz "fdiv.h/rtz"
name8: .asciz "fsqrt.h"
name9: .asciz "fmadd.h"
name10: .asciz "fmsub.h"
name11: .asciz "fnmadd.h"
name12: .asciz "fnmsub.h"
name13: .asciz "fmadd.h/rmm"
name14: .asciz "fsgnj.h"
name15: .asciz "fsgnjn.h"
name16: .asciz "fsgnjx.h"
name17: .asciz "fmin.h"
name18: .asciz "fmax.h"
name19: .asciz "feq.h"
name20: .asciz "flt.h"
name21: .asciz "fle.h"
name22: .asciz "fclass.h"
name23: .asciz "fcvt.w.h"
name24: .asciz "fcvt.h.w"
name25: .asciz "fcvt.wu.h"
name26: .asciz "fcvt.h.wu"
name27: .asciz "fcvt.l.h"
name28: .asciz "fcvt.h.l"
name29: .asciz "fcvt.lu.h"
name30: .asciz "fcvt.h.lu"
name31: .asciz "fcvt.s.h"
name32: .asciz "fcvt.d.h"
name33: .asciz "fcvt.h.s"
name34: .asciz "fcvt.h.d"
name35: .asciz "fmv.x.h"
name36: .asciz "fmv.h.x"
name37: .asciz "fsh"
name38: .asciz "flh"
