// SPDX-License-Identifier: MIT
/*
 * http_form.h — decoders for what a request carries besides its head:
 * percent-encoded paths, application/x-www-form-urlencoded (query strings and
 * POST bodies), Cookie fields and multipart/form-data bodies.
 *
 * Plain C over byte buffers, no allocation.  Decoders that change bytes
 * (percent and '+' decoding) write into a caller buffer `dst` of at least the
 * input's size, which may be the input itself: output never overtakes input.
 * Results point into dst (or, for multipart, into the body).  Functions that
 * fill an array return the number of items found even when more than `max`
 * (only the first `max` are stored), like snprintf.
 */
#ifndef HTTP_FORM_H
#define HTTP_FORM_H

#include <stddef.h>

typedef struct HttpKV {
    const char *key;
    size_t klen;
    const char *val;
    size_t vlen;
} HttpKV;

/* %XX decoding; with plus, '+' becomes a space.  Malformed escapes are kept
 * as written.  Returns the decoded length. */
size_t http_pct_decode(const char *src, size_t n, char *dst, int plus);

/* A request path: %XX decoded ('+' kept).  Returns the decoded length, or -1
 * for a malformed escape or one that decodes to NUL. */
long http_path_decode(const char *src, size_t n, char *dst);

/* Removes "." and ".." segments and repeated '/' of a decoded path that
 * starts with '/', in place (RFC 3986 §5.2.4).  Returns the new length, or -1
 * when ".." would climb above the root or the path does not start with '/'. */
long http_path_clean(char *p, size_t n);

/* a=1&b=&c&a[]=x: pairs split on '&', key and value decoded (+ and %XX); a
 * pair without '=' has an empty value; empty pairs and empty keys are
 * skipped; keys such as "a[]" are kept as written. */
int http_urlencoded_parse(const char *src, size_t n, char *dst, HttpKV *kv, int max);

/* A Cookie field: "a=1; b=2".  Names are trimmed and kept as sent; values lose
 * surrounding double quotes and are decoded like PHP's $_COOKIE (+ and %XX). */
int http_cookie_parse(const char *src, size_t n, char *dst, HttpKV *kv, int max);

typedef struct HttpPart {
    const char *name;      /* form field name (from Content-Disposition) */
    size_t name_len;
    const char *filename;  /* file parts: the filename parameter (may be empty) */
    size_t filename_len;
    int is_file;           /* a filename parameter was present */
    const char *ctype;     /* the part's Content-Type, or NULL */
    size_t ctype_len;
    const char *data;      /* the part's content */
    size_t data_len;
} HttpPart;

/* The boundary parameter of a multipart/form-data Content-Type value.
 * Returns 0, or -1 when the type is not multipart/form-data or the boundary
 * is missing, empty or longer than 70 bytes. */
int http_multipart_boundary(const char *ctype, size_t n, const char **b, size_t *blen);

/* Splits a whole multipart/form-data body.  Quoted parameter values are
 * returned between their quotes, backslash escapes left in place.  Parts
 * without a name are skipped.  Returns the number of parts, or -400 for a
 * malformed body (no first boundary, truncated part, missing close
 * delimiter, bad part headers). */
int http_multipart_parse(const char *body, size_t n, const char *b, size_t blen,
                         HttpPart *parts, int max);

#endif
