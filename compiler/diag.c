// SPDX-License-Identifier: MIT
/*
 * diag.c — the one way the compiler reports a user's mistake:
 *     file:line:col: error: message
 *         the source line
 *              ^
 * Errors keep coming until DIAG_LIMIT, then the compiler stops with status 1.
 * Two errors at the same position are reported once (follow-on errors).
 * Internal errors (bugs in swc) take a separate path and exit with 3.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"

enum { DIAG_LIMIT = 10 };

typedef struct SrcFile {
    const char *path;
    const char *src;
    size_t len;
} SrcFile;

static SrcFile *files;
static int nfiles, capfiles;
static int nerrors;
static Pos last_pos;

int diag_add_file(const char *path, const char *src, size_t len)
{
    if (nfiles + 1 >= capfiles) {
        capfiles = capfiles ? capfiles * 2 : 16;
        files = realloc(files, (size_t)capfiles * sizeof *files);
        if (!files) diag_internal("out of memory");
        if (nfiles == 0) files[nfiles++] = (SrcFile){"<none>", "", 0};
    }
    files[nfiles] = (SrcFile){path, src, len};
    return nfiles++;
}

const char *diag_file_path(int file)
{
    return file > 0 && file < nfiles ? files[file].path : "<unknown>";
}

int diag_count(void)
{
    return nerrors;
}

/* Prints line `line` of the file and a caret under column `col`. */
static void show_line(const SrcFile *f, int line, int col)
{
    const char *p = f->src, *end = f->src + f->len;
    for (int l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) return;
        p = nl + 1;
    }
    const char *eol = memchr(p, '\n', (size_t)(end - p));
    if (!eol) eol = end;
    fprintf(stderr, "    %.*s\n    ", (int)(eol - p), p);
    for (int c = 1; c < col && p + c - 1 < eol; c++) fputc(p[c - 1] == '\t' ? '\t' : ' ', stderr);
    fputs("^\n", stderr);
}

void diag_error(Pos pos, const char *fmt, ...)
{
    if (nerrors > 0 && pos.file == last_pos.file && pos.line == last_pos.line &&
        pos.col == last_pos.col)
        return;
    last_pos = pos;
    fflush(stdout);
    fprintf(stderr, "%s:%d:%d: error: ", diag_file_path(pos.file), pos.line, pos.col);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (pos.file > 0 && pos.file < nfiles && pos.line > 0) show_line(&files[pos.file], pos.line, pos.col);
    if (++nerrors >= DIAG_LIMIT) {
        fprintf(stderr, "too many errors\n");
        exit(1);
    }
}

_Noreturn void diag_internal(const char *fmt, ...)
{
    fflush(stdout);
    fprintf(stderr, "swc: internal compiler error: ");
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nThis is a bug in swc; please report it with the program that caused it.\n", stderr);
    exit(3);
}
