// SPDX-License-Identifier: MIT
/*
 * srv_rframe.h — framing in the master of a ModeProcess server: where a
 * whole packet (or HTTP request) ends in a connection's input, decided by
 * a reactor thread before the packet goes to a worker.  Pure C over
 * buffers, no I/O, no GC memory: the reactor threads call it on each
 * connection's buffered input (srv_reactor.c).
 *
 * EOF and length framing reuse the core's framer (srv_frame.c); HTTP
 * frames one request per packet (head + Content-Length or chunked body).
 */
#ifndef SRV_RFRAME_H
#define SRV_RFRAME_H

#include <stddef.h>
#include <stdint.h>

#include "http_parse.h"
#include "srv.h"

struct SrvProcCfg;

/* A listener's framing, fixed at start-up and read by every thread. */
typedef struct SrvRFrame {
    int kind;                 /* SRV_PF_* (srv_proc.h) */
    SrvFrame f;               /* SRV_PF_EOF, SRV_PF_LENGTH */
    int64_t max_len;          /* PackageMaxLength */
    HttpLimits lim;           /* SRV_PF_HTTP: the port's http limits */
    int64_t header_timeout_ms;/* SRV_PF_HTTP: a begun request must be whole within (408) */
    size_t in_limit;          /* SRV_PF_HTTP: bytes held unanswered before reading stops */
} SrvRFrame;

/* The HTTP request being framed on one connection. */
typedef struct SrvRHttp {
    HttpReq req;
    HttpChunked ch;
    int phase;
    uint32_t head_len;
    int64_t need;             /* Content-Length */
    size_t scanned;           /* chunked: body bytes checked so far */
    int err;                  /* the failure (HTTP_E_*), repeated on later calls */
    bool continued;           /* the interim 100 went out for this request */
    bool want_continue;       /* set by the last call: the client waits for 100 */
} SrvRHttp;

/* Resolves the framing of the process configuration c. */
void srv_rframe_setup(SrvRFrame *f, const struct SrvProcCfg *c);

/* The length of the first whole packet in buf[0..len): > 0, 0 when more
 * bytes are needed, -1 on a protocol error (the caller closes). */
int64_t srv_rframe_next(const SrvRFrame *f, const char *buf, size_t len);

/* HTTP: prepares h for the next request of a connection. */
void srv_rhttp_reset(SrvRHttp *h);
/* HTTP: the request starting at buf[0], always passed whole from its first
 * byte (the parser is incremental).  Returns its length when complete (head
 * + body as sent), 0 when more bytes are needed (h->want_continue: the head
 * asked for 100-continue and no body is complete yet, as ModeBase decides),
 * or an HTTP_E_* code (-status), which later calls repeat. */
int64_t srv_rframe_http(const SrvRFrame *f, SrvRHttp *h, const char *buf, size_t len);
/* The canned error answer of the http layer (http_error_response), built
 * without its per-process date cache: reactor threads call it. */
size_t srv_rframe_error(char *out, size_t cap, int code);

#endif
