/* The run loop: has the board run the machine in budgets (machine_run,
 * which owns scheduling, time and resets), feeds terminal input to the
 * console, sleeps as long as the board says when every hart waits in wfi,
 * and hands control to the debugger or monitor. */
#ifndef RVX_FRONTEND_RUN_H
#define RVX_FRONTEND_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/board.h"

struct gdbstub;
struct display;
struct recorder;
struct reverse;

struct run_opts {
    uint64_t max_insns;         /* 0: unlimited */
    struct gdbstub *gdb;        /* NULL: no debugger */
    bool gdb_wait;              /* hold the harts until gdb continues */
    bool console_input;         /* read stdin for the console UART */
    bool escape;                /* Ctrl-A x / Ctrl-A c handling on stdin */
    struct display *display;    /* NULL: no screen; pumped between slices */
    /* Deterministic mode's recorder (NULL: none): replayed input is
     * delivered at its instruction count, a --replay log's end ends the run. */
    struct recorder *rec;
    struct reverse *rev;        /* checkpoints for gdb's reverse execution, or NULL */
};

enum run_end {
    END_GUEST,          /* the guest powered off / exited (m->exit says how) */
    END_MAX_INSNS,      /* --max-insns reached */
    END_QUIT,           /* Ctrl-A x, monitor quit, gdb kill */
    END_SIGNAL,         /* SIGINT/SIGTERM/SIGHUP */
    END_REPLAY_DONE,    /* --replay: the log's end was reached */
    END_REPLAY_ERROR,   /* --replay: the run diverged from the log */
};

/* Runs until the guest ends or one of the above; *executed gets the
 * instruction count over all harts. */
enum run_end run_machine(struct machine *m, const struct run_opts *o,
                         uint64_t *executed);

#endif
