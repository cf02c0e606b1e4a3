/* A bare-metal program that changes its own data, for the reset tests.
 * Each turn prints "count=N" (N from the .data word `counter`, 5 in the
 * ELF), adds one to the word, then spins DELAY iterations.  A reset that
 * restores the program's images starts again at count=5; one that only
 * moved the pc back would go on counting.  At start it also checks a .bss
 * word it sets: "bss-dirty" means RAM was not cleared by the reset.
 * With RESET_AT, the program resets the machine itself (SiFive test
 * device, as OpenSBI does for SBI system reset) once counter reaches it. */

#ifndef DELAY
#define DELAY 20000000
#endif
#ifndef RESET_AT
#define RESET_AT 0
#endif

        .macro  putc_reg r              /* HTIF console: device 1, command 1 */
        li      t6, 0x0101000000000000
        or      t6, t6, \r
        sd      t6, 0(s1)
        .endm

        .section .text.init, "ax", @progbits
        .globl  _start
_start:
        la      sp, stack_top
        la      s1, tohost
        la      s2, counter
        la      t0, scratch
        ld      t1, 0(t0)
        beqz    t1, 1f
        la      a0, dirty_msg
        call    puts
1:      li      t1, 1
        sd      t1, 0(t0)

        .globl  loop
loop:
        la      a0, count_msg
        call    puts
        ld      a0, 0(s2)
        call    putdec
        li      t0, '\n'
        putc_reg t0
        ld      t0, 0(s2)
        addi    t0, t0, 1
        sd      t0, 0(s2)
        .globl  counted
counted:                                /* gdb stops here: counter just stored */
        nop
#if RESET_AT
        li      t1, RESET_AT
        bne     t0, t1, 2f
        li      t2, 0x100000
        li      t3, 0x7777              /* FINISHER_RESET */
        sw      t3, 0(t2)
2:
#endif
        li      t2, DELAY
3:      addi    t2, t2, -1
        bnez    t2, 3b
        j       loop

/* puts(a0): a NUL-terminated string */
puts:
1:      lbu     t0, 0(a0)
        beqz    t0, 2f
        putc_reg t0
        addi    a0, a0, 1
        j       1b
2:      ret

/* putdec(a0): unsigned decimal */
putdec:
        mv      t0, sp
        li      t1, 10
1:      remu    t2, a0, t1
        addi    t2, t2, '0'
        addi    t0, t0, -1
        sb      t2, 0(t0)
        divu    a0, a0, t1
        bnez    a0, 1b
2:      lbu     t2, 0(t0)
        putc_reg t2
        addi    t0, t0, 1
        bne     t0, sp, 2b
        ret

        .section .tohost, "aw", @progbits
        .align  3
        .globl  tohost
tohost: .dword  0
        .globl  fromhost
fromhost: .dword 0

        .data
        .align  3
        .globl  counter
counter:        .dword  5
count_msg:      .asciz  "count="
dirty_msg:      .asciz  "bss-dirty\n"

        .bss
        .align  4
        .globl  scratch
scratch:        .dword  0
stack:          .space  256
stack_top:
