// SPDX-License-Identifier: MIT
/*
 * bigint.c — arbitrary-precision signed integers (see bigint.h).
 *
 * Sign and magnitude; the magnitude is little-endian 32-bit limbs with no
 * leading zero limb (zero has no limbs), so a 64-bit product or sum of two
 * limbs never overflows.  The magnitude helpers (mag_*) work on plain limb
 * arrays and return the normalized length; the public functions wrap their
 * result in a new arena-allocated BigInt.  Division is shift-and-subtract,
 * which costs (quotient bits) x (limbs): cheap for the few hundred bits
 * constants have, and cheap for Euclid's gcd whose quotients are small.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ast.h"
#include "bigint.h"

struct BigInt {
    int sign;           /* -1, 0, 1; 0 exactly when n == 0 */
    int n;              /* limbs in d */
    uint32_t d[];       /* magnitude, least significant limb first */
};

typedef uint32_t Limb;

static int mag_norm(const Limb *d, int n)
{
    while (n > 0 && d[n - 1] == 0)
        n--;
    return n;
}

static BigInt *mk(int sign, const Limb *d, int n)
{
    n = mag_norm(d, n);
    BigInt *x = arena_alloc(sizeof *x + (size_t)n * sizeof(Limb));
    x->n = n;
    x->sign = n == 0 ? 0 : sign;
    if (n)
        memcpy(x->d, d, (size_t)n * sizeof(Limb));
    return x;
}

static Limb *limbs(int n)
{
    return arena_alloc((size_t)(n > 0 ? n : 1) * sizeof(Limb));
}

static int mag_cmp(const Limb *a, int na, const Limb *b, int nb)
{
    if (na != nb)
        return na < nb ? -1 : 1;
    for (int i = na - 1; i >= 0; i--)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return 0;
}

/* r = a + b; r has room for max(na, nb) + 1 limbs. */
static int mag_add(Limb *r, const Limb *a, int na, const Limb *b, int nb)
{
    if (na < nb) {
        const Limb *t = a; a = b; b = t;
        int tn = na; na = nb; nb = tn;
    }
    uint64_t carry = 0;
    for (int i = 0; i < na; i++) {
        carry += (uint64_t)a[i] + (i < nb ? b[i] : 0);
        r[i] = (Limb)carry;
        carry >>= 32;
    }
    r[na] = (Limb)carry;
    return mag_norm(r, na + 1);
}

/* r = a - b for a >= b; r has room for na limbs (may alias a). */
static int mag_sub(Limb *r, const Limb *a, int na, const Limb *b, int nb)
{
    int64_t borrow = 0;
    for (int i = 0; i < na; i++) {
        int64_t v = (int64_t)a[i] - (i < nb ? b[i] : 0) - borrow;
        borrow = v < 0;
        r[i] = (Limb)(uint64_t)v;
    }
    return mag_norm(r, na);
}

static int64_t mag_bitlen(const Limb *d, int n)
{
    if (n == 0)
        return 0;
    return (int64_t)(n - 1) * 32 + (32 - __builtin_clz(d[n - 1]));
}

static bool mag_bit(const Limb *d, int n, int64_t i)
{
    if (i < 0 || i / 32 >= n)
        return false;
    return (d[i / 32] >> (i % 32)) & 1;
}

/* r = a << s; r has room for na + s/32 + 1 limbs. */
static int mag_shl(Limb *r, const Limb *a, int na, uint32_t s)
{
    int w = (int)(s / 32), b = (int)(s % 32);
    int n = na + w + 1;
    memset(r, 0, (size_t)n * sizeof(Limb));
    for (int i = 0; i < na; i++) {
        uint64_t v = (uint64_t)a[i] << b;
        r[i + w] |= (Limb)v;
        r[i + w + 1] |= (Limb)(v >> 32);
    }
    return mag_norm(r, n);
}

/* r = a >> s (r may alias a). */
static int mag_shr(Limb *r, const Limb *a, int na, uint32_t s)
{
    int w = (int)(s / 32), b = (int)(s % 32);
    if (w >= na)
        return 0;
    int n = na - w;
    for (int i = 0; i < n; i++) {
        uint64_t v = a[i + w];
        if (i + w + 1 < na)
            v |= (uint64_t)a[i + w + 1] << 32;
        r[i] = (Limb)(v >> b);
    }
    return mag_norm(r, n);
}

/* Magnitude of a truncated division; q has room for na limbs, r for na. */
static void mag_divmod(const Limb *a, int na, const Limb *b, int nb, Limb *q, int *nq, Limb *r, int *nr)
{
    memset(q, 0, (size_t)(na > 0 ? na : 1) * sizeof(Limb));
    if (mag_cmp(a, na, b, nb) < 0) {
        memcpy(r, a, (size_t)na * sizeof(Limb));
        *nq = 0;
        *nr = na;
        return;
    }
    if (nb == 1) {
        uint64_t rem = 0;
        for (int i = na - 1; i >= 0; i--) {
            uint64_t cur = (rem << 32) | a[i];
            q[i] = (Limb)(cur / b[0]);
            rem = cur % b[0];
        }
        *nq = mag_norm(q, na);
        r[0] = (Limb)rem;
        *nr = mag_norm(r, 1);
        return;
    }
    uint32_t shift = (uint32_t)(mag_bitlen(a, na) - mag_bitlen(b, nb));
    Limb *d = limbs(na + 2);
    int nd = mag_shl(d, b, nb, shift);
    memcpy(r, a, (size_t)na * sizeof(Limb));
    int n = na;
    for (int64_t k = shift; k >= 0; k--) {
        if (mag_cmp(r, n, d, nd) >= 0) {
            n = mag_sub(r, r, n, d, nd);
            q[k / 32] |= (Limb)1 << (k % 32);
        }
        nd = mag_shr(d, d, nd, 1);
    }
    *nq = mag_norm(q, na);
    *nr = n;
}

/* ---- construction and conversion ------------------------------------------ */

BigInt *big_from_i128(__int128 v)
{
    unsigned __int128 u = v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
    Limb d[4];
    for (int i = 0; i < 4; i++)
        d[i] = (Limb)(u >> (32 * i));
    return mk(v < 0 ? -1 : 1, d, 4);
}

BigInt *big_from_u64(uint64_t v)
{
    Limb d[2] = {(Limb)v, (Limb)(v >> 32)};
    return mk(1, d, 2);
}

BigInt *big_parse(const char *s, int base)
{
    int len = (int)strlen(s);
    Limb *d = limbs(len / 8 + 2);   /* base <= 16: at most 4 bits a digit */
    int n = 0, ndig = 0;
    for (; *s; s++) {
        if (*s == '_')
            continue;
        int c = (unsigned char)*s, v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
        else
            return NULL;
        if (v >= base)
            return NULL;
        uint64_t carry = (uint64_t)v;
        for (int i = 0; i < n; i++) {
            carry += (uint64_t)d[i] * (uint64_t)base;
            d[i] = (Limb)carry;
            carry >>= 32;
        }
        if (carry)
            d[n++] = (Limb)carry;
        ndig++;
    }
    if (ndig == 0)
        return NULL;
    return mk(1, d, n);
}

BigInt *big_from_ldouble(long double f)
{
    if (!isfinite(f) || fabsl(f) < 1)
        return mk(0, NULL, 0);
    int e;
    long double m = frexpl(fabsl(f), &e);             /* f = m * 2^e, m in [0.5, 1) */
    uint64_t mant = (uint64_t)ldexpl(m, 64);          /* exact: 64-bit mantissa */
    BigInt *x = big_from_u64(mant);
    x = e >= 64 ? big_shl(x, (uint32_t)(e - 64)) : big_shr(x, (uint32_t)(64 - e));
    return f < 0 ? big_neg(x) : x;
}

bool big_to_i128(const BigInt *x, __int128 *out)
{
    if (mag_bitlen(x->d, x->n) > 128)
        return false;
    unsigned __int128 u = 0;
    for (int i = x->n - 1; i >= 0; i--)
        u = (u << 32) | x->d[i];
    if (x->sign >= 0) {
        if (u > (((unsigned __int128)1 << 127) - 1))
            return false;
        *out = (__int128)u;
    } else {
        if (u > ((unsigned __int128)1 << 127))
            return false;
        *out = (__int128)(0 - u);
    }
    return true;
}

const char *big_string(const BigInt *x)
{
    if (x->n == 0)
        return "0";
    /* chunks of 9 decimal digits, least significant first */
    int cap = x->n * 10 / 9 + 4;    /* 32 bits < 9.64 digits */
    Limb *chunks = limbs(cap);
    int nc = 0;
    Limb *t = limbs(x->n);
    memcpy(t, x->d, (size_t)x->n * sizeof(Limb));
    int n = x->n;
    while (n > 0) {
        uint64_t rem = 0;
        for (int i = n - 1; i >= 0; i--) {
            uint64_t cur = (rem << 32) | t[i];
            t[i] = (Limb)(cur / 1000000000u);
            rem = cur % 1000000000u;
        }
        chunks[nc++] = (Limb)rem;
        n = mag_norm(t, n);
    }
    char *out = arena_alloc((size_t)nc * 9 + 2);
    int len = 0;
    if (x->sign < 0)
        out[len++] = '-';
    len += sprintf(out + len, "%u", chunks[nc - 1]);
    for (int i = nc - 2; i >= 0; i--)
        len += sprintf(out + len, "%09u", chunks[i]);
    return out;
}

int big_sign(const BigInt *x)
{
    return x->sign;
}

int big_cmp(const BigInt *a, const BigInt *b)
{
    if (a->sign != b->sign)
        return a->sign < b->sign ? -1 : 1;
    int c = mag_cmp(a->d, a->n, b->d, b->n);
    return a->sign < 0 ? -c : c;
}

int64_t big_bitlen(const BigInt *x)
{
    return mag_bitlen(x->d, x->n);
}

bool big_is_one(const BigInt *x)
{
    return x->sign == 1 && x->n == 1 && x->d[0] == 1;
}

/* ---- arithmetic ----------------------------------------------------------- */

BigInt *big_neg(const BigInt *x)
{
    return mk(-x->sign, x->d, x->n);
}

BigInt *big_abs(const BigInt *x)
{
    return mk(1, x->d, x->n);
}

/* a + (bsign * |b|) */
static BigInt *add_signed(const BigInt *a, const BigInt *b, int bsign)
{
    if (b->sign == 0)
        return (BigInt *)a;
    if (a->sign == 0)
        return mk(bsign, b->d, b->n);
    int n = (a->n > b->n ? a->n : b->n) + 1;
    Limb *r = limbs(n);
    if (a->sign == bsign)
        return mk(a->sign, r, mag_add(r, a->d, a->n, b->d, b->n));
    int c = mag_cmp(a->d, a->n, b->d, b->n);
    if (c == 0)
        return mk(0, NULL, 0);
    if (c > 0)
        return mk(a->sign, r, mag_sub(r, a->d, a->n, b->d, b->n));
    return mk(bsign, r, mag_sub(r, b->d, b->n, a->d, a->n));
}

BigInt *big_add(const BigInt *a, const BigInt *b)
{
    return add_signed(a, b, b->sign);
}

BigInt *big_sub(const BigInt *a, const BigInt *b)
{
    return add_signed(a, b, -b->sign);
}

BigInt *big_mul(const BigInt *a, const BigInt *b)
{
    if (a->sign == 0 || b->sign == 0)
        return mk(0, NULL, 0);
    int n = a->n + b->n;
    Limb *r = limbs(n);
    for (int i = 0; i < a->n; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < b->n; j++) {
            carry += (uint64_t)a->d[i] * b->d[j] + r[i + j];
            r[i + j] = (Limb)carry;
            carry >>= 32;
        }
        r[i + b->n] = (Limb)carry;
    }
    return mk(a->sign * b->sign, r, n);
}

bool big_quorem(const BigInt *a, const BigInt *b, BigInt **q, BigInt **r)
{
    if (b->sign == 0)
        return false;
    Limb *qd = limbs(a->n), *rd = limbs(a->n);
    int nq, nr;
    mag_divmod(a->d, a->n, b->d, b->n, qd, &nq, rd, &nr);
    if (q)
        *q = mk(a->sign * b->sign, qd, nq);
    if (r)
        *r = mk(a->sign, rd, nr);
    return true;
}

BigInt *big_gcd(const BigInt *a, const BigInt *b)
{
    BigInt *x = big_abs(a), *y = big_abs(b);
    while (y->sign != 0) {
        BigInt *r;
        big_quorem(x, y, NULL, &r);
        x = y;
        y = r;
    }
    return x;
}

/* ---- bitwise -------------------------------------------------------------- */

/* x as n limbs of two's complement (n > x->n, so the top bit is the sign). */
static Limb *twos(const BigInt *x, int n)
{
    Limb *t = limbs(n);
    memcpy(t, x->d, (size_t)x->n * sizeof(Limb));
    if (x->sign < 0) {
        uint64_t carry = 1;
        for (int i = 0; i < n; i++) {
            carry += (Limb)~t[i];
            t[i] = (Limb)carry;
            carry >>= 32;
        }
    }
    return t;
}

static BigInt *from_twos(Limb *t, int n)
{
    if (!(t[n - 1] >> 31))
        return mk(1, t, n);
    uint64_t carry = 1;
    for (int i = 0; i < n; i++) {
        carry += (Limb)~t[i];
        t[i] = (Limb)carry;
        carry >>= 32;
    }
    return mk(-1, t, n);
}

typedef enum { BIT_AND, BIT_OR, BIT_XOR, BIT_ANDNOT } BitOp;

static BigInt *bitwise(const BigInt *a, const BigInt *b, BitOp op)
{
    int n = (a->n > b->n ? a->n : b->n) + 1;
    Limb *x = twos(a, n), *y = twos(b, n);
    for (int i = 0; i < n; i++) {
        switch (op) {
        case BIT_AND: x[i] &= y[i]; break;
        case BIT_OR: x[i] |= y[i]; break;
        case BIT_XOR: x[i] ^= y[i]; break;
        case BIT_ANDNOT: x[i] &= ~y[i]; break;
        }
    }
    return from_twos(x, n);
}

BigInt *big_and(const BigInt *a, const BigInt *b) { return bitwise(a, b, BIT_AND); }
BigInt *big_or(const BigInt *a, const BigInt *b) { return bitwise(a, b, BIT_OR); }
BigInt *big_xor(const BigInt *a, const BigInt *b) { return bitwise(a, b, BIT_XOR); }
BigInt *big_andnot(const BigInt *a, const BigInt *b) { return bitwise(a, b, BIT_ANDNOT); }

BigInt *big_not(const BigInt *x)
{
    return big_sub(big_neg(x), big_from_i128(1));
}

BigInt *big_shl(const BigInt *x, uint32_t s)
{
    if (x->sign == 0)
        return (BigInt *)x;
    Limb *r = limbs(x->n + (int)(s / 32) + 1);
    return mk(x->sign, r, mag_shl(r, x->d, x->n, s));
}

BigInt *big_shr(const BigInt *x, uint32_t s)
{
    if (x->sign >= 0) {
        Limb *r = limbs(x->n);
        return mk(1, r, mag_shr(r, x->d, x->n, s));
    }
    /* floor for negatives: -((|x| - 1) >> s) - 1 */
    BigInt *m = big_sub(big_abs(x), big_from_i128(1));
    Limb *r = limbs(m->n);
    BigInt *q = mk(1, r, mag_shr(r, m->d, m->n, s));
    return big_sub(big_neg(q), big_from_i128(1));
}

/* ---- to floating point ---------------------------------------------------- */

long double big_ratio(const BigInt *num, const BigInt *den, int prec, int emin)
{
    if (num->sign == 0 || den->sign == 0)
        return 0;
    int64_t la = big_bitlen(num), lb = big_bitlen(den);
    /* q = |num| * 2^k / den has prec+2 or prec+3 bits */
    int64_t k = prec + 2 - (la - lb);
    BigInt *a = big_abs(num), *b = big_abs(den);
    if (k >= 0)
        a = big_shl(a, (uint32_t)k);
    else
        b = big_shl(b, (uint32_t)-k);
    BigInt *q, *r;
    big_quorem(a, b, &q, &r);
    int64_t lq = big_bitlen(q);
    int64_t e = lq - 1 - k;                       /* value in [2^e, 2^(e+1)) */
    int64_t drop = lq - prec;
    if (e < emin)
        drop += emin - e;
    bool sticky = r->sign != 0;
    for (int64_t i = 0; i < drop - 1 && !sticky; i++)
        sticky = mag_bit(q->d, q->n, i);
    bool half = mag_bit(q->d, q->n, drop - 1);
    unsigned __int128 kept = 0;
    if (drop < lq) {
        BigInt *t = big_shr(q, (uint32_t)drop);
        for (int i = t->n - 1; i >= 0; i--)
            kept = (kept << 32) | t->d[i];
    }
    if (half && (sticky || (kept & 1)))
        kept++;
    long double v = ldexpl((long double)kept, (int)(drop - k > 100000 ? 100000 : drop - k < -100000 ? -100000 : drop - k));
    return num->sign < 0 ? -v : v;
}

long double big_to_ldouble(const BigInt *x)
{
    return big_ratio(x, big_from_i128(1), 64, -16382);
}
