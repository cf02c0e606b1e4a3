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
        call    body                    /* (never returns) */
        .cfi_endproc

        /* The test runs in a function with a frame of its own: gdb's
         * reverse-nexti over a call recognises that it stepped back into
         * a callee by the callee's caller having the frame it stepped
         * from, and the outermost frame (_start, ra undefined) has no
         * frame id to compare (gdb 13: stack=<outer>, no code address), so
         * from there it stopped inside the callee. */
body:
        .cfi_startproc
        addi    sp, sp, -16
        .cfi_def_cfa_offset 16
        sd      ra, 8(sp)
        .cfi_offset ra, -8
        li      s0, 0
        li      s1, 0

        /* gdb: stepi 20 times from here recording registers, then
         * reverse-stepi 20 times comparing them */
.Lrev_start:
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
.Lcall3_site:
        call    func
.Lafter_call3:
        nop
        li      a7, 93
.Ldo_ecall:
        ecall
.Lafter_ecall:
        nop

        /* about 10^9 instructions: 333333333 rounds of three */
        li      t0, 333333333
        li      s7, 0
1:      addi    s7, s7, 1
        addi    t0, t0, -1
        bnez    t0, 1b
.Lthe_end:
        la      t0, done_flag
        ld      t1, 0(t0)
        beqz    t1, .Lthe_end             /* gdb interrupts this loop */
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


        /* The addresses of the test's places in body, for the gdb script
         * (addr_NAME holds .LNAME): a symbol inside body would be taken by
         * gdb for a function's start, so the frame of a call made after it
         * would not be body's, and reverse-nexti over the call would not
         * see that it stepped back into the callee (frame ids differ). */
        .section .rodata
        .align  3
        .globl  addr_rev_start
addr_rev_start: .dword .Lrev_start
        .globl  addr_call3_site
addr_call3_site: .dword .Lcall3_site
        .globl  addr_after_call3
addr_after_call3: .dword .Lafter_call3
        .globl  addr_do_ecall
addr_do_ecall: .dword .Ldo_ecall
        .globl  addr_after_ecall
addr_after_ecall: .dword .Lafter_ecall
        .globl  addr_the_end
addr_the_end: .dword .Lthe_end

        .data
        .align  3
        .globl  counter, done_flag
counter:        .dword 0
done_flag:      .dword 0

        .bss
        .align  4
stack:  .space  4096
stack_top:
