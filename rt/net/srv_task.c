// SPDX-License-Identifier: MIT
/*
 * srv_task.c — the worker side of a ModeProcess server: reading packets
 * from the reactor threads, batching responses back, the inbox (task
 * results, SendMessage) and the task workers' queue.  Called from Sw
 * coroutines (stdlib/server/process.sw, task.sw): a wait suspends only the
 * calling coroutine.
 *
 * Responses: Send appends to the pipe of the reactor thread that owns the
 * session and, once per loop round, a flusher coroutine (started with
 * sw_go_queued, so it runs after everything runnable now) sends each
 * pipe's batch with one syscall.
 */
#define _GNU_SOURCE
#define SRV_PROC_INTERNAL
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "co/co.h"
#include "srv_pipe.h"
#include "srv_proc.h"

#define P srv_proc

static SrvIn *ins;             /* [R] one reader per reactor pipe */
static SrvOut *outs;           /* [R] */
static bool *odirty;
static bool flusher_queued;
static volatile bool wstopping;

static void init_io(void)
{
    if (ins) return;
    ins = calloc((size_t)P.R, sizeof *ins);
    outs = calloc((size_t)P.R, sizeof *outs);
    odirty = calloc((size_t)P.R, sizeof *odirty);
}

static int wfd(int r) { return P.wpipe[r * P.W + P.id][1]; }

int64_t sw_proc_npipes(void) { return P.R; }
int64_t sw_proc_worker_num(void) { return P.W; }
int64_t sw_proc_task_num(void) { return P.T; }

static SwString gcstr(const char *p, size_t n)
{
    if (n == 0) return (SwString){NULL, 0};
    char *s = sw_alloc_noscan(n);
    memcpy(s, p, n);
    return (SwString){(const uint8_t *)s, (int64_t)n};
}

bool sw_proc_recv(int64_t r)
{
    init_io();
    for (;;) {
        if (wstopping && !srv_in_partial(&ins[r])) return false;
        int k = srv_in_read(&ins[r], wfd((int)r));
        if (k > 0) return true;
        if (k < 0) return false;
        sw_rx_wait(wfd((int)r), SW_RX_READ, -1);
    }
}

bool sw_proc_next(int64_t r, SrvProcMsg *m)
{
    SrvMsg h;
    const char *p;
    if (!srv_in_next(&ins[r], &h, &p)) return false;
    m->type = h.type;
    m->session = (int64_t)h.session;
    m->reactor = h.reactor;
    m->worker = h.worker;
    m->flags = h.flags;
    m->data = gcstr(p, h.len);
    return true;
}

static void flush_all(void *arg)
{
    (void)arg;
    flusher_queued = false;
    for (int r = 0; r < P.R; r++) {
        while (odirty[r]) {
            int k = srv_out_flush(&outs[r], wfd(r));
            if (k == 1) {
                odirty[r] = false;
            } else if (k == 0) {
                if (sw_rx_wait(wfd(r), SW_RX_WRITE, -1) == -EBUSY) sw_co_sleep(1000000);
            } else {
                outs[r].len = outs[r].sent = 0;   /* master gone */
                odirty[r] = false;
            }
        }
    }
}

void sw_proc_flush(void)
{
    if (!flusher_queued) return;
    flush_all(NULL);
}

bool sw_proc_send(int64_t session, SwString data, int64_t type)
{
    init_io();
    if (session < 1) return false;
    int r = (int)((session - 1) % P.R);
    srv_out_msg(&outs[r], (int)type, 0, r, (uint32_t)P.id, (uint64_t)session, data.ptr, (size_t)data.len);
    odirty[r] = true;
    static int nobatch = -1;
    if (nobatch < 0) {
        const char *nb = getenv("SW_PROC_NOBATCH");
        nobatch = nb && *nb == '1';
    }
    if (nobatch) {
        flusher_queued = true;
        flush_all(NULL);
        return true;
    }
    if (!flusher_queued) {
        flusher_queued = true;
        sw_go_queued(flush_all, NULL);
    }
    return true;
}

/* ---- inbox: task results, SendMessage; the task workers' queue ---- */

bool sw_proc_inbox_recv(SrvProcMsg *m)
{
    int fd = P.inbox[P.id][0];
    for (;;) {
        SrvMsg h;
        char *p;
        int k = srv_dgram_recv(fd, &h, &p);
        if (k > 0) {
            m->type = h.type;
            m->session = (int64_t)h.session;
            m->reactor = 0;
            m->worker = h.worker;
            m->flags = h.flags;
            m->data = gcstr(p, h.len);
            free(p);
            return true;
        }
        if (k < 0) return false;
        sw_rx_wait(fd, SW_RX_READ, -1);
    }
}

bool sw_proc_task_recv(SrvProcMsg *m) { return sw_proc_inbox_recv(m); }

/* Sends one datagram to inbox `dst`, waiting while it is full. */
static bool dgram(int dst, int type, int flags, uint64_t session, SwString d)
{
    if (dst < 0 || dst >= P.W + P.T) return false;
    int fd = P.inbox[dst][1];
    for (;;) {
        int k = srv_dgram_send(fd, type, flags, (uint32_t)P.id, session, d.ptr, (size_t)d.len);
        if (k == 0) return true;
        if (k != -EAGAIN) return false;
        if (sw_rx_wait(fd, SW_RX_WRITE, 100000000) == -EBUSY) sw_co_sleep(1000000);
    }
}

static unsigned task_rr;

int64_t sw_proc_task_send(int64_t dst, int64_t taskid, SwString data, bool wait)
{
    if (P.T == 0) return -1;
    if (dst < 0) {   /* the idlest task worker, round robin among equals */
        int best = -1, bv = 0;
        for (int k = 0; k < P.T; k++) {
            int t = P.W + (int)((task_rr + (unsigned)k) % (unsigned)P.T);
            int v = __atomic_load_n(&P.busy[t], __ATOMIC_RELAXED);
            if (best < 0 || v < bv) best = t, bv = v;
        }
        task_rr++;
        dst = best;
    } else {
        dst += P.W;
    }
    if (dst < P.W || dst >= P.W + P.T) return -1;
    __atomic_add_fetch(&P.busy[dst], 1, __ATOMIC_RELAXED);   /* the task worker takes it off */
    if (!dgram((int)dst, SRV_M_TASK, wait ? SRV_MF_WAIT : 0, (uint64_t)taskid, data)) {
        __atomic_sub_fetch(&P.busy[dst], 1, __ATOMIC_RELAXED);
        return -1;
    }
    return dst;
}

bool sw_proc_finish_send(int64_t dst, int64_t taskid, SwString data, bool wait)
{
    return dgram((int)dst, SRV_M_FINISH, wait ? SRV_MF_WAIT : 0, (uint64_t)taskid, data);
}

bool sw_proc_pipe_send(int64_t dst, SwString data)
{
    return dgram((int)dst, SRV_M_PIPE, 0, 0, data);
}

void sw_proc_busy(int64_t delta)
{
    __atomic_add_fetch(&P.busy[P.id], (int32_t)delta, __ATOMIC_RELAXED);
}

/* The worker's control loop: the next signal (SIGTERM, SIGINT: stop;
 * others are ignored).  On a stop, the readers are woken so that they
 * return false once they hold no half message. */
int64_t sw_proc_signal_wait(void)
{
    int sfd = srv_proc_signalfd();
    for (;;) {
        struct signalfd_siginfo si;
        if (read(sfd, &si, sizeof si) == (ssize_t)sizeof si) {
            int sig = (int)si.ssi_signo;
            if (sig == SIGTERM || sig == SIGINT) {
                wstopping = true;
                for (int r = 0; r < P.R && P.role == SRV_ROLE_WORKER; r++) sw_rx_forget(wfd(r));
            }
            if (sig != SIGCHLD) return sig;
            continue;
        }
        sw_rx_wait(sfd, SW_RX_READ, -1);
    }
}

/* A worker that stops on its own (MaxRequest): as SIGTERM does. */
void sw_proc_stop_self(void)
{
    wstopping = true;
    for (int r = 0; r < P.R && P.role == SRV_ROLE_WORKER; r++) sw_rx_forget(wfd(r));
}

bool sw_proc_kill(int64_t pid, int64_t sig) { return kill((pid_t)pid, (int)sig) == 0; }

int64_t sw_proc_getpid(void) { return getpid(); }
