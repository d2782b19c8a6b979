// SPDX-License-Identifier: MIT
/*
 * http_srv.c — HTTP/1.1 on a server port: the protocol hook the server core
 * calls with a connection's bytes (see srv.h), request framing with the
 * parser of http_parse.h (Content-Length and chunked bodies, limits,
 * Expect: 100-continue), keep-alive and in-order pipelining, the handler
 * coroutine with panic isolation, and slow-client timeouts.
 *
 * Input buffering: the hook parses the core's buffer in place; only bytes
 * it cannot use yet (a partial request, or requests pipelined behind one
 * still in the handler) are copied into the connection's own buffer `in`,
 * so a request that arrives whole costs one copy: into its HttpCtx.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "co/co.h"
#include "http_parse.h"
#include "http_srv.h"
#include "sw_lib.h"
#include "sw_trace.h"

#include "http_conn.h"

/* The per-connection state of the protocol (malloc'd: the core owns the
 * connection's life; a HttpCtx in a handler keeps a pointer while busy). */
struct HttpConn {
    HttpTransport t;            /* the core's connection (http_conn.h) */
    const HttpCfg *cfg;
    HttpReq req;                /* parser state of the request being read */
    int phase;                  /* PH_* */
    uint32_t head_len;
    int64_t need;               /* PH_BODY: bytes of the body still expected */
    HttpChunked ch;             /* PH_CHUNKED decoder */
    char *body;                 /* decoded chunked body (malloc) */
    size_t body_len, body_cap;
    size_t scanned;             /* PH_CHUNKED: input bytes decoded so far */
    char *in;                   /* bytes kept for later (malloc) */
    size_t in_len, in_cap;
    HttpCtx *busy;              /* the request in the handler, or NULL */
    bool closed;                /* the core closed the connection */
    bool continued;             /* 100 Continue sent for this request */
    bool driving;               /* inside serve(): no re-entry */
    int depth;                  /* calls into this state in progress: the
                                   core's close then defers the free */
    int64_t served;             /* requests answered (http_proto_idle) */
    SwTimer timer;              /* slow-client deadline */
    SwTimer idle;               /* keep-alive idle timeout (see on_idle) */
    int64_t idle_since;         /* sw_now() when the last response completed */
    void *gz;                   /* the deflate stream of a Write response */
};

enum { PH_HEAD, PH_BODY, PH_CHUNKED };

/* ---- connection helpers -------------------------------------------------------- */

static void conn_free(HttpConn *hc)
{
    sw_timer_stop(&hc->timer);
    sw_timer_stop(&hc->idle);
    if (hc->gz) http_gz_release(hc->gz);
    free(hc->in);
    free(hc->body);
    free(hc);
}

static void send_error(HttpConn *hc, int code)
{
    char buf[512];
    size_t n = http_error_response(buf, sizeof buf, code);
    http_transport_send(&hc->t, buf, n);
    http_transport_close(&hc->t);
}

/* Sends "100 Continue" once when the client waits for it before its body. */
static void send_continue(HttpConn *hc)
{
    if (hc->req.expect_continue && !hc->continued && hc->req.version == 11) {
        static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
        hc->continued = true;
        http_transport_send(&hc->t, cont, sizeof cont - 1);
    }
}

/* Bytes a connection may hold unparsed before we stop reading it. */
static size_t in_limit(const HttpConn *hc)
{
    int64_t b = hc->cfg->max_body > 0 ? hc->cfg->max_body : (int64_t)2 << 20;
    return (size_t)b + 65536;
}

static void leave(HttpConn *hc);

static void on_timeout(SwTimer *t)
{
    HttpConn *hc = t->arg;
    if (hc->busy || hc->closed) return;
    hc->depth++;
    send_error(hc, 408);
    leave(hc);
}

/* The keep-alive idle timeout in ns (-1: none). */
static int64_t idle_timeout(const HttpConn *hc)
{
    int64_t to = hc->cfg->keepalive_ns;
    return to == 0 ? (int64_t)75 * 1000000000 : to;
}

/* The idle timer is armed once per connection and moved only when it
 * fires, so a request costs no timer operation: the connection closes when
 * no request is in the handler or being read, no output is waiting, and
 * the last response completed (or the connection opened) a whole timeout
 * ago; otherwise the timer is set again. */
static void on_idle(SwTimer *t)
{
    HttpConn *hc = t->arg;
    /* a ModeProcess worker does not see a request being read in the
     * master: it must not take the connection for idle */
    if (hc->closed || http_transport_remote(&hc->t)) return;
    int64_t to = idle_timeout(hc), now = sw_now();
    if (hc->busy || hc->in_len || hc->phase != PH_HEAD || http_transport_pending(&hc->t)) {
        hc->idle_since = now;       /* active: a whole timeout from now at least */
    } else if (now - hc->idle_since >= to) {
        hc->depth++;
        http_transport_close(&hc->t);
        leave(hc);
        return;
    }
    sw_timer_start(&hc->idle, hc->idle_since + to, 0, on_idle, hc);
}

/* (Re)arms the deadline for the request being read. */
static void arm_deadline(HttpConn *hc)
{
    int64_t to = hc->cfg->header_timeout_ns;
    if (to <= 0) to = (int64_t)60 * 1000000000;
    if (!sw_timer_pending(&hc->timer))
        sw_timer_start(&hc->timer, sw_now() + to, 0, on_timeout, hc);
}

static bool keep(HttpConn *hc, const char *p, size_t n)
{
    if (hc->in_len + n > hc->in_cap) {
        size_t cap = hc->in_cap ? hc->in_cap : 4096;
        while (cap < hc->in_len + n) cap *= 2;
        char *ni = realloc(hc->in, cap);
        if (!ni) return false;
        hc->in = ni;
        hc->in_cap = cap;
    }
    memcpy(hc->in + hc->in_len, p, n);
    hc->in_len += n;
    return true;
}

static HttpLimits limits(const HttpCfg *cfg)
{
    HttpLimits l = HTTP_LIMITS_DEFAULT;
    if (cfg->max_header > 0) l.max_head = (uint32_t)cfg->max_header;
    if (cfg->max_uri > 0) l.max_uri = (uint32_t)cfg->max_uri;
    if (cfg->max_body > 0) l.max_body = cfg->max_body;
    return l;
}

/* ---- handler ------------------------------------------------------------------------ */

/* A C stand-in for `defer func() { if p := recover(); p != nil { ... } }()`
 * that prints the Sw stack of the panicking coroutine before the frames
 * unwind (it runs on top of them). */
typedef struct Guard {
    SwDefer h;
    bool caught;
    HttpCtx *ctx;
    SwIface value;
} Guard;

static void guard_fn(SwDefer *self)
{
    Guard *g = (Guard *)self;
    SwPanic *p = sw_recover_claim((const void *)guard_fn);
    if (!p) return;
    g->caught = true;
    SwIface v = p->value;
    SwString m = sw_fmt_sprint((SwSlice){&v, 1, 1});
    char head[128];
    int hn = snprintf(head, sizeof head, "http: panic in request handler (session %lld): ",
                      (long long)g->ctx->fd);
    write(2, head, (size_t)hn);
    write(2, m.ptr, (size_t)m.len);
    write(2, "\n", 1);
    sw_trace_print(2);
    g->value = sw_recover(p);
}

static void call_handler(HttpCtx *c)
{
    SwFunc *f = c->cfg->handler;
    SwDeferFrame df;
    Guard g;
    memset(&g, 0, sizeof g);
    g.h.fn = guard_fn;
    g.h.target = (const void *)guard_fn;
    g.ctx = c;
    sw_defer_enter(&df);
    sw_defer_push(&df, &g.h);
    if (__builtin_setjmp(df.jb)) goto done;
    ((void (*)(SwFunc *, HttpCtx *))f->fn)(f, c);
done:
    sw_defer_exit(&df);
    volatile Guard *vg = &g;
    if (vg->caught) {
        if (c->conn && !(c->rflags & HTTP_R_HEAD_SENT)) {
            char buf[512];
            size_t n = http_error_response(buf, sizeof buf, 500);
            c->rflags |= HTTP_R_HEAD_SENT | HTTP_R_CLOSE;
            http_conn_send(c, buf, n);
        } else {
            c->rflags |= HTTP_R_CLOSE;   /* half a response: the client must see it end */
        }
        c->rflags |= HTTP_R_ENDED;
        http_conn_done(c);
        return;
    }
    if (c->conn && !(c->rflags & HTTP_R_ENDED))
        sw_http_resp_end(c, (SwString){0});   /* the handler returned without End */
}

static void handler_co(void *arg)
{
    call_handler(arg);
}

/* ---- request framing ------------------------------------------------------------------ */

static void drive(HttpConn *hc);

/* The request at p (head_len + body) is complete: copy it into a context
 * and serve it. */
static void dispatch(HttpConn *hc, const char *p, const char *body, size_t blen)
{
    HttpReq *r = &hc->req;
    size_t hl = hc->head_len;
    HttpCtx *c = sw_alloc(sizeof(HttpCtx) + hl + blen);
    memcpy(c->data, p, hl);
    if (blen) memcpy(c->data + hl, body, blen);
    c->conn = hc;
    c->cfg = hc->cfg;
    c->fd = http_transport_id(&hc->t);
    c->peer_len = (uint8_t)http_transport_peer(&hc->t, c->peer, sizeof c->peer, &c->local_port);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    c->req_time_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    c->method_off = r->method.off;
    c->method_len = r->method.len;
    c->uri_off = r->target.off;
    c->uri_len = r->target.len;
    c->path_off = r->path.off;
    c->path_len = r->path.len;
    c->query_off = r->query.off;
    c->query_len = r->query.len;
    /* the header lines: from the line after the request line to the blank line */
    const char *nl = memchr(p, '\n', hl);
    c->hdr_off = nl ? (uint32_t)(nl + 1 - p) : (uint32_t)hl;
    c->hdr_len = (uint32_t)hl - c->hdr_off;
    c->body_off = (uint32_t)hl;
    c->body_len = (int64_t)blen;
    c->minor = r->version == 10 ? 0 : 1;
    c->keep_alive = r->keep_alive;
    c->head_method = r->method_id == HTTP_M_HEAD;
    if (hc->cfg->compression) {
        int i = http_req_header(r, p, "accept-encoding", 15);
        if (i >= 0) {
            HttpSpan v = r->headers[i].value;
            c->accept_gzip = memmem(p + v.off, v.len, "gzip", 4) != NULL;
        }
    }
    hc->busy = c;
    sw_timer_stop(&hc->timer);
    if (http_static_serve(c)) return;
    if (!hc->cfg->handler) {
        char buf[512];
        size_t n = http_error_response(buf, sizeof buf, 404);
        c->rflags |= HTTP_R_HEAD_SENT | HTTP_R_ENDED | HTTP_R_CLOSE;
        http_conn_send(c, buf, n);
        http_conn_done(c);
        return;
    }
    if (sw_go_queued(handler_co, c) < 0) {
        char buf[512];
        size_t n = http_error_response(buf, sizeof buf, 503);
        c->rflags |= HTTP_R_HEAD_SENT | HTTP_R_ENDED | HTTP_R_CLOSE;
        http_conn_send(c, buf, n);
        http_conn_done(c);
    }
}

/* Consumes what it can of buf[0..len) for the request being read: returns
 * the request's length when it is complete (head + body as sent; the
 * parser state still describes it), 0 when more input is needed, -1 when
 * the connection was answered with an error and closed. */
static long step(HttpConn *hc, const char *buf, size_t len)
{
    HttpReq *r = &hc->req;
    if (hc->phase == PH_HEAD) {
        HttpLimits lim = limits(hc->cfg);
        int rc = http_req_parse(r, buf, len, &lim);
        if (rc == 0) {
            arm_deadline(hc);
            return 0;
        }
        if (rc < 0) {
            send_error(hc, -rc);
            return -1;
        }
        hc->head_len = (uint32_t)rc;
        hc->continued = false;
        if (r->chunked) {
            hc->phase = PH_CHUNKED;
            http_chunked_init(&hc->ch, lim.max_body, 0);
            hc->body_len = 0;
            hc->scanned = 0;
        } else {
            hc->phase = PH_BODY;
            hc->need = r->content_length > 0 ? r->content_length : 0;
        }
    }
    size_t hl = hc->head_len;
    if (hc->phase == PH_BODY) {
        if (len - hl < (size_t)hc->need) {
            send_continue(hc);
            arm_deadline(hc);
            return 0;
        }
        return (long)(hl + (size_t)hc->need);
    }
    /* PH_CHUNKED: decode what is new since the last call */
    size_t from = hl + hc->scanned;
    if (from >= len) {
        send_continue(hc);
        arm_deadline(hc);
        return 0;
    }
    size_t avail = len - from;
    if (hc->body_len + avail > hc->body_cap) {
        size_t cap = hc->body_cap ? hc->body_cap : 4096;
        while (cap < hc->body_len + avail) cap *= 2;
        char *nb = realloc(hc->body, cap);
        if (!nb) {
            send_error(hc, 500);
            return -1;
        }
        hc->body = nb;
        hc->body_cap = cap;
    }
    size_t used = 0, out = 0;
    int rc = http_chunked_decode(&hc->ch, buf + from, avail, hc->body + hc->body_len, &used, &out);
    hc->body_len += out;
    hc->scanned += used;
    if (rc < 0) {
        send_error(hc, -rc);
        return -1;
    }
    if (rc == 0) {
        arm_deadline(hc);
        return 0;
    }
    return (long)(hl + hc->scanned);
}

/* Serves the requests at the start of buf[0..len), one at a time in the
 * handler.  Returns the bytes consumed, or -1 when the connection was
 * closed. */
static long serve(HttpConn *hc, const char *buf, size_t len)
{
    size_t off = 0;
    while (!hc->busy && !hc->closed && off < len) {
        long n = step(hc, buf + off, len - off);
        if (n < 0) return -1;
        if (n == 0) break;
        const char *p = buf + off;
        if (hc->phase == PH_CHUNKED)
            dispatch(hc, p, hc->body, hc->body_len);
        else
            dispatch(hc, p, p + hc->head_len, (size_t)n - hc->head_len);
        hc->phase = PH_HEAD;
        http_req_init(&hc->req);
        off += (size_t)n;
    }
    return (long)off;
}

/* Serves what waits in hc->in (after a response completed). */
static void leave(HttpConn *hc)
{
    if (--hc->depth == 0 && hc->closed && !hc->busy) conn_free(hc);
}

static void drive(HttpConn *hc)
{
    if (hc->driving || hc->closed) return;
    hc->depth++;
    hc->driving = true;
    long n = serve(hc, hc->in, hc->in_len);
    hc->driving = false;
    if (n > 0 && !hc->closed) {
        memmove(hc->in, hc->in + n, hc->in_len - (size_t)n);
        hc->in_len -= (size_t)n;
    }
    if (n >= 0 && !hc->closed) http_transport_flow(&hc->t, hc->in_len < in_limit(hc));
    leave(hc);
}

/* ---- the core's hooks ---------------------------------------------------------------- */

HttpConn *http_proto_open(const HttpCfg *cfg)
{
    HttpConn *hc = calloc(1, sizeof *hc);
    if (!hc) return NULL;
    hc->cfg = cfg;
    http_req_init(&hc->req);
    int64_t to = idle_timeout(hc);
    if (to > 0) {
        hc->idle_since = sw_now();
        sw_timer_start(&hc->idle, hc->idle_since + to, 0, on_idle, hc);
    }
    return hc;
}

long http_proto_data(HttpConn *hc, const char *buf, size_t len)
{
    if (hc->closed) return (long)len;
    hc->depth++;
    if (hc->in_len == 0 && !hc->busy) {
        hc->driving = true;
        long n = serve(hc, buf, len);
        hc->driving = false;
        if (n >= 0 && !hc->closed && (size_t)n < len && !keep(hc, buf + n, len - (size_t)n))
            send_error(hc, 500);
    } else if (!keep(hc, buf, len)) {
        send_error(hc, 500);
    } else {
        drive(hc);
    }
    /* a client that pipelines faster than we answer is read no further */
    if (!hc->closed && hc->in_len >= in_limit(hc)) http_transport_flow(&hc->t, false);
    leave(hc);
    return (long)len;
}

bool http_proto_busy(const HttpConn *hc) { return hc->busy != NULL; }

bool http_proto_idle(const HttpConn *hc, bool silent)
{
    return !hc->busy && !hc->closed && (hc->served > 0 || silent) && hc->in_len == 0 && hc->phase == PH_HEAD;
}

HttpTransport *http_proto_transport(HttpConn *hc) { return &hc->t; }

void http_proto_close(HttpConn *hc)
{
    hc->closed = true;
    sw_timer_stop(&hc->timer);
    sw_timer_stop(&hc->idle);
    if (!hc->busy && hc->depth == 0) conn_free(hc);
}

/* ---- what the response side calls --------------------------------------------------- */

bool http_conn_send(HttpCtx *c, const void *p, size_t n)
{
    HttpConn *hc = c->conn;
    if (!hc || hc->closed) return false;
    return http_transport_send(&hc->t, p, n);
}

void **http_conn_gz(HttpCtx *c)
{
    return c->conn ? &c->conn->gz : NULL;
}

bool http_conn_sendfile(HttpCtx *c, const char *path, int64_t off, int64_t len)
{
    HttpConn *hc = c->conn;
    if (!hc || hc->closed) return false;
    return http_transport_sendfile(&hc->t, path, off, len);
}

void http_conn_done(HttpCtx *c)
{
    HttpConn *hc = c->conn;
    if (!hc) return;
    if (hc->gz) {
        http_gz_release(hc->gz);
        hc->gz = NULL;
    }
    c->conn = NULL;
    if (hc->busy == c) hc->busy = NULL;
    if (sw_timer_pending(&hc->idle)) hc->idle_since = sw_now();
    hc->served++;
    http_transport_done(&hc->t);
    if (hc->closed) {
        if (!hc->busy && hc->depth == 0) conn_free(hc);
        return;
    }
    hc->depth++;
    bool close = (c->rflags & HTTP_R_CLOSE) != 0;
    if (close) http_transport_close(&hc->t);   /* after what was sent is flushed */
    http_transport_answered(&hc->t);
    if (!close && !hc->closed) drive(hc);
    leave(hc);
}
