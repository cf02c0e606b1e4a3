/* Entry of uart_rng.c: a stack, then C; parks harts other than 0. */
        .section .text.init, "ax", @progbits
        .globl  _start
_start:
        csrr    t0, mhartid
        bnez    t0, 1f
        la      sp, stack_top
        call    main_c
1:      wfi
        j       1b
        .bss
        .align  4
        .space  4096
stack_top:
