/* The physical address space: RAM, MMIO dispatch, code-page bookkeeping
 * and device DMA. */
#include "mem/bus.h"

#include <stdlib.h>
#include <sys/mman.h>

bool bus_init(struct bus *bus, uint64_t ram_base, uint64_t ram_size)
{
    memset(bus, 0, sizeof(*bus));
    /* RAM is whole pages so page_flags covers it exactly. */
    if (ram_size == 0 || (ram_size & ~PAGE_MASK) || (ram_base & ~PAGE_MASK) ||
        ram_base + ram_size < ram_base ||
        (uint64_t)(size_t)ram_size != ram_size)
        return false;
    /* mmap gives lazily-zeroed pages, so a large guest RAM costs only what
     * the guest touches. */
    void *ram = mmap(NULL, (size_t)ram_size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (ram == MAP_FAILED)
        return false;
#ifdef MADV_HUGEPAGE
    /* Huge host pages where the host has them (Linux THP in "madvise"
     * mode, as QEMU asks for its guest RAM too): a booting guest touches
     * hundreds of MiB, and a fault per 2 MiB instead of per 4 KiB (on
     * this project's VM faults took a quarter of a boot's time), and fewer host TLB
     * misses for the guest's accesses.  Advice only: refused, nothing
     * changes. */
    (void)madvise(ram, (size_t)ram_size, MADV_HUGEPAGE);
#endif
    bus->page_flags = calloc((size_t)(ram_size >> PAGE_SHIFT), 1);
    if (!bus->page_flags) {
        munmap(ram, (size_t)ram_size);
        return false;
    }
    bus->ram = ram;
    bus->ram_base = ram_base;
    bus->ram_size = ram_size;
    return true;
}

void bus_free(struct bus *bus)
{
    if (bus->ram)
        munmap(bus->ram, (size_t)bus->ram_size);
    free(bus->page_flags);
    free(bus->dirty);
    memset(bus, 0, sizeof(*bus));
}

void bus_ram_clear(struct bus *bus)
{
    /* Private anonymous pages read as zero again after MADV_DONTNEED; the
     * memset is for a host that refuses the advice. */
    if (madvise(bus->ram, (size_t)bus->ram_size, MADV_DONTNEED) != 0)
        memset(bus->ram, 0, (size_t)bus->ram_size);
}

/* Marks every RAM page that [base, base+size) touches. */
static void mark_io_pages(struct bus *bus, uint64_t base, uint64_t size)
{
    uint64_t ram_end = bus->ram_base + bus->ram_size;
    uint64_t lo = base > bus->ram_base ? base : bus->ram_base;
    uint64_t end = base + size;
    uint64_t hi = end < ram_end ? end : ram_end;
    for (uint64_t p = lo & PAGE_MASK; p < hi; p += PAGE_SIZE)
        bus->page_flags[(p - bus->ram_base) >> PAGE_SHIFT] |= PAGEF_IO;
}

bool bus_add_region(struct bus *bus, const struct mmio_region *r)
{
    if (bus->nregions >= BUS_MAX_REGIONS || r->size == 0 ||
        r->base + r->size - 1 < r->base)
        return false;
    struct mmio_region *n = &bus->regions[bus->nregions++];
    *n = *r;
    if (!n->access)
        n->access = 1 | 2 | 4 | 8;
    if (bus->ram)
        mark_io_pages(bus, n->base, n->size);
    return true;
}

bool bus_add_mmio(struct bus *bus, uint64_t base, uint64_t size, void *opaque,
                  mmio_read_fn read, mmio_write_fn write, const char *name)
{
    struct mmio_region r = {
        .base = base, .size = size, .opaque = opaque,
        .read = read, .write = write, .name = name,
    };
    return bus_add_region(bus, &r);
}

struct mmio_region *bus_find_mmio(struct bus *bus, uint64_t pa, unsigned size)
{
    /* Regions are few; the first registered one wins on overlap. */
    for (int i = 0; i < bus->nregions; i++) {
        struct mmio_region *r = &bus->regions[i];
        uint64_t off = pa - r->base;
        if (pa >= r->base && off < r->size && size <= r->size - off)
            return r;
    }
    return NULL;
}

/* Flags of the page(s) an access of size bytes at a RAM address touches;
 * ptr is known to be in RAM. */
static uint8_t ram_access_flags(const struct bus *bus, uint64_t pa,
                                unsigned size)
{
    uint64_t first = (pa - bus->ram_base) >> PAGE_SHIFT;
    uint64_t last = (pa + size - 1 - bus->ram_base) >> PAGE_SHIFT;
    /* (other harts' threads set and clear PAGEF_CODE) */
    return __atomic_load_n(&bus->page_flags[first], __ATOMIC_RELAXED) |
           __atomic_load_n(&bus->page_flags[last], __ATOMIC_RELAXED);
}

uint8_t *bus_rmw_ptr(struct bus *bus, uint64_t pa, unsigned size)
{
    uint8_t *p = bus_ram_ptr(bus, pa, size);
    if (!p)
        return NULL;
    uint8_t flags = ram_access_flags(bus, pa, size);
    if ((flags & PAGEF_IO) && bus_find_mmio(bus, pa, size))
        return NULL;
    if (flags & PAGEF_WATCH)
        bus_invalidate_code(bus, pa, size);
    return p;
}

bool bus_load(struct bus *bus, uint64_t pa, unsigned size, uint64_t *val)
{
    uint8_t *p = bus_ram_ptr(bus, pa, size);
    if (p && !(ram_access_flags(bus, pa, size) & PAGEF_IO)) {
        *val = le_load(p, size);
        return true;
    }
    struct mmio_region *r = bus_find_mmio(bus, pa, size);
    if (r) {
        if (!(r->access & size))
            return false;
        if (bus->mmio_lock)
            pthread_mutex_lock(bus->mmio_lock);
        *val = r->read ? r->read(r->opaque, pa - r->base, size) : 0;
        if (bus->mmio_lock)
            pthread_mutex_unlock(bus->mmio_lock);
        return true;
    }
    if (p) {        /* the RAM part of a page an MMIO region shares */
        *val = le_load(p, size);
        return true;
    }
    return false;
}

bool bus_store(struct bus *bus, uint64_t pa, unsigned size, uint64_t val)
{
    uint8_t *p = bus_ram_ptr(bus, pa, size);
    uint8_t flags = p ? ram_access_flags(bus, pa, size) : 0;
    if (!p || (flags & PAGEF_IO)) {
        struct mmio_region *r = bus_find_mmio(bus, pa, size);
        if (r) {
            if (!(r->access & size))
                return false;
            if (bus->mmio_lock)
                pthread_mutex_lock(bus->mmio_lock);
            if (r->write)
                r->write(r->opaque, pa - r->base, val, size);
            if (bus->mmio_lock)
                pthread_mutex_unlock(bus->mmio_lock);
            return true;
        }
        if (!p)
            return false;
        /* else the RAM part of a page an MMIO region shares */
    }
    if (flags & PAGEF_WATCH)
        bus_invalidate_code(bus, pa, size);
    le_store(p, size, val);
    return true;
}

/* Peeks the smallest accepted access that covers [pa, pa+size) naturally
 * aligned, and extracts the wanted bytes. */
static bool peek_widened(struct bus *bus, uint64_t pa, unsigned size,
                         uint64_t *val)
{
    for (unsigned w = size; w <= 8; w *= 2) {
        uint64_t at = pa & ~(uint64_t)(w - 1);
        if (pa + size > at + w)
            continue;
        struct mmio_region *r = bus_find_mmio(bus, at, w);
        if (!r || !r->peek || !(r->access & w))
            continue;
        uint64_t v = r->peek(r->opaque, at - r->base, w);
        unsigned shift = (unsigned)(pa - at) * 8;
        *val = size >= 8 ? v : (v >> shift) & ((1ull << (8 * size)) - 1);
        return true;
    }
    return false;
}

bool bus_peek(struct bus *bus, uint64_t pa, unsigned size, uint64_t *val)
{
    uint8_t *p = bus_ram_ptr(bus, pa, size);
    if (p && !(ram_access_flags(bus, pa, size) & PAGEF_IO)) {
        *val = le_load(p, size);
        return true;
    }
    struct mmio_region *r = bus_find_mmio(bus, pa, size);
    if (r) {
        if (!r->peek)
            return false;
        if (r->access & size) {
            *val = r->peek(r->opaque, pa - r->base, size);
            return true;
        }
        return peek_widened(bus, pa, size, val);
    }
    if (p) {        /* the RAM part of a page an MMIO region shares */
        *val = le_load(p, size);
        return true;
    }
    return peek_widened(bus, pa, size, val);
}

void bus_invalidate_code(struct bus *bus, uint64_t pa, uint64_t len)
{
    if (len == 0)
        return;
    uint64_t ram_end = bus->ram_base + bus->ram_size;
    uint64_t end = pa + len;
    if (end < pa)               /* wrapped: clamp to the top of memory */
        end = ram_end;
    uint64_t lo = pa > bus->ram_base ? pa : bus->ram_base;
    uint64_t hi = end < ram_end ? end : ram_end;
    for (uint64_t p = lo & PAGE_MASK; p < hi; p += PAGE_SIZE) {
        uint64_t page = (p - bus->ram_base) >> PAGE_SHIFT;
        uint8_t *f = &bus->page_flags[page];
        /* (other harts' threads set and clear the flags: atomic updates) */
        uint8_t flags = __atomic_load_n(f, __ATOMIC_ACQUIRE);
        if (flags & PAGEF_TRACK) {
            __atomic_fetch_or(&bus->dirty[page / 64], 1ull << (page % 64),
                              __ATOMIC_RELAXED);
            __atomic_fetch_and(f, (uint8_t)~PAGEF_TRACK, __ATOMIC_RELAXED);
        }
        if (!(flags & PAGEF_CODE))
            continue;
        if (bus->code_invalidate)
            bus->code_invalidate(bus->code_opaque, p);
        else    /* nobody holds blocks for it */
            __atomic_fetch_and(f, (uint8_t)~PAGEF_CODE, __ATOMIC_RELEASE);
    }
}

static uint64_t ram_pages(const struct bus *bus)
{
    return bus->ram_size >> PAGE_SHIFT;
}

bool bus_dirty_start(struct bus *bus)
{
    if (!bus->dirty)
        bus->dirty = calloc((size_t)(ram_pages(bus) + 63) / 64, 8);
    if (!bus->dirty)
        return false;
    for (uint64_t i = 0; i < ram_pages(bus); i++)
        __atomic_fetch_or(&bus->page_flags[i], (uint8_t)PAGEF_TRACK, __ATOMIC_RELAXED);
    return true;
}

uint64_t bus_dirty_collect(struct bus *bus, uint64_t *want)
{
    uint64_t n = 0;
    if (!bus->dirty)
        return 0;
    for (uint64_t w = 0; w < (ram_pages(bus) + 63) / 64; w++) {
        uint64_t bits = __atomic_exchange_n(&bus->dirty[w], 0, __ATOMIC_RELAXED);
        want[w] |= bits;
        n += (uint64_t)__builtin_popcountll(bits);
        for (; bits; bits &= bits - 1)
            __atomic_fetch_or(&bus->page_flags[w * 64 + (uint64_t)__builtin_ctzll(bits)],
                              (uint8_t)PAGEF_TRACK, __ATOMIC_RELAXED);
    }
    return n;
}

void bus_dirty_stop(struct bus *bus)
{
    if (!bus->dirty)
        return;
    for (uint64_t i = 0; i < ram_pages(bus); i++)
        __atomic_fetch_and(&bus->page_flags[i], (uint8_t)~PAGEF_TRACK, __ATOMIC_RELAXED);
    free(bus->dirty);
    bus->dirty = NULL;
}

bool bus_dma_read(struct bus *bus, uint64_t pa, void *buf, size_t len)
{
    uint8_t *p = bus_ram_ptr(bus, pa, len);
    if (!p)
        return false;
    memcpy(buf, p, len);
    return true;
}

bool bus_dma_write(struct bus *bus, uint64_t pa, const void *buf, size_t len)
{
    uint8_t *p = bus_ram_ptr(bus, pa, len);
    if (!p)
        return false;
    bus_invalidate_code(bus, pa, len);
    memcpy(p, buf, len);
    return true;
}
