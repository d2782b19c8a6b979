// SPDX-License-Identifier: MIT
/*
 * sw_str.c — strings, UTF-8 and slices: concatenation, conversions between
 * string, []byte and []rune, checked slicing, and append/grow following Go
 * 1.19's growslice policy and malloc size classes so that cap() prints what
 * Go prints.
 */
#include "sw_internal.h"

/* ---- UTF-8 -------------------------------------------------------------- */

int sw_utf8_encode(uint8_t *p, int32_t r)
{
    uint32_t c = (uint32_t)r;
    if (c < 0x80) {
        p[0] = (uint8_t)c;
        return 1;
    }
    if (c < 0x800) {
        p[0] = (uint8_t)(0xC0 | (c >> 6));
        p[1] = (uint8_t)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c > SW_MAX_RUNE || (c >= 0xD800 && c <= 0xDFFF)) c = SW_RUNE_ERROR;
    if (c < 0x10000) {
        p[0] = (uint8_t)(0xE0 | (c >> 12));
        p[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
        p[2] = (uint8_t)(0x80 | (c & 0x3F));
        return 3;
    }
    p[0] = (uint8_t)(0xF0 | (c >> 18));
    p[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
    p[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
    p[3] = (uint8_t)(0x80 | (c & 0x3F));
    return 4;
}

/* Go's utf8.DecodeRune: rejects overlong forms, surrogates and > U+10FFFF. */
int sw_utf8_decode(const uint8_t *p, int64_t n, int32_t *r)
{
    if (n < 1) {
        *r = SW_RUNE_ERROR;
        return 0;
    }
    uint8_t c0 = p[0];
    if (c0 < 0x80) {
        *r = c0;
        return 1;
    }
    *r = SW_RUNE_ERROR;
    if (c0 < 0xC2 || c0 > 0xF4) return 1;
    if (c0 < 0xE0) {
        if (n < 2 || (p[1] & 0xC0) != 0x80) return 1;
        *r = ((c0 & 0x1F) << 6) | (p[1] & 0x3F);
        return 2;
    }
    uint8_t lo = 0x80, hi = 0xBF;
    if (c0 == 0xE0) lo = 0xA0;
    else if (c0 == 0xED) hi = 0x9F;
    else if (c0 == 0xF0) lo = 0x90;
    else if (c0 == 0xF4) hi = 0x8F;
    if (n < 2 || p[1] < lo || p[1] > hi) return 1;
    if (c0 < 0xF0) {
        if (n < 3 || (p[2] & 0xC0) != 0x80) return 1;
        *r = ((c0 & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
        return 3;
    }
    if (n < 3 || (p[2] & 0xC0) != 0x80 || n < 4 || (p[3] & 0xC0) != 0x80) return 1;
    *r = ((c0 & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    return 4;
}

int64_t sw_utf8_count(const uint8_t *p, int64_t n)
{
    int64_t count = 0;
    for (int64_t i = 0; i < n; count++) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        int32_t r;
        i += sw_utf8_decode(p + i, n - i, &r);
    }
    return count;
}

/* ---- strings ------------------------------------------------------------ */

int sw_str_cmp(SwString a, SwString b)
{
    int64_t n = a.len < b.len ? a.len : b.len;
    int c = n ? memcmp(a.ptr, b.ptr, (size_t)n) : 0;
    if (c) return c;
    return a.len < b.len ? -1 : a.len > b.len;
}

SwString sw_str_concat(SwString a, SwString b)
{
    if (a.len == 0) return b;
    if (b.len == 0) return a;
    uint8_t *p = sw_alloc_noscan((size_t)(a.len + b.len));
    memcpy(p, a.ptr, (size_t)a.len);
    memcpy(p + a.len, b.ptr, (size_t)b.len);
    return (SwString){p, a.len + b.len};
}

SwString sw_str_concatn(const SwString *parts, int n)
{
    int64_t total = 0;
    int nonempty = 0, last = 0;
    for (int i = 0; i < n; i++)
        if (parts[i].len) {
            total += parts[i].len;
            nonempty++;
            last = i;
        }
    if (nonempty == 0) return (SwString){NULL, 0};
    if (nonempty == 1) return parts[last];
    uint8_t *p = sw_alloc_noscan((size_t)total), *q = p;
    for (int i = 0; i < n; i++) {
        if (parts[i].len) memcpy(q, parts[i].ptr, (size_t)parts[i].len);
        q += parts[i].len;
    }
    return (SwString){p, total};
}

SwString sw_str_slice(SwString s, int64_t lo, int64_t hi)
{
    if (hi < 0) hi = s.len;
    if ((uint64_t)hi > (uint64_t)s.len) sw_panic_slice(SW_BOUNDS_SLICE_ALEN, hi, s.len);
    if ((uint64_t)lo > (uint64_t)hi) sw_panic_slice(SW_BOUNDS_SLICE_B, lo, hi);
    return (SwString){s.ptr + lo, hi - lo};
}

SwString sw_str_from_bytes(SwSlice b)
{
    if (b.len == 0) return (SwString){NULL, 0};
    uint8_t *p = sw_alloc_noscan((size_t)b.len);
    memcpy(p, b.ptr, (size_t)b.len);
    return (SwString){p, b.len};
}

SwSlice sw_bytes_from_str(SwString s)
{
    if (s.len == 0) return sw_slice_make(1, 0, 0);   /* empty, not nil (Go) */
    /* cap == len: what Go gives for a constant string (other cases depend
     * on escape analysis) */
    uint8_t *p = sw_alloc_noscan((size_t)s.len);
    memcpy(p, s.ptr, (size_t)s.len);
    return (SwSlice){p, s.len, s.len};
}

SwString sw_str_from_rune(int64_t r)
{
    uint8_t *p = sw_alloc_noscan(4);
    if (r < 0 || r > SW_MAX_RUNE) r = SW_RUNE_ERROR;
    int n = sw_utf8_encode(p, (int32_t)r);
    return (SwString){p, n};
}

SwSlice sw_runes_from_str(SwString s)
{
    int64_t n = sw_utf8_count(s.ptr, s.len);
    if (n == 0) return sw_slice_make(4, 0, 0);       /* empty, not nil (Go) */
    int64_t cap = n;
    int32_t *p = sw_alloc_noscan((size_t)cap * 4);
    int64_t k = 0;
    for (int64_t i = 0; i < s.len;) i += sw_str_decode_rune(s, i, &p[k++]);
    return (SwSlice){p, n, cap};
}

SwString sw_str_from_runes(SwSlice r)
{
    const int32_t *rs = r.ptr;
    int64_t total = 0;
    uint8_t tmp[4];
    for (int64_t i = 0; i < r.len; i++) total += sw_utf8_encode(tmp, rs[i]);
    if (total == 0) return (SwString){NULL, 0};
    uint8_t *p = sw_alloc_noscan((size_t)total), *q = p;
    for (int64_t i = 0; i < r.len; i++) q += sw_utf8_encode(q, rs[i]);
    return (SwString){p, total};
}

int64_t sw_str_decode_rune(SwString s, int64_t i, int32_t *r)
{
    const uint8_t *p = s.ptr + i;
    if (*p < 0x80) {
        *r = *p;
        return 1;
    }
    return sw_utf8_decode(p, s.len - i, r);
}

char *sw_str_cstr(SwString s)
{
    char *p = sw_alloc_noscan((size_t)s.len + 1);
    if (s.len) memcpy(p, s.ptr, (size_t)s.len);
    p[s.len] = 0;
    return p;
}

/* ---- slices ------------------------------------------------------------- */

/* Go 1.19's malloc size classes (runtime/sizeclasses.go), bytes. */
static const uint16_t size_classes[] = {
    8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288,
    320, 352, 384, 416, 448, 480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408,
    1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096, 4864, 5376, 6144, 6528, 6784,
    6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072, 20480,
    21760, 24576, 27264, 28672, 32768,
};

/* runtime.roundupsize: the size malloc really hands out for `size` bytes. */
static int64_t roundupsize(int64_t size)
{
    if (size < 32768) {
        int lo = 0, hi = (int)(sizeof size_classes / sizeof size_classes[0]) - 1;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (size_classes[mid] >= size) hi = mid;
            else lo = mid + 1;
        }
        return size == 0 ? 0 : size_classes[lo];
    }
    return (size + 8191) & ~(int64_t)8191;
}

#define MAX_ALLOC (INT64_C(1) << 47)

/* Slices whose elements hold no pointers live in memory the collector does
 * not scan (GC_MALLOC_ATOMIC): the compiler calls the *_noscan entry points
 * for such element types, and an element smaller than a pointer cannot hold
 * one, so []byte appended to by the runtime itself is noscan too. */
static bool noscan_size(int64_t elemsize)
{
    return elemsize < (int64_t)sizeof(void *);
}

static SwSlice slice_make(int64_t elemsize, int64_t len, int64_t cap, bool noscan)
{
    if (len < 0 || (elemsize > 0 && len > MAX_ALLOC / elemsize)) sw_panic_makeslice_len();
    if (cap < len || (elemsize > 0 && cap > MAX_ALLOC / elemsize)) sw_panic_makeslice_cap();
    if (cap == 0 || elemsize == 0) {
        static uint64_t zerobase;
        return (SwSlice){&zerobase, len, cap};
    }
    size_t n = (size_t)(cap * elemsize);
    return (SwSlice){noscan ? sw_alloc_noscan(n) : sw_alloc(n), len, cap};
}

SwSlice sw_slice_make(int64_t elemsize, int64_t len, int64_t cap)
{
    return slice_make(elemsize, len, cap, noscan_size(elemsize));
}

SwSlice sw_slice_make_noscan(int64_t elemsize, int64_t len, int64_t cap)
{
    return slice_make(elemsize, len, cap, true);
}

static SwSlice slice_grow(SwSlice s, int64_t newlen, int64_t elemsize, bool noscan)
{
    /* newlen < len: the length overflowed int (Go checks cap < old.cap) */
    if (newlen < s.len) sw_panic_msg("runtime error: growslice: cap out of range");
    if (newlen <= s.cap) {
        s.len = newlen;
        return s;
    }
    if (elemsize == 0) {
        static uint64_t zerobase;
        return (SwSlice){&zerobase, newlen, newlen};
    }
    int64_t newcap = s.cap, doublecap = newcap + newcap;
    if (newlen > doublecap) {
        newcap = newlen;
    } else if (s.cap < 256) {
        newcap = doublecap;
    } else {
        while (0 < newcap && newcap < newlen) newcap += (newcap + 3 * 256) / 4;
        if (newcap <= 0) newcap = newlen;
    }
    if (newcap > MAX_ALLOC / elemsize) sw_panic_msg("runtime error: growslice: cap out of range");
    int64_t capmem = roundupsize(newcap * elemsize);
    newcap = capmem / elemsize;
    size_t used = (size_t)(s.len * elemsize);
    void *p;
    if (noscan) {
        /* only [len, cap) needs clearing: the old elements are copied over */
        p = sw_alloc_noscan_uncleared((size_t)capmem);
        memset((uint8_t *)p + used, 0, (size_t)capmem - used);
    } else {
        p = sw_alloc((size_t)capmem);
    }
    if (used) memcpy(p, s.ptr, used);
    return (SwSlice){p, newlen, newcap};
}

SwSlice sw_slice_grow(SwSlice s, int64_t newlen, int64_t elemsize)
{
    return slice_grow(s, newlen, elemsize, noscan_size(elemsize));
}

SwSlice sw_slice_grow_noscan(SwSlice s, int64_t newlen, int64_t elemsize)
{
    return slice_grow(s, newlen, elemsize, true);
}

static SwSlice slice_append(SwSlice s, const void *elems, int64_t n, int64_t elemsize, bool noscan)
{
    if (n <= 0) return s;
    int64_t old = s.len;
    s = slice_grow(s, old + n, elemsize, noscan);
    memmove((uint8_t *)s.ptr + old * elemsize, elems, (size_t)(n * elemsize));
    return s;
}

SwSlice sw_slice_append(SwSlice s, const void *elems, int64_t n, int64_t elemsize)
{
    return slice_append(s, elems, n, elemsize, noscan_size(elemsize));
}

SwSlice sw_slice_append_noscan(SwSlice s, const void *elems, int64_t n, int64_t elemsize)
{
    return slice_append(s, elems, n, elemsize, true);
}

int64_t sw_slice_copy(SwSlice dst, SwSlice src, int64_t elemsize)
{
    int64_t n = dst.len < src.len ? dst.len : src.len;
    if (n > 0 && dst.ptr != src.ptr) memmove(dst.ptr, src.ptr, (size_t)(n * elemsize));
    return n;
}
