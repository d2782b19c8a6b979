// SPDX-License-Identifier: MIT
/*
 * test_body.c — the chunked decoder: sizes, extensions, trailers, pipelined
 * bytes after the body, errors and limits.  Every input is decoded whole,
 * split at each byte boundary, one byte at a time and in place; all must
 * agree on the status, the bytes consumed and the data.
 */
#include <stdlib.h>
#include <string.h>

#include "http_parse.h"
#include "t.h"

static char D[1 << 16];  /* data of the last dechunk */
static size_t DN, USED;  /* its length, input bytes consumed */

static int dechunk_l(const char *s, size_t n, int64_t max, unsigned flags)
{
    HttpChunked c;
    http_chunked_init(&c, max, flags);
    int rc = http_chunked_decode(&c, guard_copy(0, s, n), n, D, &USED, &DN);
    size_t u2, o2;
    if (rc != 0)
        CHECK(http_chunked_decode(&c, guard_copy(0, s, n), n, D + DN, &u2, &o2) == rc && u2 == 0 && o2 == 0,
              "a finished decoder stays finished");
    static char d[1 << 16];
    int ok = 1;
    for (size_t k = 0; k <= n && ok; k++) {
        size_t u1, o1;
        http_chunked_init(&c, max, flags);
        int a = http_chunked_decode(&c, guard_copy(1, s, k), k, d, &u1, &o1);
        int b = a;
        u2 = o2 = 0;
        if (a == 0) {
            ok = u1 == k;
            b = http_chunked_decode(&c, guard_copy(2, s + k, n - k), n - k, d + o1, &u2, &o2);
        }
        if (!ok || b != rc || u1 + u2 != USED || o1 + o2 != DN || memcmp(d, D, DN) != 0) {
            printf("  split at %zu: %d %d, used %zu+%zu, out %zu+%zu; whole %d used %zu out %zu\n", k, a, b, u1,
                   u2, o1, o2, rc, USED, DN);
            ok = 0;
        }
    }
    CHECK(ok, "split decode differs for %.30s", s);
    /* one byte at a time */
    http_chunked_init(&c, max, flags);
    size_t used = 0, out = 0;
    int b = 0;
    for (size_t k = 0; k < n && b == 0; k++) {
        size_t u1, o1;
        b = http_chunked_decode(&c, guard_copy(1, s + k, 1), 1, d + out, &u1, &o1);
        used += u1;
        out += o1;
    }
    if (n == 0)
        b = http_chunked_decode(&c, guard_copy(1, s, 0), 0, d, &used, &out);
    CHECK(b == rc && used == USED && out == DN && memcmp(d, D, DN) == 0, "byte-by-byte decode differs");
    /* in place */
    char *w = guard_copy(3, s, n);
    http_chunked_init(&c, max, flags);
    b = http_chunked_decode(&c, w, n, w, &used, &out);
    CHECK(b == rc && used == USED && out == DN && memcmp(w, D, DN) == 0, "in-place decode differs");
    return rc;
}

#define DECHUNK(s) dechunk_l(s, sizeof(s) - 1, INT64_MAX, 0)
#define DATA_IS(t) (DN == sizeof(t) - 1 && memcmp(D, t, DN) == 0)

void test_body(void)
{
    static const char basic[] = "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
    CHECK(DECHUNK(basic) == 1 && DATA_IS("hello world") && USED == sizeof basic - 1, "basic");
    CHECK(DECHUNK("5\r\nhello\r\n0\r\n\r\nGET / HTTP/1.1\r\n") == 1 && DATA_IS("hello") && USED == 15,
          "stops at the end of the body (pipelining)");
    CHECK(DECHUNK("0\r\n\r\n") == 1 && DN == 0, "empty body");
    CHECK(DECHUNK("A\r\n0123456789\r\na\r\nabcdefghij\r\n0000\r\n\r\n") == 1 &&
          DATA_IS("0123456789abcdefghij"), "hex both cases, leading zeros");
    CHECK(DECHUNK("5;name=val;q=\"a b\"\r\nhello\r\n3 ; x\r\nabc\r\n0;last\r\n\r\n") == 1 &&
          DATA_IS("helloabc"), "chunk extensions skipped");
    CHECK(DECHUNK("3\r\nabc\r\n0\r\nX-Trailer: 1\r\nChecksum: \tabc\r\n\r\nnext") == 1 && DATA_IS("abc") &&
          USED == 43, "trailers skipped");
    CHECK(DECHUNK("2\r\n\r\n\r\n0\r\n\r\n") == 1 && DATA_IS("\r\n"), "data may hold CRLF");
    CHECK(DECHUNK("5\r\nhel") == 0 && DATA_IS("hel"), "incomplete: partial data is delivered");
    CHECK(DECHUNK("") == 0, "no input");

    CHECK(DECHUNK("x\r\n") == HTTP_E_BAD, "bad hex");
    CHECK(DECHUNK("\r\n") == HTTP_E_BAD, "empty size");
    CHECK(DECHUNK(" 5\r\nhello\r\n0\r\n\r\n") == HTTP_E_BAD, "leading space");
    CHECK(DECHUNK("-5\r\n") == HTTP_E_BAD && DECHUNK("+5\r\n") == HTTP_E_BAD, "sign");
    CHECK(DECHUNK("0x5\r\nhello\r\n") == HTTP_E_BAD, "0x prefix");
    CHECK(DECHUNK("5\r\nhelloX\r\n0\r\n\r\n") == HTTP_E_BAD && DATA_IS("hello"), "data not followed by CRLF");
    CHECK(DECHUNK("5\r\nhello\rX") == HTTP_E_BAD, "CR without LF after data");
    CHECK(DECHUNK("5\rX") == HTTP_E_BAD, "CR without LF after size");
    CHECK(DECHUNK("5;a\x01\r\nhello\r\n") == HTTP_E_BAD, "control char in extension");
    CHECK(DECHUNK("0\r\nX: 1\r\n\r") == 0, "incomplete final CRLF");
    CHECK(DECHUNK("0\r\nX: 1\r\n\rX") == HTTP_E_BAD, "bad final CRLF");
    CHECK(DECHUNK("0\r\n X: 1\r\n\r\n") == HTTP_E_BAD, "obs-fold in trailer");
    CHECK(DECHUNK("0\r\nNoColon\r\n\r\n") == HTTP_E_BAD, "trailer without colon");
    CHECK(DECHUNK("0\r\nX : 1\r\n\r\n") == HTTP_E_BAD, "space before colon in trailer");
    CHECK(DECHUNK("0\r\nX: a\x00b\r\n\r\n") == HTTP_E_BAD, "NUL in trailer");
    CHECK(DECHUNK("5\nhello\r\n0\r\n\r\n") == HTTP_E_BAD, "bare LF after size");
    CHECK(DECHUNK("5\r\nhello\n0\r\n\r\n") == HTTP_E_BAD, "bare LF after data");
    CHECK(dechunk_l("5\nhello\n0\nX: y\n\nZ", 17, INT64_MAX, HTTP_LAX_LF) == 1 && DATA_IS("hello") && USED == 16,
          "bare LFs when lax");

    /* size overflow and limits */
    CHECK(DECHUNK("7fffffffffffffff\r\n") == 0, "INT64_MAX size is representable");
    CHECK(DECHUNK("8000000000000000\r\n") == HTTP_E_BAD, "size overflow");
    CHECK(DECHUNK("000000000000000000000000000000000000001\r\nx\r\n0\r\n\r\n") == 1 && DATA_IS("x"),
          "many leading zeros are not overflow");
    CHECK(dechunk_l("a\r\n0123456789\r\n0\r\n\r\n", 20, 10, 0) == 1 && DN == 10, "exactly max_body");
    CHECK(dechunk_l("b\r\n", 3, 10, 0) == HTTP_E_BODY, "one chunk over max_body → 413");
    CHECK(dechunk_l("5\r\nhello\r\n6\r\n", 13, 10, 0) == HTTP_E_BODY && DATA_IS("hello"),
          "sum of chunks over max_body → 413");
    CHECK(dechunk_l("ffffffffffffffffffffff\r\n", 24, 1 << 20, 0) == HTTP_E_BODY, "huge size → 413 under a limit");
    char *big = malloc(HTTP_CHUNK_LINE_MAX + HTTP_TRAILER_MAX + 64);
    memset(big, 'e', HTTP_CHUNK_LINE_MAX + 16);
    memcpy(big, "1;", 2);
    memcpy(big + HTTP_CHUNK_LINE_MAX, "\r\nx\r\n0\r\n\r\n", 10);
    CHECK(dechunk_l(big, HTTP_CHUNK_LINE_MAX + 10, INT64_MAX, 0) == 1 && DATA_IS("x"), "size line at the limit");
    memset(big, 'e', HTTP_CHUNK_LINE_MAX + 16);
    memcpy(big, "1;", 2);
    memcpy(big + HTTP_CHUNK_LINE_MAX + 1, "\r\nx\r\n0\r\n\r\n", 10);
    CHECK(dechunk_l(big, HTTP_CHUNK_LINE_MAX + 11, INT64_MAX, 0) == HTTP_E_BAD, "size line over the limit");
    memset(big, 'v', HTTP_TRAILER_MAX + 32);
    memcpy(big, "0\r\nX: ", 6);
    memcpy(big + HTTP_TRAILER_MAX + 1, "\r\n\r\n", 4);
    CHECK(dechunk_l(big, HTTP_TRAILER_MAX + 5, INT64_MAX, 0) == 1, "trailer section at the limit");
    memcpy(big + HTTP_TRAILER_MAX + 1, "v\r\n\r\n", 5);
    CHECK(dechunk_l(big, HTTP_TRAILER_MAX + 6, INT64_MAX, 0) == HTTP_E_HEAD, "trailer section over the limit");
    free(big);
}
