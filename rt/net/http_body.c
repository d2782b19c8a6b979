// SPDX-License-Identifier: MIT
/*
 * http_body.c — the chunked transfer coding decoder (RFC 9112 §7.1).
 *
 * A byte-at-a-time state machine for the framing, with a bulk copy for chunk
 * data, so it resumes at any byte boundary without buffering anything itself:
 * the caller may drop all consumed input after each call.  Output never gets
 * ahead of input, which lets the caller decode in place (dst == src).
 *
 * Strict on what decides the body's length: chunk sizes are bare hex digits
 * (no sign, no 0x, no leading space), checked for overflow and against
 * max_body as each digit arrives; data must be followed by CRLF.  Chunk
 * extensions and trailer fields are checked for control characters and
 * bounded in size, then skipped.
 */
#include <string.h>

#include "http_parse.h"

enum {
    C_SIZE0,      /* first hex digit of a chunk size */
    C_SIZE,       /* more hex digits, or the end of the size */
    C_EXT,        /* chunk extensions, up to CR */
    C_SIZE_LF,    /* LF after the size line */
    C_DATA,       /* chunk data: size bytes left */
    C_DATA_CR,    /* CR after chunk data */
    C_DATA_LF,    /* LF after chunk data */
    C_TRAILER0,   /* start of a trailer line, or the final CRLF */
    C_TNAME,      /* trailer field name, up to ':' */
    C_TVALUE,     /* trailer field value, up to CR */
    C_TRAILER_LF, /* LF after a trailer field */
    C_END_LF,     /* LF of the final CRLF */
    C_DONE,
    C_ERROR,
};

void http_chunked_init(HttpChunked *c, int64_t max_body, unsigned flags)
{
    memset(c, 0, sizeof *c);
    c->max_body = max_body < 0 ? 0 : max_body;
    c->flags = (uint8_t)flags;
    c->state = C_SIZE0;
}

static int hexval(unsigned char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    ch |= 0x20;
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    return -1;
}

static int is_tchar(unsigned char c)
{
    static const uint32_t bits[8] = { 0, 0x03ff6cfa, 0xc7fffffe, 0x57ffffff, 0, 0, 0, 0 };
    return (bits[c >> 5] >> (c & 31)) & 1;
}

static int chunk_fail(HttpChunked *c, int code)
{
    c->state = C_ERROR;
    c->size = code;
    return code;
}

/* One framing byte. Returns 0, or an HTTP_E_* code. */
static int framing_byte(HttpChunked *c, unsigned char ch)
{
    int lax = c->flags & HTTP_LAX_LF, h;
    switch (c->state) {
    case C_SIZE0:
        if ((h = hexval(ch)) < 0)
            return chunk_fail(c, HTTP_E_BAD);
        c->size = h;
        c->line = 1;
        c->state = C_SIZE;
        goto check_size;
    case C_SIZE:
        if (ch != '\r' && ch != '\n' && ++c->line > HTTP_CHUNK_LINE_MAX)
            return chunk_fail(c, HTTP_E_BAD);
        if ((h = hexval(ch)) >= 0) {
            if (c->size > (INT64_MAX >> 4))
                return chunk_fail(c, HTTP_E_BAD); /* overflow */
            c->size = c->size * 16 + h;
            goto check_size;
        }
        if (ch == ';' || ch == ' ' || ch == '\t') {
            c->state = C_EXT;
            return 0;
        }
        goto size_line_end;
    case C_EXT:
        if (ch != '\r' && ch != '\n' && ++c->line > HTTP_CHUNK_LINE_MAX)
            return chunk_fail(c, HTTP_E_BAD);
        if (ch == '\t' || (ch >= 0x20 && ch != 0x7f))
            return 0;
        goto size_line_end;
    case C_SIZE_LF:
        if (ch != '\n')
            return chunk_fail(c, HTTP_E_BAD);
        goto size_done;
    case C_DATA_CR:
        if (ch == '\r')
            c->state = C_DATA_LF;
        else if (ch == '\n' && lax)
            c->state = C_SIZE0;
        else
            return chunk_fail(c, HTTP_E_BAD);
        return 0;
    case C_DATA_LF:
        if (ch != '\n')
            return chunk_fail(c, HTTP_E_BAD);
        c->state = C_SIZE0;
        return 0;
    case C_TRAILER0:
        if (ch != '\r' && ch != '\n' && ++c->trailer > HTTP_TRAILER_MAX)
            return chunk_fail(c, HTTP_E_HEAD);
        if (ch == '\r')
            c->state = C_END_LF;
        else if (ch == '\n' && lax)
            c->state = C_DONE;
        else if (is_tchar(ch))
            c->state = C_TNAME;
        else
            return chunk_fail(c, HTTP_E_BAD); /* includes obs-fold */
        return 0;
    case C_TNAME:
        if (++c->trailer > HTTP_TRAILER_MAX)
            return chunk_fail(c, HTTP_E_HEAD);
        if (ch == ':')
            c->state = C_TVALUE;
        else if (!is_tchar(ch))
            return chunk_fail(c, HTTP_E_BAD);
        return 0;
    case C_TVALUE:
        if (++c->trailer > HTTP_TRAILER_MAX)
            return chunk_fail(c, HTTP_E_HEAD);
        if (ch == '\t' || (ch >= 0x20 && ch != 0x7f))
            return 0;
        if (ch == '\r')
            c->state = C_TRAILER_LF;
        else if (ch == '\n' && lax)
            c->state = C_TRAILER0;
        else
            return chunk_fail(c, HTTP_E_BAD);
        return 0;
    case C_TRAILER_LF:
        if (++c->trailer > HTTP_TRAILER_MAX)
            return chunk_fail(c, HTTP_E_HEAD);
        if (ch != '\n')
            return chunk_fail(c, HTTP_E_BAD);
        c->state = C_TRAILER0;
        return 0;
    case C_END_LF:
        if (ch != '\n')
            return chunk_fail(c, HTTP_E_BAD);
        c->state = C_DONE;
        return 0;
    }
    return chunk_fail(c, HTTP_E_BAD);

check_size:
    if (c->size > c->max_body - c->total)
        return chunk_fail(c, HTTP_E_BODY);
    return 0;
size_line_end:
    if (ch == '\r') {
        c->state = C_SIZE_LF;
        return 0;
    }
    if (ch != '\n' || !lax)
        return chunk_fail(c, HTTP_E_BAD);
size_done:
    c->state = c->size ? C_DATA : C_TRAILER0;
    return 0;
}

int http_chunked_decode(HttpChunked *c, const char *src, size_t len, char *dst,
                        size_t *consumed, size_t *out)
{
    size_t i = 0, o = 0;
    int rc = 0;
    while (i < len && c->state < C_DONE) {
        if (c->state == C_DATA) {
            size_t n = len - i;
            if ((uint64_t)n > (uint64_t)c->size)
                n = (size_t)c->size;
            if (dst + o != src + i)
                memmove(dst + o, src + i, n);
            i += n;
            o += n;
            c->size -= (int64_t)n;
            c->total += (int64_t)n;
            if (c->size == 0)
                c->state = C_DATA_CR;
            continue;
        }
        if ((rc = framing_byte(c, (unsigned char)src[i++])) < 0)
            break;
    }
    *consumed = i;
    *out = o;
    if (c->state == C_ERROR)
        return (int)c->size;
    return c->state == C_DONE;
}
