/* Fuzz target: the ELF loader with its tohost/fromhost and signature symbol
 * lookup, on a bare-metal machine with 1 MiB of RAM at 0x80000000.  A
 * malformed file must be refused with a message (never a crash, an
 * out-of-bounds read, or a write outside guest RAM). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/insns.h"
#include "devices/board.h"
#include "frontend/elf.h"

static struct machine *machine;
static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!machine) {
        struct machine_config c;
        memset(&c, 0, sizeof c);
        c.ram_size = 1 << 20;
        c.misa = MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | MISA_EXT('C');
        c.nharts = 1;
        c.engine = ENGINE_INTERP;
        c.console = fopen("/dev/null", "w");
        char err[256];
        machine = machine_new(&c, err, sizeof err);
        if (!machine)
            abort();
        snprintf(path, sizeof path, "/tmp/rvx-fuzz-elf-%d", (int)getpid());
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    struct elf_info info;
    char err[256] = "";
    if (!elf_load(path, machine, &info, err, sizeof err)) {
        if (!err[0])
            abort();            /* refused without saying why */
    } else {
        machine_free_images(machine);   /* (kept for resets: would pile up) */
    }
    machine_reset(machine);
    return 0;
}
