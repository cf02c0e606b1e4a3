/* The hart: architectural state and the few calls other parts make.
 * Devices raise interrupts through hart_set_mip(); the run loop drives
 * harts with hart_run(); the debugger reads and writes state directly. */
#ifndef RVX_CPU_CPU_H
#define RVX_CPU_CPU_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "../mem/bus.h"
#include "../mem/mmu.h"

/* mip / mie bits */
#define MIP_SSIP (1ull << 1)
#define MIP_MSIP (1ull << 3)
#define MIP_STIP (1ull << 5)
#define MIP_MTIP (1ull << 7)
#define MIP_SEIP (1ull << 9)
#define MIP_MEIP (1ull << 11)
#define MIP_LCOFIP (1ull << 13)  /* Sscofpmf: local counter overflow */

/* menvcfg/senvcfg fields (privileged spec, "Machine Environment
 * Configuration Register"; senvcfg has the low ones only) */
#define ENVCFG_FIOM (1ull << 0)
#define ENVCFG_CBIE (3ull << 4)     /* 00 illegal, 01 flush, 11 invalidate */
#define ENVCFG_CBCFE (1ull << 6)
#define ENVCFG_CBZE (1ull << 7)
#define ENVCFG_ADUE (1ull << 61)
#define ENVCFG_PBMTE (1ull << 62)
#define ENVCFG_STCE (1ull << 63)
/* misa letters */
#define MISA_EXT(c) (1ull << ((c) - 'A'))

#define JIT_VCACHE_SIZE 1024    /* (a power of two) */

/* ENGINE_JIT runs the block cache's blocks as host code where the host has
 * a code generator (x86-64), and falls back to ENGINE_BLOCK elsewhere. */
enum engine { ENGINE_INTERP, ENGINE_BLOCK, ENGINE_JIT };

/* Why hart_run returned. */
enum run_status {
    RUN_BUDGET,     /* ran the requested number of instructions */
    RUN_WFI,        /* waiting for an interrupt */
    RUN_STOP,       /* hart->stop_request was set (device, debugger, HTIF) */
    RUN_BREAK,      /* hit a debugger breakpoint/watchpoint/step */
};

struct block;
struct block_cache;
struct jcache_entry;
struct hart;

/* Debugger hooks: checked only when debug_active is set. */
struct hart_debug {
    bool active;
    bool single_step;
    /* gdb resumed other harts only (vCont;c:TID, scheduler-locking): the
     * machine does not run this one until the next resume */
    bool held;
    /* return true to stop before executing the instruction at pc */
    bool (*exec_break)(void *opaque, struct hart *h, uint64_t pc);
    /* return true to stop after an access (watchpoints) */
    bool (*mem_watch)(void *opaque, struct hart *h, uint64_t va, unsigned size,
                      bool write);
    void *opaque;
    uint64_t hit_addr;      /* watchpoint address that stopped us */
    int hit_kind;           /* 0 none, 1 exec, 2 write, 3 read */
};

/* Architectural state here is saved by machine snapshots through the
 * table in cpu/hart_state.c: a new such field needs a row there. */
struct hart {
    uint64_t x[32];
    uint64_t f[32];
    uint64_t pc;
    int priv;

    /* CSRs.  mip holds the software-written bits (SSIP, STIP, SEIP),
     * mip_ext the device lines (MSIP, MTIP, MEIP, SEIP); reads see both. */
    uint64_t zext;              /* enabled Z-extensions (insns.h EXT_BIT) */
    uint64_t mstatus, misa, medeleg, mideleg, mie, mip, mip_ext;
    uint64_t mtvec, mscratch, mepc, mcause, mtval;
    uint64_t stvec, sscratch, sepc, scause, stval;
    uint64_t mcounteren, scounteren, mcountinhibit;
    uint64_t menvcfg, senvcfg, mseccfg;
    uint64_t stimecmp;          /* Sstc: STIP = time >= stimecmp (menvcfg.STCE) */
    uint64_t mstateen[4];       /* Smstateen (sstateen0..3 read as zero) */
    uint64_t mhartid;
    unsigned fflags, frm;
    uint64_t instret;           /* instructions retired (always counts) */
    /* x86-64 JIT: the virtual pc of the loop block whose code runs (its
     * instructions' pcs are offsets from it): other blocks keep it in
     * r12, a loop block here so that r12 can cache a guest register */
    uint64_t jit_bpc;
    /* The cycle and instret CSRs ([0] = cycle, [1] = instret): an offset
     * from the retired count, or the value frozen while mcountinhibit
     * stops the counter.  (One instruction per cycle.) */
    uint64_t ctr_off[2], ctr_frozen[2];
    /* Zihpm counters 3..31 (index = counter number; cpu/csr.c).  Each is
     * derived, never incremented: hpm_off[k] plus the selected event's
     * per-mode counts summed over the modes it counts in.  hpm_last[k] is
     * its value at the last overflow check; hpm_src[k] the event decoded
     * from hpm_event[k] (the mhpmevent value); hpm_active the counters
     * that count at all.  Instructions retired per mode: hpm_instret[m]
     * plus, for the current mode hpm_mode, instret - hpm_mark.
     * hpm_deadline: the instret value at which an instruction-counting
     * counter next overflows (hart_run stops there to check). */
    uint64_t hpm_event[32], hpm_off[32], hpm_last[32];
    uint8_t hpm_src[32];
    uint32_t hpm_active;
    uint64_t hpm_instret[4], hpm_mark, hpm_deadline;
    int hpm_mode;
    uint64_t exc_in_mode[4], irq_in_mode[4];    /* traps taken, by mode */

    /* LR/SC reservation (physical address), cleared on traps and xRET;
     * the value LR read, which SC's compare-and-swap expects (README,
     * "SMP"), and its size */
    uint64_t resv_addr, resv_val;
    unsigned resv_size;
    bool resv_valid;
    /* Another host thread runs other harts: `fence` becomes the host
     * barrier RVWMO needs (cpu/exec_internal.h host_fence). */
    bool host_fences;

    uint64_t ntraps;            /* traps taken (exceptions + interrupts) */
    uint64_t nirqs;             /* of which interrupts */
    uint64_t sbi_set_timer;     /* S-mode ecalls asking the SBI for a timer
                                 * (--stats: zero once Linux uses Sstc) */
    uint64_t misaligned_trap;   /* 0: misaligned loads/stores in hardware;
                                 * all ones: they raise address-misaligned */
    uint64_t fault_tval;        /* tval of the last failed slow access */
    bool dbg_stop;              /* a watchpoint/step asked to stop */
    bool wfi;                   /* stalled in wfi */
    bool stop_request;          /* leave hart_run at the next boundary */
    bool irq_check;             /* re-evaluate interrupts at the boundary */
    enum engine engine;

    struct bus *bus;
    struct mmu mmu;
    struct block_cache *bc;     /* shared by all harts of a machine */
    struct jcache_entry *jcache;    /* direct-mapped physical PC -> block */
    /* JIT state: chaining stops when instret reaches jit_limit (which
     * hart_kick zeroes); jit_block is the block whose code last returned
     * to the C loop. */
    uint64_t jit_limit;
    struct block *jit_block;
    uintptr_t jit_group;        /* x86-64 JIT: a load group's host address */
    /* x86-64 JIT: the host code of recently looked-up virtual targets,
     * each valid while mmu.fetch_epoch still has the value it was found
     * in (cpu/jit.c; zeroed: no epoch is 0). */
    struct { uint64_t va; const void *code; uint64_t epoch; } jit_vcache[JIT_VCACHE_SIZE];

    /* Called after a device line in mip_ext changed (from any thread):
     * the machine wakes the hart's host thread if it sleeps in wfi.
     * NULL when one thread runs every hart. */
    void (*wake)(void *opaque);
    void *wake_opaque;

    /* Source of the time CSR (the CLINT's mtime); NULL reads 0. */
    uint64_t (*read_time)(void *opaque);
    void *time_opaque;

    struct hart_debug dbg;

    /* Commit log (NULL when off). */
    FILE *trace;
};

struct hart_config {
    uint64_t hartid;
    uint64_t misa;              /* extensions; MXL is set by the hart */
    uint64_t zext;              /* Z-extensions (EXT_BIT); Zicsr and
                                 * Zifencei are always added */
    enum engine engine;
    bool misaligned_trap;       /* trap misaligned loads/stores */
};

/* The block cache is shared between the harts of one machine. */
struct block_cache *block_cache_new(struct bus *bus);
void block_cache_free(struct block_cache *bc);
/* Drops every block (a reset). */
void block_cache_flush(struct block_cache *bc);
/* Harts on host threads: caches[i] belongs to one hart each; they drop
 * a page's blocks together, take one lock to change (never to look up),
 * and make `fence` a host barrier in translated code.  False if out of
 * memory.  block_cache_ungroup undoes it (before freeing the caches). */
bool block_cache_group(struct block_cache **caches, unsigned n);
void block_cache_ungroup(struct block_cache **caches, unsigned n);
/* Blocks translated and full flushes so far. */
void block_cache_stats(const struct block_cache *bc, uint64_t *built, uint64_t *flushes);

void hart_init(struct hart *h, struct bus *bus, struct block_cache *bc,
               const struct hart_config *cfg);
void hart_reset(struct hart *h, uint64_t pc);
/* Releases what hart_init allocated. */
void hart_destroy(struct hart *h);

/* Executes about max_insns instructions (retired or trapped): a translated
 * block runs whole, so the count may exceed max_insns by less than one
 * block.  Stops early on wfi, a stop request or a debug event.  *executed
 * gets the exact count. */
enum run_status hart_run(struct hart *h, uint64_t max_insns, uint64_t *executed);

/* A flag or count another hart's host thread may write (irq_check,
 * stop_request, jit_limit, the block cache's generation): read relaxed. */
#define RELAXED(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)

/* Asks h to re-evaluate its interrupts, or to stop, at the next block
 * boundary.  Both also spend the JIT's budget (jit_limit), which is all
 * that the generated code tests at a block boundary; every writer of
 * these flags goes through here. */
static inline void hart_kick(struct hart *h)
{
    /* (release: a device on another hart's thread may kick, after it
     * changed mip_ext, which hart_take_kick's acquire then sees) */
    __atomic_store_n(&h->irq_check, true, __ATOMIC_RELEASE);
    __atomic_store_n(&h->jit_limit, 0, __ATOMIC_RELEASE);
}
/* At a block boundary: true when a kick is pending, which is consumed.
 * An exchange with acquire: a kick taken brings its mip_ext update along,
 * and one that lands later stays for the next boundary.  (A load and a
 * separate store of false could, on a weakly ordered host such as arm64,
 * erase another thread's kick whose mip_ext update this thread does not
 * yet see: the interrupt would then wait for some later kick.) */
static inline bool hart_take_kick(struct hart *h)
{
    return __atomic_load_n(&h->irq_check, __ATOMIC_RELAXED) &&
           __atomic_exchange_n(&h->irq_check, false, __ATOMIC_ACQUIRE);
}
static inline void hart_request_stop(struct hart *h)
{
    __atomic_store_n(&h->stop_request, true, __ATOMIC_RELAXED);
    __atomic_store_n(&h->jit_limit, 0, __ATOMIC_RELAXED);
}

/* The engine that actually runs h: "jit", "block" or "interp" (ENGINE_JIT
 * is "block" on a host without a code generator). */
const char *hart_engine_name(const struct hart *h);

/* Sets/clears device-driven mip bits (MEIP, SEIP, MTIP, MSIP). */
void hart_set_mip(struct hart *h, uint64_t mask, bool level);

/* The cache-block size of Zicbom/Zicboz (and Zic64b): the device tree's
 * riscv,cbom-block-size and riscv,cboz-block-size. */
#define CBO_BLOCK_SIZE 64

/* Sstc: the CLINT, which owns time, reports now = mtime so STIP follows
 * stimecmp (held as a device line in mip_ext; with menvcfg.STCE = 0, STIP
 * is the software bit M-mode writes, and the line stays low), and asks for
 * the hart's next deadline (the mtime at which STIP rises; UINT64_MAX when
 * none) to wake an idle machine on time. */
static inline void hart_timer_update(struct hart *h, uint64_t now)
{
    /* (relaxed: the CLINT's upkeep runs on another host thread than the
     * hart that writes these, when harts have threads) */
    bool on = (RELAXED(h->menvcfg) & ENVCFG_STCE) && now >= RELAXED(h->stimecmp);
    if (on || (__atomic_load_n(&h->mip_ext, __ATOMIC_RELAXED) & MIP_STIP))
        hart_set_mip(h, MIP_STIP, on);
}

static inline uint64_t hart_timer_deadline(const struct hart *h)
{
    return (RELAXED(h->menvcfg) & ENVCFG_STCE) ? RELAXED(h->stimecmp) : UINT64_MAX;
}

/* True if an interrupt is pending and enabled in mie (wfi wake-up rule:
 * ignores the global enables). */
bool hart_wakeup_pending(const struct hart *h);

/* ISA strings (cpu/isa.c).  Parse an ISA string ("rv64gc", "rv64imafdc",
 * "rv64gc_zba_zbb") or a profile ("rva23s64", "rva22u64_zbc") into misa
 * letters and the set of Z/S-extensions (zext, EXT_BIT of cpu/insns.h; may
 * be NULL).  False with one line in err for an unknown, unimplemented or
 * repeated extension, a missing dependency, V or H, or a malformed
 * string. */
bool isa_parse(const char *s, uint64_t *misa, uint64_t *zext, char *err, size_t errlen);
/* The multi-letter extensions --isa accepts, ", "-separated. */
void isa_supported_list(char *buf, size_t len);
/* The default machine: rv64imafdc and every implemented extension (as
 * QEMU's default rv64 CPU is rich); --isa rv64gc is the plain one. */
void isa_default(uint64_t *misa, uint64_t *zext);
/* Room for isa_string's output and isa_extension_names' entries. */
#define ISA_STRING_MAX 1024
#define ISA_NAMES_MAX 72
/* The device tree's riscv,isa-extensions entries for a hart with misa and
 * zext, lower case in canonical order ("i", ..., "zicntr", "zicsr", ...,
 * "zba"); returns how many it wrote (at most max). */
size_t isa_extension_names(uint64_t misa, uint64_t zext, char names[][16], size_t max);
/* The matching riscv,isa string ("rv64imafdc_zicntr_zicsr_zifencei"). */
void isa_string(uint64_t misa, uint64_t zext, char *buf, size_t len);

/* CSR access for the debugger: false if the CSR does not exist. */
bool hart_csr_read(struct hart *h, unsigned csr, uint64_t *val);
bool hart_csr_write(struct hart *h, unsigned csr, uint64_t val);

/* The address and size the instruction raw (a 32-bit word, or a 16-bit
 * parcel in the low half) would write on h (a store, an AMO, SC,
 * cbo.zero), from the current registers; false if it writes no memory.
 * A debugger reports a write watchpoint with it before the store
 * happens, as QEMU's RISC-V target does (gdb then steps the store). */
bool hart_store_target(const struct hart *h, uint32_t raw, uint64_t *va, unsigned *size);

/* Debugger memory access through the current translation. */
bool hart_debug_read(struct hart *h, uint64_t va, void *buf, size_t len);
bool hart_debug_write(struct hart *h, uint64_t va, const void *buf, size_t len);

#endif
