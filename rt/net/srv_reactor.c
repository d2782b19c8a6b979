// SPDX-License-Identifier: MIT
/*
 * srv_reactor.c — the master process of a ModeProcess server: start-up
 * (listen, pipes, fork of the manager) and the reactor threads.
 *
 * Each reactor thread has its own epoll and accepts on the shared
 * listening sockets of every port (EPOLLEXCLUSIVE: one thread woken per
 * connection), then
 * owns the connection for its life: it reads, frames whole packets and
 * hands them to a worker over the thread's own SEQPACKET pair to that
 * worker, and writes back what the worker sends.  Pure C: no Sw code, no
 * GC memory, no locks on the hot path (each pipe end has one writer).
 *
 * Batching: packets for one worker found during one epoll round are
 * appended to that worker's SrvOut and leave in one send at the end of the
 * round; responses arrive the same way (a worker flushes once per round).
 * Under load one syscall carries many requests each way.
 *
 * Datagram ports are watched the same way: a thread reads the datagrams
 * and hands each, with its sender's address, to a worker.  The heartbeat
 * (HeartbeatCheckInterval/IdleTime) is a periodic sweep of each thread's
 * own connections.
 */
#define _GNU_SOURCE
#define SRV_PROC_INTERNAL
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "co/co.h"
#include "srv_pipe.h"
#include "srv_proc.h"
#include "srv_rframe.h"
#include "srv_rtls.h"

struct SrvProc srv_proc = {.listen_fd = -1, .sigfd = -1};
#define P srv_proc

/* ---- logging -------------------------------------------------------------- */

int srv_proc_log_enabled(int level) { return level >= P.cfg.log_level; }

void srv_proc_logf(int level, const char *fmt, ...)
{
    if (!srv_proc_log_enabled(level)) return;
    static const char *names[] = {"DEBUG", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR"};
    char line[1024];
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    int n = (int)strftime(line, sizeof line, "[%Y-%m-%d %H:%M:%S ", &tm);
    n += snprintf(line + n, sizeof line - (size_t)n, "%s pid=%d] ", names[level < 0 ? 0 : level > 5 ? 5 : level],
                  (int)getpid());
    va_list ap;
    va_start(ap, fmt);
    if (n < (int)sizeof line) n += vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof line - 2) n = (int)sizeof line - 2;
    line[n++] = '\n';
    ssize_t w = write(2, line, (size_t)n);
    (void)w;
}

void sw_proc_log(int64_t level, SwString msg)
{
    srv_proc_logf((int)level, "%.*s", (int)msg.len, (const char *)msg.ptr);
}

void srv_proc_sigset(sigset_t *s)
{
    sigemptyset(s);
    sigaddset(s, SIGTERM);
    sigaddset(s, SIGINT);
    sigaddset(s, SIGCHLD);
    sigaddset(s, SIGUSR1);
    sigaddset(s, SIGUSR2);
}

int srv_proc_signalfd(void)
{
    if (P.sigfd >= 0) return P.sigfd;
    sigset_t s;
    srv_proc_sigset(&s);
    sigprocmask(SIG_BLOCK, &s, NULL);
    P.sigfd = signalfd(-1, &s, SFD_NONBLOCK | SFD_CLOEXEC);
    return P.sigfd;
}

/* ---- connections ------------------------------------------------------------- */

enum { EV_LISTEN = 1, EV_DGRAM, EV_PIPE, EV_CONN };

/* One port of the server (index 0: the main one, then the Listen ports in
 * order), shared read-only by every thread. */
typedef struct Listener {
    int kind;                 /* EV_LISTEN or EV_DGRAM (first: epoll data points here) */
    int idx;                  /* the port index carried in pipe messages */
    int fd, type;
    char *path;               /* Unix sockets: unlinked at the end */
    SrvRFrame frame;          /* stream ports: where packets end (srv_rframe.c) */
    SrvOptions tune;          /* TCP_NODELAY, keepalive (only the numbers are set) */
    void *tls_ctx;            /* an SSL port's SSL_CTX (srv_rtls.c), else NULL */
} Listener;

static Listener *lst;
static int nlst;
static bool hb_on;            /* a heartbeat runs: input times are kept */

typedef struct Conn {
    int kind;                 /* EV_CONN (first: epoll data points here) */
    int fd;
    uint64_t session;
    int worker;               /* fixed worker (modes 2, 4) or -1 */
    uint32_t iphash;
    bool closing, paused, dead;
    bool awaiting;            /* a packet went to a worker, no answer came yet */
    bool held;                /* HTTP: not read further, too much waits unanswered */
    int pending;              /* HTTP: requests with a worker whose DONE is not back */
    SrvRHttp *http;           /* HTTP: the request being framed (malloc'd) */
    int64_t deadline;         /* HTTP: ms (monotonic) by which it must be whole, 0: none */
    struct Conn *dprev, *dnext; /* the reactor's list of connections with a deadline */
    bool full;                /* output over the high watermark: BUFFER 1 sent, 0 owed */
    int out_worker;           /* the worker that sent the last bytes (gets BUFFER) */
    int64_t eof_at;           /* the peer shut its side (ms, monotonic); 0: open */
    struct Conn *next_eof;    /* half-closed connections waiting for answers */
    struct Conn *next_dead;   /* freed at the end of the epoll round */
    char *in;
    size_t ilen, icap;
    char *out;
    size_t olen, opos, ocap;
    char addr[INET6_ADDRSTRLEN + 8];
    int port;
    void *tls;                /* SSL * on an SSL port: I/O through srv_rtls.c */
    const Listener *l;        /* the port it was accepted on */
    int64_t last_ms;          /* the last input (monotonic ms; the heartbeat) */
} Conn;

typedef struct PipeEv {
    int kind;                 /* EV_PIPE */
    int worker;
} PipeEv;

typedef struct Reactor {
    int id, ep;
    pthread_t th;
    PipeEv *pev;              /* [W] */
    SrvOut *out;              /* [W] pending messages per worker */
    bool *dirty;              /* [W] */
    bool *blocked;            /* [W] pipe full: wait for EPOLLOUT */
    SrvIn in;
    uint64_t seq;             /* sessions made so far by this thread */
    unsigned rr;
    Conn *grave;              /* closed during this round, freed after it */
    Conn *lingering;          /* half-closed (list through next_eof) */
    Conn *deadlines;          /* HTTP requests begun, not whole (dprev/dnext) */
    int64_t dl_next;          /* the next look at them (ms) */
    char *pbuf;               /* to_worker_peer's buffer */
    size_t pcap;
    Conn **map;               /* open addressing: session -> conn */
    size_t mapcap, mapn;
    int64_t hb_next;          /* the next heartbeat sweep (ms); 0: none */
    char *dbuf;               /* datagram buffer (address header + bytes) */
} Reactor;

static Reactor *reactors;
static bool serial;           /* dispatch modes 1, 3: an HTTP connection has one
                                 request at a time with the workers */
static int64_t nconn_total;   /* all threads (atomic) */
static volatile int stopping;

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
}

static void map_put(Reactor *re, Conn *c)
{
    if ((re->mapn + 1) * 2 > re->mapcap) {
        size_t oc = re->mapcap, nc = oc ? oc * 2 : 1024;
        Conn **old = re->map;
        re->map = calloc(nc, sizeof *re->map);
        if (!re->map) abort();
        re->mapcap = nc;
        re->mapn = 0;
        for (size_t i = 0; i < oc; i++)
            if (old[i]) map_put(re, old[i]);
        free(old);
    }
    size_t i = mix(c->session) & (re->mapcap - 1);
    while (re->map[i]) i = (i + 1) & (re->mapcap - 1);
    re->map[i] = c;
    re->mapn++;
}

static Conn *map_get(Reactor *re, uint64_t s)
{
    if (!re->mapcap) return NULL;
    size_t i = mix(s) & (re->mapcap - 1);
    while (re->map[i]) {
        if (re->map[i]->session == s) return re->map[i];
        i = (i + 1) & (re->mapcap - 1);
    }
    return NULL;
}

/* Deletion with backward shift (no tombstones). */
static void map_del(Reactor *re, uint64_t s)
{
    size_t m = re->mapcap - 1, i = mix(s) & m;
    while (re->map[i] && re->map[i]->session != s) i = (i + 1) & m;
    if (!re->map[i]) return;
    re->map[i] = NULL;
    re->mapn--;
    size_t j = i;
    for (;;) {
        j = (j + 1) & m;
        if (!re->map[j]) break;
        size_t k = mix(re->map[j]->session) & m;
        if ((j > i && (k <= i || k > j)) || (j < i && (k <= i && k > j))) {
            re->map[i] = re->map[j];
            re->map[j] = NULL;
            i = j;
        }
    }
}

/* Connection events (connect/close) go to workers only where a connection
 * has a fixed worker: dispatch modes 2 and 4 (Swoole hides them in 1, 3). */
static bool conn_events(void) { return P.cfg.dispatch_mode == 2 || P.cfg.dispatch_mode == 4; }

static int pick_worker(Reactor *re, Conn *c)
{
    if (c->worker >= 0) return c->worker;
    if (P.cfg.dispatch_mode == 3) {
        int best = -1, bv = 0;
        for (int k = 0; k < P.W; k++) {
            int w = (int)((re->rr + (unsigned)k) % (unsigned)P.W);
            int v = __atomic_load_n(&P.busy[w], __ATOMIC_RELAXED);
            if (best < 0 || v < bv) best = w, bv = v;
            if (v == 0) break;
        }
        re->rr++;
        return best;
    }
    return (int)(re->rr++ % (unsigned)P.W);
}

/* SW_PROC_NOBATCH=1 in the environment sends every message on its own
 * (one syscall per hop): only to measure what batching buys. */
static bool nobatch;

static void flush_one(Reactor *re, int w);

/* A message to worker w; `port` is the port index (srv_pipe.h). */
static void to_worker(Reactor *re, int w, int type, int port, uint64_t session, const void *p, size_t n)
{
    srv_out_msg(&re->out[w], type, 0, re->id, (uint32_t)port, session, p, n);
    re->dirty[w] = true;
    if (nobatch) flush_one(re, w);
}

static void conn_free(Reactor *re, Conn *c, bool notify)
{
    if (notify && conn_events()) to_worker(re, c->worker, SRV_M_CLOSE, c->l->idx, c->session, NULL, 0);
    map_del(re, c->session);
    epoll_ctl(re->ep, EPOLL_CTL_DEL, c->fd, NULL);
    if (c->tls) srv_rtls_close(c->tls);
    c->tls = NULL;
    close(c->fd);
    __atomic_sub_fetch(&nconn_total, 1, __ATOMIC_RELAXED);
    if (c->eof_at) {
        for (Conn **pp = &re->lingering; *pp; pp = &(*pp)->next_eof)
            if (*pp == c) {
                *pp = c->next_eof;
                break;
            }
    }
    if (c->deadline) {
        if (c->dprev) c->dprev->dnext = c->dnext;
        else re->deadlines = c->dnext;
        if (c->dnext) c->dnext->dprev = c->dprev;
        c->deadline = 0;
    }
    c->dead = true;
    c->next_dead = re->grave;
    re->grave = c;
}

static int64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* The peer sent EOF.  Swoole closes at once, which loses the answer to a
 * request still in a worker when the client half-closes (`nc -q`, `echo |
 * nc`); we stop reading and keep the connection until the answer is out
 * (or LINGER_MS passed). */
#define LINGER_MS 3000
static void conn_eof(Reactor *re, Conn *c)
{
    if (!c->awaiting && c->olen == c->opos) {
        conn_free(re, c, true);
        return;
    }
    c->eof_at = now_ms();
    struct epoll_event ev = {.events = EPOLLOUT | EPOLLET, .data.ptr = c};
    epoll_ctl(re->ep, EPOLL_CTL_MOD, c->fd, &ev);
    c->next_eof = re->lingering;
    re->lingering = c;
}

/* Closes the half-closed connections that are answered or too old. */
static void linger_sweep(Reactor *re)
{
    int64_t t = now_ms();
    Conn **pp = &re->lingering;
    while (*pp) {
        Conn *c = *pp;
        if ((!c->awaiting && c->olen == c->opos) || t - c->eof_at > LINGER_MS) {
            *pp = c->next_eof;
            conn_free(re, c, true);
            continue;
        }
        pp = &c->next_eof;
    }
}

/* Output watermarks (cfg.buffer_*): the worker that sent the bytes is
 * told once per crossing each way (SRV_M_BUFFER), and runs OnBufferFull /
 * OnBufferEmpty.  The master keeps every byte a worker sent (a stream is
 * never cut); from the notice on, the worker's Send refuses (or waits,
 * with SendYield) until the queue is back at the low watermark, so what
 * it sends past the limit is at most one pipe round trip's worth. */
static void buffer_check(Reactor *re, Conn *c)
{
    size_t pending = c->olen - c->opos;
    bool full = c->full ? pending > (size_t)P.cfg.buffer_low : pending >= (size_t)P.cfg.buffer_high;
    if (full == c->full || P.cfg.buffer_high <= 0) return;
    c->full = full;
    to_worker(re, c->out_worker, SRV_M_BUFFER, c->l->idx, c->session, full ? "\1" : "\0", 1);
}

/* The connection's transport: the socket, or TLS on an SSL port. */
static ssize_t conn_write(Conn *c, const char *p, size_t n)
{
    if (c->tls) return srv_rtls_write(c->tls, p, n, c->session);
    return send(c->fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
}

/* Writes the connection's pending output; false when it failed (closed). */
static bool conn_flush(Reactor *re, Conn *c)
{
    while (c->opos < c->olen) {
        ssize_t w = conn_write(c, c->out + c->opos, c->olen - c->opos);
        if (w < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
            conn_free(re, c, true);
            return false;
        }
        c->opos += (size_t)w;
        if (c->full) buffer_check(re, c);
    }
    c->olen = c->opos = 0;
    if (c->closing) {
        conn_free(re, c, true);
        return false;
    }
    if (c->full) buffer_check(re, c);
    return true;
}

static void conn_send(Reactor *re, Conn *c, const char *p, size_t n)
{
    if (c->olen == c->opos && n > 0) {        /* nothing queued: try at once */
        ssize_t w;
        do w = conn_write(c, p, n);
        while (w < 0 && errno == EINTR);
        if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            conn_free(re, c, true);
            return;
        }
        if (w > 0) p += w, n -= (size_t)w;
        if (n == 0) return;
    }
    if (c->olen + n > c->ocap) {
        if (c->opos) {
            memmove(c->out, c->out + c->opos, c->olen - c->opos);
            c->olen -= c->opos;
            c->opos = 0;
        }
        size_t nc = c->ocap ? c->ocap : 16384;
        while (nc < c->olen + n) nc *= 2;
        if (nc != c->ocap) {
            char *q = realloc(c->out, nc);
            if (!q) abort();
            c->out = q;
            c->ocap = nc;
        }
    }
    memcpy(c->out + c->olen, p, n);
    c->olen += n;
    buffer_check(re, c);
}

/* ---- HTTP in the master -------------------------------------------------------
 *
 * The reactor thread frames each request with the http layer's parser and
 * limits (srv_rframe.c) and answers what the worker would refuse itself:
 * 400/413/414/431/501/505 and then close, 413 as soon as the head announces
 * too big a body, "100 Continue" when the client waits for it, 408 when a
 * begun request is not whole within HTTPHeaderTimeout.  The worker sends
 * DONE when it has answered a request (c->pending counts the others); like
 * the http layer of ModeBase, which steps one request at a time, the
 * master says nothing (100, errors, 408) about a request while earlier
 * ones of the connection are still unanswered, so answers stay in order.
 *
 * Dispatch modes 2 and 4 pass every whole request on at once (the
 * connection's worker keeps them in order).  Modes 1 and 3 (`serial`) pass
 * the next request only after DONE: pipelined requests wait in the
 * master's buffer, and a worker's session lives until its response ends. */

static void deadline_set(Reactor *re, Conn *c, int64_t at)
{
    if (c->deadline) {
        if (at) {
            c->deadline = at;
            return;
        }
        if (c->dprev) c->dprev->dnext = c->dnext;
        else re->deadlines = c->dnext;
        if (c->dnext) c->dnext->dprev = c->dprev;
        c->deadline = 0;
        return;
    }
    if (!at) return;
    c->deadline = at;
    c->dprev = NULL;
    c->dnext = re->deadlines;
    if (re->deadlines) re->deadlines->dprev = c;
    re->deadlines = c;
}

/* Answers with the http layer's canned error and closes once it is out. */
static void http_refuse(Reactor *re, Conn *c, int code)
{
    char buf[512];
    size_t n = srv_rframe_error(buf, sizeof buf, code);
    deadline_set(re, c, 0);
    srv_proc_logf(1, "session %llu: HTTP %d (%s)", (unsigned long long)c->session, code,
                  c->http && c->http->req.error ? c->http->req.error : "refused");
    conn_send(re, c, buf, n);
    if (c->dead) return;
    c->closing = true;
    c->ilen = 0;
    if (c->olen == c->opos) conn_free(re, c, true);
}

/* DATA with the client's "addr\0port\0" in front: an HTTP request in
 * dispatch modes 1 and 3, where no CONNECT tells the worker who it is
 * (Request.Server's remote_addr; srv_process.c sw_srv_deliver). */
static void to_worker_peer(Reactor *re, int w, Conn *c, const char *p, size_t n)
{
    char pre[sizeof c->addr + 16];
    size_t k = (size_t)snprintf(pre, sizeof pre, "%s%c%d%c", c->addr, 0, c->port, 0);
    if (re->pcap < k + n) {
        size_t nc = re->pcap ? re->pcap : 4096;
        while (nc < k + n) nc *= 2;
        char *q = realloc(re->pbuf, nc);
        if (!q) abort();
        re->pbuf = q;
        re->pcap = nc;
    }
    memcpy(re->pbuf, pre, k);
    memcpy(re->pbuf + k, p, n);
    to_worker(re, w, SRV_M_DATA, c->l->idx, c->session, re->pbuf, k + n);
}

/* The requests of an HTTP connection's buffer: passes whole ones on, says
 * what the master must say (see above).  Returns the bytes used. */
static size_t http_process(Reactor *re, Conn *c)
{
    size_t used = 0;
    while (used < c->ilen) {
        if (serial && c->pending > 0) break;
        if (!c->http) {
            c->http = malloc(sizeof *c->http);
            if (!c->http) abort();
            srv_rhttp_reset(c->http);
        }
        int64_t n = srv_rframe_http(&c->l->frame, c->http, c->in + used, c->ilen - used);
        if (n <= 0) {
            if (c->pending > 0) break;     /* the earlier answers go first */
            if (n < 0) {
                http_refuse(re, c, (int)-n);
                return 0;
            }
            if (c->http->want_continue) {
                static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
                c->http->continued = true;
                conn_send(re, c, cont, sizeof cont - 1);
                if (c->dead) return 0;
            }
            if (!c->deadline) deadline_set(re, c, now_ms() + c->l->frame.header_timeout_ms);
            break;
        }
        deadline_set(re, c, 0);
        srv_rhttp_reset(c->http);
        if (serial)
            to_worker_peer(re, pick_worker(re, c), c, c->in + used, (size_t)n);
        else
            to_worker(re, pick_worker(re, c), SRV_M_DATA, c->l->idx, c->session, c->in + used, (size_t)n);
        c->pending++;
        c->awaiting = true;
        used += (size_t)n;
    }
    return used;
}

/* 408 for the requests begun too long ago. */
static void deadline_sweep(Reactor *re)
{
    int64_t t = now_ms();
    if (t < re->dl_next) return;   /* a busy thread looks ten times a second */
    re->dl_next = t + 100;
    Conn *c = re->deadlines;
    while (c) {
        Conn *next = c->dnext;
        if (t >= c->deadline) {
            if (c->pending > 0) deadline_set(re, c, 0);   /* as ModeBase: not while one is served */
            else http_refuse(re, c, 408);
        }
        c = next;
    }
}

/* Frames and passes on what the connection's buffer holds. */
static void conn_process(Reactor *re, Conn *c)
{
    size_t used = 0;
    if (c->l->frame.kind == SRV_PF_HTTP) {
        used = http_process(re, c);
        if (c->dead || c->closing) return;
    } else {
        for (;;) {
            int64_t n = srv_rframe_next(&c->l->frame, c->in + used, c->ilen - used);
            if (n < 0) {
                srv_proc_logf(4, "session %llu: bad or oversized packet, connection closed",
                              (unsigned long long)c->session);
                conn_free(re, c, true);
                return;
            }
            if (n == 0) break;
            to_worker(re, pick_worker(re, c), SRV_M_DATA, c->l->idx, c->session, c->in + used, (size_t)n);
            c->awaiting = true;
            used += (size_t)n;
        }
    }
    if (used) {
        memmove(c->in, c->in + used, c->ilen - used);
        c->ilen -= used;
    }
}

static void conn_read(Reactor *re, Conn *c)
{
    for (;;) {
        if (c->l->frame.kind == SRV_PF_HTTP && (c->closing || c->ilen >= c->l->frame.in_limit)) {
            c->held = !c->closing;   /* DONE resumes reading */
            return;
        }
        if (c->icap - c->ilen < 16384) {
            size_t nc = c->icap ? c->icap * 2 : 65536;
            char *q = realloc(c->in, nc);
            if (!q) abort();
            c->in = q;
            c->icap = nc;
        }
        size_t space = c->icap - c->ilen;
        ssize_t r = c->tls ? srv_rtls_read(c->tls, c->in + c->ilen, space, c->session)
                           : recv(c->fd, c->in + c->ilen, space, MSG_DONTWAIT);
        if (r == 0) {
            conn_eof(re, c);
            return;
        }
        if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            conn_free(re, c, true);
            return;
        }
        if (r < 0) {
            if (errno == EINTR) continue;
            return;
        }
        c->ilen += (size_t)r;
        if (hb_on) c->last_ms = now_ms();
        conn_process(re, c);
        if (c->dead) return;
        if (c->tls ? srv_rtls_drained(c->tls) : (size_t)r < space) return;   /* the socket is drained */
    }
}

/* DONE from a worker: the next request, or what waited for the answers. */
static void http_done(Reactor *re, Conn *c)
{
    if (c->pending > 0) c->pending--;
    c->awaiting = c->pending > 0;
    if (c->pending > 0 || c->closing) return;
    conn_process(re, c);
    if (c->dead || c->closing) return;
    if (c->held && c->ilen < c->l->frame.in_limit) {
        c->held = false;
        if (!c->paused && !c->eof_at) conn_read(re, c);
    }
}

static void do_accept(Reactor *re, const Listener *l)
{
    for (;;) {
        struct sockaddr_storage sa;
        socklen_t sl = sizeof sa;
        int fd = accept4(l->fd, (struct sockaddr *)&sa, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno == EMFILE || errno == ENFILE) srv_proc_logf(5, "accept: %s", strerror(errno));
            return;
        }
        if (P.cfg.max_connection > 0 &&
            __atomic_add_fetch(&nconn_total, 1, __ATOMIC_RELAXED) > P.cfg.max_connection) {
            __atomic_sub_fetch(&nconn_total, 1, __ATOMIC_RELAXED);
            srv_proc_logf(4, "MaxConnection (%lld) reached: connection refused", (long long)P.cfg.max_connection);
            close(fd);
            continue;
        }
        if (P.cfg.max_connection <= 0) __atomic_add_fetch(&nconn_total, 1, __ATOMIC_RELAXED);
        Conn *c = calloc(1, sizeof *c);
        if (!c) abort();
        c->kind = EV_CONN;
        c->fd = fd;
        c->l = l;
        c->last_ms = now_ms();
        c->session = (uint64_t)re->id + 1 + re->seq++ * (uint64_t)P.R;
        uint32_t h = 2166136261u;
        if (sa.ss_family == AF_INET) {
            struct sockaddr_in *a = (struct sockaddr_in *)&sa;
            inet_ntop(AF_INET, &a->sin_addr, c->addr, sizeof c->addr);
            c->port = ntohs(a->sin_port);
            srv_sock_tune(fd, &l->tune, AF_INET);
        } else if (sa.ss_family == AF_INET6) {
            struct sockaddr_in6 *a = (struct sockaddr_in6 *)&sa;
            inet_ntop(AF_INET6, &a->sin6_addr, c->addr, sizeof c->addr);
            c->port = ntohs(a->sin6_port);
            srv_sock_tune(fd, &l->tune, AF_INET6);
        }
        for (const char *q = c->addr; *q; q++) h = (h ^ (uint8_t)*q) * 16777619u;
        c->iphash = h;
        c->worker = P.cfg.dispatch_mode == 2 ? fd % P.W : P.cfg.dispatch_mode == 4 ? (int)(h % (uint32_t)P.W) : -1;
        if (l->tls_ctx && !(c->tls = srv_rtls_open(l->tls_ctx, fd, c->session))) {
            close(fd);
            free(c);
            __atomic_sub_fetch(&nconn_total, 1, __ATOMIC_RELAXED);
            continue;
        }
        map_put(re, c);
        struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, .data.ptr = c};
        epoll_ctl(re->ep, EPOLL_CTL_ADD, fd, &ev);
        if (conn_events()) {
            char info[sizeof c->addr + 16];
            int n = snprintf(info, sizeof info, "%s%c%d", c->addr, 0, c->port);
            to_worker(re, c->worker, SRV_M_CONNECT, l->idx, c->session, info, (size_t)n);
        }
        conn_read(re, c);   /* data may already be there (edge-triggered) */
    }
}

/* ---- datagram ports ----------------------------------------------------------- */

/* Room for the message header in front of the bytes: u16 + the address. */
#define DGRAM_HDR (2 + (int)sizeof(struct sockaddr_storage))
#define DGRAM_MAX 65536
/* Datagrams waiting for a worker whose pipe is full are dropped past this
 * many pending bytes (UDP may lose; memory must not grow without bound). */
#define DGRAM_BACKLOG (16 << 20)

/* The worker of a datagram: dispatch modes 1 (round robin) and 3 (idle
 * first) as for packets; 2 and 4 by a hash of the sender (its address and
 * port for 2, the address alone for 4), so one client's datagrams reach
 * the same worker. */
static int dgram_worker(Reactor *re, const struct sockaddr_storage *sa, socklen_t sl)
{
    if (P.cfg.dispatch_mode == 1 || P.cfg.dispatch_mode == 3) {
        Conn none = {.worker = -1};
        return pick_worker(re, &none);
    }
    const uint8_t *b = (const uint8_t *)sa;
    size_t n = sl;
    if (P.cfg.dispatch_mode == 4) {
        if (sa->ss_family == AF_INET) b = (const uint8_t *)&((const struct sockaddr_in *)sa)->sin_addr, n = 4;
        else if (sa->ss_family == AF_INET6) b = (const uint8_t *)&((const struct sockaddr_in6 *)sa)->sin6_addr, n = 16;
    }
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 16777619u;
    return (int)(h % (uint32_t)P.W);
}

/* Reads what is queued on a datagram port (at most 64 datagrams per wake,
 * so streams are not starved) and hands each to a worker. */
static void dgram_read(Reactor *re, const Listener *l)
{
    if (!re->dbuf) {
        re->dbuf = malloc((size_t)DGRAM_HDR + DGRAM_MAX);
        if (!re->dbuf) abort();
    }
    for (int i = 0; i < 64; i++) {
        struct sockaddr_storage sa;
        socklen_t sl = sizeof sa;
        char *data = re->dbuf + DGRAM_HDR;
        ssize_t n = recvfrom(l->fd, data, DGRAM_MAX, MSG_DONTWAIT | MSG_TRUNC, (struct sockaddr *)&sa, &sl);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (n > DGRAM_MAX) {
            srv_proc_logf(4, "datagram of %zd bytes on port %d truncated to %d", n, l->idx, DGRAM_MAX);
            n = DGRAM_MAX;
        }
        if (sl > sizeof sa) sl = sizeof sa;
        int w = dgram_worker(re, &sa, sl);
        if (re->out[w].len - re->out[w].sent > DGRAM_BACKLOG) {
            srv_proc_logf(1, "worker %d is behind: datagram dropped", w);   /* as a full socket would */
            continue;
        }
        uint16_t al = (uint16_t)sl;
        char *h = data - sl - 2;
        memcpy(h, &al, 2);
        memcpy(h + 2, &sa, sl);
        to_worker(re, w, SRV_M_PACKET, l->idx, 0, h, (size_t)n + 2 + sl);
    }
}

/* ---- heartbeat ------------------------------------------------------------------ */

/* HeartbeatIdleTime (default: twice the interval) and the check interval
 * (default: half the idle time), in ms; 0 when there is no heartbeat. */
static int64_t hb_idle_ms(void)
{
    double idle = P.cfg.heartbeat_idle_time > 0 ? P.cfg.heartbeat_idle_time : P.cfg.heartbeat_check_interval * 2;
    return idle > 0 ? (int64_t)(idle * 1000) : 0;
}

static int64_t hb_every_ms(void)
{
    double every = P.cfg.heartbeat_check_interval > 0 ? P.cfg.heartbeat_check_interval : P.cfg.heartbeat_idle_time / 2;
    int64_t ms = (int64_t)(every * 1000);
    return ms < 1 ? 1 : ms;
}

/* Closes this thread's connections with no input for the idle time (their
 * worker gets the CLOSE message: OnClose). */
static void hb_sweep(Reactor *re)
{
    int64_t t = now_ms(), limit = t - hb_idle_ms();
    re->hb_next = t + hb_every_ms();
    size_t k = 0;
    Conn **idle = NULL;
    for (size_t i = 0; i < re->mapcap; i++) {
        Conn *c = re->map[i];
        if (!c || c->dead || c->last_ms > limit) continue;
        if (!idle) {
            idle = malloc(re->mapn * sizeof *idle);
            if (!idle) return;
        }
        idle[k++] = c;
    }
    for (size_t i = 0; i < k; i++) {
        srv_proc_logf(1, "heartbeat: session %llu idle, closed", (unsigned long long)idle[i]->session);
        conn_free(re, idle[i], true);
    }
    free(idle);
}

static void pipe_read(Reactor *re, int w)
{
    int fd = P.wpipe[re->id * P.W + w][0];
    for (;;) {
        int r = srv_in_read(&re->in, fd);
        if (r <= 0) return;   /* a dead worker: the manager restarts it on the same pipe */
        SrvMsg m;
        const char *p;
        while (srv_in_next(&re->in, &m, &p)) {
            Conn *c = map_get(re, m.session);
            if (!c) continue;                 /* closed meanwhile */
            switch (m.type) {
            case SRV_M_SEND:
                if (c->l->frame.kind != SRV_PF_HTTP) c->awaiting = false;   /* HTTP: DONE says it */
                c->out_worker = w;
                if (!c->closing) conn_send(re, c, p, m.len);
                break;
            case SRV_M_DONE:
                http_done(re, c);
                break;
            case SRV_M_CLOSE_REQ:
                c->closing = true;
                if (c->olen == c->opos) conn_free(re, c, true);
                break;
            case SRV_M_PAUSE: {
                c->paused = m.len > 0 && p[0];
                struct epoll_event ev = {.events = (c->paused ? 0 : EPOLLIN | EPOLLRDHUP) | EPOLLOUT | EPOLLET,
                                         .data.ptr = c};
                epoll_ctl(re->ep, EPOLL_CTL_MOD, c->fd, &ev);
                if (!c->paused) conn_read(re, c);
                break;
            }
            default:
                break;
            }
        }
    }
}

static void flush_one(Reactor *re, int w)
{
    if (!re->dirty[w] || re->blocked[w]) return;
    int r = srv_out_flush(&re->out[w], P.wpipe[re->id * P.W + w][0]);
    if (r == 1) re->dirty[w] = false;
    else if (r == 0) re->blocked[w] = true;
    else { re->out[w].len = re->out[w].sent = 0; re->dirty[w] = false; }
}

static void flush_workers(Reactor *re)
{
    for (int w = 0; w < P.W; w++) {
        if (!re->dirty[w] || re->blocked[w]) continue;
        int r = srv_out_flush(&re->out[w], P.wpipe[re->id * P.W + w][0]);
        if (r == 1) re->dirty[w] = false;
        else if (r == 0) re->blocked[w] = true;  /* EPOLLOUT on the pipe resumes */
        /* r < 0: the worker is gone; keep the bytes for its successor?  A
         * SEQPACKET pair outlives its reader (the manager holds it): a
         * failure here means the manager is gone too, so drop them. */
        else { re->out[w].len = re->out[w].sent = 0; re->dirty[w] = false; }
    }
}

static void *reactor_main(void *arg)
{
    Reactor *re = arg;
    struct epoll_event evs[256];
    char name[16];   /* "reactor N" in ps -L, top -H, /proc/PID/task/TID/comm */
    snprintf(name, sizeof name, "reactor %d", re->id);
    pthread_setname_np(pthread_self(), name);
    while (!stopping) {
        int timeout = re->lingering ? 50 : re->deadlines ? 200 : -1;
        if (re->hb_next) {
            int64_t left = re->hb_next - now_ms();
            if (left < 0) left = 0;
            if (timeout < 0 || left < timeout) timeout = (int)left;
        }
        int n = epoll_wait(re->ep, evs, 256, timeout);
        for (int i = 0; i < n; i++) {
            int kind = *(int *)evs[i].data.ptr;
            uint32_t e = evs[i].events;
            if (kind == EV_LISTEN) {
                do_accept(re, evs[i].data.ptr);
            } else if (kind == EV_DGRAM) {
                dgram_read(re, evs[i].data.ptr);
            } else if (kind == EV_PIPE) {
                PipeEv *pe = evs[i].data.ptr;
                if (e & EPOLLIN) pipe_read(re, pe->worker);
                if (e & EPOLLOUT) re->blocked[pe->worker] = false;
            } else {
                Conn *c = evs[i].data.ptr;
                if (c->dead) continue;    /* closed earlier in this round */
                if (c->tls) e |= EPOLLIN | EPOLLOUT;   /* TLS may wait either way (srv_rtls.c) */
                if ((e & EPOLLOUT) && c->olen > c->opos && !conn_flush(re, c)) continue;
                if ((e & (EPOLLHUP | EPOLLERR)) && c->eof_at) conn_free(re, c, true);
                else if ((e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) && !c->paused && !c->eof_at) conn_read(re, c);
            }
        }
        if (re->hb_next && now_ms() >= re->hb_next) hb_sweep(re);
        flush_workers(re);
        if (re->lingering) linger_sweep(re);
        if (re->deadlines) deadline_sweep(re);
        while (re->grave) {
            Conn *c = re->grave;
            re->grave = c->next_dead;
            free(c->in);
            free(c->out);
            free(c->http);
            free(c);
        }
    }
    return NULL;
}

/* ---- start-up ------------------------------------------------------------------ */

static char *cstr(SwString s)
{
    char *p = malloc((size_t)s.len + 1);
    if (!p) abort();
    if (s.len) memcpy(p, s.ptr, (size_t)s.len);
    p[s.len] = 0;
    return p;
}

static int fail(SwString *err, const char *what)
{
    char buf[512];
    int n = snprintf(buf, sizeof buf, "%s", what);
    char *m = sw_alloc_noscan((size_t)n + 1);
    memcpy(m, buf, (size_t)n);
    *err = (SwString){(const uint8_t *)m, n};
    return SRV_ROLE_ERROR;
}

static int make_listener(SwString *err, char *msg, size_t msz)
{
    int st = (int)P.cfg.sock_type, fd;
    if (st == 6) {
        struct sockaddr_un un = {.sun_family = AF_UNIX};
        if (strlen(P.host) >= sizeof un.sun_path) return snprintf(msg, msz, "unix socket path too long"), -1;
        strcpy(un.sun_path, P.host);
        unlink(P.host);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0 || bind(fd, (struct sockaddr *)&un, sizeof un) < 0)
            return snprintf(msg, msz, "bind %s: %s", P.host, strerror(errno)), -1;
    } else {
        struct addrinfo hints = {.ai_family = st == 3 ? AF_INET6 : AF_INET, .ai_socktype = SOCK_STREAM,
                                 .ai_flags = AI_PASSIVE | AI_NUMERICSERV}, *ai;
        char port[16];
        snprintf(port, sizeof port, "%d", (int)P.cfg.port);
        int g = getaddrinfo(P.host, port, &hints, &ai);
        if (g) return snprintf(msg, msz, "address %s: %s", P.host, gai_strerror(g)), -1;
        fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
            snprintf(msg, msz, "bind %s:%d: %s", P.host, (int)P.cfg.port, strerror(errno));
            freeaddrinfo(ai);
            return -1;
        }
        freeaddrinfo(ai);
        struct sockaddr_storage sa;
        socklen_t sl = sizeof sa;
        getsockname(fd, (struct sockaddr *)&sa, &sl);
        P.cfg.port = ntohs(sa.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&sa)->sin6_port
                                                    : ((struct sockaddr_in *)&sa)->sin_port);
    }
    if (listen(fd, P.cfg.backlog > 0 ? (int)P.cfg.backlog : 512) < 0)
        return snprintf(msg, msz, "listen: %s", strerror(errno)), -1;
    (void)err;
    return fd;
}

static bool sock_dgram(int64_t t) { return t == 2 || t == 4 || t == 5; }

/* Port idx of configuration c on socket fd: kind, framing, options. */
static const char *listener_setup(Listener *l, int idx, const SrvProcCfg *c, int fd)
{
    memset(l, 0, sizeof *l);
    l->idx = idx;
    l->fd = fd;
    l->type = (int)c->sock_type;
    if (c->sock_type < 1 || c->sock_type > 6) return "server: unknown socket type";
    l->kind = sock_dgram(c->sock_type) ? EV_DGRAM : EV_LISTEN;
    l->tls_ctx = l->kind == EV_LISTEN ? c->tls_ctx : NULL;
    if (c->sock_type == 5 || c->sock_type == 6) l->path = cstr(c->host);
    if (l->kind == EV_LISTEN) {
        if (c->framing == SRV_PF_EOF && c->package_eof.len == 0) return "server: PackageEOF is empty";
        if (c->framing == SRV_PF_LENGTH && c->length_type.len && !strchr("nNvVcCsSlL", (char)c->length_type.ptr[0]))
            return "server: bad PackageLengthType";
        SrvProcCfg fc = *c;
        if (fc.package_max_length <= 0) fc.package_max_length = 2 * 1024 * 1024;
        srv_rframe_setup(&l->frame, &fc);
    }
    l->tune.open_tcp_nodelay = c->nodelay != 0;
    l->tune.open_tcp_keepalive = c->keepalive != 0;
    l->tune.tcp_keep_idle = c->keep_idle;
    l->tune.tcp_keep_interval = c->keep_interval;
    l->tune.tcp_keep_count = c->keep_count;
    return NULL;
}

int64_t sw_proc_start(SrvProcCfg *cfg, SrvProcInfo *info, SwString *err)
{
    char msg[300];
    P.cfg = *cfg;
    P.host = cstr(cfg->host);
    P.log_file = cfg->log_file.len ? cstr(cfg->log_file) : NULL;
    P.pid_file = cfg->pid_file.len ? cstr(cfg->pid_file) : NULL;
    P.eof = cstr(cfg->package_eof);
    P.eof_len = (size_t)cfg->package_eof.len;
    P.length_type = cfg->length_type.len ? (char)cfg->length_type.ptr[0] : 'N';
    P.W = cfg->worker_num > 0 ? (int)cfg->worker_num : 1;
    P.R = cfg->reactor_num > 0 ? (int)cfg->reactor_num : 1;
    if (P.R > P.W * 4) P.R = P.W * 4;
    P.T = cfg->task_worker_num > 0 ? (int)cfg->task_worker_num : 0;
    if (P.cfg.dispatch_mode < 1 || P.cfg.dispatch_mode > 4) P.cfg.dispatch_mode = 2;
    if (P.cfg.package_max_length <= 0) P.cfg.package_max_length = 2 * 1024 * 1024;
    if (P.cfg.max_wait_time <= 0) P.cfg.max_wait_time = 3;
    if (P.cfg.log_level <= 0) P.cfg.log_level = 2;
    nlst = 1 + (int)(cfg->nports > 0 ? cfg->nports : 0);
    lst = calloc((size_t)nlst, sizeof *lst);
    if (!lst) return fail(err, "server: out of memory");
    for (int i = 1; i < nlst; i++) {
        const SrvProcCfg *pc = &cfg->ports[i - 1];
        if (pc->listen_fd <= 0) return fail(err, "server: an extra port is not bound");
        const char *e = listener_setup(&lst[i], i, pc, (int)pc->listen_fd);
        if (e) return fail(err, e);
    }
    if (cfg->listen_fd <= 0 && sock_dgram(cfg->sock_type)) return fail(err, "server: the datagram port is not bound");
    {
        const char *e = listener_setup(&lst[0], 0, &P.cfg, -1);
        if (e) return fail(err, e);
    }
    serial = P.cfg.dispatch_mode == 1 || P.cfg.dispatch_mode == 3;

    if (P.log_file) {
        int lf = open(P.log_file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (lf < 0) {
            snprintf(msg, sizeof msg, "server: LogFile %s: %s", P.log_file, strerror(errno));
            return fail(err, msg);
        }
        fflush(stdout);
        dup2(lf, 2);
        if (P.cfg.daemonize) dup2(lf, 1);
        close(lf);
    }
    P.listen_fd = cfg->listen_fd > 0 ? (int)cfg->listen_fd : make_listener(err, msg, sizeof msg);
    if (P.listen_fd < 0) return fail(err, msg);
    lst[0].fd = P.listen_fd;
    if (P.cfg.daemonize) srv_daemonize(P.log_file != NULL);
    P.master_pid = getpid();
    if (P.pid_file) {
        FILE *f = fopen(P.pid_file, "w");
        if (f) {
            fprintf(f, "%d\n", (int)P.master_pid);
            fclose(f);
        }
    }

    int N = P.W + P.T;
    P.wpipe = calloc((size_t)(P.R * P.W), sizeof *P.wpipe);
    P.inbox = calloc((size_t)N, sizeof *P.inbox);
    P.busy = mmap(NULL, (size_t)N * sizeof(int32_t) + 64, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (!P.wpipe || !P.inbox || P.busy == MAP_FAILED) return fail(err, "server: out of memory");
    for (int i = 0; i < P.R * P.W; i++) {
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, P.wpipe[i]) < 0)
            return fail(err, "server: socketpair failed");
        int sz = 4 * 1024 * 1024;
        for (int k = 0; k < 2; k++) {
            setsockopt(P.wpipe[i][k], SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
            setsockopt(P.wpipe[i][k], SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
        }
    }
    for (int i = 0; i < N; i++) {
        if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, P.inbox[i]) < 0)
            return fail(err, "server: socketpair failed");
        int sz = 1024 * 1024;
        setsockopt(P.inbox[i][1], SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
        setsockopt(P.inbox[i][0], SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
    }

    /* Every server process takes its signals through a signalfd: block
     * them before any fork or thread so that nobody is interrupted. */
    sigset_t ss;
    srv_proc_sigset(&ss);
    sigprocmask(SIG_BLOCK, &ss, NULL);
    fflush(stdout);
    pid_t m = fork();
    if (m < 0) return fail(err, "server: fork of the manager failed");
    if (m == 0) {
        P.role = SRV_ROLE_MANAGER;
        P.manager_pid = getpid();
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != P.master_pid) _exit(0);
        /* stream listeners belong to the master; datagram sockets stay
         * open here and in the workers, which SendTo through them */
        for (int i = 0; i < nlst; i++)
            if (lst[i].kind == EV_LISTEN) close(lst[i].fd);
        P.listen_fd = -1;
        for (int i = 0; i < P.R * P.W; i++) close(P.wpipe[i][0]);
        info->master_pid = P.master_pid;
        info->manager_pid = P.manager_pid;
        info->port = P.cfg.port;
        return SRV_ROLE_MANAGER;
    }
    P.manager_pid = m;
    P.role = SRV_ROLE_MASTER;
    for (int i = 0; i < P.R * P.W; i++) close(P.wpipe[i][1]);
    for (int i = 0; i < N; i++) close(P.inbox[i][0]), close(P.inbox[i][1]);

    const char *nb = getenv("SW_PROC_NOBATCH");
    nobatch = nb && *nb == '1';
    reactors = calloc((size_t)P.R, sizeof *reactors);
    for (int r = 0; r < P.R; r++) {
        Reactor *re = &reactors[r];
        re->id = r;
        re->ep = epoll_create1(EPOLL_CLOEXEC);
        re->pev = calloc((size_t)P.W, sizeof *re->pev);
        re->out = calloc((size_t)P.W, sizeof *re->out);
        re->dirty = calloc((size_t)P.W, sizeof *re->dirty);
        re->blocked = calloc((size_t)P.W, sizeof *re->blocked);
        for (int i = 0; i < nlst; i++) {
            struct epoll_event ev = {.events = EPOLLIN | EPOLLEXCLUSIVE, .data.ptr = &lst[i]};
            epoll_ctl(re->ep, EPOLL_CTL_ADD, lst[i].fd, &ev);
        }
        hb_on = hb_idle_ms() > 0;
        if (hb_on) re->hb_next = now_ms() + hb_every_ms();
        for (int w = 0; w < P.W; w++) {
            re->pev[w] = (PipeEv){EV_PIPE, w};
            struct epoll_event pe = {.events = EPOLLIN | EPOLLOUT | EPOLLET, .data.ptr = &re->pev[w]};
            epoll_ctl(re->ep, EPOLL_CTL_ADD, P.wpipe[r * P.W + w][0], &pe);
        }
    }
    /* Reactor threads must never see the signals (signalfd takes them) and
     * never run Sw code: they are unknown to the GC. */
    for (int r = 0; r < P.R; r++) {
        if (pthread_create(&reactors[r].th, NULL, reactor_main, &reactors[r]) != 0)
            return fail(err, "server: cannot start reactor threads");
    }
    srv_proc_logf(2, "server started: %d reactor threads, %d workers, %d task workers, port %d", P.R, P.W, P.T,
                  (int)P.cfg.port);
    info->master_pid = P.master_pid;
    info->manager_pid = P.manager_pid;
    info->port = P.cfg.port;
    return SRV_ROLE_MASTER;
}

void sw_proc_master_wait(void)
{
    int sfd = srv_proc_signalfd();
    bool asked = false;
    for (;;) {
        struct signalfd_siginfo si;
        ssize_t r = read(sfd, &si, sizeof si);
        if (r != (ssize_t)sizeof si) {
            sw_rx_wait(sfd, SW_RX_READ, asked ? (int64_t)(P.cfg.max_wait_time + 2) * 1000000000LL : -1);
            if (asked) {
                int st;
                if (waitpid(P.manager_pid, &st, WNOHANG) == P.manager_pid) break;
            }
            continue;
        }
        int sig = (int)si.ssi_signo;
        if (sig == SIGTERM || sig == SIGINT) {
            if (!asked) srv_proc_logf(2, "shutting down");
            asked = true;
            kill(P.manager_pid, SIGTERM);
        } else if (sig == SIGUSR1 || sig == SIGUSR2) {
            kill(P.manager_pid, sig);
        } else if (sig == SIGCHLD) {
            int st;
            if (waitpid(P.manager_pid, &st, WNOHANG) == P.manager_pid) break;
        }
    }
    stopping = 1;
    for (int i = 0; i < nlst; i++) {
        close(lst[i].fd);
        if (lst[i].path) unlink(lst[i].path);
    }
    if (P.pid_file) unlink(P.pid_file);
}
