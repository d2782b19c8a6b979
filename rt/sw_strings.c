// SPDX-License-Identifier: MIT
/*
 * sw_strings.c — the C half of the strings package (and the unicode
 * predicates it needs): searching, splitting, joining, case mapping and
 * trimming with Go's exact semantics, plus the append helpers behind
 * strings.Builder, which grow like Go's append so Cap() agrees.
 */
#define _GNU_SOURCE
#include "sw_internal.h"
#include "sw_lib.h"

static SwString sub(SwString s, int64_t lo, int64_t hi)
{
    return (SwString){s.ptr + lo, hi - lo};
}

int64_t sw_strings_index(SwString s, SwString sep)
{
    if (sep.len == 0) return 0;
    if (sep.len > s.len) return -1;
    const uint8_t *p = memmem(s.ptr, (size_t)s.len, sep.ptr, (size_t)sep.len);
    return p ? p - s.ptr : -1;
}

int64_t sw_strings_last_index(SwString s, SwString sep)
{
    if (sep.len == 0) return s.len;
    for (int64_t i = s.len - sep.len; i >= 0; i--)
        if (memcmp(s.ptr + i, sep.ptr, (size_t)sep.len) == 0) return i;
    return -1;
}

int64_t sw_strings_index_byte(SwString s, uint8_t c)
{
    const uint8_t *p = s.len ? memchr(s.ptr, c, (size_t)s.len) : NULL;
    return p ? p - s.ptr : -1;
}

int64_t sw_strings_last_index_byte(SwString s, uint8_t c)
{
    for (int64_t i = s.len - 1; i >= 0; i--)
        if (s.ptr[i] == c) return i;
    return -1;
}

int64_t sw_strings_index_rune(SwString s, int32_t r)
{
    if (r >= 0 && r < 0x80) return sw_strings_index_byte(s, (uint8_t)r);
    if (r == SW_RUNE_ERROR) {
        for (int64_t i = 0; i < s.len;) {
            int32_t c;
            int64_t w = sw_str_decode_rune(s, i, &c);
            if (c == SW_RUNE_ERROR) return i;
            i += w;
        }
        return -1;
    }
    if (!sw_utf8_valid_rune(r)) return -1;
    uint8_t tmp[4];
    int n = sw_utf8_encode(tmp, r);
    return sw_strings_index(s, (SwString){tmp, n});
}

static bool has_rune(SwString chars, int32_t r)
{
    for (int64_t i = 0; i < chars.len;) {
        int32_t c;
        i += sw_str_decode_rune(chars, i, &c);
        if (c == r) return true;
    }
    return false;
}

int64_t sw_strings_index_any(SwString s, SwString chars)
{
    if (chars.len == 0) return -1;
    for (int64_t i = 0; i < s.len;) {
        int32_t c;
        int64_t w = sw_str_decode_rune(s, i, &c);
        if (has_rune(chars, c)) return i;
        i += w;
    }
    return -1;
}

int64_t sw_strings_last_index_any(SwString s, SwString chars)
{
    if (chars.len == 0) return -1;
    int64_t last = -1;
    for (int64_t i = 0; i < s.len;) {
        int32_t c;
        int64_t w = sw_str_decode_rune(s, i, &c);
        if (has_rune(chars, c)) last = i;
        i += w;
    }
    return last;
}

int64_t sw_strings_count(SwString s, SwString sep)
{
    if (sep.len == 0) return sw_utf8_count(s.ptr, s.len) + 1;
    int64_t n = 0;
    for (;;) {
        int64_t i = sw_strings_index(s, sep);
        if (i < 0) return n;
        n++;
        s = sub(s, i + sep.len, s.len);
    }
}

/* genSplit; n < 0 means all */
SwSlice sw_strings_split(SwString s, SwString sep, int64_t sepsave, int64_t n)
{
    if (n == 0) return (SwSlice){NULL, 0, 0};
    if (sep.len == 0) {
        int64_t l = sw_utf8_count(s.ptr, s.len);
        if (n < 0 || n > l) n = l;
        SwSlice out = sw_slice_make(sizeof(SwString), n, n);
        SwString *a = out.ptr;
        for (int64_t i = 0; i < n - 1; i++) {
            int32_t r;
            int64_t w = sw_str_decode_rune(s, 0, &r);
            a[i] = sub(s, 0, w);
            s = sub(s, w, s.len);
        }
        if (n > 0) a[n - 1] = s;
        return out;
    }
    if (n < 0) n = sw_strings_count(s, sep) + 1;
    if (n > s.len + 1) n = s.len + 1;
    SwSlice out = sw_slice_make(sizeof(SwString), n, n);
    SwString *a = out.ptr;
    n--;
    int64_t i = 0;
    while (i < n) {
        int64_t m = sw_strings_index(s, sep);
        if (m < 0) break;
        a[i] = sub(s, 0, m + sepsave);
        s = sub(s, m + sep.len, s.len);
        i++;
    }
    a[i] = s;
    out.len = i + 1;
    return out;
}

SwSlice sw_strings_fields(SwString s)
{
    SwSlice out = {NULL, 0, 0};
    int64_t start = -1;
    for (int64_t i = 0; i <= s.len;) {
        int32_t r = ' ';
        int64_t w = 1;
        if (i < s.len) w = sw_str_decode_rune(s, i, &r);
        bool space = i == s.len || sw_unicode_isspace(r);
        if (space && start >= 0) {
            SwString f = sub(s, start, i);
            out = sw_slice_append(out, &f, 1, sizeof f);
            start = -1;
        } else if (!space && start < 0) {
            start = i;
        }
        i += w;
    }
    if (out.len) out.cap = out.len;
    return out;
}

SwString sw_strings_join(SwSlice elems, SwString sep)
{
    const SwString *e = elems.ptr;
    if (elems.len == 0) return (SwString){NULL, 0};
    if (elems.len == 1) return e[0];
    int64_t n = sep.len * (elems.len - 1);
    for (int64_t i = 0; i < elems.len; i++) n += e[i].len;
    uint8_t *p = sw_alloc_noscan((size_t)n), *q = p;
    for (int64_t i = 0; i < elems.len; i++) {
        if (i > 0) {
            memcpy(q, sep.ptr, (size_t)sep.len);
            q += sep.len;
        }
        if (e[i].len) memcpy(q, e[i].ptr, (size_t)e[i].len);
        q += e[i].len;
    }
    return (SwString){p, n};
}

SwString sw_strings_repeat(SwString s, int64_t count)
{
    if (count == 0) return (SwString){NULL, 0};
    if (count < 0) sw_panic_msg("strings: negative Repeat count");
    if (s.len && s.len * count / count != s.len) sw_panic_msg("strings: Repeat count causes overflow");
    int64_t n = s.len * count;
    if (n == 0) return (SwString){NULL, 0};
    uint8_t *p = sw_alloc_noscan((size_t)n);
    for (int64_t i = 0; i < count; i++) memcpy(p + i * s.len, s.ptr, (size_t)s.len);
    return (SwString){p, n};
}

SwString sw_strings_replace(SwString s, SwString old, SwString new_, int64_t n)
{
    if (sw_str_eq(old, new_) || n == 0) return s;
    int64_t m = sw_strings_count(s, old);
    if (m == 0) return s;
    if (n < 0 || m < n) n = m;
    SwBuf b = {0};
    sw_buf_grow(&b, s.len + n * (new_.len - old.len) + 1);
    int64_t start = 0;
    for (int64_t i = 0; i < n; i++) {
        int64_t j = start;
        if (old.len == 0) {
            if (i > 0) {
                int32_t r;
                j += sw_str_decode_rune(s, start, &r);
            }
        } else {
            j += sw_strings_index(sub(s, start, s.len), old);
        }
        sw_buf_write(&b, s.ptr + start, j - start);
        sw_buf_str(&b, new_);
        start = j + old.len;
    }
    sw_buf_write(&b, s.ptr + start, s.len - start);
    return sw_buf_string(&b);
}

/* strings.Map with a C mapping; unchanged strings are returned as is. */
static SwString map_runes(SwString s, int32_t (*fn)(int32_t, void *), void *ctx)
{
    SwBuf b = {0};
    bool changed = false;
    for (int64_t i = 0; i < s.len;) {
        int32_t c;
        int64_t w = sw_str_decode_rune(s, i, &c);
        int32_t r = fn(c, ctx);
        if (!changed && (r != c || (c == SW_RUNE_ERROR && w == 1))) {
            changed = true;
            sw_buf_write(&b, s.ptr, i);
        }
        if (changed && r >= 0) sw_buf_rune(&b, r);
        i += w;
    }
    return changed ? sw_buf_string(&b) : s;
}

static int32_t upper_fn(int32_t r, void *ctx)
{
    (void)ctx;
    return sw_unicode_toupper(r);
}

static int32_t lower_fn(int32_t r, void *ctx)
{
    (void)ctx;
    return sw_unicode_tolower(r);
}

static int32_t title_fn(int32_t r, void *ctx)
{
    (void)ctx;
    return sw_unicode_totitle(r);
}

SwString sw_strings_to_upper(SwString s)
{
    return map_runes(s, upper_fn, NULL);
}

SwString sw_strings_to_lower(SwString s)
{
    return map_runes(s, lower_fn, NULL);
}

SwString sw_strings_to_title(SwString s)
{
    return map_runes(s, title_fn, NULL);
}

static bool is_separator(int32_t r)
{
    if (r <= 0x7F) {
        if ((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_')
            return false;
        return true;
    }
    if (sw_unicode_isletter(r) || sw_unicode_isdigit(r)) return false;
    return sw_unicode_isspace(r);
}

static int32_t word_title_fn(int32_t r, void *ctx)
{
    int32_t *prev = ctx;
    bool sep = is_separator(*prev);
    *prev = r;
    return sep ? sw_unicode_totitle(r) : r;
}

SwString sw_strings_title(SwString s)
{
    int32_t prev = ' ';
    return map_runes(s, word_title_fn, &prev);
}

SwString sw_strings_trim_space(SwString s)
{
    int64_t start = 0, end = s.len;
    while (start < end) {
        int32_t r;
        int64_t w = sw_str_decode_rune(s, start, &r);
        if (!sw_unicode_isspace(r)) break;
        start += w;
    }
    while (end > start) {
        int64_t size;
        int32_t r = sw_utf8_decode_last_str(sub(s, start, end), &size);
        if (!sw_unicode_isspace(r)) break;
        end -= size;
    }
    return sub(s, start, end);
}

/* sides: 1 left, 2 right, 3 both */
SwString sw_strings_trim(SwString s, SwString cutset, int64_t sides)
{
    if (s.len == 0 || cutset.len == 0) return s;
    int64_t start = 0, end = s.len;
    if (sides & 1) {
        while (start < end) {
            int32_t r;
            int64_t w = sw_str_decode_rune(s, start, &r);
            if (!has_rune(cutset, r)) break;
            start += w;
        }
    }
    if (sides & 2) {
        while (end > start) {
            int64_t size;
            int32_t r = sw_utf8_decode_last_str(sub(s, start, end), &size);
            if (!has_rune(cutset, r)) break;
            end -= size;
        }
    }
    return sub(s, start, end);
}

static int32_t fold(int32_t r)
{
    if (r == 0x212A) return 'k';
    if (r == 0x017F) return 's';
    return sw_unicode_tolower(sw_unicode_toupper(r));
}

bool sw_strings_equal_fold(SwString s, SwString t)
{
    int64_t i = 0, j = 0;
    while (i < s.len && j < t.len) {
        int32_t a, b;
        i += sw_str_decode_rune(s, i, &a);
        j += sw_str_decode_rune(t, j, &b);
        if (a == b) continue;
        if (fold(a) != fold(b)) return false;
    }
    return i == s.len && j == t.len;
}

SwSlice sw_bytes_append_str(SwSlice b, SwString s)
{
    return sw_slice_append(b, s.ptr, s.len, 1);
}

SwSlice sw_bytes_append_rune(SwSlice b, int32_t r)
{
    uint8_t tmp[4];
    return sw_slice_append(b, tmp, sw_utf8_encode(tmp, r), 1);
}

SwString sw_strings_unsafe_string(SwSlice b)
{
    return (SwString){b.ptr, b.len};
}

bool sw_unicode_is_space(int32_t r)
{
    return sw_unicode_isspace(r);
}

int32_t sw_unicode_to_upper(int32_t r)
{
    return sw_unicode_toupper(r);
}

int32_t sw_unicode_to_lower(int32_t r)
{
    return sw_unicode_tolower(r);
}

bool sw_unicode_is_letter(int32_t r)
{
    return sw_unicode_isletter(r);
}

bool sw_unicode_is_digit(int32_t r)
{
    return sw_unicode_isdigit(r);
}
