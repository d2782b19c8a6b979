// SPDX-License-Identifier: MIT
/*
 * fmt_print.c — Go's fmt engine: Sprintf, Sprint and Sprintln over a []any,
 * printing any value by walking its SwType descriptor.
 *
 * The structure follows Go's fmt/print.go and fmt/format.go one to one (pp
 * with printArg, handleMethods, printValue; fmt with the padding and number
 * formatters) so that every flag, width, precision and bad-verb case gives
 * the same bytes.  Error() and String() methods are called through the
 * descriptor's method table as `SwString fn(void *data)`, under sw_try so
 * that a panic in one prints as Go's catchPanic prints it.  Map keys are
 * sorted as Go's internal/fmtsort sorts them.  All printer state lives in
 * the caller's PP (on the calling coroutine's stack), so a method that
 * switches coroutines or panics disturbs no other print in progress.
 */
#include <stdio.h>
#include <stdlib.h>

#include "sw_internal.h"

/* ---- fmt: flags and the low-level formatters --------------------------- */

typedef struct Fmt {
    SwBuf *buf;
    bool wid_present, prec_present, minus, plus, sharp, space, zero, plus_v, sharp_v;
    int wid, prec;
} Fmt;

static void clear_flags(Fmt *f)
{
    SwBuf *b = f->buf;
    memset(f, 0, sizeof *f);
    f->buf = b;
}

static void write_padding(Fmt *f, int n)
{
    if (n <= 0) return;
    sw_buf_grow(f->buf, n);
    memset(f->buf->p + f->buf->len, f->zero ? '0' : ' ', (size_t)n);
    f->buf->len += n;
}

static void pad(Fmt *f, const uint8_t *p, int64_t n)
{
    if (!f->wid_present || f->wid == 0) {
        sw_buf_write(f->buf, p, n);
        return;
    }
    int width = f->wid - (int)sw_utf8_count(p, n);
    if (!f->minus) {
        write_padding(f, width);
        sw_buf_write(f->buf, p, n);
    } else {
        sw_buf_write(f->buf, p, n);
        write_padding(f, width);
    }
}

static void pad_str(Fmt *f, SwString s)
{
    pad(f, s.ptr, s.len);
}

static void pad_cstr(Fmt *f, const char *s)
{
    pad(f, (const uint8_t *)s, (int64_t)strlen(s));
}

static void fmt_boolean(Fmt *f, bool v)
{
    pad_cstr(f, v ? "true" : "false");
}

static const char ldigits[] = "0123456789abcdefx", udigits[] = "0123456789ABCDEFX";

static void fmt_integer(Fmt *f, uint64_t u, int base, bool is_signed, int verb, const char *digits)
{
    bool negative = is_signed && (int64_t)u < 0;
    if (negative) u = -u;
    int64_t width = 68;
    if (f->wid_present || f->prec_present) {
        width = 3 + (int64_t)f->wid + f->prec;
        if (width < 68) width = 68;
    }
    uint8_t small[68];
    uint8_t *buf = width > 68 ? sw_alloc_noscan((size_t)width) : small;
    int64_t prec = 0;
    if (f->prec_present) {
        prec = f->prec;
        if (prec == 0 && u == 0) {
            bool old = f->zero;
            f->zero = false;
            write_padding(f, f->wid);
            f->zero = old;
            return;
        }
    } else if (f->zero && f->wid_present) {
        prec = f->wid;
        if (negative || f->plus || f->space) prec--;
    }
    int64_t i = width;
    switch (base) {
    case 10:
        while (u >= 10) {
            buf[--i] = (uint8_t)('0' + u % 10);
            u /= 10;
        }
        break;
    case 16:
        while (u >= 16) {
            buf[--i] = (uint8_t)digits[u & 0xF];
            u >>= 4;
        }
        break;
    case 8:
        while (u >= 8) {
            buf[--i] = (uint8_t)('0' + (u & 7));
            u >>= 3;
        }
        break;
    case 2:
        while (u >= 2) {
            buf[--i] = (uint8_t)('0' + (u & 1));
            u >>= 1;
        }
        break;
    }
    buf[--i] = (uint8_t)digits[u];
    while (i > 0 && prec > width - i) buf[--i] = '0';
    if (f->sharp) {
        switch (base) {
        case 2:
            buf[--i] = 'b';
            buf[--i] = '0';
            break;
        case 8:
            if (buf[i] != '0') buf[--i] = '0';
            break;
        case 16:
            buf[--i] = (uint8_t)digits[16];
            buf[--i] = '0';
            break;
        }
    }
    if (verb == 'O') {
        buf[--i] = 'o';
        buf[--i] = '0';
    }
    if (negative) buf[--i] = '-';
    else if (f->plus) buf[--i] = '+';
    else if (f->space) buf[--i] = ' ';
    bool old = f->zero;
    f->zero = false;
    pad(f, buf + i, width - i);
    f->zero = old;
}

/* truncateString: at most prec runes */
static SwString truncate_str(Fmt *f, SwString s)
{
    if (f->prec_present) {
        int n = f->prec;
        for (int64_t i = 0; i < s.len;) {
            n--;
            if (n < 0) return (SwString){s.ptr, i};
            int32_t r;
            i += sw_str_decode_rune(s, i, &r);
        }
    }
    return s;
}

static void fmt_s(Fmt *f, SwString s)
{
    pad_str(f, truncate_str(f, s));
}

static void fmt_sbx(Fmt *f, const uint8_t *s, int64_t length, const char *digits)
{
    if (f->prec_present && f->prec < length) length = f->prec;
    int64_t width = 2 * length;
    if (width > 0) {
        if (f->space) {
            if (f->sharp) width *= 2;
            width += length - 1;
        } else if (f->sharp) {
            width += 2;
        }
    } else {
        if (f->wid_present) write_padding(f, f->wid);
        return;
    }
    if (f->wid_present && f->wid > width && !f->minus) write_padding(f, (int)(f->wid - width));
    SwBuf *b = f->buf;
    if (f->sharp) {
        sw_buf_byte(b, '0');
        sw_buf_byte(b, (uint8_t)digits[16]);
    }
    for (int64_t i = 0; i < length; i++) {
        if (f->space && i > 0) {
            sw_buf_byte(b, ' ');
            if (f->sharp) {
                sw_buf_byte(b, '0');
                sw_buf_byte(b, (uint8_t)digits[16]);
            }
        }
        sw_buf_byte(b, (uint8_t)digits[s[i] >> 4]);
        sw_buf_byte(b, (uint8_t)digits[s[i] & 0xF]);
    }
    if (f->wid_present && f->wid > width && f->minus) write_padding(f, (int)(f->wid - width));
}

static void fmt_q(Fmt *f, SwString s)
{
    s = truncate_str(f, s);
    if (f->sharp && sw_can_backquote(s)) {
        SwBuf t = {0};
        sw_buf_byte(&t, '`');
        sw_buf_str(&t, s);
        sw_buf_byte(&t, '`');
        pad(f, t.p, t.len);
        return;
    }
    SwBuf t = {0};
    sw_quote(&t, s.ptr, s.len, '"', f->plus);
    pad(f, t.p, t.len);
}

static void fmt_c(Fmt *f, uint64_t c)
{
    int32_t r = c > SW_MAX_RUNE ? SW_RUNE_ERROR : (int32_t)c;
    uint8_t tmp[4];
    pad(f, tmp, sw_utf8_encode(tmp, r));
}

static void fmt_qc(Fmt *f, uint64_t c)
{
    int32_t r = c > SW_MAX_RUNE ? SW_RUNE_ERROR : (int32_t)c;
    SwBuf t = {0};
    sw_quote_rune(&t, r, f->plus);
    pad(f, t.p, t.len);
}

static void fmt_unicode(Fmt *f, uint64_t u)
{
    int prec = 4;
    if (f->prec_present && f->prec > 4) prec = f->prec;
    SwBuf t = {0};
    sw_buf_cstr(&t, "U+");
    char hex[24];
    int n = snprintf(hex, sizeof hex, "%llX", (unsigned long long)u);
    for (int i = n; i < prec; i++) sw_buf_byte(&t, '0');
    sw_buf_cstr(&t, hex);
    if (f->sharp && u <= SW_MAX_RUNE && sw_unicode_isprint((int32_t)u)) {
        sw_buf_cstr(&t, " '");
        sw_buf_rune(&t, (int32_t)u);
        sw_buf_byte(&t, '\'');
    }
    bool old = f->zero;
    f->zero = false;
    pad(f, t.p, t.len);
    f->zero = old;
}

static void fmt_float(Fmt *f, double v, int size, int verb, int prec)
{
    if (f->prec_present) prec = f->prec;
    SwBuf nb = {0};
    sw_buf_byte(&nb, '+');
    sw_format_float(&nb, v, verb, prec, size);
    uint8_t *num = nb.p;
    int64_t n = nb.len;
    if (num[1] == '-' || num[1] == '+') {
        num++;
        n--;
    } else {
        num[0] = '+';
    }
    if (f->space && num[0] == '+' && !f->plus) num[0] = ' ';
    if (num[1] == 'I' || num[1] == 'N') {
        bool old = f->zero;
        f->zero = false;
        if (num[1] == 'N' && !f->space && !f->plus) {
            num++;
            n--;
        }
        pad(f, num, n);
        f->zero = old;
        return;
    }
    if (f->sharp && verb != 'b') {
        int digits = 0;
        switch (verb) {
        case 'v': case 'g': case 'G': case 'x':
            digits = prec;
            if (digits == -1) digits = 6;
        }
        uint8_t tail[16];
        int ntail = 0;
        bool has_point = false, saw_nonzero = false;
        for (int64_t i = 1; i < n; i++) {
            switch (num[i]) {
            case '.':
                has_point = true;
                break;
            case 'p': case 'P':
                ntail = (int)(n - i);
                memcpy(tail, num + i, (size_t)ntail);
                n = i;
                break;
            case 'e': case 'E':
                if (verb != 'x' && verb != 'X') {
                    ntail = (int)(n - i);
                    memcpy(tail, num + i, (size_t)ntail);
                    n = i;
                    break;
                }
                /* fallthrough */
            default:
                if (num[i] != '0') saw_nonzero = true;
                if (saw_nonzero) digits--;
            }
        }
        SwBuf nn = {0};
        sw_buf_write(&nn, num, n);
        if (!has_point) {
            if (n == 2 && num[1] == '0') digits--;
            sw_buf_byte(&nn, '.');
        }
        for (; digits > 0; digits--) sw_buf_byte(&nn, '0');
        sw_buf_write(&nn, tail, ntail);
        num = nn.p;
        n = nn.len;
    }
    if (f->plus || num[0] != '+') {
        if (f->zero && f->wid_present && f->wid > n) {
            sw_buf_byte(f->buf, num[0]);
            write_padding(f, (int)(f->wid - n));
            sw_buf_write(f->buf, num + 1, n - 1);
            return;
        }
        pad(f, num, n);
        return;
    }
    pad(f, num + 1, n - 1);
}

/* ---- pp: the printer state ---------------------------------------------- */

typedef struct PP {
    Fmt fmt;
    SwBuf *buf;
    /* the operand being printed: an interface value (arg) or a typed value
     * reached by walking (vtype/vptr); Go's p.arg and p.value */
    bool has_arg;
    SwIface arg;
    const SwType *vtype;
    const void *vptr;
    bool reordered, good_argnum, erroring, wrap_errs, panicking;
} PP;

static void print_arg(PP *p, SwIface arg, int verb);
static void print_value(PP *p, const SwType *t, const void *v, int verb, int depth, bool can_iface);

static void type_string(SwBuf *b, const SwType *t)
{
    sw_buf_cstr(b, t ? t->name : "<nil>");
}

static void bad_verb(PP *p, int verb)
{
    p->erroring = true;
    sw_buf_cstr(p->buf, "%!");
    sw_buf_rune(p->buf, verb);
    sw_buf_byte(p->buf, '(');
    if (p->has_arg && p->arg.type) {
        type_string(p->buf, p->arg.type);
        sw_buf_byte(p->buf, '=');
        print_arg(p, p->arg, 'v');
    } else if (p->vtype) {
        type_string(p->buf, p->vtype);
        sw_buf_byte(p->buf, '=');
        print_value(p, p->vtype, p->vptr, 'v', 0, false);
    } else {
        sw_buf_cstr(p->buf, "<nil>");
    }
    sw_buf_byte(p->buf, ')');
    p->erroring = false;
}

static void pp_bool(PP *p, bool v, int verb)
{
    if (verb == 't' || verb == 'v') fmt_boolean(&p->fmt, v);
    else bad_verb(p, verb);
}

static void fmt_0x64(PP *p, uint64_t v, bool leading0x)
{
    bool sharp = p->fmt.sharp;
    p->fmt.sharp = leading0x;
    fmt_integer(&p->fmt, v, 16, false, 'v', ldigits);
    p->fmt.sharp = sharp;
}

static void pp_integer(PP *p, uint64_t v, bool is_signed, int verb)
{
    Fmt *f = &p->fmt;
    switch (verb) {
    case 'v':
        if (f->sharp_v && !is_signed) fmt_0x64(p, v, true);
        else fmt_integer(f, v, 10, is_signed, verb, ldigits);
        break;
    case 'd': fmt_integer(f, v, 10, is_signed, verb, ldigits); break;
    case 'b': fmt_integer(f, v, 2, is_signed, verb, ldigits); break;
    case 'o': case 'O': fmt_integer(f, v, 8, is_signed, verb, ldigits); break;
    case 'x': fmt_integer(f, v, 16, is_signed, verb, ldigits); break;
    case 'X': fmt_integer(f, v, 16, is_signed, verb, udigits); break;
    case 'c': fmt_c(f, v); break;
    case 'q': fmt_qc(f, v); break;
    case 'U': fmt_unicode(f, v); break;
    default: bad_verb(p, verb);
    }
}

static void pp_float(PP *p, double v, int size, int verb)
{
    switch (verb) {
    case 'v': fmt_float(&p->fmt, v, size, 'g', -1); break;
    case 'b': case 'g': case 'G': case 'x': case 'X': fmt_float(&p->fmt, v, size, verb, -1); break;
    case 'f': case 'e': case 'E': fmt_float(&p->fmt, v, size, verb, 6); break;
    case 'F': fmt_float(&p->fmt, v, size, 'f', 6); break;
    default: bad_verb(p, verb);
    }
}

static void pp_complex(PP *p, double re, double im, int size, int verb)
{
    switch (verb) {
    case 'v': case 'b': case 'g': case 'G': case 'x': case 'X': case 'f': case 'F': case 'e': case 'E':
        break;
    default:
        bad_verb(p, verb);
        return;
    }
    bool oldplus = p->fmt.plus;
    sw_buf_byte(p->buf, '(');
    pp_float(p, re, size / 2, verb);
    p->fmt.plus = true;
    pp_float(p, im, size / 2, verb);
    sw_buf_cstr(p->buf, "i)");
    p->fmt.plus = oldplus;
}

static void pp_string(PP *p, SwString v, int verb)
{
    Fmt *f = &p->fmt;
    switch (verb) {
    case 'v':
        if (f->sharp_v) fmt_q(f, v);
        else fmt_s(f, v);
        break;
    case 's': fmt_s(f, v); break;
    case 'x': fmt_sbx(f, v.ptr, v.len, ldigits); break;
    case 'X': fmt_sbx(f, v.ptr, v.len, udigits); break;
    case 'q': fmt_q(f, v); break;
    default: bad_verb(p, verb);
    }
}

static void pp_bytes(PP *p, const uint8_t *v, int64_t n, bool isnil, int verb, const SwType *t)
{
    Fmt *f = &p->fmt;
    switch (verb) {
    case 'v': case 'd':
        if (f->sharp_v) {
            type_string(p->buf, t);
            if (isnil) {
                sw_buf_cstr(p->buf, "(nil)");
                return;
            }
            sw_buf_byte(p->buf, '{');
            for (int64_t i = 0; i < n; i++) {
                if (i > 0) sw_buf_cstr(p->buf, ", ");
                fmt_0x64(p, v[i], true);
            }
            sw_buf_byte(p->buf, '}');
        } else {
            sw_buf_byte(p->buf, '[');
            for (int64_t i = 0; i < n; i++) {
                if (i > 0) sw_buf_byte(p->buf, ' ');
                fmt_integer(f, v[i], 10, false, verb, ldigits);
            }
            sw_buf_byte(p->buf, ']');
        }
        break;
    case 's': fmt_s(f, (SwString){v, n}); break;
    case 'x': fmt_sbx(f, v, n, ldigits); break;
    case 'X': fmt_sbx(f, v, n, udigits); break;
    case 'q': fmt_q(f, (SwString){v, n}); break;
    default: {
        SwSlice s = {(void *)v, n, n};
        print_value(p, t, &s, verb, 0, true);
    }
    }
}

static void pp_pointer(PP *p, const SwType *t, uintptr_t u, int verb)
{
    switch (verb) {
    case 'v':
        if (p->fmt.sharp_v) {
            sw_buf_byte(p->buf, '(');
            type_string(p->buf, t);
            sw_buf_cstr(p->buf, ")(");
            if (u == 0) sw_buf_cstr(p->buf, "nil");
            else fmt_0x64(p, u, true);
            sw_buf_byte(p->buf, ')');
        } else if (u == 0) {
            pad_cstr(&p->fmt, "<nil>");
        } else {
            fmt_0x64(p, u, !p->fmt.sharp);
        }
        break;
    case 'p': fmt_0x64(p, u, !p->fmt.sharp); break;
    case 'b': case 'o': case 'd': case 'x': case 'X': pp_integer(p, u, false, verb); break;
    default: bad_verb(p, verb);
    }
}

/* An Error() or String() call made under sw_try. */
typedef struct MethodCall {
    SwString (*fn)(void *);
    void *data;
    SwString result;
} MethodCall;

static void call_string_method(void *c)
{
    MethodCall *mc = c;
    mc->result = mc->fn(mc->data);
}

/* catchPanic: what a panic in arg's method prints.  A nil pointer receiver
 * prints as <nil>; panic(nil) prints nothing (recover() gave nil); any
 * other value as %!verb(PANIC=Method method: value), with default flags.
 * A panic while printing that value panics again, as in Go. */
static void catch_panic(PP *p, SwIface arg, int verb, const char *method, SwIface err)
{
    if (!err.type) return;
    if (arg.type->kind == SW_K_POINTER && arg.data == NULL) {
        sw_buf_cstr(p->buf, "<nil>");   /* unpadded, as Go writes it */
        return;
    }
    if (p->panicking) sw_panic(err);
    Fmt old = p->fmt;
    clear_flags(&p->fmt);
    sw_buf_cstr(p->buf, "%!");
    sw_buf_rune(p->buf, verb);
    sw_buf_cstr(p->buf, "(PANIC=");
    sw_buf_cstr(p->buf, method);
    sw_buf_cstr(p->buf, " method: ");
    p->panicking = true;
    print_arg(p, err, 'v');
    p->panicking = false;
    sw_buf_byte(p->buf, ')');
    p->fmt = old;
}

/* handleMethods: Error() / String() for the verbs that accept a string.
 * The method runs under sw_try, as Go runs it under `defer p.catchPanic`. */
static bool handle_methods(PP *p, SwIface arg, int verb)
{
    if (p->erroring || !arg.type) return false;
    if (verb == 'w') {
        const SwMethod *m = sw_find_method(arg.type, "Error");
        if (!m || !p->wrap_errs) {
            p->has_arg = true;
            p->arg = arg;
            p->vtype = NULL;
            bad_verb(p, verb);
            return true;
        }
        verb = 'v';
    }
    if (p->fmt.sharp_v) return false;   /* GoStringer is not supported */
    switch (verb) {
    case 'v': case 's': case 'x': case 'X': case 'q': {
        const char *method = "Error";
        const SwMethod *m = sw_find_method(arg.type, method);
        if (!m) m = sw_find_method(arg.type, method = "String");
        if (!m || !m->fn) return false;
        /* A method of the pointed-to type called through a nil pointer:
         * Go's wrapper panics before the method runs (value method called
         * using nil pointer), which catchPanic prints as <nil>. */
        if (arg.type->kind == SW_K_POINTER && arg.data == NULL && arg.type->elem &&
            sw_find_method(arg.type->elem, method)) {
            sw_buf_cstr(p->buf, "<nil>");
            return true;
        }
        MethodCall mc = {(SwString(*)(void *))m->fn, arg.data, {0}};
        SwIface err;
        if (sw_try(call_string_method, &mc, &err)) {
            catch_panic(p, arg, verb, method, err);
            return true;
        }
        p->has_arg = true;
        p->arg = arg;
        p->vtype = NULL;
        pp_string(p, mc.result, verb);
        return true;
    }
    }
    return false;
}

static void print_arg(PP *p, SwIface arg, int verb)
{
    p->has_arg = true;
    p->arg = arg;
    p->vtype = NULL;
    if (!arg.type) {
        if (verb == 'T' || verb == 'v') pad_cstr(&p->fmt, "<nil>");
        else bad_verb(p, verb);
        return;
    }
    const SwType *t = arg.type;
    if (verb == 'T') {
        fmt_s(&p->fmt, (SwString){(const uint8_t *)t->name, (int64_t)strlen(t->name)});
        return;
    }
    const void *v = sw_iface_ptr(&arg);
    if (verb == 'p') {
        p->has_arg = false;
        p->vtype = t;
        p->vptr = v;
        switch (t->kind) {
        case SW_K_POINTER: case SW_K_MAP: case SW_K_CHAN: case SW_K_FUNC: case SW_K_UNSAFEPOINTER:
            pp_pointer(p, t, (uintptr_t)arg.data, verb);
            return;
        case SW_K_SLICE:
            pp_pointer(p, t, (uintptr_t)((const SwSlice *)v)->ptr, verb);
            return;
        }
        p->has_arg = true;
        bad_verb(p, verb);
        return;
    }
    /* Go's fast path for the predeclared types (unnamed: no methods) */
    if (!t->named) {
        switch (t->kind) {
        case SW_K_BOOL: pp_bool(p, *(const bool *)v, verb); return;
        case SW_K_FLOAT32: pp_float(p, *(const float *)v, 32, verb); return;
        case SW_K_FLOAT64: pp_float(p, *(const double *)v, 64, verb); return;
        case SW_K_STRING: pp_string(p, *(const SwString *)v, verb); return;
        case SW_K_SLICE:
            if (t->elem->kind == SW_K_UINT8 && !t->elem->named) {
                const SwSlice *s = v;
                static const SwType bytes_name = {.kind = SW_K_SLICE, .size = sizeof(SwSlice), .name = "[]byte", .elem = &sw_type_uint8};
                pp_bytes(p, s->ptr, s->len, s->ptr == NULL, verb, &bytes_name);
                return;
            }
            break;
        }
    }
    if (!handle_methods(p, arg, verb)) print_value(p, t, v, verb, 0, true);
}

/* ---- map key sorting (internal/fmtsort) ------------------------------- */

static int compare_values(const SwType *t, const void *a, const void *b);

static int cmp_float(double a, double b)
{
    if (a != a) return -1;
    if (b != b) return 1;
    return a < b ? -1 : a > b;
}

static int compare_values(const SwType *t, const void *a, const void *b)
{
    switch (t->kind) {
    case SW_K_INT: case SW_K_INT64: { int64_t x = *(const int64_t *)a, y = *(const int64_t *)b; return x < y ? -1 : x > y; }
    case SW_K_INT32: { int32_t x = *(const int32_t *)a, y = *(const int32_t *)b; return x < y ? -1 : x > y; }
    case SW_K_INT16: { int16_t x = *(const int16_t *)a, y = *(const int16_t *)b; return x < y ? -1 : x > y; }
    case SW_K_INT8: { int8_t x = *(const int8_t *)a, y = *(const int8_t *)b; return x < y ? -1 : x > y; }
    case SW_K_UINT: case SW_K_UINT64: case SW_K_UINTPTR: case SW_K_POINTER: case SW_K_CHAN:
    case SW_K_UNSAFEPOINTER: case SW_K_FUNC: case SW_K_MAP:
        { uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b; return x < y ? -1 : x > y; }
    case SW_K_UINT32: { uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b; return x < y ? -1 : x > y; }
    case SW_K_UINT16: { uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b; return x < y ? -1 : x > y; }
    case SW_K_UINT8: { uint8_t x = *(const uint8_t *)a, y = *(const uint8_t *)b; return x < y ? -1 : x > y; }
    case SW_K_BOOL: { bool x = *(const bool *)a, y = *(const bool *)b; return x == y ? 0 : x ? 1 : -1; }
    case SW_K_FLOAT32: return cmp_float(*(const float *)a, *(const float *)b);
    case SW_K_FLOAT64: return cmp_float(*(const double *)a, *(const double *)b);
    case SW_K_COMPLEX64: {
        int c = cmp_float(((const float *)a)[0], ((const float *)b)[0]);
        return c ? c : cmp_float(((const float *)a)[1], ((const float *)b)[1]);
    }
    case SW_K_COMPLEX128: {
        int c = cmp_float(((const double *)a)[0], ((const double *)b)[0]);
        return c ? c : cmp_float(((const double *)a)[1], ((const double *)b)[1]);
    }
    case SW_K_STRING: return sw_str_cmp(*(const SwString *)a, *(const SwString *)b);
    case SW_K_STRUCT:
        for (int32_t i = 0; i < t->nfields; i++) {
            int c = compare_values(t->fields[i].type, (const uint8_t *)a + t->fields[i].offset,
                                   (const uint8_t *)b + t->fields[i].offset);
            if (c) return c;
        }
        return 0;
    case SW_K_ARRAY:
        for (int64_t i = 0; i < t->len; i++) {
            int c = compare_values(t->elem, (const uint8_t *)a + i * t->elem->size,
                                   (const uint8_t *)b + i * t->elem->size);
            if (c) return c;
        }
        return 0;
    case SW_K_INTERFACE: {
        const SwIface *x = a, *y = b;
        if (!x->type || !y->type) {
            if (!x->type && !y->type) return 0;
            return !x->type ? -1 : 1;
        }
        if (!sw_type_same(x->type, y->type)) {
            uintptr_t tx = (uintptr_t)x->type, ty = (uintptr_t)y->type;
            return tx < ty ? -1 : 1;
        }
        return compare_values(x->type, sw_iface_ptr(x), sw_iface_ptr(y));
    }
    }
    return 0;
}

typedef struct KV {
    const void *key, *val;
} KV;

static const SwType *sort_key_type;

static int kv_cmp(const void *a, const void *b)
{
    const KV *x = a, *y = b;
    int c = compare_values(sort_key_type, x->key, y->key);
    if (c) return c;
    return x < y ? -1 : x > y;   /* stable */
}

/* ---- printValue ------------------------------------------------------- */

static bool is_exported_name(const char *name)
{
    return name && name[0] >= 'A' && name[0] <= 'Z';
}

/* getField: an interface field holding a value prints that value */
static void print_elem(PP *p, const SwType *t, const void *v, int verb, int depth, bool can_iface)
{
    if (t->kind == SW_K_INTERFACE) {
        const SwIface *iv = v;
        if (iv->type) {
            print_value(p, iv->type, sw_iface_ptr(iv), verb, depth, can_iface);
            return;
        }
    }
    print_value(p, t, v, verb, depth, can_iface);
}

static void print_value(PP *p, const SwType *t, const void *v, int verb, int depth, bool can_iface)
{
    if (depth > 0 && can_iface && t->nmethods > 0 && t->kind != SW_K_INTERFACE) {
        SwIface arg = sw_box(t, v);
        if (handle_methods(p, arg, verb)) return;
    }
    p->has_arg = false;
    p->vtype = t;
    p->vptr = v;
    Fmt *f = &p->fmt;
    switch (t->kind) {
    case SW_K_BOOL: pp_bool(p, *(const bool *)v, verb); return;
    case SW_K_INT: case SW_K_INT64: pp_integer(p, (uint64_t)*(const int64_t *)v, true, verb); return;
    case SW_K_INT8: pp_integer(p, (uint64_t)(int64_t)*(const int8_t *)v, true, verb); return;
    case SW_K_INT16: pp_integer(p, (uint64_t)(int64_t)*(const int16_t *)v, true, verb); return;
    case SW_K_INT32: pp_integer(p, (uint64_t)(int64_t)*(const int32_t *)v, true, verb); return;
    case SW_K_UINT: case SW_K_UINT64: case SW_K_UINTPTR:
        pp_integer(p, *(const uint64_t *)v, false, verb);
        return;
    case SW_K_UINT8: pp_integer(p, *(const uint8_t *)v, false, verb); return;
    case SW_K_UINT16: pp_integer(p, *(const uint16_t *)v, false, verb); return;
    case SW_K_UINT32: pp_integer(p, *(const uint32_t *)v, false, verb); return;
    case SW_K_FLOAT32: pp_float(p, *(const float *)v, 32, verb); return;
    case SW_K_FLOAT64: pp_float(p, *(const double *)v, 64, verb); return;
    case SW_K_COMPLEX64: pp_complex(p, ((const float *)v)[0], ((const float *)v)[1], 64, verb); return;
    case SW_K_COMPLEX128: pp_complex(p, ((const double *)v)[0], ((const double *)v)[1], 128, verb); return;
    case SW_K_STRING: pp_string(p, *(const SwString *)v, verb); return;
    case SW_K_MAP: {
        SwMap *m = *(SwMap *const *)v;
        if (f->sharp_v) {
            type_string(p->buf, t);
            if (!m) {
                sw_buf_cstr(p->buf, "(nil)");
                return;
            }
            sw_buf_byte(p->buf, '{');
        } else {
            sw_buf_cstr(p->buf, "map[");
        }
        int64_t n = sw_map_len(m), k = 0;
        KV *kvs = n ? sw_alloc((size_t)n * sizeof(KV)) : NULL;
        SwMapIter it;
        sw_map_iter_init(m, &it);
        while (k < n && sw_map_iter_next(&it)) {
            kvs[k].key = it.key;
            kvs[k].val = it.val;
            k++;
        }
        const SwType *saved = sort_key_type;
        sort_key_type = t->key;
        if (k > 1) qsort(kvs, (size_t)k, sizeof(KV), kv_cmp);
        sort_key_type = saved;
        for (int64_t i = 0; i < k; i++) {
            if (i > 0) {
                if (f->sharp_v) sw_buf_cstr(p->buf, ", ");
                else sw_buf_byte(p->buf, ' ');
            }
            print_value(p, t->key, kvs[i].key, verb, depth + 1, can_iface);
            sw_buf_byte(p->buf, ':');
            print_value(p, t->elem, kvs[i].val, verb, depth + 1, can_iface);
        }
        sw_buf_byte(p->buf, f->sharp_v ? '}' : ']');
        return;
    }
    case SW_K_STRUCT:
        if (f->sharp_v) type_string(p->buf, t);
        sw_buf_byte(p->buf, '{');
        for (int32_t i = 0; i < t->nfields; i++) {
            const SwField *fl = &t->fields[i];
            if (i > 0) {
                if (f->sharp_v) sw_buf_cstr(p->buf, ", ");
                else sw_buf_byte(p->buf, ' ');
            }
            if ((f->plus_v || f->sharp_v) && fl->name && fl->name[0]) {
                sw_buf_cstr(p->buf, fl->name);
                sw_buf_byte(p->buf, ':');
            }
            bool exp = fl->exported || is_exported_name(fl->name);
            print_elem(p, fl->type, (const uint8_t *)v + fl->offset, verb, depth + 1, can_iface && exp);
        }
        sw_buf_byte(p->buf, '}');
        return;
    case SW_K_INTERFACE: {
        const SwIface *iv = v;
        if (!iv->type) {
            if (f->sharp_v) {
                type_string(p->buf, t);
                sw_buf_cstr(p->buf, "(nil)");
            } else {
                sw_buf_cstr(p->buf, "<nil>");
            }
        } else {
            print_value(p, iv->type, sw_iface_ptr(iv), verb, depth + 1, can_iface);
        }
        return;
    }
    case SW_K_ARRAY: case SW_K_SLICE: {
        const uint8_t *base;
        int64_t n;
        bool isnil = false;
        if (t->kind == SW_K_SLICE) {
            const SwSlice *s = v;
            base = s->ptr;
            n = s->len;
            isnil = s->ptr == NULL;
        } else {
            base = v;
            n = t->len;
        }
        if ((verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') && t->elem->kind == SW_K_UINT8) {
            pp_bytes(p, base, n, isnil, verb, t);
            return;
        }
        int64_t es = t->elem->size;
        if (f->sharp_v) {
            type_string(p->buf, t);
            if (t->kind == SW_K_SLICE && isnil) {
                sw_buf_cstr(p->buf, "(nil)");
                return;
            }
            sw_buf_byte(p->buf, '{');
            for (int64_t i = 0; i < n; i++) {
                if (i > 0) sw_buf_cstr(p->buf, ", ");
                print_value(p, t->elem, base + i * es, verb, depth + 1, can_iface);
            }
            sw_buf_byte(p->buf, '}');
        } else {
            sw_buf_byte(p->buf, '[');
            for (int64_t i = 0; i < n; i++) {
                if (i > 0) sw_buf_byte(p->buf, ' ');
                print_value(p, t->elem, base + i * es, verb, depth + 1, can_iface);
            }
            sw_buf_byte(p->buf, ']');
        }
        return;
    }
    case SW_K_POINTER: {
        const void *ptr = *(const void *const *)v;
        if (depth == 0 && ptr) {
            switch (t->elem->kind) {
            case SW_K_ARRAY: case SW_K_SLICE: case SW_K_STRUCT: case SW_K_MAP:
                sw_buf_byte(p->buf, '&');
                print_value(p, t->elem, ptr, verb, depth + 1, can_iface);
                return;
            }
        }
        pp_pointer(p, t, (uintptr_t)ptr, verb);
        return;
    }
    case SW_K_CHAN: case SW_K_FUNC: case SW_K_UNSAFEPOINTER:
        pp_pointer(p, t, (uintptr_t)*(const void *const *)v, verb);
        return;
    default:
        sw_buf_byte(p->buf, '?');
        type_string(p->buf, t);
        sw_buf_byte(p->buf, '?');
    }
}

/* ---- Printf ------------------------------------------------------------ */

static bool too_large(int64_t x)
{
    return x > 1000000 || x < -1000000;
}

/* parsenum */
static bool parse_num(SwString s, int64_t start, int64_t end, int *num, int64_t *newi)
{
    *num = 0;
    bool isnum = false;
    if (start >= end) {
        *newi = end;
        return false;
    }
    int64_t i = start;
    for (; i < end && s.ptr[i] >= '0' && s.ptr[i] <= '9'; i++) {
        if (too_large(*num)) {
            *num = 0;
            *newi = end;
            return false;
        }
        *num = *num * 10 + (s.ptr[i] - '0');
        isnum = true;
    }
    *newi = i;
    return isnum;
}

/* argNumber: an explicit [n] index */
static bool arg_number(PP *p, int64_t *argnum, SwString format, int64_t *i, int64_t nargs)
{
    if (format.len <= *i || format.ptr[*i] != '[') return false;
    p->reordered = true;
    SwString rest = {format.ptr + *i, format.len - *i};
    int index = 0;
    int64_t wid = 1;
    bool ok = false;
    if (rest.len >= 3) {
        for (int64_t j = 1; j < rest.len; j++) {
            if (rest.ptr[j] == ']') {
                int64_t newi;
                int width;
                bool isnum = parse_num(rest, 1, j, &width, &newi);
                if (!isnum || newi != j) {
                    wid = j + 1;
                    ok = false;
                } else {
                    index = width - 1;
                    wid = j + 1;
                    ok = true;
                }
                break;
            }
        }
    }
    if (ok && index >= 0 && index < nargs) {
        *argnum = index;
        *i += wid;
        return true;
    }
    p->good_argnum = false;
    *i += wid;
    return ok;
}

static bool int_from_arg(const SwIface *a, int64_t nargs, int64_t *argnum, int *num)
{
    bool is_int = false;
    *num = 0;
    if (*argnum < nargs) {
        const SwIface *v = &a[*argnum];
        if (v->type) {
            const void *d = sw_iface_ptr(v);
            int64_t n = 0;
            switch (v->type->kind) {
            case SW_K_INT: case SW_K_INT64: n = *(const int64_t *)d; is_int = true; break;
            case SW_K_INT32: n = *(const int32_t *)d; is_int = true; break;
            case SW_K_INT16: n = *(const int16_t *)d; is_int = true; break;
            case SW_K_INT8: n = *(const int8_t *)d; is_int = true; break;
            case SW_K_UINT: case SW_K_UINT64: case SW_K_UINTPTR:
                n = *(const int64_t *)d; is_int = n >= 0; break;
            case SW_K_UINT32: n = *(const uint32_t *)d; is_int = true; break;
            case SW_K_UINT16: n = *(const uint16_t *)d; is_int = true; break;
            case SW_K_UINT8: n = *(const uint8_t *)d; is_int = true; break;
            }
            if (is_int) {
                if (too_large(n)) is_int = false;
                else *num = (int)n;
            }
        }
        ++*argnum;
    }
    return is_int;
}

void sw_fmt_printf(SwBuf *b, SwString format, SwSlice args, bool errorf)
{
    PP pp;
    memset(&pp, 0, sizeof pp);
    PP *p = &pp;
    p->buf = b;
    p->fmt.buf = b;
    p->wrap_errs = errorf;
    const SwIface *a = args.ptr;
    int64_t nargs = args.len, end = format.len, argnum = 0;
    const uint8_t *s = format.ptr;
    bool after_index = false;
    for (int64_t i = 0; i < end;) {
        p->good_argnum = true;
        int64_t lasti = i;
        while (i < end && s[i] != '%') i++;
        if (i > lasti) sw_buf_write(b, s + lasti, i - lasti);
        if (i >= end) break;
        i++;
        clear_flags(&p->fmt);
        Fmt *f = &p->fmt;
        bool simple_done = false;
        for (; i < end; i++) {
            uint8_t c = s[i];
            bool flag = true;
            switch (c) {
            case '#': f->sharp = true; break;
            case '0': f->zero = !f->minus; break;
            case '+': f->plus = true; break;
            case '-': f->minus = true; f->zero = false; break;
            case ' ': f->space = true; break;
            default: flag = false;
            }
            if (flag) continue;
            if (c >= 'a' && c <= 'z' && argnum < nargs) {
                if (c == 'v') {
                    f->sharp_v = f->sharp;
                    f->sharp = false;
                    f->plus_v = f->plus;
                    f->plus = false;
                }
                print_arg(p, a[argnum], c);
                argnum++;
                i++;
                simple_done = true;
            }
            break;
        }
        if (simple_done) continue;

        after_index = arg_number(p, &argnum, format, &i, nargs);

        if (i < end && s[i] == '*') {
            i++;
            f->wid_present = int_from_arg(a, nargs, &argnum, &f->wid);
            if (!f->wid_present) sw_buf_cstr(b, "%!(BADWIDTH)");
            if (f->wid < 0) {
                f->wid = -f->wid;
                f->minus = true;
                f->zero = false;
            }
            after_index = false;
        } else {
            f->wid_present = parse_num(format, i, end, &f->wid, &i);
            if (after_index && f->wid_present) p->good_argnum = false;
        }

        if (i + 1 < end && s[i] == '.') {
            i++;
            if (after_index) p->good_argnum = false;
            after_index = arg_number(p, &argnum, format, &i, nargs);
            if (i < end && s[i] == '*') {
                i++;
                f->prec_present = int_from_arg(a, nargs, &argnum, &f->prec);
                if (f->prec < 0) {
                    f->prec = 0;
                    f->prec_present = false;
                }
                if (!f->prec_present) sw_buf_cstr(b, "%!(BADPREC)");
                after_index = false;
            } else {
                f->prec_present = parse_num(format, i, end, &f->prec, &i);
                if (!f->prec_present) {
                    f->prec = 0;
                    f->prec_present = true;
                }
            }
        }

        if (!after_index) after_index = arg_number(p, &argnum, format, &i, nargs);

        if (i >= end) {
            sw_buf_cstr(b, "%!(NOVERB)");
            break;
        }
        int32_t verb = s[i];
        int size = 1;
        if (verb >= 0x80) size = sw_utf8_decode(s + i, end - i, &verb);
        i += size;

        if (verb == '%') {
            sw_buf_byte(b, '%');
        } else if (!p->good_argnum) {
            sw_buf_cstr(b, "%!");
            sw_buf_rune(b, verb);
            sw_buf_cstr(b, "(BADINDEX)");
        } else if (argnum >= nargs) {
            sw_buf_cstr(b, "%!");
            sw_buf_rune(b, verb);
            sw_buf_cstr(b, "(MISSING)");
        } else {
            if (verb == 'v') {
                f->sharp_v = f->sharp;
                f->sharp = false;
                f->plus_v = f->plus;
                f->plus = false;
            }
            print_arg(p, a[argnum], verb);
            argnum++;
        }
    }
    if (!p->reordered && argnum < nargs) {
        clear_flags(&p->fmt);
        sw_buf_cstr(b, "%!(EXTRA ");
        for (int64_t k = argnum; k < nargs; k++) {
            if (k > argnum) sw_buf_cstr(b, ", ");
            if (!a[k].type) {
                sw_buf_cstr(b, "<nil>");
            } else {
                type_string(b, a[k].type);
                sw_buf_byte(b, '=');
                print_arg(p, a[k], 'v');
            }
        }
        sw_buf_byte(b, ')');
    }
}

void sw_fmt_print(SwBuf *b, SwSlice args)
{
    PP pp;
    memset(&pp, 0, sizeof pp);
    pp.buf = b;
    pp.fmt.buf = b;
    const SwIface *a = args.ptr;
    bool prev_string = false;
    for (int64_t i = 0; i < args.len; i++) {
        bool is_string = a[i].type && a[i].type->kind == SW_K_STRING;
        if (i > 0 && !is_string && !prev_string) sw_buf_byte(b, ' ');
        clear_flags(&pp.fmt);
        print_arg(&pp, a[i], 'v');
        prev_string = is_string;
    }
}

void sw_fmt_println(SwBuf *b, SwSlice args)
{
    PP pp;
    memset(&pp, 0, sizeof pp);
    pp.buf = b;
    pp.fmt.buf = b;
    const SwIface *a = args.ptr;
    for (int64_t i = 0; i < args.len; i++) {
        if (i > 0) sw_buf_byte(b, ' ');
        clear_flags(&pp.fmt);
        print_arg(&pp, a[i], 'v');
    }
    sw_buf_byte(b, '\n');
}
