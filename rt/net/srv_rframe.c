// SPDX-License-Identifier: MIT
/*
 * srv_rframe.c — the master's framers (srv_rframe.h): a ModeProcess
 * reactor thread asks where the first whole packet of a connection's input
 * ends before handing it to a worker.  EOF and length framing are the
 * core's (srv_frame.c, so both modes cut packets identically); HTTP/1.x
 * is framed here, one request per packet, with the parser of http_parse.h
 * and the limits of the port's http layer: a request the worker would
 * refuse is refused here, before its body is read, with the same answer
 * (srv_rframe_error).
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "http_srv.h"

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
    } else if (c->framing == SRV_PF_HTTP) {
        /* as http_srv.c limits() */
        HttpLimits l = HTTP_LIMITS_DEFAULT;
        if (c->http_max_header > 0) l.max_head = (uint32_t)c->http_max_header;
        if (c->http_max_uri > 0) l.max_uri = (uint32_t)c->http_max_uri;
        if (c->http_max_body > 0) l.max_body = c->http_max_body;
        f->lim = l;
        f->header_timeout_ms = c->http_header_timeout_ms > 0 ? c->http_header_timeout_ms : 60000;
        f->in_limit = (size_t)l.max_body + 65536;
    }
}

/* ---- HTTP/1.x: the same parser, limits and decisions as the worker's
 * http layer (http_srv.c step()), so that both modes answer alike ---- */

enum { RH_HEAD, RH_BODY, RH_CHUNKED };

void srv_rhttp_reset(SrvRHttp *h)
{
    http_req_init(&h->req);
    h->phase = RH_HEAD;
    h->head_len = 0;
    h->need = 0;
    h->scanned = 0;
    h->err = 0;
    h->continued = false;
    h->want_continue = false;
}

static int64_t rhttp_fail(SrvRHttp *h, int rc)
{
    h->err = rc;
    return rc;
}

int64_t srv_rframe_http(const SrvRFrame *f, SrvRHttp *h, const char *buf, size_t len)
{
    if (h->err) return h->err;
    h->want_continue = false;
    HttpReq *r = &h->req;
    if (h->phase == RH_HEAD) {
        int rc = http_req_parse(r, buf, len, &f->lim);
        if (rc == 0) return 0;
        if (rc < 0) return rhttp_fail(h, rc);
        h->head_len = (uint32_t)rc;
        h->continued = false;
        if (r->chunked) {
            h->phase = RH_CHUNKED;
            http_chunked_init(&h->ch, f->lim.max_body, 0);
            h->scanned = 0;
        } else {
            h->phase = RH_BODY;
            h->need = r->content_length > 0 ? r->content_length : 0;
        }
    }
    bool cont_ok = r->expect_continue && r->version == 11 && !h->continued;
    size_t hl = h->head_len;
    if (h->phase == RH_BODY) {
        if (len - hl < (size_t)h->need) {
            h->want_continue = cont_ok;
            return 0;
        }
        return (int64_t)(hl + (size_t)h->need);
    }
    /* RH_CHUNKED: check what is new since the last call; the data is
     * decoded into a scratch buffer and dropped (the worker decodes the
     * packet again: it gets the bytes as the client sent them) */
    size_t from = hl + h->scanned;
    if (from >= len) {
        h->want_continue = cont_ok;
        return 0;
    }
    char scratch[4096];
    while (from < len) {
        size_t piece = len - from < sizeof scratch ? len - from : sizeof scratch;
        size_t used = 0, out = 0;
        int rc = http_chunked_decode(&h->ch, buf + from, piece, scratch, &used, &out);
        h->scanned += used;
        from += used;
        if (rc < 0) return rhttp_fail(h, rc);
        if (rc == 1) return (int64_t)(hl + h->scanned);
        if (used == 0) break;
    }
    return 0;
}

size_t srv_rframe_error(char *out, size_t cap, int code)
{
    char d[30];
    http_format_date((int64_t)time(NULL), d);
    char line[48];
    int n = snprintf(line, sizeof line, "Date: %s\r\n", d);
    return http_error_response_date(out, cap, code, line, (size_t)n);
}

int64_t srv_rframe_next(const SrvRFrame *f, const char *buf, size_t len)
{
    if (len == 0) return 0;
    switch (f->kind) {
    case SRV_PF_EOF:
    case SRV_PF_LENGTH: return srv_frame_next(&f->f, (const uint8_t *)buf, (int64_t)len);
    default: return (int64_t)len;
    }
}
