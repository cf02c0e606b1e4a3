/* Machine snapshots: the whole machine's state (harts, RAM, every device,
 * the scheduler's time) as one byte stream, in memory or in a file, and
 * back.  The same stream carries a machine to another process (migration,
 * frontend/migrate.c) and serves as the record/replay checkpoints.
 *
 * Format (version 1; every number fixed width, little-endian, whatever the
 * host, so a snapshot moves between x86-64, arm64 and s390x builds):
 *
 *   "RVXSNAP\0"  u32 version  u32 0
 *   sections, each  u32 tag  u64 payload length  payload:
 *     "cfg" the machine's shape: RAM base and size, misa, Z-extensions,
 *           harts, board kind and time mode, then every device's name,
 *           base and size in board order.  Loading into a machine of
 *           another shape is refused, naming the difference.
 *     "dsk" per virtio-blk drive: image size, CRC-32 of its contents, u32
 *           flags (1: a migration sends the contents: size only).
 *           The disk is not copied: a load refuses an image that changed
 *           since the save (the guest's page cache in RAM must match the
 *           disk under it).  Save, then quit (or stop writing) to keep a
 *           snapshot loadable; copy the image beside the snapshot to keep
 *           both.
 *     "hrt" per hart the words of cpu/hart_state.h (count first).
 *     "sch" the scheduler: next hart, virtual-time remainder.
 *     "dev" u64 length of the records, u32 compressed length (0: stored),
 *           then the records (per device its save record, u32 length
 *           first), compressed as one block (devices/snapshot_lz.h).
 *     "ram" RAM in chunks: u32 kind, u64 first page, u32 pages, then
 *           kind 1 (LZ): u32 length + the pages compressed
 *           (devices/snapshot_lz.h),
 *           kind 2 (zero): nothing (the pages are zero),
 *           kind 3 (raw): the pages' bytes;
 *           kind 0 ends the section.  All-zero pages are skipped
 *           (a load starts from cleared RAM).
 *   "end" section (empty), then u32 CRC-32 of every byte before it.
 *
 * Times: the CLINT saves mtime's value and continues from it, so guest
 * time does not jump over the time a snapshot sat on disk; the RTC keeps
 * its offset from the host's wall clock (devices' save functions).
 *
 * Everything here runs with the machine stopped, on one thread. */
#ifndef RVX_DEVICES_SNAPSHOT_H
#define RVX_DEVICES_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/device.h"

struct machine;

#define SNAPSHOT_VERSION 1u

/* Appends the machine's state to out.  False (err) when memory runs out
 * or a device cannot be saved. */
bool machine_snapshot_save(struct machine *m, struct dev_stream *out,
                           char *err, size_t errlen);

/* Restores the machine from in (from in->pos to in->len).  The stream is
 * checked first (magic, version, CRC, the machine's shape, disk images,
 * hart values); any failure there leaves the machine untouched and says
 * why in one line.  A device record that the devices then refuse (only a
 * writer's bug can make one: the CRC holds) leaves the machine reset. */
bool machine_snapshot_load(struct machine *m, struct dev_stream *in,
                           char *err, size_t errlen);

/* The same through a file (written to PATH.tmp, then renamed). */
bool machine_snapshot_write_file(struct machine *m, const char *path,
                                 char *err, size_t errlen);
bool machine_snapshot_read_file(struct machine *m, const char *path,
                                char *err, size_t errlen);

/* ---- migration (frontend/migrate.c) ----------------------------------
 * A sender first sends the shape (checked by the receiver before any RAM
 * comes), then RAM sections while its guest runs, then a delta snapshot:
 * the full state but only the pages still dirty, applied over the RAM the
 * receiver has.  `want` bitmaps have one bit per RAM page. */
#define SNAP_F_DELTA 1u     /* header flag: RAM updates, not replaces */

/* disks_follow: the writable disks' contents will be sent (the receiver's
 * images need only have their sizes); else their CRC-32 must match. */
bool machine_snapshot_save_shape(struct machine *m, struct dev_stream *out,
                                 bool disks_follow, char *err, size_t errlen);
bool machine_snapshot_check_shape(struct machine *m, struct dev_stream *in,
                                  char *err, size_t errlen);
/* A "ram" section of the pages in want (NULL: all) among pages [first,
 * end) (zero pages as zero runs), and its application (every chunk
 * checked before the first). */
void machine_snapshot_save_ram(struct machine *m, struct dev_stream *out,
                               const uint64_t *want, uint64_t first, uint64_t end);
bool machine_snapshot_load_ram(struct machine *m, struct dev_stream *in,
                               char *err, size_t errlen);
bool machine_snapshot_save_delta(struct machine *m, struct dev_stream *out,
                                 const uint64_t *want, char *err, size_t errlen);

/* Dirty-page tracking of RAM (stores of every engine and device DMA; see
 * mem/bus.h): start, then collect ORs the pages written since the last
 * collect into want and returns how many there were. */
bool machine_dirty_start(struct machine *m);
uint64_t machine_dirty_collect(struct machine *m, uint64_t *want);
void machine_dirty_stop(struct machine *m);

#endif
