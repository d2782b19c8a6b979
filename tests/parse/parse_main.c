// SPDX-License-Identifier: MIT
/*
 * parse_main.c — build/swc-parse, a debug driver for the grammar: parses
 * each file named on the command line and prints its AST (-d) or "ok".
 * Exit status 1 when any file failed to parse.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    bool dumpit = false;
    int status = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-d") == 0) {
            dumpit = true;
            continue;
        }
        size_t len;
        char *src = read_file(argv[i], &len);
        if (!src) {
            fprintf(stderr, "%s: cannot read\n", argv[i]);
            status = 1;
            continue;
        }
        Node *f = parse_file(argv[i], src, len);
        if (!f)
            status = 1;
        else if (dumpit)
            ast_dump(f, stdout);
        else
            printf("%s: ok\n", argv[i]);
    }
    return status;
}
