/* Fuzz target: the device-tree builder's inputs a user controls.  The
 * input chooses the hart count (1..64), the RAM size (any, odd ones
 * included), the initrd range, the number of drives (0..MAX_DRIVES: the
 * devices of a virt machine built with that many --drive images) and the
 * kernel command line (any bytes up to a NUL); the built blob must pass
 * libfdt's full check and carry the bootargs, harts and virtio nodes it
 * was given, or the build must fail cleanly (NULL). */
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "devices/board.h"
#include "devices/fdt.h"

/* The virt machine with n drives (each its own image: an image is locked
 * by its user), built once per n; its device list feeds fdt_build. */
static struct machine *with_drives(unsigned n)
{
    static struct machine *machines[MAX_DRIVES + 1];
    if (machines[n])
        return machines[n];
    struct machine_config cfg = {
        .ram_size = 16 << 20, .nharts = 1, .engine = ENGINE_INTERP, .virt = true,
        .console = fopen("/dev/null", "w"), .ndrives = n,
    };
    char paths[MAX_DRIVES][64];
    for (unsigned i = 0; i < n; i++) {
        snprintf(paths[i], sizeof paths[i], "/tmp/rvx-fuzz-fdt-XXXXXX");
        int fd = mkstemp(paths[i]);
        if (fd < 0 || ftruncate(fd, 1 << 20) != 0)
            abort();
        close(fd);
        cfg.drives[i].path = paths[i];
    }
    if (!isa_parse("rv64gc", &cfg.misa, &cfg.zext, NULL, 0))
        abort();
    char err[256];
    machines[n] = machine_new(&cfg, err, sizeof err);
    for (unsigned i = 0; i < n; i++)
        unlink(paths[i]);       /* the open images stay usable */
    if (!machines[n]) {
        fprintf(stderr, "fuzz_fdt: %s\n", err);
        abort();
    }
    return machines[n];
}

static unsigned count_nodes(const void *fdt, int parent, const char *prefix)
{
    unsigned count = 0;
    int node;
    fdt_for_each_subnode(node, fdt, parent)
        if (!strncmp(fdt_get_name(fdt, node, NULL), prefix, strlen(prefix)))
            count++;
    return count;
}

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
    unsigned drives = (unsigned)(take(&p, &n, 1) % (MAX_DRIVES + 1));
    fp.devices = with_drives(drives)->devices;
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
        if (count_nodes(fdt, fdt_path_offset(fdt, "/cpus"), "cpu@") != fp.nharts)
            abort();
        /* the drives fill the first virtio slots; the rest stay unused */
        if (count_nodes(fdt, fdt_path_offset(fdt, "/soc"), "virtio_mmio@") != drives)
            abort();
        free(fdt);
    }
    free(args);
    return 0;
}
