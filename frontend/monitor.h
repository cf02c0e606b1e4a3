/* The debug monitor: a line-oriented command interpreter over the harts,
 * reached from the console escape (Ctrl-A c) and from gdb's `monitor`
 * command (qRcmd).  It only inspects and steps harts; what "continue",
 * "quit" and "reset" mean is up to the caller (the run loop).
 *
 * Commands (one per line; `help` lists them):
 *   info registers | regs      pc, privilege, x0..x31 and the trap CSRs
 *   info fregs | fregs         f0..f31, fflags, frm
 *   info csr | csr             every CSR the hart implements (cpu/csrs.def),
 *                              but for the hardwired zeros
 *   info tlb | tlb             the valid entries of the current hart's TLBs
 *   insns                      instructions retired per hart (instret)
 *   x/Ni ADDR                  disassemble N instructions from ADDR
 *   x/Nx ADDR                  N 32-bit words in hex (also b, h, g sizes)
 *   step [N] | s [N]           execute N instructions on the current hart
 *   hart [N]                   show / select the current hart
 *   continue | c               leave the monitor and resume
 *   reset                      ask the caller to reset the machine
 *   quit | q                   ask the caller to quit rvx
 *   savevm FILE | loadvm FILE  machine snapshots, migrate tcp:HOST:PORT
 *                              (when the access table has machine_cmd)
 *   help
 * ADDR is a number (0x.. hex, otherwise decimal) or a register name ($pc,
 * pc, sp, a0, x5, ...).  Addresses are virtual, through the hart's current
 * translation (physical when translation is off). */
#ifndef RVX_FRONTEND_MONITOR_H
#define RVX_FRONTEND_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct hart;

/* How debuggers reach hart state that is not plain struct fields.  The
 * default (dbg_access_hart) calls hart_csr_read/write, hart_debug_read/
 * write and hart_run from cpu/cpu.h; unit tests pass their own. */
struct dbg_access {
    bool (*csr_read)(struct hart *h, unsigned csr, uint64_t *val);
    bool (*csr_write)(struct hart *h, unsigned csr, uint64_t val);
    bool (*mem_read)(struct hart *h, uint64_t va, void *buf, size_t len);
    bool (*mem_write)(struct hart *h, uint64_t va, const void *buf, size_t len);
    /* Executes exactly one instruction (or takes one trap); false if the
     * hart could not make progress (waiting in wfi). */
    bool (*step)(struct hart *h);
    /* Commands on the whole machine (savevm, loadvm, migrate; see
     * frontend/migrate.h): machine_cmd(machine, line, out) runs the line
     * and returns true if it is one of them.  NULL: the monitor has only
     * the hart commands (unit tests, the default table). */
    bool (*machine_cmd)(void *machine, const char *line, FILE *out);
    void *machine;
    const char *machine_help;   /* their lines for `help` */
};
extern const struct dbg_access dbg_access_hart;

enum mon_action {
    MON_STAY,       /* command done; keep reading commands */
    MON_CONTINUE,   /* resume the guest */
    MON_QUIT,       /* quit rvx */
    MON_RESET,      /* reset the machine, then stay in the monitor */
};

/* Runs one command line on harts[*cur] (the current hart; `hart N` changes
 * *cur) and writes its output to out.  Empty lines do nothing.  Unknown
 * commands and bad arguments print one line starting with "error:". */
enum mon_action monitor_command(struct hart **harts, int n, int *cur,
                                const char *line, FILE *out);

/* The same with an explicit access table (tests, the gdb stub). */
enum mon_action monitor_command_with(const struct dbg_access *acc,
                                     struct hart **harts, int n, int *cur,
                                     const char *line, FILE *out);

#endif
