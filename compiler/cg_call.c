// SPDX-License-Identifier: MIT
/*
 * cg_call.c — calls and function values: direct calls, method calls (with
 * automatic & and * of the receiver and promotion through embedded fields),
 * interface method calls, calls of function values (closures), argument
 * conversion, variadic packing and f(g()) spreading; the builtins; explicit
 * conversions T(x); function literals (a C function taking the closure as a
 * hidden first argument, and a closure object holding pointers to the boxed
 * captured variables); package-level functions, method values and method
 * expressions used as values.
 */
#include "cg.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

static bool is_iface(Type *t) { return t && type_underlying(t)->kind == TY_INTERFACE; }

static char *join(char **v, int n, const char *first)
{
    CgBuf b = {0};
    cg_puts(&b, "");
    bool any = false;
    if (first) {
        cg_puts(&b, first);
        any = true;
    }
    for (int i = 0; i < n; i++) {
        cg_printf(&b, "%s%s", any ? ", " : "", v[i]);
        any = true;
    }
    char *r = arena_strdup(b.p);
    free(b.p);
    return r;
}

static char *wrap(const char *pre, const char *e)
{
    if (!pre || !*pre) return (char *)e;
    return cg_fmt("({ %s%s; })", pre, e);
}

/* Arguments of `call` for the function type fn, converted to the parameter
 * types.  `*first` (may be NULL) is evaluated before the arguments (receiver
 * or function value) and is replaced by a temporary when the order needs it.
 * Returns declarations to place before the call ("" when none). */
static char *call_args(Node *call, Type *fn, char **first, Type *first_type, bool first_call, bool force,
                       char ***out, int *nout)
{
    int np = fn->nparams;
    NodeList *al = &call->args;
    char **vals = arena_alloc(sizeof(char *) * (size_t)(np + 2));
    Type **types = arena_alloc(sizeof(Type *) * (size_t)(np + 2));
    bool *calls = arena_alloc(sizeof(bool) * (size_t)(np + 2));
    int nv = 0;
    if (first) {
        vals[nv] = *first;
        types[nv] = first_type;
        calls[nv++] = first_call;
    }
    CgBuf pre = {0};
    cg_puts(&pre, "");
    bool variadic = fn->variadic && !call->has_ellipsis;
    if (al->len == 1 && al->v[0]->type && al->v[0]->type->kind == TY_TUPLE) {
        /* f(g()): spread the tuple */
        Node *g = al->v[0];
        Type *tt = g->type;
        if (first && first_call) {
            char *t = cg_tmp();
            cg_printf(&pre, "%s %s = %s; ", cg_ctype(first_type), t, *first);
            vals[0] = t;
        }
        char *r = cg_tmp();
        cg_printf(&pre, "%s %s = %s; ", cg_ctype(tt), r, cg_expr(g));
        int fixed = variadic ? np - 1 : np;
        for (int i = 0; i < fixed && i < tt->nfields; i++)
            vals[nv++] = cg_convert(cg_fmt("%s.r%d", r, i), tt->fields[i].type, fn->params[i]);
        if (variadic) {
            int extra = tt->nfields - fixed;
            if (extra <= 0) {
                vals[nv++] = "((SwSlice){})";
            } else {
                Type *et = type_underlying(fn->params[np - 1])->elem;
                const char *ct = cg_ctype(et);
                char *p = cg_tmp();
                cg_printf(&pre, "%s *%s = sw_alloc(%d * sizeof(%s)); ", ct, p, extra, ct);
                for (int i = 0; i < extra; i++)
                    cg_printf(&pre, "%s[%d] = %s; ", p, i,
                               cg_convert(cg_fmt("%s.r%d", r, fixed + i), tt->fields[fixed + i].type, et));
                vals[nv++] = cg_fmt("((SwSlice){ %s, %d, %d })", p, extra, extra);
            }
        }
        if (first) *first = vals[0];
        *out = first ? vals + 1 : vals;
        *nout = first ? nv - 1 : nv;
        char *s = arena_strdup(pre.p);
        free(pre.p);
        return s;
    }
    int fixed = variadic ? np - 1 : np;
    int nva = variadic ? (al->len > fixed ? al->len - fixed : 0) : 0;
    /* fixed arguments, then the variadic elements, as one operand list */
    char **v2 = arena_alloc(sizeof(char *) * (size_t)(nv + al->len + 1));
    Type **t2 = arena_alloc(sizeof(Type *) * (size_t)(nv + al->len + 1));
    bool *c2 = arena_alloc(sizeof(bool) * (size_t)(nv + al->len + 1));
    int n2 = 0;
    for (int i = 0; i < nv; i++) {
        v2[n2] = vals[i];
        t2[n2] = types[i];
        c2[n2++] = calls[i];
    }
    for (int i = 0; i < fixed && i < al->len; i++) {
        t2[n2] = fn->params[i];
        c2[n2] = cg_has_call(al->v[i]);
        v2[n2++] = cg_expr_to(al->v[i], fn->params[i]);
    }
    Type *et = variadic ? type_underlying(fn->params[np - 1])->elem : NULL;
    for (int i = 0; i < nva; i++) {
        t2[n2] = et;
        c2[n2] = cg_has_call(al->v[fixed + i]);
        v2[n2++] = cg_expr_to(al->v[fixed + i], et);
    }
    int nc = 0;
    for (int i = 0; i < n2; i++) nc += c2[i];
    char *decls;
    if (force && nc >= 1 && n2 == 1) {
        /* the callee may panic (nil): arguments are evaluated before */
        char *t = cg_tmp();
        decls = cg_fmt("%s %s = %s; ", cg_ctype(t2[0]), t, v2[0]);
        v2[0] = t;
    } else {
        decls = cg_order(n2, v2, t2, c2);
    }
    /* rebuild: first, fixed, packed tail */
    nv = 0;
    int k = 0;
    if (first) vals[nv++] = v2[k++];
    for (int i = 0; i < fixed && i < al->len; i++) vals[nv++] = v2[k++];
    if (variadic) {
        if (nva == 0) {
            vals[nv++] = "((SwSlice){})";
        } else {
            const char *ct = cg_ctype(et);
            char *p = cg_tmp();
            CgBuf b = {0};
            cg_printf(&b, "({ %s *%s = %s(%d * sizeof(%s)); ", ct, p,
                      cg_has_pointers(et) ? "sw_alloc" : "sw_alloc_noscan", nva, ct);
            for (int i = 0; i < nva; i++) cg_printf(&b, "%s[%d] = %s; ", p, i, v2[k++]);
            cg_printf(&b, "(SwSlice){ %s, %d, %d }; })", p, nva, nva);
            vals[nv++] = arena_strdup(b.p);
            free(b.p);
        }
    }
    if (first) *first = vals[0];
    *out = first ? vals + 1 : vals;
    *nout = first ? nv - 1 : nv;
    free(pre.p);
    return decls;
}

/* ---- receivers -------------------------------------------------------------- */

/* the receiver argument for method m selected by sel (x.M, with its path) */
static char *receiver(Node *sel, Obj *m)
{
    Node *x = sel->x;
    Type *xt = x->type;
    bool want_ptr = m->recv && m->recv->kind == TY_POINTER;
    Type *ft;
    char *e;
    if (sel->npath == 0) {
        ft = xt;
        if (type_underlying(xt)->kind == TY_POINTER) e = cg_expr(x);
        else if (want_ptr) return cg_fmt("(&%s)", cg_lval(x));
        else e = cg_expr(x);
    } else {
        const char *base = (type_underlying(xt)->kind == TY_POINTER || !cg_addressable(x)) ? cg_expr(x) : cg_lval(x);
        e = cg_walk_path(base, xt, sel->path, sel->npath, &ft);
    }
    bool have_ptr = type_underlying(ft)->kind == TY_POINTER;
    if (want_ptr) return have_ptr ? e : cg_fmt("(&%s)", e);
    return have_ptr ? cg_fmt("(*SWC_NIL(%s))", e) : e;
}

/* the interface value a SEL_IFACE_METHOD selector calls through */
static char *iface_operand(Node *sel)
{
    if (sel->npath == 0) return cg_expr(sel->x);
    Node *x = sel->x;
    Type *xt = x->type;
    const char *base = (type_underlying(xt)->kind == TY_POINTER || !cg_addressable(x)) ? cg_expr(x) : cg_lval(x);
    return cg_walk_path(base, xt, sel->path, sel->npath, NULL);
}

static char *iface_fnptr(Type *ft, const char *iv, const char *name)
{
    return cg_fmt("((%s (*)%s)SWC_IMETHOD(%s.type, \"%s\"))", cg_result_ctype(ft), cg_param_ctypes(ft, "void *"), iv,
                  name);
}

/* ---- calls -------------------------------------------------------------------- */

static Obj *callee_obj(Node *fun)
{
    fun = cg_unparen(fun);
    return fun->obj;
}

static char *builtin_call(Node *n);

/* Go's devirtualization (cmd/compile devirtualize.go): `i.M()` where i is a
 * local interface variable declared from a value of concrete type C and never
 * assigned again nor address-taken is compiled as `i.(C).M()`.  Besides
 * saving the dynamic lookup, this is observable: a nil *C calling a value
 * method then dereferences nil instead of reaching the *C wrapper's
 * "value method called using nil pointer" panic.  Returns the rewritten call,
 * or NULL. */
static Node *devirtualize(Node *n, Node *fun)
{
    if (fun->npath != 0) return NULL;
    Node *id = cg_unparen(fun->x);
    Obj *o = id->kind == ND_IDENT ? id->obj : NULL;
    if (!o || o->kind != OBJ_VAR || o->global || o->is_param || o->is_result || o->reassigned || !o->init)
        return NULL;
    /* boxed and not reassigned: captured by a closure; gc devirtualizes
     * only in the function that declares the variable */
    if (o->boxed && (!cg_fn || !cg_fn->node || cg_var_owner(o) != cg_fn->node)) return NULL;
    Node *init = cg_unparen(o->init);
    /* an explicit conversion I(x) */
    if (init->kind == ND_CALL && init->call_kind == CALL_CONV && init->args.len == 1 &&
        type_underlying(init->type)->kind == TY_INTERFACE)
        init = cg_unparen(init->args.v[0]);
    Type *c = init->type;
    if (!c || type_is_untyped(c) || type_underlying(c)->kind == TY_INTERFACE) return NULL;
    Lookup l;
    lookup_field_or_method(c, fun->obj->name, fun->obj->pkg, &l);
    if (l.kind != 2 || !l.method) return NULL;
    if (l.ptr_recv && type_underlying(c)->kind != TY_POINTER && !l.indirect) return NULL;
    Node *ta = node_new(ND_TYPEASSERT, fun->x->pos);
    ta->x = fun->x;
    ta->type = c;
    Node *sel = node_new(ND_SELECTOR, fun->pos);
    *sel = *fun;
    sel->x = ta;
    sel->sel_kind = SEL_METHOD;
    sel->obj = l.method;
    sel->npath = l.npath;
    sel->path = arena_alloc(sizeof(int) * (size_t)(l.npath + 1));
    memcpy(sel->path, l.path, sizeof(int) * (size_t)l.npath);
    Node *call = node_new(ND_CALL, n->pos);
    *call = *n;
    call->fun = sel;
    call->call_kind = CALL_METHOD;
    return call;
}

char *cg_call(Node *n)
{
    Node *fun = cg_unparen(n->fun);
    char **args;
    int nargs;
    switch (n->call_kind) {
    case CALL_CONV:
        return cg_conversion(n);
    case CALL_BUILTIN:
        return builtin_call(n);
    case CALL_FUNC: {
        Obj *f = callee_obj(fun);
        char *pre = call_args(n, f->type, NULL, NULL, false, false, &args, &nargs);
        return wrap(pre, cg_fmt("%s(%s)", cg_func_name(f), join(args, nargs, NULL)));
    }
    case CALL_METHOD: {
        Obj *m = fun->obj;
        char *recv = receiver(fun, m);
        Type *rt = m->recv ? m->recv : fun->x->type;
        char *pre = call_args(n, m->type, &recv, rt, cg_has_call(fun->x), false, &args, &nargs);
        return wrap(pre, cg_fmt("%s(%s)", cg_func_name(m), join(args, nargs, recv)));
    }
    case CALL_IFACE: {
        Node *dv = devirtualize(n, fun);
        if (dv) return cg_call(dv);
        Obj *m = fun->obj;
        Type *ft = m->type;
        char *iv = cg_tmp();
        char *pre = call_args(n, ft, NULL, NULL, false, true, &args, &nargs);
        return cg_fmt("({ SwIface %s = %s; %sif (!%s.type) sw_panic_nil(); %s(%s); })", iv, iface_operand(fun), pre, iv,
                      iface_fnptr(ft, iv, m->name), join(args, nargs, cg_fmt("%s.data", iv)));
    }
    case CALL_VALUE:
    default: {
        Type *ft = type_underlying(fun->type);
        char *f = cg_tmp();
        char *pre = call_args(n, ft, NULL, NULL, false, true, &args, &nargs);
        return cg_fmt("({ SwFunc *%s = %s; %sif (!%s) sw_panic_nil(); ((%s (*)%s)%s->fn)(%s); })", f, cg_expr(fun), pre,
                      f, cg_result_ctype(ft), cg_param_ctypes(ft, "SwFunc *"), f, join(args, nargs, f));
    }
    }
}

/* ---- builtins -------------------------------------------------------------------- */

static char *print_val(Type *t, const char *e)
{
    Type *u = type_underlying(t);
    if (type_is_boolean(u)) return cg_fmt("sw_print_bool(%s)", e);
    if (type_is_integer(u)) {
        if (type_is_unsigned(u)) return cg_fmt("sw_print_uint((uint64_t)(%s))", e);
        return cg_fmt("sw_print_int((int64_t)(%s))", e);
    }
    if (type_is_float(u)) return cg_fmt("sw_print_float((double)(%s))", e);
    if (type_is_string(u)) return cg_fmt("sw_print_string(%s)", e);
    switch (u->kind) {
    case TY_INTERFACE: return cg_fmt("sw_print_iface(%s)", e);
    case TY_SLICE: return cg_fmt("sw_print_slice(%s)", e);
    case TY_UNTYPED_NIL: return "sw_print_pointer(NULL)";
    default: return cg_fmt("sw_print_pointer((const void *)(%s))", e);
    }
}

static char *print_one(Node *a) { return print_val(a->type, cg_expr(a)); }

static Type *elem_of(Type *t) { return type_underlying(t)->elem; }

static char *builtin_call(Node *n)
{
    NodeList *a = &n->args;
    switch (n->builtin) {
    case BI_LEN: case BI_CAP: {
        Node *x = a->v[0];
        Type *u = type_underlying(x->type);
        const char *f = n->builtin == BI_LEN ? "len" : "cap";
        switch (u->kind) {
        case TY_STRING: case TY_UNTYPED_STRING:
            return cg_fmt("(%s).len", cg_expr(x));
        case TY_SLICE:
            return cg_fmt("(%s).%s", cg_expr(x), f);
        case TY_MAP:
            return cg_fmt("sw_map_len(%s)", cg_expr(x));
        case TY_CHAN:
            return cg_fmt("sw_chan_%s(%s)", f, cg_expr(x));
        case TY_ARRAY:
            if (cg_has_call(x)) return cg_fmt("({ (void)(%s); %lldLL; })", cg_expr(x), (long long)u->len);
            return cg_fmt("%lldLL", (long long)u->len);
        case TY_POINTER:
            if (cg_has_call(x))
                return cg_fmt("({ (void)(%s); %lldLL; })", cg_expr(x), (long long)type_underlying(u->elem)->len);
            return cg_fmt("%lldLL", (long long)type_underlying(u->elem)->len);
        default:
            return "0LL";
        }
    }
    case BI_APPEND: {
        Node *s = a->v[0];
        Type *st = n->type ? n->type : s->type;
        Type *et = elem_of(st);
        const char *ct = cg_ctype(et);
        char *sv = cg_tmp();
        const char *ns = cg_has_pointers(et) ? "" : "_noscan";
        if (a->len == 1) return cg_expr(s);
        if (n->has_ellipsis) {
            Node *t = a->v[1];
            char *tv = cg_tmp();
            char *te = type_is_string(t->type) ? cg_fmt("swc_str2slice(%s)", cg_expr(t)) : cg_expr(t);
            return cg_fmt("({ SwSlice %s = %s; SwSlice %s = %s; sw_slice_append%s(%s, %s.ptr, %s.len, sizeof(%s)); })", sv,
                          cg_expr_to(s, st), tv, te, ns, sv, tv, tv, ct);
        }
        if (a->len == 2) {
            char *v = cg_tmp();
            return cg_fmt("({ SwSlice %s = %s; %s %s = %s; %s = swc_append1%s(%s, sizeof(%s)); ((%s *)%s.ptr)[%s.len - 1] = %s; "
                          "%s; })",
                          sv, cg_expr_to(s, st), ct, v, cg_expr_to(a->v[1], et), sv, ns, sv, ct, ct, sv, sv, v, sv);
        }
        CgBuf b = {0};
        char *arr = cg_tmp();
        cg_printf(&b, "({ SwSlice %s = %s; %s %s[%d]; ", sv, cg_expr_to(s, st), ct, arr, a->len - 1);
        for (int i = 1; i < a->len; i++) cg_printf(&b, "%s[%d] = %s; ", arr, i - 1, cg_expr_to(a->v[i], et));
        cg_printf(&b, "sw_slice_append%s(%s, %s, %d, sizeof(%s)); })", ns, sv, arr, a->len - 1, ct);
        char *r = arena_strdup(b.p);
        free(b.p);
        return r;
    }
    case BI_COPY: {
        Node *d = a->v[0], *s = a->v[1];
        char *dv = cg_tmp(), *sv = cg_tmp();
        char *se = type_is_string(s->type) ? cg_fmt("swc_str2slice(%s)", cg_expr(s)) : cg_expr(s);
        return cg_fmt("({ SwSlice %s = %s; SwSlice %s = %s; sw_slice_copy(%s, %s, sizeof(%s)); })", dv, cg_expr(d), sv, se,
                      dv, sv, cg_ctype(elem_of(d->type)));
    }
    case BI_DELETE: {
        Type *u = type_underlying(a->v[0]->type);
        char *m = cg_tmp(), *k = cg_tmp();
        return cg_fmt("({ SwMap *%s = %s; %s %s = %s; sw_map_delete(%s, &%s); })", m, cg_expr(a->v[0]),
                      cg_ctype(u->key), k, cg_expr_to(a->v[1], u->key), m, k);
    }
    case BI_MAKE: {
        Type *t = n->type;
        Type *u = type_underlying(t);
        if (u->kind == TY_SLICE) {
            const char *ns = cg_has_pointers(u->elem) ? "" : "_noscan";
            char *len = cg_fmt("(int64_t)(%s)", cg_expr(a->v[1]));
            if (a->len > 2) {
                char *l = cg_tmp(), *c = cg_tmp();
                return cg_fmt("({ int64_t %s = %s; int64_t %s = (int64_t)(%s); sw_slice_make%s(sizeof(%s), %s, %s); })", l,
                              len, c, cg_expr(a->v[2]), ns, cg_ctype(u->elem), l, c);
            }
            char *l = cg_tmp();
            return cg_fmt("({ int64_t %s = %s; sw_slice_make%s(sizeof(%s), %s, %s); })", l, len, ns, cg_ctype(u->elem), l, l);
        }
        if (u->kind == TY_MAP)
            return cg_fmt("sw_map_make(%s, %s, %s)", cg_desc(u->key), cg_desc(u->elem),
                          a->len > 1 ? cg_fmt("(int64_t)(%s)", cg_expr(a->v[1])) : "0");
        if (u->kind == TY_CHAN)
            return cg_fmt("sw_chan_make((int64_t)sizeof(%s), %s, %s)", cg_ctype(u->elem),
                          a->len > 1 ? cg_fmt("(int64_t)(%s)", cg_expr(a->v[1])) : "0",
                          cg_has_pointers(u->elem) ? "false" : "true");
        return "NULL /* make of an unsupported type */";
    }
    case BI_NEW: {
        Type *t = elem_of(n->type);
        const char *ct = cg_ctype(t);
        return cg_fmt("((%s *)%s(sizeof(%s)))", ct, cg_has_pointers(t) ? "sw_alloc" : "sw_alloc_noscan", ct);
    }
    case BI_PANIC:
        return cg_fmt("sw_panic(%s)", cg_expr_to(a->v[0], ty_any));
    case BI_PRINT: case BI_PRINTLN: {
        CgBuf b = {0};
        cg_puts(&b, "({ ");
        for (int i = 0; i < a->len; i++) {
            if (i && n->builtin == BI_PRINTLN) cg_puts(&b, "sw_print_space(); ");
            cg_printf(&b, "%s; ", print_one(a->v[i]));
        }
        if (n->builtin == BI_PRINTLN) cg_puts(&b, "sw_print_nl(); ");
        cg_puts(&b, "})");
        char *r = arena_strdup(b.p);
        free(b.p);
        return r;
    }
    case BI_RECOVER:
        return cg_fn && cg_fn->claims_recover ? "sw_recover(_rp)" : "((SwIface){})";
    case BI_CLOSE:
        return cg_fmt("sw_chan_close(%s)", cg_expr(a->v[0]));
    default:
        return "0 /* unsupported builtin */";
    }
}

/* ---- conversions ------------------------------------------------------------------- */

char *cg_conversion(Node *n)
{
    Type *t = n->type;
    Node *x = n->args.v[0];
    Type *s = x->type;
    Type *tu = type_underlying(t), *su = s ? type_underlying(s) : NULL;
    if (is_iface(t) || cg_is_nil(x) || !su) return cg_expr_to(x, t);
    if (type_is_string(tu)) {
        if (type_is_integer(su)) return cg_fmt("sw_str_from_rune((int64_t)(%s))", cg_expr(x));
        if (su->kind == TY_SLICE) {
            Type *eu = type_underlying(su->elem);
            if (eu->kind == TY_INT32) return cg_fmt("sw_str_from_runes(%s)", cg_expr(x));
            return cg_fmt("sw_str_from_bytes(%s)", cg_expr(x));
        }
        return cg_expr(x);
    }
    if (tu->kind == TY_SLICE && type_is_string(su)) {
        Type *eu = type_underlying(tu->elem);
        if (eu->kind == TY_INT32) return cg_fmt("sw_runes_from_str(%s)", cg_expr(x));
        return cg_fmt("sw_bytes_from_str(%s)", cg_expr(x));
    }
    const char *ct = cg_ctype(t);
    if (type_is_numeric(tu) && type_is_numeric(su)) {
        if (type_is_integer(tu) && type_is_float(su)) {
            if (tu->kind == TY_UINT64 || tu->kind == TY_UINT || tu->kind == TY_UINTPTR)
                return cg_fmt("((%s)sw_f2u64((double)(%s)))", ct, cg_expr(x));
            return cg_fmt("((%s)sw_f2i64((double)(%s)))", ct, cg_expr(x));
        }
        return cg_fmt("((%s)(%s))", ct, cg_expr(x));
    }
    const char *cs = cg_ctype(s);
    if (strcmp(ct, cs) == 0) return cg_expr(x);
    if (tu->kind == TY_POINTER && su->kind == TY_SLICE) {
        /* (*[N]T)(s): panics when len(s) < N; a nil slice gives nil */
        int64_t alen = type_underlying(tu->elem)->len;
        char *v = cg_tmp();
        return cg_fmt("({ SwSlice %s = %s; if (%s.len < %lld) swc_panic_slice2arr(%s.len, %lld); (%s)%s.ptr; })", v,
                      cg_expr(x), v, (long long)alen, v, (long long)alen, ct, v);
    }
    if (tu->kind == TY_POINTER || tu->kind == TY_UNSAFEPTR) return cg_fmt("((%s)(%s))", ct, cg_expr(x));
    /* structs differing only in tags: same layout */
    char *a = cg_tmp(), *b = cg_tmp();
    return cg_fmt("({ %s %s = %s; %s %s; memcpy(&%s, &%s, sizeof %s); %s; })", cs, a, cg_expr(x), ct, b, b, a, b, b);
}

/* ---- function values ---------------------------------------------------------------- */

static CgMap funcvals;
static CgMap methvals;

char *cg_func_value(Obj *f)
{
    const char *v = cg_map_get(&funcvals, f);
    if (v) return (char *)v;
    const char *name = cg_func_name(f);
    int id = cg_newid();
    char *w = cg_fmt("_fw%d", id);
    v = cg_fmt("(&_fv%d)", id);
    cg_map_put(&funcvals, f, (void *)v);
    Type *ft = f->type;
    const char *rt = cg_result_ctype(ft);
    cg_printf(&cg_sec_protos, "static %s %s%s;\n", rt, w, cg_param_ctypes(ft, "SwFunc *"));
    cg_printf(&cg_sec_protos, "static SwFunc _fv%d = { (void (*)(void))%s };\n", id, w);
    CgBuf *o = &cg_sec_funcs;
    cg_printf(o, "#line 1 \"<swc-generated>\"\nstatic %s %s(SwFunc *self", rt, w);
    for (int i = 0; i < ft->nparams; i++) cg_printf(o, ", %s a%d", cg_ctype(ft->params[i]), i);
    cg_puts(o, ")\n{\n    (void)self;\n");
    if (cg_obj_calls_recover(f)) cg_printf(o, "    sw_recover_forward((const void *)%s, (const void *)%s);\n", w, name);
    cg_printf(o, "    %s%s(", ft->nresults ? "return " : "", name);
    for (int i = 0; i < ft->nparams; i++) cg_printf(o, "%sa%d", i ? ", " : "", i);
    cg_puts(o, ");\n}\n\n");
    return (char *)v;
}

/* writes the C function of a function literal (and its closure struct
 * `struct _C<id>` when it captures variables); returns its name */
static char *funclit_code(Node *n, int *idout)
{
    int id = cg_newid();
    *idout = id;
    Type *ft = n->type;
    if (!ft || ft->kind != TY_FUNC) ft = type_underlying(n->type);
    char *fname = cg_fmt("_fl%d", id);
    cg_next_node = n;
    /* gc 1.19's closure names: outer.funcN, and outer.funcN.M inside one */
    if (cg_fn && cg_fn->goname) {
        int k = ++cg_fn->nclosures;
        cg_next_goname = cg_fn->is_closure ? cg_fmt("%s.%d", cg_fn->goname, k) : cg_fmt("%s.func%d", cg_fn->goname, k);
        cg_next_is_closure = true;
        cg_trace_name(fname, cg_next_goname);
    }
    /* closure struct */
    if (n->ncaptures) {
        cg_printf(&cg_sec_structs, "struct _C%d { void (*fn)(void);", id);
        for (int i = 0; i < n->ncaptures; i++)
            cg_printf(&cg_sec_structs, " %s *c%d;", cg_ctype(n->captures[i]->type), i);
        cg_puts(&cg_sec_structs, " };\n");
    }
    CgBuf pro = {0};
    cg_puts(&pro, "");
    if (n->ncaptures) {
        cg_printf(&pro, "    struct _C%d *_cl = (struct _C%d *)self;\n", id, id);
        for (int i = 0; i < n->ncaptures; i++) {
            Obj *o = n->captures[i];
            cg_printf(&pro, "    %s *%s = _cl->c%d;\n", cg_ctype(o->type), cg_var_name(o), i);
        }
    } else {
        cg_puts(&pro, "    (void)self;\n");
    }
    cg_function(n->ftype, ft, NULL, NULL, n->body, cg_fmt("static %s %s", cg_result_ctype(ft), fname), "SwFunc *self",
                pro.p);
    free(pro.p);
    return fname;
}

char *cg_funclit(Node *n)
{
    int id;
    char *fname = funclit_code(n, &id);
    if (!n->ncaptures) {
        cg_printf(&cg_sec_protos, "static SwFunc _clo%d = { (void (*)(void))%s };\n", id, fname);
        return cg_fmt("(&_clo%d)", id);
    }
    char *c = cg_tmp();
    CgBuf b = {0};
    cg_printf(&b, "({ struct _C%d *%s = sw_alloc(sizeof(struct _C%d)); %s->fn = (void (*)(void))%s; ", id, c, id, c, fname);
    for (int i = 0; i < n->ncaptures; i++) cg_printf(&b, "%s->c%d = %s; ", c, i, cg_var_name(n->captures[i]));
    cg_printf(&b, "(SwFunc *)%s; })", c);
    char *r = arena_strdup(b.p);
    free(b.p);
    return r;
}

/* x.M as a value binds the receiver now; T.M is a function taking it first */
char *cg_method_value(Node *sel)
{
    Obj *m = sel->obj;
    Type *ft = m->type;
    const char *rt = cg_result_ctype(ft);
    CgBuf *o = &cg_sec_funcs;
    if (sel->sel_kind == SEL_METHOD_EXPR) {
        Type *recvt = sel->x->type;
        char *key = cg_fmt("%p", (void *)recvt);
        (void)key;
        int id = cg_newid();
        Type *mt = sel->type;  /* func(recv, params...) */
        cg_printf(&cg_sec_protos, "static %s _me%d%s;\n", rt, id, cg_param_ctypes(mt, "SwFunc *"));
        cg_printf(&cg_sec_protos, "static SwFunc _mev%d = { (void (*)(void))_me%d };\n", id, id);
        cg_printf(o, "#line 1 \"<swc-generated>\"\nstatic %s _me%d(SwFunc *self, %s r", rt, id, cg_ctype(recvt));
        for (int i = 0; i < ft->nparams; i++) cg_printf(o, ", %s a%d", cg_ctype(ft->params[i]), i);
        cg_puts(o, ")\n{\n    (void)self;\n");
        CgBuf args = {0};
        cg_puts(&args, "");
        for (int i = 0; i < ft->nparams; i++) cg_printf(&args, ", a%d", i);
        const char *ret = ft->nresults ? "return " : "";
        Type *vt;
        char *v = cg_walk_path("r", recvt, sel->path, sel->npath, &vt);
        if (is_iface(vt)) {
            cg_printf(o, "    SwIface _i = %s;\n    if (!_i.type) sw_panic_nil();\n    %s%s(_i.data%s);\n", v, ret,
                       iface_fnptr(ft, "_i", m->name), args.p);
        } else {
            bool want_ptr = m->recv && m->recv->kind == TY_POINTER;
            bool have_ptr = type_underlying(vt)->kind == TY_POINTER;
            char *recv = want_ptr ? (have_ptr ? v : cg_fmt("&%s", v)) : (have_ptr ? cg_fmt("(*SWC_NIL(%s))", v) : v);
            const char *pw = cg_panicwrap(recvt, m, sel->npath, "r");
            if (pw) cg_puts(o, pw);
            if (cg_obj_calls_recover(m))
                cg_printf(o, "    sw_recover_forward((const void *)_me%d, (const void *)%s);\n", id, cg_func_name(m));
            cg_printf(o, "    %s%s(%s%s);\n", ret, cg_func_name(m), recv, args.p);
        }
        cg_puts(o, "}\n\n");
        free(args.p);
        return cg_fmt("(&_mev%d)", id);
    }
    bool iface = sel->sel_kind == SEL_IFACE_METHOD;
    Type *rty = iface ? NULL : (m->recv ? m->recv : sel->x->type);
    intptr_t id = (intptr_t)cg_map_get(&methvals, iface ? (void *)sel : (void *)m);
    const char *rct = iface ? "SwIface" : cg_ctype(rty);
    if (!id) {
        id = cg_newid();
        cg_map_put(&methvals, iface ? (void *)sel : (void *)m, (void *)id);
        cg_printf(&cg_sec_structs, "struct _MV%d { void (*fn)(void); %s recv; };\n", (int)id, rct);
        cg_printf(&cg_sec_protos, "static %s _mv%d%s;\n", rt, (int)id, cg_param_ctypes(ft, "SwFunc *"));
        cg_printf(o, "#line 1 \"<swc-generated>\"\nstatic %s _mv%d(SwFunc *self", rt, (int)id);
        for (int i = 0; i < ft->nparams; i++) cg_printf(o, ", %s a%d", cg_ctype(ft->params[i]), i);
        cg_printf(o, ")\n{\n    %s r = ((struct _MV%d *)self)->recv;\n", rct, (int)id);
        CgBuf args = {0};
        cg_puts(&args, "");
        for (int i = 0; i < ft->nparams; i++) cg_printf(&args, ", a%d", i);
        const char *ret = ft->nresults ? "return " : "";
        if (iface) {
            cg_printf(o, "    %s%s(r.data%s);\n", ret, iface_fnptr(ft, "r", m->name), args.p);
        } else {
            if (cg_obj_calls_recover(m))
                cg_printf(o, "    sw_recover_forward((const void *)_mv%d, (const void *)%s);\n", (int)id, cg_func_name(m));
            cg_printf(o, "    %s%s(r%s);\n", ret, cg_func_name(m), args.p);
        }
        cg_puts(o, "}\n\n");
        free(args.p);
    }
    char *c = cg_tmp();
    char *recv = iface ? iface_operand(sel) : receiver(sel, m);
    const char *chk = iface ? cg_fmt("if (!%s->recv.type) sw_panic_nil(); ", c) : "";
    return cg_fmt("({ struct _MV%d *%s = sw_alloc(sizeof(struct _MV%d)); %s->fn = (void (*)(void))_mv%d; %s->recv = %s; "
                  "%s(SwFunc *)%s; })",
                  (int)id, c, (int)id, c, (int)id, c, recv, chk, c);
}

/* ---- defer statements ---------------------------------------------------------------
 *
 * `defer call` evaluates the function value and the arguments now into a
 * record `struct _dr<N> { SwDefer h; fields }` and pushes it on the
 * function's defer frame; the thunk `_dt<N>` makes the call from the record
 * when the frame runs its defers (rt/sw.h).  The record lives in the C
 * frame when the statement runs at most once per call (not in a loop, no
 * goto in the function), else on the heap.  A function literal deferred
 * directly keeps its closure inside the record instead of allocating one.
 */

typedef struct DeferRec {
    CgBuf fields;    /* field declarations */
    CgBuf stores;    /* statements filling the record `_p` */
    CgBuf call;      /* the thunk's statements, reading the record `r` */
    const char *target;   /* C expression of the target code, or NULL */
    int nf;
    bool go;              /* a go statement's record (no SwDefer header) */
} DeferRec;

/* a field of C type ct holding `val`; returns the thunk's expression for it */
static char *rec_field(DeferRec *d, const char *ct, const char *val)
{
    int k = d->nf++;
    cg_printf(&d->fields, " %s f%d;", ct, k);
    cg_printf(&d->stores, "_p->f%d = %s; ", k, val);
    return cg_fmt("r->f%d", k);
}

/* the argument values of a call into fields; returns the thunk's list */
static char *rec_args(DeferRec *d, Type *ft, char **args, int nargs, const char *first)
{
    char **v = arena_alloc(sizeof(char *) * (size_t)(nargs + 1));
    for (int i = 0; i < nargs; i++) {
        Type *pt = i < ft->nparams ? ft->params[i] : NULL;
        v[i] = rec_field(d, pt ? cg_ctype(pt) : "int64_t", args[i]);
    }
    return join(v, nargs, first);
}

static void defer_builtin(DeferRec *d, Node *call)
{
    NodeList *a = &call->args;
    switch (call->builtin) {
    case BI_PANIC: {
        char *v = rec_field(d, "SwIface", cg_expr_to(a->v[0], ty_any));
        cg_printf(&d->call, "sw_panic(%s);", v);
        return;
    }
    case BI_PRINT: case BI_PRINTLN: {
        char **v = arena_alloc(sizeof(char *) * (size_t)(a->len + 1));
        for (int i = 0; i < a->len; i++) v[i] = rec_field(d, cg_ctype(a->v[i]->type), cg_expr(a->v[i]));
        for (int i = 0; i < a->len; i++) {
            if (i && call->builtin == BI_PRINTLN) cg_puts(&d->call, "sw_print_space(); ");
            cg_printf(&d->call, "%s; ", print_val(a->v[i]->type, v[i]));
        }
        if (call->builtin == BI_PRINTLN) cg_puts(&d->call, "sw_print_nl();");
        return;
    }
    case BI_DELETE: {
        Type *u = type_underlying(a->v[0]->type);
        char *m = rec_field(d, "SwMap *", cg_expr(a->v[0]));
        char *k = rec_field(d, cg_ctype(u->key), cg_expr_to(a->v[1], u->key));
        cg_printf(&d->call, "sw_map_delete(%s, &%s);", m, k);
        return;
    }
    case BI_COPY: {
        Node *s = a->v[1];
        char *dv = rec_field(d, "SwSlice", cg_expr(a->v[0]));
        char *sv = rec_field(d, "SwSlice",
                             type_is_string(s->type) ? cg_fmt("swc_str2slice(%s)", cg_expr(s)) : cg_expr(s));
        cg_printf(&d->call, "sw_slice_copy(%s, %s, sizeof(%s));", dv, sv, cg_ctype(elem_of(a->v[0]->type)));
        return;
    }
    case BI_CLOSE: {
        char *c = rec_field(d, "SwChan *", cg_expr(a->v[0]));
        cg_printf(&d->call, "sw_chan_close(%s);", c);
        return;
    }
    case BI_RECOVER: {
        if (d->go) {
            cg_puts(&d->call, "/* go recover(): nothing to recover */");
            return;
        }
        /* recover deferred directly acts at the function's exit, as if the
         * function called it there */
        char *p = rec_field(d, "SwPanic *", cg_fn->claims_recover ? "_rp" : "NULL");
        cg_printf(&d->call, "(void)sw_recover(%s);", p);
        return;
    }
    default:
        cg_printf(&d->call, "/* unsupported deferred builtin */");
        return;
    }
}

bool cg_defer_may_recover(Node *s)
{
    Node *call = cg_unparen(s->x);
    if (!call || call->kind != ND_CALL) return false;
    Node *fun = cg_unparen(call->fun);
    switch (call->call_kind) {
    case CALL_BUILTIN:
        return call->builtin == BI_RECOVER;
    case CALL_FUNC: case CALL_METHOD:
        return fun->obj && cg_obj_calls_recover(fun->obj);
    case CALL_IFACE:
        return strcmp(cg_iface_recover_target("t", fun->obj->name, "d"), "(const void *)d") != 0;
    default:
        if (fun->kind == ND_FUNCLIT) return fun->body && cg_body_calls_recover(fun->body);
        return true;
    }
}

static void go_emit(Node *s, DeferRec *d, const char *pre);

/* `defer call` and `go call` (go: true) share the record that holds the
 * evaluated function value and arguments; they differ in where it lives
 * and who runs the thunk. */
static void defer_or_go(Node *s, bool go)
{
    Node *call = cg_unparen(s->x);
    if (!call || call->kind != ND_CALL) return;
    Node *fun = cg_unparen(call->fun);
    if (call->call_kind == CALL_IFACE) {
        Node *dv = devirtualize(call, fun);   /* gc 1.19 does it here too */
        if (dv) {
            call = dv;
            fun = dv->fun;
        }
    }
    DeferRec d = {0};
    d.go = go;
    cg_puts(&d.fields, "");
    cg_puts(&d.stores, "");
    cg_puts(&d.call, "");
    char *pre = "";
    char **args;
    int nargs;
    switch (call->call_kind) {
    case CALL_BUILTIN:
        defer_builtin(&d, call);
        break;
    case CALL_FUNC: {
        Obj *f = fun->obj;
        pre = call_args(call, f->type, NULL, NULL, false, false, &args, &nargs);
        const char *name = cg_func_name(f);
        cg_printf(&d.call, "%s(%s);", name, rec_args(&d, f->type, args, nargs, NULL));
        d.target = name;
        break;
    }
    case CALL_METHOD: {
        Obj *m = fun->obj;
        char *recv = receiver(fun, m);
        Type *rt = m->recv ? m->recv : fun->x->type;
        pre = call_args(call, m->type, &recv, rt, cg_has_call(fun->x), false, &args, &nargs);
        char *rv = rec_field(&d, cg_ctype(rt), recv);
        const char *name = cg_func_name(m);
        cg_printf(&d.call, "%s(%s);", name, rec_args(&d, m->type, args, nargs, rv));
        d.target = name;
        break;
    }
    case CALL_IFACE: {
        Obj *m = fun->obj;
        Type *ft = m->type;
        char *iv = cg_tmp();
        char *p0 = cg_fmt("SwIface %s = %s; ", iv, iface_operand(fun));
        char *p1 = call_args(call, ft, NULL, NULL, false, false, &args, &nargs);
        pre = cg_fmt("%s%sif (!%s.type) sw_panic_nil(); ", p0, p1, iv);
        char *fp = rec_field(&d, "__typeof__(void (*)(void))", cg_fmt("SWC_IMETHOD(%s.type, \"%s\")", iv, m->name));
        char *rv = rec_field(&d, "void *", cg_fmt("%s.data", iv));
        cg_printf(&d.call, "((%s (*)%s)%s)(%s);", cg_result_ctype(ft), cg_param_ctypes(ft, "void *"), fp,
                  rec_args(&d, ft, args, nargs, rv));
        d.target = cg_iface_recover_target(cg_fmt("%s.type", iv), m->name, "_p->f0");
        break;
    }
    case CALL_VALUE:
    default: {
        Type *ft = type_underlying(fun->type);
        const char *cast = cg_fmt("(%s (*)%s)", cg_result_ctype(ft), cg_param_ctypes(ft, "SwFunc *"));
        if (fun->kind == ND_FUNCLIT) {
            int id;
            char *fname = funclit_code(fun, &id);
            pre = call_args(call, ft, NULL, NULL, false, false, &args, &nargs);
            char *self = "NULL";
            if (fun->ncaptures) {
                cg_printf(&d.fields, " struct _C%d clo;", id);
                cg_printf(&d.stores, "_p->clo.fn = (void (*)(void))%s; ", fname);
                for (int i = 0; i < fun->ncaptures; i++)
                    cg_printf(&d.stores, "_p->clo.c%d = %s; ", i, cg_var_name(fun->captures[i]));
                self = "(SwFunc *)&r->clo";
            }
            cg_printf(&d.call, "%s(%s);", fname, rec_args(&d, ft, args, nargs, self));
            d.target = fname;
            break;
        }
        char *fv = cg_expr(fun);
        pre = call_args(call, ft, &fv, fun->type, cg_has_call(fun), false, &args, &nargs);
        char *f = rec_field(&d, "SwFunc *", fv);
        /* Go 1.19 hands a func() value to the new goroutine as is (any other
         * call is wrapped in a closure): nil dies in the spawner with
         * "fatal error: go of nil func value"; wrapped, the new coroutine
         * panics on the nil call. */
        if (go && ft->nparams == 0 && ft->nresults == 0)
            cg_printf(&d.stores, "sw_go_check_func(_p->f0); ");
        cg_printf(&d.call, "if (!%s) sw_panic_nil(); (%s%s->fn)(%s);", f, cast, f, rec_args(&d, ft, args, nargs, f));
        d.target = "(_p->f0 ? (const void *)_p->f0->fn : NULL)";
        break;
    }
    }
    if (go) {
        go_emit(s, &d, pre);
        return;
    }
    int id = cg_newid();
    /* the record type and the thunk, ahead of the function being written */
    CgBuf *o = &cg_sec_funcs;
    cg_printf(o, "struct _dr%d { SwDefer h;%s };\n", id, d.fields.p);
    cg_printf(o, "static void _dt%d(SwDefer *_d)\n{\n    struct _dr%d *r = (struct _dr%d *)_d;\n    (void)r;\n", id, id, id);
    {
        CgFunc *inner = cg_fn;
        CgFunc tmp = {0};
        cg_fn = &tmp;
        cg_pos_line(s->pos);
        cg_fn = inner;
        if (tmp.body.p) cg_puts(o, tmp.body.p);
        free(tmp.body.p);
    }
    cg_printf(o, "    %s\n}\n\n", d.call.p);
    bool once = cg_fn->loop_depth == 0 && !cg_fn->has_goto;
    cg_line("{");
    cg_fn->indent++;
    if (*pre) cg_line("%s", pre);
    if (once) {
        cg_printf(&cg_fn->top, "    struct _dr%d _dv%d;\n", id, id);
        cg_line("struct _dr%d *_p = &_dv%d;", id, id);
    } else {
        cg_line("struct _dr%d *_p = sw_alloc(sizeof(struct _dr%d));", id, id);
    }
    if (d.stores.len) cg_line("%s", d.stores.p);
    cg_line("_p->h.fn = _dt%d;", id);
    cg_line("_p->h.target = %s%s;", d.target ? "(const void *)" : "", d.target ? d.target : "NULL");
    cg_line("sw_defer_push(&_df, &_p->h);");
    cg_fn->indent--;
    cg_line("}");
    free(d.fields.p);
    free(d.stores.p);
    free(d.call.p);
}

void cg_defer_stmt(Node *s)
{
    defer_or_go(s, false);
}

/* ---- go statements ------------------------------------------------------------------
 *
 * `go call` evaluates the function value and the arguments in the current
 * coroutine into a heap record `struct _gr<N>` (the same fields as a defer
 * record), then sw_go(_gt<N>, record): the new coroutine runs the thunk,
 * which makes the call.  The record is the coroutine's argument, so it
 * stays reachable while the coroutine lives (rt/co/co.h).
 */
static void go_emit(Node *s, DeferRec *d, const char *pre)
{
    int id = cg_newid();
    CgBuf *o = &cg_sec_funcs;
    cg_printf(o, "struct _gr%d { int _unused;%s };\n", id, d->fields.p);
    cg_printf(o, "static void _gt%d(void *_a)\n{\n    struct _gr%d *r = _a;\n    (void)r;\n", id, id);
    {
        CgFunc *inner = cg_fn;
        CgFunc tmp = {0};
        cg_fn = &tmp;
        cg_pos_line(s->pos);
        cg_fn = inner;
        if (tmp.body.p) cg_puts(o, tmp.body.p);
        free(tmp.body.p);
    }
    cg_printf(o, "    %s\n}\n\n", d->call.p);
    /* one C line, so that all of it has the go statement's #line */
    cg_line("{ %s%sstruct _gr%d *_p = sw_alloc(sizeof(struct _gr%d)); %ssw_go(_gt%d, _p); }", pre,
            *pre ? " " : "", id, id, d->stores.len ? d->stores.p : "", id);
    free(d->fields.p);
    free(d->stores.p);
    free(d->call.p);
}

void cg_go_stmt(Node *s)
{
    defer_or_go(s, true);
}
