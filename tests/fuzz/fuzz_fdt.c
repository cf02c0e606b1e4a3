/* Fuzz target: the device-tree builder's inputs a user controls.  The
 * input chooses the hart count (1..64), the RAM size (any, odd ones
 * included), the initrd range and the kernel command line (any bytes up
 * to a NUL); the built blob must pass libfdt's full check and carry the
 * bootargs, memory size and harts it was given, or the build must fail
 * cleanly (NULL). */
#include <libfdt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "devices/fdt.h"

static uint64_t take(const uint8_t **p, size_t *n, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes && *n; i++, (*p)++, (*n)--)
        v |= (uint64_t)**p << (8 * i);
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *p = data;
    size_t n = size;
    struct fdt_params fp;
    memset(&fp, 0, sizeof fp);
    fp.nharts = 1 + (unsigned)(take(&p, &n, 1) % 64);
    fp.ram_base = 0x80000000ull;
    fp.ram_size = take(&p, &n, 8);
    fp.initrd_start = take(&p, &n, 4);
    fp.initrd_end = fp.initrd_start + take(&p, &n, 4);
    fp.isa = "rv64imafdc_zicsr";
    static const char *const exts[] = { "i", "m", "a", "f", "d", "c", "zicsr", NULL };
    fp.isa_extensions = exts;
    fp.mmu_type = "riscv,sv57";
    fp.cbom_block_size = 64;
    fp.cboz_block_size = 64;
    fp.timebase = 10000000;
    char *args = malloc(n + 1);
    if (!args)
        abort();
    memcpy(args, p, n);
    args[n] = 0;
    fp.bootargs = args;
    uint8_t seed[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    fp.rng_seed = seed;
    fp.rng_seed_len = sizeof seed;

    size_t len = 0;
    void *fdt = fdt_build(&fp, &len);
    if (fdt) {
        if (fdt_check_full(fdt, len) != 0)
            abort();
        int chosen = fdt_path_offset(fdt, "/chosen");
        const char *got = chosen >= 0 ? fdt_getprop(fdt, chosen, "bootargs", NULL) : NULL;
        if (!got || strcmp(got, args) != 0)
            abort();
        int cpus = fdt_path_offset(fdt, "/cpus"), count = 0, node;
        fdt_for_each_subnode(node, fdt, cpus)
            if (!strncmp(fdt_get_name(fdt, node, NULL), "cpu@", 4))
                count++;
        if ((unsigned)count != fp.nharts)
            abort();
        free(fdt);
    }
    free(args);
    return 0;
}
