/* Control and status registers: one table of {range, name, access rule,
 * read, write}.  The generic rules (privilege from csr[9:8], read-only when
 * csr[11:10] = 3) are checked once in csr_op; each entry's predicate adds
 * what is particular to it (FS, TVM, counter enables). */
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
/* Exceptions that can be delegated: all but ecall-from-M (medeleg[11] is
 * read-only zero) and the reserved causes 10 and 14. */
#define MEDELEG_MASK 0xb3ffull

typedef uint64_t (*csr_read_fn)(struct hart *h, unsigned csr);
typedef void (*csr_write_fn)(struct hart *h, unsigned csr, uint64_t v);
typedef bool (*csr_pred_fn)(const struct hart *h, unsigned csr);

struct csr_def {
    uint16_t lo, hi;
    const char *name;
    csr_pred_fn pred;
    csr_read_fn read;
    csr_write_fn write;     /* NULL: writes ignored (WARL read-only) */
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

/* ---- FP CSRs ---- */

static bool pred_fp(const struct hart *h, unsigned c)
{
    (void)c;
    return (h->misa & MISA_EXT('F')) && (h->mstatus & MSTATUS_FS);
}
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

/* cycle/time/instret/hpmcounterN below M need the mcounteren bit, and in
 * U-mode also the scounteren bit. */
static bool pred_counter(const struct hart *h, unsigned c)
{
    unsigned bit = c & 31;
    if (h->priv < PRV_M && !((h->mcounteren >> bit) & 1))
        return false;
    if (h->priv == PRV_U && !((h->scounteren >> bit) & 1))
        return false;
    return true;
}
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

static uint64_t rd_counter(struct hart *h, unsigned c)
{
    switch (c & 31) {
    case 0: return counter_get(h, 0);
    case 1: return h->read_time ? h->read_time(h->time_opaque) : 0;
    case 2: return counter_get(h, 1);
    default: return 0;
    }
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

/* ---- trap setup and handling ---- */

static uint64_t rd_zero(struct hart *h, unsigned c) { (void)h; (void)c; return 0; }
static uint64_t rd_misa(struct hart *h, unsigned c) { (void)c; return h->misa; }
static uint64_t rd_mhartid(struct hart *h, unsigned c) { (void)c; return h->mhartid; }

static uint64_t rd_medeleg(struct hart *h, unsigned c) { (void)c; return h->medeleg; }
static void wr_medeleg(struct hart *h, unsigned c, uint64_t v) { (void)c; h->medeleg = v & MEDELEG_MASK; }
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
/* M-mode may write SSIP, STIP and the software SEIP bit; the device lines
 * (MSIP, MTIP, MEIP, external SEIP) are read-only here. */
static void wr_mip(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    h->mip = (h->mip & ~S_IRQ_MASK) | (v & S_IRQ_MASK);
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

#define PLAIN_CSR(field)                                                        \
    static uint64_t rd_##field(struct hart *h, unsigned c) { (void)c; return h->field; } \
    static void wr_##field(struct hart *h, unsigned c, uint64_t v) { (void)c; h->field = v; }
PLAIN_CSR(mscratch)
PLAIN_CSR(mcause)
PLAIN_CSR(mtval)
PLAIN_CSR(sscratch)
PLAIN_CSR(scause)
PLAIN_CSR(stval)

static uint64_t rd_mcounteren(struct hart *h, unsigned c) { (void)c; return h->mcounteren; }
static void wr_mcounteren(struct hart *h, unsigned c, uint64_t v) { (void)c; h->mcounteren = v & 0xffffffffu; }
static uint64_t rd_scounteren(struct hart *h, unsigned c) { (void)c; return h->scounteren; }
static void wr_scounteren(struct hart *h, unsigned c, uint64_t v) { (void)c; h->scounteren = v & 0xffffffffu; }
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
/* envcfg: only FIOM is implemented (no Zicbom/Zicboz/Svpbmt/Sstc). */
static uint64_t rd_menvcfg(struct hart *h, unsigned c) { (void)c; return h->menvcfg; }
static void wr_menvcfg(struct hart *h, unsigned c, uint64_t v) { (void)c; h->menvcfg = v & 1; }
static uint64_t rd_senvcfg(struct hart *h, unsigned c) { (void)c; return h->senvcfg; }
static void wr_senvcfg(struct hart *h, unsigned c, uint64_t v) { (void)c; h->senvcfg = v & 1; }

/* ---- translation and protection ---- */

static bool pred_satp(const struct hart *h, unsigned c)
{
    (void)c;
    return !(h->priv == PRV_S && (h->mstatus & MSTATUS_TVM));
}
static uint64_t rd_satp(struct hart *h, unsigned c) { (void)c; return h->mmu.satp; }
static void wr_satp(struct hart *h, unsigned c, uint64_t v) { (void)c; mmu_write_satp(&h->mmu, v); }

/* RV64 has only even pmpcfg registers; 16 entries are implemented, the
 * other pmpcfg/pmpaddr CSRs read as zero. */
static bool pred_pmpcfg(const struct hart *h, unsigned c) { (void)h; return !(c & 1); }
static uint64_t rd_pmpcfg(struct hart *h, unsigned c)
{
    unsigned idx = c - 0x3a0;
    return idx < 4 ? pmp_read_cfg(&h->mmu, idx) : 0;
}
static void wr_pmpcfg(struct hart *h, unsigned c, uint64_t v)
{
    unsigned idx = c - 0x3a0;
    if (idx < 4)
        pmp_write_cfg(&h->mmu, idx, v);
}
static uint64_t rd_pmpaddr(struct hart *h, unsigned c)
{
    unsigned idx = c - 0x3b0;
    return idx < PMP_COUNT ? pmp_read_addr(&h->mmu, idx) : 0;
}
static void wr_pmpaddr(struct hart *h, unsigned c, uint64_t v)
{
    unsigned idx = c - 0x3b0;
    if (idx < PMP_COUNT)
        pmp_write_addr(&h->mmu, idx, v);
}
static void wr_ignore(struct hart *h, unsigned c, uint64_t v) { (void)h; (void)c; (void)v; }

static const struct csr_def csrs[] = {
    { 0x001, 0x001, "fflags", pred_fp, rd_fflags, wr_fflags },
    { 0x002, 0x002, "frm", pred_fp, rd_frm, wr_frm },
    { 0x003, 0x003, "fcsr", pred_fp, rd_fcsr, wr_fcsr },
    { 0x100, 0x100, "sstatus", NULL, rd_sstatus, wr_sstatus },
    { 0x104, 0x104, "sie", NULL, rd_sie, wr_sie },
    { 0x105, 0x105, "stvec", NULL, rd_stvec, wr_stvec },
    { 0x106, 0x106, "scounteren", NULL, rd_scounteren, wr_scounteren },
    { 0x10a, 0x10a, "senvcfg", NULL, rd_senvcfg, wr_senvcfg },
    { 0x140, 0x140, "sscratch", NULL, rd_sscratch, wr_sscratch },
    { 0x141, 0x141, "sepc", NULL, rd_sepc, wr_sepc },
    { 0x142, 0x142, "scause", NULL, rd_scause, wr_scause },
    { 0x143, 0x143, "stval", NULL, rd_stval, wr_stval },
    { 0x144, 0x144, "sip", NULL, rd_sip, wr_sip },
    { 0x180, 0x180, "satp", pred_satp, rd_satp, wr_satp },
    { 0x300, 0x300, "mstatus", NULL, rd_mstatus, wr_mstatus },
    { 0x301, 0x301, "misa", NULL, rd_misa, wr_ignore },
    { 0x302, 0x302, "medeleg", NULL, rd_medeleg, wr_medeleg },
    { 0x303, 0x303, "mideleg", NULL, rd_mideleg, wr_mideleg },
    { 0x304, 0x304, "mie", NULL, rd_mie, wr_mie },
    { 0x305, 0x305, "mtvec", NULL, rd_mtvec, wr_mtvec },
    { 0x306, 0x306, "mcounteren", NULL, rd_mcounteren, wr_mcounteren },
    { 0x30a, 0x30a, "menvcfg", NULL, rd_menvcfg, wr_menvcfg },
    { 0x320, 0x320, "mcountinhibit", NULL, rd_mcountinhibit, wr_mcountinhibit },
    { 0x323, 0x33f, "mhpmevent", NULL, rd_zero, wr_ignore },
    { 0x340, 0x340, "mscratch", NULL, rd_mscratch, wr_mscratch },
    { 0x341, 0x341, "mepc", NULL, rd_mepc, wr_mepc },
    { 0x342, 0x342, "mcause", NULL, rd_mcause, wr_mcause },
    { 0x343, 0x343, "mtval", NULL, rd_mtval, wr_mtval },
    { 0x344, 0x344, "mip", NULL, rd_mip, wr_mip },
    { 0x3a0, 0x3af, "pmpcfg", pred_pmpcfg, rd_pmpcfg, wr_pmpcfg },
    { 0x3b0, 0x3ef, "pmpaddr", NULL, rd_pmpaddr, wr_pmpaddr },
    /* debug triggers: none implemented (tselect/tdata read zero) */
    { 0x7a0, 0x7a5, "tselect", NULL, rd_zero, wr_ignore },
    { 0xb00, 0xb00, "mcycle", NULL, rd_counter, wr_mcycle },
    { 0xb02, 0xb02, "minstret", NULL, rd_counter, wr_minstret },
    { 0xb03, 0xb1f, "mhpmcounter", NULL, rd_zero, wr_ignore },
    { 0xc00, 0xc1f, "cycle", pred_counter, rd_counter, NULL },
    { 0xf11, 0xf13, "mvendorid", NULL, rd_zero, NULL },
    { 0xf14, 0xf14, "mhartid", NULL, rd_mhartid, NULL },
    { 0xf15, 0xf15, "mconfigptr", NULL, rd_zero, NULL },
};

static const struct csr_def *find_csr(unsigned csr)
{
    for (size_t i = 0; i < sizeof csrs / sizeof csrs[0]; i++)
        if (csr >= csrs[i].lo && csr <= csrs[i].hi)
            return &csrs[i];
    return NULL;
}

bool csr_op(struct hart *h, unsigned csr, int kind, uint64_t operand,
            bool do_write, uint64_t *old)
{
    const struct csr_def *d = find_csr(csr);
    if (!d)
        return false;
    if ((int)((csr >> 8) & 3) > h->priv)
        return false;
    if (do_write && (csr >> 10) == 3)
        return false;
    if (d->pred && !d->pred(h, csr))
        return false;
    /* S-mode views need S-mode to exist */
    if (((csr >> 8) & 3) == 1 && !(h->misa & MISA_EXT('S')))
        return false;
    uint64_t v = d->read(h, csr);
    *old = v;
    if (!do_write)
        return true;
    /* read-modify-write of mip uses the software SEIP bit, not the line */
    if (csr == 0x344)
        v = (v & ~MIP_SEIP) | (h->mip & MIP_SEIP);
    uint64_t nv = kind == CSR_W ? operand : kind == CSR_S ? v | operand : v & ~operand;
    if (d->write)
        d->write(h, csr, nv);
    return true;
}

bool hart_csr_read(struct hart *h, unsigned csr, uint64_t *val)
{
    const struct csr_def *d = find_csr(csr);
    if (!d || csr > 0xfff)
        return false;
    *val = d->read(h, csr);
    return true;
}

bool hart_csr_write(struct hart *h, unsigned csr, uint64_t val)
{
    const struct csr_def *d = find_csr(csr);
    if (!d || csr > 0xfff)
        return false;
    if (d->write)
        d->write(h, csr, val);
    return true;
}
