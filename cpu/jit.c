/* The x86-64 code generator (see jit.h for the contract).
 *
 * Generated code runs with rbx = the hart, and r12 = the virtual PC of
 * the current block's first instruction when it is entered (a loop block
 * puts that in hart.jit_bpc at its start and caches a guest register in
 * r12 instead, and sets r12 again before it leaves for another block:
 * jit_gen.c, bpc_to).  Guest registers live in struct hart;
 * within a block, x registers are cached in r8-r11, r13-r15, rdi, rsi
 * and rbp (and r12 in a loop block),
 * write-back (a result is stored when the block exits, before a call into
 * the executor or a slow path, or when its host register is reused; a
 * block that loops to its own start keeps them there round the loop), and
 * f registers in xmm2-xmm15, write-through (every result stored at once).
 * rax, rcx, rdx, xmm0 and xmm1 are scratch (and rsi and rdi where the
 * cache is spilled: exits and the lookup).  A block's code:
 *   - translates integer ALU ops, loads and stores (TLB hit inline: a
 *     compare and an add, as DESIGN.md asks of the fast path), branches,
 *     jal and jalr, and round-to-nearest FP arithmetic under the same
 *     exactness conditions as the executor's inline fast path;
 *   - calls exec_jit_helper for anything else and for every slow path,
 *     passing how many of the block's instructions precede it, so traps
 *     report exact PCs and retired counts;
 *   - retires its instructions at its end, then jumps straight into its
 *     successor on the same page (a direct jump jit_run links in once the
 *     successor is compiled), or looks an indirect or cross-page target up
 *     (the exit's prediction, the hart's jit_vcache, then the fetch TLB
 *     and the jump cache: emit_lookup_code), while the budget lasts and
 *     no interrupt or stop is pending.
 * Anything else returns to jit_run with a code saying what to do next.
 *
 * (arm64 hosts: the same design in the registers jit_gen_a64.c lists.)
 *
 * This file holds the code arena, the trampoline into and out of
 * generated code, the lookup and the linking of blocks, and jit_run;
 * jit_internal.h lists the other parts. */
#include "jit_internal.h"

#include <stdlib.h>

#if RVX_HAVE_JIT

#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef RVX_JIT_CODE_SIZE
#define RVX_JIT_CODE_SIZE (128u << 20)  /* (smaller ones test the flush path) */
#endif
#define CODE_SIZE ((size_t)RVX_JIT_CODE_SIZE)
#define BLOCK_CODE_MAX (64u << 10)  /* more than the biggest block needs */

/* ---- the arena and the way in and out ---- */

#if defined(__x86_64__)    /* (arm64's are in jit_gen_a64.c) */

#define FETCH_EPOCH M(RBX, (int32_t)(offsetof(struct hart, mmu) + offsetof(struct mmu, fetch_epoch)))
#define FETCH_BANK M(RBX, (int32_t)(offsetof(struct hart, mmu) + offsetof(struct mmu, fetch_bank)))
#define VCACHE (offsetof(struct hart, jit_vcache))
#define VCACHE_AT(field) MX(RBX, RCX, 8, (int32_t)(VCACHE + offsetof(struct vcache_entry, field)))
struct vcache_entry { uint64_t va; const void *code; uint64_t epoch; };
_Static_assert(sizeof(struct vcache_entry) == 24 &&
                   sizeof(((struct hart *)0)->jit_vcache[0]) == 24,
               "scaled by 3 * 8");

/* rcx = the offset / 8 of rax's entry in the hart's jit_vcache */
static void vcache_index(struct emit *e)
{
    op_reg(e, 4, 0x89, RAX, RCX);                       /* mov ecx, eax */
    shift_imm(e, 4, SH_SHR, RCX, 1);
    alu_imm(e, 4, ALU_AND, RCX, JIT_VCACHE_SIZE - 1);
    lea(e, RCX, MX(RCX, RCX, 2, 0));
}

/* Goes to the code in rdx, found for the target in rax in the epoch in
 * r8, which the site (if any) predicts from now on. */
static void emit_go(struct emit *e, struct jit_site *site)
{
    if (site) {
        op_rip(e, 8, 0x89, RAX, &site->va);
        op_rip(e, 8, 0x89, RDX, &site->code);
        op_rip(e, 8, 0x89, R8, &site->epoch);
    }
    mov_rr(e, R12, RAX);
    b1(e, 0xff);
    b1(e, 0xe2);                                        /* jmp rdx */
}

/* The lookup: continues at the virtual address in rax with the block
 * found as block_lookup_fast finds it (fetch TLB, then the hart's jump
 * cache, whose entries hold the host code and never outlive their block),
 * if it is compiled and the budget lasts; otherwise back to jit_run with
 * JIT_LOOKUP.  Emitted once as a shared stub, and inline at every jalr and
 * cross-page exit so that each has its own indirect jump for the host to
 * predict.
 *
 * Two caches keyed by the virtual target come first: the site's own
 * prediction (a jalr or cross-page exit: the target it went to last time
 * and its host code), then the hart's jit_vcache (the targets looked up
 * lately, by address: for sites with many targets, such as an
 * interpreter's dispatch).  Each answer holds while the fetch epoch is
 * still the one it was found in and the fetch bank (the privilege's TLBs)
 * the one it was found with.  The epoch (mem/mmu.h) changes on every TLB
 * flush, dropped page of code and arena flush, and never comes back, so
 * while it and the bank stand the target reaches the same physical block
 * the full lookup would find, whose code is still there: a stale answer
 * never runs.  (A trap and its return switch banks without a new epoch,
 * so a syscall does not cost the user's sites their predictions.)  (It is read
 * before the lookup's probes, so a drop racing with them on another
 * thread leaves what they find already out of date.)  The budget is
 * checked first either way: interrupts are taken as before. */
void emit_lookup_code(struct emit *e, const uint8_t *exit, struct jit_site *site)
{
    _Static_assert(sizeof(struct jcache_entry) == 24, "scaled by 3 * 8");
    uint8_t *out[5];
    load64(e, RCX, HART(instret));
    alu_mem(e, 8, ALU_CMP, RCX, HART(jit_limit));      /* (see hart_kick) */
    out[0] = jcc(e, CC_AE);
    /* r8 = the key predictions hold under: the epoch and the fetch bank
     * (epoch * 4 + bank: unique, as epochs are; r8, as the cache is
     * spilled) */
    load64(e, R8, FETCH_EPOCH);
    shift_imm(e, 8, SH_SHL, R8, 2);
    alu_mem(e, 8, ALU_OR, R8, FETCH_BANK);
    if (site) {
        op_rip(e, 8, ALU_CMP * 8 + 3, RAX, &site->va);
        uint8_t *miss_va = jcc(e, CC_NE);
        op_rip(e, 8, ALU_CMP * 8 + 3, R8, &site->epoch);
        uint8_t *miss_epoch = jcc(e, CC_NE);
        mov_rr(e, R12, RAX);
        op_rip(e, 4, 0xff, 4, &site->code);             /* jmp [site.code] */
        patch(e, miss_va, e->p);
        patch(e, miss_epoch, e->p);
    }
    vcache_index(e);
    alu_mem(e, 8, ALU_CMP, RAX, VCACHE_AT(va));
    uint8_t *miss_va = jcc(e, CC_NE);
    alu_mem(e, 8, ALU_CMP, R8, VCACHE_AT(epoch));
    uint8_t *miss_epoch = jcc(e, CC_NE);
    load64(e, RDX, VCACHE_AT(code));
    emit_go(e, site);
    patch(e, miss_va, e->p);
    patch(e, miss_epoch, e->p);
    /* fetch TLB: a 2-byte fetch at rax, as tlb_lookup (jit_gen.c) emits
     * it (targets are even, so the alignment bit never misses) */
    op_reg(e, 4, 0x89, RAX, RDX);                       /* mov edx, eax */
    shift_imm(e, 4, SH_SHR, RDX, PAGE_SHIFT - TLB_ENTRY_SHIFT);
    alu_imm(e, 4, ALU_AND, RDX, (TLB_SIZE - 1) << TLB_ENTRY_SHIFT);
    load64(e, RCX, M(RBX, (int32_t)(offsetof(struct hart, mmu) + offsetof(struct mmu, tlb) +
                                    ACC_FETCH * sizeof(void *))));
    mov_rr(e, RDI, RAX);
    alu_imm(e, 8, ALU_AND, RDI, (int32_t)tlb_tag_mask(2));
    alu_mem(e, 8, ALU_CMP, RDI, MX(RCX, RDX, 1, offsetof(struct tlb_entry, vtag)));
    out[1] = jcc(e, CC_NE);
    load64(e, RSI, MX(RCX, RDX, 1, offsetof(struct tlb_entry, addend)));
    op_reg(e, 8, 0x01, RAX, RSI);                       /* rsi = host pointer */
    load64(e, RCX, HART(bus));
    alu_mem(e, 8, ALU_SUB, RSI, M(RCX, offsetof(struct bus, ram)));
    alu_mem(e, 8, ALU_ADD, RSI, M(RCX, offsetof(struct bus, ram_base)));   /* pa */
    /* jump cache */
    mov_rr(e, RDX, RSI);
    shift_imm(e, 8, SH_SHR, RDX, 1);
    alu_imm(e, 4, ALU_AND, RDX, JCACHE_SIZE - 1);
    lea(e, RDX, MX(RDX, RDX, 2, 0));
    load64(e, RCX, HART(jcache));
    op_reg(e, 8, 0x85, RCX, RCX);
    out[2] = jcc(e, CC_E);
    alu_mem(e, 8, ALU_CMP, RSI, MX(RCX, RDX, 8, offsetof(struct jcache_entry, pa)));
    out[3] = jcc(e, CC_NE);
    load64(e, RDX, MX(RCX, RDX, 8, offsetof(struct jcache_entry, code)));
    op_reg(e, 8, 0x85, RDX, RDX);
    out[4] = jcc(e, CC_E);
    vcache_index(e);                    /* the new answers */
    store64(e, VCACHE_AT(va), RAX);
    store64(e, VCACHE_AT(code), RDX);
    store64(e, VCACHE_AT(epoch), R8);
    emit_go(e, site);
    for (int k = 0; k < 5; k++)
        patch(e, out[k], e->p);
    store64(e, HART(pc), RAX);
    mov_imm(e, RAX, JIT_LOOKUP);
    jmp_to(e, exit);
}

static void emit_lookup(struct jit *j, struct emit *e)
{
    j->lookup = e->p;
    emit_lookup_code(e, j->exit, NULL);
}

static void emit_enter_exit(struct jit *j)
{
    struct emit e = { j->mem, j->mem + 1024, false };
    /* enter(h, bpc, code): save the callee-saved registers we use, keep
     * the stack 16-byte aligned for helper calls, jump into the code */
    static const uint8_t saved[] = { RBX, R12, R13, R14, R15, RBP };
    uint8_t *enter = e.p;
    for (unsigned k = 0; k < sizeof saved; k++) {      /* push */
        if (saved[k] & 8)
            b1(&e, 0x41);
        b1(&e, 0x50 + (saved[k] & 7u));
    }
    alu_imm(&e, 8, ALU_SUB, RSP, 8);    /* 6 pushes + 8: aligned calls */
    mov_rr(&e, RBX, RDI);
    mov_rr(&e, R12, RSI);
    b1(&e, 0xff); b1(&e, 0xe2);         /* jmp rdx */
    j->exit = e.p;
    alu_imm(&e, 8, ALU_ADD, RSP, 8);
    for (unsigned k = sizeof saved; k-- > 0;) {        /* pop */
        if (saved[k] & 8)
            b1(&e, 0x41);
        b1(&e, 0x58 + (saved[k] & 7u));
    }
    b1(&e, 0xc3);                       /* ret */
    emit_lookup(j, &e);
    memcpy(&j->enter, &enter, sizeof enter);
    j->stubs_end = ((size_t)(e.p - j->mem) + 15) & ~(size_t)15;
    j->used = j->stubs_end;
}
#else
static void emit_enter_exit(struct jit *j) { a64_emit_enter_exit(j); }
#endif

struct jit *jit_new(void)
{
    if (getenv("RVX_NO_JIT"))
        return NULL;
    struct jit *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    void *m = mmap(NULL, CODE_SIZE, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) {
        free(j);
        return NULL;
    }
#ifdef MADV_HUGEPAGE
    /* (as for guest RAM, mem/bus.c: a Linux boot writes tens of MiB of
     * code, run from fewer host TLB entries in huge pages) */
    (void)madvise(m, CODE_SIZE, MADV_HUGEPAGE);
#endif
    j->mem = m;
    j->data_top = CODE_SIZE;
    emit_enter_exit(j);
    if (getenv("RVX_PERF_MAP")) {
        /* perf's convention for JIT symbols: /tmp/perf-PID.map */
        char path[64];
        snprintf(path, sizeof path, "/tmp/perf-%ld.map", (long)getpid());
        j->perf_map = fopen(path, "a");     /* (one file for every hart's arena) */
        if (j->perf_map)
            setvbuf(j->perf_map, NULL, _IOLBF, 0);
    }
    return j;
}

void jit_free(struct jit *j)
{
    if (!j)
        return;
    if (j->perf_map)
        fclose(j->perf_map);
    munmap(j->mem, CODE_SIZE);
    free(j);
}

void jit_flush(struct jit *j)
{
    if (j) {
        j->used = j->stubs_end;
        j->data_top = CODE_SIZE;
    }
}

/* Sites are handed out downwards from the arena's end, away from the
 * code (x86 hosts treat a store near code being run as code being
 * modified, which costs a pipeline flush), and reclaimed by jit_flush. */
struct jit_site *jit_site_new(struct jit *j)
{
    if (j->block_sites == JIT_SITES_MAX)
        return NULL;
    j->block_sites++;
    j->data_top -= sizeof(struct jit_site);
    struct jit_site *s = (struct jit_site *)(void *)(j->mem + j->data_top);
    *s = (struct jit_site){ .va = 1 };      /* predicts nothing */
    return s;
}

uint64_t *jit_guess_new(struct jit *j)
{
    if (j->block_guesses == JIT_GUESSES_MAX)
        return NULL;
    j->block_guesses++;
    j->data_top -= sizeof(uint64_t);
    uint64_t *g = (uint64_t *)(void *)(j->mem + j->data_top);
    *g = 0;     /* (no addend is: a host page's address minus a guest one's) */
    return g;
}

void jit_set_host_fences(struct jit *j, bool on)
{
    if (j)
        j->host_fences = on;
}

void jit_set_exact(struct jit *j, bool on)
{
    if (j)
        j->exact = on;
}

void jit_stats(const struct jit *j, uint64_t *blocks, uint64_t *bytes)
{
    *blocks = j ? j->compiled : 0;
    *bytes = j ? j->code_bytes : 0;
}

void jit_set_after(struct jit *j, unsigned n)
{
    if (j)
        j->after = n < JIT_AFTER_MAX ? n : JIT_AFTER_MAX;
}

/* Points the jump at rel32 (a chain exit's link) at target. */
static bool compile(struct jit *j, struct block *b, bool rvc)
{
    if (j->used + BLOCK_CODE_MAX + JIT_SITES_MAX * sizeof(struct jit_site) +
            JIT_GUESSES_MAX * sizeof(uint64_t) > j->data_top)
        return false;
    j->block_sites = 0;
    j->block_guesses = 0;
    uint8_t *start = j->mem + j->used;
    size_t len;
    if (!jit_translate(j, b, rvc, start, BLOCK_CODE_MAX, &len))
        return false;
    j->used = (j->used + len + 15) & ~(size_t)15;
    j->compiled++;
    j->code_bytes += len;
    b->jit_code = start;
    /* (a no-op on x86-64; arm64's instruction fetch is not coherent with
     * its data writes: Arm ARM, "Synchronization and coherency issues
     * between data and instruction accesses") */
    __builtin___clear_cache((char *)start, (char *)start + len);
    if (j->perf_map)
        fprintf(j->perf_map, "%" PRIxPTR " %zx guest_pa_%" PRIx64 "\n", (uintptr_t)start,
                len, b->pa);
    return true;
}

#if defined(__x86_64__)
static void link_jump(uint8_t *rel32, const void *target)
{
    struct emit e = { rel32, rel32 + 4, false };
    patch(&e, rel32, target);
}
#else
static void link_jump(uint8_t *at, const void *target) { a64_link_jump(at, target); }
#endif

/* The block at h->pc, when the fetch TLB knows the page: from the jump
 * cache, the hash table, or translated now.  NULL sends the hart back to
 * hart_run (a page walk, a fault, or a place blocks cannot start). */
static struct block *find_block(struct hart *h)
{
    struct block *b = block_lookup_fast(h, h->pc);
    if (b)
        return b;
    uint8_t *hp = mmu_fast(&h->mmu, h->pc, 2, ACC_FETCH);
    if (!hp)
        return NULL;
    return block_get(h, h->pc, h->bus->ram_base + (uint64_t)(hp - h->bus->ram));
}

/* The block in slot r after from (the fall-through or the taken target at
 * h->pc, on from's page), remembered in from->succ and, once compiled,
 * linked into from's code. */
static struct block *successor(struct hart *h, struct block *from, int r)
{
    struct block *nb = from->succ[r];
    if (nb && block_valid(nb))
        return nb;
    nb = block_find(h->bc, (from->pa & PAGE_MASK) | (h->pc & (PAGE_SIZE - 1)));
    if (nb) {
        from->succ[r] = nb;
        return nb;
    }
    /* Not translated yet: block_get may flush the whole cache, after which
     * from is gone, so it is not touched again. */
    return find_block(h);
}

/* The budget the generated code checks, spent at once when an interrupt
 * check or a stop is pending.  A kick from another thread between the two
 * steps is seen again below; one that lands between the check and the
 * store waits at most for the budget (a slice). */
static void jit_set_limit(struct hart *h, uint64_t limit)
{
    __atomic_store_n(&h->jit_limit, limit, __ATOMIC_RELAXED);
    if (RELAXED(h->irq_check) || RELAXED(h->stop_request))
        __atomic_store_n(&h->jit_limit, 0, __ATOMIC_RELAXED);
}

void jit_run(struct hart *h, struct block *b, uint64_t limit)
{
    struct block_cache *bc = h->bc;
    struct jit *j = bc->jit;
    bool rvc = (h->misa & MISA_EXT('C')) != 0;
    struct block *from = NULL;  /* the block whose slot r led to b */
    int r = 0;
    /* the generated code tests only the budget: a pending interrupt or
     * stop spends it (hart_kick) */
    jit_set_limit(h, limit);
    for (;;) {
        if (!b->jit_code && b->runs < j->after && !j->exact) {
            /* cold: the block engine runs it (jit_set_after) */
            b->runs++;
            if (exec_block_once(h, b))
                return;
            r = JIT_LOOKUP;
        } else {
            if (!b->jit_code) {
                if (!compile(j, b, rvc)) {
                    /* Code space full.  Nothing is running: start afresh
                     * (hart_run retranslates the block at h->pc). */
                    block_cache_flush(bc);
                    return;
                }
                block_set_code(bc, b, b->jit_code);
            }
            if (from && block_valid(from) && from->succ[r] == b && from->jit_link[r])
                link_jump(from->jit_link[r], b->jit_code);
            r = j->enter(h, h->pc, b->jit_code);
            if (r == JIT_EXIT)
                return;
        }
        if (h->instret >= limit || RELAXED(h->stop_request))
            return;
        if (hart_take_kick(h)) {
            /* a block boundary: what hart_run would do first */
            if (trap_check_interrupts(h)) {
                h->wfi = false;
                r = JIT_LOOKUP;         /* now at the handler */
            }
        }
        jit_set_limit(h, limit);
        const uint64_t flushes = bc->flushes;
        if (r == JIT_LOOKUP) {
            from = NULL;
            b = find_block(h);
        } else {
            from = h->jit_block;
            b = successor(h, from, r);
        }
        if (!b)
            return;
        if (bc->flushes != flushes)
            from = NULL;
    }
}

#else /* no code generator for this host */

struct jit *jit_new(void) { return NULL; }
void jit_free(struct jit *j) { (void)j; }
void jit_flush(struct jit *j) { (void)j; }
void jit_set_host_fences(struct jit *j, bool on) { (void)j; (void)on; }
void jit_set_exact(struct jit *j, bool on) { (void)j; (void)on; }
void jit_set_after(struct jit *j, unsigned n) { (void)j; (void)n; }
void jit_stats(const struct jit *j, uint64_t *blocks, uint64_t *bytes)
{
    (void)j;
    *blocks = *bytes = 0;
}
void jit_run(struct hart *h, struct block *b, uint64_t limit)
{
    (void)h; (void)b; (void)limit;
    abort();    /* hart_run only calls it when jit_new succeeded */
}

#endif
