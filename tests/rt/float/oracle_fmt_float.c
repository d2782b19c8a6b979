// SPDX-License-Identifier: MIT
/*
 * oracle_fmt_float.c — the runtime's former rt/fmt_float.c (printf/strtod
 * based), kept unchanged apart from names as the test oracle of the new
 * formatter: tests/rt/float/float_test.c compares the two byte for byte.
 *
 * Digits come from glibc, whose printf rounds exactly (half to even on the
 * exact binary value, as Go does).  The shortest representation tries 1..17
 * significant digits; at each length the correctly rounded candidate and its
 * two neighbours in the last digit are checked by parsing them back with
 * strtod/strtof (the round-trip test *is* the definition), so the result is
 * the shortest string that parses back, and among those the closest.  The
 * layout (exponent digits, %g thresholds) is then Go's, written here.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../../rt/sw_internal.h"

void oracle_format_float(SwBuf *b, double v, int fmt, int prec, int bits);

/* A decimal d[0..nd) * 10^(dp-nd), digits without trailing zeros. */
typedef struct Dec {
    char d[32];
    int nd, dp;
} Dec;

/* Parses "d.ddde±x" (from %.*e) into digits and decimal point. */
static void parse_e(const char *s, Dec *d)
{
    d->nd = 0;
    const char *p = s;
    if (*p == '-') p++;
    for (; *p && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9') d->d[d->nd++] = *p;
    int e = atoi(p + 1);
    d->dp = e + 1;
}

static bool round_trips(const Dec *d, double v, int bits)
{
    char buf[64];
    int n = 0;
    buf[n++] = '0';
    buf[n++] = '.';
    for (int i = 0; i < d->nd; i++) buf[n++] = d->d[i];
    n += snprintf(buf + n, sizeof buf - (size_t)n, "e%d", d->dp);
    if (bits == 32) return strtof(buf, NULL) == (float)v;
    return strtod(buf, NULL) == v;
}

/* Adds delta (+1 or -1) to the last digit, with carry/borrow. */
static bool bump(Dec *d, int delta)
{
    int i = d->nd - 1;
    if (delta > 0) {
        while (i >= 0 && d->d[i] == '9') d->d[i--] = '0';
        if (i < 0) {
            memmove(d->d + 1, d->d, (size_t)d->nd);
            d->d[0] = '1';
            d->dp++;
            d->nd++;   /* keep the length; a trailing zero is trimmed later */
            return true;
        }
        d->d[i]++;
        return true;
    }
    while (i >= 0 && d->d[i] == '0') d->d[i--] = '9';
    if (i < 0) return false;
    d->d[i]--;
    if (d->d[0] == '0') return false;   /* would lose a digit: not the same length */
    return true;
}

static void trim(Dec *d)
{
    while (d->nd > 0 && d->d[d->nd - 1] == '0') d->nd--;
    if (d->nd == 0) d->dp = 0;
}

/* Shortest digits of |v| (v finite, non-zero) that parse back to v. */
static void shortest(double v, int bits, Dec *out)
{
    v = fabs(v);
    char buf[64];
    for (int n = 1; n <= 17; n++) {
        snprintf(buf, sizeof buf, "%.*e", n - 1, v);
        Dec d;
        parse_e(buf, &d);
        if (round_trips(&d, v, bits)) {
            *out = d;
            trim(out);
            return;
        }
        Dec up = d, down = d;
        if (bump(&up, 1) && round_trips(&up, v, bits)) {
            *out = up;
            trim(out);
            return;
        }
        if (bump(&down, -1) && round_trips(&down, v, bits)) {
            *out = down;
            trim(out);
            return;
        }
    }
    snprintf(buf, sizeof buf, "%.16e", v);
    parse_e(buf, out);
    trim(out);
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
    char tmp[8];
    snprintf(tmp, sizeof tmp, "%02d", exp);
    sw_buf_cstr(b, tmp);
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

void oracle_format_float(SwBuf *b, double v, int fmt, int prec, int bits)
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
        /* glibc's layout for an explicit precision is Go's */
        char cf[8] = {'%', '.', '*', (char)fmt, 0};
        int n = snprintf(NULL, 0, cf, prec, v);
        sw_buf_grow(b, n + 1);
        snprintf((char *)b->p + b->len, (size_t)n + 1, cf, prec, v);
        b->len += n;
        return;
    }
    Dec d = {.nd = 0, .dp = 0};
    if (v != 0) shortest(v, bits, &d);
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
