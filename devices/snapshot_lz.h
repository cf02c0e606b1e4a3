/* A small LZ77 compressor for snapshot RAM (devices/snapshot.c): fast
 * enough for a save under a second on a slow host, where zlib's deflate
 * takes seconds for the default guest's 70 MiB.
 *
 * Format of a compressed block (byte oriented, so host-independent): a
 * series of sequences, each
 *   token: high 4 bits literal count L, low 4 bits match length M - 4;
 *          a field of 15 continues in bytes that add 0..255 each, a byte
 *          below 255 ending it (first L's bytes, after the literals M's);
 *   L literal bytes;
 *   u16 little-endian offset (1..65535 back from the output position),
 *   then the match's M bytes copied from there (they may overlap it).
 * The last sequence has literals only: the block ends after them.  The
 * uncompressed size is known to both sides. */
#ifndef RVX_DEVICES_SNAPSHOT_LZ_H
#define RVX_DEVICES_SNAPSHOT_LZ_H

#include <stddef.h>
#include <stdint.h>

/* Worst-case output for n input bytes. */
#define LZ_BOUND(n) ((n) + (n) / 255 + 16)

/* Compresses src[0..n) into dst (room for LZ_BOUND(n)); returns the
 * length. */
size_t lz_compress(const uint8_t *src, size_t n, uint8_t *dst);

/* Decompresses exactly n bytes from src[0..len) into dst; false if the
 * block is malformed (never reads or writes out of bounds). */
_Bool lz_decompress(const uint8_t *src, size_t len, uint8_t *dst, size_t n);

#endif
