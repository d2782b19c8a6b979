// SPDX-License-Identifier: MIT
/*
 * cli_io.c — the client socket's data path: send (all of it, waiting in the
 * reactor while the kernel buffer is full), recv (one read of what is
 * there, waiting until something is), peek, and the datagram sendto /
 * recvfrom.  Each call tries the system call first and waits only on
 * EAGAIN, until the caller's timeout (see cli.h).  Reads go through one
 * static scratch buffer (one thread runs every coroutine, and nothing
 * switches between the read and the copy) so a short read costs one GC
 * allocation of its own size.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "co/co.h"
#include "cli.h"
#include "sw_lib.h"

#define CLI_SCRATCH 65536
static uint8_t scratch[CLI_SCRATCH];
SW_GC_NOSCAN(scratch)

/* The read buffer for max bytes: the scratch, or GC memory when larger. */
static uint8_t *read_buf(int64_t max)
{
    return max <= CLI_SCRATCH ? scratch : sw_alloc_noscan((size_t)max);
}

static SwString take(uint8_t *buf, ssize_t n)
{
    if (n <= 0)
        return (SwString){NULL, 0};
    if (buf != scratch)
        return (SwString){buf, n};
    uint8_t *d = sw_alloc_noscan((size_t)n);
    memcpy(d, buf, (size_t)n);
    return (SwString){d, n};
}

/* Sends all of data (a stream) or one datagram.  Returns the bytes sent;
 * *err gets 0, or the error that stopped it (ETIMEDOUT, EPIPE,
 * ECONNRESET, EBADF when closed meanwhile…). */
int64_t sw_cli_send(CliSock *s, SwString data, int64_t timeout_ns, int64_t *err)
{
    *err = 0;
    if (!s || s->fd < 0) {
        *err = EBADF;
        return 0;
    }
    int64_t deadline = cli_deadline(timeout_ns);
    int64_t off = 0;
    do {
        ssize_t n = s->ssl ? cli_tls_send(s, data.ptr + off, (size_t)(data.len - off))
                           : send(s->fd, data.ptr + off, (size_t)(data.len - off), MSG_NOSIGNAL);
        if (n >= 0) {
            off += n;
            if (!s->stream)
                break;
            continue;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN) {
            *err = errno;
            break;
        }
        int e = cli_wait(s, s->ssl ? cli_tls_want() : SW_RX_WRITE, deadline);
        if (e) {
            *err = e;
            break;
        }
    } while (off < data.len);
    return off;
}

/* One read of at most max bytes.  An empty result with *err == 0 is the
 * peer's orderly close on a stream (or an empty datagram). */
SwString sw_cli_recv(CliSock *s, int64_t max, int64_t timeout_ns, int64_t *err)
{
    *err = 0;
    if (!s || s->fd < 0) {
        *err = EBADF;
        return (SwString){NULL, 0};
    }
    if (max <= 0)
        max = CLI_SCRATCH;
    int64_t deadline = cli_deadline(timeout_ns);
    uint8_t *buf = read_buf(max);
    for (;;) {
        ssize_t n = s->ssl ? cli_tls_recv(s, buf, (size_t)max, false) : recv(s->fd, buf, (size_t)max, 0);
        if (n >= 0)
            return take(buf, n);
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN) {
            *err = errno;
            return (SwString){NULL, 0};
        }
        int e = cli_wait(s, s->ssl ? cli_tls_want() : SW_RX_READ, deadline);
        if (e) {
            *err = e;
            return (SwString){NULL, 0};
        }
    }
}

/* What the next recv would return, without consuming it and without
 * waiting: *err EAGAIN when nothing is there yet. */
SwString sw_cli_peek(CliSock *s, int64_t max, int64_t *err)
{
    *err = 0;
    if (!s || s->fd < 0) {
        *err = EBADF;
        return (SwString){NULL, 0};
    }
    if (max <= 0)
        max = CLI_SCRATCH;
    uint8_t *buf = read_buf(max);
    ssize_t n;
    do
        n = s->ssl ? cli_tls_recv(s, buf, (size_t)max, true) : recv(s->fd, buf, (size_t)max, MSG_PEEK | MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        *err = errno;
        return (SwString){NULL, 0};
    }
    return take(buf, n);
}

/* One datagram to host:port (a path for Unix datagrams).  Returns 0 or
 * an error code; EOPNOTSUPP on a stream socket. */
int64_t sw_cli_sendto(CliSock *s, SwString host, int64_t port, SwString data, int64_t timeout_ns)
{
    if (!s || s->fd < 0)
        return EBADF;
    if (s->stream)
        return EOPNOTSUPP;
    int64_t deadline = cli_deadline(timeout_ns);
    struct sockaddr_storage sa;
    socklen_t len = 0;
    int e = cli_resolve(s, host, port, &sa, &len);
    if (e)
        return e;
    for (;;) {
        if (s->fd < 0)
            return EBADF;
        ssize_t n = sendto(s->fd, data.ptr, (size_t)data.len, MSG_NOSIGNAL, (struct sockaddr *)&sa, len);
        if (n >= 0)
            return 0;
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN)
            return errno;
        e = cli_wait(s, SW_RX_WRITE, deadline);
        if (e)
            return e;
    }
}

/* One datagram of at most max bytes and its sender (*addr, *port). */
SwString sw_cli_recvfrom(CliSock *s, int64_t max, int64_t timeout_ns, SwString *addr, int64_t *port,
                         int64_t *err)
{
    *err = 0;
    *port = 0;
    *addr = (SwString){NULL, 0};
    if (!s || s->fd < 0) {
        *err = EBADF;
        return (SwString){NULL, 0};
    }
    if (max <= 0)
        max = CLI_SCRATCH;
    int64_t deadline = cli_deadline(timeout_ns);
    uint8_t *buf = read_buf(max);
    for (;;) {
        struct sockaddr_storage sa;
        socklen_t len = sizeof sa;
        ssize_t n = recvfrom(s->fd, buf, (size_t)max, 0, (struct sockaddr *)&sa, &len);
        if (n >= 0) {
            SwString data = take(buf, n);
            *addr = cli_addr_str(&sa, len, port);
            return data;
        }
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN) {
            *err = errno;
            return (SwString){NULL, 0};
        }
        int e = cli_wait(s, SW_RX_READ, deadline);
        if (e) {
            *err = e;
            return (SwString){NULL, 0};
        }
    }
}
