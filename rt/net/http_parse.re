// SPDX-License-Identifier: MIT
/*
 * http_parse.re — the HTTP/1.x request-head parser, compiled by re2c into
 * build/rt/net/http_parse.c.  API and policy: http_parse.h.
 *
 * The head is taken one line at a time: memchr finds the line's LF, then an
 * re2c automaton checks the line's content.  The content always ends at a CR
 * or LF byte that no character class below accepts, so that byte is a
 * sentinel: the automata never read past the line and need no bounds checks.
 * Only complete lines are checked, and the parser stores where the next line
 * starts and how far it has already searched for its LF; that is all the
 * state an incremental caller needs, and it makes the result independent of
 * how the bytes were split.  Limits are decided from the line positions
 * alone, before any syntax check of the line, for the same reason.
 */
#include <string.h>

#include "http_parse.h"

typedef const unsigned char *P;

enum { S_START, S_LINE, S_FIELDS, S_DONE, S_ERROR };

/* Header fields the parser acts on. */
enum { H_OTHER, H_CL, H_TE, H_CONNECTION, H_HOST, H_EXPECT, H_UPGRADE };

/* List tokens (Connection, Transfer-Encoding, Expect, Upgrade). */
enum { K_OTHER, K_CLOSE, K_KEEPALIVE, K_UPGRADE, K_CHUNKED, K_WEBSOCKET, K_CONTINUE };

/* HttpReq.te_ bits */
enum { TE_CHUNKED_LAST = 1, TE_CHUNKED_TWICE = 2, TE_UNKNOWN = 4, TE_CHUNKED = 8 };
/* HttpReq.conn_ bits */
enum { C_CLOSE = 1, C_KEEPALIVE = 2, C_UPGRADE = 4 };

/*!re2c
    re2c:define:YYCTYPE = "unsigned char";
    re2c:define:YYCURSOR = cur;
    re2c:define:YYMARKER = mar;
    re2c:yyfill:enable = 0;
    re2c:flags:bit-vectors = 1;
    re2c:flags:nested-ifs = 1;

    tchar  = [-!#$%&'*+.^_`|~0-9A-Za-z];
    tgtc   = [^\x00-\x20\x7f];
    pathc  = [^\x00-\x20\x7f?];
    hostc  = [-A-Za-z0-9._~!$&'()*+,;=:%[\]];
    vchar  = [\t\x20-\x7e\x80-\xff];
    digit  = [0-9];
*/

static const HttpLimits default_limits = HTTP_LIMITS_DEFAULT;

static int fail(HttpReq *r, int code, const char *why)
{
    r->state_ = S_ERROR;
    r->rc_ = code;
    r->error = why;
    return code;
}

static HttpSpan span(const char *buf, P a, P b)
{
    HttpSpan s = { (uint32_t)((const char *)a - buf), (uint32_t)(b - a) };
    return s;
}

static int is_tchar(unsigned char c)
{
    /* One bit per byte: the tchar set of RFC 9110 §5.6.2. */
    static const uint32_t bits[8] = {
        0, 0x03ff6cfa, 0xc7fffffe, 0x57ffffff, 0, 0, 0, 0,
    };
    return (bits[c >> 5] >> (c & 31)) & 1;
}

void http_lower(char *dst, const char *src, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)src[i];
        dst[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
}

static int eq_nocase(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x += 32;
        if (y >= 'A' && y <= 'Z')
            y += 32;
        if (x != y)
            return 0;
    }
    return 1;
}

int http_req_header(const HttpReq *r, const char *buf, const char *name, size_t nlen)
{
    for (uint32_t i = 0; i < r->nheaders; i++) {
        const HttpHeader *h = &r->headers[i];
        if (h->name.len == nlen && eq_nocase(buf + h->name.off, name, nlen))
            return (int)i;
    }
    return -1;
}

void http_req_init(HttpReq *r)
{
    r->state_ = S_START;
}

static void req_reset(HttpReq *r)
{
    static const HttpSpan none = { 0, 0 };
    r->method = r->target = r->path = r->query = r->host = r->upgrade = none;
    r->content_length = -1;
    r->nheaders = 0;
    r->method_id = HTTP_M_OTHER;
    r->target_form = HTTP_T_ORIGIN;
    r->version = 0;
    r->keep_alive = r->chunked = r->expect_continue = r->conn_upgrade = r->websocket = 0;
    r->error = NULL;
    r->pos_ = r->scan_ = 0;
    r->rc_ = 0;
    r->te_ = 0;
    r->has_host_ = r->has_cl_ = r->has_te_ = r->conn_ = 0;
}

/* Whether a request line starting at s (n bytes of it available) has a
 * request-target over max_uri bytes.  Looks only at the first
 * HTTP_MAX_METHOD + max_uri + 2 bytes, so a partial line that long gives the
 * same answer as the complete line. */
static int uri_too_long(P s, size_t n, uint32_t max_uri)
{
    size_t i = 0, lim = n < HTTP_MAX_METHOD + 1 ? n : HTTP_MAX_METHOD + 1;
    while (i < lim && s[i] != ' ')
        i++;
    if (i == lim)
        return 0;
    size_t t = i + 1, j = t;
    while (j < n && j - t <= max_uri && s[j] != ' ' && s[j] != '\r' && s[j] != '\n')
        j++;
    return j - t > max_uri;
}

/* Whether the 8 bytes at p hold a byte below 0x20 or a DEL (exact: the
 * classic "has less than" and "has zero" bit tricks, SWAR style). */
static inline int ctl_in_word(P p)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    uint64_t x, y;
    memcpy(&x, p, 8);
    y = x ^ (0x7f * ones);
    return (((x - 0x20 * ones) & ~x) | ((y - ones) & ~y)) & highs ? 1 : 0;
}

/* Token classification for list-valued fields: [s, e) is one token. */
static int token_kind(P s, P e)
{
    P cur = s, mar;
    int k;
    (void)mar;
    /*!re2c
        'close'        { k = K_CLOSE; goto done; }
        'keep-alive'   { k = K_KEEPALIVE; goto done; }
        'upgrade'      { k = K_UPGRADE; goto done; }
        'chunked'      { k = K_CHUNKED; goto done; }
        'websocket'    { k = K_WEBSOCKET; goto done; }
        '100-continue' { k = K_CONTINUE; goto done; }
        *              { return K_OTHER; }
    */
done:
    return cur == e ? k : K_OTHER;
}

/* request-line = method SP request-target SP HTTP-version, in [s, e). */
static int parse_request_line(HttpReq *r, const char *buf, P s, P e)
{
    P cur = s, mar, t0, p0;
    int id;
    /*!re2c
        "GET "       { id = HTTP_M_GET; goto method; }
        "HEAD "      { id = HTTP_M_HEAD; goto method; }
        "POST "      { id = HTTP_M_POST; goto method; }
        "PUT "       { id = HTTP_M_PUT; goto method; }
        "DELETE "    { id = HTTP_M_DELETE; goto method; }
        "CONNECT "   { id = HTTP_M_CONNECT; goto method; }
        "OPTIONS "   { id = HTTP_M_OPTIONS; goto method; }
        "TRACE "     { id = HTTP_M_TRACE; goto method; }
        "PATCH "     { id = HTTP_M_PATCH; goto method; }
        tchar+ " "   { id = HTTP_M_OTHER; goto method; }
        *            { return fail(r, HTTP_E_BAD, "bad method"); }
    */
method:
    if (cur - 1 - s > HTTP_MAX_METHOD)
        return fail(r, HTTP_E_BAD, "method too long");
    r->method = span(buf, s, cur - 1);
    r->method_id = (uint8_t)id;
    t0 = cur;
    /*!re2c
        "/"                 { cur = t0; goto origin; }
        "* "                { r->target_form = HTTP_T_ASTERISK; r->path = span(buf, t0, t0 + 1);
                              goto version; }
        'http' 's'? "://"   { r->target_form = HTTP_T_ABSOLUTE; goto authority; }
        tgtc                { cur = t0; goto authority_form; }
        *                   { return fail(r, HTTP_E_BAD, "bad request-target"); }
    */
authority:
    p0 = cur;
    /*!re2c
        hostc+  { goto authority_end; }
        *       { cur = p0; goto authority_end; }
    */
authority_end:
    if (cur == p0)
        return fail(r, HTTP_E_BAD, "empty authority in request-target");
    r->host = span(buf, p0, cur);
    if (*cur == '/')
        goto origin;
    r->path = span(buf, cur, cur);
    if (*cur == '?')
        goto query;
    if (*cur == ' ')
        goto target_end;
    return fail(r, HTTP_E_BAD, *cur == '@' ? "userinfo in request-target" : "bad authority in request-target");
origin:
    p0 = cur;
    /*!re2c
        pathc+  { goto path_end; }
        *       { cur = p0; goto path_end; }
    */
path_end:
    r->path = span(buf, p0, cur);
    if (*cur == '?')
        goto query;
    if (*cur == ' ')
        goto target_end;
    return fail(r, HTTP_E_BAD, "bad character in request-target");
query:
    p0 = ++cur;
    /*!re2c
        tgtc+  { goto query_end; }
        *      { cur = p0; goto query_end; }
    */
query_end:
    r->query = span(buf, p0, cur);
    if (*cur != ' ')
        return fail(r, HTTP_E_BAD, "bad character in request-target");
    goto target_end;
authority_form:
    /*!re2c
        tgtc+ " "  { goto authority_form_end; }
        *          { return fail(r, HTTP_E_BAD, "bad request-target"); }
    */
authority_form_end:
    r->target_form = HTTP_T_AUTHORITY;
    r->host = span(buf, t0, cur - 1);
    r->path = span(buf, t0, t0);
    goto version;
target_end:
    cur++;
version:
    r->target = span(buf, t0, cur - 1);
    if ((r->target_form == HTTP_T_AUTHORITY) != (id == HTTP_M_CONNECT))
        return fail(r, HTTP_E_BAD, "CONNECT needs an authority-form target and only it");
    if (r->target_form == HTTP_T_ASTERISK && id != HTTP_M_OPTIONS)
        return fail(r, HTTP_E_BAD, "asterisk-form target outside OPTIONS");
    /*!re2c
        "HTTP/1.1"                  { r->version = 11; goto version_end; }
        "HTTP/1.0"                  { r->version = 10; goto version_end; }
        "HTTP/" digit "." digit     { if (cur == e) return fail(r, HTTP_E_VERSION, "unsupported HTTP version");
                                      goto version_end; }
        *                           { return fail(r, HTTP_E_BAD, "bad or missing HTTP version"); }
    */
version_end:
    if (cur != e)
        return fail(r, HTTP_E_BAD, "junk after HTTP version");
    return 0;
}

/* Reads a list-valued field (Transfer-Encoding, Connection) into r: the
 * leading token of each element counts, parameters are skipped. */
static int field_list(HttpReq *r, int field, P v, P e)
{
    while (v < e) {
        while (v < e && (*v == ',' || *v == ' ' || *v == '\t'))
            v++;
        if (v == e)
            break;
        P t = v;
        while (v < e && is_tchar(*v))
            v++;
        int k = v > t ? token_kind(t, v) : K_OTHER;
        if (field == H_TE) {
            if (v == t)
                return fail(r, HTTP_E_BAD, "bad Transfer-Encoding");
            if (k == K_CHUNKED) {
                if (r->te_ & TE_CHUNKED)
                    r->te_ |= TE_CHUNKED_TWICE;
                r->te_ |= TE_CHUNKED | TE_CHUNKED_LAST;
            } else {
                r->te_ = (r->te_ & ~(uint32_t)TE_CHUNKED_LAST) | TE_UNKNOWN;
            }
        } else if (field == H_CONNECTION) {
            r->conn_ |= k == K_CLOSE ? C_CLOSE : k == K_KEEPALIVE ? C_KEEPALIVE
                      : k == K_UPGRADE ? C_UPGRADE : 0;
        }
        while (v < e && *v != ',')  /* parameters */
            v++;
    }
    return 0;
}

/* field-line = field-name ":" OWS field-value OWS, in [s, e). */
static int parse_field(HttpReq *r, const char *buf, P s, P e)
{
    P cur = s, mar, v, colon, p0;
    int kind;
    /*!re2c
        'content-length:'       { kind = H_CL; goto value; }
        'transfer-encoding:'    { kind = H_TE; goto value; }
        'connection:'           { kind = H_CONNECTION; goto value; }
        'host:'                 { kind = H_HOST; goto value; }
        'expect:'               { kind = H_EXPECT; goto value; }
        'upgrade:'              { kind = H_UPGRADE; goto value; }
        tchar+ ":"              { kind = H_OTHER; goto value; }
        [ \t]                   { return fail(r, HTTP_E_BAD, "obs-fold (line starting with whitespace)"); }
        tchar+ [ \t]+ ":"       { return fail(r, HTTP_E_BAD, "whitespace before colon"); }
        tchar+                  { return fail(r, HTTP_E_BAD, "header field without colon"); }
        *                       { return fail(r, HTTP_E_BAD, "bad header field name"); }
    */
value:
    colon = cur - 1;
    while (*cur == ' ' || *cur == '\t')
        cur++;
    v = cur;
    /* Eight bytes at a time while none is a CTL (HTAB included) or DEL;
     * the automaton takes over from the first word holding one. */
    while (e - cur >= 8 && !ctl_in_word(cur))
        cur += 8;
    p0 = cur;
    /*!re2c
        vchar+  { goto value_end; }
        *       { cur = p0; goto value_end; }
    */
value_end:
    if (cur != e)
        return fail(r, HTTP_E_BAD, "control character in header value");
    while (cur > v && (cur[-1] == ' ' || cur[-1] == '\t'))
        cur--;
    HttpHeader *h = &r->headers[r->nheaders++];
    h->name = span(buf, s, colon);
    h->value = span(buf, v, cur);
    switch (kind) {
    case H_CL: {
        if (r->has_cl_)
            return fail(r, HTTP_E_BAD, "duplicate Content-Length");
        r->has_cl_ = 1;
        if (v == cur)
            return fail(r, HTTP_E_BAD, "empty Content-Length");
        int64_t n = 0;
        for (P p = v; p < cur; p++) {
            if (*p < '0' || *p > '9')
                return fail(r, HTTP_E_BAD, "bad Content-Length");
            int d = *p - '0';
            if (n > (INT64_MAX - d) / 10)
                return fail(r, HTTP_E_BAD, "Content-Length overflow");
            n = n * 10 + d;
        }
        r->content_length = n;
        return 0;
    }
    case H_TE:
        r->has_te_ = 1;
        return field_list(r, H_TE, v, cur);
    case H_CONNECTION:
        return field_list(r, H_CONNECTION, v, cur);
    case H_HOST: {
        if (r->has_host_)
            return fail(r, HTTP_E_BAD, "duplicate Host");
        r->has_host_ = 1;
        /* Every byte must be a host character: the scan stops at the first
         * other one, at worst the line's terminator. */
        P vend = cur;
        cur = v;
        /*!re2c
            hostc+  { goto host_end; }
            *       { cur = v; goto host_end; }
        */
    host_end:
        if (cur != vend)
            return fail(r, HTTP_E_BAD, "bad Host");
        if (r->target_form != HTTP_T_ABSOLUTE)
            r->host = h->value;
        return 0;
    }
    case H_EXPECT:
        if (v < cur && token_kind(v, cur) == K_CONTINUE)
            r->expect_continue = 1;
        return 0;
    case H_UPGRADE:
        r->upgrade = h->value;
        return 0;
    }
    return 0;
}

/* The blank line: decides framing and connection handling. */
static int finish(HttpReq *r, const char *buf, const HttpLimits *lim)
{
    if (r->version == 11 && !r->has_host_)
        return fail(r, HTTP_E_BAD, "HTTP/1.1 request without Host");
    if (r->has_te_) {
        if (r->version == 10)
            return fail(r, HTTP_E_BAD, "Transfer-Encoding in HTTP/1.0");
        if (r->has_cl_)
            return fail(r, HTTP_E_BAD, "Content-Length with Transfer-Encoding");
        if (!(r->te_ & TE_CHUNKED_LAST) || (r->te_ & TE_CHUNKED_TWICE))
            return fail(r, HTTP_E_BAD, "Transfer-Encoding must end with one chunked");
        if (r->te_ & TE_UNKNOWN)
            return fail(r, HTTP_E_TE, "unsupported transfer coding");
        r->chunked = 1;
    }
    if (r->content_length > lim->max_body)
        return fail(r, HTTP_E_BODY, "Content-Length over the body limit");
    if (r->version == 11)
        r->keep_alive = !(r->conn_ & C_CLOSE);
    else
        r->keep_alive = (r->conn_ & C_KEEPALIVE) && !(r->conn_ & C_CLOSE);
    if ((r->conn_ & C_UPGRADE) && r->upgrade.len > 0) {
        r->conn_upgrade = 1;
        P u = (P)buf + r->upgrade.off, ue = u + r->upgrade.len, t = u;
        while (t < ue && is_tchar(*t))
            t++;
        r->websocket = t > u && token_kind(u, t) == K_WEBSOCKET;
    }
    r->state_ = S_DONE;
    return (int)r->pos_;
}

int http_req_parse(HttpReq *r, const char *buf, size_t len, const HttpLimits *lim)
{
    if (r->state_ == S_DONE)
        return (int)r->pos_;
    if (r->state_ == S_ERROR)
        return r->rc_;
    if (!lim)
        lim = &default_limits;
    if (r->state_ == S_START) {
        req_reset(r);
        r->state_ = S_LINE;
    }
    uint32_t max_head = lim->max_head;
    if (max_head > (1u << 30))
        max_head = 1u << 30;
    if (max_head < 64)
        max_head = 64;
    uint32_t max_uri = lim->max_uri < max_head - 48 ? lim->max_uri : max_head - 48;
    uint32_t max_headers = lim->max_headers < HTTP_MAX_HEADERS ? lim->max_headers : HTTP_MAX_HEADERS;
    /* Nothing past max_head + 1 bytes can change the outcome. */
    if (len > (size_t)max_head + 1)
        len = (size_t)max_head + 1;

    if (len < r->scan_)
        return 0; /* the caller's buffer shrank: nothing new to look at */
    for (;;) {
        uint32_t start = r->pos_;
        const char *lf = memchr(buf + r->scan_, '\n', len - r->scan_);
        if (!lf) {
            r->scan_ = (uint32_t)len;
            if (r->state_ == S_LINE && len - start > max_uri &&
                uri_too_long((P)buf + start, len - start, max_uri))
                return fail(r, HTTP_E_URI, "request-target too long");
            if (len > max_head)
                return fail(r, HTTP_E_HEAD, "request head too large");
            return 0;
        }
        uint32_t end = (uint32_t)(lf - buf) + 1;
        if (r->state_ == S_LINE && end - start > max_uri &&
            uri_too_long((P)buf + start, end - start, max_uri))
            return fail(r, HTTP_E_URI, "request-target too long");
        if (end > max_head)
            return fail(r, HTTP_E_HEAD, "request head too large");
        P s = (P)buf + start, e = (P)lf;
        if (e > s && e[-1] == '\r')
            e--;
        else if (!(lim->flags & HTTP_LAX_LF))
            return fail(r, HTTP_E_BAD, "bare LF (lines must end with CRLF)");
        r->pos_ = r->scan_ = end;
        if (r->state_ == S_LINE) {
            if (e == s)
                continue; /* RFC 9112 §2.2: blank lines before the request line */
            if (parse_request_line(r, buf, s, e) < 0)
                return r->rc_;
            r->state_ = S_FIELDS;
        } else {
            if (e == s)
                return finish(r, buf, lim);
            if (r->nheaders >= max_headers)
                return fail(r, HTTP_E_HEAD, "too many header fields");
            if (parse_field(r, buf, s, e) < 0)
                return r->rc_;
        }
    }
}
