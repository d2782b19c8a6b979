// SPDX-License-Identifier: MIT
/*
 * srv_tls.c — the server core's TLS transport (srv.h, "TLS"): contexts for
 * the ports with the SSL flag, made once in the parent before workers fork
 * (a missing or bad certificate, key or CA file stops Start with an error
 * that names it), and the per-connection calls srv_core.c makes instead of
 * read/send/sendfile when a connection has an SSL.  The handshake happens
 * inside the first reads and writes, driven by the reactor's edges; a
 * client that fails it (a plain-text request, an untrusted or missing
 * client certificate…) is logged at debug level and only its connection
 * is closed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "srv.h"
#include "sw_lib.h"
#include "tls.h"

const char *srv_tls_setup(SrvServer *s)
{
    static char err[512];
    for (SrvPort *p = s->ports; p; p = p->next) {
        if (!p->ssl || p->tls_ctx) continue;
        const SrvOptions *o = srv_port_opts(p);
        /* A port with its own options but no certificate uses the server's. */
        if (p->has_opts && !o->ssl_cert_file.len) o = &s->opts;
        char cert[4096], key[4096], ca[4096], ciphers[4096];
        snprintf(cert, sizeof cert, "%.*s", (int)o->ssl_cert_file.len, (const char *)o->ssl_cert_file.ptr);
        snprintf(key, sizeof key, "%.*s", (int)o->ssl_key_file.len, (const char *)o->ssl_key_file.ptr);
        snprintf(ca, sizeof ca, "%.*s", (int)o->ssl_ca_file.len, (const char *)o->ssl_ca_file.ptr);
        snprintf(ciphers, sizeof ciphers, "%.*s", (int)o->ssl_ciphers.len, (const char *)o->ssl_ciphers.ptr);
        char why[400];
        p->tls_ctx = tls_server_ctx(cert, key, ca, o->ssl_verify_peer, o->ssl_protocols, ciphers, why, sizeof why);
        if (!p->tls_ctx) {
            snprintf(err, sizeof err, "port %lld: %s", (long long)p->port, why);
            return err;
        }
    }
    return NULL;
}

bool srv_tls_open(SrvServer *s, SrvConn *c)
{
    c->tls = tls_conn_new(c->port->tls_ctx, c->fd, true, NULL);
    if (!c->tls) srv_log(s, SRV_LOG_ERROR, "session %lld: out of memory for TLS", (long long)c->sid);
    return c->tls != NULL;
}

static ssize_t failed(SrvServer *s, SrvConn *c, const char *what)
{
    int e = errno;
    if (e == EPROTO)
        srv_log(s, SRV_LOG_DEBUG, "session %lld: TLS %s failed: %s", (long long)c->sid, what, tls_error());
    errno = e;
    return -1;
}

ssize_t srv_tls_read(SrvServer *s, SrvConn *c, void *buf, size_t n)
{
    ssize_t r = tls_read(c->tls, buf, n);
    return r < 0 && errno != EAGAIN ? failed(s, c, "read") : r;
}

/* SSL_write returns after each record (SSL_MODE_ENABLE_PARTIAL_WRITE): a
 * short count does not mean the socket is full, so keep writing until all
 * is written or EAGAIN, else no writable edge would ever come for the rest. */
bool srv_tls_drained(SrvConn *c) { return tls_drained(c->tls); }

ssize_t srv_tls_write(SrvServer *s, SrvConn *c, const void *buf, size_t n)
{
    size_t done = 0;
    while (done < n) {
        ssize_t r = tls_write(c->tls, (const char *)buf + done, n - done);
        if (r > 0) {
            done += (size_t)r;
            continue;
        }
        if (done > 0 && errno == EAGAIN) break;
        return errno != EAGAIN ? failed(s, c, "write") : -1;
    }
    return (ssize_t)done;
}

ssize_t srv_tls_sendfile(SrvServer *s, SrvConn *c, int file_fd, off_t off, size_t n)
{
    /* The same bytes are read again when a write must be retried, as
     * SSL_write requires (the buffer may move: SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER). */
    static char buf[16384];
    if (n > sizeof buf) n = sizeof buf;
    ssize_t r;
    do r = pread(file_fd, buf, n, off);
    while (r < 0 && errno == EINTR);
    if (r <= 0) {
        if (r < 0) errno = EIO;
        return r;
    }
    return srv_tls_write(s, c, buf, (size_t)r);
}

void srv_tls_close(SrvConn *c, bool abort)
{
    tls_conn_free(c->tls, !abort);
    c->tls = NULL;
}

/* Set / Port.Set: SSLProtocols and SSLCiphers are checked at once ("" or
 * a complete message). */
SwString sw_srv_tls_check(int64_t protocols, SwString ciphers)
{
    char c[4096], err[600];
    snprintf(c, sizeof c, "%.*s", (int)ciphers.len, (const char *)ciphers.ptr);
    if (tls_check_params(protocols, c, err, sizeof err)) return (SwString){NULL, 0};
    size_t n = strlen(err);
    char *m = sw_alloc_noscan(n);
    memcpy(m, err, n);
    return (SwString){(const uint8_t *)m, (int64_t)n};
}
