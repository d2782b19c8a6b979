// SPDX-License-Identifier: MIT
/*
 * check_goto.c — goto statements: label resolution and Go's restrictions
 * (spec "Goto statements"), reported with gc's wording.  Runs after the
 * body of a function that contains goto statements was checked (the labels
 * are then all declared in ck.labels); marks the labels it uses.
 */
#include <string.h>

#include "check.h"

void check_gotos(Node *body);

/* ---- goto ------------------------------------------------------------------------------
 *
 * Go's rules (spec "Goto statements", gc's syntax/branches.go): a goto may
 * not jump into a block, nor forward over a variable declaration of the
 * block that holds its label.  Blocks are walked in order; a goto whose
 * label is not yet declared in its block or an enclosing one is a forward
 * jump, resolved when the label appears in the same block, or handed to
 * the enclosing block when the inner one ends.  Declarations seen while a
 * forward jump is pending make it bad, should its label follow.
 */

typedef struct GotoBlock {
    struct GotoBlock *parent;
    Pos start;
} GotoBlock;

typedef struct GotoLabel {
    const char *name;
    GotoBlock *block;
} GotoLabel;

static GotoLabel *glabels;
static int nglabels, capglabels;

static GotoLabel *goto_label(const char *name)
{
    for (int i = 0; i < nglabels; i++)
        if (strcmp(glabels[i].name, name) == 0)
            return &glabels[i];
    return NULL;
}

static const char *pos_str(Pos p)
{
    const char *f = p.file ? diag_file_path(p.file) : NULL;
    return arena_printf("%s:%d:%d", f ? f : "?", p.line, p.col);
}

static bool list_has(NodeList *l, Node *n)
{
    for (int i = 0; i < l->len; i++)
        if (l->v[i] == n)
            return true;
    return false;
}

static void mark_label_used(const char *name)
{
    Obj *o = scope_lookup_local(ck.labels, name);
    if (o)
        o->used = true;
}

static NodeList goto_block(GotoBlock *parent, Pos start, NodeList *stmts);

static void goto_inner(NodeList *fwd, GotoBlock *b, Pos start, NodeList *stmts)
{
    NodeList in = goto_block(b, start, stmts);
    for (int i = 0; i < in.len; i++)
        list_push(fwd, in.v[i]);
}

static NodeList goto_block(GotoBlock *parent, Pos start, NodeList *stmts)
{
    GotoBlock *b = arena_alloc(sizeof *b);
    b->parent = parent;
    b->start = start;
    NodeList fwd = {0}, bad = {0};
    Pos var_pos = {0};
    const char *var_name = NULL;
#define RECORD_VAR(p, nm)                                 \
    do {                                                  \
        var_pos = (p);                                    \
        var_name = (nm);                                  \
        bad.len = 0;                                      \
        for (int k_ = 0; k_ < fwd.len; k_++)              \
            list_push(&bad, fwd.v[k_]);                   \
    } while (0)
    for (int i = 0; i < stmts->len; i++) {
        Node *s = stmts->v[i];
        while (s && s->kind == ND_LABELED) {
            const char *name = s->label->str;
            if (strcmp(name, "_") != 0 && !goto_label(name)) {
                if (nglabels == capglabels) {
                    capglabels = capglabels ? capglabels * 2 : 16;
                    GotoLabel *nl = arena_alloc(sizeof(GotoLabel) * (size_t)capglabels);
                    if (nglabels)
                        memcpy(nl, glabels, sizeof(GotoLabel) * (size_t)nglabels);
                    glabels = nl;
                }
                glabels[nglabels].name = name;
                glabels[nglabels].block = b;
                nglabels++;
                int k = 0;
                for (int j = 0; j < fwd.len; j++) {
                    Node *g = fwd.v[j];
                    if (strcmp(g->label->str, name) == 0) {
                        mark_label_used(name);
                        if (var_name && list_has(&bad, g))
                            diag_error(g->label->pos, "goto %s jumps over declaration of %s at %s", name, var_name,
                                       pos_str(var_pos));
                    } else {
                        fwd.v[k++] = g;
                    }
                }
                fwd.len = k;
            }
            s = s->body;
        }
        if (!s)
            continue;
        switch (s->kind) {
        case ND_DECLSTMT:
            if (s->decl && s->decl->kw == KW_VAR && s->decl->specs.len > 0 &&
                s->decl->specs.v[0]->names.len > 0) {
                Node *id = s->decl->specs.v[0]->names.v[0];
                RECORD_VAR(id->pos, id->str);
            }
            break;
        case ND_ASSIGN:
            if (s->define) {
                const char *nm = "";
                for (int j = 0; j < s->lhs.len; j++)
                    nm = arena_printf("%s%s%s", nm, j ? ", " : "", expr_str(s->lhs.v[j]));
                RECORD_VAR(s->opos.line ? s->opos : s->pos, nm);
            }
            break;
        case ND_BRANCH:
            if (s->kw == KW_GOTO && s->label) {
                GotoLabel *l = goto_label(s->label->str);
                bool found = false;
                for (GotoBlock *p = b; l && p; p = p->parent)
                    if (l->block == p)
                        found = true;
                if (found)
                    mark_label_used(s->label->str);
                else
                    list_push(&fwd, s);
            }
            break;
        case ND_BLOCK:
            goto_inner(&fwd, b, s->pos, &s->stmts);
            break;
        case ND_IF:
            if (s->body)
                goto_inner(&fwd, b, s->body->pos, &s->body->stmts);
            if (s->els) {
                NodeList one = {0};
                list_push(&one, s->els);
                goto_inner(&fwd, b, s->els->pos, &one);
            }
            break;
        case ND_FOR: case ND_RANGE:
            if (s->body)
                goto_inner(&fwd, b, s->body->pos, &s->body->stmts);
            break;
        case ND_SWITCH: case ND_TYPESWITCH: case ND_SELECT:
            if (s->body)
                for (int j = 0; j < s->body->stmts.len; j++) {
                    Node *cl = s->body->stmts.v[j];
                    goto_inner(&fwd, b, cl->pos, &cl->stmts);
                }
            break;
        default:
            break;
        }
    }
#undef RECORD_VAR
    return fwd;
}

/* after the body of a function that has goto statements was checked */
void check_gotos(Node *body)
{
    nglabels = 0;
    NodeList fwd = goto_block(NULL, body->pos, &body->stmts);
    for (int i = 0; i < fwd.len; i++) {
        Node *g = fwd.v[i];
        const char *name = g->label->str;
        GotoLabel *l = goto_label(name);
        if (l) {
            mark_label_used(name);
            diag_error(g->label->pos, "goto %s jumps into block starting at %s", name, pos_str(l->block->start));
        } else {
            diag_error(g->label->pos, "label %s not defined", name);
        }
    }
}

