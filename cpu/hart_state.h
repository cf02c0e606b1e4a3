/* A hart's architectural state as a flat list of 64-bit words, for machine
 * snapshots and migration (devices/snapshot.c writes them little-endian).
 * The list is one table in hart_state.c: registers, every CSR's backing
 * field, the counters, PMP and satp.  What is left out on purpose: the
 * LR/SC reservation (dropped, as a context switch drops it: SC fails once
 * and the guest retries), the TLBs and the block cache (rebuilt from the
 * page tables and RAM), host pointers, the engine and debugger hooks. */
#ifndef RVX_CPU_HART_STATE_H
#define RVX_CPU_HART_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hart;

/* Number of words hart_state_get writes (fixed for a build; a snapshot
 * stores it, so a format change is caught on load). */
unsigned hart_state_words(void);

void hart_state_get(const struct hart *h, uint64_t *w);

/* Whether h could take w: false (one line in err) for a value the hart
 * could never hold: a privilege of 2, misa, Z-extensions or hart id other
 * than h's own (a different machine), a value wider than its field. */
bool hart_state_check(const struct hart *h, const uint64_t *w, char *err, size_t errlen);

/* Restores h from w after the same checks (false, h unchanged, if they
 * fail).  The derived state (MMU context, PTE rules, TLBs, timer line,
 * pending-interrupt check) is recomputed. */
bool hart_state_set(struct hart *h, const uint64_t *w, char *err, size_t errlen);

#endif
