// SPDX-License-Identifier: MIT
/*
 * srv_sw.c — the Sw binding of the server core: the hooks that turn core
 * events into coroutines running the user's Sw closures (one new coroutine
 * per event, queued in arrival order, so the packets of one connection
 * start in order), panic isolation, and the //sw:extern functions of
 * stdlib/server/server.sw.
 *
 * Isolation: every callback runs under a recovery frame (srv_protected).
 * A panic is logged with its message and the Sw stack (printed while the
 * panicking frames are still on the stack, from the deferred recovery
 * record), then swallowed; after OnReceive the connection is closed.
 *
 * Per packet: one GC block holds the call record and the packet bytes
 * (small packets) or two blocks (the bytes unscanned), then sw_go_queued.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sw_lib.h"
#include "sw_trace.h"
#include "srv.h"

/* server.ClientInfo (stdlib/server/server.sw), field for field. */
typedef struct SrvClientInfo {
    SwString address;
    int64_t port;
    int64_t server_port;
    int64_t server_fd;
    int64_t socket_type;
    int64_t connect_time;
    int64_t last_time;
    int64_t last_send_time;
    int64_t reactor_id;
    int64_t worker_id;
} SrvClientInfo;

/* server.Stats, field for field. */
typedef struct SrvSwStats {
    int64_t start_time, connection_num, accept_count, close_count, request_count, abort_count,
        worker_id, coroutine_num;
} SrvSwStats;

typedef struct SrvCall {
    SrvServer *srv;
    SwFunc *f;
    int ev;
    int64_t a, b, c, d;
    SwString data;
    SrvClientInfo info;       /* OnPacket */
} SrvCall;

static const char *const ev_names[SRV_EV_N] = {
    "OnStart", "OnShutdown", "OnWorkerStart", "OnWorkerStop", "OnWorkerError", "OnConnect",
    "OnReceive", "OnPacket", "OnClose", "OnBufferFull", "OnBufferEmpty",
};

/* ---- panic isolation --------------------------------------------------------------------- */

typedef struct SrvTry {
    SwDefer h;
    bool caught;
    SrvServer *srv;
    const char *what;
    int64_t sid;
} SrvTry;

static void try_recover(SwDefer *self)
{
    SrvTry *r = (SrvTry *)self;
    SwPanic *p = sw_recover_claim((const void *)try_recover);
    if (!p) return;   /* normal exit */
    SwIface v = p->value;
    SwString msg = sw_fmt_sprint((SwSlice){&v, 1, 1});
    char sid[48] = "";
    if (r->sid > 0) snprintf(sid, sizeof sid, " (session %lld)", (long long)r->sid);
    srv_log(r->srv, SRV_LOG_ERROR, "panic in %s%s: %.*s", r->what, sid, (int)(msg.len > 800 ? 800 : msg.len),
            (const char *)msg.ptr);
    if (!r->srv || r->srv->log_level < SRV_LOG_NONE) sw_trace_print(r->srv && r->srv->log_fd > 0 ? r->srv->log_fd : 2);
    r->caught = true;
    sw_recover(p);
}

static bool protected_sid(SrvServer *s, const char *what, int64_t sid, void (*fn)(void *), void *arg)
{
    SwDeferFrame df;
    SrvTry rec;
    memset(&rec, 0, sizeof rec);
    rec.h.fn = try_recover;
    rec.h.target = (const void *)try_recover;
    rec.srv = s;
    rec.what = what;
    rec.sid = sid;
    sw_defer_enter(&df);
    sw_defer_push(&df, &rec.h);
    if (__builtin_setjmp(df.jb)) goto done;
    fn(arg);
done:
    sw_defer_exit(&df);
    volatile SrvTry *vr = &rec;
    return !vr->caught;
}

bool srv_protected(SrvServer *s, const char *what, void (*fn)(void *), void *arg)
{
    return protected_sid(s, what, 0, fn, arg);
}

/* ---- calling the closures ---------------------------------------------------------------------- */

static void invoke(void *arg)
{
    SrvCall *k = arg;
    SwFunc *f = k->f;
    void *self = k->srv->self;
    switch (k->ev) {
    case SRV_EV_START: case SRV_EV_SHUTDOWN:
        ((void (*)(SwFunc *, void *))f->fn)(f, self);
        break;
    case SRV_EV_WORKER_START: case SRV_EV_WORKER_STOP:
        ((void (*)(SwFunc *, void *, int64_t))f->fn)(f, self, k->a);
        break;
    case SRV_EV_WORKER_ERROR:
        ((void (*)(SwFunc *, void *, int64_t, int64_t, int64_t, int64_t))f->fn)(f, self, k->a, k->b, k->c, k->d);
        break;
    case SRV_EV_CONNECT: case SRV_EV_CLOSE:
        ((void (*)(SwFunc *, void *, int64_t, int64_t))f->fn)(f, self, k->a, k->b);
        break;
    case SRV_EV_RECEIVE:
        ((void (*)(SwFunc *, void *, int64_t, int64_t, SwString))f->fn)(f, self, k->a, k->b, k->data);
        break;
    case SRV_EV_PACKET:
        ((void (*)(SwFunc *, void *, SwString, SrvClientInfo))f->fn)(f, self, k->data, k->info);
        break;
    case SRV_EV_BUFFER_FULL: case SRV_EV_BUFFER_EMPTY:
        ((void (*)(SwFunc *, void *, int64_t))f->fn)(f, self, k->a);
        break;
    }
}

/* Body of a callback coroutine. */
static void call_entry(void *arg)
{
    SrvCall *k = arg;
    int64_t sid = k->ev == SRV_EV_RECEIVE || k->ev == SRV_EV_CONNECT ? k->a : 0;
    if (!protected_sid(k->srv, ev_names[k->ev], sid, invoke, k) && k->ev == SRV_EV_RECEIVE)
        srv_close(k->srv, k->a, true);
    if (k->ev == SRV_EV_RECEIVE) srv_receive_done(k->srv, k->a);
    srv_busy(k->srv, -1);
}

void srv_busy(SrvServer *s, int64_t delta)
{
    s->inflight += delta;
    if (s->on_busy) s->on_busy(delta);
    if (s->inflight == 0 && s->idle_co) {
        SwCo *co = s->idle_co;
        s->idle_co = NULL;
        sw_co_ready(co);
    }
}

void srv_wait_idle(SrvServer *s)
{
    while (s->inflight > 0) {
        s->idle_co = sw_co_self();
        sw_co_park("server idle", s);
    }
}

static SwFunc *cb_of(SrvServer *s, SrvPort *p, int ev)
{
    if (p && p->cb[ev]) return p->cb[ev];
    return s->cb[ev];
}

static SrvCall *new_call(SrvServer *s, SwFunc *f, int ev, const uint8_t *data, int64_t len)
{
    SrvCall *k;
    if (len <= 512) {
        k = sw_alloc(sizeof *k + (size_t)len);
        if (len) memcpy(k + 1, data, (size_t)len);
        k->data = (SwString){(const uint8_t *)(k + 1), len};
    } else {
        k = sw_alloc(sizeof *k);
        uint8_t *b = sw_alloc_noscan((size_t)len);
        memcpy(b, data, (size_t)len);
        k->data = (SwString){b, len};
    }
    k->srv = s;
    k->f = f;
    k->ev = ev;
    return k;
}

static void spawn_queued(SrvCall *k)
{
    srv_busy(k->srv, 1);
    sw_go_queued(call_entry, k);
}

/* The callbacks' reactorID: in a ModeProcess worker the master's reactor
 * thread that owns the session (sessions are numbered per thread: sid-1
 * modulo R), else the worker id (each ModeBase worker is its own reactor). */
static int64_t reactor_of(SrvServer *s, const SrvConn *c)
{
    if ((c->flags & SRV_C_REMOTE) && s->reactor_num > 0) return (c->sid - 1) % s->reactor_num;
    return s->worker_id;
}

static void ev_conn(SrvServer *s, SrvConn *c, int ev)
{
    SwFunc *f = cb_of(s, c->port, ev);
    if (!f) return;
    SrvCall *k = new_call(s, f, ev, NULL, 0);
    k->a = c->sid;
    k->b = reactor_of(s, c);
    spawn_queued(k);
}

static void h_connect(SrvServer *s, SrvConn *c) { ev_conn(s, c, SRV_EV_CONNECT); }
static void h_close(SrvServer *s, SrvConn *c) { ev_conn(s, c, SRV_EV_CLOSE); }
static void h_full(SrvServer *s, SrvConn *c) { ev_conn(s, c, SRV_EV_BUFFER_FULL); }
static void h_empty(SrvServer *s, SrvConn *c) { ev_conn(s, c, SRV_EV_BUFFER_EMPTY); }

static void h_receive(SrvServer *s, SrvConn *c, const uint8_t *data, int64_t len)
{
    SwFunc *f = cb_of(s, c->port, SRV_EV_RECEIVE);
    if (!f) return;
    SrvCall *k = new_call(s, f, SRV_EV_RECEIVE, data, len);
    k->a = c->sid;
    k->b = reactor_of(s, c);
    c->inflight++;
    spawn_queued(k);
}

static SwString gc_cstr(const char *p)
{
    size_t n = strlen(p);
    uint8_t *b = sw_alloc_noscan(n ? n : 1);
    memcpy(b, p, n);
    return (SwString){b, (int64_t)n};
}

static void h_packet(SrvServer *s, SrvPort *p, const uint8_t *data, int64_t len, const struct sockaddr *from,
                     socklen_t fromlen)
{
    SwFunc *f = cb_of(s, p, SRV_EV_PACKET);
    if (!f) return;
    SrvCall *k = new_call(s, f, SRV_EV_PACKET, data, len);
    char addr[112];
    srv_sock_name(from, fromlen, addr, sizeof addr, &k->info.port);
    k->info.address = gc_cstr(addr);
    k->info.server_port = p->port;
    k->info.server_fd = p->fd;
    k->info.socket_type = p->type;
    k->info.worker_id = s->worker_id;
    k->info.reactor_id = s->cur_reactor >= 0 && s->reactor_num > 0 ? s->cur_reactor : s->worker_id;
    spawn_queued(k);
}

void srv_sw_hooks(SrvServer *s)
{
    s->hooks.connect = h_connect;
    s->hooks.receive = h_receive;
    s->hooks.close = h_close;
    s->hooks.packet = h_packet;
    s->hooks.buffer_full = h_full;
    s->hooks.buffer_empty = h_empty;
}

void srv_sw_call_lifecycle(SrvServer *s, int ev, int64_t a, int64_t b, int64_t c, int64_t d)
{
    bool queued = ev < 0;
    if (queued) ev = -ev;
    SwFunc *f = s->cb[ev];
    if (!f) return;
    SrvCall *k = new_call(s, f, ev, NULL, 0);
    k->a = a;
    k->b = b;
    k->c = c;
    k->d = d;
    if (queued) spawn_queued(k);
    else protected_sid(s, ev_names[ev], 0, invoke, k);
}

/* ---- externs of stdlib/server ------------------------------------------------------------------- */

void *sw_srv_new(SwString host, int64_t port, int64_t mode, int64_t type, void *self)
{
    SrvServer *s = srv_new(sw_str_cstr(host), port, (int)mode, (int)type);
    s->self = self;
    return s;
}

static SwString err_str(const char *e)
{
    return e ? gc_cstr(e) : (SwString){0};
}

SwString sw_srv_err(void *h) { return err_str(((SrvServer *)h)->err); }

void *sw_srv_listen(void *h, SwString host, int64_t port, int64_t type)
{
    return srv_listen(h, sw_str_cstr(host), port, (int)type);
}

SwString sw_srv_set(void *h, SrvOptions *o) { return err_str(srv_set(h, o)); }
SwString sw_srv_port_set(void *p, SrvOptions *o) { return err_str(srv_port_set(p, o)); }
int64_t sw_srv_port_num(void *p) { return ((SrvPort *)p)->port; }

static void set_cb(void *h, void *p, int64_t ev, SwFunc *f)
{
    if (ev < 0 || ev >= SRV_EV_N) return;
    if (p) ((SrvPort *)p)->cb[ev] = f;
    else ((SrvServer *)h)->cb[ev] = f;
}

/* One symbol per callback shape (the Sw declarations differ in type). */
#define CB_SETTER(name) \
    void name(void *h, void *p, int64_t ev, SwFunc *f) { set_cb(h, p, ev, f); }
CB_SETTER(sw_srv_cb_server)
CB_SETTER(sw_srv_cb_worker)
CB_SETTER(sw_srv_cb_worker_error)
CB_SETTER(sw_srv_cb_conn)
CB_SETTER(sw_srv_cb_receive)
CB_SETTER(sw_srv_cb_packet)
CB_SETTER(sw_srv_cb_fd)

SwString sw_srv_start(void *h)
{
    return err_str(srv_start(h));
}

int64_t sw_srv_send(void *h, int64_t fd, SwString data) { return srv_send(h, fd, data.ptr, data.len); }

int64_t sw_srv_sendfile(void *h, int64_t fd, SwString path, int64_t off, int64_t len)
{
    return srv_sendfile(h, fd, sw_str_cstr(path), off, len);
}

bool sw_srv_sendto(void *h, SwString addr, int64_t port, SwString data)
{
    return srv_sendto(h, sw_str_cstr(addr), port, data.ptr, data.len);
}

bool sw_srv_close(void *h, int64_t fd, bool reset) { return srv_close(h, fd, reset); }

bool sw_srv_exists(void *h, int64_t fd) { return srv_conn(h, fd) != NULL; }

bool sw_srv_pause(void *h, int64_t fd, bool pause) { return pause ? srv_pause(h, fd) : srv_resume(h, fd); }

bool sw_srv_info(void *h, int64_t fd, SrvClientInfo *out)
{
    SrvServer *s = h;
    SrvConn *c = srv_conn(s, fd);
    if (!c) return false;
    char addr[112];
    srv_sock_name((struct sockaddr *)&c->peer, c->peer_len, addr, sizeof addr, &out->port);
    out->address = gc_cstr(addr);
    out->server_port = c->port->port;
    out->server_fd = c->port->fd;
    out->socket_type = c->port->type;
    out->connect_time = c->connect_time;
    out->last_time = c->last_recv_wall;
    out->last_send_time = c->last_send_wall;
    out->worker_id = s->worker_id;
    out->reactor_id = reactor_of(s, c);
    return true;
}

static SwSlice int_slice(const int64_t *v, int64_t n)
{
    int64_t *b = sw_alloc_noscan((size_t)(n ? n : 1) * sizeof *b);
    if (n) memcpy(b, v, (size_t)n * sizeof *b);
    return (SwSlice){b, n, n};
}

SwSlice sw_srv_list(void *h)
{
    int64_t n = srv_list(h, NULL, 0);
    int64_t *v = malloc((size_t)(n ? n : 1) * sizeof *v);
    if (!v) return (SwSlice){0};
    n = srv_list(h, v, n);
    SwSlice r = int_slice(v, n);
    free(v);
    return r;
}

SwSlice sw_srv_heartbeat(void *h, bool close_them)
{
    int64_t n = srv_heartbeat(h, false, NULL, 0);
    int64_t *v = malloc((size_t)(n ? n : 1) * sizeof *v);
    if (!v) return (SwSlice){0};
    n = srv_heartbeat(h, close_them, v, n);
    SwSlice r = int_slice(v, n);
    free(v);
    return r;
}

void sw_srv_stats(void *h, SrvSwStats *out)
{
    SrvServer *s = h;
    out->start_time = s->stats.start_time;
    out->connection_num = s->stats.connection_num;
    out->accept_count = s->stats.accept_count;
    out->close_count = s->stats.close_count;
    out->request_count = s->stats.request_count;
    out->abort_count = s->stats.abort_count;
    out->worker_id = s->worker_id;
    SwCoStats cs;
    sw_co_stats(&cs);
    out->coroutine_num = cs.alive;
}

/* which: 0 WorkerID, 1 WorkerPID, 2 MasterPID, 3 WorkerNum, 4 main port */
int64_t sw_srv_id(void *h, int64_t which)
{
    SrvServer *s = h;
    switch (which) {
    case 0: return s->worker_id;
    case 1: return s->running ? s->worker_pid : getpid();
    case 2: return s->master_pid;
    case 4: return s->ports ? s->ports->port : 0;
    default: return s->worker_num;
    }
}

void sw_srv_shutdown(void *h) { srv_shutdown(h); }
void sw_srv_stop(void *h) { srv_stop(h); }
