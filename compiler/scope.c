// SPDX-License-Identifier: MIT
/*
 * scope.c — lexical scopes: a scope maps names to objects and links to its
 * enclosing scope (block -> function -> file -> package -> universe).
 * Most scopes hold a handful of names, so a linear array (searched from the
 * newest entry) is enough; package scopes are the only big ones.
 */
#include <string.h>

#include "ast.h"

Scope *scope_new(Scope *parent)
{
    Scope *s = arena_alloc(sizeof *s);
    s->parent = parent;
    return s;
}

Obj *scope_lookup_local(Scope *s, const char *name)
{
    if (!s || !name)
        return NULL;
    for (int i = s->nobjs - 1; i >= 0; i--)
        if (strcmp(s->objs[i]->name, name) == 0)
            return s->objs[i];
    return NULL;
}

Obj *scope_lookup(Scope *s, const char *name)
{
    for (; s; s = s->parent) {
        Obj *o = scope_lookup_local(s, name);
        if (o)
            return o;
    }
    return NULL;
}

void scope_insert(Scope *s, Obj *o)
{
    if (s->nobjs == s->cap) {
        int nc = s->cap ? s->cap * 2 : 8;
        Obj **no = arena_alloc(sizeof(Obj *) * (size_t)nc);
        if (s->nobjs)
            memcpy(no, s->objs, sizeof(Obj *) * (size_t)s->nobjs);
        s->objs = no;
        s->cap = nc;
    }
    s->objs[s->nobjs++] = o;
}
