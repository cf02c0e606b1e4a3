/* The recorder: the one gate every source of nondeterminism passes
 * through in deterministic mode (DESIGN.md, "Time, threads and
 * determinism"), so a run can be recorded and replayed bit for bit.
 *
 * Two kinds of input reach the guest from the host:
 *  - synchronous: the guest asks and the host answers inside that access
 *    (virtio-rng bytes for a request, the RTC's epoch).  Replayed in the
 *    order they were asked for: the same guest asks the same questions.
 *  - asynchronous: the host pushes when it likes (a console byte, a
 *    network frame, an input event).  Logged with the machine's
 *    instruction count at delivery; replayed by stopping the machine at
 *    exactly that count and delivering it there (recorder_next_due,
 *    recorder_deliver_due), while the host's own pushes are ignored.
 *
 * Records live in memory as one log with a cursor.  While the cursor is
 * at the end the recorder records (host values are logged); before the end
 * it replays.  --replay FILE loads a log and stops the run at its end;
 * --record FILE writes the log as it grows.  Reverse debugging moves the
 * cursor back with a checkpoint (recorder_tell / recorder_seek) and
 * re-executes from there, so the past is replayed from the log and only
 * the new future is recorded.
 *
 * File format (little-endian): "RVXRPLAY", u32 version, u32 length of the
 * configuration line, that line (which machine: RAM, harts, ISA, devices,
 * disk checksums; a replay on another configuration is refused), then
 * records {u8 kind, u64 icount, u32 length, bytes}, then an end record
 * (kind REC_END, the final icount, 8 bytes: a hash of everything before
 * it).  A log without its end record is truncated; a hash mismatch means
 * it was corrupted.  Every such fault is one line in err. */
#ifndef RVX_DEVICES_RECORDER_H
#define RVX_DEVICES_RECORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RECORDER_VERSION 1

enum rec_kind {
    REC_END = 0,        /* trailer */
    REC_UART = 1,       /* async: one console byte */
    REC_RNG = 2,        /* sync: virtio-rng bytes for one request */
    REC_RTC = 3,        /* sync: the RTC's epoch (host ns) at power-on */
    REC_INPUT_KBD = 4,  /* async: keyboard event {u16 type, u16 code, s32 value} */
    REC_INPUT_TAB = 5,  /* async: tablet event, same layout */
    REC_NET = 6,        /* async: a frame delivered to virtio-net at a pause */
    REC_NET_SYNC = 7,   /* sync: a frame delivered inside the guest's notify */
    REC_KINDS
};

struct recorder;

/* Deliverer for async records while replaying (the device's own input
 * path, without the recorder). */
typedef void (*rec_deliver_fn)(void *opaque, const uint8_t *data, size_t len);

/* A recorder that records into memory only (reverse debugging). */
struct recorder *recorder_new(void);
void recorder_free(struct recorder *r);

/* --record FILE: the log is also written there (header now, records as
 * they come, the end record at recorder_close).  config: one line naming
 * the machine configuration. */
bool recorder_record_to(struct recorder *r, const char *path, const char *config,
                        char *err, size_t errlen);
/* --replay FILE: loads and checks the whole log (version, structure, hash,
 * configuration).  False with one line in err. */
bool recorder_replay_from(struct recorder *r, const char *path, const char *config,
                          char *err, size_t errlen);
/* Writes the end record and closes the file (recording); false on a
 * write error. */
bool recorder_close(struct recorder *r, uint64_t final_icount, char *err, size_t errlen);

/* The machine's instruction count (total over the harts). */
void recorder_set_clock(struct recorder *r, uint64_t (*icount)(void *), void *opaque);

/* True while the cursor is before the end of the log (host input is then
 * ignored and the log supplies it). */
bool recorder_replaying(const struct recorder *r);
/* True if a --replay log was loaded (its end stops the run). */
bool recorder_is_replay_file(const struct recorder *r);
/* The icount at which a --replay log ends (UINT64_MAX otherwise). */
uint64_t recorder_end_icount(const struct recorder *r);

/* Synchronous bytes: recording, host() fills buf and the bytes are logged;
 * replaying, they come from the log.  Returns the count (the log's, which
 * may differ from len only on divergence, reported by recorder_error). */
size_t recorder_bytes(struct recorder *r, enum rec_kind kind, uint8_t *buf, size_t len,
                      size_t (*host)(uint8_t *buf, size_t len));
/* A synchronous 64-bit value (host_value when recording). */
uint64_t recorder_u64(struct recorder *r, enum rec_kind kind, uint64_t host_value);

/* Asynchronous input from the host at the current icount.  Returns true if
 * the caller should deliver it now (recording: also logged), false while
 * replaying (the log's own events are delivered instead). */
bool recorder_async(struct recorder *r, enum rec_kind kind, const void *data, size_t len);
/* Registers the replay deliverer of an async kind. */
void recorder_on_deliver(struct recorder *r, enum rec_kind kind, rec_deliver_fn fn,
                         void *opaque);
/* The icount of the next async record to replay, past any synchronous
 * ones the guest takes first (UINT64_MAX: none). */
uint64_t recorder_next_due(struct recorder *r);
/* Delivers every async record due at icount now. */
void recorder_deliver_due(struct recorder *r, uint64_t now);

/* The replay diverged from the log (a device asked for something the log
 * does not have next): one line, or NULL. */
const char *recorder_error(const struct recorder *r);

/* The cursor, for checkpoints. */
size_t recorder_tell(const struct recorder *r);
void recorder_seek(struct recorder *r, size_t pos);
/* Records and bytes held in memory. */
size_t recorder_count(const struct recorder *r);
size_t recorder_bytes_held(const struct recorder *r);

/* A 64-bit hash (FNV-1a over 8-byte words, then a final mix), used for the
 * log's trailer and for drive checksums in the configuration line. */
uint64_t recorder_hash(uint64_t h, const void *data, size_t len);
#define RECORDER_HASH_INIT 0xcbf29ce484222325ull

#endif
