/* The four memory functions GCC may call in a freestanding RV64 program
 * (struct copies, array initialisers), for the bare-metal harness
 * (harness_rv.c) and the in-guest work program (bench/linux/work.c).
 * Definitions: include this in exactly one file of a program. */
#ifndef BENCH_FREESTANDING_MEM_H
#define BENCH_FREESTANDING_MEM_H

#include <stddef.h>

void *memset(void *d, int c, size_t n)
{
    unsigned char *p = d;
    while (n--)
        *p++ = (unsigned char)c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    unsigned char *p = d;
    const unsigned char *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}

void *memmove(void *d, const void *s, size_t n)
{
    unsigned char *p = d;
    const unsigned char *q = s;
    if (p < q)
        return memcpy(d, s, n);
    while (n--)
        p[n] = q[n];
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;
    for (; n; n--, p++, q++)
        if (*p != *q)
            return *p - *q;
    return 0;
}

#endif
