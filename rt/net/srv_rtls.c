// SPDX-License-Identifier: MIT
/*
 * srv_rtls.c — TLS in the reactor threads of a ModeProcess master
 * (srv_reactor.c): the master owns the client sockets, so it is the master
 * that speaks TLS; workers only ever see plaintext packets.
 *
 * The port's SSL_CTX is made once by the main thread before the threads
 * start and is then shared read-only; each connection's SSL is used by the
 * one thread that owns the connection (tls.c keeps its per-call state per
 * thread).  The handshake runs inside the first reads (accept state),
 * driven by the connection's edge-triggered events in either direction:
 * the reactor treats every event of a TLS connection as both readable and
 * writable, so an SSL_read that waits for writability (or an SSL_write that
 * waits for readability) is retried on the next edge, whichever it is.
 *
 * Reads return what OpenSSL decrypted; the reader goes on until
 * srv_rtls_drained says the socket and OpenSSL's buffers are empty.
 * Writes go record by record until done or EAGAIN; the caller keeps the
 * unwritten rest at the head of its output buffer and retries with it (the
 * same bytes, maybe moved and with more after them, as OpenSSL allows with
 * SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER).  A handshake or protocol failure
 * is logged at debug level and closes only that connection, without a
 * close_notify; a normal close sends one.
 */
#define _GNU_SOURCE
#define SRV_PROC_INTERNAL
#include <errno.h>
#include <string.h>

#include "srv_proc.h"
#include "srv_rtls.h"
#include "tls.h"

void *srv_rtls_open(void *ctx, int fd, uint64_t session)
{
    void *ssl = tls_conn_new(ctx, fd, true, NULL);
    if (!ssl) srv_proc_logf(5, "session %llu: out of memory for TLS", (unsigned long long)session);
    return ssl;
}

/* A failure other than EAGAIN: logged (protocol errors at debug level,
 * as a client's fault), and no close_notify will be sent. */
static ssize_t failed(void *ssl, uint64_t session, const char *what)
{
    int e = errno;
    if (e == EPROTO)
        srv_proc_logf(1, "session %llu: TLS %s failed: %s", (unsigned long long)session, what, tls_error());
    else if (srv_proc_log_enabled(1))
        srv_proc_logf(1, "session %llu: TLS %s failed: %s", (unsigned long long)session, what, strerror(e));
    tls_conn_quiet(ssl);
    errno = e;
    return -1;
}

ssize_t srv_rtls_read(void *ssl, void *buf, size_t n, uint64_t session)
{
    ssize_t r = tls_read(ssl, buf, n);
    return r < 0 && errno != EAGAIN ? failed(ssl, session, "read") : r;
}

bool srv_rtls_drained(void *ssl) { return tls_drained(ssl); }

ssize_t srv_rtls_write(void *ssl, const void *buf, size_t n, uint64_t session)
{
    size_t done = 0;
    while (done < n) {
        ssize_t r = tls_write(ssl, (const char *)buf + done, n - done);
        if (r > 0) {
            done += (size_t)r;
            continue;
        }
        if (errno == EAGAIN) {
            if (done > 0) break;
            return -1;
        }
        return failed(ssl, session, "write");
    }
    return (ssize_t)done;
}

void srv_rtls_close(void *ssl) { tls_conn_free(ssl, true); }
