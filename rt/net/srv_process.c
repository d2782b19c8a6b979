// SPDX-License-Identifier: MIT
/*
 * srv_process.c — ModeProcess for `server.Server`: joins the server core
 * (srv.h: options, ports, framing, the Sw callback hooks, C protocols such
 * as HTTP) to the process model (srv_proc.h: master reactor threads,
 * manager, workers, task workers, pipes).
 *
 * Start (stdlib/server/process.sw) calls sw_srv_proc_start: the process
 * model's configuration is derived from the server's options and its
 * ports, whose already bound sockets become the master's listeners (the
 * datagram sockets stay open in the workers too, for SendTo).  In a
 * worker, every connection of the master is mirrored by a remote SrvConn
 * (srv_remote_open): the master's packets are fed to srv_deliver, so the
 * same framing, protocol (HTTP parses in the worker) and hooks run as in
 * ModeBase; Send/Close/Pause of a remote session become pipe messages to
 * the reactor thread that owns it (batched once per loop round).  The
 * master's messages carry the port index, so a session gets its port's
 * framing and callbacks; a datagram arrives as a PACKET message (the
 * packet hook, OnPacket).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sw_lib.h"
#include "http_srv.h"
#include "srv.h"
#include "srv_pipe.h"
#include "srv_proc.h"

/* the //sw:extern functions of stdlib/server/process.sw */
int64_t sw_srv_proc_start(void *h, SrvProcInfo *info, SwString *err);
void sw_srv_proc_worker(void *h, int64_t id, bool task);
void sw_srv_remote_open(void *h, int64_t sid, int64_t port_idx, SwString who);
void sw_srv_deliver(void *h, int64_t sid, int64_t port_idx, SwString data);
void sw_srv_packet(void *h, int64_t port_idx, int64_t reactor, SwString data);
void sw_srv_remote_close(void *h, int64_t sid);
void sw_srv_remote_buffer(void *h, int64_t sid, bool full);
void sw_srv_wait_idle(void *h);
void sw_srv_busy(void *h, int64_t delta);
void sw_srv_lifecycle(void *h, int64_t ev, int64_t a, int64_t b, int64_t c, int64_t d);

static bool remote_send(SrvServer *s, int64_t sid, const uint8_t *p, int64_t n)
{
    (void)s;
    return sw_proc_send(sid, (SwString){p, n}, SRV_M_SEND);
}

static bool remote_close(SrvServer *s, int64_t sid)
{
    (void)s;
    return sw_proc_send(sid, (SwString){NULL, 0}, SRV_M_CLOSE_REQ);
}

static bool remote_pause(SrvServer *s, int64_t sid, bool pause)
{
    (void)s;
    return sw_proc_send(sid, (SwString){(const uint8_t *)(pause ? "\1" : "\0"), 1}, SRV_M_PAUSE);
}

static SwString sw_of(const char *p)
{
    return (SwString){(const uint8_t *)p, (int64_t)strlen(p)};
}

/* The master's view of one port: socket, framing, per-connection options. */
static void port_cfg(SrvServer *s, SrvPort *p, SrvProcCfg *c)
{
    const SrvOptions *o = srv_port_opts(p);
    c->host = sw_of(p->host);
    c->port = p->port;
    c->sock_type = p->type;
    c->listen_fd = p->fd;
    c->tls_ctx = p->tls_ctx;
    c->nodelay = o->open_tcp_nodelay;
    c->keepalive = o->open_tcp_keepalive;
    c->keep_idle = o->tcp_keep_idle;
    c->keep_interval = o->tcp_keep_interval;
    c->keep_count = o->tcp_keep_count;
    c->package_max_length = p->frame.max_len;
    (void)s;
    if (p->dgram) return;
    if (p->proto) {
        c->framing = SRV_PF_HTTP;
        if (!strcmp(p->proto->name, "http") && p->proto->arg) {
            const HttpCfg *hc = p->proto->arg;
            c->http_max_header = hc->max_header;
            c->http_max_uri = hc->max_uri;
            c->http_max_body = hc->max_body;
            c->http_header_timeout_ms = hc->header_timeout_ns / 1000000;
        }
    } else if (p->frame.kind == SRV_FRAME_EOF_CHECK || p->frame.kind == SRV_FRAME_EOF_SPLIT) {
        c->framing = SRV_PF_EOF;
        char *eof = sw_alloc_noscan((size_t)p->frame.eof_len);
        memcpy(eof, p->frame.eof, (size_t)p->frame.eof_len);
        c->package_eof = (SwString){(const uint8_t *)eof, p->frame.eof_len};
    } else if (p->frame.kind == SRV_FRAME_LENGTH) {
        c->framing = SRV_PF_LENGTH;
        char *t = sw_alloc_noscan(1);
        t[0] = p->frame.len_type;
        c->length_type = (SwString){(const uint8_t *)t, 1};
        c->length_offset = p->frame.len_offset;
        c->body_offset = p->frame.body_offset;
    }
}

/* The checks of ModeBase's Start (srv_manager.c base_check), same messages. */
static const char *check_ports(SrvServer *s)
{
    for (SrvPort *p = s->ports; p; p = p->next) {
        if (p->fd < 0) return "a port is not bound";
        if (p->proto) continue;
        if (p->dgram && !p->cb[SRV_EV_PACKET] && !s->cb[SRV_EV_PACKET])
            return "a datagram port needs an OnPacket callback";
        if (!p->dgram && !p->cb[SRV_EV_RECEIVE] && !s->cb[SRV_EV_RECEIVE])
            return "a stream port needs an OnReceive callback";
    }
    return NULL;
}

/* Starts the process model; returns the role this process continues
 * with (SRV_ROLE_*), err set on SRV_ROLE_ERROR. */
int64_t sw_srv_proc_start(void *h, SrvProcInfo *info, SwString *err)
{
    SrvServer *s = h;
    SrvPort *p = s->ports;
    const char *e = NULL;
    if (s->err) e = s->err;
    else if (!p) e = "no port";
    else e = check_ports(s);
    if (!e) e = srv_tls_setup(s);   /* SSL contexts, shared by the master's reactor threads */
    if (e) {
        size_t n = strlen(e);
        char *m = sw_alloc_noscan(n + 1);
        memcpy(m, e, n);
        *err = (SwString){(const uint8_t *)m, (int64_t)n};
        return SRV_ROLE_ERROR;
    }
    const SrvOptions *o = &s->opts;
    SrvProcCfg c;
    memset(&c, 0, sizeof c);
    port_cfg(s, p, &c);
    c.worker_num = o->worker_num;
    c.reactor_num = o->reactor_num;
    c.task_worker_num = o->task_worker_num;
    c.dispatch_mode = o->dispatch_mode;
    c.max_request = o->max_request;
    c.max_wait_time = o->max_wait_time > 0 ? (int64_t)(o->max_wait_time + 0.999) : 0;
    c.reload_async = o->reload_async;
    c.daemonize = o->daemonize;
    c.backlog = o->backlog;
    c.log_file = o->log_file;
    c.pid_file = o->pid_file;
    c.log_level = o->log_level;
    c.max_connection = o->max_connection;
    c.heartbeat_check_interval = o->heartbeat_check_interval;
    c.heartbeat_idle_time = o->heartbeat_idle_time;
    for (SrvPort *q = p->next; q; q = q->next) c.nports++;
    if (c.nports) {
        c.ports = sw_alloc(sizeof *c.ports * (size_t)c.nports);
        int i = 0;
        for (SrvPort *q = p->next; q; q = q->next, i++) port_cfg(s, q, &c.ports[i]);
    }
    int64_t outsize;
    srv_buffer_limits(o, &c.buffer_limit, &c.buffer_high, &c.buffer_low, &outsize);
    c.send_yield = o->send_yield;
    int64_t role = sw_proc_start(&c, info, err);
    if (role == SRV_ROLE_MASTER) {
        s->master_pid = (int)info->master_pid;
        s->is_master = true;
    } else if (role == SRV_ROLE_MANAGER) {
        s->master_pid = (int)info->master_pid;
        /* the manager closed the stream listeners; datagram sockets stay
         * open in it and the workers (SendTo writes on them directly) */
        for (SrvPort *q = p; q; q = q->next)
            if (!q->dgram) q->fd = -1;
    }
    s->worker_num = (int)sw_proc_worker_num();
    return role;
}

/* A worker or task worker (id) begins: the core serves remote sessions. */
void sw_srv_proc_worker(void *h, int64_t id, bool task)
{
    SrvServer *s = h;
    s->worker_id = (int)id;
    s->worker_pid = (int)getpid();
    s->worker_num = (int)sw_proc_worker_num();
    s->reactor_num = (int)sw_proc_npipes();
    s->running = true;
    s->stats.start_time = (int64_t)time(NULL);
    s->max_conn = s->opts.max_connection > 0 ? s->opts.max_connection : 1 << 20;
    for (SrvPort *p = s->ports; p; p = p->next)
        if (!p->dgram) p->fd = -1;   /* the master owns the socket */
    s->hb_interval = s->opts.heartbeat_check_interval;
    s->hb_idle = s->opts.heartbeat_idle_time;
    s->cur_reactor = -1;
    srv_sw_hooks(s);
    s->send_remote = remote_send;
    s->close_remote = remote_close;
    s->pause_remote = remote_pause;
    (void)task;
    s->on_busy = sw_proc_busy;
}

static SrvPort *port_at(SrvServer *s, int64_t idx)
{
    SrvPort *p = s->ports;
    for (int64_t i = 0; p && i < idx; i++) p = p->next;
    return p ? p : s->ports;
}

/* Reads "addr\0port" (the port's digits end at a NUL or the end) into
 * addr/port; returns the bytes used, the NUL after the port included. */
static int64_t peer_of(SwString who, char addr[128], int64_t *port)
{
    int64_t i = 0;
    while (i < who.len && who.ptr[i] && i < 127) {
        addr[i] = (char)who.ptr[i];
        i++;
    }
    addr[i] = 0;
    while (i < who.len && who.ptr[i]) i++;   /* an overlong address */
    *port = 0;
    for (i++; i < who.len && who.ptr[i] >= '0' && who.ptr[i] <= '9'; i++) *port = *port * 10 + (who.ptr[i] - '0');
    return i < who.len ? i + 1 : who.len;
}

void sw_srv_remote_open(void *h, int64_t sid, int64_t port_idx, SwString who)
{
    /* payload "addr\0port" */
    char addr[128];
    int64_t port;
    peer_of(who, addr, &port);
    srv_remote_open_on(h, port_at(h, port_idx), sid, addr, port);
}

/* Ends a session of this worker without OnClose (dispatch modes 1, 3). */
static void silent_close(SrvServer *s, int64_t sid)
{
    SrvHooks saved = s->hooks;
    s->hooks.close = NULL;
    srv_remote_close(s, sid);
    s->hooks = saved;
}

/* A packet of session sid.  Dispatch modes 1 and 3 spread one
 * connection's packets over the workers and send no CONNECT/CLOSE (as in
 * Swoole, OnConnect/OnClose do not fire there): the session then lives
 * here only for the packet, and later Sends go to the master by id.  An
 * HTTP request keeps it until its response is complete (the handler may
 * answer later): srv_proc_request_done ends it, and the master passes the
 * connection's next request only then. */
void sw_srv_deliver(void *h, int64_t sid, int64_t port_idx, SwString data)
{
    SrvServer *s = h;
    SrvPort *port = port_at(s, port_idx);
    char addr[128] = "";
    int64_t pn = 0;
    if ((s->opts.dispatch_mode == 1 || s->opts.dispatch_mode == 3) && port && port->proto) {
        /* HTTP in modes 1, 3: the client's "addr\0port\0" comes first (the
         * master's srv_reactor.c; there is no CONNECT to carry it) */
        int64_t k = peer_of(data, addr, &pn);
        data.ptr += k;
        data.len -= k;
    }
    if (srv_conn(s, sid)) {
        srv_deliver(s, sid, data.ptr, data.len);
        return;
    }
    SrvHooks saved = s->hooks;
    s->hooks.connect = NULL;
    srv_remote_open_on(s, port, sid, addr, pn);
    s->hooks = saved;
    int64_t dm = s->opts.dispatch_mode;
    if (dm != 1 && dm != 3) {
        /* modes 2 and 4: a connection opened before this worker replaced
         * its predecessor (reload, MaxRequest): it stays here from now on
         * (its OnConnect ran in the predecessor) */
        srv_deliver(s, sid, data.ptr, data.len);
        return;
    }
    srv_deliver(s, sid, data.ptr, data.len);
    SrvConn *c = srv_conn(s, sid);
    if (c && c->port && c->port->proto && !(c->flags & SRV_C_CLOSING)) return;
    silent_close(s, sid);
}

void srv_proc_request_done(SrvServer *s, int64_t sid)
{
    sw_proc_send(sid, (SwString){NULL, 0}, SRV_M_DONE);
    if (s->opts.dispatch_mode == 1 || s->opts.dispatch_mode == 3) silent_close(s, sid);
}

/* A datagram read by reactor thread `reactor` on port port_idx: the
 * payload is a u16 address length, the sender's address, the bytes. */
void sw_srv_packet(void *h, int64_t port_idx, int64_t reactor, SwString data)
{
    SrvServer *s = h;
    uint16_t alen;
    if (data.len < 2) return;
    memcpy(&alen, data.ptr, 2);
    if (alen > sizeof(struct sockaddr_storage) || (int64_t)alen + 2 > data.len) return;
    struct sockaddr_storage from;
    memset(&from, 0, sizeof from);
    memcpy(&from, data.ptr + 2, alen);
    s->stats.request_count++;
    if (!s->hooks.packet) return;
    s->cur_reactor = (int)reactor;
    s->hooks.packet(s, port_at(s, port_idx), data.ptr + 2 + alen, data.len - 2 - alen, (struct sockaddr *)&from,
                    alen);
    s->cur_reactor = -1;
}
void sw_srv_remote_close(void *h, int64_t sid) { srv_remote_close(h, sid); }

void sw_srv_remote_buffer(void *h, int64_t sid, bool full) { srv_remote_buffer(h, sid, full); }
void sw_srv_wait_idle(void *h) { srv_wait_idle(h); }
void sw_srv_busy(void *h, int64_t delta) { srv_busy(h, delta); }

/* Runs a lifecycle callback of the core's table: in the calling coroutine
 * for ev >= 0, queued for -ev (srv_sw_call_lifecycle). */
void sw_srv_lifecycle(void *h, int64_t ev, int64_t a, int64_t b, int64_t c, int64_t d)
{
    srv_sw_call_lifecycle(h, (int)ev, a, b, c, d);
}
