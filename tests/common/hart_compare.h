/* The architectural state of two harts compared: pc, privilege, x and f
 * registers and every CSR of the database (cpu/csrs.def) the hart
 * implements but for the hardwired zeros.  Shared by the engines' lockstep
 * test and the executor fuzz target. */
#ifndef RVX_TESTS_HART_COMPARE_H
#define RVX_TESTS_HART_COMPARE_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/csr.h"

/* Every CSR of the database (cpu/csrs.def) the hart implements, but for
 * the hardwired zeros. */
static unsigned csrs_to_compare[4096];
static size_t ncsrs;

static void list_csrs(struct hart *h)
{
    ncsrs = 0;
    for (unsigned num = 0; num < 4096; num++) {
        struct csr_desc d;
        uint64_t v;
        if (csr_describe(num, &d) && !d.hardwired_zero && hart_csr_read(h, num, &v))
            csrs_to_compare[ncsrs++] = num;
    }
}

/* Returns a description of the first difference, or NULL; with_csrs =
 * false skips the CSR file (the costly part, ~100 reads per hart). */
static const char *hart_compare_some(struct hart *a, struct hart *b, bool with_csrs,
                                     char *buf, size_t len)
{
    if (ncsrs == 0)
        list_csrs(a);
    if (a->pc != b->pc)
        snprintf(buf, len, "pc %" PRIx64 " vs %" PRIx64, a->pc, b->pc);
    else if (a->priv != b->priv)
        snprintf(buf, len, "priv %d vs %d", a->priv, b->priv);
    else {
        /* one memcmp when they agree (the common case: cheap, and no
         * per-register coverage probes in a fuzz build) */
        bool same = !memcmp(a->x, b->x, sizeof a->x) && !memcmp(a->f, b->f, sizeof a->f);
        for (int i = 0; !same && i < 32; i++) {
            if (a->x[i] != b->x[i]) {
                snprintf(buf, len, "x%d %" PRIx64 " vs %" PRIx64, i, a->x[i], b->x[i]);
                return buf;
            }
            if (a->f[i] != b->f[i]) {
                snprintf(buf, len, "f%d %" PRIx64 " vs %" PRIx64, i, a->f[i], b->f[i]);
                return buf;
            }
        }
        for (size_t i = 0; with_csrs && i < ncsrs; i++) {
            uint64_t va = 0, vb = 0;
            hart_csr_read(a, csrs_to_compare[i], &va);
            hart_csr_read(b, csrs_to_compare[i], &vb);
            if (va != vb) {
                snprintf(buf, len, "csr %#x %" PRIx64 " vs %" PRIx64,
                         csrs_to_compare[i], va, vb);
                return buf;
            }
        }
        return NULL;
    }
    return buf;
}

static const char *hart_compare(struct hart *a, struct hart *b, char *buf, size_t len)
{
    return hart_compare_some(a, b, true, buf, len);
}

#endif
