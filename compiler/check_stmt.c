// SPDX-License-Identifier: MIT
/*
 * check_stmt.c — statements and function bodies (Go spec "Statements",
 * "Terminating statements", "Declarations and scope" for local
 * declarations): assignments and short variable declarations, control flow,
 * labels, break/continue targets, "missing return", unused variables and
 * the boxing of variables that closures capture.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"

void validate_type(Type *t);

static void invalid_op(Operand *x)
{
    x->mode = MODE_INVALID;
    x->type = ty_invalid;
    x->cv = NULL;
}

static Node *unparen(Node *n)
{
    while (n && n->kind == ND_PAREN)
        n = n->x;
    return n;
}

static void open_scope(void)
{
    ck.scope = scope_new(ck.scope);
}

static void close_scope(void)
{
    ck.scope = ck.scope->parent;
}

/* A local variable, constant or type enters the innermost scope. */
void declare_local(Obj *o, Node *at)
{
    declare(ck.scope, o, at);
    if (o->kind != OBJ_VAR || !ck.fn)
        return;
    ptrmap_put(o, ck.fn);
    FuncCtx *fc = ck.fn;
    if (!o->name[0] || strcmp(o->name, "_") == 0)
        return;
    if (fc->nlocals == fc->caplocals) {
        int nc = fc->caplocals ? fc->caplocals * 2 : 16;
        Obj **n = arena_alloc(sizeof(Obj *) * (size_t)nc);
        if (fc->nlocals)
            memcpy(n, fc->locals, sizeof(Obj *) * (size_t)fc->nlocals);
        fc->locals = n;
        fc->caplocals = nc;
    }
    fc->locals[fc->nlocals++] = o;
}

static Obj *new_local_var(Node *id, Type *t)
{
    Obj *o = obj_new(OBJ_VAR, id->str, id->pos);
    o->type = t;
    o->pkg = ck.pkg;
    o->decl = id;
    id->obj = o;
    return o;
}

/* ---- initialization and assignment ---------------------------------------------- */

static void init_var(Obj *o, Operand *x, const char *context)
{
    if (x->mode == MODE_INVALID) {
        if (!o->type)
            o->type = ty_invalid;
        o->used = true;   /* no follow-on "declared but not used" */
        return;
    }
    if (!o->type) {
        assign_to(x, NULL, context);
        o->type = x->mode == MODE_INVALID ? ty_invalid : x->type;
    } else {
        assign_to(x, o->type, context);
    }
    if (x->mode == MODE_INVALID)
        o->used = true;
}

static void mismatch(int nl, Node *rhs0, int nr, Operand *x, bool is_return)
{
    (void)is_return;
    Node *r = unparen(rhs0);
    if (nr == 1 && r && r->kind == ND_CALL && x && x->mode != MODE_INVALID) {
        int nv = x->type && x->type->kind == TY_TUPLE ? x->type->nfields : (x->mode == MODE_NOVALUE ? 0 : 1);
        diag_error(rhs0->pos, "assignment mismatch: %d variable%s but %s returns %d value%s", nl,
                   nl == 1 ? "" : "s", expr_str(r->fun), nv, nv == 1 ? "" : "s");
        return;
    }
    diag_error(rhs0 ? rhs0->pos : (Pos){0}, "assignment mismatch: %d variable%s but %d value%s", nl,
               nl == 1 ? "" : "s", nr, nr == 1 ? "" : "s");
}

/* The `v, ok` form of m[k], x.(T): marks the node and gives ok's type. */
static bool commaok_form(Operand *x)
{
    if (x->mode != MODE_COMMAOK && x->mode != MODE_MAPINDEX)
        return false;
    Node *n = unparen(x->expr);
    n->commaok = true;
    return true;
}

static void init_vars_inner(Obj **lhs, int nl, NodeList *rhs, Node *at, const char *context);
static bool single_or_mismatch(Operand *x, Node *rhs, int nl, Type *hint);

/* VarSpec / ShortVarDecl: lhs[i] gets rhs values; lhs objects without a type
 * take the (default) type of their value. */
void init_vars(Obj **lhs, int nl, NodeList *rhs, Node *at, const char *context)
{
    int nr = rhs->len;
    if (nr == 0)
        return;
    Node *saved_texpr = assign_target_texpr;
    assign_target_texpr = at && at->kind == ND_VALUESPEC ? at->vtype : NULL;
    init_vars_inner(lhs, nl, rhs, at, context);
    assign_target_texpr = saved_texpr;
}

/* A single value for one variable; a multi-value call there is a count
 * mismatch, reported as Go does. */
static bool single_or_mismatch(Operand *x, Node *rhs, int nl, Type *hint)
{
    Node *r = unparen(rhs);
    if (r && r->kind == ND_CALL) {
        check_multi_expr(x, rhs);
        if (x->mode != MODE_INVALID && x->type && x->type->kind == TY_TUPLE) {
            mismatch(nl, rhs, 1, x, false);
            x->mode = MODE_INVALID;
            x->type = ty_invalid;
            return false;
        }
        if (x->mode == MODE_NOVALUE) {
            diag_error(rhs->pos, "%s (no value) used as value", expr_str(rhs));
            x->mode = MODE_INVALID;
            x->type = ty_invalid;
            return false;
        }
        return x->mode != MODE_INVALID;
    }
    check_expr_hint(x, rhs, hint);
    return x->mode != MODE_INVALID;
}

static void init_vars_inner(Obj **lhs, int nl, NodeList *rhs, Node *at, const char *context)
{
    int nr = rhs->len;
    if (nl == nr) {
        for (int i = 0; i < nl; i++) {
            Operand x;
            single_or_mismatch(&x, rhs->v[i], nl, lhs[i]->type);
            init_var(lhs[i], &x, context);
            if (!lhs[i]->global) {
                if (lhs[i]->init) lhs[i]->reassigned = true;
                lhs[i]->init = rhs->v[i];
            }
        }
        return;
    }
    if (nr == 1 && nl > 1) {
        Operand x;
        check_multi_expr(&x, rhs->v[0]);
        if (x.mode == MODE_INVALID) {
            for (int i = 0; i < nl; i++)
                if (!lhs[i]->type)
                    lhs[i]->type = ty_invalid;
            return;
        }
        if (nl == 2 && commaok_form(&x)) {
            Operand v = x;
            v.mode = MODE_VALUE;
            init_var(lhs[0], &v, "assignment");
            Operand ok = {.mode = MODE_VALUE, .expr = rhs->v[0], .type = ty_untyped_bool};
            if (!lhs[1]->type)
                lhs[1]->type = ty_bool;
            else {
                const char *why;
                if (!assignable(&ok, lhs[1]->type, &why))
                    diag_error(rhs->v[0]->pos, "cannot use %s (untyped bool value) as type %s in assignment",
                               expr_str(rhs->v[0]), tstr(lhs[1]->type));
            }
            return;
        }
        if (x.type && x.type->kind == TY_TUPLE && x.type->nfields == nl) {
            for (int i = 0; i < nl; i++) {
                Operand v = {.mode = MODE_VALUE, .expr = rhs->v[0], .type = x.type->fields[i].type};
                if (!lhs[i]->type) {
                    lhs[i]->type = v.type;
                } else {
                    const char *why;
                    if (!assignable(&v, lhs[i]->type, &why))
                        diag_error(rhs->v[0]->pos, "cannot use %s (value of type %s) as type %s in assignment%s%s",
                                   expr_str(rhs->v[0]), tstr(v.type), tstr(lhs[i]->type),
                                   why[0] ? ":\n\t" : "", why);
                }
            }
            return;
        }
        mismatch(nl, rhs->v[0], nr, &x, false);
        for (int i = 0; i < nl; i++)
            if (!lhs[i]->type)
                lhs[i]->type = ty_invalid;
        return;
    }
    /* count mismatch: still check the values for their own errors */
    for (int i = 0; i < nr; i++) {
        Operand x;
        check_multi_expr(&x, rhs->v[i]);
    }
    if (at && at->kind == ND_VALUESPEC && nl < nr) {
        diag_error(rhs->v[nl]->pos, "extra init expr %s", expr_str(rhs->v[nl]));
    } else if (at && at->kind == ND_VALUESPEC && nl > nr && nr != 1 && nl <= at->names.len) {
        Node *id = at->names.v[nr];
        diag_error(id->pos, "missing init expr for %s", id->str);
    } else {
        Operand dummy = {0};
        mismatch(nl, rhs->v[0], nr, nr == 1 ? &dummy : NULL, false);
    }
    for (int i = 0; i < nl; i++)
        lhs[i]->used = true;
    for (int i = 0; i < nl; i++)
        if (!lhs[i]->type)
            lhs[i]->type = ty_invalid;
}

/* The left side of an assignment: an addressable expression, a map index or
 * the blank identifier.  Returns its type (NULL for `_`). */
static Type *check_lhs(Node *lhs, bool *ok)
{
    *ok = true;
    Node *id = unparen(lhs);
    if (is_blank(id)) {
        id->type = NULL;
        return NULL;
    }
    Obj *v = NULL;
    bool was_used = false;
    if (id && id->kind == ND_IDENT) {
        Obj *o = scope_lookup(ck.scope, id->str);
        if (o && o->kind == OBJ_VAR && o->pkg == ck.pkg) {
            v = o;
            was_used = o->used;
        }
    }
    Operand x;
    check_expr(&x, lhs);
    if (v) {
        v->used = was_used;
        v->reassigned = true;
    }
    switch (x.mode) {
    case MODE_INVALID:
        *ok = false;
        return ty_invalid;
    case MODE_VAR:
    case MODE_MAPINDEX:
        return x.type;
    default: {
        Node *s = unparen(lhs);
        if (s->kind == ND_SELECTOR && s->x && s->sel_kind == SEL_FIELD) {
            Node *b = unparen(s->x);
            if (b->kind == ND_INDEX && b->x && b->x->type && under(b->x->type)->kind == TY_MAP) {
                diag_error(lhs->pos, "cannot assign to struct field %s in map", expr_str(lhs));
                *ok = false;
                return ty_invalid;
            }
        }
        diag_error(lhs->pos, "cannot assign to %s", operand_str(&x));
        *ok = false;
        return ty_invalid;
    }
    }
}

/* assignVar: x assigned to the expression lhs. */
void assign_var(Node *lhs, Operand *x, const char *context)
{
    bool ok;
    Type *t = check_lhs(lhs, &ok);
    if (!ok || x->mode == MODE_INVALID)
        return;
    if (!t) {
        assign_to(x, NULL, "assignment to _ identifier");
        return;
    }
    assign_to(x, t, context);
}

static void assign_typed(Node *lhs, Type *vt, Node *rhs0)
{
    bool ok;
    Type *t = check_lhs(lhs, &ok);
    if (!ok || !t)
        return;
    Operand v = {.mode = MODE_VALUE, .expr = rhs0, .type = vt};
    const char *why;
    if (!assignable(&v, t, &why))
        diag_error(rhs0->pos, "cannot use %s (value of type %s) as type %s in assignment%s%s", expr_str(rhs0),
                   tstr(vt), tstr(t), why[0] ? ":\n\t" : "", why);
}

/* Assignment = ExpressionList assign_op ExpressionList . */
static void check_assign(Node *n)
{
    int nl = n->lhs.len, nr = n->rhs.len;
    if (n->op != OP_NONE) {
        if (nl != 1 || nr != 1) {
            diag_error(n->pos, "assignment operation %s= requires single-valued expressions", op_string(n->op));
            return;
        }
        bool ok;
        check_lhs(n->lhs.v[0], &ok);
        if (!ok) {
            Operand tmp;
            check_expr(&tmp, n->rhs.v[0]);
            return;
        }
        Node *bin = node_new(ND_BINARY, n->pos);
        bin->op = n->op;
        bin->x = n->lhs.v[0];
        bin->y = n->rhs.v[0];
        bin->opos = n->opos;
        Operand x;
        check_expr(&x, bin);
        if (x.mode == MODE_INVALID)
            return;
        Type *lt = n->lhs.v[0]->type;
        if (lt && type_is_untyped(x.type))
            convert_untyped(&x, lt);
        return;
    }
    if (nl == nr) {
        for (int i = 0; i < nl; i++) {
            Operand x;
            Node *l = unparen(n->lhs.v[i]);
            Type *hint = NULL;
            (void)l;
            if (!single_or_mismatch(&x, n->rhs.v[i], nl, hint)) {
                bool ok;
                check_lhs(n->lhs.v[i], &ok);
                continue;
            }
            assign_var(n->lhs.v[i], &x, "assignment");
        }
        return;
    }
    if (nr == 1 && nl > 1) {
        Operand x;
        check_multi_expr(&x, n->rhs.v[0]);
        if (x.mode == MODE_INVALID) {
            for (int i = 0; i < nl; i++) {
                bool ok;
                check_lhs(n->lhs.v[i], &ok);
            }
            return;
        }
        if (nl == 2 && commaok_form(&x)) {
            Operand v = x;
            v.mode = MODE_VALUE;
            assign_var(n->lhs.v[0], &v, "assignment");
            assign_typed(n->lhs.v[1], ty_bool, n->rhs.v[0]);
            return;
        }
        if (x.type && x.type->kind == TY_TUPLE && x.type->nfields == nl) {
            for (int i = 0; i < nl; i++)
                assign_typed(n->lhs.v[i], x.type->fields[i].type, n->rhs.v[0]);
            return;
        }
        mismatch(nl, n->rhs.v[0], nr, &x, false);
        return;
    }
    for (int i = 0; i < nr; i++) {
        Operand x;
        check_multi_expr(&x, n->rhs.v[i]);
    }
    mismatch(nl, n->rhs.v[0], nr, NULL, false);
}

/* ShortVarDecl = IdentifierList ":=" ExpressionList . */
static void check_short_var_decl(Node *n)
{
    int nl = n->lhs.len;
    Obj **objs = arena_alloc(sizeof(Obj *) * (size_t)(nl + 1));
    bool *is_new = arena_alloc(sizeof(bool) * (size_t)(nl + 1));
    bool any_new = false, bad = false;
    for (int i = 0; i < nl; i++) {
        Node *id = n->lhs.v[i];
        if (id->kind != ND_IDENT) {
            diag_error(id->pos, "non-name %s on left side of :=", expr_str(id));
            bad = true;
            objs[i] = obj_new(OBJ_VAR, "_", id->pos);
            continue;
        }
        for (int j = 0; j < i; j++)
            if (!is_blank(id) && n->lhs.v[j]->kind == ND_IDENT && strcmp(n->lhs.v[j]->str, id->str) == 0) {
                diag_error(id->pos, "%s repeated on left side of :=", id->str);
                bad = true;
            }
        Obj *old = is_blank(id) ? NULL : scope_lookup_local(ck.scope, id->str);
        if (old && old->kind == OBJ_VAR) {
            objs[i] = old;
            old->reassigned = true;
            id->obj = old;
            id->type = old->type;
        } else {
            objs[i] = new_local_var(id, NULL);
            is_new[i] = true;
            if (!is_blank(id))
                any_new = true;
        }
    }
    if (!any_new && !bad)
        diag_error(n->opos.line ? n->opos : n->pos, "no new variables on left side of :=");
    init_vars(objs, nl, &n->rhs, n, "assignment");
    for (int i = 0; i < nl; i++) {
        Node *id = n->lhs.v[i];
        if (is_new[i]) {
            id->type = objs[i]->type;
            declare_local(objs[i], id);
        }
    }
}

/* ---- declarations inside functions ------------------------------------------------ */

/* ConstSpec = IdentifierList [ [ Type ] "=" ExpressionList ] . */
void check_const_spec(Node *spec, Obj **objs, int n, bool local)
{
    (void)local;
    Type *t = NULL;
    if (spec->vtype) {
        t = check_type(spec->vtype);
        if (t != ty_invalid) {
            TypeKind k = under(t)->kind;
            if (!(k >= TY_BOOL && k <= TY_STRING)) {
                diag_error(spec->vtype->pos, "invalid constant type %s", tstr(t));
                t = ty_invalid;
            }
        }
    }
    for (int i = 0; i < n; i++) {
        Obj *o = objs[i];
        if (i >= spec->values.len) {
            o->type = ty_invalid;
            continue;
        }
        Operand x;
        check_expr(&x, spec->values.v[i]);
        if (x.mode == MODE_INVALID || t == ty_invalid) {
            o->type = ty_invalid;
            continue;
        }
        if (x.mode != MODE_CONST) {
            diag_error(x.expr->pos, "%s is not constant", operand_str(&x));
            o->type = ty_invalid;
            continue;
        }
        if (t) {
            Node *saved_texpr = assign_target_texpr;
            assign_target_texpr = spec->vtype;
            assign_to(&x, t, "constant declaration");
            assign_target_texpr = saved_texpr;
        }
        if (x.mode == MODE_INVALID) {
            o->type = ty_invalid;
            continue;
        }
        o->type = x.type;
        o->cv = x.cv;
        if (i < spec->names.len) {
            spec->names.v[i]->type = x.type;
            spec->names.v[i]->cv = x.cv;
        }
    }
}

/* TypeSpec = AliasDecl | TypeDef . */
void check_type_spec(Node *spec, Obj *o)
{
    if (spec->alias) {
        Type *t = check_type(spec->ctype);
        o->type = t;
        spec->name->type = t;
        return;
    }
    Type *named = o->type;
    Type *rhs = check_type(spec->ctype);
    if (rhs->kind == TY_NAMED && !rhs->underlying) {
        diag_error(spec->name->pos, "invalid recursive type %s\n\t%s:%d:%d: %s refers to\n\t%s:%d:%d: %s",
                   o->name, diag_file_path(o->pos.file), o->pos.line, o->pos.col, o->name,
                   diag_file_path(o->pos.file), o->pos.line, o->pos.col, o->name);
        named->underlying = ty_invalid;
    } else {
        named->underlying = under(rhs);
    }
    spec->name->type = named;
}

static void check_decl_stmt(Node *decl)
{
    if (!decl || decl->kind != ND_GENDECL)
        return;
    Node *last_vtype = NULL;
    NodeList last_values = {0};
    bool have_last = false;
    for (int s = 0; s < decl->specs.len; s++) {
        Node *spec = decl->specs.v[s];
        int n = spec->names.len;
        switch (decl->kw) {
        case KW_CONST: {
            if (spec->values.len || spec->vtype) {
                last_vtype = spec->vtype;
                last_values = spec->values;
                have_last = true;
            } else if (have_last) {
                spec->vtype = last_vtype;
                spec->values = last_values;
            } else {
                diag_error(spec->pos, "missing init expr for const declaration");
            }
            Obj **objs = arena_alloc(sizeof(Obj *) * (size_t)(n + 1));
            for (int i = 0; i < n; i++) {
                Node *id = spec->names.v[i];
                objs[i] = obj_new(OBJ_CONST, id->str, id->pos);
                objs[i]->pkg = ck.pkg;
                objs[i]->decl = spec;
                id->obj = objs[i];
            }
            int saved = ck.iota;
            ck.iota = spec->iota;
            check_const_spec(spec, objs, n, true);
            ck.iota = saved;
            if (spec->values.len > n)
                diag_error(spec->values.v[n]->pos, "extra init expr %s", expr_str(spec->values.v[n]));
            else if (spec->values.len < n && spec->values.len > 0)
                diag_error(spec->names.v[spec->values.len]->pos, "missing init expr for %s",
                           spec->names.v[spec->values.len]->str);
            for (int i = 0; i < n; i++)
                declare_local(objs[i], spec->names.v[i]);
            break;
        }
        case KW_VAR: {
            Obj **objs = arena_alloc(sizeof(Obj *) * (size_t)(n + 1));
            Type *t = spec->vtype ? check_type(spec->vtype) : NULL;
            for (int i = 0; i < n; i++)
                objs[i] = new_local_var(spec->names.v[i], t);
            if (spec->values.len == n) {
                for (int i = 0; i < n; i++) {
                    NodeList one = {.v = &spec->values.v[i], .len = 1, .cap = 1};
                    init_vars(&objs[i], 1, &one, spec, "variable declaration");
                }
            } else {
                init_vars(objs, n, &spec->values, spec, "assignment");
            }
            for (int i = 0; i < n; i++) {
                if (!objs[i]->type)
                    objs[i]->type = ty_invalid;
                spec->names.v[i]->type = objs[i]->type;
                declare_local(objs[i], spec->names.v[i]);
            }
            break;
        }
        case KW_TYPE: {
            Node *id = spec->name;
            Obj *o = obj_new(OBJ_TYPE, id->str, id->pos);
            o->pkg = ck.pkg;
            o->decl = spec;
            id->obj = o;
            if (!spec->alias) {
                o->type = type_named(o);
                declare_local(o, id);
                check_type_spec(spec, o);
                validate_type(o->type);
            } else {
                check_type_spec(spec, o);
                declare_local(o, id);
            }
            break;
        }
        default:
            break;
        }
    }
}

/* ---- control flow ------------------------------------------------------------------ */

static Node *pending_label;   /* label of the statement being checked */
static bool fallthrough_ok;
static bool saw_goto;         /* the function body has goto statements */

static void check_body_stmts(NodeList *l)
{
    for (int i = 0; i < l->len; i++)
        check_stmt(l->v[i]);
}

static void check_cond(Node *cond, const char *what)
{
    Operand x;
    check_expr(&x, cond);
    if (x.mode == MODE_INVALID)
        return;
    if (!type_is_boolean(x.type)) {
        diag_error(cond->pos, "non-boolean condition in %s statement", what);
        return;
    }
    use_default(&x);
}

static void push_branch(BranchCtx *b, Node *stmt, bool loop)
{
    b->outer = ck.branch;
    b->stmt = stmt;
    b->label = pending_label;
    b->is_loop = loop;
    pending_label = NULL;
    ck.branch = b;
}

/* ReturnStmt = "return" [ ExpressionList ] . */
static void check_return(Node *n)
{
    FuncCtx *fc = ck.fn;
    if (!fc || !fc->sig)
        return;
    Type *sig = fc->sig;
    int nr = n->results.len, want = sig->nresults;
    if (nr == 0) {
        if (want > 0 && !fc->named_results)
            diag_error(n->pos, "not enough return values");
        if (fc->named_results) {
            /* a named result shadowed at the return is an error */
            for (int i = 0; i < want; i++) {
                Obj *r = fc->results[i];
                if (!r->name[0] || strcmp(r->name, "_") == 0)
                    continue;
                Obj *found = scope_lookup(ck.scope, r->name);
                if (found && found != r) {
                    diag_error(n->pos, "result parameter %s not in scope at return", r->name);
                    break;
                }
            }
        }
        return;
    }
    if (want == 0) {
        diag_error(n->results.v[0]->pos, "too many return values");
        for (int i = 0; i < nr; i++) {
            Operand x;
            check_multi_expr(&x, n->results.v[i]);
        }
        return;
    }
    if (nr == 1 && want > 1) {
        Operand x;
        check_multi_expr(&x, n->results.v[0]);
        if (x.mode == MODE_INVALID)
            return;
        if (x.type && x.type->kind == TY_TUPLE) {
            if (x.type->nfields != want) {
                diag_error(n->results.v[0]->pos, "%s return values",
                           x.type->nfields < want ? "not enough" : "too many");
                return;
            }
            for (int i = 0; i < want; i++) {
                Operand v = {.mode = MODE_VALUE, .expr = n->results.v[0], .type = x.type->fields[i].type};
                const char *why;
                if (!assignable(&v, sig->results[i], &why))
                    diag_error(n->results.v[0]->pos, "cannot use %s (value of type %s) as type %s in return statement",
                               expr_str(n->results.v[0]), tstr(v.type), tstr(sig->results[i]));
            }
            return;
        }
        diag_error(n->results.v[0]->pos, "not enough return values");
        return;
    }
    if (nr != want) {
        for (int i = 0; i < nr; i++) {
            Operand x;
            check_multi_expr(&x, n->results.v[i]);
        }
        diag_error(n->results.v[nr < want ? 0 : want]->pos, "%s return values", nr < want ? "not enough" : "too many");
        return;
    }
    for (int i = 0; i < nr; i++) {
        Operand x;
        check_expr_hint(&x, n->results.v[i], sig->results[i]);
        assign_to(&x, sig->results[i], "return statement");
    }
}

/* BreakStmt, ContinueStmt, GotoStmt, FallthroughStmt. */
static void check_branch(Node *n)
{
    if (n->kw == KW_GOTO) {
        saw_goto = true;   /* resolved by check_gotos once the labels are known */
        return;
    }
    if (n->kw == KW_FALLTHROUGH) {
        if (!fallthrough_ok)
            diag_error(n->pos, "fallthrough statement out of place");
        return;
    }
    bool is_break = n->kw == KW_BREAK;
    if (n->label) {
        const char *name = n->label->str;
        Obj *l = scope_lookup_local(ck.labels, name);
        if (!l) {
            diag_error(n->label->pos, "%s label not defined: %s", is_break ? "break" : "continue", name);
            return;
        }
        l->used = true;
        n->label->obj = l;
        for (BranchCtx *b = ck.branch; b; b = b->outer) {
            if (b->label && b->label->label && strcmp(b->label->label->str, name) == 0) {
                if (!is_break && !b->is_loop) {
                    diag_error(n->label->pos, "invalid continue label %s", name);
                    return;
                }
                n->target = b->stmt;
                return;
            }
        }
        diag_error(n->label->pos, "invalid %s label %s", is_break ? "break" : "continue", name);
        return;
    }
    for (BranchCtx *b = ck.branch; b; b = b->outer) {
        if (is_break || b->is_loop) {
            n->target = b->stmt;
            return;
        }
    }
    if (is_break)
        diag_error(n->pos, "break is not in a loop, switch, or select");
    else
        diag_error(n->pos, "continue is not in a loop");
}

/* ExprSwitchStmt = "switch" [ SimpleStmt ";" ] [ Expression ] "{" { ExprCaseClause } "}" . */
static void check_switch(Node *n)
{
    BranchCtx b;
    push_branch(&b, n, false);
    open_scope();
    if (n->init)
        check_stmt(n->init);
    Operand tag;
    memset(&tag, 0, sizeof tag);
    if (n->tag) {
        check_expr(&tag, n->tag);
        use_default(&tag);
        if (tag.mode != MODE_INVALID && tag.type != ty_untyped_nil && !type_is_comparable(tag.type) &&
            !has_nil(tag.type)) {
            diag_error(n->tag->pos, "cannot switch on %s", operand_str(&tag));
            tag.mode = MODE_INVALID;
        }
    } else {
        tag.mode = MODE_CONST;
        tag.type = ty_bool;
        tag.cv = cv_bool(true);
    }
    Node *dflt = NULL;
    ConstVal **seen = NULL;
    Node **seen_at = NULL;
    Type **seen_ty = NULL;   /* on an interface tag, 1 and T(1) differ */
    int nseen = 0;
    NodeList *cases = n->body ? &n->body->stmts : NULL;
    int ncases = cases ? cases->len : 0;
    for (int c = 0; c < ncases; c++) {
        Node *cl = cases->v[c];
        if (cl->kind != ND_CASE)
            continue;
        if (cl->list.len == 0) {
            if (dflt)
                diag_error(cl->pos, "multiple defaults in switch");
            dflt = cl;
        }
        for (int i = 0; i < cl->list.len; i++) {
            Node *e = cl->list.v[i];
            Operand x;
            check_expr(&x, e);
            if (x.mode == MODE_INVALID || tag.mode == MODE_INVALID)
                continue;
            if (!n->tag) {
                convert_untyped(&x, ty_bool);
                if (x.mode == MODE_INVALID)
                    continue;
                /* like true == x: also an interface that a bool may be in */
                if (under(x.type)->kind != TY_BOOL &&
                    !(under(x.type)->kind == TY_INTERFACE && under(x.type)->nmethods == 0)) {
                    diag_error(e->pos, "invalid case %s in switch (mismatched types %s and bool)", expr_str(e),
                               tstr(x.type));
                    continue;
                }
                continue;
            }
            /* like tag == x */
            if (type_is_untyped(x.type)) {
                convert_untyped(&x, tag.type);
                if (x.mode == MODE_INVALID)
                    continue;
            }
            const char *why;
            bool ok = assignable(&x, tag.type, &why) || assignable(&tag, x.type, &why);
            if (!ok) {
                diag_error(e->pos, "invalid case %s in switch on %s (mismatched types %s and %s)", expr_str(e),
                           expr_str(n->tag), tstr(x.type), tstr(tag.type));
                continue;
            }
            if (!type_is_comparable(x.type) && x.type != ty_untyped_nil) {
                diag_error(e->pos, "invalid case %s in switch on %s (%s cannot be compared)", expr_str(e),
                           expr_str(n->tag), tstr(x.type));
                continue;
            }
            if (x.mode == MODE_CONST && x.cv) {
                for (int k = 0; k < nseen; k++)
                    if (seen[k]->kind == x.cv->kind && seen_ty[k] == x.type && cv_compare(OP_EQL, seen[k], x.cv)) {
                        diag_error(e->pos, "duplicate case %s in expression switch\n\t%s:%d:%d: previous case",
                                   operand_str(&x), diag_file_path(seen_at[k]->pos.file), seen_at[k]->pos.line,
                                   seen_at[k]->pos.col);
                        break;
                    }
                seen = realloc(seen, sizeof(ConstVal *) * (size_t)(nseen + 1));
                seen_at = realloc(seen_at, sizeof(Node *) * (size_t)(nseen + 1));
                seen_ty = realloc(seen_ty, sizeof(Type *) * (size_t)(nseen + 1));
                seen_ty[nseen] = x.type;
                seen[nseen] = x.cv;
                seen_at[nseen++] = e;
            }
        }
        open_scope();
        cl->scope = ck.scope;
        for (int i = 0; i < cl->stmts.len; i++) {
            bool last = i == cl->stmts.len - 1;
            fallthrough_ok = last && c < ncases - 1;
            Node *st = cl->stmts.v[i];
            if (st->kind == ND_BRANCH && st->kw == KW_FALLTHROUGH) {
                if (!last)
                    fallthrough_ok = false;
                else if (c == ncases - 1) {
                    diag_error(st->pos, "cannot fallthrough final case in switch");
                    fallthrough_ok = false;
                    continue;
                }
            }
            check_stmt(st);
            fallthrough_ok = false;
        }
        close_scope();
    }
    free(seen);
    free(seen_at);
    free(seen_ty);
    close_scope();
    ck.branch = b.outer;
}

/* TypeSwitchStmt = "switch" [ SimpleStmt ";" ] TypeSwitchGuard "{" { TypeCaseClause } "}" . */
static void check_type_switch(Node *n)
{
    BranchCtx b;
    push_branch(&b, n, false);
    open_scope();
    if (n->init)
        check_stmt(n->init);
    Node *guard = NULL, *sym = NULL;
    if (n->assign) {
        if (n->assign->kind == ND_ASSIGN) {
            sym = n->assign->lhs.len ? n->assign->lhs.v[0] : NULL;
            guard = n->assign->rhs.len ? n->assign->rhs.v[0] : NULL;
        } else {
            guard = n->assign->x;
        }
    }
    guard = unparen(guard);
    Operand x;
    memset(&x, 0, sizeof x);
    if (guard && guard->kind == ND_TYPEASSERT) {
        check_expr(&x, guard->x);
        if (x.mode != MODE_INVALID && !type_is_interface(x.type)) {
            diag_error(guard->x->pos, "%s is not an interface", operand_str(&x));
            x.mode = MODE_INVALID;
        }
        guard->type = x.mode == MODE_INVALID ? ty_invalid : x.type;
    } else {
        x.mode = MODE_INVALID;
    }
    if (sym) {
        sym->type = guard ? guard->type : ty_invalid;
        if (is_blank(sym)) {
            diag_error(sym->pos, "no new variable on left side of :=");
            sym = NULL;
        }
    }
    bool sym_used = false;
    Node *dflt = NULL;
    Type **seen = NULL;
    int nseen = 0;
    NodeList *cases = n->body ? &n->body->stmts : NULL;
    int ncases = cases ? cases->len : 0;
    for (int c = 0; c < ncases; c++) {
        Node *cl = cases->v[c];
        if (cl->kind != ND_CASE)
            continue;
        if (cl->list.len == 0) {
            if (dflt)
                diag_error(cl->pos, "multiple defaults in switch");
            dflt = cl;
        }
        Type *single = NULL;
        for (int i = 0; i < cl->list.len; i++) {
            Node *e = cl->list.v[i];
            Type *t;
            Node *ue = unparen(e);
            if (ue->kind == ND_IDENT && strcmp(ue->str, "nil") == 0 &&
                scope_lookup(ck.scope, "nil") && scope_lookup(ck.scope, "nil")->kind == OBJ_NIL) {
                t = ty_untyped_nil;
                e->type = ty_untyped_nil;
                ue->obj = scope_lookup(ck.scope, "nil");
            } else {
                t = check_type(e);
            }
            if (t == ty_invalid || x.mode == MODE_INVALID) {
                single = NULL;
                continue;
            }
            if (t != ty_untyped_nil && !type_is_interface(t)) {
                const char *why;
                if (!implements(t, x.type, &why)) {
                    diag_error(e->pos, "impossible type switch case: %s\n\t%s", expr_str(e), why);
                    continue;
                }
            }
            for (int k = 0; k < nseen; k++)
                if (seen[k] == t) {
                    diag_error(e->pos, "duplicate case %s in type switch", expr_str(e));
                    break;
                }
            seen = realloc(seen, sizeof(Type *) * (size_t)(nseen + 1));
            seen[nseen++] = t;
            single = (cl->list.len == 1 && t != ty_untyped_nil) ? t : NULL;
        }
        open_scope();
        cl->scope = ck.scope;
        if (sym) {
            Type *vt = single ? single : (x.mode == MODE_INVALID ? ty_invalid : x.type);
            Obj *v = obj_new(OBJ_VAR, sym->str, sym->pos);
            v->type = vt;
            v->pkg = ck.pkg;
            v->decl = cl;
            declare(ck.scope, v, sym);
            ptrmap_put(v, ck.fn);
            cl->obj = v;
            for (int i = 0; i < cl->stmts.len; i++)
                check_stmt(cl->stmts.v[i]);
            if (v->used)
                sym_used = true;
        } else {
            for (int i = 0; i < cl->stmts.len; i++)
                check_stmt(cl->stmts.v[i]);
        }
        close_scope();
    }
    if (sym && !sym_used)
        diag_error(sym->pos, "%s declared but not used", sym->str);
    free(seen);
    close_scope();
    ck.branch = b.outer;
}

/* RangeClause = [ ExpressionList "=" | IdentifierList ":=" ] "range" Expression . */
static void check_range(Node *n)
{
    BranchCtx b;
    push_branch(&b, n, true);
    open_scope();
    Operand x;
    check_expr(&x, n->x);
    Type *kt = NULL, *vt = NULL;
    if (x.mode != MODE_INVALID) {
        Type *u = under(x.type);
        if (u->kind == TY_POINTER && under(u->elem)->kind == TY_ARRAY)
            u = under(u->elem);
        switch (u->kind) {
        case TY_STRING: case TY_UNTYPED_STRING:
            kt = ty_int;
            vt = ty_int32;
            if (type_is_untyped(x.type))
                convert_untyped(&x, ty_string);
            break;
        case TY_ARRAY: case TY_SLICE:
            kt = ty_int;
            vt = u->elem;
            break;
        case TY_MAP:
            kt = u->key;
            vt = u->elem;
            break;
        case TY_CHAN:
            if (u->dir == CHAN_SEND) {
                diag_error(n->x->pos, "cannot range over %s (receive from send-only channel)", operand_str(&x));
                break;
            }
            if (n->value) {
                diag_error(n->value->pos, "range over %s permits only one iteration variable", operand_str(&x));
                break;
            }
            kt = u->elem;
            break;
        default:
            diag_error(n->x->pos, "cannot range over %s", operand_str(&x));
            break;
        }
    }
    Node *lhs[2] = {n->key, n->value};
    Type *ts[2] = {kt, vt};
    if (n->define) {
        Obj *objs[2] = {NULL, NULL};
        for (int i = 0; i < 2; i++) {
            Node *id = lhs[i];
            if (!id)
                continue;
            if (id->kind != ND_IDENT) {
                diag_error(id->pos, "non-name %s on left side of :=", expr_str(id));
                continue;
            }
            objs[i] = new_local_var(id, ts[i] ? ts[i] : ty_invalid);
            id->type = objs[i]->type;
        }
        for (int i = 0; i < 2; i++)
            if (objs[i])
                declare_local(objs[i], lhs[i]);
    } else {
        for (int i = 0; i < 2; i++) {
            if (!lhs[i])
                continue;
            if (!ts[i]) {
                bool ok;
                check_lhs(lhs[i], &ok);
                continue;
            }
            Operand v = {.mode = MODE_VALUE, .expr = n->x, .type = ts[i]};
            bool ok;
            Type *t = check_lhs(lhs[i], &ok);
            if (!ok || !t)
                continue;
            const char *why;
            if (!assignable(&v, t, &why))
                diag_error(lhs[i]->pos, "cannot use %s (value of type %s) as type %s in range clause",
                           expr_str(lhs[i]), tstr(ts[i]), tstr(t));
        }
    }
    if (n->body)
        check_block(n->body);
    close_scope();
    ck.branch = b.outer;
}

/* DeferStmt = "defer" Expression .  GoStmt = "go" Expression .
 * The expression must be a function or method call (the parser reported
 * other forms); builtins are allowed as in expression statements,
 * conversions are not.  kw is "defer" or "go" for the messages. */
static void check_deferred_call(Node *n, const char *kw)
{
    Node *call = unparen(n->x);
    if (!call || call->kind != ND_CALL)
        return;
    Operand x;
    check_rawexpr(&x, call, NULL, true);
    if (x.mode == MODE_INVALID)
        return;
    if (call->call_kind == CALL_CONV) {
        diag_error(n->x->pos, "%s requires function call, not conversion %s", kw, operand_str(&x));
        return;
    }
    if (call->call_kind == CALL_BUILTIN) {
        Builtin bi = call->builtin;
        if (bi == BI_APPEND || bi == BI_CAP || bi == BI_LEN || bi == BI_MAKE || bi == BI_NEW || bi == BI_COMPLEX ||
            bi == BI_REAL || bi == BI_IMAG)
            diag_error(n->x->pos, "%s discards result of %s", kw, operand_str(&x));
    }
}

/* SendStmt = Channel "<-" Expression . */
static void check_send(Node *n)
{
    Operand c, v;
    check_expr(&c, n->x);
    if (c.mode == MODE_INVALID) {
        check_expr(&v, n->y);
        return;
    }
    Type *u = under(c.type);
    if (u->kind != TY_CHAN) {
        diag_error(n->pos, "invalid operation: cannot send to non-channel %s", operand_str(&c));
        check_expr(&v, n->y);
        return;
    }
    if (u->dir == CHAN_RECV) {
        diag_error(n->pos, "invalid operation: cannot send to receive-only channel %s", operand_str(&c));
        check_expr(&v, n->y);
        return;
    }
    check_expr_hint(&v, n->y, u->elem);
    assign_to(&v, u->elem, "send");
}

static bool is_recv(Node *e)
{
    e = unparen(e);
    return e && e->kind == ND_UNARY && e->op == OP_ARROW;
}

/* SelectStmt = "select" "{" { CommClause } "}" . */
static void check_select(Node *n)
{
    BranchCtx b;
    push_branch(&b, n, false);
    Node *dflt = NULL;
    for (int c = 0; n->body && c < n->body->stmts.len; c++) {
        Node *cl = n->body->stmts.v[c];
        open_scope();
        cl->scope = ck.scope;
        Node *comm = cl->comm;
        if (!comm) {
            if (dflt)
                diag_error(cl->pos, "multiple defaults in select");
            dflt = cl;
        } else if (comm->kind == ND_SEND) {
            check_send(comm);
        } else if (comm->kind == ND_EXPRSTMT && is_recv(comm->x)) {
            Operand x;
            check_expr(&x, comm->x);
        } else if (comm->kind == ND_ASSIGN && comm->op == OP_NONE && comm->rhs.len == 1 && comm->lhs.len <= 2 &&
                   is_recv(comm->rhs.v[0])) {
            check_stmt(comm);
        } else {
            Node *at = comm->kind == ND_EXPRSTMT ? comm->x
                       : comm->kind == ND_ASSIGN && comm->rhs.len ? comm->rhs.v[0] : comm;
            diag_error(at->pos, "select case must be send or receive (possibly with assignment)");
        }
        for (int i = 0; i < cl->stmts.len; i++)
            check_stmt(cl->stmts.v[i]);
        close_scope();
    }
    ck.branch = b.outer;
}

/* Statement = Declaration | LabeledStmt | SimpleStmt | GoStmt | ReturnStmt | ... */
void check_stmt(Node *n)
{
    if (!n)
        return;
    Node *label = pending_label;
    pending_label = NULL;
    switch (n->kind) {
    case ND_DECLSTMT:
        check_decl_stmt(n->decl);
        break;
    case ND_EMPTY:
        break;
    case ND_LABELED: {
        Node *l = n->label;
        Obj *o = obj_new(OBJ_LABEL, l->str, l->pos);
        o->decl = n;
        Obj *old = scope_lookup_local(ck.labels, l->str);
        if (old)
            diag_error(l->pos, "label %s already defined\n\t%s:%d:%d: previous definition", l->str,
                       diag_file_path(old->pos.file), old->pos.line, old->pos.col);
        else if (strcmp(l->str, "_") != 0)
            scope_insert(ck.labels, o);
        n->obj = o;
        l->obj = o;
        pending_label = n;
        check_stmt(n->body);
        pending_label = NULL;
        break;
    }
    case ND_EXPRSTMT: {
        Operand x;
        check_rawexpr(&x, n->x, NULL, true);
        if (x.mode == MODE_INVALID)
            break;
        Node *e = unparen(n->x);
        if (x.mode == MODE_TYPE) {
            diag_error(n->x->pos, "%s (type) is not an expression", expr_str(n->x));
            break;
        }
        if (is_recv(e))
            break;
        if (e->kind == ND_CALL) {
            if (e->call_kind == CALL_CONV) {
                diag_error(n->x->pos, "%s is not used", operand_str(&x));
                break;
            }
            if (e->call_kind == CALL_BUILTIN) {
                Builtin bi = e->builtin;
                if (bi == BI_APPEND || bi == BI_CAP || bi == BI_LEN || bi == BI_MAKE || bi == BI_NEW ||
                    bi == BI_COMPLEX || bi == BI_REAL || bi == BI_IMAG)
                    diag_error(n->x->pos, "%s is not used", operand_str(&x));
            }
            break;
        }
        diag_error(n->x->pos, "%s is not used", operand_str(&x));
        break;
    }
    case ND_SEND:
        check_send(n);
        break;
    case ND_INCDEC: {
        Operand x;
        check_expr(&x, n->x);
        if (x.mode == MODE_INVALID)
            break;
        if (!type_is_numeric(x.type)) {
            diag_error(n->x->pos, "invalid operation: %s%s (non-numeric type %s)", expr_str(n->x),
                       n->op == OP_INC ? "++" : "--", tstr(x.type));
            break;
        }
        bool ok;
        check_lhs(n->x, &ok);
        break;
    }
    case ND_ASSIGN:
        if (n->define)
            check_short_var_decl(n);
        else
            check_assign(n);
        break;
    case ND_GO:
        check_deferred_call(n, "go");
        break;
    case ND_DEFER:
        check_deferred_call(n, "defer");
        break;
    case ND_RETURN:
        check_return(n);
        break;
    case ND_BRANCH:
        check_branch(n);
        break;
    case ND_BLOCK:
        check_block(n);
        break;
    case ND_IF:
        open_scope();
        if (n->init)
            check_stmt(n->init);
        check_cond(n->cond, "if");
        check_block(n->body);
        if (n->els)
            check_stmt(n->els);
        close_scope();
        break;
    case ND_SWITCH:
        pending_label = label;
        check_switch(n);
        break;
    case ND_TYPESWITCH:
        pending_label = label;
        check_type_switch(n);
        break;
    case ND_SELECT:
        pending_label = label;
        check_select(n);
        break;
    case ND_FOR: {
        pending_label = label;
        BranchCtx b;
        push_branch(&b, n, true);
        open_scope();
        if (n->init)
            check_stmt(n->init);
        if (n->cond)
            check_cond(n->cond, "for");
        if (n->post) {
            if (n->post->kind == ND_ASSIGN && n->post->define)
                diag_error(n->post->pos, "cannot declare in post statement of for loop");
            else
                check_stmt(n->post);
        }
        check_block(n->body);
        close_scope();
        ck.branch = b.outer;
        break;
    }
    case ND_RANGE:
        pending_label = label;
        check_range(n);
        break;
    default:
        diag_error(n->pos, "unexpected %s statement", node_kind_name(n->kind));
        break;
    }
    pending_label = NULL;
}

/* Block = "{" StatementList "}" . */
void check_block(Node *n)
{
    if (!n)
        return;
    if (n->kind != ND_BLOCK) {
        check_stmt(n);
        return;
    }
    open_scope();
    n->scope = ck.scope;
    check_body_stmts(&n->stmts);
    close_scope();
}

/* ---- terminating statements ------------------------------------------------------------ */

static bool has_break(Node *n, Node *target)
{
    if (!n)
        return false;
    switch (n->kind) {
    case ND_BRANCH:
        return n->kw == KW_BREAK && n->target == target;
    case ND_FUNCLIT:
        return false;
    case ND_BLOCK:
        for (int i = 0; i < n->stmts.len; i++)
            if (has_break(n->stmts.v[i], target))
                return true;
        return false;
    case ND_CASE: case ND_COMM:
        for (int i = 0; i < n->stmts.len; i++)
            if (has_break(n->stmts.v[i], target))
                return true;
        return false;
    case ND_IF:
        return has_break(n->body, target) || has_break(n->els, target);
    case ND_LABELED:
        return has_break(n->body, target);
    case ND_FOR: case ND_RANGE: case ND_SWITCH: case ND_TYPESWITCH: case ND_SELECT:
        return has_break(n->body, target);
    default:
        return false;
    }
}

static bool is_terminating(Node *n);

static bool list_terminating(NodeList *l)
{
    for (int i = l->len - 1; i >= 0; i--) {
        Node *s = l->v[i];
        if (s->kind == ND_EMPTY)
            continue;
        return is_terminating(s);
    }
    return false;
}

static bool is_terminating(Node *n)
{
    if (!n)
        return false;
    switch (n->kind) {
    case ND_RETURN:
        return true;
    case ND_BRANCH:
        return n->kw == KW_GOTO;
    case ND_EXPRSTMT: {
        Node *c = unparen(n->x);
        return c && c->kind == ND_CALL && c->call_kind == CALL_BUILTIN && c->builtin == BI_PANIC;
    }
    case ND_BLOCK:
        return list_terminating(&n->stmts);
    case ND_IF:
        return n->els && is_terminating(n->body) && is_terminating(n->els);
    case ND_LABELED:
        return is_terminating(n->body);
    case ND_FOR:
        return !n->cond && !has_break(n->body, n);
    case ND_SWITCH:
    case ND_TYPESWITCH:
    case ND_SELECT: {
        if (!n->body || has_break(n->body, n))
            return false;
        bool dflt = n->kind == ND_SELECT;
        for (int i = 0; i < n->body->stmts.len; i++) {
            Node *cl = n->body->stmts.v[i];
            if (cl->kind == ND_CASE && cl->list.len == 0)
                dflt = true;
            if (cl->kind == ND_COMM && !cl->comm)
                dflt = true;
            NodeList *l = &cl->stmts;
            Node *last = NULL;
            for (int k = l->len - 1; k >= 0; k--)
                if (l->v[k]->kind != ND_EMPTY) {
                    last = l->v[k];
                    break;
                }
            if (last && last->kind == ND_BRANCH && last->kw == KW_FALLTHROUGH)
                continue;
            if (!list_terminating(l))
                return false;
        }
        return dflt;
    }
    default:
        return false;
    }
}

/* compiler/check_goto.c: goto targets and Go's goto restrictions, once the
 * body of a function that has goto statements was checked */
void check_gotos(Node *body);

/* ---- function bodies ------------------------------------------------------------------- */

/* FunctionBody = Block .  The body shares the scope of the parameters. */
void check_func_body(FuncCtx *fc, Node *body)
{
    FuncCtx *saved_fn = ck.fn;
    Scope *saved_labels = ck.labels;
    BranchCtx *saved_branch = ck.branch;
    Node *saved_label = pending_label;
    bool saved_ft = fallthrough_ok;
    bool saved_goto = saw_goto;
    fc->outer = saved_fn;
    ck.fn = fc;
    ck.labels = scope_new(NULL);
    ck.branch = NULL;
    pending_label = NULL;
    fallthrough_ok = false;
    saw_goto = false;
    body->scope = ck.scope;
    check_body_stmts(&body->stmts);
    if (saw_goto)
        check_gotos(body);
    if (fc->sig && fc->sig->nresults > 0 && !list_terminating(&body->stmts)) {
        Pos p = body->opos.line ? body->opos : body->pos;
        diag_error(p, "missing return");
    }
    for (int i = 0; i < ck.labels->nobjs; i++) {
        Obj *l = ck.labels->objs[i];
        if (!l->used)
            diag_error(l->pos, "label %s defined and not used", l->name);
    }
    for (int i = 0; i < fc->nlocals; i++) {
        Obj *o = fc->locals[i];
        if (!o->used && o->kind == OBJ_VAR)
            diag_error(o->pos, "%s declared but not used", o->name);
    }
    ck.fn = saved_fn;
    ck.labels = saved_labels;
    ck.branch = saved_branch;
    pending_label = saved_label;
    fallthrough_ok = saved_ft;
    saw_goto = saved_goto;
    (void)invalid_op;
}
