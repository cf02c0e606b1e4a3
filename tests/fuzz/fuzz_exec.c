/* Fuzz target: the decoder and the three engines.  The input is a seed
 * (first 8 bytes: the register file and data page) and up to 1 KiB of
 * instruction parcels, 32- and 16-bit alike.  The parcels run from the same
 * state under the reference interpreter, the block engine and the JIT
 * (where the host has one), in lockstep by blocks; any difference in
 * registers, CSRs, privilege, pc (traps included) or RAM aborts, as does
 * any sanitizer finding.  Traps go to a handler that skips the trapping
 * instruction, so one input explores past its first fault.  The handler
 * and the sequence around it are this file's: the expected behaviour is
 * the interpreter's, which the ISA tests and the differential tests
 * against QEMU check. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/insns.h"
#include "devices/board.h"
#include "devices/clint.h"
#include "tests/common/hart_compare.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (1ull << 20)
#define HANDLER (RAM_BASE + 0x100)
#define CODE (RAM_BASE + 0x1000)
#define CODE_MAX 1024
#define DATA (RAM_BASE + 0x4000)
#define BUDGET 4000

/* Each engine has its own reference machine, so both of a pair have the
 * same history (counters such as mcycle survive machine_reset). */
enum { NPAIRS = 2 };
static const enum engine engines[NPAIRS] = { ENGINE_BLOCK, ENGINE_JIT };
static struct machine *machines[NPAIRS], *refs[NPAIRS];

/* The trap handler: mepc += the trapping instruction's length (2 if its
 * low bits are not 11), then mret.  Hand-assembled (RV64I, t5/t6 are
 * scratch: the fuzzed code may clobber them, which only changes where it
 * goes next, identically in every engine):
 *   csrr t6, mepc; lhu t5, 0(t6); andi t5, t5, 3; addi t5, t5, -3;
 *   addi t6, t6, 2; bnez t5, 1f; addi t6, t6, 2; 1: csrw mepc, t6; mret
 * A fetch fault's mepc points nowhere readable: lhu then faults again
 * with mepc = the handler's own lhu, which skips it and returns to the
 * bad address: a loop that the budget ends (the same in every engine). */
static const uint32_t handler[] = {
    0x34102ff3, 0x000fdf03, 0x003f7f13, 0xffdf0f13,
    0x002f8f93, 0x000f1463, 0x002f8f93, 0x341f9073, 0x30200073,
};

static uint64_t rng;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Operands biased to the edges and to addresses inside RAM, so loads and
 * stores sometimes hit, sometimes fault. */
static uint64_t operand(void)
{
    static const uint64_t edge[] = {
        0, 1, ~0ull, 0x8000000000000000ull, 0x7fffffffffffffffull, 0x80000000ull,
        0xffffffff80000000ull, 0xffffffffull, 63, 64, DATA, DATA + 0x7ff, RAM_BASE + RAM_SIZE - 4,
    };
    uint64_t r = next();
    switch (r & 3) {
    case 0: return edge[(r >> 2) % (sizeof edge / sizeof *edge)];
    case 1: return DATA + ((r >> 2) & 0x3fff);
    default: return next();
    }
}

static struct machine *make(enum engine e)
{
    struct machine_config c;
    memset(&c, 0, sizeof c);
    c.ram_size = RAM_SIZE;
    c.misa = MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | MISA_EXT('F') |
             MISA_EXT('D') | MISA_EXT('C');
    c.zext = EXT_BIT(EXT_COUNT) - 1;    /* every extension row */
    c.nharts = 1;
    c.engine = e;
    c.virtual_time = true;
    c.console = fopen("/dev/null", "w");
    char err[256];
    struct machine *m = machine_new(&c, err, sizeof err);
    if (!m) {
        fprintf(stderr, "fuzz_exec: %s\n", err);
        abort();
    }
    return m;
}

static void load(struct machine *m, const uint8_t *code, size_t len, uint64_t seed)
{
    struct hart *h = &m->harts[0];
    machine_reset(m);
    uint8_t *ram = bus_ram_ptr(&m->bus, RAM_BASE, RAM_SIZE);
    for (size_t k = 0; k < sizeof handler / sizeof *handler; k++)
        le_store(ram + (HANDLER - RAM_BASE) + 4 * k, 4, handler[k]);
    memcpy(ram + (CODE - RAM_BASE), code, len);
    rng = seed | 1;
    for (uint64_t a = DATA; a < DATA + 0x4000; a += 8)
        le_store(ram + (a - RAM_BASE), 8, next());
    for (int r = 1; r < 32; r++)
        h->x[r] = operand();
    for (int r = 0; r < 32; r++)
        h->f[r] = (next() & 1) ? (next() | 0xffffffff00000000ull) : next();
    hart_csr_write(h, 0x305, HANDLER);                  /* mtvec */
    hart_csr_write(h, 0x300, 1ull << 13);               /* mstatus.FS = initial */
    h->pc = CODE;       /* machine_reset dropped the translations */
}

static void fail(const char *what, int e, uint64_t insns)
{
    fprintf(stderr, "fuzz_exec: engine %d differs from the interpreter after %llu "
            "instructions: %s\n", (int)engines[e], (unsigned long long)insns, what);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 10)
        return 0;
    if (!machines[0])
        for (int e = 0; e < NPAIRS; e++) {
            machines[e] = make(engines[e]);
            refs[e] = make(ENGINE_INTERP);
        }
    uint64_t seed = 0;
    for (int k = 0; k < 8; k++)
        seed |= (uint64_t)data[k] << (8 * k);
    size_t len = size - 8 > CODE_MAX ? CODE_MAX : size - 8;
    /* lockstep: a block on the engine, then as many instructions on the
     * interpreter, then compare */
    char diff[160];
    for (int e = 0; e < NPAIRS; e++) {
        struct hart *h = &machines[e]->harts[0], *ref = &refs[e]->harts[0];
        uint64_t total = 0, blocks = 0;
        load(machines[e], data + 8, len, seed);
        load(refs[e], data + 8, len, seed);
        while (total < BUDGET) {
            uint64_t n = 0, n2 = 0, k;
            /* Interrupts are asynchronous: the interpreter takes one at the
             * next instruction, a block engine at the end of its block,
             * both correct.  A store to the CLINT can make one pending in
             * mid-block, so no interrupt is enabled while a block runs (a
             * CSR write that enables one ends the block first). */
            hart_csr_write(h, 0x304, 0);
            hart_csr_write(ref, 0x304, 0);
            enum run_status st = hart_run(h, 1, &n);
            if (n == 0 && st == RUN_WFI)
                break;                  /* wfi with nothing pending: done */
            while (n2 < n) {
                hart_run(ref, n - n2, &k);
                if (k == 0)
                    break;
                n2 += k;
            }
            if (n2 != n)
                fail("instruction counts", e, total);
            total += n;
            /* registers after every block, the CSR file every 32 */
            const char *d = hart_compare_some(h, ref, ++blocks % 32 == 0, diff, sizeof diff);
            if (d)
                fail(d, e, total);
        }
        const char *d = hart_compare(h, ref, diff, sizeof diff);
        if (d)
            fail(d, e, total);
        if (getenv("FUZZ_EXEC_TRACE"))    /* how far an input got, for tuning */
            fprintf(stderr, "engine %d: %llu instructions, %llu blocks, pc %llx, "
                    "last trap cause %llu at %llx\n", (int)engines[e],
                    (unsigned long long)total, (unsigned long long)blocks,
                    (unsigned long long)h->pc, (unsigned long long)h->mcause,
                    (unsigned long long)h->mepc);
    }
    return 0;
}
