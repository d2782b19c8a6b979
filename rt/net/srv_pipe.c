// SPDX-License-Identifier: MIT
/*
 * srv_pipe.c — batching writer and record reader for the socketpairs of a
 * ModeProcess server (the message format is in srv_pipe.h).  Plain malloc
 * memory only: the master's reactor threads use it and must never touch
 * the GC heap.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "srv_pipe.h"

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fputs("fatal error: out of memory (server pipe)\n", stderr);
        _exit(2);
    }
    return q;
}

static void out_reserve(SrvOut *o, size_t n)
{
    if (o->len + n <= o->cap) return;
    if (o->sent > 0) {          /* reclaim what already left */
        memmove(o->buf, o->buf + o->sent, o->len - o->sent);
        o->len -= o->sent;
        o->sent = 0;
        if (o->len + n <= o->cap) return;
    }
    size_t c = o->cap ? o->cap : 16384;
    while (c < o->len + n) c *= 2;
    o->buf = xrealloc(o->buf, c);
    o->cap = c;
}

void srv_out_msg(SrvOut *o, int type, int flags, int reactor, uint32_t worker, uint64_t session,
                 const void *p, size_t n)
{
    const char *src = p;
    do {
        size_t k = n > SRV_PIPE_CHUNK ? SRV_PIPE_CHUNK : n;
        SrvMsg m = {.type = (uint8_t)type, .flags = (uint8_t)(flags | (n > k ? SRV_MF_MORE : 0)),
                    .reactor = (uint16_t)reactor, .worker = worker, .session = session, .len = (uint32_t)k};
        out_reserve(o, sizeof m + k);
        memcpy(o->buf + o->len, &m, sizeof m);
        if (k) memcpy(o->buf + o->len + sizeof m, src, k);
        o->len += sizeof m + k;
        src += k;
        n -= k;
    } while (n > 0);
}

/* The end of the longest run of whole messages from `from` that fits in
 * one record (at least one message). */
static size_t record_end(const SrvOut *o, size_t from)
{
    size_t at = from;
    while (at < o->len) {
        SrvMsg m;
        memcpy(&m, o->buf + at, sizeof m);
        size_t sz = sizeof m + m.len;
        if (at > from && at + sz - from > SRV_PIPE_RECORD) break;
        at += sz;
    }
    return at;
}

int srv_out_flush(SrvOut *o, int fd)
{
    while (o->sent < o->len) {
        size_t end = record_end(o, o->sent);
        ssize_t w = send(fd, o->buf + o->sent, end - o->sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) return 0;
            return -1;
        }
        o->sent = end;    /* a SEQPACKET record is sent whole or not at all */
    }
    o->len = o->sent = 0;
    return 1;
}

void srv_out_free(SrvOut *o)
{
    free(o->buf);
    memset(o, 0, sizeof *o);
}

int srv_in_read(SrvIn *in, int fd)
{
    if (in->cap < SRV_PIPE_RECORD + 4096) {
        in->cap = SRV_PIPE_RECORD + 4096;
        in->buf = xrealloc(in->buf, in->cap);
    }
    for (;;) {
        ssize_t r = recv(fd, in->buf, in->cap, MSG_DONTWAIT);
        if (r > 0) {
            in->len = (size_t)r;
            in->pos = 0;
            return 1;
        }
        if (r == 0) return -1;
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
        return -1;
    }
}

bool srv_in_next(SrvIn *in, SrvMsg *m, const char **p)
{
    for (;;) {
        if (in->pos + sizeof *m > in->len) return false;
        memcpy(m, in->buf + in->pos, sizeof *m);
        if (in->pos + sizeof *m + m->len > in->len) {   /* a torn record: drop it */
            in->pos = in->len;
            return false;
        }
        const char *pl = in->buf + in->pos + sizeof *m;
        in->pos += sizeof *m + m->len;
        if (!(m->flags & SRV_MF_MORE) && in->jhdr.type == 0) {
            *p = pl;
            return true;
        }
        /* a fragment: gather */
        if (in->jlen + m->len > in->jcap) {
            size_t c = in->jcap ? in->jcap : 65536;
            while (c < in->jlen + m->len) c *= 2;
            in->join = xrealloc(in->join, c);
            in->jcap = c;
        }
        memcpy(in->join + in->jlen, pl, m->len);
        in->jlen += m->len;
        if (in->jhdr.type == 0) in->jhdr = *m;
        if (m->flags & SRV_MF_MORE) continue;
        *m = in->jhdr;
        m->flags &= (uint8_t)~SRV_MF_MORE;
        m->len = (uint32_t)in->jlen;
        *p = in->join;
        in->jlen = 0;
        memset(&in->jhdr, 0, sizeof in->jhdr);
        return true;
    }
}

int srv_dgram_send(int fd, int type, int flags, uint32_t worker, uint64_t session, const void *p, size_t n)
{
    char path[64];
    if (n > SRV_PIPE_CHUNK) {
        snprintf(path, sizeof path, "/tmp/swc-task-XXXXXX");
        int tf = mkstemp(path);
        if (tf < 0) return -errno;
        const char *s = p;
        size_t left = n;
        while (left > 0) {
            ssize_t w = write(tf, s, left);
            if (w < 0) {
                if (errno == EINTR) continue;
                int e = errno;
                close(tf);
                unlink(path);
                return -e;
            }
            s += w;
            left -= (size_t)w;
        }
        close(tf);
        p = path;
        n = strlen(path);
        flags |= SRV_MF_TMPFILE;
    }
    /* not on the stack: callers run on small coroutine stacks */
    static __thread char buf[sizeof(SrvMsg) + SRV_PIPE_CHUNK];
    SrvMsg m = {.type = (uint8_t)type, .flags = (uint8_t)flags, .worker = worker, .session = session,
                .len = (uint32_t)n};
    memcpy(buf, &m, sizeof m);
    if (n) memcpy(buf + sizeof m, p, n);
    for (;;) {
        ssize_t w = send(fd, buf, sizeof m + n, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w >= 0) return 0;
        if (errno == EINTR) continue;
        int e = (errno == EWOULDBLOCK || errno == ENOBUFS) ? EAGAIN : errno;
        if (flags & SRV_MF_TMPFILE && e != EAGAIN) unlink(path);
        /* on EAGAIN the caller retries with the same payload: the file is
         * made again, so drop this one */
        if (flags & SRV_MF_TMPFILE && e == EAGAIN) unlink(path);
        return -e;
    }
}

int srv_dgram_recv(int fd, SrvMsg *m, char **p)
{
    static __thread char buf[sizeof(SrvMsg) + SRV_PIPE_CHUNK];
    ssize_t r;
    do r = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    while (r < 0 && errno == EINTR);
    if (r < 0) return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
    if ((size_t)r < sizeof *m) return -1;
    memcpy(m, buf, sizeof *m);
    if (m->len > (size_t)r - sizeof *m) m->len = (uint32_t)((size_t)r - sizeof *m);
    if (!(m->flags & SRV_MF_TMPFILE)) {
        *p = xrealloc(NULL, m->len + 1);
        memcpy(*p, buf + sizeof *m, m->len);
        return 1;
    }
    char path[256];
    size_t pl = m->len < sizeof path - 1 ? m->len : sizeof path - 1;
    memcpy(path, buf + sizeof *m, pl);
    path[pl] = 0;
    int tf = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (tf < 0 || fstat(tf, &st) < 0) {
        if (tf >= 0) close(tf);
        unlink(path);
        m->len = 0;
        *p = xrealloc(NULL, 1);
        return 1;
    }
    size_t n = (size_t)st.st_size, got = 0;
    *p = xrealloc(NULL, n + 1);
    while (got < n) {
        ssize_t k = read(tf, *p + got, n - got);
        if (k <= 0) {
            if (k < 0 && errno == EINTR) continue;
            break;
        }
        got += (size_t)k;
    }
    close(tf);
    unlink(path);
    m->len = (uint32_t)got;
    m->flags &= (uint8_t)~SRV_MF_TMPFILE;
    return 1;
}
