/* The JIT's translation of one block into x86-64 code: a generator per
 * instruction, chosen by the gens[] table built from the jit column of
 * cpu/insns.def (HELPER calls the executor's handler), the block's exits
 * and chaining, and the slow-path stubs emitted after the block's
 * straight-line code.  jit.c says what the generated code may assume and
 * jit_regcache.c where operands live. */
#include "jit_internal.h"

#if RVX_HAVE_JIT && defined(__x86_64__)   /* (arm64: jit_gen_a64.c) */

#include <stdlib.h>
#include <string.h>

#include "arith.h"

/* ---- calls into the executor, and the slow-path stubs ---- */

/* r = the block's virtual pc.  A block is entered with it in r12, where
 * it stays, except in a loop block: keeping a loop's registers in host
 * registers round it pays for an eleventh one (callgrind: hash -6%,
 * sha256 -2%), so a loop block puts its pc in hart.jit_bpc at its start
 * and caches a guest register in r12.  (Everywhere, as first built, it
 * made every chained exit an add to memory, each waiting on the last
 * one's store: kernel code, in short blocks, ran slower.) */
static void bpc_to(struct ctx *c, int r)
{
    if (c->p.loop)
        load64(&c->e, r, HART(jit_bpc));
    else
        mov_rr(&c->e, r, R12);
}

/* Calls the executor for instruction i; eax = exec_jit_helper's result. */
static void call_helper(struct ctx *c, unsigned i, unsigned before)
{
    struct emit *e = &c->e;
    mov_rr(e, RDI, RBX);
    mov_imm(e, RSI, (uintptr_t)&c->b->insns[i]);
    bpc_to(c, RDX);
    mov_imm(e, RCX, before + i);        /* (the instructions before it) */
    call_abs(e, (uintptr_t)&exec_jit_helper);
}

static void exit_with(struct ctx *c, int code)
{
    mov_imm(&c->e, RAX, (uint64_t)code);
    jmp_to(&c->e, c->j->exit);
}

/* An instruction the generator leaves to the executor, which finds the
 * guest state in struct hart: the dirty registers are spilled first (its
 * trap, if it takes one, sees exactly the state before the instruction),
 * and what the call clobbered or the handler may have written is
 * forgotten after. */
static void gen_helper(struct ctx *c, const struct insn *ins)
{
    struct emit *e = &c->e;
    x_spill_all(c);
    call_helper(c, c->i, c->before);
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
    for (unsigned k = c->nstubs;
         k-- > 0 && c->stubs[k].index == c->i && c->stubs[k].before == c->before;)
        if (c->stubs[k].exit_after == exit_after)
            s = &c->stubs[k];
    /* what the stub spills: the registers dirty at this branch, the same
     * at every branch to one stub (generators fetch their sources first) */
    int8_t spill[16];
    memset(spill, -1, sizeof spill);
    for (int k = 0; k < NCACHE; k++)
        if (c->x.dirty & (1u << k))
            spill[k] = c->x.guest_in[k];
    if (!s) {
        if (c->nstubs == sizeof c->stubs / sizeof c->stubs[0])
            abort();    /* (at most two per instruction) */
        s = &c->stubs[c->nstubs++];
        *s = (struct stub){ .index = c->i, .before = c->before, .exit_after = exit_after,
                            .reload_slot = -1,
                            .lazy = c->x.lazy, .pair_slot = -1 };
        memcpy(s->spill, spill, sizeof spill);
    } else if (memcmp(s->spill, spill, sizeof spill) != 0 || s->lazy != c->x.lazy) {
        abort();    /* a generator changed the cache between two checks */
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
        if (s->index != c->i || s->before != c->before || s->exit_after || s->resume)
            continue;
        s->resume = c->e.p;
        memcpy(s->freload, c->f.guest_in, sizeof s->freload);
        if (s->pair_arg)
            s->pair_slot = c->x.slot_of[PAIR_REG];
        if (rd && c->x.slot_of[rd] >= 0) {
            s->reload_slot = c->x.slot_of[rd];
            s->reload_rd = rd;
        }
    }
}

/* Saves or restores the caller-saved cache registers around a call,
 * keeping rsp 16-byte aligned for it. */
static void push_pop_caller_saved(struct emit *e, bool push)
{
    const int n = NCACHE - FIRST_CALLER_SAVED;
    if (push && n % 2)
        alu_imm(e, 8, ALU_SUB, RSP, 8);
    for (int k = 0; k < n; k++) {
        int r = cache_regs[push ? FIRST_CALLER_SAVED + k : NCACHE - 1 - k];
        if (r & 8)
            b1(e, 0x41);                                /* REX.B: r8-r15 */
        b1(e, (push ? 0x50 : 0x58) + (unsigned)(r & 7));
    }
    if (!push && n % 2)
        alu_imm(e, 8, ALU_ADD, RSP, 8);
}

/* A slow path at instruction i inside a planned rotate (a load between
 * its shifts and its or: PLAN_ROT_LOADS) stores the values of the shifts
 * before i, which the fast path never computes, to struct hart, from
 * their source there (spilled, and unchanged since the shifts). */
static void skipped_shifts(struct ctx *c, unsigned i)
{
    struct emit *e = &c->e;
    for (unsigned d = 0; d < i; d++) {
        if (c->p.rot_role[d] != ROT_SKIP || c->p.rot_or[d] < i)
            continue;
        const struct insn *sh = &c->b->insns[d];
        bool w = sh->op == OP_slliw || sh->op == OP_srliw;
        bool left = sh->op == OP_slli || sh->op == OP_slliw;
        load64(e, RAX, XREG(sh->rs1));
        shift_imm(e, w ? 4 : 8, left ? SH_SHL : SH_SHR, RAX, (unsigned)sh->imm);
        if (w)
            movsxd(e, RAX, RAX);
        store64(e, XREG(sh->rd), RAX);
    }
}

static void load_op(struct emit *e, int arg, int r, struct mem at);

/* PAIR_REG = what makes the paired store take its slow path: 0, or
 * PAGE_SIZE - 1 for a store above the load (jit_internal.h) */
static void pair_missed(struct emit *e, const struct stub *s)
{
    mov_imm(e, cache_regs[s->pair_slot], s->pair_above ? PAGE_SIZE - 1 : 0);
}

/* A paired load's stub (PAIR_REG, jit_internal.h), entered on a miss in
 * the store TLB with rax the access's tag, rcx its address and rdx the
 * store TLB's entry: tries the load TLB's entry for the address, and on
 * a hit loads rd from it and goes on with PAIR_REG 0 (so the store takes
 * its own slow path); a miss there goes on to the executor.  Returns
 * that branch. */
static uint8_t *pair_second_chance(struct ctx *c, const struct stub *s)
{
    struct emit *e = &c->e;
    const int32_t tlb = (int32_t)(offsetof(struct hart, mmu) + offsetof(struct mmu, tlb));
    alu_mem(e, 8, ALU_SUB, RDX, M(RBX, tlb + ACC_STORE * (int32_t)sizeof(void *)));
    alu_mem(e, 8, ALU_ADD, RDX, M(RBX, tlb + ACC_LOAD * (int32_t)sizeof(void *)));
    alu_mem(e, 8, ALU_CMP, RAX, M(RDX, offsetof(struct tlb_entry, vtag)));
    uint8_t *miss = jcc(e, CC_NE);
    alu_mem(e, 8, ALU_ADD, RCX, M(RDX, offsetof(struct tlb_entry, addend)));
    load_op(e, s->pair_arg, s->reload_slot >= 0 ? cache_regs[s->reload_slot] : RAX, M(RCX, 0));
    pair_missed(e, s);
    jmp_to(e, s->resume);
    return miss;
}

static void emit_stubs(struct ctx *c)
{
    struct emit *e = &c->e;
    for (unsigned k = 0; k < c->nstubs; k++) {
        const struct stub *s = &c->stubs[k];
        for (unsigned f = 0; f < s->nfrom; f++)
            patch(e, s->from[f], e->p);
        if (s->pair_arg) {
            uint8_t *miss = pair_second_chance(c, s);
            patch(e, miss, e->p);
        }
        /* the handler reads, and a trap leaves, the state in struct hart */
        for (int k = 0; k < NCACHE; k++) {
            if (s->spill[k] < 0)
                continue;
            if (s->lazy & (1u << k))    /* (its value either way, as the path goes on) */
                movsxd(e, cache_regs[k], cache_regs[k]);
            store64(e, XREG((unsigned)s->spill[k]), cache_regs[k]);
        }
        skipped_shifts(c, s->index);
        push_pop_caller_saved(e, true);
        call_helper(c, s->index, s->before);
        push_pop_caller_saved(e, false);
        op_reg(e, 4, 0x85, RAX, RAX);
        uint8_t *done = jcc(e, CC_E);
        exit_with(c, JIT_EXIT);
        patch(e, done, e->p);
        if (s->exit_after) {
            /* pc is past the instruction; retire it and those before */
            alu_mem_imm(e, 8, ALU_ADD, HART(instret), (int32_t)(s->before + s->index + 1));
            exit_with(c, JIT_EXIT);
            continue;
        }
        if (s->reload_slot >= 0)
            load64(e, cache_regs[s->reload_slot], XREG(s->reload_rd));
        if (s->pair_slot >= 0)
            pair_missed(e, s);
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
 * result_reg's choice. */
static void two_operand(struct ctx *c, int size, unsigned opc, int r,
                        struct opnd a, struct opnd b)
{
    if (a.reg != r)
        op_o(&c->e, size, 0x8b, r, a);
    op_o(&c->e, size, opc, r, b);
}

/* Whether a bitwise op of rs1 and rs2 may leave its result lazy
 * (jit_internal.h): both are lazy W values, so the result is its low 32
 * bits sign-extended too. */
static bool lazy_pair(const struct ctx *c, const struct insn *ins)
{
    return x_lazy(c, ins->rs1) && x_lazy(c, ins->rs2);
}

/* rd = rs1 op rs2 for a two-operand x86 opcode; a W form's result (or,
 * with lazy, a bitwise op's of two lazy values) is left lazy, its
 * sources read as 32 bits.  When rd is rs2 and the op commutes, the
 * operands swap so it computes into rd's register in place. */
static void binary_op(struct ctx *c, const struct insn *ins, int size, unsigned opc,
                      bool commutes, bool lazy)
{
    lazy |= size == 4;
    struct opnd a = lazy ? xs32(c, ins->rs1) : xs(c, ins->rs1);
    struct opnd b = lazy ? xs32(c, ins->rs2) : xs(c, ins->rs2);
    int s = c->x.slot_of[ins->rd];
    if (commutes && s >= 0 && b.reg == cache_regs[s]) {
        struct opnd t = a;
        a = b;
        b = t;
    }
    int r = result_reg(c, ins->rd, a, b);
    if (opc == ALU_ADD * 8 + 3 && !lazy && a.reg >= 0 && b.reg >= 0 && r != a.reg &&
        r != b.reg && ((a.reg & 7) != RBP || (b.reg & 7) != RBP)) {
        bool swap = (a.reg & 7) == RBP;             /* (rbp, r13: no base) */
        lea_bi(&c->e, r, swap ? b.reg : a.reg, swap ? a.reg : b.reg);  /* three operands */
    } else
        two_operand(c, size, opc, r, a, b);
    if (lazy)
        put_result_lazy(c, ins->rd, r);
    else
        put_result(c, ins->rd, r);
}

/* rd = guest g: one move into rd's register (c.mv is add rd, x0, rs2; mv
 * is addi rd, rs, 0); a lazy value stays lazy. */
static void move_to(struct ctx *c, unsigned rd, unsigned g)
{
    bool lazy = x_lazy(c, g);
    struct opnd a = lazy ? xs32(c, g) : xs(c, g);
    int r = result_reg(c, rd, a, (struct opnd){ -1, XREG(0) });
    if (a.reg != r)
        op_o(&c->e, 8, 0x8b, r, a);
    if (lazy)
        put_result_lazy(c, rd, r);
    else
        put_result(c, rd, r);
}

/* arg = ALU op | W32 */
static void gen_alu(struct ctx *c, const struct insn *ins, int arg)
{
    int alu = arg & 0xff;
    bool identity = alu == ALU_ADD || alu == ALU_OR || alu == ALU_XOR;
    if (!(arg & W32) && ins->rs2 == 0 && (identity || alu == ALU_SUB)) {
        move_to(c, ins->rd, ins->rs1);                  /* x op 0 = x */
        return;
    }
    if (!(arg & W32) && ins->rs1 == 0 && identity) {
        move_to(c, ins->rd, ins->rs2);                  /* 0 op x = x */
        return;
    }
    bool bitwise = alu == ALU_AND || alu == ALU_OR || alu == ALU_XOR;
    binary_op(c, ins, arg & W32 ? 4 : 8, (unsigned)alu * 8 + 3, commutative(alu),
              bitwise && lazy_pair(c, ins));
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
    /* W forms read 32 bits; a bitwise op with an immediate (sign-extended
     * from 12 bits) or a move of a lazy value gives a lazy value */
    int alu = arg & 0xff;
    bool lazy = size == 4 || (x_lazy(c, ins->rs1) && (alu == ALU_AND || alu == ALU_OR ||
                                                      alu == ALU_XOR || !ins->imm));
    struct opnd a = lazy ? xs32(c, ins->rs1) : xs(c, ins->rs1);
    int r = result_reg(c, ins->rd, a, (struct opnd){ -1, XREG(0) });
    if (size == 4 && !ins->imm && arg == (ALU_ADD | W32)) {     /* sext.w */
        op_o(&c->e, 8, 0x63, r, a);                     /* movsxd r, r/m32 */
        put_result(c, ins->rd, r);
        return;
    }
    if (arg == ALU_ADD && !lazy && a.reg >= 0 && a.reg != r && ins->imm) {
        lea(&c->e, r, M(a.reg, (int32_t)ins->imm));  /* (no move: three operands) */
        put_result(c, ins->rd, r);
        return;
    }
    if (a.reg != r)
        op_o(&c->e, size, 0x8b, r, a);
    if (ins->imm || alu == ALU_AND)     /* x op 0 is x, except for and */
        alu_imm(&c->e, size, alu, r, (int32_t)ins->imm);
    if (lazy)
        put_result_lazy(c, ins->rd, r);
    else
        put_result(c, ins->rd, r);
}

static void gen_shift_imm(struct ctx *c, const struct insn *ins, int arg)
{
    int size = arg & W32 ? 4 : 8;
    struct opnd a = size == 4 ? xs32(c, ins->rs1) : xs(c, ins->rs1);
    int r = result_reg(c, ins->rd, a, (struct opnd){ -1, XREG(0) });
    if (a.reg != r)
        op_o(&c->e, size, 0x8b, r, a);
    shift_imm(&c->e, size, arg & 0xff, r, (unsigned)ins->imm);
    if (size == 4)
        put_result_lazy(c, ins->rd, r);
    else
        put_result(c, ins->rd, r);
}

/* x86 masks the count to 6 (5 for 32-bit) bits, as RISC-V does. */
static void gen_shift(struct ctx *c, const struct insn *ins, int arg)
{
    int size = arg & W32 ? 4 : 8;
    struct opnd a = size == 4 ? xs32(c, ins->rs1) : xs(c, ins->rs1);
    struct opnd b = xs32(c, ins->rs2);                  /* (the count's bits) */
    op_o(&c->e, 4, 0x8b, RCX, b);
    int r = result_reg(c, ins->rd, a, (struct opnd){ -1, XREG(0) });
    if (a.reg != r)
        op_o(&c->e, size, 0x8b, r, a);
    shift_cl(&c->e, size, arg & 0xff, r);
    if (size == 4)
        put_result_lazy(c, ins->rd, r);
    else
        put_result(c, ins->rd, r);
}

/* rd = the flags' cc: when rd is not an operand, zeroed before the
 * compare (an xor, which the host renames away) and set in place; else
 * set in al and zero-extended into rd's register. */
static int set_dst(struct ctx *c, const struct insn *ins, bool imm)
{
    if (!ins->rd || ins->rd == ins->rs1 || (!imm && ins->rd == ins->rs2))
        return RAX;
    int d = dst_reg(c, ins->rd);
    op_reg(&c->e, 4, 0x31, d, d);                       /* xor d, d */
    return d;
}

static void set_put(struct ctx *c, const struct insn *ins, int cc, int d)
{
    if (d != RAX) {
        setcc8(&c->e, cc, d);
        put_x(c, ins->rd, d);
        return;
    }
    setcc8(&c->e, cc, RAX);
    if (ins->rd) {
        int r = dst_reg(c, ins->rd);
        op_reg(&c->e, 4, 0x0fb6, r, RAX);               /* movzx r32, al */
        put_x(c, ins->rd, r);
    }
}

/* slt/sltu; arg = condition code */
static void gen_set(struct ctx *c, const struct insn *ins, int arg)
{
    struct opnd a = xs(c, ins->rs1), b = xs(c, ins->rs2);
    int d = set_dst(c, ins, false);
    if (a.reg < 0) {
        op_o(&c->e, 8, 0x8b, RAX, a);
        a.reg = RAX;
    }
    op_o(&c->e, 8, ALU_CMP * 8 + 3, a.reg, b);
    set_put(c, ins, arg, d);
}

/* slti/sltiu: the immediate is sign-extended, then compared as signed or
 * unsigned, exactly as x86's cmp with a sign-extended imm32 does. */
static void gen_set_imm(struct ctx *c, const struct insn *ins, int arg)
{
    struct opnd a = xs(c, ins->rs1);
    int d = set_dst(c, ins, true);
    if (a.reg < 0) {
        op_o(&c->e, 8, 0x8b, RAX, a);
        a.reg = RAX;
    }
    alu_imm(&c->e, 8, ALU_CMP, a.reg, (int32_t)ins->imm);
    set_put(c, ins, arg, d);
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
    bpc_to(c, r);
    add_imm64(&c->e, r, ins->off + ins->imm);
    put_x(c, ins->rd, r);
}

/* mul/mulw: imul r, r/m (0F AF) */
static void gen_mul(struct ctx *c, const struct insn *ins, int arg)
{
    binary_op(c, ins, arg & W32 ? 4 : 8, 0x0faf, true, false);
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

/* A planned multiply pair's mul (jit_plan.c): one 64x64->128 multiply,
 * rdx:rax = rs1 * rs2, whose low half is the mul's rd and high half the
 * mulh's (mul_hi). */
static void gen_mul_pair(struct ctx *c, const struct insn *ins)
{
    struct opnd a = xs(c, ins->rs1), b = xs(c, ins->rs2);
    op_o(&c->e, 8, 0x8b, RAX, a);
    op_o(&c->e, 8, 0xf7, c->p.mul_signed[c->i] ? 5 : 4, b);  /* imul / mul */
    xd(c, c->p.mul_hi[c->i], RDX);
    xd(c, ins->rd, RAX);
}

/* The arithmetic x86 has no exact single instruction for: a call to the
 * same function the executor uses. */
static uint64_t h_mulhsu(uint64_t a, uint64_t b) { return mulhsu64(a, b); }

static uint64_t (*const pure_fns[])(uint64_t, uint64_t) = {
    h_mulhsu,
};

/* div/divu/rem/remu and their W forms on the x86 divider, whose quotient
 * and remainder (truncating) are RISC-V's for every divisor except 0 and,
 * signed, -1 (INT_MIN / -1 faults on x86).  Those two take a branch to
 * the spec's results (unpriv. spec, M chapter, "Division Operations"
 * table): by 0 the quotient is all ones and the remainder the dividend;
 * by -1 the quotient is the negated dividend (INT_MIN stays INT_MIN) and
 * the remainder 0.  (Linux's boot divides by zero some 10^5 times.)
 * arg = DIV_SIGNED | DIV_REM | W32; the W forms' 32-bit results, unsigned
 * ones included, are sign-extended. */
#define DIV_SIGNED 0x10
#define DIV_REM 0x20
static void gen_div(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    int size = arg & W32 ? 4 : 8;
    bool sgn = arg & DIV_SIGNED, rem = arg & DIV_REM;
    struct opnd a = xs(c, ins->rs1), b = xs(c, ins->rs2);
    op_o(e, size, 0x8b, RCX, b);
    op_o(e, size, 0x8b, RAX, a);
    uint8_t *special;
    if (sgn) {                          /* divisor + 1 <= 1: 0 or -1 */
        lea(e, RDX, M(RCX, 1));
        alu_imm(e, size, ALU_CMP, RDX, 1);
        special = jcc(e, CC_BE);
        prefix(e, size, 0, -1, 0);
        b1(e, 0x99);                                    /* cdq / cqo */
    } else {
        op_reg(e, size, 0x85, RCX, RCX);               /* test rcx, rcx */
        special = jcc(e, CC_E);
        op_reg(e, 4, 0x31, RDX, RDX);                   /* xor edx, edx */
    }
    op_reg(e, size, 0xf7, sgn ? 7 : 6, RCX);            /* idiv / div rcx */
    uint8_t *done = jmp(e);
    patch(e, special, e->p);
    if (rem) {                          /* 0: the dividend; -1: 0 */
        op_reg(e, 4, 0x31, RDX, RDX);                   /* xor edx, edx */
        op_reg(e, size, 0x85, RCX, RCX);               /* test rcx, rcx */
        op_reg(e, size, 0x0f44, RDX, RAX);              /* cmove rdx, rax */
    } else {                            /* 0: all ones; -1: -dividend */
        op_reg(e, size, 0xf7, 3, RAX);                  /* neg rax */
        mov_imm(e, RDX, ~0ull);
        op_reg(e, size, 0x85, RCX, RCX);               /* test rcx, rcx */
        op_reg(e, size, 0x0f44, RAX, RDX);              /* cmove rax, rdx */
    }
    patch(e, done, e->p);
    int r = rem ? RDX : RAX;
    if (size == 4)
        movsxd(e, r, r);
    xd(c, ins->rd, r);
}

static void gen_pure(struct ctx *c, const struct insn *ins, int arg)
{
    struct opnd a = xs(c, ins->rs1), b = xs(c, ins->rs2);
    x_spill_from(c, FIRST_CALLER_SAVED);    /* the call clobbers r8-r11, rdi, rsi */
    if (a.reg == RSI && b.reg == RDI) {
        op_reg(&c->e, 8, 0x87, RSI, RDI);               /* xchg */
    } else if (a.reg == RSI) {
        op_o(&c->e, 8, 0x8b, RDI, a);
        op_o(&c->e, 8, 0x8b, RSI, b);
    } else {
        op_o(&c->e, 8, 0x8b, RSI, b);
        op_o(&c->e, 8, 0x8b, RDI, a);
    }
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

/* The TLB fast path (mmu_fast's): rcx = the host address of the size-byte
 * access at base + imm, or a jump to the slow path: a miss, or a
 * misaligned access, whose tag (the address's low bits kept) cannot match
 * and which the slow path performs.  The entry's byte offset is the page
 * number's low bits shifted into place: one shift and one mask.  Uses
 * rax, rcx and rdx only (rsi is a cache register). */
/* The check both make from rax = va: rdx = acc's TLB entry for va, rax
 * = va's tag for a size-byte access, and the jump to the slow path when
 * they differ. */
static void tlb_compare(struct ctx *c, unsigned size, enum mmu_access acc, bool leave)
{
    struct emit *e = &c->e;
    op_reg(e, 4, 0x89, RAX, RDX);                       /* mov edx, eax */
    shift_imm(e, 4, SH_SHR, RDX, PAGE_SHIFT - TLB_ENTRY_SHIFT);
    alu_imm(e, 4, ALU_AND, RDX, (TLB_SIZE - 1) << TLB_ENTRY_SHIFT);
    alu_mem(e, 8, ALU_ADD, RDX, M(RBX, (int32_t)(offsetof(struct hart, mmu) +
                                               offsetof(struct mmu, tlb) +
                                               acc * sizeof(void *))));   /* the entry */
    alu_imm(e, 8, ALU_AND, RAX, (int32_t)tlb_tag_mask(size));  /* (sign-extended) */
    alu_mem(e, 8, ALU_CMP, RAX, M(RDX, offsetof(struct tlb_entry, vtag)));
    add_stub(c, jcc(e, CC_NE), leave);
}

/* r = the addend of rdx's entry, which tlb_compare found.  A load takes
 * it from its guess, the addend it found last time (in the arena's data
 * end: jit_guess_new), and the guess is checked against the entry: the
 * host's branch prediction then lets the access go ahead without waiting
 * for the entry (a TLB of 16 Ki entries is rarely in the host's L1), so a
 * chain of dependent loads (a binary search, a pointer chase) no longer
 * waits for each one's entry.  A wrong guess is corrected before the
 * access, which is never made with it (the host squashes the speculative
 * one).  Within a page, and wherever the guest maps memory linearly (all
 * of M-mode, Linux's direct map), the guess holds. */
static void entry_addend(struct ctx *c, int r, enum mmu_access acc)
{
    struct emit *e = &c->e;
    const struct mem addend = M(RDX, offsetof(struct tlb_entry, addend));
    bool guess = acc == ACC_LOAD && (c->i >= c->b->n || (c->p.guess >> c->i & 1));
    uint64_t *g = guess ? jit_guess_new(c->j) : NULL;
    if (!g) {
        load64(e, r, addend);
        return;
    }
    op_rip(e, 8, 0x8b, r, g);                           /* mov r, [guess] */
    alu_mem(e, 8, ALU_CMP, r, addend);
    struct guess_fix *f = &c->fixes[c->nfixes++];      /* (one per guess) */
    *f = (struct guess_fix){ .from = jcc(e, CC_NE), .resume = e->p, .g = g, .r = r };
}

/* The wrong guesses' ways (entry_addend): off the fast path, which then
 * runs straight on. */
static void emit_guess_fixes(struct ctx *c)
{
    struct emit *e = &c->e;
    for (unsigned k = 0; k < c->nfixes; k++) {
        const struct guess_fix *f = &c->fixes[k];
        patch(e, f->from, e->p);
        load64(e, f->r, M(RDX, offsetof(struct tlb_entry, addend)));
        op_rip(e, 8, 0x89, f->r, f->g);                 /* mov [guess], r */
        jmp_to(e, f->resume);
    }
}

static void tlb_lookup_or(struct ctx *c, struct opnd base, int64_t imm, unsigned size,
                          enum mmu_access acc, bool leave)
{
    struct emit *e = &c->e;
    _Static_assert(((uint64_t)TLB_SIZE << PAGE_SHIFT) <= 1ull << 32,
                   "the index bits are in the low 32 (edx)");
    if (base.reg >= 0 && imm)
        lea(e, RCX, M(base.reg, (int32_t)imm));                 /* rcx = va */
    else if (base.reg != RCX) {
        op_o(e, 8, 0x8b, RCX, base);
        if (imm)
            alu_imm(e, 8, ALU_ADD, RCX, (int32_t)imm);
    }
    mov_rr(e, RAX, RCX);
    tlb_compare(c, size, acc, leave);
    if (acc == ACC_LOAD) {
        entry_addend(c, RAX, acc);              /* (rax's tag is done with) */
        op_reg(e, 8, ALU_ADD * 8 + 1, RAX, RCX);        /* add rcx, rax */
    } else {
        alu_mem(e, 8, ALU_ADD, RCX, M(RDX, offsetof(struct tlb_entry, addend)));
    }
}

/* ... whose slow path resumes after the instruction */
static void tlb_lookup(struct ctx *c, struct opnd base, int64_t imm, unsigned size,
                       enum mmu_access acc)
{
    tlb_lookup_or(c, base, imm, size, acc, false);
}

/* The TLB fast path of an access the slow path resumes after, returning
 * where the access is: with base in a host register, base + imm + rcx
 * (rcx = the entry's addend), which spares tlb_lookup's copy of the
 * address (the tag is made in rax from base + imm directly); else rcx,
 * the host address. */
static struct mem tlb_access(struct ctx *c, struct opnd base, int64_t imm, unsigned size,
                             enum mmu_access acc)
{
    struct emit *e = &c->e;
    if (base.reg < 0) {
        tlb_lookup(c, base, imm, size, acc);
        return M(RCX, 0);
    }
    if (imm)
        lea(e, RAX, M(base.reg, (int32_t)imm));                 /* rax = va */
    else
        mov_rr(e, RAX, base.reg);
    tlb_compare(c, size, acc, false);
    entry_addend(c, RCX, acc);
    return MX(base.reg, RCX, 1, (int32_t)imm);
}

/* A load group's leader (jit_internal.h), its host address in rcx: the
 * group's span must lie in that page (host pages are guest pages: an
 * addend is page-aligned), else the block ends after the leader; then
 * the address becomes GROUP_REG. */
static void group_lead(struct ctx *c)
{
    struct emit *e = &c->e;
    lea(e, RAX, M(RCX, c->p.group_lo[c->i]));
    lea(e, RDX, M(RCX, c->p.group_off[c->i] - 1));
    op_reg(e, 8, ALU_XOR * 8 + 1, RDX, RAX);            /* xor rax, rdx */
    op_reg(e, 8, 0xf7, 0, RAX);                         /* test rax, ~(PAGE_SIZE - 1) */
    b4(e, (uint32_t)PAGE_MASK);
    slow_exit(c, jcc(e, CC_NE));
    group_set(c, RCX);
}

#define LD_SX 0x10  /* table argument flags for loads and stores */
#define LD_FP 0x20

/* r = the load's value at host address at (arg: the load's table
 * argument, an integer load) */
static void load_op(struct emit *e, int arg, int r, struct mem at)
{
    static const unsigned zx_op[9] = { [1] = 0x0fb6, [2] = 0x0fb7, [4] = 0x8b, [8] = 0x8b };
    static const unsigned sx_op[9] = { [1] = 0x0fbe, [2] = 0x0fbf, [4] = 0x63, [8] = 0x8b };
    unsigned size = arg & 0xf;
    bool sx = arg & LD_SX;
    op_mem(e, sx || size == 8 ? 8 : 4, sx ? sx_op[size] : zx_op[size], r, at);
}

/* Whether instruction i (of the block's body, not a tail's) is a paired
 * load or store (PAIR_REG, jit_internal.h) */
static bool paired(const struct ctx *c, uint64_t set)
{
    return c->i < c->b->n && (set >> c->i & 1);
}

/* A paired load (PAIR_REG): rd's register and PAIR_REG's are chosen
 * before the check of the store TLB, so that the stub's path (the load
 * TLB, else the executor: emit_stubs) ends with the cache as the fast
 * path leaves it; then rd = the load, PAIR_REG = its host address. */
static void gen_paired_load(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    struct opnd base = xs(c, ins->rs1);
    int r = ins->rd ? dst_reg(c, ins->rd) : RAX;
    if (ins->rd)
        rc_use(&c->x, c->x.slot_of[ins->rd]);
    rc_forget(&c->x, PAIR_REG);
    int ps = x_alloc_pseudo(c);
    rc_bind(&c->x, ps, PAIR_REG);
    rc_use(&c->x, ps);
    tlb_lookup(c, base, ins->imm, arg & 0xf, ACC_STORE);
    for (unsigned k = 0; k < c->nstubs; k++)
        if (c->stubs[k].index == c->i && c->stubs[k].before == c->before) {
            c->stubs[k].pair_arg = (uint8_t)arg;
            c->stubs[k].pair_above = c->p.pair_off[c->i] > 0;
        }
    mov_rr(e, cache_regs[ps], RCX);
    load_op(e, arg, r, M(RCX, 0));
    if (ins->rd)
        put_x(c, ins->rd, r);
    resume_here(c, ins->rd);
}

/* Loads: arg = size | LD_SX sign-extend | LD_FP to an f register */
static void gen_load(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    unsigned size = arg & 0xf;
    bool fp = arg & LD_FP;
    if (paired(c, c->p.pair_loads)) {
        gen_paired_load(c, ins, arg);
        return;
    }
    int role = c->p.group_role[c->i];
    struct mem at = M(RCX, 0);
    if (role == GROUP_MEMBER) {         /* in its leader's checked span */
        at = M(group_get(c), c->p.group_off[c->i]);
        if (fp)
            fs_guard(c);
    } else if (role == GROUP_LEADER) {
        struct opnd base = xs(c, ins->rs1);
        if (fp)
            fs_guard(c);
        tlb_lookup_or(c, base, ins->imm, size, ACC_LOAD, true);
        group_lead(c);
    } else {
        struct opnd base = xs(c, ins->rs1);
        if (fp)
            fs_guard(c);
        at = tlb_access(c, base, ins->imm, size, ACC_LOAD);
    }
    int r = !fp && ins->rd ? dst_reg(c, ins->rd) : RAX;
    load_op(e, arg, r, at);
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
    /* a paired store's address: from its load's host address, or a
     * value that sends it to its slow path (pair_missed) */
    int ps = paired(c, c->p.pair_stores) ? c->x.slot_of[PAIR_REG] : -1;
    if (ps >= 0)
        rc_use(&c->x, ps);
    struct opnd base = ps < 0 ? xs(c, ins->rs1) : (struct opnd){ -1, XREG(0) };
    struct opnd val = fp ? (struct opnd){ -1, FREG(ins->rs2) } : xs(c, ins->rs2);
    if (fp)
        fs_guard(c);
    struct mem at;
    if (ps >= 0) {
        int a = cache_regs[ps], off = c->p.pair_off[c->i];
        if (off) {                      /* in the load's page? */
            lea(e, RCX, M(a, off));
            op_reg(e, 8, ALU_XOR * 8 + 1, a, RCX);      /* xor rcx, a */
            op_reg(e, 8, 0xf7, 0, RCX);                 /* test rcx, ~(PAGE_SIZE - 1) */
            b4(e, (uint32_t)PAGE_MASK);
            slow_path(c, jcc(e, CC_NE));
        } else {
            op_reg(e, 8, 0x85, a, a);                   /* test a, a */
            slow_path(c, jcc(e, CC_E));
        }
        at = M(a, off);
    } else {
        at = tlb_access(c, base, ins->imm, size, ACC_STORE);
    }
    /* from the value's cache register, unless a byte of rbp/rsi/rdi (whose
     * low bytes need a bare REX prefix the encoder does not emit) */
    int r = val.reg;
    if (r < 0 || (size == 1 && r >= 4 && r < 8)) {
        op_o(e, 8, 0x8b, RAX, val);
        r = RAX;
    }
    static const unsigned st_op[9] = { [1] = 0x88, [2] = 0x89, [4] = 0x89, [8] = 0x89 };
    op_mem(e, (int)size, st_op[size], r, at);
    resume_here(c, 0);
    if (ps >= 0)
        rc_forget(&c->x, PAIR_REG);
}

/* cbo.zero (Zicboz): where it is enabled (cbo_enabled's rule in
 * exec_slow.c: always in M, in S by menvcfg.CBZE, in U by both envcfgs)
 * and the 64-byte block hits the store TLB (plain RAM without translated
 * code, whole-page PMP grant: never crossing the page), eight zero stores.
 * Anything else goes to the handler.  Linux clears its pages this way. */
static void gen_cbo_zero(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    struct opnd base = xs(c, ins->rs1);
    op_mem(e, 4, 0x8b, RAX, HART(priv));
    alu_imm(e, 4, ALU_CMP, RAX, PRV_M);
    uint8_t *m_ok = jcc(e, CC_E);
    op_mem(e, 8, 0xf7, 0, HART(menvcfg));              /* test [menvcfg], CBZE */
    b4(e, (uint32_t)ENVCFG_CBZE);
    slow_path(c, jcc(e, CC_E));
    alu_imm(e, 4, ALU_CMP, RAX, PRV_S);
    uint8_t *s_ok = jcc(e, CC_E);
    op_mem(e, 8, 0xf7, 0, HART(senvcfg));
    b4(e, (uint32_t)ENVCFG_CBZE);
    slow_path(c, jcc(e, CC_E));
    patch(e, m_ok, e->p);
    patch(e, s_ok, e->p);
    op_o(e, 8, 0x8b, RCX, base);
    alu_imm(e, 8, ALU_AND, RCX, -(int32_t)CBO_BLOCK_SIZE);
    tlb_lookup(c, (struct opnd){ RCX, { 0, 0, 0, 0 } }, 0, CBO_BLOCK_SIZE, ACC_STORE);
    op_reg(e, 4, 0x31, RAX, RAX);                       /* xor eax, eax */
    for (int k = 0; k < CBO_BLOCK_SIZE; k += 8)
        op_mem(e, 8, 0x89, RAX, M(RCX, k));
    resume_here(c, 0);
}

/* ---- block ends ---- */

static void retire_block(struct ctx *c, unsigned n)
{
    alu_mem_imm(&c->e, 8, ALU_ADD, HART(instret), (int32_t)(c->before + n));
}

/* Returns to jit_run to fill chain slot `slot`, r12 being the
 * successor's virtual pc. */
static void exit_to_slot(struct ctx *c, int slot)
{
    struct emit *e = &c->e;
    store64(e, HART(pc), R12);
    mov_imm(e, RAX, (uintptr_t)c->b);
    store64(e, HART(jit_block), RAX);
    exit_with(c, slot);
}

/* Leaves the block for bpc + target.  A target on the same page goes on
 * through a direct jump to the successor's code, which jit_run patches in
 * once it has found and compiled the block in slot; until then, and
 * whenever the budget is spent or an interrupt or stop is pending, jit_run
 * is told which slot to fill.  Only a backward exit (forward: the target
 * lies past the exiting instruction) checks the budget, unless budgets
 * are exact (jit.h: JIT_OVERRUN_MAX bounds what a run of forward exits
 * retires).  Patching is safe because chains stay within a page: dropping
 * a page drops the jumping block with its target, and a dropped block is
 * never entered again.  Other targets go through the lookup, emitted
 * inline with a site of its own: a target on another page is then
 * usually reached through the site's prediction (jit.c), which the fetch
 * epoch guards against remaps, dropped code and arena flushes. */
static void chain_exit(struct ctx *c, int slot, int64_t target, bool forward)
{
    struct emit *e = &c->e;
    if (c->x.dirty)
        abort();    /* the caller spills before the exits it emits */
    int64_t in_page = (int64_t)(c->b->pa & (PAGE_SIZE - 1)) + target;
    if (in_page < 0 || in_page >= (int64_t)PAGE_SIZE) {
        /* the lookup inline, as at a jalr: an indirect jump of its own,
         * which the host predicts per exit (a shared one mispredicts) */
        bpc_to(c, RAX);
        add_imm64(e, RAX, target);
        emit_lookup_code(e, c->j->exit, jit_site_new(c->j));
        return;
    }
    bpc_to(c, R12);                     /* (a loop's cache is spilled: r12 is free) */
    add_imm64(e, R12, target);                          /* the successor's bpc */
    uint8_t *spent = NULL;
    if (!forward || c->j->exact) {
        /* (a pending interrupt or stop spends the budget: hart_kick) */
        load64(e, RAX, HART(instret));
        alu_mem(e, 8, ALU_CMP, RAX, HART(jit_limit));
        spent = jcc(e, CC_AE);
    }
    uint8_t *link = jmp(e);
    c->b->jit_link[slot] = link;
    patch(e, link, e->p);                               /* not linked yet */
    if (spent)
        patch(e, spent, e->p);
    exit_to_slot(c, slot);
}

/* Puts the cache into the state the loop body starts in (loop_x): the
 * moves jit_regcache.c's rc_reconcile plans; dropped[slot] names a dead
 * value left unstored (for the way out when the budget is spent), or -1. */
static void reconcile_loop(struct ctx *c, int8_t dropped[NCACHE])
{
    struct rc_move moves[3 * NCACHE];
    for (int s = 0; s < NCACHE; s++) {
        int g = c->loop_x.guest_in[s];
        if (g > 0 && g < 32 && c->x.slot_of[g] < 0)
            c->evicted |= 1u << g;
    }
    x_widen_all(c);                     /* (loop_x has none lazy) */
    unsigned n = rc_reconcile(&c->x, &c->loop_x, NCACHE, &c->p, moves, dropped);
    for (unsigned k = 0; k < n; k++) {
        int r = cache_regs[moves[k].slot];
        if (moves[k].kind == RC_STORE)
            store64(&c->e, XREG((unsigned)moves[k].arg), r);
        else if (moves[k].kind == RC_MOVE)
            mov_rr(&c->e, r, cache_regs[moves[k].arg]);
        else
            load64(&c->e, r, XREG((unsigned)moves[k].arg));
    }
    c->x = c->loop_x;
}

/* A back edge of a loop block, after n instructions of the iteration:
 * retires them and goes round again while the budget lasts, else leaves
 * through slot 1 (the block itself) with everything spilled, the values
 * the loop would have dropped as dead included. */
static void loop_back(struct ctx *c, unsigned n)
{
    struct emit *e = &c->e;
    int8_t dropped[NCACHE];
    reconcile_loop(c, dropped);
    retire_block(c, n);
    /* (a pending interrupt or stop spends the budget: hart_kick) */
    load64(e, RAX, HART(instret));
    alu_mem(e, 8, ALU_CMP, RAX, HART(jit_limit));
    patch(e, jcc(e, CC_B), c->loop_body);
    for (int s = 0; s < NCACHE; s++)
        if (dropped[s] >= 0)
            store64(e, XREG((unsigned)dropped[s]), cache_regs[s]);
    x_spill_all(c);
    c->b->jit_link[1] = NULL;           /* (never linked: it jumps to itself) */
    bpc_to(c, R12);
    exit_to_slot(c, 1);
}

/* A jump whose target could be misaligned (C off, odd multiple of 2) is
 * left to the handler, which traps. */
static bool target_may_trap(const struct ctx *c, int64_t imm)
{
    return plan_target_may_trap(&c->p, imm);
}

/* A jump back to the block's start from its last instruction, in a
 * block translated as a loop. */
static bool is_back_edge(const struct ctx *c, const struct insn *ins)
{
    return c->p.loop && c->i + 1 == c->b->n && ins->off + ins->imm == 0;
}

/* Sets the flags as a - b (a branch's rs1 against its rs2: b_zero when
 * rs2 is x0), with no copy to rax unless both are in memory.  (test a, a
 * sets ZF and SF as a - 0 does, and CF and OF to a - 0's zeros.) */
static void compare(struct emit *e, struct opnd a, struct opnd b, bool b_zero)
{
    if (a.reg >= 0 && b_zero) {
        op_reg(e, 8, 0x85, a.reg, a.reg);               /* test a, a */
    } else if (a.reg >= 0) {
        op_o(e, 8, ALU_CMP * 8 + 3, a.reg, b);          /* cmp a, b */
    } else if (b.reg >= 0) {
        op_mem(e, 8, ALU_CMP * 8 + 1, b.reg, a.m);      /* cmp [a], b */
    } else {
        op_o(e, 8, 0x8b, RAX, a);
        op_o(e, 8, ALU_CMP * 8 + 3, RAX, b);
    }
}

/* If-conversion (jit_plan.c, plan_select), after the generators' table */
static void gen_select(struct ctx *c, const struct insn *ins, int cc);
static void select_exit(struct ctx *c);

static void gen_branch(struct ctx *c, const struct insn *ins, int cc)
{
    struct emit *e = &c->e;
    if (target_may_trap(c, ins->imm)) {
        gen_helper(c, ins);
        return;
    }
    if (c->p.select && c->i == c->p.sel_branch) {
        gen_select(c, ins, cc);
        return;
    }
    struct opnd a = xs(c, ins->rs1), b = xs(c, ins->rs2);
    if (c->i + 1 < c->b->n) {           /* inside a superblock */
        compare(e, a, b, ins->rs2 == 0);
        c->sides[c->nsides++] = (struct side_exit){ jcc(e, cc), c->x, c->i + 1,
                                                    ins->off + ins->imm };
        return;
    }
    if (is_back_edge(c, ins)) {
        compare(e, a, b, ins->rs2 == 0);
        uint8_t *taken = jcc(e, cc);
        struct regcache at_branch = c->x;
        x_spill_all(c);
        retire_block(c, c->i + 1);
        if (c->p.select)
            select_exit(c);
        if (c->twice && !c->before) {
            /* out of the first copy: the second's way out (the same
             * chain slot) goes on from where the cache is all in memory */
            c->first_exit = jmp(e);
            patch(e, taken, e->p);
            c->x = at_branch;           /* on into the second copy */
            return;
        }
        if (c->first_exit)
            patch(e, c->first_exit, e->p);
        chain_exit(c, 0, ins->off + ins->len, true);
        patch(e, taken, e->p);
        c->x = at_branch;
        loop_back(c, c->i + 1);
        return;
    }
    x_spill_all(c);                     /* for both exits */
    retire_block(c, c->i + 1);
    compare(e, a, b, ins->rs2 == 0);
    uint8_t *taken = jcc(e, cc);
    chain_exit(c, 0, ins->off + ins->len, true);
    patch(e, taken, e->p);
    chain_exit(c, 1, ins->off + ins->imm, ins->imm > 0);
}

static void gen_jal(struct ctx *c, const struct insn *ins, int arg)
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
        bpc_to(c, RAX);
        add_imm64(&c->e, RAX, ins->off + ins->len);
        store64(&c->e, XREG(ins->rd), RAX);
    }
    retire_block(c, c->i + 1);
    chain_exit(c, 1, ins->off + ins->imm, ins->imm > 0);
}

static void gen_jalr(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    op_o(e, 8, 0x8b, RAX, xs(c, ins->rs1));
    if (ins->imm)
        alu_imm(e, 8, ALU_ADD, RAX, (int32_t)ins->imm);
    alu_imm(e, 8, ALU_AND, RAX, -2);
    if (!c->p.rvc) {
        op_reg(e, 4, 0xf7, 0, RAX);             /* test eax, 2 */
        b4(e, 2);
        slow_path(c, jcc(e, CC_NE));
    }
    rc_forget(&c->x, ins->rd);         /* (its old value is dead) */
    x_spill_all(c);
    if (ins->rd) {
        bpc_to(c, RCX);
        add_imm64(e, RCX, ins->off + ins->len);
        store64(e, XREG(ins->rd), RCX);
    }
    retire_block(c, c->i + 1);
    emit_lookup_code(e, c->j->exit, jit_site_new(c->j));
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

/* Slow path unless f register g holds a NaN-boxed single (bits 63:32 all
 * ones, as stored in struct hart).  Clobbers rcx. */
static void check_boxed(struct ctx *c, unsigned g)
{
    struct emit *e = &c->e;
    load64(e, RCX, FREG(g));
    shift_imm(e, 8, SH_SHR, RCX, 32);
    alu_imm(e, 4, ALU_CMP, RCX, -1);
    slow_path(c, jcc(e, CC_NE));
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

/* The fast path's result in xmm0 becomes f rd when it lies in the window
 * (F64/F32_FAST_OUT_*: normal, not the smallest binade, not infinite or
 * NaN), else the slow path runs the handler. */
static void fop_result(struct ctx *c, const struct insn *ins, bool dbl)
{
    struct emit *e = &c->e;
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
        for (int k = 0; k < (unary ? 1 : 2); k++)
            check_boxed(c, srcs[k]);
    }
    if (unary) {
        sse_reg(e, pfx, (unsigned)arg & 0xff, 0, xa);  /* sqrt xmm0, xa */
    } else {
        sse_reg(e, 0x66, 0x28, 0, xa);                  /* movapd xmm0, xa */
        sse_reg(e, pfx, (unsigned)arg & 0xff, 0, xb);  /* op xmm0, xb */
    }
    fop_result(c, ins, dbl);
}

static bool host_has_fma3(void)
{
    static int known = -1;
    if (known < 0)
        known = __builtin_cpu_supports("fma") ? 1 : 0;
    return known;
}

/* A scalar FMA3 instruction, register form, in its three-byte VEX
 * encoding (Intel SDM vol. 2, 2.3): C4, then inverted R, X, B with the
 * 0F38 map, then W (1: sd, 0: ss), the inverted second source vvvv, L = 0
 * and the 66 prefix (pp = 01), the opcode, ModRM. */
static void vex_fma(struct emit *e, bool w, unsigned opc, int reg, int src2, int rm)
{
    b1(e, 0xc4);
    b1(e, (reg & 8 ? 0 : 0x80) | 0x40 | (rm & 8 ? 0 : 0x20) | 0x02);
    b1(e, (w ? 0x80 : 0) | (~(unsigned)src2 & 15) << 3 | 0x01);
    b1(e, opc);
    b1(e, 0xc0 | (unsigned)(reg & 7) << 3 | (unsigned)(rm & 7));
}

/* The 213 forms (xmm0 = +-(xmm0 * src2) +- rm) of the four fused ops, in
 * RISC-V's terms: fmadd a*b+c, fmsub a*b-c, fnmsub -(a*b)+c (x86's
 * vfnmadd), fnmadd -(a*b)-c (x86's vfnmsub). */
#define FMA_MADD 0xa9
#define FMA_MSUB 0xab
#define FMA_NMSUB 0xad
#define FMA_NMADD 0xaf

/* fmadd/fmsub/fnmsub/fnmadd (.s, .d): arg = FMA_* | F_DBL.  One FMA3
 * instruction under gen_fop's conditions (FS on, RNE, NX already set,
 * singles NaN-boxed) and the same result window, which makes it exact:
 * the host's fused op is IEEE 754's fusedMultiplyAdd, the exact a*b+c
 * rounded once, as the spec asks (unpriv. spec, F chapter,
 * "Single-Precision Floating-Point Computational Instructions").  A
 * result in the window (biased exponent in [2, max)) is finite and
 * non-zero, so no operand was a NaN or infinite and there was no invalid
 * product or sum (those give NaN; x86 not flagging fma(inf, 0, qNaN)
 * does not matter), it did not overflow (RNE overflows to infinity), it
 * is not tiny after rounding (at least 2^(emin+1)), so no UF, and NX is
 * set already: the flags stay exactly as the soft-float would leave them.
 * Subnormal operands are exact on the host (no DAZ/FTZ, as for gen_fop).
 * Everything else, zero results with their sign rules included, goes to
 * the handler; and without FMA3 every FMA does. */
static void gen_fma(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    bool dbl = arg & F_DBL;
    if (!FPU_INLINE_FAST || fpu_backend_current != FPU_HOST || !host_has_fma3() ||
        (ins->rm != FRM_RNE && ins->rm != FRM_DYN)) {
        gen_helper(c, ins);
        return;
    }
    fop_guard(c, ins);
    int xa = fsrc(c, ins->rs1), xb = fsrc(c, ins->rs2), xc = fsrc(c, ins->rs3);
    if (!dbl) {
        check_boxed(c, ins->rs1);
        check_boxed(c, ins->rs2);
        check_boxed(c, ins->rs3);
    }
    sse_reg(e, 0x66, 0x28, 0, xa);                      /* movapd xmm0, xa */
    vex_fma(e, dbl, (unsigned)arg & 0xff, 0, xb, xc);
    fop_result(c, ins, dbl);
}

/* The sign injection itself, on rax (rs1's bits) and rcx (rs2's) of
 * `width` bytes: arg 0 takes rs2's sign, 1 its inverse, 2 the xor of both
 * signs; the result is in rax. */
static void emit_sign_inject(struct emit *e, unsigned width, int arg)
{
    mov_imm(e, RDX, width == 8 ? 1ull << 63 : 0x80000000u);
    if (arg == 1)
        op_reg(e, width, 0xf7, 2, RCX);                 /* not rcx */
    op_reg(e, width, 0x21, RDX, RCX);                   /* rcx &= sign */
    if (arg != 2) {
        op_reg(e, width, 0xf7, 2, RDX);                 /* not rdx */
        op_reg(e, width, 0x21, RDX, RAX);               /* rax &= ~sign */
        op_reg(e, width, 0x09, RCX, RAX);               /* rax |= rcx */
    } else {
        op_reg(e, width, 0x31, RCX, RAX);               /* rax ^= rcx */
    }
}

/* fsgnj.d/fsgnjn.d/fsgnjx.d (fmv.d, fneg.d, fabs.d): arg = 0, 1, 2 */
static void gen_fsgnj_d(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    fs_guard(c);
    load64(e, RAX, FREG(ins->rs1));
    load64(e, RCX, FREG(ins->rs2));
    emit_sign_inject(e, 8, arg);
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

/* fsgnj.s/fsgnjn.s/fsgnjx.s (fmv.s, fneg.s, fabs.s): arg = 0, 1, 2.  The
 * sources must be NaN-boxed: an unboxed one reads as the canonical NaN
 * (unpriv. spec, "NaN Boxing of Narrower Values"), left to the handler. */
static void gen_fsgnj_s(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    fs_guard(c);
    check_boxed(c, ins->rs1);
    check_boxed(c, ins->rs2);
    op_mem(e, 4, 0x8b, RAX, FREG(ins->rs1));           /* 32-bit: clears 63:32 */
    op_mem(e, 4, 0x8b, RCX, FREG(ins->rs2));
    emit_sign_inject(e, 4, arg);
    put_f_rax(c, ins->rd, true);
    fs_dirty(c);
    resume_here(c, 0);
}

/* fmv.x.w: rd = the low 32 bits of f rs1, sign-extended, boxed or not */
static void gen_fmv_x_w(struct ctx *c, const struct insn *ins, int arg)
{
    fs_guard(c);
    op_mem(&c->e, 8, 0x63, RAX, FREG(ins->rs1));        /* movsxd rax, [f] */
    xd(c, ins->rd, RAX);
}

/* fmv.w.x: f rd = the low 32 bits of rs1, NaN-boxed */
static void gen_fmv_w_x(struct ctx *c, const struct insn *ins, int arg)
{
    struct opnd a = xs(c, ins->rs1);
    fs_guard(c);
    op_o(&c->e, 4, 0x8b, RAX, a);
    put_f_rax(c, ins->rd, true);
    fs_dirty(c);
}

/* feq/flt/fle (.s, .d): arg = the x86 condition after ucomis[sd] rs1, rs2
 * (E, B, BE) | F_DBL.  Between two numbers the compare raises no flag and
 * ucomis answers it (ZF equal, CF below; -0 equals +0).  A NaN operand
 * (PF: unordered) and, for singles, an unboxed one go to the handler, which
 * applies the spec's flag rules: flt and fle raise NV for any NaN, feq
 * only for a signalling one (unpriv. spec, F chapter, "Floating-Point
 * Compare Instructions"). */
static void gen_fcmp(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    bool dbl = arg & F_DBL;
    fs_guard(c);
    int xa = fsrc(c, ins->rs1), xb = fsrc(c, ins->rs2);
    if (!dbl) {
        check_boxed(c, ins->rs1);
        check_boxed(c, ins->rs2);
    }
    sse_reg(e, dbl ? 0x66 : 0, 0x2e, xa, xb);           /* ucomisd / ucomiss */
    slow_path(c, jcc(e, CC_P));
    setcc_zx(e, arg & 0xff, RAX);
    xd(c, ins->rd, RAX);
    resume_here(c, ins->rd);
}

/* A dynamic rm must name a valid mode (else the handler raises
 * illegal-instruction); a block that already checked frm = RNE knows. */
static void frm_valid(struct ctx *c, const struct insn *ins)
{
    if (ins->rm != FRM_DYN || c->frm_rne)
        return;
    op_mem(&c->e, 4, 0x83, ALU_CMP, HART(frm));
    b1(&c->e, FRM_RMM);
    slow_path(c, jcc(&c->e, CC_A));
}

/* Table argument flags of the int <-> FP conversions: a 64-bit integer
 * (l, lu), an unsigned one (wu, lu); F_DBL for a double. */
#define CVT_L 0x400
#define CVT_U 0x800

/* rax = rs1 as the conversion's integer: w sign-extended, wu
 * zero-extended from 32 bits, l/lu whole. */
static void cvt_int_to_rax(struct ctx *c, struct opnd a, int arg)
{
    if (arg & CVT_L)
        op_o(&c->e, 8, 0x8b, RAX, a);
    else if (arg & CVT_U)
        op_o(&c->e, 4, 0x8b, RAX, a);
    else
        op_o(&c->e, 8, 0x63, RAX, a);                   /* movsxd */
}

/* fcvt.{s,d}.{w,wu,l,lu}: an integer of magnitude <= 2^24 (single) or
 * 2^53 (double) is representable exactly, so the conversion neither
 * rounds nor raises a flag and rm only has to be valid; every 32-bit
 * integer is a double exactly.  A larger one goes to the handler, which
 * rounds by rm and raises NX.  arg = CVT_L | CVT_U | F_DBL. */
static void gen_fcvt_f_x(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    bool dbl = arg & F_DBL;
    struct opnd a = xs(c, ins->rs1);
    fs_guard(c);
    frm_valid(c, ins);
    cvt_int_to_rax(c, a, arg);
    if (!dbl || (arg & CVT_L)) {
        int64_t lim = dbl ? 1ll << 53 : 1ll << 24;
        mov_rr(e, RCX, RAX);
        if (!(arg & CVT_U)) {                           /* -lim <= v <= lim */
            mov_imm(e, RDX, (uint64_t)lim);
            op_reg(e, 8, 0x01, RDX, RCX);               /* rcx += lim */
            op_reg(e, 8, 0x01, RDX, RDX);               /* rdx = 2 lim */
        } else {
            mov_imm(e, RDX, (uint64_t)lim);
        }
        op_reg(e, 8, 0x39, RDX, RCX);                   /* cmp rcx, rdx */
        slow_path(c, jcc(e, CC_A));
    }
    sse_reg64(e, dbl ? 0xf2 : 0xf3, 0x2a, 0, RAX);      /* cvtsi2sd/ss xmm0, rax */
    mov_from_xmm(e, dbl ? 8 : 4, RAX, 0);
    put_f_rax(c, ins->rd, !dbl);
    fs_dirty(c);
    resume_here(c, 0);
}

/* fcvt.{w,wu,l,lu}.{s,d} with rm = RTZ (static: what C's casts compile
 * to) on cvtts[sd]2si, which truncates like RTZ.  The handler takes a
 * result outside the format's range or a NaN (x86 answers those with
 * 2^63, RISC-V saturates and raises NV: unpriv. spec, F chapter,
 * "Floating-Point Conversion and Move Instructions"), and an inexact one
 * unless NX is already set (it raises NX).  Exactness is checked by
 * converting back: a value of 2^53 or more was already an integer.  Other
 * rounding modes go to the handler.  arg = CVT_L | CVT_U | F_DBL. */
static void gen_fcvt_x_f(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    bool dbl = arg & F_DBL;
    if (ins->rm != FRM_RTZ) {
        gen_helper(c, ins);
        return;
    }
    fs_guard(c);
    int xa = fsrc(c, ins->rs1);
    if (!dbl)
        check_boxed(c, ins->rs1);
    unsigned pfx = dbl ? 0xf2 : 0xf3;
    sse_reg64(e, pfx, 0x2c, RAX, xa);                   /* cvtts[sd]2si rax, xa */
    switch (arg & (CVT_L | CVT_U)) {
    case CVT_L:                                         /* not the 2^63 marker */
        mov_imm(e, RCX, 1ull << 63);
        op_reg(e, 8, 0x39, RCX, RAX);                   /* cmp rax, rcx */
        slow_path(c, jcc(e, CC_E));
        break;
    case CVT_L | CVT_U:                                 /* 0 <= v < 2^63 */
        op_reg(e, 8, 0x85, RAX, RAX);
        slow_path(c, jcc(e, 8));                        /* js */
        break;
    case CVT_U:                                         /* 0 <= v < 2^32 */
        mov_rr(e, RCX, RAX);
        shift_imm(e, 8, SH_SHR, RCX, 32);
        slow_path(c, jcc(e, CC_NE));
        break;
    default:                                            /* -2^31 <= v < 2^31 */
        movsxd(e, RCX, RAX);
        op_reg(e, 8, 0x39, RAX, RCX);                   /* cmp rcx, rax */
        slow_path(c, jcc(e, CC_NE));
        break;
    }
    if (!c->nx_set) {
        op_mem(e, 4, 0xf7, 0, HART(fflags));            /* test [fflags], NX */
        b4(e, FFLAG_NX);
        uint8_t *nx = jcc(e, CC_NE);
        sse_reg64(e, pfx, 0x2a, 0, RAX);                /* back: xmm0 = (fp) rax */
        sse_reg(e, dbl ? 0x66 : 0, 0x2e, 0, xa);        /* ucomis xmm0, xa */
        slow_path(c, jcc(e, CC_NE));
        patch(e, nx, e->p);
    }
    if (!(arg & CVT_L))
        movsxd(e, RAX, RAX);            /* the W forms' 32-bit result, sign-extended */
    xd(c, ins->rd, RAX);
    resume_here(c, ins->rd);
}

/* fmin/fmax (.s, .d): arg = the SSE opcode (5d min, 5f max) | F_DBL.
 * Between two different numbers min/max answer it, no flag raised.  NaNs
 * (one NaN gives the other operand, NV for a signalling one) and equal
 * operands (-0 is below +0 here, not for the host) go to the handler
 * (unpriv. spec, F chapter, "fmin/fmax"). */
static void gen_fminmax(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    bool dbl = arg & F_DBL;
    fs_guard(c);
    int xa = fsrc(c, ins->rs1), xb = fsrc(c, ins->rs2);
    if (!dbl) {
        check_boxed(c, ins->rs1);
        check_boxed(c, ins->rs2);
    }
    sse_reg(e, dbl ? 0x66 : 0, 0x2e, xa, xb);           /* ucomis xa, xb */
    slow_path(c, jcc(e, CC_P));
    slow_path(c, jcc(e, CC_E));
    sse_reg(e, 0x66, 0x28, 0, xa);                      /* movapd xmm0, xa */
    sse_reg(e, dbl ? 0xf2 : 0xf3, (unsigned)arg & 0xff, 0, xb);
    mov_from_xmm(e, dbl ? 8 : 4, RAX, 0);
    put_f_rax(c, ins->rd, !dbl);
    fs_dirty(c);
    resume_here(c, 0);
}

/* fcvt.d.s: widening is exact for every number, subnormals included (the
 * host runs without DAZ); a NaN (canonicalised, NV for a signalling one),
 * an unboxed source or an invalid dynamic rm goes to the handler. */
static void gen_fcvt_d_s(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    fs_guard(c);
    int xa = fsrc(c, ins->rs1);
    frm_valid(c, ins);
    check_boxed(c, ins->rs1);
    sse_reg(e, 0, 0x2e, xa, xa);                        /* ucomiss: PF for NaN */
    slow_path(c, jcc(e, CC_P));
    sse_reg(e, 0xf3, 0x5a, 0, xa);                      /* cvtss2sd xmm0, xa */
    mov_from_xmm(e, 8, RAX, 0);
    put_f_rax(c, ins->rd, false);
    fs_dirty(c);
    resume_here(c, 0);
}

/* fcvt.s.d: when the double is a single exactly (cvtsd2ss, then back, gives
 * it again) the narrowing neither rounds nor raises a flag (underflow
 * needs an inexact result), whatever rm says; a NaN, an inexact or an
 * overflowing value goes to the handler. */
static void gen_fcvt_s_d(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    fs_guard(c);
    int xa = fsrc(c, ins->rs1);
    frm_valid(c, ins);
    sse_reg(e, 0x66, 0x2e, xa, xa);                     /* ucomisd: PF for NaN */
    slow_path(c, jcc(e, CC_P));
    sse_reg(e, 0xf2, 0x5a, 0, xa);                      /* cvtsd2ss xmm0, xa */
    sse_reg(e, 0xf3, 0x5a, 1, 0);                       /* cvtss2sd xmm1, xmm0 */
    sse_reg(e, 0x66, 0x2e, 1, xa);                      /* ucomisd xmm1, xa */
    slow_path(c, jcc(e, CC_NE));
    mov_from_xmm(e, 4, RAX, 0);
    put_f_rax(c, ins->rd, true);
    fs_dirty(c);
    resume_here(c, 0);
}

/* ---- Zba, Zbb, Zbs, Zicond: computed in rax, then rd = rax ---- */

/* x86 opcodes these use (Intel SDM vol. 2): two-byte 0F forms, ModRM
 * reg = destination unless noted. */
#define OPC_BSF 0x0fbc
#define OPC_BSR 0x0fbd
#define OPC_CMOV 0x0f40                 /* + condition code */
#define OPC_MOVSX_B 0x0fbe
#define OPC_MOVSX_W 0x0fbf
#define OPC_MOVZX_W 0x0fb7
#define OPC_POPCNT 0x0fb8               /* after an F3 prefix */
#define OPC_BT_IMM 0x0fba               /* /5 bts, /6 btr, /7 btc, ib */
#define BT_S 5
#define BT_R 6
#define BT_C 7
#define ZB_UW 0x200   /* table argument flag: the .uw form (rs1 zero-extended) */

/* rax = rs1, zero-extended from 32 bits for the .uw forms (a 32-bit mov
 * clears bits 63:32). */
static void rs1_to_rax(struct ctx *c, const struct insn *ins, bool uw)
{
    op_o(&c->e, uw ? 4 : 8, 0x8b, RAX, xs(c, ins->rs1));
}

/* sh1add..sh3add(.uw): rd = rs2 + (rs1 << k); arg = k | ZB_UW */
static void gen_shadd(struct ctx *c, const struct insn *ins, int arg)
{
    struct opnd b = xs(c, ins->rs2);
    rs1_to_rax(c, ins, arg & ZB_UW);
    op_o(&c->e, 8, 0x8b, RCX, b);
    lea(&c->e, RAX, MX(RCX, RAX, 1 << (arg & 3), 0));
    xd(c, ins->rd, RAX);
}

/* add.uw: rd = rs2 + zext32(rs1) */
static void gen_add_uw(struct ctx *c, const struct insn *ins, int arg)
{
    struct opnd b = xs(c, ins->rs2);
    rs1_to_rax(c, ins, true);
    op_o(&c->e, 8, ALU_ADD * 8 + 3, RAX, b);
    xd(c, ins->rd, RAX);
}

/* slli.uw: rd = zext32(rs1) << shamt */
static void gen_slli_uw(struct ctx *c, const struct insn *ins, int arg)
{
    rs1_to_rax(c, ins, true);
    shift_imm(&c->e, 8, SH_SHL, RAX, (unsigned)ins->imm);
    xd(c, ins->rd, RAX);
}

/* andn, orn: rd = rs1 op ~rs2; xnor: rd = ~(rs1 ^ rs2).  arg = ALU op */
static void gen_logic_not(struct ctx *c, const struct insn *ins, int arg)
{
    struct opnd a = xs(c, ins->rs1), b = xs(c, ins->rs2);
    struct emit *e = &c->e;
    if (arg == ALU_XOR) {
        op_o(e, 8, 0x8b, RAX, a);
        op_o(e, 8, ALU_XOR * 8 + 3, RAX, b);
        op_reg(e, 8, 0xf7, 2, RAX);                     /* not rax */
    } else {
        op_o(e, 8, 0x8b, RAX, b);
        op_reg(e, 8, 0xf7, 2, RAX);
        op_o(e, 8, (unsigned)arg * 8 + 3, RAX, a);
    }
    xd(c, ins->rd, RAX);
}

enum { CNT_CLZ, CNT_CTZ, CNT_POP };

static bool host_has_popcnt(void)
{
    static int known = -1;
    if (known < 0)
        known = __builtin_cpu_supports("popcnt") ? 1 : 0;
    return known;
}

/* clz/ctz/cpop(w); arg = CNT_* | W32.  bsr/bsf leave a zero source's
 * result undefined (Intel SDM), so a cmov supplies it: clz = bsr ^ (n-1)
 * with 2n-1 ^ (n-1) = n for zero; ctz = bsf, n for zero.  lzcnt/tzcnt
 * would do it in one, but decode as bsr/bsf on hosts without them.
 * popcnt needs the POPCNT feature; without it the executor's handler runs. */
static void gen_count(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    int size = arg & W32 ? 4 : 8, bits = size * 8;
    struct opnd a = xs(c, ins->rs1);
    switch (arg & 0xff) {
    case CNT_CLZ:
        op_o(e, size, OPC_BSR, RAX, a);
        mov_imm(e, RCX, (uint64_t)(2 * bits - 1));
        op_reg(e, 4, OPC_CMOV + CC_E, RAX, RCX);
        alu_imm(e, 4, ALU_XOR, RAX, bits - 1);
        break;
    case CNT_CTZ:
        op_o(e, size, OPC_BSF, RAX, a);
        mov_imm(e, RCX, (uint64_t)bits);
        op_reg(e, 4, OPC_CMOV + CC_E, RAX, RCX);
        break;
    default:
        if (!host_has_popcnt()) {
            gen_helper(c, ins);
            return;
        }
        b1(e, 0xf3);
        op_o(e, size, OPC_POPCNT, RAX, a);
        break;
    }
    xd(c, ins->rd, RAX);   /* every result fits in 7 bits: no extension */
}

/* min/max(u): rax = rs1; if (rax cc rs2) rax = rs2.  arg = the x86
 * condition under which rs2 is the answer. */
static void gen_minmax(struct ctx *c, const struct insn *ins, int arg)
{
    struct opnd a = xs(c, ins->rs1), b = xs(c, ins->rs2);
    op_o(&c->e, 8, 0x8b, RAX, a);
    op_o(&c->e, 8, ALU_CMP * 8 + 3, RAX, b);
    op_o(&c->e, 8, OPC_CMOV + (unsigned)arg, RAX, b);
    xd(c, ins->rd, RAX);
}

/* sext.b, sext.h, zext.h: arg = movsx/movzx opcode; a register operand's
 * low byte/word, or memory's first (guest registers are stored little-endian
 * on this little-endian host). */
static void gen_extend(struct ctx *c, const struct insn *ins, int arg)
{
    op_o(&c->e, arg == OPC_MOVZX_W ? 4 : 8, (unsigned)arg, RAX, xs(c, ins->rs1));
    xd(c, ins->rd, RAX);
}

/* rol/ror(w): x86 masks the count like RISC-V (6 bits, 5 for 32-bit);
 * arg = SH_ROL/SH_ROR | W32 */
static void gen_rotate(struct ctx *c, const struct insn *ins, int arg)
{
    int size = arg & W32 ? 4 : 8;
    struct opnd a = xs(c, ins->rs1), b = xs(c, ins->rs2);
    op_o(&c->e, 4, 0x8b, RCX, b);
    op_o(&c->e, size, 0x8b, RAX, a);
    shift_cl(&c->e, size, arg & 0xff, RAX);
    if (size == 4)
        movsxd(&c->e, RAX, RAX);
    xd(c, ins->rd, RAX);
}

/* rori(w): arg = W32 or 0 */
static void gen_rotate_imm(struct ctx *c, const struct insn *ins, int arg)
{
    int size = arg & W32 ? 4 : 8;
    op_o(&c->e, size, 0x8b, RAX, xs(c, ins->rs1));
    shift_imm(&c->e, size, SH_ROR, RAX, (unsigned)ins->imm);
    if (size == 4)
        movsxd(&c->e, RAX, RAX);
    xd(c, ins->rd, RAX);
}

static void gen_rev8(struct ctx *c, const struct insn *ins, int arg)
{
    op_o(&c->e, 8, 0x8b, RAX, xs(c, ins->rs1));
    prefix(&c->e, 8, 0, -1, RAX);
    opcode(&c->e, 0x0fc8);                              /* bswap rax */
    xd(c, ins->rd, RAX);
}

/* orc.b (Zbb): each byte of rs1 becomes 0xff if it is nonzero, else 0.
 * The top bit of ((x & 0x7f..7f) + 0x7f..7f) | x is set exactly in the
 * nonzero bytes (the add carries into it from any low bit, and no byte's
 * sum carries out of it); those bits moved to bit 0 and multiplied by
 * 0xff fill their bytes.  (Linux's Zbb strlen/strcmp run it in a loop.) */
static void gen_orc_b(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    (void)arg;
    op_o(e, 8, 0x8b, RAX, xs(c, ins->rs1));
    mov_imm(e, RCX, 0x7f7f7f7f7f7f7f7full);
    op_reg(e, 8, 0x8b, RDX, RAX);                       /* mov rdx, rax */
    op_reg(e, 8, 0x21, RCX, RDX);                       /* and rdx, rcx */
    op_reg(e, 8, 0x01, RCX, RDX);                       /* add rdx, rcx */
    op_reg(e, 8, 0x09, RAX, RDX);                       /* or rdx, rax */
    op_reg(e, 8, 0xf7, 2, RCX);                         /* not rcx: 0x80..80 */
    op_reg(e, 8, 0x21, RCX, RDX);                       /* and rdx, rcx */
    shift_imm(e, 8, SH_SHR, RDX, 7);
    op_reg(e, 8, 0x69, RAX, RDX);                       /* imul rax, rdx, 0xff */
    b4(e, 0xff);
    xd(c, ins->rd, RAX);
}

/* bset/bclr/binv: bts/btr/btc rax, rcx (a register bit offset is taken
 * modulo 64, as RISC-V takes rs2's low 6 bits); arg = BT_* */
static void gen_bit(struct ctx *c, const struct insn *ins, int arg)
{
    static const unsigned opc[8] = { [BT_S] = 0x0fab, [BT_R] = 0x0fb3, [BT_C] = 0x0fbb };
    struct opnd a = xs(c, ins->rs1), b = xs(c, ins->rs2);
    op_o(&c->e, 8, 0x8b, RCX, b);
    op_o(&c->e, 8, 0x8b, RAX, a);
    op_reg(&c->e, 8, opc[arg], RCX, RAX);
    xd(c, ins->rd, RAX);
}

/* bseti/bclri/binvi: bts/btr/btc rax, imm8; arg = BT_* */
static void gen_bit_imm(struct ctx *c, const struct insn *ins, int arg)
{
    op_o(&c->e, 8, 0x8b, RAX, xs(c, ins->rs1));
    op_reg(&c->e, 8, OPC_BT_IMM, arg, RAX);
    b1(&c->e, (unsigned)ins->imm);
    xd(c, ins->rd, RAX);
}

/* bext: rd = (rs1 >> (rs2 & 63)) & 1; bexti with arg = 1 */
static void gen_bext(struct ctx *c, const struct insn *ins, int arg)
{
    struct opnd a = xs(c, ins->rs1);
    if (arg) {
        op_o(&c->e, 8, 0x8b, RAX, a);
        shift_imm(&c->e, 8, SH_SHR, RAX, (unsigned)ins->imm);
    } else {
        op_o(&c->e, 4, 0x8b, RCX, xs(c, ins->rs2));
        op_o(&c->e, 8, 0x8b, RAX, a);
        shift_cl(&c->e, 8, SH_SHR, RAX);
    }
    alu_imm(&c->e, 4, ALU_AND, RAX, 1);
    xd(c, ins->rd, RAX);
}

/* czero.eqz/nez: rd = rs1, or 0 when rs2 tests cc against zero
 * (arg = CC_E for eqz, CC_NE for nez) */
static void gen_czero(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    struct opnd a = xs(c, ins->rs1), b = xs(c, ins->rs2);
    op_o(e, 8, 0x8b, RAX, a);
    op_reg(e, 4, 0x31, RCX, RCX);                       /* xor ecx, ecx */
    if (b.reg >= 0)
        op_reg(e, 8, 0x85, b.reg, b.reg);               /* test b, b */
    else
        alu_mem_imm(e, 8, ALU_CMP, b.m, 0);
    op_reg(e, 8, OPC_CMOV + (unsigned)arg, RAX, RCX);
    xd(c, ins->rd, RAX);
}

/* ---- A: the AMOs, LR and SC ----
 *
 * As the executor does them (do_amo/do_lr/do_sc, exec_slow.c): on the
 * TLB's hit, host atomics on the guest RAM word; anything else is the
 * handler's (the slow path: a miss, a misaligned address, which never
 * hits, see tlb_tag_mask, and so raises exactly what the handler raises,
 * MMIO, code pages and pages a debugger watches, none of which has a
 * store-TLB entry, and a debugger attached, under which the JIT does not
 * run).  An AMO and SC take the store TLB (a writable page is readable),
 * LR the load TLB, as amo_locate does.  x86's locked instructions (and
 * xchg, locked implicitly) are full barriers, sequentially consistent:
 * more than any aq/rl combination asks (README, "SMP").  A store-TLB hit
 * is never a code page, so no translated code is dropped and the block
 * goes on. */

static void emit_mfence(struct emit *e)
{
    b1(e, 0x0f);
    b1(e, 0xae);
    b1(e, 0xf0);
}

#define OP_LOCK 0xf0                    /* the lock prefix */
#define OPC_XCHG 0x87
#define OPC_XADD 0x0fc1
#define OPC_CMPXCHG 0x0fb1
#define CC_LE 0xe

enum { AMO_SWAP, AMO_ADD, AMO_XOR, AMO_AND, AMO_OR, AMO_MIN, AMO_MAX, AMO_MINU, AMO_MAXU };

/* rcx = the AMO's new value from the old one in rax and src (size bytes:
 * the W forms compare and combine the low 32 bits, RISC-V's .w). */
static void amo_new_value(struct ctx *c, int kind, int size, struct opnd src)
{
    struct emit *e = &c->e;
    /* for min/max: the condition (old cmp src) under which src is the
     * answer; amo_compute keeps old only when strictly below/above */
    static const int src_wins[] = { [AMO_MIN] = CC_GE, [AMO_MAX] = CC_LE,
                                    [AMO_MINU] = CC_AE, [AMO_MAXU] = CC_BE };
    static const int alu[] = { [AMO_XOR] = ALU_XOR, [AMO_AND] = ALU_AND, [AMO_OR] = ALU_OR };
    mov_rr(e, RCX, RAX);
    if (kind >= AMO_MIN) {
        op_o(e, size, ALU_CMP * 8 + 3, RCX, src);
        op_o(e, size, OPC_CMOV + (unsigned)src_wins[kind], RCX, src);
    } else {
        op_o(e, size, (unsigned)alu[kind] * 8 + 3, RCX, src);
    }
}

/* amoswap..amomaxu (.w, .d): arg = AMO_* | W32.  swap is xchg, add lock
 * xadd, the others a lock cmpxchg loop (the handler's compare-and-swap
 * loop); rd = the old value, sign-extended for .w. */
static void gen_amo(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    int size = arg & W32 ? 4 : 8, kind = arg & 0xff;
    struct opnd base = xs(c, ins->rs1), src = xs(c, ins->rs2);
    tlb_lookup(c, base, 0, (unsigned)size, ACC_STORE);
    mov_rr(e, RDX, RCX);                                /* rdx = the host address */
    if (kind == AMO_SWAP || kind == AMO_ADD) {
        op_o(e, 8, 0x8b, RAX, src);
        if (kind == AMO_ADD)
            b1(e, OP_LOCK);
        op_mem(e, size, kind == AMO_ADD ? OPC_XADD : OPC_XCHG, RAX, M(RDX, 0));
    } else {
        op_mem(e, size, 0x8b, RAX, M(RDX, 0));         /* rax = the word */
        uint8_t *again = e->p;
        amo_new_value(c, kind, size, src);
        b1(e, OP_LOCK);                                 /* else rax = the word now */
        op_mem(e, size, OPC_CMPXCHG, RCX, M(RDX, 0));
        patch(e, jcc(e, CC_NE), again);
    }
    if (size == 4)
        movsxd(e, RAX, RAX);
    xd(c, ins->rd, RAX);
    resume_here(c, ins->rd);
}

/* r (a host pointer into guest RAM, from the TLB) becomes the guest
 * physical address (ram_pa: RAM is one block).  Clobbers rcx. */
static void host_to_pa(struct ctx *c, int r)
{
    struct emit *e = &c->e;
    load64(e, RCX, HART(bus));
    alu_mem(e, 8, ALU_SUB, r, M(RCX, (int32_t)offsetof(struct bus, ram)));
    alu_mem(e, 8, ALU_ADD, r, M(RCX, (int32_t)offsetof(struct bus, ram_base)));
}

_Static_assert(sizeof ((struct hart *)0)->resv_size == 4 &&
               sizeof ((struct hart *)0)->resv_valid == 1,
               "gen_lr/gen_sc write resv_size as a dword, resv_valid as a byte");

#define AMO_RL (1u << 25)               /* the rl bit of an AMO/LR/SC */

/* lr.w/lr.d: arg = size.  The reservation exactly as do_lr records it:
 * the physical address, the value read (zero-extended), the size; rd the
 * value, sign-extended for .w.  A plain load: x86 loads are acquires.
 * With rl set (lr.aqrl) every earlier access must precede it (RVWMO
 * preserved program order, rule 6), an earlier store too, which x86 may
 * let pass a load: mfence first when harts run on other host threads. */
static void gen_lr(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    struct opnd base = xs(c, ins->rs1);
    tlb_lookup(c, base, 0, (unsigned)arg, ACC_LOAD);
    if (c->j->host_fences && (ins->raw & AMO_RL))
        emit_mfence(e);
    mov_rr(e, RDX, RCX);
    op_mem(e, arg, 0x8b, RAX, M(RDX, 0));
    host_to_pa(c, RDX);
    store64(e, HART(resv_addr), RDX);
    store64(e, HART(resv_val), RAX);
    op_mem(e, 4, 0xc7, 0, HART(resv_size));             /* mov dword [..], size */
    b4(e, (uint32_t)arg);
    op_mem(e, 1, 0xc6, 0, HART(resv_valid));            /* mov byte [..], 1 */
    b1(e, 1);
    if (arg == 4)
        movsxd(e, RAX, RAX);
    xd(c, ins->rd, RAX);
    resume_here(c, ins->rd);
}

/* sc.w/sc.d: arg = size.  As do_sc: the reservation must be valid, for
 * this physical address and size; it is dropped either way; then a
 * compare-and-swap against the value LR read (README, "SMP").  rd = 0 on
 * success, 1 on failure. */
static void gen_sc(struct ctx *c, const struct insn *ins, int arg)
{
    struct emit *e = &c->e;
    struct opnd base = xs(c, ins->rs1), src = xs(c, ins->rs2);
    tlb_lookup(c, base, 0, (unsigned)arg, ACC_STORE);
    mov_rr(e, RDX, RCX);                                /* rdx = the host address */
    mov_rr(e, RAX, RCX);
    host_to_pa(c, RAX);                                 /* rax = the physical one */
    op_mem(e, 1, 0x80, ALU_CMP, HART(resv_valid));      /* cmp byte [..], 0 */
    b1(e, 0);
    op_mem(e, 1, 0xc6, 0, HART(resv_valid));            /* (mov keeps the flags) */
    b1(e, 0);
    uint8_t *invalid = jcc(e, CC_E);
    alu_mem(e, 8, ALU_CMP, RAX, HART(resv_addr));
    uint8_t *other_addr = jcc(e, CC_NE);
    alu_mem_imm(e, 4, ALU_CMP, HART(resv_size), arg);
    uint8_t *other_size = jcc(e, CC_NE);
    load64(e, RAX, HART(resv_val));
    op_o(e, 8, 0x8b, RCX, src);
    b1(e, OP_LOCK);
    op_mem(e, arg, OPC_CMPXCHG, RCX, M(RDX, 0));
    setcc_zx(e, CC_NE, RAX);
    uint8_t *done = jmp(e);
    patch(e, invalid, e->p);
    patch(e, other_addr, e->p);
    patch(e, other_size, e->p);
    mov_imm(e, RAX, 1);                                 /* (failed) */
    patch(e, done, e->p);
    xd(c, ins->rd, RAX);
    resume_here(c, ins->rd);
}

static void gen_nop(struct ctx *c, const struct insn *ins, int arg) {}

/* fence: the host barrier when harts run on other host threads, as
 * host_fence (exec_internal.h) decides: on x86-64 only an ordering of W
 * before R (not FENCE.TSO) needs mfence. */
static void gen_barrier(struct ctx *c, const struct insn *ins, int arg)
{
    if (c->j->host_fences && fence_orders_store_load(ins->raw))
        emit_mfence(&c->e);
}

/* What the generator translates itself: the jit column of the instruction
 * database (cpu/insns.def).  A HELPER (NULL) entry goes to the executor. */
#define G(f, a) { f, a }
#define HELPER { NULL, 0 }
static const struct { gen_fn *fn; int arg; } gens[OP_COUNT] = {
#define OP(n, cls, wr, flags, jit) [OP_##n] = jit,
#define INSN(n, mask, match, fmt, ext, cls, wr, flags, syntax, jit) [OP_##n] = jit,
#include "insns.def"
};
#undef G
#undef HELPER

/* Whether a generator's code never needs the guest registers in struct
 * hart: it neither calls the executor nor traps nor leaves the block
 * (integer ops computed in registers).  The register cache may then
 * drop a dead value without storing it (jit_plan.c, plan_dead). */
static bool never_syncs(gen_fn *fn)
{
    static gen_fn *const pure[] = {
        gen_alu, gen_alu_imm, gen_lui, gen_auipc, gen_shift, gen_shift_imm, gen_set,
        gen_set_imm, gen_mul, gen_mulh, gen_div, gen_add_uw, gen_shadd, gen_slli_uw, gen_logic_not,
        gen_minmax, gen_extend, gen_rotate, gen_rotate_imm, gen_rev8, gen_orc_b, gen_bit,
        gen_bit_imm, gen_bext, gen_czero, gen_nop,
    };
    for (size_t k = 0; k < sizeof pure / sizeof *pure; k++)
        if (fn == pure[k])
            return true;
    return false;
}

/* ---- if-conversion (jit_plan.c, plan_select) ---- */

/* One arm of an if-conversion into scratch register tmp: a 64-bit
 * add, sub, and, or or xor of registers or with an immediate (describe's
 * select). */
static void select_arm(struct ctx *c, const struct insn *ins, int tmp)
{
    int alu = gens[ins->op].arg & 0xff;
    op_o(&c->e, 8, 0x8b, tmp, xs(c, ins->rs1));
    if (gens[ins->op].fn == gen_alu)
        op_o(&c->e, 8, (unsigned)alu * 8 + 3, tmp, xs(c, ins->rs2));
    else if (ins->imm || alu == ALU_AND)
        alu_imm(&c->e, 8, alu, tmp, (int32_t)ins->imm);
}

/* Guest g = src if cc holds (flags as the inner branch's compare left
 * them), else unchanged. */
static void select_into(struct ctx *c, unsigned g, int cc, int src)
{
    struct opnd old = xs(c, g);         /* (moves set no flags) */
    int d = dst_reg(c, g);
    if (old.reg != d)
        op_o(&c->e, 8, 0x8b, d, old);
    op_reg(&c->e, 8, OPC_CMOV + (unsigned)cc, d, src);
    put_x(c, g, d);
}

/* A loop's last if, converted: the fall-through arm's op (the next
 * instruction) into rcx, the taken arm's (its tail's) into rdx, then the
 * branch's condition picks each register's value.  The branch keeps its
 * side exit slot, which select_exit leaves by when the taken arm ran. */
static void gen_select(struct ctx *c, const struct insn *ins, int cc)
{
    const struct insn *f = ins + 1, *t = &c->b->insns[c->p.sel_tail];
    struct opnd a = xs(c, ins->rs1), b = xs(c, ins->rs2);
    select_arm(c, f, RCX);
    select_arm(c, t, RDX);
    compare(&c->e, a, b, ins->rs2 == 0);
    c->sel_slot = JIT_SIDE + (int)c->nsides;
    c->sel_cc = cc;
    c->sides[c->nsides++] = (struct side_exit){ NULL, c->x, 0, 0 };   /* (no code) */
    if (f->rd == t->rd) {
        int d = dst_reg(c, f->rd);
        mov_rr(&c->e, d, RCX);
        op_reg(&c->e, 8, OPC_CMOV + (unsigned)cc, d, RDX);
        put_x(c, f->rd, d);
        return;
    }
    select_into(c, f->rd, cc ^ 1, RCX);    /* (x86: cc ^ 1 is cc's negation) */
    select_into(c, t->rd, cc, RDX);
}

/* The way out of a converted loop, everything spilled and retired: the
 * taken arm's branch back falls through to the instruction after it in
 * the tail, the other arm's to the block's end (chain slot 0, emitted
 * next); the inner branch, tested again, says which arm ran (neither
 * arm writes its operands). */
static void select_exit(struct ctx *c)
{
    const struct insn *in = &c->b->insns[c->p.sel_branch];
    const struct insn *tl = &c->b->insns[c->p.sel_tail + 1];
    struct opnd a = xs(c, in->rs1), b = xs(c, in->rs2);
    compare(&c->e, a, b, in->rs2 == 0);
    uint8_t *fall = jcc(&c->e, c->sel_cc ^ 1);
    chain_exit(c, c->sel_slot, tl->off + tl->len, true);
    patch(&c->e, fall, c->e.p);
}

/* Runs a tail inside the loop, from the cache as it was at its branch
 * (s): the body, then its jump back goes round the loop; a conditional
 * one not taken leaves through the side exit's slot to the instruction
 * after it.  (c->i past the block: the cache sees no instructions ahead,
 * so it drops no value as dead and evicts the least recently used.) */
static void emit_tail(struct ctx *c, const struct side_exit *s, int slot,
                      const struct block_tail *t)
{
    struct emit *e = &c->e;
    const struct insn *ins = &c->b->insns[t->at], *last = &ins[t->n - 1];
    unsigned n = s->n + t->n;           /* the iteration's instructions */
    c->i = c->b->n;
    for (unsigned i = 0; i + 1 < t->n; i++) {
        c->x.pinned = 0;
        gens[ins[i].op].fn(c, &ins[i], gens[ins[i].op].arg);
    }
    c->x.pinned = 0;
    if (gens[last->op].fn == gen_jal) {     /* (rd is x0: block.c) */
        loop_back(c, n);
        return;
    }
    struct opnd a = xs(c, last->rs1), b = xs(c, last->rs2);
    compare(e, a, b, last->rs2 == 0);
    uint8_t *taken = jcc(e, gens[last->op].arg);
    struct regcache at_branch = c->x;
    x_spill_all(c);
    retire_block(c, n);
    chain_exit(c, slot, last->off + last->len, true);
    patch(e, taken, e->p);
    c->x = at_branch;
    loop_back(c, n);
}

/* The side exits (after the block's code, before its stubs): each
 * spills what was dirty at its branch, retires the instructions up to
 * the branch and leaves through its own chain slot, or runs the branch
 * target's tail in the loop. */
static void emit_side_exits(struct ctx *c)
{
    for (unsigned k = 0; k < c->nsides; k++) {
        const struct side_exit *s = &c->sides[k];
        if (!s->from)
            continue;                   /* (a converted if's: select_exit) */
        patch(&c->e, s->from, c->e.p);
        c->x = s->x;
        const struct block_tail *t = plan_loop_tail(&c->p, s->n - 1);
        if (t) {
            emit_tail(c, s, JIT_SIDE + (int)k, t);
            continue;
        }
        x_spill_all(c);
        retire_block(c, s->n);
        chain_exit(c, JIT_SIDE + (int)k, s->target, true);   /* (forward branches) */
    }
}

/* Guest g = z's high 64 - k bits (hi: a << k) or its low k bits (a >>
 * (64 - k)), z being a rotated left by k.  A W rotation's (k <= 31) are
 * the same masks of z: slliw's value is z with its low k bits cleared
 * (z's upper half is the sign of both), srliw's z's low k bits. */
static void rotate_part(struct ctx *c, unsigned g, unsigned z, unsigned k, bool hi)
{
    if (k <= 31 && plan_next_read(&c->p, c->i + 1, g) == BLOCK_MAX_INSNS &&
        (!c->p.loop || c->loop_x.slot_of[g] < 0)) {
        /* Nothing later in the block reads g (only exits, slow paths and
         * the next time round a loop see it), nor does a loop's head
         * expect it in a slot (the back edge would load it again): g is
         * computed in rax and stored to struct hart, so it takes no cache
         * slot (and evicts no register the rest of the block needs; in
         * SHA-256's rounds, callgrind -1.9%).  The low 32 bits of
         * z suffice: lo's mask is below bit 31, hi's upper half is the
         * sign of bit 31 (W) or z's own (64-bit rotates). */
        int64_t low = ((int64_t)1 << k) - 1;
        if (hi)
            op_o(&c->e, 8, c->p.rot_w[c->i] ? 0x63 : 0x8b, RAX,
                 c->p.rot_w[c->i] ? xs32(c, z) : xs(c, z));     /* movsxd / mov */
        else
            op_o(&c->e, 4, 0x8b, RAX, xs32(c, z));
        alu_imm(&c->e, hi ? 8 : 4, ALU_AND, RAX, (int32_t)(hi ? ~low : low));
        rc_forget(&c->x, g);               /* (its old value is dead) */
        store64(&c->e, XREG(g), RAX);
        return;
    }
    struct opnd zs = xs(c, z);
    int d = dst_reg(c, g);
    mov_rr(&c->e, d, zs.reg);
    if (k <= 31) {
        int64_t low = ((int64_t)1 << k) - 1;
        alu_imm(&c->e, 8, ALU_AND, d, (int32_t)(hi ? ~low : low));
    } else {
        shift_imm(&c->e, 8, hi ? SH_SHR : SH_SHL, d, hi ? k : 64 - k);
        shift_imm(&c->e, 8, hi ? SH_SHL : SH_SHR, d, hi ? k : 64 - k);
    }
    put_x(c, g, d);
}

/* The or of a planned rotate: rd = a rotated left, then the shifts'
 * registers that something is to see. */
static void gen_rotate_or(struct ctx *c, const struct insn *ins)
{
    unsigned k = c->p.rot_by[c->i];
    bool w = c->p.rot_w[c->i];
    int size = w ? 4 : 8;
    struct opnd a = w ? xs32(c, c->p.rot_src[c->i]) : xs(c, c->p.rot_src[c->i]);
    int r = dst_reg(c, ins->rd);
    if (a.reg != r)
        op_o(&c->e, size, 0x8b, r, a);
    shift_imm(&c->e, size, SH_ROL, r, k);
    if (w)
        put_result_lazy(c, ins->rd, r);         /* (the low word's rotation) */
    else
        put_x(c, ins->rd, r);
    if (c->p.rot_hi[c->i])
        rotate_part(c, c->p.rot_hi[c->i], ins->rd, k, true);
    if (c->p.rot_lo[c->i])
        rotate_part(c, c->p.rot_lo[c->i], ins->rd, k, false);
}

/* What the plan (jit_plan.c) needs to know of ins's generator. */
static struct plan_op describe(const struct insn *ins)
{
    gen_fn *fn = gens[ins->op].fn;
    int arg = gens[ins->op].arg;
    bool load = fn == gen_load;
    int alu = arg & 0xff;
    bool select = (fn == gen_alu || fn == gen_alu_imm) && !(arg & W32) &&
                  (alu == ALU_ADD || alu == ALU_SUB || alu == ALU_AND || alu == ALU_OR ||
                   alu == ALU_XOR);
    bool store = fn == gen_store && !(arg & LD_FP);
    return (struct plan_op){ .native = fn != NULL, .pure = never_syncs(fn),
                             .load = (uint8_t)(load ? arg & 0xf : 0),
                             .load_fp = load && (arg & LD_FP),
                             .store = (uint8_t)(store ? arg & 0xf : 0), .select = select };
}

/* A loop block's loop-carried registers (read before they are written,
 * the most read first) are loaded into the cache before the body, and
 * they stay there round the loop, clean or dirty as the body leaves them
 * (loop_x). */
static void enter_loop(struct ctx *c)
{
    uint8_t order[31];
    uint32_t written;
    unsigned n = plan_loop_regs(&c->p, order, &written), s = 0;
    for (unsigned k = 0; k < n && s < NCACHE; k++) {
        if (c->no_preload & (1u << order[k]))
            continue;
        load64(&c->e, cache_regs[s], XREG(order[k]));
        rc_bind(&c->x, (int)s, order[k]);
        if (written & (1u << order[k]))
            c->x.dirty |= 1u << s;      /* (so the back edge may leave it dirty) */
        s++;
    }
    c->loop_body = c->e.p;
    c->loop_x = c->x;
}

/* Whether a loop block's body is emitted twice round (two copies, the
 * back edge after the second): a loop whose only way out is its last
 * branch (no inner branch, so no side exits, tails or if-conversion),
 * unless budgets are exact.  The first copy's branch, taken, goes on
 * into the second with the registers where they are, so the back edge's
 * moves, loads and budget check come once every two iterations.  The
 * budget is then checked every 2n <= 2 * BLOCK_MAX_INSNS instructions
 * round the loop; the copies lie in the same page, so what runs between
 * two checks is at most a page of code and one more copy of a block
 * (JIT_OVERRUN_MAX, jit.h). */
static bool twice_round(const struct ctx *c)
{
    const struct block *b = c->b;
    const struct insn *last = &b->insns[b->n - 1];
    if (!c->p.loop || c->p.select || c->j->exact || gens[last->op].fn != gen_branch ||
        last->off + last->imm != 0 || plan_target_may_trap(&c->p, last->imm))
        return false;
    for (unsigned k = 0; k + 1 < b->n; k++)
        if (gens[b->insns[k].op].fn == gen_branch)
            return false;
    return true;
}

/* One copy of the block's instructions. */
static void emit_body(struct ctx *c)
{
    const struct block *b = c->b;
    for (c->i = 0; c->i < b->n; c->i++) {
        const struct insn *ins = &b->insns[c->i];
        c->x.pinned = 0;
        c->f.pinned = 0;
        if (c->p.rot_role[c->i] == ROT_SKIP || c->p.mul_role[c->i] == MUL_SKIP ||
            (c->p.select && c->i == c->p.sel_branch + 1u))
            continue;                   /* (emitted with another) */
        if (c->p.rot_role[c->i] == ROT_OR)
            gen_rotate_or(c, ins);
        else if (c->p.mul_role[c->i] == MUL_BOTH)
            gen_mul_pair(c, ins);
        else if (gens[ins->op].fn)
            gens[ins->op].fn(c, ins, gens[ins->op].arg);
        else
            gen_helper(c, ins);
    }
}

bool jit_translate(struct jit *j, struct block *b, bool rvc, uint8_t *code, size_t cap,
                   size_t *len)
{
    /* big; translation never nests; one per host thread (harts on threads) */
    static _Thread_local struct ctx c;
    const size_t data_top = j->data_top;
    const unsigned block_sites = j->block_sites;
    const unsigned block_guesses = j->block_guesses;
    uint32_t no_preload = 0;
    unsigned tries = 0;
    bool once = false;                  /* (twice round did not fit) */
again:
    memset(&c, 0, offsetof(struct ctx, stubs));
    c.no_preload = no_preload;
    rc_init(&c.f, FIRST_FXMM, 16);
    c.e = (struct emit){ code, code + cap, false };
    c.j = j;
    c.b = b;
    plan_block(&c.p, b, rvc, describe,
               PLAN_ROT64 | PLAN_ROTW | PLAN_ROT_LOADS | PLAN_MULH | PLAN_SELECT | PLAN_PAIR);
    rc_init(&c.x, 0, c.p.loop ? NCACHE : NCACHE - 1);  /* (r12: bpc_to) */
    if (c.p.loop) {
        store64(&c.e, HART(jit_bpc), R12);
        enter_loop(&c);
    }
    c.twice = !once && twice_round(&c);
    emit_body(&c);
    if (c.twice) {
        c.before = b->n;
        emit_body(&c);
    }
    if (!op_ends_block((enum op)b->insns[b->n - 1].op)) {
        /* fell off the end: the length cap or the page end */
        x_spill_all(&c);
        retire_block(&c, b->n);
        chain_exit(&c, 0, b->insns[b->n].off, true);
    }
    emit_side_exits(&c);
    emit_stubs(&c);
    emit_guess_fixes(&c);
    if (c.e.overflow && c.twice) {
        once = true;
        j->data_top = data_top;
        j->block_sites = block_sites;
        j->block_guesses = block_guesses;
        goto again;
    }
    if (c.e.overflow)
        return false;
    if ((c.evicted & ~no_preload) && ++tries <= 2) {
        /* A register loaded before the loop that some back edge must load
         * again (the body evicted it) is better left out: the body loads
         * it where it reads it (or reads it from memory), and its slot is
         * free from the start (SHA-256's loop bounds, compared only at
         * the back edge, were such).  Once more without them (at most
         * twice), the sites this translation took given back. */
        no_preload |= c.evicted;
        j->data_top = data_top;
        j->block_sites = block_sites;
        j->block_guesses = block_guesses;
        goto again;
    }
    *len = (size_t)(c.e.p - code);
    return true;
}

#endif
