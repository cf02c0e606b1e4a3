/* Bare-metal harness of the bench workloads (RV64GC, M-mode entry, HTIF).
 * Runs the workload, prints "NAME: checksum XXXXXXXXXXXXXXXX ok" on the HTIF
 * console and exits 0 when the checksum equals BENCH_EXPECT (the host
 * build's value), 1 when it differs.  With BENCH_PAGED the workload runs in
 * S-mode under Sv39 and its arena is mapped with 4 KiB pages, so every
 * access to it goes through the emulator's TLB. */
#include <stdint.h>

#include "bench.h"

#ifndef BENCH_EXPECT
#error "build with -DBENCH_EXPECT=0x... (the host build's checksum)"
#endif

/* QEMU's spike machine and rvx find these two by their ELF symbols. */
volatile uint64_t tohost __attribute__((section(".tohost"), aligned(64)));
volatile uint64_t fromhost __attribute__((section(".tohost"), aligned(64)));

extern char _end[];

/* A command: device << 56 | cmd << 48 | payload.  The host takes it by
 * zeroing tohost and answers (putchar) through fromhost. */
static void htif_cmd(uint64_t dev, uint64_t cmd, uint64_t payload)
{
    while (tohost)
        ;
    tohost = dev << 56 | cmd << 48 | payload;
}

static void __attribute__((noreturn)) htif_exit(unsigned code)
{
    htif_cmd(0, 0, (uint64_t)code << 1 | 1);
    for (;;)
        ;
}

static void htif_putchar(char c)
{
    htif_cmd(1, 1, (uint8_t)c);
    while (!fromhost)
        ;
    fromhost = 0;
}

static void put_str(const char *s)
{
    while (*s)
        htif_putchar(*s++);
}

static void put_hex(uint64_t v)
{
    for (int i = 60; i >= 0; i -= 4)
        htif_putchar("0123456789abcdef"[(v >> i) & 15]);
}

void bench_print(const char *s)
{
    put_str(s);
    htif_putchar('\n');
}

#include "freestanding_mem.h"

void harness_trap(uint64_t cause, uint64_t epc, uint64_t tval)
{
    put_str("bench: unexpected trap, mcause ");
    put_hex(cause);
    put_str(" mepc ");
    put_hex(epc);
    put_str(" mtval ");
    put_hex(tval);
    htif_putchar('\n');
    htif_exit(3);
}

#ifdef BENCH_PAGED
/* Sv39 (priv spec 4.4): three levels of 512 PTEs.  The image (and all RAM
 * from 0x80000000) is one identity-mapped 1 GiB superpage; the arena lives
 * at ARENA_VA, a separate 1 GiB slot, mapped page by page onto the free RAM
 * after the image. */
#define PTE_V (1u << 0)
#define PTE_R (1u << 1)
#define PTE_W (1u << 2)
#define PTE_X (1u << 3)
#define PTE_A (1u << 6)
#define PTE_D (1u << 7)
#define ARENA_VA 0x100000000ull
#define ARENA_MAX (64u << 20)
#define PAGE 4096u

static uint64_t pt_root[512] __attribute__((aligned(PAGE)));
static uint64_t pt_mid[512] __attribute__((aligned(PAGE)));
static uint64_t pt_leaf[ARENA_MAX / PAGE] __attribute__((aligned(PAGE)));

static uint64_t pte_table(const void *next) { return ((uint64_t)(uintptr_t)next >> 12) << 10 | PTE_V; }

/* A and D preset: hardware may either set them or fault (4.3.1), and the
 * workload must not depend on which. */
static uint64_t pte_leaf(uint64_t pa) { return (pa >> 12) << 10 | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D; }

static void map_vm(void)
{
    pt_root[0x80000000ull >> 30] = pte_leaf(0x80000000ull) | PTE_X;
    pt_root[ARENA_VA >> 30] = pte_table(pt_mid);
    for (unsigned i = 0; i < ARENA_MAX / PAGE; i += 512)
        pt_mid[i / 512] = pte_table(&pt_leaf[i]);
    for (unsigned i = 0; i < ARENA_MAX / PAGE; i++)
        pt_leaf[i] = pte_leaf((uint64_t)(uintptr_t)_end + (uint64_t)i * PAGE);
}

/* Drops from M-mode to S-mode with Sv39 on, continuing at the caller's
 * return address on the same stack.  PMP entry 0 opens all of memory to
 * S-mode: with PMP implemented and no entry matching, S-mode accesses fail
 * (priv spec 3.7.1). */
static void enter_smode(void)
{
    map_vm();
    __asm__ volatile(
        "li t0, -1\n\t"
        "csrw pmpaddr0, t0\n\t"
        "li t0, 0x1f\n\t"               /* NAPOT, R W X */
        "csrw pmpcfg0, t0\n\t"
        "csrw satp, %0\n\t"
        "sfence.vma\n\t"
        "li t0, 0x1800\n\t"             /* MPP := S (01) */
        "csrc mstatus, t0\n\t"
        "li t0, 0x0800\n\t"
        "csrs mstatus, t0\n\t"
        "la t0, 1f\n\t"
        "csrw mepc, t0\n\t"
        "mret\n"
        "1:"
        :
        : "r"(8ull << 60 | (uint64_t)(uintptr_t)pt_root >> 12)
        : "t0", "memory");
}

void *bench_arena(size_t len)
{
    if (len > ARENA_MAX) {
        bench_print("bench: arena too large");
        htif_exit(2);
    }
    return (void *)(uintptr_t)ARENA_VA;
}
#else
void *bench_arena(size_t len)
{
    (void)len;
    return _end;
}
#endif

void __attribute__((noreturn)) harness_main(void)
{
#ifdef BENCH_PAGED
    enter_smode();
#endif
    uint64_t sum = bench_run();
    put_str(bench_name);
    put_str(": checksum ");
    put_hex(sum);
    if (sum == (uint64_t)BENCH_EXPECT) {
        put_str(" ok\n");
        htif_exit(0);
    }
    put_str(" WRONG, expected ");
    put_hex((uint64_t)BENCH_EXPECT);
    htif_putchar('\n');
    htif_exit(1);
}
