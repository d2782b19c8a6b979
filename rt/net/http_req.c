// SPDX-License-Identifier: MIT
/*
 * http_req.c — the request side of stdlib/http: the C functions its
 * Request methods bind (fields, headers, query, POST, cookies, uploaded
 * files) and the server configuration and start.
 *
 * Nothing here runs on the hot path: Request's maps are built on first use
 * from string pairs these functions return (decoded by http_form.h), so a
 * handler that reads no map costs no map.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "co/co.h"
#include "http_conn.h"
#include "http_form.h"
#include "http_parse.h"
#include "http_srv.h"

/* ---- configuration -------------------------------------------------------------- */

HttpCfg *sw_http_cfg_new(void)
{
    return sw_alloc(sizeof(HttpCfg));
}

/* Copies the Sw Options in; false (with nothing changed) when the document
 * root does not exist. */
bool sw_http_cfg_set(HttpCfg *c, bool compression, int64_t level, int64_t minlen, bool statics,
                     SwString root, SwString upload, int64_t max_body, int64_t max_header,
                     int64_t max_uri, int64_t timeout_ms, int64_t keepalive_ms)
{
    char *real = NULL;
    if (root.len) {
        char buf[PATH_MAX];
        char *r = sw_str_cstr(root);
        if (!realpath(r, buf)) return false;
        real = strdup(buf);
    }
    c->compression = compression;
    c->compression_level = (int)level;
    c->compression_min = (int)minlen;
    c->static_handler = statics;
    free(c->document_root);
    c->document_root = real;
    c->document_root_len = real ? strlen(real) : 0;
    free(c->upload_dir);
    c->upload_dir = upload.len ? strndup((const char *)upload.ptr, (size_t)upload.len) : NULL;
    c->max_body = max_body;
    c->max_header = max_header;
    c->max_uri = max_uri;
    c->header_timeout_ns = timeout_ms * 1000000;
    c->keepalive_ns = keepalive_ms < 0 ? -1 : keepalive_ms * 1000000;
    return true;
}

void sw_http_cfg_handler(HttpCfg *c, SwFunc *f) { c->handler = f; }


/* ---- request fields ------------------------------------------------------------------ */

static SwString span(const HttpCtx *c, uint32_t off, uint32_t len)
{
    return (SwString){(const uint8_t *)c->data + off, len};
}

static SwString str_copy(const char *p, size_t n)
{
    if (!n) return (SwString){0};
    uint8_t *d = sw_alloc_noscan(n);
    memcpy(d, p, n);
    return (SwString){d, (int64_t)n};
}

static SwString cstr(const char *s) { return str_copy(s, strlen(s)); }

/* which: 0 method, 1 request target, 2 path (percent-decoded), 3 query,
 * 4 protocol ("HTTP/1.1"), 5 body, 6 remote address, 7 the raw head. */
SwString sw_http_req_str(HttpCtx *c, int64_t which)
{
    switch (which) {
    case 0: return span(c, c->method_off, c->method_len);
    case 1: return span(c, c->uri_off, c->uri_len);
    case 2: {
        char *d = sw_alloc_noscan(c->path_len + 1);
        long n = http_path_decode(c->data + c->path_off, c->path_len, d);
        if (n < 0) return span(c, c->path_off, c->path_len);
        return (SwString){(const uint8_t *)d, n};
    }
    case 3: return span(c, c->query_off, c->query_len);
    case 4: return c->minor ? SW_STR("HTTP/1.1") : SW_STR("HTTP/1.0");
    case 5: return span(c, c->body_off, (uint32_t)c->body_len);
    case 6: {
        char a[INET6_ADDRSTRLEN] = "";
        const struct sockaddr *sa = (const struct sockaddr *)c->peer;
        if (c->peer_len && sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, a, sizeof a);
        else if (c->peer_len && sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, a, sizeof a);
        return cstr(a);
    }
    case 7: return span(c, 0, c->body_off);
    default: return (SwString){0};
    }
}

/* which: 0 fd, 1 remote port, 2 server port, 3 request time (ns since the
 * epoch, when its head was complete). */
int64_t sw_http_req_int(HttpCtx *c, int64_t which)
{
    switch (which) {
    case 0: return c->fd;
    case 1: {
        const struct sockaddr *sa = (const struct sockaddr *)c->peer;
        if (!c->peer_len) return 0;
        if (sa->sa_family == AF_INET) return ntohs(((const struct sockaddr_in *)sa)->sin_port);
        return ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
    }
    case 2: return c->local_port;
    case 3: return c->req_time_ns;
    default: return 0;
    }
}

/* A []string of n key/value pairs. */
static SwSlice pairs(int n)
{
    SwSlice s;
    s.ptr = sw_alloc(sizeof(SwString) * (size_t)(2 * n + 1));
    s.len = 0;
    s.cap = 2 * n;
    return s;
}

static void push(SwSlice *s, SwString v) { ((SwString *)s->ptr)[s->len++] = v; }

/* Each header line as (lower-case name, value). */
SwSlice sw_http_req_headers(HttpCtx *c)
{
    const char *p = c->data + c->hdr_off, *end = p + c->hdr_len;
    int n = 0;
    for (const char *q = p; q < end; q++)
        if (*q == '\n') n++;
    SwSlice s = pairs(n);
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        const char *colon = memchr(p, ':', (size_t)(eol - p));
        if (colon && colon > p) {
            char *k = sw_alloc_noscan((size_t)(colon - p));
            http_lower(k, p, (size_t)(colon - p));
            const char *vs = colon + 1, *ve = eol;
            while (vs < ve && (*vs == ' ' || *vs == '\t')) vs++;
            while (ve > vs && (ve[-1] == '\r' || ve[-1] == ' ' || ve[-1] == '\t')) ve--;
            push(&s, (SwString){(const uint8_t *)k, colon - p});
            push(&s, str_copy(vs, (size_t)(ve - vs)));
        }
        p = eol + 1;
    }
    return s;
}

bool http_ctx_header(const HttpCtx *c, const char *name, const char **v, size_t *vn)
{
    size_t nl = strlen(name);
    const char *p = c->data + c->hdr_off, *end = p + c->hdr_len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        const char *colon = memchr(p, ':', (size_t)(eol - p));
        if (colon && (size_t)(colon - p) == nl && strncasecmp(p, name, nl) == 0) {
            const char *s = colon + 1, *e = eol;
            while (s < e && (*s == ' ' || *s == '\t')) s++;
            while (e > s && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t')) e--;
            *v = s;
            *vn = (size_t)(e - s);
            return true;
        }
        p = eol + 1;
    }
    return false;
}

/* Decoded pairs of an urlencoded string. */
static SwSlice urlencoded(const char *src, size_t n)
{
    if (!n) return (SwSlice){0};
    char *dst = sw_alloc_noscan(n);
    int cnt = http_urlencoded_parse(src, n, dst, NULL, 0);
    if (cnt <= 0) return (SwSlice){0};
    HttpKV *kv = malloc(sizeof(HttpKV) * (size_t)cnt);
    if (!kv) return (SwSlice){0};
    cnt = http_urlencoded_parse(src, n, dst, kv, cnt);
    SwSlice s = pairs(cnt);
    for (int i = 0; i < cnt; i++) {
        push(&s, (SwString){(const uint8_t *)kv[i].key, (int64_t)kv[i].klen});
        push(&s, (SwString){(const uint8_t *)kv[i].val, (int64_t)kv[i].vlen});
    }
    free(kv);
    return s;
}

SwSlice sw_http_req_query(HttpCtx *c)
{
    return urlencoded(c->data + c->query_off, c->query_len);
}

SwSlice sw_http_req_cookies(HttpCtx *c)
{
    const char *v;
    size_t vn;
    if (!http_ctx_header(c, "cookie", &v, &vn) || !vn) return (SwSlice){0};
    char *dst = sw_alloc_noscan(vn);
    int cnt = http_cookie_parse(v, vn, dst, NULL, 0);
    if (cnt <= 0) return (SwSlice){0};
    HttpKV *kv = malloc(sizeof(HttpKV) * (size_t)cnt);
    if (!kv) return (SwSlice){0};
    cnt = http_cookie_parse(v, vn, dst, kv, cnt);
    SwSlice s = pairs(cnt);
    for (int i = 0; i < cnt; i++) {
        push(&s, (SwString){(const uint8_t *)kv[i].key, (int64_t)kv[i].klen});
        push(&s, (SwString){(const uint8_t *)kv[i].val, (int64_t)kv[i].vlen});
    }
    free(kv);
    return s;
}

static bool ctype_is(const char *v, size_t vn, const char *t)
{
    size_t tl = strlen(t);
    return vn >= tl && strncasecmp(v, t, tl) == 0 && (vn == tl || v[tl] == ';' || v[tl] == ' ');
}

/* The multipart parts of the body (malloc'd array, *n of them), or NULL. */
static HttpPart *multipart(HttpCtx *c, int *n)
{
    const char *v, *b;
    size_t vn, bl;
    *n = 0;
    if (!http_ctx_header(c, "content-type", &v, &vn) || http_multipart_boundary(v, vn, &b, &bl) != 0)
        return NULL;
    const char *body = c->data + c->body_off;
    int cnt = http_multipart_parse(body, (size_t)c->body_len, b, bl, NULL, 0);
    if (cnt <= 0) return NULL;
    HttpPart *parts = malloc(sizeof(HttpPart) * (size_t)cnt);
    if (!parts) return NULL;
    *n = http_multipart_parse(body, (size_t)c->body_len, b, bl, parts, cnt);
    return parts;
}

/* POST fields: urlencoded bodies, or the non-file parts of multipart. */
SwSlice sw_http_req_post(HttpCtx *c)
{
    const char *v;
    size_t vn;
    if (!http_ctx_header(c, "content-type", &v, &vn)) return (SwSlice){0};
    if (ctype_is(v, vn, "application/x-www-form-urlencoded"))
        return urlencoded(c->data + c->body_off, (size_t)c->body_len);
    int n;
    HttpPart *parts = multipart(c, &n);
    if (!parts) return (SwSlice){0};
    SwSlice s = pairs(n);
    for (int i = 0; i < n; i++) {
        if (parts[i].is_file) continue;
        push(&s, str_copy(parts[i].name, parts[i].name_len));
        push(&s, str_copy(parts[i].data, parts[i].data_len));
    }
    free(parts);
    return s;
}

/* Uploaded files, saved into dir: for each file part six strings: field
 * name, file name, content type, saved path ("" when saving failed),
 * error code (UPLOAD_ERR_*: "0" ok, "7" cannot write), size. */
SwSlice sw_http_req_files(HttpCtx *c, SwString dir)
{
    int n;
    HttpPart *parts = multipart(c, &n);
    if (!parts) return (SwSlice){0};
    int files = 0;
    for (int i = 0; i < n; i++) files += parts[i].is_file;
    SwSlice s;
    s.ptr = sw_alloc(sizeof(SwString) * (size_t)(6 * files + 1));
    s.len = 0;
    s.cap = 6 * files;
    char *d = dir.len ? sw_str_cstr(dir) : "/tmp";
    for (int i = 0; i < n; i++) {
        HttpPart *p = &parts[i];
        if (!p->is_file) continue;
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/swupload.XXXXXX", d);
        int fd = mkstemp(path);
        bool ok = fd >= 0;
        size_t off = 0;
        while (ok && off < p->data_len) {
            ssize_t w = write(fd, p->data + off, p->data_len - off);
            if (w <= 0) ok = false;
            else off += (size_t)w;
        }
        if (fd >= 0) close(fd);
        if (!ok && fd >= 0) unlink(path);
        push(&s, str_copy(p->name, p->name_len));
        push(&s, str_copy(p->filename, p->filename_len));
        push(&s, p->ctype ? str_copy(p->ctype, p->ctype_len) : SW_STR(""));
        push(&s, ok ? cstr(path) : SW_STR(""));
        push(&s, ok ? SW_STR("0") : SW_STR("7"));
        char num[24];
        snprintf(num, sizeof num, "%zu", p->data_len);
        push(&s, cstr(num));
    }
    free(parts);
    return s;
}

/* Deletes a saved upload that the handler left in place. */
void sw_http_unlink(SwString path)
{
    if (path.len) unlink(sw_str_cstr(path));
}

/* ---- small helpers of the Sw package ------------------------------------------------ */

/* Start's end in a worker: main waits here while the reactor serves. */
void sw_http_park(void)
{
    static int token;
    for (;;) sw_co_park("http server", &token);
}

SwString sw_http_strerror(int64_t e) { return cstr(strerror((int)e)); }

int64_t sw_http_now(void) { return (int64_t)time(NULL); }

SwString sw_http_date(int64_t t)
{
    char d[30];
    http_format_date(t, d);
    return cstr(d);
}
