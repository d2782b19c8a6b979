// SPDX-License-Identifier: MIT
/*
 * sw_json.c — the C half of encoding/json, encoding side: the syntax checker
 * (Go's scanner, with its exact error texts and offsets), Go's typeFields
 * over struct descriptors, the encoder (Marshal) walking values through their
 * SwType descriptors, and Compact, Indent and Valid.  Decoding is in
 * sw_json_decode.c.
 *
 * Sw has no reflect package: every type a value can have here was described
 * by the compiler (rt/sw.h SwType), and the encoder follows Go's
 * encode.go case by case (MarshalJSON, MarshalText, pointer receivers only
 * when the value is addressable, omitempty, ",string", sorted map keys,
 * HTML-safe string escaping, 'f'/'e' float formats).  See doc/json.md.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "sw_json.h"
#include "sw_lib.h"

/* ---- errors ------------------------------------------------------------- */

static SwString buf_string_copy(const char *s)
{
    int64_t n = (int64_t)strlen(s);
    uint8_t *p = sw_alloc_noscan((size_t)n + 1);
    memcpy(p, s, (size_t)n);
    return (SwString){p, n};
}

void sw_json_text_error(JsonErr *e, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    memset(e, 0, sizeof *e);
    e->kind = JE_TEXT;
    e->msg = buf_string_copy(tmp);
}

void sw_json_quote(SwBuf *b, const uint8_t *s, int64_t n)
{
    sw_quote(b, s, n, '"', false);
}

/* ---- syntax check (Go's scanner) -------------------------------------- */

typedef struct Scan {
    const uint8_t *p;
    int64_t n, i;
    int depth;
    JsonErr *e;
} Scan;

/* quoteChar */
static void quote_char(SwBuf *b, uint8_t c)
{
    if (c == '\'') {
        sw_buf_cstr(b, "'\\''");
        return;
    }
    if (c == '"') {
        sw_buf_cstr(b, "'\"'");
        return;
    }
    uint8_t u[4];
    int w = sw_utf8_encode(u, c);
    SwBuf q = {0};
    sw_quote(&q, u, w, '"', false);
    sw_buf_byte(b, '\'');
    sw_buf_write(b, q.p + 1, q.len - 2);
    sw_buf_byte(b, '\'');
}

static bool bad_char(Scan *s, const char *context)
{
    SwBuf b = {0};
    sw_buf_cstr(&b, "invalid character ");
    quote_char(&b, s->p[s->i]);
    sw_buf_byte(&b, ' ');
    sw_buf_cstr(&b, context);
    memset(s->e, 0, sizeof *s->e);
    s->e->kind = JE_SYNTAX;
    s->e->msg = sw_buf_string(&b);
    s->e->offset = s->i + 1;
    return false;
}

/* Go's scanner.eof() feeds a space to the current state: states that
 * cannot take one report it (at offset len(data)) instead of the end. */
static bool eof_in(Scan *s, const char *context)
{
    s->i = s->n;
    memset(s->e, 0, sizeof *s->e);
    s->e->kind = JE_SYNTAX;
    s->e->msg = sw_str_concat(sw_json_cstr("invalid character ' ' "), sw_json_cstr(context));
    s->e->offset = s->n;
    return false;
}

static bool eof_err(Scan *s)
{
    memset(s->e, 0, sizeof *s->e);
    s->e->kind = JE_SYNTAX;
    s->e->msg = sw_json_cstr("unexpected end of JSON input");
    s->e->offset = s->n;
    return false;
}

static bool is_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void skip_space(Scan *s)
{
    while (s->i < s->n && is_space(s->p[s->i])) s->i++;
}

static bool is_hex(uint8_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool scan_string(Scan *s)
{
    s->i++;
    for (;;) {
        if (s->i >= s->n) return eof_err(s);
        uint8_t c = s->p[s->i];
        if (c == '"') {
            s->i++;
            return true;
        }
        if (c == '\\') {
            s->i++;
            if (s->i >= s->n) return eof_in(s, "in string escape code");
            c = s->p[s->i];
            if (c == 'u') {
                s->i++;
                for (int k = 0; k < 4; k++, s->i++) {
                    if (s->i >= s->n) return eof_in(s, "in \\u hexadecimal character escape");
                    if (!is_hex(s->p[s->i])) return bad_char(s, "in \\u hexadecimal character escape");
                }
                continue;
            }
            if (!strchr("\"\\/bfnrt", c) || c == 0) return bad_char(s, "in string escape code");
            s->i++;
            continue;
        }
        if (c < 0x20) return bad_char(s, "in string literal");
        s->i++;
    }
}

static bool is_digit(uint8_t c)
{
    return c >= '0' && c <= '9';
}

static bool scan_number(Scan *s)
{
    if (s->p[s->i] == '-') {
        s->i++;
        if (s->i >= s->n) return eof_in(s, "in numeric literal");
        if (!is_digit(s->p[s->i])) return bad_char(s, "in numeric literal");
    }
    if (s->p[s->i] == '0') s->i++;
    else
        while (s->i < s->n && is_digit(s->p[s->i])) s->i++;
    if (s->i < s->n && s->p[s->i] == '.') {
        s->i++;
        if (s->i >= s->n) return eof_in(s, "after decimal point in numeric literal");
        if (!is_digit(s->p[s->i])) return bad_char(s, "after decimal point in numeric literal");
        while (s->i < s->n && is_digit(s->p[s->i])) s->i++;
    }
    if (s->i < s->n && (s->p[s->i] == 'e' || s->p[s->i] == 'E')) {
        s->i++;
        if (s->i >= s->n) return eof_in(s, "in exponent of numeric literal");
        if (s->p[s->i] == '+' || s->p[s->i] == '-') {
            s->i++;
            if (s->i >= s->n) return eof_in(s, "in exponent of numeric literal");
        }
        if (!is_digit(s->p[s->i])) return bad_char(s, "in exponent of numeric literal");
        while (s->i < s->n && is_digit(s->p[s->i])) s->i++;
    }
    return true;
}

static bool scan_literal(Scan *s, const char *word)
{
    s->i++;
    for (const char *w = word + 1; *w; w++, s->i++) {
        if (s->i >= s->n || s->p[s->i] != (uint8_t)*w) {
            char ctx[64];
            snprintf(ctx, sizeof ctx, "in literal %s (expecting '%c')", word, *w);
            if (s->i >= s->n) return eof_in(s, ctx);
            return bad_char(s, ctx);
        }
    }
    return true;
}

static bool scan_value(Scan *s);

static bool scan_object(Scan *s)
{
    if (++s->depth > 10000) return bad_char(s, "exceeded max depth");
    s->i++;
    skip_space(s);
    if (s->i >= s->n) return eof_err(s);
    if (s->p[s->i] == '}') {
        s->i++;
        s->depth--;
        return true;
    }
    for (;;) {
        if (s->p[s->i] != '"') return bad_char(s, "looking for beginning of object key string");
        if (!scan_string(s)) return false;
        skip_space(s);
        if (s->i >= s->n) return eof_err(s);
        if (s->p[s->i] != ':') return bad_char(s, "after object key");
        s->i++;
        if (!scan_value(s)) return false;
        skip_space(s);
        if (s->i >= s->n) return eof_err(s);
        uint8_t c = s->p[s->i];
        if (c == '}') {
            s->i++;
            s->depth--;
            return true;
        }
        if (c != ',') return bad_char(s, "after object key:value pair");
        s->i++;
        skip_space(s);
        if (s->i >= s->n) return eof_err(s);
    }
}

static bool scan_array(Scan *s)
{
    if (++s->depth > 10000) return bad_char(s, "exceeded max depth");
    s->i++;
    skip_space(s);
    if (s->i >= s->n) return eof_err(s);
    if (s->p[s->i] == ']') {
        s->i++;
        s->depth--;
        return true;
    }
    for (;;) {
        if (!scan_value(s)) return false;
        skip_space(s);
        if (s->i >= s->n) return eof_err(s);
        uint8_t c = s->p[s->i];
        if (c == ']') {
            s->i++;
            s->depth--;
            return true;
        }
        if (c != ',') return bad_char(s, "after array element");
        s->i++;
    }
}

static bool scan_value(Scan *s)
{
    skip_space(s);
    if (s->i >= s->n) return eof_err(s);
    uint8_t c = s->p[s->i];
    switch (c) {
    case '{': return scan_object(s);
    case '[': return scan_array(s);
    case '"': return scan_string(s);
    case 't': return scan_literal(s, "true");
    case 'f': return scan_literal(s, "false");
    case 'n': return scan_literal(s, "null");
    default:
        if (c == '-' || is_digit(c)) return scan_number(s);
        return bad_char(s, "looking for beginning of value");
    }
}

bool sw_json_check(const uint8_t *p, int64_t n, JsonErr *e)
{
    Scan s = {p, n, 0, 0, e};
    if (!scan_value(&s)) return false;
    skip_space(&s);
    if (s.i < n) return bad_char(&s, "after top-level value");
    return true;
}

/* The end of the first value in p[i:n) (for Decoder), or -1 with e set. */
static int64_t scan_one(const uint8_t *p, int64_t n, int64_t i, JsonErr *e)
{
    Scan s = {p, n, i, 0, e};
    if (!scan_value(&s)) return -1;
    return s.i;
}

/* ---- struct fields (typeFields) ---------------------------------------- */

/* reflect.StructTag.Lookup(key) */
static bool tag_lookup(const char *tag, const char *key, SwString *out)
{
    if (!tag) return false;
    const uint8_t *t = (const uint8_t *)tag;
    int64_t n = (int64_t)strlen(tag), klen = (int64_t)strlen(key);
    while (n > 0) {
        int64_t i = 0;
        while (i < n && t[i] == ' ') i++;
        t += i;
        n -= i;
        if (n == 0) break;
        i = 0;
        while (i < n && t[i] > ' ' && t[i] != ':' && t[i] != '"' && t[i] != 0x7f) i++;
        if (i == 0 || i + 1 >= n || t[i] != ':' || t[i + 1] != '"') break;
        const uint8_t *name = t;
        int64_t namelen = i;
        t += i + 1;
        n -= i + 1;
        i = 1;
        while (i < n && t[i] != '"') {
            if (t[i] == '\\') i++;
            i++;
        }
        if (i >= n) break;
        SwString q = {t, i + 1};
        t += i + 1;
        n -= i + 1;
        if (namelen == klen && memcmp(name, key, (size_t)klen) == 0) {
            bool ok = false;
            SwString v = sw_strconv_unquote(q, &ok);
            if (!ok) return false;
            *out = v;
            return true;
        }
    }
    return false;
}

static bool is_valid_tag(SwString s)
{
    if (s.len == 0) return false;
    for (int64_t i = 0; i < s.len;) {
        int32_t r;
        i += sw_utf8_decode(s.ptr + i, s.len - i, &r);
        if (r < 0x80 && r && strchr("!#$%&()*+-./:;<=>?@[]^_{|}~ ", (int)r)) continue;
        if (!sw_unicode_isletter(r) && !sw_unicode_isdigit(r)) return false;
    }
    return true;
}

static bool has_opt(SwString opts, const char *name)
{
    int64_t nl = (int64_t)strlen(name);
    int64_t i = 0;
    while (i <= opts.len && opts.len > 0) {
        int64_t j = i;
        while (j < opts.len && opts.ptr[j] != ',') j++;
        if (j - i == nl && memcmp(opts.ptr + i, name, (size_t)nl) == 0) return true;
        i = j + 1;
        if (j >= opts.len) break;
    }
    return false;
}

static void enc_string(SwBuf *b, const uint8_t *s, int64_t n, bool html);

typedef struct Pending {
    const SwType *t;
    int32_t *index;
    int32_t nindex;
} Pending;

typedef struct FieldVec {
    JsonField *v;
    int32_t n, cap;
} FieldVec;

static void fv_push(FieldVec *f, JsonField x)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 8;
        JsonField *nv = sw_alloc(sizeof(JsonField) * (size_t)f->cap);
        if (f->n) memcpy(nv, f->v, sizeof(JsonField) * (size_t)f->n);
        f->v = nv;
    }
    f->v[f->n++] = x;
}

static int index_cmp(const JsonField *a, const JsonField *b)
{
    for (int32_t i = 0; i < a->nindex && i < b->nindex; i++)
        if (a->index[i] != b->index[i]) return a->index[i] < b->index[i] ? -1 : 1;
    return a->nindex < b->nindex ? -1 : a->nindex > b->nindex;
}

static int by_name_cmp(const void *pa, const void *pb)
{
    const JsonField *a = pa, *b = pb;
    int c = sw_str_cmp(a->name, b->name);
    if (c) return c;
    if (a->nindex != b->nindex) return a->nindex < b->nindex ? -1 : 1;
    if (a->tagged != b->tagged) return a->tagged ? -1 : 1;
    return index_cmp(a, b);
}

static int by_index_cmp(const void *pa, const void *pb)
{
    return index_cmp(pa, pb);
}

/* count of a type in a level list */
typedef struct TCount {
    const SwType **t;
    int *c;
    int n, cap;
} TCount;

static int *tc_slot(TCount *tc, const SwType *t)
{
    for (int i = 0; i < tc->n; i++)
        if (tc->t[i] == t) return &tc->c[i];
    if (tc->n == tc->cap) {
        tc->cap = tc->cap ? tc->cap * 2 : 8;
        tc->t = realloc(tc->t, sizeof(*tc->t) * (size_t)tc->cap);
        tc->c = realloc(tc->c, sizeof(*tc->c) * (size_t)tc->cap);
        if (!tc->t || !tc->c) abort();
    }
    tc->t[tc->n] = t;
    tc->c[tc->n] = 0;
    return &tc->c[tc->n++];
}

static JsonFields *type_fields(const SwType *t)
{
    FieldVec fields = {0};
    Pending *current = NULL, *next = malloc(sizeof(Pending));
    int ncur = 0, nnext = 1;
    next[0] = (Pending){t, NULL, 0};
    TCount count = {0}, nextcount = {0}, visited = {0};
    while (nnext > 0) {
        free(current);
        current = next;
        ncur = nnext;
        next = NULL;
        nnext = 0;
        free(count.t);
        free(count.c);
        count = nextcount;
        nextcount = (TCount){0};
        for (int ci = 0; ci < ncur; ci++) {
            Pending f = current[ci];
            int *vs = tc_slot(&visited, f.t);
            if (*vs) continue;
            *vs = 1;
            for (int32_t i = 0; i < f.t->nfields; i++) {
                const SwField *sf = &f.t->fields[i];
                if (sf->embedded) {
                    const SwType *et = sf->type;
                    if (et->kind == SW_K_POINTER) et = et->elem;
                    if (!sf->exported && et->kind != SW_K_STRUCT) continue;
                } else if (!sf->exported) {
                    continue;
                }
                SwString tag = {0};
                bool has = tag_lookup(sf->tag, "json", &tag);
                if (has && tag.len == 1 && tag.ptr[0] == '-') continue;
                SwString name = tag, opts = {0};
                for (int64_t k = 0; k < tag.len; k++)
                    if (tag.ptr[k] == ',') {
                        name = (SwString){tag.ptr, k};
                        opts = (SwString){tag.ptr + k + 1, tag.len - k - 1};
                        break;
                    }
                if (!is_valid_tag(name)) name = (SwString){0};
                int32_t *index = sw_alloc_noscan(sizeof(int32_t) * (size_t)(f.nindex + 1));
                if (f.nindex) memcpy(index, f.index, sizeof(int32_t) * (size_t)f.nindex);
                index[f.nindex] = i;
                const SwType *ft = sf->type;
                if (!ft->named && ft->kind == SW_K_POINTER) ft = ft->elem;
                bool quoted = false;
                if (has_opt(opts, "string")) {
                    switch (ft->kind) {
                    case SW_K_BOOL: case SW_K_INT: case SW_K_INT8: case SW_K_INT16: case SW_K_INT32:
                    case SW_K_INT64: case SW_K_UINT: case SW_K_UINT8: case SW_K_UINT16: case SW_K_UINT32:
                    case SW_K_UINT64: case SW_K_UINTPTR: case SW_K_FLOAT32: case SW_K_FLOAT64: case SW_K_STRING:
                        quoted = true;
                    }
                }
                if (name.len || !sf->embedded || ft->kind != SW_K_STRUCT) {
                    JsonField jf = {0};
                    jf.tagged = name.len > 0;
                    jf.name = name.len ? name : sw_json_cstr(sf->name);
                    jf.index = index;
                    jf.nindex = f.nindex + 1;
                    jf.type = sf->type;
                    jf.omitempty = has_opt(opts, "omitempty");
                    jf.quoted = quoted;
                    SwBuf b = {0};
                    enc_string(&b, jf.name.ptr, jf.name.len, true);
                    sw_buf_byte(&b, ':');
                    jf.enc_html = sw_buf_string(&b);
                    SwBuf b2 = {0};
                    enc_string(&b2, jf.name.ptr, jf.name.len, false);
                    sw_buf_byte(&b2, ':');
                    jf.enc_plain = sw_buf_string(&b2);
                    fv_push(&fields, jf);
                    if (*tc_slot(&count, f.t) > 1) fv_push(&fields, jf);
                    continue;
                }
                int *nc = tc_slot(&nextcount, ft);
                if (++*nc == 1) {
                    next = realloc(next, sizeof(Pending) * (size_t)(nnext + 1));
                    if (!next) abort();
                    next[nnext++] = (Pending){ft, index, f.nindex + 1};
                }
            }
        }
    }
    free(current);
    free(next);
    free(count.t);
    free(count.c);
    free(nextcount.t);
    free(nextcount.c);
    free(visited.t);
    free(visited.c);

    if (fields.n > 1) qsort(fields.v, (size_t)fields.n, sizeof(JsonField), by_name_cmp);
    FieldVec out = {0};
    for (int32_t i = 0, adv = 0; i < fields.n; i += adv) {
        for (adv = 1; i + adv < fields.n; adv++)
            if (!sw_str_eq(fields.v[i + adv].name, fields.v[i].name)) break;
        if (adv == 1) {
            fv_push(&out, fields.v[i]);
            continue;
        }
        JsonField *a = &fields.v[i], *b = &fields.v[i + 1];
        if (a->nindex == b->nindex && a->tagged == b->tagged) continue;
        fv_push(&out, *a);
    }
    if (out.n > 1) qsort(out.v, (size_t)out.n, sizeof(JsonField), by_index_cmp);
    JsonFields *r = sw_alloc(sizeof(JsonFields));
    r->v = out.v;
    r->n = out.n;
    return r;
}

/* cache: descriptor -> field list (open addressing, GC memory) */
static const SwType **fc_keys;
static JsonFields **fc_vals;
static int64_t fc_cap, fc_len;

const JsonFields *sw_json_fields(const SwType *t)
{
    if (fc_cap) {
        for (uint64_t h = ((uintptr_t)t >> 4) & (uint64_t)(fc_cap - 1);; h = (h + 1) & (uint64_t)(fc_cap - 1)) {
            if (fc_keys[h] == t) return fc_vals[h];
            if (!fc_keys[h]) break;
        }
    }
    JsonFields *f = type_fields(t);
    if (2 * (fc_len + 1) > fc_cap) {
        int64_t nc = fc_cap ? fc_cap * 2 : 64;
        const SwType **nk = sw_alloc(sizeof(*nk) * (size_t)nc);
        JsonFields **nv = sw_alloc(sizeof(*nv) * (size_t)nc);
        for (int64_t i = 0; i < fc_cap; i++) {
            if (!fc_keys[i]) continue;
            uint64_t h = ((uintptr_t)fc_keys[i] >> 4) & (uint64_t)(nc - 1);
            while (nk[h]) h = (h + 1) & (uint64_t)(nc - 1);
            nk[h] = fc_keys[i];
            nv[h] = fc_vals[i];
        }
        fc_keys = nk;
        fc_vals = nv;
        fc_cap = nc;
    }
    uint64_t h = ((uintptr_t)t >> 4) & (uint64_t)(fc_cap - 1);
    while (fc_keys[h]) h = (h + 1) & (uint64_t)(fc_cap - 1);
    fc_keys[h] = t;
    fc_vals[h] = f;
    fc_len++;
    return f;
}

/* ---- encoder -------------------------------------------------------------- */

static const char hexd[] = "0123456789abcdef";

static bool html_safe(uint8_t c, bool html)
{
    if (c < 0x20 || c == '"' || c == '\\') return false;
    if (html && (c == '<' || c == '>' || c == '&')) return false;
    return true;
}

/* encodeState.string */
static void enc_string(SwBuf *b, const uint8_t *s, int64_t n, bool html)
{
    sw_buf_byte(b, '"');
    int64_t start = 0;
    for (int64_t i = 0; i < n;) {
        uint8_t c = s[i];
        if (c < 0x80) {
            if (html_safe(c, html)) {
                i++;
                continue;
            }
            if (start < i) sw_buf_write(b, s + start, i - start);
            sw_buf_byte(b, '\\');
            switch (c) {
            case '\\': case '"': sw_buf_byte(b, c); break;
            case '\n': sw_buf_byte(b, 'n'); break;
            case '\r': sw_buf_byte(b, 'r'); break;
            case '\t': sw_buf_byte(b, 't'); break;
            default:
                sw_buf_cstr(b, "u00");
                sw_buf_byte(b, (uint8_t)hexd[c >> 4]);
                sw_buf_byte(b, (uint8_t)hexd[c & 0xF]);
            }
            i++;
            start = i;
            continue;
        }
        int32_t r;
        int w = sw_utf8_decode(s + i, n - i, &r);
        if (r == SW_RUNE_ERROR && w == 1) {
            if (start < i) sw_buf_write(b, s + start, i - start);
            sw_buf_cstr(b, "\\ufffd");
            i += w;
            start = i;
            continue;
        }
        if (r == 0x2028 || r == 0x2029) {
            if (start < i) sw_buf_write(b, s + start, i - start);
            sw_buf_cstr(b, "\\u202");
            sw_buf_byte(b, (uint8_t)hexd[r & 0xF]);
            i += w;
            start = i;
            continue;
        }
        i += w;
    }
    if (start < n) sw_buf_write(b, s + start, n - start);
    sw_buf_byte(b, '"');
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void enc_base64(SwBuf *b, const uint8_t *s, int64_t n)
{
    sw_buf_byte(b, '"');
    int64_t i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 | s[i + 2];
        sw_buf_byte(b, (uint8_t)b64[v >> 18]);
        sw_buf_byte(b, (uint8_t)b64[(v >> 12) & 63]);
        sw_buf_byte(b, (uint8_t)b64[(v >> 6) & 63]);
        sw_buf_byte(b, (uint8_t)b64[v & 63]);
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)s[i] << 16;
        sw_buf_byte(b, (uint8_t)b64[v >> 18]);
        sw_buf_byte(b, (uint8_t)b64[(v >> 12) & 63]);
        sw_buf_cstr(b, "==");
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8;
        sw_buf_byte(b, (uint8_t)b64[v >> 18]);
        sw_buf_byte(b, (uint8_t)b64[(v >> 12) & 63]);
        sw_buf_byte(b, (uint8_t)b64[(v >> 6) & 63]);
        sw_buf_byte(b, '=');
    }
    sw_buf_byte(b, '"');
}

typedef struct Enc {
    SwBuf b;
    bool html;
    JsonErr *e;
    int depth;
} Enc;

static bool enc_value(Enc *en, const SwType *t, const void *v, bool addr, bool quoted);

static bool unsupported_type(Enc *en, const SwType *t)
{
    memset(en->e, 0, sizeof *en->e);
    en->e->kind = JE_UNSUPPORTED_TYPE;
    en->e->typ = sw_json_cstr(t->name);
    return false;
}

static void *data_word(const SwType *t, const void *v)
{
    return sw_type_direct(t) ? *(void *const *)v : (void *)v;
}

/* compact (with escape) of validated JSON */
static void compact_into(SwBuf *b, const uint8_t *s, int64_t n, bool html)
{
    bool in_str = false;
    for (int64_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        if (html && (c == '<' || c == '>' || c == '&')) {
            sw_buf_cstr(b, "\\u00");
            sw_buf_byte(b, (uint8_t)hexd[c >> 4]);
            sw_buf_byte(b, (uint8_t)hexd[c & 0xF]);
            continue;
        }
        if (html && c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && (s[i + 2] & ~1) == 0xA8) {
            sw_buf_cstr(b, "\\u202");
            sw_buf_byte(b, (uint8_t)hexd[s[i + 2] & 0xF]);
            i += 2;
            continue;
        }
        if (in_str) {
            sw_buf_byte(b, c);
            if (c == '\\' && i + 1 < n) sw_buf_byte(b, s[++i]);
            else if (c == '"') in_str = false;
            continue;
        }
        if (is_space(c)) continue;
        if (c == '"') in_str = true;
        sw_buf_byte(b, c);
    }
}

/* Calls MarshalJSON (text=false) or MarshalText on `data` and writes the
 * result; vt is the value's type for MarshalerError. */
static bool call_marshaler(Enc *en, const SwMethod *m, void *data, const SwType *vt, bool text)
{
    JsonBytesErr (*fn)(void *) = (JsonBytesErr(*)(void *))m->fn;
    JsonBytesErr r = fn(data);
    const char *src = text ? "MarshalText" : "MarshalJSON";
    if (r.err.type) {
        memset(en->e, 0, sizeof *en->e);
        en->e->kind = JE_MARSHALER;
        en->e->typ = sw_json_cstr(vt->name);
        en->e->value = sw_json_cstr(src);
        en->e->err = r.err;
        return false;
    }
    if (text) {
        enc_string(&en->b, r.b.ptr, r.b.len, en->html);
        return true;
    }
    JsonErr se = {0};
    if (!sw_json_check(r.b.ptr, r.b.len, &se)) {
        memset(en->e, 0, sizeof *en->e);
        en->e->kind = JE_MARSHALER;
        en->e->typ = sw_json_cstr(vt->name);
        en->e->value = sw_json_cstr(src);
        en->e->msg = se.msg;
        en->e->offset = se.offset;
        return false;
    }
    compact_into(&en->b, r.b.ptr, r.b.len, en->html);
    return true;
}

static bool is_empty_value(const SwType *t, const void *v)
{
    switch (t->kind) {
    case SW_K_ARRAY: return t->len == 0;
    case SW_K_MAP: return sw_map_len(*(SwMap *const *)v) == 0;
    case SW_K_SLICE: return ((const SwSlice *)v)->len == 0;
    case SW_K_STRING: return ((const SwString *)v)->len == 0;
    case SW_K_BOOL: return !*(const bool *)v;
    case SW_K_INT: case SW_K_INT64: case SW_K_UINT: case SW_K_UINT64: case SW_K_UINTPTR:
        return *(const int64_t *)v == 0;
    case SW_K_INT32: case SW_K_UINT32: return *(const int32_t *)v == 0;
    case SW_K_INT16: case SW_K_UINT16: return *(const int16_t *)v == 0;
    case SW_K_INT8: case SW_K_UINT8: return *(const int8_t *)v == 0;
    case SW_K_FLOAT32: return *(const float *)v == 0;
    case SW_K_FLOAT64: return *(const double *)v == 0;
    case SW_K_INTERFACE: return ((const SwIface *)v)->type == NULL;
    case SW_K_POINTER: return *(void *const *)v == NULL;
    default: return false;
    }
}

static void enc_int(SwBuf *b, const SwType *t, const void *v)
{
    int64_t x;
    switch (t->kind) {
    case SW_K_INT8: x = *(const int8_t *)v; break;
    case SW_K_INT16: x = *(const int16_t *)v; break;
    case SW_K_INT32: x = *(const int32_t *)v; break;
    case SW_K_INT: case SW_K_INT64: x = *(const int64_t *)v; break;
    case SW_K_UINT8: sw_format_int(b, *(const uint8_t *)v, false, 10); return;
    case SW_K_UINT16: sw_format_int(b, *(const uint16_t *)v, false, 10); return;
    case SW_K_UINT32: sw_format_int(b, *(const uint32_t *)v, false, 10); return;
    default: sw_format_int(b, *(const uint64_t *)v, false, 10); return;
    }
    sw_format_int(b, x < 0 ? -(uint64_t)x : (uint64_t)x, x < 0, 10);
}

static bool enc_float(Enc *en, double f, int bits, bool quoted)
{
    if (isnan(f) || isinf(f)) {
        SwBuf s = {0};
        sw_format_float(&s, f, 'g', -1, bits);
        memset(en->e, 0, sizeof *en->e);
        en->e->kind = JE_UNSUPPORTED_VALUE;
        en->e->msg = sw_buf_string(&s);
        return false;
    }
    SwBuf *b = &en->b;
    if (quoted) sw_buf_byte(b, '"');
    double a = fabs(f);
    int fmt = 'f';
    if (a != 0) {
        if (bits == 64 && (a < 1e-6 || a >= 1e21)) fmt = 'e';
        if (bits == 32 && ((float)a < 1e-6f || (float)a >= 1e21f)) fmt = 'e';
    }
    int64_t start = b->len;
    sw_format_float(b, f, fmt, -1, bits);
    if (fmt == 'e') {
        int64_t n = b->len - start;
        uint8_t *p = b->p + start;
        if (n >= 4 && p[n - 4] == 'e' && p[n - 3] == '-' && p[n - 2] == '0') {
            p[n - 2] = p[n - 1];
            b->len--;
        }
    }
    if (quoted) sw_buf_byte(b, '"');
    return true;
}

typedef struct KeyVal {
    SwString ks;
    const void *val;
} KeyVal;

static int kv_cmp(const void *a, const void *b)
{
    return sw_str_cmp(((const KeyVal *)a)->ks, ((const KeyVal *)b)->ks);
}

static bool is_int_kind(int k)
{
    return (k >= SW_K_INT && k <= SW_K_UINTPTR);
}

static bool enc_map(Enc *en, const SwType *t, const void *v)
{
    const SwType *kt = t->key;
    const SwMethod *ktm = NULL;
    if (kt->kind != SW_K_STRING && !is_int_kind(kt->kind)) {
        ktm = kt->kind != SW_K_INTERFACE ? sw_find_method(kt, "MarshalText") : NULL;
        if (!ktm) return unsupported_type(en, t);
    } else if (kt->kind != SW_K_STRING && kt->kind != SW_K_INTERFACE) {
        ktm = sw_find_method(kt, "MarshalText");
    }
    SwMap *m = *(SwMap *const *)v;
    if (!m) {
        sw_buf_cstr(&en->b, "null");
        return true;
    }
    int64_t n = sw_map_len(m), k = 0;
    KeyVal *kv = n ? sw_alloc(sizeof(KeyVal) * (size_t)n) : NULL;
    SwMapIter it;
    sw_map_iter_init(m, &it);
    while (k < n && sw_map_iter_next(&it)) {
        if (kt->kind == SW_K_STRING) {
            kv[k].ks = *(const SwString *)it.key;
        } else if (ktm) {
            if (kt->kind == SW_K_POINTER && !*(void **)it.key) {
                kv[k].ks = (SwString){0};
            } else {
                JsonBytesErr r = ((JsonBytesErr(*)(void *))ktm->fn)(data_word(kt, it.key));
                if (r.err.type) {
                    SwString (*errfn)(void *) = NULL;
                    const SwMethod *em = sw_find_method(r.err.type, "Error");
                    if (em) errfn = (SwString(*)(void *))em->fn;
                    SwString es = errfn ? errfn(r.err.data) : (SwString){0};
                    SwBuf q1 = {0}, q2 = {0};
                    sw_json_quote(&q1, (const uint8_t *)kt->name, (int64_t)strlen(kt->name));
                    sw_json_quote(&q2, es.ptr, es.len);
                    sw_buf_byte(&q2, 0);
                    sw_buf_byte(&q1, 0);
                    sw_json_text_error(en->e, "json: encoding error for type %s: %s", (char *)q1.p, (char *)q2.p);
                    return false;
                }
                kv[k].ks = (SwString){r.b.ptr, r.b.len};
            }
        } else {
            SwBuf kb = {0};
            enc_int(&kb, kt, it.key);
            kv[k].ks = sw_buf_string(&kb);
        }
        kv[k].val = it.val;
        k++;
    }
    if (k > 1) qsort(kv, (size_t)k, sizeof(KeyVal), kv_cmp);
    sw_buf_byte(&en->b, '{');
    for (int64_t i = 0; i < k; i++) {
        if (i > 0) sw_buf_byte(&en->b, ',');
        enc_string(&en->b, kv[i].ks.ptr, kv[i].ks.len, en->html);
        sw_buf_byte(&en->b, ':');
        if (!enc_value(en, t->elem, kv[i].val, false, false)) return false;
    }
    sw_buf_byte(&en->b, '}');
    return true;
}

static bool enc_struct(Enc *en, const SwType *t, const void *v, bool addr)
{
    const JsonFields *fs = sw_json_fields(t);
    uint8_t next = '{';
    for (int32_t i = 0; i < fs->n; i++) {
        const JsonField *f = &fs->v[i];
        const uint8_t *fv = v;
        const SwType *ft = t;
        bool faddr = addr;
        bool skip = false;
        for (int32_t k = 0; k < f->nindex; k++) {
            if (ft->kind == SW_K_POINTER) {
                const void *p = *(const void *const *)fv;
                if (!p) {
                    skip = true;
                    break;
                }
                fv = p;
                ft = ft->elem;
                faddr = true;
            }
            const SwField *sf = &ft->fields[f->index[k]];
            fv += sf->offset;
            ft = sf->type;
        }
        if (skip) continue;
        if (f->omitempty && is_empty_value(ft, fv)) continue;
        sw_buf_byte(&en->b, next);
        next = ',';
        sw_buf_str(&en->b, en->html ? f->enc_html : f->enc_plain);
        if (!enc_value(en, ft, fv, faddr, f->quoted)) return false;
    }
    if (next == '{') sw_buf_cstr(&en->b, "{}");
    else sw_buf_byte(&en->b, '}');
    return true;
}

static bool enc_value(Enc *en, const SwType *t, const void *v, bool addr, bool quoted)
{
    SwBuf *b = &en->b;
    if (++en->depth > 1000) {
        memset(en->e, 0, sizeof *en->e);
        en->e->kind = JE_UNSUPPORTED_VALUE;
        en->e->msg = sw_json_cstr("encountered a cycle via ");
        en->e->msg = sw_str_concat(en->e->msg, sw_json_cstr(t->name));
        return false;
    }
    bool ok = true;
    if (t->kind != SW_K_INTERFACE) {
        const SwMethod *m;
        if (t->kind != SW_K_POINTER && addr && t->ptrto && (m = sw_find_method(t->ptrto, "MarshalJSON"))) {
            ok = call_marshaler(en, m, (void *)v, t, false);
            goto done;
        }
        if ((m = sw_find_method(t, "MarshalJSON"))) {
            if (t->kind == SW_K_POINTER && !*(void *const *)v) sw_buf_cstr(b, "null");
            else ok = call_marshaler(en, m, data_word(t, v), t, false);
            goto done;
        }
        if (t->kind != SW_K_POINTER && addr && t->ptrto && (m = sw_find_method(t->ptrto, "MarshalText"))) {
            ok = call_marshaler(en, m, (void *)v, t, true);
            goto done;
        }
        if ((m = sw_find_method(t, "MarshalText"))) {
            if (t->kind == SW_K_POINTER && !*(void *const *)v) sw_buf_cstr(b, "null");
            else ok = call_marshaler(en, m, data_word(t, v), t, true);
            goto done;
        }
    }
    switch (t->kind) {
    case SW_K_BOOL:
        if (quoted) sw_buf_byte(b, '"');
        sw_buf_cstr(b, *(const bool *)v ? "true" : "false");
        if (quoted) sw_buf_byte(b, '"');
        break;
    case SW_K_INT: case SW_K_INT8: case SW_K_INT16: case SW_K_INT32: case SW_K_INT64:
    case SW_K_UINT: case SW_K_UINT8: case SW_K_UINT16: case SW_K_UINT32: case SW_K_UINT64: case SW_K_UINTPTR:
        if (quoted) sw_buf_byte(b, '"');
        enc_int(b, t, v);
        if (quoted) sw_buf_byte(b, '"');
        break;
    case SW_K_FLOAT32: ok = enc_float(en, *(const float *)v, 32, quoted); break;
    case SW_K_FLOAT64: ok = enc_float(en, *(const double *)v, 64, quoted); break;
    case SW_K_STRING: {
        const SwString *s = v;
        if (quoted) {
            SwBuf inner = {0};
            enc_string(&inner, s->ptr, s->len, en->html);
            enc_string(b, inner.p, inner.len, false);
        } else {
            enc_string(b, s->ptr, s->len, en->html);
        }
        break;
    }
    case SW_K_STRUCT: ok = enc_struct(en, t, v, addr); break;
    case SW_K_MAP: ok = enc_map(en, t, v); break;
    case SW_K_SLICE: {
        const SwSlice *s = v;
        const SwType *et = t->elem;
        if (et->kind == SW_K_UINT8 &&
            !(et->ptrto && (sw_find_method(et->ptrto, "MarshalJSON") || sw_find_method(et->ptrto, "MarshalText"))) &&
            !sw_find_method(et, "MarshalJSON") && !sw_find_method(et, "MarshalText")) {
            if (!s->ptr) sw_buf_cstr(b, "null");
            else enc_base64(b, s->ptr, s->len);
            break;
        }
        if (!s->ptr) {
            sw_buf_cstr(b, "null");
            break;
        }
        sw_buf_byte(b, '[');
        for (int64_t i = 0; i < s->len && ok; i++) {
            if (i > 0) sw_buf_byte(b, ',');
            ok = enc_value(en, et, (const uint8_t *)s->ptr + i * et->size, true, false);
        }
        sw_buf_byte(b, ']');
        break;
    }
    case SW_K_ARRAY:
        sw_buf_byte(b, '[');
        for (int64_t i = 0; i < t->len && ok; i++) {
            if (i > 0) sw_buf_byte(b, ',');
            ok = enc_value(en, t->elem, (const uint8_t *)v + i * t->elem->size, addr, false);
        }
        sw_buf_byte(b, ']');
        break;
    case SW_K_POINTER: {
        const void *p = *(const void *const *)v;
        if (!p) sw_buf_cstr(b, "null");
        else ok = enc_value(en, t->elem, p, true, quoted);
        break;
    }
    case SW_K_INTERFACE: {
        const SwIface *iv = v;
        if (!iv->type) sw_buf_cstr(b, "null");
        else ok = enc_value(en, iv->type, sw_iface_ptr(iv), false, false);
        break;
    }
    default:
        ok = unsupported_type(en, t);
    }
done:
    en->depth--;
    return ok;
}

SwSlice sw_json_marshal(SwIface v, bool html, JsonErr *e)
{
    Enc en = {{0}, html, e, 0};
    memset(e, 0, sizeof *e);
    bool ok = true;
    if (!v.type) sw_buf_cstr(&en.b, "null");
    else ok = enc_value(&en, v.type, sw_iface_ptr(&v), false, false);
    if (!ok) return (SwSlice){0};
    if (!en.b.p) return sw_slice_make(1, 0, 0);
    return (SwSlice){en.b.p, en.b.len, en.b.cap};
}

/* ---- Compact, Indent, Valid -------------------------------------------- */

SwSlice sw_json_compact(SwSlice src, bool html, JsonErr *e)
{
    memset(e, 0, sizeof *e);
    if (!sw_json_check(src.ptr, src.len, e)) return (SwSlice){0};
    SwBuf b = {0};
    compact_into(&b, src.ptr, src.len, html);
    if (!b.p) return sw_slice_make(1, 0, 0);
    return (SwSlice){b.p, b.len, b.cap};
}

static void newline(SwBuf *b, SwString prefix, SwString indent, int64_t depth)
{
    sw_buf_byte(b, '\n');
    sw_buf_str(b, prefix);
    for (int64_t i = 0; i < depth; i++) sw_buf_str(b, indent);
}

SwSlice sw_json_indent(SwSlice src, SwString prefix, SwString indent, JsonErr *e)
{
    memset(e, 0, sizeof *e);
    if (!sw_json_check(src.ptr, src.len, e)) return (SwSlice){0};
    const uint8_t *s = src.ptr;
    int64_t n = src.len, depth = 0;
    bool need = false, in_str = false;
    SwBuf b = {0};
    sw_buf_grow(&b, n + n / 4 + 16);
    /* spaces after the value are copied as they are (Go's stateEndTop) */
    int64_t lead = 0;
    while (lead < n && is_space(s[lead])) lead++;
    int64_t end = scan_one(s, n, lead, e);
    for (int64_t i = lead; i < end; i++) {
        uint8_t c = s[i];
        if (in_str) {
            sw_buf_byte(&b, c);
            if (c == '\\' && i + 1 < n) sw_buf_byte(&b, s[++i]);
            else if (c == '"') in_str = false;
            continue;
        }
        if (is_space(c)) continue;
        if (need && c != '}' && c != ']') {
            need = false;
            depth++;
            newline(&b, prefix, indent, depth);
        }
        switch (c) {
        case '{': case '[':
            need = true;
            sw_buf_byte(&b, c);
            break;
        case ',':
            sw_buf_byte(&b, c);
            newline(&b, prefix, indent, depth);
            break;
        case ':':
            sw_buf_byte(&b, c);
            sw_buf_byte(&b, ' ');
            break;
        case '}': case ']':
            if (need) {
                need = false;
            } else {
                depth--;
                newline(&b, prefix, indent, depth);
            }
            sw_buf_byte(&b, c);
            break;
        case '"':
            in_str = true;
            sw_buf_byte(&b, c);
            break;
        default:
            sw_buf_byte(&b, c);
        }
    }
    sw_buf_write(&b, s + end, n - end);
    return (SwSlice){b.p, b.len, b.cap};
}

bool sw_json_valid(SwSlice data)
{
    JsonErr e;
    return sw_json_check(data.ptr, data.len, &e);
}

/* Decoder support: the end offset of the value starting at or after `from`
 * (whitespace skipped), -1 with e set on a syntax error, -2 at end of input. */
int64_t sw_json_next_value(SwSlice data, int64_t from, JsonErr *e)
{
    memset(e, 0, sizeof *e);
    const uint8_t *p = data.ptr;
    while (from < data.len && is_space(p[from])) from++;
    if (from >= data.len) return -2;
    return scan_one(p, data.len, from, e);
}
