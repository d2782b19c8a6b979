// SPDX-License-Identifier: MIT
/*
 * check_type.c — type expressions, signatures, field and method lookup
 * (with promotion through embedded fields), interface satisfaction and
 * assignability (Go spec "Types", "Selectors", "Method sets",
 * "Assignability").
 *
 * Named types are created before their underlying type is known, so
 * recursive types through pointers, slices, maps and functions just work;
 * recursion that would make a type infinitely large (a struct or array that
 * contains itself) is found afterwards by validate_named_types().
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"

const char *type_string_in(Type *t, Package *self);

const char *tstr(Type *t)
{
    return type_string_in(t, ck.pkg);
}

bool is_named(Type *t)
{
    return t && (t->kind == TY_NAMED || (t->kind > TY_INVALID && t->kind <= TY_UNSAFEPTR));
}

bool has_nil(Type *t)
{
    switch (under(t)->kind) {
    case TY_POINTER: case TY_FUNC: case TY_SLICE: case TY_MAP: case TY_CHAN:
    case TY_INTERFACE: case TY_UNSAFEPTR:
        return true;
    default:
        return false;
    }
}

Type *default_type(Type *t)
{
    if (!t)
        return ty_invalid;
    switch (t->kind) {
    case TY_UNTYPED_BOOL: return ty_bool;
    case TY_UNTYPED_INT: return ty_int;
    case TY_UNTYPED_RUNE: return ty_int32;
    case TY_UNTYPED_FLOAT: return ty_float64;
    case TY_UNTYPED_STRING: return ty_string;
    default: return t;
    }
}

bool type_identical(Type *a, Type *b)
{
    return a == b;
}

static bool exported(const char *s)
{
    return s && *s >= 'A' && *s <= 'Z';
}

/* ---- type expressions ----------------------------------------------------- */

static Type *bad_type(Node *n)
{
    n->type = ty_invalid;
    n->is_type = true;
    return ty_invalid;
}

/* The name a field gets when its type is embedded: T, *T, pkg.T, *pkg.T. */
static const char *embedded_name(Node *t)
{
    if (t->kind == ND_STAR)
        t = t->x;
    if (t->kind == ND_PAREN)
        return embedded_name(t->x);
    if (t->kind == ND_IDENT || t->kind == ND_SELECTOR)
        return t->str ? t->str : (t->name ? t->name->str : NULL);
    return NULL;
}

/* StructType = "struct" "{" { FieldDecl ";" } "}" .
 * FieldDecl = (IdentifierList Type | EmbeddedField) [ Tag ] . */
static Type *check_struct(Node *n)
{
    int cap = 8, nf = 0;
    Field *fs = malloc(sizeof(Field) * (size_t)cap);
    Node **pos = malloc(sizeof(Node *) * (size_t)cap);
    bool bad = false;
    for (int i = 0; i < n->fields.len; i++) {
        Node *f = n->fields.v[i];
        Type *ft = check_type(f->ftype);
        if (ft == ty_invalid)
            bad = true;
        const char *tag = NULL;
        if (f->tagl) {
            Type *tt;
            ConstVal *cv = cv_literal(f->tagl, &tt);
            if (cv && cv->kind == CV_STRING)
                tag = cv->s;
        }
        int nn = f->names.len ? f->names.len : 1;
        for (int j = 0; j < nn; j++) {
            if (nf == cap) {
                cap *= 2;
                fs = realloc(fs, sizeof(Field) * (size_t)cap);
                pos = realloc(pos, sizeof(Node *) * (size_t)cap);
            }
            Field *fd = &fs[nf];
            memset(fd, 0, sizeof *fd);
            fd->type = ft;
            fd->tag = tag;
            fd->pkg = ck.pkg;
            if (f->names.len) {
                fd->name = f->names.v[j]->str;
                pos[nf] = f->names.v[j];
            } else {
                fd->embedded = true;
                fd->name = embedded_name(f->ftype);
                pos[nf] = f->ftype;
                Type *base = ft->kind == TY_POINTER ? ft->elem : ft;
                if (ft != ty_invalid && (ft->kind == TY_POINTER && under(base)->kind == TY_POINTER)) {
                    diag_error(f->ftype->pos, "embedded field type cannot be a pointer to a pointer");
                    bad = true;
                } else if (ft != ty_invalid && ft->kind == TY_POINTER && under(base)->kind == TY_INTERFACE) {
                    diag_error(f->ftype->pos, "embedded field type cannot be a pointer to an interface");
                    bad = true;
                }
                if (!fd->name)
                    fd->name = "?";
            }
            for (int k = 0; k < nf; k++) {
                if (strcmp(fs[k].name, fd->name) == 0 && strcmp(fd->name, "_") != 0) {
                    diag_error(pos[nf]->pos, "%s redeclared\n\t%s:%d:%d: other declaration of %s",
                               fd->name, diag_file_path(pos[k]->pos.file), pos[k]->pos.line,
                               pos[k]->pos.col, fd->name);
                    bad = true;
                    break;
                }
            }
            nf++;
        }
    }
    Type *t = bad ? ty_invalid : type_struct(fs, nf);
    free(fs);
    free(pos);
    return t;
}

/* InterfaceType = "interface" "{" { ( MethodSpec | InterfaceTypeName ) ";" } "}" . */
static Type *check_interface(Node *n)
{
    int cap = 8, nm = 0;
    Obj **ms = malloc(sizeof(Obj *) * (size_t)cap);
    bool bad = false;
    for (int i = 0; i < n->fields.len; i++) {
        Node *f = n->fields.v[i];
        Obj *add[256];
        int nadd = 0;
        if (f->names.len) {
            Obj *m = obj_new(OBJ_FUNC, f->names.v[0]->str, f->names.v[0]->pos);
            m->pkg = ck.pkg;
            m->decl = f;
            m->type = check_signature(f->ftype, NULL, NULL, NULL);
            f->names.v[0]->obj = m;
            add[nadd++] = m;
        } else {
            Type *et = check_type(f->ftype);
            Type *u = under(et);
            if (et == ty_invalid)
                bad = true;
            else if (et->kind == TY_NAMED && !et->underlying) {
                diag_error(f->ftype->pos, "invalid recursive type %s", tstr(et));
                bad = true;
            } else if (u->kind != TY_INTERFACE) {
                diag_error(f->ftype->pos, "cannot use %s as interface (not supported yet)", tstr(et));
                bad = true;
            } else {
                for (int k = 0; k < u->nmethods && nadd < 256; k++)
                    add[nadd++] = u->methods[k];
            }
        }
        for (int a = 0; a < nadd; a++) {
            bool dup = false;
            for (int k = 0; k < nm; k++) {
                if (strcmp(ms[k]->name, add[a]->name) == 0) {
                    if (f->names.len || ms[k]->type != add[a]->type) {
                        diag_error(f->pos, "duplicate method %s", add[a]->name);
                        bad = true;
                    }
                    dup = true;
                }
            }
            if (dup)
                continue;
            if (nm == cap) {
                cap *= 2;
                ms = realloc(ms, sizeof(Obj *) * (size_t)cap);
            }
            ms[nm++] = add[a];
        }
    }
    Type *t = bad ? ty_invalid : type_interface(ms, nm);
    free(ms);
    return t;
}

/* A parameter list of a signature: declares named parameters in `scope`. */
static Type **check_params(NodeList *l, Scope *scope, bool *variadic, int *count,
                           Obj ***objs, bool is_result, bool *named)
{
    int cap = 8, n = 0;
    Type **ts = arena_alloc(sizeof(Type *) * (size_t)cap);
    Obj **os = arena_alloc(sizeof(Obj *) * (size_t)cap);
    for (int i = 0; i < l->len; i++) {
        Node *f = l->v[i];
        Node *te = f->ftype;
        Type *t;
        if (te && te->kind == ND_ELLIPSIS) {
            if (is_result || i != l->len - 1 || f->names.len > 1) {
                diag_error(te->pos, "can only use ... with final parameter in list");
                t = ty_invalid;
            } else {
                if (variadic)
                    *variadic = true;
                t = type_slice(check_type(te->elem));
            }
            te->type = t;
            te->is_type = true;
        } else {
            t = check_type(te);
        }
        int nn = f->names.len ? f->names.len : 1;
        for (int j = 0; j < nn; j++) {
            if (n == cap) {
                Type **nt = arena_alloc(sizeof(Type *) * (size_t)cap * 2);
                Obj **no = arena_alloc(sizeof(Obj *) * (size_t)cap * 2);
                memcpy(nt, ts, sizeof(Type *) * (size_t)n);
                memcpy(no, os, sizeof(Obj *) * (size_t)n);
                ts = nt;
                os = no;
                cap *= 2;
            }
            ts[n] = t;
            Node *id = f->names.len ? f->names.v[j] : NULL;
            Obj *o = obj_new(OBJ_VAR, id ? id->str : "", id ? id->pos : f->pos);
            o->type = t;
            o->pkg = ck.pkg;
            o->decl = f;
            o->is_param = !is_result;
            o->is_result = is_result;
            o->used = true;
            if (id) {
                id->obj = o;
                id->type = t;
                if (named)
                    *named = true;
                if (scope && strcmp(id->str, "_") != 0)
                    declare(scope, o, id);
            }
            os[n++] = o;
        }
    }
    *count = n;
    if (objs)
        *objs = os;
    return ts;
}

/* Signature = Parameters [ Result ] . */
Type *check_signature(Node *ftype, Node *recv, Scope *param_scope, FuncCtx *fc)
{
    (void)recv;
    if (!ftype)
        return ty_invalid;
    bool variadic = false, named = false;
    int np = 0, nr = 0;
    Obj **robjs = NULL;
    Type **ps = check_params(&ftype->params, param_scope, &variadic, &np, NULL, false, NULL);
    Type **rs = check_params(&ftype->results, param_scope, NULL, &nr, &robjs, true, &named);
    Type *t = type_func(ps, np, rs, nr, variadic);
    ftype->type = t;
    ftype->is_type = true;
    if (fc) {
        fc->sig = t;
        fc->results = robjs;
        fc->named_results = named;
    }
    return t;
}

static Type *check_array_len(Node *n)
{
    Operand x;
    check_expr(&x, n->len);
    if (x.mode == MODE_INVALID)
        return NULL;
    if (x.mode != MODE_CONST) {
        diag_error(n->len->pos, "array length %s must be constant", operand_str(&x));
        return NULL;
    }
    if (!type_is_integer(x.type) && !(type_is_untyped(x.type) && x.cv && cv_is_int(x.cv))) {
        diag_error(n->len->pos, "array length %s must be integer", operand_str(&x));
        return NULL;
    }
    int64_t len;
    if (!cv_to_int64(x.cv, &len) || len < 0) {
        diag_error(n->len->pos, "invalid array length %s", expr_str(n->len));
        return NULL;
    }
    if (type_is_untyped(x.type))
        set_expr_type(n->len, ty_int);
    return (Type *)(intptr_t)(len + 1);
}

Type *check_type(Node *n)
{
    return check_type_ex(n, false);
}

/* Type = TypeName | TypeLit | "(" Type ")" . */
Type *check_type_ex(Node *n, bool define_named)
{
    (void)define_named;
    if (!n)
        return ty_invalid;
    Type *t = ty_invalid;
    switch (n->kind) {
    case ND_IDENT:
    case ND_SELECTOR: {
        Operand x;
        /* a function named in its own signature has no type yet: the
         * lookup below gives no error of its own */
        Obj *self = n->kind == ND_IDENT && n->str ? scope_lookup(ck.scope, n->str) : NULL;
        bool pending = self && self->kind == OBJ_FUNC && !self->type;
        check_expr_or_type(&x, n);
        if (x.mode == MODE_INVALID && pending) {
            diag_error(n->pos, "%s is not a type", n->str);
            return bad_type(n);
        }
        if (x.mode == MODE_INVALID)
            return bad_type(n);
        if (x.mode != MODE_TYPE) {
            diag_error(n->pos, "%s is not a type", operand_str(&x));
            return bad_type(n);
        }
        t = x.type;
        break;
    }
    case ND_PAREN:
        t = check_type(n->x);
        break;
    case ND_STAR: {
        Type *e = check_type(n->x);
        t = e == ty_invalid ? ty_invalid : type_pointer(e);
        break;
    }
    case ND_ARRAYTYPE:
        if (!n->len) {
            Type *e = check_type(n->elem);
            t = e == ty_invalid ? ty_invalid : type_slice(e);
        } else if (n->len->kind == ND_ELLIPSIS) {
            diag_error(n->len->pos, "invalid use of [...] array (outside a composite literal)");
            check_type(n->elem);
        } else {
            Type *l = check_array_len(n);
            Type *e = check_type(n->elem);
            if (l && e != ty_invalid)
                t = type_array(e, (int64_t)(intptr_t)l - 1);
        }
        break;
    case ND_MAPTYPE: {
        Type *k = check_type(n->key);
        Type *e = check_type(n->elem);
        if (k == ty_invalid || e == ty_invalid)
            break;
        Type *ku = k->kind == TY_NAMED ? k->underlying : k;
        if (ku && !type_is_comparable(k)) {
            diag_error(n->key->pos, "invalid map key type %s", tstr(k));
            break;
        }
        t = type_map(k, e);
        break;
    }
    case ND_CHANTYPE: {
        Type *e = check_type(n->elem);
        if (e == ty_invalid)
            break;
        t = type_chan(e, n->dir);
        break;
    }
    case ND_FUNCTYPE:
        t = check_signature(n, NULL, NULL, NULL);
        break;
    case ND_STRUCTTYPE:
        t = check_struct(n);
        break;
    case ND_INTERFACETYPE:
        t = check_interface(n);
        break;
    case ND_ELLIPSIS:
        diag_error(n->pos, "invalid use of ...");
        break;
    default:
        diag_error(n->pos, "%s is not a type", expr_str(n));
        break;
    }
    n->type = t;
    n->is_type = true;
    return t;
}

/* ---- invalid recursive types ------------------------------------------------ */

static Type *vpath[256];
static int nvpath;

static void validate(Type *t, Obj **done_reported)
{
    (void)done_reported;
    if (!t)
        return;
    switch (t->kind) {
    case TY_NAMED: {
        if (!t->underlying || t->underlying == ty_invalid)
            return;
        for (int i = 0; i < nvpath; i++) {
            if (vpath[i] == t) {
                Obj *o = t->obj;
                char *msg = arena_printf("invalid recursive type %s", o->name);
                for (int k = i; k < nvpath; k++) {
                    Obj *p = vpath[k]->obj;
                    msg = arena_printf("%s\n\t%s:%d:%d: %s refers to", msg,
                                       diag_file_path(p->pos.file), p->pos.line, p->pos.col, p->name);
                }
                msg = arena_printf("%s\n\t%s:%d:%d: %s", msg, diag_file_path(o->pos.file),
                                   o->pos.line, o->pos.col, o->name);
                diag_error(o->pos, "%s", msg);
                for (int k = i; k < nvpath; k++)
                    vpath[k]->underlying = ty_invalid;
                return;
            }
        }
        if (nvpath >= 256)
            return;
        vpath[nvpath++] = t;
        validate(t->underlying, NULL);
        nvpath--;
        return;
    }
    case TY_ARRAY:
        validate(t->elem, NULL);
        return;
    case TY_STRUCT:
        for (int i = 0; i < t->nfields; i++)
            validate(t->fields[i].type, NULL);
        return;
    default:
        return;
    }
}

/* A local defined type: may not contain itself. */
void validate_type(Type *t);
void validate_type(Type *t)
{
    nvpath = 0;
    validate(t, NULL);
}

void validate_named_types(Package *pkg)
{
    for (int i = 0; i < pkg->scope->nobjs; i++) {
        Obj *o = pkg->scope->objs[i];
        if (o->kind == OBJ_TYPE && o->type && o->type->kind == TY_NAMED && o->type->obj == o) {
            nvpath = 0;
            validate(o->type, NULL);
        }
    }
}

/* ---- lookup ------------------------------------------------------------------- */

Obj *method_of(Type *named, const char *name)
{
    if (!named || named->kind != TY_NAMED)
        return NULL;
    for (int i = 0; i < named->nmethods; i++) {
        Obj *m = named->methods[i];
        if (strcmp(m->name, name) == 0) {
            if (!m->type)
                resolve_obj(m);
            return m;
        }
    }
    return NULL;
}

typedef struct Embedded {
    Type *type;
    int path[32];
    int npath;
    bool indirect;
    bool multiple;
} Embedded;

static bool name_matches(const char *have, Package *hpkg, const char *want, Package *wpkg)
{
    if (!have || strcmp(have, want) != 0)
        return false;
    return exported(want) || hpkg == wpkg || !hpkg || !wpkg;
}

/* Go's lookupFieldOrMethod: a breadth-first search through embedded fields;
 * at the shallowest depth with a match, more than one match is ambiguous. */
void lookup_field_or_method(Type *t, const char *name, Package *pkg, Lookup *out)
{
    memset(out, 0, sizeof *out);
    if (!t || !name || strcmp(name, "_") == 0)
        return;
    bool is_ptr = false;
    if (t->kind == TY_POINTER) {
        t = t->elem;
        is_ptr = true;
        if (under(t)->kind == TY_INTERFACE)
            return;
    } else if (t->kind == TY_NAMED && under(t)->kind == TY_POINTER) {
        /* a defined pointer type has no methods; fields through it are found */
        Type *e = under(t)->elem;
        Lookup l;
        lookup_field_or_method(type_pointer(e), name, pkg, &l);
        if (l.kind == 1)
            *out = l;
        return;
    }
    Embedded *cur = calloc(1, sizeof(Embedded)), *next = NULL;
    int ncur = 1, nnext = 0;
    cur[0].type = t;
    cur[0].indirect = is_ptr;
    Type *seen[256];
    int nseen = 0;
    for (int depth = 0; ncur > 0 && depth < 32; depth++) {
        int found = 0;
        Lookup res;
        memset(&res, 0, sizeof res);
        next = calloc((size_t)ncur * 8 + 8, sizeof(Embedded));
        int capnext = ncur * 8 + 8;
        nnext = 0;
        for (int e = 0; e < ncur; e++) {
            Embedded *em = &cur[e];
            Type *typ = em->type;
            if (typ->kind == TY_NAMED) {
                bool dup = false;
                for (int s = 0; s < nseen; s++)
                    if (seen[s] == typ)
                        dup = true;
                if (dup)
                    continue;
                if (nseen < 256)
                    seen[nseen++] = typ;
                Obj *m = method_of(typ, name);
                if (m && name_matches(m->name, m->pkg, name, pkg)) {
                    found += em->multiple ? 2 : 1;
                    res.kind = 2;
                    res.method = m;
                    res.type = m->type;
                    memcpy(res.path, em->path, sizeof(int) * (size_t)em->npath);
                    res.npath = em->npath;
                    res.indirect = em->indirect;
                    res.ptr_recv = m->recv && m->recv->kind == TY_POINTER;
                    res.holder = typ;
                    continue;
                }
            }
            Type *u = under(typ);
            if (u->kind == TY_STRUCT) {
                for (int i = 0; i < u->nfields; i++) {
                    Field *f = &u->fields[i];
                    if (name_matches(f->name, f->pkg, name, pkg)) {
                        found += em->multiple ? 2 : 1;
                        res.kind = 1;
                        res.type = f->type;
                        memcpy(res.path, em->path, sizeof(int) * (size_t)em->npath);
                        res.path[em->npath] = i;
                        res.npath = em->npath + 1;
                        res.indirect = em->indirect;
                        continue;
                    }
                    if (found == 0 && f->embedded && em->npath < 31) {
                        Type *ft = f->type;
                        bool ptr = false;
                        if (ft->kind == TY_POINTER) {
                            ft = ft->elem;
                            ptr = true;
                        }
                        if (nnext == capnext) {
                            capnext *= 2;
                            next = realloc(next, sizeof(Embedded) * (size_t)capnext);
                        }
                        Embedded *ne = &next[nnext++];
                        memset(ne, 0, sizeof *ne);
                        ne->type = ft;
                        memcpy(ne->path, em->path, sizeof(int) * (size_t)em->npath);
                        ne->path[em->npath] = i;
                        ne->npath = em->npath + 1;
                        ne->indirect = em->indirect || ptr;
                        ne->multiple = em->multiple;
                    }
                }
            } else if (u->kind == TY_INTERFACE) {
                for (int i = 0; i < u->nmethods; i++) {
                    Obj *m = u->methods[i];
                    if (name_matches(m->name, m->pkg, name, pkg)) {
                        found += em->multiple ? 2 : 1;
                        res.kind = 3;
                        res.method = m;
                        res.type = m->type;
                        memcpy(res.path, em->path, sizeof(int) * (size_t)em->npath);
                        res.npath = em->npath;
                        res.indirect = em->indirect;
                        res.holder = typ;
                    }
                }
            }
        }
        if (found > 1) {
            out->kind = -1;
            free(cur);
            free(next);
            return;
        }
        if (found == 1) {
            *out = res;
            free(cur);
            free(next);
            return;
        }
        /* the same embedded type twice at one depth makes its members ambiguous */
        for (int a = 0; a < nnext; a++)
            for (int b = a + 1; b < nnext; b++)
                if (next[a].type == next[b].type) {
                    next[a].multiple = true;
                    next[b].multiple = true;
                }
        free(cur);
        cur = next;
        ncur = nnext;
        next = NULL;
    }
    free(cur);
}

/* ---- method sets and interfaces ------------------------------------------------- */

const char *method_sig_str(const char *name, Type *sig)
{
    const char *s = tstr(sig);   /* "func(...) ..." */
    return arena_printf("%s%s", name, s + 4);
}

bool implements(Type *t, Type *iface, const char **why)
{
    Type *iu = under(iface);
    if (iu->kind != TY_INTERFACE || t == ty_invalid || iface == ty_invalid)
        return true;
    Type *tu = under(t);
    for (int i = 0; i < iu->nmethods; i++) {
        Obj *m = iu->methods[i];
        const char *problem = NULL;
        Type *have = NULL;
        if (tu->kind == TY_INTERFACE) {
            Obj *found = NULL;
            for (int k = 0; k < tu->nmethods; k++)
                if (strcmp(tu->methods[k]->name, m->name) == 0)
                    found = tu->methods[k];
            if (!found)
                problem = "missing";
            else if (found->type != m->type) {
                problem = "wrong";
                have = found->type;
            }
        } else {
            Lookup l;
            lookup_field_or_method(t, m->name, m->pkg, &l);
            if (l.kind != 2 && l.kind != 3)
                problem = "missing";
            else if (l.type != m->type) {
                problem = "wrong";
                have = l.type;
            } else if (l.kind == 2 && l.ptr_recv && t->kind != TY_POINTER && !l.indirect)
                problem = "pointer";
        }
        if (!problem)
            continue;
        if (why) {
            const char *head = arena_printf("%s does not implement %s", tstr(t), tstr(iface));
            if (strcmp(problem, "missing") == 0)
                *why = arena_printf("%s (missing %s method)", head, m->name);
            else if (strcmp(problem, "pointer") == 0)
                *why = arena_printf("%s (%s method has pointer receiver)", head, m->name);
            else
                *why = arena_printf("%s (wrong type for %s method)\n\t\thave %s\n\t\twant %s", head,
                                    m->name, method_sig_str(m->name, have),
                                    method_sig_str(m->name, m->type));
        }
        return false;
    }
    return true;
}

/* Assignability of a typed value of type x->type to t (Go spec
 * "Assignability"); untyped operands are converted by the caller first. */
bool assignable(Operand *x, Type *t, const char **why)
{
    *why = "";
    Type *v = x->type;
    if (x->mode == MODE_INVALID || !v || !t || v == ty_invalid || t == ty_invalid)
        return true;
    if (v == t)
        return true;
    Type *vu = under(v), *tu = under(t);
    if (v->kind == TY_UNTYPED_NIL)
        return has_nil(t);
    if (type_is_untyped(v)) {
        if (tu->kind == TY_INTERFACE)
            return implements(default_type(v), t, why);
        switch (v->kind) {
        case TY_UNTYPED_BOOL: return tu->kind == TY_BOOL;
        case TY_UNTYPED_STRING: return tu->kind == TY_STRING;
        default: return type_is_numeric(tu);
        }
    }
    if (vu == tu && (!is_named(v) || !is_named(t)))
        return true;
    if (tu->kind == TY_INTERFACE)
        return implements(v, t, why);
    if (vu->kind == TY_CHAN && tu->kind == TY_CHAN && vu->dir == CHAN_BOTH && vu->elem == tu->elem &&
        (!is_named(v) || !is_named(t)))
        return true;
    return false;
}
