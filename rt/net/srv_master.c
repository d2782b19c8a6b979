// SPDX-License-Identifier: MIT
/*
 * srv_master.c — the process side of ModeBase: Start, Shutdown, signals,
 * and the parent of WorkerNum > 1 workers.
 *
 * WorkerNum 1: the process is the worker; OnStart and OnWorkerStart run,
 * it serves until SIGTERM/SIGINT/Shutdown/Stop, then OnWorkerStop and
 * OnShutdown, and Start returns.
 *
 * WorkerNum N > 1: Start gives every TCP port one SO_REUSEPORT listener
 * per worker (split_listeners; Unix and datagram sockets stay shared and
 * are watched with EPOLLEXCLUSIVE), then forks N workers.  The parent ("master")
 * runs no reactor of its own besides a self-pipe for signals: it waits,
 * and when a worker dies it calls OnWorkerError (if the death was not a
 * clean exit) and forks a new worker with the same WorkerID.  SIGTERM,
 * SIGINT or Shutdown (a worker signals the master) stop every worker
 * (SIGTERM, then SIGKILL after MaxWaitTime), run OnShutdown, and Start
 * returns in the master.  Workers die with the master (PR_SET_PDEATHSIG).
 *
 * The later process-model part (manager, task workers, ModeProcess) extends
 * this file: master_loop is where a manager's duties (task workers, reload
 * on SIGUSR1) plug in.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "srv.h"

static int sig_wr = -1;

static void on_signal(int sig)
{
    int e = errno;
    unsigned char b = (unsigned char)sig;
    if (sig_wr >= 0) {
        ssize_t w = write(sig_wr, &b, 1);
        (void)w;
    }
    errno = e;
}

static void sig_ready(int fd, int got, void *arg)
{
    (void)got;
    SrvServer *s = arg;
    unsigned char b[64];
    ssize_t n;
    bool stop = false;
    while ((n = read(fd, b, sizeof b)) > 0)
        for (ssize_t i = 0; i < n; i++)
            if (b[i] == SIGTERM || b[i] == SIGINT) stop = true;
    if (stop) srv_stop(s);
}

/* A fresh self-pipe and handlers for this process (master or worker);
 * worker: the pipe is watched and a stop signal stops serving. */
void srv_signals_install(SrvServer *s)
{
    if (s->sig_rd >= 0) {
        sw_rx_forget(s->sig_rd);
        sw_rx_unwatch(s->sig_rd);
        close(s->sig_rd);
        close(s->sig_wr);
    }
    int p[2];
    if (pipe2(p, O_NONBLOCK | O_CLOEXEC) != 0) {
        srv_log(s, SRV_LOG_ERROR, "pipe: %s", strerror(errno));
        s->sig_rd = s->sig_wr = -1;
        return;
    }
    s->sig_rd = p[0];
    s->sig_wr = sig_wr = p[1];
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    if (s->is_master) sigaction(SIGCHLD, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    if (!s->is_master) sw_rx_watch(s->sig_rd, SW_RX_READ, sig_ready, s);
}

static void open_log(SrvServer *s)
{
    if (s->opts.log_file.len == 0) return;
    char *path = sw_str_cstr(s->opts.log_file);
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        srv_log(s, SRV_LOG_ERROR, "LogFile %s: %s", path, strerror(errno));
        return;
    }
    s->log_fd = fd;
}

static void pid_file(SrvServer *s, bool create)
{
    if (s->opts.pid_file.len == 0) return;
    char *path = sw_str_cstr(s->opts.pid_file);
    if (!create) {
        unlink(path);
        return;
    }
    FILE *f = fopen(path, "w");
    if (!f) {
        srv_log(s, SRV_LOG_WARNING, "PidFile %s: %s", path, strerror(errno));
        return;
    }
    fprintf(f, "%d\n", (int)getpid());
    fclose(f);
}

static void cleanup(SrvServer *s)
{
    pid_file(s, false);
    for (SrvPort *p = s->ports; p; p = p->next) {
        if (p->wfds) {
            for (int i = 0; i < s->worker_num; i++)
                if (p->wfds[i] >= 0 && p->wfds[i] != p->fd) close(p->wfds[i]);
            free(p->wfds);
            p->wfds = NULL;
        }
        if (p->family == AF_UNIX && p->host[0]) unlink(p->host);
        if (p->fd >= 0) {
            close(p->fd);
            p->fd = -1;
        }
    }
}

/* This process serves as worker `id` until stopped. */
static void worker_run(SrvServer *s, int id)
{
    s->worker_id = id;
    s->worker_pid = (int)getpid();
    srv_signals_install(s);
    srv_sw_call_lifecycle(s, -SRV_EV_WORKER_START, id, 0, 0, 0);
    srv_serve(s);
    srv_sw_call_lifecycle(s, SRV_EV_WORKER_STOP, id, 0, 0, 0);
}

/* WorkerNum > 1: each TCP port's socket is replaced by one SO_REUSEPORT
 * listener per worker, made here in the master and kept open by it, so the
 * kernel spreads connections over the workers (a shared socket watched
 * with EPOLLEXCLUSIVE sent all 100 connections of a test to one worker)
 * and a restarted worker finds the connections queued for its
 * predecessor.  Unix and datagram ports stay shared. */
static const char *split_listeners(SrvServer *s)
{
    for (SrvPort *p = s->ports; p; p = p->next) {
        if (p->dgram || p->family == AF_UNIX) continue;
        int *w = calloc((size_t)s->worker_num, sizeof *w);
        if (!w) return "out of memory";
        close(p->fd);
        p->fd = -1;
        for (int i = 0; i < s->worker_num; i++) {
            const char *err = NULL;
            int64_t bound = 0;
            w[i] = srv_sock_open(p->type, p->host, p->port, (int)s->opts.backlog, true, &bound, &err);
            if (w[i] < 0) {
                while (--i >= 0) close(w[i]);
                free(w);
                return err;
            }
        }
        p->wfds = w;
        p->fd = w[0];
    }
    return NULL;
}

/* In worker id: its own listener of each split port. */
static void take_listeners(SrvServer *s, int id)
{
    for (SrvPort *p = s->ports; p; p = p->next) {
        if (!p->wfds) continue;
        for (int i = 0; i < s->worker_num; i++)
            if (i != id) close(p->wfds[i]);
        p->fd = p->wfds[id];
        free(p->wfds);
        p->wfds = NULL;
    }
}

static int spawn_worker(SrvServer *s, int id)
{
    sigset_t all, old;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &old);
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != s->master_pid) _exit(0);   /* the master is already gone */
        s->is_master = false;
        signal(SIGCHLD, SIG_DFL);
        srv_signals_install(s);
        sigprocmask(SIG_SETMASK, &old, NULL);
        take_listeners(s, id);
        worker_run(s, id);
        sw_exit(0);
    }
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (pid < 0) {
        srv_log(s, SRV_LOG_ERROR, "fork of worker %d: %s", id, strerror(errno));
        return -1;
    }
    s->worker_pids[id] = (int)pid;
    return (int)pid;
}

/* Reads the signals that arrived; returns a bit set: 1 stop, 2 child. */
static int read_signals(SrvServer *s)
{
    unsigned char b[64];
    ssize_t n;
    int what = 0;
    while ((n = read(s->sig_rd, b, sizeof b)) > 0)
        for (ssize_t i = 0; i < n; i++) {
            if (b[i] == SIGTERM || b[i] == SIGINT) what |= 1;
            if (b[i] == SIGCHLD) what |= 2;
        }
    return what;
}

static int worker_of(SrvServer *s, int pid)
{
    for (int i = 0; i < s->worker_num; i++)
        if (s->worker_pids[i] == pid) return i;
    return -1;
}

/* Reaps dead workers; restarts them unless stopping.  Returns how many
 * workers are still alive. */
static int reap(SrvServer *s, bool restart)
{
    int st;
    pid_t pid;
    while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
        int id = worker_of(s, (int)pid);
        if (id < 0) continue;
        s->worker_pids[id] = 0;
        int code = WIFEXITED(st) ? WEXITSTATUS(st) : 0;
        int sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
        if (!restart) continue;
        if (code != 0 || sig != 0) {
            srv_log(s, SRV_LOG_WARNING, "worker %d (pid %d) died: exit code %d, signal %d; restarting", id,
                    (int)pid, code, sig);
            srv_sw_call_lifecycle(s, SRV_EV_WORKER_ERROR, id, pid, code, sig);
        }
        if (!s->stopping) spawn_worker(s, id);
    }
    int alive = 0;
    for (int i = 0; i < s->worker_num; i++)
        if (s->worker_pids[i] > 0) alive++;
    return alive;
}

static void master_loop(SrvServer *s)
{
    s->is_master = true;
    const char *err = split_listeners(s);
    if (err) {
        srv_log(s, SRV_LOG_ERROR, "per-worker listeners: %s", err);
        s->stopping = true;
    }
    s->worker_pids = calloc((size_t)s->worker_num, sizeof(int));
    srv_signals_install(s);
    srv_sw_call_lifecycle(s, SRV_EV_START, 0, 0, 0, 0);
    for (int i = 0; i < s->worker_num && !s->stopping; i++) spawn_worker(s, i);
    while (!s->stopping) {
        sw_rx_wait(s->sig_rd, SW_RX_READ, -1);
        int what = read_signals(s);
        if (what & 1) s->stopping = true;
        reap(s, !s->stopping);
    }
    for (int i = 0; i < s->worker_num; i++)
        if (s->worker_pids[i] > 0) kill(s->worker_pids[i], SIGTERM);
    double wait = s->opts.max_wait_time > 0 ? s->opts.max_wait_time : 3;
    int64_t deadline = sw_now() + (int64_t)(wait * 1e9);
    while (reap(s, false) > 0) {
        int64_t left = deadline - sw_now();
        if (left <= 0) {
            for (int i = 0; i < s->worker_num; i++)
                if (s->worker_pids[i] > 0) kill(s->worker_pids[i], SIGKILL);
            deadline = sw_now() + 1000000000;
            continue;
        }
        sw_rx_wait(s->sig_rd, SW_RX_READ, left < 50000000 ? left : 50000000);
        read_signals(s);
    }
    srv_sw_call_lifecycle(s, SRV_EV_SHUTDOWN, 0, 0, 0, 0);
}

const char *srv_start(SrvServer *s)
{
    if (s->err) return s->err;
    if (s->running) return "server already started";
    for (SrvPort *p = s->ports; p; p = p->next) {
        if (p->proto) continue;
        if (p->dgram && !p->cb[SRV_EV_PACKET] && !s->cb[SRV_EV_PACKET])
            return "a datagram port needs an OnPacket callback";
        if (!p->dgram && !p->cb[SRV_EV_RECEIVE] && !s->cb[SRV_EV_RECEIVE])
            return "a stream port needs an OnReceive callback";
    }
    const char *tls_err = srv_tls_setup(s);
    if (tls_err) return tls_err;
    s->worker_num = s->opts.worker_num > 0 ? (int)s->opts.worker_num : 1;
    s->master_pid = (int)getpid();
    srv_sw_hooks(s);
    open_log(s);
    pid_file(s, true);
    if (s->worker_num > 1) {
        master_loop(s);
    } else {
        srv_sw_call_lifecycle(s, -SRV_EV_START, 0, 0, 0, 0);
        worker_run(s, 0);
        srv_sw_call_lifecycle(s, SRV_EV_SHUTDOWN, 0, 0, 0, 0);
    }
    cleanup(s);
    s->running = false;
    return NULL;
}

void srv_shutdown(SrvServer *s)
{
    if (s->is_master) {
        s->stopping = true;
        kill(getpid(), SIGTERM);
    } else if (s->worker_num > 1 && s->master_pid != (int)getpid()) {
        kill(s->master_pid, SIGTERM);
    } else {
        srv_stop(s);
    }
}
