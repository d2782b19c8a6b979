// SPDX-License-Identifier: MIT
/*
 * check_expr.c — expressions (Go spec "Expressions"): operands, selectors,
 * index and slice expressions, composite and function literals, operators
 * with constant folding, type assertions, and the implicit typing of untyped
 * values by their context.
 *
 * Every expression is checked into an Operand (see check.h) and leaves its
 * final type in node->type.  An untyped expression keeps an untyped type
 * until its context is known; set_expr_type() then pushes the final type down
 * into the subtree, so the generator never sees an untyped node except the
 * operands of constant expressions (it reads node->cv there).
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"

bool check_is_iota(Obj *o);

/* ---- printing expressions (go/types ExprString) ------------------------------ */

typedef struct SBuf {
    char *p;
    size_t len, cap;
} SBuf;

static void sput(SBuf *b, const char *s)
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

static void write_expr(SBuf *b, Node *n);

static void write_fields(SBuf *b, NodeList *l, const char *sep)
{
    for (int i = 0; i < l->len; i++) {
        Node *f = l->v[i];
        if (i)
            sput(b, sep);
        for (int j = 0; j < f->names.len; j++) {
            if (j)
                sput(b, ", ");
            sput(b, f->names.v[j]->str);
        }
        if (f->names.len)
            sput(b, " ");
        write_expr(b, f->ftype);
    }
}

static void write_expr(SBuf *b, Node *n)
{
    if (!n) {
        sput(b, "?");
        return;
    }
    switch (n->kind) {
    case ND_IDENT: sput(b, n->str ? n->str : "_"); break;
    case ND_BASICLIT: sput(b, n->lit ? n->lit : "?"); break;
    case ND_COMPOSITE:
        if (n->ctype)
            write_expr(b, n->ctype);
        sput(b, n->elts.len ? "{…}" : "{}");
        break;
    case ND_FUNCLIT:
        write_expr(b, n->ftype);
        sput(b, " {…}");
        break;
    case ND_PAREN:
        sput(b, "(");
        write_expr(b, n->x);
        sput(b, ")");
        break;
    case ND_SELECTOR:
        write_expr(b, n->x);
        sput(b, ".");
        sput(b, n->str ? n->str : n->name ? n->name->str : "?");
        break;
    case ND_INDEX:
        write_expr(b, n->x);
        sput(b, "[");
        write_expr(b, n->index);
        sput(b, "]");
        break;
    case ND_SLICE:
        write_expr(b, n->x);
        sput(b, "[");
        if (n->lo)
            write_expr(b, n->lo);
        sput(b, ":");
        if (n->hi)
            write_expr(b, n->hi);
        if (n->slice3) {
            sput(b, ":");
            if (n->max)
                write_expr(b, n->max);
        }
        sput(b, "]");
        break;
    case ND_TYPEASSERT:
        write_expr(b, n->x);
        sput(b, ".(");
        if (n->ctype)
            write_expr(b, n->ctype);
        else
            sput(b, "type");
        sput(b, ")");
        break;
    case ND_CALL:
        write_expr(b, n->fun);
        sput(b, "(");
        for (int i = 0; i < n->args.len; i++) {
            if (i)
                sput(b, ", ");
            write_expr(b, n->args.v[i]);
        }
        if (n->has_ellipsis)
            sput(b, "...");
        sput(b, ")");
        break;
    case ND_STAR:
        sput(b, "*");
        write_expr(b, n->x);
        break;
    case ND_UNARY:
        sput(b, op_string(n->op));
        write_expr(b, n->x);
        break;
    case ND_BINARY:
        write_expr(b, n->x);
        sput(b, " ");
        sput(b, op_string(n->op));
        sput(b, " ");
        write_expr(b, n->y);
        break;
    case ND_KEYVALUE:
        write_expr(b, n->x);
        sput(b, ": ");
        write_expr(b, n->y);
        break;
    case ND_ARRAYTYPE:
        sput(b, "[");
        if (n->len && n->len->kind == ND_ELLIPSIS)
            sput(b, "...");
        else if (n->len)
            write_expr(b, n->len);
        sput(b, "]");
        write_expr(b, n->elem);
        break;
    case ND_MAPTYPE:
        sput(b, "map[");
        write_expr(b, n->key);
        sput(b, "]");
        write_expr(b, n->elem);
        break;
    case ND_CHANTYPE:
        sput(b, n->dir == CHAN_RECV ? "<-chan " : n->dir == CHAN_SEND ? "chan<- " : "chan ");
        write_expr(b, n->elem);
        break;
    case ND_FUNCTYPE:
        sput(b, "func(");
        write_fields(b, &n->params, ", ");
        sput(b, ")");
        if (n->results.len == 1 && !n->results.v[0]->names.len) {
            sput(b, " ");
            write_expr(b, n->results.v[0]->ftype);
        } else if (n->results.len) {
            sput(b, " (");
            write_fields(b, &n->results, ", ");
            sput(b, ")");
        }
        break;
    case ND_STRUCTTYPE:
        sput(b, "struct{");
        write_fields(b, &n->fields, "; ");
        sput(b, "}");
        break;
    case ND_INTERFACETYPE:
        sput(b, "interface{");
        for (int i = 0; i < n->fields.len; i++) {
            Node *f = n->fields.v[i];
            if (i)
                sput(b, "; ");
            if (f->names.len) {
                sput(b, f->names.v[0]->str);
                SBuf t = {0};
                write_expr(&t, f->ftype);
                sput(b, t.p ? t.p + 4 : "()");
            } else {
                write_expr(b, f->ftype);
            }
        }
        sput(b, "}");
        break;
    case ND_ELLIPSIS:
        sput(b, "...");
        if (n->elem)
            write_expr(b, n->elem);
        break;
    default:
        sput(b, "?");
        break;
    }
}

const char *expr_str(Node *n)
{
    SBuf b = {0};
    write_expr(&b, n);
    return b.p ? b.p : "";
}

Node *assign_target_texpr;   /* type expression of the declaration being checked */

/* The spelling of t when it was written as texpr: byte and rune are aliases
 * of uint8 and int32 that Go's messages keep. */
static const char *spelled(Type *t, Node *texpr)
{
    texpr = texpr && texpr->kind == ND_PAREN ? texpr->x : texpr;
    if (texpr && texpr->kind == ND_IDENT && texpr->str && (t == ty_uint8 || t == ty_int32) &&
        (strcmp(texpr->str, "byte") == 0 || strcmp(texpr->str, "rune") == 0))
        return texpr->str;
    return tstr(t);
}

static const char *operand_type_str(Operand *x)
{
    Node *e = x->expr;
    while (e && e->kind == ND_PAREN)
        e = e->x;
    if (!e || (x->type != ty_uint8 && x->type != ty_int32))
        return tstr(x->type);
    if (e->kind == ND_INDEX && e->x && e->x->type && type_is_string(e->x->type) && x->type == ty_uint8)
        return "byte";
    if (e->kind == ND_CALL && e->call_kind == CALL_CONV)
        return spelled(x->type, e->fun);
    if (e->kind == ND_IDENT && e->obj && e->obj->decl) {
        Node *d = e->obj->decl;
        if (d->kind == ND_VALUESPEC)
            return spelled(x->type, d->vtype);
        if (d->kind == ND_FIELD)
            return spelled(x->type, d->ftype);
    }
    return tstr(x->type);
}

/* go/types operandString: `expr (untyped int constant 3)`, `x (variable of
 * type int)`, `nil`. */
const char *operand_str(Operand *x)
{
    static const char *modes[] = {
        "invalid operand", "no value", "built-in", "type", "constant", "variable",
        "map index expression", "value", "comma, ok expression",
    };
    if (x->mode == MODE_VALUE && x->type == ty_untyped_nil)
        return "nil";
    if (x->expr && x->expr->kind == ND_IDENT && x->expr->str && strcmp(x->expr->str, "nil") == 0 &&
        x->type == ty_untyped_nil)
        return "nil";
    SBuf b = {0};
    const char *e = x->expr ? expr_str(x->expr) : "";
    if (!x->expr && x->mode == MODE_TYPE)
        e = tstr(x->type);
    if (!x->expr && x->mode == MODE_CONST)
        e = cv_string(x->cv);
    if (e[0]) {
        sput(&b, e);
        sput(&b, " (");
    }
    bool has_type = false;
    if (x->mode != MODE_INVALID && x->mode != MODE_NOVALUE && x->mode != MODE_BUILTIN &&
        x->mode != MODE_TYPE && x->type) {
        if (type_is_untyped(x->type)) {
            sput(&b, tstr(x->type));
            sput(&b, " ");
        } else {
            has_type = true;
        }
    }
    sput(&b, modes[x->mode]);
    if (x->mode == MODE_CONST && x->cv) {
        const char *s = cv_string(x->cv);
        if (strcmp(s, e) != 0) {
            sput(&b, " ");
            sput(&b, s);
        }
    }
    if (has_type) {
        if (x->type != ty_invalid) {
            sput(&b, " of type ");
            sput(&b, operand_type_str(x));
        } else {
            sput(&b, " with invalid type");
        }
    }
    if (e[0])
        sput(&b, ")");
    return b.p;
}

/* ---- helpers ------------------------------------------------------------------- */

bool is_blank(Node *n)
{
    return n && n->kind == ND_IDENT && n->str && strcmp(n->str, "_") == 0;
}

static void invalid(Operand *x)
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

/* The variable behind an addressable expression whose address is taken
 * (explicitly with & or implicitly by a pointer-method call) must live on
 * the heap. */
void mark_boxed_addr(Node *n)
{
    n = unparen(n);
    if (!n)
        return;
    switch (n->kind) {
    case ND_IDENT:
        if (n->obj && n->obj->kind == OBJ_VAR && !n->obj->global) {
            n->obj->boxed = true;
            n->obj->reassigned = true;
        }
        break;
    case ND_SELECTOR:
        if (n->sel_kind == SEL_FIELD && n->x && n->x->type && n->x->type->kind != TY_POINTER) {
            /* through an embedded pointer, the field lives elsewhere */
            Type *t = n->x->type;
            bool via_ptr = false;
            for (int i = 0; i + 1 < n->npath && t; i++) {
                Type *u = under(t);
                if (u->kind != TY_STRUCT || n->path[i] >= u->nfields)
                    break;
                t = u->fields[n->path[i]].type;
                if (t->kind == TY_POINTER)
                    via_ptr = true;
            }
            if (!via_ptr)
                mark_boxed_addr(n->x);
        }
        break;
    case ND_INDEX:
        if (n->x && n->x->type && under(n->x->type)->kind == TY_ARRAY)
            mark_boxed_addr(n->x);
        break;
    default:
        break;
    }
}

/* ---- untyped values ------------------------------------------------------------- */

static bool is_shift(Op op)
{
    return op == OP_SHL || op == OP_SHR;
}

static bool is_comparison(Op op)
{
    return op >= OP_EQL && op <= OP_GEQ;
}

/* updateExprType: gives the untyped expression n (and its untyped operands)
 * the type t. */
void set_expr_type(Node *n, Type *t)
{
    if (!n || !n->type || !type_is_untyped(n->type) || !t || t == n->type)
        return;
    switch (n->kind) {
    case ND_PAREN:
        set_expr_type(n->x, t);
        break;
    case ND_UNARY:
        if (!n->cv)
            set_expr_type(n->x, t);
        break;
    case ND_BINARY:
        if (n->cv || is_comparison(n->op))
            break;
        if (is_shift(n->op)) {
            if (!type_is_integer(t) && !type_is_untyped(t) && t != ty_invalid) {
                diag_error(n->pos, "invalid operation: shifted operand %s (type %s) must be integer",
                           expr_str(n->x), tstr(t));
                n->type = ty_invalid;
                return;
            }
            set_expr_type(n->x, t);
        } else {
            set_expr_type(n->x, t);
            set_expr_type(n->y, t);
        }
        break;
    default:
        break;
    }
    if (n->cv && !type_is_interface(t)) {
        ConstVal *out;
        const char *why;
        if (cv_representable(n->cv, t, &out, &why))
            n->cv = out;
        else
            n->cv = cv_to_kind(n->cv, t);
    }
    n->type = t;
}

/* implicitTypeAndValue: can untyped x be used as a value of type t?
 * Returns 0 when it can; else 1 (cannot convert), 2 (overflows),
 * 3 (truncated). */
static int implicit_type(Operand *x, Type *t, Type **out)
{
    *out = t;
    if (!type_is_untyped(x->type) || t == ty_invalid)
        return 0;
    Type *tu = under(t);
    if (type_is_untyped(t)) {
        /* both untyped: the larger numeric kind wins */
        if (x->type == ty_untyped_nil || t == ty_untyped_nil)
            return x->type == t ? 0 : 1;
        if (type_is_numeric(x->type) && type_is_numeric(t)) {
            *out = x->type->kind > t->kind ? x->type : t;
            return 0;
        }
        return x->type == t ? 0 : 1;
    }
    switch (tu->kind) {
    case TY_BOOL: case TY_INT: case TY_INT8: case TY_INT16: case TY_INT32: case TY_INT64:
    case TY_UINT: case TY_UINT8: case TY_UINT16: case TY_UINT32: case TY_UINT64: case TY_UINTPTR:
    case TY_FLOAT32: case TY_FLOAT64: case TY_COMPLEX64: case TY_COMPLEX128: case TY_STRING:
        if (x->mode == MODE_CONST && x->cv) {
            const char *why;
            ConstVal *v;
            if (!cv_representable(x->cv, tu, &v, &why)) {
                if (type_is_numeric(x->type) && type_is_numeric(tu))
                    return strcmp(why, "truncated") == 0 ? 3 : 2;
                return 1;
            }
            return 0;
        }
        if (x->type == ty_untyped_bool)
            return tu->kind == TY_BOOL ? 0 : 1;
        if (x->type == ty_untyped_string)
            return tu->kind == TY_STRING ? 0 : 1;
        if (x->type == ty_untyped_nil)
            return 1;
        return type_is_numeric(tu) ? 0 : 1;
    case TY_INTERFACE:
        if (x->type == ty_untyped_nil)
            return 0;
        *out = default_type(x->type);
        return 0;
    case TY_POINTER: case TY_FUNC: case TY_SLICE: case TY_MAP: case TY_CHAN: case TY_UNSAFEPTR:
        return x->type == ty_untyped_nil ? 0 : 1;
    default:
        return 1;
    }
}

/* Applies a successful implicit conversion to x and its expression. */
static void apply_type(Operand *x, Type *t)
{
    if (x->type == ty_untyped_nil) {
        /* nil stays untyped for the checker (comparisons with nil); the
         * generator sees the type it becomes */
        if (x->expr)
            x->expr->type = t;
        Node *u = x->expr;
        while (u && u->kind == ND_PAREN) {
            u = u->x;
            u->type = t;
        }
        return;
    }
    if (x->mode == MODE_CONST && x->cv && !type_is_interface(t)) {
        ConstVal *v;
        const char *why;
        if (cv_representable(x->cv, t, &v, &why))
            x->cv = v;
    }
    set_expr_type(x->expr, t);
    x->type = t;
    if (x->expr && x->mode == MODE_CONST)
        x->expr->cv = x->cv;
}

void convert_untyped(Operand *x, Type *t)
{
    if (x->mode == MODE_INVALID || !type_is_untyped(x->type) || !t || t == ty_invalid)
        return;
    Type *nt;
    int code = implicit_type(x, t, &nt);
    if (code) {
        const char *ts = tstr(t);
        if (code == 2)
            diag_error(x->expr->pos, "%s overflows %s", operand_str(x), ts);
        else if (code == 3)
            diag_error(x->expr->pos, "%s truncated to %s", operand_str(x), ts);
        else
            diag_error(x->expr->pos, "cannot convert %s to %s", operand_str(x), ts);
        invalid(x);
        return;
    }
    if (nt != x->type)
        apply_type(x, nt);
}

void use_default(Operand *x)
{
    if (x->mode == MODE_INVALID || !type_is_untyped(x->type) || x->type == ty_untyped_nil)
        return;
    convert_untyped(x, default_type(x->type));
}

/* assignment: x used as a value of type t (NULL: the blank identifier or a
 * declaration without type) in `context`. */
void assign_to(Operand *x, Type *t, const char *context)
{
    single_value(x);
    if (x->mode == MODE_INVALID)
        return;
    if (x->mode == MODE_TYPE || x->mode == MODE_BUILTIN || x->mode == MODE_NOVALUE) {
        if (x->mode == MODE_TYPE)
            diag_error(x->expr->pos, "%s (type) is not an expression", expr_str(x->expr));
        else if (x->mode == MODE_BUILTIN)
            diag_error(x->expr->pos, "%s (built-in) must be called", expr_str(x->expr));
        else
            diag_error(x->expr->pos, "%s (no value) used as value", expr_str(x->expr));
        invalid(x);
        return;
    }
    if (t == ty_invalid)
        return;
    if (type_is_untyped(x->type)) {
        Type *target = t;
        if (!t || type_is_interface(t)) {
            if (!t && x->type == ty_untyped_nil) {
                diag_error(x->expr->pos, "use of untyped nil in %s", context);
                invalid(x);
                return;
            }
            target = default_type(x->type);
            if (t && x->type == ty_untyped_nil)
                target = t;
        }
        Type *nt;
        int code = implicit_type(x, target, &nt);
        if (code) {
            diag_error(x->expr->pos, "cannot use %s as %s value in %s%s", operand_str(x),
                       target == t ? spelled(target, assign_target_texpr) : tstr(target),
                       context, code == 2 ? " (overflows)" : code == 3 ? " (truncated)" : "");
            invalid(x);
            return;
        }
        apply_type(x, nt);
    }
    if (!t)
        return;
    const char *why;
    if (!assignable(x, t, &why)) {
        if (why && why[0])
            diag_error(x->expr->pos, "cannot use %s as type %s in %s:\n\t%s", operand_str(x),
                       spelled(t, assign_target_texpr), context, why);
        else
            diag_error(x->expr->pos, "cannot use %s as type %s in %s", operand_str(x),
                       spelled(t, assign_target_texpr), context);
        invalid(x);
    }
}

void single_value(Operand *x)
{
    if (x->mode == MODE_NOVALUE) {
        diag_error(x->expr->pos, "%s (no value) used as value", expr_str(x->expr));
        invalid(x);
        return;
    }
    if (x->type && x->type->kind == TY_TUPLE && x->mode != MODE_INVALID) {
        diag_error(x->expr->pos, "multiple-value %s (value of type %s) in single-value context",
                   expr_str(x->expr), tstr(x->type));
        invalid(x);
    }
}

/* ---- identifiers ------------------------------------------------------------------ */

static void check_ident(Operand *x, Node *n)
{
    if (is_blank(n)) {
        diag_error(n->pos, "cannot use _ as value");
        invalid(x);
        return;
    }
    Obj *o = scope_lookup(ck.scope, n->str);
    if (!o) {
        diag_error(n->pos, "undefined: %s", n->str);
        invalid(x);
        return;
    }
    n->obj = o;
    switch (o->kind) {
    case OBJ_PKG:
        o->used = true;
        diag_error(n->pos, "use of package %s without selector", o->name);
        invalid(x);
        return;
    case OBJ_CONST:
        if (check_is_iota(o)) {
            if (ck.iota < 0) {
                diag_error(n->pos, "cannot use iota outside constant declaration");
                invalid(x);
                return;
            }
            x->mode = MODE_CONST;
            x->type = ty_untyped_int;
            x->cv = cv_int(ck.iota);
            break;
        }
        resolve_obj(o);
        if (!o->type || o->type == ty_invalid || !o->cv) {
            invalid(x);
            return;
        }
        x->mode = MODE_CONST;
        x->type = o->type;
        x->cv = o->cv;
        break;
    case OBJ_TYPE:
        resolve_obj(o);
        if (!o->type || o->type == ty_invalid) {
            if (!o->type)
                diag_error(n->pos, "invalid recursive type %s", o->name);
            invalid(x);
            return;
        }
        x->mode = MODE_TYPE;
        x->type = o->type;
        n->is_type = true;
        break;
    case OBJ_VAR:
        resolve_obj(o);
        o->used = true;
        record_use(o);
        if (!o->type || o->type == ty_invalid) {
            invalid(x);
            return;
        }
        x->mode = MODE_VAR;
        x->type = o->type;
        break;
    case OBJ_FUNC:
        resolve_obj(o);
        record_use(o);
        if (!o->type || o->type == ty_invalid) {
            invalid(x);
            return;
        }
        x->mode = MODE_VALUE;
        x->type = o->type;
        break;
    case OBJ_BUILTIN:
        x->mode = MODE_BUILTIN;
        x->builtin = o->builtin;
        x->type = ty_invalid;
        break;
    case OBJ_NIL:
        x->mode = MODE_VALUE;
        x->type = ty_untyped_nil;
        break;
    default:
        invalid(x);
        return;
    }
}

/* ---- selectors -------------------------------------------------------------------- */

static bool exported(const char *s)
{
    return s && *s >= 'A' && *s <= 'Z';
}

/* Selector = PrimaryExpr "." identifier (qualified identifiers, fields,
 * methods, method values and method expressions). */
void check_selector(Operand *x, Node *n, bool want_type)
{
    (void)want_type;
    const char *sel = n->str ? n->str : n->name ? n->name->str : "";
    if (!n->str)
        n->str = sel;
    Node *xn = n->x;
    if (xn && xn->kind == ND_IDENT && !is_blank(xn)) {
        Obj *po = scope_lookup(ck.scope, xn->str);
        if (po && po->kind == OBJ_PKG) {
            po->used = true;
            xn->obj = po;
            Package *ip = po->imported;
            Obj *m = ip && ip->scope ? scope_lookup_local(ip->scope, sel) : NULL;
            if (!m || !exported(sel)) {
                if (m && !exported(sel))
                    diag_error(n->pos, "name %s not exported by package %s", sel, ip->name);
                else
                    diag_error(n->pos, "undefined: %s.%s", xn->str, sel);
                invalid(x);
                return;
            }
            n->sel_kind = SEL_PKG;
            n->obj = m;
            switch (m->kind) {
            case OBJ_CONST:
                x->mode = MODE_CONST;
                x->type = m->type;
                x->cv = m->cv;
                break;
            case OBJ_TYPE:
                x->mode = MODE_TYPE;
                x->type = m->type;
                n->is_type = true;
                break;
            case OBJ_VAR:
                x->mode = MODE_VAR;
                x->type = m->type;
                break;
            case OBJ_FUNC:
                x->mode = MODE_VALUE;
                x->type = m->type;
                break;
            default:
                invalid(x);
                return;
            }
            if (!x->type || x->type == ty_invalid) {
                invalid(x);
                return;
            }
            return;
        }
    }
    Operand b;
    check_expr_or_type(&b, xn);
    if (b.mode == MODE_INVALID) {
        invalid(x);
        return;
    }
    if (b.mode == MODE_TYPE) {
        /* method expression T.M */
        Type *t = b.type;
        Lookup l;
        lookup_field_or_method(t, sel, ck.pkg, &l);
        if (l.kind != 2 && l.kind != 3) {
            if (l.kind == 1)
                diag_error(n->pos, "%s undefined (type %s has no method %s)", expr_str(n), tstr(t), sel);
            else
                diag_error(n->pos, "%s undefined (type %s has no method %s)", expr_str(n), tstr(t), sel);
            invalid(x);
            return;
        }
        if (l.kind == 2 && l.ptr_recv && t->kind != TY_POINTER && !l.indirect) {
            diag_error(n->pos, "invalid method expression %s (needs pointer receiver (*%s).%s)",
                       expr_str(n), tstr(t), sel);
            invalid(x);
            return;
        }
        Type *sig = l.type;
        Type **ps = arena_alloc(sizeof(Type *) * (size_t)(sig->nparams + 1));
        ps[0] = t;
        for (int i = 0; i < sig->nparams; i++)
            ps[i + 1] = sig->params[i];
        n->sel_kind = SEL_METHOD_EXPR;
        n->obj = l.method;
        n->npath = l.npath;
        n->path = arena_alloc(sizeof(int) * (size_t)(l.npath + 1));
        memcpy(n->path, l.path, sizeof(int) * (size_t)l.npath);
        x->mode = MODE_VALUE;
        x->type = type_func(ps, sig->nparams + 1, sig->results, sig->nresults, sig->variadic);
        record_use(l.method);
        return;
    }
    single_value(&b);
    if (b.mode == MODE_INVALID || b.mode == MODE_BUILTIN || b.mode == MODE_NOVALUE) {
        if (b.mode != MODE_INVALID)
            diag_error(xn->pos, "%s is not an expression", expr_str(xn));
        invalid(x);
        return;
    }
    if (type_is_untyped(b.type))
        use_default(&b);
    Type *t = b.type;
    Lookup l;
    lookup_field_or_method(t, sel, ck.pkg, &l);
    if (l.kind == 0) {
        const char *why = "";
        if (t->kind == TY_POINTER && under(t->elem)->kind == TY_INTERFACE)
            why = arena_printf("type %s is pointer to interface, not interface", tstr(t));
        else
            why = arena_printf("type %s has no field or method %s", tstr(t), sel);
        diag_error(n->pos, "%s undefined (%s)", expr_str(n), why);
        invalid(x);
        return;
    }
    if (l.kind < 0) {
        diag_error(n->pos, "ambiguous selector %s", expr_str(n));
        invalid(x);
        return;
    }
    n->npath = l.npath;
    n->path = arena_alloc(sizeof(int) * (size_t)(l.npath + 1));
    memcpy(n->path, l.path, sizeof(int) * (size_t)l.npath);
    n->obj = l.method;
    if (l.kind == 1) {
        n->sel_kind = SEL_FIELD;
        x->mode = (b.mode == MODE_VAR || l.indirect) ? MODE_VAR : MODE_VALUE;
        x->type = l.type;
        return;
    }
    if (l.kind == 3) {
        n->sel_kind = SEL_IFACE_METHOD;
        x->mode = MODE_VALUE;
        x->type = l.type;
        return;
    }
    n->sel_kind = SEL_METHOD;
    record_use(l.method);
    if (l.ptr_recv && t->kind != TY_POINTER && !l.indirect) {
        if (b.mode != MODE_VAR) {
            diag_error(n->pos, "cannot call pointer method %s on %s", sel, tstr(t));
            invalid(x);
            return;
        }
        mark_boxed_addr(xn);
    }
    x->mode = MODE_VALUE;
    x->type = l.type;
}

/* ---- index and slice expressions ------------------------------------------------------ */

/* An index (or slice bound) n: integer, non-negative when constant, below
 * max when max >= 0.  *value receives a constant index or -1. */
void check_index_value(Operand *idx, Node *n, int64_t max, int64_t *value)
{
    if (value)
        *value = -1;
    check_expr(idx, n);
    if (idx->mode == MODE_INVALID)
        return;
    convert_untyped(idx, ty_int);
    if (idx->mode == MODE_INVALID)
        return;
    if (!type_is_integer(idx->type)) {
        diag_error(n->pos, "invalid argument: index %s must be integer", operand_str(idx));
        idx->mode = MODE_INVALID;
        return;
    }
    if (idx->mode == MODE_CONST && idx->cv) {
        int64_t v;
        if (!cv_to_int64(idx->cv, &v)) {
            diag_error(n->pos, "invalid argument: index %s overflows int", operand_str(idx));
            idx->mode = MODE_INVALID;
            return;
        }
        if (v < 0) {
            diag_error(n->pos, "invalid argument: index %s must not be negative", operand_str(idx));
            idx->mode = MODE_INVALID;
            return;
        }
        if (max >= 0 && v >= max) {
            diag_error(n->pos, "invalid argument: index %s out of bounds [0:%lld]", cv_string(idx->cv),
                       (long long)max);
            idx->mode = MODE_INVALID;
            return;
        }
        if (value)
            *value = v;
    }
}

/* IndexExpr = PrimaryExpr "[" Expression "]" . */
static void check_index(Operand *x, Node *n)
{
    check_expr_or_type(x, n->x);
    if (x->mode == MODE_INVALID)
        return;
    if (x->mode == MODE_TYPE) {
        diag_error(n->pos, "generic types are not supported yet");
        invalid(x);
        return;
    }
    single_value(x);
    if (x->mode == MODE_INVALID)
        return;
    Type *u = under(x->type);
    Operand idx;
    switch (u->kind) {
    case TY_STRING: case TY_UNTYPED_STRING: {
        int64_t max = -1;
        if (x->mode == MODE_CONST && x->cv)
            max = x->cv->slen;
        int64_t v;
        check_index_value(&idx, n->index, max, &v);
        if (x->mode == MODE_CONST && type_is_untyped(x->type))
            convert_untyped(x, ty_string);
        x->mode = MODE_VALUE;
        x->type = ty_uint8;
        x->cv = NULL;
        return;
    }
    case TY_ARRAY:
        check_index_value(&idx, n->index, u->len, NULL);
        if (x->mode != MODE_VAR)
            x->mode = MODE_VALUE;
        x->type = u->elem;
        return;
    case TY_POINTER:
        if (under(u->elem)->kind == TY_ARRAY) {
            check_index_value(&idx, n->index, under(u->elem)->len, NULL);
            x->mode = MODE_VAR;
            x->type = under(u->elem)->elem;
            return;
        }
        break;
    case TY_SLICE:
        check_index_value(&idx, n->index, -1, NULL);
        x->mode = MODE_VAR;
        x->type = u->elem;
        return;
    case TY_MAP: {
        Operand k;
        check_expr_hint(&k, n->index, u->key);
        assign_to(&k, u->key, "map index");
        x->mode = MODE_MAPINDEX;
        x->type = u->elem;
        return;
    }
    default:
        break;
    }
    diag_error(n->pos, "invalid operation: cannot index %s", operand_str(x));
    check_expr(&idx, n->index);
    invalid(x);
}

/* SliceExpr = PrimaryExpr "[" [ lo ] ":" [ hi ] [ ":" max ] "]" . */
static void check_slice(Operand *x, Node *n)
{
    check_expr(x, n->x);
    single_value(x);
    if (x->mode == MODE_INVALID)
        return;
    Type *u = under(x->type);
    int64_t length = -1;
    Type *result = NULL;
    switch (u->kind) {
    case TY_STRING: case TY_UNTYPED_STRING:
        if (n->slice3) {
            diag_error(n->pos, "invalid operation: 3-index slice of string");
            invalid(x);
            return;
        }
        if (x->mode == MODE_CONST && x->cv)
            length = x->cv->slen;
        if (type_is_untyped(x->type))
            convert_untyped(x, ty_string);
        result = x->type;
        break;
    case TY_ARRAY:
        if (x->mode != MODE_VAR) {
            diag_error(n->pos, "invalid operation: %s (slice of unaddressable value)", expr_str(n));
            invalid(x);
            return;
        }
        mark_boxed_addr(n->x);
        length = u->len;
        result = type_slice(u->elem);
        break;
    case TY_POINTER:
        if (under(u->elem)->kind == TY_ARRAY) {
            length = under(u->elem)->len;
            result = type_slice(under(u->elem)->elem);
        }
        break;
    case TY_SLICE:
        result = x->type;
        break;
    default:
        break;
    }
    if (!result) {
        diag_error(n->pos, "cannot slice %s", operand_str(x));
        invalid(x);
        return;
    }
    Node *ix[3] = {n->lo, n->hi, n->max};
    int64_t vals[3] = {-1, -1, -1};
    for (int i = 0; i < 3; i++) {
        if (!ix[i])
            continue;
        Operand o;
        check_index_value(&o, ix[i], length >= 0 ? length + 1 : -1, &vals[i]);
    }
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++)
            if (vals[i] >= 0 && vals[j] >= 0 && vals[i] > vals[j]) {
                diag_error(ix[j]->pos, "invalid slice indices: %lld < %lld", (long long)vals[j],
                           (long long)vals[i]);
            }
    x->mode = MODE_VALUE;
    x->type = result;
    x->cv = NULL;
}

/* ---- composite literals --------------------------------------------------------------------- */

static void check_elem_value(Node *v, Type *t, const char *context)
{
    Operand x;
    check_expr_hint(&x, v, t);
    assign_to(&x, t, context);
}

static int64_t check_array_elems(Node *n, Type *elem, int64_t length)
{
    int64_t idx = 0, max = 0;
    int64_t *seen = NULL;
    int nseen = 0;
    for (int i = 0; i < n->elts.len; i++) {
        Node *e = n->elts.v[i];
        Node *v = e;
        if (e->kind == ND_KEYVALUE) {
            Operand k;
            int64_t kv;
            check_index_value(&k, e->x, length, &kv);
            if (k.mode == MODE_CONST && kv >= 0)
                idx = kv;
            else if (k.mode != MODE_INVALID)
                diag_error(e->x->pos, "index %s must be integer constant", expr_str(e->x));
            v = e->y;
        } else if (length >= 0 && idx >= length) {
            diag_error(e->pos, "index %lld is out of bounds (>= %lld)", (long long)idx, (long long)length);
        }
        for (int s = 0; s < nseen; s++)
            if (seen[s] == idx) {
                diag_error(e->pos, "duplicate index %lld in array or slice literal", (long long)idx);
                break;
            }
        seen = realloc(seen, sizeof(int64_t) * (size_t)(nseen + 1));
        seen[nseen++] = idx;
        check_elem_value(v, elem, "array or slice literal");
        idx++;
        if (idx > max)
            max = idx;
    }
    free(seen);
    return max;
}

/* CompositeLit = LiteralType LiteralValue . */
static void check_composite(Operand *x, Node *n, Type *hint)
{
    Type *t;
    Type *result = NULL;
    if (n->ctype) {
        if (n->ctype->kind == ND_ARRAYTYPE && n->ctype->len && n->ctype->len->kind == ND_ELLIPSIS) {
            Type *elem = check_type(n->ctype->elem);
            if (elem == ty_invalid) {
                invalid(x);
                return;
            }
            int64_t len = check_array_elems(n, elem, -1);
            t = type_array(elem, len);
            n->ctype->type = t;
            n->ctype->is_type = true;
            x->mode = MODE_VALUE;
            x->type = t;
            return;
        }
        t = check_type(n->ctype);
    } else if (hint) {
        t = hint;
        if (under(t)->kind == TY_POINTER) {
            /* &T elided in an element of []*T */
            result = t;
            t = under(t)->elem;
        }
    } else {
        diag_error(n->pos, "invalid composite literal type: missing type");
        invalid(x);
        return;
    }
    if (t == ty_invalid) {
        for (int i = 0; i < n->elts.len; i++) {
            Operand tmp;
            Node *e = n->elts.v[i];
            if (e->kind != ND_KEYVALUE)
                check_expr_hint(&tmp, e, NULL);
        }
        invalid(x);
        return;
    }
    Type *u = under(t);
    switch (u->kind) {
    case TY_STRUCT: {
        if (n->elts.len == 0)
            break;
        bool keyed = n->elts.v[0]->kind == ND_KEYVALUE;
        if (keyed) {
            bool *set = calloc((size_t)u->nfields + 1, sizeof(bool));
            for (int i = 0; i < n->elts.len; i++) {
                Node *e = n->elts.v[i];
                if (e->kind != ND_KEYVALUE) {
                    diag_error(e->pos, "mixture of field:value and value elements in struct literal");
                    continue;
                }
                Node *k = e->x;
                if (!k || k->kind != ND_IDENT) {
                    diag_error(e->pos, "invalid field name %s in struct literal", expr_str(k));
                    continue;
                }
                int fi = -1;
                for (int f = 0; f < u->nfields; f++)
                    if (strcmp(u->fields[f].name, k->str) == 0 &&
                        (exported(k->str) || u->fields[f].pkg == ck.pkg))
                        fi = f;
                if (fi < 0) {
                    diag_error(k->pos, "unknown field '%s' in struct literal of type %s", k->str, tstr(t));
                    Operand tmp;
                    check_expr(&tmp, e->y);
                    continue;
                }
                k->type = u->fields[fi].type;
                if (set[fi])
                    diag_error(k->pos, "duplicate field name %s in struct literal", k->str);
                set[fi] = true;
                e->type = u->fields[fi].type;
                check_elem_value(e->y, u->fields[fi].type, "struct literal");
            }
            free(set);
        } else {
            for (int i = 0; i < n->elts.len; i++) {
                Node *e = n->elts.v[i];
                if (e->kind == ND_KEYVALUE) {
                    diag_error(e->pos, "mixture of field:value and value elements in struct literal");
                    continue;
                }
                if (i >= u->nfields) {
                    diag_error(e->pos, "too many values in %s", expr_str(n));
                    break;
                }
                Field *f = &u->fields[i];
                if (!exported(f->name) && f->pkg != ck.pkg)
                    diag_error(e->pos, "implicit assignment to unexported field %s in struct literal of type %s",
                               f->name, tstr(t));
                check_elem_value(e, f->type, "struct literal");
            }
            if (n->elts.len < u->nfields && n->elts.len > 0)
                diag_error(n->elts.v[n->elts.len - 1]->pos, "too few values in %s", expr_str(n));
        }
        break;
    }
    case TY_ARRAY:
        check_array_elems(n, u->elem, u->len);
        break;
    case TY_SLICE:
        check_array_elems(n, u->elem, -1);
        break;
    case TY_MAP: {
        ConstVal **keys = NULL;
        int nkeys = 0;
        for (int i = 0; i < n->elts.len; i++) {
            Node *e = n->elts.v[i];
            if (e->kind != ND_KEYVALUE) {
                diag_error(e->pos, "missing key in map literal");
                Operand tmp;
                check_expr(&tmp, e);
                continue;
            }
            Operand k;
            check_expr_hint(&k, e->x, u->key);
            assign_to(&k, u->key, "map literal");
            if (k.mode == MODE_CONST && k.cv && !type_is_interface(u->key)) {
                for (int j = 0; j < nkeys; j++)
                    if (keys[j]->kind == k.cv->kind && cv_compare(OP_EQL, keys[j], k.cv)) {
                        diag_error(e->x->pos, "duplicate key %s in map literal", expr_str(e->x));
                        break;
                    }
                keys = realloc(keys, sizeof(ConstVal *) * (size_t)(nkeys + 1));
                keys[nkeys++] = k.cv;
            }
            check_elem_value(e->y, u->elem, "map literal");
        }
        free(keys);
        break;
    }
    default:
        diag_error(n->pos, "invalid composite literal type %s", tstr(t));
        invalid(x);
        return;
    }
    x->mode = MODE_VALUE;
    x->type = result ? result : t;
}

/* ---- function literals ---------------------------------------------------------------------- */

/* FunctionLit = "func" Signature FunctionBody . */
void check_funclit(Operand *x, Node *n)
{
    FuncCtx *fc = arena_alloc(sizeof *fc);
    fc->outer = ck.fn;
    fc->node = n;
    Scope *ps = scope_new(ck.scope);
    n->scope = ps;
    Type *sig = check_signature(n->ftype, NULL, ps, fc);
    for (int i = 0; i < ps->nobjs; i++)
        ptrmap_put(ps->objs[i], fc);
    if (fc->results)
        for (int i = 0; i < sig->nresults; i++)
            ptrmap_put(fc->results[i], fc);
    Scope *saved_scope = ck.scope;
    BranchCtx *saved_branch = ck.branch;
    Scope *saved_labels = ck.labels;
    int saved_iota = ck.iota;
    ck.scope = ps;
    ck.branch = NULL;
    ck.iota = -1;
    if (n->body)
        check_func_body(fc, n->body);
    ck.scope = saved_scope;
    ck.branch = saved_branch;
    ck.labels = saved_labels;
    ck.iota = saved_iota;
    /* captures of a nested literal that come from outside this one are ours too */
    x->mode = MODE_VALUE;
    x->type = sig;
}

/* ---- operators -------------------------------------------------------------------------- */

static bool all_ordered(Type *t)
{
    return type_is_integer(t) || type_is_float(t) || type_is_string(t);
}

static const char *kind_string(Type *t)
{
    switch (under(t)->kind) {
    case TY_SLICE: return "slice";
    case TY_FUNC: return "func";
    case TY_MAP: return "map";
    default: return tstr(t);
    }
}

static const char *incomparable_cause(Type *t)
{
    Type *u = under(t);
    switch (u->kind) {
    case TY_SLICE: case TY_FUNC: case TY_MAP:
        return arena_printf("%s can only be compared to nil", kind_string(t));
    case TY_STRUCT:
        for (int i = 0; i < u->nfields; i++)
            if (!type_is_comparable(u->fields[i].type))
                return arena_printf("struct containing %s cannot be compared", tstr(u->fields[i].type));
        break;
    case TY_ARRAY:
        return arena_printf("%s cannot be compared", tstr(t));
    default:
        break;
    }
    return arena_printf("operator == not defined on %s", tstr(t));
}

static bool may_convert(Operand *x, Operand *y)
{
    if (!type_is_untyped(x->type) && !type_is_untyped(y->type))
        return false;
    Type *xu = under(x->type), *yu = under(y->type);
    bool xb = xu->kind <= TY_UNTYPED_NIL, yb = yu->kind <= TY_UNTYPED_NIL;
    if (x->type == ty_untyped_nil)
        return has_nil(y->type);
    if (y->type == ty_untyped_nil)
        return has_nil(x->type);
    if (xb != yb)
        return false;
    if (type_is_boolean(xu) != type_is_boolean(yu))
        return false;
    if (type_is_string(xu) != type_is_string(yu))
        return false;
    if (xu->kind == TY_POINTER || yu->kind == TY_POINTER)
        return false;
    return true;
}

static void match_types(Operand *x, Operand *y)
{
    if (may_convert(x, y)) {
        convert_untyped(x, y->type);
        if (x->mode == MODE_INVALID)
            return;
        convert_untyped(y, x->type);
        if (y->mode == MODE_INVALID)
            invalid(x);
    }
}

static void comparison(Operand *x, Operand *y, Op op, Node *e)
{
    Operand *err = x;
    const char *cause = "";
    const char *why;
    bool ok = assignable(x, y->type, &why) || assignable(y, x->type, &why);
    if (!ok) {
        err = y;
        cause = arena_printf("mismatched types %s and %s", tstr(x->type), tstr(y->type));
        goto error;
    }
    if (op == OP_EQL || op == OP_NEQ) {
        bool xnil = x->type == ty_untyped_nil, ynil = y->type == ty_untyped_nil;
        if (xnil || ynil) {
            Type *t = xnil ? y->type : x->type;
            if (!has_nil(t)) {
                err = y;
                goto error;
            }
        } else if (!type_is_comparable(x->type)) {
            err = x;
            cause = incomparable_cause(x->type);
            goto error;
        } else if (!type_is_comparable(y->type)) {
            err = y;
            cause = incomparable_cause(y->type);
            goto error;
        }
    } else {
        if (!all_ordered(x->type)) {
            err = x;
            goto error;
        }
        if (!all_ordered(y->type)) {
            err = y;
            goto error;
        }
    }
    if (x->mode == MODE_CONST && y->mode == MODE_CONST && x->cv && y->cv) {
        x->cv = cv_bool(cv_compare(op, x->cv, y->cv));
    } else {
        x->mode = MODE_VALUE;
        x->cv = NULL;
        if (type_is_untyped(x->type) && x->type != ty_untyped_nil)
            set_expr_type(x->expr, default_type(x->type));
        if (type_is_untyped(y->type) && y->type != ty_untyped_nil)
            set_expr_type(y->expr, default_type(y->type));
        /* nil compared with a typed operand takes that operand's type */
        if (x->type == ty_untyped_nil && y->type != ty_untyped_nil)
            set_expr_type(x->expr, y->type);
        if (y->type == ty_untyped_nil && x->type != ty_untyped_nil)
            set_expr_type(y->expr, x->type);
    }
    x->type = ty_untyped_bool;
    x->expr = e;
    return;
error:
    if (!cause[0])
        cause = arena_printf("operator %s not defined on %s", op_string(op), kind_string(err->type));
    diag_error(err->expr->pos, "invalid operation: %s %s %s (%s)", expr_str(x->expr), op_string(op),
               expr_str(y->expr), cause);
    invalid(x);
}

static bool op_allowed(Op op, Type *t)
{
    switch (op) {
    case OP_ADD: return type_is_numeric(t) || type_is_string(t);
    case OP_SUB: case OP_MUL: case OP_QUO: return type_is_numeric(t);
    case OP_REM: case OP_AND: case OP_OR: case OP_XOR: case OP_ANDNOT: return type_is_integer(t);
    case OP_LAND: case OP_LOR: case OP_NOT: return type_is_boolean(t);
    default: return false;
    }
}

/* Typed constants must stay representable after every operation. */
static void check_overflow(Operand *x)
{
    if (x->mode != MODE_CONST || !x->cv)
        return;
    if (!type_is_untyped(x->type)) {
        ConstVal *v;
        const char *why;
        if (!cv_representable(x->cv, x->type, &v, &why)) {
            if (strcmp(why, "truncated") == 0)
                diag_error(x->expr->pos, "%s truncated to %s", operand_str(x), tstr(x->type));
            else if (why[0])
                diag_error(x->expr->pos, "%s overflows %s", operand_str(x), tstr(x->type));
            else
                diag_error(x->expr->pos, "cannot convert %s to %s", operand_str(x), tstr(x->type));
            invalid(x);
            return;
        }
        x->cv = v;
    }
}

static void check_shift(Operand *x, Operand *y, Node *e, Op op)
{
    ConstVal *xval = NULL;
    if (x->mode == MODE_CONST && x->cv && cv_is_int(x->cv))
        xval = x->cv;   /* integral; may be a big value kept as a float */
    if (!(type_is_integer(x->type) || (type_is_untyped(x->type) && xval))) {
        diag_error(x->expr->pos, "invalid operation: shifted operand %s must be integer", operand_str(x));
        invalid(x);
        return;
    }
    if (y->mode == MODE_CONST && y->cv) {
        if (cv_is_int(y->cv) && ((y->cv->kind == CV_INT && y->cv->i < 0) || (y->cv->kind == CV_FLOAT && y->cv->f < 0))) {
            diag_error(y->expr->pos, "invalid operation: negative shift count %s", operand_str(y));
            invalid(x);
            return;
        }
        if (type_is_untyped(y->type)) {
            ConstVal *v;
            const char *why;
            if (!cv_representable(y->cv, ty_uint, &v, &why)) {
                diag_error(y->expr->pos, "%s %s uint", operand_str(y),
                           strcmp(why, "truncated") == 0 ? "truncated to" : why[0] ? "overflows" : "cannot be converted to");
                invalid(x);
                return;
            }
        }
    } else {
        if (type_is_untyped(y->type)) {
            convert_untyped(y, ty_uint);
            if (y->mode == MODE_INVALID) {
                invalid(x);
                return;
            }
        } else if (!type_is_integer(y->type)) {
            diag_error(y->expr->pos, "invalid operation: shift count %s must be integer", operand_str(y));
            invalid(x);
            return;
        }
    }
    if (x->mode == MODE_CONST) {
        if (y->mode == MODE_CONST && y->cv) {
            uint64_t s;
            if (!cv_to_uint64(y->cv, &s) || s > 1023 - 1 + 52) {
                diag_error(y->expr->pos, "invalid operation: invalid shift count %s", operand_str(y));
                invalid(x);
                return;
            }
            if (type_is_untyped(y->type))
                set_expr_type(y->expr, ty_uint);
            if (!type_is_integer(x->type))
                x->type = ty_untyped_int;
            x->cv = cv_shift(op, xval, s, x->type, e);
            x->expr = e;
            if (!x->cv) {
                invalid(x);
                return;
            }
            check_overflow(x);
            return;
        }
        if (type_is_untyped(x->type)) {
            /* the type of the constant is what it would be without the shift:
             * decided later by set_expr_type */
            x->mode = MODE_VALUE;
            x->cv = NULL;
            return;
        }
    }
    if (!type_is_integer(x->type)) {
        diag_error(x->expr->pos, "invalid operation: shifted operand %s must be integer", operand_str(x));
        invalid(x);
        return;
    }
    x->mode = MODE_VALUE;
    x->cv = NULL;
}

static void check_binary(Operand *x, Node *e)
{
    Operand y;
    check_expr(x, e->x);
    check_expr(&y, e->y);
    if (x->mode == MODE_INVALID)
        return;
    if (y.mode == MODE_INVALID) {
        invalid(x);
        return;
    }
    if (is_shift(e->op)) {
        check_shift(x, &y, e, e->op);
        return;
    }
    match_types(x, &y);
    if (x->mode == MODE_INVALID)
        return;
    if (is_comparison(e->op)) {
        comparison(x, &y, e->op, e);
        return;
    }
    if (x->type != y.type) {
        if (x->type != ty_invalid && y.type != ty_invalid)
            diag_error(x->expr->pos, "invalid operation: %s (mismatched types %s and %s)", expr_str(e),
                       tstr(x->type), tstr(y.type));
        invalid(x);
        return;
    }
    if (!op_allowed(e->op, x->type)) {
        diag_error(x->expr->pos, "invalid operation: operator %s not defined on %s", op_string(e->op),
                   operand_str(x));
        invalid(x);
        return;
    }
    if ((e->op == OP_QUO || e->op == OP_REM) && (x->mode == MODE_CONST || type_is_integer(x->type)) &&
        y.mode == MODE_CONST && y.cv &&
        ((y.cv->kind == CV_INT && y.cv->i == 0) || (y.cv->kind == CV_FLOAT && y.cv->f == 0))) {
        diag_error(y.expr->pos, "invalid operation: division by zero");
        invalid(x);
        return;
    }
    if (x->mode == MODE_CONST && y.mode == MODE_CONST) {
        ConstVal *v = cv_binary(e->op, x->cv, y.cv, x->type, e);
        if (!v) {
            invalid(x);
            return;
        }
        x->cv = v;
        x->expr = e;
        check_overflow(x);
        return;
    }
    x->mode = MODE_VALUE;
    x->cv = NULL;
}

static void check_unary(Operand *x, Node *e)
{
    if (e->op == OP_AND) {
        Node *inner = unparen(e->x);
        if (inner && inner->kind == ND_COMPOSITE) {
            check_expr(x, e->x);
        } else {
            check_expr(x, e->x);
        }
        if (x->mode == MODE_INVALID)
            return;
        if (!(inner && inner->kind == ND_COMPOSITE) && x->mode != MODE_VAR) {
            diag_error(e->pos, "invalid operation: cannot take address of %s", operand_str(x));
            invalid(x);
            return;
        }
        mark_boxed_addr(e->x);
        x->mode = MODE_VALUE;
        x->type = type_pointer(x->type);
        x->cv = NULL;
        return;
    }
    if (e->op == OP_ARROW) {
        /* <-c: the element (comma-ok capable); c must allow receiving */
        check_expr(x, e->x);
        if (x->mode == MODE_INVALID)
            return;
        Type *u = under(x->type);
        if (u->kind != TY_CHAN) {
            diag_error(e->x->pos, "invalid operation: cannot receive from non-channel %s", operand_str(x));
            invalid(x);
            return;
        }
        if (u->dir == CHAN_SEND) {
            diag_error(e->x->pos, "invalid operation: cannot receive from send-only channel %s", operand_str(x));
            invalid(x);
            return;
        }
        x->mode = MODE_COMMAOK;
        x->type = u->elem;
        x->cv = NULL;
        x->expr = e;
        return;
    }
    check_expr(x, e->x);
    if (x->mode == MODE_INVALID)
        return;
    if (!op_allowed(e->op == OP_XOR ? OP_AND : e->op == OP_ADD ? OP_SUB : e->op, x->type)) {
        diag_error(e->pos, "invalid operation: operator %s not defined on %s", op_string(e->op), operand_str(x));
        invalid(x);
        return;
    }
    if (x->mode == MODE_CONST) {
        ConstVal *v = cv_unary(e->op, x->cv, x->type, e);
        if (!v) {
            invalid(x);
            return;
        }
        x->cv = v;
        x->expr = e;
        check_overflow(x);
        return;
    }
    x->mode = MODE_VALUE;
}

/* ---- type assertions -------------------------------------------------------------------- */

static void check_typeassert(Operand *x, Node *n)
{
    check_expr(x, n->x);
    if (x->mode == MODE_INVALID)
        return;
    if (!n->ctype) {
        diag_error(n->pos, "use of .(type) outside type switch");
        invalid(x);
        return;
    }
    if (!type_is_interface(x->type)) {
        diag_error(n->x->pos, "invalid operation: %s is not an interface", operand_str(x));
        check_type(n->ctype);
        invalid(x);
        return;
    }
    Type *t = check_type(n->ctype);
    if (t == ty_invalid) {
        invalid(x);
        return;
    }
    const char *why;
    if (!type_is_interface(t) && !implements(t, x->type, &why)) {
        diag_error(n->ctype->pos, "impossible type assertion: %s\n\t%s", expr_str(n), why);
        invalid(x);
        return;
    }
    x->mode = MODE_COMMAOK;
    x->type = t;
    x->cv = NULL;
}

/* ---- the dispatcher ---------------------------------------------------------------------- */

void check_rawexpr(Operand *x, Node *n, Type *hint, bool allow_multi)
{
    (void)allow_multi;
    memset(x, 0, sizeof *x);
    x->expr = n;
    if (!n) {
        invalid(x);
        return;
    }
    switch (n->kind) {
    case ND_BAD:
        invalid(x);
        break;
    case ND_IDENT:
        check_ident(x, n);
        break;
    case ND_BASICLIT: {
        Type *t;
        ConstVal *cv = cv_literal(n, &t);
        if (!cv) {
            invalid(x);
            break;
        }
        x->mode = MODE_CONST;
        x->type = t;
        x->cv = cv;
        break;
    }
    case ND_COMPOSITE:
        check_composite(x, n, hint);
        break;
    case ND_FUNCLIT:
        check_funclit(x, n);
        break;
    case ND_PAREN: {
        check_rawexpr(x, n->x, hint, allow_multi);
        x->expr = n;
        break;
    }
    case ND_SELECTOR:
        check_selector(x, n, false);
        break;
    case ND_INDEX:
        check_index(x, n);
        break;
    case ND_SLICE:
        check_slice(x, n);
        break;
    case ND_TYPEASSERT:
        check_typeassert(x, n);
        break;
    case ND_CALL:
        check_call(x, n);
        break;
    case ND_STAR:
        check_expr_or_type(x, n->x);
        if (x->mode == MODE_INVALID)
            break;
        if (x->mode == MODE_TYPE) {
            x->type = type_pointer(x->type);
            break;
        }
        single_value(x);
        if (x->mode == MODE_INVALID)
            break;
        if (x->type == ty_untyped_nil) {
            diag_error(n->pos, "invalid operation: cannot indirect nil");
            invalid(x);
            break;
        }
        if (under(x->type)->kind != TY_POINTER) {
            diag_error(n->pos, "invalid operation: cannot indirect %s", operand_str(x));
            invalid(x);
            break;
        }
        x->mode = MODE_VAR;
        x->type = under(x->type)->elem;
        x->cv = NULL;
        break;
    case ND_UNARY:
        check_unary(x, n);
        break;
    case ND_BINARY:
        check_binary(x, n);
        break;
    case ND_KEYVALUE:
        diag_error(n->pos, "unexpected key:value expression");
        invalid(x);
        break;
    case ND_ARRAYTYPE: case ND_STRUCTTYPE: case ND_FUNCTYPE: case ND_INTERFACETYPE:
    case ND_MAPTYPE: case ND_CHANTYPE: {
        Type *t = check_type(n);
        if (t == ty_invalid) {
            invalid(x);
            break;
        }
        x->mode = MODE_TYPE;
        x->type = t;
        break;
    }
    case ND_ELLIPSIS:
        diag_error(n->pos, "invalid use of ...");
        invalid(x);
        break;
    default:
        diag_error(n->pos, "%s is not an expression", node_kind_name(n->kind));
        invalid(x);
        break;
    }
    x->expr = n;
    if (x->mode == MODE_INVALID) {
        n->type = ty_invalid;
        return;
    }
    n->type = x->type;
    if (x->mode == MODE_TYPE)
        n->is_type = true;
    if (x->mode == MODE_CONST)
        n->cv = x->cv;
    if (x->mode == MODE_COMMAOK || x->mode == MODE_MAPINDEX) {
        /* a single value unless the caller takes the `v, ok` form */
    }
}

/* A builtin is only ever called: `len` alone is not a value. */
static bool builtin_not_called(Operand *x, Node *n)
{
    if (x->mode != MODE_BUILTIN)
        return false;
    diag_error(n->pos, "%s (built-in) must be called", expr_str(n));
    invalid(x);
    return true;
}

/* An expression or a type. */
void check_expr_or_type(Operand *x, Node *n)
{
    check_rawexpr(x, n, NULL, false);
    if (x->mode == MODE_NOVALUE) {
        diag_error(n->pos, "%s (no value) used as value", expr_str(n));
        invalid(x);
    }
}

/* Expression = UnaryExpr | Expression binary_op Expression .  Must be a
 * single value (not a type). */
void check_expr(Operand *x, Node *n)
{
    check_expr_hint(x, n, NULL);
}

void check_expr_hint(Operand *x, Node *n, Type *hint)
{
    check_rawexpr(x, n, hint, false);
    if (x->mode == MODE_TYPE) {
        diag_error(n->pos, "%s (type) is not an expression", expr_str(n));
        invalid(x);
        return;
    }
    if (builtin_not_called(x, n))
        return;
    single_value(x);
}

/* An expression that may be a multi-value call (its type is a tuple). */
void check_multi_expr(Operand *x, Node *n)
{
    check_rawexpr(x, n, NULL, true);
    if (x->mode == MODE_TYPE) {
        diag_error(n->pos, "%s (type) is not an expression", expr_str(n));
        invalid(x);
    }
    builtin_not_called(x, n);
}
