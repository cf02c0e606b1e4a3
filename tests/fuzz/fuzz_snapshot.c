/* Fuzz target: loading machine snapshots (devices/snapshot.c and every
 * device's load function) into the virt machine with two harts, a disk and
 * virtio-rng (not the display: its framebuffer record is 4 MiB, too large
 * an input; test_device_snapshot covers those devices' records).  The input is a
 * snapshot without its final CRC-32: the target appends the right one, so
 * mutations reach the parser and the device records instead of stopping
 * at the checksum.  A stream that loads is then run for a few thousand
 * instructions.  A crash, sanitizer report or hang is a finding.
 *
 * The corpus seed is a snapshot of this machine: run the target with
 * RVX_FUZZ_SNAPSHOT_SEED=FILE to write one (its disk is 1 MiB of zeros, so
 * the disk's CRC in the seed matches every run's fresh image). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "cpu/cpu.h"
#include "devices/board.h"
#include "fuzz_machine.h"
#include "devices/snapshot.h"

static struct machine *machine;

static struct machine *make(void)
{
    static char disk[64] = "/tmp/rvx-fuzz-snapshot-XXXXXX";
    struct machine *m = fuzz_virt_machine(disk, 2, false);
    m->entry = VIRT_DRAM;
    machine_reset(m);
    /* the image must stay at its path: a load checks its CRC */
    return m;
}

/* Writes a seed: the machine after a short run, without the CRC. */
static void write_seed(const char *path)
{
    struct machine_run_result r;
    machine_run(machine, 1000, &r);
    struct dev_stream s = {0};
    char err[256];
    FILE *f = fopen(path, "wb");
    if (!machine_snapshot_save(machine, &s, err, sizeof err) || !f ||
        fwrite(s.buf, 1, s.len - 4, f) != s.len - 4 || fclose(f) != 0)
        abort();
    dev_stream_free(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!machine) {
        machine = make();
        const char *seed = getenv("RVX_FUZZ_SNAPSHOT_SEED");
        if (seed)
            write_seed(seed);
    }
    struct dev_stream s = { .buf = malloc(size + 4), .len = size + 4 };
    if (!s.buf)
        return 0;
    memcpy(s.buf, data, size);
    uLong c = crc32(0L, Z_NULL, 0);
    c = crc32(c, data, (uInt)size);
    le_store(s.buf + size, 4, (uint32_t)c);
    char err[512];
    if (machine_snapshot_load(machine, &s, err, sizeof err)) {
        struct machine_run_result r;
        machine_run(machine, 3000, &r);
    }
    free(s.buf);
    return 0;
}
