/* rvx-isa: rv64gc_zknd_zkne_zknh */
/* Zknd, Zkne, Zknh (Cryptography Extensions Volume I v1.0.1, RV64), checked
 * against the published test vectors, never against rvx:
 *  - FIPS-197 appendix A.1: the AES-128 key expansion of 2b7e1516...
 *    (round keys 1 and 10);
 *  - FIPS-197 appendix C.1 and C.3: AES-128 and AES-256 encryption of
 *    00112233...ff (aes64ks1i incl. round number 0xA, aes64ks2, aes64esm,
 *    aes64es), and decryption back with the equivalent inverse cipher
 *    (aes64dsm, aes64ds, aes64im on the round keys);
 *  - FIPS 180-4 (and its example "abc"): one SHA-256 and one SHA-512
 *    compression of the padded block "abc" with sha256sig0/sig1/sum0/sum1
 *    and sha512sig0/sig1/sum0/sum1; the round constants K and initial
 *    values H are FIPS 180-4's (fractional parts of cube and square roots
 *    of the first primes), the digests the standard's;
 *  - single values worked out by hand from FIPS 180-4's sigma/sum
 *    definitions: the SHA-256 forms use the low word only and
 *    sign-extend their 32-bit result;
 *  - aes64ks1i with a reserved round number (0xB) raises illegal-
 *    instruction (mtval: the word GNU as 2.40 gives for
 *    aes64ks1i a0, a1, 0xb via .insn). */
#include "env.h"

/* CHECK_MEM n, a, b: the 16 bytes at a and b are equal (clobbers t0-t3) */
.macro CHECK_MEM n, a, b
        li      TESTNUM, \n
        la      t0, \a
        la      t1, \b
        ld      t2, 0(t0)
        ld      t3, 0(t1)
        bne     t2, t3, fail
        ld      t2, 8(t0)
        ld      t3, 8(t1)
        bne     t2, t3, fail
.endm

RVTEST_CODE_BEGIN
        /* ---- AES-128 key expansion (FIPS-197 A.1) ---- */
        la      a0, key_a1
        la      a1, rk
        call    aes128_expand
        CHECK_MEM 1, rk + 16, a1_rk1
        CHECK_MEM 2, rk + 160, a1_rk10

        /* ---- AES-128 (FIPS-197 C.1) ---- */
        la      a0, key_c1
        la      a1, rk
        call    aes128_expand
        la      a0, plain
        la      a1, rk
        li      a2, 10
        la      a3, buf
        call    aes_encrypt
        CHECK_MEM 3, buf, c1_cipher
        la      a0, buf
        la      a1, rk
        li      a2, 10
        la      a3, buf
        call    aes_decrypt
        CHECK_MEM 4, buf, plain

        /* ---- AES-256 (FIPS-197 C.3) ---- */
        la      a0, key_c3
        la      a1, rk
        call    aes256_expand
        la      a0, plain
        la      a1, rk
        li      a2, 14
        la      a3, buf
        call    aes_encrypt
        CHECK_MEM 5, buf, c3_cipher
        la      a0, buf
        la      a1, rk
        li      a2, 14
        la      a3, buf
        call    aes_decrypt
        CHECK_MEM 6, buf, plain

        /* ---- single AES steps ---- */
        /* S-box(0x00) = 0x63 in every byte; InvS-box(0x63) = 0x00 */
        li      TESTNUM, 7
        aes64es a0, zero, zero
        CHECK   a0, 0x6363636363636363
        li      TESTNUM, 8
        li      a1, 0x6363636363636363
        aes64ds a0, a1, a1
        CHECK   a0, 0
        /* MixColumns of a column whose bytes are equal leaves it (2 ^ 3 ^
         * 1 ^ 1 = 1 in GF(2^8)), and so does InvMixColumns (e^b^d^9 = 1) */
        li      TESTNUM, 9
        li      a1, 0x6363636363636363
        aes64esm a0, zero, zero
        CHECK   a0, 0x6363636363636363
        li      TESTNUM, 10
        li      a1, 0x5555555577777777
        aes64im a0, a1
        CHECK   a0, 0x5555555577777777
        /* reserved round number */
        TEST_TRAP 11, CAUSE_ILLEGAL, .insn i 0x13, 1, a0, a1, 0x31b
        TRAP_TVAL a0
        CHECK   a0, 0x31b59513

        /* ---- SHA-2 sigma and sum functions on single values ---- */
        /* sum0(2) = ror2 | ror13 | ror22 = 0x80000000 | 0x00100000 |
         * 0x00000800, sign-extended; the upper word of rs1 is ignored */
        TEST_R  12, sha256sum0, 0xffffffff80100800, 0xffffffff00000002
        /* sum1(1) = ror6 ^ ror11 ^ ror25 = 0x04000000 ^ 0x00200000 ^ 0x80 */
        TEST_R  13, sha256sum1, 0x0000000004200080, 0x0000000000000001
        /* sig0(0x80) = ror7 ^ ror18 ^ shr3 = 0x1 ^ 0x00200000 ^ 0x10 */
        TEST_R  14, sha256sig0, 0x0000000000200011, 0x1234567800000080
        /* sig1(2^18) = ror17 ^ ror19 ^ shr10 = 2 ^ 2^31 ^ 2^8 */
        TEST_R  15, sha256sig1, 0xffffffff80000102, 0x0000000000040000
        /* sha512 of 1: sum0 = 2^36 ^ 2^30 ^ 2^25; sum1 = 2^50 ^ 2^46 ^ 2^23;
         * sig0 = 2^63 ^ 2^56 (shr7 = 0); sig1 = 2^45 ^ 2^3 (shr6 = 0) */
        TEST_R  16, sha512sum0, 0x0000001042000000, 1
        TEST_R  17, sha512sum1, 0x0004400000800000, 1
        TEST_R  18, sha512sig0, 0x8100000000000000, 1
        TEST_R  19, sha512sig1, 0x0000200000000008, 1

        /* ---- SHA-256("abc") and SHA-512("abc") (FIPS 180-4) ---- */
        li      TESTNUM, 20
        call    sha256_abc
        la      t0, h256
        la      t1, sha256_digest
        li      t2, 8
1:      lw      t3, 0(t0)
        lw      t4, 0(t1)
        bne     t3, t4, fail
        addi    t0, t0, 4
        addi    t1, t1, 4
        addi    t2, t2, -1
        bnez    t2, 1b
        li      TESTNUM, 21
        call    sha512_abc
        la      t0, h512
        la      t1, sha512_digest
        li      t2, 8
1:      ld      t3, 0(t0)
        ld      t4, 0(t1)
        bne     t3, t4, fail
        addi    t0, t0, 8
        addi    t1, t1, 8
        addi    t2, t2, -1
        bnez    t2, 1b

        /* x0 as destination */
        li      TESTNUM, 22
        aes64esm zero, a1, a1
        sha512sum0 zero, a1
        CHECK   zero, 0
        RVTEST_PASS

/* ---- AES with Zkn: the state in two registers, bytes 0..7 and 8..15 ---- */
/* a0 = 16-byte key, a1 = 11 round keys out */
aes128_expand:
        ld      t0, 0(a0)
        ld      t1, 8(a0)
        sd      t0, 0(a1)
        sd      t1, 8(a1)
        .irp r, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9
        aes64ks1i t2, t1, \r
        aes64ks2 t0, t2, t0
        aes64ks2 t1, t0, t1
        addi    a1, a1, 16
        sd      t0, 0(a1)
        sd      t1, 8(a1)
        .endr
        ret

/* a0 = 32-byte key, a1 = 15 round keys out; the odd steps use round
 * number 0xA: SubWord without RotWord and Rcon */
aes256_expand:
        ld      t0, 0(a0)
        ld      t1, 8(a0)
        ld      t2, 16(a0)
        ld      t3, 24(a0)
        sd      t0, 0(a1)
        sd      t1, 8(a1)
        sd      t2, 16(a1)
        sd      t3, 24(a1)
        .irp r, 0, 1, 2, 3, 4, 5
        aes64ks1i t4, t3, \r
        aes64ks2 t0, t4, t0
        aes64ks2 t1, t0, t1
        aes64ks1i t4, t1, 0xa
        aes64ks2 t2, t4, t2
        aes64ks2 t3, t2, t3
        addi    a1, a1, 32
        sd      t0, 0(a1)
        sd      t1, 8(a1)
        sd      t2, 16(a1)
        sd      t3, 24(a1)
        .endr
        aes64ks1i t4, t3, 6
        aes64ks2 t0, t4, t0
        aes64ks2 t1, t0, t1
        sd      t0, 32(a1)
        sd      t1, 40(a1)
        ret

/* a0 = in, a1 = round keys, a2 = rounds (10 or 14), a3 = out */
aes_encrypt:
        ld      t0, 0(a0)
        ld      t1, 8(a0)
        ld      t2, 0(a1)
        ld      t3, 8(a1)
        xor     t0, t0, t2
        xor     t1, t1, t3
        addi    a2, a2, -1
1:      addi    a1, a1, 16
        aes64esm t2, t0, t1
        aes64esm t3, t1, t0
        ld      t0, 0(a1)
        ld      t1, 8(a1)
        xor     t0, t0, t2
        xor     t1, t1, t3
        addi    a2, a2, -1
        bnez    a2, 1b
        addi    a1, a1, 16
        aes64es t2, t0, t1
        aes64es t3, t1, t0
        ld      t0, 0(a1)
        ld      t1, 8(a1)
        xor     t0, t0, t2
        xor     t1, t1, t3
        sd      t0, 0(a3)
        sd      t1, 8(a3)
        ret

/* the equivalent inverse cipher (FIPS-197 5.3.5): the middle round keys
 * go through InvMixColumns (aes64im) */
aes_decrypt:
        slli    t4, a2, 4
        add     a1, a1, t4
        ld      t0, 0(a0)
        ld      t1, 8(a0)
        ld      t2, 0(a1)
        ld      t3, 8(a1)
        xor     t0, t0, t2
        xor     t1, t1, t3
        addi    a2, a2, -1
1:      addi    a1, a1, -16
        aes64dsm t2, t0, t1
        aes64dsm t3, t1, t0
        ld      t0, 0(a1)
        ld      t1, 8(a1)
        aes64im t0, t0
        aes64im t1, t1
        xor     t0, t0, t2
        xor     t1, t1, t3
        addi    a2, a2, -1
        bnez    a2, 1b
        addi    a1, a1, -16
        aes64ds t2, t0, t1
        aes64ds t3, t1, t0
        ld      t0, 0(a1)
        ld      t1, 8(a1)
        xor     t0, t0, t2
        xor     t1, t1, t3
        sd      t0, 0(a3)
        sd      t1, 8(a3)
        ret

/* ---- SHA-256 of the one block "abc" (FIPS 180-4 6.2.2): h256 =
 * H(0) + compression; 32-bit values kept sign-extended (addw) ---- */
sha256_abc:
        /* W[0..15] from the block, W[16..63] by the schedule */
        la      a0, w256
        la      a1, block256
        li      a2, 16
1:      lw      t0, 0(a1)
        sw      t0, 0(a0)
        addi    a0, a0, 4
        addi    a1, a1, 4
        addi    a2, a2, -1
        bnez    a2, 1b
        li      a2, 48
1:      lw      t0, -8(a0)          /* W[t-2] */
        sha256sig1 t0, t0
        lw      t1, -28(a0)         /* W[t-7] */
        addw    t0, t0, t1
        lw      t1, -60(a0)         /* W[t-15] */
        sha256sig0 t1, t1
        addw    t0, t0, t1
        lw      t1, -64(a0)         /* W[t-16] */
        addw    t0, t0, t1
        sw      t0, 0(a0)
        addi    a0, a0, 4
        addi    a2, a2, -1
        bnez    a2, 1b
        /* a..h = s2..s9 = H(0) */
        la      a1, sha256_h0
        lw      s2, 0(a1)
        lw      s3, 4(a1)
        lw      s4, 8(a1)
        lw      s5, 12(a1)
        lw      s6, 16(a1)
        lw      s7, 20(a1)
        lw      s8, 24(a1)
        lw      s9, 28(a1)
        la      a0, w256
        la      a1, sha256_k
        li      a2, 64
1:      /* T1 = h + Sum1(e) + Ch(e, f, g) + K[t] + W[t] */
        sha256sum1 t0, s6
        addw    t0, t0, s9
        and     t1, s6, s7
        not     t2, s6
        and     t2, t2, s8
        xor     t1, t1, t2
        addw    t0, t0, t1
        lw      t1, 0(a1)
        addw    t0, t0, t1
        lw      t1, 0(a0)
        addw    t0, t0, t1
        /* T2 = Sum0(a) + Maj(a, b, c) */
        sha256sum0 t1, s2
        and     t2, s2, s3
        and     t3, s2, s4
        xor     t2, t2, t3
        and     t3, s3, s4
        xor     t2, t2, t3
        addw    t1, t1, t2
        mv      s9, s8
        mv      s8, s7
        mv      s7, s6
        addw    s6, s5, t0
        mv      s5, s4
        mv      s4, s3
        mv      s3, s2
        addw    s2, t0, t1
        addi    a0, a0, 4
        addi    a1, a1, 4
        addi    a2, a2, -1
        bnez    a2, 1b
        la      a0, h256
        la      a1, sha256_h0
        .irp r, s2, s3, s4, s5, s6, s7, s8, s9
        lw      t0, 0(a1)
        addw    t0, t0, \r
        sw      t0, 0(a0)
        addi    a0, a0, 4
        addi    a1, a1, 4
        .endr
        ret

/* ---- SHA-512 of the one block "abc" (FIPS 180-4 6.4.2) ---- */
sha512_abc:
        la      a0, w512
        la      a1, block512
        li      a2, 16
1:      ld      t0, 0(a1)
        sd      t0, 0(a0)
        addi    a0, a0, 8
        addi    a1, a1, 8
        addi    a2, a2, -1
        bnez    a2, 1b
        li      a2, 64
1:      ld      t0, -16(a0)         /* W[t-2] */
        sha512sig1 t0, t0
        ld      t1, -56(a0)         /* W[t-7] */
        add     t0, t0, t1
        ld      t1, -120(a0)        /* W[t-15] */
        sha512sig0 t1, t1
        add     t0, t0, t1
        ld      t1, -128(a0)        /* W[t-16] */
        add     t0, t0, t1
        sd      t0, 0(a0)
        addi    a0, a0, 8
        addi    a2, a2, -1
        bnez    a2, 1b
        la      a1, sha512_h0
        ld      s2, 0(a1)
        ld      s3, 8(a1)
        ld      s4, 16(a1)
        ld      s5, 24(a1)
        ld      s6, 32(a1)
        ld      s7, 40(a1)
        ld      s8, 48(a1)
        ld      s9, 56(a1)
        la      a0, w512
        la      a1, sha512_k
        li      a2, 80
1:      sha512sum1 t0, s6
        add     t0, t0, s9
        and     t1, s6, s7
        not     t2, s6
        and     t2, t2, s8
        xor     t1, t1, t2
        add     t0, t0, t1
        ld      t1, 0(a1)
        add     t0, t0, t1
        ld      t1, 0(a0)
        add     t0, t0, t1
        sha512sum0 t1, s2
        and     t2, s2, s3
        and     t3, s2, s4
        xor     t2, t2, t3
        and     t3, s3, s4
        xor     t2, t2, t3
        add     t1, t1, t2
        mv      s9, s8
        mv      s8, s7
        mv      s7, s6
        add     s6, s5, t0
        mv      s5, s4
        mv      s4, s3
        mv      s3, s2
        add     s2, t0, t1
        addi    a0, a0, 8
        addi    a1, a1, 8
        addi    a2, a2, -1
        bnez    a2, 1b
        la      a0, h512
        la      a1, sha512_h0
        .irp r, s2, s3, s4, s5, s6, s7, s8, s9
        ld      t0, 0(a1)
        add     t0, t0, \r
        sd      t0, 0(a0)
        addi    a0, a0, 8
        addi    a1, a1, 8
        .endr
        ret
RVTEST_CODE_END

RVTEST_DATA_BEGIN
        .align  4
/* FIPS-197 A.1 */
key_a1: .byte 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6
        .byte 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c
a1_rk1: .byte 0xa0, 0xfa, 0xfe, 0x17, 0x88, 0x54, 0x2c, 0xb1
        .byte 0x23, 0xa3, 0x39, 0x39, 0x2a, 0x6c, 0x76, 0x05
a1_rk10: .byte 0xd0, 0x14, 0xf9, 0xa8, 0xc9, 0xee, 0x25, 0x89
        .byte 0xe1, 0x3f, 0x0c, 0xc8, 0xb6, 0x63, 0x0c, 0xa6
/* FIPS-197 C.1 and C.3 */
plain:  .byte 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77
        .byte 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff
key_c1: .byte 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07
        .byte 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f
c1_cipher: .byte 0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30
        .byte 0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a
key_c3: .byte 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07
        .byte 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f
        .byte 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17
        .byte 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f
c3_cipher: .byte 0x8e, 0xa2, 0xb7, 0xca, 0x51, 0x67, 0x45, 0xbf
        .byte 0xea, 0xfc, 0x49, 0x90, 0x4b, 0x49, 0x60, 0x89
buf:    .skip   16
rk:     .skip   15 * 16

/* "abc" padded to one block (FIPS 180-4 5.1), as big-endian words */
        .align  3
block256:
        .word 0x61626380, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x18
block512:
        .dword 0x6162638000000000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x18
/* the digests of FIPS 180-4's example "abc" */
sha256_digest:
        .word 0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223
        .word 0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad
sha512_digest:
        .dword 0xddaf35a193617aba, 0xcc417349ae204131, 0x12e6fa4e89a97ea2, 0x0a9eeee64b55d39a
        .dword 0x2192992a274fc1a8, 0x36ba3c23a3feebbd, 0x454d4423643ce80e, 0x2a9ac94fa54ca49f
h256:   .skip   32
h512:   .skip   64
w256:   .skip   64 * 4
w512:   .skip   80 * 8
/* FIPS 180-4 4.2.2/4.2.3 constants and 5.3.3/5.3.5 initial hash values */
        .align  3
sha256_k:
        .word 0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5
        .word 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5
        .word 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3
        .word 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174
        .word 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc
        .word 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da
        .word 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7
        .word 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967
        .word 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13
        .word 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85
        .word 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3
        .word 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070
        .word 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5
        .word 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3
        .word 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208
        .word 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
sha256_h0:
        .word 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a
        .word 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
        .align 3
sha512_k:
        .dword 0x428a2f98d728ae22, 0x7137449123ef65cd
        .dword 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc
        .dword 0x3956c25bf348b538, 0x59f111f1b605d019
        .dword 0x923f82a4af194f9b, 0xab1c5ed5da6d8118
        .dword 0xd807aa98a3030242, 0x12835b0145706fbe
        .dword 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2
        .dword 0x72be5d74f27b896f, 0x80deb1fe3b1696b1
        .dword 0x9bdc06a725c71235, 0xc19bf174cf692694
        .dword 0xe49b69c19ef14ad2, 0xefbe4786384f25e3
        .dword 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65
        .dword 0x2de92c6f592b0275, 0x4a7484aa6ea6e483
        .dword 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5
        .dword 0x983e5152ee66dfab, 0xa831c66d2db43210
        .dword 0xb00327c898fb213f, 0xbf597fc7beef0ee4
        .dword 0xc6e00bf33da88fc2, 0xd5a79147930aa725
        .dword 0x06ca6351e003826f, 0x142929670a0e6e70
        .dword 0x27b70a8546d22ffc, 0x2e1b21385c26c926
        .dword 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df
        .dword 0x650a73548baf63de, 0x766a0abb3c77b2a8
        .dword 0x81c2c92e47edaee6, 0x92722c851482353b
        .dword 0xa2bfe8a14cf10364, 0xa81a664bbc423001
        .dword 0xc24b8b70d0f89791, 0xc76c51a30654be30
        .dword 0xd192e819d6ef5218, 0xd69906245565a910
        .dword 0xf40e35855771202a, 0x106aa07032bbd1b8
        .dword 0x19a4c116b8d2d0c8, 0x1e376c085141ab53
        .dword 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8
        .dword 0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb
        .dword 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3
        .dword 0x748f82ee5defb2fc, 0x78a5636f43172f60
        .dword 0x84c87814a1f0ab72, 0x8cc702081a6439ec
        .dword 0x90befffa23631e28, 0xa4506cebde82bde9
        .dword 0xbef9a3f7b2c67915, 0xc67178f2e372532b
        .dword 0xca273eceea26619c, 0xd186b8c721c0c207
        .dword 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178
        .dword 0x06f067aa72176fba, 0x0a637dc5a2c898a6
        .dword 0x113f9804bef90dae, 0x1b710b35131c471b
        .dword 0x28db77f523047d84, 0x32caab7b40c72493
        .dword 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c
        .dword 0x4cc5d4becb3e42b6, 0x597f299cfc657e2a
        .dword 0x5fcb6fab3ad6faec, 0x6c44198c4a475817
sha512_h0:
        .dword 0x6a09e667f3bcc908, 0xbb67ae8584caa73b
        .dword 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1
        .dword 0x510e527fade682d1, 0x9b05688c2b3e6c1f
        .dword 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179
RVTEST_DATA_END
