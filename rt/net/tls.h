// SPDX-License-Identifier: MIT
/*
 * tls.h — TLS over the runtime's non-blocking sockets, with OpenSSL 3:
 * contexts for servers (certificate, key, CA, client verification) and
 * clients (CA, peer verification, host name), and per-connection I/O that
 * follows read(2)/send(2) conventions so the server core (srv_core.c) and
 * the coroutine client (cli_io.c) only swap the call:
 *
 *   > 0   bytes read / written
 *   0     (read) the peer closed the TLS session (close_notify or EOF)
 *   -1    errno set: EAGAIN — retry after the socket is ready in the
 *         direction tls_want() tells (SSL_ERROR_WANT_READ/WRITE: a
 *         handshake step or a renegotiation may need the other direction);
 *         EPROTO — a handshake or protocol failure (tls_error() has the
 *         reason); anything else — the socket's own error.
 *
 * The handshake runs inside the first reads/writes (accept or connect
 * state), so a server needs no separate step: its reactor retries on the
 * next readiness edge.  Bytes OpenSSL has decrypted but not yet returned
 * (SSL_pending) are returned by the next tls_read without touching the
 * socket: readers loop until EAGAIN rather than stop at a short read.
 *
 * Sockets are written with MSG_NOSIGNAL through a BIO of our own, so a
 * peer that went away never raises SIGPIPE.  Contexts and connections are
 * opaque pointers (SSL_CTX *, SSL *) to keep OpenSSL out of the other
 * headers.  Thread-safe: a context is read-only once made and may be
 * shared by threads (the ModeProcess master's reactor threads); a
 * connection is used by one thread at a time; tls_want and tls_error
 * answer for the calling thread's last call.
 */
#ifndef SW_NET_TLS_H
#define SW_NET_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Protocol versions a context allows (server.TLSv1_2 | server.TLSv1_3,
 * Swoole's SWOOLE_SSL_TLSv1_2/_3 values); 0 means both. */
enum { TLS_PROTO_1_2 = 1 << 5, TLS_PROTO_1_3 = 1 << 6 };

/* The options every context takes: protocols (TLS_PROTO_* bits, 0 both)
 * and ciphers ("" OpenSSL's default; an OpenSSL cipher string whose
 * TLS_… names are TLS 1.3 suites and the rest TLS 1.2 ciphers).  The
 * check alone (Set time): false with err filled. */
bool tls_check_params(int64_t protocols, const char *ciphers, char *err, size_t errn);

/* Server context from PEM files: cert (chain) and key are required; ca
 * (optional) is trusted for client certificates and advertised; verify
 * requires a client certificate signed by ca (or the system store).  NULL
 * with err filled (a complete sentence naming the option and file). */
void *tls_server_ctx(const char *cert, const char *key, const char *ca, bool verify, int64_t protocols,
                     const char *ciphers, char *err, size_t errn);

/* Client context: verify checks the server's chain against ca (or the
 * system store when ca is empty); cert/key (optional) are the client's
 * certificate.  NULL with err filled. */
void *tls_client_ctx(const char *ca, bool verify, const char *cert, const char *key, int64_t protocols,
                     const char *ciphers, char *err, size_t errn);
void tls_ctx_free(void *ctx);

/* A connection on fd in server (accept) or client (connect) state; for a
 * client, host (may be empty) is sent as SNI when it is a name and, with
 * verify, checked against the certificate.  NULL when out of memory. */
void *tls_conn_new(void *ctx, int fd, bool server, const char *host);

ssize_t tls_read(void *ssl, void *buf, size_t n);
ssize_t tls_peek(void *ssl, void *buf, size_t n);
ssize_t tls_write(void *ssl, const void *buf, size_t n);
/* Drives the handshake: 1 done, -1 with errno as above. */
int tls_handshake(void *ssl);
/* Bytes decrypted and buffered inside OpenSSL. */
int tls_pending(void *ssl);
/* After a tls_read that returned data: true when OpenSSL holds no more
 * bytes (decrypted or not) and its last socket read came back short, so
 * the socket is drained and an edge-triggered reader may stop without a
 * read that ends in EAGAIN. */
bool tls_drained(void *ssl);
/* The direction (SW_RX_READ or SW_RX_WRITE) the last EAGAIN waits for. */
int tls_want(void);
/* The reason of the last EPROTO (static text). */
const char *tls_error(void);
/* Ends the connection: with clean, a close_notify is sent once (without
 * waiting for the peer's); the SSL is freed.  The fd is not closed. */
void tls_conn_free(void *ssl, bool clean);
/* After a failure: tls_conn_free sends no close_notify. */
void tls_conn_quiet(void *ssl);
/* Negotiated protocol and cipher ("TLSv1.3 TLS_AES_256_GCM_SHA384"). */
const char *tls_describe(void *ssl, char *buf, size_t n);

#endif
