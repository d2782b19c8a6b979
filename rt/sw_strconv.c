// SPDX-License-Identifier: MIT
/*
 * sw_strconv.c — the C half of the strconv package: integer and float
 * parsing with Go's exact syntax rules, formatting, quoting and unquoting.
 *
 * Functions that can fail return their value and store an error code in
 * *err (SW_STRCONV_OK / SYNTAX / RANGE / BASE / BITSIZE); the Sw half
 * (stdlib/strconv) turns the code into a *NumError with Go's text.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "sw_float.h"
#include "sw_internal.h"
#include "sw_lib.h"

enum { CONV_OK, CONV_SYNTAX, CONV_RANGE, CONV_BASE, CONV_BITSIZE };

static uint8_t lower(uint8_t c)
{
    return c | ('x' - 'X');
}

static bool underscore_ok(const uint8_t *s, int64_t n)
{
    char saw = '^';
    int64_t i = 0;
    if (n >= 1 && (s[0] == '-' || s[0] == '+')) {
        s++;
        n--;
    }
    bool hex = false;
    if (n >= 2 && s[0] == '0' && (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x')) {
        i = 2;
        saw = '0';
        hex = lower(s[1]) == 'x';
    }
    for (; i < n; i++) {
        if ((s[i] >= '0' && s[i] <= '9') || (hex && lower(s[i]) >= 'a' && lower(s[i]) <= 'f')) {
            saw = '0';
            continue;
        }
        if (s[i] == '_') {
            if (saw != '0') return false;
            saw = '_';
            continue;
        }
        if (saw == '_') return false;
        saw = '!';
    }
    return saw != '_';
}

uint64_t sw_strconv_parse_uint(SwString s, int64_t base, int64_t bits, int64_t *err)
{
    *err = CONV_OK;
    if (s.len == 0) {
        *err = CONV_SYNTAX;
        return 0;
    }
    bool base0 = base == 0;
    const uint8_t *p = s.ptr, *s0 = s.ptr;
    int64_t n = s.len, n0 = s.len;
    if (base == 0) {
        base = 10;
        if (p[0] == '0') {
            if (n >= 3 && lower(p[1]) == 'b') { base = 2; p += 2; n -= 2; }
            else if (n >= 3 && lower(p[1]) == 'o') { base = 8; p += 2; n -= 2; }
            else if (n >= 3 && lower(p[1]) == 'x') { base = 16; p += 2; n -= 2; }
            else { base = 8; p += 1; n -= 1; }
        }
    } else if (base < 2 || base > 36) {
        *err = CONV_BASE;
        return 0;
    }
    if (bits == 0) bits = 64;
    else if (bits < 0 || bits > 64) {
        *err = CONV_BITSIZE;
        return 0;
    }
    uint64_t cutoff = UINT64_MAX / (uint64_t)base + 1;
    uint64_t maxval = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
    bool underscores = false;
    uint64_t v = 0;
    for (int64_t i = 0; i < n; i++) {
        uint8_t c = p[i], d;
        if (c == '_' && base0) {
            underscores = true;
            continue;
        } else if (c >= '0' && c <= '9') {
            d = c - '0';
        } else if (lower(c) >= 'a' && lower(c) <= 'z') {
            d = lower(c) - 'a' + 10;
        } else {
            *err = CONV_SYNTAX;
            return 0;
        }
        if (d >= base) {
            *err = CONV_SYNTAX;
            return 0;
        }
        if (v >= cutoff) {
            *err = CONV_RANGE;
            return maxval;
        }
        v *= (uint64_t)base;
        uint64_t v1 = v + d;
        if (v1 < v || v1 > maxval) {
            *err = CONV_RANGE;
            return maxval;
        }
        v = v1;
    }
    if (underscores && !underscore_ok(s0, n0)) {
        *err = CONV_SYNTAX;
        return 0;
    }
    return v;
}

int64_t sw_strconv_parse_int(SwString s, int64_t base, int64_t bits, int64_t *err)
{
    *err = CONV_OK;
    if (s.len == 0) {
        *err = CONV_SYNTAX;
        return 0;
    }
    bool neg = false;
    SwString r = s;
    if (r.ptr[0] == '+' || r.ptr[0] == '-') {
        neg = r.ptr[0] == '-';
        r.ptr++;
        r.len--;
    }
    uint64_t un = sw_strconv_parse_uint(r, base, bits, err);
    if (*err != CONV_OK && *err != CONV_RANGE) return 0;
    if (bits == 0) bits = 64;
    uint64_t cutoff = UINT64_C(1) << (bits - 1);
    if (!neg && un >= cutoff) {
        *err = CONV_RANGE;
        return (int64_t)(cutoff - 1);
    }
    if (neg && un > cutoff) {
        *err = CONV_RANGE;
        return -(int64_t)cutoff;
    }
    *err = CONV_OK;
    return neg ? (int64_t)(0 - un) : (int64_t)un;
}

/* Go's float literal syntax (strconv.readFloat + special), without the
 * underscores; returns the length of the accepted prefix. */
static int64_t scan_float(const uint8_t *s, int64_t n, bool *hexp)
{
    int64_t i = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) i++;
    int base = 10;
    *hexp = false;
    if (i + 2 <= n && s[i] == '0' && lower(s[i + 1]) == 'x') {
        base = 16;
        i += 2;
        *hexp = true;
    }
    bool sawdot = false, sawdigits = false;
    for (; i < n; i++) {
        uint8_t c = s[i];
        if (c == '_') continue;
        if (c == '.') {
            if (sawdot) break;
            sawdot = true;
            continue;
        }
        if ((c >= '0' && c <= '9') || (base == 16 && lower(c) >= 'a' && lower(c) <= 'f')) {
            sawdigits = true;
            continue;
        }
        break;
    }
    if (!sawdigits) return -1;
    if (i < n && lower(s[i]) == (base == 16 ? 'p' : 'e')) {
        i++;
        if (i >= n) return -1;
        if (s[i] == '+' || s[i] == '-') i++;
        if (i >= n || s[i] < '0' || s[i] > '9') return -1;
        while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_')) i++;
    } else if (base == 16) {
        return -1;
    }
    return i;
}

static int64_t prefix_ci(const uint8_t *s, int64_t n, const char *word)
{
    int64_t i = 0;
    while (i < n && word[i] && lower(s[i]) == (uint8_t)word[i]) i++;
    return i;
}

double sw_strconv_parse_float(SwString s, int64_t bits, int64_t *err)
{
    *err = CONV_OK;
    const uint8_t *p = s.ptr;
    int64_t n = s.len;
    if (n == 0) {
        *err = CONV_SYNTAX;
        return 0;
    }
    /* special values */
    {
        int64_t i = 0;
        double sign = 1;
        if (p[0] == '+' || p[0] == '-') {
            sign = p[0] == '-' ? -1 : 1;
            i = 1;
        }
        if (i < n && lower(p[i]) == 'i') {
            int64_t k = prefix_ci(p + i, n - i, "infinity");
            if (k > 3 && k < 8) k = 3;
            if ((k == 3 || k == 8) && i + k == n) return sign * INFINITY;
            *err = CONV_SYNTAX;
            return 0;
        }
        if (i == 0 && lower(p[0]) == 'n') {
            if (n == 3 && prefix_ci(p, n, "nan") == 3) return NAN;
            *err = CONV_SYNTAX;
            return 0;
        }
    }
    bool hex;
    int64_t k = scan_float(p, n, &hex);
    if (k != n) {
        *err = CONV_SYNTAX;
        return 0;
    }
    bool underscores = memchr(p, '_', (size_t)n) != NULL;
    if (underscores && !underscore_ok(p, n)) {
        *err = CONV_SYNTAX;
        return 0;
    }
    double v;
    if (!underscores && !hex && sw_atof_fast(p, n, (int)bits, &v)) return v;   /* never ±Inf */
    char *buf = sw_alloc_noscan((size_t)n + 1);
    int64_t m = 0;
    for (int64_t i = 0; i < n; i++)
        if (p[i] != '_') buf[m++] = (char)p[i];
    buf[m] = 0;
    if (underscores && !hex && sw_atof_fast((const uint8_t *)buf, m, (int)bits, &v)) return v;
    errno = 0;
    if (bits == 32) v = strtof(buf, NULL);
    else v = strtod(buf, NULL);
    if (isinf(v)) *err = CONV_RANGE;
    return v;
}

SwString sw_strconv_format_float(double f, uint8_t fmt, int64_t prec, int64_t bits)
{
    SwBuf b = {0};
    sw_format_float(&b, f, fmt, (int)prec, (int)bits);
    return sw_buf_string(&b);
}

SwString sw_strconv_format_int(int64_t i, int64_t base)
{
    if (base < 2 || base > 36) sw_panic_msg("strconv: illegal AppendInt/FormatInt base");
    SwBuf b = {0};
    sw_format_int(&b, i < 0 ? 0 - (uint64_t)i : (uint64_t)i, i < 0, (int)base);
    return sw_buf_string(&b);
}

SwString sw_strconv_format_uint(uint64_t i, int64_t base)
{
    if (base < 2 || base > 36) sw_panic_msg("strconv: illegal AppendInt/FormatInt base");
    SwBuf b = {0};
    sw_format_int(&b, i, false, (int)base);
    return sw_buf_string(&b);
}

SwSlice sw_strconv_append_int(SwSlice dst, int64_t i, int64_t base)
{
    SwString s = sw_strconv_format_int(i, base);
    return sw_slice_append(dst, s.ptr, s.len, 1);
}

SwString sw_strconv_quote(SwString s, bool ascii)
{
    SwBuf b = {0};
    sw_quote(&b, s.ptr, s.len, '"', ascii);
    return sw_buf_string(&b);
}

SwString sw_strconv_quote_rune(int32_t r, bool ascii)
{
    SwBuf b = {0};
    sw_quote_rune(&b, r, ascii);
    return sw_buf_string(&b);
}

SwSlice sw_strconv_append_quote(SwSlice dst, SwString s)
{
    SwString q = sw_strconv_quote(s, false);
    return sw_slice_append(dst, q.ptr, q.len, 1);
}

bool sw_strconv_can_backquote(SwString s)
{
    return sw_can_backquote(s);
}

bool sw_strconv_is_print(int32_t r)
{
    return sw_unicode_isprint(r);
}

static int unhex(uint8_t c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (lower(c) >= 'a' && lower(c) <= 'f') return lower(c) - 'a' + 10;
    return -1;
}

/* strconv.UnquoteChar on s[*i..]: appends the char to b; false on error. */
static bool unquote_char(SwBuf *b, const uint8_t *s, int64_t n, int64_t *i, uint8_t quote)
{
    uint8_t c = s[*i];
    if (c == quote && (quote == '\'' || quote == '"')) return false;
    if (c >= 0x80) {
        int32_t r;
        int w = sw_utf8_decode(s + *i, n - *i, &r);
        sw_buf_write(b, s + *i, w);
        *i += w;
        return true;
    }
    if (c != '\\') {
        sw_buf_byte(b, c);
        ++*i;
        return true;
    }
    if (*i + 1 >= n) return false;
    c = s[*i + 1];
    *i += 2;
    switch (c) {
    case 'a': sw_buf_byte(b, '\a'); return true;
    case 'b': sw_buf_byte(b, '\b'); return true;
    case 'f': sw_buf_byte(b, '\f'); return true;
    case 'n': sw_buf_byte(b, '\n'); return true;
    case 'r': sw_buf_byte(b, '\r'); return true;
    case 't': sw_buf_byte(b, '\t'); return true;
    case 'v': sw_buf_byte(b, '\v'); return true;
    case 'x': case 'u': case 'U': {
        int len = c == 'x' ? 2 : c == 'u' ? 4 : 8;
        if (*i + len > n) return false;
        int32_t v = 0;
        for (int j = 0; j < len; j++) {
            int x = unhex(s[*i + j]);
            if (x < 0) return false;
            v = v << 4 | x;
        }
        *i += len;
        if (c == 'x') {
            sw_buf_byte(b, (uint8_t)v);
            return true;
        }
        if (v < 0 || v > SW_MAX_RUNE || (v >= 0xD800 && v <= 0xDFFF)) return false;
        sw_buf_rune(b, v);
        return true;
    }
    case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        int v = c - '0';
        if (*i + 2 > n) return false;
        for (int j = 0; j < 2; j++) {
            int x = s[*i + j] - '0';
            if (x < 0 || x > 7) return false;
            v = (v << 3) | x;
        }
        *i += 2;
        if (v > 255) return false;
        sw_buf_byte(b, (uint8_t)v);
        return true;
    }
    case '\\': sw_buf_byte(b, '\\'); return true;
    case '\'': case '"':
        if (c != quote) return false;
        sw_buf_byte(b, c);
        return true;
    }
    return false;
}

SwString sw_strconv_unquote(SwString s, bool *ok)
{
    *ok = false;
    SwString none = {NULL, 0};
    int64_t n = s.len;
    if (n < 2) return none;
    uint8_t quote = s.ptr[0];
    if (quote != s.ptr[n - 1]) return none;
    const uint8_t *p = s.ptr + 1;
    n -= 2;
    if (quote == '`') {
        SwBuf b = {0};
        for (int64_t i = 0; i < n; i++) {
            if (p[i] == '`') return none;
            if (p[i] != '\r') sw_buf_byte(&b, p[i]);
        }
        *ok = true;
        return sw_buf_string(&b);
    }
    if (quote != '"' && quote != '\'') return none;
    if (memchr(p, '\n', (size_t)n)) return none;
    SwBuf b = {0};
    int64_t i = 0;
    int count = 0;
    while (i < n) {
        if (!unquote_char(&b, p, n, &i, quote)) return none;
        count++;
    }
    if (quote == '\'') {
        if (count != 1) return none;
    }
    *ok = true;
    return sw_buf_string(&b);
}
