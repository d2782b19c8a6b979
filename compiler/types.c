// SPDX-License-Identifier: MIT
/*
 * types.c — Sw's types: the predeclared basic types, constructors that
 * intern composite types (so that Go's "identical types" is pointer
 * equality), predicates on underlying types, sizes in the C ABI of rt/sw.h
 * and Go's spelling of a type.
 *
 * Interning works because every component of a composite type is itself
 * already interned (or a named type, which is unique per declaration), so two
 * candidate types are identical exactly when their components are the same
 * pointers.  One open hash table holds all composite types.
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"

Type *ty_bool, *ty_int, *ty_int8, *ty_int16, *ty_int32, *ty_int64, *ty_uint,
    *ty_uint8, *ty_uint16, *ty_uint32, *ty_uint64, *ty_uintptr, *ty_float32,
    *ty_float64, *ty_complex64, *ty_complex128, *ty_string, *ty_untyped_bool,
    *ty_untyped_int, *ty_untyped_rune, *ty_untyped_float, *ty_untyped_string,
    *ty_untyped_nil, *ty_invalid, *ty_error, *ty_any;

static int next_type_id = 1;

static Type *type_new(TypeKind kind)
{
    Type *t = arena_alloc(sizeof *t);
    t->kind = kind;
    t->id = next_type_id++;
    t->underlying = t;
    return t;
}

/* ---- the intern table --------------------------------------------------- */

static Type **itab;
static size_t icap, ilen;

static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h;
}

static uint64_t hash_str(uint64_t h, const char *s)
{
    if (!s)
        return mix(h, 7);
    while (*s)
        h = mix(h, (unsigned char)*s++);
    return h;
}

static uint64_t type_hash(const Type *t)
{
    uint64_t h = mix(0, (uint64_t)t->kind);
    h = mix(h, (uint64_t)(uintptr_t)t->elem);
    h = mix(h, (uint64_t)(uintptr_t)t->key);
    h = mix(h, (uint64_t)t->len);
    h = mix(h, (uint64_t)t->dir);
    h = mix(h, (uint64_t)t->variadic);
    for (int i = 0; i < t->nfields; i++) {
        h = hash_str(h, t->fields[i].name);
        h = mix(h, (uint64_t)(uintptr_t)t->fields[i].type);
    }
    for (int i = 0; i < t->nparams; i++)
        h = mix(h, (uint64_t)(uintptr_t)t->params[i]);
    h = mix(h, 99);
    for (int i = 0; i < t->nresults; i++)
        h = mix(h, (uint64_t)(uintptr_t)t->results[i]);
    for (int i = 0; i < t->nmethods; i++) {
        h = hash_str(h, t->methods[i]->name);
        h = mix(h, (uint64_t)(uintptr_t)t->methods[i]->type);
    }
    return h;
}

static bool exported_name(const char *s)
{
    return s && *s >= 'A' && *s <= 'Z';
}

static bool same_str(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static bool type_equal_shape(const Type *a, const Type *b)
{
    if (a->kind != b->kind || a->elem != b->elem || a->key != b->key ||
        a->len != b->len || a->dir != b->dir || a->variadic != b->variadic ||
        a->nfields != b->nfields || a->nparams != b->nparams ||
        a->nresults != b->nresults || a->nmethods != b->nmethods)
        return false;
    for (int i = 0; i < a->nfields; i++) {
        const Field *x = &a->fields[i], *y = &b->fields[i];
        if (!same_str(x->name, y->name) || x->type != y->type ||
            x->embedded != y->embedded || !same_str(x->tag, y->tag))
            return false;
        if (x->name && !exported_name(x->name) && x->pkg != y->pkg)
            return false;
    }
    for (int i = 0; i < a->nparams; i++)
        if (a->params[i] != b->params[i])
            return false;
    for (int i = 0; i < a->nresults; i++)
        if (a->results[i] != b->results[i])
            return false;
    for (int i = 0; i < a->nmethods; i++) {
        const Obj *x = a->methods[i], *y = b->methods[i];
        if (strcmp(x->name, y->name) != 0 || x->type != y->type)
            return false;
        if (!exported_name(x->name) && x->pkg != y->pkg)
            return false;
    }
    return true;
}

/* Returns the interned copy of `proto` (a stack value), making one if new. */
static Type *intern(const Type *proto)
{
    if (ilen * 2 >= icap) {
        size_t ncap = icap ? icap * 2 : 1024;
        Type **nt = calloc(ncap, sizeof *nt);
        if (!nt)
            diag_internal("out of memory");
        for (size_t i = 0; i < icap; i++) {
            if (!itab[i])
                continue;
            size_t j = type_hash(itab[i]) & (ncap - 1);
            while (nt[j])
                j = (j + 1) & (ncap - 1);
            nt[j] = itab[i];
        }
        free(itab);
        itab = nt;
        icap = ncap;
    }
    size_t j = type_hash(proto) & (icap - 1);
    while (itab[j]) {
        if (type_equal_shape(itab[j], proto))
            return itab[j];
        j = (j + 1) & (icap - 1);
    }
    Type *t = type_new(proto->kind);
    int id = t->id;
    *t = *proto;
    t->id = id;
    t->underlying = t;
    if (proto->nfields) {
        t->fields = arena_alloc(sizeof(Field) * (size_t)proto->nfields);
        memcpy(t->fields, proto->fields, sizeof(Field) * (size_t)proto->nfields);
    }
    if (proto->nparams) {
        t->params = arena_alloc(sizeof(Type *) * (size_t)proto->nparams);
        memcpy(t->params, proto->params, sizeof(Type *) * (size_t)proto->nparams);
    }
    if (proto->nresults) {
        t->results = arena_alloc(sizeof(Type *) * (size_t)proto->nresults);
        memcpy(t->results, proto->results, sizeof(Type *) * (size_t)proto->nresults);
    }
    if (proto->nmethods) {
        t->methods = arena_alloc(sizeof(Obj *) * (size_t)proto->nmethods);
        memcpy(t->methods, proto->methods, sizeof(Obj *) * (size_t)proto->nmethods);
    }
    itab[j] = t;
    ilen++;
    return t;
}

/* ---- constructors --------------------------------------------------------- */

Type *type_pointer(Type *elem)
{
    Type p = {.kind = TY_POINTER, .elem = elem};
    return intern(&p);
}

Type *type_slice(Type *elem)
{
    Type p = {.kind = TY_SLICE, .elem = elem};
    return intern(&p);
}

Type *type_array(Type *elem, int64_t len)
{
    Type p = {.kind = TY_ARRAY, .elem = elem, .len = len};
    return intern(&p);
}

Type *type_map(Type *key, Type *elem)
{
    Type p = {.kind = TY_MAP, .key = key, .elem = elem};
    return intern(&p);
}

Type *type_chan(Type *elem, ChanDir dir)
{
    Type p = {.kind = TY_CHAN, .elem = elem, .dir = dir};
    return intern(&p);
}

Type *type_func(Type **params, int nparams, Type **results, int nresults, bool variadic)
{
    Type p = {.kind = TY_FUNC, .params = params, .nparams = nparams,
              .results = results, .nresults = nresults, .variadic = variadic};
    return intern(&p);
}

Type *type_struct(Field *fields, int nfields)
{
    Type p = {.kind = TY_STRUCT, .fields = fields, .nfields = nfields};
    return intern(&p);
}

static int cmp_method(const void *a, const void *b)
{
    const Obj *x = *(Obj *const *)a, *y = *(Obj *const *)b;
    return strcmp(x->name, y->name);
}

Type *type_interface(Obj **methods, int nmethods)
{
    Obj *tmp[nmethods > 0 ? nmethods : 1];
    if (nmethods)
        memcpy(tmp, methods, sizeof(Obj *) * (size_t)nmethods);
    qsort(tmp, (size_t)nmethods, sizeof(Obj *), cmp_method);
    Type p = {.kind = TY_INTERFACE, .methods = tmp, .nmethods = nmethods};
    return intern(&p);
}

Type *type_tuple(Type **elems, int n)
{
    Field f[n > 0 ? n : 1];
    memset(f, 0, sizeof f);
    for (int i = 0; i < n; i++)
        f[i].type = elems[i];
    Type p = {.kind = TY_TUPLE, .fields = f, .nfields = n};
    return intern(&p);
}

Type *type_named(Obj *obj)
{
    Type *t = type_new(TY_NAMED);
    t->obj = obj;
    t->underlying = NULL;   /* set by the checker once resolved */
    return t;
}

static Type *basic(TypeKind k)
{
    return type_new(k);
}

void types_init(void)
{
    if (ty_bool)
        return;
    ty_invalid = basic(TY_INVALID);
    ty_bool = basic(TY_BOOL);
    ty_int = basic(TY_INT);
    ty_int8 = basic(TY_INT8);
    ty_int16 = basic(TY_INT16);
    ty_int32 = basic(TY_INT32);
    ty_int64 = basic(TY_INT64);
    ty_uint = basic(TY_UINT);
    ty_uint8 = basic(TY_UINT8);
    ty_uint16 = basic(TY_UINT16);
    ty_uint32 = basic(TY_UINT32);
    ty_uint64 = basic(TY_UINT64);
    ty_uintptr = basic(TY_UINTPTR);
    ty_float32 = basic(TY_FLOAT32);
    ty_float64 = basic(TY_FLOAT64);
    ty_complex64 = basic(TY_COMPLEX64);
    ty_complex128 = basic(TY_COMPLEX128);
    ty_string = basic(TY_STRING);
    ty_untyped_bool = basic(TY_UNTYPED_BOOL);
    ty_untyped_int = basic(TY_UNTYPED_INT);
    ty_untyped_rune = basic(TY_UNTYPED_RUNE);
    ty_untyped_float = basic(TY_UNTYPED_FLOAT);
    ty_untyped_string = basic(TY_UNTYPED_STRING);
    ty_untyped_nil = basic(TY_UNTYPED_NIL);
    ty_any = type_interface(NULL, 0);

    /* type error interface { Error() string } */
    Obj *eobj = arena_alloc(sizeof *eobj);
    eobj->kind = OBJ_TYPE;
    eobj->name = "error";
    ty_error = type_named(eobj);
    eobj->type = ty_error;
    Obj *m = arena_alloc(sizeof *m);
    m->kind = OBJ_FUNC;
    m->name = "Error";
    Type *res[1] = {ty_string};
    m->type = type_func(NULL, 0, res, 1, false);
    m->recv = ty_error;
    ty_error->underlying = type_interface(&m, 1);
}

/* ---- predicates ------------------------------------------------------------ */

Type *type_underlying(Type *t)
{
    if (!t)
        return ty_invalid;
    if (t->kind == TY_NAMED)
        return t->underlying ? t->underlying : ty_invalid;
    return t;
}

bool type_is_untyped(Type *t)
{
    return t && t->kind >= TY_UNTYPED_BOOL && t->kind <= TY_UNTYPED_NIL;
}

bool type_is_integer(Type *t)
{
    TypeKind k = type_underlying(t)->kind;
    return (k >= TY_INT && k <= TY_UINTPTR) || k == TY_UNTYPED_INT || k == TY_UNTYPED_RUNE;
}

bool type_is_unsigned(Type *t)
{
    TypeKind k = type_underlying(t)->kind;
    return k >= TY_UINT && k <= TY_UINTPTR;
}

bool type_is_float(Type *t)
{
    TypeKind k = type_underlying(t)->kind;
    return k == TY_FLOAT32 || k == TY_FLOAT64 || k == TY_UNTYPED_FLOAT;
}

bool type_is_complex(Type *t)
{
    TypeKind k = type_underlying(t)->kind;
    return k == TY_COMPLEX64 || k == TY_COMPLEX128;
}

bool type_is_numeric(Type *t)
{
    return type_is_integer(t) || type_is_float(t) || type_is_complex(t);
}

bool type_is_string(Type *t)
{
    TypeKind k = type_underlying(t)->kind;
    return k == TY_STRING || k == TY_UNTYPED_STRING;
}

bool type_is_boolean(Type *t)
{
    TypeKind k = type_underlying(t)->kind;
    return k == TY_BOOL || k == TY_UNTYPED_BOOL;
}

bool type_is_interface(Type *t)
{
    return type_underlying(t)->kind == TY_INTERFACE;
}

/* depth: an invalid recursive struct (reported elsewhere) contains itself */
static bool comparable_at(Type *t, int depth)
{
    Type *u = type_underlying(t);
    if (depth > 64)
        return false;
    switch (u->kind) {
    case TY_SLICE: case TY_MAP: case TY_FUNC: case TY_INVALID: case TY_TUPLE:
        return false;
    case TY_ARRAY:
        return comparable_at(u->elem, depth + 1);
    case TY_STRUCT:
        for (int i = 0; i < u->nfields; i++)
            if (!comparable_at(u->fields[i].type, depth + 1))
                return false;
        return true;
    default:
        return true;
    }
}

bool type_is_comparable(Type *t)
{
    return comparable_at(t, 0);
}

/* ---- sizes (C ABI of rt/sw.h) -------------------------------------------- */

static int64_t type_align(Type *t)
{
    Type *u = type_underlying(t);
    switch (u->kind) {
    case TY_BOOL: case TY_INT8: case TY_UINT8: return 1;
    case TY_INT16: case TY_UINT16: return 2;
    case TY_INT32: case TY_UINT32: case TY_FLOAT32: return 4;
    case TY_COMPLEX64: return 4;
    case TY_ARRAY: return type_align(u->elem);
    case TY_STRUCT: {
        int64_t a = 1;
        for (int i = 0; i < u->nfields; i++) {
            int64_t fa = type_align(u->fields[i].type);
            if (fa > a)
                a = fa;
        }
        return a;
    }
    default: return 8;
    }
}

int64_t type_size(Type *t)
{
    Type *u = type_underlying(t);
    switch (u->kind) {
    case TY_BOOL: case TY_INT8: case TY_UINT8: return 1;
    case TY_INT16: case TY_UINT16: return 2;
    case TY_INT32: case TY_UINT32: case TY_FLOAT32: return 4;
    case TY_INT: case TY_INT64: case TY_UINT: case TY_UINT64: case TY_UINTPTR:
    case TY_FLOAT64: case TY_COMPLEX64: case TY_POINTER: case TY_MAP:
    case TY_CHAN: case TY_FUNC: case TY_UNSAFEPTR:
        return 8;
    case TY_COMPLEX128: case TY_STRING: case TY_INTERFACE: return 16;
    case TY_SLICE: return 24;
    case TY_ARRAY: return u->len * type_size(u->elem);
    case TY_STRUCT: {
        int64_t off = 0;
        for (int i = 0; i < u->nfields; i++) {
            int64_t a = type_align(u->fields[i].type);
            off = (off + a - 1) / a * a;
            off += type_size(u->fields[i].type);
        }
        int64_t a = type_align(u);
        return (off + a - 1) / a * a;
    }
    default: return 8;
    }
}

/* ---- Go's spelling ---------------------------------------------------------- */

typedef struct Buf {
    char *p;
    size_t len, cap;
} Buf;

static void put(Buf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 64;
        while (nc < b->len + n + 1)
            nc *= 2;
        char *np = arena_alloc(nc);
        if (b->len)
            memcpy(np, b->p, b->len);
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->len, s, n + 1);
    b->len += n;
}

static const char *basic_name(TypeKind k)
{
    switch (k) {
    case TY_INVALID: return "invalid type";
    case TY_BOOL: return "bool";
    case TY_INT: return "int";
    case TY_INT8: return "int8";
    case TY_INT16: return "int16";
    case TY_INT32: return "int32";
    case TY_INT64: return "int64";
    case TY_UINT: return "uint";
    case TY_UINT8: return "uint8";
    case TY_UINT16: return "uint16";
    case TY_UINT32: return "uint32";
    case TY_UINT64: return "uint64";
    case TY_UINTPTR: return "uintptr";
    case TY_FLOAT32: return "float32";
    case TY_FLOAT64: return "float64";
    case TY_COMPLEX64: return "complex64";
    case TY_COMPLEX128: return "complex128";
    case TY_STRING: return "string";
    case TY_UNSAFEPTR: return "unsafe.Pointer";
    case TY_UNTYPED_BOOL: return "untyped bool";
    case TY_UNTYPED_INT: return "untyped int";
    case TY_UNTYPED_RUNE: return "untyped rune";
    case TY_UNTYPED_FLOAT: return "untyped float";
    case TY_UNTYPED_STRING: return "untyped string";
    case TY_UNTYPED_NIL: return "untyped nil";
    default: return NULL;
    }
}

/* Writes t.  `checker` selects the checker's spelling (types2: struct{X int},
 * interface{M()}, names of package `self` unqualified) instead of the
 * runtime's (reflect: struct { X int }, interface { M() }, all qualified). */
static void write_type(Buf *b, Type *t, bool checker, Package *self, int depth);

static void write_sig(Buf *b, Type *t, bool checker, Package *self, int depth)
{
    put(b, "(");
    for (int i = 0; i < t->nparams; i++) {
        if (i)
            put(b, ", ");
        if (t->variadic && i == t->nparams - 1 && t->params[i]->kind == TY_SLICE) {
            put(b, "...");
            write_type(b, t->params[i]->elem, checker, self, depth);
        } else {
            write_type(b, t->params[i], checker, self, depth);
        }
    }
    put(b, ")");
    if (t->nresults == 1) {
        put(b, " ");
        write_type(b, t->results[0], checker, self, depth);
    } else if (t->nresults > 1) {
        put(b, " (");
        for (int i = 0; i < t->nresults; i++) {
            if (i)
                put(b, ", ");
            write_type(b, t->results[i], checker, self, depth);
        }
        put(b, ")");
    }
}

static void write_type(Buf *b, Type *t, bool checker, Package *self, int depth)
{
    if (!t) {
        put(b, "invalid type");
        return;
    }
    if (depth > 50) {
        put(b, "...");
        return;
    }
    depth++;
    const char *bn = basic_name(t->kind);
    if (bn) {
        /* inside composite types []byte and []rune are far more common
         * spellings than []uint8 and []int32; Go's checker keeps the
         * spelling of the source, which we do not track that deep */
        if (checker && depth > 1 && t == ty_uint8)
            bn = "byte";
        if (checker && depth > 1 && t == ty_int32)
            bn = "rune";
        put(b, bn);
        return;
    }
    char num[32];
    switch (t->kind) {
    case TY_NAMED:
        if (t->obj && t->obj->pkg && !(checker && t->obj->pkg == self)) {
            put(b, t->obj->pkg->name ? t->obj->pkg->name : t->obj->pkg->path);
            put(b, ".");
        }
        put(b, t->obj ? t->obj->name : "?");
        return;
    case TY_POINTER:
        put(b, "*");
        write_type(b, t->elem, checker, self, depth);
        return;
    case TY_SLICE:
        put(b, "[]");
        write_type(b, t->elem, checker, self, depth);
        return;
    case TY_ARRAY:
        snprintf(num, sizeof num, "[%lld]", (long long)t->len);
        put(b, num);
        write_type(b, t->elem, checker, self, depth);
        return;
    case TY_MAP:
        put(b, "map[");
        write_type(b, t->key, checker, self, depth);
        put(b, "]");
        write_type(b, t->elem, checker, self, depth);
        return;
    case TY_CHAN:
    {
        put(b, t->dir == CHAN_RECV ? "<-chan " : t->dir == CHAN_SEND ? "chan<- " : "chan ");
        /* chan (<-chan T): without parentheses it would read as chan<- chan T */
        bool paren = t->dir == CHAN_BOTH && t->elem && t->elem->kind == TY_CHAN && t->elem->dir == CHAN_RECV;
        if (paren) put(b, "(");
        write_type(b, t->elem, checker, self, depth);
        if (paren) put(b, ")");
        return;
    }
    case TY_FUNC:
        put(b, "func");
        write_sig(b, t, checker, self, depth);
        return;
    case TY_TUPLE:
        put(b, "(");
        for (int i = 0; i < t->nfields; i++) {
            if (i)
                put(b, ", ");
            write_type(b, t->fields[i].type, checker, self, depth);
        }
        put(b, ")");
        return;
    case TY_STRUCT:
        put(b, checker ? "struct{" : "struct {");
        for (int i = 0; i < t->nfields; i++) {
            put(b, i ? "; " : checker ? "" : " ");
            if (!t->fields[i].embedded) {
                put(b, t->fields[i].name);
                put(b, " ");
            }
            write_type(b, t->fields[i].type, checker, self, depth);
            if (t->fields[i].tag) {
                put(b, " \"");
                for (const char *s = t->fields[i].tag; *s; s++) {
                    char c[3] = {*s, 0, 0};
                    if (*s == '"' || *s == '\\') {
                        c[0] = '\\';
                        c[1] = *s;
                    }
                    put(b, c);
                }
                put(b, "\"");
            }
        }
        put(b, t->nfields && !checker ? " }" : "}");
        return;
    case TY_INTERFACE:
        put(b, checker ? "interface{" : "interface {");
        for (int i = 0; i < t->nmethods; i++) {
            put(b, i ? "; " : checker ? "" : " ");
            put(b, t->methods[i]->name);
            write_sig(b, t->methods[i]->type, checker, self, depth);
        }
        put(b, t->nmethods && !checker ? " }" : "}");
        return;
    default:
        put(b, "?");
        return;
    }
}

const char *type_string(Type *t)
{
    Buf b = {0};
    write_type(&b, t, false, NULL, 0);
    return b.p ? b.p : "";
}

/* The checker's spelling for diagnostics, with names of `self` unqualified. */
const char *type_string_in(Type *t, Package *self);
const char *type_string_in(Type *t, Package *self)
{
    Buf b = {0};
    write_type(&b, t, true, self, 0);
    return b.p ? b.p : "";
}
