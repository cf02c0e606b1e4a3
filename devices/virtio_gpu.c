/* virtio-gpu 2D (VIRTIO 1.2 section 5.7).  Every control command is
 * handled synchronously when the driver notifies, so a fenced command is
 * complete by the time its response (which echoes the fence) is used.
 *
 * Power-off: Linux 6.12 (the default guest) marks every virtio driver's
 * queues broken and resets the device (status 0, section 2.4) in
 * device_shutdown(), and its virtio-gpu driver has no shutdown hook that
 * stops fbcon first (upstream added one in 2025).  A console line drawn
 * after that, e.g. "reboot: Power down" with console=tty0, makes
 * virtio_gpu_queue_ctrl_sgs() warn (virtgpu_vq.c:373): virtqueue_add_sgs()
 * returned -EIO for the queue the guest broke itself, so nothing reaches
 * this device.  QEMU prints the same warning with the same kernel.  What is
 * ours: every request before the reset is answered, and the picture
 * outlives the reset (the retired resource below); see
 * tests/system/display/test_poweroff.sh. */
#include "devices/virtio_gpu.h"

#include <stdlib.h>
#include <string.h>

#include "mem/bus.h"

#define QUEUE_MAX 256u
#define CONTROLQ 0
#define CURSORQ 1
#define NUM_SCANOUTS 1u
#define MAX_SCANOUTS 16u        /* entries in the display-info response */
#define BPP 4u                  /* every 2D format has 4 bytes a pixel */
#define MAX_DIM 16384u
#define MAX_RESOURCES 1024u
/* Host memory the guest may make us allocate for resources (QEMU's
 * default max_hostmem is the same). */
#define MAX_HOSTMEM (256ull << 20)
#define MAX_BACKING_ENTRIES 16384u

#define HDR_SIZE 24u            /* struct virtio_gpu_ctrl_hdr */
#define MEM_ENTRY_SIZE 16u      /* struct virtio_gpu_mem_entry */
#define DISPLAY_INFO_SIZE (HDR_SIZE + MAX_SCANOUTS * 24u)
#define MAX_REQ 64u             /* largest fixed request we parse */
#define FLAG_INFO_RING_IDX 2u
#define VIRTIO_GPU_EVENT_DISPLAY 1u     /* the only events_read bit (5.7.4) */

struct backing {
    uint64_t addr, len;
    uint64_t start;             /* offset of this entry in the backing */
};

struct resource {
    uint32_t id, format, width, height;
    uint8_t *image;             /* width * height * BPP bytes */
    struct backing *bk;
    uint32_t nbk;
    uint64_t bk_len;            /* total backing bytes */
};

struct gpu_scanout {
    uint32_t res_id;            /* 0: disabled */
    uint32_t x, y, w, h;
};

struct virtio_gpu {
    struct virtio vio;
    struct virtio_chain chain;
    uint32_t width, height;     /* preferred mode */
    uint32_t events_read;       /* config: pending display events */
    struct resource *res[MAX_RESOURCES];
    unsigned nres;
    uint64_t hostmem;
    struct gpu_scanout so;
    /* What scanout 0 showed when the driver reset the device (Linux does
     * at power-off): still on screen until the driver sets a scanout, so
     * an exit screenshot shows the last picture rather than nothing. */
    struct resource *retired;
    struct gpu_scanout retired_so;
    uint64_t generation;
};

/* Byte offsets of R, G, B inside a pixel, by format (5.7.6.8). */
static const struct {
    uint32_t format;
    uint8_t r, g, b;
} formats[] = {
    { VIRTIO_GPU_FORMAT_B8G8R8A8_UNORM, 2, 1, 0 },
    { VIRTIO_GPU_FORMAT_B8G8R8X8_UNORM, 2, 1, 0 },
    { VIRTIO_GPU_FORMAT_A8R8G8B8_UNORM, 1, 2, 3 },
    { VIRTIO_GPU_FORMAT_X8R8G8B8_UNORM, 1, 2, 3 },
    { VIRTIO_GPU_FORMAT_R8G8B8A8_UNORM, 0, 1, 2 },
    { VIRTIO_GPU_FORMAT_X8B8G8R8_UNORM, 3, 2, 1 },
    { VIRTIO_GPU_FORMAT_A8B8G8R8_UNORM, 3, 2, 1 },
    { VIRTIO_GPU_FORMAT_R8G8B8X8_UNORM, 0, 1, 2 },
};

static int format_index(uint32_t format)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (formats[i].format == format)
            return (int)i;
    return -1;
}

static uint32_t get32(const uint8_t *req, unsigned off)
{
    return (uint32_t)le_load(req + off, 4);
}

/* A rectangle of the request at off: struct virtio_gpu_rect. */
struct rect {
    uint32_t x, y, w, h;
};

static struct rect get_rect(const uint8_t *req, unsigned off)
{
    return (struct rect){ get32(req, off), get32(req, off + 4),
                          get32(req, off + 8), get32(req, off + 12) };
}

/* Computed in 64 bits so x + w cannot wrap. */
static bool rect_inside(struct rect r, const struct resource *res)
{
    return (uint64_t)r.x + r.w <= res->width && (uint64_t)r.y + r.h <= res->height;
}

static struct resource *find_res(struct virtio_gpu *g, uint32_t id, unsigned *idx)
{
    for (unsigned i = 0; i < g->nres; i++)
        if (g->res[i]->id == id) {
            if (idx)
                *idx = i;
            return g->res[i];
        }
    return NULL;
}

static void drop_backing(struct resource *r)
{
    free(r->bk);
    r->bk = NULL;
    r->nbk = 0;
    r->bk_len = 0;
}

static void free_res(struct resource *r)
{
    if (!r)
        return;
    drop_backing(r);
    free(r->image);
    free(r);
}

static void drop_retired(struct virtio_gpu *g)
{
    free_res(g->retired);
    g->retired = NULL;
}

/* Takes resource idx out of the table; retire: keep it as the retired
 * picture if it is on the scanout, instead of freeing it. */
static void destroy_res(struct virtio_gpu *g, unsigned idx, bool retire)
{
    struct resource *r = g->res[idx];
    g->hostmem -= (uint64_t)r->width * r->height * BPP;
    g->res[idx] = g->res[--g->nres];
    if (g->so.res_id == r->id) {
        g->so.res_id = 0;
        g->generation++;
        if (retire) {
            drop_retired(g);
            g->retired = r;
            g->retired_so = g->so;
            g->retired_so.res_id = r->id;
            return;
        }
    }
    free_res(r);
}

/* Copies len bytes at offset off of r's backing into dst.  The caller has
 * checked off + len <= bk_len; every entry was checked to lie in RAM when
 * it was attached, and RAM never moves. */
static void backing_read(struct virtio_gpu *g, const struct resource *r,
                         uint64_t off, uint8_t *dst, uint64_t len)
{
    uint32_t lo = 0, hi = r->nbk;
    while (hi - lo > 1) {       /* last entry starting at or before off */
        uint32_t mid = lo + (hi - lo) / 2;
        if (r->bk[mid].start <= off)
            lo = mid;
        else
            hi = mid;
    }
    for (uint32_t i = lo; len && i < r->nbk; i++) {
        uint64_t in = off - r->bk[i].start;
        uint64_t n = r->bk[i].len - in < len ? r->bk[i].len - in : len;
        const uint8_t *src = bus_ram_ptr(g->vio.bus, r->bk[i].addr + in, n);
        if (src)
            memcpy(dst, src, n);
        dst += n;
        off += n;
        len -= n;
    }
}

/* ---- commands: each returns the response type ------------------------- */

static uint32_t cmd_display_info(struct virtio_gpu *g, const uint8_t *req,
                                 uint8_t *resp)
{
    /* pmodes[0]: rect (0, 0, width, height), enabled = 1, flags = 0. */
    uint8_t *pm = resp + HDR_SIZE;
    le_store(pm + 8, 4, g->width);
    le_store(pm + 12, 4, g->height);
    le_store(pm + 16, 4, 1);
    return VIRTIO_GPU_RESP_OK_DISPLAY_INFO;
}

static uint32_t cmd_create_2d(struct virtio_gpu *g, const uint8_t *req)
{
    uint32_t id = get32(req, 24), format = get32(req, 28);
    uint32_t w = get32(req, 32), h = get32(req, 36);
    if (id == 0 || find_res(g, id, NULL))
        return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
    if (format_index(format) < 0 || !w || !h || w > MAX_DIM || h > MAX_DIM)
        return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
    uint64_t bytes = (uint64_t)w * h * BPP;
    if (g->nres == MAX_RESOURCES || bytes > MAX_HOSTMEM - g->hostmem)
        return VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY;
    struct resource *r = calloc(1, sizeof *r);
    uint8_t *img = calloc(1, bytes);
    if (!r || !img) {
        free(r);
        free(img);
        return VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY;
    }
    *r = (struct resource){ .id = id, .format = format, .width = w,
                            .height = h, .image = img };
    g->res[g->nres++] = r;
    g->hostmem += bytes;
    return VIRTIO_GPU_RESP_OK_NODATA;
}

static uint32_t cmd_unref(struct virtio_gpu *g, const uint8_t *req)
{
    unsigned idx;
    if (!find_res(g, get32(req, 24), &idx))
        return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
    destroy_res(g, idx, false);
    return VIRTIO_GPU_RESP_OK_NODATA;
}

static uint32_t cmd_set_scanout(struct virtio_gpu *g, const uint8_t *req)
{
    struct rect r = get_rect(req, 24);
    uint32_t sid = get32(req, 40), id = get32(req, 44);
    if (sid >= NUM_SCANOUTS)
        return VIRTIO_GPU_RESP_ERR_INVALID_SCANOUT_ID;
    g->generation++;
    drop_retired(g);
    if (id == 0 || r.w == 0 || r.h == 0) {      /* 5.7.6.8: disable */
        g->so.res_id = 0;
        return VIRTIO_GPU_RESP_OK_NODATA;
    }
    struct resource *res = find_res(g, id, NULL);
    if (!res)
        return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
    if (!rect_inside(r, res))
        return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
    g->so = (struct gpu_scanout){ .res_id = id, .x = r.x, .y = r.y,
                                  .w = r.w, .h = r.h };
    return VIRTIO_GPU_RESP_OK_NODATA;
}

static uint32_t cmd_flush(struct virtio_gpu *g, const uint8_t *req)
{
    struct resource *res = find_res(g, get32(req, 40), NULL);
    if (!res)
        return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
    if (!rect_inside(get_rect(req, 24), res))
        return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
    if (res->id == g->so.res_id)
        g->generation++;
    return VIRTIO_GPU_RESP_OK_NODATA;
}

static uint32_t cmd_transfer_2d(struct virtio_gpu *g, const uint8_t *req)
{
    struct rect r = get_rect(req, 24);
    uint64_t offset = le_load(req + 40, 8);
    struct resource *res = find_res(g, get32(req, 48), NULL);
    if (!res || !res->bk)
        return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
    if (!rect_inside(r, res))
        return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
    if (r.w == 0 || r.h == 0)
        return VIRTIO_GPU_RESP_OK_NODATA;
    /* Row h of the rectangle comes from offset + h * stride of the backing
     * (the backing is laid out like the resource, stride = width * 4). */
    uint64_t stride = (uint64_t)res->width * BPP, row = (uint64_t)r.w * BPP;
    if (offset > res->bk_len || stride * (r.h - 1) + row > res->bk_len - offset)
        return VIRTIO_GPU_RESP_ERR_INVALID_PARAMETER;
    for (uint32_t h = 0; h < r.h; h++)
        backing_read(g, res, offset + stride * h,
                     res->image + (r.y + h) * stride + (uint64_t)r.x * BPP, row);
    return VIRTIO_GPU_RESP_OK_NODATA;
}

static uint32_t cmd_attach_backing(struct virtio_gpu *g, const uint8_t *req,
                                   const struct virtio_chain *c)
{
    struct resource *res = find_res(g, get32(req, 24), NULL);
    uint32_t n = get32(req, 28);
    if (!res)
        return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
    if (res->bk || n == 0 || n > MAX_BACKING_ENTRIES ||
        c->rd_len < 32 + (uint64_t)n * MEM_ENTRY_SIZE)
        return VIRTIO_GPU_RESP_ERR_UNSPEC;
    struct backing *bk = calloc(n, sizeof *bk);
    if (!bk)
        return VIRTIO_GPU_RESP_ERR_OUT_OF_MEMORY;
    uint64_t total = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint8_t e[MEM_ENTRY_SIZE];
        virtio_chain_read(&g->vio, c, 32 + (uint64_t)i * MEM_ENTRY_SIZE, e, sizeof e);
        bk[i].addr = le_load(e, 8);
        bk[i].len = le_load(e + 8, 4);
        bk[i].start = total;
        total += bk[i].len;
        /* Backing pages must be guest RAM (a device can DMA nowhere else). */
        if (!bk[i].len || !bus_ram_ptr(g->vio.bus, bk[i].addr, bk[i].len)) {
            free(bk);
            return VIRTIO_GPU_RESP_ERR_UNSPEC;
        }
    }
    res->bk = bk;
    res->nbk = n;
    res->bk_len = total;
    return VIRTIO_GPU_RESP_OK_NODATA;
}

static uint32_t cmd_detach_backing(struct virtio_gpu *g, const uint8_t *req)
{
    struct resource *res = find_res(g, get32(req, 24), NULL);
    if (!res)
        return VIRTIO_GPU_RESP_ERR_INVALID_RESOURCE_ID;
    if (!res->bk)
        return VIRTIO_GPU_RESP_ERR_UNSPEC;
    drop_backing(res);
    return VIRTIO_GPU_RESP_OK_NODATA;
}

/* Request sizes (header included) of the commands we implement. */
static const struct {
    uint32_t type, size;
} req_sizes[] = {
    { VIRTIO_GPU_CMD_GET_DISPLAY_INFO, HDR_SIZE },
    { VIRTIO_GPU_CMD_RESOURCE_CREATE_2D, 40 },
    { VIRTIO_GPU_CMD_RESOURCE_UNREF, 32 },
    { VIRTIO_GPU_CMD_SET_SCANOUT, 48 },
    { VIRTIO_GPU_CMD_RESOURCE_FLUSH, 48 },
    { VIRTIO_GPU_CMD_TRANSFER_TO_HOST_2D, 56 },
    { VIRTIO_GPU_CMD_RESOURCE_ATTACH_BACKING, 32 },
    { VIRTIO_GPU_CMD_RESOURCE_DETACH_BACKING, 32 },
};

static uint32_t request_size(uint32_t type)
{
    for (size_t i = 0; i < sizeof req_sizes / sizeof req_sizes[0]; i++)
        if (req_sizes[i].type == type)
            return req_sizes[i].size;
    return 0;
}

static uint32_t dispatch(struct virtio_gpu *g, uint32_t type, const uint8_t *req,
                         const struct virtio_chain *c, uint8_t *resp)
{
    switch (type) {
    case VIRTIO_GPU_CMD_GET_DISPLAY_INFO: return cmd_display_info(g, req, resp);
    case VIRTIO_GPU_CMD_RESOURCE_CREATE_2D: return cmd_create_2d(g, req);
    case VIRTIO_GPU_CMD_RESOURCE_UNREF: return cmd_unref(g, req);
    case VIRTIO_GPU_CMD_SET_SCANOUT: return cmd_set_scanout(g, req);
    case VIRTIO_GPU_CMD_RESOURCE_FLUSH: return cmd_flush(g, req);
    case VIRTIO_GPU_CMD_TRANSFER_TO_HOST_2D: return cmd_transfer_2d(g, req);
    case VIRTIO_GPU_CMD_RESOURCE_ATTACH_BACKING: return cmd_attach_backing(g, req, c);
    case VIRTIO_GPU_CMD_RESOURCE_DETACH_BACKING: return cmd_detach_backing(g, req);
    default: return VIRTIO_GPU_RESP_ERR_UNSPEC;
    }
}

/* Handles one control request; returns the bytes written back. */
static uint32_t control(struct virtio_gpu *g, const struct virtio_chain *c)
{
    uint8_t req[MAX_REQ] = { 0 };
    uint8_t resp[DISPLAY_INFO_SIZE] = { 0 };
    size_t got = virtio_chain_read(&g->vio, c, 0, req, sizeof req);
    uint32_t type = get32(req, 0), size = request_size(type), rtype;
    if (got < HDR_SIZE || size == 0 || got < size)
        rtype = VIRTIO_GPU_RESP_ERR_UNSPEC;     /* unknown or truncated */
    else
        rtype = dispatch(g, type, req, c, resp);
    /* 5.7.6.7: a fenced request's response carries the same fence (and
     * ring index); we finish every command before answering. */
    uint32_t flags = get32(req, 4) & (VIRTIO_GPU_FLAG_FENCE | FLAG_INFO_RING_IDX);
    le_store(resp, 4, rtype);
    le_store(resp + 4, 4, flags);
    memcpy(resp + 8, req + 8, 8 + 4 + 1);      /* fence_id, ctx_id, ring_idx */
    size_t len = rtype == VIRTIO_GPU_RESP_OK_DISPLAY_INFO ? DISPLAY_INFO_SIZE : HDR_SIZE;
    return (uint32_t)virtio_chain_write(&g->vio, c, 0, resp, len);
}

static void gpu_notify(struct virtio *v, unsigned q)
{
    struct virtio_gpu *g = v->dev;
    while (virtio_queue_pop(v, q, &g->chain)) {
        /* Cursor updates need no answer and we draw no cursor. */
        uint32_t written = q == CONTROLQ ? control(g, &g->chain) : 0;
        virtio_queue_push(v, q, &g->chain, written);
    }
}

/* struct virtio_gpu_config: events_read, events_clear, num_scanouts,
 * num_capsets (5.7.4). */
static uint64_t gpu_config_read(struct virtio *v, uint64_t off, unsigned size)
{
    struct virtio_gpu *g = v->dev;
    uint8_t cfg[16] = { 0 };
    le_store(cfg, 4, g->events_read);
    le_store(cfg + 8, 4, NUM_SCANOUTS);
    return virtio_config_bytes(cfg, sizeof cfg, off, size);
}

static void gpu_config_write(struct virtio *v, uint64_t off, uint64_t val,
                             unsigned size)
{
    struct virtio_gpu *g = v->dev;
    if (off == 4 && size == 4)      /* events_clear: write 1s to clear */
        g->events_read &= ~(uint32_t)val;
}

static void free_all(struct virtio_gpu *g, bool retire)
{
    while (g->nres)
        destroy_res(g, g->nres - 1, retire);
    g->so.res_id = 0;
    g->generation++;
}

static void gpu_reset(struct virtio *v)
{
    free_all(v->dev, true);
}

static void gpu_free_v(struct virtio *v)
{
    virtio_gpu_free(v->dev);
}

/* ---- snapshots ------------------------------------------------------------ */

/* Record, little-endian, after the transport's:
 *   u32 tag "gpu"/1, u32 width, u32 height (the preferred mode: must match
 *   the machine's), u32 events_read, u32 resource count, the resources,
 *   u32 scanout res_id, x, y, w, h, u32 retired (0/1) [, its resource, x,
 *   y, w, h];
 * a resource: u32 id, format, width, height, backing entry count, per
 * entry u64 addr and u32 len, then width * height * 4 image bytes (bytes,
 * in the resource's own pixel format, so host byte order does not enter).
 * The cursor queue is answered and ignored, so there is no cursor state;
 * the generation counter is the frontend's and only moves on load. */
#define GPU_SNAP_TAG DEV_TAG('g', 'p', 'u', 1)
#define BK_RECORD 12u           /* u64 addr + u32 len */

static void save_res(struct dev_stream *out, const struct resource *r)
{
    dev_put_u32(out, r->id);
    dev_put_u32(out, r->format);
    dev_put_u32(out, r->width);
    dev_put_u32(out, r->height);
    dev_put_u32(out, r->nbk);
    for (uint32_t i = 0; i < r->nbk; i++) {
        dev_put_u64(out, r->bk[i].addr);
        dev_put_u32(out, (uint32_t)r->bk[i].len);
    }
    dev_put(out, r->image, (size_t)r->width * r->height * BPP);
}

static void save_rect(struct dev_stream *out, const struct gpu_scanout *so)
{
    dev_put_u32(out, so->x);
    dev_put_u32(out, so->y);
    dev_put_u32(out, so->w);
    dev_put_u32(out, so->h);
}

static bool gpu_save(struct virtio *v, struct dev_stream *out)
{
    struct virtio_gpu *g = v->dev;
    dev_put_u32(out, GPU_SNAP_TAG);
    dev_put_u32(out, g->width);
    dev_put_u32(out, g->height);
    dev_put_u32(out, g->events_read);
    dev_put_u32(out, g->nres);
    for (unsigned i = 0; i < g->nres; i++)
        save_res(out, g->res[i]);
    dev_put_u32(out, g->so.res_id);
    save_rect(out, &g->so);
    dev_put_u32(out, g->retired != NULL);
    if (g->retired) {
        save_res(out, g->retired);
        save_rect(out, &g->retired_so);
    }
    return !out->error;
}

/* Backing entries as ATTACH_BACKING checks them: non-empty and wholly in
 * guest RAM (backing_read relies on it).  Only the RAM map is consulted,
 * not its contents. */
static bool load_backing(struct virtio_gpu *g, struct dev_stream *in,
                         struct resource *r, uint32_t n)
{
    if (n == 0)
        return true;
    r->bk = calloc(n, sizeof *r->bk);
    if (!dev_require(in, r->bk != NULL))
        return false;
    r->nbk = n;
    for (uint32_t i = 0; i < n; i++) {
        r->bk[i].addr = dev_get_u64(in);
        r->bk[i].len = dev_get_u32(in);
        r->bk[i].start = r->bk_len;
        r->bk_len += r->bk[i].len;
        if (!dev_require(in, r->bk[i].len &&
                             bus_ram_ptr(g->vio.bus, r->bk[i].addr, r->bk[i].len)))
            return false;
    }
    return true;
}

/* One resource, checked as CREATE_2D checks it; *budget is the host memory
 * its image may still take.  The counts are compared with what the stream
 * holds before anything is allocated.  NULL on bad input. */
static struct resource *load_res(struct virtio_gpu *g, struct dev_stream *in,
                                 uint64_t *budget)
{
    uint32_t id = dev_get_u32(in), format = dev_get_u32(in);
    uint32_t w = dev_get_u32(in), h = dev_get_u32(in), nbk = dev_get_u32(in);
    if (!dev_require(in, id && format_index(format) >= 0 && w && h &&
                         w <= MAX_DIM && h <= MAX_DIM &&
                         nbk <= MAX_BACKING_ENTRIES))
        return NULL;
    uint64_t bytes = (uint64_t)w * h * BPP;
    if (!dev_require(in, bytes <= *budget &&
                         (uint64_t)nbk * BK_RECORD + bytes <= dev_left(in)))
        return NULL;
    struct resource *r = calloc(1, sizeof *r);
    uint8_t *img = malloc((size_t)bytes);
    if (!dev_require(in, r && img)) {
        free(r);
        free(img);
        return NULL;
    }
    *r = (struct resource){ .id = id, .format = format, .width = w,
                            .height = h, .image = img };
    if (load_backing(g, in, r, nbk))
        dev_get(in, r->image, (size_t)bytes);
    if (in->error) {
        free_res(r);
        return NULL;
    }
    *budget -= bytes;
    return r;
}

/* A scanout rectangle; it must lie inside res, as SET_SCANOUT requires. */
static void load_rect(struct dev_stream *in, struct gpu_scanout *so,
                      const struct resource *res)
{
    so->x = dev_get_u32(in);
    so->y = dev_get_u32(in);
    so->w = dev_get_u32(in);
    so->h = dev_get_u32(in);
    if (res)
        dev_require(in, rect_inside((struct rect){ so->x, so->y, so->w, so->h },
                                    res));
}

static bool load_resources(struct virtio_gpu *g, struct dev_stream *in)
{
    uint32_t n = dev_get_u32(in);
    uint64_t budget = MAX_HOSTMEM;
    if (!dev_require(in, n <= MAX_RESOURCES))
        return false;
    for (uint32_t i = 0; i < n; i++) {
        struct resource *r = load_res(g, in, &budget);
        if (!r)
            return false;
        if (!dev_require(in, !find_res(g, r->id, NULL))) {   /* ids unique */
            free_res(r);
            return false;
        }
        g->res[g->nres++] = r;
        g->hostmem += (uint64_t)r->width * r->height * BPP;
    }
    return true;
}

/* The scanout, then the retired picture, which exists only while no
 * scanout is set (SET_SCANOUT drops it). */
static bool load_scanouts(struct virtio_gpu *g, struct dev_stream *in)
{
    g->so.res_id = dev_get_u32(in);
    const struct resource *res = g->so.res_id ? find_res(g, g->so.res_id, NULL)
                                              : NULL;
    if (!dev_require(in, !g->so.res_id || res))
        return false;
    load_rect(in, &g->so, res);
    uint32_t retired = dev_get_u32(in);
    if (!dev_require(in, retired <= 1 && !(retired && g->so.res_id)))
        return false;
    if (!retired)
        return true;
    uint64_t budget = MAX_HOSTMEM;
    g->retired = load_res(g, in, &budget);
    if (!g->retired)
        return false;
    g->retired_so.res_id = g->retired->id;
    load_rect(in, &g->retired_so, g->retired);
    return !in->error;
}

/* Forgets everything, the retired picture included (a plain reset would
 * keep the scanout's resource as that picture). */
static void gpu_clear(struct virtio_gpu *g)
{
    free_all(g, false);
    drop_retired(g);
    g->events_read = 0;
}

static bool gpu_load(struct virtio *v, struct dev_stream *in)
{
    struct virtio_gpu *g = v->dev;
    gpu_clear(g);
    if (dev_get_tag(in, GPU_SNAP_TAG)) {
        uint32_t w = dev_get_u32(in), h = dev_get_u32(in);
        g->events_read = dev_get_u32(in);
        if (dev_require(in, w == g->width && h == g->height &&
                            !(g->events_read & ~VIRTIO_GPU_EVENT_DISPLAY)) &&
            load_resources(g, in))
            load_scanouts(g, in);
    }
    if (in->error) {
        gpu_clear(g);
        return false;
    }
    return true;
}

static const struct virtio_dev_ops gpu_ops = {
    .name = "virtio-gpu",
    .device_id = VIRTIO_ID_GPU,
    .features = 0,              /* no virgl, EDID, UUIDs or blobs */
    .nqueues = 2,
    .queue_max = QUEUE_MAX,
    .notify = gpu_notify,
    .config_read = gpu_config_read,
    .config_write = gpu_config_write,
    .reset = gpu_reset,
    .free = gpu_free_v,
    .save = gpu_save,
    .load = gpu_load,
};

struct virtio_gpu *virtio_gpu_new(struct bus *bus, uint64_t base,
                                  virtio_irq_fn irq, void *irq_opaque,
                                  int irq_line, uint32_t width, uint32_t height)
{
    if (!width || !height || width > MAX_DIM || height > MAX_DIM)
        return NULL;
    struct virtio_gpu *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->width = width;
    g->height = height;
    if (!virtio_init(&g->vio, bus, base, &gpu_ops, g, irq, irq_opaque, irq_line)) {
        free(g);
        return NULL;
    }
    return g;
}

void virtio_gpu_free(struct virtio_gpu *g)
{
    if (!g)
        return;
    free_all(g, false);
    drop_retired(g);
    virtio_chain_destroy(&g->chain);
    free(g);
}

bool virtio_gpu_scanout(const struct virtio_gpu *g, struct scanout *out)
{
    const struct resource *res = NULL;
    const struct gpu_scanout *so = &g->so;
    for (unsigned i = 0; i < g->nres && !res && so->res_id; i++)
        if (g->res[i]->id == so->res_id)
            res = g->res[i];
    if (!so->res_id && g->retired) {
        res = g->retired;
        so = &g->retired_so;
    }
    if (!res)
        return false;
    int f = format_index(res->format);
    uint32_t stride = res->width * BPP;
    *out = (struct scanout){
        .pixels = res->image + (uint64_t)so->y * stride + (uint64_t)so->x * BPP,
        .width = so->w, .height = so->h, .stride = stride,
        .r_off = formats[f].r, .g_off = formats[f].g, .b_off = formats[f].b,
        .generation = g->generation,
    };
    return true;
}

/* ctx->arg: a struct screen_mode, NULL for the default. */
struct device *virtio_gpu_create(const struct device_ctx *ctx)
{
    const struct screen_mode *mode = ctx->arg;
    struct virtio_gpu *g = virtio_gpu_new(ctx->bus, ctx->base, ctx->irq_fn,
                                          ctx->irq_opaque, ctx->irq,
                                          mode ? mode->width : VIRTIO_GPU_DEFAULT_WIDTH,
                                          mode ? mode->height : VIRTIO_GPU_DEFAULT_HEIGHT);
    if (!g) {
        device_error(ctx, "cannot create virtio-gpu");
        return NULL;
    }
    return &g->vio.device;
}
