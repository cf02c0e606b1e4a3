/* Hart creation, reset, interrupt lines and debugger access. */
#include <ctype.h>
#include <stdlib.h>

#include "block.h"

void hart_init(struct hart *h, struct bus *bus, struct block_cache *bc,
               const struct hart_config *cfg)
{
    memset(h, 0, sizeof *h);
    h->bus = bus;
    h->bc = bc;
    h->mhartid = cfg->hartid;
    h->misa = (2ull << 62) | cfg->misa | MISA_EXT('S') | MISA_EXT('U');
    h->zext = cfg->zext | ZEXT_ALWAYS;
    h->engine = cfg->engine;
    mmu_init(&h->mmu, bus);
    if (bc && bc->nharts < BC_MAX_HARTS) {
        bc->harts[bc->nharts++] = h;
        h->jcache = calloc(JCACHE_SIZE, sizeof *h->jcache);
    }
    hart_reset(h, 0);
    h->misaligned_trap = cfg->misaligned_trap ? ~0ull : 0;
}

void hart_destroy(struct hart *h)
{
    free(h->jcache);
    h->jcache = NULL;
}

void hart_reset(struct hart *h, uint64_t pc)
{
    memset(h->x, 0, sizeof h->x);
    memset(h->f, 0, sizeof h->f);
    h->pc = pc;
    h->priv = PRV_M;
    /* FS starts Off, as on Spike, Sail and QEMU (Priv 3.4 leaves it
     * unspecified): riscv-arch-test signatures record mstatus, and software
     * (riscv-tests' env, picolibc's crt0, OpenSBI) enables FP itself. */
    h->mstatus = 0;
    h->medeleg = h->mideleg = h->mie = h->mip = 0;
    h->mtvec = h->stvec = h->mepc = h->sepc = 0;
    h->mcause = h->scause = h->mtval = h->stval = 0;
    h->mcounteren = h->scounteren = h->mcountinhibit = 0;
    /* menvcfg resets to 0 but for ADUE: with Svadu the walker keeps
     * updating A/D as before until firmware says otherwise (as QEMU resets
     * it), since an SBI that predates ADUE would never set it */
    h->menvcfg = (h->zext & EXT_BIT(EXT_Svadu)) ? ENVCFG_ADUE : 0;
    h->senvcfg = 0;
    h->stimecmp = UINT64_MAX;
    memset(h->mstateen, 0, sizeof h->mstateen);
    __atomic_fetch_and(&h->mip_ext, ~MIP_STIP, __ATOMIC_SEQ_CST);
    h->fflags = h->frm = 0;
    h->resv_valid = false;
    h->wfi = false;
    /* a reset hart runs: a stop asked of the old run (the reset itself
     * comes through one) is void */
    h->stop_request = false;
    h->dbg_stop = false;
    hpm_reset(h);
    hart_kick(h);
    mmu_write_satp(&h->mmu, 0);
    /* reset clears PMP entries, locked ones included */
    memset(h->mmu.pmpcfg, 0, sizeof h->mmu.pmpcfg);
    memset(h->mmu.pmpaddr, 0, sizeof h->mmu.pmpaddr);
    pmp_decode(&h->mmu);
    hart_update_mmu_context(h);
    hart_update_envcfg(h);
    mmu_flush(&h->mmu);
}

void hart_update_envcfg(struct hart *h)
{
    struct mmu *m = &h->mmu;
    bool pbmte = (h->zext & EXT_BIT(EXT_Svpbmt)) && (h->menvcfg & ENVCFG_PBMTE);
    /* without Svadu the walker updates A/D, as rvx always did (the
     * privileged spec allows either) */
    bool hw_ad = !(h->zext & EXT_BIT(EXT_Svadu)) || (h->menvcfg & ENVCFG_ADUE);
    bool napot = (h->zext & EXT_BIT(EXT_Svnapot)) != 0;
    if (pbmte != m->pbmte || hw_ad != m->hw_ad || napot != m->napot) {
        /* cached translations were checked under the old rules */
        m->pbmte = pbmte;
        m->hw_ad = hw_ad;
        m->napot = napot;
        mmu_flush(m);
    }
    /* STIP becomes stimecmp's (the software bit is dropped) or M-mode's */
    if (h->menvcfg & ENVCFG_STCE)
        h->mip &= ~MIP_STIP;
    hart_timer_update(h, h->read_time ? h->read_time(h->time_opaque) : 0);
}

/* Devices on any host thread raise and lower lines: one atomic update of
 * mip_ext, then the hart re-evaluates its interrupts at its next block
 * boundary and, asleep in wfi, is woken. */
void hart_set_mip(struct hart *h, uint64_t mask, bool level)
{
    uint64_t old = level ? __atomic_fetch_or(&h->mip_ext, mask, __ATOMIC_SEQ_CST)
                         : __atomic_fetch_and(&h->mip_ext, ~mask, __ATOMIC_SEQ_CST);
    uint64_t now = level ? old | mask : old & ~mask;
    if (now == old)
        return;
    hart_kick(h);
    if (h->wake)
        h->wake(h->wake_opaque);
}

static bool debug_xlate(struct hart *h, uint64_t va, uint64_t *pa)
{
    return mmu_debug_translate(&h->mmu, va, pa);
}

/* Reads peek: a debugger looking at a device register must not pop a FIFO
 * or claim an interrupt (writes stay real: the user asked for them). */
bool hart_debug_read(struct hart *h, uint64_t va, void *buf, size_t len)
{
    uint8_t *out = buf;
    for (size_t i = 0; i < len; i++) {
        uint64_t pa, v;
        if (!debug_xlate(h, va + i, &pa) || !bus_peek(h->bus, pa, 1, &v))
            return false;
        out[i] = (uint8_t)v;
    }
    return true;
}

bool hart_debug_write(struct hart *h, uint64_t va, const void *buf, size_t len)
{
    const uint8_t *in = buf;
    for (size_t i = 0; i < len; i++) {
        uint64_t pa;
        if (!debug_xlate(h, va + i, &pa) || !bus_store(h->bus, pa, 1, in[i]))
            return false;
    }
    return true;
}
