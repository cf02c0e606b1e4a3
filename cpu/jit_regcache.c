/* The JIT's register caches.  Within a block, guest x registers live in
 * host registers (cache_regs), write-back: a result stays in its host
 * register, dirty, until the generators spill it where the guest state
 * must be in memory (exits, calls, slow paths: jit_internal.h) or a
 * reused slot spills it here.  f registers live in xmm2-xmm15,
 * write-through (every result is also stored to struct hart at once).
 * arm64's x cache (jit_gen_a64.c) uses the slot functions write-back
 * too, with its own operand functions; its f cache is write-through.
 * The generators ask for
 * operands (xs, fsrc) and destinations (dst_reg, result_reg, xd,
 * put_f_rax) here and never pick host registers themselves. */
#include "jit_internal.h"

#if RVX_HAVE_JIT

#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__)
/* (r12 last: only a loop block's cache has it, jit_gen.c's bpc_to) */
const int cache_regs[NCACHE] = { R13, R14, R15, RBP, R8, R9, R10, R11, RDI, RSI, R12 };
#endif

void rc_init(struct regcache *rc, int first, int limit)
{
    memset(rc->slot_of, -1, sizeof rc->slot_of);
    memset(rc->guest_in, -1, sizeof rc->guest_in);
    rc->dirty = 0;
    rc->lazy = 0;
    rc->first = first;
    rc->limit = limit;
}

void rc_forget(struct regcache *rc, unsigned g)
{
    int s = rc->slot_of[g];
    if (s >= 0) {
        rc->dirty &= ~(1u << s);    /* (a dirty value forgotten is dead) */
        rc->lazy &= ~(1u << s);
        rc->guest_in[s] = -1;
        rc->slot_of[g] = -1;
    }
}

/* Forgets what slots from..limit-1 hold (a call clobbered them). */
void rc_forget_from(struct regcache *rc, int from)
{
    for (int s = from; s < rc->limit; s++)
        if (rc->guest_in[s] >= 0)
            rc_forget(rc, (unsigned)rc->guest_in[s]);
}

/* A free slot, else the least recently used one not read by the current
 * instruction, still holding what it holds. */
int rc_victim(struct regcache *rc)
{
    int best = -1;
    for (int s = rc->first; s < rc->limit; s++) {
        if (rc->pinned & (1u << s))
            continue;
        if (rc->guest_in[s] < 0)
            return s;
        if (best < 0 || rc->last_use[s] < rc->last_use[best])
            best = s;
    }
    return best;
}

/* rc_victim's slot, emptied (a write-through cache's) */
int rc_alloc(struct regcache *rc)
{
    int s = rc_victim(rc);
    if (rc->guest_in[s] >= 0)
        rc_forget(rc, (unsigned)rc->guest_in[s]);
    return s;
}

void rc_bind(struct regcache *rc, int s, unsigned g)
{
    rc->slot_of[g] = (int8_t)s;
    rc->guest_in[s] = (int8_t)g;
    rc->last_use[s] = ++rc->clock;
}

void rc_use(struct regcache *rc, int s)
{
    rc->pinned |= 1u << s;
    rc->last_use[s] = ++rc->clock;
}

/* The moves that put a write-back cache (from, slots 0..n-1) into the
 * state a loop body starts in (to: a loop's back edge, both backends).  A
 * dirty register that to has not in the cache, or has clean, is stored,
 * unless to lacks it and its value is dead at the loop's start (the body
 * overwrites it before it could be seen: jit_plan.c) and its slot is one
 * to leaves free: dropped[slot] then says which register it held, for the
 * way out when the budget is spent (else -1).  Then each slot gets to's
 * register: moved from the slot it is in, else loaded from struct hart
 * (current for every register not in the cache after the stores).  A
 * slot is filled only once the register it holds has been moved out
 * where it is needed; a cycle of such moves is broken by storing one
 * member (which then comes from memory).  Returns how many moves. */
unsigned rc_reconcile(const struct regcache *from, const struct regcache *to, int n,
                      const struct jit_plan *p, struct rc_move *moves, int8_t *dropped)
{
    int8_t cur[16];
    unsigned m = 0;
    for (int s = 0; s < n; s++) {
        int g = from->guest_in[s];
        cur[s] = (int8_t)g;
        dropped[s] = -1;
        int t = g >= 0 ? to->slot_of[g] : -1;
        if ((from->dirty & (1u << s)) && (t < 0 || !(to->dirty & (1u << t)))) {
            if (t < 0 && to->guest_in[s] < 0 && plan_dead_at_loop_start(p, (unsigned)g))
                dropped[s] = (int8_t)g;
            else
                moves[m++] = (struct rc_move){ RC_STORE, (int8_t)s, (int8_t)g };
            if (t < 0)
                cur[s] = -1;            /* (now only in memory) */
        }
    }
    unsigned pending = 0;
    for (int s = 0; s < n; s++)
        if (to->guest_in[s] >= 0 && cur[s] != to->guest_in[s])
            pending |= 1u << s;
    while (pending) {
        bool progress = false;
        for (int s = 0; s < n; s++) {
            if (!(pending & (1u << s)))
                continue;
            int held = cur[s];          /* needed in another pending slot? */
            int want = held >= 0 ? to->slot_of[held] : -1;
            if (want >= 0 && want != s && (pending & (1u << want)))
                continue;
            int g = to->guest_in[s], src = -1;
            for (int t = 0; t < n; t++)
                if (t != s && cur[t] == g)
                    src = t;
            moves[m++] = src >= 0 ? (struct rc_move){ RC_MOVE, (int8_t)s, (int8_t)src }
                                  : (struct rc_move){ RC_LOAD, (int8_t)s, (int8_t)g };
            cur[s] = (int8_t)g;
            pending &= ~(1u << s);
            progress = true;
        }
        if (!progress) {                /* a cycle: store one member */
            int s = __builtin_ctz(pending);
            moves[m++] = (struct rc_move){ RC_STORE, (int8_t)s, cur[s] };
            cur[s] = -1;
        }
    }
    return m;
}

/* (The operand functions below are x86-64's; jit_gen_a64.c has arm64's.) */
#if defined(__x86_64__)

/* Sign-extends slot s's register in place if it holds a lazy W value. */
static void x_widen(struct ctx *c, int s)
{
    if (!(c->x.lazy & (1u << s)))
        return;
    movsxd(&c->e, cache_regs[s], cache_regs[s]);
    c->x.lazy &= ~(1u << s);
}

void x_widen_all(struct ctx *c)
{
    for (int s = 0; s < NCACHE; s++)
        x_widen(c, s);
}

/* Stores slot s's register to struct hart if it is dirty; it is clean
 * after. */
static void x_spill(struct ctx *c, int s)
{
    if (!(c->x.dirty & (1u << s)))
        return;
    x_widen(c, s);
    store64(&c->e, XREG((unsigned)c->x.guest_in[s]), cache_regs[s]);
    c->x.dirty &= ~(1u << s);
}

void x_spill_from(struct ctx *c, int from)
{
    for (int s = from; s < NCACHE; s++)
        x_spill(c, s);
}

void x_spill_all(struct ctx *c) { x_spill_from(c, 0); }

/* The plan's look-ahead (jit_plan.c) from the current instruction. */
static bool x_dead(const struct ctx *c, unsigned g) { return plan_dead(&c->p, c->i, g); }

static unsigned next_read(const struct ctx *c, unsigned g)
{
    return plan_next_read(&c->p, c->i, g);
}

/* An empty x slot: plan_victim's, its dirty register spilled first unless
 * dead. */
static int x_alloc(struct ctx *c)
{
    int s = plan_victim(&c->p, c->i, &c->x);
    if (c->x.guest_in[s] >= 0) {
        if (!x_dead(c, (unsigned)c->x.guest_in[s]))
            x_spill(c, s);
        rc_forget(&c->x, (unsigned)c->x.guest_in[s]);
    }
    return s;
}

/* Whether guest g, not in the cache, is better read from struct hart
 * than loaded into a slot: no slot is free or holds a dead value, and g
 * is read again later than every register the cache holds is (or never):
 * Belady would evict it first.  Reading it from memory then spares the
 * store and the reload of a register that is needed sooner. */
static bool x_bypass(struct ctx *c, unsigned g)
{
    unsigned far = BLOCK_MAX_INSNS;         /* g's next read after this one */
    for (unsigned k = c->i + 1; k < c->b->n; k++)
        if (plan_reads_at(&c->p, k, g)) {
            far = k - c->i;
            break;
        }
    for (int s = c->x.first; s < c->x.limit; s++) {
        if (c->x.pinned & (1u << s))
            continue;
        int h = c->x.guest_in[s];
        if (h < 0 || x_dead(c, (unsigned)h))
            return false;
        if (far < BLOCK_MAX_INSNS && next_read(c, (unsigned)h) >= far)
            return false;
    }
    return true;
}

/* Guest register g as a source, loaded into the cache if need be (or read
 * from memory: x_bypass), sign-extended if lazy unless only its low 32
 * bits are read (low32).  Generators fetch all their sources before
 * their first slow-path check, so the stub path and the fast path agree
 * on what the cache holds. */
static struct opnd fetch(struct ctx *c, unsigned g, bool low32)
{
    if (g == 0)
        return (struct opnd){ -1, XREG(0) };   /* always zero in memory */
    int s = c->x.slot_of[g];
    if (s < 0 && x_bypass(c, g))
        return (struct opnd){ -1, XREG(g) };
    if (s < 0) {
        s = x_alloc(c);
        load64(&c->e, cache_regs[s], XREG(g));
        rc_bind(&c->x, s, g);
    }
    if (!low32)
        x_widen(c, s);
    rc_use(&c->x, s);
    return (struct opnd){ cache_regs[s], { 0, 0, 0, 0 } };
}

int x_alloc_pseudo(struct ctx *c) { return x_alloc(c); }

struct opnd xs(struct ctx *c, unsigned g) { return fetch(c, g, false); }
struct opnd xs32(struct ctx *c, unsigned g) { return fetch(c, g, true); }

/* Whether guest g is in the cache as a lazy W value. */
bool x_lazy(const struct ctx *c, unsigned g)
{
    int s = g ? c->x.slot_of[g] : -1;
    return s >= 0 && (c->x.lazy & (1u << s));
}

/* A load group's leader: host register r holds the group's host address,
 * which becomes GROUP_REG's value (clean: it is stored to hart.jit_group
 * too, for a member that finds it evicted). */
void group_set(struct ctx *c, int r)
{
    store64(&c->e, HART(jit_group), r);
    rc_forget(&c->x, GROUP_REG);
    int s = x_alloc(c);
    mov_rr(&c->e, cache_regs[s], r);
    rc_bind(&c->x, s, GROUP_REG);
    rc_use(&c->x, s);
}

/* A group member: the host register holding the group's host address. */
int group_get(struct ctx *c)
{
    int s = c->x.slot_of[GROUP_REG];
    if (s < 0) {
        s = x_alloc(c);
        load64(&c->e, cache_regs[s], HART(jit_group));
        rc_bind(&c->x, s, GROUP_REG);
    }
    rc_use(&c->x, s);
    return cache_regs[s];
}

/* The host register that is to hold guest rd (nonzero), bound to it now:
 * the caller computes into it, then marks it rd's value (put_x).  Sources
 * already fetched stay valid: they are pinned, or they are rd itself. */
int dst_reg(struct ctx *c, unsigned rd)
{
    int s = c->x.slot_of[rd];
    if (s < 0)
        s = x_alloc(c);
    rc_bind(&c->x, s, rd);
    return cache_regs[s];
}

/* r, rd's cache register (dst_reg's), now holds rd's value: dirty until
 * spilled. */
void put_x(struct ctx *c, unsigned rd, int r)
{
    int s = c->x.slot_of[rd];
    if (s < 0 || cache_regs[s] != r)
        abort();    /* a generator computed rd elsewhere than dst_reg said */
    c->x.dirty |= 1u << s;
    c->x.lazy &= ~(1u << s);
}

/* Guest rd = host register r (a scratch register). */
void xd(struct ctx *c, unsigned rd, int r)
{
    if (!rd)
        return;
    int d = dst_reg(c, rd);
    mov_rr(&c->e, d, r);
    put_x(c, rd, d);
}

/* The register rd's result is computed in: its cache register when the
 * sources allow (b, the second operand, must not be it unless a is too),
 * else rax.  Finish with put_result. */
int result_reg(struct ctx *c, unsigned rd, struct opnd a, struct opnd b)
{
    if (!rd)
        return RAX;
    int s = c->x.slot_of[rd];
    if (s >= 0 && b.reg == cache_regs[s] && a.reg != b.reg)
        return RAX;
    return dst_reg(c, rd);
}

void put_result(struct ctx *c, unsigned rd, int r)
{
    if (r == RAX)
        xd(c, rd, RAX);
    else
        put_x(c, rd, r);
}

/* put_result for a value whose low 32 bits in r are right and whose high
 * ones are to be their sign extension: left lazy in rd's cache register,
 * sign-extended when computed in rax. */
void put_result_lazy(struct ctx *c, unsigned rd, int r)
{
    if (r == RAX) {
        movsxd(&c->e, RAX, RAX);
        xd(c, rd, RAX);
        return;
    }
    put_x(c, rd, r);
    c->x.lazy |= 1u << c->x.slot_of[rd];
}

/* The xmm register holding f register g, loaded if need be (all 64 bits,
 * NaN-boxing included).  Fetched before any resumable slow-path check. */
int fsrc(struct ctx *c, unsigned g)
{
    int x = c->f.slot_of[g];
    if (x < 0) {
        x = rc_alloc(&c->f);
        sse_mem(&c->e, 0xf3, 0x7e, x, FREG(g));        /* movq xmm, [f g] */
        rc_bind(&c->f, x, g);
    }
    rc_use(&c->f, x);
    return x;
}

/* f register rd = rax (a single in eax is NaN-boxed first): stored, and
 * cached. */
void put_f_rax(struct ctx *c, unsigned rd, bool single)
{
    if (single) {
        mov_imm(&c->e, RCX, 0xffffffff00000000ull);
        op_reg(&c->e, 8, 0x09, RCX, RAX);               /* or rax, rcx */
    }
    store64(&c->e, FREG(rd), RAX);
    int x = c->f.slot_of[rd];
    if (x < 0)
        x = rc_alloc(&c->f);
    rc_bind(&c->f, x, rd);
    b1(&c->e, 0x66);                                    /* movq xmm, rax */
    op_reg(&c->e, 8, 0x0f6e, x, RAX);
}

#endif /* x86-64 */

#endif
