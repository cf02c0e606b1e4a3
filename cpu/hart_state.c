/* A hart's state as words (see hart_state.h).  One table names every
 * field that is saved; get and set walk it, so adding a CSR's field to
 * struct hart means adding one row here. */
#include "cpu/hart_state.h"

#include <stdio.h>
#include <string.h>

#include "cpu/internal.h"

/* A field: its place in struct hart, the size of one element (1, 4 or 8
 * bytes; bool, int, unsigned and uint64_t fields) and how many elements. */
struct hs_field {
    const char *name;
    size_t off;
    unsigned size, count;
    bool is_bool;       /* only 0 and 1 are values (any other is UB to load) */
};

#define IS_BOOL(e) _Generic((e), bool: true, default: false)
#define ROW(f) { #f, offsetof(struct hart, f), sizeof(((struct hart *)0)->f), 1, \
                 IS_BOOL(((struct hart *)0)->f) }
#define ARR(f) { #f, offsetof(struct hart, f), sizeof(((struct hart *)0)->f[0]), \
                 sizeof(((struct hart *)0)->f) / sizeof(((struct hart *)0)->f[0]), \
                 IS_BOOL(((struct hart *)0)->f[0]) }

static const struct hs_field fields[] = {
    ARR(x), ARR(f), ROW(pc), ROW(priv),
    /* checked against the restoring hart (they are configuration) */
    ROW(misa), ROW(zext), ROW(mhartid),
    ROW(mstatus), ROW(medeleg), ROW(mideleg), ROW(mie), ROW(mip), ROW(mip_ext),
    ROW(mtvec), ROW(mscratch), ROW(mepc), ROW(mcause), ROW(mtval),
    ROW(stvec), ROW(sscratch), ROW(sepc), ROW(scause), ROW(stval),
    ROW(mcounteren), ROW(scounteren), ROW(mcountinhibit),
    ROW(menvcfg), ROW(senvcfg), ROW(mseccfg), ROW(stimecmp), ARR(mstateen),
    ROW(fflags), ROW(frm),
    ROW(instret), ARR(ctr_off), ARR(ctr_frozen),
    ARR(hpm_event), ARR(hpm_off), ARR(hpm_last), ARR(hpm_src), ROW(hpm_active),
    ARR(hpm_instret), ROW(hpm_mark), ROW(hpm_deadline), ROW(hpm_mode),
    ARR(exc_in_mode), ARR(irq_in_mode),
    ROW(ntraps), ROW(nirqs), ROW(sbi_set_timer),
    ROW(misaligned_trap),       /* checked: --misaligned is configuration */
    ROW(wfi),
    ROW(mmu.satp), ARR(mmu.pmpcfg), ARR(mmu.pmpaddr),
    /* TLB misses feed the Zihpm counters' events (csr.c src_count) */
    { "mmu.tlb_misses", offsetof(struct hart, mmu.tlb_misses), 8, 12, false },
};
#define NFIELDS (sizeof fields / sizeof fields[0])

_Static_assert(sizeof(((struct hart *)0)->mmu.tlb_misses) == 8 * 12,
               "mmu.tlb_misses row");

unsigned hart_state_words(void)
{
    unsigned n = 0;
    for (size_t i = 0; i < NFIELDS; i++)
        n += fields[i].count;
    return n;
}

static uint64_t get_elem(const uint8_t *p, unsigned size)
{
    switch (size) {
    case 1: return *p;
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

static void set_elem(uint8_t *p, unsigned size, uint64_t v)
{
    switch (size) {
    case 1: *p = (uint8_t)v; break;
    case 4: { uint32_t t = (uint32_t)v; memcpy(p, &t, 4); break; }
    default: memcpy(p, &v, 8); break;
    }
}

void hart_state_get(const struct hart *h, uint64_t *w)
{
    const uint8_t *base = (const uint8_t *)h;
    for (size_t i = 0; i < NFIELDS; i++)
        for (unsigned k = 0; k < fields[i].count; k++)
            *w++ = get_elem(base + fields[i].off + (size_t)k * fields[i].size,
                            fields[i].size);
}

/* The index of field `name`'s first word. */
static unsigned word_of(const char *name)
{
    unsigned n = 0;
    for (size_t i = 0; i < NFIELDS; i++) {
        if (!strcmp(fields[i].name, name))
            return n;
        n += fields[i].count;
    }
    return 0;
}

/* Values no sequence of instructions could leave in the hart. */
static const char *check(const struct hart *h, const uint64_t *w)
{
    const uint64_t *p = w;
    for (size_t i = 0; i < NFIELDS; i++)
        for (unsigned k = 0; k < fields[i].count; k++, p++)
            if ((fields[i].size < 8 && (*p >> (8 * fields[i].size))) ||
                (fields[i].is_bool && *p > 1))
                return fields[i].name;
    uint64_t priv = w[word_of("priv")], mode = w[word_of("hpm_mode")];
    if (priv > PRV_M || priv == 2 || mode > PRV_M || mode == 2)
        return "privilege";
    if (w[word_of("frm")] > 7 || w[word_of("fflags")] > 31)
        return "fcsr";
    if (w[word_of("misa")] != h->misa)
        return "misa (another ISA)";
    if (w[word_of("zext")] != h->zext)
        return "extensions (another ISA)";
    if (w[word_of("mhartid")] != h->mhartid)
        return "mhartid";
    if (w[word_of("misaligned_trap")] != h->misaligned_trap)
        return "misaligned-access mode (--misaligned)";
    return NULL;
}

bool hart_state_check(const struct hart *h, const uint64_t *w, char *err, size_t errlen)
{
    const char *bad = check(h, w);
    if (bad)
        snprintf(err, errlen, "hart %llu: its saved %s does not fit this machine",
                 (unsigned long long)h->mhartid, bad);
    return !bad;
}

bool hart_state_set(struct hart *h, const uint64_t *w, char *err, size_t errlen)
{
    if (!hart_state_check(h, w, err, errlen))
        return false;
    uint8_t *base = (uint8_t *)h;
    for (size_t i = 0; i < NFIELDS; i++)
        for (unsigned k = 0; k < fields[i].count; k++)
            set_elem(base + fields[i].off + (size_t)k * fields[i].size,
                     fields[i].size, *w++);
    h->resv_valid = false;
    h->stop_request = false;
    h->dbg_stop = false;
    /* what hart_reset derives from the same fields */
    pmp_decode(&h->mmu);
    hart_update_mmu_context(h);
    hart_update_envcfg(h);
    mmu_flush(&h->mmu);
    hart_kick(h);
    return true;
}
