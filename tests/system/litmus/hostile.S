/* Hostile multi-hart guests for test_smp_cli.sh, chosen by HOSTILE:
 *   1  every hart hammers the next one with IPIs (CLINT msip) and sleeps
 *      in wfi until its own arrives, forever;
 *   2  every hart stops: wfi with no interrupt enabled, forever;
 *   3  hart 0 counts in s3 at its own loop, the others in s4 at theirs
 *      (test_smp_gdb.sh: a breakpoint only hart 0 reaches).
 * rvx must keep answering SIGTERM (and so Ctrl-A x) within a second. */
#define CLINT 0x2000000
        .section .text.init
        .globl _start
_start:
        csrr    a0, mhartid
#if HOSTILE == 1
        li      t0, 8               /* MSIE; mstatus.MIE stays 0: wfi only wakes */
        csrw    mie, t0
        li      s0, CLINT
        addi    t1, a0, 1
        li      t2, NHARTS
        remu    t1, t1, t2
        slli    t1, t1, 2
        add     s1, s0, t1          /* the next hart's msip */
        slli    t3, a0, 2
        add     s2, s0, t3          /* my msip */
        li      t4, 1
1:      sw      t4, 0(s1)
        wfi
        sw      zero, 0(s2)
        j       1b
#elif HOSTILE == 3
        bnez    a0, 2f
1:      addi    s3, s3, 1
        j       1b
2:      addi    s4, s4, 1
        j       2b
#else
        csrw    mie, zero
1:      wfi
        j       1b
#endif
        .section .tohost, "aw"
        .globl tohost, fromhost
        .align 3
tohost: .dword 0
fromhost: .dword 0
