// SPDX-License-Identifier: MIT
/*
 * check_call.c — call expressions (Go spec "Calls", "Passing arguments to
 * ... parameters", "Built-in functions", "Conversions").
 *
 * A call is one of: a conversion T(x), a built-in, or a call of a function
 * value; node->call_kind tells the generator which (see ast.h).  A call
 * f(g()) whose only argument is a multi-value call keeps that argument as one
 * node whose type is a TY_TUPLE; the generator spreads it.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"

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

static bool is_const_type(Type *t)
{
    TypeKind k = under(t)->kind;
    return k >= TY_BOOL && k <= TY_STRING;
}

static bool is_bytes_or_runes(Type *t)
{
    Type *u = under(t);
    if (u->kind != TY_SLICE)
        return false;
    TypeKind k = under(u->elem)->kind;
    return k == TY_UINT8 || k == TY_INT32;
}

/* ---- conversions --------------------------------------------------------------- */

static bool convertible(Operand *x, Type *t)
{
    const char *why;
    Type *v = x->type;
    if (assignable(x, t, &why))
        return true;
    Type *vu = under(v), *tu = under(t);
    if (type_is_untyped(v)) {
        if (v == ty_untyped_nil)
            return has_nil(t);
        if (type_is_numeric(v) && type_is_numeric(tu))
            return true;
        if (type_is_integer(v) && type_is_string(tu))
            return true;
        if (v == ty_untyped_string && (tu->kind == TY_STRING || is_bytes_or_runes(tu)))
            return true;
        if (v == ty_untyped_bool && tu->kind == TY_BOOL)
            return true;
        return false;
    }
    if (vu == tu)
        return true;
    /* identical underlying types ignoring struct tags */
    if (vu->kind == TY_STRUCT && tu->kind == TY_STRUCT && vu->nfields == tu->nfields) {
        bool same = true;
        for (int i = 0; i < vu->nfields && same; i++)
            if (strcmp(vu->fields[i].name, tu->fields[i].name) != 0 ||
                vu->fields[i].type != tu->fields[i].type || vu->fields[i].embedded != tu->fields[i].embedded)
                same = false;
        if (same)
            return true;
    }
    if (v->kind == TY_POINTER && t->kind == TY_POINTER && under(v->elem) == under(t->elem))
        return true;
    if ((type_is_integer(vu) || type_is_float(vu)) && (type_is_integer(tu) || type_is_float(tu)))
        return true;
    if (type_is_complex(vu) && type_is_complex(tu))
        return true;
    if ((type_is_integer(vu) || is_bytes_or_runes(vu)) && tu->kind == TY_STRING)
        return true;
    if (vu->kind == TY_STRING && is_bytes_or_runes(tu))
        return true;
    if (vu->kind == TY_SLICE && tu->kind == TY_POINTER && under(tu->elem)->kind == TY_ARRAY &&
        under(tu->elem)->elem == vu->elem)
        return true;
    return false;
}

/* Conversion = Type "(" Expression [ "," ] ")" . */
void check_conversion(Operand *x, Type *t, Node *call)
{
    bool const_arg = x->mode == MODE_CONST && x->cv;
    bool ok = false;
    ConstVal *val = x->cv;
    if (const_arg && is_const_type(t)) {
        Type *tu = under(t);
        ConstVal *out;
        const char *why;
        if (cv_representable(x->cv, tu, &out, &why)) {
            ok = true;
            val = out;
        } else if (type_is_integer(x->type) && tu->kind == TY_STRING) {
            uint64_t c;
            uint32_t r = 0xFFFD;
            if (cv_to_uint64(x->cv, &c) && c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF))
                r = (uint32_t)c;
            char buf[8];
            int n = 0;
            if (r < 0x80) {
                buf[n++] = (char)r;
            } else if (r < 0x800) {
                buf[n++] = (char)(0xC0 | (r >> 6));
                buf[n++] = (char)(0x80 | (r & 0x3F));
            } else if (r < 0x10000) {
                buf[n++] = (char)(0xE0 | (r >> 12));
                buf[n++] = (char)(0x80 | ((r >> 6) & 0x3F));
                buf[n++] = (char)(0x80 | (r & 0x3F));
            } else {
                buf[n++] = (char)(0xF0 | (r >> 18));
                buf[n++] = (char)(0x80 | ((r >> 12) & 0x3F));
                buf[n++] = (char)(0x80 | ((r >> 6) & 0x3F));
                buf[n++] = (char)(0x80 | (r & 0x3F));
            }
            val = cv_str(buf, n);
            ok = true;
        }
    } else if (convertible(x, t)) {
        ok = true;
        const_arg = false;
    } else {
        const_arg = false;
    }
    if (!ok) {
        diag_error(x->expr->pos, "cannot convert %s to type %s", operand_str(x),
                   call && call->fun && call->fun->kind == ND_IDENT && (t == ty_uint8 || t == ty_int32)
                       ? call->fun->str : tstr(t));
        invalid(x);
        return;
    }
    if (type_is_untyped(x->type)) {
        Type *final = t;
        if (type_is_interface(t) || (x->mode == MODE_CONST && !is_const_type(t)) || x->type == ty_untyped_nil)
            final = default_type(x->type);
        else if (x->mode == MODE_CONST && type_is_integer(x->type) && type_is_string(t))
            final = default_type(x->type);
        if (x->type == ty_untyped_nil)
            final = t;
        set_expr_type(x->expr, final);
    }
    if (const_arg) {
        x->mode = MODE_CONST;
        x->cv = val;
    } else {
        x->mode = MODE_VALUE;
        x->cv = NULL;
    }
    x->type = t;
    x->expr = call;
}

/* ---- arguments ------------------------------------------------------------------- */

static const char *fun_name(Node *fun)
{
    return expr_str(fun);
}

/* Arguments of a call of signature sig.  Sets call->variadic_pack. */
static void check_args(Node *call, Type *sig, const char *name)
{
    int nargs = call->args.len;
    call->variadic_pack = -1;
    Operand *ops = calloc((size_t)nargs + 1, sizeof(Operand));
    Type **atypes = NULL;
    int natypes = nargs;
    bool tuple_arg = false;
    if (nargs == 1 && !call->has_ellipsis) {
        check_multi_expr(&ops[0], call->args.v[0]);
        if (ops[0].mode == MODE_NOVALUE) {
            diag_error(call->args.v[0]->pos, "%s (no value) used as value", expr_str(call->args.v[0]));
            ops[0].mode = MODE_INVALID;
        }
        if (ops[0].mode != MODE_INVALID && ops[0].type->kind == TY_TUPLE) {
            tuple_arg = true;
            natypes = ops[0].type->nfields;
            atypes = arena_alloc(sizeof(Type *) * (size_t)(natypes + 1));
            for (int i = 0; i < natypes; i++)
                atypes[i] = ops[0].type->fields[i].type;
        }
    } else {
        for (int i = 0; i < nargs; i++) {
            Type *hint = NULL;
            check_expr_hint(&ops[i], call->args.v[i], hint);
        }
    }
    if (!atypes) {
        atypes = arena_alloc(sizeof(Type *) * (size_t)(nargs + 1));
        for (int i = 0; i < nargs; i++)
            atypes[i] = ops[i].mode == MODE_INVALID ? ty_invalid : ops[i].type;
    }
    for (int i = 0; i < nargs; i++)
        if (ops[i].mode == MODE_INVALID) {
            free(ops);
            return;
        }
    int np = sig->nparams;
    bool variadic = sig->variadic;
    if (call->has_ellipsis) {
        if (!variadic) {
            diag_error(call->args.v[nargs - 1]->pos, "have (...) cannot use ... in call to non-variadic %s", name);
            free(ops);
            return;
        }
        if (nargs != np) {
            diag_error(call->pos, "%s arguments in call to %s", nargs < np ? "not enough" : "too many", name);
            free(ops);
            return;
        }
        for (int i = 0; i < nargs; i++)
            assign_to(&ops[i], sig->params[i], arena_printf("argument to %s", name));
        free(ops);
        return;
    }
    bool count_ok = variadic ? natypes >= np - 1 : natypes == np;
    if (!count_ok) {
        Pos p = call->pos;
        if (natypes > np && nargs > np && !tuple_arg)
            p = call->args.v[np]->pos;
        /* Go adds "\n\thave (...)\n\twant (...)"; we keep the first line */
        diag_error(p, "%s arguments in call to %s", natypes < np ? "not enough" : "too many", name);
        free(ops);
        return;
    }
    if (variadic)
        call->variadic_pack = np - 1;
    const char *ctx = arena_printf("argument to %s", name);
    if (tuple_arg) {
        for (int i = 0; i < natypes; i++) {
            Type *want = (variadic && i >= np - 1) ? sig->params[np - 1]->elem : sig->params[i];
            Operand o = {.mode = MODE_VALUE, .expr = call->args.v[0], .type = atypes[i]};
            const char *why;
            if (!assignable(&o, want, &why)) {
                if (why[0])
                    diag_error(call->args.v[0]->pos, "cannot use %s (value of type %s) as type %s in %s:\n\t%s",
                               expr_str(call->args.v[0]), tstr(atypes[i]), tstr(want), ctx, why);
                else
                    diag_error(call->args.v[0]->pos, "cannot use %s (value of type %s) as type %s in %s",
                               expr_str(call->args.v[0]), tstr(atypes[i]), tstr(want), ctx);
            }
        }
        free(ops);
        return;
    }
    for (int i = 0; i < nargs; i++) {
        Type *want = (variadic && i >= np - 1) ? sig->params[np - 1]->elem : sig->params[i];
        assign_to(&ops[i], want, ctx);
    }
    free(ops);
}

/* ---- built-ins -------------------------------------------------------------------- */

static bool has_call(Node *n)
{
    if (!n)
        return false;
    if (n->kind == ND_CALL || (n->kind == ND_UNARY && n->op == OP_ARROW))
        return true;
    return has_call(n->x) || has_call(n->y) || has_call(n->index) || has_call(n->lo) ||
           has_call(n->hi) || has_call(n->max);
}

static const char *builtin_name(Builtin b)
{
    static const char *names[] = {
        "", "append", "cap", "close", "complex", "copy", "delete", "imag", "len", "make",
        "new", "panic", "print", "println", "real", "recover",
    };
    return names[b];
}

static bool nargs_ok(Node *call, Builtin b, int min, int max)
{
    int n = call->args.len;
    if (n < min) {
        diag_error(call->pos, "invalid operation: not enough arguments for %s (expected %d, found %d)", expr_str(call), min, n);
        return false;
    }
    if (max >= 0 && n > max) {
        diag_error(call->args.v[max]->pos, "invalid operation: too many arguments for %s (expected %d, found %d)",
                   expr_str(call), max, n);
        return false;
    }
    (void)b;
    return true;
}

static void check_size_arg(Node *n, const char *what, int64_t *value)
{
    Operand x;
    *value = -1;
    check_expr(&x, n);
    if (x.mode == MODE_INVALID)
        return;
    if (type_is_untyped(x.type)) {
        if (x.mode == MODE_CONST && x.cv && !cv_is_int(x.cv)) {
            diag_error(n->pos, "%s truncated to int", operand_str(&x));
            return;
        }
        convert_untyped(&x, ty_int);
        if (x.mode == MODE_INVALID)
            return;
    }
    if (!type_is_integer(x.type)) {
        diag_error(n->pos, "cannot convert %s to type int", operand_str(&x));
        return;
    }
    if (x.mode == MODE_CONST && x.cv) {
        int64_t v;
        if (!cv_to_int64(x.cv, &v) || v < 0) {
            diag_error(n->pos, "invalid argument: %s %s must not be negative", what, operand_str(&x));
            return;
        }
        *value = v;
    }
}

static void check_builtin(Operand *x, Node *call, Builtin b)
{
    call->call_kind = CALL_BUILTIN;
    call->builtin = b;
    call->variadic_pack = -1;
    const char *name = builtin_name(b);
    if (call->has_ellipsis && b != BI_APPEND) {
        diag_error(call->pos, "invalid operation: invalid use of ... with built-in %s", name);
        invalid(x);
        return;
    }
    Operand a;
    switch (b) {
    case BI_LEN:
    case BI_CAP: {
        if (!nargs_ok(call, b, 1, 1)) {
            invalid(x);
            return;
        }
        check_expr(&a, call->args.v[0]);
        if (a.mode == MODE_INVALID) {
            invalid(x);
            return;
        }
        Type *u = under(a.type);
        if (u->kind == TY_POINTER && under(u->elem)->kind == TY_ARRAY)
            u = under(u->elem);
        bool ok = false, is_const = false;
        ConstVal *v = NULL;
        if (b == BI_LEN && type_is_string(u)) {
            ok = true;
            if (a.mode == MODE_CONST && a.cv) {
                is_const = true;
                v = cv_int(a.cv->slen);
            }
            if (type_is_untyped(a.type))
                convert_untyped(&a, ty_string);
        } else if (u->kind == TY_ARRAY) {
            ok = true;
            if (!has_call(call->args.v[0])) {
                is_const = true;
                v = cv_int(u->len);
            }
        } else if (u->kind == TY_SLICE || u->kind == TY_CHAN || (b == BI_LEN && u->kind == TY_MAP)) {
            ok = true;
        }
        if (!ok) {
            diag_error(call->args.v[0]->pos, "invalid argument: %s for %s", operand_str(&a), name);
            invalid(x);
            return;
        }
        x->mode = is_const ? MODE_CONST : MODE_VALUE;
        x->type = ty_int;
        x->cv = is_const ? v : NULL;
        return;
    }
    case BI_APPEND: {
        if (!nargs_ok(call, b, 1, -1)) {
            invalid(x);
            return;
        }
        check_expr(&a, call->args.v[0]);
        if (a.mode == MODE_INVALID) {
            invalid(x);
            return;
        }
        if (a.type == ty_untyped_nil) {
            diag_error(call->args.v[0]->pos, "first argument to append must be a typed slice; found untyped nil");
            invalid(x);
            return;
        }
        Type *s = a.type;
        if (under(s)->kind != TY_SLICE) {
            diag_error(call->args.v[0]->pos, "invalid argument: %s is not a slice", operand_str(&a));
            invalid(x);
            return;
        }
        Type *elem = under(s)->elem;
        if (call->has_ellipsis) {
            if (call->args.len != 2) {
                diag_error(call->pos, "can only use ... with final argument in list");
                invalid(x);
                return;
            }
            Operand r;
            check_expr(&r, call->args.v[1]);
            if (r.mode != MODE_INVALID) {
                if (under(elem)->kind == TY_UINT8 && type_is_string(r.type)) {
                    if (type_is_untyped(r.type))
                        convert_untyped(&r, ty_string);
                } else {
                    assign_to(&r, type_slice(elem), "argument to append");
                }
            }
        } else {
            call->variadic_pack = 1;
            for (int i = 1; i < call->args.len; i++) {
                Operand r;
                check_expr_hint(&r, call->args.v[i], elem);
                assign_to(&r, elem, "argument to append");
            }
        }
        x->mode = MODE_VALUE;
        x->type = s;
        return;
    }
    case BI_COPY: {
        if (!nargs_ok(call, b, 2, 2)) {
            invalid(x);
            return;
        }
        Operand d, s;
        check_expr(&d, call->args.v[0]);
        check_expr(&s, call->args.v[1]);
        if (d.mode == MODE_INVALID || s.mode == MODE_INVALID) {
            invalid(x);
            return;
        }
        Type *du = under(d.type), *su = under(s.type);
        bool ok = du->kind == TY_SLICE &&
                  ((su->kind == TY_SLICE && under(su->elem) == under(du->elem) && su->elem == du->elem) ||
                   (type_is_string(su) && under(du->elem)->kind == TY_UINT8));
        if (!ok) {
            diag_error(call->pos, "invalid argument: copy expects slice arguments; found %s and %s",
                       operand_str(&d), operand_str(&s));
            invalid(x);
            return;
        }
        if (type_is_untyped(s.type))
            convert_untyped(&s, ty_string);
        x->mode = MODE_VALUE;
        x->type = ty_int;
        return;
    }
    case BI_DELETE: {
        if (!nargs_ok(call, b, 2, 2)) {
            invalid(x);
            return;
        }
        check_expr(&a, call->args.v[0]);
        if (a.mode == MODE_INVALID) {
            invalid(x);
            return;
        }
        if (under(a.type)->kind != TY_MAP) {
            diag_error(call->args.v[0]->pos, "invalid argument: %s is not a map", operand_str(&a));
            invalid(x);
            return;
        }
        Operand k;
        Type *kt = under(a.type)->key;
        check_expr_hint(&k, call->args.v[1], kt);
        assign_to(&k, kt, "argument to delete");
        x->mode = MODE_NOVALUE;
        x->type = NULL;
        return;
    }
    case BI_MAKE: {
        if (!nargs_ok(call, b, 1, 3)) {
            invalid(x);
            return;
        }
        Type *t = check_type(call->args.v[0]);
        if (t == ty_invalid) {
            invalid(x);
            return;
        }
        Type *u = under(t);
        int min = 1;
        if (u->kind == TY_SLICE) {
            min = 2;
        } else if (u->kind == TY_MAP) {
            min = 1;
        } else if (u->kind == TY_CHAN) {
            min = 1;
        } else {
            diag_error(call->args.v[0]->pos, "invalid argument: cannot make %s; type must be slice, map, or channel",
                       expr_str(call->args.v[0]));
            invalid(x);
            return;
        }
        int n = call->args.len;
        if (n < min || n > (u->kind == TY_SLICE ? 3 : 2)) {
            diag_error(call->pos, "invalid operation: %s expects %d or %d arguments; found %d", expr_str(call),
                       min, min + 1, n);
            invalid(x);
            return;
        }
        int64_t sizes[2] = {-1, -1};
        for (int i = 1; i < n; i++)
            check_size_arg(call->args.v[i], i == 1 ? "index" : "index", &sizes[i - 1]);
        if (n == 3 && sizes[0] >= 0 && sizes[1] >= 0 && sizes[0] > sizes[1])
            diag_error(call->args.v[1]->pos, "invalid argument: length and capacity swapped");
        x->mode = MODE_VALUE;
        x->type = t;
        return;
    }
    case BI_NEW: {
        if (!nargs_ok(call, b, 1, 1)) {
            invalid(x);
            return;
        }
        Operand t;
        check_expr_or_type(&t, call->args.v[0]);
        if (t.mode == MODE_INVALID) {
            invalid(x);
            return;
        }
        if (t.mode != MODE_TYPE) {
            diag_error(call->args.v[0]->pos, "%s is not a type", expr_str(call->args.v[0]));
            invalid(x);
            return;
        }
        x->mode = MODE_VALUE;
        x->type = type_pointer(t.type);
        return;
    }
    case BI_PANIC: {
        if (!nargs_ok(call, b, 1, 1)) {
            invalid(x);
            return;
        }
        check_expr(&a, call->args.v[0]);
        if (a.mode != MODE_INVALID)
            assign_to(&a, ty_any, "argument to panic");
        x->mode = MODE_NOVALUE;
        x->type = NULL;
        return;
    }
    case BI_PRINT:
    case BI_PRINTLN:
        for (int i = 0; i < call->args.len; i++) {
            check_expr(&a, call->args.v[i]);
            if (a.mode == MODE_INVALID)
                continue;
            if (a.type == ty_untyped_nil) {
                diag_error(call->args.v[i]->pos, "use of untyped nil in argument to built-in %s", name);
                continue;
            }
            use_default(&a);
        }
        x->mode = MODE_NOVALUE;
        x->type = NULL;
        return;
    case BI_RECOVER:
        /* recover() interface{}: what it returns depends on the call site at
         * run time (compiler/cg_call.c, rt/sw_defer.c) */
        if (!nargs_ok(call, b, 0, 0)) {
            invalid(x);
            return;
        }
        x->mode = MODE_VALUE;
        x->type = ty_any;
        return;
    case BI_CLOSE: {
        if (!nargs_ok(call, b, 1, 1)) {
            invalid(x);
            return;
        }
        check_expr(&a, call->args.v[0]);
        if (a.mode == MODE_INVALID) {
            invalid(x);
            return;
        }
        Type *u = under(a.type);
        if (u->kind != TY_CHAN) {
            diag_error(call->args.v[0]->pos, "invalid operation: cannot close non-channel %s", operand_str(&a));
            invalid(x);
            return;
        }
        if (u->dir == CHAN_RECV) {
            diag_error(call->args.v[0]->pos, "invalid operation: cannot close receive-only channel %s",
                       operand_str(&a));
            invalid(x);
            return;
        }
        x->mode = MODE_NOVALUE;
        x->type = NULL;
        return;
    }
    case BI_COMPLEX: case BI_REAL: case BI_IMAG:
        diag_error(call->pos, "complex numbers are not supported yet");
        invalid(x);
        return;
    default:
        invalid(x);
        return;
    }
}

/* ---- calls ------------------------------------------------------------------------- */

/* Arguments = "(" [ ( ExpressionList | Type [ "," ExpressionList ] ) [ "..." ] [ "," ] ] ")" . */
void check_call(Operand *x, Node *n)
{
    n->variadic_pack = -1;
    Operand f;
    check_rawexpr(&f, n->fun, NULL, false);
    x->expr = n;
    if (f.mode == MODE_INVALID) {
        for (int i = 0; i < n->args.len; i++) {
            Operand tmp;
            check_rawexpr(&tmp, n->args.v[i], NULL, true);
        }
        invalid(x);
        return;
    }
    if (f.mode == MODE_TYPE) {
        Type *t = f.type;
        n->call_kind = CALL_CONV;
        if (n->args.len != 1 || n->has_ellipsis) {
            if (n->args.len == 0)
                diag_error(n->pos, "missing argument in conversion to %s", tstr(t));
            else if (n->has_ellipsis)
                diag_error(n->pos, "invalid use of ... in conversion to %s", tstr(t));
            else
                diag_error(n->args.v[1]->pos, "too many arguments in conversion to %s", tstr(t));
            invalid(x);
            return;
        }
        Operand a;
        check_expr_hint(&a, n->args.v[0], t);
        if (a.mode == MODE_INVALID) {
            invalid(x);
            return;
        }
        check_conversion(&a, t, n);
        *x = a;
        x->expr = n;
        return;
    }
    if (f.mode == MODE_BUILTIN) {
        check_builtin(x, n, f.builtin);
        x->expr = n;
        return;
    }
    single_value(&f);
    if (f.mode == MODE_INVALID) {
        invalid(x);
        return;
    }
    Type *sig = under(f.type);
    if (sig->kind != TY_FUNC) {
        diag_error(n->pos, "invalid operation: cannot call non-function %s", operand_str(&f));
        for (int i = 0; i < n->args.len; i++) {
            Operand tmp;
            check_rawexpr(&tmp, n->args.v[i], NULL, true);
        }
        invalid(x);
        return;
    }
    Node *fun = n->fun;
    n->call_kind = CALL_VALUE;
    if (fun->kind == ND_IDENT && fun->obj && fun->obj->kind == OBJ_FUNC && !fun->obj->recv)
        n->call_kind = CALL_FUNC;
    else if (fun->kind == ND_SELECTOR && fun->sel_kind == SEL_PKG && fun->obj && fun->obj->kind == OBJ_FUNC)
        n->call_kind = CALL_FUNC;
    else if (fun->kind == ND_SELECTOR && fun->sel_kind == SEL_METHOD)
        n->call_kind = CALL_METHOD;
    else if (fun->kind == ND_SELECTOR && fun->sel_kind == SEL_IFACE_METHOD)
        n->call_kind = CALL_IFACE;
    check_args(n, sig, fun_name(unparen(fun)));
    if (sig->nresults == 0) {
        x->mode = MODE_NOVALUE;
        x->type = NULL;
    } else if (sig->nresults == 1) {
        x->mode = MODE_VALUE;
        x->type = sig->results[0];
    } else {
        x->mode = MODE_VALUE;
        x->type = type_tuple(sig->results, sig->nresults);
    }
    x->cv = NULL;
}
