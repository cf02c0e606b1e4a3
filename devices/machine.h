/* The machine's life cycle and its time: power-on/reset (devices, harts,
 * the images loaded into RAM), and running the harts for a budget of
 * instructions under the board's scheduling and time policy.  The frontend
 * drives a machine only through these calls; it never writes hart fields.
 * (Included by board.h, which defines struct machine.) */
#ifndef RVX_DEVICES_MACHINE_H
#define RVX_DEVICES_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct machine;
struct hart;
struct recorder;

/* Bytes a reset writes back into RAM: firmware, kernel, initrd, device
 * tree, the segments of a bare-metal ELF.  The bytes are kept (as QEMU
 * keeps its ROM blobs), so a reset never depends on the files still being
 * there or unchanged. */
struct machine_image {
    uint64_t pa;
    uint64_t size;
    uint8_t *data;
};

struct machine_threads;

/* The machine's own bookkeeping (a member of struct machine). */
struct machine_sched {
    struct machine_image *images;
    unsigned nimages, cap;
    unsigned next_hart;         /* round-robin position */
    uint64_t tick_rem;          /* virtual time: instructions short of a tick */
    /* Instructions executed over all harts since the machine was made
     * (never reset: the recorder's clock). */
    uint64_t icount;
    /* Deterministic mode (machine_set_deterministic): turns of exactly
     * MACHINE_TURN instructions; turn_left of the current one, turn_done0
     * what hart 0 ran of its turn (time moves at its end). */
    bool exact;
    bool exact_budget;          /* machine_run stops exactly at its budget */
    bool idle_sleep;            /* machine_set_idle_sleep */
    uint64_t turn_left, turn_done0;
    /* Times every hart waited and time jumped (all_idle): two moments at
     * one instruction count, before and after a jump, differ in time. */
    uint64_t idle_jumps;
    uint64_t rtc_epoch;         /* RTC: host ns at power-on, via the recorder */
    struct recorder *rec;
    /* --state-hash: a running hash of every hart's registers at each turn's
     * end (0: off) */
    uint64_t state_hash;
    struct machine_threads *threads;    /* cfg.threaded: the hart threads */
};

/* Instructions per hart per turn in deterministic mode: one hart alone
 * (the exact stop that ends a turn costs), or several (a hart spinning on
 * a lock another holds waits for that one's turn). */
#define MACHINE_TURN 200000
#define MACHINE_TURN_SMP 20000

/* Why machine_run returned. */
enum machine_stop {
    MACHINE_BUDGET,     /* ran about the budget */
    MACHINE_IDLE,       /* every hart waits for an interrupt (see sleep_ns) */
    MACHINE_EXIT,       /* the guest powered off or exited: m->exit says how */
    MACHINE_BREAK,      /* a debugger event stopped hart `hart` */
    MACHINE_RESET,      /* the guest reset the machine; it restarts at once */
};

struct machine_run_result {
    enum machine_stop why;
    uint64_t executed;  /* instructions over all harts */
    /* MACHINE_IDLE: host nanoseconds the caller may sleep before the next
     * timed event (UINT64_MAX: none; 0: call again at once) */
    uint64_t sleep_ns;
    unsigned hart;      /* MACHINE_BREAK: which hart */
};

/* One host thread: runs the harts round-robin for about budget
 * instructions in total (a
 * translated block runs whole, except near the end of a small budget,
 * where single instructions make the count exact).  Keeps the devices'
 * timers going; in virtual time (bare metal) mtime follows hart 0's
 * instructions and a wfi with nothing pending jumps to the next deadline.
 * A guest reset (test device, SBI system reset) is carried out here and
 * reported as MACHINE_RESET, so the caller still polls its inputs between
 * two resets of a guest that resets in a loop.
 *
 * Harts on host threads (cfg.threaded): the hart threads go on running
 * (sleeping in wfi on the host) after it returns, which is after a few
 * milliseconds of host time spent keeping the devices' time, or at a
 * debugger event, an exit or about budget instructions, which stop every
 * hart first (MACHINE_BREAK, _EXIT, _RESET).  Before touching a hart or
 * a device the caller stops them with machine_stop (machine_step does);
 * the console calls of board.h take the machine lock themselves. */
void machine_run(struct machine *m, uint64_t budget, struct machine_run_result *r);

/* True when the harts run on host threads. */
bool machine_threaded(const struct machine *m);

/* Stops the hart threads at a block boundary and waits for it (nothing
 * on one thread); the next machine_run lets them go again. */
void machine_stop(struct machine *m);

/* Ends the hart threads (machine_free). */
void machine_stop_threads(struct machine *m);

/* One instruction (or one trap) on hart i while the others stay paused:
 * the debugger's single step.  In wfi it reports MACHINE_IDLE with the
 * time to sleep, and virtual time moves a tick so a timer can wake it. */
void machine_step(struct machine *m, unsigned i, struct machine_run_result *r);

/* A power cycle: devices to their power-on state, the block cache dropped,
 * RAM cleared and the loaded images written back, every hart at m->entry
 * (secondary harts too: OpenSBI's fw_dynamic lets them all in and parks
 * the non-boot ones), so the boot ROM or the ELF entry runs again.  Also
 * the first power-on, after loading. */
void machine_reset(struct machine *m);

/* Drops all translated code (every hart's block cache): RAM is about to
 * be replaced wholesale (reset, snapshot load, incoming migration).  The
 * harts must be stopped. */
void machine_flush_code(struct machine *m);

/* Returns every device to its power-on state (the device list drives it). */
void machine_reset_devices(struct machine *m);

/* Device upkeep between slices: timers, RTC alarms. */
void machine_tick(struct machine *m);

/* A descriptor that becomes readable when a device has host input for
 * the guest (frames from the network): the caller's idle sleep polls it
 * and then runs the machine, whose machine_tick takes the input.  -1:
 * none. */
int machine_wake_fd(struct machine *m);

/* Nanoseconds until the next timed event (timer, alarm), UINT64_MAX if none. */
uint64_t machine_ns_until_event(struct machine *m);

/* Keeps [data, data+size) as an image at pa and writes it to RAM now,
 * followed by zero_size zero bytes (an ELF segment's .bss).  False, with
 * one line in err, if the range is not wholly in RAM or memory runs out. */
bool machine_add_image(struct machine *m, const char *what, uint64_t pa,
                       const void *data, uint64_t size, uint64_t zero_size,
                       char *err, size_t errlen);

/* Reads a whole file as an image at pa; fails if it does not fit below
 * limit.  *size_out gets its size. */
bool machine_load_file(struct machine *m, const char *what, const char *path,
                       uint64_t pa, uint64_t limit, uint64_t *size_out,
                       char *err, size_t errlen);

/* Releases the kept images (machine_free). */
void machine_free_images(struct machine *m);

/* Deterministic mode, the base of record/replay and reverse debugging
 * (DESIGN.md "Time, threads and determinism").  Harts take turns of
 * exactly MACHINE_TURN instructions (the last instructions before a turn's
 * end run one at a time, so a stop lands exactly), virtual time moves only
 * at the end of hart 0's turns (and jumps when every hart waits), the RTC
 * runs on virtual time from an epoch read once through rec, and every
 * device input passes rec.  So a run is a function of its inputs and of
 * nothing else: not of where machine_run is asked to stop, of gdb's
 * single steps, or of which blocks happen to be translated.  Needs
 * cfg.virtual_time; call after power-on (machine_reset), before running. */
void machine_set_deterministic(struct machine *m, struct recorder *rec);

/* --state-hash: starts hashing the harts' state at every turn's end
 * (deterministic mode); machine_state_hash reads the running value. */
void machine_hash_state(struct machine *m);
uint64_t machine_state_hash(const struct machine *m);

/* Deterministic mode: whether machine_run must stop exactly at its budget
 * (a replay's input, a step back, --max-insns) or may pass it by less
 * than a block (the default: the last instructions of an exact stop run
 * one at a time, which costs).  Turns always end exactly. */
void machine_set_exact_budget(struct machine *m, bool exact);

/* Virtual time, an interactive run (not a replay): when every hart waits
 * and time jumps to the next timer, machine_run still makes the jump (the
 * guest sees exactly what it would without this), then reports the time
 * jumped over as sleep_ns (UINT64_MAX when no timer is set and only input
 * can matter), so the caller sleeps on the host, woken early by input,
 * instead of running an idle guest flat out. */
void machine_set_idle_sleep(struct machine *m, bool on);

/* The instruction count (reverse debugging steps by it). */
uint64_t machine_icount(const struct machine *m);
/* The recorder's clock: instructions plus idle time jumps, so input that
 * came while every hart waited is placed before or after the jump it
 * came with.  machine_run never runs past a value of it it was asked to
 * stop at: a budget of n stops at most n later (a jump ends the run). */
uint64_t machine_event_clock(const struct machine *m);

/* The scheduler's position, for in-memory checkpoints (the snapshot holds
 * the harts and devices; this is what the scheduler keeps of its own). */
struct machine_sched_state {
    unsigned next_hart;
    uint64_t tick_rem, icount, turn_left, turn_done0, idle_jumps;
};
void machine_sched_get(const struct machine *m, struct machine_sched_state *st);
void machine_sched_set(struct machine *m, const struct machine_sched_state *st);

/* One line naming what a replay log must match: RAM, harts, ISA, engine
 * independent; the devices, hashes of the loaded images and disks. */
void machine_describe(const struct machine *m, char *buf, size_t len);

/* Hart access for the frontend: pointers for the debuggers (gdb stub,
 * monitor), which read and write hart state through their own interface;
 * a read-only view for messages; the commit log. */
unsigned machine_hart_ptrs(struct machine *m, struct hart **out);
const struct hart *machine_hart(const struct machine *m, unsigned i);
void machine_set_trace(struct machine *m, FILE *trace);

#endif
