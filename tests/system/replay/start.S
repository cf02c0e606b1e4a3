/* Entry of uart_rng.c: a stack, then C.  Harts other than 0 park in wfi,
 * or with TWO_HARTS, hart 1 runs hart1_c on a stack of its own. */
        .section .text.init, "ax", @progbits
        .globl  _start
_start:
        csrr    t0, mhartid
        bnez    t0, 1f
        la      sp, stack_top
        call    main_c
1:
#ifdef TWO_HARTS
        li      t1, 1
        bne     t0, t1, 2f
        la      sp, stack1_top
        call    hart1_c
#endif
2:      wfi
        j       2b
        .bss
        .align  4
        .space  4096
stack_top:
#ifdef TWO_HARTS
        .space  4096
stack1_top:
#endif
