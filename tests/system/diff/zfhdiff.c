/* Differential test of Zfh/Zfhmin: every instruction form (zfhops.S) runs
 * over the same pseudo-random operands (an xorshift64 stream biased toward
 * the binary16 edges: zeros, subnormals, the smallest normal, the largest
 * finite, infinities, quiet and signalling NaNs, halfway cases; one
 * operand in sixteen not NaN-boxed) under each rounding mode RNE, RTZ,
 * RDN, RUP, RMM (frm, for the forms using the dynamic mode).  The checksum
 * folds every result's 64 bits and the fflags it raised; one line per form
 * and mode goes out through the HTIF console.  The same ELF runs on rvx and
 * on qemu-system-riscv64 -M spike -cpu rv64,Zfh=true; run_zfhdiff.sh
 * compares the lines.  Built for rv64gc: the C code uses no FP
 * instruction, so nothing but the form under test touches fflags. */
#include <stdint.h>

#include "diff_common.h"

#define ROUNDS 2000

typedef uint64_t (*op_fn)(uint64_t, uint64_t, uint64_t);
struct op { op_fn fn; const char *name; uint64_t kind; };
extern const struct op zfh_ops[];

/* binary16 bit patterns worth hitting on purpose */
static const uint16_t edge16[24] = {
    0x0000, 0x8000, 0x0001, 0x8001, 0x03ff, 0x0400, 0x83ff, 0x0401,
    0x3c00, 0xbc00, 0x3c01, 0x3bff, 0x7bff, 0xfbff, 0x7c00, 0xfc00,
    0x7e00, 0xfe00, 0x7c01, 0x7d55, 0x1000, 0x3555, 0x5bff, 0x6800,
};

static uint16_t half(uint64_t *s)
{
    uint64_t r = xorshift(s);
    static const uint16_t exps[8] = { 0, 1, 2, 13, 15, 16, 29, 30 };
    if ((r & 3) == 0)
        return edge16[(r >> 2) % 24];
    uint16_t h = (uint16_t)(r >> 16);
    if (r & 4)      /* an exponent near the interesting binades */
        h = (uint16_t)((h & 0x83ff) | exps[(r >> 8) & 7] << 10);
    return h;
}

/* A value's 64-bit register image: NaN-boxed, except one in sixteen. */
static uint64_t boxed(uint64_t *s, uint64_t v, unsigned width)
{
    uint64_t r = xorshift(s);
    uint64_t upper = ~0ull << width;
    if ((r & 15) == 0)
        upper &= r & ~(1ull << 63);   /* some other upper bits: not boxed */
    return upper | v;
}

/* singles and doubles near the binary16 range (a half widened, with
 * extra low bits so the narrowing has something to round), or anything */
static uint64_t single(uint64_t *s)
{
    uint64_t r = xorshift(s);
    uint16_t h = half(s);
    uint32_t e = (h >> 10) & 31, m = h & 0x3ff, v;
    if ((r & 3) == 0)
        return boxed(s, (uint32_t)(r >> 32), 32);
    if (e == 31)
        v = 0x7f800000u | m << 13 | (uint32_t)(r >> 40 & 0x1fff) * (m != 0);
    else if (e == 0)
        v = (uint32_t)(r >> 40 & 0x7fffff) | (uint32_t)((r >> 8) % 14 + 98) << 23;
    else
        v = (e + 112) << 23 | m << 13 | (uint32_t)(r >> 40 & 0x1fff);
    return boxed(s, v | (uint32_t)(h >> 15) << 31, 32);
}

static uint64_t dbl(uint64_t *s)
{
    uint64_t r = xorshift(s);
    uint16_t h = half(s);
    uint64_t e = (h >> 10) & 31, m = h & 0x3ff, v;
    if ((r & 3) == 0)
        return xorshift(s);
    if (e == 31)
        v = 0x7ff0000000000000ull | m << 42 | (xorshift(s) & 0x3ffffffffffull) * (m != 0);
    else if (e == 0)
        v = (xorshift(s) & 0xfffffffffffffull) | ((r >> 8) % 14 + 994) << 52;
    else
        v = (e + 1008) << 52 | m << 42 | (r >> 22);
    return v | (uint64_t)(h >> 15) << 63;
}

static uint64_t integer(uint64_t *s)
{
    static const uint64_t edge[16] = {
        0, 1, ~0ull, 2049, 65504, 65519, 65520, 65536, 0x7fffffffull,
        0x80000000ull, 0xffffffff80000000ull, 0xffffffffull,
        0x8000000000000000ull, 0x7fffffffffffffffull, 0xfffffffffffe0000ull, 4095,
    };
    uint64_t r = xorshift(s);
    if ((r & 3) == 0)
        return edge[(r >> 2) & 15];
    return xorshift(s) >> (r >> 8 & 63);      /* every magnitude */
}

static uint64_t operand(uint64_t *s, uint64_t kind)
{
    switch (kind) {
    case 'S': return single(s);
    case 'D': return dbl(s);
    case 'X': return integer(s);
    default:  return boxed(s, half(s), 16);
    }
}

void zfhdiff_main(void)
{
    static const char *const rm_names[5] = { "rne", "rtz", "rdn", "rup", "rmm" };
    for (const struct op *o = zfh_ops; o->fn; o++) {
        for (uint64_t rm = 0; rm < 5; rm++) {
            uint64_t seed = 0x2545f4914f6cdd1dull, h = 0, fl;
            __asm__ volatile("csrw frm, %0" : : "r"(rm));
            for (int i = 0; i < ROUNDS; i++) {
                uint64_t a = operand(&seed, o->kind);
                uint64_t b = operand(&seed, 'H'), c = operand(&seed, 'H');
                __asm__ volatile("csrw fflags, zero");
                h = fold(h, o->fn(a, b, c));
                __asm__ volatile("csrr %0, fflags" : "=r"(fl));
                h = fold(h, fl);
            }
            puts_(o->name);
            putch(' ');
            puts_(rm_names[rm]);
            putch(' ');
            puthex(h);
            putch('\n');
        }
    }
    tohost = 1;     /* exit code 0 */
    for (;;)
        ;
}
