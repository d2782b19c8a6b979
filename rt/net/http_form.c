// SPDX-License-Identifier: MIT
/*
 * http_form.c — percent decoding, path cleaning, urlencoded forms, Cookie
 * fields and multipart/form-data bodies (API: http_form.h).
 *
 * Lenient where browsers and PHP are (a malformed %XX in a form is kept as
 * written, a cookie without '=' is a name with an empty value), strict where
 * a wrong guess is dangerous: a path with a bad escape, a NUL byte or a ".."
 * above the root is refused, and a multipart body that does not close
 * properly is an error rather than a silently shortened upload.
 */
#define _GNU_SOURCE
#include <string.h>

#include "http_form.h"

static int hexval(unsigned char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    ch |= 0x20;
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    return -1;
}

size_t http_pct_decode(const char *src, size_t n, char *dst, int plus)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = src[i];
        int h, l;
        if (c == '%' && i + 2 < n &&
            (h = hexval((unsigned char)src[i + 1])) >= 0 && (l = hexval((unsigned char)src[i + 2])) >= 0) {
            dst[o++] = (char)(h << 4 | l);
            i += 2;
        } else if (c == '+' && plus) {
            dst[o++] = ' ';
        } else {
            dst[o++] = c;
        }
    }
    return o;
}

long http_path_decode(const char *src, size_t n, char *dst)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = src[i];
        if (c == '%') {
            int h, l;
            if (i + 2 >= n)
                return -1;
            if ((h = hexval((unsigned char)src[i + 1])) < 0 || (l = hexval((unsigned char)src[i + 2])) < 0)
                return -1;
            c = (char)(h << 4 | l);
            if (c == 0)
                return -1;
            i += 2;
        } else if (c == 0) {
            return -1;
        }
        dst[o++] = c;
    }
    return (long)o;
}

long http_path_clean(char *p, size_t n)
{
    if (n == 0 || p[0] != '/')
        return -1;
    size_t r = 0, w = 0;
    int dir = 0; /* the path ends with a directory: keep a trailing '/' */
    while (r < n) {
        while (r < n && p[r] == '/')
            r++;
        size_t s = r;
        while (r < n && p[r] != '/')
            r++;
        size_t len = r - s;
        dir = 1;
        if (len == 0 || (len == 1 && p[s] == '.'))
            continue;
        if (len == 2 && p[s] == '.' && p[s + 1] == '.') {
            if (w == 0)
                return -1;
            while (w > 0 && p[--w] != '/')
                ;
            continue;
        }
        dir = r < n;
        p[w++] = '/';
        memmove(p + w, p + s, len);
        w += len;
    }
    if (dir || w == 0)
        p[w++] = '/';
    return (long)w;
}

int http_urlencoded_parse(const char *src, size_t n, char *dst, HttpKV *kv, int max)
{
    size_t i = 0, o = 0;
    int count = 0;
    while (i < n) {
        size_t s = i;
        while (i < n && src[i] != '&')
            i++;
        size_t e = i++;
        if (e == s)
            continue;
        const char *eq = memchr(src + s, '=', e - s);
        size_t ke = eq ? (size_t)(eq - src) : e;
        char *k = dst + o;
        size_t kl = http_pct_decode(src + s, ke - s, k, 1);
        if (kl == 0)
            continue;
        o += kl;
        char *v = dst + o;
        size_t vl = eq ? http_pct_decode(eq + 1, e - ke - 1, v, 1) : 0;
        o += vl;
        if (count < max) {
            kv[count].key = k;
            kv[count].klen = kl;
            kv[count].val = v;
            kv[count].vlen = vl;
        }
        count++;
    }
    return count;
}

static int ows(char c)
{
    return c == ' ' || c == '\t';
}

int http_cookie_parse(const char *src, size_t n, char *dst, HttpKV *kv, int max)
{
    size_t i = 0, o = 0;
    int count = 0;
    while (i < n) {
        size_t s = i;
        while (i < n && src[i] != ';')
            i++;
        size_t e = i++;
        while (s < e && ows(src[s]))
            s++;
        while (e > s && ows(src[e - 1]))
            e--;
        const char *eq = memchr(src + s, '=', e - s);
        size_t ke = eq ? (size_t)(eq - src) : e, vs = eq ? ke + 1 : e;
        while (ke > s && ows(src[ke - 1]))
            ke--;
        while (vs < e && ows(src[vs]))
            vs++;
        if (ke == s)
            continue;
        if (e - vs >= 2 && src[vs] == '"' && src[e - 1] == '"') {
            vs++;
            e--;
        }
        char *k = dst + o;
        memmove(k, src + s, ke - s);
        o += ke - s;
        char *v = dst + o;
        size_t vl = http_pct_decode(src + vs, e - vs, v, 1);
        o += vl;
        if (count < max) {
            kv[count].key = k;
            kv[count].klen = ke - s;
            kv[count].val = v;
            kv[count].vlen = vl;
        }
        count++;
    }
    return count;
}

static int eq_nocase(const char *a, size_t an, const char *lit)
{
    size_t n = strlen(lit);
    if (an != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)a[i];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        if (c != (unsigned char)lit[i])
            return 0;
    }
    return 1;
}

/* Walks "; key=value" parameters in [p, e).  On each, stores the key and the
 * value (unquoted) and returns the position after it; returns NULL at the end
 * or for a malformed parameter (*bad set). */
static const char *next_param(const char *p, const char *e, const char **k, size_t *kl,
                              const char **v, size_t *vl, int *bad)
{
    while (p < e && (ows(*p) || *p == ';'))
        p++;
    if (p == e)
        return NULL;
    const char *ks = p;
    while (p < e && *p != '=' && *p != ';')
        p++;
    const char *ke = p;
    while (ke > ks && ows(ke[-1]))
        ke--;
    *k = ks;
    *kl = (size_t)(ke - ks);
    *v = p;
    *vl = 0;
    if (p == e || *p == ';')
        return p;
    p++;
    while (p < e && ows(*p))
        p++;
    if (p < e && *p == '"') {
        const char *vs = ++p;
        while (p < e && *p != '"')
            p += (*p == '\\' && p + 1 < e) ? 2 : 1;
        if (p >= e) {
            *bad = 1;
            return NULL;
        }
        *v = vs;
        *vl = (size_t)(p - vs);
        return p + 1;
    }
    const char *vs = p;
    while (p < e && *p != ';')
        p++;
    const char *ve = p;
    while (ve > vs && ows(ve[-1]))
        ve--;
    *v = vs;
    *vl = (size_t)(ve - vs);
    return p;
}

int http_multipart_boundary(const char *ctype, size_t n, const char **b, size_t *blen)
{
    const char *e = ctype + n, *p = memchr(ctype, ';', n);
    const char *te = p ? p : e, *ts = ctype;
    while (ts < te && ows(*ts))
        ts++;
    while (te > ts && ows(te[-1]))
        te--;
    if (!p || !eq_nocase(ts, (size_t)(te - ts), "multipart/form-data"))
        return -1;
    const char *k, *v;
    size_t kl, vl;
    int bad = 0;
    while ((p = next_param(p, e, &k, &kl, &v, &vl, &bad)) != NULL) {
        if (eq_nocase(k, kl, "boundary")) {
            if (vl == 0 || vl > 70)
                return -1;
            *b = v;
            *blen = vl;
            return 0;
        }
    }
    return -1;
}

/* Content-Disposition: form-data; name="..."; filename="..." */
static int disposition(HttpPart *part, const char *p, const char *e, int *named)
{
    const char *semi = memchr(p, ';', (size_t)(e - p));
    const char *te = semi ? semi : e;
    while (p < te && ows(*p))
        p++;
    while (te > p && ows(te[-1]))
        te--;
    if (!eq_nocase(p, (size_t)(te - p), "form-data"))
        return 0; /* not a form field: the part is skipped */
    const char *k, *v;
    size_t kl, vl;
    int bad = 0;
    p = semi;
    while (p && (p = next_param(p, e, &k, &kl, &v, &vl, &bad)) != NULL) {
        if (eq_nocase(k, kl, "name")) {
            part->name = v;
            part->name_len = vl;
            *named = 1;
        } else if (eq_nocase(k, kl, "filename")) {
            part->filename = v;
            part->filename_len = vl;
            part->is_file = 1;
        }
    }
    return bad ? -1 : 0;
}

int http_multipart_parse(const char *body, size_t n, const char *b, size_t blen,
                         HttpPart *parts, int max)
{
    char pat[4 + 70];
    if (blen == 0 || blen > 70)
        return -400;
    memcpy(pat, "\r\n--", 4);
    memcpy(pat + 4, b, blen);
    size_t plen = 4 + blen, pos;
    if (n >= plen - 2 && memcmp(body, pat + 2, plen - 2) == 0) {
        pos = plen - 2;
    } else {
        const char *f = memmem(body, n, pat, plen);
        if (!f)
            return -400;
        pos = (size_t)(f - body) + plen;
    }
    int count = 0;
    for (;;) {
        if (n - pos >= 2 && body[pos] == '-' && body[pos + 1] == '-')
            return count; /* close delimiter; the epilogue is ignored */
        while (pos < n && ows(body[pos]))
            pos++;
        if (n - pos < 2 || body[pos] != '\r' || body[pos + 1] != '\n')
            return -400;
        pos += 2;
        HttpPart part;
        memset(&part, 0, sizeof part);
        int named = 0;
        for (;;) { /* part header fields, up to a blank line */
            const char *lf = memmem(body + pos, n - pos, "\r\n", 2);
            if (!lf)
                return -400;
            size_t le = (size_t)(lf - body);
            if (le == pos) {
                pos += 2;
                break;
            }
            const char *line = body + pos, *colon = memchr(line, ':', le - pos);
            if (!colon || colon == line)
                return -400;
            const char *v = colon + 1, *ve = body + le;
            while (v < ve && ows(*v))
                v++;
            while (ve > v && ows(ve[-1]))
                ve--;
            size_t nl = (size_t)(colon - line);
            if (eq_nocase(line, nl, "content-disposition")) {
                if (disposition(&part, v, ve, &named) < 0)
                    return -400;
            } else if (eq_nocase(line, nl, "content-type")) {
                part.ctype = v;
                part.ctype_len = (size_t)(ve - v);
            }
            pos = le + 2;
        }
        const char *f = memmem(body + pos, n - pos, pat, plen);
        if (!f)
            return -400; /* truncated part */
        part.data = body + pos;
        part.data_len = (size_t)(f - body) - pos;
        pos = (size_t)(f - body) + plen;
        if (!named)
            continue;
        if (count < max)
            parts[count] = part;
        count++;
    }
}
