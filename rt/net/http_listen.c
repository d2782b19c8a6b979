// SPDX-License-Identifier: MIT
/*
 * http_listen.c — the connections under the HTTP protocol: a listening TCP
 * socket per port, accepted sockets watched by the reactor (sw_rx_watch, a
 * C callback in the loop: no coroutine per connection), edge-triggered
 * reads handed to http_proto_data, writes made at once and buffered only
 * when the socket is full, sendfile(2) for file bodies.  BASE mode with
 * several workers forks after listening with SO_REUSEPORT, one listener
 * per worker, so the kernel spreads connections.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "co/co.h"
#include "http_conn.h"
#include "http_srv.h"

#define READ_BUF 65536

struct HttpSock {
    int fd;
    int64_t id;                 /* session id: 1, 2, 3… */
    HttpConn *hc;
    char *out;                  /* unsent output (malloc) */
    size_t out_off, out_len, out_cap;
    bool reading;               /* not paused */
    bool closing;               /* close once out is flushed */
    bool gone;
    bool in_cb;                 /* inside on_sock: close later, not now */
    bool peer_eof;              /* the client shut its side (half-close) */
    bool lingering;             /* output shut down: discard input to EOF */
    SwTimer linger;             /* cap on the lingering close */
    char peer[48];
    int peer_port, local_port;
};

typedef struct HttpListener {
    int fd;
    int port;
    HttpCfg *cfg;
} HttpListener;

static int64_t next_id = 1;
static char rbuf[READ_BUF];

static void sock_close_now(HttpSock *s)
{
    if (s->gone) return;
    s->gone = true;
    sw_timer_stop(&s->linger);
    sw_rx_unwatch(s->fd);
    close(s->fd);
    http_proto_close(s->hc);
    free(s->out);
    free(s);
}

/* Writes what is buffered; false when the socket failed (closed). */
static bool flush(HttpSock *s)
{
    while (s->out_len > s->out_off) {
        ssize_t w = write(s->fd, s->out + s->out_off, s->out_len - s->out_off);
        if (w < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) return true;
            return false;
        }
        s->out_off += (size_t)w;
    }
    s->out_off = s->out_len = 0;
    return true;
}

static void update_watch(HttpSock *s)
{
    int f = (s->reading || s->lingering ? SW_RX_READ : 0) | (s->out_len > s->out_off ? SW_RX_WRITE : 0);
    if (!f) f = SW_RX_WRITE;   /* keep a registration; an edge costs nothing */
    sw_rx_watch_mod(s->fd, f);
}

static void on_linger_timeout(SwTimer *t)
{
    sock_close_now(t->arg);
}

/* Output is flushed and the connection must end: shut our side down and
 * read the client's leftovers until it closes, so the kernel does not
 * answer unread bytes with a reset that would destroy our last response. */
static void finish_close(HttpSock *s)
{
    if (s->gone || s->lingering) return;
    s->lingering = true;
    s->reading = false;
    shutdown(s->fd, SHUT_WR);
    sw_timer_start(&s->linger, sw_now() + (int64_t)2000000000, 0, on_linger_timeout, s);
    update_watch(s);
}

static void on_sock(int fd, int got, void *arg)
{
    (void)fd;
    HttpSock *s = arg;
    if (got & SW_RX_WRITE && s->out_len > s->out_off) {
        if (!flush(s)) {
            sock_close_now(s);
            return;
        }
        if (s->out_len == 0) {
            if (s->closing) {
                finish_close(s);
                return;
            }
            update_watch(s);
        }
    }
    if (s->lingering) {
        for (;;) {
            ssize_t n = read(s->fd, rbuf, sizeof rbuf);
            if (n > 0) continue;
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno == EAGAIN) return;
            sock_close_now(s);
            return;
        }
    }
    if (!(got & SW_RX_READ) || !s->reading || s->closing) {
        if (got & SW_RX_ERROR && !(got & SW_RX_READ)) sock_close_now(s);
        return;
    }
    for (;;) {
        ssize_t n = read(s->fd, rbuf, sizeof rbuf);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) return;
            sock_close_now(s);
            return;
        }
        if (n == 0) {
            if ((s->out_len > s->out_off || http_proto_busy(s->hc)) && !s->closing) {
                /* half-close: the client still gets what it asked for */
                s->reading = false;
                s->peer_eof = true;
                update_watch(s);
                return;
            }
            sock_close_now(s);
            return;
        }
        s->in_cb = true;
        long r = http_proto_data(s->hc, rbuf, (size_t)n);
        s->in_cb = false;
        if (r < 0 || s->closing) {
            s->closing = true;
            if (s->out_len == s->out_off) finish_close(s);
            return;
        }
        if (!s->reading || (size_t)n < sizeof rbuf) return;
    }
}

/* ---- transport API (http_conn.h) ---------------------------------------------------- */

static HttpSock *sock_of(HttpTransport *t) { return t->s; }

static bool out_add(HttpSock *s, const void *p, size_t n)
{
    if (s->out_off && s->out_off == s->out_len) s->out_off = s->out_len = 0;
    if (s->out_len + n > s->out_cap) {
        if (s->out_off) {
            memmove(s->out, s->out + s->out_off, s->out_len - s->out_off);
            s->out_len -= s->out_off;
            s->out_off = 0;
        }
        size_t cap = s->out_cap ? s->out_cap : 16384;
        while (cap < s->out_len + n) cap *= 2;
        char *no = realloc(s->out, cap);
        if (!no) return false;
        s->out = no;
        s->out_cap = cap;
    }
    memcpy(s->out + s->out_len, p, n);
    s->out_len += n;
    return true;
}

bool http_transport_send(HttpTransport *t, const void *p, size_t n)
{
    HttpSock *s = sock_of(t);
    if (!s || s->gone || s->closing) return false;
    if (s->out_len == s->out_off) {
        while (n > 0) {
            ssize_t w = write(s->fd, p, n);
            if (w < 0) {
                if (errno == EINTR) continue;
                if (errno == EAGAIN) break;
                return false;   /* the read side will see the error and close */
            }
            p = (const char *)p + w;
            n -= (size_t)w;
        }
        if (n == 0) return true;
    }
    if (!out_add(s, p, n)) return false;
    update_watch(s);
    return true;
}

bool http_transport_sendfile(HttpTransport *t, int fd, int64_t off, int64_t len)
{
    HttpSock *s = sock_of(t);
    if (!s || s->gone || s->closing) return false;
    off_t o = (off_t)off;
    if (s->out_len == s->out_off) {
        while (len > 0) {
            ssize_t w = sendfile(s->fd, fd, &o, (size_t)len);
            if (w < 0) {
                if (errno == EINTR) continue;
                if (errno == EAGAIN) break;
                return false;
            }
            if (w == 0) return false;   /* file shrank */
            len -= w;
        }
        if (len == 0) return true;
    }
    /* the socket is full: the rest goes through the output buffer */
    char tmp[65536];
    while (len > 0) {
        ssize_t r = pread(fd, tmp, len < (int64_t)sizeof tmp ? (size_t)len : sizeof tmp, o);
        if (r <= 0) return false;
        if (!out_add(s, tmp, (size_t)r)) return false;
        o += r;
        len -= r;
    }
    update_watch(s);
    return true;
}

void http_transport_close(HttpTransport *t)
{
    HttpSock *s = sock_of(t);
    if (!s || s->gone || s->closing) return;
    s->closing = true;
    s->reading = false;
    if (s->in_cb) return;          /* on_sock finishes it */
    if (s->out_len == s->out_off)
        finish_close(s);
    else
        update_watch(s);
}

void http_transport_flow(HttpTransport *t, bool on)
{
    HttpSock *s = sock_of(t);
    if (s && on && s->peer_eof && !s->closing) {
        http_transport_close(t);
        return;
    }
    if (!s || s->gone || s->closing || s->reading == on) return;
    s->reading = on;
    update_watch(s);
    if (on) {
        /* bytes may have arrived while paused: an edge was consumed then */
        sw_rx_watch_mod(s->fd, SW_RX_READ | SW_RX_WRITE);
    }
}

int64_t http_transport_id(HttpTransport *t) { return t->s ? t->s->id : 0; }

const char *http_transport_peer(HttpTransport *t, int *port)
{
    *port = t->s ? t->s->peer_port : 0;
    return t->s ? t->s->peer : "";
}

int http_transport_local_port(HttpTransport *t) { return t->s ? t->s->local_port : 0; }

/* ---- accepting ------------------------------------------------------------------------ */

static void on_accept(int lfd, int got, void *arg)
{
    (void)got;
    HttpListener *l = arg;
    for (;;) {
        struct sockaddr_storage sa;
        socklen_t sl = sizeof sa;
        int fd = accept4(lfd, (struct sockaddr *)&sa, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            return;   /* EAGAIN, or out of fds: the next edge retries */
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        HttpSock *s = calloc(1, sizeof *s);
        HttpConn *hc = s ? http_proto_open(l->cfg) : NULL;
        if (!hc) {
            free(s);
            close(fd);
            continue;
        }
        s->fd = fd;
        s->id = next_id++;
        s->hc = hc;
        s->reading = true;
        s->local_port = l->port;
        http_proto_transport(hc)->s = s;
        if (sa.ss_family == AF_INET) {
            struct sockaddr_in *in = (struct sockaddr_in *)&sa;
            inet_ntop(AF_INET, &in->sin_addr, s->peer, sizeof s->peer);
            s->peer_port = ntohs(in->sin_port);
        } else if (sa.ss_family == AF_INET6) {
            struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&sa;
            inet_ntop(AF_INET6, &in6->sin6_addr, s->peer, sizeof s->peer);
            s->peer_port = ntohs(in6->sin6_port);
        }
        if (sw_rx_watch(fd, SW_RX_READ | SW_RX_WRITE, on_sock, s) != 0) {
            http_proto_close(hc);
            free(s);
            close(fd);
            continue;
        }
        /* data may already be there (it usually is with wrk): read now */
        on_sock(fd, SW_RX_READ, s);
    }
}

/* Binds host:port; returns the listening fd or -errno. */
int http_listen_bind(const char *host, int port, int backlog)
{
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    char ps[16];
    snprintf(ps, sizeof ps, "%d", port);
    int rc = getaddrinfo(host[0] ? host : NULL, ps, &hints, &res);
    if (rc != 0 || !res) return -EADDRNOTAVAIL;
    int fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        freeaddrinfo(res);
        return -errno;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    if (bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, backlog > 0 ? backlog : 512) != 0) {
        int e = errno;
        close(fd);
        freeaddrinfo(res);
        return -e;
    }
    freeaddrinfo(res);
    return fd;
}

/* Starts accepting on lfd for cfg in this process's reactor. */
int http_listen_serve(int lfd, int port, HttpCfg *cfg)
{
    HttpListener *l = calloc(1, sizeof *l);
    if (!l) return -ENOMEM;
    l->fd = lfd;
    l->port = port;
    l->cfg = cfg;
    int r = sw_rx_watch(lfd, SW_RX_READ, on_accept, l);
    if (r < 0) return r;
    sw_rx_hold();
    return 0;
}
