/* Control and status registers.  Which CSRs exist, who may touch them and
 * how they read and write is data: one line each in csrs.def.  This file
 * turns that list into a table and holds the handlers of the CSRs whose
 * rule is a function.  The generic rules (privilege from csr[9:8],
 * read-only when csr[11:10] = 3, privileged spec 2.1) are checked once in
 * csr_op; the ext and guard columns add what is particular to a CSR. */
#include "csr.h"

#include <stddef.h>
#include <stdio.h>

#include "internal.h"

#define M_WRITABLE_STATUS (MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | \
                           MSTATUS_SPP | MSTATUS_MPP | MSTATUS_FS | MSTATUS_MPRV | \
                           MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | \
                           MSTATUS_TSR)
#define S_VISIBLE_STATUS (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS | \
                          MSTATUS_XS | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_UXL | \
                          MSTATUS_SD)
#define S_WRITABLE_STATUS (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_FS | \
                           MSTATUS_SUM | MSTATUS_MXR)
/* Interrupts that exist: SSI, MSI, STI, MTI, SEI, MEI. */
#define IRQ_MASK (MIP_SSIP | MIP_MSIP | MIP_STIP | MIP_MTIP | MIP_SEIP | MIP_MEIP)
#define S_IRQ_MASK (MIP_SSIP | MIP_STIP | MIP_SEIP)

/* WARL masks of the FIELD rules in csrs.def. */
/* Exceptions that can be delegated: all but ecall-from-M (medeleg[11] is
 * read-only zero) and the reserved causes 10 and 14. */
#define MEDELEG_MASK 0xb3ffull
/* xcounteren is 32 bits wide (one bit per counter). */
#define COUNTEREN_MASK 0xffffffffull

typedef uint64_t (*csr_read_fn)(struct hart *h, unsigned csr);
typedef void (*csr_write_fn)(struct hart *h, unsigned csr, uint64_t v);
typedef bool (*csr_guard_fn)(const struct hart *h, unsigned csr);

enum csr_kind { K_FIELD, K_FN, K_ZERO, K_NONE };

/* One line of csrs.def.  A single CSR is a family of one (first = last). */
struct csr_entry {
    uint16_t num;               /* the first member's number */
    bool family;
    uint8_t first, last, step;  /* member indices (names) */
    const char *name;
    int8_t priv;
    uint8_t ext;                /* enum csr_ext */
    uint8_t kind;               /* enum csr_kind */
    csr_guard_fn guard;         /* NULL: no rule beyond privilege */
    /* K_FIELD */
    uint16_t off;
    uint64_t mask;
    /* K_FN */
    csr_read_fn read;
    csr_write_fn write;         /* NULL: writes ignored */
    csr_read_fn rmw;            /* NULL: csrrs/csrrc modify read's value */
};

/* ---- mstatus ---- */

static uint64_t status_read(const struct hart *h)
{
    uint64_t s = h->mstatus | (2ull << 32) | (2ull << 34);  /* UXL = SXL = 64 */
    if ((s & MSTATUS_FS) == MSTATUS_FS)
        s |= MSTATUS_SD;
    return s;
}

static void status_write(struct hart *h, uint64_t v, uint64_t mask)
{
    if (!(h->misa & (MISA_EXT('F') | MISA_EXT('D'))))
        mask &= ~MSTATUS_FS;
    /* MPP is WARL: 2 (reserved) keeps the previous value */
    if (((v & MSTATUS_MPP) >> 11) == 2)
        v = (v & ~MSTATUS_MPP) | (h->mstatus & MSTATUS_MPP);
    h->mstatus = (h->mstatus & ~mask) | (v & mask);
    hart_update_mmu_context(h);
    hart_kick(h);
}

static uint64_t rd_mstatus(struct hart *h, unsigned c) { (void)c; return status_read(h); }
static void wr_mstatus(struct hart *h, unsigned c, uint64_t v) { (void)c; status_write(h, v, M_WRITABLE_STATUS); }
static uint64_t rd_sstatus(struct hart *h, unsigned c) { (void)c; return status_read(h) & S_VISIBLE_STATUS; }
static void wr_sstatus(struct hart *h, unsigned c, uint64_t v) { (void)c; status_write(h, v, S_WRITABLE_STATUS); }

/* ---- FP CSRs: a write sets mstatus.FS to Dirty (unpriv. spec 13.2) ---- */

static uint64_t rd_fflags(struct hart *h, unsigned c) { (void)c; return h->fflags; }
static uint64_t rd_frm(struct hart *h, unsigned c) { (void)c; return h->frm; }
static uint64_t rd_fcsr(struct hart *h, unsigned c) { (void)c; return h->fflags | h->frm << 5; }
static void wr_fflags(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    h->fflags = v & 0x1f;
    h->mstatus |= MSTATUS_FS;
}
static void wr_frm(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    h->frm = v & 7;
    h->mstatus |= MSTATUS_FS;
}
static void wr_fcsr(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    h->fflags = v & 0x1f;
    h->frm = (v >> 5) & 7;
    h->mstatus |= MSTATUS_FS;
}

/* ---- counters ---- */

/* mcountinhibit bit of counter k (0 = cycle, 1 = instret) */
static const uint64_t inhibit_bit[2] = { 1, 4 };

static uint64_t counter_get(const struct hart *h, int k)
{
    return (h->mcountinhibit & inhibit_bit[k]) ? h->ctr_frozen[k]
                                               : h->instret + h->ctr_off[k];
}

static void counter_set(struct hart *h, int k, uint64_t v)
{
    if (h->mcountinhibit & inhibit_bit[k])
        h->ctr_frozen[k] = v;
    else
        h->ctr_off[k] = v - h->instret;
}

static uint64_t rd_cycle(struct hart *h, unsigned c) { (void)c; return counter_get(h, 0); }
static uint64_t rd_instret(struct hart *h, unsigned c) { (void)c; return counter_get(h, 1); }
static uint64_t rd_time(struct hart *h, unsigned c)
{
    (void)c;
    return h->read_time ? h->read_time(h->time_opaque) : 0;
}
/* The write takes precedence over the writing instruction's own increment
 * (which follows): hence the -1 when counting is not inhibited. */
static void wr_mcycle(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    counter_set(h, 0, v - ((h->mcountinhibit & 1) ? 0 : 1));
}
static void wr_minstret(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    counter_set(h, 1, v - ((h->mcountinhibit & 4) ? 0 : 1));
}

/* mcountinhibit bit 1 (time) is read-only zero */
static uint64_t rd_mcountinhibit(struct hart *h, unsigned c) { (void)c; return h->mcountinhibit; }
static void wr_mcountinhibit(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    uint64_t old = h->mcountinhibit, nv = v & 0xfffffffdu;
    for (int k = 0; k < 2; k++) {
        uint64_t bit = inhibit_bit[k];
        if ((old ^ nv) & bit) {
            if (nv & bit)   /* stopping: freeze the current value */
                h->ctr_frozen[k] = h->instret + h->ctr_off[k];
            else            /* restarting from the frozen value */
                h->ctr_off[k] = h->ctr_frozen[k] - h->instret;
        }
    }
    h->mcountinhibit = nv;
}

/* ---- interrupts ---- */

static uint64_t rd_mideleg(struct hart *h, unsigned c) { (void)c; return h->mideleg; }
static void wr_mideleg(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    h->mideleg = v & S_IRQ_MASK;
    hart_kick(h);
}
static uint64_t rd_mie(struct hart *h, unsigned c) { (void)c; return h->mie; }
static void wr_mie(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    h->mie = v & IRQ_MASK;
    hart_kick(h);
}
static uint64_t rd_sie(struct hart *h, unsigned c) { (void)c; return h->mie & h->mideleg; }
static void wr_sie(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    h->mie = (h->mie & ~h->mideleg) | (v & h->mideleg);
    hart_kick(h);
}
static uint64_t rd_mip(struct hart *h, unsigned c) { (void)c; return hart_mip(h); }
/* csrrs/csrrc on mip modify the software-writable SEIP bit, not the
 * external interrupt line ORed into what csrr reads (priv. spec 3.1.9). */
static uint64_t rmw_mip(struct hart *h, unsigned c)
{
    (void)c;
    return (hart_mip(h) & ~MIP_SEIP) | (h->mip & MIP_SEIP);
}
/* M-mode may write SSIP, STIP and the software SEIP bit; the device lines
 * (MSIP, MTIP, MEIP, external SEIP) are read-only here.  With
 * menvcfg.STCE = 1, STIP is stimecmp's and read-only too (Sstc spec). */
static void wr_mip(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    uint64_t m = S_IRQ_MASK & ~((h->menvcfg & ENVCFG_STCE) ? MIP_STIP : 0);
    h->mip = (h->mip & ~m) | (v & m);
    hart_kick(h);
}
static uint64_t rd_sip(struct hart *h, unsigned c) { (void)c; return hart_mip(h) & h->mideleg; }
static void wr_sip(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    uint64_t m = h->mideleg & MIP_SSIP;
    h->mip = (h->mip & ~m) | (v & m);
    hart_kick(h);
}

/* ---- trap vectors and return addresses ---- */

/* xtvec: MODE 0 (direct) and 1 (vectored); other modes are reserved and
 * leave the mode unchanged (WARL). */
static uint64_t tvec_legal(uint64_t old, uint64_t v)
{
    return (v & 3) < 2 ? v : (v & ~3ull) | (old & 3);
}
static uint64_t rd_mtvec(struct hart *h, unsigned c) { (void)c; return h->mtvec; }
static void wr_mtvec(struct hart *h, unsigned c, uint64_t v) { (void)c; h->mtvec = tvec_legal(h->mtvec, v); }
static uint64_t rd_stvec(struct hart *h, unsigned c) { (void)c; return h->stvec; }
static void wr_stvec(struct hart *h, unsigned c, uint64_t v) { (void)c; h->stvec = tvec_legal(h->stvec, v); }

/* xepc[0] is always zero; xepc[1] reads as zero when IALIGN = 32. */
static uint64_t epc_read(const struct hart *h, uint64_t v)
{
    return v & ((h->misa & MISA_EXT('C')) ? ~1ull : ~3ull);
}
static uint64_t rd_mepc(struct hart *h, unsigned c) { (void)c; return epc_read(h, h->mepc); }
static void wr_mepc(struct hart *h, unsigned c, uint64_t v) { (void)c; h->mepc = v & ~1ull; }
static uint64_t rd_sepc(struct hart *h, unsigned c) { (void)c; return epc_read(h, h->sepc); }
static void wr_sepc(struct hart *h, unsigned c, uint64_t v) { (void)c; h->sepc = v & ~1ull; }

/* ---- environment configuration (privileged spec, menvcfg/senvcfg) ---- */

static bool has_ext(const struct hart *h, enum ext e)
{
    return (h->zext & EXT_BIT(e)) != 0;
}

/* The envcfg fields this hart implements (the rest are read-only zero):
 * CBIE/CBCFE with Zicbom, CBZE with Zicboz; in menvcfg also PBMTE with
 * Svpbmt, ADUE with Svadu, STCE with Sstc. */
static uint64_t senvcfg_mask(const struct hart *h)
{
    return ENVCFG_FIOM | (has_ext(h, EXT_Zicbom) ? ENVCFG_CBIE | ENVCFG_CBCFE : 0) |
           (has_ext(h, EXT_Zicboz) ? ENVCFG_CBZE : 0);
}

static uint64_t menvcfg_mask(const struct hart *h)
{
    return senvcfg_mask(h) | (has_ext(h, EXT_Svpbmt) ? ENVCFG_PBMTE : 0) |
           (has_ext(h, EXT_Svadu) ? ENVCFG_ADUE : 0) |
           (has_ext(h, EXT_Sstc) ? ENVCFG_STCE : 0);
}

/* WARL write of an envcfg: CBIE = 10 is reserved and keeps the old value. */
static uint64_t envcfg_legal(uint64_t old, uint64_t v, uint64_t mask)
{
    if ((v & ENVCFG_CBIE) == (2ull << 4))
        v = (v & ~ENVCFG_CBIE) | (old & ENVCFG_CBIE);
    return (old & ~mask) | (v & mask);
}

static uint64_t rd_menvcfg(struct hart *h, unsigned c) { (void)c; return h->menvcfg; }
static void wr_menvcfg(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    h->menvcfg = envcfg_legal(h->menvcfg, v, menvcfg_mask(h));
    hart_update_envcfg(h);
}
static uint64_t rd_senvcfg(struct hart *h, unsigned c) { (void)c; return h->senvcfg; }
static void wr_senvcfg(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    h->senvcfg = envcfg_legal(h->senvcfg, v, senvcfg_mask(h));
}

/* ---- Sstc ---- */

static uint64_t rd_stimecmp(struct hart *h, unsigned c) { (void)c; return h->stimecmp; }
/* A write re-evaluates STIP at once: a deadline in the past raises it, one
 * in the future clears it (the usual way S-mode acknowledges the timer). */
static void wr_stimecmp(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    h->stimecmp = v;
    hart_timer_update(h, rd_time(h, CSR_time));
}

/* ---- Smstateen: only SE (bit 63 of each) and mstateen0.ENVCFG mean
 * something here; every other bit is read-only zero ---- */

static uint64_t rd_mstateen(struct hart *h, unsigned c) { (void)c; return h->mstateen[c - CSR_mstateen0]; }
static void wr_mstateen(struct hart *h, unsigned c, uint64_t v)
{
    unsigned i = c - CSR_mstateen0;
    uint64_t mask = MSTATEEN_SE | (i == 0 ? MSTATEEN0_ENVCFG : 0);
    if (!has_ext(h, EXT_Ssstateen))
        mask &= ~MSTATEEN_SE;
    h->mstateen[i] = v & mask;
}

/* ---- translation and protection ---- */

static uint64_t rd_satp(struct hart *h, unsigned c) { (void)c; return h->mmu.satp; }
static void wr_satp(struct hart *h, unsigned c, uint64_t v) { (void)c; mmu_write_satp(&h->mmu, v); }

/* csrs.def names pmpcfg0/2 and pmpaddr0..15 as the implemented ones. */
_Static_assert(PMP_COUNT == 16, "csrs.def splits the PMP families at 16 entries");

static uint64_t rd_pmpcfg(struct hart *h, unsigned c)
{
    unsigned idx = c - CSR_pmpcfg0;
    return idx < PMP_COUNT / 4 ? pmp_read_cfg(&h->mmu, idx) : 0;
}
static void wr_pmpcfg(struct hart *h, unsigned c, uint64_t v)
{
    unsigned idx = c - CSR_pmpcfg0;
    if (idx < PMP_COUNT / 4)
        pmp_write_cfg(&h->mmu, idx, v);
}
static uint64_t rd_pmpaddr(struct hart *h, unsigned c)
{
    unsigned idx = c - CSR_pmpaddr0;
    return idx < PMP_COUNT ? pmp_read_addr(&h->mmu, idx) : 0;
}
static void wr_pmpaddr(struct hart *h, unsigned c, uint64_t v)
{
    unsigned idx = c - CSR_pmpaddr0;
    if (idx < PMP_COUNT)
        pmp_write_addr(&h->mmu, idx, v);
}

/* ---- guards (the guard column) ---- */

/* Any FP CSR access is illegal while mstatus.FS = Off (unpriv. spec 13.2). */
static bool guard_fs(const struct hart *h, unsigned c)
{
    (void)c;
    return (h->mstatus & MSTATUS_FS) != 0;
}

/* cycle/time/instret/hpmcounterN below M need their mcounteren bit, and in
 * U-mode also their scounteren bit (priv. spec 3.1.11, 4.1.3). */
static bool guard_counteren(const struct hart *h, unsigned c)
{
    unsigned bit = c & 31;
    if (h->priv < PRV_M && !((h->mcounteren >> bit) & 1))
        return false;
    if (h->priv == PRV_U && !((h->scounteren >> bit) & 1))
        return false;
    return true;
}

/* With mstatus.TVM = 1, satp is illegal in S-mode (priv. spec 3.1.6.5). */
static bool guard_tvm(const struct hart *h, unsigned c)
{
    (void)c;
    return !(h->priv == PRV_S && (h->mstatus & MSTATUS_TVM));
}
/* stimecmp below M needs menvcfg.STCE and mcounteren.TM (Sstc spec). */
static bool guard_sstc(const struct hart *h, unsigned c)
{
    (void)c;
    return h->priv == PRV_M ||
           ((h->menvcfg & ENVCFG_STCE) && (h->mcounteren & 2));
}

/* senvcfg below M needs mstateen0.ENVCFG on a hart with Smstateen. */
static bool guard_envcfg(const struct hart *h, unsigned c)
{
    (void)c;
    return h->priv == PRV_M || !has_ext(h, EXT_Smstateen) ||
           (h->mstateen[0] & MSTATEEN0_ENVCFG);
}

/* sstateenN below M needs mstateenN.SE (Smstateen spec). */
static bool guard_sstateen(const struct hart *h, unsigned c)
{
    return h->priv == PRV_M || (h->mstateen[c - CSR_sstateen0] & MSTATEEN_SE);
}
#define guard_any NULL

/* The ext column: does this hart have the extension? */
static bool csr_ext_present(const struct hart *h, enum csr_ext e)
{
    switch (e) {
    case CSR_EXT_Sm:
    case CSR_EXT_Zicntr:
    case CSR_EXT_Zihpm:     /* all hardwired to zero, which Zihpm allows */
    case CSR_EXT_Sdtrig:    /* with zero triggers */
        return true;
    case CSR_EXT_S:
        return (h->misa & MISA_EXT('S')) != 0;
    case CSR_EXT_F:
        return (h->misa & MISA_EXT('F')) != 0;
    case CSR_EXT_Sstc:
        return has_ext(h, EXT_Sstc);
    case CSR_EXT_Smstateen:
        return has_ext(h, EXT_Smstateen);
    case CSR_EXT_Ssstateen:
        return has_ext(h, EXT_Ssstateen);
    case CSR_EXT_H:
    case CSR_EXT_Sdext:
    case CSR_EXT_Smepmp:
        return false;
    }
    return false;
}

/* ---- the table, generated from csrs.def ---- */

/* The priv column must be what csr[9:8] says (priv. spec 2.1), and FIELD
 * rules must name 64-bit fields. */
#define CSR(num, name, priv, ext, guard, rule)                                \
    _Static_assert((((num) >> 8) & 3) == PRV_##priv,                         \
                   #name ": the priv column must equal csr[9:8]");           \
    CHECK_##rule
#define CSR_FAMILY(num, prefix, first, last, step, priv, ext, guard, rule)    \
    _Static_assert((((num) >> 8) & 3) == PRV_##priv,                         \
                   #prefix ": the priv column must equal csr[9:8]");         \
    _Static_assert((first) <= (last) && ((last) - (first)) % (step) == 0,    \
                   #prefix ": last must be first plus a multiple of step");  \
    CHECK_##rule
#define CHECK_FIELD(f, mask)                                                  \
    _Static_assert(sizeof(((struct hart *)0)->f) == sizeof(uint64_t),        \
                   #f ": FIELD needs a uint64_t hart field");
#define CHECK_RW(rd, wr)
#define CHECK_RO(rd)
#define CHECK_RMW(rd, wr, rmw)
#define CHECK_ZERO
#define CHECK_NONE
#include "csrs.def"
#undef CSR
#undef CSR_FAMILY

/* Index of each line in the table, named by its number. */
enum {
#define CSR(num, name, priv, ext, guard, rule) CSRI_##num,
#define CSR_FAMILY(num, prefix, first, last, step, priv, ext, guard, rule) CSRI_##num,
#include "csrs.def"
#undef CSR
#undef CSR_FAMILY
    CSR_LINES
};

#define FIELD(f, m) .kind = K_FIELD, .off = offsetof(struct hart, f), .mask = (m)
#define RW(rd, wr) .kind = K_FN, .read = rd, .write = wr
#define RO(rd) .kind = K_FN, .read = rd
#define RMW(rd, wr, r) .kind = K_FN, .read = rd, .write = wr, .rmw = r
#define ZERO .kind = K_ZERO
#define NONE .kind = K_NONE
static const struct csr_entry csr_table[CSR_LINES] = {
#define CSR(num_, name_, priv_, ext_, g_, rule)                               \
    [CSRI_##num_] = { .num = num_, .family = false, .step = 1,                \
                      .name = #name_, .priv = PRV_##priv_,                    \
                      .ext = CSR_EXT_##ext_, .guard = guard_##g_, rule },
#define CSR_FAMILY(num_, prefix, first_, last_, step_, priv_, ext_, g_, rule) \
    [CSRI_##num_] = { .num = num_, .family = true,                            \
                      .first = first_, .last = last_,                         \
                      .step = step_, .name = #prefix, .priv = PRV_##priv_,    \
                      .ext = CSR_EXT_##ext_, .guard = guard_##g_, rule },
#include "csrs.def"
#undef CSR
#undef CSR_FAMILY
};
#undef FIELD
#undef RW
#undef RO
#undef RMW
#undef ZERO
#undef NONE

/* The line describing CSR num, or NULL.  CSR instructions end their block,
 * so this runs once per CSR instruction: a switch (duplicate numbers in
 * csrs.def fail to compile) and then the few families. */
static const struct csr_entry *csr_find(unsigned num)
{
    switch (num) {
#define CSR(num_, name, priv, ext, guard, rule) case num_: return &csr_table[CSRI_##num_];
#define CSR_FAMILY(num, prefix, first, last, step, priv, ext, guard, rule)
#include "csrs.def"
#undef CSR
#undef CSR_FAMILY
    default:
        break;
    }
#define CSR(num, name, priv, ext, guard, rule)
#define CSR_FAMILY(num_, prefix, first, last, step, priv, ext, guard, rule)   \
    if (num >= num_ && num <= num_ + (last) - (first) &&                      \
        (num - num_) % (step) == 0)                                           \
        return &csr_table[CSRI_##num_];
#include "csrs.def"
#undef CSR
#undef CSR_FAMILY
    return NULL;
}

static uint64_t entry_read(const struct csr_entry *e, struct hart *h, unsigned num)
{
    switch (e->kind) {
    case K_FIELD: return *(const uint64_t *)((const char *)h + e->off);
    case K_FN: return e->read(h, num);
    default: return 0;
    }
}

static void entry_write(const struct csr_entry *e, struct hart *h, unsigned num,
                        uint64_t v)
{
    if (e->kind == K_FIELD) {
        uint64_t *p = (uint64_t *)((char *)h + e->off);
        *p = (*p & ~e->mask) | (v & e->mask);
    } else if (e->kind == K_FN && e->write) {
        e->write(h, num, v);
    }
}

bool csr_op(struct hart *h, unsigned csr, int kind, uint64_t operand,
            bool do_write, uint64_t *old)
{
    const struct csr_entry *e = csr_find(csr);
    if (!e || e->kind == K_NONE || !csr_ext_present(h, e->ext))
        return false;
    if (e->priv > h->priv)      /* the priv column, asserted = csr[9:8] */
        return false;
    if (do_write && (csr >> 10) == 3)
        return false;
    if (e->guard && !e->guard(h, csr))
        return false;
    *old = entry_read(e, h, csr);
    if (!do_write)
        return true;
    uint64_t v = e->kind == K_FN && e->rmw ? e->rmw(h, csr) : *old;
    uint64_t nv = kind == CSR_W ? operand : kind == CSR_S ? v | operand : v & ~operand;
    entry_write(e, h, csr, nv);
    return true;
}

/* The debugger's view: every CSR rvx implements, whatever the privilege,
 * the guards or misa say (gdb may read satp of a hart in M-mode). */
bool hart_csr_read(struct hart *h, unsigned csr, uint64_t *val)
{
    const struct csr_entry *e = csr_find(csr);
    if (!e || e->kind == K_NONE)
        return false;
    *val = entry_read(e, h, csr);
    return true;
}

bool hart_csr_write(struct hart *h, unsigned csr, uint64_t val)
{
    const struct csr_entry *e = csr_find(csr);
    if (!e || e->kind == K_NONE)
        return false;
    entry_write(e, h, csr, val);
    return true;
}

bool csr_describe(unsigned num, struct csr_desc *d)
{
    const struct csr_entry *e = csr_find(num);
    if (!e)
        return false;
    d->num = num;
    if (e->family)
        snprintf(d->name, sizeof d->name, "%s%u", e->name,
                 e->first + (num - e->num));
    else
        snprintf(d->name, sizeof d->name, "%s", e->name);
    d->priv = e->priv;
    d->ext = (enum csr_ext)e->ext;
    d->implemented = e->kind != K_NONE;
    d->hardwired_zero = e->kind == K_ZERO;
    return true;
}

const char *csr_name(unsigned num, char *buf, size_t len)
{
    struct csr_desc d;
    if (csr_describe(num, &d))
        snprintf(buf, len, "%s", d.name);
    else
        snprintf(buf, len, "0x%03x", num);
    return buf;
}
