/* A GDB remote serial protocol stub for the harts of one machine.
 *
 * All-stop model: while gdb is connected and the guest is stopped, the run
 * loop is inside gdbstub_stopped(), which serves packets until gdb resumes.
 * While the guest runs, the run loop polls gdbstub_poll_interrupt() once
 * per slice.  Breakpoints and watchpoints never patch guest memory: the
 * stub installs hooks in each hart's struct hart_debug (exec_break /
 * mem_watch) and sets dbg.active only while a breakpoint, a watchpoint or
 * a single-step is pending, so an idle stub costs nothing.
 *
 * One gdb thread per hart: thread id = hart index + 1.
 *
 * Register numbers (the target description gdb receives, and p/P):
 *   0..31 x0..x31 (named zero, ra, ...), 32 pc, 33..64 f0..f31,
 *   65 + csr for every CSR of cpu/csrs.def the hart implements (fflags 66,
 *   frm 67, fcsr 68 are in the FPU feature), 4161 priv
 *   (org.gnu.gdb.riscv.virtual).
 *   The 'g' packet holds x0..x31 and pc; gdb fetches the rest with 'p'.
 *
 * The run loop's call sequence:
 *
 *   char err[160];
 *   struct gdbstub *gdb = gdbstub_new(opt_gdb, harts, n, err, sizeof err);
 *   if (!gdb) { fprintf(stderr, "rvx: %s\n", err); exit(1); }
 *   gdbstub_set_reset(gdb, machine_reset_cb, machine);      // optional
 *   if (opt_gdb_wait) {                                      // -S
 *       if (!gdbstub_wait_attach(gdb)) exit(1);
 *       act = gdbstub_stopped(gdb, 0, GDB_STOP_INTERRUPT);    // handle act
 *   }
 *   for (;;) {                                   // normal running
 *       for each hart i:
 *           if (hart_run(h[i], slice, &done) == RUN_BREAK)
 *               act = gdbstub_stopped(gdb, i, GDB_STOP_BREAK);  // handle act
 *       if (gdbstub_poll_interrupt(gdb))         // Ctrl-C or a new attach
 *           act = gdbstub_stopped(gdb, current, GDB_STOP_INTERRUPT);
 *       ...devices, timers, sleep on wfi (keep polling while asleep:
 *          gdbstub_fd() can be added to the run loop's poll set)...
 *   }
 *   handle act:
 *     GDB_CONTINUE  resume every hart.
 *     GDB_STEP      run ONLY hart s = gdbstub_step_hart(gdb) (the others stay
 *                   paused): call hart_run(h[s], 1, ...) until it returns
 *                   RUN_BREAK (the core stops after one instruction because
 *                   dbg.single_step is set; a hart in wfi needs devices and
 *                   timers to keep running meanwhile), also polling
 *                   gdbstub_poll_interrupt(); then call
 *                   gdbstub_stopped(gdb, s, GDB_STOP_BREAK) (or _INTERRUPT).
 *     GDB_KILL      gdb killed the target: exit rvx (status 0 is fine).
 *     GDB_DETACH    gdb detached or the connection dropped: resume every
 *                   hart; the stub keeps listening for a new connection.
 *   On guest exit (HTIF, syscon) call gdbstub_exited(gdb, code) before
 *   leaving so gdb sees "exited with code N"; then gdbstub_free(gdb).
 *
 * No call blocks except gdbstub_wait_attach() and gdbstub_stopped(). */
#ifndef RVX_FRONTEND_GDBSTUB_H
#define RVX_FRONTEND_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "monitor.h"

struct hart;
struct gdbstub;

/* Why the run loop calls gdbstub_stopped(). */
enum gdb_stop {
    GDB_STOP_BREAK,       /* hart_run() returned RUN_BREAK on that hart */
    GDB_STOP_INTERRUPT,   /* gdbstub_poll_interrupt() returned true, or the
                             first stop after gdbstub_wait_attach() */
};

/* What the run loop must do when gdbstub_stopped() returns. */
enum gdb_action {
    GDB_CONTINUE,   /* resume all harts */
    GDB_STEP,       /* single-step hart gdbstub_step_hart() only */
    GDB_KILL,       /* terminate the emulator */
    GDB_DETACH,     /* debugger gone: resume all harts, run freely */
};

/* Listens on "[HOST:]PORT" (HOST defaults to 127.0.0.1; PORT 0 picks a free
 * port, see gdbstub_port).  The array `harts` is copied (it may be a local
 * variable); the harts it points to must outlive the stub.  On
 * failure returns NULL with one line in err (e.g. "gdb: cannot listen on
 * 127.0.0.1:1234: Address already in use"). */
struct gdbstub *gdbstub_new(const char *hostport, struct hart **harts,
                            int nharts, char *err, size_t errlen);
/* Closes the sockets and removes the hooks from the harts. */
void gdbstub_free(struct gdbstub *s);

/* The TCP port actually bound. */
int gdbstub_port(const struct gdbstub *s);

/* The socket to watch for readability while the guest runs or sleeps (the
 * connection, or the listening socket when nobody is attached); when it is
 * readable call gdbstub_poll_interrupt(). */
int gdbstub_fd(const struct gdbstub *s);

/* "monitor reset" calls fn(opaque); it must reset the machine (harts at
 * their reset vector).  Without it, reset reports that it is unavailable. */
void gdbstub_set_reset(struct gdbstub *s, void (*fn)(void *opaque),
                       void *opaque);

/* Replaces the hart access table (unit tests); default dbg_access_hart. */
void gdbstub_set_access(struct gdbstub *s, const struct dbg_access *acc);

/* Blocks until gdb connects (prints "gdb: waiting on HOST:PORT" to stderr
 * first).  False on an accept error or a signal. */
bool gdbstub_wait_attach(struct gdbstub *s);

/* True if a debugger is connected. */
bool gdbstub_attached(const struct gdbstub *s);

/* Non-blocking: true if the guest must stop now, because gdb sent Ctrl-C
 * (0x03) or because a debugger just connected.  A dropped connection is
 * cleaned up here (hooks removed) and reads as false. */
bool gdbstub_poll_interrupt(struct gdbstub *s);

/* Reports the stop of hart `hart` to gdb (T05 with swbreak/hwbreak/
 * watch:ADDR/rwatch:/awatch:, T02 for an interrupt) if gdb is waiting for
 * one, then serves packets until gdb resumes, kills or detaches.  Returns
 * GDB_CONTINUE at once when no debugger is connected. */
enum gdb_action gdbstub_stopped(struct gdbstub *s, int hart,
                                enum gdb_stop why);

/* The hart to single-step after GDB_STEP (its dbg.single_step is set). */
int gdbstub_step_hart(const struct gdbstub *s);

/* The guest finished with an exit code: tell gdb ("W" packet), close. */
void gdbstub_exited(struct gdbstub *s, int code);

/* ---- reverse execution (bs / bc) ----------------------------------
 * Offered (qSupported ReverseStep+;ReverseContinue+) once the run loop
 * hands the stub a set of operations; frontend/reverse.c provides them
 * for a deterministic machine.  Both run while the machine is stopped,
 * inside gdbstub_stopped, and leave it at the position they report. */

/* What stopped a hart, as the stop reply says it. */
enum gdb_hit { GDB_HIT_NONE, GDB_HIT_SW, GDB_HIT_HW, GDB_HIT_WATCH, GDB_HIT_RWATCH,
               GDB_HIT_AWATCH };

struct gdb_reverse_hit {
    int hart;
    int kind;           /* enum gdb_hit */
    uint64_t addr;      /* a watchpoint's address */
};

struct gdbstub;
struct gdb_reverse_ops {
    /* One instruction back; false at the beginning of the history. */
    bool (*step_back)(void *opaque, int hart);
    /* Back to the last breakpoint or watchpoint hit (gdbstub_breakpoint_at,
     * gdbstub_watch_match) before now: at a breakpoint, or just after
     * the instruction whose access hit a watchpoint (where a forward run
     * stops too; gdb then steps back over it).  False: none, the
     * machine is at the beginning of the history. */
    bool (*continue_back)(void *opaque, struct gdbstub *s, struct gdb_reverse_hit *hit);
};

void gdbstub_set_reverse(struct gdbstub *s, const struct gdb_reverse_ops *ops,
                         void *opaque);

/* The breakpoint gdb has at pc: GDB_HIT_SW, GDB_HIT_HW or GDB_HIT_NONE. */
int gdbstub_breakpoint_at(const struct gdbstub *s, uint64_t pc);
/* The watchpoint an access hits (*addr: an address in both), or
 * GDB_HIT_NONE. */
int gdbstub_watch_match(const struct gdbstub *s, uint64_t va, unsigned size, bool write,
                        uint64_t *addr);

/* Accepts an already-connected socket as the debugger connection (tests,
 * or a frontend that made the connection itself).  Takes ownership. */
void gdbstub_attach_fd(struct gdbstub *s, int fd);

#endif
