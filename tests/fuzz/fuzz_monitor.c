/* Fuzz target: the debug monitor's command parser (the console's Ctrl-A c,
 * gdb's `monitor`, the --control file).  The input is lines of commands
 * run on a real two-hart machine; each must print something or nothing
 * and return an action, never crash.  Steps go through the real hart, at
 * most 1000 per input (beyond that the step hook says the hart cannot
 * progress, which the monitor reports), so `step 99999999` stays quick. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/insns.h"
#include "devices/board.h"
#include "frontend/monitor.h"

static struct machine *machine;
static FILE *out;
static unsigned steps;

static bool bounded_step(struct hart *h)
{
    return ++steps <= 1000 && dbg_access_hart.step(h);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    if (!machine) {
        struct machine_config c;
        memset(&c, 0, sizeof c);
        c.ram_size = 1 << 20;
        c.misa = MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') | MISA_EXT('F') |
                 MISA_EXT('D') | MISA_EXT('C');
        c.nharts = 2;
        c.engine = ENGINE_INTERP;
        c.console = fopen("/dev/null", "w");
        char err[256];
        machine = machine_new(&c, err, sizeof err);
        out = fopen("/dev/null", "w");
        if (!machine || !out)
            abort();
    }
    machine_reset(machine);
    struct dbg_access acc = dbg_access_hart;
    acc.step = bounded_step;
    steps = 0;
    struct hart *harts[2] = { &machine->harts[0], &machine->harts[1] };
    int cur = 0;
    char *text = malloc(size + 1);
    if (!text)
        abort();
    memcpy(text, data, size);
    text[size] = 0;
    for (char *line = text, *nl; line; line = nl) {
        nl = strchr(line, '\n');
        if (nl)
            *nl++ = 0;
        monitor_command_with(&acc, harts, 2, &cur, line, out);
        if (cur < 0 || cur >= 2)
            abort();            /* `hart N` must keep the index valid */
    }
    free(text);
    return 0;
}
