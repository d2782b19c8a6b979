// SPDX-License-Identifier: MIT
/*
 * sw_core.c — program start and exit, GC-backed memory, the buffered stdout,
 * the print/println builtins, float-to-integer conversions and the growable
 * byte buffer the rest of the runtime formats into.
 *
 * stdout is buffered in user space (Go's is not, but a program's output
 * bytes are the same) and flushed at exit, before every write to fd 2 and
 * before a panic, so interleaved stdout/stderr keep their order.
 */
#include <errno.h>
#include <gc.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sw_internal.h"

int sw_argc;
char **sw_argv;

#define OUTBUF_SIZE 65536
static uint8_t outbuf[OUTBUF_SIZE];
SW_GC_NOSCAN(outbuf)
static int64_t outlen;

static int64_t write_all(int fd, const void *p, int64_t n)
{
    const uint8_t *q = p;
    int64_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, q + done, (size_t)(n - done));
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        done += w;
    }
    return done;
}

void sw_flush_stdout(void)
{
    if (outlen > 0) {
        write_all(1, outbuf, outlen);
        outlen = 0;
    }
}

int64_t sw_write(int fd, const void *p, int64_t n)
{
    if (n <= 0) return 0;
    if (fd == 1) {
        if (outlen + n > OUTBUF_SIZE) {
            sw_flush_stdout();
            if (n >= OUTBUF_SIZE) return write_all(1, p, n);
        }
        memcpy(outbuf + outlen, p, (size_t)n);
        outlen += n;
        return n;
    }
    sw_flush_stdout();
    return write_all(fd, p, n);
}

static void flush_at_exit(void)
{
    sw_flush_stdout();
}

void sw_rt_init(int argc, char **argv)
{
    GC_set_handle_fork(1);
    GC_INIT();
    sw_argc = argc;
    sw_argv = argv;
    atexit(flush_at_exit);
    /* Bytes printed before a fork (a server's start-up banner) would be
     * written once by every process that inherits the buffer. */
    pthread_atfork(sw_flush_stdout, NULL, NULL);
    sw_install_fault_handler();
}

_Noreturn void sw_exit(int code)
{
    sw_flush_stdout();
    exit(code);
}

/* ---- memory ---------------------------------------------------------- */

static _Noreturn void out_of_memory(void)
{
    sw_flush_stdout();
    static const char msg[] = "fatal error: runtime: out of memory\n";
    write_all(2, msg, sizeof msg - 1);
    _exit(2);
}

void *sw_alloc(size_t n)
{
    void *p = GC_MALLOC(n ? n : 1);
    if (!p) out_of_memory();
    return p;   /* GC_MALLOC memory is already cleared */
}

/* Blocks of 2 MiB and more (a huge page) get transparent huge pages on their
 * aligned interior before they are cleared: one fault per 2 MiB instead of
 * 512, which is most of the cost of make([]byte, 64<<20).  madvise only sets
 * the paging policy of memory we own entirely (the block's interior); libgc
 * keeps managing it (reuse, unmapping) as before.  GC_MALLOC_ATOMIC does not
 * clear, and libgc does not say whether the pages are fresh: clear always. */
#define HUGE_PAGE ((uintptr_t)2 << 20)

static void advise_huge(void *p, size_t n)
{
    uintptr_t a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    uintptr_t e = ((uintptr_t)p + n) & ~(HUGE_PAGE - 1);
    if (e > a) madvise((void *)a, e - a, MADV_HUGEPAGE);   /* advice only: errors are harmless */
}

void *sw_alloc_noscan_uncleared(size_t n)
{
    void *p = GC_MALLOC_ATOMIC(n ? n : 1);
    if (!p) out_of_memory();
    if (n >= HUGE_PAGE) advise_huge(p, n);
    return p;
}

void *sw_alloc_noscan(size_t n)
{
    void *p = sw_alloc_noscan_uncleared(n);
    memset(p, 0, n);
    return p;
}

SwIface sw_box(const SwType *t, const void *val)
{
    SwIface v = {t, NULL};
    if (!t) return v;
    if (sw_type_direct(t)) {
        memcpy(&v.data, val, sizeof(void *));
        return v;
    }
    if (t->size == 0) {
        static uint64_t zerobase;
        v.data = &zerobase;
        return v;
    }
    v.data = sw_alloc((size_t)t->size);
    memcpy(v.data, val, (size_t)t->size);
    return v;
}

/* ---- byte buffer ----------------------------------------------------- */

void sw_buf_grow(SwBuf *b, int64_t extra)
{
    int64_t need = b->len + extra;
    if (need <= b->cap) return;
    int64_t nc = b->cap ? b->cap * 2 : 64;
    while (nc < need) nc *= 2;
    uint8_t *np = sw_alloc_noscan((size_t)nc);
    if (b->len) memcpy(np, b->p, (size_t)b->len);
    b->p = np;
    b->cap = nc;
}

void sw_buf_write(SwBuf *b, const void *p, int64_t n)
{
    if (n <= 0) return;
    if (b->len + n > b->cap) sw_buf_grow(b, n);
    memcpy(b->p + b->len, p, (size_t)n);
    b->len += n;
}

void sw_buf_str(SwBuf *b, SwString s)
{
    sw_buf_write(b, s.ptr, s.len);
}

void sw_buf_cstr(SwBuf *b, const char *s)
{
    sw_buf_write(b, s, (int64_t)strlen(s));
}

void sw_buf_rune(SwBuf *b, int32_t r)
{
    uint8_t tmp[4];
    sw_buf_write(b, tmp, sw_utf8_encode(tmp, r));
}

SwString sw_buf_string(SwBuf *b)
{
    return (SwString){b->p, b->len};
}

/* ---- float -> integer (amd64 CVTTSD2SQ / CVTTSD2SL semantics) -------- */

int64_t sw_f2i64(double f)
{
    if (f >= -9223372036854775808.0 && f < 9223372036854775808.0) return (int64_t)f;
    return INT64_MIN;
}

int32_t sw_f2i32(double f)
{
    if (f > -2147483649.0 && f < 2147483648.0) return (int32_t)f;
    return INT32_MIN;
}

uint64_t sw_f2u64(double f)
{
    if (!(f >= 9223372036854775808.0)) return (uint64_t)sw_f2i64(f);
    return (uint64_t)sw_f2i64(f - 9223372036854775808.0) | (UINT64_C(1) << 63);
}

/* ---- print / println builtins (stderr, runtime/print.go formats) ----- */

static void err_write(const void *p, int64_t n)
{
    sw_write(2, p, n);
}

static void err_cstr(const char *s)
{
    err_write(s, (int64_t)strlen(s));
}

void sw_print_bool(bool v)
{
    err_cstr(v ? "true" : "false");
}

void sw_print_int(int64_t v)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%lld", (long long)v);
    err_cstr(tmp);
}

void sw_print_uint(uint64_t v)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)v);
    err_cstr(tmp);
}

/* runtime.printfloat: seven digits, "+d.dddddde+ddd", computed with the same
 * floating-point steps so the last digit rounds the same way. */
static void format_print_float(char *buf, double v)
{
    if (v != v) {
        strcpy(buf, "NaN");
        return;
    }
    if (v + v == v && v > 0) {
        strcpy(buf, "+Inf");
        return;
    }
    if (v + v == v && v < 0) {
        strcpy(buf, "-Inf");
        return;
    }
    enum { N = 7 };
    buf[0] = '+';
    int e = 0;
    if (v == 0) {
        if (1 / v < 0) buf[0] = '-';
    } else {
        if (v < 0) {
            v = -v;
            buf[0] = '-';
        }
        while (v >= 10) {
            e++;
            v /= 10;
        }
        while (v < 1) {
            e--;
            v *= 10;
        }
        double h = 5.0;
        for (int i = 0; i < N; i++) h /= 10;
        v += h;
        if (v >= 10) {
            e++;
            v /= 10;
        }
    }
    for (int i = 0; i < N; i++) {
        int s = (int)v;
        buf[i + 2] = (char)(s + '0');
        v -= s;
        v *= 10;
    }
    buf[1] = buf[2];
    buf[2] = '.';
    buf[N + 2] = 'e';
    buf[N + 3] = '+';
    if (e < 0) {
        e = -e;
        buf[N + 3] = '-';
    }
    buf[N + 4] = (char)(e / 100 + '0');
    buf[N + 5] = (char)(e / 10 % 10 + '0');
    buf[N + 6] = (char)(e % 10 + '0');
    buf[N + 7] = 0;
}

void sw_print_float(double v)
{
    char buf[32];
    format_print_float(buf, v);
    err_cstr(buf);
}

void sw_print_complex(double re, double im)
{
    char buf[80], a[32], b[32];
    format_print_float(a, re);
    format_print_float(b, im);
    snprintf(buf, sizeof buf, "(%s%si)", a, b);
    err_cstr(buf);
}

void sw_print_string(SwString s)
{
    err_write(s.ptr, s.len);
}

void sw_print_pointer(const void *p)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "0x%llx", (unsigned long long)(uintptr_t)p);
    err_cstr(tmp);
}

void sw_print_iface(SwIface v)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "(0x%llx,0x%llx)", (unsigned long long)(uintptr_t)v.type,
             (unsigned long long)(uintptr_t)v.data);
    err_cstr(tmp);
}

void sw_print_slice(SwSlice s)
{
    char tmp[96];
    snprintf(tmp, sizeof tmp, "[%lld/%lld]0x%llx", (long long)s.len, (long long)s.cap,
             (unsigned long long)(uintptr_t)s.ptr);
    err_cstr(tmp);
}

void sw_print_space(void)
{
    err_write(" ", 1);
}

void sw_print_nl(void)
{
    err_write("\n", 1);
}

/* Formats for panic(v): the same as print does. */
void sw_print_float_buf(SwBuf *b, double v)
{
    char buf[32];
    format_print_float(buf, v);
    sw_buf_cstr(b, buf);
}
