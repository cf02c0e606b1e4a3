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

/* ---- Zihpm: hpmcounter3..31 and their events; Sscofpmf ----
 *
 * The events rvx counts (mhpmevent[55:0]; any other value reads back as
 * 0, "no event": the field is WARL).  1, 2 and the 0x1xxxx cache events
 * are the SBI PMU specification's event_idx codes (general events;
 * cache events as 1 << 16 | cache_id << 3 | op_id << 1 | result_id), the
 * mhpmevent values QEMU's virt machine also uses, so a device tree
 * "riscv,pmu" node can map SBI events to them one to one.  0x100.. are
 * rvx's own.  Every event is counted where it happens (the MMU's slow
 * path, trap delivery) or derived from the retired count, so all engines
 * (interp, block, JIT) count the same; the one exception is code run
 * from a page the fetch TLB cannot hold (PMP splits it, or device
 * memory), which hart_run translates and then step_one translates again.
 *
 *   mhpmevent  event
 *   0x00001    cycles: rvx retires one instruction per cycle, so the
 *              instructions retired
 *   0x00002    instructions retired
 *   0x10019    DTLB load misses: loads (and LR) whose page the data TLB
 *              did not hold, so the page table was walked (paging on)
 *   0x10021    ITLB misses: fetches that walked the page table
 *   0x00100    exceptions taken (the trapping mode counts them)
 *   0x00101    interrupts taken
 *
 * Each counter is derived, never incremented: hpm_off[k] plus the
 * event's per-mode counts summed over the modes counter k counts in
 * (not inhibited by mcountinhibit, nor by mhpmevent.MINH/SINH/UINH
 * under Sscofpmf).  Any change of what a counter counts goes through
 * hpm_save/hpm_restore, which keep its value across the change.
 * Overflow (Sscofpmf: the counter wraps from all ones to zero) is found
 * by hpm_sync comparing each value with the last one seen: before
 * interrupts are evaluated, before OF/scountovf/mip are read, at every
 * privilege change, and when hart_run reaches hpm_deadline, the retired
 * count at which an instruction-counting counter wraps. */
enum hpm_src { SRC_NONE, SRC_INSTRET, SRC_ITLB, SRC_DTLB_LOAD, SRC_EXC, SRC_IRQ };
static const struct { uint64_t code; uint8_t src; } hpm_events[] = {
    { 0x00001, SRC_INSTRET },
    { 0x00002, SRC_INSTRET },
    { 0x10019, SRC_DTLB_LOAD },
    { 0x10021, SRC_ITLB },
    { 0x00100, SRC_EXC },
    { 0x00101, SRC_IRQ },
};

#define HPM_EVENT_FIELD ((1ull << 56) - 1)
/* Sscofpmf bits of mhpmevent (VSINH/VUINH are read-only zero: no H) */
#define HPM_OF (1ull << 63)
#define HPM_MINH (1ull << 62)
#define HPM_SINH (1ull << 61)
#define HPM_UINH (1ull << 60)
#define HPM_FIRST 3

static bool has_zext(const struct hart *h, enum ext e) { return (h->zext & EXT_BIT(e)) != 0; }

static unsigned hpm_decode(uint64_t event)
{
    for (size_t i = 0; i < sizeof hpm_events / sizeof hpm_events[0]; i++)
        if (hpm_events[i].code == (event & HPM_EVENT_FIELD))
            return hpm_events[i].src;
    return SRC_NONE;
}

/* The count of source src in privilege mode m so far. */
static uint64_t src_count(const struct hart *h, unsigned src, int m)
{
    switch (src) {
    case SRC_INSTRET:
        return h->hpm_instret[m] + (m == h->hpm_mode ? h->instret - h->hpm_mark : 0);
    case SRC_ITLB: return h->mmu.tlb_misses[ACC_FETCH][m];
    case SRC_DTLB_LOAD: return h->mmu.tlb_misses[ACC_LOAD][m];
    case SRC_EXC: return h->exc_in_mode[m];
    case SRC_IRQ: return h->irq_in_mode[m];
    default: return 0;
    }
}

/* Does counter k count in mode m? */
static bool hpm_counts_in(const struct hart *h, unsigned k, int m)
{
    static const uint64_t inh[4] = { HPM_UINH, HPM_SINH, 0, HPM_MINH };
    return ((h->hpm_active >> k) & 1) && !(h->hpm_event[k] & inh[m]);
}

static uint64_t hpm_source(const struct hart *h, unsigned k)
{
    static const int modes[] = { PRV_U, PRV_S, PRV_M };
    uint64_t sum = 0;
    for (size_t i = 0; i < 3; i++)
        if (hpm_counts_in(h, k, modes[i]))
            sum += src_count(h, h->hpm_src[k], modes[i]);
    return sum;
}

static uint64_t hpm_value(const struct hart *h, unsigned k)
{
    return h->hpm_off[k] + hpm_source(h, k);
}

static void hpm_miss_hook(void *opaque) { hart_kick(opaque); }

/* After a change: which counters count, the MMU hook (a TLB event
 * counter needs the boundary check after a miss, not only at the next
 * trap), and the retired count at which one next wraps. */
static void hpm_rearm(struct hart *h)
{
    uint32_t active = 0;
    bool tlb = false;
    for (unsigned k = HPM_FIRST; k < 32; k++) {
        unsigned src = h->hpm_src[k];
        if (src != SRC_NONE && !((h->mcountinhibit >> k) & 1)) {
            active |= 1u << k;
            tlb |= src == SRC_ITLB || src == SRC_DTLB_LOAD;
        }
    }
    h->hpm_active = active;
    h->mmu.miss_hook = tlb ? hpm_miss_hook : NULL;
    h->mmu.miss_opaque = h;
    uint64_t deadline = UINT64_MAX;
    for (uint32_t a = active; a; a &= a - 1) {
        unsigned k = (unsigned)__builtin_ctz(a);
        if (h->hpm_src[k] != SRC_INSTRET || !hpm_counts_in(h, k, h->hpm_mode))
            continue;
        uint64_t left = -hpm_value(h, k);   /* increments until it wraps */
        if (left && left <= UINT64_MAX - h->instret && h->instret + left < deadline)
            deadline = h->instret + left;
    }
    h->hpm_deadline = deadline;
}

void hpm_sync(struct hart *h)
{
    for (uint32_t a = h->hpm_active; a; a &= a - 1) {
        unsigned k = (unsigned)__builtin_ctz(a);
        uint64_t v = hpm_value(h, k);
        /* counters only grow between checks: a smaller value wrapped.
         * An interrupt request only while OF is clear (Sscofpmf). */
        if (v < h->hpm_last[k] && has_zext(h, EXT_Sscofpmf) &&
            !(h->hpm_event[k] & HPM_OF)) {
            h->hpm_event[k] |= HPM_OF;
            h->mip |= MIP_LCOFIP;
            hart_kick(h);
        }
        h->hpm_last[k] = v;
    }
    if (h->instret >= h->hpm_deadline)
        hpm_rearm(h);
}

/* Around a change of what counters count: their values stay. */
static void hpm_save(struct hart *h, uint64_t v[32])
{
    hpm_sync(h);
    for (unsigned k = HPM_FIRST; k < 32; k++)
        v[k] = hpm_value(h, k);
}
static void hpm_restore(struct hart *h, const uint64_t v[32])
{
    hpm_rearm(h);
    for (unsigned k = HPM_FIRST; k < 32; k++) {
        h->hpm_off[k] = v[k] - hpm_source(h, k);
        h->hpm_last[k] = v[k];
    }
    hpm_rearm(h);
}

void hpm_reset(struct hart *h)
{
    for (unsigned k = 0; k < 32; k++) {
        h->hpm_event[k] = h->hpm_off[k] = h->hpm_last[k] = 0;
        h->hpm_src[k] = SRC_NONE;
    }
    h->hpm_mode = h->priv;
    h->hpm_mark = h->instret;
    hpm_rearm(h);
}

void hpm_set_mode(struct hart *h, int priv)
{
    if (priv == h->hpm_mode)
        return;
    h->hpm_instret[h->hpm_mode] += h->instret - h->hpm_mark;
    h->hpm_mark = h->instret;
    if (!h->hpm_active) {   /* (the common case: nothing to re-check) */
        h->hpm_mode = priv;
        return;
    }
    hpm_sync(h);    /* (wraps so far; the deadline below is from now on) */
    h->hpm_mode = priv;
    hpm_rearm(h);
}

/* Without Zihpm the counters and events are hardwired to zero (as the
 * privileged spec allows for mhpmcounter/mhpmevent). */
static uint64_t rd_hpmcounter(struct hart *h, unsigned c)
{
    return has_zext(h, EXT_Zihpm) ? hpm_value(h, c & 31) : 0;
}
/* As for minstret, the write takes precedence over the increment for the
 * writing instruction itself when the counter counts it. */
static void wr_mhpmcounter(struct hart *h, unsigned c, uint64_t v)
{
    unsigned k = c & 31;
    if (!has_zext(h, EXT_Zihpm))
        return;
    hpm_sync(h);
    bool self = h->hpm_src[k] == SRC_INSTRET && hpm_counts_in(h, k, h->hpm_mode);
    h->hpm_off[k] = v - (self ? 1 : 0) - hpm_source(h, k);
    h->hpm_last[k] = v;     /* a write never overflows (Sscofpmf) */
    hpm_rearm(h);
}
static uint64_t rd_mhpmevent(struct hart *h, unsigned c)
{
    hpm_sync(h);
    return h->hpm_event[c & 31];
}
static void wr_mhpmevent(struct hart *h, unsigned c, uint64_t v)
{
    if (!has_zext(h, EXT_Zihpm))
        return;
    uint64_t saved[32];
    uint64_t keep = has_zext(h, EXT_Sscofpmf) ? HPM_OF | HPM_MINH | HPM_SINH | HPM_UINH : 0;
    hpm_save(h, saved);
    unsigned src = hpm_decode(v);
    h->hpm_event[c & 31] = (v & keep) | (src != SRC_NONE ? v & HPM_EVENT_FIELD : 0);
    h->hpm_src[c & 31] = (uint8_t)src;
    hpm_restore(h, saved);
}
/* Sscofpmf: the OF bits; below M only those mcounteren grants. */
static uint64_t rd_scountovf(struct hart *h, unsigned c)
{
    (void)c;
    hpm_sync(h);
    uint64_t v = 0;
    for (unsigned k = HPM_FIRST; k < 32; k++)
        v |= (h->hpm_event[k] >> 63) << k;
    return h->priv == PRV_M ? v : v & h->mcounteren;
}

/* mcountinhibit bit 1 (time) is read-only zero */
static uint64_t rd_mcountinhibit(struct hart *h, unsigned c) { (void)c; return h->mcountinhibit; }
static void wr_mcountinhibit(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    uint64_t saved[32];
    hpm_save(h, saved);
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
    hpm_restore(h, saved);
}

/* ---- interrupts ---- */

/* Sscofpmf adds the local counter-overflow interrupt (bit 13): enabled in
 * mie/sie, delegable through mideleg, and its pending bit in mip/sip is
 * writable by software (it clears it before servicing the overflow). */
static uint64_t lcofi_bit(const struct hart *h)
{
    return has_zext(h, EXT_Sscofpmf) ? MIP_LCOFIP : 0;
}

static uint64_t rd_mideleg(struct hart *h, unsigned c) { (void)c; return h->mideleg; }
static void wr_mideleg(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    h->mideleg = v & (S_IRQ_MASK | lcofi_bit(h));
    hart_kick(h);
}
static uint64_t rd_mie(struct hart *h, unsigned c) { (void)c; return h->mie; }
static void wr_mie(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    h->mie = v & (IRQ_MASK | lcofi_bit(h));
    hart_kick(h);
}
static uint64_t rd_sie(struct hart *h, unsigned c) { (void)c; return h->mie & h->mideleg; }
static void wr_sie(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    h->mie = (h->mie & ~h->mideleg) | (v & h->mideleg);
    hart_kick(h);
}
/* (reads of mip/sip first bring LCOFIP up to date: hpm_sync) */
static uint64_t rd_mip(struct hart *h, unsigned c) { (void)c; hpm_sync(h); return hart_mip(h); }
/* csrrs/csrrc on mip modify the software-writable SEIP bit, not the
 * external interrupt line ORed into what csrr reads (priv. spec 3.1.9). */
static uint64_t rmw_mip(struct hart *h, unsigned c)
{
    (void)c;
    return (hart_mip(h) & ~MIP_SEIP) | (h->mip & MIP_SEIP);
}
/* M-mode may write SSIP, STIP, the software SEIP bit and LCOFIP; the
 * device lines (MSIP, MTIP, MEIP, external SEIP) are read-only here.  With
 * menvcfg.STCE = 1, STIP is stimecmp's and read-only too (Sstc spec). */
static void wr_mip(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    uint64_t m = (S_IRQ_MASK | lcofi_bit(h)) & ~((h->menvcfg & ENVCFG_STCE) ? MIP_STIP : 0);
    h->mip = (h->mip & ~m) | (v & m);
    hart_kick(h);
}
static uint64_t rd_sip(struct hart *h, unsigned c) { (void)c; hpm_sync(h); return hart_mip(h) & h->mideleg; }
static void wr_sip(struct hart *h, unsigned c, uint64_t v)
{
    (void)c;
    uint64_t m = h->mideleg & (MIP_SSIP | lcofi_bit(h));
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
    /* (the CLINT's upkeep on another thread reads STCE: cpu.h) */
    __atomic_store_n(&h->menvcfg, envcfg_legal(h->menvcfg, v, menvcfg_mask(h)),
                     __ATOMIC_RELAXED);
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
    __atomic_store_n(&h->stimecmp, v, __ATOMIC_RELAXED);    /* (as menvcfg) */
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
    case CSR_EXT_Zihpm:     /* without Zihpm hardwired to zero (rd_hpmcounter) */
    case CSR_EXT_Sdtrig:    /* with zero triggers */
        return true;
    case CSR_EXT_Sscofpmf:
        return has_zext(h, EXT_Sscofpmf);
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
