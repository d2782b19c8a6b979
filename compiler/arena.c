// SPDX-License-Identifier: MIT
/*
 * arena.c — the compiler's memory.  Everything the compiler allocates lives
 * until the process exits, so allocation is a pointer bump in large blocks
 * and nothing is ever freed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"

enum { ARENA_BLOCK = 1 << 20 };

static char *arena_cur, *arena_end;

void *arena_alloc(size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (n > (size_t)(arena_end - arena_cur)) {
        size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        arena_cur = calloc(1, size);
        if (!arena_cur) {
            fprintf(stderr, "swc: out of memory\n");
            exit(3);
        }
        arena_end = arena_cur + size;
    }
    void *p = arena_cur;
    arena_cur += n;
    return p;
}

char *arena_strndup(const char *s, size_t n)
{
    char *p = arena_alloc(n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *arena_strdup(const char *s)
{
    return arena_strndup(s, strlen(s));
}

char *arena_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
