/* The AES instructions (scalar crypto v1.0.1, Zkne/Zknd, RV64), built
 * from FIPS-197's transformations on eight bytes at once.  See crypto.h
 * for the state layout and the Zkt rule (no data-dependent branches or
 * table indices). */
#include "crypto.h"

#define LSB 0x0101010101010101ull   /* bit 0 of every byte */

/* ---- GF(2^8) modulo m(x) = x^8 + x^4 + x^3 + x + 1 (FIPS-197 4.2),
 * each byte of a 64-bit word on its own ---- */

/* Each byte times x (FIPS-197 4.2.1 "xtime"): shift left, and reduce by
 * 0x1b where the top bit fell out. */
static uint64_t xtime8(uint64_t v)
{
    uint64_t carries = v >> 7 & LSB;
    return (v & 0x7f7f7f7f7f7f7f7full) << 1 ^ carries * 0x1b;
}

/* Byte-wise products: bit i of each byte of b selects a * x^i. */
static uint64_t gf_mul8(uint64_t a, uint64_t b)
{
    uint64_t p = 0;
    for (unsigned i = 0; i < 8; i++) {
        p ^= a & (b >> i & LSB) * 0xff;
        a = xtime8(a);
    }
    return p;
}

/* Byte-wise inverses (0 stays 0, FIPS-197 5.1.1): x^254 = x^-1, by the
 * chain x^2, x^3, x^6, x^12, x^15, x^30, x^60, x^120, x^240, x^252, x^254. */
static uint64_t gf_inv8(uint64_t x)
{
    uint64_t x2 = gf_mul8(x, x);
    uint64_t x3 = gf_mul8(x2, x);
    uint64_t x6 = gf_mul8(x3, x3);
    uint64_t x12 = gf_mul8(x6, x6);
    uint64_t x15 = gf_mul8(x12, x3);
    uint64_t x240 = x15;
    for (int i = 0; i < 4; i++)
        x240 = gf_mul8(x240, x240);
    return gf_mul8(gf_mul8(x240, x12), x2);
}

/* Each byte rotated left by k (1..7). */
static uint64_t rotl8(uint64_t v, unsigned k)
{
    uint64_t stay = (0xffull >> k) * LSB;   /* the bits that do not wrap */
    uint64_t wrap = (0xffull >> (8 - k)) * LSB;   /* the low k bits */
    return (v & stay) << k | (v >> (8 - k) & wrap);
}

/* FIPS-197 5.1.1: b'_i = b_i ^ b_i+4 ^ b_i+5 ^ b_i+6 ^ b_i+7 ^ c_i with
 * c = 0x63; b_(i+j) mod 8 is bit i of the byte rotated left by 8 - j. */
uint64_t aes_sub_bytes(uint64_t v)
{
    uint64_t b = gf_inv8(v);
    return b ^ rotl8(b, 1) ^ rotl8(b, 2) ^ rotl8(b, 3) ^ rotl8(b, 4) ^ 0x63 * LSB;
}

/* FIPS-197 5.3.2: the inverse affine map b_i = s_i+2 ^ s_i+5 ^ s_i+7 ^
 * d_i with d = 0x05, then the inverse. */
uint64_t aes_inv_sub_bytes(uint64_t v)
{
    return gf_inv8(rotl8(v, 6) ^ rotl8(v, 3) ^ rotl8(v, 1) ^ 0x05 * LSB);
}

/* ---- columns: two 32-bit columns per word, row r in byte r ---- */

/* Each column rotated so that row r holds what row r + k held. */
static uint64_t col_rot(uint64_t v, unsigned k)
{
    uint64_t lo = (0xffffffffull >> (8 * k)) * 0x100000001ull;
    return (v >> (8 * k) & lo) | (v << (32 - 8 * k) & ~lo);
}

/* FIPS-197 5.1.3: s'_r = {02}s_r ^ {03}s_r+1 ^ s_r+2 ^ s_r+3
 *                      = {02}(s_r ^ s_r+1) ^ s_r+1 ^ s_r+2 ^ s_r+3. */
static uint64_t mix_columns(uint64_t v)
{
    uint64_t r1 = col_rot(v, 1), r2 = col_rot(v, 2), r3 = col_rot(v, 3);
    return xtime8(v ^ r1) ^ r1 ^ r2 ^ r3;
}

/* FIPS-197 5.3.3: s'_r = {0e}s_r ^ {0b}s_r+1 ^ {0d}s_r+2 ^ {09}s_r+3. */
static uint64_t inv_mix_columns(uint64_t v)
{
    return gf_mul8(v, 0x0e * LSB) ^ gf_mul8(col_rot(v, 1), 0x0b * LSB) ^
           gf_mul8(col_rot(v, 2), 0x0d * LSB) ^ gf_mul8(col_rot(v, 3), 0x09 * LSB);
}

/* ---- ShiftRows on the low half (columns 0 and 1) ---- */

/* Byte i (0..15) of the state held in lo (bytes 0..7) and hi (8..15);
 * i is a constant of the row/column arithmetic below, never data. */
static uint64_t state_byte(uint64_t lo, uint64_t hi, unsigned i)
{
    return ((i < 8 ? lo : hi) >> (8 * (i & 7))) & 0xff;
}

/* Output byte (r, c) of columns 0 and 1 takes input column c + dir * r
 * (FIPS-197 5.1.2: dir = +1; 5.3.1 InvShiftRows: dir = -1). */
static uint64_t shift_rows(uint64_t lo, uint64_t hi, int dir)
{
    uint64_t out = 0;
    for (unsigned c = 0; c < 2; c++)
        for (unsigned r = 0; r < 4; r++) {
            unsigned from = ((unsigned)((int)c + dir * (int)r) & 3) * 4 + r;
            out |= state_byte(lo, hi, from) << (8 * (4 * c + r));
        }
    return out;
}

uint64_t aes64es(uint64_t rs1, uint64_t rs2)
{
    return aes_sub_bytes(shift_rows(rs1, rs2, 1));
}

uint64_t aes64esm(uint64_t rs1, uint64_t rs2)
{
    return mix_columns(aes64es(rs1, rs2));
}

uint64_t aes64ds(uint64_t rs1, uint64_t rs2)
{
    return aes_inv_sub_bytes(shift_rows(rs1, rs2, -1));
}

uint64_t aes64dsm(uint64_t rs1, uint64_t rs2)
{
    return inv_mix_columns(aes64ds(rs1, rs2));
}

uint64_t aes64im(uint64_t rs1)
{
    return inv_mix_columns(rs1);
}

/* Key schedule (FIPS-197 5.2): from the previous round key's last word
 * w (rs1 bits 63:32), SubWord(RotWord(w)) ^ Rcon in both halves; round
 * number 10 (0xA, used by AES-256's odd steps) skips RotWord and Rcon.
 * rnum > 0xA never gets here (reserved: decoded as illegal). */
uint64_t aes64ks1i(uint64_t rs1, unsigned rnum)
{
    static const uint8_t rcon[11] = {
        0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36, 0x00,
    };
    uint32_t w = (uint32_t)(rs1 >> 32);
    if (rnum != 0xa)
        w = ror32(w, 8);      /* RotWord: [a0 a1 a2 a3] -> [a1 a2 a3 a0] */
    uint64_t t = (uint32_t)aes_sub_bytes(w) ^ rcon[rnum % 11];
    return t << 32 | t;
}

/* The rest of the round key: w0 = rs1.hi ^ rs2.lo, w1 = w0 ^ rs2.hi. */
uint64_t aes64ks2(uint64_t rs1, uint64_t rs2)
{
    uint32_t w0 = (uint32_t)(rs1 >> 32) ^ (uint32_t)rs2;
    uint32_t w1 = w0 ^ (uint32_t)(rs2 >> 32);
    return (uint64_t)w1 << 32 | w0;
}
