// SPDX-License-Identifier: MIT
/*
 * sw_panic.c — the values and texts of Go's panics: runtime errors as
 * runtime.Error values with Go's messages (runtime/error.go), the printing
 * of an unrecovered chain of panics (runtime/panic.go printpanics,
 * printpanicval), the goroutine trailer and exit status 2, and the SIGSEGV
 * handler.
 *
 * A runtime error is a recoverable panic (rt/sw_defer.c runs the deferred
 * calls) whose value has one of the runtime's dynamic types, so that
 * fmt.Println(recover()) prints its Error() text and %T prints Go's type
 * name: runtime.boundsError (index and slice bounds), runtime.errorString
 * (divide, nil dereference, shift, makeslice, ...), runtime.plainError
 * (assignment to entry in nil map) and *runtime.TypeAssertionError.
 *
 * A panic value is printed the way Go 1.19 prints it: an error by its
 * Error(), a Stringer by its String(), basic values as print() would,
 * defined basic types as `main.T(value)`, anything else as `(T) 0xaddr`.
 * A fault on the first pages (a nil dereference the generated code did not
 * check explicitly) becomes the nil-dereference panic: the handler makes
 * the faulting code "call" it, as Go's sigpanic does; any other fault is
 * Go's stack overflow report.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <ucontext.h>
#include <unistd.h>

#include "co/co.h"
#include "sw_internal.h"
#include "sw_trace.h"

/* ---- runtime error values ------------------------------------------------ */

/* Every runtime error value is a pointer to its message: the data word of an
 * interface holding one of these types (boxed strings or the pointer). */
static SwString rt_error_Error(void *d)
{
    return *(const SwString *)d;
}

static void rt_error_RuntimeError(void *d)
{
    (void)d;
}

static const SwMethod rt_error_methods[] = {
    {"Error", (void (*)(void))rt_error_Error, "func() string"},
    {"RuntimeError", (void (*)(void))rt_error_RuntimeError, "func()"},
};

#define RT_ERROR_TYPE(var, tname)                                                      \
    static const SwType var = {                                                        \
        .kind = SW_K_STRING, .named = true, .comparable = true,                        \
        .size = sizeof(SwString), .name = tname, .pkgpath = "runtime",                 \
        .nmethods = 2, .methods = rt_error_methods,                                    \
    }
RT_ERROR_TYPE(type_bounds_error, "runtime.boundsError");
RT_ERROR_TYPE(type_error_string, "runtime.errorString");
RT_ERROR_TYPE(type_plain_error, "runtime.plainError");
static const SwType type_assert_error_elem = {
    .kind = SW_K_STRUCT, .named = true, .comparable = true, .size = sizeof(SwString),
    .name = "runtime.TypeAssertionError", .pkgpath = "runtime",
};
static const SwType type_assert_error = {
    .kind = SW_K_POINTER, .comparable = true, .size = sizeof(void *),
    .name = "*runtime.TypeAssertionError", .elem = &type_assert_error_elem,
    .nmethods = 2, .methods = rt_error_methods,
};

static SwIface rt_error_value(const SwType *t, const char *msg)
{
    size_t n = strlen(msg);
    uint8_t *p = sw_alloc_noscan(n + 1);
    memcpy(p, msg, n);
    SwString *s = sw_alloc(sizeof *s);
    s->ptr = p;
    s->len = (int64_t)n;
    return (SwIface){t, s};
}

static _Noreturn void rt_panic(const SwType *t, const char *msg)
{
    sw_panic_start(rt_error_value(t, msg), false);
}

/* For the runtime's own checks: a message starting with "runtime error: "
 * is a runtime.Error; any other is panic(string). */
_Noreturn void sw_panic_msg(const char *msg)
{
    if (strncmp(msg, "runtime error: ", 15) == 0) rt_panic(&type_error_string, msg);
    size_t n = strlen(msg);
    uint8_t *p = sw_alloc_noscan(n + 1);
    memcpy(p, msg, n);
    SwString s = {p, (int64_t)n};
    sw_panic(sw_box(&sw_type_string, &s));
}

static _Noreturn void runtime_error(const SwType *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static _Noreturn void runtime_error(const SwType *t, const char *fmt, ...)
{
    char msg[512];
    int n = snprintf(msg, sizeof msg, "runtime error: ");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
    va_end(ap);
    rt_panic(t, msg);
}

#define bounds_error(...) runtime_error(&type_bounds_error, __VA_ARGS__)

_Noreturn void sw_panic_index(int64_t i, int64_t len)
{
    if (i < 0) bounds_error("index out of range [%lld]", (long long)i);
    bounds_error("index out of range [%lld] with length %lld", (long long)i, (long long)len);
}

_Noreturn void sw_panic_slice(int code, int64_t x, int64_t y)
{
    long long a = x, b = y;
    /* Go reports a negative operand without the length/capacity part. */
    switch (code) {
    case SW_BOUNDS_SLICE_ALEN:
        if (x < 0) bounds_error("slice bounds out of range [:%lld]", a);
        bounds_error("slice bounds out of range [:%lld] with length %lld", a, b);
    case SW_BOUNDS_SLICE_ACAP:
        if (x < 0) bounds_error("slice bounds out of range [:%lld]", a);
        bounds_error("slice bounds out of range [:%lld] with capacity %lld", a, b);
    case SW_BOUNDS_SLICE_B:
        if (x < 0) bounds_error("slice bounds out of range [%lld:]", a);
        bounds_error("slice bounds out of range [%lld:%lld]", a, b);
    case SW_BOUNDS_SLICE3_ALEN:
        if (x < 0) bounds_error("slice bounds out of range [::%lld]", a);
        bounds_error("slice bounds out of range [::%lld] with length %lld", a, b);
    case SW_BOUNDS_SLICE3_ACAP:
        if (x < 0) bounds_error("slice bounds out of range [::%lld]", a);
        bounds_error("slice bounds out of range [::%lld] with capacity %lld", a, b);
    case SW_BOUNDS_SLICE3_B:
        if (x < 0) bounds_error("slice bounds out of range [:%lld:]", a);
        bounds_error("slice bounds out of range [:%lld:%lld]", a, b);
    case SW_BOUNDS_SLICE3_C:
        if (x < 0) bounds_error("slice bounds out of range [%lld::]", a);
        bounds_error("slice bounds out of range [%lld:%lld:]", a, b);
    case SW_BOUNDS_CONVERT:
        bounds_error("cannot convert slice with length %lld to pointer to array with length %lld", a, b);
    default:
        bounds_error("slice bounds out of range");
    }
}

_Noreturn void sw_panic_divide(void)
{
    runtime_error(&type_error_string, "integer divide by zero");
}

_Noreturn void sw_panic_nil(void)
{
    sw_panic_start(rt_error_value(&type_error_string,
                                  "runtime error: invalid memory address or nil pointer dereference"),
                   true);
}

_Noreturn void sw_panic_nilmap(void)
{
    rt_panic(&type_plain_error, "assignment to entry in nil map");
}

/* A runtime.plainError panic (channel misuse: "send on closed channel",
 * "close of nil channel", ...): a runtime.Error whose text has no
 * "runtime error: " prefix. */
_Noreturn void sw_panic_plain(const char *msg)
{
    rt_panic(&type_plain_error, msg);
}

_Noreturn void sw_panic_shift(void)
{
    runtime_error(&type_error_string, "negative shift amount");
}

_Noreturn void sw_panic_makeslice_len(void)
{
    runtime_error(&type_error_string, "makeslice: len out of range");
}

_Noreturn void sw_panic_makeslice_cap(void)
{
    runtime_error(&type_error_string, "makeslice: cap out of range");
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
            if (!sw_has_method(have, &want->methods[i])) {
                missing = want->methods[i].name;
                break;
            }
        snprintf(msg, sizeof msg, "interface conversion: %s is not %s: missing method %s",
                 have->name, want->name, missing);
    } else {
        /* Go's TypeAssertionError: same spelling, different types */
        const char *why = "";
        if (strcmp(have->name, want->name) == 0) {
            const char *hp = have->pkgpath ? have->pkgpath : "", *wp = want->pkgpath ? want->pkgpath : "";
            why = strcmp(hp, wp) != 0 ? " (types from different packages)" : " (types from different scopes)";
        }
        snprintf(msg, sizeof msg, "interface conversion: %s is %s, not %s%s", iface, have->name,
                 want->name, why);
    }
    rt_panic(&type_assert_error, msg);
}

/* ---- unrecovered panics ------------------------------------------------------ */

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

/* printpanics: the oldest panic first, each newer one on a line of its own
 * after a tab. */
static void print_chain(SwBuf *b, const SwPanic *p)
{
    if (p->link) {
        print_chain(b, p->link);
        sw_buf_byte(b, '\t');
    }
    sw_buf_cstr(b, "panic: ");
    panic_value(b, p->value);
    if (p->recovered) sw_buf_cstr(b, " [recovered]");
    sw_buf_byte(b, '\n');
}

_Noreturn void sw_panic_fatal(const SwPanic *p)
{
    SwBuf b = {0};
    print_chain(&b, p);
    for (const SwPanic *q = p; q; q = q->link)
        if (q->sig) {
            sw_buf_cstr(&b, "[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x0]\n");
            break;
        }
    sw_flush_stdout();
    sw_write(2, b.p, b.len);
    sw_trace_print(2);   /* "goroutine N [running]:" and the Sw frames */
    _exit(2);
}

void sw_go_check_func(const SwFunc *f)
{
    if (f) return;
    static const char msg[] = "fatal error: go of nil func value\n";
    sw_flush_stdout();
    sw_write(2, msg, sizeof msg - 1);
    sw_trace_print(2);
    _exit(2);
}

/* ---- hardware faults --------------------------------------------------- */

/* Entered instead of the faulting instruction (see on_segv). */
static void sigpanic(void)
{
    sw_panic_nil();
}

/* Makes the interrupted code call sigpanic when the handler returns: below
 * the red zone, on a 16-byte aligned stack, with the faulting pc as the
 * return address.  False where the architecture is not known. */
static bool inject_sigpanic(void *ucv)
{
    ucontext_t *uc = ucv;
#if defined(__x86_64__)
    greg_t *g = uc->uc_mcontext.gregs;
    uintptr_t sp = ((uintptr_t)g[REG_RSP] - 256) & ~(uintptr_t)15;
    sp -= 8;
    *(uintptr_t *)sp = (uintptr_t)g[REG_RIP];
    g[REG_RSP] = (greg_t)sp;
    g[REG_RIP] = (greg_t)(uintptr_t)sigpanic;
    return true;
#elif defined(__aarch64__)
    uintptr_t sp = ((uintptr_t)uc->uc_mcontext.sp - 256) & ~(uintptr_t)15;
    uc->uc_mcontext.regs[30] = uc->uc_mcontext.pc;
    uc->uc_mcontext.sp = sp;
    uc->uc_mcontext.pc = (uintptr_t)sigpanic;
    return true;
#else
    (void)uc;
    return false;
#endif
}

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    if ((uintptr_t)si->si_addr < 65536 && inject_sigpanic(uc)) return;
    static const char msg[] = "runtime: goroutine stack exceeds 1000000000-byte limit\n"
                              "fatal error: stack overflow\n\ngoroutine ";
    /* the coroutine's id (main is 0), formatted without libc */
    char id[40];
    size_t k = sizeof id;
    uint64_t v = (uint64_t)sw_co_id();
    id[--k] = ':';
    id[--k] = ']';
    memcpy(id + (k -= 9), " [running", 9);
    do {
        id[--k] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    sw_flush_stdout();
    ssize_t w = write(2, msg, sizeof msg - 1);
    w = write(2, id + k, sizeof id - k);
    w = write(2, "\n", 1);
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
