/* The hart end to end through the block engine and the JIT (each test runs
 * under both): the block cache's invalidation rules (DESIGN.md) -- device
 * DMA over cached code, a virtual page remapped to other code (blocks are
 * keyed by physical address, so sfence.vma only has to flush TLBs), a CPU
 * store over a cached block and into the running block -- precise traps in
 * the middle of a block, the counter CSRs, and how long a loop tail may be. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "cpu/block.h"
#include "cpu/internal.h"
#include "devices/board.h"

#define RAM 0x80000000ull

/* The engine under test (loop index). */
static const enum engine engines[] = { ENGINE_BLOCK, ENGINE_JIT };
static enum engine engine_under_test = ENGINE_BLOCK;

static struct machine *make(void)
{
    struct machine_config c;
    memset(&c, 0, sizeof c);
    c.ram_size = 16ull << 20;
    c.misa = MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | MISA_EXT('C');
    c.nharts = 1;
    c.engine = engine_under_test;
    c.virtual_time = true;
    char err[128];
    struct machine *m = machine_new(&c, err, sizeof err);
    ck_assert_msg(m != NULL, "%s", err);
    return m;
}

static void put32(struct machine *m, uint64_t pa, uint32_t w)
{
    ck_assert(bus_store(&m->bus, pa, 4, w));
}

/* addi a0, zero, imm */
static uint32_t li_a0(int imm) { return ((uint32_t)imm << 20) | (10 << 7) | 0x13; }
#define ECALL 0x00000073u
#define SPIN 0x0000006fu      /* j . */

/* Runs from pc until the ecall traps into the M-mode spin loop at mtvec. */
static void run_to_ecall(struct machine *m, uint64_t pc, int priv)
{
    struct hart *h = &m->harts[0];
    h->pc = pc;
    h->priv = priv;
    hart_update_mmu_context(h);
    uint64_t n;
    hart_run(h, 200, &n);
    ck_assert_msg(h->mcause == EXC_ECALL_U + (uint64_t)priv,
                  "mcause %llx", (unsigned long long)h->mcause);
}

static void setup_trap(struct machine *m)
{
    put32(m, RAM + 0x100, SPIN);
    ck_assert(hart_csr_write(&m->harts[0], 0x305, RAM + 0x100));    /* mtvec */
}

/* bne x30, x0, off (B-type) */
static uint32_t bnez_t5(int32_t off)
{
    uint32_t o = (uint32_t)off;
    return (o >> 12 & 1) << 31 | (o >> 5 & 0x3f) << 25 | 30u << 15 | 1u << 12 |
           (o >> 1 & 0xf) << 8 | (o >> 11 & 1) << 7 | 0x63;
}

/* A loop of 63 instructions at 0x4000 (the back edge last) whose inner
 * branch at index k jumps past it to a tail of len instructions (nops,
 * then the branch back): block.c records the tail only while the
 * iteration through it, k + 1 + len instructions, is at most a block's
 * length (block.h), which exact budgets count on. */
static unsigned tails_of(struct machine *m, unsigned k, unsigned len)
{
    const uint64_t at = RAM + 0x4000;
    for (unsigned i = 0; i < 62; i++)
        put32(m, at + 4 * i, i == k ? bnez_t5((int32_t)(4 * (64 - k))) : 0x13);
    put32(m, at + 4 * 62, bnez_t5(-4 * 62));
    put32(m, at + 4 * 63, ECALL);
    for (unsigned i = 0; i + 1 < len; i++)
        put32(m, at + 4 * (64 + i), 0x13);
    put32(m, at + 4 * (63 + len), bnez_t5(-4 * (int32_t)(63 + len)));
    struct block *b = block_get(&m->harts[0], at, at);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(b->n, 63);
    return b->ntails;
}

START_TEST(loop_tail_length)
{
    engine_under_test = engines[_i];
    struct machine *m = make();
    ck_assert_uint_eq(tails_of(m, 0, 4), 1);
    ck_assert_uint_eq(tails_of(m, 61, 2), 1);      /* 62 + 2 = 64 */
    ck_assert_uint_eq(tails_of(m, 61, 3), 0);      /* 65: too long */
    ck_assert_uint_eq(tails_of(m, 60, 4), 0);
    ck_assert_uint_eq(tails_of(m, 58, 4), 1);
    machine_free(m);
}
END_TEST

START_TEST(dma_over_cached_code)
{
    engine_under_test = engines[_i];
    struct machine *m = make();
    setup_trap(m);
    put32(m, RAM + 0x1000, li_a0(1));
    put32(m, RAM + 0x1004, ECALL);
    for (int i = 0; i < 3; i++)         /* several runs: the block is cached */
        run_to_ecall(m, RAM + 0x1000, PRV_M);
    ck_assert_uint_eq(m->harts[0].x[10], 1);
    uint8_t code[4];
    le_store(code, 4, li_a0(2));
    ck_assert(bus_dma_write(&m->bus, RAM + 0x1000, code, 4));  /* a device writes */
    run_to_ecall(m, RAM + 0x1000, PRV_M);
    ck_assert_uint_eq(m->harts[0].x[10], 2);
    machine_free(m);
}
END_TEST

START_TEST(cpu_store_over_cached_code)
{
    engine_under_test = engines[_i];
    struct machine *m = make();
    setup_trap(m);
    put32(m, RAM + 0x2000, li_a0(5));
    put32(m, RAM + 0x2004, ECALL);
    run_to_ecall(m, RAM + 0x2000, PRV_M);
    run_to_ecall(m, RAM + 0x2000, PRV_M);
    ck_assert_uint_eq(m->harts[0].x[10], 5);
    /* the store comes from guest code: sw t1, 0(t0) then ecall */
    struct hart *h = &m->harts[0];
    put32(m, RAM + 0x3000, 0x0062a023);     /* sw t1, 0(t0) */
    put32(m, RAM + 0x3004, ECALL);
    h->x[5] = RAM + 0x2000;
    h->x[6] = li_a0(6);
    run_to_ecall(m, RAM + 0x3000, PRV_M);
    run_to_ecall(m, RAM + 0x2000, PRV_M);
    ck_assert_uint_eq(h->x[10], 6);
    machine_free(m);
}
END_TEST

/* Sv39: VA 0x40000000 -> a 4 KiB page of code; RAM identity-mapped by a
 * gigapage so the page tables themselves need no mapping. */
#define ROOT (RAM + 0x10000)
#define L1 (RAM + 0x11000)
#define L0 (RAM + 0x12000)
#define CODE_A (RAM + 0x20000)
#define CODE_B (RAM + 0x21000)
#define VA 0x40000000ull
#define PTE_V 1
#define PTE_R 2
#define PTE_W 4
#define PTE_X 8
#define PTE_A 0x40
#define PTE_D 0x80

static uint64_t pte(uint64_t pa, unsigned flags) { return (pa >> 12) << 10 | flags; }

static void map_va(struct machine *m, uint64_t target)
{
    ck_assert(bus_store(&m->bus, L0 + 8 * ((VA >> 12) & 511), 8,
                        pte(target, PTE_V | PTE_R | PTE_X | PTE_A | PTE_D)));
}

START_TEST(remapped_code_page)
{
    engine_under_test = engines[_i];
    struct machine *m = make();
    struct hart *h = &m->harts[0];
    setup_trap(m);
    /* root[2] = gigapage identity for 0x80000000; root[1] -> L1 -> L0 */
    ck_assert(bus_store(&m->bus, ROOT + 8 * 2, 8,
                        pte(RAM, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)));
    ck_assert(bus_store(&m->bus, ROOT + 8 * 1, 8, pte(L1, PTE_V)));
    ck_assert(bus_store(&m->bus, L1 + 8 * 0, 8, pte(L0, PTE_V)));
    put32(m, CODE_A, li_a0(10));
    put32(m, CODE_A + 4, ECALL);
    put32(m, CODE_B, li_a0(20));
    put32(m, CODE_B + 4, ECALL);
    /* PMP: all of memory for S-mode (NAPOT, RWX) */
    ck_assert(hart_csr_write(h, 0x3b0, ~0ull >> 10));
    ck_assert(hart_csr_write(h, 0x3a0, 0x1f));
    ck_assert(hart_csr_write(h, 0x180, (8ull << 60) | (ROOT >> 12)));   /* satp Sv39 */

    map_va(m, CODE_A);
    run_to_ecall(m, VA, PRV_S);
    run_to_ecall(m, VA, PRV_S);
    ck_assert_uint_eq(h->x[10], 10);
    ck_assert_uint_eq(h->mepc, VA + 4);

    /* the same virtual page now maps other code; sfence.vma flushes TLBs */
    map_va(m, CODE_B);
    mmu_flush(&h->mmu);
    run_to_ecall(m, VA, PRV_S);
    ck_assert_uint_eq(h->x[10], 20);

    /* and back: the first page's blocks are still cached and still right */
    map_va(m, CODE_A);
    mmu_flush(&h->mmu);
    run_to_ecall(m, VA, PRV_S);
    ck_assert_uint_eq(h->x[10], 10);
    machine_free(m);
}
END_TEST

/* minstret and mcountinhibit as the reference simulator counts them: a
 * write wins over the writing instruction's own increment, and an
 * instruction is counted if the counter runs when it retires. */
START_TEST(counter_csrs)
{
    engine_under_test = engines[_i];
    struct machine *m = make();
    struct hart *h = &m->harts[0];
    setup_trap(m);
    static const uint32_t prog[] = {
        0x06400293,     /* li    t0, 100 */
        0xb0229073,     /* csrw  minstret, t0 */
        0xb0202573,     /* csrr  a0, minstret      -> 100 */
        0x32025073,     /* csrwi mcountinhibit, 4   (stops instret) */
        0xb02025f3,     /* csrr  a1, minstret */
        0x00000013,     /* nop */
        0x00000013,     /* nop */
        0xb0202673,     /* csrr  a2, minstret      -> frozen: a1 */
        0x32005073,     /* csrwi mcountinhibit, 0   (counted: runs again) */
        0x00000013,     /* nop */
        0xb02026f3,     /* csrr  a3, minstret      -> a2 + 2 */
        ECALL,
    };
    for (unsigned i = 0; i < sizeof prog / sizeof prog[0]; i++)
        put32(m, RAM + 0x4000 + 4 * i, prog[i]);
    run_to_ecall(m, RAM + 0x4000, PRV_M);
    ck_assert_uint_eq(h->x[10], 100);
    ck_assert_uint_eq(h->x[11], 101);
    ck_assert_uint_eq(h->x[12], 101);
    ck_assert_uint_eq(h->x[13], 103);
    machine_free(m);
}
END_TEST

/* A store into the block that is running, to an instruction it has not
 * reached yet: the store drops the block first, so the new instruction is
 * the one that runs (stores to code are visible at once here, which the
 * spec allows even without fence.i). */
START_TEST(store_into_running_block)
{
    engine_under_test = engines[_i];
    struct machine *m = make();
    struct hart *h = &m->harts[0];
    setup_trap(m);
    put32(m, RAM + 0x5000, 0x0062a423);     /* sw t1, 8(t0) */
    put32(m, RAM + 0x5004, 0x00000013);     /* nop */
    put32(m, RAM + 0x5008, li_a0(7));       /* overwritten by li a0, 8 */
    put32(m, RAM + 0x500c, ECALL);
    h->x[5] = RAM + 0x5000;
    h->x[6] = li_a0(7);                     /* first pass stores the same */
    run_to_ecall(m, RAM + 0x5000, PRV_M);
    ck_assert_uint_eq(h->x[10], 7);
    h->x[6] = li_a0(8);
    run_to_ecall(m, RAM + 0x5000, PRV_M);
    ck_assert_uint_eq(h->x[10], 8);
    machine_free(m);
}
END_TEST

/* A load that faults in the middle of a block: the trap reports its exact
 * PC, the instructions before it have taken effect (including a register
 * both read and written by them, which the JIT keeps in a host register)
 * and those after it have not; minstret counts exactly those before. */
START_TEST(fault_mid_block)
{
    engine_under_test = engines[_i];
    struct machine *m = make();
    struct hart *h = &m->harts[0];
    /* a handler that counts in a1 if it runs (the budget below is exactly
     * the instructions up to the trap, so it must not) */
    put32(m, RAM + 0x7000, 0x00158593);     /* addi  a1, a1, 1 */
    put32(m, RAM + 0x7004, 0xffdff06f);     /* j     .-4 */
    ck_assert(hart_csr_write(h, 0x305, RAM + 0x7000));
    static const uint32_t prog[] = {
        0xb0201073,     /* csrw  minstret, zero */
        0x00150513,     /* addi  a0, a0, 1 */
        0x00a50533,     /* add   a0, a0, a0 */
        0x0002b603,     /* ld    a2, 0(t0)   -> access fault */
        0x06300513,     /* li    a0, 99 */
        ECALL,
    };
    for (unsigned i = 0; i < sizeof prog / sizeof prog[0]; i++)
        put32(m, RAM + 0x6000 + 4 * i, prog[i]);
    for (int pass = 0; pass < 2; pass++) {  /* the second runs the cached block */
        h->x[10] = 20;
        h->x[5] = 0x1000;                   /* nothing there */
        h->x[11] = 0;
        h->pc = RAM + 0x6000;
        uint64_t n;
        hart_run(h, 4, &n);    /* csrw, addi, add and the trap */
        ck_assert_uint_eq(n, 4);
        ck_assert_uint_eq(h->x[11], 0);
        ck_assert_uint_eq(h->pc, RAM + 0x7000);
        ck_assert_uint_eq(h->mcause, 5);                /* load access fault */
        ck_assert_uint_eq(h->mepc, RAM + 0x600c);
        ck_assert_uint_eq(h->mtval, 0x1000);
        ck_assert_uint_eq(h->x[10], 42);
        uint64_t instret = 0;
        ck_assert(hart_csr_read(h, 0xb02, &instret));
        ck_assert_uint_eq(instret, 2);      /* the addi and the add */
    }
    machine_free(m);
}
END_TEST

/* FP values the JIT keeps in host registers must survive an FP operation
 * that leaves the fast path for the handler (an underflowing multiply)
 * in the middle of the block. */
START_TEST(fp_slow_path_mid_block)
{
    engine_under_test = engines[_i];
    struct machine *m = make();
    struct hart *h = &m->harts[0];
    setup_trap(m);
    const uint64_t data = RAM + 0x9000;
    ck_assert(bus_store(&m->bus, data, 8, 0x3ff8000000000000ull));       /* 1.5 */
    ck_assert(bus_store(&m->bus, data + 8, 8, 0x0170000000000000ull));   /* 2^-1000 */
    static const uint32_t prog[] = {
        0x00053087,     /* fld    f1, 0(a0) */
        0x00853107,     /* fld    f2, 8(a0) */
        0x122171d3,     /* fmul.d f3, f2, f2   -> underflow: the handler */
        0x0210f253,     /* fadd.d f4, f1, f1   -> 3.0 from the cached f1 */
        0x00453827,     /* fsd    f4, 16(a0) */
        0x00353c27,     /* fsd    f3, 24(a0) */
        ECALL,
    };
    for (unsigned i = 0; i < sizeof prog / sizeof prog[0]; i++)
        put32(m, RAM + 0x8000 + 4 * i, prog[i]);
    m->harts[0].misa |= MISA_EXT('F') | MISA_EXT('D');
    for (int pass = 0; pass < 2; pass++) {
        ck_assert(hart_csr_write(h, 0x300, 1ull << 13));    /* mstatus.FS = Initial */
        ck_assert(hart_csr_write(h, 0x001, 1));             /* fflags = NX */
        h->x[10] = data;
        run_to_ecall(m, RAM + 0x8000, PRV_M);
        uint64_t f4 = 0, f3 = 1, fflags = 0;
        ck_assert(bus_load(&m->bus, data + 16, 8, &f4));
        ck_assert(bus_load(&m->bus, data + 24, 8, &f3));
        ck_assert(hart_csr_read(h, 0x001, &fflags));
        ck_assert_uint_eq(f4, 0x4008000000000000ull);       /* 3.0 */
        ck_assert_uint_eq(f3, 0);                           /* 2^-2000 rounds to +0 */
        ck_assert_uint_eq(fflags, 3);                       /* UF | NX */
    }
    machine_free(m);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("core");
    TCase *tc = tcase_create("invalidation");
    tcase_add_loop_test(tc, dma_over_cached_code, 0, 2);
    tcase_add_loop_test(tc, cpu_store_over_cached_code, 0, 2);
    tcase_add_loop_test(tc, store_into_running_block, 0, 2);
    tcase_add_loop_test(tc, fault_mid_block, 0, 2);
    tcase_add_loop_test(tc, fp_slow_path_mid_block, 0, 2);
    tcase_add_loop_test(tc, remapped_code_page, 0, 2);
    tcase_add_loop_test(tc, counter_csrs, 0, 2);
    tcase_add_loop_test(tc, loop_tail_length, 0, 2);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
