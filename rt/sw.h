// SPDX-License-Identifier: MIT
/*
 * sw.h — the C ABI of Sw values, and the runtime entry points that generated
 * code calls.  This is the only runtime header generated C includes; the
 * compiler (compiler/cg*.c) depends on every struct layout here, so a change
 * in this file is a change in both.
 *
 * Representation of Sw types in C:
 *   bool            bool              int, int64      int64_t
 *   int8..int32     int8_t..int32_t   uint, uint64    uint64_t
 *   uint8..uint32   uint8_t..         uintptr         uintptr_t
 *   float32         float             float64         double
 *   complex64       float _Complex    complex128      double _Complex
 *   string          SwString          []T             SwSlice
 *   map[K]V         SwMap *           chan T          SwChan *
 *   *T              T *               func(...)       SwFunc *
 *   interface       SwIface           [N]T            struct { T a[N]; }
 *   struct          a C struct with the same fields in order
 * Every Sw value's zero value is all-zero bytes.
 *
 * Memory is allocated from libgc (sw_alloc); nothing is freed by hand.
 */
#ifndef SW_H
#define SW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* ---- values ------------------------------------------------------------- */

typedef struct SwString {
    const uint8_t *ptr;     /* not NUL-terminated; may be NULL when len == 0 */
    int64_t len;
} SwString;

typedef struct SwSlice {
    void *ptr;
    int64_t len, cap;
} SwSlice;

typedef struct SwType SwType;

/* An interface value.  `data` holds the value itself when the dynamic type is
 * pointer-shaped (pointer, map, chan, func: see sw_type_direct), otherwise a
 * pointer to a heap copy that is never written again.  The nil interface has
 * type == NULL. */
typedef struct SwIface {
    const SwType *type;
    void *data;
} SwIface;

typedef struct SwMap SwMap;
typedef struct SwChan SwChan;

/* A function value: a pointer to a closure object whose first word is the
 * code.  The code takes the closure pointer as a hidden first argument:
 *     R code(SwFunc *self, params...)
 * Closure objects made by the compiler append their captured variables
 * (pointers to boxed variables) after `fn`. */
typedef struct SwFunc {
    void (*fn)(void);
} SwFunc;

#define SW_STR(lit) ((SwString){(const uint8_t *)(lit), (int64_t)sizeof(lit) - 1})

/* ---- type descriptors --------------------------------------------------- */

/* Kinds, numbered as Go's reflect.Kind. */
enum {
    SW_K_INVALID, SW_K_BOOL, SW_K_INT, SW_K_INT8, SW_K_INT16, SW_K_INT32,
    SW_K_INT64, SW_K_UINT, SW_K_UINT8, SW_K_UINT16, SW_K_UINT32, SW_K_UINT64,
    SW_K_UINTPTR, SW_K_FLOAT32, SW_K_FLOAT64, SW_K_COMPLEX64, SW_K_COMPLEX128,
    SW_K_ARRAY, SW_K_CHAN, SW_K_FUNC, SW_K_INTERFACE, SW_K_MAP, SW_K_POINTER,
    SW_K_SLICE, SW_K_STRING, SW_K_STRUCT, SW_K_UNSAFEPOINTER,
};

typedef struct SwField {
    const char *name;       /* Go field name; embedded fields: the type's name */
    const SwType *type;
    int64_t offset;         /* offsetof in the C struct */
    bool embedded;
    bool exported;
    const char *tag;        /* raw tag text without quotes, or NULL */
} SwField;

/* A method as called through an interface: `fn` takes the interface's data
 * word first, then the method's parameters, and returns its results (one
 * value, or the compiler's tuple struct for several).  `sig` is the method's
 * type without the receiver as Go spells it ("func(int) string"): a type
 * implements an interface only when names and signatures both match. */
typedef struct SwMethod {
    const char *name;
    void (*fn)(void);
    const char *sig;
} SwMethod;

/* Emitted by the compiler, one per type that reaches an interface, read by
 * the runtime (fmt, map hashing, equality, type assertions).  A named type's
 * descriptor has its underlying type's kind and shape plus its name. */
struct SwType {
    uint8_t kind;           /* SW_K_* of the underlying type */
    bool named;             /* a defined type (name is then "pkg.Name") */
    bool comparable;
    int64_t size;           /* sizeof the C representation */
    const char *name;       /* Go spelling: "int", "main.Point", "[]string" */
    const char *pkgpath;    /* defined types: the package path */
    const SwType *elem;     /* array, slice, pointer, chan, map value */
    const SwType *key;      /* map key */
    int64_t len;            /* array length */
    int32_t nfields;        /* struct */
    const SwField *fields;
    int32_t nmethods;       /* method set of this type (value receivers for
                               T; all methods for *T), sorted by name */
    const SwMethod *methods;
    int32_t chandir;        /* chan: 0 both, 1 send-only, 2 receive-only */
    const SwType *const *params;  /* func (for %T): parameter types */
    int32_t nparams;
    const SwType *const *results;
    int32_t nresults;
    bool variadic;
    /* named non-pointer types with a pointer-receiver MarshalJSON,
     * UnmarshalJSON, MarshalText or UnmarshalText: the descriptor of *T
     * (encoding/json looks those methods up through it); else NULL */
    const SwType *ptrto;
};

static inline bool sw_type_direct(const SwType *t)
{
    return t->kind == SW_K_POINTER || t->kind == SW_K_MAP || t->kind == SW_K_CHAN ||
           t->kind == SW_K_FUNC || t->kind == SW_K_UNSAFEPOINTER;
}

/* Predeclared descriptors, defined by the runtime. */
extern const SwType sw_type_bool, sw_type_int, sw_type_int8, sw_type_int16,
    sw_type_int32, sw_type_int64, sw_type_uint, sw_type_uint8, sw_type_uint16,
    sw_type_uint32, sw_type_uint64, sw_type_uintptr, sw_type_float32,
    sw_type_float64, sw_type_complex64, sw_type_complex128, sw_type_string,
    sw_type_error /* the interface type itself, for %T of nothing */;
/* interface {}, []interface {} and map[string]interface {}: the compiler uses
 * these for those three types, so values encoding/json builds for an `any`
 * target pass type assertions (rt/sw_json_types.c). */
extern const SwType sw_type_any, sw_type_slice_any, sw_type_map_string_any;

/* ---- program start and exit -------------------------------------------- */

/* Called first by the generated main(): GC, arguments, stdio buffers. */
void sw_rt_init(int argc, char **argv);
/* Runs main_fn (package initialisation, then main.main) as coroutine 0,
 * then the event loop until nothing is pending; exits 0 (rt/co/co.h). */
_Noreturn void sw_co_run_main(void (*main_fn)(void));
/* Stack overflow check at the top of every generated function (rt/co/co.h
 * explains the limit): "fatal error: stack overflow" naming the coroutine. */
extern char *sw_co_stack_limit;
_Noreturn void sw_co_stack_overflow(void);
#define SW_CO_STACK_CHECK()                                                   \
    do {                                                                      \
        if (__builtin_expect((char *)__builtin_frame_address(0) < sw_co_stack_limit, 0)) \
            sw_co_stack_overflow();                                           \
    } while (0)

/* Before `go f()` of a func() value: when f is nil, Go's unrecoverable
 * "fatal error: go of nil func value" and the spawner's traceback, exit 2
 * (rt/sw_panic.c).  Always called (not behind an inline test) so that the
 * traceback has the line of the go statement. */
void sw_go_check_func(const SwFunc *f);

/* Flushes buffered output and exits the process. */
_Noreturn void sw_exit(int code);

/* ---- memory ------------------------------------------------------------- */

void *sw_alloc(size_t n);          /* zeroed, may hold pointers */
void *sw_alloc_noscan(size_t n);   /* zeroed, never scanned (bytes, numbers) */
/* A static buffer that never holds pointers to GC memory: the collector
 * skips it (otherwise it reads every word of .data/.bss at each
 * collection).  SW_GC_NOSCAN(buf) at file scope, after buf's definition. */
void sw_gc_noscan(void *p, size_t n);
#define SW_GC_NOSCAN(buf) \
    __attribute__((constructor)) static void sw_gc_noscan_##buf(void) { sw_gc_noscan(buf, sizeof buf); }

/* Boxes a value for an interface: copies t->size bytes from `val` unless t
 * is pointer-shaped, in which case the pointer stored at `val` is the data. */
SwIface sw_box(const SwType *t, const void *val);

/* ---- panics ---------------------------------------------------------------
 * Each starts a Go panic (see "defer, panic and recover" below) carrying a
 * runtime.Error value whose Error() is Go's message ("runtime error: ...").
 * Unrecovered, it prints "panic: " + the message, then
 * "\n\ngoroutine N [running]:\n...", flushes stdout and exits with status 2.
 */
_Noreturn void sw_panic_index(int64_t i, int64_t len);
/* Slice bounds, with Go's codes and texts (runtime/error.go boundsError):
 *   SW_BOUNDS_SLICE_ALEN  s[?:x] x > len      "slice bounds out of range [:%x] with length %y"
 *   SW_BOUNDS_SLICE_ACAP  s[?:x] x > cap      "slice bounds out of range [:%x] with capacity %y"
 *   SW_BOUNDS_SLICE_B     s[x:y] x > y        "slice bounds out of range [%x:%y]"
 *   SW_BOUNDS_SLICE3_ALEN s[?:?:x] x > len    "slice bounds out of range [::%x] with length %y"
 *   SW_BOUNDS_SLICE3_ACAP s[?:?:x] x > cap    "slice bounds out of range [::%x] with capacity %y"
 *   SW_BOUNDS_SLICE3_B    s[?:x:y] x > y      "slice bounds out of range [:%x:%y]"
 *   SW_BOUNDS_SLICE3_C    s[x:y:?] x > y      "slice bounds out of range [%x:%y:]"
 * A negative x prints as in Go ("[%x:]" forms with the signed value). */
enum {
    SW_BOUNDS_SLICE_ALEN = 1, SW_BOUNDS_SLICE_ACAP, SW_BOUNDS_SLICE_B,
    SW_BOUNDS_SLICE3_ALEN, SW_BOUNDS_SLICE3_ACAP, SW_BOUNDS_SLICE3_B,
    SW_BOUNDS_SLICE3_C,
};
_Noreturn void sw_panic_slice(int code, int64_t x, int64_t y);
/* (*[N]T)(s) with len(s) < N: "cannot convert slice with length %x to
 * pointer to array with length %y" (Go 1.19's boundsConvert) */
enum { SW_BOUNDS_CONVERT = 8 };
_Noreturn void sw_panic_divide(void);            /* integer divide by zero */
_Noreturn void sw_panic_nil(void);               /* invalid memory address or nil pointer dereference */
_Noreturn void sw_panic_nilmap(void);            /* assignment to entry in nil map */
_Noreturn void sw_panic_shift(void);             /* negative shift amount */
_Noreturn void sw_panic_makeslice_len(void);     /* makeslice: len out of range */
_Noreturn void sw_panic_makeslice_cap(void);     /* makeslice: cap out of range */
/* interface conversion: interface {} is string, not int
 * (iface: the static interface type's name; have: dynamic type or NULL for
 * nil; want: the asserted type) */
_Noreturn void sw_panic_assert(const char *iface, const SwType *have, const SwType *want);
/* panic(v).  Unrecovered, v prints as Go does (error: Error(), Stringer:
 * String(), basic values as print does, others as "(T) addr"). */
_Noreturn void sw_panic(SwIface v);
/* A runtime.plainError panic with msg (Go's channel panics). */
_Noreturn void sw_panic_plain(const char *msg);

/* ---- defer, panic and recover (rt/sw_defer.c) -----------------------------
 * A function that contains `defer` owns one SwDeferFrame on its C stack and
 * links it into the current coroutine's SwPanicState on entry:
 *
 *     SwDeferFrame _df;
 *     sw_defer_enter(&_df);
 *     if (__builtin_setjmp(_df.jb)) goto _dret;   // a panic was recovered
 *                     (only when a deferred call of the function may recover:
 *                      no other frame is ever resumed)
 *     ... body; `return` stores the results and jumps to _dret ...
 *   _dret:
 *     sw_defer_exit(&_df);                         // runs the defers, LIFO
 *     return results;
 *
 * Each executed defer statement pushes an SwDefer record (on the frame's
 * stack when the statement runs at most once per call, else on the heap):
 * the generated record struct starts with SwDefer and stores the function
 * value and the arguments evaluated at the defer statement; `fn` calls it.
 *
 * sw_panic(v) runs the deferred calls of the frames from the top down on
 * the panicking stack (as Go does).  When one of them recovers, the runtime
 * __builtin_longjmp's into the frame that deferred it, which runs its
 * remaining defers and returns its results normally.  Functions without
 * defer statements take no part and cost nothing.
 *
 * recover() works only when called directly by a deferred function that
 * the panic machinery invoked: before invoking a record the runtime "arms"
 * its target (the C function the Go function compiles to); a function that
 * calls recover claims the arming at entry (sw_recover_claim with its own
 * address), and wrappers that stand between a function value and the
 * function (method values...) pass it on with sw_recover_forward.
 *
 * Everything is per coroutine: the state is reached through
 * sw_panic_state().  The coroutine runtime keeps one zeroed SwPanicState
 * per coroutine and points sw_panic_cur at the state of the coroutine it
 * switches to (coroutine 0 keeps the state sw_panic_cur points to at start).
 */
typedef struct SwDefer SwDefer;
struct SwDefer {
    SwDefer *next;                  /* the record pushed before this one */
    void (*fn)(SwDefer *self);      /* calls the deferred function */
    const void *target;             /* code of the deferred Go function (for
                                       recover); NULL for builtins */
};

typedef struct SwDeferFrame SwDeferFrame;
struct SwDeferFrame {
    SwDeferFrame *prev;             /* the frame of an older call */
    SwDefer *head;                  /* pending records, newest first */
    void *jb[5];                    /* __builtin_setjmp buffer */
};

typedef struct SwPanic SwPanic;
struct SwPanic {
    SwPanic *link;                  /* the older panic still in progress */
    SwIface value;
    SwDeferFrame *frame;            /* frame whose defers it is running */
    bool recovered;                 /* recover() returned it */
    bool aborted;                   /* a newer panic ran past its frame */
    bool sig;                       /* a nil dereference (Go prints the
                                       [signal ...] line for those) */
};

typedef struct SwPanicState {
    SwDeferFrame *frames;           /* innermost frame with defers */
    SwPanic *panic;                 /* innermost panic in progress */
    const void *armed;              /* function allowed to claim `panic` */
} SwPanicState;

/* The running coroutine's state (a static one for the main coroutine). */
extern SwPanicState *sw_panic_cur;
static inline SwPanicState *sw_panic_state(void) { return sw_panic_cur; }

static inline void sw_defer_enter(SwDeferFrame *f)
{
    SwPanicState *ps = sw_panic_state();
    f->prev = ps->frames;
    f->head = NULL;
    ps->frames = f;
}

static inline void sw_defer_push(SwDeferFrame *f, SwDefer *d)
{
    d->next = f->head;
    f->head = d;
}

/* Normal exit (also after a recovery): runs the pending records, LIFO. */
static inline void sw_defer_exit(SwDeferFrame *f)
{
    SwDefer *d;
    while ((d = f->head) != NULL) {
        f->head = d->next;
        d->fn(d);
    }
    sw_panic_state()->frames = f->prev;
}

/* At the entry of a function that calls recover(): the panic it may
 * recover (it was invoked directly by the panic machinery), else NULL. */
static inline SwPanic *sw_recover_claim(const void *self)
{
    SwPanicState *ps = sw_panic_state();
    if (__builtin_expect(ps->armed != self, 1)) return NULL;
    ps->armed = NULL;
    return ps->panic;
}

/* In a wrapper `from` that calls `to` (which calls recover). */
static inline void sw_recover_forward(const void *from, const void *to)
{
    SwPanicState *ps = sw_panic_state();
    if (__builtin_expect(ps->armed == from, 0)) ps->armed = to;
}

/* recover(): p is what sw_recover_claim returned.  Returns the panic value
 * and stops the panic when p is the panic in progress and not yet
 * recovered; else the nil interface. */
SwIface sw_recover(SwPanic *p);

/* Runtime-internal (rt/sw_panic.c): prints the chain of panics ending at p
 * as Go does ("panic: A [recovered]\n\tpanic: B") and exits with status 2. */
_Noreturn void sw_panic_fatal(const SwPanic *p);
/* Runtime-internal (rt/sw_defer.c): sw_panic, with `sig` set for nil
 * dereferences. */
_Noreturn void sw_panic_start(SwIface v, bool sig);
/* Runtime-internal (rt/sw_defer.c): calls fn(arg) as if from a Go function
 * with `defer func() { v = recover() }()`.  Returns false when fn returned
 * normally; true when it panicked, with the recovered value in *panicval
 * (the nil interface for panic(nil), as recover() returns in Go 1.19).
 * The deferred calls of the frames fn left run before it returns.  Per
 * coroutine, like every frame (fn may switch coroutines). */
bool sw_try(void (*fn)(void *), void *arg, SwIface *panicval);

/* ---- checked arithmetic (Go semantics, no C undefined behaviour) -------- */

#define SW_DEFINE_DIV(name, T, MIN)                                           \
    static inline T sw_div_##name(T a, T b)                                   \
    {                                                                         \
        if (b == 0) sw_panic_divide();                                        \
        if (MIN != 0 && b == (T)-1) return (T)(0 - (uint64_t)a);              \
        return a / b;                                                         \
    }                                                                         \
    static inline T sw_rem_##name(T a, T b)                                   \
    {                                                                         \
        if (b == 0) sw_panic_divide();                                        \
        if (MIN != 0 && b == (T)-1) return 0;                                 \
        return a % b;                                                         \
    }
SW_DEFINE_DIV(i8, int8_t, INT8_MIN)
SW_DEFINE_DIV(i16, int16_t, INT16_MIN)
SW_DEFINE_DIV(i32, int32_t, INT32_MIN)
SW_DEFINE_DIV(i64, int64_t, INT64_MIN)
SW_DEFINE_DIV(u8, uint8_t, 0)
SW_DEFINE_DIV(u16, uint16_t, 0)
SW_DEFINE_DIV(u32, uint32_t, 0)
SW_DEFINE_DIV(u64, uint64_t, 0)
#undef SW_DEFINE_DIV

/* Shifts: count is the unsigned value of the shift operand (the generator
 * calls sw_panic_shift for a negative signed count first).  Go gives 0 (or
 * -1 for a negative signed value shifted right) when count >= width. */
#define SW_DEFINE_SHIFT(name, T, BITS, SIGNED)                                \
    static inline T sw_shl_##name(T a, uint64_t n)                            \
    {                                                                         \
        return n >= BITS ? (T)0 : (T)((uint64_t)a << n);                      \
    }                                                                         \
    static inline T sw_shr_##name(T a, uint64_t n)                            \
    {                                                                         \
        if (n >= BITS) return (SIGNED && (a >> (BITS - 1)) != 0) ? (T)-1 : (T)0; \
        return (T)(a >> n);                                                   \
    }
SW_DEFINE_SHIFT(i8, int8_t, 8, 1)
SW_DEFINE_SHIFT(i16, int16_t, 16, 1)
SW_DEFINE_SHIFT(i32, int32_t, 32, 1)
SW_DEFINE_SHIFT(i64, int64_t, 64, 1)
SW_DEFINE_SHIFT(u8, uint8_t, 8, 0)
SW_DEFINE_SHIFT(u16, uint16_t, 16, 0)
SW_DEFINE_SHIFT(u32, uint32_t, 32, 0)
SW_DEFINE_SHIFT(u64, uint64_t, 64, 0)
#undef SW_DEFINE_SHIFT

/* float -> integer conversions: C leaves out-of-range values undefined; these
 * give what Go on amd64 gives (0x8000000000000000 for int64, NaN included). */
int64_t sw_f2i64(double f);
uint64_t sw_f2u64(double f);
/* Go on amd64 converts to int8, int16, int32, uint8 and uint16 through a
 * 32-bit conversion (0x80000000 when out of range) then truncates, and to
 * uint32 by truncating sw_f2i64:
 *   int32 = sw_f2i32(f)   int8/int16/uint8/uint16 = (T)sw_f2i32(f)
 *   uint32 = (uint32_t)sw_f2i64(f)   int64 = sw_f2i64   uint64 = sw_f2u64 */
int32_t sw_f2i32(double f);

/* ---- strings ------------------------------------------------------------ */

static inline bool sw_str_eq(SwString a, SwString b)
{
    return a.len == b.len && (a.len == 0 || a.ptr == b.ptr || memcmp(a.ptr, b.ptr, (size_t)a.len) == 0);
}
int sw_str_cmp(SwString a, SwString b);              /* <0, 0, >0 bytewise */
SwString sw_str_concat(SwString a, SwString b);
SwString sw_str_concatn(const SwString *parts, int n);
/* s[lo:hi], checked (hi < 0 means len(s)) */
SwString sw_str_slice(SwString s, int64_t lo, int64_t hi);
SwString sw_str_from_bytes(SwSlice b);               /* string([]byte) */
SwSlice sw_bytes_from_str(SwString s);               /* []byte(string) */
SwString sw_str_from_rune(int64_t r);                /* string(rune); invalid -> U+FFFD */
SwSlice sw_runes_from_str(SwString s);               /* []rune(string) */
SwString sw_str_from_runes(SwSlice r);               /* string([]rune) */
/* Decodes the UTF-8 sequence at s[i] (for range over a string): stores the
 * rune (U+FFFD for an invalid byte) and returns its width (1 when invalid). */
int64_t sw_str_decode_rune(SwString s, int64_t i, int32_t *r);
/* A C string for the runtime's own use (NUL-terminated copy). */
char *sw_str_cstr(SwString s);

/* ---- slices ------------------------------------------------------------- */

/* make([]T, len, cap): panics with Go's makeslice messages. */
SwSlice sw_slice_make(int64_t elemsize, int64_t len, int64_t cap);
/* Grows s so that it can hold `newlen` elements, following Go 1.19's growth
 * policy and size classes (so cap() matches Go), copying the old elements;
 * returns the slice with len == newlen. */
SwSlice sw_slice_grow(SwSlice s, int64_t newlen, int64_t elemsize);
/* append(s, elems[0..n)...) */
SwSlice sw_slice_append(SwSlice s, const void *elems, int64_t n, int64_t elemsize);
/* The same three for element types without pointers (the compiler knows):
 * the memory is not scanned by the collector. */
SwSlice sw_slice_make_noscan(int64_t elemsize, int64_t len, int64_t cap);
SwSlice sw_slice_grow_noscan(SwSlice s, int64_t newlen, int64_t elemsize);
SwSlice sw_slice_append_noscan(SwSlice s, const void *elems, int64_t n, int64_t elemsize);
/* copy(dst, src): min of the lengths, memmove semantics */
int64_t sw_slice_copy(SwSlice dst, SwSlice src, int64_t elemsize);

/* ---- maps ----------------------------------------------------------------
 * Keys are hashed and compared through their type descriptor.  Iteration
 * order is unspecified (as in Go); an entry deleted during iteration is not
 * produced later in that iteration.
 */
SwMap *sw_map_make(const SwType *key, const SwType *elem, int64_t hint);
void *sw_map_get(SwMap *m, const void *key);     /* value slot or NULL; m may be nil */
void *sw_map_set(SwMap *m, const void *key);     /* slot, inserted zeroed; nil m panics */
void sw_map_delete(SwMap *m, const void *key);   /* m may be nil */
int64_t sw_map_len(SwMap *m);

typedef struct SwMapIter {
    SwMap *m;
    int64_t pos;            /* runtime-private cursor */
    void *key, *val;        /* the current entry after sw_map_iter_next */
    void *snap;             /* runtime-private: the entry table iterated */
} SwMapIter;
void sw_map_iter_init(SwMap *m, SwMapIter *it);
bool sw_map_iter_next(SwMapIter *it);

/* ---- interfaces ----------------------------------------------------------- */

/* == on interface values (panics on uncomparable dynamic types, as Go does) */
bool sw_iface_eq(SwIface a, SwIface b);
/* == on two values of one type through its descriptor */
bool sw_value_eq(const SwType *t, const void *a, const void *b);
/* The method `name` of dynamic type t, or NULL. */
void (*sw_iface_method(const SwType *t, const char *name))(void);
/* Whether t's method set has every method of iface (for assertions). */
bool sw_type_implements(const SwType *t, const SwType *iface);

/* ---- output --------------------------------------------------------------- */

/* Writes to fd 1 or 2 (stdout is buffered, flushed at exit, at panics and
 * before any write to fd 2); returns bytes written or -1. */
int64_t sw_write(int fd, const void *p, int64_t n);

/* the builtins print and println (to stderr, Go's formats) */
void sw_print_bool(bool v);
void sw_print_int(int64_t v);
void sw_print_uint(uint64_t v);
void sw_print_float(double v);
void sw_print_complex(double re, double im);
void sw_print_string(SwString s);
void sw_print_pointer(const void *p);
void sw_print_iface(SwIface v);
void sw_print_slice(SwSlice s);
void sw_print_space(void);
void sw_print_nl(void);

/* ---- go, channels and select (rt/co/; the full API is rt/co/co.h) --------
 * `go f(x)`: the generator evaluates f and x into a GC record and calls
 * sw_go(thunk, record); the new coroutine runs at once (Swoole's order) and
 * sw_go returns when it blocks or ends.  Channel values are SwChan *; a nil
 * channel blocks forever.  Elements move by memcpy of the element size. */
typedef void (*SwCoFn)(void *arg);
int64_t sw_go(SwCoFn fn, void *arg);
int64_t sw_co_id(void);
SwChan *sw_chan_make(int64_t elemsize, int64_t cap, bool noscan);
void sw_chan_send(SwChan *c, const void *elem);
bool sw_chan_recv(SwChan *c, void *elem);       /* ok: false when closed */
void sw_chan_close(SwChan *c);
int64_t sw_chan_len(const SwChan *c);
int64_t sw_chan_cap(const SwChan *c);

/* One select case, filled by generated code (on its stack). */
typedef struct SwSelCase {
    SwChan *c;        /* NULL: the case never fires */
    void *elem;       /* send: the value; receive: where to store (may be NULL) */
    bool send;
} SwSelCase;
/* select: the index of the case that ran, or -1 (default taken); *recv_ok
 * (may be NULL) gets the comma-ok of a receive case.  Among ready cases the
 * choice is uniformly random; n == 0 without default blocks forever. */
int sw_select(SwSelCase *cases, int n, bool has_default, bool *recv_ok);

#endif
