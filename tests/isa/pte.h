/* Sv39/Sv48/Sv57 page-table entries built at run time by the ISA tests
 * (Privileged spec, "Sv32" PTE format as extended by Sv39: V R W X U G A
 * D in bits 0-7, the PPN from bit 10). */
#ifndef RVX_ISA_PTE_H
#define RVX_ISA_PTE_H

#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_A 0x40
#define PTE_D 0x80

/* table[index] = leaf/pointer to PA of \target (label) with \flags */
.macro SET_PTE table, index, target, flags
        la      t0, \target
        srli    t0, t0, 12
        slli    t0, t0, 10
        ori     t0, t0, \flags
        la      t1, \table
        sd      t0, (\index * 8)(t1)
.endm

/* One jalr site for the jump-prediction tests (jump_sites*.S): calls the
 * code at a5, returns what it returns in a0. */
.macro JUMP_SITE
site:   addi    sp, sp, -16
        sd      ra, 0(sp)
        jalr    ra, 0(a5)
        ld      ra, 0(sp)
        addi    sp, sp, 16
        ret
.endm

/* The targets the jump_sites tests call through it: two code pages in a
 * row, whose functions return 51 and 52 */
.macro TARGET_PAGES
        .balign 4096
pg_z1:  li      a0, 51
        ret
        .balign 4096
pg_z2:  li      a0, 52
        ret
.endm

#endif
