#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "display.h"
#include "gdbstub.h"
#include "migrate.h"
#include "monitor.h"
#include "run.h"
#include "term.h"

/* Instructions per hart between two returns from the board (about 0.1 ms
 * of guest work): how often the console is flushed and the host looked at. */
#define BUDGET_PER_HART 20000
#define MAX_SLEEP_MS 100
#define ESCAPE_CHAR 0x01        /* Ctrl-A */

struct loop {
    struct machine *m;
    const struct run_opts *o;
    uint64_t total;
    bool stdin_open;
    bool escape_pending;
    uint8_t pending[256];       /* input the UART had no room for */
    unsigned npending;
    enum run_end end;
    bool ended;
    uint64_t last_poll;         /* host time of the last input poll */
};

#define HOST_POLL_NS 2000000ull

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void monitor_session(struct loop *l)
{
    struct hart *hp[MAX_HARTS];
    unsigned n = machine_hart_ptrs(l->m, hp);
    int cur = 0;
    char line[256];
    struct dbg_access acc;      /* the hart commands and savevm/loadvm/migrate */
    machine_monitor_access(&acc, l->m);
    term_restore();
    fflush(l->m->console);
    fprintf(stderr, "\nrvx monitor (type 'help'; 'continue' resumes)\n");
    for (;;) {
        fprintf(stderr, "(rvx) ");
        fflush(stderr);
        ssize_t got = read(STDIN_FILENO, line, sizeof line - 1);
        if (got <= 0) {
            l->stdin_open = false;
            break;
        }
        line[got] = 0;
        line[strcspn(line, "\r\n")] = 0;
        if (l->o->display && display_handles(line)) {   /* screenshot FILE, key ... */
            display_command(l->o->display, line, stderr);
            continue;
        }
        enum mon_action a = monitor_command_with(&acc, hp, (int)n, &cur, line, stderr);
        if (a == MON_CONTINUE)
            break;
        if (a == MON_QUIT) {
            l->ended = true;
            l->end = END_QUIT;
            break;
        }
        if (a == MON_RESET) {
            machine_reset(l->m);
            fprintf(stderr, "machine reset\n");
        }
    }
    if (l->o->console_input)
        term_raw();
}

/* Ctrl-A x quits, Ctrl-A c opens the monitor, Ctrl-A h helps, Ctrl-A
 * Ctrl-A sends a Ctrl-A. */
static bool handle_escape(struct loop *l, uint8_t c)
{
    switch (c) {
    case 'x': case 'X':
        l->ended = true;
        l->end = END_QUIT;
        return true;
    case 'c': case 'C':
        monitor_session(l);
        return true;
    case 'h': case 'H': case '?':
        fprintf(stderr, "\r\nCtrl-A x  quit\r\nCtrl-A c  debug monitor\r\n"
                        "Ctrl-A Ctrl-A  send Ctrl-A\r\n");
        return true;
    default:
        return false;   /* Ctrl-A itself (or anything else) goes to the guest */
    }
}

static void feed_console(struct loop *l)
{
    unsigned i = 0;
    while (i < l->npending && machine_console_can_receive(l->m))
        machine_console_receive(l->m, l->pending[i++]);
    memmove(l->pending, l->pending + i, l->npending - i);
    l->npending -= i;
}

/* stdin is read for the console and/or the Ctrl-A escapes.  Without a
 * console (bare metal) only the escapes are wanted, and a terminal that
 * belongs to another job (`rvx run ... &` next to gdb) is left alone:
 * reading it would stop rvx with SIGTTIN or steal the other job's input. */
static bool input_wanted(const struct loop *l)
{
    if (!l->stdin_open)
        return false;
    if (l->o->console_input)
        return true;
    return l->o->escape &&
           (!isatty(STDIN_FILENO) || tcgetpgrp(STDIN_FILENO) == getpgrp());
}

static void read_input(struct loop *l)
{
    if (!input_wanted(l) || l->npending > sizeof l->pending - 64)
        return;
    struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
    if (poll(&p, 1, 0) <= 0)
        return;
    uint8_t buf[64];
    ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
    if (n <= 0) {
        if (n == 0 || (errno != EINTR && errno != EAGAIN))
            l->stdin_open = false;
        return;
    }
    for (ssize_t i = 0; i < n && !l->ended; i++) {
        uint8_t c = buf[i];
        if (l->o->escape && l->escape_pending) {
            l->escape_pending = false;
            if (handle_escape(l, c))
                continue;
        } else if (l->o->escape && c == ESCAPE_CHAR) {
            l->escape_pending = true;
            continue;
        }
        if (l->o->console_input)
            l->pending[l->npending++] = c;
    }
    feed_console(l);
}

/* Sleeps up to sleep_ns (the board's next timed event), less if input
 * arrives, the display wants pumping or MAX_SLEEP_MS passes. */
static void idle_wait(struct loop *l, uint64_t sleep_ns)
{
    int ms = sleep_ns == UINT64_MAX ? MAX_SLEEP_MS : (int)(sleep_ns / 1000000);
    if (ms > MAX_SLEEP_MS)
        ms = MAX_SLEEP_MS;
    if (l->o->display && ms > display_poll_ms(l->o->display))
        ms = display_poll_ms(l->o->display);
    struct pollfd p[3];
    int n = 0;
    if (machine_wake_fd(l->m) >= 0)     /* network frames for the guest */
        p[n++] = (struct pollfd){ .fd = machine_wake_fd(l->m), .events = POLLIN };
    if (input_wanted(l))
        p[n++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
    if (l->o->gdb)
        p[n++] = (struct pollfd){ .fd = gdbstub_fd(l->o->gdb), .events = POLLIN };
    if (ms > 0)
        poll(p, (nfds_t)n, ms);
}

/* Single-steps hart s for gdb (the other harts stay paused). */
static enum gdb_action gdb_step(struct loop *l, int s)
{
    for (;;) {
        struct machine_run_result r;
        machine_step(l->m, (unsigned)s, &r);
        l->total += r.executed;
        if (r.why == MACHINE_BREAK || r.why == MACHINE_EXIT || r.why == MACHINE_RESET)
            return gdbstub_stopped(l->o->gdb, s, GDB_STOP_BREAK);
        if (gdbstub_poll_interrupt(l->o->gdb))
            return gdbstub_stopped(l->o->gdb, s, GDB_STOP_INTERRUPT);
        if (r.why == MACHINE_IDLE)
            idle_wait(l, r.sleep_ns);
    }
}

static void gdb_act(struct loop *l, enum gdb_action a)
{
    while (a == GDB_STEP)
        a = gdb_step(l, gdbstub_step_hart(l->o->gdb));
    if (a == GDB_KILL) {
        l->ended = true;
        l->end = END_QUIT;
    }
}

/* Host input costs a system call per poll: while the guest is busy look
 * at most every HOST_POLL_NS, and always before sleeping. */
static void poll_host(struct loop *l, bool idle)
{
    uint64_t now = now_ns();
    if (idle || now - l->last_poll >= HOST_POLL_NS) {
        l->last_poll = now;
        if (l->o->gdb && gdbstub_poll_interrupt(l->o->gdb))
            gdb_act(l, gdbstub_stopped(l->o->gdb, 0, GDB_STOP_INTERRUPT));
        read_input(l);
    }
    if (l->npending)
        feed_console(l);
}

/* One return from the board and what it asks of the host; false ends
 * the run (l->end says why). */
static bool run_once(struct loop *l)
{
    struct machine *m = l->m;
    const struct run_opts *o = l->o;
    uint64_t budget = BUDGET_PER_HART * m->nharts;
    if (o->max_insns && o->max_insns - l->total < budget)
        budget = o->max_insns - l->total;
    struct machine_run_result r;
    machine_run(m, budget, &r);
    l->total += r.executed;
    fflush(m->console);
    if (r.why == MACHINE_BREAK && o->gdb) {
        gdb_act(l, gdbstub_stopped(o->gdb, (int)r.hart, GDB_STOP_BREAK));
        if (l->ended)
            return false;
    }
    if (r.why == MACHINE_EXIT) {
        l->end = END_GUEST;
        return false;
    }
    if (o->max_insns && l->total >= o->max_insns) {
        l->end = END_MAX_INSNS;
        return false;
    }
    poll_host(l, r.why == MACHINE_IDLE);
    if (o->display && display_pump(o->display)) {
        l->end = END_QUIT;      /* the window was closed */
        return false;
    }
    if (r.why == MACHINE_IDLE && !l->ended)
        idle_wait(l, r.sleep_ns);
    return !l->ended;
}

enum run_end run_machine(struct machine *m, const struct run_opts *o, uint64_t *executed)
{
    struct loop l = { .m = m, .o = o, .stdin_open = true };
    if (o->gdb && o->gdb_wait) {
        if (!gdbstub_wait_attach(o->gdb)) {
            *executed = 0;
            return END_QUIT;
        }
        gdb_act(&l, gdbstub_stopped(o->gdb, 0, GDB_STOP_INTERRUPT));
    }
    while (!l.ended) {
        if (term_quit_signal) {
            l.end = END_SIGNAL;
            break;
        }
        if (!run_once(&l))
            break;
    }
    fflush(m->console);
    *executed = l.total;
    return l.end;
}
