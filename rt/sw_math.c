// SPDX-License-Identifier: MIT
/*
 * sw_math.c — the C half of package math.
 *
 * Sw promises Go's printed bytes, and %v prints the shortest decimal that
 * round-trips, so the last bit of a result shows.  glibc's libm is (nearly)
 * correctly rounded while Go computes most functions with its own
 * polynomials, so the two disagree in the last bit for a large share of
 * arguments.  The functions here therefore follow the algorithms Go 1.19
 * runs on amd64 step by step (same reductions, same coefficients, same
 * operation order): Exp and Log as Go's amd64 assembly does them (Exp
 * takes the FMA path when the CPU has AVX and FMA, as Go's does), Hypot as
 * its assembly, and Pow, Sin, Cos, Tan, Atan, Asin, Acos, Atan2, Sinh,
 * Cosh, Tanh, Cbrt, Exp2, Log2 and Log10 as its portable code.  Operations
 * that are exact or correctly rounded in both (Sqrt, Floor, Mod, ...) use
 * libm.  Still from libm, and possibly a last bit off Go: Log1p, Expm1,
 * Asinh, Acosh, Atanh, Gamma, Erf, Erfc, and Sin/Cos/Tan of |x| >= 2^29 (Go's Payne-Hanek
 * reduction is not reproduced).
 *
 * This file must be compiled without contracting a*b+c into fused
 * multiply-adds (Go does not fuse on amd64): see the pragma below.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "sw_lib.h"

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#else
#pragma GCC optimize("fp-contract=off")
#endif

static uint64_t bits_of(double f)
{
    uint64_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

static double from_bits(uint64_t u)
{
    double f;
    memcpy(&f, &u, sizeof f);
    return f;
}

#define GO_PI 3.14159265358979323846264338327950288419716939937510582097494459
#define GO_NAN_BITS 0x7FF8000000000001ull

/* ---- bits and classification ------------------------------------------- */

uint64_t sw_math_float64bits(double f) { return bits_of(f); }
double sw_math_float64frombits(uint64_t b) { return from_bits(b); }

uint32_t sw_math_float32bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

float sw_math_float32frombits(uint32_t b)
{
    float f;
    memcpy(&f, &b, sizeof f);
    return f;
}

double sw_math_nan(void) { return from_bits(GO_NAN_BITS); }
double sw_math_abs(double x) { return from_bits(bits_of(x) & ~(1ull << 63)); }
double sw_math_copysign(double f, double sign)
{
    return from_bits((bits_of(f) & ~(1ull << 63)) | (bits_of(sign) & (1ull << 63)));
}
bool sw_math_signbit(double x) { return bits_of(x) >> 63; }

/* ---- rounding, exact operations ------------------------------------------ */

double sw_math_sqrt(double x) { return sqrt(x); }
double sw_math_floor(double x) { return floor(x); }
double sw_math_ceil(double x) { return ceil(x); }
double sw_math_trunc(double x) { return trunc(x); }
double sw_math_round(double x) { return round(x); }
double sw_math_round_to_even(double x) { return roundeven(x); }
double sw_math_remainder(double x, double y) { return remainder(x, y); }

double sw_math_mod(double x, double y)
{
    if (y == 0 || isinf(x) || isnan(x) || isnan(y)) return sw_math_nan();
    return fmod(x, y);
}

/* Go's Modf: the integer part keeps the top bits; Modf(±Inf) = (±Inf, NaN). */
double sw_math_modf(double f, double *frac)
{
    if (f < 1) {
        if (f < 0) {
            double fr, in = sw_math_modf(-f, &fr);
            *frac = -fr;
            return -in;
        }
        if (f == 0) {
            *frac = f;
            return f;
        }
        *frac = f;
        return 0;
    }
    uint64_t x = bits_of(f);
    unsigned e = (unsigned)((x >> 52) & 0x7FF) - 1023;
    if (e < 64 - 12) x &= ~((1ull << (64 - 12 - e)) - 1);
    double in = from_bits(x);
    *frac = f - in;
    return in;
}

double sw_math_frexp(double f, int64_t *exp)
{
    int e = 0;
    double fr = (f == 0 || isinf(f) || isnan(f)) ? f : frexp(f, &e);
    *exp = e;
    return fr;
}

double sw_math_ldexp(double frac, int64_t exp)
{
    if (exp > 100000) exp = 100000;
    if (exp < -100000) exp = -100000;
    return ldexp(frac, (int)exp);
}

double sw_math_max(double x, double y)
{
    if (isinf(x) && x > 0) return x;
    if (isinf(y) && y > 0) return y;
    if (isnan(x) || isnan(y)) return sw_math_nan();
    if (x == 0 && x == y) return signbit(x) ? y : x;
    return x > y ? x : y;
}

double sw_math_min(double x, double y)
{
    if (isinf(x) && x < 0) return x;
    if (isinf(y) && y < 0) return y;
    if (isnan(x) || isnan(y)) return sw_math_nan();
    if (x == 0 && x == y) return signbit(x) ? x : y;
    return x < y ? x : y;
}

double sw_math_dim(double x, double y)
{
    double v = x - y;
    if (v <= 0) return 0;
    return v;   /* NaN stays NaN */
}

/* ---- exponential and logarithm (Go's amd64 assembly) --------------------- */

static bool use_fma(void)
{
    static int cached = -1;
    if (cached < 0) {
        __builtin_cpu_init();
        cached = __builtin_cpu_supports("avx") && __builtin_cpu_supports("fma");
    }
    return cached;
}

/* CVTSD2SL: round to nearest even; out of range gives INT32_MIN. */
static int32_t cvtsd2sl(double x)
{
    if (!(x > -2147483648.5 && x < 2147483647.5)) return INT32_MIN;
    return (int32_t)nearbyint(x);
}

double sw_math_exp(double x)
{
    static const double c2 = 1.6666666666666666667e-1, c3 = 4.1666666666666666667e-2,
                        c4 = 8.3333333333333333333e-3, c5 = 1.3888888888888888889e-3,
                        c6 = 1.9841269841269841270e-4, c7 = 2.4801587301587301587e-5;
    const double ln2u = 0.69314718055966295651160180568695068359375;
    const double ln2l = 0.28235290563031577122588448175013436025525412068e-12;
    const double log2e = 1.4426950408889634073599246810018920;
    uint64_t bx = bits_of(x);
    if ((bx & ~(1ull << 63)) >= 0x7FF0000000000000ull) {   /* not finite */
        if (bx == 0xFFF0000000000000ull) return 0;
        return x;
    }
    if (x > 7.09782712893384e+02) return INFINITY;
    int32_t k = cvtsd2sl(log2e * x);
    double fk = (double)k, r, p;
    if (use_fma()) {
        r = fma(-ln2u, fk, x);
        r = fma(-ln2l, fk, r);
        r *= 0.0625;
        p = fma(c7, r, c6);
        p = fma(p, r, c5);
        p = fma(p, r, c4);
        p = fma(p, r, c3);
        p = fma(p, r, c2);
        p = fma(p, r, 0.5);
        p = fma(p, r, 1.0);
        r *= p;
        r *= r + 2.0;
        r *= r + 2.0;
        r *= r + 2.0;
        r = fma(r, r + 2.0, 1.0);
    } else {
        r = x - ln2u * fk;
        r = r - ln2l * fk;
        r *= 0.0625;
        p = c7 * r + c6;
        p = p * r + c5;
        p = p * r + c4;
        p = p * r + c3;
        p = p * r + c2;
        p = p * r + 0.5;
        p = p * r + 1.0;
        r *= p;
        r *= r + 2.0;
        r *= r + 2.0;
        r *= r + 2.0;
        r *= r + 2.0;
        r += 1.0;
    }
    int64_t e = (int64_t)k + 0x3FF;
    if (e <= 0) {
        if (e < -52) return 0;
        r *= from_bits((uint64_t)(e + 0x3FE) << 52);
        return r * from_bits(1ull << 52);
    }
    if (e >= 0x7FF) return INFINITY;
    return r * from_bits((uint64_t)e << 52);
}

double sw_math_log(double x)
{
    const double ln2hi = 6.93147180369123816490e-01, ln2lo = 1.90821492927058770002e-10;
    const double l1 = 6.666666666666735130e-01, l2 = 3.999999999940941908e-01,
                 l3 = 2.857142874366239149e-01, l4 = 2.222219843214978396e-01,
                 l5 = 1.818357216161805012e-01, l6 = 1.531383769920937332e-01,
                 l7 = 1.479819860511658591e-01;
    uint64_t bx = bits_of(x);
    if ((bx & ~(1ull << 63)) == 0) return -INFINITY;
    if (bx >> 63) return sw_math_nan();
    if (bx >= 0x7FF0000000000000ull) return x;
    /* the assembly's frexp works on the bits alone (subnormals included) */
    double f1 = from_bits((bx & 0x000FFFFFFFFFFFFFull) | 0x3FE0000000000000ull);
    double k = (double)((int32_t)((bx >> 52) & 0x7FF) - 0x3FE);
    if (f1 < 7.07106781186547524401e-01) {
        k -= 1;
        f1 *= 2;
    }
    double f = f1 - 1;
    double s = f / (2 + f);
    double s2 = s * s, s4 = s2 * s2;
    double t1 = s2 * (l1 + s4 * (l3 + s4 * (l5 + s4 * l7)));
    double t2 = s4 * (l2 + s4 * (l4 + s4 * l6));
    double R = t1 + t2;
    double hfsq = 0.5 * f * f;
    return k * ln2hi - ((hfsq - (s * (hfsq + R) + k * ln2lo)) - f);
}

double sw_math_log10(double x)
{
    return sw_math_log(x) * 0.434294481903251827651128918916605082294397005803666566114453783;
}

double sw_math_log2(double x)
{
    int64_t e;
    double frac = sw_math_frexp(x, &e);
    if (frac == 0.5) return (double)(e - 1);
    return sw_math_log(frac) * 1.44269504088896340735992468100189213742664595415298593413544940 +
           (double)e;
}

double sw_math_log1p(double x) { return log1p(x); }
double sw_math_expm1(double x) { return expm1(x); }
double sw_math_asinh(double x) { return asinh(x); }
double sw_math_acosh(double x) { return acosh(x); }
double sw_math_atanh(double x) { return atanh(x); }
double sw_math_gamma(double x) { return tgamma(x); }
double sw_math_erf(double x) { return erf(x); }
double sw_math_erfc(double x) { return erfc(x); }

/* Go's exp2 (portable code): reduction to hi - lo and its expmulti kernel. */
double sw_math_exp2(double x)
{
    const double ln2hi = 6.93147180369123816490e-01, ln2lo = 1.90821492927058770002e-10;
    const double p1 = 1.66666666666666657415e-01, p2 = -2.77777777770155933842e-03,
                 p3 = 6.61375632143793436117e-05, p4 = -1.65339022054652515390e-06,
                 p5 = 4.13813679705723846039e-08;
    if (isnan(x) || (isinf(x) && x > 0)) return x;
    if (isinf(x)) return 0;
    if (x > 1.0239999999999999e+03) return INFINITY;
    if (x < -1.0740e+03) return 0;
    int64_t k = 0;
    if (x > 0) k = (int64_t)(x + 0.5);
    else if (x < 0) k = (int64_t)(x - 0.5);
    double t = x - (double)k;
    double hi = t * ln2hi, lo = -t * ln2lo;
    double r = hi - lo, tt = r * r;
    double c = r - tt * (p1 + tt * (p2 + tt * (p3 + tt * (p4 + tt * p5))));
    double y = 1 - ((lo - (r * c) / (2 - c)) - hi);
    return sw_math_ldexp(y, k);
}

static bool is_odd_int(double x)
{
    double fr, in = sw_math_modf(x, &fr);
    return fr == 0 && (sw_f2i64(in) & 1) == 1;
}

/* Go's Pow: special cases, then x**yf through Exp/Log and x**yi by
 * repeated squaring with the exponent kept apart. */
double sw_math_pow(double x, double y)
{
    if (y == 0 || x == 1) return 1;
    if (y == 1) return x;
    if (isnan(x) || isnan(y)) return sw_math_nan();
    if (x == 0) {
        if (y < 0) return is_odd_int(y) ? sw_math_copysign(INFINITY, x) : INFINITY;
        if (y > 0) return is_odd_int(y) ? x : 0;
    }
    if (isinf(y)) {
        if (x == -1) return 1;
        if ((fabs(x) < 1) == (y > 0)) return 0;
        return INFINITY;
    }
    if (isinf(x)) {
        if (x < 0) return sw_math_pow(1 / x, -y);
        if (y < 0) return 0;
        if (y > 0) return INFINITY;
    }
    if (y == 0.5) return sqrt(x);
    if (y == -0.5) return 1 / sqrt(x);
    double yf, yi = sw_math_modf(fabs(y), &yf);
    if (yf != 0 && x < 0) return sw_math_nan();
    if (yi >= 9223372036854775808.0) {
        if (x == -1) return 1;
        if ((fabs(x) < 1) == (y > 0)) return 0;
        return INFINITY;
    }
    double a1 = 1.0;
    int64_t ae = 0;
    if (yf != 0) {
        if (yf > 0.5) {
            yf--;
            yi++;
        }
        a1 = sw_math_exp(yf * sw_math_log(x));
    }
    int64_t xe;
    double x1 = sw_math_frexp(x, &xe);
    for (int64_t i = (int64_t)yi; i != 0; i >>= 1) {
        if (xe < -(1 << 12) || (1 << 12) < xe) {
            ae += xe;
            break;
        }
        if ((i & 1) == 1) {
            a1 *= x1;
            ae += xe;
        }
        x1 *= x1;
        xe <<= 1;
        if (x1 < .5) {
            x1 += x1;
            xe--;
        }
    }
    if (y < 0) {
        a1 = 1 / a1;
        ae = -ae;
    }
    return sw_math_ldexp(a1, ae);
}

/* Go's Pow10: a product (or quotient) of two table entries, 10^(32a) and
 * 10^b, each the correctly rounded double of its decimal literal. */
double sw_math_pow10(int64_t n)
{
    static double small[32], big[10], nbig[11];
    static bool init;
    if (!init) {
        char buf[16];
        for (int i = 0; i < 32; i++) {
            snprintf(buf, sizeof buf, "1e%d", i);
            small[i] = strtod(buf, NULL);
        }
        for (int i = 0; i < 10; i++) {
            snprintf(buf, sizeof buf, "1e%d", 32 * i);
            big[i] = strtod(buf, NULL);
        }
        for (int i = 0; i < 11; i++) {
            snprintf(buf, sizeof buf, "1e-%d", 32 * i);
            nbig[i] = strtod(buf, NULL);
        }
        init = true;
    }
    if (n >= 0 && n <= 308) return big[n / 32] * small[n % 32];
    if (n >= -323 && n <= 0) return nbig[-n / 32] / small[-n % 32];
    return n > 0 ? INFINITY : 0;
}

double sw_math_hypot(double p, double q)
{
    p = fabs(p);
    q = fabs(q);
    if (isinf(p) || isinf(q)) return INFINITY;
    if (isnan(p) || isnan(q)) return sw_math_nan();
    if (p == 0 && q == 0) return 0;
    double mx = p > q ? p : q, mn = p > q ? q : p;
    mn /= mx;
    return mx * sqrt(1 + mn * mn);
}

/* ---- trigonometry (Go's portable code, Cephes-derived) ------------------ */

static const double sin_c[] = {
    1.58962301576546568060e-10, -2.50507477628578072866e-8, 2.75573136213857245213e-6,
    -1.98412698295895385996e-4, 8.33333333332211858878e-3, -1.66666666666666307295e-1,
};
static const double cos_c[] = {
    -1.13585365213876817300e-11, 2.08757008419747316778e-9, -2.75573141792967388112e-7,
    2.48015872888517045348e-5, -1.38888888888730564116e-3, 4.16666666666665929218e-2,
};
#define PI4A 7.85398125648498535156e-1
#define PI4B 3.77489470793079817668e-8
#define PI4C 2.69515142907905952645e-15
#define FOUR_OVER_PI 1.27323954473516268615107010698011489627567716592365
#define REDUCE_THRESHOLD (1 << 29)

/* x >= 0: the octant j (made even) and the reduced argument z. */
static double reduce(double x, uint64_t *jp)
{
    uint64_t j = (uint64_t)(x * FOUR_OVER_PI);
    double y = (double)j;
    if (j & 1) {
        j++;
        y++;
    }
    *jp = j;
    return ((x - y * PI4A) - y * PI4B) - y * PI4C;
}

static double sin_poly(double z, double zz)
{
    return z + z * zz * ((((((sin_c[0] * zz) + sin_c[1]) * zz + sin_c[2]) * zz + sin_c[3]) * zz + sin_c[4]) * zz + sin_c[5]);
}

static double cos_poly(double zz)
{
    return 1.0 - 0.5 * zz + zz * zz * ((((((cos_c[0] * zz) + cos_c[1]) * zz + cos_c[2]) * zz + cos_c[3]) * zz + cos_c[4]) * zz + cos_c[5]);
}

double sw_math_cos(double x)
{
    if (isnan(x) || isinf(x)) return sw_math_nan();
    x = fabs(x);
    if (x >= REDUCE_THRESHOLD) return cos(x);
    uint64_t j;
    double z = reduce(x, &j);
    j &= 7;
    bool sign = false;
    if (j > 3) {
        j -= 4;
        sign = !sign;
    }
    if (j > 1) sign = !sign;
    double zz = z * z;
    double y = (j == 1 || j == 2) ? sin_poly(z, zz) : cos_poly(zz);
    return sign ? -y : y;
}

double sw_math_sin(double x)
{
    if (x == 0 || isnan(x)) return x;
    if (isinf(x)) return sw_math_nan();
    bool sign = false;
    if (x < 0) {
        x = -x;
        sign = true;
    }
    if (x >= REDUCE_THRESHOLD) return sign ? -sin(x) : sin(x);
    uint64_t j;
    double z = reduce(x, &j);
    j &= 7;
    if (j > 3) {
        sign = !sign;
        j -= 4;
    }
    double zz = z * z;
    double y = (j == 1 || j == 2) ? cos_poly(zz) : sin_poly(z, zz);
    return sign ? -y : y;
}

double sw_math_tan(double x)
{
    static const double p[] = {-1.30936939181383777646e4, 1.15351664838587416140e6, -1.79565251976484877988e7};
    static const double q[] = {1.0, 1.36812963470692954678e4, -1.32089234440210967447e6,
                               2.50083801823357915839e7, -5.38695755929454629881e7};
    if (x == 0 || isnan(x)) return x;
    if (isinf(x)) return sw_math_nan();
    bool sign = false;
    if (x < 0) {
        x = -x;
        sign = true;
    }
    if (x >= REDUCE_THRESHOLD) return sign ? -tan(x) : tan(x);
    uint64_t j;
    double z = reduce(x, &j), y;
    double zz = z * z;
    if (zz > 1e-14)
        y = z + z * (zz * (((p[0] * zz) + p[1]) * zz + p[2]) / ((((zz + q[1]) * zz + q[2]) * zz + q[3]) * zz + q[4]));
    else
        y = z;
    if (j & 2) y = -1 / y;
    return sign ? -y : y;
}

static double xatan(double x)
{
    const double p0 = -8.750608600031904122785e-01, p1 = -1.615753718733365076637e+01,
                 p2 = -7.500855792314704667340e+01, p3 = -1.228866684490136173410e+02,
                 p4 = -6.485021904942025371773e+01, q0 = +2.485846490142306297962e+01,
                 q1 = +1.650270098316988542046e+02, q2 = +4.328810604912902668951e+02,
                 q3 = +4.853903996359136964868e+02, q4 = +1.945506571482613964425e+02;
    double z = x * x;
    z = z * ((((p0 * z + p1) * z + p2) * z + p3) * z + p4) / (((((z + q0) * z + q1) * z + q2) * z + q3) * z + q4);
    return x * z + x;
}

/* x >= 0 */
static double satan(double x)
{
    const double morebits = 6.123233995736765886130e-17, tan3pio8 = 2.41421356237309504880;
    if (x <= 0.66) return xatan(x);
    if (x > tan3pio8) return GO_PI / 2 - xatan(1 / x) + morebits;
    return GO_PI / 4 + xatan((x - 1) / (x + 1)) + 0.5 * morebits;
}

double sw_math_atan(double x)
{
    if (x == 0) return x;
    return x > 0 ? satan(x) : -satan(-x);
}

double sw_math_asin(double x)
{
    if (x == 0) return x;
    bool sign = false;
    if (x < 0) {
        x = -x;
        sign = true;
    }
    if (x > 1) return sw_math_nan();
    double temp = sqrt(1 - x * x);
    if (x > 0.7) temp = GO_PI / 2 - satan(temp / x);
    else temp = satan(x / temp);
    return sign ? -temp : temp;
}

double sw_math_acos(double x)
{
    return GO_PI / 2 - sw_math_asin(x);
}

double sw_math_atan2(double y, double x)
{
    if (isnan(y) || isnan(x)) return sw_math_nan();
    if (y == 0) {
        if (x >= 0 && !signbit(x)) return sw_math_copysign(0, y);
        return sw_math_copysign(GO_PI, y);
    }
    if (x == 0) return sw_math_copysign(GO_PI / 2, y);
    if (isinf(x)) {
        if (x > 0) return isinf(y) ? sw_math_copysign(GO_PI / 4, y) : sw_math_copysign(0, y);
        return isinf(y) ? sw_math_copysign(3 * GO_PI / 4, y) : sw_math_copysign(GO_PI, y);
    }
    if (isinf(y)) return sw_math_copysign(GO_PI / 2, y);
    double q = sw_math_atan(y / x);
    if (x < 0) return q <= 0 ? q + GO_PI : q - GO_PI;
    return q;
}

/* ---- hyperbolic functions, cube root ------------------------------------- */

double sw_math_sinh(double x)
{
    const double p0 = -0.6307673640497716991184787251e+6, p1 = -0.8991272022039509355398013511e+5,
                 p2 = -0.2894211355989563807284660366e+4, p3 = -0.2630563213397497062819489e+2,
                 q0 = -0.6307673640497716991212077277e+6, q1 = 0.1521517378790019070696485176e+5,
                 q2 = -0.173678953558233699533450911e+3;
    bool sign = false;
    if (x < 0) {
        x = -x;
        sign = true;
    }
    double temp;
    if (x > 21) {
        temp = sw_math_exp(x) * 0.5;
    } else if (x > 0.5) {
        double ex = sw_math_exp(x);
        temp = (ex - 1 / ex) * 0.5;
    } else {
        double sq = x * x;
        temp = (((p3 * sq + p2) * sq + p1) * sq + p0) * x;
        temp = temp / (((sq + q2) * sq + q1) * sq + q0);
    }
    return sign ? -temp : temp;
}

double sw_math_cosh(double x)
{
    x = fabs(x);
    if (x > 21) return sw_math_exp(x) * 0.5;
    double ex = sw_math_exp(x);
    return (ex + 1 / ex) * 0.5;
}

double sw_math_tanh(double x)
{
    const double p0 = -9.64399179425052238628e-1, p1 = -9.92877231001918586564e1,
                 p2 = -1.61468768441708447952e3, q0 = 1.12811678491632931402e2,
                 q1 = 2.23548839060100448583e3, q2 = 4.84406305325125486048e3;
    const double maxlog = 8.8029691931113054295988e+01;
    double z = fabs(x);
    if (z > 0.5 * maxlog) return x < 0 ? -1 : 1;
    if (z >= 0.625) {
        double s = sw_math_exp(2 * z);
        z = 1 - 2 / (s + 1);
        return x < 0 ? -z : z;
    }
    if (x == 0) return x;
    double s = x * x;
    return x + x * s * ((p0 * s + p1) * s + p2) / (((s + q0) * s + q1) * s + q2);
}

double sw_math_cbrt(double x)
{
    const uint64_t b1 = 715094163, b2 = 696219795;
    const double c = 5.42857142857142815906e-01, d = -7.05306122448979611050e-01,
                 e = 1.41428571428571436819e+00, f = 1.60714285714285720630e+00,
                 g = 3.57142857142857150787e-01, smallest_normal = 2.22507385850720138309e-308;
    if (x == 0 || isnan(x) || isinf(x)) return x;
    bool sign = false;
    if (x < 0) {
        x = -x;
        sign = true;
    }
    double t = from_bits(bits_of(x) / 3 + (b1 << 32));
    if (x < smallest_normal) {
        t = (double)(1ull << 54);
        t *= x;
        t = from_bits(bits_of(t) / 3 + (b2 << 32));
    }
    double r = t * t / x;
    double s = c + r * t;
    t *= g + f / (s + e + d / s);
    t = from_bits((bits_of(t) & (0xFFFFFFFFCull << 28)) + (1ull << 30));
    s = t * t;
    r = x / s;
    double w = t + t;
    r = (r - t) / (w + r);
    t = t + t * r;
    return sign ? -t : t;
}
