/* The physical address space: one RAM region, MMIO regions, and the
 * per-page bookkeeping the block cache needs (which RAM pages hold
 * translated code, which pages must never be accessed through a host
 * pointer because an MMIO region overlays them). */
#ifndef RVX_MEM_BUS_H
#define RVX_MEM_BUS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1ull << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

/* Guest memory is little-endian whatever the host is.  A naturally
 * aligned access of up to 8 bytes is one host access (a relaxed atomic),
 * so a hart on another host thread never sees half of it (RVWMO: aligned
 * accesses are single-copy atomic); a misaligned one is byte copies. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define RVX_HOST_LE 1
#else
#define RVX_HOST_LE 0
#endif

static inline uint64_t le_load(const void *p, unsigned size)
{
    const uint8_t *b = p;
    uint64_t v = 0;
#if RVX_HOST_LE
    bool aligned = ((uintptr_t)p & (size - 1)) == 0;
    switch (size) {
    case 1: return __atomic_load_n(b, __ATOMIC_RELAXED);
    case 2: { uint16_t t;
              if (aligned) return __atomic_load_n((const uint16_t *)p, __ATOMIC_RELAXED);
              memcpy(&t, b, 2); return t; }
    case 4: { uint32_t t;
              if (aligned) return __atomic_load_n((const uint32_t *)p, __ATOMIC_RELAXED);
              memcpy(&t, b, 4); return t; }
    default:
        if (aligned) return __atomic_load_n((const uint64_t *)p, __ATOMIC_RELAXED);
        memcpy(&v, b, 8); return v;
    }
#else
    if (((uintptr_t)p & (size - 1)) == 0) {
        switch (size) {     /* one host access, then the bytes swapped */
        case 1: return __atomic_load_n(b, __ATOMIC_RELAXED);
        case 2: return __builtin_bswap16(__atomic_load_n((const uint16_t *)p, __ATOMIC_RELAXED));
        case 4: return __builtin_bswap32(__atomic_load_n((const uint32_t *)p, __ATOMIC_RELAXED));
        default: return __builtin_bswap64(__atomic_load_n((const uint64_t *)p, __ATOMIC_RELAXED));
        }
    }
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)b[i] << (8 * i);
    return v;
#endif
}

static inline void le_store(void *p, unsigned size, uint64_t v)
{
    uint8_t *b = p;
#if RVX_HOST_LE
    bool aligned = ((uintptr_t)p & (size - 1)) == 0;
    switch (size) {
    case 1: __atomic_store_n(b, (uint8_t)v, __ATOMIC_RELAXED); return;
    case 2: { uint16_t t = (uint16_t)v;
              if (aligned) { __atomic_store_n((uint16_t *)p, t, __ATOMIC_RELAXED); return; }
              memcpy(b, &t, 2); return; }
    case 4: { uint32_t t = (uint32_t)v;
              if (aligned) { __atomic_store_n((uint32_t *)p, t, __ATOMIC_RELAXED); return; }
              memcpy(b, &t, 4); return; }
    default:
        if (aligned) { __atomic_store_n((uint64_t *)p, v, __ATOMIC_RELAXED); return; }
        memcpy(b, &v, 8); return;
    }
#else
    if (((uintptr_t)p & (size - 1)) == 0) {
        switch (size) {
        case 1: __atomic_store_n(b, (uint8_t)v, __ATOMIC_RELAXED); return;
        case 2: __atomic_store_n((uint16_t *)p, __builtin_bswap16((uint16_t)v), __ATOMIC_RELAXED); return;
        case 4: __atomic_store_n((uint32_t *)p, __builtin_bswap32((uint32_t)v), __ATOMIC_RELAXED); return;
        default: __atomic_store_n((uint64_t *)p, __builtin_bswap64(v), __ATOMIC_RELAXED); return;
        }
    }
    for (unsigned i = 0; i < size; i++)
        b[i] = (uint8_t)(v >> (8 * i));
#endif
}

/* le_load/le_store for an access known to be naturally aligned (the TLB
 * fast path's: its tag compare rejects misaligned addresses), so the
 * alignment test is left out. */
static inline uint64_t le_load_aligned(const void *p, unsigned size)
{
    switch (size) {
    case 1: return __atomic_load_n((const uint8_t *)p, __ATOMIC_RELAXED);
#if RVX_HOST_LE
    case 2: return __atomic_load_n((const uint16_t *)p, __ATOMIC_RELAXED);
    case 4: return __atomic_load_n((const uint32_t *)p, __ATOMIC_RELAXED);
    default: return __atomic_load_n((const uint64_t *)p, __ATOMIC_RELAXED);
#else
    case 2: return __builtin_bswap16(__atomic_load_n((const uint16_t *)p, __ATOMIC_RELAXED));
    case 4: return __builtin_bswap32(__atomic_load_n((const uint32_t *)p, __ATOMIC_RELAXED));
    default: return __builtin_bswap64(__atomic_load_n((const uint64_t *)p, __ATOMIC_RELAXED));
#endif
    }
}

static inline void le_store_aligned(void *p, unsigned size, uint64_t v)
{
    switch (size) {
    case 1: __atomic_store_n((uint8_t *)p, (uint8_t)v, __ATOMIC_RELAXED); return;
#if RVX_HOST_LE
    case 2: __atomic_store_n((uint16_t *)p, (uint16_t)v, __ATOMIC_RELAXED); return;
    case 4: __atomic_store_n((uint32_t *)p, (uint32_t)v, __ATOMIC_RELAXED); return;
    default: __atomic_store_n((uint64_t *)p, v, __ATOMIC_RELAXED); return;
#else
    case 2: __atomic_store_n((uint16_t *)p, __builtin_bswap16((uint16_t)v), __ATOMIC_RELAXED); return;
    case 4: __atomic_store_n((uint32_t *)p, __builtin_bswap32((uint32_t)v), __ATOMIC_RELAXED); return;
    default: __atomic_store_n((uint64_t *)p, __builtin_bswap64(v), __ATOMIC_RELAXED); return;
#endif
    }
}

/* A device is a base, a size and two functions.  Offsets are relative to
 * the region's base; size is 1, 2, 4 or 8.  Reads of unimplemented
 * registers return 0 and writes are ignored: never a crash. */
typedef uint64_t (*mmio_read_fn)(void *opaque, uint64_t offset, unsigned size);
typedef void (*mmio_write_fn)(void *opaque, uint64_t offset, uint64_t value,
                              unsigned size);

struct mmio_region {
    uint64_t base, size;
    void *opaque;
    mmio_read_fn read;
    mmio_write_fn write;
    /* A read without side effects, for debuggers (bus_peek); NULL: the
     * region cannot be peeked. */
    mmio_read_fn peek;
    /* Accepted access sizes as a mask of byte counts (1|2|4|8); an access
     * of another size is an access fault.  0 means all. */
    unsigned access;
    const char *name;
};

#define BUS_MAX_REGIONS 48

/* Per-RAM-page flags in bus->page_flags. */
#define PAGEF_CODE 1u   /* holds translated blocks: stores must invalidate */
#define PAGEF_IO 2u     /* an MMIO region overlays part of it: no fast path */
/* Dirty tracking (migration) watches the page: the first store marks it
 * dirty and clears the flag.  Stores to a page with either of these take
 * the slow path (no store TLB entry), which calls bus_invalidate_code. */
#define PAGEF_TRACK 4u
#define PAGEF_WATCH (PAGEF_CODE | PAGEF_TRACK)

struct bus {
    uint8_t *ram;
    uint64_t ram_base, ram_size;
    uint8_t *page_flags;            /* one byte per RAM page */
    struct mmio_region regions[BUS_MAX_REGIONS];
    int nregions;
    /* Called (with the physical page address) before a store to a page
     * with PAGEF_CODE becomes visible; it must drop that page's blocks and
     * clear the flag. */
    void (*code_invalidate)(void *opaque, uint64_t page_paddr);
    void *code_opaque;
    /* One bit per RAM page written since the last bus_dirty_collect, while
     * tracking (NULL otherwise). */
    uint64_t *dirty;
    /* Harts on host threads (NULL when one thread runs them all): every
     * MMIO access is made holding mmio_lock, the machine's lock (README,
     * "SMP"); wide_lock serialises the 16-byte amocas.q. */
    pthread_mutex_t *mmio_lock;
    pthread_mutex_t *wide_lock;
};

/* Returns false if the RAM cannot be allocated. */
bool bus_init(struct bus *bus, uint64_t ram_base, uint64_t ram_size);
void bus_free(struct bus *bus);

/* Zeroes all of RAM (a power cycle), handing the host its pages back.
 * Translated code must be dropped first (block_cache_flush). */
void bus_ram_clear(struct bus *bus);

/* Registers a region.  A region may overlay RAM (HTIF tohost lives in RAM);
 * then the overlaid pages are marked PAGEF_IO. Returns false if full. */
bool bus_add_mmio(struct bus *bus, uint64_t base, uint64_t size, void *opaque,
                  mmio_read_fn read, mmio_write_fn write, const char *name);

/* Registers a region described in full (peek, access sizes); the same
 * rules as bus_add_mmio. */
bool bus_add_region(struct bus *bus, const struct mmio_region *r);

/* Physical accesses of 1/2/4/8 bytes (any alignment, may not cross into a
 * different region).  Return false for an access fault (nothing there). */
bool bus_load(struct bus *bus, uint64_t pa, unsigned size, uint64_t *val);
bool bus_store(struct bus *bus, uint64_t pa, unsigned size, uint64_t val);

/* A debugger's read: RAM directly, MMIO through the region's peek, never a
 * device side effect.  A size the region does not accept is served from
 * the smallest accepted, naturally aligned access around it (a byte of a
 * 32-bit-only register), since a peek changes nothing.  Returns false for
 * nothing there, a region without peek, or no accepted access covering
 * the bytes: the debugger reports the address as unreadable rather than
 * inventing a value. */
bool bus_peek(struct bus *bus, uint64_t pa, unsigned size, uint64_t *val);

/* The MMIO region wholly containing [pa, pa+size), or NULL. */
struct mmio_region *bus_find_mmio(struct bus *bus, uint64_t pa, unsigned size);

/* Host pointer for [pa, pa+len) if it lies wholly in RAM, else NULL. */
static inline uint8_t *bus_ram_ptr(struct bus *bus, uint64_t pa, uint64_t len)
{
    uint64_t off = pa - bus->ram_base;
    if (pa < bus->ram_base || off > bus->ram_size || len > bus->ram_size - off)
        return NULL;
    return bus->ram + off;
}

static inline uint8_t *bus_page_flags(struct bus *bus, uint64_t pa)
{
    uint64_t off = pa - bus->ram_base;
    if (pa < bus->ram_base || off >= bus->ram_size)
        return NULL;
    return &bus->page_flags[off >> PAGE_SHIFT];
}

/* Host pointer for an atomic read-modify-write (AMO, SC) of size bytes
 * at pa, which lies in one page: plain RAM only (NULL for MMIO or nothing
 * there, which the caller then serves with bus_load/bus_store).  Code on
 * the page is dropped and a tracked page marked dirty first, as for any
 * store. */
uint8_t *bus_rmw_ptr(struct bus *bus, uint64_t pa, unsigned size);

/* Drop translated code on every page in [pa, pa+len) that holds some, and
 * mark tracked pages dirty; call before making a store visible (CPU slow
 * path, device DMA). */
void bus_invalidate_code(struct bus *bus, uint64_t pa, uint64_t len);

/* Dirty-page tracking: start marks every page PAGEF_TRACK (the caller
 * then drops the harts' store TLB entries); collect ORs the pages written
 * since into want (one bit per page), watches them again and returns how
 * many there were (the caller drops store TLB entries again); stop ends
 * it.  False if the bitmap cannot be allocated. */
bool bus_dirty_start(struct bus *bus);
uint64_t bus_dirty_collect(struct bus *bus, uint64_t *want);
void bus_dirty_stop(struct bus *bus);

/* Device DMA into / out of RAM.  Writes invalidate translated code first.
 * Return false (and copy nothing) if the range is not wholly in RAM. */
bool bus_dma_read(struct bus *bus, uint64_t pa, void *buf, size_t len);
bool bus_dma_write(struct bus *bus, uint64_t pa, const void *buf, size_t len);

#endif
