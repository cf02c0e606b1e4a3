/* What the differential test programs (zbdiff.c, zfhdiff.c) share: the
 * HTIF console both rvx and QEMU's spike machine serve, the hex printer,
 * the xorshift64 operand stream and the checksum fold.  Bare metal, no
 * libc. */
#ifndef RVX_DIFF_COMMON_H
#define RVX_DIFF_COMMON_H

#include <stdint.h>

volatile uint64_t tohost __attribute__((section(".tohost"), aligned(8)));
volatile uint64_t fromhost __attribute__((section(".tohost"), aligned(8)));

/* HTIF device 1 (console), command 1: put a character; both rvx and QEMU
 * clear tohost once they took it. */
static void putch(char c)
{
    tohost = 1ull << 56 | 1ull << 48 | (uint8_t)c;
    while (tohost != 0)
        ;
    fromhost = 0;
}

static void puts_(const char *s)
{
    while (*s)
        putch(*s++);
}

static void puthex(uint64_t v)
{
    for (int i = 60; i >= 0; i -= 4)
        putch("0123456789abcdef"[(v >> i) & 15]);
}

static uint64_t xorshift(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

/* A rotate-and-xor fold: any single differing value changes it. */
static uint64_t fold(uint64_t h, uint64_t v)
{
    h = (h << 7 | h >> 57) ^ v;
    return h * 0x9e3779b97f4a7c15ull;
}

#endif
