// SPDX-License-Identifier: MIT
/*
 * cg.h — internal interface of the C code generator (cg*.c).
 *
 * The generator turns checked packages into one C translation unit.  It
 * writes into several text sections (types, prototypes, globals, functions,
 * descriptors) that cg_program concatenates at the end, because C wants
 * declarations before uses while Go does not.  Types, descriptors, equality
 * helpers and wrappers are produced on demand: asking for a type's C name or
 * descriptor registers it, and the final pass emits everything registered.
 *
 * Expressions are generated as C expression strings (GNU statement
 * expressions `({ ... })` hold checks and temporaries), statements are
 * written line by line into the current function's buffer.
 *
 * Files: cg.c (program, sections, names, the pre-pass that finds captured and
 * address-taken variables, globals, init order, main), cg_type.c (C names of
 * types, struct definitions, descriptors, method sets, equality helpers),
 * cg_expr.c (expressions, constants, operators, conversions), cg_call.c
 * (calls, builtins, closures, method values, defer statements), cg_stmt.c
 * (statements, goto and labels, function bodies and their defer frames).
 */
#ifndef SWC_CG_H
#define SWC_CG_H

#include "ast.h"

/* ---- text buffers ---------------------------------------------------- */

typedef struct CgBuf {
    char *p;
    size_t len, cap;
} CgBuf;

void cg_puts(CgBuf *b, const char *s);
void cg_printf(CgBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* arena-allocated formatted string */
char *cg_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- pointer-keyed hash map ------------------------------------------ */

typedef struct CgMap {
    const void **keys;
    void **vals;
    int cap, len;
} CgMap;

void *cg_map_get(CgMap *m, const void *key);
void cg_map_put(CgMap *m, const void *key, void *val);

/* ---- sections and the current function --------------------------------- */

extern CgBuf cg_sec_fwd;      /* typedef struct X X; */
extern CgBuf cg_sec_structs;  /* struct definitions */
extern CgBuf cg_sec_protos;   /* descriptor declarations, prototypes, globals */
extern CgBuf cg_sec_funcs;    /* function bodies, wrappers */
extern CgBuf cg_sec_descs;    /* descriptor definitions */

/* Generation state of the function being written; saved and restored around
 * function literals, which are written as separate C functions. */
typedef struct CgBreak {
    Node *stmt;
    int id;
    bool loop;               /* continue allowed */
    const char *label;       /* Go label naming the statement, or NULL */
    int ncase;               /* switch: the case being written (fallthrough) */
} CgBreak;

typedef struct CgFunc {
    CgBuf body;
    CgBreak brk[64];         /* enclosing breakable statements */
    int nbrk;
    const char *pending_label;
    int indent;
    Type *sig;               /* TY_FUNC */
    Obj **results;           /* named result variables (NULL entries for unnamed) */
    int nresults;
    bool named_results;
    const char *cname;       /* the C function's name */
    CgBuf top;               /* declarations placed first in the C function
                                (defer records, result slots) */
    /* A function with defer statements keeps its results in slots (the
     * named results, or _resN) that `return` fills before jumping to the
     * exit code at _dret, which runs the deferred calls (see rt/sw.h). */
    bool has_defer;
    bool has_goto;           /* Go labels become C labels _gl_NAME */
    bool claims_recover;     /* `SwPanic *_rp` holds what recover() may stop */
    const char **slots;      /* has_defer: C lvalues of the results */
    int loop_depth;          /* for/range statements around the current one */
    /* Go's name of the function for tracebacks ("main.(*T).M",
     * "main.main.func1"; NULL when it has none) and the count of function
     * literals named after it so far */
    const char *goname;
    bool is_closure;
    int nclosures;
    Node *node;              /* the ND_FUNCDECL or ND_FUNCLIT being written */
} CgFunc;

extern CgFunc *cg_fn;
/* Go's name for the next cg_function (consumed by it) */
extern const char *cg_next_goname;
extern bool cg_next_is_closure;
extern Node *cg_next_node;
/* the function (ND_FUNCDECL or ND_FUNCLIT) declaring local variable o */
Node *cg_var_owner(Obj *o);
/* records that C function cname is Go's goname (emitted as sw_trace_names) */
void cg_trace_name(const char *cname, const char *goname);

/* writes an indented line into the current function body */
void cg_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* `#line N "file"` for a position */
void cg_pos_line(Pos pos);
char *cg_tmp(void);         /* fresh "_t<N>" */
int cg_newid(void);

/* ---- names ----------------------------------------------------------- */

const char *cg_var_name(Obj *o);     /* C name of a variable's storage (pointer when boxed local) */
const char *cg_var_ref(Obj *o);      /* C lvalue of a variable */
const char *cg_func_name(Obj *f);    /* C name of a function or method */
bool cg_is_boxed(Obj *o);
/* boxed, but the box can live in the C frame (cg.c, "Stack boxes") */
bool cg_is_stackbox(Obj *o);
bool cg_is_declared(Obj *o);
void cg_mark_declared(Obj *o);
/* declares a local (zero value, or `init` when not NULL) in the current function */
void cg_declare_local(Obj *o, const char *init);
/* C string literal for arbitrary bytes */
char *cg_c_string(const char *s, int64_t n);
const char *cg_pkg_cname(Package *p);

/* ---- types (cg_type.c) ------------------------------------------------ */

const char *cg_ctype(Type *t);
const char *cg_zero(Type *t);
const char *cg_desc(Type *t);            /* "&_ty5" or "&sw_type_int" */
const char *cg_field_name(Type *st, int i);
bool cg_is_direct(Type *t);              /* pointer-shaped in an interface */
bool cg_has_pointers(Type *t);
const char *cg_alloc_fn(Type *t);
bool cg_is_aggregate(Type *t);           /* C struct type */
/* C boolean expression a == b for values of type t (each evaluated once) */
char *cg_eq(Type *t, const char *a, const char *b);
/* result C type of a function type: "void", one type, or the tuple struct */
const char *cg_result_ctype(Type *fn);
Type *cg_result_tuple(Type *fn);         /* tuple type for >= 2 results, else NULL */
/* "(P1, P2" style list of parameter C types, with a leading prefix */
char *cg_param_ctypes(Type *fn, const char *first);
void cg_emit_pending(void);              /* descriptors, wrappers, equality helpers */
void cg_emit_types(CgBuf *out);            /* final: forward decls + struct definitions */
/* resolves the field path of a selector starting at type t; returns the
 * C expression reached from `base` (a value expression of type t), and the
 * final type.  `lvalue` requests an lvalue (base is then an lvalue). */
char *cg_walk_path(const char *base, Type *t, int *path, int npath, Type **out_type);
/* the interface-call wrapper of method m for dynamic type t (t or *T) */
const char *cg_panicwrap(Type *t, Obj *m, int npath, const char *var);
const char *cg_method_wrapper(Type *t, Obj *m, int *path, int npath);

/* ---- expressions (cg_expr.c) ------------------------------------------- */

char *cg_expr(Node *n);
char *cg_expr_to(Node *n, Type *t);      /* with assignability conversion */
char *cg_convert(const char *c, Type *from, Type *to);
char *cg_lval(Node *n);
bool cg_addressable(Node *n);
bool cg_has_call(Node *n);
bool cg_is_nil(Node *n);
char *cg_const(ConstVal *cv, Type *t);
char *cg_binop(Op op, Type *t, const char *a, const char *b, Node *y);
char *cg_box(const char *c, Type *from);
/* Operands with calls into temporaries, in order, before the others (gc's
 * order); returns the declarations ("" when none are needed). */
char *cg_order(int n, char **vals, Type **types, bool *calls);
Node *cg_unparen(Node *n);

/* ---- calls (cg_call.c) ------------------------------------------------- */

char *cg_call(Node *n);
char *cg_funclit(Node *n);
char *cg_func_value(Obj *f);
char *cg_method_value(Node *sel);
char *cg_conversion(Node *n);
/* emits the statements of a comma-ok form (v, ok = m[k] / x.(T)) into the
 * current function; returns the value temporary, *okout the ok temporary */
char *cg_commaok(Node *rhs, char **okout, CgBuf *pre);

/* ---- statements (cg_stmt.c) -------------------------------------------- */

void cg_stmt(Node *s);
void cg_block_stmts(NodeList *l);
/* writes a whole C function into cg_sec_funcs: `head` is "static R name",
 * `first` an extra first parameter ("SwFunc *self") or NULL, `recv` the
 * receiver field (methods) or NULL, `prologue` lines to put first */
void cg_function(Node *ftype, Type *sig, Node *recv, Type *recv_type, Node *body, const char *head,
                 const char *first, const char *prologue);

/* ---- pre-pass (cg.c) ---------------------------------------------------- */

void cg_prepass_func(Node *fn_node);

/* Facts about a function body, not counting nested function literals:
 * whether it has defer statements, goto statements, and calls recover()
 * directly (`defer recover()` included). */
bool cg_body_has_defer(Node *body);
bool cg_body_has_goto(Node *body);
bool cg_body_calls_recover(Node *body);
/* whether a deferred call of the body may recover a panic (only then can
 * the frame be resumed by a recovery and needs its setjmp) */
bool cg_body_defers_recover(Node *body);
/* cg_body_calls_recover of a declared function or method's body (false for
 * externs), cached */
bool cg_obj_calls_recover(Obj *f);
/* The code a deferred interface call x.name() reaches, for recover: the
 * method that calls recover() if the dynamic type (C expression tvar) has
 * one by that name, else the C expression dflt (the method table entry). */
char *cg_iface_recover_target(const char *tvar, const char *name, const char *dflt);

/* ---- defer (cg_call.c) -------------------------------------------------- */

void cg_defer_stmt(Node *s);
void cg_go_stmt(Node *s);               /* go statements (cg_call.c) */
/* whether the call deferred by s may call recover() directly (false only
 * when its target is known and does not) */
bool cg_defer_may_recover(Node *s);

#endif
