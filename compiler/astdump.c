// SPDX-License-Identifier: MIT
/*
 * astdump.c — prints a syntax tree as indented text, one node per line with
 * its kind, position and scalar fields, then its children labelled by the
 * field that holds them.  For debugging the parser (build/swc-parse) and
 * for parser tests; the format is not a stable interface.
 */
#include <stdio.h>

#include "ast.h"


static void dump(Node *n, FILE *out, int depth, const char *label);

static void dump_list(const NodeList *l, FILE *out, int depth, const char *label)
{
    if (!l->len)
        return;
    fprintf(out, "%*s%s: [%d]\n", depth * 2, "", label, l->len);
    for (int i = 0; i < l->len; i++)
        dump(l->v[i], out, depth + 1, NULL);
}

static const char *const kw_names[] = {
    "", "break", "continue", "goto", "fallthrough", "import", "const", "type", "var",
};
static const char *const lit_names[] = { "INT", "FLOAT", "IMAG", "RUNE", "STRING" };

static void dump(Node *n, FILE *out, int depth, const char *label)
{
    fprintf(out, "%*s", depth * 2, "");
    if (label)
        fprintf(out, "%s: ", label);
    if (!n) {
        fprintf(out, "nil\n");
        return;
    }
    fprintf(out, "%s %d:%d", node_kind_name(n->kind), n->pos.line, n->pos.col);
    if (n->opos.line)
        fprintf(out, " (op %d:%d)", n->opos.line, n->opos.col);
    if (n->kind == ND_BASICLIT)
        fprintf(out, " %s %s", lit_names[n->lit_kind], n->lit);
    else if (n->kind == ND_IMPORT)
        fprintf(out, " \"%s\"", n->lit);
    if (n->str && n->kind != ND_SELECTOR)
        fprintf(out, " %s", n->str);
    if (n->op)
        fprintf(out, " op=%s", op_string(n->op));
    if (n->kw)
        fprintf(out, " %s", kw_names[n->kw]);
    if (n->kind == ND_CHANTYPE)
        fprintf(out, " dir=%s", n->dir == CHAN_SEND ? "send" : n->dir == CHAN_RECV ? "recv" : "both");
    if (n->kind == ND_VALUESPEC)
        fprintf(out, " iota=%d", n->iota);
    if (n->define)
        fprintf(out, " define");
    if (n->has_ellipsis)
        fprintf(out, " ...");
    if (n->slice3)
        fprintf(out, " slice3");
    if (n->alias)
        fprintf(out, " alias");
    if (n->extern_name)
        fprintf(out, " extern=%s", n->extern_name);
    fputc('\n', out);
    depth++;
    struct { const char *name; Node *v; } kids[] = {
        {"recv", n->recv}, {"name", n->name}, {"label", n->label}, {"fun", n->fun},
        {"x", n->x}, {"y", n->y}, {"key", n->key}, {"value", n->value},
        {"len", n->len}, {"elem", n->elem}, {"index", n->index}, {"lo", n->lo},
        {"hi", n->hi}, {"max", n->max}, {"ctype", n->ctype}, {"vtype", n->vtype},
        {"ftype", n->ftype}, {"tag", n->tagl}, {"init", n->init}, {"assign", n->assign},
        {"cond", n->cond}, {"tagexpr", n->tag}, {"post", n->post}, {"comm", n->comm},
        {"decl", n->decl}, {"body", n->body}, {"els", n->els},
    };
    for (size_t i = 0; i < sizeof kids / sizeof kids[0]; i++)
        if (kids[i].v)
            dump(kids[i].v, out, depth, kids[i].name);
    dump_list(&n->names, out, depth, "names");
    dump_list(&n->params, out, depth, "params");
    dump_list(&n->results, out, depth, "results");
    dump_list(&n->fields, out, depth, "fields");
    dump_list(&n->args, out, depth, "args");
    dump_list(&n->elts, out, depth, "elts");
    dump_list(&n->lhs, out, depth, "lhs");
    dump_list(&n->rhs, out, depth, "rhs");
    dump_list(&n->list, out, depth, "list");
    dump_list(&n->values, out, depth, "values");
    dump_list(&n->specs, out, depth, "specs");
    dump_list(&n->stmts, out, depth, "stmts");
    dump_list(&n->decls, out, depth, "decls");
}

void ast_dump(Node *n, FILE *out)
{
    dump(n, out, 0, NULL);
}
