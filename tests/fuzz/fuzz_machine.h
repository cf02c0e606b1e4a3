/* The virt machine two fuzz targets build (fuzz_virtio, fuzz_snapshot):
 * 16 MiB of RAM, the interpreter, virtual time, virtio-rng and one 1 MiB
 * disk of zeros in a fresh temporary file named from `tmpl` (mkstemp's
 * XXXXXX form; the buffer keeps the path).  Aborts on failure: a fuzz
 * target cannot run without it. */
#ifndef RVX_TESTS_FUZZ_MACHINE_H
#define RVX_TESTS_FUZZ_MACHINE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "devices/board.h"

static inline struct machine *fuzz_virt_machine(char *tmpl, unsigned nharts, bool display)
{
    int fd = mkstemp(tmpl);
    if (fd < 0 || ftruncate(fd, 1 << 20) != 0)
        abort();
    close(fd);
    struct machine_config cfg = {
        .ram_size = 16 << 20, .nharts = nharts, .engine = ENGINE_INTERP, .virt = true,
        .rng = true, .display = display, .virtual_time = true,
        .console = fopen("/dev/null", "w"), .ndrives = 1,
    };
    cfg.drives[0].path = tmpl;
    if (!isa_parse("rv64gc", &cfg.misa, &cfg.zext, NULL, 0))
        abort();
    char err[256];
    struct machine *m = machine_new(&cfg, err, sizeof err);
    if (!m) {
        fprintf(stderr, "fuzz: %s\n", err);
        abort();
    }
    return m;
}

#endif
