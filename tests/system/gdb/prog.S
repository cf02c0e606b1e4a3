/* The program the gdb system test debugs (bare metal, M-mode, HTIF exit).
 * Each global label is a place session.py stops at; the comments say what
 * the debugger does there and what the program then records in memory so
 * the test can check that the debugger's writes reached the guest. */

        .section .text.init, "ax", @progbits
        .globl  _start
_start:
        la      sp, stack_top
        la      t0, trap_handler
        csrw    mtvec, t0
        li      t0, 1 << 13             /* mstatus.FS = Initial: FPU on */
        csrs    mstatus, t0
        csrwi   mscratch, 0
        li      a0, 1
        li      t0, 0x3ff8000000000000  /* 1.5 */
        fmv.d.x ft0, t0
        fmv.d.x ft1, zero

        /* gdb: a0 := 5, ft1 := 2.25, mscratch := 0x55, message := "abcdefgh" */
        .globl  regs_point
regs_point:
        nop
        la      t1, result
        addi    a1, a0, 1
        sd      a1, 0(t1)               /* result = a0 + 1 */
        fadd.d  ft2, ft0, ft1
        fsd     ft2, 8(t1)              /* fresult = ft0 + ft1 */
        csrr    t2, mscratch
        sd      t2, 16(t1)              /* scratch_copy = mscratch */
        ld      t3, 24(t1)
        sd      t3, 32(t1)              /* msg_copy = message */

        /* gdb: stepi twice, from here into the trap handler */
        .globl  trap_point
trap_point:
        li      a7, 93
        .globl  do_ecall
do_ecall:
        ecall
        .globl  after_ecall
after_ecall:
        c.addi  a0, 3                   /* a compressed instruction: 2 bytes */
        .option push
        .option norvc
        .globl  watch_point
watch_point:
        la      t0, watched
        li      t1, 0x1234abcd
        sd      t1, 0(t0)               /* the watchpoint catches this write */
        .globl  after_store
after_store:
        nop
        nop

        /* gdb interrupts this loop, then kills (or sets spin_exit) */
        .globl  spin
spin:
        addi    s1, s1, 1
        la      t0, spin_exit
        ld      t0, 0(t0)
        beqz    t0, spin
        .globl  spin_end
spin_end:
        la      t0, tohost
        li      t1, 1                   /* HTIF: exit code 0 */
1:      sd      t1, 0(t0)
        j       1b
        .option pop

        .align  2
        .globl  trap_handler
trap_handler:
        csrr    t4, mcause
        la      t5, trap_cause
        sd      t4, 0(t5)
        csrr    t4, mepc
        addi    t4, t4, 4               /* skip the ecall */
        csrw    mepc, t4
        mret

        .pushsection .tohost, "aw", @progbits
        .align  6
        .globl  tohost
tohost: .dword  0
        .size   tohost, 8
        .align  6
        .globl  fromhost
fromhost: .dword 0
        .size   fromhost, 8
        .popsection

        .data
        .align  3
        .globl  result, fresult, scratch_copy, message, msg_copy
result:         .dword 0
fresult:        .dword 0
scratch_copy:   .dword 0
message:        .dword 0
msg_copy:       .dword 0
        .globl  watched, spin_exit, trap_cause
watched:        .dword 0
spin_exit:      .dword 0
trap_cause:     .dword 0

        .bss
        .align  4
stack:  .space  4096
stack_top:
