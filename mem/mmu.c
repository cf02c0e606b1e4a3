/* Sv39/Sv48/Sv57 translation (privileged spec 1.12, chapter 4.3-4.5) and
 * the per-hart TLBs. */
#include "mem/mmu.h"

/* Page-table entry bits (spec 4.3.1, Figure 4.18). */
#define PTE_V (1ull << 0)
#define PTE_R (1ull << 1)
#define PTE_W (1ull << 2)
#define PTE_X (1ull << 3)
#define PTE_U (1ull << 4)
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
#define PTE_PPN_SHIFT 10
#define PPN_MASK ((1ull << 44) - 1)
/* Bits 63:54: N (Svnapot), PBMT (Svpbmt) and bits 60:54, reserved (a PTE
 * with any of them set is invalid: page fault). */
#define PTE_N (1ull << 63)
#define PTE_PBMT (3ull << 61)
#define PTE_PBMT_RESERVED (3ull << 61)  /* PBMT value 3 */
#define PTE_RESERVED (0x7full << 54)
/* Svnapot: the one defined NAPOT size, 64 KiB, is a level-0 leaf whose
 * ppn[3:0] = 1000 (privileged spec, "Svnapot" chapter, table of encodings) */
#define NAPOT64K_PPN_BITS 4
#define NAPOT64K_PPN_LOW 0x8ull

#define SATP_MODE_SHIFT 60
#define SATP_ASID_MASK (0xffffull << 44)
#define SATP_PPN_MASK PPN_MASK

#define LEVEL_BITS 9

/* Walk result that is neither success (0) nor an exception cause: the PTE
 * changed under a concurrent A/D update, walk again. */
#define WALK_RETRY (-1)

static const int page_fault[3] = { EXC_INSN_PAGE, EXC_LOAD_PAGE,
                                   EXC_STORE_PAGE };
static const int access_fault[3] = { EXC_INSN_ACCESS, EXC_LOAD_ACCESS,
                                     EXC_STORE_ACCESS };

/* Page-table levels per satp.MODE (0 = not a paged mode). */
static const unsigned mode_levels[16] = {
    [SATP_MODE_SV39] = 3, [SATP_MODE_SV48] = 4, [SATP_MODE_SV57] = 5,
};

static unsigned satp_mode(uint64_t satp)
{
    return (unsigned)(satp >> SATP_MODE_SHIFT);
}

/* The log of the table t points into (t is a bank's table). */
static struct tlb_log *log_of(struct mmu *m, const struct tlb_entry *t)
{
    size_t table = (size_t)(t - &m->banks[0][0][0]) / TLB_SIZE;
    return &m->logs[table / 3][table % 3];
}

static bool log_overflowed(const struct tlb_log *log)
{
    return log->n > TLB_LOG_SIZE;
}

/* Records that entry idx of the table became valid. */
static void log_fill(struct tlb_log *log, unsigned idx)
{
    unsigned chunk = idx / TLB_CHUNK;
    log->chunks[chunk / 64] |= 1ull << (chunk % 64);
    if (log->n < TLB_LOG_SIZE)
        log->idx[log->n++] = (uint16_t)idx;
    else
        log->n = TLB_LOG_SIZE + 1;      /* overflowed */
}

/* Calls fn(m, entry, arg) on every entry of table t that may be valid. */
static void for_each_filled(struct mmu *m, const struct tlb_log *log, struct tlb_entry *t,
                            void (*fn)(struct mmu *, struct tlb_entry *, uint64_t),
                            uint64_t arg)
{
    if (!log_overflowed(log)) {
        for (unsigned i = 0; i < log->n; i++)
            fn(m, &t[log->idx[i]], arg);
        return;
    }
    for (unsigned w = 0; w < TLB_CHUNK_WORDS; w++)
        for (uint64_t bits = log->chunks[w]; bits; bits &= bits - 1) {
            unsigned chunk = w * 64 + (unsigned)__builtin_ctzll(bits);
            for (unsigned i = 0; i < TLB_CHUNK; i++)
                fn(m, &t[chunk * TLB_CHUNK + i], arg);
        }
}

static void drop_entry(struct mmu *m, struct tlb_entry *e, uint64_t unused)
{
    (void)m;
    (void)unused;
    __atomic_store_n(&e->vtag, TLB_INVALID, __ATOMIC_RELAXED);
    e->addend = 0;
}

/* (Store tables change only under m->lock, which the caller holds, so
 * the entry is read whole.) */
static void drop_if_pa(struct mmu *m, struct tlb_entry *e, uint64_t pa_page)
{
    if (e->vtag != TLB_INVALID && tlb_entry_pa(m, e) == pa_page)
        __atomic_store_n(&e->vtag, TLB_INVALID, __ATOMIC_RELAXED);
}

static void mmu_lock(struct mmu *m)
{
    if (m->lock)
        pthread_mutex_lock(m->lock);
}

static void mmu_unlock(struct mmu *m)
{
    if (m->lock)
        pthread_mutex_unlock(m->lock);
}

/* Empties a table: only the entries filled since its last flush can be
 * valid, so only those are visited. */
static void flush_entries(struct mmu *m, struct tlb_entry *t)
{
    struct tlb_log *log = log_of(m, t);
    mmu_lock(m);
    for_each_filled(m, log, t, drop_entry, 0);
    log->n = 0;
    memset(log->chunks, 0, sizeof log->chunks);
    mmu_unlock(m);
}

static unsigned bank_of(int priv)
{
    return priv == PRV_M ? 2 : (unsigned)priv;
}

void mmu_new_fetch_epoch(struct mmu *m)
{
    /* (one counter for every hart: harts on one thread share a code
     * arena and its predictions, which must not match another hart's
     * epoch by chance; values are never handed out twice, so whichever
     * of two racing stores lands last, the old value is gone; a release,
     * so that what the caller cleared before, the jump cache say, is
     * seen by whoever sees the new epoch) */
    static uint64_t last;
    __atomic_store_n(&m->fetch_epoch, __atomic_add_fetch(&last, 1, __ATOMIC_RELAXED),
                     __ATOMIC_RELEASE);
}

void mmu_flush(struct mmu *m)
{
    mmu_new_fetch_epoch(m);
    for (unsigned b = 0; b < 3; b++)
        for (unsigned acc = 0; acc < 3; acc++)
            flush_entries(m, m->banks[b][acc]);
    m->tlb_has_superpage = false;
    m->super_lo = UINT64_MAX;
    m->super_hi = 0;
}

void mmu_init(struct mmu *m, struct bus *bus)
{
    memset(m, 0, sizeof(*m));
    m->bus = bus;
    m->priv_fetch = m->priv_data = PRV_M;
    m->hw_ad = true;            /* the walker sets A/D unless told otherwise */
    m->satp_modes = 1u << SATP_MODE_BARE | 1u << SATP_MODE_SV39 |
                    1u << SATP_MODE_SV48 | 1u << SATP_MODE_SV57;
    for (unsigned acc = 0; acc < 3; acc++)
        m->tlb[acc] = m->banks[bank_of(PRV_M)][acc];
    m->fetch_bank = bank_of(PRV_M);
    pmp_decode(m);              /* no entry: one piece, no match */
    /* Zeroed entries look valid (tag 0): the first flush must visit all. */
    for (unsigned b = 0; b < 3; b++)
        for (unsigned acc = 0; acc < 3; acc++) {
            struct tlb_log *log = &m->logs[b][acc];
            log->n = TLB_LOG_SIZE + 1;
            memset(log->chunks, 0xff, sizeof log->chunks);
        }
    mmu_flush(m);
}

void mmu_flush_va(struct mmu *m, uint64_t va)
{
    if (m->tlb_has_superpage && va >= m->super_lo && va < m->super_hi) {
        mmu_flush(m);
        return;
    }
    uint64_t tag = va & PAGE_MASK;
    unsigned idx = (unsigned)(va >> PAGE_SHIFT) & (TLB_SIZE - 1);
    /* A new fetch epoch only when a fetch entry goes: every prediction
     * of a jump target was made through a fetch entry, and one that left
     * the TLB earlier (replaced: tlb_fill) took a new epoch with it. */
    bool fetch = false;
    mmu_lock(m);
    for (unsigned b = 0; b < 3; b++)
        for (int acc = ACC_FETCH; acc <= ACC_STORE; acc++)
            if (m->banks[b][acc][idx].vtag == tag) {
                drop_entry(m, &m->banks[b][acc][idx], 0);
                fetch |= acc == ACC_FETCH;
            }
    mmu_unlock(m);
    if (fetch)
        mmu_new_fetch_epoch(m);
}

void mmu_flush_store_pa(struct mmu *m, uint64_t pa_page)
{
    mmu_lock(m);
    for (unsigned b = 0; b < 3; b++) {
        struct tlb_entry *t = m->banks[b][ACC_STORE];
        for_each_filled(m, log_of(m, t), t, drop_if_pa, pa_page & PAGE_MASK);
    }
    mmu_unlock(m);
}

void mmu_set_context(struct mmu *m, int priv_fetch, int priv_data, bool sum,
                     bool mxr)
{
    /* Fetch permissions depend only on the fetch privilege (SUM never
     * allows S-mode fetches from U pages; MXR concerns loads): each
     * privilege keeps its own fetch TLB. */
    m->fetch_bank = bank_of(priv_fetch);
    m->priv_fetch = priv_fetch;
    m->tlb[ACC_FETCH] = m->banks[bank_of(priv_fetch)][ACC_FETCH];
    /* Data permissions also depend on SUM and MXR: a bank filled under
     * other values is emptied before use. */
    unsigned b = bank_of(priv_data);
    if (m->bank_sum[b] != sum || m->bank_mxr[b] != mxr) {
        flush_entries(m, m->banks[b][ACC_LOAD]);
        flush_entries(m, m->banks[b][ACC_STORE]);
        m->bank_sum[b] = sum;
        m->bank_mxr[b] = mxr;
    }
    m->priv_data = priv_data;
    m->sum = sum;
    m->mxr = mxr;
    m->tlb[ACC_LOAD] = m->banks[b][ACC_LOAD];
    m->tlb[ACC_STORE] = m->banks[b][ACC_STORE];
}

void mmu_write_satp(struct mmu *m, uint64_t val)
{
    /* WARL: a write selecting an unsupported MODE has no effect at all
     * (spec 4.1.11). */
    if (!(m->satp_modes & (1u << satp_mode(val))))
        return;
    m->satp = val & ((0xfull << SATP_MODE_SHIFT) | SATP_ASID_MASK |
                     SATP_PPN_MASK);
    mmu_flush(m);
}

/* Leaf permission check (spec 4.3.2 step 5, with SUM and MXR from 4.1.1). */
static bool leaf_allows(const struct mmu *m, uint64_t pte,
                        enum mmu_access acc, int priv)
{
    if (pte & PTE_U) {
        /* S-mode may load/store U pages only with SUM, never execute. */
        if (priv == PRV_S && (acc == ACC_FETCH || !m->sum))
            return false;
    } else if (priv == PRV_U) {
        return false;
    }
    switch (acc) {
    case ACC_FETCH:
        return pte & PTE_X;
    case ACC_LOAD:
        return (pte & PTE_R) || (m->mxr && (pte & PTE_X));
    case ACC_STORE:
    default:
        return pte & PTE_W;
    }
}

static bool read_pte(struct mmu *m, uint64_t pte_pa, bool commit,
                     uint64_t *pte)
{
    if (commit)
        return bus_load(m->bus, pte_pa, 8, pte);
    /* A debugger must not trigger device side effects: RAM only. */
    const uint8_t *p = bus_ram_ptr(m->bus, pte_pa, 8);
    if (!p)
        return false;
    *pte = le_load(p, 8);
    return true;
}

/* Sets A (and D for a store) in the PTE at pte_pa, which held old.  The
 * update must be atomic with the read (spec 4.3.2 step 7): in RAM it is a
 * compare-and-swap, and a lost race walks again.  Returns 0, WALK_RETRY or
 * the access-fault cause. */
static int update_ad(struct mmu *m, uint64_t pte_pa, uint64_t old,
                     enum mmu_access acc)
{
    uint64_t new = old | PTE_A | (acc == ACC_STORE ? PTE_D : 0);
    /* The write is an implicit S-mode access for PMP purposes. */
    if (!pmp_check(m, pte_pa, 8, ACC_STORE, PRV_S))
        return access_fault[acc];
    uint8_t *p = bus_ram_ptr(m->bus, pte_pa, 8);
    uint8_t *flags = bus_page_flags(m->bus, pte_pa);
    if (!p || (*flags & PAGEF_IO))
        return bus_store(m->bus, pte_pa, 8, new) ? 0 : access_fault[acc];
    if (*flags & PAGEF_WATCH)
        bus_invalidate_code(m->bus, pte_pa, 8);
    uint64_t expect, desired;           /* guest (little-endian) layout */
    le_store(&expect, 8, old);
    le_store(&desired, 8, new);
    /* pte_pa is 8-aligned and RAM is page-aligned, so p is 8-aligned. */
    if (!__atomic_compare_exchange_n((uint64_t *)(void *)p, &expect, desired,
                                     false, __ATOMIC_SEQ_CST,
                                     __ATOMIC_SEQ_CST))
        return WALK_RETRY;
    return 0;
}

/* A leaf's N and PBMT bits (bits 63:61): PBMT needs Svpbmt with
 * menvcfg.PBMTE and never takes the reserved value 3; N needs Svnapot, a
 * level-0 leaf and ppn[3:0] = 1000, the only NAPOT size defined.  Anything
 * else is reserved: the PTE is invalid. */
static bool leaf_high_bits_ok(const struct mmu *m, uint64_t pte, int level)
{
    uint64_t pbmt = pte & PTE_PBMT;
    if (pbmt && (!m->pbmte || pbmt == PTE_PBMT_RESERVED))
        return false;
    if (!(pte & PTE_N))
        return true;
    uint64_t ppn = (pte >> PTE_PPN_SHIFT) & PPN_MASK;
    return m->napot && level == 0 &&
           (ppn & ((1ull << NAPOT64K_PPN_BITS) - 1)) == NAPOT64K_PPN_LOW;
}

/* The page-table walk of spec 4.3.2 generalised to 3/4/5 levels.  With
 * commit false (debugger) there are no permission, PMP or A/D steps.
 * Returns 0 with *pa (and *super when the leaf is a superpage), an
 * exception cause, or WALK_RETRY. */
static int walk(struct mmu *m, uint64_t va, enum mmu_access acc, int priv,
                bool commit, uint64_t *pa, bool *super)
{
    unsigned levels = mode_levels[satp_mode(m->satp)];
    unsigned va_bits = PAGE_SHIFT + LEVEL_BITS * levels;
    /* Bits 63:va_bits must all equal bit va_bits-1 (spec 4.4.1). */
    unsigned sh = 64 - va_bits;
    if ((uint64_t)((int64_t)(va << sh) >> sh) != va)
        return page_fault[acc];

    uint64_t table = (m->satp & SATP_PPN_MASK) << PAGE_SHIFT;
    for (int level = (int)levels - 1; level >= 0; level--) {
        unsigned shift = PAGE_SHIFT + LEVEL_BITS * (unsigned)level;
        uint64_t pte_pa = table + ((va >> shift) & ((1u << LEVEL_BITS) - 1)) * 8;
        uint64_t pte;
        /* PTE reads are implicit S-mode accesses; their failures are
         * access faults of the original access type. */
        if (commit && !pmp_check(m, pte_pa, 8, ACC_LOAD, PRV_S))
            return access_fault[acc];
        if (!read_pte(m, pte_pa, commit, &pte))
            return access_fault[acc];
        if (!(pte & PTE_V) || (pte & (PTE_R | PTE_W)) == PTE_W ||
            (pte & PTE_RESERVED))
            return page_fault[acc];
        uint64_t ppn = (pte >> PTE_PPN_SHIFT) & PPN_MASK;
        if (!(pte & (PTE_R | PTE_X))) {
            /* Pointer to the next level.  D, A and U are reserved here;
             * like Spike we fault rather than silently accept them.  N and
             * PBMT are reserved in non-leaf PTEs (Svnapot, Svpbmt). */
            if (pte & (PTE_D | PTE_A | PTE_U | PTE_N | PTE_PBMT))
                return page_fault[acc];
            table = ppn << PAGE_SHIFT;
            continue;
        }
        if (!leaf_high_bits_ok(m, pte, level))
            return page_fault[acc];
        if (commit && !leaf_allows(m, pte, acc, priv))
            return page_fault[acc];
        /* A superpage's PPN must be aligned to its size (step 6). */
        if (ppn & ((1ull << (LEVEL_BITS * (unsigned)level)) - 1))
            return page_fault[acc];
        if (commit && (!(pte & PTE_A) || (acc == ACC_STORE && !(pte & PTE_D)))) {
            /* Svade (menvcfg.ADUE = 0): the page fault lets software set
             * A/D; Svadu: the walker does, atomically (step 7) */
            if (!m->hw_ad)
                return page_fault[acc];
            int r = update_ad(m, pte_pa, pte, acc);
            if (r)
                return r;
        }
        uint64_t size = 1ull << shift;
        if (pte & PTE_N) {      /* a 64 KiB NAPOT page: ppn[3:0] come from va */
            size = 1ull << (PAGE_SHIFT + NAPOT64K_PPN_BITS);
            ppn &= ~((1ull << NAPOT64K_PPN_BITS) - 1);
        }
        *pa = (ppn << PAGE_SHIFT) | (va & (size - 1));
        *super = size > PAGE_SIZE;
        m->walk_super_size = size;
        return 0;
    }
    return page_fault[acc];     /* no leaf at the last level */
}

/* Caches the 4 KiB page containing va when every byte of it can take the
 * fast path: plain RAM, whole-page PMP grant, and for stores no
 * translated code. */
static void tlb_fill(struct mmu *m, uint64_t va, uint64_t pa,
                     enum mmu_access acc, int priv, bool super)
{
    if (acc != ACC_FETCH && m->data_slow)
        return;
    uint64_t pa_page = pa & PAGE_MASK;
    uint8_t *host = bus_ram_ptr(m->bus, pa_page, PAGE_SIZE);
    if (!host)
        return;
    /* One decision for the whole page means the same decision for any
     * access inside it (the lowest matching entry covers the page). */
    if (!pmp_check(m, pa_page, PAGE_SIZE, acc, priv))
        return;
    uint64_t va_page = va & PAGE_MASK;
    unsigned idx = (unsigned)(va >> PAGE_SHIFT) & (TLB_SIZE - 1);
    struct tlb_entry *e = tlb_entry_for(m->tlb[acc], va);
    /* The code-page test and the fill as one step under the lock: a hart
     * that makes the page a code page sets the flag, then drops store
     * entries under this lock, so it either finds this entry or this fill
     * sees the flag (block.c mark_code_page). */
    if (acc == ACC_STORE)
        mmu_lock(m);
    uint8_t flags = __atomic_load_n(bus_page_flags(m->bus, pa_page), __ATOMIC_SEQ_CST);
    if ((flags & PAGEF_IO) || (acc == ACC_STORE && (flags & PAGEF_WATCH))) {
        if (acc == ACC_STORE)
            mmu_unlock(m);
        return;
    }
    /* A valid entry is already logged (or the log overflowed): replacing
     * it needs no new record.  A fetch entry replaced takes the fetch
     * epoch with it (mmu_flush_va relies on it). */
    if (e->vtag == TLB_INVALID)
        log_fill(log_of(m, m->tlb[acc]), idx);
    else if (acc == ACC_FETCH)
        mmu_new_fetch_epoch(m);
    e->addend = (uintptr_t)host - (uintptr_t)va_page;
    __atomic_store_n(&e->vtag, va_page, __ATOMIC_RELEASE);
    if (acc == ACC_STORE)
        mmu_unlock(m);
    if (super) {
        uint64_t base = va & ~(m->walk_super_size - 1);
        m->tlb_has_superpage = true;
        if (base < m->super_lo)
            m->super_lo = base;
        if (base + m->walk_super_size > m->super_hi || base + m->walk_super_size == 0)
            m->super_hi = base + m->walk_super_size == 0 ? UINT64_MAX : base + m->walk_super_size;
    }
}

static bool paging_on(const struct mmu *m, int priv)
{
    return priv != PRV_M && mode_levels[satp_mode(m->satp)] != 0;
}

/* The TLB's entry for va's page, whatever the access's alignment, or
 * NULL. */
static const struct tlb_entry *page_entry(struct mmu *m, uint64_t va, enum mmu_access acc)
{
    const struct tlb_entry *e = tlb_entry_for(m->tlb[acc], va);
    /* (relaxed: another thread may drop a store entry, mmu.lock) */
    if (__atomic_load_n(&e->vtag, __ATOMIC_RELAXED) == (va & PAGE_MASK))
        return e;
    return NULL;
}

/* A translation the TLB could not answer (the slow path also runs for
 * AMOs, page-crossing and device accesses whose page may be cached). */
static void count_miss(struct mmu *m, uint64_t va, enum mmu_access acc)
{
    if (page_entry(m, va, acc))
        return;
    m->tlb_misses[acc][m->priv_fetch & 3]++;
    if (m->miss_hook)
        m->miss_hook(m->miss_opaque);
}

int mmu_translate_size(struct mmu *m, uint64_t va, unsigned size,
                       enum mmu_access acc, uint64_t *pa)
{
    int priv = acc == ACC_FETCH ? m->priv_fetch : m->priv_data;
    uint64_t p = va;
    bool super = false;
    if (paging_on(m, priv)) {
        int r;
        count_miss(m, va, acc);
        do
            r = walk(m, va, acc, priv, true, &p, &super);
        while (r == WALK_RETRY);
        if (r)
            return r;
    }
    if (!pmp_check(m, p, size, acc, priv))
        return access_fault[acc];
    if (!bus_ram_ptr(m->bus, p, size) && !bus_find_mmio(m->bus, p, size))
        return access_fault[acc];
    tlb_fill(m, va, p, acc, priv, super);
    *pa = p;
    return 0;
}

int mmu_translate_cached(struct mmu *m, uint64_t va, unsigned size,
                         enum mmu_access acc, uint64_t *pa)
{
    const struct tlb_entry *e = page_entry(m, va, acc);
    if (!e)
        return mmu_translate_size(m, va, size, acc, pa);
    *pa = tlb_entry_pa(m, e) | (va & (PAGE_SIZE - 1));
    return 0;
}

int mmu_translate(struct mmu *m, uint64_t va, enum mmu_access acc, uint64_t *pa)
{
    return mmu_translate_size(m, va, 1, acc, pa);
}

bool mmu_debug_translate(struct mmu *m, uint64_t va, uint64_t *pa)
{
    if (!paging_on(m, m->priv_data)) {
        *pa = va;
        return true;
    }
    bool super;
    return walk(m, va, ACC_LOAD, m->priv_data, false, pa, &super) == 0;
}
