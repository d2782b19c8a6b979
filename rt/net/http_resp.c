// SPDX-License-Identifier: MIT
/*
 * http_resp.c — HTTP/1.1 response serialisation for stdlib/http's Response:
 * status line, headers, Set-Cookie lines, Content-Length or chunked coding,
 * gzip (zlib) of End bodies, SendFile, and the canned error answers the
 * protocol side sends before any handler runs.
 *
 * The head is assembled in one buffer from a template: the status line,
 * "Server:" and the "Date:" line (rebuilt at most once per second) are
 * memcpy'd, then the handler's headers and the defaults it did not set.  A
 * small End sends head and body with one write; a big body goes as a second
 * send so it is never copied.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "http_srv.h"

#define SERVER_LINE "Server: swc-http-server\r\n"
#define HEAD_STACK 1024         /* head + small body built on the stack (more: GC memory) */

const char *http_reason(int code)
{
    switch (code) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 203: return "Non-Authoritative Information";
    case 204: return "No Content";
    case 205: return "Reset Content";
    case 206: return "Partial Content";
    case 300: return "Multiple Choices";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 418: return "I'm a teapot";
    case 422: return "Unprocessable Entity";
    case 426: return "Upgrade Required";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "";
    }
}

/* ---- dates --------------------------------------------------------------- */

static const char wdays[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void http_format_date(int64_t t, char out[30])
{
    struct tm tm;
    time_t tt = (time_t)t;
    gmtime_r(&tt, &tm);
    snprintf(out, 30, "%s, %02d %s %04d %02d:%02d:%02d GMT", wdays[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

int64_t http_parse_date(const char *s, size_t n)
{
    /* IMF-fixdate only: "Sun, 06 Nov 1994 08:49:37 GMT" (what every client
     * sends back from our Last-Modified). */
    char buf[40];
    if (n != 29) return -1;
    memcpy(buf, s, n);
    buf[n] = 0;
    char wd[4], mon[4];
    int d, y, hh, mm, ss;
    if (sscanf(buf, "%3s, %2d %3s %4d %2d:%2d:%2d GMT", wd, &d, mon, &y, &hh, &mm, &ss) != 7)
        return -1;
    int m = -1;
    for (int i = 0; i < 12; i++)
        if (memcmp(mon, months[i], 3) == 0) m = i;
    if (m < 0 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 60 || y < 1970) return -1;
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = m;
    tm.tm_mday = d;
    tm.tm_hour = hh;
    tm.tm_min = mm;
    tm.tm_sec = ss;
    return (int64_t)timegm(&tm);
}

static char date_line[64];
static size_t date_len;
static time_t date_sec = -1;

const char *http_date_line(size_t *len)
{
    time_t now = time(NULL);
    if (now != date_sec) {
        char d[30];
        http_format_date(now, d);
        date_len = (size_t)snprintf(date_line, sizeof date_line, "Date: %s\r\n", d);
        date_sec = now;
    }
    *len = date_len;
    return date_line;
}

/* ---- canned errors ----------------------------------------------------------- */

size_t http_error_response(char *out, size_t cap, int code)
{
    size_t dl;
    const char *date = http_date_line(&dl);
    return http_error_response_date(out, cap, code, date, dl);
}

size_t http_error_response_date(char *out, size_t cap, int code, const char *date, size_t dl)
{
    const char *r = http_reason(code);
    int n = snprintf(out, cap,
                     "HTTP/1.1 %d %s\r\n" SERVER_LINE "%.*s"
                     "Content-Type: text/plain\r\nContent-Length: %zu\r\n"
                     "Connection: close\r\n\r\n%d %s\n",
                     code, r, (int)dl, date, strlen(r) + 5, code, r);
    return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

/* ---- head assembly ---------------------------------------------------------- */

/* A growable byte buffer that starts on the caller's stack. */
typedef struct Buf {
    char *p;
    size_t len, cap;
    bool heap;
} Buf;

static void buf_reserve(Buf *b, size_t more)
{
    if (b->len + more <= b->cap) return;
    size_t cap = b->cap * 2;
    while (cap < b->len + more) cap *= 2;
    char *np = sw_alloc_noscan(cap);
    memcpy(np, b->p, b->len);
    b->p = np;
    b->cap = cap;
    b->heap = true;
}

static inline void buf_add(Buf *b, const void *p, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

#define buf_lit(b, s) buf_add(b, s, sizeof(s) - 1)

static void buf_num(Buf *b, uint64_t v)
{
    char t[24];
    int i = 24;
    do {
        t[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    buf_add(b, t + i, (size_t)(24 - i));
}

static bool key_is(SwString k, const char *name)
{
    size_t n = strlen(name);
    return (size_t)k.len == n && strncasecmp((const char *)k.ptr, name, n) == 0;
}

/* Which defaults the handler's headers replace. */
enum { H_SERVER = 1, H_DATE = 2, H_CTYPE = 4, H_CONN = 8 };

/* Writes status line and headers (without the final CRLF's caller-chosen
 * framing lines).  `framing` is what follows the handler's headers:
 * Content-Length, Transfer-Encoding or nothing. */
static void build_head(HttpCtx *c, Buf *b, int64_t clen, bool chunked, bool gzip)
{
    int code = c->status ? c->status : 200;
    if (code == 200 && !c->reason.len) {
        buf_lit(b, "HTTP/1.1 200 OK\r\n");
    } else {
        buf_lit(b, "HTTP/1.1 ");
        buf_num(b, (uint64_t)code);
        buf_lit(b, " ");
        if (c->reason.len)
            buf_add(b, c->reason.ptr, (size_t)c->reason.len);
        else {
            const char *r = http_reason(code);
            buf_add(b, r, strlen(r));
        }
        buf_lit(b, "\r\n");
    }
    int have = 0;
    for (int i = 0; i < c->nhdrs; i++) {
        HttpHdr *h = &c->hdrs[i];
        if (!h->key.len) continue;  /* deleted */
        if (key_is(h->key, "Content-Length") || key_is(h->key, "Transfer-Encoding"))
            continue;               /* the framing is ours */
        if (key_is(h->key, "Server")) have |= H_SERVER;
        else if (key_is(h->key, "Date")) have |= H_DATE;
        else if (key_is(h->key, "Content-Type")) have |= H_CTYPE;
        else if (key_is(h->key, "Connection")) {
            have |= H_CONN;
            if (h->val.len == 5 && strncasecmp((const char *)h->val.ptr, "close", 5) == 0)
                c->rflags |= HTTP_R_CLOSE;
        }
        buf_add(b, h->key.ptr, (size_t)h->key.len);
        buf_lit(b, ": ");
        buf_add(b, h->val.ptr, (size_t)h->val.len);
        buf_lit(b, "\r\n");
    }
    if (!(have & H_SERVER)) buf_lit(b, SERVER_LINE);
    if (!(have & H_DATE)) {
        size_t dl;
        const char *d = http_date_line(&dl);
        buf_add(b, d, dl);
    }
    if (!(have & H_CTYPE)) buf_lit(b, "Content-Type: text/html\r\n");
    if (!c->keep_alive) c->rflags |= HTTP_R_CLOSE;
    if (!(have & H_CONN)) {
        if (c->rflags & HTTP_R_CLOSE)
            buf_lit(b, "Connection: close\r\n");
        else
            buf_lit(b, "Connection: keep-alive\r\n");
    }
    for (int i = 0; i < c->ncookies; i++) {
        buf_lit(b, "Set-Cookie: ");
        buf_add(b, c->cookies[i].ptr, (size_t)c->cookies[i].len);
        buf_lit(b, "\r\n");
    }
    if (gzip) buf_lit(b, "Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n");
    if (chunked) {
        buf_lit(b, "Transfer-Encoding: chunked\r\n");
    } else if (clen >= 0) {
        buf_lit(b, "Content-Length: ");
        buf_num(b, (uint64_t)clen);
        buf_lit(b, "\r\n");
    }
    buf_lit(b, "\r\n");
}

/* ---- Sw bindings --------------------------------------------------------------- */

/* Whether the handler may still change the head. */
static inline bool head_open(const HttpCtx *c)
{
    return c && c->conn && !(c->rflags & (HTTP_R_HEAD_SENT | HTTP_R_ENDED));
}

bool sw_http_resp_writable(HttpCtx *c)
{
    return c && c->conn && !(c->rflags & HTTP_R_ENDED);
}

bool sw_http_resp_status(HttpCtx *c, int64_t code, SwString reason)
{
    if (!head_open(c) || code < 100 || code > 999) return false;
    c->status = (int)code;
    c->reason = reason;
    return true;
}

/* Header values must not smuggle lines: CR and LF make the call fail. */
static bool clean_field(SwString s)
{
    for (int64_t i = 0; i < s.len; i++)
        if (s.ptr[i] == '\r' || s.ptr[i] == '\n' || s.ptr[i] == 0) return false;
    return true;
}

bool sw_http_resp_header(HttpCtx *c, SwString key, SwString val)
{
    if (!head_open(c) || key.len == 0 || !clean_field(key) || !clean_field(val)) return false;
    for (int64_t i = 0; i < key.len; i++)
        if (key.ptr[i] == ':' || key.ptr[i] == ' ') return false;
    for (int i = 0; i < c->nhdrs; i++) {
        HttpHdr *h = &c->hdrs[i];
        if (h->key.len == key.len && strncasecmp((const char *)h->key.ptr, (const char *)key.ptr, (size_t)key.len) == 0) {
            h->key = key;   /* the last spelling wins, as a replacement */
            h->val = val;
            return true;
        }
    }
    if (!c->caphdrs) {
        c->hdrs = c->hdr_inline;
        c->caphdrs = 4;
    }
    if (c->nhdrs == c->caphdrs) {
        int cap = c->caphdrs * 2;
        HttpHdr *nh = sw_alloc(sizeof(HttpHdr) * (size_t)cap);
        if (c->nhdrs) memcpy(nh, c->hdrs, sizeof(HttpHdr) * (size_t)c->nhdrs);
        c->hdrs = nh;
        c->caphdrs = cap;
    }
    c->hdrs[c->nhdrs++] = (HttpHdr){key, val};
    return true;
}

bool sw_http_resp_cookie(HttpCtx *c, SwString line)
{
    if (!head_open(c) || !clean_field(line)) return false;
    if (c->ncookies == c->capcookies) {
        int cap = c->capcookies ? c->capcookies * 2 : 4;
        SwString *nc = sw_alloc(sizeof(SwString) * (size_t)cap);
        if (c->ncookies) memcpy(nc, c->cookies, sizeof(SwString) * (size_t)c->ncookies);
        c->cookies = nc;
        c->capcookies = cap;
    }
    c->cookies[c->ncookies++] = line;
    return true;
}

/* Sends a head (on the stack buffer) plus body, one send when they fit. */
static bool send_with_body(HttpCtx *c, Buf *b, const void *body, size_t n)
{
    if (b->len + n <= b->cap || n <= 256) {
        buf_add(b, body, n);
        return http_conn_send(c, b->p, b->len);
    }
    if (!http_conn_send(c, b->p, b->len)) return false;
    return n == 0 || http_conn_send(c, body, n);
}

static void finish(HttpCtx *c)
{
    c->rflags |= HTTP_R_ENDED;
    http_conn_done(c);
}

/* gzip of body into GC memory; NULL when zlib fails. */
static void *gzip_body(const HttpCtx *c, const void *body, size_t n, size_t *outn)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    int level = c->cfg->compression_level;
    if (level < 1 || level > 9) level = 1;
    if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return NULL;
    uLong cap = deflateBound(&zs, (uLong)n);
    unsigned char *out = sw_alloc_noscan(cap);
    zs.next_in = (Bytef *)body;
    zs.avail_in = (uInt)n;
    zs.next_out = out;
    zs.avail_out = (uInt)cap;
    int r = deflate(&zs, Z_FINISH);
    *outn = zs.total_out;
    deflateEnd(&zs);
    return r == Z_STREAM_END ? out : NULL;
}

static bool want_gzip(const HttpCtx *c, size_t n)
{
    if (!c->accept_gzip || !c->cfg->compression) return false;
    if ((int64_t)n < (c->cfg->compression_min > 0 ? c->cfg->compression_min : 20)) return false;
    for (int i = 0; i < c->nhdrs; i++)
        if (c->hdrs[i].key.len && key_is(c->hdrs[i].key, "Content-Encoding")) return false;
    return true;
}

bool sw_http_resp_end(HttpCtx *c, SwString body)
{
    if (!sw_http_resp_writable(c)) return false;
    char stack[HEAD_STACK];
    Buf b = {stack, 0, sizeof stack, false};
    bool ok;
    if (c->rflags & HTTP_R_HEAD_SENT) {
        /* after Write: the last data, then the end of the body */
        if (c->rflags & HTTP_R_CHUNKED) {
            if (body.len) {
                char t[24];
                int tn = snprintf(t, sizeof t, "%llx\r\n", (unsigned long long)body.len);
                buf_add(&b, t, (size_t)tn);
                ok = send_with_body(c, &b, body.ptr, (size_t)body.len);
                b.len = 0;
                buf_lit(&b, "\r\n0\r\n\r\n");
            } else {
                buf_lit(&b, "0\r\n\r\n");
                ok = true;
            }
            ok = ok && http_conn_send(c, b.p, b.len);
        } else {
            ok = !body.len || http_conn_send(c, body.ptr, (size_t)body.len);
        }
        finish(c);
        return ok;
    }
    const void *p = body.ptr;
    size_t n = (size_t)body.len;
    bool gz = false;
    if (want_gzip(c, n)) {
        size_t zn;
        void *z = gzip_body(c, p, n, &zn);
        if (z) {
            p = z;
            n = zn;
            gz = true;
        }
    }
    bool nobody = c->head_method || c->status == 204 || c->status == 304;
    build_head(c, &b, (c->status == 204 || c->status == 304) ? -1 : (int64_t)n, false, gz);
    c->rflags |= HTTP_R_HEAD_SENT;
    ok = send_with_body(c, &b, p, nobody ? 0 : n);
    finish(c);
    return ok;
}

bool sw_http_resp_write(HttpCtx *c, SwString data)
{
    if (!sw_http_resp_writable(c)) return false;
    if (data.len == 0) return true; /* an empty chunk would end the body */
    char stack[HEAD_STACK];
    Buf b = {stack, 0, sizeof stack, false};
    if (!(c->rflags & HTTP_R_HEAD_SENT)) {
        if (c->minor == 0) {
            /* HTTP/1.0 knows no chunks: the body ends when we close */
            c->rflags |= HTTP_R_STREAM | HTTP_R_CLOSE;
            build_head(c, &b, -1, false, false);
        } else {
            c->rflags |= HTTP_R_CHUNKED;
            build_head(c, &b, -1, true, false);
        }
        c->rflags |= HTTP_R_HEAD_SENT;
    }
    if (c->head_method) return b.len == 0 || http_conn_send(c, b.p, b.len);
    if (c->rflags & HTTP_R_CHUNKED) {
        char t[24];
        int tn = snprintf(t, sizeof t, "%llx\r\n", (unsigned long long)data.len);
        buf_add(&b, t, (size_t)tn);
        if (!send_with_body(c, &b, data.ptr, (size_t)data.len)) return false;
        return http_conn_send(c, "\r\n", 2);
    }
    return send_with_body(c, &b, data.ptr, (size_t)data.len);
}

bool sw_http_resp_sendfile(HttpCtx *c, SwString path, int64_t off, int64_t len)
{
    if (!head_open(c) || off < 0 || len < 0) return false;
    char *cpath = sw_str_cstr(path);
    int fd = open(cpath, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || off > st.st_size) {
        close(fd);
        return false;
    }
    if (len == 0 || off + len > st.st_size) len = st.st_size - off;
    bool typed = false;
    for (int i = 0; i < c->nhdrs; i++)
        if (c->hdrs[i].key.len && key_is(c->hdrs[i].key, "Content-Type")) typed = true;
    if (!typed) {
        const char *m = http_mime(cpath, strlen(cpath));
        sw_http_resp_header(c, SW_STR("Content-Type"), (SwString){(const uint8_t *)m, (int64_t)strlen(m)});
    }
    close(fd);
    char stack[HEAD_STACK];
    Buf b = {stack, 0, sizeof stack, false};
    build_head(c, &b, len, false, false);
    c->rflags |= HTTP_R_HEAD_SENT;
    bool ok = http_conn_send(c, b.p, b.len);
    if (ok && !c->head_method && len > 0) ok = http_conn_sendfile(c, cpath, off, len);
    finish(c);
    return ok;
}
