// SPDX-License-Identifier: MIT
/*
 * srv_manager.c — the manager process of a ModeProcess server (seed
 * §14.3): forks the workers and task workers, restarts any that dies,
 * reloads them one at a time on SIGUSR1 (workers) or SIGUSR2 (task
 * workers), and on SIGTERM stops them all (SIGKILL after MaxWaitTime).
 *
 * sw_proc_manager_run is called by the Sw side of the manager and returns
 * in each forked child with SRV_ROLE_WORKER or SRV_ROLE_TASK: the child
 * continues as that worker from the same call.  In the manager it returns
 * SRV_ROLE_MGR_EVENT when a worker died abnormally (the Sw side runs
 * OnWorkerError and calls again) and SRV_ROLE_MGR_EXIT when everything has
 * stopped.  A worker that exits with status 0 on its own (MaxRequest) is
 * replaced silently.
 */
#define _GNU_SOURCE
#define SRV_PROC_INTERNAL
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "co/co.h"
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
            case SIGUSR1: start_reload(0, P.W); break;
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
