/* Reverse execution for the gdb stub: periodic in-memory checkpoints of
 * a deterministic machine (devices/snapshot.h streams, plus the scheduler's
 * position and the recorder's cursor), and re-execution from the nearest
 * one.  Going back to instruction count T restores the last checkpoint at
 * or before T and runs exactly to T with the debugger's hooks off; input
 * recorded after the checkpoint is replayed from the recorder's log, so
 * the past comes back bit for bit.
 *
 * Checkpoints are spaced `interval` instructions apart (first 2^20); when
 * there are REVERSE_MAX_CHECKPOINTS of them, or they hold more than
 * REVERSE_MAX_BYTES, every other one is dropped (the first, at power-on,
 * stays) and the interval doubles.  So history of any length is covered
 * by at most that many evenly spaced checkpoints, and a step back costs
 * one snapshot load plus at most about two intervals of re-execution
 * (REVERSE_MAX_CHECKPOINTS = 64: a 10^9-instruction run has one every
 * ~2^24 instructions, some 30 ms of re-execution at the block engines'
 * speed).  The interval also grows when taking checkpoints would cost
 * more than about 5% of the run (large RAM). */
#ifndef RVX_FRONTEND_REVERSE_H
#define RVX_FRONTEND_REVERSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REVERSE_MAX_CHECKPOINTS 64
#define REVERSE_MAX_BYTES (512ull << 20)

struct machine;
struct recorder;
struct gdbstub;
struct reverse;

/* m must be in deterministic mode with rec as its recorder.  Takes the
 * first checkpoint now.  NULL (err) if it cannot. */
struct reverse *reverse_new(struct machine *m, struct recorder *rec, char *err,
                            size_t errlen);
void reverse_free(struct reverse *rv);

/* Called by the run loop whenever the machine is stopped between runs:
 * takes a checkpoint when one is due. */
void reverse_tick(struct reverse *rv);

/* Puts the machine at instruction count target (at most the current
 * count).  False if it cannot (no checkpoint that early; the re-execution
 * ended early). */
bool reverse_goto(struct reverse *rv, uint64_t target);

/* The gdb stub's reverse operations on rv (frontend/gdbstub.h). */
struct gdb_reverse_ops;
extern const struct gdb_reverse_ops reverse_gdb_ops;

/* Checkpoints held and their bytes (tests, --stats). */
void reverse_stats(const struct reverse *rv, unsigned *count, uint64_t *bytes,
                   uint64_t *interval);

#endif
