/* A block's plan: what the JIT decides about a block before emitting any
 * code, the same whatever the host (jit_gen.c and jit_gen_a64.c both
 * plan with it).  The backend says, per op, what its generators do
 * (plan_op); the plan derives the register reads and writes the cache's
 * look-ahead uses, the sync points, the load groups, the rotates, the
 * loop and its tails. */
#include "jit_internal.h"

#if RVX_HAVE_JIT

#include <string.h>

/* Each op's operands as the disassembler spells them (insns.def: s and t
 * are x rs1 and x rs2); NULL for the OP rows. */
static const char *const op_syntax[OP_COUNT] = {
#define INSN(n, mask, match, fmt, ext, cls, wr, flags, syntax, jit) [OP_##n] = syntax,
#include "insns.def"
};

/* The x registers instruction ins reads (bit g: x g; x0 left out), as far
 * as the cache's choices go: only their speed depends on it.  (An
 * instruction left to the executor is a sync point anyway, so a read
 * missed there could not make a live value look dead.) */
static uint32_t x_reads(const struct insn *ins)
{
    const char *syn = op_syntax[ins->op];
    uint32_t r = 0;
    if (!syn || strchr(syn, 's'))
        r |= 1u << ins->rs1;
    if (!syn || strchr(syn, 't'))
        r |= 1u << ins->rs2;
    return r & ~1u;
}

bool plan_target_may_trap(const struct jit_plan *p, int64_t imm)
{
    return !p->rvc && (imm & 2);
}

/* Plans the block's load groups (jit_internal.h): greedily, a load opens
 * a group (unless it writes its own base) that later loads from the same
 * base join while all fit in GROUP_SPAN bytes; a write of the base or an
 * instruction left to the executor closes it.  A leader without members
 * stays a plain load.  Members cannot trap or leave (an FP one's FS guard
 * aside): not sync points. */
static void plan_load_groups(struct jit_plan *p, plan_op_fn *describe)
{
    const struct block *b = p->b;
    int lead = -1;
    for (unsigned k = 0; k <= b->n; k++) {
        const struct insn *ins = &b->insns[k];
        struct plan_op d = k < b->n ? describe(ins) : (struct plan_op){ 0 };
        unsigned size = d.load;
        const struct insn *l = lead >= 0 ? &b->insns[lead] : NULL;
        /* a member's place from the leader's address, and the span with it */
        int64_t from = l ? ins->imm - l->imm : 0, end = from + (int64_t)size;
        int64_t lo = 0, hi = 0;
        if (l) {
            lo = from < p->group_lo[lead] ? from : p->group_lo[lead];
            hi = end > p->group_off[lead] ? end : p->group_off[lead];
        }
        if (l && size && ins->rs1 == l->rs1 && hi - lo <= GROUP_SPAN) {
            p->group_role[k] = GROUP_MEMBER;
            p->group_off[k] = (int32_t)from;
            p->group_role[lead] = GROUP_LEADER;
            p->group_lo[lead] = (int32_t)lo;
            p->group_off[lead] = (int32_t)hi;
            p->group_reads |= 1ull << k;
            if (!d.load_fp)
                p->sync &= ~(1ull << k);
        } else if (size && (d.load_fp || ins->rd != ins->rs1)) {
            lead = (int)k;                      /* (a leader until it has members) */
            p->group_off[k] = (int32_t)size;
            p->group_lo[k] = 0;
            continue;
        }
        if (lead >= 0 && (k == b->n || !d.native ||
                          (p->writes[k] >> b->insns[lead].rs1 & 1)))
            lead = -1;
    }
}

/* Whether guest g's value after instruction k is dead: a later
 * instruction overwrites it before anything reads it or may need the
 * registers in struct hart (the sync mask; the block's end counts). */
static bool dead_after(const struct jit_plan *p, unsigned k, unsigned g)
{
    for (unsigned i = k + 1; i < p->b->n; i++) {
        if ((p->reads[i] >> g & 1) || (p->sync >> i & 1))
            return false;
        if (p->writes[i] >> g & 1)
            return true;
    }
    return false;
}

/* The last instruction before m that writes guest g, or -1. */
static int writer_before(const struct jit_plan *p, unsigned m, unsigned g)
{
    for (unsigned i = m; i-- > 0;)
        if (p->writes[i] >> g & 1)
            return (int)i;
    return -1;
}

/* Plans the block's rotates: or z, x, y (either order) where x = slli a, k
 * and y = srli a, 64 - k, both of a's same value, is z = a rotated left
 * by k (what rv64gc code without Zbb spells a rotate with).  With W
 * (which: PLAN_ROTW), x = slliw a, k and y = srliw a, 32 - k make z the
 * 32-bit rotation of a's low word, sign-extended: y's bit 31 is zero
 * (k >= 1), so z's bit 31 and upper half are x's.  The or
 * becomes one rotate of a and the shifts are skipped, when nothing can
 * see that x and y were not written when they were: no instruction from
 * the first shift to the or may sync (trap, call, exit; but for integer
 * loads with PLAN_ROT_LOADS, below), x and y are read by nothing else
 * there, and a is written by nothing else there.  After
 * the rotate, x and y get their values from z's (z's high 64 - k bits and
 * low k bits) unless they are z or dead. */
static void plan_rotates(struct jit_plan *p, unsigned which)
{
    const struct block *b = p->b;
    for (unsigned m = 0; m < b->n; m++) {
        const struct insn *o = &b->insns[m];
        if (o->op != OP_or || !o->rs1 || !o->rs2 || o->rs1 == o->rs2 || !o->rd)
            continue;
        int d1 = writer_before(p, m, o->rs1), d2 = writer_before(p, m, o->rs2);
        if (d1 < 0 || d2 < 0 || p->rot_role[d1] || p->rot_role[d2])
            continue;
        const struct insn *l = &b->insns[d1], *r = &b->insns[d2];
        if (l->op == OP_srli || l->op == OP_srliw) {    /* (l the left shift) */
            const struct insn *t = l;
            l = r;
            r = t;
            int td = d1;
            d1 = d2;
            d2 = td;
        }
        unsigned a = l->rs1, k = (unsigned)l->imm, first = (unsigned)(d1 < d2 ? d1 : d2);
        unsigned second = (unsigned)(d1 < d2 ? d2 : d1);
        bool w = l->op == OP_slliw;
        unsigned bits = w ? 32 : 64;
        if (!(which & (w ? PLAN_ROTW : PLAN_ROT64)) ||
            l->op != (w ? OP_slliw : OP_slli) || r->op != (w ? OP_srliw : OP_srli) ||
            r->rs1 != a || !a || k == 0 || k >= bits || (unsigned)r->imm != bits - k ||
            b->insns[first].rd == a)            /* the second shift reads a as it was */
            continue;
        /* Loads between (PLAN_ROT_LOADS) may trap, and their slow paths
         * must then see the skipped shifts' values: their stubs make
         * them from a (in struct hart there), which neither shift may
         * then write (rot_or says which shifts a stub makes). */
        bool loads_ok = (which & PLAN_ROT_LOADS) && l->rd != a && r->rd != a;
        bool ok = true;
        for (unsigned i = first; i < m && ok; i++) {
            if ((p->sync >> i & 1) && !(loads_ok && (p->loads >> i & 1)))
                ok = false;
            else if (i != first && i != second &&
                     ((p->reads[i] >> l->rd & 1) || (p->reads[i] >> r->rd & 1) ||
                      (p->writes[i] >> a & 1)))
                ok = false;
        }
        if (!ok)
            continue;
        p->rot_role[d1] = p->rot_role[d2] = ROT_SKIP;
        p->rot_or[d1] = p->rot_or[d2] = (uint8_t)m;
        p->rot_role[m] = ROT_OR;
        p->rot_src[m] = (uint8_t)a;
        p->rot_by[m] = (uint8_t)k;
        p->rot_w[m] = w;
        p->rot_hi[m] = (uint8_t)(l->rd != o->rd && !dead_after(p, m, l->rd) ? l->rd : 0);
        p->rot_lo[m] = (uint8_t)(r->rd != o->rd && !dead_after(p, m, r->rd) ? r->rd : 0);
    }
    /* what the cache's look-ahead sees: the or reads a (the old a, when a
     * shift wrote it), not x and y, and writes z and the shifts' registers
     * it sets (the skipped shifts still read a: it is needed until the or) */
    for (unsigned m = 0; m < b->n; m++) {
        if (p->rot_role[m] == ROT_OR) {
            p->reads[m] = 1u << p->rot_src[m];
            p->writes[m] = (1u << b->insns[m].rd | 1u << p->rot_hi[m] | 1u << p->rot_lo[m]) &
                           ~1u;
        }
    }
}

/* Plans the block's multiply pairs: mul l, a, b then mulh or mulhu h, a,
 * b (either operand order: both products are commutative) become one
 * 64x64->128 multiply at the mul, which writes both l and h, when the
 * mulh could not tell: l is neither a nor b (the mulh reads them as the
 * mul did), h is not l, and between the two nothing writes a or b, reads
 * or writes h, or may sync (trap, call, exit).  (The M extension's
 * commentary recommends the pair, high half first, for fusion; compilers
 * also emit it low half first, as here.) */
static void plan_mul_pairs(struct jit_plan *p)
{
    const struct block *b = p->b;
    for (unsigned m = 0; m < b->n; m++) {
        const struct insn *h = &b->insns[m];
        if ((h->op != OP_mulh && h->op != OP_mulhu) || !h->rd || p->rot_role[m])
            continue;
        uint32_t ops = 1u << h->rs1 | 1u << h->rs2;
        for (unsigned k = m; k-- > 0;) {
            const struct insn *l = &b->insns[k];
            bool same = l->op == OP_mul && (1u << l->rs1 | 1u << l->rs2) == ops &&
                        (l->rs1 == h->rs1 || l->rs1 == h->rs2);
            if (same && l->rd && !(ops >> l->rd & 1) && l->rd != h->rd && !p->mul_role[k] &&
                !p->rot_role[k]) {
                p->mul_role[k] = MUL_BOTH;
                p->mul_role[m] = MUL_SKIP;
                p->mul_hi[k] = h->rd;
                p->mul_signed[k] = h->op == OP_mulh;
                p->writes[k] |= 1u << h->rd;        /* (the look-ahead's view) */
                p->writes[m] = 0;
                p->reads[m] = 0;
                break;
            }
            if ((p->sync >> k & 1) || (p->writes[k] & ops) ||
                ((p->reads[k] | p->writes[k]) >> h->rd & 1))
                break;
        }
    }
}

/* Plans the block's paired loads and stores (PAIR_REG, jit_internal.h):
 * an integer load from base a + i (not a load group's, a not its rd)
 * and the first later store, through a, which nothing but addi a, a, c
 * changes in between, nothing in between syncing (no other memory
 * access, call, trap or exit: the store runs right after the load, with
 * the TLBs as the load saw them).  The store's address is the load's
 * plus pair_off (its offset plus the sum of the c, less i), less than
 * PAIR_SPAN either way, a multiple of its size, no larger than the
 * load's: aligned when the load is (in the page when pair_off is 0,
 * else the store checks that).  At most PAIR_REACH instructions apart:
 * PAIR_REG takes a host register from the cache until the store, which
 * in a long stretch of busy code costs more spills than the store's
 * check (SHA-256's message schedule: +0.3% host instructions when
 * its load and store, 22 apart, were paired). */
#define PAIR_REACH 12
static void plan_pairs(struct jit_plan *p)
{
    const struct block *b = p->b;
    for (uint64_t set = p->stores ? p->loads : 0; set; set &= set - 1) {
        unsigned k = (unsigned)__builtin_ctzll(set);
        const struct insn *l = &b->insns[k];
        if (p->group_role[k] || l->rd == l->rs1)
            continue;
        unsigned a = l->rs1;
        int64_t delta = 0;
        for (unsigned m = k + 1; m < b->n && m <= k + PAIR_REACH; m++) {
            const struct insn *s = &b->insns[m];
            unsigned size = p->mem_size[m];
            int64_t off = s->imm + delta - l->imm;
            if ((p->stores >> m & 1) && size <= p->mem_size[k] && s->rs1 == a &&
                off % (int64_t)size == 0 && off > -PAIR_SPAN && off < PAIR_SPAN) {
                p->pair_loads |= 1ull << k;
                p->pair_stores |= 1ull << m;
                p->pair_off[k] = p->pair_off[m] = (int16_t)off;
                break;
            }
            if (p->sync >> m & 1)
                break;
            if (p->writes[m] >> a & 1) {        /* (an addi's write is its rd's) */
                if (s->op != OP_addi || s->rs1 != a)
                    break;
                delta += s->imm;
            }
        }
    }
}

/* Whether the block is a loop: its last instruction, a branch or a plain
 * jump (rd = x0) that the backend translates, goes back to its first
 * without a possible misaligned-target trap. */
static bool is_loop(const struct jit_plan *p, plan_op_fn *describe)
{
    const struct insn *last = &p->b->insns[p->b->n - 1];
    bool jump = last->op == OP_jal && last->rd == 0;
    return (op_info[last->op].cls == CL_BRANCH || jump) && describe(last).native &&
           last->off + last->imm == 0 && !plan_target_may_trap(p, last->imm);
}

/* The loads whose addend is guessed (jit_plan.guess) */
static void plan_guesses(struct jit_plan *p, plan_op_fn *describe)
{
    const struct block *b = p->b;
    uint32_t stepped = ~0u;     /* registers the loop writes only by addi rd, rd, imm */
    for (unsigned k = 0; p->loop && k < b->n; k++) {
        const struct insn *ins = &b->insns[k];
        if (p->writes[k] && !(ins->op == OP_addi && ins->rs1 == ins->rd))
            stepped &= ~p->writes[k];
    }
    for (unsigned k = 0; k < b->n; k++) {
        const struct insn *ins = &b->insns[k];
        if (describe(ins).load && !(p->loop && (stepped >> ins->rs1 & 1)))
            p->guess |= 1ull << k;
    }
}

/* Which tails (block.h) the loop can run in place: every instruction but
 * the last never syncs (no trap, call or exit), and the last, a branch
 * or a plain jump back to the start, cannot trap on a misaligned target. */
static void plan_tails(struct jit_plan *p, plan_op_fn *describe)
{
    const struct block *b = p->b;
    for (unsigned k = 0; p->loop && k < b->ntails; k++) {
        const struct block_tail *t = &b->tails[k];
        const struct insn *ins = &b->insns[t->at], *last = &ins[t->n - 1];
        bool ok = (op_info[last->op].cls == CL_BRANCH || last->op == OP_jal) &&
                  describe(last).native && !plan_target_may_trap(p, last->imm);
        for (unsigned i = 0; ok && i + 1 < t->n; i++)
            ok = describe(&ins[i]).pure;
        p->tail_ok |= (unsigned)ok << k;
    }
}

/* If-conversion of a loop's last if (PLAN_SELECT): the loop block ends
 * in an inner branch (n - 3), one op (n - 2) and the branch back (n - 1),
 * and the inner branch's tail is one op and the same branch back: both
 * arms are one op and the same test, as in a binary search (lo = mid + 1
 * or hi = mid - 1, then while (lo <= hi)).  The backend computes both
 * ops and picks each result by the inner branch's condition, with no
 * branch on it (a binary search's is as likely taken as not, so a host
 * mispredicts it every other time).  Both arms are simple (describe's
 * select: an op with no side effect the backend computes in a scratch
 * register), the arms write neither of the inner branch's operands (the
 * way out tests it again to know which arm ran) and both retire as many
 * instructions.  In the look-ahead the inner branch then reads and
 * writes what either arm writes (a conditional write keeps the old value
 * live) and reads what either reads; the fall-through op is skipped. */
static void plan_select(struct jit_plan *p, plan_op_fn *describe)
{
    const struct block *b = p->b;
    unsigned n = b->n, br = n - 3;
    if (!p->loop || n < 4)
        return;
    const struct insn *in = &b->insns[br], *f = &b->insns[n - 2], *last = &b->insns[n - 1];
    const struct block_tail *t = plan_loop_tail(p, br);
    if (!t || t->n != 2 || op_info[last->op].cls != CL_BRANCH ||
        plan_target_may_trap(p, in->imm))
        return;
    const struct insn *g = &b->insns[t->at], *tl = &g[1];
    if (tl->op != last->op || tl->rs1 != last->rs1 || tl->rs2 != last->rs2 ||
        !describe(f).select || !describe(g).select || !f->rd || !g->rd ||
        p->rot_role[n - 2] || p->mul_role[n - 2] || p->group_role[n - 2])
        return;
    uint32_t w = 1u << f->rd | 1u << g->rd;
    if (w & x_reads(in))
        return;
    p->select = true;
    p->sel_branch = (uint8_t)br;
    p->sel_tail = (uint8_t)t->at;
    p->reads[br] |= p->reads[n - 2] | x_reads(g) | w;
    p->writes[br] = w;
    p->reads[n - 2] = p->writes[n - 2] = 0;
}

void plan_block(struct jit_plan *p, const struct block *b, bool rvc, plan_op_fn *describe,
                unsigned fuse)
{
    memset(p, 0, sizeof *p);
    p->b = b;
    p->rvc = rvc;
    for (unsigned k = 0; k < b->n; k++) {
        const struct insn *ins = &b->insns[k];
        p->reads[k] = x_reads(ins);
        p->writes[k] = op_info[ins->op].writes == WR_X ? 1u << ins->rd & ~1u : 0;
        struct plan_op d = describe(ins);
        if (!d.pure)
            p->sync |= 1ull << k;
        if (d.load && !d.load_fp)
            p->loads |= 1ull << k;
        if (d.store)
            p->stores |= 1ull << k;
        p->mem_size[k] = d.load_fp ? 0 : d.load | d.store;
    }
    plan_load_groups(p, describe);
    if (fuse & (PLAN_ROT64 | PLAN_ROTW))
        plan_rotates(p, fuse);      /* (after the load groups: members never trap) */
    if (fuse & PLAN_MULH)
        plan_mul_pairs(p);
    if (fuse & PLAN_PAIR)
        plan_pairs(p);              /* (after the fusions: their writes) */
    p->loop = is_loop(p, describe);
    plan_guesses(p, describe);
    plan_tails(p, describe);
    if (fuse & PLAN_SELECT)
        plan_select(p, describe);
}

/* ---- the look-ahead of the register caches ---- */

unsigned plan_next_read(const struct jit_plan *p, unsigned i, unsigned g)
{
    for (unsigned k = i; k < p->b->n; k++)
        if (plan_reads_at(p, k, g))
            return k - i;
    return BLOCK_MAX_INSNS;
}

bool plan_dead(const struct jit_plan *p, unsigned i, unsigned g)
{
    if (g >= 32)                    /* (pseudo registers: never dirty, only reads count) */
        return plan_next_read(p, i, g) == BLOCK_MAX_INSNS;
    for (unsigned k = i; k < p->b->n; k++) {
        if ((p->reads[k] >> g & 1) || (p->sync >> k & 1))
            return false;
        if (k > i && (p->writes[k] >> g & 1))
            return true;
    }
    return false;
}

bool plan_dead_at_loop_start(const struct jit_plan *p, unsigned g)
{
    for (unsigned k = 0; k < p->b->n; k++) {
        if ((p->reads[k] >> g & 1) || (p->sync >> k & 1))
            return false;
        if (p->writes[k] >> g & 1)
            return true;
    }
    return false;
}

int plan_victim(const struct jit_plan *p, unsigned i, const struct regcache *rc)
{
    int best = -1;
    unsigned best_score = 0;
    for (int s = rc->first; s < rc->limit; s++) {
        if (rc->pinned & (1u << s))
            continue;
        if (rc->guest_in[s] < 0 || plan_dead(p, i, (unsigned)rc->guest_in[s]))
            return s;
        unsigned score = 2 * plan_next_read(p, i, (unsigned)rc->guest_in[s]) +
                         !(rc->dirty & (1u << s));
        if (best < 0 || score > best_score ||
            (score == best_score && rc->last_use[s] < rc->last_use[best])) {
            best = s;
            best_score = score;
        }
    }
    return best;
}

unsigned plan_loop_regs(const struct jit_plan *p, uint8_t order[31], uint32_t *written)
{
    const struct block *b = p->b;
    unsigned nreads[32] = { 0 }, n = 0;
    uint32_t live_in = 0;
    *written = 0;
    for (unsigned k = 0; k < b->n; k++) {
        live_in |= p->reads[k] & ~*written;
        for (unsigned g = 1; g < 32; g++)
            nreads[g] += (p->reads[k] >> g) & 1;
        *written |= p->writes[k];
    }
    /* then the registers the body only writes first: in the cache from
     * the start, a value the next iteration overwrites needs no store at
     * the back edge even when a sync point (a load that may trap, say)
     * comes before its write, as it would if it were left out */
    for (uint32_t set = live_in, pass = 0; pass < 2; set = *written & ~live_in, pass++) {
        while (set) {
            unsigned best = 0;
            for (unsigned g = 1; g < 32; g++)
                if ((set & (1u << g)) && (!best || nreads[g] > nreads[best]))
                    best = g;
            set &= ~(1u << best);
            order[n++] = (uint8_t)best;
        }
    }
    return n;
}

const struct block_tail *plan_loop_tail(const struct jit_plan *p, unsigned branch)
{
    for (unsigned k = 0; k < p->b->ntails; k++)
        if (p->b->tails[k].branch == branch && (p->tail_ok >> k & 1))
            return &p->b->tails[k];
    return NULL;
}

#endif
