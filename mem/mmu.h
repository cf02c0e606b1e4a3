/* Address translation for one hart: Sv39/Sv48/Sv57 page walks, PMP, and the
 * per-hart TLBs whose hits are a compare and an add. */
#ifndef RVX_MEM_MMU_H
#define RVX_MEM_MMU_H

#include "bus.h"

enum mmu_access { ACC_FETCH = 0, ACC_LOAD = 1, ACC_STORE = 2 };

/* Privilege levels as encoded in mstatus.MPP. */
enum { PRV_U = 0, PRV_S = 1, PRV_M = 3 };

/* Exception causes the MMU reports (privileged spec, mcause values). */
enum {
    EXC_INSN_ACCESS = 1, EXC_LOAD_ACCESS = 5, EXC_STORE_ACCESS = 7,
    EXC_INSN_PAGE = 12, EXC_LOAD_PAGE = 13, EXC_STORE_PAGE = 15,
};

#define SATP_MODE_BARE 0
#define SATP_MODE_SV39 8
#define SATP_MODE_SV48 9
#define SATP_MODE_SV57 10

/* 16 Ki entries of 4 KiB pages reach 64 MiB, so a working set of that
 * size (memchase) stops missing on every access. */
#define TLB_SIZE 16384
/* Fills logged per table between flushes (most flush intervals of a Linux
 * boot fill a handful); past that, flushes fall back to the coarser
 * record of dirty chunks of TLB_CHUNK entries. */
#define TLB_LOG_SIZE 512
#define TLB_CHUNK 64
#define TLB_CHUNK_WORDS (TLB_SIZE / TLB_CHUNK / 64)
#define PMP_COUNT 16

/* One entry: on 64-bit hosts 16 bytes, 16-aligned, so it never straddles
 * a cache line and its byte offset in a table is one shift and one mask
 * of the address (TLB_ENTRY_SHIFT, what the JITs emit).  (32-bit hosts,
 * whose malloc promises only 8-byte alignment, keep the natural layout.)
 * The physical page is not stored: entries only cache RAM, so it follows
 * from the host pointer (tlb_entry_pa). */
#if UINTPTR_MAX == UINT64_MAX
#define TLB_ENTRY_ALIGN _Alignas(16)
#else
#define TLB_ENTRY_ALIGN
#endif
struct tlb_entry {
    /* Virtual page address; TLB_INVALID when empty.  Its low bits are
     * zero, so comparing it with va & (PAGE_MASK | (size - 1)) checks the
     * page and the alignment at once (mmu_fast). */
    TLB_ENTRY_ALIGN uint64_t vtag;
    uintptr_t addend;   /* host pointer = (uintptr_t)vaddr + addend */
};
#define TLB_ENTRY_SHIFT 4
#if UINTPTR_MAX == UINT64_MAX
_Static_assert(sizeof(struct tlb_entry) == 1u << TLB_ENTRY_SHIFT, "entry size is a shift");
#endif
#define TLB_INVALID (~0ull)

/* Which entries of one table were filled since its last flush, so a
 * flush (or a scan for a physical page) visits those instead of all
 * TLB_SIZE entries.  The exact log holds the first TLB_LOG_SIZE fills;
 * n > TLB_LOG_SIZE means it overflowed and the chunk bitmap (kept for
 * every fill) says which ranges to visit.  Entries invalidated one by one
 * may stay recorded: visiting an empty entry again is harmless. */
struct tlb_log {
    unsigned n;
    uint16_t idx[TLB_LOG_SIZE];
    uint64_t chunks[TLB_CHUNK_WORDS];   /* bit c: entries c*TLB_CHUNK.. */
};
_Static_assert(TLB_SIZE <= 65536, "tlb_log stores indices as uint16_t");
_Static_assert(TLB_SIZE % (TLB_CHUNK * 64) == 0, "whole bitmap words");

struct mmu {
    struct bus *bus;
    uint64_t satp;              /* as last written (WARL-legalised) */
    uint8_t pmpcfg[PMP_COUNT];
    uint64_t pmpaddr[PMP_COUNT];
    /* Kept by pmp_decode (pmp_check runs at every page-table step): the
     * entries that match something, decoded, lowest-numbered first; and
     * the address space cut where any of them starts or ends, each piece
     * with the entry that decides all of its bytes (cfg PMP_NONE: none),
     * pmp_last the piece the last check fell in */
    struct pmp_region { uint64_t lo, hi; uint8_t cfg; } pmp_regions[PMP_COUNT];
    unsigned pmp_nregions;
    struct pmp_piece { uint64_t lo, hi; uint16_t cfg; } pmp_pieces[2 * PMP_COUNT + 1];
    unsigned pmp_npieces, pmp_last;
    /* Translation context, kept current by the hart (mmu_set_context). */
    int priv_fetch, priv_data;  /* data priv already reflects MPRV/MPP */
    bool sum, mxr;
    /* PTE rules the hart configures (hart_update_envcfg; a change flushes):
     * PBMT bits allowed (Svpbmt and menvcfg.PBMTE), A/D updated by the
     * walker (no Svadu, or menvcfg.ADUE; else a missing A/D faults, the
     * Svade behaviour), NAPOT leaves (Svnapot). */
    bool pbmte, hw_ad, napot;
    unsigned satp_modes;        /* bitmask of supported SATP_MODE_* */
    /* One bank of TLBs per privilege (U, S, M), so traps and returns
     * switch banks instead of flushing; tlb[acc] points into the bank of
     * the current fetch (acc = ACC_FETCH) or data privilege. */
    struct tlb_entry *tlb[3];           /* indexed by enum mmu_access */
    /* A new value, never used before by any hart (mmu_new_fetch_epoch),
     * whenever a virtual fetch address may reach other code in a bank: a
     * flush, and (cpu/block.c) every drop of translated code.  The JIT's
     * predictions of jump targets (cpu/jit.c) hold only while it stays
     * the same and the fetch bank (fetch_bank: the index of tlb[ACC_FETCH]
     * in banks, set by its owner only) is the one they were made in: a
     * trap or return switches banks without a new epoch, so predictions
     * made in the other privilege hold again when it comes back. */
    uint64_t fetch_epoch;
    uint64_t fetch_bank;
    struct tlb_entry banks[3][3][TLB_SIZE];
    struct tlb_log logs[3][3];          /* one per table of banks */
    bool bank_sum[3], bank_mxr[3];      /* what each bank's data TLBs were filled under */
    /* Some entry was filled from a superpage (super_lo/super_hi hold). */
    bool tlb_has_superpage;
    /* The virtual range the superpages behind TLB entries cover (entries
     * do not record their page size): a flush of an address inside it
     * drops everything, one outside it only that page's entries. */
    uint64_t super_lo, super_hi;
    uint64_t walk_super_size;   /* page size of the last walk's leaf */
    /* No load/store TLB fills: every data access takes the slow path (the
     * hart sets it while a debugger watches memory or misaligned accesses
     * must trap, so those checks stay out of the fast path). */
    bool data_slow;
    /* Performance-counter events (the hart's Zihpm counters read them):
     * translations that walked the page table because the TLB for the
     * access had no entry for the page, by access type and by the hart's
     * privilege (priv_fetch).  miss_hook, when set, runs after each. */
    uint64_t tlb_misses[3][4];
    void (*miss_hook)(void *opaque);
    void *miss_opaque;
    /* Harts on host threads: another hart's thread drops store entries
     * (mmu_flush_store_pa, when a page becomes a code page) holding this
     * lock, which the owner takes to fill a store entry or to flush;
     * NULL on one thread. */
    pthread_mutex_t *lock;
};

void mmu_init(struct mmu *m, struct bus *bus);

/* Full translation (the slow path): walks the page table when translation
 * is on, updates A/D bits, checks PMP on every PTE access and on the final
 * address.  Returns 0 and sets *pa on success, else the exception cause
 * (page fault or access fault matching acc).  When the resulting page is
 * plain RAM (no PAGEF_IO; for stores also no PAGEF_CODE), PMP grants the
 * whole page and the walk allows it, the TLB for acc is filled. */
int mmu_translate(struct mmu *m, uint64_t va, enum mmu_access acc, uint64_t *pa);
/* The same for a size-byte access (which must not cross a page): PMP then
 * checks every byte, so an access straddling a PMP boundary faults, and
 * the final bus check covers the whole access.  mmu_translate checks one
 * byte. */
int mmu_translate_size(struct mmu *m, uint64_t va, unsigned size,
                       enum mmu_access acc, uint64_t *pa);

/* mmu_translate_size answered from the TLB when it holds va's page.  An
 * entry says the page was translated for this access type in the current
 * context (a walk that allowed it and set A/D), is plain RAM and PMP
 * grants all of it, so any access inside the page may use it as the fast
 * path would: the memory slow path translates this way the accesses the
 * fast path leaves to it (misaligned ones, page-crossing halves), which
 * then cost no walk. */
int mmu_translate_cached(struct mmu *m, uint64_t va, unsigned size,
                         enum mmu_access acc, uint64_t *pa);

/* Translation for a debugger: no A/D updates, no TLB fill, no faults
 * recorded. Returns false if unmapped. */
bool mmu_debug_translate(struct mmu *m, uint64_t va, uint64_t *pa);

/* The tag a size-byte access at va (size a power of two up to
 * PAGE_SIZE; the JITs emit the same mask) must find: its page address with its offset's low
 * log2(size) bits kept.  A valid tag has them zero, so a misaligned
 * access never hits and takes the slow path, which performs it (or traps,
 * --misaligned trap); an aligned access never crosses a page. */
static inline uint64_t tlb_tag_mask(unsigned size)
{
    return PAGE_MASK | (size - 1);
}

static inline uint64_t tlb_access_tag(uint64_t va, unsigned size)
{
    return va & tlb_tag_mask(size);
}

static inline struct tlb_entry *tlb_entry_for(struct tlb_entry *t, uint64_t va)
{
    return &t[(va >> PAGE_SHIFT) & (TLB_SIZE - 1)];
}

/* The fast path: host pointer for a naturally aligned size-byte access at
 * va, or NULL (a miss, or misaligned: call mmu_translate). */
static inline uint8_t *mmu_fast(struct mmu *m, uint64_t va, unsigned size,
                                enum mmu_access acc)
{
    const struct tlb_entry *e = tlb_entry_for(m->tlb[acc], va);
    /* (relaxed: another thread may drop a store entry, mmu.lock) */
    if (__atomic_load_n(&e->vtag, __ATOMIC_RELAXED) == tlb_access_tag(va, size))
        return (uint8_t *)(uintptr_t)((uintptr_t)va + e->addend);
    return NULL;
}

/* For a misaligned access mmu_fast refused: its host pointer when the TLB
 * holds its page and it stays inside the page, else NULL.  Only the
 * executor's miss path asks (the JIT's slow path lands there too), so
 * misaligned accesses cost no walk and no trip through the memory slow
 * path, without a second compare in the fast path. */
static inline uint8_t *mmu_fast_misaligned(struct mmu *m, uint64_t va, unsigned size,
                                           enum mmu_access acc)
{
    const struct tlb_entry *e = tlb_entry_for(m->tlb[acc], va);
    if (__atomic_load_n(&e->vtag, __ATOMIC_RELAXED) == (va & PAGE_MASK) &&
        (va & (PAGE_SIZE - 1)) <= PAGE_SIZE - size)
        return (uint8_t *)(uintptr_t)((uintptr_t)va + e->addend);
    return NULL;
}

/* The physical page a valid entry maps (for flushes by physical page and
 * the monitor). */
static inline uint64_t tlb_entry_pa(const struct mmu *m, const struct tlb_entry *e)
{
    uintptr_t host = (uintptr_t)e->vtag + e->addend;
    return (uint64_t)(host - (uintptr_t)m->bus->ram) + m->bus->ram_base;
}

void mmu_new_fetch_epoch(struct mmu *m);          /* (also from other threads) */
void mmu_flush(struct mmu *m);                    /* every entry */
void mmu_flush_va(struct mmu *m, uint64_t va);    /* entries for that page */
/* Drops store entries that point at a physical page (it just became a code
 * page, so stores to it must take the slow path).  May be called from
 * another hart's thread (under m->lock): it only clears tags, so the
 * owner's fast path, racing, reads either the old entry whole or a miss. */
void mmu_flush_store_pa(struct mmu *m, uint64_t pa_page);

/* Flushes the TLBs when the context differs from the current one. */
void mmu_set_context(struct mmu *m, int priv_fetch, int priv_data, bool sum,
                     bool mxr);

/* satp write with WARL legalisation: unsupported MODE leaves satp as is.
 * Flushes the TLBs. */
void mmu_write_satp(struct mmu *m, uint64_t val);

/* PMP CSRs.  idx for cfg is the pmpcfg CSR number offset (0 or 2 on RV64;
 * odd numbers are illegal and the hart traps before calling). */
uint64_t pmp_read_cfg(const struct mmu *m, unsigned idx);
void pmp_write_cfg(struct mmu *m, unsigned idx, uint64_t val);
uint64_t pmp_read_addr(const struct mmu *m, unsigned idx);
void pmp_write_addr(struct mmu *m, unsigned idx, uint64_t val);
/* Decodes pmpcfg/pmpaddr into pmp_regions and pmp_pieces: after anything that writes
 * them other than pmp_write_* (a reset, a snapshot's restore). */
void pmp_decode(struct mmu *m);
/* True if an access of size bytes at pa by priv is allowed. */
bool pmp_check(struct mmu *m, uint64_t pa, unsigned size,
               enum mmu_access acc, int priv);

#endif
