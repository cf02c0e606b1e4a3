/* The recorder (see recorder.h): an in-memory log of host inputs with a
 * cursor, optionally written to or loaded from a file. */
#include "devices/recorder.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC "RVXRPLAY"
#define MAGIC_LEN 8
#define REC_HEAD 13             /* u8 kind, u64 icount, u32 length */
#define CONFIG_MAX 4096
#define RECORD_MAX (64u << 20)  /* no single input is larger */

struct rec {
    uint8_t kind;
    uint64_t icount;
    size_t off, len;            /* bytes in data */
};

struct deliverer {
    rec_deliver_fn fn;
    void *opaque;
};

struct recorder {
    struct rec *recs;
    size_t n, cap, cursor;
    uint8_t *data;
    size_t dlen, dcap;
    uint64_t (*icount)(void *);
    void *icount_opaque;
    struct deliverer deliver[REC_KINDS];
    FILE *out;                  /* --record */
    uint64_t out_hash;
    bool out_error;
    bool replay_file;           /* --replay: the end of the log ends the run */
    uint64_t end_icount;
    /* next_async's cache: recs[scan_from..scan_at) were all synchronous
     * when scanned, at log edit number scan_edits (edits counts changes) */
    size_t scan_from, scan_at;
    uint64_t edits, scan_edits;
    char error[160];
};

static void fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

uint64_t recorder_hash(uint64_t h, const void *data, size_t len)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 0x100000001b3ull;     /* FNV-1a, 64 bits */
    return h;
}

struct recorder *recorder_new(void)
{
    struct recorder *r = calloc(1, sizeof *r);
    if (r)
        r->end_icount = UINT64_MAX;
    return r;
}

void recorder_free(struct recorder *r)
{
    if (!r)
        return;
    if (r->out)
        fclose(r->out);
    free(r->recs);
    free(r->data);
    free(r);
}

void recorder_set_clock(struct recorder *r, uint64_t (*icount)(void *), void *opaque)
{
    r->icount = icount;
    r->icount_opaque = opaque;
}

static uint64_t now(const struct recorder *r)
{
    return r->icount ? r->icount(r->icount_opaque) : 0;
}

/* ---- the file ---- */

static void out_write(struct recorder *r, const void *p, size_t n)
{
    if (!r->out || r->out_error)
        return;
    r->out_hash = recorder_hash(r->out_hash, p, n);
    if (fwrite(p, 1, n, r->out) != n)
        r->out_error = true;
}

static void put_le(uint8_t *b, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *b, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)b[i] << (8 * i);
    return v;
}

static void out_record(struct recorder *r, uint8_t kind, uint64_t icount,
                       const void *data, size_t len)
{
    uint8_t head[REC_HEAD];
    head[0] = kind;
    put_le(head + 1, icount, 8);
    put_le(head + 9, len, 4);
    out_write(r, head, sizeof head);
    out_write(r, data, len);
}

bool recorder_record_to(struct recorder *r, const char *path, const char *config,
                        char *err, size_t errlen)
{
    r->out = fopen(path, "wb");
    if (!r->out) {
        fail(err, errlen, "--record '%s': %s", path, strerror(errno));
        return false;
    }
    r->out_hash = RECORDER_HASH_INIT;
    uint8_t head[12];
    memcpy(head, MAGIC, MAGIC_LEN);
    put_le(head + 8, RECORDER_VERSION, 4);
    out_write(r, head, sizeof head);
    size_t clen = strlen(config);
    uint8_t l[4];
    put_le(l, clen, 4);
    out_write(r, l, 4);
    out_write(r, config, clen);
    if (r->out_error) {
        fail(err, errlen, "--record '%s': write error", path);
        return false;
    }
    return true;
}

bool recorder_close(struct recorder *r, uint64_t final_icount, char *err, size_t errlen)
{
    if (!r || !r->out)
        return true;
    uint8_t h[8];
    uint64_t hash = r->out_hash;    /* of everything before the end record's own bytes */
    uint8_t head[REC_HEAD];
    head[0] = REC_END;
    put_le(head + 1, final_icount, 8);
    put_le(head + 9, 8, 4);
    hash = recorder_hash(hash, head, sizeof head);
    put_le(h, hash, 8);
    out_write(r, head, sizeof head);
    out_write(r, h, 8);
    bool ok = !r->out_error && fclose(r->out) == 0;
    r->out = NULL;
    if (!ok)
        fail(err, errlen, "--record: write error");
    return ok;
}

/* ---- the in-memory log ---- */

static bool append(struct recorder *r, uint8_t kind, uint64_t icount,
                   const void *data, size_t len)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 256;
        struct rec *n = realloc(r->recs, cap * sizeof *n);
        if (!n)
            return false;
        r->recs = n;
        r->cap = cap;
    }
    if (len > r->dcap - r->dlen) {
        size_t cap = r->dcap ? r->dcap : 4096;
        while (len > cap - r->dlen)
            cap *= 2;
        uint8_t *d = realloc(r->data, cap);
        if (!d)
            return false;
        r->data = d;
        r->dcap = cap;
    }
    memcpy(r->data + r->dlen, data, len);
    r->edits++;
    r->recs[r->n++] = (struct rec){ kind, icount, r->dlen, len };
    r->dlen += len;
    return true;
}

/* Appends a new record at the end (recording); the cursor follows. */
static void record(struct recorder *r, uint8_t kind, const void *data, size_t len)
{
    uint64_t ic = now(r);
    if (!append(r, kind, ic, data, len)) {
        snprintf(r->error, sizeof r->error, "recorder: out of memory");
        return;
    }
    r->cursor = r->n;
    out_record(r, kind, ic, data, len);
}

bool recorder_replaying(const struct recorder *r)
{
    return r && r->cursor < r->n;
}

bool recorder_is_replay_file(const struct recorder *r)
{
    return r && r->replay_file;
}

uint64_t recorder_end_icount(const struct recorder *r)
{
    return r ? r->end_icount : UINT64_MAX;
}

static void diverged(struct recorder *r, enum rec_kind kind)
{
    if (r->error[0])
        return;
    const struct rec *x = r->cursor < r->n ? &r->recs[r->cursor] : NULL;
    snprintf(r->error, sizeof r->error,
             "replay diverged at instruction %llu: the guest asked for input of kind %d, "
             "the log has kind %d next", (unsigned long long)now(r), (int)kind,
             x ? (int)x->kind : -1);
}

/* Without a --replay log (reverse debugging) a past that was changed (gdb
 * wrote a register after going back) has another future: the log's
 * future goes, and recording starts again from here. */
static void truncate_here(struct recorder *r)
{
    if (r->cursor < r->n)
        r->dlen = r->recs[r->cursor].off;
    r->n = r->cursor;
    r->edits++;
}

/* The next record if it is a synchronous one of this kind (replaying);
 * NULL: record the host's value instead (the log was cut here), or, for a
 * --replay log, the run diverged (recorder_error). */
static const struct rec *take_sync(struct recorder *r, enum rec_kind kind)
{
    if (r->cursor < r->n && r->recs[r->cursor].kind == kind)
        return &r->recs[r->cursor++];
    if (r->replay_file)
        diverged(r, kind);
    else
        truncate_here(r);
    return NULL;
}

size_t recorder_bytes(struct recorder *r, enum rec_kind kind, uint8_t *buf, size_t len,
                      size_t (*host)(uint8_t *buf, size_t len))
{
    if (!r)
        return host(buf, len);
    if (recorder_replaying(r) || r->replay_file) {
        const struct rec *x = take_sync(r, kind);
        if (x && x->len <= len) {
            memcpy(buf, r->data + x->off, x->len);
            return x->len;
        }
        if (r->replay_file || !host)
            return 0;
    }
    size_t got = host(buf, len);
    record(r, kind, buf, got);
    return got;
}

uint64_t recorder_u64(struct recorder *r, enum rec_kind kind, uint64_t host_value)
{
    if (!r)
        return host_value;
    if (recorder_replaying(r) || r->replay_file) {
        const struct rec *x = take_sync(r, kind);
        if (x && x->len == 8)
            return get_le(r->data + x->off, 8);
        if (r->replay_file)
            return host_value;
    }
    uint8_t b[8];
    put_le(b, host_value, 8);
    record(r, kind, b, 8);
    return host_value;
}

bool recorder_async(struct recorder *r, enum rec_kind kind, const void *data, size_t len)
{
    if (!r)
        return true;
    if (recorder_replaying(r) || r->replay_file)
        return false;
    record(r, kind, data, len);
    return true;
}

void recorder_on_deliver(struct recorder *r, enum rec_kind kind, rec_deliver_fn fn,
                         void *opaque)
{
    if (r && kind < REC_KINDS)
        r->deliver[kind] = (struct deliverer){ fn, opaque };
}

static bool is_async(uint8_t kind)
{
    return kind == REC_UART || kind == REC_INPUT_KBD || kind == REC_INPUT_TAB ||
           kind == REC_NET;
}

/* The index of the first async record at or after the cursor (r->n: none).
 * The synchronous records before it are taken by the guest on the way
 * there, so the machine must still stop at the async one's count: a
 * replay that looked only at the cursor's record ran past an async record
 * logged just after an RNG request.  Runs of synchronous records can be
 * long (network frames), hence the cache. */
static size_t next_async(struct recorder *r)
{
    size_t k = r->cursor;
    if (r->scan_edits == r->edits && r->scan_from <= k && k <= r->scan_at)
        k = r->scan_at;
    while (k < r->n && !is_async(r->recs[k].kind))
        k++;
    r->scan_from = r->cursor;
    r->scan_at = k;
    r->scan_edits = r->edits;
    return k;
}

uint64_t recorder_next_due(struct recorder *r)
{
    if (!r)
        return UINT64_MAX;
    size_t k = next_async(r);
    return k < r->n ? r->recs[k].icount : UINT64_MAX;
}

/* The run reached at without delivering (or, with synchronous records
 * still before it, without asking for everything logged before) the
 * async record x: no longer the same run. */
static void missed(struct recorder *r, const struct rec *x, uint64_t at)
{
    if (!r->replay_file) {
        truncate_here(r);
        return;
    }
    if (x->icount < at)
        snprintf(r->error, sizeof r->error,
                 "replay diverged: input logged at instruction %llu reached at %llu",
                 (unsigned long long)x->icount, (unsigned long long)at);
    else
        snprintf(r->error, sizeof r->error,
                 "replay diverged at instruction %llu: the guest has not asked for "
                 "input of kind %d logged before it", (unsigned long long)at,
                 (int)r->recs[r->cursor].kind);
    r->cursor = r->n;
}

void recorder_deliver_due(struct recorder *r, uint64_t at)
{
    while (r && r->cursor < r->n) {
        size_t k = next_async(r);
        if (k == r->n || r->recs[k].icount > at)
            return;
        const struct rec *x = &r->recs[k];
        if (k != r->cursor || x->icount < at) {
            missed(r, x, at);
            return;
        }
        r->cursor++;
        const struct deliverer *d = &r->deliver[x->kind];
        if (d->fn)
            d->fn(d->opaque, r->data + x->off, x->len);
    }
}

const char *recorder_error(const struct recorder *r)
{
    return r && r->error[0] ? r->error : NULL;
}

size_t recorder_tell(const struct recorder *r)
{
    return r ? r->cursor : 0;
}

void recorder_seek(struct recorder *r, size_t pos)
{
    if (r && pos <= r->n)
        r->cursor = pos;
}

size_t recorder_count(const struct recorder *r)
{
    return r ? r->n : 0;
}

size_t recorder_bytes_held(const struct recorder *r)
{
    return r ? r->dlen + r->n * sizeof(struct rec) : 0;
}

/* ---- loading a log ---- */

static bool parse_log(struct recorder *r, const uint8_t *b, size_t size,
                      const char *config, const char *path, char *err, size_t errlen)
{
    if (size < 16 || memcmp(b, MAGIC, MAGIC_LEN) != 0) {
        fail(err, errlen, "--replay '%s': not an rvx replay log", path);
        return false;
    }
    uint32_t version = (uint32_t)get_le(b + 8, 4);
    if (version != RECORDER_VERSION) {
        fail(err, errlen, "--replay '%s': log version %u, this rvx reads version %u",
             path, version, RECORDER_VERSION);
        return false;
    }
    size_t clen = (size_t)get_le(b + 12, 4), pos = 16;
    if (clen > CONFIG_MAX || clen > size - pos) {
        fail(err, errlen, "--replay '%s': truncated or corrupt header", path);
        return false;
    }
    const char *logged = (const char *)b + pos;
    pos += clen;
    for (;;) {
        if (size - pos < REC_HEAD) {
            fail(err, errlen, "--replay '%s': truncated (no end record)", path);
            return false;
        }
        uint8_t kind = b[pos];
        uint64_t ic = get_le(b + pos + 1, 8);
        size_t len = (size_t)get_le(b + pos + 9, 4);
        if (kind >= REC_KINDS || len > RECORD_MAX) {
            fail(err, errlen, "--replay '%s': corrupt record at byte %zu", path, pos);
            return false;
        }
        if (len > size - pos - REC_HEAD) {
            fail(err, errlen, "--replay '%s': truncated (record at byte %zu cut short)",
                 path, pos);
            return false;
        }
        if (kind == REC_END) {
            uint64_t want = recorder_hash(RECORDER_HASH_INIT, b, pos + REC_HEAD);
            if (len != 8 || get_le(b + pos + REC_HEAD, 8) != want) {
                fail(err, errlen, "--replay '%s': corrupt (checksum mismatch)", path);
                return false;
            }
            if (pos + REC_HEAD + 8 != size) {
                fail(err, errlen, "--replay '%s': corrupt (data after the end record)", path);
                return false;
            }
            r->end_icount = ic;
            break;
        }
        if (!append(r, kind, ic, b + pos + REC_HEAD, len)) {
            fail(err, errlen, "--replay '%s': out of memory", path);
            return false;
        }
        pos += REC_HEAD + len;
    }
    /* checked after the hash, so a corrupted configuration reads as corrupt */
    if (clen != strlen(config) || memcmp(logged, config, clen) != 0) {
        fail(err, errlen, "--replay '%s': recorded on another machine configuration "
             "(log: %.*s; now: %s)", path, (int)(clen > 200 ? 200 : clen), logged, config);
        return false;
    }
    return true;
}

bool recorder_replay_from(struct recorder *r, const char *path, const char *config,
                          char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fail(err, errlen, "--replay '%s': %s", path, strerror(errno));
        return false;
    }
    uint8_t *b = NULL;
    size_t size = 0, cap = 0;
    for (;;) {
        if (size == cap) {
            cap = cap ? 2 * cap : 1 << 16;
            uint8_t *n = realloc(b, cap);
            if (!n) {
                free(b);
                fclose(f);
                fail(err, errlen, "--replay '%s': out of memory", path);
                return false;
            }
            b = n;
        }
        size_t got = fread(b + size, 1, cap - size, f);
        size += got;
        if (got == 0)
            break;
    }
    bool rd_err = ferror(f);
    fclose(f);
    if (rd_err) {
        free(b);
        fail(err, errlen, "--replay '%s': read error", path);
        return false;
    }
    bool ok = parse_log(r, b, size, config, path, err, errlen);
    free(b);
    if (ok) {
        r->replay_file = true;
        r->cursor = 0;
    }
    return ok;
}
