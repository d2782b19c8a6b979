// SPDX-License-Identifier: MIT
/*
 * float_test.c — the heavy check of the runtime's float conversions, run by
 * tests/rt/float/run.sh (not part of the quick tests/rt suite):
 *   - sw_format_float (Schubfach shortest digits, precision rounding) against
 *     oracle_fmt_float.c, the former printf/strtod implementation, byte for
 *     byte, on N random float64 bit patterns and N/4 float32 ones, plus
 *     subnormals, powers of two, integers, short decimals and halfway cases;
 *   - sw_strconv_parse_float (Eisel-Lemire with strtod fallback) against
 *     strtod/strtof on random, long-mantissa and extreme-exponent inputs.
 * Usage: float_test [N] (default 10000000).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../../rt/sw_internal.h"

void oracle_format_float(SwBuf *b, double v, int fmt, int prec, int bits);
double sw_strconv_parse_float(SwString s, int64_t bits, int64_t *err);

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static long fails, checks;

static void cmp_fmt(double v, int fmt, int prec, int bits)
{
    SwBuf a = {0}, b = {0};
    sw_format_float(&a, v, fmt, prec, bits);
    oracle_format_float(&b, v, fmt, prec, bits);
    checks++;
    if (a.len != b.len || memcmp(a.p, b.p, (size_t)a.len) != 0) {
        if (fails++ < 30) {
            uint64_t u;
            memcpy(&u, &v, 8);
            fprintf(stderr, "FAIL fmt %c prec %d bits %d v=%a (0x%016llx): new \"%.*s\" old \"%.*s\"\n",
                    fmt, prec, bits, v, (unsigned long long)u, (int)a.len, (const char *)a.p, (int)b.len,
                    (const char *)b.p);
        }
    }
}

static double from_bits(uint64_t u)
{
    double v;
    memcpy(&v, &u, 8);
    return v;
}

static const char fmts[] = "eEfgG";

/* every format on v: shortest in all layouts, and a few precisions */
static void all_formats(double v, int bits, int nprec)
{
    cmp_fmt(v, 'g', -1, bits);
    cmp_fmt(v, 'e', -1, bits);
    cmp_fmt(v, 'f', -1, bits);
    for (int i = 0; i < nprec; i++) {
        int fmt = fmts[next() % 5];
        int prec = (int)(next() % 18);
        if (fmt == 'f' && fabs(v) > 1e30 && prec > 4) prec = 4;
        cmp_fmt(v, fmt, prec, bits);
    }
}

static void cmp_parse(const char *s, int bits)
{
    int64_t err;
    SwString str = {(const uint8_t *)s, (int64_t)strlen(s)};
    double got = sw_strconv_parse_float(str, bits, &err);
    double want = bits == 32 ? (double)strtof(s, NULL) : strtod(s, NULL);
    checks++;
    if (memcmp(&got, &want, 8) != 0 && !(isnan(got) && isnan(want))) {
        if (fails++ < 30) fprintf(stderr, "FAIL parse%d \"%s\": got %a want %a\n", bits, s, got, want);
    }
}

static void random_decimal(char *buf, int maxdig, int emin, int emax)
{
    int n = 0;
    if (next() & 1) buf[n++] = '-';
    int nd = 1 + (int)(next() % (uint64_t)maxdig);
    int point = (int)(next() % (uint64_t)(nd + 1));
    for (int i = 0; i < nd; i++) {
        if (i == point && i > 0) buf[n++] = '.';
        buf[n++] = (char)('0' + next() % 10);
    }
    if (next() % 4) n += sprintf(buf + n, "e%d", emin + (int)(next() % (uint64_t)(emax - emin + 1)));
    buf[n] = 0;
}

int main(int argc, char **argv)
{
    sw_rt_init(argc, argv);
    long n = argc > 1 ? atol(argv[1]) : 10000000;
    /* float64: uniform bit patterns, shortest 'g' on all, other formats on some */
    for (long i = 0; i < n; i++) {
        double v = from_bits(next());
        if (isnan(v)) continue;
        if (i % 8 == 0) all_formats(v, 64, 2);
        else cmp_fmt(v, 'g', -1, 64);
    }
    /* float32 bit patterns */
    for (long i = 0; i < n / 4; i++) {
        uint32_t u = (uint32_t)next();
        float f;
        memcpy(&f, &u, 4);
        if (isnan(f)) continue;
        if (i % 8 == 0) all_formats(f, 32, 2);
        else cmp_fmt(f, 'g', -1, 32);
    }
    /* subnormals, binade edges, powers of two, integers */
    for (uint64_t t = 1; t < 5000; t++) {
        all_formats(from_bits(t), 64, 3);
        all_formats(from_bits((UINT64_C(1) << 52) - t), 64, 1);
        uint32_t u = (uint32_t)t;
        float f;
        memcpy(&f, &u, 4);
        all_formats(f, 32, 3);
    }
    for (uint64_t t = 1; t < ((uint64_t)n << 1); t += 1 + next() % 8) {   /* subnormals, shortest */
        cmp_fmt(from_bits(t), 'g', -1, 64);
        cmp_fmt(from_bits(t << 20), 'g', -1, 64);
    }
    for (uint32_t t = 1; t < (1u << 23); t += n >= 1000000 ? 1 : 17) {   /* float32 subnormals (all for N ≥ 1e6) */
        float f;
        memcpy(&f, &t, 4);
        cmp_fmt(f, 'g', -1, 32);
    }
    for (int e = -1074; e <= 1023; e++) {
        double p = ldexp(1, e);
        all_formats(p, 64, 6);
        all_formats(nextafter(p, 0), 64, 2);
        all_formats(nextafter(p, INFINITY), 64, 2);
        if (e >= -149 && e <= 127) all_formats((float)p, 32, 4);
    }
    for (long i = 0; i < n / 20; i++) {
        int64_t k = (int64_t)(next() >> (next() % 64));
        all_formats((double)k, 64, 1);
        all_formats((float)k, 32, 1);
        /* halfway cases of short decimals: x.xx5 and k + 0.5 */
        double h = (double)(int64_t)(next() % 2000000) / 1000 + 0.0005;
        all_formats(h, 64, 4);
        all_formats((double)(next() % 100000) + 0.5, 64, 4);
        all_formats((double)(next() % 100000) / 8, 64, 4);
        char buf[64];
        random_decimal(buf, 8, -30, 30);
        all_formats(strtod(buf, NULL), 64, 4);
        all_formats(strtof(buf, NULL), 32, 2);
    }
    printf("format: %ld checks, %ld failures\n", checks, fails);
    long fmt_fails = fails;
    checks = fails = 0;
    /* parsing: random decimals of every length and exponent range */
    char buf[512];
    for (long i = 0; i < n; i++) {
        switch (i % 6) {
        case 0: random_decimal(buf, 19, -30, 30); break;
        case 1: random_decimal(buf, 40, -360, 330); break;
        case 2: random_decimal(buf, 17, -330, 310); break;
        case 3: {   /* shortest and long forms of random doubles */
            double v = from_bits(next());
            if (isnan(v) || isinf(v)) v = 1.5;
            snprintf(buf, sizeof buf, i % 12 == 3 ? "%.17g" : "%.40e", v);
            break;
        }
        case 4: {   /* halfway between two doubles: exact decimal of (2m+1)·2^(e-1) */
            double v = from_bits(next() & ~(UINT64_C(1) << 63));
            if (isnan(v) || isinf(v)) v = 3.0;
            double w = nextafter(v, INFINITY);
            if (isinf(w)) w = v;
            long double mid = ((long double)v + (long double)w) / 2;
            snprintf(buf, sizeof buf, "%.60Le", mid);
            break;
        }
        default: {   /* float32 */
            float f;
            uint32_t u = (uint32_t)next();
            memcpy(&f, &u, 4);
            if (isnan(f) || isinf(f)) f = 2.5f;
            snprintf(buf, sizeof buf, i % 12 == 5 ? "%.9g" : "%.30e", f);
            cmp_parse(buf, 32);
            random_decimal(buf, 12, -50, 40);
            cmp_parse(buf, 32);
            break;
        }
        }
        cmp_parse(buf, 64);
    }
    static const char *tricky[] = {
        "0", "-0", "0.0", "1", "9007199254740993", "9007199254740992.5", "2.2250738585072011e-308",
        "2.2250738585072012e-308", "4.9406564584124654e-324", "2.4703282292062327e-324",
        "2.4703282292062328e-324", "1.7976931348623157e308", "1.7976931348623158e308",
        "1.7976931348623159e308", "1e309", "1e-400", "123456789012345678901234567890",
        "0.000000000000000000000000000000000000001", "1e23", "8.988465674311579e307",
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9999999999999999999999999999999999999999999999999999999999999999999999",
        "3.4028235e38", "3.4028236e38", "1.4e-45", "7e-46", "7.0000001e-46", "1.17549435e-38",
        "100000000000000000000000000000000000000000e-42", "0.1e1", ".5", "5.", "1e0", "1E+2",
        "+1.5", "0e999999", "1e-99999", "1e99999", "000000000000000000000000000000001",
        "4.4501477170144023e-308", "2.225073858507201136057409796709131975934819546351645648e-308",
    };
    for (size_t i = 0; i < sizeof tricky / sizeof *tricky; i++) {
        cmp_parse(tricky[i], 64);
        cmp_parse(tricky[i], 32);
    }
    printf("parse: %ld checks, %ld failures\n", checks, fails);
    return fails || fmt_fails ? 1 : 0;
}
