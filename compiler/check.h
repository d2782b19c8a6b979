// SPDX-License-Identifier: MIT
/*
 * check.h — internals shared by the files of the type checker
 * (check.c, check_type.c, check_const.c, check_expr.c, check_call.c,
 * check_stmt.c).  Not used outside the checker: other phases read only the
 * annotations the checker leaves in the tree (see ast.h).
 *
 * The checker follows go/types (types2): an expression evaluates to an
 * Operand that says what kind of thing it is (constant, variable, value,
 * type, ...), package-level objects are resolved lazily when first used
 * (so declaration order does not matter), and function bodies are checked
 * after all package-level declarations.  One checker runs at a time, so its
 * state is a single global `ck`.
 */
#ifndef SWC_CHECK_H
#define SWC_CHECK_H

#include "ast.h"

/* What an expression denotes (types2's operand modes). */
typedef enum Mode {
    MODE_INVALID,   /* an error was reported already */
    MODE_NOVALUE,   /* a call of a function without results */
    MODE_BUILTIN,   /* a built-in function name, only callable */
    MODE_TYPE,      /* a type expression */
    MODE_CONST,     /* a constant: cv holds the value */
    MODE_VAR,       /* an addressable variable */
    MODE_MAPINDEX,  /* m[k]: assignable but not addressable */
    MODE_VALUE,     /* any other value */
    MODE_COMMAOK,   /* m[k], x.(T) or <-c usable as `v, ok` */
} Mode;

typedef struct Operand {
    Mode mode;
    Node *expr;
    Type *type;
    ConstVal *cv;
    Builtin builtin;
} Operand;

/* A package-level object's declaration, resolved on first use. */
typedef struct DeclInfo {
    Obj *obj;
    int state;          /* 0 unresolved, 1 resolving, 2 done */
    Node *spec;         /* ND_VALUESPEC, ND_TYPESPEC or ND_FUNCDECL */
    Scope *fscope;      /* scope of the declaring file */
    int index;          /* position of the name in its ND_VALUESPEC */
    int iota;           /* constants */
    Node *vtype;        /* value specs: type and values (inherited ones for */
    NodeList *values;   /*   constants without their own) */
    Obj **deps;         /* package-level vars and funcs used (init order) */
    int ndeps, capdeps;
    int order;          /* declaration order in the package */
} DeclInfo;

/* The function (declaration or literal) whose body is being checked. */
typedef struct FuncCtx {
    struct FuncCtx *outer;
    Node *node;         /* ND_FUNCDECL or ND_FUNCLIT */
    Type *sig;
    Obj **results;      /* result variables (named or not), nresults of sig */
    bool named_results;
    Obj **captures;
    int ncaptures, capcap;
    Obj **locals;       /* local variables, for "declared but not used" */
    int nlocals, caplocals;
} FuncCtx;

/* Enclosing statements a break/continue can refer to. */
typedef struct BranchCtx {
    struct BranchCtx *outer;
    Node *stmt;         /* ND_FOR, ND_RANGE, ND_SWITCH, ND_TYPESWITCH, ND_SELECT */
    Node *label;        /* ND_LABELED around it, or NULL */
    bool is_loop;
} BranchCtx;

typedef struct Checker {
    Package *pkg;
    Scope *scope;       /* innermost scope */
    DeclInfo *decl;     /* package-level declaration being checked */
    FuncCtx *fn;
    BranchCtx *branch;
    int iota;           /* current iota; -1 outside constant declarations */
    Scope *labels;      /* labels of the current function */
    bool in_const_decl;
} Checker;

extern Checker ck;

/* ---- check.c ---- */
DeclInfo *decl_info(Obj *o);            /* NULL for non-package-level objects */
void resolve_obj(Obj *o);               /* resolves a package-level object */
Obj *obj_new(ObjKind kind, const char *name, Pos pos);
void declare(Scope *s, Obj *o, Node *at);   /* reports redeclarations */
void record_use(Obj *o);                /* init-order dependencies, captures */
void ptrmap_put(void *key, void *val);
void *ptrmap_get(void *key);
Type *under(Type *t);                   /* underlying, resolving lazily */

/* ---- check_type.c ---- */
const char *tstr(Type *t);              /* Go's spelling for diagnostics */
Type *check_type(Node *n);              /* a type expression */
Type *check_type_ex(Node *n, bool define_named);
Type *check_signature(Node *ftype, Node *recv, Scope *param_scope, FuncCtx *fc);
typedef struct Lookup {
    int kind;           /* 0 not found, 1 field, 2 method, 3 interface method, -1 ambiguous */
    Obj *method;
    Type *type;         /* field type or method signature */
    int path[32];
    int npath;
    bool indirect;      /* a pointer was followed on the way */
    bool ptr_recv;      /* method with pointer receiver */
    Type *holder;       /* type that declares the method (embedded one) */
} Lookup;
void lookup_field_or_method(Type *t, const char *name, Package *pkg, Lookup *out);
/* Does t implement iface?  On failure *why says why (Go's wording) when why
 * is not NULL. */
bool implements(Type *t, Type *iface, const char **why);
/* Can x be assigned to t?  Converts untyped x.  On failure reports nothing
 * but sets *why (may be "" when there is nothing to add). */
bool assignable(Operand *x, Type *t, const char **why);
bool type_identical(Type *a, Type *b);
void validate_named_types(Package *pkg);
Type *default_type(Type *t);
bool is_named(Type *t);
bool has_nil(Type *t);
Obj *method_of(Type *named, const char *name);   /* declared method */
const char *method_sig_str(const char *name, Type *sig);

/* ---- check_const.c ---- */
ConstVal *cv_int(__int128 v);
ConstVal *cv_float(long double v);
ConstVal *cv_bool(bool v);
ConstVal *cv_str(const char *s, int64_t len);
/* Value and type of a basic literal; reports malformed literals. */
ConstVal *cv_literal(Node *lit, Type **type);
/* Is v representable by basic type t?  *out receives the rounded value;
 * *why is "overflows" or "truncated" on failure. */
bool cv_representable(ConstVal *v, Type *t, ConstVal **out, const char **why);
ConstVal *cv_to_kind(ConstVal *v, Type *t);      /* no checks: int<->float */
/* Arithmetic on constants; `t` is the operands' type.  Returns NULL after
 * reporting an error at `at`. */
ConstVal *cv_binary(Op op, ConstVal *a, ConstVal *b, Type *t, Node *at);
ConstVal *cv_unary(Op op, ConstVal *a, Type *t, Node *at);
bool cv_compare(Op op, ConstVal *a, ConstVal *b);
/* `t`: the result's type (untyped results are limited to 512 bits). */
ConstVal *cv_shift(Op op, ConstVal *a, uint64_t s, Type *t, Node *at);
const char *cv_string(ConstVal *v);              /* Go's constant.Value.String */
bool cv_is_int(ConstVal *v);                     /* integral value */
bool cv_to_int64(ConstVal *v, int64_t *out);
bool cv_to_uint64(ConstVal *v, uint64_t *out);

/* ---- check_expr.c ---- */
void check_expr(Operand *x, Node *n);            /* single value or type */
void check_expr_hint(Operand *x, Node *n, Type *hint); /* composite elision */
void check_rawexpr(Operand *x, Node *n, Type *hint, bool allow_multi);
void check_expr_or_type(Operand *x, Node *n);
void check_multi_expr(Operand *x, Node *n);      /* allows tuples */
void single_value(Operand *x);
/* Converts an untyped operand to t (or reports); sets node types. */
void convert_untyped(Operand *x, Type *t);
/* x used as a value of type t in `context` ("assignment", ...). */
void assign_to(Operand *x, Type *t, const char *context);
void use_default(Operand *x);                    /* untyped -> default type */
void set_expr_type(Node *n, Type *t);            /* update untyped subtree */
const char *expr_str(Node *n);
const char *operand_str(Operand *x);
void check_funclit(Operand *x, Node *n);
bool is_blank(Node *n);
void mark_boxed_addr(Node *n);                   /* &x and friends */
void check_selector(Operand *x, Node *n, bool want_type);
void check_index_value(Operand *idx, Node *n, int64_t max, int64_t *value);

extern Node *assign_target_texpr;   /* spelling of the declared type (byte, rune) */

/* ---- check_call.c ---- */
void check_call(Operand *x, Node *n);
void check_conversion(Operand *x, Type *t, Node *call);

/* ---- check_stmt.c ---- */
void check_func_body(FuncCtx *fc, Node *body);
void check_stmt(Node *n);
void check_block(Node *n);
void declare_local(Obj *o, Node *at);
void assign_var(Node *lhs, Operand *x, const char *context);
void init_vars(Obj **lhs, int nl, NodeList *rhs, Node *at, const char *context);
void check_const_spec(Node *spec, Obj **objs, int n, bool local);
void check_type_spec(Node *spec, Obj *o);

#endif
