/* The CSR database (cpu/csrs.def) against the privileged specification.
 * The expectations are written here from the spec's CSR listing tables
 * (privileged spec, chapter 2), not read back from the table: a wrong
 * number or name in csrs.def, two lines claiming one number, a privilege
 * column that disagrees with csr[9:8], a CSR the hart cannot read, a
 * missing access check, or a disassembler not using the table fails. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "check_main.h"
#include "cpu/csr.h"
#include "cpu/disasm.h"
#include "cpu/internal.h"
#include "devices/board.h"

/* ---- the lines of csrs.def, read by the test itself ---- */

struct line {
    unsigned num, first, last, step;
    const char *name;
    bool family;
};

static const struct line LINES[] = {
#define CSR(num, name, priv, ext, guard, rule) {num, 0, 0, 1, #name, false},
#define CSR_FAMILY(num, prefix, first, last, step, priv, ext, guard, rule) \
    {num, first, last, step, #prefix, true},
#include "cpu/csrs.def"
#undef CSR
#undef CSR_FAMILY
};
#define NLINES (sizeof LINES / sizeof LINES[0])

/* Calls fn for every CSR number the lines name, with its expected name. */
static void each_member(void (*fn)(unsigned num, const char *name, void *ctx),
                        void *ctx)
{
    for (size_t i = 0; i < NLINES; i++) {
        const struct line *l = &LINES[i];
        if (!l->family) {
            fn(l->num, l->name, ctx);
            continue;
        }
        for (unsigned k = l->first; k <= l->last; k += l->step) {
            char name[32];
            snprintf(name, sizeof name, "%s%u", l->name, k);
            fn(l->num + (k - l->first), name, ctx);
        }
    }
}

/* ---- numbers and names from the spec ---- */

static const struct { unsigned num; const char *name; } SPEC[] = {
    {0x001, "fflags"}, {0x002, "frm"}, {0x003, "fcsr"},
    {0xc00, "cycle"}, {0xc01, "time"}, {0xc02, "instret"},
    {0xc03, "hpmcounter3"}, {0xc1f, "hpmcounter31"},
    {0x100, "sstatus"}, {0x104, "sie"}, {0x105, "stvec"},
    {0x106, "scounteren"}, {0x10a, "senvcfg"}, {0x140, "sscratch"},
    {0x141, "sepc"}, {0x142, "scause"}, {0x143, "stval"}, {0x144, "sip"},
    {0x180, "satp"}, {0x14d, "stimecmp"}, {0x10c, "sstateen0"},
    {0x10f, "sstateen3"}, {0x30c, "mstateen0"}, {0x30f, "mstateen3"},
    {0xf11, "mvendorid"}, {0xf12, "marchid"}, {0xf13, "mimpid"},
    {0xf14, "mhartid"}, {0xf15, "mconfigptr"},
    {0x300, "mstatus"}, {0x301, "misa"}, {0x302, "medeleg"},
    {0x303, "mideleg"}, {0x304, "mie"}, {0x305, "mtvec"},
    {0x306, "mcounteren"}, {0x30a, "menvcfg"},
    {0x340, "mscratch"}, {0x341, "mepc"}, {0x342, "mcause"},
    {0x343, "mtval"}, {0x344, "mip"},
    {0x3a0, "pmpcfg0"}, {0x3a2, "pmpcfg2"}, {0x3ae, "pmpcfg14"},
    {0x3b0, "pmpaddr0"}, {0x3bf, "pmpaddr15"}, {0x3c0, "pmpaddr16"},
    {0x3ef, "pmpaddr63"},
    {0xb00, "mcycle"}, {0xb02, "minstret"},
    {0xb03, "mhpmcounter3"}, {0xb1f, "mhpmcounter31"},
    {0x320, "mcountinhibit"}, {0x323, "mhpmevent3"}, {0x33f, "mhpmevent31"},
    {0x7a0, "tselect"}, {0x7a1, "tdata1"}, {0x7b0, "dcsr"}, {0x7b1, "dpc"},
};

/* Numbers the spec leaves to others or to RV32 only. */
static const unsigned NOT_CSRS[] = {
    0x000, 0x004, 0x3a1, 0x3af,     /* odd pmpcfg: RV32 only */
    0x3f0, 0x7c0, 0x800, 0xc20, 0xc80, 0xcc0, 0xfff,
};

START_TEST(spec_numbers_and_names)
{
    for (size_t i = 0; i < sizeof SPEC / sizeof SPEC[0]; i++) {
        struct csr_desc d;
        ck_assert_msg(csr_describe(SPEC[i].num, &d), "%#x missing", SPEC[i].num);
        ck_assert_str_eq(d.name, SPEC[i].name);
        ck_assert_uint_eq(d.num, SPEC[i].num);
    }
    for (size_t i = 0; i < sizeof NOT_CSRS / sizeof NOT_CSRS[0]; i++) {
        struct csr_desc d;
        char buf[16], want[16];
        ck_assert_msg(!csr_describe(NOT_CSRS[i], &d), "%#x listed", NOT_CSRS[i]);
        snprintf(want, sizeof want, "0x%03x", NOT_CSRS[i]);
        ck_assert_str_eq(csr_name(NOT_CSRS[i], buf, sizeof buf), want);
    }
    /* the generated numbers */
    ck_assert_uint_eq(CSR_mstatus, 0x300);
    ck_assert_uint_eq(CSR_satp, 0x180);
    ck_assert_uint_eq(CSR_mcycle, 0xb00);
    ck_assert_uint_eq(CSR_pmpaddr0, 0x3b0);
    ck_assert_uint_eq(CSR_hpmcounter3, 0xc03);
}
END_TEST

/* Every number named once, every name used once, and what csr_describe
 * says agrees with the line that names the number. */
struct census {
    const char *name_of[4096];
    unsigned count;
};

static void count_member(unsigned num, const char *name, void *ctx)
{
    struct census *c = ctx;
    ck_assert_uint_lt(num, 4096);
    ck_assert_msg(c->name_of[num] == NULL, "%#x named twice (%s, %s)", num,
                  c->name_of[num], name);
    c->name_of[num] = strdup(name);
    c->count++;
}

START_TEST(unique_numbers_and_names)
{
    static struct census c;
    memset(&c, 0, sizeof c);
    each_member(count_member, &c);
    unsigned described = 0;
    for (unsigned a = 0; a < 4096; a++) {
        struct csr_desc d;
        bool listed = csr_describe(a, &d);
        ck_assert_msg(listed == (c.name_of[a] != NULL), "%#x", a);
        if (!listed)
            continue;
        described++;
        ck_assert_str_eq(d.name, c.name_of[a]);
        for (unsigned b = a + 1; b < 4096; b++)
            if (c.name_of[b])
                ck_assert_msg(strcmp(c.name_of[a], c.name_of[b]) != 0,
                              "%s is %#x and %#x", c.name_of[a], a, b);
    }
    ck_assert_uint_eq(described, c.count);
    /* 3 FP + counters 3 + 29 + 29 + 29 + 29 + pmp 8 + 64, at least */
    ck_assert_uint_gt(described, 200);
    for (unsigned a = 0; a < 4096; a++)
        free((void *)c.name_of[a]);
}
END_TEST

/* csrs.def is in number order, so the monitor and gdb list CSRs the way a
 * reader of the file expects. */
START_TEST(lines_in_number_order)
{
    for (size_t i = 1; i < NLINES; i++)
        ck_assert_msg(LINES[i].num > LINES[i - 1].num, "%s after %s",
                      LINES[i].name, LINES[i - 1].name);
}
END_TEST

/* Privileged spec 2.1: csr[9:8] is the lowest privilege that may access. */
START_TEST(priv_is_csr_bits_9_8)
{
    for (unsigned num = 0; num < 4096; num++) {
        struct csr_desc d;
        if (csr_describe(num, &d))
            ck_assert_int_eq(d.priv, (int)((num >> 8) & 3));
    }
}
END_TEST

/* ---- access rules on a fresh hart ---- */

/* every extension row on (the ext column's CSRs all exist) */
#define ZEXT_ALL (EXT_BIT(EXT_COUNT) - 1)

static struct machine *make_z(uint64_t misa, uint64_t zext)
{
    struct machine_config c;
    memset(&c, 0, sizeof c);
    c.ram_size = 1ull << 20;
    c.misa = misa;
    c.zext = zext;
    c.nharts = 1;
    c.engine = ENGINE_INTERP;
    c.virtual_time = true;
    char err[256];
    struct machine *m = machine_new(&c, err, sizeof err);
    ck_assert_msg(m != NULL, "%s", err);
    return m;
}

static struct machine *make(uint64_t misa) { return make_z(misa, ZEXT_ALL); }

#define RV64GC_SU (MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | MISA_EXT('F') | \
                   MISA_EXT('D') | MISA_EXT('C') | MISA_EXT('S') | MISA_EXT('U'))

/* Opens every guard: FP on, counters enabled for S and U. */
static struct hart *open_hart(struct machine *m)
{
    struct hart *h = &m->harts[0];
    /* the extensions whose CSRs the table lists beyond rv64gc's */
    h->zext |= EXT_BIT(EXT_Zihpm) | EXT_BIT(EXT_Sscofpmf);
    ck_assert(hart_csr_write(h, CSR_mstatus, 1ull << 13));     /* FS = Initial */
    ck_assert(hart_csr_write(h, CSR_mcounteren, ~0ull));
    ck_assert(hart_csr_write(h, CSR_scounteren, ~0ull));
    ck_assert(hart_csr_write(h, CSR_menvcfg, ~0ull));      /* STCE for stimecmp */
    for (unsigned i = 0; i < 4; i++)                         /* SE, ENVCFG */
        ck_assert(hart_csr_write(h, CSR_mstateen0 + i, ~0ull));
    return h;
}

/* What rvx implements of the spec's mandatory and base CSRs: a hart must
 * read them (through the debugger and at their privilege). */
static const unsigned MUST_READ[] = {
    0x001, 0x002, 0x003, 0xc00, 0xc01, 0xc02, 0xc1f, 0x100, 0x144, 0x180,
    0x300, 0x301, 0x305, 0x341, 0x344, 0x3a0, 0x3b0, 0x3ef, 0xb00, 0xb02,
    0xf11, 0xf14,
};

START_TEST(implemented_csrs_read_at_their_privilege)
{
    struct machine *m = make(RV64GC_SU);
    struct hart *h = open_hart(m);
    for (size_t i = 0; i < sizeof MUST_READ / sizeof MUST_READ[0]; i++) {
        struct csr_desc d;
        ck_assert(csr_describe(MUST_READ[i], &d) && d.implemented);
    }
    unsigned implemented = 0;
    for (unsigned num = 0; num < 4096; num++) {
        struct csr_desc d;
        uint64_t v;
        if (!csr_describe(num, &d))
            continue;
        ck_assert_msg(hart_csr_read(h, num, &v) == d.implemented, "%s", d.name);
        if (!d.implemented) {   /* only named: illegal even from M */
            h->priv = PRV_M;
            ck_assert_msg(!csr_op(h, num, CSR_S, 0, false, &v), "%s", d.name);
            continue;
        }
        implemented++;
        h->priv = d.priv;
        ck_assert_msg(csr_op(h, num, CSR_S, 0, false, &v), "%s", d.name);
    }
    ck_assert_uint_gt(implemented, 200);
    machine_free(m);
}
END_TEST

/* Privileged spec 2.1: an access from below csr[9:8] is illegal, and so is
 * a write to a CSR whose csr[11:10] = 3, whatever the privilege. */
START_TEST(lower_privilege_and_read_only_are_illegal)
{
    struct machine *m = make(RV64GC_SU);
    struct hart *h = open_hart(m);
    unsigned read_only = 0;
    for (unsigned num = 0; num < 4096; num++) {
        struct csr_desc d;
        uint64_t v;
        if (!csr_describe(num, &d) || !d.implemented)
            continue;
        int priv = (int)((num >> 8) & 3);
        if (priv > PRV_U) {
            h->priv = priv == PRV_M ? PRV_S : PRV_U;
            ck_assert_msg(!csr_op(h, num, CSR_S, 0, false, &v), "read %s", d.name);
            ck_assert_msg(!csr_op(h, num, CSR_W, 0, true, &v), "write %s", d.name);
        }
        h->priv = PRV_M;
        bool ro = (num >> 10) == 3;
        ck_assert_msg(csr_op(h, num, CSR_S, 0, false, &v), "M reads %s", d.name);
        if (ro) {
            read_only++;
            ck_assert_msg(!csr_op(h, num, CSR_S, 0, true, &v), "write %s", d.name);
            ck_assert_msg(!csr_op(h, num, CSR_W, v, true, &v), "write %s", d.name);
        }
    }
    /* cycle..hpmcounter31 and mvendorid..mconfigptr */
    ck_assert_uint_ge(read_only, 32 + 5);
    machine_free(m);
}
END_TEST

/* The guard and ext columns. */
START_TEST(guards_and_extensions)
{
    struct machine *m = make(RV64GC_SU);
    struct hart *h = open_hart(m);
    uint64_t v;
    /* FS = Off: fflags/frm/fcsr are illegal even in M (unpriv. 13.2) */
    h->priv = PRV_M;
    ck_assert(hart_csr_write(h, CSR_mstatus, 0));
    ck_assert(!csr_op(h, 0x001, CSR_S, 0, false, &v));
    ck_assert(!csr_op(h, 0x003, CSR_S, 0, false, &v));
    ck_assert(hart_csr_write(h, CSR_mstatus, 1ull << 13));
    ck_assert(csr_op(h, 0x003, CSR_W, 0x21, true, &v));
    ck_assert_uint_eq((h->mstatus >> 13) & 3, 3);           /* made Dirty */
    /* counteren: time (bit 1) off in mcounteren hides it from S and U */
    ck_assert(hart_csr_write(h, CSR_mcounteren, ~2ull));
    h->priv = PRV_S;
    ck_assert(!csr_op(h, 0xc01, CSR_S, 0, false, &v));
    ck_assert(csr_op(h, 0xc00, CSR_S, 0, false, &v));
    ck_assert(hart_csr_write(h, CSR_scounteren, ~1ull));    /* cycle off for U */
    h->priv = PRV_U;
    ck_assert(!csr_op(h, 0xc00, CSR_S, 0, false, &v));
    ck_assert(csr_op(h, 0xc02, CSR_S, 0, false, &v));
    h->priv = PRV_M;
    ck_assert(csr_op(h, 0xc01, CSR_S, 0, false, &v));
    /* TVM: satp traps in S-mode, not in M (priv. 3.1.6.5) */
    ck_assert(hart_csr_write(h, CSR_mstatus, (1ull << 20) | (1ull << 13)));
    h->priv = PRV_S;
    ck_assert(!csr_op(h, 0x180, CSR_S, 0, false, &v));
    h->priv = PRV_M;
    ck_assert(csr_op(h, 0x180, CSR_S, 0, false, &v));
    machine_free(m);

    /* without S and F in misa their CSRs do not exist for the guest (the
     * hart always sets S, so clear it by hand) */
    m = make(MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('U'));
    h = &m->harts[0];
    h->misa &= ~(MISA_EXT('S') | MISA_EXT('F') | MISA_EXT('D'));
    h->priv = PRV_M;
    h->mstatus |= 1ull << 13;
    ck_assert(!csr_op(h, 0x100, CSR_S, 0, false, &v));
    ck_assert(!csr_op(h, 0x180, CSR_S, 0, false, &v));
    ck_assert(!csr_op(h, 0x001, CSR_S, 0, false, &v));
    ck_assert(csr_op(h, 0x300, CSR_S, 0, false, &v));
    struct csr_desc d;
    ck_assert(csr_describe(0x003, &d) && d.ext == CSR_EXT_F);
    ck_assert(csr_describe(0x180, &d) && d.ext == CSR_EXT_S);
    ck_assert(csr_describe(0xc01, &d) && d.ext == CSR_EXT_Zicntr);
    machine_free(m);
}
END_TEST

/* WARL: csrrs on mip modifies the software SEIP bit, not the external
 * line ORed into the value read (priv. spec 3.1.9). */
START_TEST(mip_read_modify_write)
{
    struct machine *m = make(RV64GC_SU);
    struct hart *h = &m->harts[0];
    uint64_t v;
    h->priv = PRV_M;
    h->mip_ext |= MIP_SEIP;
    ck_assert(csr_op(h, 0x344, CSR_S, MIP_SSIP, true, &v));
    ck_assert(v & MIP_SEIP);                    /* the read sees the line */
    ck_assert_uint_eq(h->mip & MIP_SEIP, 0);    /* the write did not latch it */
    ck_assert(h->mip & MIP_SSIP);
    machine_free(m);
}
END_TEST

/* menvcfg/senvcfg WARL (privileged spec, "Machine Environment
 * Configuration Register"): a field exists only with its extension. */
START_TEST(envcfg_fields_follow_the_extensions)
{
    const uint64_t FIOM = 1, CBIE = 3ull << 4, CBCFE = 1ull << 6, CBZE = 1ull << 7,
                   ADUE = 1ull << 61, PBMTE = 1ull << 62, STCE = 1ull << 63;
    struct machine *m = make_z(RV64GC_SU, 0);
    struct hart *h = &m->harts[0];
    uint64_t v;
    h->priv = PRV_M;
    ck_assert(csr_op(h, CSR_menvcfg, CSR_W, ~0ull, true, &v));
    ck_assert(csr_op(h, CSR_menvcfg, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v, FIOM);
    ck_assert(csr_op(h, CSR_senvcfg, CSR_W, ~0ull, true, &v));
    ck_assert(csr_op(h, CSR_senvcfg, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v, FIOM);
    /* no Sstc, Smstateen: their CSRs do not exist */
    ck_assert(!csr_op(h, 0x14d, CSR_S, 0, false, &v));
    ck_assert(!csr_op(h, 0x30c, CSR_S, 0, false, &v));
    ck_assert(!csr_op(h, 0x10c, CSR_S, 0, false, &v));
    machine_free(m);

    m = make(RV64GC_SU);
    h = &m->harts[0];
    h->priv = PRV_M;
    ck_assert(csr_op(h, CSR_menvcfg, CSR_W, ~0ull, true, &v));
    ck_assert(csr_op(h, CSR_menvcfg, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v, FIOM | CBIE | CBCFE | CBZE | ADUE | PBMTE | STCE);
    /* CBIE = 10 is reserved: the field keeps its value */
    ck_assert(csr_op(h, CSR_menvcfg, CSR_W, 2ull << 4, true, &v));
    ck_assert(csr_op(h, CSR_menvcfg, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v, CBIE);
    ck_assert(csr_op(h, CSR_senvcfg, CSR_W, ~0ull, true, &v));
    ck_assert(csr_op(h, CSR_senvcfg, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v, FIOM | CBIE | CBCFE | CBZE);
    machine_free(m);
}
END_TEST

/* Sstc: stimecmp below M needs menvcfg.STCE and mcounteren.TM; with STCE
 * the comparison drives STIP, which M-mode can no longer write. */
START_TEST(sstc_rules)
{
    const uint64_t STCE = 1ull << 63;
    struct machine *m = make(RV64GC_SU);
    struct hart *h = &m->harts[0];
    uint64_t v;
    h->priv = PRV_M;
    ck_assert(csr_op(h, 0x14d, CSR_S, 0, false, &v));      /* M: always */
    ck_assert_uint_eq(v, ~0ull);                            /* reset: never */
    ck_assert(csr_op(h, CSR_mcounteren, CSR_W, 2, true, &v));
    h->priv = PRV_S;
    ck_assert(!csr_op(h, 0x14d, CSR_S, 0, false, &v));     /* STCE = 0 */
    h->priv = PRV_M;
    ck_assert(csr_op(h, CSR_menvcfg, CSR_W, STCE, true, &v));
    ck_assert(csr_op(h, CSR_mcounteren, CSR_W, 0, true, &v));
    h->priv = PRV_S;
    ck_assert(!csr_op(h, 0x14d, CSR_S, 0, false, &v));     /* TM = 0 */
    h->priv = PRV_M;
    ck_assert(csr_op(h, CSR_mcounteren, CSR_W, 2, true, &v));
    h->priv = PRV_S;
    ck_assert(csr_op(h, 0x14d, CSR_W, 0, true, &v));       /* time >= 0 */
    ck_assert(csr_op(h, 0x144, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v & MIP_STIP, 0);                     /* not delegated */
    h->priv = PRV_M;
    ck_assert(csr_op(h, 0x344, CSR_S, 0, false, &v));
    ck_assert(v & MIP_STIP);
    ck_assert(csr_op(h, 0x344, CSR_C, MIP_STIP, true, &v)); /* read-only now */
    ck_assert(csr_op(h, 0x344, CSR_S, 0, false, &v));
    ck_assert(v & MIP_STIP);
    ck_assert(csr_op(h, 0x14d, CSR_W, ~0ull, true, &v));   /* cleared by a write */
    ck_assert(csr_op(h, 0x344, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v & MIP_STIP, 0);
    ck_assert(csr_op(h, 0x344, CSR_S, MIP_STIP, true, &v)); /* still read-only */
    ck_assert(csr_op(h, 0x344, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v & MIP_STIP, 0);
    /* STCE = 0: STIP is M-mode's software bit again */
    ck_assert(csr_op(h, CSR_menvcfg, CSR_W, 0, true, &v));
    ck_assert(csr_op(h, 0x344, CSR_S, MIP_STIP, true, &v));
    ck_assert(csr_op(h, 0x344, CSR_S, 0, false, &v));
    ck_assert(v & MIP_STIP);
    machine_free(m);
}
END_TEST

/* Smstateen/Ssstateen: mstateen0 keeps SE0 and ENVCFG, mstateen1..3 only
 * SE; SE gates sstateenN below M and ENVCFG gates senvcfg. */
START_TEST(stateen_rules)
{
    const uint64_t SE = 1ull << 63, ENVCFG = 1ull << 62;
    struct machine *m = make(RV64GC_SU);
    struct hart *h = &m->harts[0];
    uint64_t v;
    h->priv = PRV_M;
    ck_assert(csr_op(h, 0x30c, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v, 0);                                /* reset */
    h->priv = PRV_S;
    ck_assert(!csr_op(h, 0x10c, CSR_S, 0, false, &v));
    ck_assert(!csr_op(h, 0x10a, CSR_S, 0, false, &v));     /* senvcfg */
    h->priv = PRV_M;
    ck_assert(csr_op(h, 0x30c, CSR_W, ~0ull, true, &v));
    ck_assert(csr_op(h, 0x30c, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v, SE | ENVCFG);
    ck_assert(csr_op(h, 0x30d, CSR_W, ~0ull, true, &v));
    ck_assert(csr_op(h, 0x30d, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v, SE);
    h->priv = PRV_S;
    ck_assert(csr_op(h, 0x10c, CSR_W, ~0ull, true, &v));
    ck_assert(csr_op(h, 0x10c, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v, 0);                                /* no bit implemented */
    ck_assert(csr_op(h, 0x10d, CSR_S, 0, false, &v));
    ck_assert(!csr_op(h, 0x10e, CSR_S, 0, false, &v));     /* mstateen2.SE = 0 */
    ck_assert(csr_op(h, 0x10a, CSR_S, 0, false, &v));
    h->priv = PRV_U;
    ck_assert(!csr_op(h, 0x10c, CSR_S, 0, false, &v));
    machine_free(m);
}
END_TEST

/* ---- the disassembler prints the table's names ---- */

static void check_disasm(unsigned num, const char *name, void *ctx)
{
    (void)ctx;
    char got[64], want[64];
    /* csrrs a0, csr, zero */
    uint32_t insn = (uint32_t)num << 20 | 2u << 12 | 10u << 7 | 0x73u;
    rv_disasm(0, insn, got, sizeof got);
    snprintf(want, sizeof want, "csrrs   a0, %s, zero", name);
    ck_assert_str_eq(got, want);
}

/* Zihpm and Sscofpmf follow --isa: without Zihpm the hpm counters and
 * events are hardwired to zero (priv. spec: "mhpmcounter3-31 ... may be
 * hardwired to zero"); without Sscofpmf scountovf does not exist, the
 * mhpmevent filter bits read zero and mie/mip/mideleg bit 13 (LCOFI) is
 * read-only zero. */
START_TEST(counter_extensions_follow_the_isa)
{
    struct machine *m = make(RV64GC_SU);
    struct hart *h = &m->harts[0];
    uint64_t v;
    h->priv = PRV_M;
    h->zext &= ~(EXT_BIT(EXT_Zihpm) | EXT_BIT(EXT_Sscofpmf));
    ck_assert(csr_op(h, CSR_mhpmevent3, CSR_W, 2, true, &v));
    ck_assert(csr_op(h, CSR_mhpmcounter3, CSR_W, 77, true, &v));
    ck_assert(csr_op(h, CSR_mhpmevent3, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v, 0);
    ck_assert(csr_op(h, CSR_mhpmcounter3, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v, 0);
    ck_assert(!csr_op(h, 0xda0, CSR_S, 0, false, &v));     /* scountovf */
    ck_assert(csr_op(h, CSR_mie, CSR_W, ~0ull, true, &v));
    ck_assert(csr_op(h, CSR_mie, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v & (1u << 13), 0);

    h->zext |= EXT_BIT(EXT_Zihpm);
    ck_assert(csr_op(h, CSR_mhpmevent3, CSR_W, 0xf000000000000002ull, true, &v));
    ck_assert(csr_op(h, CSR_mhpmevent3, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v, 2);                                /* no filter bits */
    ck_assert(csr_op(h, CSR_mhpmevent3, CSR_W, 0x1234, true, &v));
    ck_assert(csr_op(h, CSR_mhpmevent3, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v, 0);                                /* WARL: no event */

    h->zext |= EXT_BIT(EXT_Sscofpmf);
    ck_assert(csr_op(h, 0xda0, CSR_S, 0, false, &v));
    ck_assert(csr_op(h, CSR_mhpmevent3, CSR_W, 0xff00000000010019ull, true, &v));
    ck_assert(csr_op(h, CSR_mhpmevent3, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v, 0xf000000000010019ull);           /* VS/VUINH: no H */
    ck_assert(csr_op(h, 0xda0, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v, 1u << 3);
    ck_assert(csr_op(h, CSR_mie, CSR_W, ~0ull, true, &v));
    ck_assert(csr_op(h, CSR_mideleg, CSR_W, ~0ull, true, &v));
    ck_assert(csr_op(h, CSR_mie, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v & (1u << 13), 1u << 13);
    ck_assert(csr_op(h, CSR_mideleg, CSR_S, 0, false, &v));
    ck_assert_uint_eq(v & (1u << 13), 1u << 13);
    machine_free(m);
}
END_TEST

START_TEST(disassembler_uses_the_names)
{
    each_member(check_disasm, NULL);
    char got[64];
    rv_disasm(0, 0x7c0u << 20 | 2u << 12 | 10u << 7 | 0x73u, got, sizeof got);
    ck_assert_str_eq(got, "csrrs   a0, 0x7c0, zero");
    rv_disasm(0, 0x3a1u << 20 | 2u << 12 | 10u << 7 | 0x73u, got, sizeof got);
    ck_assert_str_eq(got, "csrrs   a0, 0x3a1, zero");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("csr_table");
    TCase *tc = tcase_create("csr_table");
    tcase_add_test(tc, spec_numbers_and_names);
    tcase_add_test(tc, unique_numbers_and_names);
    tcase_add_test(tc, lines_in_number_order);
    tcase_add_test(tc, priv_is_csr_bits_9_8);
    tcase_add_test(tc, implemented_csrs_read_at_their_privilege);
    tcase_add_test(tc, lower_privilege_and_read_only_are_illegal);
    tcase_add_test(tc, guards_and_extensions);
    tcase_add_test(tc, mip_read_modify_write);
    tcase_add_test(tc, envcfg_fields_follow_the_extensions);
    tcase_add_test(tc, sstc_rules);
    tcase_add_test(tc, stateen_rules);
    tcase_add_test(tc, counter_extensions_follow_the_isa);
    tcase_add_test(tc, disassembler_uses_the_names);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
