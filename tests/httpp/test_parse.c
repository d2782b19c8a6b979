// SPDX-License-Identifier: MIT
/*
 * test_parse.c — the request-head parser: valid requests of every shape,
 * malformed ones with their status, limits at and past their value.  Every
 * input is also parsed split at each byte boundary and one byte at a time,
 * and must give the same result as the whole input.
 */
#include <stdlib.h>
#include <string.h>

#include "http_parse.h"
#include "t.h"

static HttpReq R;      /* result of the last parse_n */
static const char *S;  /* its input */

static int same_span(HttpSpan a, HttpSpan b)
{
    return a.off == b.off && a.len == b.len;
}

/* Same public result. */
static int same(const HttpReq *a, const HttpReq *b)
{
    if (!same_span(a->method, b->method) || !same_span(a->target, b->target) ||
        !same_span(a->path, b->path) || !same_span(a->query, b->query) ||
        !same_span(a->host, b->host) || !same_span(a->upgrade, b->upgrade) ||
        a->content_length != b->content_length || a->nheaders != b->nheaders ||
        a->method_id != b->method_id || a->target_form != b->target_form ||
        a->version != b->version || a->keep_alive != b->keep_alive || a->chunked != b->chunked ||
        a->expect_continue != b->expect_continue || a->conn_upgrade != b->conn_upgrade ||
        a->websocket != b->websocket || a->error != b->error)
        return 0;
    for (uint32_t i = 0; i < a->nheaders; i++)
        if (!same_span(a->headers[i].name, b->headers[i].name) ||
            !same_span(a->headers[i].value, b->headers[i].value))
            return 0;
    return 1;
}

/* Parses s[0..n) whole, split at every point, and byte by byte. */
static int parse_n(const char *s, size_t n, const HttpLimits *lim)
{
    char *g = guard_copy(0, s, n);
    http_req_init(&R);
    int rc = http_req_parse(&R, g, n, lim);
    CHECK(http_req_parse(&R, g, n, lim) == rc, "second call differs");
    S = s;
    int ok = 1;
    for (size_t k = 0; k < n && ok; k++) {
        HttpReq q;
        http_req_init(&q);
        int a = http_req_parse(&q, guard_copy(1, s, k), k, lim);
        int b = http_req_parse(&q, guard_copy(2, s, n), n, lim);
        if ((a != 0 && a != rc) || b != rc || !same(&q, &R)) {
            ok = 0;
            printf("  split at %zu: first %d, then %d, whole %d (%s)\n", k, a, b, rc, q.error ? q.error : "");
        }
    }
    CHECK(ok, "split parse differs for %.40s", s);
    HttpReq q;
    http_req_init(&q);
    int b = 0;
    for (size_t k = 0; k <= n && b == 0; k++)
        b = http_req_parse(&q, guard_copy(1, s, k), k, lim);
    CHECK(b == rc && same(&q, &R), "byte-by-byte parse differs: %d vs %d", b, rc);
    return rc;
}

#define PARSE(s) parse_n(s, sizeof(s) - 1, NULL)
#define PARSE_L(s, l) parse_n(s, sizeof(s) - 1, l)

static int is(HttpSpan sp, const char *want)
{
    return sp.len == strlen(want) && memcmp(S + sp.off, want, sp.len) == 0;
}

static int hdr(int i, const char *name, const char *value)
{
    return i < (int)R.nheaders && is(R.headers[i].name, name) && is(R.headers[i].value, value);
}

static void valid_shapes(void)
{
    static const char wrk[] = "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n";
    CHECK(PARSE(wrk) == (int)sizeof wrk - 1, "wrk request: %s", R.error);
    CHECK(R.method_id == HTTP_M_GET && is(R.method, "GET") && is(R.path, "/") && is(R.target, "/") &&
          R.query.len == 0 && R.version == 11 && R.keep_alive && R.content_length == -1 && !R.chunked,
          "wrk fields");
    CHECK(is(R.host, "127.0.0.1:8080") && R.nheaders == 1 && hdr(0, "Host", "127.0.0.1:8080"), "wrk host");
    CHECK(R.target_form == HTTP_T_ORIGIN, "origin form");

    CHECK(PARSE("GET /a/b?x=1&y=2 HTTP/1.1\r\nHost: h\r\n\r\n") > 0, "query");
    CHECK(is(R.path, "/a/b") && is(R.query, "x=1&y=2") && is(R.target, "/a/b?x=1&y=2"), "query spans");
    CHECK(PARSE("GET /p? HTTP/1.1\r\nHost: h\r\n\r\n") > 0 && is(R.path, "/p") && R.query.len == 0 &&
          is(R.target, "/p?"), "empty query");
    CHECK(PARSE("GET /a?b?c=/d HTTP/1.1\r\nHost: h\r\n\r\n") > 0 && is(R.path, "/a") && is(R.query, "b?c=/d"),
          "second ? belongs to the query");
    CHECK(PARSE("GET /caf\xc3\xa9/%41 HTTP/1.1\r\nHost: h\r\nX: \xe2\x82\xac\r\n\r\n") > 0 &&
          is(R.path, "/caf\xc3\xa9/%41") && hdr(1, "X", "\xe2\x82\xac"), "UTF-8 in target and value");

    CHECK(PARSE("GET http://example.com:81/x?q HTTP/1.1\r\nHost: other\r\n\r\n") > 0, "absolute form: %s", R.error);
    CHECK(R.target_form == HTTP_T_ABSOLUTE && is(R.host, "example.com:81") && is(R.path, "/x") &&
          is(R.query, "q") && is(R.target, "http://example.com:81/x?q"), "absolute-form spans, host overrides");
    CHECK(PARSE("GET HTTPS://[::1]:8443 HTTP/1.1\r\nHost: x\r\n\r\n") > 0 && is(R.host, "[::1]:8443") &&
          R.path.len == 0 && R.query.len == 0, "absolute form without path");
    CHECK(PARSE("GET http://h?a=1 HTTP/1.1\r\nHost: h\r\n\r\n") > 0 && is(R.host, "h") && R.path.len == 0 &&
          is(R.query, "a=1"), "absolute form, query without path");
    CHECK(PARSE("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n") > 0 && R.target_form == HTTP_T_ASTERISK &&
          is(R.path, "*") && is(R.target, "*") && R.method_id == HTTP_M_OPTIONS, "asterisk form");
    CHECK(PARSE("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n") > 0 &&
          R.target_form == HTTP_T_AUTHORITY && is(R.host, "example.com:443") && R.path.len == 0 &&
          R.method_id == HTTP_M_CONNECT, "authority form");

    static const struct { const char *req; int id; const char *name; } methods[] = {
        { "GET / HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_M_GET, "GET" },
        { "HEAD / HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_M_HEAD, "HEAD" },
        { "POST / HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_M_POST, "POST" },
        { "PUT / HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_M_PUT, "PUT" },
        { "DELETE / HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_M_DELETE, "DELETE" },
        { "OPTIONS / HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_M_OPTIONS, "OPTIONS" },
        { "TRACE / HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_M_TRACE, "TRACE" },
        { "PATCH / HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_M_PATCH, "PATCH" },
        { "PROPFIND / HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_M_OTHER, "PROPFIND" },
        { "GETS / HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_M_OTHER, "GETS" },
        { "get / HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_M_OTHER, "get" },
    };
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        CHECK(parse_n(methods[i].req, strlen(methods[i].req), NULL) > 0 && R.method_id == methods[i].id &&
              is(R.method, methods[i].name), "method %s", methods[i].name);
}

static void headers(void)
{
    char buf[4096];
    size_t n = (size_t)sprintf(buf, "GET / HTTP/1.1\r\n");
    for (int i = 0; i < 30; i++)
        n += (size_t)sprintf(buf + n, "X-Header-%d: value %d\r\n", i, i * 7);
    n += (size_t)sprintf(buf + n, "hOsT: h\r\n\r\n");
    CHECK(parse_n(buf, n, NULL) == (int)n && R.nheaders == 31, "31 headers: %d", (int)R.nheaders);
    CHECK(hdr(0, "X-Header-0", "value 0") && hdr(29, "X-Header-29", "value 203") && hdr(30, "hOsT", "h"),
          "header spans");
    CHECK(http_req_header(&R, S, "x-header-17", 11) == 17 && http_req_header(&R, S, "HOST", 4) == 30 &&
          http_req_header(&R, S, "nope", 4) == -1, "lookup is case-insensitive");
    char low[16];
    http_lower(low, S + R.headers[30].name.off, 4);
    CHECK(memcmp(low, "host", 4) == 0, "http_lower");

    CHECK(PARSE("GET / HTTP/1.1\r\nHost: h\r\nX-Empty:\r\nX-E2: \t \r\nX-Tab:\ta\tb \t\r\n"
                "X-Sp:  two  words  \r\n\r\n") > 0, "empty and tabbed values: %s", R.error);
    CHECK(hdr(1, "X-Empty", "") && hdr(2, "X-E2", "") && hdr(3, "X-Tab", "a\tb") && hdr(4, "X-Sp", "two  words"),
          "OWS trimmed, inner whitespace kept");
    /* control characters at every position of a long value (the word-at-a-time path) */
    int ok = 1;
    for (int at = 0; at < 24; at++) {
        static const char bad[] = "\x01\x1f\x7f\x00\r\n\t";
        for (int b = 0; b < 7; b++) {
            char req[96];
            int rn = sprintf(req, "GET / HTTP/1.1\r\nHost: h\r\nX: %s\r\n\r\n", "abcdefghijklmnopqrstuvwx");
            req[28 + at] = bad[b];
            HttpReq q;
            http_req_init(&q);
            int rc = http_req_parse(&q, guard_copy(0, req, (size_t)rn), (size_t)rn, NULL);
            if (bad[b] == '\t' ? rc != rn || q.headers[1].value.len != (at == 0 || at == 23 ? 23u : 24u) : rc != HTTP_E_BAD) {
                ok = 0;
                printf("  byte %02x at %d: %d\n", bad[b], at, rc);
            }
        }
    }
    CHECK(ok, "every control character in a long value is found, HTAB allowed");
    CHECK(PARSE("GET / HTTP/1.1\r\nHost:\r\n\r\n") > 0 && R.host.len == 0, "empty Host is allowed");
    CHECK(PARSE("GET / HTTP/1.1\r\nHost: h\r\nA-B_C.d~e!#$%&'*+^`|:1\r\n\r\n") > 0 &&
          hdr(1, "A-B_C.d~e!#$%&'*+^`|", "1"), "every tchar in a name");
}

static void connection(void)
{
    CHECK(PARSE("GET / HTTP/1.0\r\n\r\n") > 0 && R.version == 10 && !R.keep_alive, "1.0 closes by default");
    CHECK(PARSE("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n") > 0 && R.keep_alive, "1.0 keep-alive");
    CHECK(PARSE("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n") > 0 && !R.keep_alive, "1.1 close");
    CHECK(PARSE("GET / HTTP/1.1\r\nHost: h\r\nConnection: foo, CLOSE\r\n\r\n") > 0 && !R.keep_alive,
          "close in a list");
    CHECK(PARSE("GET / HTTP/1.1\r\nHost: h\r\nConnection: closed\r\n\r\n") > 0 && R.keep_alive,
          "closed is not close");
    CHECK(PARSE("GET /chat HTTP/1.1\r\nHost: h\r\nUpgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\n"
                "Sec-WebSocket-Key: x\r\n\r\n") > 0 && R.conn_upgrade && R.websocket && R.keep_alive &&
          is(R.upgrade, "WebSocket"), "websocket upgrade");
    CHECK(PARSE("GET / HTTP/1.1\r\nHost: h\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n") > 0 &&
          R.conn_upgrade && !R.websocket, "other upgrade");
    CHECK(PARSE("GET / HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n\r\n") > 0 && !R.conn_upgrade &&
          !R.websocket, "Upgrade without Connection: upgrade");
    CHECK(PARSE("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n") > 0 &&
          R.expect_continue && R.content_length == 3, "expect 100-continue");
    CHECK(PARSE("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continued\r\n\r\n") > 0 && !R.expect_continue,
          "other expectation");
}

static void bodies(void)
{
    static const char cl[] = "POST /f HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello";
    CHECK(PARSE(cl) == (int)sizeof cl - 6 && R.content_length == 5, "content-length head stops at body");
    CHECK(PARSE("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n") > 0 && R.content_length == 0, "CL 0");
    CHECK(PARSE("POST / HTTP/1.1\r\nHost: h\r\nContent-Length:  007 \r\n\r\n") > 0 && R.content_length == 7,
          "CL with OWS and leading zeros");
    CHECK(PARSE("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n") > 0 && R.chunked &&
          R.content_length == -1, "chunked");
    CHECK(PARSE("POST / HTTP/1.1\r\nHost: h\r\ntransfer-encoding: Chunked\r\n\r\n") > 0 && R.chunked,
          "chunked, any case");
    static const char two[] = "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b?c HTTP/1.1\r\nHost: h\r\n\r\n";
    int first = PARSE(two);
    CHECK(first == 28 && is(R.path, "/a"), "pipelined: first head");
    const char *rest = two + first;
    CHECK(parse_n(rest, strlen(rest), NULL) == (int)strlen(rest) && is(R.path, "/b") && is(R.query, "c"),
          "pipelined: second head");
    CHECK(PARSE("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n") == 31 && is(R.path, "/"),
          "blank lines before the request line are skipped");
    CHECK(PARSE("\r\n\r\n") == 0, "only blank lines: need more");
    CHECK(PARSE("GET / HTTP/1.1\r\nHost: h\r\nX: a\x00z\r\n\r\n") == HTTP_E_BAD, "NUL in a value");
    CHECK(PARSE("GET /\x00 HTTP/1.1\r\nHost: h\r\n\r\n") == HTTP_E_BAD, "NUL in the target");
    CHECK(PARSE("GET / HTTP/1.1\r\nHo\x00st: h\r\n\r\n") == HTTP_E_BAD, "NUL in a name");
}

static void lax_lf(void)
{
    HttpLimits lax = HTTP_LIMITS_DEFAULT;
    lax.flags = HTTP_LAX_LF;
    CHECK(PARSE_L("GET / HTTP/1.1\nHost: h\n\n", &lax) > 0 && hdr(0, "Host", "h"), "bare LF when lax");
    CHECK(PARSE_L("GET / HTTP/1.1\r\nHost: h\n\r\n", &lax) > 0, "mixed when lax");
    CHECK(PARSE_L("GET / HTTP/1.1\nHost: h\rx\n\n", &lax) == HTTP_E_BAD, "bare CR still bad when lax");
    CHECK(PARSE("GET / HTTP/1.1\nHost: h\n\n") == HTTP_E_BAD, "bare LF is 400 by default");
    CHECK(PARSE("GET / HTTP/1.1\r\nHost: h\n\r\n") == HTTP_E_BAD, "bare LF in a field line");
    CHECK(PARSE("GET / HTTP/1.1\r\nHost: h\r\n\n") == HTTP_E_BAD, "bare LF as the blank line");
}

static void bad_requests(void)
{
    static const struct { const char *req; int rc; } bad[] = {
        { "GET / HTTP/1.1\rHost: h\r\n\r\n", HTTP_E_BAD },                 /* bare CR */
        { "GET / HTTP/1.1\r\nHost: h\r\r\n\r\n", HTTP_E_BAD },
        { "GET /\r\n\r\n", HTTP_E_BAD },                                   /* HTTP/0.9: no version */
        { "GET / \r\nHost: h\r\n\r\n", HTTP_E_BAD },
        { "GET\r\n\r\n", HTTP_E_BAD },
        { "GET / HTTP/2.0\r\nHost: h\r\n\r\n", HTTP_E_VERSION },
        { "GET / HTTP/1.2\r\nHost: h\r\n\r\n", HTTP_E_VERSION },
        { "GET / HTTP/0.9\r\nHost: h\r\n\r\n", HTTP_E_VERSION },
        { "GET / HTTP/1.1x\r\nHost: h\r\n\r\n", HTTP_E_BAD },
        { "GET / HTTP/1.10\r\nHost: h\r\n\r\n", HTTP_E_BAD },
        { "GET / http/1.1\r\nHost: h\r\n\r\n", HTTP_E_BAD },
        { "GET / HTTP/1.1 \r\nHost: h\r\n\r\n", HTTP_E_BAD },
        { "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_E_BAD },              /* two spaces */
        { "GET /  HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_E_BAD },
        { " GET / HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_E_BAD },
        { "GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_E_BAD },
        { "G(T / HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_E_BAD },               /* not a token */
        { "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG / HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_E_BAD }, /* 33 chars */
        { "GET /a\x01z HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_E_BAD },         /* control chars in target */
        { "GET /a\x7fz HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_E_BAD },
        { "GET /a\tz HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_E_BAD },
        { "GET /a?\x1bz HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_E_BAD },
        { "GET * HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_E_BAD },               /* asterisk outside OPTIONS */
        { "OPTIONS *x HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_E_BAD },
        { "CONNECT / HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_E_BAD },           /* CONNECT needs authority */
        { "GET example.com:80 HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_E_BAD },  /* authority outside CONNECT */
        { "GET ftp://h/x HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_E_BAD },
        { "GET http://user@h/x HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_E_BAD }, /* userinfo */
        { "GET http:///x HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_E_BAD },      /* empty authority */
        { "GET http://h\\x/ HTTP/1.1\r\nHost: h\r\n\r\n", HTTP_E_BAD },
        { "GET / HTTP/1.1\r\nHost : h\r\n\r\n", HTTP_E_BAD },              /* space before colon */
        { "GET / HTTP/1.1\r\nHost\t: h\r\n\r\n", HTTP_E_BAD },
        { "GET / HTTP/1.1\r\nHost h\r\n\r\n", HTTP_E_BAD },                /* no colon */
        { "GET / HTTP/1.1\r\nHost: h\r\nX-Fold: a\r\n b\r\n\r\n", HTTP_E_BAD }, /* obs-fold */
        { "GET / HTTP/1.1\r\nHost: h\r\nX-Fold: a\r\n\tb\r\n\r\n", HTTP_E_BAD },
        { "GET / HTTP/1.1\r\n Host: h\r\n\r\n", HTTP_E_BAD },              /* whitespace after start line */
        { "GET / HTTP/1.1\r\n: h\r\nHost: h\r\n\r\n", HTTP_E_BAD },        /* empty name */
        { "GET / HTTP/1.1\r\nHo\"st: h\r\n\r\n", HTTP_E_BAD },
        { "GET / HTTP/1.1\r\nHost: h\r\nX: a\x7fz\r\n\r\n", HTTP_E_BAD },
        { "GET / HTTP/1.1\r\nHost: h\r\nX: a\x0bz\r\n\r\n", HTTP_E_BAD },
        { "GET / HTTP/1.1\r\n\r\n", HTTP_E_BAD },                          /* 1.1 without Host */
        { "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", HTTP_E_BAD },    /* two Hosts */
        { "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", HTTP_E_BAD },
        { "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", HTTP_E_BAD },
        { "GET / HTTP/1.1\r\nHost: a@b\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5a\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -5\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +5\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0x5\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5 5\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5,5\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 9223372036854775808\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 9223372036854775807\r\n\r\n", HTTP_E_BODY },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunkedx\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: \"chunked\"\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", HTTP_E_BAD },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", HTTP_E_TE },
        { "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n", HTTP_E_TE },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = parse_n(bad[i].req, strlen(bad[i].req), NULL);
        CHECK(rc == bad[i].rc && R.error != NULL, "bad request %zu (%.40s): got %d want %d (%s)", i, bad[i].req,
              rc, bad[i].rc, R.error ? R.error : "-");
    }
}

/* Limits: at the limit passes, one past fails. */
static void limits(void)
{
    HttpLimits lim = HTTP_LIMITS_DEFAULT;
    lim.max_head = 200;
    lim.max_uri = 100;
    lim.max_headers = 4;
    lim.max_body = 1000;
    char buf[4096];
    /* head of exactly max_head bytes */
    const char *pre = "GET / HTTP/1.1\r\nHost: h\r\nX: ", *post = "\r\n\r\n";
    size_t fill = 200 - strlen(pre) - strlen(post);
    size_t n = (size_t)sprintf(buf, "%s%*s%s", pre, (int)fill, "v", post);
    CHECK(n == 200 && parse_n(buf, n, &lim) == 200, "head of max_head bytes: %s", R.error);
    n = (size_t)sprintf(buf, "%s%*s%s", pre, (int)fill + 1, "v", post);
    CHECK(parse_n(buf, n, &lim) == HTTP_E_HEAD, "head one byte over: %d", parse_n(buf, n, &lim));
    /* an endless head with no line end */
    memset(buf, 'a', sizeof buf);
    memcpy(buf, "GET / HTTP/1.1\r\nHost: h\r\nX: ", 28);
    CHECK(parse_n(buf, sizeof buf, &lim) == HTTP_E_HEAD, "endless field → 431");
    /* request-target of exactly max_uri bytes */
    n = (size_t)sprintf(buf, "GET /%0*d HTTP/1.1\r\nHost: h\r\n\r\n", 99, 0);
    CHECK(parse_n(buf, n, &lim) == (int)n && R.target.len == 100, "target of max_uri bytes");
    n = (size_t)sprintf(buf, "GET /%0*d HTTP/1.1\r\nHost: h\r\n\r\n", 100, 0);
    CHECK(parse_n(buf, n, &lim) == HTTP_E_URI, "target one byte over → 414");
    n = (size_t)sprintf(buf, "GET /%0*d\x01 HTTP/1.1\r\nHost: h\r\n\r\n", 100, 0);
    CHECK(parse_n(buf, n, &lim) == HTTP_E_URI, "over-long target is 414 even when also malformed");
    memset(buf, 'a', sizeof buf);
    memcpy(buf, "GET /", 5);
    CHECK(parse_n(buf, sizeof buf, &lim) == HTTP_E_URI, "endless target → 414");
    memset(buf, 'a', sizeof buf);
    CHECK(parse_n(buf, sizeof buf, &lim) == HTTP_E_HEAD, "endless method → 431");
    /* max_headers */
    n = (size_t)sprintf(buf, "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n");
    CHECK(parse_n(buf, n, &lim) == (int)n && R.nheaders == 4, "max_headers fields");
    n = (size_t)sprintf(buf, "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n");
    CHECK(parse_n(buf, n, &lim) == HTTP_E_HEAD, "one field too many → 431");
    /* max_body from Content-Length */
    n = (size_t)sprintf(buf, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1000\r\n\r\n");
    CHECK(parse_n(buf, n, &lim) == (int)n && R.content_length == 1000, "CL at max_body");
    n = (size_t)sprintf(buf, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1001\r\n\r\n");
    CHECK(parse_n(buf, n, &lim) == HTTP_E_BODY, "CL over max_body → 413");
    /* default limits: more than HTTP_MAX_HEADERS fields, a 40 KiB field */
    n = (size_t)sprintf(buf, "GET / HTTP/1.1\r\nHost: h\r\n");
    for (int i = 0; i < HTTP_MAX_HEADERS; i++)
        n += (size_t)sprintf(buf + n, "X%d: %d\r\n", i, i);
    n += (size_t)sprintf(buf + n, "\r\n");
    CHECK(parse_n(buf, n, NULL) == HTTP_E_HEAD, "65 fields with default limits → 431");
    size_t big = 40 << 10;
    char *huge = malloc(big + 64);
    n = (size_t)sprintf(huge, "GET / HTTP/1.1\r\nHost: h\r\nCookie: ");
    memset(huge + n, 'c', big);
    memcpy(huge + n + big, "\r\n\r\n", 4);
    HttpReq q;
    http_req_init(&q);
    CHECK(http_req_parse(&q, guard_copy(0, huge, n + big + 4), n + big + 4, NULL) == HTTP_E_HEAD,
          "40 KiB Cookie field → 431");
    free(huge);
}

void test_parse(void)
{
    valid_shapes();
    headers();
    connection();
    bodies();
    lax_lf();
    bad_requests();
    limits();
}
