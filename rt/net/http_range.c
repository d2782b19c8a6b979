// SPDX-License-Identifier: MIT
/*
 * http_range.c — byte ranges (RFC 9110 §14) for the static file handler
 * and Response.SendFile: parsing `Range: bytes=...` against a file's size,
 * `If-Range` with a Last-Modified date, and the 206 answers — one range
 * with Content-Range, several as multipart/byteranges (as nginx does) —
 * or 416 with a Content-Range that gives only the size when none is
 * satisfiable.
 *
 * Policy: a Range header that does not parse, names another unit, has
 * more than HTTP_RANGE_MAX ranges, or whose ranges add up to more than the
 * file (overlaps used to multiply the answer) is ignored: the whole file
 * goes out with 200, which RFC 9110 allows.  Ranges that start past the
 * end are dropped; 416 only when none is left.  Only GET and HEAD honour
 * Range.  The parts are sent with sendfile(2) between short separators.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "http_srv.h"

static bool is_get_or_head(const HttpCtx *c)
{
    return c->head_method || (c->method_len == 3 && memcmp(c->data + c->method_off, "GET", 3) == 0);
}

/* Digits at *p (at most 18 significant, more saturate); false when none. */
static bool parse_num(const char **p, const char *end, int64_t *out)
{
    const char *s = *p;
    int64_t v = 0;
    while (s < end && *s >= '0' && *s <= '9') {
        if (v < (int64_t)1 << 60) v = v * 10 + (*s - '0');
        s++;
    }
    if (s == *p) return false;
    *p = s;
    *out = v;
    return true;
}

int http_range_parse(const char *v, size_t n, int64_t size, HttpRange *out)
{
    const char *p = v, *end = v + n;
    if (n < 6 || strncasecmp(p, "bytes=", 6) != 0) return 0;
    p += 6;
    int nr = 0, specs = 0;
    int64_t total = 0;
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == ',')) p++;
        if (p >= end) break;
        int64_t first = 0, last = 0;
        bool suffix = false, open_end = false;
        if (*p == '-') {
            p++;
            if (!parse_num(&p, end, &last)) return 0;
            suffix = true;
        } else {
            if (!parse_num(&p, end, &first) || p >= end || *p != '-') return 0;
            p++;
            if (!parse_num(&p, end, &last)) open_end = true;
            else if (last < first) return 0;       /* invalid: the header is ignored */
        }
        while (p < end && (*p == ' ' || *p == '\t')) p++;
        if (p < end && *p != ',') return 0;
        if (++specs > HTTP_RANGE_MAX) return 0;
        /* satisfiable? */
        if (suffix) {
            if (last == 0 || size == 0) continue;
            first = last >= size ? 0 : size - last;
            last = size - 1;
        } else {
            if (first >= size) continue;
            if (open_end || last >= size) last = size - 1;
        }
        out[nr].off = first;
        out[nr].len = last - first + 1;
        total += out[nr].len;
        nr++;
    }
    if (specs == 0) return 0;
    if (nr == 0) return -1;
    if (nr > 1 && total > size) return 0;      /* overlapping: send it once */
    return nr;
}

int http_range_select(const HttpCtx *c, int64_t size, int64_t mtime, HttpRange *out)
{
    const char *v;
    size_t vn;
    if (!is_get_or_head(c) || !http_ctx_header(c, "Range", &v, &vn)) return 0;
    const char *iv;
    size_t ivn;
    if (http_ctx_header(c, "If-Range", &iv, &ivn)) {
        /* a date must equal Last-Modified; an entity tag never matches
         * (we send none) */
        int64_t t = http_parse_date(iv, ivn);
        if (t < 0 || mtime < 0 || t != mtime) return 0;
    }
    return http_range_parse(v, vn, size, out);
}

/* ---- multipart/byteranges ---------------------------------------------------------- */

static void make_boundary(char out[24])
{
    static unsigned seq;
    unsigned a = (unsigned)time(NULL) ^ ((unsigned)getpid() << 16);
    snprintf(out, 24, "%08x%08x", a, ++seq * 2654435761u);
}

/* The separator before part i (or the closing one when r is NULL). */
static int part_head(char *buf, size_t cap, const char *boundary, const char *mime, size_t mn,
                     const HttpRange *r, int64_t size)
{
    if (!r) return snprintf(buf, cap, "\r\n--%s--\r\n", boundary);
    return snprintf(buf, cap, "\r\n--%s\r\nContent-Type: %.*s\r\nContent-Range: bytes %lld-%lld/%lld\r\n\r\n",
                    boundary, (int)mn, mime, (long long)r->off, (long long)(r->off + r->len - 1),
                    (long long)size);
}

static int64_t multipart_len(const HttpRange *r, int n, const char *boundary, const char *mime,
                             size_t mn, int64_t size)
{
    char buf[512];
    int64_t total = part_head(buf, sizeof buf, boundary, mime, mn, NULL, size);
    for (int i = 0; i < n; i++) total += part_head(buf, sizeof buf, boundary, mime, mn, &r[i], size) + r[i].len;
    return total;
}

static bool send_parts(HttpCtx *c, const char *path, int64_t base, const HttpRange *r, int n,
                       const char *boundary, const char *mime, size_t mn, int64_t size)
{
    char buf[512];
    for (int i = 0; i < n; i++) {
        int hn = part_head(buf, sizeof buf, boundary, mime, mn, &r[i], size);
        if (!http_conn_send(c, buf, (size_t)hn)) return false;
        if (!http_conn_sendfile(c, path, base + r[i].off, r[i].len)) return false;
    }
    int hn = part_head(buf, sizeof buf, boundary, mime, mn, NULL, size);
    return http_conn_send(c, buf, (size_t)hn);
}

/* ---- the static handler's answers --------------------------------------------------- */

int http_range_head(char *out, size_t cap, const HttpRange *r, int n, int64_t size,
                    const char *mime, char boundary[24], int64_t *clen)
{
    if (n < 0) {
        *clen = 0;
        return snprintf(out, cap, "Content-Range: bytes */%lld\r\nContent-Length: 0\r\n", (long long)size);
    }
    if (n == 1) {
        *clen = r[0].len;
        return snprintf(out, cap, "Content-Type: %s\r\nContent-Range: bytes %lld-%lld/%lld\r\nContent-Length: %lld\r\n",
                        mime, (long long)r[0].off, (long long)(r[0].off + r[0].len - 1), (long long)size,
                        (long long)r[0].len);
    }
    make_boundary(boundary);
    *clen = multipart_len(r, n, boundary, mime, strlen(mime), size);
    return snprintf(out, cap, "Content-Type: multipart/byteranges; boundary=%s\r\nContent-Length: %lld\r\n",
                    boundary, (long long)*clen);
}

bool http_range_body(HttpCtx *c, const char *path, int64_t base, const HttpRange *r, int n,
                     int64_t size, const char *mime, const char *boundary)
{
    if (n <= 0 || c->head_method) return true;
    if (n == 1) return http_conn_sendfile(c, path, base + r[0].off, r[0].len);
    return send_parts(c, path, base, r, n, boundary, mime, strlen(mime), size);
}

/* ---- Response.SendFile ----------------------------------------------------------------- */

static SwString gc_str(const char *s, size_t n)
{
    uint8_t *d = sw_alloc_noscan(n ? n : 1);
    memcpy(d, s, n);
    return (SwString){d, (int64_t)n};
}

static SwString content_range(const HttpRange *r, int64_t size)
{
    char buf[80];
    int n = snprintf(buf, sizeof buf, "bytes %lld-%lld/%lld", (long long)r->off,
                     (long long)(r->off + r->len - 1), (long long)size);
    return gc_str(buf, (size_t)n);
}

bool http_range_sendfile(HttpCtx *c, const char *path, int64_t base, int64_t size, int64_t mtime,
                         bool *ok)
{
    if (c->status && c->status != 200) return false;
    sw_http_resp_header(c, SW_STR("Accept-Ranges"), SW_STR("bytes"));
    HttpRange r[HTTP_RANGE_MAX];
    int n = http_range_select(c, size, mtime, r);
    if (n == 0) return false;
    int64_t clen;
    char boundary[24] = "";
    if (n < 0) {
        c->status = 416;
        char cr[48];
        int cn = snprintf(cr, sizeof cr, "bytes */%lld", (long long)size);
        sw_http_resp_header(c, SW_STR("Content-Range"), gc_str(cr, (size_t)cn));
        clen = 0;
    } else if (n == 1) {
        c->status = 206;
        sw_http_resp_header(c, SW_STR("Content-Range"), content_range(&r[0], size));
        clen = r[0].len;
    } else {
        c->status = 206;
        SwString mime = SW_STR("application/octet-stream");
        for (int i = 0; i < c->nhdrs; i++) {
            SwString k = c->hdrs[i].key;
            if (k.len == 12 && strncasecmp((const char *)k.ptr, "Content-Type", 12) == 0) mime = c->hdrs[i].val;
        }
        char *m = sw_alloc_noscan((size_t)mime.len + 1);
        memcpy(m, mime.ptr, (size_t)mime.len);
        m[mime.len] = 0;
        make_boundary(boundary);
        clen = multipart_len(r, n, boundary, m, (size_t)mime.len, size);
        char ct[80];
        int cn = snprintf(ct, sizeof ct, "multipart/byteranges; boundary=%s", boundary);
        sw_http_resp_header(c, SW_STR("Content-Type"), gc_str(ct, (size_t)cn));
        *ok = http_resp_send_head(c, clen);
        if (*ok && !c->head_method) *ok = send_parts(c, path, base, r, n, boundary, m, (size_t)mime.len, size);
        c->rflags |= HTTP_R_ENDED;
        http_conn_done(c);
        return true;
    }
    *ok = http_resp_send_head(c, clen);
    if (*ok && n == 1 && !c->head_method) *ok = http_conn_sendfile(c, path, base + r[0].off, r[0].len);
    c->rflags |= HTTP_R_ENDED;
    http_conn_done(c);
    return true;
}
