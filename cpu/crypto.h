/* Scalar cryptography: the AES (Zkne, Zknd) and SHA-2 (Zknh) instructions
 * of the RISC-V Cryptography Extensions Volume I (Scalar & Entropy Source,
 * v1.0.1), RV64 forms, for the executor.
 *
 * AES state layout (FIPS-197 section 3.4 and the spec's aes64* pseudocode):
 * the 16-byte state s[0..15], column c holding s[4c..4c+3], lives in two
 * registers, rs1 = s[0..7] (columns 0, 1) and rs2 = s[8..15] (columns 2,
 * 3), byte 0 of each in bits 7:0.  An aes64e* / aes64d* instruction
 * returns the low half of the round's result (columns 0 and 1); swapping
 * rs1 and rs2 gives the high half.
 *
 * Zkt: nothing here takes a branch or indexes a table on operand data.
 * The S-box is computed (multiplicative inverse in GF(2^8) as x^254, then
 * the affine map), eight bytes at a time in one 64-bit word; aes64ks1i's
 * round constant is looked up by its immediate, which is not data. */
#ifndef RVX_CPU_CRYPTO_H
#define RVX_CPU_CRYPTO_H

#include <stdint.h>

#include "arith.h"

uint64_t aes64es(uint64_t rs1, uint64_t rs2);   /* ShiftRows, SubBytes */
uint64_t aes64esm(uint64_t rs1, uint64_t rs2);  /* ... and MixColumns */
uint64_t aes64ds(uint64_t rs1, uint64_t rs2);   /* InvShiftRows, InvSubBytes */
uint64_t aes64dsm(uint64_t rs1, uint64_t rs2);  /* ... and InvMixColumns */
uint64_t aes64im(uint64_t rs1);                 /* InvMixColumns alone */
uint64_t aes64ks1i(uint64_t rs1, unsigned rnum);
uint64_t aes64ks2(uint64_t rs1, uint64_t rs2);

/* The AES S-box and its inverse applied to each byte of v (for tests). */
uint64_t aes_sub_bytes(uint64_t v);
uint64_t aes_inv_sub_bytes(uint64_t v);

/* ---- Zknh: FIPS 180-4 section 4.1.2 (SHA-256, on the low word, the
 * result sign-extended) and 4.1.3 (SHA-512) ---- */
static inline uint32_t ror32(uint32_t x, unsigned n) { return x >> n | x << (32 - n); }

static inline uint64_t sha256sig0(uint64_t v)
{
    uint32_t x = (uint32_t)v;
    return sx32(ror32(x, 7) ^ ror32(x, 18) ^ x >> 3);
}
static inline uint64_t sha256sig1(uint64_t v)
{
    uint32_t x = (uint32_t)v;
    return sx32(ror32(x, 17) ^ ror32(x, 19) ^ x >> 10);
}
static inline uint64_t sha256sum0(uint64_t v)
{
    uint32_t x = (uint32_t)v;
    return sx32(ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22));
}
static inline uint64_t sha256sum1(uint64_t v)
{
    uint32_t x = (uint32_t)v;
    return sx32(ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25));
}
static inline uint64_t sha512sig0(uint64_t x)
{
    return ror64(x, 1) ^ ror64(x, 8) ^ x >> 7;
}
static inline uint64_t sha512sig1(uint64_t x)
{
    return ror64(x, 19) ^ ror64(x, 61) ^ x >> 6;
}
static inline uint64_t sha512sum0(uint64_t x)
{
    return ror64(x, 28) ^ ror64(x, 34) ^ ror64(x, 39);
}
static inline uint64_t sha512sum1(uint64_t x)
{
    return ror64(x, 14) ^ ror64(x, 18) ^ ror64(x, 41);
}

#endif
