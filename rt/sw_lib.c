// SPDX-License-Identifier: MIT
/*
 * sw_lib.c — C bodies of the fmt, os and unicode/utf8 functions that the Sw
 * standard packages bind with //sw:extern (see sw_lib.h).
 */
#include <stdlib.h>

#include "sw_internal.h"
#include "sw_lib.h"

extern int sw_argc;
extern char **sw_argv;

/* ---- fmt ---------------------------------------------------------------- */

SwString sw_fmt_sprintf(SwString format, SwSlice a)
{
    SwBuf b = {0};
    sw_fmt_printf(&b, format, a, false);
    return sw_buf_string(&b);
}

SwString sw_fmt_sprint(SwSlice a)
{
    SwBuf b = {0};
    sw_fmt_print(&b, a);
    return sw_buf_string(&b);
}

SwString sw_fmt_sprintln(SwSlice a)
{
    SwBuf b = {0};
    sw_fmt_println(&b, a);
    return sw_buf_string(&b);
}

SwSlice sw_fmt_bprintf(SwString format, SwSlice a)
{
    SwBuf b = {0};
    sw_fmt_printf(&b, format, a, false);
    return (SwSlice){b.p, b.len, b.cap};
}

SwSlice sw_fmt_bprint(SwSlice a)
{
    SwBuf b = {0};
    sw_fmt_print(&b, a);
    return (SwSlice){b.p, b.len, b.cap};
}

SwSlice sw_fmt_bprintln(SwSlice a)
{
    SwBuf b = {0};
    sw_fmt_println(&b, a);
    return (SwSlice){b.p, b.len, b.cap};
}

/* Errorf: the message, and in *wrapped the operand of the first %w that is
 * an error (nil if none). */
SwString sw_fmt_errorf(SwString format, SwSlice a, SwIface *wrapped)
{
    SwBuf b = {0};
    sw_fmt_printf(&b, format, a, true);
    *wrapped = (SwIface){NULL, NULL};
    const SwIface *args = a.ptr;
    int64_t argn = 0;
    for (int64_t i = 0; i + 1 < format.len; i++) {
        if (format.ptr[i] != '%') continue;
        int64_t j = i + 1;
        if (format.ptr[j] == '%') {
            i = j;
            continue;
        }
        while (j < format.len && strchr("#0+- .0123456789", format.ptr[j])) j++;
        if (j >= format.len) break;
        if (format.ptr[j] == 'w' && argn < a.len && sw_find_method(args[argn].type, "Error")) {
            *wrapped = args[argn];
            break;
        }
        argn++;
        i = j;
    }
    return sw_buf_string(&b);
}

/* ---- os ----------------------------------------------------------------- */

int64_t sw_os_write(int64_t fd, SwSlice b)
{
    return sw_write((int)fd, b.ptr, b.len);
}

int64_t sw_os_write_string(int64_t fd, SwString s)
{
    return sw_write((int)fd, s.ptr, s.len);
}

SwSlice sw_os_args(void)
{
    SwSlice s = sw_slice_make(sizeof(SwString), sw_argc, sw_argc);
    SwString *v = s.ptr;
    for (int i = 0; i < sw_argc; i++) v[i] = (SwString){(const uint8_t *)sw_argv[i], (int64_t)strlen(sw_argv[i])};
    return s;
}

void sw_os_exit(int64_t code)
{
    sw_exit((int)code);
}

SwString sw_os_getenv(SwString key, bool *found)
{
    const char *v = getenv(sw_str_cstr(key));
    *found = v != NULL;
    if (!v) return (SwString){NULL, 0};
    return (SwString){(const uint8_t *)v, (int64_t)strlen(v)};
}

/* ---- unicode/utf8 --------------------------------------------------------- */

int64_t sw_utf8_rune_len(int32_t r)
{
    if (r < 0) return -1;
    if (r < 0x80) return 1;
    if (r < 0x800) return 2;
    if (r >= 0xD800 && r <= 0xDFFF) return -1;
    if (r < 0x10000) return 3;
    if (r <= SW_MAX_RUNE) return 4;
    return -1;
}

int64_t sw_utf8_rune_count_str(SwString s)
{
    return sw_utf8_count(s.ptr, s.len);
}

int64_t sw_utf8_rune_count(SwSlice b)
{
    return sw_utf8_count(b.ptr, b.len);
}

int32_t sw_utf8_decode_str(SwString s, int64_t *size)
{
    int32_t r;
    *size = sw_utf8_decode(s.ptr, s.len, &r);
    return r;
}

int32_t sw_utf8_decode_bytes(SwSlice b, int64_t *size)
{
    int32_t r;
    *size = sw_utf8_decode(b.ptr, b.len, &r);
    return r;
}

int32_t sw_utf8_decode_last_str(SwString s, int64_t *size)
{
    if (s.len == 0) {
        *size = 0;
        return SW_RUNE_ERROR;
    }
    int64_t end = s.len, start = end - 1;
    if (s.ptr[start] < 0x80) {
        *size = 1;
        return s.ptr[start];
    }
    int64_t lim = end - 4;
    if (lim < 0) lim = 0;
    for (start--; start >= lim; start--)
        if ((s.ptr[start] & 0xC0) != 0x80) break;
    if (start < 0) start = 0;
    int32_t r;
    int w = sw_utf8_decode(s.ptr + start, end - start, &r);
    if (start + w != end) {
        *size = 1;
        return SW_RUNE_ERROR;
    }
    *size = w;
    return r;
}

int64_t sw_utf8_encode_rune(SwSlice p, int32_t r)
{
    uint8_t tmp[4];
    int n = sw_utf8_encode(tmp, r);
    if (p.len < n) sw_panic_index(n - 1, p.len);
    memcpy(p.ptr, tmp, (size_t)n);
    return n;
}

bool sw_utf8_valid_str(SwString s)
{
    for (int64_t i = 0; i < s.len;) {
        int32_t r;
        int w = sw_utf8_decode(s.ptr + i, s.len - i, &r);
        if (r == SW_RUNE_ERROR && w == 1) return false;
        i += w;
    }
    return true;
}

bool sw_utf8_valid_rune(int32_t r)
{
    return (r >= 0 && r < 0xD800) || (r > 0xDFFF && r <= SW_MAX_RUNE);
}

/* ---- errors ------------------------------------------------------------- */

SwIface sw_errors_unwrap(SwIface err)
{
    const SwMethod *m = sw_find_method(err.type, "Unwrap");
    if (!m || !m->fn) return (SwIface){NULL, NULL};
    SwIface (*fn)(void *) = (SwIface(*)(void *))m->fn;
    return fn(err.data);
}

bool sw_errors_call_is(SwIface err, SwIface target)
{
    const SwMethod *m = sw_find_method(err.type, "Is");
    if (!m || !m->fn) return false;
    bool (*fn)(void *, SwIface) = (bool (*)(void *, SwIface))m->fn;
    return fn(err.data, target);
}
