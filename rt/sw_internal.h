// SPDX-License-Identifier: MIT
/*
 * sw_internal.h — what the runtime's own files share and generated code never
 * sees: a growable byte buffer (the output of fmt and strconv), the fmt engine
 * entry points, float and quoting helpers, Unicode classification, and the
 * panic helper that prints a message the caller formatted.
 *
 * Everything here is C-side plumbing; the ABI generated code depends on is
 * rt/sw.h alone.
 */
#ifndef SW_INTERNAL_H
#define SW_INTERNAL_H

#include "sw.h"

/* ---- byte buffer (GC memory, grows by doubling) ------------------------ */

typedef struct SwBuf {
    uint8_t *p;
    int64_t len, cap;
} SwBuf;

void sw_buf_grow(SwBuf *b, int64_t extra);
static inline void sw_buf_byte(SwBuf *b, uint8_t c)
{
    if (b->len == b->cap) sw_buf_grow(b, 1);
    b->p[b->len++] = c;
}
void sw_buf_write(SwBuf *b, const void *p, int64_t n);
void sw_buf_str(SwBuf *b, SwString s);
void sw_buf_cstr(SwBuf *b, const char *s);
void sw_buf_rune(SwBuf *b, int32_t r);       /* UTF-8 encoding, invalid -> U+FFFD */
SwString sw_buf_string(SwBuf *b);            /* the bytes as a string (no copy) */

/* ---- UTF-8 and Unicode --------------------------------------------------- */

#define SW_RUNE_ERROR 0xFFFD
#define SW_MAX_RUNE 0x10FFFF
int sw_utf8_encode(uint8_t *p, int32_t r);   /* 1..4 bytes */
int sw_utf8_decode(const uint8_t *p, int64_t n, int32_t *r); /* width, 1 on error */
int64_t sw_utf8_count(const uint8_t *p, int64_t n);
bool sw_unicode_isprint(int32_t r);          /* strconv.IsPrint */
bool sw_unicode_isspace(int32_t r);          /* unicode.IsSpace */
int32_t sw_unicode_toupper(int32_t r);
int32_t sw_unicode_tolower(int32_t r);
int32_t sw_unicode_totitle(int32_t r);
bool sw_unicode_isletter(int32_t r);
bool sw_unicode_isdigit(int32_t r);
int32_t sw_unicode_simplefold(int32_t r);

/* ---- strconv helpers ------------------------------------------------------ */

/* strconv.AppendQuote / AppendQuoteToASCII / AppendQuoteRune(ToASCII) */
void sw_quote(SwBuf *b, const uint8_t *s, int64_t n, uint8_t quote, bool ascii);
void sw_quote_rune(SwBuf *b, int32_t r, bool ascii);
bool sw_can_backquote(SwString s);
/* strconv.AppendFloat(b, v, fmt, prec, bitSize) */
void sw_format_float(SwBuf *b, double v, int fmt, int prec, int bits);
void sw_format_int(SwBuf *b, uint64_t u, bool neg, int base);

/* ---- fmt engine (rt/fmt_print.c) ----------------------------------------- */

/* Sprintf / Sprint / Sprintln over a []any; errorf enables %w. */
void sw_fmt_printf(SwBuf *b, SwString format, SwSlice args, bool errorf);
void sw_fmt_print(SwBuf *b, SwSlice args);
void sw_fmt_println(SwBuf *b, SwSlice args);
/* The data pointer of an interface's value (boxed or direct). */
static inline const void *sw_iface_ptr(const SwIface *v)
{
    return sw_type_direct(v->type) ? (const void *)&v->data : v->data;
}
/* sw_alloc_noscan without the clearing, for callers that fill the block */
void *sw_alloc_noscan_uncleared(size_t n);
const SwMethod *sw_find_method(const SwType *t, const char *name);
bool sw_has_method(const SwType *t, const SwMethod *want);
bool sw_type_same(const SwType *a, const SwType *b);

/* ---- panics ---------------------------------------------------------------- */

/* Prints "panic: " + msg (+ " [recovered]" never) and the goroutine trailer,
 * flushes and exits 2. */
_Noreturn void sw_panic_msg(const char *msg);
void sw_flush_stdout(void);
void sw_install_fault_handler(void);   /* SIGSEGV -> Go's nil/overflow reports */
void sw_print_float_buf(SwBuf *b, double v);  /* print()'s float format */

#endif
