/* SiFive test finisher: one write-only register at offset 0. */
#include "devices/syscon.h"

#include <stdlib.h>

#include "mem/bus.h"

struct syscon {
    void (*action)(void *opaque, int kind, int code);
    void *opaque;
};

static uint64_t syscon_read(void *opaque, uint64_t off, unsigned size)
{
    return 0;
}

static void syscon_write(void *opaque, uint64_t off, uint64_t val,
                         unsigned size)
{
    struct syscon *s = opaque;
    /* The command is the low half-word, a FAIL's exit code the high one;
     * anything else written is ignored, as by QEMU's sifive_test.  Half-word
     * writes count: OpenSBI's SBI system reset and shutdown write the
     * command with a 16-bit store. */
    if (off != 0 || size < 2 || !s->action)
        return;
    uint32_t v = (uint32_t)val;
    switch (v & 0xffff) {
    case SYSCON_VAL_PASS:
        s->action(s->opaque, SYSCON_POWEROFF, 0);
        break;
    case SYSCON_VAL_RESET:
        s->action(s->opaque, SYSCON_RESET, 0);
        break;
    case SYSCON_VAL_FAIL:
        s->action(s->opaque, SYSCON_FAIL, (int)(v >> 16));
        break;
    default:
        break;
    }
}

struct syscon *syscon_new(struct bus *bus, uint64_t base,
                          void (*action)(void *opaque, int kind, int code),
                          void *opaque)
{
    struct syscon *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->action = action;
    s->opaque = opaque;
    if (!bus_add_mmio(bus, base, SYSCON_MMIO_SIZE, s, syscon_read,
                      syscon_write, "syscon")) {
        free(s);
        return NULL;
    }
    return s;
}

void syscon_free(struct syscon *s)
{
    free(s);
}
