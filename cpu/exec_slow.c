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
    int c = mmu_translate_size(&h->mmu, va, first, acc, &pa[0]);
    if (c) {
        h->fault_tval = va;
        return c;
    }
    if (one_page) {
        pa[1] = pa[0] + PAGE_SIZE; /* unused */
        return 0;
    }
    uint64_t va2 = last & PAGE_MASK;
    c = mmu_translate_size(&h->mmu, va2, size - first, acc, &pa[1]);
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

/* One AMO; returns 0 or a cause.  *rd_val gets the (sign-extended) old
 * value. */
int do_amo(struct hart *h, const struct insn *ins, uint64_t *rd_val)
{
    unsigned size = (ins->raw >> 12 & 7) == 3 ? 8 : 4;
    uint64_t va = h->x[ins->rs1], pa, old;
    int c = amo_translate(h, va, size, ACC_STORE, &pa);
    if (c)
        return c;
    if (!bus_load(h->bus, pa, size, &old)) {
        h->fault_tval = va;
        return EXC_STORE_ACCESS;
    }
    if (size == 4)
        old = sx32(old);
    uint64_t nv = amo_compute((enum op)ins->op, old, h->x[ins->rs2]);
    if (!bus_store(h->bus, pa, size, nv)) {
        h->fault_tval = va;
        return EXC_STORE_ACCESS;
    }
    if (unlikely(h->dbg.active))
        watch(h, va, size, true);
    *rd_val = old;
    return 0;
}

int do_lr(struct hart *h, const struct insn *ins, unsigned size,
                 uint64_t *rd_val)
{
    uint64_t va = h->x[ins->rs1], pa, v;
    int c = amo_translate(h, va, size, ACC_LOAD, &pa);
    if (c)
        return c;
    if (!bus_load(h->bus, pa, size, &v)) {
        h->fault_tval = va;
        return EXC_LOAD_ACCESS;
    }
    h->resv_addr = pa;
    h->resv_valid = true;
    *rd_val = size == 4 ? sx32(v) : v;
    return 0;
}

int do_sc(struct hart *h, const struct insn *ins, unsigned size,
                 uint64_t *rd_val)
{
    uint64_t va = h->x[ins->rs1], pa;
    int c = amo_translate(h, va, size, ACC_STORE, &pa);
    if (c)
        return c;
    bool ok = h->resv_valid && h->resv_addr == pa;
    h->resv_valid = false;
    if (ok) {
        if (!bus_store(h->bus, pa, size, h->x[ins->rs2])) {
            h->fault_tval = va;
            return EXC_STORE_ACCESS;
        }
        if (unlikely(h->dbg.active))
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
    bool equal = true;
    for (unsigned i = 0; i < n; i++) {
        if (!bus_load(h->bus, pa + i * word, word, &old[i])) {
            h->fault_tval = va;
            return EXC_STORE_ACCESS;
        }
        uint64_t mask = word == 8 ? ~0ull : (1ull << (8 * word)) - 1;
        equal &= old[i] == (cmp[i] & mask);
    }
    for (unsigned i = 0; equal && i < n; i++) {
        if (!bus_store(h->bus, pa + i * word, word, swap[i])) {
            h->fault_tval = va;
            return EXC_STORE_ACCESS;
        }
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
