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
#include "devices/board.h"
#include "devices/clint.h"
#include "frontend/elf.h"

#ifndef ISA_ELF_DIR
#define ISA_ELF_DIR "tests/isa"
#endif
#ifndef GUEST_DIR
#define GUEST_DIR "guest"
#endif

static const unsigned csrs_to_compare[] = {
    0x001, 0x002, 0x100, 0x104, 0x105, 0x106, 0x140, 0x141, 0x142, 0x143,
    0x144, 0x180, 0x300, 0x302, 0x303, 0x304, 0x305, 0x306, 0x340, 0x341,
    0x342, 0x343, 0x344, 0x3a0, 0x3b0, 0xb00, 0xb02,
};

/* Returns a description of the first difference, or NULL. */
static const char *compare(struct hart *a, struct hart *b, char *buf, size_t len)
{
    if (a->pc != b->pc)
        snprintf(buf, len, "pc %" PRIx64 " vs %" PRIx64, a->pc, b->pc);
    else if (a->priv != b->priv)
        snprintf(buf, len, "priv %d vs %d", a->priv, b->priv);
    else {
        for (int i = 0; i < 32; i++) {
            if (a->x[i] != b->x[i]) {
                snprintf(buf, len, "x%d %" PRIx64 " vs %" PRIx64, i, a->x[i], b->x[i]);
                return buf;
            }
            if (a->f[i] != b->f[i]) {
                snprintf(buf, len, "f%d %" PRIx64 " vs %" PRIx64, i, a->f[i], b->f[i]);
                return buf;
            }
        }
        for (size_t i = 0; i < sizeof csrs_to_compare / sizeof *csrs_to_compare; i++) {
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

static struct machine *make(enum engine e, bool virt, FILE *console)
{
    struct machine_config c;
    memset(&c, 0, sizeof c);
    c.ram_size = virt ? 256ull << 20 : 64ull << 20;
    c.misa = MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | MISA_EXT('F') |
             MISA_EXT('D') | MISA_EXT('C');
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

/* Runs both machines in lockstep for at most limit instructions; returns
 * the number of blocks compared. */
static uint64_t lockstep(struct machine *blk, struct machine *ref, uint64_t limit,
                         const char *what)
{
    struct hart *a = &blk->harts[0], *b = &ref->harts[0];
    uint64_t total = 0, blocks = 0, rem = 0;
    char diff[160];
    while (total < limit && blk->exit == EXIT_NONE) {
        uint64_t n = 0, n2 = 0;
        enum run_status st = hart_run(a, 1, &n);   /* one whole block */
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
        const char *d = compare(a, b, diff, sizeof diff);
        ck_assert_msg(d == NULL, "%s: engines diverge after %" PRIu64
                      " instructions (block ending at pc %" PRIx64 "): %s",
                      what, total, a->pc, d);
    }
    ck_assert_msg(blk->exit == ref->exit, "%s: exit %d vs %d", what, blk->exit, ref->exit);
    return blocks;
}

/* The engines checked against the interpreter (loop test index). */
static const enum engine engines[] = { ENGINE_BLOCK, ENGINE_JIT };

START_TEST(isa_programs)
{
    DIR *d = opendir(ISA_ELF_DIR);
    ck_assert_msg(d != NULL, "no ISA test directory %s (build the ISA tests)", ISA_ELF_DIR);
    struct dirent *e;
    int programs = 0;
    FILE *null = fopen("/dev/null", "w");
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".elf") || strstr(e->d_name, ".qemu."))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", ISA_ELF_DIR, e->d_name);
        struct machine *m[2] = { make(engines[_i], false, null), make(ENGINE_INTERP, false, null) };
        for (int i = 0; i < 2; i++) {
            struct elf_info ei;
            char err[256];
            ck_assert_msg(elf_load(path, &m[i]->bus, &ei, err, sizeof err), "%s", err);
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

/* The first instructions of Linux: boot ROM, OpenSBI, the kernel's early
 * boot with paging, traps and SBI calls. */
START_TEST(linux_boot)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/Image", GUEST_DIR);
    ck_assert_msg(access(path, R_OK) == 0, "no guest at %s (roms/mkguest.sh)", GUEST_DIR);
    FILE *null = fopen("/dev/null", "w");
    struct machine *m[2] = { make(engines[_i], true, null), make(ENGINE_INTERP, true, null) };
    char err[256];
    for (int i = 0; i < 2; i++) {
        ck_assert_msg(machine_load_virt(m[i], err, sizeof err), "%s", err);
        machine_reset(m[i]);
    }
    uint64_t blocks = lockstep(m[0], m[1], 20000000, "linux");
    ck_assert(blocks > 10000);
    /* it got past OpenSBI into the kernel with paging on */
    ck_assert_msg(m[0]->harts[0].mmu.satp != 0, "kernel did not enable paging");
    machine_free(m[0]);
    machine_free(m[1]);
    fclose(null);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("engines");
    TCase *tc = tcase_create("lockstep");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, isa_programs, 0, 2);
    tcase_add_loop_test(tc, linux_boot, 0, 2);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
