// SPDX-License-Identifier: MIT
/*
 * http_conn.h — what the HTTP protocol (http_srv.c) needs from the
 * connection that carries it: send bytes (buffered when the socket is
 * full), send a file range, close after flushing, stop/resume reading, and
 * the connection's session id and peer.  http_listen.c implements it over
 * the reactor's fd watches; the protocol hooks below are what it calls.
 */
#ifndef HTTP_CONN_H
#define HTTP_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct HttpCfg HttpCfg;
typedef struct HttpConn HttpConn;
typedef struct HttpSock HttpSock;

/* The protocol's handle on its connection. */
typedef struct HttpTransport {
    HttpSock *s;
} HttpTransport;

bool http_transport_send(HttpTransport *t, const void *p, size_t n);
bool http_transport_sendfile(HttpTransport *t, int fd, int64_t off, int64_t len);
/* Closes once the pending output is written (at once when none). */
void http_transport_close(HttpTransport *t);
/* Reading on (true) or paused (false). */
void http_transport_flow(HttpTransport *t, bool on);
int64_t http_transport_id(HttpTransport *t);
/* The peer's address ("127.0.0.1") and port. */
const char *http_transport_peer(HttpTransport *t, int *port);
int http_transport_local_port(HttpTransport *t);

/* ---- the protocol's hooks (http_srv.c) ---- */
/* A new connection: the protocol's state (NULL: refuse it). */
HttpConn *http_proto_open(const HttpCfg *cfg);
/* Bytes read: all consumed (the protocol keeps what it cannot use yet), or
 * -1 when the protocol closed the connection. */
long http_proto_data(HttpConn *hc, const char *buf, size_t len);
/* The connection is gone (peer closed, error, or after a close). */
void http_proto_close(HttpConn *hc);
/* Whether a request of the connection is in the handler. */
bool http_proto_busy(const HttpConn *hc);
/* The transport of a protocol state. */
HttpTransport *http_proto_transport(HttpConn *hc);

#endif
