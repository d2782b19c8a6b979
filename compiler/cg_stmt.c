// SPDX-License-Identifier: MIT
/*
 * cg_stmt.c — statements and function bodies.
 *
 * Every statement starts with `#line N "file.sw"`.  Go blocks become C
 * blocks; locals get unique C names (name_id), so Go's shadowing needs no
 * care.  break/continue/fallthrough become gotos to labels the generator
 * places (_brkN after a statement, _contN before a loop's post statement,
 * _cN_K at switch cases), so C's own `break` never has to agree with Go's.
 * Assignments follow Go's two phases: the operands of index expressions and
 * pointer indirections on the left, then the right-hand sides, are
 * evaluated first; the stores happen afterwards, left to right.
 *
 * goto L is C's goto to `_gl_L:`, placed before the labeled statement (the
 * checker made sure no variable comes into scope and no block is entered).
 * A function with defer statements gets a defer frame (rt/sw.h): its
 * results live in slots, `return` assigns them and jumps to `_dret`, where
 * the deferred calls run before the C function returns the slots.
 */
#include "cg.h"

#include <stdlib.h>
#include <string.h>

static bool is_blank(Node *n)
{
    n = cg_unparen(n);
    return n && n->kind == ND_IDENT && (!n->obj || (n->str && strcmp(n->str, "_") == 0) ||
                                        (n->obj->name && strcmp(n->obj->name, "_") == 0));
}

static bool is_iface(Type *t) { return t && type_underlying(t)->kind == TY_INTERFACE; }

/* ---- assignment targets ---------------------------------------------------- */

typedef enum { TG_BLANK, TG_LVAL, TG_PTR, TG_MAP, TG_FROZEN } TargetKind;

typedef struct Target {
    TargetKind kind;
    char *lv;           /* TG_LVAL: the lvalue; TG_PTR: the pointer temporary */
    char *m, *k;        /* TG_MAP temporaries */
    Node *frozen;       /* TG_FROZEN: the target with its operands in temporaries */
    Type *t;            /* the target's type */
} Target;

/* A temporary holding the value of x, as an identifier node. */
static Node *freeze_operand(Node *x)
{
    x = cg_unparen(x);
    if (x->kind == ND_BASICLIT || (x->kind == ND_IDENT && x->obj && x->obj->kind == OBJ_CONST)) return x;
    Obj *o = arena_alloc(sizeof *o);
    o->kind = OBJ_VAR;
    o->name = "_fz";
    o->pos = x->pos;
    o->type = x->type;
    o->id = cg_newid();
    cg_line("%s %s = %s;", cg_ctype(x->type), cg_var_name(o), cg_expr(x));
    cg_mark_declared(o);
    Node *id = node_new(ND_IDENT, x->pos);
    id->str = o->name;
    id->obj = o;
    id->type = x->type;
    return id;
}

/* Go assigns in two phases: first the operands of the targets' index
 * expressions and pointer indirections are evaluated, then the stores are
 * made left to right, each with its nil and bounds checks (gc makes them
 * there).  This copies target l with its operands evaluated into
 * temporaries now, so that cg_lval of the copy does the checks at the store;
 * NULL for a shape it does not handle (the caller falls back to taking the
 * address now). */
static Node *freeze_target(Node *l)
{
    l = cg_unparen(l);
    Node *c = node_new(l->kind, l->pos);
    switch (l->kind) {
    case ND_IDENT:
        return l->obj && l->obj->kind == OBJ_VAR ? l : NULL;
    case ND_STAR:
        *c = *l;
        c->x = freeze_operand(l->x);
        return c;
    case ND_SELECTOR:
        if (l->sel_kind == SEL_PKG) return l;
        if (l->sel_kind != SEL_FIELD) return NULL;
        *c = *l;
        c->x = type_underlying(l->x->type)->kind == TY_POINTER ? freeze_operand(l->x) : freeze_target(l->x);
        return c->x ? c : NULL;
    case ND_INDEX: {
        Type *u = type_underlying(l->x->type);
        *c = *l;
        if (u->kind == TY_SLICE || u->kind == TY_POINTER) c->x = freeze_operand(l->x);
        else if (u->kind == TY_ARRAY) c->x = freeze_target(l->x);
        else return NULL;
        if (!c->x) return NULL;
        c->index = freeze_operand(l->index);
        return c;
    }
    default:
        return NULL;
    }
}

static bool is_map_index(Node *l)
{
    l = cg_unparen(l);
    return l->kind == ND_INDEX && type_underlying(l->x->type)->kind == TY_MAP;
}

static bool is_plain_var(Node *l)
{
    l = cg_unparen(l);
    return (l->kind == ND_IDENT && l->obj && l->obj->kind == OBJ_VAR) ||
           (l->kind == ND_SELECTOR && l->sel_kind == SEL_PKG);
}

/* phase one: evaluates the operands of the target */
static Target prepare_target(Node *l)
{
    Target tg = {0};
    if (is_blank(l)) return tg;
    l = cg_unparen(l);
    tg.t = l->type;
    if (is_plain_var(l)) {
        tg.kind = TG_LVAL;
        tg.lv = cg_lval(l);
    } else if (is_map_index(l)) {
        Type *u = type_underlying(l->x->type);
        tg.kind = TG_MAP;
        tg.m = cg_tmp();
        tg.k = cg_tmp();
        tg.t = u->elem;
        cg_line("SwMap *%s = %s;", tg.m, cg_expr(l->x));
        cg_line("%s %s = %s;", cg_ctype(u->key), tg.k, cg_expr_to(l->index, u->key));
    } else if ((tg.frozen = freeze_target(l)) != NULL) {
        tg.kind = TG_FROZEN;
    } else {
        tg.kind = TG_PTR;
        tg.lv = cg_tmp();
        cg_line("%s *%s = &%s;", cg_ctype(l->type), tg.lv, cg_lval(l));
    }
    return tg;
}

/* phase two: the store */
static void store(Target *tg, const char *v)
{
    switch (tg->kind) {
    case TG_BLANK: cg_line("(void)(%s);", v); break;
    case TG_LVAL: cg_line("%s = %s;", tg->lv, v); break;
    case TG_PTR: cg_line("*%s = %s;", tg->lv, v); break;
    case TG_FROZEN: cg_line("%s = %s;", cg_lval(tg->frozen), v); break;
    case TG_MAP: cg_line("*(%s *)sw_map_set(%s, &%s) = %s;", cg_ctype(tg->t), tg->m, tg->k, v); break;
    }
}

/* assigns a C value of type vt to the Go lvalue l (range variables) */
static void assign_value(Node *l, const char *v, Type *vt)
{
    if (is_blank(l)) return;
    cg_line("{");
    cg_fn->indent++;
    Target tg = prepare_target(l);
    store(&tg, cg_convert(v, vt, tg.t));
    cg_fn->indent--;
    cg_line("}");
}

/* ---- assignments ---------------------------------------------------------------- */

static void single_assign(Node *l, Node *r)
{
    if (is_blank(l)) {
        cg_line("(void)(%s);", cg_expr(r));
        return;
    }
    Node *lu = cg_unparen(l);
    if (is_plain_var(lu)) {
        cg_line("%s = %s;", cg_lval(lu), cg_expr_to(r, lu->type));
        return;
    }
    /* *(*[N]T)(s1) = *(*[N]T)(s2) may overlap: copy through a temporary */
    bool overlap = cg_is_aggregate(lu->type) && cg_unparen(r)->kind == ND_STAR;
    if (is_map_index(lu) || cg_has_call(r) || overlap) {
        cg_line("{");
        cg_fn->indent++;
        Target tg = prepare_target(lu);
        char *v = cg_tmp();
        cg_line("%s %s = %s;", cg_ctype(tg.t), v, cg_expr_to(r, tg.t));
        store(&tg, v);
        cg_fn->indent--;
        cg_line("}");
        return;
    }
    cg_line("%s = %s;", cg_lval(lu), cg_expr_to(r, lu->type));
}

/* values of a multi-value right-hand side into temporaries; returns them */
static char **rhs_values(Node *s, NodeList *lhs, NodeList *rhs, Type **types)
{
    int n = lhs->len;
    char **vals = arena_alloc(sizeof(char *) * (size_t)n);
    if (rhs->len == n) {
        /* calls first, in order, then the other operands (as gc does) */
        for (int pass = 0; pass < 2; pass++)
            for (int i = 0; i < n; i++) {
                Node *r = rhs->v[i];
                if (cg_has_call(r) != (pass == 0)) continue;
                Type *t = types[i] ? types[i] : r->type;
                vals[i] = cg_tmp();
                cg_line("%s %s = %s;", cg_ctype(t), vals[i], cg_expr_to(r, t));
            }
        return vals;
    }
    Node *r = rhs->v[0];
    if (r->type && r->type->kind == TY_TUPLE) {
        char *tv = cg_tmp();
        cg_line("%s %s = %s;", cg_ctype(r->type), tv, cg_expr(r));
        for (int i = 0; i < n && i < r->type->nfields; i++) {
            Type *et = r->type->fields[i].type;
            vals[i] = cg_convert(cg_fmt("%s.r%d", tv, i), et, types[i] ? types[i] : et);
        }
        return vals;
    }
    (void)s;
    char *ok;
    char *v = cg_commaok(r, &ok, NULL);
    Type *vt = cg_unparen(r)->type;
    vals[0] = cg_convert(v, vt, types[0] ? types[0] : vt);
    if (n > 1) vals[1] = types[1] ? cg_convert(ok, ty_bool, types[1]) : ok;
    return vals;
}

static void define_stmt(Node *s)
{
    int n = s->lhs.len;
    if (n == 1 && s->rhs.len == 1) {
        Node *l = s->lhs.v[0];
        if (is_blank(l)) {
            cg_line("(void)(%s);", cg_expr(s->rhs.v[0]));
            return;
        }
        Obj *o = l->obj;
        if (!cg_is_declared(o)) cg_declare_local(o, cg_expr_to(s->rhs.v[0], o->type));
        else cg_line("%s = %s;", cg_var_ref(o), cg_expr_to(s->rhs.v[0], o->type));
        return;
    }
    Type **types = arena_alloc(sizeof(Type *) * (size_t)n);
    for (int i = 0; i < n; i++) {
        Node *l = s->lhs.v[i];
        types[i] = is_blank(l) ? NULL : l->obj->type;
    }
    char **vals = rhs_values(s, &s->lhs, &s->rhs, types);
    for (int i = 0; i < n; i++) {
        Node *l = s->lhs.v[i];
        if (is_blank(l)) continue;
        Obj *o = l->obj;
        if (!cg_is_declared(o)) cg_declare_local(o, vals[i]);
        else cg_line("%s = %s;", cg_var_ref(o), vals[i]);
    }
}

static void op_assign(Node *l, Op op, const char *y_c, Node *y)
{
    Node *lu = cg_unparen(l);
    Type *t = lu->type;
    if (is_plain_var(lu)) {
        const char *lv = cg_lval(lu);
        if (y && cg_has_call(y)) {
            char *v = cg_tmp();
            cg_line("{ %s %s = %s;", cg_ctype(y->type), v, y_c);
            cg_line("  %s = %s; }", lv, cg_binop(op, t, lv, v, y));
        } else {
            cg_line("%s = %s;", lv, cg_binop(op, t, lv, y_c, y));
        }
        return;
    }
    cg_line("{");
    cg_fn->indent++;
    Target tg = prepare_target(lu);
    char *v = cg_tmp();
    Type *yt = (op == OP_SHL || op == OP_SHR) && y ? y->type : t;
    cg_line("%s %s = %s;", cg_ctype(yt), v, y_c);
    char *p;
    if (tg.kind == TG_MAP && (op == OP_QUO || op == OP_REM) && type_is_integer(type_underlying(t))) {
        /* a division may panic: it must happen before the map gets the key
         * (Go: m[k] = m[k] / v; gc checks a negative shift count after the
         * insertion, and so does this) */
        const char *ct = cg_ctype(tg.t);
        char *q = cg_tmp(), *r = cg_tmp();
        cg_line("%s *%s = sw_map_get(%s, &%s);", ct, q, tg.m, tg.k);
        cg_line("%s %s = %s ? *%s : %s;", ct, r, q, q, cg_zero(tg.t));
        cg_line("%s = %s;", r, cg_binop(op, t, r, v, y));
        cg_line("*(%s *)sw_map_set(%s, &%s) = %s;", ct, tg.m, tg.k, r);
        cg_fn->indent--;
        cg_line("}");
        return;
    }
    if (tg.kind == TG_MAP) {
        p = cg_tmp();
        cg_line("%s *%s = sw_map_set(%s, &%s);", cg_ctype(tg.t), p, tg.m, tg.k);
    } else if (tg.kind == TG_FROZEN) {
        p = cg_tmp();
        cg_line("%s *%s = &%s;", cg_ctype(tg.t), p, cg_lval(tg.frozen));
    } else {
        p = tg.lv;
    }
    cg_line("*%s = %s;", p, cg_binop(op, t, cg_fmt("*%s", p), v, y));
    cg_fn->indent--;
    cg_line("}");
}

static void assign_stmt(Node *s)
{
    if (s->define) {
        define_stmt(s);
        return;
    }
    if (s->op != OP_NONE) {
        Node *l = s->lhs.v[0], *r = s->rhs.v[0];
        bool shift = s->op == OP_SHL || s->op == OP_SHR;
        op_assign(l, s->op, shift ? cg_expr(r) : cg_expr_to(r, cg_unparen(l)->type), r);
        return;
    }
    if (s->lhs.len == 1 && s->rhs.len == 1) {
        single_assign(s->lhs.v[0], s->rhs.v[0]);
        return;
    }
    int n = s->lhs.len;
    cg_line("{");
    cg_fn->indent++;
    Target *tg = arena_alloc(sizeof(Target) * (size_t)n);
    Type **types = arena_alloc(sizeof(Type *) * (size_t)n);
    for (int i = 0; i < n; i++) {
        tg[i] = prepare_target(s->lhs.v[i]);
        types[i] = tg[i].kind == TG_BLANK ? NULL : tg[i].t;
    }
    char **vals = rhs_values(s, &s->lhs, &s->rhs, types);
    for (int i = 0; i < n; i++)
        if (tg[i].kind != TG_BLANK) store(&tg[i], vals[i]);
    cg_fn->indent--;
    cg_line("}");
}

static void var_spec(Node *sp)
{
    int n = sp->names.len;
    if (sp->values.len == 0) {
        for (int i = 0; i < n; i++)
            if (!is_blank(sp->names.v[i])) cg_declare_local(sp->names.v[i]->obj, NULL);
        return;
    }
    if (sp->values.len == n) {
        for (int i = 0; i < n; i++) {
            Node *id = sp->names.v[i];
            if (is_blank(id)) cg_line("(void)(%s);", cg_expr(sp->values.v[i]));
            else cg_declare_local(id->obj, cg_expr_to(sp->values.v[i], id->obj->type));
        }
        return;
    }
    Type **types = arena_alloc(sizeof(Type *) * (size_t)n);
    for (int i = 0; i < n; i++) types[i] = is_blank(sp->names.v[i]) ? NULL : sp->names.v[i]->obj->type;
    char **vals = rhs_values(sp, &sp->names, &sp->values, types);
    for (int i = 0; i < n; i++)
        if (!is_blank(sp->names.v[i])) cg_declare_local(sp->names.v[i]->obj, vals[i]);
}

/* ---- breakable statements ------------------------------------------------------ */

static CgBreak *push_break(Node *s, bool loop)
{
    if (cg_fn->nbrk >= 64) diag_internal("statements nested too deeply");
    CgBreak *b = &cg_fn->brk[cg_fn->nbrk++];
    b->stmt = s;
    b->id = cg_newid();
    b->loop = loop;
    b->label = cg_fn->pending_label;
    b->ncase = 0;
    cg_fn->pending_label = NULL;
    return b;
}

static void pop_break(void) { cg_fn->nbrk--; }

static CgBreak *find_break(Node *s, bool loop)
{
    const char *label = s->label ? s->label->str : NULL;
    for (int i = cg_fn->nbrk - 1; i >= 0; i--) {
        CgBreak *b = &cg_fn->brk[i];
        if (label) {
            if (b->label && strcmp(b->label, label) == 0) return b;
        } else if (!loop || b->loop) {
            return b;
        }
    }
    return NULL;
}

static void branch_stmt(Node *s)
{
    switch (s->kw) {
    case KW_BREAK: {
        CgBreak *b = find_break(s, false);
        if (b) cg_line("goto _brk%d;", b->id);
        return;
    }
    case KW_CONTINUE: {
        CgBreak *b = find_break(s, true);
        if (b) cg_line("goto _cont%d;", b->id);
        return;
    }
    case KW_FALLTHROUGH:
        for (int i = cg_fn->nbrk - 1; i >= 0; i--) {
            CgBreak *b = &cg_fn->brk[i];
            if (!b->loop) {
                cg_line("goto _c%d_%d;", b->id, b->ncase + 1);
                return;
            }
        }
        return;
    default:
        if (s->label) cg_line("goto _gl_%s;", s->label->str);
        return;
    }
}

static void body_block(Node *body)
{
    cg_line("{");
    cg_fn->indent++;
    if (body) cg_block_stmts(&body->stmts);
    cg_fn->indent--;
    cg_line("}");
}

static void if_stmt(Node *s)
{
    if (s->init) {
        cg_line("{");
        cg_fn->indent++;
        cg_stmt(s->init);
        cg_pos_line(s->pos);
    }
    cg_line("if (%s)", cg_expr(s->cond));
    body_block(s->body);
    if (s->els) {
        cg_line("else");
        if (s->els->kind == ND_IF) {
            cg_line("{");
            cg_fn->indent++;
            cg_stmt(s->els);
            cg_fn->indent--;
            cg_line("}");
        } else {
            body_block(s->els);
        }
    }
    if (s->init) {
        cg_fn->indent--;
        cg_line("}");
    }
}

static void for_stmt(Node *s)
{
    cg_line("{");
    cg_fn->indent++;
    CgBreak *b = push_break(s, true);
    int id = b->id;
    if (s->init) cg_stmt(s->init);
    cg_pos_line(s->pos);
    cg_line("for (;;) {");
    cg_fn->indent++;
    if (s->cond) cg_line("if (!(%s)) break;", cg_expr(s->cond));
    cg_fn->loop_depth++;
    body_block(s->body);
    cg_fn->loop_depth--;
    cg_line("_cont%d: ;", id);
    if (s->post) cg_stmt(s->post);
    cg_fn->indent--;
    cg_line("}");
    pop_break();
    cg_line("_brk%d: ;", id);
    cg_fn->indent--;
    cg_line("}");
}

/* per-iteration key and value */
static void range_vars(Node *s, const char *k, Type *kt, const char *v, Type *vt)
{
    if (s->define) {
        if (s->key && !is_blank(s->key)) cg_line("%s = %s;", cg_var_ref(s->key->obj), k);
        if (v && s->value && !is_blank(s->value))
            cg_line("%s = %s;", cg_var_ref(s->value->obj), cg_convert(v, vt, s->value->obj->type));
    } else if (s->key && !is_blank(s->key) && v && s->value && !is_blank(s->value)) {
        /* `for i, x[i] = range`: both operands evaluated before assigning */
        cg_line("{");
        cg_fn->indent++;
        Target tk = prepare_target(s->key), tv = prepare_target(s->value);
        store(&tk, cg_convert(k, kt, tk.t));
        store(&tv, cg_convert(v, vt, tv.t));
        cg_fn->indent--;
        cg_line("}");
    } else {
        if (s->key) assign_value(s->key, k, kt);
        if (v && s->value) assign_value(s->value, v, vt);
    }
}

static void range_stmt(Node *s)
{
    cg_line("{");
    cg_fn->indent++;
    CgBreak *b = push_break(s, true);
    int id = b->id;
    if (s->define) {
        if (s->key && !is_blank(s->key) && !cg_is_declared(s->key->obj)) cg_declare_local(s->key->obj, NULL);
        if (s->value && !is_blank(s->value) && !cg_is_declared(s->value->obj)) cg_declare_local(s->value->obj, NULL);
    }
    bool want_value = s->value && !is_blank(s->value);
    Type *u = type_underlying(s->x->type);
    char *r = cg_tmp(), *i = cg_tmp();
    switch (u->kind) {
    case TY_STRING: case TY_UNTYPED_STRING: {
        char *w = cg_tmp(), *c = cg_tmp();
        cg_line("SwString %s = %s;", r, cg_expr(s->x));
        cg_line("int64_t %s = 0;", w);
        cg_line("for (int64_t %s = 0; %s < %s.len; %s += %s) {", i, i, r, i, w);
        cg_fn->indent++;
        cg_line("int32_t %s;", c);
        cg_line("%s = sw_str_decode_rune(%s, %s, &%s);", w, r, i, c);
        range_vars(s, i, ty_int, c, ty_int32);
        break;
    }
    case TY_MAP: {
        cg_line("SwMapIter %s;", r);
        cg_line("sw_map_iter_init(%s, &%s);", cg_expr(s->x), r);
        cg_line("while (sw_map_iter_next(&%s)) {", r);
        cg_fn->indent++;
        range_vars(s, cg_fmt("(*(%s *)%s.key)", cg_ctype(u->key), r), u->key,
                   cg_fmt("(*(%s *)%s.val)", cg_ctype(u->elem), r), u->elem);
        break;
    }
    case TY_SLICE: {
        char *n = cg_tmp();
        cg_line("SwSlice %s = %s;", r, cg_expr(s->x));
        cg_line("int64_t %s = %s.len;", n, r);
        cg_line("for (int64_t %s = 0; %s < %s; %s++) {", i, i, n, i);
        cg_fn->indent++;
        range_vars(s, i, ty_int, cg_fmt("((%s *)%s.ptr)[%s]", cg_ctype(u->elem), r, i), u->elem);
        break;
    }
    case TY_ARRAY: {
        if (want_value || cg_has_call(s->x)) cg_line("%s %s = %s;", cg_ctype(u), r, cg_expr(s->x));
        cg_line("for (int64_t %s = 0; %s < %lld; %s++) {", i, i, (long long)u->len, i);
        cg_fn->indent++;
        range_vars(s, i, ty_int, want_value ? cg_fmt("%s.a[%s]", r, i) : NULL, u->elem);
        break;
    }
    case TY_POINTER: {
        Type *at = type_underlying(u->elem);
        cg_line("%s *%s = %s;", cg_ctype(at), r, cg_expr(s->x));
        cg_line("for (int64_t %s = 0; %s < %lld; %s++) {", i, i, (long long)at->len, i);
        cg_fn->indent++;
        range_vars(s, i, ty_int, want_value ? cg_fmt("SWC_NIL(%s)->a[%s]", r, i) : NULL, at->elem);
        break;
    }
    case TY_CHAN: {
        /* receives until the channel is closed and drained */
        char *v = cg_tmp();
        cg_line("SwChan *%s = %s;", r, cg_expr(s->x));
        cg_line("for (;;) {");
        cg_fn->indent++;
        cg_line("%s %s;", cg_ctype(u->elem), v);
        cg_line("if (!sw_chan_recv(%s, &%s)) break;", r, v);
        range_vars(s, v, u->elem, NULL, NULL);
        (void)i;
        break;
    }
    default:
        cg_line("for (;;) { /* unsupported range */");
        cg_fn->indent++;
        cg_line("break;");
        break;
    }
    cg_fn->loop_depth++;
    body_block(s->body);
    cg_fn->loop_depth--;
    cg_line("_cont%d: ;", id);
    cg_fn->indent--;
    cg_line("}");
    pop_break();
    cg_line("_brk%d: ;", id);
    cg_fn->indent--;
    cg_line("}");
}

/* ---- channels ---------------------------------------------------------------------- */

static bool is_recv_expr(Node *e)
{
    e = cg_unparen(e);
    return e && e->kind == ND_UNARY && e->op == OP_ARROW;
}

/* c <- v: both evaluated (in order) before the send */
static void send_stmt(Node *s)
{
    Type *et = type_underlying(s->x->type)->elem;
    char *c = cg_tmp(), *v = cg_tmp();
    cg_line("{");
    cg_fn->indent++;
    cg_line("SwChan *%s = %s;", c, cg_expr(s->x));
    cg_line("%s %s = %s;", cg_ctype(et), v, cg_expr_to(s->y, et));
    cg_line("sw_chan_send(%s, &%s);", c, v);
    cg_fn->indent--;
    cg_line("}");
}

/* select: every channel operand and sent value is evaluated once, in
 * source order, into an SwSelCase array; sw_select picks a ready case
 * (uniformly at random) or blocks; the chosen clause runs after its
 * received value is assigned. */
static void select_stmt(Node *s)
{
    cg_line("{");
    cg_fn->indent++;
    CgBreak *b = push_break(s, false);
    int id = b->id;
    NodeList *cls = &s->body->stmts;
    int n = 0, def = -1;
    int *casei = arena_alloc(sizeof(int) * (size_t)(cls->len + 1));
    char **vals = arena_alloc(sizeof(char *) * (size_t)(cls->len + 1));
    for (int k = 0; k < cls->len; k++) {
        Node *cl = cls->v[k];
        if (!cl->comm) {
            def = k;
            casei[k] = -1;
            continue;
        }
        casei[k] = n++;
    }
    char *sc = cg_tmp(), *ok = cg_tmp(), *si = cg_tmp();
    if (n) cg_line("SwSelCase %s[%d];", sc, n);
    cg_line("bool %s = false;", ok);
    for (int k = 0; k < cls->len; k++) {
        Node *cl = cls->v[k];
        Node *comm = cl->comm;
        if (!comm) continue;
        int i = casei[k];
        if (comm->kind == ND_SEND) {
            Type *et = type_underlying(comm->x->type)->elem;
            char *c = cg_tmp(), *v = cg_tmp();
            cg_line("SwChan *%s = %s;", c, cg_expr(comm->x));
            cg_line("%s %s = %s;", cg_ctype(et), v, cg_expr_to(comm->y, et));
            cg_line("%s[%d] = (SwSelCase){%s, &%s, true};", sc, i, c, v);
            vals[k] = NULL;
            continue;
        }
        Node *rx = comm->kind == ND_EXPRSTMT ? comm->x : comm->rhs.v[0];
        rx = cg_unparen(rx);
        Type *et = rx->type;
        char *c = cg_tmp();
        cg_line("SwChan *%s = %s;", c, cg_expr(rx->x));
        if (comm->kind == ND_ASSIGN) {
            char *v = cg_tmp();
            cg_line("%s %s;", cg_ctype(et), v);
            cg_line("%s[%d] = (SwSelCase){%s, &%s, false};", sc, i, c, v);
            vals[k] = v;
        } else {
            cg_line("%s[%d] = (SwSelCase){%s, NULL, false};", sc, i, c);
            vals[k] = NULL;
        }
    }
    cg_line("int %s = sw_select(%s, %d, %s, &%s);", si, n ? sc : "NULL", n, def >= 0 ? "true" : "false", ok);
    cg_line("(void)%s;", ok);
    for (int k = 0; k < cls->len; k++)
        cg_line("if (%s == %d) goto _c%d_%d;", si, casei[k], id, k);
    cg_line("goto _brk%d;", id);
    for (int k = 0; k < cls->len; k++) {
        Node *cl = cls->v[k];
        Node *comm = cl->comm;
        cg_line("_c%d_%d: ;", id, k);
        cg_line("{");
        cg_fn->indent++;
        if (comm && comm->kind == ND_ASSIGN) {
            Type *et = cg_unparen(comm->rhs.v[0])->type;
            for (int j = 0; j < comm->lhs.len && j < 2; j++) {
                Node *l = comm->lhs.v[j];
                const char *v = j == 0 ? vals[k] : ok;
                Type *vt = j == 0 ? et : ty_bool;
                if (is_blank(l)) continue;
                if (comm->define) {
                    Obj *o = l->obj;
                    if (!cg_is_declared(o)) cg_declare_local(o, cg_convert(v, vt, o->type));
                    else cg_line("%s = %s;", cg_var_ref(o), cg_convert(v, vt, o->type));
                } else {
                    assign_value(l, v, vt);
                }
            }
        }
        cg_block_stmts(&cl->stmts);
        cg_fn->indent--;
        cg_line("}");
        cg_line("goto _brk%d;", id);
    }
    pop_break();
    cg_line("_brk%d: ;", id);
    cg_fn->indent--;
    cg_line("}");
}

/* the condition "tag == e" of an expression switch case */
static char *case_match(const char *tag, Type *tt, Node *e)
{
    if (!tag) return is_iface(e->type) ? cg_eq(e->type, cg_box("true", ty_bool), cg_expr(e)) : cg_expr(e);
    if (cg_is_nil(e)) {
        Type *u = type_underlying(tt);
        if (u->kind == TY_SLICE) return cg_fmt("(%s.ptr == NULL)", tag);
        if (u->kind == TY_INTERFACE) return cg_fmt("(%s.type == NULL)", tag);
        return cg_fmt("(%s == NULL)", tag);
    }
    if (is_iface(tt) && !is_iface(e->type)) return cg_eq(tt, tag, cg_box(cg_expr(e), e->type));
    if (!is_iface(tt) && is_iface(e->type)) return cg_eq(e->type, cg_box(tag, tt), cg_expr(e));
    return cg_eq(tt, tag, cg_expr_to(e, tt));
}

static void switch_stmt(Node *s)
{
    cg_line("{");
    cg_fn->indent++;
    if (s->init) cg_stmt(s->init);
    CgBreak *b = push_break(s, false);
    int id = b->id;
    cg_pos_line(s->pos);
    char *tag = NULL;
    Type *tt = NULL;
    if (s->tag) {
        tag = cg_tmp();
        tt = s->tag->type;
        cg_line("%s %s = %s;", cg_ctype(tt), tag, cg_expr(s->tag));
    }
    NodeList *cases = &s->body->stmts;
    int def = -1;
    for (int c = 0; c < cases->len; c++) {
        Node *cl = cases->v[c];
        if (cl->list.len == 0) def = c;
        for (int k = 0; k < cl->list.len; k++) cg_line("if (%s) goto _c%d_%d;", case_match(tag, tt, cl->list.v[k]), id, c);
    }
    if (def >= 0) cg_line("goto _c%d_%d;", id, def);
    else cg_line("goto _brk%d;", id);
    for (int c = 0; c < cases->len; c++) {
        Node *cl = cases->v[c];
        b = &cg_fn->brk[cg_fn->nbrk - 1];
        b->ncase = c;
        cg_line("_c%d_%d: ;", id, c);
        cg_line("{");
        cg_fn->indent++;
        cg_block_stmts(&cl->stmts);
        cg_fn->indent--;
        cg_line("}");
        cg_line("goto _brk%d;", id);
    }
    cg_line("_c%d_%d: ;", id, cases->len);
    pop_break();
    cg_line("_brk%d: ;", id);
    cg_fn->indent--;
    cg_line("}");
}

static void typeswitch_stmt(Node *s)
{
    cg_line("{");
    cg_fn->indent++;
    if (s->init) cg_stmt(s->init);
    CgBreak *b = push_break(s, false);
    int id = b->id;
    cg_pos_line(s->pos);
    Node *ta = s->assign->kind == ND_ASSIGN ? s->assign->rhs.v[0] : s->assign->x;
    ta = cg_unparen(ta);
    Node *xe = ta->kind == ND_TYPEASSERT ? ta->x : ta;
    char *x = cg_tmp();
    cg_line("SwIface %s = %s;", x, cg_expr(xe));
    NodeList *cases = &s->body->stmts;
    int def = -1;
    for (int c = 0; c < cases->len; c++) {
        Node *cl = cases->v[c];
        if (cl->list.len == 0) def = c;
        for (int k = 0; k < cl->list.len; k++) {
            Node *e = cl->list.v[k];
            char *cond;
            if (cg_is_nil(e)) {
                cond = cg_fmt("%s.type == NULL", x);
            } else if (is_iface(e->type)) {
                if (type_underlying(e->type)->nmethods == 0) cond = cg_fmt("%s.type != NULL", x);
                else cond = cg_fmt("%s.type != NULL && sw_type_implements(%s.type, %s)", x, x, cg_desc(e->type));
            } else {
                cond = cg_fmt("%s.type == %s", x, cg_desc(e->type));
            }
            cg_line("if (%s) goto _c%d_%d;", cond, id, c);
        }
    }
    if (def >= 0) cg_line("goto _c%d_%d;", id, def);
    else cg_line("goto _brk%d;", id);
    for (int c = 0; c < cases->len; c++) {
        Node *cl = cases->v[c];
        b = &cg_fn->brk[cg_fn->nbrk - 1];
        b->ncase = c;
        cg_line("_c%d_%d: ;", id, c);
        cg_line("{");
        cg_fn->indent++;
        Obj *o = cl->obj;
        if (o && o->type) {
            char *v;
            if (is_iface(o->type)) v = x;
            else if (cg_is_direct(o->type)) v = cg_fmt("((%s)%s.data)", cg_ctype(o->type), x);
            else v = cg_fmt("(*(%s *)%s.data)", cg_ctype(o->type), x);
            cg_declare_local(o, v);
        }
        cg_block_stmts(&cl->stmts);
        cg_fn->indent--;
        cg_line("}");
        cg_line("goto _brk%d;", id);
    }
    pop_break();
    cg_line("_brk%d: ;", id);
    cg_fn->indent--;
    cg_line("}");
}

/* ---- return ------------------------------------------------------------------------ */

/* return in a function with defers: the results go to their slots (all
 * values are computed before any slot changes), then to the exit code */
static void return_deferred(Node *s)
{
    Type *sig = cg_fn->sig;
    int nres = sig ? sig->nresults : 0;
    NodeList *r = &s->results;
    if (nres == 0 || r->len == 0) {
        if (r->len == 1) cg_line("(void)(%s);", cg_expr(r->v[0]));
        cg_line("goto _dret;");
        return;
    }
    cg_line("{");
    cg_fn->indent++;
    char **vals = arena_alloc(sizeof(char *) * (size_t)nres);
    if (r->len == 1 && nres > 1) {
        Node *g = r->v[0];
        char *t = cg_tmp();
        cg_line("%s %s = %s;", cg_ctype(g->type), t, cg_expr(g));
        for (int i = 0; i < nres; i++)
            vals[i] = cg_convert(cg_fmt("%s.r%d", t, i), g->type->fields[i].type, sig->results[i]);
    } else {
        bool *calls = arena_alloc(sizeof(bool) * (size_t)nres);
        for (int i = 0; i < nres; i++) {
            vals[i] = cg_expr_to(r->v[i], sig->results[i]);
            calls[i] = cg_has_call(r->v[i]);
        }
        char *pre = cg_order(nres, vals, sig->results, calls);
        if (*pre) cg_line("%s", pre);
        for (int i = 0; i < nres; i++) {
            char *t = cg_tmp();
            cg_line("%s %s = %s;", cg_ctype(sig->results[i]), t, vals[i]);
            vals[i] = t;
        }
    }
    for (int i = 0; i < nres; i++) cg_line("%s = %s;", cg_fn->slots[i], vals[i]);
    cg_line("goto _dret;");
    cg_fn->indent--;
    cg_line("}");
}

static void return_stmt(Node *s)
{
    if (cg_fn->has_defer) {
        return_deferred(s);
        return;
    }
    Type *sig = cg_fn->sig;
    int nres = sig ? sig->nresults : 0;
    NodeList *r = &s->results;
    if (nres == 0) {
        if (r->len == 1) cg_line("(void)(%s);", cg_expr(r->v[0]));
        cg_line("return;");
        return;
    }
    Type *tup = cg_result_tuple(sig);
    if (r->len == 0) {
        if (nres == 1) {
            cg_line("return %s;", cg_fn->results[0] ? cg_var_ref(cg_fn->results[0]) : cg_zero(sig->results[0]));
            return;
        }
        CgBuf b = {0};
        for (int i = 0; i < nres; i++)
            cg_printf(&b, "%s%s", i ? ", " : "", cg_fn->results[i] ? cg_var_ref(cg_fn->results[i]) : cg_zero(sig->results[i]));
        cg_line("return (%s){ %s };", cg_ctype(tup), b.p);
        free(b.p);
        return;
    }
    if (nres == 1) {
        cg_line("return %s;", cg_expr_to(r->v[0], sig->results[0]));
        return;
    }
    if (r->len == 1) {
        Node *g = r->v[0];
        if (g->type == tup) {
            cg_line("return %s;", cg_expr(g));
            return;
        }
        char *t = cg_tmp();
        cg_line("{ %s %s = %s;", cg_ctype(g->type), t, cg_expr(g));
        CgBuf b = {0};
        for (int i = 0; i < nres; i++)
            cg_printf(&b, "%s%s", i ? ", " : "", cg_convert(cg_fmt("%s.r%d", t, i), g->type->fields[i].type, sig->results[i]));
        cg_line("  return (%s){ %s }; }", cg_ctype(tup), b.p);
        free(b.p);
        return;
    }
    char **vals = arena_alloc(sizeof(char *) * (size_t)nres);
    bool *calls = arena_alloc(sizeof(bool) * (size_t)nres);
    for (int i = 0; i < nres; i++) {
        vals[i] = cg_expr_to(r->v[i], sig->results[i]);
        calls[i] = cg_has_call(r->v[i]);
    }
    char *pre = cg_order(nres, vals, sig->results, calls);
    CgBuf b = {0};
    for (int i = 0; i < nres; i++) cg_printf(&b, "%s%s", i ? ", " : "", vals[i]);
    if (*pre) cg_line("{ %s", pre);
    cg_line("return (%s){ %s };", cg_ctype(tup), b.p);
    if (*pre) cg_line("}");
    free(b.p);
}

/* ---- dispatch ------------------------------------------------------------------------- */

void cg_block_stmts(NodeList *l)
{
    for (int i = 0; i < l->len; i++) cg_stmt(l->v[i]);
}

void cg_stmt(Node *s)
{
    if (!s) return;
    if (s->kind != ND_BLOCK && s->kind != ND_EMPTY && s->kind != ND_LABELED) cg_pos_line(s->pos);
    switch (s->kind) {
    case ND_EMPTY:
        return;
    case ND_BLOCK:
        body_block(s);
        return;
    case ND_EXPRSTMT:
        if (is_recv_expr(s->x)) {
            cg_line("sw_chan_recv(%s, NULL);", cg_expr(cg_unparen(s->x)->x));
            return;
        }
        cg_line("(void)(%s);", cg_expr(s->x));
        return;
    case ND_SEND:
        send_stmt(s);
        return;
    case ND_GO:
        cg_go_stmt(s);
        return;
    case ND_SELECT:
        select_stmt(s);
        return;
    case ND_DECLSTMT:
        if (s->decl && s->decl->kw == KW_VAR)
            for (int i = 0; i < s->decl->specs.len; i++) var_spec(s->decl->specs.v[i]);
        return;
    case ND_ASSIGN:
        assign_stmt(s);
        return;
    case ND_INCDEC:
        op_assign(s->x, s->op == OP_INC ? OP_ADD : OP_SUB, "1", NULL);
        return;
    case ND_IF:
        if_stmt(s);
        return;
    case ND_FOR:
        for_stmt(s);
        return;
    case ND_RANGE:
        range_stmt(s);
        return;
    case ND_SWITCH:
        switch_stmt(s);
        return;
    case ND_TYPESWITCH:
        typeswitch_stmt(s);
        return;
    case ND_LABELED:
        if (cg_fn->has_goto && s->label && strcmp(s->label->str, "_") != 0) cg_line("_gl_%s: ;", s->label->str);
        /* the label names the loop or switch it is attached to */
        if (s->body && (s->body->kind == ND_FOR || s->body->kind == ND_RANGE || s->body->kind == ND_SWITCH ||
                        s->body->kind == ND_TYPESWITCH || s->body->kind == ND_SELECT))
            cg_fn->pending_label = s->label ? s->label->str : NULL;
        cg_stmt(s->body);
        cg_fn->pending_label = NULL;
        return;
    case ND_RETURN:
        return_stmt(s);
        return;
    case ND_BRANCH:
        branch_stmt(s);
        return;
    case ND_DEFER:
        cg_defer_stmt(s);
        return;
    default:
        cg_line("sw_panic_nil(); /* unsupported statement: %s */", node_kind_name(s->kind));
        return;
    }
}

/* ---- functions ------------------------------------------------------------------------- */

void cg_function(Node *ftype, Type *sig, Node *recv, Type *recv_type, Node *body, const char *head,
                 const char *first, const char *prologue)
{
    CgFunc *saved = cg_fn;
    CgFunc fn = {0};
    cg_fn = &fn;
    fn.sig = sig;
    fn.indent = 1;
    fn.goname = cg_next_goname;
    fn.is_closure = cg_next_is_closure;
    fn.node = cg_next_node;
    cg_next_node = NULL;
    cg_next_goname = NULL;
    cg_next_is_closure = false;
    /* the C name is the last word of head */
    const char *nm = head + strlen(head);
    while (nm > head && (nm[-1] == '_' || (nm[-1] >= '0' && nm[-1] <= '9') || (nm[-1] >= 'a' && nm[-1] <= 'z') ||
                         (nm[-1] >= 'A' && nm[-1] <= 'Z') || (unsigned char)nm[-1] >= 0x80))
        nm--;
    fn.cname = nm;
    fn.has_defer = body && cg_body_has_defer(body);
    fn.has_goto = body && cg_body_has_goto(body);
    fn.claims_recover = body && cg_body_calls_recover(body);
    CgBuf params = {0}, entry = {0};
    cg_puts(&params, "");
    cg_puts(&entry, "");
    bool any = false;
    if (first) {
        cg_puts(&params, first);
        any = true;
    }
    int pidx = 0;
    /* one C parameter per Go parameter (receiver first) */
#define ADD_PARAM(obj, type)                                                                                   \
    do {                                                                                                       \
        Obj *o_ = (obj);                                                                                       \
        const char *ct_ = cg_ctype(type);                                                                      \
        if (any) cg_puts(&params, ", ");                                                                      \
        any = true;                                                                                            \
        if (!o_ || !o_->name || strcmp(o_->name, "_") == 0) {                                                  \
            cg_printf(&params, "%s _p%d", ct_, pidx);                                                         \
        } else if (cg_is_stackbox(o_)) {                                                                       \
            cg_printf(&params, "%s %s_in", ct_, cg_var_name(o_));                                             \
            cg_printf(&entry, "    %s *%s = &%s_in;\n", ct_, cg_var_name(o_), cg_var_name(o_));              \
            cg_mark_declared(o_);                                                                              \
        } else if (cg_is_boxed(o_)) {                                                                          \
            cg_printf(&params, "%s %s_in", ct_, cg_var_name(o_));                                             \
            cg_printf(&entry, "    %s *%s = %s(sizeof(%s));\n    *%s = %s_in;\n", ct_, cg_var_name(o_), \
                       cg_alloc_fn(type), ct_, cg_var_name(o_), cg_var_name(o_));                             \
            cg_mark_declared(o_);                                                                              \
        } else {                                                                                               \
            cg_printf(&params, "%s %s", ct_, cg_var_name(o_));                                                \
            cg_mark_declared(o_);                                                                              \
        }                                                                                                      \
        pidx++;                                                                                                \
    } while (0)
    if (recv_type) {
        Obj *ro = (recv && recv->names.len > 0) ? recv->names.v[0]->obj : NULL;
        ADD_PARAM(ro, recv_type);
    }
    int k = 0;
    if (ftype) {
        for (int i = 0; i < ftype->params.len; i++) {
            Node *f = ftype->params.v[i];
            if (f->names.len == 0) {
                if (k < sig->nparams) ADD_PARAM(NULL, sig->params[k]);
                k++;
            }
            for (int j = 0; j < f->names.len; j++) {
                if (k < sig->nparams) ADD_PARAM(f->names.v[j]->obj, sig->params[k]);
                k++;
            }
        }
    }
#undef ADD_PARAM
    if (!any) cg_puts(&params, "void");
    /* named results */
    fn.nresults = sig->nresults;
    fn.results = arena_alloc(sizeof(Obj *) * (size_t)(sig->nresults + 1));
    int r = 0;
    if (body) cg_pos_line(body->pos);
    /* coroutine stacks have no guard page each: check the limit instead */
    if (body) cg_line("SW_CO_STACK_CHECK();");
    if (ftype) {
        for (int i = 0; i < ftype->results.len; i++) {
            Node *f = ftype->results.v[i];
            if (f->names.len == 0) {
                r++;
                continue;
            }
            for (int j = 0; j < f->names.len && r < sig->nresults; j++, r++) {
                Obj *o = f->names.v[j]->obj;
                fn.results[r] = o;
                fn.named_results = true;
                if (o && o->name && strcmp(o->name, "_") != 0) {
                    cg_declare_local(o, NULL);
                } else {
                    fn.results[r] = NULL;
                }
            }
        }
    }
    if (fn.has_defer) {
        fn.slots = arena_alloc(sizeof(char *) * (size_t)(sig->nresults + 1));
        for (int i = 0; i < sig->nresults; i++) {
            if (fn.results[i]) {
                fn.slots[i] = cg_var_ref(fn.results[i]);
            } else {
                fn.slots[i] = cg_fmt("_res%d", i);
                cg_line("%s _res%d = %s;", cg_ctype(sig->results[i]), i, cg_zero(sig->results[i]));
            }
        }
        cg_line("SwDeferFrame _df;");
        cg_line("sw_defer_enter(&_df);");
        /* only a deferred call that recovers can resume this frame */
        if (cg_body_defers_recover(body)) cg_line("if (__builtin_setjmp(_df.jb)) goto _dret;");
    }
    if (body) cg_block_stmts(&body->stmts);
    if (fn.has_defer) {
        cg_puts(&fn.body, "_dret:\n");
        cg_line("sw_defer_exit(&_df);");
        if (sig->nresults == 0) {
            cg_line("return;");
        } else if (sig->nresults == 1) {
            cg_line("return %s;", fn.slots[0]);
        } else {
            CgBuf b = {0};
            for (int i = 0; i < sig->nresults; i++) cg_printf(&b, "%s%s", i ? ", " : "", fn.slots[i]);
            cg_line("return (%s){ %s };", cg_ctype(cg_result_tuple(sig)), b.p);
            free(b.p);
        }
    } else if (sig->nresults > 0) {
        cg_line("__builtin_trap();");
    }
    cg_printf(&cg_sec_protos, "%s(%s);\n", head, params.p);
    CgBuf *o = &cg_sec_funcs;
    if (body) {
        CgFunc *inner = cg_fn;
        CgFunc hdr = {0};
        cg_fn = &hdr;
        cg_pos_line(body->pos);
        cg_fn = inner;
        if (hdr.body.p) cg_puts(o, hdr.body.p);
        free(hdr.body.p);
    }
    cg_printf(o, "%s(%s)\n{\n", head, params.p);
    if (fn.claims_recover) cg_printf(o, "    SwPanic *_rp = sw_recover_claim((const void *)%s);\n", fn.cname);
    if (prologue) cg_puts(o, prologue);
    cg_puts(o, entry.p);
    if (fn.top.p) cg_puts(o, fn.top.p);
    if (fn.body.p) cg_puts(o, fn.body.p);
    cg_puts(o, "}\n\n");
    free(params.p);
    free(entry.p);
    free(fn.top.p);
    free(fn.body.p);
    cg_fn = saved;
}
