/* The JIT's arm64 (AArch64) backend: the trampoline into and out of
 * generated code, the lookup, and the translation of one block, over the
 * same design as the x86-64 one (jit.c, jit_gen.c, jit_regcache.c):
 *
 *   x19 = the hart, x20 = the virtual PC of the current block's first
 *   instruction, x21 = &h->jcache (the hart fields after struct mmu are
 *   megabytes in, beyond a load's 12-bit offset).  Guest x registers are
 *   cached in x22-x28 and x9-x15, write-back as on x86-64 (a result stays
 *   in its host register, dirty, until exits, helper calls, slow paths
 *   and traps need it in struct hart: they spill first), and f registers
 *   in d8-d15, write-through (every result also stored at once).  x19-x28
 *   and d8-d15 are callee-saved in the AAPCS64, so a call into C keeps
 *   them; x9-x15 are spilled and forgotten around an inline call, saved
 *   around a stub's; what the callee wrote (the instruction's rd) is
 *   forgotten or reloaded.  x0-x8, x16, x17 and d0-d7 are scratch; guest
 *   x0 is XZR.
 *
 *   A block's code translates the integer ALU ops (I, M, Zba, Zbb, Zbs,
 *   Zicond), loads and stores with the TLB hit inline (the compare and add
 *   DESIGN.md asks of the fast path; loads from one base within 256
 *   bytes share one check, load groups), the AMOs, LR and SC on the same
 *   hit, branches, jal and jalr, round-to-nearest FP arithmetic and
 *   fused multiply-adds under the executor's exactness conditions
 *   (cpu/fpu.h), and FP compares, classification, sign injection,
 *   min/max, moves and conversions where the host's answer is certainly
 *   the spec's (NaNs, saturation, inexact results go to the handler); it
 *   calls exec_jit_helper for everything else and for every slow path,
 *   passing the instructions before it so traps are precise; it retires
 *   its instructions at its end and chains to a same-page successor
 *   through a B that jit_run patches in, or looks the target up in the
 *   fetch TLB and the jump cache.  A block that loops to its own start
 *   keeps its loop-carried registers in host registers round the loop and
 *   runs its inner branches' tails in it (block.h).  As on x86-64, the
 *   plan (jit_plan.c) fuses the rotate idiom, and W results stay
 *   unextended until a 64-bit reader needs them (lazy sign extension).
 *
 * W^X: the arena is mapped read-write-execute, which Linux on arm64
 * allows; a host that enforces W^X (macOS: MAP_JIT and
 * pthread_jit_write_protect_np) would need the writes bracketed.  Every
 * write is followed by __builtin___clear_cache (jit.c for a block,
 * a64_link_jump for a link). */
#include "jit_internal.h"

#if RVX_HAVE_JIT && defined(__aarch64__)

#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

#include "a64_emit.h"
#include "arith.h"

enum { R_HART = 19, R_BPC = 20, R_HI = 21 };
#define HI_OFF offsetof(struct hart, jcache)

/* x cache slots 0-6 are the callee-saved x22-x28, which a call keeps;
 * 7-13 the caller-saved x9-x15, which nothing else in a block's code
 * uses: spilled and forgotten around an inline helper call, saved and
 * restored around an out-of-line stub's. */
#define NCACHE_A 14
#define FIRST_CALLER_SAVED_A 7
static const unsigned cache_a[NCACHE_A] = { 22, 23, 24, 25, 26, 27, 28,
                                            9, 10, 11, 12, 13, 14, 15 };
#define NFCACHE 8
#define FCACHE_V0 8     /* f slot s lives in d(8 + s) */

/* ---- hart fields ---- */

/* A load or store of the 2^lg-byte field at offset off of struct hart:
 * from x21 for the fields past struct mmu, else from x19 (through x17
 * when the offset is out of range). */
static void hart_ldst(struct a64 *e, bool load, bool fp, unsigned lg, unsigned rt, size_t off)
{
    unsigned opc = load ? A_LD : A_ST;
    if (off >= HI_OFF && ((off - HI_OFF) >> lg) < 4096)
        a64_ldst_uimm(e, fp, lg, opc, rt, R_HI, (unsigned)((off - HI_OFF) >> lg));
    else if ((off >> lg) < 4096)
        a64_ldst_uimm(e, fp, lg, opc, rt, R_HART, (unsigned)(off >> lg));
    else {
        a64_movi(e, A_X17, off);
        a64_ldst_reg(e, fp, lg, opc, rt, R_HART, A_X17);
    }
}
#define HLD(e, rt, field) hart_ldst(e, true, false, 3, rt, offsetof(struct hart, field))
#define HST(e, rt, field) hart_ldst(e, false, false, 3, rt, offsetof(struct hart, field))
#define XOFF(r) (offsetof(struct hart, x) + 8 * (size_t)(r))
#define FOFF(r) (offsetof(struct hart, f) + 8 * (size_t)(r))

/* rd = rn + v (rn may be XZR: then a move).  Uses x16 for a large v. */
static void add_imm(struct a64 *e, unsigned rd, unsigned rn, int64_t v)
{
    uint64_t m = v < 0 ? -(uint64_t)v : (uint64_t)v;
    if (rn == A_ZR)
        a64_movi(e, rd, (uint64_t)v);
    else if (v == 0)
        a64_mov(e, rd, rn);
    else if (m < 4096)
        a64_addsub_imm(e, true, v < 0, false, rd, rn, (unsigned)m, false);
    else if ((m & 0xfff) == 0 && m < (4096u << 12))
        a64_addsub_imm(e, true, v < 0, false, rd, rn, (unsigned)(m >> 12), true);
    else {
        a64_movi(e, A_X16, (uint64_t)v);
        a64_rrr(e, true, A_ADD, rd, rn, A_X16);
    }
}

/* rd = rn op imm for a logical op (op_imm / op_reg its two forms) */
static void logic_imm(struct a64 *e, bool x64, uint32_t op_imm, uint32_t op_reg, unsigned rd,
                      unsigned rn, uint64_t imm)
{
    uint32_t enc;
    if (a64_bitmask(imm, x64, &enc)) {
        a64_logic_imm(e, x64, op_imm, rd, rn, enc);
    } else {
        a64_movi(e, A_X16, imm);
        a64_rrr(e, x64, op_reg, rd, rn, A_X16);
    }
}

/* The TLB tag mask of a size-byte access (tlb_tag_mask) as a bitmask
 * immediate: ones from bit PAGE_SHIFT up and below log2(size), a run of
 * ones rotated, so always encodable. */
static uint32_t tag_mask_enc(unsigned size)
{
    uint32_t enc = 0;
    if (!a64_bitmask(tlb_tag_mask(size), true, &enc))
        abort();
    return enc;
}

/* ---- the arena's shared code: enter, exit, lookup ---- */

/* rd = the guest physical address of rn, a host pointer into guest RAM
 * (from a TLB hit: RAM is one block, ram_pa).  Clobbers x7, x8. */
static void host_to_pa(struct a64 *e, unsigned rd, unsigned rn)
{
    HLD(e, 7, bus);
    a64_ldst_uimm(e, false, 3, A_LD, 8, 7, offsetof(struct bus, ram) / 8);
    a64_rrr(e, true, A_SUB, rd, rn, 8);
    a64_ldst_uimm(e, false, 3, A_LD, 8, 7, offsetof(struct bus, ram_base) / 8);
    a64_rrr(e, true, A_ADD, rd, rd, 8);
}

/* The lookup: continues at the virtual address in x0 with the block found
 * as block_lookup_fast finds it (fetch TLB, then the hart's jump cache,
 * whose entries hold the host code and never outlive their block), if it
 * is compiled and the budget lasts; otherwise back to jit_run with
 * JIT_LOOKUP.  Emitted once as a shared stub, and inline at every jalr and
 * cross-page exit. */
static void emit_lookup_code(struct a64 *e, const uint8_t *exit)
{
    _Static_assert(offsetof(struct tlb_entry, vtag) == 0 &&
                   offsetof(struct tlb_entry, addend) == 8, "vtag, addend: one ldp");
    _Static_assert(sizeof(struct jcache_entry) == 24 && offsetof(struct jcache_entry, pa) == 0 &&
                   offsetof(struct jcache_entry, code) == 8, "pa, code: one ldp; * 3 * 8");
    _Static_assert((TLB_SIZE & (TLB_SIZE - 1)) == 0 && (JCACHE_SIZE & (JCACHE_SIZE - 1)) == 0,
                   "index by bit fields");
    uint8_t *out[5];
    HST(e, 0, pc);
    HLD(e, 1, instret);
    HLD(e, 2, jit_limit);                       /* (see hart_kick) */
    a64_cmp(e, 1, 2);
    out[0] = a64_bcond(e, A_HS);
    /* fetch TLB: a 2-byte fetch at x0, as tlb_lookup emits it (targets
     * are even, so the alignment bit never misses) */
    hart_ldst(e, true, false, 3, 3,
              offsetof(struct hart, mmu) + offsetof(struct mmu, tlb) + ACC_FETCH * sizeof(void *));
    a64_ubfx(e, 4, 0, PAGE_SHIFT, (unsigned)__builtin_ctz(TLB_SIZE));
    a64_rrr_sh(e, true, A_ADD, 3, 3, 4, A_LSL, TLB_ENTRY_SHIFT);
    a64_logic_imm(e, true, A_ANDI, 5, 0, tag_mask_enc(2));
    a64_ldstp(e, true, false, 2, 6, 7, 3, 0);  /* vtag, addend */
    a64_cmp(e, 5, 6);
    out[1] = a64_bcond(e, A_NE);
    a64_rrr(e, true, A_ADD, 6, 0, 7);           /* host pointer */
    host_to_pa(e, 6, 6);                        /* x6 = pa */
    /* jump cache (jcache_slot) */
    a64_ubfx(e, 4, 6, 1, (unsigned)__builtin_ctz(JCACHE_SIZE));
    a64_rrr_sh(e, true, A_ADD, 4, 4, 4, A_LSL, 1);
    HLD(e, 3, jcache);
    out[2] = a64_cbz(e, true, false, 3);
    a64_rrr_sh(e, true, A_ADD, 3, 3, 4, A_LSL, 3);
    a64_ldstp(e, true, false, 2, 7, 8, 3, 0);  /* pa, code */
    a64_cmp(e, 6, 7);
    out[3] = a64_bcond(e, A_NE);
    out[4] = a64_cbz(e, true, false, 8);
    a64_mov(e, R_BPC, 0);
    a64_br(e, 8);
    for (int k = 0; k < 5; k++)
        a64_patch(e, out[k], e->p);
    a64_movz(e, 0, JIT_LOOKUP, 0);
    a64_b_to(e, exit);
}

/* enter(h, bpc, code): saves the callee-saved registers the code uses
 * (x19-x28, d8-d15; x29/x30 as a frame record, which also keeps sp
 * 16-byte aligned for the calls), sets up x19-x21 and jumps into the
 * code.  exit returns w0 to enter's caller. */
void a64_emit_enter_exit(struct jit *j)
{
    struct a64 e = { j->mem, j->mem + 1024, false };
    enum { FRAME = 160 };
    uint8_t *enter = e.p;
    a64_ldstp(&e, false, false, 3, A_FP, A_LR, A_SP, -FRAME);  /* stp x29, x30, [sp, #-160]! */
    a64_addsub_imm(&e, true, false, false, A_FP, A_SP, 0, false);   /* mov x29, sp */
    for (unsigned k = 0; k < 5; k++)
        a64_ldstp(&e, false, false, 2, 19 + 2 * k, 20 + 2 * k, A_SP, 16 + 16 * (int)k);
    for (unsigned k = 0; k < 4; k++)
        a64_ldstp(&e, false, true, 2, 8 + 2 * k, 9 + 2 * k, A_SP, 96 + 16 * (int)k);
    a64_mov(&e, R_HART, 0);
    a64_mov(&e, R_BPC, 1);
    a64_movi(&e, A_X16, HI_OFF);
    a64_rrr(&e, true, A_ADD, R_HI, R_HART, A_X16);
    a64_br(&e, 2);
    j->exit = e.p;
    for (unsigned k = 0; k < 4; k++)
        a64_ldstp(&e, true, true, 2, 8 + 2 * k, 9 + 2 * k, A_SP, 96 + 16 * (int)k);
    for (unsigned k = 0; k < 5; k++)
        a64_ldstp(&e, true, false, 2, 19 + 2 * k, 20 + 2 * k, A_SP, 16 + 16 * (int)k);
    a64_ldstp(&e, true, false, 1, A_FP, A_LR, A_SP, FRAME);   /* ldp x29, x30, [sp], #160 */
    a64_ret(&e);
    j->lookup = e.p;
    emit_lookup_code(&e, j->exit);
    if (e.overflow)
        abort();    /* (1024 bytes hold it with room to spare) */
    memcpy(&j->enter, &enter, sizeof enter);
    __builtin___clear_cache((char *)j->mem, (char *)e.p);
    j->stubs_end = ((size_t)(e.p - j->mem) + 15) & ~(size_t)15;
    j->used = j->stubs_end;
}

/* Points the B at `at` (a chain exit's link) at target: one aligned
 * 32-bit store, which the architecture allows to race with execution of
 * the old B (Arm ARM, "Concurrent modification and execution of
 * instructions": B is one of the instructions listed there). */
void a64_link_jump(uint8_t *at, const void *target)
{
    uint32_t w = 0x14000000u | ((uint32_t)(((const uint8_t *)target - at) / 4) & 0x3ffffffu);
    __atomic_store_n((uint32_t *)(void *)at, w, __ATOMIC_RELAXED);
    __builtin___clear_cache((char *)at, (char *)at + 4);
}

/* ---- one block's translation ---- */

/* An instruction's slow path (as jit_gen.c's): its handler, out of line,
 * reached from the checks of its fast path; a resuming stub rejoins the
 * fast path after the instruction, an exit stub (the block's once-only FP
 * guards) leaves the block after it. */
#define STUB_FROM_MAX 12
struct astub {
    uint8_t *from[STUB_FROM_MAX];
    unsigned nfrom;
    unsigned index;
    bool exit_after;
    const uint8_t *resume;
    int reload_slot, freload_slot;  /* cache slots holding rd at resume, or -1 */
    unsigned reload_rd, freload_rd;
    int8_t spill[NCACHE_A];     /* slot -> the x register it held dirty at the branch, or -1 */
    unsigned lazy;              /* the slots lazy there */
    unsigned keep;              /* caller-saved slots holding a register at resume */
};

struct actx {
    struct a64 e;
    struct jit *j;
    struct block *b;
    unsigned i;
    struct astub stubs[2 * BLOCK_MAX_INSNS];
    unsigned nstubs;
    uint8_t *to_exit[4 * BLOCK_MAX_INSNS];  /* branches to the block's exit tail */
    unsigned nexit;
    struct jit_plan p;      /* the block's plan (jit_plan.c) */
    struct regcache x;      /* x registers in cache_a[slot], write-back */
    struct regcache f;      /* f registers in d(8 + slot), write-through */
    /* A block whose last instruction jumps back to its start (p.loop)
     * keeps its loop-carried registers in host registers: the back edge
     * puts the cache into loop_x, the state at loop_body, and jumps there
     * while the budget lasts (as jit_gen.c's). */
    const uint8_t *loop_body;
    struct regcache loop_x;
    /* FP facts established earlier in the block (see jit_internal.h's
     * struct ctx: only CSR writes and traps undo them, and both end the
     * block). */
    bool fs_on, frm_rne, nx_set, fs_dirty;
    /* The side exits of a superblock's inner branches (block.h), emitted
     * after the block: the taken branch, the cache as it was then (its
     * dirty registers are spilled there), the instructions it retires. */
    struct {
        uint8_t *from;
        struct regcache x;
        unsigned n;
        int64_t target;
    } sides[BLOCK_SIDE_EXITS];
    unsigned nsides;
    int sel_slot;           /* a converted if's chain slot and its branch's */
    unsigned sel_cond;      /* condition (gen_select) */
};

/* ---- the register caches ---- */

static void xld(struct actx *c, unsigned r, unsigned g)
{
    hart_ldst(&c->e, true, false, 3, r, XOFF(g));
}

/* The x cache is write-back, as x86-64's (jit_internal.h, jit_regcache.c):
 * a result lives only in its host register, its slot dirty, until it is
 * spilled to struct hart, which happens wherever the guest state must be
 * in memory: before every block exit, before every call to the executor
 * (which reads struct hart; a stub spills what was dirty at its branch,
 * so a trap sees the state exactly as before the instruction), and when
 * a dirty slot is reused unless its value is dead.  Which slot to reuse
 * and which values are dead the plan says (jit_plan.c: plan_victim,
 * plan_dead), as for x86-64; group_set and group_get are jit_regcache.c's
 * over this backend's context; the slot of GROUP_REG, a load group's host address,
 * is never dirty.
 *
 * Lazy sign extension (jit_internal.h, as x86-64's): a W form's result
 * (ADD Wd and its kin zero the upper half) and an and/or/xor/move of such
 * results only, whose low 32 bits decide the whole value too, stay in
 * their register without the SXTW (put_lazy: the slot is dirty and lazy,
 * its low 32 bits right, its high ones anything); xs widens it in place
 * when a 64-bit reader fetches it, x_spill before storing it, the stubs
 * before theirs, the back edge all (loop_x has none lazy), while readers
 * of only the low 32 bits (W forms, shift counts, narrow stores) use
 * xs32. */

/* Sign-extends slot s's register in place if it holds a lazy W value. */
static void x_widen(struct actx *c, int s)
{
    if (!(c->x.lazy & (1u << s)))
        return;
    a64_sxtw(&c->e, cache_a[s], cache_a[s]);
    c->x.lazy &= ~(1u << s);
}

static void x_widen_all(struct actx *c)
{
    for (int s = 0; s < NCACHE_A; s++)
        x_widen(c, s);
}

/* Stores slot s's register to struct hart if it is dirty; clean after. */
static void x_spill(struct actx *c, int s)
{
    if (!(c->x.dirty & (1u << s)))
        return;
    x_widen(c, s);
    hart_ldst(&c->e, false, false, 3, cache_a[s], XOFF((unsigned)c->x.guest_in[s]));
    c->x.dirty &= ~(1u << s);
}

static void x_spill_from(struct actx *c, int from)
{
    for (int s = from; s < NCACHE_A; s++)
        x_spill(c, s);
}

static void x_spill_all(struct actx *c) { x_spill_from(c, 0); }

/* The plan's look-ahead (jit_plan.c) from the current instruction. */
static bool x_dead(const struct actx *c, unsigned g) { return plan_dead(&c->p, c->i, g); }

/* An empty x slot: plan_victim's, its dirty register spilled first unless
 * dead. */
static int x_alloc(struct actx *c)
{
    int s = plan_victim(&c->p, c->i, &c->x);
    if (c->x.guest_in[s] >= 0) {
        if (!x_dead(c, (unsigned)c->x.guest_in[s]))
            x_spill(c, s);
        rc_forget(&c->x, (unsigned)c->x.guest_in[s]);
    }
    return s;
}

/* Guest register g as a source (XZR for x0), loaded into the cache if need
 * be, sign-extended if lazy unless only its low 32 bits are read (low32).
 * Generators fetch all their sources before their first slow-path check,
 * so the stub path and the fast path agree on what the cache holds. */
static unsigned fetch(struct actx *c, unsigned g, bool low32)
{
    if (!g)
        return A_ZR;
    int s = c->x.slot_of[g];
    if (s < 0) {
        s = x_alloc(c);
        xld(c, cache_a[s], g);
        rc_bind(&c->x, s, g);
    }
    if (!low32)
        x_widen(c, s);
    rc_use(&c->x, s);
    return cache_a[s];
}

static unsigned xs(struct actx *c, unsigned g) { return fetch(c, g, false); }
static unsigned xs32(struct actx *c, unsigned g) { return fetch(c, g, true); }

/* Whether guest g is in the cache as a lazy W value. */
static bool x_lazy(const struct actx *c, unsigned g)
{
    int s = g ? c->x.slot_of[g] : -1;
    return s >= 0 && (c->x.lazy & (1u << s));
}

/* A load group's leader: host register r holds the group's host address,
 * which becomes GROUP_REG's value (clean: it is stored to hart.jit_group
 * too, for a member that finds it evicted). */
static void group_set(struct actx *c, unsigned r)
{
    HST(&c->e, r, jit_group);
    rc_forget(&c->x, GROUP_REG);
    int s = x_alloc(c);
    a64_mov(&c->e, cache_a[s], r);
    rc_bind(&c->x, s, GROUP_REG);
    rc_use(&c->x, s);
}

/* A group member: the host register holding the group's host address. */
static unsigned group_get(struct actx *c)
{
    int s = c->x.slot_of[GROUP_REG];
    if (s < 0) {
        s = x_alloc(c);
        HLD(&c->e, cache_a[s], jit_group);
        rc_bind(&c->x, s, GROUP_REG);
    }
    rc_use(&c->x, s);
    return cache_a[s];
}

/* The host register that is to hold guest rd (nonzero), bound to it now.
 * Sources already fetched stay valid (pinned, or rd itself): a generator
 * computing into it reads its sources before the write. */
static unsigned dst_reg(struct actx *c, unsigned rd)
{
    int s = c->x.slot_of[rd];
    if (s < 0)
        s = x_alloc(c);
    rc_bind(&c->x, s, rd);
    return cache_a[s];
}

/* r, rd's cache register (dst_reg's), now holds rd's value: dirty until
 * spilled. */
static void put_x(struct actx *c, unsigned rd, unsigned r)
{
    int s = c->x.slot_of[rd];
    if (s < 0 || cache_a[s] != r)
        abort();    /* a generator computed rd elsewhere than dst_reg said */
    c->x.dirty |= 1u << s;
    c->x.lazy &= ~(1u << s);
}

/* put_x for a value whose low 32 bits in r are right and whose high ones
 * are to be their sign extension: left lazy. */
static void put_lazy(struct actx *c, unsigned rd, unsigned r)
{
    put_x(c, rd, r);
    c->x.lazy |= 1u << c->x.slot_of[rd];
}

/* The D register holding f register g (all 64 bits), loaded if need be. */
static unsigned fsrc(struct actx *c, unsigned g)
{
    int s = c->f.slot_of[g];
    if (s < 0) {
        s = rc_alloc(&c->f);
        hart_ldst(&c->e, true, true, 3, FCACHE_V0 + (unsigned)s, FOFF(g));
        rc_bind(&c->f, s, g);
    }
    rc_use(&c->f, s);
    return FCACHE_V0 + (unsigned)s;
}

static unsigned fdst(struct actx *c, unsigned rd)
{
    int s = c->f.slot_of[rd];
    if (s < 0)
        s = rc_alloc(&c->f);
    rc_bind(&c->f, s, rd);
    return FCACHE_V0 + (unsigned)s;
}

/* f register rd = x register r (a single in its low half is NaN-boxed
 * first, in r): stored, and cached. */
static void put_f_x(struct actx *c, unsigned rd, unsigned r, bool single)
{
    struct a64 *e = &c->e;
    if (single)
        logic_imm(e, true, A_ORRI, A_ORR, r, r, 0xffffffff00000000ull);
    hart_ldst(e, false, false, 3, r, FOFF(rd));
    a64_fmov_from_gp(e, true, fdst(c, rd), r);
}

/* ---- calls into the executor, stubs, exits ---- */

/* Calls the executor for instruction i; w0 = exec_jit_helper's result. */
static void call_helper(struct actx *c, unsigned i)
{
    struct a64 *e = &c->e;
    a64_mov(e, 0, R_HART);
    a64_movi(e, 1, (uintptr_t)&c->b->insns[i]);
    a64_mov(e, 2, R_BPC);
    a64_movz(e, 3, i, 0);
    a64_movi(e, A_X16, (uintptr_t)&exec_jit_helper);
    a64_blr(e, A_X16);
}

static void exit_with(struct actx *c, int code)
{
    a64_movz(&c->e, 0, (unsigned)code, 0);
    a64_b_to(&c->e, c->j->exit);
}

/* Leaves the block with JIT_EXIT when w0 (a helper's result) is nonzero:
 * through the block's exit tail, emitted once after the stubs. */
static void exit_if_w0(struct actx *c)
{
    uint8_t *at = a64_cbz(&c->e, false, true, 0);
    if (c->nexit < sizeof c->to_exit / sizeof c->to_exit[0])
        c->to_exit[c->nexit++] = at;
    else
        c->e.overflow = true;   /* (cannot happen: at most 3 per instruction) */
}

/* An instruction the generator leaves to the executor, which finds the
 * guest state in struct hart: the dirty registers are spilled first (its
 * trap, if it takes one, sees exactly the state before the instruction),
 * and what the call clobbered (x9-x15) or the handler may have written
 * (rd) is forgotten after. */
static void gen_helper(struct actx *c, const struct insn *ins)
{
    struct a64 *e = &c->e;
    x_spill_all(c);
    call_helper(c, c->i);
    if (op_ends_block((enum op)ins->op)) {
        a64_addsub_imm(e, false, true, true, A_ZR, 0, 2, false);  /* cmp w0, #2 */
        uint8_t *go_on = a64_bcond(e, A_EQ);
        exit_with(c, JIT_EXIT);
        a64_patch(e, go_on, e->p);
        HLD(e, 0, pc);
        a64_b_to(e, c->j->lookup);
        return;
    }
    rc_forget_from(&c->x, FIRST_CALLER_SAVED_A);
    rc_forget(&c->x, ins->rd);     /* the handler may have written it */
    rc_forget(&c->f, ins->rd);
    exit_if_w0(c);
}

static void add_stub(struct actx *c, uint8_t *from, bool exit_after)
{
    struct astub *s = NULL;
    for (unsigned k = c->nstubs; k-- > 0 && c->stubs[k].index == c->i;)
        if (c->stubs[k].exit_after == exit_after)
            s = &c->stubs[k];
    /* what the stub spills: the registers dirty at this branch, the same
     * at every branch to one stub (generators fetch their sources first) */
    int8_t spill[NCACHE_A];
    for (int k = 0; k < NCACHE_A; k++)
        spill[k] = (int8_t)(c->x.dirty & (1u << k) ? c->x.guest_in[k] : -1);
    if (!s) {
        s = &c->stubs[c->nstubs++];
        *s = (struct astub){ .index = c->i, .exit_after = exit_after, .reload_slot = -1,
                             .freload_slot = -1, .lazy = c->x.lazy };
        memcpy(s->spill, spill, sizeof spill);
    } else if (memcmp(s->spill, spill, sizeof spill) != 0 || s->lazy != c->x.lazy) {
        abort();    /* a generator changed the cache between two checks */
    }
    if (s->nfrom == STUB_FROM_MAX)
        abort();    /* a generator with more checks than STUB_FROM_MAX */
    s->from[s->nfrom++] = from;
}

static void slow_path(struct actx *c, uint8_t *from) { add_stub(c, from, false); }
static void slow_exit(struct actx *c, uint8_t *from) { add_stub(c, from, true); }

/* Marks where the current instruction's resuming stubs rejoin; rd / frd
 * the x / f register it wrote on the fast path (0 / -1: none), which the
 * stub reloads into its cache register (the handler wrote memory). */
static void resume_here(struct actx *c, unsigned rd, int frd)
{
    for (unsigned k = 0; k < c->nstubs; k++) {
        struct astub *s = &c->stubs[k];
        if (s->index != c->i || s->exit_after || s->resume)
            continue;
        s->resume = c->e.p;
        for (int k = FIRST_CALLER_SAVED_A; k < NCACHE_A; k++)
            if (c->x.guest_in[k] >= 0)
                s->keep |= 1u << k;
        if (rd && c->x.slot_of[rd] >= 0) {
            s->reload_slot = c->x.slot_of[rd];
            s->reload_rd = rd;
        }
        if (frd >= 0 && c->f.slot_of[frd] >= 0) {
            s->freload_slot = c->f.slot_of[frd];
            s->freload_rd = (unsigned)frd;
        }
    }
}

/* Saves (or restores) the caller-saved cache registers of slots mask
 * around a stub's call, in pairs (x16 pads an odd one out), keeping sp
 * 16-byte aligned. */
static void save_restore(struct a64 *e, unsigned mask, bool restore)
{
    unsigned r[NCACHE_A + 1], n = 0;
    for (int k = FIRST_CALLER_SAVED_A; k < NCACHE_A; k++)
        if (mask & (1u << k))
            r[n++] = cache_a[k];
    if (n % 2)
        r[n++] = A_X16;
    for (unsigned p = 0; p < n; p += 2) {
        unsigned q = restore ? n - 2 - p : p;   /* (restored in reverse) */
        if (restore)
            a64_ldstp(e, true, false, 1, r[q], r[q + 1], A_SP, 16);   /* ldp ..., [sp], #16 */
        else
            a64_ldstp(e, false, false, 3, r[q], r[q + 1], A_SP, -16); /* stp ..., [sp, #-16]! */
    }
}

static void emit_stubs(struct actx *c)
{
    struct a64 *e = &c->e;
    for (unsigned k = 0; k < c->nstubs; k++) {
        const struct astub *s = &c->stubs[k];
        for (unsigned f = 0; f < s->nfrom; f++)
            a64_patch(e, s->from[f], e->p);
        /* the handler reads, and a trap leaves, the state in struct hart */
        for (int g = 0; g < NCACHE_A; g++) {
            if (s->spill[g] < 0)
                continue;
            if (s->lazy & (1u << g))    /* (its value either way, as the path goes on) */
                a64_sxtw(e, cache_a[g], cache_a[g]);
            hart_ldst(e, false, false, 3, cache_a[g], XOFF((unsigned)s->spill[g]));
        }
        unsigned keep = s->exit_after ? 0 : s->keep;
        save_restore(e, keep, false);
        call_helper(c, s->index);
        save_restore(e, keep, true);
        exit_if_w0(c);
        if (s->exit_after) {
            /* pc is past the instruction; retire it and those before */
            HLD(e, 1, instret);
            a64_addsub_imm(e, true, false, false, 1, 1, s->index + 1, false);
            HST(e, 1, instret);
            exit_with(c, JIT_EXIT);
            continue;
        }
        if (s->reload_slot >= 0)
            xld(c, cache_a[s->reload_slot], s->reload_rd);
        if (s->freload_slot >= 0)
            hart_ldst(e, true, true, 3, FCACHE_V0 + (unsigned)s->freload_slot,
                      FOFF(s->freload_rd));
        a64_b_to(e, s->resume);
    }
    /* the exit tail */
    for (unsigned k = 0; k < c->nexit; k++)
        a64_patch(e, c->to_exit[k], e->p);
    exit_with(c, JIT_EXIT);
}

/* ---- block ends ---- */

/* instret += n, leaving the new count in x1 for chain_exit, which always
 * follows. */
static void retire_block(struct actx *c, unsigned n)
{
    struct a64 *e = &c->e;
    HLD(e, 1, instret);
    a64_addsub_imm(e, true, false, false, 1, 1, n, false);
    HST(e, 1, instret);
}

/* Leaves the block for jit_run with the successor's bpc in x20, telling
 * it which chain slot led there. */
static void exit_to_slot(struct actx *c, int slot)
{
    struct a64 *e = &c->e;
    HST(e, R_BPC, pc);
    a64_movi(e, 0, (uintptr_t)c->b);
    HST(e, 0, jit_block);
    exit_with(c, slot);
}

/* Leaves the block for bpc + target (x1 = instret, from retire_block).
 * A target on the same page goes on through a direct B to the
 * successor's code, which jit_run patches in once it has found and
 * compiled the block in slot; until then, and whenever the budget is
 * spent or an interrupt or stop is pending, jit_run is told which slot to
 * fill; only a backward exit checks, unless budgets are exact (as
 * jit_gen.c's chain_exit, jit.h).  Chains stay within a page, so dropping
 * a page drops the jumping block with its target.  Other targets go
 * through the lookup. */
static void chain_exit(struct actx *c, int slot, int64_t target, bool forward)
{
    struct a64 *e = &c->e;
    if (c->x.dirty)
        abort();    /* the caller spills before the exits it emits */
    int64_t in_page = (int64_t)(c->b->pa & (PAGE_SIZE - 1)) + target;
    if (in_page < 0 || in_page >= (int64_t)PAGE_SIZE) {
        add_imm(e, 0, R_BPC, target);
        emit_lookup_code(e, c->j->exit);    /* (inline: its own indirect branch) */
        return;
    }
    add_imm(e, R_BPC, R_BPC, target);                   /* the successor's bpc */
    uint8_t *spent = NULL;
    if (!forward || c->j->exact) {
        HLD(e, 2, jit_limit);       /* (a pending interrupt or stop zeroes it) */
        a64_cmp(e, 1, 2);
        spent = a64_bcond(e, A_HS);
    }
    uint8_t *link = a64_b(e);       /* to the next instruction until linked */
    c->b->jit_link[slot] = link;
    if (spent)
        a64_patch(e, spent, e->p);
    exit_to_slot(c, slot);
}

/* Puts the cache into the state the loop body starts in (loop_x): the
 * moves jit_regcache.c's rc_reconcile plans; dropped[slot] names a dead
 * value left unstored (for the way out when the budget is spent), or -1,
 * and *dropped_lazy says which of those are lazy still (that way out
 * widens them: the loop does not need them). */
static void reconcile_loop(struct actx *c, int8_t dropped[NCACHE_A], unsigned *dropped_lazy)
{
    struct rc_move moves[3 * NCACHE_A];
    unsigned n = rc_reconcile(&c->x, &c->loop_x, NCACHE_A, &c->p, moves, dropped);
    *dropped_lazy = 0;
    for (int s = 0; s < NCACHE_A; s++)
        if (dropped[s] >= 0 && (c->x.lazy & (1u << s)))
            *dropped_lazy |= 1u << s;
    c->x.lazy &= ~*dropped_lazy;
    x_widen_all(c);                     /* (before the moves: loop_x has none lazy) */
    for (unsigned k = 0; k < n; k++) {
        unsigned r = cache_a[moves[k].slot];
        if (moves[k].kind == RC_STORE)
            hart_ldst(&c->e, false, false, 3, r, XOFF((unsigned)moves[k].arg));
        else if (moves[k].kind == RC_MOVE)
            a64_mov(&c->e, r, cache_a[moves[k].arg]);
        else
            xld(c, r, (unsigned)moves[k].arg);
    }
    c->x = c->loop_x;
}

/* A back edge of a loop block, after n instructions of the iteration
 * (the body's, or those up to an inner branch and its tail's): retires
 * them and goes round again while the budget lasts, else leaves through
 * slot 1 (the block itself) with everything spilled, the values the loop
 * would have dropped as dead included. */
static void loop_back(struct actx *c, unsigned n)
{
    struct a64 *e = &c->e;
    int8_t dropped[NCACHE_A];
    unsigned dropped_lazy;
    reconcile_loop(c, dropped, &dropped_lazy);
    retire_block(c, n);
    HLD(e, 2, jit_limit);       /* (a pending interrupt or stop zeroes it) */
    a64_cmp(e, 1, 2);
    a64_patch(e, a64_bcond(e, A_LO), c->loop_body);
    for (int s = 0; s < NCACHE_A; s++) {
        if (dropped[s] < 0)
            continue;
        if (dropped_lazy & (1u << s))
            a64_sxtw(e, cache_a[s], cache_a[s]);
        hart_ldst(e, false, false, 3, cache_a[s], XOFF((unsigned)dropped[s]));
    }
    x_spill_all(c);
    c->b->jit_link[1] = NULL;           /* (never linked: it jumps to itself) */
    exit_to_slot(c, 1);
}

/* A jump whose target could be misaligned (C off, odd multiple of 2) is
 * left to the handler, which traps. */
static bool target_may_trap(const struct actx *c, int64_t imm)
{
    return plan_target_may_trap(&c->p, imm);
}

/* A jump back to the block's start from its last instruction, in a
 * block translated as a loop. */
static bool is_back_edge(const struct actx *c, const struct insn *ins)
{
    return c->p.loop && c->i + 1 == c->b->n && ins->off + ins->imm == 0;
}

/* ---- generators ---- */

/* Each generator gets the instruction, its table argument and the 32-bit
 * (W) flag. */
typedef void gen_fn(struct actx *c, const struct insn *ins, uint32_t arg, bool w);

static void gen_nop(struct actx *c, const struct insn *ins, uint32_t arg, bool w) {}

/* FENCE with harts on host threads: AArch64 is weakly ordered, so every
 * fence kind is the full inner-shareable barrier, as the executor's
 * host_fence does on such hosts (one thread needs none). */
static void gen_fence(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    if (c->j->host_fences)
        a64_w(&c->e, 0xd5033bbf);       /* dmb ish */
}

/* A result computed from sources fetched low32 (xs32) when w, in r: rd's
 * value, left lazy when w. */
static void put_w(struct actx *c, unsigned rd, unsigned r, bool w)
{
    if (w)
        put_lazy(c, rd, r);
    else
        put_x(c, rd, r);
}

/* rd = rs1 op rs2 (the shifted-register forms); W forms sign-extend the
 * 32-bit result (RV64I "Integer Register-Register Operations"): they
 * read only the sources' low 32 bits and leave the result lazy, as an
 * and/or/xor of two lazy values may (its low 32 bits are right, and the
 * sign extensions of its operands' give its own). */
static void gen_alu(struct actx *c, const struct insn *ins, uint32_t op, bool w)
{
    if (!ins->rd)
        return;
    bool bitwise = op == A_AND || op == A_ORR || op == A_EOR;
    bool lazy = w || (bitwise && x_lazy(c, ins->rs1) && x_lazy(c, ins->rs2));
    unsigned a = lazy ? xs32(c, ins->rs1) : xs(c, ins->rs1);
    unsigned b = lazy ? xs32(c, ins->rs2) : xs(c, ins->rs2);
    unsigned r = dst_reg(c, ins->rd);
    a64_rrr(&c->e, !w, op, r, a, b);
    put_w(c, ins->rd, r, lazy);
}

/* addi(w) (op = A_ADD), andi, ori, xori (op = the register form) */
static void gen_alu_imm(struct actx *c, const struct insn *ins, uint32_t op, bool w)
{
    struct a64 *e = &c->e;
    if (!ins->rd)
        return;
    /* addiw, and a move (addi 0) or andi/ori/xori of a lazy value (whose
     * 12-bit immediate is its low 32 bits' sign extension too), leave a
     * lazy value; addiw adds in 32 bits */
    bool lazy = w || (x_lazy(c, ins->rs1) && (op != A_ADD || ins->imm == 0));
    unsigned a = lazy ? xs32(c, ins->rs1) : xs(c, ins->rs1), r = dst_reg(c, ins->rd);
    if (op == A_ADD && w && ins->imm == 0) {    /* sext.w: one SXTW, not lazy */
        a64_sxtw(e, r, a);
        lazy = false;
    } else if (op == A_ADD && w && a != A_ZR && ins->imm > -4096 && ins->imm < 4096) {
        int64_t v = ins->imm;
        a64_addsub_imm(e, false, v < 0, false, r, a, (unsigned)(v < 0 ? -v : v), false);
    } else if (op == A_ADD) {
        add_imm(e, r, a, ins->imm);
    } else {
        uint32_t op_imm = op == A_AND ? A_ANDI : op == A_ORR ? A_ORRI : A_EORI;
        logic_imm(e, true, op_imm, op, r, a, (uint64_t)ins->imm);
    }
    put_w(c, ins->rd, r, lazy);
}

enum { SH_L, SH_R, SH_A };

/* slli/srli/srai(w): arg = SH_* */
static void gen_shift_imm(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    struct a64 *e = &c->e;
    if (!ins->rd)
        return;
    unsigned a = w ? xs32(c, ins->rs1) : xs(c, ins->rs1), r = dst_reg(c, ins->rd);
    unsigned s = (unsigned)ins->imm;
    if (arg == SH_L)
        a64_lsl_imm(e, !w, r, a, s);
    else if (arg == SH_R)
        a64_lsr_imm(e, !w, r, a, s);
    else
        a64_asr_imm(e, !w, r, a, s);
    put_w(c, ins->rd, r, w);
}

/* sll/srl/sra(w), ror(w): LSLV and its kin take the count modulo the
 * register size, as RISC-V does (6 bits, 5 for the W forms): only the
 * count's low bits are read. */
static void gen_shift(struct actx *c, const struct insn *ins, uint32_t op, bool w)
{
    if (!ins->rd)
        return;
    unsigned a = w ? xs32(c, ins->rs1) : xs(c, ins->rs1), b = xs32(c, ins->rs2);
    unsigned r = dst_reg(c, ins->rd);
    a64_dp2(&c->e, !w, op, r, a, b);
    put_w(c, ins->rd, r, w);
}

/* slt/sltu: arg = condition */
static void gen_set(struct actx *c, const struct insn *ins, uint32_t cond, bool w)
{
    if (!ins->rd)
        return;
    unsigned a = xs(c, ins->rs1), b = xs(c, ins->rs2), r = dst_reg(c, ins->rd);
    a64_cmp(&c->e, a, b);
    a64_cset(&c->e, r, cond);
    put_x(c, ins->rd, r);
}

/* slti/sltiu: the sign-extended immediate compared as signed or unsigned
 * (CMN for a negative one gives the flags of the subtraction). */
static void gen_set_imm(struct actx *c, const struct insn *ins, uint32_t cond, bool w)
{
    struct a64 *e = &c->e;
    if (!ins->rd)
        return;
    unsigned a = xs(c, ins->rs1), r = dst_reg(c, ins->rd);
    int64_t v = ins->imm;
    if (a != A_ZR && v > -4096 && v < 4096)
        a64_addsub_imm(e, true, v >= 0, true, A_ZR, a, (unsigned)(v < 0 ? -v : v), false);
    else {
        a64_movi(e, A_X16, (uint64_t)v);
        a64_cmp(e, a, A_X16);
    }
    a64_cset(e, r, cond);
    put_x(c, ins->rd, r);
}

static void gen_lui(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    if (!ins->rd)
        return;
    unsigned r = dst_reg(c, ins->rd);
    a64_movi(&c->e, r, (uint64_t)ins->imm);
    put_x(c, ins->rd, r);
}

static void gen_auipc(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    if (!ins->rd)
        return;
    unsigned r = dst_reg(c, ins->rd);
    add_imm(&c->e, r, R_BPC, ins->off + ins->imm);
    put_x(c, ins->rd, r);
}

/* mul(w) */
static void gen_mul(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    if (!ins->rd)
        return;
    unsigned a = w ? xs32(c, ins->rs1) : xs(c, ins->rs1);
    unsigned b = w ? xs32(c, ins->rs2) : xs(c, ins->rs2), r = dst_reg(c, ins->rd);
    a64_madd(&c->e, !w, r, a, b, A_ZR);
    put_w(c, ins->rd, r, w);
}

enum { MH_S, MH_U, MH_SU };

/* mulh, mulhu: SMULH/UMULH.  mulhsu (rs1 signed, rs2 unsigned): the
 * unsigned high half minus rs2 when rs1 is negative (rs1 read as signed is
 * rs1 - 2^64 then). */
static void gen_mulh(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    struct a64 *e = &c->e;
    if (!ins->rd)
        return;
    unsigned a = xs(c, ins->rs1), b = xs(c, ins->rs2), r = dst_reg(c, ins->rd);
    if (arg != MH_SU) {
        a64_mulh(e, arg == MH_S, r, a, b);
    } else {
        a64_mulh(e, false, 0, a, b);
        a64_asr_imm(e, true, 1, a, 63);
        a64_rrr(e, true, A_AND, 1, 1, b);
        a64_rrr(e, true, A_SUB, r, 0, 1);
    }
    put_x(c, ins->rd, r);
}

/* div(u)(w), rem(u)(w): arg = DV_* flags.  SDIV/UDIV give 0 for a zero
 * divisor and the dividend for the signed overflow (Arm ARM SDIV), where
 * RISC-V wants all ones and the dividend (M extension, "Division
 * Operations"): a CSINV supplies the all ones; the remainder a - q * b is
 * then already right in both cases (a, and 0). */
#define DV_U 1
#define DV_REM 2
static void gen_div(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    struct a64 *e = &c->e;
    if (!ins->rd)
        return;
    unsigned a = w ? xs32(c, ins->rs1) : xs(c, ins->rs1);
    unsigned b = w ? xs32(c, ins->rs2) : xs(c, ins->rs2), r = dst_reg(c, ins->rd);
    a64_dp2(e, !w, arg & DV_U ? A_UDIV : A_SDIV, 0, a, b);
    if (arg & DV_REM) {
        a64_msub(e, !w, r, 0, b, a);
    } else {
        a64_rrr(e, !w, A_ANDS, A_ZR, b, b);             /* tst b, b */
        a64_csel(e, A_CSINV, r, 0, A_ZR, A_NE);
    }
    put_w(c, ins->rd, r, w);
}

/* ---- loads and stores ---- */

/* The TLB fast path (mmu_fast's) for the size-byte access at base + imm:
 * returns the register holding the virtual address, with x5 = the
 * entry's addend, so the access is [va, x5]; a miss, or a misaligned
 * access, whose tag (the address's low bits kept) cannot match and which
 * the slow path performs, branches to the slow path.  The entry is the
 * table plus the page number's low bits shifted by the entry size. */
static unsigned tlb_lookup_or(struct actx *c, unsigned base, int64_t imm, unsigned size,
                              enum mmu_access acc, bool leave)
{
    struct a64 *e = &c->e;
    unsigned va = base;
    if (imm || base == A_ZR) {
        add_imm(e, 1, base, imm);
        va = 1;
    }
    hart_ldst(e, true, false, 3, 0,
              offsetof(struct hart, mmu) + offsetof(struct mmu, tlb) + acc * sizeof(void *));
    a64_ubfx(e, 2, va, PAGE_SHIFT, (unsigned)__builtin_ctz(TLB_SIZE));
    a64_rrr_sh(e, true, A_ADD, 0, 0, 2, A_LSL, TLB_ENTRY_SHIFT);
    a64_logic_imm(e, true, A_ANDI, 3, va, tag_mask_enc(size));
    a64_ldstp(e, true, false, 2, 4, 5, 0, 0);          /* vtag, addend */
    a64_cmp(e, 3, 4);
    add_stub(c, a64_bcond(e, A_NE), leave);
    return va;
}

/* ... whose slow path resumes after the instruction */
static unsigned tlb_lookup(struct actx *c, unsigned base, int64_t imm, unsigned size,
                           enum mmu_access acc)
{
    return tlb_lookup_or(c, base, imm, size, acc, false);
}

/* A load group's leader (jit_internal.h), its host address in x0: the
 * group's span must lie in that page (host pages are guest pages: an
 * addend is page-aligned), else the block ends after the leader; then
 * the address becomes GROUP_REG. */
static void group_lead(struct actx *c)
{
    struct a64 *e = &c->e;
    add_imm(e, 2, 0, c->p.group_lo[c->i]);
    add_imm(e, 3, 0, c->p.group_off[c->i] - 1);
    a64_rrr(e, true, A_EOR, 2, 2, 3);
    logic_imm(e, true, A_ANDSI, A_ANDS, A_ZR, 2, PAGE_MASK);   /* tst x2, #~(PAGE_SIZE - 1) */
    slow_exit(c, a64_bcond(e, A_NE));
    group_set(c, 0);
}

/* FP instructions need mstatus.FS on (else the handler raises
 * illegal-instruction); checked once per block. */
static void fs_guard(struct actx *c)
{
    if (c->fs_on)
        return;
    HLD(&c->e, 0, mstatus);
    logic_imm(&c->e, true, A_ANDSI, A_ANDS, A_ZR, 0, MSTATUS_FS);     /* tst x0, #FS */
    slow_exit(c, a64_bcond(&c->e, A_EQ));
    c->fs_on = true;
}

/* An f register was written: FS becomes dirty (once per block). */
static void fs_dirty(struct actx *c)
{
    if (c->fs_dirty)
        return;
    HLD(&c->e, 0, mstatus);
    logic_imm(&c->e, true, A_ORRI, A_ORR, 0, 0, MSTATUS_FS);
    HST(&c->e, 0, mstatus);
    c->fs_dirty = true;
}

#define LD_SX 0x10  /* table argument flags for loads and stores: lg | flags */
#define LD_FP 0x20

/* Loads: arg = log2(size) | LD_SX sign-extend | LD_FP to an f register */
/* Loads: arg = log2(size) | LD_SX sign-extend | LD_FP to an f register.
 * A load group's member loads at the group's host address plus its
 * offset (within +-GROUP_SPAN: one LDUR), its leader at its own host
 * address after group_lead's check. */
static void gen_load(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    struct a64 *e = &c->e;
    unsigned lg = arg & 3;
    bool sx = arg & LD_SX, fp = arg & LD_FP;
    int role = c->p.group_role[c->i];
    unsigned at, index = 5;         /* the access is [at, x5], or [at, #off] */
    int off = 0;
    _Static_assert(GROUP_SPAN <= 256, "a member's offset fits LDUR's 9 bits");
    if (role == GROUP_MEMBER) {         /* in its leader's checked span */
        at = group_get(c);
        off = c->p.group_off[c->i];
        index = A_ZR;
        if (fp)
            fs_guard(c);
    } else {
        unsigned base = xs(c, ins->rs1);
        if (fp)
            fs_guard(c);
        at = tlb_lookup_or(c, base, ins->imm, 1u << lg, ACC_LOAD, role == GROUP_LEADER);
        if (role == GROUP_LEADER) {
            a64_rrr(e, true, A_ADD, 0, at, 5);          /* x0 = the host address */
            group_lead(c);
            at = 0;
            index = A_ZR;
        }
    }
    unsigned opc = !fp && sx && lg < 3 ? A_LDS : A_LD;
    unsigned r = !fp && ins->rd ? dst_reg(c, ins->rd) : 6;
    if (index == A_ZR)
        a64_ldst_simm(e, false, lg, opc, r, at, off);
    else
        a64_ldst_reg(e, false, lg, opc, r, at, index);
    if (!fp) {
        if (ins->rd)
            put_x(c, ins->rd, r);
        resume_here(c, ins->rd, -1);
        return;
    }
    put_f_x(c, ins->rd, 6, lg == 2);
    fs_dirty(c);
    resume_here(c, 0, ins->rd);
}

/* Stores: arg = log2(size) | LD_FP from an f register (STR S stores the
 * low 32 bits, fsw's rule).  Code pages never have store-TLB entries, so
 * a store that would drop translated code always takes the slow path. */
static void gen_store(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    unsigned lg = arg & 3;
    bool fp = arg & LD_FP;
    unsigned base = xs(c, ins->rs1);
    unsigned val = fp ? fsrc(c, ins->rs2) : lg < 3 ? xs32(c, ins->rs2) : xs(c, ins->rs2);
    if (fp)
        fs_guard(c);
    unsigned va = tlb_lookup(c, base, ins->imm, 1u << lg, ACC_STORE);
    a64_ldst_reg(&c->e, fp, lg, A_ST, val, va, 5);
    resume_here(c, 0, -1);
}

/* cbo.zero (Zicboz): where it is enabled (cbo_enabled's rule in
 * exec_slow.c: always in M, in S by menvcfg.CBZE, in U by both envcfgs)
 * and the 64-byte block hits the store TLB (plain RAM without translated
 * code, whole-page PMP grant: never crossing the page), four pair stores
 * of zero.  Anything else goes to the handler.  Linux clears its pages
 * this way. */
static void gen_cbo_zero(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    struct a64 *e = &c->e;
    unsigned base = xs(c, ins->rs1);
    hart_ldst(e, true, false, 2, 0, offsetof(struct hart, priv));
    a64_addsub_imm(e, false, true, true, A_ZR, 0, PRV_M, false);
    uint8_t *m_ok = a64_bcond(e, A_EQ);
    HLD(e, 1, menvcfg);
    logic_imm(e, true, A_ANDSI, A_ANDS, A_ZR, 1, ENVCFG_CBZE);
    slow_path(c, a64_bcond(e, A_EQ));
    a64_addsub_imm(e, false, true, true, A_ZR, 0, PRV_S, false);
    uint8_t *s_ok = a64_bcond(e, A_EQ);
    HLD(e, 1, senvcfg);
    logic_imm(e, true, A_ANDSI, A_ANDS, A_ZR, 1, ENVCFG_CBZE);
    slow_path(c, a64_bcond(e, A_EQ));
    a64_patch(e, m_ok, e->p);
    a64_patch(e, s_ok, e->p);
    logic_imm(e, true, A_ANDI, A_AND, 1, base, -(uint64_t)CBO_BLOCK_SIZE);
    unsigned va = tlb_lookup(c, 1, 0, CBO_BLOCK_SIZE, ACC_STORE);
    a64_rrr(e, true, A_ADD, 0, va, 5);
    _Static_assert(CBO_BLOCK_SIZE % 16 == 0, "pair stores");
    for (int k = 0; k < CBO_BLOCK_SIZE; k += 16)
        a64_ldstp(e, false, false, 2, A_ZR, A_ZR, 0, k);
    resume_here(c, 0, -1);
}

/* ---- atomics (A: "Atomic Memory Operations") ---- */

/* Whether the host has the Armv8.1 LSE atomics (HWCAP_ATOMICS, Linux's
 * arm64 hwcap bit 8), asked once. */
static bool host_has_lse(void)
{
    static int known = -1;      /* (threads may race to the same answer) */
    int v = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (v < 0) {
        v = (getauxval(AT_HWCAP) & (1ul << 8)) != 0;
        __atomic_store_n(&known, v, __ATOMIC_RELAXED);
    }
    return v;
}

/* amo<op>.w/.d: arg = the A_LD_* / A_SWP operation (and: A_LD_CLR, of
 * ~rs2); w = .w.  Where do_amo would take the store TLB's hit (amo_fast:
 * plain RAM without translated code or watches, aligned, no debugger),
 * one atomic read-modify-write of the host word: an LSE instruction, or
 * an LDAXR/STLXR loop without LSE, both acquire and release, which is
 * at least the order any aq/rl bits ask (A: "Atomic Memory Operations").
 * rd = the old word, sign-extended for .w.  Else the handler. */
static void gen_amo(struct actx *c, const struct insn *ins, uint32_t op, bool w)
{
    struct a64 *e = &c->e;
    bool x64 = !w;
    unsigned base = xs(c, ins->rs1), src = xs(c, ins->rs2);
    hart_ldst(e, true, false, 0, 0, offsetof(struct hart, dbg.active));
    slow_path(c, a64_cbz(e, false, true, 0));
    unsigned va = tlb_lookup(c, base, 0, w ? 4 : 8, ACC_STORE);
    a64_rrr(e, true, A_ADD, 0, va, 5);                  /* x0 = the host address */
    if (host_has_lse()) {
        unsigned s = src;
        if (op == A_LD_CLR) {                           /* and = clear the bits of ~rs2 */
            a64_rrr(e, true, A_ORN, 2, A_ZR, src);
            s = 2;
        }
        a64_lse(e, x64, op, s, 6, 0);
    } else {
        uint8_t *loop = e->p;
        a64_ldaxr(e, x64, 6, 0);
        unsigned nv = 7;
        switch (op) {
        case A_SWP: nv = src; break;
        case A_LD_ADD: a64_rrr(e, x64, A_ADD, 7, 6, src); break;
        case A_LD_CLR: a64_rrr(e, x64, A_AND, 7, 6, src); break;
        case A_LD_EOR: a64_rrr(e, x64, A_EOR, 7, 6, src); break;
        case A_LD_SET: a64_rrr(e, x64, A_ORR, 7, 6, src); break;
        default: {      /* min/max: compared in the access's width */
            static const unsigned keep_old[] = { [A_LD_SMAX] = A_GT, [A_LD_SMIN] = A_LT,
                                                 [A_LD_UMAX] = A_HI, [A_LD_UMIN] = A_LO };
            a64_rrr(e, x64, A_SUBS, A_ZR, 6, src);
            a64_csel(e, A_CSEL, 7, 6, src, keep_old[op]);
            break;
        }
        }
        a64_stlxr(e, x64, 3, nv, 0);
        a64_patch(e, a64_cbz(e, false, true, 3), loop);
    }
    if (ins->rd) {
        unsigned r = dst_reg(c, ins->rd);
        if (w)
            a64_sxtw(e, r, 6);
        else
            a64_mov(e, r, 6);
        put_x(c, ins->rd, r);
    }
    resume_here(c, ins->rd, -1);
}

_Static_assert(sizeof ((struct hart *)0)->resv_size == 4 &&
               sizeof ((struct hart *)0)->resv_valid == 1,
               "gen_lr/gen_sc write resv_size as a word, resv_valid as a byte");

#define AMO_AQ (1u << 26)               /* the aq and rl bits of an AMO/LR/SC */
#define AMO_RL (1u << 25)

/* The start of LR and SC: rs1's address, where do_lr / do_sc would take
 * the TLB's hit (amo_fast: no debugger attached; the tag compare misses
 * a misaligned address, which the handler then raises): x0 = the host
 * address.  Else the handler. */
static void lrsc_locate(struct actx *c, unsigned base, unsigned size, enum mmu_access acc)
{
    struct a64 *e = &c->e;
    hart_ldst(e, true, false, 0, 0, offsetof(struct hart, dbg.active));
    slow_path(c, a64_cbz(e, false, true, 0));
    unsigned va = tlb_lookup(c, base, 0, size, acc);
    a64_rrr(e, true, A_ADD, 0, va, 5);
}

/* lr.w/lr.d (w: .w).  The reservation exactly as do_lr records it: the
 * physical address, the word read (zero-extended), the size, valid; rd
 * the word, sign-extended for .w.  Ordering as ram_load_ordered's, when
 * harts run on host threads: with rl every earlier access precedes the
 * LR (RVWMO, preserved program order rule 6), an earlier store too, a
 * full barrier first; with aq an acquire barrier after the load. */
static void gen_lr(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    struct a64 *e = &c->e;
    unsigned lg = w ? 2 : 3;
    lrsc_locate(c, xs(c, ins->rs1), 1u << lg, ACC_LOAD);
    if (c->j->host_fences && (ins->raw & AMO_RL))
        a64_dmb_ish(e);
    a64_ldst_uimm(e, false, lg, A_LD, 6, 0, 0);        /* x6 = the word */
    if (c->j->host_fences && (ins->raw & AMO_AQ))
        a64_dmb_ishld(e);
    host_to_pa(e, 0, 0);
    hart_ldst(e, false, false, 3, 0, offsetof(struct hart, resv_addr));
    hart_ldst(e, false, false, 3, 6, offsetof(struct hart, resv_val));
    a64_movz(e, 1, 1u << lg, 0);
    hart_ldst(e, false, false, 2, 1, offsetof(struct hart, resv_size));
    a64_movz(e, 1, 1, 0);
    hart_ldst(e, false, false, 0, 1, offsetof(struct hart, resv_valid));
    if (ins->rd) {
        unsigned r = dst_reg(c, ins->rd);
        if (w)
            a64_sxtw(e, r, 6);
        else
            a64_mov(e, r, 6);
        put_x(c, ins->rd, r);
    }
    resume_here(c, ins->rd, -1);
}

/* sc.w/sc.d (w: .w).  As do_sc: the reservation must be valid, for this
 * physical address and size; it is dropped either way; then a
 * compare-and-swap of rs2 against the word LR read (README, "SMP": a
 * store that put the same value back does not make SC fail): CASAL, or
 * an LDAXR/STLXR loop without LSE, acquire and release, at least the
 * order any aq/rl asks.  rd = 0 on success, 1 on failure. */
static void gen_sc(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    struct a64 *e = &c->e;
    unsigned lg = w ? 2 : 3;
    unsigned base = xs(c, ins->rs1), src = xs(c, ins->rs2);
    lrsc_locate(c, base, 1u << lg, ACC_STORE);
    /* (rd's register is chosen before the branches below, as choosing it
     * may emit a spill; it is written only at the end) */
    unsigned r = ins->rd ? dst_reg(c, ins->rd) : 6;
    host_to_pa(e, 6, 0);                                /* x6 = the physical address */
    hart_ldst(e, true, false, 0, 2, offsetof(struct hart, resv_valid));
    hart_ldst(e, false, false, 0, A_ZR, offsetof(struct hart, resv_valid));
    uint8_t *fail[4];
    fail[0] = a64_cbz(e, false, false, 2);
    hart_ldst(e, true, false, 3, 3, offsetof(struct hart, resv_addr));
    a64_cmp(e, 6, 3);
    fail[1] = a64_bcond(e, A_NE);
    hart_ldst(e, true, false, 2, 3, offsetof(struct hart, resv_size));
    a64_addsub_imm(e, false, true, true, A_ZR, 3, 1u << lg, false);   /* cmp w3, #size */
    fail[2] = a64_bcond(e, A_NE);
    hart_ldst(e, true, false, 3, 3, offsetof(struct hart, resv_val));  /* x3 = expected */
    if (host_has_lse()) {
        a64_mov(e, 4, 3);
        a64_casal(e, !w, 4, src, 0);                    /* x4 = the word found */
        a64_rrr(e, !w, A_SUBS, A_ZR, 4, 3);
    } else {
        uint8_t *again = e->p;
        a64_ldaxr(e, !w, 4, 0);
        a64_rrr(e, !w, A_SUBS, A_ZR, 4, 3);
        uint8_t *differs = a64_bcond(e, A_NE);
        a64_stlxr(e, !w, 7, src, 0);
        a64_patch(e, a64_cbz(e, false, true, 7), again);
        uint8_t *stored = a64_b(e);
        a64_patch(e, differs, e->p);
        a64_clrex(e);                                   /* (flags kept: NE) */
        a64_patch(e, stored, e->p);
    }
    a64_cset(e, 6, A_NE);                               /* 0 stored, 1 not */
    fail[3] = a64_b(e);
    for (int k = 0; k < 3; k++)
        a64_patch(e, fail[k], e->p);
    a64_movz(e, 6, 1, 0);
    a64_patch(e, fail[3], e->p);
    if (ins->rd) {
        a64_mov(e, r, 6);
        put_x(c, ins->rd, r);
    }
    resume_here(c, ins->rd, -1);
}

/* ---- control transfers ---- */

/* If-conversion (jit_plan.c, plan_select), after the generators' table */
static void gen_select(struct actx *c, const struct insn *ins, uint32_t cond);
static void select_exit(struct actx *c);

static void gen_branch(struct actx *c, const struct insn *ins, uint32_t cond, bool w)
{
    struct a64 *e = &c->e;
    if (target_may_trap(c, ins->imm)) {
        gen_helper(c, ins);
        return;
    }
    if (c->p.select && c->i == c->p.sel_branch) {
        gen_select(c, ins, cond);
        return;
    }
    unsigned a = xs(c, ins->rs1), b = xs(c, ins->rs2);
    if (c->i + 1 < c->b->n) {           /* inside a superblock */
        a64_cmp(e, a, b);
        c->sides[c->nsides].from = a64_bcond(e, cond);
        c->sides[c->nsides].x = c->x;
        c->sides[c->nsides].n = c->i + 1;
        c->sides[c->nsides++].target = ins->off + ins->imm;
        return;
    }
    if (is_back_edge(c, ins)) {
        a64_cmp(e, a, b);
        uint8_t *taken = a64_bcond(e, cond);
        struct regcache at_branch = c->x;
        x_spill_all(c);
        retire_block(c, c->i + 1);
        if (c->p.select)
            select_exit(c);
        chain_exit(c, 0, ins->off + ins->len, true);
        a64_patch(e, taken, e->p);
        c->x = at_branch;
        loop_back(c, c->i + 1);
        return;
    }
    x_spill_all(c);                     /* for both exits */
    retire_block(c, c->i + 1);
    a64_cmp(e, a, b);
    uint8_t *taken = a64_bcond(e, cond);
    chain_exit(c, 0, ins->off + ins->len, true);
    a64_patch(e, taken, e->p);
    chain_exit(c, 1, ins->off + ins->imm, ins->imm > 0);
}

/* The side exits (after the block's code): each spills what was dirty
 * at its branch, retires the instructions up to it and leaves through
 * its own chain slot, or runs the branch target's tail in the loop
 * (emit_tail, after the generators: it calls them). */
static void emit_tail(struct actx *c, unsigned k, const struct block_tail *t);

static void emit_side_exits(struct actx *c)
{
    for (unsigned k = 0; k < c->nsides; k++) {
        if (!c->sides[k].from)
            continue;                   /* (a converted if's: select_exit) */
        a64_patch(&c->e, c->sides[k].from, c->e.p);
        c->x = c->sides[k].x;
        const struct block_tail *t = plan_loop_tail(&c->p, c->sides[k].n - 1);
        if (t) {
            emit_tail(c, k, t);
            continue;
        }
        x_spill_all(c);
        retire_block(c, c->sides[k].n);
        chain_exit(c, JIT_SIDE + (int)k, c->sides[k].target, true);
    }
}

static void gen_jal(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    if (target_may_trap(c, ins->imm)) {
        gen_helper(c, ins);
        return;
    }
    if (is_back_edge(c, ins)) {         /* (rd is x0) */
        loop_back(c, c->i + 1);
        return;
    }
    rc_forget(&c->x, ins->rd);         /* (its old value is dead) */
    x_spill_all(c);
    if (ins->rd) {
        add_imm(&c->e, 0, R_BPC, ins->off + ins->len);
        hart_ldst(&c->e, false, false, 3, 0, XOFF(ins->rd));
    }
    retire_block(c, c->i + 1);
    chain_exit(c, 1, ins->off + ins->imm, ins->imm > 0);
}

static void gen_jalr(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    struct a64 *e = &c->e;
    unsigned a = xs(c, ins->rs1);
    add_imm(e, 0, a, ins->imm);
    logic_imm(e, true, A_ANDI, A_AND, 0, 0, ~1ull);
    if (!c->p.rvc) {                                    /* misaligned: the handler traps */
        logic_imm(e, true, A_ANDSI, A_ANDS, A_ZR, 0, 2);
        slow_path(c, a64_bcond(e, A_NE));
    }
    rc_forget(&c->x, ins->rd);         /* (its old value is dead) */
    x_spill_all(c);
    if (ins->rd) {
        add_imm(e, 1, R_BPC, ins->off + ins->len);
        hart_ldst(e, false, false, 3, 1, XOFF(ins->rd));
    }
    retire_block(c, c->i + 1);
    emit_lookup_code(e, c->j->exit);
    resume_here(c, 0, -1);  /* (the stub never resumes: the handler traps) */
}

/* ---- Zba, Zbb, Zbs, Zicond ---- */

/* sh1add..sh3add: rd = rs2 + (rs1 << k); the .uw forms zero-extend rs1
 * first (ADD, extended register, UXTW).  arg = k | ZB_UW; add.uw is k = 0. */
#define ZB_UW 0x10
static void gen_shadd(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    struct a64 *e = &c->e;
    if (!ins->rd)
        return;
    unsigned a = xs(c, ins->rs1), b = xs(c, ins->rs2), r = dst_reg(c, ins->rd);
    if (!(arg & ZB_UW)) {
        a64_rrr_sh(e, true, A_ADD, r, b, a, A_LSL, arg & 3);
    } else {
        if (b == A_ZR) {        /* (Rn 31 is SP in the extended form) */
            a64_movz(e, A_X16, 0, 0);
            b = A_X16;
        }
        a64_add_uxtw(e, r, b, a, arg & 3);
    }
    put_x(c, ins->rd, r);
}

/* slli.uw: rd = zext32(rs1) << shamt, UBFIZ (UBFM with immr = -shamt,
 * imms = 31, or the bits above 63 - shamt when shamt > 32). */
static void gen_slli_uw(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    if (!ins->rd)
        return;
    unsigned a = xs32(c, ins->rs1), r = dst_reg(c, ins->rd), s = (unsigned)ins->imm;
    unsigned width = s > 32 ? 64 - s : 32;
    a64_bfm(&c->e, true, false, r, a, (64 - s) & 63, width - 1);
    put_x(c, ins->rd, r);
}

/* andn, orn, xnor: BIC, ORN, EON */
static void gen_logic_not(struct actx *c, const struct insn *ins, uint32_t op, bool w)
{
    gen_alu(c, ins, op, false);
}

enum { CNT_CLZ, CNT_CTZ, CNT_POP };

/* clz(w), ctz(w) (RBIT then CLZ), cpop(w) (the SIMD CNT and ADDV): the
 * W forms on the low 32 bits.  Each result fits in 7 bits. */
static void gen_count(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    struct a64 *e = &c->e;
    if (!ins->rd)
        return;
    unsigned a = w ? xs32(c, ins->rs1) : xs(c, ins->rs1), r = dst_reg(c, ins->rd);
    switch (arg) {
    case CNT_CLZ:
        a64_dp1(e, !w, A_CLZ, r, a);
        break;
    case CNT_CTZ:
        a64_dp1(e, !w, A_RBIT, r, a);
        a64_dp1(e, !w, A_CLZ, r, r);
        break;
    default:
        if (w)
            a64_rrr(e, false, A_ORR, 0, A_ZR, a);       /* mov w0, wa: zero-extends */
        a64_fmov_from_gp(e, true, 0, w ? 0 : a);
        a64_popcount8(e, 0, 0);
        a64_fmov_to_gp(e, false, r, 0);
        break;
    }
    put_x(c, ins->rd, r);
}

/* min, max, minu, maxu: rd = rs1 cond rs2 ? rs1 : rs2 */
static void gen_minmax(struct actx *c, const struct insn *ins, uint32_t cond, bool w)
{
    if (!ins->rd)
        return;
    unsigned a = xs(c, ins->rs1), b = xs(c, ins->rs2), r = dst_reg(c, ins->rd);
    a64_cmp(&c->e, a, b);
    a64_csel(&c->e, A_CSEL, r, a, b, cond);
    put_x(c, ins->rd, r);
}

enum { EX_SB, EX_SH, EX_ZH };

/* sext.b, sext.h (SBFM #0, #7 / #15), zext.h (UBFM #0, #15) */
static void gen_extend(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    if (!ins->rd)
        return;
    unsigned a = xs32(c, ins->rs1), r = dst_reg(c, ins->rd);   /* (its low 16 bits) */
    a64_bfm(&c->e, true, arg != EX_ZH, r, a, 0, arg == EX_SB ? 7 : 15);
    put_x(c, ins->rd, r);
}

/* rol(w): a right rotation by the negated count (RORV takes it modulo the
 * register size) */
static void gen_rol(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    struct a64 *e = &c->e;
    if (!ins->rd)
        return;
    unsigned a = w ? xs32(c, ins->rs1) : xs(c, ins->rs1), b = xs32(c, ins->rs2);
    unsigned r = dst_reg(c, ins->rd);
    a64_rrr(e, true, A_SUB, 0, A_ZR, b);        /* (its low 6 bits: -b's modulo 64) */
    a64_dp2(e, !w, A_RORV, r, a, 0);
    put_w(c, ins->rd, r, w);
}

/* rori(w) */
static void gen_rori(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    if (!ins->rd)
        return;
    unsigned a = w ? xs32(c, ins->rs1) : xs(c, ins->rs1), r = dst_reg(c, ins->rd);
    a64_ror_imm(&c->e, !w, r, a, (unsigned)ins->imm);
    put_w(c, ins->rd, r, w);
}

/* Guest g = z's high 64 - k bits (hi: a << k) or its low k bits (a >>
 * (64 - k)), z being a rotated left by k (1 <= k <= 63): either mask is
 * one run of ones, always a bitmask immediate. */
static void rotate_part(struct actx *c, unsigned g, unsigned z, unsigned k, bool hi)
{
    unsigned zs = xs(c, z), d = dst_reg(c, g);
    uint64_t low = (1ull << k) - 1;
    logic_imm(&c->e, true, A_ANDI, A_AND, d, zs, hi ? ~low : low);
    put_x(c, g, d);
}

/* The or of a planned rotate (jit_plan.c, plan_rotates; the shifts were
 * skipped): rd = a rotated left by k, a right rotation by 64 - k (ROR,
 * EXTR), then the shifts' registers that something is to see. */
static void gen_rotate_or(struct actx *c, const struct insn *ins)
{
    unsigned k = c->p.rot_by[c->i];
    unsigned a = xs(c, c->p.rot_src[c->i]), r = dst_reg(c, ins->rd);
    a64_ror_imm(&c->e, true, r, a, 64 - k);
    put_x(c, ins->rd, r);
    if (c->p.rot_hi[c->i])
        rotate_part(c, c->p.rot_hi[c->i], ins->rd, k, true);
    if (c->p.rot_lo[c->i])
        rotate_part(c, c->p.rot_lo[c->i], ins->rd, k, false);
}

static void gen_rev8(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    if (!ins->rd)
        return;
    unsigned a = xs(c, ins->rs1), r = dst_reg(c, ins->rd);
    a64_dp1(&c->e, true, A_REV, r, a);
    put_x(c, ins->rd, r);
}

/* orc.b (Zbb): as jit_gen.c's gen_orc_b, the top bit of
 * ((x & 0x7f..7f) + 0x7f..7f) | x marks the nonzero bytes; moved to bit 0,
 * (t << 8) - t fills each of them with 0xff.  Both masks are bitmask
 * immediates. */
static void gen_orc_b(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    struct a64 *e = &c->e;
    (void)arg;
    (void)w;
    if (!ins->rd)
        return;
    unsigned a = xs(c, ins->rs1), r = dst_reg(c, ins->rd);
    uint32_t low7 = 0, top1 = 0;    /* (both encodable: set below) */
    a64_bitmask(0x7f7f7f7f7f7f7f7full, true, &low7);
    a64_bitmask(0x8080808080808080ull, true, &top1);
    a64_logic_imm(e, true, A_ANDI, A_X17, a, low7);
    a64_logic_imm(e, true, A_ORRI, A_X16, A_ZR, low7);  /* mov x16, #0x7f..7f */
    a64_rrr(e, true, A_ADD, A_X17, A_X17, A_X16);
    a64_rrr(e, true, A_ORR, A_X17, A_X17, a);
    a64_logic_imm(e, true, A_ANDI, A_X17, A_X17, top1);
    a64_lsr_imm(e, true, A_X17, A_X17, 7);
    a64_lsl_imm(e, true, A_X16, A_X17, 8);
    a64_rrr(e, true, A_SUB, r, A_X16, A_X17);
    put_x(c, ins->rd, r);
}

enum { BT_S, BT_C, BT_R, BT_X };

/* bset, binv, bclr, bext (rs2's low 6 bits: LSLV/LSRV take them modulo 64) */
static void gen_bit(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    struct a64 *e = &c->e;
    if (!ins->rd)
        return;
    unsigned a = xs(c, ins->rs1), b = xs(c, ins->rs2), r = dst_reg(c, ins->rd);
    if (arg == BT_X) {
        a64_dp2(e, true, A_LSRV, 0, a, b);
        logic_imm(e, true, A_ANDI, A_AND, r, 0, 1);
    } else {
        a64_movz(e, 0, 1, 0);
        a64_dp2(e, true, A_LSLV, 0, 0, b);
        a64_rrr(e, true, arg == BT_S ? A_ORR : arg == BT_C ? A_EOR : A_BIC, r, a, 0);
    }
    put_x(c, ins->rd, r);
}

/* bseti, binvi, bclri, bexti: single-bit masks are bitmask immediates */
static void gen_bit_imm(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    struct a64 *e = &c->e;
    if (!ins->rd)
        return;
    unsigned a = xs(c, ins->rs1), r = dst_reg(c, ins->rd), s = (unsigned)ins->imm & 63;
    if (arg == BT_X)
        a64_ubfx(e, r, a, s, 1);
    else if (arg == BT_R)
        logic_imm(e, true, A_ANDI, A_AND, r, a, ~(1ull << s));
    else
        logic_imm(e, true, arg == BT_S ? A_ORRI : A_EORI, arg == BT_S ? A_ORR : A_EOR, r, a,
                  1ull << s);
    put_x(c, ins->rd, r);
}

/* czero.eqz / czero.nez: rd = rs1 unless rs2 is zero / nonzero.
 * arg = the condition (on rs2 != 0) under which rd is rs1. */
static void gen_czero(struct actx *c, const struct insn *ins, uint32_t cond, bool w)
{
    if (!ins->rd)
        return;
    unsigned a = xs(c, ins->rs1), b = xs(c, ins->rs2), r = dst_reg(c, ins->rd);
    a64_rrr(&c->e, true, A_ANDS, A_ZR, b, b);
    a64_csel(&c->e, A_CSEL, r, a, A_ZR, cond);
    put_x(c, ins->rd, r);
}

/* ---- floating point ---- */

/* The block-wide facts the FP fast path needs: FS on, the rounding mode
 * RNE (a dynamic rm: frm, checked once a block, frm_rne_guard), NX
 * already set (so an inexact result changes no flag). */
static void frm_rne_guard(struct actx *c, const struct insn *ins)
{
    struct a64 *e = &c->e;
    if (ins->rm == FRM_DYN && !c->frm_rne) {
        hart_ldst(e, true, false, 2, 0, offsetof(struct hart, frm));
        a64_addsub_imm(e, false, true, true, A_ZR, 0, FRM_RNE, false);
        slow_exit(c, a64_bcond(e, A_NE));
        c->frm_rne = true;
    }
}

static void fop_guard(struct actx *c, const struct insn *ins)
{
    struct a64 *e = &c->e;
    fs_guard(c);
    frm_rne_guard(c, ins);
    if (!c->nx_set) {
        hart_ldst(e, true, false, 2, 0, offsetof(struct hart, fflags));
        logic_imm(e, false, A_ANDSI, A_ANDS, A_ZR, 0, FFLAG_NX);     /* tst w0, #NX */
        slow_exit(c, a64_bcond(e, A_EQ));
        c->nx_set = true;
    }
}

/* Slow path unless the biased exponent of the value in x0 (the format's
 * shift and width) lies in [lo, hi).  Clobbers x2. */
static void check_exp(struct actx *c, unsigned shift, unsigned width, unsigned lo, unsigned hi)
{
    struct a64 *e = &c->e;
    a64_ubfx(e, 2, 0, shift, width);
    a64_addsub_imm(e, false, true, false, 2, 2, lo, false);
    a64_addsub_imm(e, false, true, true, A_ZR, 2, hi - lo, false);  /* cmp w2, #hi-lo */
    slow_path(c, a64_bcond(e, A_HS));
}

/* Slow path unless D register v holds a NaN-boxed single (bits 63:32 all
 * ones): an unboxed one reads as the canonical NaN (unpriv. spec, "NaN
 * Boxing of Narrower Values"), which the handler supplies.  Clobbers x0. */
static void check_boxed(struct actx *c, unsigned v)
{
    struct a64 *e = &c->e;
    a64_fmov_to_gp(e, true, 0, v);
    a64_lsr_imm(e, true, 0, 0, 32);
    a64_addsub_imm(e, false, false, true, A_ZR, 0, 1, false);  /* cmn w0, #1 */
    slow_path(c, a64_bcond(e, A_NE));
}

/* The end of an arithmetic fast path: the result in d0 / s0 goes to f rd
 * if its biased exponent lies in the window of the executor's fast path
 * (fpu.h: normal, not the smallest binade, not infinite, not NaN), else
 * the handler recomputes the instruction. */
static void put_fop_result(struct actx *c, const struct insn *ins, bool single)
{
    struct a64 *e = &c->e;
    a64_fmov_to_gp(e, !single, 0, 0);
    if (!single) {
        check_exp(c, 52, 11, F64_FAST_OUT_LO, F64_FAST_OUT_HI);
        hart_ldst(e, false, false, 3, 0, FOFF(ins->rd));
        a64_fmov_d(e, fdst(c, ins->rd), 0);
    } else {
        check_exp(c, 23, 8, F32_FAST_OUT_LO, F32_FAST_OUT_HI);
        put_f_x(c, ins->rd, 0, true);
    }
    fs_dirty(c);
    resume_here(c, 0, ins->rd);
}

/* Round-to-nearest add/sub/mul/div/sqrt on the host's FP unit under
 * exactly the conditions of the executor's inline fast path (fpu.h): FS
 * on, RNE, NX already set, a result inside the normal range, so result
 * and flags are what the soft-float gives.  Anything else runs the
 * handler.  arg = the A_F* opcode, or 0 for sqrt; w = single. */
static void gen_fop(struct actx *c, const struct insn *ins, uint32_t op, bool single)
{
    struct a64 *e = &c->e;
    if (!FPU_INLINE_FAST || fpu_backend_current != FPU_HOST ||
        (ins->rm != FRM_RNE && ins->rm != FRM_DYN)) {
        gen_helper(c, ins);
        return;
    }
    fop_guard(c, ins);
    bool unary = op == 0;
    unsigned va = fsrc(c, ins->rs1), vb = unary ? va : fsrc(c, ins->rs2);
    if (single) {
        check_boxed(c, va);
        if (!unary)
            check_boxed(c, vb);
    }
    if (unary)
        a64_fsqrt(e, !single, 0, va);
    else
        a64_fp2(e, !single, op, 0, va, vb);
    put_fop_result(c, ins, single);
}

/* The fused multiply-adds (F, D: "Single-Precision Fused Multiply-Add"),
 * rd = +-(rs1 * rs2) +- rs3 with one rounding, on the host's fused
 * FMADD family, under gen_fop's conditions: the argument of fpu.h holds
 * for a fused operation as for one of its own (the exact a*b+c rounded
 * once; a result in the window rules out NV, which gives NaN, OF, which
 * gives infinity in RNE, and UF), so the result and NX are the
 * soft-float's.  NaN results leave the window, so the host's NaN
 * (whatever FPCR.DN says) never reaches a register.  arg = the A64 op:
 * fmadd FMADD (rs3 + p), fmsub FNMSUB (-rs3 + p), fnmsub FMSUB (rs3 - p),
 * fnmadd FNMADD (-rs3 - p), p = rs1 * rs2. */
static void gen_fma(struct actx *c, const struct insn *ins, uint32_t op, bool single)
{
    if (!FPU_INLINE_FAST || fpu_backend_current != FPU_HOST ||
        (ins->rm != FRM_RNE && ins->rm != FRM_DYN)) {
        gen_helper(c, ins);
        return;
    }
    fop_guard(c, ins);
    unsigned va = fsrc(c, ins->rs1), vb = fsrc(c, ins->rs2), vc = fsrc(c, ins->rs3);
    if (single) {
        check_boxed(c, va);
        check_boxed(c, vb);
        check_boxed(c, vc);
    }
    a64_fp3(&c->e, !single, op, 0, va, vb, vc);
    put_fop_result(c, ins, single);
}

/* The sign injection (F: "Single-Precision Floating-Point Conversion and
 * Move Instructions") on x0 (rs1's bits) and x1 (rs2's) of one format
 * (its sign bit `sign`): arg 0 takes rs2's sign, 1 its inverse, 2 the
 * xor of both signs; the result is in x0.  A 32-bit format's operands
 * have bits 63:32 clear and so has the result. */
static void sign_inject(struct a64 *e, uint64_t sign, uint32_t arg)
{
    if (arg == 1)
        a64_rrr(e, true, A_ORN, 1, A_ZR, 1);            /* mvn x1, x1 */
    logic_imm(e, true, A_ANDI, A_AND, 1, 1, sign);      /* the sign to apply */
    if (arg != 2)
        logic_imm(e, true, A_ANDI, A_AND, 0, 0, ~sign);
    a64_rrr(e, true, arg == 2 ? A_EOR : A_ORR, 0, 0, 1);
}

/* fsgnj.d, fsgnjn.d, fsgnjx.d (fmv.d, fneg.d, fabs.d): arg = 0, 1, 2 */
static void gen_fsgnj_d(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    struct a64 *e = &c->e;
    unsigned va = fsrc(c, ins->rs1), vb = fsrc(c, ins->rs2);
    fs_guard(c);
    a64_fmov_to_gp(e, true, 0, va);
    a64_fmov_to_gp(e, true, 1, vb);
    sign_inject(e, 1ull << 63, arg);
    put_f_x(c, ins->rd, 0, false);
    fs_dirty(c);
}

/* fsgnj.s, fsgnjn.s, fsgnjx.s (fmv.s, fneg.s, fabs.s): arg = 0, 1, 2.
 * Both sources must be NaN-boxed: an unboxed one reads as the canonical
 * NaN, left to the handler; the result is boxed. */
static void gen_fsgnj_s(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    struct a64 *e = &c->e;
    unsigned va = fsrc(c, ins->rs1), vb = fsrc(c, ins->rs2);
    fs_guard(c);
    check_boxed(c, va);
    check_boxed(c, vb);
    a64_fmov_to_gp(e, false, 0, va);                    /* fmov w0, s: 63:32 clear */
    a64_fmov_to_gp(e, false, 1, vb);
    sign_inject(e, 0x80000000u, arg);
    put_f_x(c, ins->rd, 0, true);
    fs_dirty(c);
    resume_here(c, 0, ins->rd);
}

/* fclass.s, fclass.d (w: single): rd = 1 << the class of f rs1 (F:
 * "Single-Precision Floating-Point Classify Instruction": 0 -inf,
 * 1 negative normal, 2 negative subnormal, 3 -0, 4 +0, 5 positive
 * subnormal, 6 positive normal, 7 +inf, 8 signalling NaN, 9 quiet NaN),
 * from the bits, branch-free: a number's positive class p (normal 6,
 * zero exponent 5, zero 4, infinity 7) becomes 7 - p when negative;
 * a magnitude above infinity's is a NaN, 8 + the quiet bit.  An unboxed
 * single, which reads as the canonical NaN, is the handler's. */
static void gen_fclass(struct actx *c, const struct insn *ins, uint32_t arg, bool single)
{
    struct a64 *e = &c->e;
    unsigned mbits = single ? 23 : 52, ebits = single ? 8 : 11, sbit = single ? 31 : 63;
    unsigned va = fsrc(c, ins->rs1);
    fs_guard(c);
    if (single)
        check_boxed(c, va);
    a64_fmov_to_gp(e, !single, 0, va);              /* (a single zero-extended) */
    a64_ubfx(e, 1, 0, 0, sbit);                     /* x1 = the magnitude */
    a64_ubfx(e, 3, 0, mbits, ebits);                /* x3 = the exponent */
    a64_movz(e, 2, 6, 0);
    a64_movz(e, 4, 5, 0);
    a64_addsub_imm(e, true, true, true, A_ZR, 3, 0, false);    /* cmp x3, #0 */
    a64_csel(e, A_CSEL, 2, 4, 2, A_EQ);
    a64_movz(e, 4, 4, 0);
    a64_addsub_imm(e, true, true, true, A_ZR, 1, 0, false);    /* cmp x1, #0 */
    a64_csel(e, A_CSEL, 2, 4, 2, A_EQ);
    a64_movi(e, A_X16, ((1ull << ebits) - 1) << mbits);        /* infinity */
    a64_movz(e, 4, 7, 0);
    a64_cmp(e, 1, A_X16);
    a64_csel(e, A_CSEL, 2, 4, 2, A_EQ);
    a64_rrr(e, true, A_SUB, 4, 4, 2);                          /* x4 = 7 - p */
    a64_ubfx(e, 3, 0, sbit, 1);                                /* the sign */
    a64_addsub_imm(e, true, true, true, A_ZR, 3, 0, false);
    a64_csel(e, A_CSEL, 2, 4, 2, A_NE);
    a64_ubfx(e, 4, 0, mbits - 1, 1);                           /* the quiet bit */
    a64_addsub_imm(e, true, false, false, 4, 4, 8, false);
    a64_cmp(e, 1, A_X16);
    a64_csel(e, A_CSEL, 2, 4, 2, A_HI);                        /* a NaN */
    if (ins->rd) {
        unsigned r = dst_reg(c, ins->rd);
        a64_movz(e, 4, 1, 0);
        a64_dp2(e, true, A_LSLV, r, 4, 2);
        put_x(c, ins->rd, r);
    }
    resume_here(c, ins->rd, -1);
}

/* fmv.x.d, fmv.x.w (w): rd = f rs1's 64 bits, or its low 32 bits
 * sign-extended, boxed or not */
static void gen_fmv_x_f(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    unsigned va = fsrc(c, ins->rs1);
    fs_guard(c);
    if (!ins->rd)
        return;
    unsigned r = dst_reg(c, ins->rd);
    a64_fmov_to_gp(&c->e, !w, r, va);
    if (w)
        a64_sxtw(&c->e, r, r);
    put_x(c, ins->rd, r);
}

/* fmv.d.x, fmv.w.x (w): f rd = rs1, or its low 32 bits NaN-boxed */
static void gen_fmv_f_x(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    unsigned a = xs(c, ins->rs1);
    fs_guard(c);
    a64_mov(&c->e, 0, a);
    put_f_x(c, ins->rd, 0, w);
    fs_dirty(c);
}

/* feq/flt/fle (.s, .d): arg = the condition after FCMP rs1, rs2: EQ, MI
 * (less: N only), LS (less or equal: C clear or Z set); w = single.
 * Between two numbers the compare raises no flag and FCMP answers it
 * (-0 equals +0).  An unordered result (V: a NaN operand) and, for
 * singles, an unboxed operand go to the handler, which applies the spec's
 * flag rules: flt and fle raise NV for any NaN, feq only for a signalling
 * one (unpriv. spec, F chapter, "Single-Precision Floating-Point Compare
 * Instructions"). */
static void gen_fcmp(struct actx *c, const struct insn *ins, uint32_t cond, bool single)
{
    struct a64 *e = &c->e;
    unsigned va = fsrc(c, ins->rs1), vb = fsrc(c, ins->rs2);
    fs_guard(c);
    if (single) {
        check_boxed(c, va);
        check_boxed(c, vb);
    }
    a64_fcmp(e, !single, va, (int)vb);
    slow_path(c, a64_bcond(e, A_VS));
    if (ins->rd) {
        unsigned r = dst_reg(c, ins->rd);
        a64_cset(e, r, cond);
        put_x(c, ins->rd, r);
    }
    resume_here(c, ins->rd, -1);
}

/* A dynamic rm must name a valid mode (else the handler raises
 * illegal-instruction); a block that already checked frm = RNE knows. */
static void frm_valid(struct actx *c, const struct insn *ins)
{
    struct a64 *e = &c->e;
    if (ins->rm != FRM_DYN || c->frm_rne)
        return;
    hart_ldst(e, true, false, 2, 0, offsetof(struct hart, frm));
    a64_addsub_imm(e, false, true, true, A_ZR, 0, FRM_RMM, false);  /* cmp w0, #RMM */
    slow_path(c, a64_bcond(e, A_HI));
}

/* Table argument flags of the int <-> FP conversions: a 64-bit integer
 * (l, lu), an unsigned one (wu, lu). */
#define CVT_L 1
#define CVT_U 2

/* fcvt.{s,d}.{w,wu,l,lu}: an integer of magnitude <= 2^24 (single) or
 * 2^53 (double) is representable exactly, so the conversion neither
 * rounds nor raises a flag and rm only has to be valid; every 32-bit
 * integer is a double exactly.  A larger one goes to the handler, which
 * rounds by rm and raises NX.  arg = CVT_L | CVT_U; w = single. */
static void gen_fcvt_f_x(struct actx *c, const struct insn *ins, uint32_t arg, bool single)
{
    struct a64 *e = &c->e;
    unsigned a = xs(c, ins->rs1);
    fs_guard(c);
    frm_valid(c, ins);
    if (arg & CVT_L)                                    /* x0 = the integer */
        a64_mov(e, 0, a);
    else if (arg & CVT_U)
        a64_rrr(e, false, A_ORR, 0, A_ZR, a);           /* mov w0, wa: zero-extends */
    else
        a64_sxtw(e, 0, a);
    if (single || (arg & CVT_L)) {
        uint64_t lim = single ? 1ull << 24 : 1ull << 53;
        if (arg & CVT_U) {                              /* v <= lim */
            a64_movi(e, A_X16, lim);
            a64_cmp(e, 0, A_X16);
        } else {                                        /* -lim <= v <= lim */
            a64_movi(e, A_X16, lim);
            a64_rrr(e, true, A_ADD, 1, 0, A_X16);
            a64_movi(e, A_X16, 2 * lim);
            a64_cmp(e, 1, A_X16);
        }
        slow_path(c, a64_bcond(e, A_HI));
    }
    a64_fcvt_int(e, arg & CVT_U ? A_UCVTF : A_SCVTF, true, !single, 0, 0);
    a64_fmov_to_gp(e, !single, 0, 0);
    put_f_x(c, ins->rd, 0, single);
    fs_dirty(c);
    resume_here(c, 0, ins->rd);
}

/* The A64 conversion to integer that rounds as each static RISC-V rm
 * does (RMM: FCVTA*, to nearest with ties away). */
static const uint32_t fcvt_rm_op[FRM_RMM + 1] = {
    [FRM_RNE] = A_FCVT_NS, [FRM_RTZ] = A_FCVT_ZS, [FRM_RDN] = A_FCVT_MS,
    [FRM_RUP] = A_FCVT_PS, [FRM_RMM] = A_FCVT_AS,
};

/* fcvt.{w,wu,l,lu}.{s,d}: FCVT{N,Z,M,P,A}{S,U} round as rm says (a
 * static rm, or dynamic with frm = RNE, checked once a block) and saturate
 * like RISC-V for numbers out of range, but silently, and give 0 for NaN
 * where RISC-V gives the largest integer (unpriv. spec, F chapter,
 * "Single-Precision Floating-Point Conversion and Move Instructions",
 * the table of invalid inputs).  So the handler takes a NaN, a result at
 * either end of the range (saturated, or so close that it may be) and,
 * for the unsigned forms, any negative number (those that round to 0 are
 * exact or merely inexact, the others invalid); and an inexact result
 * unless NX is already set (it raises NX), found by converting back: a
 * number of 2^53 (2^24) or more is an integer already, one below gives
 * an integer the format holds exactly.  arg = CVT_L | CVT_U; w = single.
 * The W forms' 32-bit result is sign-extended, wu's included. */
static void gen_fcvt_x_f(struct actx *c, const struct insn *ins, uint32_t arg, bool single)
{
    struct a64 *e = &c->e;
    unsigned rm = ins->rm == FRM_DYN ? FRM_RNE : ins->rm;
    if (rm > FRM_RMM) {
        gen_helper(c, ins);     /* (reserved static modes decode as illegal) */
        return;
    }
    bool l = arg & CVT_L, u = arg & CVT_U;
    unsigned va = fsrc(c, ins->rs1);
    fs_guard(c);
    frm_rne_guard(c, ins);
    if (single)
        check_boxed(c, va);
    a64_fcmp(e, !single, va, -1);                       /* vs +0.0 */
    slow_path(c, a64_bcond(e, A_VS));                   /* NaN */
    if (u)
        slow_path(c, a64_bcond(e, A_MI));               /* negative */
    a64_fcvt_int(e, fcvt_rm_op[rm] | (u ? A_FCVT_U : 0), l, !single, 0, va);
    if (u) {                                            /* not all ones */
        a64_addsub_imm(e, l, false, true, A_ZR, 0, 1, false);      /* cmn x0/w0, #1 */
    } else {                                            /* not MIN or MAX */
        a64_rrr_sh(e, l, A_EOR, 1, 0, 0, A_ASR, l ? 63 : 31);      /* MAX for both */
        a64_movi(e, A_X16, l ? INT64_MAX : INT32_MAX);
        a64_rrr(e, l, A_SUBS, A_ZR, 1, A_X16);
    }
    slow_path(c, a64_bcond(e, A_EQ));
    if (!c->nx_set) {
        hart_ldst(e, true, false, 2, 1, offsetof(struct hart, fflags));
        logic_imm(e, false, A_ANDSI, A_ANDS, A_ZR, 1, FFLAG_NX);   /* tst w1, #NX */
        uint8_t *nx = a64_bcond(e, A_NE);
        a64_fcvt_int(e, u ? A_UCVTF : A_SCVTF, l, !single, 0, 0); /* back: d0 = x0 */
        a64_fcmp(e, !single, 0, (int)va);
        slow_path(c, a64_bcond(e, A_NE));
        a64_patch(e, nx, e->p);
    }
    if (ins->rd) {
        unsigned r = dst_reg(c, ins->rd);
        if (l)
            a64_mov(e, r, 0);
        else
            a64_sxtw(e, r, 0);
        put_x(c, ins->rd, r);
    }
    resume_here(c, ins->rd, -1);
}

/* fmin/fmax (.s, .d): arg = A_FMIN / A_FMAX; w = single.  Between two
 * numbers FMIN/FMAX answer it, no flag raised, -0 below +0 as RISC-V
 * wants (Arm ARM pseudocode FPMin/FPMax: two zeros of different signs
 * give -0 for the minimum, +0 for the maximum).  NaNs (one NaN gives the
 * other operand, NV for a signalling one) go to the handler (unpriv.
 * spec, F chapter, "Single-Precision Floating-Point Computational
 * Instructions"). */
static void gen_fminmax(struct actx *c, const struct insn *ins, uint32_t op, bool single)
{
    struct a64 *e = &c->e;
    unsigned va = fsrc(c, ins->rs1), vb = fsrc(c, ins->rs2);
    fs_guard(c);
    if (single) {
        check_boxed(c, va);
        check_boxed(c, vb);
    }
    a64_fcmp(e, !single, va, (int)vb);
    slow_path(c, a64_bcond(e, A_VS));
    a64_fp2(e, !single, op, 0, va, vb);
    a64_fmov_to_gp(e, !single, 0, 0);
    put_f_x(c, ins->rd, 0, single);
    fs_dirty(c);
    resume_here(c, 0, ins->rd);
}

/* fcvt.d.s: widening is exact for every number, subnormals included
 * (FPCR.FZ clear), but a dynamic rm must still be valid (the executor's
 * GET_RM); a NaN (canonicalised, NV for a signalling one) or an unboxed
 * source goes to the handler. */
static void gen_fcvt_d_s(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    struct a64 *e = &c->e;
    unsigned va = fsrc(c, ins->rs1);
    fs_guard(c);
    frm_valid(c, ins);
    check_boxed(c, va);
    a64_fcmp(e, false, va, (int)va);
    slow_path(c, a64_bcond(e, A_VS));
    a64_fcvt_sd(e, true, 0, va);
    a64_fmov_to_gp(e, true, 0, 0);
    put_f_x(c, ins->rd, 0, false);
    fs_dirty(c);
    resume_here(c, 0, ins->rd);
}

/* fcvt.s.d: when the double is a single exactly (narrowed, then widened,
 * it compares equal) the narrowing neither rounds nor raises a flag
 * (underflow needs an inexact result), whatever rm says; a NaN, an
 * inexact or an overflowing value goes to the handler. */
static void gen_fcvt_s_d(struct actx *c, const struct insn *ins, uint32_t arg, bool w)
{
    struct a64 *e = &c->e;
    unsigned va = fsrc(c, ins->rs1);
    fs_guard(c);
    frm_valid(c, ins);
    a64_fcmp(e, true, va, (int)va);
    slow_path(c, a64_bcond(e, A_VS));
    a64_fcvt_sd(e, false, 0, va);
    a64_fcvt_sd(e, true, 1, 0);
    a64_fcmp(e, true, 1, (int)va);
    slow_path(c, a64_bcond(e, A_NE));
    a64_fmov_to_gp(e, false, 0, 0);
    put_f_x(c, ins->rd, 0, true);
    fs_dirty(c);
    resume_here(c, 0, ins->rd);
}

/* ---- the table: what this backend translates itself ---- */

/* (Its own table rather than insns.def's jit column, which names
 * jit_gen.c's x86-64 generators; anything not listed calls the handler.) */
static const struct {
    gen_fn *fn;
    uint32_t arg;
    bool w;
} gens[OP_COUNT] = {
    [OP_nop] = { gen_nop, 0, false },
    [OP_fence] = { gen_fence, 0, false },
    [OP_cbo_zero] = { gen_cbo_zero, 0, false },
    [OP_lr_w] = { gen_lr, 0, true },
    [OP_sc_w] = { gen_sc, 0, true },
    [OP_lr_d] = { gen_lr, 0, false },
    [OP_sc_d] = { gen_sc, 0, false },
    [OP_amoswap_w] = { gen_amo, A_SWP, true },
    [OP_amoadd_w] = { gen_amo, A_LD_ADD, true },
    [OP_amoxor_w] = { gen_amo, A_LD_EOR, true },
    [OP_amoand_w] = { gen_amo, A_LD_CLR, true },
    [OP_amoor_w] = { gen_amo, A_LD_SET, true },
    [OP_amomin_w] = { gen_amo, A_LD_SMIN, true },
    [OP_amomax_w] = { gen_amo, A_LD_SMAX, true },
    [OP_amominu_w] = { gen_amo, A_LD_UMIN, true },
    [OP_amomaxu_w] = { gen_amo, A_LD_UMAX, true },
    [OP_amoswap_d] = { gen_amo, A_SWP, false },
    [OP_amoadd_d] = { gen_amo, A_LD_ADD, false },
    [OP_amoxor_d] = { gen_amo, A_LD_EOR, false },
    [OP_amoand_d] = { gen_amo, A_LD_CLR, false },
    [OP_amoor_d] = { gen_amo, A_LD_SET, false },
    [OP_amomin_d] = { gen_amo, A_LD_SMIN, false },
    [OP_amomax_d] = { gen_amo, A_LD_SMAX, false },
    [OP_amominu_d] = { gen_amo, A_LD_UMIN, false },
    [OP_amomaxu_d] = { gen_amo, A_LD_UMAX, false },
    [OP_lui] = { gen_lui, 0, false },
    [OP_auipc] = { gen_auipc, 0, false },
    [OP_jal] = { gen_jal, 0, false },
    [OP_jalr] = { gen_jalr, 0, false },
    [OP_beq] = { gen_branch, A_EQ, false },
    [OP_bne] = { gen_branch, A_NE, false },
    [OP_blt] = { gen_branch, A_LT, false },
    [OP_bge] = { gen_branch, A_GE, false },
    [OP_bltu] = { gen_branch, A_LO, false },
    [OP_bgeu] = { gen_branch, A_HS, false },
    [OP_lb] = { gen_load, 0 | LD_SX, false },
    [OP_lh] = { gen_load, 1 | LD_SX, false },
    [OP_lw] = { gen_load, 2 | LD_SX, false },
    [OP_ld] = { gen_load, 3, false },
    [OP_lbu] = { gen_load, 0, false },
    [OP_lhu] = { gen_load, 1, false },
    [OP_lwu] = { gen_load, 2, false },
    [OP_sb] = { gen_store, 0, false },
    [OP_sh] = { gen_store, 1, false },
    [OP_sw] = { gen_store, 2, false },
    [OP_sd] = { gen_store, 3, false },
    [OP_addi] = { gen_alu_imm, A_ADD, false },
    [OP_slti] = { gen_set_imm, A_LT, false },
    [OP_sltiu] = { gen_set_imm, A_LO, false },
    [OP_xori] = { gen_alu_imm, A_EOR, false },
    [OP_ori] = { gen_alu_imm, A_ORR, false },
    [OP_andi] = { gen_alu_imm, A_AND, false },
    [OP_slli] = { gen_shift_imm, SH_L, false },
    [OP_srli] = { gen_shift_imm, SH_R, false },
    [OP_srai] = { gen_shift_imm, SH_A, false },
    [OP_add] = { gen_alu, A_ADD, false },
    [OP_sub] = { gen_alu, A_SUB, false },
    [OP_sll] = { gen_shift, A_LSLV, false },
    [OP_slt] = { gen_set, A_LT, false },
    [OP_sltu] = { gen_set, A_LO, false },
    [OP_xor] = { gen_alu, A_EOR, false },
    [OP_srl] = { gen_shift, A_LSRV, false },
    [OP_sra] = { gen_shift, A_ASRV, false },
    [OP_or] = { gen_alu, A_ORR, false },
    [OP_and] = { gen_alu, A_AND, false },
    [OP_addiw] = { gen_alu_imm, A_ADD, true },
    [OP_slliw] = { gen_shift_imm, SH_L, true },
    [OP_srliw] = { gen_shift_imm, SH_R, true },
    [OP_sraiw] = { gen_shift_imm, SH_A, true },
    [OP_addw] = { gen_alu, A_ADD, true },
    [OP_subw] = { gen_alu, A_SUB, true },
    [OP_sllw] = { gen_shift, A_LSLV, true },
    [OP_srlw] = { gen_shift, A_LSRV, true },
    [OP_sraw] = { gen_shift, A_ASRV, true },
    [OP_mul] = { gen_mul, 0, false },
    [OP_mulh] = { gen_mulh, MH_S, false },
    [OP_mulhsu] = { gen_mulh, MH_SU, false },
    [OP_mulhu] = { gen_mulh, MH_U, false },
    [OP_div] = { gen_div, 0, false },
    [OP_divu] = { gen_div, DV_U, false },
    [OP_rem] = { gen_div, DV_REM, false },
    [OP_remu] = { gen_div, DV_U | DV_REM, false },
    [OP_mulw] = { gen_mul, 0, true },
    [OP_divw] = { gen_div, 0, true },
    [OP_divuw] = { gen_div, DV_U, true },
    [OP_remw] = { gen_div, DV_REM, true },
    [OP_remuw] = { gen_div, DV_U | DV_REM, true },
    [OP_add_uw] = { gen_shadd, 0 | ZB_UW, false },
    [OP_sh1add] = { gen_shadd, 1, false },
    [OP_sh2add] = { gen_shadd, 2, false },
    [OP_sh3add] = { gen_shadd, 3, false },
    [OP_sh1add_uw] = { gen_shadd, 1 | ZB_UW, false },
    [OP_sh2add_uw] = { gen_shadd, 2 | ZB_UW, false },
    [OP_sh3add_uw] = { gen_shadd, 3 | ZB_UW, false },
    [OP_slli_uw] = { gen_slli_uw, 0, false },
    [OP_andn] = { gen_logic_not, A_BIC, false },
    [OP_orn] = { gen_logic_not, A_ORN, false },
    [OP_xnor] = { gen_logic_not, A_EON, false },
    [OP_clz] = { gen_count, CNT_CLZ, false },
    [OP_ctz] = { gen_count, CNT_CTZ, false },
    [OP_cpop] = { gen_count, CNT_POP, false },
    [OP_clzw] = { gen_count, CNT_CLZ, true },
    [OP_ctzw] = { gen_count, CNT_CTZ, true },
    [OP_cpopw] = { gen_count, CNT_POP, true },
    [OP_sext_b] = { gen_extend, EX_SB, false },
    [OP_sext_h] = { gen_extend, EX_SH, false },
    [OP_zext_h] = { gen_extend, EX_ZH, false },
    [OP_max] = { gen_minmax, A_GT, false },
    [OP_maxu] = { gen_minmax, A_HI, false },
    [OP_min] = { gen_minmax, A_LT, false },
    [OP_minu] = { gen_minmax, A_LO, false },
    [OP_rol] = { gen_rol, 0, false },
    [OP_ror] = { gen_shift, A_RORV, false },
    [OP_rolw] = { gen_rol, 0, true },
    [OP_rorw] = { gen_shift, A_RORV, true },
    [OP_rori] = { gen_rori, 0, false },
    [OP_roriw] = { gen_rori, 0, true },
    [OP_rev8] = { gen_rev8, 0, false },
    [OP_orc_b] = { gen_orc_b, 0, false },
    [OP_bset] = { gen_bit, BT_S, false },
    [OP_binv] = { gen_bit, BT_C, false },
    [OP_bclr] = { gen_bit, BT_R, false },
    [OP_bext] = { gen_bit, BT_X, false },
    [OP_bseti] = { gen_bit_imm, BT_S, false },
    [OP_binvi] = { gen_bit_imm, BT_C, false },
    [OP_bclri] = { gen_bit_imm, BT_R, false },
    [OP_bexti] = { gen_bit_imm, BT_X, false },
    [OP_czero_eqz] = { gen_czero, A_NE, false },
    [OP_czero_nez] = { gen_czero, A_EQ, false },
    [OP_flw] = { gen_load, 2 | LD_FP, false },
    [OP_fld] = { gen_load, 3 | LD_FP, false },
    [OP_fsw] = { gen_store, 2 | LD_FP, false },
    [OP_fsd] = { gen_store, 3 | LD_FP, false },
    [OP_fadd_d] = { gen_fop, A_FADD, false },
    [OP_fsub_d] = { gen_fop, A_FSUB, false },
    [OP_fmul_d] = { gen_fop, A_FMUL, false },
    [OP_fdiv_d] = { gen_fop, A_FDIV, false },
    [OP_fsqrt_d] = { gen_fop, 0, false },
    [OP_fadd_s] = { gen_fop, A_FADD, true },
    [OP_fsub_s] = { gen_fop, A_FSUB, true },
    [OP_fmul_s] = { gen_fop, A_FMUL, true },
    [OP_fdiv_s] = { gen_fop, A_FDIV, true },
    [OP_fsqrt_s] = { gen_fop, 0, true },
    [OP_fsgnj_d] = { gen_fsgnj_d, 0, false },
    [OP_fsgnjn_d] = { gen_fsgnj_d, 1, false },
    [OP_fsgnjx_d] = { gen_fsgnj_d, 2, false },
    [OP_fmv_x_d] = { gen_fmv_x_f, 0, false },
    [OP_fmv_d_x] = { gen_fmv_f_x, 0, false },
    [OP_fmadd_s] = { gen_fma, A_FMADD, true },
    [OP_fmsub_s] = { gen_fma, A_FNMSUB, true },
    [OP_fnmsub_s] = { gen_fma, A_FMSUB, true },
    [OP_fnmadd_s] = { gen_fma, A_FNMADD, true },
    [OP_fmadd_d] = { gen_fma, A_FMADD, false },
    [OP_fmsub_d] = { gen_fma, A_FNMSUB, false },
    [OP_fnmsub_d] = { gen_fma, A_FMSUB, false },
    [OP_fnmadd_d] = { gen_fma, A_FNMADD, false },
    [OP_fsgnj_s] = { gen_fsgnj_s, 0, true },
    [OP_fsgnjn_s] = { gen_fsgnj_s, 1, true },
    [OP_fsgnjx_s] = { gen_fsgnj_s, 2, true },
    [OP_fmv_x_w] = { gen_fmv_x_f, 0, true },
    [OP_fclass_s] = { gen_fclass, 0, true },
    [OP_fclass_d] = { gen_fclass, 0, false },
    [OP_fmv_w_x] = { gen_fmv_f_x, 0, true },
    [OP_feq_s] = { gen_fcmp, A_EQ, true },
    [OP_flt_s] = { gen_fcmp, A_MI, true },
    [OP_fle_s] = { gen_fcmp, A_LS, true },
    [OP_feq_d] = { gen_fcmp, A_EQ, false },
    [OP_flt_d] = { gen_fcmp, A_MI, false },
    [OP_fle_d] = { gen_fcmp, A_LS, false },
    [OP_fmin_s] = { gen_fminmax, A_FMIN, true },
    [OP_fmax_s] = { gen_fminmax, A_FMAX, true },
    [OP_fmin_d] = { gen_fminmax, A_FMIN, false },
    [OP_fmax_d] = { gen_fminmax, A_FMAX, false },
    [OP_fcvt_d_s] = { gen_fcvt_d_s, 0, false },
    [OP_fcvt_s_d] = { gen_fcvt_s_d, 0, false },
    [OP_fcvt_s_w] = { gen_fcvt_f_x, 0, true },
    [OP_fcvt_s_wu] = { gen_fcvt_f_x, CVT_U, true },
    [OP_fcvt_s_l] = { gen_fcvt_f_x, CVT_L, true },
    [OP_fcvt_s_lu] = { gen_fcvt_f_x, CVT_L | CVT_U, true },
    [OP_fcvt_d_w] = { gen_fcvt_f_x, 0, false },
    [OP_fcvt_d_wu] = { gen_fcvt_f_x, CVT_U, false },
    [OP_fcvt_d_l] = { gen_fcvt_f_x, CVT_L, false },
    [OP_fcvt_d_lu] = { gen_fcvt_f_x, CVT_L | CVT_U, false },
    [OP_fcvt_w_s] = { gen_fcvt_x_f, 0, true },
    [OP_fcvt_wu_s] = { gen_fcvt_x_f, CVT_U, true },
    [OP_fcvt_l_s] = { gen_fcvt_x_f, CVT_L, true },
    [OP_fcvt_lu_s] = { gen_fcvt_x_f, CVT_L | CVT_U, true },
    [OP_fcvt_w_d] = { gen_fcvt_x_f, 0, false },
    [OP_fcvt_wu_d] = { gen_fcvt_x_f, CVT_U, false },
    [OP_fcvt_l_d] = { gen_fcvt_x_f, CVT_L, false },
    [OP_fcvt_lu_d] = { gen_fcvt_x_f, CVT_L | CVT_U, false },
};

/* Whether a generator's code never needs the guest registers in struct
 * hart: it neither calls the executor nor traps nor leaves the block
 * (integer ops computed in registers).  The cache may then drop a dead
 * value without storing it (plan_dead). */
static bool never_syncs(gen_fn *fn)
{
    static gen_fn *const pure[] = {
        gen_nop, gen_fence, gen_alu, gen_alu_imm, gen_shift_imm, gen_shift, gen_set,
        gen_set_imm, gen_lui, gen_auipc, gen_mul, gen_mulh, gen_div, gen_shadd, gen_slli_uw,
        gen_logic_not, gen_count, gen_minmax, gen_extend, gen_rol, gen_rori, gen_rev8, gen_orc_b,
        gen_bit, gen_bit_imm, gen_czero,
    };
    for (size_t k = 0; k < sizeof pure / sizeof *pure; k++)
        if (fn == pure[k])
            return true;
    return false;
}

/* What the plan (jit_plan.c) needs to know of ins's generator. */
static struct plan_op describe(const struct insn *ins)
{
    gen_fn *fn = gens[ins->op].fn;
    uint32_t arg = gens[ins->op].arg;
    bool load = fn == gen_load;
    bool select = (fn == gen_alu || fn == gen_alu_imm) && !gens[ins->op].w &&
                  (arg == A_ADD || arg == A_SUB || arg == A_AND || arg == A_ORR || arg == A_EOR);
    return (struct plan_op){ .native = fn != NULL, .pure = never_syncs(fn),
                             .load = (uint8_t)(load ? 1u << (arg & 3) : 0),
                             .load_fp = load && (arg & LD_FP), .select = select };
}

/* ---- if-conversion (jit_plan.c, plan_select): jit_gen.c's, with csel ---- */

/* One arm of an if-conversion into scratch register tmp (x6 or x7): a
 * 64-bit add, sub, and, or or xor of registers or with an immediate. */
static void select_arm(struct actx *c, const struct insn *ins, unsigned tmp)
{
    uint32_t op = gens[ins->op].arg;
    unsigned a = xs(c, ins->rs1);
    if (gens[ins->op].fn == gen_alu)
        a64_rrr(&c->e, true, op, tmp, a, xs(c, ins->rs2));
    else if (op == A_ADD)
        add_imm(&c->e, tmp, a, ins->imm);
    else
        logic_imm(&c->e, true, op == A_AND ? A_ANDI : op == A_ORR ? A_ORRI : A_EORI, op, tmp, a,
                  (uint64_t)ins->imm);
}

/* Guest g = src if cond holds, else unchanged. */
static void select_into(struct actx *c, unsigned g, unsigned src, unsigned cond)
{
    unsigned old = xs(c, g), d = dst_reg(c, g);
    a64_csel(&c->e, A_CSEL, d, src, old, cond);
    put_x(c, g, d);
}

/* A loop's last if, converted: the fall-through arm's op into x6, the
 * taken arm's (its tail's) into x7, then the branch's condition picks
 * each register's value; the branch keeps its side exit's slot, which
 * select_exit leaves by when the taken arm ran. */
static void gen_select(struct actx *c, const struct insn *ins, uint32_t cond)
{
    const struct insn *f = ins + 1, *t = &c->b->insns[c->p.sel_tail];
    unsigned a = xs(c, ins->rs1), b = xs(c, ins->rs2);
    select_arm(c, f, 6);
    select_arm(c, t, 7);
    a64_cmp(&c->e, a, b);
    c->sel_slot = JIT_SIDE + (int)c->nsides;
    c->sel_cond = cond;
    c->sides[c->nsides++].from = NULL;  /* (no code) */
    if (f->rd == t->rd) {
        unsigned d = dst_reg(c, f->rd);
        a64_csel(&c->e, A_CSEL, d, 7, 6, cond);
        put_x(c, f->rd, d);
        return;
    }
    select_into(c, f->rd, 6, cond ^ 1);    /* (cond ^ 1 is cond's negation) */
    select_into(c, t->rd, 7, cond);
}

/* The way out of a converted loop, everything spilled and retired: the
 * inner branch, tested again (neither arm writes its operands), says
 * whether the taken arm ran, whose branch back falls through to the
 * instruction after it in the tail; else on to the block's end (chain
 * slot 0, emitted next). */
static void select_exit(struct actx *c)
{
    const struct insn *in = &c->b->insns[c->p.sel_branch];
    const struct insn *tl = &c->b->insns[c->p.sel_tail + 1];
    unsigned a = xs(c, in->rs1), b = xs(c, in->rs2);
    a64_cmp(&c->e, a, b);
    uint8_t *fall = a64_bcond(&c->e, c->sel_cond ^ 1);
    chain_exit(c, c->sel_slot, tl->off + tl->len, true);
    a64_patch(&c->e, fall, c->e.p);
}

/* Runs the tail t of side exit k's branch inside the loop (block.h), from
 * the cache as it was at that branch: the tail's body, then its jump
 * back goes round the loop, retiring the instructions up to the branch
 * and the tail's; a conditional one not taken leaves through the side
 * exit's slot to the instruction after it.  (c->i past the block: the
 * plan sees no instructions ahead, so the cache drops no value as dead
 * and evicts the least recently used.  The tail's instructions never
 * sync (plan_tails), so they add no stubs.) */
static void emit_tail(struct actx *c, unsigned k, const struct block_tail *t)
{
    struct a64 *e = &c->e;
    const struct insn *ins = &c->b->insns[t->at], *last = &ins[t->n - 1];
    unsigned n = c->sides[k].n + t->n;      /* the iteration's instructions */
    c->i = c->b->n;
    for (unsigned i = 0; i + 1 < t->n; i++) {
        c->x.pinned = 0;
        gens[ins[i].op].fn(c, &ins[i], gens[ins[i].op].arg, gens[ins[i].op].w);
    }
    c->x.pinned = 0;
    if (gens[last->op].fn == gen_jal) {     /* (rd is x0: block.c) */
        loop_back(c, n);
        return;
    }
    unsigned a = xs(c, last->rs1), b = xs(c, last->rs2);
    a64_cmp(e, a, b);
    uint8_t *taken = a64_bcond(e, gens[last->op].arg);
    struct regcache at_branch = c->x;
    x_spill_all(c);
    retire_block(c, n);
    chain_exit(c, JIT_SIDE + (int)k, last->off + last->len, true);
    a64_patch(e, taken, e->p);
    c->x = at_branch;
    loop_back(c, n);
}

/* A loop block's loop-carried registers (read before they are written,
 * the most read first) are loaded into the cache before the body, and
 * they stay there round the loop, clean or dirty as the body leaves them
 * (loop_x), as in jit_gen.c's enter_loop. */
static void enter_loop(struct actx *c)
{
    uint8_t order[31];
    uint32_t written;
    unsigned n = plan_loop_regs(&c->p, order, &written);
    for (unsigned s = 0; s < n && s < NCACHE_A; s++) {
        xld(c, cache_a[s], order[s]);
        rc_bind(&c->x, (int)s, order[s]);
        if (written & (1u << order[s]))
            c->x.dirty |= 1u << s;      /* (so the back edge may leave it dirty) */
    }
    c->loop_body = c->e.p;
    c->loop_x = c->x;
}

bool jit_translate(struct jit *j, struct block *b, bool rvc, uint8_t *code, size_t cap,
                   size_t *len)
{
    /* big, so static; one per thread: harts on host threads translate
     * at once (each into its own arena) */
    static _Thread_local struct actx c;
    memset(&c, 0, sizeof c);
    rc_init(&c.x, 0, NCACHE_A);
    rc_init(&c.f, 0, NFCACHE);
    c.e = (struct a64){ code, code + cap, false };
    c.j = j;
    c.b = b;
    plan_block(&c.p, b, rvc, describe, PLAN_ROT64 | PLAN_SELECT);
    if (c.p.loop)
        enter_loop(&c);
    for (c.i = 0; c.i < b->n; c.i++) {
        const struct insn *ins = &b->insns[c.i];
        c.x.pinned = 0;
        c.f.pinned = 0;
        if (c.p.rot_role[c.i] == ROT_SKIP || (c.p.select && c.i == c.p.sel_branch + 1u))
            continue;                   /* (emitted with another) */
        if (c.p.rot_role[c.i] == ROT_OR)
            gen_rotate_or(&c, ins);
        else if (gens[ins->op].fn)
            gens[ins->op].fn(&c, ins, gens[ins->op].arg, gens[ins->op].w);
        else
            gen_helper(&c, ins);
    }
    if (!op_ends_block((enum op)b->insns[b->n - 1].op)) {
        /* fell off the end: the length cap or the page end */
        x_spill_all(&c);
        retire_block(&c, b->n);
        chain_exit(&c, 0, b->insns[b->n].off, true);
    }
    emit_side_exits(&c);
    emit_stubs(&c);
    if (c.e.overflow)
        return false;
    *len = (size_t)(c.e.p - code);
    return true;
}

#endif
