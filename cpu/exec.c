/* The executor.  Both engines run the same handlers: the block engine over a
 * cached block, the reference interpreter over a one-instruction block it
 * decodes afresh each time.  So the two differ only in what they cache,
 * never in what an instruction does. */
#include <inttypes.h>

#include "disasm.h"
#include "crypto.h"
#include "exec_internal.h"
#include "jit.h"

/* ---- FP register helpers: single values are NaN-boxed in 64 bits ---- */

static inline uint32_t unbox32(uint64_t v)
{
    return (v >> 32) == 0xffffffffu ? (uint32_t)v : F32_CANON_NAN;
}
static inline uint64_t box32(uint32_t v) { return 0xffffffff00000000ull | v; }

/* ---- instruction counting ---- */

static inline void retire(struct hart *h, uint64_t n)
{
    h->instret += n;    /* the counter CSRs derive from it (csr.c) */
}

/* ---- the CSR instructions' operands ---- */

/* csrrw/csrrs/csrrc and their immediate forms: which operation, with which
 * operand, and whether it writes (csrrs/csrrc with rs1 = x0, or uimm = 0,
 * only read).  False: the access is illegal. */
static bool csr_insn(struct hart *h, const struct insn *ins, uint64_t *old)
{
    static const int kinds[] = { CSR_W, CSR_S, CSR_C };
    bool imm_form = ins->op >= OP_csrrwi;
    int kind = kinds[ins->op - (imm_form ? OP_csrrwi : OP_csrrw)];
    uint64_t operand = imm_form ? ins->rs1 : h->x[ins->rs1];
    bool do_write = kind == CSR_W || ins->rs1 != 0;
    return csr_op(h, (unsigned)ins->imm, kind, operand, do_write, old);
}

/* ---- the executor ---- */

/* The vocabulary the instruction fragments (exec_*.inc) are written in.
 * These expand inside run_blocks and name its locals: h, x, ins, bpc,
 * next, slot, cause/tval, and its exit labels. */
#ifndef RVX_NO_COMPUTED_GOTO
#define CASE(n) L_##n:
#define DISPATCH() goto *labels[ins->op]
#else
#define CASE(n) case OP_##n:
#define DISPATCH() goto dispatch
#endif
#define NEXT do { ins++; DISPATCH(); } while (0)
/* the current instruction's PC: block start plus its offset */
#define PC (bpc + ins->off)
#define RS1 x[ins->rs1]
#define RS2 x[ins->rs2]
#define IMM ((uint64_t)ins->imm)
/* WR for ops decode turns into nop when rd = x0; WRZ for ops that must run
 * anyway (loads, links, CSRs, AMOs, FP-to-integer) and so re-zero x0. */
#define WR(v) do { x[ins->rd] = (v); } while (0)
#define WRZ(v) do { uint64_t wv_ = (v); x[ins->rd] = wv_; x[0] = 0; } while (0)
#define TRAP(c, t) do { cause = (c); tval = (t); goto trap; } while (0)
#define ILLEGAL() goto illegal
#define LOAD_VALUE(size, out) do {                                          \
        uint64_t a_ = RS1 + IMM;                                            \
        uint8_t *p_ = mmu_fast(&h->mmu, a_, size, ACC_LOAD);                \
        if (likely(p_ != NULL)) out = le_load_aligned(p_, size);            \
        else if ((p_ = mmu_fast_misaligned(&h->mmu, a_, size, ACC_LOAD)))  \
            out = le_load(p_, size);                                        \
        else { uint64_t t_ = 0; /* out stays out of memory */               \
               int c_ = mem_load_slow(h, a_, size, &t_);                    \
               if (c_) TRAP(c_, h->fault_tval);                             \
               out = t_; }                                                  \
    } while (0)
#define LOAD(size, conv) do { uint64_t v_; LOAD_VALUE(size, v_); WRZ(conv(v_)); } while (0)
#define STORE_VAL(size, val) do {                                           \
        uint64_t a_ = RS1 + IMM;                                            \
        uint8_t *p_ = mmu_fast(&h->mmu, a_, size, ACC_STORE);               \
        if (likely(p_ != NULL)) le_store_aligned(p_, size, (val));          \
        else if ((p_ = mmu_fast_misaligned(&h->mmu, a_, size, ACC_STORE))) \
            le_store(p_, size, (val));                                      \
        else { int c_ = mem_store_slow(h, a_, size, (val));                 \
               if (c_) TRAP(c_, h->fault_tval);                             \
                if (unlikely(RELAXED(bc->generation) != gen ||          \
                             RELAXED(h->stop_request) ||                  \
                             RELAXED(h->irq_check))) {                    \
                    /* this store dropped translated code, stopped the      \
                     * machine or made an interrupt pending: leave the block \
                     * so the next instruction is fetched afresh (and the   \
                     * interrupt taken before it, whatever the block's      \
                     * bounds: deterministic mode relies on it) */          \
                   next = PC + ins->len; goto end_exit; } }                 \
    } while (0)
/* A branch inside a superblock (block.h) leaves it only when taken, and
 * then through the lookup (its slot is the JIT's business). */
#define BRANCH(cond) do {                                                   \
        bool inside_ = ins[1].op != OP_END_BLOCK;                           \
        if (cond) { next = PC + IMM; slot = 1;                              \
                    if (unlikely(next & ialign)) TRAP(EXC_INSN_MISALIGNED, next); \
                    if (inside_) goto end_jump; }                           \
        else if (inside_) NEXT;                                             \
        else { next = PC + ins->len; slot = 0; }                            \
        goto end_chain;                                                     \
    } while (0)
#define FP_ON() do { if (unlikely(!(h->mstatus & MSTATUS_FS))) ILLEGAL(); } while (0)
#define GET_RM(var) unsigned var = ins->rm;                                 \
    if (var == FRM_DYN) { var = h->frm; if (unlikely(var > FRM_RMM)) ILLEGAL(); }
#define FDIRTY() (h->mstatus |= MSTATUS_FS)
#define FLAGS() do { if (fl) { h->fflags |= fl; FDIRTY(); } } while (0)
#define WF32(v) do { h->f[ins->rd] = box32(v); FDIRTY(); } while (0)
#define WF64(v) do { h->f[ins->rd] = (v); FDIRTY(); } while (0)
#define F32(r) unbox32(h->f[r])
#define F64(r) (h->f[r])
/* FP op templates: FS check, rounding mode, flags.  The FP library ORs
 * flags straight into fflags; ops that write an f register make FS dirty
 * anyway, the others only when a flag was added. */
#define FOP3(W, np, na) do { FP_ON(); GET_RM(rm);                           \
        WF##W(f##W##_fma(F##W(ins->rs1), F##W(ins->rs2), F##W(ins->rs3), np, na, rm, \
                         &h->fflags)); NEXT; } while (0)
/* two operands, with the inline host fast path tried first (RNE only) */
#define FOP2F(W, fn) do { FP_ON(); GET_RM(rm); uint##W##_t r_;             \
        if (rm == FRM_RNE && fn##_fast(F##W(ins->rs1), F##W(ins->rs2), h->fflags, &r_)) \
            WF##W(r_);                                                      \
        else                                                                \
            WF##W(fn(F##W(ins->rs1), F##W(ins->rs2), rm, &h->fflags));      \
        NEXT; } while (0)
#define FCMP(W, fn) do { FP_ON(); unsigned old_ = h->fflags;                \
        WRZ(fn(F##W(ins->rs1), F##W(ins->rs2), &h->fflags));                 \
        if (h->fflags != old_) { FDIRTY(); } NEXT; } while (0)
#define FTOI(W, fn, conv) do { FP_ON(); GET_RM(rm); unsigned old_ = h->fflags; \
        WRZ(conv(fn(F##W(ins->rs1), rm, &h->fflags)));                       \
        if (h->fflags != old_) { FDIRTY(); } NEXT; } while (0)
#define ITOF(W, fn, type) do { FP_ON(); GET_RM(rm);                         \
        WF##W(fn((type)RS1, rm, &h->fflags)); NEXT; } while (0)
#define ID(v) (v)
#define SX32(v) sx32((uint32_t)(v))

/* Runs block b and, until h->instret reaches limit, the blocks chained after it.
 * chain=false for the one-instruction blocks of the interpreter.
 *
 * How this function is split.  Dispatch is threaded: every instruction
 * ends by jumping straight to the next one's label (computed goto; the
 * portable build uses a switch), and the guest state the handlers use
 * lives in this function's locals.  Handlers made into separate functions
 * would cost a call per instruction and spill those locals, so the
 * handlers stay in this one function and the split is textual: the
 * semantics, one CASE per instruction, are in fragments by concern that
 * are #included below (integer computation, control transfer, memory,
 * system, floating point); the vocabulary they use is the macros above;
 * what is not hot (memory slow paths, AMOs and LR/SC in exec_slow.c, the
 * CSR operands, trap delivery in trap.c) is out of line.  What remains
 * here is what only the loop can do: entering a block, and leaving it by
 * chaining to the next one, looking a target up, or returning. */
static void run_blocks(struct hart *h, struct block *b, uint64_t limit, bool chain)
{
#ifndef RVX_NO_COMPUTED_GOTO
    static const void *const labels[OP_COUNT + 1] = {
#define OP(n, ...) [OP_##n] = &&L_##n,
#define INSN(n, ...) [OP_##n] = &&L_##n,
#include "insns.def"
        [OP_END_BLOCK] = &&L_end_block,
    };
#endif
    struct block_cache *bc = h->bc;
    uint64_t *x = h->x;
    uint64_t bpc = h->pc, next = 0, tval = 0, cause = 0;
    uint64_t page = bpc & PAGE_MASK;
    uint64_t gen = RELAXED(bc->generation);
    uint64_t ialign = (h->misa & MISA_EXT('C')) ? 0 : 2;
    const struct insn *ins = b->insns, *mark = b->insns;
    int slot = 0;

#ifndef RVX_NO_COMPUTED_GOTO
    DISPATCH();
#else
dispatch:
    switch (ins->op) {
#endif

#include "exec_int.inc"
#include "exec_branch.inc"
#include "exec_mem.inc"
#include "exec_sys.inc"
#include "exec_fp.inc"

#ifndef RVX_NO_COMPUTED_GOTO
L_end_block:
#else
    case OP_END_BLOCK:
#endif
    {
        /* fell off the end (length cap or page end): no instruction here */
        retire(h, (uint64_t)(ins - mark));
        h->pc = PC;
        if (!chain || h->instret >= limit || RELAXED(h->stop_request) || RELAXED(h->irq_check))
            return;
        if ((PC & PAGE_MASK) != page) {
            next = PC;
            goto lookup;
        }
        struct block *nb = block_find(bc, (b->pa & PAGE_MASK) | (PC & (PAGE_SIZE - 1)));
        if (!nb)
            return;
        bpc = PC;
        b = nb;
        ins = mark = b->insns;
        DISPATCH();
    }
#ifdef RVX_NO_COMPUTED_GOTO
    default:
        ILLEGAL();
    }
#endif

illegal:
    cause = EXC_ILLEGAL;
    tval = ins->raw;
trap:
    retire(h, (uint64_t)(ins - mark));
    trap_take(h, cause, tval, PC);
    return;

end_exit:
    retire(h, (uint64_t)(ins - mark) + 1);
    h->pc = next;
    return;

end_jump:
    retire(h, (uint64_t)(ins - mark) + 1);
    h->pc = next;
    if (!chain || h->instret >= limit || RELAXED(h->stop_request) || RELAXED(h->irq_check))
        return;
lookup:
    {
        /* An indirect or cross-page target: anything less than a hit in
         * the fetch TLB and the jump cache goes back to hart_run, which
         * translates. */
        struct block *nb = block_lookup_fast(h, next);
        if (!nb)
            return;
        b = nb;
        bpc = next;
        page = next & PAGE_MASK;
        ins = mark = b->insns;
        DISPATCH();
    }

end_chain:
    retire(h, (uint64_t)(ins - mark) + 1);
    h->pc = next;
    if (!chain || h->instret >= limit || RELAXED(h->stop_request) || RELAXED(h->irq_check))
        return;
    if ((next & PAGE_MASK) != page)
        goto lookup;
    {
        /* a block's successor in each slot is always the same address
         * (fall-through, or a direct branch/jal target) */
        struct block *nb = b->succ[slot];
        if (!nb || !block_valid(nb)) {
            uint64_t target = (b->pa & PAGE_MASK) | (next & (PAGE_SIZE - 1));
            nb = block_find(bc, target);
            if (!nb)
                return;
            b->succ[slot] = nb;
        }
        b = nb;
        bpc = next;
        ins = mark = b->insns;
        DISPATCH();
    }
}

#undef CASE
#undef DISPATCH
#undef NEXT

/* ---- the JIT's way back into the handlers ---- */

int exec_block_once(struct hart *h, struct block *b)
{
    const uint64_t deadline = h->hpm_deadline;
    run_blocks(h, b, 0, false);
    return h->wfi || h->hpm_deadline < deadline;
}

int exec_jit_helper(struct hart *h, const struct insn *ins, uint64_t bpc, uint64_t k)
{
    struct insn mini[2];
    mini[0] = *ins;
    memset(&mini[1], 0, sizeof mini[1]);
    mini[1].op = OP_END_BLOCK;
    mini[1].off = (uint16_t)(ins->off + ins->len);
    struct block one = { .pa = ~0ull, .n = 1, .valid = true, .insns = mini };
    const uint64_t ntraps = h->ntraps, gen = RELAXED(h->bc->generation);
    const uint64_t deadline = h->hpm_deadline;
    h->instret += k;
    h->pc = bpc;
    run_blocks(h, &one, 0, false);
    /* (a counter now wraps sooner than the budget jit_run holds: back to
     * hart_run, which stops there) */
    if (h->ntraps != ntraps || RELAXED(h->bc->generation) != gen || RELAXED(h->stop_request) ||
        h->wfi || h->hpm_deadline < deadline || RELAXED(h->irq_check))
        return 1;
    if (op_ends_block((enum op)ins->op))
        return 2;
    if (h->pc != bpc + mini[1].off)
        return 1;
    h->instret -= k + 1;    /* the block's code counts it with the rest */
    return 0;
}

/* ---- fetch for the one-instruction path ---- */

static int fetch16(struct hart *h, uint64_t va, uint64_t *v)
{
    uint8_t *p = mmu_fast(&h->mmu, va, 2, ACC_FETCH);
    if (p) {
        *v = le_load(p, 2);
        return 0;
    }
    uint64_t pa;
    int c = mmu_translate(&h->mmu, va, ACC_FETCH, &pa);
    if (c)
        return c;
    if (!bus_load(h->bus, pa, 2, v))
        return EXC_INSN_ACCESS;
    return 0;
}

/* Fetches the instruction at pc; a 32-bit one may straddle two pages, and
 * a fault in the second half reports that half's address. */
static int fetch_insn(struct hart *h, uint64_t pc, uint32_t *raw, uint64_t *tval)
{
    uint64_t lo, hi;
    int c = fetch16(h, pc, &lo);
    if (c) {
        *tval = pc;
        return c;
    }
    if ((lo & 3) != 3) {
        *raw = (uint32_t)lo;
        return 0;
    }
    c = fetch16(h, pc + 2, &hi);
    if (c) {
        *tval = pc + 2;
        return c;
    }
    *raw = (uint32_t)(lo | hi << 16);
    return 0;
}

/* ---- commit log (Spike's "-l --log-commits" layout, so logs diff) ---- */

static void trace_insn(struct hart *h, uint64_t pc, int priv, const struct insn *ins,
                       uint64_t ea, bool trapped)
{
    char dis[96];
    rv_disasm(pc, ins->raw, dis, sizeof dis);
    unsigned hid = (unsigned)h->mhartid;
    const char *wfmt = ins->len == 2 ? "(0x%04" PRIx32 ")" : "(0x%08" PRIx32 ")";
    char enc[16];
    snprintf(enc, sizeof enc, wfmt, ins->raw);
    fprintf(h->trace, "core %3u: 0x%016" PRIx64 " %s %s\n", hid, pc, enc, dis);
    if (trapped)
        return;
    fprintf(h->trace, "core %3u: %d 0x%016" PRIx64 " %s", hid, priv, pc, enc);
    char w = op_writes((enum op)ins->op);
    if (w == 'x' && ins->rd != 0)
        fprintf(h->trace, " x%-2u 0x%016" PRIx64, ins->rd, h->x[ins->rd]);
    else if (w == 'f')
        fprintf(h->trace, " f%-2u 0x%016" PRIx64, ins->rd, h->f[ins->rd]);
    switch (ins->op) {
    case OP_sb: case OP_sh: case OP_sw: case OP_sd: case OP_fsw: case OP_fsd: {
        static const unsigned sz[] = { 1, 2, 4, 8 };
        unsigned size = sz[(ins->raw >> 12) & 3];
        uint64_t v = ins->op == OP_fsw || ins->op == OP_fsd ? h->f[ins->rs2] : h->x[ins->rs2];
        if (size < 8)
            v &= (1ull << (8 * size)) - 1;
        fprintf(h->trace, " mem 0x%016" PRIx64 " 0x%0*" PRIx64, ea, (int)size * 2, v);
        break;
    }
    case OP_lb: case OP_lh: case OP_lw: case OP_ld: case OP_lbu: case OP_lhu:
    case OP_lwu: case OP_flw: case OP_fld:
        fprintf(h->trace, " mem 0x%016" PRIx64, ea);
        break;
    default:
        break;
    }
    fputc('\n', h->trace);
}

/* Executes exactly one instruction (or takes the trap it raises). */
static void step_one(struct hart *h)
{
    uint64_t pc = h->pc, tval;
    uint32_t raw;
    int c = fetch_insn(h, pc, &raw, &tval);
    if (c) {
        trap_take(h, (uint64_t)c, tval, pc);
        return;
    }
    struct insn insns[2];
    decode(&insns[0], raw, h->misa, h->zext);
    memset(&insns[1], 0, sizeof insns[1]);
    insns[1].op = OP_END_BLOCK;
    insns[1].off = insns[0].len;
    struct block one = { .pa = ~0ull, .n = 1, .valid = true, .insns = insns };
    if (!h->trace) {
        run_blocks(h, &one, 0, false);
        return;
    }
    int priv = h->priv;
    uint64_t ea = h->x[insns[0].rs1] + (uint64_t)insns[0].imm;
    uint64_t ntraps = h->ntraps;
    run_blocks(h, &one, 0, false);
    trace_insn(h, pc, priv, &insns[0], ea, h->ntraps != ntraps);
}

static bool debug_stop_before(struct hart *h)
{
    if (h->dbg.exec_break && h->dbg.exec_break(h->dbg.opaque, h, h->pc)) {
        h->dbg.hit_kind = 1;
        h->dbg.hit_addr = h->pc;
        return true;
    }
    return false;
}

const char *hart_engine_name(const struct hart *h)
{
    if (h->engine == ENGINE_INTERP)
        return "interp";
    return h->engine == ENGINE_JIT && h->bc->jit ? "jit" : "block";
}

enum run_status hart_run(struct hart *h, uint64_t max_insns, uint64_t *executed)
{
    /* Executed = retired + exceptions taken (interrupts execute nothing). */
    const uint64_t i0 = h->instret, e0 = h->ntraps - h->nirqs;
#define EXECUTED() ((h->instret - i0) + (h->ntraps - h->nirqs - e0))
    enum run_status st = RUN_BUDGET;
    bool data_slow = h->dbg.active || h->misaligned_trap;
    if (data_slow != h->mmu.data_slow) {
        h->mmu.data_slow = data_slow;
        mmu_flush(&h->mmu);
    }
    while (EXECUTED() < max_insns) {
        if (h->instret >= h->hpm_deadline)
            hart_kick(h);       /* a counter wraps: LCOFI (trap.c) */
        if (hart_take_kick(h)) {
            if (trap_check_interrupts(h))
                h->wfi = false;
        }
        if (h->wfi) {
            if (!hart_wakeup_pending(h)) {
                st = RUN_WFI;
                break;
            }
            h->wfi = false;
        }
        if (RELAXED(h->stop_request)) {
            st = RUN_STOP;
            break;
        }
        if (h->dbg.active || h->trace || h->engine == ENGINE_INTERP) {
            if (h->dbg.active) {
                /* (the stub itself lets the resume address run once) */
                if (debug_stop_before(h)) {
                    st = RUN_BREAK;
                    break;
                }
                h->dbg_stop = false;
            }
            step_one(h);
            if (h->dbg.active && (h->dbg.single_step || h->dbg_stop)) {
                if (h->dbg_stop)
                    h->dbg.hit_kind = h->dbg.hit_kind ? h->dbg.hit_kind : 2;
                h->dbg_stop = false;
                st = RUN_BREAK;
                break;
            }
            continue;
        }
        uint64_t pc = h->pc, pa;
        uint8_t *hp = mmu_fast(&h->mmu, pc, 2, ACC_FETCH);
        if (hp) {
            pa = h->bus->ram_base + (uint64_t)(hp - h->bus->ram);
        } else {
            int c = mmu_translate(&h->mmu, pc, ACC_FETCH, &pa);
            if (c) {
                trap_take(h, (uint64_t)c, pc, pc);
                continue;
            }
            /* The translation refills the fetch TLB only when the whole
             * page may be executed (PMP grants it entirely, not I/O).
             * Otherwise a block would skip the fetch check of its later
             * instructions (Priv 3.7: PMP applies to every fetch), so run
             * one checked instruction at a time. */
            if (!mmu_fast(&h->mmu, pc, 2, ACC_FETCH)) {
                step_one(h);
                continue;
            }
        }
        struct block *b = block_get(h, pc, pa);
        uint64_t limit = h->instret + (max_insns - EXECUTED());
        /* An instruction-counting hpm counter wraps at hpm_deadline, and
         * its overflow interrupt (Sscofpmf LCOFI) is due right after the
         * wrapping instruction, not where a block crossing it would end
         * (that depends on where blocks start, so a replay would diverge):
         * blocks chain only while a whole one fits before the wrap, the
         * last instructions before it run one at a time. */
        uint64_t to_wrap = h->hpm_deadline > h->instret ? h->hpm_deadline - h->instret
                                                        : UINT64_MAX;
        if (to_wrap <= BLOCK_MAX_INSNS)
            b = NULL;
        else if (limit > h->hpm_deadline - BLOCK_MAX_INSNS)
            limit = h->hpm_deadline - BLOCK_MAX_INSNS;
        /* The JIT may run past its budget by JIT_OVERRUN_MAX (jit.h): so
         * it stops that much earlier before a wrap, and near one the
         * executor's blocks, which stop at theirs, run instead. */
        bool jit = b && h->engine == ENGINE_JIT && h->bc->jit &&
                   to_wrap > (uint64_t)JIT_OVERRUN_MAX + 2 * BLOCK_MAX_INSNS;
        if (jit && to_wrap != UINT64_MAX &&
            limit > h->hpm_deadline - JIT_OVERRUN_MAX - BLOCK_MAX_INSNS)
            limit = h->hpm_deadline - JIT_OVERRUN_MAX - BLOCK_MAX_INSNS;
        if (jit)
            jit_run(h, b, limit);
        else if (b)
            run_blocks(h, b, limit, true);
        else
            step_one(h);
    }
    /* a block runs whole, so the count may pass max_insns by a block (by
     * JIT_OVERRUN_MAX under the JIT unless exact: jit.h) */
    *executed = EXECUTED();
#undef EXECUTED
    return st;
}
