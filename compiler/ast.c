// SPDX-License-Identifier: MIT
/*
 * ast.c — construction helpers for the syntax tree of ast.h and the names
 * of node kinds and operators used by the AST dump and by diagnostics.
 */
#include <stdlib.h>
#include <string.h>

#include "ast.h"

Node *node_new(NodeKind kind, Pos pos)
{
    Node *n = arena_alloc(sizeof *n);
    n->kind = kind;
    n->pos = pos;
    n->variadic_pack = -1;
    return n;
}

void list_push(NodeList *l, Node *n)
{
    if (l->len == l->cap) {
        int cap = l->cap ? l->cap * 2 : 4;
        Node **v = arena_alloc((size_t)cap * sizeof *v);
        if (l->len)
            memcpy(v, l->v, (size_t)l->len * sizeof *v);
        l->v = v;
        l->cap = cap;
    }
    l->v[l->len++] = n;
}

const char *node_kind_name(NodeKind kind)
{
    static const char *const names[] = {
        [ND_BAD] = "Bad", [ND_IDENT] = "Ident", [ND_BASICLIT] = "BasicLit",
        [ND_COMPOSITE] = "CompositeLit", [ND_FUNCLIT] = "FuncLit", [ND_PAREN] = "Paren",
        [ND_SELECTOR] = "Selector", [ND_INDEX] = "Index", [ND_SLICE] = "Slice",
        [ND_TYPEASSERT] = "TypeAssert", [ND_CALL] = "Call", [ND_STAR] = "Star",
        [ND_UNARY] = "Unary", [ND_BINARY] = "Binary", [ND_KEYVALUE] = "KeyValue",
        [ND_ARRAYTYPE] = "ArrayType", [ND_STRUCTTYPE] = "StructType",
        [ND_FUNCTYPE] = "FuncType", [ND_INTERFACETYPE] = "InterfaceType",
        [ND_MAPTYPE] = "MapType", [ND_CHANTYPE] = "ChanType", [ND_ELLIPSIS] = "Ellipsis",
        [ND_FIELD] = "Field", [ND_DECLSTMT] = "DeclStmt", [ND_EMPTY] = "EmptyStmt",
        [ND_LABELED] = "LabeledStmt", [ND_EXPRSTMT] = "ExprStmt", [ND_SEND] = "SendStmt",
        [ND_INCDEC] = "IncDecStmt", [ND_ASSIGN] = "AssignStmt", [ND_GO] = "GoStmt",
        [ND_DEFER] = "DeferStmt", [ND_RETURN] = "ReturnStmt", [ND_BRANCH] = "BranchStmt",
        [ND_BLOCK] = "Block", [ND_IF] = "IfStmt", [ND_CASE] = "CaseClause",
        [ND_SWITCH] = "SwitchStmt", [ND_TYPESWITCH] = "TypeSwitchStmt",
        [ND_COMM] = "CommClause", [ND_SELECT] = "SelectStmt", [ND_FOR] = "ForStmt",
        [ND_RANGE] = "RangeStmt", [ND_IMPORT] = "ImportSpec", [ND_VALUESPEC] = "ValueSpec",
        [ND_TYPESPEC] = "TypeSpec", [ND_GENDECL] = "GenDecl", [ND_FUNCDECL] = "FuncDecl",
        [ND_FILE] = "File",
    };
    if ((unsigned)kind < sizeof names / sizeof names[0] && names[kind])
        return names[kind];
    return "?";
}

const char *op_string(Op op)
{
    switch (op) {
    case OP_NONE: return "";
    case OP_ADD: return "+";
    case OP_SUB: return "-";
    case OP_MUL: return "*";
    case OP_QUO: return "/";
    case OP_REM: return "%";
    case OP_AND: return "&";
    case OP_OR: return "|";
    case OP_XOR: return "^";
    case OP_SHL: return "<<";
    case OP_SHR: return ">>";
    case OP_ANDNOT: return "&^";
    case OP_LAND: return "&&";
    case OP_LOR: return "||";
    case OP_EQL: return "==";
    case OP_NEQ: return "!=";
    case OP_LSS: return "<";
    case OP_LEQ: return "<=";
    case OP_GTR: return ">";
    case OP_GEQ: return ">=";
    case OP_NOT: return "!";
    case OP_ARROW: return "<-";
    case OP_INC: return "++";
    case OP_DEC: return "--";
    }
    return "?";
}
