// SPDX-License-Identifier: MIT
/*
 * sw_bytes.c — the C half of package bytes.  A []byte is viewed as a string
 * (same pointer and length) so the searching, trimming and case mapping of
 * rt/sw_strings.c serve both packages; results that Go returns as sub-slices
 * of the argument (TrimSpace, Trim, Fields) stay sub-slices here, and the
 * others are fresh copies, as in Go.
 */
#include "sw_internal.h"
#include "sw_lib.h"

static SwString view(SwSlice b)
{
    return (SwString){b.ptr, b.len};
}

/* A fresh []byte holding the bytes of s (cap == len, as make gives). */
static SwSlice copy_of(SwString s)
{
    SwSlice out = sw_slice_make(1, s.len, s.len);
    if (s.len) memcpy(out.ptr, s.ptr, (size_t)s.len);
    return out;
}

/* b[sub.ptr-b.ptr : +sub.len], keeping b's capacity beyond it. */
static SwSlice subslice(SwSlice b, SwString sub)
{
    int64_t lo = sub.len ? (const uint8_t *)sub.ptr - (const uint8_t *)b.ptr : 0;
    if (!b.ptr) return b;
    return (SwSlice){(uint8_t *)b.ptr + lo, sub.len, b.cap - lo};
}

int64_t sw_bytes_index(SwSlice s, SwSlice sep) { return sw_strings_index(view(s), view(sep)); }
int64_t sw_bytes_last_index(SwSlice s, SwSlice sep) { return sw_strings_last_index(view(s), view(sep)); }
int64_t sw_bytes_index_byte(SwSlice s, uint8_t c) { return sw_strings_index_byte(view(s), c); }
int64_t sw_bytes_last_index_byte(SwSlice s, uint8_t c) { return sw_strings_last_index_byte(view(s), c); }
int64_t sw_bytes_index_rune(SwSlice s, int32_t r) { return sw_strings_index_rune(view(s), r); }
int64_t sw_bytes_index_any(SwSlice s, SwString chars) { return sw_strings_index_any(view(s), chars); }
int64_t sw_bytes_last_index_any(SwSlice s, SwString chars) { return sw_strings_last_index_any(view(s), chars); }
int64_t sw_bytes_count(SwSlice s, SwSlice sep) { return sw_strings_count(view(s), view(sep)); }
bool sw_bytes_equal_fold(SwSlice s, SwSlice t) { return sw_strings_equal_fold(view(s), view(t)); }

/* which: 0 upper, 1 lower, 2 title (ToTitle), 3 Title */
SwSlice sw_bytes_map_case(SwSlice s, int64_t which)
{
    SwString v = view(s), r;
    switch (which) {
    case 0: r = sw_strings_to_upper(v); break;
    case 1: r = sw_strings_to_lower(v); break;
    case 2: r = sw_strings_to_title(v); break;
    default: r = sw_strings_title(v); break;
    }
    return copy_of(r);
}

SwSlice sw_bytes_trim_space(SwSlice s)
{
    SwString r = sw_strings_trim_space(view(s));
    if (r.len == 0) return (SwSlice){NULL, 0, 0};   /* Go returns nil */
    return subslice(s, r);
}

SwSlice sw_bytes_trim(SwSlice s, SwString cutset, int64_t sides)
{
    if (s.len == 0) return (SwSlice){NULL, 0, 0};
    SwString r = sw_strings_trim(view(s), cutset, sides);
    if (r.len == 0) return (SwSlice){NULL, 0, 0};
    return subslice(s, r);
}

/* Fields: sub-slices capped at their own length (s[start:i:i]). */
SwSlice sw_bytes_fields(SwSlice s)
{
    SwSlice fs = sw_strings_fields(view(s));
    SwSlice out = sw_slice_make(sizeof(SwSlice), fs.len, fs.len);
    const SwString *f = fs.ptr;
    SwSlice *o = out.ptr;
    for (int64_t i = 0; i < fs.len; i++) {
        o[i] = subslice(s, f[i]);
        o[i].cap = o[i].len;
    }
    return out;
}

SwSlice sw_bytes_repeat(SwSlice b, int64_t count)
{
    return copy_of(sw_strings_repeat(view(b), count));
}

SwSlice sw_bytes_replace(SwSlice s, SwSlice old, SwSlice new_, int64_t n)
{
    return copy_of(sw_strings_replace(view(s), view(old), view(new_), n));
}
