// SPDX-License-Identifier: MIT
/*
 * ast.h — the data every phase of swc shares: source positions, syntax tree
 * nodes, types, objects (named entities), constant values and packages.
 *
 * The tree mirrors Go's go/ast closely, so that anyone who knows Go's own
 * front end knows ours.  The parser (grammar/parser.y) builds nodes and fills
 * only the syntactic fields.  The checker (compiler/check*.c) resolves names
 * and fills the fields marked [checker]; after a clean check every expression
 * node has its final type (untyped constants already converted to the type
 * their context gives them) and every identifier its object.  The C generator
 * (compiler/cg*.c) reads both and never reports user errors: if the checker
 * accepted a program, the generator must produce C that compiles.
 *
 * Memory comes from one arena (arena_alloc), released when the process exits.
 * Nodes use one flat struct: each kind's comment lists the fields it uses;
 * all other fields are zero.
 */
#ifndef SWC_AST_H
#define SWC_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- arena ------------------------------------------------------------ */

void *arena_alloc(size_t n);                 /* zeroed, never freed */
char *arena_strndup(const char *s, size_t n);
char *arena_strdup(const char *s);
char *arena_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- positions and diagnostics (compiler/diag.c) ---------------------- */

typedef struct Pos {
    int file;   /* index into the table of diag_add_file; 0 = none */
    int line;   /* 1-based */
    int col;    /* 1-based, in bytes */
} Pos;

/* Registers a source file so diagnostics can quote its lines. */
int diag_add_file(const char *path, const char *src, size_t len);
const char *diag_file_path(int file);
/* `file:line:col: error: message`, the source line and a caret.  Stops the
 * process with status 1 after 10 errors. */
void diag_error(Pos pos, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int diag_count(void);               /* errors so far */
/* A broken invariant inside swc itself: prints "internal compiler error" and
 * exits 3.  Never for user mistakes. */
_Noreturn void diag_internal(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- node lists --------------------------------------------------------- */

typedef struct Node Node;
typedef struct Type Type;
typedef struct Obj Obj;
typedef struct Scope Scope;
typedef struct Package Package;
typedef struct ConstVal ConstVal;

typedef struct NodeList {
    Node **v;
    int len, cap;
} NodeList;

void list_push(NodeList *l, Node *n);

/* ---- operators ---------------------------------------------------------- */

typedef enum Op {
    OP_NONE,
    OP_ADD, OP_SUB, OP_MUL, OP_QUO, OP_REM,          /* + - * / %        */
    OP_AND, OP_OR, OP_XOR, OP_SHL, OP_SHR, OP_ANDNOT,/* & | ^ << >> &^   */
    OP_LAND, OP_LOR,                                 /* && ||            */
    OP_EQL, OP_NEQ, OP_LSS, OP_LEQ, OP_GTR, OP_GEQ,  /* == != < <= > >=  */
    OP_NOT,                                          /* ! (unary)        */
    OP_ARROW,                                        /* <- (unary recv)  */
    OP_INC, OP_DEC,                                  /* ++ -- (ND_INCDEC)*/
} Op;

const char *op_string(Op op);   /* "+", "&^", "<-", ... */

/* Branch and declaration keywords kept in nodes. */
typedef enum Keyword {
    KW_NONE, KW_BREAK, KW_CONTINUE, KW_GOTO, KW_FALLTHROUGH,
    KW_IMPORT, KW_CONST, KW_TYPE, KW_VAR,
} Keyword;

typedef enum LitKind { LIT_INT, LIT_FLOAT, LIT_IMAG, LIT_RUNE, LIT_STRING } LitKind;

typedef enum ChanDir { CHAN_BOTH, CHAN_SEND, CHAN_RECV } ChanDir;

/* ---- nodes -------------------------------------------------------------- */

typedef enum NodeKind {
    ND_BAD,
    /* expressions */
    ND_IDENT,         /* name; [checker] obj (NULL for the blank identifier) */
    ND_BASICLIT,      /* lit_kind, lit (source text, e.g. "0x1F", "'a'", "`raw`") */
    ND_COMPOSITE,     /* ctype (NULL when elided inside an outer literal), elts
                         (exprs or ND_KEYVALUE) */
    ND_FUNCLIT,       /* ftype (ND_FUNCTYPE), body (ND_BLOCK);
                         [checker] captures/ncaptures */
    ND_PAREN,         /* x */
    ND_SELECTOR,      /* x, name (the selected name); [checker] sel_kind, obj,
                         path/npath */
    ND_INDEX,         /* x, index */
    ND_SLICE,         /* x, lo, hi, max (each may be NULL), slice3 */
    ND_TYPEASSERT,    /* x, ctype (NULL for x.(type) in a type switch);
                         [checker] commaok */
    ND_CALL,          /* fun, args, has_ellipsis; [checker] call_kind, builtin,
                         variadic_pack, commaok */
    ND_STAR,          /* x: *x is a dereference or a pointer type */
    ND_UNARY,         /* op (OP_ADD OP_SUB OP_NOT OP_XOR OP_AND OP_ARROW), x;
                         [checker] commaok for v, ok := <-ch */
    ND_BINARY,        /* op, x, y */
    ND_KEYVALUE,      /* x = key, y = value (composite literal elements) */
    /* type expressions */
    ND_ARRAYTYPE,     /* len (NULL: slice type; ND_ELLIPSIS node: [...]T), elem */
    ND_STRUCTTYPE,    /* fields (ND_FIELD) */
    ND_FUNCTYPE,      /* params, results (ND_FIELD lists; results may be empty) */
    ND_INTERFACETYPE, /* fields: ND_FIELD with one name and an ND_FUNCTYPE for
                         methods, or no names and a type for embedded ones */
    ND_MAPTYPE,       /* key, elem */
    ND_CHANTYPE,      /* dir, elem */
    ND_ELLIPSIS,      /* elem: ...T as the last parameter type; elem NULL in [...]T */
    ND_FIELD,         /* names (ND_IDENT, may be empty), ftype, tag (ND_BASICLIT
                         string or NULL); struct fields, params, results, methods */
    /* statements */
    ND_DECLSTMT,      /* decl (ND_GENDECL) */
    ND_EMPTY,
    ND_LABELED,       /* label (ND_IDENT), body = the labeled statement */
    ND_EXPRSTMT,      /* x */
    ND_SEND,          /* x = channel, y = value */
    ND_INCDEC,        /* x, op (OP_INC or OP_DEC) */
    ND_ASSIGN,        /* lhs, rhs, op (OP_NONE for = and :=, else the binary op
                         of a compound assignment like +=), define (:=) */
    ND_GO,            /* x = the call */
    ND_DEFER,         /* x = the call */
    ND_RETURN,        /* results */
    ND_BRANCH,        /* kw (break continue goto fallthrough), label (or NULL);
                         [checker] target (the statement broken or continued) */
    ND_BLOCK,         /* stmts */
    ND_IF,            /* init, cond, body (ND_BLOCK), els (ND_IF, ND_BLOCK or NULL) */
    ND_CASE,          /* list (exprs, or types in a type switch; empty = default),
                         stmts; [checker] implicit (type switch variable) */
    ND_SWITCH,        /* init, tag (or NULL), body (ND_BLOCK of ND_CASE) */
    ND_TYPESWITCH,    /* init, assign (ND_ASSIGN `v := x.(type)` or ND_EXPRSTMT
                         `x.(type)`), body (ND_BLOCK of ND_CASE) */
    ND_COMM,          /* comm (ND_SEND, ND_EXPRSTMT <-c, ND_ASSIGN v[,ok] = <-c,
                         or NULL for default), stmts */
    ND_SELECT,        /* body (ND_BLOCK of ND_COMM) */
    ND_FOR,           /* init, cond, post (each may be NULL), body */
    ND_RANGE,         /* key, value (may be NULL), define (:=), x, body */
    /* declarations */
    ND_IMPORT,        /* name (ND_IDENT "x", "." or "_", or NULL), lit = the path
                         without quotes */
    ND_VALUESPEC,     /* names, vtype (or NULL), values, iota (index in its const
                         block); in a const block a spec without type and values
                         repeats the previous one: the parser leaves those empty
                         and the checker copies them */
    ND_TYPESPEC,      /* name, ctype, alias (type A = B) */
    ND_GENDECL,       /* kw (import const type var), specs */
    ND_FUNCDECL,      /* recv (ND_FIELD or NULL), name, ftype, body (NULL when the
                         function has no body), extern_name (from the comment
                         `//sw:extern NAME` on the line before `func`) */
    ND_FILE,          /* name (package name ident), imports (ND_IMPORT), decls
                         (ND_GENDECL and ND_FUNCDECL, imports included) */
} NodeKind;

/* [checker] what a selector x.name means */
typedef enum SelKind {
    SEL_NONE,
    SEL_PKG,          /* pkg.Name: obj is the package member */
    SEL_FIELD,        /* struct field: path[0..npath) are field indices, starting
                         at the struct type of x (or what x points to) and going
                         through embedded fields; every step dereferences a
                         pointer where the type in hand is one */
    SEL_METHOD,       /* concrete method: obj is the method (OBJ_FUNC with recv);
                         path as for SEL_FIELD leads to the embedded receiver
                         (npath 0 when the method is x's own) */
    SEL_IFACE_METHOD, /* method of an interface value x (after path, as above);
                         obj is the interface's method object */
    SEL_METHOD_EXPR,  /* T.Method or (*T).Method: obj is the method */
} SelKind;

/* [checker] what a call f(args) is */
typedef enum CallKind {
    CALL_NONE,
    CALL_CONV,        /* T(x): a conversion to node->type */
    CALL_BUILTIN,     /* builtin holds the BI_ code */
    CALL_FUNC,        /* a package-level function named directly: fun is an
                         ND_IDENT or an SEL_PKG selector; obj there */
    CALL_METHOD,      /* x.M(...) with fun an SEL_METHOD selector */
    CALL_IFACE,       /* x.M(...) with fun an SEL_IFACE_METHOD selector */
    CALL_VALUE,       /* any other function value (variables, closures,
                         method values, method expressions, results of calls) */
} CallKind;

typedef enum Builtin {
    BI_NONE, BI_APPEND, BI_CAP, BI_CLOSE, BI_COMPLEX, BI_COPY, BI_DELETE,
    BI_IMAG, BI_LEN, BI_MAKE, BI_NEW, BI_PANIC, BI_PRINT, BI_PRINTLN,
    BI_REAL, BI_RECOVER,
} Builtin;

struct Node {
    NodeKind kind;
    Pos pos;     /* where the construct starts (Go's syntax.StartPos): the
                    leftmost operand of a binary expression, call, selector,
                    index...; a statement's keyword; an assignment's first
                    left operand.  go build reports most errors there. */
    Pos opos;    /* the operator or closing token, where Go reports some
                    errors: ND_BINARY, ND_ASSIGN (= := op=), ND_INCDEC,
                    ND_SEND (<-), ND_KEYVALUE (:), ND_SELECTOR and
                    ND_TYPEASSERT (.), ND_INDEX and ND_SLICE ([), ND_CALL
                    (the closing ")"), ND_COMPOSITE (the closing "}"),
                    ND_RANGE (`range`), ND_BLOCK (the closing "}"); zero
                    for other kinds */

    /* generic children; which are used depends on kind (see above) */
    Node *x, *y;
    Node *init, *cond, *post, *tag, *els;
    Node *body;                  /* ND_BLOCK, or the labeled statement */
    Node *ctype;                 /* type expression */
    Node *vtype;                 /* ND_VALUESPEC type */
    Node *ftype;                 /* ND_FUNCTYPE of a func decl, literal or field */
    Node *elem, *key, *len;      /* type expressions */
    Node *index, *lo, *hi, *max;
    Node *fun;
    Node *name;                  /* ND_IDENT */
    Node *label;                 /* ND_IDENT */
    Node *recv;                  /* ND_FIELD */
    Node *decl;                  /* ND_DECLSTMT */
    Node *assign;                /* ND_TYPESWITCH */
    Node *comm;                  /* ND_COMM */
    Node *tagl;                  /* ND_FIELD tag literal */
    Node *value;                 /* ND_RANGE value */
    NodeList args, elts, stmts, list, lhs, rhs, results, params, fields,
             names, values, specs, imports, decls;

    const char *lit;             /* ND_BASICLIT source text, ND_IMPORT path */
    const char *str;             /* ND_IDENT and ND_SELECTOR name */
    const char *extern_name;     /* ND_FUNCDECL //sw:extern */
    LitKind lit_kind;
    Op op;
    Keyword kw;
    ChanDir dir;
    int iota;
    bool define, has_ellipsis, slice3, alias;

    /* [checker] annotations */
    Type *type;                  /* every expression (and type expression) */
    ConstVal *cv;                /* constant expressions: the value, already
                                    converted to `type` */
    Obj *obj;                    /* ND_IDENT, ND_SELECTOR, ND_FUNCDECL, ND_CASE
                                    implicit var, ND_LABELED label */
    SelKind sel_kind;
    int *path, npath;            /* ND_SELECTOR field path */
    CallKind call_kind;
    Builtin builtin;
    /* ND_CALL to a variadic function without `...`: arguments from index
     * variadic_pack on are packed into a new slice by the generator. -1 when
     * there is nothing to pack. */
    int variadic_pack;
    bool commaok;                /* v, ok form of map index, type assertion,
                                    receive; node->type is then the first
                                    result's type */
    bool is_type;                /* the expression denotes a type */
    Obj **captures;              /* ND_FUNCLIT: variables of enclosing
                                    functions it uses (each is boxed) */
    int ncaptures;
    Node *target;                /* ND_BRANCH: the for/switch/select left or
                                    continued */
    Scope *scope;                /* ND_FUNCDECL/ND_FUNCLIT/ND_BLOCK... as needed */
};

Node *node_new(NodeKind kind, Pos pos);
const char *node_kind_name(NodeKind kind);
/* compiler/astdump.c: the tree as indented text, for debugging. */
void ast_dump(Node *n, FILE *out);

/* ---- types -------------------------------------------------------------- */

typedef enum TypeKind {
    TY_INVALID,
    TY_BOOL,
    TY_INT, TY_INT8, TY_INT16, TY_INT32, TY_INT64,
    TY_UINT, TY_UINT8, TY_UINT16, TY_UINT32, TY_UINT64, TY_UINTPTR,
    TY_FLOAT32, TY_FLOAT64, TY_COMPLEX64, TY_COMPLEX128,
    TY_STRING, TY_UNSAFEPTR,
    TY_UNTYPED_BOOL, TY_UNTYPED_INT, TY_UNTYPED_RUNE, TY_UNTYPED_FLOAT,
    TY_UNTYPED_STRING, TY_UNTYPED_NIL,
    TY_ARRAY, TY_SLICE, TY_STRUCT, TY_POINTER, TY_FUNC, TY_INTERFACE,
    TY_MAP, TY_CHAN,
    TY_NAMED,         /* a defined type: obj, underlying, methods */
    TY_TUPLE,         /* results of a multi-value call: fields (names NULL) */
} TypeKind;

typedef struct Field {
    const char *name;     /* NULL for tuple elements and unnamed params */
    Type *type;
    bool embedded;
    const char *tag;      /* struct tag, unquoted, or NULL */
    Package *pkg;         /* for unexported names */
} Field;

struct Type {
    TypeKind kind;
    int id;               /* unique per identical type (types are interned) */
    Type *elem;           /* array, slice, pointer, map value, chan */
    Type *key;            /* map */
    int64_t len;          /* array */
    ChanDir dir;          /* chan */
    Field *fields;        /* struct fields, tuple elements */
    int nfields;
    Type **params;        /* func */
    int nparams;
    Type **results;
    int nresults;
    bool variadic;        /* the last param is a slice passed as ...T */
    Obj **methods;        /* TY_NAMED: its declared methods (OBJ_FUNC, recv
                             set), in declaration order.  TY_INTERFACE: all
                             methods, embedded ones included, sorted by name */
    int nmethods;
    Type *underlying;     /* TY_NAMED; for others the type itself */
    Obj *obj;             /* TY_NAMED: its OBJ_TYPE (name, package) */
};

/*
 * Basic types and constructors (compiler/types.c).  Constructors intern their
 * result: identical types are the same pointer, so `a == b` is identity.
 * Named types are created once per declaration by the checker.
 */
extern Type *ty_bool, *ty_int, *ty_int8, *ty_int16, *ty_int32, *ty_int64,
    *ty_uint, *ty_uint8, *ty_uint16, *ty_uint32, *ty_uint64, *ty_uintptr,
    *ty_float32, *ty_float64, *ty_complex64, *ty_complex128, *ty_string,
    *ty_untyped_bool, *ty_untyped_int, *ty_untyped_rune, *ty_untyped_float,
    *ty_untyped_string, *ty_untyped_nil, *ty_invalid,
    *ty_error,            /* the predeclared named interface `error` */
    *ty_any;              /* interface{} (the alias `any` denotes it) */

void types_init(void);
Type *type_pointer(Type *elem);
Type *type_slice(Type *elem);
Type *type_array(Type *elem, int64_t len);
Type *type_map(Type *key, Type *elem);
Type *type_chan(Type *elem, ChanDir dir);
Type *type_func(Type **params, int nparams, Type **results, int nresults, bool variadic);
Type *type_struct(Field *fields, int nfields);
Type *type_interface(Obj **methods, int nmethods);   /* sorts, interns */
Type *type_tuple(Type **elems, int n);
Type *type_named(Obj *obj);                          /* new, not interned */

Type *type_underlying(Type *t);
bool type_is_untyped(Type *t);
bool type_is_integer(Type *t);     /* on the underlying type, untyped too */
bool type_is_unsigned(Type *t);
bool type_is_float(Type *t);
bool type_is_complex(Type *t);
bool type_is_numeric(Type *t);
bool type_is_string(Type *t);
bool type_is_boolean(Type *t);
bool type_is_interface(Type *t);
bool type_is_comparable(Type *t);
int64_t type_size(Type *t);        /* bytes, as in the C ABI of rt/sw.h */
/* Go's spelling: "int", "[]string", "map[string]int", "main.Point",
 * "*main.T", "func(int) string", "struct { X int }", "interface {}". */
const char *type_string(Type *t);

/* ---- constants ---------------------------------------------------------- */

typedef enum CVKind { CV_BOOL, CV_INT, CV_FLOAT, CV_STRING, CV_COMPLEX } CVKind;

struct ConstVal {
    CVKind kind;
    bool b;
    __int128 i;                 /* CV_INT (also holds uint64 values exactly);
                                   saturated when the value needs `big` */
    long double f, im;          /* CV_FLOAT (nearest value); CV_COMPLEX real and imaginary */
    struct BigInt *big;         /* CV_INT beyond __int128 (else NULL); CV_FLOAT
                                   exact numerator (NULL when only f is known) */
    struct BigInt *den;         /* CV_FLOAT exact denominator > 0 (see
                                   check_const.c, compiler/bigint.h) */
    const char *s;              /* CV_STRING bytes (may hold NULs) */
    int64_t slen;
};

/* ---- objects ------------------------------------------------------------ */

typedef enum ObjKind {
    OBJ_BAD, OBJ_VAR, OBJ_CONST, OBJ_TYPE, OBJ_FUNC, OBJ_PKG, OBJ_BUILTIN,
    OBJ_NIL, OBJ_LABEL,
} ObjKind;

struct Obj {
    ObjKind kind;
    const char *name;
    Pos pos;
    Type *type;           /* var, const, func (TY_FUNC without receiver), type */
    Package *pkg;         /* declaring package; NULL for the universe */
    Node *decl;           /* ND_FUNCDECL, ND_VALUESPEC, ND_TYPESPEC, ND_FIELD... */
    ConstVal *cv;         /* OBJ_CONST */
    Builtin builtin;      /* OBJ_BUILTIN */
    Package *imported;    /* OBJ_PKG */
    Type *recv;           /* OBJ_FUNC methods: receiver type, T or *T */
    const char *extern_name; /* OBJ_FUNC bound to a C symbol of rt */
    int id;               /* unique in the program; used to make C names */
    bool global;          /* package-level var or func */
    bool is_param, is_result;
    bool boxed;           /* var lives on the heap: captured by a closure or
                             its address taken; the generator allocates it */
    bool used;
    /* [checker] local vars: the expression of the declaration (one per name),
     * and whether the var is assigned again or has its address taken (Go's
     * ir.Reassigned); the generator devirtualizes interface calls as gc does */
    Node *init;
    bool reassigned;
};

/* ---- scopes and packages ------------------------------------------------ */

struct Scope {
    Scope *parent;
    Obj **objs;
    int nobjs, cap;
};

Scope *scope_new(Scope *parent);
Obj *scope_lookup_local(Scope *s, const char *name);
Obj *scope_lookup(Scope *s, const char *name);
void scope_insert(Scope *s, Obj *o);

struct Package {
    const char *path;     /* import path: "main", "fmt", "strings", ... */
    const char *name;     /* package clause name */
    const char *cname;    /* prefix for C names, e.g. "main", "fmt", "unicode_utf8" */
    Scope *scope;         /* package scope */
    NodeList files;       /* ND_FILE */
    Package **imports;    /* packages it imports */
    int nimports;
    /* [checker] package-level variables in initialization order, as
     * ND_VALUESPEC nodes (one spec may initialise several names from one
     * multi-value call) */
    NodeList var_inits;
    Obj **init_funcs;     /* func init() of this package, in source order */
    int ninit_funcs;
    bool checked;
};

/* ---- phases --------------------------------------------------------------- */

/* grammar/parser.y: parses one file; reports errors through diag_error and
 * returns NULL when the file cannot be parsed. */
Node *parse_file(const char *path, const char *src, size_t len);

/* compiler/check.c: checks `pkgs` (in dependency order, imported packages
 * first, main last).  Returns false when errors were reported. */
bool check_program(Package **pkgs, int npkgs);

/* compiler/cg.c: writes the whole program as one C translation unit. */
bool cg_program(Package **pkgs, int npkgs, FILE *out);

#endif
