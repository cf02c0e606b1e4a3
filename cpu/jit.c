/* The x86-64 code generator (see jit.h for the contract).
 *
 * Generated code runs with rbx = the hart, r12 = the virtual PC of the
 * current block's first instruction.  Guest registers live in struct hart;
 * within a block, x registers are also cached in r8-r11, r13-r15 and rbp,
 * and f registers in xmm2-xmm15, write-through (every result is stored at
 * once), so nothing needs writing back at exits, traps or helper calls.
 * rax, rcx, rdx, rsi, rdi, xmm0 and xmm1 are scratch.  A block's code:
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
 *     in the fetch TLB and the jump cache, while the budget lasts and no
 *     interrupt or stop is pending.
 * Anything else returns to jit_run with a code saying what to do next. */
#include "jit.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#if RVX_HAVE_JIT

#include <inttypes.h>
#include <sys/mman.h>
#include <unistd.h>

#include "arith.h"

#ifndef RVX_JIT_CODE_SIZE
#define RVX_JIT_CODE_SIZE (128u << 20)  /* (smaller ones test the flush path) */
#endif
#define CODE_SIZE ((size_t)RVX_JIT_CODE_SIZE)
#define BLOCK_CODE_MAX (64u << 10)  /* more than the biggest block needs */

/* What a block's code returns to jit_run: FALL and TAKEN name the chain
 * slot (succ index) left to link, and equal it. */
enum { JIT_FALL = 0, JIT_TAKEN = 1, JIT_LOOKUP = 2, JIT_EXIT = 3 };

typedef int (*jit_enter_fn)(struct hart *h, uint64_t bpc, const void *code);

struct jit {
    uint8_t *mem;
    size_t used;
    size_t stubs_end;       /* enter/exit live below this */
    jit_enter_fn enter;     /* enter(h, bpc, code) */
    const uint8_t *exit;    /* returns eax to enter's caller */
    const uint8_t *lookup;  /* continues at the virtual address in rax */
    FILE *perf_map;         /* RVX_PERF_MAP: symbols for `perf report` */
};

/* ---- x86-64 encoding ---- */

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };
enum { ALU_ADD = 0, ALU_OR = 1, ALU_AND = 4, ALU_SUB = 5, ALU_XOR = 6, ALU_CMP = 7 };
enum { SH_SHL = 4, SH_SHR = 5, SH_SAR = 7 };
enum { CC_B = 2, CC_AE = 3, CC_E = 4, CC_NE = 5, CC_L = 0xc, CC_GE = 0xd };

struct emit {
    uint8_t *p, *end;
    bool overflow;
};

/* A memory operand: base + index * scale + disp (index < 0: none). */
struct mem {
    int base, index, scale;
    int32_t disp;
};

static struct mem M(int base, int32_t disp) { return (struct mem){ base, -1, 1, disp }; }
static struct mem MX(int base, int index, int scale, int32_t disp)
{
    return (struct mem){ base, index, scale, disp };
}
#define HART(field) M(RBX, (int32_t)offsetof(struct hart, field))
static struct mem XREG(unsigned r) { return M(RBX, (int32_t)(offsetof(struct hart, x) + 8 * r)); }
static struct mem FREG(unsigned r) { return M(RBX, (int32_t)(offsetof(struct hart, f) + 8 * r)); }

static void b1(struct emit *e, unsigned v)
{
    if (e->p < e->end)
        *e->p++ = (uint8_t)v;
    else
        e->overflow = true;
}
static void b4(struct emit *e, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b1(e, (v >> (8 * i)) & 0xff);
}
static void b8(struct emit *e, uint64_t v)
{
    b4(e, (uint32_t)v);
    b4(e, (uint32_t)(v >> 32));
}
static bool fits8(int64_t v) { return v >= -128 && v <= 127; }
static bool fits32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

/* Operand size prefix and REX for an instruction whose ModRM reg field is
 * reg and whose r/m names base/index (size 1, 2, 4 or 8 bytes). */
static void prefix(struct emit *e, int size, int reg, int index, int base)
{
    if (size == 2)
        b1(e, 0x66);
    unsigned rex = 0x40 | (size == 8 ? 8 : 0) | (reg & 8 ? 4 : 0) |
                   (index >= 0 && (index & 8) ? 2 : 0) | (base & 8 ? 1 : 0);
    /* byte ops on spl/bpl/sil/dil need a REX too; we use only al/cl/dl */
    if (rex != 0x40)
        b1(e, rex);
}

static void opcode(struct emit *e, unsigned opc)
{
    if (opc > 0xff)
        b1(e, opc >> 8);
    b1(e, opc & 0xff);
}

static void modrm_mem(struct emit *e, int reg, struct mem m)
{
    unsigned mod = fits8(m.disp) ? 1 : 2;   /* always a displacement: rbp/r13 need one */
    if (m.index >= 0 || (m.base & 7) == RSP) {
        unsigned ss = m.scale == 8 ? 3 : m.scale == 4 ? 2 : m.scale == 2 ? 1 : 0;
        int idx = m.index >= 0 ? m.index : RSP;     /* 100b: no index */
        b1(e, mod << 6 | (unsigned)(reg & 7) << 3 | 4);
        b1(e, ss << 6 | (unsigned)(idx & 7) << 3 | (unsigned)(m.base & 7));
    } else {
        b1(e, mod << 6 | (unsigned)(reg & 7) << 3 | (unsigned)(m.base & 7));
    }
    if (mod == 1)
        b1(e, (uint8_t)m.disp);
    else
        b4(e, (uint32_t)m.disp);
}

/* opc reg, [m]  (or opc [m], reg: the direction is in the opcode) */
static void op_mem(struct emit *e, int size, unsigned opc, int reg, struct mem m)
{
    prefix(e, size, reg, m.index, m.base);
    opcode(e, opc);
    modrm_mem(e, reg, m);
}

/* opc reg, rm  with both registers */
static void op_reg(struct emit *e, int size, unsigned opc, int reg, int rm)
{
    prefix(e, size, reg, -1, rm);
    opcode(e, opc);
    b1(e, 0xc0 | (unsigned)(reg & 7) << 3 | (unsigned)(rm & 7));
}

static void load64(struct emit *e, int r, struct mem m) { op_mem(e, 8, 0x8b, r, m); }
static void store64(struct emit *e, struct mem m, int r) { op_mem(e, 8, 0x89, r, m); }
static void mov_rr(struct emit *e, int dst, int src) { op_reg(e, 8, 0x89, src, dst); }
static void lea(struct emit *e, int r, struct mem m) { op_mem(e, 8, 0x8d, r, m); }
static void movsxd(struct emit *e, int dst, int src) { op_reg(e, 8, 0x63, dst, src); }

/* dst = dst op [m] */
static void alu_mem(struct emit *e, int size, int alu, int dst, struct mem m)
{
    op_mem(e, size, (unsigned)alu * 8 + 3, dst, m);
}

static void alu_imm(struct emit *e, int size, int alu, int dst, int32_t imm)
{
    prefix(e, size, 0, -1, dst);
    b1(e, fits8(imm) ? 0x83 : 0x81);
    b1(e, 0xc0 | (unsigned)alu << 3 | (unsigned)(dst & 7));
    if (fits8(imm))
        b1(e, (uint8_t)imm);
    else
        b4(e, (uint32_t)imm);
}

/* op qword [m], imm */
static void alu_mem_imm(struct emit *e, int size, int alu, struct mem m, int32_t imm)
{
    op_mem(e, size, fits8(imm) ? 0x83 : 0x81, alu, m);
    if (fits8(imm))
        b1(e, (uint8_t)imm);
    else
        b4(e, (uint32_t)imm);
}

static void shift_imm(struct emit *e, int size, int kind, int r, unsigned n)
{
    prefix(e, size, 0, -1, r);
    b1(e, 0xc1);
    b1(e, 0xc0 | (unsigned)kind << 3 | (unsigned)(r & 7));
    b1(e, n);
}

static void shift_cl(struct emit *e, int size, int kind, int r)
{
    prefix(e, size, 0, -1, r);
    b1(e, 0xd3);
    b1(e, 0xc0 | (unsigned)kind << 3 | (unsigned)(r & 7));
}

static void mov_imm(struct emit *e, int r, uint64_t v)
{
    if (v <= UINT32_MAX) {              /* mov r32, imm32 zero-extends */
        prefix(e, 4, 0, -1, r);
        b1(e, 0xb8 + (unsigned)(r & 7));
        b4(e, (uint32_t)v);
    } else if (fits32((int64_t)v)) {    /* mov r64, simm32 */
        prefix(e, 8, 0, -1, r);
        b1(e, 0xc7);
        b1(e, 0xc0 | (unsigned)(r & 7));
        b4(e, (uint32_t)v);
    } else {
        prefix(e, 8, 0, -1, r);
        b1(e, 0xb8 + (unsigned)(r & 7));
        b8(e, v);
    }
}

/* r += v, for any 64-bit v (rcx is clobbered when v needs 64 bits) */
static void add_imm64(struct emit *e, int r, int64_t v)
{
    if (v == 0)
        return;
    if (fits32(v)) {
        alu_imm(e, 8, ALU_ADD, r, (int32_t)v);
    } else {
        mov_imm(e, RCX, (uint64_t)v);
        op_reg(e, 8, 0x01, RCX, r);
    }
}

static void setcc_zx(struct emit *e, int cc, int r)
{
    op_reg(e, 4, 0x0f90 + (unsigned)cc, 0, r);  /* setcc r8 */
    op_reg(e, 4, 0x0fb6, r, r);                 /* movzx r32, r8 */
}

static void call_abs(struct emit *e, uintptr_t fn)
{
    mov_imm(e, RAX, fn);
    b1(e, 0xff);
    b1(e, 0xd0);        /* call rax */
}

/* Jumps with a 32-bit displacement; they return where to patch it. */
static uint8_t *jcc(struct emit *e, int cc)
{
    b1(e, 0x0f);
    b1(e, 0x80 + (unsigned)cc);
    b4(e, 0);
    return e->p - 4;
}
static uint8_t *jmp(struct emit *e)
{
    b1(e, 0xe9);
    b4(e, 0);
    return e->p - 4;
}
static void patch(struct emit *e, uint8_t *at, const uint8_t *target)
{
    if (e->overflow)
        return;
    int32_t rel = (int32_t)(target - (at + 4));
    for (int i = 0; i < 4; i++)
        at[i] = (uint8_t)((uint32_t)rel >> (8 * i));
}
static void jmp_to(struct emit *e, const uint8_t *target) { patch(e, jmp(e), target); }

static void emit_lookup_code(struct emit *e, const uint8_t *exit);

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
    bool exit_after;
    const uint8_t *resume;  /* where the fast path goes on */
    int reload_slot;        /* cache slot holding the instruction's rd, or -1 */
    unsigned reload_rd;
    int8_t freload[16];     /* xmm n -> the f register it holds at resume, or -1 */
};

/* The register cache.  Within a block, guest x registers are cached in
 * host registers, write-through: every result is also stored to struct
 * hart, so exits, helpers and traps find the state there and only the
 * cache has to be forgotten.  r13-r15 and rbp survive calls; r8-r11 are
 * saved around out-of-line slow paths and forgotten after inline calls. */
#define NCACHE 8
#define FIRST_CALLER_SAVED 4
static const int cache_regs[NCACHE] = { R13, R14, R15, RBP, R8, R9, R10, R11 };

/* Which guest register each host register of a set holds, slots
 * first..limit-1 (write-through caches, see above). */
struct regcache {
    int8_t slot_of[32];     /* guest register -> slot, or -1 */
    int8_t guest_in[16];    /* slot -> guest register, or -1 */
    unsigned last_use[16], clock;
    unsigned pinned;        /* slots the current instruction reads */
    int first, limit;
};

struct ctx {
    struct emit e;
    struct jit *j;
    struct block *b;
    unsigned i;             /* the instruction being translated */
    bool rvc;               /* C enabled: no jump target can be misaligned */
    struct stub stubs[2 * BLOCK_MAX_INSNS];
    unsigned nstubs;
    struct regcache x;      /* x registers in cache_regs[slot] */
    struct regcache f;      /* f registers in xmm[slot] */
    /* FP facts established earlier in the block.  Nothing inside a block
     * can undo them: only CSR writes and traps clear FS or NX or change
     * frm, and both end the block. */
    bool fs_on, frm_rne, nx_set, fs_dirty;
};

/* A source operand: a host register (reg >= 0) or memory. */
struct opnd {
    int reg;
    struct mem m;
};

static void op_o(struct emit *e, int size, unsigned opc, int reg, struct opnd o)
{
    if (o.reg >= 0)
        op_reg(e, size, opc, reg, o.reg);
    else
        op_mem(e, size, opc, reg, o.m);
}

static void rc_init(struct regcache *rc, int first, int limit)
{
    memset(rc->slot_of, -1, sizeof rc->slot_of);
    memset(rc->guest_in, -1, sizeof rc->guest_in);
    rc->first = first;
    rc->limit = limit;
}

static void rc_forget(struct regcache *rc, unsigned g)
{
    int s = rc->slot_of[g];
    if (s >= 0) {
        rc->guest_in[s] = -1;
        rc->slot_of[g] = -1;
    }
}

/* Forgets what slots from..limit-1 hold (a call clobbered them). */
static void rc_forget_from(struct regcache *rc, int from)
{
    for (int s = from; s < rc->limit; s++)
        if (rc->guest_in[s] >= 0)
            rc_forget(rc, (unsigned)rc->guest_in[s]);
}

/* A free slot, else the least recently used one not read by the current
 * instruction. */
static int rc_alloc(struct regcache *rc)
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
    rc_forget(rc, (unsigned)rc->guest_in[best]);
    return best;
}

static void rc_bind(struct regcache *rc, int s, unsigned g)
{
    rc->slot_of[g] = (int8_t)s;
    rc->guest_in[s] = (int8_t)g;
    rc->last_use[s] = ++rc->clock;
}

static void rc_use(struct regcache *rc, int s)
{
    rc->pinned |= 1u << s;
    rc->last_use[s] = ++rc->clock;
}

/* Guest register g as a source, loaded into the cache if need be.
 * Generators fetch all their sources before their first slow-path check,
 * so the stub path and the fast path agree on what the cache holds. */
static struct opnd xs(struct ctx *c, unsigned g)
{
    if (g == 0)
        return (struct opnd){ -1, XREG(0) };   /* always zero in memory */
    int s = c->x.slot_of[g];
    if (s < 0) {
        s = rc_alloc(&c->x);
        load64(&c->e, cache_regs[s], XREG(g));
        rc_bind(&c->x, s, g);
    }
    rc_use(&c->x, s);
    return (struct opnd){ cache_regs[s], { 0, 0, 0, 0 } };
}

/* The host register that is to hold guest rd (nonzero), bound to it now:
 * the caller computes into it, then stores it (put_x).  Sources already
 * fetched stay valid: they are pinned, or they are rd itself. */
static int dst_reg(struct ctx *c, unsigned rd)
{
    int s = c->x.slot_of[rd];
    if (s < 0)
        s = rc_alloc(&c->x);
    rc_bind(&c->x, s, rd);
    return cache_regs[s];
}

static void put_x(struct ctx *c, unsigned rd, int r)
{
    store64(&c->e, XREG(rd), r);
}

/* Guest rd = host register r: stored, and cached. */
static void xd(struct ctx *c, unsigned rd, int r)
{
    if (!rd)
        return;
    put_x(c, rd, r);
    mov_rr(&c->e, dst_reg(c, rd), r);
}

/* The register rd's result is computed in: its cache register when the
 * sources allow (b, the second operand, must not be it unless a is too),
 * else rax.  Finish with put_result. */
static int result_reg(struct ctx *c, unsigned rd, struct opnd a, struct opnd b)
{
    if (!rd)
        return RAX;
    int s = c->x.slot_of[rd];
    if (s >= 0 && b.reg == cache_regs[s] && a.reg != b.reg)
        return RAX;
    return dst_reg(c, rd);
}

static void put_result(struct ctx *c, unsigned rd, int r)
{
    if (r == RAX)
        xd(c, rd, RAX);
    else
        put_x(c, rd, r);
}

/* SSE instructions: mandatory prefix, [REX], 0F op, ModRM (xmm registers
 * are numbered like the general ones). */
static void sse_mem(struct emit *e, unsigned pfx, unsigned op, int xmm, struct mem m)
{
    b1(e, pfx);
    prefix(e, 4, xmm, m.index, m.base);
    opcode(e, 0x0f00 | op);
    modrm_mem(e, xmm, m);
}
/* movd/movq r, xmm (66 [REX.W] 0F 7E) */
static void mov_from_xmm(struct emit *e, int size, int r, int xmm)
{
    b1(e, 0x66);
    op_reg(e, size, 0x0f7e, xmm, r);
}

/* The FP register cache: f registers in xmm2-xmm15, write-through like
 * the integer one.  Every xmm register is caller-saved, so calls forget
 * the cache and the out-of-line slow paths reload it after theirs. */
#define FIRST_FXMM 2

/* SSE register-register form: pfx [REX] 0F op /r */
static void sse_reg(struct emit *e, unsigned pfx, unsigned op, int reg, int rm)
{
    b1(e, pfx);
    prefix(e, 4, reg, -1, rm);
    opcode(e, 0x0f00 | op);
    b1(e, 0xc0 | (unsigned)(reg & 7) << 3 | (unsigned)(rm & 7));
}

/* The xmm register holding f register g, loaded if need be (all 64 bits,
 * NaN-boxing included).  Fetched before any resumable slow-path check. */
static int fsrc(struct ctx *c, unsigned g)
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
static void put_f_rax(struct ctx *c, unsigned rd, bool single)
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

/* Calls the executor for instruction i; eax = exec_jit_helper's result. */
static void call_helper(struct ctx *c, unsigned i)
{
    struct emit *e = &c->e;
    mov_rr(e, RDI, RBX);
    mov_imm(e, RSI, (uintptr_t)&c->b->insns[i]);
    mov_rr(e, RDX, R12);
    mov_imm(e, RCX, i);
    call_abs(e, (uintptr_t)&exec_jit_helper);
}

static void exit_with(struct ctx *c, int code)
{
    mov_imm(&c->e, RAX, (uint64_t)code);
    jmp_to(&c->e, c->j->exit);
}

/* An instruction the generator leaves to the executor. */
static void gen_helper(struct ctx *c, const struct insn *ins)
{
    struct emit *e = &c->e;
    call_helper(c, c->i);
    if (op_ends_block((enum op)ins->op)) {
        alu_imm(e, 4, ALU_CMP, RAX, 2);
        uint8_t *go_on = jcc(e, CC_E);
        exit_with(c, JIT_EXIT);
        patch(e, go_on, e->p);
        load64(e, RAX, HART(pc));
        jmp_to(e, c->j->lookup);
        return;
    }
    rc_forget_from(&c->x, FIRST_CALLER_SAVED);
    rc_forget(&c->x, ins->rd);     /* the handler may have written it */
    rc_forget_from(&c->f, 0);
    op_reg(e, 4, 0x85, RAX, RAX);       /* test eax, eax */
    uint8_t *go_on = jcc(e, CC_E);
    exit_with(c, JIT_EXIT);
    patch(e, go_on, e->p);
}

static void add_stub(struct ctx *c, uint8_t *from, bool exit_after)
{
    struct stub *s = NULL;
    for (unsigned k = c->nstubs; k-- > 0 && c->stubs[k].index == c->i;)
        if (c->stubs[k].exit_after == exit_after)
            s = &c->stubs[k];
    if (!s) {
        s = &c->stubs[c->nstubs++];
        *s = (struct stub){ .index = c->i, .exit_after = exit_after, .reload_slot = -1 };
    }
    if (s->nfrom == STUB_FROM_MAX)
        abort();    /* a generator with more checks than STUB_FROM_MAX */
    s->from[s->nfrom++] = from;
}

static void slow_path(struct ctx *c, uint8_t *from) { add_stub(c, from, false); }
static void slow_exit(struct ctx *c, uint8_t *from) { add_stub(c, from, true); }

/* Marks where the current instruction's resuming stubs rejoin; rd is the
 * integer register it wrote on the fast path (0: none), which the stub
 * reloads into its cache register. */
static void resume_here(struct ctx *c, unsigned rd)
{
    for (unsigned k = 0; k < c->nstubs; k++) {
        struct stub *s = &c->stubs[k];
        if (s->index != c->i || s->exit_after || s->resume)
            continue;
        s->resume = c->e.p;
        memcpy(s->freload, c->f.guest_in, sizeof s->freload);
        if (rd && c->x.slot_of[rd] >= 0) {
            s->reload_slot = c->x.slot_of[rd];
            s->reload_rd = rd;
        }
    }
}

static void push_pop_caller_saved(struct emit *e, bool push)
{
    for (int k = 0; k < NCACHE - FIRST_CALLER_SAVED; k++) {
        int r = cache_regs[push ? FIRST_CALLER_SAVED + k : NCACHE - 1 - k];
        b1(e, 0x41);                                    /* r8-r11 */
        b1(e, (push ? 0x50 : 0x58) + (unsigned)(r & 7));
    }
}

static void emit_stubs(struct ctx *c)
{
    struct emit *e = &c->e;
    _Static_assert((NCACHE - FIRST_CALLER_SAVED) % 2 == 0, "pushes keep rsp 16-byte aligned");
    for (unsigned k = 0; k < c->nstubs; k++) {
        const struct stub *s = &c->stubs[k];
        for (unsigned f = 0; f < s->nfrom; f++)
            patch(e, s->from[f], e->p);
        push_pop_caller_saved(e, true);
        call_helper(c, s->index);
        push_pop_caller_saved(e, false);
        op_reg(e, 4, 0x85, RAX, RAX);
        uint8_t *done = jcc(e, CC_E);
        exit_with(c, JIT_EXIT);
        patch(e, done, e->p);
        if (s->exit_after) {
            /* pc is past the instruction; retire it and those before */
            alu_mem_imm(e, 8, ALU_ADD, HART(instret), (int32_t)s->index + 1);
            exit_with(c, JIT_EXIT);
            continue;
        }
        if (s->reload_slot >= 0)
            load64(e, cache_regs[s->reload_slot], XREG(s->reload_rd));
        for (int x = FIRST_FXMM; x < 16; x++) {         /* the call took them */
            if (s->freload[x] < 0)
                continue;
            sse_mem(e, 0xf3, 0x7e, x, FREG((unsigned)s->freload[x]));   /* movq */
        }
        jmp_to(e, s->resume);
    }
}

/* Each generator gets the instruction and its table argument. */
typedef void gen_fn(struct ctx *c, const struct insn *ins, int arg);

#define W32 0x100   /* table argument flag: the 32-bit W form */

static bool commutative(int alu)
{
    return alu == ALU_ADD || alu == ALU_AND || alu == ALU_OR || alu == ALU_XOR;
}

/* r = a op b for a two-operand x86 opcode (op r, r/m), r being
 * result_reg's choice; W forms sign-extend the 32-bit result. */
static void two_operand(struct ctx *c, int size, unsigned opc, int r,
                        struct opnd a, struct opnd b)
{
    if (a.reg != r)
        op_o(&c->e, size, 0x8b, r, a);
    op_o(&c->e, size, opc, r, b);
    if (size == 4)
        movsxd(&c->e, r, r);
}

/* rd = rs1 op rs2 for a two-operand x86 opcode.  When rd is rs2 and the
 * op commutes, the operands swap so it computes into rd's register in
 * place. */
static void binary_op(struct ctx *c, const struct insn *ins, int size, unsigned opc,
                      bool commutes)
{
    struct opnd a = xs(c, ins->rs1), b = xs(c, ins->rs2);
    int s = c->x.slot_of[ins->rd];
    if (commutes && s >= 0 && b.reg == cache_regs[s]) {
        struct opnd t = a;
        a = b;
        b = t;
    }
    int r = result_reg(c, ins->rd, a, b);
    two_operand(c, size, opc, r, a, b);
    put_result(c, ins->rd, r);
}

/* arg = ALU op | W32 */
static void gen_alu(struct ctx *c, const struct insn *ins, int arg)
{
    int alu = arg & 0xff;
    binary_op(c, ins, arg & W32 ? 4 : 8, (unsigned)alu * 8 + 3, commutative(alu));
}

static void gen_alu_imm(struct ctx *c, const struct insn *ins, int arg)
{
    int size = arg & W32 ? 4 : 8;
    if (ins->rs1 == 0 && arg == ALU_ADD) {             /* li */
        int r = ins->rd ? dst_reg(c, ins->rd) : RAX;
        mov_imm(&c->e, r, (uint64_t)ins->imm);
        put_result(c, ins->rd, r);
        return;
    }
    struct opnd a = xs(c, ins->rs1);
    int r = result_reg(c, ins->rd, a, (struct opnd){ -1, XREG(0) });
    if (a.reg != r)
        op_o(&c->e, size, 0x8b, r, a);
    if (ins->imm || (arg & 0xff) == ALU_AND)  /* x op 0 is x, except for and */
        alu_imm(&c->e, size, arg & 0xff, r, (int32_t)ins->imm);
    if (size == 4)
        movsxd(&c->e, r, r);
    put_result(c, ins->rd, r);
}

static void gen_shift_imm(struct ctx *c, const struct insn *ins, int arg)
{
    int size = arg & W32 ? 4 : 8;
    struct opnd a = xs(c, ins->rs1);
    int r = result_reg(c, ins->rd, a, (struct opnd){ -1, XREG(0) });
    if (a.reg != r)
        op_o(&c->e, size, 0x8b, r, a);
    shift_imm(&c->e, size, arg & 0xff, r, (unsigned)ins->imm);
    if (size == 4)
        movsxd(&c->e, r, r);
    put_result(c, ins->rd, r);
}

/* x86 masks the count to 6 (5 for 32-bit) bits, as RISC-V does. */
static void gen_shift(struct ctx *c, const struct insn *ins, int arg)
{
    int size = arg & W32 ? 4 : 8;
    struct opnd a = xs(c, ins->rs1), b = xs(c, ins->rs2);
    op_o(&c->e, 4, 0x8b, RCX, b);
    int r = result_reg(c, ins->rd, a, (struct opnd){ -1, XREG(0) });
    if (a.reg != r)
        op_o(&c->e, size, 0x8b, r, a);
    shift_cl(&c->e, size, arg & 0xff, r);
    if (size == 4)
        movsxd(&c->e, r, r);
    put_result(c, ins->rd, r);
}

/* slt/sltu; arg = condition code */
static void gen_set(struct ctx *c, const struct insn *ins, int arg)
{
    struct opnd a = xs(c, ins->rs1), b = xs(c, ins->rs2);
    op_o(&c->e, 8, 0x8b, RAX, a);
    op_o(&c->e, 8, ALU_CMP * 8 + 3, RAX, b);
    setcc_zx(&c->e, arg, RAX);
    xd(c, ins->rd, RAX);
}

/* slti/sltiu: the immediate is sign-extended, then compared as signed or
 * unsigned, exactly as x86's cmp with a sign-extended imm32 does. */
static void gen_set_imm(struct ctx *c, const struct insn *ins, int arg)
{
    op_o(&c->e, 8, 0x8b, RAX, xs(c, ins->rs1));
    alu_imm(&c->e, 8, ALU_CMP, RAX, (int32_t)ins->imm);
    setcc_zx(&c->e, arg, RAX);
    xd(c, ins->rd, RAX);
}

static void gen_lui(struct ctx *c, const struct insn *ins, int arg)
{
    if (!ins->rd)
        return;
    int r = dst_reg(c, ins->rd);
    mov_imm(&c->e, r, (uint64_t)ins->imm);
    put_x(c, ins->rd, r);
}

static void gen_auipc(struct ctx *c, const struct insn *ins, int arg)
{
    if (!ins->rd)
        return;
    int r = dst_reg(c, ins->rd);
    mov_rr(&c->e, r, R12);
    add_imm64(&c->e, r, ins->off + ins->imm);
    put_x(c, ins->rd, r);
}

/* mul/mulw: imul r, r/m (0F AF) */
static void gen_mul(struct ctx *c, const struct insn *ins, int arg)
{
    binary_op(c, ins, arg & W32 ? 4 : 8, 0x0faf, true);
}

/* mulh/mulhu: one-operand imul/mul leave the high half in rdx;
 * arg = the ModRM extension (5 imul, 4 mul) */
static void gen_mulh(struct ctx *c, const struct insn *ins, int arg)
{
    struct opnd a = xs(c, ins->rs1), b = xs(c, ins->rs2);
    op_o(&c->e, 8, 0x8b, RAX, a);
    op_o(&c->e, 8, 0xf7, arg, b);
    xd(c, ins->rd, RDX);
}

/* The arithmetic x86 has no exact single instruction for: a call to the
 * same function the executor uses. */
static uint64_t h_mulhsu(uint64_t a, uint64_t b) { return mulhsu64(a, b); }
static uint64_t h_div(uint64_t a, uint64_t b) { return div64(a, b); }
static uint64_t h_divu(uint64_t a, uint64_t b) { return divu64(a, b); }
static uint64_t h_rem(uint64_t a, uint64_t b) { return rem64(a, b); }
static uint64_t h_remu(uint64_t a, uint64_t b) { return remu64(a, b); }
static uint64_t h_divw(uint64_t a, uint64_t b) { return divw(a, b); }
static uint64_t h_divuw(uint64_t a, uint64_t b) { return divuw(a, b); }
static uint64_t h_remw(uint64_t a, uint64_t b) { return remw(a, b); }
static uint64_t h_remuw(uint64_t a, uint64_t b) { return remuw(a, b); }

static uint64_t (*const pure_fns[])(uint64_t, uint64_t) = {
    h_mulhsu, h_div, h_divu, h_rem, h_remu, h_divw, h_divuw, h_remw, h_remuw,
};

static void gen_pure(struct ctx *c, const struct insn *ins, int arg)
{
    struct opnd a = xs(c, ins->rs1), b = xs(c, ins->rs2);
    op_o(&c->e, 8, 0x8b, RDI, a);
    op_o(&c->e, 8, 0x8b, RSI, b);
    call_abs(&c->e, (uintptr_t)pure_fns[arg]);
    rc_forget_from(&c->x, FIRST_CALLER_SAVED);
    rc_forget_from(&c->f, 0);
    xd(c, ins->rd, RAX);
}

/* FP instructions need mstatus.FS on (else the handler raises
 * illegal-instruction); checked once per block. */
static void fs_guard(struct ctx *c)
{
    if (c->fs_on)
        return;
    op_mem(&c->e, 8, 0xf7, 0, HART(mstatus));          /* test [mstatus], FS */
    b4(&c->e, (uint32_t)MSTATUS_FS);
    slow_exit(c, jcc(&c->e, CC_E));
    c->fs_on = true;
}

/* An f register was written: FS becomes dirty (once per block). */
static void fs_dirty(struct ctx *c)
{
    if (c->fs_dirty)
        return;
    alu_mem_imm(&c->e, 8, ALU_OR, HART(mstatus), (int32_t)MSTATUS_FS);
    c->fs_dirty = true;
}

/* The TLB fast path: rsi = the host address of the size-byte access at
 * base + imm, or a jump to the slow path (a miss, or an access that
 * crosses into the next page, whose tag cannot match). */
static void tlb_lookup(struct ctx *c, struct opnd base, int64_t imm, unsigned size,
                       enum mmu_access acc)
{
    struct emit *e = &c->e;
    _Static_assert(sizeof(struct tlb_entry) == 24, "tlb_lookup scales by 3 * 8");
    op_o(e, 8, 0x8b, RSI, base);
    if (imm)
        alu_imm(e, 8, ALU_ADD, RSI, (int32_t)imm);
    load64(e, RAX, M(RBX, (int32_t)(offsetof(struct hart, mmu) +
                                    offsetof(struct mmu, tlb) + acc * sizeof(void *))));
    mov_rr(e, RDX, RSI);
    shift_imm(e, 8, SH_SHR, RDX, PAGE_SHIFT);
    alu_imm(e, 4, ALU_AND, RDX, TLB_SIZE - 1);
    lea(e, RDX, MX(RDX, RDX, 2, 0));
    lea(e, RCX, M(RSI, (int32_t)size - 1));
    alu_imm(e, 8, ALU_AND, RCX, (int32_t)PAGE_MASK);
    alu_mem(e, 8, ALU_CMP, RCX, MX(RAX, RDX, 8, offsetof(struct tlb_entry, vtag)));
    slow_path(c, jcc(e, CC_NE));
    alu_mem(e, 8, ALU_ADD, RSI, MX(RAX, RDX, 8, offsetof(struct tlb_entry, addend)));
}

#define LD_SX 0x10  /* table argument flags for loads and stores */
#define LD_FP 0x20

/* Loads: arg = size | LD_SX sign-extend | LD_FP to an f register */
static void gen_load(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    unsigned size = arg & 0xf;
    bool sx = arg & LD_SX, fp = arg & LD_FP;
    struct opnd base = xs(c, ins->rs1);
    if (fp)
        fs_guard(c);
    tlb_lookup(c, base, ins->imm, size, ACC_LOAD);
    static const unsigned zx_op[9] = { [1] = 0x0fb6, [2] = 0x0fb7, [4] = 0x8b, [8] = 0x8b };
    static const unsigned sx_op[9] = { [1] = 0x0fbe, [2] = 0x0fbf, [4] = 0x63, [8] = 0x8b };
    int r = !fp && ins->rd ? dst_reg(c, ins->rd) : RAX;
    op_mem(e, sx || size == 8 ? 8 : 4, sx ? sx_op[size] : zx_op[size], r, M(RSI, 0));
    if (!fp) {
        if (ins->rd)
            put_x(c, ins->rd, r);
        resume_here(c, ins->rd);
        return;
    }
    put_f_rax(c, ins->rd, size == 4);
    fs_dirty(c);
    resume_here(c, 0);
}

/* Stores: arg = size | LD_FP from an f register.  Code pages never have
 * store-TLB entries, so a store that would drop translated code always
 * takes the slow path. */
static void gen_store(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    unsigned size = arg & 0xf;
    bool fp = arg & LD_FP;
    struct opnd base = xs(c, ins->rs1);
    struct opnd val = fp ? (struct opnd){ -1, FREG(ins->rs2) } : xs(c, ins->rs2);
    if (fp)
        fs_guard(c);
    tlb_lookup(c, base, ins->imm, size, ACC_STORE);
    op_o(e, 8, 0x8b, RAX, val);
    static const unsigned st_op[9] = { [1] = 0x88, [2] = 0x89, [4] = 0x89, [8] = 0x89 };
    op_mem(e, (int)size, st_op[size], RAX, M(RSI, 0));
    resume_here(c, 0);
}

/* ---- block ends ---- */

static void retire_block(struct ctx *c, unsigned n)
{
    alu_mem_imm(&c->e, 8, ALU_ADD, HART(instret), (int32_t)n);
}

/* Leaves the block for bpc + target.  A target on the same page goes on
 * through a direct jump to the successor's code, which jit_run patches in
 * once it has found and compiled the block in slot; until then, and
 * whenever the budget is spent or an interrupt or stop is pending, jit_run
 * is told which slot to fill.  Patching is safe because chains stay within
 * a page: dropping a page drops the jumping block with its target, and a
 * dropped block is never entered again.  Other targets go through the
 * lookup. */
static void chain_exit(struct ctx *c, int slot, int64_t target)
{
    struct emit *e = &c->e;
    int64_t in_page = (int64_t)(c->b->pa & (PAGE_SIZE - 1)) + target;
    if (in_page < 0 || in_page >= (int64_t)PAGE_SIZE) {
        mov_rr(e, RAX, R12);
        add_imm64(e, RAX, target);
        jmp_to(e, c->j->lookup);
        return;
    }
    add_imm64(e, R12, target);                          /* the successor's bpc */
    /* (a pending interrupt or stop spends the budget: hart_kick) */
    load64(e, RAX, HART(instret));
    alu_mem(e, 8, ALU_CMP, RAX, HART(jit_limit));
    uint8_t *spent = jcc(e, CC_AE);
    uint8_t *link = jmp(e);
    c->b->jit_link[slot] = link;
    patch(e, link, e->p);                               /* not linked yet */
    patch(e, spent, e->p);
    store64(e, HART(pc), R12);
    mov_imm(e, RAX, (uintptr_t)c->b);
    store64(e, HART(jit_block), RAX);
    exit_with(c, slot);
}

/* A jump whose target could be misaligned (C off, odd multiple of 2) is
 * left to the handler, which traps. */
static bool target_may_trap(const struct ctx *c, int64_t imm)
{
    return !c->rvc && (imm & 2);
}

static void gen_branch(struct ctx *c, const struct insn *ins, int cc)
{
    struct emit *e = &c->e;
    if (target_may_trap(c, ins->imm)) {
        gen_helper(c, ins);
        return;
    }
    struct opnd a = xs(c, ins->rs1), b = xs(c, ins->rs2);
    retire_block(c, c->i + 1);
    op_o(e, 8, 0x8b, RAX, a);
    op_o(e, 8, ALU_CMP * 8 + 3, RAX, b);
    uint8_t *taken = jcc(e, cc);
    chain_exit(c, 0, ins->off + ins->len);
    patch(e, taken, e->p);
    chain_exit(c, 1, ins->off + ins->imm);
}

static void gen_jal(struct ctx *c, const struct insn *ins, int arg)
{
    if (target_may_trap(c, ins->imm)) {
        gen_helper(c, ins);
        return;
    }
    if (ins->rd) {
        mov_rr(&c->e, RAX, R12);
        add_imm64(&c->e, RAX, ins->off + ins->len);
        store64(&c->e, XREG(ins->rd), RAX);
    }
    retire_block(c, c->i + 1);
    chain_exit(c, 1, ins->off + ins->imm);
}

static void gen_jalr(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    op_o(e, 8, 0x8b, RAX, xs(c, ins->rs1));
    if (ins->imm)
        alu_imm(e, 8, ALU_ADD, RAX, (int32_t)ins->imm);
    alu_imm(e, 8, ALU_AND, RAX, -2);
    if (!c->rvc) {
        op_reg(e, 4, 0xf7, 0, RAX);             /* test eax, 2 */
        b4(e, 2);
        slow_path(c, jcc(e, CC_NE));
    }
    if (ins->rd) {
        mov_rr(e, RCX, R12);
        add_imm64(e, RCX, ins->off + ins->len);
        store64(e, XREG(ins->rd), RCX);
    }
    retire_block(c, c->i + 1);
    emit_lookup_code(e, c->j->exit);
    resume_here(c, 0);  /* (the stub never resumes: the handler traps) */
}

/* ---- floating point ---- */

/* Slow path unless the exponent of the value in r (the format's shift
 * and mask) lies in [lo, hi).  Clobbers rcx. */
static void check_exp(struct ctx *c, int r, unsigned shift, unsigned mask,
                      unsigned lo, unsigned hi)
{
    struct emit *e = &c->e;
    mov_rr(e, RCX, r);
    shift_imm(e, 8, SH_SHR, RCX, shift);
    alu_imm(e, 4, ALU_AND, RCX, (int32_t)mask);
    alu_imm(e, 4, ALU_SUB, RCX, (int32_t)lo);
    alu_imm(e, 4, ALU_CMP, RCX, (int32_t)(hi - lo));
    slow_path(c, jcc(e, CC_AE));
}

/* The block-wide facts the FP fast path needs: FS on, the rounding mode
 * RNE, NX already set (so an inexact result changes no flag). */
static void fop_guard(struct ctx *c, const struct insn *ins)
{
    struct emit *e = &c->e;
    fs_guard(c);
    if (ins->rm == FRM_DYN && !c->frm_rne) {
        op_mem(e, 4, 0x83, ALU_CMP, HART(frm));
        b1(e, FRM_RNE);
        slow_exit(c, jcc(e, CC_NE));
        c->frm_rne = true;
    }
    if (!c->nx_set) {
        op_mem(e, 4, 0xf7, 0, HART(fflags));            /* test [fflags], NX */
        b4(e, FFLAG_NX);
        slow_exit(c, jcc(e, CC_E));
        c->nx_set = true;
    }
}

/* Round-to-nearest add/sub/mul/div/sqrt on the host's SSE unit under exactly
 * the conditions of the executor's inline fast path (fpu.h): FS on, RNE,
 * NX already set, a result inside the normal range, so the result and
 * flags are what the soft-float gives.  Anything else runs the handler.
 * arg = the SSE opcode | F_DBL | F_UNARY (sqrt: xmm0 = op [rs1]). */
#define F_DBL 0x100
#define F_UNARY 0x200
static void gen_fop(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    bool dbl = arg & F_DBL;
    if (!FPU_INLINE_FAST || fpu_backend_current != FPU_HOST ||
        (ins->rm != FRM_RNE && ins->rm != FRM_DYN)) {
        gen_helper(c, ins);
        return;
    }
    fop_guard(c, ins);
    bool unary = arg & F_UNARY;
    int xa = fsrc(c, ins->rs1), xb = unary ? xa : fsrc(c, ins->rs2);
    unsigned pfx = dbl ? 0xf2 : 0xf3;                   /* ..sd / ..ss */
    if (!dbl) {
        /* single operands must be NaN-boxed (else they read as NaN) */
        const unsigned srcs[2] = { ins->rs1, ins->rs2 };
        for (int k = 0; k < (unary ? 1 : 2); k++) {
            load64(e, RCX, FREG(srcs[k]));
            shift_imm(e, 8, SH_SHR, RCX, 32);
            alu_imm(e, 4, ALU_CMP, RCX, -1);
            slow_path(c, jcc(e, CC_NE));
        }
    }
    if (unary) {
        sse_reg(e, pfx, (unsigned)arg & 0xff, 0, xa);  /* sqrt xmm0, xa */
    } else {
        sse_reg(e, 0x66, 0x28, 0, xa);                  /* movapd xmm0, xa */
        sse_reg(e, pfx, (unsigned)arg & 0xff, 0, xb);  /* op xmm0, xb */
    }
    if (dbl) {
        mov_from_xmm(e, 8, RAX, 0);
        check_exp(c, RAX, 52, 0x7ff, F64_FAST_OUT_LO, F64_FAST_OUT_HI);
        store64(e, FREG(ins->rd), RAX);
        /* the cached copy comes straight from xmm0: no trip through rax on
         * the dependency chain */
        int x = c->f.slot_of[ins->rd];
        if (x < 0)
            x = rc_alloc(&c->f);
        rc_bind(&c->f, x, ins->rd);
        sse_reg(e, 0x66, 0x28, x, 0);                   /* movapd x, xmm0 */
    } else {
        mov_from_xmm(e, 4, RAX, 0);
        check_exp(c, RAX, 23, 0xff, F32_FAST_OUT_LO, F32_FAST_OUT_HI);
        put_f_rax(c, ins->rd, true);
    }
    fs_dirty(c);
    resume_here(c, 0);
}

/* fsgnj.d/fsgnjn.d/fsgnjx.d (fmv.d, fneg.d, fabs.d): arg = 0, 1, 2 */
static void gen_fsgnj_d(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    fs_guard(c);
    load64(e, RAX, FREG(ins->rs1));
    load64(e, RCX, FREG(ins->rs2));
    mov_imm(e, RDX, 1ull << 63);
    if (arg == 1)
        op_reg(e, 8, 0xf7, 2, RCX);                     /* not rcx */
    op_reg(e, 8, 0x21, RDX, RCX);                       /* rcx &= sign */
    if (arg != 2) {
        op_reg(e, 8, 0xf7, 2, RDX);                     /* not rdx */
        op_reg(e, 8, 0x21, RDX, RAX);                   /* rax &= ~sign */
        op_reg(e, 8, 0x09, RCX, RAX);                   /* rax |= rcx */
    } else {
        op_reg(e, 8, 0x31, RCX, RAX);                   /* rax ^= rcx */
    }
    put_f_rax(c, ins->rd, false);
    fs_dirty(c);
}

static void gen_fmv_x_d(struct ctx *c, const struct insn *ins, int arg)
{
    fs_guard(c);
    load64(&c->e, RAX, FREG(ins->rs1));
    xd(c, ins->rd, RAX);
}

static void gen_fmv_d_x(struct ctx *c, const struct insn *ins, int arg)
{
    struct opnd a = xs(c, ins->rs1);
    fs_guard(c);
    op_o(&c->e, 8, 0x8b, RAX, a);
    put_f_rax(c, ins->rd, false);
    fs_dirty(c);
}

static void gen_nop(struct ctx *c, const struct insn *ins, int arg) {}

/* What the generator translates itself; a NULL entry goes to the
 * executor. */
static const struct { gen_fn *fn; int arg; } gens[OP_COUNT] = {
    [OP_nop] = { gen_nop, 0 }, [OP_fence] = { gen_nop, 0 },
    [OP_lui] = { gen_lui, 0 }, [OP_auipc] = { gen_auipc, 0 },
    [OP_jal] = { gen_jal, 0 }, [OP_jalr] = { gen_jalr, 0 },
    [OP_beq] = { gen_branch, CC_E }, [OP_bne] = { gen_branch, CC_NE },
    [OP_blt] = { gen_branch, CC_L }, [OP_bge] = { gen_branch, CC_GE },
    [OP_bltu] = { gen_branch, CC_B }, [OP_bgeu] = { gen_branch, CC_AE },
    [OP_lb] = { gen_load, 1 | LD_SX }, [OP_lh] = { gen_load, 2 | LD_SX },
    [OP_lw] = { gen_load, 4 | LD_SX }, [OP_ld] = { gen_load, 8 },
    [OP_lbu] = { gen_load, 1 }, [OP_lhu] = { gen_load, 2 }, [OP_lwu] = { gen_load, 4 },
    [OP_flw] = { gen_load, 4 | LD_FP }, [OP_fld] = { gen_load, 8 | LD_FP },
    [OP_sb] = { gen_store, 1 }, [OP_sh] = { gen_store, 2 },
    [OP_sw] = { gen_store, 4 }, [OP_sd] = { gen_store, 8 },
    [OP_fsw] = { gen_store, 4 | LD_FP }, [OP_fsd] = { gen_store, 8 | LD_FP },
    [OP_addi] = { gen_alu_imm, ALU_ADD }, [OP_xori] = { gen_alu_imm, ALU_XOR },
    [OP_ori] = { gen_alu_imm, ALU_OR }, [OP_andi] = { gen_alu_imm, ALU_AND },
    [OP_addiw] = { gen_alu_imm, ALU_ADD | W32 },
    [OP_slti] = { gen_set_imm, CC_L }, [OP_sltiu] = { gen_set_imm, CC_B },
    [OP_slli] = { gen_shift_imm, SH_SHL }, [OP_srli] = { gen_shift_imm, SH_SHR },
    [OP_srai] = { gen_shift_imm, SH_SAR }, [OP_slliw] = { gen_shift_imm, SH_SHL | W32 },
    [OP_srliw] = { gen_shift_imm, SH_SHR | W32 }, [OP_sraiw] = { gen_shift_imm, SH_SAR | W32 },
    [OP_add] = { gen_alu, ALU_ADD }, [OP_sub] = { gen_alu, ALU_SUB },
    [OP_xor] = { gen_alu, ALU_XOR }, [OP_or] = { gen_alu, ALU_OR },
    [OP_and] = { gen_alu, ALU_AND }, [OP_addw] = { gen_alu, ALU_ADD | W32 },
    [OP_subw] = { gen_alu, ALU_SUB | W32 },
    [OP_slt] = { gen_set, CC_L }, [OP_sltu] = { gen_set, CC_B },
    [OP_sll] = { gen_shift, SH_SHL }, [OP_srl] = { gen_shift, SH_SHR },
    [OP_sra] = { gen_shift, SH_SAR }, [OP_sllw] = { gen_shift, SH_SHL | W32 },
    [OP_srlw] = { gen_shift, SH_SHR | W32 }, [OP_sraw] = { gen_shift, SH_SAR | W32 },
    [OP_mul] = { gen_mul, 0 }, [OP_mulw] = { gen_mul, W32 },
    [OP_mulh] = { gen_mulh, 5 }, [OP_mulhu] = { gen_mulh, 4 },
    [OP_mulhsu] = { gen_pure, 0 }, [OP_div] = { gen_pure, 1 }, [OP_divu] = { gen_pure, 2 },
    [OP_rem] = { gen_pure, 3 }, [OP_remu] = { gen_pure, 4 }, [OP_divw] = { gen_pure, 5 },
    [OP_divuw] = { gen_pure, 6 }, [OP_remw] = { gen_pure, 7 }, [OP_remuw] = { gen_pure, 8 },
    [OP_fadd_d] = { gen_fop, 0x58 | F_DBL }, [OP_fsub_d] = { gen_fop, 0x5c | F_DBL },
    [OP_fmul_d] = { gen_fop, 0x59 | F_DBL }, [OP_fdiv_d] = { gen_fop, 0x5e | F_DBL },
    [OP_fadd_s] = { gen_fop, 0x58 }, [OP_fsub_s] = { gen_fop, 0x5c },
    [OP_fmul_s] = { gen_fop, 0x59 }, [OP_fdiv_s] = { gen_fop, 0x5e },
    [OP_fsqrt_d] = { gen_fop, 0x51 | F_DBL | F_UNARY }, [OP_fsqrt_s] = { gen_fop, 0x51 | F_UNARY },
    [OP_fsgnj_d] = { gen_fsgnj_d, 0 }, [OP_fsgnjn_d] = { gen_fsgnj_d, 1 },
    [OP_fsgnjx_d] = { gen_fsgnj_d, 2 },
    [OP_fmv_x_d] = { gen_fmv_x_d, 0 }, [OP_fmv_d_x] = { gen_fmv_d_x, 0 },
};

static bool compile(struct jit *j, struct block *b, bool rvc)
{
    if (j->used + BLOCK_CODE_MAX > CODE_SIZE)
        return false;
    static struct ctx c;        /* big; translation never nests */
    memset(&c, 0, sizeof c);
    rc_init(&c.x, 0, NCACHE);
    rc_init(&c.f, FIRST_FXMM, 16);
    c.e = (struct emit){ j->mem + j->used, j->mem + j->used + BLOCK_CODE_MAX, false };
    c.j = j;
    c.b = b;
    c.rvc = rvc;
    uint8_t *start = c.e.p;
    for (c.i = 0; c.i < b->n; c.i++) {
        const struct insn *ins = &b->insns[c.i];
        c.x.pinned = 0;
        c.f.pinned = 0;
        if (gens[ins->op].fn)
            gens[ins->op].fn(&c, ins, gens[ins->op].arg);
        else
            gen_helper(&c, ins);
    }
    if (!op_ends_block((enum op)b->insns[b->n - 1].op)) {
        /* fell off the end: the length cap or the page end */
        retire_block(&c, b->n);
        chain_exit(&c, 0, b->insns[b->n].off);
    }
    emit_stubs(&c);
    if (c.e.overflow)
        return false;
    j->used = ((size_t)(c.e.p - j->mem) + 15) & ~(size_t)15;
    b->jit_code = start;
    if (j->perf_map)
        fprintf(j->perf_map, "%" PRIxPTR " %zx guest_pa_%" PRIx64 "\n", (uintptr_t)start,
                (size_t)(c.e.p - start), b->pa);
    return true;
}

/* ---- the arena and the way in and out ---- */

/* The lookup: continues at the virtual address in rax with the block
 * found as block_lookup_fast finds it (fetch TLB, then the hart's jump
 * cache, whose entries hold the host code and never outlive their block),
 * if it is compiled and the budget lasts; otherwise back to jit_run with
 * JIT_LOOKUP.  Emitted once as a shared stub, and inline at every jalr so
 * that each has its own indirect jump for the host to predict. */
static void emit_lookup_code(struct emit *e, const uint8_t *exit)
{
    _Static_assert(sizeof(struct tlb_entry) == 24, "scaled by 3 * 8");
    _Static_assert(sizeof(struct jcache_entry) == 24, "scaled by 3 * 8");
    uint8_t *out[5];
    store64(e, HART(pc), RAX);
    load64(e, RCX, HART(instret));
    alu_mem(e, 8, ALU_CMP, RCX, HART(jit_limit));      /* (see hart_kick) */
    out[0] = jcc(e, CC_AE);
    /* fetch TLB: a 2-byte fetch at rax (the tag of rax + 1 must match) */
    mov_rr(e, RDX, RAX);
    shift_imm(e, 8, SH_SHR, RDX, PAGE_SHIFT);
    alu_imm(e, 4, ALU_AND, RDX, TLB_SIZE - 1);
    lea(e, RDX, MX(RDX, RDX, 2, 0));
    load64(e, RCX, M(RBX, (int32_t)(offsetof(struct hart, mmu) + offsetof(struct mmu, tlb) +
                                    ACC_FETCH * sizeof(void *))));
    lea(e, RDI, M(RAX, 1));
    alu_imm(e, 8, ALU_AND, RDI, (int32_t)PAGE_MASK);
    alu_mem(e, 8, ALU_CMP, RDI, MX(RCX, RDX, 8, offsetof(struct tlb_entry, vtag)));
    out[1] = jcc(e, CC_NE);
    load64(e, RSI, MX(RCX, RDX, 8, offsetof(struct tlb_entry, addend)));
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
    mov_rr(e, R12, RAX);
    b1(e, 0xff);
    b1(e, 0xe2);                                        /* jmp rdx */
    for (int k = 0; k < 5; k++)
        patch(e, out[k], e->p);
    mov_imm(e, RAX, JIT_LOOKUP);
    jmp_to(e, exit);
}

static void emit_lookup(struct jit *j, struct emit *e)
{
    j->lookup = e->p;
    emit_lookup_code(e, j->exit);
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
    j->mem = m;
    emit_enter_exit(j);
    if (getenv("RVX_PERF_MAP")) {
        /* perf's convention for JIT symbols: /tmp/perf-PID.map */
        char path[64];
        snprintf(path, sizeof path, "/tmp/perf-%ld.map", (long)getpid());
        j->perf_map = fopen(path, "w");
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
    if (j)
        j->used = j->stubs_end;
}

/* Points the jump at rel32 (a chain exit's link) at target. */
static void link_jump(uint8_t *rel32, const void *target)
{
    struct emit e = { rel32, rel32 + 4, false };
    patch(&e, rel32, target);
}

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
    if (nb && nb->valid)
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

void jit_run(struct hart *h, struct block *b, uint64_t limit)
{
    struct block_cache *bc = h->bc;
    struct jit *j = bc->jit;
    bool rvc = (h->misa & MISA_EXT('C')) != 0;
    struct block *from = NULL;  /* the block whose slot r led to b */
    int r = 0;
    /* the generated code tests only the budget: a pending interrupt or
     * stop spends it (hart_kick) */
    h->jit_limit = h->irq_check || h->stop_request ? 0 : limit;
    for (;;) {
        if (!b->jit_code) {
            if (!compile(j, b, rvc)) {
                /* Code space full.  Nothing is running: start afresh
                 * (hart_run retranslates the block at h->pc). */
                block_cache_flush(bc);
                return;
            }
            block_set_code(bc, b, b->jit_code);
        }
        if (from && from->valid && from->succ[r] == b && from->jit_link[r])
            link_jump(from->jit_link[r], b->jit_code);
        r = j->enter(h, h->pc, b->jit_code);
        if (r == JIT_EXIT || h->instret >= limit || h->stop_request)
            return;
        if (h->irq_check) {
            /* a block boundary: what hart_run would do first */
            h->irq_check = false;
            if (trap_check_interrupts(h)) {
                h->wfi = false;
                r = JIT_LOOKUP;         /* now at the handler */
            }
        }
        h->jit_limit = h->irq_check || h->stop_request ? 0 : limit;
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
void jit_run(struct hart *h, struct block *b, uint64_t limit)
{
    (void)h; (void)b; (void)limit;
    abort();    /* hart_run only calls it when jit_new succeeded */
}

#endif
