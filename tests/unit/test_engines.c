/* Differential test of the engines: the block cache and the JIT must never
 * change what a program computes.  Two machines run the same program in
 * lockstep, one with the block engine (or the JIT), one with the reference
 * interpreter; after every block the whole architectural state must agree.
 *
 * Programs: every ISA test ELF (tests/isa, built before ctest runs) and the
 * first few million instructions of the Linux guest, when it is built. */
#include <check.h>
#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_main.h"
#include "cpu/csr.h"
#include "cpu/insns.h"
#include "cpu/jit.h"
#include "devices/board.h"
#include "devices/clint.h"
#include "frontend/elf.h"
#include "tests/common/hart_compare.h"

#ifndef ISA_ELF_DIR
#define ISA_ELF_DIR "tests/isa"
#endif
#ifndef GUEST_DIR
#define GUEST_DIR "guest"
#endif

/* Every Z-extension (the random blocks use them all). */
#define ZEXT_ALL (EXT_BIT(EXT_COUNT) - 1)

/* jit_after: the JIT's --jit-after (0 everywhere but where a test says:
 * every block translated on its first run, so the JIT's code is what the
 * lockstep compares) */
static struct machine *make_after(enum engine e, bool virt, FILE *console, uint64_t zext,
                                  unsigned jit_after)
{
    struct machine_config c;
    memset(&c, 0, sizeof c);
    c.jit_after = jit_after;
    c.ram_size = virt ? 256ull << 20 : 64ull << 20;
    c.misa = MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | MISA_EXT('F') |
             MISA_EXT('D') | MISA_EXT('C');
    c.zext = zext;
    c.nharts = 1;
    c.engine = e;
    c.virt = virt;
    c.virtual_time = true;      /* both machines see identical time */
    c.console = console;
    if (virt) {
        static char k[4096], i[4096], b[4096];
        snprintf(k, sizeof k, "%s/Image", GUEST_DIR);
        snprintf(i, sizeof i, "%s/initramfs.cpio.gz", GUEST_DIR);
        snprintf(b, sizeof b, "%s/fw_dynamic.bin", GUEST_DIR);
        c.kernel = k;
        c.initrd = i;
        c.bios = b;
        c.append = "console=ttyS0";
    }
    char err[256];
    struct machine *m = machine_new(&c, err, sizeof err);
    ck_assert_msg(m != NULL, "%s", err);
    return m;
}

static struct machine *make(enum engine e, bool virt, FILE *console, uint64_t zext)
{
    return make_after(e, virt, console, zext, 0);
}

/* Runs both machines in lockstep for at most limit instructions, blk
 * step instructions at a time (1: one whole block; more: blocks chained
 * as they are outside the test), ref as many; returns the number of steps
 * compared. */
static uint64_t lockstep_by(struct machine *blk, struct machine *ref, uint64_t limit,
                            uint64_t step, const char *what)
{
    struct hart *a = &blk->harts[0], *b = &ref->harts[0];
    uint64_t total = 0, blocks = 0, rem = 0;
    char diff[160];
    while (total < limit && blk->exit == EXIT_NONE) {
        uint64_t n = 0, n2 = 0;
        enum run_status st = hart_run(a, step, &n);
        if (st == RUN_WFI && n == 0) {
            clint_advance(blk->clint, 1000);
            clint_advance(ref->clint, 1000);
        }
        while (n2 < n) {
            uint64_t k;
            hart_run(b, n - n2, &k);
            if (k == 0)
                break;
            n2 += k;
        }
        ck_assert_msg(n2 == n, "%s: interpreter ran %" PRIu64 " of %" PRIu64
                      " instructions at pc %" PRIx64, what, n2, n, b->pc);
        rem += n;
        clint_advance(blk->clint, rem / 100);
        clint_advance(ref->clint, rem / 100);
        rem %= 100;
        machine_tick(blk);
        machine_tick(ref);
        total += n;
        blocks++;
        const char *d = hart_compare(a, b, diff, sizeof diff);
        ck_assert_msg(d == NULL, "%s: engines diverge after %" PRIu64
                      " instructions (block ending at pc %" PRIx64 "): %s",
                      what, total, a->pc, d);
    }
    ck_assert_msg(blk->exit == ref->exit, "%s: exit %d vs %d", what, blk->exit, ref->exit);
    ck_assert_uint_gt(ncsrs, 40);   /* the comparison covered the CSR file */
    return blocks;
}

static uint64_t lockstep(struct machine *blk, struct machine *ref, uint64_t limit,
                         const char *what)
{
    return lockstep_by(blk, ref, limit, 1, what);
}

/* The Z-extensions an ISA test runs with (its rvx-isa / rvx-march line,
 * which the ELF does not carry): all of them, none for the *_off tests
 * (which check that the extensions are off), and the partial sets of the
 * tests that check one extension without another. */
static uint64_t isa_test_zext(const char *elf)
{
    if (strstr(elf, "_off.") != NULL)
        return 0;
    if (strcmp(elf, "zfhmin.elf") == 0)
        return ZEXT_ALL & ~EXT_BIT(EXT_Zfh);
    if (strcmp(elf, "zfa_nozfh.elf") == 0)
        return ZEXT_ALL & ~EXT_BIT(EXT_Zfh) & ~EXT_BIT(EXT_Zfhmin);
    return ZEXT_ALL;
}

/* The engines checked against the interpreter (loop test index). */
static const enum engine engines[] = { ENGINE_BLOCK, ENGINE_JIT };

/* On a host without a code generator ENGINE_JIT runs as the block engine:
 * its pass would repeat the block engine's, at a cost under qemu-user. */
static bool repeats_block(int i)
{
    return engines[i] == ENGINE_JIT && !RVX_HAVE_JIT;
}

START_TEST(isa_programs)
{
    if (repeats_block(_i))
        return;
    DIR *d = opendir(ISA_ELF_DIR);
    ck_assert_msg(d != NULL, "no ISA test directory %s (build the ISA tests)", ISA_ELF_DIR);
    struct dirent *e;
    int programs = 0;
    FILE *null = fopen("/dev/null", "w");
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".elf") || strstr(e->d_name, ".qemu."))
            continue;
        /* A counter overflow interrupt (Sscofpmf) is taken at the first
         * boundary after the wrap: the interpreter's next instruction, the
         * block engine's next block end (the spec leaves the latency
         * open).  So that test's runs legitimately differ; zihpm.elf
         * checks the counters themselves in lockstep. */
        if (strstr(e->d_name, "sscofpmf"))
            continue;
        /* (an rvx-smp test needs its harts; the lockstep runs one) */
        if (strstr(e->d_name, "_smp."))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", ISA_ELF_DIR, e->d_name);
        uint64_t zext = isa_test_zext(e->d_name);
        struct machine *m[2] = { make(engines[_i], false, null, zext),
                                 make(ENGINE_INTERP, false, null, zext) };
        for (int i = 0; i < 2; i++) {
            struct elf_info ei;
            char err[256];
            ck_assert_msg(elf_load(path, m[i], &ei, err, sizeof err), "%s", err);
            if (ei.tohost)
                ck_assert(machine_add_htif(m[i], ei.tohost, ei.fromhost, err, sizeof err));
            m[i]->entry = ei.entry;
            machine_reset(m[i]);
        }
        lockstep(m[0], m[1], 50000000, e->d_name);
        ck_assert_msg(m[0]->exit == EXIT_HTIF && m[0]->exit_code == 0,
                      "%s did not pass (exit %d code %d)", e->d_name, m[0]->exit,
                      m[0]->exit_code);
        ck_assert_msg(memcmp(m[0]->bus.ram, m[1]->bus.ram, m[0]->bus.ram_size) == 0,
                      "%s: RAM differs between engines", e->d_name);
        machine_free(m[0]);
        machine_free(m[1]);
        programs++;
    }
    closedir(d);
    fclose(null);
    ck_assert_msg(programs >= 10, "only %d ISA programs found in %s", programs, ISA_ELF_DIR);
}
END_TEST

/* ---- random integer and FP blocks ----
 * Straight-line blocks of random instructions (every R, I and W
 * form, shifts, M, Zba/Zbb/Zbc/Zbs, Zicond, Zbkb/Zbkx/Zkn, Zimop, pairs
 * of Zcb, Zcmop and c.ntl parcels, F/D/Zfh/Zfhmin/Zfa's OP-FP and fused
 * forms with their loads and stores, lui, auipc, loads and stores of every size at any
 * alignment to a data page, Zicbom/Zicboz on it, the AMOs, LR/SC and
 * amocas.w/d/q on its first words, A's also anywhere on it, aligned or
 * not; any registers, x0 included; immediates
 * biased to the edges, zero among them) run under the engine and the
 * interpreter from the same random register file and data: every
 * register and every byte must agree.  This finds what hand-written tests miss, e.g. a generator
 * shortcut that holds for most operands but not all. */

static uint64_t rng = 0x2545f4914f6cdd1dull;
static uint64_t rnd(void) { return xorshift64(&rng); }

static uint64_t interesting(void)
{
    static const uint64_t v[] = {
        0, 1, 2, ~0ull, 0x8000000000000000ull, 0x7fffffffffffffffull,
        0x80000000ull, 0x7fffffffull, 0xffffffff80000000ull, 0xffffffffull,
        0x100000000ull, 63, 64, 31, 32,
    };
    uint64_t r = rnd();
    return (r & 3) ? rnd() : v[(r >> 2) % (sizeof v / sizeof *v)];
}

static int32_t imm12(void)
{
    static const int32_t v[] = { 0, 1, -1, 2047, -2048, 31, 32, 63 };
    uint64_t r = rnd();
    return (r & 1) ? (int32_t)((r >> 8) & 0xfff) - 2048 : v[(r >> 1) % 8];
}

/* R-type: opcode, funct3, funct7 */
static const uint32_t rtype[][3] = {
    { 0x33, 0, 0x00 }, { 0x33, 0, 0x20 }, { 0x33, 1, 0 }, { 0x33, 2, 0 },
    { 0x33, 3, 0 }, { 0x33, 4, 0 }, { 0x33, 5, 0 }, { 0x33, 5, 0x20 },
    { 0x33, 6, 0 }, { 0x33, 7, 0 },
    { 0x33, 0, 1 }, { 0x33, 1, 1 }, { 0x33, 2, 1 }, { 0x33, 3, 1 },
    { 0x33, 4, 1 }, { 0x33, 5, 1 }, { 0x33, 6, 1 }, { 0x33, 7, 1 },
    { 0x3b, 0, 0 }, { 0x3b, 0, 0x20 }, { 0x3b, 1, 0 }, { 0x3b, 5, 0 },
    { 0x3b, 5, 0x20 }, { 0x3b, 0, 1 }, { 0x3b, 4, 1 }, { 0x3b, 5, 1 },
    { 0x3b, 6, 1 }, { 0x3b, 7, 1 },
    /* Zba, Zbb, Zbc, Zbs: add.uw sh1add..sh3add(.uw) andn orn xnor max(u)
     * min(u) rol ror rolw rorw clmul clmulh clmulr bclr bext binv bset */
    { 0x3b, 0, 0x04 }, { 0x33, 2, 0x10 }, { 0x33, 4, 0x10 }, { 0x33, 6, 0x10 },
    { 0x3b, 2, 0x10 }, { 0x3b, 4, 0x10 }, { 0x3b, 6, 0x10 },
    { 0x33, 7, 0x20 }, { 0x33, 6, 0x20 }, { 0x33, 4, 0x20 },
    { 0x33, 6, 0x05 }, { 0x33, 7, 0x05 }, { 0x33, 4, 0x05 }, { 0x33, 5, 0x05 },
    { 0x33, 1, 0x30 }, { 0x33, 5, 0x30 }, { 0x3b, 1, 0x30 }, { 0x3b, 5, 0x30 },
    { 0x33, 1, 0x05 }, { 0x33, 3, 0x05 }, { 0x33, 2, 0x05 },
    { 0x33, 1, 0x24 }, { 0x33, 5, 0x24 }, { 0x33, 1, 0x34 }, { 0x33, 1, 0x14 },
    /* Zicond: czero.eqz czero.nez */
    { 0x33, 5, 0x07 }, { 0x33, 7, 0x07 },
    /* Zbkb, Zbkx, Zkne, Zknd: pack packh packw xperm4 xperm8 aes64es
     * aes64esm aes64ds aes64dsm aes64ks2; Zimop: mop.rr.0, mop.rr.7 */
    { 0x33, 4, 0x04 }, { 0x33, 7, 0x04 }, { 0x3b, 4, 0x04 },
    { 0x33, 2, 0x14 }, { 0x33, 4, 0x14 },
    { 0x33, 0, 0x19 }, { 0x33, 0, 0x1b }, { 0x33, 0, 0x1d }, { 0x33, 0, 0x1f },
    { 0x33, 0, 0x3f }, { 0x73, 4, 0x41 }, { 0x73, 4, 0x67 },
};

/* Zb* immediate forms: opcode, funct3, imm[11:0] with the shift amount
 * zero, and how many shift amounts (1: a fixed-rs2 unary form) */
static const uint32_t zbimm[][4] = {
    { 0x13, 5, 0x600, 64 }, { 0x1b, 5, 0x600, 32 },     /* rori roriw */
    { 0x13, 1, 0x480, 64 }, { 0x13, 5, 0x480, 64 },     /* bclri bexti */
    { 0x13, 1, 0x680, 64 }, { 0x13, 1, 0x280, 64 },     /* binvi bseti */
    { 0x1b, 1, 0x080, 64 },                             /* slli.uw */
    { 0x13, 1, 0x600, 1 }, { 0x13, 1, 0x601, 1 }, { 0x13, 1, 0x602, 1 }, /* clz ctz cpop */
    { 0x13, 1, 0x604, 1 }, { 0x13, 1, 0x605, 1 },       /* sext.b sext.h */
    { 0x1b, 1, 0x600, 1 }, { 0x1b, 1, 0x601, 1 }, { 0x1b, 1, 0x602, 1 }, /* clzw ctzw cpopw */
    { 0x13, 5, 0x287, 1 }, { 0x13, 5, 0x6b8, 1 },       /* orc.b rev8 */
    { 0x3b, 4, 0x080, 1 },                              /* zext.h */
    { 0x13, 5, 0x687, 1 }, { 0x13, 1, 0x300, 1 },       /* brev8 aes64im */
    { 0x13, 1, 0x310, 11 },                             /* aes64ks1i 0..10 */
    { 0x13, 1, 0x100, 1 }, { 0x13, 1, 0x101, 1 }, { 0x13, 1, 0x102, 1 },
    { 0x13, 1, 0x103, 1 }, { 0x13, 1, 0x104, 1 }, { 0x13, 1, 0x105, 1 },
    { 0x13, 1, 0x106, 1 }, { 0x13, 1, 0x107, 1 },       /* sha256*, sha512* */
    { 0x73, 4, 0x81c, 1 }, { 0x73, 4, 0xcdf, 1 },       /* mop.r.0, mop.r.31 */
};

/* Zcb, Zcmop and Zihintntl parcels, two to a word.  A Zcb load or store
 * follows c.mv s0, t6 (0x847e), so it addresses the data page (rs1' = s0);
 * rd' and rs2' are x8..x15, never the data register. */
static uint32_t random_cpair(void)
{
    uint32_t rdp = (uint32_t)(rnd() % 8), rs2p = (uint32_t)(rnd() % 8);
    uint32_t uimm = (uint32_t)(rnd() % 4);
    /* funct6 and bits 6:5: c.lbu/c.sb take uimm[0|1]; c.lhu/c.sh uimm[1]
     * with bit 6 clear; c.lh uimm[1] with bit 6 set */
    static const uint32_t ls[][3] = {
        { 0x20, 3, 0 }, { 0x21, 1, 0 }, { 0x21, 1, 2 }, { 0x22, 3, 0 }, { 0x23, 1, 0 },
    };
    uint32_t unary = 0x9c61u | rdp << 7 | (uint32_t)(rnd() % 6) << 2;
    uint32_t mul = 0x9c41u | rdp << 7 | rs2p << 2;
    switch (rnd() % 3) {
    case 0: {
        const uint32_t *f = ls[rnd() % 5];
        uint32_t bits = (uimm & f[1]) | f[2];
        return 0x847eu | (f[0] << 10 | bits << 5 | rdp << 2) << 16;
    }
    case 1:
        return (rnd() & 1) ? (unary | mul << 16) : (mul | unary << 16);
    default:    /* c.mop.N, then c.ntl.* */
        return (0x6081u | (uint32_t)(rnd() % 8) << 8) |
               (0x900au + 4 * (uint32_t)(rnd() % 4)) << 16;
    }
}

/* x31 holds the data page's address and is never written; the loop
 * blocks count their iterations in x30, which they never write either. */
#define DATA_REG 31u
#define LOOP_REG 30u
static uint32_t n_rd = DATA_REG;        /* the random rd: x0..x(n_rd - 1) */

/* FP forms: every OP-FP / fused multiply-add row of the F, D, Zfh, Zfhmin
 * and Zfa extensions, taken from the instruction database, with random
 * operand fields (an rm of 5 or 6, reserved, becomes dynamic; an x
 * destination never the data register).  The f registers start as boxed
 * halves and singles, doubles and unboxed values, frm as any valid mode. */
static const struct opcode *fp_rows[256];   /* (INSN rows, not ALIAS ones) */
static size_t n_fp_rows;

static void list_fp_rows(void)
{
    for (size_t i = 0; i < n_opcodes && n_fp_rows < 256; i++) {
        const struct opcode *o = &opcodes[i];
        unsigned e = o->ext;
        if (op_info[o->op].cls == CL_FP && strcmp(o->name, op_names[o->op]) == 0 &&
            (e == EXT_F || e == EXT_D || e == EXT_Zfh || e == EXT_Zfhmin || e == EXT_Zfa))
            fp_rows[n_fp_rows++] = o;
    }
    ck_assert_uint_gt(n_fp_rows, 100);
}

static uint32_t random_fp_insn(void)
{
    const struct opcode *o = fp_rows[rnd() % n_fp_rows];
    uint32_t w = o->match | ((uint32_t)rnd() & ~o->mask);
    uint32_t rm = (w >> 12) & 7;
    if ((o->fmt == FMT_RM || o->fmt == FMT_R4) && (rm == 5 || rm == 6))
        w |= 7u << 12;
    if (op_info[o->op].writes == WR_X)
        w = (w & ~(31u << 7)) | (uint32_t)(rnd() % n_rd) << 7;
    return w;
}

/* The FP rows the JIT translates itself (the instruction database's jit
 * column), which the FP-heavy blocks favour. */
#define G(f, a) true
#define HELPER false
static const bool jit_native[OP_COUNT] = {
#define OP(n, cls, wr, flags, jit) [OP_##n] = jit,
#define INSN(n, mask, match, fmt, ext, cls, wr, flags, syntax, jit) [OP_##n] = jit,
#include "cpu/insns.def"
};
#undef G
#undef HELPER
static const struct opcode *fp_native_rows[256];
static size_t n_fp_native_rows;

static uint32_t random_fp_native_insn(void)
{
    if (!n_fp_native_rows)
        for (size_t i = 0; i < n_fp_rows; i++)
            if (jit_native[fp_rows[i]->op])
                fp_native_rows[n_fp_native_rows++] = fp_rows[i];
    ck_assert_uint_gt(n_fp_native_rows, 20);
    const struct opcode *o = fp_native_rows[rnd() % n_fp_native_rows];
    uint32_t w = o->match | ((uint32_t)rnd() & ~o->mask);
    uint32_t rm = (w >> 12) & 7;
    if ((o->fmt == FMT_RM || o->fmt == FMT_R4) && (rm == 5 || rm == 6))
        w |= 7u << 12;
    if (op_info[o->op].writes == WR_X)
        w = (w & ~(31u << 7)) | (uint32_t)(rnd() % n_rd) << 7;
    return w;
}

/* f register contents: boxed halves and singles (their special values:
 * signed zeros, subnormals, the largest normal, infinities, quiet and
 * signalling NaNs), unboxed and badly boxed words, doubles (the same
 * specials), and a small set of ordinary values so compares find equal
 * operands. */
static uint64_t random_freg(void)
{
    static const uint16_t h[] = { 0x0000, 0x8000, 0x0001, 0x03ff, 0x0400, 0x3c00, 0xbc00,
                                  0x7bff, 0x7c00, 0xfc00, 0x7e00, 0x7c01, 0x3555 };
    static const uint32_t s[] = { 0x00000000, 0x80000000, 0x00000001, 0x007fffff, 0x00800000,
                                  0x3f800000, 0xbf800000, 0x7f7fffff, 0x7f800000, 0xff800000,
                                  0x7fc00000, 0x7f800001, 0xffc00000, 0xff800001, 0x40490fdb };
    static const uint64_t d[] = { 0, 0x8000000000000000ull, 1, 0x000fffffffffffffull,
                                  0x0010000000000000ull, 0x3ff0000000000000ull,
                                  0xbff0000000000000ull, 0x7fefffffffffffffull,
                                  0x7ff0000000000000ull, 0xfff0000000000000ull,
                                  0x7ff8000000000000ull, 0x7ff0000000000001ull,
                                  0xfff8000000000000ull, 0x7ff4000000000000ull,
                                  0x400921fb54442d18ull, 0x41dfffffffc00000ull,
                                  0xc1e0000000000000ull, 0x3ff8000000000000ull };
    uint64_t r = rnd();
    switch (r & 15) {
    case 0: case 1: return 0xffffffffffff0000ull | h[(r >> 8) % (sizeof h / sizeof *h)];
    case 2: return 0xffffffffffff0000ull | (uint16_t)(r >> 16);
    case 3: case 4: return 0xffffffff00000000ull | (uint32_t)(r >> 32);
    case 5: return 0xffffffff00000000ull | 0x3f800000u;
    case 6: case 7: return 0xffffffff00000000ull | s[(r >> 8) % (sizeof s / sizeof *s)];
    case 8: return 0xfffffffe00000000ull | s[(r >> 8) % (sizeof s / sizeof *s)]; /* bad box */
    case 9: case 10: return d[(r >> 8) % (sizeof d / sizeof *d)];
    default: return interesting();
    }
}

/* The f registers' generator of the random blocks (random_blocks): the
 * default, or one that favours a test's operands. */
static uint64_t (*freg_gen)(void) = random_freg;

static uint32_t random_insn(void);

/* FP-heavy blocks: the FP rows the JIT translates, then fld/fsd/flw/fsw,
 * fmv and the integer forms. */
static uint32_t random_fp_heavy_insn(void)
{
    uint32_t off = (uint32_t)(rnd() % 2040) & ~7u, f = (uint32_t)(rnd() % 32);
    switch (rnd() % 8) {
    case 0: case 1: case 2: case 3: case 4:
        return random_fp_native_insn();
    case 5: {                   /* flw/fld, fsw/fsd on the data page */
        uint32_t w = 2 + (uint32_t)(rnd() % 2);
        if (rnd() & 1)
            return off << 20 | DATA_REG << 15 | w << 12 | f << 7 | 0x07;
        return (off >> 5) << 25 | f << 20 | DATA_REG << 15 | w << 12 | (off & 31) << 7 | 0x27;
    }
    default:
        return random_insn();
    }
}

/* An instruction that (most likely) traps in mid-block: a load or store
 * of any width (x and f) below address 0, where nothing is mapped (an
 * access fault: the TLB misses, the slow path traps), a load through any
 * register (a fault unless it holds an address in RAM), an illegal
 * instruction (the handler path).  The trap must see exactly the state
 * before the instruction, however many results the JIT still holds in
 * host registers; the handler skips it. */
static uint32_t random_trapping_insn(void)
{
    uint32_t rd = (uint32_t)(rnd() % n_rd), rs = (uint32_t)(rnd() % 32);
    uint32_t off = (uint32_t)(-8 - (int32_t)(rnd() % 2040)) & 0xfff;    /* below 0 */
    switch (rnd() % 6) {
    case 0:                     /* lb..lwu from x0 + off */
        return off << 20 | (uint32_t)(rnd() % 7) << 12 | rd << 7 | 0x03;
    case 1:                     /* sb..sd */
        return (off >> 5) << 25 | rs << 20 | (uint32_t)(rnd() % 4) << 12 | (off & 31) << 7 | 0x23;
    case 2:                     /* flh flw fld */
        return off << 20 | (1 + (uint32_t)(rnd() % 3)) << 12 | rd << 7 | 0x07;
    case 3:                     /* fsh fsw fsd */
        return (off >> 5) << 25 | rs << 20 | (1 + (uint32_t)(rnd() % 3)) << 12 |
               (off & 31) << 7 | 0x27;
    case 4:                     /* ld/lw/lbu through any register */
        return (uint32_t)imm12() << 20 | rs << 15 | (uint32_t)(rnd() % 2 + 2) << 12 |
               rd << 7 | 0x03;
    default:                    /* two illegal parcels (0x0000) */
        return 0;
    }
}

/* The second word of a pair a generator began: random_blocks takes it
 * as the next word. */
static uint32_t pending_insn;

/* An AMO, LR or SC of the A extension at a random place on the data page,
 * through a register an addi sets from x31 (returned now; the AMO is
 * the next word): most often aligned, so the JIT's TLB path
 * runs it, else misaligned, which must trap exactly as the handler does
 * (address-misaligned with mtval the address; the trap handler skips
 * it). */
static uint32_t random_amo_pair(uint32_t rd, uint32_t rs2)
{
    static const uint32_t f5[] = { 0x00, 0x01, 0x04, 0x08, 0x0c, 0x10, 0x14,
                                   0x18, 0x1c, 0x02, 0x03 };
    uint32_t f = f5[rnd() % (sizeof f5 / sizeof *f5)], f3 = 2 + (uint32_t)(rnd() % 2);
    uint32_t size = f3 == 3 ? 8 : 4, off = (uint32_t)(rnd() % 2040);
    uint32_t ra = 1 + (uint32_t)(rnd() % (n_rd - 1));
    if (rnd() % 4)
        off &= ~(size - 1);
    if (f == 0x02)
        rs2 = 0;
    pending_insn = f << 27 | (uint32_t)(rnd() % 4) << 25 | rs2 << 20 | ra << 15 |
                   f3 << 12 | rd << 7 | 0x2f;
    return off << 20 | DATA_REG << 15 | ra << 7 | 0x13;        /* addi ra, x31, off */
}

/* A load (funct3 f3, into rd) through t0 or t1, which an addi sets from
 * x31 (returned now; the load is the next word), a little either side
 * of that: loads near each other from one base join a JIT load group,
 * and the addi that sets the base again, most often to another address,
 * must end it. */
static uint32_t random_base_load_pair(uint32_t f3, uint32_t rd)
{
    uint32_t ra = 5 + (uint32_t)(rnd() % 2), off = 64 + (uint32_t)(rnd() % 1976);
    uint32_t imm = (uint32_t)((int32_t)(rnd() % 128) - 64) & 0xfff;
    pending_insn = imm << 20 | ra << 15 | f3 << 12 | rd << 7 | 0x03;
    return off << 20 | DATA_REG << 15 | ra << 7 | 0x13;        /* addi ra, x31, off */
}

/* Two loads from x31 (funct3 f3a, f3b; the second's rd random) at most
 * 64 bytes apart (returned now, then the next word), half the time
 * around 1 KiB from x31, where one round in eight has the end of RAM: a
 * JIT load group whose span crosses it (random_blocks). */
static uint32_t random_load_cluster(uint32_t f3a, uint32_t f3b, uint32_t rd)
{
    uint32_t off = (rnd() & 1) ? 960 + (uint32_t)(rnd() % 128) : (uint32_t)(rnd() % 1976);
    uint32_t off2 = off + (uint32_t)(rnd() % 128) - 64;
    pending_insn = off2 << 20 | DATA_REG << 15 | f3b << 12 | (uint32_t)(rnd() % n_rd) << 7 | 0x03;
    return off << 20 | DATA_REG << 15 | f3a << 12 | rd << 7 | 0x03;
}

static uint32_t random_insn(void)
{
    if (rnd() % 48 == 0)
        return random_trapping_insn();
    uint32_t rd = (uint32_t)(rnd() % n_rd), rs1 = (uint32_t)(rnd() % 32);
    uint32_t rs2 = (uint32_t)(rnd() % 32);
    uint32_t off = (uint32_t)(rnd() % 2040);    /* any alignment, in the page */
    switch (rnd() % 13) {
    case 9:                     /* FP, Zfh, Zfhmin, Zfa */
        return random_fp_insn();
    case 10: {                  /* flh/flw/fld, fsh/fsw/fsd (from/to the data page) */
        uint32_t f3 = 1 + (uint32_t)(rnd() % 3);
        if (rnd() & 1)
            return off << 20 | DATA_REG << 15 | f3 << 12 | (uint32_t)(rnd() % 32) << 7 | 0x07;
        return (off >> 5) << 25 | rs2 << 20 | DATA_REG << 15 | f3 << 12 | (off & 31) << 7 | 0x27;
    }
    case 11: {                  /* A and Zacas AMOs, LR and SC on the data
                                 * page's first words (x31: aligned, so none
                                 * traps; LR and SC there pair up), or A's
                                 * anywhere on it (random_amo_pair) */
        static const uint32_t f5[] = { 0x00, 0x01, 0x04, 0x08, 0x0c, 0x10, 0x14,
                                       0x18, 0x1c, 0x05, 0x05, 0x05, 0x02, 0x03, 0x03 };
        if (rnd() % 3 == 0)
            return random_amo_pair(rd, rs2);
        uint32_t f = f5[rnd() % (sizeof f5 / sizeof *f5)], f3 = 2 + (uint32_t)(rnd() % 2);
        if (f == 0x02)          /* lr: rs2 is 0 */
            rs2 = 0;
        if (f == 0x05 && rnd() % 3 == 0) {  /* amocas.q: even pairs, x31 kept */
            f3 = 4;
            rd = (uint32_t)(rnd() % 15) * 2;
            rs2 &= ~1u;
        }
        return f << 27 | (uint32_t)(rnd() % 4) << 25 | rs2 << 20 | DATA_REG << 15 |
               f3 << 12 | rd << 7 | 0x2f;
    }
    case 12:
        return random_cpair();
    case 8: {
        const uint32_t *t = zbimm[rnd() % (sizeof zbimm / sizeof *zbimm)];
        uint32_t sh = (uint32_t)(rnd() % t[3]);
        return (t[2] | sh) << 20 | rs1 << 15 | t[1] << 12 | rd << 7 | t[0];
    }
    case 6: {                   /* lb lh lw ld lbu lhu lwu from the data page */
        static const uint32_t f3[] = { 0, 1, 2, 3, 4, 5, 6 };
        if (rnd() % 4 == 0)
            return random_base_load_pair(f3[rnd() % 7], rd);
        if (rnd() % 3 == 0)
            return random_load_cluster(f3[rnd() % 7], f3[rnd() % 7], rd);
        return off << 20 | DATA_REG << 15 | f3[rnd() % 7] << 12 | rd << 7 | 0x03;
    }
    case 7: {                   /* sb sh sw sd to it */
        if (rnd() % 8 == 0) {   /* or cbo.inval/clean/flush/zero of its first block */
            static const uint32_t op[] = { 0, 1, 2, 4 };
            return op[rnd() % 4] << 20 | DATA_REG << 15 | 2u << 12 | 0x0f;
        }
        uint32_t f3 = (uint32_t)(rnd() % 4);
        return (off >> 5) << 25 | rs2 << 20 | DATA_REG << 15 | f3 << 12 | (off & 31) << 7 | 0x23;
    }
    case 0: case 1: {
        const uint32_t *t = rtype[rnd() % (sizeof rtype / sizeof *rtype)];
        return t[2] << 25 | rs2 << 20 | rs1 << 15 | t[1] << 12 | rd << 7 | t[0];
    }
    case 2: {                   /* addi slti sltiu xori ori andi */
        static const uint32_t f3[] = { 0, 2, 3, 4, 6, 7 };
        return (uint32_t)imm12() << 20 | rs1 << 15 | f3[rnd() % 6] << 12 | rd << 7 | 0x13;
    }
    case 3: {                   /* slli srli srai, 64- and 32-bit */
        bool w = rnd() & 1;
        uint32_t sh = (uint32_t)(rnd() % (w ? 32 : 64));
        static const uint32_t kind[][2] = { { 1, 0 }, { 5, 0 }, { 5, 0x400 } };
        const uint32_t *k = kind[rnd() % 3];
        return (k[1] | sh) << 20 | rs1 << 15 | k[0] << 12 | rd << 7 | (w ? 0x1b : 0x13);
    }
    case 4:                     /* addiw */
        return (uint32_t)imm12() << 20 | rs1 << 15 | rd << 7 | 0x1b;
    default:                    /* lui, auipc */
        return (uint32_t)(rnd() & 0xfffff000u) | rd << 7 | ((rnd() & 1) ? 0x37 : 0x17);
    }
}

/* A conditional branch on random registers (x0 included), forward by 1
 * to max words: blocks go on through such branches (superblocks,
 * cpu/block.h), leaving them only when taken, with their dirty registers
 * spilled on that side exit alone. */
static uint32_t random_forward_branch(int max)
{
    static const uint32_t f3[] = { 0, 1, 4, 5, 6, 7 };     /* beq bne blt bge bltu bgeu */
    uint32_t off = 4 * (1 + (uint32_t)(rnd() % (uint32_t)(max < 4 ? max : 4)));
    uint32_t rs1 = (uint32_t)(rnd() % 32), rs2 = (uint32_t)(rnd() % 32);
    return (off >> 12 & 1) << 31 | (off >> 5 & 0x3f) << 25 | rs2 << 20 | rs1 << 15 |
           f3[rnd() % 6] << 12 | (off >> 1 & 0xf) << 8 | (off >> 11 & 1) << 7 | 0x63;
}

/* The rotate idiom of rv64gc code (slli x, a, k; srli y, a, 64 - k; or z,
 * x, y, or its W form: slliw, srliw by 32 - k), which the x86 JIT turns
 * into one rol (jit_plan.c, plan_rotates):
 * 3 words (4 with a random instruction somewhere inside, which may keep
 * it from being fused) at prog, from a few registers so that x, y, z and
 * a alias in every way, either shift first, either or operand order;
 * returns the words written. */
static int random_rotate(uint32_t *prog, int room)
{
    static const uint32_t regs[] = { 5, 6, 7, 10 };
    uint32_t a = regs[rnd() % 4], x = regs[rnd() % 4], y = regs[rnd() % 4];
    bool wide = rnd() % 2;              /* slli/srli by k, 64 - k; else the W forms */
    uint32_t bits = wide ? 64 : 32, opc = wide ? 0x13 : 0x1b;
    uint32_t z = regs[rnd() % 4], k = 1 + (uint32_t)(rnd() % (bits - 1));
    uint32_t sl = k << 20 | a << 15 | 1u << 12 | x << 7 | opc;             /* slli(w) */
    uint32_t sr = (bits - k) << 20 | a << 15 | 5u << 12 | y << 7 | opc;    /* srli(w) */
    uint32_t orr = (rnd() % 2 ? y << 20 | x << 15 : x << 20 | y << 15) | 6u << 12 | z << 7 | 0x33;
    uint32_t w[4] = { rnd() % 2 ? sl : sr, 0, orr, 0 };
    w[1] = w[0] == sl ? sr : sl;
    int n = 3;
    if (room >= 4 && rnd() % 3 == 0) {          /* something in between */
        int at = 1 + (int)(rnd() % 2);
        memmove(&w[at + 1], &w[at], (size_t)(3 - at) * sizeof *w);
        w[at] = rnd() % 2 ? random_insn() : (uint32_t)(rnd() % 8) << 20 | a << 15 | a << 7 | 0x13;
        n = 4;
    }
    memcpy(prog, w, (size_t)n * sizeof *w);
    return n;
}

/* A mul and a mulh or mulhu of the same operands (either order), which
 * the x86 JIT computes with one multiply (jit_plan.c, plan_mul_pairs): 2
 * words (3 with a random instruction between, which may keep them from
 * being fused) at prog, from a few registers so that the results and
 * operands alias in every way; returns the words written. */
static int random_mul_pair(uint32_t *prog, int room)
{
    static const uint32_t regs[] = { 5, 6, 7, 10 };
    uint32_t a = regs[rnd() % 4], b = regs[rnd() % 4], l = regs[rnd() % 4];
    uint32_t h = regs[rnd() % 4], f3 = rnd() % 2 ? 1 : 3;     /* mulh, mulhu */
    uint32_t w[3] = { 1u << 25 | b << 20 | a << 15 | l << 7 | 0x33, 0, 0 };
    w[1] = 1u << 25 | (rnd() % 2 ? b << 20 | a << 15 : a << 20 | b << 15) | f3 << 12 |
           h << 7 | 0x33;
    int n = 2;
    if (room >= 3 && rnd() % 3 == 0) {          /* something in between */
        w[2] = w[1];
        w[1] = rnd() % 2 ? random_insn() : (uint32_t)(rnd() % 8) << 20 | a << 15 | h << 7 | 0x13;
        n = 3;
    }
    memcpy(prog, w, (size_t)n * sizeof *w);
    return n;
}

/* A load and a store near it through one base (t0 or t1, which an addi
 * sets from x31 first), which the x86 JIT pairs (jit_plan.c,
 * plan_pairs: the store reuses the load's host address) when nothing
 * between may sync, the store is no wider than the load and its place,
 * the load's plus the addis of the base between, is a multiple of its
 * size away: 4 words (up to 6 with an addi of the base or a random
 * instruction between, which may keep them from being paired) at prog,
 * of every width, the store's place often the load's or next to it,
 * sometimes in the next page or wider; returns the words written. */
static uint32_t random_alu_rr(void);

static int random_rmw_pair(uint32_t *prog, int room)
{
    static const uint32_t size[] = { 1, 2, 4, 8, 1, 2, 4 };    /* by load funct3 */
    uint32_t ra = 5 + (uint32_t)(rnd() % 2), lf3 = (uint32_t)(rnd() % 7);
    uint32_t lsize = size[lf3], sf3 = (uint32_t)(rnd() % 4), ssize = 1u << sf3;
    uint32_t rd = 7 + (uint32_t)(rnd() % 4);    /* x7-x10 (below every n_rd) */
    int32_t li = ((int32_t)(rnd() % 128) - 64) & -(int32_t)lsize;
    int32_t moved = 0, delta;
    switch (rnd() % 4) {
    case 0: delta = 0; break;
    case 1: delta = (rnd() % 2 ? 1 : -1) * (int32_t)ssize; break;
    case 2: delta = (rnd() % 2 ? 8 : -8); break;
    default: delta = (int32_t)(rnd() % 64) - 32; break;
    }
    uint32_t w[6];
    int n = 0;
    w[n++] = (uint32_t)(64 + rnd() % 1900) << 20 | DATA_REG << 15 | ra << 7 | 0x13;
    w[n++] = ((uint32_t)li & 0xfff) << 20 | ra << 15 | lf3 << 12 | rd << 7 | 0x03;
    for (int k = 0; k < 2 && n < room - 1; k++) {
        int what = (int)(rnd() % 4);
        if (what == 0) {                /* addi ra, ra, c */
            int32_t c = ((int32_t)(rnd() % 5) - 2) * 8;
            moved += c;
            w[n++] = ((uint32_t)c & 0xfff) << 20 | ra << 15 | ra << 7 | 0x13;
        } else if (what == 1) {         /* addi rd, rd, 1 */
            w[n++] = 1u << 20 | rd << 15 | rd << 7 | 0x13;
        } else if (what == 2 && rnd() % 2) {
            w[n++] = random_alu_rr();
        }
    }
    uint32_t so = (uint32_t)(li + delta - moved) & 0xfff;
    uint32_t rs2 = rnd() % 2 ? rd : 7 + (uint32_t)(rnd() % 4);
    w[n++] = (so >> 5) << 25 | rs2 << 20 | ra << 15 | sf3 << 12 | (so & 31) << 7 | 0x23;
    memcpy(prog, w, (size_t)n * sizeof *w);
    return n;
}

static uint32_t enc_branch(uint32_t f3, uint32_t rs1, uint32_t rs2, int32_t off)
{
    uint32_t o = (uint32_t)off;
    return (o >> 12 & 1) << 31 | (o >> 5 & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
           (o >> 1 & 0xf) << 8 | (o >> 11 & 1) << 7 | 0x63;
}

static uint32_t enc_jal0(int32_t off)      /* jal x0, off */
{
    uint32_t o = (uint32_t)off;
    return (o >> 20 & 1) << 31 | (o >> 1 & 0x3ff) << 21 | (o >> 11 & 1) << 20 |
           (o >> 12 & 0xff) << 12 | 0x6f;
}

/* An R-type integer op (add sub sll slt sltu xor srl sra or and) on
 * random registers, rd below n_rd: what a loop tail may hold. */
static uint32_t random_alu_rr(void)
{
    static const uint32_t f[][2] = { { 0, 0 }, { 0x20, 0 }, { 0, 1 }, { 0, 2 }, { 0, 3 },
                                     { 0, 4 }, { 0, 5 }, { 0x20, 5 }, { 0, 6 }, { 0, 7 } };
    const uint32_t *k = f[rnd() % 10];
    return k[0] << 25 | (uint32_t)(rnd() % 32) << 20 | (uint32_t)(rnd() % 32) << 15 |
           k[1] << 12 | (uint32_t)(rnd() % n_rd) << 7 | 0x33;
}

#define TAIL_REG (LOOP_REG - 1)     /* a loop's jal tail runs once: x29 == x30 */

/* Loop tails (cpu/block.h): up to two inner branches of the loop body at
 * prog[0..nwords) jump past the loop's end to a tail at prog[*n...] that
 * goes back to prog[0], which the JIT runs inside the loop.  A branch
 * tail counts the loop down itself (0-2 ops, addi x30, x30, -1, bnez x30
 * back, then the final ecall), a jal tail is taken once (the branch to it
 * is beq x30, x29; it adds 1 to x29, which then stays above x30). */
static void add_loop_tails(uint32_t *prog, int nwords, int *n)
{
    for (int t = 0; t < 2; t++) {
        int from = (int)(rnd() % (uint32_t)(nwords - 1)), at = *n;
        bool jal = rnd() % 2;
        prog[from] = jal ? enc_branch(0, LOOP_REG, TAIL_REG, 4 * (at - from))
                         : enc_branch((uint32_t[]){ 0, 1, 4, 5, 6, 7 }[rnd() % 6],
                                      (uint32_t)(rnd() % 32), (uint32_t)(rnd() % 32),
                                      4 * (at - from));
        for (int k = (int)(rnd() % 3); k > 0; k--)
            prog[(*n)++] = random_alu_rr();
        if (jal) {
            prog[(*n)++] = 0x001e8e93;                          /* addi x29, x29, 1 */
            prog[*n] = enc_jal0(-4 * *n);
            ++*n;
        } else {
            prog[(*n)++] = 0xffff0f13;                          /* addi x30, x30, -1 */
            prog[*n] = enc_branch(1, LOOP_REG, 0, -4 * *n);     /* bnez x30, prog[0] */
            ++*n;
            prog[(*n)++] = 0x00000073;                          /* ecall */
        }
    }
}

/* An op either arm of an if-conversion may be (cpu/jit_plan.c,
 * plan_select): add sub xor or and, of registers or with an immediate,
 * rd below n_rd and not x0. */
static uint32_t random_select_op(void)
{
    static const uint32_t f[][2] = { { 0, 0 }, { 0x20, 0 }, { 0, 4 }, { 0, 6 }, { 0, 7 } };
    const uint32_t *k = f[rnd() % 5];
    uint32_t rd = 1 + (uint32_t)(rnd() % (uint32_t)(n_rd - 1)), rs1 = (uint32_t)(rnd() % 32);
    if (k[0] == 0 && rnd() % 2)         /* (addi xori ori andi) */
        return (uint32_t)(rnd() % 4096) << 20 | rs1 << 15 | k[1] << 12 | rd << 7 | 0x13;
    return k[0] << 25 | (uint32_t)(rnd() % 32) << 20 | rs1 << 15 | k[1] << 12 | rd << 7 | 0x33;
}

/* A loop whose last if the x86 JIT converts (plan_select): prog[0]
 * counts x30 down (no forward branch skips it), the last body word is a
 * branch on random registers to a tail at prog[*n] of one select op and
 * the loop's own bnez x30 back (then an ecall: the way out through the
 * tail ends at another ecall than the fall-through's), and the word
 * before the loop's bnez is a select op too. */
static void add_select_tail(uint32_t *prog, int nwords, int *n)
{
    int from = nwords - 1, at = *n;
    prog[0] = 0xffff0f13;                                       /* addi x30, x30, -1 */
    prog[nwords] = random_select_op();
    prog[from] = enc_branch((uint32_t[]){ 0, 1, 4, 5, 6, 7 }[rnd() % 6],
                            (uint32_t)(rnd() % 32), (uint32_t)(rnd() % 32), 4 * (at - from));
    prog[(*n)++] = random_select_op();
    prog[*n] = enc_branch(1, LOOP_REG, 0, -4 * *n);             /* bnez x30, prog[0] */
    ++*n;
    prog[(*n)++] = 0x00000073;                                  /* ecall */
}

/* A-heavy blocks (the JIT's atomics): LR, SC and the AMOs on the data
 * page's first words, where LR and SC pair up (an SC succeeds by the
 * reservation's address, size and value), and A's anywhere on the page,
 * among the integer forms. */
static uint32_t random_a_heavy_insn(void)
{
    static const uint32_t f5[] = { 0x02, 0x03, 0x00, 0x01, 0x04, 0x08, 0x0c, 0x10, 0x14,
                                   0x18, 0x1c };
    uint32_t rd = (uint32_t)(rnd() % n_rd), rs2 = (uint32_t)(rnd() % 32);
    uint32_t f3 = 2 + (uint32_t)(rnd() % 2), f;
    switch (rnd() % 6) {
    case 0:
        f = 0x02;               /* lr (rs2 0) */
        rs2 = 0;
        break;
    case 1:
        f = 0x03;               /* sc */
        break;
    case 2:
        f = f5[rnd() % (sizeof f5 / sizeof *f5)];
        if (f == 0x02)
            rs2 = 0;
        break;
    case 3:
        return random_amo_pair(rd, rs2);
    default:
        return random_insn();
    }
    return f << 27 | (uint32_t)(rnd() % 4) << 25 | rs2 << 20 | DATA_REG << 15 |
           f3 << 12 | rd << 7 | 0x2f;
}

/* The trap handler of the random blocks: it returns past a trapping
 * (4-byte) instruction, keeping every register (x31 through mscratch),
 * and stops in a wfi after the final ecall (GNU as encodings):
 *       csrrw x31, mscratch, x31;  csrr x31, mcause;  addi x31, x31, -11
 *       beqz x31, 1f;  csrr x31, mepc;  addi x31, x31, 4;  csrw mepc, x31
 *       csrrw x31, mscratch, x31;  mret
 *   1:  csrrw x31, mscratch, x31
 *  stop: wfi;  j stop */
static const uint32_t trap_handler[] = {
    0x340f9ff3, 0x34202ff3, 0xff5f8f93, 0x000f8c63, 0x34102ff3, 0x004f8f93,
    0x341f9073, 0x340f9ff3, 0x30200073, 0x340f9ff3, 0x10500073, 0xffdff06f,
};

/* Rounds of random blocks from gen: each from a random register file, f
 * registers, frm and fflags (NX set or not decides whether the FP fast
 * paths may run), and data page, the TLB flushed every other round so the
 * slow paths and the register reloads after them run too.  Some
 * instructions trap (random_trapping_insn), the handler resuming after
 * them.  With 31 registers in play and the JIT's 10 host registers for
 * them, dirty registers are evicted, spilled at exits, before helper
 * calls and on the slow and trap paths, and reloaded after: a lost spill
 * or reload shows as a register or the data page differing.  Loop
 * blocks (20 words, then addi x30, x30, -1; bnez x30 back to the first:
 * the JIT keeps registers in host registers round such a loop) run 1-4
 * times, every other one with tails (add_loop_tails; every fourth one the
 * shape of an if-conversion instead: add_select_tail).  One word in ten is
 * a forward branch (random_forward_branch). */
static void random_blocks(int engine, uint32_t (*gen)(void), int rounds, bool loop)
{
    FILE *null = fopen("/dev/null", "w");
    struct machine *m[2] = { make(engines[engine], false, null, ZEXT_ALL),
                             make(ENGINE_INTERP, false, null, ZEXT_ALL) };
    const uint64_t ram = 0x80000000ull, code = ram + 0x10000, handler = ram + 0x100;
    const uint64_t ram_end = ram + (64ull << 20);       /* (make's RAM size) */
    for (int i = 0; i < 2; i++) {
        for (size_t k = 0; k < sizeof trap_handler / sizeof *trap_handler; k++)
            ck_assert(bus_store(&m[i]->bus, handler + 4 * k, 4, trap_handler[k]));
        ck_assert(hart_csr_write(&m[i]->harts[0], 0x305, handler));
    }
    int traps = 0;
    char diff[160];
    list_fp_rows();
    for (int iter = 0; iter < rounds; iter++) {
        uint32_t prog[41];
        uint64_t insns = 1;             /* the ecall */
        const int nwords = loop ? 20 : 40;
        bool tails = loop && iter % 2;
        n_rd = tails ? TAIL_REG : loop ? LOOP_REG : DATA_REG;
        pending_insn = 0;
        for (int k = 0; k < nwords; k++) {
            uint32_t w = pending_insn;
            pending_insn = 0;
            if (!w && k + 4 <= nwords && rnd() % 12 == 0) {
                int n = rnd() % 3 == 0 ? random_rmw_pair(&prog[k], nwords - k)
                        : rnd() % 2    ? random_rotate(&prog[k], nwords - k)
                                       : random_mul_pair(&prog[k], nwords - k);
                insns += (uint64_t)n;
                k += n - 1;
                continue;
            }
            prog[k] = w ? w : rnd() % 10 ? gen() : random_forward_branch(nwords - k);
            insns += (prog[k] & 3) == 3 ? 1 : 2;    /* a word of two parcels */
        }
        if (loop) {             /* (GNU as encodings) */
            prog[nwords] = 0xffff0f13;                          /* addi x30, x30, -1 */
            prog[nwords + 1] = 0xfa0f16e3;                      /* bnez x30, prog[0] */
            insns += 2;
        }
        int nprog = nwords + (loop ? 2 : 0) + 1;
        prog[nprog - 1] = 0x00000073;                           /* ecall */
        if (tails && iter % 4 == 3)
            add_select_tail(prog, nwords, &nprog);
        else if (tails)
            add_loop_tails(prog, nwords, &nprog);
        uint64_t regs[32];
        for (int r = 0; r < 32; r++)
            regs[r] = r ? interesting() : 0;
        /* (one round in four from mid-page: accesses, and the JIT's load
         * groups, then cross into the next page; one in eight the data
         * is RAM's last two pages, from 1 KiB before its end: accesses
         * further on fault, which a load group's leader must find for
         * its members before they load) */
        const uint64_t data = iter % 8 == 7 ? ram_end - 8192 : ram + 0x20000;
        regs[DATA_REG] = iter % 8 == 7 ? ram_end - 1024 : data + (iter % 4 == 3 ? 2056 : 0);
        if (loop)
            regs[LOOP_REG] = 1 + rnd() % 4;
        if (tails)
            regs[TAIL_REG] = 1 + rnd() % 4;
        uint64_t fregs[32];
        for (int r = 0; r < 32; r++)
            fregs[r] = freg_gen();
        uint64_t frm = rnd() % 5, fflags = rnd() % 32;
        uint8_t page[8192];
        for (int k = 0; k < 8192; k += 8)
            le_store(page + k, 8, interesting());
        for (int i = 0; i < 2; i++) {
            struct hart *h = &m[i]->harts[0];
            for (int k = 0; k < nprog; k++)     /* (drops the last round's blocks) */
                ck_assert(bus_store(&m[i]->bus, code + 4 * (uint64_t)k, 4, prog[k]));
            memcpy(h->x, regs, sizeof regs);
            memcpy(h->f, fregs, sizeof fregs);
            uint64_t mstatus;
            ck_assert(hart_csr_read(h, CSR_mstatus, &mstatus));
            ck_assert(hart_csr_write(h, CSR_mstatus, mstatus | (1ull << 13)));   /* FS = Initial (at least) */
            ck_assert(hart_csr_write(h, CSR_fcsr, frm << 5 | fflags));
            ck_assert(bus_dma_write(&m[i]->bus, data, page, sizeof page));
            if (iter % 2)               /* sometimes the first access misses */
                mmu_flush(&h->mmu);
            h->pc = code;
            uint64_t n, ntraps = h->ntraps;
            h->wfi = false;
            for (int runs = 0; runs < 100 && !h->wfi; runs++)
                hart_run(h, insns, &n);
            ck_assert_msg(h->wfi && h->mcause == 11,   /* ecall from M */
                          "round %d: engine %d did not reach the ecall", iter, i);
            traps += (int)(h->ntraps - ntraps - 1);
        }
        const char *d = hart_compare(&m[0]->harts[0], &m[1]->harts[0], diff, sizeof diff);
        ck_assert_msg(d == NULL, "round %d: %s (first insn %08x)", iter, d, prog[0]);
        ck_assert_msg(memcmp(bus_ram_ptr(&m[0]->bus, data, 8192),
                             bus_ram_ptr(&m[1]->bus, data, 8192), 8192) == 0,
                      "round %d: the data pages differ", iter);
    }
    ck_assert_int_gt(traps, rounds / 4);    /* the trap paths ran */
    machine_free(m[0]);
    machine_free(m[1]);
    fclose(null);
}

START_TEST(random_integer_blocks)
{
    if (!repeats_block(_i))
        random_blocks(_i, random_insn, 3000, false);
}
END_TEST

START_TEST(random_loop_blocks)
{
    if (!repeats_block(_i))
        random_blocks(_i, random_insn, 2000, true);
}
END_TEST

START_TEST(random_a_blocks)
{
    if (!repeats_block(_i))
        random_blocks(_i, random_a_heavy_insn, 1000, false);
}
END_TEST

START_TEST(random_fp_blocks)
{
    if (!repeats_block(_i))
        random_blocks(_i, random_fp_heavy_insn, 2000, false);
}
END_TEST

/* ---- arm64 JIT: the FP forms cpu/jit_gen_a64.c translates ----
 * FP compares, fused multiply-adds, sign injection, fmin/fmax, fclass,
 * fmv.x.w / fmv.w.x and the conversions between integers, singles and doubles,
 * each with a fast path whose exactness conditions (NaN, boxing, ranges,
 * saturation, rounding mode, NX) route the other cases to the handler:
 * blocks of them, with operands that sit on both sides of each condition
 * (every NaN, infinity, zero and subnormal of random_freg, ordinary
 * numbers whose fused products stay in range, ties and near-ties for the
 * rounding modes, integers at the edges of 2^24, 2^31, 2^53, 2^63) and rm
 * often RNE or dynamic.  On x86-64 the same blocks check its backend. */
static bool a64_fp_form(enum op op)
{
    switch (op) {
    case OP_feq_s: case OP_flt_s: case OP_fle_s: case OP_feq_d: case OP_flt_d: case OP_fle_d:
    case OP_fmadd_s: case OP_fmsub_s: case OP_fnmsub_s: case OP_fnmadd_s:
    case OP_fmadd_d: case OP_fmsub_d: case OP_fnmsub_d: case OP_fnmadd_d:
    case OP_fsgnj_s: case OP_fsgnjn_s: case OP_fsgnjx_s:
    case OP_fsgnj_d: case OP_fsgnjn_d: case OP_fsgnjx_d:
    case OP_fmin_s: case OP_fmax_s: case OP_fmin_d: case OP_fmax_d:
    case OP_fclass_s: case OP_fclass_d:
    case OP_fmv_x_w: case OP_fmv_w_x: case OP_fmv_x_d: case OP_fmv_d_x:
    case OP_fcvt_s_d: case OP_fcvt_d_s:
    case OP_fcvt_w_s: case OP_fcvt_wu_s: case OP_fcvt_l_s: case OP_fcvt_lu_s:
    case OP_fcvt_w_d: case OP_fcvt_wu_d: case OP_fcvt_l_d: case OP_fcvt_lu_d:
    case OP_fcvt_s_w: case OP_fcvt_s_wu: case OP_fcvt_s_l: case OP_fcvt_s_lu:
    case OP_fcvt_d_w: case OP_fcvt_d_wu: case OP_fcvt_d_l: case OP_fcvt_d_lu:
        return true;
    default:
        return false;
    }
}

static uint32_t random_a64_fp_insn(void)
{
    static const struct opcode *rows[64];
    static size_t n;
    if (!n)
        for (size_t i = 0; i < n_fp_rows && n < 64; i++)
            if (a64_fp_form((enum op)fp_rows[i]->op))
                rows[n++] = fp_rows[i];
    ck_assert_uint_eq(n, 48);
    switch (rnd() % 8) {
    case 0: case 1: case 2: case 3: case 4: {
        const struct opcode *o = rows[rnd() % n];
        uint32_t w = o->match | ((uint32_t)rnd() & ~o->mask);
        if (o->fmt == FMT_RM || o->fmt == FMT_R4) {
            static const uint32_t rms[] = { 0, 0, 7, 7, 7, 1, 2, 3, 4 };   /* RNE, DYN favoured */
            w = (w & ~(7u << 12)) | rms[rnd() % 9] << 12;
        }
        if (op_info[o->op].writes == WR_X)
            w = (w & ~(31u << 7)) | (uint32_t)(rnd() % n_rd) << 7;
        return w;
    }
    case 5:
        /* csrci fflags, NV (GNU as): NaN operands set NV early in a block,
         * after which a fast path that misses an NV would go unseen */
        return (rnd() & 1) ? 0x00187073 : random_fp_heavy_insn();
    default:
        return random_insn();
    }
}

/* f register contents for those blocks: random_freg's, or a boxed single
 * or a double from a small integer scaled by 2^-2..2^1 (ties and
 * near-ties: 2.5, 0.75, -1.5; zeros of both signs), or near a
 * conversion's edge (2^24, 2^31, 2^32, 2^53, 2^63, 2^64, +-, one ulp
 * either side). */
static uint64_t a64_fp_freg(void)
{
    uint64_t r = rnd();
    bool single = r & 1;
    switch ((r >> 1) % 4) {
    case 0: {
        double d = (double)((int64_t)(r >> 8) % 41 - 20) * (double)(1 << ((r >> 40) % 4)) / 4;
        if ((r >> 50) & 1)
            d = -d;                             /* -0.0 too */
        float f = (float)d;
        uint64_t b;
        uint32_t w;
        if (!single) {
            memcpy(&b, &d, 8);
            return b;
        }
        memcpy(&w, &f, 4);
        return 0xffffffff00000000ull | w;
    }
    case 1: {
        static const unsigned ex[] = { 24, 31, 32, 53, 63, 64 };
        int e = (int)ex[(r >> 8) % 6];
        uint64_t b;
        if (!single) {
            b = (uint64_t)(1023 + e) << 52;
            b += (r >> 16) % 3 - 1;             /* one ulp below, at, above */
            b |= (r >> 20) & 1 ? 1ull << 63 : 0;
            return b;
        }
        uint32_t w = (uint32_t)(127 + e) << 23;
        w += (uint32_t)((r >> 16) % 3) - 1;
        w |= (r >> 20) & 1 ? 0x80000000u : 0;
        return 0xffffffff00000000ull | w;
    }
    default:
        return random_freg();
    }
}

START_TEST(random_a64_fp_blocks)
{
    if (repeats_block(_i))
        return;
    freg_gen = a64_fp_freg;
    random_blocks(_i, random_a64_fp_insn, 3000, false);
    freg_gen = random_freg;
}
END_TEST

/* AMO-heavy blocks for the arm64 JIT's native AMOs (LSE, or LDAXR/STLXR
 * loops on a host without LSE: run the test under qemu-aarch64 -cpu
 * cortex-a57 for those): every .w/.d add, swap, xor, or, and, min, max,
 * minu, maxu with any aq/rl, rs2 and rd (x0 included) on the data page's
 * first word, between random_insn's forms (its loads and stores of the
 * same word, the TLB flushed every other round so the first AMO misses). */
static uint32_t random_a64_amo_insn(void)
{
    static const uint32_t f5[] = { 0x00, 0x01, 0x04, 0x08, 0x0c, 0x10, 0x14, 0x18, 0x1c };
    if (rnd() % 3)
        return random_insn();
    uint32_t f = f5[rnd() % 9], f3 = 2 + (uint32_t)(rnd() % 2);
    uint32_t rs2 = (uint32_t)(rnd() % 32), rd = (uint32_t)(rnd() % n_rd);
    return f << 27 | (uint32_t)(rnd() % 4) << 25 | rs2 << 20 | DATA_REG << 15 | f3 << 12 |
           rd << 7 | 0x2f;
}

START_TEST(random_a64_amo_blocks)
{
    if (!repeats_block(_i))
        random_blocks(_i, random_a64_amo_insn, 2000, false);
}
END_TEST

/* The first instructions of Linux: boot ROM, OpenSBI, the kernel's early
 * boot with paging, traps and SBI calls. */
static void linux_lockstep(enum engine e, unsigned jit_after, uint64_t step)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/Image", GUEST_DIR);
    ck_assert_msg(access(path, R_OK) == 0, "no guest at %s (roms/mkguest.sh)", GUEST_DIR);
    FILE *null = fopen("/dev/null", "w");
    struct machine *m[2] = { make_after(e, true, null, ZEXT_ALL, jit_after),
                             make(ENGINE_INTERP, true, null, ZEXT_ALL) };
    char err[256];
    for (int i = 0; i < 2; i++) {
        ck_assert_msg(machine_load_virt(m[i], err, sizeof err), "%s", err);
        machine_reset(m[i]);
    }
    uint64_t steps = lockstep_by(m[0], m[1], 20000000, step, "linux");
    ck_assert(steps > 10000);
    /* it got past OpenSBI into the kernel with paging on */
    ck_assert_msg(m[0]->harts[0].mmu.satp != 0, "kernel did not enable paging");
    machine_free(m[0]);
    machine_free(m[1]);
    fclose(null);
}

START_TEST(linux_boot)
{
    if (!repeats_block(_i))
        linux_lockstep(engines[_i], 0, 1);
}
END_TEST

/* The JIT as rvx runs it by default: each block in the block engine for
 * its first runs, then translated (cpu/jit.h, jit_set_after), so blocks
 * are entered cold and hot, and linked once translated; compared every
 * 1000 instructions, so jit_run goes from block to block as outside the
 * test. */
START_TEST(linux_boot_jit_after)
{
    if (RVX_HAVE_JIT)
        linux_lockstep(ENGINE_JIT, 2, 1000);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("engines");
    TCase *tc = tcase_create("lockstep");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, isa_programs, 0, 2);
    tcase_add_loop_test(tc, linux_boot, 0, 2);
    tcase_add_test(tc, linux_boot_jit_after);
    suite_add_tcase(s, tc);
    TCase *rnd = tcase_create("random");    /* (CK_RUN_CASE=random alone) */
    tcase_set_timeout(rnd, 600);
    tcase_add_loop_test(rnd, random_integer_blocks, 0, 2);
    tcase_add_loop_test(rnd, random_a_blocks, 0, 2);
    tcase_add_loop_test(rnd, random_fp_blocks, 0, 2);
    tcase_add_loop_test(rnd, random_loop_blocks, 0, 2);
    suite_add_tcase(s, rnd);
    TCase *a64 = tcase_create("a64");    /* (CK_RUN_CASE=a64 alone) */
    tcase_set_timeout(a64, 600);
    tcase_add_loop_test(a64, random_a64_fp_blocks, 0, 2);
    tcase_add_loop_test(a64, random_a64_amo_blocks, 0, 2);
    suite_add_tcase(s, a64);
    return run_suite(s);
}
