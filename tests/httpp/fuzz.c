// SPDX-License-Identifier: MIT
/*
 * fuzz.c — mutation fuzzing of the request parser, the chunked decoder and
 * the form decoders.  Seeds are valid requests and bodies; each input gets a
 * few random edits (bit flips, interesting bytes, inserted fields, deleted or
 * duplicated spans, splices).  Every input ends at a guard page, and each
 * result is checked: spans inside the consumed head, the same result whether
 * the bytes arrive whole, split at a random point or one at a time, decoded
 * data never longer than the input, in-place decoding equal to copying.
 *
 * HTTPP_FUZZ_ITERS (default 20000) inputs per target, HTTPP_FUZZ_SEED (1).
 * Prints one `fuzz:` line per target and `N passed, M failed`, a pass being a
 * target whose every input held.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http_form.h"
#include "http_parse.h"
#include "t.h"

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

static size_t rn(size_t n)
{
    return n ? (size_t)(rnd() % n) : 0;
}

static const char *const req_seeds[] = {
    "GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n",
    "GET /index.html?a=1&b=%20 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: Mozilla/5.0\r\n"
    "Accept: text/html,*/*;q=0.8\r\nAccept-Language: en-US,en;q=0.5\r\nAccept-Encoding: gzip, deflate, br\r\n"
    "Connection: keep-alive\r\nCookie: a=1; b=2\r\nUpgrade-Insecure-Requests: 1\r\n\r\n",
    "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    "\r\na=1&b=2&c=3",
    "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n"
    "5;x=y\r\nhello\r\n0\r\nT: 1\r\n\r\n",
    "GET http://example.com:81/x?q HTTP/1.1\r\nHost: other\r\n\r\n",
    "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
    "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
    "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /2 HTTP/1.0\r\n\r\n",
    "GET /chat HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    "\r\nPATCH /p HTTP/1.1\r\nhost:h\r\nx-empty:\r\nx-tab:\ta\tb\r\n\r\n",
};

static const char *const chunk_seeds[] = {
    "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
    "A;ext=1\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\nGET",
    "1\r\nx\r\n00000002\r\nyz\r\n0;z\r\n\r\n",
    "fffffff\r\nabc",
};

static const char *const insertions[] = {
    "\r\n", "\n", "\r", " ", "\t", ":", "Content-Length: 5\r\n", "Content-Length: 99999999999999999999\r\n",
    "Transfer-Encoding: chunked\r\n", "Transfer-Encoding: gzip, chunked\r\n", "Host: h\r\n",
    "Connection: close\r\n", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0", "%", "%00", "?", "/../", "\xff",
    "\x00", "ffffffffffffffff", ";", "=", "&", "\"", "--B\r\n", "\r\n--B--", "filename=\"f\"",
};

static const char interesting[] = "\r\n:; \t\x7f%,=\"/?*-0123456789abcdefABCDEF&+[]@\x80\xff";

/* A few random edits of buf[0..n) (capacity cap). */
static size_t mutate(char *buf, size_t n, size_t cap)
{
    int edits = 1 + (int)rn(4);
    while (edits--) {
        size_t at = rn(n + 1);
        switch (rn(9)) {
        case 0:
            if (n)
                buf[rn(n)] ^= (char)(1 << rn(8));
            break;
        case 1:
            if (n)
                buf[rn(n)] = interesting[rn(sizeof interesting)]; /* may pick the NUL terminator */
            break;
        case 2:
        case 3: {
            const char *s = insertions[rn(sizeof insertions / sizeof insertions[0])];
            size_t k = strlen(s);
            if (s[0] == 0)
                k = 1;
            if (n + k <= cap) {
                memmove(buf + at + k, buf + at, n - at);
                memcpy(buf + at, s, k);
                n += k;
            }
            break;
        }
        case 4: { /* delete a span */
            size_t k = rn(n - at < 16 ? n - at + 1 : 16);
            memmove(buf + at, buf + at + k, n - at - k);
            n -= k;
            break;
        }
        case 5: { /* duplicate a span */
            size_t k = rn(n - at < 64 ? n - at + 1 : 64);
            if (n + k <= cap) {
                memmove(buf + at + k, buf + at, n - at);
                n += k;
            }
            break;
        }
        case 6:
            n = at;
            break;
        case 7: { /* splice a seed's tail */
            const char *s = req_seeds[rn(sizeof req_seeds / sizeof req_seeds[0])];
            size_t sl = strlen(s), from = rn(sl);
            size_t k = sl - from;
            if (at + k > cap)
                k = cap - at;
            memcpy(buf + at, s + from, k);
            n = at + k;
            break;
        }
        default:
            if (n)
                buf[rn(n)] = (char)rnd();
        }
    }
    return n;
}

static int in_head(HttpSpan s, int rc)
{
    return (uint64_t)s.off + s.len <= (uint64_t)rc;
}

static long bad_inputs;

static void report(const char *what, const char *buf, size_t n)
{
    if (++bad_inputs <= 10) {
        printf("FAIL fuzz %s, input (%zu bytes): \"", what, n);
        for (size_t i = 0; i < n && i < 300; i++) {
            unsigned char c = (unsigned char)buf[i];
            if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"')
                putchar(c);
            else
                printf("\\x%02x", c);
        }
        printf("\"\n");
    }
}

static int same_req(const HttpReq *a, const HttpReq *b)
{
    if (memcmp(&a->method, &b->method, 6 * sizeof(HttpSpan)) != 0 || a->content_length != b->content_length ||
        a->nheaders != b->nheaders || a->method_id != b->method_id || a->target_form != b->target_form ||
        a->version != b->version || a->keep_alive != b->keep_alive || a->chunked != b->chunked ||
        a->expect_continue != b->expect_continue || a->conn_upgrade != b->conn_upgrade ||
        a->websocket != b->websocket || a->error != b->error)
        return 0;
    return memcmp(a->headers, b->headers, a->nheaders * sizeof(HttpHeader)) == 0;
}

static int valid_rc(int rc, size_t n)
{
    return (rc >= 0 && (size_t)rc <= n) || rc == HTTP_E_BAD || rc == HTTP_E_BODY || rc == HTTP_E_URI ||
           rc == HTTP_E_HEAD || rc == HTTP_E_TE || rc == HTTP_E_VERSION;
}

static long counts[3];

static void fuzz_parse_one(const char *s, size_t n, const HttpLimits *lim, int bytewise)
{
    HttpReq r, q;
    http_req_init(&r);
    int rc = http_req_parse(&r, guard_copy(0, s, n), n, lim);
    counts[rc > 0 ? 0 : rc == 0 ? 1 : 2]++;
    if (!valid_rc(rc, n) || (rc < 0 && !r.error)) {
        report("parse: bad return", s, n);
        return;
    }
    if (rc > 0) {
        int ok = r.nheaders <= HTTP_MAX_HEADERS && (r.version == 10 || r.version == 11) && in_head(r.method, rc) &&
                 in_head(r.target, rc) && in_head(r.path, rc) && in_head(r.query, rc) && in_head(r.host, rc) &&
                 in_head(r.upgrade, rc) && r.method.len > 0 && r.target.len > 0;
        for (uint32_t i = 0; i < r.nheaders && ok; i++)
            ok = in_head(r.headers[i].name, rc) && in_head(r.headers[i].value, rc) && r.headers[i].name.len > 0;
        if (!ok) {
            report("parse: span outside the head", s, n);
            return;
        }
    }
    size_t k = rn(n + 1);
    http_req_init(&q);
    int a = http_req_parse(&q, guard_copy(1, s, k), k, lim);
    int b = http_req_parse(&q, guard_copy(0, s, n), n, lim);
    if ((a != 0 && a != rc) || b != rc || !same_req(&q, &r)) {
        report("parse: split result differs", s, n);
        return;
    }
    if (bytewise) {
        http_req_init(&q);
        b = 0;
        for (k = 0; k <= n && b == 0; k++)
            b = http_req_parse(&q, guard_copy(1, s, k), k, lim);
        if (b != rc || !same_req(&q, &r))
            report("parse: byte-by-byte result differs", s, n);
    }
}

static int fuzz_chunked_one(const char *s, size_t n, int64_t max, unsigned flags)
{
    static char d1[1 << 14], d2[1 << 14];
    HttpChunked c;
    size_t u, o, u1, o1, u2 = 0, o2 = 0;
    http_chunked_init(&c, max, flags);
    int rc = http_chunked_decode(&c, guard_copy(0, s, n), n, d1, &u, &o);
    if (!(rc == 0 || rc == 1 || rc == HTTP_E_BAD || rc == HTTP_E_BODY || rc == HTTP_E_HEAD) || u > n || o > u ||
        (rc == 0 && u != n) || (int64_t)o > max) {
        report("chunked: bad result", s, n);
        return rc;
    }
    size_t k = rn(n + 1);
    http_chunked_init(&c, max, flags);
    int a = http_chunked_decode(&c, guard_copy(1, s, k), k, d2, &u1, &o1), b = a;
    if (a == 0)
        b = http_chunked_decode(&c, guard_copy(2, s + k, n - k), n - k, d2 + o1, &u2, &o2);
    if (b != rc || u1 + u2 != u || o1 + o2 != o || memcmp(d1, d2, o) != 0) {
        report("chunked: split result differs", s, n);
        return rc;
    }
    char *w = guard_copy(3, s, n);
    http_chunked_init(&c, max, flags);
    b = http_chunked_decode(&c, w, n, w, &u1, &o1);
    if (b != rc || u1 != u || o1 != o || memcmp(w, d1, o) != 0)
        report("chunked: in-place result differs", s, n);
    return rc;
}

static int inside(const char *p, size_t len, const char *base, size_t n)
{
    return len == 0 || (p >= base && p + len <= base + n);
}

static int contains(const char *h, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(h + i, needle, k) == 0)
            return 1;
    return 0;
}

static void fuzz_forms_one(const char *s, size_t n)
{
    static char dst[1 << 14];
    HttpKV kv[32];
    int cnt = http_urlencoded_parse(guard_copy(0, s, n), n, dst, kv, 32);
    for (int i = 0; i < cnt && i < 32; i++)
        if (!inside(kv[i].key, kv[i].klen, dst, n) || !inside(kv[i].val, kv[i].vlen, dst, n) || kv[i].klen == 0)
            report("urlencoded: pair outside the output", s, n);
    char *w = guard_copy(1, s, n);
    cnt = http_cookie_parse(w, n, w, kv, 32);
    for (int i = 0; i < cnt && i < 32; i++)
        if (!inside(kv[i].key, kv[i].klen, w, n) || !inside(kv[i].val, kv[i].vlen, w, n) || kv[i].klen == 0)
            report("cookie: pair outside the output", s, n);
    long pl = http_path_decode(guard_copy(0, s, n), n, dst);
    if (pl > (long)n || (pl >= 0 && memchr(dst, 0, (size_t)pl)))
        report("path decode", s, n);
    w = guard_copy(1, s, n);
    long cl = http_path_clean(w, n);
    if (cl > (long)n || (cl >= 0 && (cl == 0 || w[0] != '/' || contains(w, (size_t)cl, "//") ||
                                     contains(w, (size_t)cl, "/../") || contains(w, (size_t)cl, "/./"))))
        report("path clean", s, n);
    HttpPart parts[16];
    char *g = guard_copy(0, s, n);
    cnt = http_multipart_parse(g, n, "B", 1, parts, 16);
    for (int i = 0; i < cnt && i < 16; i++)
        if (!inside(parts[i].name, parts[i].name_len, g, n) || !inside(parts[i].data, parts[i].data_len, g, n) ||
            !inside(parts[i].filename, parts[i].filename_len, g, n) || !inside(parts[i].ctype, parts[i].ctype_len, g, n))
            report("multipart: part outside the body", s, n);
    const char *bd;
    size_t bl;
    if (http_multipart_boundary(g, n, &bd, &bl) == 0 && (!inside(bd, bl, g, n) || bl == 0 || bl > 70))
        report("multipart boundary", s, n);
}

static const char *const form_seeds[] = {
    "a=1&b=%41%zz+c&d[]=x&&=e",
    "PHPSESSID=abc; t=\"q\"; x=%3B",
    "/a/./b/../c%2F%00//d/..",
    "--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n"
    "data\r\n--B\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--B--\r\n",
    "multipart/form-data; boundary=\"B\"; charset=utf-8",
};

int main(void)
{
    const char *e = getenv("HTTPP_FUZZ_ITERS");
    long iters = e ? atol(e) : 20000;
    e = getenv("HTTPP_FUZZ_SEED");
    rng_state = 0x9e3779b97f4a7c15ull ^ (uint64_t)(e ? atoll(e) : 1);
    static char buf[8192];
    const size_t cap = sizeof buf;

    long before = bad_inputs;
    for (long i = 0; i < iters; i++) {
        const char *seed = req_seeds[rn(sizeof req_seeds / sizeof req_seeds[0])];
        size_t n = strlen(seed);
        memcpy(buf, seed, n);
        n = mutate(buf, n, cap);
        HttpLimits lim = HTTP_LIMITS_DEFAULT;
        if (rn(4) == 0) { /* small limits, so that they are hit */
            lim.max_head = (uint32_t)rn(300);
            lim.max_uri = (uint32_t)rn(100);
            lim.max_headers = (uint32_t)rn(8);
            lim.max_body = (int64_t)rn(20);
        }
        if (rn(4) == 0)
            lim.flags = HTTP_LAX_LF;
        fuzz_parse_one(buf, n, &lim, rn(16) == 0);
    }
    printf("fuzz: parse %ld inputs: %ld complete, %ld need more, %ld errors\n", iters, counts[0], counts[1],
           counts[2]);
    CHECK(bad_inputs == before, "parser fuzz");

    before = bad_inputs;
    long done = 0, errs = 0;
    for (long i = 0; i < iters; i++) {
        const char *seed = chunk_seeds[rn(sizeof chunk_seeds / sizeof chunk_seeds[0])];
        size_t n = strlen(seed);
        memcpy(buf, seed, n);
        n = mutate(buf, n, 4096);
        int rc = fuzz_chunked_one(buf, n, rn(2) ? INT64_MAX : (int64_t)rn(64), rn(4) ? 0 : HTTP_LAX_LF);
        done += rc == 1;
        errs += rc < 0;
    }
    printf("fuzz: chunked %ld inputs: %ld complete, %ld errors\n", iters, done, errs);
    CHECK(bad_inputs == before, "chunked fuzz");

    before = bad_inputs;
    for (long i = 0; i < iters; i++) {
        const char *seed = form_seeds[rn(sizeof form_seeds / sizeof form_seeds[0])];
        size_t n = strlen(seed);
        memcpy(buf, seed, n);
        n = mutate(buf, n, 4096);
        fuzz_forms_one(buf, n);
    }
    printf("fuzz: forms %ld inputs\n", iters);
    CHECK(bad_inputs == before, "form decoders fuzz");

    printf("%d passed, %d failed\n", t_pass, t_fail);
    return t_fail != 0;
}
