/* Every hart starts here (rvx starts them all at the ELF entry): harts
 * below NHARTS get a 16 KiB stack each and run litmus_main(hartid); the
 * others park in wfi with no interrupt enabled. */
        .section .text.init
        .globl _start
_start:
        csrr    a0, mhartid
        li      t0, NHARTS
        bgeu    a0, t0, park
        la      sp, stacks_top
        slli    t1, a0, 14
        sub     sp, sp, t1
        call    litmus_main
park:
        csrw    mie, zero
1:      wfi
        j       1b
