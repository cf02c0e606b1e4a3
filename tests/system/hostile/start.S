/* The hostile guest's entry at 0x80000000 (the virt machine's firmware
 * address): a stack, then C. */
        .section .text.init
        .globl _start
_start:
        la      sp, stack_top
        call    hostile_main
1:      j       1b

/* dma_victim(a0 = address, a1 = value): stores a1 at a0 (the hostile
 * guest passes a virtio QueueNotify register, so the device's DMA lands
 * while this code runs), then returns 1.  It fills a 512-byte sector of
 * its own: the guest writes a copy whose second instruction says 2 to
 * the disk and reads it back over this code (hostile.c, dma_over_code).
 * No compressed encodings: the patched word is at a fixed offset. */
        .section .text.dma, "ax"
        .balign 512
        .globl  dma_victim
dma_victim:
        .option push
        .option norvc
        sw      a1, 0(a0)
        li      a0, 1
        ret
        .option pop
        .balign 512
