// SPDX-License-Identifier: MIT
/*
 * cli_tls.c — TLS for the coroutine client (stdlib/client EnableSSL and
 * Options.SSL): the handshake on a connected stream socket, each
 * SSL_ERROR_WANT_READ/WRITE waiting in the reactor (sw_rx_wait through
 * cli_wait) until the caller's deadline, so only the calling coroutine
 * blocks; then cli_io.c reads and writes through the SSL (tls.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "co/co.h"
#include "cli.h"
#include "sw_lib.h"
#include "tls.h"

/* Error codes beside the errno values (Swoole's SSL error range). */
enum { CLI_ESSL_HANDSHAKE = 1008, CLI_ESSL_SETUP = 1009 };

static SwString gc_str(const char *m)
{
    size_t n = strlen(m);
    uint8_t *d = sw_alloc_noscan(n ? n : 1);
    memcpy(d, m, n);
    return (SwString){d, (int64_t)n};
}

/* The C text of a Sw string (truncated to n - 1 bytes). */
static const char *cstr(SwString s, char *buf, size_t n)
{
    snprintf(buf, n, "%.*s", (int)s.len, (const char *)s.ptr);
    return buf;
}

/* Starts TLS on the connected socket s and completes the handshake within
 * timeout_ns (< 0: none).  Returns 0, an errno value (ETIMEDOUT, EBADF…)
 * or CLI_ESSL_*; *msg then says why (certificate errors included). */
int64_t sw_cli_tls(CliSock *s, bool verify, SwString ca, SwString host, SwString cert, SwString key,
                   int64_t protocols, SwString ciphers, int64_t timeout_ns, SwString *msg)
{
    *msg = (SwString){NULL, 0};
    if (!s || s->fd < 0)
        return EBADF;
    if (!s->stream) {
        *msg = gc_str("SSL needs a stream socket");
        return EINVAL;
    }
    if (s->ssl) {
        *msg = gc_str("SSL is already enabled");
        return EINVAL;
    }
    char cab[4096], hb[256], cb[4096], kb[4096], cib[4096], err[600];
    void *ctx = tls_client_ctx(cstr(ca, cab, sizeof cab), verify, cstr(cert, cb, sizeof cb),
                               cstr(key, kb, sizeof kb), protocols, cstr(ciphers, cib, sizeof cib), err,
                               sizeof err);
    if (!ctx) {
        *msg = gc_str(err);
        return CLI_ESSL_SETUP;
    }
    void *ssl = tls_conn_new(ctx, s->fd, false, cstr(host, hb, sizeof hb));
    tls_ctx_free(ctx); /* the SSL holds its own reference */
    if (!ssl) {
        *msg = gc_str("out of memory for TLS");
        return ENOMEM;
    }
    s->ssl = ssl;
    int64_t deadline = cli_deadline(timeout_ns);
    for (;;) {
        if (tls_handshake(s->ssl) == 1)
            return 0;
        if (errno != EAGAIN) {
            int e = errno;
            snprintf(err, sizeof err, "SSL handshake failed: %s", e == EPROTO ? tls_error() : strerror(e));
            *msg = gc_str(err);
            tls_conn_free(s->ssl, false);
            s->ssl = NULL;
            return e == EPROTO ? CLI_ESSL_HANDSHAKE : e;
        }
        int e = cli_wait(s, tls_want(), deadline);
        if (e) {
            if (s->ssl) {
                tls_conn_free(s->ssl, false);
                s->ssl = NULL;
            }
            return e;
        }
    }
}

ssize_t cli_tls_send(CliSock *s, const void *p, size_t n) { return tls_write(s->ssl, p, n); }

ssize_t cli_tls_recv(CliSock *s, void *p, size_t n, bool peek)
{
    return peek ? tls_peek(s->ssl, p, n) : tls_read(s->ssl, p, n);
}

int cli_tls_want(void) { return tls_want(); }

void cli_tls_close(CliSock *s)
{
    tls_conn_free(s->ssl, true);
    s->ssl = NULL;
}

/* The negotiated protocol and cipher ("" without TLS). */
SwString sw_cli_tls_info(CliSock *s)
{
    char buf[128];
    if (!s || !s->ssl)
        return (SwString){NULL, 0};
    return gc_str(tls_describe(s->ssl, buf, sizeof buf));
}

/* Set: SSLProtocols and SSLCiphers are checked at once ("" or a message). */
SwString sw_cli_tls_check(int64_t protocols, SwString ciphers)
{
    char c[4096], err[600];
    if (tls_check_params(protocols, cstr(ciphers, c, sizeof c), err, sizeof err)) return (SwString){NULL, 0};
    return gc_str(err);
}
