/* Fuzz target: the virtio devices' queue processing (blk, rng, gpu,
 * keyboard and tablet on the virt machine), driven by register writes and
 * a guest memory window the input fills.  Records:
 *   0 SLOT REG VAL32   write a virtio-mmio register (REG = offset / 4)
 *   1 OFF16 LEN DATA   copy LEN bytes into the window at OFF
 *   2                  let the devices run (machine_tick)
 *   3 SLOT REG         read a register
 * The window is 64 KiB of RAM at 0x80100000; rings and buffers may point
 * anywhere, in RAM, in MMIO or past RAM.  A crash, sanitizer report or
 * hang is a finding; bad rings must end as device errors. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "devices/board.h"
#include "mem/bus.h"

#define WINDOW 0x80100000ull
#define WINDOW_SIZE 0x10000u

static struct machine *machine;

static struct machine *make(void)
{
    static char disk[64] = "/tmp/rvx-fuzz-virtio-XXXXXX";
    int fd = mkstemp(disk);
    if (fd < 0 || ftruncate(fd, 1 << 20) != 0)
        abort();
    close(fd);
    struct machine_config cfg = {
        .ram_size = 16 << 20, .nharts = 1, .engine = ENGINE_INTERP, .virt = true,
        .rng = true, .display = true, .virtual_time = true,
        .console = fopen("/dev/null", "w"), .ndrives = 1,
    };
    cfg.drives[0].path = disk;
    if (!isa_parse("rv64gc", &cfg.misa, &cfg.zext, NULL, 0))
        abort();
    char err[256];
    struct machine *m = machine_new(&cfg, err, sizeof err);
    if (!m) {
        fprintf(stderr, "fuzz_virtio: %s\n", err);
        abort();
    }
    unlink(disk);               /* the open image stays usable */
    return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!machine)
        machine = make();
    machine_reset(machine);
    const uint8_t *p = data, *end = data + size;
    uint8_t *window = bus_ram_ptr(&machine->bus, WINDOW, WINDOW_SIZE);
    while (p < end) {
        switch (*p++ & 3) {
        case 0: {                               /* register write */
            if (end - p < 6)
                return 0;
            uint64_t pa = 0x10001000ull + (p[0] & 7) * 0x1000ull + (p[1] & 0x7f) * 4ull;
            uint32_t v = (uint32_t)p[2] | (uint32_t)p[3] << 8 | (uint32_t)p[4] << 16 |
                         (uint32_t)p[5] << 24;
            bus_store(&machine->bus, pa, 4, v);
            p += 6;
            break;
        }
        case 1: {                               /* guest memory */
            if (end - p < 3)
                return 0;
            unsigned off = ((unsigned)p[0] | (unsigned)p[1] << 8) % WINDOW_SIZE;
            unsigned len = p[2];
            p += 3;
            if ((size_t)(end - p) < len)
                len = (unsigned)(end - p);
            if (len > WINDOW_SIZE - off)
                len = WINDOW_SIZE - off;
            memcpy(window + off, p, len);
            p += len;
            break;
        }
        case 2:
            machine_tick(machine);
            break;
        default: {                              /* register read */
            if (end - p < 2)
                return 0;
            uint64_t v;
            bus_load(&machine->bus, 0x10001000ull + (p[0] & 7) * 0x1000ull +
                     (p[1] & 0x7f) * 4ull, 4, &v);
            p += 2;
            break;
        }
        }
    }
    machine_tick(machine);
    return 0;
}
