// SPDX-License-Identifier: MIT
/*
 * check_const.c — constant values: literals, exact arithmetic, and whether a
 * constant is representable by a type (Go spec "Constants", "Constant
 * expressions", "Representability").
 *
 * Go's untyped constants have arbitrary precision; Sw keeps integers in an
 * __int128 (wide enough for every uint64 and int64 intermediate) and floats in
 * a long double.  A result that leaves the int128 range is reported as
 * "constant overflow" instead of being computed exactly: no real program
 * needs more, and the error is explicit rather than a wrong value.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#define I128_MAX ((__int128)(((unsigned __int128)1 << 127) - 1))
#define I128_MIN (-I128_MAX - 1)

ConstVal *cv_int(__int128 v)
{
    ConstVal *c = arena_alloc(sizeof *c);
    c->kind = CV_INT;
    c->i = v;
    return c;
}

ConstVal *cv_float(long double v)
{
    ConstVal *c = arena_alloc(sizeof *c);
    c->kind = CV_FLOAT;
    c->f = v;
    return c;
}

ConstVal *cv_bool(bool v)
{
    ConstVal *c = arena_alloc(sizeof *c);
    c->kind = CV_BOOL;
    c->b = v;
    return c;
}

ConstVal *cv_str(const char *s, int64_t len)
{
    ConstVal *c = arena_alloc(sizeof *c);
    c->kind = CV_STRING;
    char *p = arena_alloc((size_t)len + 1);
    if (len)
        memcpy(p, s, (size_t)len);
    c->s = p;
    c->slen = len;
    return c;
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
static bool parse_int(const char *s, __int128 *out)
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
    __int128 v = 0;
    for (; *s; s++) {
        if (*s == '_')
            continue;
        int d = digit_val((unsigned char)*s);
        if (d >= base)
            return false;
        if (v > (I128_MAX - d) / base)
            return false;
        v = v * base + d;
    }
    *out = v;
    return true;
}

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

ConstVal *cv_literal(Node *lit, Type **type)
{
    const char *s = lit->lit ? lit->lit : "";
    switch (lit->lit_kind) {
    case LIT_INT: {
        __int128 v;
        *type = ty_untyped_int;
        if (!parse_int(s, &v)) {
            diag_error(lit->pos, "constant overflow: %s", s);
            return NULL;
        }
        return cv_int(v);
    }
    case LIT_FLOAT: {
        char buf[256];
        size_t n = 0;
        for (const char *q = s; *q && n + 1 < sizeof buf; q++)
            if (*q != '_')
                buf[n++] = *q;
        buf[n] = 0;
        *type = ty_untyped_float;
        long double f = strtold(buf, NULL);
        if (isinf(f)) {
            diag_error(lit->pos, "constant overflow: %s", s);
            return NULL;
        }
        /* an integral float constant is kept as an integer, as go/constant does */
        if (f == truncl(f) && fabsl(f) < 1e30L)
            return cv_int((__int128)f);
        return cv_float(f);
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
    return v->kind == CV_FLOAT && v->f == truncl(v->f);
}

/* An integral value too big for an __int128 is kept as a long double: Go's
 * constants have 512 bits, and programs do write 1 << 200 >> 195. */
static bool is_big(ConstVal *v)
{
    return v->kind == CV_FLOAT && fabsl(v->f) >= 1.6e38L;
}

static __int128 as_int(ConstVal *v)
{
    if (v->kind == CV_INT)
        return v->i;
    if (fabsl(v->f) >= 1.6e38L)
        return v->f < 0 ? I128_MIN : I128_MAX;
    return (__int128)v->f;
}

static long double as_float(ConstVal *v)
{
    return v->kind == CV_INT ? (long double)v->i : v->f;
}

bool cv_to_int64(ConstVal *v, int64_t *out)
{
    if (!cv_is_int(v) || is_big(v))
        return false;
    __int128 i = as_int(v);
    if (i < INT64_MIN || i > INT64_MAX)
        return false;
    *out = (int64_t)i;
    return true;
}

bool cv_to_uint64(ConstVal *v, uint64_t *out)
{
    if (!cv_is_int(v) || is_big(v))
        return false;
    __int128 i = as_int(v);
    if (i < 0 || i > (__int128)UINT64_MAX)
        return false;
    *out = (uint64_t)i;
    return true;
}

ConstVal *cv_to_kind(ConstVal *v, Type *t)
{
    if (!v)
        return v;
    Type *u = type_underlying(t);
    if ((type_is_integer(u) || u->kind == TY_UNTYPED_RUNE) && v->kind == CV_FLOAT)
        return cv_int((__int128)v->f);
    if (type_is_float(u) && v->kind == CV_INT)
        return cv_float((long double)v->i);
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
    if (int_range(u->kind, &lo, &hi) || u->kind == TY_UNTYPED_INT || u->kind == TY_UNTYPED_RUNE) {
        if (v->kind != CV_INT && v->kind != CV_FLOAT)
            return false;
        if (!cv_is_int(v)) {
            *why = "truncated";
            return false;
        }
        __int128 i = as_int(v);
        if (is_big(v) && int_range(u->kind, &lo, &hi)) {
            *why = "overflows";
            return false;
        }
        if (is_big(v))
            return true;
        if (int_range(u->kind, &lo, &hi) && (i < lo || i > hi)) {
            *why = "overflows";
            return false;
        }
        *out = v->kind == CV_INT ? v : cv_int(i);
        return true;
    }
    switch (u->kind) {
    case TY_FLOAT32: case TY_FLOAT64: case TY_UNTYPED_FLOAT: {
        if (v->kind != CV_INT && v->kind != CV_FLOAT)
            return false;
        long double f = as_float(v);
        if (u->kind == TY_FLOAT32) {
            if (fabsl(f) > (long double)FLT_MAX * (1 + 1e-8L)) {
                *why = "overflows";
                return false;
            }
            f = (float)f;
        } else if (u->kind == TY_FLOAT64) {
            if (fabsl(f) > (long double)DBL_MAX) {
                *why = "overflows";
                return false;
            }
            f = (double)f;
        }
        if (u->kind == TY_UNTYPED_FLOAT)
            *out = v;
        else
            *out = cv_float(f);
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

static ConstVal *overflow(Node *at)
{
    diag_error(at->pos, "constant overflow");
    return NULL;
}

/* Integer arithmetic beyond __int128, approximated in a long double. */
static ConstVal *big_result(long double r, Node *at)
{
    if (isinf(r) || isnan(r) || fabsl(r) > 1.4e154L)   /* Go's limit: 512 bits */
        return overflow(at);
    return cv_float(truncl(r));
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
        ConstVal *c = arena_alloc(sizeof *c);
        c->kind = CV_STRING;
        c->s = s;
        c->slen = a->slen + b->slen;
        return c;
    }
    bool integer = type_is_integer(t) ||
                   (a->kind == CV_INT && b->kind == CV_INT && !type_is_float(t));
    if (integer && (is_big(a) || is_big(b))) {
        long double x = as_float(a), y = as_float(b);
        switch (op) {
        case OP_ADD: return big_result(x + y, at);
        case OP_SUB: return big_result(x - y, at);
        case OP_MUL: return big_result(x * y, at);
        case OP_QUO:
            if (y == 0) {
                diag_error(at->pos, "invalid operation: division by zero");
                return NULL;
            }
            return big_result(x / y, at);
        case OP_REM:
            if (y == 0) {
                diag_error(at->pos, "invalid operation: division by zero");
                return NULL;
            }
            if (fabsl(y) < 9e18L && y == truncl(y)) {
                /* x = m * 2^e exactly: (m mod y) * (2^e mod y) mod y */
                int e;
                long double m = frexpl(fabsl(x), &e);
                unsigned __int128 mm = (unsigned __int128)ldexpl(m, 64);
                e -= 64;
                unsigned __int128 yy = (unsigned __int128)fabsl(y), r = mm % yy, p = 1 % yy, b2 = 2 % yy;
                for (; e > 0; e >>= 1) {
                    if (e & 1)
                        p = p * b2 % yy;
                    b2 = b2 * b2 % yy;
                }
                __int128 res = (__int128)(r * p % yy);
                return cv_int(x < 0 ? -res : res);
            }
            return big_result(x - truncl(x / y) * y, at);
        default:
            diag_error(at->pos, "constant overflow");
            return NULL;
        }
    }
    if (integer) {
        __int128 x = as_int(a), y = as_int(b), r;
        switch (op) {
        case OP_ADD:
            if (__builtin_add_overflow(x, y, &r))
                return big_result((long double)x + (long double)y, at);
            return cv_int(r);
        case OP_SUB:
            if (__builtin_sub_overflow(x, y, &r))
                return big_result((long double)x - (long double)y, at);
            return cv_int(r);
        case OP_MUL:
            if (__builtin_mul_overflow(x, y, &r))
                return big_result((long double)x * (long double)y, at);
            return cv_int(r);
        case OP_QUO:
        case OP_REM:
            if (y == 0) {
                diag_error(at->pos, "invalid operation: division by zero");
                return NULL;
            }
            if (x == I128_MIN && y == -1)
                return overflow(at);
            return cv_int(op == OP_QUO ? x / y : x % y);
        case OP_AND: return cv_int(x & y);
        case OP_OR: return cv_int(x | y);
        case OP_XOR: return cv_int(x ^ y);
        case OP_ANDNOT: return cv_int(x & ~y);
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
        return overflow(at);
    /* keep integral untyped results exact-looking, as go/constant does */
    if (!type_is_float(t) || type_is_untyped(t)) {
        if (r == truncl(r) && fabsl(r) < 1e30L && type_underlying(t)->kind != TY_UNTYPED_FLOAT)
            return cv_int((__int128)r);
    }
    return cv_float(r);
}

ConstVal *cv_unary(Op op, ConstVal *a, Type *t, Node *at)
{
    if (!a)
        return NULL;
    switch (op) {
    case OP_ADD:
        return a;
    case OP_SUB:
        if (a->kind == CV_INT) {
            if (a->i == I128_MIN)
                return overflow(at);
            return cv_int(-a->i);
        }
        return cv_float(-a->f);
    case OP_NOT:
        return cv_bool(!a->b);
    case OP_XOR: {
        __int128 x = as_int(a);
        if (type_is_unsigned(t)) {
            int64_t bits = type_size(t) * 8;
            unsigned __int128 mask = bits >= 128 ? ~(unsigned __int128)0
                                                 : (((unsigned __int128)1 << bits) - 1);
            return cv_int((__int128)(((unsigned __int128)x ^ mask) & mask));
        }
        return cv_int(~x);
    }
    default:
        return NULL;
    }
}

bool cv_compare(Op op, ConstVal *a, ConstVal *b)
{
    int c = 0;
    if (a->kind == CV_STRING && b->kind == CV_STRING) {
        int64_t n = a->slen < b->slen ? a->slen : b->slen;
        c = memcmp(a->s, b->s, (size_t)n);
        if (c == 0)
            c = a->slen < b->slen ? -1 : a->slen > b->slen;
    } else if (a->kind == CV_BOOL && b->kind == CV_BOOL) {
        c = a->b != b->b;
    } else if (a->kind == CV_INT && b->kind == CV_INT) {
        c = a->i < b->i ? -1 : a->i > b->i;
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

ConstVal *cv_shift(Op op, ConstVal *a, uint64_t s, Node *at)
{
    if (!a)
        return NULL;
    if (is_big(a) || (op == OP_SHL && s >= 64)) {
        long double f = as_float(a);
        if (op == OP_SHR) {
            long double r = floorl(ldexpl(f, -(int)(s > 4000 ? 4000 : s)));
            if (fabsl(r) < 1.6e38L)
                return cv_int((__int128)r);
            return cv_float(r);
        }
        if (f == 0)
            return cv_int(0);
        if (s > 600) {
            diag_error(at->pos, "constant shift overflow");
            return NULL;
        }
        long double r = ldexpl(f, (int)s);
        if (fabsl(r) < 1.6e38L)
            return cv_int((__int128)r);
        if (fabsl(r) > 1.4e154L) {
            diag_error(at->pos, "constant shift overflow");
            return NULL;
        }
        return cv_float(r);
    }
    __int128 x = as_int(a);
    if (op == OP_SHR) {
        if (s >= 127)
            return cv_int(x < 0 ? -1 : 0);
        return cv_int(x >> s);
    }
    if (x == 0)
        return cv_int(0);
    if (s >= 127) {
        diag_error(at->pos, "constant shift overflow");
        return NULL;
    }
    __int128 r = (__int128)((unsigned __int128)x << s);
    if ((r >> s) != x) {
        diag_error(at->pos, "constant shift overflow");
        return NULL;
    }
    return cv_int(r);
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

const char *cv_string(ConstVal *v)
{
    if (!v)
        return "?";
    switch (v->kind) {
    case CV_BOOL: return v->b ? "true" : "false";
    case CV_INT: return i128_str(v->i);
    case CV_STRING: return quote(v->s, v->slen);
    case CV_FLOAT: {
        double d = (double)v->f;
        if (v->f == truncl(v->f) && fabsl(v->f) < 1e21L)
            return i128_str((__int128)v->f);
        char *s = arena_printf("%.6g", d);
        if (!strchr(s, '.') && !strchr(s, 'e'))
            s = arena_printf("%.17g", d);
        return s;
    }
    case CV_COMPLEX: return "(complex)";
    }
    return "?";
}
