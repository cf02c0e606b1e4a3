/* Unit tests for address translation, PMP and the TLBs (mem/mmu.c,
 * mem/pmp.c).  Page tables are built by hand in bus RAM; expected
 * addresses and causes are computed from the privileged spec. */
#include <check.h>
#include <stdlib.h>

#include "mem/mmu.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (16ull << 20)
#define ROOT 0x80001000ull          /* root page table */
#define TABLES 0x80100000ull        /* further tables come from here */
/* Superpage leaves point here: 2^48 is aligned for every page size, and a
 * large handler-less MMIO region makes the translated addresses real. */
#define SP 0x1000000000000ull

/* PTE bits (spec Figure 4.18). */
#define V 0x01ull
#define R 0x02ull
#define W 0x04ull
#define X 0x08ull
#define U 0x10ull
#define G 0x20ull
#define A 0x40ull
#define D 0x80ull

/* pmpcfg fields (spec Figure 3.32). */
#define P_R 0x01u
#define P_W 0x02u
#define P_X 0x04u
#define P_TOR 0x08u
#define P_NA4 0x10u
#define P_NAPOT 0x18u
#define P_L 0x80u

static struct bus bus;
static struct mmu mmu;
static uint64_t next_table;

static uint64_t rd64(uint64_t pa)
{
    uint64_t v = 0;
    ck_assert(bus_load(&bus, pa, 8, &v));
    return v;
}

static void wr64(uint64_t pa, uint64_t v)
{
    ck_assert(bus_store(&bus, pa, 8, v));
}

static uint64_t pte(uint64_t pa, uint64_t flags)
{
    return (pa >> 12) << 10 | flags;
}

/* Builds the path for va down to a leaf at leaf_level (0 = 4 KiB) in a
 * table of `levels` levels rooted at ROOT; returns the leaf PTE's address.
 * The indices are VPN[i] = va[12+9i+8 : 12+9i] (spec 4.4.1). */
static uint64_t map(unsigned levels, uint64_t va, int leaf_level,
                    uint64_t leaf)
{
    uint64_t table = ROOT;
    for (int lvl = (int)levels - 1;; lvl--) {
        uint64_t slot = table + ((va >> (12 + 9 * lvl)) & 511) * 8;
        if (lvl == leaf_level) {
            wr64(slot, leaf);
            return slot;
        }
        uint64_t e = rd64(slot);
        if (!(e & V)) {
            e = pte(next_table, V);
            next_table += 0x1000;
            wr64(slot, e);
        }
        table = (e >> 10) << 12;
    }
}

static uint64_t satp_of(unsigned mode)
{
    return (uint64_t)mode << 60 | ROOT >> 12;
}

/* pmpaddr for a NAPOT region of size bytes (a power of two >= 8) at base. */
static uint64_t napot(uint64_t base, uint64_t size)
{
    return (base >> 2) | ((size >> 3) - 1);
}

/* PMP entry 0 = all of memory, RWX, as riscv-tests' INIT_PMP does. */
static void pmp_allow_all(void)
{
    pmp_write_addr(&mmu, 0, (1ull << 53) - 1);
    pmp_write_cfg(&mmu, 0, P_NAPOT | P_R | P_W | P_X);
}

static void setup(void)
{
    ck_assert(bus_init(&bus, RAM_BASE, RAM_SIZE));
    ck_assert(bus_add_mmio(&bus, SP, 1ull << 50, NULL, NULL, NULL, "sink"));
    mmu_init(&mmu, &bus);
    next_table = TABLES;
}

static void teardown(void)
{
    bus_free(&bus);
}

/* Paged S-mode context with a permissive PMP. */
static void paged_s(unsigned mode)
{
    pmp_allow_all();
    mmu_write_satp(&mmu, satp_of(mode));
    mmu_set_context(&mmu, PRV_S, PRV_S, false, false);
}

static int xlate(uint64_t va, enum mmu_access acc, uint64_t *pa)
{
    *pa = 0xbad;
    return mmu_translate(&mmu, va, acc, pa);
}

/* ---------------------------------------------------------------- bare */

START_TEST(bare_m_mode_and_satp_bare)
{
    uint64_t pa;
    ck_assert_int_eq(xlate(0x80000123, ACC_LOAD, &pa), 0);
    ck_assert_uint_eq(pa, 0x80000123);
    /* M-mode ignores satp even when paging is selected. */
    mmu_write_satp(&mmu, satp_of(SATP_MODE_SV39));
    ck_assert_int_eq(xlate(0x80000456, ACC_FETCH, &pa), 0);
    ck_assert_uint_eq(pa, 0x80000456);
    /* S-mode with satp Bare: identity. */
    pmp_allow_all();
    mmu_write_satp(&mmu, 0);
    mmu_set_context(&mmu, PRV_S, PRV_S, false, false);
    ck_assert_int_eq(xlate(0x80000789, ACC_STORE, &pa), 0);
    ck_assert_uint_eq(pa, 0x80000789);
    /* Nothing at that physical address: access fault. */
    ck_assert_int_eq(xlate(0x40000000, ACC_LOAD, &pa), EXC_LOAD_ACCESS);
    ck_assert_int_eq(xlate(0x40000000, ACC_STORE, &pa), EXC_STORE_ACCESS);
    ck_assert_int_eq(xlate(0x40000000, ACC_FETCH, &pa), EXC_INSN_ACCESS);
    ck_assert(mmu_debug_translate(&mmu, 0x1234, &pa));
    ck_assert_uint_eq(pa, 0x1234);
}
END_TEST

/* ------------------------------------------------- every level, 3 modes */

struct level_case {
    unsigned mode, levels;
    int leaf_level;
    uint64_t va, leaf_pa, expect;
};

static const struct level_case level_cases[] = {
    /* Sv39: VPN2 = 1, VPN1 = 1, VPN0 = 1 */
    { SATP_MODE_SV39, 3, 0, 0x0000000040201123ull, 0x80010000ull, 0x80010123ull },
    { SATP_MODE_SV39, 3, 1, 0x0000000040345678ull, SP, SP + 0x145678ull },
    { SATP_MODE_SV39, 3, 2, 0x0000000076543210ull, SP, SP + 0x36543210ull },
    /* upper half: VPN2 = 256 */
    { SATP_MODE_SV39, 3, 0, 0xffffffc000201abcull, 0x80011000ull, 0x80011abcull },
    /* Sv48: VPN3 = 1 */
    { SATP_MODE_SV48, 4, 0, 0x0000008040201123ull, 0x80010000ull, 0x80010123ull },
    { SATP_MODE_SV48, 4, 1, 0x0000008040345678ull, SP, SP + 0x145678ull },
    { SATP_MODE_SV48, 4, 2, 0x0000008076543210ull, SP, SP + 0x36543210ull },
    { SATP_MODE_SV48, 4, 3, 0x000000ff12345678ull, SP, SP + 0x7f12345678ull },
    { SATP_MODE_SV48, 4, 0, 0xffff800000201abcull, 0x80011000ull, 0x80011abcull },
    /* Sv57: VPN4 = 1 */
    { SATP_MODE_SV57, 5, 0, 0x0001008040201123ull, 0x80010000ull, 0x80010123ull },
    { SATP_MODE_SV57, 5, 1, 0x0001008040345678ull, SP, SP + 0x145678ull },
    { SATP_MODE_SV57, 5, 2, 0x0001008076543210ull, SP, SP + 0x36543210ull },
    { SATP_MODE_SV57, 5, 3, 0x000100ff12345678ull, SP, SP + 0x7f12345678ull },
    { SATP_MODE_SV57, 5, 4, 0x0001876543210fedull, SP, SP + 0x876543210fedull },
    { SATP_MODE_SV57, 5, 0, 0xff00000000201abcull, 0x80011000ull, 0x80011abcull },
};

START_TEST(translate_every_level)
{
    const struct level_case *c = &level_cases[_i];
    paged_s(c->mode);
    map(c->levels, c->va, c->leaf_level, pte(c->leaf_pa, V | R | W | X | A | D));
    uint64_t pa;
    ck_assert_int_eq(xlate(c->va, ACC_LOAD, &pa), 0);
    ck_assert_uint_eq(pa, c->expect);
    ck_assert_int_eq(xlate(c->va, ACC_STORE, &pa), 0);
    ck_assert_uint_eq(pa, c->expect);
    ck_assert_int_eq(xlate(c->va, ACC_FETCH, &pa), 0);
    ck_assert_uint_eq(pa, c->expect);
    pa = 0;
    ck_assert(mmu_debug_translate(&mmu, c->va, &pa));
    ck_assert_uint_eq(pa, c->expect);
    /* The neighbouring page at the leaf level is not mapped. */
    uint64_t other = c->va ^ (1ull << (12 + 9 * c->leaf_level + 1));
    ck_assert_int_eq(xlate(other, ACC_LOAD, &pa), EXC_LOAD_PAGE);
    ck_assert(!mmu_debug_translate(&mmu, other, &pa));
}
END_TEST

START_TEST(misaligned_superpage_faults)
{
    paged_s(SATP_MODE_SV39);
    /* 2 MiB leaf whose PPN[0] is 1. */
    map(3, 0x40200000, 1, pte(0x80201000, V | R | W | X | A | D));
    /* 1 GiB leaf whose PPN[1] is non-zero. */
    map(3, 0x80000000, 2, pte(0x80200000, V | R | W | X | A | D));
    uint64_t pa;
    ck_assert_int_eq(xlate(0x40200010, ACC_LOAD, &pa), EXC_LOAD_PAGE);
    ck_assert_int_eq(xlate(0x40200010, ACC_STORE, &pa), EXC_STORE_PAGE);
    ck_assert_int_eq(xlate(0x40200010, ACC_FETCH, &pa), EXC_INSN_PAGE);
    ck_assert_int_eq(xlate(0x80000010, ACC_LOAD, &pa), EXC_LOAD_PAGE);
    ck_assert(!mmu_debug_translate(&mmu, 0x40200010, &pa));
}
END_TEST

START_TEST(non_canonical_faults)
{
    uint64_t pa;
    paged_s(SATP_MODE_SV39);
    /* Map VPN2 = 0 and 256 so only canonicity decides. */
    map(3, 0x0, 2, pte(SP, V | R | W | X | A | D));
    map(3, 0xffffffc000000000ull, 2, pte(SP, V | R | W | X | A | D));
    ck_assert_int_eq(xlate(0x10, ACC_LOAD, &pa), 0);
    ck_assert_int_eq(xlate(0xffffffc000000010ull, ACC_LOAD, &pa), 0);
    /* bit 38 set, bits 63:39 clear */
    ck_assert_int_eq(xlate(0x0000004000000010ull, ACC_LOAD, &pa), EXC_LOAD_PAGE);
    /* bit 39 set alone: VPN2 would be 0 if truncated */
    ck_assert_int_eq(xlate(0x0000008000000010ull, ACC_STORE, &pa), EXC_STORE_PAGE);
    ck_assert_int_eq(xlate(0x8000000000000010ull, ACC_FETCH, &pa), EXC_INSN_PAGE);
    ck_assert_int_eq(xlate(0xffffff8000000010ull, ACC_LOAD, &pa), EXC_LOAD_PAGE);
    ck_assert(!mmu_debug_translate(&mmu, 0x0000008000000010ull, &pa));

    /* The same address is canonical in Sv48 (bit 47 clear). */
    mmu_write_satp(&mmu, satp_of(SATP_MODE_SV48));
    ck_assert_int_eq(xlate(0x0000800000000010ull, ACC_LOAD, &pa), EXC_LOAD_PAGE);
    mmu_write_satp(&mmu, satp_of(SATP_MODE_SV57));
    ck_assert_int_eq(xlate(0x0100000000000010ull, ACC_LOAD, &pa), EXC_LOAD_PAGE);
}
END_TEST

/* --------------------------------------------------------- permissions */

START_TEST(user_supervisor_sum)
{
    uint64_t pa;
    paged_s(SATP_MODE_SV39);
    map(3, 0x1000, 0, pte(0x80010000, V | R | W | X | U | A | D)); /* user */
    map(3, 0x2000, 0, pte(0x80011000, V | R | W | X | A | D));     /* kernel */

    /* S without SUM: no loads/stores to U pages, no fetch. */
    ck_assert_int_eq(xlate(0x1000, ACC_LOAD, &pa), EXC_LOAD_PAGE);
    ck_assert_int_eq(xlate(0x1000, ACC_STORE, &pa), EXC_STORE_PAGE);
    ck_assert_int_eq(xlate(0x1000, ACC_FETCH, &pa), EXC_INSN_PAGE);
    ck_assert_int_eq(xlate(0x2000, ACC_LOAD, &pa), 0);

    /* SUM allows loads and stores, still never fetches. */
    mmu_set_context(&mmu, PRV_S, PRV_S, true, false);
    ck_assert_int_eq(xlate(0x1008, ACC_LOAD, &pa), 0);
    ck_assert_uint_eq(pa, 0x80010008);
    ck_assert_int_eq(xlate(0x1008, ACC_STORE, &pa), 0);
    ck_assert_int_eq(xlate(0x1008, ACC_FETCH, &pa), EXC_INSN_PAGE);

    /* U-mode: its pages yes, supervisor pages no. */
    mmu_set_context(&mmu, PRV_U, PRV_U, false, false);
    ck_assert_int_eq(xlate(0x1010, ACC_FETCH, &pa), 0);
    ck_assert_uint_eq(pa, 0x80010010);
    ck_assert_int_eq(xlate(0x1010, ACC_STORE, &pa), 0);
    ck_assert_int_eq(xlate(0x2000, ACC_LOAD, &pa), EXC_LOAD_PAGE);
    ck_assert_int_eq(xlate(0x2000, ACC_STORE, &pa), EXC_STORE_PAGE);
    ck_assert_int_eq(xlate(0x2000, ACC_FETCH, &pa), EXC_INSN_PAGE);
    /* SUM does not matter for U-mode. */
    mmu_set_context(&mmu, PRV_U, PRV_U, true, false);
    ck_assert_int_eq(xlate(0x2000, ACC_LOAD, &pa), EXC_LOAD_PAGE);

    /* M-mode fetch while data accesses use MPP = U (MPRV). */
    mmu_set_context(&mmu, PRV_M, PRV_U, false, false);
    ck_assert_int_eq(xlate(0x80000000, ACC_FETCH, &pa), 0);
    ck_assert_uint_eq(pa, 0x80000000);
    ck_assert_int_eq(xlate(0x2000, ACC_LOAD, &pa), EXC_LOAD_PAGE);
    ck_assert_int_eq(xlate(0x1000, ACC_LOAD, &pa), 0);
    ck_assert_uint_eq(pa, 0x80010000);
}
END_TEST

START_TEST(rwx_and_mxr)
{
    uint64_t pa;
    paged_s(SATP_MODE_SV39);
    map(3, 0x1000, 0, pte(0x80010000, V | X | A | D));        /* execute-only */
    map(3, 0x2000, 0, pte(0x80011000, V | R | A | D));        /* read-only */
    map(3, 0x3000, 0, pte(0x80012000, V | R | W | A | D));    /* data */

    ck_assert_int_eq(xlate(0x1000, ACC_FETCH, &pa), 0);
    ck_assert_int_eq(xlate(0x1000, ACC_LOAD, &pa), EXC_LOAD_PAGE);
    ck_assert_int_eq(xlate(0x1000, ACC_STORE, &pa), EXC_STORE_PAGE);
    ck_assert_int_eq(xlate(0x2000, ACC_LOAD, &pa), 0);
    ck_assert_int_eq(xlate(0x2000, ACC_STORE, &pa), EXC_STORE_PAGE);
    ck_assert_int_eq(xlate(0x2000, ACC_FETCH, &pa), EXC_INSN_PAGE);
    ck_assert_int_eq(xlate(0x3000, ACC_STORE, &pa), 0);
    ck_assert_int_eq(xlate(0x3000, ACC_FETCH, &pa), EXC_INSN_PAGE);

    /* MXR: executable pages become readable (not writable). */
    mmu_set_context(&mmu, PRV_S, PRV_S, false, true);
    ck_assert_int_eq(xlate(0x1000, ACC_LOAD, &pa), 0);
    ck_assert_uint_eq(pa, 0x80010000);
    ck_assert_int_eq(xlate(0x1000, ACC_STORE, &pa), EXC_STORE_PAGE);
    ck_assert_int_eq(xlate(0x3000, ACC_FETCH, &pa), EXC_INSN_PAGE);
}
END_TEST

START_TEST(accessed_dirty_updates)
{
    uint64_t pa;
    paged_s(SATP_MODE_SV39);
    uint64_t p1 = map(3, 0x1000, 0, pte(0x80010000, V | R | W | X));
    uint64_t p2 = map(3, 0x2000, 0, pte(0x80011000, V | R | W | X));
    uint64_t p3 = map(3, 0x3000, 0, pte(0x80012000, V | R | W | A));
    uint64_t p4 = map(3, 0x4000, 0, pte(0x80013000, V | R | X));
    uint64_t p5 = map(3, 0x40000000, 2, pte(SP, V | R | W));   /* 1 GiB */

    ck_assert_int_eq(xlate(0x1000, ACC_LOAD, &pa), 0);
    ck_assert_uint_eq(rd64(p1), pte(0x80010000, V | R | W | X | A));
    ck_assert_int_eq(xlate(0x1000, ACC_STORE, &pa), 0);
    ck_assert_uint_eq(rd64(p1), pte(0x80010000, V | R | W | X | A | D));

    ck_assert_int_eq(xlate(0x2000, ACC_STORE, &pa), 0);
    ck_assert_uint_eq(rd64(p2), pte(0x80011000, V | R | W | X | A | D));

    ck_assert_int_eq(xlate(0x3000, ACC_STORE, &pa), 0);
    ck_assert_uint_eq(rd64(p3), pte(0x80012000, V | R | W | A | D));

    ck_assert_int_eq(xlate(0x4000, ACC_FETCH, &pa), 0);
    ck_assert_uint_eq(rd64(p4), pte(0x80013000, V | R | X | A));

    /* A faulting access sets nothing. */
    ck_assert_int_eq(xlate(0x4000, ACC_STORE, &pa), EXC_STORE_PAGE);
    ck_assert_uint_eq(rd64(p4), pte(0x80013000, V | R | X | A));

    /* Superpage leaf too. */
    ck_assert_int_eq(xlate(0x40000008, ACC_STORE, &pa), 0);
    ck_assert_uint_eq(rd64(p5), pte(SP, V | R | W | A | D));

    /* The debugger's walk changes nothing. */
    uint64_t p6 = map(3, 0x5000, 0, pte(0x80014000, V | R | W));
    ck_assert(mmu_debug_translate(&mmu, 0x5000, &pa));
    ck_assert_uint_eq(pa, 0x80014000);
    ck_assert_uint_eq(rd64(p6), pte(0x80014000, V | R | W));
}
END_TEST

START_TEST(invalid_ptes)
{
    uint64_t pa;
    paged_s(SATP_MODE_SV39);
    map(3, 0x1000, 0, pte(0x80010000, R | W | X | A | D));            /* V=0 */
    map(3, 0x2000, 0, pte(0x80011000, V | W | A | D));                /* W, no R */
    map(3, 0x3000, 0, pte(0x80012000, V | W | X | A | D));            /* WX, no R */
    map(3, 0x4000, 0, pte(0x80013000, V | R | W | A | D) | 1ull << 63); /* N */
    map(3, 0x5000, 0, pte(0x80014000, V | R | W | A | D) | 1ull << 61); /* PBMT */
    map(3, 0x6000, 0, pte(0x80015000, V | R | W | A | D) | 1ull << 54); /* rsvd */
    map(3, 0x7000, 0, pte(0x80016000, V));      /* pointer at the last level */
    map(3, 0x8000, 0, pte(0x80017000, V | R | W | A | D));            /* good */

    ck_assert_int_eq(xlate(0x1000, ACC_LOAD, &pa), EXC_LOAD_PAGE);
    ck_assert_int_eq(xlate(0x2000, ACC_LOAD, &pa), EXC_LOAD_PAGE);
    ck_assert_int_eq(xlate(0x2000, ACC_STORE, &pa), EXC_STORE_PAGE);
    ck_assert_int_eq(xlate(0x3000, ACC_FETCH, &pa), EXC_INSN_PAGE);
    ck_assert_int_eq(xlate(0x4000, ACC_LOAD, &pa), EXC_LOAD_PAGE);
    ck_assert_int_eq(xlate(0x5000, ACC_STORE, &pa), EXC_STORE_PAGE);
    ck_assert_int_eq(xlate(0x6000, ACC_LOAD, &pa), EXC_LOAD_PAGE);
    ck_assert_int_eq(xlate(0x7000, ACC_LOAD, &pa), EXC_LOAD_PAGE);
    ck_assert_int_eq(xlate(0x8000, ACC_LOAD, &pa), 0);
    ck_assert_uint_eq(pa, 0x80017000);
    ck_assert(!mmu_debug_translate(&mmu, 0x2000, &pa));

    /* Reserved bits in a non-leaf PTE: the level-2 pointer for VPN2 = 1. */
    map(3, 0x40000000, 0, pte(0x80018000, V | R | A | D));
    ck_assert_int_eq(xlate(0x40000000, ACC_LOAD, &pa), 0);
    uint64_t ptr = rd64(ROOT + 8);
    wr64(ROOT + 8, ptr | 1ull << 60);
    ck_assert_int_eq(xlate(0x40000000, ACC_LOAD, &pa), EXC_LOAD_PAGE);
    /* D, A and U are reserved in pointers: Spike and QEMU fault on them. */
    wr64(ROOT + 8, ptr | A);
    ck_assert_int_eq(xlate(0x40000000, ACC_LOAD, &pa), EXC_LOAD_PAGE);
    wr64(ROOT + 8, ptr | U);
    ck_assert_int_eq(xlate(0x40000000, ACC_FETCH, &pa), EXC_INSN_PAGE);
    wr64(ROOT + 8, ptr);
    ck_assert_int_eq(xlate(0x40000000, ACC_LOAD, &pa), 0);
}
END_TEST

START_TEST(pte_access_faults)
{
    uint64_t pa;
    paged_s(SATP_MODE_SV39);
    /* VPN2 = 1 points at a table outside RAM. */
    wr64(ROOT + 8, pte(0x90000000, V));
    ck_assert_int_eq(xlate(0x40000000, ACC_LOAD, &pa), EXC_LOAD_ACCESS);
    ck_assert_int_eq(xlate(0x40000000, ACC_STORE, &pa), EXC_STORE_ACCESS);
    ck_assert_int_eq(xlate(0x40000000, ACC_FETCH, &pa), EXC_INSN_ACCESS);
    ck_assert(!mmu_debug_translate(&mmu, 0x40000000, &pa));

    /* A valid leaf pointing at nothing: access fault, not page fault. */
    map(3, 0x1000, 0, pte(0x40000000, V | R | W | X | A | D));
    ck_assert_int_eq(xlate(0x1000, ACC_LOAD, &pa), EXC_LOAD_ACCESS);
    ck_assert_int_eq(xlate(0x1000, ACC_STORE, &pa), EXC_STORE_ACCESS);

    /* Root table outside RAM. */
    mmu_write_satp(&mmu, (uint64_t)SATP_MODE_SV39 << 60 | 0x90000);
    ck_assert_int_eq(xlate(0x1000, ACC_FETCH, &pa), EXC_INSN_ACCESS);
}
END_TEST

START_TEST(pte_reads_are_checked_as_s_mode)
{
    uint64_t pa;
    mmu_write_satp(&mmu, satp_of(SATP_MODE_SV39));
    map(3, 0x1000, 0, pte(0x80010000, V | R | W | X | A | D));
    /* Entry 0 takes every permission from the root table's page; entry 1
     * allows the rest. */
    pmp_write_addr(&mmu, 0, napot(ROOT, 0x1000));
    pmp_write_addr(&mmu, 1, (1ull << 53) - 1);
    pmp_write_cfg(&mmu, 0, (uint64_t)(P_NAPOT | P_R | P_W | P_X) << 8 | P_NAPOT);

    /* M fetch with data at S (MPRV): the walk reads the root as S. */
    mmu_set_context(&mmu, PRV_M, PRV_S, false, false);
    ck_assert_int_eq(xlate(0x1000, ACC_LOAD, &pa), EXC_LOAD_ACCESS);
    ck_assert_int_eq(xlate(0x1000, ACC_STORE, &pa), EXC_STORE_ACCESS);
    /* Readable but not writable PTE page: the A/D write is refused. */
    pmp_write_cfg(&mmu, 0, (uint64_t)(P_NAPOT | P_R | P_W | P_X) << 8 |
                           P_NAPOT | P_R);
    uint64_t l0 = map(3, 0x1000, 0, pte(0x80010000, V | R | W | X));
    ck_assert_int_eq(xlate(0x1000, ACC_LOAD, &pa), 0);   /* A set: L0 page */
    ck_assert_uint_eq(rd64(l0), pte(0x80010000, V | R | W | X | A));
    wr64(ROOT + 0x18, pte(SP, V | R | A));       /* VPN2 = 3 leaf, A set */
    ck_assert_int_eq(xlate(0xc0000000, ACC_LOAD, &pa), 0);
    wr64(ROOT + 0x20, pte(SP, V | R));           /* VPN2 = 4 leaf, A clear */
    ck_assert_int_eq(xlate(0x100000000ull, ACC_LOAD, &pa), EXC_LOAD_ACCESS);
    ck_assert_uint_eq(rd64(ROOT + 0x20), pte(SP, V | R));
}
END_TEST

/* ----------------------------------------------------------------- PMP */

START_TEST(pmp_all_off)
{
    /* No entry matches: M succeeds, S/U fail (entries are implemented). */
    ck_assert(pmp_check(&mmu, 0x80000000, 8, ACC_LOAD, PRV_M));
    ck_assert(pmp_check(&mmu, 0x80000000, 8, ACC_STORE, PRV_M));
    ck_assert(!pmp_check(&mmu, 0x80000000, 8, ACC_LOAD, PRV_S));
    ck_assert(!pmp_check(&mmu, 0x80000000, 4, ACC_FETCH, PRV_U));
    uint64_t pa;
    mmu_set_context(&mmu, PRV_S, PRV_S, false, false);
    ck_assert_int_eq(xlate(0x80000000, ACC_LOAD, &pa), EXC_LOAD_ACCESS);
    ck_assert_int_eq(xlate(0x80000000, ACC_FETCH, &pa), EXC_INSN_ACCESS);
}
END_TEST

START_TEST(pmp_riscv_tests_init)
{
    /* riscv-tests env: pmpaddr0 = (1 << 53) - 1 (or -1), NAPOT RWX. */
    pmp_allow_all();
    ck_assert(pmp_check(&mmu, 0, 8, ACC_LOAD, PRV_U));
    ck_assert(pmp_check(&mmu, 0x80000000, 8, ACC_STORE, PRV_S));
    ck_assert(pmp_check(&mmu, 0x00fffffffffffff8ull, 8, ACC_FETCH, PRV_S));
    pmp_write_addr(&mmu, 0, ~0ull);
    ck_assert_uint_eq(pmp_read_addr(&mmu, 0), 0x003fffffffffffffull);
    ck_assert(pmp_check(&mmu, 0x00fffffffffffff8ull, 8, ACC_STORE, PRV_U));
    ck_assert(pmp_check(&mmu, 0, 1, ACC_LOAD, PRV_S));
}
END_TEST

START_TEST(pmp_tor)
{
    /* Entry 0 TOR: [0, 0x80001000) read-only. */
    pmp_write_addr(&mmu, 0, 0x80001000 >> 2);
    /* Entry 1 TOR: [0x80001000, 0x80003000) RW; entry 2 TOR with top <
     * bottom matches nothing. */
    pmp_write_addr(&mmu, 1, 0x80003000 >> 2);
    pmp_write_addr(&mmu, 2, 0x80002000 >> 2);
    pmp_write_cfg(&mmu, 0, (uint64_t)(P_TOR | P_R | P_W | P_X) << 16 |
                           (uint64_t)(P_TOR | P_R | P_W) << 8 | (P_TOR | P_R));
    ck_assert(pmp_check(&mmu, 0, 8, ACC_LOAD, PRV_S));
    ck_assert(pmp_check(&mmu, 0x80000ff8, 8, ACC_LOAD, PRV_S));
    ck_assert(!pmp_check(&mmu, 0x80000ff8, 8, ACC_STORE, PRV_S));
    ck_assert(!pmp_check(&mmu, 0x80000ff8, 4, ACC_FETCH, PRV_U));
    ck_assert(pmp_check(&mmu, 0x80001000, 8, ACC_STORE, PRV_S));
    ck_assert(pmp_check(&mmu, 0x80002ff8, 8, ACC_STORE, PRV_U));
    ck_assert(!pmp_check(&mmu, 0x80001000, 4, ACC_FETCH, PRV_S));
    /* Straddles entries 0 and 1: entry 0 matches partially -> fails, even
     * for M. */
    ck_assert(!pmp_check(&mmu, 0x80000ffc, 8, ACC_LOAD, PRV_S));
    ck_assert(!pmp_check(&mmu, 0x80000ffc, 8, ACC_LOAD, PRV_M));
    /* Beyond every region (entry 2 is empty). */
    ck_assert(!pmp_check(&mmu, 0x80003000, 4, ACC_LOAD, PRV_S));
    ck_assert(pmp_check(&mmu, 0x80003000, 4, ACC_LOAD, PRV_M));
    ck_assert(!pmp_check(&mmu, 0x80002000, 4, ACC_FETCH, PRV_S));
}
END_TEST

START_TEST(pmp_na4_and_napot)
{
    /* Entry 0 NA4 at 0x80000100, X only. */
    pmp_write_addr(&mmu, 0, 0x80000100 >> 2);
    /* Entry 1 NAPOT 8 bytes at 0x80000200 (pmpaddr ends in 0), R. */
    pmp_write_addr(&mmu, 1, 0x80000200 >> 2);
    /* Entry 2 NAPOT 4 KiB at 0x80001000, RW: 0x20000400 | 0x1ff. */
    pmp_write_addr(&mmu, 2, 0x200005ffull);
    pmp_write_cfg(&mmu, 0, (uint64_t)(P_NAPOT | P_R | P_W) << 16 |
                           (uint64_t)(P_NAPOT | P_R) << 8 | (P_NA4 | P_X));
    ck_assert(pmp_check(&mmu, 0x80000100, 4, ACC_FETCH, PRV_S));
    ck_assert(!pmp_check(&mmu, 0x80000100, 4, ACC_LOAD, PRV_S));
    ck_assert(!pmp_check(&mmu, 0x80000104, 4, ACC_FETCH, PRV_S));
    ck_assert(!pmp_check(&mmu, 0x800000fc, 4, ACC_FETCH, PRV_S));
    ck_assert(!pmp_check(&mmu, 0x80000100, 8, ACC_FETCH, PRV_S)); /* partial */

    ck_assert(pmp_check(&mmu, 0x80000200, 8, ACC_LOAD, PRV_U));
    ck_assert(pmp_check(&mmu, 0x80000207, 1, ACC_LOAD, PRV_U));
    ck_assert(!pmp_check(&mmu, 0x80000208, 1, ACC_LOAD, PRV_U));
    ck_assert(!pmp_check(&mmu, 0x80000204, 8, ACC_LOAD, PRV_U));

    ck_assert(pmp_check(&mmu, 0x80001000, 8, ACC_STORE, PRV_S));
    ck_assert(pmp_check(&mmu, 0x80001fff, 1, ACC_STORE, PRV_S));
    ck_assert(pmp_check(&mmu, 0x80001000, 4096, ACC_LOAD, PRV_S));
    ck_assert(!pmp_check(&mmu, 0x80002000, 1, ACC_LOAD, PRV_S));
    ck_assert(!pmp_check(&mmu, 0x80000fff, 1, ACC_LOAD, PRV_S));
}
END_TEST

START_TEST(pmp_priority_lowest_entry_wins)
{
    /* Entry 0: 4 KiB at 0x80000000, no permissions; entry 1: everything. */
    pmp_write_addr(&mmu, 0, napot(0x80000000, 0x1000));
    pmp_write_addr(&mmu, 1, (1ull << 53) - 1);
    pmp_write_cfg(&mmu, 0, (uint64_t)(P_NAPOT | P_R | P_W | P_X) << 8 | P_NAPOT);
    ck_assert(!pmp_check(&mmu, 0x80000000, 8, ACC_LOAD, PRV_S));
    ck_assert(pmp_check(&mmu, 0x80001000, 8, ACC_LOAD, PRV_S));
    /* Partly in entry 0: fails although entry 1 would cover it all. */
    ck_assert(!pmp_check(&mmu, 0x80000ffc, 8, ACC_LOAD, PRV_S));
    /* Unlocked entries do not restrict M. */
    ck_assert(pmp_check(&mmu, 0x80000000, 8, ACC_STORE, PRV_M));
}
END_TEST

START_TEST(pmp_locked_entries)
{
    /* Entry 0 locked NAPOT 4 KiB at 0x80000000, R only. */
    pmp_write_addr(&mmu, 0, napot(0x80000000, 0x1000));
    pmp_write_cfg(&mmu, 0, P_L | P_NAPOT | P_R);
    ck_assert(pmp_check(&mmu, 0x80000000, 8, ACC_LOAD, PRV_M));
    ck_assert(!pmp_check(&mmu, 0x80000000, 8, ACC_STORE, PRV_M));
    ck_assert(!pmp_check(&mmu, 0x80000000, 4, ACC_FETCH, PRV_M));
    /* Writes to a locked entry are ignored (cfg and addr). */
    pmp_write_cfg(&mmu, 0, P_NAPOT | P_R | P_W | P_X);
    ck_assert_uint_eq(pmp_read_cfg(&mmu, 0) & 0xff, P_L | P_NAPOT | P_R);
    pmp_write_addr(&mmu, 0, 0x1234);
    ck_assert_uint_eq(pmp_read_addr(&mmu, 0), napot(0x80000000, 0x1000));
    /* Other bytes of the same pmpcfg0 still take writes. */
    pmp_write_cfg(&mmu, 0, (uint64_t)(P_NA4 | P_R) << 8);
    ck_assert_uint_eq(pmp_read_cfg(&mmu, 0),
                      (uint64_t)(P_NA4 | P_R) << 8 | (P_L | P_NAPOT | P_R));

    /* Locked TOR entry 3 locks pmpaddr2 as well; locked NAPOT entry 5 does
     * not lock pmpaddr4. */
    pmp_write_addr(&mmu, 2, 0x100);
    pmp_write_addr(&mmu, 3, 0x200);
    pmp_write_addr(&mmu, 4, 0x300);
    pmp_write_cfg(&mmu, 0, (uint64_t)(P_L | P_NAPOT) << 40 |
                           (uint64_t)(P_L | P_TOR | P_R) << 24 |
                           (uint64_t)(P_NA4 | P_R) << 8);
    pmp_write_addr(&mmu, 2, 0x111);
    pmp_write_addr(&mmu, 3, 0x222);
    pmp_write_addr(&mmu, 4, 0x333);
    ck_assert_uint_eq(pmp_read_addr(&mmu, 2), 0x100);
    ck_assert_uint_eq(pmp_read_addr(&mmu, 3), 0x200);
    ck_assert_uint_eq(pmp_read_addr(&mmu, 4), 0x333);
    /* Locked TOR [0x400, 0x800) R applies to M too. */
    ck_assert(pmp_check(&mmu, 0x400, 4, ACC_LOAD, PRV_M));
    ck_assert(!pmp_check(&mmu, 0x400, 4, ACC_STORE, PRV_M));
}
END_TEST

START_TEST(pmp_cfg_warl)
{
    /* W=1,R=0 is reserved: W is dropped, the rest kept. */
    pmp_write_cfg(&mmu, 0, (uint64_t)(P_NAPOT | P_W | P_X) << 8 |
                           (P_NAPOT | P_W));
    ck_assert_uint_eq(pmp_read_cfg(&mmu, 0),
                      (uint64_t)(P_NAPOT | P_X) << 8 | P_NAPOT);
    /* Bits 6:5 read as zero. */
    pmp_write_cfg(&mmu, 0, 0x7f);
    ck_assert_uint_eq(pmp_read_cfg(&mmu, 0), 0x1f);
    /* pmpcfg2 holds entries 8..15. */
    pmp_write_cfg(&mmu, 2, 0x1f00000000000009ull);
    ck_assert_uint_eq(pmp_read_cfg(&mmu, 2), 0x1f00000000000009ull);
    ck_assert_uint_eq(mmu.pmpcfg[8], P_TOR | P_R);
    ck_assert_uint_eq(mmu.pmpcfg[15], 0x1f);
    ck_assert_uint_eq(pmp_read_cfg(&mmu, 0), 0x1f);
    /* With entries 0-7 off, entry 15 (NAPOT, pmpaddr15 = 0) covers [0, 8). */
    pmp_write_cfg(&mmu, 0, 0);
    ck_assert(pmp_check(&mmu, 0, 8, ACC_STORE, PRV_U));
    ck_assert(!pmp_check(&mmu, 8, 8, ACC_STORE, PRV_U));
    ck_assert_uint_eq(pmp_read_cfg(&mmu, 1), 0);   /* odd: no such CSR */
    /* pmpaddr holds 54 bits. */
    pmp_write_addr(&mmu, 7, 0xffc0000000000123ull);
    ck_assert_uint_eq(pmp_read_addr(&mmu, 7), 0x0000000000000123ull);
}
END_TEST

START_TEST(translate_size_checks_every_byte)
{
    /* NA4 at 0x80000000 RWX, then everything RWX. */
    pmp_write_addr(&mmu, 0, 0x80000000 >> 2);
    pmp_write_addr(&mmu, 1, (1ull << 53) - 1);
    pmp_write_cfg(&mmu, 0, (uint64_t)(P_NAPOT | P_R | P_W | P_X) << 8 |
                           (P_NA4 | P_R | P_W | P_X));
    mmu_set_context(&mmu, PRV_S, PRV_S, false, false);
    uint64_t pa;
    ck_assert_int_eq(mmu_translate_size(&mmu, 0x80000000, 4, ACC_LOAD, &pa), 0);
    ck_assert_int_eq(mmu_translate_size(&mmu, 0x80000000, 8, ACC_LOAD, &pa),
                     EXC_LOAD_ACCESS);
    ck_assert_int_eq(mmu_translate_size(&mmu, 0x80000000, 8, ACC_STORE, &pa),
                     EXC_STORE_ACCESS);
    ck_assert_int_eq(mmu_translate(&mmu, 0x80000000, ACC_LOAD, &pa), 0);
    /* Last byte beyond RAM. */
    ck_assert_int_eq(mmu_translate_size(&mmu, RAM_BASE + RAM_SIZE - 4, 8,
                                        ACC_LOAD, &pa), EXC_LOAD_ACCESS);
}
END_TEST

/* ----------------------------------------------------------------- TLB */

static uint8_t *host(uint64_t pa)
{
    return bus.ram + (pa - RAM_BASE);
}

START_TEST(tlb_fill_and_fast_hit)
{
    uint64_t pa;
    paged_s(SATP_MODE_SV39);
    map(3, 0x5000, 0, pte(0x80010000, V | R | W | X));
    ck_assert_ptr_null(mmu_fast(&mmu, 0x5008, 8, ACC_LOAD));
    ck_assert_int_eq(xlate(0x5008, ACC_LOAD, &pa), 0);
    ck_assert_ptr_eq(mmu_fast(&mmu, 0x5ff8, 8, ACC_LOAD), host(0x80010ff8));
    ck_assert_ptr_eq(mmu_fast(&mmu, 0x5000, 1, ACC_LOAD), host(0x80010000));
    /* Misaligned (within the page or crossing its end), other pages,
     * other access types: miss. */
    ck_assert_ptr_null(mmu_fast(&mmu, 0x5ffc, 8, ACC_LOAD));
    ck_assert_ptr_null(mmu_fast(&mmu, 0x5001, 2, ACC_LOAD));
    ck_assert_ptr_null(mmu_fast(&mmu, 0x5002, 4, ACC_LOAD));
    ck_assert_ptr_null(mmu_fast(&mmu, 0x5004, 8, ACC_LOAD));
    ck_assert_ptr_null(mmu_fast(&mmu, 0x5fff, 2, ACC_LOAD));
    ck_assert_ptr_eq(mmu_fast(&mmu, 0x5ffe, 2, ACC_LOAD), host(0x80010ffe));
    ck_assert_ptr_eq(mmu_fast(&mmu, 0x5ffc, 4, ACC_LOAD), host(0x80010ffc));
    ck_assert_ptr_null(mmu_fast(&mmu, 0x6000, 1, ACC_LOAD));
    ck_assert_ptr_null(mmu_fast(&mmu, 0x5008, 8, ACC_STORE));
    ck_assert_ptr_null(mmu_fast(&mmu, 0x5008, 4, ACC_FETCH));
    /* Same index, different tag: 0x5000 + TLB_SIZE pages. */
    ck_assert_ptr_null(mmu_fast(&mmu, 0x5008 + ((uint64_t)TLB_SIZE << 12), 8,
                                ACC_LOAD));
    ck_assert_uint_eq(tlb_entry_pa(&mmu, &mmu.tlb[ACC_LOAD][5]), 0x80010000);

    ck_assert_int_eq(xlate(0x5010, ACC_STORE, &pa), 0);
    ck_assert_ptr_eq(mmu_fast(&mmu, 0x5010, 8, ACC_STORE), host(0x80010010));
    ck_assert_int_eq(xlate(0x5010, ACC_FETCH, &pa), 0);
    ck_assert_ptr_eq(mmu_fast(&mmu, 0x5010, 4, ACC_FETCH), host(0x80010010));

    /* Upper-half address: the addend arithmetic wraps. */
    map(3, 0xffffffc000003000ull, 0, pte(0x80011000, V | R | A));
    ck_assert_int_eq(xlate(0xffffffc000003040ull, ACC_LOAD, &pa), 0);
    ck_assert_ptr_eq(mmu_fast(&mmu, 0xffffffc000003040ull, 8, ACC_LOAD),
                     host(0x80011040));

    /* A 2 MiB superpage fills only the 4 KiB page touched. */
    map(3, 0x40200000, 1, pte(0x80200000, V | R | W | A | D));
    ck_assert_int_eq(xlate(0x40234567, ACC_LOAD, &pa), 0);
    ck_assert_uint_eq(pa, 0x80234567);
    ck_assert_ptr_eq(mmu_fast(&mmu, 0x40234000, 8, ACC_LOAD), host(0x80234000));
    ck_assert_ptr_null(mmu_fast(&mmu, 0x40235000, 8, ACC_LOAD));
}
END_TEST

START_TEST(tlb_bare_m_mode)
{
    uint64_t pa;
    ck_assert_int_eq(xlate(0x80002345, ACC_STORE, &pa), 0);
    ck_assert_ptr_eq(mmu_fast(&mmu, 0x80002340, 8, ACC_STORE), host(0x80002340));
    /* A locked entry that does not cover the whole page: no fill. */
    pmp_write_addr(&mmu, 0, 0x80003100 >> 2);
    pmp_write_cfg(&mmu, 0, P_L | P_NA4 | P_R);
    ck_assert_int_eq(xlate(0x80003000, ACC_LOAD, &pa), 0);
    ck_assert_ptr_null(mmu_fast(&mmu, 0x80003000, 8, ACC_LOAD));
    ck_assert_int_eq(xlate(0x80003100, ACC_STORE, &pa), EXC_STORE_ACCESS);
}
END_TEST

START_TEST(tlb_no_fill_for_io_code_mmio)
{
    uint64_t pa;
    paged_s(SATP_MODE_SV39);
    ck_assert(bus_add_mmio(&bus, 0x80020800, 8, NULL, NULL, NULL, "io"));
    ck_assert(bus_add_mmio(&bus, 0x10000000, 0x1000, NULL, NULL, NULL, "dev"));
    *bus_page_flags(&bus, 0x80021000) |= PAGEF_CODE;
    map(3, 0x1000, 0, pte(0x80020000, V | R | W | A | D));   /* IO overlay */
    map(3, 0x2000, 0, pte(0x80021000, V | R | W | X | A | D)); /* code */
    map(3, 0x3000, 0, pte(0x10000000, V | R | W | A | D));   /* device */
    map(3, 0x4000, 0, pte(0x80022000, V | R | W | A));       /* D clear */

    ck_assert_int_eq(xlate(0x1000, ACC_LOAD, &pa), 0);
    ck_assert_ptr_null(mmu_fast(&mmu, 0x1000, 8, ACC_LOAD));

    ck_assert_int_eq(xlate(0x2000, ACC_LOAD, &pa), 0);
    ck_assert_ptr_eq(mmu_fast(&mmu, 0x2000, 8, ACC_LOAD), host(0x80021000));
    ck_assert_int_eq(xlate(0x2000, ACC_FETCH, &pa), 0);
    ck_assert_ptr_eq(mmu_fast(&mmu, 0x2000, 4, ACC_FETCH), host(0x80021000));
    ck_assert_int_eq(xlate(0x2000, ACC_STORE, &pa), 0);
    ck_assert_uint_eq(pa, 0x80021000);
    ck_assert_ptr_null(mmu_fast(&mmu, 0x2000, 8, ACC_STORE));

    ck_assert_int_eq(xlate(0x3004, ACC_STORE, &pa), 0);
    ck_assert_uint_eq(pa, 0x10000004);
    ck_assert_ptr_null(mmu_fast(&mmu, 0x3004, 4, ACC_STORE));

    /* A load fills the load TLB only; a store walks, sets D, then fills. */
    ck_assert_int_eq(xlate(0x4000, ACC_LOAD, &pa), 0);
    ck_assert_ptr_null(mmu_fast(&mmu, 0x4000, 8, ACC_STORE));
    ck_assert_int_eq(xlate(0x4000, ACC_STORE, &pa), 0);
    ck_assert_ptr_eq(mmu_fast(&mmu, 0x4000, 8, ACC_STORE), host(0x80022000));
}
END_TEST

START_TEST(tlb_flushes)
{
    uint64_t pa;
    paged_s(SATP_MODE_SV39);
    map(3, 0x1000, 0, pte(0x80010000, V | R | W | X | A | D));
    map(3, 0x2000, 0, pte(0x80011000, V | R | W | X | A | D));
    for (uint64_t va = 0x1000; va <= 0x2000; va += 0x1000)
        for (int acc = ACC_FETCH; acc <= ACC_STORE; acc++)
            ck_assert_int_eq(xlate(va, (enum mmu_access)acc, &pa), 0);

    mmu_flush_va(&mmu, 0x1abc);
    for (int acc = ACC_FETCH; acc <= ACC_STORE; acc++) {
        ck_assert_ptr_null(mmu_fast(&mmu, 0x1000, 1, (enum mmu_access)acc));
        ck_assert_ptr_nonnull(mmu_fast(&mmu, 0x2000, 1, (enum mmu_access)acc));
    }
    /* Another page with the same index is not touched by the flush. */
    mmu_flush_va(&mmu, 0x102000);
    ck_assert_ptr_nonnull(mmu_fast(&mmu, 0x2000, 1, ACC_LOAD));

    /* The page became a code page: only its store entry goes. */
    mmu_flush_store_pa(&mmu, 0x80011000);
    ck_assert_ptr_null(mmu_fast(&mmu, 0x2000, 1, ACC_STORE));
    ck_assert_ptr_nonnull(mmu_fast(&mmu, 0x2000, 1, ACC_LOAD));

    /* Same context: nothing flushed; SUM change flushes data TLBs only. */
    mmu_set_context(&mmu, PRV_S, PRV_S, false, false);
    ck_assert_ptr_nonnull(mmu_fast(&mmu, 0x2000, 1, ACC_LOAD));
    mmu_set_context(&mmu, PRV_S, PRV_S, true, false);
    ck_assert_ptr_null(mmu_fast(&mmu, 0x2000, 1, ACC_LOAD));
    ck_assert_ptr_nonnull(mmu_fast(&mmu, 0x2000, 1, ACC_FETCH));
    mmu_set_context(&mmu, PRV_U, PRV_S, true, false);
    ck_assert_ptr_null(mmu_fast(&mmu, 0x2000, 1, ACC_FETCH));

    /* satp and PMP writes flush. */
    ck_assert_int_eq(xlate(0x2000, ACC_LOAD, &pa), 0);
    mmu_write_satp(&mmu, satp_of(SATP_MODE_SV39));
    ck_assert_ptr_null(mmu_fast(&mmu, 0x2000, 1, ACC_LOAD));
    ck_assert_int_eq(xlate(0x2000, ACC_LOAD, &pa), 0);
    pmp_write_addr(&mmu, 5, 0);
    ck_assert_ptr_null(mmu_fast(&mmu, 0x2000, 1, ACC_LOAD));
    ck_assert_int_eq(xlate(0x2000, ACC_LOAD, &pa), 0);
    pmp_write_cfg(&mmu, 2, 0);
    ck_assert_ptr_null(mmu_fast(&mmu, 0x2000, 1, ACC_LOAD));
}
END_TEST

/* Fills the TLB of acc for va (which must be mapped) and checks it hits. */
static void fill(uint64_t va, enum mmu_access acc)
{
    uint64_t pa;
    ck_assert_int_eq(xlate(va, acc, &pa), 0);
    ck_assert_ptr_nonnull(mmu_fast(&mmu, va, 1, acc));
}

static void assert_miss_all(uint64_t va)
{
    for (int acc = ACC_FETCH; acc <= ACC_STORE; acc++)
        ck_assert_ptr_null(mmu_fast(&mmu, va, 1, (enum mmu_access)acc));
}

/* Page i of a spread-out set: a stride of 7 pages puts the pages in many
 * TLB index ranges (chunks), not one run. */
static uint64_t spread_va(unsigned i)
{
    return (uint64_t)(7 * i + 1) << 12;
}

START_TEST(tlb_fresh_is_empty)
{
    /* Zeroed memory would read as a valid entry for page 0 (with addend 0,
     * so only a nonzero offset tells a hit from NULL). */
    const int privs[] = { PRV_U, PRV_S, PRV_M };
    for (unsigned i = 0; i < 3; i++) {
        mmu_set_context(&mmu, privs[i], privs[i], false, false);
        assert_miss_all(0x10);
    }
}
END_TEST

/* A flush after a few fills (well within the fill log) empties them, also
 * when a page replaced another with the same index, and the entries filled
 * after a flush are emptied by the next one. */
START_TEST(tlb_flush_after_few_fills)
{
    const uint64_t alias = 0x1000 + ((uint64_t)TLB_SIZE << 12);
    /* alias is filled first, then replaced by 0x1000 (same index). */
    const uint64_t vas[] = { alias, 0x1000, 0x2000, 0x3000, 0x9000 };
    const unsigned n = sizeof vas / sizeof vas[0];
    paged_s(SATP_MODE_SV39);
    for (unsigned i = 0; i < n; i++)
        map(3, vas[i], 0, pte(0x80010000 + 0x1000 * i, V | R | W | X | A | D));
    for (int round = 0; round < 2; round++) {
        for (unsigned i = 0; i < n; i++)
            for (int acc = ACC_FETCH; acc <= ACC_STORE; acc++)
                fill(vas[i], (enum mmu_access)acc);
        assert_miss_all(alias);
        if (round == 0)
            mmu_flush(&mmu);             /* sfence.vma x0 */
        else
            mmu_write_satp(&mmu, satp_of(SATP_MODE_SV39));
        for (unsigned i = 0; i < n; i++)
            assert_miss_all(vas[i]);
    }
    /* A SUM change empties the data tables of the bank and keeps fetch. */
    for (unsigned i = 0; i < n; i++)
        for (int acc = ACC_FETCH; acc <= ACC_STORE; acc++)
            fill(vas[i], (enum mmu_access)acc);
    mmu_set_context(&mmu, PRV_S, PRV_S, true, false);
    for (unsigned i = 0; i < n; i++) {
        ck_assert_ptr_null(mmu_fast(&mmu, vas[i], 1, ACC_LOAD));
        ck_assert_ptr_null(mmu_fast(&mmu, vas[i], 1, ACC_STORE));
        if (vas[i] != alias)
            ck_assert_ptr_nonnull(mmu_fast(&mmu, vas[i], 1, ACC_FETCH));
    }
}
END_TEST

/* More fills than the log holds: the flush must still empty every one,
 * and the next interval is tracked again. */
START_TEST(tlb_flush_after_log_overflow)
{
    const unsigned n = TLB_LOG_SIZE + 64;
    paged_s(SATP_MODE_SV39);
    for (unsigned i = 0; i < n; i++)
        map(3, spread_va(i), 0, pte(0x80400000 + 0x1000 * (i % 256),
                                    V | R | W | A | D));
    for (unsigned i = 0; i < n; i++)
        fill(spread_va(i), ACC_LOAD);
    mmu_flush(&mmu);
    for (unsigned i = 0; i < n; i++)
        ck_assert_ptr_null(mmu_fast(&mmu, spread_va(i), 1, ACC_LOAD));

    for (unsigned i = 0; i < 3; i++)
        fill(spread_va(i * 100), ACC_LOAD);
    mmu_flush(&mmu);
    for (unsigned i = 0; i < 3; i++)
        ck_assert_ptr_null(mmu_fast(&mmu, spread_va(i * 100), 1, ACC_LOAD));
}
END_TEST

/* mmu_flush_store_pa drops the store entries of exactly that physical
 * page, in every bank, with the log intact (_i = 0) or overflowed. */
static const unsigned store_pa_fills[] = { 8, TLB_LOG_SIZE + 64 };

START_TEST(tlb_flush_store_pa_exact)
{
    const unsigned n = store_pa_fills[_i];
    const uint64_t code_pa = 0x80401000, user_va = 0x7000000;
    paged_s(SATP_MODE_SV39);
    /* Every fourth page aliases code_pa. */
    for (unsigned i = 0; i < n; i++) {
        map(3, spread_va(i), 0, pte(0x80400000 + 0x1000 * (i % 4),
                                    V | R | W | A | D));
        fill(spread_va(i), ACC_STORE);
        fill(spread_va(i), ACC_LOAD);
    }
    /* A user page on the same physical page fills the U bank. */
    map(3, user_va, 0, pte(code_pa, V | R | W | U | A | D));
    mmu_set_context(&mmu, PRV_U, PRV_U, false, false);
    fill(user_va, ACC_STORE);
    mmu_set_context(&mmu, PRV_S, PRV_S, false, false);

    mmu_flush_store_pa(&mmu, code_pa + 0x123);
    for (unsigned i = 0; i < n; i++) {
        uint64_t va = spread_va(i);
        if (i % 4 == 1)
            ck_assert_ptr_null(mmu_fast(&mmu, va, 1, ACC_STORE));
        else
            ck_assert_ptr_nonnull(mmu_fast(&mmu, va, 1, ACC_STORE));
        ck_assert_ptr_nonnull(mmu_fast(&mmu, va, 1, ACC_LOAD));
    }
    mmu_set_context(&mmu, PRV_U, PRV_U, false, false);
    ck_assert_ptr_null(mmu_fast(&mmu, user_va, 1, ACC_STORE));
}
END_TEST

START_TEST(tlb_flush_va_superpage)
{
    uint64_t pa;
    paged_s(SATP_MODE_SV39);
    uint64_t leaf = map(3, 0x40200000, 1, pte(0x80200000, V | R | W | A | D));
    ck_assert_int_eq(xlate(0x40201000, ACC_LOAD, &pa), 0);
    ck_assert_int_eq(xlate(0x40202000, ACC_LOAD, &pa), 0);
    /* The guest remaps the superpage and fences one address inside it:
     * every 4 KiB piece of the old mapping must go. */
    wr64(leaf, pte(0x80400000, V | R | W | A | D));
    mmu_flush_va(&mmu, 0x40200000);
    ck_assert_ptr_null(mmu_fast(&mmu, 0x40201000, 1, ACC_LOAD));
    ck_assert_ptr_null(mmu_fast(&mmu, 0x40202000, 1, ACC_LOAD));
    ck_assert_int_eq(xlate(0x40202000, ACC_LOAD, &pa), 0);
    ck_assert_uint_eq(pa, 0x80402000);
}
END_TEST

START_TEST(satp_warl)
{
    mmu_write_satp(&mmu, satp_of(SATP_MODE_SV48));
    ck_assert_uint_eq(mmu.satp, 0x9000000000080001ull);
    /* Reserved / unsupported modes leave satp alone. */
    mmu_write_satp(&mmu, 0x1000000000000123ull);
    ck_assert_uint_eq(mmu.satp, 0x9000000000080001ull);
    mmu_write_satp(&mmu, 0xf000000000000123ull);
    ck_assert_uint_eq(mmu.satp, 0x9000000000080001ull);
    /* 16 ASID bits and 44 PPN bits are writable. */
    mmu_write_satp(&mmu, 0x8fffffffffffffffull);
    ck_assert_uint_eq(mmu.satp, 0x8fffffffffffffffull);
    mmu_write_satp(&mmu, 0);
    ck_assert_uint_eq(mmu.satp, 0);
    /* A mode the hart does not offer is also ignored. */
    mmu.satp_modes &= ~(1u << SATP_MODE_SV57);
    mmu_write_satp(&mmu, 0xa000000000000001ull);
    ck_assert_uint_eq(mmu.satp, 0);
}
END_TEST

static Suite *mmu_suite(void)
{
    Suite *s = suite_create("mmu");
    TCase *walk = tcase_create("walk");
    tcase_add_checked_fixture(walk, setup, teardown);
    tcase_add_test(walk, bare_m_mode_and_satp_bare);
    tcase_add_loop_test(walk, translate_every_level, 0,
                        (int)(sizeof(level_cases) / sizeof(level_cases[0])));
    tcase_add_test(walk, misaligned_superpage_faults);
    tcase_add_test(walk, non_canonical_faults);
    tcase_add_test(walk, user_supervisor_sum);
    tcase_add_test(walk, rwx_and_mxr);
    tcase_add_test(walk, accessed_dirty_updates);
    tcase_add_test(walk, invalid_ptes);
    tcase_add_test(walk, pte_access_faults);
    tcase_add_test(walk, pte_reads_are_checked_as_s_mode);
    suite_add_tcase(s, walk);

    TCase *pmp = tcase_create("pmp");
    tcase_add_checked_fixture(pmp, setup, teardown);
    tcase_add_test(pmp, pmp_all_off);
    tcase_add_test(pmp, pmp_riscv_tests_init);
    tcase_add_test(pmp, pmp_tor);
    tcase_add_test(pmp, pmp_na4_and_napot);
    tcase_add_test(pmp, pmp_priority_lowest_entry_wins);
    tcase_add_test(pmp, pmp_locked_entries);
    tcase_add_test(pmp, pmp_cfg_warl);
    tcase_add_test(pmp, translate_size_checks_every_byte);
    suite_add_tcase(s, pmp);

    TCase *tlb = tcase_create("tlb");
    tcase_add_checked_fixture(tlb, setup, teardown);
    tcase_add_test(tlb, tlb_fill_and_fast_hit);
    tcase_add_test(tlb, tlb_bare_m_mode);
    tcase_add_test(tlb, tlb_no_fill_for_io_code_mmio);
    tcase_add_test(tlb, tlb_flushes);
    tcase_add_test(tlb, tlb_flush_va_superpage);
    tcase_add_test(tlb, tlb_fresh_is_empty);
    tcase_add_test(tlb, tlb_flush_after_few_fills);
    tcase_add_test(tlb, tlb_flush_after_log_overflow);
    tcase_add_loop_test(tlb, tlb_flush_store_pa_exact, 0,
                        (int)(sizeof store_pa_fills / sizeof store_pa_fills[0]));
    tcase_add_test(tlb, satp_warl);
    suite_add_tcase(s, tlb);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(mmu_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
