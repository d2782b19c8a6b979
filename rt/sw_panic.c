// SPDX-License-Identifier: MIT
/*
 * sw_panic.c — unrecovered panics: Go's message texts (runtime/error.go,
 * runtime/panic.go printpanicval), the goroutine trailer, exit status 2.
 *
 * A panic value is printed the way Go 1.19 prints it: an error by its
 * Error(), a Stringer by its String(), basic values as print() would,
 * defined basic types as `main.T(value)`, anything else as `(T) 0xaddr`.
 * A SIGSEGV handler turns a fault on the first pages into Go's nil
 * dereference panic and any other fault into Go's stack overflow report.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sw_internal.h"

static void trailer(SwBuf *b)
{
    sw_buf_cstr(b, "\n\ngoroutine 1 [running]:\nmain.main()\n\t?:0\n");
}

static _Noreturn void die(SwBuf *b)
{
    sw_write(2, b->p, b->len);
    sw_flush_stdout();
    _exit(2);
}

_Noreturn void sw_panic_msg(const char *msg)
{
    SwBuf b = {0};
    sw_buf_cstr(&b, "panic: ");
    sw_buf_cstr(&b, msg);
    trailer(&b);
    die(&b);
}

static _Noreturn void runtime_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static _Noreturn void runtime_error(const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    SwBuf b = {0};
    sw_buf_cstr(&b, "panic: runtime error: ");
    sw_buf_cstr(&b, msg);
    trailer(&b);
    die(&b);
}

_Noreturn void sw_panic_index(int64_t i, int64_t len)
{
    runtime_error("index out of range [%lld] with length %lld", (long long)i, (long long)len);
}

_Noreturn void sw_panic_slice(int code, int64_t x, int64_t y)
{
    long long a = x, b = y;
    /* Go reports a negative operand without the length/capacity part. */
    switch (code) {
    case SW_BOUNDS_SLICE_ALEN:
        if (x < 0) runtime_error("slice bounds out of range [:%lld]", a);
        runtime_error("slice bounds out of range [:%lld] with length %lld", a, b);
    case SW_BOUNDS_SLICE_ACAP:
        if (x < 0) runtime_error("slice bounds out of range [:%lld]", a);
        runtime_error("slice bounds out of range [:%lld] with capacity %lld", a, b);
    case SW_BOUNDS_SLICE_B:
        if (x < 0) runtime_error("slice bounds out of range [%lld:]", a);
        runtime_error("slice bounds out of range [%lld:%lld]", a, b);
    case SW_BOUNDS_SLICE3_ALEN:
        if (x < 0) runtime_error("slice bounds out of range [::%lld]", a);
        runtime_error("slice bounds out of range [::%lld] with length %lld", a, b);
    case SW_BOUNDS_SLICE3_ACAP:
        if (x < 0) runtime_error("slice bounds out of range [::%lld]", a);
        runtime_error("slice bounds out of range [::%lld] with capacity %lld", a, b);
    case SW_BOUNDS_SLICE3_B:
        if (x < 0) runtime_error("slice bounds out of range [:%lld:]", a);
        runtime_error("slice bounds out of range [:%lld:%lld]", a, b);
    case SW_BOUNDS_SLICE3_C:
        if (x < 0) runtime_error("slice bounds out of range [%lld::]", a);
        runtime_error("slice bounds out of range [%lld:%lld:]", a, b);
    default:
        runtime_error("slice bounds out of range");
    }
}

_Noreturn void sw_panic_divide(void)
{
    runtime_error("integer divide by zero");
}

static _Noreturn void nil_deref(void)
{
    SwBuf b = {0};
    sw_buf_cstr(&b, "panic: runtime error: invalid memory address or nil pointer dereference\n"
                    "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]");
    trailer(&b);
    die(&b);
}

_Noreturn void sw_panic_nil(void)
{
    nil_deref();
}

_Noreturn void sw_panic_nilmap(void)
{
    sw_panic_msg("assignment to entry in nil map");
}

_Noreturn void sw_panic_shift(void)
{
    runtime_error("negative shift amount");
}

_Noreturn void sw_panic_makeslice_len(void)
{
    runtime_error("makeslice: len out of range");
}

_Noreturn void sw_panic_makeslice_cap(void)
{
    runtime_error("makeslice: cap out of range");
}

_Noreturn void sw_panic_assert(const char *iface, const SwType *have, const SwType *want)
{
    char msg[1024];
    if (!have) {
        snprintf(msg, sizeof msg, "interface conversion: %s is nil, not %s",
                 want->kind == SW_K_INTERFACE ? "interface" : iface, want->name);
    } else if (want->kind == SW_K_INTERFACE) {
        const char *missing = "?";
        for (int32_t i = 0; i < want->nmethods; i++)
            if (!sw_find_method(have, want->methods[i].name)) {
                missing = want->methods[i].name;
                break;
            }
        snprintf(msg, sizeof msg, "interface conversion: %s is not %s: missing method %s",
                 have->name, want->name, missing);
    } else {
        snprintf(msg, sizeof msg, "interface conversion: %s is %s, not %s", iface, have->name,
                 want->name);
    }
    sw_panic_msg(msg);
}

/* printpanicval: a value of a basic kind, maybe of a defined type. */
static void panic_value(SwBuf *b, SwIface v)
{
    const SwType *t = v.type;
    if (!t) {
        sw_buf_cstr(b, "nil");
        return;
    }
    const SwMethod *m;
    if ((m = sw_find_method(t, "Error")) != NULL || (m = sw_find_method(t, "String")) != NULL) {
        SwString (*fn)(void *) = (SwString(*)(void *))m->fn;
        sw_buf_str(b, fn(v.data));
        return;
    }
    const void *p = sw_iface_ptr(&v);
    char tmp[64];
    bool basic = true;
    SwBuf val = {0};
    switch (t->kind) {
    case SW_K_BOOL: sw_buf_cstr(&val, *(const bool *)p ? "true" : "false"); break;
    case SW_K_INT: case SW_K_INT64:
        snprintf(tmp, sizeof tmp, "%lld", (long long)*(const int64_t *)p); sw_buf_cstr(&val, tmp); break;
    case SW_K_INT8: snprintf(tmp, sizeof tmp, "%d", *(const int8_t *)p); sw_buf_cstr(&val, tmp); break;
    case SW_K_INT16: snprintf(tmp, sizeof tmp, "%d", *(const int16_t *)p); sw_buf_cstr(&val, tmp); break;
    case SW_K_INT32: snprintf(tmp, sizeof tmp, "%d", *(const int32_t *)p); sw_buf_cstr(&val, tmp); break;
    case SW_K_UINT: case SW_K_UINT64: case SW_K_UINTPTR:
        snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)*(const uint64_t *)p); sw_buf_cstr(&val, tmp); break;
    case SW_K_UINT8: snprintf(tmp, sizeof tmp, "%u", *(const uint8_t *)p); sw_buf_cstr(&val, tmp); break;
    case SW_K_UINT16: snprintf(tmp, sizeof tmp, "%u", *(const uint16_t *)p); sw_buf_cstr(&val, tmp); break;
    case SW_K_UINT32: snprintf(tmp, sizeof tmp, "%u", *(const uint32_t *)p); sw_buf_cstr(&val, tmp); break;
    case SW_K_FLOAT32: sw_print_float_buf(&val, *(const float *)p); break;
    case SW_K_FLOAT64: sw_print_float_buf(&val, *(const double *)p); break;
    case SW_K_STRING:
        if (t->named) sw_buf_byte(&val, '"');
        sw_buf_str(&val, *(const SwString *)p);
        if (t->named) sw_buf_byte(&val, '"');
        break;
    default: basic = false;
    }
    if (basic) {
        if (t->named) {
            sw_buf_cstr(b, t->name);
            sw_buf_byte(b, '(');
        }
        sw_buf_write(b, val.p, val.len);
        if (t->named) sw_buf_byte(b, ')');
        return;
    }
    snprintf(tmp, sizeof tmp, ") 0x%llx", (unsigned long long)(uintptr_t)v.data);
    sw_buf_byte(b, '(');
    sw_buf_cstr(b, t->name);
    sw_buf_cstr(b, tmp);
}

_Noreturn void sw_panic(SwIface v)
{
    SwBuf b = {0};
    sw_buf_cstr(&b, "panic: ");
    panic_value(&b, v);
    /* Go marks a runtime.Error re-panicked by the user the same way: no extra text. */
    trailer(&b);
    die(&b);
}

/* ---- hardware faults --------------------------------------------------- */

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    if ((uintptr_t)si->si_addr < 65536) nil_deref();
    static const char msg[] = "runtime: goroutine stack exceeds 1000000000-byte limit\n"
                              "fatal error: stack overflow\n\ngoroutine 1 [running]:\n";
    sw_flush_stdout();
    ssize_t w = write(2, msg, sizeof msg - 1);
    (void)w;
    _exit(2);
}

void sw_install_fault_handler(void)
{
    static char altstack[65536];
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}
