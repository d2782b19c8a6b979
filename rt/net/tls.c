// SPDX-License-Identifier: MIT
/*
 * tls.c — TLS with OpenSSL 3 for the server core and the coroutine client
 * (the contract is in tls.h): context set-up with start-up errors that name
 * the option and the file, a socket BIO that sends with MSG_NOSIGNAL, and
 * SSL_read/SSL_write/SSL_peek mapped onto read(2)-style results.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "co/co.h"
#include "tls.h"

/* Per-call state, one copy per thread (the master's reactor threads run
 * TLS connections side by side; OpenSSL keeps its error queue per thread). */
static __thread int last_want = SW_RX_READ;
static __thread int last_sys_errno;
static __thread bool last_short;   /* the last socket read got less than asked (or EAGAIN) */
static __thread char last_err[256];

int tls_want(void) { return last_want; }
const char *tls_error(void) { return last_err[0] ? last_err : "TLS error"; }

/* ---- the socket BIO ------------------------------------------------------------------ */

static BIO_METHOD *sock_method;   /* made once (pthread_once), then read-only */
static pthread_once_t sock_once = PTHREAD_ONCE_INIT;

static int bio_fd(BIO *b) { return (int)(intptr_t)BIO_get_data(b); }

static int bio_write_ex(BIO *b, const char *p, size_t n, size_t *done)
{
    BIO_clear_retry_flags(b);
    *done = 0;
    for (;;) {
        ssize_t w = send(bio_fd(b), p, n, MSG_NOSIGNAL);
        if (w >= 0) {
            *done = (size_t)w;
            return 1;
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) BIO_set_retry_write(b);
        else last_sys_errno = errno;
        return 0;
    }
}

static int bio_read_ex(BIO *b, char *p, size_t n, size_t *done)
{
    BIO_clear_retry_flags(b);
    *done = 0;
    for (;;) {
        ssize_t r = recv(bio_fd(b), p, n, 0);
        if (r > 0) {
            *done = (size_t)r;
            last_short = (size_t)r < n;
            return 1;
        }
        if (r == 0) return 0;      /* EOF: no retry flag */
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            BIO_set_retry_read(b);
            last_short = true;
        } else {
            last_sys_errno = errno;
        }
        return 0;
    }
}

static long bio_ctrl(BIO *b, int cmd, long num, void *ptr)
{
    (void)b, (void)num, (void)ptr;
    return cmd == BIO_CTRL_FLUSH ? 1 : 0;
}

static void sock_method_init(void)
{
    BIO_METHOD *m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "sw socket");
    if (!m) return;
    BIO_meth_set_write_ex(m, bio_write_ex);
    BIO_meth_set_read_ex(m, bio_read_ex);
    BIO_meth_set_ctrl(m, bio_ctrl);
    sock_method = m;
}

static BIO *sock_bio(int fd)
{
    pthread_once(&sock_once, sock_method_init);
    if (!sock_method) return NULL;
    BIO *b = BIO_new(sock_method);
    if (!b) return NULL;
    BIO_set_data(b, (void *)(intptr_t)fd);
    BIO_set_init(b, 1);
    return b;
}

/* ---- contexts ------------------------------------------------------------------------- */

/* The reason of OpenSSL's last queued error (and the queue cleared). */
static const char *ossl_reason(char *buf, size_t n)
{
    unsigned long e = ERR_peek_error();   /* the first: the root cause */
    ERR_clear_error();
    if (!e) return "unknown OpenSSL error";
    const char *r = ERR_reason_error_string(e);
    if (r) snprintf(buf, n, "%s", r);
    else ERR_error_string_n(e, buf, n);
    return buf;
}

static bool readable(const char *what, const char *path, char *err, size_t errn)
{
    if (access(path, R_OK) == 0) return true;
    snprintf(err, errn, "%s %s: %s", what, path, strerror(errno));
    return false;
}

static void ctx_common(SSL_CTX *ctx)
{
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF | SSL_OP_NO_RENEGOTIATION);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    SSL_CTX_set_read_ahead(ctx, 1);   /* whole socket reads, not record header then body */
}

/* Protocol versions and ciphers (see tls.h); false with err filled. */
static bool ctx_params(SSL_CTX *ctx, int64_t protocols, const char *ciphers, char *err, size_t errn)
{
    char why[200];
    if (protocols & ~(int64_t)(TLS_PROTO_1_2 | TLS_PROTO_1_3)) {
        snprintf(err, errn, "SSLProtocols: unknown protocol bits %#llx (TLSv1_2 and TLSv1_3 are supported)",
                 (unsigned long long)(protocols & ~(int64_t)(TLS_PROTO_1_2 | TLS_PROTO_1_3)));
        return false;
    }
    if (protocols) {
        SSL_CTX_set_min_proto_version(ctx, (protocols & TLS_PROTO_1_2) ? TLS1_2_VERSION : TLS1_3_VERSION);
        SSL_CTX_set_max_proto_version(ctx, (protocols & TLS_PROTO_1_3) ? TLS1_3_VERSION : TLS1_2_VERSION);
    }
    if (!ciphers || !*ciphers) return true;
    /* TLS 1.3 suites (TLS_…) and TLS 1.2 cipher strings are set apart in OpenSSL. */
    size_t n = strlen(ciphers);
    char *v13 = calloc(1, n + 1), *v12 = calloc(1, n + 1), *all = strdup(ciphers);
    bool ok = v13 && v12 && all;
    if (!ok) snprintf(err, errn, "SSLCiphers: out of memory");
    for (char *save = NULL, *t = ok ? strtok_r(all, ":", &save) : NULL; t; t = strtok_r(NULL, ":", &save)) {
        char *dst = strncmp(t, "TLS_", 4) == 0 ? v13 : v12;
        if (*dst) strcat(dst, ":");
        strcat(dst, t);
    }
    if (ok && *v13 && SSL_CTX_set_ciphersuites(ctx, v13) != 1) {
        snprintf(err, errn, "SSLCiphers %s: no TLS 1.3 suite in %s (%s)", ciphers, v13, ossl_reason(why, sizeof why));
        ok = false;
    }
    if (ok && *v12 && SSL_CTX_set_cipher_list(ctx, v12) != 1) {
        snprintf(err, errn, "SSLCiphers %s: no cipher matches %s (%s)", ciphers, v12, ossl_reason(why, sizeof why));
        ok = false;
    }
    if (ok && !*v12 && !*v13) {
        snprintf(err, errn, "SSLCiphers %s: no cipher named", ciphers);
        ok = false;
    }
    free(v13);
    free(v12);
    free(all);
    return ok;
}

bool tls_check_params(int64_t protocols, const char *ciphers, char *err, size_t errn)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) {
        snprintf(err, errn, "SSL_CTX_new failed");
        return false;
    }
    bool ok = ctx_params(ctx, protocols, ciphers, err, errn);
    SSL_CTX_free(ctx);
    return ok;
}

/* Loads cert (chain) and key into ctx; false with err filled. */
static bool load_pair(SSL_CTX *ctx, const char *cert, const char *key, const char *copt, const char *kopt,
                      char *err, size_t errn)
{
    char why[200];
    if (!readable(copt, cert, err, errn) || !readable(kopt, key, err, errn)) return false;
    if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
        snprintf(err, errn, "%s %s: not a PEM certificate (%s)", copt, cert, ossl_reason(why, sizeof why));
        return false;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
        snprintf(err, errn, "%s %s: not a PEM private key (%s)", kopt, key, ossl_reason(why, sizeof why));
        return false;
    }
    if (SSL_CTX_check_private_key(ctx) != 1) {
        ERR_clear_error();
        snprintf(err, errn, "%s %s does not match the certificate of %s %s", kopt, key, copt, cert);
        return false;
    }
    return true;
}

static bool load_ca(SSL_CTX *ctx, const char *ca, const char *opt, char *err, size_t errn)
{
    char why[200];
    if (!readable(opt, ca, err, errn)) return false;
    if (SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1) {
        snprintf(err, errn, "%s %s: no PEM certificate in it (%s)", opt, ca, ossl_reason(why, sizeof why));
        return false;
    }
    return true;
}

void *tls_server_ctx(const char *cert, const char *key, const char *ca, bool verify, int64_t protocols,
                     const char *ciphers, char *err, size_t errn)
{
    if (!cert || !*cert || !key || !*key) {
        snprintf(err, errn, "an SSL port needs SSLCertFile and SSLKeyFile");
        return NULL;
    }
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) {
        snprintf(err, errn, "SSL_CTX_new failed");
        return NULL;
    }
    ctx_common(ctx);
    if (!ctx_params(ctx, protocols, ciphers, err, errn)) goto fail;
    if (!load_pair(ctx, cert, key, "SSLCertFile", "SSLKeyFile", err, errn)) goto fail;
    if (ca && *ca) {
        if (!load_ca(ctx, ca, "SSLCAFile", err, errn)) goto fail;
        STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(ca);
        if (names) SSL_CTX_set_client_CA_list(ctx, names);
        ERR_clear_error();
    } else if (verify) {
        SSL_CTX_set_default_verify_paths(ctx);
    }
    SSL_CTX_set_verify(ctx, verify ? SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT : SSL_VERIFY_NONE, NULL);
    static const unsigned char sid_ctx[] = "swc";
    SSL_CTX_set_session_id_context(ctx, sid_ctx, sizeof sid_ctx - 1);
    return ctx;
fail:
    SSL_CTX_free(ctx);
    return NULL;
}

void *tls_client_ctx(const char *ca, bool verify, const char *cert, const char *key, int64_t protocols,
                     const char *ciphers, char *err, size_t errn)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx) {
        snprintf(err, errn, "SSL_CTX_new failed");
        return NULL;
    }
    ctx_common(ctx);
    if (!ctx_params(ctx, protocols, ciphers, err, errn)) goto fail;
    if (ca && *ca) {
        if (!load_ca(ctx, ca, "SSLCAFile", err, errn)) goto fail;
    } else if (verify) {
        SSL_CTX_set_default_verify_paths(ctx);
    }
    if ((cert && *cert) || (key && *key)) {
        if (!cert || !*cert || !key || !*key) {
            snprintf(err, errn, "a client certificate needs both SSLCertFile and SSLKeyFile");
            goto fail;
        }
        if (!load_pair(ctx, cert, key, "SSLCertFile", "SSLKeyFile", err, errn)) goto fail;
    }
    SSL_CTX_set_verify(ctx, verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, NULL);
    return ctx;
fail:
    SSL_CTX_free(ctx);
    return NULL;
}

void tls_ctx_free(void *ctx) { SSL_CTX_free(ctx); }

/* ---- connections ------------------------------------------------------------------------ */

static bool is_ip(const char *h)
{
    unsigned char buf[16];
    return inet_pton(AF_INET, h, buf) == 1 || inet_pton(AF_INET6, h, buf) == 1;
}

void *tls_conn_new(void *ctx, int fd, bool server, const char *host)
{
    SSL *ssl = SSL_new(ctx);
    if (!ssl) return NULL;
    BIO *b = sock_bio(fd);
    if (!b) {
        SSL_free(ssl);
        return NULL;
    }
    SSL_set_bio(ssl, b, b);
    if (server) {
        SSL_set_accept_state(ssl);
        return ssl;
    }
    SSL_set_connect_state(ssl);
    if (host && *host) {
        bool ip = is_ip(host);
        if (!ip) SSL_set_tlsext_host_name(ssl, host);
        if (SSL_get_verify_mode(ssl) & SSL_VERIFY_PEER) {
            if (ip) X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host);
            else SSL_set1_host(ssl, host);
        }
    }
    ERR_clear_error();
    return ssl;
}

/* Maps the result r of an SSL call onto the read(2) conventions. */
static ssize_t result(SSL *ssl, int r)
{
    int e = SSL_get_error(ssl, r);
    switch (e) {
    case SSL_ERROR_WANT_READ:
        last_want = SW_RX_READ;
        errno = EAGAIN;
        return -1;
    case SSL_ERROR_WANT_WRITE:
        last_want = SW_RX_WRITE;
        errno = EAGAIN;
        return -1;
    case SSL_ERROR_ZERO_RETURN:
        return 0;
    case SSL_ERROR_SYSCALL:
        ERR_clear_error();
        if (last_sys_errno) {
            errno = last_sys_errno;
            return -1;
        }
        return 0;                 /* EOF without close_notify */
    default: {
        long v = SSL_get_verify_result(ssl);
        char why[200];
        const char *reason = ossl_reason(why, sizeof why);
        if (v != X509_V_OK)
            snprintf(last_err, sizeof last_err, "%s (certificate: %s)", reason, X509_verify_cert_error_string(v));
        else
            snprintf(last_err, sizeof last_err, "%s", reason);
        errno = EPROTO;
        return -1;
    }
    }
}

ssize_t tls_read(void *ssl, void *buf, size_t n)
{
    size_t got = 0;
    last_sys_errno = 0;
    last_short = false;
    ERR_clear_error();
    int r = SSL_read_ex(ssl, buf, n, &got);
    if (r == 1) return (ssize_t)got;
    return result(ssl, r);
}

ssize_t tls_peek(void *ssl, void *buf, size_t n)
{
    size_t got = 0;
    last_sys_errno = 0;
    ERR_clear_error();
    int r = SSL_peek_ex(ssl, buf, n, &got);
    if (r == 1) return (ssize_t)got;
    return result(ssl, r);
}

ssize_t tls_write(void *ssl, const void *buf, size_t n)
{
    if (n == 0) return 0;
    size_t done = 0;
    last_sys_errno = 0;
    ERR_clear_error();
    int r = SSL_write_ex(ssl, buf, n, &done);
    if (r == 1) return (ssize_t)done;
    ssize_t x = result(ssl, r);
    if (x == 0) {                 /* the peer is gone */
        errno = EPIPE;
        return -1;
    }
    return x;
}

int tls_handshake(void *ssl)
{
    last_sys_errno = 0;
    ERR_clear_error();
    int r = SSL_do_handshake(ssl);
    if (r == 1) return 1;
    ssize_t x = result(ssl, r);
    if (x == 0) {
        snprintf(last_err, sizeof last_err, "the peer closed the connection during the handshake");
        errno = EPROTO;
    }
    return -1;
}

int tls_pending(void *ssl) { return SSL_pending(ssl); }

bool tls_drained(void *ssl) { return last_short && !SSL_has_pending(ssl); }

void tls_conn_free(void *ssl, bool clean)
{
    if (!ssl) return;
    if (clean && SSL_is_init_finished((SSL *)ssl)) {
        ERR_clear_error();
        SSL_shutdown(ssl);        /* sends close_notify; the peer's is not awaited */
    }
    ERR_clear_error();
    SSL_free(ssl);
}

void tls_conn_quiet(void *ssl) { SSL_set_quiet_shutdown(ssl, 1); }

const char *tls_describe(void *ssl, char *buf, size_t n)
{
    snprintf(buf, n, "%s %s", SSL_get_version(ssl), SSL_get_cipher_name((SSL *)ssl));
    return buf;
}
