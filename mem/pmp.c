/* Physical memory protection (privileged spec 1.12, section 3.7): 16
 * entries, granularity 4 bytes (G=0), physical addresses of 56 bits. */
#include <stdlib.h>

#include "mem/mmu.h"

#define PMP_R 0x01u
#define PMP_W 0x02u
#define PMP_X 0x04u
#define PMP_A 0x18u
#define PMP_A_SHIFT 3
#define PMP_L 0x80u
/* Bits 6:5 of each pmpNcfg are reserved (WARL 0). */
#define PMP_CFG_WRITABLE (PMP_R | PMP_W | PMP_X | PMP_A | PMP_L)
/* pmpaddr holds bits 55:2 of the address on RV64. */
#define PMPADDR_MASK ((1ull << 54) - 1)

enum { PMP_OFF = 0, PMP_TOR = 1, PMP_NA4 = 2, PMP_NAPOT = 3 };

/* Permission bit needed per access type (indexed by enum mmu_access). */
static const uint8_t perm_bit[3] = { PMP_X, PMP_R, PMP_W };

/* Inclusive byte range [*lo, *hi] entry i covers; false if it covers
 * nothing (OFF, or TOR with top <= bottom). */
static bool pmp_range(const struct mmu *m, unsigned i, uint64_t *lo,
                      uint64_t *hi)
{
    uint64_t a = m->pmpaddr[i];
    switch ((m->pmpcfg[i] & PMP_A) >> PMP_A_SHIFT) {
    case PMP_TOR: {
        /* Entry 0's TOR region starts at address 0. */
        uint64_t bottom = i ? m->pmpaddr[i - 1] << 2 : 0;
        uint64_t top = a << 2;
        if (bottom >= top)
            return false;
        *lo = bottom;
        *hi = top - 1;
        return true;
    }
    case PMP_NA4:
        *lo = a << 2;
        *hi = *lo + 3;
        return true;
    case PMP_NAPOT: {
        /* k trailing ones encode a 2^(k+3)-byte region; t has k+1 ones. */
        uint64_t t = a ^ (a + 1);
        *lo = (a & ~t) << 2;
        *hi = *lo + ((t << 2) | 3);
        return true;
    }
    default:
        return false;
    }
}

#define PMP_NONE 0x100u     /* a piece no entry matches */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Cuts the address space at every region's start and end + 1: inside a
 * piece every byte is in the same regions, so the lowest-numbered region
 * holding one holds them all and decides for the whole piece. */
static void cut_pieces(struct mmu *m)
{
    uint64_t cut[2 * PMP_COUNT + 1];
    unsigned ncut = 0;
    cut[ncut++] = 0;
    for (unsigned k = 0; k < m->pmp_nregions; k++) {
        cut[ncut++] = m->pmp_regions[k].lo;
        if (m->pmp_regions[k].hi != UINT64_MAX)
            cut[ncut++] = m->pmp_regions[k].hi + 1;
    }
    qsort(cut, ncut, sizeof *cut, cmp_u64);
    unsigned n = 0;
    for (unsigned i = 0; i < ncut; i++) {
        if (i && cut[i] == cut[i - 1])
            continue;
        struct pmp_piece *p = &m->pmp_pieces[n++];
        p->lo = cut[i];
        p->cfg = PMP_NONE;
        for (unsigned k = 0; k < m->pmp_nregions; k++)
            if (m->pmp_regions[k].lo <= p->lo && p->lo <= m->pmp_regions[k].hi) {
                p->cfg = m->pmp_regions[k].cfg;
                break;
            }
    }
    for (unsigned i = 0; i < n; i++)
        m->pmp_pieces[i].hi = i + 1 < n ? m->pmp_pieces[i + 1].lo - 1 : UINT64_MAX;
    m->pmp_npieces = n;
    m->pmp_last = 0;
}

void pmp_decode(struct mmu *m)
{
    unsigned n = 0;
    for (unsigned i = 0; i < PMP_COUNT; i++) {
        struct pmp_region *r = &m->pmp_regions[n];
        if (pmp_range(m, i, &r->lo, &r->hi)) {
            r->cfg = m->pmpcfg[i];
            n++;
        }
    }
    m->pmp_nregions = n;
    cut_pieces(m);
}

/* The verdict of entry configuration cfg (PMP_NONE: no entry matched). */
static bool allows(unsigned cfg, enum mmu_access acc, int priv)
{
    /* No match: M-mode succeeds; S/U fail because entries are implemented. */
    if (cfg == PMP_NONE)
        return priv == PRV_M;
    if (priv == PRV_M && !(cfg & PMP_L))
        return true;
    return (cfg & perm_bit[acc]) != 0;
}

bool pmp_check(struct mmu *m, uint64_t pa, unsigned size,
               enum mmu_access acc, int priv)
{
    uint64_t last = pa + (size ? size - 1 : 0);
    if (last < pa)
        last = UINT64_MAX;
    /* within one piece (almost always the last one's): its verdict */
    const struct pmp_piece *p = &m->pmp_pieces[m->pmp_last];
    if (pa < p->lo || pa > p->hi) {
        unsigned lo = 0, hi = m->pmp_npieces - 1;   /* the piece holding pa */
        while (lo < hi) {
            unsigned mid = (lo + hi + 1) / 2;
            if (m->pmp_pieces[mid].lo <= pa)
                lo = mid;
            else
                hi = mid - 1;
        }
        m->pmp_last = lo;
        p = &m->pmp_pieces[lo];
    }
    if (last <= p->hi)
        return allows(p->cfg, acc, priv);
    /* across pieces: the lowest-numbered region matching any byte decides,
     * and must match all of them */
    for (unsigned k = 0; k < m->pmp_nregions; k++) {
        const struct pmp_region *r = &m->pmp_regions[k];
        if (last < r->lo || pa > r->hi)
            continue;
        /* The lowest-numbered entry matching any byte decides; it must
         * match all of them. */
        if (pa < r->lo || last > r->hi)
            return false;
        return allows(r->cfg, acc, priv);
    }
    return allows(PMP_NONE, acc, priv);
}

uint64_t pmp_read_cfg(const struct mmu *m, unsigned idx)
{
    if (idx != 0 && idx != 2)
        return 0;
    uint64_t v = 0;
    for (unsigned i = 0; i < 8; i++)
        v |= (uint64_t)m->pmpcfg[idx * 4 + i] << (8 * i);
    return v;
}

void pmp_write_cfg(struct mmu *m, unsigned idx, uint64_t val)
{
    if (idx != 0 && idx != 2)
        return;
    for (unsigned i = 0; i < 8; i++) {
        uint8_t *cfg = &m->pmpcfg[idx * 4 + i];
        if (*cfg & PMP_L)           /* locked: writes ignored until reset */
            continue;
        uint8_t c = (uint8_t)(val >> (8 * i)) & PMP_CFG_WRITABLE;
        /* R=0,W=1 is reserved; like Spike, drop W and keep the rest. */
        if ((c & (PMP_R | PMP_W)) == PMP_W)
            c &= (uint8_t)~PMP_W;
        *cfg = c;
    }
    pmp_decode(m);
    mmu_flush(m);
}

uint64_t pmp_read_addr(const struct mmu *m, unsigned idx)
{
    return idx < PMP_COUNT ? m->pmpaddr[idx] : 0;
}

void pmp_write_addr(struct mmu *m, unsigned idx, uint64_t val)
{
    if (idx >= PMP_COUNT || (m->pmpcfg[idx] & PMP_L))
        return;
    /* A locked TOR entry also locks the address below it (its bottom). */
    if (idx + 1 < PMP_COUNT && (m->pmpcfg[idx + 1] & PMP_L) &&
        ((m->pmpcfg[idx + 1] & PMP_A) >> PMP_A_SHIFT) == PMP_TOR)
        return;
    m->pmpaddr[idx] = val & PMPADDR_MASK;
    pmp_decode(m);
    mmu_flush(m);
}
