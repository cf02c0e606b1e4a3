#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "devices/clint.h"
#include "display.h"
#include "gdbstub.h"
#include "monitor.h"
#include "run.h"
#include "term.h"

#define SLICE 20000             /* instructions per hart per turn */
#define INSNS_PER_TICK 100      /* bare-metal virtual time, as Spike */
#define MAX_SLEEP_MS 100
#define ESCAPE_CHAR 0x01        /* Ctrl-A */

struct loop {
    struct machine *m;
    const struct run_opts *o;
    uint64_t total;
    uint64_t tick_rem;
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
    for (unsigned i = 0; i < l->m->nharts; i++)
        hp[i] = &l->m->harts[i];
    int cur = 0;
    char line[256];
    term_restore();
    fflush(l->m->console);
    fprintf(stderr, "\nrvx monitor (type 'help'; 'continue' resumes)\n");
    for (;;) {
        fprintf(stderr, "(rvx) ");
        fflush(stderr);
        ssize_t n = read(STDIN_FILENO, line, sizeof line - 1);
        if (n <= 0) {
            l->stdin_open = false;
            break;
        }
        line[n] = 0;
        line[strcspn(line, "\r\n")] = 0;
        if (l->o->display && display_handles(line)) {   /* screenshot FILE, key ... */
            display_command(l->o->display, line, stderr);
            continue;
        }
        enum mon_action a = monitor_command(hp, (int)l->m->nharts, &cur, line, stderr);
        if (a == MON_CONTINUE)
            break;
        if (a == MON_QUIT) {
            l->ended = true;
            l->end = END_QUIT;
            break;
        }
        if (a == MON_RESET)
            machine_reset(l->m);
    }
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

static void read_input(struct loop *l)
{
    if (!l->stdin_open || !l->o->console_input || l->npending > sizeof l->pending - 64)
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
        l->pending[l->npending++] = c;
    }
    feed_console(l);
}

/* Sleeps until a timer is due, input arrives or MAX_SLEEP_MS passes. */
static void idle_wait(struct loop *l)
{
    uint64_t ns = machine_ns_until_event(l->m);
    int ms = ns == UINT64_MAX ? MAX_SLEEP_MS : (int)(ns / 1000000);
    if (ms > MAX_SLEEP_MS)
        ms = MAX_SLEEP_MS;
    if (l->o->display && ms > display_poll_ms(l->o->display))
        ms = display_poll_ms(l->o->display);
    struct pollfd p[2];
    int n = 0;
    if (l->stdin_open && l->o->console_input)
        p[n++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
    if (l->o->gdb)
        p[n++] = (struct pollfd){ .fd = gdbstub_fd(l->o->gdb), .events = POLLIN };
    if (ms > 0)
        poll(p, (nfds_t)n, ms);
}

static void wake_all(struct machine *m)
{
    for (unsigned i = 0; i < m->nharts; i++)
        m->harts[i].wfi = false;
}

static void advance_virtual_time(struct loop *l, uint64_t executed)
{
    l->tick_rem += executed;
    clint_advance(l->m->clint, l->tick_rem / INSNS_PER_TICK);
    l->tick_rem %= INSNS_PER_TICK;
}

/* Single-steps hart s for gdb (the other harts stay paused). */
static enum gdb_action gdb_step(struct loop *l, int s)
{
    struct hart *h = &l->m->harts[s];
    for (;;) {
        uint64_t done;
        enum run_status st = hart_run(h, 1, &done);
        l->total += done;
        machine_tick(l->m);
        if (l->m->cfg.virtual_time)
            advance_virtual_time(l, done ? done : INSNS_PER_TICK);
        if (st == RUN_BREAK || l->m->exit != EXIT_NONE)
            return gdbstub_stopped(l->o->gdb, s, GDB_STOP_BREAK);
        if (gdbstub_poll_interrupt(l->o->gdb))
            return gdbstub_stopped(l->o->gdb, s, GDB_STOP_INTERRUPT);
        if (st == RUN_WFI)
            idle_wait(l);
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

static void run_harts(struct loop *l, bool *all_wfi)
{

    struct machine *m = l->m;
    *all_wfi = true;
    for (unsigned i = 0; i < m->nharts && !l->ended; i++) {
        struct hart *h = &m->harts[i];
        uint64_t slice = SLICE;
        if (l->o->max_insns && l->o->max_insns - l->total < slice)
            slice = l->o->max_insns - l->total;
        uint64_t done = 0;
        /* a block runs whole: the last few instructions before --max-insns
         * go one at a time so the count is exact */
        enum engine engine = h->engine;
        if (slice < 64)
            h->engine = ENGINE_INTERP;
        enum run_status st = slice ? hart_run(h, slice, &done) : RUN_BUDGET;
        h->engine = engine;
        l->total += done;
        if (m->nharts > 1)
            h->resv_valid = false;  /* another hart runs next: lose the reservation */
        if (st != RUN_WFI)
            *all_wfi = false;
        if (m->cfg.virtual_time && i == 0)
            advance_virtual_time(l, done);
        if (st == RUN_BREAK && l->o->gdb)
            gdb_act(l, gdbstub_stopped(l->o->gdb, (int)i, GDB_STOP_BREAK));
        if (m->exit != EXIT_NONE)
            return;
    }
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
        bool all_wfi;
        run_harts(&l, &all_wfi);
        machine_tick(m);
        fflush(m->console);
        if (m->exit == EXIT_RESET) {
            machine_reset(m);
            continue;
        }
        if (m->exit != EXIT_NONE) {
            l.end = END_GUEST;
            break;
        }
        if (o->max_insns && l.total >= o->max_insns) {
            l.end = END_MAX_INSNS;
            break;
        }
        /* Host input costs a system call per poll: while the guest is busy
         * look at most every HOST_POLL_NS, and always before sleeping. */
        uint64_t now = now_ns();
        if (all_wfi || now - l.last_poll >= HOST_POLL_NS) {
            l.last_poll = now;
            if (o->gdb && gdbstub_poll_interrupt(o->gdb))
                gdb_act(&l, gdbstub_stopped(o->gdb, 0, GDB_STOP_INTERRUPT));
            read_input(&l);
        }
        if (l.npending)
            feed_console(&l);
        if (o->display && display_pump(o->display)) {
            l.end = END_QUIT;       /* the window was closed */
            break;
        }
        if (all_wfi && !l.ended) {
            uint64_t ns = machine_ns_until_event(m);
            if (m->cfg.virtual_time) {
                /* nothing happens in between: jump to the deadline, or
                 * treat wfi as a no-op when nothing could ever wake us */
                if (ns != UINT64_MAX)
                    clint_advance(m->clint, ns / 100 + 1);
                else
                    wake_all(m);
                machine_tick(m);
            } else {
                idle_wait(&l);
            }
        }
    }
    fflush(m->console);
    *executed = l.total;
    return l.end;
}
