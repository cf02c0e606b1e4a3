/* Hart creation, reset, interrupt lines, ISA strings and debugger access. */
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
    h->menvcfg = h->senvcfg = 0;
    h->fflags = h->frm = 0;
    h->resv_valid = false;
    h->wfi = false;
    /* a reset hart runs: a stop asked of the old run (the reset itself
     * comes through one) is void */
    h->stop_request = false;
    h->dbg_stop = false;
    hart_kick(h);
    mmu_write_satp(&h->mmu, 0);
    /* reset clears PMP entries, locked ones included */
    memset(h->mmu.pmpcfg, 0, sizeof h->mmu.pmpcfg);
    memset(h->mmu.pmpaddr, 0, sizeof h->mmu.pmpaddr);
    hart_update_mmu_context(h);
    mmu_flush(&h->mmu);
}

void hart_set_mip(struct hart *h, uint64_t mask, bool level)
{
    uint64_t old = h->mip_ext;
    h->mip_ext = level ? old | mask : old & ~mask;
    if (h->mip_ext != old)
        hart_kick(h);
}

/* The multi-letter extension named by p[0..len) (lower case): an EXT row
 * of the database without a misa letter, or Zicntr (the counters rvx
 * always has; not an instruction extension).  Returns its enum ext,
 * EXT_COUNT for Zicntr, -1 if unknown. */
static int zext_lookup(const char *p, size_t len)
{
    if (len == 6 && !strncmp(p, "zicntr", 6))
        return EXT_COUNT;
    for (int e = 0; e < EXT_COUNT; e++) {
        const char *n = ext_names[e];
        if (ext_misa[e] || strlen(n) != len)
            continue;
        size_t i = 0;
        while (i < len && tolower((unsigned char)n[i]) == p[i])
            i++;
        if (i == len)
            return e;
    }
    return -1;
}

void isa_supported_list(char *buf, size_t len)
{
    if (!len)
        return;
    size_t n = 0;
    buf[0] = 0;
    for (int e = -1; e < EXT_COUNT; e++) {
        if (e >= 0 && ext_misa[e])
            continue;
        const char *name = e < 0 ? "zicntr" : ext_names[e];
        if (e >= 0) {
            for (const char *c = ", "; *c && n + 1 < len; c++)
                buf[n++] = *c;
        }
        for (const char *c = name; *c && n + 1 < len; c++)
            buf[n++] = (char)tolower((unsigned char)*c);
        buf[n] = 0;
    }
}

static bool isa_fail(char *err, size_t errlen, const char *fmt, const char *what)
{
    if (err && errlen)
        snprintf(err, errlen, fmt, what);
    return false;
}

/* "rv64" then single-letter extensions (g = imafd_zicsr_zifencei), then
 * "_"-separated multi-letter ones (the ISA naming conventions chapter of
 * the unprivileged spec); each named once. */
bool isa_parse(const char *s, uint64_t *misa, uint64_t *zext, char *err, size_t errlen)
{
    char buf[128];
    size_t n = strlen(s);
    if (n >= sizeof buf || n < 5)
        return isa_fail(err, errlen, "unsupported --isa '%s' (rvx runs rv64i with any "
                        "of m, a, f, d, c and _-separated extensions)", s);
    for (size_t i = 0; i <= n; i++)
        buf[i] = (char)tolower((unsigned char)s[i]);
    uint64_t m = 0, z = 0, named = 0;
    const char *p = buf + 4;
    if (strncmp(buf, "rv64", 4) != 0 || (*p != 'i' && *p != 'g'))
        return isa_fail(err, errlen, "unsupported --isa '%s' (rvx runs rv64i with any "
                        "of m, a, f, d, c and _-separated extensions)", s);
    for (; *p && *p != '_'; p++) {
        switch (*p) {
        case 'g': m |= MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') |
                       MISA_EXT('F') | MISA_EXT('D'); break;
        case 'i': case 'm': case 'a': case 'f': case 'd': case 'c':
        case 's': case 'u':
            m |= MISA_EXT(toupper((unsigned char)*p)); break;
        case 'z': goto multi;   /* "rv64imzicsr"-style without underscore */
        default:
            return isa_fail(err, errlen, "unsupported --isa '%s' (rvx runs rv64i with any "
                            "of m, a, f, d, c and _-separated extensions)", s);
        }
    }
multi:
    while (*p) {
        if (*p == '_') {
            p++;
            continue;
        }
        size_t len = strcspn(p, "_");
        char name[sizeof buf];
        memcpy(name, p, len);
        name[len] = 0;
        int e = zext_lookup(p, len);
        char list[256], msg[512];
        isa_supported_list(list, sizeof list);
        if (e < 0) {
            snprintf(msg, sizeof msg, "--isa: unknown extension '%%s' (supported: %s)", list);
            return isa_fail(err, errlen, msg, name);
        }
        uint64_t bit = e == EXT_COUNT ? 1ull << 63 : EXT_BIT(e);
        if (named & bit) {
            snprintf(msg, sizeof msg, "--isa: extension '%%s' named twice (supported: %s)", list);
            return isa_fail(err, errlen, msg, name);
        }
        named |= bit;
        if (e != EXT_COUNT)
            z |= bit;
        p += len;
    }
    if ((m & MISA_EXT('D')) && !(m & MISA_EXT('F')))
        return isa_fail(err, errlen, "unsupported --isa '%s': D needs F", s);
    *misa = m;
    if (zext)
        *zext = z | ZEXT_ALWAYS;
    return true;
}

size_t isa_extension_names(uint64_t misa, uint64_t zext, char names[][16], size_t max)
{
    size_t n = 0;
    for (const char *p = "imafdc"; *p && n < max; p++)
        if (misa & MISA_EXT(*p - 'a' + 'A'))
            snprintf(names[n++], 16, "%c", *p);
    if (n < max)
        snprintf(names[n++], 16, "zicntr");
    for (int e = 0; e < EXT_COUNT && n < max; e++) {
        if (ext_misa[e] || !(zext & EXT_BIT(e)))
            continue;
        size_t k = 0;
        for (const char *c = ext_names[e]; *c && k < 15; c++)
            names[n][k++] = (char)tolower((unsigned char)*c);
        names[n++][k] = 0;
    }
    return n;
}

void isa_string(uint64_t misa, uint64_t zext, char *buf, size_t len)
{
    char names[EXT_COUNT + 8][16];
    size_t n = isa_extension_names(misa, zext, names, EXT_COUNT + 8);
    size_t k = (size_t)snprintf(buf, len, "rv64");
    for (size_t i = 0; i < n && k < len; i++)
        k += (size_t)snprintf(buf + k, len - k, "%s%s", names[i][1] ? "_" : "", names[i]);
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
