/* Block cache: lookup, translation, page invalidation. */
#include <stdlib.h>

#include "block.h"
#include "jit.h"

#define ARENA_SIZE (64u << 20)

static void bc_invalidate_page(void *opaque, uint64_t page_pa);

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

void block_cache_flush(struct block_cache *bc)
{
    /* Nothing translated since the last flush (every block lives in the
     * arena): the tables are clear already.  A machine's power-on reset
     * lands here, and memsetting the tables anyway would make the host back
     * 2.5 MiB of pages that no block ever used. */
    if (bc->arena_used == 0)
        return;
    memset(bc->hash, 0, sizeof bc->hash);
    memset(bc->page_heads, 0, bc->npages * sizeof *bc->page_heads);
    for (uint64_t i = 0; i < bc->npages; i++)
        bc->bus->page_flags[i] &= (uint8_t)~PAGEF_CODE;
    bc->arena_used = 0;
    jit_flush(bc->jit);
    /* the arena is reused: no hart may keep pointers into it */
    for (int i = 0; i < bc->nharts; i++)
        if (bc->harts[i]->jcache)
            memset(bc->harts[i]->jcache, 0, JCACHE_SIZE * sizeof(struct jcache_entry));
    bc->generation++;
    bc->flushes++;
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
    if (*pp)
        *pp = b->hnext;
}

static void bc_invalidate_page(void *opaque, uint64_t page_pa)
{
    struct block_cache *bc = opaque;
    uint64_t idx = (page_pa - bc->bus->ram_base) >> PAGE_SHIFT;
    if (idx >= bc->npages)
        return;
    for (struct block *b = bc->page_heads[idx]; b; b = b->pnext) {
        b->valid = false;
        unlink_hash(bc, b);
        for (int i = 0; i < bc->nharts; i++) {
            struct hart *h = bc->harts[i];
            if (h->jcache && jcache_slot(h, b->pa)->b == b)
                memset(jcache_slot(h, b->pa), 0, sizeof(struct jcache_entry));
        }
    }
    bc->page_heads[idx] = NULL;
    bc->bus->page_flags[idx] &= (uint8_t)~PAGEF_CODE;
    bc->generation++;
}

struct block *block_find(struct block_cache *bc, uint64_t pa)
{
    struct block **head = &bc->hash[hash_pa(pa)];
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
    return e->b && e->pa == pa && e->b->valid ? e->b : NULL;
}

void block_set_code(struct block_cache *bc, struct block *b, void *code)
{
    b->jit_code = code;
    for (int i = 0; i < bc->nharts; i++) {
        struct hart *h = bc->harts[i];
        if (h->jcache && jcache_slot(h, b->pa)->b == b)
            jcache_slot(h, b->pa)->code = code;
    }
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
    if (*flags & PAGEF_CODE)
        return;
    *flags |= PAGEF_CODE;
    for (int i = 0; i < bc->nharts; i++)
        mmu_flush_store_pa(&bc->harts[i]->mmu, pa & PAGE_MASK);
}

/* Decodes instructions from pa up to a block-ending instruction, the page
 * end or the length cap.  An instruction straddling the page end is left for
 * the single-step path. */
static unsigned scan(struct hart *h, uint64_t pa, const uint8_t *page,
                     struct insn *out)
{
    unsigned off = (unsigned)(pa & (PAGE_SIZE - 1)), n = 0;
    while (n < BLOCK_MAX_INSNS && off + 2 <= PAGE_SIZE) {
        uint32_t raw = (uint32_t)le_load(page + off, 2);
        if ((raw & 3) == 3) {
            if (off + 4 > PAGE_SIZE)
                break;
            raw = (uint32_t)le_load(page + off, 4);
        }
        decode(&out[n], raw, h->misa, h->zext);
        out[n].off = (uint16_t)(off - (unsigned)(pa & (PAGE_SIZE - 1)));
        off += out[n].len;
        if (op_ends_block((enum op)out[n++].op))
            break;
    }
    return n;
}

struct block *block_get(struct hart *h, uint64_t pc, uint64_t pa)
{
    struct block_cache *bc = h->bc;
    struct jcache_entry none = { 0, NULL, NULL };
    struct jcache_entry *slot = h->jcache ? jcache_slot(h, pa) : &none;
    if (slot->b && slot->pa == pa && slot->b->valid)
        return slot->b;
    struct block *b = block_find(bc, pa);
    if (b) {
        *slot = (struct jcache_entry){ pa, b->jit_code, b };
        return b;
    }
    const uint8_t *page = bus_ram_ptr(bc->bus, pa & PAGE_MASK, PAGE_SIZE);
    if (!page || (*bus_page_flags(bc->bus, pa) & PAGEF_IO))
        return NULL;
    struct insn tmp[BLOCK_MAX_INSNS];
    unsigned n = scan(h, pa, page, tmp);
    if (n == 0)
        return NULL;
    size_t need = sizeof(struct block) + (n + 1) * sizeof(struct insn);
    void *mem = arena_alloc(bc, need);
    if (!mem) {
        /* Safe: called between blocks, nothing points into the arena. */
        block_cache_flush(bc);
        mem = arena_alloc(bc, need);
    }
    b = mem;
    memset(b, 0, sizeof *b);
    b->insns = (struct insn *)(b + 1);
    memcpy(b->insns, tmp, n * sizeof *tmp);
    memset(&b->insns[n], 0, sizeof b->insns[n]);
    b->insns[n].op = OP_END_BLOCK;
    b->insns[n].off = (uint16_t)(tmp[n - 1].off + tmp[n - 1].len);
    b->n = n;
    b->pa = pa;
    b->valid = true;
    unsigned hidx = hash_pa(pa);
    b->hnext = bc->hash[hidx];
    bc->hash[hidx] = b;
    uint64_t pidx = (pa - bc->bus->ram_base) >> PAGE_SHIFT;
    b->pnext = bc->page_heads[pidx];
    bc->page_heads[pidx] = b;
    mark_code_page(bc, pa);
    bc->blocks_built++;
    *slot = (struct jcache_entry){ pa, NULL, b };
    (void)pc;
    return b;
}
