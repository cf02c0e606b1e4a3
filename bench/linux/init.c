/* /init of bench/run's "plain initramfs" Linux boot: print one marker line on
 * the console and power the machine off at once, so the boot measures the
 * firmware and the kernel alone (no busybox, no shell, no module loading).
 *
 * Freestanding: no libc, the RISC-V Linux system call ABI directly (number in
 * a7, arguments in a0-a5, `ecall`, result in a0; the numbers are the generic
 * table's, include/uapi/asm-generic/unistd.h, which riscv64 uses).  Built by
 * bench/run with riscv64-unknown-elf-gcc into a static ELF the kernel execs
 * as pid 1; bench/run packs it into a newc cpio with /dev/console. */

#define SYS_write 64
#define SYS_exit 93
#define SYS_reboot 142

/* reboot(2): both magic numbers must match or the call fails with EINVAL. */
#define LINUX_REBOOT_MAGIC1 0xfee1deadL
#define LINUX_REBOOT_MAGIC2 672274793L
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedcL

static long syscall4(long n, long a, long b, long c, long d)
{
    register long a7 __asm__("a7") = n;
    register long a0 __asm__("a0") = a;
    register long a1 __asm__("a1") = b;
    register long a2 __asm__("a2") = c;
    register long a3 __asm__("a3") = d;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2), "r"(a3) : "memory");
    return a0;
}

static const char marker[] = "BENCH-PLAIN-INIT\n";

void _start(void) __attribute__((noreturn));
void _start(void)
{
    /* fd 1 is /dev/console, opened by the kernel before it execs /init
     * (init/main.c console_on_rootfs) when the cpio holds that node. */
    syscall4(SYS_write, 1, (long)marker, sizeof marker - 1, 0);
    syscall4(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
             LINUX_REBOOT_CMD_POWER_OFF, 0);
    /* Only reached if reboot failed (no power-off driver): pid 1 exiting makes
     * the kernel panic, which a bench run sees as a timeout without "power". */
    for (;;)
        syscall4(SYS_exit, 1, 0, 0, 0);
}
