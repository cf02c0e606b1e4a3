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

/* "rv64" then single-letter extensions (g = imafd_zicsr_zifencei), then
 * "_"-separated multi-letter ones. */
bool isa_parse(const char *s, uint64_t *misa)
{
    char buf[128];
    size_t n = strlen(s);
    if (n >= sizeof buf || n < 5)
        return false;
    for (size_t i = 0; i <= n; i++)
        buf[i] = (char)tolower((unsigned char)s[i]);
    if (strncmp(buf, "rv64", 4) != 0)
        return false;
    uint64_t m = 0;
    const char *p = buf + 4;
    if (*p != 'i' && *p != 'g')
        return false;
    for (; *p && *p != '_'; p++) {
        switch (*p) {
        case 'g': m |= MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') |
                       MISA_EXT('F') | MISA_EXT('D'); break;
        case 'i': case 'm': case 'a': case 'f': case 'd': case 'c':
        case 's': case 'u':
            m |= MISA_EXT(toupper((unsigned char)*p)); break;
        case 'z': goto multi;   /* "rv64imzicsr"-style without underscore */
        default: return false;
        }
    }
multi:
    while (*p) {
        if (*p == '_') {
            p++;
            continue;
        }
        static const char *const known[] = { "zicsr", "zifencei", "zicntr", NULL };
        size_t len = strcspn(p, "_");
        bool ok = false;
        for (int i = 0; known[i]; i++)
            if (strlen(known[i]) == len && !strncmp(p, known[i], len))
                ok = true;
        if (!ok)
            return false;
        p += len;
    }
    if ((m & MISA_EXT('D')) && !(m & MISA_EXT('F')))
        return false;
    *misa = m;
    return true;
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
