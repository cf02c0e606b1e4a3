/* Integer: big-number modular exponentiation, the work of RSA signature
 * checks and key exchange at boot.  2048-bit numbers in 64-bit limbs,
 * Montgomery multiplication (CIOS form, Koc et al. 1996) with 64x64->128
 * products (mul + mulhu on RV64), square-and-multiply over full-size
 * exponents.  The modulus is the 2048-bit MODP prime of RFC 3526 (group
 * 14), so Fermat's little theorem gives an independent check: a^(p-1) = 1
 * (mod p) for every a not divisible by p. */
#include "bench.h"

const char bench_name[] = "modexp";

#define L 32                    /* limbs of 64 bits: 2048 bits */
typedef uint64_t num[L];       /* least significant limb first */
typedef unsigned __int128 u128;

/* RFC 3526 section 3, most significant 32-bit word first. */
static const uint32_t P_WORDS[64] = {
    0xFFFFFFFF, 0xFFFFFFFF, 0xC90FDAA2, 0x2168C234, 0xC4C6628B, 0x80DC1CD1,
    0x29024E08, 0x8A67CC74, 0x020BBEA6, 0x3B139B22, 0x514A0879, 0x8E3404DD,
    0xEF9519B3, 0xCD3A431B, 0x302B0A6D, 0xF25F1437, 0x4FE1356D, 0x6D51C245,
    0xE485B576, 0x625E7EC6, 0xF44C42E9, 0xA637ED6B, 0x0BFF5CB6, 0xF406B7ED,
    0xEE386BFB, 0x5A899FA5, 0xAE9F2411, 0x7C4B1FE6, 0x49286651, 0xECE45B3D,
    0xC2007CB8, 0xA163BF05, 0x98DA4836, 0x1C55D39A, 0x69163FA8, 0xFD24CF5F,
    0x83655D23, 0xDCA3AD96, 0x1C62F356, 0x208552BB, 0x9ED52907, 0x7096966D,
    0x670C354E, 0x4ABC9804, 0xF1746C08, 0xCA18217C, 0x32905E46, 0x2E36CE3B,
    0xE39E772C, 0x180E8603, 0x9B2783A2, 0xEC07A28F, 0xB5C55DF0, 0x6F4C52C9,
    0xDE2BCBF6, 0x95581718, 0x3995497C, 0xEA956AE5, 0x15D22618, 0x98FA0510,
    0x15728E5A, 0x8AACAA68, 0xFFFFFFFF, 0xFFFFFFFF,
};

static num P, R2;               /* the modulus; R^2 mod P (R = 2^2048) */
static uint64_t PINV;           /* -P^-1 mod 2^64 */

static int geq(const num a, const num b)
{
    for (int i = L - 1; i >= 0; i--)
        if (a[i] != b[i])
            return a[i] > b[i];
    return 1;
}

static void sub_in_place(num a, const num b)
{
    uint64_t borrow = 0;
    for (int i = 0; i < L; i++) {
        uint64_t d = a[i] - b[i] - borrow;
        borrow = (a[i] < b[i]) || (a[i] == b[i] && borrow);
        a[i] = d;
    }
}

/* r = a * b * R^-1 mod P (a, b < P). */
static void mont_mul(num r, const num a, const num b)
{
    uint64_t t[L + 2] = { 0 };
    for (int i = 0; i < L; i++) {
        uint64_t c = 0;
        for (int j = 0; j < L; j++) {
            u128 s = (u128)a[j] * b[i] + t[j] + c;
            t[j] = (uint64_t)s;
            c = (uint64_t)(s >> 64);
        }
        u128 s = (u128)t[L] + c;
        t[L] = (uint64_t)s;
        t[L + 1] = (uint64_t)(s >> 64);
        uint64_t m = t[0] * PINV;
        s = (u128)m * P[0] + t[0];
        c = (uint64_t)(s >> 64);
        for (int j = 1; j < L; j++) {
            s = (u128)m * P[j] + t[j] + c;
            t[j - 1] = (uint64_t)s;
            c = (uint64_t)(s >> 64);
        }
        s = (u128)t[L] + c;
        t[L - 1] = (uint64_t)s;
        t[L] = t[L + 1] + (uint64_t)(s >> 64);
    }
    for (int i = 0; i < L; i++)
        r[i] = t[i];
    if (t[L] || geq(r, P))
        sub_in_place(r, P);
}

/* r = base^exp mod P, exp of L limbs; base < P. */
static void mod_exp(num r, const num base, const num exp)
{
    num b, acc, one = { 1 };
    mont_mul(b, base, R2);              /* into Montgomery form */
    mont_mul(acc, one, R2);
    for (int i = L - 1; i >= 0; i--)
        for (int k = 63; k >= 0; k--) {
            mont_mul(acc, acc, acc);
            if (exp[i] >> k & 1)
                mont_mul(acc, acc, b);
        }
    mont_mul(r, acc, one);              /* out of it */
}

static void setup(void)
{
    for (int i = 0; i < L; i++)
        P[i] = (uint64_t)P_WORDS[63 - 2 * i - 1] << 32 | P_WORDS[63 - 2 * i];
    /* PINV by Newton's iteration: x = x * (2 - P0 x) doubles the correct
     * low bits each step (x = P0 is right to 3 bits for odd P0) */
    uint64_t x = P[0];
    for (int i = 0; i < 6; i++)
        x *= 2 - P[0] * x;
    PINV = -x;
    /* R2 = 2^4096 mod P by 4096 doublings of 1 mod P */
    num v = { 1 };
    for (int i = 0; i < 4096; i++) {
        uint64_t carry = v[L - 1] >> 63;
        for (int j = L - 1; j > 0; j--)
            v[j] = v[j] << 1 | v[j - 1] >> 63;
        v[0] <<= 1;
        if (carry || geq(v, P))
            sub_in_place(v, P);
    }
    for (int i = 0; i < L; i++)
        R2[i] = v[i];
}

uint64_t bench_run(void)
{
    setup();
    uint64_t s = 0xfe12, sum = 0;
    num pm1, base, exp, r;
    for (int i = 0; i < L; i++)
        pm1[i] = P[i];
    pm1[0] -= 1;                        /* P is odd */
    unsigned rounds = BENCH_SCALE(80, 20);
    for (unsigned k = 0; k < rounds; k++) {
        for (int i = 0; i < L; i++)
            base[i] = bench_rand(&s);
        base[L - 1] >>= 1;              /* below P */
        if (k % 4 == 0) {               /* Fermat: base^(P-1) = 1 */
            mod_exp(r, base, pm1);
            int ok = r[0] == 1;
            for (int i = 1; i < L; i++)
                ok &= r[i] == 0;
            if (!ok) {
                bench_print("modexp: a^(p-1) mod p is not 1");
                return 0;
            }
            continue;
        }
        for (int i = 0; i < L; i++)
            exp[i] = bench_rand(&s);
        mod_exp(r, base, exp);
        for (int i = 0; i < L; i++)
            sum = bench_mix(sum, r[i]);
    }
    return sum;
}
