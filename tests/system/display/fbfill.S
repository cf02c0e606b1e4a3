/* Fills rvx's plain framebuffer (simple-framebuffer at 0x30000000,
 * 1280x800, "a8r8g8b8": one little-endian word 0x00RRGGBB a pixel, stride
 * 5120) with a pattern the test recomputes independently (png.py pattern):
 *     R = x & 255, G = y & 255, B = ((x + 2y) >> 3) & 255
 * then passes through HTIF (1 -> tohost). */
        .section .text.init
        .globl  _start
_start:
        li      s0, 0x30000000          /* current pixel */
        li      s1, 1280                /* width */
        li      s2, 800                 /* height */
        li      t1, 0                   /* y */
row:
        li      t0, 0                   /* x */
col:
        andi    a0, t0, 0xff
        slli    a0, a0, 16              /* R */
        andi    a1, t1, 0xff
        slli    a1, a1, 8               /* G */
        or      a0, a0, a1
        slli    a2, t1, 1
        add     a2, a2, t0
        srli    a2, a2, 3
        andi    a2, a2, 0xff            /* B */
        or      a0, a0, a2
        sw      a0, 0(s0)
        addi    s0, s0, 4
        addi    t0, t0, 1
        blt     t0, s1, col
        addi    t1, t1, 1
        blt     t1, s2, row
        li      t0, 1
        la      t2, tohost
1:      sd      t0, 0(t2)
        j       1b

        .section .tohost, "aw", @progbits
        .align  6
        .globl  tohost
tohost: .dword  0
        .align  6
        .globl  fromhost
fromhost: .dword 0
