/* The executor.  Both engines run the same handlers: the block engine over a
 * cached block, the reference interpreter over a one-instruction block it
 * decodes afresh each time.  So the two differ only in what they cache,
 * never in what an instruction does. */
#include <inttypes.h>

#include "arith.h"
#include "block.h"
#include "disasm.h"
#include "jit.h"

/* ---- FP register helpers: single values are NaN-boxed in 64 bits ---- */

static inline uint32_t unbox32(uint64_t v)
{
    return (v >> 32) == 0xffffffffu ? (uint32_t)v : F32_CANON_NAN;
}
static inline uint64_t box32(uint32_t v) { return 0xffffffff00000000ull | v; }

/* ---- memory slow paths ---- */

/* Translates both pages of an access that may straddle a page boundary. */
static int translate2(struct hart *h, uint64_t va, unsigned size,
                      enum mmu_access acc, uint64_t pa[2])
{
    uint64_t last = va + size - 1;
    bool one_page = ((last ^ va) & PAGE_MASK) == 0;
    unsigned first = one_page ? size : (unsigned)(PAGE_SIZE - (va & (PAGE_SIZE - 1)));
    int c = mmu_translate_size(&h->mmu, va, first, acc, &pa[0]);
    if (c) {
        h->fault_tval = va;
        return c;
    }
    if (one_page) {
        pa[1] = pa[0] + PAGE_SIZE; /* unused */
        return 0;
    }
    uint64_t va2 = last & PAGE_MASK;
    c = mmu_translate_size(&h->mmu, va2, size - first, acc, &pa[1]);
    if (c)
        h->fault_tval = va2;
    return c;
}

static uint64_t byte_pa(uint64_t va, uint64_t i, const uint64_t pa[2])
{
    uint64_t a = va + i;
    if (((a ^ va) & PAGE_MASK) == 0)
        return pa[0] + i;
    return pa[1] + (a & (PAGE_SIZE - 1));
}

/* Debugger watchpoint hook: sets dbg_stop so the step loop stops after
 * this instruction. */
static void watch(struct hart *h, uint64_t va, unsigned size, bool write)
{
    if (h->dbg.mem_watch && h->dbg.mem_watch(h->dbg.opaque, h, va, size, write))
        h->dbg_stop = true;
}

/* The slow paths also do what the fast path leaves out: the alignment trap
 * (when asked for; it outranks page and access faults) and watchpoints.
 * While either is in force the data TLBs stay empty (mmu.data_slow), so
 * every access comes here. */
static int misaligned(struct hart *h, uint64_t va, unsigned size, int cause)
{
    if (va & (size - 1) & h->misaligned_trap) {
        h->fault_tval = va;
        return cause;
    }
    return 0;
}

static int load_slow(struct hart *h, uint64_t va, unsigned size, uint64_t *val);
static int store_slow(struct hart *h, uint64_t va, unsigned size, uint64_t val);

int mem_load_slow(struct hart *h, uint64_t va, unsigned size, uint64_t *val)
{
    int c = misaligned(h, va, size, EXC_LOAD_MISALIGNED);
    if (!c)
        c = load_slow(h, va, size, val);
    if (!c && unlikely(h->dbg.active))
        watch(h, va, size, false);
    return c;
}

int mem_store_slow(struct hart *h, uint64_t va, unsigned size, uint64_t val)
{
    int c = misaligned(h, va, size, EXC_STORE_MISALIGNED);
    if (!c)
        c = store_slow(h, va, size, val);
    if (!c && unlikely(h->dbg.active))
        watch(h, va, size, true);
    return c;
}

static int load_slow(struct hart *h, uint64_t va, unsigned size, uint64_t *val)
{
    uint64_t pa[2];
    int c = translate2(h, va, size, ACC_LOAD, pa);
    if (c)
        return c;
    if (((va ^ (va + size - 1)) & PAGE_MASK) == 0) {
        if (!bus_load(h->bus, pa[0], size, val)) {
            h->fault_tval = va;
            return EXC_LOAD_ACCESS;
        }
        return 0;
    }
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        uint64_t b;
        if (!bus_load(h->bus, byte_pa(va, i, pa), 1, &b)) {
            h->fault_tval = va + i;
            return EXC_LOAD_ACCESS;
        }
        v |= (b & 0xff) << (8 * i);
    }
    *val = v;
    return 0;
}

static int store_slow(struct hart *h, uint64_t va, unsigned size, uint64_t val)
{
    uint64_t pa[2];
    int c = translate2(h, va, size, ACC_STORE, pa);
    if (c)
        return c;
    if (((va ^ (va + size - 1)) & PAGE_MASK) == 0) {
        if (!bus_store(h->bus, pa[0], size, val)) {
            h->fault_tval = va;
            return EXC_STORE_ACCESS;
        }
        return 0;
    }
    /* Both pages translated: check both are backed before writing any
     * byte, so a faulting store changes nothing. */
    uint64_t probe;
    if (!bus_load(h->bus, pa[0], 1, &probe) || !bus_load(h->bus, pa[1], 1, &probe)) {
        h->fault_tval = va;
        return EXC_STORE_ACCESS;
    }
    for (unsigned i = 0; i < size; i++)
        bus_store(h->bus, byte_pa(va, i, pa), 1, (val >> (8 * i)) & 0xff);
    return 0;
}


/* AMOs and LR/SC need natural alignment (a misaligned one traps) and write
 * permission (even to read).  Returns the physical address or a cause. */
static int amo_translate(struct hart *h, uint64_t va, unsigned size,
                         enum mmu_access acc, uint64_t *pa)
{
    if (va & (size - 1)) {
        h->fault_tval = va;
        return acc == ACC_LOAD ? EXC_LOAD_MISALIGNED : EXC_STORE_MISALIGNED;
    }
    int c = mmu_translate(&h->mmu, va, acc, pa);
    if (c)
        h->fault_tval = va;
    return c;
}

static uint64_t amo_compute(enum op op, uint64_t old, uint64_t src)
{
    switch (op) {
    case OP_amoswap_w: case OP_amoswap_d: return src;
    case OP_amoadd_w: case OP_amoadd_d: return old + src;
    case OP_amoxor_w: case OP_amoxor_d: return old ^ src;
    case OP_amoand_w: case OP_amoand_d: return old & src;
    case OP_amoor_w: case OP_amoor_d: return old | src;
    case OP_amomin_w: return (int32_t)old < (int32_t)src ? old : src;
    case OP_amomax_w: return (int32_t)old > (int32_t)src ? old : src;
    case OP_amominu_w: return (uint32_t)old < (uint32_t)src ? old : src;
    case OP_amomaxu_w: return (uint32_t)old > (uint32_t)src ? old : src;
    case OP_amomin_d: return (int64_t)old < (int64_t)src ? old : src;
    case OP_amomax_d: return (int64_t)old > (int64_t)src ? old : src;
    case OP_amominu_d: return old < src ? old : src;
    case OP_amomaxu_d: return old > src ? old : src;
    default: return old;
    }
}

/* One AMO; returns 0 or a cause.  *rd_val gets the (sign-extended) old
 * value. */
static int do_amo(struct hart *h, const struct insn *ins, uint64_t *rd_val)
{
    unsigned size = (ins->raw >> 12 & 7) == 3 ? 8 : 4;
    uint64_t va = h->x[ins->rs1], pa, old;
    int c = amo_translate(h, va, size, ACC_STORE, &pa);
    if (c)
        return c;
    if (!bus_load(h->bus, pa, size, &old)) {
        h->fault_tval = va;
        return EXC_STORE_ACCESS;
    }
    if (size == 4)
        old = sx32(old);
    uint64_t nv = amo_compute((enum op)ins->op, old, h->x[ins->rs2]);
    if (!bus_store(h->bus, pa, size, nv)) {
        h->fault_tval = va;
        return EXC_STORE_ACCESS;
    }
    if (unlikely(h->dbg.active))
        watch(h, va, size, true);
    *rd_val = old;
    return 0;
}

static int do_lr(struct hart *h, const struct insn *ins, unsigned size,
                 uint64_t *rd_val)
{
    uint64_t va = h->x[ins->rs1], pa, v;
    int c = amo_translate(h, va, size, ACC_LOAD, &pa);
    if (c)
        return c;
    if (!bus_load(h->bus, pa, size, &v)) {
        h->fault_tval = va;
        return EXC_LOAD_ACCESS;
    }
    h->resv_addr = pa;
    h->resv_valid = true;
    *rd_val = size == 4 ? sx32(v) : v;
    return 0;
}

static int do_sc(struct hart *h, const struct insn *ins, unsigned size,
                 uint64_t *rd_val)
{
    uint64_t va = h->x[ins->rs1], pa;
    int c = amo_translate(h, va, size, ACC_STORE, &pa);
    if (c)
        return c;
    bool ok = h->resv_valid && h->resv_addr == pa;
    h->resv_valid = false;
    if (ok) {
        if (!bus_store(h->bus, pa, size, h->x[ins->rs2])) {
            h->fault_tval = va;
            return EXC_STORE_ACCESS;
        }
        if (unlikely(h->dbg.active))
            watch(h, va, size, true);
    }
    *rd_val = ok ? 0 : 1;
    return 0;
}

/* ---- instruction counting ---- */

static inline void retire(struct hart *h, uint64_t n)
{
    h->instret += n;    /* the counter CSRs derive from it (csr.c) */
}

/* ---- the executor ---- */

/* Runs block b and, until h->instret reaches limit, the blocks chained after it.
 * chain=false for the one-instruction blocks of the interpreter. */
static void run_blocks(struct hart *h, struct block *b, uint64_t limit, bool chain)
{
#ifndef RVX_NO_COMPUTED_GOTO
    static const void *const labels[OP_COUNT + 1] = {
#define OP(n, ...) [OP_##n] = &&L_##n,
#define INSN(n, ...) [OP_##n] = &&L_##n,
#include "insns.def"
        [OP_END_BLOCK] = &&L_end_block,
    };
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
        if (likely(p_ != NULL)) out = le_load(p_, size);                    \
        else { uint64_t t_ = 0; /* out stays out of memory */               \
               int c_ = mem_load_slow(h, a_, size, &t_);                    \
               if (c_) TRAP(c_, h->fault_tval);                             \
               out = t_; }                                                  \
    } while (0)
#define LOAD(size, conv) do { uint64_t v_; LOAD_VALUE(size, v_); WRZ(conv(v_)); } while (0)
#define STORE_VAL(size, val) do {                                           \
        uint64_t a_ = RS1 + IMM;                                            \
        uint8_t *p_ = mmu_fast(&h->mmu, a_, size, ACC_STORE);               \
        if (likely(p_ != NULL)) le_store(p_, size, (val));                  \
        else { int c_ = mem_store_slow(h, a_, size, (val));                 \
               if (c_) TRAP(c_, h->fault_tval);                             \
               if (unlikely(bc->generation != gen || h->stop_request)) {    \
                   /* this store dropped translated code (or stopped the   \
                    * machine): leave the block so the next instruction is \
                    * fetched afresh */                                     \
                   next = PC + ins->len; goto end_exit; } }                 \
    } while (0)
#define BRANCH(cond) do {                                                   \
        if (cond) { next = PC + IMM; slot = 1;                              \
                    if (unlikely(next & ialign)) TRAP(EXC_INSN_MISALIGNED, next); } \
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

    struct block_cache *bc = h->bc;
    uint64_t *x = h->x;
    uint64_t bpc = h->pc, next = 0, tval = 0, cause = 0;
    uint64_t page = bpc & PAGE_MASK;
    uint64_t gen = bc->generation;
    uint64_t ialign = (h->misa & MISA_EXT('C')) ? 0 : 2;
    const struct insn *ins = b->insns, *mark = b->insns;
    int slot = 0;

#ifndef RVX_NO_COMPUTED_GOTO
    DISPATCH();
#else
dispatch:
    switch (ins->op) {
#endif

    CASE(illegal) ILLEGAL();
    CASE(nop) NEXT;
    CASE(lui) WR(IMM); NEXT;
    CASE(auipc) WR(PC + IMM); NEXT;
    CASE(jal) {
        next = PC + IMM;
        if (unlikely(next & ialign)) TRAP(EXC_INSN_MISALIGNED, next);
        WRZ(PC + ins->len);
        slot = 1;
        goto end_chain;
    }
    CASE(jalr) {
        next = (RS1 + IMM) & ~1ull;
        if (unlikely(next & ialign)) TRAP(EXC_INSN_MISALIGNED, next);
        WRZ(PC + ins->len);
        goto end_jump;
    }
    CASE(beq) BRANCH(RS1 == RS2);
    CASE(bne) BRANCH(RS1 != RS2);
    CASE(blt) BRANCH((int64_t)RS1 < (int64_t)RS2);
    CASE(bge) BRANCH((int64_t)RS1 >= (int64_t)RS2);
    CASE(bltu) BRANCH(RS1 < RS2);
    CASE(bgeu) BRANCH(RS1 >= RS2);
    CASE(lb) LOAD(1, (uint64_t)(int64_t)(int8_t)); NEXT;
    CASE(lh) LOAD(2, (uint64_t)(int64_t)(int16_t)); NEXT;
    CASE(lw) LOAD(4, SX32); NEXT;
    CASE(ld) LOAD(8, ID); NEXT;
    CASE(lbu) LOAD(1, ID); NEXT;
    CASE(lhu) LOAD(2, ID); NEXT;
    CASE(lwu) LOAD(4, ID); NEXT;
    CASE(sb) STORE_VAL(1, RS2); NEXT;
    CASE(sh) STORE_VAL(2, RS2); NEXT;
    CASE(sw) STORE_VAL(4, RS2); NEXT;
    CASE(sd) STORE_VAL(8, RS2); NEXT;
    CASE(addi) WR(RS1 + IMM); NEXT;
    CASE(slti) WR((int64_t)RS1 < ins->imm); NEXT;
    CASE(sltiu) WR(RS1 < IMM); NEXT;
    CASE(xori) WR(RS1 ^ IMM); NEXT;
    CASE(ori) WR(RS1 | IMM); NEXT;
    CASE(andi) WR(RS1 & IMM); NEXT;
    CASE(slli) WR(RS1 << ins->imm); NEXT;
    CASE(srli) WR(RS1 >> ins->imm); NEXT;
    CASE(srai) WR(sra64(RS1, (unsigned)ins->imm)); NEXT;
    CASE(add) WR(RS1 + RS2); NEXT;
    CASE(sub) WR(RS1 - RS2); NEXT;
    CASE(sll) WR(RS1 << (RS2 & 63)); NEXT;
    CASE(slt) WR((int64_t)RS1 < (int64_t)RS2); NEXT;
    CASE(sltu) WR(RS1 < RS2); NEXT;
    CASE(xor) WR(RS1 ^ RS2); NEXT;
    CASE(srl) WR(RS1 >> (RS2 & 63)); NEXT;
    CASE(sra) WR(sra64(RS1, RS2 & 63)); NEXT;
    CASE(or) WR(RS1 | RS2); NEXT;
    CASE(and) WR(RS1 & RS2); NEXT;
    CASE(addiw) WR(sx32(RS1 + IMM)); NEXT;
    CASE(slliw) WR(sx32((uint32_t)RS1 << ins->imm)); NEXT;
    CASE(srliw) WR(sx32((uint32_t)RS1 >> ins->imm)); NEXT;
    CASE(sraiw) WR(sra64(sx32(RS1), (unsigned)ins->imm)); NEXT;
    CASE(addw) WR(sx32(RS1 + RS2)); NEXT;
    CASE(subw) WR(sx32(RS1 - RS2)); NEXT;
    CASE(sllw) WR(sx32((uint32_t)RS1 << (RS2 & 31))); NEXT;
    CASE(srlw) WR(sx32((uint32_t)RS1 >> (RS2 & 31))); NEXT;
    CASE(sraw) WR(sra64(sx32(RS1), RS2 & 31)); NEXT;
    CASE(fence) NEXT;
    CASE(fence_i) {
        /* Stores to code pages already dropped their blocks (DESIGN.md
         * invariant), so the cache is coherent: fence.i only has to make
         * this hart refetch, which leaving the block does. */
        next = PC + ins->len;
        goto end_exit;
    }
    CASE(ecall) TRAP(EXC_ECALL_U + (uint64_t)h->priv, 0);
    CASE(ebreak) TRAP(EXC_BREAKPOINT, PC);

    CASE(csrrw) CASE(csrrs) CASE(csrrc) CASE(csrrwi) CASE(csrrsi) CASE(csrrci) {
        static const int kinds[] = { CSR_W, CSR_S, CSR_C };
        bool imm_form = ins->op >= OP_csrrwi;
        int kind = kinds[ins->op - (imm_form ? OP_csrrwi : OP_csrrw)];
        uint64_t operand = imm_form ? ins->rs1 : RS1, old;
        bool do_write = kind == CSR_W || ins->rs1 != 0;
        retire(h, (uint64_t)(ins - mark));
        mark = ins;
        h->pc = PC;
        if (!csr_op(h, (unsigned)ins->imm, kind, operand, do_write, &old))
            ILLEGAL();
        WRZ(old);       /* (writes that matter to interrupts set irq_check) */
        next = PC + ins->len;
        goto end_exit;
    }
    CASE(mret) {
        if (h->priv != PRV_M) ILLEGAL();
        retire(h, (uint64_t)(ins - mark) + 1);
        trap_mret(h);
        return;
    }
    CASE(sret) {
        if (h->priv < PRV_S || (h->priv == PRV_S && (h->mstatus & MSTATUS_TSR)))
            ILLEGAL();
        retire(h, (uint64_t)(ins - mark) + 1);
        trap_sret(h);
        return;
    }
    CASE(wfi) {
        /* TW=1 traps wfi below M; U-mode wfi traps whenever S exists. */
        if (h->priv == PRV_U || (h->priv == PRV_S && (h->mstatus & MSTATUS_TW)))
            ILLEGAL();
        next = PC + ins->len;
        if (!hart_wakeup_pending(h))
            h->wfi = true;
        goto end_exit;
    }
    CASE(sfence_vma) {
        if (h->priv == PRV_U || (h->priv == PRV_S && (h->mstatus & MSTATUS_TVM)))
            ILLEGAL();
        if (ins->rs1 == 0)
            mmu_flush(&h->mmu);
        else
            mmu_flush_va(&h->mmu, RS1);
        next = PC + ins->len;
        goto end_exit;
    }

    CASE(mul) WR(RS1 * RS2); NEXT;
    CASE(mulh) WR(mulh64(RS1, RS2)); NEXT;
    CASE(mulhsu) WR(mulhsu64(RS1, RS2)); NEXT;
    CASE(mulhu) WR(mulhu64(RS1, RS2)); NEXT;
    CASE(div) WR(div64(RS1, RS2)); NEXT;
    CASE(divu) WR(divu64(RS1, RS2)); NEXT;
    CASE(rem) WR(rem64(RS1, RS2)); NEXT;
    CASE(remu) WR(remu64(RS1, RS2)); NEXT;
    CASE(mulw) WR(sx32(RS1 * RS2)); NEXT;
    CASE(divw) WR(divw(RS1, RS2)); NEXT;
    CASE(divuw) WR(divuw(RS1, RS2)); NEXT;
    CASE(remw) WR(remw(RS1, RS2)); NEXT;
    CASE(remuw) WR(remuw(RS1, RS2)); NEXT;

    CASE(lr_w) CASE(lr_d) {
        uint64_t v;
        int c = do_lr(h, ins, ins->op == OP_lr_w ? 4 : 8, &v);
        if (c) TRAP(c, h->fault_tval);
        WRZ(v);
        NEXT;
    }
    CASE(sc_w) CASE(sc_d) {
        uint64_t v;
        int c = do_sc(h, ins, ins->op == OP_sc_w ? 4 : 8, &v);
        if (c) TRAP(c, h->fault_tval);
        WRZ(v);
        if (unlikely(bc->generation != gen)) { next = PC + ins->len; goto end_exit; }
        NEXT;
    }
    CASE(amoswap_w) CASE(amoadd_w) CASE(amoxor_w) CASE(amoand_w) CASE(amoor_w)
    CASE(amomin_w) CASE(amomax_w) CASE(amominu_w) CASE(amomaxu_w)
    CASE(amoswap_d) CASE(amoadd_d) CASE(amoxor_d) CASE(amoand_d) CASE(amoor_d)
    CASE(amomin_d) CASE(amomax_d) CASE(amominu_d) CASE(amomaxu_d) {
        uint64_t v;
        int c = do_amo(h, ins, &v);
        if (c) TRAP(c, h->fault_tval);
        WRZ(v);
        if (unlikely(bc->generation != gen)) { next = PC + ins->len; goto end_exit; }
        NEXT;
    }

    /* F */
    CASE(flw) { FP_ON(); uint64_t v; LOAD_VALUE(4, v); WF32((uint32_t)v); NEXT; }
    CASE(fsw) FP_ON(); STORE_VAL(4, (uint32_t)h->f[ins->rs2]); NEXT;
    CASE(fmadd_s) FOP3(32, false, false);
    CASE(fmsub_s) FOP3(32, false, true);
    CASE(fnmsub_s) FOP3(32, true, false);
    CASE(fnmadd_s) FOP3(32, true, true);
    CASE(fadd_s) FOP2F(32, f32_add);
    CASE(fsub_s) FOP2F(32, f32_sub);
    CASE(fmul_s) FOP2F(32, f32_mul);
    CASE(fdiv_s) FOP2F(32, f32_div);
    CASE(fsqrt_s) { FP_ON(); GET_RM(rm); unsigned fl = 0; uint32_t r_;
        if (rm == FRM_RNE && f32_sqrt_fast(F32(ins->rs1), h->fflags, &r_)) { WF32(r_); NEXT; }
        WF32(f32_sqrt(F32(ins->rs1), rm, &fl)); FLAGS(); NEXT; }
    CASE(fsgnj_s) { FP_ON(); uint32_t a = F32(ins->rs1), s = F32(ins->rs2);
        WF32((a & 0x7fffffffu) | (s & 0x80000000u)); NEXT; }
    CASE(fsgnjn_s) { FP_ON(); uint32_t a = F32(ins->rs1), s = F32(ins->rs2);
        WF32((a & 0x7fffffffu) | (~s & 0x80000000u)); NEXT; }
    CASE(fsgnjx_s) { FP_ON(); uint32_t a = F32(ins->rs1), s = F32(ins->rs2);
        WF32(a ^ (s & 0x80000000u)); NEXT; }
    CASE(fmin_s) { FP_ON(); unsigned fl = 0;
        WF32(f32_min(F32(ins->rs1), F32(ins->rs2), &fl)); FLAGS(); NEXT; }
    CASE(fmax_s) { FP_ON(); unsigned fl = 0;
        WF32(f32_max(F32(ins->rs1), F32(ins->rs2), &fl)); FLAGS(); NEXT; }
    CASE(fcvt_w_s) FTOI(32, f32_to_i32, SX32);
    CASE(fcvt_wu_s) FTOI(32, f32_to_u32, SX32);
    CASE(fcvt_l_s) FTOI(32, f32_to_i64, (uint64_t));
    CASE(fcvt_lu_s) FTOI(32, f32_to_u64, ID);
    CASE(fmv_x_w) FP_ON(); WRZ(sx32((uint32_t)h->f[ins->rs1])); NEXT;
    CASE(feq_s) FCMP(32, f32_eq);
    CASE(flt_s) FCMP(32, f32_lt);
    CASE(fle_s) FCMP(32, f32_le);
    CASE(fclass_s) FP_ON(); WRZ(f32_classify(F32(ins->rs1))); NEXT;
    CASE(fcvt_s_w) ITOF(32, i32_to_f32, int32_t);
    CASE(fcvt_s_wu) ITOF(32, u32_to_f32, uint32_t);
    CASE(fcvt_s_l) ITOF(32, i64_to_f32, int64_t);
    CASE(fcvt_s_lu) ITOF(32, u64_to_f32, uint64_t);
    CASE(fmv_w_x) FP_ON(); WF32((uint32_t)RS1); NEXT;

    /* D */
    CASE(fld) { FP_ON(); uint64_t v; LOAD_VALUE(8, v); WF64(v); NEXT; }
    CASE(fsd) FP_ON(); STORE_VAL(8, h->f[ins->rs2]); NEXT;
    CASE(fmadd_d) FOP3(64, false, false);
    CASE(fmsub_d) FOP3(64, false, true);
    CASE(fnmsub_d) FOP3(64, true, false);
    CASE(fnmadd_d) FOP3(64, true, true);
    CASE(fadd_d) FOP2F(64, f64_add);
    CASE(fsub_d) FOP2F(64, f64_sub);
    CASE(fmul_d) FOP2F(64, f64_mul);
    CASE(fdiv_d) FOP2F(64, f64_div);
    CASE(fsqrt_d) { FP_ON(); GET_RM(rm); unsigned fl = 0; uint64_t r_;
        if (rm == FRM_RNE && f64_sqrt_fast(F64(ins->rs1), h->fflags, &r_)) { WF64(r_); NEXT; }
        WF64(f64_sqrt(F64(ins->rs1), rm, &fl)); FLAGS(); NEXT; }
    CASE(fsgnj_d) { FP_ON(); uint64_t a = F64(ins->rs1), s = F64(ins->rs2);
        WF64((a & ~(1ull << 63)) | (s & (1ull << 63))); NEXT; }
    CASE(fsgnjn_d) { FP_ON(); uint64_t a = F64(ins->rs1), s = F64(ins->rs2);
        WF64((a & ~(1ull << 63)) | (~s & (1ull << 63))); NEXT; }
    CASE(fsgnjx_d) { FP_ON(); uint64_t a = F64(ins->rs1), s = F64(ins->rs2);
        WF64(a ^ (s & (1ull << 63))); NEXT; }
    CASE(fmin_d) { FP_ON(); unsigned fl = 0;
        WF64(f64_min(F64(ins->rs1), F64(ins->rs2), &fl)); FLAGS(); NEXT; }
    CASE(fmax_d) { FP_ON(); unsigned fl = 0;
        WF64(f64_max(F64(ins->rs1), F64(ins->rs2), &fl)); FLAGS(); NEXT; }
    CASE(fcvt_s_d) { FP_ON(); GET_RM(rm); unsigned fl = 0;
        WF32(f64_to_f32(F64(ins->rs1), rm, &fl)); FLAGS(); NEXT; }
    CASE(fcvt_d_s) { FP_ON(); GET_RM(rm); (void)rm; unsigned fl = 0;
        WF64(f32_to_f64(F32(ins->rs1), &fl)); FLAGS(); NEXT; }
    CASE(fcvt_w_d) FTOI(64, f64_to_i32, SX32);
    CASE(fcvt_wu_d) FTOI(64, f64_to_u32, SX32);
    CASE(fcvt_l_d) FTOI(64, f64_to_i64, (uint64_t));
    CASE(fcvt_lu_d) FTOI(64, f64_to_u64, ID);
    CASE(fmv_x_d) FP_ON(); WRZ(h->f[ins->rs1]); NEXT;
    CASE(feq_d) FCMP(64, f64_eq);
    CASE(flt_d) FCMP(64, f64_lt);
    CASE(fle_d) FCMP(64, f64_le);
    CASE(fclass_d) FP_ON(); WRZ(f64_classify(F64(ins->rs1))); NEXT;
    CASE(fcvt_d_w) ITOF(64, i32_to_f64, int32_t);
    CASE(fcvt_d_wu) ITOF(64, u32_to_f64, uint32_t);
    CASE(fcvt_d_l) ITOF(64, i64_to_f64, int64_t);
    CASE(fcvt_d_lu) ITOF(64, u64_to_f64, uint64_t);
    CASE(fmv_d_x) FP_ON(); WF64(RS1); NEXT;

#ifndef RVX_NO_COMPUTED_GOTO
L_end_block:
#else
    case OP_END_BLOCK:
#endif
    {
        /* fell off the end (length cap or page end): no instruction here */
        retire(h, (uint64_t)(ins - mark));
        h->pc = PC;
        if (!chain || h->instret >= limit || h->stop_request || h->irq_check)
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
    if (!chain || h->instret >= limit || h->stop_request || h->irq_check)
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
    if (!chain || h->instret >= limit || h->stop_request || h->irq_check)
        return;
    if ((next & PAGE_MASK) != page)
        goto lookup;
    {
        /* a block's successor in each slot is always the same address
         * (fall-through, or a direct branch/jal target) */
        struct block *nb = b->succ[slot];
        if (!nb || !nb->valid) {
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
#undef CASE
#undef DISPATCH
#undef NEXT
}

/* ---- the JIT's way back into the handlers ---- */

int exec_jit_helper(struct hart *h, const struct insn *ins, uint64_t bpc, uint64_t k)
{
    struct insn mini[2];
    mini[0] = *ins;
    memset(&mini[1], 0, sizeof mini[1]);
    mini[1].op = OP_END_BLOCK;
    mini[1].off = (uint16_t)(ins->off + ins->len);
    struct block one = { .pa = ~0ull, .n = 1, .valid = true, .insns = mini };
    const uint64_t ntraps = h->ntraps, gen = h->bc->generation;
    h->instret += k;
    h->pc = bpc;
    run_blocks(h, &one, 0, false);
    if (h->ntraps != ntraps || h->bc->generation != gen || h->stop_request || h->wfi)
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
    decode(&insns[0], raw, h->misa);
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
        if (h->irq_check) {
            h->irq_check = false;
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
        if (h->stop_request) {
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
        if (b && h->engine == ENGINE_JIT && h->bc->jit)
            jit_run(h, b, limit);
        else if (b)
            run_blocks(h, b, limit, true);
        else
            step_one(h);
    }
    /* a block runs whole, so the count may pass max_insns by a block */
    *executed = EXECUTED();
#undef EXECUTED
    return st;
}
