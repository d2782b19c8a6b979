// SPDX-License-Identifier: MIT
/*
 * http_port.c — HTTP on a port of the server core: installs the protocol
 * of http_srv.c as the port's SrvProto (srv.h) and implements the
 * transport of http_conn.h with the core's session functions (srv_send,
 * srv_sendfile, srv_close, srv_pause/srv_resume).  The core owns sockets,
 * accept, output queues, workers and signals; this file only translates.
 */
#include <stdio.h>
#include <string.h>

#include "http_conn.h"
#include "http_srv.h"
#include "srv.h"
#include "srv_proc.h"

/* ---- the protocol hooks ------------------------------------------------------------- */

static void proto_open(SrvServer *s, SrvConn *c)
{
    const HttpCfg *cfg = c->port->proto->arg;
    HttpConn *hc = http_proto_open(cfg);
    if (!hc) {
        srv_close(s, c->sid, true);
        return;
    }
    HttpTransport *t = http_proto_transport(hc);
    t->s = s;
    t->sid = c->sid;
    t->remote = (c->flags & SRV_C_REMOTE) != 0;
    c->proto_state = hc;
}

static bool proto_idle(SrvServer *s, SrvConn *c)
{
    (void)s;
    return c->proto_state && http_proto_idle(c->proto_state, sw_now() - c->last_recv > 1000000000);
}

static int64_t proto_data(SrvServer *s, SrvConn *c, const uint8_t *buf, int64_t len)
{
    (void)s;
    HttpConn *hc = c->proto_state;
    if (!hc) return -1;
    http_proto_data(hc, (const char *)buf, (size_t)len);
    return len;     /* the protocol keeps what it cannot use yet */
}

static void proto_close(SrvServer *s, SrvConn *c)
{
    (void)s;
    HttpConn *hc = c->proto_state;
    c->proto_state = NULL;
    if (hc) http_proto_close(hc);
}

/* Makes port p speak HTTP with cfg (cfg NULL: the core's framing again). */
static bool attach(SrvPort *p, HttpCfg *cfg)
{
    if (!p || p->dgram) return false;
    if (!cfg) {
        p->proto = NULL;
        return true;
    }
    SrvProto *pr = sw_alloc(sizeof *pr);    /* GC: the port (GC memory) holds it */
    pr->name = "http";
    pr->on_data = proto_data;
    pr->on_open = proto_open;
    pr->on_close = proto_close;
    pr->idle = proto_idle;
    pr->arg = cfg;
    p->proto = pr;
    return true;
}

/* Makes the server's main port speak HTTP with cfg.  sw is the Sw
 * *server.Server; its first field is the core's SrvServer (stdlib/server:
 * `type Server struct { h *handle; ... }`, h being what sw_srv_new
 * returned).  False when the server has no stream port. */
bool sw_http_attach(void *sw, HttpCfg *cfg)
{
    SrvServer *s = *(SrvServer **)sw;
    return s && attach(s->ports, cfg);
}

/* The same for a port: swp is a Sw *server.Port, `struct { s *Server; h
 * *portHandle; ... }` where h is the SrvPort of an extra port (srv_listen)
 * and nil for the main port. */
bool sw_http_attach_port(void *swp, HttpCfg *cfg)
{
    void **f = swp;
    SrvPort *p = f[1];
    if (!p) {
        SrvServer *s = f[0] ? *(SrvServer **)f[0] : NULL;
        p = s ? s->ports : NULL;
    }
    return attach(p, cfg);
}

/* ---- the transport ------------------------------------------------------------------- */

bool http_transport_send(HttpTransport *t, const void *p, size_t n)
{
    return srv_send(t->s, t->sid, p, (int64_t)n) == SRV_OK;
}

bool http_transport_sendfile(HttpTransport *t, const char *path, int64_t off, int64_t len)
{
    return srv_sendfile(t->s, t->sid, path, off, len) == SRV_OK;
}

void http_transport_close(HttpTransport *t)
{
    srv_close(t->s, t->sid, false);
}

bool http_transport_pending(HttpTransport *t)
{
    SrvConn *c = srv_conn(t->s, t->sid);
    return c && c->out_bytes > 0;
}

bool http_transport_remote(HttpTransport *t) { return t->remote; }

void http_transport_flow(HttpTransport *t, bool on)
{
    SrvConn *c = srv_conn(t->s, t->sid);
    if (!c) return;
    bool paused = (c->flags & SRV_C_PAUSED) != 0;
    if (on && paused) srv_resume(t->s, t->sid);
    else if (!on && !paused) srv_pause(t->s, t->sid);
}

int64_t http_transport_id(HttpTransport *t) { return t->sid; }

void http_transport_done(HttpTransport *t) { srv_request_done(t->s); }

void http_transport_answered(HttpTransport *t)
{
    if (!t->remote) return;
    SrvConn *c = srv_conn(t->s, t->sid);
    if (c && (c->flags & SRV_C_REMOTE)) srv_proc_request_done(t->s, t->sid);
}

size_t http_transport_peer(HttpTransport *t, void *sa, size_t n, int *local_port)
{
    SrvConn *c = srv_conn(t->s, t->sid);
    *local_port = 0;
    if (!c) return 0;
    *local_port = (int)c->port->port;
    int fam = c->peer.ss_family;
    size_t len = fam == AF_INET ? sizeof(struct sockaddr_in) : fam == AF_INET6 ? sizeof(struct sockaddr_in6) : 0;
    if (len > n) return 0;
    memcpy(sa, &c->peer, len);
    return len;
}
