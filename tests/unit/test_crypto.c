/* The AES building blocks of cpu/crypto.c against FIPS-197's tables and
 * worked examples (the whole instructions are checked against FIPS-197's
 * cipher vectors in tests/isa/zk.S and against QEMU in diff.zk):
 *  - the first and last rows of the S-box (FIPS-197 figure 7) and the
 *    first row of the inverse S-box (figure 14); S(0x53) = 0xed (5.1.1);
 *  - InvSubBytes undoes SubBytes for all 256 byte values;
 *  - MixColumns of the columns db 13 53 45 and f2 0a 22 5c gives 8e 4d a1
 *    bc and 9f dc 58 9d (the widely used worked examples of 5.1.3), so
 *    aes64im maps the latter back. */
#include <check.h>

#include "check_main.h"
#include "cpu/crypto.h"

/* Eight bytes, byte 0 first, as a little-endian word. */
static uint64_t bytes(const uint8_t b[8])
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | b[i];
    return v;
}

START_TEST(test_sbox_rows)
{
    static const uint8_t in_lo[8] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07};
    static const uint8_t in_hi[8] = {0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff};
    static const uint8_t s_lo[8] = {0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5};
    static const uint8_t s_hi[8] = {0x41, 0x99, 0x2d, 0x0f, 0xb0, 0x54, 0xbb, 0x16};
    static const uint8_t inv_lo[8] = {0x52, 0x09, 0x6a, 0xd5, 0x30, 0x36, 0xa5, 0x38};
    ck_assert_uint_eq(aes_sub_bytes(bytes(in_lo)), bytes(s_lo));
    ck_assert_uint_eq(aes_sub_bytes(bytes(in_hi)), bytes(s_hi));
    ck_assert_uint_eq(aes_inv_sub_bytes(bytes(in_lo)), bytes(inv_lo));
    ck_assert_uint_eq(aes_sub_bytes(0x53) & 0xff, 0xed);
}
END_TEST

START_TEST(test_sbox_inverse)
{
    for (unsigned x = 0; x < 256; x += 8) {
        uint8_t b[8];
        for (unsigned i = 0; i < 8; i++)
            b[i] = (uint8_t)(x + i);
        uint64_t v = bytes(b);
        ck_assert_uint_eq(aes_inv_sub_bytes(aes_sub_bytes(v)), v);
        ck_assert_uint_eq(aes_sub_bytes(aes_inv_sub_bytes(v)), v);
    }
}
END_TEST

START_TEST(test_mix_columns)
{
    static const uint8_t in[8] = {0xdb, 0x13, 0x53, 0x45, 0xf2, 0x0a, 0x22, 0x5c};
    static const uint8_t out[8] = {0x8e, 0x4d, 0xa1, 0xbc, 0x9f, 0xdc, 0x58, 0x9d};
    ck_assert_uint_eq(aes64im(bytes(out)), bytes(in));
    /* aes64esm = MixColumns(SubBytes(ShiftRows(state))): ShiftRows leaves
     * a state whose four columns are equal as it is, so with every column
     * InvSubBytes(db 13 53 45) every result column is 8e 4d a1 bc */
    uint64_t col = aes_inv_sub_bytes(bytes(in)) & 0xffffffffull;
    uint64_t mixed = bytes(out) & 0xffffffffull;
    ck_assert_uint_eq(aes64esm(col | col << 32, col | col << 32), mixed | mixed << 32);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("crypto");
    TCase *tc = tcase_create("aes");
    tcase_add_test(tc, test_sbox_rows);
    tcase_add_test(tc, test_sbox_inverse);
    tcase_add_test(tc, test_mix_columns);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
