/* The machine's life cycle and time: the images a reset restores, the
 * power cycle itself, and the scheduler that runs the harts (round-robin
 * slices on one host thread; virtual or real time as the board's policy).
 * Harts are stepped by one function, run_hart, the seam where SMP puts
 * each hart on its own thread. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "board.h"
#include "clint.h"
#include "goldfish_rtc.h"
#include "machine.h"
#include "recorder.h"
#include "uart16550.h"
#include "virtio_input.h"
#include "virtio_rng.h"
#include "virtio_net.h"

#define SLICE 20000             /* instructions per hart per turn */
#define EXACT_BELOW 64          /* smaller quanta run one instruction at a time */
#define INSNS_PER_TICK 100      /* virtual time: instructions per mtime tick, as Spike */
#define NS_PER_TICK (1000000000ull / VIRT_TIMEBASE)

static void fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* ---- images ---- */

/* Takes ownership of data (malloc'd) and writes it to RAM. */
static bool keep_image(struct machine *m, uint64_t pa, uint8_t *data, uint64_t size,
                       char *err, size_t errlen)
{
    struct machine_sched *s = &m->sched;
    if (s->nimages == s->cap) {
        unsigned cap = s->cap ? 2 * s->cap : 8;
        struct machine_image *n = realloc(s->images, cap * sizeof *n);
        if (!n) {
            free(data);
            fail(err, errlen, "out of memory for the loaded images");
            return false;
        }
        s->images = n;
        s->cap = cap;
    }
    s->images[s->nimages++] = (struct machine_image){ .pa = pa, .size = size, .data = data };
    bus_invalidate_code(&m->bus, pa, size);
    if (size)
        memcpy(bus_ram_ptr(&m->bus, pa, size), data, size);
    return true;
}

bool machine_add_image(struct machine *m, const char *what, uint64_t pa,
                       const void *data, uint64_t size, uint64_t zero_size,
                       char *err, size_t errlen)
{
    uint8_t *dst = bus_ram_ptr(&m->bus, pa, size + zero_size);
    if (!dst || size + zero_size < size) {
        fail(err, errlen, "%s at 0x%llx (%llu bytes) does not fit in guest RAM", what,
             (unsigned long long)pa, (unsigned long long)(size + zero_size));
        return false;
    }
    uint8_t *copy = malloc(size ? size : 1);
    if (!copy) {
        fail(err, errlen, "out of memory for %s (%llu bytes)", what,
             (unsigned long long)size);
        return false;
    }
    memcpy(copy, data, size);
    if (!keep_image(m, pa, copy, size, err, errlen))
        return false;
    /* RAM is cleared at reset, so the zeroes need no image of their own */
    bus_invalidate_code(&m->bus, pa + size, zero_size);
    memset(dst + size, 0, zero_size);
    return true;
}

bool machine_load_file(struct machine *m, const char *what, const char *path,
                       uint64_t pa, uint64_t limit, uint64_t *size_out,
                       char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fail(err, errlen, "%s '%s': %s", what, path, strerror(errno));
        return false;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fail(err, errlen, "%s '%s': not a regular file", what, path);
        fclose(f);
        return false;
    }
    uint64_t size = (uint64_t)st.st_size;
    if (size == 0) {    /* nothing to run or read: a mistake, never a silent hang */
        fail(err, errlen, "%s '%s' is empty", what, path);
        fclose(f);
        return false;
    }
    if (!bus_ram_ptr(&m->bus, pa, size) || pa + size > limit) {
        fail(err, errlen, "%s '%s' (%llu bytes) does not fit in guest RAM (-m)",
             what, path, (unsigned long long)size);
        fclose(f);
        return false;
    }
    uint8_t *data = malloc(size ? size : 1);
    if (!data) {
        fail(err, errlen, "%s '%s': out of memory", what, path);
        fclose(f);
        return false;
    }
    if (size && fread(data, 1, size, f) != size) {
        fail(err, errlen, "%s '%s': read error", what, path);
        free(data);
        fclose(f);
        return false;
    }
    fclose(f);
    *size_out = size;
    return keep_image(m, pa, data, size, err, errlen);
}

void machine_free_images(struct machine *m)
{
    for (unsigned i = 0; i < m->sched.nimages; i++)
        free(m->sched.images[i].data);
    free(m->sched.images);
    m->sched.images = NULL;
    m->sched.nimages = m->sched.cap = 0;
}

/* RAM as at power-on: zeroes (QEMU leaves RAM as it was; cleared RAM
 * makes a reset run repeat the first run exactly, and hands the host its
 * memory back), then the images. */
static void restore_images(struct machine *m)
{
    bus_ram_clear(&m->bus);
    for (unsigned i = 0; i < m->sched.nimages; i++) {
        const struct machine_image *im = &m->sched.images[i];
        if (im->size)
            memcpy(bus_ram_ptr(&m->bus, im->pa, im->size), im->data, im->size);
    }
}

/* ---- reset ---- */

/* Deterministic mode's turn (machine.h). */
static uint64_t turn_length(const struct machine *m)
{
    return m->nharts > 1 ? MACHINE_TURN_SMP : MACHINE_TURN;
}

/* Power-on state for every device, in list order; interrupt outputs drop
 * as each device resets, so the PLIC ends with no line asserted.  The
 * CLINT's reset puts mtime back at 0 in either time mode, so a
 * deterministic run starts its time again too. */
void machine_reset_devices(struct machine *m)
{
    for (struct device *d = m->devices; d; d = d->next)
        device_reset(d);
}

void machine_tick(struct machine *m)
{
    clint_update(m->clint);
    /* deterministic mode: at the end of hart 0's turns only (det_end_turn) */
    if (m->rtc && !m->sched.exact)
        goldfish_rtc_update(m->rtc);
    if (m->nic)
        virtio_net_poll(m->nic);
}

int machine_wake_fd(struct machine *m)
{
    return m->nic ? virtio_net_wake_fd(m->nic) : -1;
}

uint64_t machine_ns_until_event(struct machine *m)
{
    uint64_t ns = clint_ns_until_next_timer(m->clint);
    if (m->rtc) {
        uint64_t a = goldfish_rtc_ns_until_alarm(m->rtc);
        if (a < ns)
            ns = a;
    }
    return ns;
}

void machine_reset(struct machine *m)
{
    machine_reset_devices(m);
    /* translated code and the jump caches describe the old RAM */
    block_cache_flush(m->bc);
    restore_images(m);
    for (unsigned i = 0; i < m->nharts; i++)
        hart_reset(&m->harts[i], m->entry);
    m->sched.next_hart = 0;
    m->sched.tick_rem = 0;
    m->sched.turn_left = turn_length(m);
    m->sched.turn_done0 = 0;
    m->exit = EXIT_NONE;
    m->exit_code = 0;
}

/* ---- running ---- */

static void advance_virtual_time(struct machine *m, uint64_t executed)
{
    m->sched.tick_rem += executed;
    clint_advance(m->clint, m->sched.tick_rem / INSNS_PER_TICK);
    m->sched.tick_rem %= INSNS_PER_TICK;
}

/* Runs hart i for about budget instructions: the one place a hart is
 * stepped. */
static enum run_status run_hart(struct machine *m, unsigned i, uint64_t budget,
                                uint64_t *done)
{
    struct hart *h = &m->harts[i];
    *done = 0;
    if (!budget)
        return RUN_BUDGET;
    /* a block runs whole: the last few instructions of a budget go one at
     * a time so --max-insns and single steps are exact */
    enum engine engine = h->engine;
    if (budget < EXACT_BELOW)
        h->engine = ENGINE_INTERP;
    enum run_status st = hart_run(h, budget, done);
    h->engine = engine;
    /* another hart runs next and may store to the reserved address: as on
     * a context switch, the reservation is lost (LR/SC stay correct) */
    if (m->nharts > 1)
        h->resv_valid = false;
    return st;
}

/* An exit or reset the guest asked for while a debugger steps over the
 * instruction that asked (gdb steps over a store it was told about
 * before it happened, by a breakpoint on the next instruction or a single
 * step): that stop is reported first, so a watchpoint on the store that
 * ends or resets the machine is seen before the end (issue 14).  The
 * exit stays pending for the next run. */
static bool debugger_first(struct machine *m, struct machine_run_result *r)
{
    for (unsigned i = 0; i < m->nharts && m->exit != EXIT_NONE; i++) {
        struct hart *h = &m->harts[i];
        if (h->dbg.active && (h->dbg.single_step ||
                              (h->dbg.exec_break && h->dbg.exec_break(h->dbg.opaque, h, h->pc)))) {
            r->why = MACHINE_BREAK;
            r->hart = i;
            return true;
        }
    }
    return false;
}

/* An exit or reset the guest asked for; false if none. */
static bool take_exit(struct machine *m, struct machine_run_result *r)
{
    if (m->exit == EXIT_NONE)
        return false;
    if (m->exit == EXIT_RESET) {
        machine_reset(m);
        r->why = MACHINE_RESET;
    } else {
        r->why = MACHINE_EXIT;
    }
    return true;
}

/* Every hart waits in wfi.  Real time: the caller sleeps until the next
 * timer.  Virtual time: nothing happens in between, so time jumps to the
 * deadline; with no deadline at all nothing could ever wake the harts,
 * and wfi acts as a no-op (the spec allows that). */
static void all_idle(struct machine *m, struct machine_run_result *r)
{
    uint64_t ns = machine_ns_until_event(m);
    r->why = MACHINE_IDLE;
    r->sleep_ns = ns;
    /* machine_tick, after the harts stopped, may have raised an interrupt
     * (a network frame delivered): a hart it wakes must run now, not after
     * the sleep. */
    for (unsigned i = 0; i < m->nharts; i++)
        if (hart_wakeup_pending(&m->harts[i]))
            r->sleep_ns = 0;
    if (!m->cfg.virtual_time)
        return;
    m->sched.idle_jumps++;
    if (ns != UINT64_MAX) {
        clint_advance(m->clint, ns / NS_PER_TICK + 1);
    } else {
        for (unsigned i = 0; i < m->nharts; i++)
            m->harts[i].wfi = false;
    }
    machine_tick(m);
    r->sleep_ns = 0;
}

/* One turn of every hart (or fewer when the budget runs out); false when
 * machine_run must return (r says why). */
static bool run_round(struct machine *m, uint64_t budget, struct machine_run_result *r)
{
    unsigned asked = 0, idle = 0;
    uint64_t before = r->executed;
    while (asked < m->nharts && r->executed < budget) {
        unsigned i = m->sched.next_hart;
        m->sched.next_hart = (i + 1) % m->nharts;
        uint64_t quantum = budget - r->executed, done;
        if (quantum > SLICE)
            quantum = SLICE;
        enum run_status st = run_hart(m, i, quantum, &done);
        r->executed += done;
        m->sched.icount += done;
        asked++;
        if (m->cfg.virtual_time && i == 0)
            advance_virtual_time(m, done);
        if (st == RUN_WFI)
            idle++;
        if (st == RUN_BREAK) {
            machine_tick(m);
            r->why = MACHINE_BREAK;
            r->hart = i;
            return false;
        }
        if (m->exit != EXIT_NONE)
            break;
    }
    machine_tick(m);
    if (debugger_first(m, r) || take_exit(m, r))
        return false;
    if (asked == m->nharts && idle == asked) {
        all_idle(m, r);
        return false;
    }
    if (r->executed == before) {    /* no progress (cannot happen today): yield */
        r->why = MACHINE_BUDGET;
        return false;
    }
    return true;
}

static bool det_round(struct machine *m, uint64_t budget, struct machine_run_result *r);
static void det_step(struct machine *m, unsigned i, struct machine_run_result *r);

void machine_run(struct machine *m, uint64_t budget, struct machine_run_result *r)
{
    memset(r, 0, sizeof *r);
    if (take_exit(m, r))    /* asked for while stopped (a debugger step) */
        return;
    r->why = MACHINE_BUDGET;
    bool (*round)(struct machine *, uint64_t, struct machine_run_result *) =
        m->sched.exact ? det_round : run_round;
    while (r->executed < budget && round(m, budget, r))
        ;
}

void machine_step(struct machine *m, unsigned i, struct machine_run_result *r)
{
    memset(r, 0, sizeof *r);
    r->hart = i;
    if (i >= m->nharts || take_exit(m, r))
        return;
    if (m->sched.exact) {
        det_step(m, i, r);
        return;
    }
    uint64_t done;
    enum run_status st = run_hart(m, i, 1, &done);
    r->executed = done;
    m->sched.icount += done;
    machine_tick(m);
    /* a step in wfi still moves virtual time, so a timer can end it */
    if (m->cfg.virtual_time)
        advance_virtual_time(m, done ? done : INSNS_PER_TICK);
    if (debugger_first(m, r) || take_exit(m, r))
        return;
    if (st == RUN_BREAK) {
        r->why = MACHINE_BREAK;
    } else if (st == RUN_WFI) {
        r->why = MACHINE_IDLE;
        r->sleep_ns = m->cfg.virtual_time ? 0 : machine_ns_until_event(m);
    } else {
        r->why = MACHINE_BUDGET;
    }
}

/* ---- deterministic mode (record/replay, reverse debugging) ----
 * Kept apart from the scheduler above, which it shares only all_idle,
 * take_exit and machine_tick with. */

/* Runs hart i for exactly n instructions (fewer only on wfi, a stop or a
 * debugger event): blocks while a whole block surely fits, then one
 * instruction at a time.  A block is at most EXACT_BELOW instructions
 * (BLOCK_MAX_INSNS), and hart_run starts one only below its budget. */
static enum run_status run_exact(struct machine *m, unsigned i, uint64_t n,
                                 uint64_t *done)
{
    struct hart *h = &m->harts[i];
    enum engine engine = h->engine;
    enum run_status st = RUN_BUDGET;
    *done = 0;
    while (*done < n && st == RUN_BUDGET) {
        uint64_t left = n - *done, d;
        bool singly = left < 2 * EXACT_BELOW;
        if (singly)
            h->engine = ENGINE_INTERP;
        st = hart_run(h, singly ? left : left - EXACT_BELOW, &d);
        h->engine = engine;
        *done += d;
        if (!d && st == RUN_BUDGET)
            break;
    }
    return st;
}

/* The end of hart i's turn: hart 0's instructions become time, timers
 * and the RTC's alarm are looked at, the next hart's turn begins. */
/* The state a replay must reproduce at a turn's end: registers, pc,
 * privilege, the counters, the trap and translation CSRs. */
static void hash_hart(struct machine *m, unsigned i)
{
    const struct hart *h = &m->harts[i];
    uint64_t v[] = { h->pc, (uint64_t)h->priv, h->instret, h->ntraps, h->mstatus,
                     h->mcause, h->mepc, h->scause, h->sepc, h->mmu.satp, m->sched.icount };
    uint64_t x = m->sched.state_hash;
    x = recorder_hash(x, h->x, sizeof h->x);
    x = recorder_hash(x, h->f, sizeof h->f);
    m->sched.state_hash = recorder_hash(x, v, sizeof v);
}

void machine_hash_state(struct machine *m)
{
    m->sched.state_hash = RECORDER_HASH_INIT;
}

uint64_t machine_state_hash(const struct machine *m)
{
    return m->sched.state_hash;
}

static void det_end_turn(struct machine *m, unsigned i)
{
    struct machine_sched *s = &m->sched;
    if (s->state_hash)
        hash_hart(m, i);
    if (i == 0) {
        advance_virtual_time(m, s->turn_done0);
        s->turn_done0 = 0;
        clint_update(m->clint);
        if (m->rtc)
            goldfish_rtc_update(m->rtc);
    }
    /* another hart runs next and may store to the reserved address */
    if (m->nharts > 1)
        m->harts[i].resv_valid = false;
    s->next_hart = (i + 1) % m->nharts;
    s->turn_left = turn_length(m);
}

/* Runs up to want instructions of hart i's turn (exactly want if exact;
 * *turn_over: the turn ended). */
static enum run_status det_run(struct machine *m, unsigned i, uint64_t want,
                               bool exact, uint64_t *done, bool *turn_over)
{
    struct machine_sched *s = &m->sched;
    if (want > s->turn_left)
        want = s->turn_left;
    enum run_status st;
    if (!exact && s->turn_left - want >= EXACT_BELOW) {
        /* a pause, not a turn's end: within a block of want is as good
         * (where the machine pauses changes nothing it computes) */
        st = hart_run(&m->harts[i], want, done);
    } else {
        st = run_exact(m, i, want, done);
    }
    s->icount += *done;
    s->turn_left -= *done;
    if (i == 0)
        s->turn_done0 += *done;
    *turn_over = st == RUN_WFI || s->turn_left == 0;
    if (*turn_over)
        det_end_turn(m, i);
    return st;
}

static bool det_round(struct machine *m, uint64_t budget, struct machine_run_result *r)
{
    unsigned turns = 0, idle = 0;
    uint64_t before = r->executed;
    while (turns < m->nharts && r->executed < budget) {
        unsigned i = m->sched.next_hart;
        uint64_t done;
        bool over;
        enum run_status st = det_run(m, i, budget - r->executed, m->sched.exact_budget,
                                     &done, &over);
        r->executed += done;
        turns += over;
        idle += st == RUN_WFI;
        if (st == RUN_BREAK) {
            machine_tick(m);
            r->why = MACHINE_BREAK;
            r->hart = i;
            return false;
        }
        if (m->exit != EXIT_NONE || (st != RUN_BUDGET && st != RUN_WFI))
            break;
    }
    machine_tick(m);
    if (debugger_first(m, r) || take_exit(m, r))
        return false;
    if (turns == m->nharts && idle == turns) {
        all_idle(m, r);
        return false;
    }
    if (r->executed == before && r->executed < budget) {
        r->why = MACHINE_BUDGET;
        return false;
    }
    return true;
}

static void det_step(struct machine *m, unsigned i, struct machine_run_result *r)
{
    uint64_t done;
    bool over;
    enum run_status st = det_run(m, i, 1, true, &done, &over);
    r->executed = done;
    machine_tick(m);
    if (debugger_first(m, r) || take_exit(m, r))
        return;
    if (st == RUN_BREAK) {
        r->why = MACHINE_BREAK;
    } else if (st == RUN_WFI) {
        /* every hart waits (or only this one runs): time jumps as in
         * machine_run; otherwise the others' turns move it */
        bool all = true;
        for (unsigned k = 0; k < m->nharts; k++)
            all = all && (k == i || m->harts[k].wfi);
        if (all)
            all_idle(m, r);
        r->why = MACHINE_IDLE;
        r->sleep_ns = 0;
    } else {
        r->why = MACHINE_BUDGET;
    }
}

static uint64_t icount_clock(void *opaque)
{
    return machine_event_clock(opaque);
}

/* The RTC in deterministic mode: the epoch plus virtual time. */
static uint64_t rtc_clock(void *opaque)
{
    struct machine *m = opaque;
    return m->sched.rtc_epoch + clint_mtime(m->clint) * NS_PER_TICK;
}

void machine_set_deterministic(struct machine *m, struct recorder *rec)
{
    struct machine_sched *s = &m->sched;
    s->exact = true;
    s->rec = rec;
    s->turn_left = turn_length(m);
    s->turn_done0 = 0;
    recorder_set_clock(rec, icount_clock, m);
    if (m->rtc) {
        s->rtc_epoch = recorder_u64(rec, REC_RTC, goldfish_rtc_host_ns());
        goldfish_rtc_set_clock(m->rtc, rtc_clock, m);
    }
    if (m->uart)
        uart_set_recorder(m->uart, rec);
    if (m->keyboard)
        virtio_input_set_recorder(m->keyboard, rec);
    if (m->tablet)
        virtio_input_set_recorder(m->tablet, rec);
    if (m->nic)
        virtio_net_set_recorder(m->nic, rec);
    for (struct device *d = m->devices; d; d = d->next)
        virtio_rng_set_recorder(d, rec);
}

void machine_set_exact_budget(struct machine *m, bool exact)
{
    m->sched.exact_budget = exact;
}

uint64_t machine_icount(const struct machine *m)
{
    return m->sched.icount;
}

uint64_t machine_event_clock(const struct machine *m)
{
    return m->sched.icount + m->sched.idle_jumps;
}

void machine_sched_get(const struct machine *m, struct machine_sched_state *st)
{
    const struct machine_sched *s = &m->sched;
    *st = (struct machine_sched_state){ s->next_hart, s->tick_rem, s->icount,
                                        s->turn_left, s->turn_done0, s->idle_jumps };
}

void machine_sched_set(struct machine *m, const struct machine_sched_state *st)
{
    struct machine_sched *s = &m->sched;
    s->next_hart = st->next_hart;
    s->tick_rem = st->tick_rem;
    s->icount = st->icount;
    s->turn_left = st->turn_left;
    s->turn_done0 = st->turn_done0;
    s->idle_jumps = st->idle_jumps;
}

/* The hash of a disk image's bytes (a replay must read the same disk). */
static uint64_t file_hash(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    static uint8_t buf[1 << 16];
    uint64_t h = RECORDER_HASH_INIT;
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        h = recorder_hash(h, buf, n);
    fclose(f);
    return h;
}

void machine_describe(const struct machine *m, char *buf, size_t len)
{
    size_t pos = 0;
#define ADD(...) do { if (pos < len) pos += (size_t)snprintf(buf + pos, len - pos, __VA_ARGS__); } while (0)
    ADD("%s ram=%lluM harts=%u turn=%llu misa=%llx zext=%llx misaligned=%s",
        m->cfg.virt ? "virt" : "bare", (unsigned long long)(m->cfg.ram_size >> 20), m->nharts,
        (unsigned long long)turn_length(m),
        (unsigned long long)m->harts[0].misa, (unsigned long long)m->harts[0].zext,
        m->cfg.misaligned_trap ? "trap" : "hw");
    ADD(" devices=");
    for (const struct device *d = m->devices; d; d = d->next)
        ADD("%s@%llx,", d->ops->name, (unsigned long long)d->base);
    uint64_t h = RECORDER_HASH_INIT;
    for (unsigned i = 0; i < m->sched.nimages; i++) {
        const struct machine_image *im = &m->sched.images[i];
        h = recorder_hash(h, &im->pa, sizeof im->pa);
        h = recorder_hash(h, im->data, im->size);
    }
    ADD(" images=%016llx", (unsigned long long)h);
    for (unsigned i = 0; i < m->cfg.ndrives; i++)
        ADD(" drive%u=%016llx%s", i, (unsigned long long)file_hash(m->cfg.drives[i].path),
            m->cfg.drives[i].readonly ? ",ro" : "");
#undef ADD
}

/* ---- hart access for the frontend ---- */

unsigned machine_hart_ptrs(struct machine *m, struct hart **out)
{
    for (unsigned i = 0; i < m->nharts; i++)
        out[i] = &m->harts[i];
    return m->nharts;
}

const struct hart *machine_hart(const struct machine *m, unsigned i)
{
    return i < m->nharts ? &m->harts[i] : NULL;
}

void machine_set_trace(struct machine *m, FILE *trace)
{
    for (unsigned i = 0; i < m->nharts; i++)
        m->harts[i].trace = trace;
}
