/* /init of bench/run's "in-guest integer work" Linux boot: the integer bench
 * workloads (bench/guest/workloads/NAME.c, the same sources the bare-metal runs
 * use) as one static user program run by the kernel as pid 1, with each
 * workload between two console markers, so bench/run can read the emulator's
 * host CPU time at each and charge the difference to the workload:
 *
 *     BENCH-START NAME
 *     NAME: checksum XXXXXXXXXXXXXXXX ok
 *     BENCH-END NAME
 *
 * A wrong checksum prints WRONG and stops before BENCH-END (bench/run then
 * reports the run failed); the machine is powered off at the end either way.
 *
 * Unlike the bare-metal runs, the work runs in U-mode under the kernel's
 * page tables, with timer interrupts and demand-paged arenas (every
 * first touch of a page is a page fault the kernel serves), as a program in
 * a booted system does.
 *
 * Built by bench/run with riscv64-unknown-elf-gcc, freestanding (no libc:
 * the RISC-V Linux system call ABI directly, generic numbers from
 * include/uapi/asm-generic/unistd.h), each workload compiled with
 * -Dbench_run=bench_run_NAME -Dbench_name=bench_name_NAME and this file with
 * -D'BENCH_LIST(X)=X(hash) X(sort) ...' and -DBENCH_EXPECT_NAME=0x... (the
 * host build's checksum). */
#include <stdint.h>

#include "bench.h"

#define SYS_write 64
#define SYS_exit 93
#define SYS_reboot 142
#define SYS_mmap 222

#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_PRIVATE 0x02
#define MAP_ANONYMOUS 0x20

/* reboot(2): both magic numbers must match or the call fails with EINVAL. */
#define LINUX_REBOOT_MAGIC1 0xfee1deadL
#define LINUX_REBOOT_MAGIC2 672274793L
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedcL

#ifndef BENCH_LIST
#error "build with -D'BENCH_LIST(X)=X(hash) X(sort) ...'"
#endif

static long syscall6(long n, long a, long b, long c, long d, long e, long f)
{
    register long a7 __asm__("a7") = n;
    register long a0 __asm__("a0") = a;
    register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    register long a3 __asm__("a3") = d;
    register long a4 __asm__("a4") = e;
    register long a5 __asm__("a5") = f;
    __asm__ volatile("ecall"
                     : "+r"(a0)
                     : "r"(a7), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5)
                     : "memory");
    return a0;
}

static void __attribute__((noreturn)) power_off(void)
{
    syscall6(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
             LINUX_REBOOT_CMD_POWER_OFF, 0, 0, 0);
    /* Only reached if reboot failed: pid 1 exiting makes the kernel panic,
     * which bench/run sees as a run without its markers. */
    for (;;)
        syscall6(SYS_exit, 1, 0, 0, 0, 0, 0);
}

static size_t str_len(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static void put_str(const char *s)
{
    syscall6(SYS_write, 1, (long)s, (long)str_len(s), 0, 0, 0);
}

static void put_hex(uint64_t v)
{
    char buf[16];
    for (int i = 0; i < 16; i++)
        buf[i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
    syscall6(SYS_write, 1, (long)buf, 16, 0, 0, 0);
}

void bench_print(const char *s)
{
    put_str(s);
    put_str("\n");
}

/* Each workload asks once, at its start; a fresh zeroed mapping each time
 * (bare metal hands out RAM that is zero at reset). */
void *bench_arena(size_t len)
{
    long p = syscall6(SYS_mmap, 0, (long)len, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p < 0 && p > -4096) {
        bench_print("bench: mmap of the arena failed");
        power_off();
    }
    return (void *)p;
}

#include "freestanding_mem.h"

#define DECLARE(w) uint64_t bench_run_##w(void); extern const char bench_name_##w[];
BENCH_LIST(DECLARE)

struct workload {
    uint64_t (*run)(void);
    const char *name;
    uint64_t expect;
};

#define ROW(w) {bench_run_##w, bench_name_##w, BENCH_EXPECT_##w},
static const struct workload workloads[] = {BENCH_LIST(ROW)};

/* Runs one workload between its markers; 0 when its checksum is right. */
static int run_one(const struct workload *w)
{
    put_str("BENCH-START ");
    bench_print(w->name);
    uint64_t sum = w->run();
    put_str(w->name);
    put_str(": checksum ");
    put_hex(sum);
    if (sum != w->expect) {
        put_str(" WRONG, expected ");
        put_hex(w->expect);
        put_str("\n");
        return 1;
    }
    put_str(" ok\nBENCH-END ");
    bench_print(w->name);
    return 0;
}

void _start(void) __attribute__((noreturn));
void _start(void)
{
    /* fd 1 is /dev/console, opened by the kernel before it execs /init. */
    for (size_t i = 0; i < sizeof workloads / sizeof workloads[0]; i++)
        if (run_one(&workloads[i]))
            break;
    power_off();
}
