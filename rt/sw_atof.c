// SPDX-License-Identifier: MIT
/*
 * sw_atof.c — decimal text to float64/float32 without strtod in the common
 * case, by the Eisel-Lemire method (D. Lemire, "Number parsing at a gigabyte
 * per second", 2021): the decimal significand w (its first 19 digits) is
 * normalised and multiplied by a 128-bit truncated power of ten; when the
 * high bits of the product leave no doubt about the rounding (the product
 * is not near a halfway point or an edge of the truncation error), they
 * are the float's significand.  When the text has more than 19 significant
 * digits, w and w+1 bracket the true value and must give the same float.
 * Every undecided case (and subnormal or overflowing results) returns false
 * and the caller parses with strtod, which is exact.
 */
#include <string.h>

#include "sw_float.h"

/* Float bits of w·10^q, or false when undecided.  mbits: stored significand
 * bits (52 or 23); bias: exponent bias (1023 or 127). */
static bool eisel_lemire(uint64_t w, int q, int mbits, int bias, uint64_t *out)
{
    if (w == 0) {
        *out = 0;
        return true;
    }
    if (q < SW_POW10_EL_MIN || q >= SW_POW10_EL_MIN + SW_POW10_EL_N) return false;
    const uint64_t *t = sw_pow10_el[q - SW_POW10_EL_MIN];
    int lz = __builtin_clzll(w);
    w <<= lz;
    /* value = w·2^-lz · T·2^(⌊q·log2 10⌋-127), T the 128-bit table entry */
    int64_t e2 = (((int64_t)q * 217706) >> 16) + 64 + bias - lz;
    unsigned __int128 x = (unsigned __int128)w * t[0];
    uint64_t hi = (uint64_t)(x >> 64), lo = (uint64_t)x;
    int shift = 64 - (mbits + 1) - 2;   /* keeps mbits+2 bits when the top bit is set */
    uint64_t mask = (UINT64_C(1) << shift) - 1;
    if ((hi & mask) == mask && lo + w < lo) {
        /* the low half of T could carry into the bits that decide: add it */
        unsigned __int128 y = (unsigned __int128)w * t[1];
        uint64_t yhi = (uint64_t)(y >> 64), ylo = (uint64_t)y;
        uint64_t mlo = lo + yhi, mhi = hi + (mlo < lo);
        if ((mhi & mask) == mask && mlo + 1 == 0 && ylo + w < ylo) return false;
        hi = mhi;
        lo = mlo;
    }
    int top = (int)(hi >> 63);
    uint64_t m = hi >> (top + shift);
    e2 -= 1 ^ top;
    /* exactly halfway (as far as the truncated product tells): strtod decides */
    if (lo == 0 && (hi & mask) == 0 && (m & 3) == 1) return false;
    m += m & 1;   /* round half up at the extra bit, then drop it */
    m >>= 1;
    if (m >> (mbits + 1)) {
        m >>= 1;
        e2++;
    }
    int64_t einf = mbits == 52 ? 0x7FF : 0xFF;
    if (e2 <= 0 || e2 >= einf) return false;   /* subnormal or overflow: slow path */
    *out = (uint64_t)e2 << mbits | (m & ((UINT64_C(1) << mbits) - 1));
    return true;
}

bool sw_atof_fast(const uint8_t *s, int64_t n, int bits, double *out)
{
    int64_t i = 0;
    bool neg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        neg = s[i] == '-';
        i++;
    }
    uint64_t w = 0;
    int nd = 0;           /* significant digits taken into w */
    int64_t dp = 0;       /* decimal point, counted from the first significant digit */
    bool sawdot = false, sawdigits = false, trunc = false;
    for (; i < n; i++) {
        uint8_t c = s[i];
        if (c == '.') {
            if (sawdot) return false;
            sawdot = true;
            continue;
        }
        if (c < '0' || c > '9') break;
        sawdigits = true;
        if (c == '0' && nd == 0) {   /* leading zero */
            if (sawdot) dp--;
            continue;
        }
        if (nd < 19) {
            w = w * 10 + (uint64_t)(c - '0');
            nd++;
            if (!sawdot) dp++;
        } else {
            if (c != '0') trunc = true;
            if (!sawdot) dp++;
        }
    }
    if (!sawdigits) return false;
    /* the digits read are 0.ddd… × 10^dp, w holds the first nd of them */
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i >= n) return false;
        bool eneg = false;
        if (s[i] == '+' || s[i] == '-') {
            eneg = s[i] == '-';
            i++;
        }
        if (i >= n || s[i] < '0' || s[i] > '9') return false;
        int64_t e = 0;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            if (e < 100000) e = e * 10 + (s[i] - '0');
        dp += eneg ? -e : e;
    }
    if (i != n) return false;
    uint64_t fb;
    int mbits = bits == 32 ? 23 : 52, bias = bits == 32 ? 127 : 1023;
    if (w == 0) {
        fb = 0;
    } else {
        int64_t q = dp - nd;   /* value = w · 10^q (w its first nd digits) */
        if (q < -400 || q > 400) return false;
        if (!eisel_lemire(w, (int)q, mbits, bias, &fb)) return false;
        if (trunc) {
            uint64_t fb2;
            if (!eisel_lemire(w + 1, (int)q, mbits, bias, &fb2) || fb2 != fb) return false;
        }
    }
    if (bits == 32) {
        uint32_t u = (uint32_t)fb | (neg ? UINT32_C(1) << 31 : 0);
        float f;
        memcpy(&f, &u, 4);
        *out = f;
    } else {
        fb |= neg ? UINT64_C(1) << 63 : 0;
        memcpy(out, &fb, 8);
    }
    return true;
}
