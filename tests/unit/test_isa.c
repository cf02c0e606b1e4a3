/* --isa strings (cpu/isa.c): profiles expand to their mandatory
 * extensions (the RVA22/RVA23 profile specs' lists, less V/H/Supm/Ssnpm),
 * dependencies and V/H are refused with one line, and what the device
 * tree advertises parses back to the same machine. */
#include <check.h>
#include <string.h>

#include "check_main.h"
#include "cpu/cpu.h"
#include "cpu/insns.h"

static uint64_t zext_of(const char *isa)
{
    uint64_t misa, zext;
    char err[2048];
    ck_assert_msg(isa_parse(isa, &misa, &zext, err, sizeof err), "%s: %s", isa, err);
    return zext;
}

static void refused(const char *isa, const char *words)
{
    uint64_t misa, zext;
    char err[2048] = "";
    ck_assert_msg(!isa_parse(isa, &misa, &zext, err, sizeof err), "%s accepted", isa);
    ck_assert_msg(strstr(err, words) && !strchr(err, '\n'), "%s: '%s'", isa, err);
}

#define HAS(z, e) (((z) & EXT_BIT(EXT_##e)) != 0)

START_TEST(profiles)
{
    /* RVA22U64 mandatory (profile spec, "RVA22U64 Mandatory Extensions") */
    uint64_t z = zext_of("rva22u64");
    ck_assert(HAS(z, Zba) && HAS(z, Zbb) && HAS(z, Zbs) && HAS(z, Zicbom) &&
              HAS(z, Zicboz) && HAS(z, Zicbop) && HAS(z, Zfhmin) && HAS(z, Zkt) &&
              HAS(z, Zihintpause) && HAS(z, Zihpm) && HAS(z, Zic64b) && HAS(z, Za64rs));
    ck_assert(!HAS(z, Zicond) && !HAS(z, Zbc) && !HAS(z, Sstc));
    /* RVA22S64 adds the supervisor ones */
    z = zext_of("rva22s64");
    ck_assert(HAS(z, Svpbmt) && HAS(z, Svinval) && HAS(z, Sstvecd) && HAS(z, Sstvala) &&
              HAS(z, Sscounterenw) && !HAS(z, Sstc));
    /* RVA23U64 adds Zicond, Zimop, Zcmop, Zcb, Zfa, Zawrs, Zihintntl */
    z = zext_of("rva23u64");
    ck_assert(HAS(z, Zicond) && HAS(z, Zimop) && HAS(z, Zcmop) && HAS(z, Zcb) &&
              HAS(z, Zfa) && HAS(z, Zawrs) && HAS(z, Zihintntl));
    /* RVA23S64: Sstc, Sscofpmf, Svnapot, Ssstateen, Ssu64xl */
    z = zext_of("rva23s64");
    ck_assert(HAS(z, Sstc) && HAS(z, Sscofpmf) && HAS(z, Svnapot) && HAS(z, Ssstateen) &&
              HAS(z, Ssu64xl) && HAS(z, Svpbmt));
    /* a profile plus extras */
    ck_assert(HAS(zext_of("rva23s64_zbc_zfh"), Zbc));
    refused("rva23s64_zbc_zbc", "named twice");
    refused("rva23s64_zbb", "named twice");     /* already in the profile */
}
END_TEST

START_TEST(bad_strings)
{
    refused("rv64gcv", "no V (vector) or H");
    refused("rv64gch", "no V (vector) or H");
    refused("rv64imac_zfh", "'Zfh' needs 'F'");
    refused("rv64imfdc_zacas", "'Zacas' needs 'A'");
    refused("rv64imafd_zcb", "'Zcb' needs 'C'");
    refused("rv64gc_zbx", "unknown extension 'zbx'");
    refused("rv32gc", "unsupported --isa");
    refused("rv64gc_zba\n", "unknown extension 'zba?'");   /* one printable line */
}
END_TEST

START_TEST(default_round_trips)
{
    uint64_t misa, zext, misa2, zext2;
    isa_default(&misa, &zext);
    char s[ISA_STRING_MAX], err[2048];
    isa_string(misa, zext, s, sizeof s);
    ck_assert_msg(isa_parse(s, &misa2, &zext2, err, sizeof err), "%s", err);
    ck_assert_uint_eq(misa2, misa);
    ck_assert_uint_eq(zext2, zext);
    /* the default is the richest: every profile is inside it */
    static const char *const p[] = { "rva22u64", "rva22s64", "rva23u64", "rva23s64" };
    for (unsigned i = 0; i < 4; i++)
        ck_assert_msg((zext_of(p[i]) & ~zext) == 0, "%s outside the default", p[i]);
    /* rv64gc is the plain machine */
    ck_assert_uint_eq(zext_of("rv64gc"), ZEXT_ALWAYS);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("isa");
    TCase *tc = tcase_create("strings");
    tcase_add_test(tc, profiles);
    tcase_add_test(tc, bad_strings);
    tcase_add_test(tc, default_round_trips);
    suite_add_tcase(s, tc);
    return run_suite(s);
}
