/* The translated-block cache: pre-decoded basic blocks keyed by physical PC.
 *
 * Invariants (DESIGN.md): a block lies within one physical page; a store to a
 * page holding blocks (CPU or DMA) drops them first (bus->code_invalidate);
 * chained successors are on the same page, so dropping a page drops every
 * link into it.  Dropped blocks stay in the arena until the next full flush,
 * which only happens between blocks, so a running block is never freed. */
#ifndef RVX_CPU_BLOCK_H
#define RVX_CPU_BLOCK_H

#include "internal.h"

#define BLOCK_MAX_INSNS 64
/* A block goes on through the fall-through of up to this many forward
 * conditional branches (a superblock: forward branches are mostly not
 * taken, backward ones close loops and end the block); each such branch
 * leaves the block only when taken, a side exit. */
#define BLOCK_SIDE_EXITS 3
/* Chain slots: [0] the fall-through at the end, [1] the last
 * instruction's taken target, [2 + k] the k-th side exit's target. */
#define BLOCK_SLOTS (2 + BLOCK_SIDE_EXITS)
/* A loop block (its last instruction jumps back to its start) may carry,
 * for an inner branch whose target lies past its end, that target's
 * tail: up to BLOCK_TAIL_MAX instructions, the last a branch or plain
 * jump back to the block's start, none before it ending a block (the
 * other arm of an if whose arms both go round the loop, as in a binary
 * search).  They are stored after the end marker, which every engine
 * stops at; only the JIT runs them, inside the loop, instead of leaving
 * the block at that branch.  The instructions up to the branch and the
 * tail's together are at most BLOCK_MAX_INSNS: exact budgets
 * (devices/machine.c, run_exact) count on nothing running more than a
 * block's length past a budget check. */
#define BLOCK_TAIL_MAX 4
struct block_tail {
    uint8_t branch;             /* the inner branch's index */
    uint8_t at, n;              /* its tail: insns[at .. at + n) */
};

/* Whether a block goes on after ins, a block-ending instruction, when
 * sides side exits precede it: a forward conditional branch, while side
 * exits remain. */
static inline bool branch_continues_block(const struct insn *ins, unsigned sides)
{
    return op_info[ins->op].cls == CL_BRANCH && ins->imm > 0 && sides < BLOCK_SIDE_EXITS;
}
#define BC_HASH_BITS 18
#define BC_MAX_HARTS 64
#define JCACHE_SIZE 8192   /* per hart: 192 KiB */

struct block {
    uint64_t pa;                /* physical address of the first instruction */
    struct block *hnext;        /* hash bucket chain */
    struct block *pnext;        /* blocks on the same physical page */
    struct block *succ[BLOCK_SLOTS];    /* chained successors, by slot */
    uint32_t n;                 /* instructions, not counting the end marker */
    bool valid;
    struct insn *insns;         /* n entries + 1 end marker */
    void *jit_code;             /* host code (cpu/jit.c), or NULL */
    uint16_t runs;              /* runs by the executor before the JIT took it
                                 * (jit_set_after) */
    uint8_t *jit_link[BLOCK_SLOTS];     /* its jumps to succ[slot], or NULL */
    struct block_tail tails[BLOCK_SIDE_EXITS];
    uint8_t ntails;
};

/* A hart's jump cache: the block starting at a physical PC, and its host
 * code (for the JIT's lookups, which so need not touch the block).  An
 * entry never outlives its block: dropping a page clears its blocks'
 * entries. */
struct jcache_entry {
    uint64_t pa;                /* 0: empty (never RAM) */
    void *code;                 /* b->jit_code, or NULL until compiled */
    struct block *b;
};

static inline struct jcache_entry *jcache_slot(struct hart *h, uint64_t pa)
{
    return &h->jcache[(pa >> 1) & (JCACHE_SIZE - 1)];
}

struct code_group;

struct block_cache {
    struct bus *bus;
    /* Harts on host threads: each hart has its own cache, and the caches
     * of a machine form a group that drops a page's blocks in all of them
     * together (README, "SMP").  NULL: one cache for every hart, on one
     * thread. */
    struct code_group *group;
    struct block *hash[1u << BC_HASH_BITS];
    struct block **page_heads;  /* per RAM page: its blocks */
    uint64_t npages;
    uint8_t *arena;
    size_t arena_size, arena_used;
    struct hart *harts[BC_MAX_HARTS];
    int nharts;
    uint64_t generation;        /* bumped by every invalidation */
    uint64_t blocks_built, flushes;
    struct jit *jit;            /* NULL when the host has no code generator */
};

/* Whether b may still run: another hart's thread may drop it at any time
 * (it stays in its arena until its own hart flushes). */
static inline bool block_valid(const struct block *b)
{
    return __atomic_load_n(&b->valid, __ATOMIC_RELAXED);
}

/* Builds (or finds) the block at physical address pa, whose first
 * instruction was fetched at virtual pc.  Returns NULL when no block can be
 * formed there (not RAM, or the first instruction crosses a page): the
 * caller then executes one instruction at a time. */
struct block *block_get(struct hart *h, uint64_t pc, uint64_t pa);

/* The block starting at pa if it is cached, else NULL (never translates,
 * never flushes: safe to call while a block runs). */
struct block *block_find(struct block_cache *bc, uint64_t pa);

/* The block at virtual address va when both the fetch TLB and h's jump
 * cache know it (checked afresh each time, so no stale link survives a
 * remap), else NULL. */
struct block *block_lookup_fast(struct hart *h, uint64_t va);

/* Records b's host code in the harts' jump-cache entries for b. */
void block_set_code(struct block_cache *bc, struct block *b, void *code);

/* The internal op that ends every block's instruction array. */
#define OP_END_BLOCK OP_COUNT

#endif
