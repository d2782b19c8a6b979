// SPDX-License-Identifier: MIT
/*
 * srv_base.c — ModeBase's start-up: the checks, LogFile, Daemonize and
 * PidFile, and the one-process server (WorkerNum 1, no task workers, no
 * MaxRequest: the process that calls Start is the worker, with no
 * manager; SIGTERM/SIGINT through a self-pipe).  A ModeBase server with
 * more than that runs under the manager of both modes (srv_manager.c),
 * which uses the helpers here.  Nothing here refers to the process model,
 * so a C program using only the core links without it.
 */
#define _GNU_SOURCE
#define SRV_PROC_INTERNAL
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "srv.h"
#include "srv_proc.h"

void srv_base_log_file(SrvServer *s, bool single)
{
    if (s->opts.log_file.len == 0) return;
    char *path = sw_str_cstr(s->opts.log_file);
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        srv_log(s, SRV_LOG_ERROR, "LogFile %s: %s", path, strerror(errno));
        return;
    }
    fflush(stdout);
    if (single && !s->opts.daemonize) {
        s->log_fd = fd;   /* one process: only the server's lines go there */
        return;
    }
    dup2(fd, 2);          /* every process of the server logs to fd 2 */
    if (s->opts.daemonize) dup2(fd, 1);
    close(fd);
}

/* Daemonize: detach (double fork, setsid); stdin on /dev/null, and stdout
 * and stderr too unless a LogFile took them (keep_out).  Both modes' start
 * paths use it. */
void srv_daemonize(bool keep_out)
{
    fflush(stdout);
    pid_t p = fork();
    if (p < 0) return;
    if (p > 0) _exit(0);
    setsid();
    p = fork();
    if (p > 0) _exit(0);
    int nul = open("/dev/null", O_RDWR);
    if (nul >= 0) {
        dup2(nul, 0);
        if (!keep_out) {
            dup2(nul, 1);
            dup2(nul, 2);
        }
        if (nul > 2) close(nul);
    }
}

void srv_base_daemonize(SrvServer *s) { srv_daemonize(s->opts.log_file.len != 0); }

void srv_base_pid_file(SrvServer *s, bool create)
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

/* What Start checks before anything runs; NULL or an error. */
const char *srv_base_check(SrvServer *s)
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
    return srv_tls_setup(s);
}

/* The master's end: listeners closed, Unix socket files and the PidFile
 * removed. */
void srv_base_cleanup(SrvServer *s)
{
    srv_base_pid_file(s, false);
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
    s->running = false;
}

/* ---- one process (WorkerNum 1, no task workers, no MaxRequest) ---- */

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

/* A self-pipe for SIGTERM/SIGINT: a stop signal stops serving. */
static void signals_install(SrvServer *s)
{
    int p[2];
    if (pipe2(p, O_NONBLOCK | O_CLOEXEC) != 0) {
        srv_log(s, SRV_LOG_ERROR, "pipe: %s", strerror(errno));
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
    signal(SIGPIPE, SIG_IGN);
    sw_rx_watch(s->sig_rd, SW_RX_READ, sig_ready, s);
}

/* Start without a manager: this process is worker 0 and serves until
 * SIGTERM/SIGINT/Shutdown/Stop; OnStart … OnShutdown run here. */
const char *srv_start(SrvServer *s)
{
    const char *e = srv_base_check(s);
    if (e) return e;
    s->worker_num = 1;
    srv_sw_hooks(s);
    srv_base_log_file(s, true);
    if (s->opts.daemonize) srv_base_daemonize(s);
    s->master_pid = s->worker_pid = (int)getpid();
    srv_base_pid_file(s, true);
    signals_install(s);
    srv_sw_call_lifecycle(s, -SRV_EV_START, 0, 0, 0, 0);
    srv_sw_call_lifecycle(s, -SRV_EV_WORKER_START, 0, 0, 0, 0);
    srv_serve(s);
    srv_sw_call_lifecycle(s, SRV_EV_WORKER_STOP, 0, 0, 0, 0);
    srv_sw_call_lifecycle(s, SRV_EV_SHUTDOWN, 0, 0, 0, 0);
    srv_base_cleanup(s);
    return NULL;
}

void srv_shutdown(SrvServer *s)
{
    if (s->master_pid != (int)getpid()) kill(s->master_pid, SIGTERM);
    else srv_stop(s);
}

