/* zbdiff's entry: a stack, then C. */
        .section .text.init
        .globl _start
_start:
        la      sp, stack_top
        call    zbdiff_main
1:      j       1b
