/* The snapshot compressor (format in snapshot_lz.h): a hash table of the
 * last position of each 4-byte sequence finds matches in the previous
 * 64 KiB; runs of zero words (most of a kernel's free memory) become
 * matches at offset 1. */
#include "devices/snapshot_lz.h"

#include <stdbool.h>
#include <string.h>

#define HASH_BITS 14
#define MIN_MATCH 4
#define MAX_OFFSET 65535u
/* The last bytes are always literals, so the match search can read four
 * bytes ahead without a bound check. */
#define TAIL 8

static uint32_t read32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static unsigned hash(uint32_t v)
{
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

/* A length field's continuation bytes (after its nibble of 15). */
static uint8_t *put_len(uint8_t *op, size_t extra)
{
    for (; extra >= 255; extra -= 255)
        *op++ = 255;
    *op++ = (uint8_t)extra;
    return op;
}

static uint8_t *put_seq(uint8_t *op, const uint8_t *lit, size_t nlit, size_t mlen,
                        size_t off)
{
    size_t m = mlen ? mlen - MIN_MATCH : 0;
    *op++ = (uint8_t)((nlit < 15 ? nlit : 15) << 4 | (m < 15 ? m : 15));
    if (nlit >= 15)
        op = put_len(op, nlit - 15);
    memcpy(op, lit, nlit);
    op += nlit;
    if (!mlen)
        return op;
    *op++ = (uint8_t)off;
    *op++ = (uint8_t)(off >> 8);
    if (m >= 15)
        op = put_len(op, m - 15);
    return op;
}

/* How far src[a..] and src[b..] agree, up to limit bytes. */
static size_t match_len(const uint8_t *a, const uint8_t *b, size_t limit)
{
    size_t n = 0;
    while (n + 8 <= limit && !memcmp(a + n, b + n, 8))
        n += 8;
    while (n < limit && a[n] == b[n])
        n++;
    return n;
}

size_t lz_compress(const uint8_t *src, size_t n, uint8_t *dst)
{
    uint32_t table[1u << HASH_BITS];    /* position + 1; 0: empty */
    memset(table, 0, sizeof table);
    uint8_t *op = dst;
    size_t ip = 0, anchor = 0;
    while (n > TAIL && ip < n - TAIL) {
        uint32_t seq = read32(src + ip);
        unsigned h = hash(seq);
        size_t ref = table[h];
        table[h] = (uint32_t)(ip + 1);
        if (ref && ip + 1 - ref <= MAX_OFFSET && read32(src + ref - 1) == seq) {
            ref--;
            /* extend up to the tail (ip + 4 may already reach into it) */
            size_t end = n - TAIL, from = ip + MIN_MATCH;
            size_t len = MIN_MATCH + (from < end ? match_len(src + ref + MIN_MATCH, src + from,
                                                             end - from) : 0);
            op = put_seq(op, src + anchor, ip - anchor, len, ip - ref);
            ip += len;
            anchor = ip;
            continue;
        }
        /* skip faster through data that does not compress */
        ip += 1 + ((ip - anchor) >> 6);
    }
    return (size_t)(put_seq(op, src + anchor, n - anchor, 0, 0) - dst);
}

/* Reads a length's continuation; false past the end of the block. */
static bool get_len(const uint8_t *src, size_t len, size_t *ip, size_t *v)
{
    uint8_t b;
    do {
        if (*ip >= len)
            return false;
        b = src[(*ip)++];
        *v += b;
    } while (b == 255);
    return true;
}

bool lz_decompress(const uint8_t *src, size_t len, uint8_t *dst, size_t n)
{
    size_t ip = 0, op = 0;
    while (ip < len) {
        uint8_t token = src[ip++];
        size_t nlit = token >> 4, m = (token & 15u) + MIN_MATCH;
        if (nlit == 15 && !get_len(src, len, &ip, &nlit))
            return false;
        if (nlit > len - ip || nlit > n - op)
            return false;
        memcpy(dst + op, src + ip, nlit);
        ip += nlit;
        op += nlit;
        if (ip == len)
            break;              /* the last sequence: literals only */
        if (len - ip < 2)
            return false;
        size_t off = src[ip] | (size_t)src[ip + 1] << 8;
        ip += 2;
        if (m == 15 + MIN_MATCH && !get_len(src, len, &ip, &m))
            return false;
        if (off == 0 || off > op || m > n - op)
            return false;
        if (off >= m) {
            memcpy(dst + op, dst + op - off, m);
        } else if (off == 1) {          /* a run of one byte value */
            memset(dst + op, dst[op - 1], m);
        } else {
            for (size_t i = 0; i < m; i++)
                dst[op + i] = dst[op - off + i];
        }
        op += m;
    }
    return op == n;
}
