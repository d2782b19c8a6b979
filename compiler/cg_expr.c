// SPDX-License-Identifier: MIT
/*
 * cg_expr.c — expressions: constants, identifiers, operators with Go's exact
 * semantics (wrapping small integers, checked division and shifts, string
 * and struct comparison), indexing and slicing with bounds checks, field
 * selection with nil checks, composite literals, type assertions, and the
 * implicit conversions of assignability (concrete value to interface, nil).
 *
 * Every function returns a C expression string.  Checks and temporaries
 * live inside GNU statement expressions, so an expression can be used
 * anywhere C wants one.  Go fixes the order of calls inside an expression
 * while C does not: when two operands contain calls, they are evaluated into
 * temporaries first (cg_order).
 */
#include "cg.h"

#include <stdlib.h>
#include <string.h>

Node *cg_unparen(Node *n)
{
    while (n && n->kind == ND_PAREN) n = n->x;
    return n;
}

bool cg_is_nil(Node *n)
{
    n = cg_unparen(n);
    if (!n) return false;
    if (n->type && n->type->kind == TY_UNTYPED_NIL) return true;
    return n->kind == ND_IDENT && n->obj && n->obj->kind == OBJ_NIL;
}

static bool is_iface(Type *t) { return t && type_underlying(t)->kind == TY_INTERFACE; }

bool cg_has_call(Node *n)
{
    if (!n || n->cv || n->is_type) return false;
    switch (n->kind) {
    case ND_CALL:
        if (n->call_kind == CALL_CONV) return n->args.len > 0 && cg_has_call(n->args.v[0]);
        if (n->call_kind == CALL_BUILTIN && (n->builtin == BI_LEN || n->builtin == BI_CAP))
            return n->args.len > 0 && cg_has_call(n->args.v[0]);
        return true;
    case ND_UNARY:
        if (n->op == OP_ARROW) return true;
        return cg_has_call(n->x);
    case ND_FUNCLIT: case ND_IDENT: case ND_BASICLIT:
        return false;
    case ND_SELECTOR:
        return n->sel_kind != SEL_PKG && cg_has_call(n->x);
    default:
        break;
    }
    if (cg_has_call(n->x) || cg_has_call(n->y) || cg_has_call(n->index) || cg_has_call(n->lo) ||
        cg_has_call(n->hi) || cg_has_call(n->max))
        return true;
    for (int i = 0; i < n->elts.len; i++)
        if (cg_has_call(n->elts.v[i])) return true;
    return false;
}

/* Go evaluates calls left to right; gc also evaluates every call of an
 * operand list before the operands without calls (fmt.Println(s, pop(&s))
 * prints the new s), and Sw prints what gc prints.  So when an operand list
 * has calls, the operands with calls go into temporaries first, in order,
 * and the others are evaluated in place afterwards.  Returns the
 * declarations of the temporaries ("" when none are needed). */
char *cg_order(int n, char **vals, Type **types, bool *calls)
{
    int ncalls = 0;
    for (int i = 0; i < n; i++) ncalls += calls[i];
    if (ncalls == 0 || n < 2) return "";
    CgBuf b = {0};
    for (int i = 0; i < n; i++) {
        if (!calls[i]) continue;
        char *t = cg_tmp();
        cg_printf(&b, "%s %s = %s; ", cg_ctype(types[i]), t, vals[i]);
        vals[i] = t;
    }
    char *r = arena_strdup(b.p);
    free(b.p);
    return r;
}

static const char *int_suffix(Type *t)
{
    switch (type_underlying(t)->kind) {
    case TY_INT8: return "i8";
    case TY_INT16: return "i16";
    case TY_INT32: case TY_UNTYPED_RUNE: return "i32";
    case TY_UINT8: return "u8";
    case TY_UINT16: return "u16";
    case TY_UINT32: return "u32";
    case TY_UINT: case TY_UINT64: case TY_UINTPTR: return "u64";
    default: return "i64";
    }
}

/* ---- constants ------------------------------------------------------------- */

static char *int_lit(__int128 v, Type *u)
{
    if (type_is_unsigned(u)) {
        unsigned long long x = (unsigned long long)v;
        if (u->kind == TY_UINT64 || u->kind == TY_UINT || u->kind == TY_UINTPTR) return cg_fmt("%lluULL", x);
        return cg_fmt("((%s)%lluULL)", cg_ctype(u), x);
    }
    long long x = (long long)v;
    if (x == INT64_MIN) return "(-9223372036854775807LL-1)";
    if (u->kind == TY_INT || u->kind == TY_INT64 || u->kind == TY_UNTYPED_INT) return cg_fmt("%lldLL", x);
    return cg_fmt("((%s)%lldLL)", cg_ctype(u), x);
}

char *cg_const(ConstVal *cv, Type *t)
{
    Type *u = t ? type_underlying(t) : NULL;
    if (u && u->kind == TY_INTERFACE) {
        Type *dt = cv->kind == CV_BOOL ? ty_bool : cv->kind == CV_INT ? ty_int
                 : cv->kind == CV_FLOAT ? ty_float64 : ty_string;
        return cg_box(cg_const(cv, dt), dt);
    }
    switch (cv->kind) {
    case CV_BOOL:
        return cv->b ? "true" : "false";
    case CV_STRING:
        return cg_fmt("SW_STR(%s)", cg_c_string(cv->s ? cv->s : "", cv->slen));
    case CV_INT:
        if (u && type_is_float(u)) {
            if (u->kind == TY_FLOAT32) return cg_fmt("%af", (double)(float)cv->i);
            return cg_fmt("%a", (double)cv->i);
        }
        return int_lit(cv->i, u ? u : ty_int);
    case CV_FLOAT:
        if (u && type_is_integer(u)) return int_lit((__int128)cv->f, u);
        if (u && u->kind == TY_FLOAT32) return cg_fmt("%af", (double)(float)cv->f);
        return cg_fmt("%a", (double)cv->f);
    case CV_COMPLEX:
        return cg_fmt("(%a + %a * 1.0i)", (double)cv->f, (double)cv->im);
    }
    return "0";
}

/* ---- conversions of assignability ------------------------------------------ */

char *cg_box(const char *c, Type *from)
{
    if (!from || from->kind == TY_UNTYPED_NIL) return "((SwIface){})";
    if (type_is_untyped(from)) {
        switch (from->kind) {
        case TY_UNTYPED_BOOL: from = ty_bool; break;
        case TY_UNTYPED_RUNE: from = ty_int32; break;
        case TY_UNTYPED_FLOAT: from = ty_float64; break;
        case TY_UNTYPED_STRING: from = ty_string; break;
        default: from = ty_int; break;
        }
    }
    if (is_iface(from)) return (char *)c;
    char *t = cg_tmp();
    return cg_fmt("({ %s %s = %s; sw_box(%s, &%s); })", cg_ctype(from), t, c, cg_desc(from), t);
}

char *cg_convert(const char *c, Type *from, Type *to)
{
    if (!from || !to || from == to) return (char *)c;
    if (from->kind == TY_UNTYPED_NIL) return (char *)cg_zero(to);
    if (is_iface(to)) {
        if (is_iface(from)) return (char *)c;
        return cg_box(c, from);
    }
    if (type_underlying(to)->kind == TY_POINTER && type_underlying(from)->kind == TY_POINTER) {
        /* recursive named pointer types spell differently in C */
        const char *ct = cg_ctype(to);
        if (strcmp(ct, cg_ctype(from)) != 0) return cg_fmt("((%s)(%s))", ct, c);
    }
    return (char *)c;
}

char *cg_expr_to(Node *n, Type *t)
{
    if (cg_is_nil(n)) return (char *)cg_zero(t);
    if (n->cv && t && !is_iface(t)) return cg_const(n->cv, t);
    return cg_convert(cg_expr(n), n->type, t);
}

/* ---- identifiers and selectors -------------------------------------------- */

static char *ident_expr(Node *n)
{
    Obj *o = n->obj;
    if (!o) return "0";
    switch (o->kind) {
    case OBJ_VAR: return (char *)cg_var_ref(o);
    case OBJ_CONST: return cg_const(o->cv, n->type ? n->type : o->type);
    case OBJ_FUNC: return cg_func_value(o);
    case OBJ_NIL: return (char *)cg_zero(n->type);
    default: return "0";
    }
}

bool cg_addressable(Node *n)
{
    n = cg_unparen(n);
    if (!n) return false;
    switch (n->kind) {
    case ND_IDENT:
        return n->obj && n->obj->kind == OBJ_VAR;
    case ND_STAR:
        return true;
    case ND_SELECTOR:
        if (n->sel_kind == SEL_PKG) return n->obj && n->obj->kind == OBJ_VAR;
        if (n->sel_kind != SEL_FIELD) return false;
        if (type_underlying(n->x->type)->kind == TY_POINTER) return true;
        {
            /* a pointer step on the way makes the rest addressable */
            Type *t = n->x->type;
            for (int i = 0; i < n->npath; i++) {
                Type *u = type_underlying(t);
                if (u->kind == TY_POINTER) return true;
                t = u->fields[n->path[i]].type;
            }
        }
        return cg_addressable(n->x);
    case ND_INDEX: {
        Type *u = type_underlying(n->x->type);
        if (u->kind == TY_SLICE) return true;
        if (u->kind == TY_POINTER) return true;
        if (u->kind == TY_ARRAY) return cg_addressable(n->x);
        return false;
    }
    default:
        return false;
    }
}

static char *index_check(Node *idx, int64_t len)
{
    if (idx->cv) return cg_expr_to(idx, ty_int);
    return cg_fmt("SWC_CHK(%s, %lld)", cg_expr(idx), (long long)len);
}

char *cg_lval(Node *n)
{
    n = cg_unparen(n);
    switch (n->kind) {
    case ND_IDENT:
        if (n->obj && n->obj->kind == OBJ_VAR) return (char *)cg_var_ref(n->obj);
        break;
    case ND_STAR:
        return cg_fmt("(*SWC_NIL(%s))", cg_expr(n->x));
    case ND_SELECTOR:
        if (n->sel_kind == SEL_PKG && n->obj && n->obj->kind == OBJ_VAR) return (char *)cg_var_ref(n->obj);
        if (n->sel_kind == SEL_FIELD) {
            Type *xt = n->x->type;
            const char *base = (type_underlying(xt)->kind == TY_POINTER || !cg_addressable(n->x))
                                   ? cg_expr(n->x) : cg_lval(n->x);
            return cg_walk_path(base, xt, n->path, n->npath, NULL);
        }
        break;
    case ND_INDEX: {
        Type *u = type_underlying(n->x->type);
        if (u->kind == TY_SLICE)
            return cg_fmt("SWC_SIDX(%s, %s, %s)", cg_ctype(u->elem), cg_expr(n->x), cg_expr(n->index));
        if (u->kind == TY_ARRAY) {
            if (cg_has_call(n->x) && cg_has_call(n->index)) {
                char *p = cg_tmp(), *i = cg_tmp();
                return cg_fmt("(*({ %s *%s = &%s; int64_t %s = %s; &%s->a[SWC_CHK(%s, %lld)]; }))", cg_ctype(u), p,
                              cg_lval(n->x), i, cg_expr(n->index), p, i, (long long)u->len);
            }
            return cg_fmt("(%s).a[%s]", cg_lval(n->x), index_check(n->index, u->len));
        }
        if (u->kind == TY_POINTER) {
            Type *a = type_underlying(u->elem);
            return cg_fmt("SWC_NIL(%s)->a[%s]", cg_expr(n->x), index_check(n->index, a->len));
        }
        break;
    }
    default:
        break;
    }
    /* not addressable in Go: materialise a temporary */
    char *p = cg_tmp();
    const char *ct = cg_ctype(n->type);
    return cg_fmt("(*({ %s *%s = %s(sizeof(%s)); *%s = %s; %s; }))", ct, p, cg_alloc_fn(n->type), ct, p, cg_expr(n), p);
}

static char *selector_expr(Node *n)
{
    switch (n->sel_kind) {
    case SEL_PKG: {
        Obj *o = n->obj;
        if (!o) return "0";
        if (o->kind == OBJ_VAR) return (char *)cg_var_ref(o);
        if (o->kind == OBJ_FUNC) return cg_func_value(o);
        if (o->kind == OBJ_CONST) return cg_const(o->cv, n->type);
        return "0";
    }
    case SEL_FIELD:
        if (cg_addressable(n)) return cg_lval(n);
        return cg_walk_path(cg_expr(n->x), n->x->type, n->path, n->npath, NULL);
    case SEL_METHOD: case SEL_IFACE_METHOD: case SEL_METHOD_EXPR:
        return cg_method_value(n);
    default:
        return "0";
    }
}

/* ---- index, slice ------------------------------------------------------------- */

static char *map_get(Node *n, Type *mt)
{
    Type *u = type_underlying(mt);
    char *m = cg_tmp(), *k = cg_tmp(), *p = cg_tmp();
    const char *vt = cg_ctype(u->elem);
    return cg_fmt("({ SwMap *%s = %s; %s %s = %s; %s *%s = sw_map_get(%s, &%s); %s ? *%s : %s; })", m,
                  cg_expr(n->x), cg_ctype(u->key), k, cg_expr_to(n->index, u->key), vt, p, m, k, p, p,
                  cg_zero(u->elem));
}

static char *index_expr(Node *n)
{
    Type *u = type_underlying(n->x->type);
    switch (u->kind) {
    case TY_STRING: case TY_UNTYPED_STRING:
        return cg_fmt("SWC_STRIDX(%s, %s)", cg_expr(n->x), cg_expr(n->index));
    case TY_MAP:
        return map_get(n, n->x->type);
    case TY_ARRAY:
        if (!cg_addressable(n->x)) {
            char *a = cg_tmp();
            return cg_fmt("({ %s %s = %s; %s.a[%s]; })", cg_ctype(u), a, cg_expr(n->x), a,
                          index_check(n->index, u->len));
        }
        return cg_lval(n);
    default:
        return cg_lval(n);
    }
}

static char *slice_expr(Node *n)
{
    Type *u = type_underlying(n->x->type);
    char *lo = n->lo ? cg_expr_to(n->lo, ty_int) : "0";
    char *hi = n->hi ? cg_expr_to(n->hi, ty_int) : "0";
    char *mx = n->max ? cg_expr_to(n->max, ty_int) : "0";
    int mode = (n->hi ? 1 : 0) | (n->max ? 2 : 0);
    char *tlo = cg_tmp(), *thi = cg_tmp(), *tmx = cg_tmp();
    char *idx = cg_fmt("int64_t %s = %s; int64_t %s = %s; int64_t %s = %s;", tlo, lo, thi, hi, tmx, mx);
    if (u->kind == TY_STRING || u->kind == TY_UNTYPED_STRING) {
        char *s = cg_tmp();
        return cg_fmt("({ SwString %s = %s; %s swc_strslice(%s, %s, %s, %d); })", s, cg_expr(n->x), idx, s, tlo,
                      thi, mode);
    }
    if (u->kind == TY_SLICE) {
        char *s = cg_tmp();
        return cg_fmt("({ SwSlice %s = %s; %s swc_slice(%s.ptr, %s.len, %s.cap, %s, %s, %s, %d, sizeof(%s)); })", s,
                      cg_expr(n->x), idx, s, s, s, tlo, thi, tmx, mode, cg_ctype(u->elem));
    }
    /* arrays (addressable) and pointers to arrays */
    Type *at = u;
    char *ptr;
    if (u->kind == TY_POINTER) {
        at = type_underlying(u->elem);
        ptr = cg_fmt("SWC_NIL(%s)", cg_expr(n->x));
    } else {
        ptr = cg_fmt("(&%s)", cg_lval(n->x));
    }
    char *p = cg_tmp();
    return cg_fmt("({ %s *%s = %s; %s swc_slice(%s->a, %lld, %lld, %s, %s, %s, %d, sizeof(%s)); })", cg_ctype(at), p,
                  ptr, idx, p, (long long)at->len, (long long)at->len, tlo, thi, tmx, mode | 4, cg_ctype(at->elem));
}

/* ---- type assertions -------------------------------------------------------- */

static char *extract(const char *iv, Type *t)
{
    if (is_iface(t)) return (char *)iv;
    if (cg_is_direct(t)) return cg_fmt("((%s)%s.data)", cg_ctype(t), iv);
    return cg_fmt("(*(%s *)%s.data)", cg_ctype(t), iv);
}

static char *assert_cond(const char *iv, Type *t)
{
    if (is_iface(t)) {
        if (type_underlying(t)->nmethods == 0) return cg_fmt("(%s.type != NULL)", iv);
        return cg_fmt("(%s.type != NULL && sw_type_implements(%s.type, %s))", iv, iv, cg_desc(t));
    }
    return cg_fmt("(%s.type == %s)", iv, cg_desc(t));
}

static char *typeassert_expr(Node *n)
{
    Type *t = n->type;
    char *x = cg_tmp();
    const char *iname = type_string(n->x->type);
    return cg_fmt("({ SwIface %s = %s; if (!%s) sw_panic_assert(%s, %s.type, %s); %s; })", x, cg_expr(n->x),
                  assert_cond(x, t), cg_c_string(iname, (int64_t)strlen(iname)), x, cg_desc(t), extract(x, t));
}

/* emits the statements of a comma-ok form; returns the value expression and
 * stores the ok expression (both are plain temporaries) */
char *cg_commaok(Node *rhs, char **okout, CgBuf *pre)
{
    (void)pre;
    Node *n = cg_unparen(rhs);
    char *val = cg_tmp(), *ok = cg_tmp();
    if (n->kind == ND_INDEX) {
        Type *u = type_underlying(n->x->type);
        char *m = cg_tmp(), *k = cg_tmp(), *p = cg_tmp();
        cg_line("SwMap *%s = %s;", m, cg_expr(n->x));
        cg_line("%s %s = %s;", cg_ctype(u->key), k, cg_expr_to(n->index, u->key));
        cg_line("%s *%s = sw_map_get(%s, &%s);", cg_ctype(u->elem), p, m, k);
        cg_line("bool %s = %s != NULL;", ok, p);
        cg_line("%s %s = %s ? *%s : %s;", cg_ctype(u->elem), val, p, p, cg_zero(u->elem));
    } else if (n->kind == ND_TYPEASSERT) {
        char *x = cg_tmp();
        Type *t = n->type;
        cg_line("SwIface %s = %s;", x, cg_expr(n->x));
        cg_line("bool %s = %s;", ok, assert_cond(x, t));
        cg_line("%s %s = %s ? %s : %s;", cg_ctype(t), val, ok, extract(x, t), cg_zero(t));
    } else if (n->kind == ND_UNARY && n->op == OP_ARROW) {
        cg_line("%s %s;", cg_ctype(n->type), val);
        cg_line("bool %s = sw_chan_recv(%s, &%s);", ok, cg_expr(n->x), val);
    } else {
        cg_line("%s %s = %s;", cg_ctype(n->type), val, cg_expr(n));
        cg_line("bool %s = false; /* unsupported comma-ok form */", ok);
    }
    *okout = ok;
    return val;
}

/* ---- operators ------------------------------------------------------------ */

char *cg_binop(Op op, Type *t, const char *a, const char *b, Node *y)
{
    Type *u = type_underlying(t);
    const char *ct = cg_ctype(t);
    if (type_is_string(u)) return cg_fmt("sw_str_concat(%s, %s)", a, b);
    if (type_is_float(u) || type_is_complex(u)) {
        const char *o = op == OP_ADD ? "+" : op == OP_SUB ? "-" : op == OP_MUL ? "*" : "/";
        return cg_fmt("((%s)(%s %s %s))", ct, a, o, b);
    }
    switch (op) {
    case OP_ADD: return cg_fmt("((%s)(%s + %s))", ct, a, b);
    case OP_SUB: return cg_fmt("((%s)(%s - %s))", ct, a, b);
    case OP_MUL: return cg_fmt("((%s)(%s * %s))", ct, a, b);
    case OP_AND: return cg_fmt("((%s)(%s & %s))", ct, a, b);
    case OP_OR: return cg_fmt("((%s)(%s | %s))", ct, a, b);
    case OP_XOR: return cg_fmt("((%s)(%s ^ %s))", ct, a, b);
    case OP_ANDNOT: return cg_fmt("((%s)(%s & ~%s))", ct, a, b);
    case OP_QUO: case OP_REM: {
        if (y && y->cv && y->cv->kind == CV_INT && y->cv->i != 0 && (type_is_unsigned(u) || y->cv->i != -1))
            return cg_fmt("((%s)(%s %s %s))", ct, a, op == OP_QUO ? "/" : "%", b);
        return cg_fmt("sw_%s_%s(%s, %s)", op == OP_QUO ? "div" : "rem", int_suffix(t), a, b);
    }
    case OP_SHL: case OP_SHR: {
        const char *fn = op == OP_SHL ? "shl" : "shr";
        if (!y || y->cv || type_is_unsigned(y->type))
            return cg_fmt("sw_%s_%s(%s, (uint64_t)(%s))", fn, int_suffix(t), a, b);
        char *c = cg_tmp();
        return cg_fmt("({ %s %s = %s; if (%s < 0) sw_panic_shift(); sw_%s_%s(%s, (uint64_t)%s); })", cg_ctype(y->type),
                      c, b, c, fn, int_suffix(t), a, c);
    }
    default:
        return cg_fmt("(%s %s %s)", a, op_string(op), b);
    }
}

static char *nil_compare(Node *e, bool eq)
{
    Type *u = type_underlying(e->type);
    char *x = cg_expr(e);
    const char *o = eq ? "==" : "!=";
    switch (u->kind) {
    case TY_SLICE: return cg_fmt("((%s).ptr %s NULL)", x, o);
    case TY_INTERFACE: return cg_fmt("((%s).type %s NULL)", x, o);
    default: return cg_fmt("(%s %s NULL)", x, o);
    }
}

static char *compare(Node *n)
{
    Node *x = n->x, *y = n->y;
    bool eq = n->op == OP_EQL;
    if (cg_is_nil(x) && cg_is_nil(y)) return eq ? "true" : "false";
    if (cg_is_nil(y)) return nil_compare(x, eq);
    if (cg_is_nil(x)) return nil_compare(y, eq);
    Type *tx = x->type, *ty = y->type;
    Type *t = tx;
    char *v[2] = {cg_expr(x), cg_expr(y)};
    if (x->cv && !is_iface(ty) && ty && !type_is_untyped(ty)) v[0] = cg_const(x->cv, ty), t = ty;
    if (y->cv && !is_iface(tx)) v[1] = cg_const(y->cv, tx);
    Type *types[2] = {tx, ty};
    bool calls[2] = {cg_has_call(x), cg_has_call(y)};
    char *pre = cg_order(2, v, types, calls);
    if (is_iface(tx) && !is_iface(ty)) v[1] = cg_box(v[1], ty);
    else if (!is_iface(tx) && is_iface(ty)) v[0] = cg_box(v[0], tx), t = ty;
    char *r;
    Type *u = type_underlying(t);
    if (n->op == OP_EQL || n->op == OP_NEQ) {
        r = cg_eq(t, v[0], v[1]);
        if (!eq) r = cg_fmt("(!%s)", r);
    } else if (type_is_string(u)) {
        r = cg_fmt("(sw_str_cmp(%s, %s) %s 0)", v[0], v[1], op_string(n->op));
    } else {
        r = cg_fmt("(%s %s %s)", v[0], op_string(n->op), v[1]);
    }
    if (*pre) return cg_fmt("({ %s%s; })", pre, r);
    return r;
}

/* a + b + c ... on strings: collects the operands of a chain */
static void concat_parts(Node *n, Node ***v, int *len, int *cap)
{
    Node *m = cg_unparen(n);
    if (m->kind == ND_BINARY && m->op == OP_ADD && !m->cv) {
        concat_parts(m->x, v, len, cap);
        concat_parts(m->y, v, len, cap);
        return;
    }
    if (*len == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        *v = realloc(*v, sizeof(Node *) * (size_t)*cap);
        if (!*v) diag_internal("out of memory");
    }
    (*v)[(*len)++] = n;
}

static char *concat(Node *n)
{
    Node **parts = NULL;
    int len = 0, cap = 0;
    concat_parts(n, &parts, &len, &cap);
    char **vals = arena_alloc(sizeof(char *) * (size_t)len);
    Type **types = arena_alloc(sizeof(Type *) * (size_t)len);
    bool *calls = arena_alloc(sizeof(bool) * (size_t)len);
    for (int i = 0; i < len; i++) {
        vals[i] = cg_expr_to(parts[i], ty_string);
        types[i] = ty_string;
        calls[i] = cg_has_call(parts[i]);
    }
    char *pre = cg_order(len, vals, types, calls);
    char *r;
    if (len == 2) {
        r = cg_fmt("sw_str_concat(%s, %s)", vals[0], vals[1]);
    } else {
        CgBuf b = {0};
        for (int i = 0; i < len; i++) cg_printf(&b, "%s%s", i ? ", " : "", vals[i]);
        r = cg_fmt("sw_str_concatn((SwString[]){%s}, %d)", b.p, len);
        free(b.p);
    }
    free(parts);
    if (*pre) return cg_fmt("({ %s%s; })", pre, r);
    return r;
}

static char *binary_expr(Node *n)
{
    switch (n->op) {
    case OP_LAND: return cg_fmt("(%s && %s)", cg_expr(n->x), cg_expr(n->y));
    case OP_LOR: return cg_fmt("(%s || %s)", cg_expr(n->x), cg_expr(n->y));
    case OP_EQL: case OP_NEQ: case OP_LSS: case OP_LEQ: case OP_GTR: case OP_GEQ:
        return compare(n);
    default:
        break;
    }
    if (n->op == OP_ADD && type_is_string(n->type)) return concat(n);
    Type *t = n->type;
    bool shift = n->op == OP_SHL || n->op == OP_SHR;
    char *v[2] = {cg_expr_to(n->x, t), shift ? cg_expr(n->y) : cg_expr_to(n->y, t)};
    Type *types[2] = {t, shift ? n->y->type : t};
    bool calls[2] = {cg_has_call(n->x), cg_has_call(n->y)};
    char *pre = cg_order(2, v, types, calls);
    char *r = cg_binop(n->op, t, v[0], v[1], n->y);
    if (*pre) return cg_fmt("({ %s%s; })", pre, r);
    return r;
}

static char *unary_expr(Node *n)
{
    Type *t = n->type;
    switch (n->op) {
    case OP_ADD:
        return cg_expr(n->x);
    case OP_SUB:
        if (type_is_float(t)) return cg_fmt("(-%s)", cg_expr(n->x));
        return cg_fmt("((%s)-%s)", cg_ctype(t), cg_expr(n->x));
    case OP_NOT:
        return cg_fmt("(!%s)", cg_expr(n->x));
    case OP_XOR:
        return cg_fmt("((%s)~%s)", cg_ctype(t), cg_expr(n->x));
    case OP_ARROW: {
        /* <-c: receive into a temporary (zeroed by the runtime when closed) */
        char *v = cg_tmp();
        return cg_fmt("({ %s %s; sw_chan_recv(%s, &%s); %s; })", cg_ctype(t), v, cg_expr(n->x), v, v);
    }
    case OP_AND: {
        Node *x = cg_unparen(n->x);
        if (x->kind == ND_COMPOSITE) {
            Type *et = x->type;
            if (type_underlying(et)->kind == TY_POINTER) return cg_expr(x);
            char *p = cg_tmp();
            const char *ct = cg_ctype(et);
            return cg_fmt("({ %s *%s = %s(sizeof(%s)); *%s = %s; %s; })", ct, p,
                          cg_has_pointers(et) ? "sw_alloc" : "sw_alloc_noscan", ct, p, cg_expr(x), p);
        }
        return cg_fmt("(&%s)", cg_lval(x));
    }
    default:
        return "0 /* unsupported unary operator */";
    }
}

/* ---- composite literals ------------------------------------------------------ */

static char *composite(Node *n, Type *t);

static char *composite_value(Node *v, Type *t)
{
    Node *m = cg_unparen(v);
    if (m->kind == ND_COMPOSITE && !m->ctype) {
        Type *mt = m->type ? m->type : t;
        if (type_underlying(t)->kind == TY_POINTER && type_underlying(mt)->kind != TY_POINTER) {
            char *p = cg_tmp();
            const char *ct = cg_ctype(mt);
            return cg_fmt("({ %s *%s = %s(sizeof(%s)); *%s = %s; %s; })", ct, p, cg_alloc_fn(mt), ct, p, composite(m, mt), p);
        }
        return cg_convert(composite(m, mt), mt, t);
    }
    return cg_expr_to(v, t);
}

static int field_index(Type *st, Node *key)
{
    const char *name = key->str;
    if (!name && key->obj) name = key->obj->name;
    for (int i = 0; name && i < st->nfields; i++)
        if (st->fields[i].name && strcmp(st->fields[i].name, name) == 0) return i;
    return -1;
}

static char *composite(Node *n, Type *t)
{
    Type *u = type_underlying(t);
    if (u->kind == TY_POINTER) {
        Type *et = u->elem;
        char *p = cg_tmp();
        const char *ct = cg_ctype(et);
        return cg_fmt("({ %s *%s = %s(sizeof(%s)); *%s = %s; %s; })", ct, p, cg_alloc_fn(et), ct, p, composite(n, et), p);
    }
    int ne = n->elts.len;
    char **vals = arena_alloc(sizeof(char *) * (size_t)(ne + 1));
    Type **types = arena_alloc(sizeof(Type *) * (size_t)(ne + 1));
    bool *calls = arena_alloc(sizeof(bool) * (size_t)(ne + 1));
    const char *ct = cg_ctype(t);
    CgBuf b = {0};
    char *r;
    if (u->kind == TY_STRUCT) {
        for (int i = 0; i < ne; i++) {
            Node *e = n->elts.v[i];
            int fi = i;
            Node *v = e;
            if (e->kind == ND_KEYVALUE) {
                fi = field_index(u, e->x);
                v = e->y;
            }
            if (fi < 0 || fi >= u->nfields) diag_internal("bad field in composite literal");
            types[i] = u->fields[fi].type;
            vals[i] = composite_value(v, types[i]);
            calls[i] = cg_has_call(v);
        }
        char *pre = cg_order(ne, vals, types, calls);
        cg_printf(&b, "((%s){", ct);
        for (int i = 0; i < ne; i++) {
            Node *e = n->elts.v[i];
            int fi = e->kind == ND_KEYVALUE ? field_index(u, e->x) : i;
            cg_printf(&b, "%s.%s = %s", i ? ", " : " ", cg_field_name(u, fi), vals[i]);
        }
        cg_puts(&b, " })");
        r = *pre ? cg_fmt("({ %s%s; })", pre, b.p) : arena_strdup(b.p);
        free(b.p);
        return r;
    }
    if (u->kind == TY_MAP) {
        char *m = cg_tmp();
        cg_printf(&b, "({ SwMap *%s = sw_map_make(%s, %s, %d); ", m, cg_desc(u->key), cg_desc(u->elem), ne);
        for (int i = 0; i < ne; i++) {
            Node *e = n->elts.v[i];
            char *k = cg_tmp(), *v = cg_tmp();
            cg_printf(&b, "{ %s %s = %s; ", cg_ctype(u->key), k, composite_value(e->x, u->key));
            cg_printf(&b, "%s %s = %s; ", cg_ctype(u->elem), v, composite_value(e->y, u->elem));
            cg_printf(&b, "*(%s *)sw_map_set(%s, &%s) = %s; } ", cg_ctype(u->elem), m, k, v);
        }
        cg_printf(&b, "%s; })", m);
        r = arena_strdup(b.p);
        free(b.p);
        return r;
    }
    /* arrays and slices: element indices */
    int64_t *idx = arena_alloc(sizeof(int64_t) * (size_t)(ne + 1));
    int64_t next = 0, maxn = 0;
    for (int i = 0; i < ne; i++) {
        Node *e = n->elts.v[i];
        Node *v = e;
        if (e->kind == ND_KEYVALUE) {
            if (e->x->cv) next = (int64_t)(e->x->cv->kind == CV_INT ? e->x->cv->i : (__int128)e->x->cv->f);
            v = e->y;
        }
        idx[i] = next++;
        if (next > maxn) maxn = next;
        types[i] = u->elem;
        vals[i] = composite_value(v, u->elem);
        calls[i] = cg_has_call(v);
    }
    if (u->kind == TY_ARRAY) {
        char *pre = cg_order(ne, vals, types, calls);
        cg_printf(&b, "((%s){ .a = {", ct);
        for (int i = 0; i < ne; i++) cg_printf(&b, "%s[%lld] = %s", i ? ", " : " ", (long long)idx[i], vals[i]);
        cg_puts(&b, " } })");
        r = *pre ? cg_fmt("({ %s%s; })", pre, b.p) : arena_strdup(b.p);
        free(b.p);
        return r;
    }
    /* slice */
    if (maxn == 0) return "((SwSlice){ (void *)&swc_zerobase, 0, 0 })";
    char *p = cg_tmp();
    const char *et = cg_ctype(u->elem);
    cg_printf(&b, "({ %s *%s = %s(%lld * sizeof(%s)); ", et, p, cg_has_pointers(u->elem) ? "sw_alloc" : "sw_alloc_noscan",
               (long long)maxn, et);
    for (int i = 0; i < ne; i++) cg_printf(&b, "%s[%lld] = %s; ", p, (long long)idx[i], vals[i]);
    cg_printf(&b, "(SwSlice){ %s, %lld, %lld }; })", p, (long long)maxn, (long long)maxn);
    r = arena_strdup(b.p);
    free(b.p);
    return r;
}

/* ---- dispatch ------------------------------------------------------------------ */

char *cg_expr(Node *n)
{
    if (!n) return "0";
    if (n->cv) return cg_const(n->cv, n->type);
    switch (n->kind) {
    case ND_PAREN: return cg_expr(n->x);
    case ND_IDENT: return ident_expr(n);
    case ND_BASICLIT: return "0 /* literal without value */";
    case ND_COMPOSITE: return composite(n, n->type);
    case ND_FUNCLIT: return cg_funclit(n);
    case ND_SELECTOR: return selector_expr(n);
    case ND_INDEX: return index_expr(n);
    case ND_SLICE: return slice_expr(n);
    case ND_TYPEASSERT: return typeassert_expr(n);
    case ND_CALL: return cg_call(n);
    case ND_STAR: return cg_fmt("(*SWC_NIL(%s))", cg_expr(n->x));
    case ND_UNARY: return unary_expr(n);
    case ND_BINARY: return binary_expr(n);
    default: return "0 /* unsupported expression */";
    }
}
