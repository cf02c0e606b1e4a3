/* Traps, interrupts and the xRET instructions (privileged spec 1.12,
 * "Machine-Level ISA" 3.1.6-3.1.9 and 3.3.2). */
#include "internal.h"

void hart_update_mmu_context(struct hart *h)
{
    int data_priv = h->priv;
    if (h->priv == PRV_M && (h->mstatus & MSTATUS_MPRV))
        data_priv = (int)((h->mstatus & MSTATUS_MPP) >> 11);
    mmu_set_context(&h->mmu, h->priv, data_priv, (h->mstatus & MSTATUS_SUM) != 0,
                    (h->mstatus & MSTATUS_MXR) != 0);
}

static void set_priv(struct hart *h, int priv)
{
    hpm_set_mode(h, priv);      /* counters count per mode (Sscofpmf) */
    h->priv = priv;
    hart_update_mmu_context(h);
}

/* SBI set_timer: the TIME extension's function 0 (EID 0x54494D45,
 * "TIME", SBI spec chapter 6) or the legacy EID 0.  Counted for --stats,
 * which shows a kernel using Sstc stop asking. */
static void count_sbi_call(struct hart *h)
{
    uint64_t eid = h->x[17], fid = h->x[16];
    if ((eid == 0x54494D45 && fid == 0) || eid == 0)
        h->sbi_set_timer++;
}

/* Traps from M never delegate; from S/U, the cause's bit in medeleg or
 * mideleg sends it to S. */
void trap_take(struct hart *h, uint64_t cause, uint64_t tval, uint64_t pc)
{
    bool irq = (cause & CAUSE_INTERRUPT) != 0;
    unsigned code = (unsigned)(cause & 63);
    uint64_t deleg = irq ? h->mideleg : h->medeleg;
    h->ntraps++;
    if (cause == EXC_ECALL_S)
        count_sbi_call(h);
    if (irq)    /* performance-counter events, in the trapping mode */
        h->irq_in_mode[h->priv & 3]++;
    else
        h->exc_in_mode[h->priv & 3]++;
    h->resv_valid = false;
    h->wfi = false;
    hart_kick(h);
    if (h->priv <= PRV_S && ((deleg >> code) & 1)) {
        h->scause = cause;
        h->sepc = pc;
        h->stval = tval;
        uint64_t s = h->mstatus & ~(MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE);
        if (h->priv == PRV_S)
            s |= MSTATUS_SPP;
        if (h->mstatus & MSTATUS_SIE)
            s |= MSTATUS_SPIE;
        h->mstatus = s;
        uint64_t base = h->stvec & ~3ull;
        h->pc = (irq && (h->stvec & 1)) ? base + 4 * code : base;
        set_priv(h, PRV_S);
    } else {
        h->mcause = cause;
        h->mepc = pc;
        h->mtval = tval;
        uint64_t s = h->mstatus & ~(MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE);
        s |= (uint64_t)h->priv << 11;
        if (h->mstatus & MSTATUS_MIE)
            s |= MSTATUS_MPIE;
        h->mstatus = s;
        uint64_t base = h->mtvec & ~3ull;
        h->pc = (irq && (h->mtvec & 1)) ? base + 4 * code : base;
        set_priv(h, PRV_M);
    }
}

/* Standard priority order: MEI, MSI, MTI, SEI, SSI, STI, then LCOFI
 * (priv. spec 3.1.9 with Sscofpmf). */
static const unsigned irq_priority[] = { 11, 3, 7, 9, 1, 5, 13 };

static int pick(uint64_t pending)
{
    for (size_t i = 0; i < sizeof irq_priority / sizeof irq_priority[0]; i++)
        if ((pending >> irq_priority[i]) & 1)
            return (int)irq_priority[i];
    return -1;
}

bool trap_check_interrupts(struct hart *h)
{
    hpm_sync(h);    /* a counter overflow raises LCOFIP */
    uint64_t pending = hart_mip(h) & h->mie;
    if (!pending)
        return false;
    /* M-level interrupts are enabled below M always, in M with MIE */
    uint64_t m = pending & ~h->mideleg;
    bool m_on = h->priv < PRV_M || (h->mstatus & MSTATUS_MIE);
    uint64_t s = pending & h->mideleg;
    bool s_on = h->priv < PRV_S || (h->priv == PRV_S && (h->mstatus & MSTATUS_SIE));
    int code = -1;
    if (m_on && m)
        code = pick(m);
    else if (s_on && s)
        code = pick(s);
    if (code < 0)
        return false;
    trap_take(h, CAUSE_INTERRUPT | (uint64_t)code, 0, h->pc);
    h->nirqs++;
    return true;
}

bool hart_wakeup_pending(const struct hart *h)
{
    return (hart_mip(h) & h->mie) != 0;
}

void trap_mret(struct hart *h)
{
    int mpp = (int)((h->mstatus & MSTATUS_MPP) >> 11);
    uint64_t s = h->mstatus & ~(MSTATUS_MIE | MSTATUS_MPP);
    if (h->mstatus & MSTATUS_MPIE)
        s |= MSTATUS_MIE;
    s |= MSTATUS_MPIE;
    if (mpp != PRV_M)
        s &= ~MSTATUS_MPRV;
    h->mstatus = s;
    h->resv_valid = false;
    hart_kick(h);
    h->pc = h->mepc & ((h->misa & MISA_EXT('C')) ? ~1ull : ~3ull);
    set_priv(h, mpp);
}

void trap_sret(struct hart *h)
{
    int spp = (h->mstatus & MSTATUS_SPP) ? PRV_S : PRV_U;
    uint64_t s = h->mstatus & ~(MSTATUS_SIE | MSTATUS_SPP | MSTATUS_MPRV);
    if (h->mstatus & MSTATUS_SPIE)
        s |= MSTATUS_SIE;
    s |= MSTATUS_SPIE;
    h->mstatus = s;
    h->resv_valid = false;
    hart_kick(h);
    h->pc = h->sepc & ((h->misa & MISA_EXT('C')) ? ~1ull : ~3ull);
    set_priv(h, spp);
}
