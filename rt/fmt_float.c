// SPDX-License-Identifier: MIT
/*
 * fmt_float.c — strconv.AppendFloat: Go's float formats ('e' 'E' 'f' 'g' 'G'
 * 'b' 'x' 'X'), with the shortest round-tripping digits for precision -1.
 *
 * The shortest digits come from sw_dtoa.c (Schubfach): the shortest string
 * that parses back, and among those the closest, as Go's.  An explicit
 * precision of at most 15 significant digits rounds those digits (exact,
 * see round_shortest); longer ones go to glibc's printf, which rounds the
 * exact binary value half to even as Go does.  The layout (exponent digits,
 * %g thresholds) is Go's, written here.  tests/rt/float/ checks the output
 * byte for byte against the former printf/strtod implementation.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "sw_float.h"
#include "sw_internal.h"

/* A decimal 0.d[0..nd) × 10^dp, digits without trailing zeros. */
typedef struct Dec {
    char d[32];
    int nd, dp;
} Dec;

/* Rounds the shortest digits s of a float v to n significant digits (n may
 * be ≤ 0: a %f whose precision stops before the first digit) into r.
 * Exact for n ≤ 15 and v normal: s lies within half an ulp of v (at most
 * 2^-53·|v|), less than half a unit
 * of the 15th digit, and no rounding boundary of n digits lies between s
 * and v (it would be a shorter decimal inside v's rounding interval), so v
 * and s round alike, except when s sits exactly on the boundary: then
 * returns false and the caller uses the exact slow path. */
static bool round_shortest(const Dec *s, int n, Dec *r)
{
    if (n >= s->nd) {
        *r = *s;
        return true;
    }
    r->nd = 0;
    r->dp = 0;
    if (n < 0) return true;
    char next = s->d[n];
    bool up = next > '5' || (next == '5' && n + 1 < s->nd);
    if (next == '5' && n + 1 == s->nd) return false;
    memcpy(r->d, s->d, (size_t)n);
    r->nd = n;
    r->dp = s->dp;
    if (up) {
        int i = n - 1;
        while (i >= 0 && r->d[i] == '9') i--;
        if (i < 0) {
            r->d[0] = '1';
            r->nd = 1;
            r->dp++;
            return true;
        }
        r->d[i]++;
        r->nd = i + 1;
    }
    while (r->nd > 0 && r->d[r->nd - 1] == '0') r->nd--;
    if (r->nd == 0) r->dp = 0;
    return true;
}

/* at least two digits, as Go and C print exponents */
static void put_exp_digits(SwBuf *b, int exp)
{
    if (exp >= 100) {
        sw_buf_byte(b, (uint8_t)('0' + exp / 100));
        exp %= 100;
    }
    sw_buf_byte(b, (uint8_t)('0' + exp / 10));
    sw_buf_byte(b, (uint8_t)('0' + exp % 10));
}

static void put_exp(SwBuf *b, int exp, char e)
{
    sw_buf_byte(b, (uint8_t)e);
    if (exp < 0) {
        sw_buf_byte(b, '-');
        exp = -exp;
    } else {
        sw_buf_byte(b, '+');
    }
    put_exp_digits(b, exp);
}

/* %e: d.ddddde±dd */
static void layout_e(SwBuf *b, bool neg, const Dec *d, int prec, char e)
{
    if (neg) sw_buf_byte(b, '-');
    sw_buf_byte(b, d->nd ? (uint8_t)d->d[0] : '0');
    if (prec > 0) {
        sw_buf_byte(b, '.');
        int i = 1, m = d->nd < prec + 1 ? d->nd : prec + 1;
        for (; i < m; i++) sw_buf_byte(b, (uint8_t)d->d[i]);
        for (; i <= prec; i++) sw_buf_byte(b, '0');
    }
    put_exp(b, d->nd == 0 ? 0 : d->dp - 1, e);
}

/* %f: ddd.ddd */
static void layout_f(SwBuf *b, bool neg, const Dec *d, int prec)
{
    if (neg) sw_buf_byte(b, '-');
    if (d->dp > 0) {
        int m = d->nd < d->dp ? d->nd : d->dp;
        for (int i = 0; i < m; i++) sw_buf_byte(b, (uint8_t)d->d[i]);
        for (int i = m; i < d->dp; i++) sw_buf_byte(b, '0');
    } else {
        sw_buf_byte(b, '0');
    }
    if (prec > 0) {
        sw_buf_byte(b, '.');
        for (int i = 1; i <= prec; i++) {
            int j = d->dp + i - 1;
            sw_buf_byte(b, (j >= 0 && j < d->nd) ? (uint8_t)d->d[j] : '0');
        }
    }
}

/* 'e' 'E' 'f' 'g' 'G' with a precision from the shortest digits when that is
 * exact (at most 15 significant digits); false: use the slow path. */
static bool format_prec(SwBuf *b, double v, bool neg, int fmt, int prec)
{
    Dec s = {.nd = 0, .dp = 0}, r;
    if (v != 0 && fabs(v) < 0x1p-1022) return false;   /* subnormal: ulps are wider */
    if (v != 0) s.nd = sw_dtoa_shortest(v, 64, s.d, &s.dp);
    switch (fmt) {
    case 'e': case 'E':
        if (prec >= 15 && v != 0) return false;
        if (!round_shortest(&s, prec + 1, &r)) return false;
        layout_e(b, neg, &r, prec, (char)fmt);
        return true;
    case 'f':
        if (v != 0 && (prec > 15 || s.dp + prec > 15)) return false;
        if (!round_shortest(&s, s.dp + prec, &r)) return false;
        layout_f(b, neg, &r, prec);
        return true;
    default: {   /* C's %g: %e or %f by the rounded exponent, trailing zeros cut */
        int p = prec == 0 ? 1 : prec;
        if (p > 15 && v != 0) return false;
        if (!round_shortest(&s, p, &r)) return false;
        int x = r.nd ? r.dp - 1 : 0;
        if (x < -4 || x >= p) layout_e(b, neg, &r, r.nd > 1 ? r.nd - 1 : 0, fmt == 'G' ? 'E' : 'e');
        else layout_f(b, neg, &r, r.nd - r.dp > 0 ? r.nd - r.dp : 0);
        return true;
    }
    }
}

static const char lowerhex[] = "0123456789abcdef", upperhex[] = "0123456789ABCDEF";

static void format_x(SwBuf *b, int prec, int fmt, bool neg, uint64_t mant, int exp, int mantbits)
{
    const char *digits = fmt == 'X' ? upperhex : lowerhex;
    if (mant == 0) exp = 0;
    mant <<= 60 - mantbits;
    while (mant != 0 && (mant & (UINT64_C(1) << 60)) == 0) {
        mant <<= 1;
        exp--;
    }
    if (prec >= 0 && prec < 15) {
        unsigned shift = (unsigned)prec * 4;
        uint64_t extra = (mant << shift) & ((UINT64_C(1) << 60) - 1);
        mant >>= 60 - shift;
        if ((extra | (mant & 1)) > (UINT64_C(1) << 59)) mant++;
        mant <<= 60 - shift;
        if (mant & (UINT64_C(1) << 61)) {
            mant >>= 1;
            exp++;
        }
    }
    if (neg) sw_buf_byte(b, '-');
    sw_buf_byte(b, '0');
    sw_buf_byte(b, (uint8_t)fmt);
    sw_buf_byte(b, (uint8_t)('0' + ((mant >> 60) & 1)));
    mant <<= 4;
    if (prec < 0 && mant != 0) {
        sw_buf_byte(b, '.');
        while (mant != 0) {
            sw_buf_byte(b, (uint8_t)digits[(mant >> 60) & 15]);
            mant <<= 4;
        }
    } else if (prec > 0) {
        sw_buf_byte(b, '.');
        for (int i = 0; i < prec; i++) {
            sw_buf_byte(b, (uint8_t)digits[(mant >> 60) & 15]);
            mant <<= 4;
        }
    }
    sw_buf_byte(b, fmt == 'X' ? 'P' : 'p');
    if (exp < 0) {
        sw_buf_byte(b, '-');
        exp = -exp;
    } else {
        sw_buf_byte(b, '+');
    }
    char tmp[8];
    snprintf(tmp, sizeof tmp, "%02d", exp);
    sw_buf_cstr(b, tmp);
}

void sw_format_float(SwBuf *b, double v, int fmt, int prec, int bits)
{
    if (bits == 32) v = (float)v;
    if (isnan(v)) {
        sw_buf_cstr(b, "NaN");
        return;
    }
    if (isinf(v)) {
        sw_buf_cstr(b, v > 0 ? "+Inf" : "-Inf");
        return;
    }
    bool neg = signbit(v) != 0;
    if (fmt == 'b' || fmt == 'x' || fmt == 'X') {
        uint64_t mant;
        int exp, mantbits;
        if (bits == 32) {
            float f = (float)v;
            uint32_t u;
            memcpy(&u, &f, 4);
            mantbits = 23;
            exp = (int)((u >> 23) & 0xFF);
            mant = u & ((1u << 23) - 1);
            if (exp == 0) exp++;
            else mant |= 1u << 23;
            exp += -127;
        } else {
            uint64_t u;
            memcpy(&u, &v, 8);
            mantbits = 52;
            exp = (int)((u >> 52) & 0x7FF);
            mant = u & ((UINT64_C(1) << 52) - 1);
            if (exp == 0) exp++;
            else mant |= UINT64_C(1) << 52;
            exp += -1023;
        }
        if (fmt == 'b') {
            char tmp[64];
            exp -= mantbits;
            snprintf(tmp, sizeof tmp, "%s%llup%s%d", neg ? "-" : "", (unsigned long long)mant,
                     exp >= 0 ? "+" : "", exp);
            sw_buf_cstr(b, tmp);
        } else {
            format_x(b, prec, fmt, neg, mant, exp, mantbits);
        }
        return;
    }
    if (fmt != 'e' && fmt != 'E' && fmt != 'f' && fmt != 'g' && fmt != 'G') {
        sw_buf_byte(b, '%');
        sw_buf_byte(b, (uint8_t)fmt);
        return;
    }
    if (prec >= 0) {
        if (format_prec(b, v, neg, fmt, prec)) return;
        /* exact slow path: glibc's printf rounds the exact binary value half
         * to even, as Go does, and its layout for a precision is Go's */
        char cf[8] = {'%', '.', '*', (char)fmt, 0};
        int n = snprintf(NULL, 0, cf, prec, v);
        sw_buf_grow(b, n + 1);
        snprintf((char *)b->p + b->len, (size_t)n + 1, cf, prec, v);
        b->len += n;
        return;
    }
    Dec d = {.nd = 0, .dp = 0};
    if (v != 0) d.nd = sw_dtoa_shortest(v, bits, d.d, &d.dp);
    switch (fmt) {
    case 'e': case 'E':
        layout_e(b, neg, &d, d.nd - 1, (char)fmt);
        return;
    case 'f':
        layout_f(b, neg, &d, d.nd - d.dp > 0 ? d.nd - d.dp : 0);
        return;
    default: {
        int exp = d.dp - 1;
        if (exp < -4 || exp >= 6) {   /* Go: eprec is 6 for the shortest form */
            layout_e(b, neg, &d, d.nd - 1, fmt == 'G' ? 'E' : 'e');
        } else {
            layout_f(b, neg, &d, d.nd - d.dp > 0 ? d.nd - d.dp : 0);
        }
    }
    }
}

void sw_format_int(SwBuf *b, uint64_t u, bool neg, int base)
{
    char tmp[72];
    int i = (int)sizeof tmp;
    do {
        tmp[--i] = "0123456789abcdefghijklmnopqrstuvwxyz"[u % (unsigned)base];
        u /= (unsigned)base;
    } while (u);
    if (neg) tmp[--i] = '-';
    sw_buf_write(b, tmp + i, (int64_t)sizeof tmp - i);
}
