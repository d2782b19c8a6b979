// SPDX-License-Identifier: MIT
/*
 * parser.y — the Sw (Go 1.19) grammar, compiled by bison into build/parser.c.
 *
 * An LALR(1) grammar for all of Go's syntax but type parameters, in the style
 * of the old yacc-based Go compiler: types may appear as expressions only
 * where Go lets them (call arguments, parentheses, conversions, composite
 * literals), which keeps the grammar free of conflicts.  Generic declarations
 * are recognised and rejected with "generics are not supported yet".
 *
 * The LBODY token (see grammar/lexer.re) is the `{` that opens a statement
 * body after if/for/switch/select; explicit literal types and func literals
 * accept it too and then re-arm the lexer, so `for _, v := range []int{1} {`
 * works while `if x == T{} {` reads `{}` as the body, as the Go spec says.
 *
 * Syntax errors are worded and placed as Go 1.19's parser does (see the
 * "syntax errors" section below); the parse stops at the first one.
 *
 * Actions are short constructor calls; the helpers at the end of the file
 * build the AST described in compiler/ast.h.  A node's pos is where it
 * starts (Go's syntax.StartPos, where go build reports most errors); opos
 * keeps the operator or closing token (see ast.h).
 */
%code requires {
#include "ast.h"

/* Scanner state shared by lexer.re and the parser actions. */
typedef struct Lexer {
    const char *src, *cur, *lim, *tok, *line_start;
    int line, file;
    bool nlsemi;              /* a newline now yields ';' */
    int loophack;             /* the next `{` at depth 0 is LBODY */
    int hdr_semis;            /* semicolons so far in the current header */
    bool hdr_range;           /* the current header has `range` */
    int nstack;
    char stack[512];          /* loophack saved at each open ( and [ */
    const char *extern_name;  /* pending //sw:extern NAME */
    char desc[512];           /* the last token, for syntax errors */
    bool imports_done;        /* a non-import declaration was seen */
    int err_line;             /* line of the last lexer error, or 0 */
    int diag_base;            /* diag_count() when the file's scan began */
    Pos last_pos, prev_pos;   /* the last token and the one before */
    bool stop;                /* a syntax error was reported: no more tokens */
    int syntax_line;          /* line of the last syntax error, or 0 */
    bool bodyless_func;       /* the last top-level declaration is `func f()` */
} Lexer;
}

%code provides {
void lex_init(Lexer *lx, int file, const char *src, size_t len);
int lex_token(YYSTYPE *val, Pos *loc, Lexer *lx);
void lex_rearm(Lexer *lx);
void lex_drain(Lexer *lx);
}

%code {
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define yylex lex_token
#define YYLLOC_DEFAULT(Cur, Rhs, N) \
    do { (Cur) = (N) ? YYRHSLOC(Rhs, 1) : YYRHSLOC(Rhs, 0); } while (0)

static Node *mk(NodeKind k, Pos p);
static Node *mk_ident(const char *s, Pos p);
static Node *mk_lit(LitKind k, const char *s, Pos p);
static Node *mk_x(NodeKind k, Pos p, Node *x);
static Node *mk_xy(NodeKind k, Pos p, Node *x, Node *y);
static Node *mk_unary(Op op, Pos p, Node *x);
static Node *mk_binary(Op op, Pos p, Node *x, Node *y);
static Node *mk_selector(Pos p, Node *x, Node *name);
static Node *mk_index(Pos p, Node *x, Node *i);
static Node *mk_slice(Pos p, Node *x, Node *lo, Node *hi, Node *max);
static Node *mk_assert(Pos p, Node *x, Node *t);
static Node *mk_call(Pos p, Node *fun, NodeList args, bool dots);
static Node *mk_composite(Pos p, Pos rbrace, Node *type, NodeList elts);
static Node *mk_kv(Pos p, Node *x, Node *y);
static Node *mk_send(Pos p, Node *x, Node *y);
static Node *mk_funclit(Node *ftype, Node *body);
static Node *mk_arraytype(Pos p, Node *len, Node *elem);
static Node *mk_maptype(Pos p, Node *key, Node *elem);
static Node *mk_chantype(Pos p, ChanDir dir, Node *elem);
static Node *mk_struct(Pos p, NodeList fields);
static Node *mk_iface(Pos p, NodeList fields);
static Node *mk_field(Pos p, NodeList names, Node *type, Node *tag);
static Node *mk_embed(Pos p, Node *type, Node *tag);
static Node *mk_iface_elem(Pos p, Node *type);
static Node *mk_method(Node *name, Node *ftype);
static Node *mk_param(Pos p, Node *name, Node *type);
static NodeList mk_params(NodeList raw);
static Node *mk_functype(Pos p, NodeList params, NodeList results);
static NodeList mk_result1(Node *type);
static NodeList list1(Node *n);
static NodeList list_add(NodeList l, Node *n);
static Node *mk_block(Pos p, NodeList stmts);
static Node *mk_exprstmt(Node *x);
static Node *mk_assign(Pos p, Op op, NodeList lhs, NodeList rhs, bool define);
static Node *mk_incdec(Pos p, Op op, Node *x);
static Node *mk_labeled(Node *label, Node *stmt);
static Node *mk_branch(Pos p, Keyword kw, Node *label);
static Node *mk_gostmt(NodeKind k, Pos p, Node *call);
static Node *mk_return(Pos p, NodeList results);
static Node *mk_header(Node *init, Node *cond, Node *post);
static Node *mk_if(Lexer *lx, Pos p, Node *hdr, Node *body, Node *els);
static Node *mk_for(Lexer *lx, Pos p, Node *hdr, Node *body);
static Node *mk_range(Pos p, NodeList lhs, bool define, Node *x);
static Node *mk_switch(Lexer *lx, Pos p, Node *hdr, NodeList clauses, Pos bodypos);
static Node *mk_select(Pos p, NodeList clauses, Pos bodypos);
static Node *mk_case(Pos p, NodeList list, Node *comm);
static Node *mk_caseblock(Node *c, NodeList stmts);
static Node *mk_import(Pos p, Node *name, const char *path);
static Node *mk_valuespec(Pos p, NodeList names, Node *type, NodeList values);
static Node *mk_constspec(Pos p, NodeList names, Node *type, NodeList values);
static Node *mk_typespec(Node *name, Node *type, bool alias);
static Node *mk_gendecl(Pos p, Keyword kw, NodeList specs);
static Node *mk_funcdecl(Pos p, const char *ext, bool method, NodeList recv, Node *name, Node *ftype, Node *body);
static Node *mk_file(Pos p, Node *name, NodeList decls);
static NodeList add_topdecl(Lexer *lx, NodeList l, Node *d);
static void generics_error(Pos p);
static void syntax_error(Lexer *lx, Pos p, const char *fmt, ...);
static void var_in_header(Lexer *lx, Pos kw, Pos p);
static const char *src_at(Lexer *lx, Pos p);
static void yyerror(Pos *loc, Lexer *lx, Node **result, const char *msg);
}

%define api.pure full
%define api.location.type {Pos}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%parse-param {Lexer *lx} {Node **result}
%lex-param {Lexer *lx}

%union {
    Node *node;
    NodeList list;
    const char *str;
    Op op;
    int ival;
}

%token <str> IDENT "name"
%token <str> INT "integer literal" FLOAT "float literal" IMAG "imaginary literal"
%token <str> CHAR "rune literal" STRING "string literal"
%token <str> FUNC "func"
%token <op> ASSIGNOP "op="
%token BREAK "break" CASE "case" CHAN "chan" CONST "const" CONTINUE "continue"
%token DEFAULT "default" DEFER "defer" ELSE "else" FALLTHROUGH "fallthrough"
%token FOR "for" GO "go" GOTO "goto" IF "if" IMPORT "import"
%token INTERFACE "interface" MAP "map" PACKAGE "package" RANGE "range"
%token RETURN "return" SELECT "select" STRUCT "struct" SWITCH "switch"
%token TYPE "type" VAR "var"
%token OROR "||" ANDAND "&&" EQ "==" NE "!=" LE "<=" GE ">=" SHL "<<" SHR ">>"
%token ANDNOT "&^" ARROW "<-" INC "++" DEC "--" DEFINE ":=" ELLIPSIS "..."
%token LBODY "{ (body)"

%precedence NotParen
%precedence '('
%left OROR
%left ANDAND
%left EQ NE '<' LE '>' GE
%left '+' '-' '|' '^'
%left '*' '/' '%' '&' SHL SHR ANDNOT

%type <node> topdecl import_decl import_spec common_dcl const_spec var_spec type_spec
%type <node> funcdecl fnbody fntype fnliteral
%type <node> expr oexpr uexpr pexpr pexpr_no_paren pseudocall expr_or_type name
%type <node> ntype non_expr_type non_recvchantype othertype ptrtype recvchantype
%type <node> dotname fnret_type convtype comptype structtype interfacetype
%type <node> complitexpr keyval param structdcl iface_elem otag dotdotdot tset_term
%type <node> stmt compound_stmt non_dcl_stmt simple_stmt osimple_stmt
%type <node> if_stmt else for_stmt for_header range_stmt if_header switch_stmt select_stmt
%type <node> case caseblock loop_body
%type <list> topdecl_list import_specs import_spec_list const_specs const_spec_list
%type <list> var_specs var_spec_list type_specs type_spec_list expr_list
%type <list> expr_or_type_list ident_list braced_keyval_list keyval_list params param_list
%type <list> fnres structdcl_list iface_list stmt_list caseblock_list
%type <ival> lbrace

%%

file:
    PACKAGE IDENT ';' topdecl_list      { *result = mk_file(@1, mk_ident($2, @2), $4); }
    ;

topdecl_list:
    %empty                              { $$ = (NodeList){0}; }
  | topdecl_list topdecl ';'            { $$ = add_topdecl(lx, $1, $2); }
    ;

topdecl:
    import_decl
  | common_dcl
  | funcdecl
  | error                               { $$ = NULL; }
    ;

/* ImportDecl = "import" ( ImportSpec | "(" { ImportSpec ";" } ")" ) */
import_decl:
    IMPORT import_spec                  { $$ = mk_gendecl(@1, KW_IMPORT, list1($2)); }
  | IMPORT '(' import_specs ')'         { $$ = mk_gendecl(@1, KW_IMPORT, $3); }
    ;

import_specs:
    %empty                              { $$ = (NodeList){0}; }
  | import_spec_list osemi
    ;

import_spec_list:
    import_spec                         { $$ = list1($1); }
  | import_spec_list ';' import_spec    { $$ = list_add($1, $3); }
    ;

import_spec:
    STRING                              { $$ = mk_import(@1, NULL, $1); }
  | IDENT STRING                        { $$ = mk_import(@1, mk_ident($1, @1), $2); }
  | '.' STRING                          { $$ = mk_import(@1, mk_ident(".", @1), $2); }
    ;

osemi: %empty | ';' ;
ocomma: %empty | ',' ;

/* ConstDecl, VarDecl, TypeDecl, each alone or grouped in parentheses */
common_dcl:
    CONST const_spec                    { $$ = mk_gendecl(@1, KW_CONST, list1($2)); }
  | CONST '(' const_specs ')'           { $$ = mk_gendecl(@1, KW_CONST, $3); }
  | VAR var_spec                        { $$ = mk_gendecl(@1, KW_VAR, list1($2)); }
  | VAR '(' var_specs ')'               { $$ = mk_gendecl(@1, KW_VAR, $3); }
  | TYPE type_spec                      { $$ = mk_gendecl(@1, KW_TYPE, list1($2)); }
  | TYPE '(' type_specs ')'             { $$ = mk_gendecl(@1, KW_TYPE, $3); }
    ;

const_specs:
    %empty                              { $$ = (NodeList){0}; }
  | const_spec_list osemi
    ;
const_spec_list:
    const_spec                          { $$ = list1($1); }
  | const_spec_list ';' const_spec      { $$ = list_add($1, $3); }
    ;
/* ConstSpec = IdentifierList [ [ Type ] "=" ExpressionList ] */
const_spec:
    ident_list                          { $$ = mk_constspec(@1, $1, NULL, (NodeList){0}); }
  | ident_list '=' expr_list            { $$ = mk_constspec(@1, $1, NULL, $3); }
  | ident_list ntype '=' expr_list      { $$ = mk_constspec(@1, $1, $2, $4); }
  | ident_list ntype                    { $$ = mk_constspec(@1, $1, $2, (NodeList){0}); }
    ;

var_specs:
    %empty                              { $$ = (NodeList){0}; }
  | var_spec_list osemi
    ;
var_spec_list:
    var_spec                            { $$ = list1($1); }
  | var_spec_list ';' var_spec          { $$ = list_add($1, $3); }
    ;
/* VarSpec = IdentifierList ( Type [ "=" ExpressionList ] | "=" ExpressionList ) */
var_spec:
    ident_list ntype                    { $$ = mk_valuespec(@1, $1, $2, (NodeList){0}); }
  | ident_list ntype '=' expr_list      { $$ = mk_valuespec(@1, $1, $2, $4); }
  | ident_list '=' expr_list            { $$ = mk_valuespec(@1, $1, NULL, $3); }
  | ident_list dotname '['              { generics_error(@3); YYABORT; }
    ;

type_specs:
    %empty                              { $$ = (NodeList){0}; }
  | type_spec_list osemi
    ;
type_spec_list:
    type_spec                           { $$ = list1($1); }
  | type_spec_list ';' type_spec        { $$ = list_add($1, $3); }
    ;
/* TypeSpec = identifier [ "=" ] Type; a type parameter list is rejected */
type_spec:
    IDENT ntype                         { $$ = mk_typespec(mk_ident($1, @1), $2, false); }
  | IDENT '=' ntype                     { $$ = mk_typespec(mk_ident($1, @1), $3, true); }
  | IDENT '=' dotname '['               { generics_error(@4); YYABORT; }
  | IDENT dotname '['                   { generics_error(@3); YYABORT; }
  | IDENT '[' IDENT tparam_mark         { generics_error(@2); YYABORT; }
    ;
tparam_mark: IDENT | INTERFACE | '~' | ',' | ELLIPSIS ;

ident_list:
    IDENT                               { $$ = list1(mk_ident($1, @1)); }
  | ident_list ',' IDENT                { $$ = list_add($1, mk_ident($3, @3)); }
    ;

/* FunctionDecl = "func" [ Receiver ] FunctionName Signature [ FunctionBody ] */
funcdecl:
    FUNC IDENT '(' params ')' fnres fnbody
                { $$ = mk_funcdecl(@1, $1, false, (NodeList){0}, mk_ident($2, @2), mk_functype(@1, mk_params($4), $6), $7); }
  | FUNC '(' params ')' IDENT '(' params ')' fnres fnbody
                { $$ = mk_funcdecl(@1, $1, true, mk_params($3), mk_ident($5, @5), mk_functype(@1, mk_params($7), $9), $10); }
  | FUNC IDENT '['                      { generics_error(@3); YYABORT; }
  | FUNC '(' params ')' IDENT '['       { generics_error(@6); YYABORT; }
    ;

fnbody:
    %empty                              { $$ = NULL; }
  | '{' stmt_list '}'                   { $$ = mk_block(@1, $2); $$->opos = @3; }
    ;

/* Parameters = "(" [ ParameterList [ "," ] ] ")"; names are sorted out by
 * mk_params, as a name and a type name look alike. */
params:
    %empty                              { $$ = (NodeList){0}; }
  | param_list ocomma
    ;
param_list:
    param                               { $$ = list1($1); }
  | param_list ',' param                { $$ = list_add($1, $3); }
    ;
param:
    ntype                               { $$ = mk_param(@1, NULL, $1); }
  | IDENT ntype                         { $$ = mk_param(@1, mk_ident($1, @1), $2); }
  | IDENT dotdotdot                     { $$ = mk_param(@1, mk_ident($1, @1), $2); }
  | dotdotdot                           { $$ = mk_param(@1, NULL, $1); }
    ;
dotdotdot:
    ELLIPSIS ntype                      { $$ = mk_x(ND_ELLIPSIS, @1, NULL); $$->elem = $2; }
    ;

/* Result = Parameters | Type */
fnres:
    %empty %prec NotParen               { $$ = (NodeList){0}; }
  | fnret_type                          { $$ = mk_result1($1); }
  | '(' params ')'                      { $$ = mk_params($2); }
    ;

fntype:
    FUNC '(' params ')' fnres           { $$ = mk_functype(@1, mk_params($3), $5); }
    ;

fnliteral:
    fntype lbrace stmt_list '}'         { if ($2) lex_rearm(lx); $$ = mk_funclit($1, mk_block(@2, $3)); $$->body->opos = @4; }
    ;

lbrace:
    '{'                                 { $$ = 0; }
  | LBODY                               { $$ = 1; }
    ;

/* ---- types ---- */

ntype:
    recvchantype
  | fntype
  | othertype
  | ptrtype
  | dotname
  | '(' ntype ')'                       { $$ = mk_x(ND_PAREN, @1, $2); }
    ;

non_expr_type:
    recvchantype
  | fntype
  | othertype
  | '*' non_expr_type                   { $$ = mk_x(ND_STAR, @1, $2); }
    ;

non_recvchantype:
    fntype
  | othertype
  | ptrtype
  | dotname
  | '(' ntype ')'                       { $$ = mk_x(ND_PAREN, @1, $2); }
    ;

convtype: fntype | othertype ;
comptype: othertype ;

fnret_type:
    recvchantype
  | fntype
  | othertype
  | ptrtype
  | dotname
    ;

dotname:
    name
  | name '.' IDENT                      { $$ = mk_selector(@2, $1, mk_ident($3, @3)); }
    ;

othertype:
    '[' oexpr ']' ntype                 { $$ = mk_arraytype(@1, $2, $4); }
  | '[' ELLIPSIS ']' ntype              { $$ = mk_arraytype(@1, mk_x(ND_ELLIPSIS, @2, NULL), $4); }
  | CHAN non_recvchantype               { $$ = mk_chantype(@1, CHAN_BOTH, $2); }
  | CHAN ARROW ntype                    { $$ = mk_chantype(@1, CHAN_SEND, $3); }
  | MAP '[' ntype ']' ntype             { $$ = mk_maptype(@1, $3, $5); }
  | structtype
  | interfacetype
    ;

ptrtype:
    '*' ntype                           { $$ = mk_x(ND_STAR, @1, $2); }
    ;

recvchantype:
    ARROW CHAN ntype                    { $$ = mk_chantype(@1, CHAN_RECV, $3); }
    ;

structtype:
    STRUCT lbrace structdcl_list osemi '}'  { if ($2) lex_rearm(lx); $$ = mk_struct(@1, $3); }
  | STRUCT lbrace '}'                   { if ($2) lex_rearm(lx); $$ = mk_struct(@1, (NodeList){0}); }
    ;
structdcl_list:
    structdcl                           { $$ = list1($1); }
  | structdcl_list ';' structdcl        { $$ = list_add($1, $3); }
    ;
/* FieldDecl = (IdentifierList Type | EmbeddedField) [ Tag ] */
structdcl:
    ident_list ntype otag               { $$ = mk_field(@1, $1, $2, $3); }
  | ident_list dotname '['              { generics_error(@3); YYABORT; }
  | ident_list '[' oexpr ']' otag       { generics_error(@2); YYABORT; }
  | ident_list '[' expr ','             { generics_error(@2); YYABORT; }
  | dotname otag                        { $$ = mk_embed(@1, $1, $2); }
  | '*' dotname otag                    { $$ = mk_embed(@1, mk_x(ND_STAR, @1, $2), $3); }
    ;
otag:
    %empty                              { $$ = NULL; }
  | STRING                              { $$ = mk_lit(LIT_STRING, $1, @1); }
    ;

interfacetype:
    INTERFACE lbrace iface_list osemi '}'  { if ($2) lex_rearm(lx); $$ = mk_iface(@1, $3); }
  | INTERFACE lbrace '}'                { if ($2) lex_rearm(lx); $$ = mk_iface(@1, (NodeList){0}); }
    ;
iface_list:
    iface_elem                          { $$ = list1($1); }
  | iface_list ';' iface_elem           { $$ = list_add($1, $3); }
    ;
/* MethodSpec | embedded interface name; type sets are generics */
iface_elem:
    IDENT '(' params ')' fnres          { $$ = mk_method(mk_ident($1, @1), mk_functype(@1, mk_params($3), $5)); }
  | dotname                             { $$ = mk_embed(@1, $1, NULL); }
  | othertype                           { $$ = mk_iface_elem(@1, $1); if (!$$) YYABORT; }
  | '~'                                 { generics_error(@1); YYABORT; }
  | tset_term '|'                       { generics_error(@2); YYABORT; }
    ;
tset_term: dotname | othertype | '(' ntype ')' { $$ = $2; } ;

/* ---- expressions ---- */

expr:
    uexpr
  | expr OROR expr                      { $$ = mk_binary(OP_LOR, @2, $1, $3); }
  | expr ANDAND expr                    { $$ = mk_binary(OP_LAND, @2, $1, $3); }
  | expr EQ expr                        { $$ = mk_binary(OP_EQL, @2, $1, $3); }
  | expr NE expr                        { $$ = mk_binary(OP_NEQ, @2, $1, $3); }
  | expr '<' expr                       { $$ = mk_binary(OP_LSS, @2, $1, $3); }
  | expr LE expr                        { $$ = mk_binary(OP_LEQ, @2, $1, $3); }
  | expr GE expr                        { $$ = mk_binary(OP_GEQ, @2, $1, $3); }
  | expr '>' expr                       { $$ = mk_binary(OP_GTR, @2, $1, $3); }
  | expr '+' expr                       { $$ = mk_binary(OP_ADD, @2, $1, $3); }
  | expr '-' expr                       { $$ = mk_binary(OP_SUB, @2, $1, $3); }
  | expr '|' expr                       { $$ = mk_binary(OP_OR, @2, $1, $3); }
  | expr '^' expr                       { $$ = mk_binary(OP_XOR, @2, $1, $3); }
  | expr '*' expr                       { $$ = mk_binary(OP_MUL, @2, $1, $3); }
  | expr '/' expr                       { $$ = mk_binary(OP_QUO, @2, $1, $3); }
  | expr '%' expr                       { $$ = mk_binary(OP_REM, @2, $1, $3); }
  | expr '&' expr                       { $$ = mk_binary(OP_AND, @2, $1, $3); }
  | expr ANDNOT expr                    { $$ = mk_binary(OP_ANDNOT, @2, $1, $3); }
  | expr SHL expr                       { $$ = mk_binary(OP_SHL, @2, $1, $3); }
  | expr SHR expr                       { $$ = mk_binary(OP_SHR, @2, $1, $3); }
    ;

oexpr:
    %empty                              { $$ = NULL; }
  | expr
    ;

uexpr:
    pexpr
  | '*' uexpr                           { $$ = mk_x(ND_STAR, @1, $2); }
  | '&' uexpr                           { $$ = mk_unary(OP_AND, @1, $2); }
  | '+' uexpr                           { $$ = mk_unary(OP_ADD, @1, $2); }
  | '-' uexpr                           { $$ = mk_unary(OP_SUB, @1, $2); }
  | '!' uexpr                           { $$ = mk_unary(OP_NOT, @1, $2); }
  | '^' uexpr                           { $$ = mk_unary(OP_XOR, @1, $2); }
  | ARROW uexpr                         { $$ = mk_unary(OP_ARROW, @1, $2); }
  | '~' uexpr                           { diag_error(@1, "cannot use ~ outside of interface or type constraint"); $$ = $2; }
    ;

pseudocall:
    pexpr '(' ')'                       { $$ = mk_call(@3, $1, (NodeList){0}, false); }
  | pexpr '(' expr_or_type_list ocomma ')'  { $$ = mk_call(@5, $1, $3, false); }
  | pexpr '(' expr_or_type_list ELLIPSIS ocomma ')'  { $$ = mk_call(@6, $1, $3, true); }
    ;

pexpr_no_paren:
    INT                                 { $$ = mk_lit(LIT_INT, $1, @1); }
  | FLOAT                               { $$ = mk_lit(LIT_FLOAT, $1, @1); }
  | IMAG                                { $$ = mk_lit(LIT_IMAG, $1, @1); }
  | CHAR                                { $$ = mk_lit(LIT_RUNE, $1, @1); }
  | STRING                              { $$ = mk_lit(LIT_STRING, $1, @1); }
  | name
  | pexpr '.' IDENT                     { $$ = mk_selector(@2, $1, mk_ident($3, @3)); }
  | interfacetype '.' IDENT             { $$ = mk_selector(@2, $1, mk_ident($3, @3)); }
  | structtype '.' IDENT                { $$ = mk_selector(@2, $1, mk_ident($3, @3)); }
  | pexpr '.' '(' expr_or_type ')'      { $$ = mk_assert(@2, $1, $4); }
  | pexpr '.' '(' TYPE ')'              { $$ = mk_assert(@2, $1, NULL); }
  | pexpr '[' expr ']'                  { $$ = mk_index(@2, $1, $3); }
  | pexpr '[' expr ','                  { generics_error(@2); YYABORT; }
  | pexpr '[' non_expr_type ']'         { generics_error(@2); YYABORT; }
  | pexpr '[' oexpr ':' oexpr ']'       { $$ = mk_slice(@2, $1, $3, $5, NULL); }
  | pexpr '[' oexpr ':' expr ':' expr ']'  { $$ = mk_slice(@2, $1, $3, $5, $7); }
  | pseudocall
  | convtype '(' ')'                    { $$ = mk_call(@3, $1, (NodeList){0}, false); }
  | convtype '(' expr_or_type_list ocomma ')'  { $$ = mk_call(@5, $1, $3, false); }
  | comptype lbrace braced_keyval_list '}'  { if ($2) lex_rearm(lx); $$ = mk_composite(@2, @4, $1, $3); }
  | name '{' braced_keyval_list '}'   { $$ = mk_composite(@2, @4, $1, $3); }
  | pexpr '.' IDENT '{' braced_keyval_list '}'
                { $$ = mk_composite(@4, @6, mk_selector(@2, $1, mk_ident($3, @3)), $5); }
  | fnliteral
    ;

pexpr:
    pexpr_no_paren
  | '(' expr_or_type ')'                { $$ = mk_x(ND_PAREN, @1, $2); }
  | '(' expr_or_type ')' '{' braced_keyval_list '}'
                { syntax_error(lx, @4, "cannot parenthesize type in composite literal"); $$ = mk_composite(@4, @6, $2, $5); }
    ;

name:
    IDENT                               { $$ = mk_ident($1, @1); }
    ;

expr_or_type:
    expr
  | non_expr_type %prec NotParen
    ;

expr_list:
    expr                                { $$ = list1($1); }
  | expr_list ',' expr                  { $$ = list_add($1, $3); }
    ;

expr_or_type_list:
    expr_or_type                        { $$ = list1($1); }
  | expr_or_type_list ',' expr_or_type  { $$ = list_add($1, $3); }
    ;

braced_keyval_list:
    %empty                              { $$ = (NodeList){0}; }
  | keyval_list ocomma
    ;
keyval_list:
    keyval                              { $$ = list1($1); }
  | complitexpr                         { $$ = list1($1); }
  | keyval_list ',' keyval              { $$ = list_add($1, $3); }
  | keyval_list ',' complitexpr         { $$ = list_add($1, $3); }
    ;
keyval:
    complitexpr ':' complitexpr         { $$ = mk_kv(@2, $1, $3); }
    ;
complitexpr:
    expr
  | '{' braced_keyval_list '}'          { $$ = mk_composite(@1, @3, NULL, $2); }
    ;

/* ---- statements ---- */

stmt_list:
    stmt                                { $$ = list1($1); }
  | stmt_list ';' stmt                  { $$ = list_add($1, $3); }
    ;

stmt:
    %empty                              { $$ = NULL; }
  | compound_stmt
  | common_dcl                          { $$ = mk_x(ND_DECLSTMT, $1->pos, NULL); $$->decl = $1; }
  | non_dcl_stmt
  | error                               { $$ = NULL; }
    ;

compound_stmt:
    '{' stmt_list '}'                   { $$ = mk_block(@1, $2); $$->opos = @3; }
    ;

loop_body:
    LBODY stmt_list '}'                 { $$ = mk_block(@1, $2); $$->opos = @3; }
    ;

non_dcl_stmt:
    simple_stmt
  | for_stmt
  | switch_stmt
  | select_stmt
  | if_stmt
  | IDENT ':' stmt                      { $$ = mk_labeled(mk_ident($1, @1), $3); }
  | FALLTHROUGH                         { $$ = mk_branch(@1, KW_FALLTHROUGH, NULL); }
  | BREAK                               { $$ = mk_branch(@1, KW_BREAK, NULL); }
  | BREAK IDENT                         { $$ = mk_branch(@1, KW_BREAK, mk_ident($2, @2)); }
  | CONTINUE                            { $$ = mk_branch(@1, KW_CONTINUE, NULL); }
  | CONTINUE IDENT                      { $$ = mk_branch(@1, KW_CONTINUE, mk_ident($2, @2)); }
  | GOTO IDENT                          { $$ = mk_branch(@1, KW_GOTO, mk_ident($2, @2)); }
  | GO expr                             { $$ = mk_gostmt(ND_GO, @1, $2); }
  | DEFER expr                          { $$ = mk_gostmt(ND_DEFER, @1, $2); }
  | RETURN                              { $$ = mk_return(@1, (NodeList){0}); }
  | RETURN expr_list                    { $$ = mk_return(@1, $2); }
    ;

simple_stmt:
    expr                                { $$ = mk_exprstmt($1); }
  | expr ASSIGNOP expr                  { $$ = mk_assign(@2, $2, list1($1), list1($3), false); }
  | expr_list '=' expr_list             { $$ = mk_assign(@2, OP_NONE, $1, $3, false); }
  | expr_list DEFINE expr_list          { $$ = mk_assign(@2, OP_NONE, $1, $3, true); }
  | expr INC                            { $$ = mk_incdec(@2, OP_INC, $1); }
  | expr DEC                            { $$ = mk_incdec(@2, OP_DEC, $1); }
  | expr ARROW expr                     { $$ = mk_send(@2, $1, $3); }
    ;

osimple_stmt:
    %empty                              { $$ = NULL; }
  | simple_stmt
    ;

/* IfStmt = "if" [ SimpleStmt ";" ] Expression Block [ "else" ( IfStmt | Block ) ] */
if_stmt:
    IF if_header loop_body else         { $$ = mk_if(lx, @1, $2, $3, $4); }
    ;
if_header:
    osimple_stmt                        { $$ = mk_header(NULL, $1, NULL); }
  | osimple_stmt ';' osimple_stmt       { $$ = mk_header($1, $3, NULL); $$->opos = @2; }
  | VAR simple_stmt                     { var_in_header(lx, @0, @2); $$ = mk_header(NULL, $2, NULL); }
  | VAR simple_stmt ';' osimple_stmt    { var_in_header(lx, @0, @2); $$ = mk_header($2, $4, NULL); $$->opos = @3; }
    ;
else:
    %empty                              { $$ = NULL; }
  | ELSE if_stmt                        { $$ = $2; }
  | ELSE compound_stmt                  { $$ = $2; }
    ;

/* ForStmt = "for" [ Condition | ForClause | RangeClause ] Block */
for_stmt:
    FOR for_header loop_body            { $$ = mk_for(lx, @1, $2, $3); }
    ;
for_header:
    osimple_stmt ';' osimple_stmt ';' osimple_stmt  { $$ = mk_header($1, $3, $5); }
  | VAR simple_stmt ';' osimple_stmt ';' osimple_stmt
                { var_in_header(lx, @0, @2); $$ = mk_header($2, $4, $6); }
  | osimple_stmt                        { $$ = mk_header(NULL, $1, NULL); }
  | range_stmt
    ;
range_stmt:
    expr_list '=' RANGE expr            { $$ = mk_range(@3, $1, false, $4); }
  | expr_list DEFINE RANGE expr         { $$ = mk_range(@3, $1, true, $4); }
  | RANGE expr                          { $$ = mk_range(@1, (NodeList){0}, false, $2); }
    ;

/* SwitchStmt = "switch" [ SimpleStmt ";" ] [ Expression | TypeSwitchGuard ] "{" { CaseClause } "}" */
switch_stmt:
    SWITCH if_header LBODY caseblock_list '}'  { $$ = mk_switch(lx, @1, $2, $4, @3); }
    ;
select_stmt:
    SELECT LBODY caseblock_list '}'     { $$ = mk_select(@1, $3, @2); }
    ;
caseblock_list:
    %empty                              { $$ = (NodeList){0}; }
  | caseblock_list caseblock            { $$ = list_add($1, $2); }
    ;
caseblock:
    case stmt_list                      { $$ = mk_caseblock($1, $2); }
    ;
case:
    CASE expr_or_type_list ':'          { $$ = mk_case(@1, $2, NULL); }
  | CASE expr_or_type_list '=' expr ':' { $$ = mk_case(@1, (NodeList){0}, mk_assign(@3, OP_NONE, $2, list1($4), false)); }
  | CASE expr_or_type_list DEFINE expr ':'  { $$ = mk_case(@1, (NodeList){0}, mk_assign(@3, OP_NONE, $2, list1($4), true)); }
  | CASE expr ARROW expr ':'            { $$ = mk_case(@1, (NodeList){0}, mk_send(@3, $2, $4)); }
  | DEFAULT ':'                         { $$ = mk_case(@1, (NodeList){0}, NULL); }
    ;

%%

/* ---- syntax errors ----
 *
 * Go's parser is recursive descent, so the wording of a syntax error names
 * the construct being parsed: "unexpected x in argument list; possibly
 * missing comma or )", "at end of statement", "expecting }".  Bison knows the
 * same thing: the accessing symbol of each state on its stack spells the
 * input read so far as the grammar sees it, e.g.
 *     PACKAGE IDENT ';' topdecl_list FUNC IDENT '(' params ')' fnres '{'
 *     stmt_list ';' pexpr '(' expr_or_type_list
 * syntax_context() finds the innermost construct still open on that stack
 * (an unmatched bracket, an if/for/switch header, a case), and
 * yyreport_syntax_error words the error as Go's parser does there; LAC
 * (parse.lac full) makes the expected-token set exact.
 *
 * After the first syntax error of a file the parser gets no more tokens
 * (Lexer.stop; the rest of the file is still scanned for lexical errors):
 * Go recovers differently from bison, and one accurate message beats
 * several confusing ones.  Syntax errors found by actions (missing
 * condition, var in an if header...) do not stop the parse, as in Go, and
 * like Go we report at most one syntax error per line.
 */

/* Go's syntaxErrorAt: a message starting with "in ", "at ", "after " or
 * "expecting " follows "unexpected TOKEN"; any other is reported alone. */
static void go_syntax_error(Lexer *lx, Pos pos, const char *msg)
{
    if (lx->syntax_line == pos.line)
        return;
    lx->syntax_line = pos.line;
    if (!strncmp(msg, "in ", 3) || !strncmp(msg, "at ", 3) || !strncmp(msg, "after ", 6))
        diag_error(pos, "syntax error: unexpected %s %s", lx->desc, msg);
    else if (!strncmp(msg, "expecting ", 10))
        diag_error(pos, "syntax error: unexpected %s, %s", lx->desc, msg);
    else
        diag_error(pos, "syntax error: %s", msg);
}

/* A syntax error found by a grammar action (the parse goes on). */
static void syntax_error(Lexer *lx, Pos p, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (lx->syntax_line == p.line)
        return;
    lx->syntax_line = p.line;
    diag_error(p, "syntax error: %s", msg);
}

/* `if var x = 1; ...`: Go accepts the declaration as `x = 1` and complains
 * at the token after `var`; kw is the position of if/for/switch. */
static void var_in_header(Lexer *lx, Pos kw, Pos p)
{
    const char *s = src_at(lx, kw);
    const char *what = s && *s == 'i' ? "if" : s && *s == 's' ? "switch" : "for";
    syntax_error(lx, p, "var declaration not allowed in %s initializer", what);
}

/* The innermost construct open on the parser's stack. */
typedef enum {
    CX_TOP,         /* between top-level declarations */
    CX_BLOCK,       /* a statement list in braces */
    CX_CASEBODY,    /* the statements of a case or default clause */
    CX_SWITCHBODY,  /* the braces of a switch or select, between clauses */
    CX_ARGS,        /* call arguments */
    CX_PARAMS,      /* a parameter or result list */
    CX_COMPLIT,     /* the elements of a composite literal */
    CX_STRUCT,      /* the fields of a struct type */
    CX_IFACE,       /* the methods of an interface type */
    CX_GROUP,       /* var ( ... ), const, type, import */
    CX_PAREN,       /* a parenthesized expression or type, a type assertion */
    CX_INDEX,       /* x[ ... */
    CX_BRACK,       /* an array length, a map key type */
    CX_IF, CX_FOR, CX_SWITCH,  /* a statement header, before its { */
    CX_CASE,        /* case ... before the colon */
} Context;

#define SYM(c) ((yysymbol_kind_t)YYTRANSLATE(c))

/* The kind of the construct opened by s[i] (a bracket or a keyword). */
static Context open_kind(const yysymbol_kind_t *s, int i)
{
    yysymbol_kind_t prev = i > 0 ? s[i - 1] : YYSYMBOL_YYEOF;
    yysymbol_kind_t k = s[i];
    if (k == SYM('(')) {
        if (prev == YYSYMBOL_pexpr || prev == YYSYMBOL_convtype)
            return CX_ARGS;
        if (prev == YYSYMBOL_FUNC || prev == YYSYMBOL_IDENT || prev == SYM(')'))
            return CX_PARAMS;
        if (prev == YYSYMBOL_VAR || prev == YYSYMBOL_CONST || prev == YYSYMBOL_TYPE ||
            prev == YYSYMBOL_IMPORT)
            return CX_GROUP;
        return CX_PAREN;
    }
    if (k == SYM('['))
        return prev == YYSYMBOL_pexpr ? CX_INDEX : CX_BRACK;
    if (k == YYSYMBOL_LBODY) {
        if (prev == YYSYMBOL_SELECT || (prev == YYSYMBOL_if_header && i > 1 && s[i - 2] == YYSYMBOL_SWITCH))
            return CX_SWITCHBODY;
        return CX_BLOCK;
    }
    if (k == YYSYMBOL_lbrace) {
        if (prev == YYSYMBOL_STRUCT)
            return CX_STRUCT;
        if (prev == YYSYMBOL_INTERFACE)
            return CX_IFACE;
        return prev == YYSYMBOL_comptype ? CX_COMPLIT : CX_BLOCK;
    }
    if (k == SYM('{')) {
        if (prev == YYSYMBOL_name || prev == YYSYMBOL_IDENT || prev == SYM(','))
            return CX_COMPLIT;
        if (prev == SYM(':'))
            return i > 1 && s[i - 2] == YYSYMBOL_complitexpr ? CX_COMPLIT : CX_BLOCK;
        if (prev == SYM('{') || prev == YYSYMBOL_lbrace)
            return open_kind(s, i - 1) == CX_COMPLIT ? CX_COMPLIT : CX_BLOCK;
        return CX_BLOCK;
    }
    switch ((int)k) {
    case YYSYMBOL_IF: return CX_IF;
    case YYSYMBOL_FOR: return CX_FOR;
    case YYSYMBOL_SWITCH: return CX_SWITCH;
    case YYSYMBOL_CASE: return CX_CASE;
    case YYSYMBOL_case: return CX_CASEBODY;
    default: return CX_TOP;
    }
}

/* Finds the innermost open construct among s[0..n); stores its index. */
static Context syntax_context(const yysymbol_kind_t *s, int n, int *at)
{
    int depth = 0;
    for (int i = n - 1; i > 0; i--) {
        yysymbol_kind_t k = s[i];
        if (k == SYM(')') || k == SYM(']') || k == SYM('}')) {
            depth++;
            continue;
        }
        bool opener = k == SYM('(') || k == SYM('[') || k == SYM('{') ||
                      k == YYSYMBOL_LBODY || k == YYSYMBOL_lbrace;
        if (opener && depth > 0) {
            depth--;
            continue;
        }
        if (depth > 0)
            continue;
        if (k == YYSYMBOL_topdecl_list) {
            *at = i;
            return CX_TOP;
        }
        /* `if x {}` waiting for a possible else is a finished statement */
        if (k == YYSYMBOL_IF && i + 2 < n && s[i + 2] == YYSYMBOL_loop_body)
            continue;
        if (opener || k == YYSYMBOL_IF || k == YYSYMBOL_FOR || k == YYSYMBOL_SWITCH ||
            k == YYSYMBOL_CASE || k == YYSYMBOL_case) {
            *at = i;
            return open_kind(s, i);
        }
    }
    *at = 0;
    return CX_TOP;
}

/* Go's spelling of an expected token. */
static const char *tok_name(yysymbol_kind_t k)
{
    switch (k) {
    case YYSYMBOL_YYEOF: return "EOF";
    case YYSYMBOL_IDENT: return "name";
    case YYSYMBOL_LBODY: return "{";
    case YYSYMBOL_ASSIGNOP: return "op=";
    default: break;
    }
    const char *s = yysymbol_name(k);
    if (strcmp(s, "','") == 0)
        return "comma";
    if (strcmp(s, "';'") == 0)
        return "semicolon or newline";
    static char buf[32];
    size_t n = strlen(s);
    if (n >= 2 && (s[0] == '"' || s[0] == '\'') && n - 2 < sizeof buf) {
        memcpy(buf, s + 1, n - 2);
        buf[n - 2] = 0;
        return buf;
    }
    return s;
}

/* Tokens that could only continue an expression: left out of "expecting". */
static bool tok_continues_expr(yysymbol_kind_t k)
{
    switch ((int)k) {
    case YYSYMBOL_OROR: case YYSYMBOL_ANDAND: case YYSYMBOL_EQ: case YYSYMBOL_NE:
    case YYSYMBOL_LE: case YYSYMBOL_GE: case YYSYMBOL_SHL: case YYSYMBOL_SHR:
    case YYSYMBOL_ANDNOT: case YYSYMBOL_INC: case YYSYMBOL_DEC: case YYSYMBOL_ASSIGNOP:
    case YYSYMBOL_ARROW:
        return true;
    default: {
        const char *s = yysymbol_name(k);
        return s[0] == '\'' && strchr("+-*/%&|^<>.([{!", s[1]) != NULL;
    }
    }
}

static void yyerror(Pos *loc, Lexer *lx, Node **result, const char *msg)
{
    (void)lx;
    (void)result;
    diag_error(*loc, "%s", msg);
}

/* The message for an error in a list of `what` separated by `sep` and closed
 * by `close` (Go's parser.list): after an element, Go names the list. */
static const char *list_error(char *buf, size_t size, const char *what, const char *sep,
                              const char *close)
{
    snprintf(buf, size, "in %s; possibly missing %s or %s", what, sep, close);
    return buf;
}

/* The message for an unexpected token where Go parses an operand, a type
 * or a name: "expecting expression", "expecting type"... */
static const char *inner_error(char *buf, size_t size, const yysymbol_kind_t *exp, int n,
                               bool (*has)(const yysymbol_kind_t *, int, yysymbol_kind_t))
{
    if (has(exp, n, YYSYMBOL_INT))
        return "expecting expression";
    if (has(exp, n, YYSYMBOL_MAP) && !has(exp, n, SYM(';')))
        return "expecting type";
    if (has(exp, n, YYSYMBOL_DEFINE) && has(exp, n, SYM('=')) && !has(exp, n, SYM(';')))
        return "expecting := or = or comma";
    if (has(exp, n, YYSYMBOL_STRING) && !has(exp, n, SYM(';')))
        return "missing import path";
    const char *names[5];
    int m = 0;
    for (int i = 0; i < n && m < 5; i++) {
        if (tok_continues_expr(exp[i]) && exp[i] != SYM('(') && exp[i] != SYM('{'))
            continue;
        const char *s = arena_strdup(tok_name(exp[i]));
        bool dup = false;
        for (int j = 0; j < m; j++)
            dup |= strcmp(names[j], s) == 0;
        if (!dup)
            names[m++] = s;
    }
    if (m == 0 || m == 5)
        return "";
    size_t len = (size_t)snprintf(buf, size, "expecting ");
    for (int j = 0; j < m && len < size; j++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", j ? " or " : "", names[j]);
    return buf;
}

static bool has_tok(const yysymbol_kind_t *exp, int n, yysymbol_kind_t k)
{
    for (int i = 0; i < n; i++)
        if (exp[i] == k)
            return true;
    return false;
}

static int yyreport_syntax_error(const yypcontext_t *ctx, Lexer *lx, Node **result)
{
    (void)result;
    if (lx->stop)
        return 0;
    Pos pos = *yypcontext_location(ctx);
    if (yypcontext_token(ctx) == YYSYMBOL_YYEOF && diag_count() > lx->diag_base)
        return 0;   /* Go: no "unexpected EOF" after another error (an unterminated literal...) */
    lx->stop = true;

    yysymbol_kind_t exp[YYNTOKENS];
    int n = yypcontext_expected_tokens(ctx, exp, YYNTOKENS);
    if (n < 0)
        n = 0;
    /* the parser's stack as symbols, bottom (state 0) first */
    int depth = 0;
    for (const yy_state_t *p = ctx->yyssp; *p != 0; p--)
        depth++;
    int ns = depth + 1;
    yysymbol_kind_t *s = arena_alloc((size_t)ns * sizeof *s);
    for (int i = 0; i < ns; i++)
        s[i] = YY_ACCESSING_SYMBOL(ctx->yyssp[i - depth]);
    yysymbol_kind_t top = s[ns - 1], prev = ns > 1 ? s[ns - 2] : YYSYMBOL_YYEOF;
    yysymbol_kind_t tok = yypcontext_token(ctx);
    char buf[160];
    const char *msg = NULL;

    int at;
    Context cx = syntax_context(s, ns, &at);
    bool stmt_start = has_tok(exp, n, YYSYMBOL_FOR);
    bool semi = has_tok(exp, n, SYM(';'));
    bool at_list_start = top == s[at] || top == SYM(',') || (top == SYM(';') && cx != CX_BLOCK);

    if (ns == 1)
        msg = "package statement must be first";
    else if (top == YYSYMBOL_IDENT && prev == YYSYMBOL_PACKAGE)
        msg = "expecting semicolon or newline";
    else if (top == YYSYMBOL_DEFAULT)
        msg = "expecting :";
    else if (top == YYSYMBOL_VAR || top == YYSYMBOL_CONST || top == YYSYMBOL_TYPE)
        msg = "expecting name";
    else if (top == YYSYMBOL_CHAN || (top == YYSYMBOL_ARROW && prev == YYSYMBOL_CHAN))
        msg = "missing channel element type";
    else if (top == YYSYMBOL_ELLIPSIS && cx == CX_PARAMS)
        msg = "... is missing type";
    else if (has_tok(exp, n, YYSYMBOL_STRING) && !has_tok(exp, n, SYM(';')) && !has_tok(exp, n, YYSYMBOL_INT) &&
             (tok == YYSYMBOL_INT || tok == YYSYMBOL_FLOAT || tok == YYSYMBOL_IMAG || tok == YYSYMBOL_CHAR))
        msg = "import path must be a string";
    else if (top == YYSYMBOL_ELSE)
        msg = "else must be followed by if or statement block";
    else if (top == YYSYMBOL_FUNC)
        msg = prev == YYSYMBOL_topdecl_list ? "expecting name or (" : "expecting (";
    else if (top == SYM(')') && ns > 4 && s[ns - 4] == YYSYMBOL_FUNC && s[ns - 5] == YYSYMBOL_topdecl_list)
        msg = "expecting name or (";   /* func (recv) without a method name */
    else if (top == SYM('.') && (prev == YYSYMBOL_pexpr || prev == YYSYMBOL_structtype ||
                                 prev == YYSYMBOL_interfacetype))
        msg = "expecting name or (";
    else if (has_tok(exp, n, SYM('(')) && (n == 1 || (n == 2 && has_tok(exp, n, SYM('[')))))
        msg = "expecting (";           /* func name without a signature */
    else if ((top == YYSYMBOL_IDENT || top == SYM('=')) &&
             (s[at] == YYSYMBOL_topdecl_list || cx == CX_BLOCK || cx == CX_CASEBODY || cx == CX_GROUP) &&
             ((prev == YYSYMBOL_TYPE) ||
              (top == SYM('=') && prev == YYSYMBOL_IDENT && ns > 2 && s[ns - 3] == YYSYMBOL_TYPE) ||
              (cx == CX_GROUP && s[at - 1] == YYSYMBOL_TYPE && (prev == SYM('(') || prev == SYM(';')))))
        msg = "in type declaration";
    else if (top == SYM(':') && prev == YYSYMBOL_IDENT && (cx == CX_BLOCK || cx == CX_CASEBODY) &&
             tok != SYM('}')) {
        pos = lx->prev_pos;            /* Go reports at the colon */
        msg = "missing statement after label";
    }
    if (!msg) {
        switch (cx) {
        case CX_TOP:
            if (top == YYSYMBOL_topdecl_list)
                msg = tok == SYM('{') && lx->bodyless_func
                    ? "unexpected semicolon or newline before {"
                    : "non-declaration statement outside function body";
            else if (semi)
                msg = "after top level declaration";
            break;
        case CX_BLOCK:
        case CX_CASEBODY:
            if (stmt_start)
                msg = cx == CX_CASEBODY ? "expecting case or default or }" : "expecting }";
            else if (semi && !has_tok(exp, n, YYSYMBOL_INT))
                msg = "at end of statement";
            break;
        case CX_SWITCHBODY:
            msg = "expecting case or default or }";
            break;
        case CX_ARGS:
        case CX_COMPLIT:
        case CX_STRUCT:
        case CX_IFACE:
        case CX_GROUP:
        case CX_PARAMS: {
            static const char *what[] = {
                [CX_ARGS] = "argument list", [CX_COMPLIT] = "composite literal",
                [CX_STRUCT] = "struct type", [CX_IFACE] = "interface type",
                [CX_GROUP] = "grouped declaration", [CX_PARAMS] = "parameter list",
            };
            bool semis = cx == CX_STRUCT || cx == CX_IFACE || cx == CX_GROUP;
            const char *close = cx == CX_COMPLIT || (semis && cx != CX_GROUP) ? "}" : ")";
            if (at_list_start) {
                if (cx == CX_PARAMS && !has_tok(exp, n, YYSYMBOL_INT))
                    msg = "expecting )";
                else if (cx == CX_STRUCT)
                    msg = "expecting field name or embedded type";
            } else if (has_tok(exp, n, semis ? SYM(';') : SYM(','))) {
                msg = list_error(buf, sizeof buf, what[cx], semis ? "semicolon or newline" : "comma", close);
            }
            break;
        }
        case CX_PAREN:
            if (has_tok(exp, n, SYM(')')))
                msg = "expecting )";
            break;
        case CX_INDEX:
            if (top == s[at] && tok == SYM(']')) {
                msg = "expecting operand";
            } else if (has_tok(exp, n, SYM(']'))) {
                bool colon = false;
                for (int i = at + 1; i < ns; i++)
                    colon |= s[i] == SYM(':');
                msg = colon ? "expecting ]" : "expecting comma, : or ]";
            }
            break;
        case CX_BRACK:
            if (has_tok(exp, n, SYM(']')))
                msg = "expecting ]";
            break;
        case CX_IF:
        case CX_FOR:
        case CX_SWITCH: {
            /* the header may be reduced already: the lexer counted */
            int semis = lx->hdr_semis - (tok == SYM(';'));
            bool range = lx->hdr_range;
            if (has_tok(exp, n, YYSYMBOL_LBODY)) {
                if (cx == CX_IF)
                    msg = semis ? "expecting { after if clause" : "expecting {";
                else if (cx == CX_SWITCH)
                    msg = semis ? "missing { after switch clause" : "expecting {";
                else
                    msg = semis || range ? "expecting { after for clause" : "expecting {";
            } else if (cx == CX_FOR && semis == 1 && top == SYM(';') && tok == YYSYMBOL_LBODY) {
                msg = "expecting for loop condition";
            } else if (cx == CX_FOR && semis == 1 && semi) {
                msg = "expecting semicolon or newline";
            }
            break;
        }
        case CX_CASE:
            if (has_tok(exp, n, SYM(':')))
                msg = "expecting :";
            break;
        }
    }
    if (!msg)
        msg = inner_error(buf, sizeof buf, exp, n, has_tok);
    if (!*msg) {
        if (lx->syntax_line != pos.line)
            diag_error(pos, "syntax error: unexpected %s", lx->desc);
        lx->syntax_line = pos.line;
        return 0;
    }
    go_syntax_error(lx, pos, msg);
    return 0;
}

/* ---- AST constructors ---- */

static Node *mk(NodeKind k, Pos p) { return node_new(k, p); }

static Node *mk_ident(const char *s, Pos p)
{
    Node *n = mk(ND_IDENT, p);
    n->str = s;
    return n;
}

static Node *mk_lit(LitKind k, const char *s, Pos p)
{
    Node *n = mk(ND_BASICLIT, p);
    n->lit_kind = k;
    n->lit = s;
    return n;
}

static Node *mk_x(NodeKind k, Pos p, Node *x)
{
    Node *n = mk(k, p);
    n->x = x;
    return n;
}

static Node *mk_xy(NodeKind k, Pos p, Node *x, Node *y)
{
    Node *n = mk(k, p);
    n->x = x;
    n->y = y;
    return n;
}

static Node *mk_unary(Op op, Pos p, Node *x)
{
    Node *n = mk_x(ND_UNARY, p, x);
    n->op = op;
    return n;
}

static Node *mk_binary(Op op, Pos p, Node *x, Node *y)
{
    Node *n = mk_xy(ND_BINARY, x->pos, x, y);
    n->opos = p;
    n->op = op;
    return n;
}

static Node *mk_selector(Pos p, Node *x, Node *name)
{
    Node *n = mk_x(ND_SELECTOR, x->pos, x);
    n->opos = p;
    n->name = name;
    n->str = name->str;
    return n;
}

static Node *mk_index(Pos p, Node *x, Node *i)
{
    Node *n = mk_x(ND_INDEX, x->pos, x);
    n->opos = p;
    n->index = i;
    return n;
}

static Node *mk_slice(Pos p, Node *x, Node *lo, Node *hi, Node *max)
{
    Node *n = mk_x(ND_SLICE, x->pos, x);
    n->opos = p;
    n->lo = lo;
    n->hi = hi;
    n->max = max;
    n->slice3 = max != NULL;
    return n;
}

static Node *mk_assert(Pos p, Node *x, Node *t)
{
    Node *n = mk_x(ND_TYPEASSERT, x->pos, x);
    n->opos = p;
    n->ctype = t;
    return n;
}

static Node *mk_call(Pos p, Node *fun, NodeList args, bool dots)
{
    Node *n = mk(ND_CALL, fun->pos);
    n->opos = p;
    n->fun = fun;
    n->args = args;
    n->has_ellipsis = dots;
    n->variadic_pack = -1;
    return n;
}

static Node *mk_composite(Pos p, Pos rbrace, Node *type, NodeList elts)
{
    Node *n = mk(ND_COMPOSITE, type ? type->pos : p);
    n->opos = rbrace;
    n->ctype = type;
    n->elts = elts;
    return n;
}

static Node *mk_kv(Pos p, Node *x, Node *y)
{
    Node *n = mk_xy(ND_KEYVALUE, x->pos, x, y);
    n->opos = p;
    return n;
}

static Node *mk_send(Pos p, Node *x, Node *y)
{
    Node *n = mk_xy(ND_SEND, x->pos, x, y);
    n->opos = p;
    return n;
}

static Node *mk_funclit(Node *ftype, Node *body)
{
    Node *n = mk(ND_FUNCLIT, ftype->pos);
    n->ftype = ftype;
    n->body = body;
    return n;
}

static Node *mk_arraytype(Pos p, Node *len, Node *elem)
{
    Node *n = mk(ND_ARRAYTYPE, p);
    n->len = len;
    n->elem = elem;
    return n;
}

static Node *mk_maptype(Pos p, Node *key, Node *elem)
{
    Node *n = mk(ND_MAPTYPE, p);
    n->key = key;
    n->elem = elem;
    return n;
}

static Node *mk_chantype(Pos p, ChanDir dir, Node *elem)
{
    Node *n = mk(ND_CHANTYPE, p);
    n->dir = dir;
    n->elem = elem;
    return n;
}

static Node *mk_struct(Pos p, NodeList fields)
{
    Node *n = mk(ND_STRUCTTYPE, p);
    n->fields = fields;
    return n;
}

static Node *mk_iface(Pos p, NodeList fields)
{
    Node *n = mk(ND_INTERFACETYPE, p);
    n->fields = fields;
    return n;
}

static Node *mk_field(Pos p, NodeList names, Node *type, Node *tag)
{
    Node *n = mk(ND_FIELD, p);
    n->names = names;
    n->ftype = type;
    n->tagl = tag;
    return n;
}

static Node *mk_embed(Pos p, Node *type, Node *tag)
{
    return mk_field(p, (NodeList){0}, type, tag);
}

/* An interface element that is a type literal: only an embedded interface
 * literal is Go 1.17 syntax; anything else is a type set (generics). */
static Node *mk_iface_elem(Pos p, Node *type)
{
    if (type->kind != ND_INTERFACETYPE) {
        generics_error(p);
        return NULL;
    }
    return mk_embed(p, type, NULL);
}

static Node *mk_method(Node *name, Node *ftype)
{
    return mk_field(name->pos, list1(name), ftype, NULL);
}

/* One raw parameter: name may be NULL; mk_params regroups them. */
static Node *mk_param(Pos p, Node *name, Node *type)
{
    Node *n = mk(ND_FIELD, p);
    if (name)
        list_push(&n->names, name);
    n->ftype = type;
    return n;
}

/* ParameterList = ParameterDecl { "," ParameterDecl }: when some parameter
 * is named, a lone identifier is a name sharing the type that follows it
 * (`a, b int`); otherwise every entry is a type. */
static NodeList mk_params(NodeList raw)
{
    bool named = false;
    for (int i = 0; i < raw.len; i++)
        if (raw.v[i]->names.len)
            named = true;
    if (!named)
        return raw;
    NodeList out = {0}, pending = {0};
    for (int i = 0; i < raw.len; i++) {
        Node *f = raw.v[i];
        if (f->names.len) {
            Node *g = mk(ND_FIELD, pending.len ? pending.v[0]->pos : f->pos);
            for (int j = 0; j < pending.len; j++)
                list_push(&g->names, pending.v[j]);
            list_push(&g->names, f->names.v[0]);
            g->ftype = f->ftype;
            list_push(&out, g);
            pending = (NodeList){0};
        } else if (f->ftype->kind == ND_IDENT) {
            list_push(&pending, f->ftype);
        } else {
            diag_error(f->pos, "syntax error: mixed named and unnamed parameters");
            pending = (NodeList){0};
        }
    }
    if (pending.len)
        diag_error(pending.v[pending.len - 1]->pos, "syntax error: mixed named and unnamed parameters");
    return out;
}

static Node *mk_functype(Pos p, NodeList params, NodeList results)
{
    Node *n = mk(ND_FUNCTYPE, p);
    n->params = params;
    n->results = results;
    for (int i = 0; i < results.len; i++)
        if (results.v[i]->ftype && results.v[i]->ftype->kind == ND_ELLIPSIS)
            diag_error(results.v[i]->ftype->pos, "can only use ... with final parameter in list");
    for (int i = 0; i + 1 < params.len; i++)
        if (params.v[i]->ftype && params.v[i]->ftype->kind == ND_ELLIPSIS)
            diag_error(params.v[i]->ftype->pos, "can only use ... with final parameter in list");
    return n;
}

static NodeList mk_result1(Node *type)
{
    return list1(mk_field(type->pos, (NodeList){0}, type, NULL));
}

static NodeList list1(Node *n)
{
    NodeList l = {0};
    if (n)
        list_push(&l, n);
    return l;
}

static NodeList list_add(NodeList l, Node *n)
{
    if (n)
        list_push(&l, n);
    return l;
}

/* ---- statements ---- */

static Node *mk_block(Pos p, NodeList stmts)
{
    Node *n = mk(ND_BLOCK, p);
    n->stmts = stmts;
    return n;
}

static Node *mk_exprstmt(Node *x)
{
    return mk_x(ND_EXPRSTMT, x->pos, x);
}

static Node *mk_assign(Pos p, Op op, NodeList lhs, NodeList rhs, bool define)
{
    Node *n = mk(ND_ASSIGN, lhs.len ? lhs.v[0]->pos : p);
    n->opos = p;
    n->op = op;
    n->lhs = lhs;
    n->rhs = rhs;
    n->define = define;
    return n;
}

static Node *mk_incdec(Pos p, Op op, Node *x)
{
    Node *n = mk_x(ND_INCDEC, x->pos, x);
    n->opos = p;
    n->op = op;
    return n;
}

static Node *mk_labeled(Node *label, Node *stmt)
{
    Node *n = mk(ND_LABELED, label->pos);
    n->label = label;
    n->body = stmt ? stmt : mk(ND_EMPTY, label->pos);
    return n;
}

static Node *mk_branch(Pos p, Keyword kw, Node *label)
{
    Node *n = mk(ND_BRANCH, p);
    n->kw = kw;
    n->label = label;
    return n;
}

static Node *mk_gostmt(NodeKind k, Pos p, Node *call)
{
    Node *x = call;
    while (x->kind == ND_PAREN)
        x = x->x;
    if (x->kind != ND_CALL)
        diag_error(call->pos, "expression in %s must be function call", k == ND_GO ? "go" : "defer");
    else if (x != call)
        diag_error(call->pos, "expression in %s must not be parenthesized", k == ND_GO ? "go" : "defer");
    return mk_x(k, p, call);
}

static Node *mk_return(Pos p, NodeList results)
{
    Node *n = mk(ND_RETURN, p);
    n->results = results;
    return n;
}

/* A statement header: init; cond; post, each a statement or NULL. */
static Node *mk_header(Node *init, Node *cond, Node *post)
{
    Node *n = mk(ND_BAD, (Pos){0, 0, 0});
    n->init = init;
    n->cond = cond;
    n->post = post;
    return n;
}

/* The source text at position p, or NULL. */
static const char *src_at(Lexer *lx, Pos p)
{
    const char *s = lx->src;
    for (int line = 1; line < p.line; line++) {
        s = memchr(s, '\n', (size_t)(lx->lim - s));
        if (!s)
            return NULL;
        s++;
    }
    return p.col >= 1 && s + p.col - 1 < lx->lim ? s + p.col - 1 : NULL;
}

/* The source text from `from` up to `to` (exclusive), spaces trimmed. */
static const char *src_text(Lexer *lx, Pos from, Pos to)
{
    const char *p = lx->src, *a = NULL, *b = NULL;
    int line = 1;
    for (;;) {
        if (line == from.line && !a)
            a = p + from.col - 1;
        if (line == to.line && !b)
            b = p + to.col - 1;
        const char *nl = memchr(p, '\n', (size_t)(lx->lim - p));
        if ((a && b) || !nl)
            break;
        p = nl + 1;
        line++;
    }
    if (!a || !b || b < a || b > lx->lim)
        return "statement";
    while (a < b && (*a == ' ' || *a == '\t'))
        a++;
    while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == ';' || b[-1] == '\n' || b[-1] == '\r'))
        b--;
    return arena_strndup(a, (size_t)(b - a));
}

/* The condition statement of a header as an expression; body is where the
 * header ends. */
static Node *header_expr(Lexer *lx, Node *s, const char *what, Pos body)
{
    if (!s) {
        syntax_error(lx, body, "missing condition in %s statement", what);
        return NULL;
    }
    if (s->kind == ND_ASSIGN && !s->define && s->op == OP_NONE) {
        /* Go writes `x = 1` as "assignment (x) = (1)" to show the `=` */
        Pos after = s->opos;
        after.col++;
        syntax_error(lx, s->opos, "cannot use assignment (%s) = (%s) as value",
                     src_text(lx, s->pos, s->opos), src_text(lx, after, body));
        return NULL;
    }
    if (s->kind != ND_EXPRSTMT) {
        syntax_error(lx, s->opos.line ? s->opos : s->pos, "cannot use %s as value",
                     src_text(lx, s->pos, body));
        return NULL;
    }
    return s->x;
}

static Node *mk_if(Lexer *lx, Pos p, Node *hdr, Node *body, Node *els)
{
    Node *n = mk(ND_IF, p);
    n->init = hdr->init;
    if (!hdr->cond && hdr->opos.line) {
        /* `if x; {` or `if x` NEWLINE `{`: Go reports at the semicolon */
        const char *semi = src_at(lx, hdr->opos);
        if (semi && *semi == ';')
            syntax_error(lx, hdr->opos, "missing condition in if statement");
        else
            syntax_error(lx, hdr->opos, "unexpected newline, expecting { after if clause");
        n->cond = NULL;
    } else {
        n->cond = header_expr(lx, hdr->cond, "if", body->pos);
    }
    n->body = body;
    n->els = els;
    return n;
}

static Node *mk_for(Lexer *lx, Pos p, Node *hdr, Node *body)
{
    if (hdr->kind == ND_RANGE) {
        hdr->pos = p;
        hdr->body = body;
        return hdr;
    }
    Node *n = mk(ND_FOR, p);
    n->init = hdr->init;
    n->cond = hdr->cond ? header_expr(lx, hdr->cond, "for", body->pos) : NULL;
    n->post = hdr->post;
    if (n->post && n->post->kind == ND_ASSIGN && n->post->define)
        syntax_error(lx, n->post->opos, "cannot declare in post statement of for loop");
    n->body = body;
    return n;
}

static Node *mk_range(Pos p, NodeList lhs, bool define, Node *x)
{
    Node *n = mk(ND_RANGE, p);
    n->opos = p;
    if (lhs.len > 2)
        diag_error(lhs.v[2]->pos, "range clause permits at most two iteration variables");
    n->key = lhs.len > 0 ? lhs.v[0] : NULL;
    n->value = lhs.len > 1 ? lhs.v[1] : NULL;
    n->define = define;
    n->x = x;
    return n;
}

static bool is_guard(Node *x)
{
    return x && x->kind == ND_TYPEASSERT && x->ctype == NULL;
}

static Node *mk_switch(Lexer *lx, Pos p, Node *hdr, NodeList clauses, Pos bodypos)
{
    Node *s = hdr->cond, *n;
    if (s && s->kind == ND_EXPRSTMT && is_guard(s->x)) {
        n = mk(ND_TYPESWITCH, p);
        n->assign = s;
    } else if (s && s->kind == ND_ASSIGN && s->define && s->rhs.len == 1 && is_guard(s->rhs.v[0])) {
        n = mk(ND_TYPESWITCH, p);
        n->assign = s;
        if (s->lhs.len != 1 || s->lhs.v[0]->kind != ND_IDENT)
            diag_error(s->pos, "invalid variable name in type switch");
    } else {
        n = mk(ND_SWITCH, p);
        n->tag = s ? header_expr(lx, s, "switch", bodypos) : NULL;
    }
    n->init = hdr->init;
    for (int i = 0; i < clauses.len; i++) {
        Node *c = clauses.v[i];
        if (c->comm) {
            diag_error(c->pos, "syntax error: unexpected %s in switch case",
                       c->comm->kind == ND_SEND ? "<-" : c->comm->define ? ":=" : "=");
            c->comm = NULL;
        }
    }
    n->body = mk_block(bodypos, clauses);
    return n;
}

static Node *mk_select(Pos p, NodeList clauses, Pos bodypos)
{
    Node *n = mk(ND_SELECT, p);
    NodeList comms = {0};
    for (int i = 0; i < clauses.len; i++) {
        Node *c = clauses.v[i], *cc = mk(ND_COMM, c->pos);
        if (c->comm)
            cc->comm = c->comm;
        else if (c->list.len == 1)
            cc->comm = mk_exprstmt(c->list.v[0]);
        else if (c->list.len > 1)
            diag_error(c->pos, "select case must be receive, send or assign recv");
        cc->stmts = c->stmts;
        list_push(&comms, cc);
    }
    n->body = mk_block(bodypos, comms);
    return n;
}

/* A case or default clause; comm holds the send/assignment forms that only
 * select allows (mk_switch rejects them, mk_select converts to ND_COMM). */
static Node *mk_case(Pos p, NodeList list, Node *comm)
{
    Node *n = mk(ND_CASE, p);
    n->list = list;
    n->comm = comm;
    return n;
}

static Node *mk_caseblock(Node *c, NodeList stmts)
{
    c->stmts = stmts;
    return c;
}

/* ---- declarations ---- */

/* The import path without its quotes (escapes are kept as written). */
static Node *mk_import(Pos p, Node *name, const char *path)
{
    Node *n = mk(ND_IMPORT, p);
    size_t len = strlen(path);
    n->name = name;
    n->lit = arena_strndup(path + 1, len >= 2 ? len - 2 : 0);
    if (n->lit[0] == 0)
        diag_error(p, "invalid import path: \"\"");
    return n;
}

static Node *mk_valuespec(Pos p, NodeList names, Node *type, NodeList values)
{
    Node *n = mk(ND_VALUESPEC, p);
    n->names = names;
    n->vtype = type;
    n->values = values;
    return n;
}

static Node *mk_constspec(Pos p, NodeList names, Node *type, NodeList values)
{
    if (type && values.len == 0)
        diag_error(p, "missing init expr for %s", names.v[0]->str);
    return mk_valuespec(p, names, type, values);
}

static Node *mk_typespec(Node *name, Node *type, bool alias)
{
    Node *n = mk(ND_TYPESPEC, name->pos);
    n->name = name;
    n->ctype = type;
    n->alias = alias;
    return n;
}

static Node *mk_gendecl(Pos p, Keyword kw, NodeList specs)
{
    Node *n = mk(ND_GENDECL, p);
    n->kw = kw;
    n->specs = specs;
    if (kw == KW_CONST)
        for (int i = 0; i < specs.len; i++)
            specs.v[i]->iota = i;
    if (kw == KW_CONST && specs.len && specs.v[0]->values.len == 0)
        diag_error(specs.v[0]->pos, "missing init expr for %s", specs.v[0]->names.v[0]->str);
    return n;
}

static Node *mk_funcdecl(Pos p, const char *ext, bool method, NodeList recv, Node *name, Node *ftype, Node *body)
{
    Node *n = mk(ND_FUNCDECL, p);
    n->name = name;
    n->ftype = ftype;
    n->body = body;
    n->extern_name = ext;
    if (method) {
        if (recv.len == 0)
            diag_error(name->pos, "method has no receiver");
        else if (recv.len > 1 || recv.v[0]->names.len > 1)
            diag_error(name->pos, "method has multiple receivers");
        else
            n->recv = recv.v[0];
    }
    return n;
}

static Node *mk_file(Pos p, Node *name, NodeList decls)
{
    Node *n = mk(ND_FILE, p);
    n->name = name;
    n->decls = decls;
    for (int i = 0; i < decls.len; i++) {
        Node *d = decls.v[i];
        if (d->kind == ND_GENDECL && d->kw == KW_IMPORT)
            for (int j = 0; j < d->specs.len; j++)
                list_push(&n->imports, d->specs.v[j]);
    }
    return n;
}

static NodeList add_topdecl(Lexer *lx, NodeList l, Node *d)
{
    if (!d)
        return l;
    if (d->kind == ND_GENDECL && d->kw == KW_IMPORT) {
        if (lx->imports_done)   /* Go parses imports first, then declarations */
            syntax_error(lx, d->pos, "non-declaration statement outside function body");
    } else {
        lx->imports_done = true;
    }
    lx->bodyless_func = d->kind == ND_FUNCDECL && !d->body;
    return list_add(l, d);
}

static void generics_error(Pos p)
{
    diag_error(p, "generics are not supported yet");
}

Node *parse_file(const char *path, const char *src, size_t len)
{
    int file = diag_add_file(path, src, len);
    char *buf = arena_alloc(len + 1);
    memcpy(buf, src, len);
    Lexer *lx = arena_alloc(sizeof *lx);
    lex_init(lx, file, buf, len);
    Node *result = NULL;
    int before = diag_count();
    int rc = yyparse(lx, &result);
    lex_drain(lx);
    if (rc != 0 || diag_count() != before)
        return NULL;
    return result;
}
