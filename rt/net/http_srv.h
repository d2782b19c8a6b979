// SPDX-License-Identifier: MIT
/*
 * http_srv.h — the HTTP/1.1 server inside the runtime: the protocol that a
 * server port runs (http_srv.c), response serialisation (http_resp.c) and
 * the static file handler (http_static.c).  stdlib/http binds the sw_http_*
 * functions with `//sw:extern`.
 *
 * Why in C: everything up to the user's handler — reading, parsing
 * (http_parse.h), limits, keep-alive, pipelining, the answers to malformed
 * requests, static files — runs in the reactor without a coroutine or a Sw
 * allocation; only a complete request starts a coroutine that runs the
 * Sw handler.  A request costs one GC allocation: the HttpCtx below, with
 * the request's bytes copied after it.
 *
 * Life of a request: the connection's bytes are parsed in place; when a
 * head and its whole body are there, http_srv.c copies them into a new
 * HttpCtx and starts the handler coroutine.  One request per connection is
 * in the handler at a time: pipelined requests wait in the connection's
 * input buffer until the response of the previous one is complete, so
 * answers go out in order.  The response functions build the head from a
 * per-second template (status line, Server, Date) and send head and body
 * with one write when they fit.  When the handler returns without End,
 * End("") is called for it; when it panics, the panic is logged with its
 * stack and the client gets a 500 if nothing was sent yet.
 */
#ifndef HTTP_SRV_H
#define HTTP_SRV_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#include "sw.h"

typedef struct HttpConn HttpConn;
typedef struct HttpCfg HttpCfg;

/* Options of one HTTP port (stdlib/http's Options, copied in by
 * sw_http_cfg_*).  Zero fields take the defaults documented in doc/http.md. */
struct HttpCfg {
    bool compression;           /* gzip End() bodies when the client accepts it */
    int compression_level;      /* 1..9 (default 1) */
    int compression_min;        /* smallest body worth compressing (20) */
    bool static_handler;        /* serve files under document_root */
    char *document_root;        /* realpath of the root, malloc'd; NULL: none */
    size_t document_root_len;
    char *upload_dir;           /* multipart file parts go there (/tmp) */
    int64_t max_body;           /* 413 above it (PackageMaxLength: 2 MiB) */
    int64_t max_header;         /* 431 above it (8 KiB) */
    int64_t max_uri;            /* 414 above it (8 KiB) */
    int64_t header_timeout_ns;  /* a head must arrive within (60 s) */
    SwFunc *handler;            /* the Sw dispatcher: func(c *rtCtx) */
};

/* Response state bits (HttpCtx.rflags). */
enum {
    HTTP_R_HEAD_SENT = 1,       /* the head went out (Write or End) */
    HTTP_R_CHUNKED = 2,         /* Write used chunked coding */
    HTTP_R_ENDED = 4,           /* End, SendFile or Redirect completed */
    HTTP_R_CLOSE = 8,           /* close the connection after the response */
    HTTP_R_STREAM = 16,         /* HTTP/1.0 Write: body until close */
};

/* A header set by Response.Header; value NULL-ptr'd when deleted. */
typedef struct HttpHdr {
    SwString key, val;
} HttpHdr;

/* One request and its response; GC memory (Sw holds it as *rtCtx).  The
 * request's head and body bytes follow the struct (data[]). */
typedef struct HttpCtx {
    HttpConn *conn;             /* NULL once the response is complete or the
                                   connection is gone */
    const HttpCfg *cfg;
    int64_t fd;                 /* session id of the connection */
    int64_t req_time_ns;        /* wall clock when the head was complete */
    /* request, as spans into data[] */
    uint32_t method_off, method_len;
    uint32_t uri_off, uri_len;          /* request target as sent */
    uint32_t path_off, path_len;        /* target before '?' */
    uint32_t query_off, query_len;      /* after '?' (without it) */
    uint32_t hdr_off, hdr_len;          /* the header lines, CRLF-separated */
    uint32_t body_off;
    int64_t body_len;
    uint8_t minor;                      /* HTTP/1.x */
    bool keep_alive;
    bool head_method;
    bool accept_gzip;
    int local_port;
    uint8_t peer_len;                   /* bytes of peer (a sockaddr) */
    _Alignas(8) uint8_t peer[28];       /* sockaddr_in or sockaddr_in6; text
                                           only when Request.Server asks */
    /* response */
    int status;
    SwString reason;
    HttpHdr *hdrs;                      /* hdr_inline until more are set */
    int nhdrs, caphdrs;
    HttpHdr hdr_inline[4];              /* no allocation for a few headers */
    SwString *cookies;                  /* Set-Cookie values */
    int ncookies, capcookies;
    int rflags;
    char data[];
} HttpCtx;

/* The trimmed value of the request's first header `name` (case-insensitive)
 * as a span of c->data; false when absent (http_req.c). */
bool http_ctx_header(const HttpCtx *c, const char *name, const char **v, size_t *vn);

/* ---- http_srv.c: the connection side used by the response code ------------- */

/* Sends n bytes on the request's connection (buffered by the server core
 * when the socket is full); false when the connection is gone. */
bool http_conn_send(HttpCtx *c, const void *p, size_t n);
/* Sends a file range after what was sent (sendfile(2)). */
bool http_conn_sendfile(HttpCtx *c, const char *path, int64_t off, int64_t len);
/* The response of c is complete: closes the connection if it must, else
 * lets the next pipelined request of the connection run. */
void http_conn_done(HttpCtx *c);

/* ---- http_resp.c ------------------------------------------------------------ */

/* The reason phrase of a status code ("" for unknown codes). */
const char *http_reason(int code);
/* A complete response with a short text body and Connection: close, for
 * errors found before any handler runs (400, 413, …); written into out
 * (at least 512 bytes), returns its length. */
size_t http_error_response(char *out, size_t cap, int code);
/* The same with the "Date: ...\r\n" line given (threads without the cache). */
size_t http_error_response_date(char *out, size_t cap, int code, const char *date, size_t dl);
/* The current "Date: ...\r\n" line (cached; rebuilt once per second). */
const char *http_date_line(size_t *len);
/* The HTTP date of t ("Sun, 06 Nov 1994 08:49:37 GMT"), 29 bytes + NUL. */
void http_format_date(int64_t t, char out[30]);
/* Parses an HTTP date (IMF-fixdate); -1 when malformed. */
int64_t http_parse_date(const char *s, size_t n);

/* Sw bindings (stdlib/http/response.sw). */
bool sw_http_resp_status(HttpCtx *c, int64_t code, SwString reason);
bool sw_http_resp_header(HttpCtx *c, SwString key, SwString val);
bool sw_http_resp_cookie(HttpCtx *c, SwString line);
bool sw_http_resp_write(HttpCtx *c, SwString data);
bool sw_http_resp_end(HttpCtx *c, SwString body);
bool sw_http_resp_sendfile(HttpCtx *c, SwString path, int64_t off, int64_t len);
bool sw_http_resp_writable(HttpCtx *c);

/* ---- http_req.c: configuration, start, request fields (stdlib/http) ---------- */

HttpCfg *sw_http_cfg_new(void);
bool sw_http_cfg_set(HttpCfg *c, bool compression, int64_t level, int64_t minlen, bool statics,
                     SwString root, SwString upload, int64_t max_body, int64_t max_header,
                     int64_t max_uri, int64_t timeout_ms);
void sw_http_cfg_handler(HttpCfg *c, SwFunc *f);
SwString sw_http_req_str(HttpCtx *c, int64_t which);
int64_t sw_http_req_int(HttpCtx *c, int64_t which);
SwSlice sw_http_req_headers(HttpCtx *c);
SwSlice sw_http_req_query(HttpCtx *c);
SwSlice sw_http_req_cookies(HttpCtx *c);
SwSlice sw_http_req_post(HttpCtx *c);
SwSlice sw_http_req_files(HttpCtx *c, SwString dir);
void sw_http_unlink(SwString path);
void sw_http_park(void);
SwString sw_http_strerror(int64_t e);
int64_t sw_http_now(void);
SwString sw_http_date(int64_t t);

/* ---- http_port.c ------------------------------------------------------------------ */

/* Makes the main port of a Sw *server.Server speak HTTP with cfg. */
bool sw_http_attach(void *sw, HttpCfg *cfg);

/* ---- http_static.c ------------------------------------------------------------ */

/* The MIME type of a file name by its extension
 * ("application/octet-stream" when unknown). */
const char *http_mime(const char *name, size_t n);
/* Normalises a request path (percent-decoded, '.' and '..' resolved,
 * duplicate slashes merged) into out (cap bytes, NUL-terminated, always
 * starting with '/').  Returns its length, or -1 when it is malformed or
 * climbs above the root (the caller answers 403), -2 when it does not fit. */
long http_path_normalize(const char *path, size_t n, char *out, size_t cap);
/* Serves c's request from the document root when a file matches: sends a
 * complete response (200, 304, 403 or 404 for a traversal) and returns
 * true; false when no file matches and the handler should run. */
bool http_static_serve(HttpCtx *c);

#endif
