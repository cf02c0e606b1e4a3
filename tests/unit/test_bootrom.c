/* The reset vector: encodings checked against the GNU assembler's output, and a tiny
 * interpreter (auipc, csrrs, ld, addi, jalr only) that runs the image and checks the
 * registers the firmware receives. */
#include <check.h>
#include <stdint.h>
#include <string.h>

#include "roms/bootrom.h"

/* Expected words: riscv64-unknown-elf-as -march=rv64gc (.option norvc), objdump -d. */
#define ENC_AUIPC_T0_0        0x00000297u  /* auipc t0, 0x0 */
#define ENC_CSRR_A0_MHARTID   0xf1402573u  /* csrr a0, mhartid */
#define ENC_LD_A1_32_T0       0x0202b583u  /* ld a1, 32(t0) */
#define ENC_LD_A2_40_T0       0x0282b603u  /* ld a2, 40(t0) */
#define ENC_ADDI_A2_T0_48     0x03028613u  /* addi a2, t0, 48 */
#define ENC_LD_T0_24_T0       0x0182b283u  /* ld t0, 24(t0) */
#define ENC_JR_T0             0x00028067u  /* jr t0 */

struct mini_hart {
    uint64_t x[32];
    uint64_t pc;
    uint64_t mhartid;
};

static int64_t sext(uint64_t v, unsigned bits)
{
    const uint64_t m = 1ull << (bits - 1);
    v &= (bits == 64) ? ~0ull : ((1ull << bits) - 1);
    return (int64_t)((v ^ m) - m);
}

/* Execute from base (where the image lives in a byte array `mem`) until a jump leaves
 * the image; returns 0 on success, -1 on an instruction this checker does not know or an
 * access outside the image. */
static int run(struct mini_hart *h, const uint8_t *mem, uint64_t base, size_t size)
{
    h->pc = base;
    for (int steps = 0; steps < 64; steps++) {
        if (h->pc < base || h->pc + 4 > base + size)
            return 0;                       /* left the ROM: done */
        const uint8_t *p = mem + (h->pc - base);
        uint32_t insn = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                        (uint32_t)p[3] << 24;
        unsigned opcode = insn & 0x7f, rd = (insn >> 7) & 31, f3 = (insn >> 12) & 7;
        unsigned rs1 = (insn >> 15) & 31;
        int64_t imm_i = sext(insn >> 20, 12);
        uint64_t next = h->pc + 4;
        uint64_t v;
        switch (opcode) {
        case 0x17: /* auipc */
            v = h->pc + (uint64_t)sext(insn & 0xfffff000u, 32);
            break;
        case 0x73: /* csrrs rd, csr, x0 */
            if (f3 != 2 || rs1 != 0 || (insn >> 20) != 0xf14)
                return -1;
            v = h->mhartid;
            break;
        case 0x03: { /* ld */
            if (f3 != 3)
                return -1;
            uint64_t a = h->x[rs1] + (uint64_t)imm_i;
            if (a < base || a + 8 > base + size || (a & 7))
                return -1;
            v = 0;
            for (int i = 7; i >= 0; i--)
                v = v << 8 | mem[a - base + (unsigned)i];
            break;
        }
        case 0x13: /* addi */
            if (f3 != 0)
                return -1;
            v = h->x[rs1] + (uint64_t)imm_i;
            break;
        case 0x67: /* jalr */
            v = next;
            next = (h->x[rs1] + (uint64_t)imm_i) & ~1ull;
            break;
        default:
            return -1;
        }
        if (rd)
            h->x[rd] = v;
        h->pc = next;
    }
    return -1;
}

static uint64_t rd64(const uint8_t *b)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | b[i];
    return v;
}

START_TEST(encodings_match_assembler)
{
    uint32_t w[BOOTROM_WORDS];
    ck_assert_uint_eq(bootrom_build(w, BOOTROM_WORDS, 0x80000000, 0x9fe00000, 0, 0x80200000),
                      BOOTROM_WORDS);
    ck_assert_uint_eq(w[0], ENC_AUIPC_T0_0);
    ck_assert_uint_eq(w[1], ENC_CSRR_A0_MHARTID);
    ck_assert_uint_eq(w[2], ENC_LD_A1_32_T0);
    ck_assert_uint_eq(w[3], ENC_ADDI_A2_T0_48);
    ck_assert_uint_eq(w[4], ENC_LD_T0_24_T0);
    ck_assert_uint_eq(w[5], ENC_JR_T0);

    /* an external fw_dynamic_info is loaded from the pointer slot instead */
    ck_assert_uint_eq(bootrom_build(w, BOOTROM_WORDS, 0x80000000, 0x9fe00000, 0x80001000,
                                    0x80200000), BOOTROM_WORDS);
    ck_assert_uint_eq(w[3], ENC_LD_A2_40_T0);
}
END_TEST

START_TEST(too_small_buffer_is_refused)
{
    uint32_t w[BOOTROM_WORDS];
    memset(w, 0xa5, sizeof w);
    ck_assert_uint_eq(bootrom_build(w, BOOTROM_WORDS - 1, 1, 2, 0, 3), 0);
    ck_assert_uint_eq(w[0], 0xa5a5a5a5u);          /* nothing written */
}
END_TEST

/* Run the image as hart `hartid` at `base` and check a0/a1/a2 and the jump target. */
static void check_boot(uint64_t base, uint64_t hartid, uint64_t info_addr)
{
    const uint64_t fw = 0x80000000, dtb = 0x87e00000, kernel = 0x80200000;
    uint32_t w[BOOTROM_WORDS];
    uint8_t mem[BOOTROM_SIZE];
    ck_assert_uint_eq(bootrom_build(w, BOOTROM_WORDS, fw, dtb, info_addr, kernel),
                      BOOTROM_WORDS);
    bootrom_to_bytes(w, BOOTROM_WORDS, mem);

    struct mini_hart h;
    memset(&h, 0, sizeof h);
    h.mhartid = hartid;
    ck_assert_int_eq(run(&h, mem, base, sizeof mem), 0);
    ck_assert_uint_eq(h.pc, fw);
    ck_assert_uint_eq(h.x[10], hartid);                        /* a0 */
    ck_assert_uint_eq(h.x[11], dtb);                           /* a1 */
    uint64_t want_a2 = info_addr ? info_addr : base + BOOTROM_INFO_OFFSET;
    ck_assert_uint_eq(h.x[12], want_a2);                       /* a2 */

    /* the in-image struct, read the way OpenSBI reads it: six LE u64 at a2 */
    const uint8_t *s = mem + BOOTROM_INFO_OFFSET;
    ck_assert_uint_eq(rd64(s + 0), 0x4942534f);                /* 'O','S','B','I' */
    ck_assert_uint_eq(s[0], 'O');
    ck_assert_uint_eq(s[3], 'I');
    ck_assert_uint_eq(rd64(s + 8), 2);                         /* version */
    ck_assert_uint_eq(rd64(s + 16), kernel);                   /* next_addr */
    ck_assert_uint_eq(rd64(s + 24), 1);                        /* next_mode S */
    ck_assert_uint_eq(rd64(s + 32), 0);                        /* options */
    ck_assert_uint_eq(rd64(s + 40), 0);                        /* boot_hart as QEMU */
}

START_TEST(boots_at_reset_vector)
{
    check_boot(0x1000, 0, 0);
    check_boot(0x1000, 3, 0);
}
END_TEST

START_TEST(position_independent)
{
    check_boot(0x20000000, 1, 0);
}
END_TEST

START_TEST(external_info_pointer)
{
    check_boot(0x1000, 0, 0x80001000);
}
END_TEST

START_TEST(info_bytes_layout)
{
    struct fw_dynamic_info info = bootrom_default_info(0x80200000);
    info.boot_hart = FW_DYNAMIC_BOOT_HART_ANY;
    info.options = 1;
    uint8_t b[FW_DYNAMIC_INFO_SIZE];
    bootrom_info_to_bytes(&info, b);
    ck_assert_uint_eq(memcmp(b, "OSBI\0\0\0\0", 8), 0);
    ck_assert_uint_eq(rd64(b + 8), 2);
    ck_assert_uint_eq(rd64(b + 16), 0x80200000);
    ck_assert_uint_eq(rd64(b + 24), 1);
    ck_assert_uint_eq(rd64(b + 32), 1);
    ck_assert_uint_eq(rd64(b + 40), UINT64_MAX);

    /* and bootrom_build_info carries a caller's struct into the image verbatim */
    uint32_t w[BOOTROM_WORDS];
    uint8_t mem[BOOTROM_SIZE];
    ck_assert_uint_eq(bootrom_build_info(w, BOOTROM_WORDS, 1, 2, 0, &info), BOOTROM_WORDS);
    bootrom_to_bytes(w, BOOTROM_WORDS, mem);
    ck_assert_uint_eq(memcmp(mem + BOOTROM_INFO_OFFSET, b, sizeof b), 0);
}
END_TEST

static Suite *bootrom_suite(void)
{
    Suite *s = suite_create("bootrom");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, encodings_match_assembler);
    tcase_add_test(tc, too_small_buffer_is_refused);
    tcase_add_test(tc, boots_at_reset_vector);
    tcase_add_test(tc, position_independent);
    tcase_add_test(tc, external_info_pointer);
    tcase_add_test(tc, info_bytes_layout);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(bootrom_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
