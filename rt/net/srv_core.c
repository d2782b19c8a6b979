// SPDX-License-Identifier: MIT
/*
 * srv_core.c — the server core of one worker process: ports, accept, the
 * connection table and sessions, read → frame → deliver, the output queue,
 * close, pause/resume, the heartbeat and the counters (srv.h has the
 * contract).
 *
 * Hot path, per readable edge of a connection: read(2) into one scratch
 * buffer shared by every connection; while the framer finds whole packets
 * in it, hand each to the receive hook (which copies it into the callback's
 * GC block); only a trailing partial packet is copied into the
 * connection's own buffer.  A read that returns less than the room given
 * means the socket is drained (edge-triggered: no second read for EAGAIN).
 * srv_send writes at once when nothing is queued, so a request costs one
 * read and one write.  Connections are malloc'd and recycled through a
 * free list; only data that could not be written at once is copied.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <gc.h>

#include "srv.h"

struct SrvChunk {
    SrvChunk *next;
    int file_fd;              /* >= 0: a file range [off, off+len) */
    int64_t off, len;         /* memory: data[off..len) is still to send */
    uint8_t data[];
};

struct SrvWaiter {
    SrvWaiter *next;
    SwCo *co;
};

static uint8_t scratch[64 * 1024];
SW_GC_NOSCAN(scratch)
static SrvConn *free_conns;

/* Unix seconds: time(2) reads the kernel's coarse clock in the vDSO, with
 * no clock-source read (the stats want whole seconds). */
static int64_t wall_now(void)
{
    return (int64_t)time(NULL);
}

/* sw_now()'s clock at tick precision (a few ms), for the per-read
 * heartbeat timestamp: the vDSO answers it with no clock-source read. */
static int64_t coarse_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- logging ------------------------------------------------------------------------ */

void srv_log(SrvServer *s, int level, const char *fmt, ...)
{
    int min = s && s->log_level ? s->log_level : SRV_LOG_INFO;
    if (level < min) return;
    static const char *names[] = {"", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", ""};
    char buf[1024];
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    localtime_r(&ts.tv_sec, &tm);
    int n = (int)strftime(buf, sizeof buf, "[%Y-%m-%d %H:%M:%S", &tm);
    n += snprintf(buf + n, sizeof buf - (size_t)n, " %d] %s\t", (int)getpid(), names[level]);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(buf + n, sizeof buf - (size_t)n - 1, fmt, ap);
    va_end(ap);
    n += m < 0 ? 0 : m;
    if (n > (int)sizeof buf - 2) n = (int)sizeof buf - 2;
    buf[n++] = '\n';
    ssize_t w = write(s && s->log_fd > 0 ? s->log_fd : 2, buf, (size_t)n);
    (void)w;
}

/* ---- sessions ------------------------------------------------------------------------- */

static void sess_grow(SrvServer *s)
{
    int64_t n = s->sess ? (s->sess_mask + 1) * 2 : 1024;
    SrvConn **t = calloc((size_t)n, sizeof *t);
    if (!t) return;   /* keep the old table: longer chains, still correct */
    if (s->sess) {
        for (int64_t i = 0; i <= s->sess_mask; i++) {
            SrvConn *c = s->sess[i], *nx;
            for (; c; c = nx) {
                nx = c->hnext;
                c->hnext = t[c->sid & (n - 1)];
                t[c->sid & (n - 1)] = c;
            }
        }
        free(s->sess);
    }
    s->sess = t;
    s->sess_mask = n - 1;
}

SrvConn *srv_conn(SrvServer *s, int64_t sid)
{
    if (!s->sess || sid <= 0) return NULL;
    for (SrvConn *c = s->sess[sid & s->sess_mask]; c; c = c->hnext)
        if (c->sid == sid) return (c->flags & SRV_C_CLOSED) ? NULL : c;
    return NULL;
}

static void sess_del(SrvServer *s, SrvConn *c)
{
    SrvConn **pp = &s->sess[c->sid & s->sess_mask];
    for (; *pp; pp = &(*pp)->hnext)
        if (*pp == c) {
            *pp = c->hnext;
            return;
        }
}

/* ---- server and ports ------------------------------------------------------------------ */

static void set_err(SrvServer *s, const char *msg)
{
    if (!s->err) s->err = strdup(msg);
}

SrvServer *srv_new(const char *host, int64_t port, int mode, int type)
{
    SrvServer *s = sw_alloc(sizeof *s);
    s->mode = mode;
    s->worker_num = 1;
    s->log_fd = 2;
    s->sig_rd = s->sig_wr = -1;
    s->master_pid = s->worker_pid = (int)getpid();
    s->sid_counter = mmap(NULL, sizeof(int64_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (s->sid_counter == MAP_FAILED) {
        s->sid_counter = NULL;
        set_err(s, "mmap of the session counter failed");
        return s;
    }
    if (mode != SRV_MODE_BASE && mode != SRV_MODE_PROCESS) {
        set_err(s, "unknown mode (use ModeBase or ModeProcess)");
        return s;
    }
    srv_listen(s, host, port, type);
    return s;
}

SrvPort *srv_listen(SrvServer *s, const char *host, int64_t port, int type)
{
    bool ssl = (type & SRV_SOCK_SSL) != 0;
    type &= ~SRV_SOCK_SSL;
    if (ssl && (type == SRV_SOCK_UDP || type == SRV_SOCK_UDP6 || type == SRV_SOCK_UNIX_DGRAM)) {
        set_err(s, "SSL on a datagram socket is not supported (use a stream socket type)");
        return NULL;
    }
    if (s->running) {
        set_err(s, "Listen after Start");
        return NULL;
    }
    const char *err = NULL;
    int64_t bound = 0;
    int fd = srv_sock_open(type, host, port, (int)s->opts.backlog, false, &bound, &err);
    if (fd < 0) {
        set_err(s, err);
        return NULL;
    }
    SrvPort *p = sw_alloc(sizeof *p);
    p->srv = s;
    p->fd = fd;
    p->type = type;
    p->family = (type == SRV_SOCK_TCP6 || type == SRV_SOCK_UDP6) ? AF_INET6
              : (type == SRV_SOCK_UNIX_DGRAM || type == SRV_SOCK_UNIX_STREAM) ? AF_UNIX : AF_INET;
    p->dgram = type == SRV_SOCK_UDP || type == SRV_SOCK_UDP6 || type == SRV_SOCK_UNIX_DGRAM;
    snprintf(p->host, sizeof p->host, "%s", host);
    p->port = bound;
    p->ssl = ssl;
    srv_frame_setup(&p->frame, &s->opts);
    SrvPort **pp = &s->ports;
    while (*pp) pp = &(*pp)->next;
    *pp = p;
    return p;
}

void srv_buffer_limits(const SrvOptions *o, int64_t *limit, int64_t *high, int64_t *low, int64_t *outsize)
{
    int64_t l = o->socket_buffer_size > 0 ? o->socket_buffer_size : 2 << 20;
    int64_t h = o->buffer_high_watermark > 0 ? o->buffer_high_watermark : l / 10 * 8;
    if (h > l) h = l;
    if (h < 1) h = 1;
    int64_t w = o->buffer_low_watermark > 0 ? o->buffer_low_watermark : 0;
    if (w >= h) w = h - 1;
    *limit = l;
    *high = h;
    *low = w;
    *outsize = o->buffer_output_size > 0 ? o->buffer_output_size : 2 << 20;
}

/* The output buffer options: NULL or what is wrong with them. */
static const char *buffer_check(const SrvOptions *o)
{
    if (o->buffer_high_watermark < 0 || o->buffer_low_watermark < 0 || o->buffer_output_size < 0)
        return "negative option value";
    int64_t l = o->socket_buffer_size > 0 ? o->socket_buffer_size : 2 << 20;
    if (o->buffer_high_watermark > l) return "BufferHighWatermark is over SocketBufferSize";
    if (o->buffer_low_watermark > 0) {
        int64_t h = o->buffer_high_watermark > 0 ? o->buffer_high_watermark : l / 10 * 8;
        if (o->buffer_low_watermark >= h) return "BufferLowWatermark is not below BufferHighWatermark";
    }
    return NULL;
}

const char *srv_set(SrvServer *s, const SrvOptions *o)
{
    SrvFrame f;
    const char *e = srv_frame_setup(&f, o);
    if (e) return e;
    if (o->worker_num < 0 || o->max_connection < 0 || o->socket_buffer_size < 0 || o->package_max_length < 0 ||
        o->heartbeat_check_interval < 0 || o->heartbeat_idle_time < 0 || o->backlog < 0)
        return "negative option value";
    if (o->worker_num > 1024) return "WorkerNum is over 1024";
    if (o->task_worker_num < 0 || o->reactor_num < 0 || o->max_request < 0) return "negative option value";
    if (o->task_worker_num > 1024) return "TaskWorkerNum is over 1024";
    if (s->running) return "Set after Start";
    const char *be = buffer_check(o);
    if (be) return be;
    s->opts = *o;
    for (SrvPort *p = s->ports; p; p = p->next)
        if (!p->has_opts) p->frame = f;
    s->log_level = (int)o->log_level;
    if (o->backlog > 0)
        for (SrvPort *p = s->ports; p; p = p->next)
            if (!p->dgram) listen(p->fd, (int)o->backlog);
    return NULL;
}

const char *srv_port_set(SrvPort *p, const SrvOptions *o)
{
    SrvFrame f;
    const char *e = srv_frame_setup(&f, o);
    if (e) return e;
    p->opts = *o;
    p->has_opts = true;
    p->frame = f;
    return NULL;
}

/* ---- connections ------------------------------------------------------------------------ */

static void conn_event(int fd, int got, void *arg);

static void conn_release(SrvConn *c)
{
    c->hnext = free_conns;
    free_conns = c;
}

static void wake_waiters(SrvConn *c)
{
    SrvWaiter *w = c->waiters;
    c->waiters = NULL;
    for (; w; w = w->next) sw_co_ready(w->co);
}

static void free_output(SrvConn *c)
{
    SrvChunk *k = c->out_head, *nx;
    for (; k; k = nx) {
        nx = k->next;
        if (k->file_fd >= 0) close(k->file_fd);
        free(k);
    }
    c->out_head = c->out_tail = NULL;
    c->out_bytes = 0;
}

/* Remote connections (ModeProcess workers) have no fd: they are kept on
 * a list for Connections/Heartbeat instead of by_fd. */
static SrvConn *remotes;

static void remote_unlink(SrvServer *s, SrvConn *c)
{
    (void)s;
    for (SrvConn **pp = &remotes; *pp; pp = &(*pp)->rnext)
        if (*pp == c) {
            *pp = c->rnext;
            return;
        }
}

/* Closes at once: unwatch, close the fd, forget the session, tell the
 * hooks.  The struct is recycled now unless the core is still working on
 * it (busy), then when it is done. */
static void conn_close(SrvServer *s, SrvConn *c, bool abort)
{
    if (c->flags & SRV_C_CLOSED) return;
    c->flags |= SRV_C_CLOSED;
    if (c->fd >= 0) sw_rx_unwatch(c->fd);
    if (c->port->proto && c->port->proto->on_close) c->port->proto->on_close(s, c);
    if (c->tls) srv_tls_close(c, abort);
    if (c->fd >= 0) {
        close(c->fd);
        if (c->fd < s->by_fd_cap) s->by_fd[c->fd] = NULL;
    } else {
        remote_unlink(s, c);
    }
    sess_del(s, c);
    free_output(c);
    free(c->in);
    c->in = NULL;
    c->in_len = c->in_cap = 0;
    wake_waiters(c);
    s->stats.connection_num--;
    s->stats.close_count++;
    if (abort) s->stats.abort_count++;
    if (s->hooks.close) s->hooks.close(s, c);
    if (c->busy == 0) conn_release(c);
}

static bool by_fd_fit(SrvServer *s, int fd)
{
    if (fd < s->by_fd_cap) return true;
    int n = s->by_fd_cap ? s->by_fd_cap : 1024;
    while (n <= fd) n *= 2;
    SrvConn **t = realloc(s->by_fd, (size_t)n * sizeof *t);
    if (!t) return false;
    memset(t + s->by_fd_cap, 0, (size_t)(n - s->by_fd_cap) * sizeof *t);
    s->by_fd = t;
    s->by_fd_cap = n;
    return true;
}

static void conn_open(SrvServer *s, SrvPort *p, int fd, const struct sockaddr_storage *peer, socklen_t plen)
{
    SrvConn *c = free_conns;
    if (c) free_conns = c->hnext;
    else c = malloc(sizeof *c);
    if (!c || !by_fd_fit(s, fd)) {
        srv_log(s, SRV_LOG_ERROR, "out of memory for a connection");
        free(c);
        close(fd);
        return;
    }
    memset(c, 0, offsetof(SrvConn, peer));
    c->fd = fd;
    c->port = p;
    c->sid = __atomic_add_fetch(s->sid_counter, 1, __ATOMIC_RELAXED);
    memcpy(&c->peer, peer, plen);
    c->peer_len = plen;
    c->connect_time = c->last_recv_wall = wall_now();
    c->last_send_wall = 0;
    c->last_recv = sw_now();
    c->packets = 0;
    c->proto_state = NULL;
    if (s->stats.connection_num + 1 > s->sess_mask + 1 || !s->sess) sess_grow(s);
    c->hnext = s->sess[c->sid & s->sess_mask];
    s->sess[c->sid & s->sess_mask] = c;
    s->by_fd[fd] = c;
    s->stats.connection_num++;
    s->stats.accept_count++;
    srv_sock_tune(fd, srv_port_opts(p), p->family);
    int r = sw_rx_watch(fd, SW_RX_READ | SW_RX_WRITE, conn_event, c);
    if (r < 0) {
        srv_log(s, SRV_LOG_ERROR, "cannot watch fd %d: %s", fd, strerror(-r));
        conn_close(s, c, true);
        return;
    }
    if (p->ssl && !srv_tls_open(s, c)) {
        conn_close(s, c, true);
        return;
    }
    if (p->proto && p->proto->on_open) p->proto->on_open(s, c);
    if (s->hooks.connect) s->hooks.connect(s, c);
}

static void accept_ready(int lfd, int got, void *arg)
{
    (void)got;
    SrvPort *p = arg;
    SrvServer *s = p->srv;
    for (int i = 0; i < 64 && !s->stopping; i++) {
        struct sockaddr_storage peer;
        socklen_t plen = sizeof peer;
        int fd = accept4(lfd, (struct sockaddr *)&peer, &plen, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                srv_log(s, SRV_LOG_WARNING, "accept on port %lld: %s", (long long)p->port, strerror(errno));
            return;
        }
        if (s->stats.connection_num >= s->max_conn) {
            srv_log(s, SRV_LOG_WARNING, "MaxConnection (%lld) reached: connection refused",
                    (long long)s->max_conn);
            s->stats.abort_count++;
            close(fd);
            continue;
        }
        conn_open(s, p, fd, &peer, plen);
    }
}

static void deliver(SrvServer *s, SrvConn *c, const uint8_t *p, int64_t n)
{
    c->packets++;
    s->stats.request_count++;
    if (s->hooks.receive) s->hooks.receive(s, c, p, n);
}

/* Runs the framing / protocol over buf[0..len); returns the bytes consumed
 * (len when the connection was closed). */
static int64_t consume(SrvServer *s, SrvConn *c, const uint8_t *buf, int64_t len)
{
    SrvPort *p = c->port;
    int64_t off = 0;
    if (p->proto) {
        while (off < len) {
            int64_t r = p->proto->on_data(s, c, buf + off, len - off);
            if (c->flags & SRV_C_CLOSED) return len;
            if (r < 0) {
                conn_close(s, c, true);
                return len;
            }
            if (r == 0) break;
            off += r;
        }
        if (len - off > p->frame.max_len) {
            srv_log(s, SRV_LOG_WARNING, "session %lld: request over PackageMaxLength (%lld): closed",
                    (long long)c->sid, (long long)p->frame.max_len);
            conn_close(s, c, true);
            return len;
        }
        return off;
    }
    while (off < len) {
        int64_t r = srv_frame_next(&p->frame, buf + off, len - off);
        if (r < 0) {
            srv_log(s, SRV_LOG_WARNING, "session %lld: packet invalid or over PackageMaxLength (%lld): closed",
                    (long long)c->sid, (long long)p->frame.max_len);
            conn_close(s, c, true);
            return len;
        }
        if (r == 0) break;
        deliver(s, c, buf + off, r);
        off += r;
        if (c->flags & SRV_C_CLOSED) return len;
    }
    return off;
}

/* Keeps buf[0..n) as the connection's pending input. */
static bool keep_input(SrvConn *c, const uint8_t *buf, int64_t n)
{
    if (n > c->in_cap) {
        int64_t cap = c->in_cap ? c->in_cap : 4096;
        while (cap < n) cap *= 2;
        uint8_t *m = malloc((size_t)cap);
        if (!m) return false;
        free(c->in);
        c->in = m;
        c->in_cap = cap;
    }
    memmove(c->in, buf, (size_t)n);
    c->in_len = n;
    return true;
}

static void conn_read(SrvServer *s, SrvConn *c, bool hup)
{
    for (;;) {
        if (c->flags & (SRV_C_CLOSED | SRV_C_PAUSED | SRV_C_CLOSING)) return;
        uint8_t *dst;
        int64_t room;
        if (c->in_len == 0) {
            dst = scratch;
            room = sizeof scratch;
        } else {
            if (c->in_cap - c->in_len < 16384) {
                int64_t cap = c->in_cap * 2;
                if (cap < c->in_len + 65536) cap = c->in_len + 65536;
                uint8_t *m = realloc(c->in, (size_t)cap);
                if (!m) {
                    conn_close(s, c, true);
                    return;
                }
                c->in = m;
                c->in_cap = cap;
            }
            dst = c->in + c->in_len;
            room = c->in_cap - c->in_len;
        }
        ssize_t n = c->tls ? srv_tls_read(s, c, dst, (size_t)room) : recv(c->fd, dst, (size_t)room, 0);
        if (n > 0) {
            c->last_recv = coarse_now();
            c->last_recv_wall = wall_now();
            if (dst == scratch) {
                int64_t used = consume(s, c, scratch, n);
                if (!(c->flags & SRV_C_CLOSED) && used < n && !keep_input(c, scratch + used, n - used)) {
                    conn_close(s, c, true);
                    return;
                }
            } else {
                c->in_len += n;
                int64_t used = consume(s, c, c->in, c->in_len);
                if (c->flags & SRV_C_CLOSED) return;
                c->in_len -= used;
                if (c->in_len > 0 && used > 0) memmove(c->in, c->in + used, (size_t)c->in_len);
                if (c->in_len == 0 && c->in_cap > 65536) {
                    free(c->in);
                    c->in = NULL;
                    c->in_cap = 0;
                }
            }
            /* drained (TLS: nothing buffered in OpenSSL either), unless EOF is still to be read */
            if (!hup && (c->tls ? srv_tls_drained(c) : n < room)) return;
            continue;
        }
        if (n == 0) {
            c->flags |= SRV_C_EOF;
            if (c->inflight > 0) return;   /* closed by srv_receive_done */
            conn_close(s, c, false);
            return;
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) conn_close(s, c, false);
        return;
    }
}

/* Output watermarks (srv_buffer_limits), kept per connection by SRV_C_FULL:
 * OnBufferFull when the queue reaches the high watermark, OnBufferEmpty
 * when it is back at the low one (then SendYield senders retry). */
static void buffer_high(SrvServer *s, SrvConn *c)
{
    int64_t l, h, w, o;
    if (c->flags & SRV_C_FULL) return;
    srv_buffer_limits(&s->opts, &l, &h, &w, &o);
    if (c->out_bytes < h) return;
    c->flags |= SRV_C_FULL;
    if (s->hooks.buffer_full) s->hooks.buffer_full(s, c);
}

static void buffer_low(SrvServer *s, SrvConn *c)
{
    int64_t l, h, w, o;
    srv_buffer_limits(&s->opts, &l, &h, &w, &o);
    if (c->out_bytes > w) return;
    c->flags &= ~(uint32_t)SRV_C_FULL;
    /* the callback first: it is queued before the senders it wakes, so
     * OnBufferEmpty starts before a resumed Send can fire OnBufferFull */
    if (s->hooks.buffer_empty) s->hooks.buffer_empty(s, c);
    wake_waiters(c);
}

/* Writes what is queued; false when the connection was closed. */
static bool conn_flush(SrvServer *s, SrvConn *c)
{
    while (c->out_head) {
        SrvChunk *k = c->out_head;
        ssize_t n;
        if (k->file_fd >= 0) {
            off_t off = (off_t)k->off;
            size_t want = k->len > (1 << 20) ? (1 << 20) : (size_t)k->len;
            n = c->tls ? srv_tls_sendfile(s, c, k->file_fd, off, want) : sendfile(c->fd, k->file_fd, &off, want);
            if (n == 0) {             /* the file is shorter than said */
                c->out_bytes -= k->len;
                k->len = 0;
            }
            if (n > 0) {
                k->off += n;
                k->len -= n;
            }
        } else {
            n = c->tls ? srv_tls_write(s, c, k->data + k->off, (size_t)(k->len - k->off))
                       : send(c->fd, k->data + k->off, (size_t)(k->len - k->off), MSG_NOSIGNAL);
            if (n > 0) k->off += n;
        }
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return true;
            conn_close(s, c, false);
            return false;
        }
        c->out_bytes -= n;
        c->last_send_wall = wall_now();
        if (k->file_fd >= 0 ? k->len == 0 : k->off == k->len) {
            c->out_head = k->next;
            if (!c->out_head) c->out_tail = NULL;
            if (k->file_fd >= 0) close(k->file_fd);
            free(k);
        }
        if ((c->flags & SRV_C_FULL) && c->out_head && !(c->flags & SRV_C_CLOSING)) buffer_low(s, c);
    }
    c->out_bytes = 0;
    if (c->flags & SRV_C_CLOSING) {
        conn_close(s, c, false);
        return false;
    }
    if (c->flags & SRV_C_FULL) buffer_low(s, c);
    wake_waiters(c);
    return true;
}

static void conn_event(int fd, int got, void *arg)
{
    (void)fd;
    SrvConn *c = arg;
    SrvServer *s = c->port->srv;
    c->busy++;
    if ((got & SW_RX_WRITE) && c->out_head) conn_flush(s, c);
    /* TLS: a handshake step may wait for either direction, so any edge
     * drives both the read and the queued writes. */
    if (c->tls && !(c->flags & SRV_C_CLOSED)) {
        bool closing = (c->flags & SRV_C_CLOSING) != 0;
        if (!closing) conn_read(s, c, (got & SW_RX_HUP) != 0);
        if (c->out_head && !(c->flags & SRV_C_CLOSED)) conn_flush(s, c);
        if (!closing) got &= ~SW_RX_READ;
    }
    if ((got & SW_RX_READ) && !(c->flags & SRV_C_CLOSED)) {
        if (c->flags & SRV_C_CLOSING) {
            /* Closing after a flush: drop input, notice a peer that left. */
            char b[512];
            ssize_t n;
            while ((n = read(c->fd, b, sizeof b)) > 0) {}
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) conn_close(s, c, false);
        } else {
            conn_read(s, c, (got & SW_RX_HUP) != 0);
        }
    }
    if (--c->busy == 0 && (c->flags & SRV_C_CLOSED)) conn_release(c);
}

void srv_deliver(SrvServer *s, int64_t sid, const uint8_t *p, int64_t n)
{
    SrvConn *c = srv_conn(s, sid);
    if (!c || n <= 0) return;
    c->busy++;
    c->last_recv = sw_now();
    c->last_recv_wall = wall_now();
    if (c->in_len + n > c->in_cap) {
        int64_t cap = c->in_cap ? c->in_cap : 4096;
        while (cap < c->in_len + n) cap *= 2;
        uint8_t *m = realloc(c->in, (size_t)cap);
        if (!m) {
            conn_close(s, c, true);
            goto out;
        }
        c->in = m;
        c->in_cap = cap;
    }
    memcpy(c->in + c->in_len, p, (size_t)n);
    c->in_len += n;
    int64_t used = consume(s, c, c->in, c->in_len);
    if (!(c->flags & SRV_C_CLOSED)) {
        c->in_len -= used;
        memmove(c->in, c->in + used, (size_t)c->in_len);
    }
out:
    if (--c->busy == 0 && (c->flags & SRV_C_CLOSED)) conn_release(c);
}

SrvConn *srv_remote_open(SrvServer *s, int64_t sid, const char *addr, int64_t port)
{
    return srv_remote_open_on(s, s->ports, sid, addr, port);
}

SrvConn *srv_remote_open_on(SrvServer *s, SrvPort *on, int64_t sid, const char *addr, int64_t port)
{
    if (sid <= 0 || srv_conn(s, sid)) return NULL;
    SrvConn *c = free_conns;
    if (c) free_conns = c->hnext;
    else c = malloc(sizeof *c);
    if (!c) return NULL;
    memset(c, 0, sizeof *c);
    c->fd = -1;
    c->flags = SRV_C_REMOTE;
    c->port = on;
    c->sid = sid;
    struct sockaddr_storage sa;
    socklen_t sl = 0;
    if (c->port && srv_sock_addr(c->port->family, addr, port, &sa, &sl)) {
        memcpy(&c->peer, &sa, sl);
        c->peer_len = sl;
    }
    c->connect_time = c->last_recv_wall = wall_now();
    c->last_recv = sw_now();
    if (s->stats.connection_num + 1 > s->sess_mask + 1 || !s->sess) sess_grow(s);
    c->hnext = s->sess[c->sid & s->sess_mask];
    s->sess[c->sid & s->sess_mask] = c;
    c->rnext = remotes;
    remotes = c;
    s->stats.connection_num++;
    s->stats.accept_count++;
    c->busy++;
    if (c->port && c->port->proto && c->port->proto->on_open) c->port->proto->on_open(s, c);
    if (!(c->flags & SRV_C_CLOSED) && s->hooks.connect) s->hooks.connect(s, c);
    if (--c->busy == 0 && (c->flags & SRV_C_CLOSED)) conn_release(c);
    return c;
}

void srv_remote_close(SrvServer *s, int64_t sid)
{
    SrvConn *c = srv_conn(s, sid);
    if (c && (c->flags & SRV_C_REMOTE)) conn_close(s, c, false);
}

/* ---- output --------------------------------------------------------------------------------- */

static bool queue_mem(SrvConn *c, const uint8_t *p, int64_t n)
{
    SrvChunk *k = malloc(sizeof *k + (size_t)n);
    if (!k) return false;
    k->next = NULL;
    k->file_fd = -1;
    k->off = 0;
    k->len = n;
    memcpy(k->data, p, (size_t)n);
    if (c->out_tail) c->out_tail->next = k;
    else c->out_head = k;
    c->out_tail = k;
    c->out_bytes += n;
    return true;
}

static int64_t buffer_limit(SrvServer *s)
{
    int64_t l, h, w, o;
    srv_buffer_limits(&s->opts, &l, &h, &w, &o);
    return l;
}

/* The coroutine running Server.Send (or a worker's pipe reader passing on
 * the master's buffer notice) and not parked: only there may the
 * OnBufferFull callback run at once.  Loop callbacks (reads, timers) run
 * on the stack of a parked coroutine and must never switch, so every
 * park inside srv_send clears it. */
static SwCo *user_co;

bool srv_user_context(void) { return user_co && user_co == sw_co_self(); }

/* Waits (SendYield) until c's queue drained to the low watermark or is
 * empty; false when c went away. */
static bool wait_drained(SrvServer *s, int64_t sid)
{
    SrvConn *c = srv_conn(s, sid);
    if (!c) return false;
    SrvWaiter w = {c->waiters, sw_co_self()};
    c->waiters = &w;
    SwCo *prev = user_co;
    user_co = NULL;
    sw_co_park("server send", c);
    user_co = prev;
    return srv_conn(s, sid) != NULL;
}

static bool can_yield(SrvServer *s)
{
    return s->opts.send_yield && sw_co_id() != 0;
}

int srv_send(SrvServer *s, int64_t sid, const uint8_t *p, int64_t n)
{
    SrvConn *c = srv_conn(s, sid);
    if (!c) {
        if (s->send_remote && sid > 0) return s->send_remote(s, sid, p, n) ? SRV_OK : SRV_ENOCONN;
        return SRV_ENOCONN;
    }
    if (c->flags & SRV_C_CLOSING) return SRV_ECLOSING;
    if (n <= 0) return SRV_OK;
    if (c->flags & SRV_C_REMOTE) {
        /* the master said its buffer passed the high watermark: SendYield
         * waits for its OnBufferEmpty */
        while ((c->flags & SRV_C_FULL) && can_yield(s)) {
            if (!wait_drained(s, sid)) return SRV_ENOCONN;
            c = srv_conn(s, sid);
            if (c->flags & SRV_C_CLOSING) return SRV_ECLOSING;
        }
        /* without SendYield a full connection refuses, as in ModeBase (the
         * master keeps every byte it was sent: a stream is never cut) */
        if (c->flags & SRV_C_FULL) return SRV_EFULL;
        c->last_send_wall = wall_now();
        if (!s->send_remote || !s->send_remote(s, sid, p, n)) return SRV_EIO;
        /* SendYield: let the pipe flush and the master's answer come in */
        if (can_yield(s)) {
            SwCo *prev = user_co;
            user_co = NULL;
            sw_co_gosched();
            user_co = prev;
        }
        return SRV_OK;
    }
    for (;;) {
        if (!c->out_head) {
            ssize_t w = c->tls ? srv_tls_write(s, c, p, (size_t)n) : send(c->fd, p, (size_t)n, MSG_NOSIGNAL);
            if (w == n) {
                c->last_send_wall = wall_now();
                return SRV_OK;
            }
            if (w < 0) {
                if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                    conn_close(s, c, false);
                    return SRV_EIO;
                }
                w = 0;
            }
            if (!queue_mem(c, p + w, n - w)) return SRV_EIO;
            buffer_high(s, c);
            return SRV_OK;
        }
        if (c->out_bytes + n <= buffer_limit(s)) {
            if (!queue_mem(c, p, n)) return SRV_EIO;
            buffer_high(s, c);
            return SRV_OK;
        }
        if (can_yield(s)) {
            if (!wait_drained(s, sid)) return SRV_ENOCONN;
            c = srv_conn(s, sid);
            if (c->flags & SRV_C_CLOSING) return SRV_ECLOSING;
            continue;
        }
        /* Refused: the buffer is full even if the high watermark was not
         * reached (a large Send), so OnBufferFull fires now and
         * OnBufferEmpty tells when to try again. */
        if (!(c->flags & SRV_C_FULL)) {
            c->flags |= SRV_C_FULL;
            if (s->hooks.buffer_full) s->hooks.buffer_full(s, c);
        }
        return SRV_EFULL;
    }
}

int srv_send_user(SrvServer *s, int64_t sid, const uint8_t *p, int64_t n)
{
    int64_t l, h, w, o;
    srv_buffer_limits(&s->opts, &l, &h, &w, &o);
    if (n > o) {
        srv_log(s, SRV_LOG_WARNING, "Send: %lld bytes for session %lld exceed BufferOutputSize (%lld)",
                (long long)n, (long long)sid, (long long)o);
        return SRV_ETOOBIG;
    }
    SwCo *prev = user_co;
    user_co = sw_co_self();
    int r = srv_send(s, sid, p, n);
    user_co = prev;
    return r;
}

void srv_remote_buffer(SrvServer *s, int64_t sid, bool full)
{
    SrvConn *c = srv_conn(s, sid);
    if (!c || !(c->flags & SRV_C_REMOTE) || full == ((c->flags & SRV_C_FULL) != 0)) return;
    if (full) {
        c->flags |= SRV_C_FULL;
        SwCo *prev = user_co;
        user_co = sw_co_self();
        if (s->hooks.buffer_full) s->hooks.buffer_full(s, c);
        user_co = prev;
        return;
    }
    c->flags &= ~(uint32_t)SRV_C_FULL;
    if (s->hooks.buffer_empty) s->hooks.buffer_empty(s, c);
    wake_waiters(c);
}

int srv_sendfile(SrvServer *s, int64_t sid, const char *path, int64_t off, int64_t len)
{
    SrvConn *c = srv_conn(s, sid);
    if (!c) return SRV_ENOCONN;
    if (c->flags & SRV_C_CLOSING) return SRV_ECLOSING;
    int ffd = open(path, O_RDONLY | O_CLOEXEC);
    if (ffd < 0) return SRV_EIO;
    struct stat st;
    if (fstat(ffd, &st) != 0 || !S_ISREG(st.st_mode) || off < 0 || off > st.st_size) {
        close(ffd);
        return SRV_EIO;
    }
    if (len <= 0 || off + len > st.st_size) len = st.st_size - off;
    if (len == 0) {
        close(ffd);
        return SRV_OK;
    }
    if (c->flags & SRV_C_REMOTE) {   /* the bytes travel through the pipe */
        uint8_t *b = malloc((size_t)len);
        ssize_t got = b ? pread(ffd, b, (size_t)len, off) : -1;
        close(ffd);
        int r = got == len ? srv_send(s, sid, b, len) : SRV_EIO;
        free(b);
        return r;
    }
    SrvChunk *k = malloc(sizeof *k);
    if (!k) {
        close(ffd);
        return SRV_EIO;
    }
    k->next = NULL;
    k->file_fd = ffd;
    k->off = off;
    k->len = len;
    bool was_empty = c->out_head == NULL;
    if (c->out_tail) c->out_tail->next = k;
    else c->out_head = k;
    c->out_tail = k;
    c->out_bytes += len;
    if (was_empty) {
        c->busy++;
        conn_flush(s, c);
        bool closed = c->flags & SRV_C_CLOSED;
        if (--c->busy == 0 && closed) conn_release(c);
        if (closed) return SRV_EIO;
    }
    return SRV_OK;
}

void srv_receive_done(SrvServer *s, int64_t sid)
{
    SrvConn *c = srv_conn(s, sid);
    if (!c || c->inflight <= 0) return;
    if (--c->inflight == 0 && (c->flags & SRV_C_EOF)) srv_close(s, sid, false);
}

bool srv_close(SrvServer *s, int64_t sid, bool reset)
{
    SrvConn *c = srv_conn(s, sid);
    if (!c) return s->close_remote && sid > 0 ? s->close_remote(s, sid) : false;
    if (c->flags & SRV_C_REMOTE) {
        /* the master closes once flushed and answers with CLOSE */
        c->flags |= SRV_C_CLOSING;
        return s->close_remote && s->close_remote(s, sid);
    }
    if (!reset && c->out_head) {
        c->flags |= SRV_C_CLOSING;
        return true;
    }
    conn_close(s, c, false);
    return true;
}

bool srv_pause(SrvServer *s, int64_t sid)
{
    SrvConn *c = srv_conn(s, sid);
    if (!c) return false;
    if (c->flags & SRV_C_REMOTE) {
        c->flags |= SRV_C_PAUSED;
        return s->pause_remote && s->pause_remote(s, sid, true);
    }
    c->flags |= SRV_C_PAUSED;
    return true;
}

bool srv_resume(SrvServer *s, int64_t sid)
{
    SrvConn *c = srv_conn(s, sid);
    if (!c) return false;
    if (!(c->flags & SRV_C_PAUSED)) return true;
    c->flags &= ~(uint32_t)SRV_C_PAUSED;
    if (c->flags & SRV_C_REMOTE) return s->pause_remote && s->pause_remote(s, sid, false);
    /* Edge-triggered: input that came while paused raised no new edge. */
    c->busy++;
    conn_read(s, c, true);
    if (--c->busy == 0 && (c->flags & SRV_C_CLOSED)) conn_release(c);
    return true;
}

int64_t srv_list(SrvServer *s, int64_t *out, int64_t max)
{
    int64_t n = 0;
    for (int fd = 0; fd < s->by_fd_cap; fd++) {
        SrvConn *c = s->by_fd[fd];
        if (!c || (c->flags & SRV_C_CLOSED)) continue;
        if (n < max) out[n] = c->sid;
        n++;
    }
    for (SrvConn *c = remotes; c; c = c->rnext) {
        if (c->flags & SRV_C_CLOSED) continue;
        if (n < max) out[n] = c->sid;
        n++;
    }
    return n;
}

/* ---- heartbeat ---------------------------------------------------------------------------------- */

int64_t srv_heartbeat(SrvServer *s, bool close_them, int64_t *out, int64_t max)
{
    double idle = s->hb_idle > 0 ? s->hb_idle : s->hb_interval > 0 ? s->hb_interval * 2 : 0;
    if (idle <= 0) return 0;
    int64_t limit = sw_now() - (int64_t)(idle * 1e9);
    int64_t n = 0;
    for (int fd = 0; fd < s->by_fd_cap; fd++) {
        SrvConn *c = s->by_fd[fd];
        if (!c || (c->flags & SRV_C_CLOSED) || c->last_recv > limit) continue;
        if (out && n < max) out[n] = c->sid;
        n++;
        if (close_them) {
            srv_log(s, SRV_LOG_DEBUG, "heartbeat: session %lld idle, closed", (long long)c->sid);
            conn_close(s, c, true);
        }
    }
    /* ModeProcess worker: idle = no whole packet delivered for that long;
     * closing asks the master (OnClose follows when it has closed) */
    for (SrvConn *c = remotes; c; c = c->rnext) {
        if ((c->flags & (SRV_C_CLOSED | SRV_C_CLOSING)) || c->last_recv > limit) continue;
        if (out && n < max) out[n] = c->sid;
        n++;
        if (close_them && s->close_remote) s->close_remote(s, c->sid);
    }
    return n;
}

static void heartbeat_fire(SwTimer *t)
{
    SrvServer *s = t->arg;
    srv_heartbeat(s, true, NULL, 0);
}

/* ---- serving -------------------------------------------------------------------------------------- */

static int64_t default_max_conn(void)
{
    long n = sysconf(_SC_OPEN_MAX);
    return n > 16 ? n - 16 : 1024;
}

void srv_serve(SrvServer *s)
{
    s->running = true;
    s->stats.start_time = wall_now();
    /* Every request allocates a little GC memory (its HttpCtx, the Sw
     * Request/Response): let at least 1 MiB be allocated between two
     * collections rather than libgc's few hundred KiB for a small heap,
     * since each collection has a fixed cost (the roots) whatever the heap. */
    if (GC_get_min_bytes_allocd() < (1u << 20)) GC_set_min_bytes_allocd(1u << 20);
    s->max_conn = s->opts.max_connection > 0 ? s->opts.max_connection : default_max_conn();
    s->hb_interval = s->opts.heartbeat_check_interval;
    s->hb_idle = s->opts.heartbeat_idle_time;
    if (!s->sess) sess_grow(s);
    int shared = s->worker_num > 1 ? SW_RX_EXCLUSIVE : 0;
    for (SrvPort *p = s->ports; p; p = p->next) {
        int r = sw_rx_watch(p->fd, SW_RX_READ | SW_RX_LEVEL | shared, p->dgram ? srv_udp_ready : accept_ready, p);
        if (r < 0) srv_log(s, SRV_LOG_ERROR, "cannot watch port %lld: %s", (long long)p->port, strerror(-r));
    }
    if (s->hb_interval > 0 || s->hb_idle > 0) {
        double every = s->hb_interval > 0 ? s->hb_interval : s->hb_idle / 2;
        int64_t ns = (int64_t)(every * 1e9);
        if (ns < 1000000) ns = 1000000;
        sw_timer_start(&s->heartbeat, sw_now() + ns, ns, heartbeat_fire, s);
    }
    sw_rx_hold();
    if (!s->stopping) {
        s->main_co = sw_co_self();
        sw_co_park("server", s);
        s->main_co = NULL;
    }
    sw_rx_release();
}

void srv_stop(SrvServer *s)
{
    if (s->stopping) return;
    s->stopping = true;
    sw_timer_stop(&s->heartbeat);
    for (SrvPort *p = s->ports; p; p = p->next) {
        if (p->fd < 0) continue;
        sw_rx_unwatch(p->fd);
        close(p->fd);
        p->fd = -1;
    }
    for (int fd = 0; fd < s->by_fd_cap; fd++) {
        SrvConn *c = s->by_fd[fd];
        if (!c || (c->flags & SRV_C_CLOSED)) continue;
        if (c->out_head) conn_flush(s, c);   /* last chance, non-blocking */
        if (!(c->flags & SRV_C_CLOSED)) conn_close(s, c, false);
    }
    if (s->main_co) sw_co_ready(s->main_co);
}
