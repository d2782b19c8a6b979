// SPDX-License-Identifier: MIT
/*
 * sw_unicode.c — Unicode classification and case mapping (what Go's unicode
 * package gives strconv, strings and fmt), and strconv's quoting.
 *
 * Classification asks glibc's C.UTF-8 locale (through a private locale_t,
 * so the process locale is untouched) and corrects it where Go differs:
 * Go's IsPrint excludes the space separators other than U+0020, format
 * characters, line/paragraph separators and private use.  ASCII never
 * reaches glibc.
 */
#include <locale.h>
#include <wctype.h>

#include "sw_internal.h"

static locale_t utf8_locale(void)
{
    static locale_t loc;
    static bool tried;
    if (!tried) {
        tried = true;
        loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    }
    return loc;
}

static bool in_ranges(int32_t r, const int32_t (*rs)[2], int n)
{
    for (int i = 0; i < n; i++)
        if (r >= rs[i][0] && r <= rs[i][1]) return true;
    return false;
}

/* Zs (but U+0020), Zl, Zp, Cf, Co, Cs: not printable in Go. */
static const int32_t not_print[][2] = {
    {0x00A0, 0x00A0}, {0x00AD, 0x00AD}, {0x0600, 0x0605}, {0x061C, 0x061C}, {0x06DD, 0x06DD},
    {0x070F, 0x070F}, {0x08E2, 0x08E2}, {0x1680, 0x1680}, {0x180E, 0x180E}, {0x2000, 0x200F},
    {0x2028, 0x202F}, {0x205F, 0x2064}, {0x2066, 0x206F}, {0x3000, 0x3000}, {0xD800, 0xF8FF},
    {0xFEFF, 0xFEFF}, {0xFFF9, 0xFFFB}, {0x110BD, 0x110BD}, {0x110CD, 0x110CD},
    {0x13430, 0x13438}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0001, 0xE0001},
    {0xE0020, 0xE007F}, {0xF0000, 0x10FFFF},
};

bool sw_unicode_isprint(int32_t r)
{
    if (r < 0x80) return r >= 0x20 && r < 0x7F;
    if (r < 0xA0) return false;
    if (r > SW_MAX_RUNE) return false;
    if (in_ranges(r, not_print, (int)(sizeof not_print / sizeof not_print[0]))) return false;
    if ((r & 0xFFFE) == 0xFFFE) return false;
    locale_t loc = utf8_locale();
    if (!loc) return true;
    return iswprint_l((wint_t)r, loc) != 0;
}

bool sw_unicode_isspace(int32_t r)
{
    switch (r) {
    case '\t': case '\n': case '\v': case '\f': case '\r': case ' ': case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
    }
    return r >= 0x2000 && r <= 0x200A;
}

int32_t sw_unicode_toupper(int32_t r)
{
    if (r < 0x80) return (r >= 'a' && r <= 'z') ? r - 32 : r;
    locale_t loc = utf8_locale();
    return loc ? (int32_t)towupper_l((wint_t)r, loc) : r;
}

int32_t sw_unicode_tolower(int32_t r)
{
    if (r < 0x80) return (r >= 'A' && r <= 'Z') ? r + 32 : r;
    locale_t loc = utf8_locale();
    return loc ? (int32_t)towlower_l((wint_t)r, loc) : r;
}

int32_t sw_unicode_totitle(int32_t r)
{
    /* the few digraphs whose title case differs from upper case */
    switch (r) {
    case 0x01C4: case 0x01C5: case 0x01C6: return 0x01C5;
    case 0x01C7: case 0x01C8: case 0x01C9: return 0x01C8;
    case 0x01CA: case 0x01CB: case 0x01CC: return 0x01CB;
    case 0x01F1: case 0x01F2: case 0x01F3: return 0x01F2;
    }
    return sw_unicode_toupper(r);
}

bool sw_unicode_isletter(int32_t r)
{
    if (r < 0x80) return (r | 32) >= 'a' && (r | 32) <= 'z';
    locale_t loc = utf8_locale();
    return loc && iswalpha_l((wint_t)r, loc) && !iswdigit_l((wint_t)r, loc);
}

bool sw_unicode_isdigit(int32_t r)
{
    if (r < 0x80) return r >= '0' && r <= '9';
    locale_t loc = utf8_locale();
    return loc && iswdigit_l((wint_t)r, loc);
}

/* unicode.SimpleFold, approximated: the other case of r (K, S and a few
 * special folds are listed explicitly). */
int32_t sw_unicode_simplefold(int32_t r)
{
    switch (r) {
    case 'K': return 'k';
    case 'k': return 0x212A;
    case 0x212A: return 'K';
    case 'S': return 's';
    case 's': return 0x017F;
    case 0x017F: return 'S';
    }
    int32_t u = sw_unicode_toupper(r), l = sw_unicode_tolower(r);
    if (u != r) return u;
    if (l != r) return l;
    return r;
}

/* ---- quoting (strconv.Quote and friends) ------------------------------- */

static const char lowerhex[] = "0123456789abcdef";

static void escaped_rune(SwBuf *b, int32_t r, uint8_t quote, bool ascii)
{
    if (r == quote || r == '\\') {
        sw_buf_byte(b, '\\');
        sw_buf_rune(b, r);
        return;
    }
    if (ascii) {
        if (r < 0x80 && sw_unicode_isprint(r)) {
            sw_buf_byte(b, (uint8_t)r);
            return;
        }
    } else if (sw_unicode_isprint(r)) {
        sw_buf_rune(b, r);
        return;
    }
    switch (r) {
    case '\a': sw_buf_cstr(b, "\\a"); return;
    case '\b': sw_buf_cstr(b, "\\b"); return;
    case '\f': sw_buf_cstr(b, "\\f"); return;
    case '\n': sw_buf_cstr(b, "\\n"); return;
    case '\r': sw_buf_cstr(b, "\\r"); return;
    case '\t': sw_buf_cstr(b, "\\t"); return;
    case '\v': sw_buf_cstr(b, "\\v"); return;
    }
    if (r < ' ' || r == 0x7F) {
        sw_buf_cstr(b, "\\x");
        sw_buf_byte(b, (uint8_t)lowerhex[(r >> 4) & 0xF]);
        sw_buf_byte(b, (uint8_t)lowerhex[r & 0xF]);
        return;
    }
    if (r < 0 || r > SW_MAX_RUNE || (r >= 0xD800 && r <= 0xDFFF)) r = SW_RUNE_ERROR;
    if (r < 0x10000) {
        sw_buf_cstr(b, "\\u");
        for (int s = 12; s >= 0; s -= 4) sw_buf_byte(b, (uint8_t)lowerhex[(r >> s) & 0xF]);
    } else {
        sw_buf_cstr(b, "\\U");
        for (int s = 28; s >= 0; s -= 4) sw_buf_byte(b, (uint8_t)lowerhex[(r >> s) & 0xF]);
    }
}

void sw_quote(SwBuf *b, const uint8_t *s, int64_t n, uint8_t quote, bool ascii)
{
    sw_buf_byte(b, quote);
    for (int64_t i = 0; i < n;) {
        int32_t r = s[i];
        int w = 1;
        if (r >= 0x80) w = sw_utf8_decode(s + i, n - i, &r);
        if (w == 1 && r == SW_RUNE_ERROR) {
            sw_buf_cstr(b, "\\x");
            sw_buf_byte(b, (uint8_t)lowerhex[s[i] >> 4]);
            sw_buf_byte(b, (uint8_t)lowerhex[s[i] & 0xF]);
            i++;
            continue;
        }
        escaped_rune(b, r, quote, ascii);
        i += w;
    }
    sw_buf_byte(b, quote);
}

void sw_quote_rune(SwBuf *b, int32_t r, bool ascii)
{
    if (r < 0 || r > SW_MAX_RUNE || (r >= 0xD800 && r <= 0xDFFF)) r = SW_RUNE_ERROR;
    sw_buf_byte(b, '\'');
    escaped_rune(b, r, '\'', ascii);
    sw_buf_byte(b, '\'');
}

bool sw_can_backquote(SwString s)
{
    for (int64_t i = 0; i < s.len;) {
        int32_t r;
        int w = sw_utf8_decode(s.ptr + i, s.len - i, &r);
        i += w;
        if (w > 1) {
            if (r == 0xFEFF) return false;
            continue;
        }
        if (r == SW_RUNE_ERROR) return false;
        if ((r < ' ' && r != '\t') || r == '`' || r == 0x7F) return false;
    }
    return true;
}
