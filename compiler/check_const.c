// SPDX-License-Identifier: MIT
/*
 * check_const.c — constant values: literals, exact arithmetic, and whether a
 * constant is representable by a type (Go spec "Constants", "Constant
 * expressions", "Representability").
 *
 * Go's untyped constants are exact, and so are ours, as in go/constant:
 *   - an integer (CV_INT) lives in `i` while it fits an __int128 (the common
 *     case, and what the C generator reads); beyond that `big` holds it and
 *     `i` is saturated to I128_MIN/I128_MAX, so its sign stays readable;
 *   - a float (CV_FLOAT) is the exact rational big/den whenever both parts
 *     have fewer than RAT_BITS bits (den is 1 for an integral float), with
 *     `f` its nearest long double;
 *     Floats beyond that (1e2000) keep only the long double `f`: gc would use
 *     a 512-bit mantissa there, we have 64 bits.
 * Untyped integers may not grow past INT_BITS bits (gc's limit, with gc's
 * "constant multiplication overflow" wording); typed constants are rounded
 * or range-checked after every operation by cv_representable.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bigint.h"
#include "check.h"

#define I128_MAX ((__int128)(((unsigned __int128)1 << 127) - 1))
#define I128_MIN (-I128_MAX - 1)
#define INT_BITS 512    /* untyped integer precision, as gc */
#define RAT_BITS 4096   /* go/constant's maxExp: bigger rationals become floats */

static ConstVal *cv_new(CVKind kind)
{
    ConstVal *c = arena_alloc(sizeof *c);
    c->kind = kind;
    return c;
}

ConstVal *cv_int(__int128 v)
{
    ConstVal *c = cv_new(CV_INT);
    c->i = v;
    return c;
}

ConstVal *cv_float(long double v)
{
    ConstVal *c = cv_new(CV_FLOAT);
    c->f = v;
    return c;
}

ConstVal *cv_bool(bool v)
{
    ConstVal *c = cv_new(CV_BOOL);
    c->b = v;
    return c;
}

ConstVal *cv_str(const char *s, int64_t len)
{
    ConstVal *c = cv_new(CV_STRING);
    char *p = arena_alloc((size_t)len + 1);
    if (len)
        memcpy(p, s, (size_t)len);
    c->s = p;
    c->slen = len;
    return c;
}

/* ---- exact representation ------------------------------------------------ */

static BigInt *one(void)
{
    static BigInt *v;
    if (!v)
        v = big_from_i128(1);
    return v;
}

/* The CV_INT holding b: in `i` when it fits. */
static ConstVal *int_of_big(BigInt *b)
{
    __int128 v;
    if (big_to_i128(b, &v))
        return cv_int(v);
    ConstVal *c = cv_new(CV_INT);
    c->big = b;
    c->i = big_sign(b) < 0 ? I128_MIN : I128_MAX;
    return c;
}

/* The integer part (truncated) of a numeric constant. */
static BigInt *big_of(ConstVal *v)
{
    if (v->kind == CV_INT)
        return v->big ? v->big : big_from_i128(v->i);
    if (v->den) {
        BigInt *q;
        big_quorem(v->big, v->den, &q, NULL);
        return q;
    }
    return big_from_ldouble(v->f);
}

/* The exact value num/den of a numeric constant; false for a float kept
 * only approximately. */
static bool rat_of(ConstVal *v, BigInt **num, BigInt **den)
{
    if (v->kind == CV_INT) {
        *num = big_of(v);
        *den = one();
        return true;
    }
    if (v->kind == CV_FLOAT && v->den) {
        *num = v->big;
        *den = v->den;
        return true;
    }
    return false;
}

static long double ratio_ld(BigInt *num, BigInt *den)
{
    return big_ratio(num, den, 64, -16382);
}

/* The untyped float num/den (den != 0), reduced.  It stays a CV_FLOAT when
 * integral (den 1), as in go/constant: 1e39 prints as "1e+39". */
static ConstVal *make_rat(BigInt *num, BigInt *den)
{
    if (big_sign(den) < 0) {
        num = big_neg(num);
        den = big_neg(den);
    }
    BigInt *g = big_gcd(num, den);
    if (big_sign(g) && !big_is_one(g)) {
        big_quorem(num, g, &num, NULL);
        big_quorem(den, g, &den, NULL);
    }
    if (big_bitlen(num) >= RAT_BITS || big_bitlen(den) >= RAT_BITS)
        return cv_float(ratio_ld(num, den));
    ConstVal *c = cv_new(CV_FLOAT);
    c->big = num;
    c->den = den;
    c->f = ratio_ld(num, den);
    return c;
}

/* The CV_FLOAT of a long double, exact from here on when it is finite and
 * small enough for a rational. */
static ConstVal *float_exact(long double f)
{
    ConstVal *c = cv_float(f);
    if (!isfinite(f) || f == 0) {
        if (f == 0) {
            c->f = 0;
            c->big = big_from_i128(0);
            c->den = one();
        }
        return c;
    }
    int e;
    long double m = frexpl(fabsl(f), &e);
    if (e < 64 - RAT_BITS + 2 || e > RAT_BITS - 2)
        return c;
    BigInt *num = big_from_u64((uint64_t)ldexpl(m, 64)), *den = one();
    if (f < 0)
        num = big_neg(num);
    if (e >= 64)
        num = big_shl(num, (uint32_t)(e - 64));
    else
        den = big_shl(den, (uint32_t)(64 - e));
    BigInt *g = big_gcd(num, den);
    big_quorem(num, g, &c->big, NULL);
    big_quorem(den, g, &c->den, NULL);
    return c;
}


static long double as_float(ConstVal *v)
{
    if (v->kind == CV_INT)
        return v->big ? big_to_ldouble(v->big) : (long double)v->i;
    return v->f;
}

/* ---- literals ------------------------------------------------------------ */
static int digit_val(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 99;
}

/* int_lit = decimal_lit | binary_lit | octal_lit | hex_lit (with `_`). */

static void put_utf8(char *buf, int *n, uint32_t r)
{
    if (r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF))
        r = 0xFFFD;
    if (r < 0x80) {
        buf[(*n)++] = (char)r;
    } else if (r < 0x800) {
        buf[(*n)++] = (char)(0xC0 | (r >> 6));
        buf[(*n)++] = (char)(0x80 | (r & 0x3F));
    } else if (r < 0x10000) {
        buf[(*n)++] = (char)(0xE0 | (r >> 12));
        buf[(*n)++] = (char)(0x80 | ((r >> 6) & 0x3F));
        buf[(*n)++] = (char)(0x80 | (r & 0x3F));
    } else {
        buf[(*n)++] = (char)(0xF0 | (r >> 18));
        buf[(*n)++] = (char)(0x80 | ((r >> 12) & 0x3F));
        buf[(*n)++] = (char)(0x80 | ((r >> 6) & 0x3F));
        buf[(*n)++] = (char)(0x80 | (r & 0x3F));
    }
}

/* Decodes one UTF-8 sequence at s (n bytes left); returns its length. */
static int get_utf8(const unsigned char *s, int n, uint32_t *r)
{
    if (s[0] < 0x80 || n < 2) {
        *r = s[0] < 0x80 ? s[0] : 0xFFFD;
        return 1;
    }
    int len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
    if (len == 1 || len > n) {
        *r = 0xFFFD;
        return 1;
    }
    uint32_t v = s[0] & (0x7F >> len);
    for (int i = 1; i < len; i++)
        v = (v << 6) | (s[i] & 0x3F);
    *r = v;
    return len;
}

/* One character or escape of a rune/interpreted string literal at *p.
 * Returns false on a malformed escape.  `is_byte` is set for \x and octal
 * escapes (a raw byte in strings). */
static bool lit_char(const char **p, uint32_t *r, bool *is_byte)
{
    const unsigned char *s = (const unsigned char *)*p;
    *is_byte = false;
    if (*s != '\\') {
        int n = get_utf8(s, (int)strlen((const char *)s), r);
        *p += n;
        return true;
    }
    s++;
    int c = *s++;
    int ndig = 0, base = 16;
    switch (c) {
    case 'a': *r = 7; break;
    case 'b': *r = 8; break;
    case 'f': *r = 12; break;
    case 'n': *r = 10; break;
    case 'r': *r = 13; break;
    case 't': *r = 9; break;
    case 'v': *r = 11; break;
    case '\\': *r = '\\'; break;
    case '\'': *r = '\''; break;
    case '"': *r = '"'; break;
    case 'x': ndig = 2; *is_byte = true; break;
    case 'u': ndig = 4; break;
    case 'U': ndig = 8; break;
    default:
        if (c >= '0' && c <= '7') {
            ndig = 2;
            base = 8;
            *is_byte = true;
            s--;
            ndig = 3;
        } else {
            return false;
        }
    }
    if (ndig) {
        uint32_t v = 0;
        for (int i = 0; i < ndig; i++) {
            int d = digit_val(*s);
            if (d >= base)
                return false;
            v = v * (uint32_t)base + (uint32_t)d;
            s++;
        }
        if (base == 8 && v > 255)
            return false;
        *r = v;
    }
    *p = (const char *)s;
    return true;
}


/* int_lit = decimal_lit | binary_lit | octal_lit | hex_lit (with `_`). */
static BigInt *parse_int(const char *s)
{
    int base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        base = 16, s += 2;
    else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
        base = 2, s += 2;
    else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O'))
        base = 8, s += 2;
    else if (s[0] == '0' && s[1])
        base = 8, s += 1;
    return big_parse(s, base);
}

/* float_lit = decimal_float_lit | hex_float_lit, as the exact rational
 * mantissa * 10^exp (or 2^exp); a huge exponent gives a long double. */
static ConstVal *parse_float(const char *s)
{
    size_t len = strlen(s);
    char *buf = arena_alloc(len + 1), *mant = arena_alloc(len + 2);
    size_t n = 0;
    for (const char *q = s; *q; q++)
        if (*q != '_')
            buf[n++] = *q;
    bool hex = buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X');
    char expch = hex ? 'p' : 'e';
    const char *p = buf + (hex ? 2 : 0);
    int nm = 0;
    long frac = 0;
    bool dot = false;
    for (; *p && (*p | 0x20) != expch; p++) {
        if (*p == '.') {
            dot = true;
            continue;
        }
        mant[nm++] = *p;
        frac += dot;
    }
    if (nm == 0)
        mant[nm++] = '0';
    long exp = *p ? strtol(p + 1, NULL, 10) : 0;
    BigInt *num = big_parse(mant, hex ? 16 : 10);
    if (!num)
        return NULL;
    long e = hex ? exp - 4 * frac : exp - frac;
    if (labs(e) > (hex ? RAT_BITS : RAT_BITS * 3 / 10) || exp == LONG_MAX || exp == LONG_MIN) {
        return float_exact(strtold(buf, NULL));
    }
    BigInt *scale = one();
    if (hex) {
        scale = big_shl(scale, (uint32_t)labs(e));
    } else {
        BigInt *ten = big_from_i128(10);
        for (long i = 0; i < labs(e); i++)
            scale = big_mul(scale, ten);
    }
    return e >= 0 ? make_rat(big_mul(num, scale), one()) : make_rat(num, scale);
}

ConstVal *cv_literal(Node *lit, Type **type)
{
    const char *s = lit->lit ? lit->lit : "";
    switch (lit->lit_kind) {
    case LIT_INT: {
        *type = ty_untyped_int;
        BigInt *v = parse_int(s);
        if (!v) {
            diag_error(lit->pos, "malformed constant: %s", s);
            return NULL;
        }
        return int_of_big(v);
    }
    case LIT_FLOAT: {
        *type = ty_untyped_float;
        ConstVal *v = parse_float(s);
        if (!v) {
            diag_error(lit->pos, "malformed constant: %s", s);
        } else if (v->kind == CV_FLOAT && isinf(v->f)) {
            diag_error(lit->pos, "constant overflow: %s", s);
            return NULL;
        }
        return v;
    }
    case LIT_IMAG:
        *type = ty_invalid;
        diag_error(lit->pos, "complex numbers are not supported yet");
        return NULL;
    case LIT_RUNE: {
        const char *p = s + 1;
        uint32_t r;
        bool is_byte;
        *type = ty_untyped_rune;
        if (*p == '\'' || !lit_char(&p, &r, &is_byte) || *p != '\'' || p[1]) {
            diag_error(lit->pos, "invalid rune literal %s", s);
            return NULL;
        }
        return cv_int(r);
    }
    case LIT_STRING: {
        *type = ty_untyped_string;
        size_t n = strlen(s);
        char *buf = arena_alloc(n + 1);
        int len = 0;
        if (s[0] == '`') {
            for (size_t i = 1; i + 1 < n; i++)
                if (s[i] != '\r')
                    buf[len++] = s[i];
        } else {
            const char *p = s + 1;
            const char *end = s + n - 1;
            while (p < end) {
                uint32_t r;
                bool is_byte;
                if (!lit_char(&p, &r, &is_byte)) {
                    diag_error(lit->pos, "invalid escape in string literal");
                    return NULL;
                }
                if (is_byte)
                    buf[len++] = (char)r;
                else
                    put_utf8(buf, &len, r);
            }
        }
        ConstVal *c = arena_alloc(sizeof *c);
        c->kind = CV_STRING;
        c->s = buf;
        c->slen = len;
        return c;
    }
    }
    return NULL;
}


/* ---- conversions ----------------------------------------------------------- */

bool cv_is_int(ConstVal *v)
{
    if (v->kind == CV_INT)
        return true;
    if (v->kind != CV_FLOAT)
        return false;
    if (v->den)
        return big_is_one(v->den);
    return isfinite(v->f) && v->f == truncl(v->f);
}

/* The integral constant v as a CV_INT (v must satisfy cv_is_int). */
static ConstVal *as_int(ConstVal *v)
{
    return v->kind == CV_INT ? v : int_of_big(big_of(v));
}

bool cv_to_int64(ConstVal *v, int64_t *out)
{
    if (!cv_is_int(v))
        return false;
    ConstVal *iv = as_int(v);
    if (iv->big || iv->i < INT64_MIN || iv->i > INT64_MAX)
        return false;
    *out = (int64_t)iv->i;
    return true;
}

bool cv_to_uint64(ConstVal *v, uint64_t *out)
{
    if (!cv_is_int(v))
        return false;
    ConstVal *iv = as_int(v);
    if (iv->big || iv->i < 0 || iv->i > (__int128)UINT64_MAX)
        return false;
    *out = (uint64_t)iv->i;
    return true;
}

ConstVal *cv_to_kind(ConstVal *v, Type *t)
{
    if (!v)
        return v;
    Type *u = type_underlying(t);
    if ((type_is_integer(u) || u->kind == TY_UNTYPED_RUNE) && v->kind == CV_FLOAT)
        return int_of_big(big_of(v));
    if (type_is_float(u) && v->kind == CV_INT) {
        ConstVal *c = cv_float(as_float(v));
        c->big = big_of(v);
        c->den = one();
        return c;
    }
    return v;
}

static bool int_range(TypeKind k, __int128 *lo, __int128 *hi)
{
    switch (k) {
    case TY_INT8: *lo = INT8_MIN; *hi = INT8_MAX; return true;
    case TY_INT16: *lo = INT16_MIN; *hi = INT16_MAX; return true;
    case TY_INT32: *lo = INT32_MIN; *hi = INT32_MAX; return true;
    case TY_INT: case TY_INT64: *lo = INT64_MIN; *hi = INT64_MAX; return true;
    case TY_UINT8: *lo = 0; *hi = UINT8_MAX; return true;
    case TY_UINT16: *lo = 0; *hi = UINT16_MAX; return true;
    case TY_UINT32: *lo = 0; *hi = UINT32_MAX; return true;
    case TY_UINT: case TY_UINT64: case TY_UINTPTR: *lo = 0; *hi = UINT64_MAX; return true;
    default: return false;
    }
}

/* v rounded to float32 or float64 (nearest, ties to even, from the exact
 * value); false when the result is infinite. */
static bool round_float(ConstVal *v, bool f32, long double *out)
{
    BigInt *num, *den;
    long double r;
    if (rat_of(v, &num, &den))
        r = f32 ? big_ratio(num, den, 24, -126) : big_ratio(num, den, 53, -1022);
    else
        r = f32 ? (long double)(float)v->f : (long double)(double)v->f;
    *out = r;
    return !(isinf(r) || isnan(r) || fabsl(r) > (f32 ? (long double)FLT_MAX : (long double)DBL_MAX));
}

bool cv_representable(ConstVal *v, Type *t, ConstVal **out, const char **why)
{
    Type *u = type_underlying(t);
    ConstVal *dummy;
    const char *dwhy;
    if (!out)
        out = &dummy;
    if (!why)
        why = &dwhy;
    *why = "";
    *out = v;
    if (!v)
        return true;
    __int128 lo, hi;
    bool ranged = int_range(u->kind, &lo, &hi);
    if (ranged || u->kind == TY_UNTYPED_INT || u->kind == TY_UNTYPED_RUNE) {
        if (v->kind != CV_INT && v->kind != CV_FLOAT)
            return false;
        if (!cv_is_int(v)) {
            *why = "truncated";
            return false;
        }
        ConstVal *iv = as_int(v);
        if (ranged && (iv->big || iv->i < lo || iv->i > hi)) {
            *why = "overflows";
            return false;
        }
        *out = iv;
        return true;
    }
    switch (u->kind) {
    case TY_FLOAT32: case TY_FLOAT64: case TY_UNTYPED_FLOAT: {
        if (v->kind != CV_INT && v->kind != CV_FLOAT)
            return false;
        if (u->kind == TY_UNTYPED_FLOAT)
            return true;
        long double r;
        if (!round_float(v, u->kind == TY_FLOAT32, &r)) {
            *why = "overflows";
            return false;
        }
        *out = float_exact(r);
        return true;
    }
    case TY_BOOL: case TY_UNTYPED_BOOL:
        return v->kind == CV_BOOL;
    case TY_STRING: case TY_UNTYPED_STRING:
        return v->kind == CV_STRING;
    default:
        return false;
    }
}

/* ---- arithmetic -------------------------------------------------------------- */

/* Reported at the operator, as gc does; gc 1.19 writes "constant %s overflow"
 * even when the operation has no name (a double space). */
static ConstVal *overflow(Node *at, const char *what)
{
    diag_error(at->opos.line ? at->opos : at->pos, "constant %s overflow", what);
    return NULL;
}

/* Untyped integers stay below INT_BITS bits, as in gc. */
static ConstVal *int_result(BigInt *r, Type *t, Node *at, const char *what)
{
    if (type_is_untyped(t) && big_bitlen(r) > INT_BITS)
        return overflow(at, what);
    return int_of_big(r);
}

static ConstVal *int_binary(Op op, ConstVal *a, ConstVal *b, Type *t, Node *at)
{
    if (!a->big && !b->big) {
        __int128 x = a->i, y = b->i, r;
        bool ok = true;
        switch (op) {
        case OP_ADD: ok = !__builtin_add_overflow(x, y, &r); break;
        case OP_SUB: ok = !__builtin_sub_overflow(x, y, &r); break;
        case OP_MUL: ok = !__builtin_mul_overflow(x, y, &r); break;
        case OP_QUO: case OP_REM:
            if (y == 0) {
                diag_error(at->pos, "invalid operation: division by zero");
                return NULL;
            }
            ok = !(x == I128_MIN && y == -1);
            if (ok)
                r = op == OP_QUO ? x / y : x % y;
            break;
        case OP_AND: r = x & y; break;
        case OP_OR: r = x | y; break;
        case OP_XOR: r = x ^ y; break;
        case OP_ANDNOT: r = x & ~y; break;
        default: return NULL;
        }
        if (ok)
            return cv_int(r);
    }
    BigInt *x = big_of(a), *y = big_of(b), *r = NULL;
    switch (op) {
    case OP_ADD: return int_result(big_add(x, y), t, at, "addition");
    case OP_SUB: return int_result(big_sub(x, y), t, at, "subtraction");
    case OP_MUL: return int_result(big_mul(x, y), t, at, "multiplication");
    case OP_QUO: case OP_REM:
        if (!big_quorem(x, y, op == OP_QUO ? &r : NULL, op == OP_REM ? &r : NULL)) {
            diag_error(at->pos, "invalid operation: division by zero");
            return NULL;
        }
        return int_result(r, t, at, "");
    case OP_AND: return int_result(big_and(x, y), t, at, "");
    case OP_OR: return int_result(big_or(x, y), t, at, "");
    case OP_XOR: return int_result(big_xor(x, y), t, at, "bitwise XOR");
    case OP_ANDNOT: return int_result(big_andnot(x, y), t, at, "");
    default: return NULL;
    }
}

static ConstVal *float_binary(Op op, ConstVal *a, ConstVal *b, Node *at)
{
    BigInt *an, *ad, *bn, *bd;
    if (rat_of(a, &an, &ad) && rat_of(b, &bn, &bd)) {
        switch (op) {
        case OP_ADD: return make_rat(big_add(big_mul(an, bd), big_mul(bn, ad)), big_mul(ad, bd));
        case OP_SUB: return make_rat(big_sub(big_mul(an, bd), big_mul(bn, ad)), big_mul(ad, bd));
        case OP_MUL: return make_rat(big_mul(an, bn), big_mul(ad, bd));
        case OP_QUO:
            if (big_sign(bn) == 0) {
                diag_error(at->pos, "invalid operation: division by zero");
                return NULL;
            }
            return make_rat(big_mul(an, bd), big_mul(ad, bn));
        default: return NULL;
        }
    }
    long double x = as_float(a), y = as_float(b), r;
    switch (op) {
    case OP_ADD: r = x + y; break;
    case OP_SUB: r = x - y; break;
    case OP_MUL: r = x * y; break;
    case OP_QUO:
        if (y == 0) {
            diag_error(at->pos, "invalid operation: division by zero");
            return NULL;
        }
        r = x / y;
        break;
    default: return NULL;
    }
    if (isinf(r) || isnan(r))
        return overflow(at, "");
    return float_exact(r);
}

ConstVal *cv_binary(Op op, ConstVal *a, ConstVal *b, Type *t, Node *at)
{
    if (!a || !b)
        return NULL;
    if (a->kind == CV_BOOL && b->kind == CV_BOOL) {
        if (op == OP_LAND)
            return cv_bool(a->b && b->b);
        if (op == OP_LOR)
            return cv_bool(a->b || b->b);
        return NULL;
    }
    if (a->kind == CV_STRING && b->kind == CV_STRING) {
        if (op != OP_ADD)
            return NULL;
        char *s = arena_alloc((size_t)(a->slen + b->slen) + 1);
        memcpy(s, a->s, (size_t)a->slen);
        memcpy(s + a->slen, b->s, (size_t)b->slen);
        ConstVal *c = cv_new(CV_STRING);
        c->s = s;
        c->slen = a->slen + b->slen;
        return c;
    }
    if (type_is_integer(t) || (a->kind == CV_INT && b->kind == CV_INT && !type_is_float(t))) {
        if (!cv_is_int(a) || !cv_is_int(b))
            return NULL;
        return int_binary(op, as_int(a), as_int(b), t, at);
    }
    return float_binary(op, a, b, at);
}

ConstVal *cv_unary(Op op, ConstVal *a, Type *t, Node *at)
{
    if (!a)
        return NULL;
    switch (op) {
    case OP_ADD:
        if (a->kind == CV_INT && a->big)
            return int_result(a->big, t, at, "");
        return a;
    case OP_SUB:
        if (a->kind == CV_INT) {
            if (a->big || a->i == I128_MIN)
                return int_result(big_neg(big_of(a)), t, at, "");
            return cv_int(-a->i);
        }
        if (a->den)
            return make_rat(big_neg(a->big), a->den);
        return cv_float(-a->f);
    case OP_NOT:
        return cv_bool(!a->b);
    case OP_XOR: {
        if (!cv_is_int(a))
            return NULL;
        ConstVal *x = as_int(a);
        if (type_is_unsigned(t) && !x->big) {
            int64_t bits = type_size(t) * 8;
            unsigned __int128 mask = bits >= 128 ? ~(unsigned __int128)0
                                                 : (((unsigned __int128)1 << bits) - 1);
            return cv_int((__int128)(((unsigned __int128)x->i ^ mask) & mask));
        }
        if (!x->big)
            return cv_int(~x->i);
        return int_result(big_not(x->big), t, at, "bitwise complement");
    }
    default:
        return NULL;
    }
}

bool cv_compare(Op op, ConstVal *a, ConstVal *b)
{
    int c = 0;
    BigInt *an, *ad, *bn, *bd;
    if (a->kind == CV_STRING && b->kind == CV_STRING) {
        int64_t n = a->slen < b->slen ? a->slen : b->slen;
        c = memcmp(a->s, b->s, (size_t)n);
        if (c == 0)
            c = a->slen < b->slen ? -1 : a->slen > b->slen;
    } else if (a->kind == CV_BOOL && b->kind == CV_BOOL) {
        c = a->b != b->b;
    } else if (a->kind == CV_INT && b->kind == CV_INT && !a->big && !b->big) {
        c = a->i < b->i ? -1 : a->i > b->i;
    } else if (rat_of(a, &an, &ad) && rat_of(b, &bn, &bd)) {
        c = big_cmp(big_mul(an, bd), big_mul(bn, ad));
    } else {
        long double x = as_float(a), y = as_float(b);
        c = x < y ? -1 : x > y;
    }
    switch (op) {
    case OP_EQL: return c == 0;
    case OP_NEQ: return c != 0;
    case OP_LSS: return c < 0;
    case OP_LEQ: return c <= 0;
    case OP_GTR: return c > 0;
    case OP_GEQ: return c >= 0;
    default: return false;
    }
}

/* The caller bounds s (gc's "invalid shift count" past 1074). */
ConstVal *cv_shift(Op op, ConstVal *a, uint64_t s, Type *t, Node *at)
{
    if (!a || !cv_is_int(a))
        return NULL;
    ConstVal *x = as_int(a);
    if (!x->big) {
        if (op == OP_SHR)
            return cv_int(s >= 127 ? (x->i < 0 ? -1 : 0) : x->i >> s);
        if (x->i == 0)
            return x;
        if (s < 127) {
            __int128 r = (__int128)((unsigned __int128)x->i << s);
            if ((r >> s) == x->i)
                return cv_int(r);
        }
    }
    uint32_t n = s > UINT32_MAX / 2 ? UINT32_MAX / 2 : (uint32_t)s;
    if (op == OP_SHR)
        return int_of_big(big_shr(big_of(x), n));
    if (s > 100000)   /* no caller asks this, and the result would be huge */
        return overflow(at, "shift");
    return int_result(big_shl(big_of(x), n), t, at, "shift");
}

/* ---- printing --------------------------------------------------------------- */

static const char *i128_str(__int128 v)
{
    char buf[64];
    int n = 0;
    bool neg = v < 0;
    unsigned __int128 u = neg ? -(unsigned __int128)v : (unsigned __int128)v;
    do {
        buf[n++] = (char)('0' + (int)(u % 10));
        u /= 10;
    } while (u);
    if (neg)
        buf[n++] = '-';
    char *out = arena_alloc((size_t)n + 1);
    for (int i = 0; i < n; i++)
        out[i] = buf[n - 1 - i];
    return out;
}

/* Go's strconv.Quote, cut to 72 runes as go/constant does. */
static const char *quote(const char *s, int64_t len)
{
    size_t cap = (size_t)len * 10 + 3;
    char *out = arena_alloc(cap);
    int n = 0;
    int runes = 0;
    out[n++] = '"';
    const unsigned char *p = (const unsigned char *)s;
    int64_t i = 0;
    bool cut = false;
    while (i < len) {
        if (runes >= 69) {
            cut = true;
            break;
        }
        uint32_t r;
        int w = get_utf8(p + i, (int)(len - i), &r);
        if (r == 0xFFFD && w == 1 && p[i] >= 0x80) {
            n += snprintf(out + n, cap - (size_t)n, "\\x%02x", p[i]);
        } else if (r == '"' || r == '\\') {
            out[n++] = '\\';
            out[n++] = (char)r;
        } else if (r == '\n') {
            n += snprintf(out + n, cap - (size_t)n, "\\n");
        } else if (r == '\t') {
            n += snprintf(out + n, cap - (size_t)n, "\\t");
        } else if (r == '\r') {
            n += snprintf(out + n, cap - (size_t)n, "\\r");
        } else if (r < 0x20 || r == 0x7F) {
            n += snprintf(out + n, cap - (size_t)n, "\\x%02x", r);
        } else {
            memcpy(out + n, p + i, (size_t)w);
            n += w;
        }
        i += w;
        runes++;
    }
    if (cut) {
        memcpy(out + n, "...", 3);
        n += 3;
    } else {
        out[n++] = '"';
    }
    out[n] = 0;
    return out;
}

/* Go's %g of a float64: the shortest decimal that reads back as d, in %e
 * form when the exponent is < -4 or >= 6 (strconv's eprec for shortest). */
static const char *go_shortest_g(double d)
{
    char buf[64];
    int p = 1;
    for (; p < 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    snprintf(buf, sizeof buf, "%.*e", p - 1, d);
    int exp = atoi(strchr(buf, 'e') + 1);
    if (exp < -4 || exp >= 6)
        return arena_printf("%s", buf);
    return arena_printf("%.*f", p - 1 - exp > 0 ? p - 1 - exp : 0, d);
}

/* go/constant's String of a float: %.6g of the float64, or a decimal
 * mantissa and exponent beyond the float64 range. */
static const char *float_string(ConstVal *v)
{
    BigInt *num, *den;
    bool exact = rat_of(v, &num, &den);
    long double f = exact ? ratio_ld(num, den) : v->f;
    double d = exact ? (double)big_ratio(num, den, 53, -1022) : (double)f;
    if (isinf(f) || isnan(f))
        return f > 0 ? "+Inf" : f < 0 ? "-Inf" : "NaN";
    if ((f == 0) == (d == 0) && !isinf(d)) {
        const char *s = arena_printf("%.6g", d);
        if (!cv_is_int(v) && !strchr(s, '.'))
            s = go_shortest_g(d);
        return s;
    }
    /* no libm here: e from the binary exponent, 10^e by squaring */
    int e2;
    frexpl(f, &e2);
    int e = (int)((e2 - 1) * 0.30102999566398119521L);
    long double p10 = 1, sq = 10;
    for (int k = e < 0 ? -e : e; k; k >>= 1, sq *= sq)
        if (k & 1)
            p10 *= sq;
    long double m = e < 0 ? f * p10 : f / p10;
    for (; fabsl(m) >= 10; e++)
        m /= 10;
    for (; fabsl(m) < 1 - 0.5e-6L; e--)
        m *= 10;
    return arena_printf("%.6ge%+d", (double)m, e);
}

const char *cv_string(ConstVal *v)
{
    if (!v)
        return "?";
    switch (v->kind) {
    case CV_BOOL: return v->b ? "true" : "false";
    case CV_INT: return v->big ? big_string(v->big) : i128_str(v->i);
    case CV_STRING: return quote(v->s, v->slen);
    case CV_FLOAT: return float_string(v);
    case CV_COMPLEX: return "(complex)";
    }
    return "?";
}
