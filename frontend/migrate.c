/* The monitor's snapshot commands and migration over TCP.
 *
 * Migration protocol (one TCP connection; every number little-endian):
 * the sender sends messages  u32 kind, u64 length, payload:
 *   'H' the machine's shape (machine_snapshot_save_shape); the receiver
 *       answers  u32 status (0 ok), u32 length, text  and on 0 clears RAM;
 *   'R' a RAM section (pages sent while the sender's guest runs);
 *   'S' (empty) ends a round: the receiver answers as for 'H' once it has
 *       applied everything before, so the stop does not wait for a
 *       backlog of RAM in the socket;
 *   'D' blocks of the writable disks: chunks  u32 drive, u64 block (of
 *       DISK_BLOCK bytes), u32 kind (1 compressed: u32 length + data,
 *       2 zero, 3 raw), ended by drive 0xffffffff; the receiver writes
 *       them into its own images (same sizes), so a disk follows the
 *       machine to another host or, on one host, to a copy of the image
 *       (the sender holds the lock on its own);
 *   'F' the last, a delta snapshot: the whole state with the pages still
 *       dirty; the receiver loads it, answers as for 'H' and runs.
 * Pre-copy: the sender tracks dirty pages (devices/snapshot.h), sends all
 * of RAM in batches with its guest running between them, then in rounds
 * the pages dirtied meanwhile, until a round leaves few enough; then it
 * stops (its guest does not run again), sends 'F' and measures the
 * downtime from the stop to the receiver's answer.  Disks: every block
 * goes before the first RAM round, with its CRC-32 kept; at the stop the
 * images are read again and the blocks whose CRC changed go before 'F'
 * (so the stop costs a read of the writable images). */
#include "migrate.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "devices/board.h"
#include "devices/snapshot.h"
#include "devices/snapshot_lz.h"

#define MSG_HELLO 'H'
#define MSG_RAM 'R'
#define MSG_FINAL 'F'
#define MSG_SYNC 'S'
#define MSG_DISK 'D'
#define DISK_BLOCK (64u << 10)
#define DISK_END 0xffffffffu
#define DISK_MSG_BYTES (16u << 20)  /* a 'D' message is sent at about this size */
/* Pages per pre-copy batch (64 MiB): the guest runs between batches. */
#define BATCH_PAGES 16384u
/* A round that leaves at most this many dirty pages ends pre-copy. */
#define FINAL_PAGES 512u
#define MAX_ROUNDS 30

static void fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static double clock_s(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double now_s(void) { return clock_s(CLOCK_MONOTONIC); }
/* CPU time of the process: on a busy host wall time says little */
static double cpu_s(void) { return clock_s(CLOCK_PROCESS_CPUTIME_ID); }

/* ---- sockets ------------------------------------------------------------ */

static bool send_all(int fd, const void *p, size_t n)
{
    const uint8_t *b = p;
    while (n) {
        ssize_t k = send(fd, b, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        b += k;
        n -= (size_t)k;
    }
    return true;
}

static bool recv_all(int fd, void *p, size_t n)
{
    uint8_t *b = p;
    while (n) {
        ssize_t k = recv(fd, b, n, 0);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return false;
        b += k;
        n -= (size_t)k;
    }
    return true;
}

static bool send_msg(int fd, uint32_t kind, const struct dev_stream *s)
{
    uint8_t head[12];
    le_store(head, 4, kind);
    le_store(head + 4, 8, s->len);
    return send_all(fd, head, sizeof head) && send_all(fd, s->buf, s->len);
}

/* The largest message a receiver takes: all of RAM raw plus headers. */
static uint64_t max_msg(const struct machine *m)
{
    return m->bus.ram_size + m->bus.ram_size / 64 + (64u << 20);
}

/* A message into s (replacing its contents); false on a broken stream. */
static bool recv_msg(int fd, uint64_t limit, uint32_t *kind, struct dev_stream *s)
{
    uint8_t head[12];
    if (!recv_all(fd, head, sizeof head))
        return false;
    *kind = (uint32_t)le_load(head, 4);
    uint64_t len = le_load(head + 4, 8);
    if (len > limit)
        return false;
    dev_stream_free(s);
    s->buf = malloc(len ? len : 1);
    s->len = (size_t)len;
    return s->buf && recv_all(fd, s->buf, s->len);
}

static bool send_status(int fd, bool ok, const char *text)
{
    uint8_t head[8];
    size_t n = ok ? 0 : strlen(text);
    le_store(head, 4, ok ? 0 : 1);
    le_store(head + 4, 4, n);
    return send_all(fd, head, sizeof head) && send_all(fd, text, n);
}

/* The receiver's answer; false with its text (or why none came) in err. */
static bool recv_status(int fd, char *err, size_t errlen)
{
    uint8_t head[8];
    if (!recv_all(fd, head, sizeof head)) {
        fail(err, errlen, "the receiver closed the connection");
        return false;
    }
    uint32_t status = (uint32_t)le_load(head, 4), n = (uint32_t)le_load(head + 4, 4);
    char text[512];
    if (n >= sizeof text || !recv_all(fd, text, n)) {
        fail(err, errlen, "bad answer from the receiver");
        return false;
    }
    text[n] = 0;
    if (status)
        fail(err, errlen, "the receiver refused: %s", text);
    return status == 0;
}

/* "tcp:HOST:PORT" (HOST may be empty: dflt) into host and port. */
static bool parse_tcp(const char *spec, const char *dflt, char *host, size_t hlen,
                      char *port, size_t plen)
{
    if (strncmp(spec, "tcp:", 4))
        return false;
    spec += 4;
    const char *colon = strrchr(spec, ':');
    const char *p = colon ? colon + 1 : spec;
    size_t h = colon ? (size_t)(colon - spec) : 0;
    if (!*p || strspn(p, "0123456789") != strlen(p) || h >= hlen || strlen(p) >= plen)
        return false;
    if (h)
        memcpy(host, spec, h), host[h] = 0;
    else
        snprintf(host, hlen, "%s", dflt);
    snprintf(port, plen, "%s", p);
    return host[0] != 0;
}

static bool is_loopback(const struct sockaddr *sa)
{
    if (sa->sa_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr) >> 24) == 127;
    if (sa->sa_family == AF_INET6)
        return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr);
    return false;
}

/* Connects (listen false) or listens (true) on host:port; -1 with err. */
static int tcp_open(const char *host, const char *port, bool listen_on, char *err,
                    size_t errlen)
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_NUMERICSERV | (listen_on ? AI_PASSIVE : 0) };
    struct addrinfo *res;
    int rc = getaddrinfo(host, port, &hints, &res);
    if (rc) {
        fail(err, errlen, "%s:%s: %s", host, port, gai_strerror(rc));
        return -1;
    }
    int fd = -1, saved = 0;
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            saved = errno;
            continue;
        }
        int one = 1;
        bool ok;
        if (listen_on) {
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
            ok = bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1) == 0;
            if (ok && !is_loopback(ai->ai_addr))
                fprintf(stderr, "rvx: warning: --incoming listens on %s:%s, beyond this "
                        "host: whoever connects first replaces the machine\n", host, port);
        } else {
            ok = connect(fd, ai->ai_addr, ai->ai_addrlen) == 0;
        }
        if (!ok) {
            saved = errno;
            close(fd);
            fd = -1;
            continue;
        }
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    freeaddrinfo(res);
    if (fd < 0)
        fail(err, errlen, "%s:%s: %s", host, port, strerror(saved));
    return fd;
}

/* ---- disks ------------------------------------------------------------------ */

/* A writable drive whose contents follow the machine. */
struct disk_tx {
    int fd;                     /* the sender's image, read only */
    uint64_t size, nblocks;
    uint32_t *crc;              /* of each block as last sent */
};

static size_t block_len(uint64_t size, uint64_t b)
{
    uint64_t left = size - b * DISK_BLOCK;
    return left < DISK_BLOCK ? (size_t)left : DISK_BLOCK;
}

static bool pread_all(int fd, uint8_t *buf, size_t len, uint64_t off)
{
    while (len) {
        ssize_t n = pread(fd, buf, len, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        buf += n;
        len -= (size_t)n;
        off += (uint64_t)n;
    }
    return true;
}

static void put_disk_chunk(struct dev_stream *s, unsigned drive, uint64_t b,
                           const uint8_t *buf, size_t len, uint8_t *cbuf)
{
    dev_put_u32(s, drive);
    dev_put_u64(s, b);
    bool zero = buf[0] == 0 && !memcmp(buf, buf + 1, len - 1);
    size_t clen = zero ? 0 : lz_compress(buf, len, cbuf);
    if (zero) {
        dev_put_u32(s, 2);
    } else if (clen < len) {
        dev_put_u32(s, 1);
        dev_put_u32(s, (uint32_t)clen);
        dev_put(s, cbuf, clen);
    } else {
        dev_put_u32(s, 3);
        dev_put(s, buf, len);
    }
}

/* Sends drive i's blocks: all of them (all), or those whose CRC-32
 * changed since they were sent; *sent counts them. */
static bool send_disk(int fd, struct disk_tx *d, unsigned i, bool all, uint64_t *sent,
                      uint64_t *bytes)
{
    uint8_t *buf = malloc(DISK_BLOCK), *cbuf = malloc(LZ_BOUND(DISK_BLOCK));
    struct dev_stream s = {0};
    bool ok = buf && cbuf;
    for (uint64_t b = 0; ok && b < d->nblocks; b++) {
        size_t len = block_len(d->size, b);
        ok = pread_all(d->fd, buf, len, b * DISK_BLOCK);
        uint32_t c = (uint32_t)crc32(0L, buf, (uInt)len);
        if (!ok || (!all && c == d->crc[b]))
            continue;
        d->crc[b] = c;
        put_disk_chunk(&s, i, b, buf, len, cbuf);
        ++*sent;
        if (s.len >= DISK_MSG_BYTES || b + 1 == d->nblocks) {
            dev_put_u32(&s, DISK_END);
            ok = !s.error && send_msg(fd, MSG_DISK, &s);
            *bytes += s.len;
            s.len = 0;
        }
    }
    if (ok && s.len) {          /* the last blocks were unchanged */
        dev_put_u32(&s, DISK_END);
        ok = !s.error && send_msg(fd, MSG_DISK, &s);
        *bytes += s.len;
    }
    free(buf);
    free(cbuf);
    dev_stream_free(&s);
    return ok;
}

/* Opens the writable drives for reading; false (err) if one cannot be. */
static bool disks_open(struct machine *m, struct disk_tx *d, char *err, size_t errlen)
{
    for (unsigned i = 0; i < MAX_DRIVES; i++)
        d[i] = (struct disk_tx){ .fd = -1 };
    for (unsigned i = 0; m->cfg.virt && i < m->cfg.ndrives; i++) {
        if (m->cfg.drives[i].readonly)
            continue;
        struct stat st;
        d[i].fd = open(m->cfg.drives[i].path, O_RDONLY | O_CLOEXEC);
        if (d[i].fd < 0 || fstat(d[i].fd, &st) != 0) {
            fail(err, errlen, "disk image '%s': %s", m->cfg.drives[i].path, strerror(errno));
            return false;
        }
        d[i].size = (uint64_t)st.st_size;
        d[i].nblocks = (d[i].size + DISK_BLOCK - 1) / DISK_BLOCK;
        d[i].crc = calloc(d[i].nblocks ? d[i].nblocks : 1, sizeof *d[i].crc);
        if (!d[i].crc) {
            fail(err, errlen, "out of memory");
            return false;
        }
    }
    return true;
}

static void disks_close(struct disk_tx *d, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        if (d[i].fd >= 0)
            close(d[i].fd);
        free(d[i].crc);
    }
}

/* Every writable drive's blocks (all) or the changed ones. */
static bool send_disks(struct machine *m, int fd, struct disk_tx *d, bool all,
                       uint64_t *sent, uint64_t *bytes, char *err, size_t errlen)
{
    for (unsigned i = 0; m->cfg.virt && i < m->cfg.ndrives; i++)
        if (d[i].fd >= 0 && !send_disk(fd, &d[i], i, all, sent, bytes)) {
            fail(err, errlen, "sending disk image '%s' failed", m->cfg.drives[i].path);
            return false;
        }
    return true;
}

/* The receiver: writes a 'D' message's blocks into m's images. */
static bool recv_disk(struct machine *m, struct dev_stream *s, char *err, size_t errlen)
{
    uint8_t *buf = malloc(DISK_BLOCK);
    int fds[MAX_DRIVES] = { -1, -1, -1, -1 };
    _Static_assert(MAX_DRIVES == 4, "fds initialiser");
    const char *why = buf ? NULL : "out of memory";
    while (!why) {
        uint32_t drive = dev_get_u32(s);
        if (s->error) {
            why = "truncated disk message";
            break;
        }
        if (drive == DISK_END)
            break;
        uint64_t b = dev_get_u64(s);
        uint32_t kind = dev_get_u32(s);
        struct stat st;
        if (s->error || !m->cfg.virt || drive >= m->cfg.ndrives ||
            m->cfg.drives[drive].readonly) {
            why = "disk block for a drive that is not writable here";
            break;
        }
        const char *path = m->cfg.drives[drive].path;
        if (fds[drive] < 0)
            fds[drive] = open(path, O_WRONLY | O_CLOEXEC);
        if (fds[drive] < 0 || fstat(fds[drive], &st) != 0) {
            why = "cannot open a disk image for writing";
            break;
        }
        uint64_t size = (uint64_t)st.st_size;
        if (b >= (size + DISK_BLOCK - 1) / DISK_BLOCK) {
            why = "disk block beyond the image";
            break;
        }
        size_t len = block_len(size, b);
        if (kind == 2) {
            memset(buf, 0, len);
        } else if (kind == 3 && dev_left(s) >= len) {
            dev_get(s, buf, len);
        } else if (kind == 1) {
            uint32_t clen = dev_get_u32(s);
            if (s->error || clen > dev_left(s) ||
                !lz_decompress(s->buf + s->pos, clen, buf, len)) {
                why = "bad compressed disk block";
                break;
            }
            s->pos += clen;
        } else {
            why = "bad disk block";
            break;
        }
        if (pwrite(fds[drive], buf, len, (off_t)(b * DISK_BLOCK)) != (ssize_t)len)
            why = "writing a disk image failed";
    }
    for (unsigned i = 0; i < MAX_DRIVES; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    free(buf);
    if (why)
        fail(err, errlen, "%s", why);
    return !why;
}

/* ---- the sender ---------------------------------------------------------- */

struct sender {
    struct machine *m;
    int fd;
    uint64_t npages, words;
    uint64_t *want;             /* pages still to send */
    uint64_t bytes;             /* sent so far */
    struct dev_stream s;
};

/* Runs the guest for about `secs` of host time (it shares the thread with
 * the copy); false if it powered off or reset meanwhile. */
static bool run_guest(struct machine *m, double secs)
{
    double until = now_s() + secs;
    do {
        struct machine_run_result r;
        machine_run(m, 20000u * m->nharts, &r);
        if (r.why == MACHINE_EXIT || r.why == MACHINE_RESET)
            return false;
        if (r.why == MACHINE_IDLE)
            break;      /* nothing to do before the next timer: copy on */
    } while (now_s() < until);
    fflush(m->console);
    return true;
}

/* Sends the pages in want, a batch at a time with the guest running in
 * between; clears want. */
static bool send_round(struct sender *x, char *err, size_t errlen)
{
    for (uint64_t first = 0; first < x->npages; first += BATCH_PAGES) {
        double t0 = now_s();
        x->s.len = 0;
        machine_snapshot_save_ram(x->m, &x->s, x->want, first, first + BATCH_PAGES);
        if (x->s.error || !send_msg(x->fd, MSG_RAM, &x->s)) {
            fail(err, errlen, x->s.error ? "out of memory" : "connection lost");
            return false;
        }
        x->bytes += x->s.len;
        if (!run_guest(x->m, now_s() - t0)) {
            fail(err, errlen, "the guest powered off or reset during the migration");
            return false;
        }
    }
    memset(x->want, 0, x->words * 8);
    /* wait for the receiver to catch up, the guest running meanwhile */
    struct dev_stream none = {0};
    if (!send_msg(x->fd, MSG_SYNC, &none)) {
        fail(err, errlen, "connection lost");
        return false;
    }
    struct pollfd p = { .fd = x->fd, .events = POLLIN };
    while (poll(&p, 1, 0) == 0)
        if (!run_guest(x->m, 0.005)) {
            fail(err, errlen, "the guest powered off or reset during the migration");
            return false;
        } else if (poll(&p, 1, 1) != 0) {
            break;
        }
    return recv_status(x->fd, err, errlen);
}

/* spec: [-s ]tcp:HOST:PORT; -s is stop-and-copy (no pre-copy rounds:
 * all of RAM goes in the final stop, the baseline pre-copy improves on). */
static bool migrate_out(struct machine *m, const char *spec, FILE *out)
{
    char host[256], port[16], err[512];
    bool stop_copy = !strncmp(spec, "-s ", 3);
    if (stop_copy)
        spec += 3 + strspn(spec + 3, " ");
    if (!parse_tcp(spec, "127.0.0.1", host, sizeof host, port, sizeof port)) {
        fprintf(out, "error: usage: migrate [-s] tcp:HOST:PORT\n");
        return false;
    }
    struct sender x = { .m = m, .npages = m->bus.ram_size >> PAGE_SHIFT };
    x.words = (x.npages + 63) / 64;
    double t0 = now_s();
    struct disk_tx disks[MAX_DRIVES];
    unsigned ndisks = m->cfg.virt ? m->cfg.ndrives : 0;
    uint64_t blocks = 0;
    bool ok = disks_open(m, disks, err, sizeof err);
    x.fd = ok ? tcp_open(host, port, false, err, sizeof err) : -1;
    ok = x.fd >= 0;
    if (ok && (!machine_snapshot_save_shape(m, &x.s, true, err, sizeof err) ||
               !send_msg(x.fd, MSG_HELLO, &x.s) || !recv_status(x.fd, err, sizeof err)))
        ok = false;
    /* the disks first, whole; what changes meanwhile goes at the stop */
    ok = ok && send_disks(m, x.fd, disks, true, &blocks, &x.bytes, err, sizeof err);
    x.want = ok ? malloc(x.words * 8) : NULL;
    if (ok && (!x.want || !machine_dirty_start(m))) {
        fail(err, sizeof err, "out of memory");
        ok = false;
    }
    unsigned rounds = 0;
    uint64_t dirty = x.npages;
    if (ok)
        memset(x.want, 0xff, x.words * 8);     /* round 0: everything */
    while (ok && !stop_copy) {
        ok = send_round(&x, err, sizeof err);
        dirty = machine_dirty_collect(m, x.want);
        rounds++;
        if (dirty <= FINAL_PAGES || rounds >= MAX_ROUNDS)
            break;
    }
    /* (harts on host threads ran on between the rounds: park them) */
    machine_stop(m);
    double stop = now_s(), done = stop;
    if (ok) {
        /* stop-and-copy: from here the guest runs only at the receiver */
        dirty += machine_dirty_collect(m, x.want);
        uint64_t changed = 0;
        ok = send_disks(m, x.fd, disks, false, &changed, &x.bytes, err, sizeof err);
        blocks += changed;
        x.s.len = 0;
        ok = ok && machine_snapshot_save_delta(m, &x.s, x.want, err, sizeof err);
        if (ok && !send_msg(x.fd, MSG_FINAL, &x.s)) {
            fail(err, sizeof err, "connection lost");
            ok = false;
        }
        ok = ok && recv_status(x.fd, err, sizeof err);
        x.bytes += x.s.len;
        done = now_s();
    }
    machine_dirty_stop(m);
    disks_close(disks, ndisks);
    if (x.fd >= 0)
        close(x.fd);
    free(x.want);
    dev_stream_free(&x.s);
    if (!ok) {
        fprintf(out, "error: migrate: %s\n", err);
        return false;
    }
    if (stop_copy)
        dirty = x.npages;
    fprintf(out, "migrated to %s:%s: %.1f MiB in %.3f s, %u pre-copy rounds, "
            "%llu pages in the final stop, downtime %.1f ms", host, port,
            (double)x.bytes / (1 << 20), done - t0, rounds, (unsigned long long)dirty,
            (done - stop) * 1e3);
    if (ndisks)
        fprintf(out, "; %llu disk blocks of 64 KiB sent", (unsigned long long)blocks);
    fputc('\n', out);
    /* the guest lives on at the receiver: this machine ends when resumed */
    m->exit = EXIT_POWEROFF;
    return true;
}

/* ---- the receiver -------------------------------------------------------- */

static bool receive(struct machine *m, int fd, char *err, size_t errlen)
{
    struct dev_stream s = {0};
    uint32_t kind;
    bool ok = recv_msg(fd, max_msg(m), &kind, &s) && kind == MSG_HELLO;
    if (!ok)
        fail(err, errlen, "no migration stream from the sender");
    else if (!machine_snapshot_check_shape(m, &s, err, errlen)) {
        send_status(fd, false, err);
        ok = false;
    } else {
        /* pages arrive only where the sender's RAM is not zero */
        machine_flush_code(m);
        bus_ram_clear(&m->bus);
        ok = send_status(fd, true, "");
        if (!ok)
            fail(err, errlen, "the sender closed the connection");
    }
    while (ok) {
        s.pos = 0;
        if (!recv_msg(fd, max_msg(m), &kind, &s) ||
            (kind != MSG_RAM && kind != MSG_FINAL && kind != MSG_SYNC && kind != MSG_DISK)) {
            fail(err, errlen, "the migration stream broke off");
            ok = false;
        } else if (kind == MSG_DISK) {
            ok = recv_disk(m, &s, err, errlen);
        } else if (kind == MSG_SYNC) {
            ok = send_status(fd, true, "");
        } else if (kind == MSG_RAM) {
            ok = machine_snapshot_load_ram(m, &s, err, errlen);
        } else {
            ok = machine_snapshot_load(m, &s, err, errlen);
            send_status(fd, ok, err);
            break;
        }
    }
    dev_stream_free(&s);
    return ok;
}

bool migrate_incoming(struct machine *m, const char *spec, char *err, size_t errlen)
{
    char host[256], port[16];
    if (!parse_tcp(spec, "127.0.0.1", host, sizeof host, port, sizeof port)) {
        fail(err, errlen, "--incoming: expected tcp:[HOST:]PORT, not '%s'", spec);
        return false;
    }
    int lfd = tcp_open(host, port, true, err, errlen);
    if (lfd < 0)
        return false;
    fprintf(stderr, "rvx: waiting for a migration on %s:%s\n", host, port);
    int fd;
    do
        fd = accept(lfd, NULL, NULL);
    while (fd < 0 && errno == EINTR);
    close(lfd);
    if (fd < 0) {
        fail(err, errlen, "--incoming: %s", strerror(errno));
        return false;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    bool ok = receive(m, fd, err, errlen);
    close(fd);
    if (!ok) {
        char why[512];
        snprintf(why, sizeof why, "%s", err);
        fail(err, errlen, "migration: %s", why);
    }
    return ok;
}

/* ---- the monitor's commands ---------------------------------------------- */

static const char *arg_of(const char *line, const char *word)
{
    size_t n = strlen(word);
    if (strncmp(line, word, n) || (line[n] && line[n] != ' ' && line[n] != '\t'))
        return NULL;
    line += n;
    while (*line == ' ' || *line == '\t')
        line++;
    return line;
}

/* The monitor's snapshot commands: one row each. */
static const struct {
    const char *name, *done;
    bool (*run)(struct machine *, const char *, char *, size_t);
} snapshot_commands[] = {
    { "savevm", "saved to", machine_snapshot_write_file },
    { "loadvm", "loaded", machine_snapshot_read_file },
};

bool machine_monitor_command(void *machine, const char *line, FILE *out)
{
    struct machine *m = machine;
    char err[512];
    const char *a;
    for (size_t i = 0; i < sizeof snapshot_commands / sizeof *snapshot_commands; i++) {
        if (!(a = arg_of(line, snapshot_commands[i].name)))
            continue;
        double t0 = now_s(), c0 = cpu_s();
        if (!*a)
            fprintf(out, "error: usage: %s FILE\n", snapshot_commands[i].name);
        else if (!snapshot_commands[i].run(m, a, err, sizeof err))
            fprintf(out, "error: %s\n", err);
        else
            fprintf(out, "%s %s in %.3f s (%.3f s CPU)\n", snapshot_commands[i].done, a,
                    now_s() - t0, cpu_s() - c0);
        return true;
    }
    if ((a = arg_of(line, "migrate"))) {
        migrate_out(m, a, out);
        return true;
    }
    return false;
}

static const char machine_help[] =
    "savevm FILE           write a snapshot of the machine\n"
    "loadvm FILE           load a snapshot (same machine options)\n"
    "migrate [-s] tcp:HOST:PORT  move the machine to rvx --incoming tcp:PORT\n"
    "                      (pre-copy; -s: stop-and-copy)\n";

void machine_monitor_access(struct dbg_access *acc, struct machine *m)
{
    *acc = dbg_access_hart;
    acc->machine_cmd = machine_monitor_command;
    acc->machine = m;
    acc->machine_help = machine_help;
}
