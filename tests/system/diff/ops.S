/* The instructions under test, one function per form: a0 = op(a0, a1)
 * (Bit-Manipulation ISA-extensions v1.0.0, RV64; each immediate form at a
 * few shift amounts, 0 and the maximum among them), and the table of
 * {function, name} zbdiff.c walks. */
        .option arch, +zba, +zbb, +zbc, +zbs
        .text
        .globl zb_ops
op0:    add.uw a0, a0, a1
        ret
op1:    sh1add a0, a0, a1
        ret
op2:    sh2add a0, a0, a1
        ret
op3:    sh3add a0, a0, a1
        ret
op4:    sh1add.uw a0, a0, a1
        ret
op5:    sh2add.uw a0, a0, a1
        ret
op6:    sh3add.uw a0, a0, a1
        ret
op7:    andn a0, a0, a1
        ret
op8:    orn a0, a0, a1
        ret
op9:    xnor a0, a0, a1
        ret
op10:    max a0, a0, a1
        ret
op11:    maxu a0, a0, a1
        ret
op12:    min a0, a0, a1
        ret
op13:    minu a0, a0, a1
        ret
op14:    rol a0, a0, a1
        ret
op15:    ror a0, a0, a1
        ret
op16:    rolw a0, a0, a1
        ret
op17:    rorw a0, a0, a1
        ret
op18:    clmul a0, a0, a1
        ret
op19:    clmulh a0, a0, a1
        ret
op20:    clmulr a0, a0, a1
        ret
op21:    bclr a0, a0, a1
        ret
op22:    bext a0, a0, a1
        ret
op23:    binv a0, a0, a1
        ret
op24:    bset a0, a0, a1
        ret
op25:    clz a0, a0
        ret
op26:    ctz a0, a0
        ret
op27:    cpop a0, a0
        ret
op28:    clzw a0, a0
        ret
op29:    ctzw a0, a0
        ret
op30:    cpopw a0, a0
        ret
op31:    sext.b a0, a0
        ret
op32:    sext.h a0, a0
        ret
op33:    zext.h a0, a0
        ret
op34:    orc.b a0, a0
        ret
op35:    rev8 a0, a0
        ret
op36:    slli.uw a0, a0, 0
        ret
op37:    slli.uw a0, a0, 1
        ret
op38:    slli.uw a0, a0, 31
        ret
op39:    slli.uw a0, a0, 32
        ret
op40:    slli.uw a0, a0, 63
        ret
op41:    rori a0, a0, 0
        ret
op42:    rori a0, a0, 1
        ret
op43:    rori a0, a0, 31
        ret
op44:    rori a0, a0, 32
        ret
op45:    rori a0, a0, 63
        ret
op46:    roriw a0, a0, 0
        ret
op47:    roriw a0, a0, 1
        ret
op48:    roriw a0, a0, 16
        ret
op49:    roriw a0, a0, 31
        ret
op50:    bclri a0, a0, 0
        ret
op51:    bclri a0, a0, 31
        ret
op52:    bclri a0, a0, 32
        ret
op53:    bclri a0, a0, 63
        ret
op54:    bexti a0, a0, 0
        ret
op55:    bexti a0, a0, 31
        ret
op56:    bexti a0, a0, 32
        ret
op57:    bexti a0, a0, 63
        ret
op58:    binvi a0, a0, 0
        ret
op59:    binvi a0, a0, 31
        ret
op60:    binvi a0, a0, 32
        ret
op61:    binvi a0, a0, 63
        ret
op62:    bseti a0, a0, 0
        ret
op63:    bseti a0, a0, 31
        ret
op64:    bseti a0, a0, 32
        ret
op65:    bseti a0, a0, 63
        ret
        .section .rodata
        .balign 8
zb_ops:
        .dword op0, name0
        .dword op1, name1
        .dword op2, name2
        .dword op3, name3
        .dword op4, name4
        .dword op5, name5
        .dword op6, name6
        .dword op7, name7
        .dword op8, name8
        .dword op9, name9
        .dword op10, name10
        .dword op11, name11
        .dword op12, name12
        .dword op13, name13
        .dword op14, name14
        .dword op15, name15
        .dword op16, name16
        .dword op17, name17
        .dword op18, name18
        .dword op19, name19
        .dword op20, name20
        .dword op21, name21
        .dword op22, name22
        .dword op23, name23
        .dword op24, name24
        .dword op25, name25
        .dword op26, name26
        .dword op27, name27
        .dword op28, name28
        .dword op29, name29
        .dword op30, name30
        .dword op31, name31
        .dword op32, name32
        .dword op33, name33
        .dword op34, name34
        .dword op35, name35
        .dword op36, name36
        .dword op37, name37
        .dword op38, name38
        .dword op39, name39
        .dword op40, name40
        .dword op41, name41
        .dword op42, name42
        .dword op43, name43
        .dword op44, name44
        .dword op45, name45
        .dword op46, name46
        .dword op47, name47
        .dword op48, name48
        .dword op49, name49
        .dword op50, name50
        .dword op51, name51
        .dword op52, name52
        .dword op53, name53
        .dword op54, name54
        .dword op55, name55
        .dword op56, name56
        .dword op57, name57
        .dword op58, name58
        .dword op59, name59
        .dword op60, name60
        .dword op61, name61
        .dword op62, name62
        .dword op63, name63
        .dword op64, name64
        .dword op65, name65
        .dword 0, 0
name0:  .asciz "add.uw"
name1:  .asciz "sh1add"
name2:  .asciz "sh2add"
name3:  .asciz "sh3add"
name4:  .asciz "sh1add.uw"
name5:  .asciz "sh2add.uw"
name6:  .asciz "sh3add.uw"
name7:  .asciz "andn"
name8:  .asciz "orn"
name9:  .asciz "xnor"
name10:  .asciz "max"
name11:  .asciz "maxu"
name12:  .asciz "min"
name13:  .asciz "minu"
name14:  .asciz "rol"
name15:  .asciz "ror"
name16:  .asciz "rolw"
name17:  .asciz "rorw"
name18:  .asciz "clmul"
name19:  .asciz "clmulh"
name20:  .asciz "clmulr"
name21:  .asciz "bclr"
name22:  .asciz "bext"
name23:  .asciz "binv"
name24:  .asciz "bset"
name25:  .asciz "clz"
name26:  .asciz "ctz"
name27:  .asciz "cpop"
name28:  .asciz "clzw"
name29:  .asciz "ctzw"
name30:  .asciz "cpopw"
name31:  .asciz "sext.b"
name32:  .asciz "sext.h"
name33:  .asciz "zext.h"
name34:  .asciz "orc.b"
name35:  .asciz "rev8"
name36:  .asciz "slli.uw_0"
name37:  .asciz "slli.uw_1"
name38:  .asciz "slli.uw_31"
name39:  .asciz "slli.uw_32"
name40:  .asciz "slli.uw_63"
name41:  .asciz "rori_0"
name42:  .asciz "rori_1"
name43:  .asciz "rori_31"
name44:  .asciz "rori_32"
name45:  .asciz "rori_63"
name46:  .asciz "roriw_0"
name47:  .asciz "roriw_1"
name48:  .asciz "roriw_16"
name49:  .asciz "roriw_31"
name50:  .asciz "bclri_0"
name51:  .asciz "bclri_31"
name52:  .asciz "bclri_32"
name53:  .asciz "bclri_63"
name54:  .asciz "bexti_0"
name55:  .asciz "bexti_31"
name56:  .asciz "bexti_32"
name57:  .asciz "bexti_63"
name58:  .asciz "binvi_0"
name59:  .asciz "binvi_31"
name60:  .asciz "binvi_32"
name61:  .asciz "binvi_63"
name62:  .asciz "bseti_0"
name63:  .asciz "bseti_31"
name64:  .asciz "bseti_32"
name65:  .asciz "bseti_63"
