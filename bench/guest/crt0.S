/* Entry of the bench workloads: M-mode at 0x80000000 on hart 0 (the only
 * hart on both `rvx run` and QEMU's spike machine as we start them). */
    .section .text.init, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    la      sp, stack_top
    la      t0, trap_entry
    csrw    mtvec, t0
    /* FS = Initial: the workloads use the D extension (priv spec 3.1.6.6). */
    li      t0, (1 << 13)
    csrs    mstatus, t0
    fscsr   zero
    /* .bss is not in the ELF image: clear it. */
    la      t0, __bss_start
    la      t1, __bss_end
1:  bgeu    t0, t1, 2f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       1b
2:  call    harness_main
    /* harness_main only returns by exiting; never fall through. */
3:  j       3b

/* Any trap is a bug in the workload or the emulator: report and exit 3.
 * 16-byte alignment: mtvec's low bits select the mode. */
    .align  4
trap_entry:
    la      sp, stack_top
    csrr    a0, mcause
    csrr    a1, mepc
    csrr    a2, mtval
    call    harness_trap
4:  j       4b

    .bss
    .align  4
    .space  65536
stack_top:
