// SPDX-License-Identifier: MIT
/*
 * srv_rframe.c — the master's framers (srv_rframe.h): a ModeProcess
 * reactor thread asks where the first whole packet of a connection's input
 * ends before handing it to a worker.  EOF and length framing are the
 * core's (srv_frame.c, so both modes cut packets identically); HTTP/1.x
 * is framed here, one request per packet.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "srv_proc.h"
#include "srv_rframe.h"

void srv_rframe_setup(SrvRFrame *f, const SrvProcCfg *c)
{
    memset(f, 0, sizeof *f);
    f->kind = (int)c->framing;
    f->max_len = c->package_max_length > 0 ? c->package_max_length : 2 << 20;
    f->f.max_len = f->max_len;
    if (c->framing == SRV_PF_EOF) {
        /* a packet ends at the first EOF; the worker's own framer then sees
         * whole packets (OpenEOFCheck there takes them as they come) */
        f->f.kind = SRV_FRAME_EOF_SPLIT;
        size_t n = (size_t)c->package_eof.len;
        if (n > sizeof f->f.eof) n = sizeof f->f.eof;
        memcpy(f->f.eof, c->package_eof.ptr, n);
        f->f.eof_len = (int)n;
    } else if (c->framing == SRV_PF_LENGTH) {
        f->f.kind = SRV_FRAME_LENGTH;
        char t = c->length_type.len ? (char)c->length_type.ptr[0] : 'N';
        f->f.len_type = t;
        f->f.len_size = strchr("cC", t) ? 1 : strchr("nvsS", t) ? 2 : 4;
        f->f.len_offset = c->length_offset;
        f->f.body_offset = c->body_offset;
    }
}

static bool hdr_is(const char *p, const char *end, const char *name)
{
    size_t n = strlen(name);
    return (size_t)(end - p) > n && strncasecmp(p, name, n) == 0 && p[n] == ':';
}

/* HTTP/1.x: head + Content-Length body, or head + chunked body up to its
 * last chunk and trailers: one request per packet (pipelining works). */
static int64_t frame_http(const SrvRFrame *f, const char *b, size_t ilen)
{
    int64_t max = f->max_len;
    const char *e = memmem(b, ilen, "\r\n\r\n", 4);
    if (!e) return ilen > (size_t)max ? -1 : 0;
    size_t head = (size_t)(e - b) + 4;
    int64_t clen = 0;
    bool chunked = false;
    for (const char *l = memchr(b, '\n', head); l && l + 1 < b + head; l = memchr(l + 1, '\n', (size_t)(b + head - l - 1))) {
        const char *s = l + 1, *le = memchr(s, '\n', (size_t)(b + head - s));
        if (!le) break;
        if (hdr_is(s, le, "content-length")) {
            const char *v = s + 15;
            while (v < le && (*v == ' ' || *v == '\t')) v++;
            clen = 0;
            for (; v < le && *v >= '0' && *v <= '9'; v++) {
                clen = clen * 10 + (*v - '0');
                if (clen > max) return -1;
            }
        } else if (hdr_is(s, le, "transfer-encoding") && memmem(s, (size_t)(le - s), "chunked", 7)) {
            chunked = true;
        }
    }
    if (!chunked) {
        int64_t total = (int64_t)head + clen;
        if (total > max) return -1;
        return (int64_t)ilen >= total ? total : 0;
    }
    size_t at = head;
    for (;;) {                              /* size line, data, CRLF */
        const char *nl = memmem(b + at, ilen - at, "\r\n", 2);
        if (!nl) return 0;
        int64_t sz = 0;
        const char *q = b + at;
        int digits = 0;
        for (; q < nl; q++, digits++) {
            int d = (*q >= '0' && *q <= '9') ? *q - '0' : (*q | 32) >= 'a' && (*q | 32) <= 'f' ? (*q | 32) - 'a' + 10 : -1;
            if (d < 0) break;
            sz = sz * 16 + d;
            if (sz > max) return -1;
        }
        if (!digits) return -1;
        at = (size_t)(nl - b) + 2;
        if (sz == 0) {                      /* trailers end with an empty line */
            for (;;) {
                const char *t = memmem(b + at, ilen - at, "\r\n", 2);
                if (!t) return 0;
                bool empty = t == b + at;
                at = (size_t)(t - b) + 2;
                if (empty) return (int64_t)at;
            }
        }
        at += (size_t)sz + 2;
        if (at > (size_t)max) return -1;
        if (at > ilen) return 0;
    }
}

int64_t srv_rframe_next(const SrvRFrame *f, const char *buf, size_t len)
{
    if (len == 0) return 0;
    switch (f->kind) {
    case SRV_PF_EOF:
    case SRV_PF_LENGTH: return srv_frame_next(&f->f, (const uint8_t *)buf, (int64_t)len);
    case SRV_PF_HTTP: return frame_http(f, buf, len);
    default: return (int64_t)len;
    }
}
