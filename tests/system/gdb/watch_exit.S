/* The end of a riscv-tests program (env/p's RVTEST_PASS path: the low
 * word of tohost gets TESTNUM = 1, then the high word 0), for the
 * watchpoint test (watch_session.py): gdb watches tohost and must see the
 * store of 1 before the machine ends.  With `syscon` in a0 the program
 * instead powers off through the SiFive test device (rvx's bare-metal
 * machine has one at 0x100000; QEMU's spike machine does not). */
        .section .text.init, "ax", @progbits
        .globl  _start
_start:
        li      t0, 3
1:      addi    t0, t0, -1              /* a little work first */
        bnez    t0, 1b
        la      t0, use_syscon
        ld      t0, 0(t0)
        bnez    t0, by_syscon
        .globl  write_tohost
write_tohost:
        li      t1, 1
        la      t0, tohost
        sw      t1, 0(t0)               /* the watched store: exit code 0 */
        .globl  after_tohost
after_tohost:
        sw      zero, 4(t0)
        j       write_tohost

        .globl  by_syscon
by_syscon:
        li      t0, 0x100000
        li      t1, 0x5555
        sw      t1, 0(t0)               /* power off */
        .globl  after_syscon
after_syscon:
        j       after_syscon

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
        .globl  use_syscon
use_syscon:     .dword 0
