/* What the JIT's files share (jit.h is the outside's view):
 *   x86_emit.h     the x86-64 encoder;
 *   a64_emit.h, jit_gen_a64.c  the arm64 backend (encoder; generators,
 *                  trampoline and lookup), over the same block and
 *                  register-cache design: on an arm64 host only the
 *                  backend-neutral parts of this header and of jit.c and
 *                  jit_regcache.c are compiled with it;
 *   jit_regcache.c the guest-register caches a block's code keeps in host
 *                  registers;
 *   jit_gen.c      the translation of one block: a generator per
 *                  instruction (the gens[] table), slow-path stubs, exits;
 *   jit.c          the code arena, the entry/exit trampoline, the lookup
 *                  and the linking of blocks, jit_run.
 * See jit.c for the conventions the generated code runs under. */
#ifndef RVX_CPU_JIT_INTERNAL_H
#define RVX_CPU_JIT_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "jit.h"
#if defined(__x86_64__)
#include "x86_emit.h"
#endif

/* What a block's code returns to jit_run: below BLOCK_SLOTS, the chain
 * slot (succ index, block.h) left to link; else LOOKUP or EXIT. */
enum { JIT_FALL = 0, JIT_TAKEN = 1, JIT_SIDE = 2, JIT_LOOKUP = BLOCK_SLOTS,
       JIT_EXIT = BLOCK_SLOTS + 1 };

typedef int (*jit_enter_fn)(struct hart *h, uint64_t bpc, const void *code);

struct jit {
    uint8_t *mem;
    size_t used;
    size_t stubs_end;       /* enter/exit live below this */
    jit_enter_fn enter;     /* enter(h, bpc, code) */
    const uint8_t *exit;    /* returns eax to enter's caller */
    const uint8_t *lookup;  /* continues at the virtual address in rax */
    size_t data_top;        /* prediction sites live from here to the end */
    unsigned block_sites;   /* sites the block being translated took */
    unsigned block_guesses; /* addend guesses it took */
    FILE *perf_map;         /* RVX_PERF_MAP: symbols for `perf report` */
    bool host_fences;       /* fences emit host barriers (jit_set_host_fences) */
    bool exact;             /* every exit checks the budget (jit_set_exact) */
    unsigned after;         /* executor runs before translation (jit_set_after) */
    uint64_t compiled, code_bytes;  /* jit_stats */
};

/* A jump site's prediction (jit.c): the target it last went to, that
 * target's host code, and the fetch epoch (struct mmu) it was found in. */
struct jit_site {
    uint64_t va;            /* odd (no target is) until first filled */
    const void *code;
    uint64_t epoch;
    uint64_t unused;
};
/* A new site in the arena's data end, or NULL (the block has taken
 * JIT_SITES_MAX). */
#define JIT_SITES_MAX 16
struct jit_site *jit_site_new(struct jit *j);
/* A load's guess of its TLB entry's addend (jit_gen.c, entry_addend), in
 * the arena's data end like the sites, or NULL (the block has taken
 * JIT_GUESSES_MAX: every load of both copies of a loop's body). */
#define JIT_GUESSES_MAX (2 * BLOCK_MAX_INSNS)
uint64_t *jit_guess_new(struct jit *j);

#if defined(__aarch64__)
/* jit_gen_a64.c: the trampoline and lookup (jit_new emits them), and the
 * patching of a chain exit's branch (jit_run links with it). */
void a64_emit_enter_exit(struct jit *j);
void a64_link_jump(uint8_t *at, const void *target);
#elif defined(__x86_64__)
/* Operands in struct hart, addressed from rbx (the hart) */
#define HART(field) M(RBX, (int32_t)offsetof(struct hart, field))
static inline struct mem XREG(unsigned r)
{
    return M(RBX, (int32_t)(offsetof(struct hart, x) + 8 * r));
}
static inline struct mem FREG(unsigned r)
{
    return M(RBX, (int32_t)(offsetof(struct hart, f) + 8 * r));
}

/* The code of the lookup (jit.c), which a jalr and a cross-page exit
 * emit inline, each with its own site (NULL: none). */
void emit_lookup_code(struct emit *e, const uint8_t *exit, struct jit_site *site);

/* ---- translation of one block ---- */

/* An instruction's slow path: its handler, called out of line, reached
 * from the checks of its fast path.  A resuming stub rejoins the fast path
 * after the instruction; an exit stub (for the block's once-only FP
 * guards, which later instructions rely on) leaves the block after it. */
#define STUB_FROM_MAX 12
struct stub {
    uint8_t *from[STUB_FROM_MAX];   /* the jccs that branch here */
    unsigned nfrom;
    unsigned index;         /* instruction number in the block */
    unsigned before;        /* instructions an earlier copy of a loop's body retired (ctx) */
    bool exit_after;
    /* A paired load's (PAIR_REG): its table argument, 0 for any other
     * stub; the slot of PAIR_REG, or -1; whether its store is above it
     * (what the stub puts in PAIR_REG: jit_gen.c, pair_missed) */
    uint8_t pair_arg;
    int8_t pair_slot;
    bool pair_above;
    const uint8_t *resume;  /* where the fast path goes on */
    int reload_slot;        /* cache slot holding the instruction's rd, or -1 */
    unsigned reload_rd;
    int8_t freload[16];     /* xmm n -> the f register it holds at resume, or -1 */
    int8_t spill[16];       /* slot -> the x register it held dirty at the branch, or -1 */
    unsigned lazy;          /* the slots lazy there (jit_regcache.c) */
};

/* The register cache.  Within a block, guest x registers are cached in
 * host registers, write-back: a result lives only in its host register
 * (the slot is dirty) until it is spilled to struct hart, which happens
 * wherever the guest state must be in memory: before every block exit,
 * before a call to the executor (which reads struct hart, and whose traps
 * must see the state exactly as before the instruction: stubs spill what
 * was dirty at their branch), and when a dirty slot is reused (unless
 * its value is dead: jit_regcache.c).  r13-r15 and rbp survive calls;
 * r8-r11, rdi, rsi and r12 (a loop block's only: jit_gen.c, bpc_to) are
 * saved around out-of-line slow paths and spilled and forgotten around
 * inline calls. */
#define NCACHE 11
#define FIRST_CALLER_SAVED 4
extern const int cache_regs[NCACHE];
#endif /* x86-64 */

/* A load group (both backends): loads from one base register, unchanged
 * between them, whose accesses all lie within GROUP_SPAN bytes.  The
 * first (the leader) checks the TLB and that the whole span lies in its
 * page, else leaves the block after it; the others then load at the
 * leader's host address plus their offset's difference, one instruction.
 * That host address is the cache's pseudo register GROUP_REG (never
 * dirty: the leader also stores it to hart.jit_group, whence an evicted
 * one is reloaded). */
#define GROUP_REG 32
#define GROUP_SPAN 256
/* A paired load and store (plan_pairs in jit_plan.c): a load, then a
 * store to the same address (a read-modify-write, as `x[i] += y`) or
 * one near it (`t[j - 1] = f(t[j])`), with nothing between them that
 * may sync.  The load checks the store TLB: a hit there means the page
 * may be written, and so read (a PTE or PMP entry never grants W without
 * R), and its host address, kept in the cache's pseudo register
 * PAIR_REG (never dirty), lets the store skip its own TLB check (a store
 * elsewhere than the load's address checks that it is in the same
 * page).  When the store TLB misses, the load's slow path tries the load
 * TLB, then the executor, and makes PAIR_REG a value no store takes for
 * an address (0, or PAGE_SIZE - 1 for a store above the load: outside
 * page 0's range either way): the store then takes its own slow path.
 * A PAIR_REG evicted or forgotten before the store leaves the store to
 * its usual code. */
#define PAIR_REG 33
#define PAIR_SPAN 2048
enum { GROUP_NONE, GROUP_LEADER, GROUP_MEMBER };
enum { ROT_NONE, ROT_SKIP, ROT_OR };
enum { MUL_NONE, MUL_SKIP, MUL_BOTH };

/* Which guest register each host register of a set holds, slots
 * first..limit-1, and which slots are dirty (newer than struct hart: only
 * the x caches set them; the f caches are write-through). */
struct regcache {
    int8_t slot_of[34];     /* guest register (or GROUP_REG, PAIR_REG) -> slot, or -1 */
    int8_t guest_in[16];    /* slot -> guest register, or -1 */
    unsigned dirty;         /* slots whose register struct hart lacks */
    unsigned lazy;          /* x caches: dirty slots holding a W form's
                             * value not yet sign-extended (the low 32
                             * bits are right; xs and spills widen it) */
    unsigned last_use[16], clock;
    unsigned pinned;        /* slots the current instruction reads */
    int first, limit;
};

/* A block's plan (jit_plan.c): what the translation decides before it
 * emits anything, the same on both backends.  The backend describes its
 * generators op by op (plan_op); the plan holds, per instruction, the
 * registers it reads and writes (the cache's look-ahead: whom to evict,
 * which values are dead), the sync points, the load groups, the rotates,
 * whether the block is a loop and which of its tails it can run. */
struct plan_op {
    bool native;            /* a generator translates it (else the executor) */
    bool pure;              /* its code never needs the guest registers in
                             * struct hart: no call, trap or exit */
    uint8_t load;           /* an inline load: its size in bytes, else 0 */
    bool load_fp;           /* ... into an f register */
    uint8_t store;          /* an inline store from an x register: its
                             * size in bytes, else 0 */
    bool select;            /* one arm of an if-conversion (plan_select):
                             * an op with no side effect, computed in a
                             * scratch register */
};
typedef struct plan_op plan_op_fn(const struct insn *ins);

struct jit_plan {
    const struct block *b;
    bool rvc;               /* C enabled: no jump target can be misaligned */
    uint32_t reads[BLOCK_MAX_INSNS];    /* the x registers each instruction's
                                         * rs1/rs2 fields name (bit g: x g) */
    uint32_t writes[BLOCK_MAX_INSNS];   /* the x register each writes (bit) */
    uint64_t sync;          /* bit k: instruction k may need the guest
                             * registers in struct hart (it may call the
                             * executor, trap or leave the block) */
    uint8_t group_role[BLOCK_MAX_INSNS];    /* GROUP_* of each load */
    int32_t group_off[BLOCK_MAX_INSNS];     /* a leader: where its group's
                                             * span ends, a member: its
                                             * address, both from the
                                             * leader's address */
    int32_t group_lo[BLOCK_MAX_INSNS];      /* a leader: where the span
                                             * starts (<= 0), from it */
    uint64_t group_reads;   /* bit k: instruction k is a group member */
    /* Rotates (plan_block's rotates): an or of slli and srli of one
     * register by k and 64 - k (or slliw and srliw by k and 32 - k)
     * becomes one rotate; the shifts are not
     * emitted, their values made from the rotation's after it if anything
     * is to see them. */
    uint8_t rot_role[BLOCK_MAX_INSNS];      /* ROT_* */
    uint8_t rot_src[BLOCK_MAX_INSNS];       /* the or's: the rotated register */
    uint8_t rot_by[BLOCK_MAX_INSNS];        /* the or's: the left rotation */
    bool rot_w[BLOCK_MAX_INSNS];            /* the or's: of the low word (W) */
    uint8_t rot_hi[BLOCK_MAX_INSNS];        /* the or's: the slli's rd to set, or 0 */
    uint8_t rot_lo[BLOCK_MAX_INSNS];        /* the or's: the srli's rd to set, or 0 */
    uint8_t rot_or[BLOCK_MAX_INSNS];        /* a skipped shift's: its or */
    uint64_t loads;         /* bit k: instruction k is an inline integer load */
    uint64_t stores;        /* bit k: instruction k is an inline store from
                             * an x register */
    uint8_t mem_size[BLOCK_MAX_INSNS];      /* those loads' and stores' size */
    /* Paired loads and stores (PAIR_REG; plan_block's PLAN_PAIR): bit k
     * of pair_loads, a load whose host address a later store uses (its
     * store's bit in pair_stores). */
    uint64_t pair_loads, pair_stores;
    int16_t pair_off[BLOCK_MAX_INSNS];      /* both's: the store's address
                                             * less the load's */
    /* Multiply pairs (plan_block's PLAN_MULH): a mul and a later mulh(u)
     * of the same operands become one multiply at the mul (MUL_BOTH),
     * which also writes the mulh's rd (mul_hi); the mulh is skipped. */
    uint8_t mul_role[BLOCK_MAX_INSNS];      /* MUL_* */
    uint8_t mul_hi[BLOCK_MAX_INSNS];        /* the mul's: the mulh's rd */
    bool mul_signed[BLOCK_MAX_INSNS];       /* the mul's: a mulh (else mulhu) */
    bool loop;              /* the last instruction jumps back to the first */
    unsigned tail_ok;       /* bit k: the loop can run b->tails[k] in place */
    /* If-conversion (plan_select): the loop's inner branch sel_branch
     * (n - 3) picks between the op after it (n - 2, skipped: emitted at
     * the branch) and its tail's op (insns[sel_tail]). */
    bool select;
    uint8_t sel_branch, sel_tail;
    /* bit k: load k's host address comes from a guess of its TLB entry's
     * addend (jit_gen.c, entry_addend): every load but a loop's whose base
     * register only steps by a constant in the loop (an address the host
     * computes iterations ahead, so the entry's latency hides and a guess
     * would only cost its check) */
    uint64_t guess;
};

/* Plans block b; fuse: which idioms the backend fuses (PLAN_ROT64: 64-bit
 * rotates, PLAN_ROTW: W ones, PLAN_ROT_LOADS: rotates with integer loads
 * between their shifts and or, whose slow paths make the skipped shifts'
 * values, PLAN_MULH: mul and mulh(u) pairs, PLAN_SELECT: a loop's last if
 * converted, PLAN_PAIR: paired loads and stores). */
enum { PLAN_ROT64 = 1, PLAN_ROTW = 2, PLAN_MULH = 4, PLAN_SELECT = 8, PLAN_ROT_LOADS = 16,
       PLAN_PAIR = 32 };
void plan_block(struct jit_plan *p, const struct block *b, bool rvc, plan_op_fn *describe,
                unsigned fuse);
/* Whether a jump by imm may trap for a misaligned target (no C). */
bool plan_target_may_trap(const struct jit_plan *p, int64_t imm);
/* The look-ahead from instruction i: whether instruction k reads guest g
 * (or GROUP_REG: k is a group member; PAIR_REG: a paired store); how many instructions until g is
 * read (BLOCK_MAX_INSNS: not again); whether g's value is dead (an
 * instruction ahead overwrites it before anything reads it, and nothing
 * before that, i included, may need the registers in struct hart: such
 * a value needs no store when its slot is reused); and the slot of rc to
 * reuse: a free one, else one holding a dead value, else the one whose
 * register is read again furthest ahead (Belady's choice, as the whole
 * block is known), preferring a clean one (no store) and then the least
 * recently used. */
static inline bool plan_reads_at(const struct jit_plan *p, unsigned k, unsigned g)
{
    if (g < 32)
        return p->reads[k] >> g & 1;
    return g == GROUP_REG ? p->group_reads >> k & 1 : p->pair_stores >> k & 1;
}
unsigned plan_next_read(const struct jit_plan *p, unsigned i, unsigned g);
bool plan_dead(const struct jit_plan *p, unsigned i, unsigned g);
int plan_victim(const struct jit_plan *p, unsigned i, const struct regcache *rc);
/* A loop block: whether g's value is dead at the start of the body (the
 * body writes g before anything reads it or may sync); the registers to
 * keep in the cache round the loop, best first, into order (their number
 * returned): those the body reads before writing them, the most read
 * first, then those it only writes, and in *written those the body
 * writes; the tail of the inner branch at index branch, if the loop runs
 * it in place. */
bool plan_dead_at_loop_start(const struct jit_plan *p, unsigned g);
unsigned plan_loop_regs(const struct jit_plan *p, uint8_t order[31], uint32_t *written);
const struct block_tail *plan_loop_tail(const struct jit_plan *p, unsigned branch);

#if defined(__x86_64__)
/* One block's translation in progress (jit_gen.c drives it; the register
 * caches and stubs live in it). */
struct ctx {
    struct emit e;
    struct jit *j;
    struct block *b;
    unsigned i;             /* the instruction being translated */
    unsigned nstubs;        /* (stubs: last) */
    unsigned nfixes;        /* (fixes: last) */
    /* A loop block translated twice round (jit_gen.c, twice_round): the
     * instructions the copy of the body before this one retires (0 in
     * the first; counted by every retirement and helper call), and the
     * first copy's way out, a jump to the second's. */
    bool twice;
    unsigned before;
    uint8_t *first_exit;
    struct jit_plan p;      /* the block's plan */
    struct regcache x;      /* x registers in cache_regs[slot] */
    /* A block whose last instruction jumps back to its start (p.loop)
     * keeps its loop-carried registers in host registers: the back edge
     * puts the cache into loop_x, the state at loop_body, and jumps there
     * while the budget lasts. */
    const uint8_t *loop_body;
    struct regcache loop_x;
    /* Guest registers enter_loop leaves out of loop_x (no_preload), and
     * those of loop_x a back edge found no longer cached (evicted: it
     * loads them again every time round; jit_translate then translates
     * once more without them). */
    uint32_t no_preload, evicted;
    struct regcache f;      /* f registers in xmm[slot] */
    /* FP facts established earlier in the block.  Nothing inside a block
     * can undo them: only CSR writes and traps clear FS or NX or change
     * frm, and both end the block. */
    bool fs_on, frm_rne, nx_set, fs_dirty;
    /* The side exits of a superblock's inner branches (block.h), emitted
     * out of line after the block: the branch jumps there taken, with the
     * cache as it was then. */
    struct side_exit {
        uint8_t *from;
        struct regcache x;
        unsigned n;             /* instructions retired by leaving there */
        int64_t target;
    } sides[BLOCK_SIDE_EXITS];
    unsigned nsides;
    int sel_slot, sel_cc;   /* a converted if's chain slot and its branch's
                             * jcc condition (gen_select) */
    /* Last: a translation clears the fields before it only (add_stub
     * writes a whole stub when it takes one).  Clearing them too, when
     * they were half as many, took 15% of the host instructions of the
     * deterministic Linux boot's first 100 M (1.62 G against 1.38 G). */
    struct stub stubs[4 * BLOCK_MAX_INSNS];   /* (2 per instruction, 2 copies) */
    /* A wrong addend guess's way (jit_gen.c, entry_addend), out of line
     * after the block: r = the entry's addend (rdx), the guess = r, back
     * to resume. */
    struct guess_fix {
        uint8_t *from;
        const uint8_t *resume;
        uint64_t *g;
        int r;
    } fixes[JIT_GUESSES_MAX];
};

/* A source operand: a host register (reg >= 0) or memory. */
struct opnd {
    int reg;
    struct mem m;
};

static inline void op_o(struct emit *e, int size, unsigned opc, int reg, struct opnd o)
{
    if (o.reg >= 0)
        op_reg(e, size, opc, reg, o.reg);
    else
        op_mem(e, size, opc, reg, o.m);
}

/* The FP register cache: f registers in xmm2-xmm15, write-through (every
 * result is also stored at once: several generators read f registers
 * from struct hart).  Every xmm register is caller-saved, so calls forget
 * the cache and the out-of-line slow paths reload it after theirs. */
#define FIRST_FXMM 2
#endif /* x86-64 */

/* jit_regcache.c: the slots of a cache ... */
void rc_init(struct regcache *rc, int first, int limit);
void rc_forget(struct regcache *rc, unsigned g);
void rc_forget_from(struct regcache *rc, int from);
int rc_victim(struct regcache *rc);
int rc_alloc(struct regcache *rc);
void rc_bind(struct regcache *rc, int s, unsigned g);
void rc_use(struct regcache *rc, int s);
/* ... the moves of a loop's back edge, from cache from to the loop body's
 * state to (slots 0..n-1): RC_STORE stores slot's register to struct
 * hart's x[arg], RC_MOVE copies slot arg's host register into slot's,
 * RC_LOAD loads x[arg] into slot's (at most 3n moves) ... */
enum { RC_STORE, RC_MOVE, RC_LOAD };
struct rc_move {
    uint8_t kind;
    int8_t slot, arg;
};
unsigned rc_reconcile(const struct regcache *from, const struct regcache *to, int n,
                      const struct jit_plan *p, struct rc_move *moves, int8_t *dropped);
#if defined(__x86_64__)
/* ... and the current instruction's operands: xs and fsrc fetch a source
 * (before any slow-path check); dst_reg and result_reg say where rd is
 * computed, put_x, put_result and xd make it rd's value (in its cache
 * register, dirty), put_f_rax stores an f result from rax (write-through).
 * Lazy sign extension: a W form's 32-bit result (and an and/or/xor/move
 * of such results only, whose low 32 bits decide the whole value too)
 * stays in its register without the movsxd (put_result_lazy); xs widens
 * it when a 64-bit reader fetches it, x_spill before storing it, while
 * readers of only the low 32 bits (W forms, shift counts) use xs32.
 * x_spill_from stores the dirty slots from..NCACHE-1 (the code that
 * follows finds them clean); x_spill_all all of them. */
struct opnd xs(struct ctx *c, unsigned g);
struct opnd xs32(struct ctx *c, unsigned g);
bool x_lazy(const struct ctx *c, unsigned g);
void x_widen_all(struct ctx *c);
int dst_reg(struct ctx *c, unsigned rd);
void put_x(struct ctx *c, unsigned rd, int r);
void put_result_lazy(struct ctx *c, unsigned rd, int r);
void xd(struct ctx *c, unsigned rd, int r);
int result_reg(struct ctx *c, unsigned rd, struct opnd a, struct opnd b);
void put_result(struct ctx *c, unsigned rd, int r);
int fsrc(struct ctx *c, unsigned g);
void x_spill_from(struct ctx *c, int from);
void x_spill_all(struct ctx *c);
void put_f_rax(struct ctx *c, unsigned rd, bool single);
void group_set(struct ctx *c, int r);
int group_get(struct ctx *c);
/* An empty x slot (the look-ahead's victim, spilled unless dead), for a
 * pseudo register. */
int x_alloc_pseudo(struct ctx *c);
#endif /* x86-64 */

/* jit_gen.c: translates block b into at most cap bytes at code; false when
 * it did not fit.  *len is the code's length. */
bool jit_translate(struct jit *j, struct block *b, bool rvc, uint8_t *code, size_t cap,
                   size_t *len);

#endif
