// SPDX-License-Identifier: MIT
/*
 * srv_manager.c — the one parent of a server's processes, for both modes
 * (seed §14.3): the manager forks the workers and task workers, restarts
 * any that dies (OnWorkerError), reloads them one at a time on SIGUSR1
 * (all) or SIGUSR2 (task workers), replaces a worker that exits 0 on its
 * own (MaxRequest), and on SIGTERM stops them all (SIGKILL after
 * MaxWaitTime).
 *
 * ModeProcess: the master (srv_reactor.c) forks the manager.  ModeBase:
 * the process that calls Start is master and manager at once
 * (sw_srv_base_start below); each worker serves its own SO_REUSEPORT
 * listener.  ModeBase with WorkerNum 1, no task workers and no MaxRequest
 * has no manager at all: the process is the worker (srv_base.c).
 *
 * sw_proc_manager_run is called by the Sw side of the manager
 * (stdlib/server/manager.sw) and returns in each forked child with
 * SRV_ROLE_WORKER or SRV_ROLE_TASK: the child continues as that worker
 * from the same call.  In the manager it returns SRV_ROLE_MGR_EVENT when a
 * worker died abnormally (the Sw side runs OnWorkerError and calls again)
 * and SRV_ROLE_MGR_EXIT when everything has stopped.
 */
#define _GNU_SOURCE
#define SRV_PROC_INTERNAL
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "co/co.h"
#include "srv.h"
#include "srv_pipe.h"
#include "srv_proc.h"

#define P srv_proc

static pid_t *pids;            /* [id] current process, 0 when none */
static pid_t *retiring;        /* [id] the old process of a reload, 0 when none */
static int64_t *retire_at;     /* [id] when it was asked to stop (ns) */
static bool started, stopping;
static int64_t stop_at;
static int *reload_q, reload_n, reload_pos;   /* ids to reload, in order */
static bool reload_busy;       /* waiting for the current old worker to end */
static int reload_id = -1;

static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Forks worker `id`; returns its role in the child, 0 in the manager. */
static int spawn(int id)
{
    fflush(stdout);
    pid_t p = fork();
    if (p < 0) {
        srv_proc_logf(5, "fork of worker %d failed: %s", id, strerror(errno));
        return 0;
    }
    if (p > 0) {
        pids[id] = p;
        return 0;
    }
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != P.manager_pid) _exit(0);
    P.id = id;
    P.role = id < P.W ? SRV_ROLE_WORKER : SRV_ROLE_TASK;
    /* P.sigfd stays: a signalfd reads the signals of whoever reads it */
    /* Keep only this process's ends: a worker its pipe ends and its own
     * inbox; every process the write ends of all inboxes. */
    int N = P.W + P.T;
    for (int i = 0; i < P.R * P.W; i++)
        if (P.role != SRV_ROLE_WORKER || i % P.W != id) close(P.wpipe[i][1]);
    for (int i = 0; i < N; i++)
        if (i != id) close(P.inbox[i][0]);
    __atomic_store_n(&P.busy[id], 0, __ATOMIC_RELAXED);
    return P.role;
}

static int find(pid_t p, bool *old)
{
    for (int i = 0; i < P.W + P.T; i++) {
        if (pids[i] == p) return *old = false, i;
        if (retiring[i] == p) return *old = true, i;
    }
    return -1;
}

static bool all_gone(void)
{
    for (int i = 0; i < P.W + P.T; i++)
        if (pids[i] || retiring[i]) return false;
    return true;
}

static void start_reload(int from, int to)
{
    if (reload_n > reload_pos) {
        srv_proc_logf(3, "reload already in progress");
        return;
    }
    free(reload_q);
    reload_q = malloc(sizeof(int) * (size_t)(to - from + 1));
    reload_n = reload_pos = 0;
    for (int i = from; i < to; i++) reload_q[reload_n++] = i;
    srv_proc_logf(2, "reloading %s", from == 0 ? "workers" : "task workers");
}

/* Advances the reload: asks the next old worker to stop.  Returns a child
 * role when a ReloadAsync successor was forked and we are it. */
static int reload_step(void)
{
    if (stopping || reload_busy || reload_pos >= reload_n) return 0;
    int id = reload_q[reload_pos++];
    if (!pids[id]) return 0;
    retiring[id] = pids[id];
    retire_at[id] = now_ns();
    pids[id] = 0;
    kill(retiring[id], SIGTERM);
    if (P.cfg.reload_async) return spawn(id);   /* the new one starts at once */
    reload_busy = true;
    reload_id = id;
    return 0;
}

int64_t sw_proc_manager_run(SrvProcInfo *info)
{
    int N = P.W + P.T;
    int sfd = srv_proc_signalfd();
    if (!started) {
        started = true;
        pids = calloc((size_t)N, sizeof *pids);
        retiring = calloc((size_t)N, sizeof *retiring);
        retire_at = calloc((size_t)N, sizeof *retire_at);
        for (int i = 0; i < N; i++) {
            int role = spawn(i);
            if (role) goto child;
        }
    }
    for (;;) {
        int role = reload_step();
        if (role) goto child;
        if (stopping && all_gone()) return SRV_ROLE_MGR_EXIT;
        /* escalate: old workers past MaxWaitTime get SIGKILL */
        int64_t t = now_ns(), limit = P.cfg.max_wait_time * 1000000000LL;
        for (int i = 0; i < N; i++) {
            if (retiring[i] && t - retire_at[i] > limit) {
                srv_proc_logf(4, "worker %d (pid %d) did not stop in %llds: killed", i, (int)retiring[i],
                              (long long)P.cfg.max_wait_time);
                kill(retiring[i], SIGKILL);
                retire_at[i] = t;
            }
            if (stopping && pids[i] && t - stop_at > limit) kill(pids[i], SIGKILL);
        }
        /* reap */
        int st;
        pid_t p;
        while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
            bool old;
            int id = find(p, &old);
            if (id < 0) continue;
            int code = WIFEXITED(st) ? WEXITSTATUS(st) : 0, sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
            if (old) {
                retiring[id] = 0;
                if (reload_busy && reload_id == id) {
                    reload_busy = false;
                    if (!stopping && spawn(id)) goto child;
                }
                continue;
            }
            pids[id] = 0;
            if (stopping) continue;
            bool abnormal = sig != 0 || code != 0;
            if (abnormal)
                srv_proc_logf(4, "worker %d (pid %d) exited: code %d, signal %d; restarting", id, (int)p, code, sig);
            if (spawn(id)) goto child;
            if (abnormal) {
                info->worker_id = id;
                info->worker_pid = p;
                info->exit_code = code;
                info->signal = sig;
                return SRV_ROLE_MGR_EVENT;
            }
        }
        /* wait for a signal (a child's death is SIGCHLD) */
        struct pollfd pf = {.fd = sfd, .events = POLLIN};
        poll(&pf, 1, 100);
        struct signalfd_siginfo si;
        while (read(sfd, &si, sizeof si) == (ssize_t)sizeof si) {
            switch (si.ssi_signo) {
            case SIGTERM:
            case SIGINT:
                if (!stopping) {
                    stopping = true;
                    stop_at = now_ns();
                    for (int i = 0; i < N; i++) {
                        if (pids[i]) kill(pids[i], SIGTERM);
                        if (retiring[i]) kill(retiring[i], SIGTERM);
                    }
                }
                break;
            case SIGUSR1: start_reload(0, N); break;
            case SIGUSR2: if (P.T) start_reload(P.W, N); break;
            default: break;
            }
        }
    }
child:
    info->worker_id = P.id;
    info->master_pid = P.master_pid;
    info->manager_pid = P.manager_pid;
    info->port = P.cfg.port;
    return P.role;
}

/* ==== ModeBase with a manager ======================================================= */

/* ---- with a manager ---- */

/* WorkerNum > 1: each TCP port gets one SO_REUSEPORT listener per worker
 * (the first is the socket New bound), kept open by the manager, so the
 * kernel spreads connections over the workers (a shared socket watched
 * with EPOLLEXCLUSIVE sent all 100 connections of a test to one worker)
 * and a restarted worker finds the connections queued for its
 * predecessor.  Unix and datagram ports stay shared. */
static const char *split_listeners(SrvServer *s)
{
    if (s->worker_num < 2) return NULL;
    for (SrvPort *p = s->ports; p; p = p->next) {
        if (p->dgram || p->family == AF_UNIX) continue;
        int *w = calloc((size_t)s->worker_num, sizeof *w);
        if (!w) return "out of memory";
        /* the socket bound by New joins the group as worker 0's listener:
         * a connection already queued on it is not reset (Linux lets a
         * listening socket take SO_REUSEPORT late) */
        int one = 1;
        if (setsockopt(p->fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0) {
            free(w);
            return "SO_REUSEPORT refused";
        }
        w[0] = p->fd;
        for (int i = 1; i < s->worker_num; i++) {
            const char *err = NULL;
            int64_t bound = 0;
            w[i] = srv_sock_open(p->type, p->host, p->port, (int)s->opts.backlog, true, &bound, &err);
            if (w[i] < 0) {
                while (--i >= 1) close(w[i]);
                free(w);
                return err;
            }
        }
        p->wfds = w;
        p->fd = w[0];
    }
    return NULL;
}

/* In worker id: keeps its own listener of each split port (id < 0, a
 * task worker: none at all). */
static void take_listeners(SrvServer *s, int id)
{
    for (SrvPort *p = s->ports; p; p = p->next) {
        if (p->wfds) {
            for (int i = 0; i < s->worker_num; i++)
                if (i != id) close(p->wfds[i]);
            p->fd = id >= 0 ? p->wfds[id] : -1;
            free(p->wfds);
            p->wfds = NULL;
        } else if (id < 0 && p->fd >= 0) {
            close(p->fd);
            p->fd = -1;
        }
    }
}

static SwString err_of(const char *e)
{
    size_t n = strlen(e);
    char *m = sw_alloc_noscan(n + 8);
    memcpy(m, e, n);
    return (SwString){(const uint8_t *)m, (int64_t)n};
}

/* ModeBase Start with a manager: this process becomes master and manager.
 * Returns SRV_ROLE_MANAGER (the Sw side runs OnStart, OnManagerStart and
 * sw_proc_manager_run) or SRV_ROLE_ERROR with *err. */
int64_t sw_srv_base_start(void *h, SrvProcInfo *info, SwString *err)
{
    SrvServer *s = h;
    const char *e = srv_base_check(s);
    if (e) {
        *err = err_of(e);
        return SRV_ROLE_ERROR;
    }
    const SrvOptions *o = &s->opts;
    s->worker_num = o->worker_num > 0 ? (int)o->worker_num : 1;
    P.W = s->worker_num;
    P.R = 0;
    P.T = o->task_worker_num > 0 ? (int)o->task_worker_num : 0;
    P.cfg.port = s->ports ? s->ports->port : 0;
    P.cfg.worker_num = P.W;
    P.cfg.task_worker_num = P.T;
    P.cfg.max_request = o->max_request;
    P.cfg.max_wait_time = o->max_wait_time > 0 ? (int64_t)(o->max_wait_time + 0.999) : 3;
    P.cfg.reload_async = o->reload_async;
    P.cfg.daemonize = o->daemonize;
    P.cfg.log_level = o->log_level > 0 ? o->log_level : 2;
    srv_sw_hooks(s);
    srv_base_log_file(s, false);
    if (o->daemonize) srv_base_daemonize(s);
    s->master_pid = s->worker_pid = (int)getpid();
    s->is_master = true;
    s->running = true;
    P.master_pid = P.manager_pid = getpid();
    P.role = SRV_ROLE_MANAGER;
    srv_base_pid_file(s, true);
    if ((e = split_listeners(s)) != NULL) {
        srv_base_cleanup(s);
        *err = err_of(e);
        return SRV_ROLE_ERROR;
    }
    int N = P.W + P.T;
    P.inbox = calloc((size_t)N, sizeof *P.inbox);
    P.busy = mmap(NULL, (size_t)N * sizeof(int32_t) + 64, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (!P.inbox || P.busy == MAP_FAILED) {
        srv_base_cleanup(s);
        *err = err_of("out of memory");
        return SRV_ROLE_ERROR;
    }
    for (int i = 0; i < N; i++) {
        if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, P.inbox[i]) < 0) {
            srv_base_cleanup(s);
            *err = err_of("socketpair failed");
            return SRV_ROLE_ERROR;
        }
        int sz = 1024 * 1024;
        setsockopt(P.inbox[i][1], SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
        setsockopt(P.inbox[i][0], SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
    }
    signal(SIGPIPE, SIG_IGN);
    srv_proc_signalfd();   /* blocks the signals before any fork */
    srv_proc_logf(2, "server started: ModeBase, %d workers, %d task workers, port %d", P.W, P.T, (int)P.cfg.port);
    info->master_pid = info->manager_pid = P.manager_pid;
    info->port = P.cfg.port;
    return SRV_ROLE_MANAGER;
}

void sw_srv_base_cleanup(void *h)
{
    srv_base_cleanup(h);
    srv_proc_logf(2, "server stopped");
}

/* ---- the ModeBase worker: serving, MaxRequest, stopping ---- */

static SrvServer *base_srv;   /* the server this worker serves */
static bool draining;

/* Between two requests: nothing in flight or pending, and either a
 * request was served or the client has said nothing for a second (a
 * fresh connection's first request may be on its way). */
static bool conn_idle(SrvServer *s, SrvConn *c)
{
    if (c->inflight > 0 || c->out_head || c->in_len > 0 || (c->flags & SRV_C_CLOSING)) return false;
    if (c->port->proto) return c->port->proto->idle && c->port->proto->idle(s, c);
    return c->packets > 0 || sw_now() - c->last_recv > 1000000000;
}

/* A stopping worker: accepts no more (its listener copies are closed; the
 * manager keeps the sockets, so connections queued there wait for the
 * successor), closes each connection once it is between requests, and
 * stops when none is left or after MaxWaitTime. */
static void drain_co(void *arg)
{
    SrvServer *s = arg;
    double wait = s->opts.max_wait_time > 0 ? s->opts.max_wait_time : 3;
    int64_t deadline = sw_now() + (int64_t)(wait * 1e9);
    for (SrvPort *p = s->ports; p; p = p->next) {
        if (p->fd < 0) continue;
        sw_rx_unwatch(p->fd);
        close(p->fd);
        p->fd = -1;
    }
    for (;;) {
        int open = 0;
        for (int fd = 0; fd < s->by_fd_cap; fd++) {
            SrvConn *c = s->by_fd[fd];
            if (!c || (c->flags & SRV_C_CLOSED)) continue;
            if (conn_idle(s, c)) srv_close(s, c->sid, false);
            else open++;
        }
        if (open == 0 || sw_now() >= deadline) break;
        sw_co_sleep(5000000);
    }
    srv_stop(s);
}

void sw_srv_base_drain(void *h)
{
    if (draining || !h) return;
    draining = true;
    sw_go_queued(drain_co, h);
}

static void max_request_check(SrvServer *s)
{
    if (s && s == base_srv && !draining && s->opts.max_request > 0 && s->stats.request_count >= s->opts.max_request) {
        srv_proc_logf(1, "worker %d: MaxRequest (%lld) reached, recycling", s->worker_id,
                      (long long)s->opts.max_request);
        sw_srv_base_drain(s);
    }
}

/* Callbacks in flight changed (srv_busy): the raw protocol's requests are
 * counted by the core as they are delivered; the check waits for one to
 * end. */
static void base_busy(int64_t delta)
{
    sw_proc_busy(delta);
    if (delta < 0) max_request_check(base_srv);
}

void srv_request_done(SrvServer *s)
{
    s->stats.request_count++;
    max_request_check(s);
}

/* A ModeBase worker or task worker forked by the manager begins. */
void sw_srv_base_worker(void *h, int64_t id, bool task)
{
    SrvServer *s = h;
    base_srv = s;
    s->is_master = false;
    s->worker_id = (int)id;
    s->worker_pid = (int)getpid();
    take_listeners(s, task ? -1 : (int)id);
    s->on_busy = task ? sw_proc_busy : base_busy;
}

/* The worker serves until it is drained (or srv_stop). */
void sw_srv_base_serve(void *h) { srv_serve(h); }
