/* The machine's life cycle and time: the images a reset restores, the
 * power cycle itself, and the scheduler that runs the harts: round-robin
 * slices on one host thread (virtual or real time as the board's policy),
 * or every hart on its own host thread in real time (README, "SMP"). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "board.h"
#include "cpu/jit.h"
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

void machine_flush_code(struct machine *m)
{
    if (m->cfg.threaded) {
        for (unsigned i = 0; i < m->nharts; i++)
            block_cache_flush(m->hart_bc[i]);
    } else {
        block_cache_flush(m->bc);
    }
}

void machine_reset(struct machine *m)
{
    machine_reset_devices(m);
    /* translated code and the jump caches describe the old RAM */
    machine_flush_code(m);
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

/* The debugger resumed other harts only (gdb's scheduler-locking). */
static bool hart_held(const struct hart *h)
{
    return h->dbg.active && h->dbg.held;
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
    /* (machine_set_idle_sleep: the host sleeps the time the guest skipped,
     * after the jump, so nothing the guest sees changes) */
    r->sleep_ns = m->sched.idle_sleep ? ns : 0;
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
        if (hart_held(&m->harts[i])) {     /* as if waiting in wfi */
            asked++;
            idle++;
            continue;
        }
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

/* ---- harts on host threads ----
 *
 * Each hart has a thread that runs it in slices while the machine runs
 * (threads.go), and parks between two machine_run calls, so the caller
 * (the frontend, the debuggers) only ever sees stopped harts.  The
 * locking rule: device MMIO and device upkeep (machine_tick) happen under
 * m->lock, the machine lock (bus.mmio_lock); interrupt lines are atomic
 * updates of mip (hart_set_mip), which wake a hart asleep in wfi through
 * its thread's condition variable. */

#define SMP_SLICE 10000             /* instructions between looks at the machine */
#define SMP_RUN_NS 10000000ull      /* host time one machine_run lets the harts run */
#define WFI_MAX_NS 100000000ull     /* a sleeping hart looks again at least this often */

struct hart_thread {
    struct machine *m;
    unsigned i;
    pthread_t th;
    pthread_mutex_t mu;         /* the wfi sleep */
    pthread_cond_t cv;
    uint64_t spin_pc;           /* where the slices have kept ending (spinning) */
    unsigned spin_slices;       /* how many in a row */
};

struct machine_threads {
    pthread_mutex_t mu;
    pthread_cond_t go_cv;       /* to the harts: go, stop or quit */
    pthread_cond_t main_cv;     /* to machine_run: an event, all parked or asleep */
    bool go, quit, event, brk;
    int evpipe[2];              /* a hart's event also wakes machine_run's poll */
    unsigned active;            /* threads running (not parked) */
    unsigned asleep;            /* threads asleep in wfi */
    unsigned brk_hart, started;
    uint64_t executed, budget;
    struct hart_thread t[MAX_HARTS];
};

bool machine_threaded(const struct machine *m)
{
    return m->cfg.threaded;
}

static bool going(struct machine_threads *s)
{
    return __atomic_load_n(&s->go, __ATOMIC_ACQUIRE);
}

/* Device upkeep under the machine lock; returns the nanoseconds to the
 * next timed event. */
static uint64_t upkeep(struct machine *m)
{
    pthread_mutex_lock(&m->lock);
    machine_tick(m);
    uint64_t ns = machine_ns_until_event(m);
    pthread_mutex_unlock(&m->lock);
    return ns;
}

/* Sleeps up to ns, less when a hart thread reports an event (s->evpipe)
 * or the network has frames for the guest (machine_wake_fd). */
static void wait_event_or(struct machine *m, uint64_t ns)
{
    struct machine_threads *s = m->sched.threads;
    struct pollfd p[2] = { { .fd = s->evpipe[0], .events = POLLIN },
                           { .fd = machine_wake_fd(m), .events = POLLIN } };
    int ms = (int)((ns + 999999) / 1000000);    /* (a timer is at most 1 ms late) */
    if (poll(p, p[1].fd >= 0 ? 2 : 1, ms) > 0 && (p[0].revents & POLLIN)) {
        char buf[64];
        while (read(s->evpipe[0], buf, sizeof buf) > 0)
            ;
    }
}

static uint64_t host_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static struct timespec after_ns(uint64_t ns)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    uint64_t total = (uint64_t)t.tv_nsec + ns % 1000000000ull;
    t.tv_sec += (time_t)(ns / 1000000000ull + total / 1000000000ull);
    t.tv_nsec = (long)(total % 1000000000ull);
    return t;
}

/* A hart in wfi sleeps until an interrupt line wakes it (wake_hart), its
 * next timer deadline, or the machine stops. */
static void wfi_sleep(struct machine *m, struct hart_thread *t)
{
    struct machine_threads *s = m->sched.threads;
    struct hart *h = &m->harts[t->i];
    pthread_mutex_lock(&m->lock);
    machine_tick(m);
    uint64_t ns = machine_ns_until_event(m);
    pthread_mutex_unlock(&m->lock);
    struct timespec until = after_ns(ns < WFI_MAX_NS ? ns : WFI_MAX_NS);
    pthread_mutex_lock(&t->mu);
    if (going(s) && !hart_wakeup_pending(h)) {
        pthread_mutex_lock(&s->mu);
        if (++s->asleep == m->nharts)
            pthread_cond_signal(&s->main_cv);
        pthread_mutex_unlock(&s->mu);
        pthread_cond_timedwait(&t->cv, &t->mu, &until);
        pthread_mutex_lock(&s->mu);
        s->asleep--;
        pthread_mutex_unlock(&s->mu);
    }
    pthread_mutex_unlock(&t->mu);
}

static void wake_hart(void *opaque)
{
    struct hart_thread *t = opaque;
    pthread_mutex_lock(&t->mu);
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
}

/* Spin waits and lock-holder preemption.  A hart whose slices keep ending
 * within a few bytes of code is almost surely spinning on a lock or flag
 * that another hart must change (OpenSBI's ticket locks around its IPI and
 * remote-fence queues, the kernel's spinlocks and cross-CPU call waits).
 * When that other hart's thread is descheduled -- more runnable threads
 * than host cores -- the spinner would burn its whole host time slice
 * while the hart it waits for cannot run.  So after SPIN_SLICES such
 * slices in a row (about 100 us) the spinner yields its core at every
 * further slice until it leaves the loop.  A tight loop that is not a
 * wait only loses the yield's cost (a system call per slice) and nothing
 * when no other thread wants the core. */
#define SPIN_SLICES 8
#define SPIN_SPAN 64                /* bytes of code: a spin loop's extent */

static void yield_if_spinning(struct hart_thread *t, uint64_t pc)
{
    if (pc - t->spin_pc + SPIN_SPAN > 2 * SPIN_SPAN) {
        t->spin_pc = pc;
        t->spin_slices = 0;
    } else if (++t->spin_slices >= SPIN_SLICES) {
        t->spin_slices = SPIN_SLICES;
        sched_yield();
    }
}

/* Runs the thread's hart while the machine goes; true when machine_run
 * must hear of it (a debugger event, a stop or exit, the budget spent).
 * The hart keeps its own Sstc timer current at every slice (its stimecmp
 * is its own); the CLINT's lines and the devices' upkeep are
 * machine_run's, every millisecond. */
static bool run_slices(struct machine *m, struct hart_thread *t)
{
    struct machine_threads *s = m->sched.threads;
    struct hart *h = &m->harts[t->i];
    if (hart_held(h)) {
        /* (the debugger runs other harts only: wait for the stop) */
        pthread_mutex_lock(&s->mu);
        while (s->go && !s->quit)
            pthread_cond_wait(&s->go_cv, &s->mu);
        pthread_mutex_unlock(&s->mu);
        return false;
    }
    while (going(s)) {
        if (h->wfi && !hart_wakeup_pending(h)) {
            wfi_sleep(m, t);
            continue;
        }
        uint64_t done;
        enum run_status st = hart_run(h, SMP_SLICE, &done);
        uint64_t total = __atomic_add_fetch(&s->executed, done, __ATOMIC_RELAXED);
        if (h->read_time)
            hart_timer_update(h, h->read_time(h->time_opaque));
        if (st == RUN_BUDGET)
            yield_if_spinning(t, h->pc);
        if (st == RUN_BREAK) {
            pthread_mutex_lock(&s->mu);
            if (!s->brk) {
                s->brk = true;
                s->brk_hart = t->i;
            }
            pthread_mutex_unlock(&s->mu);
            return true;
        }
        if (st == RUN_STOP || total >= __atomic_load_n(&s->budget, __ATOMIC_RELAXED) ||
            __atomic_load_n(&m->exit, __ATOMIC_RELAXED) != EXIT_NONE)
            return true;
    }
    return false;
}

static void *hart_thread_main(void *arg)
{
    struct hart_thread *t = arg;
    struct machine_threads *s = t->m->sched.threads;
    pthread_mutex_lock(&s->mu);
    for (;;) {
        while (!s->go && !s->quit)
            pthread_cond_wait(&s->go_cv, &s->mu);
        if (s->quit)
            break;
        s->active++;
        pthread_mutex_unlock(&s->mu);
        bool event = run_slices(t->m, t);
        pthread_mutex_lock(&s->mu);
        if (event) {
            /* machine_run stops every hart and returns */
            s->event = true;
            pthread_cond_signal(&s->main_cv);
            if (write(s->evpipe[1], "", 1) < 0) {
                /* full: machine_run has one to read already */
            }
            while (s->go && !s->quit)
                pthread_cond_wait(&s->go_cv, &s->mu);
        }
        if (--s->active == 0)
            pthread_cond_signal(&s->main_cv);
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

/* The threads, started at the first run.  False if the host refuses a
 * thread: the harts then run on the caller's thread. */
static bool start_threads(struct machine *m)
{
    if (m->sched.threads)
        return true;
    struct machine_threads *s = calloc(1, sizeof *s);
    if (!s)
        return false;
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->go_cv, NULL);
    pthread_cond_init(&s->main_cv, NULL);
    if (pipe(s->evpipe) != 0) {
        free(s);
        return false;
    }
    fcntl(s->evpipe[0], F_SETFL, O_NONBLOCK);
    fcntl(s->evpipe[1], F_SETFL, O_NONBLOCK);
    m->sched.threads = s;
    for (unsigned i = 0; i < m->nharts; i++) {
        struct hart_thread *t = &s->t[i];
        t->m = m;
        t->i = i;
        pthread_mutex_init(&t->mu, NULL);
        pthread_cond_init(&t->cv, NULL);
        m->harts[i].wake = wake_hart;
        m->harts[i].wake_opaque = t;
        if (pthread_create(&t->th, NULL, hart_thread_main, t) != 0) {
            fprintf(stderr, "rvx: cannot start a thread for hart %u: the harts run on one thread\n", i);
            machine_stop_threads(m);
            m->cfg.threaded = false;
            return false;
        }
        s->started++;
    }
    return true;
}

void machine_stop_threads(struct machine *m)
{
    struct machine_threads *s = m->sched.threads;
    if (!s)
        return;
    machine_stop(m);
    pthread_mutex_lock(&s->mu);
    s->quit = true;
    pthread_cond_broadcast(&s->go_cv);
    pthread_mutex_unlock(&s->mu);
    for (unsigned i = 0; i < s->started; i++)
        pthread_join(s->t[i].th, NULL);
    for (unsigned i = 0; i < m->nharts; i++) {
        if (i < s->started || m->harts[i].wake_opaque == &s->t[i]) {
            pthread_mutex_destroy(&s->t[i].mu);
            pthread_cond_destroy(&s->t[i].cv);
        }
        m->harts[i].wake = NULL;
        m->harts[i].wake_opaque = NULL;
    }
    close(s->evpipe[0]);
    close(s->evpipe[1]);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->go_cv);
    pthread_cond_destroy(&s->main_cv);
    free(s);
    m->sched.threads = NULL;
}

/* Stops every hart thread at a block boundary (or wakes it from wfi) and
 * waits until all are parked. */
void machine_stop(struct machine *m)
{
    struct machine_threads *s = m->sched.threads;
    if (!s)
        return;
    pthread_mutex_lock(&s->mu);
    bool was = s->go;
    __atomic_store_n(&s->go, false, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&s->go_cv);
    pthread_mutex_unlock(&s->mu);
    if (!was)
        return;
    for (unsigned i = 0; i < m->nharts; i++)
        wake_hart(&s->t[i]);
    pthread_mutex_lock(&s->mu);
    while (s->active)
        pthread_cond_wait(&s->main_cv, &s->mu);
    pthread_mutex_unlock(&s->mu);
}

/* The harts go (again) and run on their own; this thread keeps the
 * devices' time (the CLINT's lines, alarms, network frames) every
 * millisecond meanwhile, and returns after SMP_RUN_NS or at an event,
 * which stops every hart first (all-stop, for the debugger). */
static void run_threads(struct machine *m, uint64_t budget, struct machine_run_result *r)
{
    struct machine_threads *s = m->sched.threads;
    pthread_mutex_lock(&s->mu);
    __atomic_store_n(&s->budget, budget, __ATOMIC_RELAXED);
    if (!s->go) {
        pthread_mutex_unlock(&s->mu);
        machine_tick(m);        /* (everything stopped: no lock needed) */
        pthread_mutex_lock(&s->mu);
        s->event = s->brk = false;
        __atomic_store_n(&s->go, true, __ATOMIC_RELEASE);
        pthread_cond_broadcast(&s->go_cv);
    }
    /* (sleeping until the next timer, a hart's event or a frame: an idle
     * guest costs next to nothing) */
    uint64_t start = host_now_ns();
    for (;;) {
        bool stop = s->event;
        pthread_mutex_unlock(&s->mu);
        uint64_t ns = upkeep(m), spent = host_now_ns() - start;
        if (stop || spent >= SMP_RUN_NS) {
            pthread_mutex_lock(&s->mu);
            break;
        }
        wait_event_or(m, ns < SMP_RUN_NS - spent ? ns : SMP_RUN_NS - spent);
        pthread_mutex_lock(&s->mu);
    }
    bool event = s->event;
    pthread_mutex_unlock(&s->mu);
    r->executed = __atomic_exchange_n(&s->executed, 0, __ATOMIC_RELAXED);
    if (!event)
        return;
    machine_stop(m);
    r->executed += __atomic_exchange_n(&s->executed, 0, __ATOMIC_RELAXED);
    if (take_exit(m, r))
        return;
    if (s->brk) {
        r->why = MACHINE_BREAK;
        r->hart = s->brk_hart;
    }
}

void machine_run(struct machine *m, uint64_t budget, struct machine_run_result *r)
{
    memset(r, 0, sizeof *r);
    bool running = m->sched.threads && m->sched.threads->go;
    if (!running && take_exit(m, r))    /* asked for while stopped (a debugger step) */
        return;
    r->why = MACHINE_BUDGET;
    /* (deterministic mode runs every hart on this thread, in turns) */
    if (m->cfg.threaded && !m->sched.exact && start_threads(m)) {
        run_threads(m, budget, r);
        return;
    }
    bool (*round)(struct machine *, uint64_t, struct machine_run_result *) =
        m->sched.exact ? det_round : run_round;
    while (r->executed < budget && round(m, budget, r))
        ;
}

void machine_step(struct machine *m, unsigned i, struct machine_run_result *r)
{
    machine_stop(m);
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
 * (BLOCK_MAX_INSNS), and hart_run starts one only below its budget (and
 * runs the instructions before an hpm counter's wrap singly itself). */
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

/* Every hart waits in wfi with nothing to wake it (a debugger's held hart
 * counts as waiting): asked only at the end of a turn that ended in wfi,
 * so the answer, and the time jump it leads to, depends on the guest's
 * state at a fixed instruction count and never on where a run paused. */
static bool all_waiting(const struct machine *m)
{
    for (unsigned k = 0; k < m->nharts; k++) {
        const struct hart *h = &m->harts[k];
        if (!hart_held(h) && (!h->wfi || hart_wakeup_pending(h)))
            return false;
    }
    return true;
}

/* The end of hart i's turn, which ran ran instructions.  Time moves at
 * the end of hart 0's turns, by the most instructions any turn since the
 * last such end ran (one hart: its own; several: a busy hart moves time
 * while hart 0 sleeps in wfi, so a hart polling the time is not stuck
 * until an interrupt wakes hart 0), then timers and the RTC's alarm are
 * looked at; the next hart's turn begins. */
static void det_end_turn(struct machine *m, unsigned i, uint64_t ran)
{
    struct machine_sched *s = &m->sched;
    if (s->state_hash)
        hash_hart(m, i);
    if (ran > s->turn_done0)
        s->turn_done0 = ran;
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

/* Runs up to want instructions of hart i's turn (exactly want if exact).
 * *turn_over: the turn ended; *idle: it ended in wfi with every hart
 * waiting (all_waiting), so time must jump. */
static enum run_status det_run(struct machine *m, unsigned i, uint64_t want,
                               bool exact, uint64_t *done, bool *turn_over, bool *idle)
{
    struct machine_sched *s = &m->sched;
    struct hart *h = &m->harts[i];
    if (want > s->turn_left)
        want = s->turn_left;
    enum run_status st;
    if (!exact && s->turn_left - want >= EXACT_BELOW) {
        /* a pause, not a turn's end: within a block of want is as good
         * (where the machine pauses changes nothing it computes) */
        st = hart_run(h, want, done);
    } else {
        st = run_exact(m, i, want, done);
    }
    s->icount += *done;
    s->turn_left -= *done;
    *turn_over = st == RUN_WFI || s->turn_left == 0;
    *idle = st == RUN_WFI && all_waiting(m);
    if (*turn_over)
        det_end_turn(m, i, turn_length(m) - s->turn_left);
    return st;
}

/* Turns until every hart had one, the budget is spent, or something
 * stops the machine.  Nothing here depends on where the previous call
 * stopped: turns end at fixed instruction counts, and the decision that
 * every hart waits is taken at a turn's end (det_run). */
static bool det_round(struct machine *m, uint64_t budget, struct machine_run_result *r)
{
    unsigned turns = 0;
    uint64_t before = r->executed;
    while (turns < m->nharts && r->executed < budget) {
        unsigned i = m->sched.next_hart;
        uint64_t done;
        bool over, idle;
        enum run_status st = det_run(m, i, budget - r->executed, m->sched.exact_budget,
                                     &done, &over, &idle);
        r->executed += done;
        turns += over;
        if (st == RUN_BREAK) {
            machine_tick(m);
            r->why = MACHINE_BREAK;
            r->hart = i;
            return false;
        }
        if (m->exit != EXIT_NONE || (st != RUN_BUDGET && st != RUN_WFI))
            break;
        if (idle) {
            machine_tick(m);
            all_idle(m, r);
            return false;
        }
    }
    machine_tick(m);
    if (debugger_first(m, r) || take_exit(m, r))
        return false;
    if (r->executed == before && r->executed < budget) {
        r->why = MACHINE_BUDGET;    /* (a stop request: nothing ran) */
        return false;
    }
    return true;
}

static void det_step(struct machine *m, unsigned i, struct machine_run_result *r)
{
    uint64_t done;
    bool over, idle;
    enum run_status st = det_run(m, i, 1, true, &done, &over, &idle);
    r->executed = done;
    machine_tick(m);
    if (debugger_first(m, r) || take_exit(m, r))
        return;
    if (st == RUN_BREAK) {
        r->why = MACHINE_BREAK;
    } else if (st == RUN_WFI) {
        /* every hart waits: time jumps as in machine_run; otherwise the
         * others' turns move it */
        if (idle)
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
    /* (run_exact relies on a run ending within a block of its budget) */
    for (unsigned k = 0; k < m->nharts; k++)
        jit_set_exact(m->harts[k].bc->jit, true);
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

void machine_set_idle_sleep(struct machine *m, bool on)
{
    m->sched.idle_sleep = on;
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
