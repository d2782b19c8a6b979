// SPDX-License-Identifier: MIT
/*
 * http_conn.h — what the HTTP protocol (http_srv.c) needs from the
 * connection that carries it: send bytes (buffered when the socket is
 * full), send a file range, close after flushing, stop/resume reading, and
 * the connection's session id and peer.  http_port.c implements it over
 * the server core (srv.h) and installs the protocol hooks below as the
 * port's SrvProto.
 */
#ifndef HTTP_CONN_H
#define HTTP_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct HttpCfg HttpCfg;
typedef struct HttpConn HttpConn;
typedef struct SrvServer SrvServer;

/* The protocol's handle on its connection: the server and the session id
 * (the core's SrvConn may be recycled; the id is never reused). */
typedef struct HttpTransport {
    SrvServer *s;
    int64_t sid;
    bool remote;        /* a ModeProcess worker's session of the master */
} HttpTransport;

bool http_transport_send(HttpTransport *t, const void *p, size_t n);
/* Queues the file's bytes [off, off+len) after what was sent (sendfile(2)). */
bool http_transport_sendfile(HttpTransport *t, const char *path, int64_t off, int64_t len);
/* Closes once the pending output is written (at once when none). */
void http_transport_close(HttpTransport *t);
/* Whether output accepted for the connection still waits to be written. */
bool http_transport_pending(HttpTransport *t);
/* Whether the socket is in another process (a ModeProcess worker's
 * session of the master), which sees the bytes of a request being read. */
bool http_transport_remote(HttpTransport *t);
/* Reading on (true) or paused (false). */
void http_transport_flow(HttpTransport *t, bool on);
int64_t http_transport_id(HttpTransport *t);
/* The peer's socket address (at most n bytes of it: its length is
 * returned; 0 for a Unix socket or a gone connection) and our port. */
size_t http_transport_peer(HttpTransport *t, void *sa, size_t n, int *local_port);
/* A request was answered (the core counts it: Stats, MaxRequest). */
void http_transport_done(HttpTransport *t);
/* The response to a request is complete (after its last byte was sent, and
 * after http_transport_close when it closes the connection).  A ModeProcess
 * worker tells the master, which may then pass the next request on; the
 * transport may close the connection here (dispatch modes 1, 3). */
void http_transport_answered(HttpTransport *t);

/* ---- the protocol's hooks (http_srv.c) ---- */
/* A new connection: the protocol's state (NULL: refuse it). */
HttpConn *http_proto_open(const HttpCfg *cfg);
/* Bytes read: all consumed (the protocol keeps what it cannot use yet;
 * after an error answer it has asked the core to close once flushed). */
long http_proto_data(HttpConn *hc, const char *buf, size_t len);
/* The connection is gone (peer closed, error, or after a close): the
 * protocol frees its state (now, or when its handler finishes). */
void http_proto_close(HttpConn *hc);
/* Whether a request of the connection is in the handler. */
bool http_proto_busy(const HttpConn *hc);
/* Between two requests: one was answered (or none came for a while:
 * silent), nothing of the next has come. */
bool http_proto_idle(const HttpConn *hc, bool silent);
/* The transport of a protocol state. */
HttpTransport *http_proto_transport(HttpConn *hc);

#endif
