/* Block cache: lookup, translation, page invalidation.
 *
 * Harts on host threads (README, "SMP"): every hart has its own cache and
 * code arena, so a cache's blocks are built, chained, patched and flushed
 * by its own thread only, and no thread ever patches code another may be
 * running.  The caches of a machine form a group with one lock, taken to
 * change any of them (a translation, a page drop, a flush), never to look
 * up: the jump cache, the hash chains and the chain links are read
 * lock-free (a dropped block keeps its memory until its own hart's next
 * flush, so a reader that still holds it reads valid memory).  Dropping a
 * page (a store or DMA to code from any thread) clears its blocks in
 * every cache of the group; another hart may finish the stale block it is
 * in, which RISC-V allows (only its own fence.i, which leaves the block,
 * must see the new code). */
#include <stdlib.h>

#include "block.h"
#include "jit.h"

#define ARENA_SIZE (64u << 20)

static void bc_invalidate_page(void *opaque, uint64_t page_pa);

struct code_group {
    pthread_mutex_t lock;
    struct block_cache *caches[BC_MAX_HARTS];
    unsigned n;
};

static void bc_lock(struct block_cache *bc)
{
    if (bc->group)
        pthread_mutex_lock(&bc->group->lock);
}

static void bc_unlock(struct block_cache *bc)
{
    if (bc->group)
        pthread_mutex_unlock(&bc->group->lock);
}

struct block_cache *block_cache_new(struct bus *bus)
{
    struct block_cache *bc = calloc(1, sizeof *bc);
    if (!bc)
        return NULL;
    bc->bus = bus;
    bc->npages = bus->ram_size >> PAGE_SHIFT;
    bc->page_heads = calloc(bc->npages ? bc->npages : 1, sizeof *bc->page_heads);
    bc->arena_size = ARENA_SIZE;
    bc->arena = malloc(bc->arena_size);
    if (!bc->page_heads || !bc->arena) {
        block_cache_free(bc);
        return NULL;
    }
    bc->jit = jit_new();        /* NULL: the blocks are interpreted */
    bus->code_invalidate = bc_invalidate_page;
    bus->code_opaque = bc;
    return bc;
}

void block_cache_free(struct block_cache *bc)
{
    if (!bc)
        return;
    jit_free(bc->jit);
    free(bc->page_heads);
    free(bc->arena);
    free(bc);
}

/* Translated code was dropped: the JIT's predictions of jump targets
 * (cpu/jit.c), which skip the jump cache, must not use it again.  After
 * the jump-cache entries are cleared, so that a lookup racing with the
 * drop either reads the new epoch or the cleared entry. */
static void bump_fetch_epochs(struct block_cache *bc)
{
    for (int i = 0; i < bc->nharts; i++)
        mmu_new_fetch_epoch(&bc->harts[i]->mmu);
}

static void flush_locked(struct block_cache *bc)
{
    /* Nothing translated since the last flush (every block lives in the
     * arena): the tables are clear already.  A machine's power-on reset
     * lands here, and memsetting the tables anyway would make the host back
     * 2.5 MiB of pages that no block ever used. */
    if (bc->arena_used == 0)
        return;
    memset(bc->hash, 0, sizeof bc->hash);
    memset(bc->page_heads, 0, bc->npages * sizeof *bc->page_heads);
    /* (in a group the other caches may still hold code on these pages:
     * the flags stay, and a later store merely finds nothing to drop) */
    for (uint64_t i = 0; !bc->group && i < bc->npages; i++)
        bc->bus->page_flags[i] &= (uint8_t)~PAGEF_CODE;
    bc->arena_used = 0;
    jit_flush(bc->jit);
    /* the arena is reused: no hart may keep pointers into it */
    for (int i = 0; i < bc->nharts; i++)
        if (bc->harts[i]->jcache)
            memset(bc->harts[i]->jcache, 0, JCACHE_SIZE * sizeof(struct jcache_entry));
    bump_fetch_epochs(bc);
    __atomic_fetch_add(&bc->generation, 1, __ATOMIC_RELAXED);
    bc->flushes++;
}

void block_cache_flush(struct block_cache *bc)
{
    bc_lock(bc);
    flush_locked(bc);
    bc_unlock(bc);
}

bool block_cache_group(struct block_cache **caches, unsigned n)
{
    struct code_group *g = calloc(1, sizeof *g);
    if (!g || n == 0 || n > BC_MAX_HARTS) {
        free(g);
        return false;
    }
    pthread_mutex_init(&g->lock, NULL);
    for (unsigned i = 0; i < n; i++) {
        g->caches[i] = caches[i];
        caches[i]->group = g;
        jit_set_host_fences(caches[i]->jit, true);
        flush_locked(caches[i]);    /* fences translated before were empty */
    }
    g->n = n;
    caches[0]->bus->code_invalidate = bc_invalidate_page;
    caches[0]->bus->code_opaque = caches[0];
    return true;
}

void block_cache_ungroup(struct block_cache **caches, unsigned n)
{
    if (n == 0 || !caches[0]->group)
        return;
    struct code_group *g = caches[0]->group;
    for (unsigned i = 0; i < n; i++)
        caches[i]->group = NULL;
    pthread_mutex_destroy(&g->lock);
    free(g);
}

void block_cache_stats(const struct block_cache *bc, uint64_t *built, uint64_t *flushes)
{
    *built = bc->blocks_built;
    *flushes = bc->flushes;
}

static unsigned hash_pa(uint64_t pa)
{
    uint64_t k = (pa >> 1) * 0x9e3779b97f4a7c15ull;    /* Fibonacci hashing */
    return (unsigned)(k >> (64 - BC_HASH_BITS));
}

static void unlink_hash(struct block_cache *bc, struct block *b)
{
    struct block **pp = &bc->hash[hash_pa(b->pa)];
    while (*pp && *pp != b)
        pp = &(*pp)->hnext;
    if (*pp)    /* (a lock-free reader at b still finds the rest of the chain) */
        __atomic_store_n(pp, b->hnext, __ATOMIC_RELEASE);
}

/* Drops the blocks of RAM page idx from one cache (group lock held). */
static void drop_page(struct block_cache *bc, uint64_t idx)
{
    for (struct block *b = bc->page_heads[idx]; b; b = b->pnext) {
        __atomic_store_n(&b->valid, false, __ATOMIC_RELAXED);
        unlink_hash(bc, b);
        for (int i = 0; i < bc->nharts; i++) {
            struct hart *h = bc->harts[i];
            struct jcache_entry *e = h->jcache ? jcache_slot(h, b->pa) : NULL;
            if (e && e->b == b) {
                /* (the owner's lookups read these without the lock) */
                __atomic_store_n(&e->pa, 0, __ATOMIC_RELAXED);
                __atomic_store_n(&e->code, NULL, __ATOMIC_RELAXED);
                __atomic_store_n(&e->b, NULL, __ATOMIC_RELAXED);
            }
        }
    }
    __atomic_store_n(&bc->page_heads[idx], NULL, __ATOMIC_RELAXED);
    bump_fetch_epochs(bc);
    __atomic_fetch_add(&bc->generation, 1, __ATOMIC_RELAXED);
}

static void bc_invalidate_page(void *opaque, uint64_t page_pa)
{
    struct block_cache *bc = opaque;
    uint64_t idx = (page_pa - bc->bus->ram_base) >> PAGE_SHIFT;
    if (idx >= bc->npages)
        return;
    struct code_group *g = bc->group;
    if (g) {
        pthread_mutex_lock(&g->lock);
        for (unsigned i = 0; i < g->n; i++)
            drop_page(g->caches[i], idx);
    } else {
        drop_page(bc, idx);
    }
    __atomic_fetch_and(&bc->bus->page_flags[idx], (uint8_t)~PAGEF_CODE, __ATOMIC_RELEASE);
    if (g)
        pthread_mutex_unlock(&g->lock);
}

struct block *block_find(struct block_cache *bc, uint64_t pa)
{
    struct block **head = &bc->hash[hash_pa(pa)];
    if (bc->group) {
        /* lock-free: chains change under the group lock only, and no
         * block's memory is reused before its own hart flushes */
        for (struct block *b = __atomic_load_n(head, __ATOMIC_ACQUIRE); b;
             b = __atomic_load_n(&b->hnext, __ATOMIC_ACQUIRE))
            if (b->pa == pa)
                return b;
        return NULL;
    }
    for (struct block **pp = head; *pp; pp = &(*pp)->hnext) {
        struct block *b = *pp;
        if (b->pa == pa) {
            /* move to front: hot blocks are found at once next time */
            *pp = b->hnext;
            b->hnext = *head;
            *head = b;
            return b;
        }
    }
    return NULL;
}

struct block *block_lookup_fast(struct hart *h, uint64_t va)
{
    uint8_t *hp = mmu_fast(&h->mmu, va, 2, ACC_FETCH);
    if (!hp || !h->jcache)
        return NULL;
    uint64_t pa = h->bus->ram_base + (uint64_t)(hp - h->bus->ram);
    const struct jcache_entry *e = jcache_slot(h, pa);
    struct block *b = __atomic_load_n(&e->b, __ATOMIC_RELAXED);
    return b && __atomic_load_n(&e->pa, __ATOMIC_RELAXED) == pa && block_valid(b) ? b : NULL;
}

void block_set_code(struct block_cache *bc, struct block *b, void *code)
{
    bc_lock(bc);
    b->jit_code = code;
    for (int i = 0; i < bc->nharts; i++) {
        struct hart *h = bc->harts[i];
        if (h->jcache && jcache_slot(h, b->pa)->b == b)
            __atomic_store_n(&jcache_slot(h, b->pa)->code, code, __ATOMIC_RELAXED);
    }
    bc_unlock(bc);
}

static void *arena_alloc(struct block_cache *bc, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (bc->arena_used + size > bc->arena_size)
        return NULL;
    void *p = bc->arena + bc->arena_used;
    bc->arena_used += size;
    return p;
}

/* Marks the page as holding code; stores to it must now take the slow path
 * on every hart, so their store-TLB entries for it go. */
static void mark_code_page(struct block_cache *bc, uint64_t pa)
{
    uint8_t *flags = bus_page_flags(bc->bus, pa);
    if (__atomic_load_n(flags, __ATOMIC_ACQUIRE) & PAGEF_CODE)
        return;
    __atomic_fetch_or(flags, (uint8_t)PAGEF_CODE, __ATOMIC_SEQ_CST);
    struct code_group *g = bc->group;
    for (unsigned c = 0; c < (g ? g->n : 1); c++) {
        struct block_cache *o = g ? g->caches[c] : bc;
        for (int i = 0; i < o->nharts; i++)
            mmu_flush_store_pa(&o->harts[i]->mmu, pa & PAGE_MASK);
    }
}

/* Decodes instructions from pa up to a block-ending instruction (past
 * forward conditional branches: branch_continues_block), the page end or
 * the length cap.  An instruction straddling the page end is left for
 * the single-step path. */
static unsigned scan(struct hart *h, uint64_t pa, const uint8_t *page,
                     struct insn *out, unsigned max)
{
    unsigned off = (unsigned)(pa & (PAGE_SIZE - 1)), n = 0, sides = 0;
    while (n < max && off + 2 <= PAGE_SIZE) {
        uint32_t raw = (uint32_t)le_load(page + off, 2);
        if ((raw & 3) == 3) {
            if (off + 4 > PAGE_SIZE)
                break;
            raw = (uint32_t)le_load(page + off, 4);
        }
        decode(&out[n], raw, h->misa, h->zext);
        out[n].off = (uint16_t)(off - (unsigned)(pa & (PAGE_SIZE - 1)));
        off += out[n].len;
        const struct insn *ins = &out[n++];
        if (op_ends_block((enum op)ins->op) && !branch_continues_block(ins, sides++))
            break;
    }
    return n;
}

/* Whether ins jumps back to the start of the block whose instructions'
 * offsets it shares: a conditional branch, or a jal that links nothing. */
static bool jumps_to_start(const struct insn *ins)
{
    bool back = op_info[ins->op].cls == CL_BRANCH || (ins->op == OP_jal && ins->rd == 0);
    return back && ins->off + ins->imm == 0;
}

/* A loop block's tails (block.h), decoded into tail[] after body's n
 * instructions; returns how many instructions they hold. */
static unsigned scan_tails(struct hart *h, uint64_t pa, const uint8_t *page,
                           struct insn *body, unsigned n, struct block_tail *tails,
                           uint8_t *ntails, struct insn *tail)
{
    unsigned start = (unsigned)(pa & (PAGE_SIZE - 1)), used = 0;
    unsigned end = body[n - 1].off + body[n - 1].len;
    *ntails = 0;
    if (n < 2 || !jumps_to_start(&body[n - 1]))
        return 0;
    for (unsigned k = 0; k + 1 < n && *ntails < BLOCK_SIDE_EXITS; k++) {
        const struct insn *br = &body[k];
        if (op_info[br->op].cls != CL_BRANCH)
            continue;
        int64_t at = br->off + br->imm;
        if (at < (int64_t)end || (int64_t)start + at + 2 > (int64_t)PAGE_SIZE)
            continue;
        struct insn t[BLOCK_TAIL_MAX];
        unsigned got = scan(h, pa + (uint64_t)at, page, t, BLOCK_TAIL_MAX), len = 0;
        while (len < got && !op_ends_block((enum op)t[len].op))
            len++;
        if (len == got)
            continue;           /* no block-ending instruction in reach */
        len++;
        if (k + 1 + len > BLOCK_MAX_INSNS)
            continue;           /* (an iteration is a block's length at most) */
        for (unsigned i = 0; i < len; i++)
            t[i].off = (uint16_t)(t[i].off + at);     /* from the block's start */
        if (!jumps_to_start(&t[len - 1]))
            continue;
        tails[*ntails] = (struct block_tail){ (uint8_t)k, (uint8_t)(n + 1 + used),
                                              (uint8_t)len };
        memcpy(&tail[used], t, len * sizeof *t);
        used += len;
        ++*ntails;
    }
    return used;
}

/* block_get's miss: the group lock held. */
static struct block *find_or_build(struct hart *h, uint64_t pa, struct jcache_entry *slot)
{
    struct block_cache *bc = h->bc;
    struct block *b = block_find(bc, pa);
    if (b) {
        *slot = (struct jcache_entry){ pa, b->jit_code, b };
        return b;
    }
    const uint8_t *page = bus_ram_ptr(bc->bus, pa & PAGE_MASK, PAGE_SIZE);
    if (!page || (*bus_page_flags(bc->bus, pa) & PAGEF_IO))
        return NULL;
    /* The page is a code page before its bytes are read: from then on
     * every hart's store to it takes the slow path and drops this block
     * (a store another hart had already begun through its TLB may still
     * land after the read, README "SMP"). */
    mark_code_page(bc, pa);
    struct insn tmp[BLOCK_MAX_INSNS], tail[BLOCK_SIDE_EXITS * BLOCK_TAIL_MAX];
    unsigned n = scan(h, pa, page, tmp, BLOCK_MAX_INSNS);
    if (n == 0)
        return NULL;
    struct block_tail tails[BLOCK_SIDE_EXITS];
    uint8_t ntails;
    unsigned ntail = scan_tails(h, pa, page, tmp, n, tails, &ntails, tail);
    size_t need = sizeof(struct block) + (n + 1 + ntail) * sizeof(struct insn);
    void *mem = arena_alloc(bc, need);
    if (!mem) {
        /* Safe: called between blocks, nothing points into the arena. */
        flush_locked(bc);
        mark_code_page(bc, pa);
        mem = arena_alloc(bc, need);
    }
    b = mem;
    memset(b, 0, sizeof *b);
    b->insns = (struct insn *)(b + 1);
    memcpy(b->insns, tmp, n * sizeof *tmp);
    memset(&b->insns[n], 0, sizeof b->insns[n]);
    b->insns[n].op = OP_END_BLOCK;
    b->insns[n].off = (uint16_t)(tmp[n - 1].off + tmp[n - 1].len);
    memcpy(&b->insns[n + 1], tail, ntail * sizeof *tail);
    memcpy(b->tails, tails, sizeof tails);
    b->ntails = ntails;
    b->n = n;
    b->pa = pa;
    b->valid = true;
    unsigned hidx = hash_pa(pa);
    b->hnext = bc->hash[hidx];
    uint64_t pidx = (pa - bc->bus->ram_base) >> PAGE_SHIFT;
    b->pnext = bc->page_heads[pidx];
    /* published complete (lock-free readers of the hash chain) */
    __atomic_store_n(&bc->hash[hidx], b, __ATOMIC_RELEASE);
    bc->page_heads[pidx] = b;
    bc->blocks_built++;
    *slot = (struct jcache_entry){ pa, NULL, b };
    return b;
}

struct block *block_get(struct hart *h, uint64_t pc, uint64_t pa)
{
    struct block_cache *bc = h->bc;
    struct jcache_entry none = { 0, NULL, NULL };
    struct jcache_entry *slot = h->jcache ? jcache_slot(h, pa) : &none;
    struct block *b = __atomic_load_n(&slot->b, __ATOMIC_RELAXED);
    if (b && __atomic_load_n(&slot->pa, __ATOMIC_RELAXED) == pa && block_valid(b))
        return b;
    (void)pc;
    bc_lock(bc);
    b = find_or_build(h, pa, slot);
    bc_unlock(bc);
    return b;
}
