// SPDX-License-Identifier: MIT
/*
 * cg_type.c — types in the generated C: their C names (per the table at the
 * top of rt/sw.h), struct definitions for structs, array wrappers and result
 * tuples in an order C accepts, zero values, type descriptors (SwType) with
 * their field and method tables, the method-set computation that fills those
 * tables (promotion through embedded fields included), the interface-call
 * wrappers, and == helpers for structs and arrays.
 *
 * Everything is produced on demand: cg_ctype and cg_desc register what they
 * are asked for, cg_emit_pending and cg_emit_types write it out at the end.
 * Types are interned by the checker, so a Type pointer identifies a type and
 * each type gets exactly one C struct and one descriptor.
 */
#include "cg.h"

#include <stdlib.h>
#include <string.h>

static CgMap type_num;       /* Type* -> number used in C names */
static int ntype_num;

static Type **defs;         /* struct/array/tuple types to define */
static int ndefs, capdefs;
static CgMap def_state;      /* 1 registered, 2 emitting, 3 emitted */

static Type **descs;        /* descriptors to emit */
static int ndescs, capdescs, ndescs_done;
static CgMap desc_name;

static Type **eqs;          /* == helpers to emit */
static int neqs, capeqs, neqs_done;
static CgMap eq_name;


static int tnum(Type *t)
{
    intptr_t n = (intptr_t)cg_map_get(&type_num, t);
    if (!n) {
        n = ++ntype_num;
        cg_map_put(&type_num, t, (void *)n);
    }
    return (int)n;
}

static void push_type(Type ***v, int *n, int *cap, Type *t)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 32;
        *v = realloc(*v, sizeof(Type *) * (size_t)*cap);
        if (!*v) diag_internal("out of memory");
    }
    (*v)[(*n)++] = t;
}

/* ---- C names of types ------------------------------------------------------ */

static const char *c_keywords[] = {
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
    "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
    "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
    "volatile", "while", "asm", "typeof", "bool", "true", "false", "main", "errno", "stdin", "stdout",
    "stderr", "NULL", "offsetof", "unix", "linux", "i386", "EOF", "assert", NULL,
};

static bool is_c_keyword(const char *s)
{
    for (int i = 0; c_keywords[i]; i++)
        if (strcmp(c_keywords[i], s) == 0) return true;
    return s[0] == '_';
}

const char *cg_field_name(Type *st, int i)
{
    if (st->kind == TY_TUPLE) return cg_fmt("r%d", i);
    const char *n = st->fields[i].name;
    if (!n || !*n || strcmp(n, "_") == 0) return cg_fmt("_f%d", i);
    if (is_c_keyword(n)) return cg_fmt("%s_", n);
    return n;
}

static Type *defaulted(Type *t)
{
    switch (t->kind) {
    case TY_UNTYPED_BOOL: return ty_bool;
    case TY_UNTYPED_INT: return ty_int;
    case TY_UNTYPED_RUNE: return ty_int32;
    case TY_UNTYPED_FLOAT: return ty_float64;
    case TY_UNTYPED_STRING: return ty_string;
    default: return t;
    }
}

static const char *register_def(Type *t, const char *prefix)
{
    const char *name = cg_fmt("%s%d", prefix, tnum(t));
    if (!cg_map_get(&def_state, t)) {
        cg_map_put(&def_state, t, (void *)1);
        push_type(&defs, &ndefs, &capdefs, t);
        cg_printf(&cg_sec_fwd, "typedef struct %s %s;\n", name, name);
    }
    return name;
}

const char *cg_ctype(Type *t)
{
    if (!t) return "void";
    t = defaulted(t);
    switch (t->kind) {
    case TY_BOOL: return "bool";
    case TY_INT: case TY_INT64: return "int64_t";
    case TY_INT8: return "int8_t";
    case TY_INT16: return "int16_t";
    case TY_INT32: return "int32_t";
    case TY_UINT: case TY_UINT64: return "uint64_t";
    case TY_UINT8: return "uint8_t";
    case TY_UINT16: return "uint16_t";
    case TY_UINT32: return "uint32_t";
    case TY_UINTPTR: return "uintptr_t";
    case TY_FLOAT32: return "float";
    case TY_FLOAT64: return "double";
    case TY_COMPLEX64: return "float _Complex";
    case TY_COMPLEX128: return "double _Complex";
    case TY_STRING: return "SwString";
    case TY_UNSAFEPTR: case TY_UNTYPED_NIL: return "void *";
    case TY_ARRAY: return register_def(t, "_A");
    case TY_STRUCT: return register_def(t, "_S");
    case TY_TUPLE: return register_def(t, "_T");
    case TY_SLICE: return "SwSlice";
    case TY_POINTER: return cg_fmt("%s *", cg_ctype(t->elem));
    case TY_FUNC: return "SwFunc *";
    case TY_INTERFACE: return "SwIface";
    case TY_MAP: return "SwMap *";
    case TY_CHAN: return "SwChan *";
    case TY_NAMED: {
        /* type P *P: the recursion through the pointer ends in void * */
        static CgMap busy;
        if (cg_map_get(&busy, t)) return "void *";
        cg_map_put(&busy, t, (void *)1);
        const char *r = cg_ctype(t->underlying);
        cg_map_put(&busy, t, NULL);
        return r;
    }
    default: return "int64_t";
    }
}

bool cg_is_aggregate(Type *t)
{
    Type *u = type_underlying(defaulted(t));
    switch (u->kind) {
    case TY_STRING: case TY_ARRAY: case TY_STRUCT: case TY_TUPLE: case TY_SLICE: case TY_INTERFACE:
        return true;
    default:
        return false;
    }
}

const char *cg_zero(Type *t)
{
    if (!t) return "0";
    if (cg_is_aggregate(t)) return cg_fmt("((%s){})", cg_ctype(t));
    if (type_underlying(t)->kind == TY_BOOL) return "false";
    return cg_fmt("((%s)0)", cg_ctype(t));
}

bool cg_is_direct(Type *t)
{
    switch (type_underlying(t)->kind) {
    case TY_POINTER: case TY_MAP: case TY_CHAN: case TY_FUNC: case TY_UNSAFEPTR:
        return true;
    default:
        return false;
    }
}

/* The allocator for one value of type t: unscanned memory when it holds no pointers */
const char *cg_alloc_fn(Type *t)
{
    return cg_has_pointers(t) ? "sw_alloc" : "sw_alloc_noscan";
}

bool cg_has_pointers(Type *t)
{
    Type *u = type_underlying(defaulted(t));
    switch (u->kind) {
    case TY_BOOL: case TY_INT: case TY_INT8: case TY_INT16: case TY_INT32: case TY_INT64:
    case TY_UINT: case TY_UINT8: case TY_UINT16: case TY_UINT32: case TY_UINT64: case TY_UINTPTR:
    case TY_FLOAT32: case TY_FLOAT64: case TY_COMPLEX64: case TY_COMPLEX128:
        return false;
    case TY_ARRAY:
        return u->len > 0 && cg_has_pointers(u->elem);
    case TY_STRUCT: case TY_TUPLE:
        for (int i = 0; i < u->nfields; i++)
            if (cg_has_pointers(u->fields[i].type)) return true;
        return false;
    default:
        return true;
    }
}

Type *cg_result_tuple(Type *fn)
{
    if (!fn || fn->nresults < 2) return NULL;
    return type_tuple(fn->results, fn->nresults);
}

const char *cg_result_ctype(Type *fn)
{
    if (!fn || fn->nresults == 0) return "void";
    if (fn->nresults == 1) return cg_ctype(fn->results[0]);
    return cg_ctype(cg_result_tuple(fn));
}

char *cg_param_ctypes(Type *fn, const char *first)
{
    CgBuf b = {0};
    cg_puts(&b, "(");
    bool any = false;
    if (first) {
        cg_puts(&b, first);
        any = true;
    }
    for (int i = 0; i < fn->nparams; i++) {
        if (any) cg_puts(&b, ", ");
        cg_puts(&b, cg_ctype(fn->params[i]));
        any = true;
    }
    if (!any) cg_puts(&b, "void");
    cg_puts(&b, ")");
    char *r = arena_strdup(b.p);
    free(b.p);
    return r;
}

/* ---- struct definitions ---------------------------------------------------- */

static void define(CgBuf *out, Type *t);

static void define_component(CgBuf *out, Type *ft)
{
    Type *u = type_underlying(defaulted(ft));
    if (u->kind == TY_STRUCT || u->kind == TY_ARRAY || u->kind == TY_TUPLE) {
        cg_ctype(u);
        define(out, u);
    }
}

static void define(CgBuf *out, Type *t)
{
    intptr_t st = (intptr_t)cg_map_get(&def_state, t);
    if (st >= 2) return;
    cg_map_put(&def_state, t, (void *)2);
    const char *name = cg_ctype(t);
    if (t->kind == TY_ARRAY) {
        define_component(out, t->elem);
        cg_printf(out, "struct %s { %s a[%lld]; };\n", name, cg_ctype(t->elem), (long long)t->len);
    } else {
        for (int i = 0; i < t->nfields; i++) define_component(out, t->fields[i].type);
        cg_printf(out, "struct %s {", name);
        for (int i = 0; i < t->nfields; i++)
            cg_printf(out, " %s %s;", cg_ctype(t->fields[i].type), cg_field_name(t, i));
        cg_printf(out, " }; /* %s */\n", t->kind == TY_TUPLE ? "results" : type_string(t));
    }
    cg_map_put(&def_state, t, (void *)3);
}

void cg_emit_types(CgBuf *out)
{
    for (int i = 0; i < ndefs; i++) define(out, defs[i]);
}

/* ---- field paths ----------------------------------------------------------- */

char *cg_walk_path(const char *base, Type *t, int *path, int npath, Type **out_type)
{
    char *e = (char *)base;
    for (int i = 0; i < npath; i++) {
        Type *u = type_underlying(t);
        if (u->kind == TY_POINTER) {
            u = type_underlying(u->elem);
            e = cg_fmt("SWC_NIL(%s)->%s", e, cg_field_name(u, path[i]));
        } else {
            e = cg_fmt("(%s).%s", e, cg_field_name(u, path[i]));
        }
        t = u->fields[path[i]].type;
    }
    if (out_type) *out_type = t;
    return e;
}

/* ---- equality -------------------------------------------------------------- */

static const char *eq_helper(Type *t)
{
    const char *n = cg_map_get(&eq_name, t);
    if (n) return n;
    n = cg_fmt("_eq%d", tnum(t));
    cg_map_put(&eq_name, t, (void *)n);
    push_type(&eqs, &neqs, &capeqs, t);
    const char *ct = cg_ctype(t);
    cg_printf(&cg_sec_protos, "static bool %s(%s a, %s b);\n", n, ct, ct);
    return n;
}

char *cg_eq(Type *t, const char *a, const char *b)
{
    Type *u = type_underlying(defaulted(t));
    switch (u->kind) {
    case TY_STRING: return cg_fmt("sw_str_eq(%s, %s)", a, b);
    case TY_INTERFACE: return cg_fmt("sw_iface_eq(%s, %s)", a, b);
    case TY_STRUCT: case TY_ARRAY: return cg_fmt("%s(%s, %s)", eq_helper(u), a, b);
    default: return cg_fmt("(%s == %s)", a, b);
    }
}

static void emit_eq(Type *t)
{
    const char *n = eq_helper(t);
    const char *ct = cg_ctype(t);
    CgBuf *o = &cg_sec_funcs;
    cg_printf(o, "#line 1 \"<swc-generated>\"\nstatic bool %s(%s a, %s b)\n{\n", n, ct, ct);
    if (t->kind == TY_ARRAY) {
        cg_printf(o, "    for (int64_t i = 0; i < %lld; i++)\n        if (!%s) return false;\n",
                   (long long)t->len, cg_eq(t->elem, "a.a[i]", "b.a[i]"));
    } else {
        for (int i = 0; i < t->nfields; i++) {
            const char *fn = t->fields[i].name;
            if (fn && strcmp(fn, "_") == 0) continue;
            const char *f = cg_field_name(t, i);
            cg_printf(o, "    if (!%s) return false;\n",
                       cg_eq(t->fields[i].type, cg_fmt("a.%s", f), cg_fmt("b.%s", f)));
        }
    }
    cg_puts(o, "    return true;\n}\n\n");
}

/* ---- method sets ------------------------------------------------------------- */

typedef struct MEntry {
    const char *name;
    Obj *m;             /* method (NULL for a field) */
    Type *iface;        /* method of an embedded interface: that interface */
    int *path, npath;
    bool inset;         /* part of the method set */
    bool blocked;       /* ambiguous */
} MEntry;

typedef struct MSet {
    MEntry *v;
    int len, cap;
} MSet;

static MEntry *mset_find(MSet *s, const char *name)
{
    for (int i = 0; i < s->len; i++)
        if (strcmp(s->v[i].name, name) == 0) return &s->v[i];
    return NULL;
}

static void mset_add(MSet *s, MEntry e)
{
    if (s->len == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->v = realloc(s->v, sizeof(MEntry) * (size_t)s->cap);
        if (!s->v) diag_internal("out of memory");
    }
    s->v[s->len++] = e;
}

typedef struct Level {
    Type *t;
    int *path, npath;
    bool ptr;
} Level;

static int *path_plus(int *p, int n, int k)
{
    int *r = arena_alloc(sizeof(int) * (size_t)(n + 1));
    if (n) memcpy(r, p, sizeof(int) * (size_t)n);
    r[n] = k;
    return r;
}

static int mentry_cmp(const void *a, const void *b)
{
    return strcmp(((const MEntry *)a)->name, ((const MEntry *)b)->name);
}

/* The method set of t (a named type, a pointer to one, or a struct), as
 * entries sorted by name. */
static MSet method_set(Type *t)
{
    MSet found = {0};
    bool ptr = false;
    if (t->kind == TY_POINTER) {
        ptr = true;
        t = t->elem;
    }
    Level *level = malloc(sizeof(Level));
    int nlevel = 1;
    level[0] = (Level){t, NULL, 0, ptr};
    CgMap seen = {0};
    for (int depth = 0; nlevel > 0 && depth < 32; depth++) {
        MSet cand = {0};
        Level *next = NULL;
        int nnext = 0;
        for (int li = 0; li < nlevel; li++) {
            Level L = level[li];
            Type *T = L.t;
            if (T->kind == TY_NAMED) {
                if (cg_map_get(&seen, T)) continue;
                cg_map_put(&seen, T, (void *)1);
                for (int i = 0; i < T->nmethods; i++) {
                    Obj *m = T->methods[i];
                    bool inset = !(m->recv && m->recv->kind == TY_POINTER) || L.ptr;
                    MEntry *c = mset_find(&cand, m->name);
                    if (c) { c->blocked = true; continue; }
                    mset_add(&cand, (MEntry){m->name, m, NULL, L.path, L.npath, inset, false});
                }
            }
            Type *u = type_underlying(T);
            if (u->kind == TY_INTERFACE && depth > 0) {
                for (int i = 0; i < u->nmethods; i++) {
                    Obj *m = u->methods[i];
                    MEntry *c = mset_find(&cand, m->name);
                    if (c) { c->blocked = true; continue; }
                    mset_add(&cand, (MEntry){m->name, m, T, L.path, L.npath, true, false});
                }
            }
            if (u->kind == TY_STRUCT) {
                for (int i = 0; i < u->nfields; i++) {
                    Field *f = &u->fields[i];
                    if (!f->name) continue;
                    MEntry *c = mset_find(&cand, f->name);
                    if (c) c->blocked = true;
                    else mset_add(&cand, (MEntry){f->name, NULL, NULL, L.path, L.npath, false, false});
                    if (f->embedded) {
                        Type *ft = f->type;
                        bool p2 = L.ptr;
                        if (ft->kind == TY_POINTER) {
                            ft = ft->elem;
                            p2 = true;
                        }
                        next = realloc(next, sizeof(Level) * (size_t)(nnext + 1));
                        next[nnext++] = (Level){ft, path_plus(L.path, L.npath, i), L.npath + 1, p2};
                    }
                }
            }
        }
        for (int i = 0; i < cand.len; i++) {
            if (mset_find(&found, cand.v[i].name)) continue;
            mset_add(&found, cand.v[i]);
        }
        free(cand.v);
        free(level);
        level = next;
        nlevel = nnext;
    }
    free(level);
    free(seen.keys);
    free(seen.vals);
    MSet r = {0};
    for (int i = 0; i < found.len; i++)
        if (found.v[i].m && found.v[i].inset && !found.v[i].blocked) mset_add(&r, found.v[i]);
    free(found.v);
    if (r.len > 1) qsort(r.v, (size_t)r.len, sizeof(MEntry), mentry_cmp);
    return r;
}

/* ---- interface-call wrappers ------------------------------------------------- */

/* Go's panicwrap: the *T wrapper of a value method M of T called with a nil
 * *T panics with "value method pkg.T.M called using nil *T pointer" (a plain
 * runtime error), not with a nil dereference.  Returns the check of `var`
 * as a line of C, or NULL when t, m and the path are not that case. */
const char *cg_panicwrap(Type *t, Obj *m, int npath, const char *var)
{
    if (t->kind != TY_POINTER || npath != 0 || (m->recv && m->recv->kind == TY_POINTER) ||
        t->elem->kind != TY_NAMED || !t->elem->obj)
        return NULL;
    Obj *to = t->elem->obj;
    const char *pkg = to->pkg && to->pkg->path ? to->pkg->path : "main";
    char *msg = cg_fmt("value method %s.%s.%s called using nil *%s pointer", pkg, to->name, m->name, to->name);
    return cg_fmt("    if (!%s) sw_panic_plain(%s);\n", var, cg_c_string(msg, (int64_t)strlen(msg)));
}

const char *cg_method_wrapper(Type *t, Obj *m, int *path, int npath)
{
    /* key: type number, method object, path */
    char *key = cg_fmt("%d:%p", tnum(t), (void *)m);
    for (int i = 0; i < npath; i++) key = cg_fmt("%s.%d", key, path[i]);
    /* intern the key string through a linear lookup in a small table */
    static char **keys;
    static const char **names;
    static int nkeys, capkeys;
    for (int i = 0; i < nkeys; i++)
        if (strcmp(keys[i], key) == 0) return names[i];
    const char *name = cg_fmt("_mw%d", cg_newid());
    if (nkeys == capkeys) {
        capkeys = capkeys ? capkeys * 2 : 32;
        keys = realloc(keys, sizeof(char *) * (size_t)capkeys);
        names = realloc(names, sizeof(char *) * (size_t)capkeys);
        if (!keys || !names) diag_internal("out of memory");
    }
    keys[nkeys] = key;
    names[nkeys++] = name;

    Type *ft = m->type;
    const char *rt = cg_result_ctype(ft);
    CgBuf *o = &cg_sec_funcs;
    cg_printf(&cg_sec_protos, "static %s %s%s;\n", rt, name, cg_param_ctypes(ft, "void *"));
    cg_printf(o, "#line 1 \"<swc-generated>\"\nstatic %s %s(void *_d", rt, name);
    for (int i = 0; i < ft->nparams; i++) cg_printf(o, ", %s a%d", cg_ctype(ft->params[i]), i);
    cg_puts(o, ")\n{\n");
    /* the receiver as a value of type vt, reached from the data word */
    char *v;
    Type *vt;
    if (t->kind == TY_POINTER || !cg_is_direct(t)) {
        Type *base = t->kind == TY_POINTER ? t->elem : t;
        cg_printf(o, "    %s *_r = (%s *)_d;\n", cg_ctype(base), cg_ctype(base));
        /* a nil *T reaching a method of T (or of an embedded field)
         * dereferences nil, as Go 1.19's wrappers do */
        const char *pw = cg_panicwrap(t, m, npath, "_r");
        if (pw) {
            cg_puts(o, pw);
        } else if (t->kind == TY_POINTER && (npath > 0 || !(m->recv && m->recv->kind == TY_POINTER))) {
            cg_puts(o, "    if (!_r) sw_panic_nil();\n");
        }
        v = cg_walk_path("(*_r)", base, path, npath, &vt);
    } else {
        cg_printf(o, "    %s _r = (%s)_d;\n", cg_ctype(t), cg_ctype(t));
        v = cg_walk_path("_r", t, path, npath, &vt);
    }
    CgBuf args = {0};
    for (int i = 0; i < ft->nparams; i++) cg_printf(&args, ", a%d", i);
    const char *ret = ft->nresults ? "return " : "";
    if (type_underlying(vt)->kind == TY_INTERFACE) {
        cg_printf(o, "    SwIface _i = %s;\n    if (!_i.type) sw_panic_nil();\n", v);
        cg_printf(o, "    %s((%s (*)%s)SWC_IMETHOD(_i.type, \"%s\"))(_i.data%s);\n", ret, rt,
                   cg_param_ctypes(ft, "void *"), m->name, args.p ? args.p : "");
    } else {
        bool want_ptr = m->recv && m->recv->kind == TY_POINTER;
        bool have_ptr = type_underlying(vt)->kind == TY_POINTER;
        char *recv;
        if (want_ptr) recv = have_ptr ? v : cg_fmt("&%s", v);
        else recv = have_ptr ? cg_fmt("(*SWC_NIL(%s))", v) : v;
        cg_printf(o, "    %s%s(%s%s);\n", ret, cg_func_name(m), recv, args.p ? args.p : "");
    }
    cg_puts(o, "}\n\n");
    free(args.p);
    return name;
}

/* ---- descriptors ------------------------------------------------------------ */

static bool is_empty_iface(Type *t)
{
    return t->kind == TY_INTERFACE && t->nmethods == 0;
}

static const char *basic_desc(Type *t)
{
    if (t == ty_error) return "&sw_type_error";
    /* the runtime's own copies, so that encoding/json's any values assert */
    if (is_empty_iface(t)) return "&sw_type_any";
    if (t->kind == TY_SLICE && is_empty_iface(t->elem)) return "&sw_type_slice_any";
    if (t->kind == TY_MAP && t->key->kind == TY_STRING && is_empty_iface(t->elem))
        return "&sw_type_map_string_any";
    switch (t->kind) {
    case TY_BOOL: return "&sw_type_bool";
    case TY_INT: return "&sw_type_int";
    case TY_INT8: return "&sw_type_int8";
    case TY_INT16: return "&sw_type_int16";
    case TY_INT32: return "&sw_type_int32";
    case TY_INT64: return "&sw_type_int64";
    case TY_UINT: return "&sw_type_uint";
    case TY_UINT8: return "&sw_type_uint8";
    case TY_UINT16: return "&sw_type_uint16";
    case TY_UINT32: return "&sw_type_uint32";
    case TY_UINT64: return "&sw_type_uint64";
    case TY_UINTPTR: return "&sw_type_uintptr";
    case TY_FLOAT32: return "&sw_type_float32";
    case TY_FLOAT64: return "&sw_type_float64";
    case TY_COMPLEX64: return "&sw_type_complex64";
    case TY_COMPLEX128: return "&sw_type_complex128";
    case TY_STRING: return "&sw_type_string";
    default: return NULL;
    }
}

const char *cg_desc(Type *t)
{
    t = defaulted(t);
    const char *b = basic_desc(t);
    if (b) return b;
    const char *n = cg_map_get(&desc_name, t);
    if (n) return n;
    int k = tnum(t);
    n = cg_fmt("&_ty%d", k);
    cg_map_put(&desc_name, t, (void *)n);
    push_type(&descs, &ndescs, &capdescs, t);
    cg_printf(&cg_sec_protos, "static const SwType _ty%d;\n", k);
    return n;
}

static int sw_kind(Type *u)
{
    switch (u->kind) {
    case TY_BOOL: return 1;
    case TY_INT: return 2;
    case TY_INT8: return 3;
    case TY_INT16: return 4;
    case TY_INT32: return 5;
    case TY_INT64: return 6;
    case TY_UINT: return 7;
    case TY_UINT8: return 8;
    case TY_UINT16: return 9;
    case TY_UINT32: return 10;
    case TY_UINT64: return 11;
    case TY_UINTPTR: return 12;
    case TY_FLOAT32: return 13;
    case TY_FLOAT64: return 14;
    case TY_COMPLEX64: return 15;
    case TY_COMPLEX128: return 16;
    case TY_ARRAY: return 17;
    case TY_CHAN: return 18;
    case TY_FUNC: return 19;
    case TY_INTERFACE: return 20;
    case TY_MAP: return 21;
    case TY_POINTER: return 22;
    case TY_SLICE: return 23;
    case TY_STRING: return 24;
    case TY_STRUCT: return 25;
    case TY_UNSAFEPTR: return 26;
    default: return 0;
    }
}

static bool is_exported(const char *s)
{
    return s && ((s[0] >= 'A' && s[0] <= 'Z') || ((unsigned char)s[0] >= 0x80));
}

/* A named type with a pointer-receiver method encoding/json looks up gets a
 * .ptrto link to the descriptor of *T. */
static bool wants_ptrto(Type *t)
{
    static const char *names[] = {"MarshalJSON", "UnmarshalJSON", "MarshalText", "UnmarshalText", NULL};
    if (t->kind != TY_NAMED || type_underlying(t)->kind == TY_POINTER ||
        type_underlying(t)->kind == TY_INTERFACE)
        return false;
    for (int i = 0; i < t->nmethods; i++) {
        Obj *m = t->methods[i];
        if (!m->recv || m->recv->kind != TY_POINTER) continue;
        for (int j = 0; names[j]; j++)
            if (strcmp(m->name, names[j]) == 0) return true;
    }
    return false;
}

/* SwMethod.sig: the method's type without its receiver, as Go spells it */
static const char *method_sig(Obj *m)
{
    const char *s = type_string(m->type);
    return cg_c_string(s, (int64_t)strlen(s));
}

static void emit_desc(Type *t)
{
    int k = tnum(t);
    Type *u = type_underlying(t);
    CgBuf *o = &cg_sec_descs;
    const char *ct = cg_ctype(t);
    /* fields */
    if (u->kind == TY_STRUCT && u->nfields > 0) {
        cg_printf(o, "static const SwField _tyf%d[] = {\n", k);
        for (int i = 0; i < u->nfields; i++) {
            Field *f = &u->fields[i];
            const char *fname = f->name ? f->name : "_";
            cg_printf(o, "    {%s, %s, offsetof(%s, %s), %s, %s, %s},\n",
                       cg_c_string(fname, (int64_t)strlen(fname)), cg_desc(f->type), ct, cg_field_name(u, i),
                       f->embedded ? "true" : "false", is_exported(fname) ? "true" : "false",
                       f->tag ? cg_c_string(f->tag, (int64_t)strlen(f->tag)) : "NULL");
        }
        cg_puts(o, "};\n");
    }
    /* methods */
    int nm = 0;
    if (u->kind == TY_INTERFACE) {
        nm = u->nmethods;
        if (nm) {
            cg_printf(o, "static const SwMethod _tym%d[] = {\n", k);
            for (int i = 0; i < nm; i++)
                cg_printf(o, "    {\"%s\", NULL, %s},\n", u->methods[i]->name, method_sig(u->methods[i]));
            cg_puts(o, "};\n");
        }
    } else if (t->kind == TY_NAMED || u->kind == TY_STRUCT ||
               (t->kind == TY_POINTER && (t->elem->kind == TY_NAMED ||
                                          type_underlying(t->elem)->kind == TY_STRUCT))) {
        MSet ms = method_set(t);
        nm = ms.len;
        if (nm) {
            CgBuf tab = {0};
            for (int i = 0; i < ms.len; i++) {
                const char *w = cg_method_wrapper(t, ms.v[i].m, ms.v[i].path, ms.v[i].npath);
                cg_printf(&tab, "    {\"%s\", (void (*)(void))%s, %s},\n", ms.v[i].name, w, method_sig(ms.v[i].m));
            }
            cg_printf(o, "static const SwMethod _tym%d[] = {\n%s};\n", k, tab.p);
            free(tab.p);
        }
        free(ms.v);
    }
    /* func signature */
    if (u->kind == TY_FUNC) {
        if (u->nparams) {
            cg_printf(o, "static const SwType *const _typ%d[] = {", k);
            for (int i = 0; i < u->nparams; i++) cg_printf(o, "%s, ", cg_desc(u->params[i]));
            cg_puts(o, "};\n");
        }
        if (u->nresults) {
            cg_printf(o, "static const SwType *const _tyr%d[] = {", k);
            for (int i = 0; i < u->nresults; i++) cg_printf(o, "%s, ", cg_desc(u->results[i]));
            cg_puts(o, "};\n");
        }
    }
    const char *name = type_string(t);
    cg_printf(o, "static const SwType _ty%d = {\n", k);
    cg_printf(o, "    .kind = %d, .named = %s, .comparable = %s, .size = sizeof(%s),\n", sw_kind(u),
               t->kind == TY_NAMED ? "true" : "false", type_is_comparable(t) ? "true" : "false", ct);
    cg_printf(o, "    .name = %s,\n", cg_c_string(name, (int64_t)strlen(name)));
    if (t->kind == TY_NAMED && t->obj && t->obj->pkg && t->obj->pkg->path)
        cg_printf(o, "    .pkgpath = %s,\n", cg_c_string(t->obj->pkg->path, (int64_t)strlen(t->obj->pkg->path)));
    if (u->kind == TY_ARRAY || u->kind == TY_SLICE || u->kind == TY_POINTER || u->kind == TY_CHAN ||
        u->kind == TY_MAP)
        cg_printf(o, "    .elem = %s,\n", cg_desc(u->elem));
    if (u->kind == TY_MAP) cg_printf(o, "    .key = %s,\n", cg_desc(u->key));
    if (u->kind == TY_ARRAY) cg_printf(o, "    .len = %lld,\n", (long long)u->len);
    if (u->kind == TY_STRUCT && u->nfields)
        cg_printf(o, "    .nfields = %d, .fields = _tyf%d,\n", u->nfields, k);
    if (nm) cg_printf(o, "    .nmethods = %d, .methods = _tym%d,\n", nm, k);
    if (wants_ptrto(t)) cg_printf(o, "    .ptrto = %s,\n", cg_desc(type_pointer(t)));
    if (u->kind == TY_CHAN) cg_printf(o, "    .chandir = %d,\n", u->dir == CHAN_BOTH ? 0 : u->dir == CHAN_SEND ? 1 : 2);
    if (u->kind == TY_FUNC) {
        if (u->nparams) cg_printf(o, "    .params = _typ%d, .nparams = %d,\n", k, u->nparams);
        if (u->nresults) cg_printf(o, "    .results = _tyr%d, .nresults = %d,\n", k, u->nresults);
        if (u->variadic) cg_puts(o, "    .variadic = true,\n");
    }
    cg_puts(o, "};\n\n");
}

void cg_emit_pending(void)
{
    for (;;) {
        bool did = false;
        while (ndescs_done < ndescs) {
            emit_desc(descs[ndescs_done++]);
            did = true;
        }
        while (neqs_done < neqs) {
            emit_eq(eqs[neqs_done++]);
            did = true;
        }
        if (!did) break;
    }
}
