// SPDX-License-Identifier: MIT
/*
 * check.c — the type checker's entry point: the universe scope, packages,
 * package-level declarations and their lazy resolution, methods, imports,
 * and the initialization order of package-level variables (Go spec
 * "Declarations and scope", "Package initialization", "Program execution").
 *
 * A package is checked in phases, as go/types does: (1) collect every
 * declaration of every file into the package scope without looking at types;
 * (2) resolve each object, recursively resolving the objects it uses first
 * (so order in the source does not matter); (3) check function bodies;
 * (4) order variable initialization by the dependencies recorded while
 * checking initializers and bodies; (5) report unused imports.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"

Checker ck;

static Scope *universe;
static Obj *universe_iota;
static int next_obj_id = 1;

/* ---- pointer maps ----------------------------------------------------------- */

typedef struct PtrMap {
    void **keys, **vals;
    size_t cap, len;
} PtrMap;

static void *map_get(PtrMap *m, void *key)
{
    if (!m->cap)
        return NULL;
    size_t h = ((uintptr_t)key >> 4) * 0x9E3779B97F4A7C15ull;
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i])
            return NULL;
        if (m->keys[i] == key)
            return m->vals[i];
    }
}

static void map_put(PtrMap *m, void *key, void *val)
{
    if ((m->len + 1) * 2 > m->cap) {
        PtrMap n = {0};
        n.cap = m->cap ? m->cap * 2 : 256;
        n.keys = calloc(n.cap, sizeof(void *));
        n.vals = calloc(n.cap, sizeof(void *));
        if (!n.keys || !n.vals)
            diag_internal("out of memory");
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i])
                map_put(&n, m->keys[i], m->vals[i]);
        free(m->keys);
        free(m->vals);
        *m = n;
    }
    size_t h = ((uintptr_t)key >> 4) * 0x9E3779B97F4A7C15ull;
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i]) {
            m->keys[i] = key;
            m->vals[i] = val;
            m->len++;
            return;
        }
        if (m->keys[i] == key) {
            m->vals[i] = val;
            return;
        }
    }
}

static PtrMap decl_map, misc_map;

void ptrmap_put(void *key, void *val)
{
    map_put(&misc_map, key, val);
}

void *ptrmap_get(void *key)
{
    return map_get(&misc_map, key);
}

DeclInfo *decl_info(Obj *o)
{
    return map_get(&decl_map, o);
}

/* ---- objects and scopes --------------------------------------------------------- */

Obj *obj_new(ObjKind kind, const char *name, Pos pos)
{
    Obj *o = arena_alloc(sizeof *o);
    o->kind = kind;
    o->name = name ? name : "";
    o->pos = pos;
    o->id = next_obj_id++;
    return o;
}

/* Declares o in s; "x redeclared in this block" when the name is taken. */
void declare(Scope *s, Obj *o, Node *at)
{
    if (!o->name[0] || strcmp(o->name, "_") == 0)
        return;
    Obj *old = scope_lookup_local(s, o->name);
    if (old) {
        diag_error(at ? at->pos : o->pos, "%s redeclared in this block\n\t%s:%d:%d: other declaration of %s",
                   o->name, diag_file_path(old->pos.file), old->pos.line, old->pos.col, o->name);
        return;
    }
    scope_insert(s, o);
}

Type *under(Type *t)
{
    if (!t)
        return ty_invalid;
    if (t->kind == TY_NAMED) {
        if (!t->underlying && t->obj)
            resolve_obj(t->obj);
        return t->underlying ? t->underlying : ty_invalid;
    }
    return t;
}

/* ---- the universe ------------------------------------------------------------- */

static void uni_type(const char *name, Type *t)
{
    Obj *o = obj_new(OBJ_TYPE, name, (Pos){0});
    o->type = t;
    scope_insert(universe, o);
}

static void uni_builtin(const char *name, Builtin b)
{
    Obj *o = obj_new(OBJ_BUILTIN, name, (Pos){0});
    o->builtin = b;
    o->type = ty_invalid;
    scope_insert(universe, o);
}

static void universe_init(void)
{
    if (universe)
        return;
    types_init();
    universe = scope_new(NULL);
    uni_type("bool", ty_bool);
    uni_type("int", ty_int);
    uni_type("int8", ty_int8);
    uni_type("int16", ty_int16);
    uni_type("int32", ty_int32);
    uni_type("int64", ty_int64);
    uni_type("uint", ty_uint);
    uni_type("uint8", ty_uint8);
    uni_type("uint16", ty_uint16);
    uni_type("uint32", ty_uint32);
    uni_type("uint64", ty_uint64);
    uni_type("uintptr", ty_uintptr);
    uni_type("float32", ty_float32);
    uni_type("float64", ty_float64);
    uni_type("complex64", ty_complex64);
    uni_type("complex128", ty_complex128);
    uni_type("string", ty_string);
    uni_type("byte", ty_uint8);
    uni_type("rune", ty_int32);
    uni_type("any", ty_any);
    scope_insert(universe, ty_error->obj);
    ty_error->obj->id = next_obj_id++;

    Obj *t = obj_new(OBJ_CONST, "true", (Pos){0});
    t->type = ty_untyped_bool;
    t->cv = cv_bool(true);
    scope_insert(universe, t);
    Obj *f = obj_new(OBJ_CONST, "false", (Pos){0});
    f->type = ty_untyped_bool;
    f->cv = cv_bool(false);
    scope_insert(universe, f);
    universe_iota = obj_new(OBJ_CONST, "iota", (Pos){0});
    universe_iota->type = ty_untyped_int;
    universe_iota->cv = cv_int(0);
    scope_insert(universe, universe_iota);
    Obj *nil = obj_new(OBJ_NIL, "nil", (Pos){0});
    nil->type = ty_untyped_nil;
    scope_insert(universe, nil);

    uni_builtin("append", BI_APPEND);
    uni_builtin("cap", BI_CAP);
    uni_builtin("close", BI_CLOSE);
    uni_builtin("complex", BI_COMPLEX);
    uni_builtin("copy", BI_COPY);
    uni_builtin("delete", BI_DELETE);
    uni_builtin("imag", BI_IMAG);
    uni_builtin("len", BI_LEN);
    uni_builtin("make", BI_MAKE);
    uni_builtin("new", BI_NEW);
    uni_builtin("panic", BI_PANIC);
    uni_builtin("print", BI_PRINT);
    uni_builtin("println", BI_PRINTLN);
    uni_builtin("real", BI_REAL);
    uni_builtin("recover", BI_RECOVER);
}

bool check_is_iota(Obj *o);
bool check_is_iota(Obj *o)
{
    return o == universe_iota;
}

/* ---- dependencies ------------------------------------------------------------------ */

static void add_dep(DeclInfo *d, Obj *o)
{
    for (int i = 0; i < d->ndeps; i++)
        if (d->deps[i] == o)
            return;
    if (d->ndeps == d->capdeps) {
        int nc = d->capdeps ? d->capdeps * 2 : 8;
        Obj **n = arena_alloc(sizeof(Obj *) * (size_t)nc);
        if (d->ndeps)
            memcpy(n, d->deps, sizeof(Obj *) * (size_t)d->ndeps);
        d->deps = n;
        d->capdeps = nc;
    }
    d->deps[d->ndeps++] = o;
}

static void add_capture(FuncCtx *fc, Obj *o)
{
    for (int i = 0; i < fc->ncaptures; i++)
        if (fc->captures[i] == o)
            return;
    if (fc->ncaptures == fc->capcap) {
        int nc = fc->capcap ? fc->capcap * 2 : 4;
        Obj **n = arena_alloc(sizeof(Obj *) * (size_t)nc);
        if (fc->ncaptures)
            memcpy(n, fc->captures, sizeof(Obj *) * (size_t)fc->ncaptures);
        fc->captures = n;
        fc->capcap = nc;
    }
    fc->captures[fc->ncaptures++] = o;
    fc->node->captures = fc->captures;
    fc->node->ncaptures = fc->ncaptures;
}

/* Called for every use of an object in an expression: records package-level
 * dependencies for initialization order, and captures of closures. */
void record_use(Obj *o)
{
    if (!o)
        return;
    if ((o->kind == OBJ_VAR || o->kind == OBJ_FUNC) && ck.decl && o->pkg == ck.pkg) {
        DeclInfo *d = decl_info(o);
        if (d || (o->kind == OBJ_FUNC && o->recv))
            add_dep(ck.decl, o);
    }
    if (o->kind == OBJ_VAR && !o->global && ck.fn) {
        FuncCtx *owner = ptrmap_get(o);
        if (!owner)
            return;
        for (FuncCtx *f = ck.fn; f && f != owner; f = f->outer) {
            if (f->node && f->node->kind == ND_FUNCLIT) {
                add_capture(f, o);
                o->boxed = true;
            }
        }
    }
}

/* ---- resolution of package-level objects ------------------------------------------------ */

static FuncCtx *func_ctx_of(Node *fd)
{
    return ptrmap_get(fd);
}

static void resolve_func(Obj *o, DeclInfo *d)
{
    Node *fd = d->spec;
    FuncCtx *fc = arena_alloc(sizeof *fc);
    fc->node = fd;
    Scope *ps = scope_new(d->fscope);
    fd->scope = ps;
    Scope *saved = ck.scope;
    ck.scope = d->fscope;
    if (fd->recv) {
        Node *rf = fd->recv;
        Type *rt = check_type(rf->ftype);
        Type *base = rt->kind == TY_POINTER ? rt->elem : rt;
        if (rt != ty_invalid) {
            if (base->kind != TY_NAMED || base->obj->pkg != ck.pkg) {
                diag_error(rf->ftype->pos, "cannot define new methods on non-local type %s", tstr(base));
            } else if (under(base)->kind == TY_POINTER || under(base)->kind == TY_INTERFACE) {
                diag_error(rf->ftype->pos, "invalid receiver type %s", tstr(rt));
            }
        }
        o->recv = rt;
        if (rf->names.len) {
            Node *id = rf->names.v[0];
            Obj *r = obj_new(OBJ_VAR, id->str, id->pos);
            r->type = rt;
            r->pkg = ck.pkg;
            r->is_param = true;
            r->used = true;
            r->decl = rf;
            id->obj = r;
            id->type = rt;
            declare(ps, r, id);
        }
    }
    o->type = check_signature(fd->ftype, NULL, ps, fc);
    ck.scope = saved;
    ptrmap_put(fd, fc);
    for (int i = 0; i < ps->nobjs; i++)
        ptrmap_put(ps->objs[i], fc);
    if (fc->results)
        for (int i = 0; i < fc->sig->nresults; i++)
            ptrmap_put(fc->results[i], fc);
}

static void resolve_var_spec(DeclInfo *d)
{
    Node *spec = d->spec;
    int n = spec->names.len;
    if (n <= 0)
        return;
    Obj *objs[n];
    DeclInfo *infos[n];
    for (int i = 0; i < n; i++) {
        objs[i] = spec->names.v[i]->obj;
        infos[i] = decl_info(objs[i]);
        infos[i]->state = 1;
    }
    Type *vt = spec->vtype ? check_type(spec->vtype) : NULL;
    if (vt)
        for (int i = 0; i < n; i++)
            objs[i]->type = vt;
    if (n == spec->values.len && n > 1) {
        for (int i = 0; i < n; i++) {
            ck.decl = infos[i];
            NodeList one = {.v = &spec->values.v[i], .len = 1, .cap = 1};
            init_vars(&objs[i], 1, &one, spec, "variable declaration");
        }
    } else {
        ck.decl = infos[0];
        init_vars(objs, n, &spec->values, spec, "variable declaration");
        for (int i = 1; i < n; i++)
            for (int k = 0; k < infos[0]->ndeps; k++)
                add_dep(infos[i], infos[0]->deps[k]);
    }
    for (int i = 0; i < n; i++) {
        infos[i]->state = 2;
        if (!objs[i]->type)
            objs[i]->type = ty_invalid;
    }
}

static bool cycle_reported;   /* a var cycle was reported: init_order stays quiet */

void resolve_obj(Obj *o)
{
    DeclInfo *d = decl_info(o);
    if (!d || d->state == 2)
        return;
    if (d->state == 1) {
        if (o->kind == OBJ_CONST || (o->kind == OBJ_VAR && !o->type)) {
            diag_error(o->pos, "initialization loop for %s", o->name);
            cycle_reported = true;
            o->type = ty_invalid;
            if (o->kind == OBJ_CONST)
                o->cv = NULL;
        }
        return;
    }
    Checker saved = ck;
    ck.pkg = o->pkg;
    ck.scope = d->fscope;
    ck.fn = NULL;
    ck.branch = NULL;
    ck.iota = -1;
    ck.decl = NULL;
    d->state = 1;
    switch (o->kind) {
    case OBJ_CONST: {
        Obj *one[1] = {o};
        ck.iota = d->iota;
        Node tmp = *d->spec;
        tmp.vtype = d->vtype;
        tmp.values = *d->values;
        /* check only this name: pretend the spec has it alone */
        NodeList names = {.v = &d->spec->names.v[d->index], .len = 1, .cap = 1};
        tmp.names = names;
        NodeList vals = {0};
        if (d->index < d->values->len) {
            vals.v = &d->values->v[d->index];
            vals.len = 1;
        }
        tmp.values = vals;
        if (d->index == d->spec->names.len - 1 && d->values->len > d->spec->names.len)
            diag_error(d->values->v[d->spec->names.len]->pos, "extra init expr %s",
                       expr_str(d->values->v[d->spec->names.len]));
        else if (d->index >= d->values->len && d->values->len > 0 && d->index == d->values->len)
            diag_error(d->spec->names.v[d->index]->pos, "missing init expr for %s", d->spec->names.v[d->index]->str);
        check_const_spec(&tmp, one, 1, false);
        break;
    }
    case OBJ_VAR:
        resolve_var_spec(d);
        break;
    case OBJ_TYPE:
        check_type_spec(d->spec, o);
        break;
    case OBJ_FUNC:
        resolve_func(o, d);
        break;
    default:
        break;
    }
    d->state = 2;
    ck = saved;
}

/* ---- collection --------------------------------------------------------------------- */

static DeclInfo **all_decls;
static int nall, capall;

static DeclInfo *new_decl(Obj *o, Node *spec, Scope *fscope)
{
    DeclInfo *d = arena_alloc(sizeof *d);
    d->obj = o;
    d->spec = spec;
    d->fscope = fscope;
    d->order = nall;
    map_put(&decl_map, o, d);
    if (nall == capall) {
        capall = capall ? capall * 2 : 64;
        all_decls = realloc(all_decls, sizeof(DeclInfo *) * (size_t)capall);
    }
    all_decls[nall++] = d;
    return d;
}

static void add_method(Type *named, Obj *m)
{
    for (int i = 0; i < named->nmethods; i++) {
        Obj *old = named->methods[i];
        if (strcmp(old->name, m->name) == 0 && strcmp(m->name, "_") != 0) {
            diag_error(m->pos, "%s.%s redeclared in this block\n\t%s:%d:%d: other declaration of %s",
                       named->obj->name, m->name, diag_file_path(old->pos.file), old->pos.line,
                       old->pos.col, m->name);
            return;
        }
    }
    if ((named->nmethods & (named->nmethods - 1)) == 0) {
        int nc = named->nmethods ? named->nmethods * 2 : 4;
        Obj **n = arena_alloc(sizeof(Obj *) * (size_t)nc);
        if (named->nmethods)
            memcpy(n, named->methods, sizeof(Obj *) * (size_t)named->nmethods);
        named->methods = n;
    }
    named->methods[named->nmethods++] = m;
}

static Package *find_import(Package *pkg, const char *path)
{
    for (int i = 0; i < pkg->nimports; i++)
        if (pkg->imports[i] && strcmp(pkg->imports[i]->path, path) == 0)
            return pkg->imports[i];
    return NULL;
}

typedef struct PendingMethod {
    Obj *obj;
    Node *fd;
    Scope *fscope;
} PendingMethod;

static void collect_import(Package *pkg, Scope *fscope, Node *imp)
{
    const char *path = imp->lit ? imp->lit : "";
    Package *ip = find_import(pkg, path);
    if (!ip) {
        diag_error(imp->pos, "could not import %s (package not found)", path);
        return;
    }
    const char *name = ip->name;
    if (imp->name) {
        name = imp->name->str;
        if (strcmp(name, ".") == 0) {
            diag_error(imp->name->pos, "dot imports are not supported yet");
            return;
        }
        if (strcmp(name, "_") == 0)
            return;
    }
    Obj *o = obj_new(OBJ_PKG, name, imp->pos);
    o->imported = ip;
    o->pkg = pkg;
    o->decl = imp;
    if (imp->name)
        imp->name->obj = o;
    imp->obj = o;
    declare(fscope, o, imp->name ? imp->name : imp);
}

static void collect_file(Package *pkg, Node *file, PendingMethod **pm, int *npm, int *cappm)
{
    Scope *fscope = scope_new(pkg->scope);
    file->scope = fscope;
    for (int i = 0; i < file->imports.len; i++)
        collect_import(pkg, fscope, file->imports.v[i]);
    for (int i = 0; i < file->decls.len; i++) {
        Node *dn = file->decls.v[i];
        if (dn->kind == ND_FUNCDECL) {
            Node *id = dn->name;
            Obj *o = obj_new(OBJ_FUNC, id->str, id->pos);
            o->pkg = pkg;
            o->decl = dn;
            o->global = true;
            o->extern_name = dn->extern_name;
            dn->obj = o;
            id->obj = o;
            if (dn->recv) {
                if (*npm == *cappm) {
                    *cappm = *cappm ? *cappm * 2 : 16;
                    *pm = realloc(*pm, sizeof(PendingMethod) * (size_t)*cappm);
                }
                (*pm)[(*npm)++] = (PendingMethod){o, dn, fscope};
                continue;
            }
            new_decl(o, dn, fscope);
            if (strcmp(id->str, "init") == 0) {
                Node *ft = dn->ftype;
                if (ft && (ft->params.len || ft->results.len))
                    diag_error(id->pos, "func init must have no arguments and no return values");
                if (!dn->body)
                    diag_error(id->pos, "missing function body");
                pkg->init_funcs = realloc(pkg->init_funcs, sizeof(Obj *) * (size_t)(pkg->ninit_funcs + 1));
                pkg->init_funcs[pkg->ninit_funcs++] = o;
                continue;
            }
            if (strcmp(id->str, "main") == 0 && strcmp(pkg->name, "main") == 0) {
                Node *ft = dn->ftype;
                if (ft && (ft->params.len || ft->results.len))
                    diag_error(id->pos, "func main must have no arguments and no return values");
            }
            declare(pkg->scope, o, id);
            continue;
        }
        if (dn->kind != ND_GENDECL)
            continue;
        Node *last_vtype = NULL;
        NodeList *last_values = NULL;
        for (int s = 0; s < dn->specs.len; s++) {
            Node *spec = dn->specs.v[s];
            switch (dn->kw) {
            case KW_IMPORT:
                break;
            case KW_CONST:
                if (spec->values.len || spec->vtype) {
                    last_vtype = spec->vtype;
                    last_values = &spec->values;
                } else if (last_values) {
                    spec->vtype = last_vtype;
                    spec->values = *last_values;
                } else {
                    diag_error(spec->pos, "missing init expr for const declaration");
                }
                for (int k = 0; k < spec->names.len; k++) {
                    Node *id = spec->names.v[k];
                    Obj *o = obj_new(OBJ_CONST, id->str, id->pos);
                    o->pkg = pkg;
                    o->decl = spec;
                    id->obj = o;
                    DeclInfo *d = new_decl(o, spec, fscope);
                    d->index = k;
                    d->iota = spec->iota;
                    d->vtype = spec->vtype;
                    d->values = &spec->values;
                    declare(pkg->scope, o, id);
                }
                break;
            case KW_VAR:
                for (int k = 0; k < spec->names.len; k++) {
                    Node *id = spec->names.v[k];
                    Obj *o = obj_new(OBJ_VAR, id->str, id->pos);
                    o->pkg = pkg;
                    o->decl = spec;
                    o->global = true;
                    o->used = true;
                    id->obj = o;
                    DeclInfo *d = new_decl(o, spec, fscope);
                    d->index = k;
                    declare(pkg->scope, o, id);
                }
                break;
            case KW_TYPE: {
                Node *id = spec->name;
                Obj *o = obj_new(OBJ_TYPE, id->str, id->pos);
                o->pkg = pkg;
                o->decl = spec;
                id->obj = o;
                if (!spec->alias)
                    o->type = type_named(o);
                new_decl(o, spec, fscope);
                declare(pkg->scope, o, id);
                break;
            }
            default:
                break;
            }
        }
    }
}

/* MethodDecl = "func" Receiver MethodName Signature [ FunctionBody ] .
 * The receiver's base type must be a type declared in this package. */
static void collect_method(Package *pkg, PendingMethod *pm)
{
    Node *rt = pm->fd->recv->ftype;
    while (rt && (rt->kind == ND_PAREN || rt->kind == ND_STAR))
        rt = rt->x;
    DeclInfo *d = new_decl(pm->obj, pm->fd, pm->fscope);
    (void)d;
    if (!rt || rt->kind != ND_IDENT)
        return;   /* reported when the receiver type is resolved */
    Obj *to = scope_lookup_local(pkg->scope, rt->str);
    if (!to || to->kind != OBJ_TYPE)
        return;
    if (to->type && to->type->kind == TY_NAMED && to->type->obj == to)
        add_method(to->type, pm->obj);
    else if (!to->type) {
        resolve_obj(to);
        if (to->type && to->type->kind == TY_NAMED && to->type->obj->pkg == pkg)
            add_method(to->type, pm->obj);
    }
}

/* Field and method with the same name on one named struct type. */
static void check_field_method_clash(Package *pkg)
{
    for (int i = 0; i < pkg->scope->nobjs; i++) {
        Obj *o = pkg->scope->objs[i];
        if (o->kind != OBJ_TYPE || !o->type || o->type->kind != TY_NAMED || o->type->obj != o)
            continue;
        Type *u = o->type->underlying;
        if (!u || u->kind != TY_STRUCT)
            continue;
        for (int m = 0; m < o->type->nmethods; m++) {
            Obj *mo = o->type->methods[m];
            for (int f = 0; f < u->nfields; f++) {
                if (strcmp(u->fields[f].name, mo->name) == 0) {
                    Node *spec = o->decl;
                    Pos fp = o->pos;
                    (void)spec;
                    diag_error(mo->pos, "field and method with the same name %s\n\t%s:%d:%d: other declaration of %s",
                               mo->name, diag_file_path(fp.file), fp.line, fp.col, mo->name);
                }
            }
        }
    }
}

/* ---- initialization order ------------------------------------------------------------ */

/* Collects the package-level variables `o` depends on, transitively through
 * functions and methods. */
static void var_deps(Obj *o, Obj ***out, int *n, int *cap, Obj ***seen, int *nseen, int *capseen)
{
    DeclInfo *d = decl_info(o);
    if (!d)
        return;
    for (int i = 0; i < d->ndeps; i++) {
        Obj *dep = d->deps[i];
        bool dup = false;
        for (int k = 0; k < *nseen; k++)
            if ((*seen)[k] == dep)
                dup = true;
        if (dup)
            continue;
        if (*nseen == *capseen) {
            *capseen = *capseen ? *capseen * 2 : 16;
            *seen = realloc(*seen, sizeof(Obj *) * (size_t)*capseen);
        }
        (*seen)[(*nseen)++] = dep;
        if (dep->kind == OBJ_VAR) {
            if (*n == *cap) {
                *cap = *cap ? *cap * 2 : 16;
                *out = realloc(*out, sizeof(Obj *) * (size_t)*cap);
            }
            (*out)[(*n)++] = dep;
        } else {
            var_deps(dep, out, n, cap, seen, nseen, capseen);
        }
    }
}

/* Go spec: repeatedly initialize the earliest variable in declaration order
 * that has no dependencies on uninitialized variables. */
static void init_order(Package *pkg, int first, int last)
{
    int nv = 0;
    DeclInfo **vars = malloc(sizeof(DeclInfo *) * (size_t)(last - first + 1));
    for (int i = first; i < last; i++)
        if (all_decls[i]->obj->kind == OBJ_VAR)
            vars[nv++] = all_decls[i];
    Obj ***deps = calloc((size_t)nv + 1, sizeof(Obj **));
    int *ndeps = calloc((size_t)nv + 1, sizeof(int));
    bool *done = calloc((size_t)nv + 1, sizeof(bool));
    for (int i = 0; i < nv; i++) {
        int cap = 0, nseen = 0, capseen = 0;
        Obj **seen = NULL;
        var_deps(vars[i]->obj, &deps[i], &ndeps[i], &cap, &seen, &nseen, &capseen);
        free(seen);
    }
    Node *emitted_spec = NULL;
    for (int round = 0; round < nv; round++) {
        int pick = -1;
        for (int i = 0; i < nv && pick < 0; i++) {
            if (done[i])
                continue;
            bool ready = true;
            for (int k = 0; k < ndeps[i] && ready; k++) {
                Obj *dep = deps[i][k];
                if (dep == vars[i]->obj) {
                    ready = false;
                    break;
                }
                for (int j = 0; j < nv; j++)
                    if (vars[j]->obj == dep && !done[j] && vars[j]->spec != vars[i]->spec)
                        ready = false;
            }
            if (ready)
                pick = i;
        }
        if (pick < 0) {
            for (int i = 0; i < nv && !cycle_reported; i++)
                if (!done[i]) {
                    Obj *o = vars[i]->obj;
                    diag_error(o->pos, "initialization loop for %s", o->name);
                    break;
                }
            break;
        }
        done[pick] = true;
        Node *spec = vars[pick]->spec;
        int n = spec->names.len;
        if (n > 1 && spec->values.len == n) {
            Node *one = node_new(ND_VALUESPEC, spec->pos);
            *one = *spec;
            one->names = (NodeList){0};
            one->values = (NodeList){0};
            list_push(&one->names, spec->names.v[vars[pick]->index]);
            list_push(&one->values, spec->values.v[vars[pick]->index]);
            list_push(&pkg->var_inits, one);
        } else if (spec != emitted_spec) {
            /* all names of a multi-value spec are initialized together */
            bool already = false;
            for (int k = 0; k < pkg->var_inits.len; k++)
                if (pkg->var_inits.v[k] == spec)
                    already = true;
            if (!already)
                list_push(&pkg->var_inits, spec);
            for (int j = 0; j < nv; j++)
                if (vars[j]->spec == spec)
                    done[j] = true;
            emitted_spec = spec;
        }
    }
    for (int i = 0; i < nv; i++)
        free(deps[i]);
    free(deps);
    free(ndeps);
    free(done);
    free(vars);
}

/* ---- packages --------------------------------------------------------------------------- */

static void check_bodies(int first, int last)
{
    for (int i = first; i < last; i++) {
        DeclInfo *d = all_decls[i];
        if (d->obj->kind != OBJ_FUNC)
            continue;
        Node *fd = d->spec;
        FuncCtx *fc = func_ctx_of(fd);
        if (!fc)
            continue;
        if (!fd->body) {
            if (!fd->extern_name)
                diag_error(fd->name->pos, "missing function body");
            continue;
        }
        ck.scope = fd->scope;
        ck.decl = d;
        ck.iota = -1;
        check_func_body(fc, fd->body);
        ck.decl = NULL;
    }
}

static void check_unused_imports(Package *pkg)
{
    for (int f = 0; f < pkg->files.len; f++) {
        Node *file = pkg->files.v[f];
        for (int i = 0; i < file->imports.len; i++) {
            Node *imp = file->imports.v[i];
            Obj *o = imp->obj;
            if (!o || o->used)
                continue;
            if (imp->name && strcmp(imp->name->str, o->imported->name) != 0)
                diag_error(imp->pos, "imported and not used: \"%s\" as %s", imp->lit, imp->name->str);
            else
                diag_error(imp->pos, "imported and not used: \"%s\"", imp->lit);
        }
    }
}

static void check_package(Package *pkg)
{
    memset(&ck, 0, sizeof ck);
    ck.pkg = pkg;
    ck.iota = -1;
    if (!pkg->scope)
        pkg->scope = scope_new(universe);
    else if (!pkg->scope->parent)
        pkg->scope->parent = universe;
    if (!pkg->name)
        pkg->name = pkg->path;
    int first = nall;
    PendingMethod *pm = NULL;
    int npm = 0, cappm = 0;
    for (int f = 0; f < pkg->files.len; f++)
        collect_file(pkg, pkg->files.v[f], &pm, &npm, &cappm);
    for (int i = 0; i < npm; i++)
        collect_method(pkg, &pm[i]);
    free(pm);
    /* an import name may not also be declared in the package block */
    for (int f = 0; f < pkg->files.len; f++) {
        Scope *fs = pkg->files.v[f]->scope;
        for (int i = 0; i < fs->nobjs; i++) {
            Obj *po = scope_lookup_local(pkg->scope, fs->objs[i]->name);
            if (po)
                diag_error(po->pos, "%s already declared through import of package %s",
                           po->name, fs->objs[i]->imported->path);
        }
    }
    int last = nall;
    for (int i = first; i < last; i++)
        resolve_obj(all_decls[i]->obj);
    validate_named_types(pkg);
    check_field_method_clash(pkg);
    check_bodies(first, last);
    init_order(pkg, first, last);
    check_unused_imports(pkg);
    if (strcmp(pkg->name, "main") == 0 && strcmp(pkg->path, "main") == 0) {
        Obj *m = scope_lookup_local(pkg->scope, "main");
        if (!m || m->kind != OBJ_FUNC) {
            Pos p = {0};
            if (pkg->files.len)
                p = pkg->files.v[0]->pos;
            diag_error(p, "function main is undeclared in the main package");
        }
    }
    pkg->checked = true;
}

/* check_program: every package in dependency order (imports first). */
bool check_program(Package **pkgs, int npkgs)
{
    universe_init();
    int before = diag_count();
    for (int i = 0; i < npkgs; i++) {
        if (pkgs[i]->checked)
            continue;
        check_package(pkgs[i]);
    }
    return diag_count() == before;
}
