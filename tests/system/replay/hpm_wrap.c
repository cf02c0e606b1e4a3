/* Sscofpmf in deterministic mode (issue 14): an instruction-counting
 * hpm counter set to -K wraps on the K-th instruction retired after the
 * write (Zihpm: the counters count retired instructions), and with
 * mie.LCOFIE and mstatus.MIE set the local counter overflow interrupt
 * (cause 13, Sscofpmf) is taken before the next instruction.  The
 * handler reads minstret, so the number of instructions from the counter
 * write to the trap is printed for several K.  Deterministic mode must
 * place the interrupt at the same instruction on every engine (the
 * interpreter looks after every instruction; the block and JIT engines
 * run whole blocks, and a wrap noticed at a block's end would come later,
 * where blocks happen to end).  Loaded as the virt machine's firmware. */
typedef unsigned long uint64_t;

#define UART 0x10000000ul
#define SYSCON 0x100000ul

static volatile unsigned char *const uart = (volatile unsigned char *)UART;
static volatile uint64_t trap_instret, trap_cause, done;

static void putc_(char c)
{
    while (!(uart[5] & 0x20))
        ;
    uart[0] = (unsigned char)c;
}

static void hex(uint64_t v)
{
    for (int i = 15; i >= 0; i--)
        putc_("0123456789abcdef"[(v >> (4 * i)) & 15]);
}

/* (mtvec holds a 4-byte aligned base: Priv 3.1.7) */
__attribute__((interrupt("machine"), aligned(4))) void handler(void)
{
    uint64_t n, cause;
    __asm__ volatile("csrr %0, minstret" : "=r"(n));
    __asm__ volatile("csrr %0, mcause" : "=r"(cause));
    trap_instret = n;
    trap_cause = cause;
    done = 1;
    /* LCOFIE off; LCOFIP is software's to clear (Sscofpmf) */
    __asm__ volatile("csrc mie, %0\n\tcsrc mip, %0" : : "r"(1ul << 13));
}

/* Instructions from the counter write to the handler's minstret read. */
static uint64_t one(uint64_t k)
{
    uint64_t before, x = 0;
    done = 0;
    __asm__ volatile("csrw mhpmevent3, %0" : : "r"(2ul));     /* instructions, OF clear */
    __asm__ volatile("csrs mie, %0" : : "r"(1ul << 13));
    __asm__ volatile("csrr %0, minstret\n\tcsrw mhpmcounter3, %1"
                     : "=&r"(before) : "r"(-k) : "memory");
    /* a loop whose body is one long straight block, so a wrap noticed
     * only where a block ends would come up to 50 instructions late; then
     * 200 blocks chained by forward jumps, which the JIT does not check
     * the budget between (jit.h), so a JIT run stopping near the wrap
     * only at its next check would come up to 400 late */
    while (!done && x < 4 * k) {
        __asm__ volatile(".rept 50\n\taddi %0, %0, 1\n\t.endr" : "+r"(x));
        __asm__ volatile(".rept 200\n\taddi %0, %0, 1\n\tj 1f\n1:\n\t.endr" : "+r"(x));
    }
    if (!done) {
        uint64_t c, ip, ev;
        __asm__ volatile("csrr %0, mhpmcounter3" : "=r"(c));
        __asm__ volatile("csrr %0, mip" : "=r"(ip));
        __asm__ volatile("csrr %0, mhpmevent3" : "=r"(ev));
        putc_('!');
        hex(c);
        putc_(' ');
        hex(ip);
        putc_(' ');
        hex(ev);
        putc_('\n');
        return 0;
    }
    return trap_instret - before;
}

void main_c(void)
{
    __asm__ volatile("csrw mtvec, %0" : : "r"((uint64_t)handler));
    __asm__ volatile("csrw mcountinhibit, zero");   /* (its reset value is not defined) */
    __asm__ volatile("csrs mstatus, 8");            /* MIE */
    static const uint64_t ks[] = { 1000, 5003, 77777, 200001, 999999 };
    for (unsigned i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        uint64_t d = one(ks[i]);
        putc_('k');
        hex(ks[i]);
        putc_(' ');
        hex(d);
        putc_(' ');
        hex(trap_cause);
        putc_('\n');
    }
    *(volatile unsigned *)SYSCON = 0x5555;
    for (;;)
        ;
}
