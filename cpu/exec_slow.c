/* The executor's out-of-line memory work: the loads and stores the inline
 * TLB fast path leaves out (misses, MMIO, accesses that cross a page, the
 * alignment trap and watchpoints when they are in force), and the A
 * extension's AMOs and LR/SC.  run_blocks (exec.c) comes here only when
 * its inline fast path fails, or for an atomic (the JIT's code, through
 * exec_jit_helper, likewise), so this lives apart from the dispatch loop. */
#include "exec_internal.h"

/* ---- memory slow paths ---- */

/* Translates both pages of an access that may straddle a page boundary. */
static int translate2(struct hart *h, uint64_t va, unsigned size,
                      enum mmu_access acc, uint64_t pa[2])
{
    uint64_t last = va + size - 1;
    bool one_page = ((last ^ va) & PAGE_MASK) == 0;
    unsigned first = one_page ? size : (unsigned)(PAGE_SIZE - (va & (PAGE_SIZE - 1)));
    int c = mmu_translate_cached(&h->mmu, va, first, acc, &pa[0]);
    if (c) {
        h->fault_tval = va;
        return c;
    }
    if (one_page) {
        pa[1] = pa[0] + PAGE_SIZE; /* unused */
        return 0;
    }
    uint64_t va2 = last & PAGE_MASK;
    c = mmu_translate_cached(&h->mmu, va2, size - first, acc, &pa[1]);
    if (c)
        h->fault_tval = va2;
    return c;
}

static uint64_t byte_pa(uint64_t va, uint64_t i, const uint64_t pa[2])
{
    uint64_t a = va + i;
    if (((a ^ va) & PAGE_MASK) == 0)
        return pa[0] + i;
    return pa[1] + (a & (PAGE_SIZE - 1));
}

/* Debugger watchpoint hook: sets dbg_stop so the step loop stops after
 * this instruction. */
static void watch(struct hart *h, uint64_t va, unsigned size, bool write)
{
    if (h->dbg.mem_watch && h->dbg.mem_watch(h->dbg.opaque, h, va, size, write))
        h->dbg_stop = true;
}

/* The slow paths also do what the fast path leaves out: the alignment trap
 * (when asked for; it outranks page and access faults) and watchpoints.
 * While either is in force the data TLBs stay empty (mmu.data_slow), so
 * every access comes here. */
static int misaligned(struct hart *h, uint64_t va, unsigned size, int cause)
{
    if (va & (size - 1) & h->misaligned_trap) {
        h->fault_tval = va;
        return cause;
    }
    return 0;
}

static int load_slow(struct hart *h, uint64_t va, unsigned size, uint64_t *val);
static int store_slow(struct hart *h, uint64_t va, unsigned size, uint64_t val);

int mem_load_slow(struct hart *h, uint64_t va, unsigned size, uint64_t *val)
{
    int c = misaligned(h, va, size, EXC_LOAD_MISALIGNED);
    if (!c)
        c = load_slow(h, va, size, val);
    if (!c && unlikely(h->dbg.active))
        watch(h, va, size, false);
    return c;
}

int mem_store_slow(struct hart *h, uint64_t va, unsigned size, uint64_t val)
{
    int c = misaligned(h, va, size, EXC_STORE_MISALIGNED);
    if (!c)
        c = store_slow(h, va, size, val);
    if (!c && unlikely(h->dbg.active))
        watch(h, va, size, true);
    return c;
}

static int load_slow(struct hart *h, uint64_t va, unsigned size, uint64_t *val)
{
    uint64_t pa[2];
    int c = translate2(h, va, size, ACC_LOAD, pa);
    if (c)
        return c;
    if (((va ^ (va + size - 1)) & PAGE_MASK) == 0) {
        if (!bus_load(h->bus, pa[0], size, val)) {
            h->fault_tval = va;
            return EXC_LOAD_ACCESS;
        }
        return 0;
    }
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        uint64_t b;
        if (!bus_load(h->bus, byte_pa(va, i, pa), 1, &b)) {
            h->fault_tval = va + i;
            return EXC_LOAD_ACCESS;
        }
        v |= (b & 0xff) << (8 * i);
    }
    *val = v;
    return 0;
}

static int store_slow(struct hart *h, uint64_t va, unsigned size, uint64_t val)
{
    uint64_t pa[2];
    int c = translate2(h, va, size, ACC_STORE, pa);
    if (c)
        return c;
    if (((va ^ (va + size - 1)) & PAGE_MASK) == 0) {
        if (!bus_store(h->bus, pa[0], size, val)) {
            h->fault_tval = va;
            return EXC_STORE_ACCESS;
        }
        return 0;
    }
    /* Both pages translated: check both are backed before writing any
     * byte, so a faulting store changes nothing. */
    uint64_t probe;
    if (!bus_load(h->bus, pa[0], 1, &probe) || !bus_load(h->bus, pa[1], 1, &probe)) {
        h->fault_tval = va;
        return EXC_STORE_ACCESS;
    }
    for (unsigned i = 0; i < size; i++)
        bus_store(h->bus, byte_pa(va, i, pa), 1, (val >> (8 * i)) & 0xff);
    return 0;
}


/* AMOs and LR/SC need natural alignment (a misaligned one traps) and write
 * permission (even to read).  Returns the physical address or a cause. */
static int amo_translate(struct hart *h, uint64_t va, unsigned size,
                         enum mmu_access acc, uint64_t *pa)
{
    if (va & (size - 1)) {
        h->fault_tval = va;
        return acc == ACC_LOAD ? EXC_LOAD_MISALIGNED : EXC_STORE_MISALIGNED;
    }
    int c = mmu_translate(&h->mmu, va, acc, pa);
    if (c)
        h->fault_tval = va;
    return c;
}

static uint64_t amo_compute(enum op op, uint64_t old, uint64_t src)
{
    switch (op) {
    case OP_amoswap_w: case OP_amoswap_d: return src;
    case OP_amoadd_w: case OP_amoadd_d: return old + src;
    case OP_amoxor_w: case OP_amoxor_d: return old ^ src;
    case OP_amoand_w: case OP_amoand_d: return old & src;
    case OP_amoor_w: case OP_amoor_d: return old | src;
    case OP_amomin_w: return (int32_t)old < (int32_t)src ? old : src;
    case OP_amomax_w: return (int32_t)old > (int32_t)src ? old : src;
    case OP_amominu_w: return (uint32_t)old < (uint32_t)src ? old : src;
    case OP_amomaxu_w: return (uint32_t)old > (uint32_t)src ? old : src;
    case OP_amomin_d: return (int64_t)old < (int64_t)src ? old : src;
    case OP_amomax_d: return (int64_t)old > (int64_t)src ? old : src;
    case OP_amominu_d: return old < src ? old : src;
    case OP_amomaxu_d: return old > src ? old : src;
    default: return old;
    }
}

/* ---- atomics on guest RAM ----
 *
 * AMOs and SC are host atomic read-modify-writes on the RAM word, so they
 * stay atomic when other harts run on other host threads (README, "SMP").
 * Memory order from aq/rl (Unprivileged spec, "Atomic Memory Operations"):
 * aq is acquire, rl release, both sequentially consistent.  Values cross
 * the host as little-endian words (le_swap is the identity on a
 * little-endian host). */

static inline uint64_t le_swap(uint64_t v, unsigned size)
{
#if RVX_HOST_LE
    (void)size;
    return v;
#else
    return size == 4 ? __builtin_bswap32((uint32_t)v) : __builtin_bswap64(v);
#endif
}

enum amo_order { MO_RELAXED, MO_ACQ, MO_REL, MO_SC };

static enum amo_order amo_order(uint32_t raw)
{
    bool aq = raw >> 26 & 1, rl = raw >> 25 & 1;
    return aq && rl ? MO_SC : aq ? MO_ACQ : rl ? MO_REL : MO_RELAXED;
}

/* The memory orders must be constants for the builtins to honour them. */
#define CAS_ORDERED(p, exp, nv, mo, ok) do {                                   \
        switch (mo) {                                                           \
        case MO_RELAXED: ok = __atomic_compare_exchange_n(p, exp, nv, false,    \
                             __ATOMIC_RELAXED, __ATOMIC_RELAXED); break;        \
        case MO_ACQ: ok = __atomic_compare_exchange_n(p, exp, nv, false,        \
                         __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE); break;            \
        case MO_REL: ok = __atomic_compare_exchange_n(p, exp, nv, false,        \
                         __ATOMIC_RELEASE, __ATOMIC_RELAXED); break;            \
        default: ok = __atomic_compare_exchange_n(p, exp, nv, false,            \
                     __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST); break;                \
        }                                                                       \
    } while (0)

/* Compare-and-swap of the size-byte (4 or 8) little-endian word at p:
 * true when it held *expect (it now holds nv); else *expect gets what it
 * held. */
static bool ram_cas(uint8_t *p, unsigned size, uint64_t *expect, uint64_t nv,
                    enum amo_order mo)
{
    bool ok;
    if (size == 4) {
        uint32_t e = (uint32_t)le_swap(*expect, 4), n = (uint32_t)le_swap(nv, 4);
        CAS_ORDERED((uint32_t *)p, &e, n, mo, ok);
        *expect = (uint32_t)le_swap(e, 4);
    } else {
        uint64_t e = le_swap(*expect, 8), n = le_swap(nv, 8);
        CAS_ORDERED((uint64_t *)p, &e, n, mo, ok);
        *expect = le_swap(e, 8);
    }
    return ok;
}

static uint64_t ram_load_ordered(const struct hart *h, const uint8_t *p, unsigned size,
                                 enum amo_order mo)
{
    /* With rl, every earlier access precedes the LR (RVWMO, preserved
     * program order rule 6), an earlier store too, which any host (x86's
     * store buffer included) may let pass a later load: a full fence when
     * harts run on host threads.  (The JIT's gen_lr does the same.) */
    if ((mo == MO_REL || mo == MO_SC) && h->host_fences)
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    uint64_t v = le_load(p, size);
    if (mo == MO_ACQ || mo == MO_SC)
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    return v;
}

/* The TLB's hit for an AMO, LR or SC at va, or NULL (then the slow path
 * translates).  A hit is plain RAM: load entries exist only for pages
 * without MMIO, store entries only for those without translated code or
 * watches either, each filled after the walk and PMP allowed the whole
 * page (mmu_translate), which is all the slow path would check.  Aligned
 * accesses only: a misaligned one must trap.  No hit while a debugger is
 * attached (watchpoints). */
static uint8_t *amo_fast(struct hart *h, uint64_t va, unsigned size,
                         enum mmu_access acc)
{
    /* (mmu_fast's tag compare already misses a misaligned va) */
    if (unlikely(h->dbg.active))
        return NULL;
    return mmu_fast(&h->mmu, va, size, acc);
}

/* The guest physical address of a host pointer into RAM (one block). */
static uint64_t ram_pa(const struct bus *bus, const uint8_t *p)
{
    return bus->ram_base + (uint64_t)(p - bus->ram);
}

/* Where an AMO, LR or SC at va goes: *pa, and *p the host pointer when
 * the TLB's hit gave one (else NULL: the caller finds RAM or MMIO at
 * *pa).  Returns 0 or the translation's cause. */
static int amo_locate(struct hart *h, uint64_t va, unsigned size, enum mmu_access acc,
                      uint64_t *pa, uint8_t **p)
{
    *p = amo_fast(h, va, size, acc);
    if (*p) {
        *pa = ram_pa(h->bus, *p);
        return 0;
    }
    return amo_translate(h, va, size, acc, pa);
}

/* One AMO; returns 0 or a cause.  *rd_val gets the (sign-extended) old
 * value.  On RAM a compare-and-swap loop: the old value read, the new one
 * computed, stored only if the word is unchanged. */
int do_amo(struct hart *h, const struct insn *ins, uint64_t *rd_val)
{
    unsigned size = (ins->raw >> 12 & 7) == 3 ? 8 : 4;
    uint64_t va = h->x[ins->rs1], pa, old;
    uint8_t *p;
    int c = amo_locate(h, va, size, ACC_STORE, &pa, &p);
    if (c)
        return c;
    if (!p)
        p = bus_rmw_ptr(h->bus, pa, size);
    uint64_t src = h->x[ins->rs2];
    if (p) {
        enum amo_order mo = amo_order(ins->raw);
        uint64_t cur = le_load(p, size);
        do {
            old = size == 4 ? sx32(cur) : cur;
        } while (!ram_cas(p, size, &cur, amo_compute((enum op)ins->op, old, src), mo));
    } else {
        if (!bus_load(h->bus, pa, size, &old)) {
            h->fault_tval = va;
            return EXC_STORE_ACCESS;
        }
        if (size == 4)
            old = sx32(old);
        if (!bus_store(h->bus, pa, size, amo_compute((enum op)ins->op, old, src))) {
            h->fault_tval = va;
            return EXC_STORE_ACCESS;
        }
    }
    if (unlikely(h->dbg.active))
        watch(h, va, size, true);
    *rd_val = old;
    return 0;
}

/* LR/SC: the reservation is the address and the value LR read; SC is a
 * compare-and-swap against that value (README, "SMP": an ABA store by
 * another hart, which puts the same value back, does not make SC fail). */
int do_lr(struct hart *h, const struct insn *ins, unsigned size,
                 uint64_t *rd_val)
{
    uint64_t va = h->x[ins->rs1], pa, v;
    uint8_t *p;
    int c = amo_locate(h, va, size, ACC_LOAD, &pa, &p);
    if (c)
        return c;
    if (!p)
        p = bus_ram_ptr(h->bus, pa, size);
    if (p && !(*bus_page_flags(h->bus, pa) & PAGEF_IO)) {
        v = ram_load_ordered(h, p, size, amo_order(ins->raw));
    } else if (!bus_load(h->bus, pa, size, &v)) {
        h->fault_tval = va;
        return EXC_LOAD_ACCESS;
    }
    h->resv_addr = pa;
    h->resv_val = v;
    h->resv_size = size;
    h->resv_valid = true;
    *rd_val = size == 4 ? sx32(v) : v;
    return 0;
}

int do_sc(struct hart *h, const struct insn *ins, unsigned size,
                 uint64_t *rd_val)
{
    uint64_t va = h->x[ins->rs1], pa;
    uint8_t *p;
    int c = amo_locate(h, va, size, ACC_STORE, &pa, &p);
    if (c)
        return c;
    bool ok = h->resv_valid && h->resv_addr == pa && h->resv_size == size;
    h->resv_valid = false;
    if (ok) {
        if (!p)
            p = bus_rmw_ptr(h->bus, pa, size);
        uint64_t expect = h->resv_val;
        if (p) {
            ok = ram_cas(p, size, &expect, h->x[ins->rs2], amo_order(ins->raw));
        } else if (!bus_store(h->bus, pa, size, h->x[ins->rs2])) {
            h->fault_tval = va;
            return EXC_STORE_ACCESS;
        }
        if (ok && unlikely(h->dbg.active))
            watch(h, va, size, true);
    }
    *rd_val = ok ? 0 : 1;
    return 0;
}

/* ---- Zicbom / Zicboz (CMO spec v1.0.1) ---- */

/* Whether a cbo.* is enabled at the current privilege (the spec's tables
 * for the envcfg fields, without H): always in M; in S by menvcfg; in U by
 * menvcfg and senvcfg both.  cbo.inval under CBIE = 01 executes as
 * cbo.flush, which for rvx (no caches) is the same access check. */
static bool cbo_enabled(const struct hart *h, enum op op)
{
    uint64_t field = op == OP_cbo_zero ? ENVCFG_CBZE
                   : op == OP_cbo_inval ? ENVCFG_CBIE : ENVCFG_CBCFE;
    if (h->priv == PRV_M)
        return true;
    if (!(h->menvcfg & field))
        return false;
    return h->priv == PRV_S || (h->senvcfg & field) != 0;
}

/* cbo.zero: the 64-byte block holding rs1's address is written with zeroes
 * as one store (translation with store permission, A/D, PMP over the
 * whole block), so a fault leaves every byte as it was. */
static int cbo_zero(struct hart *h, uint64_t va)
{
    uint64_t base = va & ~(uint64_t)(CBO_BLOCK_SIZE - 1), pa;
    /* the store TLB's hit: plain RAM without translated code, whole-page
     * PMP grant (Linux clears its pages this way) */
    uint8_t *p = mmu_fast(&h->mmu, base, CBO_BLOCK_SIZE, ACC_STORE);
    if (p && likely(!h->dbg.active)) {
        memset(p, 0, CBO_BLOCK_SIZE);
        return 0;
    }
    int c = mmu_translate_size(&h->mmu, base, CBO_BLOCK_SIZE, ACC_STORE, &pa);
    if (c) {
        h->fault_tval = va;
        return c;
    }
    struct mmio_region *r = bus_find_mmio(h->bus, pa, CBO_BLOCK_SIZE);
    if (r && !(r->access & 8)) {
        h->fault_tval = va;
        return EXC_STORE_ACCESS;
    }
    /* bus_store drops translated code on the way, as any store does */
    for (unsigned i = 0; i < CBO_BLOCK_SIZE; i += 8)
        bus_store(h->bus, pa + i, 8, 0);
    if (unlikely(h->dbg.active))
        watch(h, base, CBO_BLOCK_SIZE, true);
    return 0;
}

/* cbo.clean/flush/inval: rvx has no caches, so only the access check
 * remains: permitted where a load is (a store would need a readable page
 * too), else a store page fault when translation denies it and a store
 * access fault otherwise (CMO spec, "Cache-Block Management"). */
static int cbo_manage(struct hart *h, uint64_t va)
{
    uint64_t base = va & ~(uint64_t)(CBO_BLOCK_SIZE - 1), pa;
    int c = mmu_translate_size(&h->mmu, base, 1, ACC_LOAD, &pa);
    if (!c)
        return 0;
    h->fault_tval = va;
    return c == EXC_LOAD_PAGE ? EXC_STORE_PAGE : EXC_STORE_ACCESS;
}

int do_cbo(struct hart *h, const struct insn *ins)
{
    if (!cbo_enabled(h, (enum op)ins->op))
        return EXC_ILLEGAL;
    uint64_t va = h->x[ins->rs1];
    return ins->op == OP_cbo_zero ? cbo_zero(h, va) : cbo_manage(h, va);
}

/* The compare and the store of amocas.q (or of amocas on MMIO), word by
 * word: 0 or a cause. */
static int cas_words(struct hart *h, uint64_t pa, uint64_t va, unsigned word,
                     unsigned n, const uint64_t cmp[2], const uint64_t swap[2],
                     uint64_t old[2], bool *equal)
{
    *equal = true;
    for (unsigned i = 0; i < n; i++) {
        if (!bus_load(h->bus, pa + i * word, word, &old[i])) {
            h->fault_tval = va;
            return EXC_STORE_ACCESS;
        }
        uint64_t mask = word == 8 ? ~0ull : (1ull << (8 * word)) - 1;
        *equal &= old[i] == (cmp[i] & mask);
    }
    for (unsigned i = 0; *equal && i < n; i++) {
        if (!bus_store(h->bus, pa + i * word, word, swap[i])) {
            h->fault_tval = va;
            return EXC_STORE_ACCESS;
        }
    }
    return 0;
}

/* Zacas (v1.0.0): compare rd (the pair rd, rd+1 for amocas.q) with memory
 * and store rs2 (rs2, rs2+1) when equal; rd always receives the old value.
 * "An AMOCAS.W/D/Q instruction always requires write permissions": the
 * translation is a store's even when the comparison fails, and a failed
 * comparison writes nothing (the spec allows either).  x0 as the first
 * register of a pair reads as two zeros, and as rd discards both halves.
 * Alignment as for the other AMOs, the whole operand under PMP. */
int do_amocas(struct hart *h, const struct insn *ins)
{
    static const unsigned sizes[] = { [2] = 4, [3] = 8, [4] = 16 };
    unsigned size = sizes[ins->raw >> 12 & 7];
    unsigned word = size < 8 ? size : 8, n = size / word;
    uint64_t va = h->x[ins->rs1], pa, old[2] = { 0, 0 };
    const uint64_t *x = h->x;
    uint64_t cmp[2] = { x[ins->rd], ins->rd ? x[(ins->rd + 1) & 31] : 0 };
    uint64_t swap[2] = { x[ins->rs2], ins->rs2 ? x[(ins->rs2 + 1) & 31] : 0 };
    if (va & (size - 1)) {
        h->fault_tval = va;
        return EXC_STORE_MISALIGNED;
    }
    int c = mmu_translate_size(&h->mmu, va, size, ACC_STORE, &pa);
    if (c) {
        h->fault_tval = va;
        return c;
    }
    bool equal;
    uint8_t *p = n == 1 ? bus_rmw_ptr(h->bus, pa, size) : NULL;
    if (p) {
        /* amocas.w/d: one host compare-and-swap */
        uint64_t mask = size == 8 ? ~0ull : 0xffffffffull;
        old[0] = cmp[0] & mask;
        equal = ram_cas(p, size, &old[0], swap[0], amo_order(ins->raw));
    } else {
        /* amocas.q (and MMIO): under the bus's lock for wide atomics, so
         * two amocas.q never interleave (README, "SMP": other stores to
         * the same 16 bytes are not ordered against it) */
        if (h->bus->wide_lock)
            pthread_mutex_lock(h->bus->wide_lock);
        c = cas_words(h, pa, va, word, n, cmp, swap, old, &equal);
        if (h->bus->wide_lock)
            pthread_mutex_unlock(h->bus->wide_lock);
        if (c)
            return c;
    }
    if (equal && unlikely(h->dbg.active))
        watch(h, va, size, true);
    if (ins->rd) {
        h->x[ins->rd] = size == 4 ? sx32(old[0]) : old[0];
        if (n == 2)
            h->x[ins->rd + 1] = old[1];
    }
    return 0;
}
