/* The program the reverse-debugging test (reverse_session.py) runs under
 * gdb: straight-line arithmetic to step back through, three calls of a
 * function that stores its argument (a write watchpoint's target), a
 * trap, and a long loop (10^9 instructions) after which a step back must
 * still be quick.  Bare metal, M-mode, HTIF exit. */
        .section .text.init, "ax", @progbits
        .globl  _start
_start:
        /* call frame information, so gdb knows func's caller and that
         * _start has none: reverse-nexti and reverse-finish need frames */
        .cfi_startproc
        .cfi_undefined ra
        la      sp, stack_top
        la      t0, trap_handler
        csrw    mtvec, t0
        li      s0, 0
        li      s1, 0

        /* gdb: stepi 20 times from here recording registers, then
         * reverse-stepi 20 times comparing them */
        .globl  rev_start
rev_start:
        addi    s0, s0, 7
        slli    s1, s0, 3
        xor     t1, s0, s1
        add     t2, t1, s0
        sub     t3, t2, s1
        mul     t4, t3, t2
        addi    s0, s0, 1
        or      t5, t4, s0
        and     t6, t5, t1
        srli    a1, t6, 2
        addi    a2, a1, -5
        sltu    a3, a2, a1
        add     a4, a3, a2
        mulh    a5, a4, t4
        addi    a6, a5, 3
        xori    a7, a6, 0x55
        sll     s2, a7, a3
        add     s3, s2, s1
        sub     s4, s3, s0
        addi    s5, s4, 11
        addi    s6, s5, 13

        li      a0, 1
        call    func
        li      a0, 2
        call    func
        li      a0, 3
        .globl  call3_site
call3_site:
        call    func
        .globl  after_call3
after_call3:
        nop
        li      a7, 93
        .globl  do_ecall
do_ecall:
        ecall
        .globl  after_ecall
after_ecall:
        nop

        /* about 10^9 instructions: 333333333 rounds of three */
        li      t0, 333333333
        li      s7, 0
1:      addi    s7, s7, 1
        addi    t0, t0, -1
        bnez    t0, 1b
        .globl  the_end
the_end:
        la      t0, done_flag
        ld      t1, 0(t0)
        beqz    t1, the_end             /* gdb interrupts this loop */
        la      t0, tohost
        li      t1, 1
2:      sd      t1, 0(t0)
        j       2b
        .cfi_endproc

        .globl  func
func:
        .cfi_startproc
        la      t0, counter
        /* (no symbol here: gdb would take it for a function's start and
         * stepping back over the call would stop in it) */
        sd      a0, 0(t0)               /* the watched store: func + 8 */
        addi    a0, a0, 100
        ret
        .cfi_endproc

        .align  2
        .globl  trap_handler
trap_handler:
        csrr    t4, mepc
        addi    t4, t4, 4
        csrw    mepc, t4
        mret

        .pushsection .tohost, "aw", @progbits
        .align  6
        .globl  tohost
tohost: .dword  0
        .align  6
        .globl  fromhost
fromhost: .dword 0
        .popsection

        .data
        .align  3
        .globl  counter, done_flag
counter:        .dword 0
done_flag:      .dword 0

        .bss
        .align  4
stack:  .space  4096
stack_top:
