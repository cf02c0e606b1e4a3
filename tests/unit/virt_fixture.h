/* What the whole-machine device tests share (test_device_iface.c,
 * test_device_snapshot.c): a virt machine with every device on it (one
 * 1 MiB disk, virtio-rng, the display's gpu, keyboard and tablet) on
 * virtual time, and physical accesses that must not fault.  A test file
 * includes it once; the state below is that file's.  Functions are
 * `static inline` so a file need not use every one. */
#ifndef RVX_TESTS_VIRT_FIXTURE_H
#define RVX_TESTS_VIRT_FIXTURE_H

#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "devices/board.h"
#include "devices/device.h"
#include "mem/bus.h"

static struct machine *m;
static FILE *console;
static char disk[64];

/* Creates the disk (fill, if given, writes its first bytes) and the
 * machine with nharts harts. */
static inline void virt_fixture_setup(unsigned nharts, void (*fill)(int fd))
{
    strcpy(disk, "/tmp/rvx_test_virt_XXXXXX");
    int fd = mkstemp(disk);
    ck_assert_int_ge(fd, 0);
    if (fill)
        fill(fd);
    ck_assert_int_eq(ftruncate(fd, 1 << 20), 0);
    close(fd);
    console = tmpfile();
    struct machine_config cfg = {
        .ram_size = 16 << 20, .misa = 0, .nharts = nharts, .engine = ENGINE_INTERP,
        .virt = true, .rng = true, .display = true, .virtual_time = true,
        .console = console, .ndrives = 1,
    };
    cfg.drives[0].path = disk;
    ck_assert(isa_parse("rv64gc", &cfg.misa, &cfg.zext, NULL, 0));
    char err[256] = "";
    m = machine_new(&cfg, err, sizeof err);
    ck_assert_msg(m != NULL, "machine_new: %s", err);
}

static inline void virt_fixture_teardown(void)
{
    machine_free(m);
    fclose(console);
    unlink(disk);
}

static inline uint64_t ld(uint64_t pa, unsigned size)
{
    uint64_t v = 0xdeadbeef;
    ck_assert_msg(bus_load(&m->bus, pa, size, &v), "load 0x%llx faulted",
                  (unsigned long long)pa);
    return v;
}

static inline void st(uint64_t pa, unsigned size, uint64_t v)
{
    ck_assert_msg(bus_store(&m->bus, pa, size, v), "store 0x%llx faulted",
                  (unsigned long long)pa);
}

static inline struct device *device_at(uint64_t base)
{
    for (struct device *d = m->devices; d; d = d->next)
        if (d->base == base)
            return d;
    ck_abort_msg("no device at 0x%llx", (unsigned long long)base);
    return NULL;
}

/* A bare-metal machine (1 MiB of RAM, no virt devices) with HTIF on the
 * given tohost/fromhost words, its output to `console`. */
static inline struct machine *bare_htif_machine(uint64_t tohost, uint64_t fromhost)
{
    struct machine_config cfg = { .ram_size = 1 << 20, .nharts = 1,
                                  .engine = ENGINE_INTERP, .console = console };
    ck_assert(isa_parse("rv64gc", &cfg.misa, &cfg.zext, NULL, 0));
    char err[128];
    struct machine *bm = machine_new(&cfg, err, sizeof err);
    ck_assert_ptr_nonnull(bm);
    ck_assert(machine_add_htif(bm, tohost, fromhost, err, sizeof err));
    return bm;
}

/* The PLIC's view of one source (pending words from 0x1000, PLIC spec). */
static inline bool plic_pending(int source)
{
    return (ld(VIRT_PLIC + 0x1000 + 4 * (uint64_t)(source / 32), 4) >> (source % 32)) & 1;
}

#endif
