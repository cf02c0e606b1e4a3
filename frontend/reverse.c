/* Reverse execution: checkpoints and re-execution (see reverse.h). */
#include "reverse.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "devices/board.h"
#include "devices/recorder.h"
#include "devices/snapshot.h"
#include "gdbstub.h"

#define FIRST_INTERVAL (1ull << 20)
/* Taking checkpoints may cost at most 1/COST_SHARE of the run's time. */
#define COST_SHARE 20

struct checkpoint {
    uint64_t icount;
    struct dev_stream snap;
    struct machine_sched_state sched;
    size_t rec_pos;
};

struct reverse {
    struct machine *m;
    struct recorder *rec;
    struct checkpoint cp[REVERSE_MAX_CHECKPOINTS];
    unsigned n;
    uint64_t bytes, interval;
    uint64_t last_ns;           /* host time at the last checkpoint */

    /* a scan for reverse-continue: the stub's hooks are set aside */
    struct gdbstub *stub;
    struct hart_debug saved[MAX_HARTS];
    bool skip_first;            /* resuming at a breakpoint: pass it once */
    uint64_t skip_pc;
    int hit_kind;
    uint64_t hit_addr;
};

static uint64_t host_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void drop(struct reverse *rv, unsigned i)
{
    rv->bytes -= rv->cp[i].snap.cap;
    dev_stream_free(&rv->cp[i].snap);
}

/* Every other checkpoint goes (the first stays), the interval doubles. */
static void thin(struct reverse *rv)
{
    unsigned k = 1;
    for (unsigned i = 1; i < rv->n; i++) {
        if (i % 2)
            drop(rv, i);
        else
            rv->cp[k++] = rv->cp[i];
    }
    rv->n = k;
    rv->interval *= 2;
}

static bool take(struct reverse *rv)
{
    if (rv->n == REVERSE_MAX_CHECKPOINTS || rv->bytes > REVERSE_MAX_BYTES)
        thin(rv);
    struct checkpoint *c = &rv->cp[rv->n];
    memset(c, 0, sizeof *c);
    char err[256];
    uint64_t t0 = host_ns();
    if (!machine_snapshot_save(rv->m, &c->snap, err, sizeof err)) {
        dev_stream_free(&c->snap);
        return false;
    }
    uint64_t t1 = host_ns();
    c->icount = machine_icount(rv->m);
    machine_sched_get(rv->m, &c->sched);
    c->rec_pos = recorder_tell(rv->rec);
    rv->bytes += c->snap.cap;
    rv->n++;
    /* a save that costs more than its share of the time since the last
     * one: space them out */
    if (rv->n > 1 && (t1 - t0) * COST_SHARE > t0 - rv->last_ns)
        rv->interval *= 2;
    rv->last_ns = t1;
    return true;
}

struct reverse *reverse_new(struct machine *m, struct recorder *rec, char *err,
                            size_t errlen)
{
    struct reverse *rv = calloc(1, sizeof *rv);
    if (!rv) {
        snprintf(err, errlen, "reverse debugging: out of memory");
        return NULL;
    }
    rv->m = m;
    rv->rec = rec;
    rv->interval = FIRST_INTERVAL;
    rv->last_ns = host_ns();
    if (!take(rv)) {
        snprintf(err, errlen, "reverse debugging: this machine cannot be checkpointed");
        free(rv);
        return NULL;
    }
    return rv;
}

void reverse_free(struct reverse *rv)
{
    if (!rv)
        return;
    for (unsigned i = 0; i < rv->n; i++)
        drop(rv, i);
    free(rv);
}

void reverse_stats(const struct reverse *rv, unsigned *count, uint64_t *bytes,
                   uint64_t *interval)
{
    *count = rv->n;
    *bytes = rv->bytes;
    *interval = rv->interval;
}

void reverse_tick(struct reverse *rv)
{
    if (!rv)
        return;
    uint64_t now = machine_icount(rv->m);
    /* after going back, the checkpoints past now describe a future that a
     * changed state (gdb wrote memory) may not repeat: they go */
    while (rv->n > 1 && rv->cp[rv->n - 1].icount > now)
        drop(rv, --rv->n);
    if (now - rv->cp[rv->n - 1].icount >= rv->interval)
        take(rv);
}

/* The last checkpoint at or before icount t. */
static int checkpoint_before(const struct reverse *rv, uint64_t t)
{
    for (int i = (int)rv->n - 1; i >= 0; i--)
        if (rv->cp[i].icount <= t)
            return i;
    return -1;
}

static bool restore(struct reverse *rv, unsigned i)
{
    struct checkpoint *c = &rv->cp[i];
    char err[256];
    c->snap.pos = 0;
    c->snap.error = false;
    if (!machine_snapshot_load(rv->m, &c->snap, err, sizeof err))
        return false;
    machine_sched_set(rv->m, &c->sched);
    recorder_seek(rv->rec, c->rec_pos);
    rv->m->exit = EXIT_NONE;
    return true;
}

/* Runs forward to icount target exactly, delivering recorded input on
 * the way.  With the scan hooks on, stops early at a hit: returns
 * MACHINE_BREAK then.  MACHINE_EXIT if the guest ended first. */
static enum machine_stop run_to(struct reverse *rv, uint64_t target)
{
    struct machine *m = rv->m;
    machine_set_exact_budget(m, true);
    for (;;) {
        uint64_t now = machine_icount(m), clock = machine_event_clock(m);
        recorder_deliver_due(rv->rec, clock);
        if (now >= target)
            return MACHINE_BUDGET;
        uint64_t budget = target - now, next = recorder_next_due(rv->rec);
        if (next != UINT64_MAX && next > clock && next - clock < budget)
            budget = next - clock;
        struct machine_run_result r;
        machine_run(m, budget, &r);
        if (r.why == MACHINE_BREAK || r.why == MACHINE_EXIT)
            return r.why;
    }
}

/* Clears the debugger's hooks while re-executing (set aside in saved). */
static void hooks_off(struct reverse *rv)
{
    for (unsigned i = 0; i < rv->m->nharts; i++) {
        rv->saved[i] = rv->m->harts[i].dbg;
        rv->m->harts[i].dbg.active = false;
        rv->m->harts[i].dbg.single_step = false;
    }
}

static void hooks_back(struct reverse *rv)
{
    for (unsigned i = 0; i < rv->m->nharts; i++) {
        rv->m->harts[i].dbg = rv->saved[i];
        rv->m->harts[i].dbg.single_step = false;
        rv->m->harts[i].dbg.hit_kind = 0;
    }
}

bool reverse_goto(struct reverse *rv, uint64_t target)
{
    if (target > machine_icount(rv->m))
        return false;
    int i = checkpoint_before(rv, target);
    if (i < 0)
        return false;
    hooks_off(rv);
    bool ok = restore(rv, (unsigned)i) && run_to(rv, target) == MACHINE_BUDGET &&
              machine_icount(rv->m) == target;
    hooks_back(rv);
    return ok;
}

/* ---- the gdb stub's operations ---- */

static bool step_back(void *opaque, int hart)
{
    struct reverse *rv = opaque;
    (void)hart;         /* one instruction of the machine's interleaving */
    uint64_t now = machine_icount(rv->m);
    return now > rv->cp[0].icount && reverse_goto(rv, now - 1);
}

static bool scan_exec(void *opaque, struct hart *h, uint64_t pc)
{
    struct reverse *rv = opaque;
    (void)h;
    if (rv->skip_first) {
        rv->skip_first = false;
        if (pc == rv->skip_pc)
            return false;
    }
    int kind = gdbstub_breakpoint_at(rv->stub, pc);
    if (kind == GDB_HIT_NONE)
        return false;
    rv->hit_kind = kind;
    rv->hit_addr = pc;
    return true;
}

static bool scan_mem(void *opaque, struct hart *h, uint64_t va, unsigned size, bool write)
{
    struct reverse *rv = opaque;
    (void)h;
    uint64_t addr;
    int kind = gdbstub_watch_match(rv->stub, va, size, write, &addr);
    if (kind == GDB_HIT_NONE)
        return false;
    rv->hit_kind = kind;
    rv->hit_addr = addr;
    return true;
}

static void scan_hooks(struct reverse *rv)
{
    for (unsigned i = 0; i < rv->m->nharts; i++) {
        struct hart_debug *d = &rv->m->harts[i].dbg;
        d->exec_break = scan_exec;
        d->mem_watch = scan_mem;
        d->opaque = rv;
        d->active = true;
        d->single_step = false;
    }
}

/* Re-executes [checkpoint i, end) with the breakpoints and watchpoints
 * armed; the last hit before `end` (a breakpoint: reached before `end`; a
 * watchpoint: its access completed by `end`) goes to *hit, its position in
 * *at (the instruction count to stop at: a breakpoint's, or the one just
 * after the accessing instruction).  False if there was none. */
static bool scan(struct reverse *rv, unsigned i, uint64_t end, struct gdb_reverse_hit *hit,
                 uint64_t *at)
{
    bool found = false;
    if (!restore(rv, i))
        return false;
    scan_hooks(rv);
    rv->skip_first = false;
    for (;;) {
        rv->hit_kind = GDB_HIT_NONE;
        enum machine_stop st = run_to(rv, end);
        if (st != MACHINE_BREAK)
            break;
        uint64_t now = machine_icount(rv->m);
        unsigned hh = 0;
        for (unsigned k = 0; k < rv->m->nharts; k++)
            if (rv->m->harts[k].dbg.hit_kind)
                hh = k;
        bool is_bp = rv->hit_kind == GDB_HIT_SW || rv->hit_kind == GDB_HIT_HW;
        /* A watchpoint stops after the access, as going forwards; gdb
         * (RISC-V has non-steppable watchpoints) then steps back over the
         * accessing instruction itself. */
        if (rv->hit_kind != GDB_HIT_NONE && (is_bp ? now < end : now <= end)) {
            found = true;
            *at = now;
            hit->kind = rv->hit_kind;
            hit->addr = rv->hit_addr;
            hit->hart = (int)hh;
        }
        for (unsigned k = 0; k < rv->m->nharts; k++)
            rv->m->harts[k].dbg.hit_kind = 0;
        if (is_bp) {    /* go on past the breakpoint */
            rv->skip_first = true;
            rv->skip_pc = rv->m->harts[hh].pc;
        }
        if (now >= end)
            break;
    }
    return found;
}

static bool continue_back(void *opaque, struct gdbstub *s, struct gdb_reverse_hit *hit)
{
    struct reverse *rv = opaque;
    uint64_t now = machine_icount(rv->m), at = 0;
    rv->stub = s;
    hooks_off(rv);
    bool found = false;
    int i = checkpoint_before(rv, now ? now - 1 : 0);
    uint64_t end = now;
    for (; i >= 0 && !found; i--) {
        found = scan(rv, (unsigned)i, end, hit, &at);
        end = rv->cp[i].icount;
    }
    for (unsigned k = 0; k < rv->m->nharts; k++)
        rv->m->harts[k].dbg.active = false;
    bool ok;
    if (found) {
        ok = (int)checkpoint_before(rv, at) >= 0 && restore(rv, (unsigned)checkpoint_before(rv, at)) &&
             run_to(rv, at) == MACHINE_BUDGET;
    } else {
        ok = restore(rv, 0);    /* the beginning of the recorded history */
    }
    hooks_back(rv);
    return ok && found;
}

const struct gdb_reverse_ops reverse_gdb_ops = {
    .step_back = step_back,
    .continue_back = continue_back,
};
