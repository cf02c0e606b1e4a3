/* A guest that resets the machine in a tight loop: its first instructions
 * write FINISHER_RESET to the SiFive test device at 0x100000.  rvx must
 * stay responsive (Ctrl-A x, gdb's Ctrl-C) and must not grow.  Linked as a
 * bare-metal ELF, and copied to a raw binary that serves as the Linux
 * machine's firmware (loaded at 0x80000000, entered from the boot ROM). */
        .section .text.init, "ax", @progbits
        .globl  _start
_start:
        li      t0, 0x100000
        li      t1, 0x7777
        sw      t1, 0(t0)
        .globl  spin
spin:
        j       spin                    /* the reset takes effect at once */
        .globl  spin_end
spin_end:

        .section .tohost, "aw", @progbits
        .align  3
        .globl  tohost
tohost: .dword  0
