/* virtio-blk over a raw image file (VIRTIO 1.1 section 5.2).  Requests are
 * served synchronously with pread/pwrite when the driver notifies. */
#define _GNU_SOURCE     /* fdatasync, flock with -std=c11 */
#include "devices/virtio_blk.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Feature bits (5.2.3). */
#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_FLUSH 9

/* Request types and status values (5.2.6). */
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_T_GET_ID 8
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2

#define SECTOR 512u
#define REQ_HEADER 16u      /* le32 type, le32 reserved, le64 sector */
#define ID_BYTES 20u        /* GET_ID answer (5.2.6) */
#define QUEUE_MAX 128u
#define BOUNCE (64u * 1024)

/* Config space layout (5.2.4): capacity at 0, seg_max at 12. */
#define CFG_CAPACITY 0
#define CFG_SEG_MAX 12
#define CFG_BYTES 16

struct virtio_blk {
    struct virtio vio;
    int fd;
    bool readonly;
    uint64_t sectors;
    uint8_t config[CFG_BYTES];
    char id[ID_BYTES];
    struct virtio_chain chain;
    uint8_t *bounce;
};

/* Full-length pread/pwrite, retrying on EINTR and short transfers. */
static bool file_io(int fd, uint8_t *buf, size_t len, uint64_t off, bool write)
{
    while (len) {
        ssize_t n = write ? pwrite(fd, buf, len, (off_t)off)
                          : pread(fd, buf, len, (off_t)off);
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

static bool range_ok(const struct virtio_blk *b, uint64_t sector, uint64_t bytes)
{
    return bytes % SECTOR == 0 && sector <= b->sectors &&
           bytes / SECTOR <= b->sectors - sector;
}

/* IN: disk -> device-writable buffers (all but the final status byte). */
static uint8_t blk_in(struct virtio_blk *b, const struct virtio_chain *c,
                      uint64_t sector, uint64_t len)
{
    if (!range_ok(b, sector, len))
        return VIRTIO_BLK_S_IOERR;
    for (uint64_t done = 0; done < len;) {
        size_t n = len - done < BOUNCE ? (size_t)(len - done) : BOUNCE;
        if (!file_io(b->fd, b->bounce, n, sector * SECTOR + done, false) ||
            virtio_chain_write(&b->vio, c, done, b->bounce, n) != n)
            return VIRTIO_BLK_S_IOERR;
        done += n;
    }
    return VIRTIO_BLK_S_OK;
}

/* OUT: device-readable buffers after the header -> disk. */
static uint8_t blk_out(struct virtio_blk *b, const struct virtio_chain *c,
                       uint64_t sector, uint64_t len)
{
    /* 5.2.6.2: a read-only device fails writes. */
    if (b->readonly || !range_ok(b, sector, len))
        return VIRTIO_BLK_S_IOERR;
    for (uint64_t done = 0; done < len;) {
        size_t n = len - done < BOUNCE ? (size_t)(len - done) : BOUNCE;
        if (virtio_chain_read(&b->vio, c, REQ_HEADER + done, b->bounce, n) != n ||
            !file_io(b->fd, b->bounce, n, sector * SECTOR + done, true))
            return VIRTIO_BLK_S_IOERR;
        done += n;
    }
    /* Without FLUSH negotiated the driver cannot ask for durability, so
     * behave as a write-through cache (5.2.5). */
    if (!virtio_has_feature(&b->vio, VIRTIO_BLK_F_FLUSH) && !virtio_blk_flush(b))
        return VIRTIO_BLK_S_IOERR;
    return VIRTIO_BLK_S_OK;
}

/* Serves one request; returns the bytes written into the chain (data plus
 * the status byte), or -1 when the chain is malformed. */
static int64_t blk_request(struct virtio_blk *b, const struct virtio_chain *c)
{
    uint8_t hdr[REQ_HEADER];
    /* 5.2.6: a request is at least a readable header and a writable status
     * byte; anything less is a driver bug. */
    if (c->wr_len < 1 ||
        virtio_chain_read(&b->vio, c, 0, hdr, sizeof hdr) != sizeof hdr) {
        virtio_set_broken(&b->vio, "virtio-blk request without header or status");
        return -1;
    }
    uint32_t type = (uint32_t)le_load(hdr, 4);
    uint64_t sector = le_load(hdr + 8, 8);
    uint64_t data_in = c->wr_len - 1;   /* room before the status byte */
    uint64_t written = 0;
    uint8_t status;

    switch (type) {
    case VIRTIO_BLK_T_IN:
        status = blk_in(b, c, sector, data_in);
        written = status == VIRTIO_BLK_S_OK ? data_in : 0;
        break;
    case VIRTIO_BLK_T_OUT:
        status = blk_out(b, c, sector, c->rd_len - REQ_HEADER);
        break;
    case VIRTIO_BLK_T_FLUSH:
        status = virtio_blk_flush(b) ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR;
        break;
    case VIRTIO_BLK_T_GET_ID:
        written = data_in < ID_BYTES ? data_in : ID_BYTES;
        virtio_chain_write(&b->vio, c, 0, b->id, (size_t)written);
        status = VIRTIO_BLK_S_OK;
        break;
    default:
        status = VIRTIO_BLK_S_UNSUPP;
        break;
    }
    virtio_chain_write(&b->vio, c, c->wr_len - 1, &status, 1);
    written += 1;
    return written > UINT32_MAX ? UINT32_MAX : (int64_t)written;
}

static void blk_notify(struct virtio *v, unsigned q)
{
    struct virtio_blk *b = v->dev;
    while (virtio_queue_pop(v, q, &b->chain)) {
        int64_t written = blk_request(b, &b->chain);
        if (written < 0)
            return;
        virtio_queue_push(v, q, &b->chain, (uint32_t)written);
    }
}

static uint64_t blk_config_read(struct virtio *v, uint64_t off, unsigned size)
{
    struct virtio_blk *b = v->dev;
    return virtio_config_bytes(b->config, sizeof b->config, off, size);
}

static void blk_free_v(struct virtio *v)
{
    virtio_blk_free(v->dev);
}

/* Snapshot record: u32 tag "blk"/1, u64 capacity in sectors, u32
 * read-only.  A request is served whole inside the notify that pops it, so
 * nothing is ever in flight between two guest accesses and the transport's
 * ring indices say everything about the queue.  The disk contents are the
 * image file's (a host resource, not saved); the record names the disk the
 * guest saw, so a snapshot is not restored over a disk of another size or
 * writability, which the guest's cached configuration would contradict. */
#define BLK_SNAP_TAG DEV_TAG('b', 'l', 'k', 1)

static bool blk_save(struct virtio *v, struct dev_stream *out)
{
    struct virtio_blk *b = v->dev;
    dev_put_u32(out, BLK_SNAP_TAG);
    dev_put_u64(out, b->sectors);
    dev_put_u32(out, b->readonly);
    return !out->error;
}

static bool blk_load(struct virtio *v, struct dev_stream *in)
{
    struct virtio_blk *b = v->dev;
    if (!dev_get_tag(in, BLK_SNAP_TAG))
        return false;
    uint64_t sectors = dev_get_u64(in);
    uint32_t readonly = dev_get_u32(in);
    return dev_require(in, sectors == b->sectors && readonly == b->readonly);
}

static const struct virtio_dev_ops blk_ops = {
    .name = "virtio-blk",
    .device_id = VIRTIO_ID_BLOCK,
    .features = (1ull << VIRTIO_BLK_F_SEG_MAX) | (1ull << VIRTIO_BLK_F_FLUSH),
    .nqueues = 1,
    .queue_max = QUEUE_MAX,
    .notify = blk_notify,
    .config_read = blk_config_read,
    .free = blk_free_v,
    .save = blk_save,
    .load = blk_load,
};

static const struct virtio_dev_ops blk_ro_ops = {
    .name = "virtio-blk",
    .device_id = VIRTIO_ID_BLOCK,
    .features = (1ull << VIRTIO_BLK_F_SEG_MAX) | (1ull << VIRTIO_BLK_F_FLUSH) |
                (1ull << VIRTIO_BLK_F_RO),
    .nqueues = 1,
    .queue_max = QUEUE_MAX,
    .notify = blk_notify,
    .config_read = blk_config_read,
    .free = blk_free_v,
    .save = blk_save,
    .load = blk_load,
};

/* Opens, checks and locks the image; -1 with err filled on failure. */
static int open_image(const char *path, bool readonly, uint64_t *bytes,
                      char *err, size_t errlen)
{
    int fd = open(path, (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "disk image '%s': cannot open %s: %s", path,
                 readonly ? "read-only" : "read-write", strerror(errno));
        return -1;
    }
    struct stat st;
    const char *why = NULL;
    off_t end = -1;
    if (fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode)))
        why = "not a regular file or block device";
    else if ((end = lseek(fd, 0, SEEK_END)) < 0)
        why = "cannot determine its size";
    /* Two writers on one image corrupt it; QEMU locks the same way.  File
     * systems without locks (ENOLCK, EOPNOTSUPP) are tolerated. */
    else if (flock(fd, (readonly ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0 &&
             errno == EWOULDBLOCK)
        why = "in use by another process";
    if (why) {
        snprintf(err, errlen, "disk image '%s': %s", path, why);
        close(fd);
        return -1;
    }
    if ((uint64_t)end % SECTOR) {
        snprintf(err, errlen,
                 "disk image '%s': size %" PRIu64 " bytes is not a multiple of %u",
                 path, (uint64_t)end, SECTOR);
        close(fd);
        return -1;
    }
    *bytes = (uint64_t)end;
    return fd;
}

struct virtio_blk *virtio_blk_new(struct bus *bus, uint64_t base,
                                  virtio_irq_fn irq, void *irq_opaque,
                                  int irq_line, const char *path,
                                  bool readonly, char *err, size_t errlen)
{
    uint64_t bytes;
    int fd = open_image(path, readonly, &bytes, err, errlen);
    if (fd < 0)
        return NULL;
    struct virtio_blk *b = calloc(1, sizeof *b);
    uint8_t *bounce = malloc(BOUNCE);
    if (!b || !bounce) {
        snprintf(err, errlen, "disk image '%s': out of memory", path);
        goto fail;
    }
    b->fd = fd;
    b->readonly = readonly;
    b->sectors = bytes / SECTOR;
    b->bounce = bounce;
    le_store(b->config + CFG_CAPACITY, 8, b->sectors);
    /* Two descriptors of every request carry the header and the status. */
    le_store(b->config + CFG_SEG_MAX, 4, QUEUE_MAX - 2);
    /* GET_ID: the image's file name, truncated, zero-padded (5.2.6). */
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    memcpy(b->id, name, strnlen(name, ID_BYTES));
    if (!virtio_init(&b->vio, bus, base, readonly ? &blk_ro_ops : &blk_ops, b,
                     irq, irq_opaque, irq_line)) {
        snprintf(err, errlen, "virtio-blk at 0x%" PRIx64 ": no room on the bus",
                 base);
        goto fail;
    }
    return b;
fail:
    free(bounce);
    free(b);
    close(fd);
    return NULL;
}

bool virtio_blk_flush(struct virtio_blk *b)
{
    if (b->readonly)
        return true;
    return fdatasync(b->fd) == 0;
}

uint64_t virtio_blk_capacity(const struct virtio_blk *b)
{
    return b->sectors;
}

void virtio_blk_free(struct virtio_blk *b)
{
    if (!b)
        return;
    virtio_blk_flush(b);
    close(b->fd);
    virtio_chain_destroy(&b->chain);
    free(b->bounce);
    free(b);
}

struct device *virtio_blk_create(const struct device_ctx *ctx)
{
    const struct virtio_blk_opts *o = ctx->arg;
    struct virtio_blk *b = virtio_blk_new(ctx->bus, ctx->base, ctx->irq_fn,
                                          ctx->irq_opaque, ctx->irq, o->path,
                                          o->readonly, ctx->err, ctx->errlen);
    return b ? &b->vio.device : NULL;
}
