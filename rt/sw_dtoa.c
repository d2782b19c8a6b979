// SPDX-License-Identifier: MIT
/*
 * sw_dtoa.c — shortest round-trip decimal digits of a float64 or float32,
 * by Schubfach (R. Giulietti, "The Schubfach way to render doubles", 2020):
 * the value c·2^q and the ends of its rounding interval are scaled by one
 * 126-bit power of ten g ≈ 10^-k (k = ⌊log10 2^q⌋, or ⌊log10 ¾·2^q⌋ at a
 * power of two, where the interval below is half as wide) into fixed point
 * with two fraction bits and a sticky bit.  The interval is then less than
 * ten units wide, so the shortest decimal inside it is one of the two
 * multiples of ten around the scaled value, or else one of its two integer
 * neighbours, the closer one (ties to the even digit).  Ends are inside
 * when the significand c is even (round-half-even reads them back as v).
 *
 * Go prints the shortest digits, and among those the closest: so does this,
 * except for the few smallest subnormals, which Schubfach handles by
 * working one digit longer (its "c_tiny" case): their Go strings are
 * listed below instead.
 */
#include <string.h>

#include "sw_float.h"

#define MASK63 ((UINT64_C(1) << 63) - 1)

static inline uint64_t mul_hi(uint64_t a, uint64_t b)
{
    return (uint64_t)(((unsigned __int128)a * b) >> 64);
}

/* ⌊log10 2^q⌋, ⌊log10 ¾·2^q⌋, ⌊log2 10^e⌋ for the exponents floats have
 * (checked exactly by the test suite's generator run, |q| ≤ 1200) */
static inline int flog10_pow2(int q) { return (int)(((int64_t)q * 661971961083) >> 41); }
static inline int flog10_3q_pow2(int q) { return (int)(((int64_t)q * 661971961083 - 274743187321) >> 41); }
static inline int flog2_pow10(int e) { return (int)(((int64_t)e * 913124641741) >> 38); }

/* ⌊g·cp / 2^127⌋ with the bits shifted out ORed into bit 0 ("round to odd"),
 * g = g1·2^63 + g0 */
static inline uint64_t scale_odd(uint64_t g1, uint64_t g0, uint64_t cp)
{
    uint64_t x1 = mul_hi(g0, cp);
    unsigned __int128 y = (unsigned __int128)g1 * cp;
    uint64_t y0 = (uint64_t)y, y1 = (uint64_t)(y >> 64);
    uint64_t z = (y0 >> 1) + x1;
    uint64_t vbp = y1 + (z >> 63);
    return vbp | ((z & MASK63) != 0);
}

/* The shortest decimal f·10^*e10 inside the rounding interval of c·2^q;
 * asym: c is the smallest significand of a binade above the first one. */
static uint64_t schubfach(uint64_t c, int q, bool asym, int *e10)
{
    uint64_t cb = c << 2, cbr = cb + 2, cbl;
    int k;
    if (!asym) {
        cbl = cb - 2;
        k = flog10_pow2(q);
    } else {
        cbl = cb - 1;
        k = flog10_3q_pow2(q);
    }
    int h = q + flog2_pow10(-k) + 2;
    const uint64_t *g = sw_pow10_g[-k - SW_POW10_G_MIN];
    uint64_t vb = scale_odd(g[0], g[1], cb << h);
    uint64_t vbl = scale_odd(g[0], g[1], cbl << h);
    uint64_t vbr = scale_odd(g[0], g[1], cbr << h);
    uint64_t out = c & 1;   /* odd c: the interval's ends read back as a neighbour */
    uint64_t s = vb >> 2;
    if (s >= 10) {   /* Schubfach says 100: Java wants two digits at least, Go one */
        uint64_t sp10 = s / 10 * 10, tp10 = sp10 + 10;
        bool upin = vbl + out <= sp10 << 2;
        bool wpin = (tp10 << 2) + out <= vbr;
        if (upin != wpin) {
            *e10 = k;
            return upin ? sp10 : tp10;
        }
    }
    uint64_t t = s + 1;
    bool uin = vbl + out <= s << 2;
    bool win = (t << 2) + out <= vbr;
    *e10 = k;
    if (uin != win) return uin ? s : t;
    int64_t cmp = (int64_t)(vb - ((s + t) << 1));
    return cmp < 0 || (cmp == 0 && (s & 1) == 0) ? s : t;
}

static int put_digits(uint64_t f, int e10, char *d, int *dp)
{
    char tmp[24];
    int n = 0;
    while (f % 10 == 0) {
        f /= 10;
        e10++;
    }
    do {
        tmp[n++] = (char)('0' + f % 10);
        f /= 10;
    } while (f);
    for (int i = 0; i < n; i++) d[i] = tmp[n - 1 - i];
    *dp = n + e10;
    return n;
}

int sw_dtoa_shortest(double v, int bits, char *d, int *dp)
{
    uint64_t c;
    int q;
    bool asym;
    if (bits == 32) {
        float fv = (float)v;
        uint32_t u;
        memcpy(&u, &fv, 4);
        uint32_t t = u & ((1u << 23) - 1), bq = (u >> 23) & 0xFF;
        if (bq == 0) {
            if (t < 8) {   /* Go: 1e-45 3e-45 4e-45 6e-45 7e-45 8e-45 1e-44 */
                static const char tiny[8] = {0, 1, 3, 4, 6, 7, 8, 1};
                d[0] = (char)('0' + tiny[t]);
                *dp = t == 7 ? -43 : -44;
                return 1;
            }
            c = t;
            q = -149;
            asym = false;
        } else {
            c = t | (1u << 23);
            q = (int)bq - 150;
            asym = t == 0 && bq > 1;
        }
    } else {
        uint64_t u;
        memcpy(&u, &v, 8);
        uint64_t t = u & ((UINT64_C(1) << 52) - 1);
        int bq = (int)((u >> 52) & 0x7FF);
        if (bq == 0) {
            if (t < 3) {   /* Go: 5e-324 1e-323 */
                d[0] = t == 1 ? '5' : '1';
                *dp = t == 1 ? -323 : -322;
                return 1;
            }
            c = t;
            q = -1074;
            asym = false;
        } else {
            c = t | (UINT64_C(1) << 52);
            q = bq - 1075;
            asym = t == 0 && bq > 1;
        }
    }
    int e10;
    uint64_t f = schubfach(c, q, asym, &e10);
    return put_digits(f, e10, d, dp);
}
