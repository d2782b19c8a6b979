// SPDX-License-Identifier: MIT
/*
 * srv_process.c — ModeProcess for `server.Server`: joins the server core
 * (srv.h: options, ports, framing, the Sw callback hooks, C protocols such
 * as HTTP) to the process model (srv_proc.h: master reactor threads,
 * manager, workers, task workers, pipes).
 *
 * Start (stdlib/server/process.sw) calls sw_srv_proc_start: the process
 * model's configuration is derived from the server's options and its main
 * port, whose already bound socket becomes the master's listener.  In a
 * worker, every connection of the master is mirrored by a remote SrvConn
 * (srv_remote_open): the master's packets are fed to srv_deliver, so the
 * same framing, protocol (HTTP parses in the worker) and hooks run as in
 * ModeBase; Send/Close/Pause of a remote session become pipe messages to
 * the reactor thread that owns it (batched once per loop round).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sw_lib.h"
#include "srv.h"
#include "srv_pipe.h"
#include "srv_proc.h"

/* the //sw:extern functions of stdlib/server/process.sw */
int64_t sw_srv_proc_start(void *h, SrvProcInfo *info, SwString *err);
void sw_srv_proc_worker(void *h, int64_t id, bool task);
void sw_srv_remote_open(void *h, int64_t sid, SwString who);
void sw_srv_deliver(void *h, int64_t sid, SwString data);
void sw_srv_remote_close(void *h, int64_t sid);
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

/* Starts the process model; returns the role this process continues
 * with (SRV_ROLE_*), err set on SRV_ROLE_ERROR. */
int64_t sw_srv_proc_start(void *h, SrvProcInfo *info, SwString *err)
{
    SrvServer *s = h;
    SrvPort *p = s->ports;
    const char *e = NULL;
    if (s->err) e = s->err;
    else if (!p) e = "no port";
    else if (p->next) e = "ModeProcess serves one port (Listen needs ModeBase)";
    else if (p->dgram) e = "ModeProcess serves TCP, TCP6 and Unix stream sockets (use ModeBase for UDP)";
    else if (!p->proto && !p->cb[SRV_EV_RECEIVE] && !s->cb[SRV_EV_RECEIVE]) e = "a stream port needs an OnReceive callback";
    else if (s->opts.heartbeat_check_interval > 0 || s->opts.heartbeat_idle_time > 0)
        e = "ModeProcess has no heartbeat yet (use ModeBase)";
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
    c.host = sw_of(p->host);
    c.port = p->port;
    c.sock_type = p->type;
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
    c.nodelay = o->open_tcp_nodelay;
    c.max_connection = o->max_connection;
    c.package_max_length = p->frame.max_len;
    if (p->proto) {
        c.framing = SRV_PF_HTTP;
    } else if (p->frame.kind == SRV_FRAME_EOF_CHECK || p->frame.kind == SRV_FRAME_EOF_SPLIT) {
        c.framing = SRV_PF_EOF;
        char *eof = sw_alloc_noscan((size_t)p->frame.eof_len);
        memcpy(eof, p->frame.eof, (size_t)p->frame.eof_len);
        c.package_eof = (SwString){(const uint8_t *)eof, p->frame.eof_len};
    } else if (p->frame.kind == SRV_FRAME_LENGTH) {
        c.framing = SRV_PF_LENGTH;
        char *t = sw_alloc_noscan(1);
        t[0] = p->frame.len_type;
        c.length_type = (SwString){(const uint8_t *)t, 1};
        c.length_offset = p->frame.len_offset;
        c.body_offset = p->frame.body_offset;
    }
    c.listen_fd = p->fd;
    int64_t role = sw_proc_start(&c, info, err);
    if (role == SRV_ROLE_MASTER) {
        s->master_pid = (int)info->master_pid;
        s->is_master = true;
    } else if (role == SRV_ROLE_MANAGER) {
        s->master_pid = (int)info->master_pid;
        p->fd = -1;   /* closed by the manager's start-up */
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
    for (SrvPort *p = s->ports; p; p = p->next) p->fd = -1;   /* the master owns the socket */
    srv_sw_hooks(s);
    s->send_remote = remote_send;
    s->close_remote = remote_close;
    s->pause_remote = remote_pause;
    (void)task;
    s->on_busy = sw_proc_busy;
}

void sw_srv_remote_open(void *h, int64_t sid, SwString who)
{
    /* payload "addr\0port" */
    char addr[128] = "";
    int64_t port = 0;
    int64_t i = 0;
    while (i < who.len && who.ptr[i] && i < (int64_t)sizeof addr - 1) {
        addr[i] = (char)who.ptr[i];
        i++;
    }
    addr[i] = 0;
    for (i++; i < who.len && who.ptr[i] >= '0' && who.ptr[i] <= '9'; i++) port = port * 10 + (who.ptr[i] - '0');
    srv_remote_open(h, sid, addr, port);
}

/* A packet of session sid.  Dispatch modes 1 and 3 spread one
 * connection's packets over the workers and send no CONNECT/CLOSE (as in
 * Swoole, OnConnect/OnClose do not fire there): the session then lives
 * here only for the packet, and later Sends go to the master by id. */
void sw_srv_deliver(void *h, int64_t sid, SwString data)
{
    SrvServer *s = h;
    if (srv_conn(s, sid)) {
        srv_deliver(s, sid, data.ptr, data.len);
        return;
    }
    SrvHooks saved = s->hooks;
    s->hooks.connect = NULL;
    srv_remote_open(s, sid, "", 0);
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
    s->hooks.close = NULL;
    srv_remote_close(s, sid);
    s->hooks = saved;
}
void sw_srv_remote_close(void *h, int64_t sid) { srv_remote_close(h, sid); }
void sw_srv_wait_idle(void *h) { srv_wait_idle(h); }
void sw_srv_busy(void *h, int64_t delta) { srv_busy(h, delta); }

/* Runs a lifecycle callback of the core's table: in the calling coroutine
 * for ev >= 0, queued for -ev (srv_sw_call_lifecycle). */
void sw_srv_lifecycle(void *h, int64_t ev, int64_t a, int64_t b, int64_t c, int64_t d)
{
    srv_sw_call_lifecycle(h, (int)ev, a, b, c, d);
}
