/* Machine snapshots (format in snapshot.h).  Saving writes the sections in
 * order; loading checks the whole stream first (CRC, shape, disks, hart
 * values, RAM chunk bounds) and only then changes the machine. */
#include "devices/snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "cpu/hart_state.h"
#include "devices/board.h"
#include "devices/snapshot_lz.h"

static const uint8_t magic[8] = { 'R', 'V', 'X', 'S', 'N', 'A', 'P', 0 };

#define SEC_CFG DEV_TAG('c', 'f', 'g', 1)
#define SEC_DSK DEV_TAG('d', 's', 'k', 1)
#define SEC_HRT DEV_TAG('h', 'r', 't', 1)
#define SEC_SCH DEV_TAG('s', 'c', 'h', 1)
#define SEC_DEV DEV_TAG('d', 'e', 'v', 1)
#define SEC_RAM DEV_TAG('r', 'a', 'm', 1)
#define SEC_END DEV_TAG('e', 'n', 'd', 1)

enum { RAM_END = 0, RAM_LZ = 1, RAM_ZERO = 2, RAM_RAW = 3 };
/* Pages compressed together: large enough for the compressor to find
 * repeats, small enough that a dirty page costs little to resend. */
#define RUN_PAGES 64u

static void fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* ---- stream helpers ------------------------------------------------ */

/* CRC-32 of any length (zlib takes 32-bit lengths). */
static uint32_t crc_of(const uint8_t *p, size_t n)
{
    uLong c = crc32(0L, Z_NULL, 0);
    while (n) {
        uInt k = n > (1u << 30) ? (1u << 30) : (uInt)n;
        c = crc32(c, p, k);
        p += k;
        n -= k;
    }
    return (uint32_t)c;
}

/* Room for n more bytes at the end of s; NULL (s in error) if memory runs
 * out.  The caller then advances s->len by what it wrote. */
static uint8_t *room(struct dev_stream *s, size_t n)
{
    if (s->error)
        return NULL;
    if (s->len + n > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap < s->len + n)
            cap *= 2;
        uint8_t *b = realloc(s->buf, cap);
        if (!b) {
            s->error = true;
            return NULL;
        }
        s->buf = b;
        s->cap = cap;
    }
    return s->buf + s->len;
}

/* Starts a section: its tag and a length patched by end_section. */
static size_t begin_section(struct dev_stream *s, uint32_t tag)
{
    dev_put_u32(s, tag);
    size_t at = s->len;
    dev_put_u64(s, 0);
    return at;
}

static void end_section(struct dev_stream *s, size_t at)
{
    if (!s->error)
        le_store(s->buf + at, 8, s->len - at - 8);
}

static void put_string(struct dev_stream *s, const char *str)
{
    uint32_t n = (uint32_t)strlen(str);
    dev_put_u32(s, n);
    dev_put(s, str, n);
}

/* A section's payload as its own stream (no copy: it points into in). */
static bool get_section(struct dev_stream *in, uint32_t tag, struct dev_stream *sec)
{
    uint32_t t = dev_get_u32(in);
    uint64_t len = dev_get_u64(in);
    if (in->error || t != tag || len > dev_left(in))
        return false;
    *sec = (struct dev_stream){ .buf = in->buf + in->pos, .len = (size_t)len };
    in->pos += (size_t)len;
    return true;
}

static bool get_string(struct dev_stream *s, char *buf, size_t size)
{
    uint32_t n = dev_get_u32(s);
    if (s->error || n >= size || n > dev_left(s)) {
        s->error = true;
        return false;
    }
    dev_get(s, buf, n);
    buf[n] = 0;
    return !s->error;
}

/* ---- the machine's shape ("cfg") ------------------------------------- */

/* A device's name as the bus knows it (virtio devices share their ops but
 * name their region after the concrete device: "virtio-blk"). */
static const char *device_name(struct machine *m, const struct device *d)
{
    if (d->size) {
        struct mmio_region *r = bus_find_mmio(&m->bus, d->base, 1);
        if (r && r->opaque == d && r->name)
            return r->name;
    }
    return d->ops->name;
}

static unsigned count_devices(const struct machine *m)
{
    unsigned n = 0;
    for (const struct device *d = m->devices; d; d = d->next)
        n++;
    return n;
}

static uint32_t board_flags(const struct machine *m)
{
    return (uint32_t)m->cfg.virt | (uint32_t)m->cfg.virtual_time << 1;
}

static void put_cfg(struct machine *m, struct dev_stream *s)
{
    size_t at = begin_section(s, SEC_CFG);
    dev_put_u64(s, m->bus.ram_base);
    dev_put_u64(s, m->bus.ram_size);
    dev_put_u64(s, m->harts[0].misa);
    dev_put_u64(s, m->harts[0].zext);
    dev_put_u32(s, m->nharts);
    dev_put_u32(s, board_flags(m));
    dev_put_u32(s, count_devices(m));
    for (struct device *d = m->devices; d; d = d->next) {
        put_string(s, device_name(m, d));
        dev_put_u64(s, d->base);
        dev_put_u64(s, d->size);
    }
    end_section(s, at);
}

static const char *board_kind(uint32_t flags)
{
    static const char *const kinds[4] = {
        "bare-metal machine in real time", "Linux (virt) machine",
        "bare-metal machine in virtual time", "virt machine in virtual time",
    };
    return kinds[flags & 3];
}

/* Compares the saved shape with m's; false with the first difference. */
static bool check_cfg(struct machine *m, struct dev_stream *s, char *err, size_t errlen)
{
    uint64_t base = dev_get_u64(s), size = dev_get_u64(s);
    uint64_t misa = dev_get_u64(s), zext = dev_get_u64(s);
    uint32_t nharts = dev_get_u32(s), flags = dev_get_u32(s), ndev = dev_get_u32(s);
    if (s->error)
        goto bad;
    if (base != m->bus.ram_base || size != m->bus.ram_size) {
        fail(err, errlen, "it is for %llu MiB of RAM at 0x%llx, this machine has "
             "%llu MiB at 0x%llx (-m)", (unsigned long long)(size >> 20),
             (unsigned long long)base, (unsigned long long)(m->bus.ram_size >> 20),
             (unsigned long long)m->bus.ram_base);
        return false;
    }
    if (misa != m->harts[0].misa || zext != m->harts[0].zext) {
        char a[ISA_STRING_MAX], b[ISA_STRING_MAX];
        isa_string(misa, zext, a, sizeof a);
        isa_string(m->harts[0].misa, m->harts[0].zext, b, sizeof b);
        fail(err, errlen, "it is for ISA %s, this machine is %s (--isa)", a, b);
        return false;
    }
    if (nharts != m->nharts) {
        fail(err, errlen, "it is for %u harts, this machine has %u (--smp)",
             nharts, m->nharts);
        return false;
    }
    if (flags != board_flags(m)) {
        fail(err, errlen, "it is for a %s, this is a %s", board_kind(flags),
             board_kind(board_flags(m)));
        return false;
    }
    struct device *d = m->devices;
    for (uint32_t i = 0; i < ndev; i++, d = d->next) {
        char name[64];
        if (!get_string(s, name, sizeof name))
            goto bad;
        uint64_t dbase = dev_get_u64(s), dsize = dev_get_u64(s);
        if (s->error)
            goto bad;
        if (!d || strcmp(name, device_name(m, d)) || dbase != d->base || dsize != d->size) {
            if (d)
                fail(err, errlen, "it has %s at 0x%llx where this machine has %s at "
                     "0x%llx (devices differ)", name, (unsigned long long)dbase,
                     device_name(m, d), (unsigned long long)d->base);
            else
                fail(err, errlen, "it has %s at 0x%llx, which this machine lacks",
                     name, (unsigned long long)dbase);
            return false;
        }
    }
    if (d) {
        fail(err, errlen, "this machine has %s at 0x%llx, which the snapshot lacks",
             device_name(m, d), (unsigned long long)d->base);
        return false;
    }
    if (dev_left(s) == 0)
        return true;
bad:
    fail(err, errlen, "malformed machine description");
    return false;
}

/* ---- disk images ("dsk") ----------------------------------------------- */

/* Size and CRC-32 of the file at path; false (err) if it cannot be read. */
static bool image_identity(const char *path, uint64_t *size, uint32_t *crc,
                           char *err, size_t errlen)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        fail(err, errlen, "disk image '%s': %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return false;
    }
    static const size_t CHUNK = 1u << 20;
    uint8_t *buf = malloc(CHUNK);
    uLong c = crc32(0L, Z_NULL, 0);
    uint64_t total = 0;
    ssize_t n = 0;
    while (buf && (n = read(fd, buf, CHUNK)) > 0) {
        c = crc32(c, buf, (uInt)n);
        total += (uint64_t)n;
    }
    bool ok = buf && n == 0;
    if (!ok)
        fail(err, errlen, "disk image '%s': read error", path);
    free(buf);
    close(fd);
    *size = total;
    *crc = (uint32_t)c;
    return ok;
}

/* Per drive: u64 size, u32 CRC-32, u32 flags.  DSK_FOLLOWS: a migration
 * sends the contents, so the receiver's image need only have the size
 * (and the CRC is not computed). */
#define DSK_FOLLOWS 1u

static bool put_dsk(struct machine *m, struct dev_stream *s, bool follow,
                    char *err, size_t errlen)
{
    size_t at = begin_section(s, SEC_DSK);
    dev_put_u32(s, m->cfg.virt ? m->cfg.ndrives : 0);
    for (unsigned i = 0; m->cfg.virt && i < m->cfg.ndrives; i++) {
        const struct drive_opt *d = &m->cfg.drives[i];
        uint64_t size;
        uint32_t crc = 0, flags = follow && !d->readonly ? DSK_FOLLOWS : 0;
        struct stat st;
        if (flags) {
            if (stat(d->path, &st) != 0) {
                fail(err, errlen, "disk image '%s': %s", d->path, strerror(errno));
                return false;
            }
            size = (uint64_t)st.st_size;
        } else if (!image_identity(d->path, &size, &crc, err, errlen)) {
            return false;
        }
        dev_put_u64(s, size);
        dev_put_u32(s, crc);
        dev_put_u32(s, flags);
    }
    end_section(s, at);
    return true;
}

static bool check_dsk(struct machine *m, struct dev_stream *s, char *err, size_t errlen)
{
    uint32_t n = dev_get_u32(s);
    unsigned have = m->cfg.virt ? m->cfg.ndrives : 0;
    if (s->error || n != have) {
        fail(err, errlen, "it is for %u disk(s), this machine has %u (--drive)", n, have);
        return false;
    }
    for (unsigned i = 0; i < n; i++) {
        uint64_t size = dev_get_u64(s), hsize;
        uint32_t crc = dev_get_u32(s), flags = dev_get_u32(s), hcrc = 0;
        const struct drive_opt *d = &m->cfg.drives[i];
        if (s->error || flags > DSK_FOLLOWS || (flags && d->readonly)) {
            fail(err, errlen, "malformed disk description");
            return false;
        }
        struct stat st;
        if (flags) {
            if (stat(d->path, &st) != 0) {
                fail(err, errlen, "disk image '%s': %s", d->path, strerror(errno));
                return false;
            }
            hsize = (uint64_t)st.st_size;
        } else if (!image_identity(d->path, &hsize, &hcrc, err, errlen)) {
            return false;
        }
        if (hsize != size) {
            fail(err, errlen, "disk image '%s' has %llu bytes, the snapshot's had %llu",
                 d->path, (unsigned long long)hsize, (unsigned long long)size);
            return false;
        }
        if (hcrc != crc) {
            fail(err, errlen, "disk image '%s' changed since the snapshot was taken "
                 "(CRC-32 %08x; the snapshot expects %08x)", d->path, hcrc, crc);
            return false;
        }
    }
    return true;
}

/* ---- harts and the scheduler ("hrt", "sch") -------------------------- */

static void put_harts(struct machine *m, struct dev_stream *s)
{
    unsigned nw = hart_state_words();
    uint64_t w[nw];
    size_t at = begin_section(s, SEC_HRT);
    dev_put_u32(s, m->nharts);
    dev_put_u32(s, nw);
    for (unsigned i = 0; i < m->nharts; i++) {
        hart_state_get(&m->harts[i], w);
        for (unsigned k = 0; k < nw; k++)
            dev_put_u64(s, w[k]);
    }
    end_section(s, at);
}

/* Reads every hart's words into w (nharts * words); check_harts then
 * checks them; nothing of m changes. */
static bool read_harts(struct machine *m, struct dev_stream *s, uint64_t *w,
                       char *err, size_t errlen)
{
    unsigned nw = hart_state_words();
    uint32_t n = dev_get_u32(s), words = dev_get_u32(s);
    if (s->error || n != m->nharts || words != nw ||
        dev_left(s) != (size_t)n * nw * 8) {
        fail(err, errlen, "malformed hart state (%u words per hart; this build "
             "keeps %u)", words, nw);
        return false;
    }
    for (size_t k = 0; k < (size_t)n * nw; k++)
        w[k] = dev_get_u64(s);
    return true;
}

static void put_sched(struct machine *m, struct dev_stream *s)
{
    size_t at = begin_section(s, SEC_SCH);
    dev_put_u32(s, m->sched.next_hart);
    dev_put_u64(s, m->sched.tick_rem);
    end_section(s, at);
}

/* ---- devices ("dev") ---------------------------------------------------- */

/* The records go through the compressor as one block (a framebuffer's
 * picture is megabytes of mostly one colour): u64 records' length, u32
 * compressed length (0: the records follow as they are), the bytes. */
#define DEV_RECORDS_MAX (256u << 20)

static bool put_devices(struct machine *m, struct dev_stream *out, char *err, size_t errlen)
{
    struct dev_stream raw = {0}, *s = &raw;
    for (struct device *d = m->devices; d; d = d->next) {
        size_t len_at = s->len;
        dev_put_u32(s, 0);
        if (d->ops->save && !d->ops->save(d, s)) {
            fail(err, errlen, "%s at 0x%llx cannot be saved", device_name(m, d),
                 (unsigned long long)d->base);
            return false;
        }
        if (!s->error)
            le_store(s->buf + len_at, 4, s->len - len_at - 4);
    }
    size_t at = begin_section(out, SEC_DEV);
    dev_put_u64(out, raw.len);
    size_t clen_at = out->len;
    dev_put_u32(out, 0);
    uint8_t *dst = raw.error || raw.len > DEV_RECORDS_MAX ? NULL : room(out, LZ_BOUND(raw.len));
    size_t clen = dst ? lz_compress(raw.buf, raw.len, dst) : 0;
    if (dst && clen < raw.len) {
        le_store(out->buf + clen_at, 4, clen);
        out->len += clen;
    } else {
        dev_put(out, raw.buf, raw.len);
    }
    bool ok = !raw.error && raw.len <= DEV_RECORDS_MAX;
    dev_stream_free(&raw);
    end_section(out, at);
    if (!ok)
        fail(err, errlen, "out of memory for the device records");
    return ok;
}

/* The device records of a "dev" section, decompressed into *buf (to free)
 * when they were compressed.  False if malformed. */
static bool unpack_devices(struct dev_stream *sec, struct dev_stream *recs, uint8_t **buf)
{
    uint64_t raw = dev_get_u64(sec);
    uint32_t clen = dev_get_u32(sec);
    if (sec->error || raw > DEV_RECORDS_MAX)
        return false;
    if (clen == 0) {
        if (dev_left(sec) != raw)
            return false;
        *recs = (struct dev_stream){ .buf = sec->buf + sec->pos, .len = (size_t)raw };
        return true;
    }
    if (dev_left(sec) != clen || !(*buf = malloc(raw ? raw : 1)))
        return false;
    *recs = (struct dev_stream){ .buf = *buf, .len = (size_t)raw };
    return lz_decompress(sec->buf + sec->pos, clen, *buf, (size_t)raw);
}

/* Checks the records' framing (each device's length within the section,
 * one record per device, none for a device without load). */
static bool check_devices(struct machine *m, struct dev_stream *s)
{
    size_t pos = s->pos;
    for (struct device *d = m->devices; d; d = d->next) {
        uint32_t len = dev_get_u32(s);
        if (s->error || len > dev_left(s) || (len && !d->ops->load))
            return false;
        s->pos += len;
    }
    bool ok = dev_left(s) == 0;
    s->pos = pos;
    return ok;
}

static bool load_devices(struct machine *m, struct dev_stream *s, char *err, size_t errlen)
{
    for (struct device *d = m->devices; d; d = d->next) {
        uint32_t len = dev_get_u32(s);
        struct dev_stream rec = { .buf = s->buf + s->pos, .len = len };
        s->pos += len;
        if (!d->ops->load)
            continue;
        if (!d->ops->load(d, &rec) || rec.pos != rec.len) {
            fail(err, errlen, "the record of %s at 0x%llx is not valid",
                 device_name(m, d), (unsigned long long)d->base);
            return false;
        }
    }
    return true;
}

/* ---- RAM ("ram") -------------------------------------------------------- */

static bool page_is_zero(const uint8_t *p)
{
    const uint64_t *w = (const uint64_t *)(const void *)p;
    uint64_t acc = 0;
    for (size_t i = 0; i < PAGE_SIZE / 8; i += 8) {
        acc |= w[i] | w[i + 1] | w[i + 2] | w[i + 3] | w[i + 4] | w[i + 5] |
               w[i + 6] | w[i + 7];
        if (acc)
            return false;
    }
    return true;
}

static void put_chunk_head(struct dev_stream *s, uint32_t kind, uint64_t page, uint32_t n)
{
    dev_put_u32(s, kind);
    dev_put_u64(s, page);
    dev_put_u32(s, n);
}

/* Pages [page, page+n) of RAM, compressed (or raw where that does not
 * help). */
static void put_run(struct dev_stream *s, const uint8_t *ram, uint64_t page, uint32_t n)
{
    const uint8_t *src = ram + (page << PAGE_SHIFT);
    size_t raw = (size_t)n << PAGE_SHIFT;
    put_chunk_head(s, RAM_LZ, page, n);
    size_t len_at = s->len;
    dev_put_u32(s, 0);
    uint8_t *dst = room(s, LZ_BOUND(raw));
    if (!dst)
        return;
    size_t clen = lz_compress(src, raw, dst);
    if (clen >= raw) {
        /* incompressible: rewrite the head as a raw chunk */
        s->len = len_at - 16;
        put_chunk_head(s, RAM_RAW, page, n);
        dev_put(s, src, raw);
        return;
    }
    le_store(s->buf + len_at, 4, clen);
    s->len += clen;
}

/* RAM pages [first, end) as chunks, appended to s (no section).  want
 * (NULL: every page) selects pages by bit; all-zero pages among them are
 * sent as zero runs when zeros is set (a page that became zero since an
 * earlier round), else skipped. */
static void put_ram_chunks(struct machine *m, struct dev_stream *s, const uint64_t *want,
                           bool zeros, uint64_t first, uint64_t end)
{
    const uint8_t *ram = m->bus.ram;
    uint64_t p = first;
    while (p < end && !s->error) {
        if (want && !(want[p / 64] >> (p % 64) & 1)) {
            p++;
            continue;
        }
        bool zero = page_is_zero(ram + (p << PAGE_SHIFT));
        uint64_t q = p + 1;
        while (q < end && q - p < RUN_PAGES && (!want || (want[q / 64] >> (q % 64) & 1)) &&
               page_is_zero(ram + (q << PAGE_SHIFT)) == zero)
            q++;
        if (!zero)
            put_run(s, ram, p, (uint32_t)(q - p));
        else if (zeros)
            put_chunk_head(s, RAM_ZERO, p, (uint32_t)(q - p));
        p = q;
    }
}

/* The chunks of a large range are made by several threads: compressing
 * and scanning RAM is most of a save's CPU time (LZ about half of it, the
 * file's page-cache copy and page faults most of the rest), so a host
 * with idle cores saves in a fraction of the time.  (On a loaded host
 * with per-session fair scheduling, as the shared test machine has, the
 * process's share does not grow with its threads: there the wall time is
 * the CPU time over that share, measured 0.5-1.3 s for 0.2-0.3 s CPU.)
 * The range is cut into RAM_PARTS fixed pieces, so the file does not
 * depend on the host's core count, taken in turn by up to RAM_THREADS
 * threads, and the pieces' chunks are joined in order. */
#define RAM_PARTS 64u
#define RAM_THREADS 4u
#define RAM_PAR_PAGES 4096u     /* (16 MiB: below it one thread is quicker) */

struct ram_job {
    struct machine *m;
    const uint64_t *want;
    bool zeros;
    uint64_t first, end;
    unsigned next;              /* the next piece (atomic) */
    struct dev_stream part[RAM_PARTS];
};

static void *ram_worker(void *arg)
{
    struct ram_job *j = arg;
    unsigned k;
    uint64_t n = j->end - j->first;
    while ((k = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED)) < RAM_PARTS)
        put_ram_chunks(j->m, &j->part[k], j->want, j->zeros, j->first + n * k / RAM_PARTS,
                       j->first + n * (k + 1) / RAM_PARTS);
    return NULL;
}

/* Chunks of [first, end) appended to s, by several threads when large. */
static void put_ram_par(struct machine *m, struct dev_stream *s, const uint64_t *want,
                        bool zeros, uint64_t first, uint64_t end)
{
    struct ram_job *j = end - first >= RAM_PAR_PAGES ? calloc(1, sizeof *j) : NULL;
    if (!j) {
        put_ram_chunks(m, s, want, zeros, first, end);
        return;
    }
    *j = (struct ram_job){ .m = m, .want = want, .zeros = zeros, .first = first, .end = end };
    pthread_t th[RAM_THREADS - 1];
    unsigned started = 0;
    while (started < RAM_THREADS - 1 && pthread_create(&th[started], NULL, ram_worker, j) == 0)
        started++;
    ram_worker(j);      /* (this thread too; alone if none started) */
    for (unsigned i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    size_t total = 0;
    for (unsigned k = 0; k < RAM_PARTS; k++)
        total += j->part[k].len;
    room(s, total);     /* (one allocation, not one per doubling) */
    for (unsigned k = 0; k < RAM_PARTS; k++) {
        if (j->part[k].error)
            s->error = true;
        if (j->part[k].len)     /* (an empty part has no buffer) */
            dev_put(s, j->part[k].buf, j->part[k].len);
        dev_stream_free(&j->part[k]);
    }
    free(j);
}

/* RAM pages [first, end) as a section of chunks (put_ram_chunks). */
static void put_ram_range(struct machine *m, struct dev_stream *s, const uint64_t *want,
                          bool zeros, uint64_t first, uint64_t end)
{
    size_t at = begin_section(s, SEC_RAM);
    put_ram_par(m, s, want, zeros, first, end);
    dev_put_u32(s, RAM_END);
    end_section(s, at);
}

static void put_ram_pages(struct machine *m, struct dev_stream *s, const uint64_t *want,
                          bool zeros)
{
    put_ram_range(m, s, want, zeros, 0, m->bus.ram_size >> PAGE_SHIFT);
}

/* Walks the chunks; with apply false only checks them (bounds, kinds,
 * lengths), with apply true writes them into RAM.  NULL or the reason. */
static const char *ram_chunks(struct machine *m, struct dev_stream *s, bool apply)
{
    uint64_t npages = m->bus.ram_size >> PAGE_SHIFT;
    size_t start = s->pos;
    for (;;) {
        uint32_t kind = dev_get_u32(s);
        if (s->error)
            return "RAM section truncated";
        if (kind == RAM_END)
            break;
        uint64_t page = dev_get_u64(s);
        uint32_t n = dev_get_u32(s);
        if (s->error || kind > RAM_RAW || n == 0 || page >= npages || n > npages - page)
            return "bad RAM chunk";
        uint8_t *dst = m->bus.ram + (page << PAGE_SHIFT);
        size_t raw = (size_t)n << PAGE_SHIFT;
        if (kind == RAM_ZERO) {
            if (apply)
                memset(dst, 0, raw);
            continue;
        }
        uint32_t len = kind == RAM_RAW ? (uint32_t)raw : dev_get_u32(s);
        if (s->error || len > dev_left(s))
            return "RAM chunk truncated";
        const uint8_t *src = s->buf + s->pos;
        s->pos += len;
        if (!apply)
            continue;
        if (kind == RAM_RAW) {
            memcpy(dst, src, raw);
        } else if (!lz_decompress(src, len, dst, raw)) {
            return "RAM chunk does not decompress";
        }
    }
    if (dev_left(s))
        return "bytes after the RAM chunks";
    if (!apply)
        s->pos = start;
    return NULL;
}

/* ---- save and load ---------------------------------------------------- */

static void put_head(struct dev_stream *out, uint32_t flags)
{
    dev_put(out, magic, sizeof magic);
    dev_put_u32(out, SNAPSHOT_VERSION);
    dev_put_u32(out, flags);
}

static void put_crc(struct dev_stream *out, size_t start)
{
    if (!out->error)
        dev_put_u32(out, crc_of(out->buf + start, out->len - start));
}

/* The whole snapshot; with SNAP_F_DELTA only the pages in want, zero ones
 * included, and no disk identities (a migration checked them first). */
static bool save_with(struct machine *m, struct dev_stream *out, const uint64_t *want,
                      uint32_t flags, char *err, size_t errlen)
{
    size_t start = out->len;
    put_head(out, flags);
    put_cfg(m, out);
    if (flags & SNAP_F_DELTA) {
        size_t at = begin_section(out, SEC_DSK);
        dev_put_u32(out, 0);
        end_section(out, at);
    } else if (!put_dsk(m, out, false, err, errlen)) {
        return false;
    }
    put_harts(m, out);
    put_sched(m, out);
    if (!put_devices(m, out, err, errlen))
        return false;
    put_ram_pages(m, out, want, flags & SNAP_F_DELTA);
    size_t at = begin_section(out, SEC_END);
    end_section(out, at);
    put_crc(out, start);
    if (out->error) {
        fail(err, errlen, "out of memory for the snapshot");
        return false;
    }
    return true;
}

bool machine_snapshot_save(struct machine *m, struct dev_stream *out,
                           char *err, size_t errlen)
{
    return save_with(m, out, NULL, 0, err, errlen);
}

bool machine_snapshot_save_delta(struct machine *m, struct dev_stream *out,
                                 const uint64_t *want, char *err, size_t errlen)
{
    return save_with(m, out, want, SNAP_F_DELTA, err, errlen);
}

/* The sections of a checked stream. */
struct parsed {
    uint32_t flags;
    struct dev_stream cfg, dsk, hrt, sch, dev, ram;
    uint8_t *dev_buf;           /* the decompressed device records (to free) */
};

/* Everything that can be checked without changing the machine. */
static bool parse(struct machine *m, struct dev_stream *in, struct parsed *p,
                  char *err, size_t errlen)
{
    size_t start = in->pos, total = dev_left(in);
    uint8_t mg[8];
    if (total < sizeof mg + 8 + 4) {
        fail(err, errlen, "not a snapshot (too short)");
        return false;
    }
    dev_get(in, mg, sizeof mg);
    if (memcmp(mg, magic, sizeof mg)) {
        fail(err, errlen, "not an rvx snapshot");
        return false;
    }
    uint32_t version = dev_get_u32(in);
    p->flags = dev_get_u32(in);
    if (version != SNAPSHOT_VERSION) {
        fail(err, errlen, "snapshot format version %u, this rvx reads version %u",
             version, SNAPSHOT_VERSION);
        return false;
    }
    if (p->flags & ~SNAP_F_DELTA) {
        fail(err, errlen, "unknown snapshot flags 0x%x", p->flags);
        return false;
    }
    uint32_t crc = (uint32_t)le_load(in->buf + start + total - 4, 4);
    if (crc != crc_of(in->buf + start, total - 4)) {
        fail(err, errlen, "snapshot is truncated or corrupted (checksum mismatch)");
        return false;
    }
    struct dev_stream end, devsec;
    in->len = start + total - 4;    /* the sections, without the CRC */
    bool framed = get_section(in, SEC_CFG, &p->cfg) && get_section(in, SEC_DSK, &p->dsk) &&
                  get_section(in, SEC_HRT, &p->hrt) && get_section(in, SEC_SCH, &p->sch) &&
                  get_section(in, SEC_DEV, &devsec) && get_section(in, SEC_RAM, &p->ram) &&
                  get_section(in, SEC_END, &end) && dev_left(in) == 0;
    in->len += 4;
    in->pos = in->len;
    if (!framed) {
        fail(err, errlen, "malformed snapshot (sections)");
        return false;
    }
    if (!check_cfg(m, &p->cfg, err, errlen) ||
        (!(p->flags & SNAP_F_DELTA) && !check_dsk(m, &p->dsk, err, errlen)))
        return false;
    if (!unpack_devices(&devsec, &p->dev, &p->dev_buf) || !check_devices(m, &p->dev)) {
        fail(err, errlen, "malformed snapshot (device records)");
        return false;
    }
    const char *why = ram_chunks(m, &p->ram, false);
    if (why) {
        fail(err, errlen, "malformed snapshot (%s)", why);
        return false;
    }
    if (p->sch.len != 12) {
        fail(err, errlen, "malformed snapshot (scheduler)");
        return false;
    }
    return true;
}

static bool check_harts(struct machine *m, const uint64_t *w, char *err, size_t errlen)
{
    size_t nw = hart_state_words();
    for (unsigned i = 0; i < m->nharts; i++)
        if (!hart_state_check(&m->harts[i], w + i * nw, err, errlen))
            return false;
    return true;
}

static bool set_harts(struct machine *m, const uint64_t *w, char *err, size_t errlen)
{
    size_t nw = hart_state_words();
    for (unsigned i = 0; i < m->nharts; i++)
        if (!hart_state_set(&m->harts[i], w + i * nw, err, errlen))
            return false;
    return true;
}

static bool load_parsed(struct machine *m, struct parsed *pp, char *err, size_t errlen);

bool machine_snapshot_load(struct machine *m, struct dev_stream *in,
                           char *err, size_t errlen)
{
    struct parsed p = {0};
    bool ok = parse(m, in, &p, err, errlen) && load_parsed(m, &p, err, errlen);
    free(p.dev_buf);
    return ok;
}

static bool load_parsed(struct machine *m, struct parsed *pp, char *err, size_t errlen)
{
    struct parsed p = *pp;
    size_t nw = (size_t)hart_state_words() * m->nharts;
    uint64_t *w = malloc(nw * sizeof *w);
    if (!w) {
        fail(err, errlen, "out of memory");
        return false;
    }
    if (!read_harts(m, &p.hrt, w, err, errlen) || !check_harts(m, w, err, errlen)) {
        free(w);
        return false;
    }
    uint32_t next = dev_get_u32(&p.sch);
    uint64_t tick_rem = dev_get_u64(&p.sch);
    if (next >= m->nharts) {
        fail(err, errlen, "malformed snapshot (scheduler)");
        free(w);
        return false;
    }
    /* from here on the machine changes: translated code first, since it
     * describes the old RAM */
    machine_flush_code(m);
    bool ok = set_harts(m, w, err, errlen);
    free(w);
    if (ok) {
        m->sched.next_hart = next;
        m->sched.tick_rem = tick_rem;
        m->exit = EXIT_NONE;
        m->exit_code = 0;
        /* devices after the harts: the CLINT's load drives the harts'
         * timer lines from their restored stimecmp */
        ok = load_devices(m, &p.dev, err, errlen);
    }
    if (ok) {
        if (!(p.flags & SNAP_F_DELTA))
            bus_ram_clear(&m->bus);
        const char *why = ram_chunks(m, &p.ram, true);
        if (why) {
            fail(err, errlen, "snapshot RAM: %s", why);
            ok = false;
        }
    }
    if (!ok) {
        /* the checks passed but the machine refused a part: leave it in a
         * known state rather than half loaded */
        machine_reset(m);
        size_t n = strlen(err);
        if (n + 1 < errlen)
            snprintf(err + n, errlen - n, "; machine reset");
    }
    return ok;
}

/* ---- files ------------------------------------------------------------ */

bool machine_snapshot_write_file(struct machine *m, const char *path,
                                 char *err, size_t errlen)
{
    struct dev_stream s = {0};
    if (!machine_snapshot_save(m, &s, err, errlen)) {
        dev_stream_free(&s);
        return false;
    }
    size_t plen = strlen(path) + 5;
    char *tmp = malloc(plen);
    if (!tmp) {
        dev_stream_free(&s);
        fail(err, errlen, "out of memory");
        return false;
    }
    snprintf(tmp, plen, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    bool ok = f && fwrite(s.buf, 1, s.len, f) == s.len;
    if (f && fclose(f) != 0)
        ok = false;
    if (ok && rename(tmp, path) != 0)
        ok = false;
    if (!ok) {
        fail(err, errlen, "snapshot '%s': %s", path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    dev_stream_free(&s);
    return ok;
}

bool machine_snapshot_read_file(struct machine *m, const char *path,
                                char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fail(err, errlen, "snapshot '%s': %s", path,
             f ? "not a regular file" : strerror(errno));
        if (f)
            fclose(f);
        return false;
    }
    struct dev_stream s = { .len = (size_t)st.st_size };
    s.buf = malloc(s.len ? s.len : 1);
    bool ok = s.buf && fread(s.buf, 1, s.len, f) == s.len;
    fclose(f);
    if (!ok)
        fail(err, errlen, "snapshot '%s': read error", path);
    else if (s.len >= 16 && !memcmp(s.buf, magic, sizeof magic) &&
             (le_load(s.buf + 12, 4) & SNAP_F_DELTA)) {
        fail(err, errlen, "snapshot '%s': a migration's last message, not a snapshot", path);
        ok = false;
    } else if (!machine_snapshot_load(m, &s, err, errlen)) {
        /* name the file in front of the reason */
        char why[512];
        snprintf(why, sizeof why, "%s", err);
        fail(err, errlen, "snapshot '%s': %s", path, why);
        ok = false;
    }
    free(s.buf);
    return ok;
}

/* ---- migration pieces (frontend/migrate.c) ---------------------------- */

bool machine_snapshot_save_shape(struct machine *m, struct dev_stream *out,
                                 bool disks_follow, char *err, size_t errlen)
{
    size_t start = out->len;
    put_head(out, 0);
    put_cfg(m, out);
    if (!put_dsk(m, out, disks_follow, err, errlen))
        return false;
    put_crc(out, start);
    if (out->error)
        fail(err, errlen, "out of memory");
    return !out->error;
}

bool machine_snapshot_check_shape(struct machine *m, struct dev_stream *in,
                                  char *err, size_t errlen)
{
    size_t start = in->pos, total = dev_left(in);
    uint8_t mg[8];
    struct dev_stream cfg, dsk;
    if (total < 20 || (dev_get(in, mg, 8), memcmp(mg, magic, 8))) {
        fail(err, errlen, "not an rvx migration stream");
        return false;
    }
    uint32_t version = dev_get_u32(in);
    dev_get_u32(in);
    if (version != SNAPSHOT_VERSION) {
        fail(err, errlen, "migration format version %u, this rvx reads version %u",
             version, SNAPSHOT_VERSION);
        return false;
    }
    if ((uint32_t)le_load(in->buf + start + total - 4, 4) != crc_of(in->buf + start, total - 4)) {
        fail(err, errlen, "migration stream corrupted (checksum mismatch)");
        return false;
    }
    in->len -= 4;
    bool ok = get_section(in, SEC_CFG, &cfg) && get_section(in, SEC_DSK, &dsk) &&
              dev_left(in) == 0;
    in->len += 4;
    in->pos = in->len;
    if (!ok) {
        fail(err, errlen, "malformed machine description");
        return false;
    }
    return check_cfg(m, &cfg, err, errlen) && check_dsk(m, &dsk, err, errlen);
}

void machine_snapshot_save_ram(struct machine *m, struct dev_stream *out, const uint64_t *want,
                               uint64_t first, uint64_t end)
{
    uint64_t npages = m->bus.ram_size >> PAGE_SHIFT;
    put_ram_range(m, out, want, true, first < npages ? first : npages,
                  end < npages ? end : npages);
}

bool machine_snapshot_load_ram(struct machine *m, struct dev_stream *in, char *err, size_t errlen)
{
    struct dev_stream sec;
    if (!get_section(in, SEC_RAM, &sec)) {
        fail(err, errlen, "malformed RAM message");
        return false;
    }
    const char *why = ram_chunks(m, &sec, false);
    if (!why) {
        /* translated code of the old contents must go (the receiver has
         * run nothing yet: usually there is none) */
        machine_flush_code(m);
        why = ram_chunks(m, &sec, true);
    }
    if (why)
        fail(err, errlen, "RAM message: %s", why);
    return !why;
}

/* ---- dirty pages --------------------------------------------------------- */

/* Store TLB entries bypass the page flags: drop them so every store to a
 * tracked page takes the slow path (bus_store, which marks it). */
static void flush_store_tlbs(struct machine *m)
{
    for (unsigned i = 0; i < m->nharts; i++)
        mmu_flush(&m->harts[i].mmu);
}

bool machine_dirty_start(struct machine *m)
{
    if (!bus_dirty_start(&m->bus))
        return false;
    flush_store_tlbs(m);
    return true;
}

uint64_t machine_dirty_collect(struct machine *m, uint64_t *want)
{
    uint64_t n = bus_dirty_collect(&m->bus, want);
    flush_store_tlbs(m);
    return n;
}

void machine_dirty_stop(struct machine *m)
{
    bus_dirty_stop(&m->bus);
}
