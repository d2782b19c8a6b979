// SPDX-License-Identifier: MIT
/*
 * cg.c — the C code generator's program level: output sections, C names,
 * the pre-pass that finds which variables live on the heap (captured by a
 * closure or address-taken), package-level variables and functions, package
 * initialisation order, and the C main().
 *
 * The whole program becomes one translation unit that includes only "sw.h".
 * See cg.h for how the other cg_*.c files divide the work.
 */
#include "cg.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

CgBuf cg_sec_fwd, cg_sec_structs, cg_sec_protos, cg_sec_funcs, cg_sec_descs;
CgFunc *cg_fn;

static int tmp_counter;
static CgMap declared;       /* Obj* -> (void*)1 once declared in C */
static CgMap owner;          /* Obj* -> Node* of the declaring function */
static CgMap captures;       /* ND_FUNCLIT -> CapList* */
static CgMap extern_done;    /* Obj* -> name, extern prototypes emitted */

/* ---- buffers ------------------------------------------------------------ */

static void cg_reserve(CgBuf *b, size_t n)
{
    if (b->len + n + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1) cap *= 2;
    b->p = realloc(b->p, cap);
    if (!b->p) diag_internal("out of memory");
    b->cap = cap;
}

void cg_puts(CgBuf *b, const char *s)
{
    size_t n = strlen(s);
    cg_reserve(b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

void cg_printf(CgBuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    cg_reserve(b, (size_t)n);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
}

char *cg_fmt(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = arena_alloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return s;
}

/* ---- pointer map ---------------------------------------------------------- */

static size_t phash(const void *k, int cap)
{
    uintptr_t x = (uintptr_t)k;
    x ^= x >> 17;
    x *= 0x9E3779B97F4A7C15ull;
    return (size_t)(x >> 20) & (size_t)(cap - 1);
}

void *cg_map_get(CgMap *m, const void *key)
{
    if (!m->cap) return NULL;
    for (size_t i = phash(key, m->cap);; i = (i + 1) & (size_t)(m->cap - 1)) {
        if (m->keys[i] == key) return m->vals[i];
        if (!m->keys[i]) return NULL;
    }
}

void cg_map_put(CgMap *m, const void *key, void *val)
{
    if ((m->len + 1) * 2 > m->cap) {
        CgMap n = {0};
        n.cap = m->cap ? m->cap * 2 : 64;
        n.keys = calloc((size_t)n.cap, sizeof *n.keys);
        n.vals = calloc((size_t)n.cap, sizeof *n.vals);
        if (!n.keys || !n.vals) diag_internal("out of memory");
        for (int i = 0; i < m->cap; i++)
            if (m->keys[i]) cg_map_put(&n, m->keys[i], m->vals[i]);
        free(m->keys);
        free(m->vals);
        *m = n;
    }
    for (size_t i = phash(key, m->cap);; i = (i + 1) & (size_t)(m->cap - 1)) {
        if (m->keys[i] == key) {
            m->vals[i] = val;
            return;
        }
        if (!m->keys[i]) {
            m->keys[i] = key;
            m->vals[i] = val;
            m->len++;
            return;
        }
    }
}

/* ---- lines and temporaries ------------------------------------------------ */

void cg_line(const char *fmt, ...)
{
    CgBuf *b = &cg_fn->body;
    for (int i = 0; i < cg_fn->indent; i++) cg_puts(b, "    ");
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    cg_reserve(b, (size_t)n + 1);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
    cg_puts(b, "\n");
}

void cg_pos_line(Pos pos)
{
    if (pos.line <= 0) return;
    const char *path = pos.file ? diag_file_path(pos.file) : NULL;
    if (!path) path = "?";
    cg_printf(&cg_fn->body, "#line %d %s\n", pos.line, cg_c_string(path, (int64_t)strlen(path)));
}

int cg_newid(void) { return ++tmp_counter; }

char *cg_tmp(void) { return cg_fmt("_t%d", ++tmp_counter); }

char *cg_c_string(const char *s, int64_t n)
{
    CgBuf b = {0};
    cg_puts(&b, "\"");
    for (int64_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') cg_printf(&b, "\\%c", c);
        else if (c == '?') cg_puts(&b, "\\?");
        else if (c >= 32 && c < 127) cg_printf(&b, "%c", c);
        else cg_printf(&b, "\\%03o", c);
    }
    cg_puts(&b, "\"");
    char *r = arena_strdup(b.p);
    free(b.p);
    return r;
}

/* ---- names ------------------------------------------------------------------ */

const char *cg_pkg_cname(Package *p)
{
    if (!p) return "sw";
    if (p->cname) return p->cname;
    return p->name ? p->name : "pkg";
}

bool cg_is_boxed(Obj *o) { return o && o->boxed && !o->global; }

const char *cg_var_name(Obj *o)
{
    if (o->global) return cg_fmt("%s__%s", cg_pkg_cname(o->pkg), o->name);
    return cg_fmt("%s_%d", o->name, o->id);
}

const char *cg_var_ref(Obj *o)
{
    if (cg_is_boxed(o)) return cg_fmt("(*%s)", cg_var_name(o));
    return cg_var_name(o);
}

static Type *recv_base(Type *t)
{
    if (t && t->kind == TY_POINTER) t = t->elem;
    return t;
}

static const char *extern_alias(Obj *f)
{
    const char *name = cg_map_get(&extern_done, f);
    if (name) return name;
    /* one C name per Sw declaration: two packages may bind the same symbol
     * with different Sw types (e.g. pointers to their own structs), each
     * a distinct C declaration of the same assembler name */
    name = cg_fmt("_x%d_%s", f->id, f->extern_name);
    cg_map_put(&extern_done, f, (void *)name);
    Type *ft = f->type;
    cg_printf(&cg_sec_protos, "extern %s %s%s __asm__(\"%s\");\n", cg_result_ctype(ft), name,
               cg_param_ctypes(ft, NULL), f->extern_name);
    return name;
}

const char *cg_func_name(Obj *f)
{
    if (f->extern_name) return extern_alias(f);
    const char *pk = cg_pkg_cname(f->pkg);
    if (f->recv) {
        Type *b = recv_base(f->recv);
        const char *tn = (b && b->kind == TY_NAMED && b->obj) ? b->obj->name : "T";
        return cg_fmt("%s__%s__%s", pk, tn, f->name);
    }
    if (strcmp(f->name, "init") == 0) return cg_fmt("%s__init_%d", pk, f->id);
    return cg_fmt("%s__%s", pk, f->name);
}

bool cg_is_declared(Obj *o) { return cg_map_get(&declared, o) != NULL; }
void cg_mark_declared(Obj *o) { cg_map_put(&declared, o, (void *)1); }

void cg_declare_local(Obj *o, const char *init)
{
    cg_mark_declared(o);
    const char *ct = cg_ctype(o->type);
    if (!init) init = cg_zero(o->type);
    if (cg_is_stackbox(o)) {
        /* in the function's top block: deferred closures outlive inner blocks */
        cg_printf(&cg_fn->top, "    %s _sb_%s;\n", ct, cg_var_name(o));
        cg_line("%s *%s = &_sb_%s;", ct, cg_var_name(o), cg_var_name(o));
        cg_line("*%s = %s;", cg_var_name(o), init);
    } else if (cg_is_boxed(o)) {
        cg_line("%s *%s = %s(sizeof(%s));", ct, cg_var_name(o), cg_alloc_fn(o->type), ct);
        cg_line("*%s = %s;", cg_var_name(o), init);
    } else {
        cg_line("%s %s = %s;", ct, cg_var_name(o), init);
    }
}

/* ---- pre-pass: captured and address-taken variables -------------------- */

typedef struct CapList {
    Obj **v;
    int len, cap;
} CapList;

#define MAXNEST 64
static Node *fstack[MAXNEST];
static int loops[MAXNEST];   /* for/range statements around the walk, per function */
static int fdepth;

/* Stack boxes.  A captured variable normally lives on the heap.  When every
 * function literal capturing it is deferred directly by the variable's own
 * function (`defer func() {...}()`, at most once per call: not in a loop,
 * no goto), and its address is never taken, the closures cannot outlive the
 * function's C frame (they run before it returns, or on top of it during a
 * panic), so the variable lives in that frame instead. */
static CgMap once_lits;      /* ND_FUNCLIT -> owner function node */
static CgMap stack_ok;       /* Obj* -> 1: captured by such a literal */
static CgMap heap_need;      /* Obj* -> 1: must be on the heap */
static CgMap goto_cache;     /* function node -> 1 no goto, 2 goto */

bool cg_is_stackbox(Obj *o)
{
    return cg_is_boxed(o) && cg_map_get(&stack_ok, o) && !cg_map_get(&heap_need, o);
}

static bool fn_has_goto(Node *fn)
{
    intptr_t v = (intptr_t)cg_map_get(&goto_cache, fn);
    if (!v) {
        v = fn->body && cg_body_has_goto(fn->body) ? 2 : 1;
        cg_map_put(&goto_cache, fn, (void *)v);
    }
    return v == 2;
}

static void cap_add(Node *fl, Obj *o)
{
    CapList *cl = cg_map_get(&captures, fl);
    if (!cl) {
        cl = arena_alloc(sizeof *cl);
        cg_map_put(&captures, fl, cl);
    }
    for (int i = 0; i < cl->len; i++)
        if (cl->v[i] == o) return;
    if (cl->len == cl->cap) {
        cl->cap = cl->cap ? cl->cap * 2 : 4;
        Obj **nv = arena_alloc(sizeof(Obj *) * (size_t)cl->cap);
        if (cl->len) memcpy(nv, cl->v, sizeof(Obj *) * (size_t)cl->len);
        cl->v = nv;
    }
    cl->v[cl->len++] = o;
}

static void declare_owner(Node *id)
{
    if (!id || id->kind != ND_IDENT || !id->obj) return;
    Obj *o = id->obj;
    if (o->kind != OBJ_VAR || o->global) return;
    if (!cg_map_get(&owner, o) && fdepth > 0) cg_map_put(&owner, o, fstack[fdepth - 1]);
}

static void declare_fields(NodeList *l)
{
    for (int i = 0; i < l->len; i++) {
        Node *f = l->v[i];
        for (int j = 0; j < f->names.len; j++) declare_owner(f->names.v[j]);
    }
}

static void use_ident(Node *id)
{
    Obj *o = id->obj;
    if (!o || o->kind != OBJ_VAR || o->global) return;
    Node *own = cg_map_get(&owner, o);
    if (!own || fdepth == 0 || fstack[fdepth - 1] == own) return;
    /* captured by every function literal between the owner and here */
    for (int i = fdepth - 1; i >= 0 && fstack[i] != own; i--) cap_add(fstack[i], o);
    o->boxed = true;
    Node *lit = fstack[fdepth - 1];
    if (fdepth >= 2 && fstack[fdepth - 2] == own && cg_map_get(&once_lits, lit) == own)
        cg_map_put(&stack_ok, o, (void *)1);
    else
        cg_map_put(&heap_need, o, (void *)1);
}

/* marks the variable at the root of an addressable expression as boxed */
static void mark_root(Node *n)
{
    n = cg_unparen(n);
    if (!n) return;
    switch (n->kind) {
    case ND_IDENT:
        if (n->obj && n->obj->kind == OBJ_VAR && !n->obj->global) {
            n->obj->boxed = true;
            cg_map_put(&heap_need, n->obj, (void *)1);
        }
        return;
    case ND_SELECTOR: {
        if (n->sel_kind != SEL_FIELD && n->sel_kind != SEL_METHOD) return;
        Type *t = n->x->type;
        if (!t || type_underlying(t)->kind == TY_POINTER) return;
        for (int i = 0; i < n->npath; i++) {
            Type *u = type_underlying(t);
            if (u->kind == TY_POINTER) return;
            if (u->kind != TY_STRUCT || n->path[i] >= u->nfields) return;
            t = u->fields[n->path[i]].type;
        }
        mark_root(n->x);
        return;
    }
    case ND_INDEX:
        if (n->x->type && type_underlying(n->x->type)->kind == TY_ARRAY) mark_root(n->x);
        return;
    default:
        return;
    }
}

/* the receiver expression reached by a method selector's path is addressed
 * when the method has a pointer receiver and the value is not a pointer */
static void mark_method_recv(Node *sel)
{
    if (sel->sel_kind != SEL_METHOD || !sel->obj || !sel->obj->recv) return;
    if (sel->obj->recv->kind != TY_POINTER) return;
    Type *t = sel->x->type;
    if (!t) return;
    bool ptr = type_underlying(t)->kind == TY_POINTER;
    for (int i = 0; i < sel->npath; i++) {
        Type *u = type_underlying(t);
        if (u->kind == TY_POINTER) u = type_underlying(u->elem);
        if (u->kind != TY_STRUCT || sel->path[i] >= u->nfields) return;
        t = u->fields[sel->path[i]].type;
        ptr = ptr || type_underlying(t)->kind == TY_POINTER;
        if (type_underlying(t)->kind == TY_POINTER) return;
    }
    if (type_underlying(t)->kind == TY_POINTER) return;
    if (!ptr) mark_root(sel->x);
}

static void walk(Node *n);

static void walk_list(NodeList *l)
{
    for (int i = 0; i < l->len; i++) walk(l->v[i]);
}

static void walk_func(Node *fn, Node *recv, Node *ftype, Node *body)
{
    if (fdepth >= MAXNEST) diag_internal("function literals nested too deeply");
    loops[fdepth] = 0;
    fstack[fdepth++] = fn;
    if (recv) for (int j = 0; j < recv->names.len; j++) declare_owner(recv->names.v[j]);
    if (ftype) {
        declare_fields(&ftype->params);
        declare_fields(&ftype->results);
    }
    walk(body);
    fdepth--;
}

static void walk(Node *n)
{
    if (!n) return;
    switch (n->kind) {
    case ND_IDENT:
        use_ident(n);
        return;
    case ND_FUNCLIT:
        walk_func(n, NULL, n->ftype, n->body);
        {
            CapList *cl = cg_map_get(&captures, n);
            n->captures = cl ? cl->v : NULL;
            n->ncaptures = cl ? cl->len : 0;
            /* captured in n means used in the enclosing function too */
            if (cl)
                for (int i = 0; i < cl->len; i++) {
                    Node fake = {0};
                    fake.kind = ND_IDENT;
                    fake.obj = cl->v[i];
                    use_ident(&fake);
                }
        }
        return;
    case ND_ASSIGN:
        walk_list(&n->rhs);
        if (n->define)
            for (int i = 0; i < n->lhs.len; i++) declare_owner(n->lhs.v[i]);
        walk_list(&n->lhs);
        return;
    case ND_VALUESPEC:
        walk_list(&n->values);
        for (int i = 0; i < n->names.len; i++) declare_owner(n->names.v[i]);
        return;
    case ND_RANGE:
        walk(n->x);
        if (n->define) {
            declare_owner(n->key);
            declare_owner(n->value);
        }
        walk(n->key);
        walk(n->value);
        if (fdepth > 0) loops[fdepth - 1]++;
        walk(n->body);
        if (fdepth > 0) loops[fdepth - 1]--;
        return;
    case ND_FOR:
        walk(n->init);
        walk(n->cond);
        if (fdepth > 0) loops[fdepth - 1]++;
        walk(n->post);
        walk(n->body);
        if (fdepth > 0) loops[fdepth - 1]--;
        return;
    case ND_DEFER: {
        Node *c = cg_unparen(n->x);
        Node *f = c && c->kind == ND_CALL ? cg_unparen(c->fun) : NULL;
        if (f && f->kind == ND_FUNCLIT && fdepth > 0 && loops[fdepth - 1] == 0 && !fn_has_goto(fstack[fdepth - 1]))
            cg_map_put(&once_lits, f, fstack[fdepth - 1]);
        walk(n->x);
        return;
    }
    case ND_CASE:
        if (n->obj && n->obj->kind == OBJ_VAR && fdepth > 0 && !cg_map_get(&owner, n->obj))
            cg_map_put(&owner, n->obj, fstack[fdepth - 1]);
        walk_list(&n->list);
        walk_list(&n->stmts);
        return;
    case ND_UNARY:
        if (n->op == OP_AND) mark_root(n->x);
        walk(n->x);
        return;
    case ND_SLICE:
        if (n->x->type && type_underlying(n->x->type)->kind == TY_ARRAY) mark_root(n->x);
        walk(n->x);
        walk(n->lo);
        walk(n->hi);
        walk(n->max);
        return;
    case ND_SELECTOR:
        if (n->sel_kind == SEL_METHOD) mark_method_recv(n);
        if (n->sel_kind != SEL_PKG) walk(n->x);
        return;
    case ND_COMPOSITE: {
        Type *t = n->type ? type_underlying(n->type) : NULL;
        if (t && t->kind == TY_POINTER) t = type_underlying(t->elem);
        for (int i = 0; i < n->elts.len; i++) {
            Node *e = n->elts.v[i];
            if (e->kind == ND_KEYVALUE) {
                if (!(t && t->kind == TY_STRUCT)) walk(e->x);
                walk(e->y);
            } else {
                walk(e);
            }
        }
        return;
    }
    case ND_DECLSTMT:
        if (n->decl && n->decl->kw == KW_VAR) walk_list(&n->decl->specs);
        return;
    case ND_TYPESWITCH:
        walk(n->init);
        if (n->assign) {
            if (n->assign->kind == ND_ASSIGN) walk_list(&n->assign->rhs);
            else walk(n->assign->x);
        }
        walk(n->body);
        return;
    case ND_ARRAYTYPE: case ND_STRUCTTYPE: case ND_FUNCTYPE: case ND_INTERFACETYPE:
    case ND_MAPTYPE: case ND_CHANTYPE: case ND_ELLIPSIS: case ND_FIELD:
    case ND_BRANCH: case ND_BASICLIT:
        return;
    default:
        break;
    }
    walk(n->x);
    walk(n->y);
    walk(n->init);
    walk(n->cond);
    walk(n->post);
    walk(n->tag);
    walk(n->body);
    walk(n->els);
    walk(n->index);
    walk(n->lo);
    walk(n->hi);
    walk(n->max);
    if (n->fun && !(n->call_kind == CALL_CONV)) walk(n->fun);
    walk(n->comm);
    walk(n->value);
    walk_list(&n->args);
    walk_list(&n->elts);
    walk_list(&n->stmts);
    if (n->kind != ND_CASE) walk_list(&n->list);
    walk_list(&n->lhs);
    walk_list(&n->rhs);
    walk_list(&n->results);
}

void cg_prepass_func(Node *fn)
{
    fdepth = 0;
    if (fn->kind == ND_FUNCDECL) walk_func(fn, fn->recv, fn->ftype, fn->body);
    else walk(fn);
}

/* ---- facts about function bodies ------------------------------------------ */

enum { SCAN_DEFER, SCAN_GOTO, SCAN_RECOVER, SCAN_DEFER_RECOVER };

static bool scan(Node *n, int what);

static bool scan_list(NodeList *l, int what)
{
    for (int i = 0; i < l->len; i++)
        if (scan(l->v[i], what)) return true;
    return false;
}

/* every child of n, except the bodies of function literals */
static bool scan(Node *n, int what)
{
    if (!n) return false;
    switch (n->kind) {
    case ND_FUNCLIT:
        return false;
    case ND_DEFER:
        if (what == SCAN_DEFER) return true;
        if (what == SCAN_DEFER_RECOVER && cg_defer_may_recover(n)) return true;
        if (what == SCAN_RECOVER) {
            Node *c = cg_unparen(n->x);
            if (c && c->kind == ND_CALL && c->call_kind == CALL_BUILTIN && c->builtin == BI_RECOVER) return true;
        }
        break;
    case ND_BRANCH:
        return what == SCAN_GOTO && n->kw == KW_GOTO;
    case ND_CALL:
        if (what == SCAN_RECOVER && n->call_kind == CALL_BUILTIN && n->builtin == BI_RECOVER) return true;
        break;
    case ND_ARRAYTYPE: case ND_STRUCTTYPE: case ND_FUNCTYPE: case ND_INTERFACETYPE:
    case ND_MAPTYPE: case ND_CHANTYPE: case ND_ELLIPSIS: case ND_FIELD: case ND_BASICLIT: case ND_IDENT:
        return false;
    default:
        break;
    }
    Node *kids[] = {n->x, n->y, n->init, n->cond, n->post, n->tag, n->els, n->body, n->index, n->lo,
                    n->hi, n->max, n->fun, n->decl, n->assign, n->comm, n->value, n->key};
    for (size_t i = 0; i < sizeof kids / sizeof kids[0]; i++)
        if (scan(kids[i], what)) return true;
    return scan_list(&n->args, what) || scan_list(&n->elts, what) || scan_list(&n->stmts, what) ||
           scan_list(&n->list, what) || scan_list(&n->lhs, what) || scan_list(&n->rhs, what) ||
           scan_list(&n->results, what) || scan_list(&n->values, what) || scan_list(&n->specs, what);
}

bool cg_body_has_defer(Node *body) { return scan(body, SCAN_DEFER); }
bool cg_body_has_goto(Node *body) { return scan(body, SCAN_GOTO); }
bool cg_body_calls_recover(Node *body) { return scan(body, SCAN_RECOVER); }
bool cg_body_defers_recover(Node *body) { return scan(body, SCAN_DEFER_RECOVER); }

static Package **all_pkgs;
static int nall_pkgs;

char *cg_iface_recover_target(const char *tvar, const char *name, const char *dflt)
{
    CgBuf b = {0};
    cg_puts(&b, "");
    int n = 0;
    for (int pi = 0; pi < nall_pkgs; pi++) {
        Package *p = all_pkgs[pi];
        for (int fi = 0; fi < p->files.len; fi++) {
            Node *file = p->files.v[fi];
            for (int i = 0; i < file->decls.len; i++) {
                Node *d = file->decls.v[i];
                if (d->kind != ND_FUNCDECL || !d->recv || !d->obj || !d->obj->recv) continue;
                Obj *m = d->obj;
                if (strcmp(m->name, name) != 0 || !cg_obj_calls_recover(m)) continue;
                Type *rt = m->recv;
                Type *base = rt->kind == TY_POINTER ? rt->elem : rt;
                const char *fn = cg_func_name(m);
                cg_printf(&b, "%s == %s ? (const void *)%s : ", tvar, cg_desc(type_pointer(base)), fn);
                if (rt->kind != TY_POINTER) cg_printf(&b, "%s == %s ? (const void *)%s : ", tvar, cg_desc(base), fn);
                n++;
            }
        }
    }
    char *r = n ? cg_fmt("(%s(const void *)%s)", b.p, dflt) : cg_fmt("(const void *)%s", dflt);
    free(b.p);
    return r;
}

bool cg_obj_calls_recover(Obj *f)
{
    static CgMap cache;   /* Obj* -> 1 (no) or 2 (yes) */
    intptr_t v = (intptr_t)cg_map_get(&cache, f);
    if (!v) {
        Node *d = f ? f->decl : NULL;
        bool yes = d && d->kind == ND_FUNCDECL && d->body && !f->extern_name && cg_body_calls_recover(d->body);
        v = yes ? 2 : 1;
        cg_map_put(&cache, f, (void *)v);
    }
    return v == 2;
}

/* ---- functions ------------------------------------------------------------ */

/* ---- Go's names of functions, for tracebacks ------------------------------- */

const char *cg_next_goname;
bool cg_next_is_closure;
Node *cg_next_node;

Node *cg_var_owner(Obj *o)
{
    return cg_map_get(&owner, o);
}
static CgBuf trace_names;

void cg_trace_name(const char *cname, const char *goname)
{
    cg_printf(&trace_names, "    %s, %s,\n", cg_c_string(cname, (int64_t)strlen(cname)),
              cg_c_string(goname, (int64_t)strlen(goname)));
}

/* pkgpath.F, pkgpath.T.M, pkgpath.(*T).M, pkgpath.init.N (N counts the
 * package's init functions from 0) */
static const char *go_func_name(Obj *f)
{
    const char *pk = f->pkg && f->pkg->path ? f->pkg->path : "main";
    if (f->recv) {
        bool ptr = f->recv->kind == TY_POINTER;
        Type *b = recv_base(f->recv);
        const char *tn = (b && b->kind == TY_NAMED && b->obj) ? b->obj->name : "T";
        return ptr ? cg_fmt("%s.(*%s).%s", pk, tn, f->name) : cg_fmt("%s.%s.%s", pk, tn, f->name);
    }
    if (strcmp(f->name, "init") == 0 && f->pkg) {
        for (int i = 0; i < f->pkg->ninit_funcs; i++)
            if (f->pkg->init_funcs[i] == f) return cg_fmt("%s.init.%d", pk, i);
    }
    return cg_fmt("%s.%s", pk, f->name);
}

static void gen_funcdecl(Node *d)
{
    Obj *f = d->obj;
    if (!f || !d->body) {
        if (f && f->extern_name) extern_alias(f);
        return;
    }
    const char *name = cg_func_name(f);
    cg_next_goname = go_func_name(f);
    cg_next_is_closure = false;
    cg_next_node = d;
    cg_trace_name(name, cg_next_goname);
    cg_function(d->ftype, f->type, d->recv, f->recv, d->body, cg_fmt("static %s %s", cg_result_ctype(f->type), name),
                NULL, NULL);
}

/* ---- package-level variables and init ---------------------------------- */

static void gen_globals(Package *p)
{
    for (int fi = 0; fi < p->files.len; fi++) {
        Node *file = p->files.v[fi];
        for (int i = 0; i < file->decls.len; i++) {
            Node *d = file->decls.v[i];
            if (d->kind != ND_GENDECL || d->kw != KW_VAR) continue;
            for (int s = 0; s < d->specs.len; s++) {
                Node *sp = d->specs.v[s];
                for (int k = 0; k < sp->names.len; k++) {
                    Obj *o = sp->names.v[k]->obj;
                    if (!o || o->kind != OBJ_VAR || strcmp(o->name, "_") == 0) continue;
                    cg_printf(&cg_sec_protos, "static %s %s;\n", cg_ctype(o->type), cg_var_name(o));
                }
            }
        }
    }
}

static void assign_global(Obj *o, const char *val)
{
    if (!o || o->kind != OBJ_VAR || strcmp(o->name, "_") == 0) cg_line("(void)(%s);", val);
    else cg_line("%s = %s;", cg_var_name(o), val);
}

static void gen_init(Package *p)
{
    CgFunc fn = {0};
    CgFunc *saved = cg_fn;
    cg_fn = &fn;
    fn.indent = 1;
    /* function literals in package-level initialisers: pkg.glob..funcN */
    fn.goname = cg_fmt("%s.glob.", p->path ? p->path : "main");
    for (int i = 0; i < p->var_inits.len; i++) {
        Node *sp = p->var_inits.v[i];
        if (sp->values.len == 0) continue;
        cg_pos_line(sp->pos);
        if (sp->values.len == 1 && sp->names.len > 1) {
            Node *v = sp->values.v[0];
            if (v->type && v->type->kind == TY_TUPLE) {
                char *t = cg_tmp();
                cg_line("{ %s %s = %s;", cg_ctype(v->type), t, cg_expr(v));
                for (int k = 0; k < sp->names.len; k++) {
                    Obj *o = sp->names.v[k]->obj;
                    Type *to = o ? o->type : v->type->fields[k].type;
                    assign_global(o, cg_convert(cg_fmt("%s.r%d", t, k), v->type->fields[k].type, to));
                }
                cg_line("}");
            } else {
                /* comma-ok forms */
                CgBuf pre = {0};
                char *ok = NULL;
                char *val = cg_commaok(v, &ok, &pre);
                cg_line("{");
                if (pre.p) cg_puts(&fn.body, pre.p);
                Obj *o0 = sp->names.v[0]->obj, *o1 = sp->names.v[1]->obj;
                assign_global(o0, o0 && o0->type ? cg_convert(val, v->type, o0->type) : val);
                assign_global(o1, o1 && o1->type ? cg_convert(ok, ty_bool, o1->type) : ok);
                cg_line("}");
            }
            continue;
        }
        for (int k = 0; k < sp->names.len && k < sp->values.len; k++) {
            Obj *o = sp->names.v[k]->obj;
            Node *v = sp->values.v[k];
            assign_global(o, (o && o->type) ? cg_expr_to(v, o->type) : cg_expr(v));
        }
    }
    for (int i = 0; i < p->ninit_funcs; i++) cg_line("%s();", cg_func_name(p->init_funcs[i]));
    cg_printf(&cg_sec_protos, "static void %s__init(void);\n", cg_pkg_cname(p));
    cg_printf(&cg_sec_funcs, "#line 1 \"<swc-generated>\"\nstatic void %s__init(void)\n{\n%s}\n\n", cg_pkg_cname(p), fn.body.p ? fn.body.p : "");
    free(fn.body.p);
    cg_fn = saved;
}

static const char prelude[] =
    "#pragma GCC diagnostic ignored \"-Wunused-function\"\n"
    "#pragma GCC diagnostic ignored \"-Wunused-variable\"\n"
    "#pragma GCC diagnostic ignored \"-Wunused-label\"\n"
    "#pragma GCC diagnostic ignored \"-Wunused-but-set-variable\"\n"
    "#pragma GCC diagnostic ignored \"-Wunused-value\"\n"
    "#pragma GCC diagnostic ignored \"-Wmissing-braces\"\n"
    "#include \"sw.h\"\n"
    "#include <stddef.h>\n"
    "\n"
    "static char swc_zerobase;\n"
    "#define SWC_NIL(p) ({ __auto_type _np = (p); if (__builtin_expect(_np == NULL, 0)) sw_panic_nil(); _np; })\n"
    "#define SWC_CHK(i, n) ({ int64_t _ci = (int64_t)(i); int64_t _cn = (n); "
    "if (__builtin_expect((uint64_t)_ci >= (uint64_t)_cn, 0)) sw_panic_index(_ci, _cn); _ci; })\n"
    "#define SWC_SIDX(T, s, i) (*({ SwSlice _ss = (s); int64_t _si = SWC_CHK((i), _ss.len); &((T *)_ss.ptr)[_si]; }))\n"
    "/* interface method lookup with a one-entry cache per call site */\n"
    "#define SWC_IMETHOD(t, name) ({ static const SwType *_ict; static void (*_icf)(void); const SwType *_it = (t); "
    "if (__builtin_expect(_it != _ict, 0)) { _icf = sw_iface_method(_it, name); _ict = _it; } _icf; })\n"
    "#define SWC_STRIDX(s, i) ({ SwString _ss = (s); int64_t _si = SWC_CHK((i), _ss.len); _ss.ptr[_si]; })\n"
    "static inline SwSlice swc_slice(void *ptr, int64_t len, int64_t cap, int64_t lo, int64_t hi, int64_t max,\n"
    "                                int mode, int64_t es)\n"
    "{\n"
    "    /* mode: bit0 hi given, bit1 max given (3-index), bit2 array/string (Alen) */\n"
    "    if (!(mode & 1)) hi = len;\n"
    "    if (mode & 2) {\n"
    "        if ((uint64_t)max > (uint64_t)cap) sw_panic_slice((mode & 4) ? SW_BOUNDS_SLICE3_ALEN : SW_BOUNDS_SLICE3_ACAP, max, cap);\n"
    "        if ((uint64_t)hi > (uint64_t)max) sw_panic_slice(SW_BOUNDS_SLICE3_B, hi, max);\n"
    "        if ((uint64_t)lo > (uint64_t)hi) sw_panic_slice(SW_BOUNDS_SLICE3_C, lo, hi);\n"
    "    } else {\n"
    "        max = cap;\n"
    "        if ((uint64_t)hi > (uint64_t)cap) sw_panic_slice((mode & 4) ? SW_BOUNDS_SLICE_ALEN : SW_BOUNDS_SLICE_ACAP, hi, cap);\n"
    "        if ((uint64_t)lo > (uint64_t)hi) sw_panic_slice(SW_BOUNDS_SLICE_B, lo, hi);\n"
    "    }\n"
    "    SwSlice r;\n"
    "    r.ptr = (max - lo == 0) ? ptr : (char *)ptr + lo * es;\n"
    "    r.len = hi - lo;\n"
    "    r.cap = max - lo;\n"
    "    return r;\n"
    "}\n"
    "static inline SwString swc_strslice(SwString s, int64_t lo, int64_t hi, int mode)\n"
    "{\n"
    "    if (!(mode & 1)) hi = s.len;\n"
    "    if ((uint64_t)hi > (uint64_t)s.len) sw_panic_slice(SW_BOUNDS_SLICE_ALEN, hi, s.len);\n"
    "    if ((uint64_t)lo > (uint64_t)hi) sw_panic_slice(SW_BOUNDS_SLICE_B, lo, hi);\n"
    "    SwString r;\n"
    "    r.ptr = s.ptr + lo;\n"
    "    r.len = hi - lo;\n"
    "    return r;\n"
    "}\n"
    "/* Go's runtime error for (*[N]T)(s) with len(s) < N */\n"
    "static _Noreturn void swc_panic_slice2arr(int64_t len, int64_t n)\n"
    "{\n"
    "    sw_panic_slice(SW_BOUNDS_CONVERT, len, n);\n"
    "}\n"
    "static inline SwSlice swc_append1(SwSlice s, int64_t es)\n"
    "{\n"
    "    if (s.len == s.cap) return sw_slice_grow(s, s.len + 1, es);\n"
    "    s.len++;\n"
    "    return s;\n"
    "}\n"
    "static inline SwSlice swc_append1_noscan(SwSlice s, int64_t es)\n"
    "{\n"
    "    if (s.len == s.cap) return sw_slice_grow_noscan(s, s.len + 1, es);\n"
    "    s.len++;\n"
    "    return s;\n"
    "}\n"
    "static inline SwSlice swc_str2slice(SwString s)\n"
    "{\n"
    "    SwSlice r;\n"
    "    r.ptr = (void *)s.ptr;\n"
    "    r.len = s.len;\n"
    "    r.cap = s.len;\n"
    "    return r;\n"
    "}\n"
    "\n";

/* ---- the program ------------------------------------------------------------ */

static void cg_buf_reset(CgBuf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

bool cg_program(Package **pkgs, int npkgs, FILE *out)
{
    all_pkgs = pkgs;
    nall_pkgs = npkgs;
    cg_buf_reset(&cg_sec_fwd);
    cg_buf_reset(&cg_sec_structs);
    cg_buf_reset(&cg_sec_protos);
    cg_buf_reset(&cg_sec_funcs);
    cg_buf_reset(&cg_sec_descs);

    /* pre-pass over every function body and package-level initialiser */
    for (int pi = 0; pi < npkgs; pi++) {
        Package *p = pkgs[pi];
        for (int fi = 0; fi < p->files.len; fi++) {
            Node *file = p->files.v[fi];
            for (int i = 0; i < file->decls.len; i++) {
                Node *d = file->decls.v[i];
                if (d->kind == ND_FUNCDECL && d->body) cg_prepass_func(d);
            }
        }
        for (int i = 0; i < p->var_inits.len; i++) {
            fdepth = 0;
            walk_list(&p->var_inits.v[i]->values);
        }
    }

    for (int pi = 0; pi < npkgs; pi++) gen_globals(pkgs[pi]);
    for (int pi = 0; pi < npkgs; pi++) {
        Package *p = pkgs[pi];
        for (int fi = 0; fi < p->files.len; fi++) {
            Node *file = p->files.v[fi];
            for (int i = 0; i < file->decls.len; i++) {
                Node *d = file->decls.v[i];
                if (d->kind == ND_FUNCDECL) gen_funcdecl(d);
            }
        }
        gen_init(p);
    }

    /* main */
    Package *mainpkg = npkgs > 0 ? pkgs[npkgs - 1] : NULL;
    /* Package initialisation and main.main run as coroutine 0; when it
     * returns, the scheduler keeps the event loop going until nothing is
     * pending (DESIGN §2, item 4), then exits 0. */
    cg_puts(&cg_sec_funcs, "#line 1 \"<swc-generated>\"\nstatic void sw_main_entry(void)\n{\n");
    for (int pi = 0; pi < npkgs; pi++) cg_printf(&cg_sec_funcs, "    %s__init();\n", cg_pkg_cname(pkgs[pi]));
    if (mainpkg) {
        Obj *m = scope_lookup_local(mainpkg->scope, "main");
        if (m && m->kind == OBJ_FUNC) cg_printf(&cg_sec_funcs, "    %s();\n", cg_func_name(m));
    }
    cg_puts(&cg_sec_funcs, "}\n\nint main(int argc, char **argv)\n{\n    sw_rt_init(argc, argv);\n"
                           "    sw_co_run_main(sw_main_entry);\n}\n");

    cg_emit_pending();

    /* read by rt/sw_trace.c: pairs of C and Go function names */
    cg_printf(&cg_sec_descs, "const char *const sw_trace_names[] = {\n%s    0, 0,\n};\n", trace_names.p ? trace_names.p : "");
    cg_buf_reset(&trace_names);

    CgBuf types = {0};
    cg_emit_types(&types);

    fputs(prelude, out);
    if (cg_sec_fwd.p) fputs(cg_sec_fwd.p, out);
    fputs("\n", out);
    if (types.p) fputs(types.p, out);
    if (cg_sec_structs.p) fputs(cg_sec_structs.p, out);
    fputs("\n", out);
    if (cg_sec_protos.p) fputs(cg_sec_protos.p, out);
    fputs("\n", out);
    if (cg_sec_funcs.p) fputs(cg_sec_funcs.p, out);
    fputs("\n", out);
    fputs("#line 1 \"<swc-generated>\"\n", out);
    if (cg_sec_descs.p) fputs(cg_sec_descs.p, out);
    free(types.p);
    return !ferror(out);
}
