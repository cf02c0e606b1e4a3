/* Machine snapshots and migration from the frontend: the monitor's
 * savevm / loadvm / migrate commands, and the receiving end of a
 * migration (--incoming).  The state itself is devices/snapshot.h's. */
#ifndef RVX_FRONTEND_MIGRATE_H
#define RVX_FRONTEND_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "monitor.h"

struct machine;

/* The monitor's machine commands (struct dbg_access.machine_cmd, with
 * machine = a struct machine):
 *   savevm FILE            write a snapshot of the stopped machine
 *   loadvm FILE            replace the machine's state with FILE's
 *   migrate [-s] tcp:HOST:PORT  move the running machine to an rvx started
 *                          with --incoming tcp:PORT (pre-copy; -s: stop-
 *                          and-copy); on success this one stops (it powers
 *                          off when resumed)
 * Each prints one line: what it did, or "error: ...". */
bool machine_monitor_command(void *machine, const char *line, FILE *out);

/* acc = the harts' default table plus the commands above on m. */
void machine_monitor_access(struct dbg_access *acc, struct machine *m);

/* --incoming tcp:[HOST:]PORT: listens (127.0.0.1 unless HOST is given;
 * another address is warned about, as for the gdb stub), takes one
 * sender's machine into m and returns; false (err) if the sender's machine
 * has another shape or the stream breaks. */
bool migrate_incoming(struct machine *m, const char *spec, char *err, size_t errlen);

#endif
