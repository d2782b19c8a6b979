// SPDX-License-Identifier: MIT
/*
 * sw_json_decode.c — the C half of encoding/json, decoding side: Unmarshal
 * into any value a descriptor describes, following Go's decode.go: the input
 * is syntax-checked first (nothing is stored on a syntax error), then walked
 * recursively; type mismatches are recorded (the first one is returned, with
 * Go's Struct/Field context) and decoding goes on; errors from UnmarshalJSON
 * and UnmarshalText stop it.  Pointers are allocated on the way, maps made,
 * slices grown as reflect would grow them, and `any` targets receive
 * float64, string, bool, nil, []interface {} and map[string]interface {}
 * values built on the runtime's own descriptors (sw_json_types.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "sw_json.h"
#include "sw_lib.h"

typedef struct Dec {
    const uint8_t *p;
    int64_t n, i;
    SwSlice data;           /* the input as given (for UnmarshalJSON) */
    JsonErr *e;             /* the saved (first) error */
    const SwType *ctx_struct;
    SwString *stack;        /* errorContext.FieldStack */
    int nstack, capstack;
    bool top;               /* the next indirect starts at Unmarshal's own
                               argument, which is not settable */
} Dec;

typedef enum { DEC_OK, DEC_ABORT } DecStatus;

static bool is_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void skip_space(Dec *d)
{
    while (d->i < d->n && is_space(d->p[d->i])) d->i++;
}

/* reflect's Type.Name(): "main.Person" -> "Person", unnamed -> "" */
static SwString short_name(const SwType *t)
{
    if (!t || !t->named) return (SwString){0};
    const char *s = strrchr(t->name, '.');
    return sw_json_cstr(s ? s + 1 : t->name);
}

static void save_type_error(Dec *d, const char *value, SwString extra, const SwType *t, int64_t off)
{
    if (d->e->kind) return;
    d->e->kind = JE_TYPE;
    d->e->value = sw_str_concat(sw_json_cstr(value), extra);
    d->e->typ = sw_json_cstr(t->name);
    d->e->offset = off;
    if (d->ctx_struct || d->nstack > 0) {
        d->e->strct = short_name(d->ctx_struct);
        SwBuf b = {0};
        for (int i = 0; i < d->nstack; i++) {
            if (i) sw_buf_byte(&b, '.');
            sw_buf_str(&b, d->stack[i]);
        }
        d->e->field = sw_buf_string(&b);
    }
}

static void save_text_error(Dec *d, JsonErr *t)
{
    if (d->e->kind) return;
    *d->e = *t;
}

/* ---- skipping and literals (the input is valid JSON) -------------------- */

static int64_t literal_end(const uint8_t *p, int64_t n, int64_t i)
{
    if (p[i] == '"') {
        for (i++; i < n; i++) {
            if (p[i] == '\\') i++;
            else if (p[i] == '"') return i + 1;
        }
        return n;
    }
    while (i < n && (p[i] == '-' || p[i] == '+' || p[i] == '.' || (p[i] >= '0' && p[i] <= '9') ||
                     (p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z')))
        i++;
    return i;
}

static void skip_value(Dec *d)
{
    skip_space(d);
    int depth = 0;
    do {
        skip_space(d);
        uint8_t c = d->p[d->i];
        if (c == '{' || c == '[') {
            depth++;
            d->i++;
        } else if (c == '}' || c == ']') {
            depth--;
            d->i++;
        } else if (c == ',' || c == ':') {
            d->i++;
        } else {
            d->i = literal_end(d->p, d->n, d->i);
        }
    } while (depth > 0 && d->i < d->n);
}

static int getu4(const uint8_t *s, int64_t n)
{
    if (n < 6 || s[0] != '\\' || s[1] != 'u') return -1;
    int r = 0;
    for (int k = 2; k < 6; k++) {
        uint8_t c = s[k];
        int v;
        if (c >= '0' && c <= '9') v = c - '0';
        else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
        else return -1;
        r = r * 16 + v;
    }
    return r;
}

/* unquoteBytes of a string literal (with its quotes) */
static SwString unquote(const uint8_t *s, int64_t n)
{
    s++;
    n -= 2;
    int64_t i = 0;
    while (i < n && s[i] != '\\' && s[i] != '"' && s[i] >= 0x20 && s[i] < 0x80) i++;
    if (i == n) {
        uint8_t *c = sw_alloc_noscan((size_t)n + 1);
        memcpy(c, s, (size_t)n);
        return (SwString){c, n};
    }
    SwBuf b = {0};
    sw_buf_grow(&b, n + 8);
    sw_buf_write(&b, s, i);
    while (i < n) {
        uint8_t c = s[i];
        if (c == '\\') {
            uint8_t e = s[i + 1];
            switch (e) {
            case '"': case '\\': case '/': case '\'': sw_buf_byte(&b, e); i += 2; break;
            case 'b': sw_buf_byte(&b, '\b'); i += 2; break;
            case 'f': sw_buf_byte(&b, '\f'); i += 2; break;
            case 'n': sw_buf_byte(&b, '\n'); i += 2; break;
            case 'r': sw_buf_byte(&b, '\r'); i += 2; break;
            case 't': sw_buf_byte(&b, '\t'); i += 2; break;
            case 'u': {
                int r = getu4(s + i, n - i);
                i += 6;
                if (r >= 0xD800 && r < 0xE000) {
                    int r2 = getu4(s + i, n - i);
                    if (r < 0xDC00 && r2 >= 0xDC00 && r2 < 0xE000) {
                        i += 6;
                        sw_buf_rune(&b, 0x10000 + ((r - 0xD800) << 10) + (r2 - 0xDC00));
                        break;
                    }
                    r = SW_RUNE_ERROR;
                }
                sw_buf_rune(&b, r);
                break;
            }
            default: i += 2;
            }
        } else if (c < 0x80) {
            sw_buf_byte(&b, c);
            i++;
        } else {
            int32_t r;
            int w = sw_utf8_decode(s + i, n - i, &r);
            if (r == SW_RUNE_ERROR && w == 1) sw_buf_rune(&b, SW_RUNE_ERROR);
            else sw_buf_write(&b, s + i, w);
            i += w;
        }
    }
    return sw_buf_string(&b);
}

/* ---- base64 (StdEncoding.Decode) -------------------------------------- */

static int b64val(uint8_t c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/* returns -1 on success, else the CorruptInputError offset */
static int64_t b64_decode(SwString s, SwSlice *out)
{
    uint8_t *dst = sw_alloc_noscan((size_t)(s.len / 4 * 3 + 3));
    int64_t w = 0, i = 0;
    for (;;) {
        int vals[4];
        int got = 0;
        while (got < 4) {
            while (i < s.len && (s.ptr[i] == '\n' || s.ptr[i] == '\r')) i++;
            if (i >= s.len) {
                if (got == 0) goto done;
                return s.len - got;
            }
            uint8_t c = s.ptr[i];
            if (c == '=') {
                if (got < 2) return i;
                /* padding: "==" after two, "=" after three */
                int64_t j = i + 1;
                if (got == 2) {
                    while (j < s.len && (s.ptr[j] == '\n' || s.ptr[j] == '\r')) j++;
                    if (j >= s.len) return s.len;
                    if (s.ptr[j] != '=') return j - 1;
                    j++;
                }
                while (j < s.len && (s.ptr[j] == '\n' || s.ptr[j] == '\r')) j++;
                if (j < s.len) return j;
                uint32_t v = (uint32_t)vals[0] << 18 | (uint32_t)vals[1] << 12 | (got == 3 ? (uint32_t)vals[2] << 6 : 0);
                dst[w++] = (uint8_t)(v >> 16);
                if (got == 3) dst[w++] = (uint8_t)(v >> 8);
                goto done;
            }
            int v = b64val(c);
            if (v < 0) return i;
            vals[got++] = v;
            i++;
        }
        uint32_t v = (uint32_t)vals[0] << 18 | (uint32_t)vals[1] << 12 | (uint32_t)vals[2] << 6 | (uint32_t)vals[3];
        dst[w++] = (uint8_t)(v >> 16);
        dst[w++] = (uint8_t)(v >> 8);
        dst[w++] = (uint8_t)v;
    }
done:
    *out = (SwSlice){dst, w, w};
    return -1;
}

/* ---- indirect ------------------------------------------------------------- */

typedef struct Um {
    int kind;               /* 0 none, 1 UnmarshalJSON, 2 UnmarshalText */
    void (*fn)(void);
    void *data;
} Um;

static Um find_um(const SwType *t, void *data, bool decoding_null)
{
    const SwMethod *m = sw_find_method(t, "UnmarshalJSON");
    if (m) return (Um){1, m->fn, data};
    if (!decoding_null && (m = sw_find_method(t, "UnmarshalText"))) return (Um){2, m->fn, data};
    return (Um){0, NULL, NULL};
}

static Um indirect(Dec *d, const SwType **tp, void **pp, bool decoding_null)
{
    const SwType *t = *tp;
    void *p = *pp;
    bool settable = !d->top;
    d->top = false;
    if (t->kind != SW_K_POINTER && t->kind != SW_K_INTERFACE && t->named) {
        Um u = {0, NULL, NULL};
        if (t->ptrto) u = find_um(t->ptrto, p, decoding_null);
        if (!u.kind && t->nmethods) u = find_um(t, sw_type_direct(t) ? *(void **)p : p, decoding_null);
        if (u.kind) return u;
    }
    for (;;) {
        if (t->kind == SW_K_INTERFACE) {
            SwIface *iv = p;
            if (iv->type && iv->type->kind == SW_K_POINTER && iv->data &&
                (!decoding_null || iv->type->elem->kind == SW_K_POINTER)) {
                t = iv->type;
                p = &iv->data;
                settable = false;
                continue;
            }
        }
        if (t->kind != SW_K_POINTER) break;
        if (decoding_null && settable) break;
        void **slot = p;
        if (!*slot) *slot = sw_alloc((size_t)(t->elem->size ? t->elem->size : 1));
        if (t->nmethods) {
            Um u = find_um(t, *slot, decoding_null);
            if (u.kind) return u;
        }
        t = t->elem;
        p = *slot;
        settable = true;
    }
    *tp = t;
    *pp = p;
    return (Um){0, NULL, NULL};
}

static DecStatus call_um(Dec *d, Um u, const uint8_t *s, int64_t n)
{
    SwIface (*fn)(void *, SwSlice) = (SwIface(*)(void *, SwSlice))u.fn;
    SwSlice arg;
    if (u.kind == 2) {
        SwString us = unquote(s, n);
        arg = (SwSlice){(void *)us.ptr, us.len, us.len};
    } else {
        arg = (SwSlice){(void *)s, n, n};
    }
    SwIface err = fn(u.data, arg);
    if (err.type) {
        memset(d->e, 0, sizeof *d->e);
        d->e->kind = JE_ERROR;
        d->e->err = err;
        return DEC_ABORT;
    }
    return DEC_OK;
}

/* ---- values ---------------------------------------------------------------- */

static DecStatus dec_value(Dec *d, const SwType *t, void *p);
static SwIface value_interface(Dec *d);

static bool overflow_int(int k, int64_t v)
{
    switch (k) {
    case SW_K_INT8: return v < INT8_MIN || v > INT8_MAX;
    case SW_K_INT16: return v < INT16_MIN || v > INT16_MAX;
    case SW_K_INT32: return v < INT32_MIN || v > INT32_MAX;
    default: return false;
    }
}

static bool overflow_uint(int k, uint64_t v)
{
    switch (k) {
    case SW_K_UINT8: return v > UINT8_MAX;
    case SW_K_UINT16: return v > UINT16_MAX;
    case SW_K_UINT32: return v > UINT32_MAX;
    default: return false;
    }
}

static void store_int(int k, void *p, int64_t v)
{
    switch (k) {
    case SW_K_INT8: case SW_K_UINT8: *(int8_t *)p = (int8_t)v; break;
    case SW_K_INT16: case SW_K_UINT16: *(int16_t *)p = (int16_t)v; break;
    case SW_K_INT32: case SW_K_UINT32: *(int32_t *)p = (int32_t)v; break;
    default: *(int64_t *)p = v;
    }
}

static bool is_int_kind(int k)
{
    return k >= SW_K_INT && k <= SW_K_INT64;
}

static bool is_uint_kind(int k)
{
    return k >= SW_K_UINT && k <= SW_K_UINTPTR;
}

static SwString item_str(const uint8_t *s, int64_t n)
{
    return (SwString){s, n};
}

static DecStatus invalid_string_use(Dec *d, const uint8_t *item, int64_t n, const SwType *t, bool ret)
{
    SwBuf q = {0};
    sw_json_quote(&q, item, n);
    sw_buf_byte(&q, 0);
    JsonErr te;
    sw_json_text_error(&te, "json: invalid use of ,string struct tag, trying to unmarshal %s into %s", (char *)q.p,
                       t->name);
    if (ret) {
        *d->e = te;
        return DEC_ABORT;
    }
    save_text_error(d, &te);
    return DEC_OK;
}

/* literalStore: item is the literal's text (quotes included for strings) */
static DecStatus literal_store(Dec *d, const uint8_t *item, int64_t n, const SwType *t, void *p, bool from_quoted)
{
    if (n == 0) return invalid_string_use(d, item, n, t, false);
    bool is_null = item[0] == 'n';
    const SwType *t0 = t;
    Um u = indirect(d, &t, &p, is_null);
    if (u.kind == 1) return call_um(d, u, item, n);
    if (u.kind == 2) {
        if (item[0] != '"') {
            if (from_quoted) return invalid_string_use(d, item, n, t0, true);
            const char *val = item[0] == 'n' ? "null" : (item[0] == 't' || item[0] == 'f') ? "bool" : "number";
            save_type_error(d, val, (SwString){0}, t0, d->i);
            return DEC_OK;
        }
        return call_um(d, u, item, n);
    }
    uint8_t c = item[0];
    switch (c) {
    case 'n':
        if (from_quoted && !(n == 4 && memcmp(item, "null", 4) == 0))
            return invalid_string_use(d, item, n, t, false);
        switch (t->kind) {
        case SW_K_INTERFACE: case SW_K_POINTER: case SW_K_MAP: case SW_K_SLICE:
            memset(p, 0, (size_t)t->size);
        }
        return DEC_OK;
    case 't': case 'f': {
        bool v = c == 't';
        if (from_quoted && !(n == 4 && memcmp(item, "true", 4) == 0) && !(n == 5 && memcmp(item, "false", 5) == 0))
            return invalid_string_use(d, item, n, t, false);
        if (t->kind == SW_K_BOOL) {
            *(bool *)p = v;
        } else if (t->kind == SW_K_INTERFACE && t->nmethods == 0) {
            *(SwIface *)p = sw_box(&sw_type_bool, &v);
        } else if (from_quoted) {
            return invalid_string_use(d, item, n, t, true);
        } else {
            save_type_error(d, "bool", (SwString){0}, t, d->i);
        }
        return DEC_OK;
    }
    case '"': {
        SwString s = unquote(item, n);
        switch (t->kind) {
        case SW_K_SLICE:
            if (t->elem->kind != SW_K_UINT8) {
                save_type_error(d, "string", (SwString){0}, t, d->i);
                break;
            }
            {
                SwSlice out;
                int64_t bad = b64_decode(s, &out);
                if (bad >= 0) {
                    if (!d->e->kind) {
                        memset(d->e, 0, sizeof *d->e);
                        d->e->kind = JE_BASE64;
                        d->e->offset = bad;
                    }
                    break;
                }
                *(SwSlice *)p = out;
            }
            break;
        case SW_K_STRING: *(SwString *)p = s; break;
        case SW_K_INTERFACE:
            if (t->nmethods == 0) *(SwIface *)p = sw_box(&sw_type_string, &s);
            else save_type_error(d, "string", (SwString){0}, t, d->i);
            break;
        default:
            save_type_error(d, "string", (SwString){0}, t, d->i);
        }
        return DEC_OK;
    }
    default:
        break;
    }
    if (c != '-' && (c < '0' || c > '9')) return invalid_string_use(d, item, n, t, true);
    SwString s = item_str(item, n);
    int64_t err = 0;
    if (is_int_kind(t->kind)) {
        int64_t v = sw_strconv_parse_int(s, 10, 64, &err);
        if (err || overflow_int(t->kind, v)) save_type_error(d, "number ", s, t, d->i);
        else store_int(t->kind, p, v);
    } else if (is_uint_kind(t->kind)) {
        uint64_t v = sw_strconv_parse_uint(s, 10, 64, &err);
        if (err || overflow_uint(t->kind, v)) save_type_error(d, "number ", s, t, d->i);
        else store_int(t->kind, p, (int64_t)v);
    } else if (t->kind == SW_K_FLOAT32 || t->kind == SW_K_FLOAT64) {
        double v = sw_strconv_parse_float(s, t->kind == SW_K_FLOAT32 ? 32 : 64, &err);
        if (err) save_type_error(d, "number ", s, t, d->i);
        else if (t->kind == SW_K_FLOAT32) *(float *)p = (float)v;
        else *(double *)p = v;
    } else if (t->kind == SW_K_INTERFACE) {
        double v = sw_strconv_parse_float(s, 64, &err);
        if (err) {
            save_type_error(d, "number ", s, &sw_type_float64, d->i);
        } else if (t->nmethods != 0) {
            save_type_error(d, "number", (SwString){0}, t, d->i);
        } else {
            *(SwIface *)p = sw_box(&sw_type_float64, &v);
        }
    } else {
        if (from_quoted) return invalid_string_use(d, item, n, t, true);
        save_type_error(d, "number", (SwString){0}, t, d->i);
    }
    return DEC_OK;
}

/* ---- objects ------------------------------------------------------------------ */

static bool equal_fold(SwString a, SwString b)
{
    int64_t i = 0, j = 0;
    while (i < a.len && j < b.len) {
        int32_t r1, r2;
        if (a.ptr[i] < 0x80) r1 = a.ptr[i++];
        else i += sw_utf8_decode(a.ptr + i, a.len - i, &r1);
        if (b.ptr[j] < 0x80) r2 = b.ptr[j++];
        else j += sw_utf8_decode(b.ptr + j, b.len - j, &r2);
        if (r1 == r2) continue;
        if (r1 > r2) {
            int32_t t = r1;
            r1 = r2;
            r2 = t;
        }
        if (r2 < 0x80) {
            if (r1 >= 'A' && r1 <= 'Z' && r2 == r1 + 'a' - 'A') continue;
            return false;
        }
        int32_t r = sw_unicode_simplefold(r1);
        while (r != r1 && r < r2) r = sw_unicode_simplefold(r);
        if (r == r2) continue;
        return false;
    }
    return i == a.len && j == b.len;
}

static const JsonField *find_field(const JsonFields *fs, SwString key)
{
    for (int32_t i = 0; i < fs->n; i++)
        if (sw_str_eq(fs->v[i].name, key)) return &fs->v[i];
    for (int32_t i = 0; i < fs->n; i++)
        if (equal_fold(fs->v[i].name, key)) return &fs->v[i];
    return NULL;
}

static void push_field(Dec *d, SwString name)
{
    if (d->nstack == d->capstack) {
        d->capstack = d->capstack ? d->capstack * 2 : 8;
        SwString *ns = sw_alloc(sizeof(SwString) * (size_t)d->capstack);
        if (d->nstack) memcpy(ns, d->stack, sizeof(SwString) * (size_t)d->nstack);
        d->stack = ns;
    }
    d->stack[d->nstack++] = name;
}

/* reads `"key"` and the following `:`; returns the key's literal span */
static void read_key(Dec *d, int64_t *ks, int64_t *ke)
{
    skip_space(d);
    *ks = d->i;
    d->i = literal_end(d->p, d->n, d->i);
    *ke = d->i;
    skip_space(d);
    d->i++; /* ':' */
    skip_space(d);
}

/* after a member: consumes ',' and returns true, or '}' / ']' and false */
static bool next_member(Dec *d)
{
    skip_space(d);
    uint8_t c = d->p[d->i++];
    return c == ',';
}

static SwIface object_interface(Dec *d)
{
    SwMap *m = sw_map_make(&sw_type_string, &sw_type_any, 0);
    d->i++;
    skip_space(d);
    if (d->p[d->i] == '}') {
        d->i++;
    } else {
        do {
            int64_t ks, ke;
            read_key(d, &ks, &ke);
            SwString key = unquote(d->p + ks, ke - ks);
            SwIface v = value_interface(d);
            *(SwIface *)sw_map_set(m, &key) = v;
        } while (next_member(d));
    }
    return sw_box(&sw_type_map_string_any, &m);
}

static SwIface array_interface(Dec *d)
{
    SwSlice s = sw_slice_make(sizeof(SwIface), 0, 0);
    d->i++;
    skip_space(d);
    if (d->p[d->i] == ']') {
        d->i++;
    } else {
        do {
            SwIface v = value_interface(d);
            s = sw_slice_append(s, &v, 1, sizeof(SwIface));
        } while (next_member(d));
    }
    return sw_box(&sw_type_slice_any, &s);
}

static SwIface value_interface(Dec *d)
{
    skip_space(d);
    uint8_t c = d->p[d->i];
    if (c == '{') return object_interface(d);
    if (c == '[') return array_interface(d);
    int64_t start = d->i;
    d->i = literal_end(d->p, d->n, d->i);
    const uint8_t *item = d->p + start;
    int64_t n = d->i - start;
    switch (c) {
    case 'n': return (SwIface){0};
    case 't': case 'f': {
        bool v = c == 't';
        return sw_box(&sw_type_bool, &v);
    }
    case '"': {
        SwString s = unquote(item, n);
        return sw_box(&sw_type_string, &s);
    }
    default: {
        int64_t err = 0;
        double v = sw_strconv_parse_float(item_str(item, n), 64, &err);
        if (err) {
            save_type_error(d, "number ", item_str(item, n), &sw_type_float64, d->i + 1);
            return (SwIface){0};
        }
        return sw_box(&sw_type_float64, &v);
    }
    }
}

static bool key_kind_ok(const SwType *kt)
{
    if (kt->kind == SW_K_STRING || is_int_kind(kt->kind) || is_uint_kind(kt->kind)) return true;
    return kt->ptrto && sw_find_method(kt->ptrto, "UnmarshalText");
}

static DecStatus dec_object(Dec *d, const SwType *t, void *p)
{
    const SwType *t0 = t;
    Um u = indirect(d, &t, &p, false);
    if (u.kind == 1) {
        int64_t start = d->i;
        skip_value(d);
        return call_um(d, u, d->p + start, d->i - start);
    }
    if (u.kind == 2) {
        save_type_error(d, "object", (SwString){0}, t0, d->i + 1);
        skip_value(d);
        return DEC_OK;
    }
    if (t->kind == SW_K_INTERFACE && t->nmethods == 0) {
        *(SwIface *)p = object_interface(d);
        return DEC_OK;
    }
    const JsonFields *fs = NULL;
    if (t->kind == SW_K_MAP) {
        if (!key_kind_ok(t->key)) {
            save_type_error(d, "object", (SwString){0}, t, d->i + 1);
            skip_value(d);
            return DEC_OK;
        }
        if (!*(SwMap **)p) *(SwMap **)p = sw_map_make(t->key, t->elem, 0);
    } else if (t->kind == SW_K_STRUCT) {
        fs = sw_json_fields(t);
    } else {
        save_type_error(d, "object", (SwString){0}, t, d->i + 1);
        skip_value(d);
        return DEC_OK;
    }
    const SwType *orig_struct = d->ctx_struct;
    int orig_n = d->nstack;
    d->i++;
    skip_space(d);
    if (d->p[d->i] == '}') {
        d->i++;
        return DEC_OK;
    }
    do {
        int64_t ks, ke;
        read_key(d, &ks, &ke);
        SwString key = unquote(d->p + ks, ke - ks);
        DecStatus st = DEC_OK;
        if (t->kind == SW_K_MAP) {
            const SwType *et = t->elem;
            void *elem = sw_alloc((size_t)(et->size ? et->size : 1));
            st = dec_value(d, et, elem);
            if (st != DEC_OK) return st;
            const SwType *kt = t->key;
            void *kv = sw_alloc((size_t)(kt->size ? kt->size : 1));
            bool kok = true;
            const SwMethod *ktm = kt->ptrto ? sw_find_method(kt->ptrto, "UnmarshalText") : NULL;
            if (ktm) {
                SwIface (*fn)(void *, SwSlice) = (SwIface(*)(void *, SwSlice))ktm->fn;
                SwIface err = fn(kv, (SwSlice){(void *)key.ptr, key.len, key.len});
                if (err.type) {
                    memset(d->e, 0, sizeof *d->e);
                    d->e->kind = JE_ERROR;
                    d->e->err = err;
                    return DEC_ABORT;
                }
            } else if (kt->kind == SW_K_STRING) {
                *(SwString *)kv = key;
            } else if (is_int_kind(kt->kind)) {
                int64_t err = 0;
                int64_t v = sw_strconv_parse_int(key, 10, 64, &err);
                if (err || overflow_int(kt->kind, v)) {
                    save_type_error(d, "number ", key, kt, ks + 1);
                    kok = false;
                } else {
                    store_int(kt->kind, kv, v);
                }
            } else {
                int64_t err = 0;
                uint64_t v = sw_strconv_parse_uint(key, 10, 64, &err);
                if (err || overflow_uint(kt->kind, v)) {
                    save_type_error(d, "number ", key, kt, ks + 1);
                    kok = false;
                } else {
                    store_int(kt->kind, kv, (int64_t)v);
                }
            }
            if (kok) memcpy(sw_map_set(*(SwMap **)p, kv), elem, (size_t)et->size);
        } else {
            const JsonField *f = find_field(fs, key);
            if (!f) {
                skip_value(d);
            } else {
                const SwType *ft = t;
                uint8_t *fp = p;
                for (int32_t k = 0; k < f->nindex; k++) {
                    if (ft->kind == SW_K_POINTER) {
                        void **slot = (void **)fp;
                        if (!*slot) *slot = sw_alloc((size_t)(ft->elem->size ? ft->elem->size : 1));
                        fp = *slot;
                        ft = ft->elem;
                    }
                    const SwField *sf = &ft->fields[f->index[k]];
                    fp += sf->offset;
                    ft = sf->type;
                }
                push_field(d, f->name);
                d->ctx_struct = t;
                if (f->quoted) {
                    skip_space(d);
                    uint8_t c = d->p[d->i];
                    if (c == '{' || c == '[') {
                        skip_value(d);
                        JsonErr te;
                        sw_json_text_error(&te,
                                           "json: invalid use of ,string struct tag, trying to unmarshal "
                                           "unquoted value into %s", ft->name);
                        save_text_error(d, &te);
                    } else {
                        int64_t s0 = d->i;
                        d->i = literal_end(d->p, d->n, d->i);
                        if (c == 'n') {
                            st = literal_store(d, (const uint8_t *)"null", 4, ft, fp, false);
                        } else if (c == '"') {
                            SwString qs = unquote(d->p + s0, d->i - s0);
                            st = literal_store(d, qs.ptr, qs.len, ft, fp, true);
                        } else {
                            JsonErr te;
                            sw_json_text_error(&te,
                                               "json: invalid use of ,string struct tag, trying to unmarshal "
                                               "unquoted value into %s", ft->name);
                            save_text_error(d, &te);
                        }
                    }
                } else {
                    st = dec_value(d, ft, fp);
                }
                if (st != DEC_OK) return st;
            }
        }
        d->nstack = orig_n;
        d->ctx_struct = orig_struct;
    } while (next_member(d));
    return DEC_OK;
}

static DecStatus dec_array(Dec *d, const SwType *t, void *p)
{
    const SwType *t0 = t;
    Um u = indirect(d, &t, &p, false);
    if (u.kind == 1) {
        int64_t start = d->i;
        skip_value(d);
        return call_um(d, u, d->p + start, d->i - start);
    }
    if (u.kind == 2) {
        save_type_error(d, "array", (SwString){0}, t0, d->i + 1);
        skip_value(d);
        return DEC_OK;
    }
    if (t->kind == SW_K_INTERFACE && t->nmethods == 0) {
        *(SwIface *)p = array_interface(d);
        return DEC_OK;
    }
    if (t->kind != SW_K_ARRAY && t->kind != SW_K_SLICE) {
        save_type_error(d, "array", (SwString){0}, t, d->i + 1);
        skip_value(d);
        return DEC_OK;
    }
    const SwType *et = t->elem;
    int64_t es = et->size;
    SwSlice *sl = t->kind == SW_K_SLICE ? p : NULL;
    int64_t i = 0;
    d->i++;
    skip_space(d);
    if (d->p[d->i] == ']') {
        d->i++;
    } else {
        do {
            if (sl) {
                if (i >= sl->cap) {
                    int64_t nc = sl->cap + sl->cap / 2;
                    if (nc < 4) nc = 4;
                    void *np = sw_alloc((size_t)(nc * es > 0 ? nc * es : 1));
                    if (sl->len) memcpy(np, sl->ptr, (size_t)(sl->len * es));
                    sl->ptr = np;
                    sl->cap = nc;
                }
                if (i >= sl->len) sl->len = i + 1;
            }
            int64_t len = sl ? sl->len : t->len;
            DecStatus st;
            if (i < len) st = dec_value(d, et, (uint8_t *)(sl ? sl->ptr : p) + i * es);
            else st = dec_value(d, NULL, NULL);
            if (st != DEC_OK) return st;
            i++;
        } while (next_member(d));
    }
    if (sl) {
        if (i < sl->len) sl->len = i;
        if (i == 0) *sl = sw_slice_make(es, 0, 0);
    } else if (i < t->len) {
        memset((uint8_t *)p + i * es, 0, (size_t)((t->len - i) * es));
    }
    return DEC_OK;
}

static DecStatus dec_value(Dec *d, const SwType *t, void *p)
{
    skip_space(d);
    if (!t) {
        skip_value(d);
        return DEC_OK;
    }
    uint8_t c = d->p[d->i];
    if (c == '{') return dec_object(d, t, p);
    if (c == '[') return dec_array(d, t, p);
    int64_t start = d->i;
    d->i = literal_end(d->p, d->n, d->i);
    return literal_store(d, d->p + start, d->i - start, t, p, false);
}

void sw_json_unmarshal(SwSlice data, SwIface v, JsonErr *e)
{
    memset(e, 0, sizeof *e);
    if (!sw_json_check(data.ptr, data.len, e)) return;
    if (!v.type || v.type->kind != SW_K_POINTER || !v.data) {
        e->kind = JE_INVALID_UNMARSHAL;
        e->typ = v.type ? sw_json_cstr(v.type->name) : (SwString){0};
        e->offset = v.type && v.type->kind == SW_K_POINTER;
        return;
    }
    Dec d = {0};
    d.p = data.ptr;
    d.n = data.len;
    d.data = data;
    JsonErr saved = {0};
    d.e = &saved;
    /* d.value(rv): rv is the pointer itself, so indirect sees *T first */
    void *slot = v.data;
    d.top = true;
    DecStatus st = dec_value(&d, v.type, &slot);
    (void)st;
    *e = saved;
}
