/* The hostile guest's entry at 0x80000000 (the virt machine's firmware
 * address): a stack, then C. */
        .section .text.init
        .globl _start
_start:
        la      sp, stack_top
        call    hostile_main
1:      j       1b
